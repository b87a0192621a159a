//! Validating a document against a JSON Schema and turning each violation
//! into one clear `S002 schema` diagnostic at the right span.
//!
//! - a wrong type or value points at the value;
//! - an unknown key points at the key, with a suggestion when it looks like a typo;
//! - a missing required key points at its parent and names the key, with the
//!   Spanish title and the guide's section taken from the schema.

use std::ops::Range;
use std::sync::OnceLock;

use jsonschema::error::ValidationErrorKind;
use serde_json::Value;

use crate::diagnostic::{Diagnostic, Severity};
use crate::i18n::Lang;
use crate::source::Source;
use crate::yaml::{Document, child_pointer, json_kind};

pub const CODE: &str = "S002";
pub const NAME: &str = "schema";

/// The study schema, embedded at build time from `schemas/study.schema.json`.
pub const STUDY_SCHEMA: &str = include_str!("../schemas/study.schema.json");
/// The rule-file schema, embedded from `schemas/rule.schema.json`.
pub const RULE_SCHEMA: &str = include_str!("../schemas/rule.schema.json");
/// The schema of `--format json` output, embedded from `schemas/output.schema.json`.
pub const OUTPUT_SCHEMA: &str = include_str!("../schemas/output.schema.json");

/// What validation found.
#[derive(Debug, Default)]
pub struct Checked {
    pub diagnostics: Vec<Diagnostic>,
    /// Pointers of values of the wrong type, pattern, range or enumeration.
    pub rejected: Vec<String>,
    /// Pointers of the data a check cannot rely on: the rejected values, and
    /// where a required key is missing (or misspelt: where it should be).
    /// An unknown key that stands for no required one hides nothing.
    pub unusable: Vec<String>,
}

/// What kind of problem a diagnostic is, for collapsing duplicates.
enum Class {
    Unknown {
        parent: String,
        suggestion: Option<String>,
        /// The key is the second half of a number a comma split
        /// (`{reference: 3,312}`): the mapping's values are not to be trusted.
        split_number: bool,
    },
    Missing {
        key: String,
    },
    Value {
        is_type: bool,
        /// A `pattern` that has a `format` beside it (a date): the format's
        /// message says it better, and one problem is one diagnostic.
        pattern_of_format: bool,
    },
}

/// A compiled schema together with its JSON (for titles and suggestions).
pub struct Schema {
    validator: jsonschema::Validator,
    json: Value,
    code: &'static str,
    name: &'static str,
}

impl std::fmt::Debug for Schema {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Schema")
            .field("code", &self.code)
            .finish_non_exhaustive()
    }
}

impl Schema {
    /// Compiles a schema (draft 2020-12, no remote references, formats checked).
    pub fn compile(json: Value) -> Result<Schema, String> {
        // Patterns with the linear-time `regex` engine (no look-around is needed).
        let validator = jsonschema::options()
            .with_draft(jsonschema::Draft::Draft202012)
            .with_pattern_options(jsonschema::PatternOptions::regex())
            .should_validate_formats(true)
            .build(&json)
            .map_err(|e| e.to_string())?;
        Ok(Schema {
            validator,
            json,
            code: CODE,
            name: NAME,
        })
    }

    /// Reports violations under another code (rule files and configuration
    /// use their own codes so that they never look like study problems).
    pub fn with_code(mut self, code: &'static str, name: &'static str) -> Schema {
        self.code = code;
        self.name = name;
        self
    }

