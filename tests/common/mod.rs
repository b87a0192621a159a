//! Helpers shared by the integration tests.
//!
//! Positions are computed here independently of `pip_lint::source`, so that
//! the tests do not confirm the implementation with itself: a line is counted
//! by `\n`, a column by Unicode scalar values from the start of its line, an
//! offset is a byte index into the file.

#![allow(dead_code)]

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use pip_lint::diagnostic::Diagnostic;
use pip_lint::i18n::Lang;
use pip_lint::lint::{self, Options};
use pip_lint::render::{FileReport, Report};
use pip_lint::rules::RuleSet;
use pip_lint::source::Source;
use pip_lint::yaml::Limits;
use serde_json::Value;

/// The crate root.
pub fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// A file under the crate root.
pub fn path(rel: &str) -> PathBuf {
    root().join(rel)
}

/// The text of a file under the crate root.
pub fn read(rel: &str) -> String {
    std::fs::read_to_string(path(rel)).unwrap_or_else(|e| panic!("read {rel}: {e}"))
}

pub const HUAYLLAY: &str = "fixtures/studies/centro-de-salud-huayllay.yaml";

/// The bundled study every S002 input is derived from.
pub fn huayllay() -> String {
    read(HUAYLLAY)
}

/// Replaces the only occurrence of `from` in `text` with `to`; returns the new
/// text and the byte offset where `to` starts. Panics if `from` is absent or
/// occurs more than once (so that a test never edits the wrong place).
pub fn replace_once(text: &str, from: &str, to: &str) -> (String, usize) {
    let at = text
        .find(from)
        .unwrap_or_else(|| panic!("`{from}` not found in the study"));
    assert_eq!(
        text.matches(from).count(),
        1,
        "`{from}` occurs more than once; make the needle unique"
    );
    let mut out = String::with_capacity(text.len() + to.len());
    out.push_str(&text[..at]);
    out.push_str(to);
    out.push_str(&text[at + from.len()..]);
    (out, at)
}

/// Like [`replace_once`], for a needle that may occur several times: replaces the first.
pub fn replace_first(text: &str, from: &str, to: &str) -> (String, usize) {
    let at = text
        .find(from)
        .unwrap_or_else(|| panic!("`{from}` not found in the study"));
    (
        format!("{}{to}{}", &text[..at], &text[at + from.len()..]),
        at,
    )
}

/// 1-based line and column (Unicode scalar values) of a byte offset, computed
/// from the raw bytes: everything before `offset` on its line must be UTF-8.
pub fn line_col(bytes: &[u8], offset: usize) -> (usize, usize) {
    let before = &bytes[..offset];
    let line = before.iter().filter(|b| **b == b'\n').count() + 1;
    let line_start = before
        .iter()
        .rposition(|b| *b == b'\n')
        .map_or(0, |i| i + 1);
    let prefix = std::str::from_utf8(&before[line_start..]).expect("UTF-8 before the offset");
    (line, prefix.chars().count() + 1)
}

/// A position as the contract's JSON has it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Pos {
    pub line: usize,
    pub column: usize,
    pub offset: usize,
}

/// The expected position of byte `offset` of `bytes`.
pub fn pos(bytes: &[u8], offset: usize) -> Pos {
    let (line, column) = line_col(bytes, offset);
    Pos {
        line,
        column,
        offset,
    }
}

/// A diagnostic as read back from `--format json`.
#[derive(Debug, Clone)]
pub struct J {
    pub code: String,
    pub pointer: String,
    pub message: String,
    pub start: Pos,
    pub end: Pos,
    pub help: Option<String>,
    pub related: Vec<(String, Pos)>,
    pub raw: Value,
}

fn json_pos(v: &Value) -> Pos {
    let n = |k: &str| v[k].as_u64().unwrap_or_else(|| panic!("{k} in {v}")) as usize;
    Pos {
        line: n("line"),
        column: n("column"),
        offset: n("offset"),
    }
}

/// Reads the diagnostics of a `--format json` document.
pub fn parse_json(doc: &Value) -> Vec<J> {
    doc["diagnostics"]
        .as_array()
        .expect("diagnostics array")
        .iter()
        .map(|d| J {
            code: d["code"].as_str().unwrap().to_string(),
            pointer: d["pointer"].as_str().unwrap().to_string(),
            message: d["message"].as_str().unwrap().to_string(),
            start: json_pos(&d["range"]["start"]),
            end: json_pos(&d["range"]["end"]),
            help: d.get("help").and_then(Value::as_str).map(str::to_string),
            related: d["related"]
                .as_array()
                .unwrap()
                .iter()
                .map(|r| {
                    (
                        r["pointer"].as_str().unwrap().to_string(),
                        json_pos(&r["range"]["start"]),
                    )
                })
                .collect(),
            raw: d.clone(),
        })
        .collect()
}

/// The built-in rules.
pub fn builtin_rules() -> RuleSet {
    pip_lint::rules::load::builtin(Lang::En).expect("the built-in rules load")
}

/// Lints `bytes` as the file `name` through the library with `limits`, and
/// returns the diagnostics as the JSON renderer writes them (English).
pub fn lint_bytes_with(name: &str, bytes: &[u8], limits: Limits) -> Vec<J> {
    let source = Source::from_bytes(name, name, bytes.to_vec());
    let options = Options {
        lang: Lang::En,
        limits,
        threads: Some(1),
        ..Options::default()
    };
    let report = lint::run_sources(vec![source], &builtin_rules(), &options, None);
    let text = pip_lint::render::json::render(&report);
    let doc: Value = serde_json::from_str(&text).expect("JSON output parses");
    parse_json(&doc)
}

