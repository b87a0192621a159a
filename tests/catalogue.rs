//! The criteria catalogue stays in step with the rules and the committed
//! coverage documents (docs/criteria.md, docs/criterios.md).

use pip_lint::catalogue;
use pip_lint::i18n::Lang;
use pip_lint::rules::load;

#[test]
fn catalogue_and_rules_agree() {
    let chapters = catalogue::builtin().expect("the catalogue parses");
    let rules = load::builtin(Lang::En).expect("rules load");
    let problems = catalogue::problems(&chapters, &rules);
    assert!(problems.is_empty(), "{}", problems.join("\n"));
    let letters: Vec<&str> = chapters.iter().map(|c| c.chapter.as_str()).collect();
    assert_eq!(
        letters,
        ["G", "I", "F", "E", "R"],
        "one file per chapter, in the guide's order"
    );
}

#[test]
fn coverage_documents_are_generated_from_the_catalogue() {
    let chapters = catalogue::builtin().unwrap();
    let rules = load::builtin(Lang::En).unwrap();
    for (path, lang, command) in [
        ("docs/criteria.md", Lang::En, "pip-lint criteria"),
        ("docs/criterios.md", Lang::Es, "pip-lint criteria --lang es"),
    ] {
        let generated = catalogue::markdown(&chapters, &rules, lang);
        let committed = std::fs::read_to_string(path).unwrap_or_default();
        assert!(
            committed == generated,
            "{path} is stale: regenerate it with `cargo run -- {} > {path}`",
            &command["pip-lint ".len()..]
        );
    }
}
