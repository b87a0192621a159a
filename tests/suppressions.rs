//! Suppressions with a reason (`# pip-lint: allow CODE -- motivo`) end to
//! end: which node a comment covers, several codes and prefixes, `S003`
//! (no reason) and `S004` (waives nothing), how waived findings are counted
//! and shown in every format, the cross-file G001, and S001, which cannot be
//! waived.
//!
//! Inputs are the bundled Huayllay study with a few edits, linted with a
//! narrow `--select`; expected positions are computed from the text here.

use crate::common;

use std::path::Path;
use std::process::Output;

use common::*;
use serde_json::Value;

fn write(dir: &Path, rel: &str, text: impl AsRef<[u8]>) {
    let p = dir.join(rel);
    if let Some(parent) = p.parent() {
        std::fs::create_dir_all(parent).unwrap();
    }
    std::fs::write(p, text).unwrap();
}

fn edit(text: &str, edits: &[(&str, &str)]) -> String {
    let mut text = text.to_string();
    for (from, to) in edits {
        text = replace_once(&text, from, to).0;
    }
    text
}

const CONSTRUCTION: &str = "construction_m2: 960.0";
const EXPANSION: &str = "expansion_m2: 240.0";
const LAND: &str = "\n    land:\n";
const REQUIREMENTS: &str = "\n  requirements:\n";

const C_PTR: &str = "/formulation/requirements/land/construction_m2";
const E_PTR: &str = "/formulation/requirements/land/expansion_m2";
const G_PTR: &str = "/formulation/requirements/electrical/ground_resistance_ohm";
const LAND_PTR: &str = "/formulation/requirements/land";

/// Huayllay as a new facility with two F003 errors (construction 40 %, expansion 10 %).
fn land_study() -> String {
    edit(
        &huayllay(),
        &[
            // A new facility: its land split is an error, not a warning (§3.6.1).
            ("nature: ampliacion_y_mejoramiento", "nature: creacion"),
            ("construction_m2: 720.0", CONSTRUCTION),
            ("expansion_m2: 480.0", EXPANSION),
        ],
    )
}

/// [`land_study`] plus an F004 error (9 Ω).
fn land_and_ground_study() -> String {
    edit(
        &land_study(),
        &[("ground_resistance_ohm: 4.2", "ground_resistance_ohm: 9")],
    )
}

/// Lints one study text (as `estudio.yaml`) in a fresh folder, without configuration.
fn lint_text_with(text: &str, args: &[&str]) -> Output {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "estudio.yaml", text);
    let mut all = vec!["--no-config"];
    all.extend_from_slice(args);
    all.push("estudio.yaml");
    run_in(dir.path(), &all)
}

/// The JSON document of a run, which must not have failed.
fn json_run(text: &str, select: &str) -> (i32, Value) {
    let out = lint_text_with(text, &["--format", "json", "--select", select]);
    assert_ne!(status(&out), 2, "{}", stderr(&out));
    (status(&out), json_output(&out))
}

/// (code, pointer) of each diagnostic of `list` (`diagnostics` or `suppressed`).
fn listed(doc: &Value, list: &str) -> Vec<(String, String)> {
    doc.get(list)
        .and_then(Value::as_array)
        .map(|a| {
            a.iter()
                .map(|d| {
                    (
                        d["code"].as_str().unwrap().to_string(),
                        d["pointer"].as_str().unwrap().to_string(),
                    )
                })
                .collect()
        })
        .unwrap_or_default()
}

fn cp(list: &[(&str, &str)]) -> Vec<(String, String)> {
    list.iter()
        .map(|(c, p)| (c.to_string(), p.to_string()))
        .collect()
}

fn reasons(doc: &Value) -> Vec<String> {
    doc["suppressed"]
        .as_array()
        .map(|a| {
            a.iter()
                .map(|d| {
                    d["suppression"]["reason"]
                        .as_str()
                        .unwrap_or_else(|| panic!("no suppression.reason in {d}"))
                        .to_string()
                })
                .collect()
        })
        .unwrap_or_default()
}

/// Start and end of the comment that begins with `comment` in `text` (it runs to the end of its line).
fn comment_span(text: &str, comment: &str) -> (Pos, Pos) {
    assert_eq!(text.matches(comment).count(), 1, "{comment}");
    let at = text.find(comment).unwrap();
    let end = at + text[at..].find('\n').unwrap();
    (pos(text.as_bytes(), at), pos(text.as_bytes(), end))
}

