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
    /// The file gave no document (S001 stopped it): neither the schema nor
    /// the rules saw it. A duplicate key is S001 too, but its document is read.
    pub unread: bool,
}

/// A failure of the run itself (unreadable path, invalid rule file, …).
#[derive(Debug, Clone)]
pub struct RunError {
    pub path: String,
    pub message: String,
    /// A rendered diagnostic pointing into the offending file, when there is one.
    pub rendered: Option<String>,
}

/// Whether a character could act on a terminal or reorder what it shows: a
/// control character (C0, DEL, C1) other than tab, or a bidirectional
/// embedding, override or isolate.
fn is_unsafe(c: char) -> bool {
    (c.is_control() && c != '\t')
        || matches!(c, '\u{200E}' | '\u{200F}' | '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}')
}

/// A text that comes from a study (a message quoting a value, a file name),
/// safe to print on one terminal line: a line break becomes `\n`, and any
/// other character that could act on the terminal an escape such as
/// `\u{1b}`. A submitted study must not be able to drive the evaluator's
/// terminal.
pub fn printable(s: &str) -> std::borrow::Cow<'_, str> {
    if !s.chars().any(is_unsafe) {
        return std::borrow::Cow::Borrowed(s);
    }
    let mut out = String::with_capacity(s.len() + 8);
    for c in s.chars() {
        match c {
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            c if is_unsafe(c) => out.push_str(&format!("\\u{{{:x}}}", c as u32)),
            c => out.push(c),
        }
    }
    std::borrow::Cow::Owned(out)
}

