//! A small arithmetic language for rules that recompute a study's figures:
//! `effective_demand - attended`, `min(physical_capacity, human_capacity)`,
//! `sum(rooms[*].area_m2) * 1.3`, `$.formulation.horizon_years`.
//!
//! Paths are relative to the node a rule selected, or absolute when they
//! start with `$`. Segments are `.key`, `[n]` (negative counts from the
//! end) and `[*]` (every item, for `sum`, `count`, `min`, `max`, `first`,
//! `last`). Evaluation never panics: a path that finds nothing, or a value
//! that is not a number, makes the expression undefined (`None`) and the
//! check is skipped; the schema and the `required` function report absences.

use serde_json::Value;

use crate::yaml::child_pointer;

#[derive(Debug, Clone, PartialEq)]
pub enum Segment {
    Key(String),
    Index(i64),
    Wildcard,
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
    Call(String, Vec<Expr>),
}

pub const FUNCTIONS: &[&str] = &[
    "min", "max", "sum", "count", "first", "last", "round", "abs",
];

/// A node found by a path: its pointer and value.
pub type Found<'a> = (String, &'a Value);

/// Where paths are resolved: the document root and the selected node.
#[derive(Clone, Copy)]
pub struct Scope<'a> {
    pub root: &'a Value,
    pub node: &'a Value,
    pub pointer: &'a str,
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

    /// Every node the path finds, in document order.
    pub fn resolve<'a>(&self, scope: &Scope<'a>) -> Vec<Found<'a>> {
        let (start, base) = if self.absolute {
            (scope.root, String::new())
        } else {
            (scope.node, scope.pointer.to_string())
        };
        let mut current: Vec<Found<'a>> = vec![(base, start)];
        for seg in &self.segments {
            let mut next = Vec::new();
            for (ptr, v) in current {
                match (seg, v) {
                    (Segment::Key(k), Value::Object(m)) => {
                        if let Some(c) = m.get(k) {
                            next.push((child_pointer(&ptr, k), c));
                        }
                    }
                    (Segment::Index(i), Value::Array(a)) => {
                        let idx = if *i < 0 { a.len() as i64 + i } else { *i };
                        if idx >= 0
                            && let Some(c) = a.get(idx as usize)
                        {
                            next.push((child_pointer(&ptr, &idx.to_string()), c));
                        }
                    }
                    (Segment::Wildcard, Value::Array(a)) => {
                        for (i, c) in a.iter().enumerate() {
                            next.push((child_pointer(&ptr, &i.to_string()), c));
                        }
                    }
                    (Segment::Wildcard, Value::Object(m)) => {
                        for (k, c) in m {
                            next.push((child_pointer(&ptr, k), c));
                        }
                    }
                    _ => {}
                }
            }
            current = next;
        }
        current
    }

    /// The single node the path finds, if exactly one.
    pub fn resolve_one<'a>(&self, scope: &Scope<'a>) -> Option<Found<'a>> {
        let mut all = self.resolve(scope);
        if all.len() == 1 { all.pop() } else { None }
    }
}

/// The value of an expression and the numbers it was computed from.
#[derive(Debug, Clone, PartialEq)]
pub struct Evaluated {
    pub value: f64,
    pub inputs: Vec<(String, f64)>,
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

    /// The path when the expression is a single reference (a field).
    pub fn as_ref(&self) -> Option<&Path> {
        match self {
            Expr::Ref(p) => Some(p),
            _ => None,
        }
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
                inputs.push((ptr, n));
                Some(n)
            }
            Expr::Neg(e) => Some(-e.eval_into(scope, inputs)?),
            Expr::Bin(a, op, b) => {
                let x = a.eval_into(scope, inputs)?;
                let y = b.eval_into(scope, inputs)?;
                match op {
                    '+' => Some(x + y),
                    '-' => Some(x - y),
                    '*' => Some(x * y),
                    '/' => (y != 0.0).then(|| x / y),
                    _ => None,
                }
            }
            Expr::Call(name, args) => {
                // Aggregates take every number their arguments find.
                let mut values = Vec::new();
                for a in args {
                    match a {
                        Expr::Ref(p) => {
                            let found = p.resolve(scope);
                            if name != "count" && found.is_empty() {
                                return None;
                            }
                            let pick_one = matches!(name.as_str(), "first" | "last");
                            let chosen = match name.as_str() {
                                "first" => found.len().min(1),
                                _ => found.len(),
                            };
                            let skip = if name == "last" {
                                found.len().saturating_sub(1)
                            } else {
                                0
                            };
                            for (ptr, v) in found.into_iter().take(chosen).skip(skip) {
                                if name == "count" {
                                    values.push(0.0);
                                    continue;
                                }
                                let n = v.as_f64()?;
                                if pick_one || !inputs.iter().any(|(p, _)| *p == ptr) {
                                    inputs.push((ptr, n));
                                }
                                values.push(n);
                            }
                        }
                        other => values.push(other.eval_into(scope, inputs)?),
                    }
                }
                match name.as_str() {
                    "count" => Some(values.len() as f64),
                    "sum" => Some(values.iter().sum()),
                    "min" => values.into_iter().reduce(f64::min),
                    "max" => values.into_iter().reduce(f64::max),
                    "first" => values.first().copied(),
                    "last" => values.last().copied(),
                    "round" => values.first().map(|v| v.round()),
                    "abs" => values.first().map(|v| v.abs()),
                    _ => None,
                }
            }
        }
    }
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
        let mut left = self.factor()?;
        while let Some(op @ (b'*' | b'/')) = self.peek() {
            self.i += 1;
            let right = self.factor()?;
            left = Expr::Bin(Box::new(left), op as char, Box::new(right));
        }
        Ok(left)
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
            Some(c) if c.is_ascii_digit() || c == b'.' => {
                let start = self.i;
                while self.i < self.s.len()
                    && (self.s[self.i].is_ascii_digit() || self.s[self.i] == b'.')
                {
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
                    .map(Expr::Number)
                    .or_else(|_| self.err("invalid number"))
            }
            Some(c) if c == b'$' || c == b'_' || c.is_ascii_alphabetic() => {
                let save = self.i;
                let name = self.ident();
                if self.peek() == Some(b'(') && FUNCTIONS.contains(&name.as_str()) {
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
                    return Ok(Expr::Call(name, args));
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

    fn path(&mut self) -> Result<Path, String> {
        self.ws();
        let start = self.i;
        let mut segments = Vec::new();
        let absolute = self.s.get(self.i) == Some(&b'$');
        if absolute {
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
                    if self.s.get(self.i) == Some(&b'*') {
                        self.i += 1;
                        segments.push(Segment::Wildcard);
                    } else {
                        let s = self.i;
                        if self.s.get(self.i) == Some(&b'-') {
                            self.i += 1;
                        }
                        while self.i < self.s.len() && self.s[self.i].is_ascii_digit() {
                            self.i += 1;
                        }
                        let n: i64 = self.text[s..self.i]
                            .parse()
                            .or_else(|_| self.err("expected an index"))?;
                        segments.push(Segment::Index(n));
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
    fn parse_errors_are_clear() {
        assert!(Expr::parse("a +").unwrap_err().contains("expected"));
        assert!(
            Expr::parse("foo(a)")
                .unwrap_err()
                .contains("unknown function")
        );
        assert!(Expr::parse("a b").unwrap_err().contains("unexpected"));
        assert!(Path::parse("a.[").is_err());
    }
}
