//! The library of check functions. Each one is generic: a rule picks it by
//! name and gives it options, so that a new rule of an existing kind needs no
//! Rust code. A function never prints and never builds a diagnostic: it
//! returns [`Finding`]s (where, what kind, the values for the message) and
//! the engine turns them into diagnostics.

mod compare;
mod count;
mod lookup;
mod mentions;
mod parts;
mod pattern;
mod phrases;
mod range;
mod required;
mod series_years;

use std::ops::Range;

use serde_json::Value;

use super::expr::{Expr, Found, Scope};
use crate::diagnostic::Severity;
use crate::i18n::Lang;
use crate::source::Source;
use crate::yaml::SpanIndex;

pub use compare::Compare;
pub use count::Count;
pub use lookup::Lookup;
pub use mentions::Mentions;
pub use parts::Parts;
pub use pattern::Pattern;
pub use phrases::Phrases;
pub use range::RangeFn;
pub use required::{Required, is_empty};
pub use series_years::SeriesYears;

/// Which span of the finding's node to point at.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum At {
    /// The node's value.
    Value,
    /// The node's key (its value when it has none), e.g. for a missing child.
    Key,
    /// An exact byte range in the file (a phrase inside a string).
    Bytes(Range<usize>),
}

/// What a function found: the engine makes a diagnostic of it.
#[derive(Debug, Clone, PartialEq)]
pub struct Finding {
    /// Which of the function's messages applies ("default", "missing", …).
    pub kind: &'static str,
    pub pointer: String,
    pub at: At,
    /// Values for the message template's placeholders.
    pub args: Vec<(&'static str, String)>,
    /// Other places involved: pointer and a message.
    pub related: Vec<(String, String)>,
    /// A severity the function imposes (e.g. `no_range` is informative).
    pub severity: Option<Severity>,
}

impl Finding {
    pub fn new(kind: &'static str, pointer: impl Into<String>, at: At) -> Finding {
        Finding {
            kind,
            pointer: pointer.into(),
            at,
            args: Vec::new(),
            related: Vec::new(),
            severity: None,
        }
    }

    pub fn arg(mut self, name: &'static str, value: impl Into<String>) -> Finding {
        self.args.push((name, value.into()));
        self
    }
}

/// What a function can see while it runs.
pub struct Cx<'a> {
    pub root: &'a Value,
    pub spans: &'a SpanIndex,
    pub source: &'a Source,
    pub lang: Lang,
}

impl Cx<'_> {
    /// The scope in which a function resolves paths relative to `node`.
    pub fn scope<'b>(&'b self, node: &'b Found<'_>) -> Scope<'b> {
        Scope {
            root: self.root,
            node: node.1,
            pointer: &node.0,
        }
    }
}

/// A check function with its (validated, compiled) options.
#[derive(Debug)]
pub enum Function {
    Required(Required),
    Range(RangeFn),
    Count(Count),
    Phrases(Phrases),
    Pattern(Pattern),
    Compare(Compare),
    Parts(Parts),
    SeriesYears(SeriesYears),
    Lookup(Lookup),
    Mentions(Mentions),
    /// Cross-file uniqueness: collected per file, judged once every file is read.
    Unique {
        known_names: bool,
    },
}

/// An error in a function's options: the option's path (relative to
/// `options`) and what is wrong.
#[derive(Debug, Clone, PartialEq)]
pub struct OptionError {
    pub path: String,
    pub message: String,
}

impl OptionError {
    pub fn new(path: impl Into<String>, message: impl Into<String>) -> OptionError {
        OptionError {
            path: path.into(),
            message: message.into(),
        }
    }
}

pub fn parse_expr(path: &str, v: &Value) -> Result<Expr, OptionError> {
    match v {
        Value::Number(n) => Ok(Expr::Number(n.as_f64().unwrap_or(0.0))),
        Value::String(s) => Expr::parse(s).map_err(|e| OptionError::new(path, e)),
        _ => Err(OptionError::new(path, "expected a number or an expression")),
    }
}

fn de<T: serde::de::DeserializeOwned>(options: &Value) -> Result<T, OptionError> {
    serde_json::from_value(options.clone()).map_err(|e| OptionError::new("", e.to_string()))
}

