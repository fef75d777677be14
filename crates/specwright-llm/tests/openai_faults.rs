//! The OpenAI-compatible client against a mock server: one test per fault a real server
//! can throw at it, each asserting what the client did and what it said.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::time::Duration;

use chrono::TimeZone;
use serde_json::{Value, json};
use specwright_core::session::JOURNAL_VERSION;
use specwright_core::{
    ChatMessage, Event, Session, SessionSettings, TurnContext, TurnKind, TurnRequest,
};
use specwright_llm::openai::{ApiKey, OpenAiModel, OpenAiSettings, OutputMode};
use specwright_llm::{ChatModel, ModelError};
use wiremock::matchers::{body_partial_json, header, method, path};
use wiremock::{Mock, MockServer, Request, Respond, ResponseTemplate};

const KEY: &str = "sk-test-VERYSECRETKEY-0042";

fn request() -> TurnRequest {
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

fn model(server: &MockServer, tweak: impl FnOnce(&mut OpenAiSettings)) -> OpenAiModel {
    let mut s = OpenAiSettings::new(format!("{}/v1", server.uri()), "test-model");
    s.api_key = Some(ApiKey::parse(KEY).unwrap());
    s.stream = false;
    s.max_retries = 2;
    s.retry_base = Duration::from_millis(5);
    s.retry_cap = Duration::from_millis(50);
    s.idle_timeout = Duration::from_secs(5);
    tweak(&mut s);
    OpenAiModel::new(s).unwrap()
}

const TURN: &str = r#"{"facts":[],"questions":{"title":"Purpose","questions":[{"text":"Why?","why":"It matters.","topics":["purpose"]}]},"phase_complete":false,"no_requirement":false}"#;

fn completion(content: &str) -> Value {
    json!({
        "id": "x", "object": "chat.completion", "created": 1, "model": "test-model",
        "choices": [{"index": 0, "message": {"role": "assistant", "content": content}, "finish_reason": "stop"}],
        "usage": {"prompt_tokens": 120, "completion_tokens": 30, "total_tokens": 150}
    })
}

fn ok(content: &str) -> ResponseTemplate {
    ResponseTemplate::new(200).set_body_json(completion(content))
}

async fn bodies(server: &MockServer) -> Vec<Value> {
    server
        .received_requests()
        .await
        .unwrap()
        .iter()
        .map(|r| serde_json::from_slice(&r.body).unwrap())
        .collect()
}

async fn err(server: &MockServer, tweak: impl FnOnce(&mut OpenAiSettings)) -> ModelError {
    model(server, tweak).complete(&request()).await.unwrap_err()
}

/// Answers by the request's response_format: a server that only knows some of them.
struct ByFormat {
    reject: Vec<&'static str>,
    status: u16,
    reply: String,
}

impl Respond for ByFormat {
    fn respond(&self, req: &Request) -> ResponseTemplate {
        let body: Value = serde_json::from_slice(&req.body).unwrap();
        let format = match &body["response_format"] {
            Value::Null => "none",
            f if f["type"] == "json_schema" => "json_schema",
            f if f.get("schema").is_some() => "json_object_schema",
            _ => "json_object",
        };
        if self.reject.contains(&format) {
            ResponseTemplate::new(self.status)
                .set_body_string("Internal Server Error: response_format not supported")
        } else {
            ok(&self.reply)
        }
    }
}

#[tokio::test]
async fn json_schema_strict_is_asked_for_first_with_the_key_sent() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path("/v1/chat/completions"))
        .and(header("authorization", format!("Bearer {KEY}").as_str()))
        .respond_with(ok(TURN))
        .expect(1)
        .mount(&server)
        .await;
    let m = model(&server, |_| {});
    let reply = m.complete(&request()).await.unwrap();
    assert_eq!(reply.content, TURN);
    assert_eq!(reply.usage.unwrap().prompt_tokens, 120);
    let body = &bodies(&server).await[0];
    assert_eq!(body["response_format"]["type"], "json_schema");
    assert_eq!(body["response_format"]["json_schema"]["strict"], true);
    assert_eq!(
        body["response_format"]["json_schema"]["name"],
        "interview_discovery"
    );
    assert_eq!(body["model"], "test-model");
    assert_eq!(m.output_mode(), OutputMode::JsonSchema);
}

