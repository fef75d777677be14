//! The model's side of a turn: asking the model (bounded repairs, the fallback
//! interviewer, cancellation), journaling what it returned and showing it.

use super::*;

impl Run {
    /// Gets, journals and shows one model turn; false when the person stopped instead.
    pub(super) async fn model_turn(&mut self, kind: TurnKind) -> Result<bool> {
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

    /// After Ctrl-C cancelled a model request: true to ask again, false to save and leave.
    pub(super) async fn after_cancel(&mut self) -> bool {
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
    pub(super) fn after_model_turn(&self, before: Phase, previous: Option<&str>) -> Result<()> {
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
    pub(super) async fn ask(&mut self, kind: TurnKind) -> Result<Asked> {
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
    pub(super) async fn ask_model(&mut self, kind: TurnKind) -> Result<Asked> {
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
}
