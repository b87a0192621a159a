//! A fast path for the shape studies are written in.
//!
//! Studies use a small, regular part of YAML: block mappings and sequences
//! indented with spaces, plain, quoted and block scalars, one-line flow
//! collections, and comments. This module reads exactly that part straight
//! from the bytes, building the same value and the same span index as the
//! event-driven loader, several times faster (a study is read line by line,
//! not character by character through a token queue).
//!
//! It never reports anything: on the first byte it is not sure of (an
//! anchor, a tag, a tab, a multi-line flow collection, a duplicate key, a
//! limit reached, any syntax error, …) it gives up and the caller loads the
//! file with the full parser, which then finds and reports the problem. So
//! every file it accepts must load identically through both paths; the
//! tests `fast_path_*` and the fuzz target `yaml_fast` compare them.
//!
//! It recurses on nesting, so it gives up past [`MAX_DEPTH`] levels (or the
//! configured limit, if lower), whatever `--max-depth` allows: the full
//! parser, which does not recurse, takes deeper files.

use std::ops::Range;

use serde_json::{Map, Number, Value};

use super::{Comment, Limits, NodeSpan, ROOT, SpanIndex, index_segment};
use crate::scalar::{Plain, resolve_plain};

/// A document read by the fast path: its root value, its spans, and the
/// root's range.
pub(super) struct Parsed {
    pub value: Value,
    pub spans: SpanIndex,
    pub range: Range<usize>,
    /// Every comment, in file order, when asked for.
    pub comments: Vec<Comment>,
}

/// Reads `text` if it keeps to the subset; `None` means "use the full parser".
/// `comments`: whether to collect comments (as the full parser's events give them).
pub(super) fn parse(text: &str, limits: &Limits, comments: bool) -> Option<Parsed> {
    let b = text.as_bytes();
    if !plain_characters(b) {
        return None;
    }
    let mut p = Fast {
        text,
        b,
        pos: 0,
        cur: None,
        limits,
        spans: SpanIndex::for_text(text.len()),
        nodes: 0,
        depth: 0,
        comments: comments.then(Vec::new),
        comment_run: 0,
        longest_comment_run: 0,
    };
    p.next_content();
    if p.cur != Some(0) {
        return None;
    }
    let (value, range) = p.block_map(0, ROOT)?;
    if p.cur.is_some() || p.longest_comment_run.max(p.comment_run) > MAX_COMMENT_RUN {
        return None;
    }
    Some(Parsed {
        value,
        spans: p.spans,
        range,
        comments: p.comments.unwrap_or_default(),
    })
}

/// The deepest nesting the fast path reads (studies nest about ten deep; the
/// default `--max-depth` is 64 too). A test reads the deepest on a 256 KiB
/// stack, an eighth of a worker thread's.
pub(super) const MAX_DEPTH: usize = 64;

/// YAML limits an implicit key to 1024 characters; a key of at most this
/// many bytes is within it whatever its characters (and far below the
/// scalar limit).
const MAX_KEY_BYTES: usize = 1000;

/// While it emits comments, the full parser buffers those it meets looking
/// ahead for the next node, and reports more than 96 in a row; the fast
/// path leaves long runs of comments to it (only when comments are kept:
/// otherwise the full parser skips them too).
const MAX_COMMENT_RUN: usize = 48;

/// Whether `b` holds only characters the subset reads the way the full
/// parser does: no tab or carriage return (indentation and line-break rules
/// differ), no other control character, no C1 control or NEL, no line or
/// paragraph separator, no byte-order mark, no U+FFFE or U+FFFF.
fn plain_characters(b: &[u8]) -> bool {
    // Branch-free per chunk, so that the common case is a vectorised pass.
    let controls = b.chunks(256).any(|chunk| {
        chunk.iter().fold(false, |found, &x| {
            found | ((x < 0x20) & (x != b'\n')) | (x == 0x7f)
        })
    });
    if controls {
        return false;
    }
    for i in memchr::memchr3_iter(0xc2, 0xe2, 0xef, b) {
        match (b[i], b.get(i + 1), b.get(i + 2)) {
            (0xc2, Some(0x80..=0x9f), _)
            | (0xe2, Some(0x80), Some(0xa8 | 0xa9))
            | (0xef, Some(0xbb), Some(0xbf))
            | (0xef, Some(0xbf), Some(0xbe | 0xbf)) => return false,
            _ => {}
        }
    }
    true
}

