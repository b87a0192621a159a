//! Configuration: `pip-lint.toml`, found from the working directory upward
//! (or named with `--config`). Command-line flags override it. Every problem
//! in the file is a diagnostic pointing into it (exit 2).
//!
//! ```toml
//! select = ["G", "I", "F"]          # rules to run (codes, prefixes, names); default: all
//! extend-select = ["E"]             # added to `select`
//! ignore = ["F003"]                 # rules not to run
//! fail-on = "warning"               # exit 1 from this severity on (default "error")
//! lang = "es"
//! include = ["estudios/**/*.yaml"]  # globs, relative to this file, for files found in directories
//! exclude = ["estudios/borradores/**"]
//! rule-dirs = ["reglas-locales"]    # more rule files, added to the built-in set
//!
//! [per-file-ignores]
//! "estudios/2014/*.yaml" = ["R"]    # Ley 30885 did not exist yet
//!
//! [rules.F002]                      # by code or name
//! severity = "warning"
//!
//! [rules.E006.params]               # parameters the rule declares
//!
//! [limits]                          # bounds on every study read (defaults in `yaml::Limits`)
//! max-file-size = 33554432          # bytes
//! max-depth = 64
//! max-nodes = 2000000
//! max-alias-nodes = 100000
//! max-scalar-size = 1048576         # bytes
//! ```

use std::collections::BTreeMap;
use std::ops::Range;
use std::path::{Path, PathBuf};

use globset::{Glob, GlobMatcher, GlobSet, GlobSetBuilder};
use serde::Deserialize;
use serde_spanned::Spanned;

use crate::diagnostic::{Diagnostic, Severity};
use crate::i18n::Lang;
use crate::source::Source;
use crate::yaml::Limits;

pub const FILE_NAME: &str = "pip-lint.toml";
pub const CODE: &str = "config";
pub const NAME: &str = "invalid-config";

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
struct Raw {
    select: Option<Vec<Spanned<String>>>,
    extend_select: Option<Vec<Spanned<String>>>,
    ignore: Option<Vec<Spanned<String>>>,
    fail_on: Option<Spanned<String>>,
    lang: Option<Spanned<String>>,
    include: Option<Vec<Spanned<String>>>,
    exclude: Option<Vec<Spanned<String>>>,
    rule_dirs: Option<Vec<Spanned<String>>>,
    per_file_ignores: Option<BTreeMap<Spanned<String>, Vec<Spanned<String>>>>,
    rules: Option<BTreeMap<Spanned<String>, RawRule>>,
    limits: Option<RawLimits>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
struct RawLimits {
    max_file_size: Option<Spanned<i64>>,
    max_depth: Option<Spanned<i64>>,
    max_nodes: Option<Spanned<i64>>,
    max_alias_nodes: Option<Spanned<i64>>,
    max_scalar_size: Option<Spanned<i64>>,
}

/// Limits a configuration or the command line sets; unset ones keep their default.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub struct LimitSettings {
    pub max_file_size: Option<u64>,
    pub max_depth: Option<u64>,
    pub max_nodes: Option<u64>,
    pub max_alias_nodes: Option<u64>,
    pub max_scalar_size: Option<u64>,
}

impl LimitSettings {
    /// `self` over `base`: each limit set here replaces the one there.
    pub fn over(self, base: LimitSettings) -> LimitSettings {
        LimitSettings {
            max_file_size: self.max_file_size.or(base.max_file_size),
            max_depth: self.max_depth.or(base.max_depth),
            max_nodes: self.max_nodes.or(base.max_nodes),
            max_alias_nodes: self.max_alias_nodes.or(base.max_alias_nodes),
            max_scalar_size: self.max_scalar_size.or(base.max_scalar_size),
        }
    }

