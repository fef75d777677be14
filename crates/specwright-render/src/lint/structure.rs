//! The spec's skeleton: the title line, the `## ` sections (present, in order, once),
//! the labelled fields the template shows, and the operations of sections like API
//! Contracts (the use cases are in `use_cases`).

use super::doc::{Doc, Entry, Section};
use super::outline::{Naming, Outline, SectionShape};
use super::syntax::bold_labels;
use super::vocab::{display_name, field_forms, label_matches, name_words, normalize};
use super::{Finding, error, note, warning};

const TITLE_SUFFIX: &str = "Technical Specification";
const TITLE_HINT: &str = "Make the first line `# <Feature Name> — Technical Specification`.";

pub(crate) const OVERVIEW: &str = "Overview";
pub(crate) const USE_CASES: &str = "Use Cases";

pub(crate) fn check_title(doc: &Doc, out: &mut Vec<Finding>) {
    // Front matter and comments come before the title; a code fence does not.
    let first = doc
        .lines
        .iter()
        .find(|l| (!l.hidden || l.fence) && !l.text.trim().is_empty());
    let Some(first) = first else {
        out.push(error(
            1,
            "missing-title",
            "the spec is empty".into(),
            TITLE_HINT,
        ));
        return;
    };
    let text = first.text.trim();
    let title = (!first.hidden)
        .then_some(first.heading.as_ref())
        .flatten()
        .filter(|(level, _)| *level == 1)
        .map(|(_, title)| title.as_str());
    let Some(title) = title else {
        out.push(error(
            first.number,
            "missing-title",
            format!("the first line is not a `# ` title line: {}", quote(text)),
            TITLE_HINT,
        ));
        return;
    };
    let Some(name) = strip_suffix_ignore_case(title, TITLE_SUFFIX).map(str::trim_end) else {
        out.push(error(
            first.number,
            "missing-title",
            format!(
                "the title does not end with `— {TITLE_SUFFIX}`: {}",
                quote(text)
            ),
            TITLE_HINT,
        ));
        return;
    };
    if let Some(name) = name.strip_suffix('—') {
        if name.trim().is_empty() {
            out.push(error(
                first.number,
                "missing-title",
                "the title names no feature before `— Technical Specification`".into(),
                TITLE_HINT,
            ));
        }
        return;
    }
    let dash = ["--", "-", "–"]
        .into_iter()
        .find(|d| name.ends_with(&format!(" {d}")));
    match dash {
        Some(dash) => out.push(warning(
            first.number,
            "title-dash",
            format!("the title separates the name with `{dash}` instead of an em dash `—`"),
            "Write the title as `# <Feature Name> — Technical Specification`, with `—` (U+2014).",
        )),
        None => out.push(error(
            first.number,
            "missing-title",
            format!(
                "the title has no `—` between the name and `{TITLE_SUFFIX}`: {}",
                quote(text)
            ),
            TITLE_HINT,
        )),
    }
}

fn strip_suffix_ignore_case<'a>(text: &'a str, suffix: &str) -> Option<&'a str> {
    let cut = text.len().checked_sub(suffix.len())?;
    (text.is_char_boundary(cut) && text[cut..].eq_ignore_ascii_case(suffix)).then(|| &text[..cut])
}

/// A line of the spec quoted in a message, shortened so the message stays one line.
pub(crate) fn quote(text: &str) -> String {
    const MAX: usize = 60;
    match text.char_indices().nth(MAX) {
        Some((cut, _)) => format!("`{}...`", &text[..cut]),
        None => format!("`{text}`"),
    }
}

/// Where the spec puts the template's sections.
pub(crate) struct Sections {
    /// For each outline section, where the spec has it: its first `## ` occurrence, or a
    /// heading at another level (`### Testing Strategy` inside another section).
    pub found: Vec<Option<Section>>,
    /// `## ` sections that are one of the Overview's fields (`## Goals`, `## Non-Goals`),
    /// with the index of that field in the Overview's shape.
    pub overview_parts: Vec<(Section, usize)>,
}

