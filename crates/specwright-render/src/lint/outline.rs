//! What a spec must look like, read from a spec template: its `## ` sections in order,
//! the `**Label**` fields each section and each `### ` entry shows, its table headers and
//! its `{...}` placeholders. The built-in outline is read from the seed's template, so a
//! project's own template is checked by exactly the same code.

use super::doc::Doc;
use super::syntax::{is_delimiter_row, label_of, split_row};
use super::vocab::{
    KEYS_IN_OTHER_LANGUAGES, all_name_words, has_phrase, holds_phrase, name_words, normalize,
    section_vocab,
};

/// The spec template of `seed/spec-command.md` (Phase 5), verbatim.
pub const SEED_TEMPLATE: &str = "# {Feature Name} — Technical Specification

## Overview
- **Problem statement**: {what problem this solves}
- **Goals**: {what success looks like}
- **Non-goals**: {what's explicitly out of scope}

## Use Cases
### UC-1: {Name}
- **Actor**: {who}
- **Preconditions**: {what must be true}
- **Flow**: {step-by-step}
- **Postconditions**: {what's true after}
- **Error scenarios**: {what can go wrong}

## Data Models
### {Entity Name}
| Field | Type | Constraints | Description |
|-------|------|-------------|-------------|
| id | UUIDv7 | PK | {description} |

## API Contracts
### {Operation Name}
- **Method/Interface**: {details}
- **Input**: {request shape}
- **Output**: {response shape}
- **Errors**: {error codes and conditions}

## Error Handling
| Error Code | Condition | HTTP Status | User Message |
|------------|-----------|-------------|-------------|

## Non-Functional Requirements
- **Latency**: {p50, p99 targets}
- **Throughput**: {requests/sec}
- **Availability**: {SLA}
- **Data retention**: {policy}

## Architecture Decisions
| # | Decision | Rationale |
|---|----------|-----------|

## Dependencies
- {package/service}: {what for}

## Testing Strategy
- **Unit tests**: {what to test, coverage target}
- **Integration tests**: {what to test}
- **Edge cases to cover**: {list}

## Open Questions
- {anything unresolved}
";

/// The sections a spec must have, in order, and what the template shows inside them.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Outline {
    /// The `## ` headings, in order.
    pub sections: Vec<String>,
    /// One per section, in the same order.
    pub shapes: Vec<SectionShape>,
    /// The template's single-brace placeholders, braces included (`{who}`): left in a
    /// spec, each is an error.
    pub placeholders: Vec<String>,
}

/// What the template shows inside one `## ` section.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct SectionShape {
    pub section: String,
    /// `**Label**` fields of the section itself, e.g. Overview's `Problem statement`.
    pub fields: Vec<String>,
    /// `**Label**` fields of each `### ` entry, e.g. a use case's `Actor`.
    pub entry_fields: Vec<String>,
    /// The header row of the section's tables, e.g. `Field | Type | Constraints | Description`.
    pub table_header: Option<Vec<String>>,
    /// Other names a spec may give the section (`Design Decisions` for `Architecture
    /// Decisions`): found under one of them, the section is checked as the template's and
    /// the name is a style note. The seed's sections come with the built-in synonyms.
    pub aliases: Vec<String>,
    /// Other names the template declares for the section, in a handlebars comment under
    /// its heading (`{{!-- also: Command surface, CLI reference --}}`): a spec's heading
    /// with one of them is the section, as its own name is (no note).
    pub names: Vec<String>,
}

impl Outline {
    /// The seed's built-in template outline.
    pub fn builtin() -> Outline {
        Outline::from_template(SEED_TEMPLATE)
    }

