//! Output formats end to end: `concise`, `json-lines`, `sarif`, `github`,
//! `junit`, `--output FILE`; standard input (`-` with `--stdin-filename`),
//! `--statistics` and `--quiet`.
//!
//! Inputs are the bundled Huayllay study with a few edits, linted with a
//! narrow `--select` (F003, F004, …) so that rules added later do not change
//! what these tests see. Expected positions are computed here from the text
//! (see `common::pos`), never taken from pip-lint itself.

use crate::common;

use std::collections::{BTreeMap, BTreeSet};
use std::io::Write as _;
use std::path::Path;
use std::process::{Output, Stdio};

use common::*;
use serde_json::Value;

// ------------------------------------------------------------------ inputs

/// Two F003 errors (construction 40 %, expansion 10 % of 2400 m²) and one
/// F004 warning (2.5 Ω, below 3 Ω).
fn faulty() -> String {
    huayllay_with(&[NEW_FACILITY, CONSTRUCTION, EXPANSION, LOW_GROUND])
}

/// The span of the value `value` that follows the unique `key_and_value` in `text`.
fn value_span(text: &str, key_and_value: &str, value: &str) -> (Pos, Pos) {
    assert_eq!(text.matches(key_and_value).count(), 1, "{key_and_value}");
    let at = text.find(key_and_value).unwrap() + key_and_value.len() - value.len();
    assert_eq!(&text[at..at + value.len()], value);
    (
        pos(text.as_bytes(), at),
        pos(text.as_bytes(), at + value.len()),
    )
}

/// What `faulty()` must give with `--select F003,F004`: (code, severity, pointer, start, end), in order.
fn faulty_expected(text: &str) -> Vec<(&'static str, &'static str, &'static str, Pos, Pos)> {
    let (c0, c1) = value_span(text, "construction_m2: 960.0", "960.0");
    let (e0, e1) = value_span(text, "expansion_m2: 240.0", "240.0");
    let (g0, g1) = value_span(text, "ground_resistance_ohm: 2.5", "2.5");
    vec![
        (
            "F003",
            "error",
            "/formulation/requirements/land/construction_m2",
            c0,
            c1,
        ),
        (
            "F003",
            "error",
            "/formulation/requirements/land/expansion_m2",
            e0,
            e1,
        ),
        (
            "F004",
            "warning",
            "/formulation/requirements/electrical/ground_resistance_ohm",
            g0,
            g1,
        ),
    ]
}

/// A temporary folder with the faulty study at `estudios/huayllay.yaml`.
fn faulty_dir() -> (tempfile::TempDir, String) {
    let dir = tempfile::tempdir().unwrap();
    let text = faulty();
    write(dir.path(), "estudios/huayllay.yaml", &text);
    (dir, text)
}

const FAULTY: &str = "estudios/huayllay.yaml";

/// Runs pip-lint in `dir` without any configuration file.
fn lint(dir: &Path, args: &[&str]) -> Output {
    let mut all = vec!["--no-config"];
    all.extend_from_slice(args);
    run_in(dir, &all)
}

fn json_of_run(dir: &Path, args: &[&str]) -> Value {
    let mut all = vec!["--format", "json"];
    all.extend_from_slice(args);
    let out = lint(dir, &all);
    json_output(&out)
}

/// Runs pip-lint in `dir` with `input` on standard input.
fn run_stdin(dir: &Path, args: &[&str], input: &[u8]) -> Output {
    run_stdin_config(dir, None, args, input)
}

/// Runs pip-lint in `dir` with `input` on standard input and the
/// configuration file `config` (none: `--no-config`).
fn run_stdin_config(dir: &Path, config: Option<&str>, args: &[&str], input: &[u8]) -> Output {
    let config = match config {
        Some(file) => vec!["--config", file],
        None => vec!["--no-config"],
    };
    let mut child = bin()
        .current_dir(dir)
        .args(config)
        .args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("run pip-lint");
    child.stdin.take().unwrap().write_all(input).unwrap();
    child.wait_with_output().unwrap()
}

#[test]
fn report_reads_a_study_from_standard_input() {
    // `report -` reads standard input, as the top-level command does: the same
    // report as from the file, under the name `-`.
    let dir = tempfile::tempdir().unwrap();
    let text = huayllay();
    std::fs::write(dir.path().join("estudio.yaml"), &text).unwrap();
    let args = ["report", "--lang", "es", "--format", "markdown"];
    let piped = run_stdin(dir.path(), &[&args[..], &["-"]].concat(), text.as_bytes());
    let named = run_in(
        dir.path(),
        &[&["--no-config"][..], &args[..], &["estudio.yaml"]].concat(),
    );
    assert_eq!(status(&piped), status(&named), "{}", stderr(&piped));
    assert!(!stdout(&piped).is_empty());
    let piped = stdout(&piped);
    assert!(piped.contains("Estudio: `-` ·"), "{piped}");
    let same = piped.replacen("Estudio: `-` ·", "Estudio: `estudio.yaml` ·", 1) == stdout(&named);
    assert!(same, "the report differs beyond the study's name");
}

#[test]
fn report_from_standard_input_takes_the_stdin_filename() {
    // As `check` does, `report -` names standard input after `--stdin-filename`:
    // in the report's title, its snippets, and the per-file ignores it matches.
    let dir = tempfile::tempdir().unwrap();
    let text = huayllay_with(&[("ground_resistance_ohm: 4.2", "ground_resistance_ohm: 9")]);
    std::fs::write(
        dir.path().join("pip-lint.toml"),
        "[per-file-ignores]\n\"estudios/*.yaml\" = [\"F004\"]\n",
    )
    .unwrap();
    let args = [
        "--stdin-filename",
        "estudios/h.yaml",
        "report",
        "--lang",
        "en",
        "--format",
        "markdown",
        "-",
    ];
    let ignored = run_stdin_config(dir.path(), Some("pip-lint.toml"), &args, text.as_bytes());
    assert_eq!(status(&ignored), 0, "{}", stderr(&ignored));
    let md = stdout(&ignored);
    assert!(md.contains("Study: `estudios/h.yaml` ·"), "{md}");
    assert!(!md.contains("error[F004]"), "{md}");
    // Without the configuration F004 fires, and its snippet carries the name.
    let fired = run_stdin(dir.path(), &args, text.as_bytes());
    assert_eq!(status(&fired), 1, "{}", stderr(&fired));
    let md = stdout(&fired);
    assert!(md.contains("--> estudios/h.yaml:"), "{md}");
    assert!(!md.contains("--> -:"), "{md}");
}

fn pos_of(v: &Value) -> (u64, u64) {
    (v["line"].as_u64().unwrap(), v["column"].as_u64().unwrap())
}

fn files_in(dir: &Path) -> BTreeSet<String> {
    let mut out = BTreeSet::new();
    for e in walk(dir) {
        out.insert(
            e.strip_prefix(dir)
                .unwrap()
                .to_string_lossy()
                .replace('\\', "/"),
        );
    }
    out
}

fn walk(dir: &Path) -> Vec<std::path::PathBuf> {
    let mut out = Vec::new();
    for e in std::fs::read_dir(dir).unwrap() {
        let p = e.unwrap().path();
        if p.is_dir() {
            out.extend(walk(&p));
        } else {
            out.push(p);
        }
    }
    out
}

// ----------------------------------------------------------------- concise

