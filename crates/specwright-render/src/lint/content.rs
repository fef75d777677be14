//! Words outside code: template placeholders left in, and vague words.

use super::doc::{Doc, normalize};
use super::outline::{Outline, brace_tokens};
use super::structure::quote;
use super::{Finding, error, warning};

/// Template placeholders (`{who}`, `{Feature Name}`, `{lowercase words}`) and handlebars
/// expressions (`{{title}}`) left in the spec, one finding each.
pub(crate) fn check_placeholders(doc: &Doc, outline: &Outline, out: &mut Vec<Finding>) {
    for line in doc.lines.iter().filter(|l| !l.hidden) {
        let mut text = line.prose.clone();
        for expression in handlebars_expressions(&line.prose) {
            out.push(error(
                line.number,
                "placeholder",
                format!("the template expression {} was left in", quote(expression)),
                "Replace it with the real content; a rendered spec has no `{{...}}`.",
            ));
            text = text.replacen(expression, &" ".repeat(expression.len()), 1);
        }
        for (at, token) in brace_tokens(&text) {
            let known = outline
                .placeholders
                .iter()
                .any(|p| normalize(p) == normalize(token));
            if known || looks_like_placeholder(&text[..at], token) {
                out.push(error(
                    line.number,
                    "placeholder",
                    format!("the template placeholder `{token}` was left in"),
                    "Replace the placeholder with the real content.",
                ));
            }
        }
    }
}

/// `{{...}}` (and `{{{...}}}`) spans of a line.
fn handlebars_expressions(text: &str) -> Vec<&str> {
    let mut found = Vec::new();
    let mut from = 0;
    while let Some(at) = text[from..].find("{{") {
        let start = from + at;
        match text[start..].find("}}") {
            Some(end) => {
                let mut stop = start + end + 2;
                if text[stop..].starts_with('}') {
                    stop += 1;
                }
                found.push(&text[start..stop]);
                from = stop;
            }
            None => break,
        }
    }
    found
}

/// `{what problem this solves}`, `{p50, p99 targets}`, `{requests/sec}`: lowercase words
/// in braces standing on their own. Not `/users/{id}` (a path), `${HOME}`, `{ a, b }`
/// (code) or `{user_id}` (an identifier).
fn looks_like_placeholder(before: &str, token: &str) -> bool {
    let inner = &token[1..token.len() - 1];
    let stands_alone = before
        .chars()
        .next_back()
        .is_none_or(|c| c.is_whitespace() || matches!(c, '(' | '[' | '*' | '_' | '"' | '\''));
    stands_alone
        && inner.len() <= 80
        && inner.starts_with(|c: char| c.is_ascii_lowercase())
        && !inner.ends_with(' ')
        && inner.chars().all(|c| {
            c.is_ascii_lowercase()
                || c.is_ascii_digit()
                || matches!(c, ' ' | ',' | '\'' | '’' | '-' | '/' | '.' | '(' | ')')
        })
}

/// Words that promise without measuring. Each is matched as whole words, any case.
const VAGUE: [(&str, &str); 9] = [
    (
        "fast",
        "State the target as a number with a unit, e.g. `p99 < 200 ms`.",
    ),
    (
        "scalable",
        "State the load it must carry, e.g. `10x today's 2,000 req/s`.",
    ),
    (
        "user-friendly",
        "Name the concrete behaviour, e.g. `one command, no config file`.",
    ),
    ("etc.", "List every item, or say where the full list lives."),
    (
        "should probably",
        "Decide: write `must`, or move it to Open Questions.",
    ),
    (
        "robust",
        "Name the failures it survives and how it recovers.",
    ),
    (
        "easy",
        "Name the concrete behaviour, e.g. `one command, no config file`.",
    ),
    ("as needed", "Say exactly when, or who decides."),
    ("TBD", "Decide it now, or move it to Open Questions."),
];

/// A word for matching: letters, digits, `_` and inner hyphens (`fast-path` is not `fast`).
fn words(text: &str) -> Vec<(usize, String)> {
    let mut out = Vec::new();
    let mut start = None;
    let chars: Vec<(usize, char)> = text.char_indices().collect();
    for (k, &(at, c)) in chars.iter().enumerate() {
        let inner_hyphen = c == '-'
            && start.is_some()
            && chars.get(k + 1).is_some_and(|(_, n)| n.is_alphanumeric());
        if c.is_alphanumeric() || c == '_' || inner_hyphen {
            start.get_or_insert(at);
        } else if let Some(s) = start.take() {
            out.push((s, text[s..at].to_lowercase()));
        }
    }
    if let Some(s) = start {
        out.push((s, text[s..].to_lowercase()));
    }
    out
}

/// Every occurrence of a vague word outside code, in the order they appear.
pub(crate) fn check_vague(doc: &Doc, out: &mut Vec<Finding>) {
    for line in doc.lines.iter().filter(|l| !l.hidden) {
        let words = words(&line.prose);
        let mut hits: Vec<(usize, &str, &str)> = Vec::new();
        for (k, (at, _)) in words.iter().enumerate() {
            for (vague, hint) in VAGUE {
                let parts: Vec<String> = vague
                    .trim_end_matches('.')
                    .split(' ')
                    .map(str::to_lowercase)
                    .collect();
                let matches = parts
                    .iter()
                    .enumerate()
                    .all(|(p, part)| words.get(k + p).is_some_and(|(_, w)| w == part));
                if matches {
                    hits.push((*at, vague, hint));
                }
            }
        }
        hits.sort_by_key(|(at, _, _)| *at);
        for (_, vague, hint) in hits {
            out.push(warning(
                line.number,
                "vague-word",
                format!("`{vague}` is vague"),
                hint,
            ));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn placeholders_stand_alone() {
        assert!(looks_like_placeholder(
            "- **Goals**: ",
            "{what success looks like}"
        ));
        assert!(looks_like_placeholder("", "{p50, p99 targets}"));
        assert!(looks_like_placeholder("", "{requests/sec}"));
        assert!(!looks_like_placeholder("GET /users/", "{id}"));
        assert!(!looks_like_placeholder("echo $", "{home}"));
        assert!(!looks_like_placeholder("", "{user_id}"));
        assert!(!looks_like_placeholder("Allow ", "{ remaining, reset }"));
        assert!(!looks_like_placeholder("", "{Name}"));
        assert!(!looks_like_placeholder("", "{\"a\": 1}"));
    }

    #[test]
    fn vague_words_are_whole_words() {
        let words: Vec<String> = words("Fast fast-path breakfast, etc. user-friendly -x")
            .into_iter()
            .map(|(_, w)| w)
            .collect();
        assert_eq!(
            words,
            vec![
                "fast",
                "fast-path",
                "breakfast",
                "etc",
                "user-friendly",
                "x"
            ]
        );
    }

    #[test]
    fn handlebars_spans() {
        assert_eq!(
            handlebars_expressions("a {{x}} b {{{y}}} {{z"),
            vec!["{{x}}", "{{{y}}}"]
        );
    }
}
