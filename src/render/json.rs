//! `--format json`: the contract's JSON document (schemas/output.schema.json).

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
struct JsonDiagnostic<'a> {
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
}

#[derive(Serialize)]
struct JsonError<'a> {
    path: &'a str,
    message: &'a str,
}

/// One diagnostic as a JSON value (shared with other machine formats).
fn diagnostic<'a>(source: &'a Source, d: &'a Diagnostic) -> JsonDiagnostic<'a> {
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
    }
}

pub fn render(report: &Report) -> String {
    let out = Output {
        tool: Tool {
            name: "pip-lint",
            version: env!("CARGO_PKG_VERSION"),
        },
        files_checked: report.files.len(),
        diagnostics: report
            .files
            .iter()
            .flat_map(|f| f.diagnostics.iter().map(|d| diagnostic(&f.source, d)))
            .collect(),
        summary: report.summary(),
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
