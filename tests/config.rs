//! `pip-lint.toml` end to end: discovery from the working directory upward,
//! `--config`, `--no-config`, precedence of flags over the file, `fail-on`,
//! `lang`, `per-file-ignores`, `include`/`exclude`, rule severities and
//! parameters, `rule-dirs`, and invalid configurations (exit 2 with a
//! diagnostic pointing into the file).
//!
//! Every run narrows the rules with `select` (in the file or on the command
//! line) to F003/F004 or to rules written here, so that rules added later do
//! not change what these tests see.

use crate::common;

use std::collections::BTreeSet;
use std::io::Write as _;
use std::path::Path;
use std::process::{Output, Stdio};

use common::*;
use serde_json::Value;

const HIGH_GROUND: (&str, &str) = ("ground_resistance_ohm: 4.2", "ground_resistance_ohm: 9");

/// Two F003 errors (construction 40 %, expansion 10 %) and one F004 error (9 Ω).
fn f003_f004() -> String {
    huayllay_with(&[CONSTRUCTION, EXPANSION, HIGH_GROUND])
}

/// Only one F004 warning (2.5 Ω) among F003/F004.
fn f004_warning() -> String {
    huayllay_with(&[LOW_GROUND])
}

/// (file, code) of every reported (not suppressed) diagnostic of a JSON run.
fn found(o: &Output) -> Vec<(String, String)> {
    let doc = json_output(o);
    doc["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| {
            (
                d["file"].as_str().unwrap().to_string(),
                d["code"].as_str().unwrap().to_string(),
            )
        })
        .collect()
}

/// The set of codes reported by a JSON run in `dir`; the run must not fail.
fn codes_in(dir: &Path, args: &[&str]) -> BTreeSet<String> {
    let mut all = vec!["--format", "json"];
    all.extend_from_slice(args);
    let out = run_in(dir, &all);
    assert_ne!(status(&out), 2, "{}", stderr(&out));
    found(&out).into_iter().map(|(_, c)| c).collect()
}

fn set(codes: &[&str]) -> BTreeSet<String> {
    codes.iter().map(|c| c.to_string()).collect()
}

/// A project: `pip-lint.toml` with `config` at the top, the F003+F004 study in `a/b/estudio.yaml`.
fn project(config: &str) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "pip-lint.toml", config);
    write(dir.path(), "a/b/estudio.yaml", f003_f004());
    dir
}

// ---------------------------------------------------------------- discovery

#[test]
fn the_configuration_is_found_from_the_working_directory_upward() {
    let dir = project("select = [\"F004\"]\n");
    let deep = dir.path().join("a/b");
    assert_eq!(codes_in(&deep, &["estudio.yaml"]), set(&["F004"]));
    assert_eq!(
        codes_in(&dir.path().join("a"), &["b/estudio.yaml"]),
        set(&["F004"])
    );
    assert_eq!(codes_in(dir.path(), &["a/b/estudio.yaml"]), set(&["F004"]));
    // Without it, F003 is back (among whatever else runs by default).
    let all = codes_in(&deep, &["--no-config", "estudio.yaml"]);
    assert!(all.contains("F003") && all.contains("F004"), "{all:?}");
    // The nearest file wins, alone (no merging with the one above).
    write(dir.path(), "a/pip-lint.toml", "select = [\"F003\"]\n");
    assert_eq!(codes_in(&deep, &["estudio.yaml"]), set(&["F003"]));
    assert_eq!(codes_in(dir.path(), &["a/b/estudio.yaml"]), set(&["F004"]));
}

#[test]
fn config_flag_names_the_file_and_wins_over_discovery() {
    let dir = project("select = [\"F003\"]\n");
    write(dir.path(), "otra/config.toml", "select = [\"F004\"]\n");
    let deep = dir.path().join("a/b");
    assert_eq!(
        codes_in(
            &deep,
            &["--config", "../../otra/config.toml", "estudio.yaml"]
        ),
        set(&["F004"])
    );
    let abs = dir.path().join("otra/config.toml");
    assert_eq!(
        codes_in(&deep, &["--config", abs.to_str().unwrap(), "estudio.yaml"]),
        set(&["F004"])
    );
    // A missing --config file is a failed run.
    let out = run_in(&deep, &["--config", "no-existe.toml", "estudio.yaml"]);
    assert_eq!(status(&out), 2);
    assert!(stderr(&out).contains("no-existe.toml"), "{}", stderr(&out));
    assert_eq!(stdout(&out), "");
}

#[test]
fn no_config_ignores_the_file_even_an_invalid_one() {
    let dir = project("ignore = [\"F003\"]\n");
    let deep = dir.path().join("a/b");
    assert_eq!(
        codes_in(&deep, &["--select", "F003,F004", "estudio.yaml"]),
        set(&["F004"])
    );
    assert_eq!(
        codes_in(
            &deep,
            &["--no-config", "--select", "F003,F004", "estudio.yaml"]
        ),
        set(&["F003", "F004"])
    );
    write(dir.path(), "pip-lint.toml", "selct = [\n");
    let out = run_in(&deep, &["--select", "F004", "estudio.yaml"]);
    assert_eq!(status(&out), 2);
    let out = run_in(
        &deep,
        &[
            "--no-config",
            "--select",
            "F004",
            "--format",
            "json",
            "estudio.yaml",
        ],
    );
    assert_eq!(status(&out), 1, "{}", stderr(&out));
    assert_eq!(found(&out).len(), 1);
    // --config and --no-config together are a usage error.
    let out = run_in(
        &deep,
        &[
            "--no-config",
            "--config",
            "../../pip-lint.toml",
            "estudio.yaml",
        ],
    );
    assert_eq!(status(&out), 2);
}