fn summary(doc: &Value) -> (u64, u64, u64) {
    let s = &doc["summary"];
    (
        s["error"].as_u64().unwrap(),
        s["warning"].as_u64().unwrap(),
        s["info"].as_u64().unwrap(),
    )
}

// ------------------------------------------------------------- which node

#[test]
fn a_trailing_comment_waives_its_node_only() {
    let text = edit(
        &land_study(),
        &[(
            CONSTRUCTION,
            "construction_m2: 960.0  # pip-lint: allow F003 -- terreno donado con área fija, ver acta 12",
        )],
    );
    let (code, doc) = json_run(&text, "F003,S");
    assert_eq!(code, 1, "the expansion area still fails");
    assert_eq!(listed(&doc, "diagnostics"), cp(&[("F003", E_PTR)]));
    assert_eq!(listed(&doc, "suppressed"), cp(&[("F003", C_PTR)]));
    assert_eq!(reasons(&doc), ["terreno donado con área fija, ver acta 12"]);
    assert_eq!(summary(&doc), (1, 0, 0));
    // The waived finding keeps its place.
    let s = &doc["suppressed"][0];
    let at = text.find("960.0").unwrap();
    let p = pos(text.as_bytes(), at);
    assert_eq!(s["range"]["start"]["line"], p.line);
    assert_eq!(s["range"]["start"]["column"], p.column);
    assert_eq!(s["range"]["start"]["offset"], p.offset);
}

#[test]
fn a_trailing_comment_on_a_parent_waives_everything_under_it_and_nothing_else() {
    let text = edit(
        &land_and_ground_study(),
        &[(
            LAND,
            "\n    land:  # pip-lint: allow F003 -- terreno donado\n",
        )],
    );
    let (code, doc) = json_run(&text, "F003,F004,S");
    assert_eq!(code, 1, "F004 is elsewhere and still fails");
    assert_eq!(listed(&doc, "diagnostics"), cp(&[("F004", G_PTR)]));
    assert_eq!(
        listed(&doc, "suppressed"),
        cp(&[("F003", C_PTR), ("F003", E_PTR)])
    );
    assert_eq!(reasons(&doc), ["terreno donado", "terreno donado"]);
    assert_eq!(summary(&doc), (1, 0, 0));
}

#[test]
fn an_own_line_comment_applies_to_the_next_node() {
    let text = edit(
        &land_study(),
        &[(
            EXPANSION,
            "# pip-lint: allow F003 -- la ampliación se hará en el terreno vecino\n      expansion_m2: 240.0",
        )],
    );
    let (code, doc) = json_run(&text, "F003,S");
    assert_eq!(code, 1);
    assert_eq!(listed(&doc, "diagnostics"), cp(&[("F003", C_PTR)]));
    assert_eq!(listed(&doc, "suppressed"), cp(&[("F003", E_PTR)]));
    // Before `land:` (after another, ordinary comment), it covers the whole mapping.
    let text = edit(
        &land_study(),
        &[(
            LAND,
            "\n    # pip-lint: allow F003 -- terreno donado\n    land:\n",
        )],
    );
    let (code, doc) = json_run(&text, "F003,S");
    assert_eq!(code, 0, "{doc:#}");
    assert_eq!(listed(&doc, "diagnostics"), cp(&[]));
    assert_eq!(
        listed(&doc, "suppressed"),
        cp(&[("F003", C_PTR), ("F003", E_PTR)])
    );
}

#[test]
fn an_own_line_comment_does_not_reach_back_to_the_node_above() {
    // The comment sits after construction_m2 and before expansion_m2: it is
    // expansion_m2's, not construction_m2's.
    let text = edit(
        &land_study(),
        &[(
            "construction_m2: 960.0\n",
            "construction_m2: 960.0\n      # pip-lint: allow F003 -- motivo\n",
        )],
    );
    let (_, doc) = json_run(&text, "F003,S");
    assert_eq!(listed(&doc, "diagnostics"), cp(&[("F003", C_PTR)]));
    assert_eq!(listed(&doc, "suppressed"), cp(&[("F003", E_PTR)]));
}

// --------------------------------------------------------- codes and names

