//! Template sections no heading names and no section holds whole, found in content the
//! spec gives elsewhere: the decisions as a stack table with a reason per choice
//! (`| Layer | Choice | Rationale |`) or as **Rationale** labels, the API as requests
//! under `## 3. Sync Architecture`, the errors as a table of HTTP statuses under `###
//! 4.0 HTTP Status Codes`, the data model as types declared beside the components. Each
//! is a `section-spread` note: the section is there in another form, not missing, and
//! the note says where.
//!
//! The last resort before `missing-section`: linear in the input, each question reading
//! the lines or the tables once.

use std::collections::HashSet;
use std::ops::Range;

use super::doc::{Doc, Section};
use super::evidence;
use super::gfm::Table;
use super::nfr::NFR;
use super::operations::{is_error_code, is_error_status};
use super::outline::Outline;
use super::structure::names_requirements;
use super::syntax::{label_of, list_item_text};
use super::tables::DECISIONS;
use super::vocab::{all_name_words, display_name};
use super::{Finding, note};

/// Whether a requirement says the system offers an operation: `System MUST expose a
/// `POST /v1/scan` endpoint`, `provides `GET /status``.
fn requires_exposing(text: &str) -> bool {
    all_name_words(text).iter().any(|w| {
        matches!(
            w.as_str(),
            "expose" | "exposes" | "provide" | "provides" | "serve" | "serves" | "offer" | "offers"
        )
    })
}

/// Parts deeper down named for a section no section holds, found while the headings
/// were read: the decisions (`### Key Decisions Made`, `#### Design Rationale`: the
/// part's line, its name, and whether it gives reasons), the errors (`### Timeout and
/// Failure`, `### Edge Cases` with outcomes: its line and name). They place their
/// section last, when nothing the spec gives elsewhere has.
pub(crate) struct NamedParts {
    pub decisions: Option<(usize, String, bool)>,
    pub errors: Option<(usize, String)>,
}

/// Finds the sections still missing in content given elsewhere, then in the parts named
/// for them, notes each and records it in `spread`.
#[allow(clippy::too_many_arguments)]
pub(crate) fn place_elsewhere(
    doc: &Doc,
    sections: &[Section],
    tables: &[Table],
    outline: &Outline,
    found: &[Option<Section>],
    spread: &mut Vec<usize>,
    named: NamedParts,
    out: &mut Vec<Finding>,
) {
    place_by_content(doc, sections, tables, outline, found, spread, out);
    asked_elsewhere(doc, outline, found, spread, out);
    if let Some((number, name, reasons)) = named.decisions {
        spread_once(
            outline,
            found,
            spread,
            out,
            outline.index_of(DECISIONS),
            number,
            |section| {
                let given = if reasons {
                    "choices are given with their reasons"
                } else {
                    "decisions are given"
                };
                (
                    format!(
                        "the section `{section}` is not a section of its own: {given} in `{name}` (line {number})"
                    ),
                    format!(
                        "Gather the decisions under `## {section}`, each with the options considered and its rationale."
                    ),
                )
            },
        );
    }
    if let Some((number, name)) = named.errors {
        spread_once(
            outline,
            found,
            spread,
            out,
            outline.index_of("Error Handling"),
            number,
            |section| {
                (
                    format!(
                        "the section `{section}` is not a section of its own: failures and what happens on each are given in `{name}` (line {number})"
                    ),
                    format!("Gather the failures and their handling under `## {section}`."),
                )
            },
        );
    }
}

/// Questions left open under another name: spec-kit's `### Edge Cases` asking `- What
/// happens when the API key has expired?` and answering nowhere, an RFC's `##
/// Challenges` asking `How to remove tombstones?`. A part whose own list items are
/// mostly questions, two or more, outside the tests and a list of questions answered
/// (`## FAQ`), gives the open questions in another form.
fn asked_elsewhere(
    doc: &Doc,
    outline: &Outline,
    found: &[Option<Section>],
    spread: &mut Vec<usize>,
    out: &mut Vec<Finding>,
) {
    let Some(index) = outline
        .index_of("Open Questions")
        .filter(|i| found[*i].is_none() && !spread.contains(i))
    else {
        return;
    };
    let testing = outline
        .index_of("Testing Strategy")
        .and_then(|t| found[t].as_ref())
        .map(|t| t.body.clone());
    // The first such part's line index.
    let mut asked: Option<usize> = None;
    let (mut items, mut questions) = (0usize, 0usize);
    // Each part's own lines, up to the next heading: one pass over the lines.
    let mut close = |part: Option<usize>, items: usize, questions: usize| {
        if asked.is_none() && questions >= 2 && questions * 2 > items {
            asked = part;
        }
    };
    let mut part: Option<usize> = None;
    for (i, line) in doc.lines.iter().enumerate() {
        if line.hidden || line.fence {
            continue;
        }
        if let Some((level, title)) = &line.heading {
            close(part, items, questions);
            (items, questions) = (0, 0);
            let words = all_name_words(title);
            part = ((2..=4).contains(level)
                && !testing.as_ref().is_some_and(|t| t.contains(&i))
                && !words
                    .iter()
                    .any(|w| matches!(w.as_str(), "faq" | "faqs" | "frequently")))
            .then_some(i);
            continue;
        }
        if let Some(item) = list_item_text(&line.text) {
            items += 1;
            questions += usize::from(item.trim_end().ends_with(['?', '？']));
        }
    }
    close(part, items, questions);
    if let Some((number, (_, title))) =
        asked.and_then(|i| Some((doc.lines[i].number, doc.lines[i].heading.as_ref()?)))
    {
        let name = display_name(title);
        spread_once(
            outline,
            found,
            spread,
            out,
            Some(index),
            number,
            |section| {
                (
                    format!(
                        "the section `{section}` is not a section of its own: questions are left open in `{name}` (line {number})"
                    ),
                    format!(
                        "Gather the questions still open under `## {section}`, each with what it blocks."
                    ),
                )
            },
        );
    }
}

