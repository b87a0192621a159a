//! Loading rule files: YAML with spans, validated by `schemas/rule.schema.json`,
//! then compiled (selectors, expressions, regular expressions, message
//! templates). Every problem is a diagnostic pointing into the rule file.

use std::collections::HashMap;
use std::path::Path;
use std::sync::OnceLock;

use rayon::prelude::*;
use serde_json::Value;

use super::expr::Path as FieldPath;
use super::functions::Function;
use super::{Check, Param, Predicate, Rule, RuleSet, Selector, Subject, Test, template};
use crate::diagnostic::{Diagnostic, Related, Severity};
use crate::i18n::{Lang, Text};
use crate::schema::{RULE_SCHEMA, Schema};
use crate::source::Source;
use crate::yaml::{self, Document, Limits};

include!(concat!(env!("OUT_DIR"), "/rules.rs"));
include!(concat!(env!("OUT_DIR"), "/rules_json.rs"));

pub const CODE: &str = "rule-file";
pub const NAME: &str = "invalid-rule";

/// A rule file that could not be loaded, with diagnostics pointing into it.
#[derive(Debug)]
pub struct RuleFileError {
    pub source: Source,
    pub diagnostics: Vec<Diagnostic>,
}

/// The rule-file schema, compiled once.
pub fn rule_schema() -> &'static Schema {
    static RULE: OnceLock<Schema> = OnceLock::new();
    RULE.get_or_init(|| {
        let json =
            serde_json::from_str(RULE_SCHEMA).expect("schemas/rule.schema.json is valid JSON");
        Schema::compile(json)
            .expect("schemas/rule.schema.json is a valid schema")
            .with_code(CODE, NAME)
    })
}

/// The rules embedded from `rules/`.
pub fn builtin(lang: Lang) -> Result<RuleSet, Vec<RuleFileError>> {
    from_sources(builtin_sources(), lang)
}

/// The path built-in rule sources carry, so that the loader can tell them apart.
pub const BUILTIN_PATH: &str = "<built-in>";

/// The embedded rule files as sources.
pub fn builtin_sources() -> Vec<Source> {
    BUILTIN_RULES
        .iter()
        .map(|(name, text)| Source::from_text_at(*name, BUILTIN_PATH, *text))
        .collect()
}

/// Values given to rule parameters (e.g. from `pip-lint.toml`): for a
/// rule's code and name, the parameters to override.
pub type ParamValues<'a> = &'a (dyn Fn(&str, &str) -> Vec<(String, Value)> + Sync);

/// The rule files of `dir` (`*.yaml`, `*.yml`, not recursive), in name order.
pub fn read_dir(dir: &Path) -> std::io::Result<Vec<Source>> {
    let mut paths: Vec<_> = std::fs::read_dir(dir)?
        .filter_map(Result::ok)
        .map(|e| e.path())
        .filter(|p| p.is_file() && crate::walk::has_yaml_extension(p))
        .collect();
    paths.sort();
    paths
        .into_iter()
        .map(|p| {
            let bytes = std::fs::read(&p)?;
            Ok(Source::from_bytes(p.display().to_string(), &p, bytes))
        })
        .collect()
}

/// Loads rules from sources; all errors of all files are collected.
pub fn from_sources(sources: Vec<Source>, lang: Lang) -> Result<RuleSet, Vec<RuleFileError>> {
    from_sources_with(sources, lang, &|_, _| Vec::new())
}

