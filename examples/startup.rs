//! Where a cold run's time goes, phase by phase, in a fresh process:
//! `cargo run --release --example startup [STUDY]`.

use std::time::Instant;

use pip_lint::i18n::Lang;
use pip_lint::lint::{self, Options};

fn main() {
    let path = std::env::args()
        .nth(1)
        .unwrap_or_else(|| "fixtures/studies/centro-de-salud-huayllay.yaml".into());
    let all = Instant::now();
    if std::env::var_os("SEPARATELY").is_some() {
        let t = Instant::now();
        rayon::join(|| (), || ());
        println!("thread pool: {:?}", t.elapsed());
        let t = Instant::now();
        let rules = pip_lint::rules::load::builtin(Lang::En).unwrap();
        println!(
            "rules alone: {:?} ({} rules)",
            t.elapsed(),
            rules.rules.len()
        );
        let t = Instant::now();
        pip_lint::schema::Schema::study();
        println!("study schema alone: {:?}", t.elapsed());
    }
    let t = Instant::now();
    let (rules, _) = rayon::join(
        || pip_lint::rules::load::builtin(Lang::En).unwrap(),
        pip_lint::schema::Schema::study,
    );
    println!("rules + study schema (in parallel): {:?}", t.elapsed());
    if std::env::var_os("COMPILE_ALL").is_some() {
        let t = Instant::now();
        let regexes = rules.regexes();
        let n = regexes.iter().filter(|r| r.compiles()).count();
        println!("compile all {n} regexes: {:?}", t.elapsed());
        let t = Instant::now();
        let mut ascii = 0;
        for r in &regexes {
            if regex::RegexBuilder::new(r.as_str())
                .unicode(false)
                .build()
                .is_ok()
            {
                ascii += 1;
            } else {
                let _ = regex::Regex::new(r.as_str());
            }
        }
        println!(
            "again, ASCII mode where possible ({ascii} of {}): {:?}",
            regexes.len(),
            t.elapsed()
        );
    }
    let t = Instant::now();
    let report = lint::run(&[path.clone().into()], &rules, &Options::default(), None);
    println!("lint (read, parse, schema, rules): {:?}", t.elapsed());
    let t = Instant::now();
    let report2 = lint::run(&[path.into()], &rules, &Options::default(), None);
    println!("lint again, warm: {:?}", t.elapsed());
    let t = Instant::now();
    let out = pip_lint::render::json::render(&report);
    println!(
        "render json: {:?} ({} bytes, {} files)",
        t.elapsed(),
        out.len(),
        report2.files.len()
    );
    println!("total: {:?}", all.elapsed());
}
