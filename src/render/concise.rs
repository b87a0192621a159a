//! `--format concise`: one line per diagnostic, `path:line:col: CODE message`.

use super::Report;

pub fn render(report: &Report) -> String {
    let mut s = String::new();
    for f in &report.files {
        for d in f.diagnostics.iter().filter(|d| d.suppressed.is_none()) {
            let p = f.source.position(d.range.start);
            // One line per finding, whatever the study's text holds (a line
            // break is written `\n`, as in the human format).
            s.push_str(&format!(
                "{}:{}:{}: {} {}\n",
                super::printable(&f.source.name),
                p.line,
                p.column,
                d.code,
                super::printable(&d.message)
            ));
        }
    }
    s
}
