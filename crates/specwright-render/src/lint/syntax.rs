//! Markdown syntax of one line at a time, as the checks need it: ATX headings and setext
//! underlines, `**Label**:` fields and list items, code fences, HTML comments, prose with
//! code and links blanked, and GFM table rows. Nothing here knows about a whole document,
//! so the document reader (`doc`) and the table reader (`gfm`) both build on it.

use std::collections::{HashMap, VecDeque};
use std::ops::Range;

/// Splits on `\n`, `\r\n` and a lone `\r`, as markdown does.
pub(crate) fn split_lines(text: &str) -> Vec<&str> {
    let mut lines = Vec::new();
    let bytes = text.as_bytes();
    let mut start = 0;
    let mut i = 0;
    while i < bytes.len() {
        match bytes[i] {
            b'\n' => {
                lines.push(&text[start..i]);
                start = i + 1;
            }
            b'\r' => {
                lines.push(&text[start..i]);
                if bytes.get(i + 1) == Some(&b'\n') {
                    i += 1;
                }
                start = i + 1;
            }
            _ => {}
        }
        i += 1;
    }
    if start < bytes.len() {
        lines.push(&text[start..]);
    }
    lines
}

pub(crate) fn setext_underline(text: &str) -> Option<usize> {
    if indent_of(text) > 3 {
        return None;
    }
    let t = text.trim();
    let first = t.chars().next()?;
    let level = match first {
        '=' => 1,
        '-' => 2,
        _ => return None,
    };
    t.chars().all(|c| c == first).then_some(level)
}

/// An ATX heading's level and text: `## Title ##` gives `(2, "Title")`.
pub(crate) fn heading(text: &str) -> Option<(usize, &str)> {
    let trimmed = text.trim_start_matches(' ');
    if text.len() - trimmed.len() > 3 {
        return None;
    }
    let level = trimmed.chars().take_while(|&c| c == '#').count();
    if !(1..=6).contains(&level) {
        return None;
    }
    let rest = &trimmed[level..];
    if !rest.is_empty() && !rest.starts_with([' ', '\t']) {
        return None;
    }
    let title = rest.trim();
    let without_closing = title.trim_end_matches('#');
    let title = if without_closing.is_empty() {
        ""
    } else if without_closing.ends_with([' ', '\t']) {
        without_closing.trim_end()
    } else {
        title
    };
    Some((level, title))
}

/// A `**Label**: rest` line (as a list item or not): its indentation, label and rest.
/// `**Label:** rest` is read the same way.
pub(crate) fn label_of(text: &str) -> Option<(usize, &str, &str)> {
    let indent = indent_of(text);
    let t = list_item_text(text).unwrap_or_else(|| text.trim_start());
    let label = bold_labels(t).into_iter().next().filter(|l| l.at_start)?;
    Some((indent, label.name, label.rest))
}

/// A `**Label:**` or `**Label**:` in a line.
pub(crate) struct BoldLabel<'a> {
    pub name: &'a str,
    /// The text after it, up to the next label on the line.
    pub rest: &'a str,
    /// The text after it, to the end of the line (the next labels with it).
    pub tail: &'a str,
    /// The label opens the line (after a list marker), so it may have no colon.
    pub at_start: bool,
}

