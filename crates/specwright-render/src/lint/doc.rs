//! Just enough of a markdown reader for the checks: which lines are prose (not code,
//! front matter or HTML comments), headings (ATX and setext) and the `## ` sections they
//! open, the entries of a section, and labelled fields. Tables are read in `gfm`.
//!
//! Every pass is linear in the input: a line is looked at a bounded number of times.

use std::collections::{HashMap, VecDeque};
use std::ops::Range;

use super::gfm::split_row;
use super::vocab::{label_matches, name_words, strip_numbering};

pub(crate) struct Line {
    /// 1-based.
    pub number: usize,
    /// The line without its line ending and without HTML comments.
    pub text: String,
    /// `text` with inline code spans, link targets and URLs blanked: what word checks read.
    pub prose: String,
    /// Inside a code fence (or one of its fence lines), the front matter or an HTML
    /// comment, or the underline of a setext heading.
    pub hidden: bool,
    /// Inside a code fence or one of its fence lines.
    pub fence: bool,
    /// The heading this line is (ATX `## Title`, or the text of a setext heading): its
    /// level and title.
    pub heading: Option<(usize, String)>,
}

pub(crate) struct Doc {
    /// `lines[i].number == i + 1`.
    pub lines: Vec<Line>,
    /// The line of a code fence that is never closed (it swallows the rest of the file).
    pub unclosed_fence: Option<usize>,
}

/// A `## ` heading and the lines up to the next `## ` or `# ` heading.
pub(crate) struct Section {
    /// The heading as written, e.g. `3. Non-Functional Requirements`.
    pub title: String,
    /// The heading without its number, for messages: `Non-Functional Requirements`.
    pub name: String,
    /// The heading's line number.
    pub line: usize,
    /// Line indexes of the body.
    pub body: Range<usize>,
}

/// A heading inside a section (a use case, an entity, an operation) and its lines.
pub(crate) struct Entry {
    pub title: String,
    pub line: usize,
    pub body: Range<usize>,
}

/// A labelled field (or a sub-heading or table row named like the label) and its value.
pub(crate) struct Field {
    pub line: usize,
    /// The text after the label, with any continuation lines (nested lists) joined by spaces.
    pub value: String,
}