#[tokio::test]
async fn a_500_to_json_schema_falls_back_to_json_object_with_schema_and_remembers_it() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .respond_with(ByFormat {
            reject: vec!["json_schema"],
            status: 500,
            reply: TURN.into(),
        })
        .mount(&server)
        .await;
    let m = model(&server, |_| {});
    assert_eq!(m.complete(&request()).await.unwrap().content, TURN);
    assert_eq!(m.output_mode(), OutputMode::JsonObjectWithSchema);
    m.complete(&request()).await.unwrap();
    let sent = bodies(&server).await;
    let formats: Vec<Value> = sent
        .iter()
        .map(|b| b["response_format"]["type"].clone())
        .collect();
    // json_schema once, then json_object (with schema) for this and every later request.
    assert_eq!(
        formats,
        vec![
            json!("json_schema"),
            json!("json_object"),
            json!("json_object")
        ]
    );
    assert!(sent[2]["response_format"]["schema"].is_object());
}

#[tokio::test]
async fn a_bare_500_is_retried_then_the_next_format_is_tried() {
    let server = MockServer::start().await;
    struct Bare;
    impl Respond for Bare {
        fn respond(&self, req: &Request) -> ResponseTemplate {
            let body: Value = serde_json::from_slice(&req.body).unwrap();
            if body["response_format"]["type"] == "json_schema" {
                ResponseTemplate::new(500).set_body_string("Internal Server Error")
            } else {
                ok(TURN)
            }
        }
    }
    Mock::given(method("POST"))
        .respond_with(Bare)
        .mount(&server)
        .await;
    let m = model(&server, |_| {});
    m.complete(&request()).await.unwrap();
    assert_eq!(
        bodies(&server).await.len(),
        4,
        "3 tries of json_schema, then json_object"
    );
    assert_eq!(m.output_mode(), OutputMode::JsonObjectWithSchema);
}

#[tokio::test]
async fn a_server_that_rejects_both_schema_formats_gets_the_schema_in_the_prompt() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .respond_with(ByFormat {
            reject: vec!["json_schema", "json_object_schema"],
            status: 400,
            reply: TURN.into(),
        })
        .mount(&server)
        .await;
    let m = model(&server, |_| {});
    m.complete(&request()).await.unwrap();
    assert_eq!(m.output_mode(), OutputMode::JsonObject);
    let last = bodies(&server).await.pop().unwrap();
    assert_eq!(last["response_format"], json!({"type": "json_object"}));
    let system = last["messages"][0]["content"].as_str().unwrap();
    assert!(
        system.contains("matches this JSON schema") && system.contains("\"phase_complete\""),
        "{system}"
    );
}

#[tokio::test]
async fn plain_text_replies_have_their_json_taken_from_fences_and_prose() {
    let server = MockServer::start().await;
    let wrapped = format!("Sure! Here is the turn:\n```json\n{TURN}\n```\nHope this helps.");
    Mock::given(method("POST"))
        .respond_with(ByFormat {
            reject: vec!["json_schema", "json_object_schema", "json_object"],
            status: 400,
            reply: wrapped,
        })
        .mount(&server)
        .await;
    let m = model(&server, |_| {});
    assert_eq!(m.complete(&request()).await.unwrap().content, TURN);
    assert_eq!(m.output_mode(), OutputMode::PromptOnly);
    assert!(
        bodies(&server)
            .await
            .last()
            .unwrap()
            .get("response_format")
            .is_none()
    );
}

#[tokio::test]
async fn think_blocks_before_the_json_are_dropped() {
    let server = MockServer::start().await;
    let reply = format!("<think>The user wants {{\"x\": 1}} maybe</think>\n{TURN}");
    Mock::given(method("POST"))
        .respond_with(ByFormat {
            reject: vec!["json_schema", "json_object_schema", "json_object"],
            status: 422,
            reply,
        })
        .mount(&server)
        .await;
    assert_eq!(
        model(&server, |_| {})
            .complete(&request())
            .await
            .unwrap()
            .content,
        TURN
    );
}

