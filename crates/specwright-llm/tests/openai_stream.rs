//! Streamed replies and progress against a mock server: a stream must end with `[DONE]`;
//! one that breaks off, carries an error or stalls is an error, never a truncated turn.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod openai_support;

use std::sync::{Arc, Mutex};
use std::time::Duration;

use openai_support::*;
use serde_json::{Value, json};
use specwright_llm::openai::{OpenAiModel, Progress};
use specwright_llm::{ChatModel, ModelError};
use wiremock::matchers::{body_partial_json, method};
use wiremock::{Mock, MockServer, Request, Respond, ResponseTemplate};

fn streaming(server: &MockServer) -> OpenAiModel {
    model(server, |s| {
        s.stream = true;
        s.max_retries = 0;
    })
}

/// Records every progress report of `m`.
fn record(m: &OpenAiModel) -> Arc<Mutex<Vec<Progress>>> {
    let seen = Arc::new(Mutex::new(Vec::new()));
    let log = seen.clone();
    m.set_progress(Arc::new(move |p| log.lock().unwrap().push(p)));
    seen
}

#[tokio::test]
async fn a_streamed_reply_is_assembled_with_its_usage() {
    let server = MockServer::start().await;
    let (a, b) = TURN.split_at(20);
    Mock::given(method("POST"))
        .and(body_partial_json(
            json!({"stream": true, "stream_options": {"include_usage": true}}),
        ))
        .respond_with(sse(&[&chunk(a), &chunk(b), &usage_chunk(7, 9), "[DONE]"]))
        .mount(&server)
        .await;
    let m = streaming(&server);
    let seen = record(&m);
    let reply = m.complete(&request()).await.unwrap();
    assert_eq!(reply.content, TURN);
    let usage = reply.usage.unwrap();
    assert_eq!((usage.prompt_tokens, usage.completion_tokens), (7, 9));
    let seen = seen.lock().unwrap().clone();
    let without_waits: Vec<Progress> = seen
        .into_iter()
        .filter(|p| !matches!(p, Progress::Waiting { .. }))
        .collect();
    assert_eq!(
        without_waits,
        vec![
            Progress::FirstToken,
            Progress::Received(20),
            Progress::Received(TURN.len()),
            Progress::Done
        ]
    );
}

#[tokio::test]
async fn progress_reports_waiting_until_the_first_token_then_done() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .respond_with(
            sse(&[&chunk(TURN), &usage_chunk(1, 1), "[DONE]"])
                .set_delay(Duration::from_millis(600)),
        )
        .mount(&server)
        .await;
    let m = model(&server, |s| {
        s.stream = true;
        s.progress_interval = Duration::from_millis(20);
    });
    let seen = record(&m);
    m.complete(&request()).await.unwrap();
    let seen = seen.lock().unwrap().clone();
    let first = seen
        .iter()
        .position(|p| *p == Progress::FirstToken)
        .unwrap();
    assert!(
        first > 0
            && seen[..first]
                .iter()
                .all(|p| matches!(p, Progress::Waiting { .. })),
        "{seen:?}"
    );
    let elapsed: Vec<Duration> = seen[..first]
        .iter()
        .map(|p| match p {
            Progress::Waiting { elapsed } => *elapsed,
            _ => Duration::ZERO,
        })
        .collect();
    assert!(elapsed.windows(2).all(|w| w[0] < w[1]), "{elapsed:?}");
    assert!(
        !seen[first..]
            .iter()
            .any(|p| matches!(p, Progress::Waiting { .. })),
        "no waiting after the first token: {seen:?}"
    );
    assert_eq!(seen.last(), Some(&Progress::Done));
}

#[tokio::test]
async fn progress_ends_with_done_when_the_request_fails() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .respond_with(ResponseTemplate::new(401))
        .mount(&server)
        .await;
    let m = streaming(&server);
    let seen = record(&m);
    m.complete(&request()).await.unwrap_err();
    assert_eq!(seen.lock().unwrap().last(), Some(&Progress::Done));
}

#[tokio::test]
async fn a_stream_that_ends_without_done_is_an_error() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .respond_with(sse(&[&chunk(&TURN[..30])]))
        .mount(&server)
        .await;
    let e = streaming(&server).complete(&request()).await.unwrap_err();
    assert!(matches!(e, ModelError::Stream(_)), "{e:?}");
    assert_eq!(
        e.to_string(),
        "the model's reply stream broke off: the server closed the stream before it was complete (no [DONE])"
    );
}