struct Fast<'a> {
    text: &'a str,
    b: &'a [u8],
    pos: usize,
    /// The indentation of the content line `pos` stands on (at its first
    /// character), or `None` at the end of the file.
    cur: Option<usize>,
    limits: &'a Limits,
    spans: SpanIndex,
    nodes: usize,
    depth: usize,
    comments: Option<Vec<Comment>>,
    /// Comments read since the last node, and the most seen in a row.
    comment_run: usize,
    longest_comment_run: usize,
}

/// A parsed node: its value, its range, and its span-index node when it
/// is a collection (scalars get theirs when they are placed).
type Node = (Value, Range<usize>, Option<u32>);

/// Bytes that may not start a plain scalar in this subset.
fn is_indicator(c: u8) -> bool {
    matches!(
        c,
        b'-' | b'?'
            | b':'
            | b','
            | b'['
            | b']'
            | b'{'
            | b'}'
            | b'#'
            | b'&'
            | b'*'
            | b'!'
            | b'|'
            | b'>'
            | b'\''
            | b'"'
            | b'%'
            | b'@'
            | b'`'
            | b' '
            | b'\n'
    )
}

impl<'a> Fast<'a> {
    fn at(&self, i: usize) -> Option<u8> {
        self.b.get(i).copied()
    }

    fn line_end(&self, from: usize) -> usize {
        memchr::memchr(b'\n', &self.b[from..]).map_or(self.b.len(), |i| from + i)
    }

    fn count(&mut self) -> Option<()> {
        self.nodes += 1;
        (self.nodes <= self.limits.max_nodes).then_some(())
    }

    fn enter(&mut self) -> Option<()> {
        if self.depth >= self.limits.max_depth.min(MAX_DEPTH) {
            return None;
        }
        self.depth += 1;
        self.count()
    }

    fn skip_spaces(&mut self) {
        while self.at(self.pos) == Some(b' ') {
            self.pos += 1;
        }
    }

    /// Moves to the first character of the next line that holds content
    /// (not blank, not only a comment), from anywhere on the current line's
    /// end, and sets `cur`.
    fn next_content(&mut self) {
        let len = self.b.len();
        loop {
            if self.pos >= len {
                self.cur = None;
                return;
            }
            let start = self.pos;
            self.skip_spaces();
            match self.at(self.pos) {
                None => {
                    self.cur = None;
                    return;
                }
                Some(b'\n') => self.pos += 1,
                Some(b'#') => self.comment(),
                Some(_) => {
                    self.cur = Some(self.pos - start);
                    self.longest_comment_run = self.longest_comment_run.max(self.comment_run);
                    self.comment_run = 0;
                    return;
                }
            }
        }
    }

    /// After a node: only spaces and a comment may follow on its line; then
    /// moves to the next content line.
    fn advance(&mut self) -> Option<()> {
        let before = self.pos;
        self.skip_spaces();
        match self.at(self.pos) {
            None => {}
            Some(b'\n') => self.pos += 1,
            Some(b'#') if self.pos > before => self.comment(),
            Some(_) => return None,
        }
        self.next_content();
        Some(())
    }

    /// Skips the comment at `pos` to the end of its line, keeping it if asked.
    fn comment(&mut self) {
        let end = self.line_end(self.pos);
        if let Some(comments) = &mut self.comments {
            comments.push(Comment {
                range: self.pos..end,
                text: self.text[self.pos + 1..end].to_string(),
            });
            self.comment_run += 1;
        }
        self.pos = end;
    }

    fn is_dash_item(&self) -> bool {
        self.at(self.pos) == Some(b'-')
            && matches!(self.at(self.pos + 1), None | Some(b' ' | b'\n'))
    }

    /// The key starting at `pos`: the colon that ends it (the key is the
    /// text before it, no space allowed in between).
    fn key(&self) -> Option<usize> {
        let start = self.pos;
        // `...` at the start of a line ends the document.
        if is_indicator(self.at(start)?) || self.b[start..].starts_with(b"...") {
            return None;
        }
        let le = self.line_end(start);
        let i = start + memchr::memchr2(b':', b'#', &self.b[start..le])?;
        let ends_key = self.b[i] == b':'
            && matches!(self.at(i + 1), None | Some(b' ' | b'\n'))
            && self.b[i - 1] != b' ';
        ends_key.then_some(i)
    }