/// Notes a template section given in another form (`section-spread`), once: when no
/// section holds it and no note has placed it yet. `say` gives the message and the hint
/// from the section's name.
pub(crate) fn spread_once(
    outline: &Outline,
    found: &[Option<Section>],
    spread: &mut Vec<usize>,
    out: &mut Vec<Finding>,
    index: Option<usize>,
    number: usize,
    say: impl FnOnce(&str) -> (String, String),
) {
    let Some(index) = index.filter(|i| found[*i].is_none() && !spread.contains(i)) else {
        return;
    };
    let (message, hint) = say(&outline.sections[index]);
    out.push(note(number, "section-spread", message, &hint));
    spread.push(index);
}

/// The sections still missing, found in content the spec gives elsewhere.
fn place_by_content(
    doc: &Doc,
    sections: &[Section],
    tables: &[Table],
    outline: &Outline,
    found: &[Option<Section>],
    spread: &mut Vec<usize>,
    out: &mut Vec<Finding>,
) {
    let missing = |name: &str| {
        outline
            .index_of(name)
            .filter(|i| found[*i].is_none() && !spread.contains(i))
    };
    let (decisions, api, errors, data, dependencies, nfr) = (
        missing(DECISIONS),
        missing("API Contracts"),
        missing("Error Handling"),
        missing("Data Models"),
        missing("Dependencies"),
        missing(NFR),
    );
    if [decisions, api, errors, data, dependencies, nfr]
        .iter()
        .all(Option::is_none)
    {
        return;
    }
    // What the spec's other parts hold is theirs: a test table's expected statuses and
    // requests are tests, a requirement's rationale is the requirement's, a use case's
    // request is its flow's.
    let body_of = |name: &str| {
        outline
            .index_of(name)
            .and_then(|i| found[i].as_ref())
            .map(|s| s.body.clone())
    };
    let theirs: Vec<Range<usize>> = ["Testing Strategy", "Use Cases", NFR, "Open Questions"]
        .iter()
        .filter_map(|name| body_of(name))
        .collect();
    let requirements: Vec<Range<usize>> = sections
        .iter()
        .filter(|s| names_requirements(&s.title))
        .map(|s| s.body.clone())
        .collect();
    // The API's own lines, where it is found or named: its operations' error tables are
    // not the error section's.
    let mut api_lines: Vec<Range<usize>> = body_of("API Contracts").into_iter().collect();
    api_lines.extend(
        sections
            .iter()
            .filter(|s| names_any(&s.title, &["api", "apis", "endpoint", "endpoints"]))
            .map(|s| s.body.clone()),
    );
    let within = |ranges: &[Range<usize>], index: usize| ranges.iter().any(|r| r.contains(&index));
    let free = |index: usize| !within(&theirs, index) && !within(&requirements, index);
    // A line among the requirements and no other part's: a stack table there, `|
    // Component | Choice | Rationale |` under `## 2. Technical Requirements`, gives
    // choices with their reasons all the same, and a requirement that the system
    // expose a request gives an operation.
    let among_requirements = |index: usize| !within(&theirs, index) && within(&requirements, index);
    let outside_api = |index: usize| free(index) && !within(&api_lines, index);
    // The nearest heading above each line, found once: a note names where it looked,
    // and a table under `### Exit codes` is the errors.
    let mut above: Vec<Option<usize>> = Vec::with_capacity(doc.lines.len());
    let mut last = None;
    for (i, l) in doc.lines.iter().enumerate() {
        if l.heading.is_some() && !l.hidden {
            last = Some(i);
        }
        above.push(last);
    }
    let heading_above = |index: usize| {
        above.get(index).copied().flatten().and_then(|h| {
            doc.lines[h]
                .heading
                .as_ref()
                .map(|(_, title)| display_name(title))
        })
    };
    // `given` says what holds it, `detail` where (`line 62`, `first on line 23`).
    let mut placed = |index: usize, line: usize, given: &str, detail: String, hint: String| {
        let name = &outline.sections[index];
        let place = heading_above(line - 1).map_or(String::new(), |h| format!(" in `{h}`"));
        out.push(note(
            line,
            "section-spread",
            format!("the section `{name}` is not a section of its own: {given}{place} ({detail})"),
            &hint,
        ));
        spread.push(index);
    };
    if let Some(index) = decisions {
        let name = &outline.sections[index];
        let hint = format!(
            "Gather the decisions under `## {name}`, each with the options considered and its rationale."
        );
        // A table of choices, two or more naming a technology in their first two cells.
        let stack = |t: &&Table| {
            t.rows
                .iter()
                .filter(|r| {
                    r.cells
                        .iter()
                        .take(2)
                        .any(|c| !super::vocab::technologies_named(c).is_empty())
                })
                .nth(1)
                .is_some()
        };
        if let Some(table) = tables
            .iter()
            .filter(|t| free(t.header.index) || (among_requirements(t.header.index) && stack(t)))
            .find(|t| gives_reasons(t))
        {
            let line = doc.lines[table.header.index].number;
            placed(
                index,
                line,
                "choices are given with their reasons in a table",
                format!("line {line}"),
                hint,
            );
        } else {
            let labels: Vec<usize> = doc
                .lines
                .iter()
                .filter(|l| !l.hidden && !l.fence && l.heading.is_none())
                .filter(|l| free(l.number - 1))
                .filter(|l| {
                    label_of(&l.text).is_some_and(|(_, label, rest)| {
                        // (The reasons after it, or listed under it: `**Rationale:**`
                        // over `- Simpler role hierarchy`.)
                        let listed = || {
                            doc.lines[l.number..]
                                .iter()
                                .find(|n| !n.text.trim().is_empty())
                                .is_some_and(|n| list_item_text(&n.text).is_some())
                        };
                        (!rest.trim().is_empty() || listed())
                            && super::vocab::REASON_LABELS
                                .contains(&label.trim().to_lowercase().as_str())
                    })
                })
                .map(|l| l.number)
                .collect();
            // Or headings that give a choice's reasons (`### Why Go`, `## 10. Почему Go
            // достаточен`, `### 2.2 データベース選定理由（Neon）`).
            let why = doc
                .headings()
                .into_iter()
                .filter(|h| h.level >= 2 && free(h.index))
                .find(|h| gives_reasons_heading(h.title))
                .map(|h| h.number);
            // Or questions put to the people the spec is for, with their answers
            // (spec-kit's `## Clarifications`: `- Q: Should QR detection stay? → A:
            // Yes`): choices made with them.
            let answered: Vec<usize> = evidence::answered_questions(doc, 0..doc.lines.len())
                .into_iter()
                .filter(|number| free(number - 1))
                .collect();
            if let [first, _, ..] = labels[..] {
                placed(
                    index,
                    first,
                    "choices are given with their reasons",
                    format!("{} reason labels, first on line {first}", labels.len()),
                    hint,
                );
            } else if let Some(line) = why {
                placed(
                    index,
                    line,
                    "a choice is given with its reasons",
                    format!("line {line}"),
                    hint,
                );
            } else if let [first, _, ..] = answered[..] {
                placed(
                    index,
                    first,
                    "choices are given as the answers to questions",
                    format!(
                        "{} answered questions, first on line {first}",
                        answered.len()
                    ),
                    hint,
                );
            }
        }
    }
    if let Some(index) = api {
        // Operations presented as an API's (a heading, a table row, a list item or a
        // request line opening a code block), two or more distinct: not a provider's
        // endpoint named in passing.
        let mut seen = HashSet::new();
        let presented: Vec<(usize, String)> = evidence::operations(doc, 0..doc.lines.len())
            .into_iter()
            .filter(|(number, _)| {
                (free(*number - 1) && presents_operation(doc, *number - 1))
                    // (A requirement that the system expose it: `- **FR-001**: System
                    // MUST expose a `POST /v1/scan` endpoint.`)
                    || (among_requirements(*number - 1)
                        && requires_exposing(&doc.lines[*number - 1].text))
            })
            .map(|(number, path)| {
                let text = &doc.lines[number - 1].text;
                let method = evidence::HTTP_METHODS
                    .iter()
                    .find(|m| text.contains(&format!("{m} {path}")))
                    .copied()
                    .unwrap_or("");
                // (A request's query is not the operation: `/sync/delta?since=...`.)
                let path = path.split('?').next().unwrap_or(&path).to_string();
                (number, format!("{method} {path}"))
            })
            .filter(|(_, operation)| seen.insert(operation.clone()))
            .collect();
        if let [(first, operation), _, ..] = &presented[..] {
            let name = &outline.sections[index];
            placed(
                index,
                *first,
                "the operations are given",
                format!("{}, first `{operation}` on line {first}", presented.len()),
                format!(
                    "Gather them under `## {name}`, a `### ` entry each with its Input, Output and Errors."
                ),
            );
        } else {
            // Or a library's or a service's calls, declared in code with their types
            // (`countByStatus(status: Status, from: Instant): long`, Go's `Fetch(ctx
            // context.Context) ([]byte, error)`), two or more outside the tests.
            let calls: Vec<usize> = evidence::typed_signature_lines(doc, 0..doc.lines.len())
                .into_iter()
                .filter(|number| free(number - 1))
                .collect();
            if let [first, _, ..] = calls[..] {
                let name = &outline.sections[index];
                placed(
                    index,
                    first,
                    "the calls are declared with their types",
                    format!("{}, first on line {first}", calls.len()),
                    format!(
                        "Gather them under `## {name}`, a `### ` entry each with its Input, Output and Errors."
                    ),
                );
            }
        }
    }
    // (A table under a heading naming the errors of them all, `### Exit codes` or `###
    // Error codes`, counts inside the API too: it is shared, not one operation's.)
    let names_errors = |title: &str| {
        let lower = title.to_lowercase();
        [
            "exit code",
            "exit status",
            "error code",
            "error catalog",
            "errors",
        ]
        .iter()
        .any(|k| lower.contains(k))
    };
    let under_errors_heading = |t: &&Table| {
        t.rows.len() >= 2 && heading_above(t.header.index).is_some_and(|h| names_errors(&h))
    };
    if let Some(index) = errors {
        let name = &outline.sections[index];
        let hint = format!(
            "Gather them under `## {name}`: each error's code, condition, HTTP status and user message."
        );
        if let Some(table) = tables.iter().find(|t| {
            (outside_api(t.header.index) && lists_errors(t))
                || (free(t.header.index) && t.delimiter.is_some() && under_errors_heading(t))
        }) {
            let line = doc.lines[table.header.index].number;
            placed(
                index,
                line,
                "the errors are given in a table",
                format!("line {line}"),
                hint,
            );
        } else if let Some(line) = status_list(doc, &free, &|title| {
            names_errors(title) || title.to_lowercase().contains("status code")
        }) {
            // A list of the statuses the API answers with, each with its condition,
            // under a heading of its own (`### HTTP Status Codes` over `- `404 Not
            // Found`: Invitation not found`): the errors, as a table of them is.
            placed(
                index,
                line,
                "the errors are given in a list",
                format!("line {line}"),
                hint,
            );
        }
    }
    // A list under a lead-in naming the stack (`The API is built using the following
    // tech stack:`), two items or more, is the dependencies. So are well-known
    // technologies named piece by piece: three or more in one list or table (`-
    // **Backend**: FastAPI`, `| 技术栈 | Kotlin, Compose, Room |`), or in one line that
    // names the stack (`Stack cible : Next.js + NestJS + PostgreSQL`). (Not a test
    // plan's tools, or a use case's.)
    if let Some(index) = dependencies {
        let tests: Vec<Range<usize>> = ["Testing Strategy", "Use Cases", "Open Questions"]
            .iter()
            .filter_map(|name| body_of(name))
            .collect();
        let given = stack_lead_in(doc, &free)
            .map(|line| {
                (
                    line,
                    "the stack is listed under a lead-in",
                    format!("line {line}"),
                )
            })
            .or_else(|| {
                // (Each heading read once.)
                let passing: Vec<bool> = doc
                    .lines
                    .iter()
                    .map(|l| {
                        l.heading
                            .as_ref()
                            .is_some_and(|(_, title)| names_in_passing(title))
                    })
                    .collect();
                let allowed =
                    |i: usize| !within(&tests, i) && !above[i].is_some_and(|h| passing[h]);
                named_stack(doc, &allowed).map(|stack| match stack {
                    Stack::Line(line) => (
                        line,
                        "the stack is named in one line",
                        format!("line {line}"),
                    ),
                    Stack::Items(line, count) => (
                        line,
                        "the stack is named item by item",
                        format!("{count} technologies, first on line {line}"),
                    ),
                })
            });
        if let Some((line, given, detail)) = given {
            let name = &outline.sections[index];
            placed(
                index,
                line,
                given,
                detail,
                format!("Gather them under `## {name}`, each with what it is for."),
            );
        }
    }
    // Measured targets, two or more, in a section of success criteria or measurable
    // outcomes (`## Success Criteria` with `SC-002: ... within 10 seconds`) are the
    // non-functional requirements, stated as outcomes.
    if let Some(index) = nfr
        && let Some((first, count)) = sections
            .iter()
            .filter(|s| names_outcomes(&s.title))
            .find_map(|s| {
                let lines: Vec<usize> = doc.lines[s.body.clone()]
                    .iter()
                    .filter(|l| !l.hidden && l.heading.is_none())
                    .filter(|l| super::nfr::states_a_target(&l.prose))
                    .map(|l| l.number)
                    .collect();
                (lines.len() >= 2).then(|| (lines[0], lines.len()))
            })
    {
        let name = &outline.sections[index];
        placed(
            index,
            first,
            "the targets are given as measurable outcomes",
            format!("{count} targets, first on line {first}"),
            format!(
                "Gather them under `## {name}`: latency, throughput, availability and data retention, each measured."
            ),
        );
    }
    if let Some(index) = data {
        // Declared types (not JSON samples), the API's included: the types its calls
        // take and return are data the spec declares.
        let first = doc
            .headings()
            .into_iter()
            .filter(|h| h.level >= 2 && free(h.index + 1))
            .find_map(|h| {
                let body = h.index + 1..next_heading(doc, h.index + 1, h.end);
                evidence::first_data_shape(doc, body, false)
            });
        if let Some(line) = first {
            let name = &outline.sections[index];
            placed(
                index,
                line,
                "data shapes are declared",
                format!("first on line {line}"),
                format!("Gather the entities and their fields under `## {name}`."),
            );
        }
    }
}

