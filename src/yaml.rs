//! Parsing YAML 1.2 with spans.
//!
//! Turns a [`Source`] into a JSON value (for the schema and the rules) plus a
//! [`SpanIndex`] from JSON Pointer to the byte span of every key and value.
//! Every problem of the file itself becomes an `S001 yaml-syntax`
//! diagnostic at its position: syntax errors, duplicate keys, tabs used for
//! indentation, bytes that are not UTF-8, several documents, a root that is
//! not a mapping, and limits exceeded. Nothing here panics, recurses on
//! input depth, or allocates more than the limits allow.

use rustc_hash::FxHashMap as HashMap;
use std::ops::Range;

use granit_parser::{ErrorKind, Event, Parser, ScalarStyle, ScanError, Span};
use serde_json::{Map, Number, Value};

use crate::scalar::{Plain, resolve_plain};

mod fast;

use crate::diagnostic::{Diagnostic, Related, Severity};
use crate::i18n::Lang;
use crate::source::Source;

pub const CODE: &str = "S001";
pub const NAME: &str = "yaml-syntax";

/// The highest `max_depth` a user may set. Every later stage (the schema
/// validator, the rules, freeing the value) recurses on the document's
/// nesting, so past a few thousand levels a thread's stack runs out; a
/// test lints a document this deep on the binary's worker threads.
pub const DEPTH_CEILING: u64 = 1000;

/// The most problems of one kind (S001, S002) reported for one file; past
/// it, one more finding says how many were left out. A file of 900 000
/// duplicate keys must not cost gigabytes of findings.
pub const MAX_REPORTED: usize = 1000;

/// The finding that closes a capped list: how many more problems there were,
/// at the first of them.
pub fn left_out(
    code: &str,
    name: &str,
    pointer: &str,
    range: Range<usize>,
    more: usize,
    lang: Lang,
) -> Diagnostic {
    let mut d = Diagnostic::new(
        code,
        name,
        Severity::Error,
        pointer,
        range,
        match lang {
            Lang::Es => format!(
                "y {more} problemas más de este tipo en el archivo, desde aquí: se muestran los primeros {MAX_REPORTED}"
            ),
            Lang::En => format!(
                "and {more} more problems of this kind in the file, from here on: the first {MAX_REPORTED} are shown"
            ),
        },
    );
    d.folded = more;
    d
}

/// Whether a text looks like UTF-16 read as UTF-8: a byte-order mark (two
/// bytes that are not UTF-8, shown as U+FFFD each), or ASCII with a NUL
/// byte between characters.
pub fn looks_utf16(text: &str) -> bool {
    let head = &text.as_bytes()[..text.len().min(64)];
    text.starts_with("\u{FFFD}\u{FFFD}") && text.contains('\0')
        || head.len() >= 8 && head.iter().filter(|b| **b == 0).count() * 3 >= head.len()
}

/// Bounds on what one file may cost. Defaults are generous for real studies
/// (the largest realistic study is a few megabytes) and fatal for bombs.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Limits {
    /// Largest file read, in bytes.
    pub max_file_bytes: u64,
    /// Deepest nesting of mappings and sequences.
    pub max_depth: usize,
    /// Most nodes (scalars, mappings, sequences, alias expansions) in one file.
    pub max_nodes: usize,
    /// Most nodes that aliases may add by expansion.
    pub max_alias_nodes: usize,
    /// Longest scalar, in bytes.
    pub max_scalar_bytes: usize,
}

impl Default for Limits {
    fn default() -> Limits {
        Limits {
            max_file_bytes: 32 * 1024 * 1024,
            max_depth: 64,
            max_nodes: 2_000_000,
            max_alias_nodes: 100_000,
            max_scalar_bytes: 1024 * 1024,
        }
    }
}

/// Where a node is: the span of its key (for mapping entries) and of its value.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NodeSpan {
    pub key: Option<Range<usize>>,
    pub value: Range<usize>,
}

/// The largest file whose offsets the span index holds (`u32`): the loader
/// refuses a longer one, whatever `--max-file-size` says.
pub const FILE_CEILING: u64 = u32::MAX as u64;

/// A [`NodeSpan`] as stored: four 32-bit offsets (16 bytes instead of 40),
/// `NO_KEY` as the key's start when there is none. A large study has
/// hundreds of thousands of nodes, and the parse waits on memory.
#[derive(Debug, Clone, Copy)]
struct Packed {
    key: (u32, u32),
    value: (u32, u32),
}

const NO_KEY: u32 = u32::MAX;

/// An offset of a file within [`FILE_CEILING`].
fn offset(at: usize) -> u32 {
    u32::try_from(at).unwrap_or(u32::MAX)
}

impl Packed {
    const EMPTY: Packed = Packed {
        key: (NO_KEY, NO_KEY),
        value: (0, 0),
    };

    fn pack(span: NodeSpan) -> Packed {
        Packed {
            key: span
                .key
                .map_or((NO_KEY, NO_KEY), |k| (offset(k.start), offset(k.end))),
            value: (offset(span.value.start), offset(span.value.end)),
        }
    }

    fn unpack(self) -> NodeSpan {
        NodeSpan {
            key: (self.key.0 != NO_KEY).then_some(self.key.0 as usize..self.key.1 as usize),
            value: self.value.0 as usize..self.value.1 as usize,
        }
    }

    fn value(self) -> Range<usize> {
        self.value.0 as usize..self.value.1 as usize
    }
}

/// JSON Pointer → spans of every key and value of a document.
///
/// Stored as a tree, not as a map from pointer strings: loading a document
/// then costs no string per node (a large study has hundreds of thousands),
/// and a pointer is resolved segment by segment when a finding needs it.
/// Children are found by a 64-bit hash of (parent, segment) (foldhash's
/// quality variant, fixed seed: the same on every run). Two siblings are
/// confused only if their hashes collide: by accident about one chance in
/// 10^11 for the largest study; on purpose, keys crafted for it could do so
/// (no fast hash with a fixed seed prevents that, nor did SipHash with its
/// public keys, used before and 7 % slower to load a study), and the worst
/// outcome is a diagnostic placed at a sibling's span.
#[derive(Debug, Clone)]
pub struct SpanIndex {
    /// Node 0 is the root.
    nodes: Vec<Packed>,
    children: HashMap<u64, u32>,
}

impl Default for SpanIndex {
    fn default() -> Self {
        SpanIndex::with_capacity(0)
    }
}

const ROOT: u32 = 0;

fn child_key(parent: u32, segment: &str) -> u64 {
    use std::hash::{BuildHasher, Hasher};
    let mut h = foldhash::quality::FixedState::with_seed(0x5eed_5a17_c0de_cafe).build_hasher();
    h.write_u32(parent);
    h.write(segment.as_bytes());
    h.finish()
}

/// A sequence index as a pointer segment, without allocating.
pub fn index_segment(i: usize, buf: &mut [u8; 20]) -> &str {
    let mut n = i;
    let mut at = buf.len();
    loop {
        at -= 1;
        buf[at] = b'0' + (n % 10) as u8;
        n /= 10;
        if n == 0 {
            break;
        }
    }
    std::str::from_utf8(&buf[at..]).unwrap_or("0")
}

impl SpanIndex {
    /// Sized for a text of `len` bytes: about one node per 24 bytes. Studies
    /// have one every 18 to 22 bytes, so a large one rehashes once or twice
    /// while loading; sizing the table for all of them from the start was
    /// no faster (a table that large is out of the caches from its first
    /// insertion).
    pub(crate) fn for_text(len: usize) -> Self {
        SpanIndex::with_capacity(len / 24)
    }

    fn with_capacity(nodes: usize) -> Self {
        let mut index = SpanIndex {
            nodes: Vec::with_capacity(nodes + 1),
            children: HashMap::with_capacity_and_hasher(nodes, Default::default()),
        };
        index.nodes.push(Packed::EMPTY);
        index
    }

    /// A node whose spans are known later (a collection, when it closes).
    fn reserve(&mut self) -> u32 {
        self.nodes.push(Packed::EMPTY);
        (self.nodes.len() - 1) as u32
    }

    /// Sets the spans of node `id` and makes it `parent`'s child at `segment`.
    fn place(&mut self, parent: u32, segment: &str, id: u32, span: NodeSpan) {
        self.nodes[id as usize] = Packed::pack(span);
        self.children.insert(child_key(parent, segment), id);
    }

