//! Words outside code: template placeholders left in, and vague words where the spec
//! states requirements.

use std::collections::HashSet;

use super::doc::Doc;
use super::outline::{Outline, brace_tokens};
use super::structure::quote;
use super::syntax::{label_of, list_item_text, plain_label, starts_block};
use super::vocab::{STORY_WANTS, normalize};
use super::{Finding, error, warning};

/// Template placeholders (`{who}`, `{Feature Name}`, `{lowercase words}`, `{什么问题}`)
/// and handlebars expressions (`{{title}}`) left in the spec, one finding each. Braces
/// inside a quoted string (`"Classify: {niche}"`) are the string's own.
pub(crate) fn check_placeholders(doc: &Doc, outline: &Outline, out: &mut Vec<Finding>) {
    let known: HashSet<String> = outline.placeholders.iter().map(|p| normalize(p)).collect();
    // A quotation left open at the end of a line goes on in the paragraph's next line
    // (`"An agent ... wrote this` / `on {Name}."`).
    let mut open_quote = false;
    for line in doc.lines.iter().filter(|l| !l.hidden) {
        // (Not into a new list item, table row or heading: `the 12" screen` leaves
        // nothing open for the next field.)
        let t = line.prose.trim_start();
        let new_block = t.is_empty()
            || line.heading.is_some()
            || t.starts_with('|')
            || starts_block(&line.prose);
        if new_block {
            open_quote = false;
        }
        let expressions = handlebars_expressions(&line.prose);
        // (Not inside a quotation closed on the line: a spec of templates quotes its own
        // syntax, `template subject "New contact: {{first_name}}"`.)
        let marks = if expressions.is_empty() {
            Vec::new()
        } else {
            quote_positions(&line.prose)
        };
        for &(start, end) in &expressions {
            let before = marks.partition_point(|&q| q < start);
            if before % 2 == 1 && before < marks.len() {
                continue;
            }
            // (A Hugo shortcode is markup the site renders, not a value left to fill:
            // `{{< mermaid >}}`, `{{% notice %}}`, `{{</* comment */>}}`.)
            if line.prose[start + 2..end]
                .trim_start_matches('{')
                .trim_start()
                .starts_with(['<', '%'])
            {
                continue;
            }
            out.push(error(
                line.number,
                "placeholder",
                format!(
                    "the template expression {} was left in",
                    quote(&line.prose[start..end])
                ),
                "Replace it with the real content; a rendered spec has no `{{...}}`.",
            ));
        }
        let text = blank_ranges(&line.prose, &expressions);
        let quotes = quote_positions(&text);
        let opened = usize::from(open_quote);
        // Where cells and labelled values start and cells end, for each token's value.
        let (starts, bars): (Vec<usize>, Vec<usize>) = if text.contains('{') {
            (
                text.match_indices(['|', ':']).map(|(i, _)| i).collect(),
                text.match_indices('|').map(|(i, _)| i).collect(),
            )
        } else {
            (Vec::new(), Vec::new())
        };
        let mut beside = Beside::default();
        let mut before = 0; // quote characters before the current token
        for (at, token) in brace_tokens(&text) {
            while before < quotes.len() && quotes[before] < at {
                before += 1;
            }
            // Inside a quotation that closes later on the line, or one carried over
            // from the line before.
            let quoted = (opened + before) % 2 == 1 && (before < quotes.len() || open_quote);
            // (Not a parameter of a path, even named like the template's: `POST
            // /admin/functions/{name}`.)
            let in_path = text[..at].ends_with('/');
            let is_known = !in_path && known.contains(&normalize(token));
            // A one-word name filled in within its value (`Assign {site} · ...`) is the
            // text's own: the value runs from the last `|` or `:` to the next `|`.
            let mut filled_in = || {
                let end = at + token.len();
                let start = starts[..starts.partition_point(|&i| i < at)]
                    .last()
                    .map_or(0, |i| i + 1);
                let stop = bars
                    .get(bars.partition_point(|&i| i < end))
                    .copied()
                    .unwrap_or(text.len());
                one_word(token) && beside.has_text(&text, start, at, end, stop)
            };
            if !quoted && (is_known || (looks_like_placeholder(&text[..at], token) && !filled_in()))
            {
                out.push(error(
                    line.number,
                    "placeholder",
                    format!("the template placeholder `{token}` was left in"),
                    "Replace the placeholder with the real content.",
                ));
            }
        }
        open_quote = (opened + quotes.len()) % 2 == 1;
    }
}

/// Whether braces hold one lowercase word (`{site}`, `{n}`): a name a text fills in, or
/// a placeholder when it is the whole value, as the template's `{who}` and `{policy}` are.
fn one_word(token: &str) -> bool {
    token[1..token.len() - 1]
        .chars()
        .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-')
}

/// Whether there is text beside a token in its value (a table cell, a labelled value, a
/// list item): `Assign {site} · {distance}`, `Choose nearby site ({n})`. Asked for the
/// tokens of a line in order; each character is looked at a bounded number of times.
#[derive(Default)]
struct Beside {
    /// The value last asked about, and whether text was seen in it before `scanned`.
    value: Option<usize>,
    scanned: usize,
    seen: bool,
    /// The first character that is text after the last token asked about.
    after_known: bool,
    after_at: usize,
}

impl Beside {
    /// `start..at` runs from the start of the value to the token, `end..stop` from the
    /// token's end to the end of its cell or line.
    fn has_text(&mut self, text: &str, start: usize, at: usize, end: usize, stop: usize) -> bool {
        if self.value != Some(start) {
            *self = Beside {
                value: Some(start),
                scanned: start,
                seen: false,
                ..*self
            };
        }
        if !self.seen {
            let piece = &text[self.scanned..at];
            // At the value's start, a list marker is not text; later, the piece starts
            // with the token before, which is.
            let piece = if self.scanned == start {
                list_item_text(piece).unwrap_or(piece)
            } else {
                piece
            };
            self.seen = piece
                .chars()
                .any(|c| !(c.is_whitespace() || c == '*' || c == '_'));
            self.scanned = at;
        }
        // (The first text after the last token's end is the first after this one's too
        // when it lies beyond this end.)
        if !self.after_known || self.after_at < end {
            self.after_known = true;
            self.after_at = text[end..]
                .find(|c: char| !(c.is_whitespace() || matches!(c, '.' | ',' | ';' | '*' | '_')))
                .map_or(text.len(), |i| end + i);
        }
        self.seen || self.after_at < stop
    }
}

/// Byte offsets of the `"`, `“` and `”` of a line.
fn quote_positions(text: &str) -> Vec<usize> {
    text.char_indices()
        .filter(|(_, c)| matches!(c, '"' | '“' | '”'))
        .map(|(i, _)| i)
        .collect()
}

/// The text with the given byte ranges (which start and end at ASCII braces) blanked.
fn blank_ranges(text: &str, ranges: &[(usize, usize)]) -> String {
    if ranges.is_empty() {
        return text.to_string();
    }
    let mut bytes = text.as_bytes().to_vec();
    for &(start, end) in ranges {
        bytes[start..end].fill(b' ');
    }
    String::from_utf8(bytes).unwrap_or_default()
}

