//! `mentions`: a text (e.g. the PIP's name) must mention, for each group, at
//! least one of the values found at the group's paths (e.g. the facility's
//! name; the district or the province). Words that identify nothing
//! ("puesto", "salud", "de" …) are dropped; what remains of a value must
//! appear, in order and one after the other, among the text's words. A value
//! made only of such words must appear whole.

use serde_json::Value;

use super::{At, Cx, Finding, OptionError, Text2};
use crate::i18n::Text;
use crate::rules::expr::{Found, Path};
use crate::rules::text::{fold, words};

#[derive(Debug)]
pub struct Mentions {
    pub groups: Vec<Group>,
    pub ignore: Vec<String>,
}

#[derive(Debug)]
pub struct Group {
    pub label: Text,
    pub any_of: Vec<Path>,
}

pub const MESSAGES: &[(&str, Text2, &[&str])] = &[(
    "missing",
    (
        "el texto no menciona {missing} ({expected})",
        "the text does not mention {missing} ({expected})",
    ),
    &["missing", "expected", "value"],
)];

impl Mentions {
    pub fn build(options: &Value) -> Result<Mentions, OptionError> {
        let mut groups = Vec::new();
        for (i, g) in options
            .get("groups")
            .and_then(Value::as_array)
            .into_iter()
            .flatten()
            .enumerate()
        {
            let label: Text = g
                .get("label")
                .and_then(|l| serde::Deserialize::deserialize(l).ok())
                .ok_or_else(|| {
                    OptionError::new(format!("/groups/{i}/label"), "expected {es, en}")
                })?;
            let mut any_of = Vec::new();
            for (j, p) in g
                .get("any_of")
                .and_then(Value::as_array)
                .into_iter()
                .flatten()
                .enumerate()
            {
                let path = Path::parse(p.as_str().unwrap_or_default())
                    .map_err(|e| OptionError::new(format!("/groups/{i}/any_of/{j}"), e))?;
                any_of.push(path);
            }
            groups.push(Group { label, any_of });
        }
        let ignore = options
            .get("ignore_words")
            .and_then(Value::as_array)
            .into_iter()
            .flatten()
            .filter_map(Value::as_str)
            .map(fold)
            .collect();
        Ok(Mentions { groups, ignore })
    }

    fn significant<'a>(&self, folded: &'a str) -> Vec<&'a str> {
        words(folded)
            .into_iter()
            .filter(|w| !self.ignore.iter().any(|i| i == w))
            .collect()
    }

    pub fn run(&self, cx: &Cx<'_>, node: &Found<'_>, out: &mut Vec<Finding>) {
        let Some(text) = node.1.as_str() else { return };
        let folded_text = cx.folded(text);
        let folded_text = folded_text.text.as_str();
        let text_words = self.significant(folded_text);
        // Every word, for a value made only of ignored words (below).
        let mut all_text_words: Option<Vec<&str>> = None;
        let scope = cx.scope(node);
        for group in &self.groups {
            // The document's own strings: their folded texts are cached for the study.
            let candidates: Vec<&str> = group
                .any_of
                .iter()
                .flat_map(|p| p.values(&scope))
                .filter_map(Value::as_str)
                .collect();
            if candidates.is_empty() {
                continue;
            }
            let mentioned = candidates.iter().any(|c| {
                let folded = cx.folded(c);
                let needle = self.significant(&folded.text);
                if !needle.is_empty() {
                    return contains(&text_words, &needle);
                }
                // A value made only of ignored words ("Gobierno Regional") is
                // looked for whole: dropping them all would leave nothing to
                // find, and nothing is found in every text.
                let whole = words(&folded.text);
                !whole.is_empty()
                    && contains(
                        all_text_words.get_or_insert_with(|| words(folded_text)),
                        &whole,
                    )
            });
            if !mentioned {
                out.push(
                    Finding::new("missing", node.0.clone(), At::Value)
                        .arg("missing", group.label.get(cx.lang))
                        .arg(
                            "expected",
                            candidates
                                .iter()
                                .map(|c| format!("«{c}»"))
                                .collect::<Vec<_>>()
                                .join(lang_or(cx)),
                        )
                        .arg("value", text),
                );
            }
        }
    }
}

/// Whether `needle` appears in `haystack` as a run of consecutive words.
fn contains(haystack: &[&str], needle: &[&str]) -> bool {
    haystack.windows(needle.len()).any(|w| w == needle)
}

fn lang_or(cx: &Cx<'_>) -> &'static str {
    cx.lang.pick(" o ", " or ")
}
