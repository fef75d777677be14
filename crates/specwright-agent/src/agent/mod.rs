//! The agent loop: asks the session what comes next, gets a model turn (validated, with
//! bounded repairs) or the person's reply (an [`Op`]), checks the event against the
//! session, journals it, applies it, and emits what happened as [`AgentEvent`]s. Repeat
//! until the spec is written or the input ends.

use std::sync::Arc;

use chrono::{DateTime, Utc};
use specwright_core::existing::ExistingSpec;
use specwright_core::reply;
use specwright_core::validate::parse_turn;
use specwright_core::{Action, Event, Pending, Phase, Session, Topic, Turn, TurnKind, Usage};
use specwright_llm::{ChatModel, ModelError};
use specwright_render::spec::{NEXT_STEPS, Renderer};
use tokio::sync::mpsc;

use crate::commands::{Command, Parsed, Scope, parse_line};
use crate::context::{build_request, build_request_within, estimate_tokens, repair_request};
use crate::error::{AgentError, Result};
use crate::journal::Journal;
use crate::layout::ProjectLayout;
use crate::outputs::{self, render_current, spec_diff};
use crate::prompts::Prompts;
use crate::protocol::{AgentEvent, AgentHandle, Expect, Interrupter, Op, Outcome};
use crate::status::{decisions_text, status_text};
use crate::store::Opened;

mod model;
mod review;
mod user;

/// Where the agent's timestamps come from: the system clock, or a fixed instant for replay.
#[derive(Debug, Clone, Copy)]
pub enum Clock {
    System,
    Fixed(DateTime<Utc>),
}

impl Clock {
    pub fn now(self) -> DateTime<Utc> {
        match self {
            Clock::System => Utc::now(),
            Clock::Fixed(t) => t,
        }
    }
}

/// Receives the raw material of a fixture while a session runs: every model reply (also
/// the ones that fail validation) and every reply of the person's that was journaled.
pub trait TranscriptSink: Send {
    fn model_reply(&mut self, kind: TurnKind, raw: &str) -> Result<()>;
    fn user_event(&mut self, event: &Event) -> Result<()>;
}

/// What the agent works with.
pub struct AgentDeps {
    pub model: Arc<dyn ChatModel>,
    /// Takes a turn the model could not get valid after its repairs.
    pub fallback: Option<Arc<dyn ChatModel>>,
    pub prompts: Arc<Prompts>,
    pub renderer: Arc<Renderer>,
    pub layout: ProjectLayout,
    pub clock: Clock,
    pub transcript: Option<Box<dyn TranscriptSink>>,
}

/// A document the person gives up front (`specwright spec X --from notes.md`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Document {
    /// The file's name, for the transcript.
    pub name: String,
    pub text: String,
}

/// How the agent behaves.
#[derive(Debug, Clone)]
pub struct AgentOptions {
    /// How many times a model may be asked to fix an invalid reply.
    pub max_repairs: u32,
    /// The model's context window in tokens, when known.
    pub context_window: Option<usize>,
    /// How to continue a saved session; `{id}` stands for the session id.
    pub resume_command: String,
    /// A document that answers the interview up front; taken only by a session that has
    /// not started yet.
    pub document: Option<Document>,
}

impl Default for AgentOptions {
    fn default() -> Self {
        AgentOptions {
            max_repairs: 2,
            context_window: None,
            resume_command: "specwright resume {id}".into(),
            document: None,
        }
    }
}

/// An agent, ready to run one session.
pub struct Agent {
    deps: AgentDeps,
    options: AgentOptions,
}

impl Agent {
    pub fn new(deps: AgentDeps, options: AgentOptions) -> Agent {
        Agent { deps, options }
    }

    /// Runs the session as a task on the current tokio runtime.
    pub fn spawn(self, opened: Opened) -> AgentHandle {
        let (op_tx, op_rx) = mpsc::unbounded_channel();
        let (event_tx, event_rx) = mpsc::unbounded_channel();
        let interrupter = Interrupter::default();
        let session_id = opened.session.id();
        let progress_events = event_tx.clone();
        self.deps.model.set_progress(Arc::new(move |p| {
            let _ = progress_events.send(AgentEvent::Progress(p));
        }));
        let (existing, unreadable) = crate::existing::read(&self.deps.layout, opened.session.id());
        let mut run = Run {
            existing,
            last_edit: None,
            deps: self.deps,
            options: self.options,
            session: opened.session,
            journal: opened.journal,
            ops: op_rx,
            events: event_tx,
            interrupter: interrupter.clone(),
            warned_context: false,
            warned_truncation: false,
        };
        // The spec is written and checked with the seed's template when the project's own
        // cannot be read; said once, when the session starts.
        let template = crate::files::project_template(&run.deps.layout)
            .err()
            .map(|unread| {
                format!("{unread}; this session writes and checks its spec with the seed's")
            });
        for notice in opened.notices.into_iter().chain(unreadable).chain(template) {
            run.emit(AgentEvent::Notice(notice));
        }
        let task = tokio::spawn(async move { run.run().await });
        AgentHandle {
            session_id,
            ops: op_tx,
            events: event_rx,
            interrupter,
            task,
        }
    }
}