    /// The embedded study schema, compiled once per process.
    pub fn study() -> &'static Schema {
        static STUDY: OnceLock<Schema> = OnceLock::new();
        STUDY.get_or_init(|| {
            let json = serde_json::from_str(STUDY_SCHEMA)
                .expect("schemas/study.schema.json is valid JSON");
            Schema::compile(json).expect("schemas/study.schema.json is a valid schema")
        })
    }

    pub fn json(&self) -> &Value {
        &self.json
    }

    pub fn is_valid(&self, value: &Value) -> bool {
        self.validator.is_valid(value)
    }

    /// Validates `document` and returns one diagnostic per problem, sorted.
    pub fn check(&self, document: &Document, source: &Source, lang: Lang) -> Vec<Diagnostic> {
        self.validate(document, source, lang).diagnostics
    }

    /// Validates `document`: one diagnostic per problem (sorted), and the
    /// pointers of the values the schema rejected, so that later stages do
    /// not build on them.
    pub fn validate(&self, document: &Document, source: &Source, lang: Lang) -> Checked {
        // Most studies are valid: asking only that stops at the first
        // problem and builds no error, several times cheaper than listing.
        if self.validator.is_valid(&document.value) {
            return Checked::default();
        }
        let mut found: Vec<(Class, Diagnostic)> = Vec::new();
        // Past the cap (one more kept, for its place), problems are only
        // counted: an error still to describe, or a key `describe` skips.
        let mut left_out = 0usize;
        let mut first_left_out: Option<Diagnostic> = None;
        for error in self.validator.iter_errors(&document.value) {
            if found.len() > crate::yaml::MAX_REPORTED {
                left_out += 1;
                continue;
            }
            let pointer = error.instance_path().as_str().to_string();
            let schema_path = error.schema_path().as_str().to_string();
            self.describe(
                error.kind(),
                error.instance(),
                &pointer,
                &schema_path,
                document,
                source,
                lang,
                &mut found,
                &mut left_out,
            );
        }
        if found.len() > crate::yaml::MAX_REPORTED {
            let extra = found.split_off(crate::yaml::MAX_REPORTED);
            left_out += extra.len();
            if first_left_out.is_none() {
                first_left_out = extra.into_iter().next().map(|(_, d)| d);
            }
        }
        // One problem, one diagnostic: a value of the wrong type is not also
        // "not an allowed value"; a misspelt required key is not also missing.
        let typed: Vec<String> = found
            .iter()
            .filter(|(c, _)| matches!(c, Class::Value { is_type: true, .. }))
            .map(|(_, d)| d.pointer.clone())
            .collect();
        // The pointers whose format failed too (see `pattern_of_format`).
        let formatted: Vec<String> = found
            .iter()
            .filter(|(c, d)| {
                matches!(
                    c,
                    Class::Value {
                        is_type: false,
                        pattern_of_format: false
                    }
                ) && found.iter().any(|(c2, d2)| {
                    d2.pointer == d.pointer
                        && matches!(
                            c2,
                            Class::Value {
                                pattern_of_format: true,
                                ..
                            }
                        )
                })
            })
            .map(|(_, d)| d.pointer.clone())
            .collect();
        let misspelt: Vec<(String, String)> = found
            .iter()
            .filter_map(|(c, _)| match c {
                Class::Unknown {
                    parent,
                    suggestion: Some(s),
                    ..
                } => Some((parent.clone(), s.clone())),
                _ => None,
            })
            .collect();
        let mut rejected = Vec::new();
        let mut unusable = Vec::new();
        let mut diagnostics = Vec::new();
        for (class, d) in found {
            match &class {
                Class::Value { .. } => unusable.push(d.pointer.clone()),
                Class::Missing { key } => {
                    unusable.push(crate::yaml::child_pointer(&d.pointer, key))
                }
                Class::Unknown {
                    parent,
                    split_number: true,
                    ..
                } => {
                    unusable.push(parent.clone());
                    rejected.push(parent.clone());
                }
                Class::Unknown {
                    parent,
                    suggestion: Some(s),
                    ..
                } => unusable.push(crate::yaml::child_pointer(parent, s)),
                Class::Unknown { .. } => {}
            }
            match &class {
                Class::Value { is_type: false, .. } if typed.contains(&d.pointer) => continue,
                Class::Value {
                    pattern_of_format: true,
                    ..
                } if formatted.contains(&d.pointer) => continue,
                Class::Missing { key }
                    if misspelt.iter().any(|(p, s)| *p == d.pointer && s == key) =>
                {
                    continue;
                }
                Class::Value { .. } => rejected.push(d.pointer.clone()),
                _ => {}
            }
            diagnostics.push(d);
        }
        diagnostics.dedup_by(|a, b| a.pointer == b.pointer && a.message == b.message);
        if let Some(first) = first_left_out {
            diagnostics.push(crate::yaml::left_out(
                CODE,
                NAME,
                &first.pointer,
                first.range,
                left_out,
                lang,
            ));
        }
        crate::diagnostic::sort(&mut diagnostics);
        unusable.sort();
        unusable.dedup();
        Checked {
            diagnostics,
            rejected,
            unusable,
        }
    }

    /// The subschema that describes the instance at `pointer`, walking
    /// `properties` and `items` (and following local `$ref`s), when the
    /// schema is that plain there.
    fn schema_at(&self, pointer: &str) -> Option<&Value> {
        // A few hops at most: local references to `$defs`.
        fn follow<'s>(root: &'s Value, mut node: &'s Value) -> Option<&'s Value> {
            for _ in 0..8 {
                match node.get("$ref").and_then(Value::as_str) {
                    Some(r) => node = root.pointer(r.strip_prefix('#')?)?,
                    None => return Some(node),
                }
            }
            None
        }
        let root = &self.json;
        let mut node = follow(root, root)?;
        for segment in pointer.split('/').skip(1) {
            let segment = segment.replace("~1", "/").replace("~0", "~");
            node = match node.get("properties").and_then(|p| p.get(&segment)) {
                Some(child) => follow(root, child)?,
                None => follow(root, node.get("items")?)?,
            };
        }
        Some(node)
    }

    #[allow(clippy::too_many_arguments)]
    fn describe(
        &self,
        kind: &ValidationErrorKind,
        instance: &Value,
        pointer: &str,
        schema_path: &str,
        document: &Document,
        source: &Source,
        lang: Lang,
        out: &mut Vec<(Class, Diagnostic)>,
        skipped: &mut usize,
    ) {
        let spans = &document.spans;
        // The subschema the failing keyword belongs to.
        let owner_path = schema_path.rsplit_once('/').map_or("", |(p, _)| p);
        let owner = self.json.pointer(owner_path);
        let about = owner.map(describe_node).unwrap_or_default();
        let found = short_value(instance, lang);
        let mk = |ptr: &str, range: Range<usize>, msg: String| {
            Diagnostic::new(
                self.code,
                self.name,
                Severity::Error,
                ptr,
                source.clamp(range),
                msg,
            )
        };
        match kind {
            ValidationErrorKind::AdditionalProperties { unexpected }
            | ValidationErrorKind::UnevaluatedProperties { unexpected } => {
                let allowed: Vec<&str> = owner
                    .and_then(|o| o.get("properties"))
                    .and_then(Value::as_object)
                    .map(|p| p.keys().map(String::as_str).collect())
                    .unwrap_or_default();
                // In the file's order (the schema lists them by name), so
                // that a capped list shows the first ones.
                let mut keys: Vec<(Range<usize>, String, &String)> = unexpected
                    .iter()
                    .map(|key| {
                        let ptr = child_pointer(pointer, key);
                        (spans.key_or_value(&ptr), ptr, key)
                    })
                    .collect();
                keys.sort_by_key(|(range, _, _)| range.start);
                let total = keys.len();
                for (n, (range, ptr, key)) in keys.into_iter().enumerate() {
                    // Past the cap (one more kept, for its place), only counted.
                    if out.len() > crate::yaml::MAX_REPORTED {
                        *skipped += total - n;
                        break;
                    }
                    let msg = match lang {
                        Lang::Es => format!("clave desconocida `{key}`{}", where_(pointer, lang)),
                        Lang::En => format!("unknown key `{key}`{}", where_(pointer, lang)),
                    };
                    let mut d = mk(&ptr, range, msg)
                        .with_label(lang.pick("no está en el esquema", "not in the schema"));
                    let best = suggest(key, &allowed);
                    // `{reference: 3,312}` or `{amount: 448760,5}`: inside braces
                    // the comma split a number, and its second half became a
                    // key with no value. Only there: a block key `123: x` is a
                    // plain unknown key.
                    let in_braces = !pointer.is_empty()
                        && source.text.as_bytes().get(spans.locate(pointer).1.start) == Some(&b'{');
                    let split_number = in_braces
                        && !key.is_empty()
                        && key.bytes().all(|b| b.is_ascii_digit())
                        && instance.get(key.as_str()).is_some_and(Value::is_null);
                    if split_number {
                        let thousands = key.len() == 3;
                        d = d.with_help(match (lang, thousands) {
                            (Lang::Es, true) => format!(
                                "¿un número con separador de miles? Entre llaves la coma separa las entradas: escriba el número sin comas (…{key})"
                            ),
                            (Lang::En, true) => format!(
                                "a number with a thousands separator? Inside braces a comma separates entries: write the number without commas (…{key})"
                            ),
                            (Lang::Es, false) => format!(
                                "¿un número con coma decimal? Entre llaves la coma separa las entradas: escriba el decimal con punto (….{key})"
                            ),
                            (Lang::En, false) => format!(
                                "a number with a decimal comma? Inside braces a comma separates entries: write the decimal with a point (….{key})"
                            ),
                        });
                    } else if let Some(best) = best {
                        d = d.with_help(match lang {
                            Lang::Es => format!("¿quiso decir `{best}`?"),
                            Lang::En => format!("did you mean `{best}`?"),
                        });
                    } else if !allowed.is_empty() {
                        d = d.with_note(match lang {
                            Lang::Es => format!("claves admitidas aquí: {}", allowed.join(", ")),
                            Lang::En => format!("keys allowed here: {}", allowed.join(", ")),
                        });
                    }
                    let class = Class::Unknown {
                        parent: pointer.to_string(),
                        suggestion: best.map(str::to_string),
                        split_number,
                    };
                    out.push((class, d));
                }
            }
            ValidationErrorKind::Required { property } => {
                let key = property.as_str().unwrap_or_default();
                // A conditional `required` (`if`/`then`) has no `properties`
                // of its own: the key is described by the object around it.
                let prop = owner
                    .and_then(|o| o.pointer(&child_pointer("/properties", key)))
                    .or_else(|| {
                        self.schema_at(pointer)
                            .and_then(|o| o.pointer(&child_pointer("/properties", key)))
                    });
                let about = prop.map(describe_node).unwrap_or_default();
                let msg = match lang {
                    Lang::Es => format!(
                        "falta la clave requerida `{key}`{about}{}",
                        where_(pointer, lang)
                    ),
                    Lang::En => format!(
                        "missing required key `{key}`{about}{}",
                        where_(pointer, lang)
                    ),
                };
                let range = spans.anchor(pointer, &source.text);
                let mut d = mk(pointer, range, msg).with_label(match lang {
                    Lang::Es => format!("aquí falta `{key}`"),
                    Lang::En => format!("`{key}` is missing here"),
                });
                if let Some(desc) = prop
                    .and_then(|p| p.get("description"))
                    .and_then(Value::as_str)
                {
                    d = d.with_note(desc.to_string());
                }
                out.push((
                    Class::Missing {
                        key: key.to_string(),
                    },
                    d,
                ));
            }
            _ => {
                let range = spans.locate(pointer).1;
                let (msg, help) = value_problem(kind, instance, &found, owner, lang);
                let msg = format!("{msg}{about}");
                let mut d = mk(pointer, range, msg);
                if let Some(help) = help {
                    d = d.with_help(help);
                }
                if let Some(desc) = owner
                    .and_then(|o| o.get("description"))
                    .and_then(Value::as_str)
                {
                    d = d.with_note(desc.to_string());
                }
                let is_type = matches!(kind, ValidationErrorKind::Type { .. });
                let pattern_of_format = matches!(kind, ValidationErrorKind::Pattern { .. })
                    && owner.is_some_and(|o| o.get("format").is_some());
                out.push((
                    Class::Value {
                        is_type,
                        pattern_of_format,
                    },
                    d,
                ));
            }
        }
    }
}

