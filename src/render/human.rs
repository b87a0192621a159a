//! `--format human`: rustc-style snippets, rendered by codespan-reporting.

use codespan_reporting::diagnostic::{Diagnostic as CsDiagnostic, Label, Severity as CsSeverity};
use codespan_reporting::files::{Error as FilesError, Files};
use codespan_reporting::term::termcolor::Buffer;
use codespan_reporting::term::{self, Chars, Config};

use super::Report;
use crate::diagnostic::{Diagnostic, Severity, Summary};
use crate::i18n::Lang;
use crate::source::Source;

/// Options of the human renderer.
#[derive(Debug, Clone, Copy)]
pub struct Style {
    pub color: bool,
    pub lang: Lang,
}

/// A [`Source`] as codespan sees it: line numbers are the file's own, also
/// for a compacted source that kept only some lines; its name and text as a
/// terminal may show them (see [`super::printable`], [`super::displayable`]).
struct SourceFile<'s> {
    source: &'s Source,
    name: std::borrow::Cow<'s, str>,
    text: std::borrow::Cow<'s, str>,
}

impl<'s> SourceFile<'s> {
    fn new(source: &'s Source) -> SourceFile<'s> {
        SourceFile {
            source,
            name: super::printable(&source.name),
            text: super::displayable(&source.text),
        }
    }
}

impl<'a> Files<'a> for SourceFile<'a> {
    type FileId = ();
    type Name = &'a str;
    type Source = &'a str;

