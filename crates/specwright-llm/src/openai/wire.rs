//! Reading what OpenAI-compatible servers send back, leniently: replies without
//! `object`, `created` or `usage`, non-standard finish reasons, error bodies as JSON with
//! numeric or string codes, plain strings, or HTML.

use serde_json::Value;
use specwright_core::Usage;

use crate::error::ModelError;

/// A chat reply's parts that matter here.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Reply {
    pub content: String,
    pub finish_reason: Option<String>,
    pub refusal: Option<String>,
    pub usage: Option<Usage>,
}

/// The token counts of a reply (or of a stream's chunk), with the prompt tokens the
/// server's prefix cache reused when it says: OpenAI (and vLLM, LM Studio and others that
/// follow it) in `usage.prompt_tokens_details.cached_tokens`, llama.cpp's server in
/// `timings.cache_n`.
pub fn usage_of(value: &Value) -> Option<Usage> {
    let u = value.get("usage").filter(|u| u.is_object());
    let field = |name: &str| u.and_then(|u| u.get(name)).and_then(Value::as_u64);
    let prompt = field("prompt_tokens");
    let completion = field("completion_tokens");
    let cached = u
        .and_then(|u| u.pointer("/prompt_tokens_details/cached_tokens"))
        .and_then(Value::as_u64)
        .or_else(|| value.pointer("/timings/cache_n").and_then(Value::as_u64));
    if prompt.is_none() && completion.is_none() && cached.is_none() {
        return None;
    }
    Some(Usage {
        prompt_tokens: prompt.unwrap_or(0),
        completion_tokens: completion.unwrap_or(0),
        cached_tokens: cached,
    })
}

fn non_empty(v: Option<&Value>) -> Option<String> {
    v.and_then(Value::as_str)
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .map(str::to_string)
}

/// A whole (non-streamed) chat completion.
pub fn parse_completion(body: &[u8]) -> Result<Reply, ModelError> {
    let value: Value = serde_json::from_slice(body).map_err(|e| {
        ModelError::InvalidReply(format!(
            "the server's reply is not JSON ({e}): {}",
            readable_body(body)
        ))
    })?;
    // `{"error": ...}`, or vLLM's `{"object": "error", "message": ...}`, sent with a 200.
    let error = value.get("error").filter(|e| !e.is_null()).or_else(|| {
        (value.get("object").and_then(Value::as_str) == Some("error")).then_some(&value)
    });
    if let Some(err) = error {
        return Err(ModelError::Http {
            status: 200,
            message: error_message(err),
        });
    }
    let choice = value
        .get("choices")
        .and_then(|c| c.get(0))
        .ok_or_else(|| ModelError::InvalidReply("the server's reply has no choices".into()))?;
    let message = choice.get("message").or_else(|| choice.get("delta"));
    let content = message
        .and_then(|m| m.get("content"))
        .and_then(Value::as_str)
        .or_else(|| choice.get("text").and_then(Value::as_str))
        .unwrap_or("")
        .to_string();
    Ok(Reply {
        content,
        finish_reason: non_empty(choice.get("finish_reason")),
        refusal: non_empty(message.and_then(|m| m.get("refusal"))),
        usage: usage_of(&value),
    })
}

/// Turns finish reasons and refusals into errors; anything else non-standard passes.
pub fn check_reply(reply: Reply) -> Result<Reply, ModelError> {
    if let Some(refusal) = &reply.refusal {
        return Err(ModelError::Refusal(refusal.clone()));
    }
    match reply.finish_reason.as_deref() {
        Some("length") => Err(ModelError::Truncated),
        Some("content_filter") => Err(ModelError::ContentFilter),
        _ => Ok(reply),
    }
}

/// The message of an `error` value: an object with `message`, or a string.
pub fn error_message(err: &Value) -> String {
    match err {
        Value::String(s) => s.clone(),
        Value::Object(m) => {
            let message = m
                .get("message")
                .and_then(Value::as_str)
                .map(str::to_string)
                .unwrap_or_else(|| err.to_string());
            match m.get("code").filter(|c| !c.is_null()) {
                Some(Value::String(code)) => format!("{message} ({code})"),
                Some(Value::Number(code)) => format!("{message} (code {code})"),
                _ => message,
            }
        }
        other => other.to_string(),
    }
}

/// The most characters of an error body a message quotes.
const BODY_LIMIT: usize = 200;