#[tokio::test]
async fn replies_without_object_created_or_usage_and_odd_finish_reasons_parse() {
    for finish in [json!("eos"), json!(""), json!("error"), Value::Null] {
        let server = MockServer::start().await;
        Mock::given(method("POST"))
            .respond_with(ResponseTemplate::new(200).set_body_json(json!({
                "choices": [{"message": {"content": TURN}, "finish_reason": finish}]
            })))
            .mount(&server)
            .await;
        let reply = model(&server, |_| {}).complete(&request()).await.unwrap();
        assert_eq!(reply.content, TURN, "finish_reason {finish}");
        assert_eq!(reply.usage, None);
    }
}

#[tokio::test]
async fn a_refusal_is_a_typed_error_and_an_empty_one_is_none() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({
            "choices": [{"message": {"content": null, "refusal": "I can't help with that."}, "finish_reason": "stop"}]
        })))
        .mount(&server)
        .await;
    let e = err(&server, |_| {}).await;
    assert_eq!(e, ModelError::Refusal("I can't help with that.".into()));
    assert_eq!(e.to_string(), "the model refused: I can't help with that.");

    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({
            "choices": [{"message": {"content": TURN, "refusal": ""}, "finish_reason": "stop"}]
        })))
        .mount(&server)
        .await;
    assert_eq!(
        model(&server, |_| {})
            .complete(&request())
            .await
            .unwrap()
            .content,
        TURN
    );
}

#[tokio::test]
async fn finish_reason_length_and_content_filter_are_typed_errors() {
    for (finish, expected, words) in [
        (
            "length",
            ModelError::Truncated,
            "cut off at its token limit",
        ),
        (
            "content_filter",
            ModelError::ContentFilter,
            "content filter blocked",
        ),
    ] {
        let server = MockServer::start().await;
        Mock::given(method("POST"))
            .respond_with(ResponseTemplate::new(200).set_body_json(json!({
                "choices": [{"message": {"content": "{\"facts\": ["}, "finish_reason": finish}]
            })))
            .mount(&server)
            .await;
        let e = err(&server, |_| {}).await;
        assert_eq!(e, expected);
        assert!(e.to_string().contains(words), "{e}");
    }
}

/// Fails `n` times with `first`, then succeeds.
struct FailThen {
    n: usize,
    first: ResponseTemplate,
    seen: std::sync::atomic::AtomicUsize,
}

impl Respond for FailThen {
    fn respond(&self, _req: &Request) -> ResponseTemplate {
        let i = self.seen.fetch_add(1, std::sync::atomic::Ordering::SeqCst);
        if i < self.n {
            self.first.clone()
        } else {
            ok(TURN)
        }
    }
}

fn fail_then(n: usize, first: ResponseTemplate) -> FailThen {
    FailThen {
        n,
        first,
        seen: Default::default(),
    }
}

#[tokio::test]
async fn a_429_with_retry_after_seconds_is_retried() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .respond_with(fail_then(
            1,
            ResponseTemplate::new(429)
                .insert_header("retry-after", "0")
                .set_body_json(json!({"error": {"message": "Rate limit reached", "type": "requests", "code": "rate_limit_exceeded"}})),
        ))
        .mount(&server)
        .await;
    assert_eq!(
        model(&server, |_| {})
            .complete(&request())
            .await
            .unwrap()
            .content,
        TURN
    );
    assert_eq!(bodies(&server).await.len(), 2);
}

#[tokio::test]
async fn a_429_with_retry_after_as_an_http_date_is_retried() {
    let server = MockServer::start().await;
    let past = httpdate::fmt_http_date(std::time::SystemTime::now() - Duration::from_secs(5));
    Mock::given(method("POST"))
        .respond_with(fail_then(
            1,
            ResponseTemplate::new(429).insert_header("retry-after", past.as_str()),
        ))
        .mount(&server)
        .await;
    assert_eq!(
        model(&server, |_| {})
            .complete(&request())
            .await
            .unwrap()
            .content,
        TURN
    );
    let future = httpdate::fmt_http_date(std::time::SystemTime::now() + Duration::from_secs(30));
    let wait = specwright_llm::openai::retry_after(Some(&future.parse().unwrap())).unwrap();
    assert!(
        wait > Duration::from_secs(25) && wait <= Duration::from_secs(30),
        "{wait:?}"
    );
}

