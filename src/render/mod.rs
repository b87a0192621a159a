//! Renderers: turn finished diagnostics into text. They never judge: every
//! decision (what, where, how severe) was made before they run.

pub mod concise;
pub mod github;
pub mod human;
pub mod json;
pub mod junit;
pub mod sarif;

use crate::diagnostic::{Diagnostic, Severity, Summary};
use crate::i18n::{Lang, Text};
use crate::source::Source;

/// One linted file with its diagnostics, in the stable order.
#[derive(Debug)]
pub struct FileReport {
    pub source: Source,
    pub diagnostics: Vec<Diagnostic>,
}

/// A failure of the run itself (unreadable path, invalid rule file, …).
#[derive(Debug, Clone)]
pub struct RunError {
    pub path: String,
    pub message: String,
    /// A rendered diagnostic pointing into the offending file, when there is one.
    pub rendered: Option<String>,
}

/// What a renderer may say about a rule (SARIF lists the rules that fired).
#[derive(Debug, Clone)]
pub struct RuleMeta {
    pub code: String,
    pub name: String,
    pub severity: Severity,
    pub criterion: Option<String>,
    pub title: Text,
    pub explanation: Text,
    pub help: Option<Text>,
}

impl RuleMeta {
    /// The two document-level codes, which have no rule file.
    pub fn document_codes() -> Vec<RuleMeta> {
        vec![
            RuleMeta {
                code: crate::yaml::CODE.into(),
                name: crate::yaml::NAME.into(),
                severity: Severity::Error,
                criterion: None,
                title: Text::new(
                    "El archivo es YAML 1.2 bien formado",
                    "The file is well-formed YAML 1.2",
                ),
                explanation: Text::new(
                    "Errores de sintaxis, claves duplicadas, tabuladores, codificación, documentos múltiples, raíz que no es un mapeo y límites excedidos.",
                    "Syntax errors, duplicate keys, tabs, encoding, several documents, a root that is not a mapping, and limits exceeded.",
                ),
                help: None,
            },
            RuleMeta {
                code: crate::schema::CODE.into(),
                name: crate::schema::NAME.into(),
                severity: Severity::Error,
                criterion: None,
                title: Text::new(
                    "El estudio cumple el esquema del estudio",
                    "The study follows the study schema",
                ),
                explanation: Text::new(
                    "Tipos, valores admitidos, formatos (UBIGEO, RENIPRESS, CIE-10), claves desconocidas y claves requeridas según schemas/study.schema.json.",
                    "Types, allowed values, formats (UBIGEO, RENIPRESS, CIE-10), unknown keys and required keys, per schemas/study.schema.json.",
                ),
                help: None,
            },
            RuleMeta {
                code: crate::suppress::REASON_CODE.into(),
                name: crate::suppress::REASON_NAME.into(),
                severity: Severity::Error,
                criterion: None,
                title: Text::new("Cada excepción dice por qué", "Every waiver says why"),
                explanation: Text::new(
                    "Un comentario `# pip-lint: allow CÓDIGO -- motivo` exime a un nodo de una regla; sin motivo no exime nada, porque el evaluador debe poder ver por qué se dispensó un criterio.",
                    "A `# pip-lint: allow CODE -- reason` comment waives a rule at one node; without a reason it waives nothing, because the evaluator must be able to see why a criterion was waived.",
                ),
                help: None,
            },
            RuleMeta {
                code: crate::suppress::UNUSED_CODE.into(),
                name: crate::suppress::UNUSED_NAME.into(),
                severity: Severity::Warning,
                criterion: None,
                title: Text::new("Ninguna excepción sobra", "No waiver is left over"),
                explanation: Text::new(
                    "Una excepción que no exime nada (la regla ya no se queja en ese nodo) confunde al lector: quítela.",
                    "A waiver that waives nothing (the rule no longer complains at that node) misleads the reader: remove it.",
                ),
                help: None,
            },
        ]
    }
}

/// Everything a renderer needs.
#[derive(Debug, Default)]
pub struct Report {
    pub files: Vec<FileReport>,
    pub errors: Vec<RunError>,
    /// The rules of the run (with S001/S002), for formats that describe them.
    pub rules: Vec<RuleMeta>,
    pub lang: Lang,
}

impl Report {
    /// Counts per severity, suppressed findings left out.
    pub fn summary(&self) -> Summary {
        Summary::of(self.files.iter().flat_map(|f| &f.diagnostics))
    }

    pub fn rule(&self, code: &str) -> Option<&RuleMeta> {
        self.rules.iter().find(|r| r.code == code)
    }
}

/// A path as a repository-relative URI part: forward slashes, no leading `./`.
pub fn relative_uri(name: &str) -> String {
    let cwd = std::env::current_dir().ok();
    let path = std::path::Path::new(name);
    let rel = match (&cwd, path.is_absolute()) {
        (Some(cwd), true) => path
            .strip_prefix(cwd)
            .map(|p| p.to_path_buf())
            .unwrap_or_else(|_| path.to_path_buf()),
        _ => path.to_path_buf(),
    };
    let s = rel.to_string_lossy().replace('\\', "/");
    s.strip_prefix("./").map(str::to_string).unwrap_or(s)
}
