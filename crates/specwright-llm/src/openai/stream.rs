//! Server-sent events from a streamed chat completion. A stream must end with
//! `data: [DONE]`; one that stops early, carries an error, or stalls past the idle
//! timeout is an error, never a silently truncated turn. A reply that grows past
//! `max_reply_bytes` is an error too, so a server that streams forever costs bounded
//! memory (the total-time cap is enforced around the whole attempt, in `mod.rs`).

use std::time::Duration;

use futures::StreamExt;
use serde_json::Value;

use super::Progress;
use super::sections::Sections;
use super::wire::{Reply, error_message, usage_of};
use crate::error::{Cause, ModelError};
use specwright_core::Usage;

/// Room for one event's JSON around its text: an event line may be this much longer than
/// the reply's size limit before it is refused.
const EVENT_SLACK: usize = 64 * 1024;

/// The limits a stream is read under.
#[derive(Debug, Clone, Copy)]
pub struct Limits {
    /// How long the server may send nothing.
    pub idle: Duration,
    /// The most bytes of reply text (content and refusal together).
    pub max_bytes: usize,
}

/// A transport error part-way through a body: a broken stream, with its cause.
pub fn broken(e: reqwest::Error) -> ModelError {
    let cause = Cause::new(e.without_url());
    ModelError::Stream {
        reason: cause.to_string(),
        cause: Some(cause),
    }
}

/// Reads a streamed reply to its end.
pub async fn read(
    response: reqwest::Response,
    limits: Limits,
    progress: impl Fn(Progress),
) -> Result<Reply, ModelError> {
    let mut bytes = response.bytes_stream();
    let mut buffer: Vec<u8> = Vec::new();
    // How much of `buffer` is known to hold no newline.
    let mut scanned = 0;
    let mut events = Events::new(limits.max_bytes);
    let idle_timeout = || ModelError::IdleTimeout {
        url: String::new(),
        seconds: limits.idle.as_secs(),
    };
    loop {
        let chunk = match tokio::time::timeout(limits.idle, bytes.next()).await {
            Err(_) => return Err(idle_timeout()),
            Ok(None) => {
                // The last line may lack its newline.
                let rest = String::from_utf8_lossy(&buffer).into_owned();
                if let Step::Done = events.line(&rest, &progress)? {
                    return Ok(events.reply);
                }
                return Err(ModelError::Stream {
                    reason: "the server closed the stream before it was complete (no [DONE])"
                        .into(),
                    cause: None,
                });
            }
            Ok(Some(Err(e))) if e.is_timeout() => return Err(idle_timeout()),
            Ok(Some(Err(e))) => return Err(broken(e)),
            Ok(Some(Ok(chunk))) => chunk,
        };
        buffer.extend_from_slice(&chunk);
        let mut start = 0;
        while let Some(pos) = buffer[scanned..].iter().position(|b| *b == b'\n') {
            let end = scanned + pos + 1;
            let line = String::from_utf8_lossy(&buffer[start..end]).into_owned();
            start = end;
            scanned = end;
            if let Step::Done = events.line(&line, &progress)? {
                return Ok(events.reply);
            }
        }
        buffer.drain(..start);
        scanned = buffer.len();
        if buffer.len() > limits.max_bytes.saturating_add(EVENT_SLACK) {
            return Err(ModelError::ReplyTooLarge {
                limit: limits.max_bytes,
            });
        }
    }
}

enum Step {
    More,
    Done,
}

/// The reply assembled so far, and the name of the event being read.
struct Events {
    reply: Reply,
    event: String,
    started: bool,
    /// Characters of content so far, counted as they arrive.
    chars: usize,
    max_bytes: usize,
    sections: Sections,
}

impl Events {
    fn new(max_bytes: usize) -> Events {
        Events {
            reply: Reply::default(),
            event: String::new(),
            started: false,
            chars: 0,
            max_bytes,
            sections: Sections::default(),
        }
    }

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
            let reason = format!("the server sent an event that is not JSON ({e})");
            ModelError::Stream {
                reason,
                cause: Some(Cause::new(e)),
            }
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
            return Err(ModelError::Stream {
                reason: format!("the server sent an error: {}", error_message(err)),
                cause: None,
            });
        }
        // Usage and llama.cpp's timings may come in different chunks: keep what each says.
        if let Some(u) = usage_of(&value) {
            self.reply.usage = Some(match self.reply.usage {
                Some(before) if u.prompt_tokens == 0 && u.completion_tokens == 0 => Usage {
                    cached_tokens: u.cached_tokens.or(before.cached_tokens),
                    ..before
                },
                Some(before) => Usage {
                    cached_tokens: u.cached_tokens.or(before.cached_tokens),
                    ..u
                },
                None => u,
            });
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
            self.check_size()?;
            self.chars += text.chars().count();
            self.sections.feed(text, |key, index| {
                progress(Progress::Section { key, index })
            });
            progress(Progress::Received(self.chars));
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
            self.check_size()?;
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

    fn check_size(&self) -> Result<(), ModelError> {
        let size = self.reply.content.len() + self.reply.refusal.as_ref().map_or(0, String::len);
        if size > self.max_bytes {
            return Err(ModelError::ReplyTooLarge {
                limit: self.max_bytes,
            });
        }
        Ok(())
    }
}
