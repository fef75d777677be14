//! Any OpenAI-compatible chat server: OpenAI, Azure OpenAI, Ollama, llama.cpp's server,
//! llama-cpp-python, vLLM, LM Studio, OpenRouter, Groq.
//!
//! Requests are built with async-openai's chat types. The transport is reqwest directly,
//! because what makes a client robust across these servers lives below async-openai's
//! API: the raw status and body of a rejected `response_format` (llama-cpp-python answers
//! HTTP 500 to `json_schema`), the `Retry-After` header (seconds or an HTTP date), HTML
//! error pages, and streams that end without `[DONE]`.

mod key;
mod stream;
pub mod wire;

use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use async_openai::types::chat::{
    ChatCompletionRequestAssistantMessage, ChatCompletionRequestMessage,
    ChatCompletionRequestSystemMessage, ChatCompletionRequestUserMessage,
    CreateChatCompletionRequest, ResponseFormat, ResponseFormatJsonSchema,
};
use async_trait::async_trait;
use reqwest::header::{AUTHORIZATION, CONTENT_TYPE, HeaderValue, RETRY_AFTER};
use serde_json::{Value, json};
use specwright_core::validate::extract_json;
use specwright_core::{MessageRole, TurnRequest};

pub use key::ApiKey;

use crate::error::{ModelError, Result};
use crate::model::{ChatModel, ModelReply};

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

    fn schema_in_prompt(self) -> bool {
        matches!(self, OutputMode::JsonObject | OutputMode::PromptOnly)
    }
}

/// Progress of one request, for a spinner.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Progress {
    /// The first token arrived.
    FirstToken,
    /// This many characters have arrived so far.
    Received(usize),
}

pub type ProgressHook = Arc<dyn Fn(Progress) + Send + Sync>;

#[derive(Debug, Clone)]
pub struct OpenAiSettings {
    /// e.g. `https://api.openai.com/v1`; `/chat/completions` is appended.
    pub base_url: String,
    pub api_key: Option<ApiKey>,
    pub model: String,
    pub connect_timeout: Duration,
    /// How long the server may send nothing; local models can take minutes to start.
    pub idle_timeout: Duration,
    /// Retries after the first attempt, on 429, 5xx and connection errors.
    pub max_retries: u32,
    /// The first backoff delay; it doubles with each retry, with jitter.
    pub retry_base: Duration,
    /// No wait between retries is longer, whatever Retry-After says.
    pub retry_cap: Duration,
    pub stream: bool,
    pub max_tokens: Option<u32>,
    pub temperature: Option<f32>,
}

impl OpenAiSettings {
    pub fn new(base_url: impl Into<String>, model: impl Into<String>) -> OpenAiSettings {
        OpenAiSettings {
            base_url: base_url.into(),
            api_key: None,
            model: model.into(),
            connect_timeout: Duration::from_secs(10),
            idle_timeout: Duration::from_secs(600),
            max_retries: 4,
            retry_base: Duration::from_millis(1000),
            retry_cap: Duration::from_secs(60),
            stream: true,
            max_tokens: None,
            temperature: None,
        }
    }
}

pub struct OpenAiModel {
    settings: OpenAiSettings,
    http: reqwest::Client,
    mode: Mutex<OutputMode>,
    /// Whether the server accepts `stream_options: {include_usage: true}`.
    stream_usage: AtomicBool,
    /// Cleared when a stream came back without token usage: later requests are not
    /// streamed, so usage is still counted.
    streaming: AtomicBool,
    progress: Mutex<Option<ProgressHook>>,
}

/// One attempt's failure, with what the retry and fallback logic needs to know.
struct Failure {
    error: ModelError,
    retry_after: Option<Duration>,
    /// The server refused the request's shape (`response_format` or `stream_options`).
    format_rejected: bool,
}

impl From<ModelError> for Failure {
    fn from(error: ModelError) -> Self {
        Failure {
            error,
            retry_after: None,
            format_rejected: false,
        }
    }
}

impl OpenAiModel {
    pub fn new(settings: OpenAiSettings) -> Result<OpenAiModel> {
        let url = reqwest::Url::parse(&settings.base_url).map_err(|e| {
            ModelError::Config(format!(
                "the base URL {:?} is not a URL: {e}",
                settings.base_url
            ))
        })?;
        if !matches!(url.scheme(), "http" | "https") {
            return Err(ModelError::Config(format!(
                "the base URL {:?} must start with http:// or https://",
                settings.base_url
            )));
        }
        let http = reqwest::Client::builder()
            .connect_timeout(settings.connect_timeout)
            .read_timeout(settings.idle_timeout)
            .user_agent(concat!("specwright/", env!("CARGO_PKG_VERSION")))
            .build()
            .map_err(|e| ModelError::Config(format!("cannot build the HTTP client: {e}")))?;
        Ok(OpenAiModel {
            settings,
            http,
            mode: Mutex::new(OutputMode::JsonSchema),
            stream_usage: AtomicBool::new(true),
            streaming: AtomicBool::new(true),
            progress: Mutex::new(None),
        })
    }

