//! What each stage costs on fresh documents, one after the other as in a run:
//! `cargo run --release --example fresh_stages -- DIR [ROUNDS]` (a directory of
//! studies, e.g. from `gen_corpus`). Each study is parsed, validated against
//! the schema and linted by every rule, then freed, on one thread, its text
//! already in memory; prints the mean time of each stage per study over the
//! best round. One study linted again and again (`cargo bench`,
//! `rule_costs`) flatters the rules and the schema by a third: its data stay
//! in the caches and the branch predictors learn its shape.
//!
//! `fresh_stages DIR ROUNDS parts` also times, in a pass of its own (parse,
//! then the part, then freeing), two parts of the rules' work: a walk over
//! every node of the document, touching each key and string (the least any
//! rule engine must do to see it all), and the rules' distinct selectors
//! alone, each queried once, as a run does.

use std::time::{Duration, Instant};

use pip_lint::i18n::Lang;
use pip_lint::rules::load;
use pip_lint::schema::Schema;
use pip_lint::source::Source;
use pip_lint::yaml::{Limits, load as load_yaml};
use serde_json::Value;
use std::hint::black_box;

// The same allocator as the binary, so that the costs are comparable.
#[global_allocator]
static ALLOC: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() {
    let mut args = std::env::args().skip(1);
    let dir = args
        .next()
        .unwrap_or_else(|| "target/corpus/studies".into());
    let rounds: usize = args.next().and_then(|n| n.parse().ok()).unwrap_or(5);
    let parts = args.next().as_deref() == Some("parts");
    let (candidates, _) = pip_lint::walk::discover(&[dir.into()], Lang::En);
    let sources: Vec<Source> = candidates
        .iter()
        .filter_map(|c| {
            let text = std::fs::read_to_string(&c.path).ok()?;
            Some(Source::from_text(c.path.display().to_string(), text))
        })
        .collect();
    let rules = load::builtin(Lang::En).expect("rules");
    let limits = Limits::default();
    let mut best: Option<(Duration, [Duration; 4], usize)> = None;
    for _ in 0..rounds.max(1) {
        let mut stages = [Duration::ZERO; 4];
        let mut loaded = 0;
        let start = Instant::now();
        for source in &sources {
            let t0 = Instant::now();
            let Some(doc) = load_yaml(source, &limits, Lang::En).document else {
                continue;
            };
            let t1 = Instant::now();
            let checked = Schema::study().validate(&doc, source, Lang::En);
            let t2 = Instant::now();
            let outcome = rules.check(&doc, source, Lang::En, &checked.rejected);
            let t3 = Instant::now();
            drop((doc, checked, outcome));
            let t4 = Instant::now();
            for (s, d) in stages.iter_mut().zip([t1 - t0, t2 - t1, t3 - t2, t4 - t3]) {
                *s += d;
            }
            loaded += 1;
        }
        let total = start.elapsed();
        if best.is_none_or(|(b, ..)| total < b) {
            best = Some((total, stages, loaded));
        }
    }
    let Some((_, stages, loaded)) = best else {
        return;
    };

    let us = |d: Duration| d.as_secs_f64() * 1e6 / loaded.max(1) as f64;
    println!(
        "{loaded} studies, per study: parse with spans {:.1} µs, schema {:.1} µs, rules {:.1} µs, freeing {:.1} µs",
        us(stages[0]),
        us(stages[1]),
        us(stages[2]),
        us(stages[3])
    );
    if parts {
        parts_pass(&sources, &rules, &limits, rounds);
    }
}

/// Touches every node: each key's and each string's first byte.
fn walk(v: &Value) -> usize {
    match v {
        Value::Object(m) => {
            1 + m
                .iter()
                .map(|(k, v)| k.as_bytes().first().map_or(0, |&b| b as usize) + walk(v))
                .sum::<usize>()
        }
        Value::Array(a) => 1 + a.iter().map(walk).sum::<usize>(),
        Value::String(s) => s.as_bytes().first().map_or(0, |&b| b as usize),
        _ => 1,
    }
}

/// The walk and the selectors, each timed right after a fresh parse.
fn parts_pass(
    sources: &[Source],
    rules: &pip_lint::rules::RuleSet,
    limits: &Limits,
    rounds: usize,
) {
    let mut selectors: Vec<&pip_lint::rules::Selector> = Vec::new();
    for check in rules.rules.iter().flat_map(|r| &r.checks) {
        for s in &check.given {
            if !selectors.iter().any(|t| t.text == s.text) {
                selectors.push(s);
            }
        }
    }
    // The mean per study of one part, in the best of the rounds.
    let best_of = |part: usize| -> f64 {
        (0..rounds.max(1))
            .map(|_| {
                let (mut spent, mut loaded) = (Duration::ZERO, 0);
                for source in sources {
                    let Some(doc) = load_yaml(source, limits, Lang::En).document else {
                        continue;
                    };
                    let t = Instant::now();
                    if part == 0 {
                        black_box(walk(black_box(&doc.value)));
                    } else {
                        for s in &selectors {
                            black_box(s.query(&doc.value));
                        }
                    }
                    spent += t.elapsed();
                    loaded += 1;
                    drop(doc);
                }
                spent.as_secs_f64() * 1e6 / loaded.max(1) as f64
            })
            .fold(f64::INFINITY, f64::min)
    };
    println!(
        "per study, each right after a fresh parse: a walk over every node {:.1} µs, the {} distinct selectors {:.1} µs",
        best_of(0),
        selectors.len(),
        best_of(1)
    );
}
