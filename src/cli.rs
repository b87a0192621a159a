//! The command line (contract §1). Parses arguments and configuration, loads
//! rules, runs the linter and writes the chosen format. Exit status: 0 no
//! diagnostic at or above `--fail-on` (default: error), 1 at least one, 2 the
//! run itself failed.

use std::io::{IsTerminal, Read, Write};
use std::path::{Path, PathBuf};
use std::sync::Arc;

use clap::{Args, Parser, Subcommand, ValueEnum};

use crate::config::{self, Config};
use crate::diagnostic::Severity;
use crate::i18n::{self, Lang};
use crate::lint::{self, Options};
use crate::render::{self, Report, RuleMeta, RunError, human};
use crate::rules::{KnownNames, RuleSet, load, selector_matches};
use crate::source::Source;
use crate::{schema, testing};

const EXAMPLES: &str = "\
Examples:
  pip-lint fixtures/studies/                  lint every study under a directory
  pip-lint estudio.yaml --lang es             messages in Spanish
  pip-lint --format json studies/ > out.json  machine-readable output for CI
  pip-lint --format sarif -o pip-lint.sarif . SARIF for GitHub code scanning
  pip-lint --select F00 --ignore F003 .       only some rules (codes, prefixes or names)
  cat estudio.yaml | pip-lint - --stdin-filename estudio.yaml
  pip-lint explain F003                       what a rule checks and why
  pip-lint criteria                           which criteria are automated, which are manual
  pip-lint report estudio.yaml -o informe.html the evaluator's report (HTML; --format markdown)
  pip-lint init estudio.yaml                  write a template study to fill in
  pip-lint test-rules my-rules/               run custom rules against their fixtures

Configuration: pip-lint.toml, found from the working directory upward (see the README).
Exit status: 0 no error, 1 errors found (or findings at --fail-on), 2 the run failed.";

#[derive(Debug, Parser)]
#[command(
    name = "pip-lint",
    version,
    about = "Lints pre-investment studies (estudios de preinversión) of Peruvian public health investment projects against MINSA's Criterios Mínimos.",
    after_help = EXAMPLES
)]
pub struct Cli {
    #[command(subcommand)]
    command: Option<Command>,
    #[command(flatten)]
    lint: LintArgs,
    /// Language of messages [default: lang of pip-lint.toml, else LC_ALL/LC_MESSAGES/LANG; es* gives Spanish]
    #[arg(long, global = true, value_enum)]
    lang: Option<LangArg>,
    /// Load rules from DIR instead of the built-in set (not with `test-rules`, whose DIR is its argument)
    #[arg(long, global = true, value_name = "DIR")]
    rules: Option<PathBuf>,
    /// Use this configuration file instead of looking for pip-lint.toml
    #[arg(long, global = true, value_name = "FILE", conflicts_with = "no_config")]
    config: Option<PathBuf>,
    /// Ignore any pip-lint.toml
    #[arg(long, global = true)]
    no_config: bool,
    /// When to colour the output
    #[arg(long, global = true, value_enum, default_value = "auto")]
    color: ColorArg,
}

#[derive(Debug, Clone, Copy, ValueEnum)]
enum LangArg {
    Es,
    En,
}

#[derive(Debug, Clone, Copy, ValueEnum, PartialEq, Eq)]
enum ColorArg {
    Auto,
    Always,
    Never,
}

#[derive(Debug, Clone, Copy, ValueEnum, PartialEq, Eq)]
enum Format {
    /// rustc-style snippets
    Human,
    /// one line per diagnostic: path:line:col: CODE message
    Concise,
    /// the contract's JSON document
    Json,
    /// one JSON diagnostic per line
    JsonLines,
    /// SARIF 2.1.0 (GitHub code scanning)
    Sarif,
    /// GitHub Actions annotations
    Github,
    /// JUnit XML: one test case per rule per study (it fails when the rule reports a finding at or above --fail-on)
    Junit,
}

#[derive(Debug, Clone, Copy, ValueEnum, PartialEq, Eq)]
enum SchemaKind {
    /// schemas/study.schema.json: what a study may contain
    Study,
    /// schemas/output.schema.json: the document `--format json` prints
    Output,
    /// schemas/rule.schema.json: what a rule file may contain
    Rule,
}

#[derive(Debug, Clone, Copy, ValueEnum, PartialEq, Eq)]
enum CriteriaFormat {
    Markdown,
    Json,
}

#[derive(Debug, Clone, Copy, ValueEnum, PartialEq, Eq)]
enum ReportFormat {
    /// one self-contained page (inline style and SVG charts; prints well)
    Html,
    /// GitHub-flavoured Markdown, to paste into the technical report
    Markdown,
}

#[derive(Debug, Clone, Copy, ValueEnum, PartialEq, Eq)]
enum ListFormat {
    Table,
    Json,
}

#[derive(Debug, Clone, Copy, ValueEnum, PartialEq, Eq)]
enum FailOn {
    Error,
    Warning,
    Info,
}

#[derive(Debug, Args)]
struct LintArgs {
    /// Study files or directories [default: the current directory]; `-` reads standard input
    #[arg(value_name = "PATH")]
    paths: Vec<PathBuf>,
    /// Output format [default: human]
    #[arg(long, value_enum)]
    format: Option<Format>,
    /// Write the output to FILE (atomically) instead of standard output
    #[arg(long, short = 'o', value_name = "FILE")]
    output: Option<PathBuf>,
    /// Only these rules: codes, code prefixes (F, F00) or names, comma-separated (replaces `select` of pip-lint.toml)
    #[arg(long, value_delimiter = ',', value_name = "RULES")]
    select: Vec<String>,
    /// More rules, added to the selection
    #[arg(long, value_delimiter = ',', value_name = "RULES")]
    extend_select: Vec<String>,
    /// Skip these rules: codes, code prefixes or names, comma-separated (added to `ignore` of pip-lint.toml)
    #[arg(long, value_delimiter = ',', value_name = "RULES")]
    ignore: Vec<String>,
    /// Exit 1 when there is a finding of this severity or a more serious one [default: error]
    #[arg(long, value_enum)]
    fail_on: Option<FailOn>,
    /// Print the number of findings per rule instead of the findings
    #[arg(long)]
    statistics: bool,
    /// Print the findings only (no summary line)
    #[arg(long, short = 'q')]
    quiet: bool,
    /// Skip named files that are not studies (no top-level `pip_study`), as in a folder; for pre-commit, which names every staged YAML file
    #[arg(long)]
    skip_non_studies: bool,
    /// The file name to show (and to match per-file ignores) for a study read from standard input
    #[arg(long, value_name = "NAME")]
    stdin_filename: Option<String>,
    /// Names already registered in the bank of projects, one per line (for G001 name-unique)
    #[arg(long, value_name = "FILE")]
    known_names: Option<PathBuf>,
    /// Worker threads [default: all cores]
    #[arg(long, value_name = "N")]
    threads: Option<usize>,
    /// Largest study read, in bytes [default: 33554432]
    #[arg(long, value_name = "BYTES", value_parser = clap::value_parser!(u64).range(1..), help_heading = "Limits")]
    max_file_size: Option<u64>,
    /// Deepest nesting of mappings and lists, at most 1000 [default: 64]
    #[arg(long, value_name = "N", value_parser = clap::value_parser!(u64).range(1..=crate::yaml::DEPTH_CEILING), help_heading = "Limits")]
    max_depth: Option<u64>,
    /// Most nodes in one study [default: 2000000]
    #[arg(long, value_name = "N", value_parser = clap::value_parser!(u64).range(1..), help_heading = "Limits")]
    max_nodes: Option<u64>,
    /// Most nodes that aliases may add by expansion [default: 100000]
    #[arg(long, value_name = "N", value_parser = clap::value_parser!(u64).range(1..), help_heading = "Limits")]
    max_alias_nodes: Option<u64>,
    /// Longest scalar, in bytes [default: 1048576]
    #[arg(long, value_name = "BYTES", value_parser = clap::value_parser!(u64).range(1..), help_heading = "Limits")]
    max_scalar_size: Option<u64>,
}

