//! Session state as a fold over journal events. Every rule of the workflow that decides
//! what happens next lives here: phase gates, question budgets, decision records and
//! explicit approval. Applying the same events always yields the same session.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use uuid::Uuid;

use crate::decision::{Choice, DecidedBy, DecisionArea, DecisionRecord, parse_choice, seed_areas};
use crate::phase::{Phase, Topic};
use crate::turn::{
    DecisionTurn, InterviewTurn, QuestionGroup, Revision, SpecDraft, Turn, TurnKind,
};

/// The journal format's version; a journal with a higher one is refused.
pub const JOURNAL_VERSION: u32 = 1;

/// The most decision areas a model may add to the seed's seven.
pub const MAX_PROPOSED_AREAS: usize = 3;

/// Token counts reported by a server.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Usage {
    pub prompt_tokens: u64,
    pub completion_tokens: u64,
}

impl Usage {
    pub fn add(&mut self, other: Usage) {
        self.prompt_tokens += other.prompt_tokens;
        self.completion_tokens += other.completion_tokens;
    }

    pub fn total(self) -> u64 {
        self.prompt_tokens + self.completion_tokens
    }
}

/// How many question groups each questioning phase may ask.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Budgets {
    pub discovery: usize,
    pub scope: usize,
    pub edge_cases: usize,
}

impl Default for Budgets {
    fn default() -> Self {
        Budgets {
            discovery: Phase::Discovery.default_question_budget(),
            scope: Phase::Scope.default_question_budget(),
            edge_cases: Phase::EdgeCases.default_question_budget(),
        }
    }
}

impl Budgets {
    pub fn for_phase(&self, phase: Phase) -> usize {
        match phase {
            Phase::Discovery => self.discovery,
            Phase::Scope => self.scope,
            Phase::EdgeCases => self.edge_cases,
            _ => 0,
        }
    }

    /// Spreads a budget for the whole interview over the phases, in proportion to their
    /// topics, each phase getting at least one question group.
    pub fn spread(total: usize) -> Budgets {
        let counts = [
            Phase::Discovery.topics().len(),
            Phase::Scope.topics().len(),
            Phase::EdgeCases.topics().len(),
        ];
        let all: usize = counts.iter().sum::<usize>().max(1);
        // In u128, so no total a person can type overflows (`--max-questions` takes any usize).
        let share = |n: usize| {
            let s = (total as u128 * n as u128) / all as u128;
            usize::try_from(s).unwrap_or(usize::MAX).max(1)
        };
        Budgets {
            discovery: share(counts[0]),
            scope: share(counts[1]),
            edge_cases: share(counts[2]),
        }
    }
}

/// Settings fixed when a session starts.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct SessionSettings {
    pub budgets: Budgets,
    /// Take every recommended option without asking (the user delegated the choice).
    #[serde(default)]
    pub accept_recommendations: bool,
    /// The model the session started with, so `resume` and `revise` use it again. Absent
    /// from journals written before it was recorded. Boxed: every journal event is as large
    /// as the largest, and this one is read once.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub interviewer: Option<Box<Interviewer>>,
}

/// Which model runs a session: its provider, model, server and profile, never its key.
/// Read back from a journal, it is untrusted data like the rest of the file.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Interviewer {
    pub provider: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub model: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub base_url: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub profile: Option<String>,
}

/// One journal line.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "event", rename_all = "snake_case")]
pub enum Event {
    Started {
        version: u32,
        id: Uuid,
        topic: String,
        slug: String,
        at: DateTime<Utc>,
        settings: SessionSettings,
    },
    /// A validated model turn.
    ModelTurn {
        turn: Box<Turn>,
        #[serde(default)]
        usage: Option<Usage>,
        #[serde(default)]
        repairs: u32,
        /// The built-in interviewer took this turn after the model's repairs ran out.
        #[serde(default, skip_serializing_if = "std::ops::Not::not")]
        fallback: bool,
        at: DateTime<Utc>,
    },
    /// The user's reply to what is pending (an answer, a choice, or feedback on the draft).
    Answer { text: String, at: DateTime<Utc> },
    /// `/skip`: defer the named topics, or with none, what is pending.
    Skip {
        #[serde(default)]
        topics: Vec<Topic>,
        at: DateTime<Utc>,
    },
    /// `/approve` on the draft.
    Approved { at: DateTime<Utc> },
    /// The files an approved spec is about to be written to, journaled before any is
    /// written, so a crash part-way is completed into the same files on resume.
    OutputsPlanned {
        spec_path: String,
        #[serde(default)]
        adrs: Vec<String>,
        at: DateTime<Utc>,
    },
    /// The spec was written.
    Completed {
        spec_path: String,
        /// The ADR files written with the spec, relative to the root, in decision order.
        #[serde(default)]
        adrs: Vec<String>,
        /// SHA-256 (hex) of the spec as this session rendered it, to tell hand edits.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        spec_sha256: Option<String>,
        at: DateTime<Utc>,
    },
    /// A finished session is reopened at Iteration to revise its spec.
    Reopened { at: DateTime<Utc> },
    /// `/back`: the user's last reply (and what followed it) is withdrawn, to answer again.
    Back { at: DateTime<Utc> },
}

