//! Session state as a fold over journal events. Every rule of the workflow that decides
//! what happens next lives here: phase gates, question budgets, coverage, decision records,
//! the ids everything in the spec rests on, and explicit approval. Applying the same events
//! always yields the same session.

mod coverage;
mod events;
mod replies;
mod review;

pub use coverage::{Coverage, Unknown};
pub use events::{
    Budgets, Event, Interviewer, JOURNAL_VERSION, MAX_PROPOSED_AREAS, SessionSettings, Usage,
};

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use uuid::Uuid;

use crate::decision::{Choice, DecisionArea, DecisionRecord, parse_choice, seed_areas};
use crate::items::DraftItem;
use crate::phase::{Phase, Topic};
use crate::provenance::{Basis, Source};
use crate::reply;
use crate::turn::{DecisionTurn, Fact, InterviewTurn, QuestionGroup, SpecDraft, Turn, TurnKind};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Role {
    Agent,
    User,
}

/// One message of the conversation, as shown or typed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Exchange {
    pub phase: Phase,
    pub role: Role,
    pub text: String,
}

/// A requirement in the ledger, with its stable id.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct LedgerFact {
    /// `F<n>`, in the order captured.
    pub id: String,
    pub topic: Topic,
    pub statement: String,
    /// Transcript index of the answer it was captured from.
    pub answer_turn: Option<usize>,
    /// Stated (the user's words) or accepted (a default the user kept).
    pub source: Source,
}

/// What the session waits for from the user.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Pending {
    Questions(QuestionGroup),
    /// The user left these topics to the agent; it proposes defaults for them to keep
    /// or correct. `next` is the group to ask afterwards.
    Defaults {
        defaults: Vec<Fact>,
        next: Option<QuestionGroup>,
    },
    Decision {
        area: DecisionArea,
        turn: DecisionTurn,
    },
    /// The user chose against the recommendation without a reason: one short follow-up.
    Reason {
        area: DecisionArea,
        turn: DecisionTurn,
        choice: Choice,
        answer_turn: usize,
        question: String,
    },
    /// Before the draft is shown: what it leaves empty.
    Details(QuestionGroup),
    /// The draft adds these items the user did not say: keep, edit or drop each.
    Confirm(Vec<DraftItem>),
    /// The draft is shown; the user approves or gives feedback.
    Review,
}

/// What the driver must do next.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Action {
    /// Ask the model for a turn of this kind.
    Model(TurnKind),
    /// Show what is pending and read the user's reply.
    User,
    /// Approved: write the spec and the progress note.
    Finish,
    /// Nothing left to do.
    Done,
}

#[derive(Debug, Clone, thiserror::Error, PartialEq, Eq)]
pub enum SessionError {
    #[error("the journal does not start with a `started` event")]
    NotStarted,
    #[error(
        "the journal was written by a newer specwright (format {0}, this one reads {JOURNAL_VERSION}); upgrade specwright to resume it"
    )]
    NewerVersion(u32),
    #[error("a {0} event cannot apply now: {1}")]
    OutOfOrder(&'static str, String),
}