    /// The deepest node on the way to `pointer`: the byte length of the
    /// part of `pointer` it answers, its id, and whether it is the whole.
    fn walk(&self, pointer: &str) -> (usize, u32, bool) {
        let mut id = ROOT;
        let mut matched = 0;
        let mut rest = match pointer.strip_prefix('/') {
            Some(r) => r,
            None => return (0, ROOT, pointer.is_empty()),
        };
        loop {
            let (raw, next) = match rest.find('/') {
                Some(i) => (&rest[..i], Some(&rest[i + 1..])),
                None => (rest, None),
            };
            let found = if raw.contains('~') {
                let segment = raw.replace("~1", "/").replace("~0", "~");
                self.children.get(&child_key(id, &segment))
            } else {
                self.children.get(&child_key(id, raw))
            };
            let Some(&child) = found else {
                return (matched, id, false);
            };
            id = child;
            matched += 1 + raw.len();
            match next {
                Some(n) => rest = n,
                None => return (matched, id, true),
            }
        }
    }

    /// The child of node `parent` at `segment` (while loading: the pointer
    /// of an open collection does not resolve yet).
    fn child(&self, parent: u32, segment: &str) -> Option<NodeSpan> {
        let id = *self.children.get(&child_key(parent, segment))?;
        Some(self.nodes[id as usize].unpack())
    }

    /// Sets the root's span (once the document is read).
    fn set_root(&mut self, value: Range<usize>) {
        self.nodes[ROOT as usize] = Packed::pack(NodeSpan { key: None, value });
    }

    pub fn get(&self, pointer: &str) -> Option<NodeSpan> {
        match self.walk(pointer) {
            (_, id, true) => Some(self.nodes[id as usize].unpack()),
            _ => None,
        }
    }

    /// The value span of `pointer`, or of its nearest ancestor that has one
    /// (nodes inside an alias expansion point at the alias). Returns the
    /// pointer actually found with its span.
    pub fn locate<'p>(&self, pointer: &'p str) -> (&'p str, Range<usize>) {
        let (matched, id, _) = self.walk(pointer);
        (&pointer[..matched], self.nodes[id as usize].value())
    }

    /// The key span of `pointer` if it is a mapping entry, otherwise its value span.
    pub fn key_or_value(&self, pointer: &str) -> Range<usize> {
        match self.get(pointer) {
            Some(NodeSpan { key: Some(k), .. }) => k,
            Some(s) => s.value,
            None => self.locate(pointer).1,
        }
    }

    /// Where to point for something missing from the node at `pointer`: its
    /// key when it has one, otherwise the first line of its value (never a
    /// whole-file range for the root).
    pub fn anchor(&self, pointer: &str, text: &str) -> Range<usize> {
        if let Some(span) = self.get(pointer) {
            if let Some(key) = span.key {
                return key;
            }
            let v = span.value;
            let end = v.end.min(text.len());
            let start = v.start.min(end);
            // The first line of the value, without its line break (`\r\n` too).
            let line_end = text[start..end].find('\n').map_or(end, |i| start + i);
            let line_end = if text[start..line_end].ends_with('\r') {
                line_end - 1
            } else {
                line_end
            };
            return start..line_end;
        }
        self.locate(pointer).1
    }

    /// Every node of `root` (the document's value) that has spans, with its
    /// pointer, depth first (a mapping's keys in the value's order, which is
    /// sorted). Builds every pointer: for the rare callers
    /// that search by position (suppression comments), not per finding.
    pub fn all<'v>(&self, root: &'v Value) -> Vec<(String, NodeSpan)> {
        let mut out = Vec::with_capacity(self.children.len() + 1);
        // (value, its node, its pointer), depth first; an explicit stack, not recursion.
        let mut stack: Vec<(&'v Value, u32, String)> = vec![(root, ROOT, String::new())];
        let mut buf = [0u8; 20];
        while let Some((value, id, pointer)) = stack.pop() {
            let mut children: Vec<(&'v Value, u32, String)> = Vec::new();
            let mut visit = |child: &'v Value, segment: &str| {
                if let Some(&c) = self.children.get(&child_key(id, segment)) {
                    children.push((child, c, child_pointer(&pointer, segment)));
                }
            };
            match value {
                Value::Object(map) => map.iter().for_each(|(k, v)| visit(v, k)),
                Value::Array(items) => items
                    .iter()
                    .enumerate()
                    .for_each(|(i, v)| visit(v, index_segment(i, &mut buf))),
                _ => {}
            }
            out.push((pointer, self.nodes[id as usize].unpack()));
            stack.extend(children.into_iter().rev());
        }
        out
    }

    /// The number of nodes with spans (the root included).
    pub fn len(&self) -> usize {
        self.children.len() + 1
    }

    pub fn is_empty(&self) -> bool {
        false
    }
}

/// A parsed study: its value and where each node came from.
#[derive(Debug, Clone)]
pub struct Document {
    pub value: Value,
    pub spans: SpanIndex,
    /// Pointers of values already reported by S001 (e.g. `.nan`, kept as
    /// null): later stages do not report them again.
    pub rejected: Vec<String>,
    /// Comments that mention `pip-lint:` (suppressions) or the template's
    /// `COMPLETAR` mark (placeholders), in file order.
    pub comments: Vec<Comment>,
}

/// A comment of the file: its span (from `#`) and its text after `#`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Comment {
    pub range: Range<usize>,
    pub text: String,
}

/// The outcome of loading a file: the document when it could be built, and
/// the S001 diagnostics found on the way (a document may come with
/// non-fatal ones, such as a duplicate key).
#[derive(Debug)]
pub struct Loaded {
    pub document: Option<Document>,
    pub diagnostics: Vec<Diagnostic>,
}

/// Appends `segment` to a JSON Pointer, escaping `~` and `/` (RFC 6901).
pub fn push_pointer(pointer: &mut String, segment: &str) {
    pointer.push('/');
    if !segment.bytes().any(|b| b == b'~' || b == b'/') {
        pointer.push_str(segment);
        return;
    }
    for c in segment.chars() {
        match c {
            '~' => pointer.push_str("~0"),
            '/' => pointer.push_str("~1"),
            c => pointer.push(c),
        }
    }
}

/// Appends the segment a collection's open child is at: its key, or its index.
fn push_segment(pointer: &mut String, frame: &Frame) {
    match &frame.kind {
        FrameKind::Map {
            key: Some((k, _, _)),
            ..
        } => push_pointer(pointer, k),
        FrameKind::Map { key: None, .. } => {}
        FrameKind::Seq(items) => push_pointer(pointer, index_segment(items.len(), &mut [0; 20])),
    }
}

pub fn child_pointer(parent: &str, segment: &str) -> String {
    // Room for a few more segments: selectors and paths go on from here.
    let mut p = String::with_capacity(parent.len() + segment.len() + 33);
    p.push_str(parent);
    push_pointer(&mut p, segment);
    p
}

/// Loads one YAML document from `source`.
pub fn load(source: &Source, limits: &Limits, lang: Lang) -> Loaded {
    load_with(source, limits, lang, true)
}

/// Loads with the full parser only, never the fast path: for the tests and
/// fuzz targets that hold the two paths to the same result.
#[doc(hidden)]
pub fn load_full(source: &Source, limits: &Limits, lang: Lang) -> Loaded {
    load_with(source, limits, lang, false)
}

/// The fast path alone: the document when the fast path accepts the file.
#[doc(hidden)]
pub fn load_fast(source: &Source, limits: &Limits) -> Option<Document> {
    let mut loader = Loader::new(source, limits, Lang::En);
    loader.fast_only()
}

fn load_with(source: &Source, limits: &Limits, lang: Lang, fast: bool) -> Loaded {
    let mut loader = Loader::new(source, limits, lang);
    let document = if fast {
        loader.fast_only().or_else(|| loader.run())
    } else {
        loader.run()
    };
    let mut diagnostics = loader.diagnostics;
    if let Some(first) = loader.first_left_out {
        diagnostics.push(left_out(
            CODE,
            NAME,
            &first.pointer,
            first.range,
            loader.left_out,
            lang,
        ));
    }
    Loaded {
        document,
        diagnostics,
    }
}

/// A problem that stops loading (the diagnostic is already recorded).
struct Fatal;

