//! `pip-lint report`: the evaluator's report. The HTML is well-formed
//! (checked strictly, as XML-ish markup) and lists every rule; the Markdown
//! is snapshotted for the bundled studies and one with findings; the charts
//! carry the study's numbers (read back from the SVG); statuses follow the
//! findings and the rules' conditions.

use crate::common;

use common::*;

const STUDIES: [&str; 3] = [
    "fixtures/studies/centro-de-salud-huayllay.yaml",
    "fixtures/studies/microrred-andarapa.yaml",
    "fixtures/studies/puesto-de-salud-acos-vinchos.yaml",
];

/// Runs `pip-lint report estudio.yaml` on `study` in a temporary directory
/// (so that the file name in the report is stable).
fn report(study: &str, args: &[&str]) -> (i32, String, String) {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("estudio.yaml"), study).unwrap();
    let mut all = vec!["report", "estudio.yaml"];
    all.extend_from_slice(args);
    let out = run_in(dir.path(), &all);
    (status(&out), stdout(&out), stderr(&out))
}

/// A study with findings: F003 (waived with a reason), F004 and F001.
fn with_findings() -> String {
    huayllay_with(&[
        CONSTRUCTION,
        ("ground_resistance_ohm: 4.2", "ground_resistance_ohm: 9"),
        ("  horizon_years: 10\n", "  horizon_years: 8\n"),
        (
            "    land:\n",
            "    land:  # pip-lint: allow F003 -- terreno donado con área fija, ver acta 12\n",
        ),
    ])
}

/// Checks that `html` is well-formed, XHTML-style: every element closed in
/// order, attributes quoted, no bare `&` or `<` in text. Returns the
/// problems found.
fn well_formed(html: &str) -> Vec<String> {
    let mut problems = Vec::new();
    let mut stack: Vec<String> = Vec::new();
    let mut rest = html;
    let mut in_style = false;
    while let Some(lt) = rest.find('<') {
        let text = &rest[..lt];
        if !in_style {
            check_text(text, &mut problems);
        }
        rest = &rest[lt..];
        if in_style && !rest.starts_with("</style>") {
            rest = &rest[1..];
            continue;
        }
        let Some(gt) = rest.find('>') else {
            problems.push("unclosed tag at the end".into());
            break;
        };
        let tag = &rest[1..gt];
        rest = &rest[gt + 1..];
        if tag.starts_with("!DOCTYPE") || tag.starts_with("!--") {
            continue;
        }
        if let Some(name) = tag.strip_prefix('/') {
            match stack.pop() {
                Some(open) if open == name => {}
                other => problems.push(format!("</{name}> closes {other:?}")),
            }
            in_style = false;
            continue;
        }
        let self_closing = tag.ends_with('/');
        let body = tag.trim_end_matches('/');
        let name = body.split_whitespace().next().unwrap_or("").to_string();
        check_attributes(body[name.len()..].trim(), &name, &mut problems);
        if name == "style" {
            in_style = true;
        }
        if !self_closing {
            stack.push(name);
        }
    }
    check_text(rest, &mut problems);
    if !stack.is_empty() {
        problems.push(format!("left open: {stack:?}"));
    }
    problems
}

fn check_text(text: &str, problems: &mut Vec<String>) {
    for (i, _) in text.match_indices('&') {
        let entity = &text[i + 1..];
        let end = entity.find(';').unwrap_or(usize::MAX);
        let ok = end < 10
            && entity[..end]
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || c == '#');
        if !ok {
            problems.push(format!(
                "bare & in {:?}",
                &text[i..(i + 20).min(text.len())]
            ));
        }
    }
    if text.contains('>') {
        problems.push(format!("bare > in text {text:?}"));
    }
}

fn check_attributes(mut attrs: &str, tag: &str, problems: &mut Vec<String>) {
    while !attrs.is_empty() {
        let Some(eq) = attrs.find('=') else {
            problems.push(format!("<{tag}>: attribute without value: {attrs:?}"));
            return;
        };
        let after = &attrs[eq + 1..];
        let Some(quote) = after.chars().next().filter(|c| *c == '"' || *c == '\'') else {
            problems.push(format!("<{tag}>: unquoted attribute {attrs:?}"));
            return;
        };
        let Some(close) = after[1..].find(quote) else {
            problems.push(format!("<{tag}>: unterminated attribute"));
            return;
        };
        check_text(&after[1..1 + close], problems);
        attrs = after[close + 2..].trim_start();
    }
}