    /// Whether the line from `pos` is `key: …` (a compact mapping).
    fn line_has_key(&self) -> bool {
        let start = self.pos;
        if self.at(start).is_none_or(is_indicator) {
            return false;
        }
        let le = self.line_end(start);
        for i in memchr::memchr2_iter(b':', b'#', &self.b[start..le]) {
            let i = start + i;
            if self.b[i] == b'#' {
                if self.b[i - 1] == b' ' {
                    return false;
                }
            } else if matches!(self.at(i + 1), None | Some(b' ' | b'\n')) {
                return true;
            }
        }
        false
    }

    fn block_map(&mut self, n: usize, id: u32) -> Option<(Value, Range<usize>)> {
        self.enter()?;
        let text = self.text;
        let start = self.pos;
        let mut end = start;
        let mut map = Map::new();
        loop {
            let ks = self.pos;
            let colon = self.key()?;
            let key = &text[ks..colon];
            if key == "<<" || key.len() > MAX_KEY_BYTES {
                return None;
            }
            self.count()?;
            self.pos = colon + 1;
            let node = self.block_value(n, colon)?;
            end = end.max(self.put_entry(id, &mut map, key, ks..colon, node)?);
            match self.cur {
                Some(m) if m == n => {}
                Some(m) if m > n => return None,
                _ => break,
            }
        }
        self.depth -= 1;
        Some((Value::Object(map), start..end))
    }

    /// The value after `key:` of a mapping at indentation `n`.
    fn block_value(&mut self, n: usize, colon: usize) -> Option<Node> {
        let after = self.pos;
        self.skip_spaces();
        if !matches!(self.at(self.pos), None | Some(b'\n' | b'#')) {
            return self.inline_value(n);
        }
        self.pos = after;
        self.advance()?;
        match self.cur {
            Some(m) if m > n => self.nested(m).map(|(v, r, id)| (v, r, Some(id))),
            Some(m) if m == n && self.is_dash_item() => None,
            _ => {
                self.count()?;
                Some((Value::Null, colon..colon, None))
            }
        }
    }

    /// A block collection starting on its own line at indentation `m`.
    fn nested(&mut self, m: usize) -> Option<(Value, Range<usize>, u32)> {
        let id = self.spans.reserve();
        let (value, range) = if self.is_dash_item() {
            self.block_seq(m, id)?
        } else {
            self.block_map(m, id)?
        };
        Some((value, range, id))
    }

    fn block_seq(&mut self, n: usize, id: u32) -> Option<(Value, Range<usize>)> {
        self.enter()?;
        let start = self.pos;
        let mut end = start;
        let mut items = Vec::new();
        loop {
            // At `-`, followed by a space or the end of the line.
            let dash = self.pos;
            self.pos += 1;
            self.skip_spaces();
            let (value, range, cid) = match self.at(self.pos) {
                None | Some(b'\n' | b'#') => {
                    self.pos = dash + 1;
                    self.advance()?;
                    match self.cur {
                        Some(m) if m > n => self.nested(m).map(|(v, r, id)| (v, r, Some(id)))?,
                        _ => return None,
                    }
                }
                Some(b'-') if self.is_dash_item() => return None,
                Some(_) if self.line_has_key() => {
                    let col = n + (self.pos - dash);
                    let cid = self.spans.reserve();
                    let (v, r) = self.block_map(col, cid)?;
                    (v, r, Some(cid))
                }
                Some(_) => self.inline_value(n)?,
            };
            end = end.max(self.put_item(id, &mut items, (value, range, cid)));
            match self.cur {
                Some(m) if m == n && self.is_dash_item() => {}
                Some(m) if m >= n => return None,
                _ => break,
            }
        }
        self.depth -= 1;
        Some((Value::Array(items), start..end))
    }

