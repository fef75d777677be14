//! Markdown escaping for text that came from a user or a model, so that no value can add
//! or remove a table column, start a heading or a list, or inject HTML.

/// Escapes `text` for use inline: in a table cell, a heading, or after a bullet's label.
/// Line breaks and other control characters become single spaces.
pub fn inline(text: &str) -> String {
    let mut flat = String::with_capacity(text.len());
    let mut last_space = false;
    for c in text.chars() {
        if c.is_control() || c.is_whitespace() {
            if !last_space {
                flat.push(' ');
                last_space = true;
            }
            continue;
        }
        last_space = false;
        flat.push(c);
    }
    let flat = flat.trim();
    let mut out = String::with_capacity(flat.len() + 8);
    for c in flat.chars() {
        match c {
            '\\' | '|' | '`' | '[' | ']' => {
                out.push('\\');
                out.push(c);
            }
            '<' => out.push_str("&lt;"),
            _ => out.push(c),
        }
    }
    escape_block_start(out)
}

/// A value that starts a line must not open a heading, list, quote, rule or numbered list.
fn escape_block_start(text: String) -> String {
    let starts_block =
        text.starts_with(['#', '-', '+', '=', '~', '>', '*']) || ordered_list_marker(&text);
    if starts_block {
        let mut out = String::with_capacity(text.len() + 1);
        if ordered_list_marker(&text) {
            let digits: String = text.chars().take_while(char::is_ascii_digit).collect();
            out.push_str(&digits);
            out.push('\\');
            out.push_str(&text[digits.len()..]);
        } else {
            out.push('\\');
            out.push_str(&text);
        }
        return out;
    }
    text
}

fn ordered_list_marker(text: &str) -> bool {
    let digits = text.chars().take_while(char::is_ascii_digit).count();
    let mut rest = text[digits..].chars();
    digits > 0
        && matches!(rest.next(), Some('.' | ')'))
        && rest.next().is_none_or(char::is_whitespace)
}

/// Splits a markdown table row into its cells the way GFM does: a `|` escaped by a
/// backslash does not split.
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

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn pipes_newlines_backticks_and_html_are_neutralised() {
        assert_eq!(inline("a|b\nc"), "a\\|b c");
        assert_eq!(inline("`code`"), "\\`code\\`");
        assert_eq!(inline("<script>"), "&lt;script>");
        assert_eq!(inline("code -> HTTP 301"), "code -> HTTP 301");
        assert_eq!(inline("> quoted"), "\\> quoted");
        assert_eq!(inline("back\\slash|"), "back\\\\slash\\|");
        assert_eq!(inline("  spaced \r\n\r\n out "), "spaced out");
    }

    #[test]
    fn a_value_cannot_start_a_block() {
        assert_eq!(inline("# Title"), "\\# Title");
        assert_eq!(inline("- item"), "\\- item");
        assert_eq!(inline("1. first"), "1\\. first");
        assert_eq!(inline("\n## injected"), "\\## injected");
        assert_eq!(inline("C# and F#"), "C# and F#");
        assert_eq!(inline("99.95%"), "99.95%");
    }

    #[test]
    fn cells_split_on_unescaped_pipes_only() {
        assert_eq!(table_cells("| a | b\\|c | d |"), vec!["a", "b\\|c", "d"]);
        assert_eq!(table_cells("| a\\\\| b |"), vec!["a\\\\", "b"]);
    }

    proptest! {
        #[test]
        fn an_escaped_value_is_always_one_cell(values in proptest::collection::vec("\\PC*|[|`#\\\\\n\r<>-]{0,12}", 1..5)) {
            let row = format!("| {} |", values.iter().map(|v| inline(v)).collect::<Vec<_>>().join(" | "));
            prop_assert!(!row.contains('\n'));
            prop_assert_eq!(table_cells(&row).len(), values.len(), "{}", row);
        }
    }
}
