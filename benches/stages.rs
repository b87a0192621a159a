//! Per-stage benchmarks on the bundled studies: read, parse with spans,
//! schema, rules, render. Run with `cargo bench --bench stages`.

use std::path::Path;

use divan::Bencher;
use pip_lint::i18n::Lang;
use pip_lint::lint::{self, Options};
use pip_lint::render::{FileReport, Report, json};
use pip_lint::rules::{RuleSet, load};
use pip_lint::schema::Schema;
use pip_lint::source::Source;
use pip_lint::yaml::{self, Limits};

// The binary's allocator, so that the stages cost what they cost in a run.
#[global_allocator]
static ALLOC: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() {
    divan::main();
}

const STUDY: &str = "fixtures/studies/centro-de-salud-huayllay.yaml";

fn text() -> String {
    std::fs::read_to_string(STUDY).expect("bundled study")
}

fn rules() -> RuleSet {
    load::builtin(Lang::En).expect("rules load")
}

#[divan::bench]
fn read(b: Bencher) {
    b.bench(|| lint::read_capped(Path::new(STUDY), Limits::default().max_file_bytes).unwrap());
}

/// The parser alone: every event, no value and no spans kept (the floor).
#[divan::bench]
fn granit_events(b: Bencher) {
    let text = text();
    b.bench(|| {
        let mut n = 0usize;
        for e in granit_parser::Parser::new_from_str(&text) {
            if e.is_ok() {
                n += 1;
            }
        }
        n
    });
}

#[divan::bench]
fn parse_with_spans(b: Bencher) {
    let source = Source::from_text(STUDY, text());
    b.bench(|| yaml::load(&source, &Limits::default(), Lang::En));
}

/// The same through the full parser only (what files outside the fast
/// path's subset cost).
#[divan::bench]
fn parse_with_spans_full_parser(b: Bencher) {
    let source = Source::from_text(STUDY, text());
    b.bench(|| yaml::load_full(&source, &Limits::default(), Lang::En));
}

#[divan::bench]
fn schema(b: Bencher) {
    let source = Source::from_text(STUDY, text());
    let doc = yaml::load(&source, &Limits::default(), Lang::En)
        .document
        .unwrap();
    let schema = Schema::study();
    b.bench(|| schema.validate(&doc, &source, Lang::En));
}

#[divan::bench]
fn rules_engine(b: Bencher) {
    let source = Source::from_text(STUDY, text());
    let doc = yaml::load(&source, &Limits::default(), Lang::En)
        .document
        .unwrap();
    let rules = rules();
    b.bench(|| rules.check(&doc, &source, Lang::En, &[]));
}

#[divan::bench]
fn whole_file(b: Bencher) {
    let source = Source::from_text(STUDY, text());
    let rules = rules();
    let options = Options::default();
    b.bench(|| lint::lint_source(&source, &rules, &options));
}

#[divan::bench]
fn render_json(b: Bencher) {
    let mut broken = text();
    broken = broken.replacen("horizon_years: 10", "horizon_years: 8", 1);
    let source = Source::from_text(STUDY, broken);
    let rules = rules();
    let linted = lint::lint_source(&source, &rules, &Options::default());
    let report = Report {
        files: vec![FileReport {
            source,
            diagnostics: linted.diagnostics,
            unread: linted.unread,
        }],
        ..Report::default()
    };
    b.bench(|| json::render(&report));
}

#[divan::bench]
fn load_rules() -> RuleSet {
    rules()
}
