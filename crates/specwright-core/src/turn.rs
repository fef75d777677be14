//! What a model may propose, as typed data. Each type derives a JSON schema that
//! `schema::strict_schema` turns into an OpenAI strict-mode schema.

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use crate::phase::Topic;

/// One question of a group.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Question {
    /// The question, as it will be shown to the user.
    pub text: String,
    /// One sentence on why the answer matters for the spec.
    pub why: String,
    /// The checklist topics of the current phase this question covers.
    #[schemars(length(min = 1, max = 4))]
    pub topics: Vec<Topic>,
}

/// The questions asked in one turn: one group at a time, as the seed asks.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct QuestionGroup {
    /// A short heading for the group, e.g. "Users and use cases".
    pub title: String,
    #[schemars(length(min = 1, max = 4))]
    pub questions: Vec<Question>,
}

impl QuestionGroup {
    pub fn topics(&self) -> Vec<Topic> {
        let mut out: Vec<Topic> = Vec::new();
        for q in &self.questions {
            for t in &q.topics {
                if !out.contains(t) {
                    out.push(*t);
                }
            }
        }
        out
    }
}

/// A requirement captured from the user's last answer, filed under a checklist topic.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Fact {
    pub topic: Topic,
    /// The requirement in one sentence, as close to the user's words as possible.
    pub statement: String,
}

/// The turn of a questioning phase (Discovery, Scope, Edge Cases).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct InterviewTurn {
    /// Facts captured from the user's last answer; empty when there was none.
    pub facts: Vec<Fact>,
    /// The next group of questions, or null when the phase's topics are all covered.
    pub questions: Option<QuestionGroup>,
    /// True when the model believes every topic of the phase is now covered.
    pub phase_complete: bool,
    /// True when the user's last answer states no requirement at all (e.g. "I don't
    /// know yet"), so `facts` is rightly empty.
    #[serde(default)]
    pub no_requirement: bool,
}

/// One option of a design decision.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct DecisionOption {
    /// A short name, e.g. "PostgreSQL".
    pub name: String,
    /// One sentence describing the option.
    pub description: String,
    /// What you gain by choosing it.
    pub gains: String,
    /// What you sacrifice by choosing it.
    pub sacrifices: String,
}

/// A decision area the model suggests beyond the seed's seven.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ProposedArea {
    /// A short title, e.g. "Caching".
    pub title: String,
    /// Why this feature needs the decision.
    pub why: String,
}

/// The turn of the Design Decisions phase: options for one decision area.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct DecisionTurn {
    /// The question put to the user, e.g. "How should links be stored?".
    pub question: String,
    #[schemars(length(min = 2, max = 4))]
    pub options: Vec<DecisionOption>,
    /// The 1-based number of the recommended option.
    #[schemars(range(min = 1, max = 4))]
    pub recommended: u8,
    /// Why that option is recommended for this feature.
    pub recommendation_reason: String,
    /// Further decision areas this feature needs (at most 3 over the whole phase are used).
    #[schemars(length(max = 3))]
    pub proposed_areas: Vec<ProposedArea>,
}

impl DecisionTurn {
    pub fn recommended_option(&self) -> Option<&DecisionOption> {
        usize::from(self.recommended)
            .checked_sub(1)
            .and_then(|i| self.options.get(i))
    }
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Overview {
    pub problem_statement: String,
    pub goals: Vec<String>,
    pub non_goals: Vec<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct UseCase {
    pub name: String,
    pub actor: String,
    pub preconditions: String,
    /// The steps, in order.
    pub flow: Vec<String>,
    pub postconditions: String,
    pub error_scenarios: Vec<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Field {
    pub name: String,
    #[serde(rename = "type")]
    pub ty: String,
    pub constraints: String,
    pub description: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct DataModel {
    pub entity: String,
    pub fields: Vec<Field>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ApiContract {
    pub operation: String,
    pub interface: String,
    pub input: String,
    pub output: String,
    pub errors: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ErrorCase {
    pub code: String,
    pub condition: String,
    /// The HTTP status, or "n/a" when the interface is not HTTP.
    pub http_status: String,
    pub user_message: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct NamedValue {
    pub name: String,
    pub value: String,
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct NonFunctional {
    /// p50 and p99 targets.
    pub latency: String,
    /// Requests per second.
    pub throughput: String,
    pub availability: String,
    pub data_retention: String,
    /// Further requirements, e.g. consistency or hard constraints.
    pub other: Vec<NamedValue>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Dependency {
    pub name: String,
    pub purpose: String,
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct TestingStrategy {
    pub unit: String,
    pub integration: String,
    pub edge_cases: Vec<String>,
}

/// The spec's sections that the model writes. The program owns the title, the
/// Architecture Decisions table, and adds the uncovered topics to the Open Questions.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct SpecDraft {
    pub overview: Overview,
    pub use_cases: Vec<UseCase>,
    pub data_models: Vec<DataModel>,
    pub api_contracts: Vec<ApiContract>,
    pub error_handling: Vec<ErrorCase>,
    pub non_functional: NonFunctional,
    pub dependencies: Vec<Dependency>,
    pub testing: TestingStrategy,
    pub open_questions: Vec<String>,
}

/// The turn of the Iteration phase: the whole draft revised after the user's feedback.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Revision {
    /// What changed, in one or two sentences, for the user.
    pub summary: String,
    pub draft: SpecDraft,
}

/// A turn as stored in the journal.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Turn {
    Interview(InterviewTurn),
    Decision(DecisionTurn),
    Draft(SpecDraft),
    Revision(Revision),
}

/// Which turn type a request asks for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum TurnKind {
    Interview,
    Decision,
    Draft,
    Revision,
}

impl TurnKind {
    /// "an interview", "a decision", ... for messages.
    pub fn with_article(self) -> &'static str {
        match self {
            TurnKind::Interview => "an interview",
            TurnKind::Decision => "a decision",
            TurnKind::Draft => "a draft",
            TurnKind::Revision => "a revision",
        }
    }

    /// The most tokens a reply of this kind needs: a turn's JSON is far shorter, while a
    /// small local model that loses its way writes until its whole context is full.
    pub fn max_reply_tokens(self) -> u32 {
        match self {
            TurnKind::Interview | TurnKind::Decision => 1024,
            TurnKind::Draft | TurnKind::Revision => 4096,
        }
    }

    pub fn key(self) -> &'static str {
        match self {
            TurnKind::Interview => "interview",
            TurnKind::Decision => "decision",
            TurnKind::Draft => "draft",
            TurnKind::Revision => "revision",
        }
    }
}

impl Turn {
    pub fn kind(&self) -> TurnKind {
        match self {
            Turn::Interview(_) => TurnKind::Interview,
            Turn::Decision(_) => TurnKind::Decision,
            Turn::Draft(_) => TurnKind::Draft,
            Turn::Revision(_) => TurnKind::Revision,
        }
    }
}
