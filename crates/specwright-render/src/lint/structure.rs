//! The spec's skeleton: the title line, the `## ` sections (present, in order, once),
//! the labelled fields the template shows, and the operations of sections like API
//! Contracts (the use cases are in `use_cases`).

use super::doc::{Doc, Entry, Section};
use super::evidence;
use super::outline::{Naming, Outline, SectionShape};
use super::syntax::{bold_labels, is_thematic_break, label_of, plain_label};
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
    /// The `## ` sections that are the API's operations, in a document without an API
    /// section (`## Tool: print_label`).
    pub operations: Vec<Section>,
    /// The document is one use case: `# Use Case: ...`, or its sections are a use
    /// case's fields (`## Preconditions`, `## Main Flow`).
    pub one_use_case: bool,
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
        // A section named by a key word only but holding nothing but code (`## Use
        // case skeleton` over a code listing) is code, not the section; contracts and
        // data shapes are often written as code (`## Tool Definitions` in YAML).
        match matcher.locate_by_key(&section.title) {
            Some(index)
                if found[index].is_none()
                    && (has_content(doc, section.body.clone())
                        || written_as_code(&outline.sections[index])) =>
            {
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
    let api = outline
        .sections
        .iter()
        .position(|s| name_words(s) == name_words("API Contracts"));
    // A document that is one use case (`# Use Case: ...`) gives that use case's parts
    // as its sections (`## Preconditions`, `## Steps`, `## System Flow`).
    let use_cases = outline
        .sections
        .iter()
        .position(|s| name_words(s) == name_words(USE_CASES));
    let use_case_forms: Vec<Vec<Vec<String>>> = use_cases
        .map(|u| {
            let mut forms: Vec<Vec<Vec<String>>> = outline.shapes[u]
                .entry_fields
                .iter()
                .map(|f| field_forms(f))
                .collect();
            forms.push(
                USE_CASE_PARTS
                    .iter()
                    .map(|p| name_words(p))
                    .collect::<Vec<_>>(),
            );
            forms
        })
        .unwrap_or_default();
    let names_part = |section: &Section| {
        let words = name_words(&section.title);
        use_case_forms.iter().any(|f| label_matches(&words, f))
            || words.last().is_some_and(|w| w == "flow")
    };
    // Or a document whose sections are a use case's fields (`## Actor(s)`, `##
    // Preconditions`, `## Main Flow`, `## Postconditions`), at least two of them.
    let parts_as_sections = use_cases.is_some()
        && extra
            .iter()
            .filter(|s| {
                let words = name_words(&s.title);
                use_case_forms[..use_case_forms.len().saturating_sub(1)]
                    .iter()
                    .any(|f| label_matches(&words, f))
            })
            .count()
            >= 2;
    let use_case_part = |found: &[Option<Section>], section: &Section| {
        let whole = parts_as_sections
            || use_cases
                .and_then(|u| found[u].as_ref())
                .is_some_and(|s| is_document_title(doc, s.line));
        whole && names_part(section)
    };
    // The path roots of the API section's operations, read once.
    let roots = std::cell::OnceCell::new();
    let report_extra = |found: &[Option<Section>],
                        adopted: &std::collections::HashSet<usize>,
                        out: &mut Vec<Finding>| {
        for section in extra.iter().filter(|s| !adopted.contains(&s.line)) {
            if use_case_part(found, section) {
                continue;
            }
            // Its `### ` children that name a template section, placed here or not.
            let children: Vec<(usize, &str)> = doc.lines[section.body.clone()]
                .iter()
                .filter(|l| !l.hidden)
                .filter_map(|l| match &l.heading {
                    Some((3, title)) => Some((l.number, title.as_str())),
                    _ => None,
                })
                .collect();
            let placed = children
                .iter()
                .filter(|(n, title)| {
                    found.iter().flatten().any(|s| s.line == *n)
                        || matcher.locate(title).is_some()
                        || matcher.locate_by_key(title).is_some()
                })
                .count();
            if placed >= 2 && placed * 2 >= children.len() {
                continue;
            }
            // Operations of the spec's own API (their paths share a root with the API
            // section's) outside that section are not checked as operations. (Another
            // service's endpoints it calls are not its operations.)
            let home = api.and_then(|a| found[a].as_ref());
            let roots = roots.get_or_init(|| {
                home.map(|h| evidence::operations(doc, h.body.clone()))
                    .unwrap_or_default()
                    .iter()
                    .map(|(_, path)| evidence::path_root(path).to_string())
                    .collect::<Vec<String>>()
            });
            let own = evidence::operations(doc, section.body.clone())
                .into_iter()
                .find(|(_, path)| roots.iter().any(|r| r == evidence::path_root(path)));
            if let (Some((first, _)), Some(home)) = (own, home) {
                let text = doc.lines[first - 1]
                    .text
                    .trim()
                    .trim_matches(['#', '|', ' ', '`']);
                out.push(warning(
                    section.line,
                    "extra-section",
                    format!(
                        "the section `{}` holds operations ({}) outside `{}`",
                        section.name,
                        quote(text),
                        home.name
                    ),
                    &format!(
                        "Move them into `## {}`, so they are checked as operations.",
                        home.name
                    ),
                ));
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
        // By name, or by a key word inside a section of requirements (`## Requirements`
        // holding `### Latency and Observability`): there a subsection named for a kind
        // of requirement is the template's section for it, up to the end of the
        // requirements.
        let mut end = headings[k + 1..]
            .iter()
            .find(|h| h.2 <= level)
            .map_or(doc.lines.len(), |h| h.0);
        // The `## ` section around it: the last one starting before it (sections are in
        // order), if its body reaches it.
        let parent = sections[..sections.partition_point(|s| s.body.start <= i)]
            .last()
            .filter(|s| s.body.contains(&i));
        let in_requirements = parent.is_some_and(|p| names_requirements(&p.title));
        let by_key = || {
            (level == 3 && in_requirements && has_content(doc, i + 1..end))
                .then(|| matcher.locate_by_key(title))
                .flatten()
        };
        let index = match matcher.locate(title) {
            Some((index, _)) => index,
            None => match by_key() {
                Some(index) => {
                    end = parent.map_or(end, |p| p.body.end);
                    index
                }
                None => continue,
            },
        };
        if found[index].is_some() || (overview == Some(index) && !overview_parts.is_empty()) {
            continue;
        }
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
    // The text between the title and the first section, when the spec has no Overview
    // under any name, is its Overview without a heading.
    if let Some(o) = overview
        && found[o].is_none()
        && overview_parts.is_empty()
        && let Some(intro) = untitled_intro(doc, sections)
    {
        out.push(note(
            intro.line,
            "section-level",
            format!(
                "the section `{}` is the text before the first section, without a heading",
                outline.sections[o]
            ),
            &format!("Put `## {}` above it.", outline.sections[o]),
        ));
        found[o] = Some(intro);
    }
    // A section no heading names, found by what an extra section holds: declared data
    // shapes are the data model; tests given as each item's verification are the
    // testing strategy, spread out. (Operations are not enough to call a section the
    // API's: a transport table or a requirement naming a provider's endpoint has them
    // too.)
    let mut adopted: std::collections::HashSet<usize> = std::collections::HashSet::new();
    let mut spread: Vec<usize> = Vec::new();
    let mut operation_sections: Vec<Section> = Vec::new();
    let data = outline
        .sections
        .iter()
        .position(|s| name_words(s) == name_words("Data Models"));
    let testing = outline
        .sections
        .iter()
        .position(|s| name_words(s) == name_words("Testing Strategy"));
    // A section whose `### ` entries are titled as calls or requests (`` ### `Memory.
    // retrieve(task) -> WorkingSet` ``, `### POST /v1/x`), two or more, is the API.
    if let Some(index) = api.filter(|i| found[*i].is_none()) {
        let titled: Vec<&&Section> = extra
            .iter()
            .filter(|s| {
                doc.lines[s.body.clone()]
                    .iter()
                    .filter(|l| !l.hidden)
                    .filter(
                        |l| matches!(&l.heading, Some((3, title)) if section_is_operation(title)),
                    )
                    .count()
                    >= 2
            })
            .collect();
        if let [one] = titled[..] {
            adopted.insert(one.line);
            alias_note(one, &outline.sections[index], out);
            found[index] = Some((*one).clone());
        }
    }
    for (index, operations) in [(data, false)] {
        let Some(index) = index.filter(|i| found[*i].is_none()) else {
            continue;
        };
        let candidates: Vec<&&Section> = extra
            .iter()
            .filter(|s| !adopted.contains(&s.line))
            .filter(|s| {
                let lines = evidence::operations(doc, s.body.clone());
                if operations {
                    !lines.is_empty()
                } else {
                    lines.is_empty() && evidence::shows_data_shapes(doc, s.body.clone())
                }
            })
            .collect();
        let [one] = candidates[..] else { continue };
        adopted.insert(one.line);
        let name = &outline.sections[index];
        match narrowest(doc, one, operations) {
            Some(part) => {
                out.push(note(
                    part.line,
                    "section-level",
                    format!(
                        "the section `{name}` is `### {}` on line {}, not a `## ` section",
                        part.name, part.line
                    ),
                    &format!("Make it `## {name}`, a section of its own."),
                ));
                found[index] = Some(part);
            }
            None => {
                alias_note(one, name, out);
                found[index] = Some((*one).clone());
            }
        }
    }
    // A document that is its operations (`## Tool: detect_input_prompt`, `## POST
    // /v1/trips`) gives the API as those sections.
    if let Some(index) = api.filter(|i| found[*i].is_none()) {
        let operations: Vec<&&Section> = extra
            .iter()
            .filter(|s| !adopted.contains(&s.line) && section_is_operation(&s.title))
            .collect();
        if let Some(first) = operations.first().filter(|_| operations.len() >= 2) {
            out.push(note(
                first.line,
                "section-spread",
                format!(
                    "the section `{}` is spread over {} `## ` operations (first `{}` on line {})",
                    outline.sections[index],
                    operations.len(),
                    first.name,
                    first.line
                ),
                &format!(
                    "Make them `### ` entries under `## {}`.",
                    outline.sections[index]
                ),
            ));
            adopted.extend(operations.iter().map(|s| s.line));
            operation_sections = operations.iter().map(|s| (**s).clone()).collect();
            spread.push(index);
        }
    }
    // A labelled field of an extra section that names a missing section (`- **Key
    // decisions**: ...` under `## Technical Design`) is that section, inside another.
    for (index, shape) in outline.shapes.iter().enumerate() {
        // Not the sections of entries or data shapes: a label cannot hold them.
        let structured =
            !shape.entry_fields.is_empty() || data == Some(index) || api == Some(index);
        if found[index].is_some() || overview == Some(index) || structured {
            continue;
        }
        let holders: Vec<(&&Section, usize)> = extra
            .iter()
            .filter(|s| !adopted.contains(&s.line))
            .filter_map(|s| {
                doc.lines[s.body.clone()]
                    .iter()
                    .filter(|l| !l.hidden)
                    .find(|l| {
                        label_of(&l.text).is_some_and(|(_, label, _)| {
                            // `**Errors**` of an operation is its field, not a section.
                            let words = name_words(label);
                            !entry_field_forms.iter().any(|f| label_matches(&words, f))
                                && (matcher.locate(label).map(|(i, _)| i) == Some(index)
                                    || matcher.locate_by_key(label) == Some(index))
                        })
                    })
                    .map(|l| (s, l.number))
            })
            .collect();
        let [(holder, line)] = holders[..] else {
            continue;
        };
        let label = label_of(&doc.lines[line - 1].text).map_or("", |(_, label, _)| label);
        out.push(note(
            line,
            "section-level",
            format!(
                "the section `{}` is **{}** on line {line} in `{}`, not a `## ` section",
                outline.sections[index], label, holder.name
            ),
            &format!(
                "Make it `## {}`, a section of its own.",
                outline.sections[index]
            ),
        ));
        found[index] = Some(Section {
            title: label.to_string(),
            name: display_name(label),
            line,
            body: line - 1..holder.body.end,
        });
    }
    // Acceptance scenarios (Given / When / Then), two or more, in one extra section are
    // the testing strategy (`## Acceptance criteria` with AC-01..AC-07).
    if let Some(index) = testing.filter(|i| found[*i].is_none()) {
        let holders: Vec<&&Section> = extra
            .iter()
            .filter(|s| !adopted.contains(&s.line))
            .filter(|s| evidence::scenarios(doc, s.body.clone()) >= 2)
            .collect();
        if let [one] = holders[..] {
            adopted.insert(one.line);
            alias_note(one, &outline.sections[index], out);
            found[index] = Some((*one).clone());
        }
    }
    if let Some(index) = testing.filter(|i| found[*i].is_none()) {
        let lines = evidence::verification_lines(doc);
        if lines.len() >= 3 {
            out.push(note(
                lines[0],
                "section-spread",
                format!(
                    "the section `{}` is spread over the verification lines of {} items (first on line {})",
                    outline.sections[index],
                    lines.len(),
                    lines[0]
                ),
                &format!(
                    "Gather how each is tested under `## {}`.",
                    outline.sections[index]
                ),
            ));
            spread.push(index);
        }
    }
    report_extra(&found, &adopted, out);
    for (index, name) in outline.sections.iter().enumerate() {
        if found[index].is_some()
            || spread.contains(&index)
            || (overview == Some(index) && !overview_parts.is_empty())
        {
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
    let one_use_case = parts_as_sections
        || use_cases
            .and_then(|u| found[u].as_ref())
            .is_some_and(|s| is_document_title(doc, s.line));
    Sections {
        found,
        overview_parts,
        operations: operation_sections,
        one_use_case,
    }
}

/// The parts of a use case a document that is one use case gives as sections, beside
/// the template's use case fields and their synonyms.
const USE_CASE_PARTS: [&str; 6] = ["input", "inputs", "output", "outputs", "trigger", "steps"];

/// A `## ` heading that names one operation: a method and path (`POST /v1/trips`), a
/// kind of operation and its name (`Tool: detect_input_prompt`, `Endpoint: ...`), or a
/// call's signature in code (`` `scan(path)` ``).
fn section_is_operation(title: &str) -> bool {
    let t = title.trim_start_matches(['`', '*']);
    let first = t.split_whitespace().next().unwrap_or("");
    let kind = names_operation_kind(title);
    let signature = title.trim().starts_with('`')
        && title.trim().ends_with('`')
        && title.contains('(')
        && title.contains(')');
    HTTP_METHODS.contains(&first) || kind || signature
}

/// A title that is a kind of operation and its name: `Tool: print_label`, `Endpoint:
/// ...`, `Command: scan`.
fn names_operation_kind(title: &str) -> bool {
    title
        .trim_start_matches(['`', '*'])
        .split_once(':')
        .is_some_and(|(kind, name)| {
            let kind = kind.trim().to_lowercase();
            matches!(
                kind.as_str(),
                "tool" | "endpoint" | "command" | "operation" | "method" | "function" | "rpc"
            ) && !name.trim().is_empty()
        })
}

/// Whether a line is the document's `# ` title.
pub(crate) fn is_document_title(doc: &Doc, line: usize) -> bool {
    doc.lines
        .iter()
        .find(|l| !l.hidden && l.heading.is_some())
        .is_some_and(|l| {
            l.number == line && l.heading.as_ref().is_some_and(|(level, _)| *level == 1)
        })
}

/// Template sections whose content is often code: contracts and data shapes.
fn written_as_code(section: &str) -> bool {
    let words = name_words(section);
    words == name_words("API Contracts") || words == name_words("Data Models")
}

/// Whether a range holds more than code, headings and rules: prose, a list or a table.
fn has_content(doc: &Doc, body: std::ops::Range<usize>) -> bool {
    doc.lines[body].iter().any(|l| {
        !l.hidden
            && l.heading.is_none()
            && !l.text.trim().is_empty()
            && !is_thematic_break(l.text.trim())
    })
}

/// The one `### ` subsection of a section that holds all of its evidence (every
/// operation, or every data shape), when the section has subsections.
fn narrowest(doc: &Doc, section: &Section, operations: bool) -> Option<Section> {
    let children: Vec<(usize, &str)> = section
        .body
        .clone()
        .filter(|&i| !doc.lines[i].hidden)
        .filter_map(|i| match &doc.lines[i].heading {
            Some((3, title)) => Some((i, title.as_str())),
            _ => None,
        })
        .collect();
    let parts: Vec<Section> = children
        .iter()
        .enumerate()
        .map(|(k, &(i, title))| {
            let end = children
                .get(k + 1)
                .map_or(section.body.end, |&(next, _)| next);
            Section {
                title: title.to_string(),
                name: display_name(title),
                line: doc.lines[i].number,
                body: i + 1..end,
            }
        })
        .collect();
    let holds = |body: std::ops::Range<usize>| {
        if operations {
            !evidence::operations(doc, body).is_empty()
        } else {
            evidence::shows_data_shapes(doc, body)
        }
    };
    let first = children.first().map_or(section.body.end, |&(i, _)| i);
    if parts.is_empty() || holds(section.body.start..first) {
        return None;
    }
    let holding: Vec<&Section> = parts.iter().filter(|p| holds(p.body.clone())).collect();
    match holding[..] {
        [one] => Some(one.clone()),
        _ => None,
    }
}

/// A heading that names requirements or constraints (`## Requirements`, `## System
/// Constraints & Requirements`).
fn names_requirements(title: &str) -> bool {
    name_words(title)
        .iter()
        .any(|w| matches!(w.as_str(), "requirement" | "constraint"))
}

/// The prose between the `# ` title and the first `## ` section (at least a sentence of
/// twelve words), as a section starting at its first line.
fn untitled_intro(doc: &Doc, sections: &[Section]) -> Option<Section> {
    let end = sections
        .first()
        .map_or(doc.lines.len(), |s| s.line.saturating_sub(1));
    let title = doc.lines[..end]
        .iter()
        .position(|l| !l.hidden && l.heading.as_ref().is_some_and(|(level, _)| *level == 1))?;
    let body = title + 1..end;
    // A heading of any level in between is a section of another kind.
    if doc.lines[body.clone()]
        .iter()
        .any(|l| !l.hidden && l.heading.is_some())
    {
        return None;
    }
    // Metadata (`> **Status:** Implemented`, `Owner: ...`) is not an overview.
    let words: usize = doc.lines[body.clone()]
        .iter()
        .filter(|l| !l.hidden && !l.text.trim_start().starts_with('|'))
        .filter(|l| {
            let t = l.text.trim_start().trim_start_matches('>').trim_start();
            label_of(t).is_none() && plain_label(&format!("- {t}")).is_none()
        })
        .map(|l| l.prose.split_whitespace().count())
        .sum();
    let first = doc.lines[body.clone()]
        .iter()
        .find(|l| !l.hidden && !l.text.trim().is_empty())?;
    (words >= 12).then(|| Section {
        title: "Overview".to_string(),
        name: "Overview".to_string(),
        line: first.number,
        body,
    })
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
        // A heading of its own anywhere (`## Edge Cases`, or `### Edge Cases` under the
        // user scenarios) gives the field, out of place.
        let own_section = !core
            && doc.lines.iter().any(|l| {
                !l.hidden
                    && l.number != section.line
                    && !section.body.contains(&(l.number - 1))
                    && l.heading
                        .as_ref()
                        .is_some_and(|(_, title)| label_matches(&name_words(title), &forms))
            })
            || sections
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
    if name_words(label) == name_words("Unit tests") && names_test_functions(doc, body.clone()) {
        return true;
    }
    // Given / When / Then scenarios exercise the whole feature: integration tests.
    if name_words(label) == name_words("Integration tests")
        && evidence::scenarios(doc, body.clone()) >= 1
    {
        return true;
    }
    let phrases = super::vocab::mention_forms(label);
    !phrases.is_empty()
        && doc.lines[body].iter().filter(|l| !l.hidden).any(|l| {
            let words = super::vocab::all_name_words(&l.prose);
            phrases
                .iter()
                .any(|p| !p.is_empty() && words.windows(p.len()).any(|w| w == &p[..]))
        })
}

/// Whether a range names a test file or at least three test functions in code (`` `resize_reflows_primary_screen` ``,
/// `` `test_parse` ``): tests listed one by one, which are unit tests unless said
/// otherwise.
fn names_test_functions(doc: &Doc, body: std::ops::Range<usize>) -> bool {
    let is_test_function = |span: &str| {
        let name = span.trim_end_matches("()");
        !name.is_empty()
            && name
                .chars()
                .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_')
            && (name.starts_with("test") || name.matches('_').count() >= 2)
    };
    // A test file (`payments.test.ts`, `parser_test.go`, `test_parser.py`) is a suite
    // of them.
    let is_test_file = |span: &str| {
        let file = span.rsplit('/').next().unwrap_or(span);
        let stem = file.split('.').next().unwrap_or("");
        file.contains('.')
            && (file.contains(".test.")
                || file.contains(".spec.")
                || stem.ends_with("_test")
                || stem.starts_with("test_"))
    };
    let spans = || {
        doc.lines[body.clone()]
            .iter()
            .filter(|l| !l.hidden)
            .flat_map(|l| l.text.split('`').skip(1).step_by(2))
    };
    spans().any(is_test_file)
        || doc.lines[body.clone()]
            .iter()
            .filter(|l| !l.hidden)
            .filter(|l| l.text.split('`').skip(1).step_by(2).any(is_test_function))
            .count()
            >= 3
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
    // `` `MemoryStore` `` alone names a type, not an operation (`` `tool scan` `` does).
    let code = title.split('`').nth(1).unwrap_or("");
    let type_name =
        !code.contains(['(', ' ', '.', '/']) && code.starts_with(|c: char| c.is_ascii_uppercase());
    HTTP_METHODS.contains(&first)
        || (title.contains('`') && !type_name)
        || title.contains('/')
        || title.find('(').is_some_and(|at| {
            title[..at].ends_with(|c: char| c.is_alphanumeric() || c == '.')
                && title[at..].contains(')')
        })
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
    // `Tool: print_label` or `Command: scan` names how it is called.
    if is("Method/Interface") && names_operation_kind(&entry.title) {
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

/// Whether a section lists errors (an HTTP error status, or an error code named as an
/// error): a spec with such an error section gives its operations' errors there, so an
/// operation without its own **Errors** is not missing them.
pub(crate) fn lists_errors(doc: &Doc, section: &Section) -> bool {
    doc.lines[section.body.clone()]
        .iter()
        .any(|l| !l.hidden && mentions_error(&l.text))
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
    shared_errors: bool,
    out: &mut Vec<Finding>,
) {
    let (mut entries, forms) = entries_of(doc, section, shape);
    // A section without entries that gives an operation's fields (`### API Endpoint`
    // with its method, path, request and response) is that one operation.
    let whole = Entry {
        title: section.name.clone(),
        line: section.line,
        body: section.body.clone(),
    };
    if entries.is_empty()
        && !operation_table(doc, section)
        && (forms
            .iter()
            .any(|f| doc.field(whole.body.clone(), f).is_some())
            || doc
                .field(whole.body.clone(), &field_forms("Method"))
                .is_some())
    {
        entries.push(whole);
    }
    let operations: Vec<&Entry> = entries
        .iter()
        .filter(|e| {
            titled_like_operation(&e.title)
                || forms.iter().any(|f| doc.field(e.body.clone(), f).is_some())
                || request_line(doc, e)
                // Defined in code (a schema, a YAML tool list).
                || doc.lines[e.body.clone()].iter().any(|l| l.fence)
        })
        .collect();
    // Operations given as a table, or as code (a usage block, a schema), are there.
    let as_code = doc.lines[section.body.clone()].iter().any(|l| l.fence);
    let table = doc.lines[section.body.clone()]
        .iter()
        .any(|l| !l.hidden && l.text.trim_start().starts_with('|'));
    if operations.is_empty()
        && !says_none(doc, section)
        && !operation_table(doc, section)
        && !as_code
        && !table
    {
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
    check_operations(doc, &operations, &forms, shape, shared_errors, out);
}

/// Whether a section lists its operations as rows of a table with a method, endpoint,
/// path or route column.
fn operation_table(doc: &Doc, section: &Section) -> bool {
    let lines = &doc.lines[section.body.clone()];
    lines.iter().enumerate().any(|(k, l)| {
        !l.hidden
            && l.text.trim_start().starts_with('|')
            && lines
                .get(k + 1)
                .is_some_and(|n| super::syntax::is_delimiter_row(&n.text))
            && super::syntax::split_row(&l.text).iter().any(|c| {
                matches!(
                    c.trim().to_lowercase().as_str(),
                    "method" | "endpoint" | "path" | "route" | "http method"
                )
            })
    })
}

/// The `## ` sections a document gives its operations as (`## Tool: print_label`),
/// checked as the API section's entries.
pub(crate) fn check_operation_sections(
    doc: &Doc,
    sections: &[Section],
    shape: &SectionShape,
    shared_errors: bool,
    out: &mut Vec<Finding>,
) {
    let forms: Vec<Vec<Vec<String>>> = shape.entry_fields.iter().map(|l| field_forms(l)).collect();
    let entries: Vec<Entry> = sections
        .iter()
        .map(|s| Entry {
            title: s.name.clone(),
            line: s.line,
            body: s.body.clone(),
        })
        .collect();
    let operations: Vec<&Entry> = entries.iter().collect();
    check_operations(doc, &operations, &forms, shape, shared_errors, out);
}

/// Each operation's template fields.
fn check_operations(
    doc: &Doc,
    operations: &[&Entry],
    forms: &[Vec<Vec<String>>],
    shape: &SectionShape,
    shared_errors: bool,
    out: &mut Vec<Finding>,
) {
    // A spec whose operations give no errors of their own but whose error section lists
    // them keeps every operation's errors there; once one operation gives its own, each
    // one should.
    let errors_at = shape
        .entry_fields
        .iter()
        .position(|f| name_words(f) == name_words("Errors"));
    let own_errors = errors_at.is_some_and(|k| {
        operations.iter().any(|e| {
            doc.field(e.body.clone(), &forms[k]).is_some()
                || shown_without_label(doc, e, "Errors", uses_bold_labels(doc, e, forms))
        })
    });
    let shared_errors = shared_errors && !own_errors;
    for entry in operations {
        let owner = format!("`{}` in {}", entry.title.replace('`', ""), shape.section);
        let strict = uses_bold_labels(doc, entry, forms);
        for (label, label_forms) in shape.entry_fields.iter().zip(forms) {
            if doc.field(entry.body.clone(), label_forms).is_none()
                && (shown_without_label(doc, entry, label, strict)
                    || (shared_errors && name_words(label) == name_words("Errors")))
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