/// Loads rules from sources with parameter values; all errors of all files are collected.
pub fn from_sources_with(
    sources: Vec<Source>,
    lang: Lang,
    params: ParamValues<'_>,
) -> Result<RuleSet, Vec<RuleFileError>> {
    let mut rules: Vec<Rule> = Vec::new();
    let mut errors = Vec::new();
    let mut seen: HashMap<String, (usize, String)> = HashMap::new();
    let mut loaded = Vec::new();
    // Rule files are independent: load them in parallel, keeping their order.
    let results: Vec<_> = sources
        .into_par_iter()
        .map(|source| {
            let result = if source.path.as_os_str() == BUILTIN_PATH {
                super::lazy_regex::trusted(|| load_rule_with(&source, lang, params))
            } else {
                load_rule_with(&source, lang, params)
            };
            (result, source)
        })
        .collect();
    for (result, source) in results {
        match result {
            Ok((rule, doc)) => loaded.push((rule, doc, source)),
            Err(diagnostics) => errors.push(RuleFileError {
                source,
                diagnostics,
            }),
        }
    }
    // Duplicate codes and names: the later file is in error, pointing at the earlier one.
    let mut firsts: Vec<(Source, Document)> = Vec::new();
    for (rule, doc, source) in loaded {
        let mut dups = Vec::new();
        // The document's own codes (S001–S005) keep their names too.
        if let Some((code, _)) = super::DOCUMENT_CODES
            .iter()
            .find(|(_, name)| *name == rule.name)
        {
            let ptr = "/name";
            dups.push(Diagnostic::new(
                CODE,
                NAME,
                Severity::Error,
                ptr,
                doc.spans.locate(ptr).1,
                match lang {
                    Lang::Es => format!("el nombre `{}` es el de {code}", rule.name),
                    Lang::En => format!("the name `{}` is {code}'s", rule.name),
                },
            ));
        }
        for (field, value) in [("code", rule.code.clone()), ("name", rule.name.clone())] {
            if let Some((first, _)) = seen.get(&format!("{field}:{value}")) {
                let (fsrc, fdoc) = &firsts[*first];
                let ptr = format!("/{field}");
                let here = doc.spans.locate(&ptr).1;
                let msg = match lang {
                    Lang::Es => format!("el {field} `{value}` ya lo usa {}", fsrc.name),
                    Lang::En => format!("the {field} `{value}` is already used by {}", fsrc.name),
                };
                // A built-in rule comes precompiled, without spans: read them
                // from its text, on this error path only.
                let first_range = if fdoc.spans.len() == 1 {
                    crate::yaml::load(fsrc, &crate::yaml::Limits::default(), lang)
                        .document
                        .map(|d| d.spans.locate(&ptr).1)
                        .unwrap_or_default()
                } else {
                    fdoc.spans.locate(&ptr).1
                };
                let related = Related::elsewhere(
                    fsrc,
                    ptr.clone(),
                    first_range,
                    lang.pick("primera definición", "first defined here"),
                );
                dups.push(
                    Diagnostic::new(CODE, NAME, Severity::Error, ptr, here, msg)
                        .with_related(related),
                );
            }
        }
        if dups.is_empty() {
            let idx = firsts.len();
            seen.insert(format!("code:{}", rule.code), (idx, rule.origin.clone()));
            seen.insert(format!("name:{}", rule.name), (idx, rule.origin.clone()));
            rules.push(rule);
            firsts.push((source, doc));
        } else {
            errors.push(RuleFileError {
                source,
                diagnostics: dups,
            });
        }
    }
    if errors.is_empty() {
        rules.sort_by(|a, b| a.code.cmp(&b.code));
        Ok(RuleSet { rules })
    } else {
        Err(errors)
    }
}

struct Ctx<'a> {
    doc: &'a Document,
    source: &'a Source,
    errors: Vec<Diagnostic>,
}

impl Ctx<'_> {
    fn error(&mut self, pointer: &str, message: String) {
        let range = self.source.clamp(self.doc.spans.locate(pointer).1);
        self.errors.push(Diagnostic::new(
            CODE,
            NAME,
            Severity::Error,
            pointer,
            range,
            message,
        ));
    }
}