impl LintArgs {
    /// These flags (given after `check`), and for each one not given, the
    /// same flag given before `check`: `pip-lint --format json check .` is
    /// `pip-lint check --format json .`.
    fn or(self, before: LintArgs) -> LintArgs {
        let list = |after: Vec<String>, before: Vec<String>| {
            if after.is_empty() { before } else { after }
        };
        LintArgs {
            paths: if self.paths.is_empty() {
                before.paths
            } else {
                self.paths
            },
            format: self.format.or(before.format),
            output: self.output.or(before.output),
            select: list(self.select, before.select),
            extend_select: list(self.extend_select, before.extend_select),
            ignore: list(self.ignore, before.ignore),
            fail_on: self.fail_on.or(before.fail_on),
            statistics: self.statistics || before.statistics,
            quiet: self.quiet || before.quiet,
            skip_non_studies: self.skip_non_studies || before.skip_non_studies,
            stdin_filename: self.stdin_filename.or(before.stdin_filename),
            known_names: self.known_names.or(before.known_names),
            threads: self.threads.or(before.threads),
            max_file_size: self.max_file_size.or(before.max_file_size),
            max_depth: self.max_depth.or(before.max_depth),
            max_nodes: self.max_nodes.or(before.max_nodes),
            max_alias_nodes: self.max_alias_nodes.or(before.max_alias_nodes),
            max_scalar_size: self.max_scalar_size.or(before.max_scalar_size),
        }
    }
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Lint studies (the explicit form of `pip-lint PATH…`)
    Check(Box<LintArgs>),
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
    /// Draft the evaluator's technical report of one study: identification, every minimum
    /// criterion with its status (Cumple, No cumple, No aplica, No verificado, Revisión manual),
    /// findings with snippets and fixes, waivers and charts. Exit 1 when the study has an error
    /// (or a finding at `fail-on` of pip-lint.toml), as `check`
    Report {
        /// The study file (`-` for standard input)
        study: PathBuf,
        /// Write the report to FILE (atomically) instead of standard output
        #[arg(long, short = 'o', value_name = "FILE")]
        output: Option<PathBuf>,
        #[arg(long, value_enum, default_value = "html")]
        format: ReportFormat,
    },
    /// Print a JSON Schema: the study's (for editors: yaml-language-server), the JSON
    /// output's (for CI) or the rule files' (for rule authors)
    Schema {
        #[arg(value_enum, default_value = "study")]
        which: SchemaKind,
    },
    /// Print the coverage of the guide's criteria: which rules check each one, and what is left to the evaluator
    Criteria {
        #[arg(long, value_enum, default_value = "markdown")]
        format: CriteriaFormat,
    },
    /// Write a commented template study (to FILE, or standard output), in Spanish, the studies' language, whatever --lang says
    Init {
        /// Where to write it (it must not exist yet)
        file: Option<PathBuf>,
    },
}

/// The template study of `pip-lint init`, embedded from templates/.
pub const TEMPLATE: &str = include_str!("../templates/estudio.yaml");

/// Everything settled before any command runs.
struct Setup {
    lang: Lang,
    style: human::Style,
    config: Option<Config>,
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
    let env_lang = match cli.lang {
        Some(LangArg::Es) => Some(Lang::Es),
        Some(LangArg::En) => Some(Lang::En),
        None => None,
    };
    let color = match cli.color {
        ColorArg::Always => true,
        ColorArg::Never => false,
        ColorArg::Auto => {
            // NO_COLOR wins, then CLICOLOR_FORCE (https://bixense.com/clicolors/);
            // otherwise colour only what goes to a terminal: not a file of `-o`.
            let set = |var: &str| std::env::var_os(var).is_some_and(|v| !v.is_empty() && v != "0");
            let to_file = cli.lint.output.is_some()
                || matches!(&cli.command, Some(Command::Check(a)) if a.output.is_some());
            std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty())
                && (set("CLICOLOR_FORCE") || (std::io::stdout().is_terminal() && !to_file))
        }
    };
    // The configuration: --config, else pip-lint.toml from here upward.
    let config_path = if cli.no_config {
        None
    } else {
        cli.config.clone().or_else(|| {
            std::env::current_dir()
                .ok()
                .and_then(|d| config::discover(&d))
        })
    };
    let provisional = human::Style {
        color,
        lang: env_lang.unwrap_or_else(Lang::from_env),
    };
    let config = match config_path
        .as_deref()
        .map(|p| config::load(p, env_lang, provisional.lang))
    {
        None => None,
        Some(Ok(c)) => Some(c),
        // `schema` and `init` read nothing of a configuration: a broken one
        // (say, in a parent directory) does not stop them.
        Some(Err(_))
            if matches!(
                cli.command,
                Some(Command::Schema { .. } | Command::Init { .. })
            ) =>
        {
            None
        }
        Some(Err(e)) => {
            let style = human::Style {
                lang: e.lang,
                ..provisional
            };
            for d in &e.diagnostics {
                eprint!("{}", human::render_diagnostic(&e.source, d, style));
            }
            return 2;
        }
    };
    let lang = env_lang
        .or(config.as_ref().and_then(|c| c.lang))
        .unwrap_or_else(Lang::from_env);
    let style = human::Style { color, lang };
    let setup = Setup {
        lang,
        style,
        config,
    };
    match cli.command {
        Some(Command::Schema { which }) => out(
            match which {
                SchemaKind::Study => schema::STUDY_SCHEMA,
                SchemaKind::Output => schema::OUTPUT_SCHEMA,
                SchemaKind::Rule => schema::RULE_SCHEMA,
            },
            lang,
        ),
        Some(Command::Init { file }) => init(file.as_deref(), lang),
        Some(Command::Criteria { format }) => with_rules(&setup, cli.rules.as_ref(), |rules| {
            criteria(rules, format, lang)
        }),
        Some(Command::Rules { format }) => with_rules(&setup, cli.rules.as_ref(), |rules| {
            list_rules(rules, format, lang)
        }),
        Some(Command::Explain { rule }) => with_rules(&setup, cli.rules.as_ref(), |rules| {
            explain(rules, &rule, lang)
        }),
        Some(Command::Report {
            study,
            output,
            format,
        }) => report(
            &study,
            output.as_deref(),
            format,
            &cli.lint,
            cli.rules.as_ref(),
            setup,
        ),
        Some(Command::TestRules { .. }) if cli.rules.is_some() => {
            // The directory under test is the argument; `--rules` would be ignored.
            eprintln!(
                "pip-lint: {}",
                style.lang.pick(
                    "`test-rules` prueba el directorio que recibe como argumento; no admite `--rules`",
                    "`test-rules` tests the directory it is given as its argument; it takes no `--rules`",
                )
            );
            2
        }
        Some(Command::TestRules { dir, fixtures }) => test_rules(&dir, fixtures, style),
        Some(Command::Check(args)) => lint(args.or(cli.lint), cli.rules.as_ref(), setup),
        None => lint(cli.lint, cli.rules.as_ref(), setup),
    }
}

