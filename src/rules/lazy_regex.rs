//! Regular expressions of rules, checked when the rule loads (so that a
//! mistake points at its line) and compiled the first time they are used
//! (so that start-up does not pay for the many that a run never needs).

use std::cell::Cell;
use std::collections::HashMap;
use std::sync::{Arc, Mutex, OnceLock};

use regex::Regex;

/// Compile-time limits that keep a hostile pattern from costing much.
const SIZE_LIMIT: usize = 1 << 20;
const DFA_SIZE_LIMIT: usize = 1 << 22;

/// Whether a pattern accepts the same texts with and without Unicode tables:
/// no Perl classes (\w \d \s \b, \p) and no flag groups (a `.` or a negated
/// class, which could differ, does not compile without Unicode and falls back).
fn ascii_equivalent(pattern: &str) -> bool {
    let perl = [
        "\\w", "\\W", "\\d", "\\D", "\\s", "\\S", "\\b", "\\B", "\\p", "\\P",
    ];
    let flags = pattern
        .match_indices("(?")
        .any(|(i, _)| !matches!(pattern.as_bytes().get(i + 2), Some(b':' | b'P' | b'<')));
    !flags && !perl.iter().any(|e| pattern.contains(e))
}

/// A compiled pattern. Patterns tested against folded text use ASCII
/// classes; when such a pattern could match part of a character (`\W`,
/// `[^a-z]`, `.`), it is compiled for bytes, where a character outside
/// ASCII is bytes that are not letters or digits.
#[derive(Debug)]
enum Compiled {
    Text(Regex),
    Bytes(regex::bytes::Regex),
}

impl Compiled {
    fn find(&self, text: &str) -> Option<std::ops::Range<usize>> {
        match self {
            Compiled::Text(r) => r.find(text).map(|m| m.range()),
            Compiled::Bytes(r) => r.find(text.as_bytes()).map(|m| m.range()),
        }
    }

    fn is_match(&self, text: &str) -> bool {
        match self {
            Compiled::Text(r) => r.is_match(text),
            Compiled::Bytes(r) => r.is_match(text.as_bytes()),
        }
    }
}

/// Compiles a pattern. Without Unicode tables compilation is several times
/// faster: that is used when it cannot change the result, and for patterns
/// tested against folded text (lower case, accents removed), where `\w`,
/// `\W` and `\b` mean ASCII letters and digits by design (a Unicode `\W`
/// alone took 0.5 ms to compile).
fn build(pattern: &str, folded: bool) -> Result<Compiled, String> {
    let text = |unicode: bool| {
        regex::RegexBuilder::new(pattern)
            .unicode(unicode)
            .size_limit(SIZE_LIMIT)
            .dfa_size_limit(DFA_SIZE_LIMIT)
            .build()
    };
    if folded || ascii_equivalent(pattern) {
        if let Ok(re) = text(false) {
            return Ok(Compiled::Text(re));
        }
        if folded {
            let bytes = regex::bytes::RegexBuilder::new(pattern)
                .unicode(false)
                .size_limit(SIZE_LIMIT)
                .dfa_size_limit(DFA_SIZE_LIMIT)
                .build();
            if let Ok(re) = bytes {
                return Ok(Compiled::Bytes(re));
            }
        }
    }
    text(true).map(Compiled::Text).map_err(|e| e.to_string())
}

/// The compiled form of a pattern, shared by every check that uses the same
/// pattern the same way (a condition and its opposite, two rules with one
/// list of phrases): each is compiled once per process.
fn shared(pattern: &str, folded: bool) -> Option<Arc<Compiled>> {
    type Cache = Mutex<HashMap<(String, bool), Option<Arc<Compiled>>>>;
    static CACHE: OnceLock<Cache> = OnceLock::new();
    let cache = CACHE.get_or_init(Cache::default);
    let key = (pattern.to_string(), folded);
    if let Some(hit) = cache.lock().unwrap_or_else(|e| e.into_inner()).get(&key) {
        return hit.clone();
    }
    // Compiled outside the lock: another thread may compile the same
    // pattern meanwhile, and the first one stored is kept.
    let compiled = build(pattern, folded).ok().map(Arc::new);
    cache
        .lock()
        .unwrap_or_else(|e| e.into_inner())
        .entry(key)
        .or_insert(compiled)
        .clone()
}

