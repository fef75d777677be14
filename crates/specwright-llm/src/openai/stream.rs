//! Server-sent events from a streamed chat completion. A stream must end with
//! `data: [DONE]`; one that stops early, carries an error, or stalls past the idle
//! timeout is an error, never a silently truncated turn.

use std::time::Duration;

use futures::StreamExt;
use serde_json::Value;

use super::Progress;
use super::wire::{Reply, error_message, usage_of};
use crate::error::ModelError;

/// Bounds on one reply, so a server that streams forever (a keep-alive every few seconds
/// never trips the idle timeout) or sends without end cannot grow memory without limit.
#[derive(Debug, Clone, Copy)]
pub struct Limits {
    /// The most bytes a reply may take on the wire; no turn comes near it.
    pub max_bytes: usize,
    /// The longest a whole streamed reply may take.
    pub max_time: Duration,
}

impl Default for Limits {
    fn default() -> Self {
        Limits {
            max_bytes: 4 * 1024 * 1024,
            max_time: Duration::from_secs(30 * 60),
        }
    }
}

fn too_big(limits: Limits) -> ModelError {
    ModelError::Stream(format!(
        "the reply grew past {} MiB, far more than any turn needs; the server may be stuck in a loop",
        limits.max_bytes / (1024 * 1024)
    ))
}

/// Reads a whole (not streamed) body, up to `limits.max_bytes`; `transport` says what a
/// broken connection is.
pub async fn read_body(
    response: reqwest::Response,
    limits: Limits,
    transport: impl Fn(&reqwest::Error) -> ModelError,
) -> Result<Vec<u8>, ModelError> {
    let mut bytes = response.bytes_stream();
    let mut body = Vec::new();
    while let Some(chunk) = bytes.next().await {
        let chunk = chunk.map_err(|e| transport(&e))?;
        if body.len() + chunk.len() > limits.max_bytes {
            return Err(too_big(limits));
        }
        body.extend_from_slice(&chunk);
    }
    Ok(body)
}

/// Reads a streamed reply to its end.
pub async fn read(
    response: reqwest::Response,
    idle: Duration,
    limits: Limits,
    progress: impl Fn(Progress),
) -> Result<Reply, ModelError> {
    let mut bytes = response.bytes_stream();
    let mut buffer: Vec<u8> = Vec::new();
    let mut events = Events::default();
    let mut received = 0usize;
    let deadline = tokio::time::Instant::now() + limits.max_time;
    let idle_timeout = || ModelError::IdleTimeout {
        url: String::new(),
        seconds: idle.as_secs(),
    };
    let overall = || {
        ModelError::Stream(format!(
            "the reply was still streaming after {} minutes; the server may be stuck",
            limits.max_time.as_secs() / 60
        ))
    };
    loop {
        let next = tokio::time::timeout(idle, bytes.next());
        let chunk = match tokio::time::timeout_at(deadline, next).await {
            Err(_) => return Err(overall()),
            Ok(Err(_)) => return Err(idle_timeout()),
            Ok(Ok(None)) => {
                // The last line may lack its newline.
                let rest = String::from_utf8_lossy(&buffer).into_owned();
                if let Step::Done = events.line(&rest, &progress)? {
                    return Ok(events.reply);
                }
                return Err(ModelError::Stream(
                    "the server closed the stream before it was complete (no [DONE])".into(),
                ));
            }
            Ok(Ok(Some(Err(e)))) if e.is_timeout() => return Err(idle_timeout()),
            Ok(Ok(Some(Err(e)))) => return Err(ModelError::Stream(e.without_url().to_string())),
            Ok(Ok(Some(Ok(chunk)))) => chunk,
        };
        received = received.saturating_add(chunk.len());
        if received > limits.max_bytes {
            return Err(too_big(limits));
        }
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

#[cfg(test)]
mod tests {
    use super::*;
    use tokio::io::{AsyncReadExt, AsyncWriteExt};

    /// A server on 127.0.0.1 that answers one request with an SSE stream that never ends:
    /// a chunk of `chunk` bytes of content every `every`.
    async fn endless(chunk: usize, every: Duration) -> String {
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let addr = listener.local_addr().unwrap();
        tokio::spawn(async move {
            let (mut sock, _) = listener.accept().await.unwrap();
            let mut buf = [0u8; 4096];
            let _ = sock.read(&mut buf).await;
            let head = "HTTP/1.1 200 OK\r\ncontent-type: text/event-stream\r\n\r\n";
            if sock.write_all(head.as_bytes()).await.is_err() {
                return;
            }
            let text = "x".repeat(chunk);
            let event = format!(
                "data: {{\"choices\":[{{\"index\":0,\"delta\":{{\"content\":\"{text}\"}}}}]}}\n\n"
            );
            // Bounded: at most a minute of streaming, then the server stops by itself.
            for _ in 0..(60_000 / every.as_millis().max(1)) {
                if sock.write_all(event.as_bytes()).await.is_err() {
                    return;
                }
                tokio::time::sleep(every).await;
            }
        });
        format!("http://{addr}/")
    }

    async fn get(url: &str) -> reqwest::Response {
        reqwest::Client::new().get(url).send().await.unwrap()
    }

    #[tokio::test]
    async fn a_reply_that_never_ends_is_cut_at_its_size() {
        let url = endless(16 * 1024, Duration::from_millis(1)).await;
        let limits = Limits {
            max_bytes: 256 * 1024,
            max_time: Duration::from_secs(60),
        };
        let err = read(get(&url).await, Duration::from_secs(10), limits, |_| {})
            .await
            .err()
            .unwrap();
        assert!(err.to_string().contains("grew past"), "{err}");
    }

    #[tokio::test]
    async fn a_stream_that_keeps_trickling_is_cut_at_its_total_time() {
        // A chunk every 20 ms never trips a 10 s idle timeout.
        let url = endless(8, Duration::from_millis(20)).await;
        let limits = Limits {
            max_bytes: 1024 * 1024,
            max_time: Duration::from_millis(300),
        };
        let err = read(get(&url).await, Duration::from_secs(10), limits, |_| {})
            .await
            .err()
            .unwrap();
        assert!(err.to_string().contains("still streaming"), "{err}");
    }
}