/// A file's text as a snippet may show it: each character that could act on
/// a terminal is replaced by a visible one of the same length in bytes (`?`,
/// `¿`, `�`), so that every offset still points where it did.
pub fn displayable(text: &str) -> std::borrow::Cow<'_, str> {
    let unsafe_line_char = |c: char| is_unsafe(c) && !matches!(c, '\n' | '\r');
    if !text.chars().any(unsafe_line_char) {
        return std::borrow::Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        if unsafe_line_char(c) {
            out.push(match c.len_utf8() {
                1 => '?',
                2 => '¿',
                _ => '\u{FFFD}',
            });
        } else {
            out.push(c);
        }
    }
    debug_assert_eq!(out.len(), text.len());
    std::borrow::Cow::Owned(out)
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
    /// The document-level codes (S001–S005), which have no rule file.
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
                    "Qué verifica: que el archivo sea un documento YAML 1.2 bien formado: texto UTF-8, sin errores de sintaxis, sin claves duplicadas en un mapeo, sin tabuladores en la sangría, un solo documento, con un mapeo como raíz, y dentro de los límites de tamaño, profundidad, alias y nodos (opciones `--max-*` de `check` o `[limits]` de pip-lint.toml).\n\nPor qué: un estudio que no se puede leer no se puede evaluar. Con una clave duplicada, muchas herramientas se quedan con uno de los dos valores sin avisar, y nadie sabría cuál se evaluó. Los límites protegen a quien revisa de archivos que agotarían la memoria (alias anidados, anidamiento extremo).\n\nCómo corregirlo: corrija el archivo en la posición señalada. Un archivo con S001 no pasa por el esquema ni por las reglas, y S001 no se puede eximir.",
                    "What it checks: that the file is a well-formed YAML 1.2 document: UTF-8 text, no syntax errors, no duplicate keys in a mapping, no tabs in indentation, a single document, a mapping at the root, and within the limits of size, depth, aliases and nodes (the `--max-*` options of `check` or `[limits]` in pip-lint.toml).\n\nWhy: a study that cannot be read cannot be evaluated. With a duplicate key, many tools keep one of the two values without a word, and nobody would know which one was evaluated. The limits protect the reviewer from files that would exhaust memory (nested aliases, extreme nesting).\n\nHow to fix it: correct the file at the position shown. A file with S001 goes through neither the schema nor the rules, and S001 cannot be waived.",
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
                    "Qué verifica: que el estudio siga el esquema del estudio (`pip-lint schema` lo imprime): tipos, valores admitidos, formatos (UBIGEO, RENIPRESS, CIE-10), claves desconocidas y claves requeridas. Cada problema se señala en su nodo; una clave requerida que falta, en el mapeo que debería tenerla, con su nombre.\n\nPor qué: las reglas leen los datos en lugares fijos del estudio; un dato ausente, mal escrito o de otro tipo haría que una regla callara sin haber verificado nada. Por eso ninguna regla se pronuncia sobre un valor que el esquema rechazó.\n\nCómo corregirlo: el mensaje dice qué se esperaba. `pip-lint init` escribe una plantilla comentada, y un editor con yaml-language-server completa y valida el estudio con el esquema.",
                    "What it checks: that the study follows the study schema (`pip-lint schema` prints it): types, allowed values, formats (UBIGEO, RENIPRESS, CIE-10), unknown keys and required keys. Each problem is pointed at its node; a missing required key at the mapping that should have it, by name.\n\nWhy: the rules read the data at fixed places of the study; a value that is missing, misspelt or of another type would make a rule stay silent without having checked anything. That is why no rule speaks about a value the schema rejected.\n\nHow to fix it: the message says what was expected. `pip-lint init` writes a commented template, and an editor with yaml-language-server completes and validates the study with the schema.",
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
                    "Qué verifica: que cada comentario `# pip-lint: allow CÓDIGO -- motivo` dé un motivo después de `--`.\n\nPor qué: el comentario exime a un nodo (y a lo que cuelga de él) de las reglas nombradas; sin motivo no exime nada, porque el evaluador debe poder ver por qué se dispensó un criterio.\n\nCómo corregirlo: escriba el motivo, p. ej. `land:  # pip-lint: allow F003 -- terreno donado con área fija, ver acta 12`.",
                    "What it checks: that every `# pip-lint: allow CODE -- reason` comment gives a reason after `--`.\n\nWhy: the comment waives the rules named at one node (and everything under it); without a reason it waives nothing, because the evaluator must be able to see why a criterion was waived.\n\nHow to fix it: write the reason, e.g. `land:  # pip-lint: allow F003 -- terreno donado con área fija, ver acta 12`.",
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
                    "Qué verifica: que cada comentario `# pip-lint: allow` con motivo exima de verdad algún hallazgo, que tenga un nodo al que aplicarse y que cada código o nombre que da sea el de una regla.\n\nPor qué: una excepción que no exime nada (la regla ya no se queja en ese nodo, o el comentario no precede a ningún nodo) hace creer al lector que el estudio se aparta de un criterio.\n\nCómo corregirlo: quite el comentario, o póngalo en el nodo que debía eximir.",
                    "What it checks: that every `# pip-lint: allow` comment with a reason actually waives some finding, has a node to apply to, and that each code or name it gives is a rule's.\n\nWhy: a waiver that waives nothing (the rule no longer complains at that node, or the comment precedes no node) makes the reader believe that the study departs from a criterion.\n\nHow to fix it: remove the comment, or put it on the node it was meant to waive.",
                ),
                help: None,
            },
            RuleMeta {
                code: crate::placeholder::CODE.into(),
                name: crate::placeholder::NAME.into(),
                severity: Severity::Error,
                criterion: None,
                title: Text::new(
                    "No queda nada de la plantilla sin completar",
                    "Nothing of the template is left unfilled",
                ),
                explanation: Text::new(
                    "Qué verifica: que no queden en el estudio textos de la plantilla de `pip-lint init` (los que empiezan con «COMPLETAR:») ni valores de ejemplo marcados con un comentario «# COMPLETAR» en su línea (ceros, el mínimo que admite el esquema).\n\nPor qué: la plantilla pasa el esquema a propósito, para que se pueda revisar por partes mientras se llena; pero un valor de ejemplo no es un dato del estudio, y un criterio verificado sobre él no diría nada. Por eso el esquema y las reglas no se pronuncian sobre un valor de la plantilla, y el informe del evaluador marca *No verificado* los criterios que lo leen.\n\nCómo corregirlo: escriba el dato del estudio y borre la marca «# COMPLETAR»; un texto de la plantilla se reemplaza entero.",
                    "What it checks: that no text of the `pip-lint init` template (those starting with `COMPLETAR:`) and no sample value marked with a `# COMPLETAR` comment on its line (zeros, the schema's minimum) is left in the study.\n\nWhy: the template passes the schema on purpose, so that it can be checked part by part while it is filled in; but a sample value is not the study's, and a criterion checked on it would say nothing. That is why the schema and the rules say nothing about a template value, and the evaluator's report marks the criteria that read it *No verificado*.\n\nHow to fix it: write the study's value and delete the `# COMPLETAR` mark; a template text is replaced whole.",
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
    /// The least severe finding that fails the run (`--fail-on`): the
    /// formats that pass or fail test cases (JUnit) agree with the exit status.
    pub fail_on: Severity,
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

#[cfg(test)]
mod printable_tests {
    use super::*;

    #[test]
    fn study_text_cannot_drive_a_terminal() {
        assert_eq!(printable("«Pasco»"), "«Pasco»");
        assert_eq!(
            printable("a\u{1b}[31mb\nc\u{202e}d"),
            "a\\u{1b}[31mb\\nc\\u{202e}d"
        );
        let text = "k: \"a\u{1b}b\u{85}c\u{202e}d\"\nl: 1\r\n";
        let shown = displayable(text);
        assert_eq!(shown, "k: \"a?b¿c\u{FFFD}d\"\nl: 1\r\n");
        assert_eq!(shown.len(), text.len());
    }
}
