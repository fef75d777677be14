//! No dropped answers: every answer the user gave in a questioning phase must become at
//! least one ledger fact (or an unknown, or be recorded as stating no requirement), and
//! once there is a draft, some item must cite one of its facts.

use std::collections::BTreeSet;

use crate::items;
use crate::phase::Phase;
use crate::session::{Role, Session};

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Dropped {
    /// Transcript index of the answer.
    pub turn: usize,
    pub phase: Phase,
    pub answer: String,
    /// One sentence: what happened to it.
    pub problem: String,
}

/// The answers that were never captured as a fact.
pub fn uncaptured(session: &Session) -> Vec<Dropped> {
    answers(session)
        .filter(|(i, _)| !session.ledger().iter().any(|f| f.answer_turn == Some(*i)))
        .filter(|(i, _)| !session.unknowns().iter().any(|u| u.answer_turn == Some(*i)))
        .filter(|(i, _)| !session.delegating_answers().contains(i))
        .filter(|(i, _)| !session.no_requirement_answers().contains(i))
        .map(|(i, e)| Dropped {
            turn: i,
            phase: e.phase,
            answer: e.text.clone(),
            problem: "no fact was captured from it".into(),
        })
        .collect()
}

/// The answers no part of the session's draft traces back to (only captured ones: the
/// others are reported by [`uncaptured`]).
pub fn unreached(session: &Session) -> Vec<Dropped> {
    match session.draft() {
        Some(draft) => unreached_in(session, draft),
        None => Vec::new(),
    }
}

/// The captured answers no item of `draft` (and no decision) cites a fact of.
pub fn unreached_in(session: &Session, draft: &crate::turn::SpecDraft) -> Vec<Dropped> {
    let mut cited: BTreeSet<String> = items::citations(draft)
        .into_iter()
        .map(|(_, id)| id)
        .collect();
    cited.extend(
        session
            .decisions()
            .iter()
            .filter_map(|d| d.stated_in.clone()),
    );
    let reached: BTreeSet<usize> = session
        .ledger()
        .iter()
        .filter(|f| cited.contains(&f.id))
        .filter_map(|f| f.answer_turn)
        .collect();
    answers(session)
        .filter(|(i, _)| session.ledger().iter().any(|f| f.answer_turn == Some(*i)))
        .filter(|(i, _)| !reached.contains(i))
        .map(|(i, e)| Dropped {
            turn: i,
            phase: e.phase,
            answer: e.text.clone(),
            problem: "it reached no part of the spec".into(),
        })
        .collect()
}

/// Both checks, for `specwright check`.
pub fn dropped_answers(session: &Session) -> Vec<Dropped> {
    let mut out = uncaptured(session);
    out.extend(unreached(session));
    out.sort_by_key(|d| d.turn);
    out
}

fn answers(session: &Session) -> impl Iterator<Item = (usize, &crate::session::Exchange)> {
    session
        .transcript()
        .iter()
        .enumerate()
        .filter(|(_, e)| e.role == Role::User && e.phase.is_questioning() && e.text != "/skip")
}
