//! Builds the request for a model turn: the system and phase prompts first (byte-identical
//! for every turn of a phase, so servers' prefix caches hit), then a compact digest of the
//! session and the last few exchanges. Never the whole transcript: the prompt's size stays
//! flat as the interview grows.

use std::fmt::Write as _;

use serde_json::json;
use specwright_core::schema::{schema_name, turn_schema};
use specwright_core::session::Role;
use specwright_core::{ChatMessage, Phase, Session, TurnContext, TurnKind, TurnRequest};

use crate::error::Result;
use crate::prompts::{Prompts, phase_prompt_name};

/// How many transcript entries (questions and answers) a request carries.
pub const RECENT_EXCHANGES: usize = 1;

fn topic_list(phase: Phase) -> serde_json::Value {
    phase
        .topics()
        .iter()
        .map(|t| json!({"key": t.key(), "title": t.title()}))
        .collect()
}

/// The system message: base prompt + phase prompt, rendered only from values that stay
/// the same for the whole phase.
pub fn system_message(prompts: &Prompts, session: &Session) -> Result<String> {
    let data = json!({
        "topic": session.topic(),
        "phase": session.phase().title(),
        "topics": topic_list(session.phase()),
    });
    let base = prompts.render("system.md", &data)?;
    let phase = prompts.render(phase_prompt_name(session.phase()), &data)?;
    Ok(format!("{}\n\n{}", base.trim_end(), phase.trim_end()))
}

fn digest(session: &Session, kind: TurnKind) -> String {
    let mut out = String::new();
    let _ = writeln!(
        out,
        "## Interview state\nTopic: {}\nPhase: {}",
        session.topic(),
        session.phase().title()
    );
    // Facts of earlier phases are fixed for the rest of the interview; facts of the
    // current phase grow one answer at a time.
    if !session.ledger().is_empty() {
        out.push_str("\nCaptured facts:\n");
        for fact in session.ledger() {
            let _ = writeln!(out, "- [{}] {}", fact.topic.key(), fact.statement.trim());
        }
    }
    if !session.decisions().is_empty() {
        out.push_str("\nDecisions made:\n");
        for d in session.decisions() {
            let _ = writeln!(
                out,
                "{}. {}: {} — {}",
                d.number, d.area, d.choice, d.rationale
            );
        }
    }
    if kind == TurnKind::Draft {
        let uncaptured = specwright_core::dropped::uncaptured(session);
        if !uncaptured.is_empty() {
            out.push_str("\nAnswers no fact was captured from (use them too):\n");
            for d in &uncaptured {
                let _ = writeln!(out, "- {}", d.answer.trim());
            }
        }
    }
    let open = session.open_questions();
    if !open.is_empty() && matches!(kind, TurnKind::Draft | TurnKind::Revision) {
        out.push_str("\nOpen questions so far:\n");
        for q in &open {
            let _ = writeln!(out, "- {q}");
        }
    }
    if kind == TurnKind::Interview {
        let open_topics: Vec<String> = session
            .open_topics()
            .iter()
            .map(|t| format!("`{}` ({})", t.key(), t.title()))
            .collect();
        let _ = writeln!(
            out,
            "\nOpen topics in this phase: {}",
            if open_topics.is_empty() {
                "none".to_string()
            } else {
                open_topics.join(", ")
            }
        );
        let _ = writeln!(
            out,
            "Question groups left in this phase: {}",
            session.budget().saturating_sub(session.asked_in_phase())
        );
        // The questions asked so far are not listed: the open topics say what is left,
        // and the program drops a repeated question anyway. Listing them would make
        // every request of a phase longer than the one before.
    }
    out
}

/// The last `count` messages before the user's unanswered reply (which the task quotes):
/// by default just the questions the user is answering. Earlier answers are already in
/// the digest as facts, so repeating them would only make every request longer.
fn recent(session: &Session, count: usize) -> String {
    let end = match session.unprocessed_answer() {
        Some(i) if i + 1 == session.transcript().len() => i,
        _ => session.transcript().len(),
    };
    let start = end.saturating_sub(count);
    let mut out = String::new();
    for e in &session.transcript()[start..end] {
        let who = match e.role {
            Role::Agent => "Agent",
            Role::User => "User",
        };
        let _ = writeln!(out, "{who}: {}", e.text.trim());
    }
    out
}

