//! The report as GitHub-flavoured Markdown, to paste into the technical
//! report: tables per chapter, the findings with their snippets, and the
//! charts' figures as tables (Markdown has no inline SVG). Lays the model
//! out; judges nothing.

use super::charts::{self, fmt_num, fmt_pct};
use super::{Finding, Model, Status, Words, severity_word, summary_line};
use crate::i18n::Lang;

/// A table cell: no line breaks, pipes escaped.
fn cell(s: &str) -> String {
    plain(&s.split_whitespace().collect::<Vec<_>>().join(" ")).replace('|', "\\|")
}

/// Text from the study, as Markdown shows it literally: `<` and `&` outside
/// code spans are escaped, so that no tag or entity in a study's text is
/// taken as HTML.
fn plain(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut in_code = false;
    for c in s.chars() {
        match c {
            '`' => in_code = !in_code,
            '<' | '&' if !in_code => out.push('\\'),
            _ => {}
        }
        out.push(c);
    }
    out
}

fn finding(f: &Finding, file: &str, lang: Lang, w: &Words) -> String {
    let mut place = format!("{file}:{}:{}", f.line, f.column);
    if !f.pointer.is_empty() {
        place.push_str(&format!(", `{}`", f.pointer));
    }
    if let Some(c) = &f.citation {
        place.push_str(&format!(", {c}"));
    }
    let mut s = format!(
        "- **{}[{}]** {} ({place})\n\n  ```text\n",
        severity_word(f.severity, lang),
        f.code,
        plain(&f.message.split_whitespace().collect::<Vec<_>>().join(" "))
    );
    for line in f.snippet.lines() {
        s.push_str(&format!("  {line}\n"));
    }
    s.push_str("  ```\n\n");
    for n in &f.notes {
        s.push_str(&format!("  {n}\n\n"));
    }
    if let Some(h) = &f.help {
        s.push_str(&format!("  *{}:* {h}\n\n", w.fix));
    }
    if let Some(r) = &f.waived {
        s.push_str(&format!(
            "  *{}:* {r}\n\n",
            lang.pick(
                "Exceptuada en el estudio; motivo",
                "Waived in the study; reason"
            )
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
        s.push_str(&format!(": {}", st.reasons().join("; ")));
    }
    cell(&s)
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

fn funnel(m: &Model, w: &Words) -> String {
    let lang = m.lang;
    let mut s = format!(
        "### {}\n\n",
        lang.pick("Cadena de población", "Population chain")
    );
    let max = m.charts.funnel.iter().map(|x| x.value).fold(0.0, f64::max);
    if max <= 0.0 {
        return format!("{s}*{}*\n\n", w.no_data);
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

fn land(m: &Model, w: &Words) -> String {
    let lang = m.lang;
    let s = format!(
        "### {}\n\n",
        lang.pick("Distribución del terreno", "Land split")
    );
    let Some(l) = m.charts.land else {
        return format!("{s}*{}*\n\n", w.no_data);
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

fn services(m: &Model, w: &Words) -> String {
    let lang = m.lang;
    let mut s = format!(
        "### {}\n\n",
        lang.pick(
            "Demanda efectiva, oferta optimizada y brecha por servicio",
            "Effective demand, optimised offer and gap by service"
        )
    );
    if m.charts.services.is_empty() {
        return format!("{s}*{}*\n\n", w.no_data);
    }
    for sv in &m.charts.services {
        let (years, rows) = sv.table(lang);
        let unit = sv
            .unit
            .as_ref()
            .map(|u| format!(" ({u})"))
            .unwrap_or_default();
        s.push_str(&format!("**{}**{unit}\n\n", sv.name));
        s.push_str(&series_table(lang.pick("Año", "Year"), &years, &rows));
    }
    s
}

fn flows(m: &Model, w: &Words) -> String {
    let lang = m.lang;
    let mut s = format!(
        "### {}\n\n",
        lang.pick(
            "Flujos de costos sin y con proyecto",
            "Cost flows without and with the project"
        )
    );
    if m.charts.flows.is_empty() {
        return format!("{s}*{}*\n\n", w.no_data);
    }
    for f in &m.charts.flows {
        let selected = m.charts.selected_alternative.as_deref() == Some(f.alternative.as_str());
        s.push_str(&format!(
            "**{} {}**{}\n\n",
            lang.pick("Alternativa", "Alternative"),
            f.alternative,
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
    s.push_str(&funnel(m, &w));
    s.push_str(&land(m, &w));
    s.push_str(&services(m, &w));
    s.push_str(&flows(m, &w));
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
        assert_eq!(plain("<b>Salud & Vida</b>"), "\\<b>Salud \\& Vida\\</b>");
        assert_eq!(plain("`a<b` & c"), "`a<b` \\& c");
        assert_eq!(cell("a | <i>"), "a \\| \\<i>");
    }
}