    /// Derives the outline from a handlebars spec template's text: its `## ` headings in
    /// order, the `**Label**` fields and table headers under them, and its `{...}`
    /// placeholders. `{{...}}` expressions (and anything they produce) are ignored, so a
    /// custom `docs/spec/.llm/templates/spec.md.hbs` is linted against.
    pub fn from_template(text: &str) -> Outline {
        let declared = declared_names(text);
        let plain = strip_handlebars(text);
        let doc = Doc::parse(&plain);
        let mut outline = Outline::default();
        let mut current: Option<usize> = None;
        let mut in_entry = false;
        // (Lists that may be long are kept unique through a set of their keys: a template
        // with thousands of placeholders or names is read in linear time.)
        let mut placeholders = std::collections::HashSet::new();
        for (i, line) in doc.lines.iter().enumerate() {
            if line.hidden {
                continue;
            }
            for (_, placeholder) in brace_tokens(&line.prose) {
                if placeholders.insert(normalize(placeholder)) {
                    outline.placeholders.push(placeholder.to_string());
                }
            }
            if let Some((level, title)) = &line.heading {
                match level {
                    1 => current = None,
                    2 => {
                        in_entry = false;
                        current = (!title.is_empty()).then(|| outline.add_section(title));
                    }
                    3 => in_entry = true,
                    _ => {}
                }
                continue;
            }
            let Some(index) = current else { continue };
            let shape = &mut outline.shapes[index];
            if let Some((_, label, _)) = label_of(&line.text) {
                let fields = if in_entry {
                    &mut shape.entry_fields
                } else {
                    &mut shape.fields
                };
                push_new(fields, label);
            }
            let next_is_delimiter = doc
                .lines
                .get(i + 1)
                .is_some_and(|l| !l.hidden && is_delimiter_row(&l.text));
            if shape.table_header.is_none() && next_is_delimiter {
                shape.table_header = Some(split_row(&line.text));
            }
        }
        for (section, names) in declared {
            if let Some(index) = outline.index_of(&section) {
                let list = &mut outline.shapes[index].names;
                let mut seen: std::collections::HashSet<String> =
                    list.iter().map(|n| normalize(n)).collect();
                for name in names {
                    if seen.insert(normalize(&name)) {
                        list.push(name);
                    }
                }
            }
        }
        outline
    }

    fn add_section(&mut self, title: &str) -> usize {
        let key = normalize(title);
        if let Some(index) = self.sections.iter().position(|s| normalize(s) == key) {
            return index;
        }
        let aliases = section_vocab(title)
            .map(|v| v.aliases.iter().map(|a| a.to_string()).collect())
            .unwrap_or_default();
        self.sections.push(title.to_string());
        self.shapes.push(SectionShape {
            section: title.to_string(),
            aliases,
            ..SectionShape::default()
        });
        self.sections.len() - 1
    }

    /// Where the outline has a section, by its name's words (`Data Models`).
    pub(crate) fn index_of(&self, name: &str) -> Option<usize> {
        let words = name_words(name);
        self.sections.iter().position(|s| name_words(s) == words)
    }

    /// Finds sections by their names, aliases and qualified names.
    pub(crate) fn matcher(&self) -> SectionMatcher {
        SectionMatcher {
            declared: self
                .shapes
                .iter()
                .map(|shape| {
                    shape
                        .names
                        .iter()
                        .map(|n| folded_name_words(n))
                        .filter(|f| !f.is_empty())
                        .collect()
                })
                .collect(),
            sections: self
                .shapes
                .iter()
                .map(|shape| {
                    let vocab = section_vocab(&shape.section);
                    let mut forms = vec![folded_name_words(&shape.section)];
                    forms.extend(shape.aliases.iter().map(|a| folded_name_words(a)));
                    forms.retain(|f| !f.is_empty());
                    let qualifiers = vocab
                        .map(|v| {
                            v.qualifiers
                                .iter()
                                .flat_map(|q| folded_name_words(q))
                                .collect()
                        })
                        .unwrap_or_default();
                    (forms, qualifiers)
                })
                .collect(),
            keys: self
                .shapes
                .iter()
                .map(|shape| {
                    let phrases = |list: &[&str]| -> Vec<Vec<String>> {
                        list.iter()
                            .map(|k| folded_name_words(k))
                            .filter(|k| !k.is_empty())
                            .collect()
                    };
                    let elsewhere = KEYS_IN_OTHER_LANGUAGES
                        .iter()
                        .find(|(name, _)| name_words(name) == name_words(&shape.section))
                        .map_or(&[][..], |(_, keys)| *keys);
                    section_vocab(&shape.section)
                        .map(|v| {
                            let mut keys = phrases(v.keys);
                            keys.extend(phrases(elsewhere));
                            (keys, phrases(v.not_keys))
                        })
                        .unwrap_or_default()
                })
                .collect(),
        }
    }
}

