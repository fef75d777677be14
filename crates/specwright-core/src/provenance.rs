//! Where a spec item came from, by construction. Every fact, decision and answer at the
//! draft has a stable id (`F3`, `D2`, `R1`, `C1`); every item of a draft carries the ids it
//! rests on; its provenance follows from them. An item resting on nothing is *inferred*.

use std::collections::{BTreeMap, BTreeSet};

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use crate::decision::{DecidedBy, DecisionRecord};
use crate::phase::Topic;

/// How the user stands behind something in the spec.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize, JsonSchema,
)]
#[serde(rename_all = "snake_case")]
pub enum Source {
    /// The user said it: their own words, a choice they made.
    Stated,
    /// The user confirmed a suggestion: a recommendation taken with Enter, a proposed
    /// default kept, an item the draft added that they kept.
    #[serde(alias = "accepted_recommendation")]
    Accepted,
    /// The user left the choice to the agent ("you decide"), which took its recommendation.
    Delegated,
    /// Nothing the user said supports it.
    Inferred,
}

impl Source {
    pub fn key(self) -> &'static str {
        match self {
            Source::Stated => "stated",
            Source::Accepted => "accepted",
            Source::Delegated => "delegated",
            Source::Inferred => "inferred",
        }
    }

    /// The stronger of two: stated over accepted over delegated over inferred.
    fn strongest(self, other: Source) -> Source {
        self.min(other)
    }
}

/// What kind of thing an id names.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum BasisKind {
    /// A requirement captured from an answer (`F<n>`).
    Fact,
    /// A design decision (`D<n>`).
    Decision,
    /// An answer at the draft: details the draft needed, review feedback, an edit (`R<n>`).
    Feedback,
    /// The user kept the items a draft added (`C<n>`).
    Confirmation,
}

impl BasisKind {
    pub fn prefix(self) -> char {
        match self {
            BasisKind::Fact => 'F',
            BasisKind::Decision => 'D',
            BasisKind::Feedback => 'R',
            BasisKind::Confirmation => 'C',
        }
    }
}

/// Something an item may rest on.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct Basis {
    pub id: String,
    pub kind: BasisKind,
    pub source: Source,
    pub text: String,
    /// The checklist topic of a fact.
    pub topic: Option<Topic>,
    /// Transcript index of the user's answer behind it.
    pub turn: Option<usize>,
}

/// An item's provenance.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct Provenance {
    /// The ids it rests on (only ids that exist).
    #[serde(default)]
    pub rests_on: Vec<String>,
    /// Transcript indexes of the user's answers behind it.
    pub turns: Vec<usize>,
    pub source: Source,
}

impl Provenance {
    pub fn inferred() -> Provenance {
        Provenance {
            rests_on: Vec::new(),
            turns: Vec::new(),
            source: Source::Inferred,
        }
    }

    pub fn is_inferred(&self) -> bool {
        self.source == Source::Inferred
    }
}

/// The ids of a session, looked up by id.
pub struct Registry<'a> {
    by_id: BTreeMap<&'a str, &'a Basis>,
}

impl<'a> Registry<'a> {
    pub fn new(basis: &'a [Basis]) -> Registry<'a> {
        Registry {
            by_id: basis.iter().map(|b| (b.id.as_str(), b)).collect(),
        }
    }

    pub fn contains(&self, id: &str) -> bool {
        self.by_id.contains_key(id)
    }

    pub fn get(&self, id: &str) -> Option<&'a Basis> {
        self.by_id.get(id).copied()
    }

    /// The provenance of an item resting on `ids`: the strongest source among them
    /// (ids that do not exist count for nothing), inferred when none is left.
    pub fn provenance(&self, ids: &[String]) -> Provenance {
        let mut source: Option<Source> = None;
        let mut turns = BTreeSet::new();
        let mut kept = Vec::new();
        for id in ids {
            let Some(b) = self.get(id.trim()) else {
                continue;
            };
            if kept.contains(&b.id) {
                continue;
            }
            kept.push(b.id.clone());
            source = Some(source.map_or(b.source, |s| s.strongest(b.source)));
            turns.extend(b.turn);
        }
        match source {
            Some(source) => Provenance {
                rests_on: kept,
                turns: turns.into_iter().collect(),
                source,
            },
            None => Provenance::inferred(),
        }
    }
}

/// How a decision was made, as a source.
pub fn decision_source(decided_by: DecidedBy) -> Source {
    match decided_by {
        DecidedBy::User | DecidedBy::UserOwnChoice | DecidedBy::StatedInInterview => Source::Stated,
        DecidedBy::AcceptedRecommendation => Source::Accepted,
        DecidedBy::Delegated => Source::Delegated,
    }
}

/// A decision's provenance: the answers that made it, and how.
pub fn of_decision(record: &DecisionRecord) -> Provenance {
    let mut turns = vec![record.answer_turn];
    turns.extend(record.reason_turn);
    Provenance {
        rests_on: vec![record.id()],
        turns,
        source: decision_source(record.decided_by),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn basis(id: &str, source: Source, turn: usize) -> Basis {
        Basis {
            id: id.into(),
            kind: BasisKind::Fact,
            source,
            text: String::new(),
            topic: None,
            turn: Some(turn),
        }
    }

    #[test]
    fn an_item_takes_the_strongest_source_of_what_it_rests_on() {
        let all = vec![
            basis("F1", Source::Stated, 1),
            basis("F2", Source::Accepted, 3),
            basis("D1", Source::Delegated, 9),
        ];
        let registry = Registry::new(&all);
        let p = registry.provenance(&["D1".into(), "F2".into()]);
        assert_eq!(p.source, Source::Accepted);
        assert_eq!(p.turns, vec![3, 9]);
        assert_eq!(p.rests_on, vec!["D1", "F2"]);
        assert_eq!(
            registry.provenance(&["F1".into(), "D1".into()]).source,
            Source::Stated
        );
        assert_eq!(
            registry.provenance(&["D1".into()]).source,
            Source::Delegated
        );
    }

    #[test]
    fn an_item_resting_on_nothing_that_exists_is_inferred() {
        let all = vec![basis("F1", Source::Stated, 1)];
        let registry = Registry::new(&all);
        assert!(registry.provenance(&[]).is_inferred());
        assert!(registry.provenance(&["F9".into()]).is_inferred());
    }

    #[test]
    fn old_twins_read_accepted_recommendation_as_accepted() {
        let s: Source = serde_json::from_str("\"accepted_recommendation\"").unwrap();
        assert_eq!(s, Source::Accepted);
    }
}