/// `{{...}}` (and `{{{...}}}`) spans of a line, as byte ranges.
fn handlebars_expressions(text: &str) -> Vec<(usize, usize)> {
    let mut found = Vec::new();
    let mut from = 0;
    while let Some(at) = text[from..].find("{{") {
        let start = from + at;
        match text[start..].find("}}") {
            Some(end) => {
                let mut stop = start + end + 2;
                if text[stop..].starts_with('}') {
                    stop += 1;
                }
                found.push((start, stop));
                from = stop;
            }
            None => break,
        }
    }
    found
}

/// `{what problem this solves}`, `{p50, p99 targets}`, `{requests/sec}`, `{什么问题}`:
/// lowercase (or caseless) words in braces standing on their own. Not `/users/{id}` (a
/// path), `${HOME}`, `{ a, b }` (code), `{user_id}` (an identifier) or `{Name}`.
fn looks_like_placeholder(before: &str, token: &str) -> bool {
    let inner = &token[1..token.len() - 1];
    // A subscript or superscript in LaTeX (`A_{f, s}`, `x^{n}`), not an emphasized
    // placeholder (`_{what}_`).
    // (After a symbol too: `∑_{i,j}`.)
    let mut back = before.chars().rev();
    if let (Some('_' | '^'), Some(c)) = (back.next(), back.next())
        && (c.is_alphanumeric()
            || matches!(c, '}' | ')' | '\\')
            || (!c.is_ascii() && !c.is_alphabetic() && !c.is_whitespace()))
    {
        return false;
    }
    // The values of a set, single words: two or more after `∈` or `in` (`Model ∈ {tiny,
    // base, small}`, `for any role in {free, pro, admin}`, `one of {a, b}`), three or
    // more whatever comes before (`one of the allowed {jpg, jpeg, png, gif}`).
    let items = inner.split(',').count();
    let single_words = items >= 2
        && inner
            .split(',')
            .all(|item| !item.trim().is_empty() && !item.trim().contains(' '));
    let lead = before.trim_end();
    let after_lead_in = || {
        lead.ends_with(['∈', '∉', '='])
            || lead
                .rsplit(|c: char| !c.is_alphanumeric())
                .next()
                .is_some_and(|w| matches!(w.to_lowercase().as_str(), "in" | "of"))
    };
    if single_words && (items >= 3 || after_lead_in()) {
        return false;
    }
    // A set of names with dots, not words to fill in (`{gmail.com, googlemail.com}`).
    if inner.split(',').all(|item| {
        let item = item.trim();
        !item.contains(' ') && item.trim_matches('.').contains('.')
    }) {
        return false;
    }
    // A response's body after its status (`200: {state}`, `201 {id}`): a JSON shape.
    let status_before = lead
        .trim_end_matches([':', '→', '-', '>', '='])
        .trim_end()
        .rsplit(|c: char| !c.is_ascii_digit())
        .next()
        .is_some_and(super::operations::is_http_status);
    if status_before {
        return false;
    }
    let stands_alone = before
        .chars()
        .next_back()
        .is_none_or(|c| c.is_whitespace() || matches!(c, '(' | '[' | '*' | '_' | '"' | '\''));
    // A letter that is lowercase, or of a script without case (CJK).
    let lower_or_caseless = |c: char| c.is_lowercase() || (!c.is_ascii() && !c.is_uppercase());
    stands_alone
        && inner.chars().count() <= 80
        && inner.starts_with(|c: char| c.is_alphabetic() && lower_or_caseless(c))
        && !inner.ends_with(' ')
        && inner.chars().all(|c| {
            c.is_ascii_lowercase()
                || c.is_ascii_digit()
                || matches!(c, ' ' | ',' | '\'' | '’' | '-' | '/' | '.' | '(' | ')')
                || (!c.is_ascii() && !c.is_control() && lower_or_caseless(c))
        })
}

/// Words that promise without measuring, each with how to say it instead. Matched as
/// whole words, any case.
const VAGUE: &[(&str, &str)] = &[
    (
        "fast",
        "State the target as a number with a unit, e.g. `p99 < 200 ms`.",
    ),
    (
        "quickly",
        "State the target as a number with a unit, e.g. `within 2 s`.",
    ),
    (
        "scalable",
        "State the load it must carry, e.g. `10x today's 2,000 req/s`.",
    ),
    (
        "user-friendly",
        "Name the concrete behaviour, e.g. `one command, no config file`.",
    ),
    (
        "intuitive",
        "Name the concrete behaviour, e.g. `one command, no config file`.",
    ),
    (
        "seamless",
        "Name what the user does not have to do, e.g. `no re-login after the upgrade`.",
    ),
    (
        "seamlessly",
        "Name what the user does not have to do, e.g. `no re-login after the upgrade`.",
    ),
    ("etc.", "List every item, or say where the full list lives."),
    (
        "and so on",
        "List every item, or say where the full list lives.",
    ),
    (
        "should probably",
        "Decide: write `must`, or move it to Open Questions.",
    ),
    (
        "robust",
        "Name the failures it survives and how it recovers.",
    ),
    (
        "gracefully",
        "Say what happens instead: the response, the retry, what the user sees.",
    ),
    (
        "graceful",
        "Say what happens instead: the response, the retry, what the user sees.",
    ),
    (
        "easy",
        "Name the concrete behaviour, e.g. `one command, no config file`.",
    ),
    (
        "minimal",
        "Give the number, e.g. `at most 2 extra queries per request`.",
    ),
    (
        "sufficient",
        "Give the number that is enough, e.g. `16 GB of RAM`.",
    ),
    (
        "adequate",
        "Give the number that is enough, e.g. `16 GB of RAM`.",
    ),
    (
        "reasonable",
        "Give the number, e.g. `within 5 s` or `at most 3 retries`.",
    ),
    (
        "efficient",
        "Give the budget, e.g. `under 50 MB of memory` or `one query per page`.",
    ),
    (
        "efficiently",
        "Give the budget, e.g. `under 50 MB of memory` or `one query per page`.",
    ),
    (
        "optimal",
        "Say what is optimised and the target, e.g. `cost per request under $0.001`.",
    ),
    ("appropriate", "Say which one, or the rule that picks it."),
    ("appropriately", "Say which one, or the rule that picks it."),
    ("as needed", "Say exactly when, or who decides."),
    ("as appropriate", "Say exactly when, or who decides."),
    ("if possible", "Decide: make it a requirement, or drop it."),
    (
        "where possible",
        "Decide: make it a requirement, or drop it.",
    ),
    (
        "as soon as possible",
        "Give the deadline as a duration, e.g. `within 1 min`.",
    ),
    (
        "asap",
        "Give the deadline as a duration, e.g. `within 1 min`.",
    ),
    (
        "timely",
        "Give the deadline as a duration, e.g. `within 1 min`.",
    ),
    (
        "low latency",
        "State p50 and p99 targets with units, e.g. `p50 < 20 ms, p99 < 100 ms`.",
    ),
    (
        "high performance",
        "State the target as a number with a unit, e.g. `2,000 req/s at p99 < 50 ms`.",
    ),
    (
        "highly available",
        "State the availability as a percentage, e.g. `99.9%`.",
    ),
    ("TBD", "Decide it now, or move it to Open Questions."),
];

