//! `covers`: the identifiers a node lists (e.g. an alternative's actions),
//! mapped through a lookup (action → its fundamental means), must reach every
//! required identifier (every essential means, §2.8). With `any: true` it
//! must reach at least one of them instead (one of the mutually exclusive
//! essential means, of which an alternative takes one).

use serde_json::Value;

use super::{At, Cx, Finding, OptionError, Text2, show};
use crate::rules::expr::{Found, Path, loose_eq};

#[derive(Debug)]
pub struct Covers {
    pub items: Path,
    /// (where the items are defined, their key field, the field they map to)
    pub lookup: Option<(Path, String, String)>,
    pub required: Path,
    pub label: Option<Path>,
    /// At least one required identifier, not each of them.
    pub any: bool,
}

pub const MESSAGES: &[(&str, Text2, &[&str])] = &[
    (
        "uncovered",
        (
            "{item} no incluye nada para {missing}",
            "{item} includes nothing for {missing}",
        ),
        &["item", "missing"],
    ),
    (
        "uncovered_any",
        (
            "{item} no incluye nada para ninguno de {missing}",
            "{item} includes nothing for any of {missing}",
        ),
        &["item", "missing"],
    ),
];

impl Covers {
    pub fn build(options: &Value) -> Result<Covers, OptionError> {
        let path = |v: Option<&Value>, at: &str| {
            Path::parse(v.and_then(Value::as_str).unwrap_or_default())
                .map_err(|e| OptionError::new(at, e))
        };
        let lookup = match options.get("lookup") {
            Some(l) => Some((
                path(l.get("from"), "/lookup/from")?,
                l.get("key")
                    .and_then(Value::as_str)
                    .unwrap_or("id")
                    .to_string(),
                l.get("value")
                    .and_then(Value::as_str)
                    .unwrap_or_default()
                    .to_string(),
            )),
            None => None,
        };
        Ok(Covers {
            items: path(options.get("items"), "/items")?,
            lookup,
            required: path(options.get("required"), "/required")?,
            label: options
                .get("label")
                .map(|_| path(options.get("label"), "/label"))
                .transpose()?,
            any: options.get("any").and_then(Value::as_bool).unwrap_or(false),
        })
    }

    pub fn run(&self, cx: &Cx<'_>, node: &Found<'_>, out: &mut Vec<Finding>) {
        let scope = cx.scope(node);
        let items: Vec<&Value> = self
            .items
            .resolve(&scope)
            .into_iter()
            .map(|(_, v)| v)
            .collect();
        let reached: Vec<&Value> = match &self.lookup {
            None => items,
            Some((from, key, value)) => from
                .resolve(&scope)
                .into_iter()
                .filter(|(_, def)| {
                    def.get(key)
                        .is_some_and(|k| items.iter().any(|i| loose_eq(i, k)))
                })
                .filter_map(|(_, def)| def.get(value))
                .collect(),
        };
        let item = self
            .label
            .as_ref()
            .and_then(|l| l.resolve_one(&scope))
            .map_or_else(|| node.0.clone(), |(_, v)| show(v));
        let required = self.required.resolve(&scope);
        let is_reached = |req: &Value| reached.iter().any(|r| loose_eq(r, req));
        if self.any {
            // Nothing required (no such means in the study): nothing to reach.
            if !required.is_empty() && !required.iter().any(|(_, req)| is_reached(req)) {
                let missing: Vec<String> = required.iter().map(|(_, req)| show(req)).collect();
                out.push(
                    Finding::new("uncovered_any", node.0.clone(), At::Key)
                        .arg("item", item)
                        .arg("missing", missing.join(", ")),
                );
            }
            return;
        }
        for (_, req) in required {
            if !is_reached(req) {
                out.push(
                    Finding::new("uncovered", node.0.clone(), At::Key)
                        .arg("item", item.clone())
                        .arg("missing", show(req)),
                );
            }
        }
    }
}
