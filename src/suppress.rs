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
pub fn parse_directive(text: &str, lang: Lang) -> Option<Result<Directive, String>> {
    let rest = text.trim().strip_prefix("pip-lint:")?.trim();
    // `allow` is a whole word: `allowed F003` is not a waiver of `ed` and F003.
    let Some(rest) = rest
        .strip_prefix("allow")
        .filter(|r| r.is_empty() || r.starts_with(char::is_whitespace))
    else {
        return Some(Err(lang
            .pick(
                "se esperaba `# pip-lint: allow CÓDIGO -- motivo`",
                "expected `# pip-lint: allow CODE -- reason`",
            )
            .to_string()));
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
        return Some(Err(lang
            .pick(
                "nombre la regla que se exceptúa: `# pip-lint: allow CÓDIGO -- motivo`",
                "name the rule to allow: `# pip-lint: allow CODE -- reason`",
            )
            .to_string()));
    }
    Some(Ok((codes, reason)))
}

/// The document's nodes (pointer, where it starts: its key, else its
/// value), by where they start: made once per document, then searched for
/// each comment.
pub(crate) fn starts(document: &Document) -> Vec<(usize, String)> {
    let mut nodes: Vec<(usize, String)> = document
        .spans
        .all(&document.value)
        .into_iter()
        .map(|(p, s)| (s.key.as_ref().map_or(s.value.start, |k| k.start), p))
        .collect();
    nodes.sort_by(|a, b| a.0.cmp(&b.0).then(a.1.len().cmp(&b.1.len())));
    nodes
}

/// The node a comment applies to; none when no node starts on its line (a
/// trailing comment) or after it (a comment on a line of its own). `nodes`
/// are [`starts`].
pub(crate) fn target(
    nodes: &[(usize, String)],
    source: &Source,
    comment: &Range<usize>,
) -> Option<String> {
    // Lines end at LF, CRLF or a lone CR, as YAML 1.2 and `Source` count them.
    let line_start = source.text[..comment.start]
        .rfind(['\n', '\r'])
        .map_or(0, |i| i + 1);
    let trailing = !source.text[line_start..comment.start].trim().is_empty();
    let best = if trailing {
        // The outermost node that starts on the comment's line (the first of
        // those with the shortest pointer); never the root, which starts on
        // the first key's line too: a comment there waives that key alone.
        let line_end = source.text[comment.start..]
            .find(['\n', '\r'])
            .map_or(source.text.len(), |i| comment.start + i);
        let from = nodes.partition_point(|(at, _)| *at < line_start);
        let to = nodes.partition_point(|(at, _)| *at < line_end);
        nodes[from..to]
            .iter()
            .filter(|(_, p)| !p.is_empty())
            .min_by_key(|(at, p)| (p.len(), *at))
    } else {
        // The first node after it (the outermost of those starting there).
        let from = nodes.partition_point(|(at, _)| *at < comment.end);
        nodes[from..].iter().find(|(_, p)| !p.is_empty())
    };
    best.map(|(_, p)| p.clone())
}

