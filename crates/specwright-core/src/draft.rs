//! The draft the built-in interviewer writes: every captured fact lands, in the person's
//! words, in the section(s) its question feeds; review feedback of the form
//! `<section>: <text>` revises it.

use crate::decision::DecisionRecord;
use crate::phase::{Phase, Topic};
use crate::request::TurnContext;
use crate::session::LedgerFact;
use crate::turn::{
    ApiContract, DataModel, Dependency, ErrorCase, Field, NamedValue, NonFunctional, Overview,
    Revision, SpecDraft, TestingStrategy, UseCase,
};

fn statements(ledger: &[LedgerFact], topic: Topic) -> Vec<String> {
    ledger
        .iter()
        .filter(|f| f.topic == topic)
        .map(|f| f.statement.trim().to_string())
        .filter(|s| !s.is_empty())
        .collect()
}

fn joined(ledger: &[LedgerFact], topic: Topic) -> String {
    statements(ledger, topic).join(" ")
}

/// Splits an answer into items: lines, semicolons, or numbered/bulleted entries.
pub fn items(text: &str) -> Vec<String> {
    text.split(['\n', ';'])
        .map(|s| {
            s.trim()
                .trim_start_matches(|c: char| c.is_ascii_digit())
                .trim_start_matches(['.', ')', '-', '*', '•'])
                .trim()
                .to_string()
        })
        .filter(|s| !s.is_empty())
        .collect()
}

fn all_items(ledger: &[LedgerFact], topic: Topic) -> Vec<String> {
    statements(ledger, topic)
        .iter()
        .flat_map(|s| items(s))
        .collect()
}

/// "Name: rest" → (Name, rest); otherwise (whole, ""). A label's colon is followed by a
/// space, so a URL (`https://…`, `host:8080`) is never split.
fn split_label(item: &str) -> (String, String) {
    for sep in [":", " - ", " — "] {
        let found = if sep == ":" {
            item.match_indices(':')
                .find(|(i, _)| item[i + 1..].starts_with(char::is_whitespace))
                .map(|(i, _)| (&item[..i], &item[i + 1..]))
        } else {
            item.split_once(sep)
        };
        if let Some((a, b)) = found {
            let (a, b) = (a.trim(), b.trim());
            if !a.is_empty() && !b.is_empty() && a.split_whitespace().count() <= 6 {
                return (a.to_string(), b.to_string());
            }
        }
    }
    (item.to_string(), String::new())
}

fn short_name(item: &str) -> String {
    let (label, rest) = split_label(item);
    if !rest.is_empty() {
        return label;
    }
    let words: Vec<&str> = item.split_whitespace().collect();
    if words.len() <= 8 {
        item.trim_end_matches(['.', '!', '?']).to_string()
    } else {
        format!("{}…", words[..8].join(" "))
    }
}

const NOT_DISCUSSED: &str = "Not discussed in the interview.";

fn decision<'a>(decisions: &'a [DecisionRecord], key: &str) -> Option<&'a DecisionRecord> {
    decisions.iter().find(|d| d.area_key == key)
}