    /// The way of asking for JSON that this server accepted last.
    pub fn output_mode(&self) -> OutputMode {
        self.mode
            .lock()
            .map(|m| *m)
            .unwrap_or(OutputMode::PromptOnly)
    }

    pub fn set_progress(&self, hook: ProgressHook) {
        if let Ok(mut p) = self.progress.lock() {
            *p = Some(hook);
        }
    }

    fn progress(&self, p: Progress) {
        if let Ok(guard) = self.progress.lock()
            && let Some(hook) = guard.as_ref()
        {
            hook(p);
        }
    }

    fn endpoint(&self) -> String {
        format!(
            "{}/chat/completions",
            self.settings.base_url.trim_end_matches('/')
        )
    }

    /// The request body for `mode`.
    pub fn body(&self, request: &TurnRequest, mode: OutputMode) -> Value {
        let schema_text = serde_json::to_string(&request.schema).unwrap_or_default();
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
        let typed = CreateChatCompletionRequest {
            model: self.settings.model.clone(),
            messages,
            response_format,
            max_completion_tokens: self.settings.max_tokens,
            temperature: self.settings.temperature,
            ..Default::default()
        };
        let mut body = serde_json::to_value(&typed).unwrap_or_else(|_| json!({}));
        if let Value::Object(map) = &mut body {
            // Older servers know only `max_tokens`.
            if let Some(max) = self.settings.max_tokens {
                map.remove("max_completion_tokens");
                map.insert("max_tokens".into(), json!(max));
            }
            if mode == OutputMode::JsonObjectWithSchema {
                map.insert(
                    "response_format".into(),
                    json!({"type": "json_object", "schema": request.schema}),
                );
            }
            if self.settings.stream && self.streaming.load(Ordering::Relaxed) {
                map.insert("stream".into(), json!(true));
                if self.stream_usage.load(Ordering::Relaxed) {
                    map.insert("stream_options".into(), json!({"include_usage": true}));
                }
            }
        }
        body
    }

    /// One HTTP exchange.
    async fn attempt(&self, body: &Value) -> std::result::Result<wire::Reply, Failure> {
        let mut req = self
            .http
            .post(self.endpoint())
            .header(CONTENT_TYPE, "application/json")
            .json(body);
        if let Some(key) = &self.settings.api_key {
            let mut value =
                HeaderValue::from_str(&format!("Bearer {}", key.expose())).map_err(|_| {
                    ModelError::Config("the API key cannot be sent in an HTTP header".into())
                })?;
            value.set_sensitive(true);
            req = req.header(AUTHORIZATION, value);
        }
        let response = req.send().await.map_err(|e| self.transport_error(&e))?;
        let status = response.status();
        if status.is_success() {
            // A server may ignore `stream: true` and answer with one JSON body.
            let is_json = response
                .headers()
                .get(CONTENT_TYPE)
                .and_then(|v| v.to_str().ok())
                .is_some_and(|v| v.contains("application/json"));
            let reply = if body.get("stream") == Some(&Value::Bool(true)) && !is_json {
                stream::read(response, self.settings.idle_timeout, |p| self.progress(p))
                    .await
                    .map_err(|e| match e {
                        ModelError::IdleTimeout { seconds, .. } => ModelError::IdleTimeout {
                            url: self.settings.base_url.clone(),
                            seconds,
                        },
                        other => other,
                    })?
            } else {
                let bytes = response
                    .bytes()
                    .await
                    .map_err(|e| self.transport_error(&e))?;
                wire::parse_completion(&bytes)?
            };
            return Ok(wire::check_reply(reply)?);
        }
        let retry_after = retry_after(response.headers().get(RETRY_AFTER));
        let bytes = response.bytes().await.unwrap_or_default();
        let mut message = wire::readable_body(&bytes);
        // Some servers echo the key they rejected; it never reaches a message.
        if let Some(key) = &self.settings.api_key {
            message = message.replace(key.expose(), &key.masked());
        }
        let code = status.as_u16();
        let format_rejected =
            matches!(code, 400 | 422 | 500 | 501) && wire::mentions_output_format(&message);
        let error = match code {
            401 | 403 => ModelError::Authentication {
                status: code,
                message,
            },
            429 if wire::is_insufficient_quota(&bytes) => ModelError::InsufficientQuota { message },
            429 => ModelError::RateLimited { retry_after },
            _ => ModelError::Http {
                status: code,
                message,
            },
        };
        Err(Failure {
            error,
            retry_after,
            format_rejected,
        })
    }

