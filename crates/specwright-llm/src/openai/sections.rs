//! The top-level keys of a JSON object as its text streams in, so a face can show which
//! section of a long reply (a draft) is being written. A small state machine fed one
//! chunk at a time: each byte is looked at once, whatever the chunking, and nothing of the
//! reply is kept but the key being read.
//!
//! It finds the object as `specwright_core::validate::extract_json` does: the first `{`
//! (after a leading `<think>…</think>` block), so prose or a code fence before the object
//! is skipped. A `{` that is not followed by a key or `}` (prose such as "{as requested}")
//! is not taken for the object. Keys are reported when their closing quote arrives.

use specwright_core::validate::escape_raw_controls;

use super::progress::MAX_KEY_CHARS;

/// The most bytes of a key's raw text kept; the rest of a longer key is skipped.
const MAX_KEY_BYTES: usize = 4 * MAX_KEY_CHARS;

/// `<think>` and `</think>` as the last bytes seen, read as big-endian integers.
const THINK_OPEN: u64 = u64::from_be_bytes(*b"\0<think>");
const THINK_CLOSE: u64 = u64::from_be_bytes(*b"</think>");
const LAST_7: u64 = (1 << 56) - 1;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum State {
    /// Looking for the object's `{`.
    Before,
    /// Inside a `<think>` block, looking for `</think>`.
    Think,
    /// Just after the `{`: a key, `}` or white space must follow.
    Opened,
    /// Inside the object.
    Object,
    /// The object has closed; nothing more is reported.
    After,
}

#[derive(Debug)]
pub struct Sections {
    state: State,
    /// The last eight bytes seen outside the object, to spot `<think>` and `</think>`.
    tail: u64,
    /// Nesting inside the object: 1 is its top level. Objects and arrays both count.
    depth: usize,
    in_string: bool,
    escaped: bool,
    /// At the top level, the next string is a key.
    expect_key: bool,
    /// The raw text of the top-level key being read.
    key: Option<Vec<u8>>,
    /// Keys reported so far.
    count: usize,
}

impl Default for Sections {
    fn default() -> Self {
        Sections {
            state: State::Before,
            tail: 0,
            depth: 0,
            in_string: false,
            escaped: false,
            expect_key: false,
            key: None,
            count: 0,
        }
    }
}

impl Sections {
    /// Reads the next chunk of the reply; `on_key(key, index)` hears each top-level key
    /// that this chunk completes, in order.
    pub fn feed(&mut self, chunk: &str, mut on_key: impl FnMut(String, usize)) {
        for &b in chunk.as_bytes() {
            self.byte(b, &mut on_key);
        }
    }

    fn byte(&mut self, b: u8, on_key: &mut impl FnMut(String, usize)) {
        match self.state {
            State::After => {}
            State::Before | State::Think => {
                self.tail = (self.tail << 8) | u64::from(b);
                if self.state == State::Think {
                    if self.tail == THINK_CLOSE {
                        self.state = State::Before;
                    }
                } else if self.tail & LAST_7 == THINK_OPEN {
                    self.state = State::Think;
                } else if b == b'{' {
                    self.state = State::Opened;
                    self.depth = 1;
                    self.in_string = false;
                    self.escaped = false;
                    self.expect_key = true;
                }
            }
            State::Opened => match b {
                b' ' | b'\t' | b'\r' | b'\n' => {}
                b'"' | b'}' => {
                    self.state = State::Object;
                    self.byte(b, on_key);
                }
                _ => {
                    // Not an object after all: read on as prose.
                    self.state = State::Before;
                    self.tail = 0;
                    self.byte(b, on_key);
                }
            },
            State::Object => self.object_byte(b, on_key),
        }
    }

    fn object_byte(&mut self, b: u8, on_key: &mut impl FnMut(String, usize)) {
        if self.in_string {
            if self.escaped {
                self.escaped = false;
            } else if b == b'\\' {
                self.escaped = true;
            } else if b == b'"' {
                self.in_string = false;
                if let Some(raw) = self.key.take() {
                    on_key(key_text(&raw), self.count);
                    self.count += 1;
                }
                return;
            }
            if let Some(key) = &mut self.key
                && key.len() < MAX_KEY_BYTES
            {
                key.push(b);
            }
            return;
        }
        match b {
            b'"' => {
                self.in_string = true;
                if self.depth == 1 && self.expect_key {
                    self.key = Some(Vec::new());
                    self.expect_key = false;
                }
            }
            b'{' | b'[' => self.depth += 1,
            b'}' | b']' => {
                self.depth = self.depth.saturating_sub(1);
                if self.depth == 0 {
                    self.state = State::After;
                }
            }
            b',' if self.depth == 1 => self.expect_key = true,
            b':' if self.depth == 1 => self.expect_key = false,
            _ => {}
        }
    }
}

