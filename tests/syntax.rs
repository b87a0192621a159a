//! S001 `yaml-syntax`: every class of problem of the file itself, with its
//! code, pointer, line and column (and the exit status through the binary for
//! a few). Small inputs live in `fixtures/syntax/`, one file per case; huge,
//! binary or whitespace-sensitive ones (tabs, CRLF, BOM, bytes that are not
//! UTF-8) are generated here so that they are visible in the test.
//!
//! Expected positions are hard-coded from reading the inputs, and cross-checked
//! against offsets found in the text, never taken from pip-lint itself.

use crate::common;

use common::*;
use pip_lint::i18n::Lang;
use pip_lint::source::Source;
use pip_lint::yaml::{self, Limits};

fn fixture(name: &str) -> (String, Vec<J>) {
    let rel = format!("fixtures/syntax/{name}");
    let bytes = std::fs::read(path(&rel)).unwrap_or_else(|e| panic!("{rel}: {e}"));
    let text = String::from_utf8(bytes).expect("fixtures are UTF-8");
    let diagnostics = lint_text(&rel, &text);
    (text, diagnostics)
}

/// The S001 of a fixture, which must be the only one.
fn s001(name: &str) -> (String, J) {
    let (text, ds) = fixture(name);
    let d = the_one(&ds, "S001").clone();
    (text, d)
}

fn at(line: usize, column: usize, offset: usize) -> Pos {
    Pos {
        line,
        column,
        offset,
    }
}

/// Byte offset of the `n`th (0-based) occurrence of `needle`.
fn nth(text: &str, needle: &str, n: usize) -> usize {
    text.match_indices(needle)
        .nth(n)
        .unwrap_or_else(|| panic!("occurrence {n} of `{needle}`"))
        .0
}

/// Loads text with the YAML loader alone (no schema, no rules).
fn load(text: &str) -> yaml::Loaded {
    yaml::load(
        &Source::from_text("t.yaml", text),
        &Limits::default(),
        Lang::En,
    )
}

// ---------------------------------------------------------------- syntax errors

#[test]
fn unclosed_bracket_points_at_the_bracket() {
    let (text, d) = s001("unclosed-bracket.yaml");
    // Line 4 is `  stakeholders: [Municipalidad …`: the `[` is column 17.
    assert_eq!(d.start, at(4, 17, nth(&text, "[", 0)));
    assert_eq!(d.end.offset, d.start.offset + 1);
    assert!(d.message.contains("unclosed bracket"), "{}", d.message);
}

#[test]
fn unclosed_bracket_pointer_is_the_unclosed_sequence() {
    let (_, d) = s001("unclosed-bracket.yaml");
    assert_eq!(d.pointer, "/general/stakeholders");
}

#[test]
fn unclosed_quote_at_end_of_file_points_at_the_quote() {
    let (text, d) = s001("unclosed-quote.yaml");
    // Line 3 is `  name: "Mejoramiento …`: the quote is column 9.
    assert_eq!(d.start, at(3, 9, nth(&text, "\"Mejoramiento", 0)));
    assert_eq!(d.pointer, "/general/name");
    assert!(d.message.contains("unclosed quote"), "{}", d.message);
}

#[test]
fn unclosed_quote_without_final_newline_points_at_the_quote() {
    // The same file as fixtures/syntax/unclosed-quote.yaml without its last newline.
    let text = "pip_study: \"1\"\ngeneral:\n  name: \"Mejoramiento del Puesto de Salud";
    let ds = lint_text("q.yaml", text);
    let d = the_one(&ds, "S001");
    assert_eq!(d.start, at(3, 9, 32));
    assert_eq!(&text[32..33], "\"");
    assert_eq!(d.pointer, "/general/name");
    assert!(d.message.contains("unclosed quote"), "{}", d.message);
}

#[test]
fn unclosed_quote_before_a_sibling_key_points_at_the_underindented_line() {
    // `  cui: …` is read as a continuation of the quoted scalar, and a
    // continuation must be indented more than the mapping (YAML 1.2 [69]).
    let (text, d) = s001("unclosed-quote-mid-file.yaml");
    assert_eq!(d.start, at(4, 3, nth(&text, "cui", 0)));
    assert_eq!(d.pointer, "/general/name");
    assert!(d.message.contains("indentation"), "{}", d.message);
}

#[test]
fn dedented_key_points_at_the_key() {
    let (text, d) = s001("bad-indentation.yaml");
    // ` cui:` is indented by one space: neither in `general` (2) nor at the root (0).
    assert_eq!(d.start, at(4, 2, nth(&text, "cui", 0)));
    assert_eq!(d.pointer, "");
    assert!(d.message.starts_with("YAML syntax error"), "{}", d.message);
}

#[test]
fn overindented_key_points_at_its_colon() {
    // `    cui: …` continues the plain scalar of `name`, so its `:` is the
    // error; the key the user meant belongs to `general`.
    let (text, d) = s001("bad-indentation-deeper.yaml");
    assert_eq!(d.start, at(4, 8, nth(&text, "cui:", 0) + 3));
    assert_eq!(d.pointer, "/general");
    assert!(d.message.contains("mapping values"), "{}", d.message);
}

