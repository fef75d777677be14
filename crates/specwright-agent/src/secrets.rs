//! Secrets the process holds (the API key), kept out of everything specwright stores or
//! prints: the journal, every file it writes, and every line a face shows. The model
//! client redacts the key from replies and errors too; this is the last check before
//! anything leaves the process, whatever path the text took to get there.

use std::sync::RwLock;

/// What a secret becomes.
pub const REDACTED: &str = "[redacted]";

/// Shorter values are not treated as secrets: replacing them would mangle ordinary text.
const MIN_SECRET_LEN: usize = 8;

static SECRETS: RwLock<Vec<String>> = RwLock::new(Vec::new());

/// Adds a secret to keep out of files and messages for the rest of the process.
pub fn register(secret: &str) {
    let secret = secret.trim();
    if secret.len() < MIN_SECRET_LEN {
        return;
    }
    if let Ok(mut all) = SECRETS.write()
        && !all.iter().any(|s| s == secret)
    {
        all.push(secret.to_string());
    }
}

/// `text` with every registered secret replaced by [`REDACTED`].
pub fn redact(text: &str) -> std::borrow::Cow<'_, str> {
    let Ok(all) = SECRETS.read() else {
        return text.into();
    };
    if !all.iter().any(|s| text.contains(s.as_str())) {
        return text.into();
    }
    let mut out = text.to_string();
    for s in all.iter() {
        out = out.replace(s.as_str(), REDACTED);
    }
    out.into()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_registered_secret_never_survives_redaction() {
        register("short");
        register("sk-test-0123456789abcdef");
        assert_eq!(redact("short text"), "short text");
        assert_eq!(
            redact("Bearer sk-test-0123456789abcdef and sk-test-0123456789abcdef"),
            "Bearer [redacted] and [redacted]"
        );
    }
}
