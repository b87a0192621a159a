//! `S005 template-placeholder`: what the template of `pip-lint init` left
//! to fill in. A text that starts with `COMPLETAR:` is the template's own,
//! and a value with a trailing `# COMPLETAR` comment is one of its sample
//! figures (zeros, the schema's minimum). Such a value is not the study's:
//! it is reported, the schema and the rules say nothing more about it, and
//! the report marks the criteria that read it *No verificado*.

use crate::diagnostic::{Diagnostic, Severity};
use crate::i18n::Lang;
use crate::source::Source;
use crate::yaml::Document;

pub const CODE: &str = "S005";
pub const NAME: &str = "template-placeholder";

/// The template's mark, in its texts and in its comments.
pub const MARK: &str = "COMPLETAR";

/// Whether a text is the template's: the mark, in capitals, alone or
/// before a colon (`COMPLETAR: nombre del PIP`). «Completar la red…» is a
/// study's own sentence.
fn is_placeholder_text(s: &str) -> bool {
    s.trim_start()
        .strip_prefix(MARK)
        .is_some_and(|rest| rest.trim().is_empty() || rest.starts_with(':'))
}

/// The placeholders of a document: their diagnostics, and their pointers
/// (for the later stages to leave alone). Cheap when the text has no mark,
/// which is every finished study.
pub fn find(document: &Document, source: &Source, lang: Lang) -> (Vec<Diagnostic>, Vec<String>) {
    let text = &source.text;
    if memchr::memmem::find(text.as_bytes(), MARK.as_bytes()).is_none() {
        return (Vec::new(), Vec::new());
    }
    let nodes = crate::suppress::starts(document);
    // (pointer, from a trailing mark): texts first, then marked values.
    let mut found: Vec<(String, bool)> = nodes
        .iter()
        .filter(|(_, p)| {
            document
                .value
                .pointer(p)
                .and_then(serde_json::Value::as_str)
                .is_some_and(is_placeholder_text)
        })
        .map(|(_, p)| (p.clone(), false))
        .collect();
    for c in document.comments.iter().filter(|c| c.text.contains(MARK)) {
        let line_start = text[..c.range.start].rfind('\n').map_or(0, |i| i + 1);
        if text[line_start..c.range.start].trim().is_empty() {
            continue; // a comment on a line of its own explains; it marks nothing
        }
        if let Some(p) = marked_value(document, &nodes, line_start, c.range.start)
            .or_else(|| crate::suppress::target(&nodes, source, &c.range))
        {
            found.push((p, true));
        }
    }
    // One finding per node, the outermost when a text sits in a marked value.
    // Sorted, a node's descendants follow it: comparing with the last kept
    // is enough, and linear.
    found.sort_by(|a, b| a.0.cmp(&b.0));
    found.dedup_by(|b, a| a.0 == b.0);
    let mut kept: Vec<(String, bool)> = Vec::with_capacity(found.len());
    for (p, marked) in found {
        let under_last = kept
            .last()
            .is_some_and(|(q, _)| crate::rules::functions::is_under(&p, q));
        if !under_last {
            kept.push((p, marked));
        }
    }
    // At most so many findings, in the file's order, then the count of the rest.
    let mut shown: Vec<&(String, bool)> = kept.iter().collect();
    shown.sort_by_key(|(p, _)| document.spans.locate(p).1.start);
    let more = shown.len().saturating_sub(crate::yaml::MAX_REPORTED);
    let first_left_out = shown.get(crate::yaml::MAX_REPORTED).map(|(p, _)| p.clone());
    shown.truncate(crate::yaml::MAX_REPORTED);
    let mut diagnostics: Vec<Diagnostic> = shown
        .into_iter()
        .map(|(p, marked)| {
            let range = source.clamp(document.spans.locate(p).1);
            let (message, help) = if *marked {
                (
                    lang.pick(
                        "valor de ejemplo de la plantilla, marcado «# COMPLETAR»: no es un dato del estudio",
                        "a sample value of the template, marked `# COMPLETAR`: it is not the study's",
                    ),
                    lang.pick(
                        "escriba el valor del estudio y borre la marca «# COMPLETAR»",
                        "write the study's value and delete the `# COMPLETAR` mark",
                    ),
                )
            } else {
                (
                    lang.pick(
                        "texto de la plantilla sin completar",
                        "template text not filled in",
                    ),
                    lang.pick(
                        "reemplace el texto «COMPLETAR: …» por el del estudio",
                        "replace the `COMPLETAR: …` text with the study's",
                    ),
                )
            };
            let mut d = Diagnostic::new(CODE, NAME, Severity::Error, p, range, message.to_string());
            d.help = Some(help.to_string());
            d
        })
        .collect();
    if let Some(p) = first_left_out {
        let range = source.clamp(document.spans.locate(&p).1);
        diagnostics.push(crate::yaml::left_out(CODE, NAME, &p, range, more, lang));
    }
    (diagnostics, kept.into_iter().map(|(p, _)| p).collect())
}