thread_local! {
    /// Whether the rules being loaded on this thread are the project's own,
    /// tested ones (compiled lazily) or a user's (compiled at once, so that
    /// a pattern too large to compile is an error at its line, not a check
    /// that silently never runs).
    static TRUSTED: Cell<bool> = const { Cell::new(false) };
}

/// Runs `f` with the regexes it creates compiled lazily (built-in rules).
pub fn trusted<T>(f: impl FnOnce() -> T) -> T {
    TRUSTED.with(|t| t.set(true));
    let out = f();
    TRUSTED.with(|t| t.set(false));
    out
}

/// A regex whose syntax is known to be valid, compiled on first use.
#[derive(Debug)]
pub struct LazyRegex {
    pattern: String,
    /// Tested against folded text (see [`build`]).
    folded: bool,
    compiled: OnceLock<Option<Arc<Compiled>>>,
    /// Patterns that are only literals (`^amazonas$`, `^(lima|callao)`, `inei|censo`)
    /// are matched without compiling anything.
    literal: Option<Literal>,
}

/// A pattern made of literal alternatives, optionally anchored.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Literal {
    start: bool,
    end: bool,
    alternatives: Vec<String>,
}

impl Literal {
    /// Recognises `^?(a|b|c)$?` or `^?a|b|c$?` where the alternatives hold
    /// no regex syntax at all (letters, digits, spaces and harmless punctuation).
    fn parse(pattern: &str) -> Option<Literal> {
        let (start, rest) = match pattern.strip_prefix('^') {
            Some(r) => (true, r),
            None => (false, pattern),
        };
        let (end, rest) = match rest.strip_suffix('$') {
            Some(r) => (true, r),
            None => (false, rest),
        };
        let grouped = rest.strip_prefix('(').and_then(|r| r.strip_suffix(')'));
        // Without parentheses, `^a|b$` means `(^a)|(b$)`: only unanchored lists are simple.
        if grouped.is_none() && (start || end) && rest.contains('|') {
            return None;
        }
        let body = grouped.unwrap_or(rest);
        let plain = |c: char| {
            c.is_alphanumeric()
                || matches!(
                    c,
                    ' ' | '-'
                        | '_'
                        | ','
                        | ':'
                        | ';'
                        | '/'
                        | '\''
                        | '"'
                        | '%'
                        | '&'
                        | '='
                        | '<'
                        | '>'
                        | '@'
                        | '#'
                        | '!'
                        | '~'
                        | '`'
                )
        };
        if body.is_empty() || !body.chars().all(|c| plain(c) || c == '|') {
            return None;
        }
        Some(Literal {
            start,
            end,
            alternatives: body.split('|').map(str::to_string).collect(),
        })
    }

    /// The leftmost match (the earlier alternative on a tie), as a regex finds it.
    fn find(&self, text: &str) -> Option<std::ops::Range<usize>> {
        let at = |a: &str| -> Option<usize> {
            match (self.start, self.end) {
                (true, true) => (text == a).then_some(0),
                (true, false) => text.starts_with(a).then_some(0),
                (false, true) => text.ends_with(a).then(|| text.len() - a.len()),
                (false, false) => text.find(a),
            }
        };
        let mut best: Option<(usize, usize)> = None;
        for a in &self.alternatives {
            if let Some(i) = at(a)
                && best.is_none_or(|(j, _)| i < j)
            {
                best = Some((i, a.len()));
            }
        }
        best.map(|(i, n)| i..i + n)
    }

