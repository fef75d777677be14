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
use specwright_llm::openai::{ApiKey, OpenAiModel, OpenAiSettings, Progress};
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
    settings_at(&format!("{}/v1", server.uri()))
}

/// [`settings`] for a server at `base_url`.
pub fn settings_at(base_url: &str) -> OpenAiSettings {
    let mut s = OpenAiSettings::new(base_url, "test-model");
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

/// A client of the server at `base_url`, as [`model`].
pub fn model_at(base_url: &str, tweak: impl FnOnce(&mut OpenAiSettings)) -> OpenAiModel {
    let mut s = settings_at(base_url);
    tweak(&mut s);
    OpenAiModel::new(s).unwrap()
}

/// Records every progress report of `m`.
pub fn record(m: &OpenAiModel) -> std::sync::Arc<std::sync::Mutex<Vec<Progress>>> {
    let seen = std::sync::Arc::new(std::sync::Mutex::new(Vec::new()));
    let log = seen.clone();
    m.set_progress(std::sync::Arc::new(move |p| log.lock().unwrap().push(p)));
    seen
}

/// The reports of `seen` without the `Waiting` ticks, whose number depends on timing.
pub fn without_waits(seen: &std::sync::Mutex<Vec<Progress>>) -> Vec<Progress> {
    seen.lock()
        .unwrap()
        .iter()
        .filter(|p| !matches!(p, Progress::Waiting { .. }))
        .cloned()
        .collect()
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

/// A one-connection HTTP/1.1 server on 127.0.0.1 for what wiremock cannot do: a body
/// written a piece at a time, with pauses between, or forever (wiremock sends a whole
/// body at once, after an optional delay). It answers its first request with status 200,
/// `content_type`, and then, in chunked transfer encoding, each piece the test sends
/// through the returned channel; closing the channel ends the body. The channel holds one
/// piece, so a producer that sends forever waits for the client and stops when the client
/// goes away.
pub async fn trickle_server(
    content_type: &'static str,
) -> (String, tokio::sync::mpsc::Sender<Vec<u8>>) {
    use tokio::io::{AsyncReadExt, AsyncWriteExt};
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let url = format!("http://{}/v1", listener.local_addr().unwrap());
    let (tx, mut rx) = tokio::sync::mpsc::channel::<Vec<u8>>(1);
    tokio::spawn(async move {
        let (mut socket, _) = listener.accept().await.unwrap();
        // The request: headers, then as many body bytes as Content-Length says.
        let mut request = Vec::new();
        let mut buf = [0u8; 8192];
        let body_start = loop {
            let n = socket.read(&mut buf).await.unwrap();
            assert!(n > 0, "the client closed before sending its request");
            request.extend_from_slice(&buf[..n]);
            if let Some(at) = request.windows(4).position(|w| w == b"\r\n\r\n") {
                break at + 4;
            }
        };
        let head = String::from_utf8_lossy(&request[..body_start]).to_ascii_lowercase();
        let length: usize = head
            .lines()
            .find_map(|l| l.strip_prefix("content-length:"))
            .map_or(0, |v| v.trim().parse().unwrap());
        while request.len() < body_start + length {
            let n = socket.read(&mut buf).await.unwrap();
            if n == 0 {
                return;
            }
            request.extend_from_slice(&buf[..n]);
        }
        let head = format!(
            "HTTP/1.1 200 OK\r\ncontent-type: {content_type}\r\ntransfer-encoding: chunked\r\nconnection: close\r\n\r\n"
        );
        if socket.write_all(head.as_bytes()).await.is_err() {
            return;
        }
        while let Some(piece) = rx.recv().await {
            let mut chunk = format!("{:x}\r\n", piece.len()).into_bytes();
            chunk.extend_from_slice(&piece);
            chunk.extend_from_slice(b"\r\n");
            if socket.write_all(&chunk).await.is_err() || socket.flush().await.is_err() {
                return;
            }
        }
        let _ = socket.write_all(b"0\r\n\r\n").await;
    });
    (url, tx)
}

/// Sends `piece` through `tx` every `pause`, until the server's client goes away.
pub fn send_forever(
    tx: tokio::sync::mpsc::Sender<Vec<u8>>,
    piece: Vec<u8>,
    pause: Duration,
) -> tokio::task::JoinHandle<usize> {
    tokio::spawn(async move {
        let mut sent = 0;
        loop {
            if !pause.is_zero() {
                tokio::time::sleep(pause).await;
            }
            if tx.send(piece.clone()).await.is_err() {
                return sent;
            }
            sent += 1;
        }
    })
}

/// One server-sent event carrying `data`.
pub fn event(data: &str) -> Vec<u8> {
    format!("data: {data}\n\n").into_bytes()
}
