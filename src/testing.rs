//! The rule-fixture harness behind `pip-lint test-rules DIR` and the
//! project's own tests.
//!
//! Every rule has a folder `<fixtures>/<CODE>/` of cases. A case is a YAML
//! file, or a folder of YAML files linted together (for cross-file rules;
//! a `known-names.txt` in it is used as `--known-names`). Its name starts
//! with `fire` (the rule must report exactly the expected diagnostics) or
//! `quiet` (the rule must report nothing). Expectations are comment lines:
//!
//! ```yaml
//! # expect: F001 /formulation/horizon_years 4:18
//! # expect: F004 warning /formulation/requirements/electrical/ground_resistance_ohm 9:28
//! ```
//!
//! code, optional severity, JSON Pointer (`""` for the root), line:column
//! (1-based, column in characters). Only the rule's own diagnostics count.

use std::path::{Path, PathBuf};

use crate::diagnostic::Severity;
use crate::i18n::Lang;
use crate::lint::{self, Options};
use crate::rules::{KnownNames, RuleSet};
use crate::source::Source;

/// One expected (or actual) diagnostic.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct Expectation {
    pub file: String,
    pub code: String,
    pub severity: Option<Severity>,
    pub pointer: String,
    pub line: usize,
    pub column: usize,
}

impl std::fmt::Display for Expectation {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let sev = self
            .severity
            .map(|s| format!(" {}", s.as_str()))
            .unwrap_or_default();
        let ptr = if self.pointer.is_empty() {
            "\"\""
        } else {
            &self.pointer
        };
        write!(
            f,
            "{}{sev} {ptr} {}:{} ({})",
            self.code, self.line, self.column, self.file
        )
    }
}

/// The result of one case.
#[derive(Debug)]
pub struct CaseResult {
    pub rule: String,
    pub path: String,
    pub problems: Vec<String>,
}

impl CaseResult {
    pub fn ok(&self) -> bool {
        self.problems.is_empty()
    }
}

/// All cases of a run.
#[derive(Debug, Default)]
pub struct Outcome {
    pub cases: Vec<CaseResult>,
}

impl Outcome {
    pub fn passed(&self) -> usize {
        self.cases.iter().filter(|c| c.ok()).count()
    }

    pub fn failed(&self) -> usize {
        self.cases.len() - self.passed()
    }
}

/// Parses the `# expect:` lines of a fixture.
pub fn expectations(file: &str, text: &str) -> Result<Vec<Expectation>, String> {
    let mut out = Vec::new();
    for (n, line) in text.lines().enumerate() {
        let Some(rest) = line.trim_start().strip_prefix("# expect:") else {
            continue;
        };
        let tokens: Vec<&str> = rest.split_whitespace().collect();
        let bad = || {
            format!(
                "{file}:{}: expected `# expect: CODE|NAME [severity] POINTER LINE:COLUMN`",
                n + 1
            )
        };
        if tokens.len() < 3 {
            return Err(bad());
        }
        let code = tokens[0].to_string();
        let (severity, ptr_tokens) = match Severity::parse(tokens[1]) {
            Some(s) => (Some(s), &tokens[2..tokens.len() - 1]),
            None => (None, &tokens[1..tokens.len() - 1]),
        };
        let mut pointer = ptr_tokens.join(" ");
        if pointer == "\"\"" {
            pointer.clear();
        }
        let (l, c) = tokens[tokens.len() - 1].split_once(':').ok_or_else(bad)?;
        let line = l.parse().map_err(|_| bad())?;
        let column = c.parse().map_err(|_| bad())?;
        out.push(Expectation {
            file: file.to_string(),
            code,
            severity,
            pointer,
            line,
            column,
        });
    }
    Ok(out)
}

fn yaml_files(dir: &Path) -> std::io::Result<Vec<PathBuf>> {
    let mut v: Vec<PathBuf> = std::fs::read_dir(dir)?
        .filter_map(Result::ok)
        .map(|e| e.path())
        .filter(|p| p.is_file() && crate::walk::has_yaml_extension(p))
        .collect();
    v.sort();
    Ok(v)
}

