//! Hostile input the syntax and schema suites do not already cover (issue 6):
//! huge scalars, a million lines, very long lines, binary data, an unknown
//! format version, and a run over broken files, broken symlinks and symlink
//! loops. Each test asserts the code, the place and the exit status.

use crate::common;

use std::path::Path;
use std::process::Output;

use common::*;
use serde_json::Value;

fn json_in(dir: &Path, args: &[&str]) -> (i32, Value) {
    let mut all = vec!["--format", "json", "--lang", "en"];
    all.extend_from_slice(args);
    let out: Output = run_in(dir, &all);
    let doc =
        serde_json::from_slice(&out.stdout).unwrap_or_else(|e| panic!("{e}: {}", stderr(&out)));
    (status(&out), doc)
}

fn diagnostics<'a>(doc: &'a Value, code: &str) -> Vec<&'a Value> {
    doc["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|d| d["code"] == code)
        .collect()
}

fn start(d: &Value) -> (u64, u64) {
    let s = &d["range"]["start"];
    (s["line"].as_u64().unwrap(), s["column"].as_u64().unwrap())
}

#[test]
fn a_50_mb_scalar_is_one_s001_at_the_scalar() {
    let dir = tempfile::tempdir().unwrap();
    let mut text = String::from("pip_study: \"1\"\ngeneral:\n  project_name: ");
    let at = text.len();
    text.push_str(&"a".repeat(50 * 1024 * 1024));
    text.push('\n');
    write(dir.path(), "grande.yaml", &text);
    // Past the file-size limit: reported, and only 32 MiB are read.
    let (code, doc) = json_in(dir.path(), &["grande.yaml"]);
    assert_eq!(code, 1);
    let found = diagnostics(&doc, "S001");
    assert_eq!(found.len(), 1, "{found:?}");
    assert!(found[0]["message"].as_str().unwrap().contains("bytes"));
    // With the file limit raised, the scalar limit is what stops it, at the scalar.
    let (code, doc) = json_in(dir.path(), &["--max-file-size", "60000000", "grande.yaml"]);
    assert_eq!(code, 1);
    let found = diagnostics(&doc, "S001");
    assert_eq!(found.len(), 1, "{found:?}");
    assert!(
        found[0]["message"]
            .as_str()
            .unwrap()
            .contains("exceeds the limit of 1048576 bytes"),
        "{found:?}"
    );
    let p = pos(text.as_bytes(), at);
    assert_eq!(start(found[0]), (p.line as u64, p.column as u64));
}

#[test]
fn a_million_line_file_is_linted_and_its_finding_is_on_its_last_lines() {
    let dir = tempfile::tempdir().unwrap();
    let mut text = huayllay();
    for i in 0..1_000_000 {
        text.push_str(&format!("# línea de relleno {i}\n"));
    }
    text.push_str("campo_extra: 1\n");
    write(dir.path(), "largo.yaml", &text);
    let (code, doc) = json_in(dir.path(), &["--select", "S", "largo.yaml"]);
    assert_eq!(code, 1);
    let found = diagnostics(&doc, "S002");
    assert_eq!(found.len(), 1, "{found:?}");
    assert_eq!(found[0]["pointer"], "/campo_extra");
    let p = pos(text.as_bytes(), text.rfind("campo_extra").unwrap());
    assert_eq!(start(found[0]), (p.line as u64, p.column as u64));
    assert!(p.line > 1_000_000);
}

#[test]
fn a_very_long_line_keeps_its_columns() {
    let dir = tempfile::tempdir().unwrap();
    // 200,000 characters (accented, so bytes and columns differ) before the bad value.
    let long = "á".repeat(200_000);
    let text = format!("pip_study: \"1\"\ncampo: {{texto: \"{long}\", número: 7, otro: x}}\n");
    write(dir.path(), "ancho.yaml", &text);
    let (code, doc) = json_in(dir.path(), &["--select", "S", "ancho.yaml"]);
    assert_eq!(code, 1);
    let found = diagnostics(&doc, "S002");
    let extra = found
        .iter()
        .find(|d| d["pointer"] == "/campo")
        .unwrap_or_else(|| panic!("{found:?}"));
    assert_eq!(start(extra), (2, 1));
    // The human renderer does not choke on the line either.
    let out = run_in(dir.path(), &["--select", "S", "ancho.yaml"]);
    assert_eq!(status(&out), 1);
    assert!(stdout(&out).contains("ancho.yaml:2:1"), "{}", stdout(&out));
}