/// How a spec's heading names a template section.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Naming {
    /// By its name, up to case, numbering, plural and a remark in parentheses.
    Name,
    /// By a synonym, or by the name with qualifying words (`Edge Cases & Error Handling`).
    Alias,
}

pub(crate) struct SectionMatcher {
    /// Per outline section: the word forms of the names its template declares, each as
    /// good as its own name.
    declared: Vec<std::collections::HashSet<Vec<String>>>,
    /// Per outline section: the word forms of its name (first) and aliases, and the words
    /// that may qualify them.
    sections: Vec<(Vec<Vec<String>>, Vec<String>)>,
    /// Per outline section: its key words (`error`, `API`, `test`) and the phrases in
    /// which they name something else (`user interface`).
    keys: Vec<(Phrases, Phrases)>,
}

/// Phrases, each as its words.
type Phrases = Vec<Vec<String>>;

impl SectionMatcher {
    /// Whether a heading is nothing but one of the section's key words (`인터페이스`,
    /// `Interfaces`).
    pub(crate) fn is_key_alone(&self, title: &str, index: usize) -> bool {
        let words = folded_name_words(title);
        self.keys
            .get(index)
            .is_some_and(|(keys, _)| keys.contains(&words))
    }

    /// The outline section whose key word ends a label (`**Primary Dependencies**`,
    /// `**Key decisions**`): the label's head names the section, when it names no other.
    /// `**Library changes**` is about changes.
    pub(crate) fn locate_by_head(&self, label: &str) -> Option<usize> {
        let words = folded_name_words(label);
        // (One thing of a kind is not the section: `**One minor exception:**`, `**An
        // open question:**`.)
        if label.split_whitespace().next().is_some_and(|w| {
            matches!(
                w.trim_matches('*').to_lowercase().as_str(),
                "one" | "a" | "an" | "another"
            )
        }) {
            return None;
        }
        let hits: Vec<usize> = self
            .keys
            .iter()
            .enumerate()
            .filter(|(i, (keys, not_keys))| {
                // The key word, then only words that qualify the section (`Failure
                // semantics`, `Error recovery policy`).
                let qualifiers = &self.sections[*i].1;
                let head = words
                    .iter()
                    .rposition(|w| !qualifiers.contains(w))
                    .map_or(0, |p| p + 1);
                // (`Automate routing, not decisions` is about something else.)
                let negated = |k: &Vec<String>| {
                    head > k.len()
                        && matches!(words[head - k.len() - 1].as_str(), "not" | "no" | "without")
                };
                // (In a script written without spaces the key word ends the one word:
                // `**关键设计决策：**`, key design decisions.)
                let ends_word = |k: &Vec<String>| {
                    matches!(&k[..], [one] if one.chars().any(super::vocab::unspaced_script)
                        && words[..head].last().is_some_and(|w| w.ends_with(one.as_str())))
                };
                keys.iter().any(|k| {
                    !k.is_empty() && (words[..head].ends_with(k) || ends_word(k)) && !negated(k)
                }) && !not_keys.iter().any(|n| has_phrase(&words, n))
            })
            .map(|(i, _)| i)
            .collect();
        match hits[..] {
            [one] => Some(one),
            _ => None,
        }
    }
}

/// A heading that opens with an item's id and a colon (`FR-1:`, `FEAT-05.04:`,
/// `REQ-12:`), other than a use case's (`UC-1:`), or with a unit of work of a plan and
/// its number (`Task T3:`, `Step 2:`, `Phase 1:`, `Milestone M2:`).
fn names_an_item(title: &str) -> bool {
    let t = title.trim().trim_start_matches(['*', '`']);
    let Some((id, _)) = t.split_once(':') else {
        return false;
    };
    if let Some((unit, number)) = id.trim().split_once(' ')
        && matches!(
            unit.to_lowercase().as_str(),
            "task" | "step" | "phase" | "milestone" | "stage" | "sprint" | "iteration"
        )
        && number.chars().any(|c| c.is_ascii_digit())
        && !number.contains(' ')
    {
        return true;
    }
    let Some((kind, number)) = id.split_once('-') else {
        return false;
    };
    !kind.is_empty()
        && kind.chars().all(|c| c.is_ascii_uppercase())
        && kind != "UC"
        && !number.is_empty()
        && number.chars().all(|c| c.is_ascii_digit() || c == '.')
}

