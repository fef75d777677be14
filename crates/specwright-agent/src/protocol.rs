//! The agent's protocol: it runs as a task that takes [`Op`]s and emits owned
//! [`AgentEvent`]s. Every face (the REPL, line mode, fixture replay, an MCP server) drives
//! the same loop through this seam and nothing else.

use std::path::PathBuf;
use std::sync::{Arc, Mutex};

use specwright_core::{
    DecisionArea, DecisionRecord, DecisionTurn, DraftItem, Fact, Phase, QuestionGroup, Usage,
};
use specwright_llm::openai::Progress;
use tokio::sync::mpsc;
use tokio_util::sync::CancellationToken;
use uuid::Uuid;

use crate::error::Result;

/// What a face sends the agent.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Op {
    /// A line the person typed, exactly as at the REPL: an answer, a choice, feedback on
    /// the draft, or a slash command (`/skip`, `/approve`, ...).
    Line(String),
    /// Ctrl-C at the prompt: nothing is sent, the agent asks again.
    Interrupt,
    /// The input ended (Ctrl-D, the end of piped input, the host let go): the session is
    /// saved and the agent stops.
    EndOfInput,
}

/// What the agent expects the next line to be, for the face's prompt.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Expect {
    /// A command at the prompt, outside an interview (faces only).
    Command,
    /// An answer to questions ([`AgentEvent::Questions`], [`AgentEvent::Details`]) or
    /// to a follow-up ([`AgentEvent::ReasonAsked`]).
    Answer,
    /// A choice at a decision ([`AgentEvent::Decision`]).
    Choice,
    /// Feedback on the draft, or a command such as `/approve` ([`AgentEvent::ReviewPrompt`]).
    Review,
    /// A short confirmation: Enter keeps what was proposed ([`AgentEvent::Defaults`],
    /// [`AgentEvent::InferredItems`]) or approves ([`AgentEvent::ApproveQuestion`]).
    Confirm,
    /// The whole draft as edited markdown ([`AgentEvent::EditDraft`]); an empty line
    /// leaves the draft as it is.
    Edit,
}

/// What the agent tells its face. Owned, so a face may keep, queue or forward it.
#[derive(Debug, Clone, PartialEq)]
pub enum AgentEvent {
    /// A sentence of information.
    Notice(String),
    /// Something went wrong but the interview goes on.
    Warning(String),
    /// Plain text the person asked for (help, status, decisions).
    Info(String),
    PhaseStarted(Phase),
    Questions {
        group: QuestionGroup,
        phase: Phase,
        covered: usize,
        total: usize,
    },
    Decision {
        area: DecisionArea,
        turn: DecisionTurn,
        number: usize,
        total: usize,
    },
    /// The person left these topics to the agent ("you decide"); it suggests these
    /// defaults. The reply ([`Expect::Confirm`]): Enter keeps them (recorded as accepted),
    /// other text corrects them (recorded as stated), `/skip` leaves the topics open.
    Defaults {
        defaults: Vec<Fact>,
    },
    /// The person chose against the recommendation without a reason: one short follow-up
    /// question. The reply ([`Expect::Answer`]) is the reason; Enter records the decision
    /// with no reason given.
    ReasonAsked {
        question: String,
    },
    /// The program recorded a decision from the person's choice (or from what they had
    /// already said, when it was not asked).
    Recorded(DecisionRecord),
    /// Before the draft is shown: what it leaves empty, as questions. The reply
    /// ([`Expect::Answer`]) gives the details (one line each, `UC-1 before: …`); `/skip`
    /// leaves them open.
    Details {
        group: QuestionGroup,
    },
    /// Under a shown draft: the items it adds that the person did not say. The reply
    /// ([`Expect::Confirm`]): Enter keeps them all (recorded as accepted), `drop 2, 5`,
    /// `edit 3: <words>` (recorded as stated); parts separated by `;`. `forms` says so.
    InferredItems {
        items: Vec<DraftItem>,
        forms: String,
    },
    /// Approval words at the review ("looks good", "lgtm"): asks "Approve the spec?
    /// [Y/n]". The reply ([`Expect::Confirm`]): Enter or yes approves, no goes back to the
    /// review; other text is feedback.
    ApproveQuestion,
    /// `/edit` at the review: the draft as markdown, for the person to change in their
    /// editor. The reply ([`Expect::Edit`]) is the edited markdown; it is taken back as the
    /// new draft once it passes the spec check, else the problems are shown and the draft
    /// stays as it was.
    EditDraft {
        markdown: String,
    },
    /// The rendered draft, with what changed when it is a revision.
    Draft {
        markdown: String,
        summary: Option<String>,
        /// For a revision: the diff of the spec (empty when nothing changed).
        diff: Option<String>,
    },
    /// The review prompt under a shown draft.
    ReviewPrompt,
    /// The model is working (true) or done (false).
    Thinking(bool),
    /// How the model's reply is coming along.
    Progress(Progress),
    /// The agent waits for the person's next line ([`Op::Line`]).
    Waiting(Expect),
    /// The spec is written.
    Completed {
        spec: PathBuf,
        progress: PathBuf,
        /// Every file written (spec, ADRs, JSON twin, progress note), relative to the root.
        files: Vec<String>,
        usage: Usage,
        model_turns: usize,
        repairs: u32,
        fallback_turns: usize,
        next_steps: String,
    },
    /// The session was saved and the agent stops; `resume` is the command to continue.
    Saved {
        resume: String,
    },
}

