//! `specwright config show`: every effective value, defaults included, each with where it
//! came from; the key masked, a password or a query-string secret in a URL never shown.

use serde_json::{Map, Value, json};

use super::{ProviderConfig, ProviderKind, Source};

/// Query parameters that are settings, not secrets (Azure OpenAI's `api-version`).
const PLAIN_QUERY_PARAMETERS: &[&str] = &["api-version"];

/// A URL as it may be printed: the user name and password, and the value of every query
/// parameter but the plain ones, become `***`. A URL with nothing to hide is unchanged.
pub fn redact_url(raw: &str) -> String {
    let Ok(mut url) = url::Url::parse(raw) else {
        return redact_unparsed(raw);
    };
    if !has_credentials(raw) {
        return raw.to_string();
    }
    if url.password().is_some() {
        let _ = url.set_password(Some("***"));
    } else if !url.username().is_empty() {
        // A user name alone is often a token (https://TOKEN@host).
        let _ = url.set_username("***");
    }
    if url.query().is_some() {
        let pairs: Vec<(String, String)> = url
            .query_pairs()
            .map(|(k, v)| {
                let v = if PLAIN_QUERY_PARAMETERS.contains(&k.as_ref()) {
                    v.into_owned()
                } else {
                    "***".to_string()
                };
                (k.into_owned(), v)
            })
            .collect();
        url.query_pairs_mut().clear().extend_pairs(pairs);
    }
    url.to_string()
}

/// What cannot be parsed is cut at the user part and the query string.
fn redact_unparsed(raw: &str) -> String {
    let mut out = raw.to_string();
    if let Some(q) = out.find('?') {
        out.truncate(q);
        out.push_str("?***");
    }
    if let Some(at) = out.find('@') {
        let start = out.find("://").map(|i| i + 3).unwrap_or(0);
        if start <= at {
            out.replace_range(start..at, "***");
        }
    }
    out
}

/// Whether a URL carries a user name, a password or a query parameter that may be secret.
pub fn has_credentials(raw: &str) -> bool {
    match url::Url::parse(raw) {
        Ok(url) => {
            !url.username().is_empty()
                || url.password().is_some()
                || url
                    .query_pairs()
                    .any(|(k, _)| !PLAIN_QUERY_PARAMETERS.contains(&k.as_ref()))
        }
        Err(_) => raw.contains('@') || raw.contains('?'),
    }
}

/// One line of `config show`.
struct Row {
    key: &'static str,
    value: Value,
    shown: String,
    origin: String,
}

fn row(key: &'static str, value: Value, shown: impl Into<String>, origin: impl ToString) -> Row {
    Row {
        key,
        value,
        shown: shown.into(),
        origin: origin.to_string(),
    }
}

