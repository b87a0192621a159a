//! Running the pipeline over a set of files: read → parse with spans →
//! schema → rules → diagnostics, in parallel, in a stable order. A rule that
//! the selection or a per-file ignore leaves out is not run; the selection,
//! per-file ignores and the studies' own suppressions are then applied to the
//! diagnostics last, once the cross-file findings (G001) are known too.

use std::io::Read;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use rayon::prelude::*;

use crate::config::Config;
use crate::diagnostic::{self, Diagnostic};
use crate::i18n::Lang;
use crate::render::{FileReport, Report, RunError};
use crate::rules::{CrossFact, KnownNames, RuleSet, is_selected, selector_matches};
use crate::schema::Schema;
use crate::source::Source;
use crate::suppress::{self, Suppression};
use crate::walk;
use crate::yaml::{self, Limits};

/// How to lint.
#[derive(Debug, Clone, Default)]
pub struct Options {
    pub lang: Lang,
    pub limits: Limits,
    /// Worker threads (all cores when `None`).
    pub threads: Option<usize>,
    /// `--select` (empty: every rule) and `--ignore`, as codes, prefixes or names.
    pub select: Vec<String>,
    pub ignore: Vec<String>,
    /// The configuration (per-file ignores, include/exclude).
    pub config: Option<Arc<Config>>,
    /// Named files that are not studies are skipped too, as in a folder.
    pub skip_non_studies: bool,
}

/// What linting one file gives, before the run-wide steps.
#[derive(Debug, Default)]
pub struct Linted {
    pub diagnostics: Vec<Diagnostic>,
    pub cross: Vec<CrossFact>,
    pub suppressions: Vec<Suppression>,
    /// Rules that panicked on this file: (code, what the panic said).
    pub panics: Vec<(String, String)>,
    /// What `--ignore` and the configuration's per-file ignores leave out of this file.
    pub ignore: Vec<String>,
    /// The file gave no document: neither the schema nor the rules saw it.
    pub unread: bool,
}

/// Lints one source: its S001, S002, S003 and rule diagnostics, the facts it
/// contributes to cross-file rules, and its suppressions (not yet applied).
pub fn lint_source(source: &Source, rules: &RuleSet, options: &Options) -> Linted {
    let loaded = yaml::load(source, &options.limits, options.lang);
    let mut out = Linted {
        diagnostics: loaded.diagnostics,
        ignore: file_ignores(source, options),
        unread: loaded.document.is_none(),
        ..Linted::default()
    };
    if let Some(document) = &loaded.document {
        let checked = Schema::study().validate(document, source, options.lang);
        // What the template left to fill in (S005) is no data of the study.
        let (placeholders, unfilled) = crate::placeholder::find(document, source, options.lang);
        // A value S001 already reported (a `.nan` kept as null), or a
        // placeholder, is not a schema problem too.
        let reported = |p: &str| {
            document
                .rejected
                .iter()
                .chain(&unfilled)
                .any(|r| crate::rules::functions::is_under(p, r))
        };
        out.diagnostics.extend(
            checked
                .diagnostics
                .into_iter()
                .filter(|d| !reported(&d.pointer)),
        );
        out.diagnostics.extend(placeholders);
        let mut rejected = document.rejected.clone();
        rejected.extend(checked.rejected);
        rejected.extend(unfilled);
        // Rules that no finding of this file could come from are not run:
        // those outside `--select`/`--ignore`, and those the configuration
        // ignores for this file, unless other files' findings rest on their
        // facts (a cross-file rule counts this file's names either way).
        let outcome = rules.check_only(document, source, options.lang, &rejected, |r| {
            is_selected(&r.code, &r.name, &options.select, &options.ignore)
                && (r.is_cross_file() || is_selected(&r.code, &r.name, &[], &out.ignore))
        });
        out.diagnostics.extend(outcome.diagnostics);
        out.cross = outcome.cross;
        out.panics = outcome.panics;
        let (sups, malformed) = suppress::collect(document, source, options.lang);
        out.diagnostics.extend(malformed);
        out.suppressions = sups;
    }
    out
}

