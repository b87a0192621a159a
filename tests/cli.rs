//! The binary end to end (contract §1 and §2): exit statuses, JSON output,
//! order, directory walking, languages, colour, subcommands and rule files.

use crate::common;

use std::collections::BTreeSet;
use std::path::Path;

use common::*;
use serde_json::Value;

const STUDIES: [&str; 3] = [
    "fixtures/studies/centro-de-salud-huayllay.yaml",
    "fixtures/studies/microrred-andarapa.yaml",
    "fixtures/studies/puesto-de-salud-acos-vinchos.yaml",
];

fn write(dir: &Path, rel: &str, text: impl AsRef<[u8]>) {
    let p = dir.join(rel);
    if let Some(parent) = p.parent() {
        std::fs::create_dir_all(parent).unwrap();
    }
    std::fs::write(p, text).unwrap();
}

/// The bundled study with one edit.
fn study_with(from: &str, to: &str) -> String {
    replace_once(&huayllay(), from, to).0
}

/// Another bundled study (a different PIP name, so no G001 with Huayllay) with one edit.
fn other_study_with(from: &str, to: &str) -> String {
    replace_once(&read(STUDIES[2]), from, to).0
}

/// A directory with a mix of clean and faulty studies (S001, S002, F, G001 across files).
fn mixed_dir() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    for s in STUDIES {
        let name = Path::new(s).file_name().unwrap().to_str().unwrap();
        write(d, &format!("ok/{name}"), read(s));
    }
    write(
        d,
        "b/horizonte.yaml",
        study_with("horizon_years: 10", "horizon_years: 8"),
    );
    write(
        d,
        "a/tipos.yaml",
        study_with("    area: urban", "    area: urbano"),
    );
    write(
        d,
        "c/duplicada.yaml",
        study_with("    area: urban", "    area: urban\n    area: rural"),
    );
    write(d, "c/rota.yaml", "pip_study: \"1\"\ngeneral: [1, 2\n");
    write(
        d,
        "d/pozo.yaml",
        study_with("ground_resistance_ohm: 4.2", "ground_resistance_ohm: 9"),
    );
    dir
}

// ---------------------------------------------------------------- exit status

#[test]
fn bundled_studies_are_clean() {
    let out = run(&["fixtures/studies/"]);
    assert_eq!(status(&out), 0, "{}{}", stdout(&out), stderr(&out));
    assert_eq!(
        stdout(&out),
        "3 files checked: 0 errors, 0 warnings, 0 info\n"
    );
    let out = run(&["--format", "json", "fixtures/studies/"]);
    assert_eq!(status(&out), 0);
    let doc = json_output(&out);
    assert_eq!(doc["files_checked"], 3);
    assert_eq!(doc["diagnostics"], Value::Array(vec![]));
    assert_eq!(
        doc["summary"],
        serde_json::json!({"error": 0, "warning": 0, "info": 0})
    );
}

#[test]
fn a_study_with_an_error_exits_1() {
    let dir = tempfile::tempdir().unwrap();
    write(
        dir.path(),
        "estudio.yaml",
        study_with("ground_resistance_ohm: 4.2", "ground_resistance_ohm: 9"),
    );
    let out = run_in(dir.path(), &["estudio.yaml"]);
    assert_eq!(status(&out), 1);
    let s = stdout(&out);
    assert!(s.contains("error[F004]"), "{s}");
    assert!(
        s.ends_with("1 file checked: 1 error, 0 warnings, 0 info\n"),
        "{s}"
    );
}

#[test]
fn a_nonexistent_path_exits_2_and_the_others_are_still_linted() {
    let out = run(&["no-such-study.yaml", STUDIES[0]]);
    assert_eq!(status(&out), 2);
    assert_eq!(
        stdout(&out),
        "1 file checked: 0 errors, 0 warnings, 0 info\n"
    );
    assert!(
        stderr(&out).contains("no-such-study.yaml"),
        "{}",
        stderr(&out)
    );

    let out = run(&["--format", "json", "no-such-study.yaml", STUDIES[0]]);
    assert_eq!(status(&out), 2);
    let doc = json_output(&out);
    assert_eq!(doc["files_checked"], 1);
    assert_eq!(doc["errors"][0]["path"], "no-such-study.yaml");
}

/// A missing path is said to be missing in the language of messages, and a
/// bare word that names a rule or nearly a subcommand says what was meant.
#[test]
fn a_missing_path_is_explained_in_both_languages() {
    let out = run(&["--lang", "es", "no-existe.yaml", "E001", "chek"]);
    assert_eq!(status(&out), 2);
    let err = stderr(&out);
    let lines: Vec<&str> = err.lines().collect();
    assert_eq!(
        lines,
        [
            "error: no-existe.yaml: no existe",
            "error: E001: no existe; `E001` es una regla: `pip-lint explain E001` la explica",
            "error: chek: no existe; ¿quiso decir el subcomando `pip-lint check`?",
        ],
        "{err}"
    );

    let out = run(&["--lang", "en", "e001", "rule", "notes.txt", "hola"]);
    assert_eq!(status(&out), 2);
    let err = stderr(&out);
    let lines: Vec<&str> = err.lines().collect();
    assert_eq!(
        lines,
        [
            "error: e001: no such file or directory; `e001` is a rule: `pip-lint explain E001` explains it",
            "error: rule: no such file or directory; did you mean the subcommand `pip-lint rules`?",
            "error: notes.txt: no such file or directory",
            "error: hola: no such file or directory",
        ],
        "{err}"
    );

    // A selection that selects nothing, in Spanish too.
    let out = run(&["--lang", "es", "--select", "X999", STUDIES[0]]);
    assert_eq!(status(&out), 2);
    assert_eq!(
        stderr(&out),
        "pip-lint: `X999` no selecciona ninguna regla (vea `pip-lint rules`)\n"
    );

    // The JSON document carries the same message.
    let out = run(&["--lang", "es", "--format", "json", "rule"]);
    assert_eq!(status(&out), 2);
    let doc = json_output(&out);
    assert_eq!(doc["errors"][0]["path"], "rule");
    assert_eq!(
        doc["errors"][0]["message"],
        "no existe; ¿quiso decir el subcomando `pip-lint rules`?"
    );
}

#[test]
fn a_run_failure_wins_over_errors_found() {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "rota.yaml", "pip_study: [\n");
    let out = run_in(dir.path(), &["rota.yaml", "missing.yaml"]);
    assert_eq!(status(&out), 2);
    assert!(stdout(&out).contains("error[S001]"));
}

#[test]
fn usage_errors_exit_2() {
    let out = run(&["--format", "xml", STUDIES[0]]);
    assert_eq!(status(&out), 2);
    assert!(stdout(&out).is_empty());
    assert!(stderr(&out).contains("xml"), "{}", stderr(&out));
    let out = run(&["--no-such-flag"]);
    assert_eq!(status(&out), 2);
}

#[test]
fn no_path_lints_the_current_directory() {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "estudio.yaml", huayllay());
    write(
        dir.path(),
        "sub/otro.yaml",
        other_study_with("horizon_years: 10", "horizon_years: \"10\""),
    );
    let out = run_in(dir.path(), &[]);
    assert_eq!(status(&out), 1);
    let s = stdout(&out);
    assert!(s.contains("--> sub/otro.yaml:"), "{s}");
    assert!(
        s.ends_with("2 files checked: 1 error, 0 warnings, 0 info\n"),
        "{s}"
    );
}

// ---------------------------------------------------------------- JSON output

