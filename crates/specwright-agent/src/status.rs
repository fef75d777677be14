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
        "Tokens: {} prompt{} + {} completion over {} model turns ({} repairs, {} by the built-in interviewer)\nModel: {model}\n",
        session.usage().prompt_tokens,
        cached_note(session.usage()),
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

/// The sections of a draft, in the order a model writes them (the fields of the draft
/// schema), with their titles in the spec.
const DRAFT_SECTIONS: [(&str, &str); 9] = [
    ("overview", "Overview"),
    ("use_cases", "Use Cases"),
    ("data_models", "Data Models"),
    ("api_contracts", "API Contracts"),
    ("error_handling", "Error Handling"),
    ("non_functional", "Non-Functional Requirements"),
    ("dependencies", "Dependencies"),
    ("testing", "Testing Strategy"),
    ("open_questions", "Open Questions"),
];

/// One line for a spinner about how a model's reply is coming along, when there is more
/// to say than "thinking": a retry ("503 from the server, retry 2 of 4 in 1.5 s") or the
/// draft section being written ("Draft: Use Cases, 2 of 9 sections").
pub fn progress_line(progress: &specwright_llm::openai::Progress) -> Option<String> {
    use specwright_llm::openai::Progress;
    match progress {
        Progress::Retrying(_) => Some(progress.line()),
        Progress::Section { key, .. } => {
            if let Some(n) = DRAFT_SECTIONS.iter().position(|(k, _)| k == key) {
                let (_, title) = DRAFT_SECTIONS[n];
                return Some(format!(
                    "Draft: {title}, {} of {} sections",
                    n + 1,
                    DRAFT_SECTIONS.len()
                ));
            }
            match key.as_str() {
                "summary" => Some("Revision: what changed".to_string()),
                "draft" => Some("Revision: the revised draft".to_string()),
                _ => None,
            }
        }
        _ => None,
    }
}

/// ` (N from the server's prompt cache)`, when the server said how many it reused.
pub fn cached_note(usage: specwright_core::Usage) -> String {
    usage
        .cached_tokens
        .map(|n| format!(" ({n} from the server's prompt cache)"))
        .unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;
    use specwright_llm::openai::{Progress, Retry, Trouble};

    #[test]
    fn cached_tokens_are_noted_only_when_the_server_reports_them() {
        let mut usage = specwright_core::Usage {
            prompt_tokens: 2006,
            completion_tokens: 300,
            cached_tokens: None,
        };
        assert_eq!(cached_note(usage), "");
        usage.cached_tokens = Some(1920);
        assert_eq!(cached_note(usage), " (1920 from the server's prompt cache)");
    }

    #[test]
    fn a_draft_section_and_a_retry_read_as_one_line() {
        let section = |key: &str| Progress::Section {
            key: key.into(),
            index: 0,
        };
        assert_eq!(
            progress_line(&section("use_cases")).as_deref(),
            Some("Draft: Use Cases, 2 of 9 sections")
        );
        assert_eq!(
            progress_line(&section("open_questions")).as_deref(),
            Some("Draft: Open Questions, 9 of 9 sections")
        );
        assert_eq!(progress_line(&section("facts")), None);
        let retry = Progress::Retrying(Retry {
            trouble: Trouble::Status(503),
            retry: 2,
            of: 4,
            delay: std::time::Duration::from_millis(1500),
        });
        assert_eq!(
            progress_line(&retry).as_deref(),
            Some("503 from the server, retry 2 of 4 in 1.5 s")
        );
        assert_eq!(progress_line(&Progress::FirstToken), None);
    }

    #[test]
    fn the_draft_sections_are_the_draft_schemas_fields_in_order() {
        let schema = specwright_core::schema::turn_schema(
            specwright_core::TurnKind::Draft,
            specwright_core::Phase::Draft,
        );
        let keys: Vec<&str> = schema["properties"]
            .as_object()
            .map(|p| p.keys().map(String::as_str).collect())
            .unwrap_or_default();
        let ours: Vec<&str> = DRAFT_SECTIONS.iter().map(|(k, _)| *k).collect();
        assert_eq!(keys, ours);
    }
}
