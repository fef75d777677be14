//! Builds the request for a model turn, ordered from what changes least to what changes
//! every turn, so that within a phase each request starts with the previous one and a
//! server's prefix cache (OpenAI's prompt caching, llama.cpp's and vLLM's KV cache) reuses
//! it:
//!
//! 1. the system message: the base and phase prompts (the same bytes for the whole phase)
//!    and the digest of the project's other specs (the same for the whole session);
//! 2. the ledger: what earlier phases captured, folded at the phase boundary into a
//!    compact digest that stays fixed for the phase, then what this phase adds, appended in
//!    the order captured and never reordered or rewritten;
//! 3. what changes every turn: what is unknown or missing, open topics, the budget left,
//!    the exchange being answered and the task.
//!
//! Never the whole transcript: a request's size stays flat as the interview grows.

use std::fmt::Write as _;

use serde_json::json;
use specwright_core::existing::{ExistingSpec, digest_text};
use specwright_core::schema::{schema_name, turn_schema_with_ids};
use specwright_core::session::Role;
use specwright_core::{
    Basis, BasisKind, ChatMessage, DecidedBy, DecisionRecord, LedgerFact, Phase, Session, Source,
    TurnContext, TurnKind, TurnRequest,
};

use crate::error::Result;
use crate::prompts::{Prompts, phase_prompt_name};

/// How many transcript entries (questions and answers) a request carries.
pub const RECENT_EXCHANGES: usize = 1;

/// The headings of the ledger: everything before any other heading in a request's user
/// message only grows, by appending, while the phase lasts.
pub const LEDGER_HEADINGS: [&str; 2] = ["## Interview so far", "## Added in this phase"];

fn topic_list(phase: Phase) -> serde_json::Value {
    phase
        .topics()
        .iter()
        .map(|t| json!({"key": t.key(), "title": t.title()}))
        .collect()
}

/// The system message: base prompt + phase prompt, rendered only from values that stay
/// the same for the whole phase, and the digest of the project's other specs (the same
/// for the whole session).
pub fn system_message(
    prompts: &Prompts,
    session: &Session,
    existing: &[ExistingSpec],
) -> Result<String> {
    let data = json!({
        "topic": session.topic(),
        "phase": session.phase().title(),
        "topics": topic_list(session.phase()),
    });
    let base = prompts.render("system.md", &data)?;
    let phase = prompts.render(phase_prompt_name(session.phase()), &data)?;
    let mut out = format!("{}\n\n{}", base.trim_end(), phase.trim_end());
    if !existing.is_empty() {
        let _ = write!(
            out,
            "\n\n## Other specs in this project\nKeep entity and field names, field types, error codes and statuses, and design choices consistent with these, or say in the rationale why this spec differs on purpose.\n{}",
            digest_text(existing).trim_end()
        );
    }
    Ok(out)
}

/// A statement on one line, with the mark of a default the user kept.
fn statement(fact: &LedgerFact) -> String {
    let text: String = fact
        .statement
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ");
    if fact.source == Source::Accepted {
        format!("{text} (a default the user kept)")
    } else {
        text
    }
}

/// Facts folded by topic, one line per topic in the checklist's order, each fact in the
/// order captured: the compact form of what earlier phases captured.
fn facts_by_topic(out: &mut String, facts: &[&LedgerFact]) {
    if facts.is_empty() {
        return;
    }
    out.push_str("Facts by topic:\n");
    let topics = Phase::ALL.iter().flat_map(|p| p.topics());
    for topic in topics {
        let mine: Vec<String> = facts
            .iter()
            .filter(|f| f.topic == *topic)
            .map(|f| {
                let text = statement(f);
                let end = if text.ends_with(['.', '!', '?', ')']) {
                    ""
                } else {
                    "."
                };
                format!("{} {text}{end}", f.id)
            })
            .collect();
        if !mine.is_empty() {
            let _ = writeln!(out, "- {}: {}", topic.key(), mine.join(" "));
        }
    }
}

