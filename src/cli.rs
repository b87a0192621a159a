//! The command line (contract §1). Parses arguments, loads rules, runs the
//! linter and writes the chosen format. Exit status: 0 no error diagnostic,
//! 1 at least one, 2 the run itself failed.

use std::io::{IsTerminal, Write};
use std::path::PathBuf;

use clap::{Args, Parser, Subcommand, ValueEnum};

use crate::diagnostic::Severity;
use crate::i18n::Lang;
use crate::lint::{self, Options};
use crate::render::{self, Report, RunError, human};
use crate::rules::{KnownNames, RuleSet, load};
use crate::source::Source;
use crate::{schema, testing};

const EXAMPLES: &str = "\
Examples:
  pip-lint fixtures/studies/                 lint every study under a directory
  pip-lint estudio.yaml --lang es            messages in Spanish
  pip-lint --format json studies/ > out.json machine-readable output for CI
  pip-lint --select F00 --ignore F003 .      only some rules (codes, prefixes or names)
  pip-lint explain F003                      what a rule checks and why
  pip-lint rules --format json               every rule
  pip-lint test-rules my-rules/              run custom rules against their fixtures

Exit status: 0 no error, 1 errors found, 2 the run failed (usage, unreadable path, invalid rule).";

#[derive(Debug, Parser)]
#[command(
    name = "pip-lint",
    version,
    about = "Lints pre-investment studies (estudios de preinversión) of Peruvian public health investment projects against MINSA's Criterios Mínimos.",
    after_help = EXAMPLES,
)]
pub struct Cli {
    #[command(subcommand)]
    command: Option<Command>,
    #[command(flatten)]
    lint: LintArgs,
    /// Language of messages [default: from LC_ALL/LC_MESSAGES/LANG; es* gives Spanish]
    #[arg(long, global = true, value_enum)]
    lang: Option<LangArg>,
    /// Load rules from DIR instead of the built-in set
    #[arg(long, global = true, value_name = "DIR")]
    rules: Option<PathBuf>,
}

#[derive(Debug, Clone, Copy, ValueEnum)]
enum LangArg {
    Es,
    En,
}

#[derive(Debug, Clone, Copy, ValueEnum, PartialEq, Eq)]
enum Format {
    Human,
    Json,
}

#[derive(Debug, Clone, Copy, ValueEnum, PartialEq, Eq)]
enum CriteriaFormat {
    Markdown,
    Json,
}

#[derive(Debug, Clone, Copy, ValueEnum, PartialEq, Eq)]
enum ListFormat {
    Table,
    Json,
}

#[derive(Debug, Args)]
struct LintArgs {
    /// Study files or directories [default: the current directory]
    #[arg(value_name = "PATH")]
    paths: Vec<PathBuf>,
    /// Output format
    #[arg(long, value_enum, default_value = "human")]
    format: Format,
    /// Names already registered in the bank of projects, one per line (for G001 name-unique)
    #[arg(long, value_name = "FILE")]
    known_names: Option<PathBuf>,
    /// Only these rules: codes, code prefixes (F, F00) or names, comma-separated
    #[arg(long, value_delimiter = ',', value_name = "RULES")]
    select: Vec<String>,
    /// Skip these rules: codes, code prefixes or names, comma-separated
    #[arg(long, value_delimiter = ',', value_name = "RULES")]
    ignore: Vec<String>,
    /// Worker threads [default: all cores]
    #[arg(long, value_name = "N")]
    threads: Option<usize>,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Lint studies (the explicit form of `pip-lint PATH…`)
    Check(LintArgs),
    /// List every rule: code, name, severity, guide section, title
    Rules {
        #[arg(long, value_enum, default_value = "table")]
        format: ListFormat,
    },
    /// Explain a rule: what it checks, why the guide asks for it, how to fix it
    Explain {
        /// A rule code (F001) or name (horizon-ten-years)
        rule: String,
    },
    /// Run the rules of DIR against their fixtures (DIR/../fixtures/rules/<CODE>/ or DIR/fixtures/<CODE>/)
    TestRules {
        /// A rules directory
        dir: PathBuf,
        /// Where the fixtures are [default: DIR/../fixtures/rules, else DIR/fixtures]
        #[arg(long, value_name = "DIR")]
        fixtures: Option<PathBuf>,
    },
    /// Print the study JSON Schema (for editors: yaml-language-server)
    Schema,
    /// Print the coverage of the guide's criteria: which rules check each one, and what is left to the evaluator
    Criteria {
        #[arg(long, value_enum, default_value = "markdown")]
        format: CriteriaFormat,
    },
}