#[test]
fn syntax_errors_are_fatal_and_exit_1() {
    for name in [
        "unclosed-bracket.yaml",
        "unclosed-quote.yaml",
        "bad-indentation.yaml",
        "empty.yaml",
        "root-scalar.yaml",
    ] {
        let (_, ds) = fixture(name);
        assert!(
            ds.iter().all(|d| d.code == "S001"),
            "{name}: a file that cannot be loaded gets S001 only: {ds:#?}"
        );
        let out = run(&[&format!("fixtures/syntax/{name}")]);
        assert_eq!(status(&out), 1, "{name}: {}", stderr(&out));
        assert!(stdout(&out).contains("error[S001]"), "{name}");
        assert!(stderr(&out).is_empty(), "{name}: {}", stderr(&out));
    }
}

// ---------------------------------------------------------------- duplicate keys

#[test]
fn duplicate_key_at_root() {
    let (text, d) = s001("duplicate-key-root.yaml");
    assert_eq!(d.pointer, "/general");
    assert_eq!(d.start, at(4, 1, nth(&text, "general:", 1)));
    assert_eq!(d.end, at(4, 8, nth(&text, "general:", 1) + 7));
    assert_eq!(d.message, "duplicate key `general`");
    assert_eq!(d.related.len(), 1);
    assert_eq!(d.related[0].0, "/general");
    assert_eq!(d.related[0].1, at(2, 1, nth(&text, "general:", 0)));
}

#[test]
fn duplicate_key_nested() {
    let (text, d) = s001("duplicate-key-nested.yaml");
    assert_eq!(d.pointer, "/general/location/department");
    assert_eq!(d.start, at(6, 5, nth(&text, "department", 1)));
    assert_eq!(d.end.column, 15);
    assert_eq!(
        d.related,
        vec![(
            "/general/location/department".to_string(),
            at(4, 5, nth(&text, "department", 0))
        )]
    );
}

#[test]
fn duplicate_key_in_a_list_item() {
    let (text, d) = s001("duplicate-key-list-item.yaml");
    assert_eq!(d.pointer, "/general/stakeholders/0/name");
    assert_eq!(d.start, at(6, 7, nth(&text, "name:", 1)));
    assert_eq!(
        d.related,
        vec![(
            "/general/stakeholders/0/name".to_string(),
            at(4, 7, nth(&text, "name:", 0))
        )]
    );
}

#[test]
fn duplicate_key_in_a_flow_mapping_list_item() {
    let text = "pip_study: \"1\"\nseries:\n  - {year: 1, attentions: 5}\n  - {year: 2, year: 3}\n";
    let ds = lint_text("t.yaml", text);
    let d = the_one(&ds, "S001");
    assert_eq!(d.pointer, "/series/1/year");
    // `  - {year: 2, year: 3}`: the second `year` is column 15.
    assert_eq!(d.start, at(4, 15, nth(text, "year", 2)));
    assert_eq!(d.related[0].1, at(4, 6, nth(text, "year", 1)));
}

#[test]
fn duplicate_key_keeps_the_first_value_and_the_document() {
    let l = load("a: 1\na: 2\nb: 3\n");
    assert_eq!(l.diagnostics.len(), 1);
    let v = l.document.expect("a duplicate key is not fatal").value;
    assert_eq!(v["a"], 1);
    assert_eq!(v["b"], 3);
}

#[test]
fn each_repetition_of_a_key_is_reported_against_the_first() {
    let text = "k: 1\nk: 2\nk: 3\n";
    let ds = load(text).diagnostics;
    assert_eq!(ds.len(), 2);
    assert_eq!(ds[0].range, 5..6);
    assert_eq!(ds[1].range, 10..11);
    assert!(ds.iter().all(|d| d.related[0].range == (0..1)));
}

// ---------------------------------------------------------------- tabs

#[test]
fn tab_indentation_points_at_the_tab() {
    let text = "pip_study: \"1\"\ngeneral:\n\tname: Puesto de Salud\n";
    let ds = lint_text("t.yaml", text);
    let d = the_one(&ds, "S001");
    assert_eq!(d.start, at(3, 1, text.find('\t').unwrap()));
    assert_eq!(d.end.offset, d.start.offset + 1);
    assert_eq!(d.pointer, "/general");
    assert!(d.message.contains("tab"), "{}", d.message);
}

#[test]
fn tab_after_spaces_points_at_the_tab() {
    let text = "pip_study: \"1\"\ngeneral:\n  location:\n  \tdistrict: Huayllay\n";
    let ds = lint_text("t.yaml", text);
    let d = the_one(&ds, "S001");
    assert_eq!(d.start, at(4, 3, text.find('\t').unwrap()));
    assert_eq!(d.pointer, "/general/location");
}

