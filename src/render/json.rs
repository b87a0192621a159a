//! `--format json` (the contract's document, schemas/output.schema.json) and
//! `--format json-lines` (one diagnostic object per line).

use serde::Serialize;

use super::Report;
use crate::diagnostic::{Diagnostic, Summary};
use crate::source::{Position, Source};

#[derive(Serialize)]
struct Output<'a> {
    tool: Tool,
    files_checked: usize,
    diagnostics: Vec<JsonDiagnostic<'a>>,
    summary: Summary,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    suppressed: Vec<JsonDiagnostic<'a>>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    errors: Vec<JsonError<'a>>,
}

#[derive(Serialize)]
struct Tool {
    name: &'static str,
    version: &'static str,
}

#[derive(Serialize)]
struct JsonRange {
    start: Position,
    end: Position,
}

#[derive(Serialize)]
struct JsonRelated<'a> {
    #[serde(skip_serializing_if = "Option::is_none")]
    file: Option<&'a str>,
    pointer: &'a str,
    range: JsonRange,
    message: &'a str,
}

#[derive(Serialize)]
struct Suppression<'a> {
    reason: &'a str,
}

/// One diagnostic as the contract's JSON object.
#[derive(Serialize)]
pub struct JsonDiagnostic<'a> {
    code: &'a str,
    name: &'a str,
    severity: &'static str,
    message: &'a str,
    criterion: Option<&'a str>,
    file: &'a str,
    pointer: &'a str,
    range: JsonRange,
    related: Vec<JsonRelated<'a>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    help: Option<&'a str>,
    #[serde(skip_serializing_if = "<[String]>::is_empty")]
    notes: &'a [String],
    #[serde(skip_serializing_if = "Option::is_none")]
    suppression: Option<Suppression<'a>>,
}

#[derive(Serialize)]
struct JsonError<'a> {
    path: &'a str,
    message: &'a str,
}

pub fn diagnostic<'a>(source: &'a Source, d: &'a Diagnostic) -> JsonDiagnostic<'a> {
    JsonDiagnostic {
        code: &d.code,
        name: &d.name,
        severity: d.severity.as_str(),
        message: &d.message,
        criterion: d.criterion.as_deref(),
        file: &source.name,
        pointer: &d.pointer,
        range: JsonRange {
            start: source.position(d.range.start),
            end: source.position(d.range.end),
        },
        related: d
            .related
            .iter()
            .map(|r| JsonRelated {
                file: r.file.as_deref(),
                pointer: &r.pointer,
                range: JsonRange {
                    start: r.start,
                    end: r.end,
                },
                message: &r.message,
            })
            .collect(),
        help: d.help.as_deref(),
        notes: &d.notes,
        suppression: d.suppressed.as_deref().map(|reason| Suppression { reason }),
    }
}

pub fn render(report: &Report) -> String {
    let all = || {
        report
            .files
            .iter()
            .flat_map(|f| f.diagnostics.iter().map(move |d| (&f.source, d)))
    };
    let out = Output {
        tool: Tool {
            name: "pip-lint",
            version: env!("CARGO_PKG_VERSION"),
        },
        files_checked: report.files.len(),
        diagnostics: all()
            .filter(|(_, d)| d.suppressed.is_none())
            .map(|(s, d)| diagnostic(s, d))
            .collect(),
        summary: report.summary(),
        suppressed: all()
            .filter(|(_, d)| d.suppressed.is_some())
            .map(|(s, d)| diagnostic(s, d))
            .collect(),
        errors: report
            .errors
            .iter()
            .map(|e| JsonError {
                path: &e.path,
                message: &e.message,
            })
            .collect(),
    };
    let mut s = serde_json::to_string_pretty(&out).expect("diagnostics serialize");
    s.push('\n');
    s
}

/// One diagnostic per line (suppressed ones carry `suppression`); nothing else.
pub fn render_lines(report: &Report) -> String {
    let mut s = String::new();
    for f in &report.files {
        for d in &f.diagnostics {
            s.push_str(
                &serde_json::to_string(&diagnostic(&f.source, d)).expect("diagnostics serialize"),
            );
            s.push('\n');
        }
    }
    s
}
