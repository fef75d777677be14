//! Transport faults against a mock server: retries and Retry-After, errors that must fail
//! at once with what to fix, error bodies of every shape, timeouts, and the key kept
//! secret throughout. Each test asserts what the client did and what it said.

use std::time::Duration;

use crate::support::*;
use serde_json::json;
use specwright_llm::openai::{OpenAiModel, OpenAiSettings, Progress, Retry, Trouble};
use specwright_llm::{ChatModel, ModelError};
use wiremock::matchers::{method, path, query_param};
use wiremock::{Mock, MockServer, ResponseTemplate};

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
    assert_eq!(content(&server, |_| {}).await, TURN);
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
    assert_eq!(content(&server, |_| {}).await, TURN);
    assert_eq!(bodies(&server).await.len(), 2);
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
    // Uncapped, this would wait an hour; the cap makes it a tenth of a second.
    let reply = tokio::time::timeout(
        Duration::from_secs(20),
        model(&server, |s| s.retry_cap = Duration::from_millis(100)).complete(&request()),
    )
    .await
    .expect("the wait was not capped");
    assert_eq!(reply.unwrap().content, TURN);
}

#[tokio::test]
async fn retry_after_ms_is_preferred_to_retry_after() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .respond_with(fail_then(
            1,
            ResponseTemplate::new(429)
                .insert_header("retry-after", "3600")
                .insert_header("retry-after-ms", "20"),
        ))
        .mount(&server)
        .await;
    let reply = tokio::time::timeout(
        Duration::from_secs(20),
        model(&server, |s| s.retry_cap = Duration::from_secs(600)).complete(&request()),
    )
    .await
    .expect("retry-after-ms was ignored");
    assert_eq!(reply.unwrap().content, TURN);
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
    assert_eq!(content(&server, |_| {}).await, TURN);
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
    let sent = bodies(&server).await;
    assert_eq!(
        sent.len(),
        3,
        "one try and two retries, no format fallback for a 503"
    );
    assert!(sent.iter().all(|b| format_of(b) == "json_schema"));
}

#[tokio::test]
async fn a_429_that_never_clears_ends_as_rate_limited() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .respond_with(ResponseTemplate::new(429).insert_header("retry-after", "0"))
        .mount(&server)
        .await;
    let e = err(&server, |_| {}).await;
    assert_eq!(
        e,
        ModelError::RateLimited {
            retry_after: Some(Duration::ZERO)
        }
    );
    assert_eq!(
        e.to_string(),
        "the model server is rate limiting requests (HTTP 429); it asked to wait 0 s"
    );
    assert_eq!(
        bodies(&server).await.len(),
        3,
        "a 429 is never taken for a format problem"
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
    assert_eq!(
        e.to_string(),
        "the account behind the API key has no quota left: You exceeded your current quota. (insufficient_quota); add credit or use another key"
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
    assert_eq!(
        e.to_string(),
        "the model server rejected the API key (HTTP 401): Incorrect API key provided: [REDACTED]. (invalid_api_key); check OPENAI_API_KEY or the `api_key` setting"
    );
    assert!(!format!("{e:?}").contains(SECRET_PART), "{e:?}");
    assert_eq!(bodies(&server).await.len(), 1);
}

#[tokio::test]
async fn a_401_without_a_key_says_none_is_configured() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .respond_with(
            ResponseTemplate::new(401)
                .set_body_json(json!({"error": {"message": "Missing bearer authentication"}})),
        )
        .mount(&server)
        .await;
    let e = err(&server, |s| s.api_key = None).await;
    assert_eq!(
        e.to_string(),
        "the model server rejected the API key (HTTP 401): Missing bearer authentication (no API key is configured); check OPENAI_API_KEY or the `api_key` setting"
    );
    let sent = server.received_requests().await.unwrap();
    assert!(sent[0].headers.get("authorization").is_none());
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
        "the API key may not use this model or endpoint (HTTP 403): Project does not have access to model (code 403); check the key's project permissions and the model name"
    );
    assert_eq!(bodies(&server).await.len(), 1);
}