/// Runs every rule of `rules` against its cases under `fixtures`.
pub fn run(rules: &RuleSet, fixtures: &Path, lang: Lang) -> Outcome {
    let mut outcome = Outcome::default();
    let options = Options {
        lang,
        threads: Some(1),
        ..Options::default()
    };
    for rule in &rules.rules {
        let dir = fixtures.join(&rule.code);
        let mut entries: Vec<PathBuf> = match std::fs::read_dir(&dir) {
            Ok(rd) => rd.filter_map(Result::ok).map(|e| e.path()).collect(),
            Err(_) => Vec::new(),
        };
        entries.sort();
        let cases: Vec<PathBuf> = entries
            .into_iter()
            .filter(|p| p.is_dir() || crate::walk::has_yaml_extension(p))
            .collect();
        let kinds = |prefix: &str| {
            cases
                .iter()
                .filter(|p| {
                    p.file_name()
                        .and_then(|n| n.to_str())
                        .is_some_and(|n| n.starts_with(prefix))
                })
                .count()
        };
        if kinds("fire") == 0 || kinds("quiet") == 0 {
            outcome.cases.push(CaseResult {
                rule: rule.code.clone(),
                path: dir.display().to_string(),
                problems: vec![format!(
                    "every rule needs at least one `fire*` and one `quiet*` case in {} (found {} and {})",
                    dir.display(),
                    kinds("fire"),
                    kinds("quiet")
                )],
            });
        }
        for case in cases {
            outcome
                .cases
                .push(run_case(rules, &rule.code, &case, &options));
        }
    }
    outcome
}

