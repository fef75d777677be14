//! The specwright agent: a task that takes ops and emits events (the protocol every face
//! speaks), drives a model through the interview, journals every event so each answer is
//! durable, and writes the spec. Also the fixture transcripts it is replayed from in CI.

pub mod agent;
pub mod commands;
pub mod context;
pub mod error;
pub mod existing;
pub mod files;
pub mod fixture;
pub mod journal;
pub mod layout;
pub mod lock;
pub mod outputs;
pub mod prompts;
pub mod protocol;
pub mod secrets;
pub mod status;
pub mod store;

pub use agent::{Agent, AgentDeps, AgentOptions, Clock, Document, TranscriptSink};
pub use error::{AgentError, Result};
pub use layout::ProjectLayout;
pub use prompts::Prompts;
pub use protocol::{AgentEvent, AgentHandle, Expect, Interrupter, Op, Outcome};