/// " (Título, §x.y)" from a subschema's title and description.
fn describe_node(node: &Value) -> String {
    let title = node.get("title").and_then(Value::as_str);
    let section = node
        .get("description")
        .and_then(Value::as_str)
        .and_then(section_of);
    match (title, section) {
        (Some(t), Some(s)) => format!(" ({t}, {s})"),
        (Some(t), None) => format!(" ({t})"),
        (None, Some(s)) => format!(" ({s})"),
        (None, None) => String::new(),
    }
}

/// The leading "§3.2.4" of a description, if any.
pub fn section_of(description: &str) -> Option<&str> {
    let start = description.find('§')?;
    let rest = &description[start..];
    let end = rest
        .char_indices()
        .skip(1)
        .find(|(_, c)| !(c.is_ascii_alphanumeric() || *c == '.'))
        .map_or(rest.len(), |(i, _)| i);
    Some(rest[..end].trim_end_matches('.'))
}

fn where_(pointer: &str, lang: Lang) -> String {
    if pointer.is_empty() {
        match lang {
            Lang::Es => " en la raíz del documento".into(),
            Lang::En => " at the root of the document".into(),
        }
    } else {
        match lang {
            Lang::Es => format!(" en `{pointer}`"),
            Lang::En => format!(" in `{pointer}`"),
        }
    }
}

