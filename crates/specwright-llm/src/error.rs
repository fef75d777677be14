use std::sync::Arc;
use std::time::Duration;

pub type Result<T, E = ModelError> = std::result::Result<T, E>;

/// What can go wrong asking a model. Each message is one sentence for the person at the
/// terminal and never contains a secret. Where a lower-level error caused it, that error
/// is kept as the source (see [`Cause`]).
#[derive(Debug, Clone, thiserror::Error, PartialEq)]
pub enum ModelError {
    #[error("could not reach the model server at {url}: {cause}")]
    Connect {
        url: String,
        #[source]
        cause: Cause,
    },
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
    #[error("the model's reply stream broke off: {reason}")]
    Stream {
        reason: String,
        #[source]
        cause: Option<Cause>,
    },
    #[error(
        "the model's reply was longer than {limit} bytes; raise `max_reply_bytes` if replies this long are expected"
    )]
    ReplyTooLarge { limit: usize },
    #[error(
        "the model's reply took longer than {}; raise `max_reply_secs` if the model is this slow", seconds(*limit)
    )]
    ReplyTooSlow { limit: Duration },
    #[error("the request was cancelled")]
    Cancelled,
    #[error("{0}")]
    Replay(String),
    #[error("the model configuration is invalid: {0}")]
    Config(String),
    #[error("the model configuration is invalid: the base URL {url:?} is not a URL ({cause})")]
    BaseUrl {
        url: String,
        #[source]
        cause: url::ParseError,
    },
    #[error("the model configuration is invalid: cannot build the HTTP client: {0}")]
    HttpClient(#[source] Cause),
    #[error("the model's reply could not be used: {0}")]
    InvalidReply(String),
}

impl ModelError {
    /// Whether the same request may succeed if sent again after a pause.
    pub fn is_retryable(&self) -> bool {
        match self {
            ModelError::Connect { .. }
            | ModelError::RateLimited { .. }
            | ModelError::Stream { .. } => true,
            ModelError::Http { status, .. } => *status >= 500,
            _ => false,
        }
    }

    /// The same error with every text it shows passed through `f` (which removes secrets).
    /// A cause whose text `f` changes is replaced by that text, so the secret cannot be
    /// reached through the error's source either.
    pub(crate) fn map_text(self, f: &dyn Fn(&str) -> String) -> ModelError {
        use ModelError as E;
        match self {
            E::Connect { url, cause } => E::Connect {
                url: f(&url),
                cause: cause.map_text(f),
            },
            E::IdleTimeout { url, seconds } => E::IdleTimeout {
                url: f(&url),
                seconds,
            },
            E::Authentication { status, message } => E::Authentication {
                status,
                message: f(&message),
            },
            E::PermissionDenied { message } => E::PermissionDenied {
                message: f(&message),
            },
            E::ContextLength { message } => E::ContextLength {
                message: f(&message),
            },
            E::InsufficientQuota { message } => E::InsufficientQuota {
                message: f(&message),
            },
            E::Http { status, message } => E::Http {
                status,
                message: f(&message),
            },
            E::Refusal(text) => E::Refusal(f(&text)),
            E::Stream { reason, cause } => E::Stream {
                reason: f(&reason),
                cause: cause.map(|c| c.map_text(f)),
            },
            E::Replay(text) => E::Replay(f(&text)),
            E::Config(text) => E::Config(f(&text)),
            E::BaseUrl { url, cause } => E::BaseUrl {
                url: f(&url),
                cause,
            },
            E::HttpClient(cause) => E::HttpClient(cause.map_text(f)),
            E::InvalidReply(text) => E::InvalidReply(f(&text)),
            e @ (E::RateLimited { .. }
            | E::Truncated
            | E::ContentFilter
            | E::ReplyTooLarge { .. }
            | E::ReplyTooSlow { .. }
            | E::Cancelled) => e,
        }
    }
}

/// A duration as a message shows it: whole seconds as "600 s", else "0.5 s".
pub(crate) fn seconds(d: Duration) -> String {
    if d.subsec_nanos() == 0 {
        format!("{} s", d.as_secs())
    } else {
        format!("{:.1} s", d.as_secs_f64())
    }
}

/// The lower-level error behind a [`ModelError`] (a transport error, a JSON error), kept so
/// a caller can look at it, e.g. find the `std::io::Error` of a refused connection.
///
/// It shows as its deepest message (e.g. "Connection refused (os error 111)"), which is
/// what the [`ModelError`]'s own sentence quotes, and its `source` is that deepest error:
/// printing the whole chain adds nothing the sentence did not already say, and nothing
/// that names the URL (transport errors are kept without it).
#[derive(Clone)]
pub struct Cause {
    error: Arc<dyn std::error::Error + Send + Sync>,
    shown: String,
}

