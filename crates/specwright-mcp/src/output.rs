//! The structured content of each tool's result, with the JSON schemas the server
//! advertises as output schemas. The markdown text beside it says the same for people.

use schemars::JsonSchema;
use serde::Serialize;
use serde_json::Value;

use crate::factory::Interviewer;

/// Where the interview stands.
#[derive(Debug, Clone, Serialize, JsonSchema)]
pub struct PhaseOut {
    /// e.g. `discovery`, `scope`, `decisions`, `edge_cases`, `draft`, `iteration`, `complete`.
    pub key: String,
    pub title: String,
    /// 1 to 6; 7 once the spec is written.
    pub number: usize,
}

/// What a session waits for after this call.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum StepStatus {
    /// Show the markdown to the person and pass their reply to `spec_reply`.
    WaitingForReply,
    /// The host's model writes the next turn and submits it with `spec_turn`.
    TurnNeeded,
    /// The spec is written.
    Completed,
    /// The session is saved and stopped; `spec_resume` continues it.
    Saved,
}

/// What kind of reply the person gives next.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum ExpectOut {
    /// Answers to the questions shown.
    Answer,
    /// An option's number or name (optionally with a reason), an own choice, or empty
    /// text for the recommendation.
    Choice,
    /// Feedback on the draft, or `/approve`.
    Review,
}

/// Something the agent said along the way.
#[derive(Debug, Clone, Serialize, JsonSchema)]
pub struct Note {
    /// `notice`, `warning`, `info` or `phase`.
    pub kind: String,
    pub text: String,
}

#[derive(Debug, Clone, Serialize, JsonSchema)]
pub struct QuestionOut {
    pub text: String,
    /// Why the answer matters for the spec.
    pub why: String,
    /// The checklist topics it covers.
    pub topics: Vec<String>,
}

/// One group of questions, answered together in one reply.
#[derive(Debug, Clone, Serialize, JsonSchema)]
pub struct QuestionsOut {
    pub title: String,
    pub questions: Vec<QuestionOut>,
    /// Checklist topics of the phase covered so far, and how many there are.
    pub covered: usize,
    pub total: usize,
}

#[derive(Debug, Clone, Serialize, JsonSchema)]
pub struct OptionOut {
    /// 1-based; the person may reply with it.
    pub number: usize,
    pub name: String,
    pub description: String,
    pub gains: String,
    pub sacrifices: String,
    pub recommended: bool,
}

/// A design decision put to the person.
#[derive(Debug, Clone, Serialize, JsonSchema)]
pub struct DecisionOut {
    pub area: String,
    /// This decision's number and how many there are.
    pub number: usize,
    pub total: usize,
    pub question: String,
    pub options: Vec<OptionOut>,
    /// The recommended option's number.
    pub recommended: usize,
    pub recommendation_reason: String,
}

/// A decision the program recorded from the person's choice.
#[derive(Debug, Clone, Serialize, JsonSchema)]
pub struct RecordedOut {
    pub number: usize,
    pub area: String,
    pub choice: String,
    pub rationale: String,
    /// Who decided: the person, the recommendation they accepted, ...
    pub decided_by: String,
}

/// The draft shown for review.
#[derive(Debug, Clone, Serialize, JsonSchema)]
pub struct DraftOut {
    /// The whole spec as it would be written.
    pub markdown: String,
    /// For a revision: what changed, in a sentence or two.
    pub summary: Option<String>,
    /// For a revision: the unified diff against the previous draft (empty: no change).
    pub diff: Option<String>,
}

/// What the finished session wrote.
#[derive(Debug, Clone, Serialize, JsonSchema)]
pub struct CompletedOut {
    /// The spec, relative to the project root.
    pub spec: String,
    /// Every file written (spec, ADRs, JSON twin, progress note), relative to the root.
    pub files: Vec<String>,
    pub next_steps: String,
}

/// A chat message of the turn request.
#[derive(Debug, Clone, Serialize, JsonSchema)]
pub struct MessageOut {
    /// `system`, `user` or `assistant`.
    pub role: String,
    pub content: String,
}