/// A word for matching: letters, digits, `_` and inner hyphens (`fast-path` is not `fast`).
fn words(text: &str) -> Vec<(usize, String)> {
    let mut out = Vec::new();
    let mut start = None;
    let mut chars = text.char_indices().peekable();
    while let Some((at, c)) = chars.next() {
        let inner_hyphen =
            c == '-' && start.is_some() && chars.peek().is_some_and(|(_, n)| n.is_alphanumeric());
        if c.is_alphanumeric() || c == '_' || inner_hyphen {
            start.get_or_insert(at);
        } else if let Some(s) = start.take() {
            out.push((s, text[s..at].to_lowercase()));
        }
    }
    if let Some(s) = start {
        out.push((s, text[s..].to_lowercase()));
    }
    out
}

/// Whether the word after `words[k]` names what a degraded system falls back to, in the
/// same clause: `degradation to keyword search`, `degrades gracefully with cached data`
/// (not `degrades gracefully, with minimal delay`).
fn names_fallback(prose: &str, words: &[(usize, String)], k: usize) -> bool {
    let (Some((at, word)), Some((next_at, next))) = (words.get(k), words.get(k + 1)) else {
        return false;
    };
    prose[at + word.len()..*next_at].trim().is_empty()
        && matches!(next.as_str(), "to" | "with" | "via" | "by" | "into")
}

/// A vague phrase, its text and its hint, as words.
type Phrase<'a> = (Vec<String>, &'a str, &'a str);

/// The longest vague phrase that starts at `words[k]` (`as soon as possible` over `as
/// needed`).
fn phrase_at<'p, 'a>(
    words: &[(usize, String)],
    k: usize,
    phrases: &'p [Phrase<'a>],
) -> Option<&'p Phrase<'a>> {
    phrases
        .iter()
        .filter(|(parts, _, _)| {
            parts
                .iter()
                .enumerate()
                .all(|(p, part)| words.get(k + p).is_some_and(|(_, w)| w == part))
        })
        .max_by_key(|(parts, _, _)| parts.len())
}

/// Whether any of the vague phrases is among these words.
fn has_vague(words: &[(usize, String)], phrases: &[Phrase]) -> bool {
    (0..words.len()).any(|k| phrase_at(words, k, phrases).is_some())
}

/// The start of a word's clause, cut to at most `limit` characters (a clause is short;
/// looking further would make a line of many vague words quadratic), and where the
/// clause ends in it.
fn clause_of(rest: &str, limit: usize) -> (&str, usize) {
    let rest = rest
        .char_indices()
        .nth(limit)
        .map_or(rest, |(cut, _)| &rest[..cut]);
    // (A separator inside brackets ends no clause: `reasonable length limits (e.g., 500
    // words)`.)
    let mut depth = 0usize;
    let bytes = rest.as_bytes();
    let end = (0..bytes.len())
        .find(|&at| {
            match bytes[at] {
                b'(' => depth += 1,
                b')' => depth = depth.saturating_sub(1),
                b',' | b';' | b'.' => return depth == 0 && bytes.get(at + 1) == Some(&b' '),
                _ => {}
            }
            false
        })
        .unwrap_or(rest.len());
    (rest, end)
}

/// Where a remark in brackets closing the line opens, after a statement of three words
/// or more with no vague word (`- On failure, return empty suggestions (graceful
/// degradation)`): a vague word opening it names what the statement says.
fn closing_remark(prose: &str, from: usize, phrases: &[Phrase]) -> Option<usize> {
    let end = prose.trim_end().trim_end_matches(['.', '|']).trim_end();
    let inner = end.strip_suffix(')')?;
    let open = inner.rfind('(').filter(|&open| open >= from)?;
    if inner[open..].contains(')') {
        return None;
    }
    let before = words(&prose[from..open]);
    (before.len() >= 3 && !has_vague(&before, phrases)).then_some(open)
}

/// The first cell of a table row (after an id or number cell), when a later cell states
/// what it says: a measure, or two words or more with no vague word. A short label (`|
/// NFR-REL-004 | Graceful degradation | Continue on lag |`) is stated by any such cell;
/// a requirement (`| Subscribers SHALL handle lag gracefully | P0 | Log warning,
/// continue |`) only by one in a column of criteria or targets.
fn stated_row_label(
    header: &str,
    prose: &str,
    phrases: &[Phrase],
) -> Option<std::ops::Range<usize>> {
    if !prose.trim_start().starts_with('|') {
        return None;
    }
    let cells = cells_of(prose);
    let is_id = |cell: &str| {
        let t = cell.trim();
        !t.is_empty()
            && !t.contains(' ')
            && t.chars().any(|c| c.is_ascii_digit())
            && t.chars()
                .all(|c| c.is_ascii_uppercase() || c.is_ascii_digit() || "-_.#".contains(c))
    };
    let first = cells.iter().position(|(_, c)| !is_id(c))?;
    let (start, cell) = cells[first];
    let label = words(cell).len() <= 3;
    let columns = super::syntax::split_row(header);
    let stated = cells
        .iter()
        .enumerate()
        .skip(first + 1)
        .any(|(column, (_, c))| {
            let w = words(c);
            let states = (c.chars().any(|ch| ch.is_ascii_digit()) && !w.is_empty())
                || (w.len() >= 2 && !has_vague(&w, phrases));
            states
                && (label
                    || columns.get(column).is_some_and(|name| {
                        words(name).iter().any(|(_, w)| {
                            matches!(
                                w.as_str(),
                                "target"
                                    | "criteria"
                                    | "criterion"
                                    | "acceptance"
                                    | "measurement"
                                    | "measure"
                                    | "expected"
                                    | "verification"
                                    | "threshold"
                                    | "behaviour"
                                    | "behavior"
                            )
                        })
                    }))
        });
    stated.then_some(start..start + cell.len())
}

/// A table row's cells, which of them state a measure under a target column and which
/// are remarks (`| Endpoint | SLO | Notes |` with `< 3s` under `SLO`).
struct MeasuredRow {
    /// Where each cell starts in the line.
    starts: Vec<usize>,
    /// The cells (by column) that state a measure.
    measured: Vec<usize>,
    /// The columns of notes or reasons.
    remarks: Vec<usize>,
}

impl MeasuredRow {
    fn of(header: &str, prose: &str) -> Option<MeasuredRow> {
        if !prose.trim_start().starts_with('|') {
            return None;
        }
        let columns = super::syntax::split_row(header);
        let targets = columns_named(
            &columns,
            &[
                "target",
                "targets",
                "slo",
                "sla",
                "threshold",
                "budget",
                "limit",
                "goal",
            ],
        );
        if targets.is_empty() {
            return None;
        }
        let cells = cells_of(prose);
        let measured: Vec<usize> = targets
            .into_iter()
            .filter(|&i| {
                cells
                    .get(i)
                    .is_some_and(|(_, c)| c.chars().any(|ch| ch.is_ascii_digit()))
            })
            .collect();
        // (Not a column saying how it is measured: `| Error Handling | 100% | All errors
        // have user-friendly messages |` under `Measurement` is the requirement.)
        let remarks = columns_named(
            &columns,
            &[
                "notes",
                "note",
                "reason",
                "reasons",
                "rationale",
                "why",
                "comment",
                "comments",
                "remarks",
            ],
        );
        (!measured.is_empty() && !remarks.is_empty()).then(|| MeasuredRow {
            starts: cells.iter().map(|(at, _)| *at).collect(),
            measured,
            remarks,
        })
    }

    /// Whether the word at `at` is in a remark beside a cell that states the measure.
    fn measured_beside(&self, at: usize) -> bool {
        let column = self
            .starts
            .partition_point(|&start| start <= at)
            .saturating_sub(1);
        self.remarks.contains(&column) && self.measured.iter().any(|&c| c != column)
    }
}