#[test]
fn json_output_validates_and_has_exactly_the_contract_fields() {
    let dir = mixed_dir();
    let out = run_in(dir.path(), &["--format", "json", "."]);
    assert_eq!(status(&out), 1, "{}", stderr(&out));
    let doc = json_output(&out);

    let problems = output_schema_problems(&doc, None);
    assert!(problems.is_empty(), "{problems:#?}");

    let keys = |v: &Value| -> BTreeSet<String> { v.as_object().unwrap().keys().cloned().collect() };
    let set = |ks: &[&str]| -> BTreeSet<String> { ks.iter().map(|k| k.to_string()).collect() };
    assert_eq!(
        keys(&doc),
        set(&["tool", "files_checked", "diagnostics", "summary"])
    );
    assert_eq!(
        doc["tool"],
        serde_json::json!({"name": "pip-lint", "version": env!("CARGO_PKG_VERSION")})
    );
    assert_eq!(doc["files_checked"], 8);
    let contract = set(&[
        "code",
        "name",
        "severity",
        "message",
        "criterion",
        "file",
        "pointer",
        "range",
        "related",
    ]);
    // Fields beyond the contract's are the optional ones declared in the output schema.
    let optional = set(&["help", "notes"]);
    let diagnostics = doc["diagnostics"].as_array().unwrap();
    let codes: BTreeSet<&str> = diagnostics
        .iter()
        .map(|d| d["code"].as_str().unwrap())
        .collect();
    for code in ["S001", "S002", "F001", "F004", "G001"] {
        assert!(codes.contains(code), "{code} missing from {codes:?}");
    }
    let mut summary = (0, 0, 0);
    for d in diagnostics {
        let k = keys(d);
        assert!(k.is_superset(&contract), "{d}");
        assert!(k.difference(&contract).all(|x| optional.contains(x)), "{d}");
        assert_eq!(keys(&d["range"]), set(&["start", "end"]));
        for end in ["start", "end"] {
            assert_eq!(keys(&d["range"][end]), set(&["line", "column", "offset"]));
        }
        match d["severity"].as_str().unwrap() {
            "error" => summary.0 += 1,
            "warning" => summary.1 += 1,
            "info" => summary.2 += 1,
            s => panic!("severity {s}"),
        }
        // Criterion: null for S codes, the guide's section for rules.
        if d["code"].as_str().unwrap().starts_with('S') {
            assert!(d["criterion"].is_null(), "{d}");
        } else {
            assert!(d["criterion"].is_string(), "{d}");
        }
        for r in d["related"].as_array().unwrap() {
            let rk = keys(r);
            assert!(
                rk.is_superset(&set(&["pointer", "range", "message"])),
                "{r}"
            );
            assert!(
                rk.difference(&set(&["pointer", "range", "message", "file"]))
                    .next()
                    .is_none()
            );
        }
    }
    assert_eq!(
        doc["summary"],
        serde_json::json!({"error": summary.0, "warning": summary.1, "info": summary.2})
    );
    // G001: the related place is in another file, and says which.
    let g001 = diagnostics.iter().find(|d| d["code"] == "G001").unwrap();
    assert!(g001["related"][0]["file"].is_string(), "{g001}");
    // A duplicate key: the related place is in the same file, without `file`.
    let dup = diagnostics
        .iter()
        .find(|d| d["code"] == "S001" && d["message"].as_str().unwrap().contains("duplicate"))
        .unwrap();
    assert!(dup["related"][0].get("file").is_none(), "{dup}");
}

#[test]
fn json_ranges_match_the_file() {
    // Every range in the JSON output points where its offsets say, in the
    // file as written (checked against the file's own bytes).
    let dir = mixed_dir();
    let out = run_in(dir.path(), &["--format", "json", "."]);
    let doc = json_output(&out);
    for d in parse_json(&doc) {
        let file = d.raw["file"].as_str().unwrap();
        let bytes = std::fs::read(dir.path().join(file)).unwrap();
        assert_eq!(d.start, pos(&bytes, d.start.offset), "{file} {}", d.pointer);
        assert_eq!(d.end, pos(&bytes, d.end.offset), "{file} {}", d.pointer);
        assert!(d.start.offset <= d.end.offset);
    }
}

// ---------------------------------------------------------------- order

#[test]
fn order_is_stable_across_thread_counts() {
    let dir = mixed_dir();
    for format in ["human", "json"] {
        let one = run_in(dir.path(), &["--threads", "1", "--format", format, "."]);
        let two = run_in(dir.path(), &["--threads", "2", "--format", format, "."]);
        assert_eq!(status(&one), 1);
        assert_eq!(stdout(&one), stdout(&two), "{format}");
        let again = run_in(dir.path(), &["--threads", "2", "--format", format, "."]);
        assert_eq!(stdout(&two), stdout(&again), "{format}");
    }
}

#[test]
fn order_is_file_path_then_position() {
    let dir = mixed_dir();
    let out = run_in(dir.path(), &["--format", "json", "--threads", "2", "."]);
    let doc = json_output(&out);
    let keys: Vec<(String, usize)> = doc["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| {
            (
                d["file"].as_str().unwrap().to_string(),
                d["range"]["start"]["offset"].as_u64().unwrap() as usize,
            )
        })
        .collect();
    let mut sorted = keys.clone();
    sorted.sort();
    assert_eq!(keys, sorted);
    let files: BTreeSet<&str> = keys.iter().map(|(f, _)| f.as_str()).collect();
    assert!(files.len() >= 5, "{files:?}");
}

// ---------------------------------------------------------------- directory walk

#[test]
fn directory_walk_skips_non_studies_and_honours_gitignore() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    write(d, "estudios/huayllay.yaml", huayllay());
    // Not studies: skipped silently, even when broken.
    write(
        d,
        ".github/workflows/ci.yml",
        "on: push\njobs:\n  lint:\n    runs-on: ubuntu-latest\n",
    );
    write(
        d,
        "ci/pipeline.yml",
        "on: push\njobs:\n  lint:\n    steps: []\n",
    );
    write(d, "docker-compose.yaml", "services: [unclosed\n");
    write(d, "notas.txt", "pip_study: \"1\"\n");
    // Ignored by .gitignore (no git repository needed).
    write(d, ".gitignore", "borradores/\n*.tmp.yaml\n");
    write(d, "borradores/viejo.yaml", "pip_study: \"1\"\ngeneral: [\n");
    write(d, "estudios/copia.tmp.yaml", "pip_study: \"1\"\n");
    // A study with an error, found by the walk.
    write(
        d,
        "estudios/sub/malo.yml",
        other_study_with("    area: rural", "    area: rurl"),
    );

    let out = run_in(d, &["--format", "json", "."]);
    assert_eq!(status(&out), 1, "{}", stderr(&out));
    let doc = json_output(&out);
    assert_eq!(doc["files_checked"], 2, "{doc}");
    let files: BTreeSet<&str> = doc["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| d["file"].as_str().unwrap())
        .collect();
    assert_eq!(files, BTreeSet::from(["estudios/sub/malo.yml"]));
    assert!(stderr(&out).is_empty(), "{}", stderr(&out));

    // A file named explicitly is always linted, study or not.
    let out = run_in(d, &["--format", "json", "ci/pipeline.yml"]);
    assert_eq!(status(&out), 1);
    let doc = json_output(&out);
    assert_eq!(doc["files_checked"], 1);
    assert!(
        doc["diagnostics"]
            .as_array()
            .unwrap()
            .iter()
            .any(|d| d["message"].as_str().unwrap().contains("`pip_study`")),
        "{doc}"
    );
}

#[test]
fn a_file_named_twice_is_linted_once() {
    let out = run(&[
        "--format",
        "json",
        STUDIES[0],
        STUDIES[0],
        "fixtures/studies",
    ]);
    assert_eq!(status(&out), 0);
    assert_eq!(json_output(&out)["files_checked"], 3);
}

// ---------------------------------------------------------------- language and colour

#[test]
fn lang_flag_selects_the_messages() {
    let dir = tempfile::tempdir().unwrap();
    let text = replace_once(&huayllay(), "    district: Huayllay\n", "").0;
    write(dir.path(), "estudio.yaml", text);
    let en = run_in(dir.path(), &["--lang", "en", "estudio.yaml"]);
    let es = run_in(dir.path(), &["--lang", "es", "estudio.yaml"]);
    assert_eq!(status(&en), 1);
    assert_eq!(status(&es), 1);
    let (en, es) = (stdout(&en), stdout(&es));
    assert!(en.contains("missing required key `district`"), "{en}");
    assert!(
        en.ends_with("1 file checked: 1 error, 0 warnings, 0 info\n"),
        "{en}"
    );
    assert!(es.contains("falta la clave requerida `district`"), "{es}");
    assert!(
        es.ends_with("1 archivo revisado: 1 error, 0 advertencias, 0 notas\n"),
        "{es}"
    );
    // Same place either way.
    assert!(en.contains("--> estudio.yaml:13:3") && es.contains("--> estudio.yaml:13:3"));
}

