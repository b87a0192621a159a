//! `lookup`: a value must lie in the range given by a table keyed by other
//! fields (e.g. the coverage range of a facility category, §3.1.3). Where
//! the table says the guide gives no range (`none: true`), or no row
//! matches, the finding is `no_range` at `info`: pip-lint says so instead
//! of inventing a range.

use serde_json::Value;

use super::range::RangeFn;
use super::{At, Cx, Finding, OptionError, Text2, num, parse_expr, show};
use crate::diagnostic::Severity;
use crate::i18n::Text;
use crate::rules::expr::{Expr, Found, loose_eq};

#[derive(Debug)]
pub struct Lookup {
    /// Named keys: a path (its value is compared as is) or an expression (a number).
    pub keys: Vec<(String, Expr)>,
    pub value: Expr,
    pub value_text: String,
    pub table: Vec<Row>,
    pub report_unmatched: bool,
    /// How each key is named in messages.
    pub labels: Vec<(String, Text)>,
}

#[derive(Debug)]
pub struct Row {
    pub when: Vec<(String, Accept)>,
    pub range: RangeFn,
    pub none: bool,
    pub note: Option<Text>,
}

/// What a row accepts for a key: one of some values, or a number in a range.
#[derive(Debug)]
pub enum Accept {
    Values(Vec<Value>),
    Range { min: Option<f64>, max: Option<f64> },
}

impl Accept {
    fn accepts(&self, v: &Value) -> bool {
        match self {
            Accept::Values(vs) => vs.iter().any(|a| loose_eq(a, v)),
            Accept::Range { min, max } => v
                .as_f64()
                .is_some_and(|x| min.is_none_or(|m| x >= m) && max.is_none_or(|m| x <= m)),
        }
    }
}

const P: &[&str] = &["value", "expected", "keys", "note", "field"];

pub const MESSAGES: &[(&str, Text2, &[&str])] = &[
    (
        "out_of_range",
        (
            "`{field}` es {value}; para {keys} se espera {expected}",
            "`{field}` is {value}; for {keys} {expected} is expected",
        ),
        P,
    ),
    (
        "no_range",
        (
            "la guía no da un rango para {keys}; `{field}` = {value} no se puede contrastar{note}",
            "the guide gives no range for {keys}; `{field}` = {value} cannot be checked{note}",
        ),
        P,
    ),
];

impl Lookup {
    pub fn build(options: &Value) -> Result<Lookup, OptionError> {
        let mut keys = Vec::new();
        for (name, p) in options
            .get("keys")
            .and_then(Value::as_object)
            .into_iter()
            .flatten()
        {
            let expr = parse_expr(&format!("/keys/{name}"), p)?;
            keys.push((name.clone(), expr));
        }
        let value_raw = options.get("value").cloned().unwrap_or(Value::Null);
        let value = parse_expr("/value", &value_raw)?;
        let mut table = Vec::new();
        for (i, row) in options
            .get("table")
            .and_then(Value::as_array)
            .into_iter()
            .flatten()
            .enumerate()
        {
            let mut when = Vec::new();
            for (k, v) in row
                .get("when")
                .and_then(Value::as_object)
                .into_iter()
                .flatten()
            {
                if !keys.iter().any(|(name, _)| name == k) {
                    return Err(OptionError::new(
                        format!("/table/{i}/when/{k}"),
                        format!("`{k}` is not one of the lookup's keys"),
                    ));
                }
                let accepted = match v {
                    Value::Array(a) => Accept::Values(a.clone()),
                    Value::Object(o) => Accept::Range {
                        min: o.get("min").and_then(Value::as_f64),
                        max: o.get("max").and_then(Value::as_f64),
                    },
                    other => Accept::Values(vec![other.clone()]),
                };
                when.push((k.clone(), accepted));
            }
            let range = RangeFn {
                min: row.get("min").and_then(Value::as_f64),
                max: row.get("max").and_then(Value::as_f64),
                exclusive_min: row.get("exclusive_min").and_then(Value::as_f64),
                exclusive_max: row.get("exclusive_max").and_then(Value::as_f64),
                unit: String::new(),
            };
            let note = row
                .get("note")
                .and_then(|n| serde::Deserialize::deserialize(n).ok());
            table.push(Row {
                when,
                range,
                none: row.get("none").and_then(Value::as_bool).unwrap_or(false),
                note,
            });
        }
        Ok(Lookup {
            keys,
            value,
            value_text: match value_raw {
                Value::String(s) => s,
                other => other.to_string(),
            },
            table,
            report_unmatched: options.get("unmatched").and_then(Value::as_str) != Some("skip"),
            labels: options
                .get("labels")
                .and_then(Value::as_object)
                .into_iter()
                .flatten()
                .filter_map(|(k, t)| {
                    serde::Deserialize::deserialize(t)
                        .ok()
                        .map(|t| (k.clone(), t))
                })
                .collect(),
        })
    }