/// The columns whose name holds one of the words.
fn columns_named(columns: &[String], names: &[&str]) -> Vec<usize> {
    columns
        .iter()
        .enumerate()
        .filter(|(_, name)| words(name).iter().any(|(_, w)| names.contains(&w.as_str())))
        .map(|(i, _)| i)
        .collect()
}

/// A table row's cells, each with where it starts in the line.
fn cells_of(prose: &str) -> Vec<(usize, &str)> {
    let pipes: Vec<usize> = prose.match_indices('|').map(|(p, _)| p).collect();
    pipes
        .windows(2)
        .map(|w| (w[0] + 1, &prose[w[0] + 1..w[1]]))
        .collect()
}

/// Whether the rest of the word's clause explains it in brackets, in two words or more
/// with no vague word and no example list (`user-friendly (no stack traces shown to
/// user)`, `Graceful handling of invalid values (clamp to valid range)`); not `fast (see
/// below)`, `seamless (e.g. SSO)`.
fn followed_by_explanation(rest: &str, phrases: &[Phrase]) -> bool {
    let (rest, end) = clause_of(rest, 120);
    let clause = &rest[..end];
    let Some(open) = clause.find('(') else {
        return false;
    };
    let inside = rest[open + 1..].split(')').next().unwrap_or("");
    let w = words(inside);
    let opens = w.first().map_or("", |(_, x)| x.as_str());
    // (Not the means, `(via the toast component)`, a quote, or a list of options,
    // `(Public, Internal, Confidential)`.)
    w.len() >= 2
        && !matches!(
            opens,
            "e" | "eg"
                | "see"
                | "like"
                | "such"
                | "tbd"
                | "todo"
                | "for"
                | "via"
                | "using"
                | "with"
                | "as"
        )
        && !inside.trim_start().starts_with(['"', '\'', '“', '«'])
        && inside.matches(',').count() < 2
        && !inside.contains("etc")
        && !has_vague(&w, phrases)
}

/// Whether the rest of the word's clause gives its number: `Fast (< 2 s)`, `fast
/// generation (under 2 s)`, `fast: under 200 ms`.
fn followed_by_measure(rest: &str) -> bool {
    let (rest, end) = clause_of(rest, 80);
    let clause = rest[..end].to_lowercase();
    let in_parentheses = clause.split('(').skip(1).any(|p| {
        p.split(')')
            .next()
            .unwrap_or("")
            .chars()
            .any(|c| c.is_ascii_digit())
    });
    let clause = clause.as_str();
    let bound = [
        "under ",
        "below ",
        "within ",
        "less than ",
        "at most ",
        "<",
        "≤",
    ]
    .iter()
    .flat_map(|p| {
        clause
            .match_indices(p)
            .map(|(at, m)| &clause[at + m.len()..])
    })
    .any(|after| after.trim_start().starts_with(|c: char| c.is_ascii_digit()));
    in_parentheses || bound
}

/// Whether the clause ending here states something concrete: a number (`5MB chunks`) or
/// a name (`React Query`, a capitalised word after the clause's first).
fn names_concrete_thing(before: &str) -> bool {
    // A clause is short; looking further back would make a line of many vague words
    // quadratic.
    let start = before.char_indices().rev().nth(80).map_or(0, |(at, _)| at);
    let before = &before[start..];
    let clause = before
        .rfind([',', ';', ':'])
        .map_or(before, |at| &before[at + 1..]);
    clause.chars().any(|c| c.is_ascii_digit())
        || clause
            .split_whitespace()
            .skip(1)
            .any(|w| w.starts_with(|c: char| c.is_uppercase()))
}

/// Whether the clause that ends here (since the last `(` or `;`) lists examples: `like`,
/// `e.g.`, `such as`, `for example`, `for instance`, `including`.
fn closes_examples(before: &str) -> bool {
    // A list of examples is short; looking further back would make a line of many
    // `etc.` quadratic.
    let start = before.char_indices().rev().nth(300).map_or(0, |(at, _)| at);
    let before = &before[start..];
    let open = before.rfind(['(', ';']);
    // A list of two or more in brackets (`(VIP, family, friends, etc.)`, `(DB
    // connectivity, disk space, etc.)`) gives examples of a kind.
    if let Some(at) = open.filter(|&at| before[at..].starts_with('('))
        && !before[at..].contains(')')
        && before[at..].matches([',', '、', '，']).count() >= 2
    {
        return true;
    }
    let clause = open.map_or(before, |at| &before[at + 1..]).to_lowercase();
    let clause = format!(" {clause}");
    [
        " like ",
        " e.g.",
        " eg ",
        " such as ",
        " for example",
        " for instance",
        " including ",
    ]
    .iter()
    .any(|w| clause.contains(w))
}

/// The double quotes of a line (`"..."`, `“...”`), read once: after each quote, whether
/// a straight quote is open and whether a curly one is.
struct Quotes {
    marks: Vec<(usize, bool, bool)>,
    last_straight: Option<usize>,
    last_closing: Option<usize>,
}

impl Quotes {
    fn of(text: &str) -> Quotes {
        let (mut straight, mut curly) = (false, false);
        let (mut last_straight, mut last_closing) = (None, None);
        let mut marks = Vec::new();
        for (at, c) in text.char_indices() {
            match c {
                '"' => {
                    straight = !straight;
                    last_straight = Some(at);
                }
                '“' => curly = true,
                '”' => {
                    curly = false;
                    last_closing = Some(at);
                }
                _ => continue,
            }
            marks.push((at, straight, curly));
        }
        Quotes {
            marks,
            last_straight,
            last_closing,
        }
    }

    /// Whether the byte at `at` lies between a quote and its closing one.
    fn around(&self, at: usize) -> bool {
        let before = self.marks.partition_point(|&(q, _, _)| q < at);
        let Some(&(_, straight, curly)) = before.checked_sub(1).map(|i| &self.marks[i]) else {
            return false;
        };
        (straight && self.last_straight.is_some_and(|q| q > at))
            || (curly && self.last_closing.is_some_and(|q| q > at))
    }
}

/// Whether the text before `at` ends with a code span, past the commas, slashes and
/// spaces of a list (`` `setup()`/`mounted()`/etc. ``, `` (`store.ErrNotFound`, etc.) ``).
fn follows_code_span(text: &str, at: usize) -> bool {
    text.get(..at).is_some_and(|before| {
        before
            .trim_end_matches(|c: char| c.is_whitespace() || matches!(c, ',' | '/' | '、'))
            .ends_with('`')
    })
}

/// Where the benefit of a user story on this line starts: after `so that` in `As a ...,
/// I want (need, can) ..., so that ...`, or after `, so` (`..., so I can assess it
/// quickly`).
fn user_story_benefit(prose: &str) -> Option<usize> {
    if !prose.contains("so that") && !prose.contains("So that") && !prose.contains(", so ") {
        return None;
    }
    // (ASCII lowercase keeps every byte offset.)
    let lower = prose.to_ascii_lowercase();
    let role = lower.find("as a ").or_else(|| lower.find("as an "))?;
    let want = STORY_WANTS
        .iter()
        .filter_map(|w| lower[role..].find(w).map(|at| role + at))
        .min()?;
    let after = &lower[want..];
    [after.find("so that"), after.find(", so ")]
        .into_iter()
        .flatten()
        .min()
        .map(|at| want + at)
}