#[test]
fn concise_lines_are_path_line_col_code_message() {
    let (dir, text) = faulty_dir();
    let out = lint(
        dir.path(),
        &["--format", "concise", "--select", "F003,F004", FAULTY],
    );
    assert_eq!(status(&out), 1, "{}", stderr(&out));
    let doc = json_of_run(dir.path(), &["--select", "F003,F004", FAULTY]);
    let messages: Vec<&str> = doc["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| d["message"].as_str().unwrap())
        .collect();
    let expected: Vec<String> = faulty_expected(&text)
        .iter()
        .zip(&messages)
        .map(|((code, _, _, start, _), message)| {
            format!("{FAULTY}:{}:{}: {code} {message}", start.line, start.column)
        })
        .collect();
    assert_eq!(messages.len(), 3, "{doc:#}");
    let text_out = stdout(&out);
    let got: Vec<&str> = text_out.lines().collect();
    assert_eq!(got, expected);
    // Nothing else: no summary, no blank line, no colour.
    assert!(stdout(&out).ends_with(")\n"), "{}", stdout(&out));
    assert!(!stdout(&out).contains('\x1b'));
    // The messages are the findings we built.
    assert!(
        got[0].contains(" F003 the construction area is 960 m², 40 %"),
        "{got:?}"
    );
    assert!(
        got[1].contains(" F003 the future-expansion area is 240 m², 10 %"),
        "{got:?}"
    );
    assert!(
        got[2].contains(" F004 the grounding resistance is 2.5 Ω"),
        "{got:?}"
    );
}

#[test]
fn concise_is_empty_for_a_clean_selection() {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "ok.yaml", huayllay());
    let out = lint(
        dir.path(),
        &["--format", "concise", "--select", "F003,F004", "ok.yaml"],
    );
    assert_eq!(status(&out), 0, "{}", stderr(&out));
    assert_eq!(stdout(&out), "");
}

// -------------------------------------------------------------- json-lines

#[test]
fn json_lines_has_one_contract_object_per_line() {
    let (dir, text) = faulty_dir();
    let out = lint(
        dir.path(),
        &["--format", "json-lines", "--select", "F003,F004", FAULTY],
    );
    assert_eq!(status(&out), 1, "{}", stderr(&out));
    let s = stdout(&out);
    assert!(s.ends_with('\n'));
    let objects: Vec<Value> = s
        .lines()
        .map(|l| {
            assert!(!l.trim().is_empty(), "blank line in {s}");
            serde_json::from_str(l).unwrap_or_else(|e| panic!("not JSON: {e}: {l}"))
        })
        .collect();
    let expected = faulty_expected(&text);
    assert_eq!(objects.len(), expected.len(), "{s}");
    for (o, (code, severity, pointer, start, end)) in objects.iter().zip(&expected) {
        for key in [
            "code",
            "name",
            "severity",
            "message",
            "criterion",
            "file",
            "pointer",
            "range",
            "related",
        ] {
            assert!(o.get(key).is_some(), "{key} missing in {o}");
        }
        assert_eq!(o["code"], *code);
        assert_eq!(o["severity"], *severity);
        assert_eq!(o["pointer"], *pointer);
        assert_eq!(o["file"], FAULTY);
        assert_eq!(o["criterion"], "3.6.1");
        assert!(o["related"].is_array());
        assert!(o.get("suppression").is_none(), "{o}");
        for (which, p) in [("start", start), ("end", end)] {
            assert_eq!(
                o["range"][which],
                serde_json::json!({"line": p.line, "column": p.column, "offset": p.offset}),
                "{which} of {o}"
            );
        }
    }
    assert_eq!(objects[0]["name"], "land-split");
    assert_eq!(objects[2]["name"], "ground-resistance");
    // The very objects of `--format json`, in the same order.
    let doc = json_of_run(dir.path(), &["--select", "F003,F004", FAULTY]);
    assert_eq!(Value::Array(objects), doc["diagnostics"]);
}

// -------------------------------------------------------------------- SARIF

fn sarif_of(dir: &Path, args: &[&str]) -> Value {
    let mut all = vec!["--format", "sarif"];
    all.extend_from_slice(args);
    let out = lint(dir, &all);
    assert_ne!(status(&out), 2, "{}", stderr(&out));
    serde_json::from_str(&stdout(&out))
        .unwrap_or_else(|e| panic!("SARIF is not JSON: {e}\n{}", stdout(&out)))
}

fn assert_valid_sarif(doc: &Value) {
    let mut schema: Value =
        serde_json::from_str(&read("tests/data/sarif-schema-2.1.0.json")).unwrap();
    // The official schema's pattern for `language` (of `run` and `toolComponent`)
    // has a stray `]`, which the `jsonschema` crate refuses as a regular expression
    // when it checks the schema itself. pip-lint never writes `language`; the
    // pattern is replaced in memory by the one it means (a language tag such as
    // `en` or `en-US`), and the file is left as published.
    fn fix_language_patterns(v: &mut Value) -> usize {
        match v {
            Value::Object(map) => {
                let mut n = 0;
                for (k, child) in map.iter_mut() {
                    if k == "pattern" && *child == "^[a-zA-Z]{2}|^[a-zA-Z]{2}-[a-zA-Z]{2}]?$" {
                        *child = Value::from("^[a-zA-Z]{2}(-[a-zA-Z]{2})?$");
                        n += 1;
                    } else {
                        n += fix_language_patterns(child);
                    }
                }
                n
            }
            Value::Array(items) => items.iter_mut().map(fix_language_patterns).sum(),
            _ => 0,
        }
    }
    assert_eq!(fix_language_patterns(&mut schema), 2);
    // This copy of the schema keeps the log's own schema under `definitions/Root`,
    // and its top level has nothing else: as it stands it accepts any JSON at all.
    // The root is hoisted so that the document itself is checked.
    let root = schema["definitions"]["Root"]
        .as_object()
        .expect("definitions/Root")
        .clone();
    for key in ["type", "properties", "required", "additionalProperties"] {
        assert!(
            schema.get(key).is_none(),
            "the schema has a top-level {key} now"
        );
        schema[key] = root[key].clone();
    }
    let validator = jsonschema::validator_for(&schema).expect("the SARIF schema compiles");
    let problems: Vec<String> = validator
        .iter_errors(doc)
        .map(|e| format!("{e} at {}", e.instance_path()))
        .collect();
    assert!(problems.is_empty(), "{problems:#?}\n{doc:#}");
}

fn results(doc: &Value) -> &Vec<Value> {
    doc["runs"][0]["results"].as_array().expect("results")
}

fn physical(r: &Value) -> &Value {
    &r["locations"][0]["physicalLocation"]
}

#[test]
fn sarif_validates_against_the_sarif_schema() {
    let (dir, _) = faulty_dir();
    let doc = sarif_of(dir.path(), &["--select", "F003,F004", FAULTY]);
    assert_valid_sarif(&doc);
    assert_eq!(doc["version"], "2.1.0");
    assert_eq!(doc["runs"].as_array().unwrap().len(), 1);
    let run = &doc["runs"][0];
    assert_eq!(run["tool"]["driver"]["name"], "pip-lint");
    assert_eq!(run["columnKind"], "unicodeCodePoints");
    assert_eq!(results(&doc).len(), 3);
    // The validator does reject what SARIF forbids (or the check above proves nothing).
    let mut broken = doc.clone();
    broken["runs"][0]["results"][0]["level"] = Value::from("fatal");
    assert!(
        std::panic::catch_unwind(|| assert_valid_sarif(&broken)).is_err(),
        "a result with level `fatal` passed the SARIF schema"
    );
    // A clean run is valid SARIF too, with no results and no rules.
    write(dir.path(), "ok.yaml", huayllay());
    let clean = sarif_of(dir.path(), &["--select", "F003,F004", "ok.yaml"]);
    assert_valid_sarif(&clean);
    assert_eq!(results(&clean).len(), 0);
    assert_eq!(
        clean["runs"][0]["tool"]["driver"]["rules"],
        serde_json::json!([])
    );
}

