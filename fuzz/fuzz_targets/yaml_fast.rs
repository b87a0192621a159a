//! The loader's fast path against the full parser on any bytes: whatever
//! the fast path accepts, the full parser must load without a diagnostic,
//! to the same value, spans and comments.
#![no_main]

use libfuzzer_sys::fuzz_target;
use pip_lint::i18n::Lang;
use pip_lint::source::Source;
use pip_lint::yaml::{Limits, load_fast, load_full};

fuzz_target!(|data: &[u8]| {
    let source = Source::from_bytes("fuzz.yaml", "fuzz.yaml", data.to_vec());
    let limits = Limits::default();
    let Some(fast) = load_fast(&source, &limits) else {
        return;
    };
    let full = load_full(&source, &limits, Lang::En);
    assert!(
        full.diagnostics.is_empty(),
        "accepted a file the full parser reports: {:?}",
        full.diagnostics.iter().map(|d| &d.message).collect::<Vec<_>>()
    );
    let full = full.document.expect("no diagnostic, so a document");
    assert_eq!(fast.value, full.value);
    assert_eq!(fast.comments, full.comments);
    assert_eq!(fast.spans.all(&fast.value), full.spans.all(&full.value));
});