/// Where a line lies, for vague words: they are warnings where the spec states
/// requirements and errors among its non-functional requirements, which must be
/// measurable.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Place {
    Other,
    Requirements,
    NonFunctional,
}

/// Every occurrence of a vague word outside code, on the lines where the spec states
/// requirements (`places[i]` for line index `i`), in the order they appear.
/// Whether the word at `at` (`len` bytes) is the whole of a bold span set beside
/// another as an option (`**minimal** vs **full**`, `**lean** or **full**`,
/// `**minimal**/**full**`).
fn names_an_option(prose: &str, at: usize, len: usize) -> bool {
    let (Some(before), Some(after)) = (
        prose.get(..at).and_then(|b| b.strip_suffix("**")),
        prose.get(at + len..).and_then(|a| a.strip_prefix("**")),
    ) else {
        return false;
    };
    let joins = |text: &str| matches!(text.trim(), "vs" | "vs." | "versus" | "or" | "/" | "|");
    // A bold span after it, past a joining word (`** vs **full**`), or before it
    // (`**full** or **`).
    let next = after
        .split_once("**")
        .is_some_and(|(between, _)| joins(between));
    // (Looked for from the word back, never from the line's start: a line of many such
    // words stays linear.)
    let previous = before
        .rsplit_once("**")
        .is_some_and(|(head, between)| joins(between) && head.rfind("**").is_some());
    next || previous
}

/// Whether `minimal` (the word at `k`) qualifies a thing rather than an amount: the next
/// word, in the same clause, is no amount (`latency`, `overhead`, `PII`, `changes`) nor
/// followed by one (`payload sizes`), and no joining word that leads to one.
fn minimal_names_a_thing(prose: &str, words: &[(usize, String)], k: usize) -> bool {
    const AMOUNTS: &[&str] = &[
        "latency",
        "overhead",
        "delay",
        "delays",
        "downtime",
        "impact",
        "exposure",
        "disruption",
        "disruptions",
        "pii",
        "data",
        "memory",
        "footprint",
        "cpu",
        "cost",
        "costs",
        "effort",
        "friction",
        "resource",
        "resources",
        "bandwidth",
        "lag",
        "interruption",
        "interruptions",
        "loss",
        "risk",
        "risks",
        "permission",
        "permissions",
        "privilege",
        "privileges",
        "access",
        "configuration",
        "config",
        "setup",
        "change",
        "changes",
        "dependencies",
        "maintenance",
        "load",
        "noise",
        "clicks",
        "steps",
        "input",
        "intervention",
        "storage",
        "traffic",
        "wait",
        "time",
        "jitter",
        "allocations",
        "copies",
        "retries",
        "size",
        "overheads",
        "requirements",
        "boilerplate",
        "code",
        "api",
        "surface",
        "drift",
        "skew",
        "staleness",
        "variance",
        "deviation",
        "error",
        "errors",
        "logging",
        "logs",
        "payload",
        "payloads",
        "sizes",
    ];
    let Some((at, next)) = words.get(k + 1) else {
        return false;
    };
    // (Not past the clause: `... kept minimal. Logs ...`.)
    // (Sliced with `get`: a word is kept lowercase, and lowercasing may change a
    // letter's length.)
    let clause_between = |from: usize, to: usize, stops: &[char]| {
        prose.get(from..to).is_some_and(|gap| !gap.contains(stops))
    };
    if !clause_between(
        words[k].0 + words[k].1.len(),
        *at,
        &['.', ';', ':', '!', '?'],
    ) {
        return false;
    }
    // (An amount may follow a word naming what it measures: `minimal payload sizes`.)
    let after = words
        .get(k + 2)
        .filter(|(at2, _)| clause_between(at + next.len(), *at2, &['.', ';', ':', ',', '!', '?']))
        .map(|(_, w)| w.as_str());
    next.chars().all(char::is_alphabetic)
        && !AMOUNTS.contains(&next.as_str())
        && !after.is_some_and(|w| AMOUNTS.contains(&w))
        && !matches!(
            next.as_str(),
            "and"
                | "or"
                | "to"
                | "for"
                | "in"
                | "at"
                | "of"
                | "as"
                | "with"
                | "by"
                | "if"
                | "when"
                | "and/or"
                | "possible"
                | "necessary"
                | "needed"
                | "required"
        )
}

/// Whether the words around the vague word at `k` of a line (`prose`, its text with code
/// blanked; `text`, as written) show that it states nothing vague there. Each reason is
/// a predicate of its own, tested on its own.
fn excused_by_its_words(
    vague: &str,
    prose: &str,
    text: &str,
    words: &[(usize, String)],
    k: usize,
    label_end: usize,
) -> bool {
    names_an_idiom(vague, words, k)
        || describes_an_effect(words, k)
        || says_how_after_a_colon(prose, words, k)
        || says_how_by_doing(words, k)
        || measured_by_what_it_does(prose, words, k)
        || minimal_before_a_number(vague, words, k)
        || minimal_kind_of_thing(vague, prose, words, k)
        || purpose_of_a_concrete_thing(prose, words, k, label_end)
        || appropriate_by_a_rule(vague, words, k)
        || names_a_mechanism(vague, prose, words, k)
        || checks_an_account(vague, words, k)
        || judges_how_things_are(vague, words, k)
        || a_pain_of_today(words, k)
        || etc_closes_examples(vague, prose, text, words, k)
}

/// "Fail fast" is a design rule, not a speed; "a sidecar fast path" names a route through
/// the code, as "fast-path" does; "minimal viable product" names a first version.
fn names_an_idiom(vague: &str, words: &[(usize, String)], k: usize) -> bool {
    let next_is = |options: &[&str]| {
        words
            .get(k + 1)
            .is_some_and(|(_, w)| options.contains(&w.as_str()))
    };
    match vague {
        "fast" => {
            (k > 0 && matches!(words[k - 1].1.as_str(), "fail" | "fails" | "failing"))
                || next_is(&["path", "paths"])
        }
        "minimal" => next_is(&["viable"]),
        _ => false,
    }
}

/// "Shown in a `<pre>` block, making it easy to copy": the effect of what the line
/// states, not a requirement of its own.
fn describes_an_effect(words: &[(usize, String)], k: usize) -> bool {
    k >= 2 && words[k - 1].1 == "it" && words[k - 2].1 == "making"
}

/// "Handle a missing path gracefully by falling back to whole-book mode", "scale
/// appropriately by adding workers": the words after say how.
fn says_how_by_doing(words: &[(usize, String)], k: usize) -> bool {
    words.get(k + 1).is_some_and(|(_, w)| w == "by")
        && words
            .get(k + 2)
            .is_some_and(|(_, w)| w.len() > 4 && w.ends_with("ing"))
}

/// "Scalable concurrent operation sustaining ~1,000 simultaneous players", "fast
/// lookups serving 500 requests a second": a verb in `-ing` soon after the word, then a
/// number, measures it in the same clause.
fn measured_by_what_it_does(prose: &str, words: &[(usize, String)], k: usize) -> bool {
    let near = &words[k + 1..words.len().min(k + 6)];
    near.iter()
        .position(|(_, w)| w.len() > 4 && w.ends_with("ing"))
        .and_then(|at| {
            near.get(at + 1)
                .filter(|(_, w)| w.starts_with(|c: char| c.is_ascii_digit()))
                .map(|(end, _)| *end)
        })
        // (In the same clause: `add more as needed and header formatting; 90% line
        // coverage` measures something else.)
        .is_some_and(|end| {
            prose
                .get(words[k].0..end)
                .is_some_and(|between| !between.contains([';', '.', ':', '(', ')']))
        })
}