fn short_value(v: &Value, lang: Lang) -> String {
    let s = match v {
        Value::String(s) => match lang {
            Lang::Es => format!("«{s}»"),
            Lang::En => format!("\"{s}\""),
        },
        Value::Array(a) => format!(
            "[{}]",
            match lang {
                Lang::Es => crate::i18n::count(a.len(), "elemento", "elementos"),
                Lang::En => crate::i18n::count(a.len(), "item", "items"),
            }
        ),
        Value::Object(_) => "{…}".to_string(),
        other => other.to_string(),
    };
    if s.chars().count() > 60 {
        format!("{}…", s.chars().take(57).collect::<String>())
    } else {
        s
    }
}

/// A number written the way people write them (`1,048,760`, `1 048 760`,
/// `1.048.760,50`, `0,847`): what it is in YAML's notation, or both
/// readings when a single separator before three digits could be either.
#[derive(Debug, PartialEq)]
enum LocalNumber {
    Is(String),
    Either(String, String),
}

fn local_number(text: &str) -> Option<LocalNumber> {
    let t = text.trim();
    let (sign, body) = t.strip_prefix('-').map_or(("", t), |b| ("-", b));
    if body.is_empty()
        || !body
            .bytes()
            .all(|b| b.is_ascii_digit() || b",. ".contains(&b))
    {
        return None;
    }
    let seps: Vec<(usize, u8)> = body
        .bytes()
        .enumerate()
        .filter(|(_, b)| !b.is_ascii_digit())
        .collect();
    let digits = |s: &str| s.bytes().filter(u8::is_ascii_digit).collect::<Vec<_>>();
    let groups_of_three = |s: &str, sep: u8| {
        let parts: Vec<&str> = s.split(sep as char).collect();
        parts.len() > 1
            && (1..=3).contains(&parts[0].len())
            && parts[1..].iter().all(|p| p.len() == 3)
            && parts.iter().all(|p| p.bytes().all(|b| b.is_ascii_digit()))
    };
    let plain = |s: &str| String::from_utf8(digits(s)).ok();
    match seps.as_slice() {
        [] => None,
        // One separator: `0,847` and `2,5` are decimals; `1,048` could be either.
        [(i, sep)] => {
            let (int, frac) = (&body[..*i], &body[i + 1..]);
            if int.is_empty() || frac.is_empty() || *sep == b' ' && frac.len() != 3 {
                return None;
            }
            let decimal = format!("{sign}{int}.{frac}");
            if *sep == b' ' {
                return Some(LocalNumber::Is(format!("{sign}{int}{frac}")));
            }
            if frac.len() == 3 && int != "0" {
                Some(LocalNumber::Either(format!("{sign}{int}{frac}"), decimal))
            } else if *sep == b',' {
                Some(LocalNumber::Is(decimal))
            } else {
                None // `2.5` is a number already
            }
        }
        _ => {
            // The last separator is a decimal one when it differs from the others.
            let (last_at, last) = *seps.last()?;
            let thousands = seps[0].1;
            if last != thousands && seps[..seps.len() - 1].iter().all(|(_, b)| *b == thousands) {
                let (int, frac) = (&body[..last_at], &body[last_at + 1..]);
                if groups_of_three(int, thousands) && !frac.is_empty() {
                    return Some(LocalNumber::Is(format!("{sign}{}.{frac}", plain(int)?)));
                }
                return None;
            }
            if seps.iter().all(|(_, b)| *b == thousands) && groups_of_three(body, thousands) {
                return Some(LocalNumber::Is(format!("{sign}{}", plain(body)?)));
            }
            None
        }
    }
}