/// The value a trailing mark on a line marks: of the nodes that start on the
/// line and whose value also ends there, before the mark, the one that ends
/// last (`- service: consulta_medica  # COMPLETAR` marks the service, not the
/// whole item; `- {year: 1, reference: 0}  # COMPLETAR` marks the item), the
/// outermost of a tie. `None` when no value ends on the line (`t: |`).
fn marked_value(
    document: &Document,
    nodes: &[(usize, String)],
    line_start: usize,
    mark: usize,
) -> Option<String> {
    let from = nodes.partition_point(|(at, _)| *at < line_start);
    let to = nodes.partition_point(|(at, _)| *at < mark);
    nodes[from..to]
        .iter()
        .filter(|(_, p)| !p.is_empty())
        .filter_map(|(_, p)| {
            let end = document.spans.get(p)?.value.end;
            (end <= mark).then_some((end, p))
        })
        .max_by(|(e1, p1), (e2, p2)| e1.cmp(e2).then(p2.len().cmp(&p1.len())))
        .map(|(_, p)| p.clone())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::yaml::{Limits, load};

    fn run(text: &str) -> Vec<(String, String)> {
        let source = Source::from_text("t.yaml", text);
        let doc = load(&source, &Limits::default(), Lang::En)
            .document
            .unwrap();
        let (ds, at) = find(&doc, &source, Lang::En);
        assert!(ds.len() <= at.len() + 1);
        ds.into_iter()
            .map(|d| (d.pointer.clone(), text[d.range].to_string()))
            .collect()
    }

    #[test]
    fn texts_and_marked_values() {
        let text = "a:\n  name: \"COMPLETAR: nombre del PIP\"\n  n: 0  # COMPLETAR: población\n  m: 5\n  # COMPLETAR: una nota en su propia línea\n  k: 7\n  l: [1, 2]  # COMPLETAR\n  t: COMPLETAR\n  u: Completar la red\n";
        assert_eq!(
            run(text),
            [
                (
                    "/a/name".to_string(),
                    "\"COMPLETAR: nombre del PIP\"".to_string()
                ),
                ("/a/n".to_string(), "0".to_string()),
                ("/a/l".to_string(), "[1, 2]".to_string()),
                ("/a/t".to_string(), "COMPLETAR".to_string()),
            ]
        );
    }

    #[test]
    fn a_mark_on_a_list_items_line_marks_the_value_there() {
        let text = "l:\n  - service: consulta  # COMPLETAR\n    n: 5\n  - {year: 1, r: 0}  # COMPLETAR\nt: |  # COMPLETAR\n  texto\n";
        assert_eq!(
            run(text),
            [
                ("/l/0/service".to_string(), "consulta".to_string()),
                ("/l/1".to_string(), "{year: 1, r: 0}".to_string()),
                ("/t".to_string(), "texto".to_string()),
            ]
        );
    }

    #[test]
    fn many_placeholders_are_capped_and_linear() {
        let mut text = String::from("a:\n");
        for _ in 0..50_000 {
            text.push_str("  - COMPLETAR\n");
        }
        let found = run(&text);
        assert_eq!(found.len(), crate::yaml::MAX_REPORTED + 1);
        assert_eq!(
            found.last().unwrap().0,
            format!("/a/{}", crate::yaml::MAX_REPORTED)
        );
    }

    #[test]
    fn a_finished_study_has_none() {
        assert!(run("a:\n  name: Mejoramiento\n  n: 4  # fuente: INEI\n  nota: hay que completar el expediente\n").is_empty());
    }
}
