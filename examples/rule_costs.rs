//! What each rule costs on one study, for finding the expensive ones:
//! `cargo run --release --example rule_costs -- [STUDY] [N]`. Prints the
//! median time per run of each rule alone (its selectors not shared), most
//! expensive first, and the whole set for comparison.

use std::time::Instant;

use pip_lint::i18n::Lang;
use pip_lint::rules::{RuleSet, load};
use pip_lint::source::Source;
use pip_lint::yaml::{Limits, load as load_yaml};

// The same allocator as the binary, so that the costs are comparable.
#[global_allocator]
static ALLOC: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn median_micros(mut run: impl FnMut(), n: usize) -> f64 {
    let mut times: Vec<f64> = (0..n)
        .map(|_| {
            let t = Instant::now();
            run();
            t.elapsed().as_secs_f64() * 1e6
        })
        .collect();
    times.sort_by(f64::total_cmp);
    times[n / 2]
}

fn main() {
    let mut args = std::env::args().skip(1);
    let path = args
        .next()
        .unwrap_or_else(|| "fixtures/studies/centro-de-salud-huayllay.yaml".into());
    let n: usize = args.next().and_then(|n| n.parse().ok()).unwrap_or(301);
    let text = std::fs::read_to_string(&path).expect("a study");
    let source = Source::from_text(path, text);
    let doc = load_yaml(&source, &Limits::default(), Lang::En)
        .document
        .expect("a study that loads");
    let all = load::builtin(Lang::En).expect("rules");
    let whole = median_micros(
        || {
            std::hint::black_box(all.check(&doc, &source, Lang::En, &[]));
        },
        n,
    );
    let mut costs = Vec::new();
    for code in all.rules.iter().map(|r| r.code.clone()).collect::<Vec<_>>() {
        let mut one = load::builtin(Lang::En).expect("rules");
        one.rules.retain(|r| r.code == code);
        let one = RuleSet { rules: one.rules };
        let us = median_micros(
            || {
                std::hint::black_box(one.check(&doc, &source, Lang::En, &[]));
            },
            n,
        );
        costs.push((us, code));
    }
    let singles: Vec<RuleSet> = all
        .rules
        .iter()
        .map(|r| {
            let mut one = load::builtin(Lang::En).expect("rules");
            one.rules.retain(|x| x.code == r.code);
            one
        })
        .collect();
    let in_turn = median_micros(
        || {
            for one in &singles {
                std::hint::black_box(one.check(&doc, &source, Lang::En, &[]));
            }
        },
        n,
    );
    println!("each alone, one after the other in one pass: {in_turn:.1} µs");
    costs.sort_by(|a, b| b.0.total_cmp(&a.0));
    let sum: f64 = costs.iter().map(|c| c.0).sum();
    println!("all rules together: {whole:.1} µs (each alone, summed: {sum:.1} µs)");
    for (us, code) in costs {
        println!("{code}  {us:8.1} µs");
    }
}