enum FrameKind {
    Map {
        map: Map<String, Value>,
        /// The pending key: its text, span, and whether it is to be skipped (duplicate or merge key).
        key: Option<(String, Range<usize>, bool)>,
    },
    Seq(Vec<Value>),
}

struct Frame {
    kind: FrameKind,
    /// Its node in the span index.
    id: u32,
    start: usize,
    /// End of the last child, for block collections whose end event lies on a later line.
    last_end: usize,
    anchor: usize,
    nodes: usize,
}

struct Loader<'a> {
    source: &'a Source,
    text: &'a str,
    limits: &'a Limits,
    lang: Lang,
    diagnostics: Vec<Diagnostic>,
    spans: SpanIndex,
    stack: Vec<Frame>,
    anchors: HashMap<usize, (Value, usize)>,
    nodes: usize,
    alias_nodes: usize,
    root: Option<(Value, Range<usize>)>,
    rejected: Vec<String>,
    comments: Vec<Comment>,
    /// Comments are only collected when the file may hold a suppression.
    want_comments: bool,
    /// End of the last event read, for errors the parser finds ahead of its events.
    last_end: usize,
    /// The same before the current event: a tag written on the line before
    /// its collection lies between the two.
    prev_end: usize,
    /// Problems past [`MAX_REPORTED`]: how many, and the first one.
    left_out: usize,
    first_left_out: Option<Diagnostic>,
}

impl<'a> Loader<'a> {
    fn new(source: &'a Source, limits: &'a Limits, lang: Lang) -> Self {
        Loader {
            source,
            text: &source.text,
            limits,
            lang,
            diagnostics: Vec::new(),
            // Sized in `run`: the fast path, which most files take, has its own.
            spans: SpanIndex::default(),
            stack: Vec::new(),
            anchors: HashMap::default(),
            nodes: 0,
            alias_nodes: 0,
            root: None,
            rejected: Vec::new(),
            comments: Vec::new(),
            want_comments: source.text.contains("pip-lint:")
                || source.text.contains(crate::placeholder::MARK),
            last_end: 0,
            prev_end: 0,
            left_out: 0,
            first_left_out: None,
        }
    }

    fn t(&self, es: &str, en: &str) -> String {
        self.lang.pick(es, en).to_string()
    }

    fn error(&mut self, pointer: &str, range: Range<usize>, message: String) -> &mut Diagnostic {
        let range = self.source.clamp(range);
        let d = Diagnostic::new(CODE, NAME, Severity::Error, pointer, range, message);
        if self.diagnostics.len() >= MAX_REPORTED {
            // Counted, not kept (the first is kept aside for its place).
            self.left_out += 1;
            if self.first_left_out.is_none() {
                self.first_left_out = Some(d);
            }
            return self.first_left_out.as_mut().expect("just set");
        }
        self.diagnostics.push(d);
        self.diagnostics.last_mut().expect("just pushed")
    }

    /// The largest file read: the limit, within what spans can hold.
    fn max_file_bytes(&self) -> u64 {
        self.limits.max_file_bytes.min(FILE_CEILING)
    }

    /// The document read by the fast path, when the file is within the
    /// limits, UTF-8, and keeps to the subset [`fast`] reads.
    fn fast_only(&mut self) -> Option<Document> {
        if self.source.utf8_error.is_some() || self.text.len() as u64 > self.max_file_bytes() {
            return None;
        }
        let parsed = fast::parse(self.text, self.limits, self.want_comments)?;
        let mut spans = parsed.spans;
        spans.set_root(parsed.range);
        Some(Document {
            value: parsed.value,
            spans,
            rejected: Vec::new(),
            comments: parsed
                .comments
                .into_iter()
                .filter(|c| {
                    c.text.contains("pip-lint:") || c.text.contains(crate::placeholder::MARK)
                })
                .collect(),
        })
    }

    fn run(&mut self) -> Option<Document> {
        // The size first: a file cut at the limit may end inside a character.
        let limit = self.max_file_bytes();
        if self.source.text.len() as u64 > limit {
            let at = limit as usize;
            let msg = match self.lang {
                Lang::Es => format!("el archivo supera el límite de {limit} bytes"),
                Lang::En => format!("the file exceeds the limit of {limit} bytes"),
            };
            self.error("", at..at, msg);
            return None;
        }
        if looks_utf16(&self.source.text) {
            let msg = self.t(
                "el archivo está codificado en UTF-16, y pip-lint lee UTF-8",
                "the file is encoded as UTF-16, and pip-lint reads UTF-8",
            );
            let help = self.t(
                "guarde el archivo con codificación UTF-8 (en la mayoría de editores: «Guardar con codificación» → UTF-8)",
                "save the file as UTF-8 (in most editors: \"Save with encoding\" → UTF-8)",
            );
            self.error("", 0..0, msg).help = Some(help);
            return None;
        }
        if let Some(at) = self.source.utf8_error {
            let msg = self.t(
                "el archivo no está codificado en UTF-8: byte no válido",
                "the file is not valid UTF-8: invalid byte",
            );
            let help = self.t(
                "guarde el archivo con codificación UTF-8 (en la mayoría de editores: «Guardar con codificación» → UTF-8)",
                "save the file as UTF-8 (in most editors: \"Save with encoding\" → UTF-8)",
            );
            self.error("", at..at + 1, msg).help = Some(help);
            return None;
        }
        self.spans = SpanIndex::for_text(self.text.len());
        match self.parse() {
            Ok(()) => {}
            Err(Fatal) => return None,
        }
        let Some((value, range)) = self.root.take() else {
            let msg = self.t(
                "el archivo está vacío: un estudio es un mapeo con la clave `pip_study`",
                "the file is empty: a study is a mapping with the key `pip_study`",
            );
            self.error("", 0..0, msg);
            return None;
        };
        if !value.is_object() {
            let kind = json_kind(&value, self.lang);
            let msg = match self.lang {
                Lang::Es => format!(
                    "la raíz del documento es {kind}; un estudio es un mapeo con la clave `pip_study`"
                ),
                Lang::En => format!(
                    "the document root is {kind}; a study is a mapping with the key `pip_study`"
                ),
            };
            self.error("", range, msg);
            return None;
        }
        self.spans.set_root(range);
        Some(Document {
            value,
            spans: std::mem::take(&mut self.spans),
            rejected: std::mem::take(&mut self.rejected),
            comments: std::mem::take(&mut self.comments)
                .into_iter()
                .filter(|c| {
                    c.text.contains("pip-lint:") || c.text.contains(crate::placeholder::MARK)
                })
                .collect(),
        })
    }

