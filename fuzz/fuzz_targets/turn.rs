//! The turn parser on any text, against a session at every point of a real interview: it
//! returns a turn or errors, never panics, and a turn it accepts applies to the session.
#![no_main]

use libfuzzer_sys::fuzz_target;
use specwright_core::validate::parse_turn;
use specwright_core::{Action, Event, Session, TurnKind};

const SEED: &str = include_str!("../seeds/url-shortener.jsonl");

fn events() -> Vec<Event> {
    SEED.lines()
        .filter_map(|l| serde_json::from_str(l).ok())
        .collect()
}

fuzz_target!(|data: &[u8]| {
    let Some((&pick, rest)) = data.split_first() else {
        return;
    };
    let Ok(raw) = std::str::from_utf8(rest) else {
        return;
    };
    let events = events();
    let upto = 1 + usize::from(pick) % events.len();
    let Ok(session) = Session::replay(&events[..upto]) else {
        return;
    };
    let kind = match session.next_action() {
        Action::Model(kind) => kind,
        _ => [TurnKind::Interview, TurnKind::Decision, TurnKind::Draft, TurnKind::Revision]
            [usize::from(pick) % 4],
    };
    if let Ok(turn) = parse_turn(kind, raw, &session)
        && session.next_action() == Action::Model(kind)
    {
        let mut next = session.clone();
        let applied = next.apply(&Event::ModelTurn {
            turn: Box::new(turn),
            usage: None,
            repairs: 0,
            fallback: false,
            at: session.updated_at(),
        });
        assert!(applied.is_ok(), "a validated turn did not apply: {applied:?}");
    }
});
