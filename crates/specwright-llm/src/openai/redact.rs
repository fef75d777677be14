//! Keeping secrets out of what the client returns. A server may echo the request's
//! headers or URL back (in an error body, a stream error event, even the reply text), and
//! a transport error may quote a URL; the agent journals replies and prints errors.
//!
//! Two passes: the secrets this client knows (the API key, a password in the base URL,
//! secret query values of the base URL) are replaced wherever they appear; and in error
//! messages, any URL's user info and secret query values are masked, whoever's they are.

use base64::Engine;

use super::OpenAiSettings;

/// What stands where a secret was.
pub const REDACTED: &str = "[REDACTED]";

/// Secrets shorter than this are not searched for in free text, where they would match
/// ordinary words and garble the reply; where a URL is quoted they are masked all the same.
const MIN_SECRET_LEN: usize = 4;

/// The secrets of one client's settings.
#[derive(Clone, Default)]
pub struct Redactor {
    /// Longest first, so a secret that contains another is replaced whole.
    secrets: Vec<String>,
}

impl std::fmt::Debug for Redactor {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "Redactor({} secrets)", self.secrets.len())
    }
}

impl Redactor {
    pub fn new(settings: &OpenAiSettings) -> Redactor {
        let mut secrets = Vec::new();
        if let Some(key) = &settings.api_key {
            secrets.push(key.expose().to_string());
        }
        if let Ok(url) = reqwest::Url::parse(settings.base_url.trim()) {
            if let Some(password) = url.password() {
                let decoded = percent_decode(password);
                // reqwest sends a URL's user info as `Authorization: Basic base64(user:pass)`.
                let user = percent_decode(url.username());
                secrets.push(
                    base64::engine::general_purpose::STANDARD.encode(format!("{user}:{decoded}")),
                );
                secrets.push(password.to_string());
                secrets.push(decoded);
            }
            for (name, value) in url.query_pairs() {
                if is_secret_name(&name) {
                    secrets.push(value.into_owned());
                }
            }
            if let Some(query) = url.query() {
                for pair in query.split('&') {
                    if let Some((name, raw)) = pair.split_once('=')
                        && is_secret_name(&percent_decode(name))
                    {
                        secrets.push(raw.to_string());
                    }
                }
            }
        }
        secrets.retain(|s| s.chars().count() >= MIN_SECRET_LEN);
        secrets.sort_by(|a, b| b.len().cmp(&a.len()).then_with(|| a.cmp(b)));
        secrets.dedup();
        Redactor { secrets }
    }

    /// A reply's text with every known secret replaced by [`REDACTED`].
    pub fn content(&self, text: &str) -> String {
        let mut out = text.to_string();
        for secret in &self.secrets {
            if out.contains(secret.as_str()) {
                out = out.replace(secret.as_str(), REDACTED);
            }
        }
        out
    }

    /// A message with known secrets replaced and every quoted URL's secrets masked.
    pub fn message(&self, text: &str) -> String {
        self.content(&mask_urls(text))
    }
}

fn percent_decode(text: &str) -> String {
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        let hex = |b: u8| (b as char).to_digit(16);
        if bytes[i] == b'%'
            && let (Some(h), Some(l)) = (
                bytes.get(i + 1).copied().and_then(hex),
                bytes.get(i + 2).copied().and_then(hex),
            )
        {
            // Both digits are below 16, so the byte fits.
            out.push(u8::try_from(h * 16 + l).unwrap_or(b'?'));
            i += 3;
        } else {
            out.push(bytes[i]);
            i += 1;
        }
    }
    String::from_utf8_lossy(&out).into_owned()
}

/// Whether a query parameter's name says its value is a credential: `api-key`, `key`,
/// `token`, `access_token`, `sig`, `signature`, `password`, `secret`, `code`, and names
/// that contain or end with such a word (`client_secret`, `subscription-key`).
pub fn is_secret_name(name: &str) -> bool {
    let n = name.trim().to_ascii_lowercase();
    const EXACT: [&str; 9] = [
        "key", "sig", "code", "auth", "pwd", "pass", "sas", "jwt", "session",
    ];
    const CONTAINED: [&str; 7] = [
        "token",
        "secret",
        "password",
        "passwd",
        "signature",
        "credential",
        "authorization",
    ];
    EXACT.contains(&n.as_str())
        || CONTAINED.iter().any(|w| n.contains(w))
        || n.ends_with("key")
        || n.ends_with("sig")
        || n.starts_with("x-amz-")
}

/// Characters that end a URL quoted in a message.
fn ends_url(c: char) -> bool {
    c.is_whitespace() || matches!(c, '"' | '\'' | '<' | '>' | '`' | '(' | ')')
}

