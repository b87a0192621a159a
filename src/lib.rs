//! pip-lint: a linter for pre-investment studies of Peruvian public health
//! investment projects, after MINSA's *Criterios Mínimos*.
//!
//! Data flows one way: [`source`] (read) → [`yaml`] (parse with spans) →
//! [`schema`] (JSON Schema) → [`rules`] (the criteria) → [`diagnostic`]s →
//! [`render`]. [`walk`] finds the files, [`lint`] runs the pipeline over
//! them, [`testing`] is the rule-fixture harness and [`cli`] is the command
//! line on top. [`catalogue`] lists every criterion of the guide and how it
//! is checked.

pub mod catalogue;
pub mod cli;
pub mod config;
pub mod diagnostic;
pub mod i18n;
pub mod lint;
pub mod placeholder;
pub mod render;
pub mod report;
pub mod rules;
pub mod scalar;
pub mod schema;
pub mod source;
pub mod suppress;
pub mod testing;
pub mod walk;
pub mod yaml;