#[tokio::test]
async fn a_stream_that_breaks_off_is_asked_again() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .respond_with(fail_then(1, sse(&[&chunk(&TURN[..30])])))
        .mount(&server)
        .await;
    let reply = model(&server, |s| s.stream = true)
        .complete(&request())
        .await
        .unwrap();
    assert_eq!(reply.content, TURN, "the retry's reply, not the broken one");
    assert_eq!(bodies(&server).await.len(), 2);
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
    let e = streaming(&server).complete(&request()).await.unwrap_err();
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
    let e = streaming(&server).complete(&request()).await.unwrap_err();
    assert_eq!(
        e.to_string(),
        "the model's reply stream broke off: the server sent an error: out of memory (code 500)"
    );
}

#[tokio::test]
async fn a_streamed_finish_reason_length_or_refusal_is_a_typed_error() {
    let server = MockServer::start().await;
    let cut =
        json!({"choices": [{"index": 0, "delta": {}, "finish_reason": "length"}]}).to_string();
    Mock::given(method("POST"))
        .respond_with(sse(&[&chunk("{\"facts\": ["), &cut, "[DONE]"]))
        .mount(&server)
        .await;
    let e = streaming(&server).complete(&request()).await.unwrap_err();
    assert_eq!(e, ModelError::Truncated);

    let server = MockServer::start().await;
    let refusal = |t: &str| {
        json!({"choices": [{"index": 0, "delta": {"refusal": t}, "finish_reason": null}]})
            .to_string()
    };
    Mock::given(method("POST"))
        .respond_with(sse(&[&refusal("I can't "), &refusal("do that."), "[DONE]"]))
        .mount(&server)
        .await;
    let e = streaming(&server).complete(&request()).await.unwrap_err();
    assert_eq!(e.to_string(), "the model refused: I can't do that.");
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
                sse(&[&chunk(TURN), &usage_chunk(5, 5), "[DONE]"])
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
        format_of(&sent[1]),
        "json_schema",
        "the output format was not blamed"
    );
    assert!(sent[2].get("stream_options").is_none());
    assert_eq!(sent[2]["stream"], true);
}

#[tokio::test]
async fn a_stalled_stream_is_an_error_not_a_truncated_turn() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .respond_with(sse(&[&chunk("{"), "[DONE]"]).set_delay(Duration::from_secs(3)))
        .mount(&server)
        .await;
    let e = model(&server, |s| {
        s.stream = true;
        s.max_retries = 0;
        s.idle_timeout = Duration::from_millis(300);
    })
    .complete(&request())
    .await
    .unwrap_err();
    assert!(matches!(e, ModelError::IdleTimeout { .. }), "{e:?}");
    assert!(
        e.to_string().contains("sent nothing for")
            && e.to_string().contains("raise the idle timeout"),
        "{e}"
    );
}

#[tokio::test]
async fn a_server_that_ignores_stream_true_and_sends_json_is_understood() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(body_partial_json(json!({"stream": true})))
        .respond_with(ok(TURN))
        .mount(&server)
        .await;
    let reply = streaming(&server).complete(&request()).await.unwrap();
    assert_eq!(reply.content, TURN);
    assert_eq!(reply.usage.unwrap().completion_tokens, 30);
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

#[tokio::test]
async fn a_done_without_its_final_newline_still_ends_the_stream() {
    let server = MockServer::start().await;
    let role = json!({"choices": [{"index": 0, "delta": {"role": "assistant", "content": ""}}]})
        .to_string();
    let body = format!(
        ": keep-alive\r\n\r\ndata: {role}\r\n\r\ndata:{}\r\n\r\ndata: {}\r\n\r\ndata: [DONE]",
        chunk(TURN),
        usage_chunk(3, 4)
    );
    Mock::given(method("POST"))
        .respond_with(
            ResponseTemplate::new(200)
                .insert_header("content-type", "text/event-stream")
                .set_body_string(body),
        )
        .mount(&server)
        .await;
    let m = streaming(&server);
    let seen = record(&m);
    let reply = m.complete(&request()).await.unwrap();
    assert_eq!(reply.content, TURN);
    assert_eq!(reply.usage.unwrap().completion_tokens, 4);
    let seen = seen.lock().unwrap().clone();
    assert_eq!(
        seen.iter()
            .filter(|p| !matches!(p, Progress::Waiting { .. }))
            .copied()
            .collect::<Vec<_>>(),
        vec![
            Progress::FirstToken,
            Progress::Received(TURN.len()),
            Progress::Done
        ],
        "an empty role-only delta is not the first token"
    );
}

#[tokio::test]
async fn a_vllm_style_error_object_in_a_stream_is_an_error() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .respond_with(sse(&[
            &chunk("{"),
            r#"{"object": "error", "message": "prompt too long for KV cache", "type": "BadRequestError", "code": 400}"#,
            "[DONE]",
        ]))
        .mount(&server)
        .await;
    let e = streaming(&server).complete(&request()).await.unwrap_err();
    assert_eq!(
        e.to_string(),
        "the model's reply stream broke off: the server sent an error: prompt too long for KV cache (code 400)"
    );
}