    /// A node that starts on the current line after `key: ` or `- `, in a
    /// block collection at indentation `n`. Leaves `pos` on the next content line.
    fn inline_value(&mut self, n: usize) -> Option<Node> {
        let c = self.at(self.pos)?;
        let node = match c {
            b'[' | b'{' => {
                let id = self.spans.reserve();
                let (v, r) = self.flow(id)?;
                (v, r, Some(id))
            }
            b'"' | b'\'' => self.quoted(c)?,
            b'|' | b'>' => return self.block_scalar(n, c == b'>'),
            b'-' if !matches!(self.at(self.pos + 1), None | Some(b' ' | b'\n')) => {
                return self.plain(n);
            }
            _ if is_indicator(c) => return None,
            _ => return self.plain(n),
        };
        self.count()?;
        self.advance()?;
        Some(node)
    }

    /// Places a mapping entry under `parent`: its spans in the index, its
    /// value in `map`. The end of its value; `None` on a duplicate key,
    /// which is the full parser's to report (one search, not two).
    fn put_entry(
        &mut self,
        parent: u32,
        map: &mut Map<String, Value>,
        key: &str,
        key_range: Range<usize>,
        (value, range, id): Node,
    ) -> Option<usize> {
        let end = range.end;
        let id = id.unwrap_or_else(|| self.spans.reserve());
        let span = NodeSpan {
            key: Some(key_range),
            value: range,
        };
        self.spans.place(parent, key, id, span);
        map.insert(key.to_string(), value).is_none().then_some(end)
    }

    /// Places a sequence item under `parent`; the end of its value.
    fn put_item(&mut self, parent: u32, items: &mut Vec<Value>, (value, range, id): Node) -> usize {
        let end = range.end;
        let id = id.unwrap_or_else(|| self.spans.reserve());
        let span = NodeSpan {
            key: None,
            value: range,
        };
        self.spans
            .place(parent, index_segment(items.len(), &mut [0; 20]), id, span);
        items.push(value);
        end
    }

    /// A quoted scalar on one line, `"…"` or `'…'` after the quote `c`.
    fn quoted(&mut self, c: u8) -> Option<Node> {
        let (s, r) = if c == b'"' {
            self.double_quoted()?
        } else {
            self.single_quoted()?
        };
        self.scalar_len(&s)?;
        Some((Value::String(s), r, None))
    }

    /// A plain scalar's value (YAML 1.2 core schema), within the scalar
    /// limit; non-finite numbers are left to the full parser, which reports them.
    fn plain_value(&self, text: &str) -> Option<Value> {
        self.scalar_len(text)?;
        Some(match resolve_plain(text) {
            Plain::Null => Value::Null,
            Plain::Bool(b) => Value::Bool(b),
            Plain::Int(i) => Value::Number(i.into()),
            Plain::Float(f) => Value::Number(Number::from_f64(f)?),
            Plain::Str => Value::String(text.to_string()),
        })
    }

    fn scalar_len(&self, s: &str) -> Option<()> {
        (s.len() <= self.limits.max_scalar_bytes).then_some(())
    }

    /// One line of a plain scalar from `from`: the end of its text (trailing
    /// spaces trimmed) and whether a comment follows on the line.
    fn plain_line(&self, from: usize) -> Option<(usize, bool)> {
        let le = self.line_end(from);
        let mut stop = le;
        let mut comment = false;
        for i in memchr::memchr2_iter(b':', b'#', &self.b[from..le]) {
            let i = from + i;
            if self.b[i] == b':' {
                if matches!(self.at(i + 1), None | Some(b' ' | b'\n')) {
                    return None;
                }
            } else if self.b[i - 1] == b' ' {
                stop = i;
                comment = true;
                break;
            }
        }
        let mut end = stop;
        while end > from && self.b[end - 1] == b' ' {
            end -= 1;
        }
        Some((end, comment))
    }

    /// A plain scalar in a block collection at indentation `n`; it may
    /// continue on lines indented more than `n`.
    fn plain(&mut self, n: usize) -> Option<Node> {
        let start = self.pos;
        let (first_end, mut comment) = self.plain_line(start)?;
        let mut end = first_end;
        let mut folded: Option<String> = None;
        while !comment {
            let ls = self.line_end(end) + 1;
            if ls >= self.b.len() {
                break;
            }
            let mut i = ls;
            while self.at(i) == Some(b' ') {
                i += 1;
            }
            let c = match self.at(i) {
                None | Some(b'\n') | Some(b'#') => break,
                Some(c) => c,
            };
            if i - ls <= n {
                break;
            }
            if is_indicator(c) {
                return None;
            }
            let (e, has_comment) = self.plain_line(i)?;
            let s = folded.get_or_insert_with(|| self.text[start..first_end].to_string());
            s.push(' ');
            s.push_str(&self.text[i..e]);
            end = e;
            comment = has_comment;
        }
        let text = folded.as_deref().unwrap_or(&self.text[start..first_end]);
        let value = self.plain_value(text)?;
        self.count()?;
        self.pos = end;
        self.advance()?;
        Some((value, start..end, None))
    }

