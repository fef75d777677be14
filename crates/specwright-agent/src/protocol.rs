//! The agent's protocol: it runs as a task that takes [`Op`]s and emits owned
//! [`AgentEvent`]s. Every face (the REPL, line mode, fixture replay, an MCP server) drives
//! the same loop through this seam and nothing else.

use std::path::PathBuf;
use std::sync::{Arc, Mutex};

use specwright_core::{DecisionArea, DecisionRecord, DecisionTurn, Phase, QuestionGroup, Usage};
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
    Answer,
    Choice,
    Review,
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
    /// The program recorded a decision from the person's choice.
    Recorded(DecisionRecord),
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
