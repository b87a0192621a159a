//! Running the pipeline over a set of files: read → parse with spans →
//! schema → rules → diagnostics, in parallel, in a stable order.

use std::io::Read;
use std::path::{Path, PathBuf};

use rayon::prelude::*;

use crate::diagnostic::{self, Diagnostic};
use crate::i18n::Lang;
use crate::render::{FileReport, Report, RunError};
use crate::rules::{CrossFact, KnownNames, RuleSet};
use crate::schema::Schema;
use crate::source::Source;
use crate::walk;
use crate::yaml::{self, Limits};

/// How to lint.
#[derive(Debug, Clone, Default)]
pub struct Options {
    pub lang: Lang,
    pub limits: Limits,
    /// Worker threads (all cores when `None`).
    pub threads: Option<usize>,
}

/// Lints one source: its S001, S002 and rule diagnostics (sorted), and the
/// facts it contributes to cross-file rules.
pub fn lint_source(
    source: &Source,
    rules: &RuleSet,
    options: &Options,
) -> (Vec<Diagnostic>, Vec<CrossFact>) {
    let loaded = yaml::load(source, &options.limits, options.lang);
    let mut diagnostics = loaded.diagnostics;
    let mut cross = Vec::new();
    if let Some(document) = loaded.document {
        let checked = Schema::study().validate(&document, source, options.lang);
        // A value S001 already reported (a `.nan` kept as null) is not a schema problem too.
        let reported = |p: &str| {
            document
                .rejected
                .iter()
                .any(|r| crate::rules::functions::is_under(p, r))
        };
        diagnostics.extend(
            checked
                .diagnostics
                .into_iter()
                .filter(|d| !reported(&d.pointer)),
        );
        let mut rejected = document.rejected.clone();
        rejected.extend(checked.rejected);
        let outcome = rules.check(&document, source, options.lang, &rejected);
        diagnostics.extend(outcome.diagnostics);
        cross = outcome.cross;
    }
    diagnostic::sort(&mut diagnostics);
    (diagnostics, cross)
}

/// Reads at most `limit + 1` bytes, so that a huge file costs no more than the limit.
pub fn read_capped(path: &Path, limit: u64) -> std::io::Result<Vec<u8>> {
    let file = std::fs::File::open(path)?;
    let mut bytes = Vec::new();
    file.take(limit.saturating_add(1)).read_to_end(&mut bytes)?;
    Ok(bytes)
}

enum Outcome {
    Skipped,
    Linted(FileReport, Vec<CrossFact>),
    Failed(RunError),
}

fn lint_candidate(c: &walk::Candidate, rules: &RuleSet, options: &Options) -> Outcome {
    let name = display_name(&c.path);
    let bytes = match read_capped(&c.path, options.limits.max_file_bytes) {
        Ok(b) => b,
        Err(e) => {
            return Outcome::Failed(RunError {
                path: name,
                message: e.to_string(),
                rendered: None,
            });
        }
    };
    if !c.explicit && !walk::is_study(&bytes) {
        return Outcome::Skipped;
    }
    let source = Source::from_bytes(name.clone(), &c.path, bytes);
    lint_one(source, rules, options)
}

/// Lints a source that is already in memory (a file or standard input).
fn lint_one(source: Source, rules: &RuleSet, options: &Options) -> Outcome {
    let result = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
        lint_source(&source, rules, options)
    }));
    match result {
        Ok((diagnostics, cross)) => Outcome::Linted(
            FileReport {
                source,
                diagnostics,
            },
            cross,
        ),
        Err(panic) => {
            let what = panic
                .downcast_ref::<&str>()
                .map(|s| s.to_string())
                .or_else(|| panic.downcast_ref::<String>().cloned())
                .unwrap_or_default();
            Outcome::Failed(RunError {
                path: source.name.clone(),
                message: format!(
                    "internal error while linting this file (please report it): {what}"
                ),
                rendered: None,
            })
        }
    }
}

/// The name a file is shown by: the path as given, without a leading `./`.
pub fn display_name(path: &Path) -> String {
    let s = path.display().to_string();
    s.strip_prefix("./").map(str::to_string).unwrap_or(s)
}

/// Lints every study under `paths`.
pub fn run(
    paths: &[PathBuf],
    rules: &RuleSet,
    options: &Options,
    known: Option<&KnownNames>,
) -> Report {
    let (candidates, mut errors) = walk::discover(paths);
    let work = || -> Vec<Outcome> {
        candidates
            .par_iter()
            .map(|c| lint_candidate(c, rules, options))
            .collect()
    };
    let outcomes = match options.threads {
        Some(n) => match rayon::ThreadPoolBuilder::new()
            .num_threads(n.max(1))
            .build()
        {
            Ok(pool) => pool.install(work),
            Err(_) => work(),
        },
        None => work(),
    };
    let mut files = Vec::new();
    let mut facts = Vec::new();
    for outcome in outcomes {
        match outcome {
            Outcome::Skipped => {}
            Outcome::Linted(report, cross) => {
                facts.push((report.source.name.clone(), cross));
                files.push(report);
            }
            Outcome::Failed(e) => errors.push(e),
        }
    }
    finish(files, facts, errors, rules, options, known)
}

/// Lints in-memory sources (standard input, tests) like files.
pub fn run_sources(
    sources: Vec<Source>,
    rules: &RuleSet,
    options: &Options,
    known: Option<&KnownNames>,
) -> Report {
    let mut files = Vec::new();
    let mut facts = Vec::new();
    let mut errors = Vec::new();
    for source in sources {
        match lint_one(source, rules, options) {
            Outcome::Linted(report, cross) => {
                facts.push((report.source.name.clone(), cross));
                files.push(report);
            }
            Outcome::Failed(e) => errors.push(e),
            Outcome::Skipped => {}
        }
    }
    finish(files, facts, errors, rules, options, known)
}

fn finish(
    mut files: Vec<FileReport>,
    facts: Vec<(String, Vec<CrossFact>)>,
    errors: Vec<RunError>,
    rules: &RuleSet,
    options: &Options,
    known: Option<&KnownNames>,
) -> Report {
    for (fi, d) in rules.cross(&facts, known, options.lang) {
        files[fi].diagnostics.push(d);
    }
    for f in &mut files {
        diagnostic::sort(&mut f.diagnostics);
    }
    files.sort_by(|a, b| a.source.name.cmp(&b.source.name));
    Report { files, errors }
}
