//! `count`: how many items a list has.

use super::{At, Cx, Finding, Text2};
use crate::rules::expr::Found;

#[derive(Debug, serde::Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Count {
    pub min: Option<usize>,
    pub max: Option<usize>,
    /// Count the distinct values of this field of the items, not the items.
    pub distinct: Option<String>,
}

pub const MESSAGES: &[(&str, Text2, &[&str])] = &[
    (
        "too_few",
        (
            "la lista tiene {count} elementos; se requieren al menos {min}",
            "the list has {count} items; at least {min} are required",
        ),
        PLACEHOLDERS,
    ),
    (
        "too_many",
        (
            "la lista tiene {count} elementos; se admiten como máximo {max}",
            "the list has {count} items; at most {max} are allowed",
        ),
        PLACEHOLDERS,
    ),
];

const PLACEHOLDERS: &[&str] = &["count", "min", "max"];

impl Count {
    /// A count that can report something: a bound, and `min` not above `max`.
    pub fn checked(self) -> Result<Count, super::OptionError> {
        match (self.min, self.max) {
            (None, None) => Err(super::OptionError::new(
                "",
                "a count needs `min`, `max` or both",
            )),
            (Some(l), Some(h)) if l > h => Err(super::OptionError::new(
                "",
                format!("`min` ({l}) is above `max` ({h}): every list would fail"),
            )),
            _ => Ok(self),
        }
    }

    pub fn run(&self, _cx: &Cx<'_>, node: &Found<'_>, out: &mut Vec<Finding>) {
        let Some(items) = node.1.as_array() else {
            return;
        };
        let n = match &self.distinct {
            None => items.len(),
            Some(field) => {
                let mut seen: Vec<&serde_json::Value> = Vec::new();
                for v in items.iter().filter_map(|i| i.get(field)) {
                    if !seen.contains(&v) {
                        seen.push(v);
                    }
                }
                seen.len()
            }
        };
        let kind = if self.min.is_some_and(|m| n < m) {
            "too_few"
        } else if self.max.is_some_and(|m| n > m) {
            "too_many"
        } else {
            return;
        };
        out.push(
            Finding::new(kind, node.0.clone(), At::Key)
                .arg("count", n.to_string())
                .arg("min", self.min.map(|m| m.to_string()).unwrap_or_default())
                .arg("max", self.max.map(|m| m.to_string()).unwrap_or_default()),
        );
    }
}
