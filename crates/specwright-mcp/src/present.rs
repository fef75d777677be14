//! What the host shows: the agent's events as markdown (the question group, the decision
//! with its options and recommendation, the draft, "Spec written to ..."), and the same
//! things as structured content. Everything a model or a file wrote is stripped of
//! terminal control sequences first, since hosts show it in a terminal.

use std::fmt::Write as _;

use specwright_agent::{AgentEvent, Expect, ProjectLayout};
use specwright_core::{
    DecisionArea, DecisionRecord, DecisionTurn, Pending, Phase, QuestionGroup, Session,
};
use specwright_render::escape::strip_controls;

use crate::output::{
    CoverageOut, DecisionOut, DraftOut, ExpectOut, Note, OptionOut, PhaseOut, QuestionOut,
    QuestionsOut, RecordedOut,
};

fn s(text: &str) -> String {
    strip_controls(text)
}

pub fn phase_out(phase: Phase) -> PhaseOut {
    PhaseOut {
        key: phase.key().to_string(),
        title: phase.title().to_string(),
        number: phase.number(),
    }
}

pub fn expect_out(expect: Expect) -> Option<ExpectOut> {
    match expect {
        Expect::Answer => Some(ExpectOut::Answer),
        Expect::Choice => Some(ExpectOut::Choice),
        Expect::Review => Some(ExpectOut::Review),
        Expect::Command => None,
    }
}

pub fn phase_heading(phase: Phase) -> String {
    if phase == Phase::Complete {
        return "## Completion".to_string();
    }
    format!("## Phase {} of 6: {}", phase.number(), phase.title())
}

pub fn questions_md(group: &QuestionGroup, covered: usize, total: usize) -> String {
    let mut out = format!(
        "**{}** ({covered} of {total} topics covered)\n\n",
        s(&group.title)
    );
    for (i, q) in group.questions.iter().enumerate() {
        let _ = writeln!(out, "{}. {}", i + 1, s(&q.text));
        if !q.why.trim().is_empty() {
            let _ = writeln!(out, "   _Why: {}_", s(q.why.trim()));
        }
    }
    if group.questions.len() > 1 {
        out.push_str("\nAnswer them together in one reply.\n");
    }
    out
}

pub fn questions_out(group: &QuestionGroup, covered: usize, total: usize) -> QuestionsOut {
    QuestionsOut {
        title: s(&group.title),
        questions: group
            .questions
            .iter()
            .map(|q| QuestionOut {
                text: s(&q.text),
                why: s(&q.why),
                topics: q.topics.iter().map(|t| t.key().to_string()).collect(),
            })
            .collect(),
        covered,
        total,
    }
}

pub fn decision_md(
    area: &DecisionArea,
    turn: &DecisionTurn,
    number: usize,
    total: usize,
) -> String {
    let mut out = format!(
        "### Decision {number} of {total}: {}\n\n{}\n\n",
        s(&area.title),
        s(&turn.question)
    );
    for (i, o) in turn.options.iter().enumerate() {
        let rec = if usize::from(turn.recommended) == i + 1 {
            " (recommended)"
        } else {
            ""
        };
        let _ = writeln!(
            out,
            "{}. **{}**{rec}: {}",
            i + 1,
            s(&o.name),
            s(&o.description)
        );
        let _ = writeln!(out, "   - Gains: {}", s(&o.gains));
        let _ = writeln!(out, "   - Sacrifices: {}", s(&o.sacrifices));
    }
    let name = turn
        .recommended_option()
        .map(|o| s(&o.name))
        .unwrap_or_default();
    let mut reason = s(turn.recommendation_reason.trim());
    if !reason.ends_with(['.', '!', '?']) {
        reason.push('.');
    }
    let _ = write!(
        out,
        "\n**Recommendation:** {}. {name}, because {reason}\n\nReply with an option's number or name (a reason may follow, e.g. `2 because we run it already`), your own choice, or an empty reply to take the recommendation.\n",
        turn.recommended,
    );
    out
}

pub fn decision_out(
    area: &DecisionArea,
    turn: &DecisionTurn,
    number: usize,
    total: usize,
) -> DecisionOut {
    DecisionOut {
        area: s(&area.title),
        number,
        total,
        question: s(&turn.question),
        options: turn
            .options
            .iter()
            .enumerate()
            .map(|(i, o)| OptionOut {
                number: i + 1,
                name: s(&o.name),
                description: s(&o.description),
                gains: s(&o.gains),
                sacrifices: s(&o.sacrifices),
                recommended: usize::from(turn.recommended) == i + 1,
            })
            .collect(),
        recommended: usize::from(turn.recommended),
        recommendation_reason: s(&turn.recommendation_reason),
    }
}

pub const REVIEW_PROMPT: &str = "Does this capture everything? Anything missing, incorrect or unclear? Any priorities to adjust?\n\nReply with feedback to revise the draft, or `/approve` when it is ready.\n";

pub fn draft_md(markdown: &str, summary: Option<&str>, diff: Option<&str>) -> String {
    let mut out = String::new();
    if let Some(summary) = summary {
        let _ = write!(out, "{}\n\n", s(summary));
    }
    match diff {
        Some("") => out.push_str("The revision changed nothing in the spec.\n"),
        Some(diff) => {
            let _ = write!(
                out,
                "Changes to the spec (`/draft` shows all of it):\n\n```diff\n{}```\n",
                s(diff)
            );
        }
        None => {
            let _ = write!(out, "---\n\n{}\n---\n", s(markdown).trim_end());
        }
    }
    out
}

pub fn draft_out(markdown: &str, summary: Option<&str>, diff: Option<&str>) -> DraftOut {
    DraftOut {
        markdown: s(markdown),
        summary: summary.map(s),
        diff: diff.map(s),
    }
}