/// What `--ignore` and the configuration's per-file ignores leave out of one file.
fn file_ignores(source: &Source, options: &Options) -> Vec<String> {
    let mut ignore = options.ignore.clone();
    if let Some(config) = &options.config {
        ignore.extend(config.ignored_for(&source.path));
    }
    ignore
}

/// Selection, per-file ignores and suppressions for one file, once every
/// finding of the run is known; then the stable order.
fn settle(
    mut diagnostics: Vec<Diagnostic>,
    mut sups: Vec<Suppression>,
    ignore: &[String],
    rules: &RuleSet,
    options: &Options,
) -> Vec<Diagnostic> {
    let active = |code: &str, name: &str| is_selected(code, name, &options.select, ignore);
    diagnostics.retain(|d| active(&d.code, &d.name));
    suppress::apply(&mut diagnostics, &mut sups);
    let rule_active = |c: &str| {
        rules
            .rules
            .iter()
            .any(|r| selector_matches(c, &r.code, &r.name) && active(&r.code, &r.name))
            || (selector_matches(c, crate::schema::CODE, crate::schema::NAME)
                && active(crate::schema::CODE, crate::schema::NAME))
    };
    let known = |c: &str| {
        rules
            .rules
            .iter()
            .any(|r| selector_matches(c, &r.code, &r.name))
            || [
                (crate::yaml::CODE, crate::yaml::NAME),
                (crate::schema::CODE, crate::schema::NAME),
                (suppress::REASON_CODE, suppress::REASON_NAME),
                (suppress::UNUSED_CODE, suppress::UNUSED_NAME),
            ]
            .iter()
            .any(|(code, name)| selector_matches(c, code, name))
    };
    let unused = suppress::unused(&sups, rule_active, known, options.lang);
    diagnostics.extend(unused.into_iter().filter(|d| active(&d.code, &d.name)));
    diagnostic::sort(&mut diagnostics);
    diagnostics
}

/// Reads at most `limit + 1` bytes, so that a huge file costs no more than the limit.
pub fn read_capped(path: &Path, limit: u64) -> std::io::Result<Vec<u8>> {
    // Looked at before it is opened: opening a FIFO waits for a writer, and
    // a device may never end. A directory is left to `open`'s own error.
    let meta = std::fs::metadata(path)?;
    if !meta.is_file() && !meta.is_dir() {
        return Err(std::io::Error::other(crate::i18n::NotRegular));
    }
    let file = std::fs::File::open(path)?;
    // Sized from the file's length, so that a whole file comes in one read
    // plus the one that finds its end; `read_to_end` behind `take` knows no
    // length and reads a small probe and then 8 KiB, 16 KiB, ... chunks. The
    // buffer still grows if the file is longer than it said, never past the cap.
    let cap = limit.saturating_add(1);
    let hint = meta.len().min(cap);
    let mut bytes = vec![0; usize::try_from(hint).unwrap_or(0).saturating_add(1)];
    let mut len = 0;
    let mut file = file.take(cap);
    loop {
        if len == bytes.len() {
            bytes.resize(len.saturating_mul(2).max(8192), 0);
        }
        match file.read(&mut bytes[len..]) {
            Ok(0) => break,
            Ok(n) => len += n,
            Err(e) if e.kind() == std::io::ErrorKind::Interrupted => {}
            Err(e) => return Err(e),
        }
    }
    bytes.truncate(len);
    Ok(bytes)
}

enum Outcome {
    Skipped,
    // Boxed, so that an outcome is small whatever its variant.
    Linted(Source, Box<Linted>),
    Failed(RunError),
}

