//! A session this server runs: the agent task, the host's pending turn request, and what
//! the agent said since the last call. Calls drive it only through the agent protocol:
//! a line (`Op::Line`) or a host turn in, events out until the agent waits again.

use std::collections::HashMap;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use specwright_agent::store::Opened;
use specwright_agent::{Agent, AgentEvent, AgentHandle, Expect, Op, Outcome, ProjectLayout};
use specwright_core::{MessageRole, Phase, TurnRequest};
use specwright_llm::ChatModel;
use specwright_llm::openai::Progress;
use tokio::sync::{OwnedMutexGuard, mpsc};
use uuid::Uuid;

use crate::factory::{AgentFactory, AgentSetup, Interviewer};
use crate::host::{HostAsk, HostModel, is_repair_of};
use crate::output::CompletedOut;

/// How many times the host's model may fix a turn that failed validation. More than a
/// configured LLM gets (2 by default): every attempt is one tool call by a capable model
/// that reads the errors, it costs the person nothing, and running out stops the agent
/// (no other interviewer is waiting to take the turn unless the configuration asks for
/// the offline fallback), so a generous bound keeps interviews going while still ending
/// a host that loops.
pub const HOST_MAX_REPAIRS: u32 = 8;

/// What the session waits for.
pub enum State {
    /// The agent is working (or a call driving it was cancelled half-way).
    Busy,
    /// The person's next line.
    Reply(Expect),
    /// The host's next turn.
    Turn(Box<PendingTurn>),
    /// The agent stopped.
    Ended(Ending),
}

/// A turn the agent asked the host for.
pub struct PendingTurn {
    pub ask: HostAsk,
    /// 1 for the first attempt at this turn.
    pub attempt: u32,
    /// Why the previous attempt was refused.
    pub errors: Vec<String>,
}

pub enum Ending {
    Completed,
    Saved,
    /// The agent stopped with an error; the sentence says what went wrong.
    Failed(String),
}

pub struct Live {
    pub id: Uuid,
    pub topic: String,
    pub interviewer: Interviewer,
    pub layout: ProjectLayout,
    pub phase: Phase,
    pub state: State,
    /// What the agent said since the last result, in order.
    pub events: Vec<AgentEvent>,
    pub completed: Option<CompletedOut>,
    pub max_attempts: u32,
    pub resume_command: String,
    /// Where this call's progress notifications go, while a call drives the agent.
    pub progress: Option<ProgressRelay>,
    handle: Option<AgentHandle>,
    asks: Option<mpsc::UnboundedReceiver<HostAsk>>,
    last_request: Option<(TurnRequest, u32)>,
}

/// Where a call's progress notifications go: a task that sends them to the host in order.
pub struct ProgressRelay {
    tx: mpsc::UnboundedSender<String>,
    task: tokio::task::JoinHandle<()>,
}

impl ProgressRelay {
    pub fn new(tx: mpsc::UnboundedSender<String>, task: tokio::task::JoinHandle<()>) -> Self {
        ProgressRelay { tx, task }
    }

    /// Waits until every notification is sent, so that none arrives after the result.
    pub async fn close(self) {
        drop(self.tx);
        let _ = self.task.await;
    }
}

/// An agent ready to run a session.
pub struct Prepared {
    interviewer: Interviewer,
    layout: ProjectLayout,
    setup: AgentSetup,
    asks: Option<mpsc::UnboundedReceiver<HostAsk>>,
}

impl Prepared {
    /// Spawns the agent on an opened session.
    pub fn spawn(self, opened: Opened) -> Live {
        let id = opened.session.id();
        let resume_command = self
            .setup
            .options
            .resume_command
            .replace("{id}", &id.to_string());
        let max_attempts = self.setup.options.max_repairs + 1;
        let topic = opened.session.topic().to_string();
        let phase = opened.session.phase();
        let handle = Agent::new(self.setup.deps, self.setup.options).spawn(opened);
        Live {
            id,
            topic,
            interviewer: self.interviewer,
            layout: self.layout,
            phase,
            state: State::Busy,
            events: Vec::new(),
            completed: None,
            max_attempts,
            resume_command,
            progress: None,
            handle: Some(handle),
            asks: self.asks,
            last_request: None,
        }
    }
}

/// Waits for the next host request; never, in program mode.
async fn next_ask(asks: &mut Option<mpsc::UnboundedReceiver<HostAsk>>) -> Option<HostAsk> {
    match asks {
        Some(rx) => rx.recv().await,
        None => std::future::pending().await,
    }
}