// --------------------------------------------------------------- precedence

#[test]
fn select_flag_replaces_the_files_select() {
    let dir = project("select = [\"F003\"]\n");
    let d = dir.path();
    assert_eq!(codes_in(d, &["a/b/estudio.yaml"]), set(&["F003"]));
    assert_eq!(
        codes_in(d, &["--select", "F004", "a/b/estudio.yaml"]),
        set(&["F004"])
    );
    // By name and by prefix too.
    assert_eq!(
        codes_in(d, &["--select", "ground-resistance", "a/b/estudio.yaml"]),
        set(&["F004"])
    );
}

#[test]
fn extend_select_and_ignore_flags_add_to_the_file() {
    let dir = project("select = [\"F003\"]\n");
    let d = dir.path();
    assert_eq!(
        codes_in(d, &["--extend-select", "F004", "a/b/estudio.yaml"]),
        set(&["F003", "F004"])
    );
    write(d, "pip-lint.toml", "select = [\"F003\", \"F004\"]\n");
    assert_eq!(
        codes_in(d, &["--ignore", "F004", "a/b/estudio.yaml"]),
        set(&["F003"])
    );
    // The file's own extend-select adds to its select.
    write(
        d,
        "pip-lint.toml",
        "select = [\"F003\"]\nextend-select = [\"F004\"]\n",
    );
    assert_eq!(codes_in(d, &["a/b/estudio.yaml"]), set(&["F003", "F004"]));
    // The file's ignore still applies under --select; --ignore adds to it.
    write(d, "pip-lint.toml", "ignore = [\"F004\"]\n");
    assert_eq!(
        codes_in(d, &["--select", "F003,F004", "a/b/estudio.yaml"]),
        set(&["F003"])
    );
    assert_eq!(
        codes_in(
            d,
            &[
                "--select",
                "F003,F004",
                "--ignore",
                "F003",
                "a/b/estudio.yaml"
            ]
        ),
        set(&[])
    );
}

// ------------------------------------------------------------------ fail-on

#[test]
fn fail_on_warning_makes_a_warning_fail_and_the_flag_overrides_it() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    write(d, "estudio.yaml", f004_warning());
    write(
        d,
        "pip-lint.toml",
        "select = [\"F003\", \"F004\"]\nfail-on = \"warning\"\n",
    );
    let out = run_in(d, &["--format", "json", "estudio.yaml"]);
    assert_eq!(status(&out), 1, "{}", stderr(&out));
    let doc = json_output(&out);
    assert_eq!(
        doc["summary"],
        serde_json::json!({"error": 0, "warning": 1, "info": 0})
    );
    assert_eq!(
        status(&run_in(d, &["--fail-on", "error", "estudio.yaml"])),
        0
    );
    assert_eq!(
        status(&run_in(d, &["--fail-on", "warning", "estudio.yaml"])),
        1
    );
    assert_eq!(
        status(&run_in(d, &["--fail-on", "info", "estudio.yaml"])),
        1
    );
    // Without the file, a warning does not fail the run.
    assert_eq!(
        status(&run_in(
            d,
            &["--no-config", "--select", "F003,F004", "estudio.yaml"]
        )),
        0
    );
    // fail-on = "error" in the file, --fail-on warning on the command line.
    write(
        d,
        "pip-lint.toml",
        "select = [\"F004\"]\nfail-on = \"error\"\n",
    );
    assert_eq!(status(&run_in(d, &["estudio.yaml"])), 0);
    assert_eq!(
        status(&run_in(d, &["--fail-on", "warning", "estudio.yaml"])),
        1
    );
    // A clean study passes even at fail-on = "info".
    write(d, "limpio.yaml", huayllay());
    write(
        d,
        "pip-lint.toml",
        "select = [\"F003\", \"F004\"]\nfail-on = \"info\"\n",
    );
    assert_eq!(status(&run_in(d, &["limpio.yaml"])), 0);
}

// --------------------------------------------------------------------- lang

#[test]
fn lang_of_the_file_chooses_the_messages_and_the_flag_wins() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    write(d, "estudio.yaml", f004_warning());
    write(d, "pip-lint.toml", "select = [\"F004\"]\nlang = \"es\"\n");
    // The file wins over the locale…
    let out = bin()
        .current_dir(d)
        .env("LANG", "en_US.UTF-8")
        .args(["--format", "concise", "estudio.yaml"])
        .output()
        .unwrap();
    let s = stdout(&out);
    assert!(
        s.contains(" F004 la resistencia del pozo a tierra es 2.5 Ω"),
        "{s}"
    );
    let out = run_in(d, &["estudio.yaml"]);
    assert!(
        stdout(&out).ends_with("1 archivo revisado: 0 errores, 1 advertencia, 0 notas\n"),
        "{}",
        stdout(&out)
    );
    // …and --lang wins over the file.
    let out = run_in(d, &["--lang", "en", "--format", "concise", "estudio.yaml"]);
    assert!(
        stdout(&out).contains(" F004 the grounding resistance is 2.5 Ω"),
        "{}",
        stdout(&out)
    );
    write(d, "pip-lint.toml", "select = [\"F004\"]\nlang = \"en\"\n");
    let out = bin()
        .current_dir(d)
        .env("LANG", "es_PE.UTF-8")
        .args(["--format", "concise", "estudio.yaml"])
        .output()
        .unwrap();
    assert!(
        stdout(&out).contains(" F004 the grounding resistance is 2.5 Ω"),
        "{}",
        stdout(&out)
    );
}

