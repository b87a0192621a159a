//! `series_years`: a projection series has exactly one entry for each year
//! `from` … horizon (by default 1 … horizon).

use std::collections::BTreeMap;

use serde_json::Value;

use super::{At, Cx, Finding, OptionError, Text2, parse_expr};
use crate::rules::expr::{Expr, Found};
use crate::yaml::child_pointer;

#[derive(Debug)]
pub struct SeriesYears {
    pub horizon: Expr,
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
        Ok(SeriesYears {
            horizon: parse_expr("/horizon", options.get("horizon").unwrap_or(&Value::Null))?,
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
        let Some(h) = self.horizon.eval(&cx.scope(node)) else {
            return;
        };
        let horizon = h.value.round() as i64;
        // Very long horizons are a schema problem; keep the work bounded.
        if horizon - self.from > 1000 {
            return;
        }
        let mut seen: BTreeMap<i64, usize> = BTreeMap::new();
        let base = |kind, ptr: String, at| {
            Finding::new(kind, ptr, at)
                .arg("horizon", horizon.to_string())
                .arg("from", self.from.to_string())
                .arg("series", node.0.clone())
        };
        for (i, item) in items.iter().enumerate() {
            let Some(year) = item.get(&self.year_field).and_then(Value::as_i64) else {
                continue;
            };
            let ptr = child_pointer(&child_pointer(&node.0, &i.to_string()), &self.year_field);
            if year < self.from || year > horizon {
                out.push(
                    base("extra", ptr, At::Value)
                        .arg("year", year.to_string())
                        .arg("years", year.to_string()),
                );
            } else if let Some(first) = seen.get(&year) {
                let mut f = base("duplicate", ptr, At::Value)
                    .arg("year", year.to_string())
                    .arg("years", year.to_string());
                f.related.push((
                    child_pointer(
                        &child_pointer(&node.0, &first.to_string()),
                        &self.year_field,
                    ),
                    year.to_string(),
                ));
                out.push(f);
            } else {
                seen.insert(year, i);
            }
        }
        let missing: Vec<String> = (self.from..=horizon)
            .filter(|y| !seen.contains_key(y))
            .map(|y| y.to_string())
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
