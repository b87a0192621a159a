//! `--format sarif`: SARIF 2.1.0 for code-scanning dashboards (GitHub code
//! scanning). Rules that fired are described (short and full descriptions,
//! help); each result has its rule, level, a repository-relative URI, a
//! region with an explicit column kind, and a fingerprint from the code and
//! the JSON Pointer (not the line), so it survives edits that move lines.

use serde_json::{Value, json};

use super::{Report, relative_uri};
use crate::diagnostic::{Diagnostic, Severity};
use crate::source::{Position, Source};

/// FNV-1a, 64 bits: small, stable across versions and platforms.
pub fn fingerprint(code: &str, pointer: &str) -> String {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for b in code.bytes().chain([0u8]).chain(pointer.bytes()) {
        h ^= u64::from(b);
        h = h.wrapping_mul(0x0100_0000_01b3);
    }
    format!("{h:016x}")
}

fn level(s: Severity) -> &'static str {
    match s {
        Severity::Error => "error",
        Severity::Warning => "warning",
        Severity::Info => "note",
    }
}

fn region(start: Position, end: Position) -> Value {
    json!({
        "startLine": start.line,
        "startColumn": start.column,
        "endLine": end.line,
        "endColumn": end.column,
    })
}

fn artifact(uri: &str) -> Value {
    // A path outside the working directory cannot be relative to the source root.
    if uri.starts_with('/') {
        json!({"uri": format!("file://{uri}")})
    } else {
        json!({"uri": uri, "uriBaseId": "%SRCROOT%"})
    }
}

fn location(uri: &str, start: Position, end: Position, pointer: &str) -> Value {
    json!({
        "physicalLocation": {
            "artifactLocation": artifact(uri),
            "region": region(start, end),
        },
        "logicalLocations": [{"fullyQualifiedName": if pointer.is_empty() { "/" } else { pointer }, "kind": "member"}],
    })
}

fn result(source: &Source, d: &Diagnostic, rule_index: usize) -> Value {
    let uri = relative_uri(&source.name);
    let mut text = d.message.clone();
    if let Some(h) = &d.help {
        text.push_str(" — ");
        text.push_str(h);
    }
    let related: Vec<Value> = d
        .related
        .iter()
        .enumerate()
        .map(|(i, r)| {
            let ruri = r.file.as_deref().map_or_else(|| uri.clone(), relative_uri);
            let mut loc = location(&ruri, r.start, r.end, &r.pointer);
            loc["id"] = json!(i + 1);
            loc["message"] = json!({"text": r.message});
            loc
        })
        .collect();
    let mut r = json!({
        "ruleId": d.code,
        "ruleIndex": rule_index,
        "level": level(d.severity),
        "message": {"text": text},
        "locations": [location(&uri, source.position(d.range.start), source.position(d.range.end), &d.pointer)],
        "partialFingerprints": {"pipLint/v1": fingerprint(&d.code, &d.pointer)},
        "properties": {"pointer": d.pointer, "criterion": d.criterion},
    });
    if !related.is_empty() {
        r["relatedLocations"] = json!(related);
    }
    if let Some(reason) = &d.suppressed {
        r["suppressions"] = json!([{"kind": "inSource", "justification": reason}]);
    }
    r
}

pub fn render(report: &Report) -> String {
    let lang = report.lang;
    // Only the rules that fired, in code order.
    let mut fired: Vec<&str> = report
        .files
        .iter()
        .flat_map(|f| f.diagnostics.iter().map(|d| d.code.as_str()))
        .collect();
    fired.sort_unstable();
    fired.dedup();
    let rules: Vec<Value> = fired
        .iter()
        .map(|code| match report.rule(code) {
            Some(m) => {
                let mut help = m.explanation.get(lang).to_string();
                if let Some(h) = &m.help {
                    help = format!("{}\n\n{help}", h.get(lang));
                }
                json!({
                    "id": m.code,
                    "name": m.name,
                    "shortDescription": {"text": m.title.get(lang)},
                    "fullDescription": {"text": m.explanation.get(lang)},
                    "help": {"text": help},
                    "defaultConfiguration": {"level": level(m.severity)},
                    "properties": {"criterion": m.criterion, "tags": ["pip-lint", "minsa"]},
                })
            }
            None => json!({"id": code, "shortDescription": {"text": code}}),
        })
        .collect();
    let results: Vec<Value> = report
        .files
        .iter()
        .flat_map(|f| {
            let fired = &fired;
            f.diagnostics.iter().map(move |d| {
                let index = fired.iter().position(|c| *c == d.code).unwrap_or(0);
                result(&f.source, d, index)
            })
        })
        .collect();
    let notifications: Vec<Value> = report
        .errors
        .iter()
        .map(|e| json!({"level": "error", "message": {"text": format!("{}: {}", e.path, e.message)}}))
        .collect();
    let doc = json!({
        "$schema": "https://json.schemastore.org/sarif-2.1.0.json",
        "version": "2.1.0",
        "runs": [{
            "tool": {"driver": {
                "name": "pip-lint",
                "version": env!("CARGO_PKG_VERSION"),
                "semanticVersion": env!("CARGO_PKG_VERSION"),
                "rules": rules,
            }},
            "columnKind": "unicodeCodePoints",
            "results": results,
            "invocations": [{
                "executionSuccessful": report.errors.is_empty(),
                "toolExecutionNotifications": notifications,
            }],
        }],
    });
    let mut s = serde_json::to_string_pretty(&doc).expect("SARIF serializes");
    s.push('\n');
    s
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fingerprints_are_stable_and_line_free() {
        assert_eq!(
            fingerprint("F001", "/formulation/horizon_years"),
            fingerprint("F001", "/formulation/horizon_years")
        );
        assert_ne!(fingerprint("F001", "/a"), fingerprint("F002", "/a"));
        assert_ne!(fingerprint("F00", "1/a"), fingerprint("F001", "/a"));
        assert_eq!(fingerprint("", "").len(), 16);
    }
}
