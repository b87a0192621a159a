//! `ordered`: the items of a list are ranked by a figure of each (the
//! morbidity by its cases in the latest year, most first). Each item that
//! breaks the order is reported, at its figure, beside the one before it.

use serde_json::Value;

use super::{At, Cx, Finding, OptionError, Text2, num, parse_expr};
use crate::rules::expr::{Expr, Found};
use crate::yaml::child_pointer;

#[derive(Debug)]
pub struct Ordered {
    /// The figure of each item, evaluated in the item's scope (`cases[-1]`).
    pub by: Expr,
    /// Most first (the default) or least first.
    pub descending: bool,
}

pub const MESSAGES: &[(&str, Text2, &[&str])] = &[(
    "unordered",
    (
        "el valor {value} sigue a {previous}: la lista debe ir ordenada",
        "the value {value} follows {previous}: the list must be ordered",
    ),
    &["value", "previous", "position"],
)];

impl Ordered {
    pub fn build(options: &Value) -> Result<Ordered, OptionError> {
        if let Some(map) = options.as_object()
            && let Some(k) = map.keys().find(|k| !matches!(k.as_str(), "by" | "order"))
        {
            return Err(OptionError::new(
                format!("/{k}"),
                format!("unknown option `{k}`"),
            ));
        }
        let by = options
            .get("by")
            .ok_or_else(|| OptionError::new("", "`ordered` needs `by`, the figure to rank by"))?;
        let by = parse_expr("/by", by)?;
        let descending = match options.get("order").and_then(Value::as_str) {
            None | Some("descending") => true,
            Some("ascending") => false,
            Some(other) => {
                return Err(OptionError::new(
                    "/order",
                    format!("`order` is `descending` or `ascending`, not `{other}`"),
                ));
            }
        };
        Ok(Ordered { by, descending })
    }

    pub fn run(&self, cx: &Cx<'_>, node: &Found<'_>, out: &mut Vec<Finding>) {
        let Some(items) = node.1.as_array() else {
            return;
        };
        // (its figure's pointer, the figure) of the item before.
        let mut previous: Option<(String, f64)> = None;
        for (i, item) in items.iter().enumerate() {
            let found: Found<'_> = (child_pointer(&node.0, &i.to_string()), item);
            // An item without its figure (a schema matter) is passed over.
            let Some(e) = self.by.eval(&cx.scope(&found)) else {
                continue;
            };
            let pointer = match e.inputs.as_slice() {
                [(p, _)] => p.clone(),
                _ => found.0.clone(),
            };
            if let Some((prev_ptr, prev)) = &previous {
                let broken = if self.descending {
                    e.value > *prev
                } else {
                    e.value < *prev
                };
                if broken {
                    let mut f = Finding::new("unordered", pointer.clone(), At::Value)
                        .arg("value", num(e.value))
                        .arg("previous", num(*prev))
                        .arg("position", (i + 1).to_string());
                    f.related.push((prev_ptr.clone(), num(*prev)));
                    out.push(f);
                }
            }
            previous = Some((pointer, e.value));
        }
    }
}
