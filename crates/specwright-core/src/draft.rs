//! The draft the built-in interviewer writes: every captured fact lands, in the person's
//! words, in the section(s) its question feeds, citing the fact's id; what the interview
//! did not give stays empty (the agent asks about it before it shows the draft). Answers
//! at the draft of the form `<section>: <text>` revise it ([`revise`]).

pub use crate::revise::{FEEDBACK_FORMS, revise};

use crate::decision::DecisionRecord;
use crate::phase::{Phase, Topic};
use crate::request::{ExistingSpec, TurnContext};
use crate::session::LedgerFact;
use crate::turn::{
    ApiContract, DataModel, Dependency, ErrorCase, Field, Item, NamedValue, NonFunctional,
    Overview, SpecDraft, TestingStrategy, UseCase,
};

fn facts(ledger: &[LedgerFact], topic: Topic) -> impl Iterator<Item = &LedgerFact> {
    ledger
        .iter()
        .filter(move |f| f.topic == topic && !f.statement.trim().is_empty())
}

/// The statements of a topic, joined, resting on their facts.
fn joined(ledger: &[LedgerFact], topic: Topic) -> Item {
    let (texts, ids): (Vec<String>, Vec<String>) = facts(ledger, topic)
        .map(|f| (f.statement.trim().to_string(), f.id.clone()))
        .unzip();
    Item::new(texts.join(" "), ids)
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

/// Every item of a topic's facts, each resting on its fact.
fn all_items(ledger: &[LedgerFact], topic: Topic) -> Vec<Item> {
    facts(ledger, topic)
        .flat_map(|f| {
            items(&f.statement)
                .into_iter()
                .map(|text| Item::new(text, vec![f.id.clone()]))
        })
        .collect()
}

/// "Name: rest" → (Name, rest); otherwise (whole, ""). A label's colon is followed by a
/// space, so a URL (`https://…`, `host:8080`) is never split.
pub fn split_label(item: &str) -> (String, String) {
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

pub(crate) fn short_name(item: &str) -> String {
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

/// Splits on commas outside parentheses: `code (string, unique), target URL`.
fn split_fields(text: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut depth = 0usize;
    let mut current = String::new();
    for c in text.chars() {
        match c {
            '(' => {
                depth += 1;
                current.push(c);
            }
            ')' => {
                depth = depth.saturating_sub(1);
                current.push(c);
            }
            ',' if depth == 0 => out.push(std::mem::take(&mut current)),
            _ => current.push(c),
        }
    }
    out.push(current);
    out.into_iter()
        .map(|f| f.trim().trim_end_matches('.').trim().to_string())
        .filter(|f| !f.is_empty())
        .collect()
}

/// `code (string, unique)` → (`code`, `string`, `unique`); `code` → (`code`, ``, ``).
fn parse_field(text: &str) -> (String, String, String) {
    if let Some((name, rest)) = text.split_once('(')
        && let Some(inner) = rest.strip_suffix(')')
    {
        let (ty, constraints) = match inner.split_once(',') {
            Some((t, c)) => (t.trim(), c.trim()),
            None => (inner.trim(), ""),
        };
        return (name.trim().into(), ty.into(), constraints.into());
    }
    (text.trim().into(), String::new(), String::new())
}

/// An answer that says there is none: "None", "nothing", "n/a".
fn says_none(text: &str) -> bool {
    matches!(
        crate::reply::normalize(text).as_str(),
        "none" | "nothing" | "no" | "n/a" | "na" | "none yet" | "not any"
    )
}

fn decision<'a>(decisions: &'a [DecisionRecord], key: &str) -> Option<&'a DecisionRecord> {
    decisions.iter().find(|d| d.area_key == key)
}

/// A field type another spec of the project gives the same entity's field of this name.
fn type_elsewhere(
    existing: &[ExistingSpec],
    entity: &str,
    field: &str,
) -> Option<(String, String)> {
    existing.iter().find_map(|spec| {
        spec.entities
            .iter()
            .filter(|e| e.name.eq_ignore_ascii_case(entity))
            .flat_map(|e| &e.fields)
            .find(|f| f.name.eq_ignore_ascii_case(field) && !f.ty.trim().is_empty())
            .map(|f| (f.ty.clone(), spec.title.clone()))
    })
}

/// The error code for an edge-case topic, its HTTP status by convention, and the message.
const ERRORS: [(Topic, &str, &str, &str); 4] = [
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
];

/// Builds the draft from the ledger: every answer lands, in the user's words, in the
/// section(s) its question feeds, citing its fact; nothing is filled in that the
/// interview did not give, except what is marked as resting on nothing.
pub fn from_ledger(ctx: &TurnContext) -> SpecDraft {
    let ledger = &ctx.ledger;
    let users = joined(ledger, Topic::Users);
    let use_cases: Vec<UseCase> = all_items(ledger, Topic::UseCases)
        .into_iter()
        .map(|item| {
            let mut rests_on = item.rests_on.clone();
            rests_on.extend(users.rests_on.iter().cloned());
            UseCase {
                name: short_name(&item.text),
                actor: users.text.clone(),
                preconditions: String::new(),
                flow: vec![item],
                postconditions: String::new(),
                error_scenarios: Vec::new(),
                rests_on,
            }
        })
        .collect();
    let data_models = all_items(ledger, Topic::DataEntities)
        .into_iter()
        .map(|item| {
            let (entity, rest) = split_label(&item.text);
            let mut fields: Vec<Field> = split_fields(&rest)
                .into_iter()
                .map(|f| {
                    let (name, ty, constraints) = parse_field(&f);
                    if ty.is_empty()
                        && let Some((ty, spec)) = type_elsewhere(&ctx.existing, &entity, &name)
                    {
                        // Consistent with another spec, but not said here: the user confirms it.
                        return Field {
                            description: format!("Typed as in the {spec} spec"),
                            name,
                            ty,
                            constraints,
                            rests_on: Vec::new(),
                        };
                    }
                    Field {
                        name,
                        ty,
                        constraints,
                        description: String::new(),
                        rests_on: item.rests_on.clone(),
                    }
                })
                .collect();
            let has_id = fields.iter().any(|f| {
                let n = f.name.to_ascii_lowercase();
                n == "id" || n.ends_with(" id") || n.ends_with("_id")
            });
            if !has_id {
                // A suggestion, not something the user said: it rests on nothing.
                fields.insert(
                    0,
                    Field {
                        name: "id".into(),
                        ty: "UUIDv7".into(),
                        constraints: "PK".into(),
                        description: format!("Identifier of a {entity}"),
                        rests_on: Vec::new(),
                    },
                );
            }
            DataModel { entity, fields }
        })
        .collect();
    let api = decision(&ctx.decisions, "api_style");
    let interface = api.map(|d| d.choice.clone()).unwrap_or_default();
    let http = interface.to_ascii_lowercase();
    let http = ["rest", "http", "graphql"].iter().any(|k| http.contains(k));
    let mut error_handling = Vec::new();
    for (topic, code, status_code, message) in ERRORS {
        for fact in facts(ledger, topic) {
            let condition = fact.statement.trim().to_string();
            // A status the user did not give is a suggestion: the row rests on nothing.
            let (status, rests_on) = if !http {
                ("n/a".to_string(), vec![fact.id.clone()])
            } else if condition.contains(status_code) {
                (status_code.to_string(), vec![fact.id.clone()])
            } else {
                (status_code.to_string(), Vec::new())
            };
            error_handling.push(ErrorCase {
                code: code.into(),
                condition,
                http_status: status,
                user_message: message.into(),
                rests_on,
            });
        }
    }
    let errors = if error_handling.is_empty() {
        "None identified.".to_string()
    } else {
        let mut codes: Vec<&str> = error_handling.iter().map(|e| e.code.as_str()).collect();
        codes.dedup();
        codes.join(", ")
    };
    let api_contracts = all_items(ledger, Topic::InputsOutputs)
        .into_iter()
        .map(|item| {
            let (name, rest) = split_label(&item.text);
            let body = if rest.is_empty() {
                item.text.clone()
            } else {
                rest
            };
            let (input, output) = match body.split_once("->").or_else(|| body.split_once('→')) {
                Some((i, o)) => (i.trim().to_string(), o.trim().to_string()),
                None => (body.clone(), String::new()),
            };
            let mut rests_on = item.rests_on;
            if let Some(d) = api {
                rests_on.push(d.id());
            }
            ApiContract {
                operation: name,
                interface: interface.clone(),
                input,
                output,
                errors: errors.clone(),
                rests_on,
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
        if !value.is_blank() {
            other.push(NamedValue {
                name: name.into(),
                value: value.text,
                rests_on: value.rests_on,
            });
        }
    }
    let dependencies: Vec<Dependency> = [Topic::ExternalDependencies, Topic::Integrations]
        .into_iter()
        .flat_map(|t| all_items(ledger, t))
        // "None" answers that there is nothing to depend on; it is no dependency.
        .filter(|item| !says_none(&item.text))
        .map(|item| {
            let (name, purpose) = split_label(&item.text);
            Dependency {
                name,
                purpose,
                rests_on: item.rests_on,
            }
        })
        .collect();
    let unit = decision(&ctx.decisions, "testing")
        .map(|d| Item::new(format!("{}: {}", d.choice, d.description), vec![d.id()]))
        .unwrap_or_default();
    let integration = if dependencies.is_empty() {
        Item::default()
    } else {
        let names: Vec<&str> = dependencies.iter().map(|d| d.name.as_str()).collect();
        let ids: Vec<String> = dependencies
            .iter()
            .flat_map(|d| d.rests_on.iter().cloned())
            .collect();
        Item::new(
            format!("Against the dependencies: {}.", names.join(", ")),
            ids,
        )
    };
    let edge_cases = Phase::EdgeCases
        .topics()
        .iter()
        .flat_map(|t| facts(ledger, *t))
        .map(|f| Item::new(f.statement.trim(), vec![f.id.clone()]))
        .collect();
    let mut draft = SpecDraft {
        overview: Overview {
            problem_statement: joined(ledger, Topic::Purpose),
            goals: all_items(ledger, Topic::InScope),
            non_goals: all_items(ledger, Topic::OutOfScope),
        },
        use_cases,
        data_models,
        api_contracts,
        error_handling,
        non_functional: NonFunctional {
            latency: joined(ledger, Topic::Latency),
            throughput: joined(ledger, Topic::Throughput),
            availability: joined(ledger, Topic::Availability),
            data_retention: joined(ledger, Topic::DataRetention),
            other,
        },
        dependencies,
        testing: TestingStrategy {
            unit,
            integration,
            edge_cases,
        },
        open_questions: Vec::new(),
    };
    if draft.use_cases.is_empty() {
        // A spec needs a use case; with none described, the purpose stands in, as a
        // suggestion the user confirms.
        let purpose = draft.overview.problem_statement.clone();
        draft.use_cases.push(UseCase {
            name: format!("Use {}", ctx.topic),
            actor: users.text,
            preconditions: String::new(),
            flow: if purpose.is_blank() {
                Vec::new()
            } else {
                vec![purpose]
            },
            postconditions: String::new(),
            error_scenarios: Vec::new(),
            rests_on: Vec::new(),
        });
    }
    draft
}

#[cfg(test)]
mod tests {
    use super::*;
    use pretty_assertions::assert_eq;

    #[test]
    fn items_split_lines_semicolons_and_numbers() {
        assert_eq!(
            items("1. shorten a URL\n2) redirect; expire links"),
            vec!["shorten a URL", "redirect", "expire links"]
        );
    }

    #[test]
    fn fields_keep_their_types_in_parentheses() {
        assert_eq!(
            split_fields("code (string, unique), target URL, created at (timestamp)."),
            vec![
                "code (string, unique)",
                "target URL",
                "created at (timestamp)"
            ]
        );
        assert_eq!(
            parse_field("code (string, unique)"),
            ("code".into(), "string".into(), "unique".into())
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
