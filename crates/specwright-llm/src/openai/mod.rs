//! Any OpenAI-compatible chat server: OpenAI, Azure OpenAI, Ollama, llama.cpp's server,
//! llama-cpp-python, vLLM, LM Studio, OpenRouter, Groq.
//!
//! Requests are built with async-openai's chat types. The transport is reqwest directly,
//! because what makes a client robust across these servers lives below async-openai's
//! API: the raw status and body of a rejected `response_format` (llama-cpp-python answers
//! HTTP 500 to `json_schema`), the `Retry-After` header (seconds or an HTTP date), HTML
//! error pages, and streams that end without `[DONE]`. async-openai's `byot` calls would
//! carry the body, but their errors keep neither the status nor the headers.
//!
//! Azure OpenAI hosts get the key in an `api-key` header instead of `Authorization`, and a
//! base URL's query string (Azure's `api-version`) is kept.

mod key;
mod progress;
mod redact;
mod request;
mod retry;
mod sections;
mod stream;
pub mod wire;

use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use async_trait::async_trait;
use reqwest::header::{AUTHORIZATION, CONTENT_TYPE, HeaderName, HeaderValue};
use serde_json::Value;
use specwright_core::{TurnKind, TurnRequest};

pub use key::ApiKey;
pub use progress::{MAX_KEY_CHARS, Progress, Retry, Trouble};
pub use redact::{REDACTED, mask_urls};
use request::json_text;
pub use request::{OutputMode, chat_body};
pub use retry::retry_after;
pub use sections::Sections;

use crate::error::{Cause, ModelError, Result};
use crate::model::{ChatModel, ModelReply};

pub type ProgressHook = Arc<dyn Fn(Progress) + Send + Sync>;

#[derive(Debug, Clone)]
pub struct OpenAiSettings {
    /// e.g. `https://api.openai.com/v1`; `/chat/completions` is appended (a query string,
    /// such as Azure's `api-version`, is kept).
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
    /// Without `max_tokens`, limit each reply to what its kind of turn needs
    /// ([`TurnKind::max_reply_tokens`](specwright_core::TurnKind::max_reply_tokens)).
    pub limit_turn_tokens: bool,
    pub temperature: Option<f32>,
    /// How often [`Progress::Waiting`] is reported until the first token.
    pub progress_interval: Duration,
    /// The most bytes one reply may have: an unstreamed reply's body, a streamed reply's
    /// text. A server that streams forever or sends a huge body is stopped here, with
    /// [`ModelError::ReplyTooLarge`].
    pub max_reply_bytes: usize,
    /// The longest one attempt may take, from sending the request to the reply's last
    /// byte. The idle timeout alone never stops a server that trickles a byte every few
    /// seconds; this does, with [`ModelError::ReplyTooSlow`].
    pub max_reply_time: Duration,
}

/// The default of [`OpenAiSettings::max_reply_bytes`]: 8 MiB. The longest reply a model
/// can give is bounded by its output-token limit; 128k tokens (the most any current model
/// writes in one reply) is about 0.5 MB of text, so no real reply comes near 8 MiB, while
/// a runaway server is stopped before it costs more memory than a browser tab.
pub const DEFAULT_MAX_REPLY_BYTES: usize = 8 * 1024 * 1024;

/// The default of [`OpenAiSettings::max_reply_time`]: one hour. A CPU-only model writing 2
/// tokens a second produces about 7,000 tokens in that time, more than a whole spec draft,
/// after the idle timeout's 10 minutes of prompt processing; a server that never finishes
/// is stopped within the hour instead of never.
pub const DEFAULT_MAX_REPLY_TIME: Duration = Duration::from_secs(3600);

/// The most of an error body that is read; a message quotes only its start.
const ERROR_BODY_LIMIT: usize = 64 * 1024;

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
            limit_turn_tokens: false,
            temperature: None,
            progress_interval: Duration::from_secs(1),
            max_reply_bytes: DEFAULT_MAX_REPLY_BYTES,
            max_reply_time: DEFAULT_MAX_REPLY_TIME,
        }
    }
}

