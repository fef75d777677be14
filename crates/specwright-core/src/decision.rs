//! Decision areas, the records the program writes from the user's choice, and the pure
//! parser that turns a typed reply into a choice.

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use crate::turn::{DecisionOption, DecisionTurn};

/// A design choice to make. The seed's seven come first; the model may propose more.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct DecisionArea {
    pub key: String,
    pub title: String,
    /// The kinds of options the seed lists for it (empty for proposed areas).
    pub hint: String,
    /// Why the model proposed it (empty for the seed's areas).
    pub why: String,
}

/// The seed's seven decision areas, in its order.
pub fn seed_areas() -> Vec<DecisionArea> {
    [
        (
            "data_storage",
            "Data storage",
            "relational, document, in-memory, file-based, embedded",
        ),
        (
            "api_style",
            "API style",
            "REST, gRPC, GraphQL, CLI, library/SDK",
        ),
        (
            "concurrency",
            "Concurrency model",
            "synchronous, async/await, event-driven, actor model",
        ),
        (
            "error_handling",
            "Error handling",
            "error codes, typed errors, result types, exceptions",
        ),
        (
            "auth",
            "Authentication/authorization",
            "JWT, OAuth2, API keys, mTLS, none",
        ),
        (
            "configuration",
            "Configuration",
            "env vars, config files, flags, remote config",
        ),
        (
            "testing",
            "Testing strategy",
            "unit-heavy, integration-heavy, E2E-heavy, property-based",
        ),
    ]
    .into_iter()
    .map(|(key, title, hint)| DecisionArea {
        key: key.to_string(),
        title: title.to_string(),
        hint: hint.to_string(),
        why: String::new(),
    })
    .collect()
}

/// Who made a decision.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum DecidedBy {
    /// The user picked one of the offered options.
    User,
    /// The user accepted the recommendation (Enter).
    AcceptedRecommendation,
    /// The user delegated every choice to the recommendations (`--accept-recommendations`).
    Delegated,
    /// The user wrote a choice of their own, not among the options.
    UserOwnChoice,
}

impl DecidedBy {
    pub fn label(self) -> &'static str {
        match self {
            DecidedBy::User => "chosen by the user",
            DecidedBy::AcceptedRecommendation => "recommendation accepted",
            DecidedBy::Delegated => "delegated to the recommendation",
            DecidedBy::UserOwnChoice => "the user's own choice",
        }
    }
}

/// A decision as the program recorded it. The model never writes or changes one.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct DecisionRecord {
    /// 1-based, in the order decided.
    pub number: usize,
    pub area: String,
    pub area_key: String,
    pub question: String,
    pub choice: String,
    /// The chosen option's description, or the user's own words.
    pub description: String,
    pub gains: String,
    pub sacrifices: String,
    /// The other options' names.
    pub alternatives: Vec<String>,
    /// Every option offered, with its tradeoffs, for the ADR.
    #[serde(default)]
    pub options: Vec<DecisionOption>,
    /// The 1-based number of the recommended option.
    #[serde(default)]
    pub recommended: u8,
    pub rationale: String,
    pub decided_by: DecidedBy,
    /// Index in the transcript of the answer that made the decision.
    pub answer_turn: usize,
}

/// What a reply to a decision turn means.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Choice {
    Recommended,
    Option {
        index: usize,
        reason: Option<String>,
    },
    Own {
        choice: String,
        reason: Option<String>,
    },
}

/// Parses a reply to a decision turn: empty accepts the recommendation; a number or an
/// option's name picks that option, optionally followed by a reason ("2 because ...",
/// "PostgreSQL - we know it"); anything else is the user's own choice. A number that is
/// not an option's is an error, so a typo never becomes a decision.
pub fn parse_choice(input: &str, turn: &DecisionTurn) -> Result<Choice, String> {
    let text = input.trim();
    if text.is_empty() {
        return Ok(Choice::Recommended);
    }
    let digits: String = text.chars().take_while(char::is_ascii_digit).collect();
    if !digits.is_empty() {
        let rest = &text[digits.len()..];
        if rest.is_empty() || rest.starts_with(|c: char| c.is_whitespace() || is_separator(c)) {
            let n: usize = digits.parse().unwrap_or(0);
            if n >= 1 && n <= turn.options.len() {
                return Ok(Choice::Option {
                    index: n - 1,
                    reason: reason_from(rest),
                });
            }
            return Err(format!(
                "There is no option {digits}: type a number from 1 to {}, an option's name, your own choice, or press Enter for the recommendation.",
                turn.options.len()
            ));
        }
    }
    // The longest matching name wins, so "Postgres" never shadows "PostgreSQL".
    let lower = text.to_lowercase();
    let mut best: Option<(usize, usize)> = None;
    for (i, option) in turn.options.iter().enumerate() {
        let name = option.name.trim().to_lowercase();
        if name.is_empty() || !lower.starts_with(&name) {
            continue;
        }
        let rest = text.get(name.len()..).unwrap_or("");
        // "PostgreSQL because ..." picks PostgreSQL; "Typed errors with codes" is a
        // choice of the user's own that merely starts with an option's name.
        let boundary =
            rest.is_empty() || rest.starts_with(is_separator) || starts_with_reason_word(rest);
        if boundary && best.is_none_or(|(_, len)| name.len() > len) {
            best = Some((i, name.len()));
        }
    }
    if let Some((index, len)) = best {
        // `to_lowercase` can change byte lengths for non-ASCII text; fall back to no reason.
        let rest = text.get(len..).unwrap_or("");
        return Ok(Choice::Option {
            index,
            reason: reason_from(rest),
        });
    }
    let (choice, reason) = split_reason(text);
    Ok(Choice::Own { choice, reason })
}