// -------------------------------------------------------- per-file-ignores

const PER_FILE: &str = "select = [\"F003\", \"F004\"]\n\n[per-file-ignores]\n\"viejos/*.yaml\" = [\"F004\"]\n\"*/especial.yaml\" = [\"land-split\"]\n";

fn per_file_project() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    write(d, "pip-lint.toml", PER_FILE);
    for f in ["viejos/a.yaml", "nuevos/a.yaml", "nuevos/especial.yaml"] {
        write(d, f, f003_f004());
    }
    dir
}

fn per_file(o: &Output) -> BTreeSet<(String, String)> {
    assert_ne!(status(o), 2, "{}", stderr(o));
    found(o).into_iter().collect()
}

fn pairs(list: &[(&str, &str)]) -> BTreeSet<(String, String)> {
    list.iter()
        .map(|(f, c)| (f.to_string(), c.to_string()))
        .collect()
}

#[test]
fn a_file_that_ignores_a_cross_file_rule_still_counts_for_the_others() {
    // The same PIP name in both files: G001 in each. Ignored for the old
    // one, it is still reported in the new one, which repeats the old name.
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    write(
        d,
        "pip-lint.toml",
        "select = [\"G001\"]\n\n[per-file-ignores]\n\"viejos/*.yaml\" = [\"G001\"]\n",
    );
    for f in ["viejos/a.yaml", "nuevos/a.yaml"] {
        write(d, f, f003_f004());
    }
    let out = run_in(d, &["--format", "json", "."]);
    assert_eq!(per_file(&out), pairs(&[("nuevos/a.yaml", "G001")]));
}

#[test]
fn per_file_ignores_apply_by_glob() {
    let dir = per_file_project();
    let d = dir.path();
    let out = run_in(d, &["--format", "json", "."]);
    assert_eq!(
        per_file(&out),
        pairs(&[
            ("nuevos/a.yaml", "F003"),
            ("nuevos/a.yaml", "F004"),
            ("nuevos/especial.yaml", "F004"),
            ("viejos/a.yaml", "F003"),
        ])
    );
    // Named files too, and standard input under --stdin-filename.
    let out = run_in(d, &["--format", "json", "viejos/a.yaml"]);
    assert_eq!(per_file(&out), pairs(&[("viejos/a.yaml", "F003")]));
    let mut child = bin()
        .current_dir(d)
        .args([
            "-",
            "--stdin-filename",
            "viejos/desde-stdin.yaml",
            "--format",
            "json",
        ])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    child
        .stdin
        .take()
        .unwrap()
        .write_all(f003_f004().as_bytes())
        .unwrap();
    let out = child.wait_with_output().unwrap();
    assert_eq!(
        per_file(&out),
        pairs(&[("viejos/desde-stdin.yaml", "F003")])
    );
}

#[test]
fn globs_are_relative_to_the_configuration_not_to_the_working_directory() {
    // `estudio.yaml` typed in `a/b` is `a/b/estudio.yaml`, not the `estudio.yaml`
    // next to the configuration; and `a/b/estudio.yaml` matches it from anywhere.
    let dir = project("[per-file-ignores]\n\"estudio.yaml\" = [\"F003\"]\n");
    let sub = dir.path().join("a/b");
    for path in ["estudio.yaml", ".", "./estudio.yaml"] {
        assert_eq!(codes_in(&sub, &[path]), set(&["F003", "F004"]), "{path}");
    }
    write(
        dir.path(),
        "pip-lint.toml",
        "[per-file-ignores]\n\"a/b/estudio.yaml\" = [\"F003\"]\n",
    );
    for path in ["estudio.yaml", "."] {
        assert_eq!(codes_in(&sub, &[path]), set(&["F004"]), "{path}");
    }
    // The same for `exclude`, with the configuration named from elsewhere.
    write(dir.path(), "conf/pip-lint.toml", "exclude = [\"b/**\"]\n");
    let conf = dir.path().join("conf/pip-lint.toml");
    let conf = conf.to_str().unwrap();
    assert_eq!(
        codes_in(&dir.path().join("a"), &["--config", conf, "."]),
        set(&["F003", "F004"])
    );
}

#[test]
fn a_glob_may_start_with_dot_slash() {
    // `./viejos/*.yaml` is `viejos/*.yaml`: relative to the file, as written.
    let dir = per_file_project();
    let d = dir.path();
    write(
        d,
        "pip-lint.toml",
        PER_FILE.replace("\"viejos/", "\"./viejos/"),
    );
    for path in ["viejos/a.yaml", "."] {
        let out = run_in(d, &["--format", "json", path]);
        assert!(
            !per_file(&out).contains(&("viejos/a.yaml".to_string(), "F004".to_string())),
            "{path}"
        );
    }
}

