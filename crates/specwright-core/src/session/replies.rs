//! The person's replies applied to the session: answers, choices and their reasons,
//! confirmations of suggested defaults and of what a draft adds, skips; and the decision
//! turns they answer.

use super::{Coverage, Exchange, MAX_PROPOSED_AREAS, Pending, Role, Session, SessionError};
use crate::decision::{
    Choice, DecidedBy, DecisionArea, build_record, parse_choice, reason_answer, reason_question,
    seed_areas,
};
use crate::phase::Topic;
use crate::provenance::{BasisKind, Source};
use crate::reply;
use crate::turn::DecisionTurn;

impl Session {
    pub(super) fn apply_decision_turn(&mut self, turn: &DecisionTurn) {
        let proposed_so_far = self.areas.len().saturating_sub(seed_areas().len());
        let room = MAX_PROPOSED_AREAS.saturating_sub(proposed_so_far);
        for proposal in turn.proposed_areas.iter().take(room) {
            let title = proposal.title.trim();
            let exists = self
                .areas
                .iter()
                .any(|a| a.title.eq_ignore_ascii_case(title));
            if !title.is_empty() && !exists {
                self.areas.push(DecisionArea {
                    key: crate::slug::slugify(title).replace('-', "_"),
                    title: title.to_string(),
                    hint: String::new(),
                    why: proposal.why.clone(),
                });
            }
        }
        let Some(area) = self.current_area().cloned() else {
            self.enter(self.phase.next());
            return;
        };
        if !self.legacy
            && let Some(fact) = turn
                .stated_in
                .as_deref()
                .and_then(|id| self.ledger.iter().find(|f| f.id == id.trim()))
                .cloned()
        {
            let mut record = build_record(
                self.decisions.len() + 1,
                &area,
                turn,
                &Choice::Recommended,
                DecidedBy::StatedInInterview,
                fact.answer_turn.unwrap_or(0),
                None,
            );
            record.rationale = fact.statement.clone();
            record.stated_in = Some(fact.id.clone());
            self.say_agent(format!(
                "{}: {} (you said so: {})",
                area.title, record.choice, fact.statement
            ));
            self.decisions.push(record);
            self.advance_area();
            return;
        }
        let mut text = format!("{}: {}", area.title, turn.question);
        for (i, o) in turn.options.iter().enumerate() {
            text.push_str(&format!("\n{}. {} — {}", i + 1, o.name, o.description));
        }
        self.say_agent(text);
        self.pending = Some(Pending::Decision {
            area,
            turn: turn.clone(),
        });
    }

    pub(super) fn push_user(&mut self, text: &str) -> usize {
        self.transcript.push(Exchange {
            phase: self.phase,
            role: Role::User,
            text: text.to_string(),
        });
        self.transcript.len() - 1
    }

    pub(super) fn apply_answer(&mut self, text: &str) -> Result<(), SessionError> {
        match self.pending.take() {
            Some(Pending::Questions(group)) => {
                let at = self.push_user(text);
                self.unprocessed_answer = Some(at);
                self.last_group = Some(group);
            }
            Some(Pending::Defaults { defaults, next }) => {
                if reply::yes_no(text) == Some(false) {
                    self.pending = Some(Pending::Defaults { defaults, next });
                    return Err(SessionError::OutOfOrder(
                        "answer",
                        "a correction or /skip is needed, not no".into(),
                    ));
                }
                let at = self.push_user(text);
                let keep = reply::yes_no(text) == Some(true) || reply::is_delegation(text);
                for d in &defaults {
                    if keep {
                        self.push_fact(d.topic, &d.statement, Some(at), Source::Accepted);
                    } else {
                        self.push_fact(d.topic, text, Some(at), Source::Stated);
                    }
                }
                self.continue_phase(next);
            }
            Some(Pending::Decision { area, turn }) => {
                let choice = match parse_choice(text, &turn) {
                    Ok(c) => c,
                    Err(e) => {
                        self.pending = Some(Pending::Decision { area, turn });
                        return Err(SessionError::OutOfOrder("answer", e));
                    }
                };
                let at = self.push_user(text);
                if !self.legacy && choice.needs_reason(&turn) {
                    let question = reason_question(&choice, &turn);
                    self.say_agent(question.clone());
                    self.pending = Some(Pending::Reason {
                        area,
                        turn,
                        choice,
                        answer_turn: at,
                        question,
                    });
                    return Ok(());
                }
                let decided_by = self.decided_by(&choice, text.trim().is_empty());
                self.record_decision(&area, &turn, &choice, decided_by, at, None);
            }
            Some(Pending::Reason {
                area,
                turn,
                choice,
                answer_turn,
                ..
            }) => {
                let at = self.push_user(text);
                let reason = reason_answer(text, &choice.name(&turn));
                let decided_by = self.decided_by(&choice, false);
                self.record_decision(
                    &area,
                    &turn,
                    &choice,
                    decided_by,
                    answer_turn,
                    Some((reason, at)),
                );
            }
            Some(Pending::Details(group)) => {
                let at = self.push_user(text);
                self.push_draft_basis(BasisKind::Feedback, Source::Stated, text, at);
                self.unprocessed_answer = Some(at);
                self.last_group = Some(group);
            }
            Some(Pending::Confirm(items)) => {
                let confirmation = match reply::parse_confirmation(text, items.len()) {
                    Ok(c) => c,
                    Err(e) => {
                        self.pending = Some(Pending::Confirm(items));
                        return Err(SessionError::OutOfOrder("answer", e));
                    }
                };
                let at = self.push_user(text);
                self.apply_confirmation(&items, &confirmation, at);
            }
            Some(Pending::Review) => {
                let at = self.push_user(text);
                if !self.legacy {
                    self.push_draft_basis(BasisKind::Feedback, Source::Stated, text, at);
                }
                self.unprocessed_answer = Some(at);
            }
            None => {
                return Err(SessionError::OutOfOrder(
                    "answer",
                    "nothing was waiting for an answer".into(),
                ));
            }
        }
        Ok(())
    }

