//! The diagnostic: what every stage produces and every renderer consumes.
//!
//! A diagnostic knows its code, severity, message (already in the user's
//! language), the JSON Pointer of the offending node and the byte range of
//! that node in the file. Positions (line, column) are derived from the
//! [`Source`](crate::source::Source) when rendering, never stored twice.

use std::ops::Range;

use crate::source::{Position, Source};

/// How serious a finding is. The order is error < warning < info (most severe first).
#[derive(
    Debug,
    Default,
    Clone,
    Copy,
    PartialEq,
    Eq,
    PartialOrd,
    Ord,
    Hash,
    serde::Serialize,
    serde::Deserialize,
)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    #[default]
    Error,
    Warning,
    Info,
}

impl Severity {
    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Error => "error",
            Severity::Warning => "warning",
            Severity::Info => "info",
        }
    }

    /// How people read it: `advertencia` and `nota` in Spanish; in English
    /// the contract's words. Machine formats keep [`Severity::as_str`].
    pub fn label(self, lang: crate::i18n::Lang) -> &'static str {
        match (self, lang) {
            (Severity::Error, _) => "error",
            (Severity::Warning, crate::i18n::Lang::Es) => "advertencia",
            (Severity::Info, crate::i18n::Lang::Es) => "nota",
            (s, crate::i18n::Lang::En) => s.as_str(),
        }
    }

    pub fn parse(s: &str) -> Option<Severity> {
        match s {
            "error" => Some(Severity::Error),
            "warning" => Some(Severity::Warning),
            "info" => Some(Severity::Info),
            _ => None,
        }
    }
}

/// Another place involved in a finding (e.g. the first of two duplicate keys).
#[derive(Debug, Clone, PartialEq)]
pub struct Related {
    /// The other file's display name, when the place is in another file.
    pub file: Option<String>,
    pub pointer: String,
    pub range: Range<usize>,
    pub start: Position,
    pub end: Position,
    pub message: String,
}

impl Related {
    /// A related place in the same file as the diagnostic.
    pub fn here(
        source: &Source,
        pointer: impl Into<String>,
        range: Range<usize>,
        message: impl Into<String>,
    ) -> Related {
        let range = source.clamp(range);
        Related {
            file: None,
            pointer: pointer.into(),
            start: source.position(range.start),
            end: source.position(range.end),
            range,
            message: message.into(),
        }
    }

    /// A related place in another file.
    pub fn elsewhere(
        source: &Source,
        pointer: impl Into<String>,
        range: Range<usize>,
        message: impl Into<String>,
    ) -> Related {
        let mut r = Related::here(source, pointer, range, message);
        r.file = Some(source.name.clone());
        r
    }
}

/// One finding at one place in one file.
#[derive(Debug, Clone, PartialEq)]
pub struct Diagnostic {
    pub code: String,
    pub name: String,
    pub severity: Severity,
    pub message: String,
    /// The guide's section, e.g. "3.2.9" (none for the document-level S codes).
    pub criterion: Option<String>,
    /// RFC 6901 pointer of the offending node ("" for the root).
    pub pointer: String,
    /// Byte range of the offending node (its value, or its key when the key is the problem).
    pub range: Range<usize>,
    /// Text under the caret.
    pub label: Option<String>,
    pub related: Vec<Related>,
    pub notes: Vec<String>,
    pub help: Option<String>,
    /// The reason given in the study for waiving this finding
    /// (`# pip-lint: allow CODE -- reason`); suppressed findings do not count.
    pub suppressed: Option<String>,
    /// For the finding that closes a capped list (see `yaml::left_out`), how
    /// many problems it stands for, itself included; 0 for any other. The
    /// output lists findings, so its counts do not use it; the report's do.
    pub folded: usize,
}

impl Diagnostic {
    pub fn new(
        code: impl Into<String>,
        name: impl Into<String>,
        severity: Severity,
        pointer: impl Into<String>,
        range: Range<usize>,
        message: impl Into<String>,
    ) -> Diagnostic {
        Diagnostic {
            code: code.into(),
            name: name.into(),
            severity,
            message: message.into(),
            criterion: None,
            pointer: pointer.into(),
            range,
            label: None,
            related: Vec::new(),
            notes: Vec::new(),
            help: None,
            suppressed: None,
            folded: 0,
        }
    }

    pub fn with_label(mut self, label: impl Into<String>) -> Self {
        self.label = Some(label.into());
        self
    }

    pub fn with_note(mut self, note: impl Into<String>) -> Self {
        self.notes.push(note.into());
        self
    }

    pub fn with_help(mut self, help: impl Into<String>) -> Self {
        self.help = Some(help.into());
        self
    }

    pub fn with_related(mut self, related: Related) -> Self {
        self.related.push(related);
        self
    }

    pub fn with_criterion(mut self, criterion: impl Into<String>) -> Self {
        self.criterion = Some(criterion.into());
        self
    }
}

/// Sorts diagnostics of one file into the stable order of the contract:
/// by position, then code, then pointer, then message.
pub fn sort(diagnostics: &mut [Diagnostic]) {
    diagnostics.sort_by(|a, b| {
        (a.range.start, a.range.end, &a.code, &a.pointer, &a.message).cmp(&(
            b.range.start,
            b.range.end,
            &b.code,
            &b.pointer,
            &b.message,
        ))
    });
}

/// Counts per severity.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, serde::Serialize)]
pub struct Summary {
    pub error: usize,
    pub warning: usize,
    pub info: usize,
}

impl Summary {
    /// Counts the diagnostics that are not suppressed.
    pub fn of<'a>(diagnostics: impl IntoIterator<Item = &'a Diagnostic>) -> Summary {
        let mut s = Summary::default();
        for d in diagnostics.into_iter().filter(|d| d.suppressed.is_none()) {
            s.add(d.severity);
        }
        s
    }

    pub fn add(&mut self, severity: Severity) {
        match severity {
            Severity::Error => self.error += 1,
            Severity::Warning => self.warning += 1,
            Severity::Info => self.info += 1,
        }
    }
}