#[test]
fn the_checker_catches_broken_markup() {
    assert!(well_formed("<p><b>x</b></p>").is_empty());
    assert!(!well_formed("<p><b>x</p></b>").is_empty());
    assert!(!well_formed("<p class=x>y</p>").is_empty());
    assert!(!well_formed("<p>a & b</p>").is_empty());
    assert!(!well_formed("<p>").is_empty());
}

#[test]
fn html_is_well_formed_self_contained_and_lists_every_rule() {
    let rules = builtin_rules();
    let mut studies: Vec<String> = STUDIES.iter().map(|s| read(s)).collect();
    studies.push(with_findings());
    for (i, study) in studies.iter().enumerate() {
        for lang in ["es", "en"] {
            let (_, html, err) = report(study, &["--lang", lang]);
            assert!(html.starts_with("<!DOCTYPE html>"), "{i} {lang}: {err}");
            let problems = well_formed(&html);
            assert!(problems.is_empty(), "{i} {lang}: {problems:#?}");
            assert!(html.contains(&format!("lang=\"{lang}\"")));
            for r in &rules.rules {
                assert!(
                    html.contains(&format!("data-rule=\"{}\"", r.code)),
                    "{i} {lang}: {} missing",
                    r.code
                );
            }
            // Self-contained: nothing fetched, nothing run.
            for outside in [
                "<script",
                "<link",
                "src=\"http",
                "href=\"http",
                "url(",
                "@import",
            ] {
                assert!(!html.contains(outside), "{i} {lang}: {outside}");
            }
            assert!(html.contains("@media print") && html.contains("break-inside: avoid"));
        }
    }
}

#[test]
fn markdown_snapshots() {
    for (name, study) in [
        ("huayllay", read(STUDIES[0])),
        ("andarapa", read(STUDIES[1])),
        ("acos_vinchos", read(STUDIES[2])),
        ("with_findings", with_findings()),
    ] {
        let (code, md, err) = report(&study, &["--lang", "es", "--format", "markdown"]);
        assert!(err.is_empty(), "{name}: {err}");
        assert_eq!(code, i32::from(name == "with_findings"), "{name}");
        insta::assert_snapshot!(format!("report_markdown_{name}"), md);
    }
    let (_, md, _) = report(&with_findings(), &["--lang", "en", "--format", "markdown"]);
    insta::assert_snapshot!("report_markdown_with_findings_en", md);
}

/// The `data-value` of the first element of `svg` with these attributes.
fn data_value(svg: &str, attrs: &str) -> f64 {
    let at = svg
        .find(attrs)
        .unwrap_or_else(|| panic!("{attrs} not in the chart"));
    let rest = &svg[at..];
    let v = rest
        .split("data-value=\"")
        .nth(1)
        .and_then(|r| r.split('"').next())
        .unwrap_or_else(|| panic!("no data-value after {attrs}"));
    v.parse().unwrap_or_else(|e| panic!("{v}: {e}"))
}

/// The SVG chart whose title is `title`.
fn chart<'a>(html: &'a str, title: &str) -> &'a str {
    let start = html
        .find(&format!("aria-label=\"{title}\""))
        .unwrap_or_else(|| panic!("no chart {title}"));
    let end = html[start..].find("</svg>").unwrap_or(0) + start;
    &html[start..end]
}

fn study_value(rel: &str) -> serde_json::Value {
    let source = pip_lint::source::Source::from_text(rel, read(rel));
    pip_lint::yaml::load(&source, &Default::default(), pip_lint::i18n::Lang::En)
        .document
        .expect("the study parses")
        .value
}

