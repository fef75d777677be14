//! The specwright agent: the loop that drives a model and a UI through the interview,
//! the journal that makes every answer durable, and the replay of fixture transcripts.

pub mod agent;
pub mod commands;
pub mod context;
pub mod error;
pub mod fixture;
pub mod journal;
pub mod output;
pub mod prompts;
pub mod sessions;
pub mod ui;

pub use agent::{Agent, Clock, Outcome};
pub use error::{AgentError, Result};
pub use prompts::Prompts;
pub use ui::{Expect, Input, Show, Ui};