#[test]
fn sarif_results_match_the_json_output() {
    let (dir, text) = faulty_dir();
    let doc = sarif_of(dir.path(), &["--select", "F003,F004", FAULTY]);
    let json = json_of_run(dir.path(), &["--select", "F003,F004", FAULTY]);
    let diags = json["diagnostics"].as_array().unwrap();
    let rs = results(&doc);
    assert_eq!(rs.len(), diags.len());
    let rules = doc["runs"][0]["tool"]["driver"]["rules"]
        .as_array()
        .unwrap();
    let expected = faulty_expected(&text);
    for ((r, d), (code, severity, pointer, start, end)) in rs.iter().zip(diags).zip(&expected) {
        assert_eq!(r["ruleId"], *code);
        assert_eq!(r["ruleId"], d["code"]);
        let level = match *severity {
            "error" => "error",
            "warning" => "warning",
            _ => "note",
        };
        assert_eq!(r["level"], level, "{r:#}");
        assert_eq!(r["message"]["text"].as_str().unwrap(), d["message"]);
        let index = r["ruleIndex"].as_u64().unwrap() as usize;
        assert_eq!(rules[index]["id"], *code, "ruleIndex of {r:#}");
        let loc = physical(r);
        assert_eq!(loc["artifactLocation"]["uri"], FAULTY);
        assert_eq!(loc["artifactLocation"]["uriBaseId"], "%SRCROOT%");
        let region = &loc["region"];
        assert_eq!(
            (
                region["startLine"].as_u64().unwrap(),
                region["startColumn"].as_u64().unwrap()
            ),
            pos_of(&d["range"]["start"])
        );
        assert_eq!(
            (
                region["endLine"].as_u64().unwrap(),
                region["endColumn"].as_u64().unwrap()
            ),
            pos_of(&d["range"]["end"])
        );
        assert_eq!(
            region["startLine"].as_u64().unwrap() as usize,
            start.line,
            "{r:#}"
        );
        assert_eq!(
            region["startColumn"].as_u64().unwrap() as usize,
            start.column
        );
        assert_eq!(region["endLine"].as_u64().unwrap() as usize, end.line);
        assert_eq!(region["endColumn"].as_u64().unwrap() as usize, end.column);
        assert_eq!(
            r["locations"][0]["logicalLocations"][0]["fullyQualifiedName"],
            *pointer
        );
        assert!(r.get("suppressions").is_none(), "{r:#}");
    }
}

#[test]
fn sarif_lists_only_the_rules_that_fired() {
    // F003 fires (twice); F004, G001, G002 and I001 are selected but stay quiet.
    let dir = tempfile::tempdir().unwrap();
    write(
        dir.path(),
        "estudio.yaml",
        huayllay_with(&[NEW_FACILITY, CONSTRUCTION, EXPANSION]),
    );
    let doc = sarif_of(
        dir.path(),
        &["--select", "F003,F004,G001,G002,I001", "estudio.yaml"],
    );
    assert_valid_sarif(&doc);
    let rules = doc["runs"][0]["tool"]["driver"]["rules"]
        .as_array()
        .unwrap();
    let ids: Vec<&str> = rules.iter().map(|r| r["id"].as_str().unwrap()).collect();
    assert_eq!(ids, ["F003"]);
    let rule = &rules[0];
    assert_eq!(rule["name"], "land-split");
    // The descriptions are the rule's own (its title and explanation).
    let listed = run(&["--no-config", "rules", "--format", "json"]);
    let listed: Value = serde_json::from_str(&stdout(&listed)).unwrap();
    let f003 = listed
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["code"] == "F003")
        .unwrap();
    assert_eq!(rule["shortDescription"]["text"], f003["title"]["en"]);
    let full = rule["fullDescription"]["text"].as_str().unwrap();
    assert!(full.contains("§3.6.1") && full.len() > 100, "{full}");
    let help = rule["help"]["text"].as_str().unwrap();
    assert!(!help.trim().is_empty());
    assert_eq!(rule["defaultConfiguration"]["level"], "error");
    for r in results(&doc) {
        assert_eq!(r["ruleIndex"], 0);
    }
}

fn fingerprints(doc: &Value) -> BTreeMap<(String, String), (String, u64)> {
    results(doc)
        .iter()
        .map(|r| {
            let fp = r["partialFingerprints"]
                .as_object()
                .expect("partialFingerprints")
                .values()
                .map(|v| v.as_str().unwrap().to_string())
                .collect::<Vec<_>>()
                .join("|");
            assert!(!fp.is_empty(), "{r:#}");
            (
                (
                    r["ruleId"].as_str().unwrap().to_string(),
                    r["locations"][0]["logicalLocations"][0]["fullyQualifiedName"]
                        .as_str()
                        .unwrap()
                        .to_string(),
                ),
                (fp, physical(r)["region"]["startLine"].as_u64().unwrap()),
            )
        })
        .collect()
}

#[test]
fn sarif_fingerprints_survive_lines_inserted_above_and_tell_findings_apart() {
    let (dir, text) = faulty_dir();
    let before = fingerprints(&sarif_of(dir.path(), &["--select", "F003,F004", FAULTY]));
    assert_eq!(before.len(), 3, "{before:#?}");
    write(
        dir.path(),
        FAULTY,
        format!("# revisado por el evaluador\n{text}"),
    );
    let after = fingerprints(&sarif_of(dir.path(), &["--select", "F003,F004", FAULTY]));
    assert_eq!(
        before.keys().collect::<Vec<_>>(),
        after.keys().collect::<Vec<_>>()
    );
    for (k, (fp, line)) in &before {
        let (fp2, line2) = &after[k];
        assert_eq!(*line2, line + 1, "{k:?} moved one line down");
        assert_eq!(
            fp, fp2,
            "fingerprint of {k:?} changed when a line was inserted"
        );
    }
    // Two different findings (even of one rule) have different fingerprints.
    let distinct: BTreeSet<&String> = before.values().map(|(fp, _)| fp).collect();
    assert_eq!(distinct.len(), before.len(), "{before:#?}");
}

#[test]
fn sarif_fingerprints_differ_for_two_findings_at_the_same_node() {
    // Two required keys missing from one mapping: two distinct S002 findings,
    // both at /general/location (the parent of the missing keys).
    let dir = tempfile::tempdir().unwrap();
    write(
        dir.path(),
        "estudio.yaml",
        huayllay_with(&[
            ("    department: Pasco\n", ""),
            ("    province: Pasco\n", ""),
        ]),
    );
    let doc = sarif_of(dir.path(), &["--select", "S002", "estudio.yaml"]);
    let rs = results(&doc);
    assert_eq!(rs.len(), 2, "{doc:#}");
    assert_ne!(rs[0]["message"], rs[1]["message"]);
    assert_ne!(
        rs[0]["partialFingerprints"], rs[1]["partialFingerprints"],
        "two different findings must not share a fingerprint (code scanning would merge them)"
    );
}