#[test]
fn per_file_ignores_are_relative_to_the_configuration_file() {
    // The README: "Paths and globs are relative to the file." Linting from a
    // subfolder must not change which files the globs name.
    let dir = per_file_project();
    let d = dir.path();
    let out = run_in(&d.join("viejos"), &["--format", "json", "a.yaml"]);
    assert_eq!(per_file(&out), pairs(&[("a.yaml", "F003")]));
    let out = run_in(&d.join("viejos"), &["--format", "json", "."]);
    assert_eq!(per_file(&out), pairs(&[("a.yaml", "F003")]));
}

// -------------------------------------------------------- include / exclude

const INCLUDE_EXCLUDE: &str =
    "select = [\"F004\"]\ninclude = [\"estudios/**\"]\nexclude = [\"estudios/borradores/**\"]\n";

fn include_exclude_project() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    write(d, "pip-lint.toml", INCLUDE_EXCLUDE);
    for f in [
        "estudios/a.yaml",
        "estudios/borradores/b.yaml",
        "otros/c.yaml",
    ] {
        write(d, f, f003_f004());
    }
    dir
}

fn checked(o: &Output) -> (u64, BTreeSet<String>) {
    assert_ne!(status(o), 2, "{}", stderr(o));
    let doc = json_output(o);
    (
        doc["files_checked"].as_u64().unwrap(),
        found(o).into_iter().map(|(f, _)| f).collect(),
    )
}

#[test]
fn include_and_exclude_filter_files_found_in_directories() {
    let dir = include_exclude_project();
    let d = dir.path();
    assert_eq!(
        checked(&run_in(d, &["--format", "json", "."])),
        (1, set(&["estudios/a.yaml"]))
    );
    assert_eq!(
        checked(&run_in(d, &["--format", "json"])),
        (1, set(&["estudios/a.yaml"]))
    );
    // A folder named on the command line is walked with the same filters.
    assert_eq!(
        checked(&run_in(d, &["--format", "json", "estudios"])),
        (1, set(&["estudios/a.yaml"]))
    );
    assert_eq!(checked(&run_in(d, &["--format", "json", "otros"])).0, 0);
    // Files named explicitly are always linted.
    assert_eq!(
        checked(&run_in(
            d,
            &[
                "--format",
                "json",
                "estudios/borradores/b.yaml",
                "otros/c.yaml"
            ]
        )),
        (2, set(&["estudios/borradores/b.yaml", "otros/c.yaml"]))
    );
    // Without the file, all three.
    assert_eq!(
        checked(&run_in(
            d,
            &["--no-config", "--select", "F004", "--format", "json", "."]
        ))
        .0,
        3
    );
}

#[test]
fn include_and_exclude_are_relative_to_the_configuration_file() {
    let dir = include_exclude_project();
    let d = dir.path();
    // Linting from estudios/: borradores/ is still excluded, a.yaml still included.
    assert_eq!(
        checked(&run_in(&d.join("estudios"), &["--format", "json", "."])),
        (1, set(&["a.yaml"]))
    );
}

// ------------------------------------------------------ [rules.X] severity

#[test]
fn rule_severity_is_set_by_code_or_name() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    write(d, "estudio.yaml", huayllay_with(&[CONSTRUCTION, EXPANSION]));
    for header in ["F003", "land-split"] {
        write(
            d,
            "pip-lint.toml",
            format!("select = [\"F003\"]\n\n[rules.{header}]\nseverity = \"warning\"\n"),
        );
        let out = run_in(d, &["--format", "json", "estudio.yaml"]);
        assert_eq!(status(&out), 0, "{header}: {}", stderr(&out));
        let doc = json_output(&out);
        let sev: Vec<&str> = doc["diagnostics"]
            .as_array()
            .unwrap()
            .iter()
            .map(|d| d["severity"].as_str().unwrap())
            .collect();
        assert_eq!(sev, ["warning", "warning"], "{header}");
        assert_eq!(
            doc["summary"],
            serde_json::json!({"error": 0, "warning": 2, "info": 0})
        );
    }
    // As info, the GitHub annotation is a notice.
    write(
        d,
        "pip-lint.toml",
        "select = [\"F003\"]\n\n[rules.F003]\nseverity = \"info\"\n",
    );
    let out = run_in(d, &["--format", "github", "estudio.yaml"]);
    assert_eq!(status(&out), 0);
    let lines: Vec<String> = stdout(&out).lines().map(str::to_string).collect();
    assert_eq!(lines.len(), 2, "{lines:?}");
    assert!(
        lines
            .iter()
            .all(|l| l.starts_with("::notice file=estudio.yaml,")),
        "{lines:?}"
    );
    let out = run_in(d, &["--format", "sarif", "estudio.yaml"]);
    let sarif: Value = serde_json::from_str(&stdout(&out)).unwrap();
    assert_eq!(sarif["runs"][0]["results"][0]["level"], "note");
    assert_eq!(
        sarif["runs"][0]["tool"]["driver"]["rules"][0]["defaultConfiguration"]["level"],
        "note"
    );
}

