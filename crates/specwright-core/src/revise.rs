//! The offline interviewer's revision: answers at the draft, one line each, of the form
//! `<section>: <text>` (`goal: ...`, `UC-1 before: ...`, `Link.code: string, unique`) change
//! that part of the draft and cite the answer's id; a line of no such form changes nothing,
//! and the summary says so and shows the forms.

use crate::draft::{short_name, split_label};
use crate::request::TurnContext;
use crate::turn::{Dependency, Field, Item, Revision, SpecDraft, UseCase};

/// `TYPE[, CONSTRAINTS][ — DESCRIPTION]`.
pub(crate) fn parse_type_line(text: &str) -> (String, String, String) {
    let (head, description) = match text.split_once(" — ").or_else(|| text.split_once(" - ")) {
        Some((h, d)) => (h.trim(), d.trim()),
        None => (text.trim(), ""),
    };
    let (ty, constraints) = match head.split_once(',') {
        Some((t, c)) => (t.trim(), c.trim()),
        None => (head, ""),
    };
    (ty.into(), constraints.into(), description.into())
}

/// The forms an answer at the draft takes to change it offline, one a line.
pub const FEEDBACK_FORMS: &str = "`goal: …`, `non-goal: …`, `problem: …`, `use case: …`, `UC-1 before: …` (also `after`, `actor`, `step`, `error`), `Link.code: string, unique — what it is`, `Create input: …` (also `output`, `interface`), `dependency: Name: what for`, `latency: …` (also `throughput`, `availability`, `retention`), `unit tests: …`, `integration tests: …`, `edge case: …`, `open question: …`";

fn add_id(ids: &mut Vec<String>, id: &str) {
    if !id.is_empty() && !ids.iter().any(|i| i == id) {
        ids.push(id.to_string());
    }
}

/// What one line of feedback changed, if anything.
fn apply_line(draft: &mut SpecDraft, label: &str, text: &str, id: &str) -> Option<String> {
    let cite = || {
        if id.is_empty() {
            Vec::new()
        } else {
            vec![id.to_string()]
        }
    };
    let label = label.trim();
    let lower = label.to_ascii_lowercase();
    let lower = lower.trim_start_matches("add ").trim();
    let item = || Item::new(text, cite());
    match lower {
        "goal" => draft.overview.goals.push(item()),
        "non-goal" | "non goal" | "nongoal" => draft.overview.non_goals.push(item()),
        "problem" | "problem statement" => draft.overview.problem_statement = item(),
        "edge case" => draft.testing.edge_cases.push(item()),
        "latency" => draft.non_functional.latency = item(),
        "throughput" => draft.non_functional.throughput = item(),
        "availability" => draft.non_functional.availability = item(),
        "retention" | "data retention" => draft.non_functional.data_retention = item(),
        "open question" | "question" => draft.open_questions.push(item()),
        "unit tests" | "unit" => draft.testing.unit = item(),
        "integration tests" | "integration" => draft.testing.integration = item(),
        "dependency" => {
            let (name, purpose) = split_label(text);
            match draft
                .dependencies
                .iter_mut()
                .find(|d| d.name.eq_ignore_ascii_case(&name))
            {
                Some(dep) => {
                    if !purpose.is_empty() {
                        dep.purpose = purpose;
                    }
                    add_id(&mut dep.rests_on, id);
                }
                None => draft.dependencies.push(Dependency {
                    name,
                    purpose,
                    rests_on: cite(),
                }),
            }
        }
        "use case" => {
            let actor = draft
                .use_cases
                .first()
                .map(|u| u.actor.clone())
                .unwrap_or_default();
            draft.use_cases.push(UseCase {
                name: short_name(text),
                actor,
                flow: vec![item()],
                rests_on: cite(),
                ..UseCase::default()
            });
            return Some(format!(
                "added UC-{} (give it `UC-{0} before: …` and `UC-{0} after: …`)",
                draft.use_cases.len()
            ));
        }
        _ => return apply_item_line(draft, label, text, id),
    }
    Some(format!("updated {lower}"))
}

