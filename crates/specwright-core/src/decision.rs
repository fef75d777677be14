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
    /// The user left the choice to the agent ("you decide", or `--accept-recommendations`),
    /// which took its recommendation.
    Delegated,
    /// The user wrote a choice of their own, not among the options.
    UserOwnChoice,
    /// The user had already made the choice in an answer (a fact), so it was not asked.
    StatedInInterview,
}

impl DecidedBy {
    pub fn label(self) -> &'static str {
        match self {
            DecidedBy::User => "chosen by the user",
            DecidedBy::AcceptedRecommendation => "recommendation accepted",
            DecidedBy::Delegated => "delegated to the recommendation",
            DecidedBy::UserOwnChoice => "the user's own choice",
            DecidedBy::StatedInInterview => "stated in the interview",
        }
    }
}

/// The rationale recorded when the user chose against the recommendation and gave no
/// reason when asked; the spec check reports it.
pub const NO_REASON: &str = "No reason given.";

/// A decision as the program recorded it. The model never writes or changes one.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct DecisionRecord {
    /// 1-based, in the order decided; the decision's id is `D<number>`.
    pub number: usize,
    pub area: String,
    pub area_key: String,
    pub question: String,
    pub choice: String,
    /// The chosen option's description, or the user's own words.
    pub description: String,
    pub gains: String,
    pub sacrifices: String,
    /// The other options' names (not those an own choice combines).
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
    /// The offered options an own choice names (it combines them; they are not alternatives).
    #[serde(default)]
    pub combines: Vec<String>,
    /// Index in the transcript of the answer that gave the reason, when it was asked for.
    #[serde(default)]
    pub reason_turn: Option<usize>,
    /// The fact the user made this choice in, when the interview had already made it.
    #[serde(default)]
    pub stated_in: Option<String>,
}

impl DecisionRecord {
    /// `D<number>`: what spec items cite.
    pub fn id(&self) -> String {
        format!("D{}", self.number)
    }

    /// Whether the rationale is the recommendation's own reason.
    pub fn rationale_is_recommendations(&self) -> bool {
        self.options
            .get(usize::from(self.recommended).saturating_sub(1))
            .is_some_and(|o| o.name == self.choice)
            && self.decided_by != DecidedBy::UserOwnChoice
    }
}

/// What a reply to a decision turn means.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Choice {
    /// Enter: take the recommendation.
    Recommended,
    /// "You decide": the agent takes its recommendation, recorded as delegated.
    Delegated,
    Option {
        index: usize,
        reason: Option<String>,
    },
    Own {
        choice: String,
        reason: Option<String>,
    },
}

impl Choice {
    /// Whether this choice goes against the recommendation without a reason, so the
    /// program asks for one before recording it.
    pub fn needs_reason(&self, turn: &DecisionTurn) -> bool {
        let recommended = usize::from(turn.recommended).saturating_sub(1);
        match self {
            Choice::Option { index, reason } => *index != recommended && reason.is_none(),
            Choice::Own { reason, .. } => reason.is_none(),
            Choice::Recommended | Choice::Delegated => false,
        }
    }

    /// The chosen option's or own choice's name, for the follow-up question.
    pub fn name(&self, turn: &DecisionTurn) -> String {
        match self {
            Choice::Option { index, .. } => turn
                .options
                .get(*index)
                .map(|o| o.name.clone())
                .unwrap_or_default(),
            Choice::Own { choice, .. } => choice.clone(),
            Choice::Recommended | Choice::Delegated => turn
                .recommended_option()
                .map(|o| o.name.clone())
                .unwrap_or_default(),
        }
    }
}

/// The one short follow-up for a choice against the recommendation with no reason.
pub fn reason_question(choice: &Choice, turn: &DecisionTurn) -> String {
    let recommended = turn
        .recommended_option()
        .map(|o| o.name.as_str())
        .unwrap_or("the recommendation");
    format!(
        "What makes {} better here than {recommended}? (Enter to skip: the decision is recorded with no reason given.)",
        choice.name(turn)
    )
}

/// Parses a reply to a decision turn: empty accepts the recommendation; "you decide"
/// (and the like) delegates it; a number or an option's name picks that option,
/// optionally followed by a reason (`1 - …`, `1, because …`, `1: …` and `2 since …`
/// read alike); anything else is the user's own choice. A number that is not an option's
/// is an error, so a typo never becomes a decision. A reason that only repeats the
/// option's name is no reason.
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
                    reason: reason_from(rest, &turn.options[n - 1].name),
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
        // "Environment variables for secrets plus a config file": what follows the name
        // names another option, so this is a choice of the user's own that combines them.
        let others = named_options(rest, &turn.options);
        if !others.iter().any(|n| *n != turn.options[index].name) {
            return Ok(Choice::Option {
                index,
                reason: reason_from(rest, &turn.options[index].name),
            });
        }
    }
    if crate::reply::is_delegation(text) {
        return Ok(Choice::Delegated);
    }
    let (choice, reason) = split_reason(text);
    let reason = reason.and_then(|r| reason_from(&r, &choice));
    Ok(Choice::Own { choice, reason })
}