/// Writes to standard output; a closed pipe (`pip-lint … | head`) is not an error.
fn out(text: &str, lang: Lang) -> i32 {
    let mut stdout = std::io::stdout().lock();
    match stdout
        .write_all(text.as_bytes())
        .and_then(|()| stdout.flush())
    {
        Ok(()) => 0,
        Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => 0,
        Err(e) => {
            eprintln!(
                "pip-lint: {}: {}",
                lang.pick("no se pudo escribir la salida", "cannot write output"),
                i18n::io_error(&e, lang)
            );
            2
        }
    }
}

/// Says on standard error that `path` could not be written.
fn cannot_write(path: &Path, e: &std::io::Error, lang: Lang) {
    // The file is being created: «does not exist» is about its folder.
    let folder = path.parent().filter(|p| !p.as_os_str().is_empty());
    let why = match folder {
        Some(dir) if e.kind() == std::io::ErrorKind::NotFound && !dir.is_dir() => match lang {
            Lang::Es => format!("la carpeta {} no existe", dir.display()),
            Lang::En => format!("the folder {} does not exist", dir.display()),
        },
        _ => i18n::io_error(e, lang),
    };
    eprintln!(
        "pip-lint: {} {}: {why}",
        lang.pick("no se pudo escribir", "cannot write"),
        path.display(),
    );
}

/// Whether `output` is one of the `studies` read (the same file, by any
/// path): writing there would replace a study with the output. A file that
/// does not exist yet is no study.
fn is_a_study<'a>(output: &Path, mut studies: impl Iterator<Item = &'a str>) -> bool {
    let Ok(out) = std::fs::canonicalize(output) else {
        return false;
    };
    studies.any(|s| std::fs::canonicalize(s).is_ok_and(|p| p == out)) || file_holds_study(&out)
}

/// Whether the existing regular file `path` is a study, checked or not (a
/// study piped in on standard input, another study of the folder).
fn file_holds_study(path: &Path) -> bool {
    let limits = crate::yaml::Limits::default();
    std::fs::metadata(path).is_ok_and(|m| m.is_file() && m.len() <= limits.max_file_bytes)
        && std::fs::read(path).is_ok_and(|b| lint::holds_study(&b, &limits, Lang::En))
}

/// Says on standard error that `path` is not written because it is a study.
fn refuse_study(path: &Path, lang: Lang) {
    eprintln!(
        "pip-lint: {} {}: {}",
        lang.pick("no se escribe en", "not writing to"),
        path.display(),
        lang.pick(
            "es un estudio (uno de los revisados, o uno con la clave `pip_study`), y pip-lint no modifica estudios (elija otro archivo para -o)",
            "it is a study (one of those checked, or one with the key `pip_study`), and pip-lint does not modify studies (choose another file for -o)"
        )
    );
}

/// Writes `text` to `path` atomically: a temporary file beside it, then a
/// rename. A symbolic link is written through (its target is replaced, not
/// the link), and what is not a regular file (`/dev/null`, a FIFO, a
/// terminal) is written into directly: a rename would replace it.
pub fn write_atomically(path: &Path, text: &str) -> std::io::Result<()> {
    if let Ok(meta) = std::fs::symlink_metadata(path) {
        if meta.file_type().is_symlink() {
            // The target, when it exists (else the link's own path is replaced).
            if let Ok(target) = std::fs::canonicalize(path) {
                return write_atomically(&target, text);
            }
        } else if !meta.is_file() && !meta.is_dir() {
            let mut file = std::fs::OpenOptions::new()
                .write(true)
                .truncate(true)
                .open(path)?;
            file.write_all(text.as_bytes())?;
            return file.flush();
        }
    }
    let dir = path
        .parent()
        .filter(|d| !d.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    let mut builder = tempfile::Builder::new();
    // A temporary file is private (0600); the output is an ordinary file,
    // so it gets the mode any new file gets (0666 less the umask).
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        builder.permissions(std::fs::Permissions::from_mode(0o666));
    }
    let mut tmp = builder.tempfile_in(dir)?;
    tmp.write_all(text.as_bytes())?;
    tmp.as_file().sync_all()?;
    tmp.persist(path).map_err(|e| e.error)?;
    Ok(())
}