fn value_problem(
    kind: &ValidationErrorKind,
    instance: &Value,
    found: &str,
    owner: Option<&Value>,
    lang: Lang,
) -> (String, Option<String>) {
    use ValidationErrorKind as K;
    let es = lang == Lang::Es;
    match kind {
        K::Type { kind } => {
            let expected = type_names(kind, lang);
            let actual = json_kind(instance, lang);
            // "found null", not "found null null".
            let found = if instance.is_null() {
                String::new()
            } else {
                format!(" {found}")
            };
            let msg = match (es, instance.is_null()) {
                (true, true) => format!("se esperaba {expected}, pero el valor está vacío (null)"),
                (true, false) => format!("se esperaba {expected}, pero hay {actual}{found}"),
                (false, true) => format!("expected {expected}, but the value is empty (null)"),
                (false, false) => format!("expected {expected}, found {actual}{found}"),
            };
            let help = match instance {
                Value::String(s)
                    if s.trim().parse::<f64>().is_ok()
                        && expected.contains(lang.pick("número", "number")) =>
                {
                    Some(
                        lang.pick(
                            "escriba el número sin comillas",
                            "write the number without quotes",
                        )
                        .to_string(),
                    )
                }
                Value::String(s)
                    if expected.contains(lang.pick("número", "number"))
                        && local_number(s).is_none()
                        && let Some(figure) = figure_with_unit(s) =>
                {
                    Some(match lang {
                        Lang::Es => format!(
                            "escriba solo la cifra, sin «%» ni unidades: {figure} (la clave ya dice la unidad)"
                        ),
                        Lang::En => format!(
                            "write the figure alone, without «%» or units: {figure} (the key says the unit)"
                        ),
                    })
                }
                Value::String(s) if expected.contains(lang.pick("número", "number")) => {
                    local_number(s).map(|n| match (n, lang) {
                        (LocalNumber::Is(n), Lang::Es) => format!(
                            "escriba {n}: punto decimal, sin separador de miles ni comillas"
                        ),
                        (LocalNumber::Is(n), Lang::En) => format!(
                            "write {n}: a decimal point, no thousands separator, no quotes"
                        ),
                        (LocalNumber::Either(a, b), Lang::Es) => format!(
                            "¿{a} o {b}? escriba el número con punto decimal, sin separador de miles ni comillas"
                        ),
                        (LocalNumber::Either(a, b), Lang::En) => format!(
                            "{a} or {b}? write the number with a decimal point, no thousands separator, no quotes"
                        ),
                    })
                }
                Value::Number(_) if expected.contains(lang.pick("texto", "string")) => Some(
                    lang.pick("escriba el valor entre comillas", "quote the value")
                        .to_string(),
                ),
                _ => None,
            };
            (msg, help)
        }
        K::Enum { options } => {
            let opts: Vec<String> = options
                .as_array()
                .map(|a| {
                    a.iter()
                        .map(|o| o.as_str().map_or(o.to_string(), str::to_string))
                        .collect()
                })
                .unwrap_or_default();
            let msg = if es {
                format!(
                    "{found} no es un valor admitido; use uno de: {}",
                    opts.join(", ")
                )
            } else {
                format!(
                    "{found} is not an allowed value; use one of: {}",
                    opts.join(", ")
                )
            };
            let refs: Vec<&str> = opts.iter().map(String::as_str).collect();
            let help = instance
                .as_str()
                .and_then(|s| suggest(s, &refs))
                .map(|b| match lang {
                    Lang::Es => format!("¿quiso decir `{b}`?"),
                    Lang::En => format!("did you mean `{b}`?"),
                });
            (msg, help)
        }
        K::Constant { expected_value } => (
            if es {
                format!("se esperaba {expected_value}, pero hay {found}")
            } else {
                format!("expected {expected_value}, found {found}")
            },
            None,
        ),
        K::Pattern { pattern } => {
            // The schema says in words what its pattern asks (`x-format`),
            // for people; the regular expression is the fallback.
            let words = owner
                .and_then(|o| o.get("x-format"))
                .and_then(|f| f.get(lang.pick("es", "en")))
                .and_then(Value::as_str);
            (
                match (words, es) {
                    (Some(w), true) => format!("{found} no tiene el formato esperado: {w}"),
                    (Some(w), false) => format!("{found} does not have the expected format: {w}"),
                    (None, true) => format!("{found} no tiene el formato esperado (`{pattern}`)"),
                    (None, false) => {
                        format!("{found} does not have the expected format (`{pattern}`)")
                    }
                },
                None,
            )
        }
        K::Format { format } => (
            match (format.as_str(), es) {
                ("date", true) => format!("{found} no es una fecha válida (AAAA-MM-DD)"),
                ("date", false) => format!("{found} is not a valid date (YYYY-MM-DD)"),
                (_, true) => format!("{found} no tiene el formato `{format}`"),
                (_, false) => format!("{found} is not a valid `{format}`"),
            },
            None,
        ),
        K::Minimum { limit } => (
            if es {
                format!("{found} es menor que el mínimo {limit}")
            } else {
                format!("{found} is below the minimum {limit}")
            },
            None,
        ),
        K::Maximum { limit } => (
            if es {
                format!("{found} es mayor que el máximo {limit}")
            } else {
                format!("{found} is above the maximum {limit}")
            },
            None,
        ),
        K::ExclusiveMinimum { limit } => (
            if es {
                format!("{found} debe ser mayor que {limit}")
            } else {
                format!("{found} must be greater than {limit}")
            },
            None,
        ),
        K::ExclusiveMaximum { limit } => (
            if es {
                format!("{found} debe ser menor que {limit}")
            } else {
                format!("{found} must be less than {limit}")
            },
            None,
        ),
        K::MinItems { limit } => (
            if es {
                format!(
                    "la lista tiene {}; se {} al menos {limit}",
                    crate::i18n::count(len(instance), "elemento", "elementos"),
                    if *limit == 1 { "requiere" } else { "requieren" }
                )
            } else {
                format!(
                    "the list has {}; at least {limit} {} required",
                    crate::i18n::count(len(instance), "item", "items"),
                    if *limit == 1 { "is" } else { "are" }
                )
            },
            None,
        ),
        K::MaxItems { limit } => (
            if es {
                format!(
                    "la lista tiene {}; se {} como máximo {limit}",
                    crate::i18n::count(len(instance), "elemento", "elementos"),
                    if *limit == 1 { "admite" } else { "admiten" }
                )
            } else {
                format!(
                    "the list has {}; at most {limit} {} allowed",
                    crate::i18n::count(len(instance), "item", "items"),
                    if *limit == 1 { "is" } else { "are" }
                )
            },
            None,
        ),
        K::MinLength { limit } => (
            if es {
                format!("el texto {found} es demasiado corto (mínimo {limit} caracteres)")
            } else {
                format!("the text {found} is too short (minimum {limit} characters)")
            },
            None,
        ),
        K::MaxLength { limit } => (
            if es {
                format!("el texto es demasiado largo (máximo {limit} caracteres)")
            } else {
                format!("the text is too long (maximum {limit} characters)")
            },
            None,
        ),
        K::UniqueItems => (
            if es {
                "la lista tiene elementos repetidos".into()
            } else {
                "the list has repeated items".into()
            },
            None,
        ),
        K::MultipleOf { .. } => (
            if es {
                format!("{found} no es un múltiplo admitido")
            } else {
                format!("{found} is not an allowed multiple")
            },
            None,
        ),
        K::FalseSchema => (
            if es {
                "este valor no está permitido aquí".into()
            } else {
                "this value is not allowed here".into()
            },
            None,
        ),
        other => {
            let text = format!("{other:?}");
            (
                if es {
                    format!("el valor no cumple el esquema: {text}")
                } else {
                    format!("the value does not satisfy the schema: {text}")
                },
                None,
            )
        }
    }
}