/// `UC-2 before: …`, `Link.code: …`, `Create output: …`.
fn apply_item_line(draft: &mut SpecDraft, label: &str, text: &str, id: &str) -> Option<String> {
    let cite = || {
        if id.is_empty() {
            Vec::new()
        } else {
            vec![id.to_string()]
        }
    };
    let lower = label.to_ascii_lowercase();
    if let Some(rest) = lower.strip_prefix("uc-") {
        let (n, part) = rest.split_once(' ').unwrap_or((rest, ""));
        let n: usize = n.trim().parse().ok()?;
        let uc = draft.use_cases.get_mut(n.checked_sub(1)?)?;
        match part.trim() {
            "before" | "preconditions" | "precondition" | "trigger" => {
                uc.preconditions = text.into()
            }
            "after" | "postconditions" | "postcondition" | "outcome" => {
                uc.postconditions = text.into()
            }
            "actor" => uc.actor = text.into(),
            "name" => uc.name = text.into(),
            "step" | "steps" => {
                uc.flow.push(Item::new(text, cite()));
                return Some(format!("added a step to UC-{n}"));
            }
            "error" | "errors" | "error scenario" => {
                uc.error_scenarios.push(Item::new(text, cite()));
                return Some(format!("added an error scenario to UC-{n}"));
            }
            _ => return None,
        }
        add_id(&mut uc.rests_on, id);
        return Some(format!("updated UC-{n}"));
    }
    if let Some((entity, field)) = label.split_once('.')
        && let Some(model) = draft
            .data_models
            .iter_mut()
            .find(|m| m.entity.trim().eq_ignore_ascii_case(entity.trim()))
    {
        let (ty, constraints, description) = parse_type_line(text);
        let field = field.trim();
        match model
            .fields
            .iter_mut()
            .find(|f| f.name.trim().eq_ignore_ascii_case(field))
        {
            Some(f) => {
                f.ty = ty;
                if !constraints.is_empty() {
                    f.constraints = constraints;
                }
                if !description.is_empty() {
                    f.description = description;
                }
                add_id(&mut f.rests_on, id);
            }
            None => model.fields.push(Field {
                name: field.to_string(),
                ty,
                constraints,
                description,
                rests_on: cite(),
            }),
        }
        return Some(format!("updated {}", label.trim()));
    }
    for part in ["input", "output", "interface"] {
        let Some(op) = lower.strip_suffix(part) else {
            continue;
        };
        let op = op.trim();
        let contract = draft
            .api_contracts
            .iter_mut()
            .find(|c| c.operation.trim().eq_ignore_ascii_case(op))?;
        match part {
            "input" => contract.input = text.into(),
            "output" => contract.output = text.into(),
            _ => contract.interface = text.into(),
        }
        add_id(&mut contract.rests_on, id);
        return Some(format!("updated {}", label.trim()));
    }
    None
}

/// Lines of the form `<section>: <text>` change that section and cite the answer; a line
/// that matches no form changes nothing, and the summary says so and shows the forms.
pub fn revise(ctx: &TurnContext) -> Revision {
    let mut draft = ctx.draft.clone().unwrap_or_default();
    let feedback = ctx.answer.clone().unwrap_or_default();
    let id = ctx.answer_id.clone().unwrap_or_default();
    let mut applied: Vec<String> = Vec::new();
    let mut unapplied: Vec<String> = Vec::new();
    for line in feedback.lines().map(str::trim).filter(|l| !l.is_empty()) {
        let line = line.trim_start_matches(['-', '*', '•']).trim();
        let change = line
            .split_once(':')
            .filter(|(_, t)| !t.trim().is_empty())
            .and_then(|(label, text)| apply_line(&mut draft, label, text.trim(), &id));
        match change {
            Some(what) => {
                if !applied.contains(&what) {
                    applied.push(what);
                }
            }
            None => unapplied.push(line.to_string()),
        }
    }
    let mut summary = if applied.is_empty() {
        "Nothing changed.".to_string()
    } else {
        format!("Applied your feedback: {}.", applied.join(", "))
    };
    if !unapplied.is_empty() {
        let quoted: Vec<String> = unapplied
            .iter()
            .map(|l| {
                let short: String = l.chars().take(60).collect();
                format!("\"{short}\"")
            })
            .collect();
        summary.push_str(&format!(
            " Could not apply {}: without a model, feedback changes the draft only as lines of the form {FEEDBACK_FORMS}; or type /edit to change the draft in your editor.",
            quoted.join(", ")
        ));
    }
    Revision { summary, draft }
}

#[cfg(test)]
mod tests {
    use super::*;
    use pretty_assertions::assert_eq;

    #[test]
    fn a_type_line_has_a_type_constraints_and_a_description() {
        assert_eq!(
            parse_type_line("string, unique — the short code"),
            ("string".into(), "unique".into(), "the short code".into())
        );
    }
}