#[test]
fn several_codes_or_names_in_one_comment() {
    for allow in [
        "F003, F004",
        "F003,F004",
        "land-split, ground-resistance",
        "F004 F003",
    ] {
        let text = edit(
            &land_and_ground_study(),
            &[(
                REQUIREMENTS,
                &format!("\n  requirements:  # pip-lint: allow {allow} -- obra ya licitada\n"),
            )],
        );
        let (code, doc) = json_run(&text, "F003,F004,S");
        assert_eq!(code, 0, "{allow}: {doc:#}");
        assert_eq!(listed(&doc, "diagnostics"), cp(&[]), "{allow}");
        assert_eq!(
            listed(&doc, "suppressed"),
            cp(&[("F003", C_PTR), ("F003", E_PTR), ("F004", G_PTR)]),
            "{allow}"
        );
        assert_eq!(reasons(&doc), ["obra ya licitada"; 3]);
    }
}

#[test]
fn a_prefix_waives_every_rule_it_starts() {
    for allow in ["F", "F00"] {
        let text = edit(
            &land_and_ground_study(),
            &[(
                REQUIREMENTS,
                &format!("\n  requirements:  # pip-lint: allow {allow} -- motivo\n"),
            )],
        );
        let (code, doc) = json_run(&text, "F003,F004,S");
        assert_eq!(code, 0, "{allow}: {doc:#}");
        assert_eq!(listed(&doc, "suppressed").len(), 3, "{allow}");
    }
    // A prefix that does not match leaves the findings, and is itself unused.
    let text = edit(
        &land_and_ground_study(),
        &[(
            REQUIREMENTS,
            "\n  requirements:  # pip-lint: allow F01 -- motivo\n",
        )],
    );
    let (_, doc) = json_run(&text, "F003,F004,S");
    assert_eq!(listed(&doc, "suppressed"), cp(&[]));
    assert_eq!(listed(&doc, "diagnostics").len(), 3);
}

// --------------------------------------------------------------- S003/S004

#[test]
fn a_waiver_without_reason_is_s003_and_waives_nothing() {
    for comment in [
        "# pip-lint: allow F003",
        "# pip-lint: allow F003 --",
        "# pip-lint: allow F003 --   ",
    ] {
        let text = edit(
            &land_study(),
            &[(LAND, &format!("\n    land:  {comment}\n"))],
        );
        let (code, doc) = json_run(&text, "F003,S");
        assert_eq!(code, 1);
        let ds = parse_json(&doc);
        assert_eq!(
            ds.iter()
                .map(|d| (d.code.as_str(), d.pointer.as_str()))
                .collect::<Vec<_>>(),
            [("S003", LAND_PTR), ("F003", C_PTR), ("F003", E_PTR)],
            "in file order (the comment is on the `land:` line): {comment}"
        );
        assert_eq!(listed(&doc, "suppressed"), cp(&[]), "{comment}");
        let s003 = the_one(&ds, "S003");
        assert_eq!(s003.raw["severity"], "error");
        // At the comment itself: from `#` to the end of its line.
        let (start, end) = comment_span(&text, comment);
        assert_eq!(s003.start, start, "{comment}");
        if comment == comment.trim_end() {
            assert_eq!(s003.end, end, "{comment}");
        } else {
            assert_eq!(s003.end.line, end.line, "{comment}");
        }
        assert!(
            s003.help
                .as_deref()
                .is_some_and(|h| h.contains("# pip-lint: allow F003 -- ")),
            "{:?}",
            s003.help
        );
        assert_eq!(summary(&doc), (3, 0, 0));
    }
}

#[test]
fn a_malformed_directive_is_s003() {
    let comment = "# pip-lint: ignore F003 -- motivo";
    let text = edit(
        &land_study(),
        &[(LAND, &format!("\n    land:  {comment}\n"))],
    );
    let (code, doc) = json_run(&text, "F003,S");
    assert_eq!(code, 1);
    let ds = parse_json(&doc);
    let s003 = the_one(&ds, "S003");
    assert_eq!(s003.start, comment_span(&text, comment).0);
    assert_eq!(only(&ds, "F003").len(), 2);
}

