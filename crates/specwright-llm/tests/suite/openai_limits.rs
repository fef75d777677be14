//! Bounded input: a reply may not grow past `max_reply_bytes` nor take longer than
//! `max_reply_secs`, however the server sends it. Each breach is its own error, named with
//! the setting that raises it, and is not retried.
//!
//! Bodies written a piece at a time come from `trickle_server` (wiremock sends a whole body
//! at once, so it cannot stream forever or trickle).

use std::time::Duration;

use crate::support::*;
use specwright_llm::openai::{DEFAULT_MAX_REPLY_BYTES, DEFAULT_MAX_REPLY_TIME, OpenAiSettings};
use specwright_llm::{ChatModel, ModelError};
use wiremock::matchers::method;
use wiremock::{Mock, MockServer, ResponseTemplate};

const LIMIT: usize = 64 * 1024;

#[tokio::test]
async fn a_huge_body_is_refused_without_being_read() {
    let server = MockServer::start().await;
    let huge = completion(&"x".repeat(20 * 1024 * 1024)).to_string();
    Mock::given(method("POST"))
        .respond_with(ResponseTemplate::new(200).set_body_raw(huge, "application/json"))
        .mount(&server)
        .await;
    let e = err(&server, |s| s.max_reply_bytes = LIMIT).await;
    assert_eq!(e, ModelError::ReplyTooLarge { limit: LIMIT });
    assert_eq!(
        e.to_string(),
        "the model's reply was longer than 65536 bytes; raise `max_reply_bytes` if replies this long are expected"
    );
    assert_eq!(
        bodies(&server).await.len(),
        1,
        "a size breach is not retried"
    );
}

#[tokio::test]
async fn a_body_without_a_length_that_never_ends_is_cut_at_the_limit() {
    let (url, tx) = trickle_server("application/json").await;
    let producer = send_forever(tx, vec![b' '; 4096], Duration::ZERO);
    let e = model_at(&url, |s| s.max_reply_bytes = LIMIT)
        .complete(&request())
        .await
        .unwrap_err();
    assert_eq!(e, ModelError::ReplyTooLarge { limit: LIMIT });
    // The client hung up: the producer stops (what it sent includes the socket buffers).
    producer.await.unwrap();
}

#[tokio::test]
async fn a_stream_that_never_ends_is_cut_at_the_limit() {
    let (url, tx) = trickle_server("text/event-stream").await;
    let producer = send_forever(tx, event(&chunk(&"y".repeat(1000))), Duration::ZERO);
    let e = model_at(&url, |s| {
        s.stream = true;
        s.max_retries = 0;
        s.max_reply_bytes = LIMIT;
    })
    .complete(&request())
    .await
    .unwrap_err();
    assert_eq!(e, ModelError::ReplyTooLarge { limit: LIMIT });
    producer.await.unwrap();
}

#[tokio::test]
async fn one_endless_event_line_is_cut_at_the_limit_too() {
    let (url, tx) = trickle_server("text/event-stream").await;
    tx.send(b"data: {\"choices\": [{\"delta\": {\"content\": \"".to_vec())
        .await
        .unwrap();
    let producer = send_forever(tx, vec![b'z'; 4096], Duration::ZERO);
    let e = model_at(&url, |s| {
        s.stream = true;
        s.max_retries = 0;
        s.max_reply_bytes = LIMIT;
    })
    .complete(&request())
    .await
    .unwrap_err();
    assert_eq!(e, ModelError::ReplyTooLarge { limit: LIMIT });
    producer.await.unwrap();
}

#[tokio::test]
async fn a_stream_that_trickles_past_the_total_time_is_stopped() {
    let (url, tx) = trickle_server("text/event-stream").await;
    // A keep-alive every 50 ms: the idle timeout (5 s) never fires.
    let producer = send_forever(tx, b": keep-alive\n\n".to_vec(), Duration::from_millis(50));
    let limit = Duration::from_millis(700);
    let m = model_at(&url, |s| {
        s.stream = true;
        s.max_retries = 2;
        s.max_reply_time = limit;
    });
    let e = m.complete(&request()).await.unwrap_err();
    assert_eq!(e, ModelError::ReplyTooSlow { limit });
    assert_eq!(
        e.to_string(),
        "the model's reply took longer than 0.7 s; raise `max_reply_secs` if the model is this slow"
    );
    assert!(!e.is_retryable(), "a slow server is not asked again");
    producer.await.unwrap();
}

#[tokio::test]
async fn an_unstreamed_body_that_trickles_past_the_total_time_is_stopped() {
    let (url, tx) = trickle_server("application/json").await;
    let producer = send_forever(tx, b" ".to_vec(), Duration::from_millis(50));
    let limit = Duration::from_millis(500);
    let e = model_at(&url, |s| s.max_reply_time = limit)
        .complete(&request())
        .await
        .unwrap_err();
    assert_eq!(e, ModelError::ReplyTooSlow { limit });
    producer.await.unwrap();
}

#[tokio::test]
async fn replies_within_the_limits_pass() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .respond_with(sse(&[&chunk(TURN), &usage_chunk(1, 1), "[DONE]"]))
        .mount(&server)
        .await;
    let reply = model(&server, |s| {
        s.stream = true;
        s.max_reply_bytes = TURN.len();
    })
    .complete(&request())
    .await
    .unwrap();
    assert_eq!(reply.content, TURN, "exactly the limit is allowed");
}

#[test]
fn the_limits_have_sensible_defaults() {
    let s = OpenAiSettings::new("http://127.0.0.1:9/v1", "m");
    assert_eq!(
        (s.max_reply_bytes, s.max_reply_time),
        (DEFAULT_MAX_REPLY_BYTES, DEFAULT_MAX_REPLY_TIME)
    );
    assert_eq!(
        (DEFAULT_MAX_REPLY_BYTES, DEFAULT_MAX_REPLY_TIME),
        (8 * 1024 * 1024, Duration::from_secs(3600))
    );
}

#[tokio::test]
async fn a_huge_error_body_is_read_only_as_far_as_its_message_needs() {
    let server = MockServer::start().await;
    let body = format!("upstream overloaded {}", "x".repeat(2 * 1024 * 1024));
    Mock::given(method("POST"))
        .respond_with(ResponseTemplate::new(503).set_body_string(body))
        .mount(&server)
        .await;
    let e = err(&server, |s| s.max_retries = 0).await;
    let text = e.to_string();
    assert!(
        text.starts_with("the model server answered HTTP 503: upstream overloaded xxx")
            && text.ends_with('…'),
        "{text}"
    );
}
