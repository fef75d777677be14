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

pub trait Face: Send {
    /// Shows one event (thinking and progress included: a face may draw a spinner).
    fn show(&mut self, event: &AgentEvent);
    /// Reads one line; blocks, so it is called off the async runtime.
    fn read(&mut self, expect: Expect) -> Input;
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
    while let Some(event) = handle.next_event().await {
        match event {
            AgentEvent::Waiting(expect) => {
                let (back, input) = read_off_runtime(face, expect).await?;
                face = back;
                handle.send(match input {
                    Input::Line(line) => Op::Line(line),
                    Input::Eof => Op::EndOfInput,
                });
            }
            other => face.show(&other),
        }
    }
    if let Some(task) = ctrl_c {
        task.abort();
    }
    Ok((face, handle.finish().await))
}
