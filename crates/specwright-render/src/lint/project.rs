//! The specs of one project checked against each other: one entity with different fields
//! or field types, one error code with different HTTP statuses, one decision area
//! decided two ways. A spec's facts come from its JSON twin when it has a readable one
//! (the twin holds the content unescaped) and from its markdown otherwise; lines always
//! come from the markdown, so a finding names both files and lines.

use serde::Serialize;
use specwright_core::twin::SpecTwin;

use super::doc::{Doc, Section};
use super::gfm::Table;
use super::outline::Outline;
use super::syntax::link_text;
use super::vocab::{name_words, normalize};
use super::{Finding, error, lint, warning};

/// One spec of the project, as read from disk.
pub struct SpecFile {
    /// How findings name the file, e.g. `docs/spec/biz/url-shortener-spec.md`.
    pub path: String,
    pub markdown: String,
    /// The text of its JSON twin (`<slug>-spec.json` beside it), when there is one.
    pub twin: Option<String>,
}

/// A place in another spec.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Location {
    pub path: String,
    pub line: usize,
}

/// A finding in one spec of a project; a finding about two specs names the other in
/// `related` (and in its message).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct SpecFinding {
    pub path: String,
    #[serde(flatten)]
    pub finding: Finding,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub related: Option<Location>,
}

/// Lints every spec on its own, then the specs against each other. Findings come per
/// spec in the given order, sorted by line within each.
pub fn lint_project(specs: &[SpecFile], outline: &Outline) -> Vec<SpecFinding> {
    let mut per_spec: Vec<Vec<SpecFinding>> = Vec::with_capacity(specs.len());
    let mut facts: Vec<Facts> = Vec::with_capacity(specs.len());
    for spec in specs {
        let mut findings: Vec<SpecFinding> = lint(&spec.markdown, outline)
            .into_iter()
            .map(|finding| SpecFinding {
                path: spec.path.clone(),
                finding,
                related: None,
            })
            .collect();
        let doc = Doc::parse(&spec.markdown);
        let twin = spec.twin.as_deref().map(serde_json::from_str::<SpecTwin>);
        let spec_facts = match twin {
            Some(Ok(twin)) => Facts::from_twin(&twin, &doc, outline),
            Some(Err(e)) => {
                findings.push(SpecFinding {
                    path: spec.path.clone(),
                    finding: warning(
                        1,
                        "twin-unreadable",
                        format!(
                            "the JSON twin beside this spec cannot be read ({}), so its markdown was compared with the other specs",
                            one_line(&e.to_string())
                        ),
                        "Write the spec again with specwright, or delete the stale `-spec.json`.",
                    ),
                    related: None,
                });
                Facts::from_markdown(&doc, outline)
            }
            None => Facts::from_markdown(&doc, outline),
        };
        facts.push(spec_facts);
        per_spec.push(findings);
    }
    compare(specs, &facts, &mut per_spec);
    per_spec
        .into_iter()
        .flat_map(|mut findings| {
            findings.sort_by_key(|f| f.finding.line);
            findings
        })
        .collect()
}

fn one_line(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

struct EntityFact {
    name: String,
    key: Vec<String>,
    line: usize,
    /// (name as written, key, type as written, type key when the type is known)
    fields: Vec<(String, String, String, Option<String>)>,
}

struct ErrorFact {
    code: String,
    key: String,
    status: String,
    line: usize,
}

struct DecisionFact {
    area: String,
    key: Vec<String>,
    choice: String,
    choice_key: String,
    line: usize,
}

#[derive(Default)]
struct Facts {
    entities: Vec<EntityFact>,
    errors: Vec<ErrorFact>,
    decisions: Vec<DecisionFact>,
}

/// The spec's section for a template section name, under any of its names.
fn section_named<'a>(
    sections: &'a [Section],
    outline: &Outline,
    template: &str,
) -> Option<&'a Section> {
    let matcher = outline.matcher();
    let index = outline.index_of(template)?;
    sections
        .iter()
        .find(|s| matcher.locate(&s.title).is_some_and(|(i, _)| i == index))
}

