//! What a face can show while a request runs: waiting, the reply arriving section by
//! section, and server trouble with the plan for it.

use std::time::Duration;

use crate::error::{ModelError, seconds};

/// Progress of one request, for a spinner. The hook is called on the task that awaits
/// `complete`, so it must be quick (store a value, wake a thread).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Progress {
    /// Nothing has arrived yet; sent every `progress_interval` while waiting.
    Waiting { elapsed: Duration },
    /// The first token (or, unstreamed, the whole reply) arrived.
    FirstToken,
    /// This many characters have arrived so far.
    Received(usize),
    /// A streamed reply's JSON object began its top-level key number `index` (from 0),
    /// named `key`. The key comes from the model: control characters are removed and it
    /// is cut to [`MAX_KEY_CHARS`] characters, but it is still untrusted text. A retried
    /// request counts from 0 again.
    Section { key: String, index: usize },
    /// The request failed in a way that may pass, and is sent again after a pause.
    /// Reported before the pause.
    Retrying(Retry),
    /// The request is over, whether it succeeded or not.
    Done,
}

/// The most characters of a key [`Progress::Section`] reports.
pub const MAX_KEY_CHARS: usize = 200;

/// A retry about to happen: what went wrong and what happens next.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Retry {
    pub trouble: Trouble,
    /// This retry's number, from 1.
    pub retry: u32,
    /// How many retries there may be in all (`max_retries`).
    pub of: u32,
    /// The pause before it.
    pub delay: Duration,
}

/// What went wrong, for a retry: the classes of [`ModelError::is_retryable`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Trouble {
    /// The server answered with this (5xx) status.
    Status(u16),
    /// HTTP 429, with the wait the server asked for, if it said.
    RateLimited { asked: Option<Duration> },
    /// No connection: e.g. "connection refused", "timed out", or the resolver's message.
    Connect { reason: String },
    /// The streamed reply broke off part-way.
    StreamBroken { reason: String },
}

impl Trouble {
    /// The trouble behind a retryable error; `None` for one that is not retried.
    pub fn of(error: &ModelError) -> Option<Trouble> {
        match error {
            ModelError::Http { status, .. } if *status >= 500 => Some(Trouble::Status(*status)),
            ModelError::RateLimited { retry_after } => Some(Trouble::RateLimited {
                asked: *retry_after,
            }),
            ModelError::Connect { cause, .. } => {
                use std::io::ErrorKind as K;
                let reason = match cause.io_kind() {
                    Some(K::ConnectionRefused) => "connection refused".to_string(),
                    Some(K::ConnectionReset) => "connection reset".to_string(),
                    Some(K::ConnectionAborted) => "connection aborted".to_string(),
                    Some(K::TimedOut) => "timed out".to_string(),
                    _ => cause.to_string(),
                };
                Some(Trouble::Connect { reason })
            }
            ModelError::Stream { reason, .. } => Some(Trouble::StreamBroken {
                reason: reason.clone(),
            }),
            _ => None,
        }
    }
}

impl std::fmt::Display for Trouble {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Trouble::Status(status) => write!(f, "{status} from the server"),
            Trouble::RateLimited { asked: None } => {
                f.write_str("429 from the server (rate limited)")
            }
            Trouble::RateLimited { asked: Some(d) } => write!(
                f,
                "429 from the server (rate limited, asked to wait {})",
                seconds(*d)
            ),
            Trouble::Connect { reason } => write!(f, "no connection to the server ({reason})"),
            Trouble::StreamBroken { reason } => write!(f, "the reply broke off ({reason})"),
        }
    }
}

impl std::fmt::Display for Retry {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "{}, retry {} of {} in {}",
            self.trouble,
            self.retry,
            self.of,
            delay(self.delay)
        )
    }
}

/// A pause as the retry line shows it: "1.5 s", or "250 ms" under a second.
fn delay(d: Duration) -> String {
    if d >= Duration::from_secs(1) {
        format!("{:.1} s", d.as_secs_f64())
    } else {
        format!("{} ms", d.as_millis())
    }
}