/// "Handle the restriction gracefully: check ..., fall back to ...": the words after
/// the colon say how.
fn says_how_after_a_colon(prose: &str, words: &[(usize, String)], k: usize) -> bool {
    prose.get(words[k].0..).is_some_and(|from| {
        from.trim_start_matches(|c: char| c.is_alphanumeric() || c == '-')
            .trim_start()
            .strip_prefix(':')
            .is_some_and(|how| how.split_whitespace().nth(2).is_some())
    })
}

/// "Minimal satu endpoint" (Indonesian: at least one), "minimal 2 replicas": a number
/// follows, so the amount is stated.
fn minimal_before_a_number(vague: &str, words: &[(usize, String)], k: usize) -> bool {
    vague == "minimal"
        && words.get(k + 1).is_some_and(|(_, w)| {
            w.chars().all(|c| c.is_ascii_digit())
                || matches!(
                    w.as_str(),
                    "one" | "two" | "three" | "satu" | "dua" | "tiga"
                )
        })
}

/// "A minimal CLI tool for migrations", "a minimal seed directory", "generate minimal
/// reports": a kind of thing, kept small, not an amount left open. It is vague before an
/// amount ("minimal latency", "minimal PII") or alone ("overhead must be minimal").
fn minimal_kind_of_thing(vague: &str, prose: &str, words: &[(usize, String)], k: usize) -> bool {
    if vague != "minimal" {
        return false;
    }
    let a_thing = k > 0
        && matches!(words[k - 1].1.as_str(), "a" | "an")
        && words[k + 1..words.len().min(k + 4)].iter().any(|(_, w)| {
            matches!(
                w.as_str(),
                "tool"
                    | "cli"
                    | "app"
                    | "application"
                    | "library"
                    | "server"
                    | "service"
                    | "client"
                    | "wrapper"
                    | "prototype"
                    | "implementation"
                    | "version"
                    | "example"
                    | "demo"
                    | "dashboard"
                    | "frontend"
                    | "backend"
                    | "shell"
                    | "website"
                    | "layer"
                    | "module"
                    | "core"
                    | "api"
                    | "interface"
            )
        });
    a_thing || minimal_names_a_thing(prose, words, k)
}

/// "5 MB chunks for efficient transfer", "React Query for efficient fetching": the
/// purpose of a concrete thing the line states (a number or a name), not the requirement
/// ("Modular architecture for easy feature addition" requires it).
fn purpose_of_a_concrete_thing(
    prose: &str,
    words: &[(usize, String)],
    k: usize,
    label_end: usize,
) -> bool {
    k > 0
        && words[k - 1].1 == "for"
        && names_concrete_thing(&prose[label_end.min(words[k - 1].0)..words[k - 1].0])
}

/// "Actions appropriate to its type", "styling appropriate matching the design system":
/// the rule that picks it follows.
fn appropriate_by_a_rule(vague: &str, words: &[(usize, String)], k: usize) -> bool {
    vague.starts_with("appropriate")
        && words[k + 1..words.len().min(k + 4)].iter().any(|(_, w)| {
            matches!(
                w.as_str(),
                "matching" | "according" | "based" | "per" | "defined" | "its"
            )
        })
}

/// "Graceful shutdown" names a mechanism (stop taking work, finish what is in flight),
/// and so does "shuts down gracefully"; "graceful degradation to keyword search" and
/// "degrades gracefully with cached data" name the fallback.
fn names_a_mechanism(vague: &str, prose: &str, words: &[(usize, String)], k: usize) -> bool {
    let next = words.get(k + 1).map(|(_, w)| w.as_str());
    let before = (k > 0).then(|| words[k - 1].1.as_str());
    match vague {
        "graceful" => {
            matches!(
                next,
                Some("shutdown" | "shutdowns" | "restart" | "restarts" | "termination" | "drain")
            ) || (matches!(next, Some("degradation" | "fallback"))
                && names_fallback(prose, words, k + 1))
        }
        "gracefully" => {
            matches!(
                before,
                Some(
                    "down"
                        | "shutdown"
                        | "terminate"
                        | "terminates"
                        | "restart"
                        | "restarts"
                        | "exit"
                        | "exits"
                        | "stop"
                        | "stops"
                        | "quit"
                        | "quits"
                )
            ) || (matches!(before, Some("degrade" | "degrades" | "degrading"))
                && names_fallback(prose, words, k))
        }
        _ => false,
    }
}

/// "Checks sufficient funds", "insufficient permissions": a check with its measure in
/// the account or role, not a vague amount.
fn checks_an_account(vague: &str, words: &[(usize, String)], k: usize) -> bool {
    vague == "sufficient"
        && words.get(k + 1).is_some_and(|(_, w)| {
            matches!(
                w.as_str(),
                "funds"
                    | "balance"
                    | "permission"
                    | "permissions"
                    | "privileges"
                    | "stock"
                    | "credit"
                    | "credits"
            )
        })
}

/// "Bonfire's test suite is minimal", "staff may not be sufficient": a judgement of how
/// things are, not a requirement (which says "must be").
fn judges_how_things_are(vague: &str, words: &[(usize, String)], k: usize) -> bool {
    if !matches!(vague, "sufficient" | "minimal") || k == 0 {
        return false;
    }
    let before: Vec<&str> = words[k.saturating_sub(3)..k]
        .iter()
        .map(|(_, w)| w.as_str())
        .collect();
    let state = |w: &str| matches!(w, "is" | "are" | "was" | "were" | "remains" | "seems");
    // (Also with adverbs or other qualities between: `v1 is single-region and
    // intentionally minimal`.)
    let quality = |w: &str| {
        matches!(w, "and" | "but" | "still" | "a" | "an") || w.ends_with("ly") || w.contains('-')
    };
    let stated = words[k.saturating_sub(5)..k]
        .iter()
        .rev()
        .map(|(_, w)| w.as_str())
        .find(|w| !quality(w))
        .is_some_and(state);
    let supposed = before.ends_with(&["be"])
        && before
            .iter()
            .any(|w| matches!(*w, "may" | "might" | "could"));
    let negated_state = before.ends_with(&["not", "be"])
        || before.ends_with(&["is", "not"])
        || before.ends_with(&["are", "not"]);
    stated || supposed || negated_state
}

/// "Teams cannot quickly pivot", "unable to efficiently run": a pain of today, not a
/// requirement.
fn a_pain_of_today(words: &[(usize, String)], k: usize) -> bool {
    k > 0
        && words[k.saturating_sub(3)..k]
            .iter()
            .any(|(_, w)| matches!(w.as_str(), "cannot" | "can't" | "unable" | "impossible"))
}

/// "Assistants (like Claude, GPT, etc.)" closes a list of examples, which does not claim
/// to be whole; "`docker ps`, `docker compose up`, etc." gives examples of what the code
/// names, where the whole set can be looked up; "(etc. for all entities)" says what the
/// list covers.
fn etc_closes_examples(
    vague: &str,
    prose: &str,
    text: &str,
    words: &[(usize, String)],
    k: usize,
) -> bool {
    vague == "etc."
        && (closes_examples(&prose[..words[k].0])
            || follows_code_span(text, words[k].0)
            || words.get(k + 1..k + 3).is_some_and(|next| {
                next[0].1 == "for" && matches!(next[1].1.as_str(), "all" | "every" | "each")
            }))
}

