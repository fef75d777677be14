//! What the OpenAI client tests share: a turn request, a client pointed at a mock server
//! with fast retries, canned replies, and the bodies the server received.
#![allow(clippy::unwrap_used, clippy::expect_used, dead_code)]

use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Duration;

use chrono::TimeZone;
use serde_json::{Value, json};
use specwright_core::session::JOURNAL_VERSION;
use specwright_core::{
    ChatMessage, Event, Session, SessionSettings, TurnContext, TurnKind, TurnRequest,
};
use specwright_llm::openai::{ApiKey, OpenAiModel, OpenAiSettings};
use specwright_llm::{ChatModel, ModelError};
use wiremock::{MockServer, Request, Respond, ResponseTemplate};

/// A distinctive fake key: no message, log line or Debug output may contain it.
pub const KEY: &str = "sk-test-VERYSECRETKEY-0042";
/// The part of [`KEY`] that must never show.
pub const SECRET_PART: &str = "VERYSECRETKEY";

/// A valid Discovery interview turn.
pub const TURN: &str = r#"{"facts":[],"questions":{"title":"Purpose","questions":[{"text":"Why?","why":"It matters.","topics":["purpose"]}]},"phase_complete":false,"no_requirement":false}"#;

pub fn request() -> TurnRequest {
    let session = Session::start(&Event::Started {
        version: JOURNAL_VERSION,
        id: uuid::Uuid::nil(),
        topic: "URL shortener".into(),
        slug: "url-shortener".into(),
        at: chrono::Utc
            .with_ymd_and_hms(2026, 11, 24, 10, 0, 0)
            .unwrap(),
        settings: SessionSettings::default(),
    })
    .unwrap();
    TurnRequest {
        kind: TurnKind::Interview,
        schema_name: "interview_discovery".into(),
        schema: specwright_core::schema::turn_schema(
            TurnKind::Interview,
            specwright_core::Phase::Discovery,
        ),
        messages: vec![
            ChatMessage::system("You are specwright."),
            ChatMessage::user("Start."),
        ],
        context: TurnContext::from_session(TurnKind::Interview, &session),
    }
}

/// Settings for a client of `server`: the test key, no streaming, two fast retries.
pub fn settings(server: &MockServer) -> OpenAiSettings {
    let mut s = OpenAiSettings::new(format!("{}/v1", server.uri()), "test-model");
    s.api_key = Some(ApiKey::parse(KEY).unwrap());
    s.stream = false;
    s.max_retries = 2;
    s.retry_base = Duration::from_millis(5);
    s.retry_cap = Duration::from_millis(50);
    s.idle_timeout = Duration::from_secs(5);
    s
}

pub fn model(server: &MockServer, tweak: impl FnOnce(&mut OpenAiSettings)) -> OpenAiModel {
    let mut s = settings(server);
    tweak(&mut s);
    OpenAiModel::new(s).unwrap()
}

/// The error one request ends with.
pub async fn err(server: &MockServer, tweak: impl FnOnce(&mut OpenAiSettings)) -> ModelError {
    model(server, tweak).complete(&request()).await.unwrap_err()
}

/// The reply text one request ends with.
pub async fn content(server: &MockServer, tweak: impl FnOnce(&mut OpenAiSettings)) -> String {
    model(server, tweak)
        .complete(&request())
        .await
        .unwrap()
        .content
}

pub fn completion(content: &str) -> Value {
    json!({
        "id": "x", "object": "chat.completion", "created": 1, "model": "test-model",
        "choices": [{"index": 0, "message": {"role": "assistant", "content": content}, "finish_reason": "stop"}],
        "usage": {"prompt_tokens": 120, "completion_tokens": 30, "total_tokens": 150}
    })
}

pub fn ok(content: &str) -> ResponseTemplate {
    ResponseTemplate::new(200).set_body_json(completion(content))
}

/// The JSON bodies the server received, in order.
pub async fn bodies(server: &MockServer) -> Vec<Value> {
    server
        .received_requests()
        .await
        .unwrap()
        .iter()
        .map(|r| serde_json::from_slice(&r.body).unwrap())
        .collect()
}

/// The `response_format` a request asked for, by name.
pub fn format_of(body: &Value) -> &'static str {
    match &body["response_format"] {
        Value::Null => "none",
        f if f["type"] == "json_schema" => "json_schema",
        f if f.get("schema").is_some() => "json_object_schema",
        _ => "json_object",
    }
}

/// A server that knows only some output formats: it rejects the others with `status`.
pub struct ByFormat {
    pub reject: Vec<&'static str>,
    pub status: u16,
    pub reply: String,
}

impl Respond for ByFormat {
    fn respond(&self, req: &Request) -> ResponseTemplate {
        let body: Value = serde_json::from_slice(&req.body).unwrap();
        if self.reject.contains(&format_of(&body)) {
            ResponseTemplate::new(self.status)
                .set_body_string("Internal Server Error: response_format not supported")
        } else {
            ok(&self.reply)
        }
    }
}

/// Fails `n` times with `first`, then succeeds with [`TURN`].
pub struct FailThen {
    n: usize,
    first: ResponseTemplate,
    seen: AtomicUsize,
}

impl Respond for FailThen {
    fn respond(&self, _req: &Request) -> ResponseTemplate {
        if self.seen.fetch_add(1, Ordering::SeqCst) < self.n {
            self.first.clone()
        } else {
            ok(TURN)
        }
    }
}

pub fn fail_then(n: usize, first: ResponseTemplate) -> FailThen {
    FailThen {
        n,
        first,
        seen: AtomicUsize::new(0),
    }
}

/// A server-sent-events body: one `data:` event per item.
pub fn sse(events: &[&str]) -> ResponseTemplate {
    let body: String = events.iter().map(|e| format!("data: {e}\n\n")).collect();
    ResponseTemplate::new(200)
        .insert_header("content-type", "text/event-stream")
        .set_body_string(body)
}

/// One streamed content delta.
pub fn chunk(text: &str) -> String {
    json!({"choices": [{"index": 0, "delta": {"content": text}, "finish_reason": null}]})
        .to_string()
}

/// The final streamed chunk with token usage.
pub fn usage_chunk(prompt: u64, completion: u64) -> String {
    json!({"choices": [], "usage": {"prompt_tokens": prompt, "completion_tokens": completion}})
        .to_string()
}
