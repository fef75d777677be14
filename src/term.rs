//! Text for the terminal: strips control sequences from anything a model wrote, and
//! formats what the agent shows as plain text (the line-mode look; the REPL adds style).

use specwright_agent::AgentEvent;
use specwright_core::Phase;

/// Removes terminal control sequences and control characters other than newline and tab,
/// so text from a model or a file cannot drive the terminal.
pub fn sanitize(text: &str) -> String {
    specwright_render::escape::strip_controls(text)
}

pub fn phase_banner(phase: Phase) -> String {
    if phase == Phase::Complete {
        return "== Completion ==".to_string();
    }
    format!("== Phase {} of 6: {} ==", phase.number(), phase.title())
}

/// Plain-text rendering of what the agent shows. Model-written text is sanitized here.
/// Events that are not text (thinking, progress, waiting for input) render as nothing.
pub fn format_event(what: &AgentEvent) -> String {
    let s = sanitize;
    match what {
        AgentEvent::Notice(text) => format!("{}\n", s(text)),
        AgentEvent::Warning(text) => format!("warning: {}\n", s(text)),
        AgentEvent::Info(text) => s(text),
        AgentEvent::PhaseStarted(phase) => format!("\n{}\n", phase_banner(*phase)),
        AgentEvent::Questions { group, covered, total, .. } => {
            let mut out = format!("\n{}  [{covered}/{total} topics covered]\n", s(&group.title));
            for (i, q) in group.questions.iter().enumerate() {
                out.push_str(&format!("{}. {}\n", i + 1, s(&q.text)));
                if !q.why.trim().is_empty() {
                    out.push_str(&format!("   (why: {})\n", s(&q.why)));
                }
            }
            if group.questions.len() > 1 {
                out.push_str("Answer them together; start and end a multi-line answer with \"\"\".\n");
            }
            out
        }
        AgentEvent::Decision { area, turn, number, total } => {
            let mut out = format!("\nDecision {number} of {total}: {}\n{}\n", s(&area.title), s(&turn.question));
            for (i, o) in turn.options.iter().enumerate() {
                let rec = if usize::from(turn.recommended) == i + 1 { " (recommended)" } else { "" };
                out.push_str(&format!(
                    "  {}. {}{rec}\n     {}\n     + {}\n     - {}\n",
                    i + 1,
                    s(&o.name),
                    s(&o.description),
                    s(&o.gains),
                    s(&o.sacrifices)
                ));
            }
            let name = turn.recommended_option().map(|o| s(&o.name)).unwrap_or_default();
            out.push_str(&format!(
                "Recommendation: {} ({name}). {}\nChoose a number or a name (add a reason if you like: `2 because ...`), write your own choice, say \"you decide\", or press Enter for the recommendation.\n",
                turn.recommended,
                s(&turn.recommendation_reason)
            ));
            out
        }
        AgentEvent::Defaults { defaults } => {
            let mut out = String::from("\nYou left this to me. I suggest:\n");
            for d in defaults {
                out.push_str(&format!("- {}: {}\n", d.topic.title(), s(&d.statement)));
            }
            out.push_str("Press Enter to keep it, type what it should be instead, or /skip to leave it open.\n");
            out
        }
        AgentEvent::ReasonAsked { question } => format!("{}\n", s(question)),
        AgentEvent::Details { group } => {
            let mut out = format!("\n{}\n", s(&group.title));
            for (i, q) in group.questions.iter().enumerate() {
                out.push_str(&format!("{}. {}\n", i + 1, s(&q.text)));
            }
            out.push_str("Answer one line per item (start and end a multi-line answer with \"\"\"), or /skip to leave them open.\n");
            out
        }
        AgentEvent::InferredItems { items, forms } => {
            let things = if items.len() == 1 { "1 thing".to_string() } else { format!("{} things", items.len()) };
            let mut out = format!("\nThe draft adds {things} you did not say: keep, edit or drop each.\n");
            for (i, item) in items.iter().enumerate() {
                out.push_str(&format!("  {}. {}: {}\n", i + 1, s(&item.label), s(&item.text)));
            }
            out.push_str(&format!("{}\n", s(forms)));
            out
        }
        AgentEvent::ApproveQuestion => "Approve the spec? [Y/n]\n".to_string(),
        AgentEvent::EditDraft { .. } => "Edit the draft in your editor (in line mode, send the edited draft between two lines holding only \"\"\"). Saving it unchanged or empty keeps the draft as it is; the edit is taken once it passes the spec check.\n".to_string(),
        AgentEvent::Recorded(d) => format!(
            "Decision recorded: {} -> {} ({})\n",
            s(&d.area),
            s(&d.choice),
            d.decided_by.label()
        ),
        AgentEvent::Draft { markdown, summary, diff } => {
            let mut out = String::new();
            if let Some(summary) = summary {
                out.push_str(&format!("\n{}\n", s(summary)));
            }
            match diff.as_deref() {
                // A revision: the diff says what changed; /draft shows the whole spec.
                Some("") => out.push_str("The revision changed nothing in the spec.\n"),
                Some(diff) => {
                    out.push_str("\n---- changes to the spec ----\n");
                    out.push_str(&s(diff));
                    out.push_str("---- end of changes (/draft shows the whole spec) ----\n");
                }
                None => {
                    out.push_str("\n---- draft ----\n");
                    out.push_str(&s(markdown));
                    out.push_str("---- end of draft ----\n");
                }
            }
            out
        }
        AgentEvent::ReviewPrompt => "\nDoes this capture everything? Anything missing, incorrect or unclear? Any priorities to adjust?\nType your feedback to revise the draft, /edit to change it in your editor, or /approve when it is ready.\n".to_string(),
        AgentEvent::Completed { spec, progress, usage, model_turns, repairs, fallback_turns, next_steps, .. } => {
            let mut extra = String::new();
            if *repairs > 0 || *fallback_turns > 0 {
                extra = format!(" ({repairs} repairs, {fallback_turns} by the built-in interviewer)");
            }
            format!(
                "\nSpec written: {}\nProgress note: {}\nTokens: {} prompt{} + {} completion over {model_turns} model turns{extra}\n\nNext steps:\n{next_steps}",
                spec.display(),
                progress.display(),
                usage.prompt_tokens,
                specwright_agent::status::cached_note(*usage),
                usage.completion_tokens,
            )
        }
        AgentEvent::Saved { resume } => format!("\nSession saved. Resume with: {resume}\n"),
        AgentEvent::Thinking(_) | AgentEvent::Progress(_) | AgentEvent::Waiting(_) => String::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use specwright_core::{DecisionArea, DecisionOption, DecisionTurn, DraftItem, ItemPath};

    #[test]
    fn the_recommendation_reads_as_its_own_sentence() {
        let option = |n: &str| DecisionOption {
            name: n.into(),
            description: "d".into(),
            gains: "g".into(),
            sacrifices: "s".into(),
        };
        let text = format_event(&AgentEvent::Decision {
            area: DecisionArea {
                key: "api_style".into(),
                title: "API style".into(),
                hint: String::new(),
                why: String::new(),
            },
            turn: DecisionTurn {
                question: "Which?".into(),
                options: vec![option("REST"), option("gRPC")],
                recommended: 1,
                recommendation_reason: "You already run REST services.".into(),
                proposed_areas: vec![],
                stated_in: None,
            },
            number: 2,
            total: 7,
        });
        assert!(
            text.contains("Recommendation: 1 (REST). You already run REST services.\n"),
            "{text}"
        );
        assert!(!text.contains("because You"), "{text}");
    }

    #[test]
    fn the_new_questions_to_the_person_are_shown() {
        let items = vec![DraftItem {
            path: ItemPath::Goal(1),
            label: "Goal".into(),
            text: "SAML \u{1b}[31msign-on".into(),
            rests_on: vec![],
        }];
        let text = format_event(&AgentEvent::InferredItems {
            items,
            forms: "Press Enter to keep them all.".into(),
        });
        assert_eq!(
            text,
            "\nThe draft adds 1 thing you did not say: keep, edit or drop each.\n  1. Goal: SAML sign-on\nPress Enter to keep them all.\n"
        );
        assert_eq!(
            format_event(&AgentEvent::ApproveQuestion),
            "Approve the spec? [Y/n]\n"
        );
        assert!(
            format_event(&AgentEvent::ReasonAsked {
                question: "What makes Redis better here than PostgreSQL?".into()
            })
            .starts_with("What makes Redis")
        );
    }

    #[test]
    fn control_sequences_are_stripped() {
        assert_eq!(sanitize("a\u{1b}[31mred\u{1b}[0m b"), "ared b");
        assert_eq!(
            sanitize("\u{1b}]8;;http://evil\u{7}link\u{1b}]8;;\u{7}"),
            "link"
        );
        assert_eq!(sanitize("x\u{1b}]52;c;ZXZpbA==\u{1b}\\y"), "xy");
        assert_eq!(sanitize("bell\u{7} nul\u{0} c1\u{9b}2Jz"), "bell nul c1z");
        assert_eq!(
            sanitize("keep\nlines\tand tabs\r\n"),
            "keep\nlines\tand tabs\n"
        );
        assert_eq!(sanitize("unicode ✓ — fine"), "unicode ✓ — fine");
    }
}
