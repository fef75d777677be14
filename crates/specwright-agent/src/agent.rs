//! The agent loop: asks the session what comes next, gets a model turn (validated, with
//! bounded repairs) or the user's reply, journals it, applies it, shows it. Repeat until
//! the spec is written or the input ends.

use std::path::{Path, PathBuf};

use chrono::{DateTime, Utc};
use specwright_core::validate::parse_turn;
use specwright_core::{Action, Event, Pending, Phase, Session, Topic, Turn, TurnKind, Usage};
use specwright_llm::{ChatModel, ModelError};
use specwright_render::spec::{
    AdrDocument, NEXT_STEPS, PROGRESS_HEADER, ProgressEntry, Renderer, SpecDocument,
    merged_open_questions,
};

use crate::commands::{Command, Parsed, help_text, parse_line};
use crate::context::{build_request, build_request_within, repair_request};
use crate::error::{AgentError, Result};
use crate::fixture::FixtureRecorder;
use crate::journal::Journal;
use crate::output;
use crate::prompts::Prompts;
use crate::ui::{Expect, Input, Show, Ui};

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

/// How a run of the loop ended.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Outcome {
    /// The spec was written to this path.
    Completed { spec: PathBuf },
    /// The input ended or the user quit; the session is saved and can be resumed.
    Saved,
}

pub struct Agent<'a> {
    pub model: &'a dyn ChatModel,
    pub prompts: &'a Prompts,
    pub renderer: &'a Renderer,
    pub ui: &'a mut dyn Ui,
    pub journal: Journal,
    pub root: PathBuf,
    pub clock: Clock,
    /// How many times a model may be asked to fix an invalid reply.
    pub max_repairs: u32,
    pub recorder: Option<FixtureRecorder>,
    /// How to continue a saved session; `{id}` stands for the session id.
    pub resume_command: String,
    /// Ctrl-C cancels a model request in flight (interactive use) instead of the process.
    pub cancel_on_interrupt: bool,
    /// Takes a turn the model could not get valid after its repairs (config `fallback = "offline"`).
    pub fallback: Option<&'a dyn ChatModel>,
    /// The model's context window in tokens, when known (config `context_window`).
    pub context_window: Option<usize>,
    pub warned_context: bool,
    pub warned_truncation: bool,
}

