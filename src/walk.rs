//! Finding the study files to lint.
//!
//! A file named explicitly is always linted. In a directory, the YAML files
//! (`*.yaml`, `*.yml`) are candidates; `.gitignore` (and `.ignore`) files are
//! honoured, inside a git repository or not, and hidden files are skipped.
//! Symbolic links are followed: a broken one is reported (a run error, exit 2)
//! where a file would have been linted (a YAML name, not hidden, ignored or
//! excluded), and a loop is not entered (the files in it are reached by their own path).
//! A file reached twice (by a link and by its own path) is linted once.
//! Whether a candidate is a study (its top-level mapping has `pip_study`) is
//! decided by [`is_study`] once its bytes are read, so each file is read once.

use std::path::{Path, PathBuf};

use crate::i18n::{self, Lang};
use crate::render::RunError;

/// A file to read, and whether the user named it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Candidate {
    pub path: PathBuf,
    pub explicit: bool,
}

/// Expands paths into candidates in a stable order (each directory sorted by path).
pub fn discover(paths: &[PathBuf], lang: Lang) -> (Vec<Candidate>, Vec<RunError>) {
    let mut out = Vec::new();
    let mut errors = Vec::new();
    // Whether the walk went through a symbolic link (to a file or a directory).
    let mut linked = false;
    for path in paths {
        let display = path.display().to_string();
        match std::fs::metadata(path) {
            Ok(meta) if meta.is_dir() => {
                let mut found = Vec::new();
                let walker = ignore::WalkBuilder::new(path)
                    .require_git(false)
                    .follow_links(true)
                    .build();
                for entry in walker {
                    match entry {
                        Ok(e) => {
                            linked |= e.path_is_symlink();
                            if e.file_type().is_some_and(|t| t.is_file())
                                && has_yaml_extension(e.path())
                            {
                                found.push(Candidate {
                                    path: e.path().to_path_buf(),
                                    explicit: false,
                                });
                            }
                        }
                        Err(err) if is_loop(&err) => {}
                        // A broken link is an error only where a file would
                        // have been a candidate: a YAML name, not hidden, not
                        // ignored. It is then a candidate (the configuration's
                        // `exclude` may still leave it out) that fails to read.
                        Err(err) if broken_link(&err).is_some() => {
                            let link = broken_link(&err).unwrap_or_default();
                            if has_yaml_extension(&link) && !hidden_or_ignored(path, &link) {
                                found.push(Candidate {
                                    path: link,
                                    explicit: false,
                                });
                            }
                        }
                        Err(err) => errors.push(RunError {
                            path: error_path(&err).unwrap_or_else(|| display.clone()),
                            message: error_message(&err, lang),
                            rendered: None,
                        }),
                    }
                }
                found.sort_by(|a, b| a.path.cmp(&b.path));
                out.extend(found);
            }
            Ok(_) => out.push(Candidate {
                path: path.clone(),
                explicit: true,
            }),
            Err(err) => errors.push(RunError {
                path: display,
                message: i18n::io_error(&err, lang),
                rendered: None,
            }),
        }
    }
    // The same file named twice (or named and found in a directory, or reached
    // by a link) is linted once, under the first name it was found by. One
    // path walked without a link cannot name a file twice, and resolving
    // every name (a system call per part of the path) is then skipped: it
    // was half of the walk's time.
    if paths.len() == 1 && !linked {
        return (out, errors);
    }
    let mut seen = std::collections::HashSet::new();
    out.retain(|c| seen.insert(std::fs::canonicalize(&c.path).unwrap_or_else(|_| c.path.clone())));
    (out, errors)
}

/// The innermost error of a walk, without the path and depth wrappers.
fn inner(err: &ignore::Error) -> &ignore::Error {
    match err {
        ignore::Error::WithPath { err, .. }
        | ignore::Error::WithDepth { err, .. }
        | ignore::Error::WithLineNumber { err, .. } => inner(err),
        other => other,
    }
}

fn is_loop(err: &ignore::Error) -> bool {
    matches!(inner(err), ignore::Error::Loop { .. })
}

/// The path of a broken symbolic link the walk met, if that is the error:
/// a link whose target does not exist, or that leads back to itself
/// (`a -> b -> a`: "too many levels of symbolic links").
fn broken_link(err: &ignore::Error) -> Option<PathBuf> {
    let ignore::Error::Io(_) = inner(err) else {
        return None;
    };
    let path = PathBuf::from(error_path(err)?);
    let link = path
        .symlink_metadata()
        .is_ok_and(|m| m.file_type().is_symlink());
    (link && std::fs::metadata(&path).is_err()).then_some(path)
}

/// Whether the walk from `root` would have skipped `path` had it been a
/// file: a hidden part below `root`, or an `.ignore`/`.gitignore` of its
/// folders (the deepest that has a say decides) that ignores it.
fn hidden_or_ignored(root: &Path, path: &Path) -> bool {
    let below = path.strip_prefix(root).unwrap_or(path);
    let hidden = below.components().any(
        |c| matches!(c, std::path::Component::Normal(n) if n.to_string_lossy().starts_with('.')),
    );
    if hidden {
        return true;
    }
    let Ok(abs) = std::path::absolute(path) else {
        return false;
    };
    for dir in abs.ancestors().skip(1) {
        for name in [".ignore", ".gitignore"] {
            let file = dir.join(name);
            if !file.is_file() {
                continue;
            }
            let (rules, _) = ignore::gitignore::Gitignore::new(&file);
            match rules.matched_path_or_any_parents(&abs, false) {
                ignore::Match::Ignore(_) => return true,
                ignore::Match::Whitelist(_) => return false,
                ignore::Match::None => {}
            }
        }
    }
    false
}

