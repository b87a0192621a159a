//! Running a rule's `given` selector on a document.
//!
//! Most selectors are plain paths (`$.formulation.offer.services[*]`): names,
//! wildcards and filters on the current node (`[?@.need == 'x']`). Those are
//! walked here directly, building each node's JSON Pointer once as they go;
//! a filter's test is still `serde_json_path`'s own (the filter alone,
//! compiled as `$[?…]`, keeps its RFC 9535 semantics), only the walk and the
//! pointers are ours. Any other selector (slices, indexes, descendants,
//! quoted names, filters that look at the root) goes through
//! `serde_json_path` whole. Both give the same nodes in the same order (a
//! wildcard or a filter visits an array in index order and an object in its
//! member order), which the tests check on every built-in selector.

use serde_json::Value;

use super::Selector;
use super::expr::Found;
use crate::yaml::{child_pointer as child_of, index_segment, push_pointer};

/// One step of a plain selector.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Step {
    /// `.name`: the member of an object.
    Name(String),
    /// `[*]` or `.*`: every item of an array, every member of an object.
    Wildcard,
    /// `[?…]`: the items of an array, the members of an object, that pass
    /// the filter. It keeps the filter alone as `$[?…]`: applied to the
    /// array or object, `serde_json_path` finds the items that pass.
    Filter(serde_json_path::JsonPath),
}

/// The steps of `text` when it is a plain selector: `$` then `.name`
/// (an ASCII identifier), `.*`, `[*]` or `[?filter]`, any number of times.
/// A filter is taken only when it does not mention the root (`$`, which
/// `$[?…]` would rebind) and parses on its own.
pub fn plain_steps(text: &str) -> Option<Vec<Step>> {
    let mut rest = text.strip_prefix('$')?;
    let mut steps = Vec::new();
    while !rest.is_empty() {
        if let Some(r) = rest.strip_prefix("[*]").or_else(|| rest.strip_prefix(".*")) {
            steps.push(Step::Wildcard);
            rest = r;
            continue;
        }
        if rest.starts_with("[?") {
            let end = bracket_end(rest)?;
            let filter = &rest[..end];
            if filter.contains('$') {
                return None;
            }
            let alone = serde_json_path::JsonPath::parse(&format!("${filter}")).ok()?;
            steps.push(Step::Filter(alone));
            rest = &rest[end..];
            continue;
        }
        let r = rest.strip_prefix('.')?;
        let len = r
            .bytes()
            .take_while(|b| b.is_ascii_alphanumeric() || *b == b'_')
            .count();
        let name = &r[..len];
        if !name.bytes().next()?.is_ascii_alphabetic() && !name.starts_with('_') {
            return None;
        }
        steps.push(Step::Name(name.to_string()));
        rest = &r[len..];
    }
    Some(steps)
}

/// The length of the bracketed segment `text` starts with (`[` … its `]`),
/// across nested brackets and quoted strings (with their escapes).
fn bracket_end(text: &str) -> Option<usize> {
    let b = text.as_bytes();
    let mut depth = 0usize;
    let mut quote: Option<u8> = None;
    let mut i = 0;
    while i < b.len() {
        let c = b[i];
        match quote {
            Some(q) => {
                if c == b'\\' {
                    i += 1;
                } else if c == q {
                    quote = None;
                }
            }
            None => match c {
                b'\'' | b'"' => quote = Some(c),
                b'[' => depth += 1,
                b']' => {
                    depth -= 1;
                    if depth == 0 {
                        return Some(i + 1);
                    }
                }
                _ => {}
            },
        }
        i += 1;
    }
    None
}

impl Selector {
    pub fn new(text: &str, path: serde_json_path::JsonPath) -> Selector {
        Selector {
            text: text.to_string(),
            steps: plain_steps(text),
            path,
        }
    }

    /// Every node the selector finds in `root`, with its JSON Pointer.
    pub fn query<'a>(&self, root: &'a Value) -> Vec<Found<'a>> {
        match &self.steps {
            Some(steps) => walk(steps, root),
            None => self.query_general(root),
        }
    }

    /// The same through `serde_json_path`, for any selector.
    pub fn query_general<'a>(&self, root: &'a Value) -> Vec<Found<'a>> {
        self.path
            .query_located(root)
            .into_iter()
            .map(|l| (json_pointer(l.location()), l.node()))
            .collect()
    }
}