    /// `"…"` on one line, with the common escapes.
    fn double_quoted(&mut self) -> Option<(String, Range<usize>)> {
        let start = self.pos;
        let mut out = String::new();
        let mut seg = start + 1;
        let mut i = seg;
        loop {
            let j = i + memchr::memchr3(b'"', b'\\', b'\n', &self.b[i..])?;
            match self.b[j] {
                b'"' => {
                    out.push_str(&self.text[seg..j]);
                    self.pos = j + 1;
                    return Some((out, start..j + 1));
                }
                b'\\' => {
                    out.push_str(&self.text[seg..j]);
                    let (c, len) = match self.at(j + 1)? {
                        b'"' => ('"', 2),
                        b'\\' => ('\\', 2),
                        b'/' => ('/', 2),
                        b'n' => ('\n', 2),
                        b't' => ('\t', 2),
                        b'r' => ('\r', 2),
                        b'0' => ('\0', 2),
                        b'x' => (self.hex(j + 2, 2)?, 4),
                        b'u' => (self.hex(j + 2, 4)?, 6),
                        _ => return None,
                    };
                    out.push(c);
                    i = j + len;
                    seg = i;
                }
                _ => return None,
            }
        }
    }

    fn hex(&self, at: usize, digits: usize) -> Option<char> {
        let s = self.text.get(at..at + digits)?;
        if !s.bytes().all(|c| c.is_ascii_hexdigit()) {
            return None;
        }
        char::from_u32(u32::from_str_radix(s, 16).ok()?)
    }

    /// `'…'` on one line (`''` is a quote).
    fn single_quoted(&mut self) -> Option<(String, Range<usize>)> {
        let start = self.pos;
        let mut out = String::new();
        let mut seg = start + 1;
        let mut i = seg;
        loop {
            let j = i + memchr::memchr2(b'\'', b'\n', &self.b[i..])?;
            if self.b[j] == b'\n' {
                return None;
            }
            out.push_str(&self.text[seg..j]);
            if self.at(j + 1) == Some(b'\'') {
                out.push('\'');
                i = j + 2;
                seg = i;
            } else {
                self.pos = j + 1;
                return Some((out, start..j + 1));
            }
        }
    }

    /// `|` or `>` with an optional `-`, its content indented more than `n`.
    fn block_scalar(&mut self, n: usize, folded: bool) -> Option<Node> {
        self.pos += 1;
        let strip = match self.at(self.pos) {
            Some(b'-') => {
                self.pos += 1;
                true
            }
            Some(b' ' | b'\n') | None => false,
            Some(_) => return None,
        };
        let before = self.pos;
        self.skip_spaces();
        match self.at(self.pos) {
            Some(b'\n') => {}
            Some(b'#') if self.pos > before => self.comment(),
            _ => return None,
        }
        // The first line sets the indentation; it must hold text.
        let mut ls = self.pos + 1;
        let indent = self.b[ls.min(self.b.len())..]
            .iter()
            .take_while(|&&c| c == b' ')
            .count();
        if indent <= n || matches!(self.at(ls + indent), None | Some(b'\n')) {
            return None;
        }
        let start = ls + indent;
        let mut out = String::new();
        let mut blanks = 0usize;
        let mut first = true;
        let end = loop {
            if ls >= self.b.len() {
                break self.b.len();
            }
            let le = self.line_end(ls);
            let spaces = self.b[ls..le].iter().take_while(|&&c| c == b' ').count();
            if ls + spaces == le {
                // A blank line: its spaces must not be content.
                if spaces > indent {
                    return None;
                }
                blanks += 1;
            } else if spaces < indent {
                break ls + spaces;
            } else {
                if folded && (spaces > indent || self.b[le - 1] == b' ') {
                    return None;
                }
                if !first {
                    // Folding turns a single line break into a space; each
                    // blank line is a line break in both styles.
                    let breaks = if folded { blanks } else { blanks + 1 };
                    if breaks == 0 {
                        out.push(' ');
                    }
                    out.extend(std::iter::repeat_n('\n', breaks));
                }
                out.push_str(&self.text[ls + indent..le]);
                first = false;
                blanks = 0;
            }
            ls = le + 1;
        };
        if !strip {
            out.push('\n');
        }
        self.scalar_len(&out)?;
        self.count()?;
        self.pos = end.min(self.b.len());
        // `end` is the first character of the line that ends the scalar:
        // go back to its start so that comments and blank lines are skipped.
        while self.pos > 0 && self.b[self.pos - 1] == b' ' {
            self.pos -= 1;
        }
        self.next_content();
        let span = start..super::block_scalar_end(self.text, &(start..end));
        Some((Value::String(out), span, None))
    }