impl SectionMatcher {
    /// The outline section a heading names, if exactly one fits best: the name's words
    /// first; otherwise the alias or name all of whose words the heading has, with every
    /// other word of the heading a qualifier of that section. The most specific form wins;
    /// two sections fitting equally well is no match.
    pub(crate) fn locate(&self, title: &str) -> Option<(usize, Naming)> {
        self.locate_whole(title).or_else(|| {
            // A heading joining names of which every one that names a section names the
            // same (`Overview & Architecture Summary`: both `Overview` and `Summary` name
            // the Overview, `Architecture` none) is that section.
            let name = super::vocab::bare_name(title);
            if !joins_two(&name) {
                return None;
            }
            // (A part naming another section by a key word only also counts: `Core
            // Interfaces and Types` names the API and the data model.)
            let parts: Vec<&str> = name
                .split(['&', '/', ',', '+'])
                .flat_map(|part| part.split(" and "))
                .collect();
            let first = parts
                .iter()
                .find_map(|part| self.locate_whole(part).map(|(i, _)| i))?;
            let same = parts.iter().all(|part| {
                self.locate_whole(part)
                    .map(|(i, _)| i)
                    .or_else(|| self.locate_by_key(part))
                    .is_none_or(|i| i == first)
            });
            if same {
                return Some((first, Naming::Alias));
            }
            // Or the one section a part names by its own name, the others naming none by
            // theirs (`Data Models and Contracts`: `Contracts` is only a key word of the
            // API).
            let named: Vec<usize> = parts
                .iter()
                .filter_map(|part| match self.locate_whole(part) {
                    Some((i, Naming::Name)) => Some(i),
                    _ => None,
                })
                .collect();
            match named[..] {
                [one] => Some((one, Naming::Alias)),
                _ => None,
            }
        })
    }

    /// The sections a heading joining two names names one each (`Dependencies & Open
    /// Questions`, `Dependencies and Open Questions`): every part is a section's name, and
    /// no two parts the same one. (`User Scenarios & Testing` joins names the sections
    /// only resemble.)
    pub(crate) fn locate_each(&self, title: &str) -> Vec<usize> {
        let name = super::vocab::bare_name(title);
        // (In Japanese, Chinese and Korean, joined by a word: `概要とユースケース`,
        // `概述与用例`, `개요 및 유스케이스`, `概要・ユースケース`.)
        let unspaced = !name.chars().any(|c| c.is_ascii_alphabetic());
        let joined_by_word = unspaced && name.contains(CJK_JOINERS);
        if !joins_two(&name) && !joined_by_word {
            return Vec::new();
        }
        let parts: Vec<&str> = name
            .split(['&', '/', ',', '+'])
            .flat_map(|part| part.split(" and "))
            .flat_map(|part| part.split(move |c| unspaced && CJK_JOINERS.contains(&c)))
            .filter(|part| !part.trim().is_empty())
            .collect();
        // (Or by another of its names, of two words or more, when every part is such:
        // `Decisions log + remaining open questions`; `Testing` alone is too loose a
        // name to split `User Scenarios & Testing` by. A name in a script written
        // without spaces is one word: `概要`.)
        let long = parts
            .iter()
            .all(|part| folded_name_words(part).len() >= 2 || unspaced);
        let mut each: Vec<usize> = Vec::new();
        for part in &parts {
            match self.locate_whole(part) {
                Some((index, Naming::Name)) if !each.contains(&index) => each.push(index),
                Some((index, Naming::Alias)) if long && !each.contains(&index) => each.push(index),
                // (A section's name in that script is one of its key words: `概要`.)
                None if unspaced => match self.locate_by_key(part) {
                    Some(index) if !each.contains(&index) => each.push(index),
                    _ => return Vec::new(),
                },
                _ => return Vec::new(),
            }
        }
        if each.len() >= 2 { each } else { Vec::new() }
    }

