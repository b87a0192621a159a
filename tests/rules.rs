//! The built-in rules against their fixtures (fixtures/rules/<CODE>/), the
//! same harness `pip-lint test-rules` runs, and the bundled studies.

use std::path::Path;

use pip_lint::i18n::Lang;
use pip_lint::lint::{self, Options};
use pip_lint::rules::load;
use pip_lint::testing;

#[test]
fn every_builtin_rule_passes_its_fixtures() {
    let rules = load::builtin(Lang::En).expect("built-in rules load");
    let outcome = testing::run(&rules, Path::new("fixtures/rules"), Lang::En);
    let failures: Vec<String> = outcome
        .cases
        .iter()
        .filter(|c| !c.ok())
        .map(|c| format!("{} {}\n    {}", c.rule, c.path, c.problems.join("\n    ")))
        .collect();
    assert!(
        failures.is_empty(),
        "{} failing case(s):\n{}",
        failures.len(),
        failures.join("\n")
    );
    // Each rule has at least one firing and one quiet case (the harness reports a rule without them).
    assert!(outcome.cases.len() >= 2 * rules.rules.len());
}

#[test]
fn embedded_rules_are_exactly_the_rules_directory() {
    let mut on_disk: Vec<String> = std::fs::read_dir("rules")
        .unwrap()
        .map(|e| format!("rules/{}", e.unwrap().file_name().to_string_lossy()))
        .filter(|n| n.ends_with(".yaml") || n.ends_with(".yml"))
        .collect();
    on_disk.sort();
    let embedded: Vec<String> = load::BUILTIN_RULES
        .iter()
        .map(|(n, _)| n.to_string())
        .collect();
    assert_eq!(embedded, on_disk);
    for (name, text) in load::BUILTIN_RULES {
        assert_eq!(
            std::fs::read_to_string(name).unwrap(),
            *text,
            "{name} is stale in the binary"
        );
    }
}

#[test]
fn rule_files_are_named_after_their_rule() {
    let rules = load::builtin(Lang::En).unwrap();
    for r in &rules.rules {
        assert_eq!(r.origin, format!("rules/{}-{}.yaml", r.code, r.name));
        assert!(!r.explanation.es.trim().is_empty() && !r.explanation.en.trim().is_empty());
    }
    let codes: Vec<&str> = rules.rules.iter().map(|r| r.code.as_str()).collect();
    for fixed in ["G001", "G002", "I001", "F001", "F002", "F003", "F004"] {
        assert!(codes.contains(&fixed), "contract code {fixed} is missing");
    }
}

#[test]
fn bundled_studies_lint_cleanly_in_both_languages() {
    let rules = load::builtin(Lang::Es).unwrap();
    for lang in [Lang::Es, Lang::En] {
        let options = Options {
            lang,
            ..Options::default()
        };
        let report = lint::run(
            &[Path::new("fixtures/studies").to_path_buf()],
            &rules,
            &options,
            None,
        );
        assert_eq!(report.files.len(), 3);
        assert!(report.errors.is_empty());
        let all: Vec<String> = report
            .files
            .iter()
            .flat_map(|f| {
                f.diagnostics
                    .iter()
                    .map(move |d| format!("{}: {} {}", f.source.name, d.code, d.message))
            })
            .collect();
        assert!(all.is_empty(), "{all:#?}");
    }
}

#[test]
fn every_builtin_regex_compiles() {
    // Built-in rules compile their regexes on first use; make sure none is
    // too large to compile (which would make its check never run).
    let rules = load::builtin(Lang::En).unwrap();
    let regexes = rules.regexes();
    assert!(!regexes.is_empty());
    for re in regexes {
        assert!(re.compiles(), "does not compile: {}", re.as_str());
    }
}

#[test]
fn precompiled_rules_equal_what_the_loader_reads() {
    use pip_lint::source::Source;
    use pip_lint::yaml::{Limits, load as load_yaml};
    assert_eq!(load::BUILTIN_RULES.len(), load::BUILTIN_RULES_JSON.len());
    for ((name, text), json) in load::BUILTIN_RULES.iter().zip(load::BUILTIN_RULES_JSON) {
        assert!(!json.is_empty(), "{name} was not precompiled by build.rs");
        let source = Source::from_text(*name, *text);
        let from_yaml = load_yaml(&source, &Limits::default(), Lang::En)
            .document
            .expect("valid rule")
            .value;
        let from_json: serde_json::Value = serde_json::from_str(json).unwrap();
        assert_eq!(
            from_yaml, from_json,
            "{name}: build-time JSON differs from the YAML loader"
        );
    }
}

