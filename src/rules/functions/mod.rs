//! The library of check functions. Each one is generic: a rule picks it by
//! name and gives it options, so that a new rule of an existing kind needs no
//! Rust code. A function never prints and never builds a diagnostic: it
//! returns [`Finding`]s (where, what kind, the values for the message) and
//! the engine turns them into diagnostics.

mod compare;
mod consecutive;
mod count;
mod covers;
mod distinct;
mod exclusive;
mod lookup;
mod mentions;
mod ordered;
mod parts;
mod pattern;
mod phrases;
mod range;
mod references;
mod required;
mod same_text;
mod series_formula;
mod series_years;

use std::cell::RefCell;
use std::ops::Range;
use std::rc::Rc;

use rustc_hash::FxHashMap;
use serde_json::Value;

use super::expr::{Expr, Found, Path, Scope};
use crate::diagnostic::Severity;
use crate::i18n::Lang;
use crate::source::Source;
use crate::yaml::SpanIndex;

pub use compare::Compare;
pub use consecutive::Consecutive;
pub use count::Count;
pub use covers::Covers;
pub use distinct::Distinct;
pub use exclusive::Exclusive;
pub use lookup::Lookup;
pub use mentions::Mentions;
pub use ordered::Ordered;
pub use parts::Parts;
pub use pattern::{Pattern, compile as compile_regex};
pub use phrases::Phrases;
pub use range::RangeFn;
pub use references::References;
pub use required::{Required, is_empty};
pub use same_text::SameText;
pub use series_formula::SeriesFormula;
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
    /// Values an earlier stage rejected (and reported): not to be judged again.
    pub rejected: &'a [String],
    /// Folded texts of this document, by the address of the original: many
    /// rules fold the same text (the name, the central problem).
    pub folds: RefCell<FxHashMap<(usize, usize), Rc<crate::rules::text::Folded>>>,
    /// What each fixed path of the rules finds in this document, by the
    /// path's address: checks run once per selected node, and a fixed path
    /// (`$.formulation.services[*].id`) finds the same nodes from each.
    found: RefCell<FxHashMap<usize, Rc<Vec<Found<'a>>>>>,
    /// The same, values only (no pointers built), for checks that only compare them.
    found_values: RefCell<FxHashMap<usize, Rc<Vec<&'a Value>>>>,
    /// The value of each fixed expression of the rules in this document, by
    /// the expression's address (`count($.formulation.offer.equipment[*])`
    /// is the same for every item a check selects).
    values: RefCell<FxHashMap<usize, Option<f64>>>,
}

/// Whether `pointer` is `base` or lies under it.
pub fn is_under(pointer: &str, base: &str) -> bool {
    pointer == base
        || (pointer.starts_with(base) && pointer.as_bytes().get(base.len()) == Some(&b'/'))
}

impl<'a> Cx<'a> {
    pub fn new(
        root: &'a Value,
        spans: &'a SpanIndex,
        source: &'a Source,
        lang: Lang,
        rejected: &'a [String],
    ) -> Cx<'a> {
        Cx {
            root,
            spans,
            source,
            lang,
            rejected,
            // Sized for what the built-in rules keep of a bundled-size study
            // (about 40 folded texts, 30 fixed paths, 40 fixed expressions).
            folds: RefCell::new(FxHashMap::with_capacity_and_hasher(64, Default::default())),
            found: RefCell::new(FxHashMap::with_capacity_and_hasher(64, Default::default())),
            values: RefCell::new(FxHashMap::with_capacity_and_hasher(64, Default::default())),
            found_values: RefCell::new(FxHashMap::with_capacity_and_hasher(64, Default::default())),
        }
    }

    /// The root as a scope: where a fixed path is resolved.
    fn root_scope(&self) -> Scope<'a> {
        Scope {
            root: self.root,
            node: self.root,
            pointer: "",
            vars: &[],
        }
    }

    /// `path.resolve(scope)`, computed once per document when the path does
    /// not depend on the node (see [`Path::is_fixed`]).
    pub fn resolve<'s>(&'s self, path: &Path, scope: &Scope<'s>) -> Rc<Vec<Found<'s>>> {
        if !path.is_fixed() {
            return Rc::new(path.resolve(scope));
        }
        memo(&self.found, path as *const Path as usize, || {
            Rc::new(path.resolve(&self.root_scope()))
        })
    }

    /// `path.values(scope)`: what [`Cx::resolve`] finds, without pointers.
    pub fn values_of<'s>(&'s self, path: &Path, scope: &Scope<'s>) -> Rc<Vec<&'s Value>> {
        if !path.is_fixed() {
            return Rc::new(path.values(scope));
        }
        memo(&self.found_values, path as *const Path as usize, || {
            Rc::new(path.values(&self.root_scope()))
        })
    }

    /// `expr.value(scope)`, computed once per document when `fixed` (the
    /// caller's [`Expr::is_fixed`], worked out when the rule was built).
    pub fn value(&self, expr: &Expr, fixed: bool, scope: &Scope<'_>) -> Option<f64> {
        if !fixed {
            return expr.value(scope);
        }
        memo(&self.values, expr as *const Expr as usize, || {
            expr.value(scope)
        })
    }

    /// `text` folded (lower case, no accents, single spaces), computed once
    /// per string of the document. Only for strings borrowed from the
    /// document (the cache is keyed by their address, stable for the run).
    pub fn folded(&self, text: &str) -> Rc<crate::rules::text::Folded> {
        memo(&self.folds, (text.as_ptr() as usize, text.len()), || {
            Rc::new(crate::rules::text::Folded::new(text))
        })
    }
}