    fn parse(&mut self) -> Result<(), Fatal> {
        // The parser's own nesting limits sit just above ours, so that our
        // clearer message fires first and the parser still bounds memory.
        let nesting = self.limits.max_depth.saturating_add(2);
        let options = granit_parser::options! {
            flow_nesting_limit: nesting,
            block_nesting_limit: nesting,
            emit_comments: self.want_comments,
        };
        let mut parser = Parser::new_from_str_with_options(self.text, options);
        let mut documents = 0usize;
        while let Some(next) = parser.next_event() {
            let (event, span) = match next {
                Ok(pair) => pair,
                Err(err) => {
                    self.scan_error(&err);
                    return Err(Fatal);
                }
            };
            let range = self.range(&span);
            self.prev_end = self.last_end;
            self.last_end = self.last_end.max(range.end);
            match event {
                Event::StreamStart | Event::StreamEnd | Event::DocumentEnd => {}
                Event::DocumentStart(..) => {
                    documents += 1;
                    if documents > 1 {
                        let msg = self.t(
                            "el archivo contiene más de un documento YAML; un estudio es un solo documento",
                            "the file holds more than one YAML document; a study is a single document",
                        );
                        let help = self.t(
                            "separe cada estudio en su propio archivo",
                            "put each study in a file of its own",
                        );
                        let at = range.start;
                        self.error("", at..range.end.max(at + 3), msg).help = Some(help);
                        return Ok(());
                    }
                }
                Event::Scalar(value, style, anchor, tag) => {
                    let range = match style {
                        ScalarStyle::Literal | ScalarStyle::Folded => {
                            range.start..block_scalar_end(self.text, &range)
                        }
                        _ => range,
                    };
                    self.count_node(&range)?;
                    if value.len() > self.limits.max_scalar_bytes {
                        let msg = match self.lang {
                            Lang::Es => format!(
                                "un escalar de {} bytes supera el límite de {} bytes",
                                value.len(),
                                self.limits.max_scalar_bytes
                            ),
                            Lang::En => format!(
                                "a scalar of {} bytes exceeds the limit of {} bytes",
                                value.len(),
                                self.limits.max_scalar_bytes
                            ),
                        };
                        let ptr = self.next_pointer();
                        self.error(&ptr, range.start..range.start + 1, msg);
                        return Err(Fatal);
                    }
                    let core_tag = tag
                        .as_deref()
                        .and_then(|t| t.core_suffix().map(str::to_string));
                    if tag.is_some() && core_tag.is_none() {
                        self.unsupported_tag(&range, None);
                    }
                    if self.is_key_position() {
                        // A key is text: only `!!str` fits it.
                        if let Some(t) = core_tag.as_deref().filter(|t| *t != "str") {
                            self.unsupported_tag(&range, Some((t, "key")));
                        }
                        self.push_key(value.into_owned(), range);
                    } else {
                        let resolved =
                            self.resolve_scalar(&value, style, core_tag.as_deref(), &range);
                        self.attach(resolved, range, anchor, 1, None)?;
                    }
                }
                Event::SequenceStart(_, anchor, ref tag)
                | Event::MappingStart(_, anchor, ref tag) => {
                    self.count_node(&range)?;
                    // Only the tag of its own kind (`!!seq`, `!!map`) fits a collection.
                    let own = if matches!(event, Event::MappingStart(..)) {
                        "map"
                    } else {
                        "seq"
                    };
                    match tag.as_deref().map(|t| t.core_suffix()) {
                        None => {}
                        Some(Some(t)) if t == own => {}
                        Some(Some(t)) => {
                            let t = t.to_string();
                            self.unsupported_tag(&range, Some((&t, own)));
                        }
                        Some(None) => self.unsupported_tag(&range, None),
                    }
                    if self.is_key_position() {
                        let msg = self.t(
                            "las claves compuestas (un mapeo o una lista como clave) no están permitidas",
                            "complex keys (a mapping or a sequence used as a key) are not allowed",
                        );
                        let ptr = self.next_pointer();
                        self.error(&ptr, range, msg);
                        return Err(Fatal);
                    }
                    if self.stack.len() >= self.limits.max_depth {
                        self.depth_error(range);
                        return Err(Fatal);
                    }
                    let id = if self.stack.is_empty() {
                        ROOT
                    } else {
                        self.spans.reserve()
                    };
                    let kind = if matches!(event, Event::MappingStart(..)) {
                        FrameKind::Map {
                            map: Map::new(),
                            key: None,
                        }
                    } else {
                        FrameKind::Seq(Vec::new())
                    };
                    self.stack.push(Frame {
                        kind,
                        id,
                        start: range.start,
                        last_end: range.end,
                        anchor,
                        nodes: 1,
                    });
                }
                Event::SequenceEnd | Event::MappingEnd => {
                    let Some(frame) = self.stack.pop() else {
                        continue;
                    };
                    // Block collections end where their next sibling begins: use the last child's end.
                    let end = if range.end > range.start {
                        range.end
                    } else {
                        frame.last_end
                    };
                    let value = match frame.kind {
                        FrameKind::Map { map, .. } => Value::Object(map),
                        FrameKind::Seq(items) => Value::Array(items),
                    };
                    self.attach(
                        value,
                        frame.start..end.max(frame.start),
                        frame.anchor,
                        frame.nodes,
                        Some(frame.id),
                    )?;
                }
                Event::Alias(id) => {
                    self.alias(id, range)?;
                }
                Event::UnresolvedAlias(name) => {
                    let msg = match self.lang {
                        Lang::Es => {
                            format!("el alias `*{name}` no tiene un ancla `&{name}` definida antes")
                        }
                        Lang::En => {
                            format!("the alias `*{name}` has no anchor `&{name}` defined before it")
                        }
                    };
                    let ptr = self.next_pointer();
                    self.error(&ptr, range, msg);
                    return Err(Fatal);
                }
                Event::Anchor(..) => {}
                Event::Comment(text, _) => self.comments.push(Comment {
                    range,
                    text: text.into_owned(),
                }),
                #[allow(unreachable_patterns)]
                _ => {}
            }
        }
        Ok(())
    }

    fn range(&self, span: &Span) -> Range<usize> {
        let start = marker_offset(self.text, &span.start);
        let end = marker_offset(self.text, &span.end).max(start);
        start..end
    }

    fn count_node(&mut self, range: &Range<usize>) -> Result<(), Fatal> {
        self.nodes += 1;
        if self.nodes > self.limits.max_nodes {
            let msg = match self.lang {
                Lang::Es => format!(
                    "el archivo supera el límite de {} nodos",
                    self.limits.max_nodes
                ),
                Lang::En => format!(
                    "the file exceeds the limit of {} nodes",
                    self.limits.max_nodes
                ),
            };
            let ptr = self.next_pointer();
            self.error(&ptr, range.clone(), msg);
            return Err(Fatal);
        }
        Ok(())
    }

    fn depth_error(&mut self, range: Range<usize>) {
        let msg = match self.lang {
            Lang::Es => format!(
                "el anidamiento supera el límite de {} niveles",
                self.limits.max_depth
            ),
            Lang::En => format!(
                "nesting exceeds the limit of {} levels",
                self.limits.max_depth
            ),
        };
        let ptr = self.next_pointer();
        self.error(&ptr, range.start..range.start + 1, msg);
    }

    fn is_key_position(&self) -> bool {
        matches!(
            self.stack.last(),
            Some(Frame {
                kind: FrameKind::Map { key: None, .. },
                ..
            })
        )
    }

    /// The pointer the next node will have.
    fn next_pointer(&self) -> String {
        self.frame_pointer(self.stack.len())
    }

    /// The pointer of the collection at depth `depth` of the stack, from the
    /// keys and indexes its ancestors are at: built for a diagnostic only,
    /// so that loading costs no string per collection.
    fn frame_pointer(&self, depth: usize) -> String {
        let mut pointer = String::new();
        for frame in &self.stack[..depth] {
            push_segment(&mut pointer, frame);
        }
        pointer
    }

    fn push_key(&mut self, key: String, range: Range<usize>) {
        let Some(frame) = self.stack.last() else {
            return;
        };
        let FrameKind::Map { map, .. } = &frame.kind else {
            return;
        };
        // Built only for a diagnostic: most keys need no pointer.
        let pointer = || child_pointer(&self.frame_pointer(self.stack.len() - 1), &key);
        let mut skip = false;
        if key == "<<" {
            let pointer = pointer();
            let msg = self.t(
                "las claves de fusión (`<<`) no forman parte de YAML 1.2; escriba las claves explícitamente",
                "merge keys (`<<`) are not part of YAML 1.2; write the keys out",
            );
            self.error(&pointer, range.clone(), msg);
            skip = true;
        } else if map.contains_key(&key) {
            let pointer = pointer();
            let first = self
                .spans
                .child(frame.id, &key)
                .and_then(|s| s.key.clone())
                .unwrap_or(0..0);
            let (msg, label, note) = match self.lang {
                Lang::Es => (
                    format!("clave duplicada `{key}`"),
                    "clave repetida".to_string(),
                    "definida por primera vez aquí".to_string(),
                ),
                Lang::En => (
                    format!("duplicate key `{key}`"),
                    "repeated key".to_string(),
                    "first defined here".to_string(),
                ),
            };
            let related = Related::here(self.source, pointer.clone(), first, note);
            let help = self.t(
                "deje una sola definición; se usa la primera",
                "keep a single definition; the first one is used",
            );
            let d = self.error(&pointer, range.clone(), msg);
            d.label = Some(label);
            d.related.push(related);
            d.help = Some(help);
            skip = true;
        }
        if let Some(Frame {
            kind: FrameKind::Map { key: slot, .. },
            ..
        }) = self.stack.last_mut()
        {
            *slot = Some((key, range, skip));
        }
    }

