//! The spec's skeleton: the title line, the `## ` sections (present, in order, once),
//! the labelled fields the template shows, and the use cases.

use super::doc::{Doc, Section, heading, normalize};
use super::outline::{Outline, SectionShape};
use super::{Finding, error, warning};

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
        .then(|| heading(text))
        .flatten()
        .filter(|(level, _)| *level == 1)
        .map(|(_, title)| title);
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
/// warnings. Returns, for each outline section, its first occurrence in the spec.
pub(crate) fn check_sections<'a>(
    doc: &Doc,
    sections: &'a [Section],
    outline: &Outline,
    out: &mut Vec<Finding>,
) -> Vec<Option<&'a Section>> {
    let mut found: Vec<Option<&Section>> = vec![None; outline.sections.len()];
    // (outline index, section) in the spec's order, first occurrences only.
    let mut known: Vec<(usize, &Section)> = Vec::new();
    for section in sections {
        match outline.position(&section.title) {
            Some(index) if found[index].is_some() => out.push(error(
                section.line,
                "duplicate-section",
                format!(
                    "the section `{}` appears a second time (first on line {})",
                    section.title,
                    found[index].map_or(0, |s| s.line)
                ),
                "Merge the two sections into the first one.",
            )),
            Some(index) => {
                found[index] = Some(section);
                known.push((index, section));
            }
            None => out.push(warning(
                section.line,
                "extra-section",
                format!("the section `{}` is not in the template", section.title),
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
            Some((_, s)) => format!("Move it to just after `## {}`.", s.title),
            None => in_order
                .first()
                .map(|&j| format!("Move it to just before `## {}`.", known[j].1.title))
                .unwrap_or_default(),
        };
        out.push(error(
            section.line,
            "section-order",
            format!(
                "the section `{}` is out of the template's order",
                section.title
            ),
            &hint,
        ));
    }
    for (index, name) in outline.sections.iter().enumerate() {
        if found[index].is_some() {
            continue;
        }
        let next = found[index + 1..].iter().flatten().next();
        let (line, hint) = match next {
            Some(next) => (
                next.line,
                format!("Add `## {name}` just before `## {}`.", next.title),
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
    found
}

/// The positions of one longest strictly increasing subsequence: the sections that are
/// in order; every other one is out of place.
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

/// The section's own `**Label**` fields (`skip`: labels another check owns).
pub(crate) fn check_fields(
    doc: &Doc,
    section: &Section,
    shape: &SectionShape,
    skip: &[&str],
    out: &mut Vec<Finding>,
) {
    let core = core_fields(&shape.section);
    for label in &shape.fields {
        if skip.iter().any(|s| normalize(s) == normalize(label)) {
            continue;
        }
        check_field(
            doc,
            section.body.clone(),
            section.line,
            &shape.section,
            label,
            core,
            out,
        );
    }
}

fn check_field(
    doc: &Doc,
    body: std::ops::Range<usize>,
    heading_line: usize,
    owner: &str,
    label: &str,
    core: bool,
    out: &mut Vec<Finding>,
) {
    match doc.field(body, label) {
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

/// The `### ` entries of a section other than Use Cases (e.g. API operations): each has
/// the template's entry fields.
pub(crate) fn check_entries(
    doc: &Doc,
    section: &Section,
    shape: &SectionShape,
    out: &mut Vec<Finding>,
) {
    for entry in doc.entries(section.body.clone()) {
        let owner = format!("`{}` in {}", entry.title, shape.section);
        for label in &shape.entry_fields {
            check_field(
                doc,
                entry.body.clone(),
                entry.line,
                &owner,
                label,
                false,
                out,
            );
        }
    }
}

/// Each `### UC-n: Name` has the template's use case fields; numbers run 1, 2, 3, ...
pub(crate) fn check_use_cases(
    doc: &Doc,
    section: &Section,
    shape: &SectionShape,
    out: &mut Vec<Finding>,
) {
    let entries = doc.entries(section.body.clone());
    if entries.is_empty() {
        out.push(warning(
            section.line,
            "no-use-cases",
            format!("{} has no `### UC-1: Name` use case", section.title),
            "Add at least one use case with its actor, flow and error scenarios.",
        ));
    }
    // A number is fine when it follows the previous one or matches its position, so a
    // typo (1, 5, 3) or a removed use case (1, 3, 4) is reported once, not on every line.
    let mut previous = 0;
    for (position, entry) in entries.iter().enumerate() {
        match use_case_number(&entry.title) {
            None => out.push(warning(
                entry.line,
                "use-case-heading",
                format!(
                    "the use case heading {} is not `UC-n: Name`",
                    quote(&entry.title)
                ),
                "Write use case headings as `### UC-1: Name`.",
            )),
            Some(n) => {
                if n != previous + 1 && n != position + 1 {
                    out.push(warning(
                        entry.line,
                        "use-case-number",
                        format!("use case UC-{n} comes where UC-{} should", previous + 1),
                        "Number the use cases 1, 2, 3, ... in order.",
                    ));
                }
                previous = n;
            }
        }
        let owner = format!("use case `{}`", entry.title);
        for label in &shape.entry_fields {
            check_field(
                doc,
                entry.body.clone(),
                entry.line,
                &owner,
                label,
                true,
                out,
            );
        }
    }
}

/// `UC-12: Name` gives 12; anything else (no number, no colon, no name) gives `None`.
fn use_case_number(title: &str) -> Option<usize> {
    let rest = title
        .get(..3)
        .filter(|p| p.eq_ignore_ascii_case("uc-"))
        .map(|_| &title[3..])?;
    let (number, name) = rest.split_once(':')?;
    if name.trim().is_empty() {
        return None;
    }
    number.trim().parse().ok()
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

    #[test]
    fn use_case_headings() {
        assert_eq!(use_case_number("UC-3: Pay"), Some(3));
        assert_eq!(use_case_number("uc-12 : Pay"), Some(12));
        assert_eq!(use_case_number("UC-3 — Pay"), None);
        assert_eq!(use_case_number("UC-3:"), None);
        assert_eq!(use_case_number("Pay"), None);
        assert_eq!(use_case_number("Ü"), None);
    }
}
