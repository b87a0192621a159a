//! `--format junit`: one test suite per study, one test case per rule per
//! study; a case fails when its rule reports an error.

use std::fmt::Write as _;

use super::Report;

/// Escapes text for XML content and attributes (and drops characters XML 1.0 forbids).
pub fn xml(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            '\t' | '\n' | '\r' => out.push(c),
            c if (c as u32) < 0x20 || c == '\u{fffe}' || c == '\u{ffff}' => {}
            c => out.push(c),
        }
    }
    out
}

/// Escapes text for an XML attribute: as [`xml`], and line breaks and tabs
/// as references, which attribute normalisation would turn into spaces.
fn attr(s: &str) -> String {
    xml(s)
        .replace('\n', "&#10;")
        .replace('\r', "&#13;")
        .replace('\t', "&#9;")
}

pub fn render(report: &Report) -> String {
    let mut suites = String::new();
    let (mut total, mut total_failures) = (0, 0);
    let mut total_skipped = 0;
    for f in &report.files {
        let mut cases = String::new();
        let mut failures = 0;
        let mut skipped = 0;
        // A study that does not parse is seen by no rule but S001: their
        // cases are skipped, not passed.
        let unread = f.unread;
        for rule in &report.rules {
            let found: Vec<_> = f
                .diagnostics
                .iter()
                .filter(|d| d.code == rule.code && d.suppressed.is_none())
                .collect();
            // A case fails on what fails the run (`--fail-on`), as the exit status does.
            let errors: Vec<_> = found
                .iter()
                .filter(|d| d.severity <= report.fail_on)
                .collect();
            let name = xml(&format!("{} {}", rule.code, rule.name));
            let _ = write!(
                cases,
                "    <testcase classname=\"{}\" name=\"{name}\"",
                attr(&f.source.name)
            );
            if found.is_empty() && unread && rule.code != crate::yaml::CODE {
                skipped += 1;
                let _ = write!(
                    cases,
                    ">\n      <skipped message=\"{}\"/>\n    </testcase>\n",
                    report.lang.pick(
                        "el estudio no se puede leer (S001)",
                        "the study does not parse (S001)"
                    )
                );
                continue;
            }
            if found.is_empty() {
                cases.push_str("/>\n");
                continue;
            }
            cases.push_str(">\n");
            let lines = |list: &[&&crate::diagnostic::Diagnostic]| -> String {
                list.iter()
                    .map(|d| {
                        let p = f.source.position(d.range.start);
                        format!(
                            "{}:{}:{}: {} [{}] {}",
                            f.source.name,
                            p.line,
                            p.column,
                            d.severity.label(report.lang),
                            d.pointer,
                            d.message
                        )
                    })
                    .collect::<Vec<_>>()
                    .join("\n")
            };
            if errors.is_empty() {
                let all: Vec<_> = found.iter().collect();
                let _ = writeln!(
                    cases,
                    "      <system-out>{}</system-out>",
                    xml(&lines(&all))
                );
            } else {
                failures += 1;
                let _ = writeln!(
                    cases,
                    "      <failure message=\"{}\" type=\"{}\">{}</failure>",
                    attr(&errors[0].message),
                    attr(&rule.code),
                    xml(&lines(&errors))
                );
            }
            cases.push_str("    </testcase>\n");
        }
        total += report.rules.len();
        total_failures += failures;
        total_skipped += skipped;
        let _ = write!(
            suites,
            "  <testsuite name=\"{}\" tests=\"{}\" failures=\"{failures}\" errors=\"0\" skipped=\"{skipped}\">\n{cases}  </testsuite>\n",
            attr(&f.source.name),
            report.rules.len()
        );
    }
    // Failures of the run itself (an unreadable path): one case each.
    if !report.errors.is_empty() {
        let mut cases = String::new();
        for e in &report.errors {
            let _ = writeln!(
                cases,
                "    <testcase classname=\"pip-lint\" name=\"{}\">\n      <error message=\"{}\"/>\n    </testcase>",
                attr(&e.path),
                attr(&e.message)
            );
        }
        total += report.errors.len();
        let _ = write!(
            suites,
            "  <testsuite name=\"pip-lint\" tests=\"{n}\" failures=\"0\" errors=\"{n}\" skipped=\"0\">\n{cases}  </testsuite>\n",
            n = report.errors.len()
        );
    }
    format!(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<testsuites name=\"pip-lint\" tests=\"{total}\" failures=\"{total_failures}\" errors=\"{}\" skipped=\"{total_skipped}\">\n{suites}</testsuites>\n",
        report.errors.len()
    )
}
