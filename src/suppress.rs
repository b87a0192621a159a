//! Suppressions with a reason: a comment in the study waives one rule (or
//! several) at one node, and says why, so an evaluator can see it:
//!
//! ```yaml
//! land:  # pip-lint: allow F003 -- terreno donado con área fija, ver acta 12
//! ```
//!
//! A comment at the end of a line applies to the node on that line (the
//! outermost one); a comment on a line of its own applies to the next node.
//! It waives diagnostics of the named rules (codes, prefixes or names) at
//! that node or under it. Without a reason it waives nothing and is itself
//! an `S003` error; one that waives nothing is an `S004` warning (like
//! ruff's RUF100). Suppressed diagnostics are kept, marked with their
//! reason, for the formats that show them to auditors (JSON, SARIF).

use std::ops::Range;

use crate::diagnostic::{Diagnostic, Severity};
use crate::i18n::Lang;
use crate::rules::functions::is_under;
use crate::rules::selector_matches;
use crate::source::Source;
use crate::yaml::Document;

pub const REASON_CODE: &str = "S003";
pub const REASON_NAME: &str = "suppression-reason";
pub const UNUSED_CODE: &str = "S004";
pub const UNUSED_NAME: &str = "unused-suppression";

/// One `# pip-lint: allow …` comment.
#[derive(Debug, Clone)]
pub struct Suppression {
    pub codes: Vec<String>,
    pub reason: Option<String>,
    pub comment: Range<usize>,
    /// The node it applies to (none: it applies to nothing, and says so as S004).
    pub pointer: Option<String>,
    pub used: bool,
}

/// The rules a directive names, and its reason.
pub type Directive = (Vec<String>, Option<String>);

/// The directive of a comment's text (after `#`): codes and reason, or a
/// description of what is malformed.
pub fn parse_directive(text: &str) -> Option<Result<Directive, String>> {
    let rest = text.trim().strip_prefix("pip-lint:")?.trim();
    let Some(rest) = rest.strip_prefix("allow") else {
        return Some(Err(
            "expected `# pip-lint: allow CODE -- reason`".to_string()
        ));
    };
    let (codes, reason) = match rest.split_once("--") {
        Some((c, r)) => (c, Some(r.trim().to_string()).filter(|r| !r.is_empty())),
        None => (rest, None),
    };
    let codes: Vec<String> = codes
        .split([',', ' '])
        .filter(|c| !c.is_empty())
        .map(str::to_string)
        .collect();
    if codes.is_empty() {
        return Some(Err(
            "name the rule to allow: `# pip-lint: allow CODE -- reason`".to_string(),
        ));
    }
    Some(Ok((codes, reason)))
}

/// The node a comment applies to; none when no node starts on its line (a
/// trailing comment) or after it (a comment on a line of its own).
fn target(document: &Document, source: &Source, comment: &Range<usize>) -> Option<String> {
    let line_start = source.text[..comment.start]
        .rfind('\n')
        .map_or(0, |i| i + 1);
    let trailing = !source.text[line_start..comment.start].trim().is_empty();
    let start_of = |s: &crate::yaml::NodeSpan| s.key.as_ref().map_or(s.value.start, |k| k.start);
    let nodes = document.spans.all(&document.value);
    let best = if trailing {
        let line = source.position(comment.start).line;
        nodes
            .into_iter()
            .filter(|(_, s)| source.position(start_of(s)).line == line)
            .min_by_key(|(p, s)| (p.len(), start_of(s)))
    } else {
        nodes
            .into_iter()
            .filter(|(p, s)| start_of(s) >= comment.end && !p.is_empty())
            .min_by_key(|(p, s)| (start_of(s), p.len()))
    };
    best.map(|(p, _)| p)
}