/// [`lint_bytes_with`] with the default limits.
pub fn lint_bytes(name: &str, bytes: &[u8]) -> Vec<J> {
    lint_bytes_with(name, bytes, Limits::default())
}

pub fn lint_text(name: &str, text: &str) -> Vec<J> {
    lint_bytes(name, text.as_bytes())
}

/// Renders diagnostics of one source with the JSON renderer and reads them back.
pub fn json_of(source: Source, diagnostics: Vec<Diagnostic>) -> Vec<J> {
    let report = Report {
        files: vec![FileReport {
            source,
            diagnostics,
            unread: false,
        }],
        ..Report::default()
    };
    let text = pip_lint::render::json::render(&report);
    let doc: Value = serde_json::from_str(&text).expect("JSON output parses");
    parse_json(&doc)
}

/// Only the diagnostics of `code`.
pub fn only<'a>(ds: &'a [J], code: &str) -> Vec<&'a J> {
    ds.iter().filter(|d| d.code == code).collect()
}

/// The single diagnostic of `code`, with a readable failure otherwise.
pub fn the_one<'a>(ds: &'a [J], code: &str) -> &'a J {
    let found = only(ds, code);
    assert_eq!(
        found.len(),
        1,
        "expected exactly one {code}, got {}:\n{:#?}",
        found.len(),
        ds.iter()
            .map(|d| (&d.code, &d.pointer, d.start, &d.message))
            .collect::<Vec<_>>()
    );
    found[0]
}

/// A command for the binary, with a neutral, reproducible environment
/// (English, no colour variables, no inherited locale).
pub fn bin() -> Command {
    let mut c = Command::new(env!("CARGO_BIN_EXE_pip-lint"));
    for var in [
        "LC_ALL",
        "LC_MESSAGES",
        "LANG",
        "NO_COLOR",
        "CLICOLOR_FORCE",
    ] {
        c.env_remove(var);
    }
    c.current_dir(root());
    c
}

/// Runs the binary with `args` in `dir`.
pub fn run_in(dir: &Path, args: &[&str]) -> Output {
    bin()
        .current_dir(dir)
        .args(args)
        .output()
        .expect("run pip-lint")
}

/// Runs the binary with `args` from the crate root.
pub fn run(args: &[&str]) -> Output {
    run_in(&root(), args)
}

pub fn stdout(o: &Output) -> String {
    String::from_utf8(o.stdout.clone()).expect("stdout is UTF-8")
}

pub fn stderr(o: &Output) -> String {
    String::from_utf8(o.stderr.clone()).expect("stderr is UTF-8")
}

pub fn status(o: &Output) -> i32 {
    o.status.code().expect("exited normally, not by a signal")
}

/// Parses the `--format json` output of a run.
pub fn json_output(o: &Output) -> Value {
    serde_json::from_str(&stdout(o)).unwrap_or_else(|e| {
        panic!(
            "stdout is not JSON: {e}\n{}\nstderr: {}",
            stdout(o),
            stderr(o)
        )
    })
}

/// Writes `text` at `dir/rel`, creating parent directories.
/// The problems of `doc` against `schemas/output.schema.json`: the whole
/// document, or with `def` one of its definitions (a `json-lines` line is a
/// `diagnostic`).
pub fn output_schema_problems(doc: &Value, def: Option<&str>) -> Vec<String> {
    let mut schema: Value = serde_json::from_str(&read("schemas/output.schema.json")).unwrap();
    if let Some(def) = def {
        schema = serde_json::json!({
            "$defs": schema["$defs"].take(),
            "$ref": format!("#/$defs/{def}"),
        });
    }
    let validator = jsonschema::validator_for(&schema).expect("the output schema compiles");
    validator
        .iter_errors(doc)
        .map(|e| format!("{} at {}", e, e.instance_path()))
        .collect()
}

pub fn write(dir: &Path, rel: &str, text: impl AsRef<[u8]>) {
    let p = dir.join(rel);
    if let Some(parent) = p.parent() {
        std::fs::create_dir_all(parent).unwrap();
    }
    std::fs::write(p, text).unwrap();
}

/// Huayllay with several edits, each needle unique.
pub fn huayllay_with(edits: &[(&str, &str)]) -> String {
    let mut text = huayllay();
    for (from, to) in edits {
        text = replace_once(&text, from, to).0;
    }
    text
}

/// A new facility (creación), whose land split F003 reports as errors
/// (for a facility already operating, as warnings).
pub const NEW_FACILITY: (&str, &str) = ("nature: ampliacion_y_mejoramiento", "nature: creacion");
/// F003: construction 40 % of 2400 m².
pub const CONSTRUCTION: (&str, &str) = ("construction_m2: 720.0", "construction_m2: 960.0");
/// F003: expansion 10 % of 2400 m².
pub const EXPANSION: (&str, &str) = ("expansion_m2: 480.0", "expansion_m2: 240.0");
/// F004 warning: 2.5 Ω, below 3 Ω.
pub const LOW_GROUND: (&str, &str) = ("ground_resistance_ohm: 4.2", "ground_resistance_ohm: 2.5");