#[test]
fn sarif_uri_of_a_path_outside_the_working_directory_is_absolute() {
    let (dir, _) = faulty_dir();
    let elsewhere = tempfile::tempdir().unwrap();
    let abs = dir.path().join(FAULTY);
    let doc = sarif_of(
        elsewhere.path(),
        &["--select", "F003", abs.to_str().unwrap()],
    );
    assert_valid_sarif(&doc);
    let loc = &physical(&results(&doc)[0])["artifactLocation"];
    assert_eq!(loc["uri"], format!("file://{}", abs.display()));
    assert!(loc.get("uriBaseId").is_none(), "{loc}");
    // An absolute path inside the working directory is made relative.
    let doc = sarif_of(dir.path(), &["--select", "F003", abs.to_str().unwrap()]);
    let loc = &physical(&results(&doc)[0])["artifactLocation"];
    assert_eq!(loc["uri"], FAULTY);
    assert_eq!(loc["uriBaseId"], "%SRCROOT%");
}

#[test]
fn sarif_uri_is_percent_encoded() {
    let dir = tempfile::tempdir().unwrap();
    write(
        dir.path(),
        "mis estudios/huayllay 2024.yaml",
        huayllay_with(&[NEW_FACILITY, CONSTRUCTION]),
    );
    let doc = sarif_of(
        dir.path(),
        &["--select", "F003", "mis estudios/huayllay 2024.yaml"],
    );
    let loc = &physical(&results(&doc)[0])["artifactLocation"];
    assert_eq!(loc["uri"], "mis%20estudios/huayllay%202024.yaml");
    assert_valid_sarif(&doc);
}

// ------------------------------------------------------------------- GitHub

/// GitHub's escaping, written out again here rather than borrowed from pip-lint.
fn gh_data(s: &str) -> String {
    s.replace('%', "%25")
        .replace('\r', "%0D")
        .replace('\n', "%0A")
}

#[test]
fn github_annotations_are_escaped_and_located() {
    let (dir, text) = faulty_dir();
    let out = lint(
        dir.path(),
        &["--format", "github", "--select", "F003,F004", FAULTY],
    );
    assert_eq!(status(&out), 1, "{}", stderr(&out));
    let json = json_of_run(dir.path(), &["--select", "F003,F004", FAULTY]);
    let diags = json["diagnostics"].as_array().unwrap();
    let text_out = stdout(&out);
    let lines: Vec<&str> = text_out.lines().collect();
    assert_eq!(lines.len(), 3, "{}", stdout(&out));
    for ((line, d), (code, severity, _, start, end)) in
        lines.iter().zip(diags).zip(faulty_expected(&text))
    {
        let name = d["name"].as_str().unwrap();
        let mut message = d["message"].as_str().unwrap().to_string();
        if let Some(h) = d.get("help").and_then(Value::as_str) {
            message = format!("{message}\n{h}");
        }
        let expected = format!(
            "::{severity} file={FAULTY},line={},col={},endLine={},endColumn={},title={code} {name}::{}",
            start.line,
            start.column,
            end.line,
            end.column,
            gh_data(&message)
        );
        assert_eq!(*line, expected);
    }
    // F003's messages carry percentages: each `%` is written `%25`.
    assert!(diags[0]["message"].as_str().unwrap().contains('%'));
    assert!(lines[0].contains("%25"), "{}", lines[0]);
    assert!(
        !lines[0]
            .split("::")
            .last()
            .unwrap()
            .replace("%25", "")
            .contains('%'),
        "{}",
        lines[0]
    );
}

#[test]
fn github_escapes_newlines_and_properties_and_maps_info_to_notice() {
    // A rule of our own: severity info, a message with `%`, `<`, `&`, and a help
    // text, which the annotation adds after a newline.
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "reglas/G901-altitude.yaml", ALTITUDE_RULE);
    let name = "a,b:c.yaml";
    write(dir.path(), name, huayllay());
    let out = lint(
        dir.path(),
        &["--rules", "reglas", "--format", "github", name],
    );
    assert_eq!(status(&out), 0, "{}", stderr(&out));
    let (start, end) = value_span(&huayllay(), "altitude_m: 4310", "4310");
    assert_eq!(
        stdout(&out),
        format!(
            "::notice file=a%2Cb%3Ac.yaml,line={},col={},endLine={},endColumn={},title=G901 altitude-percent::\
             the altitude is 4310 m, 100%25 over <4000> & more%0Alower the altitude by 5%25\n",
            start.line, start.column, end.line, end.column
        )
    );
}

/// An info rule whose texts need escaping in every format.
const ALTITUDE_RULE: &str = r#"code: G901
name: altitude-percent
severity: info
criterion: "1.1"
title: {es: "Altitud de prueba", en: "Test altitude"}
message: {es: "la altitud es {value} m, 100% sobre <4000> & más", en: "the altitude is {value} m, 100% over <4000> & more"}
explanation: {es: "Una regla de prueba.", en: "A test rule."}
help: {es: "baje la altitud un 5%", en: "lower the altitude by 5%"}
given: $.general.location
then:
  - function: range
    field: altitude_m
    options: {max: 4000}
"#;

// -------------------------------------------------------------------- JUnit

/// A minimal XML element tree, enough to check well-formedness and structure.
#[derive(Debug)]
struct Element {
    name: String,
    attrs: BTreeMap<String, String>,
    children: Vec<Element>,
    text: String,
}

impl Element {
    fn attr(&self, k: &str) -> &str {
        self.attrs
            .get(k)
            .unwrap_or_else(|| panic!("<{}> has no {k}", self.name))
    }
    fn all(&self, name: &str) -> Vec<&Element> {
        self.children.iter().filter(|c| c.name == name).collect()
    }
}

fn unescape(s: &str) -> String {
    let mut out = String::new();
    let mut rest = s;
    while let Some(i) = rest.find('&') {
        out.push_str(&rest[..i]);
        let end = rest[i..]
            .find(';')
            .unwrap_or_else(|| panic!("unterminated entity in {s:?}"));
        let entity = &rest[i + 1..i + end];
        out.push(match entity {
            "amp" => '&',
            "lt" => '<',
            "gt" => '>',
            "quot" => '"',
            "apos" => '\'',
            e if e.starts_with("#x") => {
                char::from_u32(u32::from_str_radix(&e[2..], 16).unwrap()).unwrap()
            }
            e if e.starts_with('#') => char::from_u32(e[1..].parse().unwrap()).unwrap(),
            e => panic!("unknown entity &{e}; in {s:?}"),
        });
        rest = &rest[i + end + 1..];
    }
    out.push_str(rest);
    out
}

fn is_name_char(c: char) -> bool {
    c.is_alphanumeric() || matches!(c, '_' | '-' | '.' | ':')
}

/// Parses a whole XML document (prolog, one root element, nothing after).
fn parse_xml(doc: &str) -> Element {
    let mut s = doc;
    if let Some(rest) = s.strip_prefix("<?xml") {
        let end = rest.find("?>").expect("closed XML declaration");
        assert!(rest[..end].contains("version=\"1.0\""), "{doc}");
        s = &rest[end + 2..];
    }
    let s = s.trim_start();
    let (root, rest) = parse_element(s);
    assert!(rest.trim().is_empty(), "content after the root: {rest:?}");
    root
}

