//! Rules as data: one YAML file per rule under `rules/`, each one minimum
//! criterion of the guide. A rule selects nodes (`given`, RFC 9535 JSONPath)
//! and runs check functions on them (`then`); this module loads rules
//! ([`load`]), runs them on a document ([`RuleSet::check`]) and judges the
//! facts that need every file of the run ([`RuleSet::cross`]).

pub mod applies;
pub mod expr;
pub mod functions;
pub mod lazy_regex;
pub mod load;
pub mod selector;
pub mod template;
pub mod text;

use std::collections::HashMap;

use serde_json::Value;

use crate::diagnostic::{Diagnostic, Related, Severity};
use crate::i18n::{Lang, Text};
use crate::source::{Position, Source};
use crate::yaml::Document;
use expr::{Found, Path, Scope};
use functions::{At, Cx, Finding, Function};

/// A compiled JSONPath selector with its text.
#[derive(Debug)]
pub struct Selector {
    pub text: String,
    pub path: serde_json_path::JsonPath,
    /// The selector's steps when it is a plain path (see [`selector`]).
    pub steps: Option<Vec<selector::Step>>,
}

/// A condition on the study (rule- or check-level `when`): a `path` with
/// one test, or a numeric `value` expression with `min` and/or `max`.
#[derive(Debug)]
pub struct Predicate {
    pub subject: Subject,
    pub test: Test,
    /// The subject as the rule file writes it (a path or an expression).
    pub text: String,
    /// Why the condition fails, in words, for the report's *No aplica*
    /// (`because`, with `{value}`); without it, or without a value, the
    /// condition is quoted.
    pub because: Option<crate::i18n::Text>,
}

#[derive(Debug)]
pub enum Subject {
    Path(Path),
    Value(expr::Expr),
}

impl Subject {
    /// What a condition tests: the first node the path finds, or the
    /// expression's value as a number.
    pub fn first<'a>(&self, scope: &Scope<'a>) -> Option<std::borrow::Cow<'a, Value>> {
        match self {
            Subject::Path(path) => path.first(scope).map(std::borrow::Cow::Borrowed),
            Subject::Value(e) => e
                .value(scope)
                .and_then(serde_json::Number::from_f64)
                .map(|n| std::borrow::Cow::Owned(Value::Number(n))),
        }
    }
}

#[derive(Debug)]
pub enum Test {
    Equals(Value),
    NotEquals(Value),
    In(Vec<Value>),
    NonEmpty(bool),
    Exists(bool),
    Range {
        min: Option<f64>,
        max: Option<f64>,
    },
    /// A regular expression tested against the folded text (lower case, no
    /// accents, single spaces) of every value the path finds: true when any
    /// matches (`matches`), or when none does (`not_matches`).
    Matches(lazy_regex::LazyRegex, bool),
}

impl Predicate {
    pub fn holds(&self, cx: &Cx<'_>, scope: &Scope<'_>) -> bool {
        let first = self.subject.first(scope);
        let first = first.as_deref();
        let eq = |v: &Value| first.is_some_and(|f| expr::loose_eq(f, v));
        match &self.test {
            Test::Equals(v) => eq(v),
            Test::NotEquals(v) => !eq(v),
            Test::In(vs) => vs.iter().any(eq),
            Test::Exists(e) => first.is_some_and(|f| !f.is_null()) == *e,
            Test::NonEmpty(e) => first.is_some_and(|f| !functions::is_empty(f)) == *e,
            Test::Matches(re, expect) => {
                // Any value the path finds (each item of a list) may match.
                let matches =
                    |v: &Value| v.as_str().is_some_and(|t| re.is_match(&cx.folded(t).text));
                let any = match &self.subject {
                    Subject::Path(path) => path.values(scope).iter().any(|v| match v {
                        Value::Array(items) => items.iter().any(matches),
                        other => matches(other),
                    }),
                    Subject::Value(_) => false,
                };
                any == *expect
            }
            Test::Range { min, max } => first
                .and_then(Value::as_f64)
                .is_some_and(|x| min.is_none_or(|m| x >= m) && max.is_none_or(|m| x <= m)),
        }
    }
}

