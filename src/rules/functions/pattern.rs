//! `pattern`: a regular expression (linear time, `regex` crate) a text must
//! match or must not match, optionally on the folded text.

use crate::rules::lazy_regex::LazyRegex;
use serde_json::Value;

use super::{At, Cx, Finding, OptionError, Text2, inner_span};
use crate::rules::expr::Found;

#[derive(Debug)]
pub struct Pattern {
    pub regex: LazyRegex,
    pub forbid: bool,
    pub fold: bool,
}

pub const MESSAGES: &[(&str, Text2, &[&str])] = &[
    (
        "matches",
        (
            "el texto contiene «{match}»",
            "the text contains \"{match}\"",
        ),
        PLACEHOLDERS,
    ),
    (
        "no_match",
        (
            "{value} no tiene la forma esperada",
            "{value} does not have the expected form",
        ),
        PLACEHOLDERS,
    ),
];

const PLACEHOLDERS: &[&str] = &["value", "match"];

/// Checks a pattern's syntax now; it is compiled on first use.
pub fn compile(pattern: &str, folded: bool) -> Result<LazyRegex, String> {
    LazyRegex::new(pattern, folded)
}

impl Pattern {
    pub fn build(options: &Value) -> Result<Pattern, OptionError> {
        let src = options
            .get("regex")
            .and_then(Value::as_str)
            .unwrap_or_default();
        let fold = options
            .get("fold")
            .and_then(Value::as_bool)
            .unwrap_or(false);
        let regex = compile(src, fold)
            .map_err(|e| OptionError::new("/regex", format!("invalid regular expression: {e}")))?;
        Ok(Pattern {
            regex,
            forbid: options.get("mode").and_then(Value::as_str) != Some("require"),
            fold,
        })
    }

    pub fn run(&self, cx: &Cx<'_>, node: &Found<'_>, out: &mut Vec<Finding>) {
        let number;
        let text: &str = match node.1 {
            Value::String(s) => s,
            Value::Number(n) => {
                number = n.to_string();
                &number
            }
            // A yes/no answer is matched as `true` / `false`.
            Value::Bool(b) => {
                if *b {
                    "true"
                } else {
                    "false"
                }
            }
            _ => return,
        };
        let folded = match (self.fold, node.1.as_str()) {
            (true, Some(s)) => Some(cx.folded(s)),
            (true, None) => Some(std::rc::Rc::new(crate::rules::text::Folded::new(text))),
            _ => None,
        };
        let hay = folded.as_ref().map_or(text, |f| f.text.as_str());
        let found = self.regex.find(hay);
        match (found, self.forbid) {
            (Some(r), true) => {
                let r = folded
                    .as_ref()
                    .map_or(r.clone(), |f| f.original_range(text, r));
                let at = if node.1.is_string() {
                    inner_span(cx, &node.0, text, r.clone())
                } else {
                    At::Value
                };
                out.push(
                    Finding::new("matches", node.0.clone(), at)
                        .arg("match", &text[r])
                        .arg("value", text),
                );
            }
            (None, false) => out.push(
                Finding::new("no_match", node.0.clone(), At::Value)
                    .arg("value", text)
                    .arg("match", ""),
            ),
            _ => {}
        }
    }
}
