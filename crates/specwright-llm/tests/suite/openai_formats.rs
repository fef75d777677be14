//! The structured-output ladder (json_schema, json_object with schema, schema in the
//! prompt, JSON taken from text) and lenient reading of replies, against a mock server.

use crate::support::*;
use serde_json::{Value, json};
use specwright_llm::openai::OutputMode;
use specwright_llm::{ChatModel, ModelError};
use wiremock::matchers::{header, method, path};
use wiremock::{Mock, MockServer, Request, Respond, ResponseTemplate};

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
    let formats: Vec<&str> = sent.iter().map(format_of).collect();
    // json_schema once (its 500 names response_format, so it is not retried), then
    // json_object with the schema for this and every later request.
    assert_eq!(
        formats,
        vec!["json_schema", "json_object_schema", "json_object_schema"]
    );
    assert_eq!(sent[2]["response_format"]["type"], "json_object");
    assert_eq!(sent[2]["response_format"]["schema"], request().schema);
}

#[tokio::test]
async fn a_bare_500_is_retried_then_the_next_format_is_tried() {
    let server = MockServer::start().await;
    struct Bare;
    impl Respond for Bare {
        fn respond(&self, req: &Request) -> ResponseTemplate {
            let body: Value = serde_json::from_slice(&req.body).unwrap();
            if format_of(&body) == "json_schema" {
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
    let formats: Vec<&str> = bodies(&server).await.iter().map(format_of).collect();
    assert_eq!(
        formats,
        vec![
            "json_schema",
            "json_schema",
            "json_schema",
            "json_object_schema"
        ],
        "a 500 that names nothing may be passing, so it is retried before falling back"
    );
    assert_eq!(m.output_mode(), OutputMode::JsonObjectWithSchema);
}

#[tokio::test]
async fn a_400_on_json_object_with_schema_puts_the_schema_in_the_prompt() {
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
        system.starts_with("You are specwright.")
            && system.contains("matches this JSON schema")
            && system.contains("\"phase_complete\""),
        "{system}"
    );
    assert_eq!(
        last["messages"][1]["content"], "Start.",
        "only the system prompt carries the schema"
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
    let last = bodies(&server).await.pop().unwrap();
    assert!(last.get("response_format").is_none(), "{last}");
    assert!(
        last["messages"][0]["content"]
            .as_str()
            .unwrap()
            .contains("matches this JSON schema")
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
    assert_eq!(content(&server, |_| {}).await, TURN);
}

#[tokio::test]
async fn a_server_that_ignores_the_schema_and_fences_its_json_still_yields_the_json() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .respond_with(ok(&format!("```json\n{TURN}\n```")))
        .mount(&server)
        .await;
    let m = model(&server, |_| {});
    assert_eq!(m.complete(&request()).await.unwrap().content, TURN);
    assert_eq!(
        m.output_mode(),
        OutputMode::JsonSchema,
        "the server accepted json_schema, so nothing falls back"
    );
}

#[tokio::test]
async fn a_server_that_rejects_every_format_fails_with_its_message_and_keeps_json_schema() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .respond_with(ResponseTemplate::new(400).set_body_json(
            json!({"error": {"message": "Invalid schema for response_format", "code": "invalid_request"}}),
        ))
        .mount(&server)
        .await;
    let m = model(&server, |_| {});
    let e = m.complete(&request()).await.unwrap_err();
    assert_eq!(
        e.to_string(),
        "the model server answered HTTP 400: Invalid schema for response_format (invalid_request)"
    );
    let formats: Vec<&str> = bodies(&server).await.iter().map(format_of).collect();
    assert_eq!(
        formats,
        vec!["json_schema", "json_object_schema", "json_object", "none"]
    );
    assert_eq!(
        m.output_mode(),
        OutputMode::JsonSchema,
        "nothing worked, so nothing is remembered"
    );
}

#[tokio::test]
async fn a_prompt_too_long_for_the_context_is_a_typed_error_not_a_format_fallback() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .respond_with(ResponseTemplate::new(400).set_body_json(json!({"error": {
            "message": "This model's maximum context length is 2048 tokens. However, you requested 3100 tokens. Please reduce the length of the messages or completion.",
            "type": "invalid_request_error", "param": "messages", "code": "context_length_exceeded"}})))
        .mount(&server)
        .await;
    let m = model(&server, |_| {});
    let e = m.complete(&request()).await.unwrap_err();
    assert!(matches!(e, ModelError::ContextLength { .. }), "{e:?}");
    let text = e.to_string();
    assert!(
        text.starts_with("the request is longer than the model's context window: This model's maximum context length is 2048 tokens.")
            && text.ends_with("set `context_window` so older exchanges are left out, or use a model with a larger context"),
        "{text}"
    );
    assert_eq!(bodies(&server).await.len(), 1, "no retry, no fallback");
    assert_eq!(m.output_mode(), OutputMode::JsonSchema);
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
    assert_eq!(bodies(&server).await.len(), 1, "a refusal is not retried");

    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({
            "choices": [{"message": {"content": TURN, "refusal": ""}, "finish_reason": "stop"}]
        })))
        .mount(&server)
        .await;
    assert_eq!(content(&server, |_| {}).await, TURN);
}