/// Every Overview field a `## ` heading names: one (`Problem Statement`, `Goals and
/// Objectives`, `Out of Scope`), or several when each of its words belongs to a label of
/// one of them (`Goals / Non-Goals`).
pub(crate) fn overview_fields(title: &str, shape: &SectionShape) -> Vec<usize> {
    if let Some(one) = overview_field_alone(title, shape) {
        return vec![one];
    }
    let words = name_words(title);
    let forms: Vec<Vec<Vec<String>>> = shape.fields.iter().map(|f| field_forms(f)).collect();
    let owner = |w: &String| {
        forms.iter().position(|f| {
            f.iter()
                .any(|form| form.contains(w) && form.iter().all(|x| words.contains(x)))
        })
    };
    let owners: Vec<Option<usize>> = words.iter().map(owner).collect();
    if words.len() < 2 || owners.iter().any(Option::is_none) {
        return Vec::new();
    }
    let mut fields: Vec<usize> = owners.into_iter().flatten().collect();
    fields.sort_unstable();
    fields.dedup();
    fields
}

/// The one Overview field a heading names: one of its labels, or words all of which
/// belong to one field's labels.
fn overview_field_alone(title: &str, shape: &SectionShape) -> Option<usize> {
    let words = name_words(title);
    if words.is_empty() {
        return None;
    }
    let forms: Vec<Vec<Vec<String>>> = shape.fields.iter().map(|f| field_forms(f)).collect();
    if let Some(i) = forms.iter().position(|f| label_matches(&words, f)) {
        return Some(i);
    }
    // Every word in a label of the field that the heading has whole.
    forms.iter().position(|f| {
        words.iter().all(|w| {
            f.iter()
                .any(|form| form.contains(w) && form.iter().all(|x| words.contains(x)))
        })
    })
}