/// The line of a lead-in naming the stack (`built using the following tech stack:`)
/// with two list items or more under it.
fn stack_lead_in(doc: &Doc, free: &dyn Fn(usize) -> bool) -> Option<usize> {
    let lines = &doc.lines;
    (0..lines.len()).find_map(|i| {
        let l = &lines[i];
        let t = l.text.trim();
        if l.hidden || l.heading.is_some() || !t.ends_with(':') || !free(i) {
            return None;
        }
        if super::syntax::list_item_text(&l.text).is_some() {
            return None;
        }
        let lower = t.to_lowercase();
        if ![
            "tech stack:",
            "technology stack:",
            "following stack:",
            "following technologies:",
            "following dependencies:",
            "following libraries:",
        ]
        .iter()
        .any(|k| lower.ends_with(k))
        {
            return None;
        }
        let items = lines[i + 1..]
            .iter()
            .skip_while(|n| n.text.trim().is_empty())
            .take_while(|n| super::syntax::list_item_text(&n.text).is_some())
            .count();
        (items >= 2).then_some(l.number)
    })
}

/// The first list or table that gives the stack item by item, or the first line that
/// names it.
///
/// An item gives part of the stack when it opens with a well-known technology after
/// its label or in a table's first two cells (`- **Framework:** React 18 + Vite`, `|
/// Backend | Node.js, Express.js |`, `| Redis | channel layer |`, `- Postgres;`, `-
/// **Hono**: light and fast`), or when its value names two (`- 架构类型：pnpm + React/Vite、PostgreSQL`). Three such
/// items naming three technologies make a stack, or two naming four; a list of trade-offs
/// or milestones that mentions a database in passing does not.
fn named_stack(doc: &Doc, allowed: &dyn Fn(usize) -> bool) -> Option<Stack> {
    let mut names: Vec<&'static str> = Vec::new();
    let mut items = 0usize;
    let mut first = 0usize;
    let mut found: Option<(usize, usize)> = None;
    for (i, l) in doc.lines.iter().enumerate() {
        let t = l.text.trim();
        let usable = !l.hidden && l.heading.is_none() && allowed(i);
        let in_block = usable
            && (list_item_text(&l.text).is_some()
                || t.starts_with('|')
                || (t.is_empty() && items > 0)
                || (super::syntax::indent_of(&l.text) >= 2 && items > 0));
        if !in_block {
            if let Some((line, count)) = found {
                return Some(Stack::Items(line, count));
            }
            names.clear();
            items = 0;
        }
        if !usable || t.is_empty() {
            continue;
        }
        // One line naming the stack, or a row: `技术栈：FastAPI + PostgreSQL`, `|
        // **Dependencies** | Twilio (already integrated) |`.
        let labelled = if t.starts_with('|') {
            let cells = super::syntax::split_row(t);
            (cells.len() >= 2).then(|| (cells[0].clone(), cells[1].clone()))
        } else {
            split_label(t).map(|(label, value)| (label.to_string(), value.to_string()))
        };
        if let Some((label, value)) = labelled
            && found.is_none()
        {
            let named = super::vocab::technologies_named(&value).len();
            let label = label.trim_matches(['*', ' ']);
            // (A dependency in a code span is a package by its name, known or not:
            // `**Dependencies**: `boto3`, `PyJWT``.)
            let packaged = value.matches('`').count() >= 2;
            if (names_dependencies(label) && (named >= 1 || packaged))
                || (names_stack(label) && named >= 2)
            {
                return Some(Stack::Line(l.number));
            }
        }
        if !in_block {
            continue;
        }
        // (Code spans blanked: a file table's `src/config/index.ts` is no label.)
        let Some(named) = stack_item(l.prose.trim()) else {
            continue;
        };
        if items == 0 {
            first = l.number;
        }
        items += 1;
        for n in named {
            if !names.contains(&n) {
                names.push(n);
            }
        }
        if (items >= 3 && names.len() >= 3) || (items >= 2 && names.len() >= 4) {
            // (Counted to the block's end.)
            found = Some((first, names.len()));
        }
    }
    found.map(|(line, count)| Stack::Items(line, count))
}

