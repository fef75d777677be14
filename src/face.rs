//! A face is how a person meets the agent at this terminal: the REPL on a terminal, line
//! mode on piped input. The agent runs as a task; the face shows its events and, when it
//! waits, reads a line off the async runtime (reading blocks) and sends it as an op.

use anyhow::{Result, anyhow};
use specwright_agent::{AgentEvent, AgentHandle, Expect, Op, Outcome};

/// A line read from the person.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Input {
    Line(String),
    /// End of input (Ctrl-D, or the end of piped stdin).
    Eof,
}

/// The most one answer may hold; a longer one is refused with a sentence (a 10 MB answer
/// made a 40 MB journal and a 368 MB peak before the cap).
pub const MAX_ANSWER_BYTES: usize = 64 * 1024;

pub trait Face: Send {
    /// Shows one event (thinking and progress included: a face may draw a spinner).
    fn show(&mut self, event: &AgentEvent);
    /// Reads one line; blocks, so it is called off the async runtime.
    fn read(&mut self, expect: Expect) -> Input;
    /// Why the input ended, when it was not its end but something that could not be read
    /// (one sentence naming the line); taken once.
    fn failure(&mut self) -> Option<String> {
        None
    }
}

/// An answer as the agent gets it: terminal control sequences and control characters
/// (other than newline and tab) removed, so no payload of one reaches the journal or the
/// spec.
pub fn clean_answer(line: &str) -> String {
    crate::term::sanitize(line)
}

/// Reads a line on a blocking thread and hands the face back.
pub async fn read_off_runtime(
    face: Box<dyn Face>,
    expect: Expect,
) -> Result<(Box<dyn Face>, Input)> {
    tokio::task::spawn_blocking(move || {
        let mut face = face;
        let input = face.read(expect);
        (face, input)
    })
    .await
    .map_err(|e| anyhow!("reading the input failed: {e}"))
}

/// Shows a running agent's events until it stops, answering its waits with the person's
/// lines. With `interactive`, Ctrl-C cancels a model request in flight instead of ending
/// the process. Returns the face, for the prompt to go on with, and how the agent ended.
pub async fn drive(
    mut face: Box<dyn Face>,
    mut handle: AgentHandle,
    interactive: bool,
) -> Result<(Box<dyn Face>, specwright_agent::Result<Outcome>)> {
    let ctrl_c = interactive.then(|| {
        let interrupter = handle.interrupter();
        tokio::spawn(async move {
            while tokio::signal::ctrl_c().await.is_ok() {
                interrupter.interrupt();
            }
        })
    });
    let mut failure = None;
    while let Some(event) = handle.next_event().await {
        match event {
            AgentEvent::Waiting(expect) => {
                let (back, input) = read_off_runtime(face, expect).await?;
                face = back;
                let op = match input {
                    Input::Line(line) if line.len() > MAX_ANSWER_BYTES => {
                        face.show(&AgentEvent::Warning(format!(
                            "That answer is longer than {} KiB, the most one answer may be, and was not taken; shorten it.",
                            MAX_ANSWER_BYTES / 1024
                        )));
                        // Asked again: the agent waits once more.
                        Op::Interrupt
                    }
                    Input::Line(line) => Op::Line(clean_answer(&line)),
                    Input::Eof => {
                        failure = face.failure();
                        Op::EndOfInput
                    }
                };
                handle.send(op);
            }
            other => face.show(&other),
        }
    }
    if let Some(task) = ctrl_c {
        task.abort();
    }
    let outcome = handle.finish().await;
    // The session is saved; the input that could not be read is the error.
    if let (Some(sentence), Ok(_)) = (failure, &outcome) {
        return Err(anyhow!("{sentence}"));
    }
    Ok((face, outcome))
}