/// The JSON Pointer of a located node: what `to_json_pointer` gives, built
/// in one string (it makes two strings per segment).
fn json_pointer(path: &serde_json_path::NormalizedPath<'_>) -> String {
    let mut pointer = String::with_capacity(64);
    let mut buf = [0u8; 20];
    for element in path.iter() {
        match element {
            serde_json_path::PathElement::Name(name) => push_pointer(&mut pointer, name),
            serde_json_path::PathElement::Index(i) => {
                push_pointer(&mut pointer, index_segment(*i, &mut buf))
            }
        }
    }
    pointer
}

fn walk<'a>(steps: &[Step], root: &'a Value) -> Vec<Found<'a>> {
    // Room for the names before the first wildcard: grown once, not per name.
    let mut current: Vec<Found<'a>> = vec![(String::with_capacity(64), root)];
    let mut next = Vec::new();
    let mut buf = [0u8; 20];
    for step in steps {
        for (pointer, value) in current.drain(..) {
            match (step, value) {
                (Step::Name(name), Value::Object(map)) => {
                    if let Some(child) = map.get(name) {
                        // The parent's pointer is not kept: extend it in place.
                        let mut pointer = pointer;
                        push_pointer(&mut pointer, name);
                        next.push((pointer, child));
                    }
                }
                (Step::Wildcard, Value::Object(map)) => {
                    next.extend(map.iter().map(|(k, c)| (child_of(&pointer, k), c)));
                }
                (Step::Wildcard, Value::Array(items)) => {
                    next.extend(
                        items
                            .iter()
                            .enumerate()
                            .map(|(i, c)| (child_of(&pointer, index_segment(i, &mut buf)), c)),
                    );
                }
                (Step::Filter(alone), Value::Array(items)) => {
                    // The items that pass come back in index order: match
                    // them to their indexes by address.
                    let mut kept = alone.query(value).all().into_iter().peekable();
                    for (i, c) in items.iter().enumerate() {
                        if kept.next_if(|k| std::ptr::eq(*k, c)).is_some() {
                            next.push((child_of(&pointer, index_segment(i, &mut buf)), c));
                        }
                    }
                }
                (Step::Filter(alone), Value::Object(map)) => {
                    let mut kept = alone.query(value).all().into_iter().peekable();
                    for (k, c) in map {
                        if kept.next_if(|v| std::ptr::eq(*v, c)).is_some() {
                            next.push((child_of(&pointer, k), c));
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::i18n::Lang;
    use crate::source::Source;
    use crate::yaml::{Limits, load};

    #[test]
    fn plain_selectors_are_recognised_and_others_are_not() {
        use Step::*;
        let name = |s: &str| Name(s.to_string());
        assert_eq!(plain_steps("$"), Some(vec![]));
        assert_eq!(
            plain_steps("$.formulation.offer.services[*].projection"),
            Some(vec![
                name("formulation"),
                name("offer"),
                name("services"),
                Wildcard,
                name("projection")
            ])
        );
        assert_eq!(
            plain_steps("$.a.*._b2"),
            Some(vec![name("a"), Wildcard, name("_b2")])
        );
        let alone = |t: &str| Filter(serde_json_path::JsonPath::parse(t).unwrap());
        assert_eq!(
            plain_steps("$.a[?@.b == 'x]' || @.c[0] > 1].d"),
            Some(vec![
                name("a"),
                alone("$[?@.b == 'x]' || @.c[0] > 1]"),
                name("d")
            ])
        );
        for other in [
            "",
            "a",
            "$..a",
            "$.a[0]",
            "$.a[?@.b == $.c]",
            "$.a[?@.b == 1",
            "$.a[?]",
            "$.a[?@.b == 1]x",
            "$['a']",
            "$.a[*]x",
            "$.2a",
            "$.año",
            "$.",
            "$.a-b",
        ] {
            assert_eq!(plain_steps(other), None, "{other}");
        }
    }

    /// Every built-in selector, on every bundled study and rule fixture: the
    /// direct walk finds what `serde_json_path` finds, in the same order.
    #[test]
    fn the_walk_agrees_with_serde_json_path_on_every_builtin_selector() {
        let rules = crate::rules::load::builtin(Lang::En).expect("built-in rules load");
        let selectors: Vec<&Selector> = rules
            .rules
            .iter()
            .flat_map(|r| r.checks.iter().flat_map(|c| &c.given))
            .collect();
        let plain = selectors.iter().filter(|s| s.steps.is_some()).count();
        assert!(
            plain * 2 > selectors.len(),
            "{plain} of {}",
            selectors.len()
        );
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
        let mut files: Vec<_> = std::fs::read_dir(root.join("fixtures/studies"))
            .unwrap()
            .map(|e| e.unwrap().path())
            .collect();
        for dir in std::fs::read_dir(root.join("fixtures/rules")).unwrap() {
            let dir = dir.unwrap().path();
            if dir.is_dir() {
                files.extend(std::fs::read_dir(dir).unwrap().map(|e| e.unwrap().path()));
            }
        }
        let mut compared = 0;
        for file in files {
            let Ok(text) = std::fs::read_to_string(&file) else {
                continue;
            };
            let source = Source::from_text(file.display().to_string(), text);
            let Some(doc) = load(&source, &Limits::default(), Lang::En).document else {
                continue;
            };
            for s in &selectors {
                let walked = s.query(&doc.value);
                let general = s.query_general(&doc.value);
                assert_eq!(walked, general, "{} on {}", s.text, file.display());
                compared += usize::from(!walked.is_empty());
            }
        }
        assert!(compared > 1000, "only {compared} non-empty comparisons");
    }

    #[test]
    fn the_walk_escapes_pointers_and_skips_what_does_not_match() {
        let doc: Value = serde_json::json!({"a/b": {"~c": [1, {"d": 2}]}, "e": 3});
        let s = |text: &str| Selector::new(text, serde_json_path::JsonPath::parse(text).unwrap());
        let star = s("$.*");
        let found = star.query(&doc);
        assert_eq!(found, star.query_general(&doc));
        assert_eq!(found[0].0, "/a~1b");
        let deep = s("$.*.*[*]");
        assert_eq!(deep.query(&doc), deep.query_general(&doc));
        assert_eq!(deep.query(&doc)[1].0, "/a~1b/~0c/1");
        // A selector with a filter goes the general way, and escapes the same.
        let filtered = s("$['a/b']['~c'][?@.d == 2]");
        assert!(filtered.steps.is_none());
        let found = filtered.query(&doc);
        assert_eq!(found.len(), 1);
        assert_eq!(found[0].0, "/a~1b/~0c/1");
        let location = filtered
            .path
            .query_located(&doc)
            .into_iter()
            .next()
            .unwrap();
        assert_eq!(found[0].0, location.location().to_json_pointer());
        let none = s("$.e.f[*]");
        assert!(none.query(&doc).is_empty());
        assert!(none.query_general(&doc).is_empty());
    }

    /// Filters walked directly find what `serde_json_path` finds, in the
    /// same order: on arrays and objects, with missing members, numbers of
    /// both kinds, string order, existence, negation, nested brackets and a
    /// `]` inside a string.
    #[test]
    fn filters_walked_directly_agree_with_serde_json_path() {
        let doc: Value = serde_json::json!({
            "items": [
                {"k": "a", "n": 1, "t": true, "s": {"x": [1, 2]}},
                {"k": "b]", "n": 1.0, "t": null},
                {"n": 2.5, "t": false},
                "plain",
                7,
                {"k": "ñ", "n": -3, "s": {"x": []}}
            ],
            "by": {"z": {"k": "a"}, "a/b": {"k": "c", "n": 0}, "m": 1}
        });
        let selectors = [
            "$.items[?@.k == 'a']",
            "$.items[?@.k != 'a'].k",
            "$.items[?@.k]",
            "$.items[?!@.k]",
            "$.items[?@.n == 1]",
            "$.items[?@.n >= 1 && @.n < 2.5]",
            "$.items[?@.n > -4 || @.t == false].n",
            "$.items[?@.k >= 'b' && @.k < 'z']",
            "$.items[?@.t == null]",
            "$.items[?@.t]",
            "$.items[?@.s.x[1] == 2]",
            "$.items[?@.k == 'b]']",
            "$.items[?(@.k == 'a' || @.k == 'ñ') && @.n != 1]",
            "$.items[?@ == 7]",
            "$.by[?@.k == 'a' || @.n == 0].k",
            "$.by[?@.k]",
            "$.by.*[?@ == 'c']",
            "$.items[?@.k][?@ == 'a']",
            "$.none[?@.k]",
        ];
        for text in selectors {
            let s = Selector::new(text, serde_json_path::JsonPath::parse(text).unwrap());
            assert!(s.steps.is_some(), "{text} is walked directly");
            assert_eq!(s.query(&doc), s.query_general(&doc), "{text}");
        }
        let s = |t: &str| Selector::new(t, serde_json_path::JsonPath::parse(t).unwrap());
        let found = s("$.by[?@.k == 'c']").query(&doc);
        assert_eq!(found.len(), 1);
        assert_eq!(found[0].0, "/by/a~1b");
        assert_eq!(s("$.items[?@.n == 1]").query(&doc).len(), 2);
    }
}
