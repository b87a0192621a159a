//! The integration tests, linked as one binary.
//!
//! Each file under `tests/` is a module here rather than a test crate of its
//! own: every test crate links its own copy of pip-lint and all its
//! dependencies, so thirteen of them took thirteen links and most of the disk
//! a fresh `cargo test` writes. Run one file's tests with a filter on its
//! module, e.g. `cargo test --test integration cli::`.

mod common;

mod catalogue;
mod cli;
mod config;
mod formats;
mod hostile;
mod positions;
mod report;
mod rules;
mod schema;
mod snapshots;
mod suppressions;
mod syntax;
mod yaml_fast;
