//! Streamed replies and progress against a mock server: a stream must end with `[DONE]`;
//! one that breaks off, carries an error or stalls is an error, never a truncated turn.

use std::sync::{Arc, Mutex};
use std::time::Duration;

use crate::support::*;
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

/// The Section reports for these keys, numbered from 0.
fn sections(keys: &[&str]) -> Vec<Progress> {
    keys.iter()
        .enumerate()
        .map(|(index, key)| Progress::Section {
            key: (*key).to_string(),
            index,
        })
        .collect()
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
    // The first 20 characters, `{"facts":[],"questio`, complete one key.
    let mut expected = vec![Progress::FirstToken];
    expected.extend(sections(&["facts"]));
    expected.push(Progress::Received(20));
    expected.extend(
        sections(&["facts", "questions", "phase_complete", "no_requirement"])
            .into_iter()
            .skip(1),
    );
    expected.extend([Progress::Received(TURN.len()), Progress::Done]);
    assert_eq!(without_waits, expected);
}

/// The prompt tokens a server's cache reused are kept wherever the stream says them:
/// OpenAI beside the usage, llama.cpp's server in `timings`, maybe in a chunk of its own.
#[tokio::test]
async fn cached_prompt_tokens_are_read_from_a_stream() {
    let openai = json!({"choices": [], "usage": {"prompt_tokens": 2006, "completion_tokens": 9,
        "prompt_tokens_details": {"cached_tokens": 1920}}})
    .to_string();
    let timings = json!({"choices": [], "timings": {"cache_n": 236, "prompt_n": 1}}).to_string();
    for (events, cached, prompt) in [
        (vec![openai.as_str(), "[DONE]"], Some(1920), 2006),
        (
            vec![timings.as_str(), &usage_chunk(237, 9), "[DONE]"],
            Some(236),
            237,
        ),
        (
            vec![&usage_chunk(237, 9), timings.as_str(), "[DONE]"],
            Some(236),
            237,
        ),
        (vec![&usage_chunk(7, 9), "[DONE]"], None, 7),
    ] {
        let server = MockServer::start().await;
        let mut all = vec![chunk(TURN)];
        all.extend(events.iter().map(|e| e.to_string()));
        let all: Vec<&str> = all.iter().map(String::as_str).collect();
        Mock::given(method("POST"))
            .respond_with(sse(&all))
            .mount(&server)
            .await;
        let usage = streaming(&server)
            .complete(&request())
            .await
            .unwrap()
            .usage
            .unwrap();
        assert_eq!((usage.cached_tokens, usage.prompt_tokens), (cached, prompt));
    }
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
    assert!(matches!(e, ModelError::Stream { .. }), "{e:?}");
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
    // A draft still streams: its progress is worth more than its token count.
    let mut draft = request();
    draft.kind = specwright_core::TurnKind::Draft;
    m.complete(&draft).await.unwrap();
    let sent = bodies(&server).await;
    assert_eq!(sent[0]["stream"], true);
    assert!(sent[1].get("stream").is_none());
    assert_eq!(sent[2]["stream"], true);
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
            .cloned()
            .collect::<Vec<_>>(),
        [
            vec![Progress::FirstToken],
            sections(&["facts", "questions", "phase_complete", "no_requirement"]),
            vec![Progress::Received(TURN.len()), Progress::Done]
        ]
        .concat(),
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

/// A draft's nine sections, about 6.5 KB of JSON, like a real draft reply.
fn draft_text() -> String {
    let text = |n: usize| "The service keeps every alert it routes for thirty days. ".repeat(3 * n);
    json!({
        "overview": {"problem_statement": text(3), "goals": [text(1), text(1)], "non_goals": [text(1)]},
        "use_cases": [{"name": "Route an alert", "actor": "on-call engineer", "flow": [text(2), text(2)]}],
        "data_models": [{"name": "Rule", "fields": [{"name": "team", "type": "string", "notes": text(1)}]}],
        "api_contracts": [{"name": "POST /alerts", "request": text(2), "response": text(2)}],
        "error_handling": [{"case": "chat service down", "behaviour": text(3)}],
        "non_functional": {"performance": text(2), "security": text(2), "reliability": text(2)},
        "dependencies": [{"name": "Slack API", "why": text(2)}],
        "testing": {"unit": text(2), "integration": text(2)},
        "open_questions": [text(2)]
    })
    .to_string()
}

const DRAFT_KEYS: [&str; 9] = [
    "overview",
    "use_cases",
    "data_models",
    "api_contracts",
    "error_handling",
    "non_functional",
    "dependencies",
    "testing",
    "open_questions",
];

#[tokio::test]
async fn sections_are_reported_while_the_stream_is_still_open() {
    let (url, tx) = trickle_server("text/event-stream").await;
    let m = Arc::new(model_at(&url, |s| {
        s.stream = true;
        s.max_retries = 0;
    }));
    let (seen_tx, mut seen_rx) = tokio::sync::mpsc::unbounded_channel();
    m.set_progress(Arc::new(move |p| {
        let _ = seen_tx.send(p);
    }));
    let task = tokio::spawn({
        let m = m.clone();
        async move { m.complete(&request()).await }
    });
    let text = format!("```json\n{}\n```", draft_text());
    // Each piece is sent only after the previous piece's sections were reported: were
    // they reported only at the end, this would wait forever (and time out).
    let cuts: Vec<usize> = DRAFT_KEYS
        .iter()
        .map(|k| text.find(&format!("\"{k}\"")).unwrap() + 3)
        .chain([text.len()])
        .collect();
    let mut from = 0;
    let mut keys = Vec::new();
    for (i, cut) in cuts.iter().enumerate() {
        tx.send(event(&chunk(&text[from..*cut]))).await.unwrap();
        from = *cut;
        // The key cut after its third byte is completed by the next piece.
        if (1..DRAFT_KEYS.len()).contains(&i) {
            loop {
                let p = tokio::time::timeout(Duration::from_secs(10), seen_rx.recv())
                    .await
                    .expect("a section was not reported until more of the stream came")
                    .unwrap();
                if let Progress::Section { key, index } = p {
                    assert_eq!(index, keys.len());
                    keys.push(key);
                    break;
                }
            }
        }
    }
    tx.send(event(&usage_chunk(1, 1))).await.unwrap();
    tx.send(event("[DONE]")).await.unwrap();
    drop(tx);
    let reply = task.await.unwrap().unwrap();
    while let Ok(p) = seen_rx.try_recv() {
        if let Progress::Section { key, .. } = p {
            keys.push(key);
        }
    }
    assert_eq!(keys, DRAFT_KEYS);
    assert_eq!(
        reply.content,
        draft_text(),
        "the fences are gone, the JSON whole"
    );
}

/// Prints, for a draft streamed slowly (16 characters at a time, 5 ms apart), when each
/// section was first reported against when the whole reply was in. Only the order is
/// asserted (tests never assert on wall-clock time); the figures are for the report.
#[tokio::test]
async fn a_slow_draft_reports_its_first_section_long_before_it_ends() {
    let (url, tx) = trickle_server("text/event-stream").await;
    let text = draft_text();
    let pieces: Vec<String> = text
        .as_bytes()
        .chunks(16)
        .map(|c| String::from_utf8(c.to_vec()).unwrap())
        .collect();
    let piece_count = pieces.len();
    let producer = tokio::spawn(async move {
        for piece in pieces {
            tokio::time::sleep(Duration::from_millis(5)).await;
            tx.send(event(&chunk(&piece))).await.unwrap();
        }
        tx.send(event(&usage_chunk(1, 1))).await.unwrap();
        tx.send(event("[DONE]")).await.unwrap();
    });
    let m = model_at(&url, |s| {
        s.stream = true;
        s.max_retries = 0;
    });
    let started = std::time::Instant::now();
    let times = Arc::new(Mutex::new(Vec::new()));
    let log = times.clone();
    m.set_progress(Arc::new(move |p| {
        log.lock().unwrap().push((started.elapsed(), p));
    }));
    let reply = m.complete(&request()).await.unwrap();
    let whole = started.elapsed();
    producer.await.unwrap();
    assert_eq!(reply.content, text);
    let times = times.lock().unwrap().clone();
    let sections: Vec<(Duration, String)> = times
        .iter()
        .filter_map(|(t, p)| match p {
            Progress::Section { key, .. } => Some((*t, key.clone())),
            _ => None,
        })
        .collect();
    assert_eq!(
        sections.iter().map(|(_, k)| k.as_str()).collect::<Vec<_>>(),
        DRAFT_KEYS
    );
    let first = sections[0].0;
    assert!(first < whole);
    println!(
        "slow draft: {} bytes in {piece_count} events, 5 ms apart; first section after {:.1} ms, whole reply after {:.1} ms ({:.1}%)",
        text.len(),
        first.as_secs_f64() * 1000.0,
        whole.as_secs_f64() * 1000.0,
        100.0 * first.as_secs_f64() / whole.as_secs_f64()
    );
    for (i, (t, key)) in sections.iter().enumerate() {
        println!(
            "  {key}, {} of {}: {:.1} ms",
            i + 1,
            DRAFT_KEYS.len(),
            t.as_secs_f64() * 1000.0
        );
    }
}
