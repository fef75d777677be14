//! Coverage of the checklist (open, partial, covered, skipped), what the user does not
//! know, what the spec must list as unresolved, and the ids everything rests on.

use serde::{Deserialize, Serialize};

use super::Session;
use crate::phase::{Phase, Topic};
use crate::provenance::{Basis, BasisKind, Source, decision_source};
use crate::turn::InterviewTurn;

/// How far a checklist topic is covered.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Coverage {
    /// Nothing captured yet.
    Open,
    /// Answered in part: something is still missing, or the user does not know part of it.
    Partial,
    Covered,
    /// Deferred by the user with nothing captured.
    Skipped,
}

/// Something the user said they do not know, in their words.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Unknown {
    pub topic: Topic,
    pub statement: String,
    pub answer_turn: Option<usize>,
}

impl Session {
    pub fn coverage(&self, topic: Topic) -> Coverage {
        let has_fact = self.ledger.iter().any(|f| f.topic == topic);
        let unknown = self.unknowns.iter().any(|u| u.topic == topic);
        let missing = self.missing.iter().any(|(t, _)| *t == topic);
        if unknown || (has_fact && missing) {
            Coverage::Partial
        } else if has_fact {
            Coverage::Covered
        } else if self.skipped.contains(&topic) {
            Coverage::Skipped
        } else {
            Coverage::Open
        }
    }

    /// Whether a topic has a fact and nothing missing.
    pub fn is_covered(&self, topic: Topic) -> bool {
        self.coverage(topic) == Coverage::Covered
    }

    /// Whether a topic needs no more questions: covered, answered in part, or skipped.
    pub fn is_resolved(&self, topic: Topic) -> bool {
        self.coverage(topic) != Coverage::Open
    }

    /// The current phase's topics that are neither covered, answered in part, nor skipped.
    pub fn open_topics(&self) -> Vec<Topic> {
        self.phase
            .topics()
            .iter()
            .copied()
            .filter(|t| !self.is_resolved(*t))
            .collect()
    }

    /// The current phase's topics answered only in part.
    pub fn partial_topics(&self) -> Vec<Topic> {
        self.phase
            .topics()
            .iter()
            .copied()
            .filter(|t| self.coverage(*t) == Coverage::Partial)
            .collect()
    }

    /// Records what a turn says is unknown or missing. A topic the turn captures facts
    /// for, and does not list again, is whole now: what was unknown or missing is resolved.
    pub(super) fn record_gaps(&mut self, turn: &InterviewTurn, answer: Option<usize>) {
        let relisted = |t: Topic| {
            turn.unknowns.iter().any(|u| u.topic == t) || turn.missing.iter().any(|m| m.topic == t)
        };
        for fact in &turn.facts {
            if !relisted(fact.topic) {
                self.unknowns.retain(|u| u.topic != fact.topic);
                self.missing.retain(|(t, _)| *t != fact.topic);
            }
        }
        for u in &turn.unknowns {
            let statement = u.statement.trim();
            if !statement.is_empty()
                && !self
                    .unknowns
                    .iter()
                    .any(|k| k.topic == u.topic && k.statement == statement)
            {
                self.unknowns.push(super::Unknown {
                    topic: u.topic,
                    statement: statement.to_string(),
                    answer_turn: answer,
                });
            }
        }
        for m in &turn.missing {
            let what = m.what.trim();
            if what.is_empty() {
                continue;
            }
            self.missing.retain(|(t, _)| *t != m.topic);
            self.missing.push((m.topic, what.to_string()));
        }
    }

    /// Everything the spec must list as unresolved: topics of finished phases that were
    /// never covered or were deferred, what the user did not know (in their words, with its
    /// topic) and what was still missing, deferred decisions, and holes of the draft the
    /// user deferred.
    pub fn open_questions(&self) -> Vec<String> {
        let mut out = Vec::new();
        for phase in [Phase::Discovery, Phase::Scope, Phase::EdgeCases] {
            let finished = phase.number() < self.phase.number();
            for topic in phase.topics() {
                let coverage = self.coverage(*topic);
                if coverage == Coverage::Covered {
                    continue;
                }
                if self.skipped.contains(topic) && coverage != Coverage::Partial {
                    if self.answered_at_the_draft(*topic) {
                        continue;
                    }
                    out.push(format!("{} (deferred by the user)", topic.title()));
                } else if coverage == Coverage::Open && finished {
                    out.push(format!("{} (not covered in the interview)", topic.title()));
                }
                if coverage == Coverage::Partial && (finished || self.skipped.contains(topic)) {
                    for u in self.unknowns.iter().filter(|u| u.topic == *topic) {
                        out.push(format!("{}: {}", topic.title(), u.statement));
                    }
                    for (_, what) in self.missing.iter().filter(|(t, _)| t == topic) {
                        out.push(format!("{}: still missing: {what}", topic.title()));
                    }
                }
            }
        }
        for area in &self.deferred_areas {
            out.push(format!("Decision on {area} (deferred by the user)"));
        }
        for label in &self.deferred_details {
            out.push(format!("`{label}` (deferred by the user)"));
        }
        out
    }

    /// Whether a target deferred in the interview (latency, throughput, availability,
    /// retention) was given later, at the draft: then it is no longer open.
    fn answered_at_the_draft(&self, topic: Topic) -> bool {
        let Some(d) = &self.draft else {
            return false;
        };
        let nfr = &d.non_functional;
        let item = match topic {
            Topic::Latency => &nfr.latency,
            Topic::Throughput => &nfr.throughput,
            Topic::Availability => &nfr.availability,
            Topic::DataRetention => &nfr.data_retention,
            _ => return false,
        };
        let answers: Vec<&str> = self
            .draft_basis
            .iter()
            .filter(|b| b.kind == BasisKind::Feedback)
            .map(|b| b.id.as_str())
            .collect();
        !item.is_blank()
            && item
                .rests_on
                .iter()
                .any(|id| answers.contains(&id.as_str()))
    }

    /// Every id a spec item may rest on: the ledger's facts, the decisions, and the
    /// answers at the draft.
    pub fn evidence(&self) -> Vec<Basis> {
        let mut out: Vec<Basis> = self
            .ledger
            .iter()
            .map(|f| Basis {
                id: f.id.clone(),
                kind: BasisKind::Fact,
                source: f.source,
                text: f.statement.clone(),
                topic: Some(f.topic),
                turn: f.answer_turn,
            })
            .collect();
        for d in &self.decisions {
            out.push(Basis {
                id: d.id(),
                kind: BasisKind::Decision,
                source: decision_source(d.decided_by),
                text: format!("{}: {}. {}", d.area, d.choice, d.rationale),
                topic: None,
                turn: Some(d.answer_turn),
            });
        }
        out.extend(self.draft_basis.iter().cloned());
        out
    }

    /// The ids items may cite, in order.
    pub fn evidence_ids(&self) -> Vec<String> {
        self.evidence().into_iter().map(|b| b.id).collect()
    }

    pub(super) fn push_draft_basis(
        &mut self,
        kind: BasisKind,
        source: Source,
        text: &str,
        turn: usize,
    ) -> String {
        let n = self.draft_basis.iter().filter(|b| b.kind == kind).count() + 1;
        let id = format!("{}{n}", kind.prefix());
        self.draft_basis.push(Basis {
            id: id.clone(),
            kind,
            source,
            text: text.trim().to_string(),
            topic: None,
            turn: Some(turn),
        });
        id
    }
}
