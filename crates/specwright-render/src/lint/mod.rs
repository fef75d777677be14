//! Checks a markdown spec against the spec template, in code, so CI and the agent run the
//! same checks: the title, every section present once and in order, the fields of the
//! overview, each use case and each operation, well-formed tables with the template's
//! headers, no leftover placeholders, non-functional requirements with numbers and
//! units, no vague words where requirements are stated, and a spec writer's bar: a real
//! rationale for every decision, an actor, a trigger and an outcome for every use case,
//! no filler. `lint_project` also checks the specs of a project against each other.
//!
//! It reads any markdown spec, not only the ones specwright writes: CRLF or CR line
//! endings, a byte order mark, front matter, HTML comments, code fences, setext and
//! numbered headings, sections named by a synonym (`## 10. Architectural Decisions`),
//! field labels in their variants (`**Actors:**`) and sections the template lacks are
//! all tolerated; what is inside code is never checked. Every check is linear in the
//! input.

mod content;
mod doc;
mod elsewhere;
mod evidence;
mod gfm;
mod nfr;
mod operations;
mod outline;
mod placement;
mod project;
mod quality;
mod structure;
mod syntax;
mod tables;
mod use_cases;
mod vocab;

use serde::Serialize;

pub use outline::{Outline, SEED_TEMPLATE, SectionShape};
pub use project::{Location, SpecFile, SpecFinding, lint_project};

use doc::Doc;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    Error,
    Warning,
    /// A matter of style that never fails a check (a section under another name).
    Note,
}

