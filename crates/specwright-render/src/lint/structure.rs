//! The spec's skeleton: the title line, the `## ` sections (present, in order, once),
//! the labelled fields the template shows, and the operations of sections like API
//! Contracts (the use cases are in `use_cases`).

use std::collections::HashSet;

use super::doc::{Doc, Section};
use super::elsewhere::spread_once;
use super::evidence;
use super::outline::{Naming, Outline, SectionMatcher, SectionShape};
use super::placement::{self, Context, Placed};
use super::syntax::{is_delimiter_row, is_thematic_break, label_of, list_item_text};
use super::vocab::{
    Forms, all_name_words, display_name, field_forms, label_matches, name_words, normalize,
    title_names_field,
};
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
        // (Pandoc's `title:` in the front matter makes a title, but not the template's.)
        let message = if doc.titled_in_front_matter {
            "the title is in the front matter (`title:`), not a `# ` title line".to_string()
        } else {
            format!("the first line is not a `# ` title line: {}", quote(text))
        };
        out.push(error(first.number, "missing-title", message, TITLE_HINT));
        return;
    };
    // (`— Technical Specification Document` names the same document; so does one with
    // a remark after it: `— Technical Specification (MVP, Interop with the operator)`.)
    // (Or a version and a remark: `— Specifica Tecnica v4 (Post-Building, Consolidata)`.)
    let titled = |t: &str| {
        strip_suffix_ignore_case(t, TITLE_SUFFIX).is_some() || translated_suffix(t).is_some()
    };
    let title = title
        .trim_end()
        .strip_suffix(')')
        .and_then(|t| t.rfind(" (").map(|at| &title[..at]))
        .and_then(|t| {
            if titled(t) {
                Some(t)
            } else {
                strip_version(t).filter(|t| titled(t))
            }
        })
        .unwrap_or(title);
    let title = strip_suffix_ignore_case(title, " Document").unwrap_or(title);
    // (So does one with its version after it: `— Technical Specification v1.0`.)
    let title = strip_version(title)
        .filter(|t| {
            strip_suffix_ignore_case(t, TITLE_SUFFIX).is_some() || translated_suffix(t).is_some()
        })
        .unwrap_or(title);
    let Some(name) = strip_suffix_ignore_case(title, TITLE_SUFFIX)
        .or_else(|| translated_suffix(title))
        .map(str::trim_end)
    else {
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
    // (`# Remediation Agent — Architecture & Technical Specification`: the template's
    // title, naming another part of the document beside it.)
    if let Some((feature, kinds)) = name.rsplit_once(" — ")
        && !feature.trim().is_empty()
        && [" &", " and", " +", ","].iter().any(|j| kinds.ends_with(j))
        && kinds.split_whitespace().count() <= 4
    {
        return;
    }
    if let Some(name) = name
        .strip_suffix('—')
        .or(name.trim().is_empty().then_some(name))
    {
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
        // (Named, and titled as the template is, but run together: `# TermAgent
        // 技术规格说明书`.)
        None => out.push(warning(
            first.number,
            "title-dash",
            format!(
                "the title has no `—` between the name and `{TITLE_SUFFIX}`: {}",
                quote(text)
            ),
            "Write the title as `# <Feature Name> — Technical Specification`, with `—` (U+2014).",
        )),
    }
}

/// A title without the version that ends it (`... v1.0`, `... V2`, `... version 1.2`),
/// or `None` when it ends with none.
fn strip_version(title: &str) -> Option<&str> {
    let title = title.trim_end();
    let (head, last) = title.rsplit_once(' ')?;
    let number = last
        .strip_prefix(['v', 'V'])
        .unwrap_or(last)
        .trim_end_matches('.');
    let numbered = !number.is_empty()
        && number.starts_with(|c: char| c.is_ascii_digit())
        && number.chars().all(|c| c.is_ascii_digit() || c == '.');
    if !numbered {
        return None;
    }
    if number.len() < last.len() {
        return Some(head.trim_end());
    }
    // (A bare number is a version only after the word: `version 1.2`.)
    strip_suffix_ignore_case(head.trim_end(), " version").map(str::trim_end)
}

/// "Technical Specification" in the languages lint reads section names in (`# 书签同步 —
/// 技术规格`, `# FC Squad Builder — Especificação Técnica`): the template's title, written
/// in the spec's language. Compared with the accents of Latin letters folded and case
/// ignored.
const TITLE_SUFFIXES: &[&str] = &[
    "especificación técnica",
    "especificação técnica",
    "spécification technique",
    "technische spezifikation",
    "specifica tecnica",
    "specifiche tecniche",
    "technische specificatie",
    "specyfikacja techniczna",
    "technická specifikace",
    // (Slovak; and the technical brief, as Czech, Slovak, Russian and Ukrainian name the
    // document that specifies what is to be built: `# FleetCare — Technické zadanie`,
    // `# Бот — Техническое задание`.)
    "technická špecifikácia",
    "technické zadanie",
    "technické zadání",
    "техническое задание",
    "технічне завдання",
    "teknik şartname",
    "teknik spesifikasyon",
    "đặc tả kỹ thuật",
    "техническая спецификация",
    "технічна специфікація",
    "技术规格说明书",
    "技术规格书",
    "技术规格文档",
    "技术规格",
    "技术规范",
    "技術規格",
    "技術仕様書",
    "技術仕様",
    "기술 명세서",
    "기술 명세",
    "기술 사양서",
    "기술 사양",
    // (Korean writes the compound without a space as often as with one.)
    "기술명세서",
    "기술사양서",
];

/// The title without its translated suffix, when it ends with one.
fn translated_suffix(title: &str) -> Option<&str> {
    let trimmed = title.trim_end();
    TITLE_SUFFIXES.iter().find_map(|suffix| {
        let chars = suffix.chars().count();
        let (cut, _) = trimmed.char_indices().rev().nth(chars - 1)?;
        let fold = |text: &str| super::outline::fold_accents(&text.to_lowercase());
        (fold(&trimmed[cut..]) == fold(suffix)).then(|| &trimmed[..cut])
    })
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
    /// `## ` sections continuing the template section found just before them (`## 10.
    /// Endpoint Summary` after `## 9. API Design`), with that section's index: their
    /// content is that section's too.
    pub continued: Vec<(usize, Section)>,
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
    // A closing remark naming the field (`## Future Enhancements (Out of Scope)`), also
    // in full-width brackets (`## 12. 今後の拡張予定（スコープ外）`).
    if let Some(inner) = title.trim_end().strip_suffix([')', '）'])
        && let Some(at) = inner.rfind(['(', '（'])
        && let Some(open) = inner[at..].chars().next()
        && let Some(one) = overview_field_alone(&inner[at + open.len_utf8()..], shape)
    {
        return vec![one];
    }
    // (Joined in a script without spaces: `## 1. 业务背景与目标`, background and goals.)
    if title.contains(super::outline::CJK_JOINERS) {
        let parts: Vec<Option<usize>> = title
            .split(super::outline::CJK_JOINERS)
            .filter(|p| !p.trim().is_empty())
            .map(|p| overview_field_alone(p, shape))
            .collect();
        if parts.len() >= 2 && parts.iter().all(Option::is_some) {
            let mut fields: Vec<usize> = parts.into_iter().flatten().collect();
            fields.sort_unstable();
            fields.dedup();
            return fields;
        }
    }
    let words = name_words(title);
    let forms: Vec<Forms> = shape.fields.iter().map(|f| field_forms(f)).collect();
    let owner = |w: &String| {
        forms.iter().position(|f| {
            f.iter()
                .any(|form| form.contains(w) && form.iter().all(|x| words.contains(x)))
        })
    };
    // Words that qualify a field without naming another thing (`## Core Vision`, `##
    // Epic Goal`, `## Problem Analysis`, `## Business Context and Problem Statement`,
    // `## Objetivos de Negocio`).
    let qualifies = |w: &str| {
        matches!(
            w,
            "core"
                | "epic"
                | "business"
                | "key"
                | "main"
                | "primary"
                | "overall"
                | "analysis"
                | "constraints"
                | "de"
                | "negocio"
                | "negócio"
                | "do"
                | "del"
        )
    };
    let owners: Vec<Option<usize>> = words.iter().filter(|w| !qualifies(w)).map(owner).collect();
    if words.len() < 2 || owners.is_empty() || owners.iter().any(Option::is_none) {
        return Vec::new();
    }
    let mut fields: Vec<usize> = owners.into_iter().flatten().collect();
    fields.sort_unstable();
    fields.dedup();
    fields
}

/// A heading that names how success is measured (`Success Criteria Mapping`, `Success
/// Metrics and KPIs`, `Business Metrics`): the Overview's goals, stated as measures.
fn names_success_measures(title: &str) -> bool {
    let words = name_words(title);
    words.iter().any(|w| w == "kpis" || w == "kpi")
        || words.windows(2).any(|w| {
            matches!(w[0].as_str(), "success" | "business")
                && matches!(
                    w[1].as_str(),
                    "criteria" | "criterion" | "metrics" | "metric" | "measures" | "measure"
                )
        })
}

/// The one Overview field a heading names: one of its labels, or words all of which
/// belong to one field's labels.
fn overview_field_alone(title: &str, shape: &SectionShape) -> Option<usize> {
    // (A name in another script with a remark in Latin letters is read by its remark;
    // when the remark names no field, it is the name that does: `## 비범위 (YAGNI)`.)
    overview_field_named(title, shape).or_else(|| {
        super::vocab::outside_latin_remark(title)
            .and_then(|name| overview_field_named(&name, shape))
    })
}