#[test]
fn locale_gives_the_default_language() {
    let dir = tempfile::tempdir().unwrap();
    write(
        dir.path(),
        "estudio.yaml",
        study_with("    area: urban", "    area: urbano"),
    );
    let with_env = |vars: &[(&str, &str)], args: &[&str]| {
        let mut c = bin();
        c.current_dir(dir.path()).args(args);
        for (k, v) in vars {
            c.env(k, v);
        }
        stdout(&c.output().unwrap())
    };
    let es = with_env(&[("LANG", "es_PE.UTF-8")], &["estudio.yaml"]);
    assert!(es.contains("no es un valor admitido"), "{es}");
    assert!(es.contains("¿quiso decir `urban`?"), "{es}");
    // LC_ALL wins over LANG.
    let en = with_env(
        &[("LANG", "es_PE.UTF-8"), ("LC_ALL", "C")],
        &["estudio.yaml"],
    );
    assert!(en.contains("is not an allowed value"), "{en}");
    // No locale: English.
    let en = with_env(&[], &["estudio.yaml"]);
    assert!(en.contains("did you mean `urban`?"), "{en}");
    // The flag wins over the locale.
    let en = with_env(
        &[("LANG", "es_PE.UTF-8")],
        &["--lang", "en", "estudio.yaml"],
    );
    assert!(en.contains("did you mean `urban`?"), "{en}");
}

#[test]
fn no_ansi_escapes_when_not_a_terminal_or_no_color() {
    let dir = mixed_dir();
    for no_color in [None, Some("1")] {
        let mut c = bin();
        c.current_dir(dir.path()).arg(".");
        if let Some(v) = no_color {
            c.env("NO_COLOR", v);
        }
        let out = c.output().unwrap();
        assert_eq!(status(&out), 1);
        assert!(!out.stdout.contains(&0x1b), "ANSI escape in stdout");
        assert!(!out.stderr.contains(&0x1b), "ANSI escape in stderr");
    }
}

#[test]
fn clicolor_force_colours_unless_no_color() {
    let dir = mixed_dir();
    for (vars, coloured) in [
        (&[("CLICOLOR_FORCE", "1")][..], true),
        (&[("CLICOLOR_FORCE", "0")], false),
        (&[("CLICOLOR_FORCE", "1"), ("NO_COLOR", "1")], false),
    ] {
        let mut c = bin();
        c.current_dir(dir.path()).arg(".");
        for (k, v) in vars {
            c.env(k, v);
        }
        let out = c.output().unwrap();
        assert_eq!(out.stdout.contains(&0x1b), coloured, "{vars:?}");
    }
}

// ---------------------------------------------------------------- subcommands

#[test]
fn schema_subcommand_prints_the_study_schema() {
    let out = run(&["schema"]);
    assert_eq!(status(&out), 0);
    let printed: Value = serde_json::from_str(&stdout(&out)).expect("valid JSON");
    let file: Value = serde_json::from_str(&read("schemas/study.schema.json")).unwrap();
    assert_eq!(printed, file);
    jsonschema::validator_for(&printed).expect("a valid JSON Schema");
    // The other two schemas, by name; the study's is the default.
    assert_eq!(stdout(&run(&["schema", "study"])), stdout(&out));
    for (which, file) in [
        ("output", "schemas/output.schema.json"),
        ("rule", "schemas/rule.schema.json"),
    ] {
        let out = run(&["schema", which]);
        assert_eq!(status(&out), 0, "{}", stderr(&out));
        assert_eq!(stdout(&out), read(file), "{which}");
    }
    assert_eq!(status(&run(&["schema", "nothing"])), 2);
}

#[test]
fn rules_json_lists_the_contract_rules() {
    let out = run(&["rules", "--format", "json"]);
    assert_eq!(status(&out), 0, "{}", stderr(&out));
    let list: Vec<Value> = serde_json::from_str(&stdout(&out)).unwrap();
    let expected = [
        ("G001", "name-unique", "1.1"),
        ("G002", "name-location", "1.1"),
        ("I001", "problem-not-absence", "2.2"),
        ("F001", "horizon-ten-years", "3.2.9"),
        ("F002", "coverage-range", "3.1.3"),
        ("F003", "land-split", "3.6.1"),
        ("F004", "ground-resistance", "3.6.1"),
    ];
    assert!(list.len() >= expected.len(), "{list:#?}");
    for (code, name, criterion) in expected {
        let r = list
            .iter()
            .find(|r| r["code"] == code)
            .unwrap_or_else(|| panic!("{code} not listed"));
        assert_eq!(r["name"], name);
        assert_eq!(r["criterion"], criterion);
        assert!(
            ["error", "warning", "info"].contains(&r["severity"].as_str().unwrap()),
            "{r}"
        );
        let title = &r["title"];
        let has_title = title.is_string()
            || (title["es"].as_str().is_some_and(|s| !s.is_empty())
                && title["en"].as_str().is_some_and(|s| !s.is_empty()));
        assert!(has_title, "{r}");
    }
    // The table form lists the same codes.
    let table = stdout(&run(&["rules"]));
    for (code, name, _) in expected {
        assert!(
            table
                .lines()
                .any(|l| l.starts_with(code) && l.contains(name)),
            "{table}"
        );
    }
}

#[test]
fn explain_cites_the_guide() {
    let out = run(&["explain", "F003"]);
    assert_eq!(status(&out), 0);
    let s = stdout(&out);
    assert!(s.contains("§3.6.1"), "{s}");
    assert!(s.starts_with("F003 land-split"), "{s}");
    // A rule's name is accepted wherever a code is.
    assert_eq!(stdout(&run(&["explain", "land-split"])), s);
    let es = stdout(&run(&["explain", "F003", "--lang", "es"]));
    assert!(es.contains("§3.6.1") && es.contains("Qué verifica"), "{es}");
    let out = run(&["explain", "X999"]);
    assert_eq!(status(&out), 2);
    assert!(stderr(&out).contains("X999"));
}

#[test]
fn rules_and_explain_cover_the_document_codes() {
    // S001–S004 have no rule file, but are listed and explained like rules.
    let list: Vec<Value> =
        serde_json::from_str(&stdout(&run(&["rules", "--format", "json"]))).unwrap();
    let codes: Vec<&str> = list.iter().map(|r| r["code"].as_str().unwrap()).collect();
    assert_eq!(codes[..4], ["S001", "S002", "S003", "S004"]);
    assert_eq!(list[0]["name"], "yaml-syntax");
    assert_eq!(list[3]["severity"], "warning");
    assert!(list[0]["criterion"].is_null() && list[0]["file"].is_null());
    let table = stdout(&run(&["rules"]));
    assert!(
        table
            .lines()
            .any(|l| l.starts_with("S003") && l.contains("suppression-reason")),
        "{table}"
    );
    let out = run(&["explain", "s001"]);
    assert_eq!(status(&out), 0, "{}", stderr(&out));
    let s = stdout(&out);
    assert!(s.starts_with("S001 yaml-syntax (error)\n"), "{s}");
    assert!(
        s.contains("What it checks") && s.contains("duplicate keys"),
        "{s}"
    );
    assert!(s.lines().all(|l| l.chars().count() <= 90), "{s}");
    assert_eq!(stdout(&run(&["explain", "yaml-syntax"])), s);
    let es = stdout(&run(&["explain", "S004", "--lang", "es"]));
    assert!(
        es.starts_with("S004 unused-suppression (advertencia)") && es.contains("Qué verifica"),
        "{es}"
    );
}

#[test]
fn global_options_before_a_subcommand() {
    let out = run(&["--lang", "es", "explain", "F003"]);
    assert_eq!(status(&out), 0, "{}", stderr(&out));
    assert!(
        stdout(&out).starts_with("F003 land-split"),
        "{}",
        stdout(&out)
    );
    let out = run(&["--rules", "rules", "rules"]);
    assert_eq!(status(&out), 0, "{}", stderr(&out));
    assert!(stdout(&out).contains("F003"), "{}", stdout(&out));
}