/// A reason typed after being asked for one: `None` when it is empty or only repeats the
/// choice's name.
pub fn reason_answer(text: &str, choice_name: &str) -> Option<String> {
    reason_from(text, choice_name)
}

const REASON_WORDS: [&str; 9] = [
    "because", "since", "as", "for", "given", "so", "cause", "bc", "due",
];

fn starts_with_reason_word(rest: &str) -> bool {
    let first = rest
        .split_whitespace()
        .next()
        .unwrap_or("")
        .to_ascii_lowercase();
    REASON_WORDS.contains(&first.as_str()) || matches!(first.as_str(), "—" | "–" | "-")
}

fn is_separator(c: char) -> bool {
    matches!(c, '.' | ')' | ':' | ',' | ';' | '-' | '—' | '–')
}

/// The reason in what follows a choice: separators and one leading "because" / "since"
/// (and the like) dropped, the first letter capitalised; `None` when nothing is left or
/// what is left only repeats `name`.
fn reason_from(rest: &str, name: &str) -> Option<String> {
    let mut reason = rest
        .trim_start_matches(|c: char| c.is_whitespace() || is_separator(c))
        .trim();
    let first = reason.split_whitespace().next().unwrap_or("");
    let first_lower = first.trim_end_matches([',', ':']).to_ascii_lowercase();
    if REASON_WORDS.contains(&first_lower.as_str()) && reason.len() > first.len() {
        reason = reason[first.len()..]
            .trim_start_matches(|c: char| c.is_whitespace() || is_separator(c))
            .trim();
        if first_lower == "due" {
            reason = reason.strip_prefix("to ").unwrap_or(reason).trim();
        }
    }
    if reason.is_empty() || only_repeats(reason, name) {
        return None;
    }
    let mut chars = reason.chars();
    let capitalised: String = match chars.next() {
        Some(c) => c.to_uppercase().chain(chars).collect(),
        None => String::new(),
    };
    Some(capitalised)
}

/// Words that carry no reason of their own: "I pick the env vars option".
const NO_REASON_WORDS: [&str; 24] = [
    "the", "a", "an", "it", "its", "this", "that", "one", "option", "choice", "we", "i", "use",
    "go", "with", "pick", "choose", "prefer", "want", "please", "just", "is", "are", "let's",
];

/// Whether a reason only repeats the choice's name ("1 - environment variables").
fn only_repeats(reason: &str, name: &str) -> bool {
    let name_words: Vec<String> = crate::reply::normalize(name)
        .split(' ')
        .map(str::to_string)
        .collect();
    let norm = crate::reply::normalize(reason);
    let words: Vec<&str> = norm
        .split(' ')
        .filter(|w| !w.is_empty() && !NO_REASON_WORDS.contains(w))
        .collect();
    words
        .iter()
        .all(|w| name_words.iter().any(|n| same_word(w, n)))
}

/// Equal, or one a long prefix of the other ("variable" / "variables", "postgres" / "postgresql").
pub(crate) fn same_word(a: &str, b: &str) -> bool {
    a == b || (a.len().min(b.len()) >= 4 && (a.starts_with(b) || b.starts_with(a)))
}

/// "SQLite because it is embedded" → ("SQLite", "because it is embedded").
fn split_reason(text: &str) -> (String, Option<String>) {
    let lower = text.to_ascii_lowercase();
    let mut best: Option<(usize, usize)> = None;
    for marker in [
        " because ",
        ", because ",
        " since ",
        ", since ",
        " as we ",
        " — ",
        " - ",
    ] {
        if let Some(at) = lower.find(marker)
            && best.is_none_or(|(b, _)| at < b)
        {
            best = Some((at, marker.len()));
        }
    }
    if let Some((at, _)) = best {
        // "DynamoDB, because ..." : the comma belongs to the sentence, not the choice.
        let choice = text[..at].trim().trim_end_matches([',', ';', ':']).trim();
        let reason = text[at..]
            .trim_start_matches([' ', ',', ':', '—', '-'])
            .trim();
        if !choice.is_empty() && !reason.is_empty() {
            return (choice.to_string(), Some(reason.to_string()));
        }
    }
    (text.to_string(), None)
}