impl Event {
    pub fn at(&self) -> DateTime<Utc> {
        match self {
            Event::Started { at, .. }
            | Event::ModelTurn { at, .. }
            | Event::Answer { at, .. }
            | Event::Skip { at, .. }
            | Event::Approved { at }
            | Event::OutputsPlanned { at, .. }
            | Event::Completed { at, .. }
            | Event::Reopened { at }
            | Event::Back { at } => *at,
        }
    }
}

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

/// Where a ledger fact came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Origin {
    /// Captured from an answer the user gave.
    Stated,
    /// Proposed by the agent with no answer behind it.
    Inferred,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct LedgerFact {
    pub topic: Topic,
    pub statement: String,
    /// Transcript index of the answer it was captured from.
    pub answer_turn: Option<usize>,
    pub origin: Origin,
}

/// What the session waits for from the user.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Pending {
    Questions(QuestionGroup),
    Decision {
        area: DecisionArea,
        turn: DecisionTurn,
    },
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

#[derive(Debug, Clone, PartialEq)]
pub struct Session {
    id: Uuid,
    topic: String,
    slug: String,
    created_at: DateTime<Utc>,
    updated_at: DateTime<Utc>,
    settings: SessionSettings,
    phase: Phase,
    ledger: Vec<LedgerFact>,
    /// Transcript indexes of answers the model recorded as stating no requirement.
    no_requirement_answers: Vec<usize>,
    skipped: Vec<Topic>,
    /// Question groups asked in the current phase.
    asked_in_phase: usize,
    /// Questions asked in the current phase, so a model does not repeat them.
    asked_questions: Vec<String>,
    /// The group the next interview turn's facts answer.
    last_group: Option<QuestionGroup>,
    /// Transcript index of the answer no model turn has processed yet.
    unprocessed_answer: Option<usize>,
    areas: Vec<DecisionArea>,
    next_area: usize,
    decisions: Vec<DecisionRecord>,
    deferred_areas: Vec<String>,
    draft: Option<SpecDraft>,
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

    pub fn phase(&self) -> Phase {
        self.phase
    }

    pub fn ledger(&self) -> &[LedgerFact] {
        &self.ledger
    }