#[test]
fn binary_data_is_one_s001_at_the_first_bad_byte() {
    let dir = tempfile::tempdir().unwrap();
    let mut bytes = b"pip_study: \"1\"\nnombre: ok\n".to_vec();
    let at = bytes.len();
    bytes.extend([0xff, 0x00, 0x13, 0x89, 0xfe, 0x00, 0x00, 0x07]);
    bytes.extend((0u8..=255).cycle().take(4096));
    write(dir.path(), "binario.yaml", &bytes);
    let (code, doc) = json_in(dir.path(), &["binario.yaml"]);
    assert_eq!(code, 1);
    let found = diagnostics(&doc, "S001");
    assert_eq!(found.len(), 1, "{found:?}");
    let p = pos(&bytes, at);
    assert_eq!(start(found[0]), (p.line as u64, p.column as u64));
    assert_eq!(found[0]["range"]["start"]["offset"], at);
}

#[test]
fn an_unknown_format_version_is_reported_at_the_value() {
    let dir = tempfile::tempdir().unwrap();
    let (text, _) = replace_once(&huayllay(), "pip_study: \"1\"", "pip_study: \"9.9\"");
    write(dir.path(), "version.yaml", &text);
    let (code, doc) = json_in(dir.path(), &["version.yaml"]);
    assert_eq!(code, 1);
    let found = diagnostics(&doc, "S002");
    assert_eq!(found.len(), 1, "{found:?}");
    assert_eq!(found[0]["pointer"], "/pip_study");
    let p = pos(text.as_bytes(), text.find("\"9.9\"").unwrap());
    assert_eq!(start(found[0]), (p.line as u64, p.column as u64));
}

#[cfg(unix)]
#[test]
fn broken_files_and_links_are_reported_and_the_rest_is_linted() {
    use std::os::unix::fs::symlink;
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    write(d, "estudios/bueno.yaml", huayllay());
    write(d, "estudios/roto.yaml", "pip_study: \"1\"\ngeneral: [\n");
    symlink(
        d.join("no-existe.yaml"),
        d.join("estudios/enlace-roto.yaml"),
    )
    .unwrap();
    // A loop: a directory link to its own parent.
    symlink(d.join("estudios"), d.join("estudios/bucle")).unwrap();
    // A link to a good study: the same file, linted once.
    symlink(d.join("estudios/bueno.yaml"), d.join("estudios/alias.yaml")).unwrap();
    let (code, doc) = json_in(d, &["estudios"]);
    assert_eq!(code, 2, "a file could not be read: {doc}");
    // The good study (once, under its first name) and the broken one were linted.
    assert_eq!(doc["files_checked"], 2, "{doc}");
    let s001 = diagnostics(&doc, "S001");
    assert_eq!(s001.len(), 1, "{s001:?}");
    assert_eq!(s001[0]["file"], "estudios/roto.yaml");
    // The broken link is a run error naming it, in the language of messages.
    let broken = |doc: &Value| -> String {
        let errors = doc["errors"].as_array().unwrap();
        let e = errors
            .iter()
            .find(|e| e["path"].as_str().unwrap().contains("enlace-roto.yaml"))
            .unwrap_or_else(|| panic!("{errors:?}"));
        e["message"].as_str().unwrap().to_string()
    };
    assert_eq!(
        broken(&doc),
        "a broken symbolic link (its target does not exist)"
    );
    let out = run_in(d, &["--format", "json", "--lang", "es", "estudios"]);
    let doc: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(
        broken(&doc),
        "un enlace simbólico roto (su destino no existe)"
    );
}

#[cfg(unix)]
#[test]
fn broken_links_the_walk_would_skip_anyway_are_not_errors() {
    // Ignored, hidden, not YAML, or excluded by the configuration: skipped
    // silently, like a file there would be.
    use std::os::unix::fs::symlink;
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    write(d, "ok/bueno.yaml", huayllay());
    write(d, ".gitignore", "ignorado.yaml\n");
    write(d, "pip-lint.toml", "exclude = [\"borradores/**\"]\n");
    symlink("nada", d.join("ignorado.yaml")).unwrap();
    symlink("nada", d.join(".oculto.yaml")).unwrap();
    symlink("/no/existe.so", d.join("libfoo.so")).unwrap();
    std::fs::create_dir(d.join("borradores")).unwrap();
    symlink("nada", d.join("borradores/z.yaml")).unwrap();
    let (code, doc) = json_in(d, &["."]);
    assert_eq!(code, 0, "{doc}");
    assert_eq!(doc["files_checked"], 1, "{doc}");
    assert!(doc.get("errors").is_none(), "{doc}");
    // A broken link where a study would be linted is still an error.
    symlink("nada", d.join("ok/roto.yaml")).unwrap();
    let (code, doc) = json_in(d, &["."]);
    assert_eq!(code, 2, "{doc}");
    let errors = doc["errors"].as_array().unwrap();
    assert_eq!(errors.len(), 1, "{doc}");
    assert_eq!(errors[0]["path"], "ok/roto.yaml");
    assert_eq!(
        errors[0]["message"],
        "a broken symbolic link (its target does not exist)"
    );
}