/// The offered options an own choice names: every significant word of the option's name
/// appears in the choice ("Config file with environment variable overrides" names
/// "Config file" and "Environment variables").
pub fn named_options(choice: &str, options: &[DecisionOption]) -> Vec<String> {
    let norm = crate::reply::normalize(choice);
    let choice_words: Vec<&str> = norm.split(' ').collect();
    options
        .iter()
        .filter(|o| {
            let name = crate::reply::normalize(&o.name);
            let words: Vec<&str> = name
                .split([' ', '/'])
                .filter(|w| w.len() > 1 && !NO_REASON_WORDS.contains(w))
                .collect();
            !words.is_empty()
                && words
                    .iter()
                    .all(|w| choice_words.iter().any(|c| same_word(c, w)))
        })
        .map(|o| o.name.clone())
        .collect()
}

/// Builds the record of a choice. `reason` overrides the choice's own reason (the answer
/// to the follow-up); `reason_turn` is that answer's transcript index.
pub fn build_record(
    number: usize,
    area: &DecisionArea,
    turn: &DecisionTurn,
    choice: &Choice,
    decided_by: DecidedBy,
    answer_turn: usize,
    asked_reason: Option<(Option<String>, usize)>,
) -> DecisionRecord {
    let recommended = usize::from(turn.recommended).saturating_sub(1);
    let (index, own_reason) = match choice {
        Choice::Recommended | Choice::Delegated => (Some(recommended), None),
        Choice::Option { index, reason } => (Some(*index), reason.clone()),
        Choice::Own { reason, .. } => (None, reason.clone()),
    };
    let (reason, reason_turn) = match asked_reason {
        Some((reason, at)) => (
            Some(reason.unwrap_or_else(|| NO_REASON.to_string())),
            Some(at),
        ),
        None => (own_reason, None),
    };
    let option = index.and_then(|i| turn.options.get(i));
    let mut combines = Vec::new();
    let (choice_name, description, gains, sacrifices, rationale) = match (choice, option) {
        (Choice::Own { choice, .. }, _) => {
            combines = named_options(choice, &turn.options);
            let rationale = reason.unwrap_or_else(|| NO_REASON.to_string());
            (
                choice.clone(),
                choice.clone(),
                String::new(),
                String::new(),
                rationale,
            )
        }
        (_, Some(o)) => {
            let rationale = match reason {
                Some(r) => r,
                None if index == Some(recommended) => turn.recommendation_reason.clone(),
                None => NO_REASON.to_string(),
            };
            (
                o.name.clone(),
                o.description.clone(),
                o.gains.clone(),
                o.sacrifices.clone(),
                rationale,
            )
        }
        (_, None) => (
            String::new(),
            String::new(),
            String::new(),
            String::new(),
            reason.unwrap_or_else(|| NO_REASON.to_string()),
        ),
    };
    let alternatives = turn
        .options
        .iter()
        .enumerate()
        .filter(|(i, o)| Some(*i) != index && !combines.contains(&o.name))
        .map(|(_, o)| o.name.clone())
        .collect();
    DecisionRecord {
        number,
        area: area.title.clone(),
        area_key: area.key.clone(),
        question: turn.question.clone(),
        choice: choice_name,
        description,
        gains,
        sacrifices,
        alternatives,
        options: turn.options.clone(),
        recommended: turn.recommended,
        rationale,
        decided_by,
        answer_turn,
        combines,
        reason_turn,
        stated_in: None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::turn::DecisionOption;
    use pretty_assertions::assert_eq;

    fn option(name: &str) -> DecisionOption {
        DecisionOption {
            name: name.to_string(),
            description: format!("{name} description"),
            gains: "gains".into(),
            sacrifices: "sacrifices".into(),
        }
    }

    fn turn() -> DecisionTurn {
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
            stated_in: None,
        }
    }

    fn config_turn() -> DecisionTurn {
        DecisionTurn {
            question: "How is it configured?".into(),
            options: vec![
                option("Environment variables"),
                option("Config file"),
                option("Remote config"),
            ],
            recommended: 2,
            recommendation_reason: "Reviewable defaults in version control.".into(),
            proposed_areas: vec![],
            stated_in: None,
        }
    }

    fn area() -> DecisionArea {
        seed_areas().remove(5)
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
            parse_choice("3) cheap", &turn()),
            Ok(Choice::Option {
                index: 2,
                reason: Some("Cheap".into())
            })
        );
    }

    #[test]
    fn the_reason_after_a_number_reads_alike_whatever_joins_it() {
        let expected = Ok(Choice::Option {
            index: 0,
            reason: Some("We run it already".into()),
        });
        for reply in [
            "1 - we run it already",
            "1, because we run it already",
            "1: we run it already",
            "1 because we run it already",
            "1 since we run it already",
            "1. Because we run it already",
        ] {
            assert_eq!(parse_choice(reply, &turn()), expected, "{reply}");
        }
    }

    #[test]
    fn a_reason_that_only_repeats_the_option_is_no_reason() {
        assert_eq!(
            parse_choice("1 - environment variables", &config_turn()),
            Ok(Choice::Option {
                index: 0,
                reason: None
            })
        );
        assert_eq!(
            parse_choice("2 because config file", &config_turn()),
            Ok(Choice::Option {
                index: 1,
                reason: None
            })
        );
        assert_eq!(reason_answer("the config file one", "Config file"), None);
        assert_eq!(
            reason_answer("because ops review it in git", "Config file"),
            Some("Ops review it in git".into())
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
                reason: Some("HA".into())
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
    fn you_decide_delegates_the_choice() {
        for reply in ["you decide", "Your call", "whatever you recommend", "idk"] {
            assert_eq!(
                parse_choice(reply, &turn()),
                Ok(Choice::Delegated),
                "{reply}"
            );
        }
        let record = build_record(
            1,
            &area(),
            &config_turn(),
            &Choice::Delegated,
            DecidedBy::Delegated,
            4,
            None,
        );
        assert_eq!(record.choice, "Config file");
        assert_eq!(record.rationale, "Reviewable defaults in version control.");
        assert_eq!(record.decided_by, DecidedBy::Delegated);
    }

    #[test]
    fn anything_else_is_the_users_own_choice() {
        assert_eq!(
            parse_choice("DynamoDB because the team knows it", &turn()),
            Ok(Choice::Own {
                choice: "DynamoDB".into(),
                reason: Some("The team knows it".into())
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
                reason: Some("The team knows it".into())
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
                reason: Some("It is embedded".into())
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
    fn picking_the_recommendation_without_a_reason_takes_its_reason() {
        let choice = parse_choice("2", &config_turn()).unwrap();
        assert!(!choice.needs_reason(&config_turn()));
        let record = build_record(
            1,
            &area(),
            &config_turn(),
            &choice,
            DecidedBy::User,
            4,
            None,
        );
        assert_eq!(record.rationale, "Reviewable defaults in version control.");
        assert!(record.rationale_is_recommendations());
    }

    #[test]
    fn picking_against_the_recommendation_without_a_reason_asks_for_one() {
        let choice = parse_choice("1", &config_turn()).unwrap();
        assert!(choice.needs_reason(&config_turn()));
        assert_eq!(
            reason_question(&choice, &config_turn()),
            "What makes Environment variables better here than Config file? (Enter to skip: the decision is recorded with no reason given.)"
        );
        let given = build_record(
            1,
            &area(),
            &config_turn(),
            &choice,
            DecidedBy::User,
            4,
            Some((Some("Twelve-factor deploys".into()), 6)),
        );
        assert_eq!(given.rationale, "Twelve-factor deploys");
        assert_eq!(given.reason_turn, Some(6));
        let skipped = build_record(
            1,
            &area(),
            &config_turn(),
            &choice,
            DecidedBy::User,
            4,
            Some((None, 6)),
        );
        assert_eq!(skipped.rationale, NO_REASON);
        let with_reason = parse_choice("1 since ops set them per deploy", &config_turn()).unwrap();
        assert!(!with_reason.needs_reason(&config_turn()));
    }

    #[test]
    fn an_own_choice_naming_offered_options_does_not_list_them_as_not_chosen() {
        let choice = parse_choice(
            "Config file with environment variable overrides, because secrets stay out of git",
            &config_turn(),
        )
        .unwrap();
        let Choice::Own { .. } = &choice else {
            panic!("{choice:?}");
        };
        let record = build_record(
            1,
            &area(),
            &config_turn(),
            &choice,
            DecidedBy::UserOwnChoice,
            4,
            None,
        );
        assert_eq!(
            record.combines,
            vec!["Environment variables", "Config file"]
        );
        assert_eq!(record.alternatives, vec!["Remote config"]);
        assert_eq!(record.rationale, "Secrets stay out of git");
    }

    #[test]
    fn a_name_followed_by_another_option_is_an_own_choice_combining_them() {
        let turn = config_turn();
        let choice = parse_choice(
            "Environment variables for secrets plus a config file for the rest, since Vault injects env vars",
            &turn,
        )
        .unwrap();
        assert_eq!(
            choice,
            Choice::Own {
                choice: "Environment variables for secrets plus a config file for the rest".into(),
                reason: Some("Vault injects env vars".into())
            }
        );
        let record = build_record(
            1,
            &area(),
            &turn,
            &choice,
            DecidedBy::UserOwnChoice,
            4,
            None,
        );
        assert_eq!(
            record.combines,
            vec!["Environment variables", "Config file"]
        );
        assert_eq!(record.alternatives, vec!["Remote config"]);
    }

    #[test]
    fn seed_lists_seven_areas() {
        let titles: Vec<String> = seed_areas().into_iter().map(|a| a.title).collect();
        assert_eq!(titles.len(), 7);
        assert_eq!(titles[0], "Data storage");
        assert_eq!(titles[6], "Testing strategy");
    }
}