/// Builds the draft from the ledger: every answer lands, in the user's words, in the
/// section(s) its question feeds.
pub fn from_ledger(ctx: &TurnContext) -> SpecDraft {
    let ledger = &ctx.ledger;
    let or_none = |s: String| {
        if s.is_empty() {
            NOT_DISCUSSED.to_string()
        } else {
            s
        }
    };
    let actor = or_none(joined(ledger, Topic::Users));
    let error_scenarios: Vec<String> = [Topic::InvalidInput, Topic::UnavailableServices]
        .into_iter()
        .flat_map(|t| statements(ledger, t))
        .collect();
    let use_cases = all_items(ledger, Topic::UseCases)
        .into_iter()
        .map(|item| UseCase {
            name: short_name(&item),
            actor: actor.clone(),
            preconditions: NOT_DISCUSSED.into(),
            flow: vec![item],
            postconditions: NOT_DISCUSSED.into(),
            error_scenarios: error_scenarios.clone(),
        })
        .collect();
    let data_models = all_items(ledger, Topic::DataEntities)
        .into_iter()
        .map(|item| {
            let (entity, rest) = split_label(&item);
            let mut fields: Vec<Field> = rest
                .split(',')
                .map(str::trim)
                .filter(|f| !f.is_empty())
                .map(|f| Field {
                    name: f.to_string(),
                    ty: "—".into(),
                    constraints: "—".into(),
                    description: format!("{f} of the {entity}, as named in the interview"),
                })
                .collect();
            fields.insert(
                0,
                Field {
                    name: "id".into(),
                    ty: "UUIDv7".into(),
                    constraints: "PK".into(),
                    description: format!("Identifier of a {entity}"),
                },
            );
            DataModel { entity, fields }
        })
        .collect();
    let interface = decision(&ctx.decisions, "api_style")
        .map(|d| d.choice.clone())
        .unwrap_or_else(|| NOT_DISCUSSED.into());
    let http = interface.to_ascii_lowercase();
    let http = ["rest", "http", "graphql"].iter().any(|k| http.contains(k));
    let status = |code: &str| {
        if http {
            code.to_string()
        } else {
            "n/a".to_string()
        }
    };
    let mut error_handling = Vec::new();
    for (topic, code, status_code, message) in [
        (
            Topic::InvalidInput,
            "INVALID_INPUT",
            "400",
            "The request is invalid; correct it and try again.",
        ),
        (
            Topic::RateLimits,
            "RATE_LIMITED",
            "429",
            "Too many requests; try again later.",
        ),
        (
            Topic::UnavailableServices,
            "DEPENDENCY_UNAVAILABLE",
            "503",
            "A service we depend on is unavailable; try again shortly.",
        ),
        (
            Topic::FailureRecovery,
            "INTERNAL_ERROR",
            "500",
            "Something went wrong on our side; try again.",
        ),
    ] {
        for condition in statements(ledger, topic) {
            error_handling.push(ErrorCase {
                code: code.into(),
                condition,
                http_status: status(status_code),
                user_message: message.into(),
            });
        }
    }
    let errors = if error_handling.is_empty() {
        NOT_DISCUSSED.to_string()
    } else {
        let mut codes: Vec<&str> = error_handling.iter().map(|e| e.code.as_str()).collect();
        codes.dedup();
        codes.join(", ")
    };
    let api_contracts = all_items(ledger, Topic::InputsOutputs)
        .into_iter()
        .map(|item| {
            let (name, rest) = split_label(&item);
            let body = if rest.is_empty() { item } else { rest };
            let (input, output) = match body.split_once("->").or_else(|| body.split_once('→')) {
                Some((i, o)) => (i.trim().to_string(), o.trim().to_string()),
                None => (body.clone(), NOT_DISCUSSED.to_string()),
            };
            ApiContract {
                operation: name,
                interface: interface.clone(),
                input,
                output,
                errors: errors.clone(),
            }
        })
        .collect();
    let mut other = Vec::new();
    for (topic, name) in [
        (Topic::Constraints, "Hard constraints"),
        (Topic::Security, "Security"),
        (Topic::Scale, "Scale"),
        (Topic::Consistency, "Consistency"),
    ] {
        let value = joined(ledger, topic);
        if !value.is_empty() {
            other.push(NamedValue {
                name: name.into(),
                value,
            });
        }
    }
    let dependencies: Vec<Dependency> = [Topic::ExternalDependencies, Topic::Integrations]
        .into_iter()
        .flat_map(|t| all_items(ledger, t))
        .map(|item| {
            let (name, purpose) = split_label(&item);
            Dependency {
                purpose: if purpose.is_empty() {
                    "Named in the interview.".into()
                } else {
                    purpose
                },
                name,
            }
        })
        .collect();
    let testing_choice = decision(&ctx.decisions, "testing");
    let unit = testing_choice
        .map(|d| {
            format!(
                "The core logic of each use case; the test effort follows the decision for {}: {}",
                d.choice, d.description
            )
        })
        .unwrap_or_else(|| NOT_DISCUSSED.into());
    let integration = if dependencies.is_empty() {
        NOT_DISCUSSED.to_string()
    } else {
        let names: Vec<&str> = dependencies.iter().map(|d| d.name.as_str()).collect();
        format!("Against the dependencies: {}.", names.join(", "))
    };
    let edge_cases = Phase::EdgeCases
        .topics()
        .iter()
        .flat_map(|t| statements(ledger, *t))
        .collect();
    SpecDraft {
        overview: Overview {
            problem_statement: or_none(joined(ledger, Topic::Purpose)),
            goals: all_items(ledger, Topic::InScope),
            non_goals: all_items(ledger, Topic::OutOfScope),
        },
        use_cases,
        data_models,
        api_contracts,
        error_handling,
        non_functional: NonFunctional {
            latency: or_none(joined(ledger, Topic::Latency)),
            throughput: or_none(joined(ledger, Topic::Throughput)),
            availability: or_none(joined(ledger, Topic::Availability)),
            data_retention: or_none(joined(ledger, Topic::DataRetention)),
            other,
        },
        dependencies,
        testing: TestingStrategy {
            unit,
            integration,
            edge_cases,
        },
        open_questions: Vec::new(),
    }
    .with_use_case_fallback(ctx)
}