/// The bold labels of a line, in order. A label that opens the line needs no colon
/// (`1. **Flow**`); elsewhere the colon tells a label from bold text.
pub(crate) fn bold_labels(text: &str) -> Vec<BoldLabel<'_>> {
    let body = list_item_text(text).unwrap_or_else(|| text.trim_start());
    let offset = text.len() - body.len();
    let mut found: Vec<(usize, usize, &str, bool)> = Vec::new(); // (start, end, name, at_start)
    let mut from = 0;
    while let Some(open) = text[from..].find("**").map(|p| from + p) {
        let inner_start = open + 2;
        let Some(close) = text[inner_start..].find("**").map(|p| inner_start + p) else {
            break;
        };
        let inner = &text[inner_start..close];
        let after = &text[close + 2..];
        // (A full-width colon is a colon: `**关键设计决策：**`.)
        let colon_inside = inner.trim_end().ends_with([':', '：']);
        let colon_after = after.trim_start().starts_with([':', '：']);
        let at_start = open == offset;
        let name = inner.trim().trim_end_matches([':', '：']).trim();
        // (Code makes bold text no label, unless in a closing remark: `**Success
        // Response (\`200 OK\`):**`.)
        let outside_remark = match name.strip_suffix(')').and_then(|n| n.rfind('(')) {
            Some(at) => &name[..at],
            None => name,
        };
        if !name.is_empty()
            && (at_start || colon_inside || colon_after)
            && !outside_remark.contains('`')
        {
            let mut end = close + 2;
            if colon_after {
                let rest = after.trim_start();
                end += after.len() - rest.len() + rest.chars().next().map_or(0, char::len_utf8);
            }
            found.push((open, end, name, at_start));
            from = end;
        } else {
            from = close + 2;
        }
    }
    let mut labels = Vec::with_capacity(found.len());
    for (k, &(_, end, name, at_start)) in found.iter().enumerate() {
        let stop = found.get(k + 1).map_or(text.len(), |next| next.0);
        let rest = text[end..stop].trim();
        // `x | **Next:** y`: the separator before the next label is not part of the value.
        let rest = rest.trim_end_matches(['|', ';', ',']).trim();
        labels.push(BoldLabel {
            name,
            rest,
            tail: text[end..].trim(),
            at_start,
        });
    }
    labels
}

/// A list item's text after its marker: `- a` and `1. a` give `a`.
pub(crate) fn list_item_text(text: &str) -> Option<&str> {
    let t = text.trim_start();
    if let Some(r) = t.strip_prefix(['-', '*', '+'])
        && (r.is_empty() || r.starts_with([' ', '\t']))
    {
        return Some(r.trim_start());
    }
    ordered_marker_rest(t).map(str::trim_start)
}

/// A plain `- Label: value` list item (no bold): at most five words before the colon,
/// no code and no sentence punctuation in them.
pub(crate) fn plain_label(text: &str) -> Option<(&str, &str)> {
    plain_label_in(list_item_text(text)?)
}

/// The label an item's text (after its list marker) opens with, bold (`**Rationale**:
/// ...`) or plain (`Rationale: ...`), and all the text after it.
pub(crate) fn leading_label(item: &str) -> Option<(&str, &str)> {
    let item = item.trim_start();
    match bold_labels(item).into_iter().next() {
        Some(label) if label.at_start => Some((label.name, label.tail)),
        _ => plain_label_in(item),
    }
}

/// [`plain_label`] of a list item's text after its marker.
fn plain_label_in(item: &str) -> Option<(&str, &str)> {
    // (Also after a full-width colon: `* 入参：strategy_id`.)
    let (label, rest) = match (item.find(':'), item.find('：')) {
        (Some(a), Some(b)) if b < a => item.split_once('：')?,
        (None, Some(_)) => item.split_once('：')?,
        _ => item.split_once(':')?,
    };
    let words = label.split_whitespace().count();
    let plain = label
        .chars()
        .all(|c| c.is_alphanumeric() || matches!(c, ' ' | '-' | '/' | '(' | ')' | '\''));
    ((1..=5).contains(&words) && plain && !rest.starts_with("//")).then_some((label, rest.trim()))
}

/// Whether a line is an item of a numbered list (`1. a`, `2) b`).
pub(crate) fn is_ordered_item(text: &str) -> bool {
    ordered_marker_rest(text.trim_start()).is_some()
}

fn ordered_marker_rest(text: &str) -> Option<&str> {
    let digits = text.chars().take_while(char::is_ascii_digit).count();
    if digits == 0 || digits > 9 {
        return None;
    }
    let rest = text[digits..].strip_prefix(['.', ')'])?;
    (rest.is_empty() || rest.starts_with([' ', '\t'])).then_some(rest)
}

pub(crate) fn indent_of(text: &str) -> usize {
    text.chars()
        .take_while(|c| *c == ' ' || *c == '\t')
        .map(|c| if c == '\t' { 4 } else { 1 })
        .sum()
}

/// Whether a line opens a block that ends a table or a list item's lazy continuation:
/// a heading, list item, block quote, fence or thematic break.
pub(crate) fn starts_block(text: &str) -> bool {
    let t = text.trim_start();
    // (Only a line opening with a block's marker can open one: most lines are passed
    // at their first character.)
    if !(t.starts_with(['#', '>', '`', '~', '-', '*', '+', '_'])
        || t.starts_with(|c: char| c.is_ascii_digit()))
    {
        return false;
    }
    heading(text).is_some()
        || t.starts_with('>')
        || t.starts_with("```")
        || t.starts_with("~~~")
        || list_item_text(text).is_some()
        || is_thematic_break(t)
}