#[test]
fn a_rule_severity_covers_every_check_of_the_rule() {
    // F004 reports below 3 Ω with a check of its own severity (warning);
    // `severity = "error"` for the rule makes that finding an error too.
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    write(
        d,
        "estudio.yaml",
        huayllay_with(&[("ground_resistance_ohm: 4.2", "ground_resistance_ohm: 2.5")]),
    );
    let json = |toml: &str| {
        write(d, "pip-lint.toml", toml);
        let out = run_in(d, &["--format", "json", "--select", "F004", "estudio.yaml"]);
        (status(&out), json_output(&out))
    };
    let (code, doc) = json("");
    assert_eq!(
        (code, doc["diagnostics"][0]["severity"].as_str()),
        (0, Some("warning"))
    );
    let (code, doc) = json("[rules.F004]\nseverity = \"error\"\n");
    assert_eq!(
        (code, doc["diagnostics"][0]["severity"].as_str()),
        (1, Some("error"))
    );
    let (code, doc) = json("[rules.F004]\nseverity = \"info\"\n");
    assert_eq!(
        (code, doc["diagnostics"][0]["severity"].as_str()),
        (0, Some("info"))
    );
}

// ------------------------------------------------------------- parameters

/// A rule with a parameter, used as `${max_altitude}` in its options.
const ALTITUDE_RULE: &str = r#"code: G902
name: altitude-limit
severity: warning
criterion: "1.1"
title: {es: "Altitud máxima de prueba", en: "Test altitude limit"}
message: {es: "la altitud es {value} m; el máximo es {max} m", en: "the altitude is {value} m; the limit is {max} m"}
explanation: {es: "Una regla de prueba con un parámetro.", en: "A test rule with a parameter."}
params:
  max_altitude:
    default: 4000
    description: {es: "Altitud máxima", en: "Largest altitude"}
given: $.general.location
then:
  - function: range
    field: altitude_m
    options: {max: "${max_altitude}"}
"#;

#[test]
fn rule_params_are_set_in_the_configuration() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    write(d, "reglas/G902-altitude-limit.yaml", ALTITUDE_RULE);
    write(d, "estudio.yaml", huayllay()); // altitude_m: 4310
    let text = huayllay();
    let start = pos(
        text.as_bytes(),
        text.find("altitude_m: 4310").unwrap() + "altitude_m: ".len(),
    );
    // The default (4000 m): a finding that says so.
    let out = run_in(
        d,
        &[
            "--no-config",
            "--rules",
            "reglas",
            "--format",
            "json",
            "estudio.yaml",
        ],
    );
    assert_ne!(status(&out), 2, "{}", stderr(&out));
    let ds = parse_json(&json_output(&out));
    let g = the_one(&ds, "G902");
    assert_eq!(g.pointer, "/general/location/altitude_m");
    assert_eq!(g.start, start);
    assert_eq!(g.message, "the altitude is 4310 m; the limit is 4000 m");
    // 4200 m from the configuration, by code or by name: the message follows.
    for header in ["G902", "altitude-limit"] {
        write(
            d,
            "pip-lint.toml",
            format!("[rules.{header}.params]\nmax_altitude = 4200\n"),
        );
        let out = run_in(
            d,
            &["--rules", "reglas", "--format", "json", "estudio.yaml"],
        );
        assert_ne!(status(&out), 2, "{}", stderr(&out));
        let ds = parse_json(&json_output(&out));
        assert_eq!(
            the_one(&ds, "G902").message,
            "the altitude is 4310 m; the limit is 4200 m",
            "{header}"
        );
    }
    // 4500 m: no finding.
    write(
        d,
        "pip-lint.toml",
        "[rules.G902.params]\nmax_altitude = 4500\n",
    );
    let out = run_in(
        d,
        &["--rules", "reglas", "--format", "json", "estudio.yaml"],
    );
    assert_eq!(status(&out), 0, "{}", stderr(&out));
    assert!(found(&out).is_empty(), "{}", stdout(&out));
}

#[test]
fn builtin_f003_params_move_the_thresholds() {
    // F003 declares construction_max_share (README: [rules.F003.params]).
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    write(d, "estudio.yaml", huayllay_with(&[CONSTRUCTION, EXPANSION]));
    write(d, "pip-lint.toml", "select = [\"F003\"]\n");
    let out = run_in(d, &["--format", "json", "estudio.yaml"]);
    let before: Vec<String> = parse_json(&json_output(&out))
        .into_iter()
        .map(|d| d.pointer)
        .collect();
    assert_eq!(
        before,
        [
            "/formulation/requirements/land/construction_m2",
            "/formulation/requirements/land/expansion_m2"
        ]
    );
    // 40 % construction is fine up to 45 %; 10 % expansion is fine from 10 %.
    write(
        d,
        "pip-lint.toml",
        "select = [\"F003\"]\n\n[rules.F003.params]\nconstruction_max_share = 0.45\n",
    );
    let out = run_in(d, &["--format", "json", "estudio.yaml"]);
    assert_ne!(status(&out), 2, "{}", stderr(&out));
    let after: Vec<String> = parse_json(&json_output(&out))
        .into_iter()
        .map(|d| d.pointer)
        .collect();
    assert_eq!(after, ["/formulation/requirements/land/expansion_m2"]);
    write(
        d,
        "pip-lint.toml",
        "select = [\"F003\"]\n\n[rules.F003.params]\nconstruction_max_share = 0.45\nexpansion_min_share = 0.10\n",
    );
    let out = run_in(d, &["--format", "json", "estudio.yaml"]);
    assert_eq!(status(&out), 0, "{}{}", stdout(&out), stderr(&out));
}

// ---------------------------------------------------------------- rule-dirs