    fn transport_error(&self, e: &reqwest::Error) -> ModelError {
        let url = self.settings.base_url.clone();
        if e.is_timeout() {
            return ModelError::IdleTimeout {
                url,
                seconds: self.settings.idle_timeout.as_secs(),
            };
        }
        if e.is_connect() {
            let reason = std::error::Error::source(e)
                .map(|s| s.to_string())
                .unwrap_or_else(|| "connection failed".into());
            return ModelError::Connect { url, reason };
        }
        // The error's text names the URL, never a header; the base URL is not secret.
        ModelError::Stream(e.to_string())
    }

    /// Sends with retries on 429, 5xx and connection errors.
    async fn send(&self, body: &Value) -> std::result::Result<wire::Reply, Failure> {
        let mut attempt = 0u32;
        loop {
            match self.attempt(body).await {
                Ok(reply) => return Ok(reply),
                Err(f)
                    if f.format_rejected
                        || !f.error.is_retryable()
                        || attempt >= self.settings.max_retries =>
                {
                    return Err(f);
                }
                Err(f) => {
                    let delay = self.backoff(attempt, f.retry_after);
                    tracing::info!(attempt, delay_ms = delay.as_millis() as u64, error = %f.error, "retrying the model request");
                    tokio::time::sleep(delay).await;
                    attempt += 1;
                }
            }
        }
    }

    fn backoff(&self, attempt: u32, retry_after: Option<Duration>) -> Duration {
        let cap = self.settings.retry_cap;
        if let Some(wait) = retry_after {
            return wait.min(cap);
        }
        let exp = self
            .settings
            .retry_base
            .saturating_mul(2u32.saturating_pow(attempt))
            .min(cap);
        // Full jitter in [exp/2, exp): clients that failed together do not retry together.
        let half = exp / 2;
        half + half.mul_f64(fastrand::f64())
    }
}

/// `Retry-After` in seconds, or as an HTTP date.
pub fn retry_after(value: Option<&HeaderValue>) -> Option<Duration> {
    let text = value?.to_str().ok()?.trim();
    if let Ok(secs) = text.parse::<u64>() {
        return Some(Duration::from_secs(secs));
    }
    let when = httpdate::parse_http_date(text).ok()?;
    Some(
        when.duration_since(std::time::SystemTime::now())
            .unwrap_or(Duration::ZERO),
    )
}

#[async_trait]
impl ChatModel for OpenAiModel {
    fn describe(&self) -> String {
        format!("{} at {}", self.settings.model, self.settings.base_url)
    }

    async fn complete(&self, request: &TurnRequest) -> Result<ModelReply> {
        let mut mode = self.output_mode();
        loop {
            let body = self.body(request, mode);
            match self.send(&body).await {
                Ok(reply) => {
                    if let Ok(mut m) = self.mode.lock() {
                        *m = mode;
                    }
                    if body.get("stream") == Some(&Value::Bool(true)) && reply.usage.is_none() {
                        tracing::info!(
                            "the server streams without token usage; asking without streaming from now on"
                        );
                        self.streaming.store(false, Ordering::Relaxed);
                    }
                    let content = match mode {
                        OutputMode::JsonSchema | OutputMode::JsonObjectWithSchema => reply.content,
                        _ => extract_json(&reply.content).to_string(),
                    };
                    return Ok(ModelReply {
                        content,
                        usage: reply.usage,
                    });
                }
                Err(f)
                    if body.get("stream_options").is_some()
                        && mentions_stream_options(&f.error) =>
                {
                    // Some servers refuse `stream_options`; ask again without it.
                    tracing::info!("the server refused stream_options; streaming without usage");
                    self.stream_usage.store(false, Ordering::Relaxed);
                }
                Err(f) => {
                    // A server that cannot do the requested format often says so with a
                    // bare 400, 422 or 500 (llama-cpp-python); 502-504 are availability.
                    let falls_back = f.format_rejected
                        || matches!(
                            f.error,
                            ModelError::Http {
                                status: 400 | 422 | 500 | 501,
                                ..
                            }
                        );
                    match mode.next() {
                        Some(next) if falls_back => {
                            tracing::warn!(
                                from = mode.describe(),
                                to = next.describe(),
                                error = %f.error,
                                "the server did not accept the output format; falling back"
                            );
                            mode = next;
                        }
                        _ => return Err(f.error),
                    }
                }
            }
        }
    }
}

fn mentions_stream_options(e: &ModelError) -> bool {
    matches!(e, ModelError::Http { message, .. } if message.contains("stream_options"))
}
