//! `references` and `referenced`: identifiers that point at each other
//! across the study (an indirect cause at its direct cause, a means at its
//! cause, an alternative at its actions, a gap at a service).
//!
//! - `references` (`to`): the selected value must be one of the values `to` finds;
//! - `referenced` (`by`): the selected value must be among the values `by` finds.

use serde_json::Value;

use super::{At, Cx, Finding, OptionError, Text2, show};
use crate::rules::expr::{Found, Path, loose_eq};

#[derive(Debug)]
pub struct References {
    pub target: Path,
    /// true: the value must be referenced by `target`; false: it must exist in `target`.
    pub reverse: bool,
}

const P: &[&str] = &["value", "target", "known"];

pub const MESSAGES: &[(&str, Text2, &[&str])] = &[
    (
        "dangling",
        (
            "{value} no corresponde a ningún elemento de `{target}` ({known})",
            "{value} matches nothing in `{target}` ({known})",
        ),
        P,
    ),
    (
        "unreferenced",
        (
            "{value} no es referido por ningún elemento de `{target}`",
            "{value} is referred to by nothing in `{target}`",
        ),
        P,
    ),
];

impl References {
    pub fn build(options: &Value, reverse: bool) -> Result<References, OptionError> {
        let key = if reverse { "by" } else { "to" };
        let text = options.get(key).and_then(Value::as_str).unwrap_or_default();
        let target = Path::parse(text).map_err(|e| OptionError::new(format!("/{key}"), e))?;
        Ok(References { target, reverse })
    }

    pub fn run(&self, cx: &Cx<'_>, node: &Found<'_>, out: &mut Vec<Finding>) {
        if node.1.is_null() {
            return;
        }
        // Values only: a finding names the values, not where they are.
        let found = cx.values_of(&self.target, &cx.scope(node));
        let known = |v: &Value| found.iter().any(|t| loose_eq(t, v));
        let report = |ptr: String, v: &Value, out: &mut Vec<Finding>| {
            let kind = if self.reverse {
                "unreferenced"
            } else {
                "dangling"
            };
            let mut known: Vec<String> = found.iter().take(12).map(|t| show(t)).collect();
            if found.len() > 12 {
                known.push("…".into());
            }
            out.push(
                Finding::new(kind, ptr, At::Value)
                    .arg("value", show(v))
                    .arg("target", self.target.text.clone())
                    .arg(
                        "known",
                        if known.is_empty() {
                            cx.lang.pick("lista vacía", "empty list").to_string()
                        } else {
                            known.join(", ")
                        },
                    ),
            );
        };
        match node.1 {
            // Lists of identifiers (an alternative's actions) are checked item by item.
            Value::Array(items) => {
                for (i, v) in items.iter().enumerate() {
                    if !known(v) {
                        report(format!("{}/{i}", node.0), v, out);
                    }
                }
            }
            v => {
                if !known(v) {
                    report(node.0.clone(), v, out);
                }
            }
        }
    }
}
