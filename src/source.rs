//! Reading a file into memory and turning byte offsets into positions.
//!
//! This module knows bytes and lines, nothing about YAML. A [`Source`] is
//! what every later stage points into: diagnostics carry byte ranges, and a
//! `Source` turns them into 1-based lines and columns counted in Unicode
//! scalar values (so a line full of "ñ" and "á" still points at the right
//! column).

use std::ops::Range;
use std::path::{Path, PathBuf};

/// A file's text, as read (lossily decoded if it is not UTF-8).
#[derive(Debug)]
pub struct Source {
    /// The path as the user will see it in diagnostics.
    pub name: String,
    /// The path on disk (or `-` for standard input).
    pub path: PathBuf,
    /// The text. For a file that is not valid UTF-8 this is a lossy decoding;
    /// [`Source::utf8_error`] then says where the first bad byte is.
    pub text: String,
    /// The byte offset of the first byte that is not valid UTF-8, if any.
    pub utf8_error: Option<usize>,
    /// Where each line of `text` starts.
    line_starts: Vec<usize>,
    /// For a compacted source (see [`Source::compact`]), which holds only
    /// some lines of the file: each kept line's index in the file and its
    /// byte offset there, so that positions are the file's own.
    kept: Option<Kept>,
}

/// The lines a compacted source kept.
#[derive(Debug, Clone)]
struct Kept {
    numbers: Vec<usize>,
    original_starts: Vec<usize>,
}

/// A 1-based line and column (in Unicode scalar values), with the 0-based byte offset.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
pub struct Position {
    pub line: usize,
    pub column: usize,
    pub offset: usize,
}

impl Source {
    /// Builds a source from raw bytes. Never fails: bytes that are not UTF-8
    /// are decoded lossily and the first bad offset is remembered.
    pub fn from_bytes(name: impl Into<String>, path: impl AsRef<Path>, bytes: Vec<u8>) -> Source {
        // Checked with SIMD first (a study is checked in a few microseconds
        // instead of tens); only a file that fails is checked again, by the
        // standard library, for where it fails.
        if simdutf8::basic::from_utf8(&bytes).is_ok() {
            // SAFETY: `simdutf8` has just checked that `bytes` is UTF-8.
            let text = unsafe { String::from_utf8_unchecked(bytes) };
            return Source::new(name, path, text, None);
        }
        let (text, utf8_error) = match String::from_utf8(bytes) {
            Ok(text) => (text, None),
            Err(err) => {
                let at = err.utf8_error().valid_up_to();
                (decode_keeping_offsets(err.as_bytes()), Some(at))
            }
        };
        Source::new(name, path, text, utf8_error)
    }

    /// Builds a source from text that is already UTF-8.
    pub fn from_text(name: impl Into<String>, text: impl Into<String>) -> Source {
        let name = name.into();
        let path = PathBuf::from(&name);
        Source::from_text_at(name, path, text)
    }

    /// Builds a source from text that is already UTF-8, with its own path
    /// (e.g. an embedded file: no decoding to check).
    pub fn from_text_at(
        name: impl Into<String>,
        path: impl AsRef<Path>,
        text: impl Into<String>,
    ) -> Source {
        Source::new(name, path, text.into(), None)
    }

    fn new(
        name: impl Into<String>,
        path: impl AsRef<Path>,
        text: String,
        utf8_error: Option<usize>,
    ) -> Source {
        let mut line_starts = Vec::with_capacity(text.len() / 32 + 1);
        line_starts.push(0);
        let bytes = text.as_bytes();
        if memchr::memchr(b'\r', bytes).is_none() {
            line_starts.extend(memchr::memchr_iter(b'\n', bytes).map(|i| i + 1));
        } else {
            // YAML 1.2's line breaks: LF, CRLF, and a lone CR (classic Mac OS).
            line_starts.extend(
                memchr::memchr2_iter(b'\n', b'\r', bytes)
                    .filter(|&i| bytes[i] == b'\n' || bytes.get(i + 1) != Some(&b'\n'))
                    .map(|i| i + 1),
            );
        }
        Source {
            name: name.into(),
            path: path.as_ref().to_path_buf(),
            text,
            utf8_error,
            line_starts,
            kept: None,
        }
    }

    /// The position of a byte offset. Offsets past the end clamp to the end;
    /// offsets inside a multi-byte character count as that character.
    pub fn position(&self, offset: usize) -> Position {
        let offset = offset.min(self.text.len());
        let line_index = match self.line_starts.binary_search(&offset) {
            Ok(i) => i,
            Err(i) => i - 1,
        };
        let line_start = self.line_starts[line_index];
        let mut end = offset;
        while end > line_start && !self.text.is_char_boundary(end) {
            end -= 1;
        }
        let mut column = self.text[line_start..end].chars().count() + 1;
        // A byte-order mark at the start of the file is invisible: it is not
        // a column. (A compacted source starts with whatever line it kept
        // first: a mark there is the file's only if that is the first line.)
        let first_line = self
            .kept
            .as_ref()
            .is_none_or(|k| k.numbers[line_index] == 0);
        if line_start == 0 && first_line && end >= 3 && self.text.starts_with('\u{feff}') {
            column -= 1;
        }
        match &self.kept {
            Some(k) => Position {
                line: k.numbers[line_index] + 1,
                column,
                offset: k.original_starts[line_index] + (offset - line_start),
            },
            None => Position {
                line: line_index + 1,
                column,
                offset,
            },
        }
    }