fn starts_with_reason_word(rest: &str) -> bool {
    let first = rest
        .split_whitespace()
        .next()
        .unwrap_or("")
        .to_ascii_lowercase();
    matches!(
        first.as_str(),
        "because" | "since" | "as" | "for" | "given" | "so" | "—" | "–" | "-"
    )
}

fn is_separator(c: char) -> bool {
    matches!(c, '.' | ')' | ':' | ',' | ';' | '-' | '—' | '–')
}

fn reason_from(rest: &str) -> Option<String> {
    let reason = rest.trim_start_matches(|c: char| c.is_whitespace() || is_separator(c));
    let reason = reason.trim();
    (!reason.is_empty()).then(|| reason.to_string())
}

/// "SQLite because it is embedded" → ("SQLite", "because it is embedded").
fn split_reason(text: &str) -> (String, Option<String>) {
    let lower = text.to_ascii_lowercase();
    for marker in [" because ", " since ", " as we ", " — ", " - "] {
        if let Some(at) = lower.find(marker) {
            // "DynamoDB, because ..." : the comma belongs to the sentence, not the choice.
            let choice = text[..at].trim().trim_end_matches([',', ';', ':']).trim();
            let reason = text[at..].trim_start_matches([' ', '—', '-']).trim();
            if !choice.is_empty() && !reason.is_empty() {
                return (choice.to_string(), Some(reason.to_string()));
            }
        }
    }
    (text.to_string(), None)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::turn::DecisionOption;
    use pretty_assertions::assert_eq;

    fn turn() -> DecisionTurn {
        let option = |name: &str| DecisionOption {
            name: name.to_string(),
            description: format!("{name} description"),
            gains: "gains".into(),
            sacrifices: "sacrifices".into(),
        };
        DecisionTurn {
            question: "Where do links live?".into(),
            options: vec![
                option("Postgres"),
                option("PostgreSQL cluster"),
                option("SQLite"),
            ],
            recommended: 3,
            recommendation_reason: "embedded".into(),
            proposed_areas: vec![],
        }
    }

    #[test]
    fn empty_accepts_the_recommendation() {
        assert_eq!(parse_choice("  ", &turn()), Ok(Choice::Recommended));
    }

    #[test]
    fn a_number_picks_an_option_with_an_optional_reason() {
        assert_eq!(
            parse_choice("2", &turn()),
            Ok(Choice::Option {
                index: 1,
                reason: None
            })
        );
        assert_eq!(
            parse_choice("1 - we run it already", &turn()),
            Ok(Choice::Option {
                index: 0,
                reason: Some("we run it already".into())
            })
        );
        assert_eq!(
            parse_choice("3) cheap", &turn()),
            Ok(Choice::Option {
                index: 2,
                reason: Some("cheap".into())
            })
        );
    }

    #[test]
    fn a_number_out_of_range_is_an_error_not_a_decision() {
        let err = parse_choice("7", &turn()).unwrap_err();
        assert!(err.contains("There is no option 7"), "{err}");
    }

    #[test]
    fn a_name_picks_the_longest_matching_option() {
        assert_eq!(
            parse_choice("postgresql cluster: for HA", &turn()),
            Ok(Choice::Option {
                index: 1,
                reason: Some("for HA".into())
            })
        );
        assert_eq!(
            parse_choice("Postgres", &turn()),
            Ok(Choice::Option {
                index: 0,
                reason: None
            })
        );
    }

    #[test]
    fn anything_else_is_the_users_own_choice() {
        assert_eq!(
            parse_choice("DynamoDB because the team knows it", &turn()),
            Ok(Choice::Own {
                choice: "DynamoDB".into(),
                reason: Some("because the team knows it".into())
            })
        );
        assert_eq!(
            parse_choice("2PC over two stores", &turn()),
            Ok(Choice::Own {
                choice: "2PC over two stores".into(),
                reason: None
            })
        );
        assert_eq!(
            parse_choice("DynamoDB, because the team knows it", &turn()),
            Ok(Choice::Own {
                choice: "DynamoDB".into(),
                reason: Some("because the team knows it".into())
            })
        );
        assert_eq!(
            parse_choice("SQLite with a WAL", &turn()),
            Ok(Choice::Own {
                choice: "SQLite with a WAL".into(),
                reason: None
            })
        );
        assert_eq!(
            parse_choice("SQLite because it is embedded", &turn()),
            Ok(Choice::Option {
                index: 2,
                reason: Some("because it is embedded".into())
            })
        );
        assert_eq!(
            parse_choice("SQLiteX", &turn()),
            Ok(Choice::Own {
                choice: "SQLiteX".into(),
                reason: None
            })
        );
    }

    #[test]
    fn seed_lists_seven_areas() {
        let titles: Vec<String> = seed_areas().into_iter().map(|a| a.title).collect();
        assert_eq!(titles.len(), 7);
        assert_eq!(titles[0], "Data storage");
        assert_eq!(titles[6], "Testing strategy");
    }
}
