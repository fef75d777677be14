//! Just enough of a markdown reader for the checks: which lines are prose (not code,
//! front matter or HTML comments), headings and the `## ` sections they open,
//! `**Label**:` fields. Tables are read in `gfm`.

use std::ops::Range;

use super::gfm::split_row;

pub(crate) struct Line {
    /// 1-based.
    pub number: usize,
    /// The line without its line ending and without HTML comments.
    pub text: String,
    /// `text` with inline code spans, link targets and URLs blanked: what word checks read.
    pub prose: String,
    /// Inside a code fence (or one of its fence lines), the front matter or an HTML comment.
    pub hidden: bool,
    /// Inside a code fence or one of its fence lines.
    pub fence: bool,
}

pub(crate) struct Doc {
    /// `lines[i].number == i + 1`.
    pub lines: Vec<Line>,
    /// The line of a code fence that is never closed (it swallows the rest of the file).
    pub unclosed_fence: Option<usize>,
}

/// A `## ` heading and the lines up to the next `## ` or `# ` heading.
pub(crate) struct Section {
    pub title: String,
    /// The heading's line number.
    pub line: usize,
    /// Line indexes of the body.
    pub body: Range<usize>,
}

/// A `### ` heading inside a section (a use case, an entity, an operation) and its lines.
pub(crate) struct Entry {
    pub title: String,
    pub line: usize,
    pub body: Range<usize>,
}

/// A `**Label**:` field (or a sub-heading or table row named like the label) and its value.
pub(crate) struct Field {
    pub line: usize,
    /// The text after the label, with any continuation lines (nested lists) joined by spaces.
    pub value: String,
}

impl Doc {
    pub fn parse(markdown: &str) -> Doc {
        let raw: Vec<&str> = markdown
            .strip_prefix('\u{feff}')
            .unwrap_or(markdown)
            .lines()
            .map(|l| l.trim_end_matches('\r'))
            .collect();
        // YAML front matter: `---` on the first line, closed by `---` or `...`.
        let front_matter_end = if raw.first().map(|l| l.trim_end()) == Some("---") {
            raw.iter()
                .skip(1)
                .position(|l| matches!(l.trim_end(), "---" | "..."))
                .map(|p| p + 1)
        } else {
            None
        };
        let mut lines = Vec::with_capacity(raw.len());
        let mut fence: Option<(char, usize, usize)> = None;
        let mut in_comment = false;
        for (i, text) in raw.iter().enumerate() {
            let number = i + 1;
            let hidden_line = |text: &str, fence: bool| Line {
                number,
                text: text.to_string(),
                prose: String::new(),
                hidden: true,
                fence,
            };
            if front_matter_end.is_some_and(|end| i <= end) {
                lines.push(hidden_line(text, false));
                continue;
            }
            if let Some((ch, len, _)) = fence {
                if closes_fence(text, ch, len) {
                    fence = None;
                }
                lines.push(hidden_line(text, true));
                continue;
            }
            if !in_comment && let Some((ch, len)) = opens_fence(text) {
                fence = Some((ch, len, number));
                lines.push(hidden_line(text, true));
                continue;
            }
            let (visible, still_in_comment) = strip_comments(text, in_comment);
            // A line that held only a comment (or lies inside one) is not text.
            let whole_line_comment = visible.trim().is_empty()
                && (visible.len() != text.len() || in_comment || still_in_comment);
            in_comment = still_in_comment;
            lines.push(Line {
                number,
                prose: prose(&visible),
                text: visible,
                hidden: whole_line_comment,
                fence: false,
            });
        }
        Doc {
            lines,
            unclosed_fence: fence.map(|(_, _, line)| line),
        }
    }

    /// The number of the last line with any text, for findings about something absent.
    pub fn last_line(&self) -> usize {
        self.lines
            .iter()
            .rev()
            .find(|l| !l.text.trim().is_empty())
            .map_or(1, |l| l.number)
    }

    fn visible(&self, range: Range<usize>) -> impl Iterator<Item = (usize, &Line)> {
        self.lines[range]
            .iter()
            .filter(|l| !l.hidden)
            .map(|l| (l.number - 1, l))
    }