#[test]
fn version_and_help() {
    let out = run(&["--version"]);
    assert_eq!(status(&out), 0);
    assert_eq!(
        stdout(&out),
        format!("pip-lint {}\n", env!("CARGO_PKG_VERSION"))
    );
    let out = run(&["--help"]);
    assert_eq!(status(&out), 0);
    let s = stdout(&out);
    assert!(s.contains("Examples:"), "{s}");
    assert!(s.contains("pip-lint explain F003"), "{s}");
    assert!(s.contains("--format json"), "{s}");
    assert!(s.contains("Exit status"), "{s}");
}

#[test]
fn check_is_the_explicit_form_of_linting() {
    let dir = mixed_dir();
    for format in ["human", "json"] {
        let plain = run_in(dir.path(), &["--format", format, "b/horizonte.yaml", "ok"]);
        let check = run_in(
            dir.path(),
            &["check", "--format", format, "b/horizonte.yaml", "ok"],
        );
        assert_eq!(status(&plain), 1);
        assert_eq!(status(&plain), status(&check));
        assert_eq!(stdout(&plain), stdout(&check), "{format}");
        assert_eq!(stderr(&plain), stderr(&check), "{format}");
    }
}

#[test]
fn a_path_named_like_a_subcommand() {
    let dir = tempfile::tempdir().unwrap();
    write(
        dir.path(),
        "rules",
        study_with("ground_resistance_ohm: 4.2", "ground_resistance_ohm: 9"),
    );
    let out = run_in(dir.path(), &["./rules"]);
    assert_eq!(status(&out), 1, "{}", stderr(&out));
    let s = stdout(&out);
    assert!(s.contains("error[F004]"), "{s}");
    assert!(s.contains("--> rules:"), "the display name drops `./`: {s}");
    let check = run_in(dir.path(), &["check", "rules"]);
    assert_eq!(stdout(&check), s);
    // Without `./` it is the subcommand.
    let sub = run_in(dir.path(), &["rules"]);
    assert_eq!(status(&sub), 0);
    assert!(stdout(&sub).contains("F004"));
}

// ---------------------------------------------------------------- broken rule files

const F003: &str = "rules/F003-land-split.yaml";

/// A rules directory `rx/` (in a fresh temp dir) holding F003 with one edit,
/// plus `extra` files; runs `pip-lint --rules rx <study>` from the temp dir.
/// Returns the rule file text, stderr and the exit status.
fn broken_rule(from: &str, to: &str, extra: &[(&str, String)]) -> (String, String, i32) {
    let dir = tempfile::tempdir().unwrap();
    let text = if from.is_empty() {
        read(F003)
    } else {
        replace_once(&read(F003), from, to).0
    };
    write(dir.path(), "rx/F003-land-split.yaml", &text);
    for (name, t) in extra {
        write(dir.path(), &format!("rx/{name}"), t);
    }
    write(dir.path(), "estudio.yaml", huayllay());
    let out = run_in(dir.path(), &["--rules", "rx", "estudio.yaml"]);
    (text, stderr(&out), status(&out))
}

/// `--> rx/FILE:line:col` of byte `offset` of `text`.
fn arrow(file: &str, text: &str, offset: usize) -> String {
    let (line, col) = line_col(text.as_bytes(), offset);
    format!("--> rx/{file}:{line}:{col}")
}

#[test]
fn valid_rules_dir_works() {
    let (_, err, code) = broken_rule("", "", &[]);
    assert_eq!(code, 0, "{err}");
}

#[test]
fn a_rules_dir_without_rule_files_is_a_run_error() {
    // A wrong `--rules` path in CI must not run no rule and pass every study.
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "empty/README.md", "no rules here\n");
    write(dir.path(), "estudio.yaml", huayllay());
    for args in [
        &["--rules", "empty", "estudio.yaml"][..],
        &["--lang", "es", "test-rules", "empty"][..],
    ] {
        let out = run_in(dir.path(), args);
        assert_eq!(status(&out), 2, "{args:?}");
        assert!(stdout(&out).is_empty(), "{}", stdout(&out));
        let err = stderr(&out);
        assert!(
            err.contains("empty: no rule files")
                || err.contains("empty: no hay archivos de reglas"),
            "{err}"
        );
    }
}

#[test]
fn rule_file_with_bad_yaml() {
    let dir = tempfile::tempdir().unwrap();
    let text = format!("{}extra: [1, 2\n", read(F003));
    write(dir.path(), "rx/F003-land-split.yaml", &text);
    write(dir.path(), "estudio.yaml", huayllay());
    let out = run_in(dir.path(), &["--rules", "rx", "estudio.yaml"]);
    assert_eq!(status(&out), 2);
    assert!(
        stdout(&out).is_empty(),
        "nothing is linted: {}",
        stdout(&out)
    );
    let err = stderr(&out);
    let at = text.rfind('[').unwrap();
    assert!(
        err.contains(&arrow("F003-land-split.yaml", &text, at)),
        "{err}"
    );
    assert!(err.contains("unclosed bracket"), "{err}");
}

#[test]
fn rule_file_with_unknown_function() {
    let (text, err, code) = broken_rule("  - function: parts", "  - function: partz", &[]);
    assert_eq!(code, 2);
    let at = text.find("partz").unwrap();
    assert!(
        err.contains(&arrow("F003-land-split.yaml", &text, at)),
        "{err}"
    );
    assert!(err.contains("partz"), "{err}");
    assert!(err.contains("did you mean `parts`?"), "{err}");
}

#[test]
fn rule_file_with_bad_jsonpath() {
    let (text, err, code) = broken_rule(
        "given: $.formulation.requirements.land",
        "given: $.formulation[requirements",
        &[],
    );
    assert_eq!(code, 2);
    let at = text.find("$.formulation[requirements").unwrap();
    assert!(
        err.contains(&arrow("F003-land-split.yaml", &text, at)),
        "{err}"
    );
    assert!(err.contains("JSONPath"), "{err}");
}

