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
        for notice in opened.notices.into_iter().chain(unreadable) {
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

    /// What a reply to the list of items a draft added does, in one sentence.
    fn confirmation_summary(&self, event: &Event) -> Option<String> {
        let (Some(Pending::Confirm(items)), Event::Answer { text, .. }) =
            (self.session.pending(), event)
        else {
            return None;
        };
        let reply = reply::parse_confirmation(text, items.len()).ok()?;
        let kept = items.len() - reply.drop.len() - reply.edit.len();
        Some(format!(
            "Kept {kept}, edited {}, dropped {} of the items the draft added; /draft shows the spec.",
            reply.edit.len(),
            reply.drop.len()
        ))
    }

    /// After `/skip`: what went to the spec's Open Questions, counted from `before` (the
    /// lengths of the skipped topics and deferred decisions).
    fn say_deferred(&self, before: (usize, usize, usize)) {
        let mut what: Vec<String> = self
            .session
            .skipped()
            .iter()
            .skip(before.0)
            .map(|t| t.title().to_string())
            .collect();
        what.extend(
            self.session
                .deferred_areas()
                .iter()
                .skip(before.1)
                .map(|a| format!("the decision on {a}")),
        );
        let details: Vec<&str> = self
            .session
            .deferred_details()
            .iter()
            .skip(before.2)
            .map(String::as_str)
            .collect();
        if !details.is_empty() {
            what.push(format!("what the draft needs ({})", details.join(", ")));
        }
        self.notice(if what.is_empty() {
            "Nothing was left to defer: those topics are covered.".to_string()
        } else {
            format!(
                "Deferred to the spec's Open Questions: {}.",
                what.join(", ")
            )
        });
    }

    fn saved(&self) -> Outcome {
        self.emit(AgentEvent::Saved {
            resume: self.resume_command(),
        });
        Outcome::Saved
    }

    /// Gets, journals and shows one model turn; false when the person stopped instead.
    async fn model_turn(&mut self, kind: TurnKind) -> Result<bool> {
        let before = self.session.phase();
        let previous = match kind {
            TurnKind::Revision => Some(render_current(&self.session, &self.deps.renderer)?),
            _ => None,
        };
        if kind == TurnKind::Draft {
            self.warn_dropped(
                &specwright_core::dropped::uncaptured(&self.session),
                "before the draft",
            );
        }
        let asked = loop {
            match self.ask(kind).await {
                Err(AgentError::Model(ModelError::Cancelled)) => {
                    if !self.after_cancel().await {
                        return Ok(false);
                    }
                }
                other => break other?,
            }
        };
        let at = self.deps.clock.now();
        let decisions = self.session.decisions().len();
        self.record(Event::ModelTurn {
            turn: Box::new(asked.turn),
            usage: asked.usage,
            repairs: asked.repairs,
            fallback: asked.fallback,
            at,
        })?;
        // A decision the person had already made in an answer is recorded without asking.
        if let Some(record) = self.session.decisions().get(decisions) {
            self.emit(AgentEvent::Recorded(record.clone()));
        }
        self.after_model_turn(before, previous.as_deref())?;
        if matches!(kind, TurnKind::Draft | TurnKind::Revision) {
            self.warn_dropped(
                &specwright_core::dropped::unreached(&self.session),
                "in the draft",
            );
        }
        Ok(true)
    }

    /// Announces each phase entered between `before` and `after`; a questioning phase
    /// passed over because the answers so far cover it says so, so no two headers stand
    /// back to back.
    fn announce_phases(&self, before: Phase, after: Phase) {
        let mut p = before;
        while p != after && p != Phase::Complete {
            p = p.next();
            if p != Phase::Complete {
                self.emit(AgentEvent::PhaseStarted(p));
                if p != after && p.is_questioning() {
                    self.notice("Your answers already cover every topic of this phase.");
                }
            }
        }
    }

    fn follow_ups_current(&self) -> Result<()> {
        let markdown = render_current(&self.session, &self.deps.renderer)?;
        self.follow_ups(&markdown);
        Ok(())
    }

    /// Lints the draft and asks about its holes instead of presenting them as done.
    fn follow_ups(&self, markdown: &str) {
        use specwright_render::lint;
        let findings = lint::lint(markdown, &self.outline());
        if findings.is_empty() {
            return;
        }
        let mut text =
            String::from("\nBefore you approve, the spec check raised these questions:\n");
        for f in findings.iter().take(8) {
            text.push_str(&format!("- {}\n", lint::follow_up_question(f)));
        }
        if findings.len() > 8 {
            text.push_str(&format!(
                "- ... and {} more (specwright lint shows them all)\n",
                findings.len() - 8
            ));
        }
        text.push_str("Answer them in your feedback to revise the draft.\n");
        self.emit(AgentEvent::Info(text));
    }

    /// Tells the person which of their answers did not make it, so nothing is lost silently.
    fn warn_dropped(&self, dropped: &[specwright_core::dropped::Dropped], when: &str) {
        for d in dropped {
            let answer: String = d.answer.chars().take(80).collect();
            let msg = format!(
                "Your answer \"{answer}\" ({}) {}; say it again in your feedback on the draft if it matters.",
                d.phase.title(),
                d.problem.replace("it reached", "reached"),
            );
            tracing::info!(turn = d.turn, when, "dropped answer");
            self.emit(AgentEvent::Warning(msg));
        }
    }

    /// After Ctrl-C cancelled a model request: true to ask again, false to save and leave.
    async fn after_cancel(&mut self) -> bool {
        self.notice(
            "Cancelled; nothing you typed is lost. Press Enter to ask the model again, or /quit to save and leave.",
        );
        loop {
            self.emit(AgentEvent::Waiting(Expect::Answer));
            match self.ops.recv().await {
                None | Some(Op::EndOfInput) => return false,
                Some(Op::Interrupt) => continue,
                Some(Op::Line(line)) => match parse_line(&line) {
                    Parsed::Command(Command::Quit) => return false,
                    Parsed::Text(t) if t.trim().is_empty() => return true,
                    _ => self.notice(
                        "The model's turn comes first: press Enter to ask again, or /quit to save and leave.",
                    ),
                },
            }
        }
    }

    /// Shows a new draft once it is settled enough to read (its holes asked about); a
    /// revision also shows the diff against the spec it revises. The draft comes before
    /// the next phase's header, so the Draft and Iteration headers never stand together.
    fn after_model_turn(&self, before: Phase, previous: Option<&str>) -> Result<()> {
        let shown = matches!(
            self.session.pending(),
            Some(Pending::Review | Pending::Confirm(_))
        );
        if shown && self.session.draft().is_some() {
            let markdown = render_current(&self.session, &self.deps.renderer)?;
            let summary = self
                .session
                .revisions()
                .last()
                .filter(|_| previous.is_some() || before == Phase::Draft)
                .cloned();
            // The first draft is shown whole, even after it was filled in by a revision.
            let diff = previous
                .filter(|_| before == Phase::Iteration)
                .map(|old| spec_diff(old, &markdown));
            self.emit(AgentEvent::Draft {
                markdown: markdown.clone(),
                summary,
                diff,
            });
            self.announce_phases(before, self.session.phase());
            if self.session.pending() == Some(&Pending::Review) {
                self.follow_ups(&markdown);
            }
        } else {
            self.announce_phases(before, self.session.phase());
        }
        Ok(())
    }

    /// Asks the model; when it cannot produce a valid turn and a fallback interviewer is
    /// configured, the fallback takes this one turn.
    async fn ask(&mut self, kind: TurnKind) -> Result<Asked> {
        let error = match self.ask_model(kind).await {
            Ok(asked) => return Ok(asked),
            Err(e) => e,
        };
        let Some(fallback) = self.deps.fallback.clone() else {
            return Err(error);
        };
        let falls_back = matches!(
            error,
            AgentError::InvalidTurn { .. }
                | AgentError::Model(
                    ModelError::Truncated
                        | ModelError::ContentFilter
                        | ModelError::Refusal(_)
                        | ModelError::InvalidReply(_)
                        | ModelError::ReplyTooLarge { .. }
                        | ModelError::ReplyTooSlow { .. }
                )
        );
        if !falls_back {
            return Err(error);
        }
        // One line: the first problem is enough to say why.
        let why = match &error {
            AgentError::InvalidTurn {
                kind,
                attempts,
                errors,
            } => format!(
                "the model's {kind} turn was still invalid after {attempts} attempts ({})",
                errors.split("; ").next().unwrap_or("")
            ),
            other => other.to_string(),
        };
        self.emit(AgentEvent::Warning(format!(
            "{}; the built-in interviewer takes this turn.",
            why.replace(['\n', '\r'], " ")
        )));
        let request = build_request(&self.deps.prompts, &self.session, kind, &self.existing)?;
        let reply = fallback.complete(&request).await?;
        let turn = parse_turn(kind, &reply.content, &self.session).map_err(|errors| {
            AgentError::InvalidTurn {
                kind: kind.key(),
                attempts: 1,
                errors: errors.join("; "),
            }
        })?;
        Ok(Asked {
            turn,
            usage: None,
            repairs: self.options.max_repairs,
            fallback: true,
        })
    }

    /// Asks the model for a turn, sending validation errors back for at most
    /// `max_repairs` more attempts.
    async fn ask_model(&mut self, kind: TurnKind) -> Result<Asked> {
        let (request, too_big) = build_request_within(
            &self.deps.prompts,
            &self.session,
            kind,
            self.options.context_window,
            &self.existing,
        )?;
        let estimated = estimate_tokens(&request);
        if too_big && !self.warned_context {
            self.warned_context = true;
            self.emit(AgentEvent::Warning(format!(
                "The request (about {estimated} tokens) is larger than the model's context window ({} tokens), even with no recent exchanges; the server may cut it. Raise context_window if the model allows more.",
                self.options.context_window.unwrap_or(0)
            )));
        }
        let mut current = request;
        let mut usage: Option<Usage> = None;
        let mut last_errors = Vec::new();
        for attempt in 0..=self.options.max_repairs {
            let cancel = self.interrupter.fresh();
            self.emit(AgentEvent::Thinking(true));
            let reply = tokio::select! {
                reply = self.deps.model.complete(&current) => reply,
                _ = cancel.cancelled() => Err(ModelError::Cancelled),
            };
            self.emit(AgentEvent::Thinking(false));
            let reply = reply?;
            if let Some(u) = reply.usage {
                usage.get_or_insert_with(Usage::default).add(u);
                // Ollama cuts a prompt longer than its context without a word; the usage it
                // reports is the only sign.
                if attempt == 0
                    && u.prompt_tokens > 0
                    && (u.prompt_tokens as usize) < estimated / 3
                    && !self.warned_truncation
                {
                    self.warned_truncation = true;
                    self.emit(AgentEvent::Warning(format!(
                        "The server counted {} prompt tokens for a request of about {estimated}: it may have cut the prompt to fit its context. Raise the server's context size (Ollama: num_ctx) or set context_window.",
                        u.prompt_tokens
                    )));
                }
            }
            if let Some(sink) = &mut self.deps.transcript {
                sink.model_reply(kind, &reply.content)?;
            }
            match parse_turn(kind, &reply.content, &self.session) {
                Ok(turn) => {
                    return Ok(Asked {
                        turn,
                        usage,
                        repairs: attempt,
                        fallback: false,
                    });
                }
                Err(errors) => {
                    tracing::warn!(
                        kind = kind.key(),
                        attempt,
                        ?errors,
                        "model turn failed validation"
                    );
                    if attempt < self.options.max_repairs {
                        self.emit(AgentEvent::Warning(format!(
                            "The model's reply did not validate ({}); asking it to fix it.",
                            errors
                                .first()
                                .map(String::as_str)
                                .unwrap_or("unknown problem")
                        )));
                    }
                    current =
                        repair_request(&self.deps.prompts, &current, &reply.content, &errors)?;
                    last_errors = errors;
                }
            }
        }
        Err(AgentError::InvalidTurn {
            kind: kind.key(),
            attempts: self.options.max_repairs + 1,
            errors: last_errors.join("; "),
        })
    }

    fn show_pending(&self) {
        let session = &self.session;
        match session.pending() {
            Some(Pending::Questions(group)) => {
                let topics = session.phase().topics();
                let covered = topics.iter().filter(|t| session.is_resolved(**t)).count();
                self.emit(AgentEvent::Questions {
                    group: group.clone(),
                    phase: session.phase(),
                    covered,
                    total: topics.len(),
                });
            }
            Some(Pending::Defaults { defaults, .. }) => self.emit(AgentEvent::Defaults {
                defaults: defaults.clone(),
            }),
            Some(Pending::Decision { area, turn }) => self.emit(AgentEvent::Decision {
                area: area.clone(),
                turn: turn.clone(),
                number: session.next_area() + 1,
                total: session.areas().len(),
            }),
            Some(Pending::Reason { question, .. }) => self.emit(AgentEvent::ReasonAsked {
                question: question.clone(),
            }),
            Some(Pending::Details(group)) => self.emit(AgentEvent::Details {
                group: group.clone(),
            }),
            Some(Pending::Confirm(items)) => self.emit(AgentEvent::InferredItems {
                items: items.clone(),
                forms: format!(
                    "{} {}",
                    reply::CONFIRM_FORMS,
                    specwright_core::items::EDIT_RULES
                ),
            }),
            Some(Pending::Review) => self.emit(AgentEvent::ReviewPrompt),
            None => {}
        }
    }

    /// The next line of the person's, or `None` when the input ends.
    async fn next_line(&mut self, expect: Expect) -> Option<String> {
        loop {
            self.emit(AgentEvent::Waiting(expect));
            match self.ops.recv().await {
                None | Some(Op::EndOfInput) => return None,
                Some(Op::Interrupt) => continue,
                Some(Op::Line(line)) => return Some(line),
            }
        }
    }

    /// Shows what is pending and reads until the person's reply makes an event; `None`
    /// when the input ends or the person quits.
    async fn read_user(&mut self) -> Result<Option<Event>> {
        self.show_pending();
        let expect = match self.session.pending() {
            Some(Pending::Decision { .. }) => Expect::Choice,
            Some(Pending::Review) => Expect::Review,
            Some(Pending::Defaults { .. } | Pending::Confirm(_)) => Expect::Confirm,
            _ => Expect::Answer,
        };
        if expect == Expect::Choice && self.session.settings().accept_recommendations {
            return Ok(Some(Event::Answer {
                text: String::new(),
                at: self.deps.clock.now(),
            }));
        }
        loop {
            let Some(line) = self.next_line(expect).await else {
                return Ok(None);
            };
            let at = self.deps.clock.now();
            match parse_line(&line) {
                Parsed::Text(text) if expect == Expect::Review && reply::is_approval(&text) => {
                    // Approval words are not feedback: ask, instead of revising the draft.
                    self.emit(AgentEvent::ApproveQuestion);
                    let Some(answer) = self.next_line(Expect::Confirm).await else {
                        return Ok(None);
                    };
                    let at = self.deps.clock.now();
                    match reply::yes_no(&answer) {
                        Some(true) => return Ok(Some(Event::Approved { at })),
                        Some(false) => self.emit(AgentEvent::ReviewPrompt),
                        None => match parse_line(&answer) {
                            Parsed::Text(text) => return Ok(Some(Event::Answer { text, at })),
                            _ => {
                                self.notice("Not approved; the draft is still under review.");
                                self.emit(AgentEvent::ReviewPrompt);
                            }
                        },
                    }
                }
                Parsed::Text(text) => match self.session.validate_reply(&text) {
                    Ok(()) => return Ok(Some(Event::Answer { text, at })),
                    Err(msg) => self.notice(msg),
                },
                Parsed::Command(Command::Edit) if expect == Expect::Review => {
                    if let Some(event) = self.edit_draft().await? {
                        return Ok(Some(event));
                    }
                    self.emit(AgentEvent::ReviewPrompt);
                }
                Parsed::Command(command) => match self.command(command, at)? {
                    Handled::Event(event) => return Ok(Some(event)),
                    Handled::Quit => return Ok(None),
                    Handled::Shown => {}
                },
                Parsed::Unknown { name, suggestion } => self.notice(match suggestion {
                    Some(s) => {
                        format!(
                            "Unknown command /{name}. Did you mean /{s}? Type /help for the list."
                        )
                    }
                    None => format!("Unknown command /{name}. Type /help for the list."),
                }),
                Parsed::Usage(msg) => self.notice(msg),
            }
        }
    }

    /// `/edit` at the review: hands the draft to the face as markdown and takes the
    /// edited text back as the new draft once it passes the spec check. `None` when
    /// nothing changed or the edit did not pass (the edit is kept for the next `/edit`).
    async fn edit_draft(&mut self) -> Result<Option<Event>> {
        let current = render_current(&self.session, &self.deps.renderer)?;
        let markdown = self.last_edit.clone().unwrap_or_else(|| current.clone());
        self.emit(AgentEvent::EditDraft { markdown });
        let Some(edited) = self.next_line(Expect::Edit).await else {
            return Ok(None);
        };
        if edited.trim().is_empty() || edited.trim_end() == current.trim_end() {
            self.notice("The draft is unchanged.");
            return Ok(None);
        }
        let outline = self.outline();
        let findings = specwright_render::lint::lint(&edited, &outline);
        if specwright_render::lint::has_errors(&findings) {
            self.last_edit = Some(edited);
            let errors: Vec<String> = findings
                .iter()
                .filter(|f| f.severity == specwright_render::lint::Severity::Error)
                .map(|f| format!("- line {}: {} ({})", f.line, f.message, f.hint))
                .collect();
            self.notice(format!(
                "The edited draft does not pass the spec check, so the draft stays as it was; /edit again to fix it (your edit is kept):\n{}",
                errors.join("\n")
            ));
            return Ok(None);
        }
        self.last_edit = None;
        let mut draft = specwright_render::parse::parse_spec(&edited);
        // The program's own open questions come back with the rest; they are its record.
        let program = self.session.open_questions();
        draft
            .open_questions
            .retain(|q| !program.iter().any(|p| p.trim() == q.text.trim()));
        self.notice(
            "Your edit is the new draft. (The Architecture Decisions table is the program's record; changes to it are not taken.)",
        );
        Ok(Some(Event::Edited {
            markdown: edited,
            draft: Box::new(draft),
            at: self.deps.clock.now(),
        }))
    }

    fn outline(&self) -> specwright_render::lint::Outline {
        use specwright_render::lint;
        match std::fs::read_to_string(self.deps.layout.template_override()) {
            Ok(text) => lint::Outline::from_template(&text),
            Err(_) => lint::Outline::builtin(),
        }
    }

    fn command(&self, command: Command, at: DateTime<Utc>) -> Result<Handled> {
        let session = &self.session;
        let pending = session.pending();
        match command {
            Command::Approve => match pending {
                Some(Pending::Review) => return Ok(Handled::Event(Event::Approved { at })),
                Some(Pending::Confirm(items)) => self.notice(format!(
                    "First keep, edit or drop the {} items the draft adds (Enter keeps them all); then approve.",
                    items.len()
                )),
                Some(Pending::Details(_)) => self.notice(
                    "The draft comes after these details: answer them, or /skip to leave them open.",
                ),
                _ => self.notice("There is no draft to approve yet: it comes after the edge cases."),
            },
            Command::Skip(None) => match pending {
                Some(
                    Pending::Questions(_)
                    | Pending::Decision { .. }
                    | Pending::Defaults { .. }
                    | Pending::Reason { .. }
                    | Pending::Details(_),
                ) => {
                    return Ok(Handled::Event(Event::Skip {
                        topics: Vec::new(),
                        at,
                    }));
                }
                _ => self.notice("There is nothing to skip now."),
            },
            Command::Skip(Some(name)) => match Topic::parse(&name) {
                Some(topic) if session.is_covered(topic) => {
                    self.notice(format!(
                        "`{}` is already covered; nothing to skip.",
                        topic.key()
                    ));
                }
                Some(topic) if topic.phase().number() >= session.phase().number() => {
                    return Ok(Handled::Event(Event::Skip {
                        topics: vec![topic],
                        at,
                    }));
                }
                Some(topic) => self.notice(format!(
                    "`{}` belongs to a phase that is over; it is already listed in the Open Questions if uncovered.",
                    topic.key()
                )),
                None => {
                    let keys: Vec<&str> = session.open_topics().iter().map(|t| t.key()).collect();
                    self.notice(if keys.is_empty() {
                        format!("There is no topic called `{name}`.")
                    } else {
                        format!(
                            "There is no topic called `{name}`; the open topics are: {}.",
                            keys.join(", ")
                        )
                    });
                }
            },
            Command::Help => self.emit(AgentEvent::Info(crate::commands::help_text(
                Scope::Interview,
            ))),
            Command::Status => self.emit(AgentEvent::Info(status_text(
                session,
                &self.deps.model.describe(),
            ))),
            Command::Decisions => self.emit(AgentEvent::Info(decisions_text(session))),
            Command::Draft => match session.draft() {
                Some(_) => self.emit(AgentEvent::Draft {
                    markdown: render_current(session, &self.deps.renderer)?,
                    summary: None,
                    diff: None,
                }),
                None => self.notice("There is no draft yet: it comes after the edge cases."),
            },
            Command::Model => self.emit(AgentEvent::Info(format!(
                "Model: {}",
                self.deps.model.describe()
            ))),
            Command::Save => self.notice(format!(
                "The session is saved after every answer, in {}.",
                self.deps.layout.relative(self.journal.path())
            )),
            Command::Quit => return Ok(Handled::Quit),
            Command::Back if session.can_go_back() => {
                self.notice("Your last reply is withdrawn; answer again.");
                return Ok(Handled::Event(Event::Back { at }));
            }
            Command::Back => self.notice("There is no reply to take back yet."),
            Command::Edit => self.notice(
                "/edit changes the draft in your editor once it is under review; here, type your answer.",
            ),
            other => self.notice(crate::commands::not_here(&other, Scope::Interview)),
        }
        Ok(Handled::Shown)
    }

    /// Writes the approved spec, its ADRs and twin, and the progress note.
    fn finish(&mut self) -> Result<()> {
        let at = self.deps.clock.now();
        // The chosen files are journaled before any is written, so an interrupted write is
        // completed into the same files on resume.
        let plan = outputs::plan(&self.session, &self.journal, &self.deps.layout, at)?;
        if let Some(event) = plan.event.clone() {
            self.record(event)?;
        }
        let written = plan.write(
            &self.session,
            &self.journal,
            &self.deps.layout,
            &self.deps.renderer,
        )?;
        for notice in written.notices {
            self.notice(notice);
        }
        self.record(written.event)?;
        self.emit(AgentEvent::Completed {
            spec: written.spec,
            progress: written.progress,
            files: written.files,
            usage: self.session.usage(),
            model_turns: self.session.model_turns(),
            repairs: self.session.repairs(),
            fallback_turns: self.session.fallback_turns(),
            next_steps: NEXT_STEPS.to_string(),
        });
        Ok(())
    }
}