impl Agent<'_> {
    /// Journals an event, then applies it: what is on disk is never behind the session.
    pub fn record(&mut self, session: &mut Session, event: Event) -> Result<()> {
        self.journal.append(&event)?;
        let applied = match event {
            Event::Back { .. } => Session::replay(self.journal.events()).map(|s| *session = s),
            _ => session.apply(&event),
        };
        applied.map_err(|e| AgentError::Journal(format!("internal error applying an event: {e}")))
    }

    pub async fn run(&mut self, session: &mut Session) -> Result<Outcome> {
        if session.transcript.is_empty() && session.model_turns == 0 {
            self.ui.show(Show::PhaseStarted(session.phase));
        }
        loop {
            match session.next_action() {
                Action::Done => {
                    let spec = session
                        .spec_path
                        .as_ref()
                        .map(|p| self.root.join(p))
                        .unwrap_or_default();
                    return Ok(Outcome::Completed { spec });
                }
                Action::Finish => {
                    self.finish(session)?;
                }
                Action::Model(kind) => {
                    let before = session.phase;
                    let previous = match kind {
                        TurnKind::Revision => Some(self.render(session)?),
                        _ => None,
                    };
                    if kind == TurnKind::Draft {
                        self.warn_dropped(
                            &specwright_core::check::uncaptured(session),
                            "before the draft",
                        );
                    }
                    let (turn, usage, repairs, fallback) = match self.ask(session, kind).await {
                        Err(AgentError::Model(ModelError::Cancelled)) => {
                            if self.after_cancel()? {
                                continue;
                            }
                            let resume =
                                self.resume_command.replace("{id}", &session.id.to_string());
                            self.ui.show(Show::Saved { resume: &resume });
                            return Ok(Outcome::Saved);
                        }
                        other => other?,
                    };
                    let at = self.clock.now();
                    self.record(
                        session,
                        Event::ModelTurn {
                            turn: Box::new(turn),
                            usage,
                            repairs,
                            fallback,
                            at,
                        },
                    )?;
                    self.after_model_turn(session, before, previous.as_deref())?;
                    if matches!(kind, TurnKind::Draft | TurnKind::Revision) {
                        self.warn_dropped(
                            &specwright_core::check::unreached(session),
                            "in the draft",
                        );
                    }
                }
                Action::User => {
                    let before = session.phase;
                    let decisions = session.decisions.len();
                    match self.read_user(session)? {
                        Some(event) => {
                            if let Some(rec) = &mut self.recorder {
                                rec.user_event(&event)?;
                            }
                            self.record(session, event)?;
                        }
                        None => {
                            let resume =
                                self.resume_command.replace("{id}", &session.id.to_string());
                            self.ui.show(Show::Saved { resume: &resume });
                            return Ok(Outcome::Saved);
                        }
                    }
                    if let Some(record) = session.decisions.get(decisions) {
                        self.ui.show(Show::Recorded(record));
                    }
                    self.announce_phases(before, session.phase);
                }
            }
        }
    }

    fn announce_phases(&mut self, before: Phase, after: Phase) {
        let mut p = before;
        while p != after && p != Phase::Complete {
            p = p.next();
            if p != Phase::Complete {
                self.ui.show(Show::PhaseStarted(p));
            }
        }
    }

    /// Lints the draft and asks about its holes instead of presenting them as done.
    fn follow_ups(&mut self, markdown: &str) {
        use specwright_render::lint;
        let outline = match std::fs::read_to_string(output::template_override(&self.root)) {
            Ok(text) => lint::Outline::from_template(&text),
            Err(_) => lint::Outline::builtin(),
        };
        let findings = lint::lint(markdown, &outline);
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
        self.ui.show(Show::Info(&text));
    }

    /// Tells the user which of their answers did not make it, so nothing is lost silently.
    fn warn_dropped(&mut self, dropped: &[specwright_core::check::Dropped], when: &str) {
        for d in dropped {
            let answer: String = d.answer.chars().take(80).collect();
            let msg = format!(
                "Your answer \"{answer}\" ({}) {}; say it again in your feedback on the draft if it matters.",
                d.phase.title(),
                d.problem.replace("it reached", "reached"),
            );
            tracing::info!(turn = d.turn, when, "dropped answer");
            self.ui.show(Show::Warning(&msg));
        }
    }

    /// After Ctrl-C cancelled a model request: true to ask again, false to save and leave.
    fn after_cancel(&mut self) -> Result<bool> {
        self.ui.show(Show::Notice(
            "Cancelled; nothing you typed is lost. Press Enter to ask the model again, or /quit to save and leave.",
        ));
        loop {
            match self.ui.read(Expect::Answer) {
                Input::Eof => return Ok(false),
                Input::Interrupted => continue,
                Input::Line(line) => match parse_line(&line) {
                    Parsed::Command(Command::Quit) => return Ok(false),
                    Parsed::Text(t) if t.trim().is_empty() => return Ok(true),
                    _ => self.ui.show(Show::Notice(
                        "The model's turn comes first: press Enter to ask again, or /quit to save and leave.",
                    )),
                },
            }
        }
    }

    /// Shows a new draft; a revision also shows the diff against the spec it revises.
    fn after_model_turn(
        &mut self,
        session: &Session,
        before: Phase,
        previous: Option<&str>,
    ) -> Result<()> {
        self.announce_phases(before, session.phase);
        if session.phase == Phase::Iteration && session.pending == Some(Pending::Review) {
            let markdown = self.render(session)?;
            let summary = session.revisions.last().filter(|_| previous.is_some());
            let diff = previous.map(|old| spec_diff(old, &markdown));
            self.ui.show(Show::Draft {
                markdown: &markdown,
                summary: summary.map(String::as_str),
                diff: diff.as_deref(),
            });
            self.follow_ups(&markdown);
        }
        Ok(())
    }

    /// Asks the model for a turn, sending validation errors back for at most
    /// `max_repairs` more attempts.
    /// Asks the model; when it cannot produce a valid turn and a fallback interviewer is
    /// configured, the fallback takes this one turn.
    async fn ask(
        &mut self,
        session: &Session,
        kind: TurnKind,
    ) -> Result<(Turn, Option<Usage>, u32, bool)> {
        let error = match self.ask_model(session, kind).await {
            Ok((turn, usage, repairs)) => return Ok((turn, usage, repairs, false)),
            Err(e) => e,
        };
        let Some(fallback) = self.fallback else {
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
                )
        );
        if !falls_back {
            return Err(error);
        }
        let note = format!("{error}; the built-in interviewer takes this turn.");
        self.ui.show(Show::Warning(&note));
        let request = build_request(self.prompts, session, kind)?;
        let reply = fallback.complete(&request).await?;
        let turn = parse_turn(kind, &reply.content, session).map_err(|errors| {
            AgentError::InvalidTurn {
                kind: kind.key(),
                attempts: 1,
                errors: errors.join("; "),
            }
        })?;
        Ok((turn, None, self.max_repairs, true))
    }

    async fn ask_model(
        &mut self,
        session: &Session,
        kind: TurnKind,
    ) -> Result<(Turn, Option<Usage>, u32)> {
        let (request, too_big) =
            build_request_within(self.prompts, session, kind, self.context_window)?;
        if too_big && !self.warned_context {
            self.warned_context = true;
            let msg = format!(
                "The request (about {} tokens) is larger than the model's context window ({} tokens), even with no recent exchanges; the server may cut it. Raise context_window if the model allows more.",
                crate::context::estimate_tokens(&request),
                self.context_window.unwrap_or(0)
            );
            self.ui.show(Show::Warning(&msg));
        }
        let estimated = crate::context::estimate_tokens(&request);
        let mut current = request.clone();
        let mut usage: Option<Usage> = None;
        let mut last_errors = Vec::new();
        for attempt in 0..=self.max_repairs {
            self.ui.thinking(true);
            let reply = if self.cancel_on_interrupt {
                tokio::select! {
                    reply = self.model.complete(&current) => reply,
                    _ = tokio::signal::ctrl_c() => Err(ModelError::Cancelled),
                }
            } else {
                self.model.complete(&current).await
            };
            self.ui.thinking(false);
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
                    let msg = format!(
                        "The server counted {} prompt tokens for a request of about {estimated}: it may have cut the prompt to fit its context. Raise the server's context size (Ollama: num_ctx) or set context_window.",
                        u.prompt_tokens
                    );
                    self.ui.show(Show::Warning(&msg));
                }
            }
            if let Some(rec) = &mut self.recorder {
                rec.model_reply(kind, &reply.content)?;
            }
            match parse_turn(kind, &reply.content, session) {
                Ok(turn) => return Ok((turn, usage, attempt)),
                Err(errors) => {
                    tracing::warn!(
                        kind = kind.key(),
                        attempt,
                        ?errors,
                        "model turn failed validation"
                    );
                    if attempt < self.max_repairs {
                        let note = format!(
                            "The model's reply did not validate ({}); asking it to fix it.",
                            errors
                                .first()
                                .map(String::as_str)
                                .unwrap_or("unknown problem")
                        );
                        self.ui.show(Show::Warning(&note));
                    }
                    current = repair_request(self.prompts, &current, &reply.content, &errors)?;
                    last_errors = errors;
                }
            }
        }
        Err(AgentError::InvalidTurn {
            kind: kind.key(),
            attempts: self.max_repairs + 1,
            errors: last_errors.join("; "),
        })
    }

    fn show_pending(&mut self, session: &Session) {
        match &session.pending {
            Some(Pending::Questions(group)) => {
                let topics = session.phase.topics();
                let covered = topics.iter().filter(|t| session.is_resolved(**t)).count();
                self.ui.show(Show::Questions {
                    group,
                    phase: session.phase,
                    covered,
                    total: topics.len(),
                });
            }
            Some(Pending::Decision { area, turn }) => self.ui.show(Show::Decision {
                area,
                turn,
                number: session.next_area + 1,
                total: session.areas.len(),
            }),
            Some(Pending::Review) => self.ui.show(Show::ReviewPrompt),
            None => {}
        }
    }

    /// Shows what is pending and reads until the user's reply makes an event; `None`
    /// when the input ends or the user quits.
    fn read_user(&mut self, session: &Session) -> Result<Option<Event>> {
        self.show_pending(session);
        let expect = match &session.pending {
            Some(Pending::Decision { .. }) => Expect::Choice,
            Some(Pending::Review) => Expect::Review,
            _ => Expect::Answer,
        };
        if expect == Expect::Choice && session.settings.accept_recommendations {
            return Ok(Some(Event::Answer {
                text: String::new(),
                at: self.clock.now(),
            }));
        }
        loop {
            let line = match self.ui.read(expect) {
                Input::Eof => return Ok(None),
                Input::Interrupted => continue,
                Input::Line(line) => line,
            };
            let at = self.clock.now();
            match parse_line(&line) {
                Parsed::Text(text) => match session.check_answer(&text) {
                    Ok(()) => return Ok(Some(Event::Answer { text, at })),
                    Err(msg) => self.ui.show(Show::Notice(&msg)),
                },
                Parsed::Command(command) => match self.command(session, command, at)? {
                    Handled::Event(event) => return Ok(Some(event)),
                    Handled::Quit => return Ok(None),
                    Handled::Shown => {}
                },
                Parsed::Unknown { name, suggestion } => {
                    let msg = match suggestion {
                        Some(s) => format!(
                            "Unknown command /{name}. Did you mean /{s}? Type /help for the list."
                        ),
                        None => format!("Unknown command /{name}. Type /help for the list."),
                    };
                    self.ui.show(Show::Notice(&msg));
                }
                Parsed::Usage(msg) => self.ui.show(Show::Notice(&msg)),
            }
        }
    }

    fn command(
        &mut self,
        session: &Session,
        command: Command,
        at: DateTime<Utc>,
    ) -> Result<Handled> {
        let pending = session.pending.as_ref();
        match command {
            Command::Approve => match pending {
                Some(Pending::Review) => return Ok(Handled::Event(Event::Approved { at })),
                _ => self.ui.show(Show::Notice(
                    "There is no draft to approve yet: it comes after the edge cases.",
                )),
            },
            Command::Skip(None) => match pending {
                Some(Pending::Questions(_)) | Some(Pending::Decision { .. }) => {
                    return Ok(Handled::Event(Event::Skip {
                        topics: Vec::new(),
                        at,
                    }));
                }
                _ => self.ui.show(Show::Notice("There is nothing to skip now.")),
            },
            Command::Skip(Some(name)) => match Topic::parse(&name) {
                Some(topic) if session.is_covered(topic) => {
                    let msg = format!("`{}` is already covered; nothing to skip.", topic.key());
                    self.ui.show(Show::Notice(&msg));
                }
                Some(topic) if topic.phase().number() >= session.phase.number() => {
                    return Ok(Handled::Event(Event::Skip {
                        topics: vec![topic],
                        at,
                    }));
                }
                Some(topic) => {
                    let msg = format!(
                        "`{}` belongs to a phase that is over; it is already listed in the Open Questions if uncovered.",
                        topic.key()
                    );
                    self.ui.show(Show::Notice(&msg));
                }
                None => {
                    let keys: Vec<&str> = session.open_topics().iter().map(|t| t.key()).collect();
                    let msg = if keys.is_empty() {
                        format!("There is no topic called `{name}`.")
                    } else {
                        format!(
                            "There is no topic called `{name}`; the open topics are: {}.",
                            keys.join(", ")
                        )
                    };
                    self.ui.show(Show::Notice(&msg));
                }
            },
            Command::Help => self.ui.show(Show::Info(&help_text(true))),
            Command::Status => self
                .ui
                .show(Show::Info(&status_text(session, &self.model.describe()))),
            Command::Decisions => self.ui.show(Show::Info(&decisions_text(session))),
            Command::Draft => match session.draft {
                Some(_) => {
                    let markdown = self.render(session)?;
                    self.ui.show(Show::Draft {
                        markdown: &markdown,
                        summary: None,
                        diff: None,
                    });
                }
                None => self.ui.show(Show::Notice(
                    "There is no draft yet: it comes after the edge cases.",
                )),
            },
            Command::Model => {
                let msg = format!("Model: {}", self.model.describe());
                self.ui.show(Show::Info(&msg));
            }
            Command::Save => {
                let msg = format!(
                    "The session is saved after every answer, in {}.",
                    output::relative(&self.root, self.journal.path())
                );
                self.ui.show(Show::Notice(&msg));
            }
            Command::Quit => return Ok(Handled::Quit),
            Command::Back if session.can_go_back() => {
                self.ui
                    .show(Show::Notice("Your last reply is withdrawn; answer again."));
                return Ok(Handled::Event(Event::Back { at }));
            }
            Command::Back => self
                .ui
                .show(Show::Notice("There is no reply to take back yet.")),
            Command::Edit | Command::Spec(_) | Command::Sessions | Command::Resume(_) => {
                self.ui.show(Show::Notice(
                    "That command is not available during this interview; type /help for the list.",
                ));
            }
        }
        Ok(Handled::Shown)
    }

    fn render(&self, session: &Session) -> Result<String> {
        let links: Vec<String> = session.adrs.iter().map(|a| file_name(a)).collect();
        self.render_with(session, &links)
    }

    fn render_with(&self, session: &Session, adr_links: &[String]) -> Result<String> {
        let default = specwright_core::SpecDraft::default();
        let open = session.open_questions();
        let evidence = session.evidence();
        let doc = SpecDocument {
            title: &session.topic,
            draft: session.draft.as_ref().unwrap_or(&default),
            decisions: &session.decisions,
            open_questions: &open,
            ledger: &evidence,
            adrs: adr_links,
        };
        self.renderer
            .render_spec(&doc)
            .map_err(|e| AgentError::Render(e.to_string()))
    }

    /// Writes the approved spec (never over a file it did not write), its ADRs and JSON
    /// twin, and the progress note.
    fn finish(&mut self, session: &mut Session) -> Result<()> {
        let spec = match &session.spec_path {
            // A reopened session replaces the spec it wrote: the user saw the diff and approved.
            Some(rel) => self.root.join(rel),
            None => {
                let slug = output::free_slug(&self.root, &session.slug);
                if slug != session.slug {
                    let msg = format!(
                        "{} already exists and is kept; this spec goes to {}.",
                        output::relative(&self.root, &output::spec_path(&self.root, &session.slug)),
                        output::relative(&self.root, &output::spec_path(&self.root, &slug)),
                    );
                    self.ui.show(Show::Notice(&msg));
                }
                output::spec_path(&self.root, &slug)
            }
        };
        let spec_file = file_name(&output::relative(&self.root, &spec));
        let spec_stem = spec_file.trim_end_matches("-spec.md").to_string();
        // A revision rewrites the ADRs it wrote before; a new spec takes the next free numbers.
        let adrs: Vec<String> = if session.adrs.len() == session.decisions.len() {
            session.adrs.clone()
        } else {
            let first = output::next_adr_number(&output::spec_dir(&self.root));
            session
                .decisions
                .iter()
                .enumerate()
                .map(|(i, d)| {
                    let name = format!(
                        "adr-{:03}-{spec_stem}-{}.md",
                        first + i,
                        d.area_key.replace('_', "-")
                    );
                    output::relative(&self.root, &output::spec_dir(&self.root).join(name))
                })
                .collect()
        };
        let links: Vec<String> = adrs.iter().map(|a| file_name(a)).collect();
        let markdown = self.render_with(session, &links)?;
        if session.spec_path.is_some() {
            output::write_atomic(&spec, &markdown)?;
        } else {
            output::write_new_atomic(&spec, &markdown)?;
        }
        let at = self.clock.now();
        for (i, record) in session.decisions.iter().enumerate() {
            let why = session
                .areas
                .iter()
                .find(|a| a.key == record.area_key)
                .map(|a| a.why.as_str())
                .unwrap_or("");
            let text = self
                .renderer
                .render_adr(&AdrDocument {
                    number: adr_number(&links[i]),
                    title: &session.topic,
                    date: at.date_naive(),
                    spec_file: &spec_file,
                    area_why: why,
                    record,
                })
                .map_err(|e| AgentError::Render(e.to_string()))?;
            output::write_atomic(&self.root.join(&adrs[i]), &text)?;
        }
        let draft = session.draft.clone().unwrap_or_default();
        let open = merged_open_questions(&draft, &session.open_questions());
        let twin = specwright_core::twin::build(session, &draft, &open, &links);
        let json = serde_json::to_string_pretty(&twin)
            .map_err(|e| AgentError::Render(format!("cannot encode the spec's JSON twin: {e}")))?;
        output::write_atomic(
            &spec.with_file_name(format!("{spec_stem}-spec.json")),
            &(json + "\n"),
        )?;
        let spec_rel = output::relative(&self.root, &spec);
        let entry = ProgressEntry {
            date: at.date_naive(),
            title: &session.topic,
            spec_path: &spec_rel,
            use_cases: draft.use_cases.len(),
            decisions: session.decisions.len(),
            open_questions: open.len(),
        };
        let entry = self
            .renderer
            .render_progress_entry(&entry)
            .map_err(|e| AgentError::Render(e.to_string()))?;
        let progress = output::progress_path(&self.root);
        output::append_progress(&progress, PROGRESS_HEADER, &entry)?;
        self.record(
            session,
            Event::Completed {
                spec_path: spec_rel,
                adrs,
                at,
            },
        )?;
        self.ui.show(Show::Completed {
            spec: &spec,
            progress: &progress,
            usage: session.usage,
            model_turns: session.model_turns,
            repairs: session.repairs,
            fallback_turns: session.fallback_turns,
            next_steps: NEXT_STEPS,
        });
        Ok(())
    }
}