pub(crate) fn is_thematic_break(t: &str) -> bool {
    let mut chars = t.chars().filter(|c| !c.is_whitespace());
    let Some(first) = chars.next() else {
        return false;
    };
    let mut count = 1;
    for c in chars {
        if c != first {
            return false;
        }
        count += 1;
    }
    count >= 3 && matches!(first, '-' | '*' | '_')
}

pub(crate) fn opens_fence(text: &str) -> Option<(char, usize)> {
    let t = text.trim_start();
    let ch = t.chars().next().filter(|c| *c == '`' || *c == '~')?;
    let len = t.chars().take_while(|&c| c == ch).count();
    // A backtick fence's info string cannot hold a backtick (that would be a code span).
    (len >= 3 && !(ch == '`' && t[len..].contains('`'))).then_some((ch, len))
}

/// The language a fence line names, lowercased, its info string's first word (`json` for
/// ```` ````JSON ````, `ts` for ```` ```ts title="a.ts" ````); empty when it names none, and
/// `None` when the line is no fence line.
pub(crate) fn fence_language(text: &str) -> Option<String> {
    let (ch, len) = opens_fence(text)?;
    let info = &text.trim_start()[len * ch.len_utf8()..];
    Some(info.split_whitespace().next().unwrap_or("").to_lowercase())
}

pub(crate) fn closes_fence(text: &str, ch: char, len: usize) -> bool {
    let t = text.trim();
    t.chars().take_while(|&c| c == ch).count() >= len && t.chars().all(|c| c == ch)
}

/// Whether a line opens an HTML block that runs to the next blank line: a block-level
/// tag opening or closing at its start (`<details>`, `</details>`, `<div class="x">`),
/// as CommonMark's sixth kind. A fence line inside such a block is HTML, not a fence
/// (`</details>` right over ```` ``` ````).
pub(crate) fn opens_html_block(text: &str) -> bool {
    const TAGS: &[&str] = &[
        "address",
        "article",
        "aside",
        "blockquote",
        "body",
        "caption",
        "center",
        "col",
        "colgroup",
        "dd",
        "details",
        "dialog",
        "dir",
        "div",
        "dl",
        "dt",
        "fieldset",
        "figcaption",
        "figure",
        "footer",
        "form",
        "h1",
        "h2",
        "h3",
        "h4",
        "h5",
        "h6",
        "head",
        "header",
        "hr",
        "html",
        "legend",
        "li",
        "main",
        "menu",
        "nav",
        "ol",
        "p",
        "section",
        "summary",
        "table",
        "tbody",
        "td",
        "tfoot",
        "th",
        "thead",
        "tr",
        "ul",
    ];
    if indent_of(text) > 3 {
        return false;
    }
    let Some(rest) = text.trim_start().strip_prefix('<') else {
        return false;
    };
    let rest = rest.strip_prefix('/').unwrap_or(rest);
    let name: String = rest
        .chars()
        .take_while(|c| c.is_ascii_alphanumeric())
        .collect::<String>()
        .to_ascii_lowercase();
    let after = &rest[name.len()..];
    TAGS.contains(&name.as_str())
        && (after.is_empty() || after.starts_with([' ', '\t', '>']) || after.starts_with("/>"))
}

/// Removes `<!-- ... -->` comments, which may span lines.
pub(crate) fn strip_comments(text: &str, mut inside: bool) -> (String, bool) {
    let mut out = String::new();
    let mut rest = text;
    loop {
        if inside {
            match rest.find("-->") {
                Some(end) => {
                    rest = &rest[end + 3..];
                    inside = false;
                }
                None => return (out, true),
            }
        } else {
            match rest.find("<!--") {
                Some(start) => {
                    out.push_str(&rest[..start]);
                    rest = &rest[start + 4..];
                    inside = true;
                }
                None => {
                    out.push_str(rest);
                    return (out, false);
                }
            }
        }
    }
}

/// Blanks inline code spans, link targets and bare URLs, keeping byte offsets.
pub(crate) fn prose(text: &str) -> String {
    let mut bytes = text.as_bytes().to_vec();
    blank_code_spans(text, &mut bytes);
    blank_links(&mut bytes);
    // Only ASCII bytes were replaced by spaces, so the text is still UTF-8.
    String::from_utf8(bytes).unwrap_or_default()
}