fn len(v: &Value) -> usize {
    v.as_array().map_or(0, Vec::len)
}

/// The figure of a number written with its unit or a percent sign
/// (`8%`, `2890 msnm`, `S/ 1200`, `4.5 m2`): the number alone, when the text
/// is one number and letters or symbols around it.
fn figure_with_unit(s: &str) -> Option<&str> {
    let t = s.trim();
    let start = t.find(|c: char| c.is_ascii_digit())?;
    let len = t[start..]
        .find(|c: char| !(c.is_ascii_digit() || c == '.'))
        .unwrap_or(t.len() - start);
    let figure = t[start..start + len].trim_end_matches('.');
    let rest = format!("{}{}", &t[..start], &t[start + len..]);
    let unit_like = !rest.trim().is_empty()
        && !rest.chars().any(|c| c.is_ascii_digit())
        && rest.trim().chars().count() <= 8;
    (unit_like && figure.parse::<f64>().is_ok()).then_some(figure)
}

fn type_names(kind: &jsonschema::error::TypeKind, lang: Lang) -> String {
    use jsonschema::error::TypeKind;
    let one = |t: &jsonschema::JsonType| -> &'static str {
        use jsonschema::JsonType as J;
        match (t, lang) {
            (J::Array, Lang::Es) => "una lista",
            (J::Array, Lang::En) => "a sequence",
            (J::Boolean, Lang::Es) => "un booleano (true/false)",
            (J::Boolean, Lang::En) => "a boolean (true/false)",
            (J::Integer, Lang::Es) => "un número entero",
            (J::Integer, Lang::En) => "an integer number",
            (J::Null, Lang::Es) => "nulo",
            (J::Null, Lang::En) => "null",
            (J::Number, Lang::Es) => "un número",
            (J::Number, Lang::En) => "a number",
            (J::Object, Lang::Es) => "un mapeo",
            (J::Object, Lang::En) => "a mapping",
            (J::String, Lang::Es) => "un texto",
            (J::String, Lang::En) => "a string",
        }
    };
    match kind {
        TypeKind::Single(t) => one(t).to_string(),
        TypeKind::Multiple(set) => {
            let names: Vec<&str> = set.iter().map(|t| one(&t)).collect();
            names.join(lang.pick(" o ", " or "))
        }
    }
}