fn lint_candidate(c: &walk::Candidate, rules: &RuleSet, options: &Options) -> Outcome {
    if !c.explicit
        && options
            .config
            .as_ref()
            .is_some_and(|cfg| !cfg.wants(&c.path))
    {
        return Outcome::Skipped;
    }
    let name = display_name(&c.path);
    let bytes = match read_capped(&c.path, options.limits.max_file_bytes) {
        Ok(b) => b,
        Err(e) => {
            let link = c
                .path
                .symlink_metadata()
                .is_ok_and(|m| m.file_type().is_symlink());
            return Outcome::Failed(RunError {
                path: name,
                message: if link && e.kind() == std::io::ErrorKind::NotFound {
                    walk::broken_link_message(options.lang).to_string()
                } else if link && std::fs::metadata(&c.path).is_err() {
                    walk::looping_link_message(options.lang).to_string()
                } else {
                    crate::i18n::io_error(&e, options.lang)
                },
                rendered: None,
            });
        }
    };
    if (!c.explicit || options.skip_non_studies) && !walk::is_study(&bytes) {
        // `pip_study` written another way (an indented or flow root mapping,
        // a tag or an anchor on the key): the parse decides. Rare, so the
        // second parse costs nothing in a usual walk.
        if !walk::may_be_study(&bytes) {
            return Outcome::Skipped;
        }
        let source = Source::from_bytes(name, &c.path, bytes);
        // A study in another encoding is linted: S001 says how to save it.
        let encoded = source.utf8_error.is_some() || crate::yaml::looks_utf16(&source.text);
        if !encoded && !parses_as_study(&source, &options.limits, options.lang) {
            return Outcome::Skipped;
        }
        return lint_one(source, rules, options);
    }
    lint_one(Source::from_bytes(name, &c.path, bytes), rules, options)
}

/// Whether the bytes of a file are a study: a top-level `pip_study` key,
/// found by the line test or, when the file mentions `pip_study` otherwise,
/// by the parse. (Used before writing over a file: pip-lint never writes
/// to a study.)
pub fn holds_study(bytes: &[u8], limits: &Limits, lang: Lang) -> bool {
    if walk::is_study(bytes) {
        return true;
    }
    if !walk::may_be_study(bytes) {
        return false;
    }
    parses_as_study(&Source::from_bytes("", "", bytes.to_vec()), limits, lang)
}

/// Whether a source parses to a mapping with the key `pip_study`.
fn parses_as_study(source: &Source, limits: &Limits, lang: Lang) -> bool {
    crate::yaml::load(source, limits, lang)
        .document
        .is_some_and(|d| d.value.get("pip_study").is_some())
}

/// Lints a source that is already in memory (a file or standard input).
fn lint_one(source: Source, rules: &RuleSet, options: &Options) -> Outcome {
    let result = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
        lint_source(&source, rules, options)
    }));
    match result {
        Ok(linted) => {
            let (source, linted) = compact(source, linted);
            Outcome::Linted(source, Box::new(linted))
        }
        Err(panic) => {
            let what = crate::rules::panic_message(&*panic);
            Outcome::Failed(RunError {
                path: source.name.clone(),
                message: match options.lang {
                    Lang::Es => format!(
                        "error interno al revisar este archivo (por favor, repórtelo): {what}"
                    ),
                    Lang::En => {
                        format!("internal error while linting this file (please report it): {what}")
                    }
                },
                rendered: None,
            })
        }
    }
}

/// Keeps of a linted file only the lines its findings, cross-file facts and
/// waivers point at (the document and the rest of the text are dropped), so
/// that a run over many files holds their findings, not their texts.
fn compact(source: Source, mut linted: Linted) -> (Source, Linted) {
    let mut keep: Vec<std::ops::Range<usize>> = Vec::new();
    for d in &linted.diagnostics {
        keep.push(d.range.clone());
        keep.extend(
            d.related
                .iter()
                .filter(|r| r.file.is_none())
                .map(|r| r.range.clone()),
        );
    }
    keep.extend(linted.cross.iter().map(|f| f.range.clone()));
    keep.extend(linted.suppressions.iter().map(|s| s.comment.clone()));
    let small = source.compact(&keep);
    let tr = |r: &std::ops::Range<usize>| {
        source.translate(&small, r.start)..source.translate(&small, r.end)
    };
    for d in &mut linted.diagnostics {
        d.range = tr(&d.range);
        for r in d.related.iter_mut().filter(|r| r.file.is_none()) {
            r.range = tr(&r.range);
        }
    }
    for f in &mut linted.cross {
        f.range = tr(&f.range);
    }
    for s in &mut linted.suppressions {
        s.comment = tr(&s.comment);
    }
    (small, linted)
}