/// Checks every outline section is present once and in order; extra sections are
/// warnings, and a section found under another name, at another heading level or (the
/// Overview) as its fields' own sections is a note.
pub(crate) fn check_sections(
    doc: &Doc,
    sections: &[Section],
    outline: &Outline,
    out: &mut Vec<Finding>,
) -> Sections {
    let matcher = outline.matcher();
    let mut found: Vec<Option<Section>> = vec![None; outline.sections.len()];
    let overview = outline
        .sections
        .iter()
        .position(|s| name_words(s) == name_words(OVERVIEW));
    let mut overview_parts: Vec<(Section, usize)> = Vec::new();
    // (outline index, section) in the spec's order, first occurrences only.
    let mut known: Vec<(usize, &Section)> = Vec::new();
    // Sections named by no template section's name or alias, for a second look by key
    // word once every section named outright has its place.
    let mut unnamed: Vec<&Section> = Vec::new();
    for section in sections {
        match matcher.locate(&section.title) {
            Some((index, _)) if found[index].is_some() => out.push(error(
                section.line,
                "duplicate-section",
                format!(
                    "the section `{}` appears a second time (first on line {})",
                    section.name,
                    found[index].as_ref().map_or(0, |s| s.line)
                ),
                "Merge the two sections into the first one.",
            )),
            Some((index, naming)) => {
                if naming == Naming::Alias {
                    alias_note(section, &outline.sections[index], out);
                }
                found[index] = Some(section.clone());
                known.push((index, section));
            }
            None => {
                let parts = overview
                    .map(|o| overview_fields(&section.title, &outline.shapes[o]))
                    .unwrap_or_default();
                if parts.is_empty() {
                    unnamed.push(section);
                }
                for field in parts {
                    overview_parts.push((section.clone(), field));
                }
            }
        }
    }
    // A section named like a field the Overview already gives (`## Background` beside
    // an Overview with its problem statement) is more than that field: an extra section.
    if let (Some(o), Some(home)) = (overview, overview.and_then(|o| found[o].as_ref())) {
        let shape = &outline.shapes[o];
        overview_parts.retain(|(section, field)| {
            let given = doc
                .field(home.body.clone(), &field_forms(&shape.fields[*field]))
                .is_some();
            if given && let Some(original) = sections.iter().find(|s| s.line == section.line) {
                unnamed.push(original);
            }
            !given
        });
        unnamed.sort_by_key(|s| s.line);
        unnamed.dedup_by_key(|s| s.line);
    }
    let mut extra: Vec<&Section> = Vec::new();
    for section in unnamed {
        match matcher.locate_by_key(&section.title) {
            Some(index) if found[index].is_none() => {
                alias_note(section, &outline.sections[index], out);
                found[index] = Some(section.clone());
                known.push((index, section));
            }
            _ => extra.push(section),
        }
    }
    // The extra sections are reported once the sections at other levels are known: a
    // section that only wraps template sections (`## Additional Context` holding `###
    // Dependencies` and `### Testing Strategy`) has a place for its content.
    let report_extra = |found: &[Option<Section>], out: &mut Vec<Finding>| {
        for section in &extra {
            let children: Vec<usize> = doc.lines[section.body.clone()]
                .iter()
                .filter(|l| !l.hidden)
                .filter(|l| l.heading.as_ref().is_some_and(|(level, _)| *level == 3))
                .map(|l| l.number)
                .collect();
            let placed = children
                .iter()
                .filter(|n| found.iter().flatten().any(|s| s.line == **n))
                .count();
            if placed >= 2 && placed * 2 >= children.len() {
                continue;
            }
            out.push(warning(
                section.line,
                "extra-section",
                format!("the section `{}` is not in the template", section.name),
                "Move its content into a template section, or keep it if it is deliberate.",
            ));
        }
    };
    known.sort_by_key(|(_, s)| s.line);
    if let Some(o) = overview {
        // One note per section, naming every field it gives.
        let mut k = 0;
        while k < overview_parts.len() {
            let section = &overview_parts[k].0;
            let labels: Vec<&String> = overview_parts[k..]
                .iter()
                .take_while(|(s, _)| s.line == section.line)
                .map(|(_, f)| &outline.shapes[o].fields[*f])
                .collect();
            k += labels.len();
            let names = labels
                .iter()
                .map(|l| format!("**{l}**"))
                .collect::<Vec<_>>()
                .join(" and ");
            let lines = labels
                .iter()
                .map(|l| format!("`- **{l}**: ...`"))
                .collect::<Vec<_>>()
                .join(" and ");
            out.push(note(
                section.line,
                "overview-split",
                format!(
                    "the section `{}` is the {}'s {names}, as a section of its own",
                    section.name, outline.sections[o]
                ),
                &format!("Make it {lines} in `## {}`.", outline.sections[o]),
            ));
        }
    }
    let in_order = longest_increasing(&known.iter().map(|(i, _)| *i).collect::<Vec<_>>());
    for (k, (index, section)) in known.iter().enumerate() {
        if in_order.contains(&k) {
            continue;
        }
        let before = in_order.iter().map(|&j| known[j]).rfind(|(i, _)| i < index);
        let hint = match before {
            Some((_, s)) => format!("Move it to just after `## {}`.", s.name),
            None => in_order
                .first()
                .map(|&j| format!("Move it to just before `## {}`.", known[j].1.name))
                .unwrap_or_default(),
        };
        out.push(error(
            section.line,
            "section-order",
            format!(
                "the section `{}` is out of the template's order",
                section.name
            ),
            &hint,
        ));
    }
    // A section written at another level (`### Testing Strategy` inside another section,
    // `# Overview`) is there: a note, and its content is checked as the section's. A
    // heading named like a field of an entry (`#### Errors` of an operation) is that
    // field, not the section.
    let entry_field_forms: Vec<Vec<Vec<String>>> = outline
        .shapes
        .iter()
        .flat_map(|s| s.entry_fields.iter().map(|f| field_forms(f)))
        .collect();
    let headings: Vec<(usize, usize, usize, &str)> = doc
        .lines
        .iter()
        .enumerate()
        .filter(|(_, l)| !l.hidden)
        .filter_map(|(i, l)| {
            l.heading
                .as_ref()
                .map(|(level, title)| (i, l.number, *level, title.as_str()))
        })
        .collect();
    for (k, &(i, number, level, title)) in headings.iter().enumerate() {
        if level == 2 || level > 3 {
            continue;
        }
        // Only inside a section whose entries have that field (Use Cases, API
        // Contracts); under another section, `### Error Cases` is the error section.
        let words = name_words(title);
        let in_entries = found.iter().zip(&outline.shapes).any(|(s, shape)| {
            !shape.entry_fields.is_empty() && s.as_ref().is_some_and(|s| s.body.contains(&i))
        });
        if in_entries && entry_field_forms.iter().any(|f| label_matches(&words, f)) {
            continue;
        }
        let Some((index, _)) = matcher.locate(title) else {
            continue;
        };
        if found[index].is_some() || (overview == Some(index) && !overview_parts.is_empty()) {
            continue;
        }
        let end = headings[k + 1..]
            .iter()
            .find(|h| h.2 <= level)
            .map_or(doc.lines.len(), |h| h.0);
        let name = &outline.sections[index];
        out.push(note(
            number,
            "section-level",
            format!(
                "the section `{name}` is `{} {}` on line {number}, not a `## ` section",
                "#".repeat(level),
                display_name(title)
            ),
            &format!("Make it `## {name}`, a section of its own."),
        ));
        found[index] = Some(Section {
            title: title.to_string(),
            name: display_name(title),
            line: number,
            body: i + 1..end,
        });
    }
    report_extra(&found, out);
    for (index, name) in outline.sections.iter().enumerate() {
        if found[index].is_some() || (overview == Some(index) && !overview_parts.is_empty()) {
            continue;
        }
        let next = found[index + 1..]
            .iter()
            .flatten()
            .find(|s| sections.iter().any(|t| t.line == s.line));
        let (line, hint) = match next {
            Some(next) => (
                next.line,
                format!("Add `## {name}` just before `## {}`.", next.name),
            ),
            None => (doc.last_line(), format!("Add `## {name}` at the end.")),
        };
        out.push(error(
            line,
            "missing-section",
            format!("the section `{name}` is missing"),
            &hint,
        ));
    }
    Sections {
        found,
        overview_parts,
    }
}

