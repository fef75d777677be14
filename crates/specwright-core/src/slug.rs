//! Turning a topic into the slug that names its files. Nothing typed by a user or
//! written by a model becomes a path any other way.

/// The longest slug, in bytes, so file names stay portable.
pub const MAX_SLUG_LEN: usize = 60;

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum TopicError {
    #[error("the topic is empty: say what to specify, e.g. specwright spec \"URL shortener\"")]
    Empty,
    #[error(
        "the topic {0:?} looks like a file path; name the feature instead, e.g. \"URL shortener\""
    )]
    LooksLikePath(String),
    #[error(
        "the topic {0:?} has no letters or digits to name its spec file with; use a name such as \"URL shortener\""
    )]
    NoSlug(String),
}

/// Lowercase ASCII letters and digits, everything else folded into single hyphens.
/// Other scripts are transliterated to ASCII first (`Café` → `cafe`, `数据库` →
/// `shu-ju-ku`), so every topic a person can name gets a readable file name.
pub fn slugify(text: &str) -> String {
    // One character at a time, so ASCII stays itself; a transliteration that ends in a
    // space (a Chinese or Japanese character) is a word of its own.
    let mut ascii = String::with_capacity(text.len());
    for c in text.chars() {
        if c.is_ascii() {
            ascii.push(c);
        } else {
            ascii.push_str(deunicode::deunicode_char(c).unwrap_or(" "));
        }
    }
    let mut out = String::new();
    let mut hyphen = false;
    for c in ascii.chars() {
        if c.is_ascii_alphanumeric() {
            if hyphen && !out.is_empty() {
                out.push('-');
            }
            hyphen = false;
            out.push(c.to_ascii_lowercase());
        } else {
            hyphen = true;
        }
        if out.len() >= MAX_SLUG_LEN {
            break;
        }
    }
    out.truncate(MAX_SLUG_LEN);
    out.trim_end_matches('-').to_string()
}

/// Checks a topic typed by the user and returns it trimmed with its slug.
pub fn topic_slug(topic: &str) -> Result<(String, String), TopicError> {
    let topic = topic.trim();
    if topic.is_empty() {
        return Err(TopicError::Empty);
    }
    let looks_like_path = topic.contains("..")
        || topic.starts_with(['/', '\\', '~', '.'])
        || topic.contains('\0')
        || topic.chars().nth(1) == Some(':')
            && topic.chars().nth(2).is_some_and(|c| c == '\\' || c == '/');
    if looks_like_path {
        return Err(TopicError::LooksLikePath(topic.to_string()));
    }
    let slug = slugify(topic);
    if slug.is_empty() {
        return Err(TopicError::NoSlug(topic.to_string()));
    }
    Ok((topic.to_string(), slug))
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn slugs_are_lowercase_words_joined_by_hyphens() {
        assert_eq!(slugify("URL shortener"), "url-shortener");
        assert_eq!(
            slugify("  Rate-limiter v2 (beta)!! "),
            "rate-limiter-v2-beta"
        );
        assert_eq!(slugify("Café Crème"), "cafe-creme");
        assert_eq!(slugify("client/server sync"), "client-server-sync");
        assert_eq!(slugify("Straße für Ärzte"), "strasse-fur-arzte");
    }

    #[test]
    fn other_scripts_are_transliterated_not_refused() {
        assert_eq!(
            topic_slug("数据库迁移").map(|t| t.1),
            Ok("shu-ju-ku-qian-yi".into())
        );
        assert_eq!(topic_slug("日本語").map(|t| t.1), Ok("ri-ben-yu".into()));
        let arabic = topic_slug("بوابة الدفع").map(|t| t.1).unwrap();
        assert!(!arabic.is_empty() && arabic.contains('-'), "{arabic}");
        assert_eq!(
            topic_slug("Поиск по сайту").map(|t| t.1),
            Ok("poisk-po-saitu".into())
        );
    }

    #[test]
    fn bad_topics_are_refused_with_a_sentence() {
        assert_eq!(topic_slug("   "), Err(TopicError::Empty));
        assert!(matches!(
            topic_slug("../../etc/passwd"),
            Err(TopicError::LooksLikePath(_))
        ));
        assert!(matches!(
            topic_slug("/etc/passwd"),
            Err(TopicError::LooksLikePath(_))
        ));
        assert!(matches!(
            topic_slug("C:\\Windows"),
            Err(TopicError::LooksLikePath(_))
        ));
        assert!(matches!(topic_slug("!!! ???"), Err(TopicError::NoSlug(_))));
        assert_eq!(
            topic_slug(" URL shortener "),
            Ok(("URL shortener".into(), "url-shortener".into()))
        );
    }

    proptest! {
        #[test]
        fn any_slug_is_a_safe_file_name(topic in "\\PC{0,200}") {
            let slug = slugify(&topic);
            prop_assert!(slug.len() <= MAX_SLUG_LEN);
            prop_assert!(slug.chars().all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-'));
            prop_assert!(!slug.starts_with('-') && !slug.ends_with('-'));
            prop_assert!(!slug.contains("--"));
        }
    }
}
