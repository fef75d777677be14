//! No dropped answers: every answer the user gave in a questioning phase must become at
//! least one ledger fact (or be recorded as stating no requirement), and once there is a
//! draft, some part of the spec must trace back to it.

use std::collections::BTreeSet;

use crate::phase::Phase;
use crate::session::{Role, Session};
use crate::twin;

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

/// The captured answers no part of `draft` traces back to.
pub fn unreached_in(session: &Session, draft: &crate::turn::SpecDraft) -> Vec<Dropped> {
    let twin = twin::build(session, draft, &[], &[]);
    let value = twin_value(&twin);
    let mut reached = BTreeSet::new();
    collect_turns(&value, &mut reached);
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

/// The twin as a JSON value, to collect its provenance.
#[expect(
    clippy::expect_used,
    reason = "the twin is strings, numbers and lists, which always encode as JSON"
)]
fn twin_value(twin: &twin::SpecTwin) -> serde_json::Value {
    serde_json::to_value(twin).expect("the twin encodes as JSON")
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

fn collect_turns(value: &serde_json::Value, out: &mut BTreeSet<usize>) {
    match value {
        serde_json::Value::Object(map) => {
            if let Some(serde_json::Value::Array(turns)) =
                map.get("provenance").and_then(|p| p.get("turns"))
            {
                out.extend(turns.iter().filter_map(|t| t.as_u64()).map(|t| t as usize));
            }
            map.values().for_each(|v| collect_turns(v, out));
        }
        serde_json::Value::Array(items) => items.iter().for_each(|v| collect_turns(v, out)),
        _ => {}
    }
}
