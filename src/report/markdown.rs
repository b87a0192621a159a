//! The report as GitHub-flavoured Markdown, to paste into the technical
//! report: tables per chapter, the findings with their snippets, and the
//! charts' figures as tables (Markdown has no inline SVG). Lays the model
//! out; judges nothing.

use super::charts::{self, fmt_num, fmt_pct};
use super::{Finding, Model, Status, Words, severity_word, summary_line};
use crate::i18n::Lang;

/// A table cell: no line breaks, pipes escaped.
fn cell(s: &str) -> String {
    one_line(s).replace('|', "\\|")
}

/// Text on one line, shown literally.
fn one_line(s: &str) -> String {
    plain(&s.split_whitespace().collect::<Vec<_>>().join(" "))
}

/// Text from the study (or a message that quotes it), as Markdown shows it
/// literally. A backtick opens a code span only where a later one closes it
/// (inside, Markdown interprets nothing); a lone one is escaped. Elsewhere
/// every character that could start markup (a tag, an entity, a link or an
/// image, emphasis, a strikethrough, an escape) is escaped, so that no text
/// in a study becomes HTML, a live link or formatting in the report.
fn plain(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 8);
    let mut rest = s;
    while let Some(i) = rest.find('`') {
        escape_into(&rest[..i], &mut out);
        // A run of n backticks opens a code span that a later run of exactly
        // n closes (CommonMark); without one, the run is literal.
        let n = rest[i..].len() - rest[i..].trim_start_matches('`').len();
        let after = &rest[i + n..];
        match closing_run(after, n) {
            Some(j) => {
                out.push_str(&rest[i..i + n + j + n]);
                rest = &after[j + n..];
            }
            None => {
                for _ in 0..n {
                    out.push_str("\\`");
                }
                rest = after;
            }
        }
    }
    escape_into(rest, &mut out);
    out
}

/// Where in `s` a run of exactly `n` backticks starts.
fn closing_run(s: &str, n: usize) -> Option<usize> {
    let b = s.as_bytes();
    let mut k = 0;
    while k < b.len() {
        if b[k] == b'`' {
            let start = k;
            while k < b.len() && b[k] == b'`' {
                k += 1;
            }
            if k - start == n {
                return Some(start);
            }
        } else {
            k += 1;
        }
    }
    None
}

fn escape_into(s: &str, out: &mut String) {
    for c in s.chars() {
        if c.is_control() || charts::is_bidi_control(c) {
            // As in the HTML report: a control character shows as �.
            out.push('\u{FFFD}');
            continue;
        }
        if matches!(c, '\\' | '<' | '>' | '&' | '[' | ']' | '*' | '_' | '~') {
            out.push('\\');
        }
        out.push(c);
    }
}

/// A code span around any text: delimited by one backtick more than the
/// longest run inside it, and padded when the text starts or ends with one.
fn code(s: &str) -> String {
    let run = longest_run(s, '`');
    let fence = "`".repeat(run + 1);
    if run > 0 {
        format!("{fence} {s} {fence}")
    } else {
        format!("{fence}{s}{fence}")
    }
}

fn longest_run(s: &str, ch: char) -> usize {
    let (mut best, mut now) = (0, 0);
    for c in s.chars() {
        now = if c == ch { now + 1 } else { 0 };
        best = best.max(now);
    }
    best
}

fn finding(f: &Finding, file: &str, lang: Lang, w: &Words) -> String {
    let mut place = format!("{}:{}:{}", plain(file), f.line, f.column);
    if !f.pointer.is_empty() {
        place.push_str(&format!(", {}", code(&f.pointer)));
    }
    if let Some(c) = &f.citation {
        place.push_str(&format!(", {c}"));
    }
    // The snippet quotes the study: a fence longer than any run of backticks
    // in it, so that no line of the study closes it.
    let fence = "`".repeat(longest_run(&f.snippet, '`').max(2) + 1);
    let mut s = format!(
        "- **{}[{}]** {} ({place})\n\n  {fence}text\n",
        severity_word(f.severity, lang),
        f.code,
        one_line(&f.message)
    );
    for line in f.snippet.lines() {
        s.push_str(&format!("  {line}\n"));
    }
    s.push_str(&format!("  {fence}\n\n"));
    for n in &f.notes {
        s.push_str(&format!("  {}\n\n", one_line(n)));
    }
    if let Some(h) = &f.help {
        s.push_str(&format!("  *{}:* {}\n\n", w.fix, one_line(h)));
    }
    if let Some(r) = &f.waived {
        s.push_str(&format!(
            "  *{}:* {}\n\n",
            lang.pick(
                "Exceptuada en el estudio; motivo",
                "Waived in the study; reason"
            ),
            one_line(r)
        ));
    }
    s
}

fn findings(title: &str, list: &[Finding], m: &Model, w: &Words) -> String {
    if list.is_empty() {
        return String::new();
    }
    let mut s = format!("## {title}\n\n");
    for f in list {
        s.push_str(&finding(f, &m.file, m.lang, w));
    }
    s
}