const LOCAL_RULE: &str = r#"code: G903
name: altitude-local
severity: error
criterion: "1.1"
title: {es: "Regla local de prueba", en: "A local test rule"}
message: {es: "altitud {value} m sobre {max} m", en: "altitude {value} m above {max} m"}
explanation: {es: "Una regla local.", en: "A local rule."}
given: $.general.location
then:
  - function: range
    field: altitude_m
    options: {max: 3000}
"#;

#[test]
fn rule_dirs_add_rules_to_the_builtin_set() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    write(d, "pip-lint.toml", "rule-dirs = [\"reglas-locales\"]\n");
    write(d, "reglas-locales/G903-altitude-local.yaml", LOCAL_RULE);
    write(
        d,
        "estudios/estudio.yaml",
        huayllay_with(&[CONSTRUCTION, EXPANSION]),
    );
    // From the top and from a subfolder (the folder is relative to the file).
    for (cwd, path) in [
        (d.to_path_buf(), "estudios/estudio.yaml"),
        (d.join("estudios"), "estudio.yaml"),
    ] {
        let out = run_in(&cwd, &["--select", "G903,F003", "--format", "json", path]);
        assert_eq!(status(&out), 1, "{}", stderr(&out));
        let ds = parse_json(&json_output(&out));
        assert_eq!(
            ds.iter().map(|d| d.code.as_str()).collect::<Vec<_>>(),
            ["G903", "F003", "F003"],
            "built-in and local rules together"
        );
        assert_eq!(ds[0].message, "altitude 4310 m above 3000 m");
        assert_eq!(ds[0].pointer, "/general/location/altitude_m");
    }
    // The new rule is listed with the others.
    let out = run_in(d, &["rules", "--format", "json"]);
    let list: Value = serde_json::from_str(&stdout(&out)).unwrap();
    let codes: Vec<&str> = list
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["code"].as_str().unwrap())
        .collect();
    assert!(
        codes.contains(&"G903") && codes.contains(&"F003"),
        "{codes:?}"
    );
}

#[test]
fn a_local_rule_that_takes_a_builtin_name_points_at_both_names() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    write(d, "pip-lint.toml", "rule-dirs = [\"reglas-locales\"]\n");
    let rule = LOCAL_RULE.replace("name: altitude-local", "name: ground-resistance");
    write(d, "reglas-locales/G903-ground-resistance.yaml", &rule);
    write(d, "estudio.yaml", huayllay());
    let out = run_in(d, &["estudio.yaml"]);
    assert_eq!(status(&out), 2, "{}", stderr(&out));
    let err = stderr(&out);
    assert!(
        err.contains("reglas-locales/G903-ground-resistance.yaml:2:7"),
        "{err}"
    );
    // The built-in rule comes precompiled, without spans: its name is still found.
    assert!(
        err.contains("first defined here: rules/F004-ground-resistance.yaml:2:7"),
        "{err}"
    );
}

// ------------------------------------------------------ invalid configuration

/// Runs with `text` as `pip-lint.toml` (named with --config) and checks the
/// failure: exit 2, nothing on stdout, a diagnostic at the start of `needle`.
fn assert_invalid(text: &str, needle: &str, message: &str) {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    write(d, "pip-lint.toml", text);
    write(d, "estudio.yaml", huayllay());
    let at = text
        .find(needle)
        .unwrap_or_else(|| panic!("{needle} not in {text}"));
    let (line, col) = line_col(text.as_bytes(), at);
    let arrow = format!("--> pip-lint.toml:{line}:{col}\n");
    for args in [
        vec!["--config", "pip-lint.toml", "estudio.yaml"],
        vec![
            "--config",
            "pip-lint.toml",
            "--format",
            "json",
            "estudio.yaml",
        ],
    ] {
        let out = run_in(d, &args);
        assert_eq!(status(&out), 2, "{text}\n{}", stderr(&out));
        assert_eq!(stdout(&out), "", "{text}");
        let err = stderr(&out);
        assert!(err.contains("error[config]"), "{text}\n{err}");
        assert!(err.contains(&arrow), "{text}\nexpected {arrow}in:\n{err}");
        assert!(
            err.contains(message),
            "{text}\nexpected {message:?} in:\n{err}"
        );
        // The offending line is shown, with a caret under the span.
        let shown = text.lines().nth(line - 1).unwrap();
        assert!(err.contains(shown), "{err}");
        assert!(err.contains('^'), "{err}");
    }
    // Found by discovery, the same diagnostic (the path is then absolute).
    let out = run_in(d, &["estudio.yaml"]);
    assert_eq!(status(&out), 2);
    let err = stderr(&out);
    assert!(
        err.contains(&format!("pip-lint.toml:{line}:{col}\n")),
        "{err}"
    );
}

#[test]
fn invalid_toml() {
    assert_invalid(
        "lang = \"es\"\nselect = [\"F003\" \"F004\"]\n",
        "\"F004\"",
        "invalid configuration",
    );
}

#[test]
fn unknown_key() {
    assert_invalid(
        "lang = \"es\"\nselct = [\"F003\"]\n",
        "selct",
        "unknown field `selct`",
    );
}

#[test]
fn unknown_fail_on() {
    assert_invalid(
        "select = [\"F003\"]\nfail-on = \"fatal\"\n",
        "\"fatal\"",
        "`fail-on` is `fatal`",
    );
}

#[test]
fn unknown_lang() {
    assert_invalid("lang = \"qu\"\n", "\"qu\"", "`lang` is `qu`");
}

