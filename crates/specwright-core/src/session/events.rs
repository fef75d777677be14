//! What a journal holds: the session's settings and its events, one a line.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use uuid::Uuid;

use crate::phase::{Phase, Topic};
use crate::turn::{SpecDraft, Turn};

/// The journal format's version; a journal with a higher one is refused. Version 1
/// journals (before facts had ids and drafts carried them) load and replay under the
/// rules they were written with; the agent appends an `upgraded` event before it goes on,
/// and the new rules apply from there.
pub const JOURNAL_VERSION: u32 = 2;

/// The most decision areas a model may add to the seed's seven.
pub const MAX_PROPOSED_AREAS: usize = 3;

/// Token counts reported by a server.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Usage {
    pub prompt_tokens: u64,
    pub completion_tokens: u64,
    /// Prompt tokens the server's prefix cache reused (OpenAI's
    /// `usage.prompt_tokens_details.cached_tokens`, llama.cpp's `timings.cache_n`); none
    /// when the server does not say, which many do not.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub cached_tokens: Option<u64>,
}

impl Usage {
    pub fn add(&mut self, other: Usage) {
        self.prompt_tokens += other.prompt_tokens;
        self.completion_tokens += other.completion_tokens;
        self.cached_tokens = match (self.cached_tokens, other.cached_tokens) {
            (None, None) => None,
            (a, b) => Some(a.unwrap_or(0) + b.unwrap_or(0)),
        };
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
    /// A document the user gave up front (`specwright spec X --from notes.md`): the first
    /// answer of the interview, for every topic it informs.
    Document {
        /// The file's name, for the transcript.
        name: String,
        text: String,
        at: DateTime<Utc>,
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
    /// The user's reply to what is pending (an answer, a choice, a reason, a confirmation,
    /// or feedback on the draft).
    Answer { text: String, at: DateTime<Utc> },
    /// `/skip`: defer the named topics, or with none, what is pending.
    Skip {
        #[serde(default)]
        topics: Vec<Topic>,
        at: DateTime<Utc>,
    },
    /// The user changed the draft in their editor (`/edit`); it passed the spec check.
    Edited {
        /// What the user saved, as typed.
        markdown: String,
        /// It, read back as a draft.
        draft: Box<SpecDraft>,
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
    /// A journal of format 1 continues under this version's rules from here.
    Upgraded { at: DateTime<Utc> },
}

impl Event {
    pub fn at(&self) -> DateTime<Utc> {
        match self {
            Event::Started { at, .. }
            | Event::Document { at, .. }
            | Event::ModelTurn { at, .. }
            | Event::Answer { at, .. }
            | Event::Skip { at, .. }
            | Event::Edited { at, .. }
            | Event::Approved { at }
            | Event::OutputsPlanned { at, .. }
            | Event::Completed { at, .. }
            | Event::Reopened { at }
            | Event::Back { at }
            | Event::Upgraded { at } => *at,
        }
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
