//! A small arithmetic language for rules that recompute a study's figures:
//! `effective_demand - attended`, `min(physical_capacity, human_capacity)`,
//! `sum(rooms[*], count * area_m2) * 1.3`, `$.formulation.horizon_years`,
//! `sum(flows[*], social_incremental_soles / (1 + rate / 100) ^ year)`.
//!
//! Paths are relative to the node a rule selected, or absolute when they
//! start with `$`. Segments are `.key`, `[n]` (negative counts from the
//! end), `[*]` (every item) and filters `[?key==value]` / `[?key!=value]`,
//! where the value is a literal (`true`, `3`, `'texto'`, a bare word), an
//! absolute path (`[?id==$.evaluation.selected_alternative]`) or a path from
//! the selected node, written with `@` (`[?service==@.service]`). `@` alone
//! is the selected node.
//!
//! Aggregates (`sum count min max first last`) take every number a path
//! finds, or, with a second argument, evaluate that expression in the scope
//! of each item. `distinct(path)` counts the different values a path finds
//! (texts folded). `year(date)` reads the year of a `YYYY-MM-DD` text.
//! Evaluation never panics: a path that finds nothing, or a value that is
//! not a number, makes the expression undefined (`None`) and the check is
//! skipped; the schema and the `required` function report absences.

use serde_json::Value;

use crate::yaml::{child_pointer, index_segment, push_pointer};

#[derive(Debug, Clone, PartialEq)]
pub enum Segment {
    Key(String),
    Index(i64),
    Wildcard,
    Filter {
        key: Vec<String>,
        equal: bool,
        value: FilterValue,
    },
}

#[derive(Debug, Clone, PartialEq)]
pub enum FilterValue {
    Literal(Value),
    Path(Box<Path>),
}

/// A path to one or more nodes.
#[derive(Debug, Clone, PartialEq)]
pub struct Path {
    pub absolute: bool,
    pub segments: Vec<Segment>,
    pub text: String,
}

#[derive(Debug, Clone, PartialEq)]
pub enum Expr {
    Number(f64),
    Ref(Path),
    Neg(Box<Expr>),
    Bin(Box<Expr>, char, Box<Expr>),
    Call(Func, Vec<Expr>),
}

/// A function of the language, resolved when the expression is parsed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Func {
    Min,
    Max,
    Sum,
    Count,
    /// How many different values a path finds (`distinct(morbidity[*].cie10)`).
    Distinct,
    First,
    Last,
    Round,
    Abs,
    Year,
}

impl Func {
    fn parse(name: &str) -> Option<Func> {
        Some(match name {
            "min" => Func::Min,
            "max" => Func::Max,
            "sum" => Func::Sum,
            "count" => Func::Count,
            "distinct" => Func::Distinct,
            "first" => Func::First,
            "last" => Func::Last,
            "round" => Func::Round,
            "abs" => Func::Abs,
            "year" => Func::Year,
            _ => return None,
        })
    }

    /// An aggregate (`min max sum count first last`): takes every number a
    /// path finds.
    fn is_aggregate(self) -> bool {
        matches!(
            self,
            Func::Min | Func::Max | Func::Sum | Func::Count | Func::First | Func::Last
        )
    }
}

/// An aggregate's result built number by number, without keeping them:
/// `count` and `sum` give 0 for no number, the others nothing.
struct Fold {
    func: Func,
    n: usize,
    acc: f64,
}

impl Fold {
    fn new(func: Func) -> Fold {
        Fold {
            func,
            n: 0,
            // What the standard library's sum of no floats is (its sign included).
            acc: std::iter::empty::<f64>().sum(),
        }
    }

    fn push(&mut self, x: f64) {
        self.n += 1;
        self.acc = match self.func {
            Func::Sum => self.acc + x,
            Func::Min if self.n > 1 => self.acc.min(x),
            Func::Max if self.n > 1 => self.acc.max(x),
            Func::First if self.n > 1 => self.acc,
            Func::Count => 0.0,
            _ => x,
        };
    }

    fn finish(self) -> Option<f64> {
        match self.func {
            Func::Count => Some(self.n as f64),
            Func::Sum => Some(self.acc),
            _ => (self.n > 0).then_some(self.acc),
        }
    }
}

pub const FUNCTIONS: &[&str] = &[
    "min", "max", "sum", "count", "distinct", "first", "last", "round", "abs", "year",
];

/// How many different values `values` holds: texts compared after folding
/// accents, case and white space (as text comparisons are), numbers by value,
/// anything else by its JSON.
fn count_distinct<'v>(values: impl Iterator<Item = &'v Value>) -> f64 {
    let mut seen = std::collections::HashSet::new();
    for v in values {
        seen.insert(match v {
            Value::String(s) => format!("s{}", crate::rules::text::fold(s)),
            Value::Number(n) => format!("n{}", n.as_f64().unwrap_or(f64::NAN)),
            other => format!("j{other}"),
        });
    }
    seen.len() as f64
}

/// A node found by a path: its pointer and value.
pub type Found<'a> = (String, &'a Value);

/// Where paths are resolved: the document root and the selected node.
#[derive(Clone, Copy)]
pub struct Scope<'a> {
    pub root: &'a Value,
    pub node: &'a Value,
    pub pointer: &'a str,
    /// Named values that a relative path's first name finds before the
    /// node's own member of that name (`series_formula`'s inputs of a year).
    /// Their pointers are not the node's: only values are read through them.
    pub vars: &'a [(&'a str, &'a Value)],
}