/// One `then` entry: a function applied to the selected nodes.
#[derive(Debug)]
pub struct Check {
    pub given: Vec<Selector>,
    pub field: Option<Path>,
    pub function: Function,
    pub severity: Option<Severity>,
    pub message: Option<Text>,
    pub messages: HashMap<String, Text>,
    pub help: Option<Text>,
    pub label: Option<Text>,
    pub when: Vec<Predicate>,
}

/// One rule: a criterion of the guide.
#[derive(Debug)]
pub struct Rule {
    pub code: String,
    pub name: String,
    pub severity: Severity,
    pub criterion: String,
    pub title: Text,
    pub message: Text,
    pub explanation: Text,
    pub help: Option<Text>,
    /// The rule file it came from.
    pub origin: String,
    pub when: Vec<Predicate>,
    pub checks: Vec<Check>,
    /// Declared parameters, with the values in force.
    pub params: Vec<Param>,
    /// Where its conditions and options read the study from the root: the
    /// fixed part (up to the first wildcard or filter) of each absolute path
    /// they name, as JSON Pointers. The report does not call a rule met when
    /// the data there is invalid.
    pub reads: Vec<String>,
    /// The severity its rule file gives, when the configuration set another
    /// (the report says so beside the findings it lowered).
    pub configured_from: Option<Severity>,
}

/// Whether `value` may stand for a parameter whose rule-file value is
/// `default`: the same kind of JSON value, and for a number a finite one,
/// not negative when the default is not (shares, tolerances, caps).
pub fn param_fits(default: &Value, value: &Value) -> bool {
    match (default, value) {
        (Value::Null, _) => true,
        (Value::Number(d), Value::Number(v)) => v
            .as_f64()
            .is_some_and(|v| v.is_finite() && (v >= 0.0 || d.as_f64().is_some_and(|d| d < 0.0))),
        (Value::String(_), Value::String(_))
        | (Value::Bool(_), Value::Bool(_))
        | (Value::Array(_), Value::Array(_))
        | (Value::Object(_), Value::Object(_)) => true,
        _ => false,
    }
}

/// A rule parameter: a policy value (a tolerance, a rate, a range) that
/// `pip-lint.toml` may change without touching the rule file.
#[derive(Debug, Clone)]
pub struct Param {
    pub name: String,
    /// The rule file's own value.
    pub default: Value,
    pub value: Value,
    pub description: Text,
}

impl Rule {
    /// Whether the rule contributes facts to a cross-file check (`unique`),
    /// which other files' findings rest on.
    pub fn is_cross_file(&self) -> bool {
        self.checks
            .iter()
            .any(|c| matches!(c.function, Function::Unique { .. }))
    }

    /// Whether `selector` (a code, a code prefix such as `F` or `F00`, or a name) picks this rule.
    pub fn matches(&self, selector: &str) -> bool {
        selector_matches(selector, &self.code, &self.name)
    }
}

/// Whether a selector (`ALL`, a code, a code prefix such as `F` or `F00`, or a
/// kebab-case name) picks the rule with this code and name.
pub fn selector_matches(selector: &str, code: &str, name: &str) -> bool {
    // `code` starts with `selector` in upper case, compared byte by byte:
    // this runs for every rule on every file, so it allocates nothing.
    selector.eq_ignore_ascii_case("ALL")
        || (code.len() >= selector.len()
            && code
                .bytes()
                .zip(selector.bytes())
                .all(|(c, s)| c == s.to_ascii_uppercase()))
        || name == selector
}

