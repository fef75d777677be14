//! Reads a spec in the built-in template's shape back into a draft: what `/edit` takes
//! back after the user changed the draft in their editor. The Architecture Decisions
//! table is the program's and is not read; marks (`_(inferred)_`), `Not specified.` and
//! `None identified.` read as nothing. Items come back resting on nothing: the session
//! decides what each rests on by comparing with the draft before the edit.

use specwright_core::turn::{
    ApiContract, DataModel, Dependency, ErrorCase, Field, Item, NamedValue, SpecDraft, UseCase,
};

use crate::escape::table_cells;
use crate::spec::INFERRED_MARK;

/// Undoes the renderer's escaping and drops what only the renderer writes.
fn plain(text: &str) -> String {
    let text = text.trim();
    let text = text
        .strip_suffix(INFERRED_MARK.trim())
        .unwrap_or(text)
        .trim();
    let mut out = String::with_capacity(text.len());
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        if c == '\\'
            && let Some(n) = chars.peek()
            && n.is_ascii_punctuation()
        {
            out.push(*n);
            chars.next();
            continue;
        }
        out.push(c);
    }
    let out = out.replace("&lt;", "<");
    match out.trim() {
        "Not specified." | "None identified." | "—" | "None." => String::new(),
        other => other.to_string(),
    }
}

/// `- **Label**: value` → (label, value).
fn field_line(line: &str) -> Option<(String, String)> {
    let rest = line.trim().strip_prefix("- **")?;
    let (label, value) = rest.split_once("**")?;
    let value = value.trim_start().strip_prefix(':').unwrap_or(value).trim();
    Some((
        label.trim().trim_end_matches(':').to_lowercase(),
        value.to_string(),
    ))
}

/// `  - item` or `  1. item` under a field.
fn sub_item(line: &str) -> Option<String> {
    if !line.starts_with("  ") {
        return None;
    }
    let t = line.trim();
    if let Some(rest) = t.strip_prefix("- ") {
        return Some(rest.to_string());
    }
    let digits = t.chars().take_while(char::is_ascii_digit).count();
    if digits > 0 {
        return t[digits..].strip_prefix(". ").map(str::to_string);
    }
    None
}

struct Section<'a> {
    title: String,
    lines: Vec<&'a str>,
}

fn sections(markdown: &str) -> Vec<Section<'_>> {
    let mut out: Vec<Section> = Vec::new();
    let mut in_fence = false;
    for line in markdown.lines() {
        if line.trim_start().starts_with("```") {
            in_fence = !in_fence;
        }
        if !in_fence && let Some(title) = line.strip_prefix("## ") {
            out.push(Section {
                title: title.trim().to_lowercase(),
                lines: Vec::new(),
            });
        } else if let Some(s) = out.last_mut() {
            s.lines.push(line);
        }
    }
    out
}

/// `### Heading` blocks of a section.
fn blocks<'a>(lines: &[&'a str]) -> Vec<(String, Vec<&'a str>)> {
    let mut out: Vec<(String, Vec<&str>)> = Vec::new();
    for line in lines {
        if let Some(h) = line.strip_prefix("### ") {
            out.push((h.trim().to_string(), Vec::new()));
        } else if let Some(b) = out.last_mut() {
            b.1.push(line);
        }
    }
    out
}

/// The rows of the tables in `lines`, header and delimiter rows left out.
fn table_rows(lines: &[&str]) -> Vec<Vec<String>> {
    let mut out = Vec::new();
    let mut header_seen = false;
    for line in lines {
        let t = line.trim();
        if !t.starts_with('|') {
            header_seen = false;
            continue;
        }
        if !header_seen {
            header_seen = true;
            continue;
        }
        if t.chars().all(|c| matches!(c, '|' | '-' | ':' | ' ')) {
            continue;
        }
        let cells: Vec<String> = table_cells(t).iter().map(|c| plain(c)).collect();
        if cells.iter().all(String::is_empty) {
            continue;
        }
        out.push(cells);
    }
    out
}

/// A field with a value and, when it has none, the list items under it.
fn field_lists(lines: &[&str]) -> Vec<(String, String, Vec<String>)> {
    let mut out: Vec<(String, String, Vec<String>)> = Vec::new();
    for line in lines {
        if let Some((label, value)) = field_line(line) {
            out.push((label, plain(&value), Vec::new()));
        } else if let Some(item) = sub_item(line)
            && let Some(last) = out.last_mut()
        {
            let item = plain(&item);
            if !item.is_empty() {
                last.2.push(item);
            }
        }
    }
    out
}

fn get(fields: &[(String, String, Vec<String>)], label: &str) -> (String, Vec<String>) {
    fields
        .iter()
        .find(|(l, _, _)| l == label)
        .map(|(_, v, items)| (v.clone(), items.clone()))
        .unwrap_or_default()
}