/// Runs the command line; returns the exit status.
pub fn main() -> i32 {
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        Err(e) => {
            let code = if e.use_stderr() { 2 } else { 0 };
            let _ = e.print();
            return code;
        }
    };
    let lang = match cli.lang {
        Some(LangArg::Es) => Lang::Es,
        Some(LangArg::En) => Lang::En,
        None => Lang::from_env(),
    };
    let color = std::io::stdout().is_terminal()
        && std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty());
    let style = human::Style { color, lang };
    match cli.command {
        Some(Command::Schema) => out(schema::STUDY_SCHEMA),
        Some(Command::Criteria { format }) => with_rules(cli.rules.as_ref(), style, |rules| {
            criteria(rules, format, lang)
        }),
        Some(Command::Rules { format }) => with_rules(cli.rules.as_ref(), style, |rules| {
            list_rules(rules, format, lang)
        }),
        Some(Command::Explain { rule }) => with_rules(cli.rules.as_ref(), style, |rules| {
            explain(rules, &rule, lang)
        }),
        Some(Command::TestRules { dir, fixtures }) => test_rules(&dir, fixtures, style),
        Some(Command::Check(args)) => lint(args, cli.rules.as_ref(), style),
        None => lint(cli.lint, cli.rules.as_ref(), style),
    }
}

/// Writes to standard output; a closed pipe (`pip-lint … | head`) is not an error.
fn out(text: &str) -> i32 {
    let mut stdout = std::io::stdout().lock();
    match stdout
        .write_all(text.as_bytes())
        .and_then(|()| stdout.flush())
    {
        Ok(()) => 0,
        Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => 0,
        Err(e) => {
            eprintln!("pip-lint: cannot write output: {e}");
            2
        }
    }
}

/// Renders rule-file errors (each pointing into its file).
fn rule_errors(errors: &[load::RuleFileError], style: human::Style) -> Vec<RunError> {
    errors
        .iter()
        .flat_map(|e| {
            e.diagnostics.iter().map(|d| {
                let p = e.source.position(d.range.start);
                RunError {
                    path: e.source.name.clone(),
                    message: format!("{}:{}: {}", p.line, p.column, d.message),
                    rendered: Some(human::render_diagnostic(&e.source, d, style)),
                }
            })
        })
        .collect()
}

fn load_rules(dir: Option<&PathBuf>, style: human::Style) -> Result<RuleSet, Vec<RunError>> {
    let result = match dir {
        None => load::builtin(style.lang),
        Some(dir) => match load::read_dir(dir) {
            Ok(sources) => load::from_sources(sources, style.lang),
            Err(e) => {
                return Err(vec![RunError {
                    path: dir.display().to_string(),
                    message: e.to_string(),
                    rendered: None,
                }]);
            }
        },
    };
    result.map_err(|errors| rule_errors(&errors, style))
}

fn print_run_errors(errors: &[RunError], style: human::Style) {
    let mut stderr = std::io::stderr().lock();
    for e in errors {
        let _ = match &e.rendered {
            Some(r) => writeln!(stderr, "{r}"),
            None => writeln!(
                stderr,
                "{}: {}: {}",
                style.lang.pick("error", "error"),
                e.path,
                e.message
            ),
        };
    }
}

