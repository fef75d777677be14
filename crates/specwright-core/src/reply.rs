//! What a short reply means, decided in code: the user leaving a choice to the agent
//! ("you decide"), approval words at the draft, yes and no, not knowing, and the reply to
//! the list of items a draft added (keep, edit or drop each). Pure functions.

/// Lowercase words with the punctuation around them dropped: `"Your call!"` → `your call`.
pub fn normalize(text: &str) -> String {
    text.to_lowercase()
        .replace(['’', '‘', '`'], "'")
        .split_whitespace()
        .map(|w| w.trim_matches(|c: char| !c.is_alphanumeric() && c != '\''))
        .filter(|w| !w.is_empty())
        .collect::<Vec<_>>()
        .join(" ")
}

fn words(norm: &str) -> Vec<&str> {
    norm.split(' ').filter(|w| !w.is_empty()).collect()
}

/// Whether the words of `phrase` appear in `norm`, in order and next to each other.
fn has_phrase(norm: &str, phrase: &str) -> bool {
    let hay = words(norm);
    let needle = words(phrase);
    !needle.is_empty() && hay.windows(needle.len()).any(|w| w == needle.as_slice())
}

/// Phrases that leave a choice to the agent.
const DELEGATION: [&str; 30] = [
    "you decide",
    "you choose",
    "you pick",
    "your call",
    "your choice",
    "up to you",
    "whatever you recommend",
    "whatever you think",
    "whatever you suggest",
    "whatever you prefer",
    "whatever is best",
    "whatever works",
    "what you recommend",
    "go with your recommendation",
    "no preference",
    "no strong preference",
    "no opinion",
    "no strong opinion",
    "don't care",
    "dont care",
    "do not care",
    "don't mind",
    "idk",
    "i don't know",
    "i dont know",
    "dunno",
    "no idea",
    "doesn't matter",
    "does not matter",
    "surprise me",
];

/// A whole reply that leaves the choice to the agent ("you decide", "your call",
/// "whatever you recommend", "no preference", "idk", ...): short, and saying nothing else.
pub fn is_delegation(text: &str) -> bool {
    let norm = normalize(text);
    let n = words(&norm).len();
    (1..=7).contains(&n) && DELEGATION.iter().any(|p| has_phrase(&norm, p))
}

const APPROVAL: [&str; 24] = [
    "looks good",
    "look good",
    "looks great",
    "looks fine",
    "lgtm",
    "ok",
    "okay",
    "approved",
    "approve",
    "ship it",
    "yes",
    "good",
    "great",
    "perfect",
    "fine",
    "all good",
    "sounds good",
    "good to go",
    "done",
    "go ahead",
    "that's it",
    "no changes",
    "nothing to change",
    "👍",
];

/// Words that may follow approval without changing it: "looks good to me, thanks".
const APPROVAL_TAIL: [&str; 9] = [
    "to", "me", "thanks", "thank", "you", "please", "now", "all", "it",
];

/// A whole reply at the draft that approves it ("looks good", "lgtm", "ok",
/// "approved", "ship it"), rather than asking for a change.
pub fn is_approval(text: &str) -> bool {
    let norm = normalize(text);
    if norm.is_empty() {
        return text.contains('👍');
    }
    APPROVAL.iter().any(|p| {
        let rest = norm.strip_prefix(p).map(str::trim);
        match rest {
            Some("") => true,
            Some(rest) if norm.as_bytes().get(p.len()) == Some(&b' ') => words(rest)
                .iter()
                .all(|w| APPROVAL_TAIL.contains(w) || APPROVAL.contains(w)),
            _ => false,
        }
    })
}

/// An answer to a yes/no question where Enter means yes: `Some(true)` for yes, `Some(false)`
/// for no, `None` for anything else.
pub fn yes_no(text: &str) -> Option<bool> {
    let norm = normalize(text);
    match norm.as_str() {
        "" | "y" | "yes" | "yep" | "yeah" | "sure" => Some(true),
        "n" | "no" | "nope" | "not yet" | "wait" => Some(false),
        _ if is_approval(text) => Some(true),
        _ => None,
    }
}

/// Phrases that say the user does not know something.
const UNKNOWN: [&str; 11] = [
    "don't know",
    "dont know",
    "do not know",
    "not sure",
    "no idea",
    "idk",
    "undecided",
    "not decided",
    "haven't decided",
    "tbd",
    "to be decided",
];

/// Whether a clause of an answer says the user does not know something ("for the UI I
/// don't know").
pub fn says_unknown(clause: &str) -> bool {
    let norm = normalize(clause);
    UNKNOWN.iter().any(|p| has_phrase(&norm, p))
}

/// The reply to the list of items a draft added.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Confirmation {
    /// 1-based numbers of the items to drop.
    pub drop: Vec<usize>,
    /// 1-based numbers of the items to replace, with the user's words.
    pub edit: Vec<(usize, String)>,
}

/// How to answer the list, for messages.
pub const CONFIRM_FORMS: &str = "Press Enter to keep them all, or reply `drop 2, 5` to drop items and `edit 3: <your words>` to reword one; separate several with `;`. Items you do not drop or edit are kept.";

