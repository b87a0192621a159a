//! `--format sarif`: SARIF 2.1.0 for code-scanning dashboards (GitHub code
//! scanning). Rules that fired are described (short and full descriptions,
//! help); each result has its rule, level, a repository-relative URI, a
//! region with an explicit column kind, and a fingerprint from the code and
//! the JSON Pointer (not the line), so it survives edits that move lines.

use serde_json::{Value, json};

use super::{Report, relative_uri};
use crate::diagnostic::{Diagnostic, Severity};
use crate::source::{Position, Source};

/// FNV-1a, 64 bits, of the file, the code, the pointer and the finding's
/// rank among those with the same three (two missing keys of one mapping):
/// small, stable across versions and platforms, and free of line numbers.
pub fn fingerprint(file: &str, code: &str, pointer: &str, occurrence: usize) -> String {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    let occurrence = occurrence.to_string();
    let parts = [
        file.as_bytes(),
        code.as_bytes(),
        pointer.as_bytes(),
        occurrence.as_bytes(),
    ];
    for b in parts.iter().flat_map(|p| p.iter().copied().chain([0u8])) {
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

/// Percent-encodes a path for a URI reference (RFC 3986): everything but
/// unreserved characters, `/` and a few safe delimiters, byte by byte.
pub fn encode_uri_path(path: &str) -> String {
    let mut out = String::with_capacity(path.len());
    // A `:` in the first segment would read as a scheme (`c:ñ.yaml`, RFC 3986 §4.2).
    let first_segment = path.find('/').unwrap_or(path.len());
    for (i, b) in path.bytes().enumerate() {
        let colon_as_scheme = b == b':' && i < first_segment;
        if (b.is_ascii_alphanumeric() || b"-._~/!$&'()*+,;=:@".contains(&b)) && !colon_as_scheme {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

fn artifact(uri: &str) -> Value {
    // A path outside the working directory cannot be relative to the source root.
    if uri.starts_with('/') {
        json!({"uri": format!("file://{}", encode_uri_path(uri))})
    } else {
        json!({"uri": encode_uri_path(uri), "uriBaseId": "%SRCROOT%"})
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

fn result(source: &Source, d: &Diagnostic, rule_index: usize, occurrence: usize) -> Value {
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
        "partialFingerprints": {"pipLint/v1": fingerprint(&uri, &d.code, &d.pointer, occurrence)},
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
    let mut results: Vec<Value> = Vec::new();
    for f in &report.files {
        let mut seen: Vec<(&str, &str)> = Vec::new();
        for d in &f.diagnostics {
            let index = fired.iter().position(|c| *c == d.code).unwrap_or(0);
            let occurrence = seen
                .iter()
                .filter(|(c, p)| *c == d.code && *p == d.pointer)
                .count();
            seen.push((&d.code, &d.pointer));
            results.push(result(&f.source, d, index, occurrence));
        }
    }
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
        let f = |c, p, o| fingerprint("a.yaml", c, p, o);
        assert_eq!(
            f("F001", "/formulation/horizon_years", 0),
            f("F001", "/formulation/horizon_years", 0)
        );
        assert_ne!(f("F001", "/a", 0), f("F002", "/a", 0));
        assert_ne!(f("F00", "1/a", 0), f("F001", "/a", 0));
        assert_ne!(f("S002", "/general", 0), f("S002", "/general", 1));
        assert_ne!(
            fingerprint("a.yaml", "G001", "/general/name", 0),
            fingerprint("b.yaml", "G001", "/general/name", 0)
        );
        assert_eq!(f("", "", 0).len(), 16);
    }

    #[test]
    fn uris_are_percent_encoded() {
        assert_eq!(
            encode_uri_path("mis estudios/huayllay 2024.yaml"),
            "mis%20estudios/huayllay%202024.yaml"
        );
        assert_eq!(encode_uri_path("año/ñ.yaml"), "a%C3%B1o/%C3%B1.yaml");
        assert_eq!(encode_uri_path("a/b-c_d.yaml"), "a/b-c_d.yaml");
        assert_eq!(encode_uri_path("c:ñ.yaml"), "c%3A%C3%B1.yaml");
        assert_eq!(encode_uri_path("a/c:d.yaml"), "a/c:d.yaml");
    }
}
