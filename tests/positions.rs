//! Positions with multi-byte characters before the error on the same line:
//! the JSON `column` counts Unicode scalar values, `offset` counts bytes.

use crate::common;

use common::*;

#[test]
fn column_counts_characters_offset_counts_bytes_in_a_study() {
    let old = "- {name: Jefatura y administración, service: admision, count: 1, area_m2: 15.0}";
    let new = "- {name: Jefatura 🏥 y administración de Ñaña, service: admision, count: \"1\", area_m2: 15.0}";
    let (text, at) = replace_once(&huayllay(), old, new);
    let ds = lint_text("estudio.yaml", &text);
    assert_eq!(ds.len(), 1, "{ds:#?}");
    let d = &ds[0];
    assert_eq!(d.code, "S002");
    assert!(
        d.pointer
            .starts_with("/formulation/requirements/architecture/rooms/")
            && d.pointer.ends_with("/count"),
        "{}",
        d.pointer
    );
    let value = at + new.find("\"1\"").unwrap();
    let line_start = text[..value].rfind('\n').unwrap() + 1;
    let (line, column) = line_col(text.as_bytes(), value);
    assert_eq!(d.start.line, line);
    assert_eq!(d.start.column, column);
    assert_eq!(d.start.offset, value);
    assert_eq!(d.end.offset, value + 3);
    assert_eq!(d.end.column, column + 3);
    // 🏥 is 4 bytes, ó, Ñ and ñ are 2: six bytes more than characters.
    let byte_column = value - line_start + 1;
    assert_eq!(byte_column - d.start.column, 3 + 1 + 1 + 1);
}

#[test]
fn column_counts_characters_literal() {
    let text = "pip_study: \"1\"\ngeneral:\n  location: {district: \"Ñañá 🏥\", area: urbano}\n";
    let ds = lint_text("t.yaml", text);
    let d = ds
        .iter()
        .find(|d| d.pointer == "/general/location/area")
        .expect("S002 on area");
    // Line 3: 23 + 8 + 8 = 39 characters before `urbano`, but 23 + 14 + 8 =
    // 45 bytes; the line starts at byte 24.
    assert_eq!(
        d.start,
        Pos {
            line: 3,
            column: 40,
            offset: 69
        }
    );
    assert_eq!(
        d.end,
        Pos {
            line: 3,
            column: 46,
            offset: 75
        }
    );
    assert_eq!(&text[69..75], "urbano");
}

#[test]
fn related_positions_count_characters_too() {
    let text = "pip_study: \"1\"\nserie: {nombre: \"Ñuñoa 🏔️\", año: 1, año: 2}\n";
    let ds = lint_text("t.yaml", text);
    let d = the_one(&ds, "S001");
    let second = text.rfind("año").unwrap();
    let first = text.find("año").unwrap();
    assert_eq!(d.start, pos(text.as_bytes(), second));
    assert_eq!(d.related[0].1, pos(text.as_bytes(), first));
    // `serie: {nombre: "Ñuñoa 🏔️", ` is 28 characters (🏔️ is two scalar
    // values: U+1F3D4 and U+FE0F) and 35 bytes.
    assert_eq!(d.related[0].1.column, 29);
    assert_eq!(d.related[0].1.offset, 15 + 35);
    assert_eq!(d.end.offset - d.start.offset, "año".len());
    assert_eq!(d.end.column - d.start.column, 3);
}

#[test]
fn human_output_shows_character_columns() {
    let text = "pip_study: \"1\"\ngeneral:\n  location: {district: \"Ñañá 🏥\", area: urbano}\n";
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("t.yaml"), text).unwrap();
    let out = run_in(dir.path(), &["t.yaml"]);
    assert_eq!(status(&out), 1);
    assert!(stdout(&out).contains("--> t.yaml:3:40"), "{}", stdout(&out));
}

#[test]
fn a_block_scalar_ends_with_its_last_line_of_text() {
    // The range of a `|` or `>` value stops after its text: not over the
    // blank lines and the comment before the next key. Both parsers agree
    // (an anchor elsewhere sends the second text to the full parser).
    let body = "formulation:\n  horizon_years: |\n    diez\n    años\n\n  # comentario\n  base_year: 2024\n";
    for text in [
        format!("pip_study: \"1\"\n{body}"),
        format!("pip_study: \"1\"\nx: &a 1\n{body}").replace("|\n", ">-\n"),
    ] {
        let ds = lint_text("t.yaml", &text);
        let d = ds
            .iter()
            .find(|d| d.pointer == "/formulation/horizon_years")
            .expect("S002 on horizon_years");
        let (start, end) = (d.start.offset, d.end.offset);
        assert_eq!(&text[start..end], "diez\n    años", "{text}");
        assert_eq!((d.end.line, d.end.column), (d.start.line + 1, 9));
    }
}
