//! The report as one self-contained HTML page: inline style (with print
//! rules), inline SVG charts, no script, no external asset. Written as
//! XHTML-compatible markup (every element closed, attributes quoted) so that
//! it can be checked strictly. Lays the model out; judges nothing.

use super::charts::{self, esc};
use super::{Finding, Model, Row, RuleRef, Status, Words, severity_word, summary_line};
use crate::i18n::Lang;

const STYLE: &str = r#"
:root { --ink: #1d2733; --muted: #5b6673; --line: #d5dbe1; --pass: #1e7b34; --notes: #2f6f4f; --fail: #b3261e; --na: #6b7280; --unverified: #9a6700; --manual: #1f5fa8; }
* { box-sizing: border-box; }
body { font-family: "Segoe UI", "Liberation Sans", Arial, sans-serif; color: var(--ink); margin: 0 auto; max-width: 1100px; padding: 24px 32px 48px; line-height: 1.45; font-size: 14px; }
header { border-bottom: 3px solid var(--ink); padding-bottom: 10px; margin-bottom: 18px; }
.kicker { color: var(--muted); font-size: 12px; margin: 0; text-transform: uppercase; letter-spacing: .04em; }
h1 { font-size: 24px; margin: 4px 0 6px; }
.pip-name { font-size: 16px; font-weight: 600; margin: 0 0 4px; }
.file { color: var(--muted); margin: 0; font-size: 12px; }
h2 { font-size: 19px; border-bottom: 1px solid var(--line); padding-bottom: 4px; margin-top: 30px; }
h3 { font-size: 16px; margin: 22px 0 8px; }
h4 { font-size: 14px; margin: 14px 0 4px; }
table { border-collapse: collapse; width: 100%; }
th, td { border: 1px solid var(--line); padding: 5px 8px; vertical-align: top; text-align: left; }
thead th { background: #eef1f4; font-size: 12px; }
table.ident th { width: 32%; background: #f6f7f9; font-weight: 600; }
td.sec { white-space: nowrap; font-variant-numeric: tabular-nums; width: 4.5em; }
td.rules { width: 8.5em; font-size: 12px; }
td.status { width: 9.5em; }
.badge { display: inline-block; border-radius: 3px; padding: 1px 7px; font-size: 12px; font-weight: 700; color: #fff; white-space: nowrap; }
.badge.pass { background: var(--pass); } .badge.notes { background: var(--notes); } .badge.fail { background: var(--fail); } .badge.na { background: var(--na); }
.badge.unverified { background: var(--unverified); } .badge.manual { background: var(--manual); }
tr.fail td.status { background: #fbeceb; }
.note { font-size: 12.5px; color: var(--muted); margin: 4px 0 0; }
.note strong { color: var(--ink); }
.finding { border-left: 4px solid var(--fail); background: #fcf7f6; padding: 6px 10px; margin: 6px 0; }
.finding.warning { border-color: #c77700; background: #fdf8ef; }
.finding.info { border-color: var(--manual); background: #f3f7fc; }
.finding.waived { border-color: var(--na); background: #f5f6f7; }
.finding p { margin: 2px 0; }
.where { font-size: 12px; color: var(--muted); }
pre.snippet { background: #fff; border: 1px solid var(--line); padding: 6px 8px; margin: 6px 0; font-size: 12px; overflow-x: auto; white-space: pre; }
code { font-family: "DejaVu Sans Mono", Consolas, monospace; font-size: 12px; }
.counts { display: flex; flex-wrap: wrap; gap: 8px; margin: 8px 0; padding: 0; list-style: none; }
.counts li { border: 1px solid var(--line); border-radius: 4px; padding: 6px 12px; min-width: 120px; }
.counts b { display: block; font-size: 20px; }
figure { margin: 10px 0 18px; }
.grid { display: grid; grid-template-columns: repeat(auto-fill, minmax(460px, 1fr)); gap: 4px 24px; }
figcaption { font-weight: 600; margin-bottom: 4px; }
svg.chart { max-width: 100%; height: auto; display: block; }
table.data { font-size: 11px; width: auto; margin-top: 4px; }
table.data td, table.data th { padding: 2px 6px; text-align: right; }
table.data th:first-child { text-align: left; }
.nodata { color: var(--muted); font-style: italic; }
footer { margin-top: 36px; color: var(--muted); font-size: 12px; border-top: 1px solid var(--line); padding-top: 8px; }
@page { size: A4; margin: 14mm 12mm; }
@media print {
  body { max-width: none; padding: 0; font-size: 11px; }
  h2 { break-after: avoid; page-break-after: avoid; }
  h3, h4, figcaption { break-after: avoid; page-break-after: avoid; }
  tr, .finding, figure, pre.snippet, table.ident { break-inside: avoid; page-break-inside: avoid; }
  thead { display: table-header-group; }
  .badge, .finding, thead th, tr.fail td.status { -webkit-print-color-adjust: exact; print-color-adjust: exact; }
}
"#;

fn badge(status: &Status, lang: Lang) -> String {
    format!(
        "<span class=\"badge {}\">{}</span>",
        status.key(),
        esc(status.label(lang))
    )
}

/// Text with `code` spans for backquoted parts, escaped.
fn inline(text: &str) -> String {
    let mut out = String::new();
    for (i, part) in text.split('`').enumerate() {
        if i % 2 == 1 {
            out.push_str(&format!("<code>{}</code>", esc(part)));
        } else {
            out.push_str(&esc(part));
        }
    }
    // An odd number of backquotes leaves one open: show it as written.
    if text.matches('`').count() % 2 == 1 {
        return esc(text);
    }
    out
}

fn finding(f: &Finding, file: &str, lang: Lang, w: &Words) -> String {
    let class = if f.waived.is_some() {
        "waived"
    } else {
        f.severity.as_str()
    };
    let mut s = format!(
        "<div class=\"finding {class}\" data-code=\"{}\"><p><strong>{}[{}]</strong> {}</p><p class=\"where\">{}:{}:{}",
        esc(&f.code),
        severity_word(f.severity, lang),
        esc(&f.code),
        inline(&f.message),
        esc(file),
        f.line,
        f.column
    );
    if !f.pointer.is_empty() {
        s.push_str(&format!(" · <code>{}</code>", esc(&f.pointer)));
    }
    if let Some(c) = &f.citation {
        s.push_str(&format!(" · {}", esc(c)));
    }
    s.push_str(&format!(
        "</p><pre class=\"snippet\">{}</pre>",
        esc(f.snippet.trim_end())
    ));
    for n in &f.notes {
        s.push_str(&format!("<p class=\"note\">{}</p>", inline(n)));
    }
    if let Some(h) = &f.help {
        s.push_str(&format!(
            "<p class=\"note\"><strong>{}:</strong> {}</p>",
            w.fix,
            inline(h)
        ));
    }
    if let Some(r) = &f.waived {
        s.push_str(&format!(
            "<p class=\"note\"><strong>{} ({}):</strong> {}</p>",
            lang.pick("Exceptuada en el estudio", "Waived in the study"),
            w.reason.to_lowercase(),
            inline(r)
        ));
    }
    s.push_str("</div>");
    s
}

fn rule_codes(rules: &[RuleRef]) -> String {
    rules
        .iter()
        .map(|r| {
            format!(
                "<code title=\"{}\">{}</code>",
                esc(&format!("{} — {}", r.name, r.title)),
                esc(&r.code)
            )
        })
        .collect::<Vec<_>>()
        .join(" ")
}

fn row(r: &Row, file: &str, lang: Lang, w: &Words) -> String {
    let mut text = inline(&r.text);
    for why in r.status.reasons() {
        text.push_str(&format!(
            "<p class=\"note\"><strong>{}:</strong> {}</p>",
            w.why,
            inline(why)
        ));
    }
    if let Some(m) = &r.manual {
        text.push_str(&format!(
            "<p class=\"note\"><strong>{}:</strong> {}</p>",
            w.for_evaluator,
            inline(m)
        ));
    }
    let mut s = format!(
        "<tr class=\"criterion {}\"><td class=\"sec\">{}</td><td>{text}</td><td class=\"rules\">{}</td><td class=\"status\">{}</td></tr>\n",
        r.status.key(),
        esc(&r.section),
        rule_codes(&r.rules),
        badge(&r.status, lang)
    );
    if !r.findings.is_empty() {
        s.push_str("<tr class=\"findings\"><td></td><td colspan=\"3\">");
        for f in &r.findings {
            s.push_str(&finding(f, file, lang, w));
        }
        s.push_str("</td></tr>\n");
    }
    s
}

fn identification(m: &Model, w: &Words) -> String {
    let mut s = format!(
        "<section id=\"identification\"><h2>{}</h2><table class=\"ident\"><tbody>\n",
        w.identification
    );
    if let Some(name) = &m.name {
        s.push_str(&format!(
            "<tr><th>{}</th><td>{}</td></tr>\n",
            m.lang.pick("Nombre del PIP", "Name of the PIP"),
            esc(name)
        ));
    }
    for (k, v) in &m.identification {
        s.push_str(&format!(
            "<tr><th>{}</th><td>{}</td></tr>\n",
            esc(k),
            esc(v)
        ));
    }
    s.push_str("</tbody></table></section>\n");
    s
}

fn summary(m: &Model, w: &Words) -> String {
    let c = &m.counts;
    let lang = m.lang;
    let items = [
        (Status::Pass, c.pass),
        (Status::PassWithNotes(Vec::new()), c.pass_with_notes),
        (Status::Fail, c.fail),
        (Status::NotApplicable(Vec::new()), c.not_applicable),
        (Status::NotVerified(Vec::new()), c.not_verified),
        (Status::Manual, c.manual),
    ];
    let mut s = format!(
        "<section id=\"summary\"><h2>{}</h2><ul class=\"counts\">",
        w.summary
    );
    for (st, n) in items {
        // A status no report had before is listed only when it occurs.
        if n == 0 && st.key() == "notes" {
            continue;
        }
        s.push_str(&format!(
            "<li data-status=\"{}\"><b>{n}</b>{}</li>",
            st.key(),
            badge(&st, lang)
        ));
    }
    s.push_str(&format!(
        "</ul><p>{}</p></section>\n",
        esc(&summary_line(c, lang))
    ));
    s
}

fn findings_section(id: &str, title: &str, list: &[Finding], m: &Model, w: &Words) -> String {
    if list.is_empty() {
        return String::new();
    }
    let mut s = format!("<section id=\"{id}\"><h2>{title}</h2>\n");
    for f in list {
        s.push_str(&finding(f, &m.file, m.lang, w));
        s.push('\n');
    }
    s.push_str("</section>\n");
    s
}

fn checklist(m: &Model, w: &Words) -> String {
    let lang = m.lang;
    let mut s = format!("<section id=\"checklist\"><h2>{}</h2>\n", w.checklist);
    for ch in &m.chapters {
        s.push_str(&format!(
            "<h3>{}</h3><table class=\"checklist\"><thead><tr><th>§</th><th>{}</th><th>{}</th><th>{}</th></tr></thead><tbody>\n",
            esc(&ch.title),
            lang.pick("Criterio", "Criterion"),
            lang.pick("Reglas", "Rules"),
            lang.pick("Estado", "Status")
        ));
        for r in &ch.rows {
            s.push_str(&row(r, &m.file, lang, w));
        }
        s.push_str("</tbody></table>\n");
    }
    s.push_str("</section>\n");
    s
}

fn no_data(why: &str) -> String {
    format!("<p class=\"nodata\">{}</p>", esc(why))
}

/// A figure, or why it has none (`none`).
fn figure(caption: &str, svg: Option<String>, extra: &str, none: &str) -> String {
    format!(
        "<figure><figcaption>{}</figcaption>{}{extra}</figure>\n",
        esc(caption),
        svg.unwrap_or_else(|| no_data(none))
    )
}

fn data_table(head: &str, years: &[i64], rows: &[(&str, Vec<Option<f64>>)]) -> String {
    let mut s = format!("<table class=\"data\"><thead><tr><th>{}</th>", esc(head));
    for y in years {
        s.push_str(&format!("<th>{y}</th>"));
    }
    s.push_str("</tr></thead><tbody>");
    for (label, values) in rows {
        s.push_str(&format!("<tr><th>{}</th>", esc(label)));
        for v in values {
            s.push_str(&format!(
                "<td>{}</td>",
                v.map(charts::fmt_num).unwrap_or_else(|| "–".into())
            ));
        }
        s.push_str("</tr>");
    }
    s.push_str("</tbody></table>");
    s
}

fn service_figure(sv: &charts::ServiceSeries, lang: Lang, w: &Words) -> String {
    let (years, rows) = sv.table(lang);
    let table = data_table(lang.pick("Año", "Year"), &years, &rows);
    let caption = match &sv.unit {
        Some(u) => format!("{} ({u})", sv.name),
        None => sv.name.clone(),
    };
    figure(&caption, charts::service_svg(sv, lang), &table, w.no_data)
}

fn flows_figure(f: &charts::Flows, selected: bool, lang: Lang, w: &Words) -> String {
    // Years down the rows: eleven columns of millions do not fit half a page.
    let mut table = format!(
        "<table class=\"data\"><thead><tr><th>{}</th><th>{}</th><th>{}</th></tr></thead><tbody>",
        lang.pick("Año", "Year"),
        lang.pick("Sin proyecto (S/)", "Without project (S/)"),
        lang.pick("Con proyecto (S/)", "With project (S/)")
    );
    let cell = |v: Option<f64>| v.map(charts::fmt_num).unwrap_or_else(|| "–".into());
    for y in &f.years {
        table.push_str(&format!(
            "<tr><th>{}</th><td>{}</td><td>{}</td></tr>",
            y.year,
            cell(y.without),
            cell(y.with)
        ));
    }
    table.push_str("</tbody></table>");
    let caption = format!(
        "{} {}{}",
        lang.pick(
            "Flujo de costos de la alternativa",
            "Cost flows of alternative"
        ),
        f.alternative,
        if selected {
            lang.pick(" (seleccionada)", " (selected)")
        } else {
            ""
        }
    );
    figure(&caption, charts::flows_svg(f, lang), &table, w.no_data)
}

fn charts_section(m: &Model, w: &Words) -> String {
    let lang = m.lang;
    let c = &m.charts;
    let mut s = format!("<section id=\"charts\"><h2>{}</h2>\n", w.charts);
    s.push_str(&format!(
        "<h3>{}</h3>",
        lang.pick(
            "Cadena de población (§3.2.1–§3.2.7)",
            "Population chain (§3.2.1–§3.2.7)"
        )
    ));
    s.push_str(
        &figure(
            "",
            charts::funnel_svg(&c.funnel, lang),
            "",
            &c.why_none("funnel", lang),
        )
        .replace("<figcaption></figcaption>", ""),
    );
    s.push_str(&format!(
        "<h3>{}</h3>",
        lang.pick(
            "Distribución del terreno frente a la referencia (§3.6.1)",
            "Land split against the reference (§3.6.1)"
        )
    ));
    let land = c
        .land
        .map(|l| charts::land_svg(&l, &m.land_reference, lang));
    s.push_str(
        &figure("", land, "", &c.why_none("land", lang)).replace("<figcaption></figcaption>", ""),
    );
    s.push_str(&format!(
        "<h3>{}</h3>",
        lang.pick(
            "Demanda efectiva, oferta optimizada y brecha por servicio (§3.2.9, §3.3.4, §3.4)",
            "Effective demand, optimised offer and gap by service (§3.2.9, §3.3.4, §3.4)"
        )
    ));
    if c.services.is_empty() {
        s.push_str(&no_data(&c.why_none("services", lang)));
    }
    s.push_str("<div class=\"grid\">");
    for sv in &c.services {
        s.push_str(&service_figure(sv, lang, w));
    }
    s.push_str("</div>");
    s.push_str(&format!(
        "<h3>{}</h3>",
        lang.pick(
            "Flujos de costos sin y con proyecto (capítulo IV)",
            "Cost flows without and with the project (chapter IV)"
        )
    ));
    if c.flows.is_empty() {
        s.push_str(&no_data(&c.why_none("flows", lang)));
    }
    s.push_str("<div class=\"grid\">");
    for f in &c.flows {
        let selected = c.selected_alternative.as_deref() == Some(f.alternative.as_str());
        s.push_str(&flows_figure(f, selected, lang, w));
    }
    s.push_str("</div>");
    s.push_str("</section>\n");
    s
}

fn rules_annex(m: &Model, w: &Words) -> String {
    let lang = m.lang;
    let mut s = format!(
        "<section id=\"rules\"><h2>{}</h2><table class=\"rules\"><thead><tr><th>{}</th><th>{}</th><th>§</th><th>{}</th><th>{}</th></tr></thead><tbody>\n",
        w.rules,
        lang.pick("Código", "Code"),
        lang.pick("Regla", "Rule"),
        lang.pick("Severidad", "Severity"),
        lang.pick("Resultado", "Result")
    );
    for r in &m.rules {
        let why = r
            .status
            .reasons()
            .iter()
            .map(|x| format!("<p class=\"note\">{}</p>", inline(x)))
            .collect::<String>();
        s.push_str(&format!(
            "<tr data-rule=\"{}\"><td><code>{}</code></td><td><code>{}</code><br/>{}</td><td>{}</td><td>{}</td><td>{}{why}</td></tr>\n",
            esc(&r.code),
            esc(&r.code),
            esc(&r.name),
            esc(&r.title),
            esc(&r.criterion),
            r.severity.map(|s| severity_word(s, lang)).unwrap_or(""),
            badge(&r.status, lang)
        ));
    }
    s.push_str("</tbody></table></section>\n");
    s
}

/// The whole page.
pub fn render(m: &Model) -> String {
    let lang = m.lang;
    let w = Words::of(lang);
    let mut s = format!(
        "<!DOCTYPE html>\n<html xmlns=\"http://www.w3.org/1999/xhtml\" lang=\"{}\" xml:lang=\"{}\">\n<head>\n<meta charset=\"utf-8\"/>\n<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\"/>\n<meta name=\"generator\" content=\"pip-lint {}\"/>\n<title>{}{}</title>\n<style>{STYLE}</style>\n</head>\n<body>\n",
        lang.code(),
        lang.code(),
        esc(&m.version),
        w.title,
        m.name
            .as_ref()
            .map(|n| format!(" — {}", esc(n)))
            .unwrap_or_default()
    );
    s.push_str(&format!(
        "<header><p class=\"kicker\">{}</p><h1>{}</h1>{}<p class=\"file\">{}: <code>{}</code> · pip-lint {}</p></header>\n",
        lang.pick(
            "Criterios Mínimos para la Evaluación de Proyectos de Inversión en el Sector Salud",
            "Minimum Criteria for the Evaluation of Health Sector Investment Projects"
        ),
        w.title,
        m.name
            .as_ref()
            .map(|n| format!("<p class=\"pip-name\">{}</p>", esc(n)))
            .unwrap_or_default(),
        lang.pick("Estudio", "Study"),
        esc(&m.file),
        esc(&m.version)
    ));
    s.push_str(&identification(m, &w));
    s.push_str(&summary(m, &w));
    s.push_str(&findings_section(
        "document",
        w.document,
        &m.document,
        m,
        &w,
    ));
    s.push_str(&checklist(m, &w));
    s.push_str(&charts_section(m, &w));
    s.push_str(&findings_section("other", w.other, &m.other, m, &w));
    s.push_str(&findings_section("waived", w.waived, &m.waived, m, &w));
    s.push_str(&rules_annex(m, &w));
    s.push_str(&format!(
        "<footer>{} pip-lint {}. {}</footer>\n</body>\n</html>\n",
        lang.pick("Borrador generado por", "Draft generated by"),
        esc(&m.version),
        lang.pick(
            "Los criterios de revisión manual y las notas «Queda para el evaluador» requieren el juicio del evaluador.",
            "Criteria for manual review and the notes \"Left to the evaluator\" need the evaluator's judgement."
        )
    ));
    s
}