/// Text as a key: lowercase words of letters and digits, markdown escapes and entities
/// undone, so `target URL`, `target_url` and `Target\_URL` are one field.
fn key(text: &str) -> String {
    let text = text
        .replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&amp;", "&")
        .replace('\\', "");
    text.to_lowercase()
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .collect::<Vec<_>>()
        .join(" ")
}

/// A type worth comparing: not blank, a dash or "n/a".
fn type_key(ty: &str) -> Option<String> {
    let k = key(ty);
    (!k.is_empty() && k != "n a" && k != "tbd").then_some(k)
}

/// `Data storage: Relational database` (or its link text) as area and choice.
fn split_decision(cell: &str) -> Option<(String, String)> {
    let text = link_text(cell);
    let text = text.trim().trim_matches(|c| c == '*' || c == '_').trim();
    let (area, choice) = text.split_once(':')?;
    let (area, choice) = (area.trim(), choice.trim());
    (!area.is_empty() && !choice.is_empty()).then(|| (area.to_string(), choice.to_string()))
}

/// The first three-digit number of a status cell (`409 Conflict` gives `409`); any
/// status without one (`n/a`, `n/a (fail open)`, `—`) is "no HTTP status".
fn status_key(status: &str) -> String {
    status
        .split(|c: char| !c.is_ascii_digit())
        .find(|w| w.len() == 3)
        .map_or_else(|| "none".to_string(), str::to_string)
}

fn column(header: &[String], names: &[&str]) -> Option<usize> {
    header
        .iter()
        .position(|c| names.iter().any(|n| normalize(c.trim_matches('`')) == *n))
}

fn tables_in<'a>(tables: &'a [Table], body: &std::ops::Range<usize>) -> Vec<&'a Table> {
    tables
        .iter()
        .filter(|t| t.delimiter.is_some() && body.contains(&t.header.index))
        .collect()
}

impl Facts {
    fn from_markdown(doc: &Doc, outline: &Outline) -> Facts {
        let sections = doc.sections();
        let tables = doc.tables();
        let mut facts = Facts::default();
        if let Some(section) = section_named(&sections, outline, "Data Models") {
            for entry in doc.entries(section.body.clone(), &|_| false) {
                let mut fields = Vec::new();
                for table in tables_in(&tables, &entry.body) {
                    let header = &table.header.cells;
                    let (Some(name), ty) = (
                        column(header, &["field", "name", "attribute", "column"]),
                        column(header, &["type"]),
                    ) else {
                        continue;
                    };
                    for row in &table.rows {
                        let Some(field) = row.cells.get(name).filter(|c| !c.is_empty()) else {
                            continue;
                        };
                        let ty = ty
                            .and_then(|t| row.cells.get(t))
                            .cloned()
                            .unwrap_or_default();
                        fields.push((field.clone(), key(field), ty.clone(), type_key(&ty)));
                    }
                }
                facts.entities.push(EntityFact {
                    key: name_words(&entry.title),
                    name: entry.title,
                    line: entry.line,
                    fields,
                });
            }
        }
        if let Some(section) = section_named(&sections, outline, "Error Handling") {
            for table in tables_in(&tables, &section.body) {
                let header = &table.header.cells;
                let (Some(code), Some(status)) = (
                    column(header, &["error code", "code", "error"]),
                    column(header, &["http status", "status", "http"]),
                ) else {
                    continue;
                };
                for row in &table.rows {
                    let (Some(c), Some(s)) = (row.cells.get(code), row.cells.get(status)) else {
                        continue;
                    };
                    let c = c.trim_matches('`').to_string();
                    if key(&c).is_empty() {
                        continue;
                    }
                    facts.errors.push(ErrorFact {
                        key: key(&c),
                        code: c,
                        status: s.clone(),
                        line: doc.lines[row.index].number,
                    });
                }
            }
        }
        if let Some(section) = section_named(&sections, outline, "Architecture Decisions") {
            for table in tables_in(&tables, &section.body) {
                let Some(decision) = column(&table.header.cells, &["decision"]) else {
                    continue;
                };
                for row in &table.rows {
                    let Some((area, choice)) =
                        row.cells.get(decision).and_then(|c| split_decision(c))
                    else {
                        continue;
                    };
                    facts.decisions.push(DecisionFact {
                        key: name_words(&area),
                        choice_key: key(&choice),
                        area,
                        choice,
                        line: doc.lines[row.index].number,
                    });
                }
            }
        }
        facts
    }