fn with_rules(dir: Option<&PathBuf>, style: human::Style, f: impl FnOnce(&RuleSet) -> i32) -> i32 {
    match load_rules(dir, style) {
        Ok(rules) => f(&rules),
        Err(errors) => {
            print_run_errors(&errors, style);
            2
        }
    }
}

fn lint(args: LintArgs, rules_dir: Option<&PathBuf>, style: human::Style) -> i32 {
    let lang = style.lang;
    let mut rules = match load_rules(rules_dir, style) {
        Ok(r) => r,
        Err(errors) => {
            print_run_errors(&errors, style);
            return 2;
        }
    };
    for s in args.select.iter().chain(&args.ignore) {
        let document_codes = [
            (crate::yaml::CODE, crate::yaml::NAME),
            (schema::CODE, schema::NAME),
        ];
        let known = rules.rules.iter().any(|r| r.matches(s))
            || document_codes
                .iter()
                .any(|(c, n)| crate::rules::selector_matches(s, c, n));
        if !known {
            eprintln!("pip-lint: `{s}` selects no rule (see `pip-lint rules`)");
            return 2;
        }
    }
    rules.filter(&args.select, &args.ignore);
    let known = match &args.known_names {
        None => None,
        Some(p) => match std::fs::read(p) {
            Ok(bytes) => Some(KnownNames::parse(Source::from_bytes(
                p.display().to_string(),
                p,
                bytes,
            ))),
            Err(e) => {
                eprintln!("pip-lint: {}: {e}", p.display());
                return 2;
            }
        },
    };
    let paths = if args.paths.is_empty() {
        vec![PathBuf::from(".")]
    } else {
        args.paths
    };
    let options = Options {
        lang,
        threads: args.threads,
        ..Options::default()
    };
    let mut report = lint::run(&paths, &rules, &options, known.as_ref());
    for f in &mut report.files {
        f.diagnostics
            .retain(|d| crate::rules::is_selected(&d.code, &d.name, &args.select, &args.ignore));
    }
    let has_errors = report.summary().error > 0;
    let run_failed = !report.errors.is_empty();
    let code = match args.format {
        Format::Human => {
            // Run failures go to standard error in human output, after the results.
            let code = out(&human::render(
                &Report {
                    files: report.files,
                    errors: Vec::new(),
                },
                style,
            ));
            print_run_errors(&report.errors, style);
            code
        }
        Format::Json => out(&render::json::render(&report)),
    };
    exit_code(code, run_failed, has_errors)
}

fn exit_code(write_status: i32, run_failed: bool, has_errors: bool) -> i32 {
    if write_status != 0 || run_failed {
        2
    } else if has_errors {
        1
    } else {
        0
    }
}

fn list_rules(rules: &RuleSet, format: ListFormat, lang: Lang) -> i32 {
    match format {
        ListFormat::Json => {
            let list: Vec<serde_json::Value> = rules
                .rules
                .iter()
                .map(|r| {
                    serde_json::json!({
                        "code": r.code,
                        "name": r.name,
                        "severity": r.severity.as_str(),
                        "criterion": r.criterion,
                        "title": {"es": r.title.es, "en": r.title.en},
                        "file": r.origin,
                    })
                })
                .collect();
            let mut s = serde_json::to_string_pretty(&list).expect("rules serialize");
            s.push('\n');
            out(&s)
        }
        ListFormat::Table => {
            let name_w = rules
                .rules
                .iter()
                .map(|r| r.name.len())
                .max()
                .unwrap_or(4)
                .max(4);
            let crit_w = rules
                .rules
                .iter()
                .map(|r| r.criterion.chars().count() + 1)
                .max()
                .unwrap_or(7)
                .max(7);
            let (h_code, h_name, h_sev, h_sec, h_title) = match lang {
                Lang::Es => ("CÓDIGO", "NOMBRE", "SEVERIDAD", "SECCIÓN", "TÍTULO"),
                Lang::En => ("CODE", "NAME", "SEVERITY", "SECTION", "TITLE"),
            };
            let mut s =
                format!("{h_code:<7} {h_name:<name_w$} {h_sev:<9} {h_sec:<crit_w$} {h_title}\n");
            for r in &rules.rules {
                let sec = format!("§{}", r.criterion);
                s.push_str(&format!(
                    "{:<7} {:<name_w$} {:<9} {:<crit_w$} {}\n",
                    r.code,
                    r.name,
                    r.severity.as_str(),
                    sec,
                    r.title.get(lang)
                ));
            }
            out(&s)
        }
    }
}