/// A decision in one line: the choice and who made it. The recommendation's own reason is
/// left out (the model wrote it, and the program writes the record); the user's is kept.
fn decision_line(d: &DecisionRecord) -> String {
    let how = match d.decided_by {
        DecidedBy::StatedInInterview => match &d.stated_in {
            Some(id) => format!("stated in {id}"),
            None => "stated in the interview".to_string(),
        },
        DecidedBy::AcceptedRecommendation => "recommended, accepted".to_string(),
        DecidedBy::Delegated => "delegated to the recommendation".to_string(),
        DecidedBy::User | DecidedBy::UserOwnChoice => {
            let reason = d.rationale.trim();
            if d.rationale_is_recommendations()
                || reason.is_empty()
                || reason == specwright_core::decision::NO_REASON
            {
                "chosen by the user".to_string()
            } else {
                format!("the user's reason: {reason}")
            }
        }
    };
    format!("- {} {}: {} ({how})", d.id(), d.area, d.choice)
}

fn answer_line(b: &Basis) -> String {
    let text: String = b.text.split_whitespace().collect::<Vec<_>>().join(" ");
    format!("- {}: {text}", b.id)
}

/// The ids the draft a revision starts from cites: in Iteration, as the draft stood when
/// the phase began (so they stay the same for the phase); in the Draft phase, which has
/// one revision, as it stands.
fn draft_cites(session: &Session) -> Vec<String> {
    if session.phase() == Phase::Iteration {
        return session.phase_start().draft_cites.clone();
    }
    session
        .draft()
        .map(|d| {
            specwright_core::items::items(d)
                .into_iter()
                .flat_map(|i| i.rests_on)
                .collect()
        })
        .unwrap_or_default()
}

/// What earlier phases captured, folded when this phase began; fixed for the whole phase.
/// A revision carries the draft, which carries the facts and answers it cites, so only
/// the others are listed beside it.
fn earlier(session: &Session, kind: TurnKind) -> String {
    let start = session.phase_start();
    let mut out = String::new();
    let ledger = &session.ledger()[..start.facts.min(session.ledger().len())];
    let decisions = &session.decisions()[..start.decisions.min(session.decisions().len())];
    let answers: Vec<Basis> = session
        .evidence()
        .into_iter()
        .filter(|b| matches!(b.kind, BasisKind::Feedback | BasisKind::Confirmation))
        .take(start.draft_basis)
        .collect();
    let folded = kind == TurnKind::Revision;
    let cites = if folded {
        draft_cites(session)
    } else {
        Vec::new()
    };
    let shown = |id: &str| !cites.iter().any(|c| c == id);
    let facts: Vec<&LedgerFact> = ledger.iter().filter(|f| shown(&f.id)).collect();
    let answers: Vec<&Basis> = answers.iter().filter(|b| shown(&b.id)).collect();
    if folded && (!ledger.is_empty() || !answers.is_empty()) {
        out.push_str("The draft below carries the facts and answers it cites; ");
        out.push_str(if facts.is_empty() && answers.is_empty() {
            "it cites them all.\n"
        } else {
            "these it does not cite:\n"
        });
    }
    facts_by_topic(&mut out, &facts);
    if !decisions.is_empty() {
        out.push_str("Decisions (id area: choice):\n");
        for d in decisions {
            let _ = writeln!(out, "{}", decision_line(d));
        }
    }
    if !answers.is_empty() {
        out.push_str("Answers at the draft (id: what the user said or did):\n");
        for b in answers {
            let _ = writeln!(out, "{}", answer_line(b));
        }
    }
    out
}

