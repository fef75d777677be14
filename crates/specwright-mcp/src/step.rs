//! The result of a call that drove a session: what the agent said since the last call,
//! and what it waits for now, as markdown and as a [`StepOut`].

use std::fmt::Write as _;

use specwright_agent::AgentEvent;
use specwright_core::MessageRole;
use specwright_render::escape::strip_controls;

use crate::live::{Ending, Live, PendingTurn, State};
use crate::output::{MessageOut, StepOut, StepStatus, TurnRequestOut};
use crate::present::{
    decision_out, draft_out, event_md, event_note, expect_out, phase_out, questions_out,
    recorded_out,
};

/// A call's result: markdown for the host, structured content, and whether it is an
/// error result.
pub struct Step {
    pub markdown: String,
    pub out: Option<StepOut>,
    pub is_error: bool,
}

fn role(r: MessageRole) -> &'static str {
    match r {
        MessageRole::System => "system",
        MessageRole::User => "user",
        MessageRole::Assistant => "assistant",
    }
}

fn turn_request(live: &Live, pending: &PendingTurn) -> TurnRequestOut {
    let request = &pending.ask.request;
    TurnRequestOut {
        kind: request.kind.key().to_string(),
        schema_name: request.schema_name.clone(),
        schema: request.schema.clone(),
        messages: request
            .messages
            .iter()
            .map(|m| MessageOut {
                role: role(m.role).to_string(),
                content: m.content.clone(),
            })
            .collect(),
        state: serde_json::to_value(&request.context).unwrap_or_default(),
        attempt: pending.attempt,
        max_attempts: live.max_attempts,
        errors: pending.errors.clone(),
    }
}

/// The request for the host's model, in words: what to write, the instructions, the
/// state and the schema. Not for the person.
fn turn_md(live: &Live, pending: &PendingTurn) -> String {
    let request = &pending.ask.request;
    let mut out = format!(
        "specwright needs the next turn from you, the interviewer: {} turn (attempt {} of {}). This is for you, not for the person: do not show it. Write one JSON object that matches the schema below, following the instructions, and submit it as `turn` to `spec_turn` with session_id `{}`. specwright validates it, records it, and returns what to show the person.\n",
        request.kind.with_article(),
        pending.attempt,
        live.max_attempts,
        live.id
    );
    for m in &request.messages {
        let heading = match m.role {
            MessageRole::System => "Instructions",
            MessageRole::User => "Interview state and task",
            MessageRole::Assistant => "Your previous turn",
        };
        // Hosts may show tool output in a terminal: what the person typed or a file held
        // reaches it without control sequences.
        let _ = write!(
            out,
            "\n### {heading}\n\n{}\n",
            strip_controls(m.content.trim_end())
        );
    }
    let schema = serde_json::to_string(&request.schema).unwrap_or_default();
    let _ = write!(
        out,
        "\n### Schema `{}`\n\n```json\n{schema}\n```\n",
        request.schema_name
    );
    out
}

/// The error result for a turn that failed validation: the repair message the agent
/// would send a model, and how to resubmit.
fn repair_md(live: &Live, pending: &PendingTurn) -> String {
    let repair = pending
        .ask
        .request
        .messages
        .last()
        .map(|m| strip_controls(m.content.trim_end()))
        .unwrap_or_default();
    format!(
        "specwright refused the turn (attempt {} of {} failed validation).\n\n{repair}\n\nSubmit the corrected object as `turn` to `spec_turn` with session_id `{}`; the schema and instructions are those of the request you answered.\n",
        pending.attempt - 1,
        live.max_attempts,
        live.id
    )
}

/// The step after a call. `repair` marks a call that submitted a turn: a request to fix
/// it comes back as an error result.
pub fn take_step(live: &mut Live, submitted_turn: bool) -> Step {
    let mut out = StepOut {
        session_id: live.id.to_string(),
        topic: strip_controls(&live.topic),
        interviewer: live.interviewer,
        phase: phase_out(live.phase),
        status: StepStatus::Saved,
        expect: None,
        notes: Vec::new(),
        questions: None,
        decision: None,
        draft: None,
        recorded: Vec::new(),
        completed: None,
        turn_request: None,
        resume_command: live.resume_command.clone(),
    };
    // A turn request is for the host's model only: what the person should see stays
    // queued for the next result that is shown to them.
    if let State::Turn(pending) = &live.state {
        out.status = StepStatus::TurnNeeded;
        out.turn_request = Some(turn_request(live, pending));
        if submitted_turn && pending.attempt > 1 {
            return Step {
                markdown: repair_md(live, pending),
                out: Some(out),
                is_error: true,
            };
        }
        return Step {
            markdown: turn_md(live, pending),
            out: Some(out),
            is_error: false,
        };
    }
    let mut markdown = String::new();
    for event in std::mem::take(&mut live.events) {
        if let Some(md) = event_md(&event, &live.layout) {
            if !markdown.is_empty() {
                markdown.push('\n');
            }
            markdown.push_str(&md);
        }
        if let Some(note) = event_note(&event) {
            out.notes.push(note);
        }
        match &event {
            AgentEvent::Questions {
                group,
                covered,
                total,
                ..
            } => out.questions = Some(questions_out(group, *covered, *total)),
            AgentEvent::Decision {
                area,
                turn,
                number,
                total,
            } => out.decision = Some(decision_out(area, turn, *number, *total)),
            AgentEvent::Draft {
                markdown,
                summary,
                diff,
            } => out.draft = Some(draft_out(markdown, summary.as_deref(), diff.as_deref())),
            AgentEvent::Recorded(d) => out.recorded.push(recorded_out(d)),
            _ => {}
        }
    }
    out.completed = live.completed.clone();
    let is_error = match &live.state {
        State::Reply(expect) => {
            out.status = StepStatus::WaitingForReply;
            out.expect = expect_out(*expect);
            false
        }
        State::Ended(Ending::Completed) => {
            out.status = StepStatus::Completed;
            false
        }
        // `Saved` came with the agent's own "Session saved" event.
        State::Ended(Ending::Saved) | State::Busy | State::Turn(_) => false,
        State::Ended(Ending::Failed(error)) => {
            let sentence = format!(
                "The interview stopped: {}. Everything answered so far is saved; continue with `spec_resume` (session_id `{}`) or at a terminal with `{}`.",
                strip_controls(error),
                live.id,
                live.resume_command
            );
            markdown = if markdown.is_empty() {
                sentence
            } else {
                format!("{sentence}\n\n{markdown}")
            };
            true
        }
    };
    if out.completed.is_some() && out.status != StepStatus::Completed {
        out.status = StepStatus::Completed;
    }
    Step {
        markdown,
        out: (!is_error).then_some(out),
        is_error,
    }
}