#[test]
fn rule_file_with_invalid_regex() {
    let rule = "\
code: G901
name: cui-digits
severity: warning
criterion: \"1.2\"
title: {es: CUI de 7 dígitos, en: 7-digit CUI}
message: {es: \"el CUI {value} no tiene 7 dígitos\", en: \"the CUI {value} does not have 7 digits\"}
explanation: {es: Verifica el CUI., en: Checks the CUI.}
given: $.general.cui
then:
  - function: pattern
    options: {regex: \"^[0-9]{7}$\", mode: require}
";
    // The valid rule loads and runs.
    let (_, err, code) = broken_rule("", "", &[("G901-cui.yaml", rule.to_string())]);
    assert_eq!(code, 0, "{err}");
    let broken = rule.replace("^[0-9]{7}$", "^[0-9{7}$");
    let (_, err, code) = broken_rule("", "", &[("G901-cui.yaml", broken.clone())]);
    assert_eq!(code, 2);
    let at = broken.find("\"^[0-9{7}$\"").unwrap();
    assert!(err.contains(&arrow("G901-cui.yaml", &broken, at)), "{err}");
    assert!(err.contains("regular expression"), "{err}");
}

#[test]
fn rule_file_with_unknown_placeholder() {
    let (text, err, code) = broken_rule(
        "es: \"construcción, ampliación",
        "es: \"{bogus} construcción, ampliación",
        &[],
    );
    assert_eq!(code, 2);
    let at = text.find("\"{bogus}").unwrap();
    assert!(
        err.contains(&arrow("F003-land-split.yaml", &text, at)),
        "{err}"
    );
    assert!(err.contains("unknown placeholder `{bogus}`"), "{err}");
}

#[test]
fn at_placeholders_read_the_study_around_the_finding() {
    // `{at.FIELD}`: the field of the nearest node that holds it, from the
    // finding up; any function may use it, and a field none holds shows `?`.
    let (text, err, code) = broken_rule(
        "es: \"construcción, ampliación",
        "es: \"{at.total_m2} m², {at.pip_study}, {at.nada}: construcción, ampliación",
        &[],
    );
    assert_eq!(code, 0, "{err}");
    assert!(text.contains("{at.total_m2}"));
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "rx/F003-land-split.yaml", &text);
    let study = huayllay_with(&[("construction_m2: 720.0", "construction_m2: 900.0")]);
    write(dir.path(), "estudio.yaml", &study);
    let out = run_in(
        dir.path(),
        &[
            "--rules",
            "rx",
            "--lang",
            "es",
            "--format",
            "concise",
            "estudio.yaml",
        ],
    );
    let shown = stdout(&out);
    assert!(
        shown.contains("2400 m², 1, ?: construcción, ampliación"),
        "{shown}"
    );
    // A dotted name that is not `at.` is malformed.
    let (_, err, code) = broken_rule(
        "es: \"construcción, ampliación",
        "es: \"{al.nature} construcción, ampliación",
        &[],
    );
    assert_eq!(code, 2);
    assert!(err.contains("malformed placeholder"), "{err}");
}

#[test]
fn unknown_placeholder_lists_each_available_placeholder_once() {
    let (_, err, _) = broken_rule(
        "es: \"construcción, ampliación",
        "es: \"{bogus} construcción, ampliación",
        &[],
    );
    let line = err
        .lines()
        .find(|l| l.contains("available here"))
        .expect("the list");
    let list = &line[line.find("available here: ").unwrap() + 16..];
    let items: Vec<&str> = list.trim_end_matches(')').split(", ").collect();
    let unique: BTreeSet<&str> = items.iter().copied().collect();
    assert_eq!(items.len(), unique.len(), "{line}");
}

#[test]
fn duplicate_rule_code_across_two_files() {
    let copy = replace_once(&read(F003), "name: land-split", "name: land-split-copy").0;
    let (_, err, code) = broken_rule("", "", &[("F999-copia.yaml", copy.clone())]);
    assert_eq!(code, 2);
    // The later file (by name) is in error, at its `code` value, and names the first.
    let at = copy.find("F003").unwrap();
    assert!(err.contains(&arrow("F999-copia.yaml", &copy, at)), "{err}");
    assert!(err.contains("rx/F003-land-split.yaml"), "{err}");
    assert!(err.contains("F003"), "{err}");
}

#[test]
fn rule_file_with_an_option_of_the_wrong_type() {
    // The shares are an anchor F003 uses twice: a bad value there is reported
    // at the anchor and at the alias.
    for (from, to, needle, message, errors) in [
        (
            "max_share: ${construction_max_share}",
            "max_share: treinta",
            "treinta",
            "expected a number, found a string \"treinta\"",
            2,
        ),
        (
            "options:\n      total: total_m2",
            "options:\n      total: [1, 2]",
            "[1, 2]",
            "expected a string, found a sequence",
            1,
        ),
        (
            "options:\n      total: total_m2",
            "options:\n      total: total_m2\n      bogus_opt: 3",
            "bogus_opt",
            "unknown key `bogus_opt`",
            1,
        ),
    ] {
        let (text, err, code) = broken_rule(from, to, &[]);
        assert_eq!(code, 2, "{to}: {err}");
        let at = text.find(needle).unwrap();
        assert!(
            err.contains(&arrow("F003-land-split.yaml", &text, at)),
            "{to}: {err}"
        );
        assert!(err.contains(message), "{to}: {err}");
        assert_eq!(err.matches("error[").count(), errors, "{err}");
    }
}

/// A user's rule with one `pattern` check on `general.name`.
fn pattern_rule(regex: &str) -> String {
    format!(
        "\
code: G901
name: name-pattern
severity: warning
criterion: \"1.2\"
title: {{es: Nombre, en: Name}}
message: {{es: \"el nombre no sigue el patrón\", en: \"the name does not follow the pattern\"}}
explanation: {{es: Verifica el nombre., en: Checks the name.}}
given: $.general.name
then:
  - function: pattern
    options: {{regex: '{regex}', mode: require}}
"
    )
}

#[test]
fn rule_file_with_a_pattern_too_large_to_compile() {
    // Compiles to more than the 1 MiB the engine allows: refused at load, at the pattern,
    // and alone (no cascade of errors about the rule's other parts).
    let rule = pattern_rule("(\\w{100}){100}");
    let (_, err, code) = broken_rule("", "", &[("G901-name.yaml", rule.clone())]);
    assert_eq!(code, 2, "{err}");
    let at = rule.find("'(\\w").unwrap();
    assert!(err.contains(&arrow("G901-name.yaml", &rule, at)), "{err}");
    assert!(err.contains("exceeds size limit"), "{err}");
    assert_eq!(err.matches("error[").count(), 1, "one error: {err}");
}

#[test]
fn a_backtracking_pattern_runs_in_linear_time_on_a_long_value() {
    // `^(a+)+$` takes exponential time in backtracking engines; here it is a finite
    // automaton, so 100 000 `a` followed by `!` is one quick finding (a hang would
    // stop the test suite, whose runner times tests out).
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "rx/G901-name.yaml", pattern_rule("^(a+)+$"));
    let study = format!(
        "pip_study: 1\ngeneral:\n  name: \"{}!\"\n",
        "a".repeat(100_000)
    );
    write(dir.path(), "estudio.yaml", &study);
    let out = run_in(
        dir.path(),
        &[
            "--rules",
            "rx",
            "--select",
            "G901",
            "--format",
            "json",
            "estudio.yaml",
        ],
    );
    let doc: serde_json::Value = serde_json::from_str(&stdout(&out)).unwrap();
    let found: Vec<&str> = doc["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| d["code"].as_str().unwrap())
        .collect();
    assert_eq!(found, ["G901"], "{doc}");
    assert_eq!(doc["diagnostics"][0]["pointer"], "/general/name");
}

#[test]
fn output_never_replaces_a_study() {
    // `-o` naming a study of the run (by any path) is refused, exit 2, and
    // the study is left as it was; another file is written as usual.
    // Nor is any other study: one the run does not check, one piped in on
    // standard input, one whose `pip_study` only the parse finds.
    let dir = tempfile::tempdir().unwrap();
    let study = huayllay();
    write(dir.path(), "estudios/e.yaml", &study);
    write(dir.path(), "otros/flujo.yaml", "{pip_study: \"1\"}\n");
    write(dir.path(), "otros/mac.yaml", study.replace('\n', "\r"));
    for args in [
        &["estudios", "--format", "json", "-o", "estudios/e.yaml"][..],
        &["estudios/e.yaml", "-o", "./estudios/../estudios/e.yaml"],
        &["report", "estudios/e.yaml", "-o", "estudios/e.yaml"],
        &["otros/flujo.yaml", "-o", "estudios/e.yaml"],
        &["estudios/e.yaml", "-o", "otros/flujo.yaml"],
        &["estudios/e.yaml", "-o", "otros/mac.yaml"],
        &["-", "-o", "estudios/e.yaml"],
        &["report", "-", "-o", "estudios/e.yaml"],
    ] {
        let out = bin()
            .current_dir(dir.path())
            .args(args)
            .stdin(std::fs::File::open(dir.path().join("estudios/e.yaml")).unwrap())
            .output()
            .unwrap();
        assert_eq!(status(&out), 2, "{args:?}: {}", stderr(&out));
        assert!(
            stderr(&out).contains("does not modify studies"),
            "{}",
            stderr(&out)
        );
        assert_eq!(
            std::fs::read_to_string(dir.path().join("estudios/e.yaml")).unwrap(),
            study,
            "{args:?}"
        );
    }
    assert_eq!(
        std::fs::read_to_string(dir.path().join("otros/flujo.yaml")).unwrap(),
        "{pip_study: \"1\"}\n"
    );
    let out = run_in(
        dir.path(),
        &["report", "estudios/e.yaml", "-o", "informe.html"],
    );
    assert_eq!(status(&out), 0, "{}", stderr(&out));
    assert!(dir.path().join("informe.html").exists());
    // An earlier output that mentions `pip_study` is no study: it is replaced.
    write(
        dir.path(),
        "salida.json",
        "{\"message\": \"missing required key `pip_study`\"}\n",
    );
    let out = run_in(
        dir.path(),
        &["estudios/e.yaml", "--format", "json", "-o", "salida.json"],
    );
    assert_eq!(status(&out), 0, "{}", stderr(&out));
    let written = std::fs::read_to_string(dir.path().join("salida.json")).unwrap();
    assert!(written.contains("\"files_checked\""), "{written}");
}

#[cfg(unix)]
#[test]
fn output_writes_through_links_and_into_special_files() {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "e.yaml", huayllay());
    // A symbolic link: its target gets the output, the link stays a link.
    write(dir.path(), "target.json", "{}");
    std::os::unix::fs::symlink("target.json", dir.path().join("link.json")).unwrap();
    let out = run_in(
        dir.path(),
        &["e.yaml", "--format", "json", "-o", "link.json"],
    );
    assert_eq!(status(&out), 0, "{}", stderr(&out));
    let link = std::fs::symlink_metadata(dir.path().join("link.json")).unwrap();
    assert!(link.file_type().is_symlink());
    let written = std::fs::read_to_string(dir.path().join("target.json")).unwrap();
    assert!(written.contains("\"files_checked\": 1"), "{written}");
    // A FIFO: written into (a reader gets the output), not replaced by a file.
    let fifo = dir.path().join("fifo");
    let made = std::process::Command::new("mkfifo").arg(&fifo).status();
    if !made.is_ok_and(|s| s.success()) {
        return; // no mkfifo here
    }
    let reader = {
        let fifo = fifo.clone();
        std::thread::spawn(move || std::fs::read_to_string(fifo).unwrap())
    };
    let out = run_in(dir.path(), &["e.yaml", "-o", "fifo"]);
    assert_eq!(status(&out), 0, "{}", stderr(&out));
    assert!(reader.join().unwrap().contains("1 file checked"));
    use std::os::unix::fs::FileTypeExt;
    assert!(std::fs::metadata(&fifo).unwrap().file_type().is_fifo());
}

#[cfg(unix)]
#[test]
fn a_fifo_named_on_the_command_line_is_a_run_error_not_a_wait() {
    let dir = tempfile::tempdir().unwrap();
    let fifo = dir.path().join("estudio.yaml");
    let made = std::process::Command::new("mkfifo").arg(&fifo).status();
    if !made.is_ok_and(|s| s.success()) {
        return; // no mkfifo here
    }
    let mut child = bin()
        .current_dir(dir.path())
        .args(["--lang", "en", "estudio.yaml"])
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    // Opening a FIFO waits for a writer: give the run 20 s, then stop it.
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(20);
    while child.try_wait().unwrap().is_none() {
        if std::time::Instant::now() > deadline {
            child.kill().unwrap();
            panic!("pip-lint waited on the FIFO");
        }
        std::thread::sleep(std::time::Duration::from_millis(20));
    }
    let out = child.wait_with_output().unwrap();
    assert_eq!(status(&out), 2);
    assert!(
        stderr(&out).contains("not a regular file"),
        "{}",
        stderr(&out)
    );
}

#[test]
fn rule_file_errors_speak_of_rule_files() {
    let dir = tempfile::tempdir().unwrap();
    // An empty rule file: told what a rule file is, not what a study is.
    write(dir.path(), "r1/G990-empty.yaml", "");
    let out = run_in(dir.path(), &["--rules", "r1", "rules"]);
    assert_eq!(status(&out), 2);
    let err = stderr(&out);
    assert!(err.contains("a rule file is a mapping"), "{err}");
    assert!(!err.contains("pip_study"), "{err}");
    // An unknown parameter is that, once, at its value.
    let f004 = read("rules/F004-ground-resistance.yaml")
        .replace("code: F004", "code: G991")
        .replace("name: ground-resistance", "name: g-x")
        .replace("${max_ohm}", "${nope}");
    write(dir.path(), "r2/G991-x.yaml", &f004);
    let out = run_in(dir.path(), &["--rules", "r2", "rules"]);
    assert_eq!(status(&out), 2);
    let err = stderr(&out);
    assert!(
        err.contains("`${nope}` is not a parameter of this rule"),
        "{err}"
    );
    assert_eq!(err.matches("error[rule-file]").count(), 1, "{err}");
}

#[test]
fn lint_flags_before_check_count_as_after_it() {
    // `pip-lint --format json check .` is `pip-lint check --format json .`;
    // a flag given after `check` wins over the same flag before it.
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "e.yaml", huayllay());
    let out = run_in(
        dir.path(),
        &["--no-config", "--format", "json", "check", "e.yaml"],
    );
    assert_eq!(status(&out), 0, "{}", stderr(&out));
    assert_eq!(json_output(&out)["files_checked"], 1);
    let out = run_in(
        dir.path(),
        &[
            "--no-config",
            "--format",
            "json",
            "check",
            "--format",
            "concise",
            "e.yaml",
        ],
    );
    assert_eq!(stdout(&out), "");
    let out = run_in(
        dir.path(),
        &["--no-config", "--select", "X9", "check", "e.yaml"],
    );
    assert_eq!(status(&out), 2);
}

#[test]
fn small_usage_fixes() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    write(
        d,
        "e.yaml",
        huayllay_with(&[("ground_resistance_ohm: 4.2", "ground_resistance_ohm: 9")]),
    );
    // A space after a comma in a selection is no part of a code.
    let out = run_in(
        d,
        &[
            "--no-config",
            "--select",
            "F003, F004",
            "--format",
            "concise",
            "e.yaml",
        ],
    );
    assert_eq!(status(&out), 1, "{}", stderr(&out));
    assert!(stdout(&out).contains(" F004 "));
    // A names file that is not UTF-8 is an error, not a silent match of nothing.
    std::fs::write(d.join("nombres.txt"), b"Mejoramiento de la atenci\xf3n\n").unwrap();
    let out = run_in(
        d,
        &["--no-config", "--known-names", "nombres.txt", "e.yaml"],
    );
    assert_eq!(status(&out), 2);
    assert!(stderr(&out).contains("nombres.txt:1:"), "{}", stderr(&out));
    assert!(stderr(&out).contains("not UTF-8"), "{}", stderr(&out));
    // `init -` writes the template to standard output, no file named `-`.
    let out = run_in(d, &["init", "-"]);
    assert_eq!(status(&out), 0);
    assert!(stdout(&out).contains("pip_study"));
    assert!(!d.join("-").exists());
}