/// What this phase added to the ledger, in the order captured: facts, decisions, and
/// answers at the draft other than the one this turn processes (the task quotes it).
fn this_phase(session: &Session) -> String {
    let start = session.phase_start();
    let mut out = String::new();
    // Without their topics: the open topics say what is covered, and at the phase's end
    // these facts are folded by topic.
    for fact in session.ledger().iter().skip(start.facts) {
        let _ = writeln!(out, "- {} {}", fact.id, statement(fact));
    }
    for d in session.decisions().iter().skip(start.decisions) {
        let _ = writeln!(out, "{}", decision_line(d));
    }
    let current = session
        .unprocessed_answer()
        .and_then(|_| session.answer_id());
    for b in session
        .evidence()
        .iter()
        .filter(|b| matches!(b.kind, BasisKind::Feedback | BasisKind::Confirmation))
        .skip(start.draft_basis)
        .filter(|b| Some(&b.id) != current.as_ref())
    {
        let _ = writeln!(out, "{}", answer_line(b));
    }
    out
}

/// The ledger: earlier phases' digest, then this phase's additions. Within a phase a
/// later request's ledger starts with an earlier one's.
fn ledger(session: &Session, kind: TurnKind) -> String {
    let mut out = String::new();
    let earlier = earlier(session, kind);
    if !earlier.is_empty() {
        let _ = write!(out, "{}\n{earlier}\n", LEDGER_HEADINGS[0]);
    }
    let added = this_phase(session);
    if !added.is_empty() {
        let _ = write!(out, "{}\n{added}\n", LEDGER_HEADINGS[1]);
    }
    out
}