impl<'a> Scope<'a> {
    /// Where `path` starts, and the segments left to follow from there.
    fn start<'p>(&self, path: &'p Path) -> (&'a Value, &'p [Segment]) {
        if path.absolute {
            return (self.root, &path.segments);
        }
        if let [Segment::Key(k), rest @ ..] = &path.segments[..]
            && let Some((_, v)) = self.vars.iter().find(|(name, _)| name == k)
        {
            return (v, rest);
        }
        (self.node, &path.segments)
    }
}

fn field<'v>(v: &'v Value, key: &[String]) -> Option<&'v Value> {
    key.iter().try_fold(v, |v, k| v.get(k))
}

/// The test a filter `[?key==value]` (or `!=`) applies to each candidate, or
/// `None` when its value is a path that finds nothing (the filter keeps nothing).
fn filter_test<'s, 'a: 's>(
    key: &'s [String],
    equal: bool,
    value: &'s FilterValue,
    scope: &Scope<'a>,
) -> Option<impl Fn(&Value) -> bool + 's> {
    let wanted: &'s Value = match value {
        FilterValue::Literal(v) => v,
        FilterValue::Path(p) => p.value_one(scope)?,
    };
    Some(move |c: &Value| field(c, key).is_some_and(|f| loose_eq(f, wanted)) == equal)
}

impl Path {
    pub fn parse(text: &str) -> Result<Path, String> {
        let mut p = Parser {
            s: text.as_bytes(),
            i: 0,
            text,
        };
        let path = p.path()?;
        p.ws();
        if p.i != p.s.len() {
            return Err(format!("unexpected `{}` in path `{text}`", &text[p.i..]));
        }
        Ok(path)
    }

    /// Whether the path finds the same nodes from any node: it starts at
    /// the root and its filters compare with literals or with such paths.
    pub fn is_fixed(&self) -> bool {
        self.absolute
            && self.segments.iter().all(|s| match s {
                Segment::Filter {
                    value: FilterValue::Path(p),
                    ..
                } => p.is_fixed(),
                _ => true,
            })
    }

    /// Every node the path finds, in document order.
    pub fn resolve<'a>(&self, scope: &Scope<'a>) -> Vec<Found<'a>> {
        // Room for the names the path adds: grown once, not per name.
        let mut base = String::with_capacity(scope.pointer.len() + 48);
        if !self.absolute {
            base.push_str(scope.pointer);
        }
        let (start, segments) = scope.start(self);
        let mut current: Vec<Found<'a>> = vec![(base, start)];
        // Two lists, swapped at each segment: no list allocated per segment.
        let mut next = Vec::new();
        let mut buf = [0u8; 20];
        for seg in segments {
            for (ptr, v) in current.drain(..) {
                match (seg, v) {
                    (Segment::Key(k), Value::Object(m)) => {
                        if let Some(c) = m.get(k) {
                            // The parent's pointer is not kept: extend it in place.
                            let mut ptr = ptr;
                            push_pointer(&mut ptr, k);
                            next.push((ptr, c));
                        }
                    }
                    (Segment::Index(i), Value::Array(a)) => {
                        let idx = if *i < 0 { a.len() as i64 + i } else { *i };
                        if idx >= 0
                            && let Some(c) = a.get(idx as usize)
                        {
                            let mut ptr = ptr;
                            push_pointer(&mut ptr, index_segment(idx as usize, &mut buf));
                            next.push((ptr, c));
                        }
                    }
                    (Segment::Wildcard, Value::Array(a)) => {
                        for (i, c) in a.iter().enumerate() {
                            next.push((child_pointer(&ptr, index_segment(i, &mut buf)), c));
                        }
                    }
                    (Segment::Wildcard, Value::Object(m)) => {
                        for (k, c) in m {
                            next.push((child_pointer(&ptr, k), c));
                        }
                    }
                    (
                        Segment::Filter { key, equal, value },
                        v @ (Value::Array(_) | Value::Object(_)),
                    ) => {
                        let Some(keep) = filter_test(key, *equal, value, scope) else {
                            continue;
                        };
                        match v {
                            // On a list: the items that pass.
                            Value::Array(a) => {
                                for (i, c) in a.iter().enumerate() {
                                    if keep(c) {
                                        next.push((
                                            child_pointer(&ptr, index_segment(i, &mut buf)),
                                            c,
                                        ));
                                    }
                                }
                            }
                            // On an item already selected (a chained filter): keep it if it passes.
                            _ => {
                                if keep(v) {
                                    next.push((ptr, v));
                                }
                            }
                        }
                    }
                    _ => {}
                }
            }
            std::mem::swap(&mut current, &mut next);
        }
        current
    }

    /// Every value the path finds, without building their pointers (the
    /// cheap way, for tests that do not report where a value stands).
    pub fn values<'a>(&self, scope: &Scope<'a>) -> Vec<&'a Value> {
        let (start, segments) = scope.start(self);
        let mut current: Vec<&'a Value> = vec![start];
        let mut next = Vec::new();
        for seg in segments {
            for v in current.drain(..) {
                match (seg, v) {
                    (Segment::Key(k), Value::Object(m)) => next.extend(m.get(k)),
                    (Segment::Index(i), Value::Array(a)) => {
                        let idx = if *i < 0 { a.len() as i64 + i } else { *i };
                        if idx >= 0 {
                            next.extend(a.get(idx as usize));
                        }
                    }
                    (Segment::Wildcard, Value::Array(a)) => next.extend(a.iter()),
                    (Segment::Wildcard, Value::Object(m)) => next.extend(m.values()),
                    (
                        Segment::Filter { key, equal, value },
                        v @ (Value::Array(_) | Value::Object(_)),
                    ) => {
                        let Some(keep) = filter_test(key, *equal, value, scope) else {
                            continue;
                        };
                        match v {
                            Value::Array(a) => next.extend(a.iter().filter(|c| keep(c))),
                            _ => {
                                if keep(v) {
                                    next.push(v);
                                }
                            }
                        }
                    }
                    _ => {}
                }
            }
            std::mem::swap(&mut current, &mut next);
        }
        current
    }

    /// With names and indexes only (most fields), the path finds at most
    /// one value: `Some` of it (or of `None`), found without collecting.
    fn single<'a>(&self, scope: &Scope<'a>) -> Option<Option<&'a Value>> {
        if !self
            .segments
            .iter()
            .all(|s| matches!(s, Segment::Key(_) | Segment::Index(_)))
        {
            return None;
        }
        let (start, segments) = scope.start(self);
        Some(segments.iter().try_fold(start, |v, seg| match (seg, v) {
            (Segment::Key(k), Value::Object(m)) => m.get(k),
            (Segment::Index(i), Value::Array(a)) => {
                let idx = if *i < 0 { a.len() as i64 + i } else { *i };
                usize::try_from(idx).ok().and_then(|i| a.get(i))
            }
            _ => None,
        }))
    }

    /// The single value the path finds, if exactly one (no pointer built).
    pub fn value_one<'a>(&self, scope: &Scope<'a>) -> Option<&'a Value> {
        if let Some(one) = self.single(scope) {
            return one;
        }
        let mut all = self.values(scope);
        if all.len() == 1 { all.pop() } else { None }
    }

    /// The first value the path finds (no pointer built).
    pub fn first<'a>(&self, scope: &Scope<'a>) -> Option<&'a Value> {
        match self.single(scope) {
            Some(one) => one,
            None => self.values(scope).first().copied(),
        }
    }

    /// The single node the path finds, if exactly one.
    pub fn resolve_one<'a>(&self, scope: &Scope<'a>) -> Option<Found<'a>> {
        let mut all = self.resolve(scope);
        if all.len() == 1 { all.pop() } else { None }
    }
}

