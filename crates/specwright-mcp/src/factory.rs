//! What only the binary knows: how the user's configuration turns into an agent. The
//! server asks through this trait, so this crate holds no configuration code.

use std::path::Path;
use std::sync::Arc;

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};
use specwright_agent::{AgentDeps, AgentOptions, ProjectLayout};
use specwright_llm::ChatModel;

/// An error the factory reports; its message is one sentence for the host.
pub type SetupError = Box<dyn std::error::Error + Send + Sync>;

/// Who proposes the interview's turns.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum Interviewer {
    /// specwright's own interviewer: the configured LLM, or the built-in offline one.
    Program,
    /// The host's model, through `spec_turn`.
    Host,
}

impl Interviewer {
    pub fn key(self) -> &'static str {
        match self {
            Interviewer::Program => "program",
            Interviewer::Host => "host",
        }
    }

    /// Parses a tool argument; `None` for anything else.
    pub fn parse(text: &str) -> Option<Interviewer> {
        match text.trim().to_ascii_lowercase().as_str() {
            "program" => Some(Interviewer::Program),
            "host" => Some(Interviewer::Host),
            _ => None,
        }
    }
}

/// What `interviewer: "program"` means in a project.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ProgramInterviewer {
    /// For people, e.g. "the built-in offline interviewer" or "gpt-4o-mini at ...".
    pub describe: String,
    /// Whether an LLM is configured (otherwise the built-in offline interviewer asks).
    pub is_llm: bool,
}

/// An agent's parts for one session.
pub struct AgentSetup {
    pub deps: AgentDeps,
    pub options: AgentOptions,
}

/// Builds agents from the user's configuration.
pub trait AgentFactory: Send + Sync + 'static {
    /// What the program's interviewer is in the project at `root`.
    fn program_interviewer(&self, root: &Path) -> Result<ProgramInterviewer, SetupError>;

    /// The agent's parts for a session in `layout`. With `host`, that model proposes the
    /// turns in place of the configured one; everything else (prompts, templates, the
    /// fallback interviewer) comes from the configuration as for the command line.
    fn setup(
        &self,
        layout: &ProjectLayout,
        host: Option<Arc<dyn ChatModel>>,
    ) -> Result<AgentSetup, SetupError>;
}