    fn alias(&mut self, id: usize, range: Range<usize>) -> Result<(), Fatal> {
        let Some((_, nodes)) = self.anchors.get(&id) else {
            let msg = self.t("alias sin ancla", "alias without an anchor");
            let ptr = self.next_pointer();
            self.error(&ptr, range, msg);
            return Err(Fatal);
        };
        let nodes = *nodes;
        self.alias_nodes = self.alias_nodes.saturating_add(nodes);
        self.nodes = self.nodes.saturating_add(nodes);
        if self.alias_nodes > self.limits.max_alias_nodes || self.nodes > self.limits.max_nodes {
            let msg = match self.lang {
                Lang::Es => format!(
                    "la expansión de alias supera el límite de {} nodos (¿una «bomba» de alias?)",
                    self.limits.max_alias_nodes
                ),
                Lang::En => format!(
                    "alias expansion exceeds the limit of {} nodes (an alias bomb?)",
                    self.limits.max_alias_nodes
                ),
            };
            let ptr = self.next_pointer();
            self.error(&ptr, range, msg);
            return Err(Fatal);
        }
        if self.is_key_position() {
            let key = match &self.anchors[&id].0 {
                Value::String(s) => s.clone(),
                Value::Number(n) => n.to_string(),
                Value::Bool(b) => b.to_string(),
                Value::Null => "null".to_string(),
                _ => {
                    let msg = self.t(
                        "las claves compuestas (un mapeo o una lista como clave) no están permitidas",
                        "complex keys (a mapping or a sequence used as a key) are not allowed",
                    );
                    let ptr = self.next_pointer();
                    self.error(&ptr, range, msg);
                    return Err(Fatal);
                }
            };
            self.push_key(key, range);
            return Ok(());
        }
        let value = self.anchors[&id].0.clone();
        self.attach(value, range, 0, nodes, None)
    }

    /// Places a finished node in its parent (or as the root). `id`: the
    /// span-index node a collection reserved when it opened.
    fn attach(
        &mut self,
        value: Value,
        range: Range<usize>,
        anchor: usize,
        nodes: usize,
        id: Option<u32>,
    ) -> Result<(), Fatal> {
        if anchor != 0 {
            self.anchors.insert(anchor, (value.clone(), nodes));
        }
        let Some(frame) = self.stack.last_mut() else {
            if self.root.is_none() {
                self.root = Some((value, range));
            }
            return Ok(());
        };
        frame.nodes = frame.nodes.saturating_add(nodes);
        frame.last_end = frame.last_end.max(range.end);
        match &mut frame.kind {
            FrameKind::Map { map, key } => {
                let Some((k, key_range, skip)) = key.take() else {
                    return Ok(());
                };
                if !skip {
                    let id = id.unwrap_or_else(|| self.spans.reserve());
                    let span = NodeSpan {
                        key: Some(key_range),
                        value: range,
                    };
                    self.spans.place(frame.id, &k, id, span);
                    map.insert(k, value);
                }
            }
            FrameKind::Seq(items) => {
                let id = id.unwrap_or_else(|| self.spans.reserve());
                let span = NodeSpan {
                    key: None,
                    value: range,
                };
                self.spans
                    .place(frame.id, index_segment(items.len(), &mut [0; 20]), id, span);
                items.push(value);
            }
        }
        Ok(())
    }

    /// YAML 1.2 core schema resolution of a scalar.
    fn resolve_scalar(
        &mut self,
        text: &str,
        style: ScalarStyle,
        tag: Option<&str>,
        range: &Range<usize>,
    ) -> Value {
        let plain = style == ScalarStyle::Plain;
        match tag {
            Some("str") => return Value::String(text.to_string()),
            // A core tag must fit the value it stands on (YAML 1.2 core schema).
            Some(t @ ("null" | "int" | "float" | "bool" | "map" | "seq")) => {
                let fits = matches!(
                    (t, resolve_plain(text)),
                    ("null", Plain::Null)
                        | ("int", Plain::Int(_))
                        | ("float", Plain::Int(_) | Plain::Float(_))
                        | ("bool", Plain::Bool(_))
                );
                if fits && t == "null" {
                    return Value::Null;
                }
                if !fits {
                    let msg = match (self.lang, text.is_empty()) {
                        (Lang::Es, true) => {
                            format!("un valor vacío no es un valor de la etiqueta `!!{t}`")
                        }
                        (Lang::En, true) => {
                            format!("an empty value is not a value of the tag `!!{t}`")
                        }
                        (Lang::Es, false) => {
                            format!("`{text}` no es un valor de la etiqueta `!!{t}`")
                        }
                        (Lang::En, false) => format!("`{text}` is not a value of the tag `!!{t}`"),
                    };
                    let ptr = self.next_pointer();
                    // An empty value has no span of its own: the tag has.
                    let at = if text.is_empty() {
                        self.tag_span(range)
                    } else {
                        range.clone()
                    };
                    self.error(&ptr, at, msg);
                    self.rejected.push(ptr);
                    return Value::Null;
                }
            }
            _ => {}
        }
        if !plain && tag.is_none() {
            return Value::String(text.to_string());
        }
        match resolve_plain(text) {
            Plain::Null => Value::Null,
            Plain::Bool(b) => Value::Bool(b),
            Plain::Int(i) => Value::Number(i.into()),
            Plain::Float(f) => match Number::from_f64(f) {
                Some(n) => Value::Number(n),
                None => {
                    let msg = match self.lang {
                        Lang::Es => format!(
                            "`{text}` no es un número finito; un estudio solo admite números finitos"
                        ),
                        Lang::En => format!(
                            "`{text}` is not a finite number; a study holds finite numbers only"
                        ),
                    };
                    let ptr = self.next_pointer();
                    self.error(&ptr, range.clone(), msg);
                    self.rejected.push(ptr);
                    Value::Null
                }
            },
            Plain::Str => Value::String(text.to_string()),
        }
    }

    /// Where the tag of the node at `range` is written: before the node,
    /// after the events before it (on the node's line, or on the line above a
    /// block collection: `location: !!seq` and the mapping below), or at the
    /// start of the node's span. A tag starts a token: `!` after white space.
    fn tag_span(&self, range: &Range<usize>) -> Range<usize> {
        let bytes = self.text.as_bytes();
        let start = range.start.min(bytes.len());
        let token = |i: usize| i == 0 || bytes[i - 1].is_ascii_whitespace();
        let before = self.prev_end.min(start);
        let at = (before..start)
            .rev()
            .find(|&i| bytes[i] == b'!' && token(i))
            .or_else(|| {
                (start..range.end.min(bytes.len())).find(|&i| bytes[i] == b'!' && token(i))
            });
        match at {
            Some(i) => {
                let len = bytes[i..]
                    .iter()
                    .position(|b| b.is_ascii_whitespace())
                    .unwrap_or(bytes.len() - i);
                i..i + len
            }
            None => range.clone(),
        }
    }

    /// S001 for a tag a study cannot use: a local one (`!foo`), or a core
    /// one on a node of another kind (`!!map` on a list, `!!int` on a key,
    /// given as the tag and the kind). The node is read as if untagged.
    fn unsupported_tag(&mut self, range: &Range<usize>, core: Option<(&str, &str)>) {
        let span = self.tag_span(range);
        let msg = match core {
            None => self
                .t(
                    "etiqueta no admitida: un estudio usa los valores de YAML sin etiquetas propias (`!!str` y `!!null` se admiten)",
                    "unsupported tag: a study uses plain YAML values, without tags of its own (`!!str` and `!!null` are accepted)",
                )
                .to_string(),
            Some((t, kind)) => {
                let (es, en) = match kind {
                    "map" => ("un mapeo", "a mapping"),
                    "seq" => ("una lista", "a list"),
                    _ => ("una clave, que es texto", "a key, which is text"),
                };
                match self.lang {
                    Lang::Es => format!("la etiqueta `!!{t}` no corresponde a {es}"),
                    Lang::En => format!("the tag `!!{t}` does not fit {en}"),
                }
            }
        };
        let ptr = self.next_pointer();
        self.error(&ptr, span, msg);
    }