    /// `locate` for the heading as one name.
    fn locate_whole(&self, title: &str) -> Option<(usize, Naming)> {
        let words = folded_name_words(title);
        if words.is_empty() {
            return None;
        }
        // `What this program is`, `What the tool is`, `What this bot does` (its last word
        // stemmed, `doe`): the section with a name of that form (`What it is`, the
        // Overview), with the kind of thing it is in the middle. (Not `What SMTP is`,
        // which explains something else.)
        if let [first, middle @ .., last] = &words[..]
            && first == "what"
            && (last == "is" || last == "doe")
            && let [thing] = middle
            && [
                "program",
                "tool",
                "app",
                "application",
                "service",
                "library",
                "system",
                "project",
                "product",
                "server",
                "plugin",
                "extension",
                "package",
                "feature",
                "bot",
                "agent",
                "module",
                "game",
            ]
            .contains(&thing.as_str())
            && let Some(i) = self.sections.iter().position(|(forms, _)| {
                forms
                    .iter()
                    .any(|f| f.len() == 3 && f.first().is_some_and(|w| w == "what") && f[2] == "is")
            })
        {
            return Some((i, Naming::Alias));
        }
        if let Some(i) = self
            .sections
            .iter()
            .position(|(forms, _)| forms.first() == Some(&words))
            .or_else(|| {
                self.declared
                    .iter()
                    .position(|names| names.contains(&words))
            })
        {
            return Some((i, Naming::Name));
        }
        let mut best: Option<(usize, usize)> = None;
        let mut tied = false;
        for (i, (forms, qualifiers)) in self.sections.iter().enumerate() {
            // The names of this section the heading holds whole; with the words that
            // qualify the section they must be all its words (`Error Cases and Failure
            // Modes` holds two names of the error section).
            let held = || {
                forms
                    .iter()
                    .filter(|form| form.iter().all(|w| words.contains(w)))
            };
            let covered = words
                .iter()
                .all(|w| qualifiers.contains(w) || held().any(|form| form.contains(w)));
            let score = held().map(Vec::len).max().filter(|_| covered);
            let Some(score) = score else { continue };
            match best {
                Some((_, top)) if top > score => {}
                Some((_, top)) if top == score => tied = true,
                _ => {
                    best = Some((i, score));
                    tied = false;
                }
            }
        }
        best.filter(|_| !tied).map(|(i, _)| (i, Naming::Alias))
    }

    /// The outline section a heading names by a key word (`Error taxonomy`, `Harmonic
    /// Set Data Model`, `` `Buffer` — Full API ``), when the key words of no other
    /// section are in it. Looked up only for a heading `locate` finds nothing for: the
    /// heading's name first, then with its subtitle.
    pub(crate) fn locate_by_key(&self, title: &str) -> Option<usize> {
        // `FEAT-05.04: Fallback Protocols for Field Failures` or `FR-1: Command
        // Execution` names one item of a list (a feature, a requirement), not a section.
        if names_an_item(title) {
            return None;
        }
        let hits = |words: &[String]| -> Vec<usize> {
            self.keys
                .iter()
                .enumerate()
                .filter(|(_, (keys, not_keys))| {
                    keys.iter().any(|k| holds_phrase(words, k))
                        && !not_keys.iter().any(|n| holds_phrase(words, n))
                })
                .map(|(i, _)| i)
                .collect()
        };
        let mut words = folded_name_words(title);
        let mut found = hits(&words);
        if found.is_empty() {
            words = folded_all_name_words(title);
            found = hits(&words);
        }
        // A name in another script with a remark in Latin letters is read by its remark
        // (`사용 시나리오(Use Cases)`); when the remark names nothing, it is the name that
        // does (`データモデル（SQLite）`, `インターフェース（HTTP）`).
        if found.is_empty()
            && let Some(name) = super::vocab::outside_latin_remark(title)
        {
            words = folded_name_words(&name);
            found = hits(&words);
        }
        match found[..] {
            [one] => Some(one),
            // Of two, the one whose key word ends the name, its head (`Library API` is
            // the API, `API Library` the dependencies); not in a name joining two
            // (`User Scenarios & Testing`, `Public and error contract`).
            [_, _, ..] if !joins_two(title) => {
                let heads: Vec<usize> = found
                    .iter()
                    .copied()
                    .filter(|&i| {
                        self.keys[i].0.iter().any(|k| {
                            !k.is_empty()
                                && (words.ends_with(k)
                                    // (In a script without spaces, the end of the
                                    // last word: `技术选型决策`, technology selection
                                    // decisions, is the decisions.)
                                    || matches!((&k[..], words.last()), ([one], Some(last))
                                        if one.chars().any(super::vocab::unspaced_script)
                                            && last.len() > one.len()
                                            && last.ends_with(one.as_str())
                                            // (Not a name joining two: `概要とユースケース`.)
                                            && !last.contains(CJK_JOINERS)))
                        })
                    })
                    .collect();
                match (&found[..], &heads[..]) {
                    // An overview of another section, in a language that names the
                    // overview last (`API 명세 개요`, `데이터 모델 개요`, `API概要`), is that
                    // section, as `API Overview` is.
                    ([a, b], [head]) if self.is_overview(*head) => {
                        Some(if a == head { *b } else { *a })
                    }
                    (_, [one]) => Some(*one),
                    _ => None,
                }
            }
            _ => None,
        }
    }