fn criteria(rules: &RuleSet, format: CriteriaFormat, lang: Lang) -> i32 {
    let chapters = match crate::catalogue::builtin() {
        Ok(c) => c,
        Err(e) => {
            eprintln!("pip-lint: {e}");
            return 2;
        }
    };
    match format {
        CriteriaFormat::Markdown => out(&crate::catalogue::markdown(&chapters, rules, lang)),
        CriteriaFormat::Json => {
            let mut s = serde_json::to_string_pretty(&crate::catalogue::json(&chapters, rules))
                .expect("catalogue serializes");
            s.push('\n');
            out(&s)
        }
    }
}

fn explain(rules: &RuleSet, which: &str, lang: Lang) -> i32 {
    let Some(r) = rules.get(which) else {
        eprintln!(
            "pip-lint: {}",
            match lang {
                Lang::Es => format!("no hay una regla `{which}` (vea `pip-lint rules`)"),
                Lang::En => format!("there is no rule `{which}` (see `pip-lint rules`)"),
            }
        );
        return 2;
    };
    let sev = match (r.severity, lang) {
        (Severity::Error, Lang::Es) => "error",
        (Severity::Warning, Lang::Es) => "advertencia",
        (Severity::Info, Lang::Es) => "nota",
        (s, Lang::En) => s.as_str(),
    };
    let mut s = format!(
        "{} {} ({sev})\n{}\n{}: Criterios Mínimos para la Evaluación de Proyectos de Inversión en el Sector Salud (MINSA, OPI), §{}\n\n{}\n",
        r.code,
        r.name,
        r.title.get(lang),
        lang.pick("Fuente", "Source"),
        r.criterion,
        r.explanation.get(lang).trim_end()
    );
    if let Some(h) = &r.help {
        s.push_str(&format!(
            "\n{}: {}\n",
            lang.pick("Cómo corregirlo", "How to fix it"),
            h.get(lang)
        ));
    }
    out(&s)
}

fn test_rules(dir: &PathBuf, fixtures: Option<PathBuf>, style: human::Style) -> i32 {
    let rules = match load_rules(Some(dir), style) {
        Ok(r) => r,
        Err(errors) => {
            print_run_errors(&errors, style);
            return 2;
        }
    };
    let fixtures = fixtures.unwrap_or_else(|| {
        let sibling = dir.join("..").join("fixtures").join("rules");
        if sibling.is_dir() {
            sibling
        } else {
            dir.join("fixtures")
        }
    });
    let outcome = testing::run(&rules, &fixtures, style.lang);
    let mut s = String::new();
    for c in &outcome.cases {
        s.push_str(&format!(
            "{:<7} {} {}\n",
            if c.ok() { "ok" } else { "FAILED" },
            c.rule,
            c.path
        ));
        for p in &c.problems {
            s.push_str(&format!("          {p}\n"));
        }
    }
    s.push_str(&format!(
        "{} passed, {} failed\n",
        outcome.passed(),
        outcome.failed()
    ));
    let code = out(&s);
    if code != 0 {
        code
    } else if outcome.failed() > 0 {
        1
    } else {
        0
    }
}
