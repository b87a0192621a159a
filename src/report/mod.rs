//! The evaluator's report (`pip-lint report`): a model of the technical
//! report built from one linted study — its identification, every minimum
//! criterion of the catalogue with its status, the findings with their
//! snippets, the waivers with their reasons, and the charts' figures — and
//! its renderers ([`html`], [`markdown`]). [`build`] is the only place that
//! judges a criterion's status; the renderers only lay the model out.

pub mod charts;
pub mod html;
pub mod markdown;

use crate::catalogue::Chapter;
use crate::diagnostic::{Diagnostic, Severity};
use crate::i18n::Lang;
use crate::render::FileReport;
use crate::rules::applies::Applicability;
use crate::rules::functions::is_under;
use crate::rules::{Rule, RuleSet};
use crate::yaml::Document;

/// A criterion's status in the checklist.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Status {
    /// Its rules apply and none reports an error or a warning.
    Pass,
    /// Its rules apply, none reports an error or a warning, and some report
    /// notes (`info`): which, and whether the configuration lowered them.
    PassWithNotes(Vec<String>),
    /// A rule reports an error or a warning that is not waived.
    Fail,
    /// None of its rules applies to this study: why.
    NotApplicable(Vec<String>),
    /// Its rules could not judge this study (data with syntax or schema
    /// errors, a rule left out of the run): why.
    NotVerified(Vec<String>),
    /// No rule can judge it: the evaluator's.
    Manual,
}

impl Status {
    /// The word the checklist shows.
    pub fn label(&self, lang: Lang) -> &'static str {
        match self {
            Status::Pass => lang.pick("Cumple", "Meets"),
            Status::PassWithNotes(_) => lang.pick("Cumple, con notas", "Meets, with notes"),
            Status::Fail => lang.pick("No cumple", "Does not meet"),
            Status::NotApplicable(_) => lang.pick("No aplica", "Not applicable"),
            Status::NotVerified(_) => lang.pick("No verificado", "Not verified"),
            Status::Manual => lang.pick("Revisión manual", "Manual review"),
        }
    }

    /// A stable key (CSS classes, tests).
    pub fn key(&self) -> &'static str {
        match self {
            Status::Pass => "pass",
            Status::PassWithNotes(_) => "notes",
            Status::Fail => "fail",
            Status::NotApplicable(_) => "na",
            Status::NotVerified(_) => "unverified",
            Status::Manual => "manual",
        }
    }

    /// Why (for the statuses that need a reason).
    pub fn reasons(&self) -> &[String] {
        match self {
            Status::NotApplicable(r) | Status::NotVerified(r) | Status::PassWithNotes(r) => r,
            _ => &[],
        }
    }
}

/// A finding as the report shows it.
#[derive(Debug, Clone, PartialEq)]
pub struct Finding {
    pub code: String,
    pub name: String,
    pub severity: Severity,
    pub message: String,
    pub pointer: String,
    pub line: usize,
    pub column: usize,
    /// The lines of the study it points at, numbered, with carets under the span.
    pub snippet: String,
    /// "Criterios Mínimos §3.6.1", or another source as written.
    pub citation: Option<String>,
    pub help: Option<String>,
    pub notes: Vec<String>,
    /// The waiver's reason, when the study waives it.
    pub waived: Option<String>,
    /// How many problems it stands for: 1, or for the finding that closes
    /// a capped list («and 500 more…»), that many.
    pub stands_for: usize,
}

/// A rule named in the checklist.
#[derive(Debug, Clone, PartialEq)]
pub struct RuleRef {
    pub code: String,
    pub name: String,
    pub title: String,
    pub severity: Option<Severity>,
    pub criterion: String,
    /// What the rule gave on this study: its own status.
    pub status: Status,
}

/// One minimum criterion of the guide, judged.
#[derive(Debug, Clone, PartialEq)]
pub struct Row {
    pub section: String,
    pub text: String,
    pub rules: Vec<RuleRef>,
    pub status: Status,
    /// What remains for the evaluator (the catalogue's `manual`).
    pub manual: Option<String>,
    /// Findings of its rules, waived ones included (with their reason).
    pub findings: Vec<Finding>,
}

/// A chapter of the checklist.
#[derive(Debug, Clone, PartialEq)]
pub struct Section {
    pub letter: String,
    pub title: String,
    pub rows: Vec<Row>,
}