/// The value cached under `key`, computed and kept the first time.
fn memo<K: std::hash::Hash + Eq, V: Clone>(
    cache: &RefCell<FxHashMap<K, V>>,
    key: K,
    compute: impl FnOnce() -> V,
) -> V {
    if let Some(v) = cache.borrow().get(&key) {
        return v.clone();
    }
    let v = compute();
    cache.borrow_mut().insert(key, v.clone());
    v
}

impl Cx<'_> {
    /// Whether the value at `pointer` (or an ancestor) was rejected before the rules ran.
    pub fn is_rejected(&self, pointer: &str) -> bool {
        self.rejected.iter().any(|r| is_under(pointer, r))
    }

    /// The scope in which a function resolves paths relative to `node`.
    pub fn scope<'b>(&'b self, node: &'b Found<'_>) -> Scope<'b> {
        Scope {
            root: self.root,
            node: node.1,
            pointer: &node.0,
            vars: &[],
        }
    }
}

/// A check function with its (validated, compiled) options.
#[derive(Debug)]
pub enum Function {
    Required(Required),
    Range(RangeFn),
    Count(Count),
    Consecutive(Consecutive),
    Distinct(Distinct),
    Ordered(Ordered),
    Phrases(Phrases),
    Pattern(Pattern),
    Compare(Compare),
    Parts(Parts),
    SeriesYears(SeriesYears),
    Lookup(Lookup),
    Mentions(Mentions),
    References(References),
    SeriesFormula(SeriesFormula),
    Covers(Covers),
    Exclusive(Exclusive),
    SameText(SameText),
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
    T::deserialize(options).map_err(|e| OptionError::new("", e.to_string()))
}

