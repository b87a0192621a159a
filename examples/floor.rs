//! The floor of a lint run: reading and parsing the same files with spans,
//! on the same threads, and nothing else.
//! `cargo run --release --example floor -- DIR [THREADS] [full]` (THREADS 0: all cores)
//! (`full`: with the full YAML parser alone, without the loader's fast path,
//! to show what the floor would be for a linter built on granit-parser only).

use std::path::PathBuf;
use std::time::Instant;

use pip_lint::i18n::Lang;
use pip_lint::lint::read_capped;
use pip_lint::source::Source;
use pip_lint::yaml::{Limits, load};
use rayon::prelude::*;

// The same allocator as the binary, so that the floor is comparable.
#[global_allocator]
static ALLOC: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() {
    let mut args = std::env::args().skip(1);
    let dir = PathBuf::from(
        args.next()
            .unwrap_or_else(|| "target/corpus/studies".into()),
    );
    let threads: Option<usize> = args.next().and_then(|t| t.parse().ok());
    let full = args.next().as_deref() == Some("full");
    let parse = if full {
        pip_lint::yaml::load_full
    } else {
        load
    };
    let (candidates, _) = pip_lint::walk::discover(&[dir], Lang::En);
    let limits = Limits::default();
    let work = || {
        candidates
            .par_iter()
            .map(|c| {
                let bytes = read_capped(&c.path, limits.max_file_bytes).unwrap();
                let source = Source::from_bytes(c.path.display().to_string(), &c.path, bytes);
                parse(&source, &limits, Lang::En)
                    .document
                    .map_or(0, |d| d.spans.len())
            })
            .sum::<usize>()
    };
    let t = Instant::now();
    let nodes = match threads {
        Some(n) => rayon::ThreadPoolBuilder::new()
            .num_threads(n)
            .build()
            .unwrap()
            .install(work),
        None => work(),
    };
    let secs = t.elapsed().as_secs_f64();
    println!(
        "{} files, {nodes} nodes read and parsed with spans in {secs:.3} s ({:.0} files/s)",
        candidates.len(),
        candidates.len() as f64 / secs
    );
}