    /// The line number (0-based, in the file) of a byte offset of `text`.
    pub fn line_index(&self, offset: usize) -> usize {
        let i = self.line_of(offset);
        self.kept.as_ref().map_or(i, |k| k.numbers[i])
    }

    /// The byte range in `text` of the file's line `line` (0-based); empty
    /// for a line a compacted source did not keep.
    pub fn line_range(&self, line: usize) -> Range<usize> {
        let i = match &self.kept {
            None => Some(line).filter(|l| *l < self.line_starts.len()),
            Some(k) => k.numbers.binary_search(&line).ok(),
        };
        match i {
            Some(i) => {
                self.line_starts[i]
                    ..self
                        .line_starts
                        .get(i + 1)
                        .copied()
                        .unwrap_or(self.text.len())
            }
            None => {
                // The nearest kept line after it, or the end.
                let at = self.kept.as_ref().map_or(self.text.len(), |k| {
                    let j = k.numbers.partition_point(|n| *n < line);
                    self.line_starts.get(j).copied().unwrap_or(self.text.len())
                });
                at..at
            }
        }
    }

    /// The index of the line holding `offset`.
    fn line_of(&self, offset: usize) -> usize {
        match self.line_starts.binary_search(&offset.min(self.text.len())) {
            Ok(i) => i,
            Err(i) => i - 1,
        }
    }

    /// A copy that keeps only the lines `keep` touches, so that a linted
    /// file costs memory in proportion to its findings, not its size. Line
    /// numbers, columns and reported byte offsets stay those of the original;
    /// [`Source::translate`] maps an original offset into the copy.
    pub fn compact(&self, keep: &[Range<usize>]) -> Source {
        debug_assert!(self.kept.is_none(), "compact a full source");
        let mut wanted = vec![false; self.line_starts.len()];
        for r in keep {
            let (a, b) = (self.line_of(r.start), self.line_of(r.end.max(r.start)));
            for w in &mut wanted[a..=b] {
                *w = true;
            }
        }
        // A single line between two kept ones is kept too: a snippet with
        // labels on both sides shows it (an ellipsis stands only for more).
        for i in 1..wanted.len().saturating_sub(1) {
            if wanted[i - 1] && !wanted[i] && wanted[i + 1] {
                wanted[i] = true;
            }
        }
        let mut text = String::new();
        let mut line_starts = Vec::new();
        let mut kept = Kept {
            numbers: Vec::new(),
            original_starts: Vec::new(),
        };
        for (i, &start) in self.line_starts.iter().enumerate() {
            if wanted[i] {
                let end = self
                    .line_starts
                    .get(i + 1)
                    .copied()
                    .unwrap_or(self.text.len());
                line_starts.push(text.len());
                kept.numbers.push(i);
                kept.original_starts.push(start);
                text.push_str(&self.text[start..end]);
            }
        }
        if line_starts.is_empty() {
            line_starts.push(0);
            kept.numbers.push(0);
            kept.original_starts.push(0);
        }
        text.shrink_to_fit();
        Source {
            name: self.name.clone(),
            path: self.path.clone(),
            text,
            utf8_error: self.utf8_error,
            line_starts,
            kept: Some(kept),
        }
    }

    /// Where an offset of the original text lies in `compacted` (made by
    /// [`Source::compact`] from `self`).
    pub fn translate(&self, compacted: &Source, offset: usize) -> usize {
        let line = self.line_of(offset);
        let within = offset.min(self.text.len()) - self.line_starts[line];
        let range = compacted.line_range(line);
        (range.start + within).min(compacted.text.len())
    }

    /// The byte offset of a 1-based line and column (in characters) of a
    /// full (not compacted) source. Used by tests and tools that state positions.
    pub fn offset_of(&self, line: usize, column: usize) -> Option<usize> {
        let start = *self.line_starts.get(line.checked_sub(1)?)?;
        let rest = &self.text[start..];
        if column == 0 {
            return None;
        }
        let mut chars = rest.char_indices();
        for _ in 1..column {
            chars.next()?;
        }
        Some(start + chars.next().map(|(i, _)| i).unwrap_or(rest.len()))
    }

    /// Clamps a range to the text and to character boundaries.
    pub fn clamp(&self, range: Range<usize>) -> Range<usize> {
        let len = self.text.len();
        let mut start = range.start.min(len);
        let mut end = range.end.min(len).max(start);
        while start > 0 && !self.text.is_char_boundary(start) {
            start -= 1;
        }
        while end < len && !self.text.is_char_boundary(end) {
            end += 1;
        }
        start..end
    }
}

