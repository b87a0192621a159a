//! `series_formula`: each year of a series equals an expression of other
//! series of the same key and year, e.g. the gap of a service is its demand
//! minus its optimised offer, year by year (§3.4), and the production plan
//! is the gap times the programmed share (§3.5).
//!
//! The node is an item with a key (`service`) and a series (`projection`);
//! `inputs` name other items found by the same key; `expect` is evaluated
//! for each year with the inputs' values of that year, the node's own
//! fields (e.g. `share_pct`) and `year`; `also`, when given, is a second
//! expression a year may equal instead (a plan that serves the whole demand
//! rather than the gap). `positive` / `non_positive` name
//! inputs that must be above zero / at most zero for a year to be checked.
//! An item with no input of its key is reported (`missing_input`) unless
//! `report_missing` is false, for a rule whose input another rule already
//! requires.

use serde_json::Value;

use super::{At, Cx, Finding, OptionError, Text2, num, parse_expr, show};
use crate::rules::expr::{Expr, Found, Path, Scope, loose_eq};
use crate::yaml::child_pointer;

#[derive(Debug)]
pub struct SeriesFormula {
    pub key: String,
    pub series: String,
    pub year: String,
    pub value: String,
    pub inputs: Vec<Input>,
    pub expect: Expr,
    pub expect_text: String,
    /// A second expression a year's value may equal instead of `expect`.
    pub also: Option<Expr>,
    pub tolerance: f64,
    /// Inputs that must be positive in a year for the check to apply to it.
    pub positive: Vec<String>,
    /// Inputs that must be zero or negative in a year for the check to apply to it.
    pub non_positive: Vec<String>,
    /// Whether an item with no input of its key is a finding (`missing_input`).
    pub report_missing: bool,
}

#[derive(Debug)]
pub struct Input {
    pub name: String,
    pub from: Path,
    pub series: String,
}

const P: &[&str] = &[
    "key",
    "year",
    "value",
    "expected",
    "difference",
    "expect",
    "also",
    "input",
];

/// What a missing input's finding fills in: no year, value or difference.
const MISSING: &[&str] = &["key", "expect", "input"];

pub const MESSAGES: &[(&str, Text2, &[&str])] = &[
    (
        "mismatch",
        (
            "en el año {year} el valor es {value}; `{expect}` da {expected} (diferencia {difference})",
            "in year {year} the value is {value}; `{expect}` gives {expected} (difference {difference})",
        ),
        P,
    ),
    (
        "missing_input",
        (
            "no hay `{input}` para {key}",
            "there is no `{input}` for {key}",
        ),
        MISSING,
    ),
];

fn s(options: &Value, key: &str, default: &str) -> String {
    options
        .get(key)
        .and_then(Value::as_str)
        .unwrap_or(default)
        .to_string()
}

impl SeriesFormula {
    pub fn build(options: &Value) -> Result<SeriesFormula, OptionError> {
        let mut inputs = Vec::new();
        for (name, spec) in options
            .get("inputs")
            .and_then(Value::as_object)
            .into_iter()
            .flatten()
        {
            let from = Path::parse(spec.get("from").and_then(Value::as_str).unwrap_or_default())
                .map_err(|e| OptionError::new(format!("/inputs/{name}/from"), e))?;
            inputs.push(Input {
                name: name.clone(),
                from,
                series: s(spec, "series", "projection"),
            });
        }
        let expect_raw = options.get("expect").cloned().unwrap_or(Value::Null);
        let names = |key: &str| -> Result<Vec<String>, OptionError> {
            let list: Vec<String> = options
                .get(key)
                .and_then(Value::as_array)
                .into_iter()
                .flatten()
                .filter_map(Value::as_str)
                .map(str::to_string)
                .collect();
            match list.iter().find(|p| !inputs.iter().any(|i| &i.name == *p)) {
                Some(p) => Err(OptionError::new(
                    format!("/{key}"),
                    format!("`{p}` is not one of the inputs"),
                )),
                None => Ok(list),
            }
        };
        let also_raw = options.get("also").cloned();
        let positive = names("positive")?;
        let non_positive = names("non_positive")?;
        Ok(SeriesFormula {
            key: s(options, "key", "service"),
            series: s(options, "series", "projection"),
            year: s(options, "year", "year"),
            value: s(options, "value", "attentions"),
            inputs,
            expect: parse_expr("/expect", &expect_raw)?,
            expect_text: expect_raw.as_str().unwrap_or_default().to_string(),
            also: also_raw
                .as_ref()
                .map(|raw| parse_expr("/also", raw))
                .transpose()?,
            tolerance: options
                .get("tolerance")
                .and_then(Value::as_f64)
                .unwrap_or(0.5),
            positive,
            non_positive,
            report_missing: options
                .get("report_missing")
                .and_then(Value::as_bool)
                .unwrap_or(true),
        })
    }