pub(crate) fn check_vague(doc: &Doc, places: &[Place], out: &mut Vec<Finding>) {
    let phrases: Vec<Phrase> = VAGUE
        .iter()
        .map(|(vague, hint)| {
            let parts = vague
                .trim_end_matches('.')
                .split(' ')
                .map(str::to_lowercase)
                .collect();
            (parts, *vague, *hint)
        })
        .collect();
    // The vague words a heading opens with (`#### Graceful Error Recovery`, `### 4.
    // Graceful Degradation`): the text under it says what they mean, for every use in
    // the spec. (Inside a name, `UC-2: User Gets a Minimal Template`, it defines none.)
    let defined: HashSet<String> = doc
        .headings()
        .iter()
        .filter_map(|h| {
            words(h.title)
                .into_iter()
                .map(|(_, w)| w)
                .find(|w| !w.chars().all(|c| c.is_ascii_digit() || c == '.'))
        })
        .map(|w| w.strip_suffix("ly").map_or(w.clone(), str::to_string))
        .collect();
    let is_defined = |vague: &str| {
        let w = vague.to_lowercase();
        !w.contains(' ') && defined.contains(w.strip_suffix("ly").unwrap_or(&w))
    };
    // The first line of the table the current line is in, if it is in one.
    let mut table_start: Option<usize> = None;
    // Whether the current list follows a lead-in naming gains (`**Benefits**:`).
    let mut gains = false;
    // Whether a user story opened in this paragraph (`As a user with many invoices,`),
    // whose `so that` line, further down, says why it matters.
    let mut story = false;
    for (i, line) in doc.lines.iter().enumerate() {
        let opening = line
            .prose
            .trim_start()
            .trim_start_matches(['*', '_', '-', ' ']);
        let lower_opening = opening.get(..6).map(str::to_ascii_lowercase);
        if line.hidden || line.heading.is_some() || line.text.trim().is_empty() {
            story = false;
        } else if lower_opening
            .as_deref()
            .is_some_and(|o| o.starts_with("as a ") || o.starts_with("as an "))
        {
            story = true;
        }
        let listed = list_item_text(&line.text).is_some();
        if !line.hidden && !listed && !line.text.trim().is_empty() {
            gains = super::placement::names_gains(line.text.trim());
        }
        let in_table = !line.hidden && line.text.trim_start().starts_with('|');
        table_start = match (in_table, table_start) {
            (false, _) => None,
            (true, None) => Some(i),
            (true, start) => start,
        };
        let place = places.get(i).copied().unwrap_or(Place::Other);
        // A heading names a thing (`UC-2: User Gets a Minimal Template`); what must
        // hold is stated under it.
        if line.hidden || place == Place::Other || line.heading.is_some() {
            continue;
        }
        // The gains of a choice describe it (`**Benefits**:` then `- Fast test
        // execution`); they require nothing.
        if gains && listed {
            continue;
        }
        let words = words(&line.prose);
        // A label names what the line requires (`**Graceful degradation**: if the
        // database is down, ...`); the words after it state it.
        let label = label_of(&line.text)
            .map(|(_, name, _)| name)
            .or_else(|| plain_label(&line.text).map(|(name, _)| name));
        let label_end = label
            .and_then(|name| line.text.find(name).map(|at| at + name.len()))
            .unwrap_or(0);
        // A reason or a note under a requirement describes it; it states nothing.
        if label.is_some_and(|name| {
            matches!(
                normalize(name).as_str(),
                "rationale"
                    | "reason"
                    | "why"
                    | "note"
                    | "notes"
                    | "background"
                    | "context"
                    // A user story's benefit, labelled (`- **So that** I can quickly
                    // find ...`), says why it matters.
                    | "so that"
                    // An option weighed (`- Pros: easy debugging`, `- **Cons**: slower
                    // cold starts`) describes the choice; it requires nothing.
                    | "pros"
                    | "cons"
                    | "benefits"
                    | "advantages"
                    | "disadvantages"
            )
        }) {
            continue;
        }
        let pipes: std::cell::OnceCell<Vec<usize>> = std::cell::OnceCell::new();
        // (The line's quotes are found once, not again for each vague word on it.)
        let quotes: std::cell::OnceCell<Quotes> = std::cell::OnceCell::new();
        // (What explains a vague word on this line is found once, not for each word.)
        let remark: std::cell::OnceCell<Option<usize>> = std::cell::OnceCell::new();
        let row_label: std::cell::OnceCell<Option<std::ops::Range<usize>>> =
            std::cell::OnceCell::new();
        let measured_row: std::cell::OnceCell<Option<MeasuredRow>> = std::cell::OnceCell::new();
        let mut k = words.iter().take_while(|(at, _)| *at < label_end).count();
        // A user story's benefit (`As an administrator, I need a dashboard ..., so that
        // I can work efficiently`) says why the story matters; it requires nothing.
        let benefit = user_story_benefit(&line.prose).or_else(|| {
            // (Or the story's `so that` line, in a story written over lines.)
            let at = line.prose.len() - opening.len();
            (story
                && opening
                    .get(..7)
                    .is_some_and(|o| o.eq_ignore_ascii_case("so that")))
            .then_some(at)
        });
        while k < words.len() && benefit.is_none_or(|b| words[k].0 < b) {
            // The longest phrase that starts here (`as soon as possible` over `as needed`).
            let hit = phrase_at(&words, k, &phrases);
            // Whether the word's use states nothing vague: read from the words around
            // it, or from the line (its remark, its table row, its options, its quotes).
            let idiom = hit.is_some_and(|(_, vague, _)| {
                excused_by_its_words(vague, &line.prose, &line.text, &words, k, label_end)
                    // "On failure, return empty suggestions (graceful degradation)": a
                    // remark naming what the line states. (A list closing with `etc.` is
                    // not one.)
                    || (!matches!(*vague, "etc." | "TBD")
                        && remark
                            .get_or_init(|| closing_remark(&line.prose, label_end, &phrases))
                            .is_some_and(|open| {
                                line.prose[open + 1..words[k].0].trim().is_empty()
                            }))
                    // "| NFR-REL-004 | Graceful degradation | Continue on lag |": the row's
                    // label, which its other cells state.
                    || table_start.filter(|s| *s < i).is_some_and(|s| {
                        row_label
                            .get_or_init(|| {
                                stated_row_label(&doc.lines[s].text, &line.prose, &phrases)
                            })
                            .as_ref()
                            .is_some_and(|cell| cell.contains(&words[k].0))
                    })
                    // "| /slack/events | < 3s | Acknowledge fast |", "| URLs per year | 1
                    // million | Reasonable for early adoption |": the row's target column
                    // states the measure; the word is in a note or a reason beside it.
                    || table_start.filter(|s| *s < i).is_some_and(|s| {
                        measured_row
                            .get_or_init(|| MeasuredRow::of(&doc.lines[s].text, &line.prose))
                            .as_ref()
                            .is_some_and(|row| row.measured_beside(words[k].0))
                    })
                    // "Payload mode: **minimal** vs **full**": the name of one of the
                    // options set side by side, not a quality.
                    || names_an_option(&line.prose, words[k].0, words[k].1.len())
                    // Words in quotes are what the product says (a toast, `"Speaking too
                    // fast!"`), not what it must be.
                    || quotes.get_or_init(|| Quotes::of(&line.prose)).around(words[k].0)
            });
            // "Fast (< 2 s)" or "fast: under 200 ms" states its measure; "user-friendly
            // (no stack traces shown)" says what it means.
            let measured = hit.is_some_and(|(parts, vague, _)| {
                words
                    .get(k + parts.len() - 1)
                    .and_then(|(at, w)| line.prose.get(at + w.len()..))
                    .is_some_and(|rest| {
                        followed_by_measure(rest)
                            || (!matches!(*vague, "etc." | "TBD")
                                && followed_by_explanation(rest, &phrases))
                    })
            });
            // `TBD` in a column of what was measured (`| Target | Measured |`) waits for
            // the measurement; the target beside it is the requirement.
            let to_measure = hit.is_some_and(|(_, vague, _)| *vague == "TBD")
                && table_start.filter(|s| *s < i).is_some_and(|s| {
                    // The line's pipes are found once, not again for each `TBD` on it.
                    let pipes = pipes.get_or_init(|| {
                        line.prose
                            .match_indices('|')
                            .map(|(at, _)| at)
                            .collect::<Vec<_>>()
                    });
                    let column = pipes.partition_point(|&at| at < words[k].0);
                    super::syntax::split_row(&doc.lines[s].text)
                        .get(column.saturating_sub(1))
                        .is_some_and(|c| {
                            matches!(
                                normalize(c).as_str(),
                                "measured"
                                    | "actual"
                                    | "current"
                                    | "result"
                                    | "results"
                                    | "observed"
                            )
                        })
                });
            let defined_here = hit.is_some_and(|(_, vague, _)| is_defined(vague));
            match hit.filter(|_| !idiom && !measured && !to_measure && !defined_here) {
                Some((parts, vague, hint)) => {
                    out.push(if place == Place::NonFunctional {
                        error(
                            line.number,
                            "nfr-vague",
                            format!("`{vague}` is vague in a non-functional requirement"),
                            hint,
                        )
                    } else {
                        warning(
                            line.number,
                            "vague-word",
                            format!("`{vague}` is vague"),
                            hint,
                        )
                    });
                    k += parts.len();
                }
                None => k += 1,
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn placeholders_stand_alone() {
        assert!(looks_like_placeholder(
            "- **Goals**: ",
            "{what success looks like}"
        ));
        assert!(looks_like_placeholder("", "{p50, p99 targets}"));
        assert!(looks_like_placeholder("", "{requests/sec}"));
        assert!(looks_like_placeholder("", "{什么问题}"));
        assert!(looks_like_placeholder("", "{что делает}"));
        assert!(!looks_like_placeholder("GET /users/", "{id}"));
        assert!(!looks_like_placeholder("echo $", "{home}"));
        assert!(!looks_like_placeholder("", "{user_id}"));
        assert!(!looks_like_placeholder("Allow ", "{ remaining, reset }"));
        assert!(!looks_like_placeholder("", "{Name}"));
        assert!(!looks_like_placeholder("", "{Что}"));
        assert!(!looks_like_placeholder("", "{\"a\": 1}"));
        assert!(!looks_like_placeholder("$A_", "{f, s}"));
        assert!(!looks_like_placeholder("x^", "{n}"));
        assert!(looks_like_placeholder("_", "{what problem}"));
        assert!(!looks_like_placeholder(
            "domain ∈ ",
            "{gmail.com, googlemail.com}"
        ));
    }

    /// The words of `prose` and the index of `word` among them, for a predicate.
    fn at(prose: &str, word: &str) -> (Vec<(usize, String)>, usize) {
        let words = words(prose);
        let k = words.iter().position(|(_, w)| w == word).unwrap();
        (words, k)
    }

    #[test]
    fn each_excuse_of_a_vague_word_stands_alone() {
        let (w, k) = at("we fail fast on bad input", "fast");
        assert!(names_an_idiom("fast", &w, k));
        let (w, k) = at("responses must be fast", "fast");
        assert!(!names_an_idiom("fast", &w, k));
        let (w, k) = at("shown in a block, making it easy to copy", "easy");
        assert!(describes_an_effect(&w, k));
        let (w, k) = at(
            "handle it gracefully: retry twice, then queue",
            "gracefully",
        );
        assert!(says_how_after_a_colon(
            "handle it gracefully: retry twice, then queue",
            &w,
            k
        ));
        let (w, k) = at("run minimal 2 replicas", "minimal");
        assert!(minimal_before_a_number("minimal", &w, k));
        let (w, k) = at("a minimal cli tool for migrations", "minimal");
        assert!(minimal_kind_of_thing(
            "minimal",
            "a minimal cli tool for migrations",
            &w,
            k
        ));
        let (w, k) = at("overhead must be minimal", "minimal");
        assert!(!minimal_kind_of_thing(
            "minimal",
            "overhead must be minimal",
            &w,
            k
        ));
        let (w, k) = at("actions appropriate to its type", "appropriate");
        assert!(appropriate_by_a_rule("appropriate", &w, k));
        let (w, k) = at("the worker shuts down gracefully", "gracefully");
        assert!(names_a_mechanism(
            "gracefully",
            "the worker shuts down gracefully",
            &w,
            k
        ));
        let (w, k) = at("recover gracefully", "gracefully");
        assert!(!names_a_mechanism(
            "gracefully",
            "recover gracefully",
            &w,
            k
        ));
        let (w, k) = at("checks sufficient funds", "sufficient");
        assert!(checks_an_account("sufficient", &w, k));
        let (w, k) = at("the test suite is minimal", "minimal");
        assert!(judges_how_things_are("minimal", &w, k));
        let (w, k) = at("the cache must be minimal", "minimal");
        assert!(!judges_how_things_are("minimal", &w, k));
        let (w, k) = at("teams cannot quickly pivot", "quickly");
        assert!(a_pain_of_today(&w, k));
    }

    #[test]
    fn vague_words_are_whole_words() {
        let words: Vec<String> = words("Fast fast-path breakfast, etc. user-friendly -x")
            .into_iter()
            .map(|(_, w)| w)
            .collect();
        assert_eq!(
            words,
            vec![
                "fast",
                "fast-path",
                "breakfast",
                "etc",
                "user-friendly",
                "x"
            ]
        );
    }

    #[test]
    fn a_vague_word_followed_by_its_measure_is_measured() {
        assert!(followed_by_measure(" (< 2 seconds), clear"));
        assert!(followed_by_measure(": under 200 ms"));
        assert!(followed_by_measure(" generation (< 2 seconds)"));
        assert!(!followed_by_measure(", within 5 s"));
        assert!(!followed_by_measure(" and robust, 3 nodes"));
        assert!(!followed_by_measure(" (cheap)"));
        assert!(!followed_by_measure(""));
    }

    #[test]
    fn handlebars_spans() {
        let text = "a {{x}} b {{{y}}} {{z";
        let spans: Vec<&str> = handlebars_expressions(text)
            .into_iter()
            .map(|(s, e)| &text[s..e])
            .collect();
        assert_eq!(spans, vec!["{{x}}", "{{{y}}}"]);
    }
}