    /// The offset and pointer of the first `[` or `{` after the last event
    /// read that goes past the depth limit (flow style), if any.
    fn first_past_depth_limit(&self) -> Option<(usize, String)> {
        let mut depth = self.stack.len();
        let mut pointer = self.next_pointer();
        // The flow collections opened since the last event: their kind, the
        // pointer's length before them, the index of the item being read
        // (a list) or the key whose value is being read (a mapping).
        struct Open {
            list: bool,
            len: usize,
            index: usize,
            key: Option<Range<usize>>,
        }
        let mut open: Vec<Open> = Vec::new();
        let mut key_start = 0;
        let bytes = self.text.as_bytes();
        let mut i = self.last_end.min(bytes.len());
        while i < bytes.len() {
            match bytes[i] {
                b @ (b'[' | b'{') => {
                    let len = pointer.len();
                    match open.last() {
                        Some(o) if o.list => push_pointer(&mut pointer, &o.index.to_string()),
                        Some(o) => {
                            if let Some(k) = &o.key {
                                push_pointer(&mut pointer, self.text[k.clone()].trim());
                            }
                        }
                        None => {}
                    }
                    depth += 1;
                    if depth > self.limits.max_depth {
                        return Some((i, pointer));
                    }
                    open.push(Open {
                        list: b == b'[',
                        len,
                        index: 0,
                        key: None,
                    });
                    key_start = i + 1;
                }
                b']' | b'}' => {
                    depth = depth.saturating_sub(1);
                    if let Some(o) = open.pop() {
                        pointer.truncate(o.len);
                    }
                }
                b',' => {
                    if let Some(o) = open.last_mut() {
                        o.index += 1;
                        o.key = None;
                    }
                    key_start = i + 1;
                }
                b':' => {
                    if let Some(o) = open.last_mut().filter(|o| !o.list && o.key.is_none()) {
                        o.key = Some(key_start..i);
                    }
                }
                b'"' | b'\'' => return None,
                _ => {}
            }
            i += 1;
        }
        None
    }

    /// The quote that opens the scalar running up to `at`.
    fn opening_quote_before(&self, at: usize) -> Option<usize> {
        let before = &self.text[..at.min(self.text.len())];
        before.char_indices().rev().find_map(|(i, c)| {
            let opens = matches!(c, '"' | '\'')
                && before[..i]
                    .chars()
                    .next_back()
                    .is_none_or(|p| matches!(p, ' ' | '\t' | '\n' | ':' | '[' | '{' | ',' | '-'));
            opens.then_some(i)
        })
    }

    /// The first tab at or after `at` (on its line or the next) that is in
    /// a line's indentation: only blanks before it on its line.
    fn indenting_tab_after(&self, at: usize) -> Option<usize> {
        let at = at.min(self.text.len());
        let line_start = self.text[..at].rfind('\n').map_or(0, |i| i + 1);
        let mut start = line_start;
        for _ in 0..2 {
            let line_end = self.text[start..]
                .find('\n')
                .map_or(self.text.len(), |i| start + i);
            let lead = &self.text[start..line_end];
            let blanks = lead.len() - lead.trim_start_matches([' ', '\t']).len();
            if let Some(i) = lead[..blanks].find('\t') {
                return Some(start + i);
            }
            if line_end == self.text.len() {
                break;
            }
            start = line_end + 1;
        }
        None
    }

    fn scan_error(&mut self, err: &ScanError) {
        let mut at = marker_offset(self.text, err.marker());
        let mut pointer = self.next_pointer();
        match err.kind() {
            // An unclosed `[` or `{` is the collection itself, not its next item.
            ErrorKind::UnclosedFlowCollection { .. } => {
                if let Some(depth) = self.stack.iter().rposition(|f| f.start == at) {
                    pointer = self.frame_pointer(depth);
                }
            }
            // The parser reads ahead: find the first collection past the limit ourselves.
            ErrorKind::RecursionLimitExceeded => {
                if let Some((bracket, ptr)) = self.first_past_depth_limit() {
                    at = bracket;
                    pointer = ptr;
                }
            }
            _ => {}
        }
        // An unclosed quote that runs to the end of the file: point at the quote.
        let quote_to_eof = matches!(err.kind(), ErrorKind::InvalidQuotedScalarIndent)
            && self.text[at.min(self.text.len())..].trim().is_empty();
        if quote_to_eof && let Some(q) = self.opening_quote_before(at) {
            at = q;
        }
        // A tab that indents the line after a plain scalar ends that scalar's
        // scan: the parser reports it on the scalar; it is the indentation.
        let indenting_tab = match err.kind() {
            ErrorKind::TabInBlockIndentation => true,
            ErrorKind::TabInPlainScalar
            | ErrorKind::TabInIndentation
            | ErrorKind::TabNotAllowed => self.indenting_tab_after(at).is_some(),
            _ => false,
        };
        let (message, help) = match err.kind() {
            _ if indenting_tab => {
                // Point at the tab itself: the parser's marker sits just after
                // it, or on the scalar before its line.
                if let Some(tab) = self.indenting_tab_after(at) {
                    at = tab;
                } else {
                    let line_start = self.text[..at.min(self.text.len())]
                        .rfind('\n')
                        .map_or(0, |i| i + 1);
                    if let Some(i) = self.text[line_start..].find('\t') {
                        at = line_start + i;
                    }
                }
                // The tab's line is the value of the key above it only when
                // that key's line ends at its colon; otherwise the line's own
                // key is unknown (a tab's indentation is not YAML's), and the
                // pointer is the open mapping, not the key read before.
                let line_start = self.text[..at.min(self.text.len())]
                    .rfind('\n')
                    .map_or(0, |i| i + 1);
                let above = self.text[..line_start.saturating_sub(1)]
                    .lines()
                    .rev()
                    .map(|l| l.split(" #").next().unwrap_or("").trim_end())
                    .find(|l| !l.trim().is_empty());
                if above.is_some_and(|l| !l.ends_with(':'))
                    && let Some(top) = self.stack.len().checked_sub(1)
                {
                    pointer = self.frame_pointer(top);
                }
                (
                    self.t(
                        "se usó un tabulador para sangrar; YAML solo admite espacios",
                        "a tab is used for indentation; YAML allows spaces only",
                    ),
                    Some(self.t(
                        "reemplace los tabuladores del inicio de la línea por espacios",
                        "replace the tabs at the start of the line with spaces",
                    )),
                )
            }
            ErrorKind::RecursionLimitExceeded => {
                let msg = match self.lang {
                    Lang::Es => format!(
                        "el anidamiento supera el límite de {} niveles",
                        self.limits.max_depth
                    ),
                    Lang::En => format!(
                        "nesting exceeds the limit of {} levels",
                        self.limits.max_depth
                    ),
                };
                (msg, None)
            }
            _ if quote_to_eof => (
                self.t(
                    "error de sintaxis YAML: comillas sin cerrar",
                    "YAML syntax error: unclosed quote",
                ),
                None,
            ),
            _ => {
                let msg = match self.lang {
                    Lang::Es => format!(
                        "error de sintaxis YAML: {}",
                        parser_message_es(err.kind()).unwrap_or_else(|| err.info())
                    ),
                    Lang::En => format!("YAML syntax error: {}", err.info()),
                };
                (msg, None)
            }
        };
        // A missing `,` or closing bracket in a flow collection shows up at the
        // next entry, often on a later line: show where the collection opened.
        let opened = matches!(
            err.kind(),
            ErrorKind::ExpectedFlowMappingSeparator | ErrorKind::ExpectedFlowSequenceSeparator
        )
        .then(|| {
            self.stack
                .iter()
                .rposition(|f| matches!(self.text.as_bytes().get(f.start), Some(b'{' | b'[')))
        })
        .flatten()
        .map(|depth| (self.stack[depth].start, self.frame_pointer(depth)));
        let end = next_char_end(self.text, at);
        let source = self.source;
        let lang = self.lang;
        let d = self.error(&pointer, at..end, message);
        d.help = help;
        if let Some((start, opened_pointer)) = opened
            && start < at
        {
            let (open, close) = if source.text.as_bytes()[start] == b'{' {
                ("{", "}")
            } else {
                ("[", "]")
            };
            d.related.push(Related::here(
                source,
                opened_pointer,
                start..start + 1,
                match lang {
                    Lang::Es => {
                        format!("«{open}» abierto aquí: ¿falta una coma o el «{close}» de cierre?")
                    }
                    Lang::En => format!(
                        "«{open}» opened here: is a comma or the closing «{close}» missing?"
                    ),
                },
            ));
        }
    }
}