/// An error body as one readable line: JSON error objects, `detail`, plain text, or HTML
/// with its tags removed; at most [`BODY_LIMIT`] characters.
pub fn readable_body(body: &[u8]) -> String {
    let text = String::from_utf8_lossy(body);
    let message = match serde_json::from_str::<Value>(&text) {
        Ok(v) => {
            if let Some(e) = v.get("error").filter(|e| !e.is_null()) {
                error_message(e)
            } else if let Some(d) = v.get("detail") {
                detail_message(d)
            } else if let Some(m) = v.get("message").and_then(Value::as_str) {
                m.to_string()
            } else {
                v.to_string()
            }
        }
        Err(_) if looks_like_html(&text) => decode_entities(&strip_tags(&text)),
        Err(_) => text.into_owned(),
    };
    let words: Vec<&str> = message.split_whitespace().collect();
    let flat = drop_repeated_lead(&words).join(" ");
    let mut out: String = flat.chars().take(BODY_LIMIT).collect();
    if flat.chars().count() > BODY_LIMIT {
        out.push('…');
    }
    if out.is_empty() {
        "(empty body)".into()
    } else {
        out
    }
}

/// FastAPI's `detail`: a string, or a list of validation errors with `msg` and `loc`.
fn detail_message(detail: &Value) -> String {
    match detail {
        Value::String(s) => s.clone(),
        Value::Array(items) => items
            .iter()
            .map(|item| {
                let msg = item.get("msg").and_then(Value::as_str);
                let loc = item.get("loc").and_then(Value::as_array).map(|parts| {
                    parts
                        .iter()
                        .map(|p| p.as_str().map_or_else(|| p.to_string(), str::to_string))
                        .collect::<Vec<_>>()
                        .join(".")
                });
                match (msg, loc) {
                    (Some(m), Some(l)) => format!("{l}: {m}"),
                    (Some(m), None) => m.to_string(),
                    _ => item.to_string(),
                }
            })
            .collect::<Vec<_>>()
            .join("; "),
        other => other.to_string(),
    }
}

fn looks_like_html(text: &str) -> bool {
    let head = text.trim_start().to_ascii_lowercase();
    head.starts_with('<')
        && [
            "<html",
            "<!doctype",
            "<head",
            "<body",
            "<h1",
            "<title",
            "<p>",
            "<center",
        ]
        .iter()
        .any(|t| head.contains(t))
}