    pub(super) fn decided_by(&self, choice: &Choice, empty: bool) -> DecidedBy {
        if self.settings.accept_recommendations && empty {
            return DecidedBy::Delegated;
        }
        match choice {
            Choice::Recommended => DecidedBy::AcceptedRecommendation,
            Choice::Delegated => DecidedBy::Delegated,
            Choice::Option { .. } => DecidedBy::User,
            Choice::Own { .. } => DecidedBy::UserOwnChoice,
        }
    }

    pub(super) fn record_decision(
        &mut self,
        area: &DecisionArea,
        turn: &DecisionTurn,
        choice: &Choice,
        decided_by: DecidedBy,
        answer_turn: usize,
        asked_reason: Option<(Option<String>, usize)>,
    ) {
        let record = build_record(
            self.decisions.len() + 1,
            area,
            turn,
            choice,
            decided_by,
            answer_turn,
            asked_reason,
        );
        self.decisions.push(record);
        self.advance_area();
    }

    pub(super) fn advance_area(&mut self) {
        self.next_area += 1;
        if self.next_area >= self.areas.len() {
            self.enter(self.phase.next());
        }
    }

    pub(super) fn apply_skip(&mut self, topics: &[Topic]) -> Result<(), SessionError> {
        if !topics.is_empty() {
            for t in topics {
                if !self.skipped.contains(t) {
                    self.skipped.push(*t);
                }
            }
            if self.phase.is_questioning() && self.open_topics().is_empty() {
                self.enter(self.phase.next());
            }
            return Ok(());
        }
        match self.pending.take() {
            Some(Pending::Questions(group)) => {
                for t in group.topics() {
                    if self.coverage(t) == Coverage::Open && !self.skipped.contains(&t) {
                        self.skipped.push(t);
                    }
                }
                self.push_user("/skip");
                self.last_group = None;
                if self.open_topics().is_empty() || !self.may_ask() {
                    self.enter(self.phase.next());
                }
                Ok(())
            }
            Some(Pending::Defaults { defaults, next }) => {
                for d in &defaults {
                    if !self.skipped.contains(&d.topic) {
                        self.skipped.push(d.topic);
                    }
                }
                self.push_user("/skip");
                self.continue_phase(next);
                Ok(())
            }
            Some(Pending::Decision { area, .. }) => {
                self.push_user("/skip");
                self.deferred_areas.push(area.title);
                self.advance_area();
                Ok(())
            }
            Some(Pending::Reason {
                area,
                turn,
                choice,
                answer_turn,
                ..
            }) => {
                let at = self.push_user("/skip");
                let decided_by = self.decided_by(&choice, false);
                self.record_decision(
                    &area,
                    &turn,
                    &choice,
                    decided_by,
                    answer_turn,
                    Some((None, at)),
                );
                Ok(())
            }
            Some(Pending::Details(_)) => {
                self.push_user("/skip");
                if let Some(draft) = &self.draft {
                    self.deferred_details = crate::gaps::gaps(draft, &self.skipped)
                        .into_iter()
                        .map(|g| g.label)
                        .collect();
                }
                self.settle_draft();
                Ok(())
            }
            other => {
                self.pending = other;
                Err(SessionError::OutOfOrder(
                    "skip",
                    "there is nothing to skip now".into(),
                ))
            }
        }
    }
}