/// Every range starts and ends at an ASCII byte, so blanking all of its bytes (whole
/// multi-byte characters included) leaves valid UTF-8.
fn blank(bytes: &mut [u8], range: Range<usize>) {
    bytes[range].fill(b' ');
}

/// A code span opens at a run of backticks and closes at the next run of exactly as
/// many. The runs are listed once and each length keeps a queue of its runs, so finding
/// the closing run never rescans the line.
fn blank_code_spans(text: &str, bytes: &mut [u8]) {
    let b = text.as_bytes();
    // (start, length) of each run of backticks, an escaped backtick excluded.
    let mut runs: Vec<(usize, usize)> = Vec::new();
    let mut i = 0;
    while i < b.len() {
        if b[i] == b'\\' {
            i += 2;
            continue;
        }
        if b[i] == b'`' {
            let run = b[i..].iter().take_while(|&&c| c == b'`').count();
            runs.push((i, run));
            i += run;
        } else {
            i += 1;
        }
    }
    let mut by_length: HashMap<usize, VecDeque<usize>> = HashMap::new();
    for (k, &(_, len)) in runs.iter().enumerate() {
        by_length.entry(len).or_default().push_back(k);
    }
    let mut k = 0;
    while k < runs.len() {
        let (start, len) = runs[k];
        let queue = by_length.entry(len).or_default();
        while queue.front().is_some_and(|&q| q <= k) {
            queue.pop_front();
        }
        match queue.pop_front() {
            Some(close) => {
                let (close_start, close_len) = runs[close];
                blank(bytes, start..close_start + close_len);
                k = close + 1;
            }
            None => k += 1,
        }
    }
}

fn blank_links(bytes: &mut [u8]) {
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i..].starts_with(b"](") {
            let end = bytes[i..]
                .iter()
                .position(|&c| c == b')')
                .map_or(bytes.len(), |p| i + p + 1);
            blank(bytes, i + 1..end);
            i = end;
        } else if bytes[i..].starts_with(b"http://") || bytes[i..].starts_with(b"https://") {
            let end = bytes[i..]
                .iter()
                .position(|&c| c.is_ascii_whitespace() || c == b'>' || c == b')')
                .map_or(bytes.len(), |p| i + p);
            blank(bytes, i..end);
            i = end;
        } else {
            i += 1;
        }
    }
}

/// Whether a `|` in the line is not escaped: a pipe preceded by an odd number of
/// backslashes is text.
pub(crate) fn has_unescaped_pipe(text: &str) -> bool {
    let mut backslashes = 0;
    for c in text.chars() {
        if c == '|' && backslashes % 2 == 0 {
            return true;
        }
        backslashes = if c == '\\' { backslashes + 1 } else { 0 };
    }
    false
}

/// Splits a table row into trimmed cells as GFM does: a leading and a trailing pipe are
/// optional and make no cell; a pipe preceded by an odd number of backslashes does not
/// split; a pipe inside a code span still splits.
pub(crate) fn split_row(text: &str) -> Vec<String> {
    let row = text.trim();
    let mut cells = Vec::new();
    let mut cell = String::new();
    let mut backslashes = 0;
    let mut ends_with_pipe = false;
    for c in row.chars() {
        ends_with_pipe = false;
        if c == '|' && backslashes % 2 == 0 {
            cells.push(std::mem::take(&mut cell));
            ends_with_pipe = true;
        } else {
            cell.push(c);
        }
        backslashes = if c == '\\' { backslashes + 1 } else { 0 };
    }
    if !ends_with_pipe {
        cells.push(cell);
    }
    if row.starts_with('|') && !cells.is_empty() {
        cells.remove(0);
    }
    cells.into_iter().map(|c| c.trim().to_string()).collect()
}

/// A GFM delimiter row: cells of `-` with optional `:` at either end, and at least one pipe.
pub(crate) fn is_delimiter_row(text: &str) -> bool {
    let cells = split_row(text);
    has_unescaped_pipe(text)
        && !cells.is_empty()
        && cells.iter().all(|c| {
            let inner = c.strip_prefix(':').unwrap_or(c);
            let inner = inner.strip_suffix(':').unwrap_or(inner);
            !inner.is_empty() && inner.chars().all(|ch| ch == '-')
        })
}