fn parse_element(s: &str) -> (Element, &str) {
    let s = s
        .strip_prefix('<')
        .unwrap_or_else(|| panic!("expected <: {s:.40}"));
    let name_end = s.find(|c: char| !is_name_char(c)).unwrap();
    let name = s[..name_end].to_string();
    assert!(!name.is_empty(), "element without a name: {s:.40}");
    let mut s = &s[name_end..];
    let mut attrs = BTreeMap::new();
    loop {
        s = s.trim_start();
        if let Some(rest) = s.strip_prefix("/>") {
            return (
                Element {
                    name,
                    attrs,
                    children: Vec::new(),
                    text: String::new(),
                },
                rest,
            );
        }
        if let Some(rest) = s.strip_prefix('>') {
            s = rest;
            break;
        }
        let eq = s
            .find('=')
            .unwrap_or_else(|| panic!("attribute without value: {s:.40}"));
        let key = s[..eq].trim().to_string();
        assert!(key.chars().all(is_name_char) && !key.is_empty(), "{key:?}");
        let rest = s[eq + 1..].trim_start();
        let quote = rest.chars().next().unwrap();
        assert!(quote == '"' || quote == '\'', "unquoted attribute {key}");
        let close = rest[1..].find(quote).expect("closed attribute") + 1;
        let raw = &rest[1..close];
        assert!(!raw.contains('<'), "raw < in attribute {key}: {raw:?}");
        assert!(
            attrs.insert(key.clone(), unescape(raw)).is_none(),
            "attribute {key} twice"
        );
        s = &rest[close + 1..];
    }
    let mut children = Vec::new();
    let mut text = String::new();
    loop {
        let lt = s.find('<').expect("unclosed element");
        let raw = &s[..lt];
        text.push_str(&unescape(raw));
        s = &s[lt..];
        if let Some(rest) = s.strip_prefix("</") {
            let end = rest.find('>').unwrap();
            assert_eq!(rest[..end].trim(), name, "mismatched closing tag");
            return (
                Element {
                    name,
                    attrs,
                    children,
                    text,
                },
                &rest[end + 1..],
            );
        }
        let (child, rest) = parse_element(s);
        children.push(child);
        s = rest;
    }
}

#[test]
fn xml_checker_rejects_malformed_documents() {
    // The checker must be able to fail, or it proves nothing.
    for bad in [
        "<a><b></a></b>",
        "<a x=1/>",
        "<a>x & y</a>",
        "<a x=\"<\"/>",
        "<a></a><b/>",
        "<a>",
    ] {
        assert!(
            std::panic::catch_unwind(|| parse_xml(bad)).is_err(),
            "accepted {bad}"
        );
    }
    let ok = parse_xml("<?xml version=\"1.0\"?>\n<a k=\"&lt;&amp;\"><b/>t&gt;</a>\n");
    assert_eq!(ok.attr("k"), "<&");
    assert_eq!(ok.text, "t>");
}

#[test]
fn junit_has_one_testcase_per_selected_rule_per_study() {
    let (dir, _) = faulty_dir();
    write(dir.path(), "estudios/limpio.yaml", huayllay());
    let out = lint(
        dir.path(),
        &["--format", "junit", "--select", "F003,F004", "estudios"],
    );
    assert_eq!(status(&out), 1, "{}", stderr(&out));
    let xml = stdout(&out);
    assert!(
        xml.starts_with("<?xml version=\"1.0\" encoding=\"UTF-8\"?>"),
        "{xml}"
    );
    let root = parse_xml(&xml);
    assert_eq!(root.name, "testsuites");
    let suites = root.all("testsuite");
    assert_eq!(
        suites.iter().map(|s| s.attr("name")).collect::<Vec<_>>(),
        ["estudios/huayllay.yaml", "estudios/limpio.yaml"]
    );
    // S001 is always checked (a file that cannot be read never passes), so it is
    // a selected rule too.
    let rule_cases = [
        "S001 yaml-syntax",
        "F003 land-split",
        "F004 ground-resistance",
    ];
    for suite in &suites {
        let cases = suite.all("testcase");
        assert_eq!(
            cases.iter().map(|c| c.attr("name")).collect::<Vec<_>>(),
            rule_cases,
            "{suite:#?}"
        );
        assert_eq!(suite.attr("tests"), "3");
        for c in &cases {
            assert_eq!(c.attr("classname"), suite.attr("name"));
        }
    }
    let json = json_of_run(dir.path(), &["--select", "F003,F004", FAULTY]);
    let first_f003 = json["diagnostics"][0]["message"].as_str().unwrap();
    let exp = faulty_expected(&faulty());
    let at = |i: usize| format!("{FAULTY}:{}:{}:", exp[i].3.line, exp[i].3.column);
    // The faulty study: F003 fails (errors), F004 only warns (no failure).
    let faulty = suites[0];
    assert_eq!(faulty.attr("failures"), "1");
    let cases = faulty.all("testcase");
    assert!(cases[0].children.is_empty(), "{:#?}", cases[0]);
    let failures = cases[1].all("failure");
    assert_eq!(failures.len(), 1, "{:#?}", cases[1]);
    assert_eq!(failures[0].attr("type"), "F003");
    assert_eq!(failures[0].attr("message"), first_f003);
    let body: Vec<&str> = failures[0].text.lines().collect();
    assert_eq!(body.len(), 2, "{body:#?}");
    assert!(
        body[0].starts_with(&format!(
            "{} error [/formulation/requirements/land/construction_m2] the construction area",
            at(0)
        )),
        "{body:#?}"
    );
    assert!(
        body[1].starts_with(&format!(
            "{} error [/formulation/requirements/land/expansion_m2] the future-expansion area",
            at(1)
        )),
        "{body:#?}"
    );
    assert!(cases[2].all("failure").is_empty(), "{:#?}", cases[2]);
    let out = cases[2].all("system-out");
    assert_eq!(out.len(), 1, "{:#?}", cases[2]);
    assert!(
        out[0].text.starts_with(&format!("{} warning [", at(2))),
        "{}",
        out[0].text
    );
    // The clean study: no failures at all.
    let clean = suites[1];
    assert_eq!(clean.attr("failures"), "0");
    assert!(clean.all("testcase").iter().all(|c| c.children.is_empty()));
    assert_eq!(root.attr("tests"), "6");
    assert_eq!(root.attr("failures"), "1");
}

#[test]
fn junit_escapes_markup_in_messages() {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "reglas/G901-altitude.yaml", ALTITUDE_RULE);
    write(dir.path(), "a&b.yaml", huayllay());
    let out = lint(
        dir.path(),
        &["--rules", "reglas", "--format", "junit", "a&b.yaml"],
    );
    assert_eq!(status(&out), 0, "{}", stderr(&out));
    let root = parse_xml(&stdout(&out));
    let suite = &root.all("testsuite")[0];
    assert_eq!(suite.attr("name"), "a&b.yaml");
    let case = suite
        .all("testcase")
        .into_iter()
        .find(|c| c.attr("name") == "G901 altitude-percent")
        .expect("a testcase for the rule");
    let out = case.all("system-out");
    assert!(
        out[0].text.contains(
            "info [/general/location/altitude_m] the altitude is 4310 m, 100% over <4000> & more"
        ),
        "{}",
        out[0].text
    );
}

// ------------------------------------------------------------------ --output

