//! Markdown escaping for text that came from a user or a model, so that no value can add
//! or remove a table column, start a heading or a list, or inject HTML.

/// Escapes `text` for use inline: in a table cell, a heading, or after a bullet's label.
///
/// - Line breaks, tabs and other whitespace runs become one space; other control
///   characters (C0, DEL, C1), terminal escape sequences and bidirectional-override
///   characters are dropped, so a value is always one line and reads as it renders.
/// - `\`, `|`, `` ` ``, `[` and `]` are backslash-escaped, and so is a `<` that could
///   open an HTML tag or an autolink (one followed by a letter, `/`, `!` or `?`): a value
///   cannot split a table cell, open a code span or a link, or inject HTML. Any other `<`
///   (`p99 < 200 ms`) stays as it is, which reads better than an entity.
/// - A `{` that would read as a template placeholder (`{{x}}`, a `{who}` standing alone),
///   which the spec linter rejects, is backslash-escaped; `/{code}` stays as it is.
/// - A value that would start a block at the beginning of a line (`#`, `>`, `-`, `+`, `*`,
///   `=`, `~`, `_`, `1.`, `1)`) has its marker escaped, and a trailing ` ##` is escaped so a
///   heading keeps it.
/// - The result is trimmed.
pub fn inline(text: &str) -> String {
    let flat = flatten(text);
    let mut out = String::with_capacity(flat.len() + 8);
    let mut prev: Option<char> = None;
    let mut chars = flat.chars().peekable();
    while let Some(c) = chars.next() {
        let placeholder_brace = c == '{'
            && (prev == Some('{')
                || chars.peek() == Some(&'{')
                || prev.is_none_or(|p| {
                    p.is_whitespace() || matches!(p, '(' | '[' | '*' | '_' | '"' | '\'')
                }));
        prev = Some(c);
        match c {
            '\\' | '|' | '`' | '[' | ']' => {
                out.push('\\');
                out.push(c);
            }
            '{' if placeholder_brace => out.push_str("\\{"),
            '<' if chars
                .peek()
                .is_some_and(|n| n.is_ascii_alphabetic() || matches!(n, '/' | '!' | '?')) =>
            {
                out.push_str("\\<");
            }
            _ => out.push(c),
        }
    }
    escape_trailing_hashes(escape_block_start(out))
}

/// True when `text` escapes to nothing: a value that would render as an empty cell.
pub fn is_blank(text: &str) -> bool {
    flatten(text).is_empty()
}

/// One line: whitespace runs become one space, other controls are dropped, trimmed.
fn flatten(text: &str) -> String {
    let mut flat = String::with_capacity(text.len());
    let mut pending_space = false;
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        if c == '\u{1b}' {
            skip_escape_sequence(&mut chars);
            continue;
        }
        if c.is_whitespace() {
            pending_space = true;
            continue;
        }
        if c.is_control() || is_invisible_format(c) {
            continue;
        }
        if pending_space && !flat.is_empty() {
            flat.push(' ');
        }
        pending_space = false;
        flat.push(c);
    }
    flat
}

/// Bidirectional overrides and isolates can make text read differently from what it says
/// ("Trojan Source"); a byte-order mark is noise. Joiners stay: emoji need them.
fn is_invisible_format(c: char) -> bool {
    matches!(c, '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}' | '\u{feff}')
}

/// Skips what follows an ESC: a CSI sequence (`ESC [ ... final`), an OSC sequence
/// (`ESC ] ... BEL` or `ESC ] ... ESC \`), or the one character of a short escape.
fn skip_escape_sequence(chars: &mut std::iter::Peekable<std::str::Chars<'_>>) {
    match chars.peek() {
        Some('[') => {
            chars.next();
            for c in chars.by_ref() {
                if ('\u{40}'..='\u{7e}').contains(&c) {
                    break;
                }
            }
        }
        Some(']') => {
            chars.next();
            while let Some(c) = chars.next() {
                if c == '\u{7}' {
                    break;
                }
                if c == '\u{1b}' {
                    if chars.peek() == Some(&'\\') {
                        chars.next();
                    }
                    break;
                }
            }
        }
        Some(c) if !c.is_whitespace() && !c.is_control() => {
            chars.next();
        }
        _ => {}
    }
}

/// A value that starts a line must not open a heading, list, quote, rule, fence or
/// numbered list: the marker is escaped so the text stays plain.
fn escape_block_start(text: String) -> String {
    let digits = ordered_list_marker(&text);
    if let Some(digits) = digits {
        let mut out = String::with_capacity(text.len() + 1);
        out.push_str(&text[..digits]);
        out.push('\\');
        out.push_str(&text[digits..]);
        return out;
    }
    if text.starts_with(['#', '>', '-', '+', '*', '=', '~', '_']) {
        return format!("\\{text}");
    }
    text
}

