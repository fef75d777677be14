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
            out.push_str(&format!(
                "Recommendation: {}, because {}\nChoose a number or a name (add a reason if you like), write your own choice, or press Enter for the recommendation.\n",
                turn.recommended,
                s(&turn.recommendation_reason)
            ));
            out
        }
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
        AgentEvent::ReviewPrompt => "\nDoes this capture everything? Anything missing, incorrect or unclear? Any priorities to adjust?\nType your feedback to revise the draft, or /approve when it is ready.\n".to_string(),
        AgentEvent::Completed { spec, progress, usage, model_turns, repairs, fallback_turns, next_steps, .. } => {
            let mut extra = String::new();
            if *repairs > 0 || *fallback_turns > 0 {
                extra = format!(" ({repairs} repairs, {fallback_turns} by the built-in interviewer)");
            }
            format!(
                "\nSpec written: {}\nProgress note: {}\nTokens: {} prompt + {} completion over {model_turns} model turns{extra}\n\nNext steps:\n{next_steps}",
                spec.display(),
                progress.display(),
                usage.prompt_tokens,
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
