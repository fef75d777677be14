use std::time::Duration;

pub type Result<T, E = ModelError> = std::result::Result<T, E>;

/// What can go wrong asking a model. Each message is one sentence for the person at the
/// terminal and never contains a secret.
#[derive(Debug, Clone, thiserror::Error, PartialEq)]
pub enum ModelError {
    #[error("could not reach the model server at {url}: {reason}")]
    Connect { url: String, reason: String },
    #[error(
        "the model server at {url} sent nothing for {seconds} s; raise the idle timeout if the model is slow"
    )]
    IdleTimeout { url: String, seconds: u64 },
    #[error("the model server is rate limiting requests (HTTP 429){}", retry_after.map(|d| format!("; it asked to wait {} s", d.as_secs())).unwrap_or_default())]
    RateLimited { retry_after: Option<Duration> },
    #[error(
        "the model server rejected the API key (HTTP {status}): {message}; check OPENAI_API_KEY or the `api_key` setting"
    )]
    Authentication { status: u16, message: String },
    #[error(
        "the API key may not use this model or endpoint (HTTP 403): {message}; check the key's project permissions and the model name"
    )]
    PermissionDenied { message: String },
    #[error(
        "the request is longer than the model's context window: {message}; set `context_window` so older exchanges are left out, or use a model with a larger context"
    )]
    ContextLength { message: String },
    #[error(
        "the account behind the API key has no quota left: {message}; add credit or use another key"
    )]
    InsufficientQuota { message: String },
    #[error("the model server answered HTTP {status}: {message}")]
    Http { status: u16, message: String },
    #[error("the model refused: {0}")]
    Refusal(String),
    #[error(
        "the model's reply was cut off at its token limit; raise max_tokens or use a model with a larger context"
    )]
    Truncated,
    #[error("the model server's content filter blocked the reply")]
    ContentFilter,
    #[error("the model's reply stream broke off: {0}")]
    Stream(String),
    #[error("the request was cancelled")]
    Cancelled,
    #[error("{0}")]
    Replay(String),
    #[error("the model configuration is invalid: {0}")]
    Config(String),
    #[error("the model's reply could not be used: {0}")]
    InvalidReply(String),
}

impl ModelError {
    /// Whether the same request may succeed if sent again after a pause.
    pub fn is_retryable(&self) -> bool {
        match self {
            ModelError::Connect { .. } | ModelError::RateLimited { .. } | ModelError::Stream(_) => {
                true
            }
            ModelError::Http { status, .. } => *status >= 500,
            _ => false,
        }
    }
}
