//! The API key never reaches a log line at any level, even when a server echoes it back.
//!
//! A test binary of its own: it captures logs with a thread-local subscriber, and tracing
//! caches each log site's interest globally, so in a binary whose other tests hit the same
//! sites at the same moment on other threads, a line can be missed now and then.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod support;

use std::io::Write;
use std::sync::{Arc, Mutex};

use serde_json::json;
use specwright_llm::ChatModel;
use support::*;
use wiremock::matchers::{header, method};
use wiremock::{Mock, MockServer, ResponseTemplate};

#[derive(Clone, Default)]
struct Capture(Arc<Mutex<Vec<u8>>>);

impl Write for Capture {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.0.lock().unwrap().extend_from_slice(buf);
        Ok(buf.len())
    }
    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

#[tokio::test]
async fn the_key_never_reaches_a_log_line_at_trace_level() {
    let capture = Capture::default();
    let writer = capture.clone();
    let subscriber = tracing_subscriber::fmt()
        .with_max_level(tracing::Level::TRACE)
        .with_ansi(false)
        .with_writer(move || writer.clone())
        .finish();
    // The test runtime is single-threaded, so every event of the client lands here.
    let _guard = tracing::subscriber::set_default(subscriber);

    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(header("authorization", format!("Bearer {KEY}").as_str()))
        .respond_with(ByFormat {
            reject: vec!["json_schema"],
            status: 500,
            reply: TURN.into(),
        })
        .mount(&server)
        .await;
    let m = model(&server, |_| {});
    m.complete(&request()).await.unwrap();

    let echo = MockServer::start().await;
    Mock::given(method("POST"))
        .respond_with(
            ResponseTemplate::new(503).set_body_json(
                json!({"error": {"message": format!("upstream rejected key {KEY}")}}),
            ),
        )
        .mount(&echo)
        .await;
    let e = model(&echo, |_| {}).complete(&request()).await.unwrap_err();
    assert_eq!(
        e.to_string(),
        "the model server answered HTTP 503: upstream rejected key [REDACTED]"
    );

    let log = String::from_utf8(capture.0.lock().unwrap().clone()).unwrap();
    assert!(
        log.contains("INFO")
            && log.contains("falling back")
            && log.contains("json_object with schema"),
        "the format switch is logged at info: {log}"
    );
    assert!(log.contains("retrying the model request"), "{log}");
    // Each reply ends with one line: its kind, time, and the server's token counts.
    assert!(
        log.contains("model reply") && log.contains("kind=interview"),
        "{log}"
    );
    assert!(log.contains("cached_tokens=not reported"), "{log}");
    assert!(!log.contains(SECRET_PART), "{log}");
}
