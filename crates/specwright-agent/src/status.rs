//! What `/status` and `/decisions` print: the phase, a coverage meter over its checklist,
//! the decisions and their rationale, token usage.

use specwright_core::{Coverage, Session};

/// `/status`: the phase, a coverage meter over its checklist, decisions and usage.
pub fn status_text(session: &Session, model: &str) -> String {
    let mut out = format!(
        "Topic: {}\nPhase {} of 6: {}\n",
        session.topic(),
        session.phase().number().min(6),
        session.phase().title()
    );
    let topics = session.phase().topics();
    if !topics.is_empty() {
        let done = topics.iter().filter(|t| session.is_resolved(**t)).count();
        let bar: String = topics
            .iter()
            .map(|t| match session.coverage(*t) {
                Coverage::Covered => '#',
                Coverage::Partial => '+',
                Coverage::Skipped => '~',
                Coverage::Open => '.',
            })
            .collect();
        out.push_str(&format!(
            "Coverage: [{bar}] {done}/{} topics (question groups used: {}/{})\n",
            topics.len(),
            session.asked_in_phase(),
            session.budget()
        ));
        for t in topics {
            let mark = match session.coverage(*t) {
                Coverage::Covered => "x",
                Coverage::Partial => "+",
                Coverage::Skipped => "~",
                Coverage::Open => " ",
            };
            out.push_str(&format!("  [{mark}] {} ({})\n", t.title(), t.key()));
            for u in session.unknowns().iter().filter(|u| u.topic == *t) {
                out.push_str(&format!("      not known: {}\n", u.statement));
            }
            for (_, what) in session.missing().iter().filter(|(m, _)| m == t) {
                out.push_str(&format!("      still missing: {what}\n"));
            }
        }
        out.push_str("  ([x] covered, [+] answered in part, [~] deferred, [ ] open)\n");
    }
    out.push_str(&format!("Decisions: {}\n", session.decisions().len()));
    out.push_str(&format!(
        "Tokens: {} prompt + {} completion over {} model turns ({} repairs, {} by the built-in interviewer)\nModel: {model}\n",
        session.usage().prompt_tokens,
        session.usage().completion_tokens,
        session.model_turns(),
        session.repairs(),
        session.fallback_turns()
    ));
    out
}

/// `/decisions`: every record, with who decided.
pub fn decisions_text(session: &Session) -> String {
    if session.decisions().is_empty() {
        return "No decisions yet.\n".into();
    }
    let mut out = String::new();
    for d in session.decisions() {
        out.push_str(&format!(
            "{}. {}: {} ({})\n   Why: {}\n",
            d.number,
            d.area,
            d.choice,
            d.decided_by.label(),
            d.rationale
        ));
    }
    out
}