impl Progress {
    /// One line for a spinner or a status bar, e.g. "503 from the server, retry 2 of 4 in
    /// 1.5 s". A section's key is the model's text: strip terminal escapes before
    /// printing it, as with any model text.
    pub fn line(&self) -> String {
        match self {
            Progress::Waiting { elapsed } => {
                format!("waiting for the server, {} s", elapsed.as_secs())
            }
            Progress::FirstToken => "the reply has begun".into(),
            Progress::Received(n) => format!("received {n} characters"),
            Progress::Section { key, index } => format!("section {}: {key}", index + 1),
            Progress::Retrying(retry) => retry.to_string(),
            Progress::Done => "done".into(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::error::Cause;

    fn retry(trouble: Trouble, retry: u32, delay: Duration) -> String {
        Progress::Retrying(Retry {
            trouble,
            retry,
            of: 4,
            delay,
        })
        .line()
    }

    #[test]
    fn a_retry_says_what_happened_and_what_happens_next() {
        assert_eq!(
            retry(Trouble::Status(503), 2, Duration::from_millis(1500)),
            "503 from the server, retry 2 of 4 in 1.5 s"
        );
        assert_eq!(
            retry(
                Trouble::RateLimited {
                    asked: Some(Duration::from_secs(2))
                },
                1,
                Duration::from_secs(2)
            ),
            "429 from the server (rate limited, asked to wait 2 s), retry 1 of 4 in 2.0 s"
        );
        assert_eq!(
            retry(
                Trouble::RateLimited { asked: None },
                3,
                Duration::from_millis(250)
            ),
            "429 from the server (rate limited), retry 3 of 4 in 250 ms"
        );
        assert_eq!(
            retry(
                Trouble::Connect {
                    reason: "connection refused".into()
                },
                1,
                Duration::from_millis(1000)
            ),
            "no connection to the server (connection refused), retry 1 of 4 in 1.0 s"
        );
        assert_eq!(
            retry(
                Trouble::StreamBroken {
                    reason: "the server closed the stream before it was complete (no [DONE])"
                        .into()
                },
                1,
                Duration::from_secs(4)
            ),
            "the reply broke off (the server closed the stream before it was complete (no [DONE])), retry 1 of 4 in 4.0 s"
        );
    }

    #[test]
    fn every_other_progress_has_a_line_too() {
        let lines: Vec<String> = [
            Progress::Waiting {
                elapsed: Duration::from_millis(13_400),
            },
            Progress::FirstToken,
            Progress::Received(120),
            Progress::Section {
                key: "use_cases".into(),
                index: 2,
            },
            Progress::Done,
        ]
        .iter()
        .map(Progress::line)
        .collect();
        assert_eq!(
            lines,
            [
                "waiting for the server, 13 s",
                "the reply has begun",
                "received 120 characters",
                "section 3: use_cases",
                "done"
            ]
        );
    }

    #[test]
    fn exactly_the_retryable_errors_have_a_trouble() {
        let refused = Cause::new(std::io::Error::from(std::io::ErrorKind::ConnectionRefused));
        let errors = [
            ModelError::Connect {
                url: "u".into(),
                cause: refused,
            },
            ModelError::IdleTimeout {
                url: "u".into(),
                seconds: 1,
            },
            ModelError::RateLimited { retry_after: None },
            ModelError::Http {
                status: 503,
                message: "m".into(),
            },
            ModelError::Http {
                status: 404,
                message: "m".into(),
            },
            ModelError::Stream {
                reason: "r".into(),
                cause: None,
            },
            ModelError::Truncated,
            ModelError::ReplyTooLarge { limit: 1 },
            ModelError::ReplyTooSlow {
                limit: Duration::from_secs(1),
            },
            ModelError::Cancelled,
        ];
        for e in &errors {
            assert_eq!(Trouble::of(e).is_some(), e.is_retryable(), "{e:?}");
        }
        assert_eq!(
            Trouble::of(&errors[0]),
            Some(Trouble::Connect {
                reason: "connection refused".into()
            })
        );
    }
}
