//! Spanish-aware text comparison: folding accents, case and white space while
//! remembering where each folded character came from, so that a phrase found
//! in the folded text can be reported at its exact span in the original.

use unicode_normalization::UnicodeNormalization;
use unicode_normalization::char::is_combining_mark;

/// Folded text plus, for each folded byte, the byte offset in the original
/// string of the character it came from.
#[derive(Debug, Clone)]
pub struct Folded {
    pub text: String,
    origin: Vec<usize>,
    original_len: usize,
}

impl Folded {
    /// Lower-cases, strips accents (á → a, ñ → n, ü → u), and collapses runs of
    /// white space into one space. Punctuation is kept.
    pub fn new(original: &str) -> Folded {
        let mut text = String::with_capacity(original.len());
        let mut origin = Vec::with_capacity(original.len());
        let mut last_space = true; // trims leading space
        if original.is_ascii() {
            // No accents to strip: lower-case and collapse spaces, byte by byte.
            for (at, b) in original.bytes().enumerate() {
                // The ASCII characters `char::is_whitespace` accepts (with the vertical tab).
                if matches!(b, b'\t' | b'\n' | b'\x0B' | b'\x0C' | b'\r' | b' ') {
                    if !last_space {
                        text.push(' ');
                        origin.push(at);
                        last_space = true;
                    }
                    continue;
                }
                last_space = false;
                text.push(b.to_ascii_lowercase() as char);
                origin.push(at);
            }
            if text.ends_with(' ') {
                text.pop();
                origin.pop();
            }
            return Folded {
                text,
                origin,
                original_len: original.len(),
            };
        }
        for (at, c) in original.char_indices() {
            if c.is_whitespace() {
                if !last_space {
                    text.push(' ');
                    origin.push(at);
                    last_space = true;
                }
                continue;
            }
            last_space = false;
            if c.is_ascii() {
                text.push(c.to_ascii_lowercase());
                origin.push(at);
                continue;
            }
            for d in c.nfd().filter(|d| !is_combining_mark(*d)) {
                for l in d.to_lowercase() {
                    let before = text.len();
                    text.push(l);
                    origin.extend(std::iter::repeat_n(at, text.len() - before));
                }
            }
        }
        if text.ends_with(' ') {
            text.pop();
            origin.pop();
        }
        Folded {
            text,
            origin,
            original_len: original.len(),
        }
    }

    /// The original byte range of a folded byte range.
    pub fn original_range(
        &self,
        original: &str,
        range: std::ops::Range<usize>,
    ) -> std::ops::Range<usize> {
        let start = self
            .origin
            .get(range.start)
            .copied()
            .unwrap_or(self.original_len);
        let end = if range.end == 0 {
            start
        } else {
            let last = self
                .origin
                .get(range.end - 1)
                .copied()
                .unwrap_or(self.original_len);
            last + original[last..].chars().next().map_or(0, char::len_utf8)
        };
        start..end.max(start)
    }
}

/// Folds a string (no span map): for keys and comparisons.
pub fn fold(s: &str) -> String {
    Folded::new(s).text
}

fn is_word_char(c: char) -> bool {
    c.is_alphanumeric()
}

/// Finds `phrase` (already folded) in `folded` at word boundaries. With
/// `at_start`, only a match at the start of the text counts (after leading
/// punctuation such as quotes or "¿").
pub fn find_phrase(folded: &str, phrase: &str, at_start: bool) -> Option<std::ops::Range<usize>> {
    if phrase.is_empty() {
        return None;
    }
    if at_start {
        let start = folded
            .char_indices()
            .find(|(_, c)| c.is_alphanumeric())
            .map_or(folded.len(), |(i, _)| i);
        let rest = &folded[start..];
        if rest.starts_with(phrase) && boundary_after(rest, phrase.len()) {
            return Some(start..start + phrase.len());
        }
        return None;
    }
    let mut from = 0;
    while let Some(i) = folded[from..].find(phrase) {
        let s = from + i;
        let e = s + phrase.len();
        let before_ok = folded[..s]
            .chars()
            .next_back()
            .is_none_or(|c| !is_word_char(c));
        if before_ok && boundary_after(&folded[s..], phrase.len()) {
            return Some(s..e);
        }
        from = s + folded[s..].chars().next().map_or(1, char::len_utf8);
    }
    None
}

fn boundary_after(s: &str, len: usize) -> bool {
    s[len..].chars().next().is_none_or(|c| !is_word_char(c))
}

/// Words of a folded text (alphanumeric runs).
pub fn words(folded: &str) -> Vec<&str> {
    folded
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ascii_fast_path_agrees_with_the_general_one() {
        for t in [
            "  Falta DE\tmédicos ",
            "Falta DE\tmedicos",
            "a\u{b}b",
            "",
            "   ",
            "x\ny  z",
            "\u{a0}a",
        ] {
            let fast = Folded::new(t);
            let mut slow_text = String::new();
            let mut last_space = true;
            for c in t.chars() {
                if c.is_whitespace() {
                    if !last_space {
                        slow_text.push(' ');
                        last_space = true;
                    }
                    continue;
                }
                last_space = false;
                for d in c.nfd().filter(|d| !is_combining_mark(*d)) {
                    slow_text.extend(d.to_lowercase());
                }
            }
            let slow = slow_text.trim_end().to_string();
            assert_eq!(fast.text, slow, "{t:?}");
        }
    }

    #[test]
    fn folds_accents_case_and_space() {
        assert_eq!(
            fold("  Carencia   DE  Atención\tmédica "),
            "carencia de atencion medica"
        );
        assert_eq!(fold("Ñahuín Pingüino"), "nahuin pinguino");
    }

    #[test]
    fn maps_back_to_original_span() {
        let original = "Límite:  INEXISTENCIA   de atención";
        let f = Folded::new(original);
        let r = find_phrase(&f.text, "inexistencia de", false).unwrap();
        assert_eq!(
            &original[f.original_range(original, r)],
            "INEXISTENCIA   de"
        );
    }

    #[test]
    fn word_boundaries_and_start_anchor() {
        assert!(find_phrase("sintomas respiratorios", "sin", false).is_none());
        assert!(find_phrase("atencion sin calidad", "sin", true).is_none());
        assert_eq!(find_phrase("\"sin acceso\"", "sin", true), Some(1..4));
        assert_eq!(
            find_phrase("la falta de medicos", "falta de", false),
            Some(3..11)
        );
    }
}
