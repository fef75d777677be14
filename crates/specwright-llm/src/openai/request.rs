//! What is sent: the chat request for each way of asking for JSON, and how the JSON is
//! read back out of a reply.

use async_openai::types::chat::{
    ChatCompletionRequestAssistantMessage, ChatCompletionRequestMessage,
    ChatCompletionRequestSystemMessage, ChatCompletionRequestUserMessage,
    CreateChatCompletionRequest, ResponseFormat, ResponseFormatJsonSchema,
};
use serde_json::{Value, json};
use specwright_core::validate::extract_json;
use specwright_core::{MessageRole, TurnRequest};

use super::OpenAiSettings;

/// How the reply's JSON shape is asked for, strictest first. A server that rejects one
/// is asked the next way, and the way that worked is kept for the rest of the session.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum OutputMode {
    /// `response_format: {type: json_schema, json_schema: {strict: true, schema}}`
    JsonSchema,
    /// `response_format: {type: json_object, schema}` (llama-cpp-python, some vLLM builds)
    JsonObjectWithSchema,
    /// `response_format: {type: json_object}`, the schema in the system prompt
    JsonObject,
    /// No `response_format`; the schema in the prompt, the JSON found in the text
    PromptOnly,
}

impl OutputMode {
    pub fn next(self) -> Option<OutputMode> {
        match self {
            OutputMode::JsonSchema => Some(OutputMode::JsonObjectWithSchema),
            OutputMode::JsonObjectWithSchema => Some(OutputMode::JsonObject),
            OutputMode::JsonObject => Some(OutputMode::PromptOnly),
            OutputMode::PromptOnly => None,
        }
    }

    pub fn describe(self) -> &'static str {
        match self {
            OutputMode::JsonSchema => "json_schema (strict)",
            OutputMode::JsonObjectWithSchema => "json_object with schema",
            OutputMode::JsonObject => "json_object, schema in the prompt",
            OutputMode::PromptOnly => "schema in the prompt, JSON taken from the text",
        }
    }

    pub(crate) fn schema_in_prompt(self) -> bool {
        matches!(self, OutputMode::JsonObject | OutputMode::PromptOnly)
    }
}

/// The chat request body for `mode`.
#[expect(
    clippy::expect_used,
    reason = "a serde_json::Value and async-openai's request type always serialise: they hold only strings, numbers and string-keyed maps"
)]
pub fn chat_body(
    settings: &OpenAiSettings,
    request: &TurnRequest,
    mode: OutputMode,
    stream: bool,
    stream_usage: bool,
) -> Value {
    // Before, a failure here sent an empty schema, or an empty request: a silent wrong turn.
    let schema_text =
        serde_json::to_string(&request.schema).expect("a JSON value serialises to text");
    let messages: Vec<ChatCompletionRequestMessage> = request
        .messages
        .iter()
        .enumerate()
        .map(|(i, m)| {
            let mut content = m.content.clone();
            if i == 0 && m.role == MessageRole::System && mode.schema_in_prompt() {
                content.push_str(&format!(
                    "\n\nReply with only one JSON object that matches this JSON schema, with no text around it:\n{schema_text}"
                ));
            }
            match m.role {
                MessageRole::System => ChatCompletionRequestSystemMessage::from(content).into(),
                MessageRole::User => ChatCompletionRequestUserMessage::from(content).into(),
                MessageRole::Assistant => ChatCompletionRequestAssistantMessage::from(content).into(),
            }
        })
        .collect();
    let response_format = match mode {
        OutputMode::JsonSchema => Some(ResponseFormat::JsonSchema {
            json_schema: ResponseFormatJsonSchema {
                description: None,
                name: request.schema_name.clone(),
                schema: request.schema.clone(),
                strict: Some(true),
            },
        }),
        OutputMode::JsonObject => Some(ResponseFormat::JsonObject),
        OutputMode::JsonObjectWithSchema | OutputMode::PromptOnly => None,
    };
    let max_tokens = settings.max_tokens.or_else(|| {
        settings
            .limit_turn_tokens
            .then(|| request.kind.max_reply_tokens())
    });
    let typed = CreateChatCompletionRequest {
        model: settings.model.clone(),
        messages,
        response_format,
        max_completion_tokens: max_tokens,
        temperature: settings.temperature,
        ..Default::default()
    };
    let mut body =
        serde_json::to_value(&typed).expect("a chat completion request serialises to JSON");
    if let Value::Object(map) = &mut body {
        // Older servers know only `max_tokens`.
        if let Some(max) = max_tokens {
            map.remove("max_completion_tokens");
            map.insert("max_tokens".into(), json!(max));
        }
        if mode == OutputMode::JsonObjectWithSchema {
            map.insert(
                "response_format".into(),
                json!({"type": "json_object", "schema": request.schema}),
            );
        }
        if stream {
            map.insert("stream".into(), json!(true));
            if stream_usage {
                map.insert("stream_options".into(), json!({"include_usage": true}));
            }
        }
    }
    body
}

/// The JSON in a reply: the reply itself when it is JSON (constrained decoding), else the
/// object found in it (code fences, prose, `<think>` blocks; servers that ignore schemas).
pub(crate) fn json_text(content: &str) -> String {
    let trimmed = content.trim();
    if serde_json::from_str::<Value>(trimmed).is_ok() {
        trimmed.to_string()
    } else {
        extract_json(content).to_string()
    }
}