fn bare(items: Vec<String>) -> Vec<Item> {
    items.into_iter().map(Item::bare).collect()
}

/// Reads a spec written in the built-in template's shape into a draft; the Open
/// Questions come back whole (the caller leaves out the program's own).
pub fn parse_spec(markdown: &str) -> SpecDraft {
    let mut d = SpecDraft::default();
    for section in sections(markdown) {
        let lines = &section.lines;
        match section.title.as_str() {
            "overview" => {
                let f = field_lists(lines);
                d.overview.problem_statement = Item::bare(get(&f, "problem statement").0);
                d.overview.goals = bare(get(&f, "goals").1);
                d.overview.non_goals = bare(get(&f, "non-goals").1);
            }
            "use cases" => {
                for (heading, body) in blocks(lines) {
                    let name = heading
                        .split_once(':')
                        .filter(|(id, _)| id.trim().starts_with("UC-"))
                        .map(|(_, n)| n.to_string())
                        .unwrap_or(heading.clone());
                    let f = field_lists(&body);
                    d.use_cases.push(UseCase {
                        name: plain(&name),
                        actor: get(&f, "actor").0,
                        preconditions: get(&f, "preconditions").0,
                        flow: bare(get(&f, "flow").1),
                        postconditions: get(&f, "postconditions").0,
                        error_scenarios: bare(get(&f, "error scenarios").1),
                        rests_on: Vec::new(),
                    });
                }
            }
            "data models" => {
                for (heading, body) in blocks(lines) {
                    let fields = table_rows(&body)
                        .into_iter()
                        .filter(|c| c.len() >= 4)
                        .map(|c| Field {
                            name: c[0].clone(),
                            ty: c[1].clone(),
                            constraints: c[2].clone(),
                            description: c[3].clone(),
                            rests_on: Vec::new(),
                        })
                        .collect();
                    d.data_models.push(DataModel {
                        entity: plain(&heading),
                        fields,
                    });
                }
            }
            "api contracts" => {
                for (heading, body) in blocks(lines) {
                    let f = field_lists(&body);
                    d.api_contracts.push(ApiContract {
                        operation: plain(&heading),
                        interface: get(&f, "method/interface").0,
                        input: get(&f, "input").0,
                        output: get(&f, "output").0,
                        errors: get(&f, "errors").0,
                        rests_on: Vec::new(),
                    });
                }
            }
            "error handling" => {
                d.error_handling = table_rows(lines)
                    .into_iter()
                    .filter(|c| c.len() >= 4)
                    .map(|c| ErrorCase {
                        code: c[0].clone(),
                        condition: c[1].clone(),
                        http_status: c[2].clone(),
                        user_message: c[3].clone(),
                        rests_on: Vec::new(),
                    })
                    .collect();
            }
            "non-functional requirements" => {
                for (label, value, _) in field_lists(lines) {
                    let nfr = &mut d.non_functional;
                    match label.as_str() {
                        "latency" => nfr.latency = Item::bare(value),
                        "throughput" => nfr.throughput = Item::bare(value),
                        "availability" => nfr.availability = Item::bare(value),
                        "data retention" => nfr.data_retention = Item::bare(value),
                        _ => {
                            let name = lines
                                .iter()
                                .find_map(|l| {
                                    field_line(l)
                                        .filter(|(l, _)| *l == label)
                                        .and_then(|_| l.trim().strip_prefix("- **"))
                                        .and_then(|r| r.split_once("**"))
                                        .map(|(n, _)| plain(n))
                                })
                                .unwrap_or(label.clone());
                            if !value.is_empty() {
                                nfr.other.push(NamedValue {
                                    name,
                                    value,
                                    rests_on: Vec::new(),
                                });
                            }
                        }
                    }
                }
            }
            "dependencies" => {
                for line in lines {
                    let Some(rest) = line.strip_prefix("- ") else {
                        continue;
                    };
                    let (name, purpose) = rest.split_once(": ").unwrap_or((rest, ""));
                    let name = plain(name);
                    if !name.is_empty() {
                        d.dependencies.push(Dependency {
                            name,
                            purpose: plain(purpose),
                            rests_on: Vec::new(),
                        });
                    }
                }
            }
            "testing strategy" => {
                let f = field_lists(lines);
                d.testing.unit = Item::bare(get(&f, "unit tests").0);
                d.testing.integration = Item::bare(get(&f, "integration tests").0);
                d.testing.edge_cases = bare(get(&f, "edge cases to cover").1);
            }
            "open questions" => {
                d.open_questions = lines
                    .iter()
                    .filter_map(|l| l.strip_prefix("- "))
                    .map(plain)
                    .filter(|q| !q.is_empty())
                    .map(Item::bare)
                    .collect();
            }
            _ => {}
        }
    }
    d
}