    /// The parser's limits: the defaults with these applied.
    pub fn resolve(self) -> Limits {
        let d = Limits::default();
        let size =
            |v: Option<u64>, d: usize| v.map_or(d, |v| usize::try_from(v).unwrap_or(usize::MAX));
        Limits {
            max_file_bytes: self.max_file_size.unwrap_or(d.max_file_bytes),
            max_depth: size(self.max_depth, d.max_depth),
            max_nodes: size(self.max_nodes, d.max_nodes),
            max_alias_nodes: size(self.max_alias_nodes, d.max_alias_nodes),
            max_scalar_bytes: size(self.max_scalar_size, d.max_scalar_bytes),
        }
    }
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawRule {
    severity: Option<Spanned<String>>,
    params: Option<BTreeMap<Spanned<String>, toml::Value>>,
}

/// A value from the file with where it stands (for later checks against the rules).
#[derive(Debug, Clone)]
pub struct Item {
    pub value: String,
    pub span: Range<usize>,
}

impl From<&Spanned<String>> for Item {
    fn from(s: &Spanned<String>) -> Item {
        Item {
            value: s.get_ref().clone(),
            span: s.span(),
        }
    }
}

/// Parameters for one rule: name → value, with spans.
#[derive(Debug, Clone)]
pub struct RuleSettings {
    pub rule: Item,
    pub severity: Option<Severity>,
    pub params: Vec<(Item, serde_json::Value)>,
}

/// A resolved configuration.
#[derive(Debug, Default)]
pub struct Config {
    /// The file it came from (none: defaults).
    pub source: Option<Source>,
    pub select: Option<Vec<Item>>,
    pub extend_select: Vec<Item>,
    pub ignore: Vec<Item>,
    pub fail_on: Option<Severity>,
    pub lang: Option<Lang>,
    pub include: Option<GlobSet>,
    pub exclude: Option<GlobSet>,
    pub rule_dirs: Vec<PathBuf>,
    pub per_file_ignores: Vec<(GlobMatcher, Vec<Item>)>,
    pub rules: Vec<RuleSettings>,
    pub limits: LimitSettings,
    /// The folder globs and rule directories are relative to.
    pub root: PathBuf,
}

/// Problems in a configuration file, pointing into it (boxed: it is rare and large).
#[derive(Debug)]
pub struct ConfigError {
    pub source: Box<Source>,
    pub diagnostics: Vec<Diagnostic>,
    /// The language the diagnostics are in.
    pub lang: Lang,
}

/// The `pip-lint.toml` of `start` or its nearest ancestor.
pub fn discover(start: &Path) -> Option<PathBuf> {
    let start = std::fs::canonicalize(start).unwrap_or_else(|_| start.to_path_buf());
    start
        .ancestors()
        .map(|d| d.join(FILE_NAME))
        .find(|p| p.is_file())
}

/// An absolute path with symbolic links resolved when the path exists, and
/// `.`/`..` removed lexically otherwise (a name given with --stdin-filename),
/// so that globs relative to the configuration match whatever the working
/// directory is.
pub fn absolute(path: &Path) -> PathBuf {
    if let Ok(p) = std::fs::canonicalize(path) {
        return p;
    }
    lexical_absolute(path)
}

/// An absolute path with `.`/`..` removed lexically, the working directory's
/// links resolved and the path's own kept (a study that is a link to a file
/// elsewhere is still where it was named).
fn lexical_absolute(path: &Path) -> PathBuf {
    let base = if path.is_absolute() {
        PathBuf::new()
    } else {
        std::env::current_dir().unwrap_or_default()
    };
    let mut out = match std::fs::canonicalize(&base) {
        Ok(b) => b,
        Err(_) => base,
    };
    for c in path.components() {
        match c {
            std::path::Component::CurDir => {}
            std::path::Component::ParentDir => {
                out.pop();
            }
            other => out.push(other.as_os_str()),
        }
    }
    out
}

/// serde's usual messages about a configuration's keys and types, in
/// Spanish: `unknown field`, `invalid type`, `missing field`, `duplicate key`.
fn toml_message_es(message: &str) -> Option<String> {
    let words = |s: &str| -> String {
        let mut out = s.to_string();
        for (en, es) in [
            ("a sequence", "una lista"),
            ("a string", "un texto"),
            ("a boolean", "un booleano (true/false)"),
            ("a map", "una tabla"),
            ("an integer", "un número entero"),
            ("i64", "un número entero"),
            ("u64", "un número entero positivo"),
            ("usize", "un número entero positivo"),
            ("f64", "un número"),
            ("a number", "un número"),
            ("integer", "número entero"),
            ("floating point", "número decimal"),
            ("string", "texto"),
            ("sequence", "lista"),
            ("boolean", "booleano"),
            ("map", "tabla"),
            ("one of", "una de"),
        ] {
            out = out.replace(en, es);
        }
        // serde lists the last of several keys after ` or `.
        out.replace("` or `", "` o `")
    };
    if let Some(rest) = message.strip_prefix("unknown field ") {
        let (field, expected) = rest.split_once(", expected ").unwrap_or((rest, ""));
        return Some(if expected.is_empty() {
            format!("clave desconocida {field}")
        } else {
            format!("clave desconocida {field}; se esperaba {}", words(expected))
        });
    }
    if let Some(rest) = message.strip_prefix("invalid type: ") {
        let (found, expected) = rest.split_once(", expected ")?;
        return Some(format!(
            "tipo no válido: se encontró {}; se esperaba {}",
            words(found),
            words(expected)
        ));
    }
    if let Some(field) = message.strip_prefix("missing field ") {
        return Some(format!("falta la clave {field}"));
    }
    if message.starts_with("duplicate key") {
        return Some(message.replacen("duplicate key", "clave repetida", 1));
    }
    None
}

fn error(source: &Source, span: Range<usize>, message: String) -> Diagnostic {
    Diagnostic::new(CODE, NAME, Severity::Error, "", source.clamp(span), message)
}

fn toml_to_json(v: &toml::Value) -> serde_json::Value {
    match v {
        toml::Value::String(s) => serde_json::Value::String(s.clone()),
        toml::Value::Integer(i) => serde_json::Value::from(*i),
        toml::Value::Float(f) => serde_json::Number::from_f64(*f)
            .map_or(serde_json::Value::Null, serde_json::Value::Number),
        toml::Value::Boolean(b) => serde_json::Value::Bool(*b),
        toml::Value::Datetime(d) => serde_json::Value::String(d.to_string()),
        toml::Value::Array(a) => serde_json::Value::Array(a.iter().map(toml_to_json).collect()),
        toml::Value::Table(t) => serde_json::Value::Object(
            t.iter()
                .map(|(k, v)| (k.clone(), toml_to_json(v)))
                .collect(),
        ),
    }
}

/// What is said of a selector (`--select`, `select = […]`) that names no rule.
pub fn selects_no_rule(selector: &str, lang: Lang) -> String {
    match lang {
        Lang::Es => format!("`{selector}` no selecciona ninguna regla (vea `pip-lint rules`)"),
        Lang::En => format!("`{selector}` selects no rule (see `pip-lint rules`)"),
    }
}

/// Reads and checks a configuration file (rule names are checked later,
/// against the rules, by [`Config::check_rules`]). Its errors are in
/// `explicit` (`--lang`) if given, else in the file's own `lang` if it has a
/// valid one, else in `locale`'s language.
pub fn load(path: &Path, explicit: Option<Lang>, locale: Lang) -> Result<Config, ConfigError> {
    let name = path.display().to_string();
    let source = match std::fs::read(path) {
        Ok(bytes) => Source::from_bytes(name, path, bytes),
        Err(e) => {
            let lang = explicit.unwrap_or(locale);
            let source = Source::from_text(path.display().to_string(), "");
            let d = error(
                &source,
                0..0,
                format!(
                    "{}: {}",
                    lang.pick(
                        "no se pudo leer la configuración",
                        "cannot read the configuration"
                    ),
                    crate::i18n::io_error(&e, lang)
                ),
            );
            return Err(ConfigError {
                source: Box::new(source),
                diagnostics: vec![d],
                lang,
            });
        }
    };
    parse(
        source,
        path.parent().unwrap_or(Path::new(".")),
        explicit,
        locale,
    )
}

/// Parses configuration text; `root` is the folder its paths are relative
/// to; its errors in the language [`load`] says.
pub fn parse(
    source: Source,
    root: &Path,
    explicit: Option<Lang>,
    locale: Lang,
) -> Result<Config, ConfigError> {
    let root = &absolute(root);
    let raw: Raw = match toml::from_str(&source.text) {
        Ok(raw) => raw,
        Err(e) => {
            let lang = explicit.unwrap_or(locale);
            let span = e.span().unwrap_or(0..0);
            // The TOML parser's own words are English; the usual ones about
            // keys and types are put in Spanish, a syntax error's stay.
            let said = e.message().trim();
            let said = match lang {
                Lang::Es => toml_message_es(said).unwrap_or_else(|| said.to_string()),
                Lang::En => said.to_string(),
            };
            let d = error(
                &source,
                span,
                format!(
                    "{}: {said}",
                    lang.pick("configuración no válida", "invalid configuration"),
                ),
            );
            return Err(ConfigError {
                source: Box::new(source),
                diagnostics: vec![d],
                lang,
            });
        }
    };
    let lang = explicit
        .or_else(|| raw.lang.as_ref().and_then(|l| Lang::parse(l.get_ref())))
        .unwrap_or(locale);
    let mut errors = Vec::new();
    let mut config = Config {
        root: root.to_path_buf(),
        ..Config::default()
    };
    let items =
        |v: &Option<Vec<Spanned<String>>>| v.iter().flatten().map(Item::from).collect::<Vec<_>>();
    config.select = raw
        .select
        .as_ref()
        .map(|v| v.iter().map(Item::from).collect());
    config.extend_select = items(&raw.extend_select);
    config.ignore = items(&raw.ignore);
    if let Some(f) = &raw.fail_on {
        match Severity::parse(f.get_ref()) {
            Some(s) => config.fail_on = Some(s),
            None => errors.push(error(
                &source,
                f.span(),
                match lang {
                    Lang::Es => format!(
                        "`fail-on` es `{}`; use `error`, `warning` o `info`",
                        f.get_ref()
                    ),
                    Lang::En => format!(
                        "`fail-on` is `{}`; use `error`, `warning` or `info`",
                        f.get_ref()
                    ),
                },
            )),
        }
    }
    if let Some(l) = &raw.lang {
        match Lang::parse(l.get_ref()) {
            Some(lang) => config.lang = Some(lang),
            None => errors.push(error(
                &source,
                l.span(),
                match lang {
                    Lang::Es => format!("`lang` es `{}`; use `es` o `en`", l.get_ref()),
                    Lang::En => format!("`lang` is `{}`; use `es` or `en`", l.get_ref()),
                },
            )),
        }
    }
    if let Some(l) = &raw.limits {
        let mut limit = |name: &str, v: &Option<Spanned<i64>>| -> Option<u64> {
            let v = v.as_ref()?;
            match u64::try_from(*v.get_ref()) {
                Ok(n) if name == "max-depth" && n > crate::yaml::DEPTH_CEILING => {
                    errors.push(error(
                        &source,
                        v.span(),
                        match lang {
                            Lang::Es => format!(
                                "`max-depth` es {n}; como máximo {} niveles (un anidamiento más profundo agotaría la pila)",
                                crate::yaml::DEPTH_CEILING
                            ),
                            Lang::En => format!(
                                "`max-depth` is {n}; at most {} levels (deeper nesting would exhaust the stack)",
                                crate::yaml::DEPTH_CEILING
                            ),
                        },
                    ));
                    None
                }
                Ok(n) if n > 0 => Some(n),
                _ => {
                    errors.push(error(
                        &source,
                        v.span(),
                        match lang {
                            Lang::Es => format!(
                                "`{name}` es {}; un límite es un número entero mayor que 0",
                                v.get_ref()
                            ),
                            Lang::En => format!(
                                "`{name}` is {}; a limit is a whole number above 0",
                                v.get_ref()
                            ),
                        },
                    ));
                    None
                }
            }
        };
        config.limits = LimitSettings {
            max_file_size: limit("max-file-size", &l.max_file_size),
            max_depth: limit("max-depth", &l.max_depth),
            max_nodes: limit("max-nodes", &l.max_nodes),
            max_alias_nodes: limit("max-alias-nodes", &l.max_alias_nodes),
            max_scalar_size: limit("max-scalar-size", &l.max_scalar_size),
        };
    }
    let invalid_glob = lang.pick("patrón glob no válido", "invalid glob");
    let mut globs = |list: &Option<Vec<Spanned<String>>>| -> Option<GlobSet> {
        let list = list.as_ref()?;
        let mut b = GlobSetBuilder::new();
        for g in list {
            match Glob::new(relative_glob(g.get_ref())) {
                Ok(glob) => {
                    b.add(glob);
                }
                Err(e) => errors.push(error(&source, g.span(), format!("{}: {e}", invalid_glob))),
            }
        }
        b.build().ok()
    };
    config.include = globs(&raw.include);
    config.exclude = globs(&raw.exclude);
    for (glob, codes) in raw.per_file_ignores.iter().flatten() {
        match Glob::new(relative_glob(glob.get_ref())) {
            Ok(g) => config
                .per_file_ignores
                .push((g.compile_matcher(), codes.iter().map(Item::from).collect())),
            Err(e) => errors.push(error(
                &source,
                glob.span(),
                format!("{}: {e}", invalid_glob),
            )),
        }
    }
    for d in raw.rule_dirs.iter().flatten() {
        let dir = root.join(d.get_ref());
        if dir.is_dir() {
            config.rule_dirs.push(dir);
        } else {
            errors.push(error(
                &source,
                d.span(),
                match lang {
                    Lang::Es => format!(
                        "`{}` no es un directorio (relativo a {})",
                        d.get_ref(),
                        root.display()
                    ),
                    Lang::En => format!(
                        "`{}` is not a directory (relative to {})",
                        d.get_ref(),
                        root.display()
                    ),
                },
            ));
        }
    }
    for (rule, settings) in raw.rules.iter().flatten() {
        let severity = match &settings.severity {
            Some(s) => match Severity::parse(s.get_ref()) {
                Some(sev) => Some(sev),
                None => {
                    errors.push(error(
                        &source,
                        s.span(),
                        match lang {
                            Lang::Es => format!(
                                "`severity` es `{}`; use `error`, `warning` o `info`",
                                s.get_ref()
                            ),
                            Lang::En => format!(
                                "`severity` is `{}`; use `error`, `warning` or `info`",
                                s.get_ref()
                            ),
                        },
                    ));
                    None
                }
            },
            None => None,
        };
        let params = settings
            .params
            .iter()
            .flatten()
            .map(|(k, v)| (Item::from(k), toml_to_json(v)))
            .collect();
        config.rules.push(RuleSettings {
            rule: Item::from(rule),
            severity,
            params,
        });
    }
    if errors.is_empty() {
        config.source = Some(source);
        Ok(config)
    } else {
        Err(ConfigError {
            source: Box::new(source),
            diagnostics: errors,
            lang,
        })
    }
}

impl Config {
    /// Checks that every rule the file names exists (codes, prefixes or names)
    /// and that every parameter is one the rule declares.
    pub fn check_rules(
        &self,
        known: impl Fn(&str) -> bool,
        params_of: impl Fn(&str) -> Option<Vec<(String, serde_json::Value)>>,
        lang: Lang,
    ) -> Vec<Diagnostic> {
        let Some(source) = &self.source else {
            return Vec::new();
        };
        let mut out = Vec::new();
        let selectors = self
            .select
            .iter()
            .flatten()
            .chain(&self.extend_select)
            .chain(&self.ignore)
            .chain(self.per_file_ignores.iter().flat_map(|(_, v)| v));
        for item in selectors {
            if !known(&item.value) {
                out.push(error(
                    source,
                    item.span.clone(),
                    selects_no_rule(&item.value, lang),
                ));
            }
        }
        for r in &self.rules {
            match params_of(&r.rule.value) {
                None => out.push(error(
                    source,
                    r.rule.span.clone(),
                    match lang {
                        Lang::Es => format!("no hay una regla `{}`", r.rule.value),
                        Lang::En => format!("there is no rule `{}`", r.rule.value),
                    },
                )),
                Some(declared) => {
                    for (p, value) in &r.params {
                        if let Some((_, default)) = declared.iter().find(|(n, _)| *n == p.value) {
                            if !crate::rules::param_fits(default, value) {
                                out.push(error(
                                    source,
                                    p.span.clone(),
                                    match lang {
                                        Lang::Es => format!(
                                            "el parámetro `{}` de la regla `{}` no admite {value}: su valor en la regla es {default}, y uno nuevo debe ser del mismo tipo (un número finito, no negativo si aquel no lo es)",
                                            p.value, r.rule.value
                                        ),
                                        Lang::En => format!(
                                            "parameter `{}` of rule `{}` cannot be {value}: its value in the rule is {default}, and a new one must be of the same kind (a finite number, not negative if that one is not)",
                                            p.value, r.rule.value
                                        ),
                                    },
                                ));
                            }
                        } else {
                            let names: Vec<&str> =
                                declared.iter().map(|(n, _)| n.as_str()).collect();
                            let list = if names.is_empty() {
                                lang.pick("ninguno", "none").to_string()
                            } else {
                                names.join(", ")
                            };
                            out.push(error(
                                source,
                                p.span.clone(),
                                match lang {
                                    Lang::Es => format!(
                                        "la regla `{}` no tiene el parámetro `{}` (declara: {list})",
                                        r.rule.value, p.value
                                    ),
                                    Lang::En => format!(
                                        "rule `{}` has no parameter `{}` (it declares: {list})",
                                        r.rule.value, p.value
                                    ),
                                },
                            ));
                        }
                    }
                }
            }
        }
        out
    }