/// `[text](target)` as `text`; other text as it is.
pub(crate) fn link_text(cell: &str) -> String {
    let t = cell.trim();
    if let Some(rest) = t.strip_prefix('[')
        && let Some(end) = rest.find("](")
    {
        return rest[..end].to_string();
    }
    t.to_string()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::lint::vocab::{display_name, normalize};
    use pretty_assertions::assert_eq;

    #[test]
    fn headings_labels_and_names() {
        assert_eq!(heading("## Overview ##"), Some((2, "Overview")));
        assert_eq!(heading("##Overview"), None);
        assert_eq!(heading("    ## code"), None);
        assert_eq!(heading("### C#"), Some((3, "C#")));
        assert_eq!(label_of("- **Goals**: a"), Some((0, "Goals", "a")));
        assert_eq!(label_of("  * **Goals:** a"), Some((2, "Goals", "a")));
        assert_eq!(label_of("1. **Flow**"), Some((0, "Flow", "")));
        assert_eq!(label_of("- ****: x"), None);
        assert_eq!(label_of("- a **bold** word"), None);
        assert_eq!(normalize("2. Use  cases:"), "use cases");
        assert_eq!(normalize("**Overview**"), "overview");
        assert_eq!(normalize("1.2 Data Models"), "data models");
        assert_eq!(
            display_name("3. Non-Functional Requirements"),
            "Non-Functional Requirements"
        );
    }

    #[test]
    fn two_labels_on_one_line_are_two_fields() {
        let labels = bold_labels("**Actors:** Phase skill | **Preconditions:** none yet");
        let got: Vec<(&str, &str)> = labels.iter().map(|l| (l.name, l.rest)).collect();
        assert_eq!(
            got,
            vec![("Actors", "Phase skill"), ("Preconditions", "none yet")]
        );
        // Bold text without a colon in mid-line is emphasis, not a label.
        assert_eq!(bold_labels("a **very** big **Deal**: x").len(), 1);
    }

    #[test]
    fn prose_blanks_code_links_and_urls() {
        let p = prose("a `fast` b [fast](fast.md) https://fast.example/x c \\`fast\\`");
        assert!(!p.contains("`fast`"));
        assert_eq!(p.matches("fast").count(), 2, "{p}");
        assert_eq!(
            p.len(),
            "a `fast` b [fast](fast.md) https://fast.example/x c \\`fast\\`".len()
        );
        assert_eq!(prose("``a ` b`` c"), format!("{} c", " ".repeat(9)));
        assert_eq!(prose("`unclosed fast"), "`unclosed fast");
        assert_eq!(prose("` `` x `` y"), format!("`{}y", " ".repeat(9)));
    }

    #[test]
    fn lines_split_on_lf_crlf_and_lone_cr() {
        assert_eq!(split_lines("a\nb\r\nc\rd"), vec!["a", "b", "c", "d"]);
        assert_eq!(split_lines("a\r\r\nb\n"), vec!["a", "", "b"]);
        assert_eq!(split_lines(""), Vec::<&str>::new());
    }

    #[test]
    fn rows_split_like_gfm() {
        assert_eq!(split_row("| a | b |"), vec!["a", "b"]);
        assert_eq!(split_row("a | b"), vec!["a", "b"]);
        assert_eq!(split_row("| a | b | |"), vec!["a", "b", ""]);
        assert_eq!(split_row("| a \\| b | c |"), vec!["a \\| b", "c"]);
        // Two backslashes escape each other, so the pipe splits.
        assert_eq!(split_row("| a \\\\| b |"), vec!["a \\\\", "b"]);
        assert_eq!(split_row("| a \\\\\\| b |"), vec!["a \\\\\\| b"]);
        // GFM splits inside code spans too.
        assert_eq!(split_row("| `a|b` | c |"), vec!["`a", "b`", "c"]);
        assert_eq!(split_row("|"), Vec::<String>::new());
    }

    #[test]
    fn delimiter_rows() {
        assert!(is_delimiter_row("|---|:--:|--:|"));
        assert!(is_delimiter_row("--- | ---"));
        assert!(!is_delimiter_row("---"));
        assert!(!is_delimiter_row("| a | --- |"));
        assert!(!is_delimiter_row("| - - |"));
    }
}