/// Where a spec names its stack outside a section of its own.
enum Stack {
    /// One line or row labelled as the stack or the dependencies, by its line.
    Line(usize),
    /// Items of a list or a table, by the first one's line and how many technologies.
    Items(usize, usize),
}

/// A heading under which technologies are named in passing, not as the stack: a plan
/// (`Build Milestones`, `Roadmap`, `Week 1`), risks, a comparison (`Alternatives`, `Why
/// FAISS?`), a decision record weighing candidates (`ADR-002: 选择Redis作为消息存储`
/// over Redis, RabbitMQ, Kafka and PostgreSQL) or a table of contents.
fn names_in_passing(title: &str) -> bool {
    all_name_words(title).iter().any(|w| {
        matches!(
            w.as_str(),
            "milestone"
                | "milestones"
                | "roadmap"
                | "timeline"
                | "week"
                | "day"
                | "sprint"
                | "phase"
                | "risk"
                | "risks"
                | "complexity"
                | "alternative"
                | "alternatives"
                | "comparison"
                | "why"
                | "adr"
                | "contents"
                | "toc"
        )
    })
}

/// The technologies an item of a list or a table row names, when it gives part of the
/// stack.
fn stack_item(text: &str) -> Option<Vec<&'static str>> {
    let opens = |value: &str| {
        let value = value.trim_start_matches(|c: char| {
            c.is_whitespace() || matches!(c, '*' | '_' | '`' | '[' | '(' | '"' | '\'')
        });
        let head: String = value
            .chars()
            .take_while(|c| c.is_ascii_alphanumeric() || matches!(c, '.' | '#'))
            .collect();
        !super::vocab::technologies_named(&head).is_empty()
    };
    let named = |value: &str| {
        let all = super::vocab::technologies_named(value);
        (opens(value) || all.len() >= 2).then_some(all)
    };
    if text.starts_with('|') {
        if super::syntax::is_delimiter_row(text) {
            return None;
        }
        let cells = super::syntax::split_row(text);
        let short = |cell: &str| cell.split_whitespace().count() <= 4;
        return match cells.as_slice() {
            [label, value, ..] if short(label) && !label.trim().is_empty() => named(value)
                .or_else(|| opens(label).then(|| super::vocab::technologies_named(label))),
            _ => None,
        };
    }
    let item = list_item_text(text)?;
    // (A link or a task names a part of the document or of the plan: `[Redis Connector
    // Design](#6-redis)`, `[ ] Set up PostgreSQL`.)
    if item.starts_with('[') {
        return None;
    }
    // (Or the label is the technology, the value why: `- **Hono**: light and fast`.)
    if let Some((label, value)) = split_label(item) {
        return named(value).or_else(|| {
            (opens(label) && label.split_whitespace().count() <= 6)
                .then(|| super::vocab::technologies_named(label))
        });
    }
    (opens(item) && item.split_whitespace().count() <= 8)
        .then(|| super::vocab::technologies_named(item))
}