pub struct OpenAiModel {
    settings: OpenAiSettings,
    http: reqwest::Client,
    endpoint: reqwest::Url,
    /// The base URL without any user name, password or secret query value, for messages.
    shown_url: String,
    /// Removes this client's secrets from replies and messages.
    redactor: redact::Redactor,
    /// Azure OpenAI takes its key in an `api-key` header.
    azure: bool,
    /// The output mode this server (this base URL and model) accepted last.
    mode: Mutex<OutputMode>,
    /// Whether the server accepts `stream_options: {include_usage: true}`.
    stream_usage: AtomicBool,
    /// Cleared when a stream came back without token usage: later short turns are not
    /// streamed, so their usage is still counted; drafts and revisions still stream, so
    /// their progress shows while they are written.
    streaming: AtomicBool,
    /// Whether the reply to the request in flight has begun to arrive.
    arrived: AtomicBool,
    /// When the request in flight was sent, and when its reply's first section arrived:
    /// for the log line each reply ends with.
    timing: Mutex<(Option<Instant>, Option<Duration>)>,
    progress: Mutex<Option<ProgressHook>>,
}

impl std::fmt::Debug for OpenAiModel {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        // The key's Debug is masked; the URL is shown without a password.
        f.debug_struct("OpenAiModel")
            .field("base_url", &self.shown_url)
            .field("model", &self.settings.model)
            .field("api_key", &self.settings.api_key)
            .field("stream", &self.settings.stream)
            .field("output_mode", &self.output_mode())
            .finish_non_exhaustive()
    }
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
        let redactor = redact::Redactor::new(&settings);
        let clean = |e: ModelError| e.map_text(&|t| redactor.message(t));
        let base = reqwest::Url::parse(settings.base_url.trim()).map_err(|cause| {
            clean(ModelError::BaseUrl {
                url: shown_url(&settings.base_url),
                cause,
            })
        })?;
        if !matches!(base.scheme(), "http" | "https") || base.cannot_be_a_base() {
            return Err(clean(ModelError::Config(format!(
                "the base URL {:?} must start with http:// or https://",
                shown_url(&settings.base_url)
            ))));
        }
        let http = reqwest::Client::builder()
            .connect_timeout(settings.connect_timeout)
            .read_timeout(settings.idle_timeout)
            .user_agent(concat!("specwright/", env!("CARGO_PKG_VERSION")))
            .build()
            .map_err(|e| clean(ModelError::HttpClient(Cause::new(e.without_url()))))?;
        let azure = base.host_str().is_some_and(|h| {
            [
                ".openai.azure.com",
                ".cognitiveservices.azure.com",
                ".services.ai.azure.com",
            ]
            .iter()
            .any(|suffix| h.ends_with(suffix))
        });
        Ok(OpenAiModel {
            endpoint: chat_endpoint(&base),
            shown_url: shown_url(&settings.base_url),
            redactor,
            azure,
            settings,
            http,
            mode: Mutex::new(OutputMode::JsonSchema),
            stream_usage: AtomicBool::new(true),
            streaming: AtomicBool::new(true),
            arrived: AtomicBool::new(false),
            timing: Mutex::new((None, None)),
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

    fn hook(&self) -> Option<ProgressHook> {
        self.progress.lock().ok().and_then(|p| p.clone())
    }

    fn progress(&self, p: Progress) {
        if p == Progress::FirstToken {
            self.arrived.store(true, Ordering::Relaxed);
        }
        if matches!(p, Progress::Section { .. })
            && let Ok(mut timing) = self.timing.lock()
            && let (Some(started), None) = *timing
        {
            timing.1 = Some(started.elapsed());
        }
        let Some(hook) = self.hook() else {
            return;
        };
        match p {
            // A key is the model's text, which may echo a secret.
            Progress::Section { key, index } => hook(Progress::Section {
                key: self.redactor.content(&key),
                index,
            }),
            p => hook(p),
        }
    }

    /// The request body for `mode`, as this client would send it now.
    pub fn body(&self, request: &TurnRequest, mode: OutputMode) -> Value {
        let long = matches!(request.kind, TurnKind::Draft | TurnKind::Revision);
        let stream = self.settings.stream && (long || self.streaming.load(Ordering::Relaxed));
        let stream_usage = stream && self.stream_usage.load(Ordering::Relaxed);
        chat_body(&self.settings, request, mode, stream, stream_usage)
    }

    /// The key's header: `Authorization: Bearer`, or Azure's `api-key`; marked sensitive
    /// so no debug output of the request shows it.
    fn auth_header(&self) -> Result<Option<(HeaderName, HeaderValue)>> {
        let Some(key) = &self.settings.api_key else {
            return Ok(None);
        };
        let (name, text) = if self.azure {
            (HeaderName::from_static("api-key"), key.expose().to_string())
        } else {
            (AUTHORIZATION, format!("Bearer {}", key.expose()))
        };
        let mut value = HeaderValue::from_str(&text).map_err(|_| {
            ModelError::Config("the API key cannot be sent in an HTTP header".into())
        })?;
        value.set_sensitive(true);
        Ok(Some((name, value)))
    }

    /// One HTTP exchange, within the reply's time limit, with this client's secrets
    /// removed from whatever error it ends with.
    async fn attempt(&self, body: &Value) -> std::result::Result<wire::Reply, Failure> {
        let limit = self.settings.max_reply_time;
        let result = match tokio::time::timeout(limit, self.exchange(body)).await {
            Ok(result) => result,
            Err(_) => Err(ModelError::ReplyTooSlow { limit }.into()),
        };
        result.map_err(|f| Failure {
            error: f.error.map_text(&|t| self.redactor.message(t)),
            ..f
        })
    }

    async fn exchange(&self, body: &Value) -> std::result::Result<wire::Reply, Failure> {
        self.arrived.store(false, Ordering::Relaxed);
        let mut req = self
            .http
            .post(self.endpoint.clone())
            .header(CONTENT_TYPE, "application/json")
            .json(body);
        if let Some((name, value)) = self.auth_header()? {
            req = req.header(name, value);
        }
        let mut response = req.send().await.map_err(|e| self.transport_error(e))?;
        let status = response.status();
        if status.is_success() {
            // A server may ignore `stream: true` and answer with one JSON body.
            let is_json = response
                .headers()
                .get(CONTENT_TYPE)
                .and_then(|v| v.to_str().ok())
                .is_some_and(|v| v.contains("application/json"));
            let reply = if body.get("stream") == Some(&Value::Bool(true)) && !is_json {
                let limits = stream::Limits {
                    idle: self.settings.idle_timeout,
                    max_bytes: self.settings.max_reply_bytes,
                };
                stream::read(response, limits, |p| self.progress(p))
                    .await
                    .map_err(|e| match e {
                        ModelError::IdleTimeout { seconds, .. } => ModelError::IdleTimeout {
                            url: self.shown_url.clone(),
                            seconds,
                        },
                        other => other,
                    })?
            } else {
                let limit = self.settings.max_reply_bytes;
                // A body that says it is too long is not read at all.
                let announced = response.content_length();
                if announced.is_some_and(|n| usize::try_from(n).map_or(true, |n| n > limit)) {
                    return Err(ModelError::ReplyTooLarge { limit }.into());
                }
                let (bytes, whole) = read_up_to(&mut response, limit)
                    .await
                    .map_err(|e| self.transport_error(e))?;
                if !whole {
                    return Err(ModelError::ReplyTooLarge { limit }.into());
                }
                let reply = wire::parse_completion(&bytes)?;
                self.progress(Progress::FirstToken);
                self.progress(Progress::Received(reply.content.chars().count()));
                reply
            };
            return Ok(wire::check_reply(reply)?);
        }
        let retry_after = retry::requested_wait(response.headers());
        // The status says what went wrong; an error body that cannot be read is shown as
        // an empty one. Some servers echo the key they rejected: `attempt` removes it.
        let bytes = read_up_to(&mut response, ERROR_BODY_LIMIT)
            .await
            .map(|(bytes, _)| bytes)
            .unwrap_or_default();
        let message = wire::readable_body(&bytes);
        let code = status.as_u16();
        let context_length = code != 429 && wire::mentions_context_length(&message);
        let format_rejected = !context_length
            && matches!(code, 400 | 422 | 500 | 501)
            && wire::mentions_output_format(&message);
        let error = match code {
            401 if self.settings.api_key.is_none() => ModelError::Authentication {
                status: code,
                message: format!("{message} (no API key is configured)"),
            },
            401 => ModelError::Authentication {
                status: code,
                message,
            },
            403 => ModelError::PermissionDenied { message },
            429 if wire::is_insufficient_quota(&bytes) => ModelError::InsufficientQuota { message },
            429 => ModelError::RateLimited { retry_after },
            _ if context_length => ModelError::ContextLength { message },
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

    fn transport_error(&self, e: reqwest::Error) -> ModelError {
        let url = self.shown_url.clone();
        // A connect timeout is a connect error, not a slow model.
        if e.is_connect() {
            // reqwest's own message names the full URL; the cause is kept without it.
            return ModelError::Connect {
                url,
                cause: Cause::new(e.without_url()),
            };
        }
        if e.is_timeout() {
            return ModelError::IdleTimeout {
                url,
                seconds: self.settings.idle_timeout.as_secs(),
            };
        }
        stream::broken(e)
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
                    let delay = retry::backoff(
                        self.settings.retry_base,
                        self.settings.retry_cap,
                        attempt,
                        f.retry_after,
                    );
                    if let Some(trouble) = Trouble::of(&f.error) {
                        self.progress(Progress::Retrying(Retry {
                            trouble,
                            retry: attempt + 1,
                            of: self.settings.max_retries,
                            delay,
                        }));
                    }
                    tracing::info!(
                        attempt = attempt + 1,
                        delay_ms = u64::try_from(delay.as_millis()).unwrap_or(u64::MAX),
                        error = %f.error,
                        "retrying the model request"
                    );
                    tokio::time::sleep(delay).await;
                    attempt += 1;
                }
            }
        }
    }

    /// One line per reply at info level (`-v`): its kind, how long it took, when its first
    /// section arrived (streamed replies), and the server's token counts, with the prompt
    /// tokens its cache reused when it says.
    fn log_reply(&self, request: &TurnRequest, reply: &wire::Reply, started: Instant) {
        let ms = |d: Duration| u64::try_from(d.as_millis()).unwrap_or(u64::MAX);
        let first_section = self.timing.lock().ok().and_then(|t| t.1);
        let shown = |n: Option<u64>| n.map_or_else(|| "none".to_string(), |n| n.to_string());
        tracing::info!(
            kind = %request.kind.key(),
            elapsed_ms = ms(started.elapsed()),
            first_section_ms = %shown(first_section.map(ms)),
            prompt_tokens = %shown(reply.usage.map(|u| u.prompt_tokens)),
            completion_tokens = %shown(reply.usage.map(|u| u.completion_tokens)),
            cached_tokens = %reply
                .usage
                .and_then(|u| u.cached_tokens)
                .map_or_else(|| "not reported".to_string(), |n| n.to_string()),
            "model reply"
        );
    }

    /// Asks, and logs a reply that failed as one line too (`-v`): a draft cut off at its
    /// token limit still shows when its first section arrived.
    async fn run(&self, request: &TurnRequest) -> Result<ModelReply> {
        let started = Instant::now();
        if let Ok(mut timing) = self.timing.lock() {
            *timing = (Some(started), None);
        }
        let result = self.ask(request, started).await;
        if let Err(e) = &result {
            let ms = |d: Duration| u64::try_from(d.as_millis()).unwrap_or(u64::MAX);
            let first_section = self.timing.lock().ok().and_then(|t| t.1);
            tracing::info!(
                kind = %request.kind.key(),
                elapsed_ms = ms(started.elapsed()),
                first_section_ms = %first_section.map_or_else(|| "none".to_string(), |d| ms(d).to_string()),
                error = %e,
                "model reply failed"
            );
        }
        result
    }

    /// Walks down the output-format ladder until the server accepts a request.
    async fn ask(&self, request: &TurnRequest, started: Instant) -> Result<ModelReply> {
        let mut mode = self.output_mode();
        loop {
            let body = self.body(request, mode);
            match self.send(&body).await {
                Ok(reply) => {
                    if let Ok(mut m) = self.mode.lock() {
                        *m = mode;
                    }
                    let counted = reply
                        .usage
                        .is_some_and(|u| u.prompt_tokens > 0 || u.completion_tokens > 0);
                    if body.get("stream") == Some(&Value::Bool(true))
                        && !counted
                        && self.streaming.swap(false, Ordering::Relaxed)
                    {
                        tracing::info!(
                            "the server streams without token usage; short turns are asked without streaming from now on (drafts and revisions still stream, to show their progress)"
                        );
                    }
                    self.log_reply(request, &reply, started);
                    // A server may echo the request's headers into the reply itself.
                    return Ok(ModelReply {
                        content: json_text(&self.redactor.content(&reply.content)),
                        usage: reply.usage,
                    });
                }
                Err(f)
                    if body.get("stream_options").is_some()
                        && mentions_stream_options(&f.error) =>
                {
                    // Some servers refuse `stream_options`; ask again without it, once.
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
                            tracing::info!(
                                server = %self.shown_url,
                                model = %self.settings.model,
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

#[async_trait]
impl ChatModel for OpenAiModel {
    fn describe(&self) -> String {
        format!("{} at {}", self.settings.model, self.shown_url)
    }

    fn set_progress(&self, hook: ProgressHook) {
        if let Ok(mut p) = self.progress.lock() {
            *p = Some(hook);
        }
    }

    async fn complete(&self, request: &TurnRequest) -> Result<ModelReply> {
        let Some(hook) = self.hook() else {
            return self.run(request).await;
        };
        let started = Instant::now();
        self.arrived.store(false, Ordering::Relaxed);
        let every = self
            .settings
            .progress_interval
            .max(Duration::from_millis(10));
        let mut ticks = tokio::time::interval_at(tokio::time::Instant::now() + every, every);
        ticks.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Skip);
        let work = self.run(request);
        tokio::pin!(work);
        let result = loop {
            tokio::select! {
                result = &mut work => break result,
                _ = ticks.tick() => {
                    if !self.arrived.load(Ordering::Relaxed) {
                        hook(Progress::Waiting { elapsed: started.elapsed() });
                    }
                }
            }
        };
        hook(Progress::Done);
        result
    }
}

/// `base/chat/completions`, keeping a query string; a base that already is the chat
/// endpoint is used as it is.
fn chat_endpoint(base: &reqwest::Url) -> reqwest::Url {
    let mut url = base.clone();
    let path = base.path().trim_end_matches('/');
    if !path.ends_with("/chat/completions") {
        url.set_path(&format!("{path}/chat/completions"));
    }
    url
}

/// A base URL as it may be shown: without a user name or password, and with secret query
/// values (`api-key=`, `sig=`, `token=` ...) masked.
pub fn shown_url(url: &str) -> String {
    let url = url.trim();
    match reqwest::Url::parse(url) {
        Ok(mut u) if !u.username().is_empty() || u.password().is_some() => {
            let _ = u.set_username("");
            let _ = u.set_password(None);
            redact::mask_url(u.as_str())
        }
        Ok(_) => redact::mask_url(url),
        Err(_) => mask_urls(url.rsplit('@').next().unwrap_or(url)),
    }
}

/// Reads a body up to `limit` bytes: the bytes, and whether that was all of it.
async fn read_up_to(
    response: &mut reqwest::Response,
    limit: usize,
) -> std::result::Result<(Vec<u8>, bool), reqwest::Error> {
    let mut bytes = Vec::new();
    while let Some(chunk) = response.chunk().await? {
        if bytes.len() + chunk.len() > limit {
            let room = limit - bytes.len();
            bytes.extend_from_slice(&chunk[..room]);
            return Ok((bytes, false));
        }
        bytes.extend_from_slice(&chunk);
    }
    Ok((bytes, true))
}

fn mentions_stream_options(e: &ModelError) -> bool {
    matches!(e, ModelError::Http { message, .. } if message.contains("stream_options"))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn model(base: &str) -> OpenAiModel {
        let mut s = OpenAiSettings::new(base, "m");
        s.api_key = Some(ApiKey::parse("sk-unit-SECRET-1234").unwrap());
        OpenAiModel::new(s).unwrap()
    }

    #[test]
    fn the_key_header_is_marked_sensitive() {
        let (name, value) = model("http://127.0.0.1:1/v1")
            .auth_header()
            .unwrap()
            .unwrap();
        assert_eq!(name, AUTHORIZATION);
        assert!(value.is_sensitive());
        assert_eq!(format!("{value:?}"), "Sensitive");
    }

    #[test]
    fn azure_takes_the_key_in_an_api_key_header() {
        let m = model(
            "https://my-res.openai.azure.com/openai/deployments/gpt4o?api-version=2024-10-21",
        );
        let (name, value) = m.auth_header().unwrap().unwrap();
        assert_eq!(name.as_str(), "api-key");
        assert!(value.is_sensitive());
        assert_eq!(
            m.endpoint.as_str(),
            "https://my-res.openai.azure.com/openai/deployments/gpt4o/chat/completions?api-version=2024-10-21"
        );
    }

    #[test]
    fn json_text_keeps_json_and_digs_it_out_of_text() {
        assert_eq!(
            json_text("  {\"a\": \"</think>\"}\n"),
            "{\"a\": \"</think>\"}"
        );
        assert_eq!(
            json_text("<think>hmm</think>```json\n{\"a\":1}\n```"),
            "{\"a\":1}"
        );
    }
}