/// What the ledger held when the current phase began. A request repeats what earlier
/// phases wrote as a digest that stays fixed for the whole phase and lists what this
/// phase adds after it, in the order captured, so each request of a phase starts with
/// the previous one (what servers' prefix caches reuse).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct PhaseStart {
    /// Facts captured before this phase (the ledger's first `facts` entries).
    pub facts: usize,
    /// Decisions recorded before this phase.
    pub decisions: usize,
    /// Answers at the draft and confirmations recorded before this phase.
    pub draft_basis: usize,
    /// The ids the draft cited when this phase began (Iteration only): what the draft
    /// already carries need not be repeated beside it.
    pub draft_cites: Vec<String>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Session {
    id: Uuid,
    topic: String,
    slug: String,
    created_at: DateTime<Utc>,
    updated_at: DateTime<Utc>,
    settings: SessionSettings,
    /// A format 1 journal not yet upgraded: replays under the rules it was written with.
    legacy: bool,
    phase: Phase,
    phase_start: PhaseStart,
    ledger: Vec<LedgerFact>,
    /// What the user said they do not know, per topic, in their words.
    unknowns: Vec<Unknown>,
    /// What the model said is still missing for a topic the user answered in part.
    missing: Vec<(Topic, String)>,
    /// Transcript indexes of answers the model recorded as stating no requirement.
    no_requirement_answers: Vec<usize>,
    /// Transcript indexes of answers that left the choice to the agent ("you decide"):
    /// the defaults the user kept or corrected stand for them.
    delegating_answers: Vec<usize>,
    skipped: Vec<Topic>,
    /// Question groups asked in the current phase.
    asked_in_phase: usize,
    /// Questions asked in the current phase, so a model does not repeat them.
    asked_questions: Vec<String>,
    /// The group the next interview turn's facts answer.
    last_group: Option<QuestionGroup>,
    /// Transcript index of the answer no model turn has processed yet.
    unprocessed_answer: Option<usize>,
    /// The unprocessed answer is a document given up front: its name.
    document: Option<String>,
    /// Transcript index of the document given up front, if one was.
    document_at: Option<usize>,
    areas: Vec<DecisionArea>,
    next_area: usize,
    decisions: Vec<DecisionRecord>,
    deferred_areas: Vec<String>,
    draft: Option<SpecDraft>,
    /// Answers at the draft (`R<n>`) and confirmations (`C<n>`) items may rest on.
    draft_basis: Vec<Basis>,
    /// The questions about the draft's holes were asked (once a session).
    details_asked: bool,
    /// Holes the user deferred with `/skip` at those questions.
    deferred_details: Vec<String>,
    revisions: Vec<String>,
    transcript: Vec<Exchange>,
    pending: Option<Pending>,
    approved: bool,
    /// Where the spec was written (relative to the root); kept when the session is
    /// reopened, so a revision replaces the spec it revises.
    spec_path: Option<String>,
    /// ADR files written with the spec; a revision rewrites the same ones.
    adrs: Vec<String>,
    /// The files chosen for the approved spec before they were written (spec, ADRs).
    planned: Option<(String, Vec<String>)>,
    /// SHA-256 of the spec as last rendered and written by this session.
    spec_sha256: Option<String>,
    completed: bool,
    usage: Usage,
    model_turns: usize,
    repairs: u32,
    /// Turns the built-in interviewer took because the model's repairs ran out.
    fallback_turns: usize,
}

impl Session {
    // Read-only views of the state; only `apply` changes it.
    pub fn id(&self) -> Uuid {
        self.id
    }

    pub fn topic(&self) -> &str {
        &self.topic
    }

    pub fn slug(&self) -> &str {
        &self.slug
    }

    pub fn created_at(&self) -> DateTime<Utc> {
        self.created_at
    }

    pub fn updated_at(&self) -> DateTime<Utc> {
        self.updated_at
    }

    pub fn settings(&self) -> &SessionSettings {
        &self.settings
    }

    /// A format 1 journal that has not been upgraded yet.
    pub fn is_legacy(&self) -> bool {
        self.legacy
    }

    pub fn phase(&self) -> Phase {
        self.phase
    }

    /// What the ledger held when the current phase began.
    pub fn phase_start(&self) -> &PhaseStart {
        &self.phase_start
    }

    pub fn ledger(&self) -> &[LedgerFact] {
        &self.ledger
    }

    pub fn unknowns(&self) -> &[Unknown] {
        &self.unknowns
    }

    /// What is still missing for topics answered in part, per topic.
    pub fn missing(&self) -> &[(Topic, String)] {
        &self.missing
    }

    pub fn no_requirement_answers(&self) -> &[usize] {
        &self.no_requirement_answers
    }

    /// Answers that left the choice to the agent ("you decide").
    pub fn delegating_answers(&self) -> &[usize] {
        &self.delegating_answers
    }

    pub fn skipped(&self) -> &[Topic] {
        &self.skipped
    }

    pub fn asked_in_phase(&self) -> usize {
        self.asked_in_phase
    }

