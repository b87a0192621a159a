//! The loader's fast path (`src/yaml/fast.rs`) against the full parser.
//!
//! Whatever the fast path accepts must load exactly as the full parser
//! loads it: the same value, the same span for every key and value, and no
//! diagnostic at all (anything the full parser would report, the fast path
//! must leave to it). Checked on every YAML file of the repository and on
//! hand-written edge cases; the fuzz target `yaml_fast` checks it on
//! mutations of them.

use std::path::{Path, PathBuf};

use pip_lint::i18n::Lang;
use pip_lint::source::Source;
use pip_lint::yaml::{self, Limits};

/// Loads `text` both ways. Returns whether the fast path accepted it, after
/// checking that both agree when it did.
fn agree_with(name: &str, text: &str, limits: &Limits) -> bool {
    let source = Source::from_text(name, text);
    let Some(fast) = yaml::load_fast(&source, limits) else {
        return false;
    };
    let full = yaml::load_full(&source, limits, Lang::En);
    assert!(
        full.diagnostics.is_empty(),
        "{name}: the fast path accepted a file the full parser reports: {:?}",
        full.diagnostics
            .iter()
            .map(|d| &d.message)
            .collect::<Vec<_>>()
    );
    let full = full.document.expect("no diagnostic, so a document");
    assert_eq!(fast.value, full.value, "{name}: values differ");
    let fast_spans = fast.spans.all(&fast.value);
    let full_spans = full.spans.all(&full.value);
    for (a, b) in fast_spans.iter().zip(&full_spans) {
        assert_eq!(a, b, "{name}: first differing span (fast, full)");
    }
    assert_eq!(fast_spans.len(), full_spans.len(), "{name}: span counts");
    assert_eq!(
        fast.spans.len(),
        full.spans.len(),
        "{name}: span index sizes"
    );
    assert_eq!(fast.comments, full.comments, "{name}: comments");
    true
}

fn agree(name: &str, text: &str) -> bool {
    agree_with(name, text, &Limits::default())
}

fn yaml_files(dir: &Path, out: &mut Vec<PathBuf>) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for entry in entries.flatten() {
        let path = entry.path();
        if path.is_dir() {
            yaml_files(&path, out);
        } else if matches!(
            path.extension().and_then(|e| e.to_str()),
            Some("yaml" | "yml")
        ) {
            out.push(path);
        }
    }
}

#[test]
fn fast_path_agrees_on_every_yaml_file_of_the_repository() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut files = Vec::new();
    for dir in [
        "fixtures",
        "rules",
        "catalogue",
        "schemas",
        "templates",
        "tests",
    ] {
        yaml_files(&root.join(dir), &mut files);
    }
    files.sort();
    assert!(files.len() > 100, "found {} YAML files", files.len());
    let mut accepted = 0;
    for file in &files {
        let Ok(text) = std::fs::read_to_string(file) else {
            continue;
        };
        if agree(&file.display().to_string(), &text) {
            accepted += 1;
        }
    }
    // Most files are studies and rules in the common shape: the fast path
    // must take them, or it is not a fast path.
    assert!(
        accepted * 2 > files.len(),
        "the fast path took only {accepted} of {} files",
        files.len()
    );
}

#[test]
fn fast_path_takes_the_bundled_studies() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures/studies");
    let mut files = Vec::new();
    yaml_files(&root, &mut files);
    assert_eq!(files.len(), 3);
    for file in files {
        let text = std::fs::read_to_string(&file).unwrap();
        assert!(
            agree(&file.display().to_string(), &text),
            "{}: the fast path gave up",
            file.display()
        );
    }
}