#[test]
fn a_waiver_that_waives_nothing_is_s004() {
    let comment = "# pip-lint: allow F004 -- el pozo a tierra está bien";
    let text = edit(
        &land_study(),
        &[(LAND, &format!("\n    land:  {comment}\n"))],
    );
    let (code, doc) = json_run(&text, "F003,F004,S");
    assert_eq!(code, 1);
    let ds = parse_json(&doc);
    assert_eq!(
        only(&ds, "F003").len(),
        2,
        "F004's waiver does not waive F003"
    );
    let s004 = the_one(&ds, "S004");
    assert_eq!(s004.raw["severity"], "warning");
    assert_eq!(s004.pointer, LAND_PTR);
    let (start, end) = comment_span(&text, comment);
    assert_eq!(s004.start, start);
    assert_eq!(s004.end, end);
    assert_eq!(summary(&doc), (2, 1, 0));
    // --ignore S004 silences it.
    let out = lint_text_with(
        &text,
        &[
            "--format",
            "json",
            "--select",
            "F003,F004,S",
            "--ignore",
            "S004",
        ],
    );
    let ds = parse_json(&json_output(&out));
    assert!(only(&ds, "S004").is_empty());
    assert_eq!(only(&ds, "F003").len(), 2);
    // On a clean study it is only a warning: exit 0.
    let clean = edit(&huayllay(), &[(LAND, &format!("\n    land:  {comment}\n"))]);
    let out = lint_text_with(&clean, &["--format", "concise", "--select", "F003,F004,S"]);
    assert_eq!(status(&out), 0);
    let (start, _) = comment_span(&clean, comment);
    assert_eq!(
        stdout(&out),
        format!(
            "estudio.yaml:{}:{}: S004 the waiver of F004 waives nothing at `{LAND_PTR}`\n",
            start.line, start.column
        )
    );
}

#[test]
fn a_waiver_naming_no_rule_is_s004() {
    // A typo in the rule's name or code waives nothing: said, not silent,
    // even beside a code that does waive something.
    for (names, unknown) in [("land-splt", "land-splt"), ("F003, ZZZ9", "ZZZ9")] {
        let comment = format!("# pip-lint: allow {names} -- terreno donado");
        let text = edit(
            &land_study(),
            &[(LAND, &format!("\n    land:  {comment}\n"))],
        );
        let (_, doc) = json_run(&text, "F003,S");
        let ds = parse_json(&doc);
        let s004 = the_one(&ds, "S004");
        assert!(
            s004.message
                .contains(&format!("names {unknown}, which is no rule")),
            "{}",
            s004.message
        );
        assert_eq!(s004.pointer, LAND_PTR);
        let (start, _) = comment_span(&text, &comment);
        assert_eq!(s004.start, start);
    }
}

#[test]
fn no_s004_for_a_rule_that_did_not_run() {
    let text = edit(
        &land_study(),
        &[(LAND, "\n    land:  # pip-lint: allow F004 -- motivo\n")],
    );
    let (_, doc) = json_run(&text, "F003,S");
    assert!(only(&parse_json(&doc), "S004").is_empty(), "{doc:#}");
    // Nor when S004 is not selected.
    let (_, doc) = json_run(&text, "F003,F004");
    assert!(only(&parse_json(&doc), "S004").is_empty(), "{doc:#}");
}

// ------------------------------------------------- counting and formats

/// The land study with both F003 findings waived on `land:`.
fn all_waived() -> String {
    edit(
        &land_study(),
        &[(
            LAND,
            "\n    land:  # pip-lint: allow F003 -- terreno donado, 50% libre\n",
        )],
    )
}

const REASON: &str = "terreno donado, 50% libre";

#[test]
fn waived_findings_do_not_count_nor_show_in_human_concise_github() {
    let text = all_waived();
    let human = lint_text_with(&text, &["--select", "F003,S"]);
    assert_eq!(status(&human), 0);
    assert_eq!(
        stdout(&human),
        "1 file checked: 0 errors, 0 warnings, 0 info\n"
    );
    for format in ["concise", "github"] {
        let out = lint_text_with(&text, &["--format", format, "--select", "F003,S"]);
        assert_eq!(status(&out), 0, "{format}");
        assert_eq!(stdout(&out), "", "{format}");
    }
    // Even at --fail-on info.
    let out = lint_text_with(&text, &["--fail-on", "info", "--select", "F003,S"]);
    assert_eq!(status(&out), 0);
    // Without the comment, the same run fails.
    let out = lint_text_with(&land_study(), &["--select", "F003,S"]);
    assert_eq!(status(&out), 1);
}