    /// Whether an outline section is the Overview (its name is `Overview`).
    fn is_overview(&self, index: usize) -> bool {
        self.sections
            .get(index)
            .and_then(|(forms, _)| forms.first())
            .is_some_and(|name| name.len() == 1 && name[0] == "overview")
    }
}

/// A name's words with the accents of Latin letters taken off, for matching headings to
/// sections: specs often write `Decisiones tecnicas` for `Decisiones técnicas`.
fn folded_name_words(text: &str) -> Vec<String> {
    fold_all(name_words(text))
}

/// `folded_name_words` with the subtitle.
fn folded_all_name_words(text: &str) -> Vec<String> {
    fold_all(all_name_words(text))
}

/// The words with their accents taken off, in place (most words are ASCII already).
fn fold_all(mut words: Vec<String>) -> Vec<String> {
    for w in words.iter_mut().filter(|w| !w.is_ascii()) {
        *w = fold_accents(w);
    }
    words
}

/// A word without the accents of Latin letters (`técnicas` → `tecnicas`, `ação` →
/// `acao`, `błędów` → `bledow`); other scripts as they are.
pub(crate) fn fold_accents(word: &str) -> String {
    if word.is_ascii() {
        return word.to_string();
    }
    word.chars().map(fold_char).collect()
}

/// A Latin letter without its accent; other characters as they are.
fn fold_char(c: char) -> char {
    match c {
        'à' | 'á' | 'â' | 'ã' | 'ä' | 'å' => 'a',
        'è' | 'é' | 'ê' | 'ë' => 'e',
        'ì' | 'í' | 'î' | 'ï' => 'i',
        'ò' | 'ó' | 'ô' | 'õ' | 'ö' => 'o',
        'ù' | 'ú' | 'û' | 'ü' => 'u',
        'ç' | 'ć' | 'č' => 'c',
        'ñ' | 'ń' | 'ň' => 'n',
        'ý' | 'ÿ' => 'y',
        // (Polish and Czech, often written without them: `Glowne zasady` for `Główne
        // zasady`, `Zpracovani chyb` for `Zpracování chyb`.)
        'ą' => 'a',
        'ę' | 'ě' => 'e',
        'ł' => 'l',
        'ś' | 'š' => 's',
        'ź' | 'ż' | 'ž' => 'z',
        'ď' => 'd',
        'ř' => 'r',
        'ť' => 't',
        'ů' => 'u',
        other => other,
    }
}

/// Whether a heading joins two names (`Scenarios & Testing`, `Risks and Decisions`,
/// `Data / API`, `Stack, Decisions`).
/// The words joining two names in Japanese, Chinese and Korean (`概要とユースケース`,
/// `概述与用例`, `개요 및 유스케이스`, `概要・ユースケース`).
pub(crate) const CJK_JOINERS: [char; 5] = ['と', '与', '及', '・', '및'];

fn joins_two(title: &str) -> bool {
    let lower = title.to_lowercase();
    lower.contains('&')
        || lower.contains('/')
        || lower.contains(',')
        || lower.contains('+')
        || lower.split_whitespace().any(|w| w == "and")
}

fn push_new(list: &mut Vec<String>, item: &str) {
    let key = normalize(item);
    if !list.iter().any(|x| normalize(x) == key) {
        list.push(item.to_string());
    }
}

