//! Whether a rule applies to a study, and if not, why (for the evaluator's
//! report): its rule-level `when` conditions, then whether its selectors find
//! anything to examine. Nothing here judges the study; it only says what a
//! rule would look at.
//!
//! A check's own `when` is not read as applicability: it is often part of
//! what the check tests. I007 looks at the sources only when none of them is
//! a health register, so on a study that cites one its `when` is false and
//! the criterion is met, not "not applicable" (tried: it turned such
//! criteria into *No aplica*).

use serde_json::Value;

use super::expr::Scope;
use super::functions::Cx;
use super::{Predicate, Rule, Selector, Test};
use crate::i18n::Lang;
use crate::source::Source;
use crate::yaml::Document;

/// What a rule would examine in a study.
#[derive(Debug, Clone, PartialEq)]
pub enum Applicability {
    /// Its conditions hold; the JSON Pointers of the nodes its checks select.
    Applies(Vec<String>),
    /// A rule-level `when` condition does not hold: which one, and how, in
    /// the user's language (e.g. "`general.nature` es «creacion»").
    Excluded(String),
    /// Its conditions hold but its selectors find nothing; the pointers where
    /// the data would be (as far as the selectors name fixed keys).
    NoData(Vec<String>),
    /// Its conditions hold and the data is there, but no entry is one its
    /// selectors take (`equipment[?@.need == 'reequipamiento']` on a list of
    /// new equipment): the pointers of that data, and the selectors' parts
    /// past them (their filters and wildcards).
    NoneSelected(Vec<String>, Vec<String>),
}

impl Rule {
    /// What this rule would examine in `document`.
    pub fn applicability(&self, document: &Document, source: &Source, lang: Lang) -> Applicability {
        let root = &document.value;
        let cx = Cx::new(root, &document.spans, source, lang, &[]);
        let scope = Scope {
            root,
            node: root,
            pointer: "",
            vars: &[],
        };
        if let Some(p) = self.when.iter().find(|p| !p.holds(&cx, &scope)) {
            return Applicability::Excluded(p.why_not(&scope, lang));
        }
        let selectors = || self.checks.iter().flat_map(|c| &c.given);
        let mut nodes: Vec<String> = selectors()
            .flat_map(|s| s.query(root))
            .map(|(pointer, _)| pointer)
            .collect();
        if nodes.is_empty() {
            let mut at: Vec<String> = selectors().map(Selector::static_pointer).collect();
            at.sort();
            at.dedup();
            let has_data = |p: &str| match root.pointer(p) {
                None | Some(serde_json::Value::Null) => false,
                Some(serde_json::Value::Array(a)) => !a.is_empty(),
                Some(serde_json::Value::Object(o)) => !o.is_empty(),
                Some(_) => true,
            };
            // Data there that a filter turned away: not the same as no data
            // (a wildcard over items that lack the field is missing data).
            let filtered = |s: &Selector| {
                let at = s.static_pointer();
                !at.is_empty() && has_data(&at) && s.past_static().contains("[?")
            };
            if selectors().any(filtered) {
                let mut past: Vec<String> = selectors()
                    .filter(|s| filtered(s))
                    .map(|s| s.past_static().to_string())
                    .collect();
                past.sort();
                past.dedup();
                let mut at: Vec<String> = selectors()
                    .filter(|s| filtered(s))
                    .map(Selector::static_pointer)
                    .collect();
                at.sort();
                at.dedup();
                return Applicability::NoneSelected(at, past);
            }
            return Applicability::NoData(at);
        }
        nodes.sort();
        nodes.dedup();
        Applicability::Applies(nodes)
    }
}