trait UseCaseFallback {
    fn with_use_case_fallback(self, ctx: &TurnContext) -> Self;
}

impl UseCaseFallback for SpecDraft {
    /// A spec needs at least one use case; with none described, the purpose stands in.
    fn with_use_case_fallback(mut self, ctx: &TurnContext) -> Self {
        if self.use_cases.is_empty() {
            let users = joined(&ctx.ledger, Topic::Users);
            self.use_cases.push(UseCase {
                name: format!("Use {}", ctx.topic),
                actor: if users.is_empty() {
                    "User".into()
                } else {
                    users
                },
                preconditions: NOT_DISCUSSED.into(),
                flow: vec![self.overview.problem_statement.clone()],
                postconditions: NOT_DISCUSSED.into(),
                error_scenarios: Vec::new(),
            });
            self.open_questions
                .push("Key use cases were not described in the interview.".into());
        }
        self
    }
}

/// Feedback lines of the form `<section>: <text>` change that section; any other
/// feedback is kept as an open question so nothing the user wrote is lost.
pub fn revise(ctx: &TurnContext) -> Revision {
    let mut draft = ctx.draft.clone().unwrap_or_default();
    let feedback = ctx.answer.clone().unwrap_or_default();
    let mut applied = Vec::new();
    for line in feedback.lines().map(str::trim).filter(|l| !l.is_empty()) {
        let (label, text) = match line.split_once(':') {
            Some((l, t)) if !t.trim().is_empty() => {
                (l.trim().to_ascii_lowercase(), t.trim().to_string())
            }
            _ => (String::new(), line.to_string()),
        };
        let label = label.trim_start_matches("add ").trim().to_string();
        match label.as_str() {
            "goal" => draft.overview.goals.push(text),
            "non-goal" | "non goal" | "nongoal" => draft.overview.non_goals.push(text),
            "problem" | "problem statement" => draft.overview.problem_statement = text,
            "dependency" => {
                let (name, purpose) = split_label(&text);
                draft.dependencies.push(Dependency {
                    purpose: if purpose.is_empty() {
                        "Named in review.".into()
                    } else {
                        purpose
                    },
                    name,
                });
            }
            "edge case" => draft.testing.edge_cases.push(text),
            "use case" => draft.use_cases.push(UseCase {
                name: short_name(&text),
                actor: draft
                    .use_cases
                    .first()
                    .map(|u| u.actor.clone())
                    .unwrap_or_else(|| "User".into()),
                preconditions: NOT_DISCUSSED.into(),
                flow: vec![text],
                postconditions: NOT_DISCUSSED.into(),
                error_scenarios: Vec::new(),
            }),
            "latency" => draft.non_functional.latency = text,
            "throughput" => draft.non_functional.throughput = text,
            "availability" => draft.non_functional.availability = text,
            "retention" | "data retention" => draft.non_functional.data_retention = text,
            "open question" | "question" => draft.open_questions.push(text),
            _ => {
                draft
                    .open_questions
                    .push(format!("Review feedback to address: {line}"));
                applied.push("kept a note as an open question".to_string());
                continue;
            }
        }
        applied.push(format!("updated {label}"));
    }
    if applied.is_empty() {
        applied.push("no changes".into());
    }
    applied.dedup();
    Revision {
        summary: format!("Applied your feedback: {}.", applied.join(", ")),
        draft,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn items_split_lines_semicolons_and_numbers() {
        assert_eq!(
            items("1. shorten a URL\n2) redirect; expire links"),
            vec!["shorten a URL", "redirect", "expire links"]
        );
    }

    #[test]
    fn a_url_is_not_split_at_its_scheme() {
        assert_eq!(
            split_label("Stripe at https://api.stripe.com/v1"),
            ("Stripe at https://api.stripe.com/v1".into(), String::new())
        );
        assert_eq!(
            split_label("Stripe: payments at https://api.stripe.com/v1"),
            (
                "Stripe".into(),
                "payments at https://api.stripe.com/v1".into()
            )
        );
        assert_eq!(
            split_label("Cache at redis://cache:6379: hot links").1,
            "hot links"
        );
    }
}
