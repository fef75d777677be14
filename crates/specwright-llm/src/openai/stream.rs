//! Server-sent events from a streamed chat completion. A stream must end with
//! `data: [DONE]`; one that stops early, carries an error, or stalls past the idle
//! timeout is an error, never a silently truncated turn.

use std::time::Duration;

use futures::StreamExt;
use serde_json::Value;

use super::Progress;
use super::wire::{Reply, error_message, usage_of};
use crate::error::ModelError;

/// Reads a streamed reply to its end.
pub async fn read(
    response: reqwest::Response,
    idle: Duration,
    progress: impl Fn(Progress),
) -> Result<Reply, ModelError> {
    let mut bytes = response.bytes_stream();
    let mut buffer: Vec<u8> = Vec::new();
    let mut events = Events::default();
    let idle_timeout = || ModelError::IdleTimeout {
        url: String::new(),
        seconds: idle.as_secs(),
    };
    loop {
        let chunk = match tokio::time::timeout(idle, bytes.next()).await {
            Err(_) => return Err(idle_timeout()),
            Ok(None) => {
                // The last line may lack its newline.
                let rest = String::from_utf8_lossy(&buffer).into_owned();
                if let Step::Done = events.line(&rest, &progress)? {
                    return Ok(events.reply);
                }
                return Err(ModelError::Stream(
                    "the server closed the stream before it was complete (no [DONE])".into(),
                ));
            }
            Ok(Some(Err(e))) if e.is_timeout() => return Err(idle_timeout()),
            Ok(Some(Err(e))) => return Err(ModelError::Stream(e.without_url().to_string())),
            Ok(Some(Ok(chunk))) => chunk,
        };
        buffer.extend_from_slice(&chunk);
        while let Some(pos) = buffer.iter().position(|b| *b == b'\n') {
            let line: Vec<u8> = buffer.drain(..=pos).collect();
            if let Step::Done = events.line(&String::from_utf8_lossy(&line), &progress)? {
                return Ok(events.reply);
            }
        }
    }
}

enum Step {
    More,
    Done,
}

/// The reply assembled so far, and the name of the event being read.
#[derive(Default)]
struct Events {
    reply: Reply,
    event: String,
    started: bool,
}

impl Events {
    fn line(&mut self, line: &str, progress: &impl Fn(Progress)) -> Result<Step, ModelError> {
        let line = line.trim_end_matches(['\n', '\r']);
        if line.is_empty() {
            self.event.clear();
            return Ok(Step::More);
        }
        if let Some(name) = line.strip_prefix("event:") {
            self.event = name.trim().to_string();
            return Ok(Step::More);
        }
        // Comments (": keep-alive"), `id:` and `retry:` lines carry nothing here.
        let Some(data) = line.strip_prefix("data:") else {
            return Ok(Step::More);
        };
        let data = data.trim();
        if data == "[DONE]" {
            return Ok(Step::Done);
        }
        let value: Value = serde_json::from_str(data).map_err(|e| {
            ModelError::Stream(format!("the server sent an event that is not JSON ({e})"))
        })?;
        let error = if self.event == "error" {
            Some(value.get("error").unwrap_or(&value))
        } else if value.get("object").and_then(Value::as_str) == Some("error") {
            // vLLM: `{"object": "error", "message": ..., "code": ...}`
            Some(&value)
        } else {
            value.get("error").filter(|e| !e.is_null())
        };
        if let Some(err) = error {
            return Err(ModelError::Stream(format!(
                "the server sent an error: {}",
                error_message(err)
            )));
        }
        if let Some(u) = usage_of(&value) {
            self.reply.usage = Some(u);
        }
        let Some(choice) = value.get("choices").and_then(|c| c.get(0)) else {
            return Ok(Step::More);
        };
        let delta = choice.get("delta").or_else(|| choice.get("message"));
        if let Some(text) = delta
            .and_then(|d| d.get("content"))
            .and_then(Value::as_str)
            .filter(|t| !t.is_empty())
        {
            if !self.started {
                self.started = true;
                progress(Progress::FirstToken);
            }
            self.reply.content.push_str(text);
            progress(Progress::Received(self.reply.content.chars().count()));
        }
        if let Some(refusal) = delta
            .and_then(|d| d.get("refusal"))
            .and_then(Value::as_str)
            .filter(|r| !r.is_empty())
        {
            self.reply
                .refusal
                .get_or_insert_with(String::new)
                .push_str(refusal);
        }
        if let Some(reason) = choice
            .get("finish_reason")
            .and_then(Value::as_str)
            .filter(|r| !r.is_empty())
        {
            self.reply.finish_reason = Some(reason.to_string());
        }
        Ok(Step::More)
    }
}