#[test]
fn waived_findings_are_listed_in_json_with_their_reason() {
    let text = all_waived();
    let (code, doc) = json_run(&text, "F003,S");
    assert_eq!(code, 0);
    assert_eq!(doc["diagnostics"], serde_json::json!([]));
    assert_eq!(summary(&doc), (0, 0, 0));
    assert_eq!(doc["files_checked"], 1);
    assert_eq!(
        listed(&doc, "suppressed"),
        cp(&[("F003", C_PTR), ("F003", E_PTR)])
    );
    assert_eq!(reasons(&doc), [REASON, REASON]);
    // The output schema declares `suppressed` and `suppression`.
    let problems = output_schema_problems(&doc, None);
    assert!(problems.is_empty(), "{problems:#?}");
    // Otherwise the same objects as when they are not waived; the comment adds
    // bytes to the `land:` line above them, so only their offsets move.
    let (_, plain) = json_run(&land_study(), "F003,S");
    let shift = (text.len() - land_study().len()) as u64;
    let waived = doc["suppressed"].as_array().unwrap();
    let reported = plain["diagnostics"].as_array().unwrap();
    assert_eq!(waived.len(), reported.len());
    for (s, d) in waived.iter().zip(reported) {
        for which in ["start", "end"] {
            assert_eq!(
                s["range"][which]["offset"].as_u64().unwrap(),
                d["range"][which]["offset"].as_u64().unwrap() + shift
            );
        }
        let mut s = s.clone();
        s.as_object_mut().unwrap().remove("suppression");
        assert_eq!(without_offsets(s), without_offsets(d.clone()));
    }
}

fn without_offsets(v: Value) -> Value {
    match v {
        Value::Object(map) => Value::Object(
            map.into_iter()
                .filter(|(k, _)| k != "offset")
                .map(|(k, v)| (k, without_offsets(v)))
                .collect(),
        ),
        Value::Array(items) => Value::Array(items.into_iter().map(without_offsets).collect()),
        other => other,
    }
}

#[test]
fn waived_findings_in_json_lines_carry_suppression() {
    let text = all_waived();
    let out = lint_text_with(&text, &["--format", "json-lines", "--select", "F003,S"]);
    assert_eq!(status(&out), 0);
    let lines: Vec<Value> = stdout(&out)
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(lines.len(), 2, "{}", stdout(&out));
    for (l, ptr) in lines.iter().zip([C_PTR, E_PTR]) {
        assert_eq!(l["code"], "F003");
        assert_eq!(l["pointer"], ptr);
        assert_eq!(l["suppression"]["reason"], REASON);
        let problems = output_schema_problems(l, Some("diagnostic"));
        assert!(problems.is_empty(), "{problems:#?}");
    }
}

#[test]
fn waived_findings_in_sarif_carry_a_justification() {
    let text = all_waived();
    let out = lint_text_with(&text, &["--format", "sarif", "--select", "F003,S"]);
    assert_eq!(status(&out), 0);
    let doc: Value = serde_json::from_str(&stdout(&out)).unwrap();
    let results = doc["runs"][0]["results"].as_array().unwrap();
    assert_eq!(results.len(), 2);
    for r in results {
        assert_eq!(r["ruleId"], "F003");
        let sups = r["suppressions"].as_array().expect("suppressions");
        assert_eq!(sups.len(), 1);
        assert_eq!(sups[0]["kind"], "inSource");
        assert_eq!(sups[0]["justification"], REASON);
    }
    // A finding that is not waived has no `suppressions`.
    let out = lint_text_with(&land_study(), &["--format", "sarif", "--select", "F003,S"]);
    let doc: Value = serde_json::from_str(&stdout(&out)).unwrap();
    for r in doc["runs"][0]["results"].as_array().unwrap() {
        assert!(r.get("suppressions").is_none(), "{r:#}");
    }
}

