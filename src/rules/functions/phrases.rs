//! `phrases`: Spanish phrases that a text must not (or must) contain, matched
//! accent-, case- and white-space-insensitively at word boundaries, and
//! reported at the exact phrase inside the string.

use serde_json::Value;

use super::{Cx, Finding, OptionError, Text2, inner_span};
use crate::rules::expr::Found;
use crate::rules::text::{Phrase, fold};

#[derive(Debug)]
pub struct Phrases {
    /// Folded phrases.
    pub phrases: Vec<Phrase>,
    pub require: bool,
}

pub const MESSAGES: &[(&str, Text2, &[&str])] = &[
    (
        "found",
        (
            "el texto contiene «{phrase}»",
            "the text contains \"{phrase}\"",
        ),
        PLACEHOLDERS,
    ),
    (
        "missing",
        (
            "el texto no contiene ninguna de: {phrases}",
            "the text contains none of: {phrases}",
        ),
        PLACEHOLDERS,
    ),
];

const PLACEHOLDERS: &[&str] = &["phrase", "phrases", "value"];

impl Phrases {
    pub fn build(options: &Value) -> Result<Phrases, OptionError> {
        let default_start = options.get("at").and_then(Value::as_str) == Some("start");
        let require = options.get("mode").and_then(Value::as_str) == Some("require");
        let list = options
            .get("phrases")
            .and_then(Value::as_array)
            .ok_or_else(|| OptionError::new("/phrases", "expected a list"))?;
        let mut phrases = Vec::new();
        for (i, p) in list.iter().enumerate() {
            let (text, at_start) = match p {
                Value::String(s) => (s.as_str(), default_start),
                Value::Object(o) => (
                    o.get("phrase").and_then(Value::as_str).unwrap_or_default(),
                    o.get("at")
                        .and_then(Value::as_str)
                        .map_or(default_start, |a| a == "start"),
                ),
                _ => ("", false),
            };
            let folded = fold(text);
            if folded.is_empty() {
                return Err(OptionError::new(format!("/phrases/{i}"), "empty phrase"));
            }
            phrases.push(Phrase::new(folded, at_start));
        }
        Ok(Phrases { phrases, require })
    }

    pub fn run(&self, cx: &Cx<'_>, node: &Found<'_>, out: &mut Vec<Finding>) {
        let Some(text) = node.1.as_str() else { return };
        let folded = cx.folded(text);
        let first = self
            .phrases
            .iter()
            .filter_map(|p| p.find(&folded.text))
            .min_by_key(|r| (r.start, std::cmp::Reverse(r.end)));
        match (first, self.require) {
            (Some(r), false) => {
                let original = folded.original_range(text, r);
                let phrase = text[original.clone()].to_string();
                let at = inner_span(cx, &node.0, text, original);
                out.push(
                    Finding::new("found", node.0.clone(), at)
                        .arg("phrase", phrase)
                        .arg("value", text)
                        .arg("phrases", self.list()),
                );
            }
            (None, true) => {
                out.push(
                    Finding::new("missing", node.0.clone(), super::At::Value)
                        .arg("phrases", self.list())
                        .arg("value", text)
                        .arg("phrase", ""),
                );
            }
            _ => {}
        }
    }

    fn list(&self) -> String {
        self.phrases
            .iter()
            .map(|p| format!("«{}»", p.text))
            .collect::<Vec<_>>()
            .join(", ")
    }
}