#[tokio::test]
async fn finish_reason_length_and_content_filter_are_typed_errors() {
    for (finish, expected, message) in [
        (
            "length",
            ModelError::Truncated,
            "the model's reply was cut off at its token limit; raise max_tokens or use a model with a larger context",
        ),
        (
            "content_filter",
            ModelError::ContentFilter,
            "the model server's content filter blocked the reply",
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
        assert_eq!(e.to_string(), message);
    }
}

#[tokio::test]
async fn an_error_inside_a_200_reply_is_reported() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .respond_with(
            ResponseTemplate::new(200)
                .set_body_json(json!({"error": {"message": "model failed to load", "code": 500}})),
        )
        .mount(&server)
        .await;
    let e = err(&server, |s| s.max_retries = 0).await;
    assert_eq!(
        e.to_string(),
        "the model server answered HTTP 200: model failed to load (code 500)"
    );
}

#[tokio::test]
async fn max_tokens_and_temperature_are_sent_the_way_every_server_knows() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .respond_with(ok(TURN))
        .mount(&server)
        .await;
    model(&server, |s| {
        s.max_tokens = Some(512);
        s.temperature = Some(0.25);
    })
    .complete(&request())
    .await
    .unwrap();
    let body = &bodies(&server).await[0];
    assert_eq!(body["max_tokens"], 512);
    assert!(body.get("max_completion_tokens").is_none(), "{body}");
    assert_eq!(body["temperature"], 0.25);
    assert!(body.get("stream").is_none(), "{body}");
}

#[tokio::test]
async fn without_max_tokens_a_limited_client_asks_for_what_the_turn_needs() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .respond_with(ok(TURN))
        .mount(&server)
        .await;
    model(&server, |s| s.limit_turn_tokens = true)
        .complete(&request())
        .await
        .unwrap();
    let mut draft = request();
    draft.kind = specwright_core::TurnKind::Draft;
    // The reply does not parse as a draft; only the request matters here.
    let _ = model(&server, |s| s.limit_turn_tokens = true)
        .complete(&draft)
        .await;
    // A configured max_tokens wins; without the limit nothing is sent.
    model(&server, |s| {
        s.limit_turn_tokens = true;
        s.max_tokens = Some(300);
    })
    .complete(&request())
    .await
    .unwrap();
    model(&server, |_| {}).complete(&request()).await.unwrap();
    let bodies = bodies(&server).await;
    assert_eq!(bodies[0]["max_tokens"], 1024);
    assert_eq!(bodies[1]["max_tokens"], 4096);
    assert_eq!(bodies[2]["max_tokens"], 300);
    assert!(bodies[3].get("max_tokens").is_none(), "{}", bodies[3]);
    assert!(
        bodies[3].get("max_completion_tokens").is_none(),
        "{}",
        bodies[3]
    );
}
