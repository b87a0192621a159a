//! `consecutive`: the numbers of a list go up by a fixed step from one item to
//! the next (a history's years: 2018, 2019, 2020), so that no year is missing,
//! repeated or out of order.

use serde_json::Value;

use super::{At, Cx, Finding, Text2, num};
use crate::rules::expr::Found;
use crate::yaml::child_pointer;

#[derive(Debug, serde::Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Consecutive {
    /// The number's field in each item; none: the items are the numbers.
    pub field: Option<String>,
    /// How much each number exceeds the one before it (default 1).
    #[serde(default = "one")]
    pub step: f64,
}

fn one() -> f64 {
    1.0
}

pub const MESSAGES: &[(&str, Text2, &[&str])] = &[(
    "break",
    (
        "después de {previous} se espera {expected}, no {value}",
        "after {previous} comes {expected}, not {value}",
    ),
    &["value", "previous", "expected", "position"],
)];

impl Consecutive {
    pub fn run(&self, _cx: &Cx<'_>, node: &Found<'_>, out: &mut Vec<Finding>) {
        let Some(items) = node.1.as_array() else {
            return;
        };
        let number = |item: &Value| match &self.field {
            None => item.as_f64(),
            Some(f) => item.get(f).and_then(Value::as_f64),
        };
        // Items without a number (a schema matter) are passed over.
        let mut previous: Option<f64> = None;
        for (i, item) in items.iter().enumerate() {
            let Some(value) = number(item) else {
                continue;
            };
            if let Some(p) = previous {
                let expected = p + self.step;
                if (value - expected).abs() > 1e-9 {
                    let mut pointer = child_pointer(&node.0, &i.to_string());
                    if let Some(f) = &self.field {
                        pointer = child_pointer(&pointer, f);
                    }
                    // One finding, at the first break: the rest follows from it.
                    out.push(
                        Finding::new("break", pointer, At::Value)
                            .arg("value", num(value))
                            .arg("previous", num(p))
                            .arg("expected", num(expected))
                            .arg("position", (i + 1).to_string()),
                    );
                    return;
                }
            }
            previous = Some(value);
        }
    }
}