/// The fixed parts of the absolute paths (`$.a.b[0]…`) named in any string
/// under `values`, as JSON Pointers (`/a/b/0`), sorted and without repeats.
fn reads(values: &[&Value]) -> Vec<String> {
    // Texts for people (messages, help, labels, reasons) read no data: skipped.
    fn strings<'v>(v: &'v Value, out: &mut Vec<&'v str>) {
        match v {
            Value::String(s) if s.contains('$') => out.push(s),
            Value::Array(items) => items.iter().for_each(|i| strings(i, out)),
            Value::Object(map) => map
                .iter()
                .filter(|(k, _)| {
                    !matches!(
                        k.as_str(),
                        "message" | "messages" | "help" | "label" | "because"
                    )
                })
                .for_each(|(_, i)| strings(i, out)),
            _ => {}
        }
    }
    let mut texts = Vec::new();
    values.iter().for_each(|v| strings(v, &mut texts));
    let mut out: Vec<String> = Vec::new();
    for text in texts {
        let b = text.as_bytes();
        let mut i = 0;
        while let Some(at) = text[i..].find('$').map(|a| a + i) {
            let mut pointer = String::new();
            let mut j = at + 1;
            loop {
                match b.get(j) {
                    Some(b'.') if b.get(j + 1) != Some(&b'.') => {
                        let end = b[j + 1..]
                            .iter()
                            .position(|c| !(c.is_ascii_alphanumeric() || *c == b'_'))
                            .map_or(b.len(), |e| j + 1 + e);
                        if end == j + 1 {
                            break;
                        }
                        pointer.push('/');
                        pointer.push_str(&text[j + 1..end]);
                        j = end;
                    }
                    Some(b'[') => {
                        let digits = b[j + 1..].iter().take_while(|c| c.is_ascii_digit()).count();
                        if digits == 0 || b.get(j + 1 + digits) != Some(&b']') {
                            break;
                        }
                        pointer.push('/');
                        pointer.push_str(&text[j + 1..j + 1 + digits]);
                        j += digits + 2;
                    }
                    _ => break,
                }
            }
            if !pointer.is_empty() {
                out.push(pointer);
            }
            i = at + 1;
        }
    }
    out.sort();
    out.dedup();
    out
}

fn text(v: &Value) -> Text {
    serde::Deserialize::deserialize(v).unwrap_or_default()
}

fn opt_text(v: Option<&Value>) -> Option<Text> {
    v.map(text)
}

fn list(v: Option<&Value>) -> Vec<(usize, &Value)> {
    match v {
        Some(Value::Array(a)) => a.iter().enumerate().collect(),
        Some(other) => vec![(usize::MAX, other)],
        None => Vec::new(),
    }
}

fn item_ptr(base: &str, i: usize) -> String {
    if i == usize::MAX {
        base.to_string()
    } else {
        format!("{base}/{i}")
    }
}

/// Loads one rule file.
pub fn load_rule(source: &Source, lang: Lang) -> Result<(Rule, Document), Vec<Diagnostic>> {
    load_rule_with(source, lang, &|_, _| Vec::new())
}

/// Replaces `${name}` in every string under `v` by the parameter's value:
/// a string that is exactly `${name}` takes the value as is (a number, a
/// list, a table); inside a longer string the value's text is spliced in.
fn substitute(
    v: &mut Value,
    params: &[(String, Value)],
    pointer: &str,
    unknown: &mut Vec<(String, String)>,
) {
    match v {
        Value::String(s) if s.contains("${") => {
            if let Some(name) = s.strip_prefix("${").and_then(|r| r.strip_suffix('}'))
                && !name.contains("${")
            {
                match params.iter().find(|(n, _)| n == name) {
                    Some((_, value)) => *v = value.clone(),
                    None => unknown.push((pointer.to_string(), name.to_string())),
                }
                return;
            }
            let mut out = String::new();
            let mut rest = s.as_str();
            while let Some(i) = rest.find("${") {
                out.push_str(&rest[..i]);
                let Some(end) = rest[i..].find('}') else {
                    break;
                };
                let name = &rest[i + 2..i + end];
                match params.iter().find(|(n, _)| n == name) {
                    Some((_, Value::String(t))) => out.push_str(t),
                    Some((_, other)) => out.push_str(&other.to_string()),
                    None => unknown.push((pointer.to_string(), name.to_string())),
                }
                rest = &rest[i + end + 1..];
            }
            out.push_str(rest);
            *s = out;
        }
        Value::Array(items) => {
            for (i, item) in items.iter_mut().enumerate() {
                substitute(item, params, &format!("{pointer}/{i}"), unknown);
            }
        }
        Value::Object(map) => {
            for (k, item) in map.iter_mut() {
                substitute(
                    item,
                    params,
                    &crate::yaml::child_pointer(pointer, k),
                    unknown,
                );
            }
        }
        _ => {}
    }
}