/// Reads the suppressions of a document; malformed ones are diagnostics.
pub fn collect(
    document: &Document,
    source: &Source,
    lang: Lang,
) -> (Vec<Suppression>, Vec<Diagnostic>) {
    let mut sups = Vec::new();
    let mut diags = Vec::new();
    let mut nodes: Option<Vec<(usize, String)>> = None;
    for c in &document.comments {
        match parse_directive(&c.text, lang) {
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
                let nodes = nodes.get_or_insert_with(|| starts(document));
                let pointer = target(nodes, source, &c.range);
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

/// Marks the diagnostics that suppressions with a reason waive. The
/// suppressions are looked up by the pointers above each diagnostic (its
/// own and its ancestors'), not tried one by one.
pub fn apply(diagnostics: &mut [Diagnostic], sups: &mut [Suppression]) {
    let mut by_target: rustc_hash::FxHashMap<String, Vec<usize>> = Default::default();
    for (i, s) in sups.iter().enumerate() {
        if let (Some(target), Some(_)) = (&s.pointer, &s.reason) {
            by_target.entry(target.clone()).or_default().push(i);
        }
    }
    if by_target.is_empty() {
        return;
    }
    for d in diagnostics
        .iter_mut()
        .filter(|d| d.code != crate::yaml::CODE)
    {
        // The diagnostic's pointer and each ancestor's: of the waivers there
        // that name its rule, the first in the file applies.
        let mut at = d.pointer.as_str();
        let mut found: Option<usize> = None;
        loop {
            if let Some(list) = by_target.get(at)
                && let Some(&i) = list.iter().find(|&&i| {
                    sups[i]
                        .codes
                        .iter()
                        .any(|c| selector_matches(c, &d.code, &d.name))
                })
            {
                found = Some(found.map_or(i, |f| f.min(i)));
            }
            match at.rfind('/') {
                Some(cut) => at = &at[..cut],
                None => break,
            }
        }
        if let Some(i) = found {
            d.suppressed = sups[i].reason.clone();
            sups[i].used = true;
        }
    }
}

/// An `S004` finding at a waiver's comment.
fn s004(s: &Suppression, message: String, help: &str) -> Diagnostic {
    Diagnostic::new(
        UNUSED_CODE,
        UNUSED_NAME,
        Severity::Warning,
        s.pointer.clone().unwrap_or_default(),
        s.comment.clone(),
        message,
    )
    .with_help(help)
}

/// `S004` for every suppression with a reason that waived nothing, among
/// those whose rules ran on this file (`active`).
/// Also `S004` for a waiver that names a code or name no rule has (`known`
/// says whether one does): a typo would otherwise waive nothing in silence.
pub fn unused(
    sups: &[Suppression],
    active: impl Fn(&str) -> bool,
    known: impl Fn(&str) -> bool,
    lang: Lang,
) -> Vec<Diagnostic> {
    let with_reason = || sups.iter().filter(|s| s.reason.is_some());
    let waiving_nothing = with_reason()
        .filter(|s| !s.used && (s.pointer.is_none() || s.codes.iter().any(|c| active(c))))
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
            let help = match s.pointer {
                Some(_) => lang.pick("quite el comentario", "remove the comment"),
                None => lang.pick(
                    "ponga el comentario al final de la línea del nodo, o en la línea anterior",
                    "put the comment at the end of the node's line, or on the line before it",
                ),
            };
            s004(s, message, help)
        });
    let naming_no_rule = with_reason().filter_map(|s| {
        let names: Vec<&str> = s
            .codes
            .iter()
            .map(String::as_str)
            .filter(|c| !known(c))
            .collect();
        if names.is_empty() {
            return None;
        }
        let list = names.join(", ");
        let message = match lang {
            Lang::Es => {
                format!("la excepción nombra {list}, que no es ninguna regla: no exime nada")
            }
            Lang::En => format!("the waiver names {list}, which is no rule: it waives nothing"),
        };
        let help = lang.pick(
            "revise el código o el nombre (`pip-lint rules` los lista)",
            "check the code or name (`pip-lint rules` lists them)",
        );
        Some(s004(s, message, help))
    });
    waiving_nothing.chain(naming_no_rule).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn directives() {
        assert_eq!(
            parse_directive(" pip-lint: allow F003 -- terreno donado", Lang::En),
            Some(Ok((vec!["F003".into()], Some("terreno donado".into()))))
        );
        assert_eq!(
            parse_directive("pip-lint: allow F003, G002 --  x ", Lang::En),
            Some(Ok((vec!["F003".into(), "G002".into()], Some("x".into()))))
        );
        assert_eq!(
            parse_directive("pip-lint: allow F003", Lang::En),
            Some(Ok((vec!["F003".into()], None)))
        );
        assert_eq!(
            parse_directive("pip-lint: allow F003 --   ", Lang::En),
            Some(Ok((vec!["F003".into()], None)))
        );
        assert!(matches!(
            parse_directive("pip-lint: ignore F003", Lang::En),
            Some(Err(_))
        ));
        assert!(matches!(
            parse_directive("pip-lint: allow -- why", Lang::En),
            Some(Err(_))
        ));
        assert_eq!(parse_directive(" una nota cualquiera", Lang::En), None);
        // `allow` is a word of its own, not a prefix of one.
        assert_eq!(
            parse_directive("pip-lint: allowed F003 -- x", Lang::En),
            Some(Err("expected `# pip-lint: allow CODE -- reason`".into()))
        );
        assert_eq!(
            parse_directive("pip-lint: ignore F003", Lang::Es),
            Some(Err(
                "se esperaba `# pip-lint: allow CÓDIGO -- motivo`".into()
            ))
        );
    }
}
