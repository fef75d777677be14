//! When to send a failed request again, and how long to wait first.

use std::time::{Duration, SystemTime};

use reqwest::header::{HeaderMap, HeaderValue, RETRY_AFTER};

/// `Retry-After` in seconds, or as an HTTP date (a date in the past means now).
pub fn retry_after(value: Option<&HeaderValue>) -> Option<Duration> {
    let text = value?.to_str().ok()?.trim();
    if let Ok(secs) = text.parse::<u64>() {
        return Some(Duration::from_secs(secs));
    }
    if let Ok(secs) = text.parse::<f64>()
        && secs.is_finite()
        && secs >= 0.0
    {
        return Some(Duration::from_secs_f64(secs.min(86_400.0)));
    }
    let when = httpdate::parse_http_date(text).ok()?;
    Some(
        when.duration_since(SystemTime::now())
            .unwrap_or(Duration::ZERO),
    )
}

/// How long a response asks the client to wait: OpenAI's and Azure's `retry-after-ms`
/// first (finer), then the standard `Retry-After`.
pub fn requested_wait(headers: &HeaderMap) -> Option<Duration> {
    let ms = headers
        .get("retry-after-ms")
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.trim().parse::<f64>().ok())
        .filter(|ms| ms.is_finite() && *ms >= 0.0)
        .map(|ms| Duration::from_secs_f64(ms.min(86_400_000.0) / 1000.0));
    ms.or_else(|| retry_after(headers.get(RETRY_AFTER)))
}

/// The wait before retry number `attempt + 1`: what the server asked for, else exponential
/// from `base` with jitter; never more than `cap`.
pub fn backoff(base: Duration, cap: Duration, attempt: u32, asked: Option<Duration>) -> Duration {
    if let Some(wait) = asked {
        return wait.min(cap);
    }
    let exp = base.saturating_mul(2u32.saturating_pow(attempt)).min(cap);
    // Jitter in [exp/2, exp): clients that failed together do not retry together.
    let half = exp / 2;
    half + half.mul_f64(fastrand::f64())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn retry_after_reads_seconds_fractions_and_dates() {
        let h = |s: &str| HeaderValue::from_str(s).unwrap();
        assert_eq!(retry_after(Some(&h("7"))), Some(Duration::from_secs(7)));
        assert_eq!(
            retry_after(Some(&h("1.5"))),
            Some(Duration::from_millis(1500))
        );
        let past = httpdate::fmt_http_date(SystemTime::now() - Duration::from_secs(60));
        assert_eq!(retry_after(Some(&h(&past))), Some(Duration::ZERO));
        assert_eq!(retry_after(Some(&h("soon"))), None);
        assert_eq!(retry_after(None), None);
    }

    #[test]
    fn retry_after_ms_wins_over_retry_after() {
        let mut headers = HeaderMap::new();
        headers.insert(RETRY_AFTER, HeaderValue::from_static("20"));
        headers.insert("retry-after-ms", HeaderValue::from_static("250"));
        assert_eq!(requested_wait(&headers), Some(Duration::from_millis(250)));
    }

    #[test]
    fn backoff_doubles_with_jitter_and_is_capped() {
        let base = Duration::from_millis(100);
        let cap = Duration::from_secs(1);
        for attempt in 0..3 {
            let exp = base * 2u32.pow(attempt);
            let d = backoff(base, cap, attempt, None);
            assert!(d >= exp / 2 && d <= exp, "attempt {attempt}: {d:?}");
        }
        assert!(backoff(base, cap, 30, None) <= cap);
        assert_eq!(
            backoff(base, cap, 0, Some(Duration::from_secs(3600))),
            cap,
            "a server's Retry-After is capped too"
        );
    }
}
