//! Template sections found by what a spec holds rather than by a heading that names
//! them: the text before the first section as the Overview, an extra section whose
//! entries are calls as the API, declared data shapes as the data model, a labelled
//! field naming a missing section (`**Key decisions**`), operations as `## ` sections,
//! and tests given as scenarios or as each item's verification. Each pass reads the extra
//! sections once.

use std::collections::HashSet;

use super::doc::{Doc, Section};
use super::evidence::{self, HTTP_METHODS};
use super::outline::{Outline, SectionMatcher};
use super::structure::alias_note;
use super::syntax::{is_ordered_item, label_of, list_item_text, plain_label};
use super::vocab::{self, Forms, all_name_words, display_name, label_matches, name_words};
use super::{Finding, note};

/// What the placement reads: the spec, its `## ` sections, the outline and which of its
/// sections are still open.
pub(crate) struct Context<'a> {
    pub doc: &'a Doc,
    pub sections: &'a [Section],
    pub outline: &'a Outline,
    pub matcher: &'a SectionMatcher,
    /// The Overview's index, when no `## ` section gives its fields.
    pub overview: Option<usize>,
    /// The API section's index.
    pub api: Option<usize>,
    /// The `## ` sections no name or key word placed.
    pub extra: &'a [&'a Section],
    /// The word forms of every entry field (`**Errors**` of an operation).
    pub entry_field_forms: &'a [Forms],
    /// The word forms of a use case's fields, in the outline's order.
    pub use_case_field_forms: &'a [Forms],
}

/// How many `### ` entries of a section label both an operation's input and its output
/// (`**Input Parameters**` and `**Output Structure**`); a use case's `**Outcome**` and
/// `**Failure Flow**` are not enough.
fn entries_label_operation_fields(doc: &Doc, section: &Section) -> usize {
    let (input, output) = (
        super::vocab::field_forms("Input"),
        super::vocab::field_forms("Output"),
    );
    let mut entries = 0;
    // Whether the current entry labels its input, and its output.
    let mut seen = (false, false);
    for l in doc.lines[section.body.clone()].iter().filter(|l| !l.hidden) {
        match &l.heading {
            Some((3, _)) => {
                entries += usize::from(seen == (true, true));
                seen = (false, false);
            }
            Some(_) => {}
            None => {
                if let Some((_, label, _)) = label_of(&l.text) {
                    let words = name_words(label);
                    seen.0 |= label_matches(&words, &input);
                    seen.1 |= label_matches(&words, &output);
                }
            }
        }
    }
    entries + usize::from(seen == (true, true))
}

/// What the placement decided besides the sections it found.
pub(crate) struct Placed {
    /// The extra sections that turned out to be template sections (by their lines).
    pub adopted: HashSet<usize>,
    /// Template sections given piece by piece (`section-spread`): not missing.
    pub spread: Vec<usize>,
    /// The `## ` sections that are the API's operations.
    pub operations: Vec<Section>,
}

