//! A deterministic corpus for benchmarks:
//!
//! ```sh
//! cargo run --release --example gen_corpus -- OUT_DIR [N] [LARGE_BYTES]
//! ```
//!
//! writes `OUT_DIR/studies/estudio-NNNNN.yaml`, N studies (default 10 000)
//! derived from the three bundled ones: each with a unique name and varied
//! figures that no rule derives (altitude, dates, free text), and about one
//! in five with one of the violations formulators make (a short horizon, a
//! central problem stated as an absence, a land split off the guide's
//! shares, a grounding resistance above 5 Ω, an unknown key, a duplicate
//! key); and `OUT_DIR/large/estudio-grande.yaml`, one study of about 5 MB
//! (long morbidity and equipment tables), or of about `LARGE_BYTES` (to see
//! how the cost grows with a study's size). The same arguments give the same
//! bytes.

use std::fmt::Write as _;
use std::path::Path;

const BASES: [&str; 3] = [
    include_str!("../fixtures/studies/puesto-de-salud-acos-vinchos.yaml"),
    include_str!("../fixtures/studies/centro-de-salud-huayllay.yaml"),
    include_str!("../fixtures/studies/microrred-andarapa.yaml"),
];

/// A small deterministic generator (SplitMix64).
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    fn below(&mut self, n: u64) -> u64 {
        self.next() % n
    }
}

/// Replaces the first line that starts (after indentation) with `key:` by `key: value`.
fn set_line(text: &str, key: &str, value: &str) -> String {
    let mut out = String::with_capacity(text.len() + 64);
    let mut done = false;
    for line in text.split_inclusive('\n') {
        let trimmed = line.trim_start();
        if !done
            && trimmed.starts_with(&format!("{key}:"))
            && !trimmed.starts_with(&format!("{key}: >"))
        {
            let indent = &line[..line.len() - trimmed.len()];
            let _ = writeln!(out, "{indent}{key}: {value}");
            done = true;
        } else {
            out.push_str(line);
        }
    }
    out
}

/// Gives the study a unique name: its `name: >-` block gets a suffix line.
fn rename(text: &str, i: usize) -> String {
    let marker = "\n  name: >-\n";
    match text.find(marker) {
        Some(at) => {
            let start = at + marker.len();
            let end = text[start..].find("\n  ").map_or(text.len(), |e| start + e);
            let mut s = String::with_capacity(text.len() + 32);
            s.push_str(&text[..end]);
            let _ = write!(s, " (estudio {i:05})");
            s.push_str(&text[end..]);
            s
        }
        None => text.to_string(),
    }
}

fn violate(text: &str, kind: u64) -> String {
    match kind {
        0 => set_line(text, "horizon_years", "8"),
        1 => text.replacen(
            "  central_problem: >-\n    ",
            "  central_problem: >-\n    Falta de atención; ",
            1,
        ),
        2 => set_line(text, "construction_m2", "900.0"),
        3 => text.replacen("ground_resistance_ohm: ", "ground_resistance_ohm: 1", 1),
        4 => text.replacen(
            "  horizon_years:",
            "  horizon_yaers: 10\n  horizon_years:",
            1,
        ),
        _ => text.replacen("  base_year:", "  base_year: 2020\n  base_year:", 1),
    }
}

fn study(i: usize, rng: &mut Rng) -> String {
    let base = BASES[i % BASES.len()];
    let mut text = rename(base, i);
    // Figures no rule derives: the altitude and the study's day of the month.
    text = set_line(&text, "altitude_m", &format!("{}", 2500 + rng.below(2000)));
    if rng.below(5) == 0 {
        text = violate(&text, rng.below(6));
    }
    text
}

/// A study of about `target` bytes: the Huayllay study with long morbidity
/// and equipment tables (causes ranked by their last year, as F008 asks).
fn large(target: usize) -> String {
    let base = BASES[1];
    let anchor = "    morbidity:\n";
    let at = base.find(anchor).expect("the study has morbidity") + anchor.len();
    let mut extra = String::new();
    let mut n = 0u32;
    while extra.len() < target * 6 / 10 {
        let cases = 100_000 - n.min(99_990);
        let _ = writeln!(
            extra,
            "      - {{cie10: \"R{:02}.{}\", diagnosis: \"Causa de consulta número {n} del ámbito, registrada en el HIS\", age_group: todos, cases: [{}, {}, {}]}}",
            n % 100,
            n % 10,
            cases + 10_000,
            cases + 5_000,
            cases + 20_000
        );
        n += 1;
    }
    let mut text = String::with_capacity(target + base.len());
    text.push_str(&base[..at]);
    text.push_str(&extra);
    text.push_str(&base[at..]);
    let anchor = "\n    equipment:\n";
    let at = text.find(anchor).expect("the study has equipment") + anchor.len();
    let mut equipment = String::new();
    let mut k = 0u32;
    while text.len() + equipment.len() < target {
        let _ = writeln!(
            equipment,
            "      - {{name: \"Equipo de inventario {k}\", kind: mobiliario, quantity: 1, state: good, useful_life_years: 10, age_years: {}, reparable: true}}",
            k % 9
        );
        k += 1;
    }
    text.insert_str(at, &equipment);
    text
}

fn main() -> std::io::Result<()> {
    let mut args = std::env::args().skip(1);
    let out = args.next().unwrap_or_else(|| "target/corpus".into());
    let n: usize = args.next().and_then(|n| n.parse().ok()).unwrap_or(10_000);
    let large_bytes: usize = args
        .next()
        .and_then(|n| n.parse().ok())
        .unwrap_or(5 * 1024 * 1024);
    let studies = Path::new(&out).join("studies");
    let big = Path::new(&out).join("large");
    std::fs::create_dir_all(&studies)?;
    std::fs::create_dir_all(&big)?;
    let mut rng = Rng(0x5EED_1DEA);
    let mut bytes = 0;
    for i in 0..n {
        let text = study(i, &mut rng);
        bytes += text.len();
        std::fs::write(studies.join(format!("estudio-{i:05}.yaml")), text)?;
    }
    let text = large(large_bytes);
    std::fs::write(big.join("estudio-grande.yaml"), &text)?;
    println!(
        "{n} studies ({:.1} MB) in {}; one study of {:.1} MB in {}",
        bytes as f64 / 1e6,
        studies.display(),
        text.len() as f64 / 1e6,
        big.display()
    );
    Ok(())
}