/// An HTML page usually repeats its `<title>` as its `<h1>`; say it once.
fn drop_repeated_lead<'a>(words: &'a [&'a str]) -> &'a [&'a str] {
    for k in (1..=(words.len() / 2).min(24)).rev() {
        if words[..k] == words[k..2 * k] {
            return &words[k..];
        }
    }
    words
}

fn decode_entities(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(at) = rest.find('&') {
        out.push_str(&rest[..at]);
        rest = &rest[at..];
        let entity = rest[1..]
            .find(';')
            .filter(|end| *end <= 8)
            .map(|end| &rest[1..=end]);
        let decoded = entity.and_then(|e| match e {
            "amp" => Some('&'),
            "lt" => Some('<'),
            "gt" => Some('>'),
            "quot" => Some('"'),
            "apos" => Some('\''),
            "nbsp" => Some(' '),
            _ => e
                .strip_prefix("#x")
                .or_else(|| e.strip_prefix("#X"))
                .and_then(|hex| u32::from_str_radix(hex, 16).ok())
                .or_else(|| e.strip_prefix('#').and_then(|d| d.parse().ok()))
                .and_then(char::from_u32),
        });
        match (entity, decoded) {
            (Some(e), Some(c)) => {
                out.push(c);
                rest = &rest[e.len() + 2..];
            }
            _ => {
                out.push('&');
                rest = &rest[1..];
            }
        }
    }
    out.push_str(rest);
    out
}

fn strip_tags(text: &str) -> String {
    let mut out = String::new();
    let mut in_tag = false;
    let lower = text.to_ascii_lowercase();
    // Drop <script> and <style> contents with their tags.
    let mut skip_until: Option<&str> = None;
    let mut i = 0;
    let bytes = text.as_bytes();
    while i < bytes.len() {
        if let Some(end) = skip_until {
            if lower[i..].starts_with(end) {
                i += end.len();
                skip_until = None;
            } else {
                i += text[i..].chars().next().map_or(1, char::len_utf8);
            }
            continue;
        }
        if lower[i..].starts_with("<script") {
            skip_until = Some("</script>");
            continue;
        }
        if lower[i..].starts_with("<style") {
            skip_until = Some("</style>");
            continue;
        }
        let c = text[i..].chars().next().unwrap_or(' ');
        match c {
            '<' => in_tag = true,
            '>' if in_tag => {
                in_tag = false;
                out.push(' ');
            }
            _ if !in_tag => out.push(c),
            _ => {}
        }
        i += c.len_utf8();
    }
    out
}

/// Whether an error says the prompt does not fit the model's context (OpenAI, vLLM,
/// llama.cpp and llama-cpp-python each word it differently).
pub fn mentions_context_length(message: &str) -> bool {
    let m = message.to_ascii_lowercase();
    [
        "context_length_exceeded",
        "maximum context length",
        "context length",
        "context window",
        "context size",
        "exceed_context_size",
        "too many tokens",
    ]
    .iter()
    .any(|k| m.contains(k))
}

/// Whether an error body says the server did not accept the requested output format.
pub fn mentions_output_format(message: &str) -> bool {
    let m = message.to_ascii_lowercase();
    [
        "response_format",
        "json_schema",
        "schema",
        "grammar",
        "structured output",
        "format",
    ]
    .iter()
    .any(|k| m.contains(k))
}

/// Whether an error is about quota rather than rate.
pub fn is_insufficient_quota(body: &[u8]) -> bool {
    let text = String::from_utf8_lossy(body).to_ascii_lowercase();
    text.contains("insufficient_quota")
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn minimal_replies_parse() {
        let r = parse_completion(br#"{"choices":[{"message":{"content":"{}"}}]}"#).unwrap();
        assert_eq!(r.content, "{}");
        assert_eq!(r.usage, None);
        let r = parse_completion(br#"{"choices":[{"message":{"content":"x","refusal":""},"finish_reason":"eos"}],"usage":{"prompt_tokens":3}}"#).unwrap();
        assert_eq!(r.refusal, None);
        assert_eq!(r.finish_reason.as_deref(), Some("eos"));
        assert_eq!(
            r.usage,
            Some(Usage {
                prompt_tokens: 3,
                completion_tokens: 0,
                cached_tokens: None,
            })
        );
    }

    #[test]
    fn cached_prompt_tokens_are_read_where_a_server_reports_them() {
        let openai = json!({"usage": {"prompt_tokens": 2006, "completion_tokens": 300,
            "prompt_tokens_details": {"cached_tokens": 1920}}});
        assert_eq!(
            usage_of(&openai),
            Some(Usage {
                prompt_tokens: 2006,
                completion_tokens: 300,
                cached_tokens: Some(1920),
            })
        );
        let llama_cpp = json!({"usage": {"prompt_tokens": 237, "completion_tokens": 35},
            "timings": {"cache_n": 236, "prompt_n": 1}});
        assert_eq!(usage_of(&llama_cpp).unwrap().cached_tokens, Some(236));
        let none = json!({"usage": {"prompt_tokens": 5, "completion_tokens": 1,
            "prompt_tokens_details": null}});
        assert_eq!(usage_of(&none).unwrap().cached_tokens, None);
        let timings_only = json!({"timings": {"cache_n": 12}});
        assert_eq!(
            usage_of(&timings_only),
            Some(Usage {
                prompt_tokens: 0,
                completion_tokens: 0,
                cached_tokens: Some(12),
            })
        );
    }

    #[test]
    fn error_bodies_become_one_readable_line() {
        assert_eq!(
            readable_body(br#"{"error":{"message":"Too many","code":429}}"#),
            "Too many (code 429)"
        );
        assert_eq!(
            readable_body(br#"{"error":"model not loaded"}"#),
            "model not loaded"
        );
        assert_eq!(readable_body(br#"{"detail":"Not Found"}"#), "Not Found");
        assert_eq!(
            readable_body(b"<html><head><style>p{}</style></head><body><h1>502 Bad Gateway</h1><p>nginx</p></body></html>"),
            "502 Bad Gateway nginx"
        );
        assert_eq!(readable_body(b""), "(empty body)");
    }

    #[test]
    fn html_pages_say_their_title_once_with_entities_decoded_and_are_cut_short() {
        assert_eq!(
            readable_body(b"<!DOCTYPE html><html><head><title>503 Service Unavailable</title></head><body><h1>503 Service Unavailable</h1><p>Try again &amp; again&#33;</p></body></html>"),
            "503 Service Unavailable Try again & again!"
        );
        let long = format!("<html><body><p>{}</p></body></html>", "word ".repeat(100));
        let out = readable_body(long.as_bytes());
        assert_eq!(out.chars().count(), BODY_LIMIT + 1);
        assert!(out.ends_with('…'), "{out}");
        assert_eq!(
            readable_body(b"a < b & c"),
            "a < b & c",
            "plain text is not taken for HTML"
        );
    }

    #[test]
    fn fastapi_validation_details_are_listed() {
        assert_eq!(
            readable_body(
                br#"{"detail":[{"loc":["body","response_format","type"],"msg":"unexpected value","type":"value_error"}]}"#
            ),
            "body.response_format.type: unexpected value"
        );
    }

    #[test]
    fn context_length_errors_are_recognised() {
        assert!(mentions_context_length(
            "This model's maximum context length is 2048 tokens. However, you requested 3000 tokens"
        ));
        assert!(mentions_context_length(
            "Requested tokens (5000) exceed context window of 4096"
        ));
        assert!(!mentions_context_length("response_format not supported"));
    }
}
