//! S002 `schema`: each class of violation, at the right node with the right
//! pointer, line and column, and one diagnostic per real problem.
//!
//! Most inputs are the bundled study with one targeted edit, so that the rest
//! is valid; the expected position is derived from the byte offset of the
//! edit. A few small hand-written inputs carry literal expectations, so that
//! the tests cannot confirm themselves.

use crate::common;

use common::*;

/// The bundled study with `from` replaced by `to`, linted; also returns the
/// offset at which `to` starts.
fn edited(from: &str, to: &str) -> (String, usize, Vec<J>) {
    let (text, at) = replace_once(&huayllay(), from, to);
    let ds = lint_text("estudio.yaml", &text);
    (text, at, ds)
}

/// The edited study must give exactly one diagnostic, an S002; returns it.
fn one_s002(from: &str, to: &str) -> (String, usize, J) {
    let (text, at, ds) = edited(from, to);
    assert_eq!(
        ds.len(),
        1,
        "one edit, one diagnostic:\n{:#?}",
        ds.iter()
            .map(|d| (&d.code, &d.pointer, d.start, &d.message))
            .collect::<Vec<_>>()
    );
    assert_eq!(ds[0].code, "S002");
    (text, at, ds[0].clone())
}

/// Checks that `d` covers exactly `len` bytes starting at `offset` of `text`.
fn assert_span(text: &str, d: &J, offset: usize, len: usize) {
    let b = text.as_bytes();
    assert_eq!(d.start, pos(b, offset), "start of {}", d.pointer);
    assert_eq!(d.end, pos(b, offset + len), "end of {}", d.pointer);
}

fn at(line: usize, column: usize, offset: usize) -> Pos {
    Pos {
        line,
        column,
        offset,
    }
}

// ---------------------------------------------------------------- wrong type

#[test]
fn number_written_as_a_string_points_at_the_value() {
    let (text, at, d) = one_s002("horizon_years: 10", "horizon_years: \"10\"");
    assert_eq!(d.pointer, "/formulation/horizon_years");
    assert_span(&text, &d, at + "horizon_years: ".len(), "\"10\"".len());
    assert!(
        d.message
            .starts_with("expected an integer number, found a string \"10\""),
        "{}",
        d.message
    );
    assert_eq!(d.help.as_deref(), Some("write the number without quotes"));
}

#[test]
fn string_where_a_number_goes_points_at_the_value() {
    let (text, at, d) = one_s002(
        "ground_resistance_ohm: 4.2",
        "ground_resistance_ohm: cuatro ohmios",
    );
    assert_eq!(
        d.pointer,
        "/formulation/requirements/electrical/ground_resistance_ohm"
    );
    assert_span(
        &text,
        &d,
        at + "ground_resistance_ohm: ".len(),
        "cuatro ohmios".len(),
    );
    assert!(
        d.message.starts_with("expected a number, found a string"),
        "{}",
        d.message
    );
    assert_eq!(d.help, None, "no quotes to remove here");
}

#[test]
fn number_where_a_string_goes_points_at_the_value() {
    let (text, at, d) = one_s002("ubigeo: \"190104\"", "ubigeo: 190104");
    assert_eq!(d.pointer, "/general/location/ubigeo");
    assert_span(&text, &d, at + "ubigeo: ".len(), "190104".len());
    assert!(
        d.message
            .starts_with("expected a string, found a number 190104"),
        "{}",
        d.message
    );
    assert_eq!(d.help.as_deref(), Some("quote the value"));
}

#[test]
fn wrong_type_literal_positions() {
    let text = "pip_study: \"1\"\nformulation:\n  horizon_years: \"10\"\n";
    let ds = lint_text("t.yaml", text);
    let d = ds
        .iter()
        .find(|d| d.pointer == "/formulation/horizon_years")
        .expect("S002 at the value");
    assert_eq!(d.code, "S002");
    assert_eq!(d.start, at(3, 18, 45));
    assert_eq!(d.end, at(3, 22, 49));
}

#[test]
fn number_in_a_string_enum_is_one_diagnostic() {
    let (_, _, d) = one_s002("    area: urban", "    area: 5");
    assert_eq!(d.pointer, "/general/location/area");
}