/// F004 as rule G991 (`g-x`) in `d/reglas`, with its cases, whose
/// expectations name the rule `named` (its code or its name).
fn g991_rules(d: &Path, named: &str) {
    let rule = read("rules/F004-ground-resistance.yaml")
        .replace("code: F004", "code: G991")
        .replace("name: ground-resistance", "name: g-x");
    write(d, "reglas/G991-x.yaml", &rule);
    for f in std::fs::read_dir(common::path("fixtures/rules/F004")).unwrap() {
        let f = f.unwrap().path();
        let text = std::fs::read_to_string(&f)
            .unwrap()
            .replace("# expect: F004", &format!("# expect: {named}"))
            .replace("F004", "G991");
        write(
            d,
            &format!(
                "reglas/fixtures/G991/{}",
                f.file_name().unwrap().to_str().unwrap()
            ),
            text,
        );
    }
}

#[test]
fn test_rules_expectations_name_a_rule_by_code_or_name() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    g991_rules(d, "g-x");
    let out = run_in(d, &["test-rules", "reglas"]);
    assert_eq!(status(&out), 0, "{}{}", stdout(&out), stderr(&out));
    assert!(stdout(&out).contains("ok      G991"), "{}", stdout(&out));
    // A name no rule has is still another rule's expectation, never checked.
    g991_rules(d, "g-y");
    let out = run_in(d, &["test-rules", "reglas"]);
    assert_eq!(status(&out), 1);
    assert!(stdout(&out).contains("expects g-y"), "{}", stdout(&out));
}

#[test]
fn test_rules_fails_a_case_that_does_not_parse() {
    // A quiet case that does not parse would pass for nothing.
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    g991_rules(d, "G991");
    let out = run_in(d, &["test-rules", "reglas"]);
    assert_eq!(status(&out), 0, "{}{}", stdout(&out), stderr(&out));
    write(
        d,
        "reglas/fixtures/G991/quiet-roto.yaml",
        "pip_study: \"1\"\ngeneral: [\n",
    );
    let out = run_in(d, &["test-rules", "reglas"]);
    assert_eq!(status(&out), 1);
    assert!(stdout(&out).contains("does not parse"), "{}", stdout(&out));
}

