//! Serves model replies recorded in a fixture, in order, and fails loudly when the agent
//! asks for something the fixture did not record.

use std::sync::Mutex;

use async_trait::async_trait;
use specwright_core::{TurnKind, TurnRequest};

use crate::error::{ModelError, Result};
use crate::model::{ChatModel, ModelReply};

/// One recorded model reply and where it stands in its fixture.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RecordedReply {
    /// 1-based line in the fixture file.
    pub line: usize,
    /// The raw reply text, served as is (it may be invalid on purpose).
    pub content: String,
    /// The kind of turn it answers, when the fixture says.
    pub kind: Option<TurnKind>,
}

pub struct ReplayModel {
    fixture: String,
    replies: Vec<RecordedReply>,
    next: Mutex<usize>,
}

impl ReplayModel {
    pub fn new(fixture: impl Into<String>, replies: Vec<RecordedReply>) -> Self {
        ReplayModel {
            fixture: fixture.into(),
            replies,
            next: Mutex::new(0),
        }
    }

    /// How many recorded replies were not served.
    pub fn remaining(&self) -> usize {
        let next = self.next.lock().map(|n| *n).unwrap_or(usize::MAX);
        self.replies.len().saturating_sub(next)
    }
}

#[async_trait]
impl ChatModel for ReplayModel {
    fn describe(&self) -> String {
        format!("replay of {}", self.fixture)
    }

    async fn complete(&self, request: &TurnRequest) -> Result<ModelReply> {
        let mut next = self.next.lock().map_err(|_| {
            ModelError::Replay("the replay state was poisoned by an earlier panic".into())
        })?;
        let Some(reply) = self.replies.get(*next) else {
            let last = self.replies.last().map(|r| r.line).unwrap_or(0);
            return Err(ModelError::Replay(format!(
                "fixture {} ran out of model replies after line {last}: the agent asked for a {} turn in {}",
                self.fixture,
                request.kind.key(),
                request.context.phase
            )));
        };
        if let Some(kind) = reply.kind
            && kind != request.kind
        {
            return Err(ModelError::Replay(format!(
                "fixture {} line {}: it recorded a {} reply, but the agent asked for a {} turn in {}",
                self.fixture,
                reply.line,
                kind.key(),
                request.kind.key(),
                request.context.phase
            )));
        }
        *next += 1;
        Ok(ModelReply::new(reply.content.clone()))
    }
}