    pub fn asked_questions(&self) -> &[String] {
        &self.asked_questions
    }

    pub fn last_group(&self) -> Option<&QuestionGroup> {
        self.last_group.as_ref()
    }

    pub fn unprocessed_answer(&self) -> Option<usize> {
        self.unprocessed_answer
    }

    /// The name of the document the unprocessed answer is, if it is one.
    pub fn document(&self) -> Option<&str> {
        self.document.as_deref()
    }

    pub fn areas(&self) -> &[DecisionArea] {
        &self.areas
    }

    pub fn next_area(&self) -> usize {
        self.next_area
    }

    pub fn decisions(&self) -> &[DecisionRecord] {
        &self.decisions
    }

    pub fn deferred_areas(&self) -> &[String] {
        &self.deferred_areas
    }

    pub fn draft(&self) -> Option<&SpecDraft> {
        self.draft.as_ref()
    }

    pub fn revisions(&self) -> &[String] {
        &self.revisions
    }

    pub fn transcript(&self) -> &[Exchange] {
        &self.transcript
    }

    pub fn pending(&self) -> Option<&Pending> {
        self.pending.as_ref()
    }

    pub fn is_approved(&self) -> bool {
        self.approved
    }

    pub fn spec_path(&self) -> Option<&str> {
        self.spec_path.as_deref()
    }

    pub fn adrs(&self) -> &[String] {
        &self.adrs
    }

    /// The spec and ADR paths journaled before the outputs were written, while they are
    /// not all written yet.
    pub fn planned_outputs(&self) -> Option<(&str, &[String])> {
        self.planned
            .as_ref()
            .map(|(spec, adrs)| (spec.as_str(), adrs.as_slice()))
    }

    /// SHA-256 (hex) of the spec as this session last wrote it, when recorded.
    pub fn spec_sha256(&self) -> Option<&str> {
        self.spec_sha256.as_deref()
    }

    /// What the draft needed that the person left open with `/skip` (labels such as
    /// `UC-1 before`); they go to the spec's Open Questions.
    pub fn deferred_details(&self) -> &[String] {
        &self.deferred_details
    }

    pub fn is_completed(&self) -> bool {
        self.completed
    }

    pub fn usage(&self) -> Usage {
        self.usage
    }

    pub fn model_turns(&self) -> usize {
        self.model_turns
    }

    pub fn repairs(&self) -> u32 {
        self.repairs
    }

    pub fn fallback_turns(&self) -> usize {
        self.fallback_turns
    }

    /// Builds a session from its `started` event.
    pub fn start(event: &Event) -> Result<Session, SessionError> {
        let Event::Started {
            version,
            id,
            topic,
            slug,
            at,
            settings,
        } = event
        else {
            return Err(SessionError::NotStarted);
        };
        if *version > JOURNAL_VERSION {
            return Err(SessionError::NewerVersion(*version));
        }
        Ok(Session {
            id: *id,
            topic: topic.clone(),
            slug: slug.clone(),
            created_at: *at,
            updated_at: *at,
            settings: settings.clone(),
            legacy: *version < 2,
            phase: Phase::Discovery,
            phase_start: PhaseStart::default(),
            ledger: Vec::new(),
            unknowns: Vec::new(),
            missing: Vec::new(),
            no_requirement_answers: Vec::new(),
            delegating_answers: Vec::new(),
            skipped: Vec::new(),
            asked_in_phase: 0,
            asked_questions: Vec::new(),
            last_group: None,
            unprocessed_answer: None,
            document: None,
            document_at: None,
            areas: seed_areas(),
            next_area: 0,
            decisions: Vec::new(),
            deferred_areas: Vec::new(),
            draft: None,
            draft_basis: Vec::new(),
            details_asked: false,
            deferred_details: Vec::new(),
            revisions: Vec::new(),
            transcript: Vec::new(),
            pending: None,
            approved: false,
            spec_path: None,
            adrs: Vec::new(),
            planned: None,
            spec_sha256: None,
            completed: false,
            usage: Usage::default(),
            model_turns: 0,
            repairs: 0,
            fallback_turns: 0,
        })
    }