#[test]
fn unquoted_format_version_is_one_diagnostic() {
    let (_, _, d) = one_s002("pip_study: \"1\"", "pip_study: 1");
    assert_eq!(d.pointer, "/pip_study");
}

// ---------------------------------------------------------------- enum

#[test]
fn enum_value_not_allowed_with_did_you_mean() {
    let (text, at, d) = one_s002("    area: urban", "    area: urbano");
    assert_eq!(d.pointer, "/general/location/area");
    assert_span(&text, &d, at + "    area: ".len(), "urbano".len());
    assert!(
        d.message
            .starts_with("\"urbano\" is not an allowed value; use one of: urban, rural"),
        "{}",
        d.message
    );
    assert_eq!(d.help.as_deref(), Some("did you mean `urban`?"));
}

#[test]
fn enum_category_typo() {
    let (text, at, ds) = edited("category: centro_de_salud", "category: centro_de_salu");
    let d = the_one(&ds, "S002");
    assert_eq!(d.pointer, "/general/facility/category");
    assert_span(&text, d, at + "category: ".len(), "centro_de_salu".len());
    assert_eq!(d.help.as_deref(), Some("did you mean `centro_de_salud`?"));
}

#[test]
fn invalid_category_does_not_cascade_into_rules() {
    let (_, _, d) = one_s002("category: centro_de_salud", "category: centro_de_salu");
    assert_eq!(d.pointer, "/general/facility/category");
}

#[test]
fn enum_value_far_from_any_option_has_no_suggestion() {
    let (_, _, d) = one_s002("    area: urban", "    area: costa");
    assert_eq!(d.help, None, "{d:#?}");
}

#[test]
fn enum_literal_position() {
    let text = "pip_study: \"1\"\ngeneral:\n  location:\n    area: urbano\n";
    let ds = lint_text("t.yaml", text);
    let d = ds
        .iter()
        .find(|d| d.pointer == "/general/location/area")
        .expect("S002 at the value");
    assert_eq!(d.start, at(4, 11, 46));
    assert_eq!(d.end, at(4, 17, 52));
    assert_eq!(d.help.as_deref(), Some("did you mean `urban`?"));
}

// ---------------------------------------------------------------- pattern

#[test]
fn ubigeo_with_five_digits() {
    let (text, at, d) = one_s002("ubigeo: \"190104\"", "ubigeo: \"19010\"");
    assert_eq!(d.pointer, "/general/location/ubigeo");
    assert_span(&text, &d, at + "ubigeo: ".len(), "\"19010\"".len());
    assert!(
        d.message.starts_with(
            "\"19010\" does not have the expected format: 6 INEI digits in quotes: department 01–25, province and district from 01"
        ),
        "{}",
        d.message
    );
}

#[test]
fn renipress_wrong() {
    let (text, at, d) = one_s002("renipress: \"00000714\"", "renipress: \"0000714\"");
    assert_eq!(d.pointer, "/general/facility/renipress");
    assert_span(&text, &d, at + "renipress: ".len(), "\"0000714\"".len());
    assert!(
        d.message
            .contains("8 digits in quotes, with the leading zeros"),
        "{}",
        d.message
    );
}

#[test]
fn ubigeo_of_no_district_is_refused() {
    // Six digits, but department 00 or district 00 is no INEI district.
    for bad in ["000000", "050000", "260101"] {
        let (_, _, d) = one_s002("ubigeo: \"190104\"", &format!("ubigeo: \"{bad}\""));
        assert_eq!(d.pointer, "/general/location/ubigeo", "{bad}");
    }
}

#[test]
fn a_date_gets_one_diagnostic_in_words() {
    let (_, _, d) = one_s002("date: \"2024-03-15\"", "date: \"15/03/2024\"");
    assert!(
        d.message
            .starts_with("\"15/03/2024\" is not a valid date (YYYY-MM-DD)"),
        "{}",
        d.message
    );
}

#[test]
fn cie10_like_a_procedure_code() {
    // The first morbidity entry, `J00`.
    let (text, at, d) = one_s002("cie10: \"J00\"", "cie10: \"99209.02\"");
    assert_eq!(d.pointer, "/identification/diagnosis/morbidity/0/cie10");
    assert_span(&text, &d, at + "cie10: ".len(), "\"99209.02\"".len());
    assert!(
        d.message
            .starts_with("\"99209.02\" does not have the expected format"),
        "{}",
        d.message
    );
}