/// Loads one rule file, with values for its parameters.
pub fn load_rule_with(
    source: &Source,
    lang: Lang,
    param_values: ParamValues<'_>,
) -> Result<(Rule, Document), Vec<Diagnostic>> {
    // A built-in rule converted to JSON when the binary was built needs no YAML parsing.
    if let Some(doc) = precompiled(source) {
        return build_rule(source, lang, param_values, doc);
    }
    let loaded = yaml::load(source, &Limits::default(), lang);
    let retag = |mut d: Diagnostic| {
        d.code = CODE.to_string();
        d.name = NAME.to_string();
        // The loader's word on what the root must be is a study's.
        for (study, rule) in [
            (
                "un estudio es un mapeo con la clave `pip_study`",
                "un archivo de regla es un mapeo (`pip-lint schema rule`)",
            ),
            (
                "a study is a mapping with the key `pip_study`",
                "a rule file is a mapping (`pip-lint schema rule`)",
            ),
        ] {
            d.message = d.message.replace(study, rule);
        }
        d
    };
    let diagnostics: Vec<Diagnostic> = loaded.diagnostics.into_iter().map(retag).collect();
    let Some(raw) = loaded.document else {
        return Err(diagnostics);
    };
    if !diagnostics.is_empty() {
        return Err(diagnostics);
    }
    build_rule(source, lang, param_values, raw)
}

/// The JSON of a built-in rule, when `build.rs` could convert it.
fn precompiled(source: &Source) -> Option<Document> {
    if source.path.as_os_str() != BUILTIN_PATH {
        return None;
    }
    let index = BUILTIN_RULES
        .iter()
        .position(|(name, _)| *name == source.name)?;
    let json = BUILTIN_RULES_JSON.get(index).filter(|j| !j.is_empty())?;
    let value = serde_json::from_str(json).ok()?;
    Some(Document {
        value,
        spans: Default::default(),
        rejected: Vec::new(),
        comments: Vec::new(),
    })
}