fn alias_note(section: &Section, template: &str, out: &mut Vec<Finding>) {
    out.push(note(
        section.line,
        "section-alias",
        format!(
            "the section `{}` is the template's `{template}` under another name",
            section.name
        ),
        &format!("Rename it to `## {template}` so every reader and tool finds it."),
    ));
}

/// The positions of one longest strictly increasing subsequence: the sections that are
/// in order; every other one is out of place. (At most one entry per outline section.)
fn longest_increasing(values: &[usize]) -> Vec<usize> {
    let n = values.len();
    let mut length = vec![1usize; n];
    let mut previous = vec![None; n];
    for i in 0..n {
        for j in 0..i {
            if values[j] < values[i] && length[j] + 1 > length[i] {
                length[i] = length[j] + 1;
                previous[i] = Some(j);
            }
        }
    }
    let mut best = None;
    for i in 0..n {
        if best.is_none_or(|b: usize| length[i] > length[b]) {
            best = Some(i);
        }
    }
    let mut chain = Vec::new();
    while let Some(i) = best {
        chain.push(i);
        best = previous[i];
    }
    chain.reverse();
    chain
}

/// Whether a missing field of this section is an error (the Overview's and a use case's
/// fields are the spec's core) or a warning (other fields the template shows).
fn core_fields(section: &str) -> bool {
    let key = normalize(section);
    key == normalize(OVERVIEW) || key == normalize(USE_CASES)
}