/// How many criteria have each status, and the findings by severity.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Counts {
    pub pass: usize,
    /// Of those met, the ones whose rules check only a part: the rest is
    /// the evaluator's (the catalogue's `manual` text).
    pub pass_in_part: usize,
    /// Met, with notes (`info` findings): not among `pass`.
    pub pass_with_notes: usize,
    pub fail: usize,
    pub not_applicable: usize,
    pub not_verified: usize,
    pub manual: usize,
    pub errors: usize,
    pub warnings: usize,
    pub infos: usize,
    pub waived: usize,
}

/// The technical report's draft.
#[derive(Debug, Clone, PartialEq)]
pub struct Model {
    pub lang: Lang,
    /// pip-lint's version (the report carries no date: it is reproducible).
    pub version: String,
    /// The study file as named on the command line.
    pub file: String,
    /// The PIP's name, when the study has one.
    pub name: Option<String>,
    /// (label, value) pairs: code, units, location, category, level…
    pub identification: Vec<(String, String)>,
    /// Findings about the document itself (S001–S005), shown first.
    pub document: Vec<Finding>,
    pub chapters: Vec<Section>,
    /// Findings of rules no criterion of the catalogue lists (own rules).
    pub other: Vec<Finding>,
    /// Every waived finding, with its reason.
    pub waived: Vec<Finding>,
    /// Every rule of the run, with its status on this study.
    pub rules: Vec<RuleRef>,
    pub counts: Counts,
    pub charts: charts::ChartData,
    pub land_reference: charts::LandReference,
}

/// What the report is built from.
pub struct Input<'a> {
    /// The linted file: its (compacted) source and settled diagnostics,
    /// waived ones included.
    pub file: &'a FileReport,
    /// The parsed study (absent when it could not be parsed at all).
    pub document: Option<&'a Document>,
    pub rules: &'a RuleSet,
    pub chapters: &'a [Chapter],
    /// Whether the run's selection (`select`/`ignore`, per-file ignores) keeps a rule.
    pub active: &'a dyn Fn(&Rule) -> bool,
    /// Pointers of the data the schema (or the parse) found invalid or
    /// missing, or the template left unfilled, waived or not, with the code
    /// that says so: no rule that reads there is met.
    pub unusable: &'a [(String, &'a str)],
    /// Whether the run had names to compare the study's with (`--known-names`):
    /// without them a cross-file rule has only this study, and cannot judge.
    pub names_known: bool,
    pub lang: Lang,
}

fn is_document_code(code: &str) -> bool {
    code.starts_with('S')
}

fn citation(criterion: &Option<String>) -> Option<String> {
    criterion.as_ref().map(|c| {
        if c.starts_with(|ch: char| ch.is_ascii_digit()) {
            format!("Criterios Mínimos §{c}")
        } else {
            c.clone()
        }
    })
}

fn finding(file: &FileReport, d: &Diagnostic) -> Finding {
    let p = file.source.position(d.range.start);
    Finding {
        code: d.code.clone(),
        name: d.name.clone(),
        severity: d.severity,
        message: d.message.clone(),
        pointer: d.pointer.clone(),
        line: p.line,
        column: p.column,
        snippet: crate::render::human::snippet(&file.source, d),
        citation: citation(&d.criterion),
        help: d.help.clone(),
        notes: d.notes.clone(),
        waived: d.suppressed.clone(),
        stands_for: d.folded.max(1),
    }
}

/// Whether a problem of the document at `problem` concerns data at `data`:
/// one lies under the other. A problem at the root concerns only rules that
/// found nothing to examine (a missing section).
fn concerns(problem: &str, data: &str, found_nothing: bool) -> bool {
    if problem.is_empty() {
        return found_nothing;
    }
    is_under(data, problem) || (!data.is_empty() && is_under(problem, data))
}