/// Reads the suppressions of a document; malformed ones are diagnostics.
pub fn collect(
    document: &Document,
    source: &Source,
    lang: Lang,
) -> (Vec<Suppression>, Vec<Diagnostic>) {
    let mut sups = Vec::new();
    let mut diags = Vec::new();
    for c in &document.comments {
        match parse_directive(&c.text) {
            None => {}
            Some(Err(why)) => diags.push(Diagnostic::new(
                REASON_CODE,
                REASON_NAME,
                Severity::Error,
                "",
                c.range.clone(),
                match lang {
                    Lang::Es => format!("comentario de pip-lint mal formado: {why}"),
                    Lang::En => format!("malformed pip-lint comment: {why}"),
                },
            )),
            Some(Ok((codes, reason))) => {
                let pointer = target(document, source, &c.range);
                if reason.is_none() {
                    let list = codes.join(", ");
                    diags.push(
                        Diagnostic::new(
                            REASON_CODE,
                            REASON_NAME,
                            Severity::Error,
                            pointer.clone().unwrap_or_default(),
                            c.range.clone(),
                            match lang {
                                Lang::Es => format!("la excepción a {list} no dice por qué; el evaluador debe poder ver el motivo"),
                                Lang::En => format!("the waiver of {list} gives no reason; the evaluator must be able to see why"),
                            },
                        )
                        .with_help(match lang {
                            Lang::Es => format!("escriba `# pip-lint: allow {list} -- motivo`"),
                            Lang::En => format!("write `# pip-lint: allow {list} -- reason`"),
                        }),
                    );
                }
                sups.push(Suppression {
                    codes,
                    reason,
                    comment: c.range.clone(),
                    pointer,
                    used: false,
                });
            }
        }
    }
    (sups, diags)
}

/// Marks the diagnostics that suppressions with a reason waive.
pub fn apply(diagnostics: &mut [Diagnostic], sups: &mut [Suppression]) {
    for d in diagnostics
        .iter_mut()
        .filter(|d| d.code != crate::yaml::CODE)
    {
        for s in sups.iter_mut().filter(|s| s.reason.is_some()) {
            let Some(target) = &s.pointer else { continue };
            if s.codes
                .iter()
                .any(|c| selector_matches(c, &d.code, &d.name))
                && is_under(&d.pointer, target)
            {
                d.suppressed = s.reason.clone();
                s.used = true;
                break;
            }
        }
    }
}

/// `S004` for every suppression with a reason that waived nothing, among
/// those whose rules ran on this file (`active`).
pub fn unused(sups: &[Suppression], active: impl Fn(&str) -> bool, lang: Lang) -> Vec<Diagnostic> {
    sups.iter()
        .filter(|s| {
            s.reason.is_some()
                && !s.used
                && (s.pointer.is_none() || s.codes.iter().any(|c| active(c)))
        })
        .map(|s| {
            let list = s.codes.join(", ");
            let message = match (&s.pointer, lang) {
                (Some(p), Lang::Es) => {
                    format!("la excepción a {list} no se aplica a nada en `{p}`")
                }
                (Some(p), Lang::En) => format!("the waiver of {list} waives nothing at `{p}`"),
                (None, Lang::Es) => {
                    format!("la excepción a {list} no precede a ningún nodo: no se aplica a nada")
                }
                (None, Lang::En) => {
                    format!("the waiver of {list} stands before no node: it applies to nothing")
                }
            };
            Diagnostic::new(
                UNUSED_CODE,
                UNUSED_NAME,
                Severity::Warning,
                s.pointer.clone().unwrap_or_default(),
                s.comment.clone(),
                message,
            )
            .with_help(match s.pointer {
                Some(_) => lang.pick("quite el comentario", "remove the comment"),
                None => lang.pick(
                    "ponga el comentario al final de la línea del nodo, o en la línea anterior",
                    "put the comment at the end of the node's line, or on the line before it",
                ),
            })
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn directives() {
        assert_eq!(
            parse_directive(" pip-lint: allow F003 -- terreno donado"),
            Some(Ok((vec!["F003".into()], Some("terreno donado".into()))))
        );
        assert_eq!(
            parse_directive("pip-lint: allow F003, G002 --  x "),
            Some(Ok((vec!["F003".into(), "G002".into()], Some("x".into()))))
        );
        assert_eq!(
            parse_directive("pip-lint: allow F003"),
            Some(Ok((vec!["F003".into()], None)))
        );
        assert_eq!(
            parse_directive("pip-lint: allow F003 --   "),
            Some(Ok((vec!["F003".into()], None)))
        );
        assert!(matches!(
            parse_directive("pip-lint: ignore F003"),
            Some(Err(_))
        ));
        assert!(matches!(
            parse_directive("pip-lint: allow -- why"),
            Some(Err(_))
        ));
        assert_eq!(parse_directive(" una nota cualquiera"), None);
    }
}