    /// The twin's content, placed at the lines of the markdown that show it (the
    /// section's heading when no line does).
    fn from_twin(twin: &SpecTwin, doc: &Doc, outline: &Outline) -> Facts {
        let shown = Facts::from_markdown(doc, outline);
        let sections = doc.sections();
        let heading_line =
            |template: &str| section_named(&sections, outline, template).map_or(1, |s| s.line);
        let mut facts = Facts::default();
        for model in &twin.data_models {
            let key = name_words(&model.item.entity);
            let line = shown
                .entities
                .iter()
                .find(|e| e.key == key)
                .map_or_else(|| heading_line("Data Models"), |e| e.line);
            facts.entities.push(EntityFact {
                name: model.item.entity.clone(),
                key,
                line,
                fields: model
                    .item
                    .fields
                    .iter()
                    .map(|f| {
                        (
                            f.name.clone(),
                            self::key(&f.name),
                            f.ty.clone(),
                            type_key(&f.ty),
                        )
                    })
                    .collect(),
            });
        }
        for case in &twin.error_handling {
            let code_key = key(&case.item.code);
            if code_key.is_empty() {
                continue;
            }
            let line = shown
                .errors
                .iter()
                .find(|e| e.key == code_key)
                .map_or_else(|| heading_line("Error Handling"), |e| e.line);
            facts.errors.push(ErrorFact {
                code: case.item.code.clone(),
                key: code_key,
                status: case.item.http_status.clone(),
                line,
            });
        }
        for decision in &twin.decisions {
            let area_key = name_words(&decision.item.area);
            let line = shown
                .decisions
                .iter()
                .find(|d| d.key == area_key)
                .map_or_else(|| heading_line("Architecture Decisions"), |d| d.line);
            facts.decisions.push(DecisionFact {
                area: decision.item.area.clone(),
                key: area_key,
                choice: decision.item.choice.clone(),
                choice_key: key(&decision.item.choice),
                line,
            });
        }
        facts
    }
}

fn listed(names: &[&str]) -> String {
    names
        .iter()
        .map(|n| format!("`{n}`"))
        .collect::<Vec<_>>()
        .join(", ")
}