/// Inputs the fast path must take (and load as the full parser does).
const TAKEN: &[&str] = &[
    "a: 1\n",
    "a: 1",
    "a:",
    "a:\n",
    "a:   # c\nb: 2\n",
    "a: foo   \nb: bar\n",
    "a: foo # comment\n",
    "a: foo#not a comment\n",
    "a: 12:30\n",
    "a: http://example.org/x\n",
    "a: -5\nb: -0.5e3\nc: 0x1F\nd: 0o17\ne: +3\nf: 1_000\n",
    "a: true\nb: False\nc: ~\nd: null\ne: yes\nf: no\n",
    "a: .5\nb: 5.\nc: 1e5\n",
    "a: plain text\n  continued here\n  and here\nb: 2\n",
    "a:\n  - plain text\n    continued\n  - x\n",
    "a: \"x y\"\nb: 'it''s'\nc: \"\"\nd: ''\n",
    "a: \"esc \\\" \\\\ \\/ \\n \\t \\u00e1 \\x41\"\n",
    "a: \"x\"   # c\n",
    "a: >-\n  folded\n  text\n\n  para\nb: 1\n",
    "a: >\n  folded\n\n\nb: 1\n",
    "a: |\n  lit\n   more\n\n  x\nb: 1\n",
    "a: |-\n  lit\n# top comment\nb: 1\n",
    "a: |  # c\n  lit\n",
    "a: |\n  last\n\n",
    "a: >-\n  last\n  \n",
    "a: |\n  # not a comment\n  x\n",
    "a: [1, two, \"3\", 'x']\n",
    "a: [ ]\nb: []\nc: {}\nd: { }\n",
    "a: {k: v, l: [m, -1], n: {o: p}}\n",
    "a: [a , b ]\n",
    "a:\n  b:\n    c: 1\n  d: 2\ne: 3\n",
    "a:\n  - x\n  - k: 1\n    l: 2\n  -\n    - y\n  - {k: v}\n  - [1]\n",
    "a:\n  -\n    k: v\n",
    "# head\n\na: 1 # tail\n\n# middle\n  # indented\nb: 2\n# end\n",
    "a:\n  - k: |\n      lit\n    l: 2\n",
    "a:\n  - k: foo\n      bar\n    l: 2\n",
    "ñandú: áéí\n",
    "key with spaces: 1\n",
    "2013: 5\n",
    "a: 'x'\n",
    "a: x,y [z] {w}\n",
    "a: 50 % de\n",
    "a: 1 800 m²; 25 °C; «x»; \u{a0}; €; \u{fffd}\n",
    "a\"b: 1\nc'd: 2\n",
    "a: |\n  x  \n  y\n",
    "a: |\n  x\n \n  y\n",
    "a: |\n  x",
    "a: [\"a, b\", c]\nb: {a: \"x, y\", b: 'it''s'}\n",
    "a: [[1, 2], [3], []]\n",
    "a: [1] # c\nb: {c: d}   # e\n",
    "a: [a b, c d]\n",
    "a:\n  - {a: 1} # c\n  - 'x'\n  - \"y\"\n  - |\n    z\n  - >-\n    w\n",
    "a:\n  - k: |\n      x\n    l: 1\n",
    "a:\n  - k:\n      j: 1\n    l: 2\n",
    "a:\n  b: 1\n# c\n  d: 2\n",
    "a:  ",
    "a: x\n  y # c\nb: 1\n",
    "a: 1\n   \nb: 2\n",
    "a:\n    - x\n    - y\nb:\n      c: 1\n",
    "a: x - y\nb: x -y\n",
    "a: [-1, -2.5]\n",
    "a: '#x'\nb: \"#y\"\n",
    "a: x'y\"z\n",
    "# pip-lint: disable=E001\na: 1 # pip-lint: disable=E002  \nb: |  # pip-lint: x\n  # pip-lint: not a comment\n",
];

#[test]
fn fast_path_takes_the_common_shapes_and_agrees() {
    for (i, text) in TAKEN.iter().enumerate() {
        let name = format!("TAKEN[{i}] {text:?}");
        assert!(agree(&name, text), "{name}: the fast path gave up");
    }
}

/// Inputs the fast path must leave to the full parser (errors it would not
/// report, or YAML it does not read).
const LEFT: &[&str] = &[
    "",
    "# only a comment\n",
    "- a\n",
    "  a: 1\n",
    "a: 1\na: 2\n",
    "a: {b: 1, b: 2}\n",
    "a:\n  - b: 1\n    b: 2\n",
    "<<: 1\n",
    "a: &x 1\nb: *x\n",
    "a: !!str 1\n",
    "a: .nan\n",
    "a: .inf\n",
    "a:\t1\n",
    "a: 1\r\n",
    "\u{feff}a: 1\n",
    "a: x\u{feff}y\n",
    "a: \u{0}\n",
    "a: x\u{7}y\n",
    "a: x\u{7f}y\n",
    "a: x\u{85}y\n",
    "a: x\u{9f}y\n",
    "a: x\u{2028}y\n",
    "a: x\u{fffe}y\n",
    "---\na: 1\n",
    "a: 1\n---\nb: 2\n",
    "a: 1\n...\n",
    "%YAML 1.2\n---\na: 1\n",
    "? a\n: 1\n",
    "a: [1,\n  2]\n",
    "a: \"x\n  y\"\n",
    "a: 'x\n  y'\n",
    "a: [1, 2,]\n",
    "a: {b}\n",
    "a: \"x\": 1\n",
    "a: b: c\n",
    "a: b c: d e\n",
    "a: foo\n  b: bar\n",
    "a: foo\n\n  more\n",
    "a:\n- x\n",
    "a: 1\n  b: 2\n",
    "a:\n  - x\n  b: 1\n",
    "a: |2\n  x\n",
    "a: |+\n  x\n\n",
    "a: |\n\n  x\n",
    "a: >\n  x\n    more\n",
    "a: |\n  x\n      \n",
    "a: \"\\q\"\n",
    "a: - x\n",
    "a: -\n",
    "\"a\": 1\n",
    "a : 1\n",
    "a: [b: c]\n",
    "a: [http://x]\n",
];

#[test]
fn fast_path_leaves_what_it_does_not_read_to_the_full_parser() {
    for (i, text) in LEFT.iter().enumerate() {
        let source = Source::from_text(format!("LEFT[{i}]"), *text);
        assert!(
            yaml::load_fast(&source, &Limits::default()).is_none(),
            "LEFT[{i}] {text:?}: the fast path should give up"
        );
    }
}