#[test]
fn test_rules_fails_a_quiet_case_whose_data_the_schema_withholds() {
    // G017 with the investment written as text: the schema rejects it and
    // withholds it, so the rule never compares; the quiet case would pass
    // for nothing.
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    write(
        d,
        "rx/G017-financing.yaml",
        read("rules/G017-financing-covers-investment.yaml"),
    );
    for name in [
        "fire-fuentes-no-cubren-la-inversion.yaml",
        "quiet-fuentes-suman-la-inversion.yaml",
    ] {
        write(
            d,
            &format!("rx/fixtures/G017/{name}"),
            read(&format!("fixtures/rules/G017/{name}")),
        );
    }
    let out = run_in(d, &["test-rules", "rx"]);
    assert_eq!(status(&out), 0, "{}{}", stdout(&out), stderr(&out));
    let one = read("fixtures/rules/G017/quiet-fuentes-suman-la-inversion.yaml");
    write(
        d,
        "rx/fixtures/G017/quiet-inversion-como-texto.yaml",
        replace_once(
            &one,
            "investment_soles: 2099620",
            "investment_soles: \"2099620\"",
        )
        .0,
    );
    let out = run_in(d, &["test-rules", "rx"]);
    assert_eq!(status(&out), 1, "{}", stdout(&out));
    let text = stdout(&out);
    assert!(
        text.contains(
            "quiet-inversion-como-texto.yaml: quiet only because G017 could not judge it"
        ),
        "{text}"
    );
    assert!(text.contains("(S002)"), "{text}");
}

#[test]
fn schema_and_init_need_no_valid_configuration() {
    // A broken pip-lint.toml above does not stop the commands that read none.
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "pip-lint.toml", "bogus = 1\n");
    let out = run_in(dir.path(), &["schema"]);
    assert_eq!(status(&out), 0, "{}", stderr(&out));
    let out = run_in(dir.path(), &["init"]);
    assert_eq!(status(&out), 0, "{}", stderr(&out));
    // Those that do read it still refuse it.
    assert_eq!(status(&run_in(dir.path(), &["rules"])), 2);
}

/// A rule of two checks of different functions (`required`, then `range`):
/// the rule's message serves both, so it may use only what both fill in.
const TWO_CHECKS: &str = r#"code: F900
name: horizon-max
severity: error
criterion: "3.2.9"
title: {es: "Horizonte", en: "Horizon"}
message: {es: "horizonte {value}", en: "horizon {value}"}
explanation: {es: "Prueba.", en: "Test."}
given: $.formulation
then:
  - function: required
    options: {fields: [base_year]}
  - function: range
    field: horizon_years
    options: {max: 10}
"#;

fn load_rules_dir(files: &[(&str, &str)]) -> (String, i32) {
    let dir = tempfile::tempdir().unwrap();
    for (name, text) in files {
        write(dir.path(), &format!("rx/{name}"), text);
    }
    write(dir.path(), "estudio.yaml", huayllay());
    let out = run_in(
        dir.path(),
        &["--no-config", "--rules", "rx", "estudio.yaml"],
    );
    (stderr(&out), status(&out))
}

#[test]
fn a_placeholder_must_be_filled_in_every_finding_its_text_renders() {
    let (err, code) = load_rules_dir(&[("F900-horizon-max.yaml", TWO_CHECKS)]);
    assert_eq!(code, 2, "{err}");
    let at = TWO_CHECKS.find("\"horizonte {value}\"").unwrap();
    assert!(
        err.contains(&arrow("F900-horizon-max.yaml", TWO_CHECKS, at)),
        "{err}"
    );
    assert!(err.contains("unknown placeholder `{value}`"), "{err}");
    // With a message of its own on the `required` check, the rule's serves `range` alone.
    let fixed = TWO_CHECKS.replace(
        "  - function: required\n",
        "  - function: required\n    message: {es: \"falta {field}\", en: \"{field} is missing\"}\n",
    );
    let (err, code) = load_rules_dir(&[("F900-horizon-max.yaml", &fixed)]);
    assert_eq!(code, 0, "{err}");
    // A help or label with a placeholder the check's findings do not fill in.
    let help = fixed.replace(
        "    options: {max: 10}\n",
        "    options: {max: 10}\n    label: {es: \"{nope}\", en: \"{nope}\"}\n",
    );
    let (err, code) = load_rules_dir(&[("F900-horizon-max.yaml", &help)]);
    assert_eq!(code, 2, "{err}");
    assert!(err.contains("unknown placeholder `{nope}`"), "{err}");
    assert!(err.contains("at /then/1/label/es"), "{err}");
}

#[test]
fn a_rule_may_not_take_a_document_code_or_name() {
    let s = TWO_CHECKS
        .replace("code: F900", "code: S001")
        .replace("horizonte {value}", "horizonte")
        .replace("horizon {value}", "horizon");
    let (err, code) = load_rules_dir(&[("S001-horizon-max.yaml", &s)]);
    assert_eq!(code, 2, "{err}");
    assert!(err.contains("--> rx/S001-horizon-max.yaml:1:7"), "{err}");
    let n = s
        .replace("code: S001", "code: F900")
        .replace("name: horizon-max", "name: yaml-syntax");
    let (err, code) = load_rules_dir(&[("F900-yaml-syntax.yaml", &n)]);
    assert_eq!(code, 2, "{err}");
    assert!(err.contains("the name `yaml-syntax` is S001's"), "{err}");
    assert!(err.contains("--> rx/F900-yaml-syntax.yaml:2:7"), "{err}");
}

#[test]
fn a_condition_takes_one_subject_and_one_test() {
    let base = TWO_CHECKS
        .replace("horizonte {value}", "horizonte")
        .replace("horizon {value}", "horizon");
    for (when, says) in [
        (
            "{path: horizon_years, equals: 99, min: 1}",
            "a condition takes one test, this one has equals, min/max",
        ),
        (
            "{path: horizon_years, value: \"1\", exists: true}",
            "a condition takes `path` or `value`, not both",
        ),
        (
            "{path: base_year, matches: x, not_matches: y}",
            "a condition takes one test, this one has matches, not_matches",
        ),
        (
            "{min: 1, max: 2}",
            "a condition needs `path` (a field) or `value` (an expression)",
        ),
    ] {
        let text = base.replace(
            "given: $.formulation\n",
            &format!("given: $.formulation\nwhen: [{when}]\n"),
        );
        let (err, code) = load_rules_dir(&[("F900-horizon-max.yaml", &text)]);
        assert_eq!(code, 2, "{when}: {err}");
        assert!(err.contains(says), "{when}: {err}");
        let at = text.find(when).unwrap();
        assert!(
            err.contains(&arrow("F900-horizon-max.yaml", &text, at)),
            "{when}: {err}"
        );
    }
}

#[test]
fn test_rules_fails_an_expectation_for_another_rule_and_refuses_rules_flag() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    write(d, "rx/F003-land-split.yaml", read(F003));
    let quiet = read("fixtures/rules/F003/quiet-exacto-30-20-50.yaml");
    write(d, "rx/fixtures/F003/quiet-a.yaml", &quiet);
    let fire = std::fs::read_dir("fixtures/rules/F003")
        .unwrap()
        .map(|e| e.unwrap().path())
        .find(|p| p.file_name().unwrap().to_str().unwrap().starts_with("fire"))
        .unwrap();
    let fire = std::fs::read_to_string(fire).unwrap();
    write(
        d,
        "rx/fixtures/F003/fire-a.yaml",
        format!("# expect: F90O /x 1:1\n{fire}"),
    );
    let out = run_in(d, &["test-rules", "rx"]);
    assert_eq!(status(&out), 1, "{}", stdout(&out));
    assert!(stdout(&out).contains("expects F90O"), "{}", stdout(&out));
    let out = run_in(d, &["test-rules", "rx", "--rules", "otro"]);
    assert_eq!(status(&out), 2);
    assert!(
        stderr(&out).contains("takes no `--rules`"),
        "{}",
        stderr(&out)
    );
}

