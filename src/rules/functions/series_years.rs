//! `series_years`: a projection series has exactly one entry for each year
//! `from` … horizon (by default 1 … horizon).

use serde_json::Value;

use super::{At, Cx, Finding, OptionError, Text2, parse_expr};
use crate::rules::expr::{Expr, Found};
use crate::yaml::child_pointer;

#[derive(Debug)]
pub struct SeriesYears {
    pub horizon: Expr,
    /// Whether the horizon is the same for every series (computed once per study).
    pub fixed: bool,
    pub year_field: String,
    pub from: i64,
}

const P: &[&str] = &["year", "years", "horizon", "from", "series"];

pub const MESSAGES: &[(&str, Text2, &[&str])] = &[
    (
        "missing",
        (
            "a la serie le faltan los años {years} del horizonte {from}…{horizon}",
            "the series lacks the year(s) {years} of the horizon {from}…{horizon}",
        ),
        P,
    ),
    (
        "extra",
        (
            "el año {year} está fuera del horizonte {from}…{horizon}",
            "year {year} is outside the horizon {from}…{horizon}",
        ),
        P,
    ),
    (
        "duplicate",
        (
            "el año {year} aparece más de una vez en la serie",
            "year {year} appears more than once in the series",
        ),
        P,
    ),
];

impl SeriesYears {
    pub fn build(options: &Value) -> Result<SeriesYears, OptionError> {
        let horizon = parse_expr("/horizon", options.get("horizon").unwrap_or(&Value::Null))?;
        Ok(SeriesYears {
            fixed: horizon.is_fixed(),
            horizon,
            year_field: options
                .get("year_field")
                .and_then(Value::as_str)
                .unwrap_or("year")
                .to_string(),
            from: options.get("from").and_then(Value::as_i64).unwrap_or(1),
        })
    }

    pub fn run(&self, cx: &Cx<'_>, node: &Found<'_>, out: &mut Vec<Finding>) {
        let Some(items) = node.1.as_array() else {
            return;
        };
        let Some(h) = cx.value(&self.horizon, self.fixed, &cx.scope(node)) else {
            return;
        };
        let horizon = h.round() as i64;
        // Very long horizons are a schema problem; keep the work bounded
        // (saturating: a horizon of any size is only a number here).
        let span = horizon.saturating_sub(self.from);
        if span > 1000 {
            return;
        }
        // The first item of each year of the horizon.
        let mut seen: Vec<Option<usize>> = vec![None; (span + 1).max(0) as usize];
        let base = |kind, ptr: String, at| {
            Finding::new(kind, ptr, at)
                .arg("horizon", horizon.to_string())
                .arg("from", self.from.to_string())
                .arg("series", node.0.clone())
        };
        // Pointers are built only for a finding.
        let year_at =
            |i: usize| child_pointer(&child_pointer(&node.0, &i.to_string()), &self.year_field);
        for (i, item) in items.iter().enumerate() {
            let Some(year) = item.get(&self.year_field).and_then(Value::as_i64) else {
                continue;
            };
            if year < self.from || year > horizon {
                out.push(
                    base("extra", year_at(i), At::Value)
                        .arg("year", year.to_string())
                        .arg("years", year.to_string()),
                );
                continue;
            }
            let slot = &mut seen[(year - self.from) as usize];
            if let Some(first) = *slot {
                let mut f = base("duplicate", year_at(i), At::Value)
                    .arg("year", year.to_string())
                    .arg("years", year.to_string());
                f.related.push((year_at(first), year.to_string()));
                out.push(f);
            } else {
                *slot = Some(i);
            }
        }
        let missing: Vec<String> = (self.from..=horizon)
            .zip(&seen)
            .filter(|(_, first)| first.is_none())
            .map(|(y, _)| y.to_string())
            .collect();
        if !missing.is_empty() {
            out.push(
                base("missing", node.0.clone(), At::Key)
                    .arg("years", missing.join(", "))
                    .arg("year", missing[0].clone()),
            );
        }
    }
}