/// The YAML parser's message for `kind` in Spanish (its own text is English);
/// `None` for the few that a study cannot produce (internal states), which
/// keep the parser's words.
fn parser_message_es(kind: &ErrorKind) -> Option<String> {
    use ErrorKind as K;
    let text = match kind {
        K::UnexpectedEofFlowSequence => {
            "el archivo termina dentro de una lista entre corchetes `[`"
        }
        K::UnexpectedEofFlowMapping | K::UnexpectedEofImplicitFlowMapping => {
            "el archivo termina dentro de un mapeo entre llaves `{`"
        }
        K::UnexpectedEofBlockSequence => "el archivo termina dentro de una lista",
        K::UnexpectedEofBlockMapping => "el archivo termina dentro de un mapeo",
        K::UnexpectedEof => "el archivo termina antes de lo esperado",
        K::DuplicateVersionDirective => "la directiva %YAML aparece dos veces",
        K::UnsupportedYamlMajorVersion => "versión de YAML no admitida",
        K::DuplicateTagDirective => "la directiva %TAG se repite para el mismo prefijo",
        K::ExpectedDocumentStart => "falta el inicio del documento (`---`)",
        K::MissingDocumentEndBeforeDirective => {
            "falta el fin de documento (`...`) antes de la directiva"
        }
        K::UnknownAnchor => "el alias (`*`) nombra un ancla (`&`) que no existe",
        K::ExpectedNodeContent => "falta el contenido de un nodo",
        K::ExpectedBlockMappingKey => {
            "se esperaba una clave del mapeo: revise la sangría de esta línea y de la anterior"
        }
        K::ExpectedFlowMappingSeparator => "en un mapeo entre llaves se esperaba `,` o `}`",
        K::ExpectedFlowSequenceSeparator => "en una lista entre corchetes se esperaba `,` o `]`",
        K::ExpectedBlockSequenceEntry => {
            "se esperaba un elemento de lista (`-`): revise la sangría"
        }
        K::UndeclaredTagHandle => "el prefijo de la etiqueta no está declarado",
        K::MultipleDocumentsUnsupported => "el archivo tiene más de un documento",
        K::ExpectedTagBang | K::ExpectedTagDirectiveBang => "falta `!` en la etiqueta",
        K::InvalidGlobalTagCharacter => "carácter no válido en la etiqueta",
        K::SimpleKeyExpected => "se esperaba `:` después de la clave",
        K::InvalidSimpleKey => {
            "la clave ya no es válida: una clave sin `?` debe caber en una línea (y en 1024 caracteres)"
        }
        K::InvalidDocumentEnd => "hay contenido después del fin del documento (`...`)",
        K::InvalidIndentation => "sangría no válida",
        K::BomInsideDocument => "una marca de orden de bytes (BOM) dentro del documento",
        K::UnexpectedCharacter { character } => {
            return Some(format!(
                "carácter inesperado: «{}»",
                character.escape_default()
            ));
        }
        K::TabNotAllowed | K::TabInIndentation | K::TabInBlockIndentation => {
            "no se admiten tabuladores aquí; YAML solo admite espacios"
        }
        K::CommentInterceptedScalar => "un comentario interrumpe un texto de varias líneas",
        K::ExpectedWhitespace => "se esperaba un espacio",
        K::CommentNotSeparated => "un comentario (`#`) debe ir separado por un espacio",
        K::InvalidDirectiveTerminator
        | K::DirectiveDisallowed
        | K::MissingYamlVersionSeparator
        | K::MissingDirectiveName
        | K::InvalidDirectiveName
        | K::YamlVersionTooLong
        | K::MissingYamlVersion
        | K::InvalidTagDirectiveTerminator => "directiva (`%`) no válida",
        K::InvalidTagTerminator
        | K::MissingTagUri
        | K::UnclosedVerbatimTag
        | K::InvalidTagEscape
        | K::InvalidTagUtf8LeadingByte
        | K::InvalidTagUtf8TrailingByte
        | K::InvalidTagUtf8 => "etiqueta (`!`) no válida",
        K::MissingAnchorOrAliasName => {
            "falta el nombre del ancla (`&`) o del alias (`*`): letras o dígitos"
        }
        K::MisplacedFlowCollectionEnd => "un corchete o una llave de cierre sin su apertura",
        K::MismatchedFlowCollectionEnd { open, close } => {
            return Some(format!("«{open}» se cierra con «{close}»"));
        }
        K::UnclosedFlowCollection { open } => {
            return Some(format!("«{open}» sin cerrar"));
        }
        K::BlockEntryInFlowCollection => {
            "«-» solo vale en una lista por líneas, no dentro de corchetes o llaves"
        }
        K::BlockSequenceEntryNotAllowed => {
            "aquí no cabe un elemento de lista (`-`): revise la sangría"
        }
        K::InvalidBlockEntryWhitespace => "«-» debe ir seguido de un espacio",
        K::ZeroBlockScalarIndent => "el indicador de sangría de un bloque de texto no puede ser 0",
        K::InvalidBlockScalarHeader => {
            "después de `|` o `>` solo caben un indicador, un comentario o el fin de línea"
        }
        K::TabAtBlockScalarStart => "un bloque de texto no puede empezar con un tabulador",
        K::InvalidBlockScalarIndent => "línea mal sangrada en un bloque de texto (`|`, `>`)",
        K::DocumentIndicatorInQuotedScalar => {
            "un texto entre comillas contiene un indicador de documento (`---` o `...`)"
        }
        K::UnclosedQuotedScalar => "comillas sin cerrar",
        K::InvalidQuotedScalarIndent => {
            "sangría no válida en un texto de varias líneas entre comillas"
        }
        K::InvalidTrailingSingleQuotedScalar | K::InvalidTrailingDoubleQuotedScalar => {
            "hay contenido después del texto entre comillas: encierre todo el valor entre las comillas"
        }
        K::UnknownQuotedScalarEscape => {
            "secuencia de escape desconocida (`\\`) en un texto entre comillas dobles"
        }
        K::InvalidQuotedScalarHexEscape
        | K::InvalidLowSurrogateHexEscape
        | K::InvalidLowSurrogate
        | K::MissingLowSurrogate
        | K::UnpairedLowSurrogate
        | K::InvalidUnicodeEscape => "escape Unicode (`\\x`, `\\u`, `\\U`) no válido",
        K::InvalidFlowScalarIndent => "sangría no válida dentro de corchetes o llaves",
        K::PlainScalarStartsWithDashFlowIndicator => {
            "un texto sin comillas no puede empezar con «-» seguido de `,[]{}`"
        }
        K::TabInPlainScalar => "un tabulador en un texto sin comillas",
        K::UnexpectedEndOfPlainScalar => "fin inesperado de un texto sin comillas",
        K::MappingKeyNotAllowed => "aquí no cabe una clave de mapeo",
        K::FlowMappingValueAdjacentCollection => {
            "en un mapeo entre llaves, `:` no puede ir pegado a `[` o `{`"
        }
        K::InvalidMappingValueWhitespace => "«:» debe ir seguido de un espacio",
        K::InvalidColonPlacement => "«:» fuera de lugar",
        K::MappingValueNotAllowed => {
            "aquí no cabe un valor de mapeo: ¿falta un salto de línea, o el texto lleva «: » y necesita comillas?"
        }
        _ => return None,
    };
    Some(text.to_string())
}

fn next_char_end(text: &str, at: usize) -> usize {
    text.get(at..)
        .and_then(|rest| rest.chars().next())
        .map_or(at, |c| at + c.len_utf8())
}

fn marker_offset(text: &str, marker: &granit_parser::Marker) -> usize {
    match marker.byte_offset() {
        Some(b) => b.min(text.len()),
        None => text
            .char_indices()
            .nth(marker.index())
            .map_or(text.len(), |(i, _)| i),
    }
}

/// How a value's type is named in messages.
pub fn json_kind(value: &Value, lang: Lang) -> &'static str {
    match (value, lang) {
        (Value::Null, Lang::Es) => "un valor vacío (null)",
        (Value::Null, Lang::En) => "an empty value (null)",
        (Value::Bool(_), Lang::Es) => "un booleano",
        (Value::Bool(_), Lang::En) => "a boolean",
        (Value::Number(_), Lang::Es) => "un número",
        (Value::Number(_), Lang::En) => "a number",
        (Value::String(_), Lang::Es) => "un texto",
        (Value::String(_), Lang::En) => "a string",
        (Value::Array(_), Lang::Es) => "una lista",
        (Value::Array(_), Lang::En) => "a sequence",
        (Value::Object(_), Lang::Es) => "un mapeo",
        (Value::Object(_), Lang::En) => "a mapping",
    }
}

