//! The one trait every provider implements: given a turn request, return the raw reply.
//! Validation and repair happen in the agent, so every provider is held to the same rules.

use async_trait::async_trait;
use specwright_core::{TurnRequest, Usage};

use crate::error::Result;

/// A model's raw reply to one request.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ModelReply {
    /// The reply text: JSON, or text with JSON in it.
    pub content: String,
    pub usage: Option<Usage>,
}

impl ModelReply {
    pub fn new(content: impl Into<String>) -> Self {
        ModelReply {
            content: content.into(),
            usage: None,
        }
    }
}

#[async_trait]
pub trait ChatModel: Send + Sync {
    /// What the user is talking to, for the banner and `/status`, e.g. "gpt-4o-mini at https://api.openai.com/v1".
    fn describe(&self) -> String;

    /// Asks for one turn. Transport retries and output-format fallbacks happen inside.
    async fn complete(&self, request: &TurnRequest) -> Result<ModelReply>;

    /// Where to report how a reply is coming along (for a spinner); models that do not
    /// stream ignore it.
    fn set_progress(&self, _hook: crate::openai::ProgressHook) {}
}