/// A model turn and what it cost.
struct Asked {
    turn: Turn,
    usage: Option<Usage>,
    repairs: u32,
    fallback: bool,
}

/// The state of a running session; owned by its task.
struct Run {
    deps: AgentDeps,
    options: AgentOptions,
    session: Session,
    journal: Journal,
    ops: mpsc::UnboundedReceiver<Op>,
    events: mpsc::UnboundedSender<AgentEvent>,
    interrupter: Interrupter,
    warned_context: bool,
    warned_truncation: bool,
    /// The digest of the project's other specs, read when the session starts.
    existing: Vec<ExistingSpec>,
    /// The last edit of the draft that did not pass the spec check, to edit again.
    last_edit: Option<String>,
}

/// What a command did.
enum Handled {
    Event(Event),
    Quit,
    Shown,
}

impl Run {
    fn emit(&self, event: AgentEvent) {
        // A face that stopped listening loses nothing: everything is in the journal.
        let _ = self.events.send(event);
    }

    fn notice(&self, text: impl Into<String>) {
        self.emit(AgentEvent::Notice(text.into()));
    }

    fn resume_command(&self) -> String {
        self.options
            .resume_command
            .replace("{id}", &self.session.id().to_string())
    }

    /// Checks an event against the session, journals it, then applies it: what is on
    /// disk is never behind the session, and never holds an event that cannot apply.
    fn record(&mut self, event: Event) -> Result<()> {
        let next = match event {
            Event::Back { .. } => {
                let mut events = self.journal.events().to_vec();
                events.push(event.clone());
                Session::replay(&events).map_err(AgentError::Refused)?
            }
            _ => {
                let mut next = self.session.clone();
                next.apply(&event).map_err(AgentError::Refused)?;
                next
            }
        };
        self.journal.append(&event)?;
        self.session = next;
        Ok(())
    }

    async fn run(&mut self) -> Result<Outcome> {
        if self.session.is_legacy() && !self.session.is_completed() {
            // A journal of the previous format: it replayed under its own rules; what
            // follows goes by this version's.
            self.record(Event::Upgraded {
                at: self.deps.clock.now(),
            })?;
        }
        if self.session.transcript().is_empty() && self.session.model_turns() == 0 {
            self.emit(AgentEvent::PhaseStarted(self.session.phase()));
            if let Some(doc) = self.options.document.take() {
                self.notice(format!(
                    "Reading {}: the interview asks only about what it leaves open.",
                    doc.name
                ));
                self.record(Event::Document {
                    name: doc.name,
                    text: doc.text,
                    at: self.deps.clock.now(),
                })?;
            }
        }
        loop {
            match self.session.next_action() {
                Action::Done => {
                    // The recorded path is only compared with the derived one.
                    let layout = &self.deps.layout;
                    let spec = self
                        .session
                        .spec_path()
                        .and_then(|p| layout.spec_stem_of(self.session.slug(), p))
                        .map(|stem| layout.spec_path(&stem))
                        .unwrap_or_default();
                    return Ok(Outcome::Completed { spec });
                }
                Action::Finish => self.finish()?,
                Action::Model(kind) => {
                    if !self.model_turn(kind).await? {
                        return Ok(self.saved());
                    }
                }
                Action::User => {
                    let before = self.session.phase();
                    let decisions = self.session.decisions().len();
                    let deferred = (
                        self.session.skipped().len(),
                        self.session.deferred_areas().len(),
                        self.session.deferred_details().len(),
                    );
                    let was_details = matches!(self.session.pending(), Some(Pending::Details(_)));
                    match self.read_user().await? {
                        Some(event) => {
                            if let Some(sink) = &mut self.deps.transcript {
                                sink.user_event(&event)?;
                            }
                            let settled = self.confirmation_summary(&event);
                            let skip = matches!(event, Event::Skip { .. });
                            self.record(event)?;
                            if let Some(text) = settled {
                                self.notice(text);
                            }
                            if skip {
                                self.say_deferred(deferred);
                            }
                        }
                        None => return Ok(self.saved()),
                    }
                    if let Some(record) = self.session.decisions().get(decisions) {
                        self.emit(AgentEvent::Recorded(record.clone()));
                    }
                    if was_details
                        && matches!(
                            self.session.pending(),
                            Some(Pending::Review | Pending::Confirm(_))
                        )
                    {
                        // The draft's details were left open without a revision: the
                        // draft as it stands is shown before anything is asked about it.
                        self.emit(AgentEvent::Draft {
                            markdown: render_current(&self.session, &self.deps.renderer)?,
                            summary: None,
                            diff: None,
                        });
                    }
                    self.announce_phases(before, self.session.phase());
                    if before == Phase::Draft && self.session.phase() == Phase::Iteration {
                        // The items the draft added were settled: the review starts.
                        self.follow_ups_current()?;
                    }
                }
            }
        }
    }

    fn saved(&self) -> Outcome {
        self.emit(AgentEvent::Saved {
            resume: self.resume_command(),
        });
        Outcome::Saved
    }
}
