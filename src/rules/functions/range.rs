//! `range`: a number within bounds (inclusive `min`/`max`, or exclusive).

use super::{At, Cx, Finding, Text2, num};
use crate::rules::expr::Found;

#[derive(Debug, serde::Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RangeFn {
    pub min: Option<f64>,
    pub max: Option<f64>,
    pub exclusive_min: Option<f64>,
    pub exclusive_max: Option<f64>,
    #[serde(default)]
    pub unit: String,
}

impl RangeFn {
    /// A range that can report something: at least one bound, and bounds
    /// that leave room for a value (a range with none would pass in silence).
    pub fn checked(self) -> Result<RangeFn, super::OptionError> {
        let low = self.min.or(self.exclusive_min);
        let high = self.max.or(self.exclusive_max);
        if low.is_none() && high.is_none() {
            return Err(super::OptionError::new(
                "",
                "a range needs a bound: `min`, `max`, `exclusive_min` or `exclusive_max`",
            ));
        }
        if self.min.is_some() && self.exclusive_min.is_some()
            || self.max.is_some() && self.exclusive_max.is_some()
        {
            return Err(super::OptionError::new(
                "",
                "give `min` or `exclusive_min`, `max` or `exclusive_max`, not both of a side",
            ));
        }
        if let (Some(l), Some(h)) = (low, high)
            && l > h
        {
            return Err(super::OptionError::new(
                "",
                format!(
                    "the lower bound ({l}) is above the upper bound ({h}): every value would fail"
                ),
            ));
        }
        Ok(self)
    }
}

pub const MESSAGES: &[(&str, Text2, &[&str])] = &[
    (
        "below",
        (
            "el valor es {value}{unit}; se espera {expected}",
            "the value is {value}{unit}; {expected} is expected",
        ),
        PLACEHOLDERS,
    ),
    (
        "above",
        (
            "el valor es {value}{unit}; se espera {expected}",
            "the value is {value}{unit}; {expected} is expected",
        ),
        PLACEHOLDERS,
    ),
];

const PLACEHOLDERS: &[&str] = &["value", "unit", "min", "max", "expected"];

impl RangeFn {
    /// The accepted range as text: "3–5 Ω", "≤ 6000", "> 100000".
    pub fn expected(&self) -> String {
        let unit = if self.unit.is_empty() {
            String::new()
        } else {
            format!(" {}", self.unit)
        };
        let lo = self
            .min
            .map(|m| (m, "≥"))
            .or(self.exclusive_min.map(|m| (m, ">")));
        let hi = self
            .max
            .map(|m| (m, "≤"))
            .or(self.exclusive_max.map(|m| (m, "<")));
        match (lo, hi) {
            (Some((a, "≥")), Some((b, "≤"))) => format!("{}–{}{unit}", num(a), num(b)),
            // Language-neutral, like the other forms: `> 3, < 5`.
            (Some((a, o1)), Some((b, o2))) => {
                format!("{o1} {}, {o2} {}{unit}", num(a), num(b))
            }
            (Some((a, o)), None) => format!("{o} {}{unit}", num(a)),
            (None, Some((b, o))) => format!("{o} {}{unit}", num(b)),
            (None, None) => String::new(),
        }
    }

    pub fn violation(&self, x: f64) -> Option<&'static str> {
        if self.min.is_some_and(|m| x < m) || self.exclusive_min.is_some_and(|m| x <= m) {
            Some("below")
        } else if self.max.is_some_and(|m| x > m) || self.exclusive_max.is_some_and(|m| x >= m) {
            Some("above")
        } else {
            None
        }
    }

    pub fn run(&self, _cx: &Cx<'_>, node: &Found<'_>, out: &mut Vec<Finding>) {
        let Some(x) = node.1.as_f64() else { return };
        if let Some(kind) = self.violation(x) {
            let unit = if self.unit.is_empty() {
                String::new()
            } else {
                format!(" {}", self.unit)
            };
            out.push(
                Finding::new(kind, node.0.clone(), At::Value)
                    .arg("value", num(x))
                    .arg("unit", unit)
                    .arg(
                        "min",
                        self.min.or(self.exclusive_min).map(num).unwrap_or_default(),
                    )
                    .arg(
                        "max",
                        self.max.or(self.exclusive_max).map(num).unwrap_or_default(),
                    )
                    .arg("expected", self.expected()),
            );
        }
    }
}