#[tokio::test]
async fn retry_after_is_capped() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .respond_with(fail_then(
            1,
            ResponseTemplate::new(429).insert_header("retry-after", "3600"),
        ))
        .mount(&server)
        .await;
    let start = std::time::Instant::now();
    model(&server, |s| s.retry_cap = Duration::from_millis(100))
        .complete(&request())
        .await
        .unwrap();
    assert!(
        start.elapsed() < Duration::from_secs(5),
        "waited {:?}",
        start.elapsed()
    );
}

#[tokio::test]
async fn a_503_is_retried_then_succeeds() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .respond_with(fail_then(
            2,
            ResponseTemplate::new(503).set_body_string("Service Unavailable"),
        ))
        .mount(&server)
        .await;
    assert_eq!(
        model(&server, |_| {})
            .complete(&request())
            .await
            .unwrap()
            .content,
        TURN
    );
    assert_eq!(bodies(&server).await.len(), 3);
}

#[tokio::test]
async fn when_retries_run_out_the_error_names_the_status() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .respond_with(ResponseTemplate::new(503).set_body_string("upstream overloaded"))
        .mount(&server)
        .await;
    let e = err(&server, |_| {}).await;
    assert_eq!(
        e.to_string(),
        "the model server answered HTTP 503: upstream overloaded"
    );
    assert_eq!(
        bodies(&server).await.len(),
        3,
        "one try and two retries, no format fallback for a 503"
    );
}

#[tokio::test]
async fn insufficient_quota_fails_at_once_with_what_to_do() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .respond_with(ResponseTemplate::new(429).set_body_json(json!({"error": {"message": "You exceeded your current quota.", "type": "insufficient_quota", "code": "insufficient_quota"}})))
        .mount(&server)
        .await;
    let e = err(&server, |_| {}).await;
    assert!(matches!(e, ModelError::InsufficientQuota { .. }), "{e:?}");
    assert!(
        e.to_string().contains("no quota left") && e.to_string().contains("add credit"),
        "{e}"
    );
    assert_eq!(bodies(&server).await.len(), 1);
}

#[tokio::test]
async fn a_401_fails_at_once_and_never_shows_the_key() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .respond_with(ResponseTemplate::new(401).set_body_json(json!({"error": {"message": format!("Incorrect API key provided: {KEY}."), "type": "invalid_request_error", "code": "invalid_api_key"}})))
        .mount(&server)
        .await;
    let e = err(&server, |_| {}).await;
    let text = e.to_string();
    assert!(
        text.contains("HTTP 401") && text.contains("check OPENAI_API_KEY"),
        "{text}"
    );
    assert!(
        !text.contains("VERYSECRETKEY") && !format!("{e:?}").contains("VERYSECRETKEY"),
        "{text}"
    );
    assert!(text.contains("sk-…0042"), "{text}");
    assert_eq!(bodies(&server).await.len(), 1);
}

#[tokio::test]
async fn a_403_fails_at_once_with_what_to_fix() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .respond_with(ResponseTemplate::new(403).set_body_json(
            json!({"error": {"message": "Project does not have access to model", "code": 403}}),
        ))
        .mount(&server)
        .await;
    let e = err(&server, |_| {}).await;
    assert_eq!(
        e.to_string(),
        "the model server rejected the API key (HTTP 403): Project does not have access to model (code 403); check OPENAI_API_KEY or the `api_key` setting"
    );
    assert_eq!(bodies(&server).await.len(), 1);
}

#[tokio::test]
async fn error_bodies_with_numeric_codes_plain_strings_or_html_are_readable() {
    for (status, body, expected) in [
        (
            404,
            r#"{"error":{"message":"model 'x' not found","code":404}}"#,
            "HTTP 404: model 'x' not found (code 404)",
        ),
        (
            404,
            r#"{"error":"model not loaded"}"#,
            "HTTP 404: model not loaded",
        ),
        (
            502,
            "<html><body><h1>502 Bad Gateway</h1><hr><center>nginx</center></body></html>",
            "HTTP 502: 502 Bad Gateway nginx",
        ),
    ] {
        let server = MockServer::start().await;
        Mock::given(method("POST"))
            .respond_with(ResponseTemplate::new(status).set_body_string(body))
            .mount(&server)
            .await;
        let e = err(&server, |s| s.max_retries = 0).await;
        assert!(e.to_string().ends_with(expected), "{e}");
    }
}

