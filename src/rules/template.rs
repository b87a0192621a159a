//! Message templates: `{name}` is replaced by the finding's value for
//! `name`; `{at.FIELD}` by the field `FIELD` of the nearest node that holds
//! it, from the finding's node up (`{at.year}` of a flow, `{at.id}` of its
//! alternative); `{{` and `}}` stand for literal braces.

/// The prefix of a placeholder that reads a field of the finding's node or
/// of one above it.
pub const AT: &str = "at.";

/// The placeholder names a template uses, or the byte offset of a malformed one.
pub fn placeholders(template: &str) -> Result<Vec<&str>, usize> {
    let mut out = Vec::new();
    let b = template.as_bytes();
    let mut i = 0;
    while i < b.len() {
        match b[i] {
            b'{' if b.get(i + 1) == Some(&b'{') => i += 2,
            b'}' if b.get(i + 1) == Some(&b'}') => i += 2,
            b'{' => {
                let end = template[i..].find('}').ok_or(i)? + i;
                let name = &template[i + 1..end];
                let field = name.strip_prefix(AT).unwrap_or(name);
                if field.is_empty()
                    || !field
                        .bytes()
                        .all(|c| c.is_ascii_alphanumeric() || c == b'_')
                {
                    return Err(i);
                }
                out.push(name);
                i = end + 1;
            }
            b'}' => return Err(i),
            _ => i += 1,
        }
    }
    Ok(out)
}

/// Fills a template. Unknown placeholders are left as written (rule files
/// are checked at load time, so this only happens with hand-built rules).
pub fn render(template: &str, args: &[(&str, String)]) -> String {
    let mut out = String::with_capacity(template.len() + 32);
    let mut rest = template;
    while let Some(i) = rest.find(['{', '}']) {
        out.push_str(&rest[..i]);
        let tail = &rest[i..];
        if tail.starts_with("{{") || tail.starts_with("}}") {
            out.push_str(&tail[..1]);
            rest = &tail[2..];
        } else if let (true, Some(end)) = (tail.starts_with('{'), tail.find('}')) {
            let name = &tail[1..end];
            match args.iter().find(|(k, _)| *k == name) {
                Some((_, v)) => out.push_str(v),
                None => out.push_str(&tail[..=end]),
            }
            rest = &tail[end + 1..];
        } else {
            out.push_str(&tail[..1]);
            rest = &tail[1..];
        }
    }
    out.push_str(rest);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fills_and_escapes() {
        let args = [("value", "8".to_string()), ("expected", "10".to_string())];
        assert_eq!(
            render("es {value}; se exige {expected} {{literal}}", &args),
            "es 8; se exige 10 {literal}"
        );
        assert_eq!(render("{unknown}", &args), "{unknown}");
    }

    #[test]
    fn lists_placeholders_and_rejects_malformed() {
        assert_eq!(placeholders("a {x} b {y_2} {{z}}"), Ok(vec!["x", "y_2"]));
        assert_eq!(placeholders("a {x"), Err(2));
        assert_eq!(placeholders("a {x y}"), Err(2));
        assert_eq!(placeholders("a } b"), Err(2));
        assert_eq!(placeholders("año {at.year}"), Ok(vec!["at.year"]));
        assert_eq!(placeholders("{at.}"), Err(0));
        assert_eq!(placeholders("{a.b}"), Err(0));
    }
}
