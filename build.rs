//! Embeds every rule file of `rules/` and every chapter of `catalogue/` in
//! the binary, so that pip-lint works from any directory and those folders
//! stay the single source of the rules and the criteria.

use std::fmt::Write as _;
use std::path::Path;

use granit_parser::{Event, Parser, ScalarStyle};
use serde_json::{Map, Value};

#[path = "src/scalar.rs"]
mod scalar;

fn main() {
    let manifest = std::env::var("CARGO_MANIFEST_DIR").expect("cargo sets CARGO_MANIFEST_DIR");
    let out_dir = std::env::var("OUT_DIR").expect("cargo sets OUT_DIR");
    embed(
        &manifest,
        &out_dir,
        "rules",
        "BUILTIN_RULES",
        "Every rule file of `rules/`",
    );
    precompile_rules(&manifest, &out_dir);
    embed(
        &manifest,
        &out_dir,
        "catalogue",
        "BUILTIN_CATALOGUE",
        "Every chapter file of `catalogue/`",
    );
    println!("cargo:rerun-if-changed=src/scalar.rs");
}

/// The `*.yaml` / `*.yml` files of `dir`, in name order (none if it is missing).
fn yaml_files(dir: &Path) -> Vec<std::path::PathBuf> {
    let mut files: Vec<_> = std::fs::read_dir(dir)
        .map(|entries| {
            entries
                .filter_map(Result::ok)
                .map(|e| e.path())
                .filter(|p| matches!(p.extension().and_then(|e| e.to_str()), Some("yaml" | "yml")))
                .collect()
        })
        .unwrap_or_default();
    files.sort();
    files
}

/// Writes `OUT_DIR/<dir>.rs` with a constant listing (display path, contents)
/// of every `*.yaml` / `*.yml` file of `dir`, in name order.
fn embed(manifest: &str, out_dir: &str, dir: &str, constant: &str, doc: &str) {
    let path = Path::new(manifest).join(dir);
    println!("cargo:rerun-if-changed={dir}");
    let files = yaml_files(&path);
    let mut out = format!(
        "/// {doc}: (display path, contents).\npub const {constant}: &[(&str, &str)] = &[\n"
    );
    for file in &files {
        let name = file
            .file_name()
            .and_then(|n| n.to_str())
            .expect("file names are UTF-8");
        writeln!(
            out,
            "    ({:?}, include_str!({:?})),",
            format!("{dir}/{name}"),
            file.display().to_string()
        )
        .expect("write to string");
        println!("cargo:rerun-if-changed={}", file.display());
    }
    out.push_str("];\n");
    std::fs::write(Path::new(out_dir).join(format!("{dir}.rs")), out)
        .expect("write the embedded list");
}

/// Converts YAML to JSON text with the loader's YAML 1.2 resolution, or gives
/// `None` for anything unusual (a syntax error, a duplicate key, a tag, a
/// complex key): such a file is then read by the span-aware loader at run
/// time, which reports the problem at its line.
fn yaml_to_json(text: &str) -> Option<String> {
    enum Frame {
        Map(Map<String, Value>, Option<String>),
        Seq(Vec<Value>),
    }
    let mut stack: Vec<(Frame, usize)> = Vec::new();
    let mut anchors: std::collections::HashMap<usize, Value> = std::collections::HashMap::new();
    let mut root = None;
    let mut documents = 0;
    fn attach(stack: &mut [(Frame, usize)], root: &mut Option<Value>, v: Value) -> Option<()> {
        match stack.last_mut() {
            None => *root = Some(v),
            Some((Frame::Seq(items), _)) => items.push(v),
            Some((Frame::Map(map, key), _)) => {
                let k = key.take()?;
                if map.insert(k, v).is_some() {
                    return None;
                }
            }
        }
        Some(())
    }
    for event in Parser::new_from_str(text) {
        let (event, _) = event.ok()?;
        match event {
            Event::DocumentStart(..) => {
                documents += 1;
                if documents > 1 {
                    return None;
                }
            }
            Event::Scalar(value, style, anchor, tag) => {
                if tag.is_some() {
                    return None;
                }
                if let Some((Frame::Map(_, key @ None), _)) = stack.last_mut() {
                    *key = Some(value.into_owned());
                    continue;
                }
                let v = if style == ScalarStyle::Plain {
                    match scalar::resolve_plain(&value) {
                        scalar::Plain::Null => Value::Null,
                        scalar::Plain::Bool(b) => Value::Bool(b),
                        scalar::Plain::Int(i) => Value::from(i),
                        scalar::Plain::Float(f) => Value::Number(serde_json::Number::from_f64(f)?),
                        scalar::Plain::Str => Value::String(value.into_owned()),
                    }
                } else {
                    Value::String(value.into_owned())
                };
                if anchor != 0 {
                    anchors.insert(anchor, v.clone());
                }
                attach(&mut stack, &mut root, v)?;
            }
            Event::MappingStart(_, anchor, ref tag) | Event::SequenceStart(_, anchor, ref tag) => {
                if tag.is_some() || matches!(stack.last(), Some((Frame::Map(_, None), _))) {
                    return None;
                }
                let frame = if matches!(event, Event::MappingStart(..)) {
                    Frame::Map(Map::new(), None)
                } else {
                    Frame::Seq(Vec::new())
                };
                stack.push((frame, anchor));
            }
            Event::MappingEnd | Event::SequenceEnd => {
                let (frame, anchor) = stack.pop()?;
                let v = match frame {
                    Frame::Map(m, _) => Value::Object(m),
                    Frame::Seq(s) => Value::Array(s),
                };
                if anchor != 0 {
                    anchors.insert(anchor, v.clone());
                }
                attach(&mut stack, &mut root, v)?;
            }
            Event::Alias(id) => {
                if let Some((Frame::Map(_, None), _)) = stack.last() {
                    return None;
                }
                let v = anchors.get(&id)?.clone();
                attach(&mut stack, &mut root, v)?;
            }
            Event::StreamStart | Event::StreamEnd | Event::DocumentEnd => {}
            _ => {}
        }
    }
    let root = root?;
    if !root.is_object() || text.contains("<<:") {
        return None;
    }
    serde_json::to_string(&root).ok()
}

/// Writes `OUT_DIR/rules_json.rs`: each built-in rule as JSON (or `""` when
/// it must be read by the span-aware loader), in the order of `BUILTIN_RULES`.
fn precompile_rules(manifest: &str, out_dir: &str) {
    let dir = Path::new(manifest).join("rules");
    let files = yaml_files(&dir);
    let mut out = String::from(
        "/// The built-in rules as JSON, in the order of `BUILTIN_RULES` (\"\": read the YAML).\npub const BUILTIN_RULES_JSON: &[&str] = &[\n",
    );
    for file in &files {
        let text = std::fs::read_to_string(file).unwrap_or_default();
        let json = yaml_to_json(&text).unwrap_or_default();
        writeln!(out, "    {json:?},").expect("write to string");
    }
    out.push_str("];\n");
    std::fs::write(Path::new(out_dir).join("rules_json.rs"), out).expect("write rules_json.rs");
}