/// Splits on `\n`, `\r\n` and a lone `\r`, as markdown does.
fn split_lines(text: &str) -> Vec<&str> {
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

impl Doc {
    pub fn parse(markdown: &str) -> Doc {
        let raw = split_lines(markdown.strip_prefix('\u{feff}').unwrap_or(markdown));
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
                heading: None,
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
            let heading = (!whole_line_comment)
                .then(|| heading(&visible).map(|(level, title)| (level, title.to_string())))
                .flatten();
            lines.push(Line {
                number,
                prose: prose(&visible),
                text: visible,
                hidden: whole_line_comment,
                fence: false,
                heading,
            });
        }
        mark_setext_headings(&mut lines);
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
            let Some((level, title)) = &line.heading else {
                continue;
            };
            if *level > 2 {
                continue;
            }
            if open && let Some(last) = sections.last_mut() {
                last.body.end = i;
            }
            open = *level == 2;
            if open {
                sections.push(Section {
                    title: title.clone(),
                    name: display_name(title),
                    line: line.number,
                    body: i + 1..self.lines.len(),
                });
            }
        }
        sections
    }

    /// The entries of a section's body: its `### ` headings, except that a `### ` group
    /// whose `#### ` sub-headings are not fields (`### Arrival Endpoints`, then
    /// `#### POST /v1/arrival`) stands for those sub-headings. `is_field` tells a field
    /// sub-heading (`#### Flow`) from an entry.
    pub fn entries(&self, body: Range<usize>, is_field: &dyn Fn(&str) -> bool) -> Vec<Entry> {
        let heads: Vec<(usize, usize, &str, usize)> = self
            .visible(body.clone())
            .filter_map(|(i, l)| {
                l.heading
                    .as_ref()
                    .filter(|(level, _)| *level >= 3)
                    .map(|(level, title)| (i, *level, title.as_str(), l.number))
            })
            .collect();
        let end_of = |k: usize, level: usize| {
            heads[k + 1..]
                .iter()
                .find(|(_, l, _, _)| *l <= level)
                .map_or(body.end, |(i, _, _, _)| *i)
        };
        let mut entries = Vec::new();
        let mut k = 0;
        while k < heads.len() {
            let (i, level, title, number) = heads[k];
            if level != 3 {
                k += 1;
                continue;
            }
            // The group's children: the level-4 headings up to the next level-3 one. A
            // `### ` with a field among them (`#### Flow`) is an entry, not a group.
            let next = (k + 1..heads.len())
                .find(|&c| heads[c].1 <= 3)
                .unwrap_or(heads.len());
            let children: Vec<usize> = (k + 1..next).filter(|&c| heads[c].1 == 4).collect();
            let group = !children.is_empty() && !children.iter().any(|&c| is_field(heads[c].2));
            if group {
                for c in children {
                    let (ci, _, ctitle, cnumber) = heads[c];
                    entries.push(Entry {
                        title: ctitle.to_string(),
                        line: cnumber,
                        body: ci + 1..end_of(c, 4),
                    });
                }
            } else {
                entries.push(Entry {
                    title: title.to_string(),
                    line: number,
                    body: i + 1..end_of(k, 3),
                });
            }
            k = next;
        }
        entries
    }

    /// Finds a field in `range` by any of its label forms (see `vocab::field_forms`): a
    /// `**Label**:` (anywhere in a line, so `**Actors:** x | **Preconditions:** y` holds
    /// two), a plain `- Label: value` list item, a list item starting with the label and a
    /// status code (`- Response 204 on success`), a sub-heading named like the label, or a
    /// table row whose first cell is the label.
    pub fn field(&self, range: Range<usize>, forms: &[Vec<String>]) -> Option<Field> {
        let end = range.end;
        for (i, line) in self.visible(range) {
            let text = line.text.as_str();
            for (k, label) in bold_labels(text).iter().enumerate() {
                if !bold_label_matches(label.name, forms) {
                    continue;
                }
                let mut value = label.rest.to_string();
                // Only a label that starts the line owns the lines under it.
                if k == 0 && label.at_start {
                    for more in self.continuation(i, indent_of(text), end, value.is_empty()) {
                        value.push(' ');
                        value.push_str(more.trim());
                    }
                }
                return Some(Field {
                    line: line.number,
                    value: value.trim().to_string(),
                });
            }
            if let Some((label, rest)) = plain_label(text)
                && label_matches(&name_words(label), forms)
            {
                let mut value = rest.to_string();
                for more in self.continuation(i, indent_of(text), end, value.is_empty()) {
                    value.push(' ');
                    value.push_str(more.trim());
                }
                return Some(Field {
                    line: line.number,
                    value: value.trim().to_string(),
                });
            }
            if let Some(item) = list_item_text(text)
                && starts_with_form_and_status(item, forms)
            {
                return Some(Field {
                    line: line.number,
                    value: item.trim().to_string(),
                });
            }
            if let Some((level, title)) = &line.heading
                && *level >= 3
                && label_matches(&name_words(title), forms)
            {
                let level = *level;
                let value = self
                    .visible(i + 1..end)
                    .take_while(|(_, l)| l.heading.as_ref().is_none_or(|(lv, _)| *lv > level))
                    .map(|(_, l)| l.text.trim())
                    .filter(|t| !t.is_empty())
                    .collect::<Vec<_>>()
                    .join(" ");
                return Some(Field {
                    line: line.number,
                    value: value.trim().to_string(),
                });
            }
            if text.trim_start().starts_with('|') {
                let cells = split_row(text);
                if cells
                    .first()
                    .is_some_and(|c| label_matches(&name_words(c), forms))
                {
                    return Some(Field {
                        line: line.number,
                        value: cells[1..].join(" ").trim().to_string(),
                    });
                }
            }
        }
        None
    }

    /// The lines that belong to the list item or paragraph started at line `i`. A label
    /// with nothing after it also owns the list right under it, even when that list is
    /// not indented (`**Flow:**` then `1. ...`).
    fn continuation(&self, i: usize, indent: usize, end: usize, empty: bool) -> Vec<&str> {
        let mut out = Vec::new();
        let mut after_blank = false;
        let mut in_list = false;
        // A label with nothing after it whose value is a code block (`- Response 200:`
        // then a JSON example).
        let mut in_code = false;
        for line in &self.lines[i + 1..end] {
            let text = line.text.as_str();
            if line.fence && (in_code || (empty && out.is_empty())) {
                in_code = true;
                out.push(text);
                continue;
            }
            if in_code {
                break;
            }
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
            if line.heading.is_some() {
                break;
            }
            if !nested {
                let item = list_item_text(text).is_some();
                let label = label_of(text).is_some();
                if item && !label && (in_list || (empty && out.is_empty())) {
                    in_list = true;
                    out.push(text);
                    after_blank = false;
                    continue;
                }
                if after_blank || starts_block(text) || label {
                    break;
                }
            }
            out.push(text);
            after_blank = false;
        }
        out
    }
}

