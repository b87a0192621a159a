//! The YAML loader with spans on any bytes: it must never panic, and every
//! span it reports must lie inside the file.
#![no_main]

use libfuzzer_sys::fuzz_target;
use pip_lint::i18n::Lang;
use pip_lint::source::Source;
use pip_lint::yaml::{Limits, load};

fuzz_target!(|data: &[u8]| {
    let source = Source::from_bytes("fuzz.yaml", "fuzz.yaml", data.to_vec());
    let loaded = load(&source, &Limits::default(), Lang::En);
    for d in &loaded.diagnostics {
        assert!(d.range.start <= d.range.end && d.range.end <= source.text.len());
    }
});