#[tokio::test]
async fn a_server_that_sends_nothing_past_the_idle_timeout_is_an_error() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .respond_with(ok(TURN).set_delay(Duration::from_secs(3)))
        .mount(&server)
        .await;
    let e = err(&server, |s| {
        s.idle_timeout = Duration::from_millis(300);
        s.max_retries = 0;
    })
    .await;
    assert!(matches!(e, ModelError::IdleTimeout { .. }), "{e:?}");
    assert!(
        e.to_string().contains("sent nothing for")
            && e.to_string().contains("raise the idle timeout"),
        "{e}"
    );
}

#[tokio::test]
async fn an_unreachable_server_is_named() {
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let port = listener.local_addr().unwrap().port();
    drop(listener);
    let mut s = OpenAiSettings::new(format!("http://127.0.0.1:{port}/v1"), "m");
    s.max_retries = 1;
    s.retry_base = Duration::from_millis(5);
    s.stream = false;
    let e = OpenAiModel::new(s)
        .unwrap()
        .complete(&request())
        .await
        .unwrap_err();
    assert!(matches!(e, ModelError::Connect { .. }), "{e:?}");
    assert!(
        e.to_string().starts_with(&format!(
            "could not reach the model server at http://127.0.0.1:{port}/v1"
        )),
        "{e}"
    );
}

fn sse(events: &[&str]) -> ResponseTemplate {
    let body: String = events.iter().map(|e| format!("data: {e}\n\n")).collect();
    ResponseTemplate::new(200)
        .insert_header("content-type", "text/event-stream")
        .set_body_string(body)
}

fn chunk(text: &str) -> String {
    json!({"choices": [{"index": 0, "delta": {"content": text}, "finish_reason": null}]})
        .to_string()
}

#[tokio::test]
async fn a_streamed_reply_is_assembled_with_its_usage() {
    let server = MockServer::start().await;
    let (a, b) = TURN.split_at(20);
    let usage =
        json!({"choices": [], "usage": {"prompt_tokens": 7, "completion_tokens": 9}}).to_string();
    Mock::given(method("POST"))
        .and(body_partial_json(
            json!({"stream": true, "stream_options": {"include_usage": true}}),
        ))
        .respond_with(sse(&[&chunk(a), &chunk(b), &usage, "[DONE]"]))
        .mount(&server)
        .await;
    let m = model(&server, |s| s.stream = true);
    let seen = std::sync::Arc::new(std::sync::Mutex::new(Vec::new()));
    let log = seen.clone();
    m.set_progress(std::sync::Arc::new(move |p| log.lock().unwrap().push(p)));
    let reply = m.complete(&request()).await.unwrap();
    assert_eq!(reply.content, TURN);
    assert_eq!(reply.usage.unwrap().completion_tokens, 9);
    assert_eq!(
        seen.lock().unwrap()[0],
        specwright_llm::openai::Progress::FirstToken
    );
}

#[tokio::test]
async fn a_stream_that_ends_without_done_is_an_error() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .respond_with(sse(&[&chunk(&TURN[..30])]))
        .mount(&server)
        .await;
    let e = err(&server, |s| {
        s.stream = true;
        s.max_retries = 0;
    })
    .await;
    assert_eq!(
        e.to_string(),
        "the model's reply stream broke off: the server closed the stream before it was complete (no [DONE])"
    );
}