#[test]
fn cie10_unquoted_is_a_number() {
    let (text, at, d) = one_s002("cie10: \"J00\"", "cie10: 99209.02");
    assert_eq!(d.pointer, "/identification/diagnosis/morbidity/0/cie10");
    assert_span(&text, &d, at + "cie10: ".len(), "99209.02".len());
    assert!(
        d.message.starts_with("expected a string, found a number"),
        "{}",
        d.message
    );
}

// ---------------------------------------------------------------- unknown key

#[test]
fn unknown_key_points_at_the_key_with_a_suggestion() {
    let (text, at, d) = one_s002("    altitude_m: 4310", "    altitud_m: 4310");
    assert_eq!(d.pointer, "/general/location/altitud_m");
    assert_span(&text, &d, at + 4, "altitud_m".len());
    assert_eq!(d.message, "unknown key `altitud_m` in `/general/location`");
    assert_eq!(d.help.as_deref(), Some("did you mean `altitude_m`?"));
}

#[test]
fn unknown_key_typo_of_a_required_key() {
    let (text, at, ds) = edited("  horizon_years: 10", "  horizon_yaers: 10");
    let d = ds
        .iter()
        .find(|d| d.pointer == "/formulation/horizon_yaers")
        .expect("an S002 for the unknown key");
    assert_eq!(d.code, "S002");
    assert_span(&text, d, at + 2, "horizon_yaers".len());
    assert_eq!(d.help.as_deref(), Some("did you mean `horizon_years`?"));
}

#[test]
fn typo_of_a_required_key_is_one_diagnostic() {
    let (_, _, d) = one_s002("  horizon_years: 10", "  horizon_yaers: 10");
    assert_eq!(d.pointer, "/formulation/horizon_yaers");
}

#[test]
fn unknown_key_far_from_any_lists_the_allowed_keys() {
    let (_, _, d) = one_s002("    altitude_m: 4310", "    observaciones: ninguna");
    assert_eq!(d.help, None);
    let notes = d.raw["notes"].as_array().expect("notes");
    assert!(
        notes.iter().any(|n| {
            let n = n.as_str().unwrap();
            n.starts_with("keys allowed here: ")
                && n.contains("altitude_m")
                && n.contains("department")
        }),
        "{notes:?}"
    );
}

#[test]
fn unknown_key_literal_position() {
    let text = "pip_study: \"1\"\nformulation:\n  horizon_yaers: 10\n";
    let ds = lint_text("t.yaml", text);
    let d = ds
        .iter()
        .find(|d| d.pointer == "/formulation/horizon_yaers")
        .expect("S002 at the key");
    assert_eq!(d.start, at(3, 3, 30));
    assert_eq!(d.end, at(3, 16, 43));
}

// ---------------------------------------------------------------- missing key

#[test]
fn missing_required_key_points_at_the_parent_key() {
    let (text, _) = replace_once(&huayllay(), "    district: Huayllay\n", "");
    let ds = lint_text("estudio.yaml", &text);
    let d = the_one(&ds, "S002");
    assert_eq!(ds.len(), 1, "{ds:#?}");
    assert_eq!(d.pointer, "/general/location");
    let key = text.find("  location:\n").unwrap() + 2;
    assert_span(&text, d, key, "location".len());
    assert!(
        d.message
            .starts_with("missing required key `district` (Distrito, §1.1)"),
        "{}",
        d.message
    );
}

#[test]
fn missing_required_section_is_one_diagnostic() {
    // Remove the whole `commitments` block of `general` (required, with
    // required keys inside): one problem, one diagnostic at `general`.
    let study = huayllay();
    let start = study.find("  commitments:\n").unwrap();
    let end = study.find("  beneficiary_participation:\n").unwrap();
    let text = format!("{}{}", &study[..start], &study[end..]);
    let ds = lint_text("estudio.yaml", &text);
    assert_eq!(ds.len(), 1, "{ds:#?}");
    let d = &ds[0];
    assert_eq!(d.code, "S002");
    assert_eq!(d.pointer, "/general");
    assert_span(&text, d, text.find("general:").unwrap(), "general".len());
    assert!(d.message.contains("`commitments`"), "{}", d.message);
}