    fn name(&'a self, _: ()) -> Result<&'a str, FilesError> {
        Ok(&self.name)
    }

    fn source(&'a self, _: ()) -> Result<&'a str, FilesError> {
        Ok(&self.text)
    }

    fn line_index(&'a self, _: (), byte_index: usize) -> Result<usize, FilesError> {
        Ok(self.source.line_index(byte_index))
    }

    fn line_range(
        &'a self,
        _: (),
        line_index: usize,
    ) -> Result<std::ops::Range<usize>, FilesError> {
        Ok(self.source.line_range(line_index))
    }

    fn column_number(&'a self, _: (), _: usize, byte_index: usize) -> Result<usize, FilesError> {
        Ok(self.source.position(byte_index).column)
    }
}

fn config() -> Config {
    Config {
        chars: Chars::ascii(),
        ..Config::default()
    }
}

fn buffer(color: bool) -> Buffer {
    if color {
        Buffer::ansi()
    } else {
        Buffer::no_color()
    }
}

/// The labels of a diagnostic: its primary span and the related spans of the
/// same file; related places in other files become notes.
fn labels(source: &Source, d: &Diagnostic) -> (Vec<Label<()>>, Vec<String>) {
    let mut labels = vec![
        Label::primary((), source.clamp(d.range.clone()))
            .with_message(super::printable(d.label.as_deref().unwrap_or_default())),
    ];
    let mut notes = Vec::new();
    for r in &d.related {
        match &r.file {
            None => labels.push(
                Label::secondary((), source.clamp(r.range.clone()))
                    .with_message(super::printable(&r.message)),
            ),
            Some(other) => notes.push(format!(
                "{}: {}:{}:{}",
                super::printable(&r.message),
                super::printable(other),
                r.start.line,
                r.start.column
            )),
        }
    }
    (labels, notes)
}

/// The annotated snippet of a diagnostic alone (the `-->` line and the
/// labelled source lines, no message and no notes), without colour: for
/// documents that show the message and the notes their own way (the
/// evaluator's report).
pub fn snippet(source: &Source, d: &Diagnostic) -> String {
    let (labels, _) = labels(source, d);
    let cs = CsDiagnostic::new(CsSeverity::Error).with_labels(labels);
    let mut buf = buffer(false);
    if term::emit_to_write_style(&mut buf, &config(), &SourceFile::new(source), &cs).is_err() {
        return String::new();
    }
    let text = String::from_utf8_lossy(buf.as_slice());
    // The first line is the empty header (`error: `); the last ones are blank.
    let body = text.split_once('\n').map_or("", |(_, rest)| rest);
    format!("{}\n", body.trim_end())
}

/// Renders one diagnostic of `source`.
pub fn render_diagnostic(source: &Source, d: &Diagnostic, style: Style) -> String {
    let file = SourceFile::new(source);
    let severity = match d.severity {
        Severity::Error => CsSeverity::Error,
        Severity::Warning => CsSeverity::Warning,
        Severity::Info => CsSeverity::Note,
    };
    let (labels, mut notes) = labels(source, d);
    let lang = style.lang;
    let mut place = if d.pointer.is_empty() {
        lang.pick("en la raíz del documento", "at the document root")
            .to_string()
    } else {
        format!("{} {}", lang.pick("en", "at"), d.pointer)
    };
    if let Some(c) = &d.criterion {
        // A section of the guide, or another source (Ley 30885) as written.
        if c.starts_with(|ch: char| ch.is_ascii_digit()) {
            place.push_str(&format!(" · Criterios Mínimos §{c}"));
        } else {
            place.push_str(&format!(" · {c}"));
        }
    }
    // The pointer is worth a note unless the message already names it.
    if !d.pointer.is_empty()
        && (d.criterion.is_some() || !d.message.contains(&format!("`{}`", d.pointer)))
    {
        notes.insert(0, place);
    }
    notes.extend(d.notes.iter().map(|n| super::printable(n).into_owned()));
    if let Some(h) = &d.help {
        notes.push(format!(
            "{}: {}",
            lang.pick("ayuda", "help"),
            super::printable(h)
        ));
    }
    let cs = CsDiagnostic::new(severity)
        .with_code(d.code.clone())
        .with_message(super::printable(&d.message))
        .with_labels(labels)
        .with_notes(notes);
    let mut buf = buffer(style.color);
    if term::emit_to_write_style(&mut buf, &config(), &file, &cs).is_err() {
        // The range was clamped, so this cannot happen; fall back to one plain line.
        let p = source.position(d.range.start);
        return format!(
            "{}:{}:{}: {} [{}]\n",
            super::printable(&source.name),
            p.line,
            p.column,
            super::printable(&d.message),
            d.code
        );
    }
    let out = String::from_utf8_lossy(buf.as_slice()).into_owned();
    localized_header(out, d.severity, style.lang)
}

/// codespan writes the header's severity in English (`warning[F004]`,
/// `note[E003]`); in Spanish its first occurrence, on the first line, is
/// the severity, before the code and the message.
fn localized_header(out: String, severity: Severity, lang: Lang) -> String {
    let english = match severity {
        Severity::Error => return out,
        Severity::Warning => "warning[",
        Severity::Info => "note[",
    };
    if lang == Lang::En {
        return out;
    }
    let first_line = out.find('\n').unwrap_or(out.len());
    match out[..first_line].find(english) {
        Some(at) => format!(
            "{}{}[{}",
            &out[..at],
            severity.label(lang),
            &out[at + english.len()..]
        ),
        None => out,
    }
}

/// The closing line: files checked and counts per severity.
pub fn summary_line(files: usize, s: Summary, lang: Lang) -> String {
    let plural = crate::i18n::count;
    match lang {
        Lang::Es => format!(
            "{} revisado{}: {}, {}, {}\n",
            plural(files, "archivo", "archivos"),
            if files == 1 { "" } else { "s" },
            plural(s.error, "error", "errores"),
            plural(s.warning, "advertencia", "advertencias"),
            plural(s.info, "nota", "notas"),
        ),
        Lang::En => format!(
            "{} checked: {}, {}, {}\n",
            plural(files, "file", "files"),
            plural(s.error, "error", "errors"),
            plural(s.warning, "warning", "warnings"),
            plural(s.info, "info", "info"),
        ),
    }
}

/// Every diagnostic that is not suppressed, then the run's failures.
pub fn render_diagnostics(report: &Report, style: Style) -> String {
    let mut out = String::new();
    for f in &report.files {
        for d in f.diagnostics.iter().filter(|d| d.suppressed.is_none()) {
            out.push_str(&render_diagnostic(&f.source, d, style));
        }
    }
    out
}

/// The diagnostics and the summary line.
pub fn render(report: &Report, style: Style) -> String {
    let mut out = render_diagnostics(report, style);
    out.push_str(&summary_line(
        report.files.len(),
        report.summary(),
        style.lang,
    ));
    out
}
