//! specwright inside agent hosts: a Model Context Protocol server (rmcp, stdio) whose
//! tools run interviews through the agent protocol (`Op` in, `AgentEvent` out), exactly
//! as the command line's faces do. The host's own model can be the interviewer: its
//! turns are validated like any model's. Sessions are the command line's journals.

pub mod args;
pub mod factory;
pub mod host;
mod interview_tools;
pub mod lint;
pub mod live;
pub mod output;
pub mod present;
mod project_tools;
pub mod prompt;
pub mod roots;
pub mod server;
pub mod step;

pub use factory::{AgentFactory, AgentSetup, Interviewer, ProgramInterviewer, SetupError};
pub use server::{ServerOptions, SpecServer, serve_stdio};

/// Why the server could not run.
#[derive(Debug, thiserror::Error)]
pub enum McpError {
    #[error("the MCP server could not start on stdin and stdout: {0}")]
    Start(String),
    #[error("the MCP connection failed: {0}")]
    Stopped(String),
}