#[test]
fn missing_key_at_the_root() {
    let (text, _) = replace_once(&huayllay(), "pip_study: \"1\"\n", "");
    let ds = lint_text("estudio.yaml", &text);
    assert_eq!(ds.len(), 1, "{ds:#?}");
    let d = &ds[0];
    assert_eq!(d.code, "S002");
    assert_eq!(d.pointer, "");
    // The root has no key: its first line (`general:`, after the comments).
    let first_key = text.find("general:").unwrap();
    assert_eq!(d.start, pos(text.as_bytes(), first_key));
    assert!(d.message.contains("`pip_study`"), "{}", d.message);
}

#[test]
fn missing_keys_literal_positions() {
    let text = "pip_study: \"1\"\ngeneral:\n  location:\n    department: Pasco\n";
    let ds = lint_text("t.yaml", text);
    let mut missing: Vec<&str> = Vec::new();
    for d in ds.iter().filter(|d| d.pointer == "/general/location") {
        assert_eq!(d.code, "S002");
        assert_eq!(d.start, at(3, 3, 26), "{}", d.message);
        assert_eq!(d.end, at(3, 11, 34), "{}", d.message);
        let key = d.message.split('`').nth(1).unwrap();
        missing.push(key);
    }
    missing.sort_unstable();
    assert_eq!(
        missing,
        ["area", "district", "province", "region", "ubigeo"]
    );
}

#[test]
fn several_independent_problems_give_one_diagnostic_each() {
    let study = huayllay();
    let (study, _) = replace_once(&study, "horizon_years: 10", "horizon_years: \"10\"");
    let (study, _) = replace_once(&study, "    area: urban", "    area: urbano");
    let (study, _) = replace_once(&study, "    altitude_m: 4310", "    altitud_m: 4310");
    let ds = lint_text("estudio.yaml", &study);
    let pointers: Vec<&str> = ds.iter().map(|d| d.pointer.as_str()).collect();
    // In file order.
    assert_eq!(
        pointers,
        [
            "/general/location/area",
            "/general/location/altitud_m",
            "/formulation/horizon_years"
        ],
        "{ds:#?}"
    );
    assert!(ds.iter().all(|d| d.code == "S002"));
}

/// (code, message) of each S002 of the bundled study edited, in Spanish.
fn s002_es(from: &str, to: &str) -> Vec<String> {
    let (text, _) = replace_once(&huayllay(), from, to);
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "e.yaml", &text);
    let out = run_in(
        dir.path(),
        &[
            "--no-config",
            "--lang",
            "es",
            "--format",
            "json",
            "--select",
            "S002",
            "e.yaml",
        ],
    );
    let doc = json_output(&out);
    doc["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| d["message"].as_str().unwrap().to_string())
        .collect()
}

#[test]
fn schema_messages_in_spanish_read_as_spanish() {
    let m = s002_es("altitude_m: 4310", "altitude_m:");
    assert!(m[0].contains("pero el valor está vacío (null)"), "{m:?}");
    let m = s002_es("altitude_m: 4310", "altitude_m: [1]");
    assert!(m[0].contains("pero hay una lista [1 elemento]"), "{m:?}");
    let m = s002_es("years: [2021, 2022, 2023]", "years: [2021]");
    assert!(
        m.iter()
            .any(|x| x.starts_with("la lista tiene 1 elemento; se requieren al menos 2")),
        "{m:?}"
    );
    let m = s002_es("date: \"2024-03-15\"", "date: \"15/03/2024\"");
    assert!(
        m.iter()
            .any(|x| x.contains("«15/03/2024» no es una fecha válida (AAAA-MM-DD)")),
        "{m:?}"
    );
}

#[test]
fn numbers_written_with_their_unit_get_a_help_with_the_figure() {
    for (written, figure) in [("4310 msnm", "4310"), ("4310.5 m", "4310.5")] {
        let (_, _, d) = one_s002("altitude_m: 4310", &format!("altitude_m: {written}"));
        assert_eq!(
            d.help.as_deref(),
            Some(
                format!(
                    "write the figure alone, without «%» or units: {figure} (the key says the unit)"
                )
                .as_str()
            ),
            "{written}"
        );
    }
    // A text that is not one number and a unit gets no such help.
    let (_, _, d) = one_s002("altitude_m: 4310", "altitude_m: entre 4300 y 4320");
    assert_eq!(d.help, None);
}