/// The file an error is about, when the walk says.
fn error_path(err: &ignore::Error) -> Option<String> {
    match err {
        ignore::Error::WithPath { path, .. } => Some(path.display().to_string()),
        ignore::Error::WithDepth { err, .. } | ignore::Error::WithLineNumber { err, .. } => {
            error_path(err)
        }
        _ => None,
    }
}

/// The error without its path (the path is reported on its own).
fn error_message(err: &ignore::Error, lang: Lang) -> String {
    match inner(err) {
        ignore::Error::Io(e) if e.kind() == std::io::ErrorKind::NotFound => {
            broken_link_message(lang).to_string()
        }
        ignore::Error::Io(e) => i18n::io_error(e, lang),
        e => e.to_string(),
    }
}

pub fn looping_link_message(lang: Lang) -> &'static str {
    lang.pick(
        "un enlace simbólico que vuelve sobre sí mismo (demasiados niveles de enlaces)",
        "a symbolic link that leads back to itself (too many levels of links)",
    )
}

pub fn broken_link_message(lang: Lang) -> &'static str {
    lang.pick(
        "un enlace simbólico roto (su destino no existe)",
        "a broken symbolic link (its target does not exist)",
    )
}

/// `*.yaml` or `*.yml`, in any case (`ESTUDIO.YAML` from a Windows machine).
pub fn has_yaml_extension(path: &Path) -> bool {
    path.extension()
        .and_then(|e| e.to_str())
        .is_some_and(|e| e.eq_ignore_ascii_case("yaml") || e.eq_ignore_ascii_case("yml"))
}

/// Whether the text contains `pip_study` at all: a file that does not is no
/// study; one that does but fails [`is_study`] is parsed to decide.
pub fn may_be_study(bytes: &[u8]) -> bool {
    memchr::memmem::find(bytes, b"pip_study").is_some()
        // In UTF-16, little- or big-endian: linted, S001 says how to save it.
        || memchr::memmem::find(bytes, b"p\0i\0p\0_\0s\0t\0u\0d\0y").is_some()
}

/// Whether the text has `pip_study` as a key of its top-level block mapping:
/// a line that starts at column 0 with `pip_study:` (optionally quoted).
/// Cheap on purpose: the file is parsed properly only when it is a study
/// (or when [`may_be_study`] leaves the question to the parse).
pub fn is_study(bytes: &[u8]) -> bool {
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    bytes.split(|b| *b == b'\n' || *b == b'\r').any(|line| {
        let rest = line
            .strip_prefix(b"pip_study")
            .or_else(|| line.strip_prefix(b"\"pip_study\""))
            .or_else(|| line.strip_prefix(b"'pip_study'"));
        match rest {
            Some(rest) => {
                let rest = rest.trim_ascii_start();
                rest.first() == Some(&b':')
            }
            None => false,
        }
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn recognises_studies() {
        assert!(is_study(b"pip_study: \"1\"\ngeneral: {}\n"));
        assert!(is_study(b"# c\n\"pip_study\" : '1'\n"));
        assert!(is_study(b"\xEF\xBB\xBFpip_study: '1'\n"));
        assert!(!is_study(b"on: push\njobs: {}\n"));
        assert!(!is_study(b"x:\n  pip_study: 1\n"));
        assert!(!is_study(b"pip_study_old: 1\n"));
    }

    /// One directory walked: every file once, in path order; a directory
    /// reached twice through a link still gives each file once, under its
    /// first name.
    #[cfg(unix)]
    #[test]
    fn one_walk_names_each_file_once() {
        let dir = tempfile::tempdir().unwrap();
        let d = dir.path();
        for f in ["a/x.yaml", "a/y.yml", "c/z.yaml"] {
            let path = d.join(f);
            std::fs::create_dir_all(path.parent().unwrap()).unwrap();
            std::fs::write(path, "pip_study: '1'\n").unwrap();
        }
        let names = |found: Vec<Candidate>| -> Vec<String> {
            found
                .iter()
                .map(|c| c.path.strip_prefix(d).unwrap().display().to_string())
                .collect()
        };
        let (found, errors) = discover(&[d.to_path_buf()], Lang::En);
        assert!(errors.is_empty());
        assert_eq!(names(found), ["a/x.yaml", "a/y.yml", "c/z.yaml"]);
        std::os::unix::fs::symlink(d.join("a"), d.join("b")).unwrap();
        let (found, errors) = discover(&[d.to_path_buf()], Lang::En);
        assert!(errors.is_empty());
        assert_eq!(names(found), ["a/x.yaml", "a/y.yml", "c/z.yaml"]);
        // A link that leads back to itself is a broken link: skipped under a
        // name that is not YAML, a candidate (that fails to read) under one that is.
        std::os::unix::fs::symlink(d.join("bucle"), d.join("bucle")).unwrap();
        let (found, errors) = discover(&[d.to_path_buf()], Lang::En);
        assert!(errors.is_empty(), "{errors:?}");
        assert_eq!(names(found), ["a/x.yaml", "a/y.yml", "c/z.yaml"]);
        std::os::unix::fs::symlink(d.join("bucle.yaml"), d.join("bucle.yaml")).unwrap();
        let (found, errors) = discover(&[d.to_path_buf()], Lang::En);
        assert!(errors.is_empty(), "{errors:?}");
        assert_eq!(
            names(found),
            ["a/x.yaml", "a/y.yml", "bucle.yaml", "c/z.yaml"]
        );
    }
}