/// How a run of the agent ended.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Outcome {
    /// The spec was written to this path.
    Completed { spec: PathBuf },
    /// The input ended or the person quit; the session is saved and can be resumed.
    Saved,
}

/// Cancels the model request in flight. Each request gets a fresh token, so an interrupt
/// that arrives between requests cancels nothing that follows.
#[derive(Debug, Clone, Default)]
pub struct Interrupter {
    current: Arc<Mutex<CancellationToken>>,
}

impl Interrupter {
    /// Cancels the request in flight, if any.
    pub fn interrupt(&self) {
        if let Ok(token) = self.current.lock() {
            token.cancel();
        }
    }

    /// A new token for the next request.
    pub(crate) fn fresh(&self) -> CancellationToken {
        let token = CancellationToken::new();
        if let Ok(mut current) = self.current.lock() {
            *current = token.clone();
        }
        token
    }
}

/// A running agent: send it ops, read its events, interrupt its model requests.
pub struct AgentHandle {
    pub(crate) session_id: Uuid,
    pub(crate) ops: mpsc::UnboundedSender<Op>,
    pub(crate) events: mpsc::UnboundedReceiver<AgentEvent>,
    pub(crate) interrupter: Interrupter,
    pub(crate) task: tokio::task::JoinHandle<Result<Outcome>>,
}

impl AgentHandle {
    pub fn session_id(&self) -> Uuid {
        self.session_id
    }

    /// Sends an op; false when the agent has stopped.
    pub fn send(&self, op: Op) -> bool {
        self.ops.send(op).is_ok()
    }

    /// The next event; `None` once the agent has stopped and every event was read.
    pub async fn next_event(&mut self) -> Option<AgentEvent> {
        self.events.recv().await
    }

    /// An event that is already there, without waiting.
    pub fn try_next_event(&mut self) -> Option<AgentEvent> {
        self.events.try_recv().ok()
    }

    /// Something a face can keep to cancel model requests (Ctrl-C) from elsewhere.
    pub fn interrupter(&self) -> Interrupter {
        self.interrupter.clone()
    }

    /// Waits for the agent to stop and returns how it ended.
    pub async fn finish(self) -> Result<Outcome> {
        drop(self.ops);
        self.task.await?
    }
}
