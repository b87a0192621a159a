//! Where start-up time goes: `cargo run --release --example startup`.

use std::time::Instant;

fn main() {
    let t = Instant::now();
    let json: serde_json::Value = serde_json::from_str(pip_lint::schema::RULE_SCHEMA).unwrap();
    let _rule = pip_lint::schema::Schema::compile(json).unwrap();
    println!("compile rule schema: {:?}", t.elapsed());
    let t = Instant::now();
    let _study = pip_lint::schema::Schema::study();
    println!("compile study schema: {:?}", t.elapsed());
    let t = Instant::now();
    rayon::join(|| (), || ());
    println!("rayon pool: {:?}", t.elapsed());
    let t = Instant::now();
    let rules = pip_lint::rules::load::builtin(pip_lint::i18n::Lang::En).unwrap();
    println!("load {} rules: {:?}", rules.rules.len(), t.elapsed());
    let t = Instant::now();
    let _ = pip_lint::catalogue::builtin().unwrap();
    println!("catalogue: {:?}", t.elapsed());
}