fn run_case(rules: &RuleSet, code: &str, case: &Path, options: &Options) -> CaseResult {
    let path = case.display().to_string();
    let mut result = CaseResult {
        rule: code.to_string(),
        path: path.clone(),
        problems: Vec::new(),
    };
    let files = if case.is_dir() {
        match yaml_files(case) {
            Ok(f) => f,
            Err(e) => {
                result.problems.push(e.to_string());
                return result;
            }
        }
    } else {
        vec![case.to_path_buf()]
    };
    let fire = case
        .file_name()
        .and_then(|n| n.to_str())
        .is_some_and(|n| n.starts_with("fire"));
    let mut sources = Vec::new();
    let mut expected = Vec::new();
    for f in &files {
        let name = f.display().to_string();
        match std::fs::read(f) {
            Ok(bytes) => {
                let source = Source::from_bytes(name.clone(), f, bytes);
                match expectations(&name, &source.text) {
                    Ok(e) => expected.extend(e),
                    Err(e) => result.problems.push(e),
                }
                sources.push(source);
            }
            Err(e) => result.problems.push(format!("{name}: {e}")),
        }
    }
    // A rule may be named by its code or its kebab-case name, as everywhere.
    for e in &mut expected {
        if let Some(r) = rules.get(&e.code) {
            e.code = r.code.clone();
        } else if let Some((c, _)) = crate::rules::DOCUMENT_CODES
            .iter()
            .find(|(c, n)| c.eq_ignore_ascii_case(&e.code) || *n == e.code)
        {
            e.code = c.to_string();
        }
    }
    if fire && expected.iter().all(|e| e.code != code) {
        result.problems.push(format!(
            "a `fire` case must expect at least one {code} diagnostic"
        ));
    }
    // An expectation for another rule is never checked here: a typo would pass.
    for e in expected.iter().filter(|e| e.code != code) {
        result.problems.push(format!(
            "expects {} ({e}), but this case tests {code}: an expectation for another rule is never checked",
            e.code
        ));
    }
    if !fire && !expected.is_empty() {
        result
            .problems
            .push("a `quiet` case must not expect diagnostics".to_string());
    }
    let known = case
        .is_dir()
        .then(|| case.join("known-names.txt"))
        .filter(|p| p.is_file())
        .and_then(|p| {
            std::fs::read(&p)
                .ok()
                .map(|b| KnownNames::parse(Source::from_bytes(p.display().to_string(), &p, b)))
        });
    // For a quiet case, each file's document and where its data is withheld,
    // to tell a rule that judged the case from one that never saw its data.
    let judged: Vec<_> = if fire {
        Vec::new()
    } else {
        sources
            .iter()
            .map(|s| {
                let document = crate::yaml::load(s, &options.limits, options.lang).document;
                // Invalid values only: a case is a partial study, and the
                // keys it leaves out are not what its rule reads.
                let unusable = document.as_ref().map_or_else(Vec::new, |d| {
                    let mut u = crate::report::unusable_data(d, s, options.lang);
                    u.retain(|(p, _)| d.value.pointer(p).is_some());
                    u
                });
                (s.name.clone(), document, unusable)
            })
            .collect()
    };
    let report = lint::run_sources(sources, rules, options, known.as_ref());
    for e in &report.errors {
        result.problems.push(format!("{}: {}", e.path, e.message));
    }
    // A case that does not parse is never seen by the rule: a quiet one
    // would pass for nothing.
    for f in &report.files {
        if let Some(d) = f
            .diagnostics
            .iter()
            .find(|d| d.code == crate::yaml::CODE && code != crate::yaml::CODE)
        {
            let p = f.source.position(d.range.start);
            result.problems.push(format!(
                "{}:{}:{}: the case does not parse ({}), so {code} never sees it",
                f.source.name, p.line, p.column, d.message
            ));
        }
    }
    // A quiet case whose data the schema withholds from the rule passes for
    // nothing: the report would call the criterion "not verified".
    if let Some(rule) = rules.rules.iter().find(|r| r.code == code) {
        for f in &report.files {
            let Some((_, document, unusable)) =
                judged.iter().find(|(name, ..)| *name == f.source.name)
            else {
                continue;
            };
            let all = |_: &crate::rules::Rule| true;
            let input = crate::report::Input {
                file: f,
                document: document.as_ref(),
                rules: &RuleSet::default(),
                chapters: &[],
                active: &all,
                unusable,
                names_known: true,
                lang: options.lang,
            };
            if let crate::report::Status::NotVerified(why) =
                crate::report::rule_status_of(rule, &input)
            {
                result.problems.push(format!(
                    "{}: quiet only because {code} could not judge it: {}",
                    f.source.name,
                    why.join("; ")
                ));
            }
        }
    }
    let mut actual = Vec::new();
    for f in &report.files {
        for d in f.diagnostics.iter().filter(|d| d.code == code) {
            let p = f.source.position(d.range.start);
            let e = Expectation {
                file: f.source.name.clone(),
                code: d.code.clone(),
                severity: Some(d.severity),
                pointer: d.pointer.clone(),
                line: p.line,
                column: p.column,
            };
            actual.push((e, d.message.clone()));
        }
    }
    // Match each expectation with an actual diagnostic (severity only when stated).
    let mut unmatched: Vec<Option<(Expectation, String)>> = actual.into_iter().map(Some).collect();
    for e in expected.iter().filter(|e| e.code == code) {
        let hit = unmatched.iter_mut().find(|a| {
            a.as_ref().is_some_and(|(a, _)| {
                a.file == e.file
                    && a.pointer == e.pointer
                    && a.line == e.line
                    && a.column == e.column
                    && e.severity.is_none_or(|s| Some(s) == a.severity)
            })
        });
        match hit {
            Some(slot) => *slot = None,
            None => result
                .problems
                .push(format!("expected but not reported: {e}")),
        }
    }
    for (a, msg) in unmatched.into_iter().flatten() {
        result
            .problems
            .push(format!("reported but not expected: {a}: {msg}"));
    }
    result
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_expectations() {
        let text = "# expect: F004 warning /a/b 9:28\n# expect: G001 \"\" 1:1\nx: 1\n";
        let e = expectations("t.yaml", text).unwrap();
        assert_eq!(e.len(), 2);
        assert_eq!(e[0].severity, Some(Severity::Warning));
        assert_eq!(
            (e[0].pointer.as_str(), e[0].line, e[0].column),
            ("/a/b", 9, 28)
        );
        assert_eq!(e[1].pointer, "");
        assert!(expectations("t.yaml", "# expect: F001 /x\n").is_err());
    }
}
