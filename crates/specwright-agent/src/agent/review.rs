//! What the person is told between turns: phase headers, what `/skip` deferred, the
//! confirmation of what a draft added, the spec check's questions, answers that reached
//! nothing, and the written files at the end.

use super::*;

impl Run {
    /// What a reply to the list of items a draft added does, in one sentence.
    pub(super) fn confirmation_summary(&self, event: &Event) -> Option<String> {
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
    pub(super) fn say_deferred(&self, before: (usize, usize, usize)) {
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

    /// Announces each phase entered between `before` and `after`; a questioning phase
    /// passed over because the answers so far cover it says so, so no two headers stand
    /// back to back.
    pub(super) fn announce_phases(&self, before: Phase, after: Phase) {
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

    pub(super) fn follow_ups_current(&self) -> Result<()> {
        let markdown = render_current(&self.session, &self.deps.renderer)?;
        self.follow_ups(&markdown);
        Ok(())
    }

    /// Lints the draft and asks about its holes instead of presenting them as done.
    pub(super) fn follow_ups(&self, markdown: &str) {
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
    pub(super) fn warn_dropped(&self, dropped: &[specwright_core::dropped::Dropped], when: &str) {
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

    /// Writes the approved spec, its ADRs and twin, and the progress note.
    pub(super) fn finish(&mut self) -> Result<()> {
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
