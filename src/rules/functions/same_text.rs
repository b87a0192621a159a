//! `same_text`: a text must say the same as another (e.g. the logical
//! framework's purpose and the central objective), compared accent-, case-
//! and space-insensitively; or contain it, or be contained in it.

use serde_json::Value;

use super::{At, Cx, Finding, OptionError, Text2};
use crate::rules::expr::{Found, Path};

#[derive(Debug)]
pub struct SameText {
    pub other: Path,
    pub mode: Mode,
}

#[derive(Debug, PartialEq, Eq)]
pub enum Mode {
    Equal,
    Contains,
    Within,
}

pub const MESSAGES: &[(&str, Text2, &[&str])] = &[(
    "differs",
    (
        "el texto no coincide con `{other}` («{other_value}»)",
        "the text does not match `{other}` (\"{other_value}\")",
    ),
    &["value", "other", "other_value"],
)];

impl SameText {
    pub fn build(options: &Value) -> Result<SameText, OptionError> {
        let other = Path::parse(
            options
                .get("other")
                .and_then(Value::as_str)
                .unwrap_or_default(),
        )
        .map_err(|e| OptionError::new("/other", e))?;
        let mode = match options.get("mode").and_then(Value::as_str) {
            Some("contains") => Mode::Contains,
            Some("within") => Mode::Within,
            _ => Mode::Equal,
        };
        Ok(SameText { other, mode })
    }

    pub fn run(&self, cx: &Cx<'_>, node: &Found<'_>, out: &mut Vec<Finding>) {
        let Some(text) = node.1.as_str() else { return };
        let scope = cx.scope(node);
        let Some(other_text) = self.other.value_one(&scope).and_then(Value::as_str) else {
            return;
        };
        // Both are the document's own strings: folded once per study.
        let (fa, fb) = (cx.folded(text), cx.folded(other_text));
        let a = fa.text.trim_end_matches(['.', ' ']);
        let b = fb.text.trim_end_matches(['.', ' ']);
        let ok = match self.mode {
            Mode::Equal => a == b,
            Mode::Contains => a.contains(b),
            Mode::Within => b.contains(a),
        };
        if !ok {
            // Where the other text is, for a finding only.
            let Some((ptr, _)) = self.other.resolve_one(&scope) else {
                return;
            };
            let mut f = Finding::new("differs", node.0.clone(), At::Value)
                .arg("value", text)
                .arg("other", self.other.text.clone())
                .arg("other_value", other_text);
            f.related.push((ptr, "«…»".to_string()));
            out.push(f);
        }
    }
}