/// A heading's name for messages: without its number or emphasis.
pub(crate) fn display_name(title: &str) -> String {
    strip_numbering(title.trim().trim_matches(|c| c == '*' || c == '_').trim())
        .trim()
        .to_string()
}

/// Turns `Title` over a line of `===` or `---` into a heading on the title's line (the
/// underline and any further title lines are hidden). One pass: the paragraph a line
/// belongs to is tracked as the lines go by.
fn mark_setext_headings(lines: &mut [Line]) {
    // (first line of the current paragraph, whether it can become a heading)
    let mut paragraph: Option<(usize, bool)> = None;
    for i in 0..lines.len() {
        let line = &lines[i];
        if line.hidden || line.text.trim().is_empty() || line.heading.is_some() {
            paragraph = None;
            continue;
        }
        let text = line.text.as_str();
        if let Some(level) = setext_underline(text)
            && let Some((start, true)) = paragraph
        {
            let title = lines[start..i]
                .iter()
                .map(|l| l.text.trim())
                .collect::<Vec<_>>()
                .join(" ");
            lines[start].heading = Some((level, title));
            for l in &mut lines[start + 1..=i] {
                l.hidden = true;
            }
            paragraph = None;
            continue;
        }
        if is_thematic_break(text.trim_start()) {
            paragraph = None;
            continue;
        }
        if paragraph.is_none() || starts_block(text) || text.trim_start().starts_with('|') {
            let can_be_heading =
                indent_of(text) <= 3 && !starts_block(text) && !text.trim_start().starts_with('|');
            paragraph = Some((i, can_be_heading));
        }
    }
}

fn setext_underline(text: &str) -> Option<usize> {
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

/// Lowercase, single-spaced, without emphasis markers, numbering or a trailing colon,
/// so `## 2. Use cases:` names the same section as `## Use Cases`.
pub(crate) fn normalize(text: &str) -> String {
    let text = text.trim().trim_matches(|c| c == '*' || c == '_').trim();
    let text = text.trim_end_matches(':').trim();
    strip_numbering(text)
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
    let t = list_item_text(text).unwrap_or_else(|| text.trim_start());
    let label = bold_labels(t).into_iter().next().filter(|l| l.at_start)?;
    Some((indent, label.name, label.rest))
}

/// A `**Label:**` or `**Label**:` in a line.
pub(crate) struct BoldLabel<'a> {
    pub name: &'a str,
    /// The text after it, up to the next label on the line.
    pub rest: &'a str,
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
        let colon_inside = inner.trim_end().ends_with(':');
        let colon_after = after.trim_start().starts_with(':');
        let at_start = open == offset;
        let name = inner.trim().trim_end_matches(':').trim();
        if !name.is_empty() && (at_start || colon_inside || colon_after) && !name.contains('`') {
            let mut end = close + 2;
            if colon_after {
                end += after.len() - after.trim_start().len() + 1;
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
            at_start,
        });
    }
    labels
}

