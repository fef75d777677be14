//! The `spec` prompt: the instructions that make a host run the interview through the
//! tools. Hosts list it as a slash command (Claude Code: `/mcp__specwright__spec`).

use crate::factory::ProgramInterviewer;

/// The prompt's text. The interviewer is the host's own model unless specwright has an
/// LLM configured (its offline interviewer asks fixed questions, a host model asks better
/// ones).
pub fn spec_prompt(topic: Option<&str>, program: Option<&ProgramInterviewer>) -> String {
    let topic = topic
        .map(|t| {
            specwright_render::escape::strip_controls(t)
                .trim()
                .to_string()
        })
        .filter(|t| !t.is_empty());
    let host = !program.is_some_and(|p| p.is_llm);
    let mut out = String::from(
        "Run a specwright requirements interview with me. specwright enforces the workflow in code (phases, checklist coverage, question budgets, decision records, the spec's structure) and writes the spec itself; do not write code or the spec during the interview.\n\n",
    );
    match &topic {
        Some(t) => out.push_str(&format!(
            "The topic: {t}\nSome hosts pass only the first word of a prompt argument: if the topic looks cut short, ask me for the whole topic before you start.\n\n"
        )),
        None => out.push_str("Ask me what the spec is about before you start.\n\n"),
    }
    out.push_str("How to run it:\n");
    if host {
        out.push_str(
            "1. Call `spec_start` with the whole `topic` and `interviewer: \"host\"`: you are the interviewer, and specwright checks every turn you write.\n",
        );
    } else {
        let describe = program
            .map(|p| p.describe.as_str())
            .unwrap_or("its own model");
        out.push_str(&format!(
            "1. Call `spec_start` with the whole `topic` (interviewer \"program\": specwright's configured model, {describe}, asks the questions).\n"
        ));
    }
    out.push_str(
        "2. When a result's `status` is `waiting_for_reply`, show me its markdown exactly as it is (questions, decision options with the recommendation, or the draft), wait for my reply, and pass it unchanged as `text` to `spec_reply` with the `session_id`. Never answer for me, summarise, or skip ahead. An empty reply takes the recommendation at a decision; `/skip`, `/back`, `/status` and `/approve` go through `spec_reply` too.\n",
    );
    if host {
        out.push_str(
            "3. When a result's `status` is `turn_needed`, do not show it to me: write the turn it asks for (one JSON object that matches its schema, following its instructions and its state) and submit it as `turn` to `spec_turn`. If `spec_turn` answers with an error listing problems, fix them and submit again.\n",
        );
    } else {
        out.push_str(
            "3. You only relay: specwright's interviewer writes the questions. (A result with `status` `turn_needed` appears only for sessions started with interviewer \"host\".)\n",
        );
    }
    out.push_str(
        "4. When the status is `completed`, tell me where the spec was written (the result says \"Spec written to ...\") and stop; do not edit the files specwright wrote.\n5. If a call returns an error, tell me its sentence. A saved session continues with `spec_resume`; `spec_sessions` lists the sessions and `spec_status` shows where one stands.\n",
    );
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn without_an_llm_the_host_interviews() {
        let offline = ProgramInterviewer {
            describe: "the built-in offline interviewer".into(),
            is_llm: false,
        };
        let text = spec_prompt(Some("billing"), Some(&offline));
        assert!(text.contains("interviewer: \"host\""), "{text}");
        assert!(text.contains("The topic: billing\n"), "{text}");
        assert!(text.contains("looks cut short"), "{text}");
        let llm = ProgramInterviewer {
            describe: "gpt-4o-mini at https://api.openai.com/v1".into(),
            is_llm: true,
        };
        let text = spec_prompt(None, Some(&llm));
        assert!(text.contains("interviewer \"program\""), "{text}");
        assert!(!text.contains("interviewer: \"host\""), "{text}");
        assert!(text.contains("Ask me what the spec is about"), "{text}");
    }
}