/// What one rule gave on the study.
fn rule_status(rule: &Rule, input: &Input<'_>, problems: &[(&str, &str)]) -> Status {
    let lang = input.lang;
    if !(input.active)(rule) {
        return Status::NotVerified(vec![match lang {
            Lang::Es => format!(
                "la regla {} no se ejecutó (selección de reglas o configuración)",
                rule.code
            ),
            Lang::En => format!(
                "rule {} was not run (rule selection or configuration)",
                rule.code
            ),
        }]);
    }
    if rule.is_cross_file() && !input.names_known {
        return Status::NotVerified(vec![
            lang.pick(
                "compara los estudios revisados juntos, y el informe tiene uno solo: dé los nombres del banco de proyectos con `--known-names` antes de `report`",
                "it compares the studies checked together, and the report has only one: give the bank of projects' names with `--known-names` before `report`",
            )
            .to_string(),
        ]);
    }
    let failing =
        input.file.diagnostics.iter().any(|d| {
            d.code == rule.code && d.suppressed.is_none() && d.severity <= Severity::Warning
        });
    if failing {
        return Status::Fail;
    }
    let Some(document) = input.document else {
        return Status::NotVerified(vec![
            lang.pick("el estudio no se pudo leer", "the study could not be read")
                .to_string(),
        ]);
    };
    let blocked_at = |data: &[String], found_nothing: bool| {
        problems
            .iter()
            .find(|(at, _)| data.iter().any(|p| concerns(at, p, found_nothing)))
            .map(|(_, code)| *code)
    };
    // What its conditions and options read first: a condition on invalid
    // data says nothing about whether the rule applies.
    let mut blocked = blocked_at(&rule.reads, false);
    let (data, found_nothing) = match rule.applicability(document, &input.file.source, lang) {
        Applicability::Excluded(why) if blocked.is_none() => {
            return Status::NotApplicable(vec![why]);
        }
        Applicability::Excluded(_) => (Vec::new(), false),
        Applicability::Applies(nodes) => (nodes, false),
        Applicability::NoData(at) => (at, true),
        Applicability::NoneSelected(at, past) => {
            if let Some(code) = blocked.or_else(|| blocked_at(&at, false)) {
                blocked = Some(code);
                (at, false)
            } else {
                let at: Vec<String> = at.iter().map(|p| format!("`{p}`")).collect();
                let past: Vec<String> = past.iter().map(|p| format!("`{p}`")).collect();
                return Status::NotApplicable(vec![match lang {
                    Lang::Es => format!(
                        "ninguna entrada de {} es de las que revisa la regla ({})",
                        at.join(", "),
                        past.join(", ")
                    ),
                    Lang::En => format!(
                        "no entry of {} is one the rule checks ({})",
                        at.join(", "),
                        past.join(", ")
                    ),
                }]);
            }
        }
    };
    blocked = blocked.or_else(|| blocked_at(&data, found_nothing));
    if let Some(code) = blocked {
        return Status::NotVerified(vec![match lang {
            Lang::Es => format!(
                "los datos que revisa tienen errores del documento ({code}){}: corríjalos y vuelva a generar el informe",
                if code == crate::placeholder::CODE {
                    ", valores de la plantilla sin completar"
                } else {
                    ""
                }
            ),
            Lang::En => format!(
                "the data it checks has document errors ({code}){}: fix them and generate the report again",
                if code == crate::placeholder::CODE {
                    ", template values not filled in"
                } else {
                    ""
                }
            ),
        }]);
    }
    if found_nothing {
        let at: Vec<String> = data.iter().map(|p| format!("`{p}`")).collect();
        return Status::NotApplicable(vec![match lang {
            Lang::Es => format!("el estudio no tiene datos en {}", at.join(", ")),
            Lang::En => format!("the study has no data at {}", at.join(", ")),
        }]);
    }
    let notes = input
        .file
        .diagnostics
        .iter()
        .filter(|d| d.code == rule.code && d.suppressed.is_none())
        .count();
    if notes == 0 {
        return Status::Pass;
    }
    let mut why = vec![match lang {
        Lang::Es => crate::i18n::count(notes, "nota", "notas"),
        Lang::En => crate::i18n::count(notes, "note", "notes"),
    }];
    // Only a configuration that lowered the rule makes notes of what the
    // rule file calls errors or warnings: the evaluator's report says so.
    if let Some(from) = rule.configured_from.filter(|f| *f < rule.severity) {
        why.push(match lang {
            Lang::Es => format!(
                "la configuración (pip-lint.toml) bajó su severidad de {} a {}",
                severity_word(from, lang),
                severity_word(rule.severity, lang)
            ),
            Lang::En => format!(
                "the configuration (pip-lint.toml) lowered its severity from {} to {}",
                severity_word(from, lang),
                severity_word(rule.severity, lang)
            ),
        });
    }
    Status::PassWithNotes(why)
}