    /// Rebuilds a session from a whole journal.
    pub fn replay<'a>(
        events: impl IntoIterator<Item = &'a Event>,
    ) -> Result<Session, SessionError> {
        // `back` withdraws the last reply and everything after it, so the events that
        // count are found first; the journal itself keeps everything.
        let mut kept: Vec<&Event> = Vec::new();
        for event in events {
            if let Event::Back { .. } = event {
                if let Some(pos) = kept.iter().rposition(|e| is_reply(e)) {
                    kept.truncate(pos);
                }
            } else {
                kept.push(event);
            }
        }
        let mut events = kept.into_iter();
        let first = events.next().ok_or(SessionError::NotStarted)?;
        let mut session = Session::start(first)?;
        for event in events {
            session.apply(event)?;
        }
        Ok(session)
    }

    /// Whether there is a reply of the user's that `/back` could withdraw.
    pub fn can_go_back(&self) -> bool {
        !self.completed
            && self
                .transcript
                .iter()
                .enumerate()
                .any(|(i, e)| e.role == Role::User && Some(i) != self.document_at)
    }

    /// Whether a document may still be given: nothing has happened yet.
    pub fn can_take_document(&self) -> bool {
        !self.legacy && self.transcript.is_empty() && self.model_turns == 0
    }

    pub fn next_action(&self) -> Action {
        if self.completed {
            return Action::Done;
        }
        if self.approved {
            return Action::Finish;
        }
        if self.pending.is_some() {
            return Action::User;
        }
        match self.phase {
            Phase::Discovery | Phase::Scope | Phase::EdgeCases => {
                Action::Model(TurnKind::Interview)
            }
            Phase::Decisions => Action::Model(TurnKind::Decision),
            Phase::Draft if self.draft.is_none() => Action::Model(TurnKind::Draft),
            Phase::Draft | Phase::Iteration => Action::Model(TurnKind::Revision),
            Phase::Complete => Action::Finish,
        }
    }

    pub fn current_area(&self) -> Option<&DecisionArea> {
        self.areas.get(self.next_area)
    }

    pub fn budget(&self) -> usize {
        self.settings.budgets.for_phase(self.phase)
    }

    /// Whether the current phase may still ask a question group.
    pub fn may_ask(&self) -> bool {
        self.asked_in_phase < self.budget()
    }

    /// The user's answer that the next model turn must take into account.
    pub fn unprocessed_answer_text(&self) -> Option<&str> {
        self.unprocessed_answer
            .and_then(|i| self.transcript.get(i))
            .map(|e| e.text.as_str())
    }

    /// Whether the unprocessed answer leaves the choice to the agent ("you decide").
    pub fn answer_delegates(&self) -> bool {
        !self.legacy
            && self.document.is_none()
            && self.phase.is_questioning()
            && self
                .unprocessed_answer_text()
                .is_some_and(reply::is_delegation)
    }

    /// Checks a reply before it is journaled, so a typo never becomes a decision.
    pub fn validate_reply(&self, text: &str) -> Result<(), String> {
        match &self.pending {
            Some(Pending::Decision { turn, .. }) => parse_choice(text, turn).map(|_| ()),
            Some(Pending::Questions(_)) if text.trim().is_empty() => {
                Err("Type an answer, or /skip to defer these topics to the Open Questions.".into())
            }
            Some(Pending::Details(_)) if text.trim().is_empty() => Err(
                "Type the details, or /skip to leave them open (they go to the Open Questions)."
                    .into(),
            ),
            Some(Pending::Defaults { .. }) if reply::yes_no(text) == Some(false) => {
                Err("Type what it should be instead, or /skip to leave it open.".into())
            }
            Some(Pending::Confirm(items)) => {
                reply::parse_confirmation(text, items.len()).map(|_| ())
            }
            Some(Pending::Review) if text.trim().is_empty() => {
                Err("Type /approve to approve the spec, or describe what to change.".into())
            }
            Some(_) => Ok(()),
            None => Err("Nothing is waiting for an answer right now.".into()),
        }
    }

    pub fn apply(&mut self, event: &Event) -> Result<(), SessionError> {
        self.updated_at = event.at();
        match event {
            Event::Started { .. } => {
                return Err(SessionError::OutOfOrder(
                    "started",
                    "the session has already started".into(),
                ));
            }
            Event::Document { name, text, .. } => {
                if !self.can_take_document() {
                    return Err(SessionError::OutOfOrder(
                        "document",
                        "a document is only taken before the interview starts".into(),
                    ));
                }
                let at = self.push_user(text);
                self.unprocessed_answer = Some(at);
                self.document = Some(name.clone());
                self.document_at = Some(at);
            }
            Event::ModelTurn {
                turn,
                usage,
                repairs,
                fallback,
                ..
            } => {
                if *fallback {
                    self.fallback_turns += 1;
                }
                if self.next_action() != Action::Model(turn.kind()) {
                    return Err(SessionError::OutOfOrder(
                        "model_turn",
                        format!("a {} turn arrived during {}", turn.kind().key(), self.phase),
                    ));
                }
                if let Some(usage) = usage {
                    self.usage.add(*usage);
                }
                self.model_turns += 1;
                self.repairs += repairs;
                match turn.as_ref() {
                    Turn::Interview(t) => self.apply_interview(t),
                    Turn::Decision(t) => self.apply_decision_turn(t),
                    Turn::Draft(d) => self.apply_draft(d),
                    Turn::Revision(r) => self.apply_revision(r),
                }
            }
            Event::Answer { text, .. } => self.apply_answer(text)?,
            Event::Skip { topics, .. } => self.apply_skip(topics)?,
            Event::Edited { draft, .. } => self.apply_edited(draft)?,
            Event::Approved { .. } => {
                if self.pending != Some(Pending::Review) || self.draft.is_none() {
                    return Err(SessionError::OutOfOrder(
                        "approved",
                        "there is no draft to approve".into(),
                    ));
                }
                self.pending = None;
                self.approved = true;
                self.phase = Phase::Complete;
            }
            Event::OutputsPlanned {
                spec_path, adrs, ..
            } => {
                if !self.approved || self.completed {
                    return Err(SessionError::OutOfOrder(
                        "outputs_planned",
                        "the spec was not approved".into(),
                    ));
                }
                self.planned = Some((spec_path.clone(), adrs.clone()));
            }
            Event::Completed {
                spec_path,
                adrs,
                spec_sha256,
                ..
            } => {
                if !self.approved {
                    return Err(SessionError::OutOfOrder(
                        "completed",
                        "the spec was not approved".into(),
                    ));
                }
                self.spec_path = Some(spec_path.clone());
                self.adrs = adrs.clone();
                self.spec_sha256 = spec_sha256.clone().or(self.spec_sha256.take());
                self.planned = None;
                self.completed = true;
            }
            Event::Back { .. } => {
                return Err(SessionError::OutOfOrder(
                    "back",
                    "it is applied by replaying the journal".into(),
                ));
            }
            Event::Reopened { .. } => {
                if !self.completed {
                    return Err(SessionError::OutOfOrder(
                        "reopened",
                        "the session is not finished".into(),
                    ));
                }
                self.completed = false;
                self.approved = false;
                self.phase = Phase::Iteration;
                self.mark_phase_start();
                self.pending = Some(Pending::Review);
                self.settle_draft();
            }
            Event::Upgraded { .. } => {
                if !self.legacy {
                    return Err(SessionError::OutOfOrder(
                        "upgraded",
                        "the journal is already of this version".into(),
                    ));
                }
                self.legacy = false;
                if self.pending == Some(Pending::Review) {
                    self.settle_draft();
                }
            }
        }
        Ok(())
    }

    fn say_agent(&mut self, text: String) {
        self.transcript.push(Exchange {
            phase: self.phase,
            role: Role::Agent,
            text,
        });
    }

    fn push_fact(&mut self, topic: Topic, statement: &str, answer: Option<usize>, source: Source) {
        let id = format!("F{}", self.ledger.len() + 1);
        self.ledger.push(LedgerFact {
            id,
            topic,
            statement: statement.trim().to_string(),
            answer_turn: answer,
            source,
        });
    }

    fn apply_interview(&mut self, turn: &InterviewTurn) {
        let answer = self.unprocessed_answer.take();
        self.document = None;
        if let Some(at) = answer
            && turn.no_requirement
            && turn.facts.is_empty()
        {
            self.no_requirement_answers.push(at);
        }
        for fact in &turn.facts {
            self.push_fact(fact.topic, &fact.statement, answer, Source::Stated);
        }
        if !self.legacy {
            self.record_gaps(turn, answer);
        }
        self.last_group = None;
        if !self.legacy
            && let Some(at) = answer
            && !turn.defaults.is_empty()
        {
            self.delegating_answers.push(at);
            let mut text = String::from("You left these to me; I suggest:");
            for d in &turn.defaults {
                text.push_str(&format!("\n- {}: {}", d.topic.title(), d.statement));
            }
            self.say_agent(text);
            self.pending = Some(Pending::Defaults {
                defaults: turn.defaults.clone(),
                next: turn.questions.clone(),
            });
            return;
        }
        self.continue_phase(turn.questions.clone());
    }

    /// Asks `group` if the phase goes on, or moves to the next phase. A phase goes on
    /// while a topic is open, or while the model follows up on a topic answered in part,
    /// and its budget lasts.
    fn continue_phase(&mut self, group: Option<QuestionGroup>) {
        let follows_up = !self.legacy
            && group.as_ref().is_some_and(|g| {
                g.topics()
                    .iter()
                    .any(|t| self.coverage(*t) == Coverage::Partial)
            });
        let targets_open = group.as_ref().is_some_and(|g| {
            let open = self.open_topics();
            g.topics().iter().any(|t| open.contains(t))
        });
        let done = !self.may_ask() || (self.open_topics().is_empty() && !follows_up);
        match group {
            Some(group) if !done && (targets_open || follows_up || self.legacy) => self.ask(group),
            _ if done => self.enter(self.phase.next()),
            // The group only targets what the defaults just covered: the model asks anew.
            _ => self.pending = None,
        }
    }

    fn ask(&mut self, group: QuestionGroup) {
        self.asked_in_phase += 1;
        self.asked_questions
            .extend(group.questions.iter().map(|q| q.text.clone()));
        let mut text = group.title.clone();
        for (i, q) in group.questions.iter().enumerate() {
            text.push_str(&format!("\n{}. {}", i + 1, q.text));
        }
        self.say_agent(text);
        self.last_group = Some(group.clone());
        self.pending = Some(Pending::Questions(group));
    }

    /// Enters a phase. A questioning phase whose topics the answers so far already
    /// resolve is passed over: only the gaps are asked about.
    fn enter(&mut self, phase: Phase) {
        self.phase = phase;
        self.asked_in_phase = 0;
        self.asked_questions.clear();
        self.last_group = None;
        self.pending = None;
        while !self.legacy && self.phase.is_questioning() && self.open_topics().is_empty() {
            self.phase = self.phase.next();
        }
        self.mark_phase_start();
    }

    fn mark_phase_start(&mut self) {
        let draft_cites = match (&self.draft, self.phase) {
            (Some(draft), Phase::Iteration) => {
                let mut ids: Vec<String> = crate::items::items(draft)
                    .into_iter()
                    .flat_map(|i| i.rests_on)
                    .collect();
                ids.sort();
                ids.dedup();
                ids
            }
            _ => Vec::new(),
        };
        self.phase_start = PhaseStart {
            facts: self.ledger.len(),
            decisions: self.decisions.len(),
            draft_basis: self.draft_basis.len(),
            draft_cites,
        };
    }
}

/// The user's replies: what `/back` withdraws.
fn is_reply(event: &Event) -> bool {
    matches!(
        event,
        Event::Answer { .. } | Event::Skip { .. } | Event::Approved { .. } | Event::Edited { .. }
    )
}
