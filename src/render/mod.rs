//! Renderers: turn finished diagnostics into text. They never judge: every
//! decision (what, where, how severe) was made before they run.

pub mod human;
pub mod json;

use crate::diagnostic::{Diagnostic, Summary};
use crate::source::Source;

/// One linted file with its diagnostics, in the stable order.
#[derive(Debug)]
pub struct FileReport {
    pub source: Source,
    pub diagnostics: Vec<Diagnostic>,
}

/// A failure of the run itself (unreadable path, invalid rule file, …).
#[derive(Debug, Clone)]
pub struct RunError {
    pub path: String,
    pub message: String,
    /// A rendered diagnostic pointing into the offending file, when there is one.
    pub rendered: Option<String>,
}

/// Everything a renderer needs.
#[derive(Debug, Default)]
pub struct Report {
    pub files: Vec<FileReport>,
    pub errors: Vec<RunError>,
}

impl Report {
    pub fn summary(&self) -> Summary {
        let mut s = Summary::default();
        for d in self.files.iter().flat_map(|f| &f.diagnostics) {
            s.add(d.severity);
        }
        s
    }
}