#[tokio::test]
async fn a_stream_with_an_error_event_or_field_is_an_error() {
    let server = MockServer::start().await;
    let body = format!(
        "data: {}\n\nevent: error\ndata: {{\"error\": {{\"message\": \"model crashed\"}}}}\n\n",
        chunk("{")
    );
    Mock::given(method("POST"))
        .respond_with(
            ResponseTemplate::new(200)
                .insert_header("content-type", "text/event-stream")
                .set_body_string(body),
        )
        .mount(&server)
        .await;
    let e = err(&server, |s| {
        s.stream = true;
        s.max_retries = 0;
    })
    .await;
    assert_eq!(
        e.to_string(),
        "the model's reply stream broke off: the server sent an error: model crashed"
    );

    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .respond_with(sse(&[
            &chunk("{"),
            r#"{"error": {"message": "out of memory", "code": 500}}"#,
        ]))
        .mount(&server)
        .await;
    let e = err(&server, |s| {
        s.stream = true;
        s.max_retries = 0;
    })
    .await;
    assert!(e.to_string().ends_with("out of memory (code 500)"), "{e}");
}

#[tokio::test]
async fn a_server_that_refuses_stream_options_is_asked_again_without_them() {
    let server = MockServer::start().await;
    struct NoStreamOptions;
    impl Respond for NoStreamOptions {
        fn respond(&self, req: &Request) -> ResponseTemplate {
            let body: Value = serde_json::from_slice(&req.body).unwrap();
            if body.get("stream_options").is_some() {
                ResponseTemplate::new(400).set_body_json(json!({"error": {"message": "Unrecognized request argument supplied: stream_options"}}))
            } else {
                let usage =
                    json!({"choices": [], "usage": {"prompt_tokens": 5, "completion_tokens": 5}})
                        .to_string();
                sse(&[&chunk(TURN), &usage, "[DONE]"])
            }
        }
    }
    Mock::given(method("POST"))
        .respond_with(NoStreamOptions)
        .mount(&server)
        .await;
    let m = model(&server, |s| s.stream = true);
    assert_eq!(m.complete(&request()).await.unwrap().content, TURN);
    m.complete(&request()).await.unwrap();
    let sent = bodies(&server).await;
    assert_eq!(sent.len(), 3, "refused once, then never sent again");
    assert_eq!(
        sent[1]["response_format"]["type"], "json_schema",
        "the format was not blamed"
    );
    assert!(sent[2].get("stream_options").is_none());
}

#[tokio::test]
async fn a_stalled_stream_is_an_error_not_a_truncated_turn() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .respond_with(sse(&[&chunk("{"), "[DONE]"]).set_delay(Duration::from_secs(3)))
        .mount(&server)
        .await;
    let e = err(&server, |s| {
        s.stream = true;
        s.max_retries = 0;
        s.idle_timeout = Duration::from_millis(300);
    })
    .await;
    assert!(matches!(e, ModelError::IdleTimeout { .. }), "{e:?}");
}

#[test]
fn the_settings_debug_output_never_shows_the_key() {
    let mut s = OpenAiSettings::new("http://127.0.0.1:1/v1", "m");
    s.api_key = Some(ApiKey::parse(KEY).unwrap());
    let debug = format!("{s:?}");
    assert!(!debug.contains("VERYSECRETKEY"), "{debug}");
}

#[tokio::test]
async fn a_server_that_ignores_stream_true_and_sends_json_is_understood() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(body_partial_json(json!({"stream": true})))
        .respond_with(ok(TURN))
        .mount(&server)
        .await;
    let reply = model(&server, |s| s.stream = true)
        .complete(&request())
        .await
        .unwrap();
    assert_eq!(reply.content, TURN);
}

#[tokio::test]
async fn a_server_that_streams_without_usage_is_asked_without_streaming_afterwards() {
    let server = MockServer::start().await;
    struct Usageless;
    impl Respond for Usageless {
        fn respond(&self, req: &Request) -> ResponseTemplate {
            let body: Value = serde_json::from_slice(&req.body).unwrap();
            if body["stream"] == true {
                sse(&[&chunk(TURN), "[DONE]"])
            } else {
                ok(TURN)
            }
        }
    }
    Mock::given(method("POST"))
        .respond_with(Usageless)
        .mount(&server)
        .await;
    let m = model(&server, |s| s.stream = true);
    assert_eq!(m.complete(&request()).await.unwrap().usage, None);
    let second = m.complete(&request()).await.unwrap();
    assert_eq!(second.usage.unwrap().prompt_tokens, 120);
    let sent = bodies(&server).await;
    assert_eq!(sent[0]["stream"], true);
    assert!(sent[1].get("stream").is_none());
}