/// The codes of the document itself, which have no rule file: (code, name).
pub const DOCUMENT_CODES: [(&str, &str); 5] = [
    (crate::yaml::CODE, crate::yaml::NAME),
    (crate::schema::CODE, crate::schema::NAME),
    (crate::suppress::REASON_CODE, crate::suppress::REASON_NAME),
    (crate::suppress::UNUSED_CODE, crate::suppress::UNUSED_NAME),
    (crate::placeholder::CODE, crate::placeholder::NAME),
];

/// Whether a diagnostic with this code survives `--select`/`--ignore`.
/// `S001` always does: a file that cannot be read is never passed silently.
pub fn is_selected(code: &str, name: &str, select: &[String], ignore: &[String]) -> bool {
    code == crate::yaml::CODE
        || ((select.is_empty() || select.iter().any(|s| selector_matches(s, code, name)))
            && !ignore.iter().any(|s| selector_matches(s, code, name)))
}

/// A value that must be unique across the run, with where it stands.
#[derive(Debug, Clone)]
pub struct CrossFact {
    pub rule: usize,
    pub check: usize,
    pub key: String,
    pub value: String,
    pub pointer: String,
    pub range: std::ops::Range<usize>,
    pub start: Position,
    pub end: Position,
}

/// (rule, check, folded value) of a cross-file fact.
type GroupKey<'a> = (usize, usize, &'a str);

/// Names already registered in the bank of projects (`--known-names FILE`).
#[derive(Debug)]
pub struct KnownNames {
    pub source: Source,
    /// Folded name → byte range of its line.
    pub names: HashMap<String, std::ops::Range<usize>>,
}

impl KnownNames {
    pub fn parse(source: Source) -> KnownNames {
        let mut names = HashMap::new();
        let mut at = 0;
        for line in source.text.split_inclusive('\n') {
            // A byte-order mark (Windows Notepad, Excel exports) is not part of the first name.
            let trimmed = line.trim_start_matches('\u{feff}').trim();
            if !trimmed.is_empty() && !trimmed.starts_with('#') {
                let start = at + line.find(trimmed).unwrap_or(0);
                names
                    .entry(text::fold(trimmed))
                    .or_insert(start..start + trimmed.len());
            }
            at += line.len();
        }
        KnownNames { source, names }
    }
}

/// The rules of a run.
#[derive(Debug, Default)]
pub struct RuleSet {
    pub rules: Vec<Rule>,
}

/// What running the rules on one document gives.
#[derive(Debug, Default)]
pub struct Outcome {
    pub diagnostics: Vec<Diagnostic>,
    pub cross: Vec<CrossFact>,
    /// Rules that panicked on this document: (code, what the panic said). Their
    /// findings on it are dropped; every other rule's stand.
    pub panics: Vec<(String, String)>,
}

/// What a caught panic said.
pub fn panic_message(panic: &(dyn std::any::Any + Send)) -> String {
    panic
        .downcast_ref::<&str>()
        .map(|s| s.to_string())
        .or_else(|| panic.downcast_ref::<String>().cloned())
        .unwrap_or_default()
}

#[cfg(test)]
thread_local! {
    /// Tests only: the code of a rule made to panic, to test the isolation.
    pub static PANIC_IN: std::cell::RefCell<Option<String>> = const { std::cell::RefCell::new(None) };
}

/// The field `field` of the nearest node that holds it, from the node at
/// `pointer` up to the root, as a message shows it (a text as written, a
/// number as the finding's figures are); `?` when none holds it.
fn field_above(root: &Value, pointer: &str, field: &str) -> String {
    let mut at = pointer;
    loop {
        if let Some(v) = root.pointer(at).and_then(|n| n.get(field)) {
            return match v {
                Value::String(s) => s.clone(),
                Value::Number(n) => n.as_f64().map_or_else(|| n.to_string(), functions::num),
                other => other.to_string(),
            };
        }
        match at.rfind('/') {
            Some(i) => at = &at[..i],
            None => return "?".to_string(),
        }
    }
}