#[test]
fn tab_indenting_the_line_after_a_plain_scalar_points_at_the_tab() {
    // The parser reports this one while scanning `Ayacucho`, on the line above.
    let text = "pip_study: \"1\"\ngeneral:\n  department: Ayacucho\n\tprovince: Huamanga\n";
    let ds = lint_text("t.yaml", text);
    let d = the_one(&ds, "S001");
    assert_eq!(d.start, at(4, 1, text.find('\t').unwrap()));
    assert_eq!(d.end.offset, d.start.offset + 1);
    // Not `/general/department`, the key read before the line.
    assert_eq!(d.pointer, "/general");
    assert!(
        d.message.contains("tab is used for indentation"),
        "{}",
        d.message
    );
}

#[test]
fn parser_messages_are_in_spanish() {
    let es = |text: &str| {
        let l = yaml::load(
            &Source::from_text("t.yaml", text),
            &Limits::default(),
            Lang::Es,
        );
        l.diagnostics[0].message.clone()
    };
    assert_eq!(es("a: [1, 2\n"), "error de sintaxis YAML: «[» sin cerrar");
    assert!(es("a: b: c\n").starts_with("error de sintaxis YAML: aquí no cabe un valor de mapeo"));
    assert_eq!(
        es("a: *nada\n"),
        "error de sintaxis YAML: el alias (`*`) nombra un ancla (`&`) que no existe"
    );
    assert!(es("a: \"x\" y\n").contains("después del texto entre comillas"));
    // English keeps the parser's own words.
    let l = load("a: [1, 2\n");
    assert_eq!(
        l.diagnostics[0].message,
        "YAML syntax error: unclosed bracket '['"
    );
}

#[test]
fn crlf_missing_key_range_ends_before_the_carriage_return() {
    let lf = huayllay().replacen("pip_study: \"1\"\n", "", 1);
    let missing = |text: &str| {
        let ds = lint_text("t.yaml", text);
        ds.iter()
            .find(|d| d.code == "S002" && d.message.contains("pip_study"))
            .cloned()
            .unwrap_or_else(|| panic!("{ds:#?}"))
    };
    let (l, c) = (missing(&lf), missing(&lf.replace('\n', "\r\n")));
    assert_eq!(
        (c.start.line, c.start.column),
        (l.start.line, l.start.column)
    );
    assert_eq!((c.end.line, c.end.column), (l.end.line, l.end.column));
}

#[test]
fn a_flow_mapping_left_open_shows_where_it_opened() {
    let text = "a: 1\nb: {x: 1, y: 2\nc: 3\n";
    let l = load(text);
    let d = &l.diagnostics[0];
    assert_eq!(d.code, "S001");
    assert_eq!(d.range.start, text.find("c: 3").unwrap() + 1);
    assert_eq!(d.related.len(), 1, "{d:?}");
    assert_eq!(
        d.related[0].range,
        text.find('{').unwrap()..text.find('{').unwrap() + 1
    );
    assert_eq!(d.related[0].pointer, "/b");
    assert!(d.related[0].message.contains("opened here"), "{d:?}");
}

#[test]
fn tab_as_separation_inside_a_line_is_fine() {
    let l = load("a:\tb\nc: [1,\t2]\n");
    assert!(l.diagnostics.is_empty(), "{:?}", l.diagnostics);
    assert_eq!(l.document.unwrap().value["a"], "b");
}

// ---------------------------------------------------------------- encoding

#[test]
fn invalid_utf8_points_at_the_byte() {
    let bytes = b"pip_study: \"1\"\nname: \"Ca\xf1ete\"\n";
    let ds = lint_bytes("latin1.yaml", bytes);
    let d = the_one(&ds, "S001");
    // `name: "Ca` is 9 characters: the byte 0xF1 is line 2, column 10, offset 15 + 9.
    assert_eq!(d.start, at(2, 10, 24));
    assert_eq!(bytes[24], 0xf1);
    assert_eq!(d.pointer, "");
    assert!(d.message.contains("UTF-8"), "{}", d.message);
    assert!(d.help.as_deref().unwrap_or("").contains("UTF-8"));
    assert_eq!(ds.len(), 1, "nothing else is checked: {ds:#?}");
}

#[test]
fn utf16_studies_are_named_as_such_and_found_by_a_walk() {
    // Windows editors save «Unicode» as UTF-16: with or without a byte-order
    // mark, little- or big-endian, the study is linted (never skipped) and
    // S001 names the encoding; a UTF-16 file that is no study is skipped.
    let text = "pip_study: \"1\"\ngeneral: {name: Cañete}\n";
    let le: Vec<u8> = text.encode_utf16().flat_map(u16::to_le_bytes).collect();
    let be: Vec<u8> = text.encode_utf16().flat_map(u16::to_be_bytes).collect();
    let dir = tempfile::tempdir().unwrap();
    for (name, bytes) in [
        ("le.yaml", [&[0xff, 0xfe][..], &le].concat()),
        ("be.yaml", [&[0xfe, 0xff][..], &be].concat()),
        ("sin-marca.yaml", le.clone()),
        (
            "ci.yaml",
            "name: CI\n"
                .encode_utf16()
                .flat_map(u16::to_le_bytes)
                .collect(),
        ),
    ] {
        std::fs::write(dir.path().join(name), bytes).unwrap();
    }
    let out = run_in(dir.path(), &["--no-config", "--format", "json", "."]);
    assert_eq!(status(&out), 1, "{}", stderr(&out));
    let doc = json_output(&out);
    assert_eq!(doc["files_checked"], 3);
    for d in doc["diagnostics"].as_array().unwrap() {
        assert_eq!(d["code"], "S001");
        assert_eq!(d["range"]["start"]["line"], 1);
        assert!(
            d["message"].as_str().unwrap().contains("encoded as UTF-16"),
            "{d}"
        );
    }
    assert_eq!(doc["diagnostics"].as_array().unwrap().len(), 3);
}

