//! Running a rule's `given` selector on a document.
//!
//! Most selectors are plain paths (`$.formulation.offer.services[*]`): names
//! and wildcards only. Those are walked here directly, building each node's
//! JSON Pointer once as they go; any other selector (filters, slices,
//! descendants, quoted names) goes through `serde_json_path`. Both give the
//! same nodes in the same order (RFC 9535: a wildcard visits an array in
//! index order and an object in its member order), which the tests check
//! on every built-in selector.

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
}

/// The steps of `text` when it is a plain selector: `$` then `.name`
/// (an ASCII identifier), `.*` or `[*]`, any number of times.
pub fn plain_steps(text: &str) -> Option<Vec<Step>> {
    let mut rest = text.strip_prefix('$')?;
    let mut steps = Vec::new();
    while !rest.is_empty() {
        if let Some(r) = rest.strip_prefix("[*]").or_else(|| rest.strip_prefix(".*")) {
            steps.push(Step::Wildcard);
            rest = r;
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

impl Selector {
    pub fn new(text: &str, path: serde_json_path::JsonPath) -> Selector {
        use std::hash::BuildHasher;
        Selector {
            text: text.to_string(),
            steps: plain_steps(text),
            path,
            hash: rustc_hash::FxBuildHasher.hash_one(text),
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
    let mut current: Vec<Found<'a>> = vec![(String::new(), root)];
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
        for other in [
            "",
            "a",
            "$..a",
            "$.a[0]",
            "$.a[?@.b == 1]",
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
}