#[test]
fn selector_naming_no_rule() {
    assert_invalid(
        "select = [\"F003\", \"X999\"]\n",
        "\"X999\"",
        "`X999` selects no rule",
    );
    assert_invalid(
        "ignore = [\"F003\"]\nextend-select = [\"land-splitt\"]\n",
        "\"land-splitt\"",
        "`land-splitt` selects no rule",
    );
    assert_invalid(
        "[per-file-ignores]\n\"viejos/*.yaml\" = [\"F004\", \"Z9\"]\n",
        "\"Z9\"",
        "`Z9` selects no rule",
    );
}

#[test]
fn unknown_rule_under_rules() {
    assert_invalid(
        "select = [\"F\"]\n\n[rules.F999]\nseverity = \"warning\"\n",
        "F999",
        "there is no rule `F999`",
    );
}

#[test]
fn unknown_severity_under_rules() {
    assert_invalid(
        "[rules.F003]\nseverity = \"fatal\"\n",
        "\"fatal\"",
        "`severity` is `fatal`",
    );
}

#[test]
fn unknown_parameter() {
    assert_invalid(
        "[rules.F003.params]\nconstruction_max_share = 0.35\nmax_sharre = 1\n",
        "max_sharre",
        "rule `F003` has no parameter `max_sharre`",
    );
}

#[test]
fn a_parameter_of_the_wrong_kind_is_pointed_at_in_the_configuration() {
    // Not ignored in silence (F003), and not blamed on the rule file (F004).
    for (toml, key, value) in [
        (
            "[rules.F003.params]\nconstruction_max_share = \"x\"\n",
            "construction_max_share",
            "\"x\"",
        ),
        (
            "[rules.F003.params]\nconstruction_max_share = true\n",
            "construction_max_share",
            "true",
        ),
        (
            "[rules.F003.params]\nconstruction_max_share = -5\n",
            "construction_max_share",
            "-5",
        ),
        ("[rules.F004.params]\nmax_ohm = \"x\"\n", "max_ohm", "\"x\""),
    ] {
        assert_invalid(
            toml,
            key,
            &format!(
                "parameter `{key}` of rule `{}` cannot be {value}",
                &toml[7..11]
            ),
        );
    }
}

#[test]
fn unknown_key_under_rules() {
    assert_invalid(
        "[rules.F003]\nseverity = \"warning\"\nparametros = 1\n",
        "parametros",
        "unknown field `parametros`",
    );
}

#[test]
fn bad_glob() {
    assert_invalid(
        "select = [\"F\"]\nexclude = [\"ok/**\", \"a/[b\"]\n",
        "\"a/[b\"",
        "invalid glob",
    );
    assert_invalid("include = [\"{a,b\"]\n", "\"{a,b\"", "invalid glob");
    assert_invalid(
        "[per-file-ignores]\n\"x/[\" = [\"F003\"]\n",
        "\"x/[\"",
        "invalid glob",
    );
}

#[test]
fn missing_rule_dir() {
    assert_invalid(
        "rule-dirs = [\"no-existe\"]\n",
        "\"no-existe\"",
        "`no-existe` is not a directory",
    );
}

#[test]
fn missing_rule_dir_names_the_folder_it_is_relative_to() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    write(d, "pip-lint.toml", "rule-dirs = [\"no-existe\"]\n");
    let out = run_in(d, &["--config", "pip-lint.toml", "."]);
    assert_eq!(status(&out), 2);
    let err = stderr(&out);
    assert!(!err.contains("(relative to )"), "{err}");
}

#[test]
fn several_problems_are_all_reported() {
    let text = "fail-on = \"fatal\"\nlang = \"qu\"\nexclude = [\"a/[b\"]\n";
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    write(d, "pip-lint.toml", text);
    let out = run_in(d, &["--config", "pip-lint.toml", "."]);
    assert_eq!(status(&out), 2);
    let err = stderr(&out);
    for (line, col) in [(1, 11), (2, 8), (3, 12)] {
        assert!(
            err.contains(&format!("--> pip-lint.toml:{line}:{col}\n")),
            "{err}"
        );
    }
}