// Lives for one loop iteration on the stack; boxing would only add an allocation.
#[allow(clippy::large_enum_variant)]
enum Next {
    Event(Option<AgentEvent>),
    Ask(HostAsk),
}

/// A model request's progress in words; `None` for what is not worth a notification (the
/// characters as they stream in).
fn progress_text(p: &Progress) -> Option<String> {
    match p {
        Progress::Waiting { elapsed } => Some(format!(
            "waiting for the model's reply ({} s)",
            elapsed.as_secs()
        )),
        Progress::FirstToken => Some("the model is replying".into()),
        Progress::Section { key, .. } => Some(format!(
            "the model is writing `{}`",
            specwright_render::escape::strip_controls(key)
        )),
        Progress::Retrying(_) => {
            Some("the model server failed for now; specwright tries again".into())
        }
        Progress::Received(_) | Progress::Done => None,
    }
}

/// The errors a repair request lists: its last message's bullet lines.
fn repair_errors(request: &TurnRequest) -> Vec<String> {
    request
        .messages
        .last()
        .filter(|m| m.role == MessageRole::User)
        .map(|m| {
            m.content
                .lines()
                .filter_map(|l| l.trim_start().strip_prefix("- "))
                .map(str::to_string)
                .collect()
        })
        .unwrap_or_default()
}

impl Live {
    /// The agent's parts for a session, got before the session is opened, so that a
    /// configuration error leaves no journal behind.
    pub fn prepare(
        interviewer: Interviewer,
        layout: &ProjectLayout,
        factory: &dyn AgentFactory,
    ) -> Result<Prepared, String> {
        let (host, asks) = match interviewer {
            Interviewer::Host => {
                let (model, asks) = HostModel::new();
                (Some(Arc::new(model) as Arc<dyn ChatModel>), Some(asks))
            }
            Interviewer::Program => (None, None),
        };
        let mut setup = factory.setup(layout, host).map_err(|e| {
            let text = e.to_string();
            let mut chars = text.chars();
            match chars.next() {
                Some(first) => format!("{}{}.", first.to_uppercase(), chars.as_str()),
                None => "The agent could not be set up.".into(),
            }
        })?;
        if interviewer == Interviewer::Host {
            setup.options.max_repairs = HOST_MAX_REPAIRS;
        }
        Ok(Prepared {
            interviewer,
            layout: layout.clone(),
            setup,
            asks,
        })
    }

    fn keep(&mut self, event: AgentEvent) {
        match &event {
            AgentEvent::PhaseStarted(p) => self.phase = *p,
            AgentEvent::Completed {
                spec,
                files,
                next_steps,
                ..
            } => {
                self.phase = Phase::Complete;
                self.completed = Some(CompletedOut {
                    spec: self.layout.relative(spec),
                    files: files.clone(),
                    next_steps: next_steps.clone(),
                });
            }
            // The host learns of its own invalid turn from the error result instead.
            AgentEvent::Warning(text)
                if self.interviewer == Interviewer::Host
                    && text.starts_with("The model's reply did not validate") =>
            {
                return;
            }
            // specwright's own interviewer at work: the host hears of it, so a slow model
            // turn is not taken for a hung call. The host's model needs no news of itself.
            AgentEvent::Thinking(true) if self.interviewer == Interviewer::Program => {
                self.report("specwright's interviewer is writing the next turn".into());
                return;
            }
            AgentEvent::Progress(p) => {
                if let Some(text) = progress_text(p) {
                    self.report(text);
                }
                return;
            }
            AgentEvent::Thinking(_) => return,
            _ => {}
        }
        self.events.push(event);
    }

    fn report(&self, text: String) {
        if let Some(progress) = &self.progress {
            let _ = progress.tx.send(text);
        }
    }

    /// Reads the agent's events until it waits for the person or the host, or stops.
    pub async fn advance(&mut self) {
        loop {
            let Some(handle) = self.handle.as_mut() else {
                return;
            };
            let next = tokio::select! {
                biased;
                event = handle.next_event() => Next::Event(event),
                Some(ask) = next_ask(&mut self.asks) => Next::Ask(ask),
            };
            match next {
                Next::Event(Some(AgentEvent::Waiting(expect))) => {
                    self.state = State::Reply(expect);
                    return;
                }
                Next::Event(Some(event)) => self.keep(event),
                Next::Event(None) => {
                    self.state = State::Ended(self.finish().await);
                    return;
                }
                Next::Ask(ask) => {
                    // The agent showed everything before it asked; collect it first.
                    while let Some(event) = self.handle.as_mut().and_then(|h| h.try_next_event()) {
                        self.keep(event);
                    }
                    let (attempt, errors) = match &self.last_request {
                        Some((previous, attempt)) if is_repair_of(&ask.request, previous) => {
                            (attempt + 1, repair_errors(&ask.request))
                        }
                        _ => (1, Vec::new()),
                    };
                    self.last_request = Some((ask.request.clone(), attempt));
                    self.state = State::Turn(Box::new(PendingTurn {
                        ask,
                        attempt,
                        errors,
                    }));
                    return;
                }
            }
        }
    }