    pub fn sections(&self) -> Vec<Section> {
        let mut sections: Vec<Section> = Vec::new();
        let mut open = false;
        for (i, line) in self.visible(0..self.lines.len()) {
            let Some((level, title)) = heading(&line.text) else {
                continue;
            };
            if level > 2 {
                continue;
            }
            if open && let Some(last) = sections.last_mut() {
                last.body.end = i;
            }
            open = level == 2;
            if open {
                sections.push(Section {
                    title: title.to_string(),
                    line: line.number,
                    body: i + 1..self.lines.len(),
                });
            }
        }
        sections
    }

    /// The `### ` entries of a section's body.
    pub fn entries(&self, body: Range<usize>) -> Vec<Entry> {
        let mut entries: Vec<Entry> = Vec::new();
        let end = body.end;
        for (i, line) in self.visible(body) {
            match heading(&line.text) {
                Some((level, title)) if level <= 3 => {
                    if let Some(last) = entries.last_mut()
                        && last.body.end == end
                    {
                        last.body.end = i;
                    }
                    if level == 3 {
                        entries.push(Entry {
                            title: title.to_string(),
                            line: line.number,
                            body: i + 1..end,
                        });
                    }
                }
                _ => {}
            }
        }
        entries
    }

    /// Finds a field by its label (case-insensitive) in `range`: a `**Label**:` line with
    /// the lines nested under it, a sub-heading named like the label with its lines, or a
    /// table row whose first cell is the label.
    pub fn field(&self, range: Range<usize>, label: &str) -> Option<Field> {
        let key = normalize(label);
        let end = range.end;
        for (i, line) in self.visible(range) {
            if let Some((indent, name, rest)) = label_of(&line.text)
                && normalize(name) == key
            {
                let mut value = rest.to_string();
                for more in self.continuation(i, indent, end) {
                    value.push(' ');
                    value.push_str(more.trim());
                }
                return Some(Field {
                    line: line.number,
                    value: value.trim().to_string(),
                });
            }
            if let Some((level, title)) = heading(&line.text)
                && level >= 3
                && normalize(title) == key
            {
                let value = self
                    .visible(i + 1..end)
                    .take_while(|(_, l)| heading(&l.text).is_none_or(|(lv, _)| lv > level))
                    .map(|(_, l)| l.text.trim())
                    .filter(|t| !t.is_empty())
                    .collect::<Vec<_>>()
                    .join(" ");
                return Some(Field {
                    line: line.number,
                    value: value.trim().to_string(),
                });
            }
            if line.text.trim_start().starts_with('|') {
                let cells = split_row(&line.text);
                if cells.first().is_some_and(|c| normalize(c) == key) {
                    return Some(Field {
                        line: line.number,
                        value: cells[1..].join(" ").trim().to_string(),
                    });
                }
            }
        }
        None
    }

    /// The lines that belong to the list item or paragraph started at line `i`.
    fn continuation(&self, i: usize, indent: usize, end: usize) -> Vec<&str> {
        let mut out = Vec::new();
        let mut after_blank = false;
        for line in &self.lines[i + 1..end] {
            let text = line.text.as_str();
            if text.trim().is_empty() {
                after_blank = true;
                continue;
            }
            let nested = indent_of(text) > indent;
            if line.hidden {
                if nested {
                    continue;
                }
                break;
            }
            if heading(text).is_some() {
                break;
            }
            if !nested && (after_blank || starts_block(text) || label_of(text).is_some()) {
                break;
            }
            out.push(text);
            after_blank = false;
        }
        out
    }
}

/// Lowercase, single-spaced, without emphasis markers, numbering or a trailing colon,
/// so `## 2. Use cases:` names the same section as `## Use Cases`.
pub(crate) fn normalize(text: &str) -> String {
    let text = text.trim().trim_matches(|c| c == '*' || c == '_').trim();
    let text = text.trim_end_matches(':').trim();
    let unnumbered = match text.split_once(' ') {
        Some((first, rest))
            if first
                .trim_end_matches(['.', ')'])
                .split('.')
                .all(|p| !p.is_empty() && p.chars().all(|c| c.is_ascii_digit())) =>
        {
            rest
        }
        _ => text,
    };
    unnumbered
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .to_lowercase()
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
    let mut t = text.trim_start();
    if let Some(r) = t.strip_prefix(['-', '*', '+'])
        && r.starts_with([' ', '\t'])
    {
        t = r.trim_start();
    } else if let Some(r) = ordered_marker_rest(t) {
        t = r.trim_start();
    }
    let inner = t.strip_prefix("**")?;
    let close = inner.find("**")?;
    let label = inner[..close].trim().trim_end_matches(':').trim();
    if label.is_empty() {
        return None;
    }
    let rest = inner[close + 2..].trim_start();
    let rest = rest.strip_prefix(':').unwrap_or(rest).trim();
    Some((indent, label, rest))
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
    heading(text).is_some()
        || t.starts_with('>')
        || t.starts_with("```")
        || t.starts_with("~~~")
        || (t.starts_with(['-', '*', '+']) && (t.len() == 1 || t[1..].starts_with([' ', '\t'])))
        || ordered_marker_rest(t).is_some()
        || is_thematic_break(t)
}