/// A key's raw JSON text as the key itself: escapes decoded, control characters removed,
/// at most [`MAX_KEY_CHARS`] characters.
fn key_text(raw: &[u8]) -> String {
    let mut quoted = Vec::with_capacity(raw.len() + 2);
    quoted.push(b'"');
    quoted.extend_from_slice(raw);
    quoted.push(b'"');
    // Small models put raw control characters in strings; escaped, the key still decodes.
    let quoted = escape_raw_controls(&String::from_utf8_lossy(&quoted));
    let text = serde_json::from_str::<String>(&quoted)
        .unwrap_or_else(|_| String::from_utf8_lossy(raw).into_owned());
    text.chars()
        .filter(|c| !c.is_control())
        .take(MAX_KEY_CHARS)
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn keys_of(chunks: &[&str]) -> Vec<(String, usize)> {
        let mut sections = Sections::default();
        let mut seen = Vec::new();
        for chunk in chunks {
            sections.feed(chunk, |k, i| seen.push((k, i)));
        }
        seen
    }

    fn names(chunks: &[&str]) -> Vec<String> {
        keys_of(chunks).into_iter().map(|(k, _)| k).collect()
    }

    #[test]
    fn top_level_keys_are_reported_in_order_with_their_index() {
        let text = r#"{"overview": {"goal": "x", "non_goals": ["a", "b"]}, "use_cases": [{"name": "n"}], "api": "say \"hi\", {not: a key}", "done": true}"#;
        assert_eq!(
            keys_of(&[text]),
            [
                ("overview".to_string(), 0),
                ("use_cases".to_string(), 1),
                ("api".to_string(), 2),
                ("done".to_string(), 3)
            ]
        );
    }

    #[test]
    fn fences_prose_and_think_blocks_before_the_object_are_skipped() {
        assert_eq!(
            names(&[
                "Here is the draft {as requested}:\n```json\n{\"a\": 1, \"b\": {}}\n```\nHope {\"c\": 1} helps"
            ]),
            ["a", "b"],
            "prose braces are not an object, and nothing after the object counts"
        );
        assert_eq!(
            names(&["<think>maybe {\"wrong\": 1} first</think>\n{\"right\": 2}"]),
            ["right"]
        );
        assert_eq!(
            names(&["<thi", "nk>{\"x\"", ": 1}</th", "ink>{\"y\": 2}"]),
            ["y"]
        );
    }

    #[test]
    fn keys_split_across_chunks_and_escaped_keys_are_whole() {
        assert_eq!(
            names(&[
                "{\"use_",
                "ca",
                "ses\"",
                ": [], \"",
                "a\\u00e9\\n\\\"b\": 1}"
            ]),
            ["use_cases", "aé\"b"]
        );
    }

    #[test]
    fn a_huge_key_is_cut_and_control_characters_are_dropped() {
        let long = "k".repeat(10_000);
        let text = format!("{{\"{long}\": 1, \"\u{1b}]52;x\\u0007y\": 2}}");
        let keys = names(&[&text]);
        assert_eq!(keys[0].chars().count(), MAX_KEY_CHARS);
        assert_eq!(keys[1], "]52;xy");
    }

    /// Keys as the scanner reports them.
    fn shown(key: &str) -> String {
        key.chars()
            .filter(|c| !c.is_control())
            .take(MAX_KEY_CHARS)
            .collect()
    }

    fn json_value() -> impl Strategy<Value = serde_json::Value> {
        let leaf = prop_oneof![
            Just(serde_json::Value::Null),
            any::<bool>().prop_map(serde_json::Value::from),
            any::<i64>().prop_map(serde_json::Value::from),
            ".*".prop_map(serde_json::Value::from),
            "[{}\\[\\],:\"\\\\ ]{0,12}".prop_map(serde_json::Value::from),
        ];
        leaf.prop_recursive(3, 24, 4, |inner| {
            prop_oneof![
                prop::collection::vec(inner.clone(), 0..4).prop_map(serde_json::Value::from),
                prop::collection::vec((".{0,6}", inner), 0..4)
                    .prop_map(|kv| serde_json::Value::Object(kv.into_iter().collect())),
            ]
        })
    }

    fn object() -> impl Strategy<Value = serde_json::Map<String, serde_json::Value>> {
        prop::collection::vec(("[a-z_]{1,12}|.{1,8}", json_value()), 0..8)
            .prop_map(|kv| kv.into_iter().collect())
    }

    /// `text` cut at the given fractions of its length, moved to character boundaries.
    fn split<'a>(text: &'a str, cuts: &[f64]) -> Vec<&'a str> {
        let mut points: Vec<usize> = cuts
            .iter()
            .map(|f| {
                let mut at = ((text.len() as f64) * f) as usize;
                while !text.is_char_boundary(at) {
                    at -= 1;
                }
                at
            })
            .collect();
        points.push(0);
        points.push(text.len());
        points.sort_unstable();
        points.windows(2).map(|w| &text[w[0]..w[1]]).collect()
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(512))]

        #[test]
        fn any_chunking_yields_the_objects_keys(
            object in object(),
            pretty in any::<bool>(),
            wrap in 0..4usize,
            cuts in prop::collection::vec(0.0..1.0f64, 0..40),
        ) {
            let json = if pretty {
                serde_json::to_string_pretty(&object).unwrap()
            } else {
                serde_json::to_string(&object).unwrap()
            };
            let text = match wrap {
                0 => json,
                1 => format!("```json\n{json}\n```"),
                2 => format!("Sure {{here}} it is:\n\n{json}\n\nDone {{\"x\": 1}}."),
                _ => format!("<think>the {{\"draft\": 1}} needs</think>\n{json}"),
            };
            let expected: Vec<String> = object.keys().map(|k| shown(k)).collect();
            let whole = keys_of(&[&text]);
            prop_assert_eq!(
                whole.iter().map(|(k, _)| k.clone()).collect::<Vec<_>>(),
                expected
            );
            prop_assert!(whole.iter().enumerate().all(|(i, (_, index))| i == *index));
            prop_assert_eq!(keys_of(&split(&text, &cuts)), whole);
        }

        #[test]
        fn any_text_at_all_gives_the_same_keys_however_it_is_cut(
            text in "[{}\\[\\]\":,a-c\\\\ <>/thinkK\n]{0,200}",
            cuts in prop::collection::vec(0.0..1.0f64, 0..30),
        ) {
            prop_assert_eq!(keys_of(&split(&text, &cuts)), keys_of(&[&text]));
        }
    }
}