/// The number of digits of a leading ordered-list marker (`12.` or `12)` followed by a
/// space or the end), if there is one.
fn ordered_list_marker(text: &str) -> Option<usize> {
    let digits = text.bytes().take_while(u8::is_ascii_digit).count();
    let mut rest = text[digits..].chars();
    let marker = digits > 0
        && matches!(rest.next(), Some('.' | ')'))
        && rest.next().is_none_or(char::is_whitespace);
    marker.then_some(digits)
}

/// In an ATX heading a trailing run of `#` after a space is a closing sequence and would be
/// dropped ("Issue #" would render as "Issue"); escaping its first `#` keeps it as text.
fn escape_trailing_hashes(text: String) -> String {
    let body = text.trim_end_matches('#');
    if body.len() == text.len() || !body.ends_with(' ') {
        return text;
    }
    format!("{body}\\{}", &text[body.len()..])
}

/// Splits a markdown table row into its cells the way GFM does: a `|` preceded by an odd
/// number of backslashes is escaped and does not split.
pub fn table_cells(row: &str) -> Vec<String> {
    let row = row.trim();
    let row = row.strip_prefix('|').unwrap_or(row);
    let mut cells = Vec::new();
    let mut cell = String::new();
    let mut escaped = false;
    for c in row.chars() {
        if escaped {
            cell.push(c);
            escaped = false;
            continue;
        }
        match c {
            '\\' => {
                cell.push(c);
                escaped = true;
            }
            '|' => cells.push(std::mem::take(&mut cell)),
            _ => cell.push(c),
        }
    }
    if !cell.trim().is_empty() {
        cells.push(cell);
    }
    cells.into_iter().map(|c| c.trim().to_string()).collect()
}

