//! `parts`: parts that must add up to a whole, each within a share of it.

use serde_json::Value;

use super::{At, Cx, Finding, OptionError, Text2, num};
use crate::rules::expr::{Found, Path};

#[derive(Debug)]
pub struct Parts {
    pub total: Path,
    pub parts: Vec<Part>,
    pub tolerance_share: f64,
    /// Whether the parts' sum is compared with the total (`sum`, default true).
    pub compare_sum: bool,
}

#[derive(Debug)]
pub struct Part {
    pub field: Path,
    /// How the part is named in messages (its field name when absent).
    pub label: Option<crate::i18n::Text>,
    pub min_share: Option<f64>,
    pub max_share: Option<f64>,
}

const P: &[&str] = &[
    "part",
    "value",
    "share",
    "min",
    "max",
    "total",
    "sum",
    "difference",
    "shares",
];

pub const MESSAGES: &[(&str, Text2, &[&str])] = &[
    (
        "share_above",
        (
            "`{part}` es {share} del total; se admite como máximo {max} ({shares})",
            "`{part}` is {share} of the total; at most {max} is allowed ({shares})",
        ),
        P,
    ),
    (
        "share_below",
        (
            "`{part}` es {share} del total; se requiere al menos {min} ({shares})",
            "`{part}` is {share} of the total; at least {min} is required ({shares})",
        ),
        P,
    ),
    (
        "sum",
        (
            "las partes suman {sum}, pero el total es {total} (diferencia {difference})",
            "the parts add up to {sum}, but the total is {total} (difference {difference})",
        ),
        P,
    ),
];

/// A share as a percentage with up to two decimals (30.04 %, never a rounded 30 % that hides a breach).
fn pct(x: f64) -> String {
    format!("{} %", num((x * 10000.0).round() / 100.0))
}

impl Parts {
    pub fn build(options: &Value) -> Result<Parts, OptionError> {
        let path = |p: &str, at: String| Path::parse(p).map_err(|e| OptionError::new(at, e));
        let total = path(
            options
                .get("total")
                .and_then(Value::as_str)
                .unwrap_or_default(),
            "/total".into(),
        )?;
        let mut parts = Vec::new();
        for (i, p) in options
            .get("parts")
            .and_then(Value::as_array)
            .into_iter()
            .flatten()
            .enumerate()
        {
            parts.push(Part {
                field: path(
                    p.get("field").and_then(Value::as_str).unwrap_or_default(),
                    format!("/parts/{i}/field"),
                )?,
                label: p
                    .get("label")
                    .and_then(|l| serde::Deserialize::deserialize(l).ok()),
                min_share: p.get("min_share").and_then(Value::as_f64),
                max_share: p.get("max_share").and_then(Value::as_f64),
            });
        }
        Ok(Parts {
            total,
            parts,
            tolerance_share: options
                .get("tolerance_share")
                .and_then(Value::as_f64)
                .unwrap_or(0.005),
            compare_sum: options.get("sum").and_then(Value::as_bool).unwrap_or(true),
        })
    }

    pub fn run(&self, cx: &Cx<'_>, node: &Found<'_>, out: &mut Vec<Finding>) {
        let scope = cx.scope(node);
        let name = |part: &Part| {
            part.label
                .as_ref()
                .map_or_else(|| part.field.text.clone(), |l| l.get(cx.lang).to_string())
        };
        let Some((total_ptr, total)) = self
            .total
            .resolve_one(&scope)
            .and_then(|(p, v)| Some((p, v.as_f64()?)))
        else {
            return;
        };
        let mut values = Vec::new();
        for part in &self.parts {
            let Some((p, v)) = part
                .field
                .resolve_one(&scope)
                .and_then(|(p, v)| Some((p, v.as_f64()?)))
            else {
                return;
            };
            values.push((part, p, v));
        }
        // A total of zero or less has no shares; the parts' sum is still
        // compared with it (a land of 0 m² split into 1 000 is a finding).
        let shares: String = if total > 0.0 {
            values
                .iter()
                .map(|(part, _, v)| format!("{} {}", name(part), pct(v / total)))
                .collect::<Vec<_>>()
                .join(", ")
        } else {
            String::new()
        };
        let base = |kind, ptr: &str| {
            Finding::new(kind, ptr.to_string(), At::Value)
                .arg("total", num(total))
                .arg("shares", shares.clone())
        };
        let tol = self.tolerance_share;
        for (part, ptr, v) in values.iter().filter(|_| total > 0.0) {
            let share = v / total;
            let kind = if part.max_share.is_some_and(|m| share > m + 1e-9) {
                "share_above"
            } else if part.min_share.is_some_and(|m| share < m - 1e-9) {
                "share_below"
            } else {
                continue;
            };
            let mut f = base(kind, ptr)
                .arg("part", name(part))
                .arg("value", num(*v))
                .arg("share", pct(share))
                .arg("min", part.min_share.map(pct).unwrap_or_default())
                .arg("max", part.max_share.map(pct).unwrap_or_default())
                .arg("sum", "")
                .arg("difference", "");
            f.related.push((total_ptr.clone(), num(total)));
            out.push(f);
        }
        let sum: f64 = values.iter().map(|(_, _, v)| v).sum();
        if self.compare_sum && (sum - total).abs() > tol * total.abs() + 1e-9 {
            let mut f = base("sum", &total_ptr)
                .arg("sum", num(sum))
                .arg("difference", num(sum - total))
                .arg("part", "")
                .arg("value", num(total))
                .arg("share", "")
                .arg("min", "")
                .arg("max", "");
            for (_, p, v) in &values {
                f.related.push((p.clone(), num(*v)));
            }
            out.push(f);
        }
    }
}