impl Function {
    /// Builds a function from its name and options (already shape-checked by
    /// `schemas/rule.schema.json`; this compiles expressions and regexes).
    pub fn build(name: &str, options: &Value) -> Result<Function, OptionError> {
        Ok(match name {
            "required" => Function::Required(de(options)?),
            "range" => Function::Range(range::RangeFn::checked(de(options)?)?),
            "count" => Function::Count(count::Count::checked(de(options)?)?),
            "consecutive" => Function::Consecutive(de(options)?),
            "distinct" => Function::Distinct(de(options)?),
            "ordered" => Function::Ordered(Ordered::build(options)?),
            "phrases" => Function::Phrases(Phrases::build(options)?),
            "pattern" => Function::Pattern(Pattern::build(options)?),
            "compare" => Function::Compare(Compare::build(options)?),
            "parts" => Function::Parts(Parts::build(options)?),
            "series_years" => Function::SeriesYears(SeriesYears::build(options)?),
            "lookup" => Function::Lookup(Lookup::build(options)?),
            "mentions" => Function::Mentions(Mentions::build(options)?),
            "references" => Function::References(References::build(options, false)?),
            "referenced" => Function::References(References::build(options, true)?),
            "series_formula" => Function::SeriesFormula(SeriesFormula::build(options)?),
            "covers" => Function::Covers(Covers::build(options)?),
            "exclusive" => Function::Exclusive(Exclusive::build(options)?),
            "same_text" => Function::SameText(SameText::build(options)?),
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
            Function::Consecutive(_) => consecutive::MESSAGES,
            Function::Distinct(_) => distinct::MESSAGES,
            Function::Ordered(_) => ordered::MESSAGES,
            Function::Phrases(_) => phrases::MESSAGES,
            Function::Pattern(_) => pattern::MESSAGES,
            Function::Compare(_) => compare::MESSAGES,
            Function::Parts(_) => parts::MESSAGES,
            Function::SeriesYears(_) => series_years::MESSAGES,
            Function::Lookup(_) => lookup::MESSAGES,
            Function::Mentions(_) => mentions::MESSAGES,
            Function::References(_) => references::MESSAGES,
            Function::SeriesFormula(_) => series_formula::MESSAGES,
            Function::Covers(_) => covers::MESSAGES,
            Function::Exclusive(_) => exclusive::MESSAGES,
            Function::SameText(_) => same_text::MESSAGES,
            Function::Unique { .. } => UNIQUE_MESSAGES,
        }
    }

    /// The kinds of finding this function, with its options, can report:
    /// [`Function::messages`] without those its options turn off (a
    /// `series_formula` with `report_missing: false` reports no missing input).
    pub fn reported(&self) -> Vec<(&'static str, Text2, &'static [&'static str])> {
        self.messages()
            .iter()
            .filter(|(kind, _, _)| match (self, *kind) {
                (Function::SeriesFormula(f), "missing_input") => f.report_missing,
                (Function::Lookup(f), "no_range") => f.report_unmatched,
                (Function::Parts(f), "sum") => f.compare_sum,
                _ => true,
            })
            .copied()
            .collect()
    }

    /// Runs the function on one selected node (the value at `field` when the check names one).
    pub fn run(&self, cx: &Cx<'_>, node: &Found<'_>, out: &mut Vec<Finding>) {
        match self {
            Function::Required(f) => f.run(cx, node, out),
            Function::Range(f) => f.run(cx, node, out),
            Function::Count(f) => f.run(cx, node, out),
            Function::Consecutive(f) => f.run(cx, node, out),
            Function::Distinct(f) => f.run(cx, node, out),
            Function::Ordered(f) => f.run(cx, node, out),
            Function::Phrases(f) => f.run(cx, node, out),
            Function::Pattern(f) => f.run(cx, node, out),
            Function::Compare(f) => f.run(cx, node, out),
            Function::Parts(f) => f.run(cx, node, out),
            Function::SeriesYears(f) => f.run(cx, node, out),
            Function::Lookup(f) => f.run(cx, node, out),
            Function::Mentions(f) => f.run(cx, node, out),
            Function::References(f) => f.run(cx, node, out),
            Function::SeriesFormula(f) => f.run(cx, node, out),
            Function::Covers(f) => f.run(cx, node, out),
            Function::Exclusive(f) => f.run(cx, node, out),
            Function::SameText(f) => f.run(cx, node, out),
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
    // Sums of huge figures may leave the finite numbers, and a figure of
    // 309 digits reads as nothing: both in short forms.
    if !x.is_finite() {
        return if x.is_nan() {
            "NaN".into()
        } else if x > 0.0 {
            "∞".into()
        } else {
            "-∞".into()
        };
    }
    if x.abs() >= 1e15 {
        return format!("{x:e}");
    }
    if x.fract() == 0.0 {
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::yaml::{Limits, load};
    use serde_json::json;

    /// (kind, pointer, text under the span, args) of a finding.
    type Seen = (String, String, String, Vec<(String, String)>);

    /// Runs `function` with `options` on the nodes `selector` finds in `yaml`;
    /// returns (kind, pointer, text under the span, args) of each finding.
    fn run(function: &str, options: Value, yaml: &str, selector: &str) -> Vec<Seen> {
        let source = Source::from_text("t.yaml", yaml);
        let doc = load(&source, &Limits::default(), Lang::En)
            .document
            .expect("valid yaml");
        let f = Function::build(function, &options).expect("valid options");
        let cx = Cx::new(&doc.value, &doc.spans, &source, Lang::En, &[]);
        let path = serde_json_path::JsonPath::parse(selector).unwrap();
        let mut out = Vec::new();
        for n in path.query_located(&doc.value) {
            let node = (n.location().to_json_pointer(), n.node());
            f.run(&cx, &node, &mut out);
        }
        out.into_iter()
            .map(|f| {
                let range = match &f.at {
                    At::Value => doc.spans.locate(&f.pointer).1,
                    At::Key => doc.spans.anchor(&f.pointer, &source.text),
                    At::Bytes(r) => r.clone(),
                };
                let args = f
                    .args
                    .iter()
                    .map(|(k, v)| (k.to_string(), v.clone()))
                    .collect();
                (f.kind.to_string(), f.pointer, yaml[range].to_string(), args)
            })
            .collect()
    }

    fn arg(args: &[(String, String)], name: &str) -> String {
        args.iter()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.clone())
            .unwrap_or_default()
    }

    #[test]
    fn required_points_at_parent_key() {
        let y = "e:\n  a: 1\n  b: ''\n";
        let r = run("required", json!({"fields": ["a", "b", "c"]}), y, "$.e");
        assert_eq!(r.len(), 2);
        assert_eq!(
            (r[0].1.as_str(), r[0].2.as_str(), arg(&r[0].3, "field")),
            ("/e", "e", "b".into())
        );
        assert_eq!(arg(&r[1].3, "field"), "c");
        assert!(run("required", json!({"fields": ["a"]}), y, "$.e").is_empty());
    }

    #[test]
    fn range_bounds_and_exclusive() {
        let y = "a: 5\nb: 2.5\nc: 100000\n";
        assert!(run("range", json!({"min": 3, "max": 5}), y, "$.a").is_empty());
        let r = run("range", json!({"min": 3, "max": 5, "unit": "Ω"}), y, "$.b");
        assert_eq!((r[0].0.as_str(), r[0].2.as_str()), ("below", "2.5"));
        assert_eq!(arg(&r[0].3, "expected"), "3–5 Ω");
        let r = run("range", json!({"exclusive_min": 100000}), y, "$.c");
        assert_eq!(
            (r[0].0.as_str(), arg(&r[0].3, "expected")),
            ("below", "> 100000".into())
        );
        assert!(
            run("range", json!({"min": 0}), "a: text\n", "$.a").is_empty(),
            "non-numbers are the schema's business"
        );
    }

    #[test]
    fn count_items() {
        let y = "s: [1, 2, 3]\n";
        let r = run("count", json!({"max": 2}), y, "$.s");
        assert_eq!(
            (r[0].0.as_str(), arg(&r[0].3, "count")),
            ("too_many", "3".into())
        );
        assert_eq!(run("count", json!({"min": 4}), y, "$.s")[0].0, "too_few");
        assert!(run("count", json!({"min": 1, "max": 3}), y, "$.s").is_empty());
    }

    #[test]
    fn phrases_report_exact_subspan_in_plain_quoted_and_folded_scalars() {
        let opts = json!({"phrases": ["falta de", {"phrase": "no cuenta con", "at": "anywhere"}, "sin"], "at": "start"});
        let y = "p: \"  FALTA   de médicos\"\n";
        let r = run("phrases", opts.clone(), y, "$.p");
        assert_eq!((r[0].0.as_str(), r[0].2.as_str()), ("found", "FALTA   de"));
        let y = "p: La población\n  no cuenta con agua\n";
        let r = run("phrases", opts.clone(), y, "$.p");
        assert_eq!(r[0].2, "no cuenta con");
        let y = "p: >\n  La población de Ñuñoa\n  no  cuenta con agua\n";
        assert_eq!(
            run("phrases", opts.clone(), y, "$.p")[0].2,
            "no  cuenta con"
        );
        assert!(run("phrases", opts.clone(), "p: Síntomas sin atención\n", "$.p").is_empty());
        assert!(
            run(
                "phrases",
                opts.clone(),
                "p: Limitado acceso sin calidad\n",
                "$.p"
            )
            .is_empty()
        );
        let require = json!({"phrases": ["tasa de"], "mode": "require"});
        assert_eq!(
            run("phrases", require, "p: mortalidad\n", "$.p")[0].0,
            "missing"
        );
    }

    #[test]
    fn pattern_forbid_and_require() {
        let r = run(
            "pattern",
            json!({"regex": "^[0-9]{5}"}),
            "c: '99209.02'\n",
            "$.c",
        );
        assert_eq!((r[0].0.as_str(), r[0].2.as_str()), ("matches", "99209"));
        let r = run(
            "pattern",
            json!({"regex": "^[A-Z][0-9]{2}", "mode": "require"}),
            "c: '99209'\n",
            "$.c",
        );
        assert_eq!(r[0].0, "no_match");
        assert!(Function::build("pattern", &json!({"regex": "("})).is_err());
    }

    /// Boundaries that no built-in rule sits on: each assertion fails under
    /// a plausible one-token slip in the function (named in the comment).
    #[test]
    fn boundaries_no_fixture_reaches() {
        // compare: the tolerance share is of the right side, not the left
        // (60 % of 100 is 60 < 100; 60 % of 200 would let it pass).
        let opts = json!({"left": "l", "op": "==", "right": "r", "tolerance_pct": 60});
        assert_eq!(
            run("compare", opts, "x: {l: 200, r: 100}\n", "$.x").len(),
            1
        );
        // compare `!=`: equal fails, different passes.
        let ne = json!({"left": "l", "op": "!=", "right": "r"});
        assert_eq!(
            run("compare", ne.clone(), "x: {l: 5, r: 5}\n", "$.x").len(),
            1
        );
        assert!(run("compare", ne, "x: {l: 5, r: 6}\n", "$.x").is_empty());
        // compare `<` and `>` are strict.
        let lt = json!({"left": "l", "op": "<", "right": "r"});
        assert_eq!(run("compare", lt, "x: {l: 5, r: 5}\n", "$.x").len(), 1);
        let gt = json!({"left": "l", "op": ">", "right": "r"});
        assert_eq!(run("compare", gt, "x: {l: 5, r: 5}\n", "$.x").len(), 1);
        // parts: the sum's tolerance is a share of the total, not of the sum
        // (5 % of 1000 is 50 < 52; 5 % of 1052 would be 52.6).
        let parts = json!({"total": "t", "tolerance_share": 0.05, "parts": [{"field": "a"}, {"field": "b"}]});
        let r = run("parts", parts, "x: {t: 1000, a: 552, b: 500}\n", "$.x");
        assert_eq!(r.iter().map(|f| f.0.as_str()).collect::<Vec<_>>(), ["sum"]);
        // range: `exclusive_max` excludes its bound, and the text says so.
        let r = run("range", json!({"exclusive_max": 5}), "x: 5\n", "$.x");
        assert_eq!(
            (r[0].0.as_str(), arg(&r[0].3, "expected")),
            ("above", "< 5".into())
        );
        assert!(run("range", json!({"exclusive_max": 5}), "x: 4.9\n", "$.x").is_empty());
        let r = run(
            "range",
            json!({"exclusive_min": 1, "exclusive_max": 5}),
            "x: 1\n",
            "$.x",
        );
        assert_eq!(
            (r[0].0.as_str(), arg(&r[0].3, "expected")),
            ("below", "> 1, < 5".into())
        );
        // lookup: a row's `exclusive_max` too.
        let table = json!({"keys": {"k": "$.k"}, "value": "$.v", "table": [
            {"when": {"k": "a"}, "exclusive_max": 10}]});
        let r = run("lookup", table.clone(), "k: a\nv: 10\n", "$");
        assert_eq!(
            (r[0].0.as_str(), arg(&r[0].3, "expected")),
            ("out_of_range", "< 10".into())
        );
        assert!(run("lookup", table, "k: a\nv: 9\n", "$").is_empty());
    }

    #[test]
    fn distinct_reports_each_repeat_at_its_key_with_the_first_related() {
        let y = "l: [{s: a}, {s: b}, {s: a}, {x: 1}, {s: a}, {s: 1}, {s: 1.0}]\n";
        let r = run("distinct", json!({"key": "s"}), y, "$.l");
        let seen: Vec<(&str, &str, String)> = r
            .iter()
            .map(|f| (f.0.as_str(), f.1.as_str(), arg(&f.3, "first")))
            .collect();
        assert_eq!(
            seen,
            [
                ("duplicate", "/l/2/s", "1".to_string()),
                ("duplicate", "/l/4/s", "1".to_string()),
                ("duplicate", "/l/6/s", "6".to_string()),
            ]
        );
        // Without a key, the items themselves.
        let r = run("distinct", json!({}), "l: [2019, 2020, 2019]\n", "$.l");
        assert_eq!((r.len(), r[0].1.as_str()), (1, "/l/2"));
        assert!(Function::build("distinct", &json!({"keys": "s"})).is_err());
    }

    #[test]
    fn ordered_reports_each_item_that_breaks_the_rank_at_its_figure() {
        let y = "l: [{c: [1, 9]}, {c: [2, 7]}, {c: [0, 8]}, {x: 1}, {c: [5, 8]}, {c: [1, 1]}]\n";
        let r = run("ordered", json!({"by": "c[-1]"}), y, "$.l");
        let seen: Vec<(&str, &str, String, String)> = r
            .iter()
            .map(|f| {
                (
                    f.0.as_str(),
                    f.1.as_str(),
                    arg(&f.3, "value"),
                    arg(&f.3, "previous"),
                )
            })
            .collect();
        // 8 after 7 breaks the rank; 8 after 8 (across an item without the figure) ties.
        assert_eq!(seen, [("unordered", "/l/2/c/1", "8".into(), "7".into())]);
        let up = run(
            "ordered",
            json!({"by": "c[-1]", "order": "ascending"}),
            y,
            "$.l",
        );
        assert_eq!(
            up.iter().map(|f| f.1.as_str()).collect::<Vec<_>>(),
            ["/l/1/c/1", "/l/5/c/1"]
        );
        assert!(Function::build("ordered", &json!({})).is_err());
        assert!(Function::build("ordered", &json!({"by": "c", "order": "up"})).is_err());
        assert!(Function::build("ordered", &json!({"by": "c", "sort": 1})).is_err());
    }

    #[test]
    fn range_and_count_that_could_never_report_are_refused() {
        let err = |name: &str, options: Value| match Function::build(name, &options) {
            Err(e) => e.message,
            Ok(_) => panic!("{name} {options} was accepted"),
        };
        assert!(err("range", json!({"unit": " años"})).contains("needs a bound"));
        assert!(err("range", json!({"min": 20, "max": 5})).contains("above the upper bound"));
        assert!(err("range", json!({"min": 1, "exclusive_min": 0})).contains("not both"));
        assert!(err("count", json!({"distinct": "year"})).contains("needs `min`, `max`"));
        assert!(err("count", json!({"min": 3, "max": 2})).contains("above `max`"));
        for ok in [
            json!({"min": 3}),
            json!({"exclusive_max": 5}),
            json!({"min": 5, "max": 5}),
        ] {
            assert!(Function::build("range", &ok).is_ok(), "{ok}");
        }
        assert!(Function::build("count", &json!({"min": 2, "distinct": "year"})).is_ok());
    }

    #[test]
    fn compare_points_at_left_with_inputs_related() {
        let y = "p:\n  effective: 1000\n  attended: 600\n  deficit: 450\n";
        let r = run(
            "compare",
            json!({"left": "deficit", "op": "==", "right": "effective - attended"}),
            y,
            "$.p",
        );
        assert_eq!((r[0].1.as_str(), r[0].2.as_str()), ("/p/deficit", "450"));
        assert_eq!(arg(&r[0].3, "right_value"), "400");
        assert_eq!(arg(&r[0].3, "difference"), "50");
        assert!(run("compare", json!({"left": "deficit", "op": "==", "right": "effective - attended", "tolerance": 50}), y, "$.p").is_empty());
        assert!(run("compare", json!({"left": "deficit", "op": "==", "right": "effective - attended", "tolerance_pct": 12.5}), y, "$.p").is_empty());
        assert!(
            run(
                "compare",
                json!({"left": "attended", "op": "<=", "right": "effective"}),
                y,
                "$.p"
            )
            .is_empty()
        );
        assert!(
            run(
                "compare",
                json!({"left": "missing", "op": "<=", "right": "effective"}),
                y,
                "$.p"
            )
            .is_empty()
        );
    }

    #[test]
    fn parts_without_sum_reports_the_shares_alone() {
        // 45 % + 15 % + 60 % = 1 200 m² of 1 000: with `sum: false` only the shares.
        let y = "land: {total_m2: 1000, construction_m2: 450, expansion_m2: 150, free_m2: 600}\n";
        let opts = |sum: bool| {
            json!({"total": "total_m2", "sum": sum, "parts": [
            {"field": "construction_m2", "max_share": 0.3}, {"field": "expansion_m2", "min_share": 0.2}, {"field": "free_m2", "min_share": 0.5}]})
        };
        let kinds = |r: Vec<Seen>| r.into_iter().map(|f| f.0).collect::<Vec<_>>();
        assert_eq!(
            kinds(run("parts", opts(false), y, "$.land")),
            ["share_above", "share_below"]
        );
        assert_eq!(
            kinds(run("parts", opts(true), y, "$.land")),
            ["share_above", "share_below", "sum"]
        );
    }

    #[test]
    fn parts_shares_and_sum() {
        let y = "land: {total_m2: 1000, construction_m2: 450, expansion_m2: 150, free_m2: 400}\n";
        let opts = json!({"total": "total_m2", "parts": [
            {"field": "construction_m2", "max_share": 0.3}, {"field": "expansion_m2", "min_share": 0.2}, {"field": "free_m2", "min_share": 0.5}]});
        let r = run("parts", opts.clone(), y, "$.land");
        let kinds: Vec<&str> = r.iter().map(|f| f.0.as_str()).collect();
        assert_eq!(kinds, ["share_above", "share_below", "share_below"]);
        assert_eq!(
            (r[0].2.as_str(), arg(&r[0].3, "share")),
            ("450", "45 %".into())
        );
        let y = "land: {total_m2: 1000, construction_m2: 300, expansion_m2: 200, free_m2: 520}\n";
        let r = run("parts", opts.clone(), y, "$.land");
        assert_eq!(
            (r[0].0.as_str(), r[0].1.as_str(), arg(&r[0].3, "sum")),
            ("sum", "/land/total_m2", "1020".into())
        );
        // A total of 0: no shares, but the parts do not add up to it.
        let y = "land: {total_m2: 0, construction_m2: 300, expansion_m2: 200, free_m2: 500}\n";
        let r = run("parts", opts.clone(), y, "$.land");
        assert_eq!(
            (r.len(), r[0].0.as_str(), arg(&r[0].3, "difference")),
            (1, "sum", "1000".into())
        );
        let y = "land: {total_m2: 0, construction_m2: 0, expansion_m2: 0, free_m2: 0}\n";
        assert!(run("parts", opts.clone(), y, "$.land").is_empty());
        let y = "land: {total_m2: 1000, construction_m2: 303, expansion_m2: 200, free_m2: 497}\n";
        let r = run("parts", opts.clone(), y, "$.land");
        let kinds: Vec<(&str, String)> = r
            .iter()
            .map(|f| (f.0.as_str(), arg(&f.3, "share")))
            .collect();
        assert_eq!(
            kinds,
            [
                ("share_above", "30.3 %".to_string()),
                ("share_below", "49.7 %".to_string())
            ],
            "shares have no tolerance"
        );
        let y = "land: {total_m2: 1000, construction_m2: 300, expansion_m2: 200, free_m2: 503}\n";
        assert!(
            run("parts", opts, y, "$.land").is_empty(),
            "the sum is within the 0.5 % tolerance"
        );
    }

    #[test]
    fn series_years_missing_extra_duplicate() {
        let y = "h: 4\ns:\n  - {year: 1, v: 1}\n  - {year: 2, v: 1}\n  - {year: 2, v: 1}\n  - {year: 5, v: 1}\n";
        let r = run("series_years", json!({"horizon": "$.h"}), y, "$.s");
        let got: Vec<(&str, &str, &str)> = r
            .iter()
            .map(|f| (f.0.as_str(), f.1.as_str(), f.2.as_str()))
            .collect();
        assert_eq!(
            got,
            [
                ("duplicate", "/s/2/year", "2"),
                ("extra", "/s/3/year", "5"),
                ("missing", "/s", "s")
            ]
        );
        assert_eq!(arg(&r[2].3, "years"), "3, 4");
    }

    #[test]
    fn lookup_ranges_and_no_range() {
        let table = json!({"keys": {"category": "$.cat"}, "value": "$.pop", "table": [
            {"when": {"category": "puesto"}, "max": 6000},
            {"when": {"category": ["centro", "centro_i4"]}, "min": 6001, "max": 20000}]});
        let r = run("lookup", table.clone(), "cat: puesto\npop: 8500\n", "$");
        assert_eq!(
            (r[0].0.as_str(), r[0].1.as_str(), r[0].2.as_str()),
            ("out_of_range", "/pop", "8500")
        );
        assert_eq!(arg(&r[0].3, "expected"), "≤ 6000");
        assert!(run("lookup", table.clone(), "cat: centro_i4\npop: 8500\n", "$").is_empty());
        let r = run("lookup", table.clone(), "cat: hospital\npop: 8500\n", "$");
        assert_eq!(r[0].0, "no_range");
        let mut skip = table;
        skip["unmatched"] = json!("skip");
        assert!(run("lookup", skip, "cat: hospital\npop: 8500\n", "$").is_empty());
    }

    #[test]
    fn mentions_ignores_accents_and_generic_words() {
        let opts = json!({"groups": [
            {"label": {"es": "el establecimiento", "en": "the facility"}, "any_of": ["$.f"]},
            {"label": {"es": "el distrito", "en": "the district"}, "any_of": ["$.d", "$.p"]}],
            "ignore_words": ["de", "del", "puesto", "salud"]});
        let y = "n: Mejoramiento del P.S. de ACOS VINCHOS, Huamanga\nf: Puesto de Salud Acos Vinchos\nd: Acos Vinchos\np: Huamanga\n";
        assert!(run("mentions", opts.clone(), y, "$.n").is_empty());
        let y = "n: Mejoramiento de los servicios de salud\nf: Puesto de Salud Ñahuí\nd: Ñahuí\np: Huamanga\n";
        let r = run("mentions", opts, y, "$.n");
        assert_eq!(r.len(), 2);
        assert_eq!(arg(&r[0].3, "missing"), "the facility");
        // A value made only of ignored words is looked for whole, not found
        // in every text (and an empty one in none).
        let opts = json!({"groups": [{"label": {"es": "x", "en": "x"}, "any_of": ["$.s[*]"]}],
            "ignore_words": ["gobierno", "regional", "de"]});
        let y = "u: Hospital Regional de Ica
s: [Gobierno Regional, '']
";
        assert_eq!(run("mentions", opts.clone(), y, "$.u").len(), 1);
        let y = "u: Gobierno Regional de Ica
s: [Gobierno Regional]
";
        assert!(run("mentions", opts, y, "$.u").is_empty());
    }

    #[test]
    fn references_both_ways() {
        let y = "causes:\n  direct: [{id: CD1}, {id: CD2}]\n  indirect: [{id: CI1, direct: CD1}, {id: CI2, direct: CD9}]\nmeans: [{cause: CI1}]\n";
        let r = run(
            "references",
            json!({"to": "$.causes.direct[*].id"}),
            y,
            "$.causes.indirect[*].direct",
        );
        assert_eq!(r.len(), 1);
        assert_eq!(
            (r[0].0.as_str(), r[0].1.as_str(), r[0].2.as_str()),
            ("dangling", "/causes/indirect/1/direct", "CD9")
        );
        assert_eq!(arg(&r[0].3, "known"), "«CD1», «CD2»");
        // Nothing to refer to reads as a word, not a symbol.
        let r = run(
            "references",
            json!({"to": "$.nothing[*].id"}),
            y,
            "$.causes.indirect[0].direct",
        );
        assert_eq!(arg(&r[0].3, "known"), "empty list");
        let r = run(
            "referenced",
            json!({"by": "$.means[*].cause"}),
            y,
            "$.causes.indirect[*].id",
        );
        assert_eq!(
            (r[0].0.as_str(), r[0].1.as_str()),
            ("unreferenced", "/causes/indirect/1/id")
        );
        let r = run(
            "references",
            json!({"to": "$.causes.direct[*].id"}),
            "alts: [[CD1, CD3]]\ncauses: {direct: [{id: CD1}]}\n",
            "$.alts[*]",
        );
        assert_eq!(
            (r[0].1.as_str(), r[0].2.as_str()),
            ("/alts/0/1", "CD3"),
            "lists are checked item by item"
        );
    }

    #[test]
    fn series_formula_joins_by_key_and_year() {
        let y = "demand: [{service: cm, projection: [{year: 1, attentions: 100}, {year: 2, attentions: 110}]}]\n\
offer: [{service: cm, projection: [{year: 1, attentions: 60}, {year: 2, attentions: 60}]}]\n\
gap: [{service: cm, share_pct: 50, projection: [{year: 1, attentions: 40}, {year: 2, attentions: 55}]},\n      {service: odonto, projection: [{year: 1, attentions: 1}]}]\n";
        let opts = json!({"inputs": {"demand": {"from": "$.demand[*]"}, "offer": {"from": "$.offer[*]"}}, "expect": "demand - offer"});
        let r = run("series_formula", opts, y, "$.gap[*]");
        assert_eq!(r.len(), 2);
        assert_eq!(
            (r[0].0.as_str(), r[0].1.as_str(), r[0].2.as_str()),
            ("mismatch", "/gap/0/projection/1/attentions", "55")
        );
        assert_eq!(
            (arg(&r[0].3, "year"), arg(&r[0].3, "expected")),
            ("2".into(), "50".into())
        );
        assert_eq!(
            (r[1].0.as_str(), r[1].2.as_str()),
            ("missing_input", "odonto")
        );
        let share = json!({"inputs": {"gap": {"from": "$.gap[*]"}}, "expect": "round(gap * 0.5)", "positive": ["gap"]});
        let y2 = "gap: [{service: cm, projection: [{year: 1, attentions: 40}, {year: 2, attentions: -5}]}]\nplan: [{service: cm, projection: [{year: 1, attentions: 20}, {year: 2, attentions: 99}]}]\n";
        assert!(
            run("series_formula", share, y2, "$.plan[*]").is_empty(),
            "year 2 has no positive gap, so it is not checked"
        );
    }

    #[test]
    fn covers_and_exclusive() {
        let y = "means: [{id: M1, essential: true}, {id: M2, essential: true}, {id: M3, essential: false}]\n\
actions: [{id: A1, means: M1, excludes: [A2]}, {id: A2, means: M1}, {id: A3, means: M2}]\n\
alts: [{id: ALT1, actions: [A1, A3]}, {id: ALT2, actions: [A2, A1]}]\n";
        let opts = json!({"items": "actions[*]", "lookup": {"from": "$.actions[*]", "key": "id", "value": "means"},
            "required": "$.means[?essential==true].id", "label": "id"});
        let r = run("covers", opts, y, "$.alts[*]");
        assert_eq!(r.len(), 1);
        assert_eq!(
            (
                r[0].1.as_str(),
                arg(&r[0].3, "item"),
                arg(&r[0].3, "missing")
            ),
            ("/alts/1", "«ALT2»".into(), "«M2»".into())
        );
        // `any`: one of the required is enough; none reached is one finding
        // that lists them all; nothing required is nothing to reach.
        let any = |required: &str| {
            json!({"items": "actions[*]", "lookup": {"from": "$.actions[*]", "key": "id", "value": "means"},
                "required": required, "label": "id", "any": true})
        };
        assert!(run("covers", any("$.means[*].id"), y, "$.alts[*]").is_empty());
        assert!(run("covers", any("$.means[?id=='none'].id"), y, "$.alts[*]").is_empty());
        let r = run(
            "covers",
            any("$.means[?essential==false].id"),
            y,
            "$.alts[*]",
        );
        assert_eq!(r.len(), 2);
        assert_eq!(
            (
                r[1].0.as_str(),
                r[1].1.as_str(),
                arg(&r[1].3, "item"),
                arg(&r[1].3, "missing")
            ),
            ("uncovered_any", "/alts/1", "«ALT2»".into(), "«M3»".into())
        );
        let r = run("covers", any("$.means[?id!='M1'].id"), y, "$.alts[1]");
        assert_eq!(arg(&r[0].3, "missing"), "«M2», «M3»");
        let r = run("exclusive", json!({"from": "$.actions[*]"}), y, "$.alts[*]");
        assert_eq!(r.len(), 1);
        assert_eq!(
            (r[0].1.as_str(), r[0].2.as_str()),
            ("/alts/1/actions/1", "A1")
        );
    }

    #[test]
    fn consecutive_steps() {
        let y = "ok: [2018, 2019, 2020]\ngap: [2017, 2019, 2020]\nswap: [2018, 2020, 2019, 2021]\n\
dup: [2019, 2019, 2020]\nrows: [{year: 2, n: 0}, {year: 4}, {year: 7}]\nshort: [2020]\n";
        for sel in ["$.ok", "$.short"] {
            assert!(run("consecutive", json!({}), y, sel).is_empty(), "{sel}");
        }
        // One finding, at the first break, naming what was expected there.
        for (sel, at, value, expected) in [
            ("$.gap", "/gap/1", "2019", "2018"),
            ("$.swap", "/swap/1", "2020", "2019"),
            ("$.dup", "/dup/1", "2019", "2020"),
        ] {
            let r = run("consecutive", json!({}), y, sel);
            assert_eq!(r.len(), 1, "{sel}");
            assert_eq!(
                (r[0].0.as_str(), r[0].1.as_str(), r[0].2.as_str()),
                ("break", at, value),
                "{sel}"
            );
            assert_eq!(arg(&r[0].3, "expected"), expected, "{sel}");
        }
        // A field of each item and another step.
        let opts = json!({"field": "year", "step": 2});
        let r = run("consecutive", opts, y, "$.rows");
        assert_eq!(r.len(), 1);
        assert_eq!(
            (
                r[0].1.as_str(),
                arg(&r[0].3, "previous"),
                arg(&r[0].3, "position")
            ),
            ("/rows/2/year", "4".to_string(), "3".to_string())
        );
    }

    #[test]
    fn same_text_modes() {
        let y = "a: \"Adecuado acceso de la población a servicios de salud.\"\nb: adecuado ACCESO de la poblacion a servicios de salud\nc: Adecuado acceso\n";
        assert!(run("same_text", json!({"other": "$.b"}), y, "$.a").is_empty());
        let r = run("same_text", json!({"other": "$.c"}), y, "$.a");
        assert_eq!(r[0].0, "differs");
        assert!(
            run(
                "same_text",
                json!({"other": "$.c", "mode": "contains"}),
                y,
                "$.a"
            )
            .is_empty()
        );
    }

    #[test]
    fn lookup_numeric_ranges_by_expression() {
        let opts = json!({"keys": {"year": "year($.date)"}, "value": "rate", "table": [
            {"when": {"year": {"max": 2016}}, "min": 9, "max": 9},
            {"when": {"year": {"min": 2017}}, "min": 8, "max": 8}]});
        assert!(run("lookup", opts.clone(), "date: '2015-04-01'\nrate: 9\n", "$").is_empty());
        let r = run("lookup", opts, "date: '2021-04-01'\nrate: 9\n", "$");
        assert_eq!(
            (r[0].0.as_str(), r[0].2.as_str(), arg(&r[0].3, "expected")),
            ("out_of_range", "9", "8–8".into())
        );
    }

    #[test]
    fn strict_comparisons_are_strict() {
        let y = "p: {x: 5, y: 5}\n";
        assert_eq!(
            run(
                "compare",
                json!({"left": "x", "op": "<", "right": "y"}),
                y,
                "$.p"
            )
            .len(),
            1
        );
        assert_eq!(
            run(
                "compare",
                json!({"left": "x", "op": ">", "right": "y"}),
                y,
                "$.p"
            )
            .len(),
            1
        );
        assert!(
            run(
                "compare",
                json!({"left": "x", "op": "<=", "right": "y"}),
                y,
                "$.p"
            )
            .is_empty()
        );
    }

    #[test]
    fn series_formula_non_positive_and_year() {
        let y = "gap: [{service: cm, projection: [{year: 1, attentions: 40}, {year: 2, attentions: -5}]}]\n\
demand: [{service: cm, projection: [{year: 1, attentions: 100}, {year: 2, attentions: 120}]}]\n\
plan: [{service: cm, projection: [{year: 1, attentions: 999}, {year: 2, attentions: 110}]}]\n";
        let opts = json!({"inputs": {"gap": {"from": "$.gap[*]"}, "demand": {"from": "$.demand[*]"}}, "expect": "demand", "non_positive": ["gap"]});
        let r = run("series_formula", opts, y, "$.plan[*]");
        assert_eq!(
            (r.len(), r[0].1.as_str(), arg(&r[0].3, "expected")),
            (1, "/plan/0/projection/1/attentions", "120".into())
        );
        let grow = json!({"inputs": {"demand": {"from": "$.demand[*]"}}, "expect": "100 + 20 * (year - 1)"});
        assert!(
            run("series_formula", grow, y, "$.demand[*]").is_empty(),
            "year is a variable"
        );
    }

    #[test]
    fn series_formula_also_accepts_a_second_expectation() {
        // Year 1 is the gap (40), year 2 the whole demand (120), year 3 neither.
        let y = "gap: [{service: cm, projection: [{year: 1, attentions: 40}, {year: 2, attentions: 30}, {year: 3, attentions: 20}]}]\n\
demand: [{service: cm, projection: [{year: 1, attentions: 100}, {year: 2, attentions: 120}, {year: 3, attentions: 130}]}]\n\
plan: [{service: cm, projection: [{year: 1, attentions: 40}, {year: 2, attentions: 120}, {year: 3, attentions: 60}]}]\n";
        let opts = json!({"inputs": {"gap": {"from": "$.gap[*]"}, "demand": {"from": "$.demand[*]"}}, "expect": "gap", "also": "demand", "tolerance": 1});
        let r = run("series_formula", opts, y, "$.plan[*]");
        assert_eq!(
            r.iter()
                .map(|f| (f.1.as_str(), arg(&f.3, "expected"), arg(&f.3, "also")))
                .collect::<Vec<_>>(),
            vec![(
                "/plan/0/projection/2/attentions",
                "20".to_string(),
                "130".to_string()
            )]
        );
        let without =
            json!({"inputs": {"gap": {"from": "$.gap[*]"}}, "expect": "gap", "tolerance": 1});
        assert_eq!(
            run("series_formula", without, y, "$.plan[*]").len(),
            2,
            "without `also`, year 2 is a finding"
        );
    }

    #[test]
    fn series_formula_report_missing_false_skips_an_item_without_input() {
        let y = "demand: [{service: cm, projection: [{year: 1, attentions: 100}]}]\n\
plan: [{service: cm, projection: [{year: 1, attentions: 90}]}, {service: odonto, projection: [{year: 1, attentions: 5}]}]\n";
        let opts = |report: bool| json!({"inputs": {"demand": {"from": "$.demand[*]"}}, "expect": "demand", "report_missing": report});
        let seen =
            |r: Vec<Seen>| -> Vec<(String, String)> { r.into_iter().map(|s| (s.0, s.1)).collect() };
        assert_eq!(
            seen(run("series_formula", opts(true), y, "$.plan[*]")),
            [
                ("mismatch".into(), "/plan/0/projection/0/attentions".into()),
                ("missing_input".into(), "/plan/1/service".into()),
            ]
        );
        assert_eq!(
            seen(run("series_formula", opts(false), y, "$.plan[*]")),
            [("mismatch".into(), "/plan/0/projection/0/attentions".into())],
            "the item without input is skipped, the others still checked"
        );
    }

    #[test]
    fn numbers_format_for_messages() {
        assert_eq!(num(10.0), "10");
        assert_eq!(num(2.5), "2.5");
        assert_eq!(num(1.0 / 3.0), "0.33");
        assert_eq!(num(1.7e308 * 2.0), "∞");
        assert_eq!(num(-1.7e308 * 2.0), "-∞");
        assert_eq!(num(1.7e308), "1.7e308");
        assert_eq!(num(2.5e15), "2.5e15");
        assert_eq!(show(&json!("x")), "«x»");
    }
}