#[test]
fn invalid_utf8_range_is_the_one_byte() {
    let bytes = b"pip_study: \"1\"\nname: \"Ca\xf1ete\"\n";
    let ds = lint_bytes("latin1.yaml", bytes);
    let d = the_one(&ds, "S001");
    assert_eq!(d.end, at(2, 11, 25));
}

#[test]
fn latin1_study_points_at_its_first_non_ascii_byte() {
    // The bundled study saved as ISO-8859-1 (characters outside it as `?`).
    let text = huayllay();
    let latin1: Vec<u8> = text
        .chars()
        .map(|c| u8::try_from(u32::from(c)).unwrap_or(b'?'))
        .collect();
    let first = latin1.iter().position(|b| *b >= 0x80).unwrap();
    let ds = lint_bytes("latin1.yaml", &latin1);
    let d = the_one(&ds, "S001");
    assert_eq!(d.start, pos(&latin1, first));
    assert_eq!(d.start.line, 1, "the first comment line has `médico`");
    // Through the binary: exit 1.
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("latin1.yaml"), &latin1).unwrap();
    let out = run_in(dir.path(), &["latin1.yaml"]);
    assert_eq!(status(&out), 1);
    let s = stdout(&out);
    assert!(
        s.contains(&format!(
            "--> latin1.yaml:{}:{}",
            d.start.line, d.start.column
        )),
        "{s}"
    );
}

#[test]
fn bom_at_start_is_accepted() {
    let study = format!("\u{feff}{}", huayllay());
    let ds = lint_text("bom.yaml", &study);
    assert!(ds.is_empty(), "{ds:#?}");
}

#[test]
fn bom_shifts_offsets_not_lines_or_columns() {
    let (plain, at_) = replace_once(&huayllay(), "horizon_years: 10", "horizon_years: \"10\"");
    let value = at_ + "horizon_years: ".len();
    let with_bom = format!("\u{feff}{plain}");
    let d = the_one(&lint_text("bom.yaml", &with_bom), "S002").clone();
    let (line, column) = line_col(plain.as_bytes(), value);
    assert_eq!(d.start, at(line, column, value + 3));
    assert_eq!(d.pointer, "/formulation/horizon_years");
}

#[test]
fn bom_is_not_a_column() {
    let text = "\u{feff}pip_study: \"2\"\n";
    let ds = lint_text("bom.yaml", text);
    let d = ds
        .iter()
        .find(|d| d.pointer == "/pip_study")
        .expect("S002 on /pip_study");
    // An editor shows `pip_study: "2"` with the value at column 12; the
    // offset counts the 3 bytes of the BOM.
    assert_eq!(d.start, at(1, 12, 14));
}

#[test]
fn crlf_study_lints_cleanly() {
    let crlf = huayllay().replace('\n', "\r\n");
    let ds = lint_text("crlf.yaml", &crlf);
    assert!(ds.is_empty(), "{ds:#?}");
}

#[test]
fn crlf_positions_and_spans_exclude_the_carriage_return() {
    let (lf, at_) = replace_once(&huayllay(), "horizon_years: 10", "horizon_years: \"10\"");
    let value = at_ + "horizon_years: ".len();
    let (line, column) = line_col(lf.as_bytes(), value);
    let crlf = lf.replace('\n', "\r\n");
    // One extra byte per line before it.
    let crlf_value = value + (line - 1);
    assert_eq!(&crlf[crlf_value..crlf_value + 5], "\"10\"\r");
    let d = the_one(&lint_text("crlf.yaml", &crlf), "S002").clone();
    assert_eq!(d.start, at(line, column, crlf_value));
    assert_eq!(d.end, at(line, column + 4, crlf_value + 4));
}