/// Equality for filters: numbers by value (1 == 1.0), everything else as JSON.
/// `x op y`; `None` for a division by zero.
fn arithmetic(op: char, x: f64, y: f64) -> Option<f64> {
    match op {
        '+' => Some(x + y),
        '-' => Some(x - y),
        '*' => Some(x * y),
        '/' => (y != 0.0).then(|| x / y),
        '^' => Some(x.powf(y)),
        _ => None,
    }
}

pub fn loose_eq(a: &Value, b: &Value) -> bool {
    match (a.as_f64(), b.as_f64()) {
        (Some(x), Some(y)) => x == y,
        _ => a == b,
    }
}

/// The value of an expression and the numbers it was computed from.
#[derive(Debug, Clone, PartialEq)]
pub struct Evaluated {
    pub value: f64,
    pub inputs: Vec<(String, f64)>,
}

/// The year of a date text (`2021-05-10` → 2021) or a number.
fn year_of(v: &Value) -> Option<f64> {
    match v {
        Value::Number(n) => n.as_f64(),
        Value::String(s) => s
            .get(..4)
            .filter(|y| y.bytes().all(|b| b.is_ascii_digit()))
            .and_then(|y| y.parse().ok()),
        _ => None,
    }
}

impl Expr {
    pub fn parse(text: &str) -> Result<Expr, String> {
        let mut p = Parser {
            s: text.as_bytes(),
            i: 0,
            text,
        };
        let e = p.expr()?;
        p.ws();
        if p.i != p.s.len() {
            return Err(format!(
                "unexpected `{}` in expression `{text}`",
                &text[p.i..]
            ));
        }
        Ok(e)
    }

    /// Whether the expression has the same value from any node: every field
    /// it reads is a fixed path from the root (see [`Path::is_fixed`]).
    pub fn is_fixed(&self) -> bool {
        match self {
            Expr::Number(_) => true,
            Expr::Ref(p) => p.is_fixed(),
            Expr::Neg(e) => e.is_fixed(),
            Expr::Bin(a, _, b) => a.is_fixed() && b.is_fixed(),
            Expr::Call(_, args) => args.iter().all(Expr::is_fixed),
        }
    }

    /// The path when the expression is a single reference (a field).
    pub fn as_ref(&self) -> Option<&Path> {
        match self {
            Expr::Ref(p) => Some(p),
            _ => None,
        }
    }

    /// The value alone: no pointers are built (see [`Expr::eval`] for the
    /// figures it came from, needed only to report a finding).
    pub fn value(&self, scope: &Scope<'_>) -> Option<f64> {
        let v = match self {
            Expr::Number(n) => Some(*n),
            Expr::Ref(p) => p.value_one(scope)?.as_f64(),
            Expr::Neg(e) => e.value(scope).map(|x| -x),
            Expr::Bin(a, op, b) => {
                let (x, y) = (a.value(scope)?, b.value(scope)?);
                arithmetic(*op, x, y)
            }
            Expr::Call(Func::Year, args) => {
                let Expr::Ref(p) = &args[0] else { return None };
                year_of(p.value_one(scope)?)
            }
            Expr::Call(Func::Distinct, args) => Some(count_distinct(
                args.iter()
                    .filter_map(|a| match a {
                        Expr::Ref(p) => Some(p.values(scope)),
                        _ => None,
                    })
                    .flatten(),
            )),
            Expr::Call(f, args) if f.is_aggregate() => aggregate_number(*f, args, scope),
            Expr::Call(f, args) => {
                let x = args[0].value(scope)?;
                match f {
                    Func::Round => {
                        let digits = match args.get(1) {
                            Some(d) => d.value(scope)?,
                            None => 0.0,
                        };
                        let f = 10f64.powi(digits as i32);
                        Some((x * f).round() / f)
                    }
                    Func::Abs => Some(x.abs()),
                    _ => None,
                }
            }
        }?;
        v.is_finite().then_some(v)
    }

