//! Snapshots of the human output (`--format human`, no colour because stdout
//! is not a terminal) of the binary, for S001, S002 and a rule diagnostic.
//! Each input is a bundled study with one edit, written as `estudio.yaml` in
//! a temporary directory so that the path in `-->` is stable.

use crate::common;

use common::*;

fn human(study: &str, lang: &str) -> (i32, String) {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("estudio.yaml"), study).unwrap();
    let out = run_in(
        dir.path(),
        &["--format", "human", "--lang", lang, "estudio.yaml"],
    );
    assert!(stderr(&out).is_empty(), "{}", stderr(&out));
    (status(&out), stdout(&out))
}

fn edited(from: &str, to: &str) -> String {
    replace_once(&huayllay(), from, to).0
}

#[test]
fn s001_duplicate_key() {
    let (code, out) = human(
        &edited("    area: urban\n", "    area: urban\n    area: rural\n"),
        "en",
    );
    assert_eq!(code, 1);
    insta::assert_snapshot!("s001_duplicate_key", out);
}

#[test]
fn s001_tab_indentation() {
    let (code, out) = human(
        &edited("    department: Pasco\n", "\tdepartment: Pasco\n"),
        "en",
    );
    assert_eq!(code, 1);
    insta::assert_snapshot!("s001_tab_indentation", out);
}

#[test]
fn s002_enum_with_suggestion() {
    let (code, out) = human(&edited("    area: urban", "    area: urbano"), "en");
    assert_eq!(code, 1);
    insta::assert_snapshot!("s002_enum_with_suggestion", out);
}

#[test]
fn s002_missing_required_key_es() {
    let (code, out) = human(&edited("    district: Huayllay\n", ""), "es");
    assert_eq!(code, 1);
    insta::assert_snapshot!("s002_missing_required_key_es", out);
}

#[test]
fn f004_ground_resistance() {
    let (code, out) = human(
        &edited("ground_resistance_ohm: 4.2", "ground_resistance_ohm: 7.5"),
        "en",
    );
    assert_eq!(code, 1);
    insta::assert_snapshot!("f004_ground_resistance", out);
}