/// Parses the reply to the list of `count` items a draft added: Enter (or "keep",
/// "keep all", approval words) keeps them all; `drop 2, 5` (also `drop 2 5`, `drop 2-4`,
/// `drop all`) drops; `edit 3: words` rewords one; several parts are separated by `;` or
/// new lines. Every item not dropped or edited is kept.
pub fn parse_confirmation(text: &str, count: usize) -> Result<Confirmation, String> {
    let mut out = Confirmation::default();
    let trimmed = text.trim();
    if trimmed.is_empty() || is_approval(trimmed) {
        return Ok(out);
    }
    for part in trimmed
        .split(['\n', ';'])
        .map(str::trim)
        .filter(|p| !p.is_empty())
    {
        let lower = part.to_lowercase();
        if let Some(rest) = lower.strip_prefix("edit") {
            let rest_raw = part["edit".len()..].trim_start();
            let Some((num, words)) = rest_raw.split_once(':') else {
                return Err(format!(
                    "`{part}`: write `edit N: <your words>`, with a colon after the number."
                ));
            };
            let n = number(num.trim(), count, part)?;
            let words = words.trim();
            if words.is_empty() {
                return Err(format!("`{part}` has no words after the colon."));
            }
            let _ = rest;
            out.edit.retain(|(m, _)| *m != n);
            out.edit.push((n, words.to_string()));
        } else if let Some(rest) = lower.strip_prefix("drop") {
            let rest = rest.trim();
            if rest == "all" {
                out.drop = (1..=count).collect();
                continue;
            }
            for piece in rest
                .split([',', ' '])
                .map(str::trim)
                .filter(|p| !p.is_empty() && *p != "and")
            {
                match piece.split_once('-') {
                    Some((a, b)) => {
                        let (a, b) = (number(a, count, part)?, number(b, count, part)?);
                        out.drop.extend(a.min(b)..=a.max(b));
                    }
                    None => out.drop.push(number(piece, count, part)?),
                }
            }
        } else if lower.starts_with("keep") {
            continue;
        } else {
            return Err(format!(
                "`{part}` is not a keep, drop or edit. {CONFIRM_FORMS}"
            ));
        }
    }
    out.drop.sort_unstable();
    out.drop.dedup();
    out.edit.retain(|(n, _)| !out.drop.contains(n));
    Ok(out)
}

fn number(text: &str, count: usize, part: &str) -> Result<usize, String> {
    match text.trim().parse::<usize>() {
        Ok(n) if (1..=count).contains(&n) => Ok(n),
        _ => Err(format!(
            "`{part}`: there is no item {}; the items are numbered 1 to {count}.",
            text.trim()
        )),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use pretty_assertions::assert_eq;

    #[test]
    fn delegation_is_recognised_in_its_common_phrasings() {
        for yes in [
            "you decide",
            "Your call!",
            "whatever you recommend",
            "No preference.",
            "idk",
            "I don't know, you pick",
            "up to you really",
            "I don’t care",
        ] {
            assert!(is_delegation(yes), "{yes}");
        }
        for no in [
            "PostgreSQL",
            "2",
            "We store links in Redis, and you decide the TTL for hot links once we measure them",
            "",
        ] {
            assert!(!is_delegation(no), "{no}");
        }
    }

    #[test]
    fn approval_words_are_recognised_but_feedback_is_not() {
        for yes in [
            "looks good",
            "Looks good to me!",
            "lgtm",
            "ok",
            "Approved.",
            "ship it",
            "perfect, thanks",
            "👍",
        ] {
            assert!(is_approval(yes), "{yes}");
        }
        for no in [
            "looks good but add a goal",
            "ok so the latency is wrong",
            "goal: links expire",
            "not good",
            "",
        ] {
            assert!(!is_approval(no), "{no}");
        }
    }

    #[test]
    fn yes_and_no() {
        assert_eq!(yes_no(""), Some(true));
        assert_eq!(yes_no("Y"), Some(true));
        assert_eq!(yes_no("lgtm"), Some(true));
        assert_eq!(yes_no("n"), Some(false));
        assert_eq!(yes_no("No."), Some(false));
        assert_eq!(yes_no("change the title"), None);
    }

    #[test]
    fn unknown_clauses() {
        assert!(says_unknown("for the UI I don't know"));
        assert!(says_unknown("retention: TBD"));
        assert!(!says_unknown("the SDKs keep a disk cache"));
        // "unknown" describes data here, not what the user knows.
        assert!(!says_unknown("the country is recorded as unknown"));
    }

    #[test]
    fn the_confirmation_reply_keeps_drops_and_edits() {
        assert_eq!(parse_confirmation("", 3), Ok(Confirmation::default()));
        assert_eq!(
            parse_confirmation("keep all", 3),
            Ok(Confirmation::default())
        );
        assert_eq!(
            parse_confirmation("drop 1, 3; edit 2: UUID v4, primary key", 3),
            Ok(Confirmation {
                drop: vec![1, 3],
                edit: vec![(2, "UUID v4, primary key".into())],
            })
        );
        assert_eq!(
            parse_confirmation("drop 2-4\nkeep 1", 5).map(|c| c.drop),
            Ok(vec![2, 3, 4])
        );
        assert_eq!(
            parse_confirmation("drop all", 2).map(|c| c.drop),
            Ok(vec![1, 2])
        );
        assert_eq!(
            parse_confirmation("edit 1: x; drop 1", 2),
            Ok(Confirmation {
                drop: vec![1],
                edit: vec![],
            })
        );
        let err = parse_confirmation("drop 7", 3).unwrap_err();
        assert!(err.contains("no item 7"), "{err}");
        let err = parse_confirmation("edit 2 UUID", 3).unwrap_err();
        assert!(err.contains("colon"), "{err}");
        let err = parse_confirmation("make it better", 3).unwrap_err();
        assert!(err.contains("not a keep, drop or edit"), "{err}");
    }
}