/// The `{...}` tokens of a line (single braces, not `\{`), braces included, with their
/// byte offsets.
pub(crate) fn brace_tokens(text: &str) -> Vec<(usize, &str)> {
    let bytes = text.as_bytes();
    let mut tokens = Vec::new();
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] != b'{' || (i > 0 && bytes[i - 1] == b'\\') {
            i += 1;
            continue;
        }
        // The token closes at the next `}`, unless another `{` comes first.
        match text[i + 1..].find(['{', '}']) {
            Some(offset) if bytes[i + 1 + offset] == b'}' => {
                tokens.push((i, &text[i..i + offset + 2]));
                i += offset + 2;
            }
            Some(offset) => i += offset + 1,
            None => break,
        }
    }
    tokens
}

/// Removes handlebars expressions (`{{x}}`, `{{{x}}}`, `{{#each}}`, `{{!-- ... --}}`,
/// which may span lines), keeping the text around them.
/// The names a template declares for its sections: under a `## ` heading, a handlebars
/// comment `{{!-- also: Command surface, CLI reference --}}` (or `{{! also: ... }}`)
/// lists other names of that section, separated by commas or semicolons. Rendering drops
/// the comment, so a spec written from the template never shows it.
fn declared_names(text: &str) -> Vec<(String, Vec<String>)> {
    let mut out: Vec<(String, Vec<String>)> = Vec::new();
    let mut fence = false;
    for line in text.lines() {
        let t = line.trim();
        if t.starts_with("```") || t.starts_with("~~~") {
            fence = !fence;
            continue;
        }
        if fence {
            continue;
        }
        if let Some(title) = t.strip_prefix("## ") {
            let title = strip_handlebars(title);
            out.push((title.trim().to_string(), Vec::new()));
            continue;
        }
        let Some(current) = out.last_mut() else {
            continue;
        };
        let mut rest = t;
        while let Some(start) = rest.find("{{!") {
            let tag = &rest[start..];
            let (body, end) = match tag.strip_prefix("{{!--") {
                Some(inner) => match inner.find("--}}") {
                    Some(e) => (&inner[..e], 5 + e + 4),
                    None => break,
                },
                None => match tag[3..].find("}}") {
                    Some(e) => (&tag[3..3 + e], 3 + e + 2),
                    None => break,
                },
            };
            let body = body.trim();
            let lower = body.to_lowercase();
            if let Some(list) = lower.strip_prefix("also:").map(|_| &body["also:".len()..]) {
                current.1.extend(
                    list.split([',', ';'])
                        .map(str::trim)
                        .filter(|n| !n.is_empty())
                        .map(str::to_string),
                );
            }
            rest = &tag[end..];
        }
    }
    out
}

