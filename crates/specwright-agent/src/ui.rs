//! The agent talks to the user only through this trait: events out, lines in. The REPL,
//! the line-mode driver and the replay harness all implement it.

use std::path::Path;

use specwright_core::{DecisionArea, DecisionRecord, DecisionTurn, Phase, QuestionGroup, Usage};

/// What the agent shows.
#[derive(Debug, Clone, Copy)]
pub enum Show<'a> {
    /// A sentence of information.
    Notice(&'a str),
    /// Something went wrong but the interview goes on.
    Warning(&'a str),
    /// Plain text the user asked for (help, status, decisions).
    Info(&'a str),
    PhaseStarted(Phase),
    Questions {
        group: &'a QuestionGroup,
        phase: Phase,
        covered: usize,
        total: usize,
    },
    Decision {
        area: &'a DecisionArea,
        turn: &'a DecisionTurn,
        number: usize,
        total: usize,
    },
    Recorded(&'a DecisionRecord),
    /// The rendered draft, with what changed when it is a revision.
    Draft {
        markdown: &'a str,
        summary: Option<&'a str>,
        /// For a revision: the diff of the spec (empty when nothing changed).
        diff: Option<&'a str>,
    },
    /// The review prompt under a shown draft.
    ReviewPrompt,
    Completed {
        spec: &'a Path,
        progress: &'a Path,
        usage: Usage,
        model_turns: usize,
        repairs: u32,
        fallback_turns: usize,
        next_steps: &'a str,
    },
    /// The session was saved and the agent stops; `resume` is the command to continue.
    Saved {
        resume: &'a str,
    },
}

/// What the agent expects the next line to be, for the prompt label.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Expect {
    /// A command at the prompt, outside an interview.
    Command,
    Answer,
    Choice,
    Review,
}

/// A line read from the user.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Input {
    Line(String),
    /// End of input (Ctrl-D, or the end of piped stdin).
    Eof,
    /// Ctrl-C at the prompt.
    Interrupted,
}

pub trait Ui {
    fn show(&mut self, what: Show<'_>);
    fn read(&mut self, expect: Expect) -> Input;
    /// The model is working (true) or done (false).
    fn thinking(&mut self, _on: bool) {}

    /// A hook the model calls as its reply arrives, for a progress display.
    fn progress_hook(&self) -> Option<specwright_llm::openai::ProgressHook> {
        None
    }
}