#[test]
fn numbers_written_with_separators_get_a_help_with_the_number() {
    let (_, _, d) = one_s002("altitude_m: 4310", "altitude_m: 4,310.5");
    assert!(
        d.message
            .starts_with("expected a number, found a string \"4,310.5\""),
        "{}",
        d.message
    );
    assert_eq!(
        d.help.as_deref(),
        Some("write 4310.5: a decimal point, no thousands separator, no quotes")
    );
}

#[test]
fn a_comma_that_split_a_number_in_braces_is_named_and_its_mapping_left_alone() {
    // `{year: 1, reference: 10,883}` reads as reference 10 and a key `883`.
    let (text, at) = replace_once(
        &huayllay(),
        "- {year: 1, reference: 10883}",
        "- {year: 1, reference: 10,883}",
    );
    let ds = lint_text("e.yaml", &text);
    assert_eq!(ds.len(), 1, "{ds:#?}");
    let d = &ds[0];
    assert_eq!(
        (d.code.as_str(), d.pointer.as_str()),
        ("S002", "/formulation/population/projection/0/883")
    );
    assert_eq!(d.start.offset, at + "- {year: 1, reference: 10,".len());
    assert!(
        d.help
            .as_deref()
            .unwrap_or_default()
            .starts_with("a number with a thousands separator?"),
        "{d:?}"
    );
}

#[test]
fn a_digit_key_outside_braces_is_a_plain_unknown_key() {
    // A block key `123: x` is no split number: the rules still run on the mapping.
    let text = huayllay().replacen("horizon_years: 10", "horizon_years: 8", 1) + "123: x\n";
    let ds = lint_text("e.yaml", &text);
    let codes: Vec<&str> = ds.iter().map(|d| d.code.as_str()).collect();
    assert!(codes.contains(&"F001"), "{codes:?}");
    let s002 = ds.iter().find(|d| d.code == "S002").unwrap();
    assert_eq!(s002.pointer, "/123");
    assert!(s002.help.is_none(), "{s002:?}");
    // A decimal comma inside braces is named as one.
    let (text, _) = replace_once(
        &huayllay(),
        "- {year: 1, reference: 10883}",
        "- {year: 1, reference: 10883,5}",
    );
    let ds = lint_text("e.yaml", &text);
    assert_eq!(ds.len(), 1, "{ds:#?}");
    assert!(
        ds[0]
            .help
            .as_deref()
            .unwrap_or_default()
            .starts_with("a number with a decimal comma?"),
        "{:?}",
        ds[0]
    );
}

#[test]
fn an_older_snip_code_is_a_code() {
    // SNIP codes were sequential: the older ones have fewer than 6 digits.
    let (_, _, ds) = edited("cui: \"2561847\"", "cui: \"45678\"");
    assert!(ds.is_empty(), "{ds:#?}");
    for bad in ["0012345", "12345678", "25-61847"] {
        let (_, _, d) = one_s002("cui: \"2561847\"", &format!("cui: \"{bad}\""));
        assert_eq!(d.pointer, "/general/cui", "{bad}");
    }
}

#[test]
fn a_missing_renipress_is_g005s_warning_not_a_schema_error() {
    // The guide does not name the registry (G005 says why it is a warning):
    // the schema does not require the code, so the study is not rejected.
    let text = huayllay();
    let line = text
        .lines()
        .find(|l| l.trim_start().starts_with("renipress:"))
        .unwrap();
    let text = text.replacen(&format!("{line}\n"), "", 1);
    let ds = lint_text("e.yaml", &text);
    let seen: Vec<(&str, &str, &str)> = ds
        .iter()
        .map(|d| {
            let severity = d.raw["severity"].as_str().unwrap_or_default();
            (d.code.as_str(), d.pointer.as_str(), severity)
        })
        .collect();
    assert_eq!(seen, [("G005", "/general/facility", "warning")]);
}

