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

pub fn usage_of(value: &Value) -> Option<Usage> {
    let u = value.get("usage")?;
    let prompt = u.get("prompt_tokens").and_then(Value::as_u64);
    let completion = u.get("completion_tokens").and_then(Value::as_u64);
    if prompt.is_none() && completion.is_none() {
        return None;
    }
    Some(Usage {
        prompt_tokens: prompt.unwrap_or(0),
        completion_tokens: completion.unwrap_or(0),
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
    if let Some(err) = value.get("error").filter(|e| !e.is_null()) {
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

/// An error body as one readable line: JSON error objects, `detail`, plain text, or HTML
/// with its tags removed; at most 300 characters.
pub fn readable_body(body: &[u8]) -> String {
    let text = String::from_utf8_lossy(body);
    let message = match serde_json::from_str::<Value>(&text) {
        Ok(v) => {
            if let Some(e) = v.get("error").filter(|e| !e.is_null()) {
                error_message(e)
            } else if let Some(d) = v.get("detail") {
                d.as_str()
                    .map(str::to_string)
                    .unwrap_or_else(|| d.to_string())
            } else if let Some(m) = v.get("message").and_then(Value::as_str) {
                m.to_string()
            } else {
                v.to_string()
            }
        }
        Err(_) => strip_tags(&text),
    };
    let flat: String = message.split_whitespace().collect::<Vec<_>>().join(" ");
    let mut out: String = flat.chars().take(300).collect();
    if flat.chars().count() > 300 {
        out.push('…');
    }
    if out.is_empty() {
        "(empty body)".into()
    } else {
        out
    }
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
                i += 1;
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
                completion_tokens: 0
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
}
