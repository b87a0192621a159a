//! The rule-file loader on any bytes: a rule loads or is refused with
//! diagnostics inside the file, never a panic.
#![no_main]

use libfuzzer_sys::fuzz_target;
use pip_lint::i18n::Lang;
use pip_lint::rules::load::load_rule;
use pip_lint::source::Source;

fuzz_target!(|data: &[u8]| {
    let source = Source::from_bytes("fuzz-rule.yaml", "fuzz-rule.yaml", data.to_vec());
    if let Err(diagnostics) = load_rule(&source, Lang::En) {
        assert!(!diagnostics.is_empty());
        for d in &diagnostics {
            assert!(d.range.start <= d.range.end && d.range.end <= source.text.len());
        }
    }
});
