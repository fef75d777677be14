//! What the agent sends a model: chat messages for an LLM and the same state as data,
//! for the offline interviewer and for replay checks.

use serde::{Deserialize, Serialize};
use serde_json::Value;

use crate::decision::{DecisionArea, DecisionRecord};
pub use crate::existing::ExistingSpec;
use crate::phase::{Phase, Topic};
use crate::session::{LedgerFact, Session};
use crate::turn::{QuestionGroup, SpecDraft, TurnKind};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum MessageRole {
    System,
    User,
    Assistant,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ChatMessage {
    pub role: MessageRole,
    pub content: String,
}

impl ChatMessage {
    pub fn system(content: impl Into<String>) -> Self {
        ChatMessage {
            role: MessageRole::System,
            content: content.into(),
        }
    }
    pub fn user(content: impl Into<String>) -> Self {
        ChatMessage {
            role: MessageRole::User,
            content: content.into(),
        }
    }
    pub fn assistant(content: impl Into<String>) -> Self {
        ChatMessage {
            role: MessageRole::Assistant,
            content: content.into(),
        }
    }
}

/// The session state a turn is asked in, as data.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct TurnContext {
    pub kind: TurnKind,
    pub phase: Phase,
    pub topic: String,
    /// The current phase's topics still open.
    pub open_topics: Vec<Topic>,
    /// Questions already asked in this phase.
    pub asked_questions: Vec<String>,
    /// The group the user just answered, if any.
    pub answered_group: Option<QuestionGroup>,
    pub answer: Option<String>,
    /// Whether the phase may still ask a question group.
    pub may_ask: bool,
    pub area: Option<DecisionArea>,
    pub ledger: Vec<LedgerFact>,
    pub decisions: Vec<DecisionRecord>,
    pub open_questions: Vec<String>,
    pub draft: Option<SpecDraft>,
    /// The id the answer at the draft was recorded under (`R<n>`): what items it changes
    /// rest on.
    #[serde(default)]
    pub answer_id: Option<String>,
    /// The answer leaves the choice to the agent ("you decide"): propose defaults.
    #[serde(default)]
    pub delegated: bool,
    /// The answer is a document given up front, by this name.
    #[serde(default)]
    pub document: Option<String>,
    /// The other specs of the project, to stay consistent with.
    #[serde(default)]
    pub existing: Vec<ExistingSpec>,
}

impl TurnContext {
    pub fn from_session(kind: TurnKind, session: &Session) -> TurnContext {
        TurnContext::with_existing(kind, session, &[])
    }

    /// The context, with the digest of the project's other specs.
    pub fn with_existing(
        kind: TurnKind,
        session: &Session,
        existing: &[ExistingSpec],
    ) -> TurnContext {
        TurnContext {
            kind,
            phase: session.phase(),
            topic: session.topic().to_string(),
            open_topics: session.open_topics(),
            asked_questions: session.asked_questions().to_vec(),
            answered_group: session
                .unprocessed_answer()
                .and(session.last_group().cloned()),
            answer: session.unprocessed_answer_text().map(str::to_string),
            may_ask: session.may_ask(),
            area: (kind == TurnKind::Decision)
                .then(|| session.current_area().cloned())
                .flatten(),
            ledger: session.ledger().to_vec(),
            decisions: session.decisions().to_vec(),
            open_questions: session.open_questions(),
            draft: session.draft().cloned(),
            answer_id: session.answer_id(),
            delegated: session.answer_delegates(),
            document: session.document().map(str::to_string),
            existing: existing.to_vec(),
        }
    }
}

/// One request for a model turn.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct TurnRequest {
    pub kind: TurnKind,
    pub schema_name: String,
    pub schema: Value,
    pub messages: Vec<ChatMessage>,
    pub context: TurnContext,
}
