//! The person's side of a turn: what is pending, reading a reply (an [`Op`]) and turning it
//! into a session event, and the slash commands.

use super::*;

impl Run {
    pub(super) fn show_pending(&self) {
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
    pub(super) async fn next_line(&mut self, expect: Expect) -> Option<String> {
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
    pub(super) async fn read_user(&mut self) -> Result<Option<Event>> {
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
    pub(super) async fn edit_draft(&mut self) -> Result<Option<Event>> {
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

    pub(super) fn outline(&self) -> specwright_render::lint::Outline {
        crate::files::project_outline(&self.deps.layout).0
    }

    pub(super) fn command(&self, command: Command, at: DateTime<Utc>) -> Result<Handled> {
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
}