/// The configuration's errors are in the language of messages: `--lang`,
/// else the file's own valid `lang`, else the locale.
#[test]
fn configuration_errors_in_spanish() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let stderr_of = |text: &str, args: &[&str]| -> String {
        write(d, "pip-lint.toml", text);
        let mut all = vec!["--config", "pip-lint.toml"];
        all.extend_from_slice(args);
        all.push(".");
        let out = run_in(d, &all);
        assert_eq!(status(&out), 2, "{text}");
        stderr(&out)
    };
    let cases = [
        (
            "fail-on = \"fatal\"\n",
            "`fail-on` es `fatal`; use `error`, `warning` o `info`",
        ),
        ("lang = \"qu\"\n", "`lang` es `qu`; use `es` o `en`"),
        (
            "[limits]\nmax-depth = 0\n",
            "`max-depth` es 0; un límite es un número entero mayor que 0",
        ),
        ("exclude = [\"a/[b\"]\n", "patrón glob no válido"),
        (
            "rule-dirs = [\"no-existe\"]\n",
            "`no-existe` no es un directorio",
        ),
        (
            "[rules.F003]\nseverity = \"fatal\"\n",
            "`severity` es `fatal`",
        ),
        (
            "select = [\"X999\"]\n",
            "`X999` no selecciona ninguna regla (vea `pip-lint rules`)",
        ),
        (
            "[rules.F999]\nseverity = \"warning\"\n",
            "no hay una regla `F999`",
        ),
        (
            "[rules.F003.params]\nmax_sharre = 1\n",
            "la regla `F003` no tiene el parámetro `max_sharre` (declara: ",
        ),
        ("select = [\"F\" \"G\"]\n", "configuración no válida: "),
    ];
    for (text, message) in cases {
        let err = stderr_of(text, &["--lang", "es"]);
        assert!(
            err.contains(message),
            "{text}\nexpected {message:?} in:\n{err}"
        );
    }
    // The file's own `lang` when no flag is given; the flag wins over it.
    let text = "lang = \"es\"\nfail-on = \"fatal\"\n";
    let err = stderr_of(text, &[]);
    assert!(err.contains("`fail-on` es `fatal`"), "{err}");
    let err = stderr_of(text, &["--lang", "en"]);
    assert!(err.contains("`fail-on` is `fatal`"), "{err}");
    // A configuration that cannot be read.
    let out = run_in(d, &["--lang", "es", "--config", "no-hay.toml", "."]);
    assert_eq!(status(&out), 2);
    let err = stderr(&out);
    assert!(
        err.contains("no se pudo leer la configuración: no existe"),
        "{err}"
    );
}

#[test]
fn a_limit_that_is_not_above_zero() {
    assert_invalid(
        "[limits]\nmax-depth = 0\n",
        "0",
        "`max-depth` is 0; a limit is a whole number above 0",
    );
    assert_invalid(
        "[limits]\nmax-nodes = 10\nmax-scalar-size = -5\n",
        "-5",
        "`max-scalar-size` is -5",
    );
    assert_invalid(
        "[limits]\nmax-depth = 5000\n",
        "5000",
        "`max-depth` is 5000; at most 1000 levels (deeper nesting would exhaust the stack)",
    );
    assert_invalid(
        "[limits]\nmax-dept = 3\n",
        "max-dept",
        "unknown field `max-dept`",
    );
}

// ------------------------------------------------------------------- limits

/// The S001 findings of a JSON run in `dir` on `a/b/estudio.yaml`: (message, line, column).
fn s001(dir: &Path, args: &[&str]) -> Vec<(String, u64, u64)> {
    let mut all = vec!["--format", "json", "--select", "S"];
    all.extend_from_slice(args);
    all.push("a/b/estudio.yaml");
    let out = run_in(dir, &all);
    assert_ne!(status(&out), 2, "{}", stderr(&out));
    let doc: Value = serde_json::from_slice(&out.stdout).unwrap();
    doc["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|d| d["code"] == "S001")
        .map(|d| {
            let start = &d["range"]["start"];
            (
                d["message"].as_str().unwrap().to_string(),
                start["line"].as_u64().unwrap(),
                start["column"].as_u64().unwrap(),
            )
        })
        .collect()
}

#[test]
fn limits_come_from_the_file_and_the_flags_win() {
    let dir = project("[limits]\nmax-depth = 3\n");
    let text = f003_f004();
    // At the first node four levels deep: root > general > stakeholders > item.
    let found = s001(dir.path(), &["--lang", "en"]);
    assert_eq!(found.len(), 1, "{found:?}");
    assert!(
        found[0].0.contains("nesting exceeds the limit of 3 levels"),
        "{found:?}"
    );
    let list = text.find("\n  stakeholders:").unwrap();
    let at = list + text[list..].find("name:").unwrap();
    let p = pos(text.as_bytes(), at);
    assert_eq!((found[0].1, found[0].2), (p.line as u64, p.column as u64));
    // The flag replaces the file's limit; the default is generous.
    assert_eq!(s001(dir.path(), &["--max-depth", "64"]), vec![]);
    assert_eq!(s001(dir.path(), &["--no-config"]), vec![]);
    // Another limit from a flag, on top of the file's.
    let found = s001(
        dir.path(),
        &[
            "--lang",
            "en",
            "--max-depth",
            "64",
            "--max-file-size",
            "100",
        ],
    );
    assert_eq!(found.len(), 1, "{found:?}");
    assert!(
        found[0].0.contains("exceeds the limit of 100 bytes"),
        "{found:?}"
    );
}

#[test]
fn a_limit_flag_of_zero_is_refused() {
    let dir = project("");
    let out = run_in(dir.path(), &["--max-nodes", "0", "a/b/estudio.yaml"]);
    assert_eq!(status(&out), 2);
    assert!(stderr(&out).contains("--max-nodes"), "{}", stderr(&out));
}

#[test]
fn a_selected_rule_that_an_ignore_takes_away_is_said() {
    let dir = project("ignore = [\"F003\"]\n");
    let out = run_in(dir.path(), &["--select", "F003", "a/b/estudio.yaml"]);
    assert_eq!(status(&out), 0);
    assert!(
        stderr(&out).contains("warning: `F003` selects no rule that runs"),
        "{}",
        stderr(&out)
    );
    // A selector that keeps some of its rules says nothing.
    let out = run_in(dir.path(), &["--select", "F00", "a/b/estudio.yaml"]);
    assert!(
        !stderr(&out).contains("selects no rule"),
        "{}",
        stderr(&out)
    );
}