fn status_cell(st: &Status, lang: Lang) -> String {
    let mut s = format!("**{}**", st.label(lang));
    if !st.reasons().is_empty() {
        s.push_str(&format!(": {}", cell(&st.reasons().join("; "))));
    }
    s
}

fn checklist(m: &Model, w: &Words) -> String {
    let lang = m.lang;
    let mut s = format!("## {}\n", w.checklist);
    for ch in &m.chapters {
        s.push_str(&format!(
            "\n### {}\n\n| § | {} | {} | {} | {} |\n| --- | --- | --- | --- | --- |\n",
            ch.title,
            lang.pick("Criterio", "Criterion"),
            lang.pick("Reglas", "Rules"),
            lang.pick("Estado", "Status"),
            w.for_evaluator
        ));
        for r in &ch.rows {
            let rules: Vec<String> = r.rules.iter().map(|x| format!("`{}`", x.code)).collect();
            s.push_str(&format!(
                "| {} | {} | {} | {} | {} |\n",
                r.section,
                cell(&r.text),
                rules.join(" "),
                status_cell(&r.status, lang),
                cell(r.manual.as_deref().unwrap_or(""))
            ));
        }
        let with: Vec<_> = ch.rows.iter().filter(|r| !r.findings.is_empty()).collect();
        if !with.is_empty() {
            s.push_str(&format!(
                "\n{}:\n\n",
                lang.pick("Observaciones de este capítulo", "Findings of this chapter")
            ));
        }
        for r in with {
            s.push_str(&format!("#### §{} {}\n\n", r.section, cell(&r.text)));
            for f in &r.findings {
                s.push_str(&finding(f, &m.file, lang, w));
            }
        }
    }
    s
}

fn series_table(head: &str, years: &[i64], rows: &[(&str, Vec<Option<f64>>)]) -> String {
    let mut s = format!("| {head} |");
    let mut rule = String::from("| --- |");
    for y in years {
        s.push_str(&format!(" {y} |"));
        rule.push_str(" ---: |");
    }
    s.push('\n');
    s.push_str(&rule);
    s.push('\n');
    for (label, values) in rows {
        s.push_str(&format!("| {label} |"));
        for v in values {
            s.push_str(&format!(
                " {} |",
                v.map(fmt_num).unwrap_or_else(|| "–".into())
            ));
        }
        s.push('\n');
    }
    s.push('\n');
    s
}

fn funnel(m: &Model) -> String {
    let lang = m.lang;
    let mut s = format!(
        "### {}\n\n",
        lang.pick("Cadena de población", "Population chain")
    );
    let max = m.charts.funnel.iter().map(|x| x.value).fold(0.0, f64::max);
    if max <= 0.0 {
        return format!("{s}*{}*\n\n", m.charts.why_none("funnel", lang));
    }
    s.push_str(&format!(
        "| {} | {} | % |\n| --- | ---: | ---: |\n",
        lang.pick("Población", "Population"),
        lang.pick("Personas", "People")
    ));
    for st in &m.charts.funnel {
        s.push_str(&format!(
            "| {} | {} | {} |\n",
            charts::stage_label(st.key, lang),
            fmt_num(st.value),
            fmt_pct(st.value / max, lang)
        ));
    }
    s.push('\n');
    s
}

fn land(m: &Model) -> String {
    let lang = m.lang;
    let s = format!(
        "### {}\n\n",
        lang.pick("Distribución del terreno", "Land split")
    );
    let Some(l) = m.charts.land else {
        return format!("{s}*{}*\n\n", m.charts.why_none("land", lang));
    };
    let r = &m.land_reference;
    let mut s = format!(
        "{s}| {} | m² | % | {} |\n| --- | ---: | ---: | --- |\n",
        lang.pick("Parte", "Part"),
        lang.pick("Referencia", "Reference")
    );
    for (name, m2, op, share) in [
        (
            lang.pick("Construcción", "Construction"),
            l.construction,
            "≤",
            r.construction_max,
        ),
        (
            lang.pick("Futuras ampliaciones", "Future expansion"),
            l.expansion,
            "≥",
            r.expansion_min,
        ),
        (
            lang.pick("Áreas libres", "Free areas"),
            l.free,
            "≥",
            r.free_min,
        ),
    ] {
        s.push_str(&format!(
            "| {name} | {} | {} | {op} {} |\n",
            fmt_num(m2),
            fmt_pct(m2 / l.total, lang),
            fmt_pct(share, lang)
        ));
    }
    s.push_str(&format!(
        "| {} | {} | | |\n\n",
        lang.pick("Total", "Total"),
        fmt_num(l.total)
    ));
    s
}

