//! Serves the model replies recorded in a fixture transcript, in order, and fails loudly
//! when the agent asks for something the fixture did not record.
//!
//! The model and the scripted user share one [`Script`], so a fixture's order of model
//! replies and user lines is enforced, not only the order within each.

use std::collections::VecDeque;
use std::sync::{Arc, Mutex};

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

/// One step of a transcript.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Entry {
    Model(RecordedReply),
    User { line: usize, text: String },
}

impl Entry {
    pub fn line(&self) -> usize {
        match self {
            Entry::Model(r) => r.line,
            Entry::User { line, .. } => *line,
        }
    }
}

/// The steps of a fixture not served yet, and the line of the last one served.
#[derive(Debug, Default)]
pub struct Script {
    pub name: String,
    pub entries: VecDeque<Entry>,
    pub last_line: usize,
}

pub type SharedScript = Arc<Mutex<Script>>;

impl Script {
    pub fn shared(name: impl Into<String>, entries: Vec<Entry>) -> SharedScript {
        Arc::new(Mutex::new(Script {
            name: name.into(),
            entries: entries.into(),
            last_line: 0,
        }))
    }
}

pub struct ReplayModel {
    script: SharedScript,
}

impl ReplayModel {
    pub fn new(script: SharedScript) -> Self {
        ReplayModel { script }
    }
}

#[async_trait]
impl ChatModel for ReplayModel {
    fn describe(&self) -> String {
        let name = self
            .script
            .lock()
            .map(|s| s.name.clone())
            .unwrap_or_default();
        format!("a replay of {name}")
    }

    async fn complete(&self, request: &TurnRequest) -> Result<ModelReply> {
        let mut script = self.script.lock().map_err(|_| {
            ModelError::Replay("the replay state was poisoned by an earlier panic".into())
        })?;
        let asked = format!(
            "{} turn in {}",
            request.kind.with_article(),
            request.context.phase
        );
        let name = script.name.clone();
        match script.entries.front().cloned() {
            None => Err(ModelError::Replay(format!(
                "fixture {name} ran out after line {}: the agent asked the model for {asked}",
                script.last_line
            ))),
            Some(Entry::User { line, .. }) => Err(ModelError::Replay(format!(
                "fixture {name} line {line}: the agent asked the model for {asked}, but the fixture has the user's input here"
            ))),
            Some(Entry::Model(reply)) => {
                if let Some(kind) = reply.kind
                    && kind != request.kind
                {
                    return Err(ModelError::Replay(format!(
                        "fixture {name} line {}: it recorded {} reply, but the agent asked for {asked}",
                        reply.line,
                        kind.with_article()
                    )));
                }
                script.entries.pop_front();
                script.last_line = reply.line;
                Ok(ModelReply::new(reply.content))
            }
        }
    }
}
