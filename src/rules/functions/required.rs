//! `required`: fields that must be present and not empty (null, "", [] or {}).

use serde_json::Value;

use super::{At, Cx, Finding, Text2};
use crate::rules::expr::{Found, Path};

#[derive(Debug)]
pub struct Required {
    pub fields: Vec<Path>,
}

impl<'de> serde::Deserialize<'de> for Required {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        #[derive(serde::Deserialize)]
        struct Raw {
            fields: Vec<String>,
        }
        let raw = Raw::deserialize(d)?;
        let fields = raw
            .fields
            .iter()
            .map(|f| Path::parse(f))
            .collect::<Result<_, _>>()
            .map_err(serde::de::Error::custom)?;
        Ok(Required { fields })
    }
}

pub const MESSAGES: &[(&str, Text2, &[&str])] = &[(
    "default",
    (
        "falta `{field}` en `{path}`",
        "`{field}` is missing from `{path}`",
    ),
    &["field", "path"],
)];

pub fn is_empty(v: &Value) -> bool {
    match v {
        Value::Null => true,
        Value::String(s) => s.trim().is_empty(),
        Value::Array(a) => a.is_empty(),
        Value::Object(o) => o.is_empty(),
        _ => false,
    }
}

impl Required {
    pub fn run(&self, cx: &Cx<'_>, node: &Found<'_>, out: &mut Vec<Finding>) {
        let scope = cx.scope(node);
        for field in &self.fields {
            let found = field.resolve(&scope);
            if found.is_empty() || found.iter().all(|(p, v)| is_empty(v) && !cx.is_rejected(p)) {
                // Point at the deepest part of the field's path that exists.
                let mut at = node.0.clone();
                let mut parent = Path {
                    absolute: field.absolute,
                    segments: Vec::new(),
                    text: String::new(),
                };
                for seg in &field.segments[..field.segments.len().saturating_sub(1)] {
                    parent.segments.push(seg.clone());
                    match parent.resolve_one(&scope) {
                        Some((p, v)) if !v.is_null() => at = p,
                        _ => break,
                    }
                }
                let shown = if at.is_empty() {
                    "/".to_string()
                } else {
                    at.clone()
                };
                out.push(
                    Finding::new("default", at, At::Key)
                        .arg("field", field.text.clone())
                        .arg("path", shown),
                );
            }
        }
    }
}