#[test]
fn data_the_guide_allows_is_not_a_schema_error() {
    // Each edit is something a study that follows the guide may do; none is
    // an S002 (other rules may still have their say).
    for (from, to, why) in [
        (
            "      - cie10: \"J00\"",
            "      - cie10: \"J00-J06\"",
            "a group of causes by its range of codes (§2.1.ii: «puede ser presentada» by CIE-10)",
        ),
        (
            "mechanisms: [encuestas, entrevistas, reuniones]",
            "mechanisms: [encuestas, otros]",
            "another mechanism (§1.3 ends its list with «etc.»)",
        ),
        (
            "      document: Acta de reunión de trabajo (anexo 4)\n",
            "",
            "an agreement still to be reached has no document (§1.3: «alcanzados o por alcanzar»)",
        ),
        (
            "        age_years: 14\n",
            "",
            "an item's age is not among what §3.3.1.iii asks for",
        ),
        (
            "        effective_population: 2450\n        concentration: 2.2\n        effective_attentions: 5390\n",
            "        effective_attentions: 5390\n",
            "an intermediate service's demand comes from the final services' (§3.5), with no population or concentration of its own",
        ),
        (
            "      date: \"2024-02-12\"\n",
            "",
            "§1.3 asks for the O&M commitment's document, not its date",
        ),
        (
            "      commitment: Participar en la vigilancia de la obra y en la difusión de los nuevos servicios\n",
            "",
            "a stakeholder may have a role and no commitment (§1.3)",
        ),
        (
            "status: reformulado",
            "status: viable",
            "a study the OPI declared viable",
        ),
        (
            "    real_needs: 8455\n",
            "    real_needs: 8455.2\n",
            "a population after a percentage (§3.2.2: 10 840 × 78 %) need not be rounded",
        ),
        (
            "        effective_attentions: 5390\n",
            "        effective_attentions: 5390.4\n",
            "attentions are population × concentration (§3.2.8), decimals included",
        ),
        (
            "      travel_time_hours: 0.2\n      class: directa\n",
            "      travel_time_hours: 0.2\n",
            "§3.1.5's classes are for rural areas, and this study is urban",
        ),
    ] {
        let (_, _, ds) = edited(from, to);
        let s002: Vec<_> = ds.iter().filter(|d| d.code == "S002").collect();
        assert!(s002.is_empty(), "{why}: {s002:#?}");
    }
}

#[test]
fn a_network_is_located_by_its_administrative_limits() {
    // §3.1.3: a red or microrred's area is its administrative limits: no
    // district or district UBIGEO; a facility still needs both.
    let andarapa = read("fixtures/studies/microrred-andarapa.yaml");
    let (no_district, _) = replace_once(
        &andarapa,
        "    district: Andarapa\n    # INEI: 03 Apurímac, 02 Andahuaylas, 02 Andarapa.\n    ubigeo: \"030202\"\n",
        "",
    );
    let s002 = |text: &str| -> Vec<(String, String)> {
        let mut v: Vec<_> = lint_text("e.yaml", text)
            .into_iter()
            .filter(|d| d.code == "S002")
            .map(|d| {
                (
                    d.pointer,
                    d.message.split('`').nth(1).unwrap_or("").to_string(),
                )
            })
            .collect();
        v.sort();
        v
    };
    assert_eq!(s002(&no_district), Vec::new());
    let as_facility = no_district.replacen("category: microrred", "category: centro_de_salud", 1);
    assert_ne!(as_facility, no_district);
    assert_eq!(
        s002(&as_facility),
        [
            ("/general/location".to_string(), "district".to_string()),
            ("/general/location".to_string(), "ubigeo".to_string())
        ]
    );
}

#[test]
fn access_classes_are_required_in_rural_areas_only() {
    // §3.1.5 gives the classes «en zona rural»: a rural study states them.
    let acos = read("fixtures/studies/puesto-de-salud-acos-vinchos.yaml");
    let (text, _) = replace_once(
        &acos,
        "      travel_time_hours: 0.25\n      class: directa\n",
        "      travel_time_hours: 0.25\n",
    );
    let s002: Vec<_> = lint_text("e.yaml", &text)
        .into_iter()
        .filter(|d| d.code == "S002")
        .map(|d| (d.pointer, d.message))
        .collect();
    assert_eq!(s002.len(), 1, "{s002:#?}");
    assert_eq!(s002[0].0, "/formulation/accessibility/0");
    assert!(s002[0].1.contains("`class`"), "{}", s002[0].1);
}