impl Cause {
    pub fn new(error: impl std::error::Error + Send + Sync + 'static) -> Cause {
        let shown = deepest(&error).to_string();
        Cause {
            error: Arc::new(error),
            shown,
        }
    }

    /// A cause that is only a message, e.g. one a secret was removed from.
    fn message(text: String) -> Cause {
        Cause {
            error: Arc::new(Message(text.clone())),
            shown: text,
        }
    }

    /// The error itself.
    pub fn get_ref(&self) -> &(dyn std::error::Error + Send + Sync + 'static) {
        &*self.error
    }

    /// The kind of the I/O error somewhere in the chain, if there is one.
    pub fn io_kind(&self) -> Option<std::io::ErrorKind> {
        let mut current: Option<&(dyn std::error::Error + 'static)> = Some(self.get_ref());
        while let Some(e) = current {
            if let Some(io) = e.downcast_ref::<std::io::Error>() {
                return Some(io.kind());
            }
            current = e.source();
        }
        None
    }

    fn map_text(self, f: &dyn Fn(&str) -> String) -> Cause {
        let text = f(&self.shown);
        if text == self.shown {
            self
        } else {
            Cause::message(text)
        }
    }
}

fn deepest<'a>(e: &'a (dyn std::error::Error + 'static)) -> &'a (dyn std::error::Error + 'static) {
    let mut current = e;
    while let Some(next) = current.source() {
        current = next;
    }
    current
}

impl std::fmt::Display for Cause {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.shown)
    }
}

impl std::fmt::Debug for Cause {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        // The shown text only: what the error's Debug would add is what `shown` omits.
        write!(f, "Cause({:?})", self.shown)
    }
}

impl std::error::Error for Cause {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        let inner: &(dyn std::error::Error + 'static) = &*self.error;
        Some(deepest(inner))
    }
}

/// Causes compare by what they say: enough for tests and for telling errors apart.
impl PartialEq for Cause {
    fn eq(&self, other: &Cause) -> bool {
        self.shown == other.shown
    }
}

#[derive(Debug)]
struct Message(String);

impl std::fmt::Display for Message {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for Message {}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_cause_shows_its_deepest_message_and_leads_to_that_error() {
        let io = std::io::Error::new(std::io::ErrorKind::ConnectionRefused, "refused here");
        #[derive(Debug, thiserror::Error)]
        #[error("outer wrapper")]
        struct Outer(#[source] std::io::Error);
        let cause = Cause::new(Outer(io));
        assert_eq!(cause.to_string(), "refused here");
        assert_eq!(cause.io_kind(), Some(std::io::ErrorKind::ConnectionRefused));
        let e = ModelError::Connect {
            url: "http://x".into(),
            cause,
        };
        let chain: Vec<String> =
            std::iter::successors(Some(&e as &(dyn std::error::Error + 'static)), |e| {
                e.source()
            })
            .map(ToString::to_string)
            .collect();
        assert_eq!(
            chain,
            [
                "could not reach the model server at http://x: refused here",
                "refused here",
                "refused here"
            ]
        );
        let deepest = std::error::Error::source(&e)
            .and_then(std::error::Error::source)
            .unwrap();
        assert!(deepest.downcast_ref::<std::io::Error>().is_some());
    }

    #[test]
    fn a_cause_with_a_secret_in_it_keeps_only_the_cleaned_text() {
        let cause = Cause::new(std::io::Error::other("token hunter2 rejected"));
        let e = ModelError::Stream {
            reason: "token hunter2 rejected".into(),
            cause: Some(cause),
        }
        .map_text(&|t| t.replace("hunter2", "[REDACTED]"));
        assert_eq!(
            e.to_string(),
            "the model's reply stream broke off: token [REDACTED] rejected"
        );
        let source = std::error::Error::source(&e).unwrap();
        assert_eq!(source.to_string(), "token [REDACTED] rejected");
        assert_eq!(
            std::error::Error::source(source).unwrap().to_string(),
            "token [REDACTED] rejected"
        );
        assert!(!format!("{e:?}").contains("hunter2"));
    }

    #[test]
    fn limits_are_named_with_the_setting_that_raises_them() {
        assert_eq!(
            ModelError::ReplyTooLarge { limit: 8_388_608 }.to_string(),
            "the model's reply was longer than 8388608 bytes; raise `max_reply_bytes` if replies this long are expected"
        );
        assert_eq!(
            ModelError::ReplyTooSlow {
                limit: Duration::from_secs(3600)
            }
            .to_string(),
            "the model's reply took longer than 3600 s; raise `max_reply_secs` if the model is this slow"
        );
        assert_eq!(
            ModelError::ReplyTooSlow {
                limit: Duration::from_millis(1500)
            }
            .to_string(),
            "the model's reply took longer than 1.5 s; raise `max_reply_secs` if the model is this slow"
        );
    }
}
