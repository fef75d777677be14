//! Secrets a server echoes back, or that a URL carries, never reach the reply the client
//! returns nor any message: the API key, a password in the base URL, secret query values.
//! (That they never reach a log line is tested in `tests/logs.rs`.)

use crate::support::*;
use serde_json::json;
use specwright_llm::{ChatModel, ModelError};
use wiremock::matchers::method;
use wiremock::{Mock, MockServer, ResponseTemplate};

/// A server that puts the request's credentials (its `Authorization` header, and its URL)
/// into whatever it sends back, as a misconfigured proxy or a hostile server might.
struct Echo {
    reply: fn(echoed: String) -> ResponseTemplate,
}

impl wiremock::Respond for Echo {
    fn respond(&self, req: &wiremock::Request) -> ResponseTemplate {
        let auth = req
            .headers
            .get("authorization")
            .and_then(|v| v.to_str().ok())
            .unwrap_or("")
            .to_string();
        (self.reply)(format!("{auth} {}", req.url))
    }
}

fn echoing(reply: fn(String) -> ResponseTemplate) -> Mock {
    Mock::given(method("POST")).respond_with(Echo { reply })
}

#[tokio::test]
async fn a_key_echoed_into_the_reply_is_redacted_streamed_or_not() {
    let server = MockServer::start().await;
    echoing(|echoed| ok(&format!("{{\"note\": \"you sent {echoed}\"}}")))
        .mount(&server)
        .await;
    let reply = content(&server, |_| {}).await;
    assert!(
        reply.starts_with(r#"{"note": "you sent Bearer [REDACTED] http://"#)
            && reply.ends_with("/v1/chat/completions\"}"),
        "{reply}"
    );

    // Streamed, with the key split across two events.
    let server = MockServer::start().await;
    echoing(|echoed| {
        let text = format!("{{\"note\": \"{echoed}\"}}");
        let cut = text.find("VERYSECRET").unwrap() + 4;
        sse(&[
            &chunk(&text[..cut]),
            &chunk(&text[cut..]),
            &usage_chunk(1, 1),
            "[DONE]",
        ])
    })
    .mount(&server)
    .await;
    let m = model(&server, |s| s.stream = true);
    let seen = record(&m);
    let reply = m.complete(&request()).await.unwrap().content;
    assert!(
        reply.starts_with(r#"{"note": "Bearer [REDACTED] http://"#),
        "{reply}"
    );
    assert!(!reply.contains(SECRET_PART), "{reply}");
    assert!(!format!("{:?}", seen.lock().unwrap()).contains(SECRET_PART));
}

#[tokio::test]
async fn a_key_echoed_into_a_stream_error_event_or_a_refusal_is_redacted() {
    let server = MockServer::start().await;
    echoing(|echoed| {
        let error = json!({"error": {"message": format!("bad credentials: {echoed}")}});
        sse(&[&chunk("{"), &error.to_string()])
    })
    .mount(&server)
    .await;
    let e = err(&server, |s| {
        s.stream = true;
        s.max_retries = 0;
    })
    .await;
    let text = e.to_string();
    assert!(
        text.starts_with(
            "the model's reply stream broke off: the server sent an error: bad credentials: Bearer [REDACTED] http://"
        ),
        "{text}"
    );
    assert!(!format!("{e:?}").contains(SECRET_PART), "{e:?}");

    let server = MockServer::start().await;
    echoing(|echoed| {
        ResponseTemplate::new(200).set_body_json(json!({
            "choices": [{"index": 0, "message": {"role": "assistant", "content": null,
                "refusal": format!("I will not use {echoed}")}, "finish_reason": "stop"}]
        }))
    })
    .mount(&server)
    .await;
    let e = err(&server, |_| {}).await;
    assert!(
        e.to_string()
            .starts_with("the model refused: I will not use Bearer [REDACTED] http://"),
        "{e}"
    );
}

#[tokio::test]
async fn a_password_in_the_base_url_never_appears_in_a_message() {
    let server = MockServer::start().await;
    echoing(|echoed| {
        ResponseTemplate::new(400)
            .set_body_json(json!({"error": {"message": format!("rejected {echoed} (hunter2pw)")}}))
    })
    .mount(&server)
    .await;
    let base = format!(
        "http://admin:hunter2pw@{}/v1",
        server.uri().trim_start_matches("http://")
    );
    let m = model(&server, |s| {
        s.base_url = base;
        s.api_key = None;
    });
    assert!(!m.describe().contains("hunter2pw"));
    let e = m.complete(&request()).await.unwrap_err();
    let text = e.to_string();
    // reqwest sends the URL's user info as `Authorization: Basic base64(admin:hunter2pw)`.
    assert!(
        text.starts_with("the model server answered HTTP 400: rejected Basic [REDACTED] http://")
            && text.ends_with("([REDACTED])"),
        "{text}"
    );
    let sent = &server.received_requests().await.unwrap()[0];
    let basic = sent.headers["authorization"].to_str().unwrap().to_string();
    let encoded = basic.trim_start_matches("Basic ");
    assert!(!format!("{e:?}").contains("hunter2pw") && !format!("{e:?}").contains(encoded));
}

#[tokio::test]
async fn secrets_in_a_query_string_are_masked_in_every_message() {
    let server = MockServer::start().await;
    echoing(|echoed| {
        ResponseTemplate::new(404).set_body_string(format!(
            "no deployment at {} (see https://login.example/cb?code=AUTHCODE77&state=ok)",
            echoed.trim()
        ))
    })
    .mount(&server)
    .await;
    let base = format!(
        "{}/openai/deployments/d?api-version=2024-10-21&api-key=QUERYSECRET9",
        server.uri()
    );
    let m = model(&server, |s| {
        s.base_url = base;
        s.api_key = None;
        s.max_retries = 0;
    });
    assert_eq!(
        m.describe(),
        format!(
            "test-model at {}/openai/deployments/d?api-version=2024-10-21&api-key=[REDACTED]",
            server.uri()
        )
    );
    assert!(!format!("{m:?}").contains("QUERYSECRET9"));
    let e = m.complete(&request()).await.unwrap_err();
    let text = e.to_string();
    assert!(
        text.starts_with("the model server answered HTTP 404: no deployment at http://")
            && text.ends_with(
                "/openai/deployments/d/chat/completions?api-version=2024-10-21&api-key=[REDACTED] (see https://login.example/cb?code=[REDACTED]&state=ok)"
            ),
        "{text}"
    );

    // The same URL, unreachable: the transport error names it masked.
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let port = listener.local_addr().unwrap().port();
    drop(listener);
    let m = model(&server, |s| {
        s.base_url = format!("http://127.0.0.1:{port}/v1?sig=SIGSECRET55&key=KEYSECRET66");
        s.max_retries = 0;
    });
    let e = m.complete(&request()).await.unwrap_err();
    let text = e.to_string();
    assert!(
        text.starts_with(&format!(
            "could not reach the model server at http://127.0.0.1:{port}/v1?sig=[REDACTED]&key=[REDACTED]: "
        )),
        "{text}"
    );
    let debug = format!("{e:?}");
    assert!(
        !debug.contains("SIGSECRET55") && !debug.contains("KEYSECRET66"),
        "{debug}"
    );
}

#[tokio::test]
async fn a_redirect_to_a_url_with_a_token_does_not_leak_it() {
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let port = listener.local_addr().unwrap().port();
    drop(listener);
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .respond_with(
            ResponseTemplate::new(307).insert_header(
                "location",
                format!("http://127.0.0.1:{port}/v1/chat/completions?access_token=REDIRECTTOKEN")
                    .as_str(),
            ),
        )
        .mount(&server)
        .await;
    let e = err(&server, |s| s.max_retries = 0).await;
    assert!(matches!(e, ModelError::Connect { .. }), "{e:?}");
    let chain: Vec<String> =
        std::iter::successors(Some(&e as &(dyn std::error::Error + 'static)), |e| {
            e.source()
        })
        .map(|e| format!("{e} {e:?}"))
        .collect();
    assert!(!chain.concat().contains("REDIRECTTOKEN"), "{chain:?}");
}