impl Selector {
    /// The selector past its fixed part ([`Selector::static_pointer`]):
    /// `[?@.need == 'x'].name` of `$.a.list[?@.need == 'x'].name`.
    pub fn past_static(&self) -> &str {
        let fixed = self.static_pointer();
        // Walk the text the same number of fixed segments.
        let mut rest = self.text.strip_prefix('$').unwrap_or("");
        for _ in fixed.split('/').skip(1) {
            rest = if let Some(r) = rest.strip_prefix("['") {
                r.find("']").map_or("", |e| &r[e + 2..])
            } else if let Some(r) = rest.strip_prefix('.') {
                &r[r.find(['.', '[']).unwrap_or(r.len())..]
            } else if let Some(r) = rest.strip_prefix('[') {
                r.find(']').map_or("", |e| &r[e + 1..])
            } else {
                rest
            };
        }
        rest
    }

    /// The JSON Pointer of the fixed part of the selector, up to its first
    /// wildcard, filter or descendant segment: `$.formulation.gap[*].projection`
    /// gives `/formulation/gap`.
    pub fn static_pointer(&self) -> String {
        let mut out = String::new();
        let mut rest = self.text.strip_prefix('$').unwrap_or("");
        loop {
            if rest.starts_with("..") {
                break;
            }
            let (name, next) = if let Some(r) = rest.strip_prefix("['") {
                match r.find("']") {
                    Some(end) => (&r[..end], &r[end + 2..]),
                    None => break,
                }
            } else if let Some(r) = rest.strip_prefix('.') {
                let end = r.find(['.', '[']).unwrap_or(r.len());
                (&r[..end], &r[end..])
            } else if let Some(r) = rest.strip_prefix('[') {
                match r.find(']') {
                    Some(end) if r[..end].bytes().all(|b| b.is_ascii_digit()) && end > 0 => {
                        (&r[..end], &r[end + 1..])
                    }
                    _ => break,
                }
            } else {
                break;
            };
            if name.is_empty() || name == "*" {
                break;
            }
            crate::yaml::push_pointer(&mut out, name);
            rest = next;
        }
        out
    }
}

/// A value as a reason shows it: «text», a number, or "absent".
fn shown(v: Option<&Value>, lang: Lang) -> String {
    match v {
        None | Some(Value::Null) => lang.pick("ausente", "absent").to_string(),
        Some(Value::String(s)) => format!("«{s}»"),
        Some(Value::Array(a)) if a.is_empty() => {
            lang.pick("una lista vacía", "an empty list").to_string()
        }
        Some(Value::Array(a)) => format!("{} {}", a.len(), lang.pick("elementos", "items")),
        Some(Value::Object(_)) => lang.pick("un mapeo", "a mapping").to_string(),
        Some(Value::Number(n)) => match n.as_f64() {
            Some(x) if x.fract() == 0.0 && x.abs() < 1e15 => format!("{}", x as i64),
            _ => n.to_string(),
        },
        Some(other) => other.to_string(),
    }
}

fn shown_list(vs: &[Value], lang: Lang) -> String {
    vs.iter()
        .map(|v| shown(Some(v), lang))
        .collect::<Vec<_>>()
        .join(", ")
}