/// A link to `/proc/self/mem`: a regular file that cannot be read from its
/// start (EIO), for any user, root included (`chmod 000` does not stop root).
#[cfg(target_os = "linux")]
fn unreadable(dir: &Path, rel: &str) {
    std::os::unix::fs::symlink("/proc/self/mem", dir.join(rel)).unwrap();
}

#[cfg(target_os = "linux")]
#[test]
fn an_unreadable_file_is_reported_after_every_result_and_the_run_exits_2() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let eight = huayllay_with(&[("horizon_years: 10", "horizon_years: 8")]);
    write(d, "estudios/a.yaml", &eight);
    unreadable(d, "estudios/b.yaml");
    write(
        d,
        "estudios/c.yaml",
        eight.replacen("Centro de Salud Huayllay", "C. S. Huayllay", 1),
    );
    let out = run_in(d, &["--format", "concise", "--lang", "en", "estudios"]);
    assert_eq!(status(&out), 2, "{}", stderr(&out));
    // Both readable studies were linted, in order, on standard output...
    let text = stdout(&out);
    let files: Vec<&str> = text
        .lines()
        .filter(|l| l.contains(" F001 "))
        .map(|l| l.split(':').next().unwrap())
        .collect();
    assert_eq!(files, ["estudios/a.yaml", "estudios/c.yaml"]);
    // ...and the unreadable one is named on standard error, after them.
    let err = stderr(&out);
    assert!(err.contains("estudios/b.yaml"), "{err}");
    assert!(err.contains("error"), "{err}");
    // In JSON, the failure is in `errors` and the other results stand.
    let (code, doc) = json_in(d, &["estudios"]);
    assert_eq!(code, 2);
    assert_eq!(doc["files_checked"], 2, "{doc}");
    assert_eq!(doc["errors"].as_array().unwrap().len(), 1, "{doc}");
    assert_eq!(doc["errors"][0]["path"], "estudios/b.yaml");
    assert_eq!(diagnostics(&doc, "F001").len(), 2);
}

#[cfg(target_os = "linux")]
#[test]
fn ten_thousand_studies_with_one_broken_and_one_unreadable_file_report_all_the_others() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    std::fs::create_dir(d.join("e")).unwrap();
    // Small studies (the schema finds what they lack), each with one wrong value.
    for i in 0..10_000 {
        std::fs::write(
            d.join(format!("e/{i:05}.yaml")),
            format!(
                "pip_study: 1\nformulation:\n  horizon_years: {}\n",
                11 + i % 3
            ),
        )
        .unwrap();
    }
    write(d, "e/04999-roto.yaml", "pip_study: 1\ngeneral: [\n");
    unreadable(d, "e/05000-ilegible.yaml");
    let (code, doc) = json_in(d, &["--select", "S001,F001", "e"]);
    assert_eq!(code, 2, "one file could not be read");
    assert_eq!(doc["files_checked"], 10_001, "{}", doc["errors"]);
    assert_eq!(doc["errors"].as_array().unwrap().len(), 1);
    assert_eq!(doc["errors"][0]["path"], "e/05000-ilegible.yaml");
    let f001: std::collections::BTreeSet<&str> = diagnostics(&doc, "F001")
        .iter()
        .map(|d| d["file"].as_str().unwrap())
        .collect();
    assert_eq!(f001.len(), 10_000, "every good study has its finding");
    let s001 = diagnostics(&doc, "S001");
    assert_eq!(s001.len(), 1);
    assert_eq!(s001[0]["file"], "e/04999-roto.yaml");
}

#[test]
fn a_reader_that_stops_early_ends_the_run_quietly() {
    use std::io::Read;
    use std::process::Stdio;
    // Enough findings to fill a pipe many times over.
    let dir = tempfile::tempdir().unwrap();
    let eight = huayllay_with(&[("horizon_years: 10", "horizon_years: 8")]);
    for i in 0..300 {
        write(dir.path(), &format!("e/{i:03}.yaml"), &eight);
    }
    let mut child = bin()
        .current_dir(dir.path())
        .args(["--lang", "en", "e"])
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    // Like `| head -c 100`: read a little, then close the pipe.
    let mut first = [0u8; 100];
    child.stdout.take().unwrap().read_exact(&mut first).unwrap();
    let out = child.wait_with_output().unwrap();
    assert!(String::from_utf8_lossy(&first).contains("error"));
    // No panic, no "Broken pipe" message; the status still says there were errors.
    assert_eq!(String::from_utf8_lossy(&out.stderr), "");
    assert_eq!(out.status.code(), Some(1));
}

