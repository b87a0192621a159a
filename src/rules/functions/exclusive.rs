//! `exclusive`: a node's list (an alternative's actions) must not hold two
//! identifiers declared mutually exclusive (§2.8: mutually exclusive actions
//! go to different alternatives).

use serde_json::Value;

use super::{At, Cx, Finding, OptionError, Text2, show};
use crate::rules::expr::{Found, Path, loose_eq};
use crate::yaml::child_pointer;

#[derive(Debug)]
pub struct Exclusive {
    pub items: String,
    pub from: Path,
    pub key: String,
    pub excludes: String,
}

pub const MESSAGES: &[(&str, Text2, &[&str])] = &[(
    "conflict",
    (
        "{second} y {first} son mutuamente excluyentes",
        "{second} and {first} are mutually exclusive",
    ),
    &["first", "second"],
)];

impl Exclusive {
    pub fn build(options: &Value) -> Result<Exclusive, OptionError> {
        let text = |k: &str, d: &str| {
            options
                .get(k)
                .and_then(Value::as_str)
                .unwrap_or(d)
                .to_string()
        };
        Ok(Exclusive {
            items: text("items", "actions"),
            from: Path::parse(&text("from", "")).map_err(|e| OptionError::new("/from", e))?,
            key: text("key", "id"),
            excludes: text("excludes", "excludes"),
        })
    }

    pub fn run(&self, cx: &Cx<'_>, node: &Found<'_>, out: &mut Vec<Finding>) {
        let Some(items) = node.1.get(&self.items).and_then(Value::as_array) else {
            return;
        };
        let defs = self.from.resolve(&cx.scope(node));
        let excluded_by = |id: &Value| -> Vec<&Value> {
            defs.iter()
                .filter(|(_, d)| d.get(&self.key).is_some_and(|k| loose_eq(k, id)))
                .flat_map(|(_, d)| {
                    d.get(&self.excludes)
                        .and_then(Value::as_array)
                        .into_iter()
                        .flatten()
                })
                .collect()
        };
        let list_ptr = child_pointer(&node.0, &self.items);
        for (j, b) in items.iter().enumerate() {
            for a in &items[..j] {
                let conflict = excluded_by(a).iter().any(|x| loose_eq(x, b))
                    || excluded_by(b).iter().any(|x| loose_eq(x, a));
                if conflict {
                    out.push(
                        Finding::new(
                            "conflict",
                            child_pointer(&list_ptr, &j.to_string()),
                            At::Value,
                        )
                        .arg("first", show(a))
                        .arg("second", show(b)),
                    );
                    break;
                }
            }
        }
    }
}
