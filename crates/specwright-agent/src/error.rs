use std::path::PathBuf;

use specwright_llm::ModelError;

pub type Result<T, E = AgentError> = std::result::Result<T, E>;

/// Errors of the agent loop; each message is one sentence for the user.
#[derive(Debug, thiserror::Error)]
pub enum AgentError {
    #[error(transparent)]
    Model(#[from] ModelError),
    #[error("the model's {kind} turn was still invalid after {attempts} attempts: {errors}")]
    InvalidTurn {
        kind: &'static str,
        attempts: u32,
        errors: String,
    },
    #[error("cannot write {path}: {reason}")]
    Io { path: PathBuf, reason: String },
    #[error("{0}")]
    Prompt(String),
    #[error("{0}")]
    Render(String),
    #[error("{0}")]
    Journal(String),
    #[error("{0}")]
    Fixture(String),
    #[error("{0}")]
    Topic(#[from] specwright_core::slug::TopicError),
}