    pub fn run(&self, cx: &Cx<'_>, node: &Found<'_>, out: &mut Vec<Finding>) {
        let Some(key) = node.1.get(&self.key) else {
            return;
        };
        let Some(series) = node.1.get(&self.series).and_then(Value::as_array) else {
            return;
        };
        let scope = cx.scope(node);
        // The input item of the same key, for each input.
        let mut matched: Vec<(&Input, String, &Vec<Value>)> = Vec::new();
        for input in &self.inputs {
            let found = cx.resolve(&input.from, &scope);
            let hit = found
                .iter()
                .find(|(_, item)| item.get(&self.key).is_some_and(|k| loose_eq(k, key)))
                .map(|(ptr, item)| (ptr.as_str(), *item));
            match hit.and_then(|(ptr, item)| {
                item.get(&input.series)
                    .and_then(Value::as_array)
                    .map(|a| (ptr, a))
            }) {
                Some((ptr, list)) => matched.push((input, child_pointer(ptr, &input.series), list)),
                None => {
                    if !self.report_missing {
                        return;
                    }
                    out.push(
                        Finding::new(
                            "missing_input",
                            child_pointer(&node.0, &self.key),
                            At::Value,
                        )
                        .arg("key", show(key))
                        .arg("input", input.name.clone())
                        .arg("expect", self.expect_text.clone()),
                    );
                    return;
                }
            }
        }
        let series_ptr = child_pointer(&node.0, &self.series);
        // The variables: each year's inputs, then the year unless the node
        // has a scalar field or an input of that name; any other name is the
        // node's own field (e.g. `share_pct`).
        let set_year = !node
            .1
            .get("year")
            .is_some_and(|v| !v.is_array() && !v.is_object())
            && !matched.iter().any(|(input, ..)| input.name == "year");
        // Each input's (year, value) entries, read once: the years of a
        // series are matched against every year of the node's series.
        let entries: Vec<Vec<(Option<&Value>, Option<&Value>)>> = matched
            .iter()
            .map(|(_, _, list)| {
                list.iter()
                    .map(|e| (e.get(&self.year), e.get(&self.value)))
                    .collect()
            })
            .collect();
        // Per input: its item for this year and that item's value.
        let mut hits: Vec<(usize, &Value)> = Vec::with_capacity(matched.len());
        let mut vars: Vec<(&str, &Value)> = Vec::with_capacity(matched.len() + 1);
        for (i, entry) in series.iter().enumerate() {
            let (Some(year), Some(actual)) = (
                entry.get(&self.year),
                entry.get(&self.value).and_then(Value::as_f64),
            ) else {
                continue;
            };
            hits.clear();
            let mut complete = true;
            for ((input, ..), list) in matched.iter().zip(&entries) {
                let hit = list
                    .iter()
                    .position(|(y, _)| y.is_some_and(|y| loose_eq(y, year)));
                match hit.and_then(|j| list[j].1.map(|v| (j, v))) {
                    Some((j, v)) => {
                        let x = v.as_f64();
                        if (self.positive.contains(&input.name) && x.is_none_or(|x| x <= 0.0))
                            || (self.non_positive.contains(&input.name)
                                && x.is_none_or(|x| x > 0.0))
                        {
                            complete = false;
                        }
                        hits.push((j, v));
                    }
                    None => complete = false,
                }
            }
            if !complete {
                continue;
            }
            vars.clear();
            for ((input, ..), (_, v)) in matched.iter().zip(&hits) {
                vars.push((&input.name, v));
            }
            if set_year {
                vars.push(("year", year));
            }
            // The value alone: the variables' pointers are never reported.
            let Some(expected) = self.expect.value(&Scope {
                root: cx.root,
                node: node.1,
                pointer: &node.0,
                vars: &vars,
            }) else {
                continue;
            };
            if (actual - expected).abs() <= self.tolerance + 1e-9 {
                continue;
            }
            let alternative = self.also.as_ref().and_then(|also| {
                also.value(&Scope {
                    root: cx.root,
                    node: node.1,
                    pointer: &node.0,
                    vars: &vars,
                })
            });
            if alternative.is_some_and(|a| (actual - a).abs() <= self.tolerance + 1e-9) {
                continue;
            }
            let related = matched
                .iter()
                .zip(&hits)
                .map(|((_, ptr, _), (j, v))| {
                    (
                        child_pointer(&child_pointer(ptr, &j.to_string()), &self.value),
                        show(v),
                    )
                })
                .collect();
            let ptr = child_pointer(&child_pointer(&series_ptr, &i.to_string()), &self.value);
            let mut f = Finding::new("mismatch", ptr, At::Value)
                .arg("key", show(key))
                .arg("year", show(year))
                .arg("value", num(actual))
                .arg("expected", num(expected))
                .arg("difference", num(actual - expected))
                .arg("expect", self.expect_text.clone())
                .arg("also", alternative.map(num).unwrap_or_default())
                .arg("input", "");
            f.related = related;
            out.push(f);
        }
    }
}