/// The section's own `**Label**` fields (`skip`: labels another check owns). A field
/// the spec gives a `## ` section of its own (`## Problem Statement` beside the
/// Overview) is there, though out of place.
pub(crate) fn check_fields(
    doc: &Doc,
    sections: &[Section],
    section: &Section,
    shape: &SectionShape,
    skip: &[&str],
    out: &mut Vec<Finding>,
) {
    let core = core_fields(&shape.section);
    for label in &shape.fields {
        if skip.iter().any(|s| name_words(s) == name_words(label)) {
            continue;
        }
        let forms = field_forms(label);
        let own_section = sections
            .iter()
            .any(|s| s.line != section.line && label_matches(&name_words(&s.title), &forms));
        if own_section && doc.field(section.body.clone(), &forms).is_none() {
            continue;
        }
        if !core
            && doc.field(section.body.clone(), &forms).is_none()
            && mentioned(doc, section.body.clone(), label)
        {
            continue;
        }
        check_field(
            doc,
            section.body.clone(),
            section.line,
            &shape.section,
            label,
            &forms,
            core,
            out,
        );
    }
}

/// Whether the prose of a range talks about the field without its label (`Write unit
/// tests covering ...` for **Unit tests**).
fn mentioned(doc: &Doc, body: std::ops::Range<usize>, label: &str) -> bool {
    let phrases = super::vocab::mention_forms(label);
    !phrases.is_empty()
        && doc.lines[body].iter().filter(|l| !l.hidden).any(|l| {
            let words = super::vocab::all_name_words(&l.prose);
            phrases
                .iter()
                .any(|p| !p.is_empty() && words.windows(p.len()).any(|w| w == &p[..]))
        })
}

/// The Overview's fields, in its own section or in the `## ` sections the spec gives
/// some of them (`## Problem Statement`, `## Goals`): a field with a section of its own is
/// there; any other is looked for in the Overview and in those sections.
pub(crate) fn check_overview(
    doc: &Doc,
    overview: Option<&Section>,
    parts: &[(Section, usize)],
    shape: &SectionShape,
    out: &mut Vec<Finding>,
) {
    let Some(home) = overview.or(parts.first().map(|(s, _)| s)) else {
        return;
    };
    let bodies: Vec<&Section> = overview
        .into_iter()
        .chain(parts.iter().map(|(s, _)| s))
        .collect();
    // An Overview written as a paragraph, with none of its fields labelled, says what
    // the feature is for: that is its goal, unlabelled. (Its problem and non-goals
    // still need saying.)
    let prose_only = overview.is_some_and(|o| {
        let labelled = shape
            .fields
            .iter()
            .any(|f| doc.field(o.body.clone(), &field_forms(f)).is_some());
        let prose = doc.lines[o.body.clone()]
            .iter()
            .any(|l| !l.hidden && l.heading.is_none() && l.prose.split_whitespace().count() >= 8);
        !labelled && prose
    });
    for (index, label) in shape.fields.iter().enumerate() {
        if parts.iter().any(|(_, f)| *f == index) {
            continue;
        }
        if prose_only && name_words(label) == name_words("Goals") {
            continue;
        }
        let forms = field_forms(label);
        let body = bodies
            .iter()
            .find(|s| doc.field(s.body.clone(), &forms).is_some())
            .map_or(home.body.clone(), |s| s.body.clone());
        check_field(
            doc,
            body,
            home.line,
            &shape.section,
            label,
            &forms,
            true,
            out,
        );
    }
}

#[allow(clippy::too_many_arguments)]
pub(crate) fn check_field(
    doc: &Doc,
    body: std::ops::Range<usize>,
    heading_line: usize,
    owner: &str,
    label: &str,
    forms: &[Vec<String>],
    core: bool,
    out: &mut Vec<Finding>,
) {
    match doc.field(body, forms) {
        None if core => out.push(error(
            heading_line,
            "missing-field",
            format!("{owner} has no **{label}**"),
            &format!("Add a `- **{label}**: ...` line to {owner}."),
        )),
        None => out.push(warning(
            heading_line,
            "template-field",
            format!("{owner} has no **{label}**, which the template shows"),
            &format!("Add a `- **{label}**: ...` line to {owner}."),
        )),
        Some(field) if field.value.is_empty() => out.push(warning(
            field.line,
            "empty-field",
            format!("**{label}** in {owner} is empty"),
            &format!(
                "Write the {} after `**{label}**:`, or say `None`.",
                label.to_lowercase()
            ),
        )),
        Some(_) => {}
    }
}