    pub fn no_requirement_answers(&self) -> &[usize] {
        &self.no_requirement_answers
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
            phase: Phase::Discovery,
            ledger: Vec::new(),
            no_requirement_answers: Vec::new(),
            skipped: Vec::new(),
            asked_in_phase: 0,
            asked_questions: Vec::new(),
            last_group: None,
            unprocessed_answer: None,
            areas: seed_areas(),
            next_area: 0,
            decisions: Vec::new(),
            deferred_areas: Vec::new(),
            draft: None,
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
        !self.completed && self.transcript.iter().any(|e| e.role == Role::User)
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
            Phase::Draft => Action::Model(TurnKind::Draft),
            Phase::Iteration => Action::Model(TurnKind::Revision),
            Phase::Complete => Action::Finish,
        }
    }

    /// What the spec's items are traced against: the ledger's facts and, as facts of no
    /// topic's, the decisions the user made and their feedback on the draft.
    pub fn evidence(&self) -> Vec<LedgerFact> {
        let mut out = self.ledger.clone();
        for d in &self.decisions {
            out.push(LedgerFact {
                topic: Topic::Purpose,
                statement: format!("{} {} {}", d.choice, d.description, d.rationale),
                answer_turn: Some(d.answer_turn),
                origin: Origin::Stated,
            });
        }
        for (i, e) in self.transcript.iter().enumerate() {
            if e.phase == Phase::Iteration && e.role == Role::User {
                out.push(LedgerFact {
                    topic: Topic::Purpose,
                    statement: e.text.clone(),
                    answer_turn: Some(i),
                    origin: Origin::Stated,
                });
            }
        }
        out
    }

    /// Whether a topic has at least one fact.
    pub fn is_covered(&self, topic: Topic) -> bool {
        self.ledger.iter().any(|f| f.topic == topic)
    }

    pub fn is_resolved(&self, topic: Topic) -> bool {
        self.is_covered(topic) || self.skipped.contains(&topic)
    }

    /// The current phase's topics that are neither covered nor skipped.
    pub fn open_topics(&self) -> Vec<Topic> {
        self.phase
            .topics()
            .iter()
            .copied()
            .filter(|t| !self.is_resolved(*t))
            .collect()
    }

    pub fn budget(&self) -> usize {
        self.settings.budgets.for_phase(self.phase)
    }

    /// Whether the current phase may still ask a question group.
    pub fn may_ask(&self) -> bool {
        self.asked_in_phase < self.budget()
    }

    pub fn current_area(&self) -> Option<&DecisionArea> {
        self.areas.get(self.next_area)
    }

    /// The user's answer that the next model turn must take into account.
    pub fn unprocessed_answer_text(&self) -> Option<&str> {
        self.unprocessed_answer
            .and_then(|i| self.transcript.get(i))
            .map(|e| e.text.as_str())
    }

    /// Everything the spec must list as unresolved: topics of finished phases that were
    /// never covered or were deferred, and deferred decisions.
    pub fn open_questions(&self) -> Vec<String> {
        let mut out = Vec::new();
        for phase in [Phase::Discovery, Phase::Scope, Phase::EdgeCases] {
            let finished = phase.number() < self.phase.number();
            for topic in phase.topics() {
                if self.is_covered(*topic) {
                    continue;
                }
                if self.skipped.contains(topic) {
                    out.push(format!("{} (deferred by the user)", topic.title()));
                } else if finished {
                    out.push(format!("{} (not covered in the interview)", topic.title()));
                }
            }
        }
        for area in &self.deferred_areas {
            out.push(format!("Decision on {area} (deferred by the user)"));
        }
        out
    }

    /// Checks a reply before it is journaled, so a typo never becomes a decision.
    pub fn validate_reply(&self, text: &str) -> Result<(), String> {
        match &self.pending {
            Some(Pending::Decision { turn, .. }) => parse_choice(text, turn).map(|_| ()),
            Some(Pending::Questions(_)) if text.trim().is_empty() => {
                Err("Type an answer, or /skip to defer these topics to the Open Questions.".into())
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
                    Turn::Draft(d) => {
                        self.draft = Some(d.clone());
                        self.enter(Phase::Iteration);
                        self.say_agent("The draft specification is ready for review.".into());
                        self.pending = Some(Pending::Review);
                    }
                    Turn::Revision(r) => self.apply_revision(r),
                }
            }
            Event::Answer { text, .. } => self.apply_answer(text)?,
            Event::Skip { topics, .. } => self.apply_skip(topics)?,
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
                self.pending = Some(Pending::Review);
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

    fn apply_interview(&mut self, turn: &InterviewTurn) {
        let answer = self.unprocessed_answer.take();
        if let Some(at) = answer
            && turn.no_requirement
            && turn.facts.is_empty()
        {
            self.no_requirement_answers.push(at);
        }
        for fact in &turn.facts {
            self.ledger.push(LedgerFact {
                topic: fact.topic,
                statement: fact.statement.clone(),
                answer_turn: answer,
                origin: if answer.is_some() {
                    Origin::Stated
                } else {
                    Origin::Inferred
                },
            });
        }
        self.last_group = None;
        let done = self.open_topics().is_empty() || !self.may_ask();
        match (&turn.questions, done) {
            (Some(group), false) => self.ask(group.clone()),
            _ => self.enter(self.phase.next()),
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

    fn enter(&mut self, phase: Phase) {
        self.phase = phase;
        self.asked_in_phase = 0;
        self.asked_questions.clear();
        self.last_group = None;
        self.pending = None;
    }

    fn apply_decision_turn(&mut self, turn: &DecisionTurn) {
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

    fn apply_revision(&mut self, revision: &Revision) {
        self.unprocessed_answer = None;
        self.draft = Some(revision.draft.clone());
        self.revisions.push(revision.summary.clone());
        self.say_agent(format!("Revised: {}", revision.summary));
        self.pending = Some(Pending::Review);
    }

    fn push_user(&mut self, text: &str) -> usize {
        self.transcript.push(Exchange {
            phase: self.phase,
            role: Role::User,
            text: text.to_string(),
        });
        self.transcript.len() - 1
    }

    fn apply_answer(&mut self, text: &str) -> Result<(), SessionError> {
        match self.pending.take() {
            Some(Pending::Questions(group)) => {
                let at = self.push_user(text);
                self.unprocessed_answer = Some(at);
                self.last_group = Some(group);
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
                let decided_by = if self.settings.accept_recommendations && text.trim().is_empty() {
                    DecidedBy::Delegated
                } else {
                    match choice {
                        Choice::Recommended => DecidedBy::AcceptedRecommendation,
                        Choice::Option { .. } => DecidedBy::User,
                        Choice::Own { .. } => DecidedBy::UserOwnChoice,
                    }
                };
                let record = decision_record(
                    self.decisions.len() + 1,
                    &area,
                    &turn,
                    choice,
                    decided_by,
                    at,
                );
                self.decisions.push(record);
                self.advance_area();
            }
            Some(Pending::Review) => {
                let at = self.push_user(text);
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

    fn advance_area(&mut self) {
        self.next_area += 1;
        if self.next_area >= self.areas.len() {
            self.enter(self.phase.next());
        }
    }

    fn apply_skip(&mut self, topics: &[Topic]) -> Result<(), SessionError> {
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
                    if !self.is_covered(t) && !self.skipped.contains(&t) {
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
            Some(Pending::Decision { area, .. }) => {
                self.push_user("/skip");
                self.deferred_areas.push(area.title);
                self.advance_area();
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

/// The user's replies: what `/back` withdraws.
fn is_reply(event: &Event) -> bool {
    matches!(
        event,
        Event::Answer { .. } | Event::Skip { .. } | Event::Approved { .. }
    )
}

fn decision_record(
    number: usize,
    area: &DecisionArea,
    turn: &DecisionTurn,
    choice: Choice,
    decided_by: DecidedBy,
    answer_turn: usize,
) -> DecisionRecord {
    let names: Vec<String> = turn.options.iter().map(|o| o.name.clone()).collect();
    let (index, reason) = match &choice {
        Choice::Recommended => (Some(usize::from(turn.recommended).saturating_sub(1)), None),
        Choice::Option { index, reason } => (Some(*index), reason.clone()),
        Choice::Own { reason, .. } => (None, reason.clone()),
    };
    let option = index.and_then(|i| turn.options.get(i));
    let (choice_name, description, gains, sacrifices, rationale) = match (&choice, option) {
        (Choice::Own { .. }, _) | (_, None) => {
            let name = match &choice {
                Choice::Own { choice, .. } => choice.clone(),
                _ => String::new(),
            };
            let rationale = reason
                .clone()
                .unwrap_or_else(|| "The user's own choice, not among the options offered.".into());
            (name.clone(), name, String::new(), String::new(), rationale)
        }
        (_, Some(o)) => {
            let is_recommended = index == Some(usize::from(turn.recommended).saturating_sub(1));
            let rationale = match reason {
                Some(r) => r,
                None if is_recommended => turn.recommendation_reason.clone(),
                None => format!("Gains: {} Sacrifices: {}", o.gains, o.sacrifices),
            };
            (
                o.name.clone(),
                o.description.clone(),
                o.gains.clone(),
                o.sacrifices.clone(),
                rationale,
            )
        }
    };
    let alternatives = names
        .iter()
        .enumerate()
        .filter(|(i, _)| Some(*i) != index)
        .map(|(_, n)| n.clone())
        .collect();
    DecisionRecord {
        number,
        area: area.title.clone(),
        area_key: area.key.clone(),
        question: turn.question.clone(),
        choice: choice_name,
        description,
        gains,
        sacrifices,
        alternatives,
        options: turn.options.clone(),
        recommended: turn.recommended,
        rationale,
        decided_by,
        answer_turn,
    }
}

#[cfg(test)]
mod budget_tests {
    use super::*;

    #[test]
    fn any_total_a_person_types_is_spread_without_overflow() {
        for total in [1, 7, 24, 3_074_457_345_618_258_603, usize::MAX] {
            let b = Budgets::spread(total);
            assert!(
                b.discovery >= 1 && b.scope >= 1 && b.edge_cases >= 1,
                "{total}"
            );
        }
        let huge = Budgets::spread(usize::MAX);
        assert!(huge.scope > huge.discovery, "{huge:?}");
        assert_eq!(
            Budgets::spread(1),
            Budgets {
                discovery: 1,
                scope: 1,
                edge_cases: 1
            }
        );
    }
}