/// Where a block scalar (`|`, `>`) ends for a diagnostic: after its last
/// line of text. The parser's span runs on over the blank lines after it, up
/// to whatever comes next (a comment, the next key), which a label on the
/// value must not cover.
pub(crate) fn block_scalar_end(text: &str, range: &Range<usize>) -> usize {
    let end = range.end.min(text.len());
    let start = range.start.min(end);
    start
        + text[start..end]
            .trim_end_matches([' ', '\t', '\r', '\n'])
            .len()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn load_str(text: &str) -> Loaded {
        load(
            &Source::from_text("t.yaml", text),
            &Limits::default(),
            Lang::En,
        )
    }

    #[test]
    fn yaml_1_2_scalars() {
        let l = load_str(
            "a: no\nb: yes\nc: on\nd: true\ne: 010\nf: 0o10\ng: 0x1F\nh: 1.5e3\ni: ~\nj: '12'\nk: 1_000\n",
        );
        let v = l.document.unwrap().value;
        assert_eq!(v["a"], "no");
        assert_eq!(v["b"], "yes");
        assert_eq!(v["c"], "on");
        assert_eq!(v["d"], true);
        assert_eq!(v["e"], 10);
        assert_eq!(v["f"], 8);
        assert_eq!(v["g"], 31);
        assert_eq!(v["h"], 1500.0);
        assert!(v["i"].is_null());
        assert_eq!(v["j"], "12");
        assert_eq!(v["k"], "1_000");
    }

    /// A span survives being stored in 32 bits, with or without a key; the
    /// loader never lets a file past what 32 bits can address.
    #[test]
    fn packed_spans_round_trip() {
        for span in [
            NodeSpan {
                key: Some(3..7),
                value: 9..12,
            },
            NodeSpan {
                key: None,
                value: 0..0,
            },
            NodeSpan {
                key: Some(0..0),
                value: 4_000_000_000..4_000_000_001,
            },
        ] {
            assert_eq!(Packed::pack(span.clone()).unpack(), span);
        }
        let limits = Limits {
            max_file_bytes: u64::MAX,
            ..Limits::default()
        };
        let source = Source::from_text("a.yaml", "pip_study: '1'\n");
        let loader = Loader::new(&source, &limits, Lang::En);
        assert_eq!(loader.max_file_bytes(), FILE_CEILING);
    }

    #[test]
    fn spans_of_keys_and_values() {
        let text = "general:\n  name: \"Mejoramiento del PS Ñahuín\"\nlist:\n  - {year: 1, attentions: 10}\n";
        let l = load_str(text);
        let d = l.document.unwrap();
        let name = d.spans.get("/general/name").unwrap();
        assert_eq!(&text[name.key.clone().unwrap()], "name");
        assert_eq!(&text[name.value.clone()], "\"Mejoramiento del PS Ñahuín\"");
        let att = d.spans.get("/list/0/attentions").unwrap();
        assert_eq!(&text[att.value.clone()], "10");
        let item = d.spans.get("/list/0").unwrap();
        assert_eq!(&text[item.value.clone()], "{year: 1, attentions: 10}");
        let general = d.spans.get("/general").unwrap();
        assert_eq!(
            &text[general.value.clone()],
            "name: \"Mejoramiento del PS Ñahuín\""
        );
    }

    #[test]
    fn every_node_is_listed_once_with_its_pointer_and_resolves_to_its_spans() {
        let text = "a: 1\nlist:\n  - {x: 1, y: [2, 3]}\n  - z\n\"s/t~u\": {v: w}\n";
        let doc = load_str(text).document.unwrap();
        let all = doc.spans.all(&doc.value);
        let pointers: Vec<&str> = all.iter().map(|(p, _)| p.as_str()).collect();
        assert_eq!(
            pointers,
            [
                "",
                "/a",
                "/list",
                "/list/0",
                "/list/0/x",
                "/list/0/y",
                "/list/0/y/0",
                "/list/0/y/1",
                "/list/1",
                "/s~1t~0u",
                "/s~1t~0u/v",
            ],
            "depth first, keys sorted as in the value"
        );
        assert_eq!(all.len(), doc.spans.len());
        for (p, span) in &all {
            assert_eq!(doc.spans.get(p), Some(span.clone()), "{p}");
        }
        assert_eq!(
            &text[doc.spans.get("/list/0/y/1").unwrap().value.clone()],
            "3"
        );
    }

    #[test]
    fn a_pointer_inside_an_alias_locates_the_alias() {
        let text = "a: &x {b: {c: 1}}\nd: *x\n";
        let doc = load_str(text).document.unwrap();
        assert!(doc.spans.get("/d/b/c").is_none());
        let (found, range) = doc.spans.locate("/d/b/c");
        assert_eq!(found, "/d");
        assert_eq!(&text[range], "*x");
        let root = doc.spans.get("").unwrap().value.clone();
        assert_eq!(&text[root.clone()], text.trim_end());
        assert_eq!(doc.spans.locate("/nada/mas"), ("", root.clone()));
        assert_eq!(doc.spans.locate("no-slash"), ("", root));
    }

    #[test]
    fn index_segments_are_decimal() {
        for i in [0, 7, 10, 99, 12345, usize::MAX] {
            assert_eq!(index_segment(i, &mut [0; 20]), i.to_string());
        }
    }

    #[test]
    fn pointer_escaping() {
        let l = load_str("\"a/b~c\": 1\n");
        assert!(l.document.unwrap().spans.get("/a~1b~0c").is_some());
    }

    #[test]
    fn duplicate_key_points_at_second_with_first_related() {
        let text = "a: 1\nb:\n  c: 1\n  c: 2\n";
        let l = load_str(text);
        assert_eq!(l.diagnostics.len(), 1);
        let d = &l.diagnostics[0];
        assert_eq!(d.pointer, "/b/c");
        assert_eq!(d.range, 17..18);
        assert_eq!(d.related[0].range, 10..11);
        assert_eq!(l.document.unwrap().value["b"]["c"], 1);
    }

    #[test]
    fn tab_indentation_points_at_tab() {
        let l = load_str("a:\n\tb: 1\n");
        assert!(l.document.is_none());
        assert_eq!(l.diagnostics[0].range, 3..4);
        assert!(l.diagnostics[0].message.contains("tab"));
    }

    #[test]
    fn second_document_is_reported() {
        let l = load_str("a: 1\n---\nb: 2\n");
        assert_eq!(l.diagnostics.len(), 1);
        assert_eq!(l.diagnostics[0].range, 5..8);
        assert_eq!(l.document.unwrap().value["a"], 1);
    }

    #[test]
    fn root_must_be_mapping() {
        for text in ["- a\n", "just text\n", "~\n"] {
            let l = load_str(text);
            assert!(l.document.is_none(), "{text}");
            assert!(l.diagnostics[0].message.contains("root"), "{text}");
        }
        let empty = load_str("# nothing\n");
        assert!(empty.diagnostics[0].message.contains("empty"));
    }

    #[test]
    fn alias_bomb_is_bounded() {
        let mut text = String::from("a0: &a0 [x, x, x, x, x, x, x, x, x, x]\n");
        for i in 1..10 {
            let prev = i - 1;
            text.push_str(&format!(
                "a{i}: &a{i} [*a{prev}, *a{prev}, *a{prev}, *a{prev}, *a{prev}, *a{prev}, *a{prev}, *a{prev}, *a{prev}, *a{prev}]\n"
            ));
        }
        let l = load_str(&text);
        assert!(l.document.is_none());
        assert!(l.diagnostics[0].message.contains("alias expansion"));
    }

    #[test]
    fn deep_nesting_is_bounded() {
        let text = "[".repeat(100_000);
        let l = load_str(&text);
        assert!(l.document.is_none());
        assert!(l.diagnostics[0].message.contains("nesting"));
        let mut block = String::new();
        for i in 0..200 {
            block.push_str(&" ".repeat(i));
            block.push_str("k:\n");
        }
        let l = load_str(&block);
        assert!(l.document.is_none());
        assert!(l.diagnostics[0].message.contains("nesting"));
    }

    #[test]
    fn merge_keys_are_rejected() {
        let l = load_str("base: &b {x: 1}\nother:\n  <<: *b\n  y: 2\n");
        assert_eq!(l.diagnostics.len(), 1);
        assert_eq!(l.diagnostics[0].pointer, "/other/<<");
    }

    #[test]
    fn non_finite_numbers() {
        let l = load_str("a: .nan\nb: -.inf\n");
        assert_eq!(l.diagnostics.len(), 2);
        assert_eq!(l.diagnostics[0].pointer, "/a");
    }
}