#[test]
fn lone_cr_line_endings_are_line_breaks_as_in_yaml() {
    // Classic Mac OS line endings: YAML 1.2 breaks lines at a lone CR, and so
    // do positions, snippets and waivers.
    let (lf, at_) = replace_once(&huayllay(), "horizon_years: 10", "horizon_years: \"10\"");
    let value = at_ + "horizon_years: ".len();
    let (line, column) = line_col(lf.as_bytes(), value);
    let cr = lf.replace('\n', "\r");
    let d = the_one(&lint_text("cr.yaml", &cr), "S002").clone();
    assert_eq!(d.start, at(line, column, value));
    // The human snippet shows the line alone, with no carriage return in it.
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("cr.yaml"), &cr).unwrap();
    let out = run_in(dir.path(), &["--no-config", "cr.yaml"]);
    let text = stdout(&out);
    assert!(!text.contains('\r'), "{text:?}");
    assert!(
        text.contains(&format!("--> cr.yaml:{line}:{column}")),
        "{text}"
    );
    assert!(
        text.contains(&format!("{line} |   horizon_years: \"10\"\n")),
        "{text}"
    );
    // A waiver at the end of the line applies to that line's node.
    let waived = cr.replacen(
        "horizon_years: \"10\"\r",
        "horizon_years: \"10\"  # pip-lint: allow S002 -- texto del formato anterior\r",
        1,
    );
    let ds = lint_text("cr.yaml", &waived);
    assert!(
        ds.iter().all(|d| d.code != "S002" && d.code != "S004"),
        "{ds:#?}"
    );
}

#[test]
fn crlf_duplicate_key() {
    let text = "pip_study: \"1\"\r\ngeneral:\r\n  name: a\r\n  name: b\r\n";
    let ds = lint_text("crlf.yaml", text);
    let d = the_one(&ds, "S001");
    assert_eq!(d.start, at(4, 3, 39));
    assert_eq!(d.related[0].1, at(3, 3, 28));
    assert_eq!(&text[39..43], "name");
}

// ---------------------------------------------------------------- documents and roots

#[test]
fn second_document_is_reported_at_its_marker() {
    let (text, ds) = fixture("multiple-documents.yaml");
    let d = the_one(&ds, "S001");
    assert_eq!(d.start, at(4, 1, nth(&text, "---", 0)));
    assert_eq!(d.end, at(4, 4, nth(&text, "---", 0) + 3));
    assert_eq!(d.pointer, "");
    assert!(d.message.contains("more than one YAML document"));
}

#[test]
fn second_document_after_an_explicit_first_one() {
    let (text, ds) = fixture("multiple-documents-explicit-start.yaml");
    let d = the_one(&ds, "S001");
    assert_eq!(d.start, at(3, 1, nth(&text, "---", 1)));
}

#[test]
fn first_document_is_still_checked() {
    // The first document is a study missing most sections: S002 still runs on it.
    let (_, ds) = fixture("multiple-documents.yaml");
    assert!(
        ds.iter()
            .any(|d| d.code == "S002" && d.message.contains("`formulation`")),
        "{ds:#?}"
    );
}

#[test]
fn root_scalar() {
    let (text, d) = s001("root-scalar.yaml");
    assert_eq!(d.pointer, "");
    assert_eq!(d.start, at(1, 1, 0));
    let len = text.trim_end().len();
    assert_eq!(d.end, pos(text.as_bytes(), len));
    assert_eq!(d.end.column, 57, "56 characters, ó included");
    assert!(d.message.contains("root is a string"), "{}", d.message);
}

#[test]
fn root_list() {
    let (_, d) = s001("root-list.yaml");
    assert_eq!(d.pointer, "");
    assert_eq!(d.start, at(1, 1, 0));
    assert!(d.message.contains("root is a sequence"), "{}", d.message);
}

#[test]
fn root_null() {
    let (_, d) = s001("root-null.yaml");
    assert_eq!(d.start, at(1, 1, 0));
    assert_eq!(d.end, at(1, 5, 4));
    assert!(
        d.message.contains("root is an empty value (null)"),
        "{}",
        d.message
    );
}

#[test]
fn empty_and_comment_only_files() {
    for name in ["empty.yaml", "comments-only.yaml"] {
        let (_, d) = s001(name);
        assert_eq!(d.pointer, "", "{name}");
        assert_eq!(d.start, at(1, 1, 0), "{name}");
        assert!(d.message.contains("empty"), "{name}: {}", d.message);
    }
}

// ---------------------------------------------------------------- limits

#[test]
fn file_size_limit() {
    let mut text = String::from("pip_study: \"1\"\n");
    for _ in 0..20 {
        text.push_str("# relleno\n");
    }
    let limits = Limits {
        max_file_bytes: 64,
        ..Limits::default()
    };
    let ds = lint_bytes_with("big.yaml", text.as_bytes(), limits);
    let d = the_one(&ds, "S001");
    assert_eq!(ds.len(), 1);
    assert_eq!(d.pointer, "");
    assert_eq!(d.message, "the file exceeds the limit of 64 bytes");
    // At the first byte past the limit.
    assert_eq!(d.start, pos(text.as_bytes(), 64));
    // The loader alone says the same.
    let loaded = yaml::load(
        &Source::from_text("big.yaml", text.clone()),
        &limits,
        Lang::En,
    );
    assert!(loaded.document.is_none());
}