/// Finds the template sections no heading names in what the extra sections hold, with a
/// note for each, and records them in `found`.
pub(crate) fn place_by_content(
    cx: &Context,
    found: &mut [Option<Section>],
    out: &mut Vec<Finding>,
) -> Placed {
    let Context {
        doc,
        sections,
        outline,
        matcher,
        overview,
        api,
        extra,
        entry_field_forms,
        use_case_field_forms,
    } = *cx;
    let mut adopted: HashSet<usize> = HashSet::new();
    let mut spread: Vec<usize> = Vec::new();
    let mut operation_sections: Vec<Section> = Vec::new();
    // The text between the title and the first section, when the spec has no Overview
    // under any name, is its Overview without a heading.
    if let Some(o) = overview
        && found[o].is_none()
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
    let data = outline.index_of("Data Models");
    let testing = outline.index_of("Testing Strategy");
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
        // Or the one section named for routing that gives two or more requests
        // (`## 7. HTTP Handlers & Routing` over its route table).
        let routing: Vec<&&Section> = extra
            .iter()
            .filter(|s| {
                let lower = s.title.to_ascii_lowercase();
                (lower.contains("rout") || lower.contains("handler"))
                    && all_name_words(&s.title).iter().any(|w| {
                        matches!(
                            w.as_str(),
                            "routing" | "route" | "routes" | "router" | "handler" | "handlers"
                        )
                    })
                    && evidence::operations(doc, s.body.clone()).len() >= 2
            })
            .collect();
        // Or the one section tabling its tools or functions by name, two or more (`##
        // 2. Tools / Actions` over `| Tool | Purpose |` and `` `search_memory` ``, `## 5.
        // RPC functions` over `| Function | Effect |`).
        let tabled: Vec<&&Section> = extra
            .iter()
            .filter(|s| evidence::calls_table(doc, s.body.clone()))
            .collect();
        // Or the one section whose `### ` entries each label an operation's input and
        // output, two entries or more (`## 4. Tool Specifications` over `### 4.1
        // litris_search` with `**Input Parameters**` and `**Output Structure**`).
        let labelled: Vec<&&Section> = extra
            .iter()
            .filter(|s| entries_label_operation_fields(doc, s) >= 2)
            .collect();
        let pick = match (&titled[..], &routing[..], &tabled[..], &labelled[..]) {
            ([one], _, _, _) | ([], [one], _, _) | ([], [], [one], _) | ([], [], [], [one]) => {
                Some(*one)
            }
            _ => None,
        };
        if let Some(one) = pick {
            adopted.insert(one.line);
            alias_note(one, &outline.sections[index], out);
            found[index] = Some((*one).clone());
        }
    }
    // Declared data shapes in one extra section that names no operation are the data
    // model (its one `### ` part holding them all, when it has parts).
    if let Some(index) = data.filter(|i| found[*i].is_none()) {
        let candidates: Vec<&&Section> = extra
            .iter()
            .filter(|s| !adopted.contains(&s.line))
            .filter(|s| {
                evidence::operations(doc, s.body.clone()).is_empty()
                    && evidence::shows_data_shapes(doc, s.body.clone())
            })
            // (Not one named for another section: `## API 표면` declaring the types its
            // functions return is the API's.)
            .filter(|s| matcher.locate_by_key(&s.title).is_none_or(|k| k == index))
            .collect();
        // Of several, the one named for data (`## Database Changes` beside `## Provider
        // Abstraction` declaring a runner's parameter types).
        let named: Vec<&&Section> = candidates
            .iter()
            .copied()
            .filter(|s| evidence::names_data(&s.title))
            .collect();
        let pick = match (&candidates[..], &named[..]) {
            ([one], _) | (_, [one]) => Some(*one),
            _ => None,
        };
        // (Not a section holding the whole design, an RFC's `## Proposal`, `## Detailed
        // design` or `## Proposed Approach`: its types are one part of it, the data model
        // given there in another form, and the section stays what it is.)
        if let Some(one) = pick.filter(|s| !names_whole_design(&s.title)) {
            adopted.insert(one.line);
            let name = &outline.sections[index];
            match narrowest(doc, one, |body| evidence::shows_data_shapes(doc, body)) {
                Some(part) => {
                    part_note(doc, &part, 3, name, out);
                    found[index] = Some(part);
                }
                None => {
                    alias_note(one, name, out);
                    found[index] = Some((*one).clone());
                }
            }
        }
    }
    // Types declared under a subsection named for data, anywhere (`### Change Event
    // Structure` with a Go struct inside `## Components and Interfaces`), are the data
    // model, one level down: the first such subsection.
    if let Some(index) = data.filter(|i| found[*i].is_none()) {
        let holder = doc.headings().into_iter().find_map(|h| {
            let (i, level, title, end) = (h.index, h.level, h.title, h.end);
            // (`### Input Schema` is an operation's input.)
            (level >= 3
                && evidence::names_data(title)
                && !super::operations::names_operation_part(title)
                && evidence::shows_data_shapes(doc, i + 1..end))
            .then(|| {
                let part = Section {
                    title: title.to_string(),
                    name: display_name(title),
                    line: doc.lines[i].number,
                    body: i + 1..end,
                };
                (level, part)
            })
        });
        if let Some((level, part)) = holder {
            part_note(doc, &part, level, &outline.sections[index], out);
            found[index] = Some(part);
        }
    }
    // A table of decisions with their reasons in one extra section is the decisions
    // section, whatever its name (`## Trade-offs` over `| Decision | Chosen | Rejected |
    // One-line reason |`).
    if let Some(index) = outline
        .index_of(super::tables::DECISIONS)
        .filter(|i| found[*i].is_none())
    {
        let holders: Vec<&&Section> = extra
            .iter()
            .filter(|s| !adopted.contains(&s.line))
            .filter(|s| evidence::holds_decision_table(doc, s.body.clone()))
            .collect();
        if let [one] = holders[..] {
            adopted.insert(one.line);
            alias_note(one, &outline.sections[index], out);
            found[index] = Some((*one).clone());
        }
    }
    // The one extra section named for the external services the system integrates,
    // listing two or more (`## 8. Integrations` over `| Service | Purpose |`, `## 9.
    // 外部連携` over `| サービス | 用途 |`, `## 6. 외부 서비스 연동` over a `### ` part per
    // service), is the dependencies: each service with what it is for.
    if let Some(index) = outline
        .index_of("Dependencies")
        .filter(|i| found[*i].is_none())
    {
        let holders: Vec<&&Section> = extra
            .iter()
            .filter(|s| !adopted.contains(&s.line))
            .filter(|s| names_integrations(&s.title) && lists_services(doc, s))
            .collect();
        if let [one] = holders[..] {
            adopted.insert(one.line);
            alias_note(one, &outline.sections[index], out);
            found[index] = Some((*one).clone());
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
    // decisions**: ...` under `## Technical Design`) is that section, inside another; so
    // is one between the title and the first section (`**Stack:** Next 15, React 18`).
    let before_sections = intro(doc, sections).map(|body| Section {
        title: String::new(),
        name: String::new(),
        line: body.start + 1,
        body,
    });
    // A glossary's labels define words (`- **NFR**: Non-functional requirement`); they
    // give no section.
    let defined: HashSet<usize> = doc
        .headings()
        .iter()
        .filter(|h| names_glossary(h.title))
        .flat_map(|h| h.index + 1..h.end)
        .collect();
    for (index, shape) in outline.shapes.iter().enumerate() {
        // Not the sections of entries or data shapes: a label cannot hold them.
        let structured =
            !shape.entry_fields.is_empty() || data == Some(index) || api == Some(index);
        if found[index].is_some() || overview == Some(index) || structured {
            continue;
        }
        let holders: Vec<(&Section, usize, usize)> = extra
            .iter()
            .copied()
            .filter(|s| !adopted.contains(&s.line))
            .chain(before_sections.as_ref())
            // (Not a plan's or a risk list's labels: `**Expand smart rule library**`
            // under `## Next Milestones` is work to do, `**Manual JWT implementation
            // errors**` under `## Risks & Mitigations` a risk.)
            .filter(|s| !plans_or_risks(&s.title))
            .filter_map(|s| {
                // A list under a lead-in naming benefits or reasons (`**Technical
                // Benefits:**`, `### Why centralize`) lists the gains of a choice:
                // `- **Easier Testing**: one test suite` is one, not the tests.
                let mut gains = false;
                let lines = doc.lines[s.body.clone()]
                    .iter()
                    .filter(|l| !l.hidden)
                    .filter(|l| {
                        let text = l.text.trim();
                        if !text.is_empty() && list_item_text(&l.text).is_none() {
                            gains = names_gains(text) || names_aims(text);
                            return true;
                        }
                        !(gains && list_item_text(&l.text).is_some())
                    })
                    // A numbered item is one of a sequence (a ranked risk, a step, an
                    // error category: `3. **Real-time Performance**: optimise queries`),
                    // not a section.
                    .filter(|l| !is_ordered_item(&l.text))
                    .filter(|l| !defined.contains(&(l.number - 1)))
                    .filter(|l| {
                        label_of(&l.text).is_some_and(|(_, label, rest)| {
                            // `- **Performance**: How to ensure it?` asks about the topic
                            // among discussion points; it states no section.
                            if rest.trim_end().ends_with('?') {
                                return false;
                            }
                            // `**Related ADRs**: None` says there is none.
                            if matches!(
                                rest.trim()
                                    .trim_matches(['*', '_', '.'])
                                    .to_lowercase()
                                    .as_str(),
                                "none"
                                    | "n/a"
                                    | "—"
                                    | "-"
                                    | "ninguno"
                                    | "aucun"
                                    | "keine"
                                    | "なし"
                                    | "无"
                                    | "없음"
                            ) {
                                return false;
                            }
                            // A label joining two names, one naming no section
                            // (`**Authentication & Verification**`, seller checks), names
                            // neither, as a heading would.
                            let parts = super::vocab::joined_names(label);
                            if parts.len() >= 2
                                && parts.iter().any(|p| {
                                    let part = p.join(" ");
                                    matcher.locate(&part).is_none()
                                        && matcher.locate_by_head(&part).is_none()
                                })
                            {
                                return false;
                            }
                            // `**Errors**` of an operation is its field, not a section;
                            // `**maven-test**` is a name, and `**Library changes**` is
                            // about changes (a key word must be the label's head).
                            let words = name_words(label);
                            let a_name = label.contains(['-', '_']) && !label.contains(' ');
                            // `**Question:**` asks one (the Q of a Situation, Complication,
                            // Question, Answer); the open questions are many.
                            let one_question = words == ["question"]
                                && !label.to_lowercase().contains("questions");
                            // So does `**Principle:** Validators see only their domain`
                            // state one rule, not the design principles.
                            // (`**Key design principle:**` too.)
                            let one_principle = words.last().is_some_and(|w| w == "principle")
                                && label
                                    .to_lowercase()
                                    .trim_end_matches([':', ' '])
                                    .ends_with("principle");
                            // So does one qualified dependency, failure or exception
                            // (`**Dapr Dependency**:`, `**Vector Search Failure**`, `**One
                            // minor exception**`), and a remark on a purpose (`**Para
                            // Testes**: use the in-memory store`, `**For tests**`).
                            let lower = label.to_lowercase();
                            let lower = lower.trim_end_matches([':', ' ', '：']);
                            // A sentence in bold is a step or a remark, not a label:
                            // `**Verify Library (manual sweep, settings action).**`.
                            let sentence = lower.ends_with('.');
                            let one_item = lower.contains(' ')
                                && [" dependency", " failure", " exception"]
                                    .iter()
                                    .any(|end| lower.ends_with(end));
                            let purpose = ["para ", "for ", "pour ", "für ", "per "]
                                .iter()
                                .any(|p| lower.starts_with(p));
                            // Nor does `**Monitoring**` or `**Observability**` give
                            // the requirements: it observes the system.
                            let observing = outline.sections[index] == super::nfr::NFR
                                && super::vocab::only_observes(label);
                            !a_name
                                && !sentence
                                && !observing
                                && !one_question
                                && !one_principle
                                && !one_item
                                && !purpose
                                && !entry_field_forms.iter().any(|f| label_matches(&words, f))
                                && (matcher.locate(label).map(|(i, _)| i) == Some(index)
                                    || matcher.locate_by_head(label) == Some(index))
                        })
                    })
                    .map(|l| l.number)
                    .collect::<Vec<usize>>();
                lines.first().map(|&first| (s, first, lines.len()))
            })
            .collect();
        let [(holder, line, count)] = holders[..] else {
            continue;
        };
        let label = label_of(&doc.lines[line - 1].text).map_or("", |(_, label, _)| label);
        // Whether every part has the first one's label (`**Tests**:` after each phase),
        // or the parts are labelled each its own way (`**Queue Processing
        // Performance:**` then `- **Throughput:** ...`).
        let same_label = count > 1 && {
            let words = name_words(label);
            doc.lines[holder.body.clone()]
                .iter()
                .filter(|l| !l.hidden)
                .filter(|l| {
                    label_of(&l.text).is_some_and(|(_, other, _)| name_words(other) == words)
                })
                .count()
                == count
        };
        let place = if holder.name.is_empty() {
            "before the first section".to_string()
        } else {
            format!("in `{}`", holder.name)
        };
        // The same label under each of several items (`**Tests**:` after each phase's
        // steps, `**Technology Stack**` under each component) gives the section piece
        // by piece.
        if count > 1 {
            out.push(note(
                line,
                "section-spread",
                if same_label {
                    format!(
                        "the section `{}` is spread over {count} **{label}** parts {place} (first on line {line})",
                        outline.sections[index]
                    )
                } else {
                    format!(
                        "the section `{}` is spread over {count} labelled parts {place} (first **{label}** on line {line})",
                        outline.sections[index]
                    )
                },
                &format!(
                    "Gather them under `## {}`, a section of its own.",
                    outline.sections[index]
                ),
            ));
            spread.push(index);
            continue;
        }
        out.push(note(
            line,
            "section-level",
            format!(
                "the section `{}` is **{}** on line {line} {place}, not a `## ` section",
                outline.sections[index], label
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
    // (Not the scenarios of user stories told one part each, spec-kit's `## User
    // Scenarios & Testing` over `### User Story 1 - ...` and `### User Story 2 - ...`,
    // each with its `**Acceptance Scenarios**`: they tell the use cases. A part of its own
    // for them, `### Acceptance Scenarios`, is the tests.)
    if let Some(index) = testing.filter(|i| found[*i].is_none() && !spread.contains(i)) {
        let tells_stories = |s: &Section| {
            doc.lines[s.body.clone()]
                .iter()
                .filter(|l| {
                    !l.hidden
                        && l.heading.as_ref().is_some_and(|(_, t)| {
                            let t = super::vocab::strip_numbering(t).to_lowercase();
                            t.starts_with("user story") || t.starts_with("story ")
                        })
                })
                .nth(1)
                .is_some()
        };
        let holders: Vec<&&Section> = extra
            .iter()
            .filter(|s| !adopted.contains(&s.line))
            .filter(|s| evidence::scenarios(doc, s.body.clone()) >= 2)
            .filter(|s| !tells_stories(s))
            .collect();
        if let [one] = holders[..] {
            adopted.insert(one.line);
            // The one `### ` part holding them (`### Acceptance Criteria` in `##
            // Proposed Solution`), when the section has parts.
            match narrowest(doc, one, |body| evidence::scenarios(doc, body) >= 1) {
                Some(part) => {
                    part_note(doc, &part, 3, &outline.sections[index], out);
                    found[index] = Some(part);
                }
                None => {
                    alias_note(one, &outline.sections[index], out);
                    found[index] = Some((*one).clone());
                }
            }
        }
    }
    // Acceptance criteria, as a section of their own and in no other form, are what the
    // feature is tested against: the testing strategy under another name, when the spec
    // has no other (`## Acceptance criteria` with "Testable pass/fail conditions",
    // `## 验收标准`).
    if let Some(index) = testing.filter(|i| found[*i].is_none() && !spread.contains(i)) {
        let names: Vec<Vec<String>> = ACCEPTANCE_CRITERIA.iter().map(|n| name_words(n)).collect();
        let holders: Vec<&&Section> = extra
            .iter()
            .filter(|s| !adopted.contains(&s.line))
            .filter(|s| names.contains(&name_words(&s.title)))
            .filter(|s| {
                doc.lines[s.body.clone()]
                    .iter()
                    .filter(|l| !l.hidden && list_item_text(&l.text).is_some())
                    .count()
                    >= 2
            })
            .collect();
        if let [one] = holders[..] {
            adopted.insert(one.line);
            alias_note(one, &outline.sections[index], out);
            found[index] = Some((*one).clone());
        }
    }
    if let Some(index) = testing.filter(|i| found[*i].is_none() && !spread.contains(i)) {
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
    // Tests named by kind in the requirements (`MUST include unit tests for filtering`)
    // without a testing section: the strategy is there, spread out.
    if let Some(index) = testing.filter(|i| found[*i].is_none() && !spread.contains(i)) {
        // Only the kinds' own names (not "manual", which names other things too), in
        // prose (not a table of risks), and not denied (`No unit tests for ...`).
        let kinds: Vec<Vec<String>> = ["unit test", "integration test", "end-to-end test"]
            .iter()
            .map(|k| vocab::all_name_words(k))
            .collect();
        let first = doc.lines.iter().find(|l| {
            !l.hidden && l.heading.is_none() && !l.text.trim_start().starts_with('|') && {
                let words = vocab::all_name_words(&l.prose);
                kinds.iter().any(|p| {
                    words.windows(p.len()).enumerate().any(|(at, w)| {
                        w == &p[..]
                            && !(at > 0 && matches!(words[at - 1].as_str(), "no" | "without"))
                    })
                })
            }
        });
        if let Some(first) = first {
            out.push(note(
                first.number,
                "section-spread",
                format!(
                    "the section `{}` is spread over the requirements: tests are named on line {}, with no section of their own",
                    outline.sections[index], first.number
                ),
                &format!(
                    "Gather the tests, by kind, under `## {}`.",
                    outline.sections[index]
                ),
            ));
            spread.push(index);
        }
    }
    // Entries labelled with a use case's fields (`**Actors**:`, `**Preconditions:**`,
    // `**Steps**:`, `**Main Flow:**`), the actor and one more, in one extra section are
    // the use cases under another name (`## Business Workflows`, `## Key Flows`,
    // `## Workflow Catalogue`).
    if let Some(index) = outline
        .index_of(super::structure::USE_CASES)
        .filter(|i| found[*i].is_none() && !spread.contains(i))
    {
        let actor = outline.shapes[index]
            .entry_fields
            .iter()
            .position(|f| vocab::normalize(f) == "actor");
        let holders: Vec<&&Section> = extra
            .iter()
            .filter(|s| !adopted.contains(&s.line))
            .filter(|s| labels_use_case_fields(doc, s.body.clone(), use_case_field_forms, actor))
            .collect();
        if let [one] = holders[..] {
            adopted.insert(one.line);
            alias_note(one, &outline.sections[index], out);
            found[index] = Some((*one).clone());
        }
    }
    // A document whose use cases are `## ` sections, each titled by its number (`## 4.
    // UC1 — Abrir bilhete`, `## UC-2: Cancel a booking`), two or more, gives the use
    // cases as those sections.
    if let Some(index) = outline
        .index_of(super::structure::USE_CASES)
        .filter(|i| found[*i].is_none() && !spread.contains(i))
    {
        let cases: Vec<&&Section> = extra
            .iter()
            .filter(|s| !adopted.contains(&s.line) && super::structure::numbered_use_case(&s.title))
            .collect();
        if let [first, _, ..] = cases[..] {
            out.push(note(
                first.line,
                "section-spread",
                format!(
                    "the section `{}` is spread over {} `## ` use cases (first `{}` on line {})",
                    outline.sections[index],
                    cases.len(),
                    first.name,
                    first.line
                ),
                &write_as_use_cases(&outline.sections[index]),
            ));
            adopted.extend(cases.iter().map(|s| s.line));
            spread.push(index);
        }
    }
    // User stories (`As a planner, I want ... so that ...`), two or more, or sequence
    // diagrams of an interaction, without a use case section are the use cases, spread
    // out; an extra section holding them all is where they are, not extra.
    if let Some(index) = outline
        .index_of(super::structure::USE_CASES)
        .filter(|i| found[*i].is_none() && !spread.contains(i))
    {
        // (One story titled by its heading, spec-kit's `### Primary User Story`, is one.)
        let stories = evidence::stories(doc);
        let titled = stories
            .first()
            .is_some_and(|&l| doc.lines[l - 1].heading.is_some());
        let diagrams = evidence::sequence_diagrams(doc);
        let (lines, what) = if stories.len() >= 2 || titled {
            (stories, "user stories")
        } else {
            (diagrams, "sequence diagrams")
        };
        if let Some(&first) = lines.first() {
            let place = adopt_holder(extra, &mut adopted, &lines, |_| true);
            let given = if lines.len() == 1 {
                let one = if what == "user stories" {
                    "a user story"
                } else {
                    "a sequence diagram"
                };
                format!("given as {one}{place} (on line {first})")
            } else {
                format!(
                    "spread over {} {what}{place} (first on line {first})",
                    lines.len()
                )
            };
            out.push(note(
                first,
                "section-spread",
                format!("the section `{}` is {given}", outline.sections[index]),
                &write_as_use_cases(&outline.sections[index]),
            ));
            spread.push(index);
        }
    }
    // Flows told step by step (`#### Flow 1: Fiat-to-Crypto Onramp`, `**User Report
    // Flow**` over numbered steps), two or more outside the template's other sections,
    // without a use case section are the use cases, spread out; an extra section holding
    // them all is where they are.
    if let Some(index) = outline
        .index_of(super::structure::USE_CASES)
        .filter(|i| found[*i].is_none() && !spread.contains(i))
    {
        let flows: Vec<usize> = evidence::step_flows(doc)
            .into_iter()
            .filter(|&line| {
                !found
                    .iter()
                    .flatten()
                    .any(|s| s.body.contains(&(line - 1)) || s.line == line)
            })
            .collect();
        if let [first, ..] = flows[..] {
            // (Only a section named for them is theirs: an `## Architecture` holding two
            // flows holds more.)
            let place = adopt_holder(extra, &mut adopted, &flows, |h| {
                evidence::names_flow(&h.title)
            });
            // A `## ` section that is one of the flows (`## 7. Flujo de Reserva`) is where
            // it is, not extra.
            for section in extra.iter().filter(|s| flows.contains(&s.line)) {
                adopted.insert(section.line);
            }
            let told = if flows.len() == 1 {
                format!("a step-by-step flow{place} (on line {first})")
            } else {
                format!(
                    "{} step-by-step flows{place} (first on line {first})",
                    flows.len()
                )
            };
            out.push(note(
                first,
                "section-spread",
                format!(
                    "the section `{}` is told as {told}",
                    outline.sections[index]
                ),
                &write_as_use_cases(&outline.sections[index]),
            ));
            spread.push(index);
        }
    }
    // Questions left open where they arise, as spec-kit marks them (`[NEEDS
    // CLARIFICATION: auth method not specified]`) or under a bold label in the text
    // (`**Open question:** ship both?`), without a section of open questions: the open
    // questions, spread out.
    if let Some(index) = outline
        .index_of("Open Questions")
        .filter(|i| found[*i].is_none() && !spread.contains(i))
    {
        let marks: Vec<usize> = doc
            .lines
            .iter()
            .filter(|l| !l.hidden && !l.fence && l.heading.is_none())
            // (Only a line with a bracket or bold text may hold one: the others are not
            // copied.)
            .filter(|l| l.text.contains('[') || l.text.contains("**"))
            .filter(|l| {
                let upper = l.text.to_uppercase();
                // (A mark asks something: `[NEEDS CLARIFICATION]` alone names the marks
                // (`- [x] No [NEEDS CLARIFICATION] markers remain`), and spec-kit's
                // instructions show one asking `specific question`.)
                let asks = upper
                    .match_indices("[NEEDS CLARIFICATION:")
                    .any(|(at, mark)| {
                        let rest = &upper[at + mark.len()..];
                        let question = rest.split(']').next().unwrap_or_default().trim();
                        !question.is_empty() && question != "SPECIFIC QUESTION"
                    });
                asks || upper.contains("**OPEN QUESTION:**") || upper.contains("**OPEN QUESTION**:")
            })
            .map(|l| l.number)
            .collect();
        if let Some(&first) = marks.first() {
            out.push(note(
                first,
                "section-spread",
                format!(
                    "the section `{}` is spread over {} question{} marked where {} (first on line {first})",
                    outline.sections[index],
                    marks.len(),
                    if marks.len() == 1 { "" } else { "s" },
                    if marks.len() == 1 { "it arises" } else { "they arise" },
                ),
                &format!(
                    "List each question under `## {}`, with what it blocks.",
                    outline.sections[index]
                ),
            ));
            spread.push(index);
        }
    }
    Placed {
        adopted,
        spread,
        operations: operation_sections,
    }
}

/// A heading over definitions of words (`## Glossary`, `### 1.3 Tanımlar ve
/// Kısaltmalar`, definitions and abbreviations).
fn names_glossary(title: &str) -> bool {
    vocab::all_name_words(title).iter().any(|w| {
        matches!(
            w.as_str(),
            "glossary"
                | "definition"
                | "terminology"
                | "abbreviation"
                | "acronym"
                | "glosario"
                | "glossário"
                | "glossaire"
                | "glossar"
                | "glossario"
                | "глоссарий"
                | "словарь"
                | "глосарій"
                | "tanımlar"
                | "kısaltmalar"
                | "sözlük"
                | "słownik"
                | "definities"
                | "istilah"
        )
    }) || {
        let lower = title.to_lowercase();
        ["术语", "用語", "용어", "thuật ngữ"]
            .iter()
            .any(|w| lower.contains(w))
    }
}

/// The one extra section holding all these lines (or opening on one of them) that
/// `fits`, not yet adopted: it is where they are, not extra, and is adopted. Returns
/// `` in `Name` `` for the note, or nothing.
fn adopt_holder(
    extra: &[&Section],
    adopted: &mut HashSet<usize>,
    lines: &[usize],
    fits: impl Fn(&Section) -> bool,
) -> String {
    let holds = |h: &Section, l: usize| h.body.contains(&(l - 1)) || h.line == l;
    let first = lines.first().copied().unwrap_or(0);
    let holder = extra
        .iter()
        .find(|h| first > 0 && holds(h, first))
        .filter(|h| !adopted.contains(&h.line) && fits(h) && lines.iter().all(|&l| holds(h, l)));
    match holder {
        Some(h) => {
            adopted.insert(h.line);
            format!(" in `{}`", h.name)
        }
        None => String::new(),
    }
}

/// The hint for use cases given in another form.
fn write_as_use_cases(section: &str) -> String {
    format!(
        "Write each as a `### UC-n: Name` entry under `## {section}`, with its actor, preconditions, flow and postconditions."
    )
}

/// Names of a section of acceptance criteria, in the languages specs were found in.
const ACCEPTANCE_CRITERIA: [&str; 9] = [
    "acceptance criteria",
    "验收标准",
    "受け入れ基準",
    "인수 조건",
    "수용 기준",
    "critères d'acceptation",
    "criterios de aceptación",
    "akzeptanzkriterien",
    "критерии приемки",
];

/// Whether a range labels two or more of a use case's fields, its actor among them
/// when it has one.
fn labels_use_case_fields(
    doc: &Doc,
    body: std::ops::Range<usize>,
    fields: &[Forms],
    actor: Option<usize>,
) -> bool {
    let mut seen = vec![false; fields.len()];
    for line in doc.lines[body].iter().filter(|l| !l.hidden && !l.fence) {
        let Some((_, label, _)) = label_of(&line.text) else {
            continue;
        };
        let words = name_words(label);
        if let Some(k) = fields.iter().position(|f| label_matches(&words, f)) {
            seen[k] = true;
        }
    }
    actor.is_none_or(|a| seen[a]) && seen.iter().filter(|s| **s).count() >= 2
}

/// A `## ` heading that names one operation: a method and path (`POST /v1/trips`), a
/// kind of operation and its name (`Tool: detect_input_prompt`, `Endpoint: ...`), or a
/// call's signature in code (`` `scan(path)` ``).
/// A lead-in naming the gains of a choice or the reasons for it: `**Technical
/// Benefits:**`, `Advantages`, `Pros`, `### Why a central service`.
pub(crate) fn names_gains(text: &str) -> bool {
    // (Most lines name none: they are passed without reducing them to words.)
    let may = text.as_bytes().windows(3).any(|w| {
        [
            b"ben", b"adv", b"pro", b"why", b"gai", b"ven", b"van", b"vor",
        ]
        .iter()
        .any(|p| w.eq_ignore_ascii_case(*p))
    });
    (may && all_name_words(text.trim_start_matches('#'))
        .iter()
        .any(|w| {
            matches!(
                w.as_str(),
                "benefit"
                    | "benefits"
                    | "advantage"
                    | "advantages"
                    | "pros"
                    | "why"
                    | "gains"
                    | "ventajas"
                    | "vantagens"
                    | "avantages"
                    | "vorteile"
                    | "vantaggi"
            )
        }))
        // In other scripts, inside the line (`组合模式的优势：`, the advantages of the
        // composition pattern).
        || (!text.is_ascii()
            && [
                "优势", "优点", "好处", "優勢", "優點", "利点", "メリット", "장점", "이점",
                "преимущества", "переваги",
            ]
            .iter()
            .any(|g| text.contains(g)))
}

/// A heading over a list of goals or principles (`#### 4.1.1 设计目标`, `### Design
/// Principles`): its bold items name what the design aims at (`- **错误处理**: ...`),
/// not sections. So does a lead-in naming drawbacks or problems (`传统的 Mixin
/// 模式存在以下问题：`, then `- **隐式依赖**: ...`, implicit dependencies).
fn names_aims(text: &str) -> bool {
    let words = || all_name_words(text.trim_start_matches('#'));
    (text.starts_with('#')
        && (words()
            .iter()
            .any(|w| matches!(w.as_str(), "goals" | "principles" | "objectives"))
            || ["目标", "原则", "目標", "原則", "목표", "원칙"]
                .iter()
                .any(|g| text.contains(g))))
        || (text.trim_end().ends_with([':', '：'])
            && (words().iter().any(|w| {
                matches!(
                    w.as_str(),
                    "drawbacks" | "disadvantages" | "cons" | "problems" | "downsides"
                )
            }) || [
                "缺点", "劣势", "弊端", "问题", "問題", "課題", "단점", "문제",
            ]
            .iter()
            .any(|g| text.contains(g))))
}

fn section_is_operation(title: &str) -> bool {
    // (Numbered too: `### 1. \`/s3 config set\``.)
    let title = vocab::strip_numbering(title.trim());
    let t = title.trim_start_matches(['`', '*']);
    let first = t.split_whitespace().next().unwrap_or("");
    let kind = names_operation_kind(title);
    let signature = title.trim().starts_with('`')
        && title.trim().ends_with('`')
        && title.contains('(')
        && title.contains(')');
    // A chat bot's slash command in code (`` `/s3 share <key>` ``), or a path alone.
    let slash_command = title.starts_with("`/")
        && title.ends_with('`')
        && title[2..].split_whitespace().next().is_some_and(|w| {
            w.trim_end_matches('`')
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_')
        });
    HTTP_METHODS.contains(&first) || kind || signature || slash_command
}

/// A title that is a kind of operation and its name: `Tool: print_label`, `Endpoint:
/// ...`, `Command: scan`.
pub(crate) fn names_operation_kind(title: &str) -> bool {
    title
        .trim_start_matches(['`', '*'])
        .split_once(':')
        .is_some_and(|(kind, name)| {
            // (Numbered too: `Tool 1: measure_image`.)
            let kind = kind.trim().to_lowercase();
            let kind = kind
                .trim_end_matches(|c: char| c.is_ascii_digit())
                .trim_end()
                .to_string();
            matches!(
                kind.as_str(),
                "tool" | "endpoint" | "command" | "operation" | "method" | "function" | "rpc"
            ) && !name.trim().is_empty()
        })
}

/// The note for a section found as a part of another, under a heading of that level.
fn part_note(doc: &Doc, part: &Section, level: usize, name: &str, out: &mut Vec<Finding>) {
    out.push(note(
        part.line,
        "section-level",
        format!(
            "the section `{name}` is {}",
            super::structure::part_place(doc, part.line, level, &part.name)
        ),
        &format!("Make it `## {name}`, a section of its own."),
    ));
}

/// Whether a title names a plan or its risks: `Next Milestones`, `Roadmap`, `Sprint 3`,
/// `Risks & Mitigations`.
fn plans_or_risks(title: &str) -> bool {
    super::vocab::all_name_words(title).iter().any(|w| {
        matches!(
            w.as_str(),
            "milestone" | "milestones" | "roadmap" | "timeline" | "sprint" | "risk" | "risks"
        )
    })
}

/// Whether a title names the external services a system integrates, several:
/// `Integrations`, `External Service Integrations`, `Third-party Services`, `外部連携`,
/// `외부 서비스 연동`, `外部服务集成` (not one integration's design, `OpenAI Integration`).
fn names_integrations(title: &str) -> bool {
    let lower = title.to_lowercase();
    let words: Vec<&str> = lower
        .split(|c: char| !c.is_alphanumeric() && c != '-')
        .filter(|w| !w.is_empty())
        .collect();
    let has = |w: &str| words.contains(&w);
    has("integrations")
        || (has("external") && (has("services") || has("service") || has("systems")))
        || (has("third-party") && has("services"))
        || [
            "外部連携",
            "外部サービス",
            "외부 서비스",
            "외부 연동",
            "外部服务",
            "第三方服务",
        ]
        .iter()
        .any(|p| lower.contains(p))
}

/// Whether a section lists two services or more: a table with a column naming the
/// service or provider and two rows, or two `### ` parts or more.
fn lists_services(doc: &Doc, section: &Section) -> bool {
    let tabled = doc
        .headed_tables(section.body.clone())
        .iter()
        .any(|(header, rows)| {
            rows.len() >= 2
                && header.iter().any(|c| {
                    let key = c.trim().trim_matches('*').to_lowercase();
                    matches!(
                        key.as_str(),
                        "service"
                            | "services"
                            | "provider"
                            | "system"
                            | "サービス"
                            | "서비스"
                            | "服务"
                            | "サービス名"
                            | "서비스명"
                    )
                })
        });
    tabled
        || doc.lines[section.body.clone()]
            .iter()
            .filter(|l| !l.hidden && matches!(l.heading, Some((3, _))))
            .nth(1)
            .is_some()
}

/// Whether a title names the design as a whole, nothing more: an RFC's `Proposal`,
/// `Detailed design`, `Proposed Approach`, `Technical Design`.
fn names_whole_design(title: &str) -> bool {
    let words = name_words(title);
    !words.is_empty()
        && words
            .iter()
            .any(|w| matches!(w.as_str(), "proposal" | "design" | "approach" | "solution"))
        && words.iter().all(|w| {
            matches!(
                w.as_str(),
                "proposal"
                    | "proposed"
                    | "design"
                    | "detailed"
                    | "approach"
                    | "solution"
                    | "technical"
                    | "implementation"
                    | "the"
            )
        })
}

/// The one `### ` subsection of a section that holds what `holds` looks for (its data
/// shapes, its scenarios), when the section has subsections and says none of it before
/// them.
fn narrowest(
    doc: &Doc,
    section: &Section,
    holds: impl Fn(std::ops::Range<usize>) -> bool,
) -> Option<Section> {
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

/// The prose between the `# ` title and the first `## ` section (at least a sentence of
/// twelve words), as a section starting at its first line.
fn untitled_intro(doc: &Doc, sections: &[Section]) -> Option<Section> {
    let body = intro(doc, sections)?;
    // Metadata (`> **Status:** Implemented`, `Owner: ...`) is not an overview; an
    // Overview field's label is (`Goal: the gateway can connect ...`).
    let overview_field = |label: &str| {
        let words = name_words(label);
        ["Problem statement", "Goals", "Non-goals"]
            .iter()
            .any(|f| label_matches(&words, &vocab::field_forms(f)))
    };
    // A quoted note about the document (`> This document covers **how** it is built.
    // The PRD covers **what** and **why**.`, `> Companion to product-spec.md`) is not
    // one either, unless it labels an Overview field.
    let words: usize = doc.lines[body.clone()]
        .iter()
        .filter(|l| !l.hidden && !l.text.trim_start().starts_with('|'))
        .filter(|l| {
            let quoted = l.text.trim_start().starts_with('>');
            let t = l.text.trim_start().trim_start_matches('>').trim_start();
            if quoted {
                return label_of(t).is_some_and(|(_, label, _)| overview_field(label));
            }
            let item = format!("- {t}");
            let label = label_of(t)
                .map(|(_, label, _)| label)
                .or_else(|| plain_label(&item).map(|(label, _)| label));
            label.is_none_or(overview_field)
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

/// The lines between the title and the first section, when no heading is in between.
fn intro(doc: &Doc, sections: &[Section]) -> Option<std::ops::Range<usize>> {
    let end = sections
        .first()
        .map_or(doc.lines.len(), |s| s.line.saturating_sub(1));
    let title = doc.lines[..end]
        .iter()
        .position(|l| !l.hidden && l.heading.as_ref().is_some_and(|(level, _)| *level == 1))?;
    let body = title + 1..end;
    // A heading of any level in between is a section of another kind.
    (!doc.lines[body.clone()]
        .iter()
        .any(|l| !l.hidden && l.heading.is_some()))
    .then_some(body)
}