#[tokio::test]
async fn error_bodies_with_numeric_codes_plain_strings_details_or_html_are_readable() {
    let long_page = format!(
        "<html><head><title>Error</title></head><body><p>{}</p></body></html>",
        "gateway trouble ".repeat(40)
    );
    for (status, body, expected) in [
        (
            404,
            r#"{"error":{"message":"model 'x' not found","code":404}}"#.to_string(),
            "the model server answered HTTP 404: model 'x' not found (code 404)".to_string(),
        ),
        (
            404,
            r#"{"error":"model not loaded"}"#.into(),
            "the model server answered HTTP 404: model not loaded".into(),
        ),
        (
            404,
            r#"{"detail":"Not Found"}"#.into(),
            "the model server answered HTTP 404: Not Found".into(),
        ),
        (
            404,
            "404 page not found\n".into(),
            "the model server answered HTTP 404: 404 page not found".into(),
        ),
        (
            502,
            "<html><head><title>502 Bad Gateway</title></head><body><h1>502 Bad Gateway</h1><hr><center>nginx/1.25.3</center></body></html>".into(),
            "the model server answered HTTP 502: 502 Bad Gateway nginx/1.25.3".into(),
        ),
        (
            502,
            long_page,
            format!("the model server answered HTTP 502: Error {}…", "gateway trouble ".repeat(40).chars().take(194).collect::<String>()),
        ),
    ] {
        let server = MockServer::start().await;
        Mock::given(method("POST"))
            .respond_with(ResponseTemplate::new(status).set_body_string(body))
            .mount(&server)
            .await;
        let e = err(&server, |s| s.max_retries = 0).await;
        assert_eq!(e.to_string(), expected);
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
        s.max_retries = 2;
    })
    .await;
    assert!(matches!(e, ModelError::IdleTimeout { .. }), "{e:?}");
    assert_eq!(
        e.to_string(),
        format!(
            "the model server at {}/v1 sent nothing for 0 s; raise the idle timeout if the model is slow",
            server.uri()
        )
    );
    assert_eq!(
        bodies(&server).await.len(),
        1,
        "a slow model is not asked again"
    );
}

#[tokio::test]
async fn an_unreachable_server_is_named_without_its_password() {
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let port = listener.local_addr().unwrap().port();
    drop(listener);
    let mut s = OpenAiSettings::new(format!("http://admin:hunter2pw@127.0.0.1:{port}/v1"), "m");
    s.max_retries = 1;
    s.retry_base = Duration::from_millis(5);
    s.stream = false;
    let m = OpenAiModel::new(s).unwrap();
    assert_eq!(m.describe(), format!("m at http://127.0.0.1:{port}/v1"));
    assert!(!format!("{m:?}").contains("hunter2pw"), "{m:?}");
    let e = m.complete(&request()).await.unwrap_err();
    assert!(matches!(e, ModelError::Connect { .. }), "{e:?}");
    let text = e.to_string();
    assert!(
        text.starts_with(&format!(
            "could not reach the model server at http://127.0.0.1:{port}/v1: "
        )) && text.to_lowercase().contains("refused"),
        "{text}"
    );
    assert!(!text.contains("hunter2pw") && !format!("{e:?}").contains("hunter2pw"));
}

#[tokio::test]
async fn a_base_url_with_a_query_keeps_it_and_a_full_endpoint_is_used_as_is() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path("/openai/deployments/gpt4o/chat/completions"))
        .and(query_param("api-version", "2024-10-21"))
        .respond_with(ok(TURN))
        .expect(1)
        .mount(&server)
        .await;
    Mock::given(method("POST"))
        .and(path("/v1/chat/completions"))
        .respond_with(ok(TURN))
        .expect(1)
        .mount(&server)
        .await;
    let azure_style = format!(
        "{}/openai/deployments/gpt4o/?api-version=2024-10-21",
        server.uri()
    );
    assert_eq!(content(&server, |s| s.base_url = azure_style).await, TURN);
    let full = format!("{}/v1/chat/completions", server.uri());
    assert_eq!(content(&server, |s| s.base_url = full).await, TURN);
}