/// A short label before a colon and what follows it: `**Framework:** React`,
/// `Backend: Python 3.13`, `数据库：Room`.
fn split_label(text: &str) -> Option<(&str, &str)> {
    let text = super::syntax::list_item_text(text).unwrap_or(text);
    let text = text.trim_start_matches(['>', ' ']);
    let text = super::syntax::list_item_text(text).unwrap_or(text);
    let at = text
        .char_indices()
        .find(|(_, c)| matches!(c, ':' | '：'))
        .map(|(at, _)| at)?;
    let label = &text[..at];
    let value = &text[at + text[at..].chars().next()?.len_utf8()..];
    // (`**Framework:** React`: the bold closes after the colon.)
    let value = value.trim_start_matches('*');
    let words = label.split_whitespace().count();
    (label.chars().count() <= 40 && (1..=5).contains(&words) && !label.contains('`'))
        .then_some((label.trim_matches(['*', ' ']), value))
}

/// Whether a label names the dependencies: `Dependencies`, `依赖`, `Зависимости`.
fn names_dependencies(label: &str) -> bool {
    let lower = label.to_lowercase();
    matches!(
        lower.trim_end_matches([':', '：']).trim(),
        "dependencies"
            | "dependency"
            | "external dependencies"
            | "依赖"
            | "外部依赖"
            | "依存関係"
            | "의존성"
            | "зависимости"
            | "залежності"
            | "dependencias"
            | "dependências"
            | "dépendances"
            | "abhängigkeiten"
    )
}