/// The entries of a section, with the forms of its entry fields (a `#### ` heading named
/// like one is a field of its entry, not an entry of its own).
pub(crate) fn entries_of(
    doc: &Doc,
    section: &Section,
    shape: &SectionShape,
) -> (Vec<Entry>, Vec<Vec<Vec<String>>>) {
    let forms: Vec<Vec<Vec<String>>> = shape.entry_fields.iter().map(|l| field_forms(l)).collect();
    // A `#### Query Parameters` or `#### Response` makes its `### ` one operation, not a
    // group of them.
    let is_field = |title: &str| {
        let words = name_words(title);
        forms.iter().any(|f| label_matches(&words, f)) || names_operation_part(title)
    };
    let mut entries: Vec<Entry> = Vec::new();
    for entry in doc.entries(section.body.clone(), &is_field) {
        // `### Request body — BookingDto` or `### Response` right after an operation is a
        // part of it, not an operation of its own.
        match entries.last_mut() {
            Some(last) if names_operation_part(&entry.title) => last.body.end = entry.body.end,
            _ => entries.push(entry),
        }
    }
    (entries, forms)
}

/// A heading that names a part of an operation: its request, response, parameters,
/// headers, examples or errors (`Request body — BookingDto`, `Query Parameters`,
/// `Response 201`, `Example`).
fn names_operation_part(title: &str) -> bool {
    const PARTS: [&str; 24] = [
        "request",
        "response",
        "body",
        "parameter",
        "param",
        "query",
        "path",
        "header",
        "example",
        "sample",
        "error",
        "status",
        "code",
        "input",
        "output",
        "payload",
        "argument",
        "return",
        "success",
        "failure",
        "schema",
        "format",
        "field",
        "result",
    ];
    let words = name_words(title);
    !words.is_empty()
        && words
            .iter()
            .all(|w| PARTS.contains(&w.as_str()) || w.chars().all(|c| c.is_ascii_digit()))
}

const HTTP_METHODS: [&str; 7] = ["GET", "POST", "PUT", "PATCH", "DELETE", "HEAD", "OPTIONS"];

/// An entry titled like an operation: `POST /v1/links`, `` `shorten(url)` ``, `check()`.
fn titled_like_operation(title: &str) -> bool {
    let first = title
        .trim_start_matches(['`', '*'])
        .split_whitespace()
        .next()
        .unwrap_or("");
    HTTP_METHODS.contains(&first)
        || title.contains('`')
        || title.contains('/')
        || (title.contains('(') && title.contains(')') && !title.contains("_("))
}

/// Whether an entry's body, in code or prose, has a request line (`POST /api/traces`).
fn request_line(doc: &Doc, entry: &Entry) -> bool {
    doc.lines[entry.body.clone()].iter().any(|l| {
        let mut words = l
            .text
            .trim()
            .trim_start_matches(['`', '-', '*', ' '])
            .split_whitespace();
        let method = words.next().unwrap_or("");
        HTTP_METHODS.contains(&method)
            && words
                .next()
                .is_some_and(|p| p.trim_start_matches('`').starts_with('/'))
    })
}

/// Whether an entry lists its parameters or options in a table (`| Option | Type |`).
fn parameter_table(doc: &Doc, entry: &Entry) -> bool {
    let lines = &doc.lines[entry.body.clone()];
    lines.windows(2).any(|w| {
        !w[0].hidden
            && w[0].text.trim_start().starts_with('|')
            && super::syntax::is_delimiter_row(&w[1].text)
            && super::syntax::split_row(&w[0].text)
                .first()
                .is_some_and(|c| {
                    let words = name_words(c);
                    words.len() == 1
                        && [
                            "option",
                            "parameter",
                            "param",
                            "argument",
                            "flag",
                            "field",
                            "name",
                        ]
                        .contains(&words[0].as_str())
                })
    })
}