/// A bold label names a field by one of its forms, or by a form qualified after `on`,
/// `for`, `if` or `when` (`**Response on Success**` is an output).
fn bold_label_matches(label: &str, forms: &[Vec<String>]) -> bool {
    if label_matches(&name_words(label), forms) {
        return true;
    }
    let lower = label.to_lowercase();
    [" on ", " for ", " if ", " when "]
        .iter()
        .filter_map(|sep| lower.split_once(sep).map(|(head, _)| head.to_string()))
        .any(|head| label_matches(&name_words(&head), forms))
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
fn plain_label(text: &str) -> Option<(&str, &str)> {
    let item = list_item_text(text)?;
    let (label, rest) = item.split_once(':')?;
    let words = label.split_whitespace().count();
    let plain = label
        .chars()
        .all(|c| c.is_alphanumeric() || matches!(c, ' ' | '-' | '/' | '(' | ')' | '\''));
    ((1..=5).contains(&words) && plain && !rest.starts_with("//")).then_some((label, rest.trim()))
}

/// `Response 204 on success`: a form's words followed by a status code.
fn starts_with_form_and_status(item: &str, forms: &[Vec<String>]) -> bool {
    let words = name_words(&item.chars().take(80).collect::<String>());
    forms.iter().any(|form| {
        words.len() > form.len()
            && words[..form.len()] == form[..]
            && words[form.len()].len() == 3
            && words[form.len()].chars().all(|c| c.is_ascii_digit())
    })
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
        || list_item_text(text).is_some()
        || is_thematic_break(t)
}

fn is_thematic_break(t: &str) -> bool {
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::lint::vocab::field_forms;
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
    fn setext_headings_are_headings() {
        let doc = Doc::parse(
            "Title — Technical Specification\n===\n\nOverview\n--------\ntext\n\n- item\n---\n\npara\nmore\n---\n",
        );
        let headings: Vec<(usize, Option<(usize, String)>)> = doc
            .lines
            .iter()
            .filter(|l| l.heading.is_some())
            .map(|l| (l.number, l.heading.clone()))
            .collect();
        assert_eq!(
            headings,
            vec![
                (1, Some((1, "Title — Technical Specification".to_string()))),
                (4, Some((2, "Overview".to_string()))),
                (11, Some((2, "para more".to_string()))),
            ]
        );
        // Under a list item, `---` is a thematic break.
        assert!(!doc.lines[8].hidden);
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
    fn fields_read_nested_values_variants_and_lists() {
        let doc = Doc::parse(
            "## S\n- **Goals**:\n  - one\n  - two\n- **Other**: x\n\nText after.\n### Latency\np99 5 ms\n\n| Throughput | 5 rps |\n- **Flow:**\n1. a\n2. b\n- **Actors:** me | **Precondition**: ready\n- Request: a body\n- Response 204 on success\n",
        );
        let all = 0..doc.lines.len();
        let get = |label: &str| doc.field(all.clone(), &field_forms(label));
        let goals = get("goals").unwrap();
        assert_eq!((goals.line, goals.value.as_str()), (2, "- one - two"));
        assert_eq!(get("Other").unwrap().value, "x");
        assert!(
            get("latency")
                .unwrap()
                .value
                .starts_with("p99 5 ms | Throughput | 5 rps |")
        );
        assert_eq!(get("Throughput").unwrap().value, "5 rps");
        assert_eq!(get("Flow").unwrap().value, "1. a 2. b");
        assert_eq!(get("Actor").unwrap().value, "me");
        assert_eq!(get("Preconditions").unwrap().value, "ready");
        assert_eq!(get("Input").unwrap().value, "a body");
        assert_eq!(get("Output").unwrap().line, 17);
    }

    #[test]
    fn groups_stand_for_their_operations() {
        let doc = Doc::parse(
            "## API\n### Arrival Endpoints\nintro\n#### POST /a\n- x\n#### GET /b\n- y\n### Single\n- z\n### UC-1: Pay\n#### Flow\n1. a\n",
        );
        let forms = field_forms("Flow");
        let is_field = |t: &str| label_matches(&name_words(t), &forms);
        let entries: Vec<(String, usize, Range<usize>)> = doc
            .entries(1..doc.lines.len(), &is_field)
            .into_iter()
            .map(|e| (e.title, e.line, e.body))
            .collect();
        assert_eq!(
            entries,
            vec![
                ("POST /a".to_string(), 4, 4..5),
                ("GET /b".to_string(), 6, 6..7),
                ("Single".to_string(), 8, 8..9),
                ("UC-1: Pay".to_string(), 10, 10..12),
            ]
        );
    }
}