    /// The rules a file is not to be checked against (`per-file-ignores`).
    pub fn ignored_for(&self, file: &Path) -> Vec<String> {
        let forms = self.forms(file);
        self.per_file_ignores
            .iter()
            .filter(|(g, _)| forms.iter().any(|f| g.is_match(f)))
            .flat_map(|(_, codes)| codes.iter().map(|c| c.value.clone()))
            .collect()
    }

    /// Whether a file found in a directory is to be linted (`include`/`exclude`).
    pub fn wants(&self, file: &Path) -> bool {
        let forms = self.forms(file);
        let matches = |g: &globset::GlobSet| forms.iter().any(|f| g.is_match(f));
        let included = self.include.as_ref().is_none_or(matches);
        let excluded = self.exclude.as_ref().is_some_and(matches);
        included && !excluded
    }

    /// The paths a file's globs are matched against: relative to the
    /// configuration's folder, where it is named and where its links lead
    /// (when under that folder), else its absolute path. Never the path as
    /// typed: `a.yaml` typed in a subfolder is not the `a.yaml` next to the
    /// configuration.
    fn forms(&self, file: &Path) -> Vec<PathBuf> {
        let mut forms: Vec<PathBuf> = Vec::with_capacity(2);
        for abs in [lexical_absolute(file), absolute(file)] {
            if let Ok(rel) = abs.strip_prefix(&self.root)
                && !forms.iter().any(|f| f == rel)
            {
                forms.push(rel.to_path_buf());
            }
        }
        if forms.is_empty() {
            forms.push(absolute(file));
        }
        forms
    }
}

/// A glob of the configuration, relative to its file: `./estudios/**` is
/// `estudios/**` (paths are matched relative to the file's directory).
fn relative_glob(glob: &str) -> &str {
    let mut g = glob;
    while let Some(rest) = g.strip_prefix("./") {
        g = rest;
    }
    g
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn serde_messages_in_spanish() {
        assert_eq!(
            toml_message_es("unknown field `selec`, expected one of `select`, `ignore`").as_deref(),
            Some("clave desconocida `selec`; se esperaba una de `select`, `ignore`")
        );
        assert_eq!(
            toml_message_es("invalid type: integer `3`, expected a sequence").as_deref(),
            Some("tipo no válido: se encontró número entero `3`; se esperaba una lista")
        );
        assert_eq!(
            toml_message_es("unknown field `foo`, expected `severity` or `params`").as_deref(),
            Some("clave desconocida `foo`; se esperaba `severity` o `params`")
        );
        assert_eq!(
            toml_message_es("invalid type: string \"x\", expected i64").as_deref(),
            Some("tipo no válido: se encontró texto \"x\"; se esperaba un número entero")
        );
        assert_eq!(toml_message_es("expected `=`"), None);
    }

    fn parse_str(text: &str) -> Result<Config, ConfigError> {
        parse(
            Source::from_text("pip-lint.toml", text),
            Path::new("."),
            None,
            Lang::En,
        )
    }

    #[test]
    fn reads_every_setting() {
        let c = parse_str(
            "select = [\"F\"]\nignore = [\"F003\"]\nfail-on = \"warning\"\nlang = \"es\"\nexclude = [\"borradores/**\"]\n\
             [per-file-ignores]\n\"antiguos/*.yaml\" = [\"R\"]\n[rules.F002]\nseverity = \"warning\"\n[rules.F003.params]\nmax = 0.35\n",
        )
        .unwrap_or_else(|e| panic!("{:?}", e.diagnostics));
        assert_eq!(c.select.as_ref().unwrap()[0].value, "F");
        assert_eq!(c.fail_on, Some(Severity::Warning));
        assert_eq!(c.lang, Some(Lang::Es));
        assert!(!c.wants(Path::new("borradores/a.yaml")));
        assert!(c.wants(Path::new("estudios/a.yaml")));
        assert_eq!(c.ignored_for(Path::new("antiguos/x.yaml")), ["R"]);
        assert_eq!(c.rules[0].severity, Some(Severity::Warning));
        assert_eq!(c.rules[1].params[0].1, serde_json::json!(0.35));
    }

    #[test]
    fn errors_point_into_the_file() {
        let text = "select = [\"F\"]\nfail-on = \"fatal\"\n";
        let e = parse_str(text).unwrap_err();
        assert_eq!(&text[e.diagnostics[0].range.clone()], "\"fatal\"");
        let text = "selct = [\"F\"]\n";
        let e = parse_str(text).unwrap_err();
        assert!(
            e.diagnostics[0].message.contains("selct"),
            "{}",
            e.diagnostics[0].message
        );
        assert_eq!(e.source.position(e.diagnostics[0].range.start).line, 1);
        let text = "select = [\"F\"\n";
        assert!(parse_str(text).is_err());
    }
}