#[test]
fn a_base_url_that_is_not_http_is_refused_in_one_sentence() {
    for (url, expected) in [
        (
            "localhost:8080/v1",
            "the model configuration is invalid: the base URL \"localhost:8080/v1\" must start with http:// or https://",
        ),
        (
            "not a url",
            "the model configuration is invalid: the base URL \"not a url\" is not a URL (relative URL without a base)",
        ),
    ] {
        let e = OpenAiModel::new(OpenAiSettings::new(url, "m")).unwrap_err();
        assert_eq!(e.to_string(), expected);
    }
}

#[tokio::test]
async fn the_key_never_shows_in_debug_output() {
    let server = MockServer::start().await;
    let m = model(&server, |_| {});
    let debug = format!("{m:?}");
    assert!(
        debug.contains("sk-…0042") && !debug.contains(SECRET_PART),
        "{debug}"
    );
    let debug = format!("{:?}", settings(&server));
    assert!(!debug.contains(SECRET_PART), "{debug}");
}

/// The `Retrying` reports among `seen`, and what else came, in order.
fn retries(seen: &[Progress]) -> Vec<Retry> {
    seen.iter()
        .filter_map(|p| match p {
            Progress::Retrying(r) => Some(r.clone()),
            _ => None,
        })
        .collect()
}

#[tokio::test]
async fn each_retry_is_reported_before_its_pause_with_what_happened() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .respond_with(fail_then(
            2,
            ResponseTemplate::new(503).set_body_string("Service Unavailable"),
        ))
        .mount(&server)
        .await;
    let m = model(&server, |_| {});
    let seen = record(&m);
    assert_eq!(m.complete(&request()).await.unwrap().content, TURN);
    let seen = without_waits(&seen);
    assert_eq!(
        seen.iter()
            .map(|p| match p {
                Progress::Retrying(r) => format!("retry {} of {}: {:?}", r.retry, r.of, r.trouble),
                other => format!("{other:?}"),
            })
            .collect::<Vec<_>>(),
        [
            "retry 1 of 2: Status(503)",
            "retry 2 of 2: Status(503)",
            "FirstToken",
            &format!("Received({})", TURN.len()),
            "Done"
        ]
    );
    // Backoff from 5 ms, doubling, with jitter in [half, whole).
    let delays: Vec<Duration> = retries(&seen).iter().map(|r| r.delay).collect();
    assert!(
        delays[0] >= Duration::from_micros(2500) && delays[0] <= Duration::from_millis(5),
        "{delays:?}"
    );
    assert!(
        delays[1] >= Duration::from_millis(5) && delays[1] <= Duration::from_millis(10),
        "{delays:?}"
    );
    let line = seen[1].line();
    assert!(
        line.starts_with("503 from the server, retry 2 of 2 in ") && line.ends_with(" ms"),
        "{line}"
    );
}

#[tokio::test]
async fn a_refused_connection_is_reported_before_each_retry_then_fails() {
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let port = listener.local_addr().unwrap().port();
    drop(listener);
    let m = model_at(&format!("http://127.0.0.1:{port}/v1"), |_| {});
    let seen = record(&m);
    let e = m.complete(&request()).await.unwrap_err();
    assert!(matches!(e, ModelError::Connect { .. }), "{e:?}");
    let seen = without_waits(&seen);
    let troubles: Vec<(u32, Trouble)> = retries(&seen)
        .into_iter()
        .map(|r| (r.retry, r.trouble))
        .collect();
    let refused = Trouble::Connect {
        reason: "connection refused".into(),
    };
    assert_eq!(troubles, [(1, refused.clone()), (2, refused)]);
    assert_eq!(seen.last(), Some(&Progress::Done));
    assert!(
        seen[0]
            .line()
            .starts_with("no connection to the server (connection refused), retry 1 of 2 in "),
        "{}",
        seen[0].line()
    );
}