    pub fn eval(&self, scope: &Scope<'_>) -> Option<Evaluated> {
        let mut inputs = Vec::new();
        let value = self.eval_into(scope, &mut inputs)?;
        value.is_finite().then_some(Evaluated { value, inputs })
    }

    fn eval_into(&self, scope: &Scope<'_>, inputs: &mut Vec<(String, f64)>) -> Option<f64> {
        match self {
            Expr::Number(n) => Some(*n),
            Expr::Ref(p) => {
                let (ptr, v) = p.resolve_one(scope)?;
                let n = v.as_f64()?;
                push_input(inputs, ptr, n);
                Some(n)
            }
            Expr::Neg(e) => Some(-e.eval_into(scope, inputs)?),
            Expr::Bin(a, op, b) => {
                let x = a.eval_into(scope, inputs)?;
                let y = b.eval_into(scope, inputs)?;
                arithmetic(*op, x, y)
            }
            Expr::Call(Func::Year, args) => {
                let Expr::Ref(p) = &args[0] else { return None };
                let (ptr, v) = p.resolve_one(scope)?;
                let y = year_of(v)?;
                push_input(inputs, ptr, y);
                Some(y)
            }
            Expr::Call(Func::Distinct, _) => self.value(scope),
            Expr::Call(f, args) if f.is_aggregate() => aggregate_value(*f, args, scope, inputs),
            Expr::Call(f, args) => {
                let x = args[0].eval_into(scope, inputs)?;
                match f {
                    Func::Round => {
                        let digits = match args.get(1) {
                            Some(d) => d.eval_into(scope, inputs)?,
                            None => 0.0,
                        };
                        let f = 10f64.powi(digits as i32);
                        Some((x * f).round() / f)
                    }
                    Func::Abs => Some(x.abs()),
                    _ => None,
                }
            }
        }
    }
}

fn push_input(inputs: &mut Vec<(String, f64)>, ptr: String, n: f64) {
    // Inputs are shown as related places only when there are few of them:
    // past that, skip the (linear) duplicate check so long lists stay linear.
    if inputs.len() > 64 || !inputs.iter().any(|(p, _)| *p == ptr) {
        inputs.push((ptr, n));
    }
}

/// [`aggregate_value`] without pointers: the value only.
fn aggregate_number(f: Func, args: &[Expr], scope: &Scope<'_>) -> Option<f64> {
    let mut fold = Fold::new(f);
    if args.len() == 2
        && let Expr::Ref(p) = &args[0]
        && !matches!(args[1], Expr::Ref(_) | Expr::Number(_))
    {
        // Per-item evaluation, in the scope of each item (values need no pointer).
        for item in p.values(scope) {
            let item_scope = Scope {
                root: scope.root,
                node: item,
                pointer: "",
                vars: &[],
            };
            fold.push(if f == Func::Count {
                0.0
            } else {
                args[1].value(&item_scope)?
            });
        }
        return fold.finish();
    }
    for a in args {
        match a {
            Expr::Ref(p) => {
                let found = p.values(scope);
                if f != Func::Count && found.is_empty() {
                    return None;
                }
                let take = match f {
                    Func::First => &found[..1],
                    Func::Last => &found[found.len() - 1..],
                    _ => &found[..],
                };
                for v in take {
                    fold.push(if f == Func::Count { 0.0 } else { v.as_f64()? });
                }
            }
            other => fold.push(other.value(scope)?),
        }
    }
    fold.finish()
}

/// An aggregate's value, each number it took recorded in `inputs` with its
/// pointer. `f(path)` takes the numbers the path finds; `f(path, expr)`
/// evaluates `expr` on each item the path finds; `f(a, b, …)` with plain
/// expressions takes their values.
fn aggregate_value(
    f: Func,
    args: &[Expr],
    scope: &Scope<'_>,
    inputs: &mut Vec<(String, f64)>,
) -> Option<f64> {
    let mut fold = Fold::new(f);
    // `sum(path, expr)` and friends: per-item evaluation.
    if args.len() == 2
        && let Expr::Ref(p) = &args[0]
        && !matches!(args[1], Expr::Ref(_) | Expr::Number(_))
    {
        for (ptr, item) in p.resolve(scope) {
            let item_scope = Scope {
                root: scope.root,
                node: item,
                pointer: &ptr,
                vars: &[],
            };
            if f == Func::Count {
                fold.push(0.0);
                continue;
            }
            fold.push(args[1].eval_into(&item_scope, inputs)?);
        }
        return fold.finish();
    }
    for a in args {
        match a {
            Expr::Ref(p) => {
                let found = p.resolve(scope);
                if f != Func::Count && found.is_empty() {
                    return None;
                }
                let take: Vec<Found<'_>> = match f {
                    Func::First => found.into_iter().take(1).collect(),
                    Func::Last => found.into_iter().last().into_iter().collect(),
                    _ => found,
                };
                for (ptr, v) in take {
                    if f == Func::Count {
                        fold.push(0.0);
                        continue;
                    }
                    let n = v.as_f64()?;
                    push_input(inputs, ptr, n);
                    fold.push(n);
                }
            }
            other => fold.push(other.eval_into(scope, inputs)?),
        }
    }
    fold.finish()
}

