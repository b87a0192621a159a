//! The whole lint of one document (parse, schema, every built-in rule,
//! suppressions) on any bytes: no panic, spans inside the file.
#![no_main]

use std::sync::OnceLock;

use libfuzzer_sys::fuzz_target;
use pip_lint::i18n::Lang;
use pip_lint::lint::{Options, lint_source};
use pip_lint::rules::RuleSet;
use pip_lint::source::Source;

fn rules() -> &'static RuleSet {
    static RULES: OnceLock<RuleSet> = OnceLock::new();
    RULES.get_or_init(|| pip_lint::rules::load::builtin(Lang::En).expect("built-in rules"))
}

fuzz_target!(|data: &[u8]| {
    let source = Source::from_bytes("fuzz.yaml", "fuzz.yaml", data.to_vec());
    let options = Options {
        lang: Lang::En,
        threads: Some(1),
        ..Options::default()
    };
    let linted = lint_source(&source, rules(), &options);
    assert!(linted.panics.is_empty(), "{:?}", linted.panics);
    for d in &linted.diagnostics {
        assert!(d.range.start <= d.range.end && d.range.end <= source.text.len());
    }
});