fn task(session: &Session, kind: TurnKind) -> String {
    match kind {
        TurnKind::Interview => {
            let mut t = match session.unprocessed_answer_text() {
                Some(answer) => format!(
                    "The user's last answer was:\n\"\"\"\n{}\n\"\"\"\nCapture its facts.",
                    answer.trim()
                ),
                None if session.asked_in_phase() == 0 => "This phase starts now; there is no new answer, so `facts` is empty.".to_string(),
                None => "The user skipped the last questions; there is no new answer, so `facts` is empty.".to_string(),
            };
            if session.may_ask() {
                t.push_str(" Then ask the next group of questions about the open topics, or set `questions` to null if every topic is covered.");
            } else {
                t.push_str(" The question budget of this phase is spent: set `questions` to null.");
            }
            t
        }
        TurnKind::Decision => match session.current_area() {
            Some(area) => {
                let mut t = format!("The current decision area is: {}.", area.title);
                if !area.hint.is_empty() {
                    let _ = write!(t, " Typical options: {}.", area.hint);
                }
                if !area.why.is_empty() {
                    let _ = write!(t, " It was proposed because: {}", area.why);
                }
                t.push_str(" Offer the options for it.");
                t
            }
            None => "Offer the options for the next decision.".to_string(),
        },
        TurnKind::Draft => "Write the draft specification now.".to_string(),
        TurnKind::Revision => {
            let draft = session.draft().map(draft_json).unwrap_or_default();
            format!(
                "The current draft, as JSON:\n{draft}\n\nThe user's feedback:\n\"\"\"\n{}\n\"\"\"\nRevise the draft.",
                session.unprocessed_answer_text().unwrap_or("").trim()
            )
        }
    }
}

/// The draft as compact JSON for the revision task.
#[expect(
    clippy::expect_used,
    reason = "a draft is strings and lists of strings, which always encode as JSON"
)]
fn draft_json(draft: &specwright_core::SpecDraft) -> String {
    serde_json::to_string(draft).expect("a draft encodes as JSON")
}

/// The request for the next model turn of `kind`.
pub fn build_request(prompts: &Prompts, session: &Session, kind: TurnKind) -> Result<TurnRequest> {
    build_request_with(prompts, session, kind, RECENT_EXCHANGES)
}

/// A rough token count of a request (about three bytes a token, erring high), to keep
/// requests under a model's context window without a tokenizer for every model.
pub fn estimate_tokens(request: &TurnRequest) -> usize {
    let text: usize = request.messages.iter().map(|m| m.content.len() + 12).sum();
    let schema = serde_json::to_string(&request.schema)
        .map(|s| s.len())
        .unwrap_or(0);
    (text + schema) / 3
}

/// The request for a turn that fits `window` tokens: the exchange window shrinks first;
/// the system prompt and the ledger digest are never dropped. Returns the request and
/// whether it still does not fit.
pub fn build_request_within(
    prompts: &Prompts,
    session: &Session,
    kind: TurnKind,
    window: Option<usize>,
) -> Result<(TurnRequest, bool)> {
    let mut count = RECENT_EXCHANGES;
    loop {
        let request = build_request_with(prompts, session, kind, count)?;
        let Some(window) = window else {
            return Ok((request, false));
        };
        let fits = estimate_tokens(&request) <= window;
        if fits || count == 0 {
            return Ok((request, !fits));
        }
        count = count.saturating_sub(2);
    }
}

pub fn build_request_with(
    prompts: &Prompts,
    session: &Session,
    kind: TurnKind,
    exchanges: usize,
) -> Result<TurnRequest> {
    let system = system_message(prompts, session)?;
    let mut user = digest(session, kind);
    let recent = recent(session, exchanges);
    if !recent.is_empty() && kind != TurnKind::Draft {
        let _ = write!(user, "\n## Recent exchanges\n{recent}");
    }
    let _ = write!(user, "\n## Your task\n{}", task(session, kind));
    Ok(TurnRequest {
        kind,
        schema_name: schema_name(kind, session.phase()),
        schema: turn_schema(kind, session.phase()),
        messages: vec![ChatMessage::system(system), ChatMessage::user(user)],
        context: TurnContext::from_session(kind, session),
    })
}

/// The request asking the model to fix its last reply.
pub fn repair_request(
    prompts: &Prompts,
    request: &TurnRequest,
    reply: &str,
    errors: &[String],
) -> Result<TurnRequest> {
    let text = prompts.render("repair.md", &json!({"errors": errors}))?;
    let mut repaired = request.clone();
    repaired.messages.push(ChatMessage::assistant(reply));
    repaired.messages.push(ChatMessage::user(text));
    Ok(repaired)
}