#[test]
fn charts_carry_the_studys_numbers() {
    let (code, html, err) = report(&huayllay(), &["--lang", "es"]);
    assert_eq!(code, 0, "{err}");
    let study = study_value(HUAYLLAY);
    let year = |list: &serde_json::Value, service: &str, year: usize| -> f64 {
        list.as_array()
            .unwrap()
            .iter()
            .find(|s| s["service"] == service)
            .unwrap()["projection"][year - 1]["attentions"]
            .as_f64()
            .unwrap()
    };
    let f = &study["formulation"];
    let svg = chart(&html, "Consulta externa de medicina general");
    for y in [1, 5, 10] {
        let demand = year(&f["demand"]["services"], "consulta_medica", y);
        let offer = year(&f["offer"]["services"], "consulta_medica", y);
        let at = |s: &str| format!("data-series=\"{s}\" data-year=\"{y}\"");
        assert_eq!(data_value(svg, &at("demand")), demand);
        assert_eq!(data_value(svg, &at("offer")), offer);
        // The gap drawn is the study's, and it is demand − offer.
        assert_eq!(data_value(svg, &at("gap")), demand - offer);
    }
    assert_eq!(
        data_value(svg, "data-series=\"gap\" data-year=\"1\""),
        2335.0
    );
    // The last value is written on the chart.
    assert!(svg.contains(">2,684</text>"), "{svg}");

    // The funnel: every figure of the population chain, labelled.
    let funnel = chart(&html, "Cadena de población");
    for (key, label) in [
        ("reference", "10,840"),
        ("real_needs", "8,455"),
        ("potential_demand", "6,088"),
        ("effective_demand", "3,957"),
        ("target", "1,047"),
    ] {
        let expected = f["population"][key].as_f64().unwrap();
        assert_eq!(
            data_value(funnel, &format!("data-stage=\"{key}\"")),
            expected
        );
        assert!(funnel.contains(&format!(">{label}</text>")), "{key}");
    }

    // The land: 720, 480 and 1200 of 2400 m² are 30, 20 and 50 %.
    let land = chart(&html, "Distribución del terreno");
    assert_eq!(data_value(land, "data-part=\"construction\""), 30.0);
    assert_eq!(data_value(land, "data-part=\"expansion\""), 20.0);
    assert_eq!(data_value(land, "data-part=\"free\""), 50.0);
    assert_eq!(data_value(land, "data-reference=\"construction\""), 30.0);
    assert!(land.contains("720 m² = 30.0 %"), "{land}");

    // Cost flows of ALT1: year 0 is the investment, then operation.
    let flows = chart(&html, "Flujo de costos ALT1");
    assert_eq!(
        data_value(flows, "data-series=\"with\" data-year=\"0\""),
        5317980.0
    );
    assert_eq!(
        data_value(flows, "data-series=\"without\" data-year=\"1\""),
        1380000.0
    );
    assert_eq!(
        data_value(flows, "data-series=\"with\" data-year=\"10\""),
        1742600.0
    );
}

#[test]
fn the_land_chart_fits_parts_larger_than_the_land() {
    // Construction of 7 200 m² on a land of 2 400: both bars are drawn on the
    // scale of the longer one, inside the chart, and the label says 300 %.
    let study = huayllay_with(&[("construction_m2: 720.0", "construction_m2: 7200.0")]);
    let (_, html, _) = report(&study, &["--lang", "en"]);
    let svg = chart(&html, "Land split");
    let mut ends = Vec::new();
    for rect in svg.split("<rect ").skip(1) {
        let attr = |name: &str| -> f64 {
            rect.split(&format!("{name}=\""))
                .nth(1)
                .unwrap()
                .split('"')
                .next()
                .unwrap()
                .parse()
                .unwrap()
        };
        ends.push(attr("x") + attr("width"));
    }
    assert!(!ends.is_empty());
    assert!(ends.iter().all(|e| *e <= 660.0), "{ends:?}");
    assert_eq!(data_value(svg, "data-part=\"construction\""), 300.0);
}

#[test]
fn missing_chart_data_gives_a_note_not_a_panic() {
    // No land section: S002 (required), and the land chart says so.
    let study = huayllay_with(&[(
        "    land:\n      total_m2: 2400.0\n",
        "    landx:\n      total_m2: 2400.0\n",
    )]);
    let (code, html, err) = report(&study, &["--lang", "es"]);
    assert_eq!(code, 1, "{err}");
    assert!(well_formed(&html).is_empty());
    assert!(!html.contains("aria-label=\"Distribución del terreno\""));
    assert!(html.contains("<p class=\"nodata\">sin datos</p>"));
}

/// The status badge of the checklist row of criterion `section` that lists `rule`.
fn row_status<'a>(md: &'a str, section: &str, rule: &str) -> &'a str {
    md.lines()
        .find(|l| l.starts_with(&format!("| {section} |")) && l.contains(&format!("`{rule}`")))
        .unwrap_or_else(|| panic!("no row §{section} with {rule}"))
}