    fn is_match(&self, text: &str) -> bool {
        self.alternatives
            .iter()
            .any(|a| match (self.start, self.end) {
                (true, true) => text == a,
                (true, false) => text.starts_with(a.as_str()),
                (false, true) => text.ends_with(a.as_str()),
                (false, false) => text.contains(a.as_str()),
            })
    }
}

impl LazyRegex {
    /// Compiles now unless the rules being loaded are the built-in ones,
    /// which the tests compile (every_builtin_regex_compiles).
    /// `folded`: the pattern is tested against folded text (lower case, no accents).
    pub fn new(pattern: &str, folded: bool) -> Result<LazyRegex, String> {
        if let Some(literal) = Literal::parse(pattern) {
            return Ok(LazyRegex {
                pattern: pattern.to_string(),
                folded,
                compiled: OnceLock::new(),
                literal: Some(literal),
            });
        }
        if !TRUSTED.with(Cell::get) {
            return LazyRegex::eager(pattern, folded);
        }
        // Trusted (built-in) patterns are all compiled by a test; nothing to check now.
        Ok(LazyRegex {
            pattern: pattern.to_string(),
            folded,
            compiled: OnceLock::new(),
            literal: None,
        })
    }

    /// Checks and compiles now (for tests and for patterns used at once).
    pub fn eager(pattern: &str, folded: bool) -> Result<LazyRegex, String> {
        let re = build(pattern, folded)?;
        let lazy = LazyRegex {
            pattern: pattern.to_string(),
            folded,
            compiled: OnceLock::new(),
            literal: None,
        };
        let _ = lazy.compiled.set(Some(Arc::new(re)));
        Ok(lazy)
    }

    pub fn as_str(&self) -> &str {
        &self.pattern
    }

    /// The compiled regex; `None` only if it exceeds the size limits (checked
    /// for every built-in rule by the tests, reported at load with `eager`).
    fn get(&self) -> Option<&Compiled> {
        self.compiled
            .get_or_init(|| shared(&self.pattern, self.folded))
            .as_deref()
    }

    /// Whether it compiles within the size limits (compiling it if need be).
    pub fn compiles(&self) -> bool {
        self.literal.is_some() || self.get().is_some()
    }

    /// Compiles now, unless it never needs compiling (a literal pattern).
    pub fn warm(&self) {
        if self.literal.is_none() {
            self.get();
        }
    }

    /// The range of the first match.
    pub fn find(&self, text: &str) -> Option<std::ops::Range<usize>> {
        match &self.literal {
            Some(l) => l.find(text),
            None => self.get().and_then(|r| r.find(text)),
        }
    }