/// Compares each spec with the first spec that has the same entity, error code or
/// decision area (so k specs make k - 1 comparisons per name, never all pairs).
fn compare(specs: &[SpecFile], facts: &[Facts], out: &mut [Vec<SpecFinding>]) {
    use std::collections::HashMap;
    let mut first_entity: HashMap<&[String], (usize, &EntityFact)> = HashMap::new();
    let mut first_error: HashMap<&str, (usize, &ErrorFact)> = HashMap::new();
    let mut first_decision: HashMap<&[String], (usize, &DecisionFact)> = HashMap::new();
    let push = |out: &mut [Vec<SpecFinding>], s: usize, finding: Finding, other: usize, line| {
        out[s].push(SpecFinding {
            path: specs[s].path.clone(),
            finding,
            related: Some(Location {
                path: specs[other].path.clone(),
                line,
            }),
        });
    };
    for (s, spec_facts) in facts.iter().enumerate() {
        for entity in &spec_facts.entities {
            if entity.key.is_empty() {
                continue;
            }
            let Some(&(o, first)) = first_entity.get(entity.key.as_slice()) else {
                first_entity.insert(&entity.key, (s, entity));
                continue;
            };
            if o == s {
                continue;
            }
            let there = format!("{}:{}", specs[o].path, first.line);
            for (name, field_key, ty, ty_key) in &entity.fields {
                let Some((_, _, other_ty, other_key)) =
                    first.fields.iter().find(|f| &f.1 == field_key)
                else {
                    continue;
                };
                if let (Some(a), Some(b)) = (ty_key, other_key)
                    && a != b
                {
                    push(
                        out,
                        s,
                        error(
                            entity.line,
                            "entity-conflict",
                            format!(
                                "the entity `{}` gives `{name}` the type `{ty}` here but `{other_ty}` in {there}",
                                entity.name
                            ),
                            "Give the field one type in every spec, or rename one entity if they are different things.",
                        ),
                        o,
                        first.line,
                    );
                }
            }
            let mine: Vec<&str> = entity.fields.iter().map(|f| f.1.as_str()).collect();
            let theirs: Vec<&str> = first.fields.iter().map(|f| f.1.as_str()).collect();
            let lacks: Vec<&str> = first
                .fields
                .iter()
                .filter(|f| !mine.contains(&f.1.as_str()))
                .map(|f| f.0.as_str())
                .collect();
            let adds: Vec<&str> = entity
                .fields
                .iter()
                .filter(|f| !theirs.contains(&f.1.as_str()))
                .map(|f| f.0.as_str())
                .collect();
            if !mine.is_empty() && !theirs.is_empty() && (!lacks.is_empty() || !adds.is_empty()) {
                let mut parts = Vec::new();
                if !lacks.is_empty() {
                    parts.push(format!("lacks {}", listed(&lacks)));
                }
                if !adds.is_empty() {
                    parts.push(format!("adds {}", listed(&adds)));
                }
                push(
                    out,
                    s,
                    warning(
                        entity.line,
                        "entity-fields",
                        format!(
                            "the entity `{}` here {} compared with {there}",
                            entity.name,
                            parts.join(" and ")
                        ),
                        "Describe the entity with the same fields in every spec, or say which spec owns it.",
                    ),
                    o,
                    first.line,
                );
            }
        }
        for code in &spec_facts.errors {
            let Some(&(o, first)) = first_error.get(code.key.as_str()) else {
                first_error.insert(&code.key, (s, code));
                continue;
            };
            if o != s && status_key(&code.status) != status_key(&first.status) {
                push(
                    out,
                    s,
                    error(
                        code.line,
                        "error-code-conflict",
                        format!(
                            "the error code `{}` answers HTTP status `{}` here but `{}` in {}:{}",
                            code.code, code.status, first.status, specs[o].path, first.line
                        ),
                        "Give an error code one status across the project's specs, or use a new code.",
                    ),
                    o,
                    first.line,
                );
            }
        }
        for decision in &spec_facts.decisions {
            if decision.key.is_empty() {
                continue;
            }
            let Some(&(o, first)) = first_decision.get(decision.key.as_slice()) else {
                first_decision.insert(&decision.key, (s, decision));
                continue;
            };
            if o != s && decision.choice_key != first.choice_key {
                push(
                    out,
                    s,
                    warning(
                        decision.line,
                        "decision-conflict",
                        format!(
                            "`{}` is decided as `{}` here but as `{}` in {}:{}",
                            decision.area, decision.choice, first.choice, specs[o].path, first.line
                        ),
                        "Make the same choice, or say in the rationale why this spec differs.",
                    ),
                    o,
                    first.line,
                );
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_and_cells() {
        assert_eq!(key("Target\\_URL"), "target url");
        assert_eq!(key("target URL"), "target url");
        assert_eq!(type_key("—"), None);
        assert_eq!(type_key("n/a"), None);
        assert_eq!(type_key("VARCHAR(8)"), Some("varchar 8".into()));
        assert_eq!(
            split_decision("[Data storage: Relational database](adr-001-x.md)"),
            Some(("Data storage".into(), "Relational database".into()))
        );
        assert_eq!(split_decision("Stream rows"), None);
        assert_eq!(status_key("409 Conflict"), "409");
        assert_eq!(status_key("n/a (fail open)"), status_key("—"));
    }
}