/// Builds a rule from its parsed document: parameters, validation, compilation.
fn build_rule(
    source: &Source,
    lang: Lang,
    param_values: ParamValues<'_>,
    raw: Document,
) -> Result<(Rule, Document), Vec<Diagnostic>> {
    let mut diagnostics: Vec<Diagnostic> = Vec::new();
    // Parameters: declared defaults, overridden by the values given (e.g.
    // pip-lint.toml), substituted before validation so that `max: ${max}`
    // is checked as the number it stands for.
    let mut params: Vec<(String, Value)> = raw.value["params"]
        .as_object()
        .map(|m| {
            m.iter()
                .map(|(k, p)| (k.clone(), p.get("default").cloned().unwrap_or(Value::Null)))
                .collect()
        })
        .unwrap_or_default();
    for (name, value) in param_values(
        raw.value["code"].as_str().unwrap_or_default(),
        raw.value["name"].as_str().unwrap_or_default(),
    ) {
        // A value that does not fit is left out here; the configuration's
        // check says so, at its own line (`Config::check_rules`).
        if let Some(slot) = params.iter_mut().find(|(n, _)| *n == name)
            && super::param_fits(&slot.1, &value)
        {
            slot.1 = value;
        }
    }
    // The built-in rules are checked by the tests as a user's rules would be
    // (every_builtin_rule_follows_the_rule_schema): a normal run skips the
    // checks (schema, placeholders, unknown parameters) and, for a rule
    // without parameters, the substitution.
    let trusted = source.path.as_os_str() == BUILTIN_PATH;
    let Document {
        mut value, spans, ..
    } = raw;
    let mut unknown = Vec::new();
    if !trusted || !params.is_empty() {
        for key in ["when", "given", "then"] {
            if let Some(part) = value.get_mut(key) {
                substitute(part, &params, &format!("/{key}"), &mut unknown);
            }
        }
    }
    let doc = Document {
        value,
        spans,
        rejected: Vec::new(),
        comments: Vec::new(),
    };
    if !trusted {
        // A value that is an unknown `${parameter}` is reported as that,
        // not also as a string where the schema wants a number.
        diagnostics.extend(
            rule_schema()
                .check(&doc, source, lang)
                .into_iter()
                .filter(|d| !unknown.iter().any(|(ptr, _)| *ptr == d.pointer)),
        );
    }
    let mut cx = Ctx {
        doc: &doc,
        source,
        errors: Vec::new(),
    };
    for (ptr, name) in unknown {
        let declared: Vec<&str> = params.iter().map(|(n, _)| n.as_str()).collect();
        let declared = if declared.is_empty() {
            "none".to_string()
        } else {
            declared.join(", ")
        };
        cx.error(
            &ptr,
            format!("`${{{name}}}` is not a parameter of this rule (declared: {declared})"),
        );
    }
    diagnostics.append(&mut cx.errors);
    if !diagnostics.is_empty() {
        return Err(diagnostics);
    }
    let v = &doc.value;
    let severity =
        Severity::parse(v["severity"].as_str().unwrap_or_default()).unwrap_or(Severity::Error);
    let message = text(&v["message"]);
    let when = predicates(&mut cx, "/when", v.get("when"));
    let given_default = selectors(&mut cx, "/given", v.get("given"));
    let mut checks = Vec::new();
    // The placeholder sets of the findings the rule's message and help may render.
    let mut rule_message_sets: Vec<Vec<&'static str>> = Vec::new();
    let mut rule_help_sets: Vec<Vec<&'static str>> = Vec::new();
    let mut unbuilt = false;
    for (i, c) in list(v.get("then")) {
        let base = item_ptr("/then", i);
        let given = match c.get("given") {
            Some(g) => selectors(&mut cx, &format!("{base}/given"), Some(g)),
            None => given_default
                .iter()
                .map(|s| Selector::new(&s.text, s.path.clone()))
                .collect(),
        };
        let field =
            c.get("field")
                .and_then(Value::as_str)
                .and_then(|f| match FieldPath::parse(f) {
                    Ok(p) => Some(p),
                    Err(e) => {
                        cx.error(&format!("{base}/field"), format!("invalid field path: {e}"));
                        None
                    }
                });
        let name = c["function"].as_str().unwrap_or_default();
        let empty = Value::Object(Default::default());
        let options = c.get("options").unwrap_or(&empty);
        let function = match Function::build(name, options) {
            Ok(f) => f,
            Err(e) => {
                let ptr = format!("{base}/options{}", e.path);
                cx.error(&ptr, format!("invalid options for `{name}`: {}", e.message));
                // Its placeholders are unknown: the rule's own message is not checked against them.
                unbuilt = true;
                continue;
            }
        };
        let messages: HashMap<String, Text> = c
            .get("messages")
            .and_then(Value::as_object)
            .map(|m| m.iter().map(|(k, t)| (k.clone(), text(t))).collect())
            .unwrap_or_default();
        let check_message = opt_text(c.get("message"));
        // Templates may only use the placeholders the function provides.
        let kinds = function.messages();
        for kind in messages.keys() {
            if !kinds.iter().any(|(k, _, _)| k == kind) {
                let known: Vec<&str> = kinds.iter().map(|(k, _, _)| *k).collect();
                cx.error(
                    &format!("{base}/messages/{kind}"),
                    format!(
                        "`{name}` reports no finding `{kind}` (it reports: {})",
                        known.join(", ")
                    ),
                );
            }
        }
        // A template may use only what every finding it renders fills in:
        // `messages.<kind>` that kind's placeholders; the check's `message`
        // those of every kind `messages` leaves to it; `help` and `label`
        // (rendered for every finding of the check) those of every kind.
        let reported = function.reported();
        let of = |k: &str| -> Vec<&'static str> {
            kinds
                .iter()
                .find(|(kind, _, _)| *kind == k)
                .map(|(_, _, p)| p.to_vec())
                .unwrap_or_default()
        };
        let left_to_message: Vec<Vec<&'static str>> = reported
            .iter()
            .filter(|(k, _, _)| !messages.contains_key(*k))
            .map(|(_, _, p)| p.to_vec())
            .collect();
        let every_kind: Vec<Vec<&'static str>> =
            reported.iter().map(|(_, _, p)| p.to_vec()).collect();
        let help = opt_text(c.get("help"));
        let label = opt_text(c.get("label"));
        if !trusted {
            let mut templates: Vec<(String, &Text, Vec<&str>)> = messages
                .iter()
                .map(|(k, t)| (format!("{base}/messages/{k}"), t, of(k)))
                .collect();
            if let Some(t) = &check_message {
                templates.push((format!("{base}/message"), t, common(&left_to_message)));
            }
            if let Some(h) = &help {
                templates.push((format!("{base}/help"), h, common(&every_kind)));
            }
            if let Some(l) = &label {
                templates.push((format!("{base}/label"), l, common(&every_kind)));
            }
            for (ptr, t, allowed) in templates {
                check_template(&mut cx, &ptr, t, &allowed);
            }
        }
        // The rule's message renders the findings no `message` of the check
        // takes; the rule's help, every finding of a check without its own.
        if check_message.is_none() {
            rule_message_sets.extend(left_to_message);
        }
        if help.is_none() {
            rule_help_sets.extend(every_kind);
        }
        let check_when = predicates(&mut cx, &format!("{base}/when"), c.get("when"));
        checks.push(Check {
            given,
            field,
            function,
            severity: c
                .get("severity")
                .and_then(Value::as_str)
                .and_then(Severity::parse),
            message: check_message,
            messages,
            help,
            label,
            when: check_when,
        });
    }
    // The rule's message serves every check that has none of its own.
    // A rule message or help that no finding renders (every check has its
    // own) is only checked for well-formed braces.
    if !unbuilt && !trusted {
        let fallback = |sets: &[Vec<&'static str>]| {
            if sets.is_empty() {
                None
            } else {
                Some(common(sets))
            }
        };
        check_template_or_syntax(&mut cx, "/message", &message, fallback(&rule_message_sets));
        if let Some(h) = opt_text(v.get("help")) {
            check_template_or_syntax(&mut cx, "/help", &h, fallback(&rule_help_sets));
        }
    }
    if !cx.errors.is_empty() {
        return Err(cx.errors);
    }
    let rule = Rule {
        code: v["code"].as_str().unwrap_or_default().to_string(),
        name: v["name"].as_str().unwrap_or_default().to_string(),
        severity,
        criterion: v["criterion"].as_str().unwrap_or_default().to_string(),
        title: text(&v["title"]),
        message,
        explanation: text(&v["explanation"]),
        help: opt_text(v.get("help")),
        origin: source.name.clone(),
        when,
        checks,
        reads: reads(&[&v["when"], &v["then"]]),
        configured_from: None,
        params: params
            .into_iter()
            .map(|(name, value)| {
                let description = text(&doc.value["params"][&name]["description"]);
                let default = doc.value["params"][&name]["default"].clone();
                Param {
                    name,
                    default,
                    value,
                    description,
                }
            })
            .collect(),
    };
    Ok((rule, doc))
}