#[test]
fn fast_path_leaves_keys_over_1024_characters_to_the_full_parser() {
    // Found by the fuzz target: YAML bounds implicit keys at 1024
    // characters, and the full parser reports a longer one.
    for (len, taken) in [(1000, true), (1100, false)] {
        for text in [
            format!("{}: 1\n", "k".repeat(len)),
            format!("a:\n  - {}: 1\n", "k".repeat(len)),
            format!("a: {{{}: 1}}\n", "k".repeat(len)),
        ] {
            assert_eq!(agree(&format!("key of {len}"), &text), taken, "{len}");
            let full = yaml::load_full(&Source::from_text("k", text), &Limits::default(), Lang::En);
            assert_eq!(full.diagnostics.is_empty(), taken, "{len}");
        }
    }
}

#[test]
fn fast_path_leaves_long_runs_of_comments_to_the_full_parser_when_it_keeps_comments() {
    // Found by the fuzz target: keeping comments (the file mentions
    // `pip-lint:`), the full parser buffers at most 96 while it looks for
    // the value of a key.
    let many = "# c\n".repeat(100);
    let with = format!("# pip-lint: x\na:\n{many}  b: 1\n");
    let source = Source::from_text("many", with.as_str());
    assert!(yaml::load_fast(&source, &Limits::default()).is_none());
    let full = yaml::load_full(&source, &Limits::default(), Lang::En);
    assert_eq!(full.diagnostics.len(), 1);
    assert!(full.diagnostics[0].message.contains("comments"));
    // Without `pip-lint:` no comment is kept, and both take the file.
    assert!(agree(
        "many, not kept",
        &format!("{many}a: 1\n{many}b: 2\n")
    ));
    // A few in a row are fine either way.
    let few = "# c\n".repeat(40);
    assert!(agree(
        "few",
        &format!("# pip-lint: x\n{few}a: 1 # pip-lint: y\n{few}b: 2\n")
    ));
}

#[test]
fn fast_path_leaves_deep_nesting_to_the_full_parser_whatever_the_limit() {
    // The fast path recurses on nesting; a raised `--max-depth` must not
    // let a hostile file take it deep enough to overflow a thread's stack.
    let limits = Limits {
        max_depth: 10_000_000,
        ..Limits::default()
    };
    let depth = 200_000;
    let flow = format!("a: {}1{}\n", "[".repeat(depth), "]".repeat(depth));
    let mut block = String::from("a:\n");
    for i in 1..200 {
        block.push_str(&" ".repeat(i));
        block.push_str("b:\n");
    }
    block.push_str(&" ".repeat(200));
    block.push_str("c: 1\n");
    let handle = std::thread::Builder::new()
        .stack_size(256 * 1024)
        .spawn(move || {
            for text in [flow, block] {
                let source = Source::from_text("deep", text);
                assert!(yaml::load_fast(&source, &limits).is_none());
            }
        })
        .unwrap();
    handle.join().expect("no stack overflow");
    // 64 levels is still the fast path's.
    let mut ok = String::new();
    for i in 0..63 {
        ok.push_str(&" ".repeat(i));
        ok.push_str("b:\n");
    }
    ok.push_str(&" ".repeat(63));
    ok.push_str("c: 1\n");
    assert!(agree_with("64 levels", &ok, &limits));
}

#[test]
fn fast_path_leaves_limits_to_the_full_parser() {
    let deep = "a:\n  b:\n    c:\n      d: 1\n";
    let limits = Limits {
        max_depth: 4,
        ..Limits::default()
    };
    assert!(agree_with("depth 4", deep, &limits));
    let limits = Limits {
        max_depth: 3,
        ..Limits::default()
    };
    let source = Source::from_text("depth 3", deep);
    assert!(yaml::load_fast(&source, &limits).is_none());
    assert!(
        !yaml::load_full(&source, &limits, Lang::En)
            .diagnostics
            .is_empty()
    );

    // 1 mapping + 4 keys + 4 values = 9 nodes.
    let nodes = "a: 1\nb: 2\nc: 3\nd: 4\n";
    for (max, taken) in [(9, true), (8, false)] {
        let limits = Limits {
            max_nodes: max,
            ..Limits::default()
        };
        let source = Source::from_text("nodes", nodes);
        assert_eq!(yaml::load_fast(&source, &limits).is_some(), taken, "{max}");
        assert_eq!(
            yaml::load_full(&source, &limits, Lang::En)
                .diagnostics
                .is_empty(),
            taken,
            "{max}"
        );
    }

    let long = "a: abcdef\n";
    for (max, taken) in [(6, true), (5, false)] {
        let limits = Limits {
            max_scalar_bytes: max,
            ..Limits::default()
        };
        let source = Source::from_text("scalar", long);
        assert_eq!(yaml::load_fast(&source, &limits).is_some(), taken, "{max}");
    }
}