fn file_name(rel: &str) -> String {
    rel.rsplit('/').next().unwrap_or(rel).to_string()
}

/// `adr-007-x.md` → 7.
fn adr_number(name: &str) -> usize {
    name.trim_start_matches("adr-")
        .split('-')
        .next()
        .and_then(|n| n.parse().ok())
        .unwrap_or(0)
}

/// A unified diff of two renderings of the spec; empty when they are the same.
pub fn spec_diff(old: &str, new: &str) -> String {
    if old == new {
        return String::new();
    }
    similar::TextDiff::from_lines(old, new)
        .unified_diff()
        .context_radius(2)
        .header("spec before", "spec after")
        .to_string()
}

/// What a command did.
enum Handled {
    Event(Event),
    Quit,
    Shown,
}

/// `/status`: the phase, a coverage meter over its checklist, decisions and usage.
pub fn status_text(session: &Session, model: &str) -> String {
    let mut out = format!(
        "Topic: {}\nPhase {} of 6: {}\n",
        session.topic,
        session.phase.number().min(6),
        session.phase.title()
    );
    let topics = session.phase.topics();
    if !topics.is_empty() {
        let done = topics.iter().filter(|t| session.is_resolved(**t)).count();
        let bar: String = topics
            .iter()
            .map(|t| {
                if session.is_covered(*t) {
                    '#'
                } else if session.is_resolved(*t) {
                    '~'
                } else {
                    '.'
                }
            })
            .collect();
        out.push_str(&format!(
            "Coverage: [{bar}] {done}/{} topics (question groups used: {}/{})\n",
            topics.len(),
            session.asked_in_phase,
            session.budget()
        ));
        for t in topics {
            let mark = if session.is_covered(*t) {
                "x"
            } else if session.is_resolved(*t) {
                "~"
            } else {
                " "
            };
            out.push_str(&format!("  [{mark}] {} ({})\n", t.title(), t.key()));
        }
    }
    out.push_str(&format!("Decisions: {}\n", session.decisions.len()));
    out.push_str(&format!(
        "Tokens: {} prompt + {} completion over {} model turns ({} repairs, {} by the built-in interviewer)\nModel: {model}\n",
        session.usage.prompt_tokens,
        session.usage.completion_tokens,
        session.model_turns,
        session.repairs,
        session.fallback_turns
    ));
    out
}

/// `/decisions`: every record, with who decided.
pub fn decisions_text(session: &Session) -> String {
    if session.decisions.is_empty() {
        return "No decisions yet.\n".into();
    }
    let mut out = String::new();
    for d in &session.decisions {
        out.push_str(&format!(
            "{}. {}: {} ({})\n   Why: {}\n",
            d.number,
            d.area,
            d.choice,
            d.decided_by.label(),
            d.rationale
        ));
    }
    out
}

/// The journal path of a session under `root`, for messages.
pub fn describe_journal(root: &Path, session: &Session) -> String {
    output::relative(root, &crate::journal::journal_path(root, session.id))
}