fn overview_field_named(title: &str, shape: &SectionShape) -> Option<usize> {
    // What the field is for comes after it: `Out of Scope for MVP`, `Goals for v1`.
    let title = match title.to_ascii_lowercase().find(" for ") {
        Some(at) if at > 0 => &title[..at],
        _ => title,
    };
    let words = name_words(title);
    if words.is_empty() {
        return None;
    }
    let forms: Vec<Forms> = shape.fields.iter().map(|f| field_forms(f)).collect();
    if let Some(i) = forms.iter().position(|f| label_matches(&words, f)) {
        return Some(i);
    }
    // Whose goals they are is no part of the name: `Technical Goals`, `Objetivos
    // tecnicos`, `Business Goals`.
    let unqualified: Vec<String> = words
        .iter()
        .filter(|w| {
            !matches!(
                w.as_str(),
                "technical"
                    | "business"
                    | "product"
                    | "project"
                    // (`## 🎯 Objetivos do Sistema`: the system's goals.)
                    | "system"
                    | "sistema"
                    | "do"
                    | "da"
                    | "de"
                    | "del"
                    | "tecnico"
                    | "técnico"
                    | "tecnica"
                    | "técnica"
                    | "technique"
                    | "technisch"
                    | "technische"
                    | "технические"
                    | "технічні"
                    // (`## 1. Архитектурная цель`: the architecture's goal.)
                    | "architecture"
                    | "архитектурная"
                    | "архитектурные"
                    | "техническая"
            )
        })
        .cloned()
        .collect();
    // (Any qualifier for the goals; for the other fields only the project's, product's
    // or business's: a `## System Context` diagram or spec-kit's `## Technical Context`
    // of stack labels is no problem statement, `## Project Context` is.)
    if unqualified.len() < words.len()
        && !unqualified.is_empty()
        && let Some(i) = forms.iter().position(|f| label_matches(&unqualified, f))
        && (matches!(normalize(&shape.fields[i]).as_str(), "goals" | "non-goals")
            || words
                .iter()
                .filter(|w| !unqualified.contains(w))
                .all(|w| matches!(w.as_str(), "project" | "product" | "business")))
    {
        return Some(i);
    }
    // (In a script without spaces the qualifier opens the one word: `技术目标`,
    // technical goals.)
    if let [one] = &words[..]
        && let Some(rest) = [
            "技术",
            "业务",
            "产品",
            "项目",
            "系统",
            "システム",
            "プロジェクト",
        ]
        .iter()
        .find_map(|q| one.strip_prefix(q).filter(|r| !r.is_empty()))
        && let Some(i) = forms
            .iter()
            .position(|f| label_matches(&[rest.to_string()], f))
        && matches!(normalize(&shape.fields[i]).as_str(), "goals" | "non-goals")
    {
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
    tables: &[super::gfm::Table],
    outline: &Outline,
    matcher: &super::outline::SectionMatcher,
    out: &mut Vec<Finding>,
) -> Sections {
    let mut found: Vec<Option<Section>> = vec![None; outline.sections.len()];
    let overview = outline.index_of(OVERVIEW);
    let mut overview_parts: Vec<(Section, usize)> = Vec::new();
    // (outline index, section) in the spec's order, first occurrences only.
    let mut known: Vec<(usize, &Section)> = Vec::new();
    let mut continuations: Vec<(usize, Section)> = Vec::new();
    // Sections named by no template section's name or alias, for a second look by key
    // word once every section named outright has its place.
    let mut unnamed: Vec<&Section> = Vec::new();
    let decisions = outline.index_of("Architecture Decisions");
    // Template sections a `### ` heading names outright (`### Non-Functional
    // Requirements` inside `## Requirements`): a `## ` section that only has a synonym
    // or a key word of one (`## Scalability Considerations`, `## Observability`) is not
    // it.
    // (Only inside requirements, or under a `## ` that titles the whole document: a
    // `### Dependencies` of one component under `## Backend Specification` is its own.)
    let headings = doc.headings();
    let first_heading = headings.first().map(|h| h.number);
    // (Which sections are requirements is read once per section, not per heading.)
    let holders: HashSet<usize> = sections
        .iter()
        .filter(|s| Some(s.line) == first_heading || names_requirements(&s.title))
        .map(|s| s.line)
        .collect();
    let named_below: HashSet<usize> = headings
        .iter()
        .filter(|h| h.level == 3 && !holders.is_empty())
        .filter(|h| {
            let parent = sections[..sections.partition_point(|s| s.body.start <= h.index)]
                .last()
                .filter(|s| s.body.contains(&h.index));
            parent.is_some_and(|p| holders.contains(&p.line))
        })
        .filter_map(|h| match matcher.locate(h.title) {
            Some((index, Naming::Name)) => Some(index),
            _ => None,
        })
        .collect();
    // The sections a `## ` heading names by the template's own name: an alias of one
    // before it (`## Discussion Points`, then `## Open Questions`) is not that section.
    // (Each section's name read once.)
    let named: Vec<Option<(usize, Naming)>> =
        sections.iter().map(|s| matcher.locate(&s.title)).collect();
    // (The last line naming each, so each look is one comparison.)
    let mut last_named: Vec<usize> = vec![0; outline.sections.len()];
    for (s, n) in sections.iter().zip(&named) {
        if let Some((i, Naming::Name)) = n
            && let Some(last) = last_named.get_mut(*i)
        {
            *last = (*last).max(s.line);
        }
    }
    let named_later = |index: usize, line: usize| last_named.get(index).is_some_and(|&l| l > line);
    for (k, section) in sections.iter().enumerate() {
        // `## Decision 1: ...`, `## Decision 2: ...` (or `## ADR-003: ...`): the first is the
        // decisions section, the others its parts.
        if let Some(d) = decisions.filter(|_| numbers_a_decision(&section.title)) {
            if found[d].is_none() {
                alias_note(section, &outline.sections[d], out);
                found[d] = Some(section.clone());
                known.push((d, section));
            }
            continue;
        }
        match named[k].or_else(|| remark_names(matcher, &section.title)) {
            // A `## Summary` closing the spec, after other sections, sums it up; it is
            // not a second Overview.
            Some((index, Naming::Alias))
                if overview == Some(index)
                    && found[index].as_ref().is_some_and(|first| {
                        sections
                            .iter()
                            .any(|s| s.line > first.line && s.line < section.line)
                    }) =>
            {
                unnamed.push(section);
            }
            Some((index, Naming::Alias))
                if named_below.contains(&index) || named_later(index, section.line) =>
            {
                unnamed.push(section);
            }
            // Only the document's metadata right under the title (`## Informações gerais`
            // over a table of Projeto, Versão and Status): the document's name, whatever
            // its heading says.
            Some((_, Naming::Alias)) if names_the_document_only(doc, sections, section) => {}
            Some((index, _)) if let Some(first) = &found[index] => {
                // Named otherwise right after it (`## 9. API Design`, then `## 10. Endpoint
                // Summary`): that section, continued.
                let before = sections[..sections.partition_point(|s| s.line < section.line)]
                    .last()
                    .filter(|b| b.line == first.line);
                if before.is_some() && name_words(&first.title) != name_words(&section.title) {
                    out.push(continued(section, first, &outline.sections[index]));
                    continuations.push((index, section.clone()));
                } else {
                    out.push(duplicate(section, first));
                }
            }
            Some((index, naming)) => {
                if naming == Naming::Alias {
                    alias_note(section, &outline.sections[index], out);
                }
                found[index] = Some(section.clone());
                known.push((index, section));
            }
            None => {
                // (A closing remark names the field only when the heading's own words
                // name no section: `## 5. User Stories (v1 scope)` is the use cases.)
                let own = section
                    .title
                    .trim_end()
                    .strip_suffix(')')
                    .and_then(|inner| inner.rfind('(').map(|at| &inner[..at]))
                    .filter(|own| matcher.locate_by_key(own).is_some())
                    .unwrap_or(&section.title);
                let mut parts = overview
                    .map(|o| overview_fields(own, &outline.shapes[o]))
                    .unwrap_or_default();
                if parts.is_empty()
                    && names_success_measures(&section.title)
                    && let Some(goals) = overview
                        .and_then(|o| outline.shapes[o].fields.iter().position(|f| f == "Goals"))
                {
                    parts.push(goals);
                }
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
    // Unless it gives a field the Overview lacks: `## 4. Scope` with `### Out of Scope`
    // beside an Overview with goals is the non-goals.
    if let (Some(o), Some(home)) = (overview, overview.and_then(|o| found[o].as_ref())) {
        let shape = &outline.shapes[o];
        let given = |body: std::ops::Range<usize>, field: usize| {
            doc.field(body, &field_forms(&shape.fields[field]))
                .is_some()
        };
        let mut instead: Vec<(Section, usize)> = Vec::new();
        overview_parts.retain(|(section, field)| {
            // Success criteria measure the goals, whether or not the Overview states
            // them too (`## Success Metrics` beside `- **Goals**: ...`).
            // Nor is one named for the field itself (`## 14. Non-Goals (Explicitly Out of
            // Scope)` beside `**Non-goals for v1:**`): the field, told again at length.
            if !given(home.body.clone(), *field)
                || names_success_measures(&section.title)
                || name_words(&section.title) == name_words(&shape.fields[*field])
            {
                return true;
            }
            let lacking: Vec<usize> = (0..shape.fields.len())
                .filter(|&f| f != *field && !given(home.body.clone(), f))
                .filter(|&f| given(section.body.clone(), f))
                .collect();
            if lacking.is_empty()
                && let Some(original) = sections.iter().find(|s| s.line == section.line)
            {
                unnamed.push(original);
            }
            instead.extend(lacking.into_iter().map(|f| (section.clone(), f)));
            false
        });
        // (Once each: `## Goals & Non-Goals` beside an Overview with goals gives the
        // non-goals, named and instead of its goals alike.)
        let mut kept: std::collections::HashSet<(usize, usize)> =
            overview_parts.iter().map(|(s, f)| (s.line, *f)).collect();
        instead.retain(|(s, f)| kept.insert((s.line, *f)));
        overview_parts.extend(instead);
        // (One note per section, its fields together.)
        overview_parts.sort_by_key(|(s, _)| s.line);
        // (A section giving another field too, one the Overview lacks, is that field:
        // `## 1. Produktvision und Abgrenzung` beside an Overview with its non-goals.)
        unnamed.retain(|u| !overview_parts.iter().any(|(s, _)| s.line == u.line));
        unnamed.sort_by_key(|s| s.line);
        unnamed.dedup_by_key(|s| s.line);
    }
    let mut extra: Vec<&Section> = Vec::new();
    // A section named only for observing the system (`## Metrics & Observability`) gives
    // way to one named for performance (`## Performance Optimization`) as the NFRs: it is
    // looked up last.
    let observes = |s: &&Section| {
        let lower = s.title.to_ascii_lowercase();
        (lower.contains("observ") || lower.contains("monitor") || lower.contains("metric"))
            && super::vocab::all_name_words(&s.title).iter().any(|w| {
                matches!(
                    w.as_str(),
                    "observability" | "monitoring" | "metric" | "metrics"
                )
            })
    };
    unnamed.sort_by_cached_key(|s| observes(s));
    let nfr = outline.index_of(super::nfr::NFR);
    for section in unnamed {
        // A section named by a key word only but holding nothing but code (`## Use
        // case skeleton` over a code listing) is code, not the section; contracts and
        // data shapes are often written as code (`## Tool Definitions` in YAML). (Code
        // under named parts is the section's: `## Error Handling Specification` over
        // `### Error Types` and `### Error Message Format`, each a code block.)
        // A section only about observing the system (`## Observability`, `## Monitoring &
        // Alerts`, `## 11. 可観測性（基本）`) holds its logs and metrics, not the
        // requirements it must meet: not the non-functional requirements on its own
        // (right after them, it continues them).
        // (Unless it states them: `## Observabilidad` over `- **Latencia**: p99 < 2 ms`.)
        let key = matcher.locate_by_key(&section.title).filter(|&index| {
            Some(index) != nfr
                || !super::vocab::only_observes(&section.title)
                || outline.shapes[index]
                    .fields
                    .iter()
                    .any(|f| doc.field(section.body.clone(), &field_forms(f)).is_some())
                || doc.lines[section.body.clone()]
                    .iter()
                    .any(|l| !l.hidden && !l.fence && super::nfr::states_a_target(&l.text))
        });
        match key {
            Some(index)
                if found[index].is_none()
                    && !named_below.contains(&index)
                    && (has_content(doc, section.body.clone())
                        || written_as_code(&outline.sections[index])
                        || doc.lines[section.body.clone()]
                            .iter()
                            .any(|l| !l.hidden && l.heading.is_some()))
                    && !names_the_document_only(doc, sections, section) =>
            {
                alias_note(section, &outline.sections[index], out);
                found[index] = Some(section.clone());
                known.push((index, section));
            }
            // The same name as the section found by that key word (`## API 표면 (docs)`
            // and `## API 표면 (registration.go)`): that section a second time.
            Some(index)
                if found[index].as_ref().is_some_and(|first| {
                    name_words(&first.title) == name_words(&section.title)
                }) =>
            {
                if let Some(first) = &found[index] {
                    out.push(duplicate(section, first));
                }
            }
            _ => {
                // A heading joining the names of two sections (`## Dependencies & Open
                // Questions`) is both, in one section.
                let each = matcher.locate_each(&section.title);
                if !each.is_empty()
                    && each
                        .iter()
                        .all(|&i| found[i].is_none() && !named_below.contains(&i))
                {
                    let names: Vec<String> = each
                        .iter()
                        .map(|&i| format!("`{}`", outline.sections[i]))
                        .collect();
                    out.push(note(
                        section.line,
                        "section-alias",
                        format!(
                            "the section `{}` is the template's {} in one section",
                            section.name,
                            names.join(" and ")
                        ),
                        &format!(
                            "Give each its own section: {}.",
                            each.iter()
                                .map(|&i| format!("`## {}`", outline.sections[i]))
                                .collect::<Vec<_>>()
                                .join(", ")
                        ),
                    ));
                    for i in each {
                        found[i] = Some(section.clone());
                        known.push((i, section));
                    }
                } else {
                    extra.push(section);
                }
            }
        }
    }
    // The extra sections are reported once the sections at other levels are known: a
    // section that only wraps template sections (`## Additional Context` holding `###
    // Dependencies` and `### Testing Strategy`) has a place for its content.
    let api = outline.index_of("API Contracts");
    // A document that is one use case (`# Use Case: ...`) gives that use case's parts
    // as its sections (`## Preconditions`, `## Steps`, `## System Flow`).
    let use_cases = outline.index_of(USE_CASES);
    let use_case_forms: Vec<Forms> = use_cases
        .map(|u| {
            let mut forms: Vec<Forms> = outline.shapes[u]
                .entry_fields
                .iter()
                .map(|f| field_forms(f))
                .collect();
            forms.push(
                USE_CASE_PARTS
                    .iter()
                    .map(|p| name_words(p))
                    .collect::<Vec<_>>()
                    .into(),
            );
            forms
        })
        .unwrap_or_default();
    // The use case's own fields, without the parts any flow has.
    let use_case_fields = &use_case_forms[..use_case_forms.len().saturating_sub(1)];
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
                use_case_fields.iter().any(|f| label_matches(&words, f))
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
    // The paths of the API section's operations and their roots, read once.
    let roots: std::cell::OnceCell<(Vec<String>, Vec<String>)> = std::cell::OnceCell::new();
    let mut report_extra = |found: &[Option<Section>],
                            adopted: &std::collections::HashSet<usize>,
                            out: &mut Vec<Finding>| {
        for section in extra.iter().filter(|s| !adopted.contains(&s.line)) {
            if use_case_part(found, section) || names_the_document(doc, sections, section) {
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
            let (roots, paths) = roots.get_or_init(|| {
                let paths: Vec<String> = home
                    .map(|h| evidence::operations(doc, h.body.clone()))
                    .unwrap_or_default()
                    .into_iter()
                    .map(|(_, path)| evidence::path_shape(&path))
                    .collect();
                let roots = paths
                    .iter()
                    .map(|path| evidence::path_root(path).to_string())
                    .collect();
                (roots, paths)
            });
            // (A path the API section gives is a reference to it: `- Calls `PUT
            // /landings/:n/land`` under a button's design.)
            let others: Vec<(usize, String)> = evidence::operations(doc, section.body.clone())
                .into_iter()
                .filter(|(line, _)| home.is_none_or(|h| !h.body.contains(&(line - 1))))
                .filter(|(_, path)| !paths.contains(&evidence::path_shape(path)))
                .collect();
            // A request that opens its line, as a heading, on the wire in code, or as an
            // item (`* \`GET /health\` → 200 OK`), is given; one named in a sentence or a
            // table's cell is referred to (`*For any* URL submitted to \`POST /api/urls\``).
            // (Or after a label naming it: `- Endpoint: \`POST /api/auth/register\``.)
            let opens = |text: &str| {
                evidence::HTTP_METHODS.iter().any(|m| {
                    text.trim_start_matches(|c: char| {
                        c.is_whitespace() || matches!(c, '-' | '*' | '+' | '`' | '>')
                    })
                    .strip_prefix(m)
                    .is_some_and(|r| r.trim_start().starts_with('/'))
                })
            };
            let given = |number: usize| {
                let line = &doc.lines[number - 1];
                line.heading.is_some()
                    || line.fence
                    || opens(&line.text)
                    || super::syntax::plain_label(&line.text)
                        .map(|(name, value)| (name.to_string(), value.to_string()))
                        .or_else(|| {
                            super::syntax::label_of(&line.text)
                                .map(|(_, name, value)| (name.to_string(), value.to_string()))
                        })
                        .is_some_and(|(name, value)| {
                            matches!(
                                name.trim().trim_end_matches(':').to_lowercase().as_str(),
                                "endpoint"
                                    | "route"
                                    | "request"
                                    | "api"
                                    | "接口"
                                    | "端点"
                                    | "엔드포인트"
                            ) && opens(&value)
                        })
            };
            // (Or a resource of its own, written as requests under their own headings:
            // `## 2. Tenant - 테넌트 관리` over `### GET /tenants` and `### POST
            // /tenants` after `## Auth API`.)
            // (The parts holding a request each, two or more: the heading over each.)
            let parts = {
                let mut over: Option<usize> = None;
                let mut parts = std::collections::HashSet::new();
                let mut k = 0;
                for (at, line) in doc.lines[section.body.clone()].iter().enumerate() {
                    if !line.hidden && line.heading.is_some() {
                        over = Some(at);
                    }
                    while k < others.len() && others[k].0 <= line.number {
                        if others[k].0 == line.number
                            && given(line.number)
                            && let Some(h) = over
                        {
                            parts.insert(h);
                        }
                        k += 1;
                    }
                }
                parts.len()
            };
            let headed = parts >= 2;
            let own = others.into_iter().find(|(line, path)| {
                (headed && given(*line)) || roots.iter().any(|r| r == evidence::path_root(path))
            });
            // (Or a section named for the API declaring its calls with their types:
            // `## Components and Interfaces` over `create(input: NewResource):
            // Promise<Resource>` beside `## API Endpoints`.)
            let own = own.map(|(line, _)| line).or_else(|| {
                (api.is_some() && matcher.locate_by_key(&section.title) == api)
                    .then(|| evidence::first_typed_signature(doc, section.body.clone()))
                    .flatten()
            });
            // (Unless it is named for the API right after it, or after a section
            // continuing it: `## 6. Portfolio API` after `## 5. Fund Discovery API`, the
            // API continued, noted below.)
            // Whether the section comes right after the API, or after a section
            // continuing it. (Sections are read in order: a continuation just before it
            // is the last one found, so one look, not a search of them all.)
            let after_api = || {
                let (Some(index), Some(home)) = (api, home) else {
                    return false;
                };
                sections[..sections.partition_point(|s| s.line < section.line)]
                    .last()
                    .is_some_and(|prev| {
                        prev.line == home.line
                            || continuations
                                .last()
                                .is_some_and(|(i, c)| *i == index && c.line == prev.line)
                    })
            };
            let next_to_api = || matcher.locate_by_key(&section.title) == api && after_api();
            if let (Some(first), Some(home)) = (own, home)
                && !next_to_api()
            {
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
            // Named for the template section just before it (`## API Request/Response
            // Examples` after `## REST API Endpoints`): that section, continued.
            // (The section before it is looked at first: most are not template sections.)
            // (Or a section continuing it already: `## 4. テストコード戦略判断` after `## 3.`
            // that continues `## 2. 実装戦略判断`.)
            let before = sections[..sections.partition_point(|s| s.line < section.line)]
                .last()
                .filter(|b| {
                    found.iter().flatten().any(|f| f.line == b.line)
                        || continuations.last().is_some_and(|(_, c)| c.line == b.line)
                });
            let continued = before
                .and_then(|_| {
                    matcher
                        .locate(&section.title)
                        .map(|(index, _)| index)
                        .or_else(|| matcher.locate_by_key(&section.title))
                })
                .and_then(|index| found[index].as_ref().map(|home| (index, home)))
                .filter(|(index, home)| {
                    before.is_some_and(|b| {
                        b.line == home.line
                            || continuations
                                .last()
                                .is_some_and(|(i, c)| i == index && c.line == b.line)
                    })
                });
            // (Or a command of a CLI whose commands the API holds, one `## ` each, right
            // after it or after another such: `## 46. \`gacils run\` Flags` after `## 45.
            // CLI Commands`.)
            let continued = continued.or_else(|| {
                let index = api?;
                let home = found[index].as_ref()?;
                (after_api() && titled_by_command(&section.title)).then_some((index, home))
            });
            if let Some((index, home)) = continued {
                out.push(self::continued(section, home, &outline.sections[index]));
                continuations.push((index, (*section).clone()));
                continue;
            }
            // Named for a template section the spec holds elsewhere (`## 5. Tool
            // contracts` three sections after `## 2. REST endpoints`): a part of that
            // section, apart from it, not a section the template lacks. (Not a summary
            // at the end, which sums the spec up, nor a section only observing the system
            // or naming principles, which need not be requirements or decisions.)
            let loose = observes(section)
                || super::vocab::only_observes(&section.title)
                || super::vocab::all_name_words(&section.title)
                    .iter()
                    .any(|w| w == "principle" || w == "principles");
            let apart = matcher
                .locate(&section.title)
                .map(|(index, _)| index)
                .or_else(|| matcher.locate_by_key(&section.title))
                .filter(|&index| !loose && Some(index) != overview)
                .and_then(|index| found[index].as_ref().map(|home| (index, home)))
                .filter(|(_, home)| home.line != section.line);
            if let Some((index, home)) = apart {
                out.push(warning(
                    section.line,
                    "section-split",
                    format!(
                        "the section `{}` is a part of the template's `{}`, apart from `{}` on line {}",
                        section.name, outline.sections[index], home.name, home.line
                    ),
                    &format!(
                        "Make it a `### ` part of `## {}`, so the section is read whole.",
                        home.name
                    ),
                ));
                continuations.push((index, (*section).clone()));
                continue;
            }
            // Questions put to the people the spec is for, with their answers (spec-kit's
            // `## Clarifications`), are the choices made with them: the decisions, which
            // a `section-spread` note points at when no section holds them.
            if evidence::answered_questions(doc, section.body.clone()).len() >= 2 {
                continue;
            }
            // So is a section titled by the reasons for a choice (`## Why Redis instead of
            // Memcached?`, `## 4. Why XRPL`, `## 选型理由`), or by why its work is needed
            // (`## Warum löst diese Anforderung das Problem?`): a choice's reasons or the
            // problem, both the template's.
            if super::elsewhere::gives_reasons_heading(&section.title) {
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
    let entry_field_forms: Vec<Forms> = outline
        .shapes
        .iter()
        .flat_map(|s| s.entry_fields.iter().map(|f| field_forms(f)))
        .collect();
    let nfr = outline.index_of(super::nfr::NFR);
    let open_questions = outline.index_of("Open Questions");
    let data = outline.index_of("Data Models");
    let errors = outline.index_of("Error Handling");
    let decisions = outline.index_of(super::tables::DECISIONS);
    let mut principles: Option<(usize, String)> = None;
    // A part deeper down named for the decisions and giving a choice's reasons (`###
    // Key Decisions Made` under `## Research Context`, `#### Design Rationale` under a
    // component): the decisions, given there when no section holds them.
    let mut reasoned: Option<(usize, String, bool)> = None;
    // So for the errors: a part named for failures that lists failure cases (`### Failure
    // Model`, `### Timeout and Failure`, `### Edge Cases` over `- corrupt settings file →
    // defaults`), outside the tests.
    let mut failing: Option<(usize, String)> = None;
    let testing = outline.index_of("Testing Strategy");
    // Whether a title names a section by its name, or by nothing but its key word in
    // another language (`Tratamento de Erros`, `오류 처리`, `Fehlerfälle`).
    let names_itself = |title: &str, index: Option<usize>| {
        index.is_some_and(|index| {
            matcher.locate(title).map(|(found, _)| found) == Some(index)
                || (matcher.locate_by_key(title) == Some(index)
                    && matcher.is_key_alone(title, index))
        })
    };
    for h in doc.headings() {
        let (i, number, level, title) = (h.index, h.number, h.level, h.title);
        // Deeper still, only by the section's own name (`#### Dependencies` under `###
        // Technical Approach`).
        let deep = level == 4;
        if level == 2 || level > 4 {
            continue;
        }
        // Only inside a section whose entries have that field (Use Cases, API
        // Contracts); under another section, `### Error Cases` is the error section.
        let words = name_words(title);
        let in_entries = found.iter().zip(&outline.shapes).any(|(s, shape)| {
            !shape.entry_fields.is_empty() && s.as_ref().is_some_and(|s| s.body.contains(&i))
        });
        // (But a part of the section naming the errors that lists them, with their
        // conditions, is the error handling there: `### 6.12 Erros` over `| Código |
        // Condição |` under `## 6. API`.)
        // (Not an operation's own part, after its request or response: `### Errors`
        // under `### Response — Booking`.)
        let after_part = || {
            doc.lines[..i]
                .iter()
                .rev()
                .find_map(|l| {
                    l.heading
                        .as_ref()
                        .filter(|(lv, _)| !l.hidden && *lv <= level)
                })
                .is_some_and(|(lv, t)| {
                    *lv == level
                        && (super::operations::names_operation_part(t)
                            || super::operations::title_request(t).is_some())
                })
        };
        // Whether the part, up to a line, lists errors (statuses or codes with their
        // conditions).
        let part_lists_errors = |end: usize| {
            super::operations::lists_errors(
                doc,
                &Section {
                    title: title.to_string(),
                    name: display_name(title),
                    line: number,
                    body: i + 1..end,
                },
            )
        };
        let lists_all_errors = || {
            level == 3
                && errors.is_some_and(|e| found[e].is_none())
                && !after_part()
                && label_matches(&words, &field_forms("Errors"))
                && part_lists_errors(h.end)
        };
        // (Also two of them joined: `### Edge Cases & Error Scenarios` after the use
        // cases.)
        let names_entry_field =
            |words: &[String]| entry_field_forms.iter().any(|f| label_matches(words, f));
        let joined_fields = || {
            let parts = super::vocab::joined_names(title);
            parts.len() >= 2 && parts.iter().all(|p| names_entry_field(p))
        };
        if in_entries && (names_entry_field(&words) || joined_fields()) && !lists_all_errors() {
            continue;
        }
        // By name, or inside a section of requirements (`## Requirements` holding `###
        // Latency and Observability`) by a key word of the non-functional requirements:
        // a subsection named for a kind of quality is that section, up to the end of
        // the requirements; so is one named by nothing but another section's key word
        // (`### 6.6 인터페이스`). (A key word among others there names a functional
        // requirement: `### FR-1: Command Execution` is not the API.)
        let mut end = h.end;
        // The `## ` section around it: the last one starting before it (sections are in
        // order), if its body reaches it.
        let parent = sections[..sections.partition_point(|s| s.body.start <= i)]
            .last()
            .filter(|s| s.body.contains(&i));
        // Under the open questions, a part is about what is still open (`### Technical
        // Decisions` holding questions with options), not the section it names.
        if open_questions
            .and_then(|q| found[q].as_ref())
            .is_some_and(|q| parent.is_some_and(|p| p.line == q.line))
        {
            continue;
        }
        // Under a gate checking the plan against rules (spec-kit's `## Constitution
        // Check`, `## Phase 1 Post-Design Constitution Re-Check`), a part is a checklist
        // item: `### Performance & Observability` there checks, it states nothing.
        if parent.is_some_and(|p| names_a_gate(&p.title)) {
            continue;
        }
        if reasoned.is_none()
            && decisions.is_some_and(|d| found[d].is_none())
            && (level == 3 || level == 4)
            // (Not an operation's or a use case's part: `### RESTful API Principles`
            // under the API are the rules every operation follows.)
            && !in_entries
            && matcher.locate(title).is_none()
            && (matcher.locate_by_key(title) == decisions
                // (Or the design's reasons, by name: `#### Schema Design Rationale`.)
                || words.iter().any(|w| w == "rationale"))
            // (Principles alone are taken last, below; another section's are its rules,
            // `### Handling principles` the error handling's.)
            && !(words.iter().any(|w| w == "principle")
                && (matcher.is_key_alone(title, decisions.unwrap_or_default())
                    || matcher
                        .locate_by_key(
                            &words
                                .iter()
                                .filter(|w| *w != "principle")
                                .cloned()
                                .collect::<Vec<_>>()
                                .join(" "),
                        )
                        .is_some_and(|other| Some(other) != decisions)))
            // (A part that says it holds decisions holds them, reasons or not: `###
            // Decisões Fechadas pelo PRD`; the decisions' own check asks for them.)
            && let reasons = gives_reasons_in(doc, i + 1..h.end)
            && (reasons || names_decisions(title))
        {
            reasoned = Some((number, display_name(title), reasons));
        }
        if failing.is_none()
            && errors.is_some_and(|e| found[e].is_none())
            && (level == 3 || level == 4)
            && !in_entries
            && !testing
                .and_then(|t| found[t].as_ref())
                .is_some_and(|t| t.body.contains(&i))
            && ((matcher.locate_by_key(title) == errors || names_failures(&words))
                && failure_cases(doc, i + 1..h.end) >= 2
                // (Or named for the error handling itself, a requirement's or a feature's
                // part: `### FR-13: Error Handling`, `#### 4.1.4 Tratamento de Erros`,
                // `#### 8. Fehlerfälle`, over what it handles.)
                || (names_itself(super::vocab::without_requirement_id(title), errors)
                    && stated_lines(doc, i + 1..h.end) >= 2))
            // (Questions are not handling: spec-kit's `### Edge Cases` asking `- What
            // happens when the payment service is unavailable?`.)
            && !mostly_questions(doc, i + 1..h.end)
        {
            failing = Some((number, display_name(title)));
        }
        let in_requirements = parent.is_some_and(|p| names_requirements(&p.title));
        let by_key = || {
            (level == 3 && in_requirements && has_content(doc, i + 1..end))
                .then(|| matcher.locate_by_key(title))
                .flatten()
                .filter(|index| Some(*index) == nfr || matcher.is_key_alone(title, *index))
        };
        // (Or named by a closing remark, the heading's own words naming none: `### 3.4
        // System Features (Use Cases)` under an SRS's `## 3. Specific Requirements`.)
        let located = matcher
            .locate(title)
            .or_else(|| (!deep).then(|| remark_names(matcher, title)).flatten());
        // (A part named for retention that speaks only of users coming back, `### 8.2
        // Retention` over `- Day 7 retention` under the success metrics, is a product
        // metric, not the data kept.)
        if located.is_some_and(|(index, _)| Some(index) == nfr)
            && words.iter().any(|w| w == "retention")
            && {
                let mut told = doc.lines[i + 1..h.end]
                    .iter()
                    .filter(|l| !l.hidden && l.text.to_lowercase().contains("retention"))
                    .peekable();
                told.peek().is_some() && told.all(|l| super::nfr::user_retention(&l.text))
            }
        {
            continue;
        }
        let index = match located {
            Some((index, Naming::Name)) => index,
            // Deeper, also its whole name with words that qualify it (`#### Error
            // Handling Strategy` inside a flow).
            Some((index, _))
                if deep && {
                    let name = name_words(&outline.sections[index]);
                    !name.is_empty() && name.iter().all(|w| words.contains(w))
                } =>
            {
                index
            }
            Some(_) | None if deep => continue,
            Some((index, _)) => index,
            None => match by_key() {
                // (Only the qualities run on: `### User Stories` is itself.)
                Some(index) => {
                    if Some(index) == nfr {
                        end = parent.map_or(end, |p| p.body.end);
                    }
                    index
                }
                // Anywhere, a key word the part's content bears out: `### Sync API
                // Integration` giving `POST /field-data/sync`, `### Storage Schema`
                // declaring its tables.
                None => match matcher.locate_by_key(title) {
                    Some(index)
                        if level == 3
                            && ((Some(index) == api
                                && (!evidence::operations(doc, i + 1..end).is_empty()
                                    // (Or a library's calls, declared with their
                                    // types: `### 4. Search API (\`search.py\`)` over
                                    // `def search_sessions(query: str) -> List[..]`.)
                                    || evidence::typed_signatures(doc, i + 1..end)
                                    // (Or its tools tabled by name: `### MCP Tools (v1
                                    // — locked)` over `| Tool | Purpose |`.)
                                    || evidence::tool_table(doc, i + 1..end)))
                                || (Some(index) == data
                                    && evidence::shows_data_shapes(doc, i + 1..end))
                                // (`### Exception Hierarchy` over a tree of `HwccError`,
                                // `ConfigError`, `ParseError`.)
                                || (Some(index) == errors
                                    && (evidence::names_error_types(doc, i + 1..end)
                                        // (Or the errors listed, as statuses or codes:
                                        // `### Formato de erro` over `| 409 |
                                        // EMAIL_DUPLICADO |`, named so before any
                                        // remark: `### 4.7 Кодування назв — тихе
                                        // джерело помилок №1` is about names.)
                                        || (matcher.locate_by_key(title_head(title))
                                            == Some(index)
                                            && part_lists_errors(end))))
                                // A heading in another script that is nothing but a
                                // section's key word (`### 1.2 技術スタック`, `### 2.3
                                // データモデル`) names that section.
                                // (A database must be borne out by data: `### 9.4 数据库`
                                // over the database file's name and its backup folder
                                // is deployment; `### データモデル` is the data model.)
                                || (names_in_another_language(title, &outline.sections[index])
                                    && (Some(index) != data
                                        || !names_a_database(title)
                                        || evidence::shows_data_shapes(doc, i + 1..end)))
                                // (`### User Stories`, `### Concrete Use Cases` under an
                                // RFC's `## Proposal`, over the users' steps or stories;
                                // not a part of another template section, a test plan's
                                // `### Scenarios`; nor one of them, `### User Story 1 -
                                // Create an account`.)
                                // (In other languages too, over use cases of their own:
                                // `### 6.2 Detalhamento dos Casos de Uso` over `####
                                // UC01 - Cadastrar Cliente`.)
                                || (Some(index) == use_cases
                                    && [
                                        "use cases",
                                        "user stories",
                                        "use-cases",
                                        "casos de uso",
                                        "cas d'utilisation",
                                        "anwendungsfälle",
                                        "用例",
                                        "ユースケース",
                                        "유스케이스",
                                    ]
                                    .iter()
                                    .any(|p| title.to_lowercase().contains(p))
                                    && parent.is_none_or(|p| {
                                        !found.iter().flatten().any(|s| s.line == p.line)
                                    })
                                    && doc.lines[i + 1..end].iter().any(|l| {
                                        !l.hidden
                                            && (list_item_text(&l.text).is_some()
                                                || l.heading
                                                    .as_ref()
                                                    .is_some_and(|(_, t)| titled_as_use_case(t)))
                                    }))) =>
                    {
                        index
                    }
                    // Nothing but the decisions' key word (Kiro's `### Key Design
                    // Principles` in the Overview) gives them when nothing else does:
                    // taken last, after every other form of the decisions.
                    Some(index)
                        if level == 3
                            && Some(index) == decisions
                            && principles.is_none()
                            && matcher.is_key_alone(title, index)
                            && words.iter().any(|w| w == "principle")
                            // (A list of them, under a heading naming nothing else: `###
                            // 1.1 Design Principle: Same Behavior, Faster` is one.)
                            && all_name_words(title) == words
                            && doc.lines[i + 1..end]
                                .iter()
                                .filter(|l| !l.hidden && list_item_text(&l.text).is_some())
                                .nth(1)
                                .is_some() =>
                    {
                        principles = Some((number, display_name(title)));
                        continue;
                    }
                    _ => continue,
                },
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
                "the section `{name}` is {}",
                part_place(doc, number, level, &display_name(title))
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
    let Placed {
        adopted,
        mut spread,
        operations: operation_sections,
    } = placement::place_by_content(
        &Context {
            doc,
            sections,
            outline,
            matcher,
            overview,
            api,
            extra: &extra,
            entry_field_forms: &entry_field_forms,
            use_case_field_forms: use_case_fields,
        },
        &mut found,
        out,
    );
    // Principles are the design's choices, stated without the options they were chosen
    // from: the decisions in another form, not a decision record each is checked as.
    if let Some((number, name)) = principles {
        spread_once(
            outline,
            &found,
            &mut spread,
            out,
            decisions,
            number,
            |section| {
                (
                    format!(
                        "the section `{section}` is given as design principles in `{name}` (line {number})"
                    ),
                    format!(
                        "Record each choice in `## {section}`, with the options considered and its rationale."
                    ),
                )
            },
        );
    }
    super::elsewhere::place_elsewhere(
        doc,
        sections,
        tables,
        outline,
        &found,
        &mut spread,
        super::elsewhere::NamedParts {
            decisions: reasoned,
            errors: failing,
        },
        out,
    );
    report_extra(&found, &adopted, out);
    let hidden = std::cell::OnceCell::new();
    for (index, name) in outline.sections.iter().enumerate() {
        if found[index].is_some() || (overview == Some(index) && !overview_parts.is_empty()) {
            continue;
        }
        // A section whose heading a stray fence turned into code is there as written
        // and missing as read: the fence is what to mend (not where its parts seem to
        // be spread, read as they are).
        let hidden = hidden.get_or_init(|| hidden_in_code(doc, matcher));
        if let Some((_, line, title, opened)) = hidden.iter().find(|h| h.0 == index) {
            let spread_note = format!("the section `{name}` ");
            out.retain(|f| !(f.rule == "section-spread" && f.message.starts_with(&spread_note)));
            out.push(error(
                *line,
                "fence-hides-section",
                format!(
                    "the section `{name}` is hidden in a code block: `## {title}` on line {line} is inside the block opened on line {opened}"
                ),
                "Close the code block before the heading: a fence ends only at a bare line of as many backticks (or tildes) as opened it.",
            ));
            continue;
        }
        if spread.contains(&index) {
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
        continued: continuations,
        one_use_case,
    }
}

/// The `## ` headings naming a template section that code blocks hold, the first for
/// each section, as (its outline index, its line, its title, the line of the fence that
/// opened its block): when the block names a language that is no Markdown (```` ````json
/// ```` over `## Database Changes`), or names none and opens an inner block with a
/// language after the heading (a closing fence written twice, then `## 10. Testing
/// Strategy` over ```` ```ts ````). A Markdown example in a bare or `markdown` fence is
/// code on purpose. (Each heading is located once, whatever the number of sections.)
fn hidden_in_code(
    doc: &Doc,
    matcher: &super::outline::SectionMatcher,
) -> Vec<(usize, usize, String, usize)> {
    use super::syntax::fence_language;
    let mut hidden: Vec<(usize, usize, String, usize)> = Vec::new();
    for &(opened, last) in &doc.code_blocks {
        let language = fence_language(&doc.lines[opened - 1].text).unwrap_or_default();
        if matches!(
            language.as_str(),
            "markdown" | "md" | "mdx" | "text" | "txt" | "plain" | "plaintext"
        ) {
            continue;
        }
        // (Between the opening and the last line: a closing fence holds no heading.)
        let inside = &doc.lines[opened..last.saturating_sub(1).max(opened)];
        // In a bare block, the headings before its last inner fence naming a language.
        let upto = if language.is_empty() {
            inside
                .iter()
                .rposition(|n| {
                    fence_language(&n.text)
                        .is_some_and(|l| l.starts_with(|c: char| c.is_ascii_alphabetic()))
                })
                .unwrap_or(0)
        } else {
            inside.len()
        };
        for l in &inside[..upto] {
            if let Some((2, title)) = super::syntax::heading(&l.text)
                && let Some((index, _)) = matcher.locate(title)
                && !hidden.iter().any(|h| h.0 == index)
            {
                hidden.push((index, l.number, title.to_string(), opened));
            }
        }
    }
    hidden
}

/// The parts of a use case a document that is one use case gives as sections, beside
/// the template's use case fields and their synonyms.
const USE_CASE_PARTS: [&str; 6] = ["input", "inputs", "output", "outputs", "trigger", "steps"];

/// Whether a heading names a command line in code (`` 46. `gacils run` Flags ``, ``
/// `td add <title>` ``): a command word and more, not a request (`` `POST /x` ``).
fn titled_by_command(title: &str) -> bool {
    let mut spans = title.split('`');
    let (Some(_), Some(code)) = (spans.next(), spans.next()) else {
        return false;
    };
    let mut words = code.split_whitespace();
    let (Some(first), Some(_)) = (words.next(), words.next()) else {
        return false;
    };
    first
        .chars()
        .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || "-_.".contains(c))
        && first.starts_with(|c: char| c.is_ascii_lowercase())
        && !code.contains('/')
}

/// Where a section found as a part of another is: `` `### Testing Strategy` on line 40,
/// not a `## ` section ``; in a spec whose sections are `# ` headings, as written
/// (`` `## 1.2 Technology Stack` on line 56, a part of another section ``).
pub(crate) fn part_place(doc: &Doc, number: usize, level: usize, name: &str) -> String {
    match doc.sections_at_level_one {
        Some(_) => {
            let text = doc.lines[number - 1].text.trim_start();
            let written = text.len() - text.trim_start_matches('#').len();
            let hashes = "#".repeat(if written > 0 { written } else { level - 1 });
            format!("`{hashes} {name}` on line {number}, a part of another section")
        }
        None => format!(
            "`{} {name}` on line {number}, not a `## ` section",
            "#".repeat(level)
        ),
    }
}

/// The finding for a section that appears a second time.
/// A section continuing the template's `name`, found as `home` just before it.
fn continued(section: &Section, home: &Section, name: &str) -> Finding {
    note(
        section.line,
        "section-continued",
        format!(
            "the section `{}` continues `{}`, the template's `{name}`",
            section.name, home.name
        ),
        &format!("Make it a `### ` part of `## {}`.", home.name),
    )
}

fn duplicate(section: &Section, first: &Section) -> Finding {
    error(
        section.line,
        "duplicate-section",
        format!(
            "the section `{}` appears a second time (first on line {})",
            section.name, first.line
        ),
        "Merge the two sections into the first one.",
    )
}

/// Whether a heading is titled as one use case, numbered after `UC` (`UC01 - Cadastrar
/// Cliente`, `UC-2: Export`, `UC 3`).
fn titled_as_use_case(title: &str) -> bool {
    after_use_case_number(title).is_some()
}

/// Whether a heading is titled as one use case with a name after its number, past the
/// section's own (`4. UC1 — Abrir bilhete`, `UC-2: Cancel a booking`; not `UC-4` alone,
/// nor `UC12b notes`).
pub(crate) fn numbered_use_case(title: &str) -> bool {
    after_use_case_number(title).is_some_and(|rest| {
        rest.starts_with(|c: char| !c.is_alphanumeric())
            && rest
                .trim_start_matches(|c: char| !c.is_alphanumeric())
                .starts_with(char::is_alphabetic)
    })
}

/// What follows a use case's number in a heading titled by one (`: Export` in `UC-2:
/// Export`), past the section's own number; `None` when it is titled by none.
fn after_use_case_number(title: &str) -> Option<&str> {
    let t = super::vocab::strip_numbering(title.trim()).trim_start_matches(['*', '`']);
    let rest = t
        .get(..2)
        .filter(|p| p.eq_ignore_ascii_case("uc"))
        .map(|_| t[2..].trim_start_matches(['-', ' ']))?;
    let number = rest.trim_start_matches(|c: char| c.is_ascii_digit());
    (number.len() < rest.len()).then_some(number)
}

/// The section a heading's closing remark names outright, when its name does not
/// (`## 1) Feature set (overview)`): that section under another name.
fn remark_names(matcher: &SectionMatcher, title: &str) -> Option<(usize, Naming)> {
    // (Bold or not: `## **4\. Verifikasi (Verification)**`.)
    let inner = title
        .trim()
        .trim_matches(['*', '_'])
        .trim_end()
        .strip_suffix(')')?;
    let at = inner.rfind('(')?;
    let remark = &inner[at + 1..];
    match matcher.locate(remark) {
        Some((index, Naming::Name)) => Some((index, Naming::Alias)),
        // Or one of its other names, the heading's own words naming no section
        // (`## 4. Verifikasi (Verification)`, the English name after the Indonesian).
        Some((index, Naming::Alias)) if matcher.locate(&inner[..at]).is_none() => {
            Some((index, Naming::Alias))
        }
        _ => None,
    }
}

/// Whether a heading is nothing but one of a section's names in another language
/// (`### 1.2 技術スタック`, `### 4.4 Manejo de Errores`).
fn names_in_another_language(title: &str, section: &str) -> bool {
    // The names reduced to words once per process.
    type Names = Vec<(Vec<String>, Vec<Vec<String>>)>;
    static NAMES: std::sync::OnceLock<Names> = std::sync::OnceLock::new();
    let names = NAMES.get_or_init(|| {
        super::vocab::KEYS_IN_OTHER_LANGUAGES
            .iter()
            .map(|(name, keys)| {
                (
                    name_words(name),
                    keys.iter().map(|k| name_words(k)).collect(),
                )
            })
            .collect()
    });
    // The same keys without accents, for the forms below.
    static FOLDED: std::sync::OnceLock<Names> = std::sync::OnceLock::new();
    let folded_names = FOLDED.get_or_init(|| {
        names
            .iter()
            .map(|(name, keys)| {
                (
                    name.clone(),
                    keys.iter()
                        .map(|k| k.iter().map(|w| super::outline::fold_accents(w)).collect())
                        .collect(),
                )
            })
            .collect()
    });
    let words = name_words(title);
    let section = name_words(section);
    if words.is_empty() {
        return false;
    }
    if names
        .iter()
        .filter(|(name, _)| *name == section)
        .any(|(_, keys)| keys.contains(&words))
    {
        return true;
    }
    // A key of two words or more with one word more, said without accents or with them
    // (`### Decisões técnicas implementadas`, `### Decisiones tecnicas cerradas`), when
    // no other section's key is that heading's.
    let folded: Vec<String> = words
        .iter()
        .map(|w| super::outline::fold_accents(w))
        .collect();
    let fits = |keys: &Vec<Vec<String>>| {
        keys.iter().any(|k| {
            k.len() >= 2
                && folded.len() == k.len() + 1
                && (folded.starts_with(k) || folded.ends_with(k))
        })
    };
    let fitting: Vec<&Vec<String>> = folded_names
        .iter()
        .filter(|(_, keys)| fits(keys))
        .map(|(name, _)| name)
        .collect();
    if fitting == [&section] {
        return true;
    }
    // Or two names joined by `and` in the heading's language, one of them a key
    // (`### Assunzioni e dipendenze`: assumptions and dependencies).
    let lower = title.to_lowercase();
    let joined = lower
        .split_whitespace()
        .any(|w| super::vocab::AND_WORDS.contains(&w));
    if joined && folded.len() == 2 {
        let named: Vec<&Vec<String>> = folded_names
            .iter()
            .filter(|(_, keys)| keys.iter().any(|k| k.len() == 1 && folded.contains(&k[0])))
            .map(|(name, _)| name)
            .collect();
        if named == [&section] {
            return true;
        }
    }
    // In a script written without spaces, one word holding the key with a qualifier of
    // two characters at most (`核心技术栈`, core tech stack; `技术栈选型`, its
    // selection), when no other section's key is in it (`性能测试` is testing as much
    // as performance).
    let [word] = words.as_slice() else {
        return false;
    };
    if !word.chars().all(super::vocab::unspaced_script) {
        return false;
    }
    let holds = |keys: &Vec<Vec<String>>| {
        keys.iter().any(|k| {
            matches!(k.as_slice(), [key] if key.chars().all(super::vocab::unspaced_script)
                && word.contains(key.as_str())
                && word.chars().count() <= key.chars().count() + 2)
        })
    };
    let holding: Vec<&Vec<String>> = names
        .iter()
        .filter(|(_, keys)| holds(keys))
        .map(|(name, _)| name)
        .collect();
    holding == [&section]
}

/// Whether a section is the document's name under its `# ` title: the first section,
/// right under the title, holding nothing but labelled metadata (`## Push Notification
/// Service` over `**Version:** 1.0` and `**Status:** Draft`).
fn names_the_document(doc: &Doc, sections: &[Section], section: &Section) -> bool {
    let first = sections.first().is_some_and(|f| f.line == section.line);
    let heading = section.line - 1;
    // The title written one level down, on the first line (`## 🧩 SmartCharge Predictor
    // – Technical Specification`): `missing-title` says so.
    let opens = doc.lines[..heading]
        .iter()
        .all(|l| l.hidden || l.text.trim().is_empty());
    // (Or opening with it: `## Technical Specification: Mentor–Mentee Matchmaker`.)
    if first && opens {
        let name = display_name(&section.title).to_lowercase();
        let suffix = TITLE_SUFFIX.to_lowercase();
        if name.ends_with(&suffix)
            || name
                .strip_prefix(&suffix)
                .is_some_and(|rest| rest.trim_start().starts_with([':', '—', '–', '-']))
        {
            return true;
        }
    }
    let under_title = right_under_title(doc, heading, false);
    let labelled = |l: &super::doc::Line| {
        label_of(&l.text).is_some_and(|(_, _, rest)| !rest.trim().is_empty())
    };
    let body = &doc.lines[section.body.clone()];
    if names_the_document_only(doc, sections, section) {
        return true;
    }
    // The cover page by name, first under the title (`## 📄 Deckblatt` over the project's
    // name, version and a line on it): the document's name block, whatever it holds.
    if first
        && matches!(
            normalize(&display_name(&section.title)).as_str(),
            "deckblatt"
                | "cover page"
                | "cover sheet"
                | "title page"
                | "page de garde"
                | "portada"
                | "folha de rosto"
                | "frontespizio"
                | "титульный лист"
                | "封面"
        )
        // (Past a rule: `# Pflichtenheft`, `---`, then `## 📄 Deckblatt`.)
        && right_under_title(doc, heading, true)
    {
        return true;
    }
    // A run of short sections right under the title, each named for a fact about the
    // document (`## Product Name` over `**SketchBoard**`, then `## Version`, `##
    // Status`, `## Audience`): its name block, a value each. (A few: a name block is
    // short, and each section is looked at once per lookup.)
    const NAME_BLOCK: usize = 8;
    let fact = |s: &Section| {
        let name = normalize(&display_name(&s.title));
        (names_metadata(&name)
            || matches!(
                name.as_str(),
                "status" | "audience" | "product name" | "name" | "product"
            ))
            && {
                // (A value or a few, and no part of its own: one pass over the body.)
                let mut shown = doc.lines[s.body.clone()]
                    .iter()
                    .filter(|l| !l.hidden && !l.text.trim().is_empty());
                shown.by_ref().take(4).all(|l| l.heading.is_none()) && shown.next().is_none()
            }
    };
    if let Some(first) = sections.first()
        && fact(section)
        && doc.lines[..first.line - 1]
            .iter()
            .rev()
            .find(|l| !l.text.trim().is_empty())
            .is_some_and(|l| matches!(l.heading, Some((1, _))))
        && sections
            .iter()
            .take(NAME_BLOCK)
            .position(|s| s.line == section.line)
            .is_some_and(|k| sections[..=k].iter().all(fact))
    {
        return true;
    }
    // A subtitle naming the kind of document (`## Product Requirements Document v1`
    // under `# GAIA — ...`), whatever the lines under it say.
    if first && under_title && names_document_kind(&section.title) {
        return true;
    }
    // A subtitle: nothing under it (`## Building a ChatGPT-Native Memory Platform` then
    // `---`).
    let empty = body.iter().all(|l| {
        let text = l.text.trim();
        l.hidden || text.is_empty() || is_thematic_break(text)
    });
    if first && under_title && empty {
        return true;
    }
    // (Two labels or more: `## Priority` over `**P1 (High)** - ...` is a section.)
    first
        && under_title
        && body.iter().filter(|l| labelled(l)).nth(1).is_some()
        && body.iter().all(|l| {
            let text = l.text.trim();
            text.is_empty() || is_thematic_break(text) || labelled(l)
        })
}

/// Whether a heading names only a kind of document, with a version or not: `Product
/// Requirements Document v1`, `Technical Design Document`, `PRD`.
fn names_document_kind(title: &str) -> bool {
    let words: Vec<String> = name_words(&display_name(title))
        .into_iter()
        .filter(|w| {
            let v = w.trim_start_matches('v');
            !(v.starts_with(|c: char| c.is_ascii_digit())
                && v.chars().all(|c| c.is_ascii_digit() || c == '.'))
                && w != "version"
        })
        .collect();
    let words: Vec<&str> = words.iter().map(String::as_str).collect();
    matches!(
        words.as_slice(),
        ["product", "requirements", "document"]
            | ["product", "requirement", "document"]
            | ["prd"]
            | ["technical", "design", "document"]
            | ["design", "document"]
            | ["software", "requirements", "specification"]
            | ["srs"]
            | ["requirements", "document"]
    )
}

/// Whether a section holds nothing but labels and their values (bold, plain, `- Version:
/// 1.1`, or a table of them, `| **Versão** | 1.0.0 |`), two of them or more naming a
/// document's metadata.
fn holds_only_metadata(doc: &Doc, section: &Section) -> bool {
    let body = &doc.lines[section.body.clone()];
    let mut metadata = 0usize;
    let labels = body.iter().enumerate().all(|(k, l)| {
        // (Also quoted: `> **Status:** Draft`.)
        let text = l.text.trim().trim_start_matches('>').trim_start();
        if l.hidden || text.is_empty() || is_thematic_break(text) {
            return true;
        }
        // (Under a heading naming them: `### Document Information` over `- **Version**:`.)
        if let Some((_, title)) = &l.heading {
            return name_words(title).iter().all(|w| {
                matches!(
                    w.as_str(),
                    // (`### Related Documents` under `## Metadata`: links to others.)
                    "document"
                        | "related"
                        | "information"
                        | "info"
                        | "metadata"
                        | "control"
                        | "detail"
                        | "details"
                )
            });
        }
        if text.starts_with('|') {
            let header = body.get(k + 1).is_some_and(|n| is_delimiter_row(&n.text));
            let cells = super::syntax::split_row(text);
            metadata += usize::from(cells.first().is_some_and(|c| names_metadata(c)));
            return header || is_delimiter_row(text) || cells.len() == 2;
        }
        if let Some((_, _, rest)) = label_of(text) {
            // (Several on one line: `**Version:** 1.0 · **Date:** 2026-06-14`.)
            metadata += super::syntax::bold_labels(text)
                .iter()
                .filter(|l| names_metadata(l.name))
                .count();
            return !rest.trim().is_empty();
        }
        super::syntax::plain_label(text).is_some_and(|(label, rest)| {
            metadata += usize::from(names_metadata(label));
            !rest.is_empty()
        })
    });
    labels && metadata >= 2
}

/// Whether a section right under the `# ` title, the first, holds only the document's
/// metadata (`## Informações gerais` over a table of Projeto, Versão and Status): it names
/// the document, whatever its heading says.
fn names_the_document_only(doc: &Doc, sections: &[Section], section: &Section) -> bool {
    let first = sections.first().is_some_and(|f| f.line == section.line);
    first && right_under_title(doc, section.line - 1, false) && holds_only_metadata(doc, section)
}

/// Whether the last line with text before a heading (its index) is the `# ` title;
/// `past_rules` looks past thematic breaks to it.
fn right_under_title(doc: &Doc, heading: usize, past_rules: bool) -> bool {
    doc.lines[..heading]
        .iter()
        .rev()
        .find(|l| {
            let text = l.text.trim();
            let rule = past_rules && is_thematic_break(text);
            !text.is_empty() && !rule
        })
        .is_some_and(|l| matches!(l.heading, Some((1, _))))
}

/// Whether a heading names a gate the plan is checked at: `Constitution Check`, `Gate
/// Check`, `Post-Design Constitution Re-Check`.
fn names_a_gate(title: &str) -> bool {
    let words = super::vocab::all_name_words(title);
    let has = |w: &str| words.iter().any(|x| x == w);
    has("constitution") || ((has("gate") || has("gates")) && (has("check") || has("checks")))
}

/// Whether a label names a document's metadata (`Version`, `Status`, `Tech Lead`,
/// `Projeto`, `版本`), in a table's first column or before a colon.
fn names_metadata(label: &str) -> bool {
    const KEYS: &[&str] = &[
        "version",
        "versao",
        "versione",
        "версия",
        "版本",
        "バージョン",
        "버전",
        "author",
        "authors",
        "autor",
        "autores",
        "auteur",
        "автор",
        "作者",
        "著者",
        "작성자",
        "owner",
        "owners",
        "date",
        "data",
        "fecha",
        "datum",
        "дата",
        "日期",
        "日付",
        "날짜",
        "created",
        "updated",
        "last updated",
        "ultima atualizacao",
        "ultima actualizacion",
        "source",
        "service",
        "project",
        "projeto",
        "proyecto",
        "projet",
        "projekt",
        "проект",
        "项目",
        "module",
        "modulo",
        "tech lead",
        "reviewers",
        "reviewer",
        "approvers",
        "team",
        "equipe",
        "equipo",
        "revision",
        "revisao",
        "document",
        "documento",
        "category",
        "tags",
        "stakeholders",
        "responsavel",
        "responsable",
        // (Korean: the date written and the date changed, `작성일`, `최종 수정일`.)
        "작성일",
        "수정일",
    ];
    let key = super::outline::fold_accents(&normalize(label.trim().trim_matches('*')));
    // (Or, in Chinese, Japanese or Korean, closing a compound naming whose it is:
    // `文档版本`, the document's version; `创建日期`, the date created; `최종 수정일`, the
    // date last changed.)
    KEYS.iter()
        .any(|k| key == *k || (!k.is_ascii() && k.chars().count() >= 2 && key.ends_with(k)))
        || super::vocab::STATUS_WORDS.contains(&key.as_str())
}

/// Whether a heading names a database rather than a data model (`数据库`, `Datenbank`,
/// `Baza danych`).
fn names_a_database(title: &str) -> bool {
    super::vocab::has_word_or_part(
        title,
        &[],
        &[
            "数据库",
            "資料庫",
            "データベース",
            "데이터베이스",
            "datenbank",
            "baza danych",
            "base de datos",
            "banco de dados",
            "base de données",
            "база данных",
            "база даних",
            "veritabanı",
        ],
    )
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
    // (And the stack as a manifest: `## Tech Stack Overview` over a JSON of packages.)
    words == name_words("API Contracts")
        || words == name_words("Data Models")
        || words == name_words("Dependencies")
}

/// Whether a range holds more than code, headings and rules: prose, a list or a table.
pub(crate) fn has_content(doc: &Doc, body: std::ops::Range<usize>) -> bool {
    doc.lines[body].iter().any(|l| {
        !l.hidden
            && l.heading.is_none()
            && !l.text.trim().is_empty()
            && !is_thematic_break(l.text.trim())
    })
}

/// A heading that names requirements or constraints (`## Requirements`, `## System
/// Constraints & Requirements`).
pub(crate) fn names_requirements(title: &str) -> bool {
    name_words(title).iter().any(|w| {
        matches!(
            w.as_str(),
            "requirement" | "constraint" | "требования" | "требований" | "requisitos"
        )
            // (`要件定義`, `需求分析`, `요구사항`: inside a word.)
            || ["要件", "需求", "요구사항"].iter().any(|k| w.contains(k))
    })
}

pub(crate) fn alias_note(section: &Section, template: &str, out: &mut Vec<Finding>) {
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
        // user scenarios, `### 3.3 Explicit non-goals` under the requirements) gives the
        // field, out of place. (Not a use case's: each entry gives its own.)
        let overview = normalize(&shape.section) == normalize(OVERVIEW);
        // (Or one part of a joined heading: `## Risks / Edge Cases`.)
        let names_field = |title: &str| {
            let parts: Vec<&str> = title
                .split(['/', '&'])
                .flat_map(|part| part.split(" and "))
                .collect();
            label_matches(&name_words(title), &forms)
                || (parts.len() > 1
                    && parts
                        .iter()
                        .any(|part| label_matches(&name_words(part), &forms)))
        };
        let own_section = (!core || overview)
            && doc.lines.iter().any(|l| {
                !l.hidden
                    && l.number != section.line
                    && !section.body.contains(&(l.number - 1))
                    && l.heading
                        .as_ref()
                        .is_some_and(|(_, title)| names_field(title))
            })
            || sections
                .iter()
                .any(|s| s.line != section.line && label_matches(&name_words(&s.title), &forms));
        if own_section && doc.field(section.body.clone(), &forms).is_none() {
            continue;
        }
        // Named in prose here, or for the integration tests anywhere in the spec (a
        // manual end-to-end check in a section of its own).
        if !core
            && doc.field(section.body.clone(), &forms).is_none()
            && (mentioned(doc, section.body.clone(), label)
                || (name_words(label) == name_words("Integration tests")
                    && (mentioned(doc, 0..doc.lines.len(), label)
                        || integration_kind_in_cell(doc, section.body.clone()))))
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

/// Whether most list items of a range are questions (`- What happens when ...?`).
/// The lines of a range that state something: list items, table rows past the header,
/// lines of prose and of code, not headings, rules or blank lines.
fn stated_lines(doc: &Doc, body: std::ops::Range<usize>) -> usize {
    doc.lines[body]
        .iter()
        .filter(|l| {
            let t = l.text.trim();
            !l.hidden
                && l.heading.is_none()
                && !t.is_empty()
                && !t.starts_with("```")
                && !t.chars().all(|c| matches!(c, '-' | '*' | '_' | ' '))
                && !is_delimiter_row(t)
        })
        .count()
}

fn mostly_questions(doc: &Doc, body: std::ops::Range<usize>) -> bool {
    let (mut items, mut questions) = (0usize, 0usize);
    for l in doc.lines[body].iter().filter(|l| !l.hidden && !l.fence) {
        if let Some(item) = list_item_text(&l.text) {
            items += 1;
            questions += usize::from(item.trim_end().ends_with(['?', '？']));
        }
    }
    questions * 2 > items
}

/// Whether a title's words name what fails or how the system bears it (`Resilience`,
/// `Fault Tolerance`, `Edge Cases`, `Timeouts`, `Graceful Degradation`).
fn names_failures(words: &[String]) -> bool {
    words.iter().any(|w| {
        matches!(
            w.as_str(),
            "resilience"
                | "fault"
                | "degradation"
                | "timeout"
                | "timeouts"
                | "fallback"
                | "fallbacks"
        )
    }) || words
        .windows(2)
        .any(|p| p[0] == "edge" && (p[1] == "case" || p[1] == "cases"))
}

/// Whether a title says it holds decisions (`Key Decisions Made`, `Decisões Fechadas`,
/// `Зафиксированные решения`, `技术决策`), not only choices or principles.
fn names_decisions(title: &str) -> bool {
    let lower = title.to_lowercase();
    [
        "decision",
        "decisõe",
        "decisione",
        "décision",
        "entscheid",
        "решени",
        "决策",
        "決定",
        "결정",
    ]
    .iter()
    .any(|d| lower.contains(d))
}

/// Whether a part gives a choice's reason in a list item or a line of prose (`- Use
/// PostgreSQL because bookings need transactions`), up to the next heading.
fn gives_reasons_in(doc: &Doc, body: std::ops::Range<usize>) -> bool {
    doc.lines[body]
        .iter()
        .take_while(|l| l.heading.is_none() || l.hidden)
        .any(|l| {
            !l.hidden
                && !l.fence
                && !l.text.trim_start().starts_with('|')
                && super::tables::gives_reason(list_item_text(&l.prose).unwrap_or(&l.prose))
        })
}

/// Whether a table in the testing section gives a test's kind as integration in a cell of
/// its own (`| cli/* | Integration | Command execution with test fixtures |`, `|
/// Integrazione |`), as `| Unit |` rows give the unit tests.
fn integration_kind_in_cell(doc: &Doc, body: std::ops::Range<usize>) -> bool {
    doc.lines[body]
        .iter()
        .filter(|l| !l.hidden && !l.fence && l.text.trim_start().starts_with('|'))
        .flat_map(|l| super::syntax::split_row(&l.text))
        .any(|cell| {
            let cell = super::outline::fold_accents(&cell.trim().to_lowercase());
            matches!(
                cell.as_str(),
                "integration" | "integracao" | "integracion" | "integrazione" | "integrationstest"
            )
        })
}

/// Whether the prose of a range talks about the field without its label (`Write unit
/// tests covering ...` for **Unit tests**).
fn mentioned(doc: &Doc, body: std::ops::Range<usize>, label: &str) -> bool {
    if name_words(label) == name_words("Unit tests")
        && (names_test_functions(doc, body.clone())
            || doc.lines[body.clone()].iter().any(|l| {
                // (Also in brackets: `component test (Vitest + React Testing Library)`.)
                super::vocab::names_test_runner(&super::vocab::all_name_words(
                    &l.text.replace(['(', ')', '[', ']'], " "),
                ))
            }))
    {
        return true;
    }
    // Given / When / Then scenarios exercise the whole feature: integration tests.
    if name_words(label) == name_words("Integration tests")
        && (evidence::scenarios(doc, body.clone()) >= 1
            || names_integration_test_file(doc, body.clone()))
    {
        return true;
    }
    // Tests of failure or boundary conditions, two or more listed (`- empty content
    // returns an error`, `| image over 5 MB | bails with the size |`), are the edge cases.
    if name_words(label) == name_words("Edge cases to cover")
        && failure_cases(doc, body.clone()) >= 2
    {
        return true;
    }
    let phrases = super::vocab::mention_forms(label);
    !phrases.is_empty()
        && doc.lines[body].iter().filter(|l| !l.hidden).any(|l| {
            // (Words in brackets and code spans count: `automated tests (unit,
            // integration, e2e)`, `` `edge-cases.test.ts` ``.)
            let words = super::vocab::all_name_words(&l.text.replace(['(', ')', '[', ']'], " "));
            // (Not denied: `no integration tests`, `sem integration tests de HTTP`.)
            let denied = |at: usize| {
                words[at.saturating_sub(2)..at].iter().any(|w| {
                    matches!(
                        w.as_str(),
                        "no" | "not"
                            | "without"
                            | "sem"
                            | "sin"
                            | "sans"
                            | "ohne"
                            | "kein"
                            | "keine"
                    )
                })
            };
            phrases.iter().any(|p| {
                words
                    .windows(p.len())
                    .enumerate()
                    .any(|(at, w)| w == &p[..] && !denied(at))
                    || (!super::vocab::has_phrase(&words, p)
                        && super::vocab::holds_phrase(&words, p))
            })
        })
}

/// The list items and table rows of a range that name a failure or boundary condition,
/// or the lines of its paragraph naming the most of them (`... private/invalid IP ...,
/// missing/ partial credentials, 401/403/404/429/5xx/timeout ...` over lines of prose).
fn failure_cases(doc: &Doc, body: std::ops::Range<usize>) -> usize {
    // (Words in brackets count: `slow provider (timeout, fallback)`. So does an error
    // status: `403 for HR_MANAGER`.)
    let names = |line: &super::doc::Line| {
        super::vocab::names_failure_case(&super::vocab::all_name_words(
            &line.text.replace(['(', ')', '[', ']'], " "),
        )) || line.text.split_whitespace().any(|w| {
            super::operations::is_error_status(w.trim_matches(|c: char| !c.is_ascii_alphanumeric()))
        })
    };
    // The cases an item lists in brackets, each naming a failure (`each RPC (happy path,
    // wrong role, double-verify, overlap)`): as many cases.
    let bracketed = |line: &super::doc::Line| {
        let t = &line.text;
        match (t.find('('), t.rfind(')')) {
            (Some(open), Some(close)) if close > open => t[open + 1..close]
                .split([',', '/', ';'])
                .filter(|part| {
                    super::vocab::names_failure_case(&super::vocab::all_name_words(part))
                })
                .count(),
            _ => 0,
        }
    };
    let mut listed = 0usize;
    let mut paragraph = 0usize;
    let mut most = 0usize;
    // (A paragraph in italics or quoted is a remark: `_No derivable surface — no Error
    // Cases ..._` says there are none.)
    let mut aside = false;
    let mut started = false;
    // The list item a line continues, and whether it has been counted: an item's
    // lines are one case (`- Mock `run_git` to simulate push failures,` then
    // `  rebase conflicts.`).
    let mut open_item: Option<bool> = None;
    for line in &doc.lines[body] {
        let t = line.text.trim_start();
        let item = list_item_text(&line.text).is_some();
        let row = t.starts_with('|');
        if !line.hidden && !line.fence && (item || (row && !is_delimiter_row(t))) && names(line) {
            listed += bracketed(line).max(1);
        }
        let continues = !item
            && !row
            && !line.hidden
            && !line.fence
            && line.heading.is_none()
            && !t.is_empty()
            && open_item.is_some();
        if item && !line.hidden && !line.fence {
            open_item = Some(names(line));
        } else if continues {
            if open_item == Some(false) && names(line) {
                listed += 1;
                open_item = Some(true);
            }
            continue;
        } else {
            open_item = None;
        }
        // A test function in code named for one (`def test_invalid_date_format():`).
        if line.fence
            && t.split(|c: char| !(c.is_ascii_alphanumeric() || c == '_'))
                .filter(|w| w.starts_with("test_"))
                .any(|w| {
                    super::vocab::names_failure_case(&super::vocab::all_name_words(
                        &w.replace('_', " "),
                    ))
                })
        {
            listed += 1;
        }
        let prose = !line.hidden && line.heading.is_none() && !t.is_empty() && !item && !row;
        if !prose {
            paragraph = 0;
            started = false;
            continue;
        }
        if !started {
            started = true;
            aside = t.starts_with(['_', '>']) || (t.starts_with('*') && !t.starts_with("**"));
        }
        if !aside && names(line) {
            paragraph += 1;
            most = most.max(paragraph);
        }
    }
    // (One line of prose naming a failure, `Testable pass/fail conditions.`, lists none.)
    listed + if most >= 2 { most } else { 0 }
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
    // A test file is a suite of them.
    // (Or named in a code block: `// tests/saveManager.test.js` over its jest suite.)
    let in_code = || {
        doc.lines[body.clone()]
            .iter()
            .filter(|l| l.fence)
            .flat_map(|l| {
                l.text
                    .split(|c: char| c.is_whitespace() || matches!(c, '\'' | '"'))
            })
    };
    // Test functions declared in code, two or more (`#[test] fn parses_flags()`, `def
    // test_parse():`, `func TestParse(t *testing.T)`).
    let declared = doc.lines[body.clone()]
        .iter()
        .filter(|l| l.fence)
        .filter(|l| {
            let t = l.text.trim_start();
            t.starts_with("#[test]")
                || t.starts_with("def test_")
                || t.starts_with("async def test_")
                || t.starts_with("func Test")
                || (t.starts_with("fn ") && l.text.contains("#[test]"))
                // (Jest, Vitest and Mocha: `it('detects ...', async () => {`.)
                || ["it(", "test(", "it.each(", "test.each("]
                    .iter()
                    .any(|p| t.starts_with(p) && t.contains("=>"))
        })
        .count();
    declared >= 2
        || code_spans(doc, body.clone()).any(is_test_file)
        || in_code().any(is_test_file)
        || doc.lines[body.clone()]
            .iter()
            .filter(|l| !l.hidden)
            .filter(|l| l.text.split('`').skip(1).step_by(2).any(is_test_function))
            .count()
            >= 3
}

/// The inline code spans of a range's prose lines.
fn code_spans(doc: &Doc, body: std::ops::Range<usize>) -> impl Iterator<Item = &str> {
    doc.lines[body]
        .iter()
        .filter(|l| !l.hidden)
        .flat_map(|l| l.text.split('`').skip(1).step_by(2))
}

/// A heading that numbers one decision: `Decision 2: Configuration Inheritance`, `ADR-003:
/// Use Postgres`, `Decision #4`.
pub(crate) fn numbers_a_decision(title: &str) -> bool {
    let t = display_name(title);
    let lower = t.to_ascii_lowercase();
    let rest = lower
        .strip_prefix("decision")
        .or_else(|| lower.strip_prefix("adr"))
        .map(|r| r.trim_start_matches([' ', '-', '#']));
    rest.is_some_and(|r| {
        let digits = r.chars().take_while(char::is_ascii_digit).count();
        digits > 0
            && r[digits..]
                .trim_start()
                .chars()
                .next()
                .is_none_or(|c| matches!(c, ':' | '.' | '—' | '-' | ')'))
    })
}

/// A test file: `payments.test.ts`, `parser_test.go`, `test_parser.py`, `ModelTest.kt`,
/// `ParserTests.cs`.
fn is_test_file(span: &str) -> bool {
    let file = span.rsplit('/').next().unwrap_or(span);
    let stem = file.split('.').next().unwrap_or("");
    let camel = |suffix: &str| {
        stem.strip_suffix(suffix)
            .and_then(|head| head.chars().last())
            .is_some_and(|c| c.is_lowercase() || c.is_ascii_digit())
    };
    file.contains('.')
        && (file.contains(".test.")
            || file.contains(".spec.")
            || stem.ends_with("_test")
            || stem.starts_with("test_")
            || camel("Test")
            || camel("Tests"))
}

/// Whether a range names a test file of integration or end-to-end tests
/// (`integration_test.go`, `checkout.e2e.spec.ts`, `test_integration_sync.py`).
fn names_integration_test_file(doc: &Doc, body: std::ops::Range<usize>) -> bool {
    code_spans(doc, body).any(|span| {
        let file = span.rsplit('/').next().unwrap_or(span).to_lowercase();
        is_test_file(span) && (file.contains("integration") || file.contains("e2e"))
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
    // the feature is for: that is its goal, unlabelled. So does one opening with a
    // paragraph, before any label or part, when its goals are not labelled: `### What It
    // Is NOT` after the paragraph gives the non-goals and leaves the paragraph the goal.
    // (Its problem and non-goals still need saying.)
    let prose_only = overview.is_some_and(|o| {
        let labelled = shape
            .fields
            .iter()
            .any(|f| doc.field(o.body.clone(), &field_forms(f)).is_some());
        let long = |l: &&super::doc::Line| l.prose.split_whitespace().count() >= 8;
        let prose = doc.lines[o.body.clone()]
            .iter()
            .any(|l| !l.hidden && l.heading.is_none() && long(&l));
        let goals = field_forms("Goals");
        let goals_labelled = doc.field(o.body.clone(), &goals).is_some()
            || parts
                .iter()
                .any(|(s, _)| doc.field(s.body.clone(), &goals).is_some());
        // (A label has its colon: `**hwcc** (Hardware Context Compiler) turns ...` is
        // the paragraph.)
        let labelled_line = |t: &str| {
            label_of(t).is_some_and(|(_, name, _)| {
                t.contains(&format!("{name}:**")) || t.contains(&format!("{name}**:"))
            })
        };
        let lead = doc.lines[o.body.clone()]
            .iter()
            .filter(|l| !l.hidden)
            .take_while(|l| l.heading.is_none() && !labelled_line(&l.text))
            .any(|l| long(&l));
        (!labelled && prose) || (!goals_labelled && lead)
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
        // A `### ` heading of its own elsewhere (`### 4.2 Out of Scope` under `## 4.
        // Scope`) gives the field, out of place.
        if doc.field(body.clone(), &forms).is_none()
            && (heading_elsewhere(doc, &forms)
                || (name_words(label) == name_words("Non-goals")
                    && heading_opening_with(doc, &forms)))
        {
            continue;
        }
        // Non-goals listed after a sentence that excludes them (`The first release does
        // not include:`), or stated in the Overview itself (`- Secret storage (not in
        // scope here)`), are there, unlabelled; stated where they arise (`Multi-region
        // is a post-MVP extension`, `범위 밖`), they are given outside the Overview.
        if name_words(label) == name_words("Non-goals") && doc.field(body.clone(), &forms).is_none()
        {
            match exclusions(doc, &bodies) {
                Exclusions::There => continue,
                Exclusions::Elsewhere(line, phrase) => {
                    out.push(note(
                        line,
                        "overview-split",
                        format!(
                            "the Overview's **{label}** are stated outside it: `{phrase}` on line {line}"
                        ),
                        &format!(
                            "Gather them as `- **{label}**: ...` in `## {}`.",
                            shape.section
                        ),
                    ));
                    continue;
                }
                Exclusions::None => {}
            }
        }
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

/// Where a spec says, unlabelled, what the work leaves out.
enum Exclusions {
    /// Nowhere.
    None,
    /// In the Overview, or as a list under a sentence excluding it, or a sentence
    /// stating it (`Out of scope: the session mechanism ...`): the non-goals are there.
    There,
    /// Only on a line outside the Overview (`TTL enforcement is not part of this
    /// feature`): the first such line and the phrase saying so.
    Elsewhere(usize, &'static str),
}

/// Reads the spec once for what it leaves out of the work: a sentence ending in a colon
/// over a list (`The first release does not include:`, `Out of scope for v1:`), a
/// sentence stating it (`installation steps are explicitly out of scope`), or a phrase
/// saying it (`post-MVP`, `will not be covered`, `fuera de alcance`, `範囲外`, `범위 밖`)
/// in the Overview or elsewhere.
fn exclusions(doc: &Doc, overview: &[&Section]) -> Exclusions {
    const EXCLUDES: [&str; 10] = [
        "does not include",
        "do not include",
        "will not include",
        "won't include",
        "not included",
        "out of scope",
        "not in scope",
        "excludes",
        "does not cover",
        "will not cover",
    ];
    const STATES: [&str; 6] = [
        "out of scope:",
        "is out of scope",
        "are out of scope",
        "explicitly out of scope",
        "is not in scope",
        "are not in scope",
    ];
    const EXCLUDED: [&str; 47] = [
        "out of scope",
        "out-of-scope",
        "not in scope",
        "outside the scope",
        "outside of scope",
        "non-goal",
        "non goal",
        "won't build",
        "won't support",
        "will not be covered",
        "will not support",
        "will not include",
        "not part of this",
        "explicitly excluded",
        "deferred to",
        "post-mvp",
        "post mvp",
        "fuera de alcance",
        "fuera del alcance",
        "fora de escopo",
        "fora do escopo",
        "hors périmètre",
        "hors du périmètre",
        "hors scope",
        "範囲外",
        "スコープ外",
        "不在范围",
        "不包括",
        "不支持",
        "비범위",
        "범위 밖",
        "범위 외",
        "не входит",
        "вне рамок",
        "nicht teil",
        "außerhalb des umfangs",
        // (Left out of a first release or scope: `not in initial scope`, `MVP対象外`,
        // `不含前端 UI 组件`, `keine direkte ERP-Buchung im MVP`, `Não será oferecido`.)
        "not in initial scope",
        "deferred for later",
        "対象外",
        "不含",
        "nicht im mvp",
        "im mvp nicht",
        "não será oferecido",
        "não será suportado",
        "fora do mvp",
        "fuera del mvp",
        "no se incluye",
    ];
    let inside = |number: usize| overview.iter().any(|s| s.body.contains(&(number - 1)));
    let mut elsewhere = None;
    // The line before, when it is a sentence ending in a colon that excludes.
    let mut excluding_lead = false;
    for l in doc
        .lines
        .iter()
        .filter(|l| !l.hidden && !l.fence && !l.text.trim().is_empty())
    {
        if excluding_lead && super::syntax::list_item_text(&l.text).is_some() {
            return Exclusions::There;
        }
        let prose = l.prose.trim();
        excluding_lead = false;
        if l.heading.is_none() {
            let prose = prose.to_lowercase();
            if STATES.iter().any(|e| prose.contains(e)) {
                return Exclusions::There;
            }
            excluding_lead = prose.ends_with(':') && EXCLUDES.iter().any(|e| prose.contains(e));
        }
        // (Nor a table of contents' link: `- [Out of scope](#out-of-scope)`.)
        if l.text.contains("](#") {
            continue;
        }
        let lower = l.text.to_lowercase();
        if let Some(phrase) = EXCLUDED.iter().find(|p| lower.contains(*p)) {
            if inside(l.number) {
                return Exclusions::There;
            }
            elsewhere = elsewhere.or(Some((l.number, *phrase)));
        }
    }
    elsewhere.map_or(Exclusions::None, |(line, phrase)| {
        Exclusions::Elsewhere(line, phrase)
    })
}

/// Whether a `### ` (or deeper) heading anywhere is named like the field (either part of
/// `Background / Problem Statement`), or a bold label opening a line is (`**Out of
/// Scope:**` under `### Scope`).
fn heading_elsewhere(doc: &Doc, forms: &[Vec<String>]) -> bool {
    doc.lines.iter().any(|l| {
        !l.hidden
            && (l
                .heading
                .as_ref()
                .is_some_and(|(level, title)| *level >= 3 && title_names_field(title, forms))
                || super::syntax::label_of(&l.text)
                    .is_some_and(|(_, label, _)| label_matches(&name_words(label), forms)))
    })
}

/// Whether a `### ` heading or deeper opens with a name of two words or more and says
/// what it is for after it (`### Out of Scope for V1`, `### 3.2 No objetivos de la
/// versión 1`), or says first which release it is for (`### 4.2 Phase 0 Non-Goals &
/// Future-Phase Firewall`, `### MVP Non-goals`).
fn heading_opening_with(doc: &Doc, forms: &[Vec<String>]) -> bool {
    doc.headings().iter().any(|h| {
        let words = name_words(h.title);
        let released = after_release(&words);
        h.level >= 3
            && forms.iter().any(|f| {
                (f.len() >= 2 && words.len() > f.len() && words[..f.len()] == f[..])
                    || released.is_some_and(|r| r.starts_with(f))
            })
    })
}

/// The words of a name after the release it opens with (`Phase 0`, `Release 2`, `V1`,
/// `MVP`), when it opens with one and more follow.
fn after_release(words: &[String]) -> Option<&[String]> {
    let numbered = |w: &str| !w.is_empty() && w.chars().all(|c| c.is_ascii_digit() || c == '.');
    let skip = match words {
        [first, second, ..]
            if matches!(
                first.as_str(),
                "phase" | "release" | "version" | "stage" | "milestone"
            ) && numbered(second) =>
        {
            2
        }
        [first, ..] if first == "mvp" || first.strip_prefix('v').is_some_and(numbered) => 1,
        _ => return None,
    };
    (words.len() > skip).then(|| &words[skip..])
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

/// A title before its remark: what precedes ` — `, ` – `, ` - ` or `: ` (`Кодування
/// назв` in `Кодування назв — тихе джерело помилок №1`).
fn title_head(title: &str) -> &str {
    [" — ", " – ", " - ", ": "]
        .iter()
        .filter_map(|s| title.find(s))
        .min()
        .map_or(title, |at| &title[..at])
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_use_case_is_titled_by_its_number_and_a_name() {
        assert!(numbered_use_case("4. UC1 — Abrir bilhete"));
        assert!(numbered_use_case("UC-2: Cancel a booking"));
        assert!(numbered_use_case("uc 3. Export"));
        // A number alone, a word that starts with the letters, or no name: none is.
        assert!(!numbered_use_case("UC-4"));
        assert!(!numbered_use_case("UCLA campus rules"));
        assert!(!numbered_use_case("UC12b notes"));
        assert!(!numbered_use_case("Use cases"));
    }

    #[test]
    fn the_sections_in_order_are_a_longest_increasing_run() {
        assert_eq!(longest_increasing(&[0, 1, 2, 4, 5, 3]), vec![0, 1, 2, 3, 4]);
        assert_eq!(longest_increasing(&[9, 0, 1, 2]), vec![1, 2, 3]);
        assert_eq!(longest_increasing(&[]), Vec::<usize>::new());
    }
}
