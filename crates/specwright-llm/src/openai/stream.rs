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
    let mut reply = Reply::default();
    let mut event = String::new();
    let mut first = true;
    loop {
        let chunk = match tokio::time::timeout(idle, bytes.next()).await {
            Err(_) => {
                return Err(ModelError::IdleTimeout {
                    url: String::new(),
                    seconds: idle.as_secs(),
                });
            }
            Ok(None) => {
                return Err(ModelError::Stream(
                    "the server closed the stream before it was complete (no [DONE])".into(),
                ));
            }
            Ok(Some(Err(e))) if e.is_timeout() => {
                return Err(ModelError::IdleTimeout {
                    url: String::new(),
                    seconds: idle.as_secs(),
                });
            }
            Ok(Some(Err(e))) => return Err(ModelError::Stream(e.without_url().to_string())),
            Ok(Some(Ok(chunk))) => chunk,
        };
        buffer.extend_from_slice(&chunk);
        while let Some(pos) = buffer.iter().position(|b| *b == b'\n') {
            let line: Vec<u8> = buffer.drain(..=pos).collect();
            let line = String::from_utf8_lossy(&line);
            let line = line.trim_end_matches(['\n', '\r']);
            if line.is_empty() {
                event.clear();
                continue;
            }
            if let Some(name) = line.strip_prefix("event:") {
                event = name.trim().to_string();
                continue;
            }
            let Some(data) = line.strip_prefix("data:") else {
                continue;
            };
            let data = data.trim();
            if data == "[DONE]" {
                return Ok(reply);
            }
            let value: Value = serde_json::from_str(data).map_err(|e| {
                ModelError::Stream(format!("the server sent an event that is not JSON ({e})"))
            })?;
            if event == "error" {
                return Err(ModelError::Stream(format!(
                    "the server sent an error: {}",
                    error_message(value.get("error").unwrap_or(&value))
                )));
            }
            if let Some(err) = value.get("error").filter(|e| !e.is_null()) {
                return Err(ModelError::Stream(format!(
                    "the server sent an error: {}",
                    error_message(err)
                )));
            }
            if let Some(u) = usage_of(&value) {
                reply.usage = Some(u);
            }
            let Some(choice) = value.get("choices").and_then(|c| c.get(0)) else {
                continue;
            };
            let delta = choice.get("delta").or_else(|| choice.get("message"));
            if let Some(text) = delta.and_then(|d| d.get("content")).and_then(Value::as_str) {
                if first && !text.is_empty() {
                    first = false;
                    progress(Progress::FirstToken);
                }
                reply.content.push_str(text);
                progress(Progress::Received(reply.content.chars().count()));
            }
            if let Some(refusal) = delta
                .and_then(|d| d.get("refusal"))
                .and_then(Value::as_str)
                .filter(|r| !r.is_empty())
            {
                reply
                    .refusal
                    .get_or_insert_with(String::new)
                    .push_str(refusal);
            }
            if let Some(reason) = choice
                .get("finish_reason")
                .and_then(Value::as_str)
                .filter(|r| !r.is_empty())
            {
                reply.finish_reason = Some(reason.to_string());
            }
        }
    }
}
