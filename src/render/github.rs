//! `--format github`: GitHub Actions workflow commands, which show each
//! finding as an annotation on the pull request.

use super::{Report, relative_uri};
use crate::diagnostic::Severity;

/// Escapes a workflow command's message.
pub fn escape_data(s: &str) -> String {
    // Line breaks as the workflow commands escape them; any other character
    // that could act on the log's terminal as `\u{1b}` (see `printable`).
    let safe: String = s
        .split('\n')
        .map(|line| {
            line.split('\r')
                .map(|part| super::printable(part).into_owned())
                .collect::<Vec<_>>()
                .join("\r")
        })
        .collect::<Vec<_>>()
        .join("\n");
    safe.replace('%', "%25")
        .replace('\r', "%0D")
        .replace('\n', "%0A")
}

/// Escapes a workflow command's property value.
pub fn escape_property(s: &str) -> String {
    escape_data(s).replace(':', "%3A").replace(',', "%2C")
}

pub fn render(report: &Report) -> String {
    let mut s = String::new();
    for f in &report.files {
        let file = escape_property(&relative_uri(&f.source.name));
        for d in f.diagnostics.iter().filter(|d| d.suppressed.is_none()) {
            let level = match d.severity {
                Severity::Error => "error",
                Severity::Warning => "warning",
                Severity::Info => "notice",
            };
            let (a, b) = (
                f.source.position(d.range.start),
                f.source.position(d.range.end),
            );
            let title = escape_property(&format!("{} {}", d.code, d.name));
            let mut message = d.message.clone();
            if let Some(h) = &d.help {
                message.push('\n');
                message.push_str(h);
            }
            // GitHub takes columns only for a range on one line.
            let at = if a.line == b.line {
                format!(
                    "line={},col={},endLine={},endColumn={}",
                    a.line, a.column, b.line, b.column
                )
            } else {
                format!("line={},endLine={}", a.line, b.line)
            };
            s.push_str(&format!(
                "::{level} file={file},{at},title={title}::{}\n",
                escape_data(&message)
            ));
        }
    }
    s
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes() {
        assert_eq!(escape_data("50% a\nb\r"), "50%25 a%0Ab%0D");
        assert_eq!(escape_property("a:b,c%"), "a%3Ab%2Cc%25");
    }
}
