//! The API key: trimmed, checked, and never printed.

use crate::error::ModelError;

/// An API key. Its `Debug` and `Display` never show it.
#[derive(Clone, PartialEq, Eq)]
pub struct ApiKey(String);

impl ApiKey {
    /// Trims surrounding white space (a key pasted with its newline) and refuses a key
    /// with other control characters, which would corrupt the HTTP header.
    pub fn parse(raw: &str) -> Result<ApiKey, ModelError> {
        let key = raw.trim();
        if key.is_empty() {
            return Err(ModelError::Config("the API key is empty".into()));
        }
        if key.chars().any(|c| c.is_control()) {
            return Err(ModelError::Config(
                "the API key contains control characters (check how OPENAI_API_KEY was set); it was not used".into(),
            ));
        }
        if !key.is_ascii() {
            return Err(ModelError::Config(
                "the API key contains non-ASCII characters (check how OPENAI_API_KEY was set); it was not used".into(),
            ));
        }
        Ok(ApiKey(key.to_string()))
    }

    /// The key itself, for the Authorization header only.
    pub fn expose(&self) -> &str {
        &self.0
    }

    /// `sk-…abcd`: enough to tell keys apart, never enough to use one.
    pub fn masked(&self) -> String {
        let n = self.0.chars().count();
        if n <= 8 {
            return "****".into();
        }
        let prefix: String = self.0.chars().take(3).collect();
        let suffix: String = self.0.chars().skip(n - 4).collect();
        format!("{prefix}…{suffix}")
    }
}

impl std::fmt::Debug for ApiKey {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "ApiKey({})", self.masked())
    }
}

impl std::fmt::Display for ApiKey {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.masked())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_trailing_newline_is_trimmed_and_control_characters_are_refused() {
        assert_eq!(
            ApiKey::parse("sk-abcdefgh1234\n").unwrap().expose(),
            "sk-abcdefgh1234"
        );
        let err = ApiKey::parse("sk-abc\u{7}defgh").unwrap_err().to_string();
        assert!(err.contains("control characters"), "{err}");
        assert!(!err.contains("sk-abc"), "{err}");
        assert!(ApiKey::parse("  ").is_err());
    }

    #[test]
    fn the_key_never_shows_in_debug_or_display() {
        let key = ApiKey::parse("sk-SECRETSECRET9876").unwrap();
        assert_eq!(format!("{key:?}"), "ApiKey(sk-…9876)");
        assert_eq!(key.to_string(), "sk-…9876");
        assert!(!format!("{key:?}").contains("SECRET"));
    }
}