/// A criterion's status from its rules' (and the rules the run lacks).
fn criterion_status(rules: &[RuleRef]) -> Status {
    if rules.is_empty() {
        return Status::Manual;
    }
    if rules.iter().any(|r| r.status == Status::Fail) {
        return Status::Fail;
    }
    let reasons = |key: &str| -> Vec<String> {
        rules
            .iter()
            .filter(|r| r.status.key() == key)
            .flat_map(|r| {
                r.status
                    .reasons()
                    .iter()
                    .map(move |w| format!("{}: {w}", r.code))
            })
            .collect()
    };
    if rules
        .iter()
        .any(|r| matches!(r.status, Status::NotVerified(_)))
    {
        return Status::NotVerified(reasons("unverified"));
    }
    if rules
        .iter()
        .all(|r| matches!(r.status, Status::NotApplicable(_)))
    {
        return Status::NotApplicable(reasons("na"));
    }
    if rules
        .iter()
        .any(|r| matches!(r.status, Status::PassWithNotes(_)))
    {
        return Status::PassWithNotes(reasons("notes"));
    }
    Status::Pass
}

fn rule_ref(code: &str, input: &Input<'_>, statuses: &[(String, Status)]) -> RuleRef {
    match input.rules.get(code) {
        Some(r) => RuleRef {
            code: r.code.clone(),
            name: r.name.clone(),
            title: r.title.get(input.lang).to_string(),
            severity: Some(r.severity),
            criterion: r.criterion.clone(),
            status: statuses
                .iter()
                .find(|(c, _)| c == &r.code)
                .map(|(_, s)| s.clone())
                .unwrap_or(Status::Manual),
        },
        None => RuleRef {
            code: code.to_string(),
            name: String::new(),
            title: String::new(),
            severity: None,
            criterion: String::new(),
            status: Status::NotVerified(vec![match input.lang {
                Lang::Es => {
                    format!("la regla {code} no está en el conjunto de reglas de esta ejecución")
                }
                Lang::En => format!("rule {code} is not in this run's rule set"),
            }]),
        },
    }
}

/// How the report names a value the schema lists: [`crate::i18n::enum_word`].
fn word(value: &str, lang: Lang) -> String {
    crate::i18n::enum_word(value, lang).map_or_else(|| value.to_string(), str::to_string)
}

fn identification(v: &serde_json::Value, lang: Lang) -> Vec<(String, String)> {
    let s = |path: &str| v.pointer(path).and_then(serde_json::Value::as_str);
    let w = |path: &str| s(path).map(|x| word(x, lang));
    let n = |path: &str| {
        v.pointer(path)
            .filter(|x| x.is_number())
            .map(|x| x.to_string())
    };
    let mut out: Vec<(String, String)> = Vec::new();
    let mut push = |es: &str, en: &str, value: Option<String>| {
        if let Some(value) = value.filter(|x| !x.trim().is_empty()) {
            out.push((lang.pick(es, en).to_string(), value));
        }
    };
    push(
        "Código único de inversiones (CUI)",
        "Unique investment code (CUI)",
        s("/general/cui").map(str::to_string),
    );
    push("Naturaleza", "Nature", w("/general/nature"));
    push(
        "Unidad formuladora",
        "Formulating unit",
        s("/general/formulating_unit/name").map(str::to_string),
    );
    push(
        "Unidad ejecutora",
        "Executing unit",
        s("/general/executing_unit/name").map(str::to_string),
    );
    let place: Vec<&str> = ["district", "province", "department"]
        .iter()
        .filter_map(|k| s(&format!("/general/location/{k}")))
        .collect();
    let ubigeo = s("/general/location/ubigeo")
        .map(|u| format!(" (UBIGEO {u})"))
        .unwrap_or_default();
    push(
        "Ubicación",
        "Location",
        (!place.is_empty()).then(|| format!("{}{ubigeo}", place.join(", "))),
    );
    let area = [w("/general/location/area"), w("/general/location/region")]
        .into_iter()
        .flatten()
        .collect::<Vec<_>>()
        .join(", ");
    push("Ámbito", "Setting", Some(area));
    push(
        "Establecimiento",
        "Facility",
        s("/general/facility/name").map(str::to_string),
    );
    let category = match (
        w("/general/facility/category"),
        s("/general/facility/nts_category"),
    ) {
        (Some(c), Some(n)) => Some(format!("{c} ({n})")),
        (c, n) => c.or(n.map(str::to_string)),
    };
    push("Categoría", "Category", category);
    push(
        "Nivel de estudio",
        "Level of study",
        w("/general/framework/level"),
    );
    push(
        "Estado del estudio",
        "Status of the study",
        w("/general/framework/status"),
    );
    push(
        "Fecha del estudio",
        "Date of the study",
        s("/general/framework/date").map(str::to_string),
    );
    push(
        "Horizonte (años)",
        "Horizon (years)",
        n("/formulation/horizon_years"),
    );
    out
}

