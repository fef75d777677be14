//! Just enough of a markdown reader for the checks: which lines are prose (not code,
//! front matter or HTML comments), headings (ATX and setext) and the `## ` sections they
//! open, the entries of a section, and labelled fields, built on the line syntax of
//! `syntax`. Tables are read in `gfm`.
//!
//! Every pass is linear in the input: a line is looked at a bounded number of times.

use std::ops::Range;

use super::syntax::{
    bold_labels, closes_fence, heading, indent_of, is_thematic_break, label_of, list_item_text,
    opens_fence, opens_html_block, plain_label, prose, setext_underline, split_lines, split_row,
    starts_block, strip_comments,
};
use super::vocab::{display_name, label_matches, name_words, title_names_field};

/// A heading and the lines its content runs to.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Heading<'a> {
    /// The heading's index in `Doc::lines`.
    pub index: usize,
    /// Its line number.
    pub number: usize,
    pub level: usize,
    pub title: &'a str,
    /// The index of the line where its content ends (exclusive).
    pub end: usize,
}

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
    /// Code blocks closed by a fence line that names a language, as (the line that
    /// opened the block, the closing line): ```` ```sql ```` before `**Design Notes**`.
    pub closed_with_language: Vec<(usize, usize)>,
    /// Code blocks inside a `markdown` block fenced as it is, as (the line that opened the
    /// outer block, the inner block's opening line, its closing line): Markdown ends the
    /// outer block at the inner one's close; lint reads them nested, as the author meant.
    pub nested_fences: Vec<(usize, usize, usize)>,
    /// Every code block, as (the line of its opening fence, its last line: the closing
    /// fence, or the file's last line when it is never closed).
    pub code_blocks: Vec<(usize, usize)>,
    /// The line of the first numbered `# ` section, when the spec writes its sections
    /// one level up (`# 8. API Reference` with `## 8.1 REST Endpoints` under the title):
    /// they are read one level down, as `## ` sections. (Also the first `# ` chapter of a
    /// spec titled in its front matter, `title:`, whose chapters are `# ` headings.)
    pub sections_at_level_one: Option<usize>,
    /// The spec's title is in its front matter, not a `# ` line.
    pub titled_in_front_matter: bool,
    /// The spec has no title, and its sections are `# ` headings: it opens with text
    /// (an RFC's `- Start Date:` lines) or with a section (`# Summary`), then `# `
    /// chapters.
    pub untitled: bool,
}

/// A `## ` heading and the lines up to the next `## ` or `# ` heading (or a template
/// section found at another level, up to the next heading of its level or above).
#[derive(Clone)]
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

/// The code blocks written inside a `markdown` (or `md`) block with a fence as long as its
/// own (```` ```bash ```` inside ```` ```markdown ````), as (the outer block's opening
/// line, the inner one's opening and closing lines). Markdown ends the outer block at the
/// inner one's closing fence, so what follows, meant as the example's, reads as the
/// spec's. Only when reading them nested closes the outer block before the file ends:
/// otherwise the fences mean something else, and none is returned.
fn nested_in_markdown(raw: &[&str]) -> Vec<(usize, usize, usize)> {
    enum State {
        Outside,
        Code(char, usize),
        // The outer block's fence and line, the inner block open, the inner blocks closed.
        Markdown(char, usize, usize, Option<usize>, Vec<(usize, usize)>),
    }
    let mut state = State::Outside;
    let mut found = Vec::new();
    for (i, text) in raw.iter().enumerate() {
        let number = i + 1;
        state = match state {
            State::Outside => match opens_fence(text) {
                Some((ch, len))
                    if matches!(
                        super::syntax::fence_language(text).as_deref(),
                        Some("markdown" | "md")
                    ) =>
                {
                    State::Markdown(ch, len, number, None, Vec::new())
                }
                Some((ch, len)) => State::Code(ch, len),
                None => State::Outside,
            },
            State::Code(ch, len) if closes_fence(text, ch, len) => State::Outside,
            State::Markdown(ch, len, opened, Some(inner), mut pairs) => {
                if closes_fence(text, ch, len) {
                    pairs.push((inner, number));
                    State::Markdown(ch, len, opened, None, pairs)
                } else {
                    State::Markdown(ch, len, opened, Some(inner), pairs)
                }
            }
            State::Markdown(ch, len, opened, None, pairs) => {
                if closes_fence(text, ch, len) {
                    found.extend(pairs.into_iter().map(|(o, c)| (opened, o, c)));
                    State::Outside
                } else if opens_fence(text).is_some_and(|(c, l)| c == ch && l >= len)
                    && super::syntax::fence_language(text).is_some_and(|l| !l.is_empty())
                {
                    State::Markdown(ch, len, opened, Some(number), pairs)
                } else {
                    State::Markdown(ch, len, opened, None, pairs)
                }
            }
            other => other,
        };
    }
    found
}