#[test]
fn statuses_follow_findings_conditions_and_waivers() {
    let (code, md, _) = report(&with_findings(), &["--lang", "es", "--format", "markdown"]);
    assert_eq!(code, 1);
    // F004 fires: its criterion does not meet.
    assert!(row_status(&md, "3.3.1.ii", "F004").contains("**No cumple**"));
    // F003 is waived with a reason: the criterion meets, the waiver is listed.
    let land = md
        .lines()
        .find(|l| l.contains("`F003`") && l.starts_with("| 3.6.1 |"))
        .unwrap();
    assert!(land.contains("**Cumple**"), "{land}");
    assert!(md.contains("terreno donado con área fija, ver acta 12"));
    // G007 only applies in Lima and Callao: Huayllay is in Pasco.
    let g007 = row_status(&md, "1.2", "G007");
    assert!(
        g007.contains(
            "**No aplica**: G007: la regla se aplica a los estudios de Lima y Callao, y el departamento es «Pasco»"
        ),
        "{g007}"
    );
    // F004 needs planned equipment: a study with none does not apply.
    let study = huayllay_with(&[("ground_resistance_ohm: 4.2", "ground_resistance_ohm: 9")]);
    let none = study.replace(
        &study[study
            .find("    equipment:\n      - name: Ecógrafo")
            .unwrap()..study.find("    electrical:").unwrap()],
        "    equipment: []\n",
    );
    let (_, md, err) = report(&none, &["--lang", "en", "--format", "markdown"]);
    let f004 = md
        .lines()
        .find(|l| l.starts_with("| `F004` |"))
        .unwrap_or_else(|| panic!("{err}"));
    assert!(
        f004.contains(
            "**Not applicable**: `formulation.requirements.equipment` is empty or absent"
        ),
        "{f004}"
    );
}

#[test]
fn schema_errors_are_listed_first_and_their_criteria_not_verified() {
    let study = huayllay_with(&[("total_m2: 2400.0", "total_m2: dos mil")]);
    let (code, md, err) = report(&study, &["--lang", "es", "--format", "markdown"]);
    assert_eq!(code, 1, "{err}");
    let document = md.find("## Observaciones sobre el documento").unwrap();
    let checklist = md.find("## Lista de verificación").unwrap();
    assert!(document < checklist);
    assert!(md[document..checklist].contains("**error[S002]**"));
    let land = md
        .lines()
        .find(|l| l.contains("`F003`") && l.starts_with("| 3.6.1 |"))
        .unwrap();
    assert!(land.contains("**No verificado**"), "{land}");
    assert!(!land.contains("**Cumple**"));
}

/// The status of rule `code` in the report's table of rules.
fn rule_row<'a>(md: &'a str, code: &str) -> &'a str {
    md.lines()
        .find(|l| l.starts_with(&format!("| `{code}` |")))
        .unwrap_or_else(|| panic!("no row for {code}"))
}

#[test]
fn a_rule_that_reads_invalid_data_is_never_met() {
    let md = |study: &str| report(study, &["--lang", "en", "--format", "markdown"]).1;
    // A condition on invalid data: G007's department is a number.
    let m = md(&huayllay_with(&[("department: Pasco", "department: 15")]));
    assert!(
        rule_row(&m, "G007").contains("**Not verified**"),
        "{}",
        rule_row(&m, "G007")
    );
    // An absolute path in the options (E005 reads the horizon), and a
    // waiver of the schema's finding does not make the data valid.
    for horizon in [
        "  horizon_years: diez\n",
        "  horizon_years: diez  # pip-lint: allow S002 -- se corrige en la versión 2\n",
    ] {
        let m = md(&huayllay_with(&[("  horizon_years: 10\n", horizon)]));
        for code in ["E005", "F001"] {
            let row = rule_row(&m, code);
            assert!(row.contains("**Not verified**"), "{horizon}{row}");
        }
    }
    // An unknown key that stands for no required one hides nothing.
    let m = md(&huayllay_with(&[(
        "      total_m2: 2400.0\n",
        "      total_m2: 2400.0\n      observacion: terreno plano\n",
    )]));
    assert!(m.contains("**error[S002]**"));
    for code in ["F003", "F027"] {
        assert!(
            rule_row(&m, code).contains("**Meets**"),
            "{}",
            rule_row(&m, code)
        );
    }
}