    /// The first row whose conditions the keys' values meet.
    fn row<'v>(&self, value_of: impl Fn(&str) -> Option<&'v Value>) -> Option<&Row> {
        self.table.iter().find(|row| {
            row.when
                .iter()
                .all(|(k, accepted)| value_of(k).is_some_and(|v| accepted.accepts(v)))
        })
    }

    pub fn run(&self, cx: &Cx<'_>, node: &Found<'_>, out: &mut Vec<Finding>) {
        let scope = cx.scope(node);
        // Cheap first, without pointers or texts: most values are in range.
        {
            let keys: Vec<(&str, Option<std::borrow::Cow<'_, Value>>)> = self
                .keys
                .iter()
                .map(|(name, expr)| {
                    let v = match expr.as_ref() {
                        Some(path) => path.value_one(&scope).map(std::borrow::Cow::Borrowed),
                        None => expr
                            .value(&scope)
                            .and_then(serde_json::Number::from_f64)
                            .map(|n| std::borrow::Cow::Owned(Value::Number(n))),
                    };
                    (name.as_str(), v)
                })
                .collect();
            let Some(value) = self.value.value(&scope) else {
                return;
            };
            let row = self.row(|k| {
                keys.iter()
                    .find(|(n, _)| *n == k)
                    .and_then(|(_, v)| v.as_deref())
            });
            match row {
                Some(row) if !row.none && row.range.violation(value).is_none() => return,
                None if !self.report_unmatched => return,
                _ => {}
            }
        }
        // Each key's value and where it came from: a path's value as is, an expression's number.
        let mut owned: Vec<(&str, Option<(String, Value)>)> = Vec::new();
        for (name, expr) in &self.keys {
            let found = match expr.as_ref() {
                Some(path) => path.resolve_one(&scope).map(|(p, v)| (p, v.clone())),
                None => expr.eval(&scope).map(|e| {
                    let ptr = e.inputs.first().map(|(p, _)| p.clone()).unwrap_or_default();
                    (
                        ptr,
                        serde_json::Number::from_f64(e.value).map_or(Value::Null, Value::Number),
                    )
                }),
            };
            owned.push((name.as_str(), found));
        }
        let key_values: Vec<(&str, Option<(String, &Value)>)> = owned
            .iter()
            .map(|(n, f)| (*n, f.as_ref().map(|(p, v)| (p.clone(), v))))
            .collect();
        let Some(value) = self.value.eval(&scope) else {
            return;
        };
        let pointer = match value.inputs.as_slice() {
            [(p, _)] => p.clone(),
            _ => node.0.clone(),
        };
        let row = self.row(|k| {
            key_values
                .iter()
                .find(|(n, _)| *n == k)
                .and_then(|(_, f)| f.as_ref())
                .map(|(_, v)| *v)
        });
        // A key the study lacks (the schema reports it): no row can be trusted to apply.
        if row.is_none() && key_values.iter().any(|(_, f)| f.is_none()) {
            return;
        }
        // Name the keys that chose the row (all known keys when none did).
        let label = |n: &str| {
            self.labels
                .iter()
                .find(|(k, _)| k == n)
                .map_or(n.to_string(), |(_, t)| t.get(cx.lang).to_string())
        };
        let keys_text = key_values
            .iter()
            .filter(|(n, _)| row.is_none_or(|r| r.when.iter().any(|(k, _)| k == n)))
            .filter_map(|(n, f)| {
                f.as_ref().map(|(_, v)| {
                    // A value the schema lists reads as words («centro de salud»).
                    let shown = v
                        .as_str()
                        .and_then(|s| crate::i18n::enum_word(s, cx.lang))
                        .map_or_else(|| show(v), |w| format!("«{w}»"));
                    format!("{} {shown}", label(n))
                })
            })
            .collect::<Vec<_>>()
            .join(", ");
        let base = |kind| {
            let mut f = Finding::new(kind, pointer.clone(), At::Value)
                .arg("value", num(value.value))
                .arg("keys", keys_text.clone())
                .arg("field", self.value_text.clone());
            for (_, found) in &key_values {
                if let Some((p, v)) = found {
                    f.related.push((p.clone(), show(v)));
                }
            }
            f
        };
        let note = |row: Option<&Row>| {
            row.and_then(|r| r.note.as_ref())
                .map(|n| format!(" ({})", n.get(cx.lang)))
                .unwrap_or_default()
        };
        match row {
            Some(row) if !row.none && row.range.violation(value.value).is_some() => {
                out.push(
                    base("out_of_range")
                        .arg("expected", row.range.expected())
                        .arg("note", note(Some(row))),
                );
            }
            Some(row) if !row.none => {}
            Some(row) => {
                let mut f = base("no_range")
                    .arg("expected", "")
                    .arg("note", note(Some(row)));
                f.severity = Some(Severity::Info);
                out.push(f);
            }
            None if self.report_unmatched => {
                let mut f = base("no_range").arg("expected", "").arg("note", "");
                f.severity = Some(Severity::Info);
                out.push(f);
            }
            None => {}
        }
    }
}