#[test]
fn output_writes_the_file_and_nothing_to_stdout() {
    let (dir, _) = faulty_dir();
    let reference = lint(
        dir.path(),
        &["--format", "sarif", "--select", "F003,F004", FAULTY],
    );
    for flag in ["--output", "-o"] {
        let out = lint(
            dir.path(),
            &[
                "--format",
                "sarif",
                flag,
                "informe.sarif",
                "--select",
                "F003,F004",
                FAULTY,
            ],
        );
        assert_eq!(status(&out), 1, "the exit status is still the findings'");
        assert_eq!(stdout(&out), "", "{flag}");
        assert_eq!(stderr(&out), "", "{flag}");
        let written = std::fs::read_to_string(dir.path().join("informe.sarif")).unwrap();
        assert_eq!(written, stdout(&reference));
        // Its mode is that of any new file (not the temporary file's private 0600).
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            let mode = |p: &Path| std::fs::metadata(p).unwrap().permissions().mode() & 0o777;
            let probe = tempfile::tempdir().unwrap();
            std::fs::write(probe.path().join("p"), "").unwrap();
            assert_eq!(
                mode(&dir.path().join("informe.sarif")),
                mode(&probe.path().join("p"))
            );
        }
        // No temporary file left beside it.
        assert_eq!(
            files_in(dir.path()),
            BTreeSet::from([
                "estudios/huayllay.yaml".to_string(),
                "informe.sarif".to_string()
            ])
        );
    }
    // An existing file is replaced, in another folder too.
    write(dir.path(), "out/r.json", "viejo");
    let out = lint(
        dir.path(),
        &[
            "--format",
            "json",
            "--output",
            "out/r.json",
            "--select",
            "F003",
            FAULTY,
        ],
    );
    assert_eq!(status(&out), 1);
    assert_eq!(stdout(&out), "");
    let doc: Value =
        serde_json::from_str(&std::fs::read_to_string(dir.path().join("out/r.json")).unwrap())
            .unwrap();
    assert_eq!(doc["summary"]["error"], 2);
    assert_eq!(
        files_in(&dir.path().join("out")),
        BTreeSet::from(["r.json".to_string()])
    );
}

#[test]
fn output_to_an_unwritable_place_exits_2() {
    let (dir, _) = faulty_dir();
    let out = lint(
        dir.path(),
        &[
            "--format",
            "json",
            "--output",
            "no/such/folder/r.json",
            "--select",
            "F003",
            FAULTY,
        ],
    );
    assert_eq!(status(&out), 2);
    assert!(
        stderr(&out).contains("no/such/folder/r.json"),
        "{}",
        stderr(&out)
    );
    // A folder in the way: the rename fails, and the temporary file is removed.
    std::fs::create_dir(dir.path().join("informe.json")).unwrap();
    let out = lint(
        dir.path(),
        &[
            "--format",
            "json",
            "--output",
            "informe.json",
            "--select",
            "F003",
            FAULTY,
        ],
    );
    assert_eq!(status(&out), 2);
    assert_eq!(stdout(&out), "");
    assert_eq!(
        files_in(dir.path()),
        BTreeSet::from(["estudios/huayllay.yaml".to_string()])
    );
}

// -------------------------------------------------------------------- stdin

#[test]
fn stdin_is_reported_under_the_stdin_filename() {
    let (dir, text) = faulty_dir();
    let out = run_stdin(
        dir.path(),
        &[
            "-",
            "--stdin-filename",
            "estudio.yaml",
            "--format",
            "json",
            "--select",
            "F003,F004",
        ],
        text.as_bytes(),
    );
    assert_eq!(status(&out), 1, "{}", stderr(&out));
    let doc = json_output(&out);
    assert_eq!(doc["files_checked"], 1);
    let ds = parse_json(&doc);
    let expected = faulty_expected(&text);
    assert_eq!(ds.len(), expected.len());
    for (d, (code, _, pointer, start, end)) in ds.iter().zip(&expected) {
        assert_eq!(d.raw["file"], "estudio.yaml");
        assert_eq!(d.code, *code);
        assert_eq!(d.pointer, *pointer);
        assert_eq!(d.start, *start);
        assert_eq!(d.end, *end);
    }
    let concise = run_stdin(
        dir.path(),
        &[
            "-",
            "--stdin-filename",
            "estudio.yaml",
            "--format",
            "concise",
            "--select",
            "F003",
        ],
        text.as_bytes(),
    );
    let text_out = stdout(&concise);
    let lines: Vec<&str> = text_out.lines().collect();
    assert_eq!(lines.len(), 2);
    for (line, e) in lines.iter().zip(&expected) {
        let prefix = format!("estudio.yaml:{}:{}: F003 ", e.3.line, e.3.column);
        assert!(line.starts_with(&prefix), "{lines:?}");
    }
    // Human output names it too.
    let human = run_stdin(
        dir.path(),
        &["-", "--stdin-filename", "estudio.yaml", "--select", "F003"],
        text.as_bytes(),
    );
    let arrow = format!(
        "--> estudio.yaml:{}:{}\n",
        expected[0].3.line, expected[0].3.column
    );
    assert!(stdout(&human).contains(&arrow), "{}", stdout(&human));
}

#[test]
fn stdin_without_a_filename_is_named_dash_and_a_clean_one_exits_0() {
    let dir = tempfile::tempdir().unwrap();
    let out = run_stdin(
        dir.path(),
        &["-", "--format", "json", "--select", "F003"],
        huayllay_with(&[NEW_FACILITY, CONSTRUCTION]).as_bytes(),
    );
    assert_eq!(status(&out), 1);
    let doc = json_output(&out);
    assert_eq!(doc["diagnostics"][0]["file"], "-");
    let out = run_stdin(
        dir.path(),
        &["-", "--stdin-filename", "x.yaml", "--select", "F003,F004"],
        huayllay().as_bytes(),
    );
    assert_eq!(status(&out), 0, "{}", stdout(&out));
    assert_eq!(
        stdout(&out),
        "1 file checked: 0 errors, 0 warnings, 0 info\n"
    );
}

#[test]
fn stdin_goes_alone() {
    // `-` beside other paths is a usage error, not a file named `-`.
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "e.yaml", huayllay());
    for args in [&["-", "e.yaml"][..], &["e.yaml", "-"], &["-", "-"]] {
        // A short input: the run may end before reading it.
        let out = run_stdin(dir.path(), args, b"pip_study: \"1\"\n");
        assert_eq!(status(&out), 2, "{args:?}");
        assert!(
            stderr(&out).contains("standard input) goes alone"),
            "{}",
            stderr(&out)
        );
        assert_eq!(stdout(&out), "");
    }
}

#[test]
fn stdin_filename_reads_standard_input() {
    // With no path, `--stdin-filename` reads standard input (as ruff does);
    // beside a path it is a usage error, never ignored.
    let dir = tempfile::tempdir().unwrap();
    let out = run_stdin(
        dir.path(),
        &[
            "--stdin-filename",
            "x.yaml",
            "--format",
            "json",
            "--select",
            "F003",
        ],
        huayllay_with(&[NEW_FACILITY, CONSTRUCTION]).as_bytes(),
    );
    assert_eq!(status(&out), 1, "{}", stderr(&out));
    assert_eq!(json_output(&out)["diagnostics"][0]["file"], "x.yaml");
    write(dir.path(), "e.yaml", huayllay());
    let out = run_stdin(dir.path(), &["--stdin-filename", "x.yaml", "e.yaml"], b"");
    assert_eq!(status(&out), 2);
    assert!(
        stderr(&out).contains("names standard input"),
        "{}",
        stderr(&out)
    );
}

#[test]
fn stdin_broken_yaml_is_s001_under_the_filename() {
    let dir = tempfile::tempdir().unwrap();
    let text = "pip_study: \"1\"\ngeneral: [1, 2\n";
    let out = run_stdin(
        dir.path(),
        &["-", "--stdin-filename", "roto.yaml", "--format", "concise"],
        text.as_bytes(),
    );
    assert_eq!(status(&out), 1);
    let s = stdout(&out);
    assert!(s.starts_with("roto.yaml:"), "{s}");
    assert!(s.lines().all(|l| l.contains(": S001 ")), "{s}");
}

// --------------------------------------------------------------- statistics