impl Predicate {
    /// Why this condition does not hold on the study, in the user's language.
    pub fn why_not(&self, scope: &Scope<'_>, lang: Lang) -> String {
        let first = self.subject.first(scope);
        let actual = shown(first.as_deref(), lang);
        // The words are about a value; without one, the condition is quoted.
        if let (Some(because), Some(_)) = (&self.because, &first) {
            return super::template::render(because.get(lang), &[("value", actual)]);
        }
        let subject = format!("`{}`", self.text.strip_prefix("$.").unwrap_or(&self.text));
        match &self.test {
            Test::Equals(v) => match lang {
                Lang::Es => format!("{subject} es {actual}, no {}", shown(Some(v), lang)),
                Lang::En => format!("{subject} is {actual}, not {}", shown(Some(v), lang)),
            },
            Test::NotEquals(v) => match lang {
                Lang::Es => format!("{subject} es {}", shown(Some(v), lang)),
                Lang::En => format!("{subject} is {}", shown(Some(v), lang)),
            },
            Test::In(vs) => match lang {
                Lang::Es => format!("{subject} es {actual}, no uno de {}", shown_list(vs, lang)),
                Lang::En => format!("{subject} is {actual}, not one of {}", shown_list(vs, lang)),
            },
            Test::NonEmpty(true) | Test::Exists(true) => match lang {
                Lang::Es => format!("{subject} está vacío o no existe"),
                Lang::En => format!("{subject} is empty or absent"),
            },
            Test::NonEmpty(false) | Test::Exists(false) => match lang {
                Lang::Es => format!("{subject} es {actual}"),
                Lang::En => format!("{subject} is {actual}"),
            },
            Test::Matches(re, expect) => match (lang, expect) {
                (Lang::Es, true) => format!(
                    "{subject} es {actual}, fuera del alcance de la regla (`{}`)",
                    re.as_str()
                ),
                (Lang::En, true) => format!(
                    "{subject} is {actual}, outside the rule's scope (`{}`)",
                    re.as_str()
                ),
                (Lang::Es, false) => {
                    format!(
                        "{subject} es {actual}, que la regla excluye (`{}`)",
                        re.as_str()
                    )
                }
                (Lang::En, false) => {
                    format!(
                        "{subject} is {actual}, which the rule excludes (`{}`)",
                        re.as_str()
                    )
                }
            },
            Test::Range { min, max } => {
                let bound = |b: &Option<f64>| b.map_or_else(|| "…".to_string(), |x| x.to_string());
                match lang {
                    Lang::Es => format!(
                        "{subject} es {actual}, fuera de [{}, {}]",
                        bound(min),
                        bound(max)
                    ),
                    Lang::En => format!(
                        "{subject} is {actual}, outside [{}, {}]",
                        bound(min),
                        bound(max)
                    ),
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::load;
    use crate::yaml::{Limits, load as load_yaml};

    fn doc(text: &str) -> (Source, Document) {
        let source = Source::from_text("s.yaml", text);
        let d = load_yaml(&source, &Limits::default(), Lang::Es)
            .document
            .unwrap_or_else(|| panic!("parses"));
        (source, d)
    }

    /// A rule file with the given `when` lines and selector.
    fn rule_text(when: &str, given: &str) -> String {
        format!(
            "code: G901\nname: x\nseverity: error\ncriterion: '1.1'\ntitle: {{es: t, en: t}}\nmessage: {{es: m, en: m}}\nexplanation: {{es: e, en: e}}\n{when}given: {given}\nthen:\n  function: required\n  options: {{fields: [a]}}\n"
        )
    }

    fn rule(when: &str, given: &str) -> Rule {
        let source = Source::from_text("rules/G901-x.yaml", rule_text(when, given));
        load::load_rule(&source, Lang::Es)
            .unwrap_or_else(|d| panic!("{d:#?}"))
            .0
    }

    #[test]
    fn reads_are_the_fixed_parts_of_absolute_paths() {
        // Conditions and options, up to a wildcard or filter; `given` is
        // left to the nodes it finds, relative paths to those nodes.
        let r = rule(
            "when:\n  - {path: $.general.nature, not_equals: creacion}\n  - {value: 'count($.a.list[?x==1]) + $.a.b[2].c', min: 1}\n",
            "$.formulation.gap[*]",
        );
        assert_eq!(r.reads, ["/a/b/2/c", "/a/list", "/general/nature"]);
        assert!(rule("", "$.x").reads.is_empty());
    }

    /// What `r` would examine in the study `yaml`.
    fn on(r: &Rule, yaml: &str, lang: Lang) -> Applicability {
        let (s, d) = doc(yaml);
        r.applicability(&d, &s, lang)
    }

    #[test]
    fn a_false_condition_says_which_and_how() {
        let r = rule(
            "when: {path: $.general.nature, not_equals: creacion}\n",
            "$.general",
        );
        assert_eq!(
            on(&r, "general: {nature: creacion}\n", Lang::Es),
            Applicability::Excluded("`general.nature` es «creacion»".into())
        );
        let improving = "general: {nature: mejoramiento}\n";
        assert_eq!(
            on(&r, improving, Lang::Es),
            Applicability::Applies(vec!["/general".into()])
        );
        let r = rule("when: {path: $.equipment, non_empty: true}\n", "$.general");
        assert_eq!(
            on(&r, improving, Lang::En),
            Applicability::Excluded("`equipment` is empty or absent".into())
        );
        let r = rule("when: {value: 'year($.date)', min: 2019}\n", "$");
        assert_eq!(
            on(&r, "date: '2016-05-01'\n", Lang::En),
            Applicability::Excluded("`year($.date)` is 2016, outside [2019, …]".into())
        );
    }

    #[test]
    fn a_condition_with_because_says_why_in_words() {
        let r = rule(
            "when:\n  value: 'min($.gap[*])'\n  max: 0\n  because: {es: 'toda brecha es positiva (mínima {value})', en: 'every gap is positive (smallest {value})'}\n",
            "$",
        );
        assert_eq!(
            on(&r, "gap: [49, 120]\n", Lang::Es),
            Applicability::Excluded("toda brecha es positiva (mínima 49)".into())
        );
        assert_eq!(
            on(&r, "gap: [49, 120]\n", Lang::En),
            Applicability::Excluded("every gap is positive (smallest 49)".into())
        );
        assert_eq!(
            on(&r, "gap: [49, -3]\n", Lang::En),
            Applicability::Applies(vec!["".into()])
        );
        // Without a value the words would not fit: the condition is quoted.
        assert_eq!(
            on(&r, "other: 1\n", Lang::En),
            Applicability::Excluded("`min($.gap[*])` is absent, outside […, 0]".into())
        );
    }

    #[test]
    fn a_because_with_an_unknown_placeholder_is_refused_at_its_line() {
        let when = "when:\n  path: $.a\n  exists: true\n  because:\n    es: 'falta {campo}'\n    en: 'missing'\n";
        let source = Source::from_text("rules/G901-x.yaml", rule_text(when, "$"));
        let errors = load::load_rule(&source, Lang::En)
            .err()
            .unwrap_or_else(|| panic!("refused"));
        let e = errors
            .iter()
            .find(|d| d.pointer == "/when/because/es")
            .unwrap_or_else(|| panic!("{errors:#?}"));
        assert!(
            e.message
                .starts_with("unknown placeholder `{campo}` (available here: {value})"),
            "{}",
            e.message
        );
        assert_eq!(source.position(e.range.start).line, 12);
    }

    #[test]
    fn nothing_selected_is_no_data_at_the_fixed_part() {
        let r = rule("", "$.formulation.gap[*].projection");
        assert_eq!(
            on(&r, "formulation: {}\n", Lang::Es),
            Applicability::NoData(vec!["/formulation/gap".into()])
        );
    }

    #[test]
    fn data_that_no_selector_takes_is_none_selected_not_no_data() {
        let r = rule(
            "",
            "$.formulation.equipment[?@.need == 'reequipamiento'].name",
        );
        assert_eq!(
            on(
                &r,
                "formulation: {equipment: [{need: equipamiento, name: x}]}\n",
                Lang::Es
            ),
            Applicability::NoneSelected(
                vec!["/formulation/equipment".into()],
                vec!["[?@.need == 'reequipamiento'].name".into()]
            )
        );
        // An empty list is no data; so are items that lack the field a wildcard asks for.
        assert_eq!(
            on(&r, "formulation: {equipment: []}\n", Lang::Es),
            Applicability::NoData(vec!["/formulation/equipment".into()])
        );
        let w = rule("", "$.formulation.equipment[*].name");
        assert_eq!(
            on(&w, "formulation: {equipment: [{need: x}]}\n", Lang::Es),
            Applicability::NoData(vec!["/formulation/equipment".into()])
        );
    }
}