pub fn recorded_out(d: &DecisionRecord) -> RecordedOut {
    RecordedOut {
        number: d.number,
        area: s(&d.area),
        choice: s(&d.choice),
        rationale: s(&d.rationale),
        decided_by: d.decided_by.label().to_string(),
    }
}

/// Text in a fence that no line of it can close.
pub fn fenced(text: &str) -> String {
    let text = s(text);
    let mut fence = "```".to_string();
    while text.contains(&fence) {
        fence.push('`');
    }
    format!("{fence}text\n{}\n{fence}\n", text.trim_end())
}

/// One event as markdown, or `None` for events that show nothing (thinking, progress,
/// waiting for input).
pub fn event_md(event: &AgentEvent, layout: &ProjectLayout) -> Option<String> {
    Some(match event {
        AgentEvent::Notice(text) => format!("{}\n", s(text)),
        AgentEvent::Warning(text) => format!("> **Warning:** {}\n", s(text)),
        AgentEvent::Info(text) => fenced(text),
        AgentEvent::PhaseStarted(phase) => format!("{}\n", phase_heading(*phase)),
        AgentEvent::Questions {
            group,
            covered,
            total,
            ..
        } => questions_md(group, *covered, *total),
        AgentEvent::Decision {
            area,
            turn,
            number,
            total,
        } => decision_md(area, turn, *number, *total),
        AgentEvent::Recorded(d) => format!(
            "Decision recorded: {} → **{}** ({}).\n",
            s(&d.area),
            s(&d.choice),
            d.decided_by.label()
        ),
        AgentEvent::Draft {
            markdown,
            summary,
            diff,
        } => draft_md(markdown, summary.as_deref(), diff.as_deref()),
        AgentEvent::ReviewPrompt => REVIEW_PROMPT.to_string(),
        AgentEvent::Completed {
            spec,
            files,
            next_steps,
            ..
        } => {
            let mut out = format!("**Spec written to {}**\n\n", layout.relative(spec));
            if files.len() > 1 {
                out.push_str("Files written:\n");
                for f in files {
                    let _ = writeln!(out, "- {f}");
                }
                out.push('\n');
            }
            let _ = write!(out, "Next steps:\n{next_steps}");
            out
        }
        AgentEvent::Saved { resume } => format!(
            "Session saved. Continue it with `spec_resume`, or at a terminal with `{}`.\n",
            s(resume)
        ),
        AgentEvent::Thinking(_) | AgentEvent::Progress(_) | AgentEvent::Waiting(_) => {
            return None;
        }
    })
}

/// The note an event leaves in the structured content, if any.
pub fn event_note(event: &AgentEvent) -> Option<Note> {
    let (kind, text) = match event {
        AgentEvent::Notice(t) => ("notice", s(t)),
        AgentEvent::Warning(t) => ("warning", s(t)),
        AgentEvent::Info(t) => ("info", s(t)),
        AgentEvent::PhaseStarted(p) => ("phase", p.title().to_string()),
        _ => return None,
    };
    Some(Note {
        kind: kind.to_string(),
        text,
    })
}

/// What the session waits for from the person, as markdown (for `spec_status`).
pub fn pending_md(session: &Session) -> Option<String> {
    match session.pending()? {
        Pending::Questions(group) => {
            let topics = session.phase().topics();
            let covered = topics.iter().filter(|t| session.is_resolved(**t)).count();
            Some(questions_md(group, covered, topics.len()))
        }
        Pending::Decision { area, turn } => Some(decision_md(
            area,
            turn,
            session.next_area() + 1,
            session.areas().len(),
        )),
        Pending::Review => Some(REVIEW_PROMPT.to_string()),
    }
}

pub fn coverage(session: &Session) -> Vec<CoverageOut> {
    session
        .phase()
        .topics()
        .iter()
        .map(|t| CoverageOut {
            key: t.key().to_string(),
            title: t.title().to_string(),
            state: if session.is_covered(*t) {
                "covered"
            } else if session.is_resolved(*t) {
                "skipped"
            } else {
                "open"
            }
            .to_string(),
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use specwright_core::{DecisionOption, Question, Topic};

    #[test]
    fn a_decision_shows_every_option_and_the_recommendation() {
        let area = DecisionArea {
            key: "api_style".into(),
            title: "API style".into(),
            hint: String::new(),
            why: String::new(),
        };
        let option = |name: &str| DecisionOption {
            name: name.into(),
            description: format!("{name} it is."),
            gains: "speed".into(),
            sacrifices: "\u{1b}[31mnothing".into(),
        };
        let turn = DecisionTurn {
            question: "How do clients call it?".into(),
            options: vec![option("REST"), option("gRPC")],
            recommended: 1,
            recommendation_reason: "every client speaks HTTP".into(),
            proposed_areas: vec![],
        };
        insta::assert_snapshot!(decision_md(&area, &turn, 2, 7));
    }

    #[test]
    fn a_question_group_numbers_its_questions() {
        let group = QuestionGroup {
            title: "Users".into(),
            questions: vec![
                Question {
                    text: "Who uses it?".into(),
                    why: "Use cases follow from users.".into(),
                    topics: vec![Topic::Users],
                },
                Question {
                    text: "What do they do?".into(),
                    why: String::new(),
                    topics: vec![Topic::UseCases],
                },
            ],
        };
        insta::assert_snapshot!(questions_md(&group, 1, 5));
    }

    #[test]
    fn a_fence_is_never_closed_by_its_content() {
        assert_eq!(fenced("a\n```\nb"), "````text\na\n```\nb\n````\n");
    }
}