#[test]
fn file_exactly_at_the_limit_is_fine() {
    let text = "pip_study: \"1\"\n";
    let limits = Limits {
        max_file_bytes: text.len() as u64,
        ..Limits::default()
    };
    let loaded = yaml::load(&Source::from_text("t.yaml", text), &limits, Lang::En);
    assert!(loaded.diagnostics.is_empty(), "{:?}", loaded.diagnostics);
}

#[test]
fn file_size_limit_on_disk_with_a_multibyte_character_at_the_cut() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("big.yaml");
    // 18 ASCII bytes then `ñ` (2 bytes) repeated: byte 40 starts a `ñ`, so
    // reading 41 bytes cuts it in half.
    let text = format!("pip_study: \"1\"\nx: {}\n", "ñ".repeat(100));
    std::fs::write(&file, &text).unwrap();
    let options = pip_lint::lint::Options {
        limits: Limits {
            max_file_bytes: 40,
            ..Limits::default()
        },
        threads: Some(1),
        ..Default::default()
    };
    let report = pip_lint::lint::run(&[file], &builtin_rules(), &options, None);
    let doc: serde_json::Value =
        serde_json::from_str(&pip_lint::render::json::render(&report)).unwrap();
    let ds = parse_json(&doc);
    let d = the_one(&ds, "S001");
    assert_eq!(d.message, "the file exceeds the limit of 40 bytes");
}

#[test]
fn block_nesting_limit() {
    let mut text = String::from("pip_study: \"1\"\n");
    for i in 0..100 {
        text.push_str(&" ".repeat(i));
        text.push_str("k:\n");
    }
    let ds = lint_text("deep.yaml", &text);
    let d = the_one(&ds, "S001");
    assert_eq!(ds.len(), 1);
    // The root is level 1 and the value of the n-th `k` level n + 1; the
    // default limit is 64 levels, so the first node too deep is the value
    // of the 64th `k`: the mapping on line 66 (1 + 65), indented by 64.
    assert_eq!(d.pointer, "/k".repeat(64));
    assert_eq!(d.start, at(66, 65, nth(&text, "\n", 64) + 1 + 64));
    assert_eq!(d.message, "nesting exceeds the limit of 64 levels");
}

#[test]
fn block_nesting_of_100000_levels_is_bounded() {
    // `- - - … hoja`: 100,000 nested block sequences on one line (200 KB).
    let text = format!("pip_study: \"1\"\nx:\n{}hoja\n", "- ".repeat(100_000));
    let ds = lint_text("deep.yaml", &text);
    assert_eq!(ds.len(), 1, "{ds:?}");
    let d = the_one(&ds, "S001");
    // The root is level 1 and the n-th sequence (at column 2n - 1) level n + 1:
    // the first past the 64-level limit is the 64th, at column 127.
    let line3 = nth(&text, "\n", 1) + 1;
    assert_eq!(d.start, at(3, 127, line3 + 126));
    assert_eq!(d.pointer, format!("/x{}", "/0".repeat(63)));
    assert_eq!(d.message, "nesting exceeds the limit of 64 levels");
}

#[test]
fn flow_nesting_of_100000_brackets_is_bounded() {
    let text = format!("pip_study: \"1\"\nx: {}\n", "[".repeat(100_000));
    let ds = lint_text("deep.yaml", &text);
    let d = the_one(&ds, "S001");
    assert_eq!(ds.len(), 1);
    assert_eq!(d.start.line, 2);
    assert!(d.message.contains("nesting"), "{}", d.message);
    // And the binary, with the brackets at the root.
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("deep.yaml"), "[".repeat(100_000)).unwrap();
    let out = run_in(dir.path(), &["--format", "json", "deep.yaml"]);
    assert_eq!(status(&out), 1, "{}", stderr(&out));
    let ds = parse_json(&json_output(&out));
    assert_eq!(the_one(&ds, "S001").start.line, 1);
}

#[test]
fn flow_nesting_within_the_limit_loads() {
    // 63 brackets under the root mapping: 64 levels, the limit.
    let text = format!("x: {}{}\n", "[".repeat(63), "]".repeat(63));
    let l = load(&text);
    assert!(l.diagnostics.is_empty(), "{:?}", l.diagnostics);
}

#[test]
fn flow_nesting_error_points_at_the_first_level_past_the_limit() {
    let text = format!(
        "pip_study: \"1\"\nx: {}{}\n",
        "[".repeat(100),
        "]".repeat(100)
    );
    let ds = lint_text("deep.yaml", &text);
    let d = the_one(&ds, "S001");
    // The root is level 1, the n-th `[` level n + 1: the 64th `[` is level 65,
    // column 3 + 64, and the 63 brackets around it are each item 0.
    assert_eq!(d.start, at(2, 67, 15 + 3 + 63));
    assert_eq!(d.pointer, format!("/x{}", "/0".repeat(63)));
}