#[test]
fn statistics_count_findings_per_rule() {
    let (dir, _) = faulty_dir();
    let out = lint(
        dir.path(),
        &["--statistics", "--select", "F003,F004", FAULTY],
    );
    assert_eq!(status(&out), 1, "{}", stderr(&out));
    let lines: Vec<String> = stdout(&out)
        .lines()
        .map(|l| l.trim_end().to_string())
        .collect();
    assert_eq!(
        lines,
        [
            "     2  F003  land-split",
            "     1  F004  ground-resistance"
        ],
        "{}",
        stdout(&out)
    );
    let out = lint(
        dir.path(),
        &[
            "--statistics",
            "--format",
            "json",
            "--select",
            "F003,F004",
            FAULTY,
        ],
    );
    assert_eq!(status(&out), 1);
    assert_eq!(
        json_output(&out),
        serde_json::json!([
            {"code": "F003", "name": "land-split", "count": 2, "suppressed": 0},
            {"code": "F004", "name": "ground-resistance", "count": 1, "suppressed": 0},
        ])
    );
    // Nothing to count: an empty table, an empty list.
    write(dir.path(), "ok.yaml", huayllay());
    let out = lint(dir.path(), &["--statistics", "--select", "F003", "ok.yaml"]);
    assert_eq!(status(&out), 0);
    assert_eq!(stdout(&out), "");
    let out = lint(
        dir.path(),
        &[
            "--statistics",
            "--format",
            "json",
            "--select",
            "F003",
            "ok.yaml",
        ],
    );
    assert_eq!(json_output(&out), serde_json::json!([]));
}

// -------------------------------------------------------------------- quiet

#[test]
fn quiet_drops_the_summary_line() {
    let (dir, _) = faulty_dir();
    let loud = lint(dir.path(), &["--select", "F003,F004", FAULTY]);
    let quiet = lint(dir.path(), &["--quiet", "--select", "F003,F004", FAULTY]);
    let short = lint(dir.path(), &["-q", "--select", "F003,F004", FAULTY]);
    assert_eq!(status(&quiet), 1);
    assert_eq!(stdout(&quiet), stdout(&short));
    let summary = "1 file checked: 2 errors, 1 warning, 0 info\n";
    assert!(stdout(&loud).ends_with(summary), "{}", stdout(&loud));
    assert_eq!(stdout(&quiet), stdout(&loud).strip_suffix(summary).unwrap());
    assert!(stdout(&quiet).contains("error[F003]"));
    assert!(stdout(&quiet).contains("warning[F004]"));
    // A clean run says nothing at all.
    write(dir.path(), "ok.yaml", huayllay());
    let out = lint(dir.path(), &["--quiet", "--select", "F003", "ok.yaml"]);
    assert_eq!(status(&out), 0);
    assert_eq!(stdout(&out), "");
}

// ------------------------------------------------------ waivers, run errors

#[test]
fn sarif_with_waivers_and_run_errors_is_valid() {
    let dir = tempfile::tempdir().unwrap();
    let waived = huayllay_with(&[
        CONSTRUCTION,
        EXPANSION,
        (
            "\n    land:\n",
            "\n    land:  # pip-lint: allow F003 -- terreno donado\n",
        ),
    ]);
    write(dir.path(), "estudio.yaml", waived);
    let out = lint(
        dir.path(),
        &[
            "--format",
            "sarif",
            "--select",
            "F003,S",
            "estudio.yaml",
            "no-existe.yaml",
        ],
    );
    assert_eq!(status(&out), 2, "a missing path fails the run");
    let doc: Value = serde_json::from_str(&stdout(&out)).unwrap();
    assert_valid_sarif(&doc);
    let rs = results(&doc);
    assert_eq!(rs.len(), 2);
    for r in rs {
        assert_eq!(r["suppressions"][0]["justification"], "terreno donado");
        assert_eq!(r["suppressions"][0]["kind"], "inSource");
    }
    let inv = &doc["runs"][0]["invocations"][0];
    assert_eq!(inv["executionSuccessful"], false);
    let notes = inv["toolExecutionNotifications"].as_array().unwrap();
    assert_eq!(notes.len(), 1);
    assert!(
        notes[0]["message"]["text"]
            .as_str()
            .unwrap()
            .contains("no-existe.yaml"),
        "{notes:?}"
    );
}

#[test]
fn junit_counts_run_errors_and_stays_well_formed() {
    let (dir, _) = faulty_dir();
    let out = lint(
        dir.path(),
        &[
            "--format",
            "junit",
            "--select",
            "F003",
            FAULTY,
            "no-existe.yaml",
        ],
    );
    assert_eq!(status(&out), 2);
    let root = parse_xml(&stdout(&out));
    assert_eq!(root.attr("errors"), "1");
    assert_eq!(root.attr("failures"), "1");
    // The study's suite, and one for the run's failures, naming the path.
    let suites = root.all("testsuite");
    assert_eq!(suites.len(), 2);
    assert_eq!(suites[1].attr("name"), "pip-lint");
    assert_eq!(suites[1].attr("errors"), "1");
    let case = &suites[1].all("testcase")[0];
    assert_eq!(case.attr("name"), "no-existe.yaml");
    assert!(!case.all("error")[0].attr("message").is_empty());
    assert!(stderr(&out).contains("no-existe.yaml"), "{}", stderr(&out));
}

#[test]
fn junit_fails_s001_for_a_broken_study() {
    let dir = tempfile::tempdir().unwrap();
    write(
        dir.path(),
        "roto.yaml",
        "pip_study: \"1\"\ngeneral: [1, 2\n",
    );
    let out = lint(
        dir.path(),
        &["--format", "junit", "--select", "F003", "roto.yaml"],
    );
    assert_eq!(status(&out), 1);
    let root = parse_xml(&stdout(&out));
    let suite = &root.all("testsuite")[0];
    let cases = suite.all("testcase");
    assert_eq!(
        cases.iter().map(|c| c.attr("name")).collect::<Vec<_>>(),
        ["S001 yaml-syntax", "F003 land-split"]
    );
    let failure = &cases[0].all("failure")[0];
    assert_eq!(failure.attr("type"), "S001");
    assert!(failure.text.starts_with("roto.yaml:"), "{}", failure.text);
    // The other rules never saw the study: skipped, not passed.
    assert_eq!(cases[1].all("skipped").len(), 1);
    assert_eq!(suite.attr("skipped"), "1");
}

#[test]
fn every_snippet_line_is_the_file_line() {
    // Every fixture that makes a rule fire, in the human format (the text
    // kept for a file is only the lines its findings need): each numbered
    // line of a snippet must be that line of the file, word for word.
    let mut files: Vec<std::path::PathBuf> = walk(&common::path("fixtures/rules"))
        .into_iter()
        .filter(|p| {
            p.file_name()
                .and_then(|n| n.to_str())
                .is_some_and(|n| n.starts_with("fire-"))
        })
        .collect();
    files.sort();
    assert!(files.len() > 100, "{}", files.len());
    let args: Vec<&str> = ["--no-config", "--color", "never"]
        .into_iter()
        .chain(files.iter().map(|p| p.to_str().unwrap()))
        .collect();
    let out = run(&args);
    let text = stdout(&out);
    let mut current: Option<Vec<String>> = None;
    let mut checked = 0;
    for line in text.lines() {
        // `  --> path:line:col` opens a snippet of that file.
        if let Some(rest) = line.trim_start().strip_prefix("--> ") {
            let path = rest.rsplitn(3, ':').nth(2).unwrap();
            let body = std::fs::read_to_string(path).unwrap();
            current = Some(
                body.split('\n')
                    .map(|l| l.trim_end_matches('\r').to_string())
                    .collect(),
            );
            continue;
        }
        // `NNN | text`: a line of the file.
        let Some((number, shown)) = line
            .split_once(" | ")
            .or_else(|| line.strip_suffix(" |").map(|n| (n, "")))
        else {
            continue;
        };
        let Ok(n) = number.trim().parse::<usize>() else {
            continue;
        };
        let lines = current.as_ref().expect("a snippet after its header");
        // In a snippet with a label that spans lines, each line comes after
        // a two-character gutter: the label's mark, or spaces.
        let file_line = lines[n - 1].as_str();
        let in_gutter = matches!(shown.get(..2), Some("/ " | "| " | "  "))
            && &shown[2..] == file_line
            || (matches!(shown, "/" | "|") && file_line.is_empty());
        assert!(
            shown == file_line || in_gutter,
            "line {n} of a snippet:\n{line}\nthe file's: {file_line}"
        );
        checked += 1;
    }
    assert!(checked > 200, "{checked} lines checked");
}