/// Whether an entry labels any of its fields in bold, as the template does; such an
/// entry is held to the labels.
fn uses_bold_labels(doc: &Doc, entry: &Entry, forms: &[Vec<Vec<String>>]) -> bool {
    doc.lines[entry.body.clone()]
        .iter()
        .filter(|l| !l.hidden)
        .flat_map(|l| bold_labels(&l.text))
        .any(|label| {
            let words = name_words(label.name);
            forms.iter().any(|f| label_matches(&words, f))
        })
}

/// What an operation shows without the template's label. Any operation: the errors as
/// bold error statuses (`**400 Bad Request**`). One written in another style (no bold
/// field labels): the method in a `POST /path` title, the request and response as a code
/// block, the output as a sentence starting `Returns`, the errors as 4xx/5xx statuses or
/// error codes mentioned as errors.
fn shown_without_label(doc: &Doc, entry: &Entry, label: &str, strict: bool) -> bool {
    let words = name_words(label);
    let is = |other: &str| words == name_words(other);
    let lines = || doc.lines[entry.body.clone()].iter().filter(|l| !l.hidden);
    // A title that is a call's signature (`` `getLine(row): String` ``) shows how it is
    // called, what it takes and what it returns (nothing, when it names no type).
    let signature = entry.title.find('(').is_some_and(|at| {
        entry.title[..at].ends_with(|c: char| c.is_alphanumeric() || c == '_')
            && entry.title[at..].contains(')')
    });
    if signature && (is("Method/Interface") || is("Input") || is("Output")) {
        return true;
    }
    // A call that takes nothing (`clearAll()`) has no input to be wrong.
    if signature && is("Errors") && entry.title.contains("()") {
        return true;
    }
    if is("Errors") {
        // An error status given as the output's alternative (`**Output**: ..., or HTTP
        // 429`) is the output's, not an errors field.
        let output = doc.field(entry.body.clone(), &field_forms("Output"));
        return lines().any(|l| {
            let in_output = output.as_ref().is_some_and(|o| o.line == l.number);
            !in_output
                && (if strict {
                    mentions_error_status(&l.prose)
                } else {
                    mentions_error(&l.prose) || handles_bad_input(&l.prose)
                })
        });
    }
    if strict {
        return false;
    }
    if is("Method/Interface") {
        // `` `tool scan` `` names the command itself; `POST /path` its method.
        let title = entry.title.trim_start_matches('`');
        let first = title.split_whitespace().next().unwrap_or("");
        return HTTP_METHODS.contains(&first)
            || entry.title.trim().starts_with('`')
            || request_line(doc, entry)
            || doc.lines[entry.body.clone()].iter().any(|l| l.fence);
    }
    let code_block = || doc.lines[entry.body.clone()].iter().any(|l| l.fence);
    if is("Input") {
        return code_block() || parameter_table(doc, entry);
    }
    if is("Output") {
        let returns = lines().any(|l| {
            let first = l.prose.split_whitespace().next().unwrap_or("");
            matches!(
                first.to_lowercase().as_str(),
                "returns" | "responds" | "answers" | "prints" | "outputs" | "writes" | "emits"
            )
        });
        return code_block() || returns;
    }
    false
}

fn is_error_status(word: &str) -> bool {
    word.len() == 3 && word.starts_with(['4', '5']) && word.chars().all(|c| c.is_ascii_digit())
}

/// A standalone `4xx` or `5xx` HTTP status in the text.
fn mentions_error_status(text: &str) -> bool {
    words_of(text).iter().any(|w| is_error_status(w))
}

/// An HTTP error status, or an error code (`TOO_FAR`) next to the word "error", in the
/// text.
fn mentions_error(text: &str) -> bool {
    let words = words_of(text);
    let code = words.iter().any(|w| {
        w.contains('_')
            && w.chars()
                .all(|c| c.is_ascii_uppercase() || c.is_ascii_digit() || c == '_')
            && w.chars().any(|c| c.is_ascii_uppercase())
    });
    let says_error = words
        .iter()
        .any(|w| w.eq_ignore_ascii_case("error") || w.eq_ignore_ascii_case("errors"));
    mentions_error_status(text) || (code && says_error)
}

