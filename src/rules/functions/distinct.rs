//! `distinct`: the items of a list have different keys (one entry per
//! service in the demand, the gap, the plan), so that no figure is counted
//! twice or silently left out by a rule that takes the first entry.

use serde_json::Value;

use super::{At, Cx, Finding, Text2, show};
use crate::rules::expr::Found;
use crate::yaml::child_pointer;

#[derive(Debug, serde::Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Distinct {
    /// The key's field in each item; none: the items themselves.
    pub key: Option<String>,
}

pub const MESSAGES: &[(&str, Text2, &[&str])] = &[(
    "duplicate",
    (
        "{value} ya tiene una entrada en esta lista (la {first}.ª)",
        "{value} already has an entry in this list (number {first})",
    ),
    &["value", "first", "position"],
)];

impl Distinct {
    pub fn run(&self, _cx: &Cx<'_>, node: &Found<'_>, out: &mut Vec<Finding>) {
        let Some(items) = node.1.as_array() else {
            return;
        };
        let key_of = |item: &'_ Value| -> Option<Value> {
            let k = match &self.key {
                None => item,
                Some(f) => item.get(f)?,
            };
            (!k.is_null()).then(|| k.clone())
        };
        // The first item of each key, by a hashable form of the key that
        // equals as `loose_eq` does (1 == 1.0): linear in the list's length,
        // however long a hostile list is.
        let form = |k: &Value| -> String {
            match k.as_f64() {
                Some(n) => format!("n:{}", if n == 0.0 { 0.0 } else { n }),
                None => format!("v:{k}"),
            }
        };
        let mut seen: rustc_hash::FxHashMap<String, usize> = Default::default();
        for (i, item) in items.iter().enumerate() {
            let Some(k) = key_of(item) else {
                continue; // a missing key is the schema's matter
            };
            match seen.get(&form(&k)).copied() {
                Some(first) => {
                    let at = |n: usize| {
                        let p = child_pointer(&node.0, &n.to_string());
                        match &self.key {
                            Some(f) => child_pointer(&p, f),
                            None => p,
                        }
                    };
                    let mut f = Finding::new("duplicate", at(i), At::Value)
                        .arg("value", show(&k))
                        .arg("first", (first + 1).to_string())
                        .arg("position", (i + 1).to_string());
                    f.related.push((at(first), show(&k)));
                    out.push(f);
                }
                None => {
                    seen.insert(form(&k), i);
                }
            }
        }
    }
}