impl Function {
    /// Builds a function from its name and options (already shape-checked by
    /// `schemas/rule.schema.json`; this compiles expressions and regexes).
    pub fn build(name: &str, options: &Value) -> Result<Function, OptionError> {
        Ok(match name {
            "required" => Function::Required(de(options)?),
            "range" => Function::Range(de(options)?),
            "count" => Function::Count(de(options)?),
            "phrases" => Function::Phrases(Phrases::build(options)?),
            "pattern" => Function::Pattern(Pattern::build(options)?),
            "compare" => Function::Compare(Compare::build(options)?),
            "parts" => Function::Parts(Parts::build(options)?),
            "series_years" => Function::SeriesYears(SeriesYears::build(options)?),
            "lookup" => Function::Lookup(Lookup::build(options)?),
            "mentions" => Function::Mentions(Mentions::build(options)?),
            "unique" => Function::Unique {
                known_names: options
                    .get("known_names")
                    .and_then(Value::as_bool)
                    .unwrap_or(true),
            },
            other => return Err(OptionError::new("", format!("unknown function `{other}`"))),
        })
    }

    /// The kinds of finding this function reports, with its default messages
    /// and the placeholders each message may use.
    pub fn messages(&self) -> &'static [(&'static str, Text2, &'static [&'static str])] {
        match self {
            Function::Required(_) => required::MESSAGES,
            Function::Range(_) => range::MESSAGES,
            Function::Count(_) => count::MESSAGES,
            Function::Phrases(_) => phrases::MESSAGES,
            Function::Pattern(_) => pattern::MESSAGES,
            Function::Compare(_) => compare::MESSAGES,
            Function::Parts(_) => parts::MESSAGES,
            Function::SeriesYears(_) => series_years::MESSAGES,
            Function::Lookup(_) => lookup::MESSAGES,
            Function::Mentions(_) => mentions::MESSAGES,
            Function::Unique { .. } => UNIQUE_MESSAGES,
        }
    }

    /// Runs the function on one selected node (the value at `field` when the check names one).
    pub fn run(&self, cx: &Cx<'_>, node: &Found<'_>, out: &mut Vec<Finding>) {
        match self {
            Function::Required(f) => f.run(cx, node, out),
            Function::Range(f) => f.run(cx, node, out),
            Function::Count(f) => f.run(cx, node, out),
            Function::Phrases(f) => f.run(cx, node, out),
            Function::Pattern(f) => f.run(cx, node, out),
            Function::Compare(f) => f.run(cx, node, out),
            Function::Parts(f) => f.run(cx, node, out),
            Function::SeriesYears(f) => f.run(cx, node, out),
            Function::Lookup(f) => f.run(cx, node, out),
            Function::Mentions(f) => f.run(cx, node, out),
            Function::Unique { .. } => {}
        }
    }
}

/// A default message: Spanish and English templates.
pub type Text2 = (&'static str, &'static str);

pub const UNIQUE_MESSAGES: &[(&str, Text2, &[&str])] = &[
    (
        "default",
        (
            "el nombre {value} ya lo usa otro estudio ({other})",
            "the name {value} is already used by another study ({other})",
        ),
        &["value", "other"],
    ),
    (
        "known",
        (
            "el nombre {value} ya está registrado en el banco de proyectos ({other})",
            "the name {value} is already registered in the bank of projects ({other})",
        ),
        &["value", "other"],
    ),
];

/// Formats a number for a message: integers without decimals, others with
/// up to two (trailing zeros dropped).
pub fn num(x: f64) -> String {
    if x.fract() == 0.0 && x.abs() < 1e15 {
        format!("{}", x as i64)
    } else {
        let s = format!("{x:.2}");
        s.trim_end_matches('0').trim_end_matches('.').to_string()
    }
}

/// A scalar as it appears in a message.
pub fn show(v: &Value) -> String {
    match v {
        Value::String(s) => format!("«{s}»"),
        Value::Number(n) => n.as_f64().map_or_else(|| n.to_string(), num),
        other => other.to_string(),
    }
}

/// The numeric value of a node, if any.
pub fn number(v: &Value) -> Option<f64> {
    v.as_f64()
}

/// The span in the file of `value[range]`, where `value` is the string at
/// `pointer`. Finds the text in the node's source (plain, quoted or block
/// scalar, across line folds); falls back to the whole value.
pub fn inner_span(cx: &Cx<'_>, pointer: &str, value: &str, range: Range<usize>) -> At {
    let Some(span) = cx.spans.get(pointer) else {
        return At::Value;
    };
    let node = cx.source.clamp(span.value.clone());
    let src = &cx.source.text[node.clone()];
    let needle = &value[range.clone()];
    let words: Vec<String> = needle.split_whitespace().map(regex::escape).collect();
    if words.is_empty() {
        return At::Value;
    }
    let Ok(re) = regex::Regex::new(&words.join(r"\s+")) else {
        return At::Value;
    };
    let best = re
        .find_iter(src)
        .min_by_key(|m| m.start().abs_diff(range.start));
    match best {
        Some(m) => At::Bytes(node.start + m.start()..node.start + m.end()),
        None => At::Value,
    }
}