#[test]
fn lint_flags_before_report_count_as_for_check() {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "estudio.yaml", huayllay());
    let md = |args: &[&str]| {
        let mut all: Vec<&str> = args.to_vec();
        all.extend([
            "report",
            "estudio.yaml",
            "--lang",
            "en",
            "--format",
            "markdown",
        ]);
        let out = run_in(dir.path(), &all);
        (status(&out), stdout(&out), stderr(&out))
    };
    // Without names to compare with, the name's uniqueness is not judged.
    let (code, m, err) = md(&[]);
    assert_eq!(code, 0, "{err}");
    assert!(
        rule_row(&m, "G001").contains("**Not verified**"),
        "{}",
        rule_row(&m, "G001")
    );
    // With the bank of projects' names, it is.
    let study = study_value("fixtures/studies/centro-de-salud-huayllay.yaml");
    let name = study["general"]["name"].as_str().unwrap();
    write(dir.path(), "nombres.txt", format!("{name}\n"));
    let (code, m, _) = md(&["--known-names", "nombres.txt"]);
    assert_eq!(code, 1);
    assert!(
        rule_row(&m, "G001").contains("**Does not meet**"),
        "{}",
        rule_row(&m, "G001")
    );
    write(dir.path(), "nombres.txt", "Otro proyecto\n");
    let (_, m, _) = md(&["--known-names", "nombres.txt"]);
    assert!(
        rule_row(&m, "G001").contains("**Meets**"),
        "{}",
        rule_row(&m, "G001")
    );
    // The selection: a rule left out is not verified.
    let (_, m, _) = md(&["--select", "F001"]);
    assert!(rule_row(&m, "F001").contains("**Meets**"));
    assert!(
        rule_row(&m, "F003").contains("**Not verified**"),
        "{}",
        rule_row(&m, "F003")
    );
    // --fail-on: a warning fails the run when asked to.
    let study = huayllay_with(&[("ground_resistance_ohm: 4.2", "ground_resistance_ohm: 9")]);
    write(dir.path(), "estudio.yaml", &study);
    let (strict, _, _) = md(&["--fail-on", "info"]);
    assert_eq!(strict, 1);
    // A selector that picks nothing is an error, as for check.
    let (code, _, err) = md(&["--select", "X9"]);
    assert_eq!(code, 2, "{err}");
}

#[test]
fn study_text_is_never_markup() {
    // A name with tags, an entity and a control character (legal YAML): the
    // HTML stays well-formed and shows them as text; Markdown escapes them.
    let study = huayllay_with(&[(
        "  name: >-\n",
        "  name: \"<b>Salud &amp; Vida</b>\\a \"\n  x_name: >-\n",
    )]);
    let (_, html, err) = report(&study, &["--lang", "es"]);
    assert!(
        html.contains("&lt;b&gt;Salud &amp;amp; Vida&lt;/b&gt;\u{FFFD}"),
        "{err}"
    );
    assert!(!html.contains('\u{7}'));
    let problems = well_formed(&html);
    assert!(problems.is_empty(), "{problems:#?}");
    let (_, md, _) = report(&study, &["--lang", "es", "--format", "markdown"]);
    assert!(
        md.contains("**\\<b\\>Salud \\&amp; Vida\\</b\\>\u{FFFD}**"),
        "{md}"
    );
}

