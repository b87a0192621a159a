//! The language of messages: Spanish for the users, English for the project.

use std::fmt;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub enum Lang {
    Es,
    #[default]
    En,
}

impl Lang {
    /// The language from the locale: `LC_ALL`, then `LC_MESSAGES`, then `LANG`
    /// (the first one set and non-empty wins, as POSIX says). `es*` gives Spanish.
    pub fn from_env() -> Lang {
        Lang::from_locale_vars(|name| std::env::var(name).ok())
    }

    pub fn from_locale_vars(get: impl Fn(&str) -> Option<String>) -> Lang {
        for name in ["LC_ALL", "LC_MESSAGES", "LANG"] {
            if let Some(value) = get(name).filter(|v| !v.is_empty()) {
                return if value.to_ascii_lowercase().starts_with("es") {
                    Lang::Es
                } else {
                    Lang::En
                };
            }
        }
        Lang::En
    }

    pub fn parse(s: &str) -> Option<Lang> {
        match s {
            "es" => Some(Lang::Es),
            "en" => Some(Lang::En),
            _ => None,
        }
    }

    pub fn code(self) -> &'static str {
        match self {
            Lang::Es => "es",
            Lang::En => "en",
        }
    }

    /// Picks the text for this language.
    pub fn pick<'a>(self, es: &'a str, en: &'a str) -> &'a str {
        match self {
            Lang::Es => es,
            Lang::En => en,
        }
    }
}

/// `n` with the singular or plural noun: "1 error", "3 errores".
pub fn count(n: usize, one: &str, many: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
}

/// An input/output error in the language of messages: the common kinds in
/// words of their own, any other with the system's text (in English) after
/// a Spanish lead-in.
/// The error of a path that is not a regular file (a FIFO, a device, a
/// socket): reading it could wait for ever.
#[derive(Debug)]
pub struct NotRegular;

impl std::fmt::Display for NotRegular {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("not a regular file")
    }
}

impl std::error::Error for NotRegular {}

pub fn io_error(err: &std::io::Error, lang: Lang) -> String {
    use std::io::ErrorKind as K;
    if err.get_ref().is_some_and(|e| e.is::<NotRegular>()) {
        return lang
            .pick(
                "no es un archivo común (es un FIFO, un dispositivo o un socket); para leer de la entrada estándar use `-`",
                "not a regular file (a FIFO, a device or a socket); to read standard input use `-`",
            )
            .to_string();
    }
    let (es, en) = match err.kind() {
        K::NotFound => ("no existe", "no such file or directory"),
        K::PermissionDenied => ("permiso denegado", "permission denied"),
        K::IsADirectory => (
            "es un directorio, no un archivo",
            "is a directory, not a file",
        ),
        K::NotADirectory => (
            "una parte de la ruta no es un directorio",
            "a part of the path is not a directory",
        ),
        _ => {
            return match lang {
                Lang::Es => format!("error de lectura o escritura: {err}"),
                Lang::En => err.to_string(),
            };
        }
    };
    lang.pick(es, en).to_string()
}

impl fmt::Display for Lang {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.code())
    }
}

/// A message in both languages.
#[derive(Debug, Clone, PartialEq, Eq, Default, serde::Serialize, serde::Deserialize)]
pub struct Text {
    pub es: String,
    pub en: String,
}

impl Text {
    pub fn new(es: impl Into<String>, en: impl Into<String>) -> Text {
        Text {
            es: es.into(),
            en: en.into(),
        }
    }

    pub fn get(&self, lang: Lang) -> &str {
        lang.pick(&self.es, &self.en)
    }
}

