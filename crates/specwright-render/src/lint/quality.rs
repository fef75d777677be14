//! A spec writer's quality bar beyond the template's shape: text that fills a field
//! without saying anything (filler), and "Not specified" marked as such, which is fine
//! only while an open question tracks it.

use std::collections::HashSet;

use super::doc::{Doc, Section};
use super::gfm::Table;
use super::structure::quote;
use super::syntax::{bold_labels, list_item_text, plain_label};
use super::vocab::{name_words, normalize};
use super::{Finding, warning};

/// Text that stands where content should be and says nothing.
const FILLER: &[&str] = &[
    "not discussed in the interview",
    "not discussed",
    "named in the interview",
    "as named in the interview",
    "to be filled in",
    "to be written",
];

/// An honest "we do not know yet".
const UNSPECIFIED: &[&str] = &[
    "not specified",
    "unspecified",
    "unknown",
    "not known",
    "not decided",
    "undecided",
    "to be decided",
    "not yet decided",
];

fn plain(value: &str) -> String {
    value
        .trim()
        .trim_matches(|c: char| c == '*' || c == '_' || c == '.' || c.is_whitespace())
        .to_lowercase()
}

/// A value that is only filler (`Not discussed in the interview.`).
pub(crate) fn is_filler(value: &str) -> bool {
    let v = plain(value);
    FILLER.contains(&v.as_str())
}

/// A value that says it is not known (`Not specified (deferred by the user)`).
pub(crate) fn is_unspecified(value: &str) -> bool {
    let v = plain(value);
    UNSPECIFIED.iter().any(|u| {
        v == *u
            || v.strip_prefix(u).is_some_and(|rest| {
                // `Not specified (deferred)`, `Unknown; ask ops`, not `Unknown keys ...`.
                let rest = rest.trim_start();
                rest.is_empty() || rest.starts_with([';', ',', '(', '—', '-', ':', '.'])
            })
    })
}

/// A value with nothing in it: empty, a dash, filler or "Not specified".
pub(crate) fn says_nothing(value: &str) -> bool {
    matches!(value.trim(), "" | "-" | "—" | "–") || is_filler(value) || is_unspecified(value)
}

/// The items of Open Questions, as words, to find the one that tracks a gap.
pub(crate) struct OpenQuestions {
    /// (line, stemmed words)
    items: Vec<(usize, Vec<String>)>,
}

impl OpenQuestions {
    pub(crate) fn of(doc: &Doc, section: Option<&Section>) -> OpenQuestions {
        let items = section
            .map(|s| {
                doc.lines[s.body.clone()]
                    .iter()
                    .filter(|l| !l.hidden && !l.text.trim().is_empty() && l.heading.is_none())
                    .map(|l| (l.number, name_words_plain(&l.prose)))
                    .filter(|(_, words)| !words.is_empty())
                    .collect()
            })
            .unwrap_or_default();
        OpenQuestions { items }
    }

    /// The line of an open question that names every one of `subject`'s words.
    pub(crate) fn tracking(&self, subject: &[&str]) -> Option<usize> {
        let wanted: Vec<String> = subject.iter().flat_map(|s| name_words_plain(s)).collect();
        if wanted.is_empty() {
            return None;
        }
        self.items
            .iter()
            .find(|(_, words)| wanted.iter().all(|w| words.contains(w)))
            .map(|(line, _)| *line)
    }
}

/// Stemmed words of a sentence (not a heading: no subtitle is cut at a colon).
fn name_words_plain(text: &str) -> Vec<String> {
    text.split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .flat_map(name_words)
        .collect()
}

/// Filler and unspecified values anywhere outside code: a labelled field's value
/// (`**Postconditions**: Not discussed in the interview.`), a list item's value
/// (`- PostgreSQL: Named in the interview.`) or a whole table cell. `covered` lines were
/// already reported by a stricter check. One finding per line.
pub(crate) fn check_values(
    doc: &Doc,
    questions: &OpenQuestions,
    covered: &HashSet<usize>,
    out: &mut Vec<Finding>,
) {
    for line in doc
        .lines
        .iter()
        .filter(|l| !l.hidden && l.heading.is_none())
    {
        if covered.contains(&line.number) {
            continue;
        }
        let text = line.text.as_str();
        let mut values: Vec<(String, String)> = bold_labels(text)
            .into_iter()
            .map(|l| (l.name.to_string(), l.rest.to_string()))
            .collect();
        if values.is_empty()
            && let Some((label, rest)) = plain_label(text)
        {
            values.push((label.trim().to_string(), rest.to_string()));
        }
        if values.is_empty() && text.trim_start().starts_with('|') {
            values.extend(
                super::syntax::split_row(text)
                    .into_iter()
                    .map(|cell| (String::new(), cell)),
            );
        }
        if values.is_empty()
            && let Some(item) = list_item_text(text)
        {
            // `- The CMS (Contentful) and our SSO: Named in the interview.`
            let (label, value) = item.split_once(": ").unwrap_or(("", item));
            values.push((label.trim().to_string(), value.to_string()));
        }
        let hit = values
            .iter()
            .find(|(_, value)| is_filler(value) || is_unspecified(value));
        let Some((label, value)) = hit else { continue };
        out.push(value_finding(line.number, label, value, questions));
    }
}