fn is_thematic_break(t: &str) -> bool {
    let chars: Vec<char> = t.chars().filter(|c| !c.is_whitespace()).collect();
    chars.len() >= 3 && matches!(chars[0], '-' | '*' | '_') && chars.iter().all(|&c| c == chars[0])
}

fn opens_fence(text: &str) -> Option<(char, usize)> {
    let t = text.trim_start();
    let ch = t.chars().next().filter(|c| *c == '`' || *c == '~')?;
    let len = t.chars().take_while(|&c| c == ch).count();
    // A backtick fence's info string cannot hold a backtick (that would be a code span).
    (len >= 3 && !(ch == '`' && t[len..].contains('`'))).then_some((ch, len))
}

fn closes_fence(text: &str, ch: char, len: usize) -> bool {
    let t = text.trim();
    t.chars().take_while(|&c| c == ch).count() >= len && t.chars().all(|c| c == ch)
}

/// Removes `<!-- ... -->` comments, which may span lines.
fn strip_comments(text: &str, mut inside: bool) -> (String, bool) {
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
fn prose(text: &str) -> String {
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

fn blank_code_spans(text: &str, bytes: &mut [u8]) {
    let b = text.as_bytes();
    let mut i = 0;
    while i < b.len() {
        if b[i] == b'\\' {
            i += 2;
            continue;
        }
        if b[i] != b'`' {
            i += 1;
            continue;
        }
        let run = b[i..].iter().take_while(|&&c| c == b'`').count();
        // The span closes at the next run of exactly as many backticks.
        let mut j = i + run;
        let mut close = None;
        while j < b.len() {
            if b[j] == b'`' {
                let other = b[j..].iter().take_while(|&&c| c == b'`').count();
                if other == run {
                    close = Some(j + other);
                    break;
                }
                j += other;
            } else {
                j += 1;
            }
        }
        match close {
            Some(end) => {
                blank(bytes, i..end);
                i = end;
            }
            None => i += run,
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

#[cfg(test)]
mod tests {
    use super::*;
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
        assert_eq!(normalize("2. Use  cases:"), "use cases");
        assert_eq!(normalize("**Overview**"), "overview");
        assert_eq!(normalize("1.2 Data Models"), "data models");
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
    }

    #[test]
    fn fences_comments_and_front_matter_are_hidden() {
        let doc = Doc::parse(
            "---\ntitle: x\n---\n# T\n```rust\n## No\n```\n<!-- a\n## No\n-->\nok <!-- x --> too\n~~~~\n",
        );
        let hidden: Vec<bool> = doc.lines.iter().map(|l| l.hidden).collect();
        assert_eq!(
            hidden,
            vec![
                true, true, true, false, true, true, true, true, true, true, false, true
            ]
        );
        assert_eq!(doc.lines[10].text, "ok  too");
        assert_eq!(doc.unclosed_fence, Some(12));
        assert_eq!(doc.sections().len(), 0);
    }

    #[test]
    fn fields_read_nested_values() {
        let doc = Doc::parse(
            "## S\n- **Goals**:\n  - one\n  - two\n- **Other**: x\n\nText after.\n### Latency\np99 5 ms\n\n| Throughput | 5 rps |\n",
        );
        let all = 0..doc.lines.len();
        let goals = doc.field(all.clone(), "goals").unwrap();
        assert_eq!((goals.line, goals.value.as_str()), (2, "- one - two"));
        let other = doc.field(all.clone(), "Other").unwrap();
        assert_eq!(other.value, "x");
        assert_eq!(
            doc.field(all.clone(), "latency").unwrap().value,
            "p99 5 ms | Throughput | 5 rps |"
        );
        assert_eq!(doc.field(all, "Throughput").unwrap().value, "5 rps");
    }
}