/// Removes terminal control sequences (CSI, OSC such as hyperlinks and clipboard writes,
/// other ESC sequences) and control characters other than newline and tab, so text from
/// a model or a file cannot drive the terminal.
pub fn strip_controls(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '\u{1b}' => match chars.next() {
                // CSI: parameters and intermediates, then one final byte in @..~
                Some('[') => {
                    for n in chars.by_ref() {
                        if ('@'..='~').contains(&n) {
                            break;
                        }
                    }
                }
                // OSC, DCS, SOS, PM, APC: up to BEL or ST (ESC \)
                Some(']' | 'P' | 'X' | '^' | '_') => {
                    while let Some(n) = chars.next() {
                        if n == '\u{7}' || n == '\u{9c}' {
                            break;
                        }
                        if n == '\u{1b}' {
                            if chars.peek() == Some(&'\\') {
                                chars.next();
                            }
                            break;
                        }
                    }
                }
                // Two-byte sequences (ESC c, ESC 7, ...) and charset selections.
                Some('(' | ')' | '*' | '+' | '#' | '%') => {
                    chars.next();
                }
                _ => {}
            },
            // C1 CSI and OSC introducers.
            '\u{9b}' => {
                for n in chars.by_ref() {
                    if ('@'..='~').contains(&n) {
                        break;
                    }
                }
            }
            '\u{9d}' | '\u{90}' | '\u{98}' | '\u{9e}' | '\u{9f}' => {
                for n in chars.by_ref() {
                    if n == '\u{7}' || n == '\u{9c}' {
                        break;
                    }
                }
            }
            '\n' | '\t' => out.push(c),
            '\r' => {}
            c if c.is_control() => {}
            c => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use pretty_assertions::assert_eq;
    use proptest::prelude::*;

    #[test]
    fn pipes_newlines_backticks_and_html_are_neutralised() {
        assert_eq!(inline("a|b\nc"), "a\\|b c");
        assert_eq!(inline("`code`"), "\\`code\\`");
        assert_eq!(inline("<script>"), "\\<script>");
        assert_eq!(
            inline("</b> <!-- x --> <?php"),
            "\\</b> \\<!-- x --> \\<?php"
        );
        assert_eq!(inline("p99 < 200 ms, a<=b"), "p99 < 200 ms, a<=b");
        assert_eq!(inline("Option<&TenantId>"), "Option<&TenantId>");
        assert_eq!(inline("Result<Decision>"), "Result\\<Decision>");
        assert_eq!(inline("code -> HTTP 301"), "code -> HTTP 301");
        assert_eq!(inline("> quoted"), "\\> quoted");
        assert_eq!(inline("back\\slash|"), "back\\\\slash\\|");
        assert_eq!(inline("already \\| escaped"), "already \\\\\\| escaped");
        assert_eq!(inline("[link](http://x)"), "\\[link\\](http://x)");
        assert_eq!(inline("  spaced \r\n\r\n out "), "spaced out");
        assert_eq!(inline("tab\there"), "tab here");
        assert_eq!(inline("{{x}} and {who}"), "\\{\\{x}} and \\{who}");
        assert_eq!(inline("GET /{code}"), "GET /{code}");
        assert_eq!(
            inline("line\u{2028}separator\u{85}next"),
            "line separator next"
        );
    }

    #[test]
    fn control_characters_and_terminal_escapes_are_dropped() {
        assert_eq!(inline("\u{1b}[31mred\u{1b}[0m text"), "red text");
        assert_eq!(inline("title\u{1b}]0;pwned\u{7}!"), "title!");
        assert_eq!(inline("nul\u{0}bell\u{7}del\u{7f}c1\u{9b}"), "nulbelldelc1");
        assert_eq!(inline("a\u{202e}b\u{2066}c\u{feff}"), "abc");
        assert_eq!(inline("\u{1b}"), "");
        assert!(is_blank(" \u{1b}\n\u{0} "));
        assert!(!is_blank(" x "));
    }

    #[test]
    fn a_value_cannot_start_a_block() {
        assert_eq!(inline("# Title"), "\\# Title");
        assert_eq!(inline("- item"), "\\- item");
        assert_eq!(inline("+ item"), "\\+ item");
        assert_eq!(inline("* item"), "\\* item");
        assert_eq!(inline("==="), "\\===");
        assert_eq!(inline("___"), "\\___");
        assert_eq!(inline("~~~"), "\\~~~");
        assert_eq!(inline("1. first"), "1\\. first");
        assert_eq!(inline("12) first"), "12\\) first");
        assert_eq!(inline("3."), "3\\.");
        assert_eq!(inline("\n## injected"), "\\## injected");
        assert_eq!(inline("C# and F#"), "C# and F#");
        assert_eq!(inline("99.95%"), "99.95%");
        assert_eq!(inline("1.5 s"), "1.5 s");
        assert_eq!(inline("2024"), "2024");
    }

    #[test]
    fn a_trailing_closing_sequence_is_kept_as_text() {
        assert_eq!(inline("Issue #"), "Issue \\#");
        assert_eq!(inline("Tags ##"), "Tags \\##");
        assert_eq!(inline("C#"), "C#");
        assert_eq!(inline("#"), "\\#");
    }

    #[test]
    fn cells_split_on_unescaped_pipes_only() {
        assert_eq!(table_cells("| a | b\\|c | d |"), vec!["a", "b\\|c", "d"]);
        assert_eq!(table_cells("| a\\\\| b |"), vec!["a\\\\", "b"]);
        assert_eq!(table_cells("| a\\\\\\| b |"), vec!["a\\\\\\| b"]);
    }

    /// Counts the `|` that split a GFM table row: those preceded by an even number of
    /// backslashes. Written apart from [`table_cells`] so the two check each other.
    fn unescaped_pipes(row: &str) -> usize {
        let mut count = 0;
        let mut backslashes = 0;
        for c in row.chars() {
            match c {
                '\\' => backslashes += 1,
                '|' if backslashes % 2 == 0 => {
                    count += 1;
                    backslashes = 0;
                }
                _ => backslashes = 0,
            }
        }
        count
    }

    fn hostile() -> impl Strategy<Value = String> {
        prop_oneof![
            any::<String>(),
            "[|\\\\`#<>*+=_~\\-\\[\\]0-9. \n\r\t\u{1b}\u{85}\u{202e}a-c]{0,16}",
            "(\\\\*\\|){1,4}",
        ]
    }

    /// An unescaped `<` that could start a tag, a comment or an autolink.
    fn opens_html(text: &str) -> bool {
        let chars: Vec<char> = text.chars().collect();
        chars.iter().enumerate().any(|(i, c)| {
            *c == '<'
                && (i == 0 || chars[i - 1] != '\\')
                && chars
                    .get(i + 1)
                    .is_some_and(|n| n.is_ascii_alphabetic() || matches!(n, '/' | '!' | '?'))
        })
    }

    proptest! {
        #[test]
        fn an_escaped_value_is_always_one_cell(values in proptest::collection::vec(hostile(), 1..6)) {
            let row = format!("| {} |", values.iter().map(|v| inline(v)).collect::<Vec<_>>().join(" | "));
            prop_assert!(!row.contains(['\n', '\r']));
            prop_assert_eq!(unescaped_pipes(&row), values.len() + 1, "{}", row);
            prop_assert_eq!(table_cells(&row).len(), values.len(), "{}", row);
        }

        #[test]
        fn an_escaped_value_is_one_plain_line(value in hostile()) {
            let out = inline(&value);
            prop_assert!(!out.chars().any(|c| c.is_control()), "{:?}", out);
            prop_assert_eq!(out.trim(), out.as_str());
            prop_assert!(!out.starts_with(['#', '>', '-', '+', '*', '=', '~', '_', '|', '`']), "{:?}", out);
            prop_assert!(ordered_list_marker(&out).is_none(), "{:?}", out);
            prop_assert!(!opens_html(&out), "{:?}", out);
        }
    }

    /// A draft whose every text is one of the hostile values, cycling through them.
    fn draft_of(v: &[String]) -> specwright_core::SpecDraft {
        use specwright_core::turn::*;
        let t = |i: usize| v[i % v.len()].clone();
        let it = |i: usize| Item::new(t(i), Vec::new());
        SpecDraft {
            overview: Overview {
                problem_statement: it(0),
                goals: vec![it(1), it(2)],
                non_goals: vec![it(3)],
            },
            use_cases: vec![UseCase {
                name: t(4),
                actor: t(5),
                preconditions: t(6),
                flow: vec![it(7), it(8)],
                postconditions: t(9),
                error_scenarios: vec![it(10)],
                rests_on: Vec::new(),
            }],
            data_models: vec![DataModel {
                entity: t(11),
                fields: vec![Field {
                    name: t(12),
                    ty: t(13),
                    constraints: t(14),
                    description: t(15),
                    rests_on: Vec::new(),
                }],
            }],
            api_contracts: vec![ApiContract {
                operation: t(16),
                interface: t(17),
                input: t(18),
                output: t(19),
                errors: t(20),
                rests_on: Vec::new(),
            }],
            error_handling: vec![ErrorCase {
                code: t(21),
                condition: t(22),
                http_status: t(23),
                user_message: t(24),
                rests_on: Vec::new(),
            }],
            non_functional: NonFunctional {
                latency: Item::new(format!("p99 200 ms {}", t(25)), Vec::new()),
                throughput: Item::new(format!("100 req/s {}", t(26)), Vec::new()),
                availability: Item::new(format!("99.9% {}", t(27)), Vec::new()),
                data_retention: Item::new(format!("30 days {}", t(28)), Vec::new()),
                other: vec![NamedValue {
                    name: t(29),
                    value: t(30),
                    rests_on: Vec::new(),
                }],
            },
            dependencies: vec![Dependency {
                name: t(31),
                purpose: t(32),
                rests_on: Vec::new(),
            }],
            testing: TestingStrategy {
                unit: it(33),
                integration: it(34),
                edge_cases: vec![it(35)],
            },
            open_questions: vec![it(36)],
        }
    }

    fn words() -> impl Strategy<Value = String> {
        prop_oneof![
            hostile(),
            Just("{{x}}".to_string()),
            Just("{who}".to_string()),
            Just("{{{raw}}} and {{#each x}}y{{/each}}".to_string()),
            Just("Stripe at https://api.stripe.com/v1".to_string()),
            Just("\u{1b}]52;c;ZXZpbA==\u{7}".to_string()),
            "[a-z{}: /|#`<]{1,20}",
        ]
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(96))]
        /// Whatever a person or a model wrote, the spec the program renders from it passes
        /// the program's own lint without an error.
        #[test]
        fn a_rendered_spec_never_fails_its_own_lint(values in proptest::collection::vec(words(), 1..12), title in words()) {
            let draft = draft_of(&values);
            let open = vec![values[0].clone()];
            let markdown = crate::spec::Renderer::new(None)
                .map_err(|e| TestCaseError::fail(e.to_string()))?
                .render_spec(&crate::spec::SpecDocument {
                    title: &title,
                    draft: &draft,
                    decisions: &[],
                    open_questions: &open,
                    ledger: &[],
                    adrs: &[],
                })
                .map_err(|e| TestCaseError::fail(e.to_string()))?;
            let findings = crate::lint::lint(&markdown, &crate::lint::Outline::builtin());
            let errors: Vec<_> = findings
                .iter()
                .filter(|f| f.severity == crate::lint::Severity::Error)
                // A use case whose every value escapes to nothing lacks what the person
                // never said: the content rules report that, as they should; this test is
                // about what rendering does to the text that is there.
                .filter(|f| f.rule != "use-case-incomplete")
                .map(|f| format!("line {} {}: {}", f.line, f.rule, f.message))
                .collect();
            prop_assert!(errors.is_empty(), "{:?}\n{}", errors, markdown);
        }
    }
}