/// The placeholders every one of `sets` has.
fn common(sets: &[Vec<&'static str>]) -> Vec<&'static str> {
    let Some((first, rest)) = sets.split_first() else {
        return Vec::new();
    };
    first
        .iter()
        .copied()
        .filter(|p| rest.iter().all(|s| s.contains(p)))
        .collect()
}

/// [`check_template`] with `allowed`, or only the braces without it.
fn check_template_or_syntax(
    cx: &mut Ctx<'_>,
    ptr: &str,
    t: &Text,
    allowed: Option<Vec<&'static str>>,
) {
    match allowed {
        Some(allowed) => check_template(cx, ptr, t, &allowed),
        None => {
            for (lang_key, s) in [("es", &t.es), ("en", &t.en)] {
                if let Err(at) = template::placeholders(s) {
                    cx.error(
                        &format!("{ptr}/{lang_key}"),
                        format!(
                            "malformed placeholder at byte {at}; write `{{{{` for a literal brace"
                        ),
                    );
                }
            }
        }
    }
}

/// Checks that a template only uses placeholders in `allowed`.
fn check_template(cx: &mut Ctx<'_>, ptr: &str, t: &Text, allowed: &[&str]) {
    let mut allowed = allowed.to_vec();
    allowed.sort_unstable();
    allowed.dedup();
    for (lang_key, s) in [("es", &t.es), ("en", &t.en)] {
        match template::placeholders(s) {
            Ok(names) => {
                // `{at.FIELD}` reads the study, whatever the function.
                let own = |n: &&str| allowed.contains(n) || n.starts_with(template::AT);
                for n in names.into_iter().filter(|n| !own(n)) {
                    let known: Vec<String> = allowed.iter().map(|a| format!("{{{a}}}")).collect();
                    let available = if known.is_empty() {
                        "none: the findings this text serves share no placeholder".to_string()
                    } else {
                        known.join(", ")
                    };
                    cx.error(
                        &format!("{ptr}/{lang_key}"),
                        format!("unknown placeholder `{{{n}}}` (available here: {available})"),
                    );
                }
            }
            Err(at) => cx.error(
                &format!("{ptr}/{lang_key}"),
                format!("malformed placeholder at byte {at}; write `{{{{` for a literal brace"),
            ),
        }
    }
}

fn selectors(cx: &mut Ctx<'_>, base: &str, v: Option<&Value>) -> Vec<Selector> {
    let mut out = Vec::new();
    for (i, s) in list(v) {
        let text = s.as_str().unwrap_or_default();
        match serde_json_path::JsonPath::parse(text) {
            Ok(path) => out.push(Selector::new(text, path)),
            Err(e) => cx.error(
                &item_ptr(base, i),
                format!("invalid JSONPath selector (RFC 9535): {e}"),
            ),
        }
    }
    out
}

fn predicates(cx: &mut Ctx<'_>, base: &str, v: Option<&Value>) -> Vec<Predicate> {
    let mut out = Vec::new();
    for (i, p) in list(v) {
        let ptr = item_ptr(base, i);
        // One subject and one test per condition: a second one would be
        // dropped in silence (write one condition per test; all must hold).
        let tests: Vec<&str> = [
            "equals",
            "not_equals",
            "in",
            "non_empty",
            "exists",
            "matches",
            "not_matches",
        ]
        .into_iter()
        .filter(|k| p.get(*k).is_some())
        .chain((p.get("min").is_some() || p.get("max").is_some()).then_some("min/max"))
        .collect();
        if tests.len() > 1 {
            cx.error(
                &ptr,
                format!(
                    "a condition takes one test, this one has {}: write one condition per test (all of them must hold)",
                    tests.join(", ")
                ),
            );
            continue;
        }
        match (p.get("path").is_some(), p.get("value").is_some()) {
            (true, true) => {
                cx.error(
                    &ptr,
                    "a condition takes `path` or `value`, not both".to_string(),
                );
                continue;
            }
            (false, false) => {
                cx.error(
                    &ptr,
                    "a condition needs `path` (a field) or `value` (an expression)".to_string(),
                );
                continue;
            }
            _ => {}
        }
        let text = p
            .get("value")
            .or_else(|| p.get("path"))
            .map(|v| v.as_str().map_or_else(|| v.to_string(), str::to_string))
            .unwrap_or_default();
        let subject = if let Some(expr) = p.get("value") {
            match super::functions::parse_expr(&format!("{ptr}/value"), expr) {
                Ok(e) => Subject::Value(e),
                Err(e) => {
                    cx.error(&e.path, format!("invalid expression: {}", e.message));
                    continue;
                }
            }
        } else {
            match FieldPath::parse(p["path"].as_str().unwrap_or_default()) {
                Ok(path) => Subject::Path(path),
                Err(e) => {
                    cx.error(&format!("{ptr}/path"), format!("invalid path: {e}"));
                    continue;
                }
            }
        };
        let test = if let Some(v) = p.get("equals") {
            Test::Equals(v.clone())
        } else if let Some(v) = p.get("not_equals") {
            Test::NotEquals(v.clone())
        } else if let Some(Value::Array(v)) = p.get("in") {
            Test::In(v.clone())
        } else if let Some(b) = p.get("non_empty").and_then(Value::as_bool) {
            Test::NonEmpty(b)
        } else if let Some(b) = p.get("exists").and_then(Value::as_bool) {
            Test::Exists(b)
        } else if let Some((re, expect)) = p
            .get("matches")
            .map(|r| (r, true))
            .or_else(|| p.get("not_matches").map(|r| (r, false)))
            .and_then(|(r, e)| r.as_str().map(|r| (r, e)))
        {
            let key = if expect { "matches" } else { "not_matches" };
            match super::functions::compile_regex(re, true) {
                Ok(re) => Test::Matches(re, expect),
                Err(e) => {
                    cx.error(
                        &format!("{ptr}/{key}"),
                        format!("invalid regular expression: {e}"),
                    );
                    continue;
                }
            }
        } else if p.get("min").is_some() || p.get("max").is_some() {
            Test::Range {
                min: p.get("min").and_then(Value::as_f64),
                max: p.get("max").and_then(Value::as_f64),
            }
        } else {
            cx.error(
                &ptr,
                "a condition needs one test: equals, not_equals, in, non_empty, exists, matches, not_matches, or min/max"
                    .to_string(),
            );
            continue;
        };
        let because = opt_text(p.get("because"));
        if let Some(t) = &because {
            check_template(cx, &format!("{ptr}/because"), t, &["value"]);
        }
        out.push(Predicate {
            subject,
            test,
            text,
            because,
        });
    }
    out
}