/// Decodes bytes that are not valid UTF-8, replacing each invalid byte with
/// one `?`, so that every byte offset of the text is the file's own.
fn decode_keeping_offsets(bytes: &[u8]) -> String {
    let mut out = String::with_capacity(bytes.len());
    let mut rest = bytes;
    loop {
        match std::str::from_utf8(rest) {
            Ok(s) => {
                out.push_str(s);
                return out;
            }
            Err(e) => {
                let (good, bad) = rest.split_at(e.valid_up_to());
                out.push_str(std::str::from_utf8(good).unwrap_or_default());
                let n = e.error_len().unwrap_or(bad.len());
                out.extend(std::iter::repeat_n('?', n));
                rest = &bad[n..];
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn columns_count_scalar_values() {
        let s = Source::from_text("t.yaml", "a: 1\nñandú: año\n");
        let off = s.text.find("año").unwrap();
        assert_eq!(
            s.position(off),
            Position {
                line: 2,
                column: 8,
                offset: off
            }
        );
        assert_eq!(s.offset_of(2, 8), Some(off));
    }

    #[test]
    fn end_of_file_and_past_it() {
        let s = Source::from_text("t.yaml", "ab");
        assert_eq!(
            s.position(2),
            Position {
                line: 1,
                column: 3,
                offset: 2
            }
        );
        assert_eq!(s.position(99).offset, 2);
    }

    #[test]
    fn invalid_bytes_keep_offsets_and_bom_is_no_column() {
        let s = Source::from_bytes(
            "t.yaml",
            "t.yaml",
            b"a: Ca\xf1ete \xff\xfe\nb: 1\n".to_vec(),
        );
        assert_eq!(s.text, "a: Ca?ete ??\nb: 1\n");
        assert_eq!(
            s.position(s.text.find("b:").unwrap()),
            Position {
                line: 2,
                column: 1,
                offset: 13
            }
        );
        let b = Source::from_text("t.yaml", "\u{feff}k: v\n");
        assert_eq!(b.position(6).column, 4);
        // Elsewhere a mark is a character like any other, also when the
        // compacted text starts with its line.
        let mid = Source::from_text("t.yaml", "a: 1\n\u{feff}k: v\n");
        let c = mid.compact(std::slice::from_ref(&(5..8)));
        for s in [&mid, &c] {
            let t = if s.kept.is_some() {
                mid.translate(&c, 8)
            } else {
                8
            };
            assert_eq!((s.position(t).line, s.position(t).column), (2, 2));
        }
    }

    #[test]
    fn compacted_sources_keep_positions() {
        let s = Source::from_text("t.yaml", "a: 1\nbb: ñandú\ncc: 3\ndd: 4\n");
        let at = s.text.find("ñandú").unwrap();
        let keep: Range<usize> = at..at + "ñandú".len();
        let c = s.compact(std::slice::from_ref(&keep));
        assert_eq!(c.text, "bb: ñandú\n");
        let t = s.translate(&c, at);
        assert_eq!(&c.text[t..t + "ñandú".len()], "ñandú");
        assert_eq!(c.position(t), s.position(at));
        let end = at + "ñandú".len();
        assert_eq!(c.position(s.translate(&c, end)), s.position(end));
        assert_eq!(c.line_index(t), 1);
        assert_eq!(c.line_range(1), 0..c.text.len());
        assert!(c.line_range(3).is_empty());
        assert_eq!(s.compact(&[]).text, "");
        // The one line between two kept lines is kept; two are not.
        let line = |n: usize| s.line_starts[n]..s.line_starts[n] + 1;
        assert_eq!(
            s.compact(&[line(0), line(2)]).text,
            "a: 1\nbb: ñandú\ncc: 3\n"
        );
        assert_eq!(s.compact(&[line(0), line(3)]).text, "a: 1\ndd: 4\n");
    }

    #[test]
    fn invalid_utf8_is_located() {
        let s = Source::from_bytes("t.yaml", "t.yaml", b"a: b\nc: \xff\xfe\n".to_vec());
        assert_eq!(s.utf8_error, Some(8));
        assert_eq!(
            s.position(8),
            Position {
                line: 2,
                column: 4,
                offset: 8
            }
        );
    }

    /// Valid UTF-8 of every width, long enough for the SIMD check's wide
    /// blocks, is kept as it is; a bad byte past those blocks is still
    /// found where it is, by the check that runs after the fast one fails.
    #[test]
    fn utf8_checked_fast_and_then_exactly() {
        let text = "año: ñandú € 𝄞\n".repeat(40);
        let s = Source::from_bytes("t.yaml", "t.yaml", text.clone().into_bytes());
        assert_eq!((s.text.as_str(), s.utf8_error), (text.as_str(), None));
        let mut bytes = text.clone().into_bytes();
        bytes.extend_from_slice(b"x: \xe2\x82\n");
        let s = Source::from_bytes("t.yaml", "t.yaml", bytes);
        assert_eq!(s.utf8_error, Some(text.len() + 3));
    }
}