#[test]
fn a_run_that_finds_no_study_says_so_and_passes() {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "ci.yaml", "on: push\n");
    let out = run_in(dir.path(), &["--no-config", "."]);
    assert_eq!(status(&out), 0);
    assert!(
        stderr(&out).contains("warning: no study (a YAML file with `pip_study`) was found"),
        "{}",
        stderr(&out)
    );
    let out = run_in(
        dir.path(),
        &["--no-config", "--lang", "es", "--format", "json", "."],
    );
    assert_eq!(status(&out), 0);
    assert!(
        stderr(&out).contains("no se encontró ningún estudio"),
        "{}",
        stderr(&out)
    );
    assert_eq!(json_output(&out)["files_checked"], 0);
    // `--quiet` keeps it quiet.
    let out = run_in(dir.path(), &["--no-config", "-q", "."]);
    assert!(stderr(&out).is_empty(), "{}", stderr(&out));
}

#[test]
fn the_template_lists_what_is_left_to_fill_in_and_nothing_else() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let out = run_in(d, &["init", "estudio.yaml"]);
    assert_eq!(status(&out), 0, "{}", stderr(&out));
    let text = std::fs::read_to_string(d.join("estudio.yaml")).unwrap();
    let out = run_in(d, &["--no-config", "--format", "json", "estudio.yaml"]);
    assert_eq!(status(&out), 1);
    let doc = json_output(&out);
    let ds = doc["diagnostics"].as_array().unwrap();
    assert!(ds.len() > 100, "{}", ds.len());
    // Only S005, each at a template text or on a line marked `# COMPLETAR`.
    for d in ds {
        assert_eq!(d["code"], "S005", "{d}");
        let start = d["range"]["start"]["offset"].as_u64().unwrap() as usize;
        let line_start = text[..start].rfind('\n').map_or(0, |i| i + 1);
        let line_end = text[start..].find('\n').map_or(text.len(), |i| start + i);
        let line = &text[line_start..line_end];
        assert!(
            text[start..]
                .trim_start_matches('"')
                .starts_with("COMPLETAR")
                || line.contains("# COMPLETAR"),
            "{d}: {line}"
        );
    }
    // Filling one marked value (and deleting its mark) removes its finding alone.
    let n = ds.len();
    let marked = "      ground_resistance_ohm: 0  # COMPLETAR: entre 3 y 5 Ω";
    assert!(text.contains(marked));
    let filled = text.replace(marked, "      ground_resistance_ohm: 4.2");
    std::fs::write(d.join("estudio.yaml"), filled).unwrap();
    let out = run_in(d, &["--no-config", "--format", "json", "estudio.yaml"]);
    let doc = json_output(&out);
    assert_eq!(doc["diagnostics"].as_array().unwrap().len(), n - 1);
    // The report verifies nothing on template values.
    let out = run_in(
        d,
        &[
            "--no-config",
            "report",
            "--format",
            "markdown",
            "estudio.yaml",
        ],
    );
    let report = stdout(&out);
    assert!(
        report.contains("0 met"),
        "{}",
        &report[..report.len().min(2000)]
    );
}

#[test]
fn skip_non_studies_skips_named_files_that_are_not_studies() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    write(d, "estudio.yaml", huayllay());
    write(d, ".github/workflows/ci.yml", "on: push\njobs: {}\n");
    write(d, "hooks.yaml", "- id: x\n");
    let files = ["estudio.yaml", ".github/workflows/ci.yml", "hooks.yaml"];
    // Named, they are linted as studies (and fail)…
    let mut args = vec!["--no-config", "--format", "json"];
    args.extend(files);
    let out = run_in(d, &args);
    assert_eq!(status(&out), 1);
    assert_eq!(json_output(&out)["files_checked"], 3);
    // …unless pre-commit's hook asks to skip what is not a study.
    args.push("--skip-non-studies");
    let out = run_in(d, &args);
    assert_eq!(status(&out), 0, "{}", stdout(&out));
    assert_eq!(json_output(&out)["files_checked"], 1);
    // The hook passes it.
    let hooks = std::fs::read_to_string(root().join(".pre-commit-hooks.yaml")).unwrap();
    assert!(
        hooks.contains("args: [--format, concise, --skip-non-studies]"),
        "{hooks}"
    );
}

#[test]
fn a_walk_finds_studies_whatever_the_style_of_their_root_mapping() {
    // The contract's test is the top-level mapping's key, not a line: an
    // indented or flow root, or a tag or anchor on the key, is a study too;
    // `pip_study` nested deeper, or only in a comment, is not.
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let body = "formulation: {horizon_years: 8}";
    for (file, text) in [
        ("block.yaml", format!("pip_study: \"1\"\n{body}\n")),
        ("indented.yaml", format!("  pip_study: \"1\"\n  {body}\n")),
        ("flow.yaml", format!("{{pip_study: \"1\", {body}}}\n")),
        ("tagged.yaml", format!("!!str pip_study: \"1\"\n{body}\n")),
        ("anchored.yaml", format!("&v pip_study: \"1\"\n{body}\n")),
        ("nested.yaml", "tool:\n  pip_study: \"1\"\n".to_string()),
        (
            "comment.yaml",
            "# not a pip_study file\nname: CI\n".to_string(),
        ),
        ("broken.yaml", "tool: [\n  pip_study: 1\n".to_string()),
    ] {
        write(d, file, text);
    }
    let out = run_in(
        d,
        &["--no-config", "--select", "F001", "--format", "json", "."],
    );
    assert_eq!(status(&out), 1, "{}", stderr(&out));
    let doc = json_output(&out);
    assert_eq!(doc["files_checked"], 5);
    let mut files: Vec<&str> = doc["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| d["file"].as_str().unwrap())
        .collect();
    files.sort();
    assert_eq!(
        files,
        [
            "anchored.yaml",
            "block.yaml",
            "flow.yaml",
            "indented.yaml",
            "tagged.yaml"
        ]
    );
    // `--skip-non-studies` on named files decides the same way.
    let out = run_in(
        d,
        &[
            "--no-config",
            "--select",
            "F001",
            "--format",
            "json",
            "--skip-non-studies",
            "flow.yaml",
            "nested.yaml",
        ],
    );
    assert_eq!(status(&out), 1);
    assert_eq!(json_output(&out)["files_checked"], 1);
}

#[test]
fn explain_shows_parameter_texts_in_the_language_of_messages() {
    // E009's table carries a note per row in both languages: one is shown.
    for (lang, shown, hidden) in [
        ("es", "valor confirmado", "confirmed value"),
        ("en", "confirmed value", "valor confirmado"),
    ] {
        let out = run(&["--no-config", "--lang", lang, "explain", "E009"]);
        assert_eq!(status(&out), 0);
        let text = stdout(&out);
        assert!(text.contains(shown), "{lang}: {text}");
        assert!(!text.contains(hidden), "{lang}: {text}");
        assert!(
            !text.contains("\"en\":") && !text.contains("\"es\":"),
            "{text}"
        );
    }
}

#[test]
fn explain_says_how_to_fix_it_once() {
    let rules = pip_lint::rules::load::builtin(pip_lint::i18n::Lang::En).unwrap();
    for r in &rules.rules {
        for (lang, heading) in [("es", "Cómo corregirlo"), ("en", "How to fix it")] {
            let out = run(&["--no-config", "--lang", lang, "explain", &r.code]);
            assert_eq!(status(&out), 0);
            let text = stdout(&out);
            assert!(
                text.matches(heading).count() <= 1,
                "{} {lang}:\n{text}",
                r.code
            );
        }
    }
}

#[test]
fn an_empty_selection_is_refused_and_upper_case_extensions_are_studies() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    write(d, "estudios/ESTUDIO.YAML", huayllay());
    let out = run_in(d, &["--no-config", "--select", "", "estudios"]);
    assert_eq!(status(&out), 2);
    assert!(
        stderr(&out).contains("`--select` is empty"),
        "{}",
        stderr(&out)
    );
    // A stray comma is only a stray comma.
    let out = run_in(
        d,
        &[
            "--no-config",
            "--format",
            "json",
            "--select",
            "F003,",
            "estudios",
        ],
    );
    assert_eq!(status(&out), 0, "{}", stderr(&out));
    // `.YAML` in capitals is found in a folder.
    assert_eq!(json_output(&out)["files_checked"], 1);
}