#[test]
fn flow_nesting_error_pointer_follows_keys_and_indices() {
    // Mappings and later items on the way down are in the pointer.
    let opening = format!("[1, [2, {{b: 3, c: {}", "[".repeat(70));
    let closing = format!("{}}}]]", "]".repeat(70));
    let text = format!("pip_study: \"1\"\nzz: {opening}1{closing}\n");
    let ds = lint_text("deep.yaml", &text);
    let d = the_one(&ds, "S001");
    // Levels: root 1, zz 2, its item 1 is 3, that list's item 1 (the
    // mapping) 4, `c`'s list 5: the 61st `[` under `c` is level 65.
    let under_c = 15 + "zz: [1, [2, {b: 3, c: ".len();
    assert_eq!(d.start.offset, under_c + 60);
    assert_eq!(d.pointer, format!("/zz/1/1/c{}", "/0".repeat(60)));
    let nested = format!(
        "pip_study: \"1\"\nzz: {}1{}\n",
        "[{a: ".repeat(40),
        "}]".repeat(40)
    );
    let d = the_one(&lint_text("deep.yaml", &nested), "S001").clone();
    // Level 2k + 3 is the mapping that is item 0 of the k-th `a`'s list: 65 is k = 31.
    assert_eq!(d.pointer, format!("/zz{}/0", "/0/a".repeat(31)));
}

#[test]
fn flow_nesting_error_position_does_not_depend_on_what_follows() {
    // Sanity check of the above with few enough brackets that the
    // parser's own limit (66) is not reached: this one holds today.
    let text = format!(
        "pip_study: \"1\"\nx: {}{}\n",
        "[".repeat(65),
        "]".repeat(65)
    );
    let ds = lint_text("deep.yaml", &text);
    let d = the_one(&ds, "S001");
    assert_eq!(d.start, at(2, 67, 15 + 3 + 63));
    assert_eq!(d.pointer, format!("/x{}", "/0".repeat(63)));
}

#[test]
fn billion_laughs_is_bounded() {
    let (text, ds) = fixture("alias-bomb.yaml");
    let d = the_one(&ds, "S001");
    assert_eq!(ds.len(), 1, "no document, nothing else: {ds:#?}");
    assert!(d.message.contains("alias expansion"), "{}", d.message);
    // Derive where the expansion crosses the default limit of 100,000 nodes:
    // `lol0` is 11 nodes (the list and its ten scalars); `lolN` is 1 + 10
    // × `lol(N-1)`. Each alias adds the size of what it names.
    let limit = Limits::default().max_alias_nodes;
    let mut size = 11usize;
    let mut added = 0usize;
    let mut found = None;
    'outer: for n in 1..=8 {
        for i in 0..10 {
            added += size;
            if added > limit {
                found = Some((n, i));
                break 'outer;
            }
        }
        size = 1 + 10 * size;
    }
    let (n, i) = found.expect("the bomb crosses the limit");
    assert_eq!((n, i), (4, 7));
    assert_eq!(d.pointer, format!("/lol{n}/{i}"));
    // The line `lol4: &lol4 [*lol3, …]` is line 6 (after the comment); the
    // offending alias is its 8th `*lol3`.
    let alias = nth(&text, &format!("*lol{}", n - 1), i);
    assert_eq!(d.start, pos(text.as_bytes(), alias));
    assert_eq!(d.start.line, 6);
    // Through the binary: exit 1, no crash.
    let out = run(&["fixtures/syntax/alias-bomb.yaml"]);
    assert_eq!(status(&out), 1);
}

#[test]
fn small_alias_use_is_fine() {
    let l = load("a: &x {k: 1}\nb: *x\nc: *x\n");
    assert!(l.diagnostics.is_empty());
    let v = l.document.unwrap().value;
    assert_eq!(v["c"]["k"], 1);
}

// ---------------------------------------------------------------- YAML 1.2 semantics

#[test]
fn merge_key_is_rejected_at_the_key() {
    let (text, d) = s001("merge-key.yaml");
    assert_eq!(d.pointer, "/general/facility/<<");
    assert_eq!(d.start, at(6, 5, nth(&text, "<<", 0)));
    assert_eq!(d.end.offset, d.start.offset + 2);
    assert!(d.message.contains("merge keys"), "{}", d.message);
}

#[test]
fn non_finite_numbers_point_at_each_value() {
    let (text, ds) = fixture("non-finite-numbers.yaml");
    let s = only(&ds, "S001");
    assert_eq!(s.len(), 3, "{ds:#?}");
    let expect = [
        (
            "/formulation/requirements/electrical/ground_resistance_ohm",
            ".nan",
            at(5, 30, nth(&text, ".nan", 0)),
        ),
        (
            "/formulation/requirements/land/total_m2",
            ".inf",
            at(7, 17, nth(&text, ".inf", 0)),
        ),
        (
            "/formulation/requirements/land/free_m2",
            "-.Inf",
            at(8, 16, nth(&text, "-.Inf", 0)),
        ),
    ];
    for (d, (pointer, value, start)) in s.iter().zip(expect) {
        assert_eq!(d.pointer, pointer);
        assert_eq!(d.start, start, "{pointer}");
        assert_eq!(d.end.offset - d.start.offset, value.len(), "{pointer}");
        assert!(d.message.contains("not a finite number"), "{}", d.message);
    }
}