    /// `[…]` or `{…}` on one line.
    fn flow(&mut self, id: u32) -> Option<(Value, Range<usize>)> {
        self.enter()?;
        let start = self.pos;
        let seq = self.b[start] == b'[';
        let close = if seq { b']' } else { b'}' };
        self.pos += 1;
        let text = self.text;
        let mut items = Vec::new();
        let mut map = Map::new();
        self.skip_spaces();
        if self.at(self.pos) == Some(close) {
            self.pos += 1;
        } else {
            loop {
                let key = if seq {
                    None
                } else {
                    let ks = self.pos;
                    if is_indicator(self.at(ks)?) {
                        return None;
                    }
                    let rel = memchr::memchr3(b':', b'\n', b'#', &self.b[ks..])?;
                    let colon = ks + rel;
                    if self.b[colon] != b':' || self.at(colon + 1) != Some(b' ') {
                        return None;
                    }
                    let key = &text[ks..colon];
                    if key.ends_with(' ')
                        || key
                            .bytes()
                            .any(|c| matches!(c, b',' | b'[' | b']' | b'{' | b'}'))
                        || key == "<<"
                        || key.len() > MAX_KEY_BYTES
                    {
                        return None;
                    }
                    self.count()?;
                    self.pos = colon + 1;
                    self.skip_spaces();
                    Some((key, ks..colon))
                };
                let node = self.flow_node()?;
                match key {
                    Some((k, kr)) => {
                        self.put_entry(id, &mut map, k, kr, node)?;
                    }
                    None => {
                        self.put_item(id, &mut items, node);
                    }
                }
                self.skip_spaces();
                match self.at(self.pos)? {
                    b',' => {
                        self.pos += 1;
                        self.skip_spaces();
                        if matches!(self.at(self.pos), Some(b']' | b'}')) {
                            return None;
                        }
                    }
                    c if c == close => {
                        self.pos += 1;
                        break;
                    }
                    _ => return None,
                }
            }
        }
        self.depth -= 1;
        let value = if seq {
            Value::Array(items)
        } else {
            Value::Object(map)
        };
        Some((value, start..self.pos))
    }

    /// A node inside a flow collection.
    fn flow_node(&mut self) -> Option<Node> {
        let c = self.at(self.pos)?;
        let node = match c {
            b'[' | b'{' => {
                let id = self.spans.reserve();
                let (v, r) = self.flow(id)?;
                return Some((v, r, Some(id)));
            }
            b'"' | b'\'' => self.quoted(c)?,
            b'-' if self.at(self.pos + 1).is_some_and(|c| c.is_ascii_digit()) => {
                self.flow_plain()?
            }
            _ if is_indicator(c) => return None,
            _ => self.flow_plain()?,
        };
        self.count()?;
        Some(node)
    }

    /// A plain scalar inside a flow collection: up to `,`, `]` or `}`.
    fn flow_plain(&mut self) -> Option<Node> {
        let start = self.pos;
        let mut i = start;
        loop {
            match self.at(i)? {
                b',' | b']' | b'}' => break,
                b':' | b'#' | b'\n' | b'[' | b'{' => return None,
                _ => i += 1,
            }
        }
        let mut end = i;
        while self.b[end - 1] == b' ' {
            end -= 1;
        }
        self.pos = end;
        let value = self.plain_value(&self.text[start..end])?;
        Some((value, start..end, None))
    }
}