fn init(file: Option<&Path>, lang: Lang) -> i32 {
    // `-` is standard output, as for the paths of a run.
    let Some(path) = file.filter(|p| *p != Path::new("-")) else {
        return out(TEMPLATE, lang);
    };
    // Anything there, a broken link included, is left alone.
    if path.symlink_metadata().is_ok() {
        eprintln!(
            "pip-lint: {}",
            match lang {
                Lang::Es => format!(
                    "{} ya existe; pip-lint no sobrescribe un estudio",
                    path.display()
                ),
                Lang::En => format!(
                    "{} already exists; pip-lint does not overwrite a study",
                    path.display()
                ),
            }
        );
        return 2;
    }
    match write_atomically(path, TEMPLATE) {
        Ok(()) => {
            eprintln!(
                "{}",
                match lang {
                    Lang::Es => format!(
                        "plantilla escrita en {}: complete cada «COMPLETAR» y ejecute `pip-lint {}`",
                        path.display(),
                        path.display()
                    ),
                    Lang::En => format!(
                        "template written to {}: fill in every «COMPLETAR» and run `pip-lint {}`",
                        path.display(),
                        path.display()
                    ),
                }
            );
            0
        }
        Err(e) => {
            eprintln!("pip-lint: {}: {}", path.display(), i18n::io_error(&e, lang));
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

/// The rules of the run: the built-in set (or `--rules DIR`), plus the
/// configuration's rule directories, with its parameters and severities.
/// The rule files of a directory given for rules; none is a run error, not
/// a run of no rules that passes every study (a wrong path in CI).
fn read_rule_dir(dir: &Path, lang: Lang) -> Result<Vec<Source>, Vec<RunError>> {
    let error = |message: String| {
        vec![RunError {
            path: dir.display().to_string(),
            message,
            rendered: None,
        }]
    };
    let sources = load::read_dir(dir).map_err(|e| error(i18n::io_error(&e, lang)))?;
    if sources.is_empty() {
        return Err(error(
            lang.pick(
                "no hay archivos de reglas (`*.yaml`, `*.yml`) en esta carpeta",
                "no rule files (`*.yaml`, `*.yml`) in this directory",
            )
            .to_string(),
        ));
    }
    Ok(sources)
}

fn load_rules(setup: &Setup, dir: Option<&PathBuf>) -> Result<RuleSet, Vec<RunError>> {
    let mut sources = match dir {
        None => load::builtin_sources(),
        Some(dir) => read_rule_dir(dir, setup.lang)?,
    };
    for extra in setup.config.iter().flat_map(|c| &c.rule_dirs) {
        sources.extend(read_rule_dir(extra, setup.lang)?);
    }
    let settings = setup
        .config
        .as_ref()
        .map(|c| c.rules.clone())
        .unwrap_or_default();
    let params = |code: &str, name: &str| -> Vec<(String, serde_json::Value)> {
        settings
            .iter()
            .filter(|s| s.rule.value.eq_ignore_ascii_case(code) || s.rule.value == name)
            .flat_map(|s| s.params.iter().map(|(k, v)| (k.value.clone(), v.clone())))
            .collect()
    };
    let mut rules = load::from_sources_with(sources, setup.lang, &params)
        .map_err(|errors| rule_errors(&errors, setup.style))?;
    for s in &settings {
        if let Some(sev) = s.severity {
            for r in rules
                .rules
                .iter_mut()
                .filter(|r| r.code.eq_ignore_ascii_case(&s.rule.value) || r.name == s.rule.value)
            {
                // The rule's severity for every finding it makes: a check's
                // own severity (a warning beside the rule's errors) gives way.
                if r.severity != sev {
                    r.configured_from.get_or_insert(r.severity);
                }
                r.severity = sev;
                for c in &mut r.checks {
                    c.severity = None;
                }
            }
        }
    }
    // Names in the configuration must name rules, and parameters the rule's own.
    if let Some(config) = &setup.config {
        let known = |s: &str| {
            rules.rules.iter().any(|r| r.matches(s))
                || document_codes()
                    .iter()
                    .any(|(c, n)| selector_matches(s, c, n))
        };
        let params_of = |s: &str| {
            rules.get(s).map(|r| {
                r.params
                    .iter()
                    .map(|p| (p.name.clone(), p.default.clone()))
                    .collect()
            })
        };
        let problems = config.check_rules(known, params_of, setup.lang);
        if let (false, Some(source)) = (problems.is_empty(), &config.source) {
            return Err(problems
                .iter()
                .map(|d| RunError {
                    path: source.name.clone(),
                    message: d.message.clone(),
                    rendered: Some(human::render_diagnostic(source, d, setup.style)),
                })
                .collect());
        }
    }
    Ok(rules)
}

/// The codes that have no rule file: selectable like rules.
fn document_codes() -> [(&'static str, &'static str); 5] {
    crate::rules::DOCUMENT_CODES
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

fn with_rules(setup: &Setup, dir: Option<&PathBuf>, f: impl FnOnce(&RuleSet) -> i32) -> i32 {
    match load_rules(setup, dir) {
        Ok(rules) => f(&rules),
        Err(errors) => {
            print_run_errors(&errors, setup.style);
            2
        }
    }
}

fn rule_meta(rules: &RuleSet) -> Vec<RuleMeta> {
    let mut meta = RuleMeta::document_codes();
    meta.extend(rules.rules.iter().map(|r| RuleMeta {
        code: r.code.clone(),
        name: r.name.clone(),
        severity: r.severity,
        criterion: Some(r.criterion.clone()),
        title: r.title.clone(),
        explanation: r.explanation.clone(),
        help: r.help.clone(),
    }));
    meta
}

/// The rules a run selects: flags override the configuration (as in ruff:
/// `--select` replaces the whole selection, so the configuration's
/// `extend-select` no longer applies; `--extend-select` and `--ignore` add).
fn selection(
    config: Option<&Config>,
    select: &[String],
    extend_select: &[String],
    ignore: &[String],
) -> (Vec<String>, Vec<String>) {
    let from_config = |f: fn(&Config) -> Vec<String>| config.map(f).unwrap_or_default();
    let mut chosen = if select.is_empty() {
        from_config(|c| c.select.iter().flatten().map(|i| i.value.clone()).collect())
    } else {
        select.to_vec()
    };
    let config_extend = if select.is_empty() {
        from_config(|c| c.extend_select.iter().map(|i| i.value.clone()).collect())
    } else {
        Vec::new()
    };
    if !chosen.is_empty() {
        chosen.extend(config_extend);
        chosen.extend(extend_select.iter().cloned());
    }
    let mut ignored = from_config(|c| c.ignore.iter().map(|i| i.value.clone()).collect());
    ignored.extend(ignore.iter().cloned());
    (chosen, ignored)
}

/// What the lint flags and the configuration settle for a run (`check`, and
/// `report`, which takes the same flags).
struct Settings {
    select: Vec<String>,
    ignore: Vec<String>,
    known: Option<KnownNames>,
    fail_on: Severity,
    limits: crate::yaml::Limits,
}

/// The run's [`Settings`], or `None` after saying on standard error what is
/// wrong (a selector that picks no rule, an unreadable names file).
fn settings(
    args: &LintArgs,
    config: Option<&config::Config>,
    rules: &RuleSet,
    lang: Lang,
) -> Option<Settings> {
    // `--select 'F003, F004'`: the space after a comma is no part of a code.
    // A stray comma (`F003,`) leaves an empty item, dropped; a flag given with
    // nothing in it (`--select ""`) would select every rule: refused.
    let trim = |v: &[String]| -> Vec<String> {
        v.iter()
            .map(|s| s.trim().to_string())
            .filter(|s| !s.is_empty())
            .collect()
    };
    for (flag, given) in [
        ("--select", &args.select),
        ("--extend-select", &args.extend_select),
        ("--ignore", &args.ignore),
    ] {
        if !given.is_empty() && trim(given).is_empty() {
            eprintln!(
                "pip-lint: {}",
                match lang {
                    Lang::Es => format!(
                        "`{flag}` está vacío: nombre al menos una regla (código, prefijo o nombre)"
                    ),
                    Lang::En => format!(
                        "`{flag}` is empty: name at least one rule (a code, prefix or name)"
                    ),
                }
            );
            return None;
        }
    }
    let (flag_select, flag_extend, flag_ignore) = (
        trim(&args.select),
        trim(&args.extend_select),
        trim(&args.ignore),
    );
    let (select, ignore) = selection(config, &flag_select, &flag_extend, &flag_ignore);
    for s in flag_select.iter().chain(&flag_extend).chain(&flag_ignore) {
        let known = rules.rules.iter().any(|r| r.matches(s))
            || document_codes()
                .iter()
                .any(|(c, n)| selector_matches(s, c, n));
        if !known {
            eprintln!("pip-lint: {}", config::selects_no_rule(s, lang));
            return None;
        }
    }
    // A rule asked for on the command line that an ignore (the
    // configuration's or the flag's) takes away again is said, not dropped
    // in silence.
    for s in flag_select.iter().chain(&flag_extend) {
        let mut named = rules.rules.iter().filter(|r| r.matches(s)).peekable();
        let named_some = named.peek().is_some();
        if named_some && named.all(|r| ignore.iter().any(|i| r.matches(i))) {
            eprintln!(
                "pip-lint: {}",
                match lang {
                    Lang::Es => format!(
                        "advertencia: `{s}` no elige ninguna regla que se ejecute: todas las que nombra están en `ignore` (de pip-lint.toml o de --ignore)"
                    ),
                    Lang::En => format!(
                        "warning: `{s}` selects no rule that runs: every rule it names is in `ignore` (of pip-lint.toml or --ignore)"
                    ),
                }
            );
        }
    }
    let known = match &args.known_names {
        None => None,
        Some(p) => match std::fs::read(p) {
            Ok(bytes) => {
                let source = Source::from_bytes(p.display().to_string(), p, bytes);
                // A names file in another encoding (UTF-16, Latin-1) would
                // match nothing, in silence.
                if let Some(at) = source.utf8_error {
                    let pos = source.position(at);
                    eprintln!(
                        "pip-lint: {}:{}:{}: {}",
                        p.display(),
                        pos.line,
                        pos.column,
                        lang.pick(
                            "el archivo de nombres no está en UTF-8; guárdelo como UTF-8",
                            "the names file is not UTF-8; save it as UTF-8"
                        )
                    );
                    return None;
                }
                Some(KnownNames::parse(source))
            }
            Err(e) => {
                eprintln!("pip-lint: {}: {}", p.display(), i18n::io_error(&e, lang));
                return None;
            }
        },
    };
    let fail_on = match args.fail_on {
        Some(FailOn::Error) => Severity::Error,
        Some(FailOn::Warning) => Severity::Warning,
        Some(FailOn::Info) => Severity::Info,
        None => config.and_then(|c| c.fail_on).unwrap_or(Severity::Error),
    };
    let flag_limits = config::LimitSettings {
        max_file_size: args.max_file_size,
        max_depth: args.max_depth,
        max_nodes: args.max_nodes,
        max_alias_nodes: args.max_alias_nodes,
        max_scalar_size: args.max_scalar_size,
    };
    let limits = flag_limits
        .over(config.map(|c| c.limits).unwrap_or_default())
        .resolve();
    Some(Settings {
        select,
        ignore,
        known,
        fail_on,
        limits,
    })
}

fn lint(args: LintArgs, rules_dir: Option<&PathBuf>, setup: Setup) -> i32 {
    let (lang, style) = (setup.lang, setup.style);
    // Compile the study schema on another core while the rules load and
    // the first studies are read and parsed: a study waits for it only when
    // it is validated (and any thread that needs it first compiles it).
    rayon::spawn(|| {
        schema::Schema::study();
    });
    let rules = match load_rules(&setup, rules_dir) {
        Ok(r) => r,
        Err(errors) => {
            print_run_errors(&errors, style);
            return 2;
        }
    };
    let config = setup.config.map(Arc::new);
    let Some(Settings {
        select,
        ignore,
        known,
        fail_on,
        limits,
    }) = settings(&args, config.as_deref(), &rules, lang)
    else {
        return 2;
    };
    let options = Options {
        lang,
        limits,
        threads: args.threads,
        select,
        ignore,
        config,
        skip_non_studies: args.skip_non_studies,
    };
    // `--stdin-filename` names standard input: with no path it reads it, as
    // ruff does; beside other paths it is a usage error, never ignored.
    let mut args = args;
    if args.stdin_filename.is_some() {
        if args.paths.is_empty() {
            args.paths.push(PathBuf::from("-"));
        } else if args.paths.iter().any(|p| p != Path::new("-")) {
            eprintln!(
                "pip-lint: {}",
                lang.pick(
                    "`--stdin-filename` nombra la entrada estándar: dé `-` o ninguna ruta",
                    "`--stdin-filename` names standard input: give `-` or no path"
                )
            );
            return 2;
        }
    }
    if args.paths.len() > 1 && args.paths.iter().any(|p| p == Path::new("-")) {
        eprintln!(
            "pip-lint: {}",
            lang.pick(
                "`-` (la entrada estándar) va solo: no se combina con otras rutas (use `./-` para un archivo llamado así)",
                "`-` (standard input) goes alone: it is not combined with other paths (write `./-` for a file of that name)"
            )
        );
        return 2;
    }
    let mut report = if args.paths.len() == 1 && args.paths[0] == Path::new("-") {
        let mut bytes = Vec::new();
        if let Err(e) = std::io::stdin()
            .lock()
            .take(options.limits.max_file_bytes + 1)
            .read_to_end(&mut bytes)
        {
            eprintln!(
                "pip-lint: {}: {}",
                lang.pick(
                    "no se pudo leer la entrada estándar",
                    "cannot read standard input"
                ),
                i18n::io_error(&e, lang)
            );
            return 2;
        }
        let name = args
            .stdin_filename
            .clone()
            .unwrap_or_else(|| "-".to_string());
        lint::run_sources(
            vec![Source::from_bytes(name.clone(), &name, bytes)],
            &rules,
            &options,
            known.as_ref(),
        )
    } else {
        let paths = if args.paths.is_empty() {
            vec![PathBuf::from(".")]
        } else {
            args.paths.clone()
        };
        // While the first study is read and parsed, the other core compiles
        // the rules' regular expressions (each is compiled once, on first
        // use), and stops when the run is over: a short run does not wait
        // for regexes it never needed.
        let done = std::sync::atomic::AtomicBool::new(false);
        let (report, ()) = rayon::join(
            || {
                let report = lint::run(&paths, &rules, &options, known.as_ref());
                done.store(true, std::sync::atomic::Ordering::Relaxed);
                report
            },
            || {
                for r in rules.regexes() {
                    if done.load(std::sync::atomic::Ordering::Relaxed) {
                        break;
                    }
                    r.warm();
                }
            },
        );
        report
    };
    for e in report.errors.iter_mut().filter(|e| e.rendered.is_none()) {
        let given = args.paths.iter().any(|p| p.as_os_str() == e.path.as_str());
        if given
            && std::fs::symlink_metadata(&e.path).is_err()
            && let Some(hint) = path_hint(&e.path, &rules, lang)
        {
            e.message = format!("{}; {hint}", e.message);
        }
    }
    report.rules = rule_meta(&rules)
        .into_iter()
        .filter(|m| crate::rules::is_selected(&m.code, &m.name, &options.select, &options.ignore))
        .collect();
    report.lang = lang;
    report.fail_on = fail_on;
    let failing = report
        .files
        .iter()
        .flat_map(|f| &f.diagnostics)
        .any(|d| d.suppressed.is_none() && d.severity <= fail_on);
    let run_failed = !report.errors.is_empty();
    let text = if args.statistics {
        statistics(&report, args.format == Some(Format::Json), lang)
    } else {
        match args.format.unwrap_or(Format::Human) {
            Format::Human => {
                let mut s = human::render_diagnostics(&report, style);
                if !args.quiet {
                    s.push_str(&human::summary_line(
                        report.files.len(),
                        report.summary(),
                        lang,
                    ));
                }
                s
            }
            Format::Concise => render::concise::render(&report),
            Format::Json => render::json::render(&report),
            Format::JsonLines => render::json::render_lines(&report),
            Format::Sarif => render::sarif::render(&report),
            Format::Github => render::github::render(&report),
            Format::Junit => render::junit::render(&report),
        }
    };
    let write_status = match &args.output {
        None => out(&text, lang),
        Some(path) if is_a_study(path, report.files.iter().map(|f| f.source.name.as_str())) => {
            refuse_study(path, lang);
            2
        }
        Some(path) => match write_atomically(path, &text) {
            Ok(()) => 0,
            Err(e) => {
                cannot_write(path, &e, lang);
                2
            }
        },
    };
    // Run failures go to standard error, after the results.
    print_run_errors(&report.errors, style);
    // Nothing to lint is not a failure (as in ruff), but it is said: a
    // mistyped path or a folder of non-studies must not look like a pass.
    if report.files.is_empty() && report.errors.is_empty() && !args.quiet {
        eprintln!(
            "pip-lint: {}",
            lang.pick(
                "advertencia: no se encontró ningún estudio (archivo YAML con `pip_study`) en las rutas dadas",
                "warning: no study (a YAML file with `pip_study`) was found under the given paths",
            )
        );
    }
    // The process ends now: freeing the compiled rules and the report would
    // only cost time (tens of milliseconds for large runs).
    std::mem::forget(rules);
    std::mem::forget(report);
    exit_code(write_status, run_failed, failing)
}

/// `pip-lint report`: lints one study like `check` (the configuration's
/// selection, per-file ignores, limits and `fail-on`), then drafts the
/// evaluator's report. A study with no document at all (unreadable YAML)
/// gets its diagnostics on standard error and exit 1, no report.
/// What a missing path given as a bare word most likely meant: a rule
/// (`pip-lint E001` for `pip-lint explain E001`) or a subcommand with a typo
/// (`pip-lint rule`). Paths with a separator or an extension are paths.
fn path_hint(word: &str, rules: &RuleSet, lang: Lang) -> Option<String> {
    if word.contains(['/', '\\', '.']) {
        return None;
    }
    if let Some(r) = rules.get(word) {
        return Some(match lang {
            Lang::Es => format!(
                "`{word}` es una regla: `pip-lint explain {}` la explica",
                r.code
            ),
            Lang::En => format!(
                "`{word}` is a rule: `pip-lint explain {}` explains it",
                r.code
            ),
        });
    }
    let command = <Cli as clap::CommandFactory>::command();
    let names: Vec<&str> = command
        .get_subcommands()
        .map(|c| c.get_name())
        .filter(|n| *n != "help")
        .collect();
    let close = schema::suggest(word, &names)?;
    Some(match lang {
        Lang::Es => format!("¿quiso decir el subcomando `pip-lint {close}`?"),
        Lang::En => format!("did you mean the subcommand `pip-lint {close}`?"),
    })
}

fn report(
    study: &Path,
    output: Option<&Path>,
    format: ReportFormat,
    args: &LintArgs,
    rules_dir: Option<&PathBuf>,
    setup: Setup,
) -> i32 {
    let (lang, style) = (setup.lang, setup.style);
    let rules = match load_rules(&setup, rules_dir) {
        Ok(r) => r,
        Err(errors) => {
            print_run_errors(&errors, style);
            return 2;
        }
    };
    let chapters = match crate::catalogue::builtin() {
        Ok(c) => c,
        Err(e) => {
            eprintln!("pip-lint: {e}");
            return 2;
        }
    };
    let config = setup.config.map(Arc::new);
    // The lint flags given before `report` (`--select`, `--fail-on`,
    // `--known-names`, limits…) count as for `check`.
    let Some(Settings {
        select,
        ignore,
        known,
        fail_on,
        limits,
    }) = settings(args, config.as_deref(), &rules, lang)
    else {
        return 2;
    };
    // Standard input takes the name `--stdin-filename` gives it, for the
    // report's title and for the configuration's per-file ignores, as in `check`.
    let from_stdin = study == Path::new("-");
    let name = match (&args.stdin_filename, from_stdin) {
        (Some(n), true) => n.clone(),
        _ => lint::display_name(study),
    };
    let mut file_ignore = ignore.clone();
    if let Some(c) = &config {
        file_ignore.extend(c.ignored_for(Path::new(&name)));
    }
    let options = Options {
        lang,
        limits,
        threads: Some(1),
        select: select.clone(),
        ignore,
        config,
        // The report's study is named to be reported on.
        skip_non_studies: false,
    };
    let read = if from_stdin {
        let mut bytes = Vec::new();
        std::io::stdin()
            .lock()
            .take(options.limits.max_file_bytes + 1)
            .read_to_end(&mut bytes)
            .map(|_| bytes)
    } else {
        lint::read_capped(study, options.limits.max_file_bytes)
    };
    let bytes = match read {
        Ok(b) => b,
        Err(e) => {
            eprintln!(
                "pip-lint: {}: {}",
                study.display(),
                i18n::io_error(&e, lang)
            );
            return 2;
        }
    };
    let source = if from_stdin {
        Source::from_bytes(name.clone(), &name, bytes)
    } else {
        Source::from_bytes(name, study, bytes)
    };
    // The document itself (the linted file keeps only the lines its findings need).
    let document = crate::yaml::load(&source, &options.limits, lang).document;
    // Where the data is invalid or missing, for the criteria that read there.
    let unusable: Vec<(String, &str)> = document
        .as_ref()
        .map_or_else(Vec::new, |d| crate::report::unusable_data(d, &source, lang));
    let mut linted = lint::run_sources(vec![source], &rules, &options, known.as_ref());
    linted.lang = lang;
    if !linted.errors.is_empty() {
        print_run_errors(&linted.errors, style);
        return 2;
    }
    let Some(file) = linted.files.first() else {
        return 2;
    };
    let failing = file
        .diagnostics
        .iter()
        .any(|d| d.suppressed.is_none() && d.severity <= fail_on);
    let Some(document) = document else {
        eprint!("{}", human::render_diagnostics(&linted, style));
        return 1;
    };
    // A YAML file that is not a study (a CI workflow, a rule file) gets no
    // report of 117 unverified criteria: it is refused with the one-line fix,
    // exit 1 as `check`'s errors on it, or 0 with `--skip-non-studies`.
    // A draft that has a study's sections but lacks `pip_study` is reported.
    if !is_study_like(&document.value) {
        eprintln!(
            "pip-lint: {}: {}",
            file.source.name,
            lang.pick(
                "no es un estudio (no tiene en la raíz la clave `pip_study` ni las secciones `general`, `identification`, `formulation`, `evaluation`): no se redacta el informe; si es un estudio, agregue `pip_study: \"1\"`",
                "not a study (no top-level `pip_study` key and none of the sections `general`, `identification`, `formulation`, `evaluation`): no report drafted; if it is a study, add `pip_study: \"1\"`"
            )
        );
        return if args.skip_non_studies { 0 } else { 1 };
    }
    let active =
        |r: &crate::rules::Rule| crate::rules::is_selected(&r.code, &r.name, &select, &file_ignore);
    let model = crate::report::build(&crate::report::Input {
        file,
        document: Some(&document),
        rules: &rules,
        chapters: &chapters,
        active: &active,
        unusable: &unusable,
        names_known: known.is_some(),
        lang,
    });
    let text = match format {
        ReportFormat::Html => crate::report::html::render(&model),
        ReportFormat::Markdown => crate::report::markdown::render(&model),
    };
    let write_status = match output {
        None => out(&text, lang),
        Some(path) if is_a_study(path, std::iter::once(file.source.name.as_str())) => {
            refuse_study(path, lang);
            2
        }
        Some(path) => match write_atomically(path, &text) {
            Ok(()) => {
                eprintln!(
                    "{} {}: {}",
                    lang.pick("informe escrito en", "report written to"),
                    path.display(),
                    crate::report::summary_line(&model.counts, lang)
                );
                0
            }
            Err(e) => {
                cannot_write(path, &e, lang);
                2
            }
        },
    };
    exit_code(write_status, false, failing)
}

/// Whether a document's root is a study's: the `pip_study` key, or one of
/// the sections every study has.
fn is_study_like(root: &serde_json::Value) -> bool {
    root.as_object().is_some_and(|m| {
        [
            "pip_study",
            "general",
            "identification",
            "formulation",
            "evaluation",
        ]
        .iter()
        .any(|k| m.contains_key(*k))
    })
}

/// A parameter's value as `explain` shows it: each bilingual text
/// (`{es: …, en: …}`) in the language of messages only.
fn localized(value: &serde_json::Value, lang: Lang) -> serde_json::Value {
    use serde_json::Value;
    match value {
        Value::Object(m)
            if m.len() == 2
                && m.get("es").is_some_and(Value::is_string)
                && m.get("en").is_some_and(Value::is_string) =>
        {
            m[lang.pick("es", "en")].clone()
        }
        Value::Object(m) => Value::Object(
            m.iter()
                .map(|(k, v)| (k.clone(), localized(v, lang)))
                .collect(),
        ),
        Value::Array(a) => Value::Array(a.iter().map(|v| localized(v, lang)).collect()),
        other => other.clone(),
    }
}

/// Findings per rule: a table, or JSON.
fn statistics(report: &Report, json: bool, lang: Lang) -> String {
    let mut counts: Vec<(String, String, usize, usize)> = Vec::new();
    for d in report.files.iter().flat_map(|f| &f.diagnostics) {
        match counts.iter_mut().find(|c| c.0 == d.code) {
            Some(c) => {
                if d.suppressed.is_some() {
                    c.3 += 1
                } else {
                    c.2 += 1
                }
            }
            None => counts.push((
                d.code.clone(),
                d.name.clone(),
                usize::from(d.suppressed.is_none()),
                usize::from(d.suppressed.is_some()),
            )),
        }
    }
    counts.sort();
    if json {
        let list: Vec<serde_json::Value> =
            counts.iter().map(|(c, n, k, s)| serde_json::json!({"code": c, "name": n, "count": k, "suppressed": s})).collect();
        let mut s = serde_json::to_string_pretty(&list).expect("statistics serialize");
        s.push('\n');
        return s;
    }
    let w = counts.iter().map(|c| c.1.len()).max().unwrap_or(4).max(4);
    let mut s = String::new();
    for (code, name, count, suppressed) in &counts {
        let extra = if *suppressed > 0 {
            let word = match lang {
                Lang::Es if *suppressed == 1 => "exceptuada",
                Lang::Es => "exceptuadas",
                Lang::En => "suppressed",
            };
            format!(" (+{suppressed} {word})")
        } else {
            String::new()
        };
        let line = format!("{count:>6}  {code:<5} {name:<w$}{extra}");
        s.push_str(line.trim_end());
        s.push('\n');
    }
    s
}

fn exit_code(write_status: i32, run_failed: bool, failing: bool) -> i32 {
    if write_status != 0 || run_failed {
        2
    } else if failing {
        1
    } else {
        0
    }
}

fn list_rules(rules: &RuleSet, format: ListFormat, lang: Lang) -> i32 {
    match format {
        ListFormat::Json => {
            // The document codes first: built in, no criterion, no rule file.
            let builtin = RuleMeta::document_codes().into_iter().map(|m| {
                serde_json::json!({
                    "code": m.code,
                    "name": m.name,
                    "severity": m.severity.as_str(),
                    "criterion": null,
                    "title": {"es": m.title.es, "en": m.title.en},
                    "file": null,
                })
            });
            let list: Vec<serde_json::Value> = builtin
                .chain(rules.rules.iter().map(|r| {
                    serde_json::json!({
                        "code": r.code,
                        "name": r.name,
                        "severity": r.severity.as_str(),
                        "criterion": r.criterion,
                        "title": {"es": r.title.es, "en": r.title.en},
                        "file": r.origin,
                    })
                }))
                .collect();
            let mut s = serde_json::to_string_pretty(&list).expect("rules serialize");
            s.push('\n');
            out(&s, lang)
        }
        ListFormat::Table => {
            let builtin = RuleMeta::document_codes();
            let name_w = rules
                .rules
                .iter()
                .map(|r| r.name.len())
                .chain(builtin.iter().map(|m| m.name.len()))
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
                format!("{h_code:<7} {h_name:<name_w$} {h_sev:<11} {h_sec:<crit_w$} {h_title}\n");
            for m in &builtin {
                s.push_str(&format!(
                    "{:<7} {:<name_w$} {:<11} {:<crit_w$} {}\n",
                    m.code,
                    m.name,
                    m.severity.label(lang),
                    "—",
                    m.title.get(lang)
                ));
            }
            for r in &rules.rules {
                let sec = section_label(&r.criterion);
                s.push_str(&format!(
                    "{:<7} {:<name_w$} {:<11} {:<crit_w$} {}\n",
                    r.code,
                    r.name,
                    r.severity.label(lang),
                    sec,
                    r.title.get(lang)
                ));
            }
            out(&s, lang)
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
        CriteriaFormat::Markdown => out(&crate::catalogue::markdown(&chapters, rules, lang), lang),
        CriteriaFormat::Json => {
            let mut s = serde_json::to_string_pretty(&crate::catalogue::json(&chapters, rules))
                .expect("catalogue serializes");
            s.push('\n');
            out(&s, lang)
        }
    }
}

/// Each paragraph of `text` broken into lines of at most `width` characters,
/// between words (as the rule files' explanations are written).
fn wrap(text: &str, width: usize) -> String {
    let mut out = String::with_capacity(text.len() + text.len() / width + 1);
    for (i, paragraph) in text.trim_end().split('\n').enumerate() {
        if i > 0 {
            out.push('\n');
        }
        let mut line = 0;
        for word in paragraph.split(' ').filter(|w| !w.is_empty()) {
            let n = word.chars().count();
            if line > 0 && line + 1 + n > width {
                out.push('\n');
                line = 0;
            } else if line > 0 {
                out.push(' ');
                line += 1;
            }
            out.push_str(word);
            line += n;
        }
    }
    out
}

/// A severity as `explain` names it, in the user's language.
fn severity_word(severity: Severity, lang: Lang) -> &'static str {
    match (severity, lang) {
        (Severity::Error, Lang::Es) => "error",
        (Severity::Warning, Lang::Es) => "advertencia",
        (Severity::Info, Lang::Es) => "nota",
        (s, Lang::En) => s.as_str(),
    }
}

/// "§3.2.9" for a section of the guide; other sources (Ley 30885) as written.
fn section_label(criterion: &str) -> String {
    if criterion.starts_with(|c: char| c.is_ascii_digit()) {
        format!("§{criterion}")
    } else {
        criterion.to_string()
    }
}

/// Where a rule's criterion comes from, in full.
fn source_of(criterion: &str) -> String {
    if criterion.starts_with(|c: char| c.is_ascii_digit()) {
        format!(
            "Criterios Mínimos para la Evaluación de Proyectos de Inversión en el Sector Salud (MINSA, OPI), §{criterion}"
        )
    } else {
        criterion.to_string()
    }
}

fn explain(rules: &RuleSet, which: &str, lang: Lang) -> i32 {
    let builtin = RuleMeta::document_codes()
        .into_iter()
        .find(|m| m.code.eq_ignore_ascii_case(which) || m.name == which);
    if let (None, Some(m)) = (rules.get(which), builtin) {
        return out(
            &format!(
                "{} {} ({})\n{}\n{}\n\n{}\n",
                m.code,
                m.name,
                severity_word(m.severity, lang),
                m.title.get(lang),
                lang.pick(
                    "Fuente: pip-lint, sobre el archivo mismo (antes de cualquier criterio)",
                    "Source: pip-lint, on the file itself (before any criterion)"
                ),
                wrap(m.explanation.get(lang), 90)
            ),
            lang,
        );
    }
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
    let sev = severity_word(r.severity, lang);
    let mut s = format!(
        "{} {} ({sev})\n{}\n{}: {}\n\n{}\n",
        r.code,
        r.name,
        r.title.get(lang),
        lang.pick("Fuente", "Source"),
        source_of(&r.criterion),
        r.explanation.get(lang).trim_end()
    );
    if !r.params.is_empty() {
        s.push_str(&format!(
            "\n{}:\n",
            lang.pick(
                "Parámetros (pip-lint.toml: [rules.CÓDIGO.params])",
                "Parameters (pip-lint.toml: [rules.CODE.params])"
            )
        ));
        for p in &r.params {
            s.push_str(&format!(
                "  {} = {} — {}\n",
                p.name,
                localized(&p.value, lang),
                p.description.get(lang)
            ));
        }
    }
    if let Some(h) = &r.help {
        s.push_str(&format!(
            "\n{}: {}\n",
            // The explanation has its own «Cómo corregirlo»; this is the short one.
            lang.pick(
                "Ayuda que acompaña cada hallazgo",
                "Help shown with each finding"
            ),
            h.get(lang)
        ));
    }
    out(&s, lang)
}

fn test_rules(dir: &Path, fixtures: Option<PathBuf>, style: human::Style) -> i32 {
    // The rules of DIR as written: no configuration, no parameters changed.
    let loaded = read_rule_dir(dir, style.lang).and_then(|sources| {
        load::from_sources(sources, style.lang).map_err(|errors| rule_errors(&errors, style))
    });
    let rules = match loaded {
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
    let code = out(&s, style.lang);
    if code != 0 {
        code
    } else if outcome.failed() > 0 {
        1
    } else {
        0
    }
}