#[tokio::test]
async fn a_429_reports_the_wait_the_server_asked_for() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .respond_with(fail_then(
            1,
            ResponseTemplate::new(429).insert_header("retry-after", "0"),
        ))
        .mount(&server)
        .await;
    let m = model(&server, |_| {});
    let seen = record(&m);
    m.complete(&request()).await.unwrap();
    let seen = without_waits(&seen);
    assert_eq!(
        seen[0],
        Progress::Retrying(Retry {
            trouble: Trouble::RateLimited {
                asked: Some(Duration::ZERO)
            },
            retry: 1,
            of: 2,
            delay: Duration::ZERO,
        })
    );
    assert_eq!(
        seen[0].line(),
        "429 from the server (rate limited, asked to wait 0 s), retry 1 of 2 in 0 ms"
    );
}

#[tokio::test]
async fn a_broken_stream_is_reported_before_it_is_asked_again() {
    let server = MockServer::start().await;
    struct BrokenThenWhole(std::sync::atomic::AtomicUsize);
    impl wiremock::Respond for BrokenThenWhole {
        fn respond(&self, _: &wiremock::Request) -> ResponseTemplate {
            if self.0.fetch_add(1, std::sync::atomic::Ordering::SeqCst) == 0 {
                sse(&[&chunk("{\"facts\": [")])
            } else {
                sse(&[&chunk(TURN), &usage_chunk(1, 1), "[DONE]"])
            }
        }
    }
    Mock::given(method("POST"))
        .respond_with(BrokenThenWhole(Default::default()))
        .mount(&server)
        .await;
    let m = model(&server, |s| s.stream = true);
    let seen = record(&m);
    m.complete(&request()).await.unwrap();
    let seen = without_waits(&seen);
    let at = seen
        .iter()
        .position(|p| matches!(p, Progress::Retrying(_)))
        .unwrap();
    assert_eq!(
        retries(&seen)[0].trouble,
        Trouble::StreamBroken {
            reason: "the server closed the stream before it was complete (no [DONE])".into()
        }
    );
    assert!(
        matches!(&seen[at - 1], Progress::Received(_)),
        "the broken reply's progress comes first: {seen:?}"
    );
    assert!(
        matches!(&seen[at + 1], Progress::FirstToken)
            && matches!(&seen[at + 2], Progress::Section { index: 0, .. }),
        "the retried reply's sections count from 0 again: {seen:?}"
    );
}

#[tokio::test]
async fn an_idle_timeout_is_not_retried_so_it_reports_no_retry() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .respond_with(ok(TURN).set_delay(Duration::from_secs(3)))
        .mount(&server)
        .await;
    let m = model(&server, |s| s.idle_timeout = Duration::from_millis(300));
    let seen = record(&m);
    let e = m.complete(&request()).await.unwrap_err();
    assert!(matches!(e, ModelError::IdleTimeout { .. }), "{e:?}");
    assert_eq!(without_waits(&seen), [Progress::Done]);
}

#[tokio::test]
async fn a_failed_client_keeps_the_connection_error_as_its_source() {
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let port = listener.local_addr().unwrap().port();
    drop(listener);
    let e = model_at(&format!("http://127.0.0.1:{port}/v1"), |s| {
        s.max_retries = 0
    })
    .complete(&request())
    .await
    .unwrap_err();
    let io = std::iter::successors(Some(&e as &(dyn std::error::Error + 'static)), |e| {
        e.source()
    })
    .find_map(|e| e.downcast_ref::<std::io::Error>())
    .expect("an io::Error in the chain");
    assert_eq!(io.kind(), std::io::ErrorKind::ConnectionRefused);
}

#[test]
fn a_base_url_that_does_not_parse_keeps_the_parse_error() {
    let e = OpenAiModel::new(OpenAiSettings::new("http://[oops/v1", "m")).unwrap_err();
    let source = std::error::Error::source(&e).unwrap();
    assert_eq!(
        source.downcast_ref::<url::ParseError>(),
        Some(&url::ParseError::InvalidIpv6Address)
    );
    assert_eq!(
        e.to_string(),
        "the model configuration is invalid: the base URL \"http://[oops/v1\" is not a URL (invalid IPv6 address)"
    );
}