#[test]
fn the_deepest_nesting_a_user_may_allow_is_linted_without_exhausting_the_stack() {
    // Every stage after the loader (schema, rules, freeing the value)
    // recurses on nesting: `--max-depth` stops at 1000, and a document that
    // deep, flow or block, is linted to the end on the worker threads.
    let dir = tempfile::tempdir().unwrap();
    let levels = 1000;
    let flow = format!(
        "pip_study: \"1\"\nx: {}1{}\n",
        "[".repeat(levels - 1),
        "]".repeat(levels - 1)
    );
    let mut block = String::from("pip_study: \"1\"\n");
    for i in 0..levels - 1 {
        block.push_str(&" ".repeat(i));
        block.push_str("k:\n");
    }
    block.push_str(&" ".repeat(levels - 1));
    block.push_str("k: 1\n");
    std::fs::write(dir.path().join("flow.yaml"), flow).unwrap();
    std::fs::write(dir.path().join("block.yaml"), block).unwrap();
    let (code, doc) = json_in(dir.path(), &["--max-depth", "1000", "."]);
    assert_eq!(code, 1);
    assert_eq!(doc["files_checked"], 2);
    assert!(doc.get("errors").is_none(), "{doc}");
    assert!(diagnostics(&doc, "S001").is_empty());
    // Each file: S002 at the unknown key `x` or `k` (line 2, column 1), among the missing sections.
    let unknown: Vec<(u64, u64)> = diagnostics(&doc, "S002")
        .into_iter()
        .filter(|d| d["pointer"] == "/x" || d["pointer"] == "/k")
        .map(start)
        .collect();
    assert_eq!(unknown, vec![(2, 1), (2, 1)]);
    // One level more is past the limit: an S001, not a crash.
    let (code, doc) = json_in(dir.path(), &["--max-depth", "999", "flow.yaml"]);
    assert_eq!(code, 1);
    assert_eq!(diagnostics(&doc, "S001").len(), 1);
}

#[test]
fn a_max_depth_above_the_ceiling_is_refused() {
    let out = run(&["--max-depth", "1001", "fixtures/studies"]);
    assert_eq!(status(&out), 2);
    assert!(
        stderr(&out).contains("1001 is not in 1..=1000"),
        "{}",
        stderr(&out)
    );
}

#[test]
fn repeated_problems_are_capped_per_file_with_a_count_of_the_rest() {
    // 5 000 duplicate keys, and 3 000 unknown keys in another file (with
    // its 4 missing sections, 3 004 problems): the first 1 000 of each, in
    // the file's order, then one finding with the count of the rest, at the
    // first of them.
    let dir = tempfile::tempdir().unwrap();
    let dups: String = (0..5000).map(|i| format!("k: {i}\n")).collect();
    write(dir.path(), "dups.yaml", format!("pip_study: \"1\"\n{dups}"));
    let unknown: String = (0..3000).map(|i| format!("k{i}: {i}\n")).collect();
    write(
        dir.path(),
        "unknown.yaml",
        format!("pip_study: \"1\"\n{unknown}"),
    );
    for (file, code, more, line) in [
        ("dups.yaml", "S001", 3999, 1003),
        ("unknown.yaml", "S002", 2004, 998),
    ] {
        let (status, doc) = json_in(dir.path(), &[file]);
        assert_eq!(status, 1);
        let ds = diagnostics(&doc, code);
        assert_eq!(ds.len(), 1001, "{file}");
        let last = ds
            .iter()
            .find(|d| d["message"].as_str().unwrap().contains("more problems"))
            .unwrap_or_else(|| panic!("{file}: no closing count"));
        assert!(
            last["message"]
                .as_str()
                .unwrap()
                .starts_with(&format!("and {more} more problems of this kind")),
            "{file}: {}",
            last["message"]
        );
        assert_eq!(start(last).0, line, "{file}");
    }
}

#[test]
fn a_rules_findings_on_one_file_are_capped_with_a_count() {
    // 1,101 entries of one service: 1,100 repeats, of which 1,000 are shown.
    let mut text = String::from("pip_study: \"1\"\nformulation:\n  services:\n");
    for _ in 0..1101 {
        text.push_str("    - {id: consulta, name: Consulta, kind: final, unit: atenciones}\n");
    }
    let ds: Vec<J> = lint_text("e.yaml", &text)
        .into_iter()
        .filter(|d| d.code == "F034")
        .collect();
    assert_eq!(ds.len(), 1001);
    let last = ds.last().unwrap();
    assert!(
        last.message
            .starts_with("and 100 more problems of this kind in the file"),
        "{}",
        last.message
    );
    // At the first one left out, with the rule's severity.
    assert_eq!(last.pointer, "/formulation/services/1001/id");
    assert_eq!(last.raw["severity"], "error");
}