impl RuleSet {
    /// Every regular expression of the rules (to compile them all in tests).
    pub fn regexes(&self) -> Vec<&lazy_regex::LazyRegex> {
        let mut out = Vec::new();
        for rule in &self.rules {
            let preds = rule
                .when
                .iter()
                .chain(rule.checks.iter().flat_map(|c| &c.when));
            out.extend(preds.filter_map(|p| match &p.test {
                Test::Matches(re, _) => Some(re),
                _ => None,
            }));
            out.extend(rule.checks.iter().filter_map(|c| match &c.function {
                Function::Pattern(p) => Some(&p.regex),
                _ => None,
            }));
        }
        out
    }

    pub fn get(&self, code_or_name: &str) -> Option<&Rule> {
        self.rules
            .iter()
            .find(|r| r.code.eq_ignore_ascii_case(code_or_name) || r.name == code_or_name)
    }

    /// Runs every rule on one document. `rejected` are the pointers of
    /// values earlier stages rejected and reported: findings that rest on
    /// them are not reported again.
    pub fn check(
        &self,
        document: &Document,
        source: &Source,
        lang: Lang,
        rejected: &[String],
    ) -> Outcome {
        self.check_only(document, source, lang, rejected, |_| true)
    }

    /// Runs the rules that `run` picks on one document (the others cost nothing).
    pub fn check_only(
        &self,
        document: &Document,
        source: &Source,
        lang: Lang,
        rejected: &[String],
        run: impl Fn(&Rule) -> bool,
    ) -> Outcome {
        let mut out = Outcome::default();
        let root = &document.value;
        let cx = Cx::new(root, &document.spans, source, lang, rejected);
        // Sized for the built-in rules' distinct selectors (106), so that it
        // does not grow entry by entry for each study.
        let mut selected: rustc_hash::FxHashMap<&str, Vec<Found<'_>>> =
            rustc_hash::FxHashMap::with_capacity_and_hasher(128, Default::default());
        let root_scope = Scope {
            root,
            node: root,
            pointer: "",
            vars: &[],
        };
        let mut findings = Vec::new();
        for (ri, rule) in self.rules.iter().enumerate() {
            if !run(rule) {
                continue;
            }
            let (diagnostics, cross) = (out.diagnostics.len(), out.cross.len());
            // Past the cap, a rule's findings on this document are only
            // counted (the first left out kept for its place).
            let mut capped: (usize, Option<Diagnostic>) = (0, None);
            // One rule's bug must not hide the others' findings: a panic drops
            // this rule's findings on this document and is reported.
            let ran = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
                #[cfg(test)]
                PANIC_IN.with(|p| {
                    if p.borrow().as_deref() == Some(rule.code.as_str()) {
                        panic!("injected panic in {}", rule.code);
                    }
                });
                self.check_rule(
                    ri,
                    rule,
                    &cx,
                    &root_scope,
                    &mut selected,
                    &mut findings,
                    document,
                    source,
                    lang,
                    &mut out,
                    (diagnostics, &mut capped),
                );
            }));
            if let Err(panic) = ran {
                out.diagnostics.truncate(diagnostics);
                out.cross.truncate(cross);
                findings.clear();
                out.panics.push((rule.code.clone(), panic_message(&*panic)));
            } else if let (more, Some(first)) = capped {
                let mut d = crate::yaml::left_out(
                    &rule.code,
                    &rule.name,
                    &first.pointer,
                    first.range.clone(),
                    more,
                    lang,
                )
                .with_criterion(&rule.criterion);
                d.severity = first.severity;
                out.diagnostics.push(d);
            }
        }
        out
    }

    #[allow(clippy::too_many_arguments)]
    fn check_rule<'s, 'd>(
        &'s self,
        ri: usize,
        rule: &'s Rule,
        cx: &Cx<'d>,
        root_scope: &Scope<'d>,
        selected: &mut rustc_hash::FxHashMap<&'s str, Vec<Found<'d>>>,
        findings: &mut Vec<Finding>,
        document: &'d Document,
        source: &Source,
        lang: Lang,
        out: &mut Outcome,
        // Where this rule's diagnostics start, and what the cap left out.
        (start, capped): (usize, &mut (usize, Option<Diagnostic>)),
    ) {
        let root = &document.value;
        {
            if !rule.when.iter().all(|p| p.holds(cx, root_scope)) {
                return;
            }
            for (ci, check) in rule.checks.iter().enumerate() {
                for selector in &check.given {
                    // Many checks share a selector: query each once per document.
                    let nodes = selected
                        .entry(selector.text.as_str())
                        .or_insert_with(|| selector.query(root));
                    for node in nodes.iter() {
                        let scope = cx.scope(node);
                        if !check.when.iter().all(|p| p.holds(cx, &scope)) {
                            continue;
                        }
                        let mut run = |target: &Found<'_>| {
                            if let Function::Unique { .. } = check.function {
                                if let Some(s) = target.1.as_str() {
                                    let range = source.clamp(document.spans.locate(&target.0).1);
                                    out.cross.push(CrossFact {
                                        rule: ri,
                                        check: ci,
                                        key: text::fold(s),
                                        value: s.to_string(),
                                        pointer: target.0.clone(),
                                        start: source.position(range.start),
                                        end: source.position(range.end),
                                        range,
                                    });
                                }
                                return;
                            }
                            check.function.run(cx, target, findings);
                        };
                        // Without a field the node itself is the target (no copy of it).
                        match &check.field {
                            Some(field) => field.resolve(&scope).iter().for_each(&mut run),
                            None => run(node),
                        }
                        for f in findings.drain(..) {
                            let rests_on_rejected = cx.is_rejected(&f.pointer)
                                || f.related.iter().any(|(p, _)| cx.is_rejected(p));
                            if rests_on_rejected {
                                continue;
                            }
                            if out.diagnostics.len() - start >= crate::yaml::MAX_REPORTED {
                                capped.0 += 1;
                                if capped.1.is_none() {
                                    capped.1 = Some(
                                        self.diagnostic(rule, check, f, document, source, lang),
                                    );
                                }
                                continue;
                            }
                            out.diagnostics
                                .push(self.diagnostic(rule, check, f, document, source, lang));
                        }
                    }
                }
            }
        }
    }

    fn diagnostic(
        &self,
        rule: &Rule,
        check: &Check,
        f: Finding,
        document: &Document,
        source: &Source,
        lang: Lang,
    ) -> Diagnostic {
        let spans = &document.spans;
        let range = match &f.at {
            At::Value => spans.locate(&f.pointer).1,
            At::Key => spans.anchor(&f.pointer, &source.text),
            At::Bytes(r) => r.clone(),
        };
        let template = message_for(rule, check, f.kind, lang);
        let help = check.help.as_ref().or(rule.help.as_ref());
        // `{at.FIELD}`: read from the study, for the texts that use it.
        let mut at: Vec<(String, String)> = Vec::new();
        let texts = [
            Some(template.as_str()),
            check.label.as_ref().map(|l| l.get(lang)),
            help.map(|h| h.get(lang)),
        ];
        for name in texts
            .into_iter()
            .flatten()
            .flat_map(|t| template::placeholders(t).unwrap_or_default())
        {
            if let Some(field) = name.strip_prefix(template::AT)
                && !at.iter().any(|(k, _)| k == name)
            {
                at.push((
                    name.to_string(),
                    field_above(&document.value, &f.pointer, field),
                ));
            }
        }
        // The finding's own values, and those read for `{at.…}` when there are any.
        let extended: Vec<(&str, String)>;
        let args: &[(&str, String)] = if at.is_empty() {
            &f.args
        } else {
            extended = f
                .args
                .iter()
                .map(|(k, v)| (*k, v.clone()))
                .chain(at.iter().map(|(k, v)| (k.as_str(), v.clone())))
                .collect();
            &extended
        };
        let message = template::render(&template, args);
        let severity = f.severity.or(check.severity).unwrap_or(rule.severity);
        let mut d = Diagnostic::new(
            &rule.code,
            &rule.name,
            severity,
            &f.pointer,
            source.clamp(range),
            message,
        )
        .with_criterion(&rule.criterion);
        if let Some(label) = &check.label {
            d.label = Some(template::render(label.get(lang), args));
        }
        if let Some(help) = help {
            d.help = Some(template::render(help.get(lang), args));
        }
        for (pointer, msg) in f.related {
            let r = spans.locate(&pointer).1;
            d.related.push(Related::here(
                source,
                pointer.clone(),
                r,
                format!("{pointer} = {msg}"),
            ));
        }
        d
    }

    /// Judges the cross-file facts of the whole run: every value shared by
    /// two studies (and every one already in the bank of projects) is
    /// reported at each study, with the others as related places.
    /// `facts` holds, per file, its display name and its facts.
    pub fn cross(
        &self,
        facts: &[(String, Vec<CrossFact>)],
        known: Option<&KnownNames>,
        lang: Lang,
    ) -> Vec<(usize, Diagnostic)> {
        let mut groups: HashMap<GroupKey<'_>, Vec<(usize, &CrossFact)>> = HashMap::new();
        for (fi, (_, list)) in facts.iter().enumerate() {
            for fact in list {
                groups
                    .entry((fact.rule, fact.check, fact.key.as_str()))
                    .or_default()
                    .push((fi, fact));
            }
        }
        let mut out = Vec::new();
        let mut keys: Vec<_> = groups.keys().copied().collect();
        keys.sort();
        for key in keys {
            let members = &groups[&key];
            let rule = &self.rules[key.0];
            let check = &rule.checks[key.1];
            let use_known = matches!(check.function, Function::Unique { known_names: true });
            let known_hit = known
                .filter(|_| use_known)
                .and_then(|k| k.names.get(key.2).map(|r| (k, r.clone())));
            for (fi, fact) in members {
                let others: Vec<&(usize, &CrossFact)> =
                    members.iter().filter(|(oj, _)| oj != fi).collect();
                let mk = |kind: &'static str, other: String| {
                    let args = vec![("value", format!("«{}»", fact.value)), ("other", other)];
                    let template = message_for(rule, check, kind, lang);
                    let mut d = Diagnostic::new(
                        &rule.code,
                        &rule.name,
                        check.severity.unwrap_or(rule.severity),
                        &fact.pointer,
                        fact.range.clone(),
                        template::render(&template, &args),
                    )
                    .with_criterion(&rule.criterion);
                    if let Some(help) = check.help.as_ref().or(rule.help.as_ref()) {
                        d.help = Some(template::render(help.get(lang), &args));
                    }
                    d
                };
                if !others.is_empty() {
                    let names: Vec<&str> =
                        others.iter().map(|(oj, _)| facts[*oj].0.as_str()).collect();
                    let mut d = mk("default", names.join(", "));
                    for (oj, other) in others.iter().take(8) {
                        d.related.push(Related {
                            file: Some(facts[*oj].0.clone()),
                            pointer: other.pointer.clone(),
                            range: other.range.clone(),
                            start: other.start,
                            end: other.end,
                            message: lang
                                .pick(
                                    "el mismo nombre en otro estudio",
                                    "the same name in another study",
                                )
                                .to_string(),
                        });
                    }
                    out.push((*fi, d));
                }
                if let Some((k, r)) = &known_hit {
                    let p = k.source.position(r.start);
                    let mut d = mk("known", format!("{}:{}", k.source.name, p.line));
                    d.related.push(Related::elsewhere(
                        &k.source,
                        "",
                        r.clone(),
                        lang.pick(
                            "registrado en el banco de proyectos",
                            "registered in the bank of projects",
                        ),
                    ));
                    out.push((*fi, d));
                }
            }
        }
        out
    }
}