/// Whether the first of `rest` is a fence line naming a language that the author meant
/// to close the open block with: as many fence characters as opened it, and Markdown
/// after it (a heading, bold text, a list item, a table or a quote), not code. Markdown
/// reads it as a line of code, and the block runs on to the next bare fence; an inner
/// block it opened would end at that fence too, so it cannot be one.
fn closes_with_language(rest: &[&str], ch: char, len: usize) -> bool {
    let t = rest[0].trim();
    if indent_of(rest[0]) > 3 || t.chars().take_while(|&c| c == ch).count() != len {
        return false;
    }
    let info = t[len * ch.len_utf8()..].trim();
    if info.is_empty()
        || !info
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || "+-_#.".contains(c))
    {
        return false;
    }
    let Some(next) = rest[1..]
        .iter()
        .map(|l| l.trim_end())
        .find(|l| !l.trim().is_empty())
    else {
        return false;
    };
    heading(next).is_some_and(|(level, _)| level >= 2)
        || ["**", "- ", "* ", "| ", "> "]
            .iter()
            .any(|m| next.starts_with(m))
}

impl Doc {
    pub fn parse(markdown: &str) -> Doc {
        let raw = split_lines(markdown.strip_prefix('\u{feff}').unwrap_or(markdown));
        // YAML front matter: `---` on the first line, closed by `---` or `...`.
        // (A `## ` heading before the closing line ends it unclosed: a generator that
        // closes it only with the rule on the spec's last line, `## 🧠 Goal` after the
        // `description:`, wrote the spec after it. A `# ` line may be a YAML comment.)
        let front_matter_end = if raw.first().map(|l| l.trim_end()) == Some("---") {
            let ends = |l: &&str| {
                matches!(l.trim_end(), "---" | "...")
                    || (l.starts_with("##") && heading(l).is_some())
            };
            match raw.iter().skip(1).position(ends).map(|p| p + 1) {
                Some(i) if raw[i].starts_with('#') => {
                    // (Up to its last field: a `# ` title just above the heading, and the
                    // blank lines around it, are the spec's. `---` right over a heading is
                    // a rule, and there is no front matter.)
                    let mut end = i - 1;
                    while end > 1
                        && (raw[end].trim().is_empty() || matches!(heading(raw[end]), Some((1, _))))
                    {
                        end -= 1;
                    }
                    Some(end).filter(|&end| end >= 1)
                }
                closing => closing,
            }
        } else {
            None
        };
        let mut lines = Vec::with_capacity(raw.len());
        let mut fence: Option<(char, usize, usize)> = None;
        let mut closed_with_language = Vec::new();
        let nested_fences = nested_in_markdown(&raw);
        // (Their fence lines are the outer block's code.)
        let inner_fences: std::collections::HashSet<usize> = nested_fences
            .iter()
            .flat_map(|&(_, open, close)| [open, close])
            .collect();
        let mut code_blocks = Vec::new();
        let mut in_comment = false;
        // Inside an HTML block (`</details>` and the lines up to the next blank one).
        let mut in_html = false;
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
            if let Some((ch, len, opened)) = fence {
                if inner_fences.contains(&number) {
                    // (A fence line of a block nested in a `markdown` one: its code.)
                } else if closes_fence(text, ch, len) {
                    code_blocks.push((opened, number));
                    fence = None;
                } else if closes_with_language(&raw[i..], ch, len) {
                    closed_with_language.push((opened, number));
                    code_blocks.push((opened, number));
                    fence = None;
                }
                lines.push(hidden_line(text, true));
                continue;
            }
            if in_html && text.trim().is_empty() {
                in_html = false;
            } else if !in_html && !in_comment && opens_html_block(text) {
                in_html = true;
            }
            if !in_comment
                && !in_html
                && let Some((ch, len)) = opens_fence(text)
            {
                fence = Some((ch, len, number));
                lines.push(hidden_line(text, true));
                continue;
            }
            let (visible, still_in_comment) = strip_comments(text, in_comment);
            // A line that held only a comment (or lies inside one) is not text.
            let whole_line_comment = visible.trim().is_empty()
                && (visible.len() != text.len() || in_comment || still_in_comment);
            in_comment = still_in_comment;
            let heading = (!whole_line_comment && !in_html)
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
        let titled_in_front_matter = front_matter_end.is_some_and(|end| {
            raw[1..end].iter().any(|l| {
                l.strip_prefix("title:")
                    .is_some_and(|t| !t.trim().is_empty())
            })
        });
        let untitled = !titled_in_front_matter && opens_without_title(&lines);
        let sections_at_level_one = if titled_in_front_matter || untitled {
            lift_chapters(&mut lines)
        } else {
            lift_numbered_title_level(&mut lines)
        };
        if sections_at_level_one.is_none() {
            lower_lone_chapters(&mut lines);
        }
        nest_numbered_headings(&mut lines);
        if let Some((_, _, opened)) = fence {
            code_blocks.push((opened, lines.len()));
        }
        Doc {
            lines,
            unclosed_fence: fence.map(|(_, _, line)| line),
            closed_with_language,
            nested_fences,
            code_blocks,
            sections_at_level_one,
            titled_in_front_matter,
            untitled,
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

    /// Every visible heading, each with where its content ends: at the next heading of
    /// its level or above, or at the end of the document.
    pub fn headings(&self) -> Vec<Heading<'_>> {
        let mut heads: Vec<Heading<'_>> = self
            .visible(0..self.lines.len())
            .filter_map(|(index, l)| {
                l.heading.as_ref().map(|(level, title)| Heading {
                    index,
                    number: l.number,
                    level: *level,
                    title: title.as_str(),
                    end: self.lines.len(),
                })
            })
            .collect();
        // The headings still open; each new heading closes those of its level or deeper.
        let mut open: Vec<usize> = Vec::new();
        for k in 0..heads.len() {
            while let Some(&j) = open.last() {
                if heads[k].level > heads[j].level {
                    break;
                }
                heads[j].end = heads[k].index;
                open.pop();
            }
            open.push(k);
        }
        heads
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
        // Entries are the section's shallowest subheadings: `### ` under a `## `
        // section, `#### ` under one written a level down (`### 4. Use Cases`).
        let base = heads.iter().map(|h| h.1).min().unwrap_or(3);
        let mut entries = Vec::new();
        let mut k = 0;
        while k < heads.len() {
            let (i, level, title, number) = heads[k];
            if level != base {
                k += 1;
                continue;
            }
            // The group's children: the next level's headings up to the next entry. A
            // `### ` with a field among them (`#### Flow`) is an entry, not a group.
            let next = (k + 1..heads.len())
                .find(|&c| heads[c].1 <= base)
                .unwrap_or(heads.len());
            let children: Vec<usize> = (k + 1..next).filter(|&c| heads[c].1 == base + 1).collect();
            let group = !children.is_empty() && !children.iter().any(|&c| is_field(heads[c].2));
            if group {
                for c in children {
                    let (ci, _, ctitle, cnumber) = heads[c];
                    entries.push(Entry {
                        title: ctitle.to_string(),
                        line: cnumber,
                        body: ci + 1..end_of(c, base + 1),
                    });
                }
            } else {
                entries.push(Entry {
                    title: title.to_string(),
                    line: number,
                    body: i + 1..end_of(k, base),
                });
            }
            k = next;
        }
        entries
    }

    /// The tables of a range that have a delimiter row: each header's cells and the
    /// lines of its rows. A table runs to its first line that is not a row, as GFM reads
    /// it, so a delimiter-like line inside it is a row and the scan goes on after the
    /// table: each line is read once.
    pub(crate) fn headed_tables(&self, range: Range<usize>) -> Vec<(Vec<String>, &[Line])> {
        let lines = &self.lines[range];
        let mut out = Vec::new();
        let mut k = 0;
        while k < lines.len() {
            let l = &lines[k];
            if !l.hidden
                && l.text.trim_start().starts_with('|')
                && lines
                    .get(k + 1)
                    .is_some_and(|d| super::syntax::is_delimiter_row(&d.text))
            {
                let rows = &lines[k + 2..];
                let count = rows
                    .iter()
                    .take_while(|r| !r.hidden && r.text.trim_start().starts_with('|'))
                    .count();
                out.push((split_row(&l.text), &rows[..count]));
                k += 2 + count;
            } else {
                k += 1;
            }
        }
        out
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
                // Only a label that starts the line owns the lines under it.
                let owns_lines = k == 0 && label.at_start;
                return Some(self.field_at(i, label.rest, owns_lines, end));
            }
            if let Some((label, rest)) = plain_label(text)
                && label_matches(&name_words(label), forms)
            {
                return Some(self.field_at(i, rest, true, end));
            }
            if let Some(item) = list_item_text(text)
                && starts_with_form_and_status(item, forms)
            {
                return Some(Field {
                    line: line.number,
                    value: item.trim().to_string(),
                });
            }
            // A line of its own opening with the label, as hand-written API docs have
            // them: `Errors: \`409\` email already in use.`, `Success \`200\`: returns the
            // product.`
            if list_item_text(text).is_none() && line.heading.is_none() {
                let t = text.trim_start();
                if let Some((label, rest)) = t.split_once(':')
                    && (1..=3).contains(&label.split_whitespace().count())
                    // (Hyphenated too: `Non-goals: billing, refunds.`)
                    && label.chars().all(|c| c.is_alphabetic() || c == ' ' || c == '-')
                    && label_matches(&name_words(label), forms)
                {
                    return Some(self.field_at(i, rest.trim(), true, end));
                }
                if starts_with_form_and_status(t, forms) {
                    return Some(Field {
                        line: line.number,
                        value: t.trim().to_string(),
                    });
                }
            }
            // `### Background / Problem Statement` names either part.
            if let Some((level, title)) = &line.heading
                && *level >= 3
                && title_names_field(title, forms)
            {
                let level = *level;
                let value = self
                    .visible(i + 1..end)
                    .take_while(|(_, l)| l.heading.as_ref().is_none_or(|(lv, _)| *lv > level))
                    .map(|(_, l)| l.text.trim())
                    .filter(|t| !t.is_empty())
                    .collect::<Vec<_>>()
                    .join(" ");
                // A code block under the heading (`### Request body` then a JSON block)
                // is its value.
                let code = self.lines[i + 1..end]
                    .iter()
                    .take_while(|l| {
                        l.hidden || l.heading.as_ref().is_none_or(|(lv, _)| *lv > level)
                    })
                    .any(|l| l.fence);
                let value = match value.trim() {
                    "" if code => "(code block)".to_string(),
                    v => v.to_string(),
                };
                return Some(Field {
                    line: line.number,
                    value,
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

    /// The field whose label is on line `i`: `rest` and, when the label owns them, the
    /// lines under it.
    fn field_at(&self, i: usize, rest: &str, owns_lines: bool, end: usize) -> Field {
        let mut value = rest.to_string();
        if owns_lines {
            let indent = indent_of(&self.lines[i].text);
            for more in self.continuation(i, indent, end, value.is_empty()) {
                value.push(' ');
                value.push_str(more.trim());
            }
        }
        Field {
            line: self.lines[i].number,
            value: value.trim().to_string(),
        }
    }

    /// The lines that belong to the list item or paragraph started at line `i`. A label
    /// with nothing after it also owns the list right under it, even when that list is
    /// not indented (`**Flow:**` then `1. ...`); when the label is not itself a list
    /// item, that list's items may open with labels of their own (`**Alternative
    /// Flows**:` then `- **AF-1**: Login fails ...`), which a sibling field's cannot.
    fn continuation(&self, i: usize, indent: usize, end: usize, empty: bool) -> Vec<&str> {
        let labelled_items = list_item_text(&self.lines[i].text).is_none();
        let mut out = Vec::new();
        let mut after_blank = false;
        let mut in_list = false;
        let mut in_table = false;
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
                // A table right under a label with nothing after it is its value (`Query
                // params:` then `| Param | Type | Description |`).
                if text.trim_start().starts_with('|') && (in_table || (empty && out.is_empty())) {
                    in_table = true;
                    out.push(text);
                    after_blank = false;
                    continue;
                }
                if in_table {
                    break;
                }
                if item && (!label || labelled_items) && (in_list || (empty && out.is_empty())) {
                    in_list = true;
                    out.push(text);
                    after_blank = false;
                    continue;
                }
                // (A label with nothing after it owns the line after a blank one:
                // `Query Parameters:`, a blank line, `city: "Khanewal"`.)
                if (after_blank && !(empty && out.is_empty())) || starts_block(text) || label {
                    break;
                }
            }
            out.push(text);
            after_blank = false;
        }
        out
    }
}

/// A spec whose sections are numbered `# ` headings under its `# ` title (`# 1.
/// Overview`, `# 8. API Reference`, two or more) writes every heading one level up:
/// each heading after the title goes one level down. Returns the first such section.
fn lift_numbered_title_level(lines: &mut [Line]) -> Option<usize> {
    let mut heads = lines.iter().filter(|l| !l.hidden).filter_map(|l| {
        l.heading
            .as_ref()
            .map(|(level, title)| (l.number, *level, title))
    });
    let (title_line, 1, _) = heads.next()? else {
        return None;
    };
    let numbered: Vec<usize> = heads
        .filter(|(_, level, title)| *level == 1 && heading_number(title).is_some())
        .map(|(number, _, _)| number)
        .collect();
    let [first, _, ..] = numbered[..] else {
        return None;
    };
    // Chapters numbered by a word (`# Part 4 — Data model`) are chapters when the `## `
    // headings under them are numbered as their parts (`## 4.1 Group key`); over `## 5.
    // The two gates`, numbered on their own, they only group sections.
    if let Some((_, title)) = lines.get(first - 1).and_then(|l| l.heading.as_ref())
        && super::vocab::numbered_by_word(title.trim()).is_some()
    {
        let chapter = heading_number(title).and_then(|n| n.first().copied());
        let part = lines[first..]
            .iter()
            .filter(|l| !l.hidden)
            .find_map(|l| match &l.heading {
                Some((2, t)) => Some(heading_number(t)),
                Some((1, _)) => Some(None),
                _ => None,
            })
            .flatten();
        if !matches!((part.as_deref(), chapter), (Some([n, _, ..]), Some(c)) if *n == c) {
            return None;
        }
    }
    // A numbered `## ` section before the first chapter, numbered before it (`## 1.
    // 프로젝트 개요` over `### 1.1 문제 정의`, then `# 2. 사용자 프로세스`), is a section
    // already: it and its parts keep their level.
    let chapter = lines
        .get(first - 1)
        .and_then(|l| l.heading.as_ref())
        .and_then(|(_, title)| heading_number(title))
        .and_then(|n| n.first().copied());
    let mut kept = false;
    // A second unnumbered `# ` line right under the title (`# TECHNICAL DESIGN
    // DOCUMENT` then `# Content Pulse`) continues the title.
    let mut continuing = true;
    for line in lines
        .iter_mut()
        .filter(|l| !l.hidden && l.number > title_line)
    {
        continuing &= line.text.trim().is_empty()
            || matches!(&line.heading, Some((1, title)) if heading_number(title).is_none());
        if continuing {
            line.heading = None;
            continue;
        }
        if line.number < first
            && let Some((2, title)) = &line.heading
        {
            kept = matches!(
                (heading_number(title).as_deref(), chapter),
                (Some([n]), Some(c)) if *n < c
            );
        }
        if kept && line.number < first {
            continue;
        }
        one_level_down(line);
    }
    Some(first)
}

impl Doc {
    /// A spec whose sections are unnumbered `# ` headings under its `# ` title, as RFC
    /// templates write them (`# Summary`, `# Motivation`, `# Detailed design`, `#
    /// Alternatives`, `# Unresolved questions`), with their parts as `## ` headings: three
    /// or more such headings, the first heading after the title among them, and two or
    /// more naming a template section (`names_section`). Every heading after the title
    /// goes one level down, as numbered chapters do. (Specs stacked under titles of their
    /// own, `# Phase 1` over `## Overview`, name no section at `# `.) One pass to look,
    /// one to lower.
    pub fn lift_named_sections(&mut self, names_section: impl Fn(&str) -> bool) {
        if self.sections_at_level_one.is_some() || self.titled_in_front_matter {
            return;
        }
        let mut heads = self
            .lines
            .iter()
            .filter(|l| !l.hidden)
            .filter_map(|l| l.heading.as_ref().map(|(level, t)| (l.number, *level, t)));
        let Some((title_line, 1, _)) = heads.next() else {
            return;
        };
        let Some((first, 1, first_title)) = heads.next() else {
            return;
        };
        let (mut chapters, mut named) = (1, usize::from(names_section(first_title)));
        for (_, level, title) in heads {
            if level == 1 {
                chapters += 1;
                named += usize::from(names_section(title));
            }
        }
        if chapters < 3 || named < 2 {
            return;
        }
        for line in self
            .lines
            .iter_mut()
            .filter(|l| !l.hidden && l.number > title_line)
        {
            one_level_down(line);
        }
        self.sections_at_level_one = Some(first);
    }
}

/// Whether a spec has no title and its sections are `# ` headings, three or more: it
/// opens with text, not a heading (an RFC's `- Start Date: 2023-06-22` lines over `#
/// Summary`), or with a `# ` heading that names a section, not the spec (`# Summary`,
/// `# Motivation`, `# Abstract`, `# Overview`, `# Introduction`).
fn opens_without_title(lines: &[Line]) -> bool {
    let Some(first) = lines
        .iter()
        .find(|l| !l.hidden && !l.text.trim().is_empty())
    else {
        return false;
    };
    let opens = match &first.heading {
        None => true,
        Some((1, title)) => matches!(
            super::vocab::bare_name(title).to_lowercase().as_str(),
            "summary" | "motivation" | "abstract" | "overview" | "introduction"
        ),
        Some(_) => false,
    };
    opens
        && lines
            .iter()
            .filter(|l| !l.hidden && matches!(l.heading, Some((1, _))))
            .nth(2)
            .is_some()
}

/// A spec titled in its front matter (`title: "Specifica dei Requisiti Software"`, as
/// pandoc writes them) whose chapters are `# ` headings, three or more, the first heading
/// among them: every heading goes one level down, and the first chapter's line is given.
fn lift_chapters(lines: &mut [Line]) -> Option<usize> {
    let mut heads = lines
        .iter()
        .filter(|l| !l.hidden)
        .filter_map(|l| l.heading.as_ref().map(|(level, _)| (l.number, *level)));
    let (first, 1) = heads.next()? else {
        return None;
    };
    if heads.filter(|(_, level)| *level == 1).count() < 2 {
        return None;
    }
    for line in lines.iter_mut().filter(|l| !l.hidden) {
        one_level_down(line);
    }
    Some(first)
}

/// A numbered `# ` heading among numbered `## ` sections, numbered next in their
/// sequence (`## 4. コンテナ`, then `# 5. DB設計`, then `## 6. API 仕様`), is one of
/// them written a level up: it goes one level down, and so do the `## ` headings under
/// it numbered as its parts (`## 1. users テーブル`, or `## 5.1 ...`), with theirs, up
/// to the next section numbered after it. One pass.
fn lower_lone_chapters(lines: &mut [Line]) {
    let mut title_seen = false;
    // The number of the last `## ` section, and of the chapter being lowered.
    let mut last: Option<u32> = None;
    let mut chapter: Option<u32> = None;
    for line in lines.iter_mut().filter(|l| !l.hidden) {
        let Some((level, title)) = line.heading.as_mut() else {
            continue;
        };
        let number = heading_number(title);
        let first = number.as_ref().and_then(|n| n.first().copied());
        if *level == 1 {
            if !title_seen {
                title_seen = true;
                continue;
            }
            chapter = None;
            if let (Some([n]), Some(p)) = (number.as_deref(), last)
                && *n == p + 1
            {
                *level = 2;
                chapter = Some(*n);
                last = Some(*n);
            }
            continue;
        }
        match chapter {
            Some(c) if *level == 2 && first.is_some_and(|f| f > c) => {
                chapter = None;
                last = first;
            }
            Some(_) => *level = (*level + 1).min(6),
            None if *level == 2 && number.as_ref().is_some_and(|n| n.len() == 1) => {
                last = first;
            }
            None => {}
        }
    }
}

/// A heading read one level down (`# ` as `## `), at most `###### `.
fn one_level_down(line: &mut Line) {
    if let Some((level, _)) = line.heading.as_mut() {
        *level = (*level + 1).min(6);
    }
}

/// A heading numbered as a part of the `## ` section above it (`## 4.1 Sign Up Page`
/// under `## 4. Page-by-Page UX Behavior`) is that section's part: it and every heading
/// inside it go one level down, as the numbering says.
fn nest_numbered_headings(lines: &mut [Line]) {
    // The number of the `## ` section open now, and whether its parts are being nested.
    let mut section: Option<Vec<u32>> = None;
    let mut nesting = false;
    for line in lines.iter_mut().filter(|l| !l.hidden) {
        let Some((level, title)) = line.heading.as_mut() else {
            continue;
        };
        if *level == 2 {
            let number = heading_number(title);
            match (&section, number) {
                (Some(parent), Some(n)) if n.len() > parent.len() && n.starts_with(parent) => {
                    *level = 3;
                    nesting = true;
                }
                (_, n) => {
                    section = n;
                    nesting = false;
                }
            }
        } else if *level == 1 {
            section = None;
            nesting = false;
        } else if nesting {
            *level = (*level + 1).min(6);
        }
    }
}

/// The number a heading opens with (`4.1 Sign Up` → [4, 1], `6. API` → [6]).
fn heading_number(title: &str) -> Option<Vec<u32>> {
    let first = title.split_whitespace().next()?;
    let first = first.trim_end_matches(['.', ')', ':']);
    let parts: Option<Vec<u32>> = first.split('.').map(|p| p.parse().ok()).collect();
    parts.filter(|p| !p.is_empty()).or_else(|| {
        // (Numbered by a word: `# Part 4 — Data model`, `# Chapter 2: Scope`.)
        super::vocab::numbered_by_word(title.trim())?;
        let id = title
            .split_whitespace()
            .nth(1)?
            .trim_end_matches([':', '.']);
        id.parse().ok().map(|n| vec![n])
    })
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::lint::vocab::field_forms;
    use pretty_assertions::assert_eq;

    #[test]
    fn a_delimiter_like_line_inside_a_table_is_one_of_its_rows() {
        // GFM reads one table here: its second `|---|` line is a row. Reading each
        // such line as a new table's start read the rest of the run again for each.
        let doc = Doc::parse(
            "| a | b |\n|---|---|\n| c | d |\n|---|---|\n| e | f |\n\ntext\n| g |\n|---|\n",
        );
        let tables: Vec<(Vec<String>, Vec<&str>)> = doc
            .headed_tables(0..doc.lines.len())
            .into_iter()
            .map(|(header, rows)| (header, rows.iter().map(|r| r.text.as_str()).collect()))
            .collect();
        assert_eq!(
            tables,
            vec![
                (
                    vec!["a".to_string(), "b".to_string()],
                    vec!["| c | d |", "|---|---|", "| e | f |"]
                ),
                (vec!["g".to_string()], vec![]),
            ]
        );
    }

    #[test]
    fn headings_numbered_as_parts_go_one_level_down() {
        let doc = Doc::parse(
            "## 4. Pages\n## 4.1 Sign up\n### Fields\n## 5. API\n## 1.2 Stray\n## Notes\n## 5.1 Not a part\n",
        );
        let levels: Vec<usize> = doc
            .lines
            .iter()
            .filter_map(|l| l.heading.as_ref().map(|(level, _)| *level))
            .collect();
        assert_eq!(levels, vec![2, 3, 4, 2, 2, 2, 2]);
        assert_eq!(heading_number("10.2) Rooms"), Some(vec![10, 2]));
        assert_eq!(heading_number("Rooms"), None);
    }

    #[test]
    fn each_heading_ends_at_the_next_of_its_level_or_above() {
        let doc = Doc::parse(
            "# T\n## A\n### A1\ntext\n```\n## not a heading\n```\n#### A1a\n### A2\n## B\nlast\n",
        );
        let heads: Vec<(usize, &str, usize)> = doc
            .headings()
            .iter()
            .map(|h| (h.number, h.title, h.end))
            .collect();
        assert_eq!(
            heads,
            vec![
                (1, "T", 11),
                (2, "A", 9),
                (3, "A1", 8),
                (8, "A1a", 8),
                (9, "A2", 9),
                (10, "B", 11),
            ]
        );
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
    fn a_fence_line_inside_an_html_block_is_html() {
        // `</details>` opens an HTML block that runs to the blank line: the fence line
        // under it opens no code block, and the heading after the blank line is seen. A
        // heading right under `<div>` is HTML too.
        let doc = Doc::parse(
            "```html\n<details>\n```\n</details>\n```\n\n## Seen\n<div>\n## Not a heading\n\n```\ncode\n```\n",
        );
        assert_eq!(doc.code_blocks, vec![(1, 3), (11, 13)]);
        assert!(!doc.lines[4].hidden && !doc.lines[4].fence);
        let titles: Vec<String> = doc.sections().iter().map(|s| s.title.clone()).collect();
        assert_eq!(titles, ["Seen"]);
        assert_eq!(doc.unclosed_fence, None);
    }

    #[test]
    fn a_fence_line_naming_a_language_before_markdown_closes_the_block() {
        // Closed by ```sql before bold text; a ```python line before code stays code, and
        // a `# ` line after an inner fence is a comment, not Markdown.
        let doc = Doc::parse(
            "```sql\nSELECT 1;\n```sql\n**Notes**\n## Seen\n```bash\n```python\nprint(1)\n```\n```sh\n```zsh\n# comment\n```\n## Also seen\n",
        );
        assert_eq!(doc.closed_with_language, vec![(1, 3)]);
        assert!(!doc.lines[3].hidden && !doc.lines[4].hidden);
        assert!(doc.lines[6].hidden && doc.lines[7].hidden && doc.lines[11].hidden);
        assert_eq!(doc.sections().len(), 2);
        assert_eq!(doc.unclosed_fence, None);
    }

    #[test]
    fn an_untitled_spec_of_chapters_reads_them_as_sections() {
        // An RFC: metadata lines, then `# ` chapters with their `## ` parts.
        let doc = Doc::parse(
            "- Start Date: 2023-06-22\n\n# Summary\nS.\n# Motivation\nM.\n# Options Considered\n## Option A\nA.\n",
        );
        assert!(doc.untitled);
        assert_eq!(doc.sections_at_level_one, Some(3));
        assert_eq!(doc.sections().len(), 3);
        // Opening with a section's name, not the spec's.
        let doc = Doc::parse("# Summary\nS.\n# Motivation\nM.\n# Design\nD.\n");
        assert!(doc.untitled && doc.sections().len() == 3);
        // A title over chapters, or too few chapters, is not.
        assert!(!Doc::parse("# Cache\n# Summary\nS.\n# Design\nD.\n# Drawbacks\n").untitled);
        assert!(!Doc::parse("intro\n# Summary\nS.\n# Design\nD.\n").untitled);
    }

    #[test]
    fn a_block_inside_a_markdown_block_is_read_nested() {
        // A template shown as ```markdown holds its own ```bash block: the heading after
        // that block is the template's, not the spec's.
        let doc = Doc::parse(
            "## Seen\n```markdown\n# Agent notes\n```bash\nnpm test\n```\n## Avoid\n- x\n```\n## Also seen\n",
        );
        assert_eq!(doc.nested_fences, vec![(2, 4, 6)]);
        assert!(doc.lines[6].hidden && doc.lines[6].heading.is_none());
        assert_eq!(doc.sections().len(), 2);
        assert_eq!(doc.unclosed_fence, None);
        // Read nested, this one never closes: so Markdown's reading stands (the bare fence
        // ends the block, and `## Shown` is the spec's).
        let doc = Doc::parse("```markdown\n# A\n```bash\nls\n```\n## Shown\n");
        assert!(doc.nested_fences.is_empty());
        assert!(!doc.lines[5].hidden);
        assert_eq!(doc.unclosed_fence, None);
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