/// Says what happens on bad input: it throws, raises, rejects or clamps.
fn handles_bad_input(text: &str) -> bool {
    words_of(text).iter().any(|w| {
        let w = w.to_lowercase();
        [
            "throw",
            "throws",
            "raise",
            "raises",
            "reject",
            "rejects",
            "rejected",
            "clamp",
            "clamps",
            "clamped",
            "exception",
            "exit",
            "exits",
        ]
        .contains(&w.as_str())
            || w.ends_with("exception")
            || w.ends_with("error")
    })
}

fn words_of(text: &str) -> Vec<&str> {
    text.split(|c: char| !(c.is_ascii_alphanumeric() || c == '_'))
        .filter(|w| !w.is_empty())
        .collect()
}

/// Whether a section's body says it has nothing (`None.`, `N/A: a library, no API`).
fn says_none(doc: &Doc, section: &Section) -> bool {
    doc.lines[section.body.clone()]
        .iter()
        .filter(|l| !l.hidden)
        .map(|l| l.text.trim().trim_start_matches(['-', '*', '+', ' ', '_']))
        .find(|t| !t.is_empty())
        .is_some_and(|t| {
            let t = t.to_lowercase();
            // `No public HTTP API required ...` says so too.
            let no_interface = t.starts_with("no ")
                && ["api", "endpoint", "interface", "operation"]
                    .iter()
                    .any(|w| t.split(|c: char| !c.is_alphanumeric()).any(|x| x == *w));
            no_interface
                || [
                    "none",
                    "n/a",
                    "not applicable",
                    "no api",
                    "no external",
                    "nothing",
                ]
                .iter()
                .any(|p| t.starts_with(p))
        })
}

/// The operations (`### ` entries, or the `#### ` operations of a `### ` group) of a
/// section other than Use Cases, e.g. API Contracts: each has the template's entry
/// fields. An entry that neither is titled like an operation nor has any of the fields
/// (`### Contract Impact`) is prose, not an operation.
pub(crate) fn check_entries(
    doc: &Doc,
    section: &Section,
    shape: &SectionShape,
    out: &mut Vec<Finding>,
) {
    let (entries, forms) = entries_of(doc, section, shape);
    let operations: Vec<&Entry> = entries
        .iter()
        .filter(|e| {
            titled_like_operation(&e.title)
                || forms.iter().any(|f| doc.field(e.body.clone(), f).is_some())
                || request_line(doc, e)
        })
        .collect();
    if operations.is_empty() && !says_none(doc, section) {
        let fields = shape
            .entry_fields
            .iter()
            .map(|f| format!("**{f}**"))
            .collect::<Vec<_>>()
            .join(", ");
        out.push(warning(
            section.line,
            "no-operations",
            format!(
                "{} describes no `### Name` entry with the template's fields",
                shape.section
            ),
            &format!("Give each one a `### Name` heading with {fields}, or say `None` and why."),
        ));
    }
    for entry in operations {
        let owner = format!("`{}` in {}", entry.title.replace('`', ""), shape.section);
        let strict = uses_bold_labels(doc, entry, &forms);
        for (label, label_forms) in shape.entry_fields.iter().zip(&forms) {
            if doc.field(entry.body.clone(), label_forms).is_none()
                && shown_without_label(doc, entry, label, strict)
            {
                continue;
            }
            check_field(
                doc,
                entry.body.clone(),
                entry.line,
                &owner,
                label,
                label_forms,
                false,
                out,
            );
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_sections_in_order_are_a_longest_increasing_run() {
        assert_eq!(longest_increasing(&[0, 1, 2, 4, 5, 3]), vec![0, 1, 2, 3, 4]);
        assert_eq!(longest_increasing(&[9, 0, 1, 2]), vec![1, 2, 3]);
        assert_eq!(longest_increasing(&[]), Vec::<usize>::new());
    }
}