/// The message template for a finding: the check's message for that kind of
/// finding, else the check's message, else the rule's.
fn message_for(rule: &Rule, check: &Check, kind: &str, lang: Lang) -> String {
    check
        .messages
        .get(kind)
        .or(check.message.as_ref())
        .unwrap_or(&rule.message)
        .get(lang)
        .to_string()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::yaml::{Limits, load as load_yaml};

    fn rule(text: &str) -> RuleSet {
        let source = Source::from_text("rules/X001-x.yaml", text);
        let (rule, _) = load::load_rule(&source, Lang::En).unwrap_or_else(|d| panic!("{d:#?}"));
        RuleSet { rules: vec![rule] }
    }

    fn fire(rules: &RuleSet, study: &str) -> Vec<String> {
        let source = Source::from_text("s.yaml", study);
        let doc = load_yaml(&source, &Limits::default(), Lang::En)
            .document
            .unwrap();
        rules
            .check(&doc, &source, Lang::En, &[])
            .diagnostics
            .into_iter()
            .map(|d| d.pointer)
            .collect()
    }

    const RULE: &str = r#"
code: R901
name: test-rule
severity: error
criterion: "Ley 30885"
title: {es: t, en: t}
message: {es: "{field} falta", en: "{field} missing"}
explanation: {es: e, en: e}
when:
  - {value: "year($.date)", min: 2019}
  - {path: $.share, not_equals: 100}
given: $
then:
  function: required
  options: {fields: [ris]}
"#;

    #[test]
    fn conditions_on_expressions_and_loose_numbers() {
        let rules = rule(RULE);
        assert_eq!(fire(&rules, "date: '2021-01-10'\nshare: 90\n"), [""]);
        assert!(
            fire(&rules, "date: '2016-01-10'\nshare: 90\n").is_empty(),
            "before 2019"
        );
        assert!(
            fire(&rules, "date: '2021-01-10'\nshare: 100.0\n").is_empty(),
            "100.0 equals 100"
        );
        assert!(fire(&rules, "date: '2021-01-10'\nshare: 90\nris: {x: 1}\n").is_empty());
    }

    #[test]
    fn conditions_match_folded_text() {
        let rules = rule(&RULE.replace(
            "  - {path: $.share, not_equals: 100}",
            "  - {path: $.unit, matches: \"^atenciones?$\"}",
        ));
        assert_eq!(fire(&rules, "date: '2021-01-10'\nunit: ATENCIÓNES\n"), [""]);
        assert!(fire(&rules, "date: '2021-01-10'\nunit: atendidos\n").is_empty());
        // not_matches: none of the items of a list matches.
        let none = rule(&RULE.replace(
            "  - {path: $.share, not_equals: 100}",
            "  - {path: $.sources, not_matches: \"censo|inei\"}",
        ));
        assert_eq!(
            fire(&none, "date: '2021-01-10'\nsources: [HIS 2020, DIRESA]\n"),
            [""]
        );
        assert!(
            fire(
                &none,
                "date: '2021-01-10'\nsources: [HIS 2020, Censo INEI 2017]\n"
            )
            .is_empty()
        );
    }

    #[test]
    fn selectors_match_codes_prefixes_and_names() {
        assert!(selector_matches("F", "F003", "land-split"));
        assert!(selector_matches("f00", "F003", "land-split"));
        assert!(selector_matches("land-split", "F003", "land-split"));
        assert!(!selector_matches("F01", "F003", "land-split"));
        assert!(is_selected("S001", "yaml-syntax", &["F".into()], &[]));
        assert!(!is_selected("S002", "schema", &["F".into()], &[]));
        assert!(!is_selected("F003", "land-split", &[], &["F003".into()]));
    }
}