fn services(m: &Model) -> String {
    let lang = m.lang;
    let mut s = format!(
        "### {}\n\n",
        lang.pick(
            "Demanda efectiva, oferta optimizada y brecha por servicio",
            "Effective demand, optimised offer and gap by service"
        )
    );
    if m.charts.services.is_empty() {
        return format!("{s}*{}*\n\n", m.charts.why_none("services", lang));
    }
    for sv in &m.charts.services {
        let (years, rows) = sv.table(lang);
        let unit = sv
            .unit
            .as_ref()
            .map(|u| format!(" ({})", one_line(u)))
            .unwrap_or_default();
        s.push_str(&format!("**{}**{unit}\n\n", one_line(&sv.name)));
        s.push_str(&series_table(lang.pick("Año", "Year"), &years, &rows));
    }
    s
}

fn flows(m: &Model) -> String {
    let lang = m.lang;
    let mut s = format!(
        "### {}\n\n",
        lang.pick(
            "Flujos de costos sin y con proyecto",
            "Cost flows without and with the project"
        )
    );
    if m.charts.flows.is_empty() {
        return format!("{s}*{}*\n\n", m.charts.why_none("flows", lang));
    }
    for f in &m.charts.flows {
        let selected = m.charts.selected_alternative.as_deref() == Some(f.alternative.as_str());
        s.push_str(&format!(
            "**{} {}**{}\n\n",
            lang.pick("Alternativa", "Alternative"),
            one_line(&f.alternative),
            if selected {
                lang.pick(" (seleccionada)", " (selected)")
            } else {
                ""
            }
        ));
        let years: Vec<i64> = f.years.iter().map(|y| y.year).collect();
        s.push_str(&series_table(
            lang.pick("Año", "Year"),
            &years,
            &[
                (
                    lang.pick("Sin proyecto (S/)", "Without project (S/)"),
                    f.years.iter().map(|y| y.without).collect(),
                ),
                (
                    lang.pick("Con proyecto (S/)", "With project (S/)"),
                    f.years.iter().map(|y| y.with).collect(),
                ),
            ],
        ));
    }
    s
}

fn rules_annex(m: &Model, w: &Words) -> String {
    let lang = m.lang;
    let mut s = format!(
        "## {}\n\n| {} | {} | § | {} |\n| --- | --- | --- | --- |\n",
        w.rules,
        lang.pick("Código", "Code"),
        lang.pick("Regla", "Rule"),
        lang.pick("Resultado", "Result")
    );
    for r in &m.rules {
        s.push_str(&format!(
            "| `{}` | `{}` {} | {} | {} |\n",
            r.code,
            r.name,
            cell(&r.title),
            r.criterion,
            status_cell(&r.status, lang)
        ));
    }
    s
}

/// The whole document.
pub fn render(m: &Model) -> String {
    let lang = m.lang;
    let w = Words::of(lang);
    let mut s = format!("# {}\n\n", w.title);
    if let Some(n) = &m.name {
        s.push_str(&format!("**{}**\n\n", plain(n)));
    }
    s.push_str(&format!(
        "{}: `{}` · pip-lint {}\n\n## {}\n\n| {} | {} |\n| --- | --- |\n",
        lang.pick("Estudio", "Study"),
        m.file,
        m.version,
        w.identification,
        lang.pick("Campo", "Field"),
        lang.pick("Valor", "Value")
    ));
    for (k, v) in &m.identification {
        s.push_str(&format!("| {} | {} |\n", cell(k), cell(v)));
    }
    s.push_str(&format!(
        "\n## {}\n\n{}\n\n",
        w.summary,
        summary_line(&m.counts, lang)
    ));
    s.push_str(&findings(w.document, &m.document, m, &w));
    s.push_str(&checklist(m, &w));
    s.push_str(&format!("\n## {}\n\n", w.charts));
    s.push_str(&funnel(m));
    s.push_str(&land(m));
    s.push_str(&services(m));
    s.push_str(&flows(m));
    s.push_str(&findings(w.other, &m.other, m, &w));
    s.push_str(&findings(w.waived, &m.waived, m, &w));
    s.push_str(&rules_annex(m, &w));
    s
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn study_text_is_not_markup() {
        assert_eq!(
            plain("<b>Salud & Vida</b>"),
            "\\<b\\>Salud \\& Vida\\</b\\>"
        );
        assert_eq!(plain("`a<b` & c"), "`a<b` \\& c");
        assert_eq!(cell("a | <i>"), "a \\| \\<i\\>");
        // Links, images and emphasis stay text.
        assert_eq!(
            plain("[x](javascript:alert(1)) ![i](http://e/p.png) *b* _i_ ~~s~~"),
            "\\[x\\](javascript:alert(1)) !\\[i\\](http://e/p.png) \\*b\\* \\_i\\_ \\~\\~s\\~\\~"
        );
        // A lone backtick does not open a code span for the rest.
        assert_eq!(plain("a `b <img src=x>"), "a \\`b \\<img src=x\\>");
        assert_eq!(code("a`b"), "`` a`b ``");
        // Runs pair by length: ``` with no closing ``` is text.
        assert_eq!(plain("x ``` y"), "x \\`\\`\\` y");
        assert_eq!(plain("``a`b`` c_d"), "``a`b`` c\\_d");
        assert_eq!(code("/x"), "`/x`");
        assert_eq!(plain("a\u{202E}b"), "a\u{FFFD}b");
    }
}