#[test]
fn every_builtin_rule_follows_the_rule_schema() {
    // A normal run trusts the built-in rules (no schema validation, regexes
    // compiled on first use). Loading them as a user's rules does it all:
    // parameters substituted, the rule schema checked, every regex compiled.
    use pip_lint::source::Source;
    let sources = load::BUILTIN_RULES
        .iter()
        .map(|(name, text)| Source::from_text(*name, *text))
        .collect();
    if let Err(errors) = load::from_sources(sources, Lang::En) {
        let all: Vec<String> = errors
            .iter()
            .flat_map(|e| {
                e.diagnostics
                    .iter()
                    .map(move |d| format!("{}: {}", e.source.name, d.message))
            })
            .collect();
        panic!("{}", all.join("\n"));
    }
}

#[test]
fn no_builtin_selector_compiles_a_regex_per_study() {
    // serde_json_path's match() and search() compile their regex at every
    // evaluation (they were ~45 % of the lint time); rules use `when:
    // {matches}` / `not_matches` or `pattern`, compiled once, instead.
    for (name, text) in load::BUILTIN_RULES {
        for (n, line) in text.lines().enumerate() {
            let code = line.split('#').next().unwrap_or_default();
            assert!(
                !code.contains("match(") && !code.contains("search("),
                "{name}:{}: {line}",
                n + 1
            );
        }
    }
}

#[test]
fn a_lookups_keys_read_as_words_in_spanish() {
    use crate::common::{run_in, stdout};
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
    let out = run_in(
        dir,
        &[
            "--no-config",
            "--lang",
            "es",
            "--format",
            "concise",
            "--select",
            "F002",
            "fixtures/rules/F002/fire-hospital-de-apoyo-disperso-60000.yaml",
        ],
    );
    let text = stdout(&out);
    assert!(
        text.contains("para la categoría «hospital de apoyo», la población «dispersa» la guía establece 20001–50000"),
        "{text}"
    );
}

/// INEI's department codes (the first two digits of every UBIGEO), written
/// here independently of G004's table, as a formulator writes the names.
const DEPARTMENTS: [(&str, &str); 25] = [
    ("Amazonas", "01"),
    ("Áncash", "02"),
    ("Apurímac", "03"),
    ("Arequipa", "04"),
    ("Ayacucho", "05"),
    ("Cajamarca", "06"),
    ("Callao", "07"),
    ("Cusco", "08"),
    ("Huancavelica", "09"),
    ("Huánuco", "10"),
    ("Ica", "11"),
    ("Junín", "12"),
    ("La Libertad", "13"),
    ("Lambayeque", "14"),
    ("Lima", "15"),
    ("Loreto", "16"),
    ("Madre de Dios", "17"),
    ("Moquegua", "18"),
    ("Pasco", "19"),
    ("Piura", "20"),
    ("Puno", "21"),
    ("San Martín", "22"),
    ("Tacna", "23"),
    ("Tumbes", "24"),
    ("Ucayali", "25"),
];

#[test]
fn g004_knows_every_departments_code() {
    use crate::common::{huayllay, lint_text};
    for (i, (name, code)) in DEPARTMENTS.iter().enumerate() {
        let study = |ubigeo: &str| {
            huayllay()
                .replacen("department: Pasco", &format!("department: {name}"), 1)
                .replacen("ubigeo: \"190104\"", &format!("ubigeo: \"{ubigeo}\""), 1)
        };
        let g004 = |text: &str| -> Vec<(String, usize, usize)> {
            lint_text("e.yaml", text)
                .into_iter()
                .filter(|d| d.code == "G004")
                .map(|d| (d.pointer, d.start.line, d.start.column))
                .collect()
        };
        let right = study(&format!("{code}0101"));
        assert_eq!(g004(&right), [], "{name} with {code}0101");
        // Another department's code: G004 at the UBIGEO's value.
        let other = DEPARTMENTS[(i + 1) % DEPARTMENTS.len()].1;
        let wrong = study(&format!("{other}0101"));
        let line = wrong[..wrong.find(&format!("\"{other}0101\"")).unwrap()]
            .matches('\n')
            .count()
            + 1;
        assert_eq!(
            g004(&wrong),
            [("/general/location/ubigeo".to_string(), line, 13)],
            "{name} with {other}0101"
        );
    }
}