#[test]
fn waived_findings_in_junit_and_statistics() {
    let text = all_waived();
    let out = lint_text_with(&text, &["--format", "junit", "--select", "F003"]);
    assert_eq!(status(&out), 0);
    let xml = stdout(&out);
    assert!(xml.contains("failures=\"0\""), "{xml}");
    assert!(!xml.contains("<failure"), "{xml}");
    assert!(
        xml.contains("<testcase classname=\"estudio.yaml\" name=\"F003 land-split\"/>"),
        "{xml}"
    );
    let out = lint_text_with(&text, &["--statistics", "--select", "F003"]);
    assert_eq!(status(&out), 0);
    assert_eq!(
        stdout(&out).trim_end(),
        "     0  F003  land-split (+2 suppressed)"
    );
    let out = lint_text_with(
        &text,
        &["--statistics", "--format", "json", "--select", "F003"],
    );
    assert_eq!(
        json_output(&out),
        serde_json::json!([{"code": "F003", "name": "land-split", "count": 0, "suppressed": 2}])
    );
}

// ------------------------------------------------------------------- G001

#[test]
fn a_waiver_of_the_cross_file_g001_works() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let waived = edit(
        &huayllay(),
        &[(
            "\n  name: >-\n",
            "\n  # pip-lint: allow G001 -- el mismo PIP, reformulado: se reemplaza el estudio anterior\n  name: >-\n",
        )],
    );
    write(d, "a-reformulado.yaml", &waived);
    write(d, "b-original.yaml", huayllay());
    let out = run_in(
        d,
        &[
            "--no-config",
            "--format",
            "json",
            "--select",
            "G001,S",
            "a-reformulado.yaml",
            "b-original.yaml",
        ],
    );
    assert_eq!(
        status(&out),
        1,
        "the other study still has the duplicate name"
    );
    let doc = json_output(&out);
    let t = |f: &str| {
        (
            f.to_string(),
            "G001".to_string(),
            "/general/name".to_string(),
        )
    };
    assert_eq!(file_code(&doc, "diagnostics"), [t("b-original.yaml")]);
    assert_eq!(file_code(&doc, "suppressed"), [t("a-reformulado.yaml")]);
    assert_eq!(
        reasons(&doc),
        ["el mismo PIP, reformulado: se reemplaza el estudio anterior"]
    );
    // A trailing waiver on `general:` covers the name too; no S004 (it was used).
    let waived = edit(
        &huayllay(),
        &[(
            "\ngeneral:\n",
            "\ngeneral:  # pip-lint: allow name-unique -- reformulado\n",
        )],
    );
    write(d, "a-reformulado.yaml", &waived);
    let out = run_in(
        d,
        &[
            "--no-config",
            "--format",
            "json",
            "--select",
            "G001,S",
            "a-reformulado.yaml",
            "b-original.yaml",
        ],
    );
    assert_eq!(status(&out), 1);
    let doc = json_output(&out);
    assert_eq!(file_code(&doc, "diagnostics"), [t("b-original.yaml")]);
    assert_eq!(file_code(&doc, "suppressed"), [t("a-reformulado.yaml")]);
    assert_eq!(reasons(&doc), ["reformulado"]);
}

/// (file, code, pointer) of each diagnostic of `list`.
fn file_code(doc: &Value, list: &str) -> Vec<(String, String, String)> {
    doc[list]
        .as_array()
        .map(|a| {
            a.iter()
                .map(|d| {
                    (
                        d["file"].as_str().unwrap().to_string(),
                        d["code"].as_str().unwrap().to_string(),
                        d["pointer"].as_str().unwrap().to_string(),
                    )
                })
                .collect()
        })
        .unwrap_or_default()
}

// ------------------------------------------------------------------- S001

#[test]
fn s001_cannot_be_waived() {
    // A duplicate key (S001) with a waiver on it and on its parent; an F003
    // waiver in the same file shows that the comments were read.
    let text = edit(
        &land_study(),
        &[
            (
                "\n    area: urban\n",
                "\n    area: urban\n    area: rural  # pip-lint: allow S001 -- duplicado a propósito\n",
            ),
            (
                "\n  location:\n",
                "\n  location:  # pip-lint: allow S -- todo lo estructural\n",
            ),
            (
                LAND,
                "\n    land:  # pip-lint: allow F003 -- terreno donado\n",
            ),
        ],
    );
    let (code, doc) = json_run(&text, "F003,S");
    assert_eq!(code, 1, "{doc:#}");
    let ds = parse_json(&doc);
    let s001 = the_one(&ds, "S001");
    assert_eq!(s001.pointer, "/general/location/area");
    let second = text.find("    area: rural").unwrap() + 4;
    assert_eq!(s001.start, pos(text.as_bytes(), second));
    assert!(
        !listed(&doc, "suppressed").iter().any(|(c, _)| c == "S001"),
        "{doc:#}"
    );
    // The F003 waiver did work.
    assert_eq!(
        listed(&doc, "suppressed"),
        cp(&[("F003", C_PTR), ("F003", E_PTR)])
    );
    // And in the human output S001 is there.
    let out = lint_text_with(&text, &["--select", "F003,S"]);
    assert!(stdout(&out).contains("error[S001]"), "{}", stdout(&out));
}