/// The name a file is shown by: the path as given, without a leading `./`.
pub fn display_name(path: &Path) -> String {
    // `a/./b.yaml` is `a/b.yaml` (`..` stays: through a link it may lead elsewhere).
    let clean: PathBuf = path
        .components()
        .filter(|c| !matches!(c, std::path::Component::CurDir))
        .collect();
    if clean.as_os_str().is_empty() {
        return path.display().to_string();
    }
    clean.display().to_string()
}

/// Lints every study under `paths`.
pub fn run(
    paths: &[PathBuf],
    rules: &RuleSet,
    options: &Options,
    known: Option<&KnownNames>,
) -> Report {
    let (candidates, errors) = walk::discover(paths, options.lang);
    let work = || -> Vec<Outcome> {
        candidates
            .par_iter()
            .with_max_len(8)
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
    finish(outcomes, errors, rules, options, known)
}

/// Lints in-memory sources (standard input, tests) like files.
pub fn run_sources(
    sources: Vec<Source>,
    rules: &RuleSet,
    options: &Options,
    known: Option<&KnownNames>,
) -> Report {
    let outcomes = sources
        .into_iter()
        .map(|s| lint_one(s, rules, options))
        .collect();
    finish(outcomes, Vec::new(), rules, options, known)
}

fn finish(
    outcomes: Vec<Outcome>,
    mut errors: Vec<RunError>,
    rules: &RuleSet,
    options: &Options,
    known: Option<&KnownNames>,
) -> Report {
    let mut files = Vec::new();
    for outcome in outcomes {
        match outcome {
            Outcome::Skipped => {}
            Outcome::Linted(source, mut linted) => {
                errors.extend(linted.panics.drain(..).map(|(code, what)| RunError {
                    path: source.name.clone(),
                    message: match options.lang {
                        Lang::Es => format!(
                            "error interno en la regla {code} (por favor, repórtelo); faltan sus hallazgos en este archivo, los de las demás reglas sí se informan: {what}"
                        ),
                        Lang::En => format!(
                            "internal error in rule {code} (please report it); its findings on this file are missing, the other rules' are reported: {what}"
                        ),
                    },
                    rendered: None,
                }));
                files.push((source, linted));
            }
            Outcome::Failed(e) => errors.push(e),
        }
    }
    let facts: Vec<(String, Vec<CrossFact>)> = files
        .iter_mut()
        .map(|(s, l)| (s.name.clone(), std::mem::take(&mut l.cross)))
        .collect();
    for (fi, d) in rules.cross(&facts, known, options.lang) {
        files[fi].1.diagnostics.push(d);
    }
    let mut files: Vec<FileReport> = files
        .into_iter()
        .map(|(source, linted)| {
            let diagnostics = settle(
                linted.diagnostics,
                linted.suppressions,
                &linted.ignore,
                rules,
                options,
            );
            FileReport {
                source,
                diagnostics,
                unread: linted.unread,
            }
        })
        .collect();
    files.sort_by(|a, b| a.source.name.cmp(&b.source.name));
    Report {
        files,
        errors,
        ..Report::default()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn display_names_drop_dot_segments_only() {
        for (given, shown) in [
            ("./a.yaml", "a.yaml"),
            ("estudios/./sub/x.yaml", "estudios/sub/x.yaml"),
            ("estudios/./sub/../x.yaml", "estudios/sub/../x.yaml"),
            ("/abs/./x.yaml", "/abs/x.yaml"),
            ("x.yaml", "x.yaml"),
        ] {
            assert_eq!(display_name(Path::new(given)), shown, "{given}");
        }
    }
    use crate::rules::PANIC_IN;

    fn huayllay_with(edits: &[(&str, &str)]) -> Source {
        let mut text = std::fs::read_to_string(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/fixtures/studies/centro-de-salud-huayllay.yaml"
        ))
        .unwrap();
        for (from, to) in edits {
            assert_eq!(text.matches(from).count(), 1, "{from}");
            text = text.replace(from, to);
        }
        Source::from_bytes("huayllay.yaml", "huayllay.yaml", text.into_bytes())
    }

    #[test]
    fn a_panicking_rule_is_reported_and_hides_nothing_else() {
        let rules = crate::rules::load::builtin(Lang::En).unwrap();
        let options = Options {
            lang: Lang::En,
            threads: Some(1),
            ..Options::default()
        };
        // F003 (construction 40 %) and F004 (9 Ω) both fire.
        let study = || {
            huayllay_with(&[
                ("construction_m2: 720.0", "construction_m2: 960.0"),
                ("ground_resistance_ohm: 4.2", "ground_resistance_ohm: 9"),
            ])
        };
        let codes = |r: &Report| -> Vec<String> {
            r.files[0]
                .diagnostics
                .iter()
                .map(|d| d.code.clone())
                .collect()
        };
        let healthy = run_sources(vec![study()], &rules, &options, None);
        assert!(healthy.errors.is_empty());
        let all = codes(&healthy);
        assert!(all.contains(&"F003".to_string()) && all.contains(&"F004".to_string()));

        PANIC_IN.with(|p| *p.borrow_mut() = Some("F003".to_string()));
        let hurt = run_sources(vec![study()], &rules, &options, None);
        PANIC_IN.with(|p| *p.borrow_mut() = None);
        // One run error, naming the rule and the file.
        assert_eq!(hurt.errors.len(), 1, "{:?}", hurt.errors);
        assert_eq!(hurt.errors[0].path, "huayllay.yaml");
        assert!(
            hurt.errors[0]
                .message
                .contains("internal error in rule F003")
                && hurt.errors[0].message.contains("injected panic in F003"),
            "{}",
            hurt.errors[0].message
        );
        // Every other finding is still there, in the same order; F003's are gone.
        let expected: Vec<String> = all.into_iter().filter(|c| c != "F003").collect();
        assert_eq!(codes(&hurt), expected);
    }

    #[test]
    fn rules_no_finding_could_come_from_are_not_run() {
        let rules = crate::rules::load::builtin(Lang::En).unwrap();
        let study = || huayllay_with(&[("ground_resistance_ohm: 4.2", "ground_resistance_ohm: 9")]);
        let config = crate::config::parse(
            Source::from_bytes(
                "pip-lint.toml",
                "pip-lint.toml",
                b"[per-file-ignores]\n\"huayllay.yaml\" = [\"F003\"]\n".to_vec(),
            ),
            Path::new("."),
            None,
            Lang::En,
        )
        .unwrap();
        // F003 would panic if it ran: it must not run when it is left out by
        // `--select`, by `--ignore` or by the file's own ignores.
        let ways = [
            (vec!["F004".to_string()], vec![], None),
            (vec![], vec!["F00".to_string(), "F004".to_string()], None),
            (vec![], vec![], Some(Arc::new(config))),
        ];
        for (select, ignore, config) in ways {
            let options = Options {
                lang: Lang::En,
                threads: Some(1),
                select: select.clone(),
                ignore: ignore.clone(),
                config,
                ..Options::default()
            };
            PANIC_IN.with(|p| *p.borrow_mut() = Some("F003".to_string()));
            let linted = lint_source(&study(), &rules, &options);
            PANIC_IN.with(|p| *p.borrow_mut() = None);
            assert!(
                linted.panics.is_empty(),
                "{select:?} {ignore:?}: {:?}",
                linted.panics
            );
            // The rules still selected did run: F004 (9 Ω) fires unless ignored.
            let f004 = linted.diagnostics.iter().any(|d| d.code == "F004");
            assert_eq!(
                f004,
                !ignore.contains(&"F004".to_string()),
                "{select:?} {ignore:?}"
            );
        }
        // Selected, it runs (and here panics).
        PANIC_IN.with(|p| *p.borrow_mut() = Some("F003".to_string()));
        let options = Options {
            select: vec!["F003".to_string()],
            ..Options::default()
        };
        let linted = lint_source(&study(), &rules, &options);
        PANIC_IN.with(|p| *p.borrow_mut() = None);
        assert_eq!(linted.panics.len(), 1, "{:?}", linted.panics);
        assert_eq!(linted.panics[0].0, "F003");
    }
}