#[test]
fn markdown_keeps_links_images_and_code_from_a_study_as_text() {
    // A name with a live link, an image, a lone backtick before a tag, a
    // waiver reason with a tag, a service named with HTML and a snippet
    // line with a code fence: none becomes markup in the Markdown report.
    let study = huayllay_with(&[
        (
            "  name: >-\n",
            "  name: \"[x](javascript:alert(1)) ![i](http://e.example/p.png) ```tick <img src=x onerror=alert(2)>\"\n  x_name: >-\n",
        ),
        NEW_FACILITY,
        CONSTRUCTION,
        (
            "\n    land:\n",
            "\n    land:  # pip-lint: allow F003 -- donado <img src=x onerror=alert(7)> [r](javascript:alert(8)) ```\n",
        ),
    ]);
    let (_, md, err) = report(&study, &["--lang", "es", "--format", "markdown"]);
    assert!(!md.is_empty(), "{err}");
    for live in ["](javascript:", "![i]", "<img", "[x]", "[r]"] {
        // Every occurrence is escaped (preceded by a backslash) or inside a
        // snippet's fence, which quotes the study as it is.
        let mut fence: Option<&str> = None;
        let mut outside = String::new();
        for line in md.lines() {
            let t = line.trim_start();
            match fence {
                Some(f) if t == f => fence = None,
                Some(_) => {}
                None if t.starts_with("```") && t.ends_with("text") => {
                    fence = Some(t.trim_end_matches("text"));
                }
                None => {
                    outside.push_str(line);
                    outside.push('\n');
                }
            }
        }
        assert_eq!(
            outside.matches(live).count(),
            outside.matches(&format!("\\{live}")).count(),
            "{live} is live in:\n{outside}"
        );
    }
    assert!(
        md.contains(
            "donado \\<img src=x onerror=alert(7)\\> \\[r\\](javascript:alert(8)) \\`\\`\\`"
        ),
        "{md}"
    );
    assert!(md.contains("\\`\\`\\`tick \\<img"), "{md}");
    // A snippet quoting the name's line, with its ```, is fenced with four
    // backticks, so that the line does not close the fence.
    assert!(md.contains("  ````text\n"), "{md}");
}

#[test]
fn a_chart_of_data_with_document_errors_is_left_out() {
    // The land's total left as the template's sample value: the criterion is
    // not verified, and its chart is not drawn from that value either.
    let study = huayllay_with(&[("total_m2: 2400.0", "total_m2: 2400.0  # COMPLETAR")]);
    for (format, withheld) in [
        (
            "markdown",
            "*sin gráfico: sus datos tienen errores del documento (S005); vea las observaciones*",
        ),
        (
            "html",
            "<p class=\"nodata\">sin gráfico: sus datos tienen errores del documento (S005); vea las observaciones</p>",
        ),
    ] {
        let (_, out, err) = report(&study, &["--lang", "es", "--format", format]);
        assert_eq!(out.matches(withheld).count(), 1, "{format}: {err}{out}");
        // The other charts are still drawn.
        assert!(!out.contains("sin datos"), "{format}");
    }
    let (_, clean, _) = report(&huayllay(), &["--lang", "es", "--format", "markdown"]);
    assert!(!clean.contains("sin gráfico"));
}

#[test]
fn no_document_no_report() {
    let (code, out, err) = report("pip_study: \"1\"\ngeneral: [\n", &["--lang", "en"]);
    assert_eq!(code, 1);
    assert!(out.is_empty(), "{out}");
    assert!(err.contains("error[S001]"), "{err}");
}

#[test]
fn a_rule_the_configuration_lowers_to_info_meets_with_notes_that_say_so() {
    // pip-lint.toml makes F004 (an error in its rule file) a note: its
    // two criteria (§3.3.1.ii, §3.6.1) are not «Cumple» as if nothing were found.
    let dir = tempfile::tempdir().unwrap();
    let study = huayllay_with(&[("ground_resistance_ohm: 4.2", "ground_resistance_ohm: 9")]);
    std::fs::write(dir.path().join("estudio.yaml"), study).unwrap();
    std::fs::write(
        dir.path().join("pip-lint.toml"),
        "[rules.F004]\nseverity = \"info\"\n",
    )
    .unwrap();
    let md = |lang: &str| {
        let o = run_in(
            dir.path(),
            &[
                "report",
                "estudio.yaml",
                "--lang",
                lang,
                "--format",
                "markdown",
            ],
        );
        assert_eq!(status(&o), 0, "{}", stderr(&o));
        stdout(&o)
    };
    let es = md("es");
    let row = row_status(&es, "3.3.1.ii", "F004");
    assert!(row.contains("**Cumple, con notas**: F004: 1 nota; F004: la configuración (pip-lint.toml) bajó su severidad de error a nota"), "{row}");
    assert!(es.contains("2 cumplen con notas,"), "{es}");
    let en = md("en");
    let row = row_status(&en, "3.3.1.ii", "F004");
    assert!(row.contains("**Meets, with notes**: F004: 1 note; F004: the configuration (pip-lint.toml) lowered its severity from error to info"), "{row}");
    assert!(en.contains("2 met with notes,"), "{en}");
    // The HTML summary lists the status, with its own badge.
    let o = run_in(dir.path(), &["report", "estudio.yaml", "--lang", "en"]);
    assert!(
        stdout(&o).contains("<li data-status=\"notes\"><b>2</b>"),
        "{}",
        stdout(&o)
    );
    // Without the configuration the same study does not meet, and a report
    // with no notes lists no such status.
    let (code, md, _) = report(
        &huayllay_with(&[("ground_resistance_ohm: 4.2", "ground_resistance_ohm: 9")]),
        &["--lang", "en", "--format", "markdown"],
    );
    assert_eq!(code, 1);
    assert!(row_status(&md, "3.3.1.ii", "F004").contains("**Does not meet**"));
    assert!(!md.contains("with notes"), "{md}");
}

