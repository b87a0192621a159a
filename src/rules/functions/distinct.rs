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

/// A key as compared: texts by their text, numbers by value (`1 == 1.0`),
/// anything else by its JSON. Borrowed: no allocation for the usual keys.
#[derive(PartialEq, Eq, Hash)]
enum Key<'a> {
    Text(&'a str),
    Number(u64),
    Other(String),
}

fn key(v: &Value) -> Key<'_> {
    match v {
        Value::String(s) => Key::Text(s),
        Value::Number(n) => match n.as_f64() {
            // -0.0 is 0.0.
            Some(x) => Key::Number(if x == 0.0 { 0 } else { x.to_bits() }),
            None => Key::Other(n.to_string()),
        },
        other => Key::Other(other.to_string()),
    }
}

impl Distinct {
    pub fn run(&self, _cx: &Cx<'_>, node: &Found<'_>, out: &mut Vec<Finding>) {
        let Some(items) = node.1.as_array() else {
            return;
        };
        fn key_of<'v>(item: &'v Value, field: Option<&str>) -> Option<&'v Value> {
            let k = match field {
                None => item,
                Some(f) => item.get(f)?,
            };
            (!k.is_null()).then_some(k)
        }
        // The first item of each key: linear in the list's length, however
        // long a hostile list is.
        let mut seen: rustc_hash::FxHashMap<Key<'_>, usize> = Default::default();
        for (i, item) in items.iter().enumerate() {
            let Some(k) = key_of(item, self.key.as_deref()) else {
                continue; // a missing key is the schema's matter
            };
            let first = *seen.entry(key(k)).or_insert(i);
            if first == i {
                continue;
            }
            let at = |n: usize| {
                let p = child_pointer(&node.0, &n.to_string());
                match &self.key {
                    Some(f) => child_pointer(&p, f),
                    None => p,
                }
            };
            let mut f = Finding::new("duplicate", at(i), At::Value)
                .arg("value", show(k))
                .arg("first", (first + 1).to_string())
                .arg("position", (i + 1).to_string());
            f.related.push((at(first), show(k)));
            out.push(f);
        }
    }
}