/// Every `scheme://…` in `text` with its user info removed and its secret query values
/// replaced by [`REDACTED`].
pub fn mask_urls(text: &str) -> String {
    if !text.contains("://") {
        return text.to_string();
    }
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(at) = rest.find("://") {
        let scheme_start = rest[..at]
            .rfind(|c: char| !(c.is_ascii_alphanumeric() || matches!(c, '+' | '-' | '.')))
            .map_or(0, |i| i + 1);
        let end = rest[at..].find(ends_url).map_or(rest.len(), |i| at + i);
        out.push_str(&rest[..scheme_start]);
        out.push_str(&mask_url(&rest[scheme_start..end]));
        rest = &rest[end..];
    }
    out.push_str(rest);
    out
}

/// One URL (`scheme://authority/path?query#fragment`), masked.
pub fn mask_url(url: &str) -> String {
    let Some(at) = url.find("://") else {
        return url.to_string();
    };
    let (scheme, after) = (&url[..at + 3], &url[at + 3..]);
    let authority_end = after.find(['/', '?', '#']).unwrap_or(after.len());
    let (authority, tail) = after.split_at(authority_end);
    // The user info ends at the authority's last `@`: a password may contain `@`.
    let host = authority
        .rsplit_once('@')
        .map_or(authority, |(_, host)| host);
    let (before_fragment, fragment) = match tail.find('#') {
        Some(i) => tail.split_at(i),
        None => (tail, ""),
    };
    let (path, query) = match before_fragment.find('?') {
        Some(i) => (&before_fragment[..i], Some(&before_fragment[i + 1..])),
        None => (before_fragment, None),
    };
    let mut out = format!("{scheme}{host}{path}");
    if let Some(query) = query {
        out.push('?');
        out.push_str(&mask_pairs(query));
    }
    if !fragment.is_empty() {
        // A fragment can carry tokens too (OAuth's implicit flow).
        out.push('#');
        out.push_str(&mask_pairs(&fragment[1..]));
    }
    out
}

fn mask_pairs(query: &str) -> String {
    query
        .split('&')
        .map(|pair| match pair.split_once('=') {
            Some((name, _)) if is_secret_name(&percent_decode(name)) => {
                format!("{name}={REDACTED}")
            }
            _ => pair.to_string(),
        })
        .collect::<Vec<_>>()
        .join("&")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::openai::ApiKey;

    #[test]
    fn urls_in_a_message_lose_their_user_info_and_secret_query_values() {
        assert_eq!(
            mask_urls(
                "error for url (https://bob:p%40ss@host.example/v1/chat?api-version=2024-10-21&api-key=abc123&sig=zz#access_token=t1&state=ok): refused"
            ),
            "error for url (https://host.example/v1/chat?api-version=2024-10-21&api-key=[REDACTED]&sig=[REDACTED]#access_token=[REDACTED]&state=ok): refused"
        );
        assert_eq!(
            mask_urls("see http://a/?Token=1 and HTTPS://b?code=9&x=1 end"),
            "see http://a/?Token=[REDACTED] and HTTPS://b?code=[REDACTED]&x=1 end"
        );
        assert_eq!(mask_urls("no url here"), "no url here");
        assert_eq!(
            mask_urls("http://user:pw@127.0.0.1:9"),
            "http://127.0.0.1:9"
        );
        assert_eq!(
            mask_urls("at http://u:p@[::1]:8080/v1?token=t."),
            "at http://[::1]:8080/v1?token=[REDACTED]"
        );
    }

    #[test]
    fn secret_names_are_recognised() {
        for name in [
            "api-key",
            "api_key",
            "apikey",
            "key",
            "token",
            "access_token",
            "sig",
            "signature",
            "password",
            "secret",
            "client_secret",
            "code",
            "subscription-key",
            "X-Amz-Signature",
        ] {
            assert!(is_secret_name(name), "{name}");
        }
        for name in ["api-version", "model", "stream", "state", "page"] {
            assert!(!is_secret_name(name), "{name}");
        }
    }

    #[test]
    fn the_settings_secrets_are_replaced_in_text() {
        let mut s = OpenAiSettings::new(
            "https://bob:pa%24%24word@host.example/v1?api-version=1&api-key=QUERYSECRET&key=abc",
            "m",
        );
        s.api_key = Some(ApiKey::parse("sk-the-KEY-1234").unwrap());
        let r = Redactor::new(&s);
        let basic = base64::engine::general_purpose::STANDARD.encode("bob:pa$$word");
        let text =
            format!("Bearer sk-the-KEY-1234; Basic {basic}; pa$$word pa%24%24word QUERYSECRET abc");
        assert_eq!(
            r.content(&text),
            "Bearer [REDACTED]; Basic [REDACTED]; [REDACTED] [REDACTED] [REDACTED] abc",
            "a three-letter secret is not searched for in free text"
        );
        assert!(!format!("{r:?}").contains("KEY"));
    }
}