/// What the host's model needs to write the next turn.
#[derive(Debug, Clone, Serialize, JsonSchema)]
pub struct TurnRequestOut {
    /// `interview`, `decision`, `draft` or `revision`.
    pub kind: String,
    pub schema_name: String,
    /// The JSON schema the turn must match (OpenAI strict mode).
    pub schema: Value,
    /// The phase instructions and the task, as the program would send them to a model.
    pub messages: Vec<MessageOut>,
    /// The interview state the turn is asked in: open topics, the answer to capture,
    /// the decision area, the ledger, the draft.
    pub state: Value,
    /// 1 for a first attempt; more after a turn failed validation.
    pub attempt: u32,
    /// How many attempts the turn gets in all.
    pub max_attempts: u32,
    /// Why the last submitted turn was refused (empty on a first attempt).
    pub errors: Vec<String>,
}

/// The result of `spec_start`, `spec_resume`, `spec_reply` and `spec_turn`.
#[derive(Debug, Clone, Serialize, JsonSchema)]
pub struct StepOut {
    /// Pass it to `spec_reply`, `spec_turn` and `spec_status`.
    pub session_id: String,
    pub topic: String,
    pub interviewer: Interviewer,
    pub phase: PhaseOut,
    pub status: StepStatus,
    /// With `waiting_for_reply`: what the reply is.
    pub expect: Option<ExpectOut>,
    /// Notices, warnings and information since the last call, in order.
    pub notes: Vec<Note>,
    pub questions: Option<QuestionsOut>,
    pub decision: Option<DecisionOut>,
    pub draft: Option<DraftOut>,
    pub recorded: Vec<RecordedOut>,
    pub completed: Option<CompletedOut>,
    /// With `turn_needed`: the request for the host's model.
    pub turn_request: Option<TurnRequestOut>,
    /// The command that continues this session at a terminal.
    pub resume_command: String,
}

/// A checklist topic of the current phase.
#[derive(Debug, Clone, Serialize, JsonSchema)]
pub struct CoverageOut {
    pub key: String,
    pub title: String,
    /// `covered`, `skipped` or `open`.
    pub state: String,
}

/// The result of `spec_status`.
#[derive(Debug, Clone, Serialize, JsonSchema)]
pub struct StatusOut {
    pub session_id: String,
    pub topic: String,
    pub phase: PhaseOut,
    pub coverage: Vec<CoverageOut>,
    pub question_groups_used: usize,
    pub question_budget: usize,
    pub decisions: Vec<RecordedOut>,
    pub finished: bool,
    /// Where the spec is (or will be) written, relative to the root.
    pub spec_path: String,
    /// Whether this server runs the session now.
    pub open_here: bool,
    /// With `open_here`: `reply` or `turn`.
    pub waiting_for: Option<String>,
    pub model_turns: usize,
    pub repairs: u32,
}

/// One session of the project.
#[derive(Debug, Clone, Serialize, JsonSchema)]
pub struct SessionOut {
    pub session_id: String,
    pub topic: String,
    pub phase: String,
    /// RFC 3339.
    pub updated_at: String,
    pub finished: bool,
    pub spec_path: String,
    pub open_here: bool,
    /// Why the journal could not be read, if it could not.
    pub problem: Option<String>,
}

/// The result of `spec_sessions`.
#[derive(Debug, Clone, Serialize, JsonSchema)]
pub struct SessionsOut {
    /// The project root the sessions belong to.
    pub root: String,
    /// The most recently active first.
    pub sessions: Vec<SessionOut>,
}

#[derive(Debug, Clone, Serialize, JsonSchema)]
pub struct FindingOut {
    /// `error` or `warning`.
    pub severity: String,
    pub line: usize,
    pub rule: String,
    pub message: String,
    pub hint: String,
}

#[derive(Debug, Clone, Serialize, JsonSchema)]
pub struct LintFileOut {
    /// Relative to the project root.
    pub path: String,
    pub errors: usize,
    pub warnings: usize,
    pub findings: Vec<FindingOut>,
}

/// The result of `spec_lint`.
#[derive(Debug, Clone, Serialize, JsonSchema)]
pub struct LintOut {
    pub files: Vec<LintFileOut>,
    pub errors: usize,
    pub warnings: usize,
}