    pub fn is_match(&self, text: &str) -> bool {
        match &self.literal {
            Some(l) => l.is_match(text),
            None => self.get().is_some_and(|r| r.is_match(text)),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn one_pattern_is_compiled_once() {
        let a = trusted(|| LazyRegex::new(r"\bshared\d+x\b", true)).unwrap();
        let b = trusted(|| LazyRegex::new(r"\bshared\d+x\b", true)).unwrap();
        assert!(a.is_match("un shared12x") && b.is_match("shared3x"));
        let (Some(Some(x)), Some(Some(y))) = (a.compiled.get(), b.compiled.get()) else {
            panic!("both compiled");
        };
        assert!(
            Arc::ptr_eq(x, y),
            "the second use takes the first's compilation"
        );
        // The same text as a Unicode pattern is another compilation.
        let c = trusted(|| LazyRegex::new(r"\bshared\d+x\b", false)).unwrap();
        assert!(c.is_match("shared4x"));
        assert!(!Arc::ptr_eq(x, c.compiled.get().unwrap().as_ref().unwrap()));
    }

    #[test]
    fn syntax_now_compilation_later() {
        assert!(LazyRegex::new("(", false).is_err());
        let r = trusted(|| LazyRegex::new("^a+b$", false)).unwrap();
        assert!(r.compiled.get().is_none());
        assert!(r.is_match("aab"));
        assert!(r.compiled.get().is_some());
        assert!(
            LazyRegex::new("a{1000}{1000}", false).is_err(),
            "a user's pattern too big to compile is an error at load"
        );
        assert!(
            LazyRegex::new("^x+$", false)
                .unwrap()
                .compiled
                .get()
                .is_some(),
            "a user's pattern compiles at once"
        );
    }

    #[test]
    fn ascii_compilation_matches_like_unicode() {
        let texts = [
            "año 2020",
            "abc",
            "a-b_c",
            "ñandú",
            "x\u{1F600}y",
            "DIRESA",
            "",
            "09",
            "ée",
        ];
        for p in [
            "^[a-z]+$",
            "^[0-9]{2}$",
            "a|b",
            "[^o]+",
            "^.{0,3}$",
            "ñ",
            "[a-z]+ [0-9]+",
            "^(?:x|y)",
            "\\bano\\b",
            "(?i)año",
        ] {
            let fast = build(p, false).unwrap();
            let full = Regex::new(p).unwrap();
            for t in texts {
                assert_eq!(
                    fast.find(t),
                    full.find(t).map(|m| m.range()),
                    "{p} on {t:?}"
                );
            }
        }
    }

    /// A folded pattern with `\W` cannot compile for text without Unicode
    /// tables; it compiles for bytes instead (not with the slow Unicode
    /// `\W`), and on folded Spanish text it finds what the Unicode regex finds.
    #[test]
    fn folded_patterns_that_could_split_a_character_compile_for_bytes() {
        let p = "\\b(?:por definir|pendientes?|no hay)\\b|^\\W*(?:ningun[oa]?|s/d|n/a|no|x+)?\\W*$";
        let compiled = build(p, true).unwrap();
        assert!(matches!(compiled, Compiled::Bytes(_)), "{compiled:?}");
        let unicode = Regex::new(p).unwrap();
        for t in [
            "por definir",
            "¿por definir?",
            "esta por definir — segun la diresa",
            "pendiente",
            "no hay agua",
            "nohay",
            "—",
            "¡ninguno!",
            "« n/a »",
            "xxx",
            "s/d",
            "",
            "la obra esta aprobada",
            "nº 25 aprobado",
        ] {
            let folded = crate::rules::text::fold(t);
            assert_eq!(
                compiled.find(&folded),
                unicode.find(&folded).map(|m| m.range()),
                "{t:?}"
            );
        }
        // Unfolded patterns keep Unicode semantics.
        assert!(matches!(build("^\\W+$", false).unwrap(), Compiled::Text(_)));
        let lazy = trusted(|| LazyRegex::new("^\\W*(?:no)?\\W*$", true)).unwrap();
        assert!(lazy.is_match("¿no?") && !lazy.is_match("¿si?"));
    }

    #[test]
    fn literal_patterns_match_like_the_regex() {
        let cases = [
            "^amazonas$",
            "^(lima|callao)",
            "inei|censo",
            "^se requiere",
            "oficina general de administraci",
            "^(a|b)$",
            "ley$",
        ];
        let texts = [
            "amazonas",
            "amazonas norte",
            "lima metropolitana",
            "callao",
            "el inei 2017",
            "censo",
            "se requiere",
            "no se requiere",
            "oficina general de administracion",
            "a",
            "b",
            "ab",
            "la ley",
            "",
        ];
        for p in cases {
            let lit = Literal::parse(p).unwrap_or_else(|| panic!("{p} is literal"));
            let re = Regex::new(p).unwrap();
            for t in texts {
                assert_eq!(lit.is_match(t), re.is_match(t), "{p} on {t:?}");
                assert_eq!(lit.find(t), re.find(t).map(|m| m.range()), "{p} on {t:?}");
            }
        }
        for p in ["^a|b$", "cu[sz]co", "a.b", "\\boga\\b", "a+", "(a)(b)"] {
            assert!(Literal::parse(p).is_none(), "{p} is not literal");
        }
    }
}