/// What changes from turn to turn: what is unknown or missing (a later answer may
/// resolve it), open topics and the budget left, the draft's open questions.
fn volatile(session: &Session, kind: TurnKind) -> String {
    let mut out = String::new();
    // A revision's draft lists what is still open in its own Open Questions.
    if !session.unknowns().is_empty() && matches!(kind, TurnKind::Interview | TurnKind::Draft) {
        out.push_str("Not known (the user's words):\n");
        for u in session.unknowns() {
            let _ = writeln!(out, "- [{}] {}", u.topic.key(), u.statement.trim());
        }
    }
    if !session.missing().is_empty() && kind == TurnKind::Interview {
        out.push_str("Answered in part, still missing:\n");
        for (topic, what) in session.missing() {
            let _ = writeln!(out, "- [{}] {}", topic.key(), what.trim());
        }
    }
    if kind == TurnKind::Draft {
        let uncaptured = specwright_core::dropped::uncaptured(session);
        if !uncaptured.is_empty() {
            out.push_str("Answers no fact was captured from (use them too):\n");
            for d in &uncaptured {
                let _ = writeln!(out, "- {}", d.answer.trim());
            }
        }
    }
    let open = session.open_questions();
    if !open.is_empty() && kind == TurnKind::Draft {
        out.push_str("Open questions so far:\n");
        for q in &open {
            let _ = writeln!(out, "- {q}");
        }
    }
    if kind == TurnKind::Interview {
        let open_topics: Vec<String> = session
            .open_topics()
            .iter()
            .map(|t| t.key().to_string())
            .collect();
        let _ = write!(
            out,
            "Open topics: {}.",
            if open_topics.is_empty() {
                "none".to_string()
            } else {
                open_topics.join(", ")
            }
        );
        let partial: Vec<String> = session
            .partial_topics()
            .iter()
            .map(|t| t.key().to_string())
            .collect();
        if !partial.is_empty() {
            let _ = write!(
                out,
                " Answered in part (you may follow up): {}.",
                partial.join(", ")
            );
        }
        // The questions asked so far are not listed: the open topics say what is left,
        // and the program drops a repeated question anyway. Listing them would make
        // every request of a phase longer than the one before.
        let _ = writeln!(
            out,
            " Question groups left: {}.",
            session.budget().saturating_sub(session.asked_in_phase())
        );
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
            let answer = session.unprocessed_answer_text().map(str::trim);
            let mut t = match (answer, session.document()) {
                (Some(doc), Some(name)) => format!(
                    "The user gave this document up front ({name}):\n\"\"\"\n{doc}\n\"\"\"\nCapture its facts for every topic it informs, from any phase, one fact per statement under its topic, in the user's words; record in `unknowns` what it says is not known."
                ),
                (Some(answer), None) if session.answer_delegates() => format!(
                    "The user's answer:\n\"\"\"\n{answer}\n\"\"\"\nIt leaves the choice to you: put a concrete default for each topic the questions asked about in `defaults` (numbers with units for targets); `facts` stays empty."
                ),
                (Some(answer), None) => {
                    format!("The user's answer:\n\"\"\"\n{answer}\n\"\"\"\nCapture it.")
                }
                (None, _) if session.asked_in_phase() == 0 => {
                    "This phase starts now: there is no answer yet, so `facts` is empty."
                        .to_string()
                }
                (None, _) => "There is no new answer, so `facts` is empty.".to_string(),
            };
            if session.may_ask() {
                t.push_str(" Then ask the next group of questions, or set `questions` to null.");
            } else {
                t.push_str(" The question budget of this phase is spent: set `questions` to null.");
            }
            t
        }
        TurnKind::Decision => match session.current_area() {
            Some(area) => {
                let mut t = format!("The current decision area: {}.", area.title);
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
            let id = session.answer_id().unwrap_or_default();
            let answer = session.unprocessed_answer_text().unwrap_or("").trim();
            if session.phase() == Phase::Draft {
                let asked = session
                    .last_group()
                    .map(|g| {
                        g.questions
                            .iter()
                            .map(|q| format!("- {}", q.text))
                            .collect::<Vec<_>>()
                            .join("\n")
                    })
                    .unwrap_or_default();
                format!(
                    "The current draft, as JSON:\n{draft}\n\nBefore it is shown, the user was asked about what it leaves empty:\n{asked}\n\nTheir answer ({id}):\n\"\"\"\n{answer}\n\"\"\"\nFill those fields from the answer and cite {id} in each item you fill; leave a field empty where the answer does not say. Keep every other item and its `rests_on` as it is; in `summary`, say what you filled."
                )
            } else {
                format!(
                    "The current draft, as JSON:\n{draft}\n\nThe user's feedback ({id}):\n\"\"\"\n{answer}\n\"\"\"\nRevise the draft as they ask, citing {id} in each item you add or change."
                )
            }
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
pub fn build_request(
    prompts: &Prompts,
    session: &Session,
    kind: TurnKind,
    existing: &[ExistingSpec],
) -> Result<TurnRequest> {
    build_request_with(prompts, session, kind, RECENT_EXCHANGES, existing)
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
    existing: &[ExistingSpec],
) -> Result<(TurnRequest, bool)> {
    let mut count = RECENT_EXCHANGES;
    loop {
        let request = build_request_with(prompts, session, kind, count, existing)?;
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
    existing: &[ExistingSpec],
) -> Result<TurnRequest> {
    let system = system_message(prompts, session, existing)?;
    let mut user = ledger(session, kind);
    let now = volatile(session, kind);
    if !now.is_empty() {
        let _ = write!(user, "## This turn\n{now}\n");
    }
    // Only an interview turn reads the exchange: the questions its answer replies to. A
    // decision's last exchange is the previous choice (in the ledger), and a draft's or a
    // revision's task says what it needs.
    if kind == TurnKind::Interview {
        let recent = recent(session, exchanges);
        if !recent.is_empty() {
            let _ = write!(user, "## Recent exchanges\n{recent}\n");
        }
    }
    let _ = write!(user, "## Your task\n{}", task(session, kind));
    Ok(TurnRequest {
        kind,
        schema_name: schema_name(kind, session.phase()),
        schema: turn_schema_with_ids(kind, session.phase(), &session.evidence_ids()),
        messages: vec![ChatMessage::system(system), ChatMessage::user(user)],
        context: TurnContext::with_existing(kind, session, existing),
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