fn land_reference(rules: &RuleSet) -> charts::LandReference {
    let mut r = charts::LandReference::default();
    if let Some(f003) = rules.get("F003") {
        for p in &f003.params {
            let Some(x) = p.value.as_f64() else { continue };
            match p.name.as_str() {
                "construction_max_share" => r.construction_max = x,
                "expansion_min_share" => r.expansion_min = x,
                "free_min_share" => r.free_min = x,
                _ => {}
            }
        }
    }
    r
}

fn count(chapters: &[Section], all: &[Finding]) -> Counts {
    let mut c = Counts::default();
    for row in chapters.iter().flat_map(|ch| &ch.rows) {
        match row.status {
            Status::Pass => {
                c.pass += 1;
                c.pass_in_part += usize::from(row.manual.is_some());
            }
            Status::PassWithNotes(_) => c.pass_with_notes += 1,
            Status::Fail => c.fail += 1,
            Status::NotApplicable(_) => c.not_applicable += 1,
            Status::NotVerified(_) => c.not_verified += 1,
            Status::Manual => c.manual += 1,
        }
    }
    for f in all {
        let n = f.stands_for;
        match (f.waived.is_some(), f.severity) {
            (true, _) => c.waived += n,
            (false, Severity::Error) => c.errors += n,
            (false, Severity::Warning) => c.warnings += n,
            (false, Severity::Info) => c.infos += n,
        }
    }
    c
}

/// Where a study's data is invalid or missing (the parse's rejected values,
/// the schema's findings) or left as the template had it, with the code that
/// says so: no rule that reads there is met.
pub fn unusable_data(
    document: &Document,
    source: &crate::source::Source,
    lang: Lang,
) -> Vec<(String, &'static str)> {
    let schema = crate::schema::Schema::study()
        .validate(document, source, lang)
        .unusable;
    let unfilled = crate::placeholder::find(document, source, lang).1;
    document
        .rejected
        .iter()
        .chain(&schema)
        .map(|p| (p.clone(), crate::schema::CODE))
        .chain(unfilled.into_iter().map(|p| (p, crate::placeholder::CODE)))
        .collect()
}

/// Where the data is not to be trusted, waived or not: the places S001
/// reported, and what the schema found invalid or missing.
fn problems<'a>(input: &'a Input<'_>) -> Vec<(&'a str, &'a str)> {
    input
        .file
        .diagnostics
        .iter()
        .filter(|d| d.code == crate::yaml::CODE)
        .map(|d| (d.pointer.as_str(), crate::yaml::CODE))
        .chain(input.unusable.iter().map(|(p, code)| (p.as_str(), *code)))
        .collect()
}

/// What one rule gave on the study (the rule need not be in `input.rules`).
pub fn rule_status_of(rule: &Rule, input: &Input<'_>) -> Status {
    rule_status(rule, input, &problems(input))
}

/// What each rule gave on the study, in the order of the rule set.
pub fn rule_statuses(input: &Input<'_>) -> Vec<(String, Status)> {
    let problems = problems(input);
    input
        .rules
        .rules
        .iter()
        .map(|r| (r.code.clone(), rule_status(r, input, &problems)))
        .collect()
}

