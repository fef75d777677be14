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

/// Checks every outline section is present once and in order; extra sections are
/// warnings and a section found under another name is a note. Returns, for each outline
/// section, its first occurrence in the spec.
pub(crate) fn check_sections<'a>(
    doc: &Doc,
    sections: &'a [Section],
    outline: &Outline,
    out: &mut Vec<Finding>,
) -> Vec<Option<&'a Section>> {
    let matcher = outline.matcher();
    let mut found: Vec<Option<&Section>> = vec![None; outline.sections.len()];
    // (outline index, section) in the spec's order, first occurrences only.
    let mut known: Vec<(usize, &Section)> = Vec::new();
    for section in sections {
        match matcher.locate(&section.title) {
            Some((index, _)) if found[index].is_some() => out.push(error(
                section.line,
                "duplicate-section",
                format!(
                    "the section `{}` appears a second time (first on line {})",
                    section.name,
                    found[index].map_or(0, |s| s.line)
                ),
                "Merge the two sections into the first one.",
            )),
            Some((index, naming)) => {
                if naming == Naming::Alias {
                    let template = &outline.sections[index];
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
                found[index] = Some(section);
                known.push((index, section));
            }
            None => out.push(warning(
                section.line,
                "extra-section",
                format!("the section `{}` is not in the template", section.name),
                "Move its content into a template section, or keep it if it is deliberate.",
            )),
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
    // Headings at other levels, for a section written as `### Error Cases` inside another
    // one, or as `# Overview`.
    let mut missing: Vec<usize> = (0..outline.sections.len())
        .filter(|&i| found[i].is_none())
        .collect();
    let mut look_alikes: Vec<Option<(usize, usize, &str)>> = vec![None; outline.sections.len()];
    let elsewhere = doc.lines.iter().filter(|l| !l.hidden).filter_map(|l| {
        l.heading
            .as_ref()
            .filter(|(level, _)| *level != 2)
            .map(|(level, title)| (l.number, *level, title.as_str()))
    });
    for (number, level, title) in elsewhere {
        if missing.is_empty() {
            break;
        }
        if let Some((index, _)) = matcher.locate(title)
            && let Some(k) = missing.iter().position(|&m| m == index)
        {
            look_alikes[index] = Some((number, level, title));
            missing.remove(k);
        }
    }
    for (index, name) in outline.sections.iter().enumerate() {
        if found[index].is_some() {
            continue;
        }
        let next = found[index + 1..].iter().flatten().next();
        let (line, hint) = match next {
            Some(next) => (
                next.line,
                format!("Add `## {name}` just before `## {}`.", next.name),
            ),
            None => (doc.last_line(), format!("Add `## {name}` at the end.")),
        };
        let message = match look_alikes[index] {
            Some((number, level, title)) => format!(
                "the section `{name}` is missing as a `## ` section; `{} {}` on line {number} reads like it",
                "#".repeat(level),
                display_name(title)
            ),
            None => format!("the section `{name}` is missing"),
        };
        out.push(error(line, "missing-section", message, &hint));
    }
    found
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
    let is_field = |title: &str| {
        let words = name_words(title);
        forms.iter().any(|f| label_matches(&words, f))
    };
    (doc.entries(section.body.clone(), &is_field), forms)
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
                    mentions_error(&l.prose)
                })
        });
    }
    if strict {
        return false;
    }
    if is("Method/Interface") {
        let title = entry.title.trim_start_matches('`');
        let first = title.split_whitespace().next().unwrap_or("");
        return HTTP_METHODS.contains(&first);
    }
    let code_block = || doc.lines[entry.body.clone()].iter().any(|l| l.fence);
    if is("Input") {
        return code_block();
    }
    if is("Output") {
        let returns = lines().any(|l| {
            let first = l.prose.split_whitespace().next().unwrap_or("");
            matches!(
                first.to_lowercase().as_str(),
                "returns" | "responds" | "answers"
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
            [
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