// ------------------------------------------------ comments with no next node

#[test]
fn an_own_line_waiver_at_the_end_of_the_file_waives_nothing() {
    let comment = "# pip-lint: allow F003 -- nota final";
    let text = format!("{}{comment}\n", land_study());
    let (code, doc) = json_run(&text, "F003,S");
    assert_eq!(listed(&doc, "suppressed"), cp(&[]), "{doc:#}");
    assert_eq!(code, 1);
    let ds = parse_json(&doc);
    assert_eq!(only(&ds, "F003").len(), 2);
    // It waives nothing: S004, at the comment.
    assert_eq!(the_one(&ds, "S004").start, comment_span(&text, comment).0);
}

#[test]
fn a_trailing_waiver_after_a_closing_bracket_does_not_cover_the_whole_document() {
    let text = edit(
        &land_study(),
        &[(
            "    years: [2021, 2022, 2023]\n",
            "    years: [\n      2021, 2022, 2023\n    ]  # pip-lint: allow F003 -- cierre\n",
        )],
    );
    let (code, doc) = json_run(&text, "F003,S");
    // The comment is on the `years` sequence (far from the land): F003 stays.
    assert_eq!(listed(&doc, "suppressed"), cp(&[]), "{doc:#}");
    assert_eq!(code, 1);
    assert_eq!(only(&parse_json(&doc), "F003").len(), 2);
}

#[test]
fn a_directive_inside_a_string_is_not_a_comment() {
    let text = edit(
        &land_study(),
        &[(
            "legal_title: Título de propiedad inscrito en SUNARP (anexo 5)",
            "legal_title: \"Título inscrito # pip-lint: allow F003 -- no es comentario\"",
        )],
    );
    let (code, doc) = json_run(&text, "F003,S");
    assert_eq!(code, 1);
    assert_eq!(listed(&doc, "suppressed"), cp(&[]));
    assert_eq!(
        listed(&doc, "diagnostics"),
        cp(&[("F003", C_PTR), ("F003", E_PTR)])
    );
}

#[test]
fn a_trailing_waiver_on_the_first_key_waives_that_key_not_the_whole_study() {
    let text = land_study();
    assert!(text.contains("\npip_study: \"1\"\n") || text.starts_with("pip_study: \"1\"\n"));
    let text = text.replacen(
        "pip_study: \"1\"\n",
        "pip_study: \"1\"  # pip-lint: allow F,S002 -- solo la versión\n",
        1,
    ) + "clave_de_mas: 1\n";
    let (code, doc) = json_run(&text, "F003,S");
    assert_eq!(code, 1);
    // Nothing was waived: the comment covers `/pip_study` alone, which has no finding.
    assert_eq!(listed(&doc, "suppressed"), cp(&[]), "{doc:#}");
    let found = listed(&doc, "diagnostics");
    assert!(
        found.contains(&("S002".into(), "/clave_de_mas".into())),
        "{found:?}"
    );
    assert_eq!(
        found.iter().filter(|(c, _)| c == "F003").count(),
        2,
        "{found:?}"
    );
    // …and the unused waiver is S004, on that key.
    assert!(
        found.contains(&("S004".into(), "/pip_study".into())),
        "{found:?}"
    );
}

#[test]
fn a_word_that_starts_with_allow_is_not_a_waiver() {
    let text = edit(
        &land_study(),
        &[(
            CONSTRUCTION,
            "construction_m2: 960.0  # pip-lint: allowed F003 -- terreno donado",
        )],
    );
    let (code, doc) = json_run(&text, "F003,S");
    assert_eq!(code, 1);
    assert_eq!(listed(&doc, "suppressed"), cp(&[]));
    let found = listed(&doc, "diagnostics");
    assert!(found.contains(&("F003".into(), C_PTR.into())), "{found:?}");
    assert!(found.iter().any(|(c, _)| c == "S003"), "{found:?}");
}
