//! `cargo run --release --example fast_diff -- PATH...`: loads every YAML
//! file under the paths with the fast path and with the full parser, and
//! reports any file where they differ, and how many the fast path took.
use pip_lint::i18n::Lang;
use pip_lint::source::Source;
use pip_lint::yaml::{self, Limits};

fn main() {
    let paths: Vec<std::path::PathBuf> = std::env::args().skip(1).map(Into::into).collect();
    let (candidates, _) = pip_lint::walk::discover(&paths, Lang::En);
    let limits = Limits::default();
    let (mut taken, mut differ) = (0usize, 0usize);
    for c in &candidates {
        let Ok(text) = std::fs::read_to_string(&c.path) else {
            continue;
        };
        let source = Source::from_text(c.path.display().to_string(), text);
        let Some(fast) = yaml::load_fast(&source, &limits) else {
            println!("left to the full parser: {}", c.path.display());
            continue;
        };
        taken += 1;
        let full = yaml::load_full(&source, &limits, Lang::En);
        let same = full.diagnostics.is_empty()
            && full.document.as_ref().is_some_and(|d| {
                d.value == fast.value
                    && d.comments == fast.comments
                    && d.spans.all(&d.value) == fast.spans.all(&fast.value)
            });
        if !same {
            differ += 1;
            println!("DIFFER: {}", c.path.display());
        }
    }
    println!(
        "{} files, {taken} taken by the fast path, {differ} differ",
        candidates.len()
    );
}