/// The finding for a field that says nothing: `unspecified` when an open question
/// tracks it, `filler` otherwise.
pub(crate) fn value_finding(
    line: usize,
    label: &str,
    value: &str,
    questions: &OpenQuestions,
) -> Finding {
    let what = if label.is_empty() {
        format!("the value {}", quote(value.trim()))
    } else {
        format!("**{label}** says {}", quote(value.trim()))
    };
    if is_unspecified(value)
        && !label.is_empty()
        && let Some(question) = questions.tracking(&[label])
    {
        return warning(
            line,
            "unspecified",
            format!("{what}; the open question on line {question} tracks it"),
            "Answer the open question, then write the answer here.",
        );
    }
    if is_unspecified(value) {
        return warning(
            line,
            "filler",
            format!("{what} and no open question tracks it"),
            "Find it out, or add it to Open Questions so it is not forgotten.",
        );
    }
    warning(
        line,
        "filler",
        format!("{what}, which says nothing"),
        "Ask about it and write what is true, or move it to Open Questions.",
    )
}

/// A data model table whose types are dashes (`| code | — | — | ... |`): one finding per
/// table.
pub(crate) fn check_types(doc: &Doc, tables: &[&Table], entity: &str, out: &mut Vec<Finding>) {
    for table in tables.iter().filter(|t| t.delimiter.is_some()) {
        let Some(ty) = table
            .header
            .cells
            .iter()
            .position(|c| normalize(c) == "type")
        else {
            continue;
        };
        // (A row naming a constraint of the table is no field: `| **UNIQUE** | |
        // (source, source_id) |`.)
        let fields: Vec<_> = table
            .rows
            .iter()
            .filter(|r| !r.cells.first().is_some_and(|c| names_table_constraint(c)))
            .collect();
        let blank: Vec<usize> = fields
            .iter()
            .filter(|r| r.cells.get(ty).is_none_or(|c| says_nothing(c)))
            .map(|r| r.index)
            .collect();
        if let Some(&first) = blank.first() {
            out.push(warning(
                doc.lines[first].number,
                "filler",
                format!(
                    "{} of the {} fields of `{entity}` have no type",
                    blank.len(),
                    fields.len()
                ),
                "Give each field its type (string, UUIDv7, timestamp, ...), or say in Open Questions what is not known.",
            ));
        }
    }
}

/// Whether a cell names a constraint of a table rather than a column: `**UNIQUE**`,
/// `PRIMARY KEY`, `Index`, `CHECK`.
fn names_table_constraint(cell: &str) -> bool {
    let bare = cell
        .trim()
        .trim_matches(['*', '_', '`', ' '])
        .to_ascii_lowercase();
    matches!(
        bare.as_str(),
        "pk" | "primary key"
            | "unique"
            | "unique key"
            | "fk"
            | "foreign key"
            | "index"
            | "indexes"
            | "indices"
            | "check"
            | "constraint"
            | "constraints"
    )
}

/// Use cases that all list the same error scenarios, pasted rather than thought through.
pub(crate) fn check_same_errors(
    section: &Section,
    scenarios: &[(usize, String)],
    out: &mut Vec<Finding>,
) {
    if scenarios.len() < 2 {
        return;
    }
    let first = &scenarios[0].1;
    if first.is_empty() || says_nothing(first) || scenarios.iter().any(|(_, s)| s != first) {
        return;
    }
    out.push(warning(
        section.line,
        "filler",
        match scenarios.len() {
            2 => "both use cases list the same error scenarios".to_string(),
            n => format!("all {n} use cases list the same error scenarios"),
        },
        "Give each use case the failures that can happen in it.",
    ));
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn filler_and_unspecified_values() {
        assert!(is_filler("Not discussed in the interview."));
        assert!(is_filler("Named in the interview."));
        assert!(!is_filler("Discussed in detail"));
        assert!(is_unspecified(
            "Not specified (deferred by the user); the file must be there by 04:00"
        ));
        assert!(is_unspecified("Unknown"));
        assert!(!is_unspecified("Unknown keys answer 404"));
        assert!(says_nothing("—"));
        assert!(!says_nothing("p99 20 ms"));
    }

    #[test]
    fn an_open_question_tracks_a_subject_by_its_words() {
        let doc = Doc::parse(
            "## Open Questions\n- Latency targets (deferred by the user)\n- Who owns UC-2's postconditions?\n",
        );
        let sections = doc.sections();
        let q = OpenQuestions::of(&doc, sections.first());
        assert_eq!(q.tracking(&["Latency"]), Some(2));
        assert_eq!(q.tracking(&["Postconditions", "UC-2"]), Some(3));
        assert_eq!(q.tracking(&["Throughput"]), None);
    }
}