#[test]
fn study_text_cannot_drive_the_terminal() {
    // An escape sequence, a line break and a bidirectional override in a
    // value the message quotes, and in the line the snippet shows: no raw
    // control character reaches the output, and each finding stays on
    // its line in the concise format.
    let study = huayllay_with(&[(
        "  horizon_years: 10\n",
        "  horizon_years: \"a\\e[31mb\\nc\\u202Ed\"\n",
    )]);
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "e.yaml", &study);
    for (format, shown) in [
        ("human", "a\\u{1b}[31mb\\nc\\u{202e}d"),
        ("concise", "a\\u{1b}[31mb\\nc\\u{202e}d"),
    ] {
        let out = lint(dir.path(), &["--format", format, "--select", "S", "e.yaml"]);
        let text = stdout(&out);
        assert!(text.contains(shown), "{format}: {text}");
        assert!(
            !text
                .chars()
                .any(|c| (c.is_control() && c != '\n') || c == '\u{202e}'),
            "{format}: {text:?}"
        );
    }
    let concise = stdout(&lint(
        dir.path(),
        &["--format", "concise", "--select", "S", "e.yaml"],
    ));
    assert!(
        concise.lines().all(|l| l.starts_with("e.yaml:")),
        "{concise}"
    );
    // GitHub annotations: the line break is %0A, the rest escaped as above.
    let github = stdout(&lint(
        dir.path(),
        &["--format", "github", "--select", "S", "e.yaml"],
    ));
    assert!(github.contains("a\\u{1b}[31mb%0Ac\\u{202e}d"), "{github}");
    assert!(
        !github
            .chars()
            .any(|c| (c.is_control() && c != '\n') || c == '\u{202e}')
    );
}

#[test]
fn github_gives_columns_only_for_a_range_on_one_line() {
    // GitHub takes `col`/`endColumn` only when the range starts and ends on one line.
    let dir = tempfile::tempdir().unwrap();
    let text = huayllay().replacen(
        "horizon_years: 10",
        "horizon_years:\n    diez: 10\n    anios: 10",
        1,
    );
    write(dir.path(), "e.yaml", &text);
    let out = lint(
        dir.path(),
        &["--format", "github", "--select", "S", "e.yaml"],
    );
    let json = json_of_run(dir.path(), &["--select", "S", "e.yaml"]);
    let d = &json["diagnostics"][0];
    let (start, end) = (&d["range"]["start"]["line"], &d["range"]["end"]["line"]);
    assert_ne!(start, end, "{d:#}");
    let line = stdout(&out).lines().next().unwrap().to_string();
    assert!(
        line.starts_with(&format!(
            "::error file=e.yaml,line={start},endLine={end},title=S002 "
        )),
        "{line}"
    );
    assert!(!line.contains(",col="), "{line}");
}

#[test]
fn severities_read_in_spanish_in_human_junit_and_rules() {
    let dir = tempfile::tempdir().unwrap();
    let low = huayllay().replacen(
        "ground_resistance_ohm: 4.2",
        "ground_resistance_ohm: 2.5",
        1,
    );
    write(dir.path(), "bajo.yaml", &low);
    write(dir.path(), "roto.yaml", "pip_study: \"1\"\ngeneral: [\n");
    let out = lint(
        dir.path(),
        &[
            "--lang",
            "es",
            "--color",
            "never",
            "--select",
            "F004",
            "bajo.yaml",
        ],
    );
    let text = stdout(&out);
    assert!(text.starts_with("advertencia[F004]: "), "{text}");
    let out = lint(
        dir.path(),
        &[
            "--lang",
            "es",
            "--format",
            "junit",
            "bajo.yaml",
            "roto.yaml",
        ],
    );
    let xml = stdout(&out);
    assert!(
        xml.contains("<skipped message=\"el estudio no se puede leer (S001)\"/>"),
        "{xml}"
    );
    assert!(xml.contains(": advertencia [/formulation/"), "{xml}");
    let out = lint(dir.path(), &["--lang", "es", "rules"]);
    let table = stdout(&out);
    assert!(
        table
            .lines()
            .any(|l| l.starts_with("F004 ") && l.contains(" error ")),
        "{table}"
    );
    assert!(
        table
            .lines()
            .any(|l| l.starts_with("S004 ") && l.contains(" advertencia ")),
        "{table}"
    );
    // English keeps the contract's words.
    let out = lint(
        dir.path(),
        &["--color", "never", "--select", "F004", "bajo.yaml"],
    );
    assert!(
        stdout(&out).starts_with("warning[F004]: "),
        "{}",
        stdout(&out)
    );
}

#[test]
fn junit_fails_what_fails_the_run_and_skips_only_unread_studies() {
    let dir = tempfile::tempdir().unwrap();
    let low = huayllay().replacen(
        "ground_resistance_ohm: 4.2",
        "ground_resistance_ohm: 2.5",
        1,
    );
    write(dir.path(), "bajo.yaml", &low);
    let junit = |args: &[&str]| {
        let mut all = vec!["--format", "junit", "--select", "F004,S"];
        all.extend_from_slice(args);
        let out = lint(dir.path(), &all);
        (status(&out), stdout(&out))
    };
    // A warning: a pass by default, a failure with --fail-on warning, as the exit status.
    let (code, xml) = junit(&["bajo.yaml"]);
    assert_eq!(code, 0);
    assert!(xml.contains("failures=\"0\""), "{xml}");
    let (code, xml) = junit(&["--fail-on", "warning", "bajo.yaml"]);
    assert_eq!(code, 1);
    assert!(
        xml.contains("<testsuites name=\"pip-lint\" tests=\"6\" failures=\"1\""),
        "{xml}"
    );
    assert!(
        xml.contains("<failure message=\"the grounding resistance"),
        "{xml}"
    );
    // A duplicate key is S001, but the document is read: no case is skipped.
    let dup = huayllay().replacen(
        "pip_study: \"1\"\n",
        "pip_study: \"1\"\npip_study: \"1\"\n",
        1,
    );
    write(dir.path(), "doble.yaml", &dup);
    let (_, xml) = junit(&["doble.yaml"]);
    assert!(xml.contains("skipped=\"0\""), "{xml}");
    // A study that does not parse has its other cases skipped.
    write(dir.path(), "roto.yaml", "pip_study: \"1\"\ngeneral: [\n");
    let (_, xml) = junit(&["roto.yaml"]);
    assert!(!xml.contains("skipped=\"0\""), "{xml}");
}
