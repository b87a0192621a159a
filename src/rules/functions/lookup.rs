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
use crate::rules::expr::{Expr, Found, Path};

#[derive(Debug)]
pub struct Lookup {
    pub keys: Vec<(String, Path)>,
    pub value: Expr,
    pub value_text: String,
    pub table: Vec<Row>,
    pub report_unmatched: bool,
}

#[derive(Debug)]
pub struct Row {
    pub when: Vec<(String, Vec<Value>)>,
    pub range: RangeFn,
    pub none: bool,
    pub note: Option<Text>,
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
            let path = Path::parse(p.as_str().unwrap_or_default())
                .map_err(|e| OptionError::new(format!("/keys/{name}"), e))?;
            keys.push((name.clone(), path));
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
                    Value::Array(a) => a.clone(),
                    other => vec![other.clone()],
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
                .and_then(|n| serde_json::from_value(n.clone()).ok());
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
        })
    }

    pub fn run(&self, cx: &Cx<'_>, node: &Found<'_>, out: &mut Vec<Finding>) {
        let scope = cx.scope(node);
        let mut key_values = Vec::new();
        for (name, path) in &self.keys {
            let found = path.resolve_one(&scope);
            key_values.push((name.as_str(), found));
        }
        let Some(value) = self.value.eval(&scope) else {
            return;
        };
        let pointer = match value.inputs.as_slice() {
            [(p, _)] => p.clone(),
            _ => node.0.clone(),
        };
        let keys_text = key_values
            .iter()
            .filter_map(|(n, f)| f.as_ref().map(|(_, v)| format!("{n} {}", show(v))))
            .collect::<Vec<_>>()
            .join(", ");
        let row = self.table.iter().find(|row| {
            row.when.iter().all(|(k, accepted)| {
                key_values
                    .iter()
                    .find(|(n, _)| n == k)
                    .and_then(|(_, f)| f.as_ref())
                    .is_some_and(|(_, v)| accepted.contains(v))
            })
        });
        let base = |kind| {
            let mut f = Finding::new(kind, pointer.clone(), At::Value)
                .arg("value", num(value.value))
                .arg("keys", keys_text.clone())
                .arg("field", self.value_text.clone());
            for (n, found) in &key_values {
                if let Some((p, v)) = found {
                    f.related.push((p.clone(), format!("{n} {}", show(v))));
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