impl Severity {
    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Error => "error",
            Severity::Warning => "warning",
            Severity::Note => "note",
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Finding {
    pub severity: Severity,
    /// 1-based.
    pub line: usize,
    /// A stable id, e.g. `missing-section`.
    pub rule: &'static str,
    /// One sentence.
    pub message: String,
    /// One line on how to fix it.
    pub hint: String,
}

pub(crate) fn error(line: usize, rule: &'static str, message: String, hint: &str) -> Finding {
    Finding {
        severity: Severity::Error,
        line,
        rule,
        message,
        hint: hint.to_string(),
    }
}

pub(crate) fn warning(line: usize, rule: &'static str, message: String, hint: &str) -> Finding {
    Finding {
        severity: Severity::Warning,
        ..error(line, rule, message, hint)
    }
}

pub(crate) fn note(line: usize, rule: &'static str, message: String, hint: &str) -> Finding {
    Finding {
        severity: Severity::Note,
        ..error(line, rule, message, hint)
    }
}

/// Every rule `lint` reports, with its severity: the stable ids `--json` consumers and
/// docs can rely on. Five compare the specs of a project (`lint_project`).
pub const RULES: [(&str, Severity); 43] = [
    ("missing-title", Severity::Error),
    ("title-dash", Severity::Warning),
    ("missing-section", Severity::Error),
    ("fence-hides-section", Severity::Error),
    ("section-order", Severity::Error),
    ("duplicate-section", Severity::Error),
    ("extra-section", Severity::Warning),
    ("section-alias", Severity::Note),
    ("section-level", Severity::Note),
    ("section-spread", Severity::Note),
    ("overview-split", Severity::Note),
    ("missing-field", Severity::Error),
    ("use-case-incomplete", Severity::Error),
    ("template-field", Severity::Warning),
    ("empty-field", Severity::Warning),
    ("no-use-cases", Severity::Warning),
    ("no-operations", Severity::Warning),
    ("use-case-heading", Severity::Warning),
    ("use-case-number", Severity::Warning),
    ("table-delimiter", Severity::Error),
    ("table-columns", Severity::Error),
    ("table-header", Severity::Error),
    ("no-decisions", Severity::Warning),
    ("decision-rationale", Severity::Error),
    ("decision-stub", Severity::Error),
    ("placeholder", Severity::Error),
    ("nfr-missing", Severity::Error),
    ("nfr-unmeasured", Severity::Error),
    ("nfr-vague", Severity::Error),
    ("nfr-percentiles", Severity::Warning),
    ("vague-word", Severity::Warning),
    ("unclosed-fence", Severity::Warning),
    ("fence-language", Severity::Warning),
    ("nested-fence", Severity::Warning),
    ("section-continued", Severity::Note),
    ("section-split", Severity::Warning),
    ("entity-conflict", Severity::Error),
    ("entity-fields", Severity::Warning),
    ("error-code-conflict", Severity::Error),
    ("decision-conflict", Severity::Warning),
    ("twin-unreadable", Severity::Warning),
    ("filler", Severity::Warning),
    ("unspecified", Severity::Warning),
];

/// Lints a spec against an outline. Findings are sorted by line (and, on one line, in the
/// order the checks above run).
pub fn lint(markdown: &str, outline: &Outline) -> Vec<Finding> {
    let mut doc = Doc::parse(markdown);
    // (Built once: the sections are located with it too.)
    let matcher = outline.matcher();
    doc.lift_named_sections(|title| matcher.locate(title).is_some());
    let mut out = Vec::new();
    if let Some(line) = doc.unclosed_fence {
        out.push(warning(
            line,
            "unclosed-fence",
            "the code fence opened here is never closed, so the rest of the file is code".into(),
            "Close the fence with a line of as many backticks (or tildes) as opened it.",
        ));
    }
    for &(opened, line) in &doc.closed_with_language {
        out.push(warning(
            line,
            "fence-language",
            format!(
                "this fence line names a language, so it does not end the code block opened on line {opened}: Markdown runs that block on to the next bare fence"
            ),
            "End the block with a bare fence line, as many backticks (or tildes) as opened it.",
        ));
    }
    // (One warning a block: the first block nested in it.)
    let mut warned = None;
    for &(outer, inner, close) in &doc.nested_fences {
        if warned.replace(outer) == Some(outer) {
            continue;
        }
        out.push(warning(
            inner,
            "nested-fence",
            format!(
                "this code block is inside the `markdown` block opened on line {outer} and fenced as that block is, so Markdown ends the outer block on line {close}"
            ),
            "Fence the outer block with more backticks (or tildes) than the blocks inside it: ````markdown ... ````.",
        ));
    }
    if let Some(line) = doc.sections_at_level_one {
        let under = if doc.titled_in_front_matter {
            " under its front matter's title"
        } else if doc.untitled {
            ", with no `# ` title over them"
        } else {
            " under its `# ` title"
        };
        out.push(note(
            line,
            "section-level",
            format!("the spec's sections are `# ` headings{under}; they are read as the template's `## ` sections"),
            "Make each section a `## ` heading (and each of its parts `### `), as the template does.",
        ));
    }
    structure::check_title(&doc, &mut out);
    let sections = doc.sections();
    let tables = doc.tables();
    let placed = structure::check_sections(&doc, &sections, &tables, outline, &matcher, &mut out);
    let found: Vec<Option<&doc::Section>> = placed.found.iter().map(Option::as_ref).collect();
    let key = |name: &str| vocab::normalize(name);
    // The template section of that name, where the spec has it.
    let found_named = |name: &str| {
        outline
            .shapes
            .iter()
            .zip(&found)
            .find(|(shape, _)| key(&shape.section) == key(name))
            .and_then(|(_, s)| *s)
    };
    let open_questions = found_named("Open Questions");
    let questions = quality::OpenQuestions::of(&doc, open_questions);
    // The error section, which may hold the operations' errors.
    let shared_errors = found_named("Error Handling");
    // Lines a stricter check reported, which filler need not report again.
    let mut covered: std::collections::HashSet<usize> = std::collections::HashSet::new();
    for (index, (shape, section)) in outline.shapes.iter().zip(&found).enumerate() {
        let name = key(&shape.section);
        if section.is_none() && name == key(structure::OVERVIEW) {
            structure::check_overview(&doc, None, &placed.overview_parts, shape, &mut out);
        }
        if section.is_none() && !placed.operations.is_empty() && name == key("API Contracts") {
            operations::check_operation_sections(
                &doc,
                &placed.operations,
                shape,
                shared_errors,
                &mut out,
            );
        }
        let Some(section) = section else { continue };
        let in_section = tables::in_section(&tables, section);
        if name == key(nfr::NFR) {
            nfr::check(
                &doc,
                section,
                &shape.section,
                &shape.fields,
                &questions,
                &mut out,
            );
            let skip = nfr::measured_labels();
            structure::check_fields(&doc, &sections, section, shape, &skip, &mut out);
        } else if name == key(structure::OVERVIEW) {
            structure::check_overview(&doc, Some(section), &placed.overview_parts, shape, &mut out);
        } else {
            structure::check_fields(&doc, &sections, section, shape, &[], &mut out);
        }
        if name == key(structure::USE_CASES) {
            // A document that is one use case (`# Use Case: ...`) has no `### UC-n`
            // entries; its parts are its sections.
            if !placed.one_use_case {
                use_cases::check(&doc, section, shape, &mut covered, &mut out);
            }
        } else if !shape.entry_fields.is_empty() {
            let continued: Vec<&doc::Section> = placed
                .continued
                .iter()
                .filter(|(i, _)| *i == index)
                .map(|(_, s)| s)
                .collect();
            operations::check_entries(&doc, section, &continued, shape, shared_errors, &mut out);
        }
        if let Some(header) = &shape.table_header {
            let listed = doc.lines[section.body.clone()]
                .iter()
                .any(|l| !l.hidden && syntax::list_item_text(&l.text).is_some());
            tables::check_headers(&doc, &in_section, &shape.section, header, listed, &mut out);
        }
        if name == key(tables::DECISIONS) {
            tables::check_decisions(
                &doc,
                section,
                &shape.section,
                &in_section,
                &tables,
                &mut out,
            );
        }
        if name == key("Data Models") {
            for entry in doc.entries(section.body.clone(), &|_| false) {
                let in_entry = tables::in_range(&tables, &entry.body);
                quality::check_types(&doc, &in_entry, &entry.title, &mut out);
            }
        }
    }
    // Filler anywhere, once per line, where no stricter check spoke already.
    covered.extend(
        out.iter()
            .filter(|f| f.rule.starts_with("nfr-") || matches!(f.rule, "filler" | "unspecified"))
            .map(|f| f.line),
    );
    if let Some(section) = open_questions {
        covered.extend(doc.lines[section.body.clone()].iter().map(|l| l.number));
    }
    quality::check_values(&doc, &questions, &covered, &mut out);
    tables::check_shapes(&doc, &tables, &mut out);
    content::check_placeholders(&doc, outline, &mut out);
    let requirements = requirement_lines(&doc, &sections, outline, &found);
    content::check_vague(&doc, &requirements, &mut out);
    out.sort_by_key(|f| f.line);
    out
}

/// The template sections where a spec states what must hold, so a vague word there is a
/// defect; elsewhere (a decision's rationale, a dependency's note, an open question)
/// the same word is only description.
const REQUIREMENT_SECTIONS: [&str; 6] = [
    "Overview",
    "Use Cases",
    "API Contracts",
    "Error Handling",
    "Non-Functional Requirements",
    "Testing Strategy",
];

/// Which lines lie in a section that states requirements: one of the template's
/// requirement sections (under any of its names), or another section named as
/// requirements, constraints or criteria; not a statement of intent (goals, a purpose, a
/// vision) nor the non-goals.
fn requirement_lines(
    doc: &Doc,
    sections: &[doc::Section],
    outline: &Outline,
    found: &[Option<&doc::Section>],
) -> Vec<content::Place> {
    use content::Place;
    let requirement_words = ["requirement", "constraint", "criteria", "criterion"];
    let mut lines = vec![Place::Other; doc.lines.len()];
    // (line of the section's heading, where its lines lie)
    let mut template: Vec<(usize, Place)> = Vec::new();
    for (shape, section) in outline.shapes.iter().zip(found) {
        let Some(section) = section else { continue };
        let words = vocab::name_words(&shape.section);
        if words == vocab::name_words(nfr::NFR) {
            template.push((section.line, Place::NonFunctional));
        } else if REQUIREMENT_SECTIONS
            .iter()
            .any(|r| vocab::name_words(r) == words)
        {
            template.push((section.line, Place::Requirements));
        }
    }
    let known: Vec<usize> = found.iter().flatten().map(|s| s.line).collect();
    for section in sections {
        let place = match template.iter().find(|(line, _)| *line == section.line) {
            Some((_, place)) => *place,
            None if !known.contains(&section.line)
                && vocab::name_words(&section.title)
                    .iter()
                    .any(|w| requirement_words.contains(&w.as_str())) =>
            {
                Place::Requirements
            }
            None => continue,
        };
        for slot in &mut lines[section.body.clone()] {
            *slot = place;
        }
    }
    // A template section of another kind found inside one (`### Technology Stack` under
    // `# 1. Introduction`, `### Key Architectural Decisions`) describes rather than
    // requires: its tools' and choices' words are not requirements.
    for (shape, section) in outline.shapes.iter().zip(found) {
        let Some(section) = section else { continue };
        let words = vocab::name_words(&shape.section);
        let states = words == vocab::name_words(nfr::NFR)
            || REQUIREMENT_SECTIONS
                .iter()
                .any(|r| vocab::name_words(r) == words);
        if !states && !sections.iter().any(|s| s.line == section.line) {
            for slot in &mut lines[section.body.clone()] {
                *slot = Place::Other;
            }
        }
    }
    // The Overview's opening paragraph, before its first label, list, table or part,
    // says what the feature is (`... robust session management and seamless
    // integration with the existing frontend`): a description, not a requirement.
    if let Some(overview) = outline
        .shapes
        .iter()
        .zip(found)
        .find(|(shape, _)| vocab::name_words(&shape.section) == vocab::name_words("Overview"))
        .and_then(|(_, s)| *s)
    {
        for i in overview.body.clone() {
            let line = &doc.lines[i];
            let t = line.text.trim();
            if line.hidden || t.is_empty() {
                continue;
            }
            if line.heading.is_some()
                || t.starts_with('|')
                || syntax::list_item_text(&line.text).is_some()
                || syntax::label_of(&line.text).is_some()
            {
                break;
            }
            lines[i] = Place::Other;
        }
    }
    // The non-goals cut scope; they require nothing (`- Auth beyond a minimal session`),
    // under a heading of their own or a label. Nor do statements of intent: a purpose,
    // a vision, goals and objectives, a summary, the stakeholders' concerns (`Robust
    // tenancy, privacy, and evaluation built-in`, `Enable seamless ... growth`) say what
    // the spec is for; its requirements make them precise (`P99 ≤ 100ms`), and vague
    // words are read there.
    let intent = |name: &str| {
        let words = vocab::name_words(name);
        words.iter().any(|w| {
            matches!(
                w.as_str(),
                "goal"
                    | "objective"
                    | "purpose"
                    | "vision"
                    | "mission"
                    | "summary"
                    | "introduction"
                    | "stakeholder"
                    | "differentiator"
                    // (What is taken as given: `## Assumptions`, `A-2: ... at sufficient
                    // practices`.)
                    | "assumption"
            )
        }) && !words
            .iter()
            .any(|w| requirement_words.contains(&w.as_str()))
    };
    let forms = vocab::field_forms("Non-goals");
    describe_only(
        doc,
        &mut lines,
        &|name| vocab::label_matches(&vocab::name_words(name), &forms),
        None,
    );
    // (Not among the non-functional requirements, whose goals are targets: `###
    // Performance Goals`.)
    describe_only(
        doc,
        &mut lines,
        &intent,
        Some(content::Place::NonFunctional),
    );
    lines
}

/// Marks as stating no requirement the lines under a heading that `names` (to the next
/// heading of its level or above) and the lines a label it names holds (its own line, and
/// the list after it), except those in the place `spare`.
fn describe_only(
    doc: &Doc,
    lines: &mut [content::Place],
    names: &dyn Fn(&str) -> bool,
    spare: Option<content::Place>,
) {
    let mark = |lines: &mut [content::Place], i: usize| {
        if Some(lines[i]) != spare {
            lines[i] = content::Place::Other;
        }
    };
    let mut cut: Option<usize> = None;
    let mut labelled = false;
    for (i, line) in doc.lines.iter().enumerate() {
        if line.hidden {
            continue;
        }
        if let Some((level, title)) = &line.heading {
            cut = names(title)
                .then_some(*level)
                .or(cut.filter(|open| level > open));
            labelled = false;
            continue;
        }
        let t = line.text.trim();
        if let Some((_, label, rest)) = syntax::label_of(&line.text) {
            labelled = names(label);
            if labelled {
                mark(lines, i);
                // (A list after the label belongs to it; text after it is its value.)
                labelled = rest.trim().is_empty();
                continue;
            }
        } else if labelled && !(t.is_empty() || syntax::list_item_text(&line.text).is_some()) {
            labelled = false;
        }
        if cut.is_some() || labelled {
            mark(lines, i);
        }
    }
}

/// `--strict`: every warning becomes an error (notes stay notes), so a spec passes only
/// when it holds no warning either.
pub fn make_strict(findings: &mut [Finding]) {
    for f in findings {
        if f.severity == Severity::Warning {
            f.severity = Severity::Error;
        }
    }
}

pub fn has_errors(findings: &[Finding]) -> bool {
    findings.iter().any(|f| f.severity == Severity::Error)
}

/// `path:line: error[rule]: message` with a `  hint: ...` line under each finding, then
/// a summary line such as `2 errors, 1 warning`.
pub fn format_human(path: &str, findings: &[Finding]) -> String {
    let mut out = String::new();
    for f in findings {
        push_finding(&mut out, path, f);
    }
    out.push_str(&summary(findings.iter()));
    out.push('\n');
    out
}

/// The findings of a project's specs, each under its own path, then a summary such as
/// `3 specs: 2 errors, 1 warning`.
pub fn format_project_human(specs: usize, findings: &[SpecFinding]) -> String {
    let mut out = String::new();
    for f in findings {
        push_finding(&mut out, &f.path, &f.finding);
    }
    let specs = if specs == 1 {
        "1 spec".to_string()
    } else {
        format!("{specs} specs")
    };
    out.push_str(&format!(
        "{specs}: {}\n",
        summary(findings.iter().map(|f| &f.finding))
    ));
    out
}

fn push_finding(out: &mut String, path: &str, f: &Finding) {
    out.push_str(&format!(
        "{path}:{}: {}[{}]: {}\n  hint: {}\n",
        f.line,
        f.severity.as_str(),
        f.rule,
        f.message,
        f.hint
    ));
}

/// `2 errors, 1 warning`, and `, 3 notes` when there are notes.
fn summary<'a>(findings: impl Iterator<Item = &'a Finding>) -> String {
    let (mut errors, mut warnings, mut notes) = (0, 0, 0);
    for f in findings {
        match f.severity {
            Severity::Error => errors += 1,
            Severity::Warning => warnings += 1,
            Severity::Note => notes += 1,
        }
    }
    let plural = |n: usize, word: &str| {
        if n == 1 {
            format!("{n} {word}")
        } else {
            format!("{n} {word}s")
        }
    };
    let mut out = format!(
        "{}, {}",
        plural(errors, "error"),
        plural(warnings, "warning")
    );
    if notes > 0 {
        out.push_str(&format!(", {}", plural(notes, "note")));
    }
    out
}

/// A finding as a question to ask the user before they approve a draft.
pub fn follow_up_question(f: &Finding) -> String {
    match f.rule {
        "vague-word" => format!("Line {}: {} — what exactly is meant?", f.line, f.message),
        _ => format!("{} — {}", f.message, f.hint),
    }
}