struct Parser<'a> {
    s: &'a [u8],
    i: usize,
    text: &'a str,
}

impl Parser<'_> {
    fn ws(&mut self) {
        while self.i < self.s.len() && self.s[self.i].is_ascii_whitespace() {
            self.i += 1;
        }
    }

    fn peek(&mut self) -> Option<u8> {
        self.ws();
        self.s.get(self.i).copied()
    }

    fn err<T>(&self, what: &str) -> Result<T, String> {
        Err(format!(
            "{what} at column {} of `{}`",
            self.i + 1,
            self.text
        ))
    }

    fn expr(&mut self) -> Result<Expr, String> {
        let mut left = self.term()?;
        while let Some(op @ (b'+' | b'-')) = self.peek() {
            self.i += 1;
            let right = self.term()?;
            left = Expr::Bin(Box::new(left), op as char, Box::new(right));
        }
        Ok(left)
    }

    fn term(&mut self) -> Result<Expr, String> {
        let mut left = self.power()?;
        while let Some(op @ (b'*' | b'/')) = self.peek() {
            self.i += 1;
            let right = self.power()?;
            left = Expr::Bin(Box::new(left), op as char, Box::new(right));
        }
        Ok(left)
    }

    /// `^` binds tighter than `*` and associates to the right.
    fn power(&mut self) -> Result<Expr, String> {
        let base = self.factor()?;
        if self.peek() == Some(b'^') {
            self.i += 1;
            let exp = self.power()?;
            return Ok(Expr::Bin(Box::new(base), '^', Box::new(exp)));
        }
        Ok(base)
    }

    fn number(&mut self) -> Result<f64, String> {
        let start = self.i;
        if self.s.get(self.i) == Some(&b'-') {
            self.i += 1;
        }
        while self.i < self.s.len() && (self.s[self.i].is_ascii_digit() || self.s[self.i] == b'.') {
            self.i += 1;
        }
        if self.i < self.s.len() && matches!(self.s[self.i], b'e' | b'E') {
            self.i += 1;
            if self.i < self.s.len() && matches!(self.s[self.i], b'+' | b'-') {
                self.i += 1;
            }
            while self.i < self.s.len() && self.s[self.i].is_ascii_digit() {
                self.i += 1;
            }
        }
        self.text[start..self.i]
            .parse()
            .or_else(|_| self.err("invalid number"))
    }

    fn factor(&mut self) -> Result<Expr, String> {
        match self.peek() {
            Some(b'-') => {
                self.i += 1;
                Ok(Expr::Neg(Box::new(self.factor()?)))
            }
            Some(b'(') => {
                self.i += 1;
                let e = self.expr()?;
                if self.peek() != Some(b')') {
                    return self.err("expected `)`");
                }
                self.i += 1;
                Ok(e)
            }
            Some(c) if c.is_ascii_digit() || c == b'.' => Ok(Expr::Number(self.number()?)),
            Some(b'@') => Ok(Expr::Ref(self.path()?)),
            Some(c) if c == b'$' || c == b'_' || c.is_ascii_alphabetic() => {
                let save = self.i;
                let name = self.ident();
                if self.peek() == Some(b'(')
                    && let Some(func) = Func::parse(&name)
                {
                    self.i += 1;
                    let mut args = Vec::new();
                    if self.peek() != Some(b')') {
                        loop {
                            args.push(self.expr()?);
                            match self.peek() {
                                Some(b',') => self.i += 1,
                                Some(b')') => break,
                                _ => return self.err("expected `,` or `)`"),
                            }
                        }
                    }
                    self.i += 1;
                    if args.is_empty() {
                        return self.err(&format!("`{name}` needs an argument"));
                    }
                    if func == Func::Year && !matches!(args[..], [Expr::Ref(_)]) {
                        return self.err("`year` takes one path");
                    }
                    if func == Func::Distinct && !args.iter().all(|a| matches!(a, Expr::Ref(_))) {
                        return self.err("`distinct` takes paths");
                    }
                    return Ok(Expr::Call(func, args));
                }
                if self.peek() == Some(b'(') {
                    return self.err(&format!(
                        "unknown function `{name}` (known: {})",
                        FUNCTIONS.join(", ")
                    ));
                }
                self.i = save;
                Ok(Expr::Ref(self.path()?))
            }
            _ => self.err("expected a number, a field or `(`"),
        }
    }

    fn ident(&mut self) -> String {
        self.ws();
        let start = self.i;
        while self.i < self.s.len()
            && (self.s[self.i].is_ascii_alphanumeric() || self.s[self.i] == b'_')
        {
            self.i += 1;
        }
        self.text[start..self.i].to_string()
    }

    fn filter_value(&mut self) -> Result<FilterValue, String> {
        self.ws();
        match self.s.get(self.i) {
            Some(b'$' | b'@') => Ok(FilterValue::Path(Box::new(self.path()?))),
            Some(q @ (b'\'' | b'"')) => {
                let q = *q;
                let start = self.i + 1;
                let end = self.text[start..]
                    .find(q as char)
                    .map(|e| start + e)
                    .ok_or_else(|| "unclosed quote".to_string())?;
                self.i = end + 1;
                Ok(FilterValue::Literal(Value::String(
                    self.text[start..end].to_string(),
                )))
            }
            Some(c) if c.is_ascii_digit() || *c == b'-' => {
                let n = self.number()?;
                Ok(FilterValue::Literal(
                    serde_json::Number::from_f64(n).map_or(Value::Null, Value::Number),
                ))
            }
            _ => {
                let word = self.ident();
                Ok(FilterValue::Literal(match word.as_str() {
                    "" => return self.err("expected a value"),
                    "true" => Value::Bool(true),
                    "false" => Value::Bool(false),
                    "null" => Value::Null,
                    _ => Value::String(word),
                }))
            }
        }
    }

    fn path(&mut self) -> Result<Path, String> {
        self.ws();
        let start = self.i;
        let mut segments = Vec::new();
        let absolute = self.s.get(self.i) == Some(&b'$');
        if absolute {
            self.i += 1;
        } else if self.s.get(self.i) == Some(&b'@') {
            // `@` is the selected node itself (`@`, `@.field`, `@[*]`).
            self.i += 1;
        } else {
            let k = self.ident();
            if k.is_empty() {
                return self.err("expected a field name");
            }
            segments.push(Segment::Key(k));
        }
        loop {
            match self.s.get(self.i) {
                Some(b'.') => {
                    self.i += 1;
                    let k = self.ident();
                    if k.is_empty() {
                        return self.err("expected a field name after `.`");
                    }
                    segments.push(Segment::Key(k));
                }
                Some(b'[') => {
                    self.i += 1;
                    match self.s.get(self.i) {
                        Some(b'*') => {
                            self.i += 1;
                            segments.push(Segment::Wildcard);
                        }
                        Some(b'?') => {
                            self.i += 1;
                            let mut key = vec![self.ident()];
                            while self.s.get(self.i) == Some(&b'.') {
                                self.i += 1;
                                key.push(self.ident());
                            }
                            if key.iter().any(String::is_empty) {
                                return self.err("expected a field name in the filter");
                            }
                            self.ws();
                            let equal = match (self.s.get(self.i), self.s.get(self.i + 1)) {
                                (Some(b'='), Some(b'=')) => true,
                                (Some(b'!'), Some(b'=')) => false,
                                _ => return self.err("expected `==` or `!=` in the filter"),
                            };
                            self.i += 2;
                            let value = self.filter_value()?;
                            self.ws();
                            segments.push(Segment::Filter { key, equal, value });
                        }
                        _ => {
                            let s = self.i;
                            if self.s.get(self.i) == Some(&b'-') {
                                self.i += 1;
                            }
                            while self.i < self.s.len() && self.s[self.i].is_ascii_digit() {
                                self.i += 1;
                            }
                            let n: i64 = self.text[s..self.i]
                                .parse()
                                .or_else(|_| self.err("expected an index, `*` or `?`"))?;
                            segments.push(Segment::Index(n));
                        }
                    }
                    if self.s.get(self.i) != Some(&b']') {
                        return self.err("expected `]`");
                    }
                    self.i += 1;
                }
                _ => break,
            }
        }
        Ok(Path {
            absolute,
            segments,
            text: self.text[start..self.i].to_string(),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn eval(text: &str, root: &Value, node_ptr: &str) -> Option<Evaluated> {
        let node = root.pointer(node_ptr).unwrap();
        Expr::parse(text).unwrap().eval(&Scope {
            root,
            node,
            pointer: node_ptr,
            vars: &[],
        })
    }

    #[test]
    fn arithmetic_and_fields() {
        let doc = json!({"p": {"a": 10, "b": 4, "rooms": [{"n": 2, "m2": 12.5}, {"n": 1, "m2": 20}]}, "h": 10});
        let e = eval("a - b * 2", &doc, "/p").unwrap();
        assert_eq!(e.value, 2.0);
        assert_eq!(e.inputs, vec![("/p/a".into(), 10.0), ("/p/b".into(), 4.0)]);
        assert_eq!(eval("min(a, b)", &doc, "/p").unwrap().value, 4.0);
        assert_eq!(
            eval("sum(rooms[*].m2) * 1.3", &doc, "/p").unwrap().value,
            32.5 * 1.3
        );
        assert_eq!(eval("count(rooms[*])", &doc, "/p").unwrap().value, 2.0);
        assert_eq!(eval("last(rooms[*].m2)", &doc, "/p").unwrap().value, 20.0);
        assert_eq!(eval("rooms[-1].n", &doc, "/p").unwrap().value, 1.0);
        assert_eq!(eval("$.h / 2", &doc, "/p").unwrap().value, 5.0);
        assert!(eval("missing + 1", &doc, "/p").is_none());
        assert!(eval("a / (b - 4)", &doc, "/p").is_none());
    }

    #[test]
    fn distinct_counts_different_values_folding_texts() {
        let doc = json!({"m": [
            {"c": "J00", "g": "niño"}, {"c": "j00 ", "g": "adulto"},
            {"c": "K02.1", "g": "niño"}, {"c": 3}, {"c": 3.0}, {"g": "x"}
        ], "e": []});
        let scope_value = |text: &str| {
            Expr::parse(text).unwrap().value(&Scope {
                root: &doc,
                node: &doc,
                pointer: "",
                vars: &[],
            })
        };
        // «J00» and «j00 » are one cause; 3 and 3.0 one number; a missing field is no value.
        assert_eq!(eval("distinct(m[*].c)", &doc, "").unwrap().value, 3.0);
        assert_eq!(scope_value("distinct(m[*].c)"), Some(3.0));
        assert_eq!(eval("count(m[*].c)", &doc, "").unwrap().value, 5.0);
        assert_eq!(eval("distinct(e[*])", &doc, "").unwrap().value, 0.0);
        assert_eq!(eval("distinct(m[*].g) + 1", &doc, "").unwrap().value, 4.0);
        let err = Expr::parse("distinct(m[*].c, 1)").unwrap_err();
        assert!(err.contains("`distinct` takes paths"), "{err}");
    }

    #[test]
    fn per_item_aggregates_powers_and_rounding() {
        let doc = json!({"rooms": [{"n": 2, "m2": 12.5}, {"n": 1, "m2": 20}], "r": 10,
            "flows": [{"year": 0, "c": 100}, {"year": 1, "c": 110}, {"year": 2, "c": 121}]});
        assert_eq!(eval("sum(rooms[*], n * m2)", &doc, "").unwrap().value, 45.0);
        assert_eq!(
            eval("count(rooms[*], n * m2)", &doc, "").unwrap().value,
            2.0
        );
        let v = eval("sum(flows[*], c / (1 + $.r / 100) ^ year)", &doc, "")
            .unwrap()
            .value;
        assert!((v - 300.0).abs() < 1e-9, "{v}");
        assert_eq!(eval("2 ^ 3 ^ 2", &doc, "").unwrap().value, 512.0);
        assert_eq!(eval("round(2.345, 2)", &doc, "").unwrap().value, 2.35);
        assert_eq!(eval("round(2.5)", &doc, "").unwrap().value, 3.0);
    }

    #[test]
    fn filters_with_literals_and_paths() {
        let doc = json!({"sel": "B", "alts": [{"id": "A", "ce": 5, "ok": true}, {"id": "B", "ce": 3, "ok": false}],
            "means": [{"essential": true, "rel": "mutually_exclusive"}, {"essential": true, "rel": "complementary"}, {"essential": false}]});
        assert_eq!(
            eval("sum(alts[?id==$.sel].ce)", &doc, "").unwrap().value,
            3.0
        );
        assert_eq!(eval("sum(alts[?id!='B'].ce)", &doc, "").unwrap().value, 5.0);
        assert_eq!(eval("count(alts[?ok==true])", &doc, "").unwrap().value, 1.0);
        assert_eq!(
            eval(
                "count(means[?essential==true][?rel==mutually_exclusive])",
                &doc,
                ""
            )
            .unwrap()
            .value,
            1.0
        );
        assert_eq!(
            eval("count(means[?rel==none])", &doc, "").unwrap().value,
            0.0
        );
        assert_eq!(eval("min(alts[*].ce)", &doc, "").unwrap().value, 3.0);
    }

    #[test]
    fn at_is_the_selected_node() {
        let doc = json!({"hr": [{"service": "cm", "n": 2, "h": 100}, {"service": "od", "n": 1, "h": 50}, {"service": "cm", "n": 1, "h": 10}],
            "services": [{"service": "cm"}, {"service": "od"}]});
        assert_eq!(
            eval("sum($.hr[?service==@.service], n * h)", &doc, "/services/0")
                .unwrap()
                .value,
            210.0
        );
        assert_eq!(
            eval("sum($.hr[?service==@.service], n * h)", &doc, "/services/1")
                .unwrap()
                .value,
            50.0
        );
        assert_eq!(eval("count(@[*])", &doc, "/hr").unwrap().value, 3.0);
        assert_eq!(eval("@.n * 2", &doc, "/hr/0").unwrap().value, 4.0);
    }

    /// A path of names and indexes is followed without collecting; it finds
    /// what the general walk finds.
    #[test]
    fn single_valued_paths_find_what_the_walk_finds() {
        let doc = json!({"a": {"b": [10, {"c": "x"}, 30]}, "n": null, "s": "t"});
        let scope = Scope {
            root: &doc,
            node: &doc["a"],
            pointer: "/a",
            vars: &[],
        };
        for text in [
            "$.a.b[0]",
            "$.a.b[-1]",
            "$.a.b[1].c",
            "$.a.b[9]",
            "$.a.b[-9]",
            "$.n",
            "$.s.x",
            "$.a.b.c",
            "b[2]",
            "b[1].c",
            "zz",
            "$.a.b[*]",
            "b[?c==x].c",
        ] {
            let p = Path::parse(text).unwrap();
            let all = p.values(&scope);
            let one = (all.len() == 1).then(|| all[0]);
            assert_eq!(p.value_one(&scope), one, "{text}");
            assert_eq!(p.first(&scope), all.first().copied(), "{text}");
        }
    }

    #[test]
    fn fixed_expressions_read_only_fixed_paths_from_the_root() {
        for (text, fixed) in [
            ("1 + 2", true),
            ("count($.a[*])", true),
            ("sum($.alts[?id==$.sel].ce) * 2", true),
            ("round($.x / 3, 1)", true),
            ("a + 1", false),
            ("count($.a[?id==@.b])", false),
            ("sum($.rooms[*], n * m2)", false),
            ("-$.x", true),
        ] {
            assert_eq!(Expr::parse(text).unwrap().is_fixed(), fixed, "{text}");
        }
    }

    #[test]
    fn years_of_dates() {
        let doc = json!({"d": "2016-03-01", "n": 2020, "bad": "marzo"});
        assert_eq!(eval("year($.d)", &doc, "").unwrap().value, 2016.0);
        assert_eq!(eval("year(n)", &doc, "").unwrap().value, 2020.0);
        assert!(eval("year(bad)", &doc, "").is_none());
        assert!(Expr::parse("year(1 + 2)").is_err());
    }

    #[test]
    fn parse_errors_are_clear() {
        assert!(Expr::parse("a +").unwrap_err().contains("expected"));
        assert!(
            Expr::parse("foo(a)")
                .unwrap_err()
                .contains("unknown function")
        );
        assert!(Expr::parse("a b").unwrap_err().contains("unexpected"));
        assert!(Path::parse("a.[").is_err());
        assert!(Path::parse("a[?x=1]").is_err());
        assert!(Path::parse("a[?x==1").is_err());
    }

    /// A scope's variables are found by a relative path's first name before
    /// the node's own member of that name; other names, and absolute paths,
    /// are the node's and the root's as before.
    #[test]
    fn scope_variables_shadow_the_node_for_relative_paths_only() {
        let doc = json!({"gap": 1, "n": {"gap": 2, "share": 50, "v": {"x": 7}}});
        let var_gap = json!(40);
        let var_obj = json!({"x": 9});
        let vars = [("gap", &var_gap), ("v", &var_obj)];
        let scope = Scope {
            root: &doc,
            node: &doc["n"],
            pointer: "/n",
            vars: &vars,
        };
        let value = |text: &str| Expr::parse(text).unwrap().value(&scope);
        assert_eq!(value("gap * share / 100"), Some(20.0));
        assert_eq!(value("v.x"), Some(9.0));
        assert_eq!(value("$.gap"), Some(1.0));
        assert_eq!(value("$.n.gap"), Some(2.0));
        assert_eq!(value("sum(gap, share)"), Some(40.0 + 50.0));
        let path = Path::parse("v.x").unwrap();
        assert_eq!(path.values(&scope), vec![&json!(9)]);
        // Without variables the node's own member is found.
        let plain = Scope { vars: &[], ..scope };
        assert_eq!(Expr::parse("gap").unwrap().value(&plain), Some(2.0));
    }

    /// `value` finds an aggregate's numbers without pointers; `eval` finds
    /// them with their pointers and records them. Both give the same value,
    /// undefined included, for every aggregate, on empty, single and mixed lists.
    #[test]
    fn folded_aggregates_equal_listed_ones() {
        let doc = json!({
            "xs": [3, -1.5, 7, 0],
            "one": [4],
            "none": [],
            "mixed": [1, "a", 2],
            "items": [{"a": 2, "b": 3}, {"a": -4, "b": 0.5}],
            "zero": [-0.0],
            "bad": ["a", 1]
        });
        let scope = Scope {
            root: &doc,
            node: &doc,
            pointer: "",
            vars: &[],
        };
        for f in ["min", "max", "sum", "count", "first", "last"] {
            for args in [
                "xs[*]",
                "one[*]",
                "none[*]",
                "mixed[*]",
                "zero[*]",
                "items[*], a * b",
                "none[*], a",
                "xs[*], one[0]",
                "1, 2 + 3, xs[0]",
                "nothing",
                "bad[*]",
                "bad[*], 5",
                "one[*], bad[*]",
                "xs[*], bad[*]",
            ] {
                let text = format!("{f}({args})");
                let e = Expr::parse(&text).unwrap();
                let listed = e.eval(&scope).map(|v| v.value);
                let folded = e.value(&scope);
                assert_eq!(
                    folded.map(f64::to_bits),
                    listed.map(f64::to_bits),
                    "{text}: {folded:?} against {listed:?}"
                );
            }
        }
        assert_eq!(Expr::parse("sum(xs[*])").unwrap().value(&scope), Some(8.5));
        assert_eq!(
            Expr::parse("count(none[*])").unwrap().value(&scope),
            Some(0.0)
        );
        assert_eq!(Expr::parse("min(none[*])").unwrap().value(&scope), None);
        // Every function the language names parses as one.
        for name in FUNCTIONS {
            assert!(Func::parse(name).is_some(), "{name}");
        }
    }

    /// The walk without pointers (`values`, and `first` and `value_one`
    /// through it) finds what the walk with pointers (`resolve`) finds, in
    /// its order.
    #[test]
    fn values_are_what_resolve_finds_in_its_order() {
        let doc = json!({
            "a": [{"k": "x", "v": [1, 2]}, {"k": "y", "v": [3]}, {"k": "x", "v": []}],
            "m": {"b": {"v": 5}, "a": {"v": 6}, "c": 7},
            "sel": "x"
        });
        let scope = Scope {
            root: &doc,
            node: &doc["a"][1],
            pointer: "/a/1",
            vars: &[],
        };
        for text in [
            "$.a[*].v[*]",
            "$.a[?k==x].v[*]",
            "$.a[?k!=x].k",
            "$.a[?k==$.sel][?k==x].v[-1]",
            "$.a[?k==@.k].v",
            "$.m[*].v",
            "$.m[*]",
            "$.a[-1]",
            "$.a[9]",
            "v[*]",
            "@",
            "$.nothing[*]",
        ] {
            let path = Path::parse(text).unwrap();
            let resolved: Vec<&Value> = path.resolve(&scope).into_iter().map(|(_, v)| v).collect();
            assert_eq!(path.values(&scope), resolved, "{text}");
            assert_eq!(path.first(&scope), resolved.first().copied(), "{text}");
            let one = (resolved.len() == 1).then(|| resolved[0]);
            assert_eq!(path.value_one(&scope), one, "{text}");
        }
    }
}