/// Whether a line names the stack: `Stack`, `Tech stack`, `技术栈`, `Стек`, `Tecnologías`.
fn names_stack(text: &str) -> bool {
    super::vocab::has_word_or_part(
        text,
        &[
            "stack",
            "stacks",
            "tech",
            "technology",
            "technologies",
            "tecnologías",
            "tecnologias",
            "technologie",
            "стек",
            "технології",
            "технологии",
            "dependencies",
        ],
        &["技术栈", "技術スタック", "기술 스택", "技術棧", "技术选型"],
    )
}

/// A section of success criteria or measurable outcomes: `Success Criteria`, `Success
/// Metrics`, `Measurable Outcomes`.
fn names_outcomes(title: &str) -> bool {
    let words = all_name_words(title);
    let has = |w: &str| words.iter().any(|x| x == w);
    (has("success") && (has("criteria") || has("criterion") || has("metric")))
        || (has("measurable") && has("outcome"))
}

/// Whether a title holds one of the words (also run into another script: `API 표면`).
fn names_any(title: &str, words: &[&str]) -> bool {
    all_name_words(title)
        .iter()
        .any(|w| words.contains(&w.as_str()))
        || title
            .to_lowercase()
            .split(|c: char| !c.is_ascii_alphanumeric())
            .any(|w| words.contains(&w))
}

