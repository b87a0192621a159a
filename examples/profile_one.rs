//! Lints one study many times in-process, for profilers:
//! `cargo run --release --example profile_one -- STUDY [N]`.

use pip_lint::i18n::Lang;
use pip_lint::lint::{self, Options};
use pip_lint::rules::load;
use pip_lint::source::Source;

fn main() {
    let mut args = std::env::args().skip(1);
    let path = args
        .next()
        .unwrap_or_else(|| "fixtures/studies/centro-de-salud-huayllay.yaml".into());
    let n: usize = args.next().and_then(|n| n.parse().ok()).unwrap_or(100);
    if path == "--load-rules" {
        for _ in 0..n {
            load::builtin(Lang::En).expect("rules");
        }
        return;
    }
    let text = std::fs::read_to_string(&path).expect("a study");
    let source = Source::from_text(path, text);
    let rules = load::builtin(Lang::En).expect("rules");
    let options = Options::default();
    let mut count = 0;
    if std::env::var_os("RULES_ONLY").is_some() {
        let doc = pip_lint::yaml::load(&source, &Default::default(), Lang::En)
            .document
            .expect("a study");
        for _ in 0..n {
            count += rules.check(&doc, &source, Lang::En, &[]).diagnostics.len();
        }
        println!("{count} diagnostics");
        return;
    }
    for _ in 0..n {
        count += lint::lint_source(&source, &rules, &options)
            .diagnostics
            .len();
    }
    println!("{count} diagnostics");
}
