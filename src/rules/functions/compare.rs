//! `compare`: a relation between two expressions over the study's figures,
//! with a tolerance. The finding points at the left side when it is a single
//! field, and lists the figures of the right side as related places.

use serde_json::Value;

use super::{At, Cx, Finding, OptionError, Text2, num, parse_expr};
use crate::rules::expr::{Expr, Found};

#[derive(Debug)]
pub struct Compare {
    pub left: Expr,
    pub op: Op,
    pub right: Expr,
    pub left_text: String,
    pub right_text: String,
    pub tolerance: f64,
    pub tolerance_pct: f64,
    /// Whether each side is the same from every node (computed once per document).
    pub fixed: (bool, bool),
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Op {
    Lt,
    Le,
    Eq,
    Ne,
    Ge,
    Gt,
}

impl Op {
    fn parse(s: &str) -> Option<Op> {
        Some(match s {
            "<" => Op::Lt,
            "<=" => Op::Le,
            "==" => Op::Eq,
            "!=" => Op::Ne,
            ">=" => Op::Ge,
            ">" => Op::Gt,
            _ => return None,
        })
    }

    pub fn symbol(self) -> &'static str {
        match self {
            Op::Lt => "<",
            Op::Le => "≤",
            Op::Eq => "=",
            Op::Ne => "≠",
            Op::Ge => "≥",
            Op::Gt => ">",
        }
    }
}

/// Inputs of one side listed as related places, at most.
const MAX_RELATED: usize = 6;

pub const MESSAGES: &[(&str, Text2, &[&str])] = &[(
    "default",
    (
        "`{left}` es {left_value}; se esperaba {op} {right_value} (`{right}`)",
        "`{left}` is {left_value}; expected {op} {right_value} (`{right}`)",
    ),
    &[
        "left",
        "right",
        "left_value",
        "right_value",
        "op",
        "difference",
    ],
)];

fn text_of(v: Option<&Value>) -> String {
    match v {
        Some(Value::String(s)) => s.clone(),
        Some(other) => other.to_string(),
        None => String::new(),
    }
}

/// A side worth computing once per document: fixed, and not a constant.
fn memoised(e: &Expr) -> bool {
    e.is_fixed() && !matches!(e, Expr::Number(_))
}

impl Compare {
    pub fn build(options: &Value) -> Result<Compare, OptionError> {
        let left = parse_expr("/left", options.get("left").unwrap_or(&Value::Null))?;
        let right = parse_expr("/right", options.get("right").unwrap_or(&Value::Null))?;
        let op = options
            .get("op")
            .and_then(Value::as_str)
            .and_then(Op::parse)
            .ok_or_else(|| OptionError::new("/op", "unknown operator"))?;
        Ok(Compare {
            fixed: (memoised(&left), memoised(&right)),
            left,
            op,
            right,
            left_text: text_of(options.get("left")),
            right_text: text_of(options.get("right")),
            tolerance: options
                .get("tolerance")
                .and_then(Value::as_f64)
                .unwrap_or(0.0),
            tolerance_pct: options
                .get("tolerance_pct")
                .and_then(Value::as_f64)
                .unwrap_or(0.0),
        })
    }

    /// Whether `l op r` holds within the tolerance.
    pub fn holds(&self, l: f64, r: f64) -> bool {
        let tol = self.tolerance + self.tolerance_pct / 100.0 * r.abs();
        // A hair of slack for floating point, except where it would make a strict relation loose.
        let eps = 1e-9;
        match self.op {
            Op::Lt => l < r + tol,
            Op::Le => l <= r + tol + eps,
            Op::Eq => (l - r).abs() <= tol + eps,
            Op::Ne => (l - r).abs() > tol + eps,
            Op::Ge => l >= r - tol - eps,
            Op::Gt => l > r - tol,
        }
    }

    pub fn run(&self, cx: &Cx<'_>, node: &Found<'_>, out: &mut Vec<Finding>) {
        let scope = cx.scope(node);
        // Cheap first: only a relation that fails needs the figures' pointers.
        let (Some(lv), Some(rv)) = (
            cx.value(&self.left, self.fixed.0, &scope),
            cx.value(&self.right, self.fixed.1, &scope),
        ) else {
            return;
        };
        if self.holds(lv, rv) {
            return;
        }
        let (Some(l), Some(r)) = (self.left.eval(&scope), self.right.eval(&scope)) else {
            return;
        };
        if self.holds(l.value, r.value) {
            return;
        }
        // Point at the left figure when it comes from one field; otherwise at the node's key.
        let (pointer, at) = match l.inputs.as_slice() {
            [(p, _)] => (p.clone(), At::Value),
            _ => (node.0.clone(), At::Key),
        };
        let mut f = Finding::new("default", pointer.clone(), at)
            .arg("left", self.left_text.clone())
            .arg("right", self.right_text.clone())
            .arg("left_value", num(l.value))
            .arg("right_value", num(r.value))
            .arg("op", self.op.symbol())
            .arg("difference", num(l.value - r.value));
        // The figures it came from, but not a whole series: an aggregate's many inputs are noise.
        for side in [&l.inputs, &r.inputs] {
            if side.len() > MAX_RELATED {
                continue;
            }
            for (p, v) in side.iter() {
                if *p != pointer && !f.related.iter().any(|(q, _)| q == p) {
                    f.related.push((p.clone(), num(*v)));
                }
            }
        }
        out.push(f);
    }
}