/// A heading that gives a choice's reasons: `Why Go`, `Why FAISS?`, `Почему Go
/// достаточен`, `データベース選定理由`, `为什么选择 Redis`, `Por qué PostgreSQL`.
pub(crate) fn gives_reasons_heading(title: &str) -> bool {
    let name = super::vocab::bare_name(title);
    let lower = name.to_lowercase();
    let mut words = lower.split_whitespace();
    let first = words.next().unwrap_or("");
    // (`Why this matters`, `Why now`, `Why it exists` give the motivation, not a choice;
    // `Why these choices`, `Why this stack` give the choices' reasons.)
    let second = words.next().unwrap_or("");
    let third = words.next().unwrap_or("");
    let chosen = matches!(
        third.trim_end_matches(['?', ':']),
        "choice"
            | "choices"
            | "decision"
            | "decisions"
            | "stack"
            | "approach"
            | "technologies"
            | "tools"
            | "options"
    );
    (matches!(first, "why" | "почему" | "warum" | "pourquoi")
        && !second.is_empty()
        && (!matches!(second, "this" | "it" | "now" | "these" | "that") || chosen))
        || lower.starts_with("por qué ")
        || lower.starts_with("por que ")
        || [
            "選定理由",
            "採用理由",
            "选型理由",
            "为什么",
            "선정 이유",
            "선택 이유",
        ]
        .iter()
        .any(|r| name.contains(r))
}

/// Column names that give a choice's reason, in the languages specs were found in.
const REASON_COLUMNS: [&str; 15] = [
    "rationale",
    "reasoning",
    "reason",
    "reasons",
    "why",
    "justification",
    "justificación",
    "justificacion",
    "justificativa",
    "motivo",
    "razón",
    "begründung",
    "raison",
    "обоснование",
    "lý do",
];

/// Column words that make a table something else than choices with their reasons: a
/// status's reason, a risk's, a requirement's, a test's.
const NOT_CHOICES: [&str; 9] = [
    "error",
    "status",
    "code",
    "risk",
    "requirement",
    "story",
    "test",
    "metric",
    "question",
];

/// A table of choices with a reason for each: a reason column after the first, two rows
/// or more giving one, and no column naming errors, risks or requirements.
fn gives_reasons(table: &Table) -> bool {
    let words = |cell: &str| -> Vec<String> {
        cell.to_lowercase()
            .split(|c: char| !c.is_alphanumeric())
            .filter(|w| !w.is_empty())
            .map(str::to_string)
            .collect()
    };
    let header: Vec<Vec<String>> = table.header.cells.iter().map(|c| words(c)).collect();
    let Some(reason) = header.iter().enumerate().skip(1).find_map(|(i, w)| {
        let cell = &table.header.cells[i];
        (w.iter().any(|w| REASON_COLUMNS.contains(&w.as_str()))
            || ["理由", "이유", "根拠", "근거"]
                .iter()
                .any(|r| cell.contains(r)))
        .then_some(i)
    }) else {
        return false;
    };
    if table.delimiter.is_none()
        || header
            .iter()
            .flatten()
            .any(|w| NOT_CHOICES.iter().any(|n| w.starts_with(n)))
    {
        return false;
    }
    table
        .rows
        .iter()
        .filter(|r| {
            r.cells.get(reason).is_some_and(|c| {
                let c = c.trim();
                !c.is_empty() && !matches!(c, "-" | "—" | "–")
            })
        })
        .count()
        >= 2
}

/// A table of errors: a column of HTTP error statuses (`404`, `` `409 Conflict` ``) or,
/// under a header naming errors or codes, of error codes (`TEMPLATE_NOT_FOUND`), two
/// rows or more. A bare number is a status only under a header naming statuses, codes
/// or errors: `400` and `500` under `| Weight |` are a font's, `512 MB` a size.
fn lists_errors(table: &Table) -> bool {
    if table.delimiter.is_none() {
        return false;
    }
    (0..table.header.cells.len()).any(|column| {
        let header = table.header.cells[column].to_lowercase();
        let named = header.contains("error") || header.contains("code");
        let statuses = named || names_statuses(&header);
        // (Or a status with its reason phrase, `409 Conflict`; `512 MB` is a size.)
        let error_status = |cell: &str| {
            opening_error_status(cell).is_some_and(|rest| {
                let word = rest.split_whitespace().next().unwrap_or("");
                statuses
                    || (word.starts_with(char::is_uppercase)
                        && word.chars().filter(|c| c.is_alphabetic()).count() >= 3
                        && word.chars().any(char::is_lowercase))
            })
        };
        let count = |is: &dyn Fn(&str) -> bool| {
            table
                .rows
                .iter()
                .filter_map(|r| r.cells.get(column))
                .filter(|c| is(c.trim().trim_matches(['`', '*']).trim()))
                .count()
        };
        count(&error_status) >= 2 || (named && count(&is_error_code) >= 2)
    })
}

