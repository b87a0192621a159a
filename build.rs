//! Embeds every rule file of `rules/` and every chapter of `catalogue/` in
//! the binary, so that pip-lint works from any directory and those folders
//! stay the single source of the rules and the criteria.

use std::fmt::Write as _;
use std::path::Path;

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
    embed(
        &manifest,
        &out_dir,
        "catalogue",
        "BUILTIN_CATALOGUE",
        "Every chapter file of `catalogue/`",
    );
}

/// Writes `OUT_DIR/<dir>.rs` with a constant listing (display path, contents)
/// of every `*.yaml` / `*.yml` file of `dir`, in name order.
fn embed(manifest: &str, out_dir: &str, dir: &str, constant: &str, doc: &str) {
    let path = Path::new(manifest).join(dir);
    println!("cargo:rerun-if-changed={dir}");
    let mut files: Vec<_> = std::fs::read_dir(&path)
        .map(|entries| {
            entries
                .filter_map(Result::ok)
                .map(|e| e.path())
                .filter(|p| matches!(p.extension().and_then(|e| e.to_str()), Some("yaml" | "yml")))
                .collect()
        })
        .unwrap_or_default();
    files.sort();
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