#[test]
fn the_summary_counts_every_problem_a_capped_list_stands_for() {
    // 1 500 unknown keys: 1 000 findings and one «and 500 more»; the
    // report's count is the problems', not the findings'.
    let mut study = huayllay();
    for i in 0..1500 {
        study.push_str(&format!("extra_key_{i}: 1\n"));
    }
    let (code, md, err) = report(&study, &["--lang", "en", "--format", "markdown"]);
    assert_eq!(code, 1, "{err}");
    assert!(md.contains("and 500 more problems of this kind"), "{md}");
    assert!(md.contains("Findings: 1500 errors,"), "{md}");
}

#[test]
fn a_yaml_file_that_is_not_a_study_gets_no_report() {
    // A CI workflow named by mistake: refused with the fix, nothing written.
    let ci = "name: CI\non:\n  push: {}\njobs:\n  test:\n    runs-on: ubuntu-latest\n";
    let (code, out, err) = report(ci, &["--lang", "en"]);
    assert_eq!(code, 1, "{err}");
    assert!(out.is_empty(), "{out}");
    assert!(err.contains("estudio.yaml: not a study"), "{err}");
    assert!(err.contains("add `pip_study: \"1\"`"), "{err}");
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("ci.yaml"), ci).unwrap();
    let o = run_in(dir.path(), &["report", "ci.yaml", "-o", "out.html"]);
    assert_eq!(status(&o), 1, "{}", stderr(&o));
    assert!(!dir.path().join("out.html").exists());
    let o = run_in(
        dir.path(),
        &["--skip-non-studies", "report", "ci.yaml", "--lang", "es"],
    );
    assert_eq!(status(&o), 0, "{}", stderr(&o));
    assert!(
        stderr(&o).contains("ci.yaml: no es un estudio"),
        "{}",
        stderr(&o)
    );
    // A draft with a study's sections but no `pip_study` is still reported.
    let draft = huayllay().replacen("pip_study: \"1\"\n", "", 1);
    assert_ne!(draft, huayllay());
    let (code, out, err) = report(&draft, &["--lang", "en", "--format", "markdown"]);
    assert_eq!(code, 1, "{err}");
    assert!(out.contains("S002"), "{out}");
}

#[test]
fn written_atomically_to_a_file_and_reproducible() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("estudio.yaml"), huayllay()).unwrap();
    let run = |out: &str| {
        let o = run_in(
            dir.path(),
            &["report", "estudio.yaml", "-o", out, "--lang", "en"],
        );
        assert_eq!(status(&o), 0, "{}", stderr(&o));
        assert!(stdout(&o).is_empty());
        assert!(stderr(&o).contains("report written to"));
        std::fs::read_to_string(dir.path().join(out)).unwrap()
    };
    let (a, b) = (run("a.html"), run("b.html"));
    assert_eq!(a, b);
    assert!(a.contains("<span class=\"badge pass\">Meets</span>"));
    // Spanish by default for Spanish locales.
    let o = bin()
        .current_dir(dir.path())
        .env("LANG", "es_PE.UTF-8")
        .args(["report", "estudio.yaml"])
        .output()
        .unwrap();
    assert!(stdout(&o).contains("<html xmlns=\"http://www.w3.org/1999/xhtml\" lang=\"es\""));
    assert!(stdout(&o).contains("Revisión manual"));
    // A missing study is a run failure.
    let o = run_in(dir.path(), &["report", "nada.yaml"]);
    assert_eq!(status(&o), 2);
}
