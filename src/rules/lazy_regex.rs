//! Regular expressions of rules, checked when the rule loads (so that a
//! mistake points at its line) and compiled the first time they are used
//! (so that start-up does not pay for the many that a run never needs).

use std::cell::Cell;
use std::sync::OnceLock;

use regex::Regex;

/// Compile-time limits that keep a hostile pattern from costing much.
const SIZE_LIMIT: usize = 1 << 20;
const DFA_SIZE_LIMIT: usize = 1 << 22;

fn build(pattern: &str) -> Result<Regex, String> {
    regex::RegexBuilder::new(pattern)
        .size_limit(SIZE_LIMIT)
        .dfa_size_limit(DFA_SIZE_LIMIT)
        .build()
        .map_err(|e| e.to_string())
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
    compiled: OnceLock<Option<Regex>>,
}

impl LazyRegex {
    /// Compiles now unless the rules being loaded are the built-in ones,
    /// which the tests compile (every_builtin_regex_compiles).
    pub fn new(pattern: &str) -> Result<LazyRegex, String> {
        if !TRUSTED.with(Cell::get) {
            return LazyRegex::eager(pattern);
        }
        // Trusted (built-in) patterns are all compiled by a test; nothing to check now.
        Ok(LazyRegex {
            pattern: pattern.to_string(),
            compiled: OnceLock::new(),
        })
    }

    /// Checks and compiles now (for tests and for patterns used at once).
    pub fn eager(pattern: &str) -> Result<LazyRegex, String> {
        let re = build(pattern)?;
        let lazy = LazyRegex {
            pattern: pattern.to_string(),
            compiled: OnceLock::new(),
        };
        let _ = lazy.compiled.set(Some(re));
        Ok(lazy)
    }

    pub fn as_str(&self) -> &str {
        &self.pattern
    }

    /// The compiled regex; `None` only if it exceeds the size limits (checked
    /// for every built-in rule by the tests, reported at load with `eager`).
    pub fn get(&self) -> Option<&Regex> {
        self.compiled
            .get_or_init(|| build(&self.pattern).ok())
            .as_ref()
    }

    pub fn is_match(&self, text: &str) -> bool {
        self.get().is_some_and(|r| r.is_match(text))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn syntax_now_compilation_later() {
        assert!(LazyRegex::new("(").is_err());
        let r = trusted(|| LazyRegex::new("^a+b$")).unwrap();
        assert!(r.compiled.get().is_none());
        assert!(r.is_match("aab"));
        assert!(r.compiled.get().is_some());
        assert!(
            LazyRegex::new("a{1000}{1000}").is_err(),
            "a user's pattern too big to compile is an error at load"
        );
        assert!(
            LazyRegex::new("^x$").unwrap().compiled.get().is_some(),
            "a user's pattern compiles at once"
        );
    }
}
