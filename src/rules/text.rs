//! Spanish-aware text comparison: folding accents, case and white space while
//! remembering where each folded character came from, so that a phrase found
//! in the folded text can be reported at its exact span in the original.

use unicode_normalization::UnicodeNormalization;
use unicode_normalization::char::is_combining_mark;

/// Folded text. Where each folded byte came from is worked out again only
/// when a finding needs its span ([`Folded::original_range`]): most folded
/// texts are only searched, and the map costs eight bytes per byte.
#[derive(Debug, Clone)]
pub struct Folded {
    pub text: String,
}

/// Lower-cases, strips accents (á → a, ñ → n, ü → u), and collapses runs of
/// white space into one space (none at either end). Punctuation is kept.
/// `origin(at, n)` is told that the next `n` folded bytes come from the
/// character at byte `at` of `original`.
fn fold_into(original: &str, text: &mut String, mut origin: impl FnMut(usize, usize)) {
    let mut last_space = true; // trims leading space
    // Mostly ASCII with a few accented letters: ASCII bytes one by one, the
    // letters of Spanish by a table, anything else decomposed.
    let bytes = original.as_bytes();
    let mut at = 0;
    while at < bytes.len() {
        let b = bytes[at];
        if b.is_ascii() {
            // The ASCII characters `char::is_whitespace` accepts (with the vertical tab).
            if matches!(b, b'\t' | b'\n' | b'\x0B' | b'\x0C' | b'\r' | b' ') {
                if !last_space {
                    text.push(' ');
                    origin(at, 1);
                    last_space = true;
                }
            } else {
                last_space = false;
                text.push(b.to_ascii_lowercase() as char);
                origin(at, 1);
            }
            at += 1;
            continue;
        }
        let c = original[at..].chars().next().unwrap_or(' ');
        if c.is_whitespace() {
            if !last_space {
                text.push(' ');
                origin(at, 1);
                last_space = true;
            }
        } else if let Some(a) = spanish_letter(c) {
            last_space = false;
            text.push(a);
            origin(at, 1);
        } else {
            last_space = false;
            for d in c.nfd().filter(|d| !is_combining_mark(*d)) {
                for l in d.to_lowercase() {
                    text.push(l);
                    origin(at, l.len_utf8());
                }
            }
        }
        at += c.len_utf8();
    }
    if text.ends_with(' ') {
        text.pop();
    }
}

impl Folded {
    /// Lower-cases, strips accents (á → a, ñ → n, ü → u), and collapses runs of
    /// white space into one space. Punctuation is kept.
    pub fn new(original: &str) -> Folded {
        let mut text = String::with_capacity(original.len());
        fold_into(original, &mut text, |_, _| {});
        Folded { text }
    }

    /// For each folded byte of `original`, the byte offset of the character
    /// it came from.
    fn origin(original: &str) -> Vec<usize> {
        let mut text = String::with_capacity(original.len());
        let mut origin = Vec::with_capacity(original.len());
        fold_into(original, &mut text, |at, n| {
            origin.extend(std::iter::repeat_n(at, n))
        });
        // The trailing space `fold_into` dropped.
        origin.truncate(text.len());
        origin
    }

    /// The original byte range of a folded byte range (`original` is the
    /// text this was folded from).
    pub fn original_range(
        &self,
        original: &str,
        range: std::ops::Range<usize>,
    ) -> std::ops::Range<usize> {
        let origin = Folded::origin(original);
        let start = origin.get(range.start).copied().unwrap_or(original.len());
        let end = if range.end == 0 {
            start
        } else {
            let last = origin.get(range.end - 1).copied().unwrap_or(original.len());
            last + original[last..].chars().next().map_or(0, char::len_utf8)
        };
        start..end.max(start)
    }
}

/// The folded form of the accented letters of Spanish (what decomposing,
/// dropping the accent and lower-casing give, checked by a test).
fn spanish_letter(c: char) -> Option<char> {
    Some(match c {
        'á' | 'Á' => 'a',
        'é' | 'É' => 'e',
        'í' | 'Í' => 'i',
        'ó' | 'Ó' => 'o',
        'ú' | 'Ú' | 'ü' | 'Ü' => 'u',
        'ñ' | 'Ñ' => 'n',
        _ => return None,
    })
}

/// Folds a string (no span map): for keys and comparisons.
pub fn fold(s: &str) -> String {
    Folded::new(s).text
}

fn is_word_char(c: char) -> bool {
    c.is_alphanumeric()
}

/// A folded phrase to find at word boundaries, with its searcher built once.
#[derive(Debug, Clone)]
pub struct Phrase {
    pub text: String,
    /// Only a match at the start of the text counts (after leading
    /// punctuation such as quotes or "¿").
    pub at_start: bool,
    finder: memchr::memmem::Finder<'static>,
}

impl Phrase {
    /// `text` must already be folded.
    pub fn new(text: String, at_start: bool) -> Phrase {
        let finder = memchr::memmem::Finder::new(text.as_bytes()).into_owned();
        Phrase {
            text,
            at_start,
            finder,
        }
    }

    /// The first occurrence in `folded` at word boundaries.
    pub fn find(&self, folded: &str) -> Option<std::ops::Range<usize>> {
        let phrase = self.text.as_str();
        if phrase.is_empty() {
            return None;
        }
        if self.at_start {
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
        while let Some(i) = self.finder.find(&folded.as_bytes()[from..]) {
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
}

/// Finds `phrase` (already folded) in `folded` at word boundaries, building
/// its searcher for this one search (the tests' shorthand for [`Phrase`]).
#[cfg(test)]
fn find_phrase(folded: &str, phrase: &str, at_start: bool) -> Option<std::ops::Range<usize>> {
    Phrase::new(phrase.to_string(), at_start).find(folded)
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
    fn fast_paths_agree_with_the_general_one() {
        for t in [
            "  Falta DE\tmédicos ",
            "Falta DE\tmedicos",
            "a\u{b}b",
            "",
            "   ",
            "x\ny  z",
            "\u{a0}a",
            "  Atención  MÉDICA\u{2003}en el niño — ¿pingüino? Ǆ ç ",
            "ÁÉÍÓÚÜÑ áéíóúüñ\u{a0}\u{a0}x",
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
    fn the_spanish_letters_table_agrees_with_decomposition() {
        for c in "áéíóúüñÁÉÍÓÚÜÑ".chars() {
            let general: String = c
                .nfd()
                .filter(|d| !is_combining_mark(*d))
                .flat_map(char::to_lowercase)
                .collect();
            assert_eq!(spanish_letter(c).map(String::from), Some(general), "{c}");
        }
        assert_eq!(spanish_letter('ç'), None);
        let original = "¿Ñandú\u{a0}çà?  Ǆ ";
        let f = Folded::new(original);
        assert_eq!(f.text, "¿nandu ca? ǆ");
        assert_eq!(Folded::origin(original).len(), f.text.len());
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
    fn maps_back_past_accents_and_decompositions() {
        let original = "  La atención MÉDICA \u{a0} está en Ǆ çà";
        let f = Folded::new(original);
        let r = find_phrase(&f.text, "medica esta", false).unwrap();
        assert_eq!(
            &original[f.original_range(original, r)],
            "MÉDICA \u{a0} está"
        );
        let r = find_phrase(&f.text, "ca", false).unwrap();
        assert_eq!(&original[f.original_range(original, r)], "çà");
        assert_eq!(&original[f.original_range(original, 0..2)], "La");
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