/// The line of the first heading naming errors or status codes whose own lines (up to
/// the next heading) list two HTTP error statuses or more, each opening an item with its
/// condition after it (`` - `400 Bad Request`: Validation error ``).
fn status_list(
    doc: &Doc,
    free: &dyn Fn(usize) -> bool,
    names: &dyn Fn(&str) -> bool,
) -> Option<usize> {
    let mut i = 0;
    while i < doc.lines.len() {
        let l = &doc.lines[i];
        let titled = !l.hidden && l.heading.as_ref().is_some_and(|(_, t)| names(t));
        if !titled || !free(i) {
            i += 1;
            continue;
        }
        let end = next_heading(doc, i + 1, doc.lines.len());
        let statuses = doc.lines[i + 1..end]
            .iter()
            .filter(|n| !n.hidden)
            .filter_map(|n| super::syntax::list_item_text(&n.text))
            .filter(|item| {
                opening_error_status(item).is_some_and(|rest| rest.chars().any(char::is_alphabetic))
            })
            .count();
        if statuses >= 2 {
            return Some(l.number);
        }
        i = end;
    }
    None
}

/// Whether a lowercase column header names statuses, codes, errors or responses, in any
/// of the languages the specs come in (`Status`, `HTTP`, `Código`, `状态码`, `상태`).
fn names_statuses(header: &str) -> bool {
    [
        "status",
        "http",
        "response",
        "result",
        "statut",
        "código",
        "codigo",
        "codice",
        "код",
        "статус",
        "ошибк",
        "状态",
        "状態",
        "ステータス",
        "コード",
        "エラー",
        "错误",
        "상태",
        "코드",
        "오류",
        "fehler",
        "erreur",
    ]
    .iter()
    .any(|w| header.contains(w))
}

/// The text after an HTTP error status opening `text`, in code or bold or not (`` `404`
/// Not found ``, `**409**: taken`).
fn opening_error_status(text: &str) -> Option<&str> {
    let text = text.trim_start_matches(['`', '*', ' ']);
    let digits = text.len() - text.trim_start_matches(|c: char| c.is_ascii_digit()).len();
    let (status, rest) = text.split_at(digits);
    (is_error_status(status) && !rest.starts_with(char::is_alphanumeric))
        .then(|| rest.trim_start_matches(['`', '*', ' ']))
}

/// Whether the line at `index` presents an operation: a heading, a table row, a request
/// line inside code or a list item opening with it.
fn presents_operation(doc: &Doc, index: usize) -> bool {
    let line = &doc.lines[index];
    if line.heading.is_some() || line.fence || line.text.trim_start().starts_with('|') {
        return true;
    }
    super::syntax::list_item_text(&line.text).is_some_and(|item| {
        let item = item.trim_start_matches(['`', '*', ' ']);
        evidence::HTTP_METHODS
            .iter()
            .any(|m| item.strip_prefix(m).is_some_and(|r| r.starts_with(' ')))
    })
}

/// The index of the next heading from `from` up to `end`: a heading's own lines, before
/// its first part.
fn next_heading(doc: &Doc, from: usize, end: usize) -> usize {
    (from..end)
        .find(|&i| doc.lines[i].heading.is_some() && !doc.lines[i].hidden)
        .unwrap_or(end)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn table(markdown: &str) -> Table {
        Doc::parse(markdown).tables().remove(0)
    }

    #[test]
    fn a_reason_column_after_the_first_makes_choices_with_reasons() {
        assert!(gives_reasons(&table(
            "| Layer | Choice | Rationale |\n|---|---|---|\n| Store | SQLite | No server |\n| Bus | MQTT | Lockers speak it |\n"
        )));
        assert!(gives_reasons(&table(
            "| 用途 | モデル | 理由 |\n|---|---|---|\n| 要約 | A | 安い |\n| 分類 | B | 速い |\n"
        )));
        // One reason is not a record of choices; a status's reason is not a choice's.
        assert!(!gives_reasons(&table(
            "| Layer | Choice | Rationale |\n|---|---|---|\n| Store | SQLite | No server |\n| Bus | MQTT | |\n"
        )));
        assert!(!gives_reasons(&table(
            "| Status | Reason |\n|---|---|\n| 404 | Missing |\n| 409 | Taken |\n"
        )));
        assert!(!gives_reasons(&table(
            "| Why | Choice |\n|---|---|\n| Fast | A |\n| Small | B |\n"
        )));
    }

    #[test]
    fn error_tables_hold_statuses_or_named_codes() {
        assert!(lists_errors(&table(
            "| Code | Meaning |\n|---|---|\n| `404` | Not found |\n| 409 Conflict | Taken |\n"
        )));
        assert!(lists_errors(&table(
            "| Error code | When |\n|---|---|\n| NOT_FOUND | x |\n| E_TAKEN | y |\n"
        )));
        // Success statuses, or capitals under a header naming neither errors nor codes.
        assert!(!lists_errors(&table(
            "| Code | Meaning |\n|---|---|\n| 200 | OK |\n| 201 | Created |\n"
        )));
        assert!(!lists_errors(&table(
            "| Flag | When |\n|---|---|\n| DRY_RUN | x |\n| NO_CACHE | y |\n"
        )));
    }
}