#[test]
fn non_finite_number_in_a_study_is_one_diagnostic() {
    let (study, at_) = replace_once(
        &huayllay(),
        "ground_resistance_ohm: 4.2",
        "ground_resistance_ohm: .nan",
    );
    let ds = lint_text("nan.yaml", &study);
    assert_eq!(ds.len(), 1, "{ds:#?}");
    assert_eq!(ds[0].code, "S001");
    let value = at_ + "ground_resistance_ohm: ".len();
    assert_eq!(ds[0].start, pos(study.as_bytes(), value));
}

#[test]
fn yaml_1_2_booleans_stay_strings() {
    let study = huayllay();
    let (study, _) = replace_once(
        &study,
        "locality: Huayllay (capital del distrito)",
        "locality: no",
    );
    let (study, _) = replace_once(
        &study,
        "health_directorate: Dirección Regional de Salud Pasco",
        "health_directorate: yes",
    );
    let (study, _) = replace_once(
        &study,
        "responsible: Gerencia Regional de Infraestructura",
        "responsible: on",
    );
    let ds = lint_text("yaml12.yaml", &study);
    assert!(
        ds.is_empty(),
        "`no`, `yes`, `on` are strings in YAML 1.2: {ds:#?}"
    );
    let v = load(&study).document.unwrap().value;
    assert_eq!(v["general"]["location"]["locality"], "no");
    assert_eq!(v["general"]["facility"]["health_directorate"], "yes");
    assert_eq!(v["general"]["executing_unit"]["responsible"], "on");
}

#[test]
fn yaml_1_2_core_schema_scalars() {
    let l = load("a: off\nb: Y\nc: n\nd: 010\ne: 0o10\nf: True\ng: ~\nh: 1_000\ni: '10'\n");
    let v = l.document.unwrap().value;
    assert_eq!(v["a"], "off");
    assert_eq!(v["b"], "Y");
    assert_eq!(v["c"], "n");
    assert_eq!(v["d"], 10, "no octal from a leading zero in YAML 1.2");
    assert_eq!(v["e"], 8);
    assert_eq!(v["f"], true);
    assert!(v["g"].is_null());
    assert_eq!(v["h"], "1_000");
    assert_eq!(v["i"], "10");
}

#[test]
fn tags_must_fit_their_values_and_local_tags_are_refused() {
    // (value as written, where the S001 starts, expected message part)
    for (written, at, says) in [
        ("!!bool 10", "10", "not a value of the tag `!!bool`"),
        ("!!int 600.5", "600.5", "not a value of the tag `!!int`"),
        ("!!map 10", "10", "not a value of the tag `!!map`"),
        ("!foo 10", "!foo", "unsupported tag"),
        ("!!map [1]", "!!map", "the tag `!!map` does not fit a list"),
        ("!!str [1]", "!!str", "the tag `!!str` does not fit a list"),
        (
            "!!null Huayllay",
            "Huayllay",
            "`Huayllay` is not a value of the tag `!!null`",
        ),
        (
            "!!map",
            "!!map",
            "an empty value is not a value of the tag `!!map`",
        ),
        (
            "!!seq\n    a: 1",
            "!!seq",
            "the tag `!!seq` does not fit a mapping",
        ),
    ] {
        let text = format!("pip_study: \"1\"\nformulation:\n  horizon_years: {written}\n");
        let l = load(&text);
        let d = l
            .diagnostics
            .iter()
            .find(|d| d.message.contains(says))
            .unwrap_or_else(|| panic!("{written}: {:#?}", l.diagnostics));
        assert_eq!(d.code, "S001");
        assert_eq!(d.range.start, text.find(at).unwrap(), "{written}");
    }
    // A key is text: a core tag other than `!!str` on it is refused, at the tag.
    for tag in ["!!int", "!!null", "!!bool"] {
        let text = format!("pip_study: \"1\"\nformulation:\n  {tag} horizon_years: 10\n");
        let l = load(&text);
        let d = l
            .diagnostics
            .iter()
            .find(|d| d.message.contains("does not fit a key, which is text"))
            .unwrap_or_else(|| panic!("{tag}: {:#?}", l.diagnostics));
        assert_eq!(d.code, "S001");
        assert_eq!(
            d.range,
            text.find(tag).unwrap()..text.find(tag).unwrap() + tag.len()
        );
    }
    // Tags that fit are read as their values.
    for (written, value) in [
        ("!!int 10", serde_json::json!(10)),
        ("!!str 10", serde_json::json!("10")),
        ("!!seq [1]", serde_json::json!([1])),
        ("!!null", serde_json::Value::Null),
        ("!!null ~", serde_json::Value::Null),
    ] {
        let text = format!("pip_study: \"1\"\nformulation:\n  horizon_years: {written}\n");
        let l = load(&text);
        assert!(l.diagnostics.is_empty(), "{written}: {:#?}", l.diagnostics);
        let doc = l.document.unwrap();
        assert_eq!(
            doc.value["formulation"]["horizon_years"], value,
            "{written}"
        );
    }
}