/// The closest candidate by edit distance, if it is close enough to be a typo.
pub fn suggest<'a>(word: &str, candidates: &[&'a str]) -> Option<&'a str> {
    let w = word.to_lowercase();
    let mut best: Option<(&str, usize)> = None;
    for c in candidates {
        let d = levenshtein(&w, &c.to_lowercase());
        if best.is_none_or(|(_, bd)| d < bd) {
            best = Some((c, d));
        }
    }
    best.filter(|(c, d)| *d <= (c.chars().count().max(word.chars().count()) / 3).max(1))
        .map(|(c, _)| c)
}

/// Edit distance counting a transposition of neighbours as one edit
/// (optimal string alignment), since "nmae" for "name" is one typo.
fn levenshtein(a: &str, b: &str) -> usize {
    let a: Vec<char> = a.chars().collect();
    let b: Vec<char> = b.chars().collect();
    let w = b.len() + 1;
    let mut d = vec![0usize; (a.len() + 1) * w];
    for i in 0..=a.len() {
        d[i * w] = i;
    }
    for (j, cell) in d.iter_mut().enumerate().take(w) {
        *cell = j;
    }
    for i in 1..=a.len() {
        for j in 1..=b.len() {
            let cost = usize::from(a[i - 1] != b[j - 1]);
            let mut v = (d[(i - 1) * w + j] + 1)
                .min(d[i * w + j - 1] + 1)
                .min(d[(i - 1) * w + j - 1] + cost);
            if i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] {
                v = v.min(d[(i - 2) * w + j - 2] + 1);
            }
            d[i * w + j] = v;
        }
    }
    d[a.len() * w + b.len()]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_written_the_local_way() {
        let is = |s: &str| Some(LocalNumber::Is(s.to_string()));
        assert_eq!(local_number("1,048,760"), is("1048760"));
        assert_eq!(local_number("1.048.760"), is("1048760"));
        assert_eq!(local_number("1 048 760"), is("1048760"));
        assert_eq!(local_number("1,048,760.50"), is("1048760.50"));
        assert_eq!(local_number("1.048.760,50"), is("1048760.50"));
        assert_eq!(local_number("0,847"), is("0.847"));
        assert_eq!(local_number("-2,5"), is("-2.5"));
        assert_eq!(local_number("6 000"), is("6000"));
        assert_eq!(
            local_number("1,048"),
            Some(LocalNumber::Either("1048".into(), "1.048".into()))
        );
        for not in ["2.5", "abc", "1,2,3", "12,34,567", "", ",5", "1.048.76"] {
            assert_eq!(local_number(not), None, "{not}");
        }
    }
    use crate::yaml::{Limits, load};
    use serde_json::json;

    fn check(schema: Value, text: &str) -> Vec<Diagnostic> {
        let schema = Schema::compile(schema).unwrap();
        let source = Source::from_text("t.yaml", text);
        let doc = load(&source, &Limits::default(), Lang::En)
            .document
            .unwrap();
        schema.check(&doc, &source, Lang::En)
    }

    fn schema() -> Value {
        json!({
            "type": "object",
            "additionalProperties": false,
            "required": ["general"],
            "properties": {
                "general": {
                    "type": "object",
                    "title": "Aspectos generales",
                    "additionalProperties": false,
                    "required": ["name", "horizon_years"],
                    "properties": {
                        "name": {"type": "string", "title": "Nombre del PIP", "description": "§1.1 Nombre del PIP."},
                        "horizon_years": {"type": "integer", "title": "Horizonte", "description": "§3.2.9 Horizonte de planeamiento."},
                        "area": {"enum": ["urban", "rural"]}
                    }
                }
            }
        })
    }

    #[test]
    fn unknown_key_at_key_with_suggestion() {
        let text = "general:\n  name: x\n  horizon_years: 10\n  nmae: y\n";
        let d = check(schema(), text);
        assert_eq!(d.len(), 1);
        assert_eq!(d[0].pointer, "/general/nmae");
        assert_eq!(&text[d[0].range.clone()], "nmae");
        assert_eq!(d[0].help.as_deref(), Some("did you mean `name`?"));
    }

    #[test]
    fn missing_key_at_parent_key() {
        let text = "general:\n  name: x\n";
        let d = check(schema(), text);
        assert_eq!(d.len(), 1);
        assert_eq!(d[0].pointer, "/general");
        assert_eq!(&text[d[0].range.clone()], "general");
        assert!(
            d[0].message.contains("`horizon_years` (Horizonte, §3.2.9)"),
            "{}",
            d[0].message
        );
    }

    #[test]
    fn wrong_type_at_value() {
        let text = "general:\n  name: x\n  horizon_years: \"10\"\n  area: rurl\n";
        let d = check(schema(), text);
        assert_eq!(d.len(), 2);
        assert_eq!(&text[d[0].range.clone()], "\"10\"");
        assert!(
            d[0].message
                .starts_with("expected an integer number, found a string"),
            "{}",
            d[0].message
        );
        assert_eq!(
            d[0].help.as_deref(),
            Some("write the number without quotes")
        );
        assert_eq!(&text[d[1].range.clone()], "rurl");
        assert_eq!(d[1].help.as_deref(), Some("did you mean `rural`?"));
    }

    #[test]
    fn sections_are_extracted() {
        assert_eq!(
            section_of("§3.2.4 Población demandante efectiva"),
            Some("§3.2.4")
        );
        assert_eq!(section_of("Ver §3.3.1.iii."), Some("§3.3.1.iii"));
        assert_eq!(section_of("sin sección"), None);
    }
}
