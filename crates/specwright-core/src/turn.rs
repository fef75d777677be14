//! What a model may propose, as typed data. Each type derives a JSON schema that
//! `schema::turn_schema` turns into an OpenAI strict-mode schema. The doc comments here
//! are for readers of the code and are not sent: the prompts say what a model needs to
//! know about each field, once, while the schema travels with every request.

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
    /// True when the user's last answer states no requirement at all (e.g. "nothing
    /// to add"), so `facts` is rightly empty.
    #[serde(default)]
    pub no_requirement: bool,
    /// What the user's last answer says they do not know, each in the user's own words
    /// under its topic (e.g. "for the UI I don't know"). Empty when there is none.
    #[serde(default)]
    pub unknowns: Vec<Fact>,
    /// Topics the last answer informs only in part: what is still missing for each.
    #[serde(default)]
    pub missing: Vec<Missing>,
    /// When the user's last answer leaves the choice to you ("you decide", "no
    /// preference"): a sensible default for each topic it delegates, for the user to
    /// confirm or correct. Never captured as facts.
    #[serde(default)]
    pub defaults: Vec<Fact>,
}

/// A topic the user's answer covers only in part.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Missing {
    pub topic: Topic,
    /// What is still missing, in one short sentence.
    pub what: String,
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
    /// The id of a fact in which the user already made this choice (e.g. "F4": "we store
    /// everything in PostgreSQL because ops runs it"), with `recommended` naming that
    /// option; null when the interview has not decided it.
    #[serde(default)]
    pub stated_in: Option<String>,
}

impl DecisionTurn {
    pub fn recommended_option(&self) -> Option<&DecisionOption> {
        usize::from(self.recommended)
            .checked_sub(1)
            .and_then(|i| self.options.get(i))
    }
}

/// One piece of the spec and the ids of what it rests on.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, JsonSchema)]
pub struct Item {
    pub text: String,
    /// Ids (F3, D2, R1, C1) of what the user said that this item says; empty if none.
    pub rests_on: Vec<String>,
}

impl Item {
    pub fn new(text: impl Into<String>, rests_on: Vec<String>) -> Item {
        Item {
            text: text.into(),
            rests_on,
        }
    }

    /// An item resting on nothing.
    pub fn bare(text: impl Into<String>) -> Item {
        Item::new(text, Vec::new())
    }

    pub fn is_blank(&self) -> bool {
        self.text.trim().is_empty()
    }
}

impl From<&str> for Item {
    fn from(text: &str) -> Item {
        Item::bare(text)
    }
}

/// An item as written: an object, or (in journals from before items carried ids) a
/// plain string, which rests on nothing.
#[derive(Deserialize)]
#[serde(untagged)]
enum ItemRepr {
    Text(String),
    Full(ItemFields),
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct ItemFields {
    text: String,
    #[serde(default)]
    rests_on: Vec<String>,
}

impl<'de> Deserialize<'de> for Item {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Item, D::Error> {
        Ok(match ItemRepr::deserialize(d)? {
            ItemRepr::Text(text) => Item::bare(text),
            ItemRepr::Full(f) => Item::new(f.text, f.rests_on),
        })
    }
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Overview {
    pub problem_statement: Item,
    pub goals: Vec<Item>,
    pub non_goals: Vec<Item>,
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct UseCase {
    pub name: String,
    pub actor: String,
    /// What must be true before it starts (or what triggers it); empty when not known.
    pub preconditions: String,
    /// The steps, in order.
    pub flow: Vec<Item>,
    /// What is true when it ends; empty when not known.
    pub postconditions: String,
    /// What can go wrong in this use case (not the same list in every use case).
    pub error_scenarios: Vec<Item>,
    /// What the use case's name, actor, preconditions and postconditions rest on.
    #[serde(default)]
    pub rests_on: Vec<String>,
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Field {
    pub name: String,
    /// The field's type; empty when not known (never a placeholder such as "—").
    #[serde(rename = "type")]
    pub ty: String,
    pub constraints: String,
    pub description: String,
    #[serde(default)]
    pub rests_on: Vec<String>,
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct DataModel {
    pub entity: String,
    pub fields: Vec<Field>,
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ApiContract {
    pub operation: String,
    pub interface: String,
    pub input: String,
    pub output: String,
    pub errors: String,
    #[serde(default)]
    pub rests_on: Vec<String>,
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ErrorCase {
    pub code: String,
    pub condition: String,
    /// The HTTP status, or "n/a" when the interface is not HTTP.
    pub http_status: String,
    pub user_message: String,
    #[serde(default)]
    pub rests_on: Vec<String>,
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct NamedValue {
    pub name: String,
    pub value: String,
    #[serde(default)]
    pub rests_on: Vec<String>,
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct NonFunctional {
    /// p50 and p99 targets.
    pub latency: Item,
    /// Requests per second.
    pub throughput: Item,
    pub availability: Item,
    pub data_retention: Item,
    /// Further requirements, e.g. consistency or hard constraints.
    pub other: Vec<NamedValue>,
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Dependency {
    pub name: String,
    pub purpose: String,
    #[serde(default)]
    pub rests_on: Vec<String>,
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct TestingStrategy {
    pub unit: Item,
    pub integration: Item,
    pub edge_cases: Vec<Item>,
}

/// The spec's sections that the model writes. The program owns the title, the
/// Architecture Decisions table, and adds the uncovered topics to the Open Questions.
/// Every item carries the ids of the facts and decisions it rests on.
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
    pub open_questions: Vec<Item>,
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