pub(crate) fn strip_handlebars(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(start) = rest.find("{{") {
        // `\{{` is an escaped, literal `{{`.
        if rest[..start].ends_with('\\') {
            out.push_str(&rest[..start - 1]);
            out.push_str("{{");
            rest = &rest[start + 2..];
            continue;
        }
        out.push_str(&rest[..start]);
        let tag = &rest[start..];
        let close = if tag.starts_with("{{!--") {
            tag.find("--}}").map(|e| e + 4)
        } else if tag.starts_with("{{{") {
            tag.find("}}}").map(|e| e + 3)
        } else {
            tag.find("}}").map(|e| e + 2)
        };
        match close {
            Some(end) => rest = &tag[end..],
            None => {
                rest = "";
            }
        }
    }
    out.push_str(rest);
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use pretty_assertions::assert_eq;

    #[test]
    fn the_builtin_outline_is_the_seed_template() {
        let outline = Outline::builtin();
        assert_eq!(
            outline.sections,
            vec![
                "Overview",
                "Use Cases",
                "Data Models",
                "API Contracts",
                "Error Handling",
                "Non-Functional Requirements",
                "Architecture Decisions",
                "Dependencies",
                "Testing Strategy",
                "Open Questions",
            ]
        );
        let overview = &outline.shapes[0];
        assert_eq!(
            overview.fields,
            vec!["Problem statement", "Goals", "Non-goals"]
        );
        let use_cases = &outline.shapes[1];
        assert_eq!(
            use_cases.entry_fields,
            vec![
                "Actor",
                "Preconditions",
                "Flow",
                "Postconditions",
                "Error scenarios"
            ]
        );
        assert_eq!(
            outline.shapes[2].table_header,
            Some(vec![
                "Field".into(),
                "Type".into(),
                "Constraints".into(),
                "Description".into()
            ])
        );
        assert_eq!(
            outline.shapes[6].table_header,
            Some(vec!["#".into(), "Decision".into(), "Rationale".into()])
        );
        assert!(outline.placeholders.contains(&"{who}".to_string()));
        assert!(outline.placeholders.contains(&"{Feature Name}".to_string()));
        assert_eq!(outline.placeholders.len(), 27, "{:?}", outline.placeholders);
    }

    #[test]
    fn a_template_with_thousands_of_names_and_placeholders_keeps_each_once() {
        // Read in one pass: a quadratic de-duplication took minutes on this template.
        let names: Vec<String> = (0..20_000).map(|i| format!("Verb {i}")).collect();
        let placeholders: Vec<String> = (0..20_000).map(|i| format!("{{p{i}}}")).collect();
        let template = format!(
            "## API Contracts\n{{{{!-- also: {}, Verb 7 --}}}}\n\n## Open Questions\n{} {{p7}}\n",
            names.join(", "),
            placeholders.join(" ")
        );
        let outline = Outline::from_template(&template);
        assert_eq!(outline.shapes[0].names.len(), 20_000);
        assert_eq!(outline.placeholders.len(), 20_000);
        assert_eq!(
            outline.matcher().locate("Verb 19999"),
            Some((0, Naming::Name))
        );
    }

    #[test]
    fn key_words_name_sections_but_not_a_use_case_field() {
        let outline = Outline::builtin();
        let matcher = outline.matcher();
        let key = |title: &str| {
            matcher
                .locate_by_key(title)
                .map(|i| outline.sections[i].as_str())
        };
        assert_eq!(key("Rejected Alternatives"), Some("Architecture Decisions"));
        assert_eq!(key("Alternatives"), Some("Architecture Decisions"));
        assert_eq!(key("Chunk Struct"), Some("Data Models"));
        assert_eq!(key("Alternative Flows"), None);
        assert_eq!(key("Alternate Flows"), None);
        let head = |label: &str| {
            matcher
                .locate_by_head(label)
                .map(|i| outline.sections[i].as_str())
        };
        assert_eq!(head("Key decisions"), Some("Architecture Decisions"));
        assert_eq!(head("Automate routing, not decisions"), None);
    }

    #[test]
    fn a_latin_remark_after_a_name_in_another_script_names_nothing_by_itself() {
        let outline = Outline::builtin();
        let matcher = outline.matcher();
        let name = |title: &str| {
            matcher
                .locate(title)
                .map(|(i, _)| i)
                .or_else(|| matcher.locate_by_key(title))
                .map(|i| outline.sections[i].as_str())
        };
        assert_eq!(name("データモデル"), Some("Data Models"));
        assert_eq!(name("データモデル（SQLite）"), Some("Data Models"));
        assert_eq!(name("インターフェース (HTTP)"), Some("API Contracts"));
        assert_eq!(name("3. データモデル（SQLite）"), Some("Data Models"));
        // (The remark names the section: it is read by it.)
        assert_eq!(name("사용 시나리오(Use Cases)"), Some("Use Cases"));
        assert_eq!(name("アーキテクチャ（Hexagonal）"), None);
    }

    #[test]
    fn handlebars_expressions_are_removed() {
        assert_eq!(strip_handlebars("a {{x}} b {{{y}}} c"), "a  b  c");
        assert_eq!(strip_handlebars("{{!-- ## x }} --}}## Y"), "## Y");
        assert_eq!(strip_handlebars("\\{{x}}"), "{{x}}");
        assert_eq!(strip_handlebars("a {{unclosed"), "a ");
    }

    #[test]
    fn brace_tokens_are_single_braced() {
        assert_eq!(
            brace_tokens("{a} b {c d} \\{e} {f"),
            vec![(0, "{a}"), (6, "{c d}")]
        );
        assert_eq!(brace_tokens("{{a}}"), vec![(1, "{a}")]);
    }
}