/// Builds the report's model: judges every criterion of the catalogue.
pub fn build(input: &Input<'_>) -> Model {
    let lang = input.lang;
    let diagnostics = &input.file.diagnostics;
    let statuses = rule_statuses(input);
    let all: Vec<Finding> = diagnostics.iter().map(|d| finding(input.file, d)).collect();
    let chapters: Vec<Section> = input
        .chapters
        .iter()
        .map(|ch| Section {
            letter: ch.chapter.clone(),
            title: ch.title.get(lang).to_string(),
            rows: ch
                .criteria
                .iter()
                .map(|c| {
                    let rules: Vec<RuleRef> = c
                        .rules
                        .iter()
                        .map(|code| rule_ref(code, input, &statuses))
                        .collect();
                    Row {
                        section: c.section.clone(),
                        text: c.text.get(lang).to_string(),
                        status: criterion_status(&rules),
                        manual: c.manual.as_ref().map(|m| m.get(lang).to_string()),
                        findings: all
                            .iter()
                            .filter(|f| c.rules.contains(&f.code))
                            .cloned()
                            .collect(),
                        rules,
                    }
                })
                .collect(),
        })
        .collect();
    let listed = |code: &str| {
        input
            .chapters
            .iter()
            .flat_map(|ch| &ch.criteria)
            .any(|c| c.rules.iter().any(|r| r == code))
    };
    let document_value = input.document.map(|d| &d.value);
    Model {
        lang,
        version: env!("CARGO_PKG_VERSION").to_string(),
        file: input.file.source.name.clone(),
        name: document_value
            .and_then(|v| v.pointer("/general/name"))
            .and_then(serde_json::Value::as_str)
            .map(|s| s.split_whitespace().collect::<Vec<_>>().join(" ")),
        identification: document_value
            .map(|v| identification(v, lang))
            .unwrap_or_default(),
        document: all
            .iter()
            .filter(|f| is_document_code(&f.code) && f.waived.is_none())
            .cloned()
            .collect(),
        other: all
            .iter()
            .filter(|f| !is_document_code(&f.code) && !listed(&f.code))
            .cloned()
            .collect(),
        waived: all.iter().filter(|f| f.waived.is_some()).cloned().collect(),
        rules: input
            .rules
            .rules
            .iter()
            .map(|r| rule_ref(&r.code, input, &statuses))
            .collect(),
        counts: count(&chapters, &all),
        chapters,
        charts: {
            let mut c = document_value.map(charts::extract).unwrap_or_default();
            // Invalid values only: a chart whose data is missing simply has none.
            let invalid: Vec<(&str, &str)> = problems(input)
                .into_iter()
                .filter(|(p, _)| document_value.is_some_and(|v| v.pointer(p).is_some()))
                .collect();
            c.withhold(&invalid, |problem, data| concerns(problem, data, false));
            c
        },
        land_reference: land_reference(input.rules),
    }
}

/// The words both renderers share.
pub(crate) struct Words {
    pub title: &'static str,
    pub identification: &'static str,
    pub summary: &'static str,
    pub document: &'static str,
    pub checklist: &'static str,
    pub charts: &'static str,
    pub other: &'static str,
    pub waived: &'static str,
    pub rules: &'static str,
    pub for_evaluator: &'static str,
    pub why: &'static str,
    pub fix: &'static str,
    pub reason: &'static str,
    pub no_data: &'static str,
}

impl Words {
    pub(crate) fn of(lang: Lang) -> Words {
        match lang {
            Lang::Es => Words {
                title: "Informe técnico: revisión de criterios mínimos",
                identification: "Identificación del estudio",
                summary: "Resumen",
                document: "Observaciones sobre el documento",
                checklist: "Lista de verificación de criterios mínimos",
                charts: "Gráficos",
                other: "Otras observaciones",
                waived: "Excepciones declaradas en el estudio",
                rules: "Anexo: reglas aplicadas",
                for_evaluator: "Queda para el evaluador",
                why: "Por qué",
                fix: "Corrección sugerida",
                reason: "Motivo",
                no_data: "sin datos",
            },
            Lang::En => Words {
                title: "Technical report: review of the minimum criteria",
                identification: "Identification of the study",
                summary: "Summary",
                document: "Observations on the document",
                checklist: "Checklist of the minimum criteria",
                charts: "Charts",
                other: "Other observations",
                waived: "Waivers declared in the study",
                rules: "Annex: rules applied",
                for_evaluator: "Left to the evaluator",
                why: "Why",
                fix: "Suggested fix",
                reason: "Reason",
                no_data: "no data",
            },
        }
    }
}

/// The severity's word.
pub(crate) fn severity_word(s: Severity, lang: Lang) -> &'static str {
    s.label(lang)
}