#[test]
fn population_and_concentration_go_together() {
    // A service may leave both out (F015 asks a final service for them), not one.
    let (_, _, ds) = edited("        concentration: 2.2\n", "");
    let s002: Vec<_> = ds.iter().filter(|d| d.code == "S002").collect();
    assert_eq!(s002.len(), 1, "{s002:#?}");
    assert_eq!(s002[0].pointer, "/formulation/demand/services/4");
    assert!(
        s002[0].message.contains("`concentration`"),
        "{}",
        s002[0].message
    );
}

/// The keys S002 says are missing in `parent` of a partial study of the given
/// nature whose `formulation` is `formulation` (indented by two spaces).
fn missing_keys(nature: &str, formulation: &str, parent: &str) -> Vec<String> {
    let text =
        format!("pip_study: \"1\"\ngeneral: {{nature: {nature}}}\nformulation:\n{formulation}");
    let mut keys: Vec<String> = lint_text("e.yaml", &text)
        .into_iter()
        .filter(|d| d.code == "S002" && d.pointer == parent)
        .filter_map(|d| d.message.split('`').nth(1).map(str::to_string))
        .collect();
    keys.sort();
    keys
}

#[test]
fn a_new_facility_has_no_current_offer_to_describe() {
    // §3.5: «Si el proyecto es nuevo…»: no staff, rooms, equipment,
    // management or medicines today; an existing one must describe them.
    let offer_keys = |nature: &str| {
        missing_keys(
            nature,
            "  offer:\n    services: [{service: consulta_medica, optimized_attentions: 0}]\n",
            "/formulation/offer",
        )
    };
    assert_eq!(offer_keys("creacion"), Vec::<String>::new());
    assert_eq!(
        offer_keys("mejoramiento"),
        [
            "equipment",
            "human_resources",
            "management",
            "medicines",
            "physical_resources"
        ]
    );
}

#[test]
fn only_a_project_that_builds_must_state_its_building_requirements() {
    // §3.5: «los componentes que puede tener un Estudio»: an equipment
    // replacement has no land, architecture, electrical or water programme;
    // a creation or an extension must state them.
    let missing = |nature: &str| {
        missing_keys(
            nature,
            "  requirements:\n    human_resources: []\n",
            "/formulation/requirements",
        )
    };
    assert_eq!(missing("reposicion"), Vec::<String>::new());
    assert_eq!(missing("mejoramiento"), Vec::<String>::new());
    for builds in ["creacion", "ampliacion", "ampliacion_y_mejoramiento"] {
        assert_eq!(
            missing(builds),
            ["architecture", "electrical", "land", "water_sewage"],
            "{builds}"
        );
    }
}

#[test]
fn one_alternative_is_for_i026_to_judge_not_the_schema() {
    // §2.8: «tantos proyectos posibles como medios fundamentales
    // imprescindibles mutuamente excluyentes haya»: with none, one may do.
    let text = "pip_study: \"1\"\nidentification:\n  alternatives:\n    - {id: ALT1, name: Única, actions: [A1]}\n\
evaluation:\n  alternatives:\n    - {id: ALT1, investment_soles: 1, flows: [], vacs_soles: 1, effectiveness: 1, ce_ratio: 1}\n";
    let ds = lint_text("e.yaml", text);
    let on_lists: Vec<_> = ds
        .iter()
        .filter(|d| d.code == "S002" && d.pointer.ends_with("/alternatives"))
        .collect();
    assert!(on_lists.is_empty(), "{on_lists:#?}");
    assert!(
        ds.iter().any(|d| d.code == "S002"),
        "the partial study still has its other gaps"
    );
}

#[test]
fn a_conditionally_required_key_is_named_with_its_title() {
    // `infrastructure` is required by an `if`/`then` at the root (an existing
    // facility's current infrastructure): its title comes from the object
    // that describes it, `formulation`.
    let text = huayllay().replacen("\n  infrastructure:", "\n  infraestructura_actual:", 1);
    let ds = lint_text("e.yaml", &text);
    let d = ds
        .iter()
        .find(|d| d.code == "S002" && d.message.starts_with("missing required key"))
        .unwrap_or_else(|| panic!("{ds:#?}"));
    assert!(
        d.message.starts_with(
            "missing required key `infrastructure` (Infraestructura existente, §3.3.1.ii)"
        ),
        "{}",
        d.message
    );
}