/// How people read a value the study schema lists (`urban`, `ampliacion`,
/// `centro_de_salud`…) in `lang`; `None` for any other value, which is
/// shown as written.
pub fn enum_word(value: &str, lang: Lang) -> Option<&'static str> {
    const WORDS: &[(&str, &str, &str)] = &[
        ("urban", "urbano", "urban"),
        ("concentrated", "concentrada", "concentrated"),
        ("dispersed", "dispersa", "dispersed"),
        ("metropolitan", "metropolitana", "metropolitan"),
        ("rural", "rural", "rural"),
        ("costa", "costa", "coast"),
        ("sierra", "sierra", "highlands"),
        ("selva", "selva", "rainforest"),
        (
            "perinatal_temprano",
            "perinatal temprano",
            "early perinatal",
        ),
        ("perinatal_tardio", "perinatal tardío", "late perinatal"),
        ("puesto_de_salud", "puesto de salud", "puesto de salud"),
        ("centro_de_salud", "centro de salud", "centro de salud"),
        (
            "hospital_de_apoyo",
            "hospital de apoyo",
            "hospital de apoyo",
        ),
        ("hospital_ii", "hospital II", "hospital II"),
        ("hospital_iii", "hospital III", "hospital III"),
        (
            "instituto_especializado",
            "instituto especializado",
            "instituto especializado",
        ),
        ("microrred", "microrred", "microrred"),
        ("red", "red", "red"),
        ("creacion", "creación", "creation"),
        ("mejoramiento", "mejoramiento", "improvement"),
        ("ampliacion", "ampliación", "expansion"),
        (
            "ampliacion_y_mejoramiento",
            "ampliación y mejoramiento",
            "expansion and improvement",
        ),
        ("recuperacion", "recuperación", "recovery"),
        ("rehabilitacion", "rehabilitación", "rehabilitation"),
        ("reposicion", "reposición", "replacement"),
        ("perfil", "perfil", "profile"),
        ("prefactibilidad", "prefactibilidad", "pre-feasibility"),
        ("factibilidad", "factibilidad", "feasibility"),
        ("presentado", "presentado", "submitted"),
        ("revisado", "revisado", "reviewed"),
        ("evaluado", "evaluado", "evaluated"),
        ("reformulado", "reformulado", "reformulated"),
        ("aprobado", "aprobado", "approved"),
        ("viable", "declarado viable", "declared viable"),
        ("quality", "calidad", "quality"),
        ("coverage", "cobertura", "coverage"),
        (
            "quality_and_coverage",
            "calidad y cobertura",
            "quality and coverage",
        ),
        ("gestantes", "gestantes", "pregnant women"),
        ("neonatal", "neonatal", "neonatal"),
        ("infancia", "infancia", "infancy"),
        ("preescolar", "preescolar", "pre-school"),
        ("escolar", "escolar", "school age"),
        ("adolescentes", "adolescentes", "adolescents"),
        ("adultos", "adultos", "adults"),
        ("adulto_mayor", "adulto mayor", "older adults"),
        (
            "mujeres_edad_fertil",
            "mujeres en edad fértil",
            "women of fertile age",
        ),
    ];
    WORDS
        .iter()
        .find(|(v, _, _)| *v == value)
        .map(|(_, es, en)| lang.pick(es, en))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn locale_precedence() {
        let env = |pairs: &'static [(&'static str, &'static str)]| {
            move |name: &str| {
                pairs
                    .iter()
                    .find(|(k, _)| *k == name)
                    .map(|(_, v)| v.to_string())
            }
        };
        assert_eq!(
            Lang::from_locale_vars(env(&[("LANG", "es_PE.UTF-8")])),
            Lang::Es
        );
        assert_eq!(
            Lang::from_locale_vars(env(&[("LANG", "es_PE.UTF-8"), ("LC_ALL", "C")])),
            Lang::En
        );
        assert_eq!(
            Lang::from_locale_vars(env(&[("LC_ALL", ""), ("LC_MESSAGES", "es")])),
            Lang::Es
        );
        assert_eq!(Lang::from_locale_vars(env(&[])), Lang::En);
    }

    #[test]
    fn io_errors_in_both_languages() {
        use std::io::{Error, ErrorKind};
        let missing = Error::from(ErrorKind::NotFound);
        assert_eq!(io_error(&missing, Lang::Es), "no existe");
        assert_eq!(io_error(&missing, Lang::En), "no such file or directory");
        let denied = Error::from(ErrorKind::PermissionDenied);
        assert_eq!(io_error(&denied, Lang::Es), "permiso denegado");
        let other = Error::other("disk on fire");
        assert_eq!(
            io_error(&other, Lang::Es),
            "error de lectura o escritura: disk on fire"
        );
        assert_eq!(io_error(&other, Lang::En), "disk on fire");
    }
}