/// The summary sentence of the counts.
pub fn summary_line(c: &Counts, lang: Lang) -> String {
    let total = c.pass + c.pass_with_notes + c.fail + c.not_applicable + c.not_verified + c.manual;
    // `n` with the singular or the plural form.
    let n = crate::i18n::count;
    // Shown only when some criterion has notes, so that a report without
    // any reads as before.
    let notes = |es: bool| match (c.pass_with_notes, es) {
        (0, _) => String::new(),
        (k, true) => format!(", {}", n(k, "cumple con notas", "cumplen con notas")),
        (k, false) => format!(", {k} met with notes"),
    };
    match lang {
        Lang::Es => format!(
            "{}: {} ({} con una parte que queda al evaluador){}, {}, {}, {} y {} de revisión manual. Observaciones: {}, {}, {}; {} con motivo.",
            n(total, "criterio", "criterios"),
            n(c.pass, "cumple", "cumplen"),
            c.pass_in_part,
            notes(true),
            n(c.fail, "no cumple", "no cumplen"),
            n(c.not_applicable, "no aplica", "no aplican"),
            n(c.not_verified, "no verificado", "no verificados"),
            c.manual,
            n(c.errors, "error", "errores"),
            n(c.warnings, "advertencia", "advertencias"),
            n(c.infos, "nota", "notas"),
            n(c.waived, "exceptuada", "exceptuadas"),
        ),
        Lang::En => format!(
            "{}: {} met ({} with a part left to the evaluator){}, {} not met, {} not applicable, {} not verified and {} for manual review. Findings: {}, {}, {}; {} waived with a reason.",
            n(total, "criterion", "criteria"),
            c.pass,
            c.pass_in_part,
            notes(false),
            c.fail,
            c.not_applicable,
            c.not_verified,
            c.manual,
            n(c.errors, "error", "errors"),
            n(c.warnings, "warning", "warnings"),
            n(c.infos, "note", "notes"),
            c.waived
        ),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn r(code: &str, status: Status) -> RuleRef {
        RuleRef {
            code: code.into(),
            name: String::new(),
            title: String::new(),
            severity: None,
            criterion: String::new(),
            status,
        }
    }

    #[test]
    fn a_criterion_takes_the_worst_of_its_rules() {
        let na = |w: &str| Status::NotApplicable(vec![w.into()]);
        assert_eq!(criterion_status(&[]), Status::Manual);
        assert_eq!(
            criterion_status(&[r("F001", Status::Pass), r("F002", Status::Fail)]),
            Status::Fail
        );
        assert_eq!(
            criterion_status(&[r("F001", Status::Pass), r("F002", na("x"))]),
            Status::Pass,
            "one rule applies and passes"
        );
        assert_eq!(
            criterion_status(&[r("F001", na("x")), r("F002", na("y"))]),
            Status::NotApplicable(vec!["F001: x".into(), "F002: y".into()])
        );
        assert_eq!(
            criterion_status(&[
                r("F001", Status::Pass),
                r("F002", Status::NotVerified(vec!["z".into()]))
            ]),
            Status::NotVerified(vec!["F002: z".into()]),
            "never Cumple when a rule could not judge"
        );
        let notes = || Status::PassWithNotes(vec!["1 nota".into()]);
        assert_eq!(
            criterion_status(&[
                r("F001", Status::Pass),
                r("F004", notes()),
                r("F002", na("x"))
            ]),
            Status::PassWithNotes(vec!["F004: 1 nota".into()]),
            "notes are not hidden behind a plain Cumple"
        );
        assert_eq!(
            criterion_status(&[r("F004", notes()), r("F002", Status::Fail)]),
            Status::Fail
        );
        assert_eq!(
            criterion_status(&[r("F004", notes()), r("F002", Status::NotVerified(vec![]))]),
            Status::NotVerified(vec![]),
            "a rule that could not judge outweighs notes"
        );
    }

    #[test]
    fn document_problems_concern_the_data_above_and_below_them() {
        assert!(concerns("/a/b/c", "/a/b", false));
        assert!(concerns("/a", "/a/b", false));
        assert!(!concerns("/a/x", "/a/b", false));
        assert!(!concerns("", "/a/b", false), "a root problem, data found");
        assert!(concerns("", "/a/b", true), "a root problem, nothing found");
    }

    #[test]
    fn snippets_are_the_human_renderers_labelled_lines() {
        let s = crate::source::Source::from_text("s.yaml", "a: 1\nland:\n  total_m2: 2400\n");
        let at = s.text.find("2400").unwrap_or(0);
        let d = Diagnostic::new(
            "F003",
            "land-split",
            Severity::Error,
            "/land/total_m2",
            at..at + 4,
            "m",
        )
        .with_label("aquí");
        assert_eq!(
            crate::render::human::snippet(&s, &d),
            "  --> s.yaml:3:13\n  |\n3 |   total_m2: 2400\n  |             ^^^^ aquí\n"
        );
    }
}