    async fn finish(&mut self) -> Ending {
        let Some(handle) = self.handle.take() else {
            return Ending::Saved;
        };
        match handle.finish().await {
            Ok(Outcome::Completed { .. }) => Ending::Completed,
            Ok(Outcome::Saved) => Ending::Saved,
            Err(e) => Ending::Failed(e.to_string()),
        }
    }

    /// Sends the person's line; the state must be `Reply`.
    pub async fn send_line(&mut self, line: String) {
        if let Some(handle) = &self.handle {
            handle.send(Op::Line(line));
        }
        self.state = State::Busy;
        self.advance().await;
    }

    /// Hands the host's turn to the agent; the state must be `Turn`.
    pub async fn submit_turn(&mut self, turn: String) {
        if let State::Turn(pending) = std::mem::replace(&mut self.state, State::Busy) {
            // A send that fails means the agent stopped waiting; what it does instead
            // arrives as events.
            let _ = pending.ask.reply.send(turn);
        }
        self.advance().await;
    }

    /// Saves and stops the agent: the person's input has ended.
    pub async fn close(&mut self) {
        let Some(handle) = self.handle.as_ref() else {
            return;
        };
        handle.interrupter().interrupt();
        handle.send(Op::EndOfInput);
        // Dropping a pending host request cancels it, as Ctrl-C cancels a model's.
        self.state = State::Busy;
        let drained = tokio::time::timeout(Duration::from_secs(10), async {
            while let Some(handle) = self.handle.as_mut() {
                match handle.next_event().await {
                    Some(AgentEvent::Waiting(_)) => {
                        handle.send(Op::EndOfInput);
                    }
                    Some(_) => {}
                    None => break,
                }
            }
        })
        .await;
        if drained.is_ok() {
            let ending = self.finish().await;
            self.state = State::Ended(ending);
        }
    }
}

/// The sessions this server runs: one agent per session id (the in-process guard of
/// "one writer per session").
#[derive(Default)]
pub struct Registry {
    sessions: Mutex<HashMap<Uuid, Arc<tokio::sync::Mutex<Live>>>>,
}

/// A session the caller holds: nobody else drives it until the guard is dropped.
pub type Held = OwnedMutexGuard<Live>;

impl Registry {
    pub fn get(&self, id: Uuid) -> Option<Arc<tokio::sync::Mutex<Live>>> {
        self.sessions.lock().ok()?.get(&id).cloned()
    }

    pub fn ids(&self) -> Vec<Uuid> {
        self.sessions
            .lock()
            .map(|s| s.keys().copied().collect())
            .unwrap_or_default()
    }

    pub fn contains(&self, id: Uuid) -> bool {
        self.sessions.lock().is_ok_and(|s| s.contains_key(&id))
    }

    /// Opens a session with `open` and registers its agent, all under the registry's
    /// lock, so two calls cannot open the same session. Returns the session, held by the
    /// caller.
    pub fn open_with(&self, open: impl FnOnce() -> Result<Live, String>) -> Result<Held, String> {
        let mut sessions = self
            .sessions
            .lock()
            .map_err(|_| "the session registry is unusable after an earlier failure".to_string())?;
        let live = open()?;
        let id = live.id;
        if sessions.contains_key(&id) {
            return Err(format!(
                "Session {id} is already open in this server; continue it with spec_reply."
            ));
        }
        let cell = Arc::new(tokio::sync::Mutex::new(live));
        let held = cell
            .clone()
            .try_lock_owned()
            .map_err(|_| "a new session was locked by another call".to_string())?;
        sessions.insert(id, cell);
        Ok(held)
    }

    pub fn remove(&self, id: Uuid) {
        if let Ok(mut s) = self.sessions.lock() {
            s.remove(&id);
        }
    }

    /// Saves and stops every session (the host went away).
    pub async fn shutdown(&self) {
        let all: Vec<_> = match self.sessions.lock() {
            Ok(mut s) => s.drain().map(|(_, v)| v).collect(),
            Err(_) => return,
        };
        for cell in all {
            let mut live = cell.lock().await;
            live.close().await;
        }
    }
}
