//! Where a spec item came from: the transcript turns of the answers behind it, and
//! whether the user stated it, accepted a recommendation, or the agent inferred it.
//! Computed in code by matching an item's words against the ledger's facts.

use std::collections::BTreeSet;

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use crate::decision::{DecidedBy, DecisionRecord};
use crate::session::LedgerFact;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum Source {
    /// The user said it (a fact captured from an answer, or a choice the user made).
    Stated,
    /// The user accepted (or delegated to) a recommendation.
    AcceptedRecommendation,
    /// The agent wrote it with no answer behind it.
    Inferred,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct Provenance {
    /// Transcript indexes of the user's answers it came from.
    pub turns: Vec<usize>,
    pub source: Source,
}

impl Provenance {
    pub fn inferred() -> Provenance {
        Provenance {
            turns: Vec::new(),
            source: Source::Inferred,
        }
    }

    pub fn is_inferred(&self) -> bool {
        self.source == Source::Inferred
    }
}

const STOP_WORDS: [&str; 40] = [
    "the", "and", "for", "are", "but", "not", "with", "from", "that", "this", "our", "its", "into",
    "per", "can", "will", "must", "should", "have", "has", "was", "were", "all", "any", "via",
    "out", "use", "used", "uses", "when", "what", "who", "how", "then", "than", "they", "their",
    "them", "also", "each",
];

/// The words that carry meaning: lowercase, letters and digits, stop words dropped.
pub fn words(text: &str) -> BTreeSet<String> {
    text.split(|c: char| !c.is_alphanumeric())
        .filter(|w| w.len() > 2 || w.chars().all(|c| c.is_ascii_digit()) && !w.is_empty())
        .map(str::to_lowercase)
        .filter(|w| !STOP_WORDS.contains(&w.as_str()))
        .collect()
}

/// Whether `item` says (part of) what `fact` says: one contains the other, or at least
/// half of the smaller one's words are shared.
pub fn matches(item: &BTreeSet<String>, fact: &BTreeSet<String>) -> bool {
    if item.is_empty() || fact.is_empty() {
        return false;
    }
    let shared = item
        .iter()
        .filter(|w| fact.iter().any(|f| same_word(w, f)))
        .count();
    let smaller = item.len().min(fact.len());
    shared * 2 >= smaller && (shared >= 2 || smaller <= 2)
}

/// Equal, or one a long prefix of the other ("postgres" / "postgresql", "limit" / "limits").
fn same_word(a: &str, b: &str) -> bool {
    a == b || (a.len().min(b.len()) >= 5 && (a.starts_with(b) || b.starts_with(a)))
}

/// The facts items are traced against, with their words computed once.
pub struct Evidence {
    facts: Vec<(BTreeSet<String>, Option<usize>)>,
}

impl Evidence {
    pub fn new(ledger: &[LedgerFact]) -> Evidence {
        Evidence {
            facts: ledger
                .iter()
                .map(|f| (words(&f.statement), f.answer_turn))
                .collect(),
        }
    }

    pub fn is_empty(&self) -> bool {
        self.facts.is_empty()
    }

    /// The provenance of an item made of several texts (e.g. a use case's flow and its
    /// actor): the answers behind any of them.
    pub fn of_texts(&self, texts: &[&str]) -> Provenance {
        let mut turns = BTreeSet::new();
        for text in texts {
            let item = words(text);
            turns.extend(
                self.facts
                    .iter()
                    .filter(|(fact, _)| matches(&item, fact))
                    .filter_map(|(_, turn)| *turn),
            );
        }
        if turns.is_empty() {
            Provenance::inferred()
        } else {
            Provenance {
                turns: turns.into_iter().collect(),
                source: Source::Stated,
            }
        }
    }

    pub fn of_text(&self, text: &str) -> Provenance {
        self.of_texts(&[text])
    }
}

/// The provenance of an item of the spec with this text.
pub fn of_text(text: &str, ledger: &[LedgerFact]) -> Provenance {
    Evidence::new(ledger).of_text(text)
}

/// A decision's provenance: the answer that made it, and how.
pub fn of_decision(record: &DecisionRecord) -> Provenance {
    Provenance {
        turns: vec![record.answer_turn],
        source: match record.decided_by {
            DecidedBy::User | DecidedBy::UserOwnChoice => Source::Stated,
            DecidedBy::AcceptedRecommendation | DecidedBy::Delegated => {
                Source::AcceptedRecommendation
            }
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::phase::Topic;
    use crate::session::Origin;

    fn fact(statement: &str, turn: usize) -> LedgerFact {
        LedgerFact {
            topic: Topic::Purpose,
            statement: statement.into(),
            answer_turn: Some(turn),
            origin: Origin::Stated,
        }
    }

    #[test]
    fn items_are_traced_to_the_answers_that_say_them() {
        let ledger = vec![
            fact("Marketing needs short links it can track", 1),
            fact("p50 10 ms, p99 50 ms for redirects", 7),
        ];
        assert_eq!(
            of_text("Short, trackable links for marketing", &ledger).turns,
            vec![1]
        );
        assert_eq!(of_text("p99 50 ms", &ledger).turns, vec![7]);
        let invented = of_text("Supports SAML single sign-on", &ledger);
        assert!(invented.is_inferred(), "{invented:?}");
    }
}