impl ProviderConfig {
    fn rows(&self) -> Vec<Row> {
        let mut rows = Vec::new();
        let provider = self.provider.value.name();
        let provider_origin = match (&self.provider.source, self.provider.value) {
            (Source::Default, ProviderKind::Offline) => {
                "default: no key or server is configured, so the built-in offline interviewer runs"
                    .to_string()
            }
            (source, _) => source.to_string(),
        };
        rows.push(row("provider", json!(provider), provider, provider_origin));
        rows.push(match &self.profile {
            Some(p) => row("profile", json!(p.value), &p.value, &p.source),
            None => row("profile", Value::Null, "(none)", Source::Default),
        });
        rows.push(row(
            "model",
            json!(self.model.value),
            &self.model.value,
            &self.model.source,
        ));
        let base = redact_url(self.effective_base_url());
        rows.push(match &self.base_url {
            Some(b) => row("base_url", json!(base), &base, &b.source),
            None => row("base_url", json!(base), &base, Source::Default),
        });
        rows.push(match &self.api_key {
            Some(k) => row(
                "api_key",
                json!(k.value.masked()),
                k.value.masked(),
                &k.source,
            ),
            None => row(
                "api_key",
                Value::Null,
                "(not set)",
                "default: set OPENAI_API_KEY, or api_key in the user file",
            ),
        });
        let trust_origin = match &self.trust {
            super::Trust::Trusted { user_file } => format!("user file {}", user_file.display()),
            super::Trust::Untrusted { named_by, .. } => {
                format!("the server is named by the {named_by}")
            }
            super::Trust::NotNeeded(_) => "default".to_string(),
        };
        rows.push(row(
            "trust",
            json!(self.trust.shown()),
            self.trust.shown(),
            trust_origin,
        ));
        rows.push(row(
            "connect_timeout",
            json!(self.connect_timeout.value.as_secs()),
            format!("{} s", self.connect_timeout.value.as_secs()),
            &self.connect_timeout.source,
        ));
        rows.push(row(
            "idle_timeout",
            json!(self.idle_timeout.value.as_secs()),
            format!("{} s", self.idle_timeout.value.as_secs()),
            &self.idle_timeout.source,
        ));
        rows.push(row(
            "max_retries",
            json!(self.max_retries.value),
            self.max_retries.value.to_string(),
            &self.max_retries.source,
        ));
        rows.push(row(
            "max_repairs",
            json!(self.max_repairs.value),
            self.max_repairs.value.to_string(),
            &self.max_repairs.source,
        ));
        rows.push(row(
            "stream",
            json!(self.stream.value),
            self.stream.value.to_string(),
            &self.stream.source,
        ));
        rows.push(match &self.max_tokens {
            Some(m) => row("max_tokens", json!(m.value), m.value.to_string(), &m.source),
            None if self.limits_turn_tokens() => row(
                "max_tokens",
                Value::Null,
                "(per turn: 1024, a draft 4096)",
                "default: what each turn needs",
            ),
            None => row(
                "max_tokens",
                Value::Null,
                "(the server's default)",
                "default on OpenAI's and Azure's servers",
            ),
        });
        rows.push(match &self.temperature {
            Some(t) => row(
                "temperature",
                json!(t.value),
                t.value.to_string(),
                &t.source,
            ),
            None => row(
                "temperature",
                Value::Null,
                "(the server's default)",
                Source::Default,
            ),
        });
        rows.push(match &self.context_window {
            Some(c) => row(
                "context_window",
                json!(c.value),
                format!("{} tokens", c.value),
                &c.source,
            ),
            None => row(
                "context_window",
                Value::Null,
                "(not set: requests are not trimmed)",
                Source::Default,
            ),
        });
        rows.push(row(
            "max_reply_bytes",
            json!(self.max_reply_bytes.value),
            self.max_reply_bytes.value.to_string(),
            &self.max_reply_bytes.source,
        ));
        rows.push(row(
            "max_reply_secs",
            json!(self.max_reply_time.value.as_secs()),
            format!("{} s", self.max_reply_time.value.as_secs()),
            &self.max_reply_time.source,
        ));
        let fallback = if self.fallback_offline.value {
            "offline"
        } else {
            "fail"
        };
        rows.push(row(
            "fallback",
            json!(fallback),
            fallback,
            &self.fallback_offline.source,
        ));
        let history = if self.history.value { "on" } else { "off" };
        rows.push(row(
            "history",
            json!(self.history.value),
            history,
            &self.history.source,
        ));
        let file_row =
            |key: &'static str, path: &Option<std::path::PathBuf>, found: bool| match path {
                Some(p) => row(
                    key,
                    json!(p.display().to_string()),
                    p.display().to_string(),
                    if found { "found" } else { "not found" },
                ),
                None => row(
                    key,
                    Value::Null,
                    "(none)",
                    "neither HOME nor XDG_CONFIG_HOME is set",
                ),
            };
        rows.push(file_row(
            "project_file",
            &self.files.project,
            self.files.project_found,
        ));
        rows.push(file_row(
            "user_file",
            &self.files.user,
            self.files.user_found,
        ));
        rows
    }

    /// `config show`: one `key = value (origin)` line per setting.
    pub fn show(&self) -> String {
        let mut out = String::new();
        for r in self.rows() {
            out.push_str(&format!("{:<16} = {:<40} ({})\n", r.key, r.shown, r.origin));
        }
        out
    }

    /// `config show --json`: `{key: {"value": ..., "source": ...}}`.
    pub fn show_json(&self) -> Value {
        let mut map = Map::new();
        for r in self.rows() {
            map.insert(
                r.key.to_string(),
                json!({"value": r.value, "source": r.origin}),
            );
        }
        Value::Object(map)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn passwords_and_query_secrets_are_never_shown() {
        assert_eq!(
            redact_url("https://user:hunter2@proxy.example/v1"),
            "https://user:***@proxy.example/v1"
        );
        assert_eq!(
            redact_url("https://sk-TOKEN@proxy.example/v1"),
            "https://***@proxy.example/v1"
        );
        assert_eq!(
            redact_url(
                "https://x.openai.azure.com/openai/deployments/d?api-version=2024-06-01&api-key=SECRET"
            ),
            "https://x.openai.azure.com/openai/deployments/d?api-version=2024-06-01&api-key=***"
        );
        assert_eq!(
            redact_url("http://localhost:11434/v1"),
            "http://localhost:11434/v1"
        );
        assert_eq!(redact_url("not a url?token=SECRET"), "not a url?***");
        assert_eq!(redact_url("weird://u:p@h x"), "weird://***@h x");
        assert!(has_credentials("https://u:p@h/v1"));
        assert!(has_credentials("https://h/v1?key=1"));
        assert!(!has_credentials("https://h/v1?api-version=1"));
        assert!(!has_credentials("http://127.0.0.1:8080/v1"));
    }
}
