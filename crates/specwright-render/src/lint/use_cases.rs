//! The use cases: numbered `UC-n: Name` headings, the template's fields, and a spec
//! writer's bar for each one (an actor, a trigger and an outcome).

use std::collections::HashSet;

use super::doc::{Doc, Entry, Section};
use super::operations::entries_of;
use super::outline::SectionShape;
use super::quality;
use super::structure::{check_field, quote};
use super::syntax::{bold_labels, label_of, list_item_text};
use super::vocab::{all_name_words, bold_list, field_forms, label_matches, name_words, normalize};
use super::{Finding, error, warning};

/// Each `### UC-n: Name` (or `#### ` under a `### ` group) has the template's use case
/// fields; numbers run 1, 2, 3, ...
pub(crate) fn check(
    doc: &Doc,
    section: &Section,
    shape: &SectionShape,
    covered: &mut HashSet<usize>,
    out: &mut Vec<Finding>,
) {
    let (mut entries, forms) = entries_of(doc, section, shape);
    // A `### ` heading named like a use case's field (`### Edge Cases` after the stories)
    // is that field for every use case, not a use case; with a name after it (`### Main
    // Flow: Admin Publishes a Version`) it is one.
    let mut shared: Vec<usize> = Vec::new();
    // A heading over user stories groups them: the stories are the use cases in another
    // form, not one use case. So is a heading named for the use cases (`### Primary Use
    // Cases` over `- As an **employee**, I want ...`), and one naming an area of the
    // product (`### Authentication` over a table of `US-1 | As a new user, I can ...`)
    // that labels none of a use case's fields.
    let stories = super::evidence::user_stories(doc);
    let groups = [all_name_words("use cases"), all_name_words("user stories")];
    // A part naming what the Overview gives (`### スコープ外（v1）`, out of scope, in
    // `## 1. 概要とユースケース`, overview and use cases) is the Overview's, not a use case.
    let overview_fields: Vec<_> = ["Goals", "Non-goals", "Problem statement"]
        .iter()
        .map(|l| field_forms(l))
        .collect();
    entries.retain(|e| {
        use_case_number(&e.title).is_some()
            || !overview_fields
                .iter()
                .any(|forms| label_matches(&name_words(&e.title), forms))
    });
    entries.retain(|e| {
        let words = all_name_words(&e.title);
        // (Also in other languages: `### 主なユースケース`, the main use cases.)
        let names_group = || {
            groups.iter().any(|g| super::vocab::has_phrase(&words, g))
                || names_use_cases_elsewhere(&e.title)
        };
        let labels_fields = || forms.iter().any(|f| doc.field(e.body.clone(), f).is_some());
        // (The stories are in order: the ones inside an entry are found by search.)
        let first = stories.partition_point(|&l| l - 1 < e.body.start);
        let holds_stories = || {
            stories
                .get(first + 1)
                .is_some_and(|&l| e.body.contains(&(l - 1)))
        };
        // (Or a table of use cases under a heading named for them, or a list of them:
        // `### High-level Use Cases` over `1. Teacher starts a dictation ...`.)
        let listed = || {
            doc.lines[e.body.clone()]
                .iter()
                .filter(|l| !l.hidden && !l.fence && list_item_text(&l.text).is_some())
                .nth(1)
                .is_some()
        };
        // A part naming who uses the product (`### Personas`, `### 2.1 Segmentos de
        // Cliente`, `### 2.1 Primary users`, `## 4.1 ユーザー`) or where (`### 2.2 Primary
        // environments`) gives the actors, not a use case.
        let names_actors = || {
            let who = |w: &str| {
                matches!(
                    w,
                    "persona"
                        | "personas"
                        | "actor"
                        | "actors"
                        | "user"
                        | "users"
                        | "role"
                        | "roles"
                        | "segment"
                        | "segments"
                        | "customer"
                        | "customers"
                        | "audience"
                        | "environment"
                        | "environments"
                        | "stakeholder"
                        | "stakeholders"
                        | "segmento"
                        | "segmentos"
                        | "cliente"
                        | "clientes"
                        | "usuarios"
                        | "usuários"
                        | "utilisateurs"
                        | "nutzer"
                        | "benutzer"
                        | "ユーザー"
                        | "利用者"
                        | "用户"
                        | "사용자"
                )
            };
            let qualifies = |w: &str| {
                matches!(
                    w,
                    "target" | "primary" | "main" | "key" | "end" | "de" | "and" | "their"
                )
            };
            words.iter().any(|w| who(w)) && words.iter().all(|w| who(w) || qualifies(w))
        };
        !(use_case_number(&e.title).is_none()
            && ((holds_stories() && (names_group() || !labels_fields()))
                || (names_group() && use_case_table(doc, e.body.clone()))
                || (names_group() && !labels_fields() && listed())
                || (!words.is_empty() && names_actors() && !labels_fields())))
    });
    entries.retain(|e| {
        let words = name_words(&e.title);
        let named = || all_name_words(&e.title).len() > words.len();
        // Also two names of fields joined (`### Edge Cases & Error Scenarios`).
        let joined = || {
            let parts = super::vocab::joined_names(&e.title);
            if parts.len() < 2 {
                return None;
            }
            forms
                .iter()
                .position(|f| label_matches(&parts[0], f))
                .filter(|_| {
                    parts
                        .iter()
                        .all(|p| forms.iter().any(|f| label_matches(p, f)))
                })
        };
        let field = forms
            .iter()
            .position(|f| label_matches(&words, f))
            .or_else(joined);
        match field {
            Some(k) if use_case_number(&e.title).is_none() && !named() => {
                shared.push(k);
                false
            }
            _ => true,
        }
    });
    // A class of a clean architecture's use-case layer (`### CreateAgentUseCase` over
    // its code) is an operation of the code, not a user's use case to label.
    entries.retain(|e| !names_interactor_class(&e.title));
    if entries.is_empty() && !use_case_table(doc, section.body.clone()) {
        out.push(warning(
            section.line,
            "no-use-cases",
            format!("{} has no `### UC-1: Name` use case", shape.section),
            "Add at least one use case with its actor, flow and error scenarios.",
        ));
    }
    let error_forms = field_forms("Error scenarios");
    let scenarios: Vec<(usize, String)> = entries
        .iter()
        .filter_map(|e| doc.field(e.body.clone(), &error_forms))
        .map(|f| (f.line, normalize(&f.value)))
        .collect();
    if scenarios.len() == entries.len() {
        quality::check_same_errors(section, &scenarios, out);
    }
    // A number is fine when it follows the previous one or matches its position, so a
    // typo (1, 5, 3) or a removed use case (1, 3, 4) is reported once, not on every line.
    let actor = shape
        .entry_fields
        .iter()
        .position(|label| label == "Actor")
        .unwrap_or(usize::MAX);
    let grouped = group_actors(doc, section, &entries);
    let mut previous = 0;
    for (position, entry) in entries.iter().enumerate() {
        match use_case_number(&entry.title) {
            None => out.push(warning(
                entry.line,
                "use-case-heading",
                format!(
                    "the use case heading {} is not `UC-n: Name`",
                    quote(&entry.title)
                ),
                "Write use case headings as `### UC-1: Name`.",
            )),
            Some(n) => {
                if n != previous + 1 && n != position + 1 {
                    out.push(warning(
                        entry.line,
                        "use-case-number",
                        format!("use case UC-{n} comes where UC-{} should", previous + 1),
                        "Number the use cases 1, 2, 3, ... in order.",
                    ));
                }
                previous = n;
            }
        }
        let owner = format!("use case `{}`", entry.title);
        // A use case told as prose or bare steps, with none of the template's labels:
        // one finding, since which field each sentence is cannot be read.
        if !forms
            .iter()
            .any(|f| doc.field(entry.body.clone(), f).is_some())
        {
            let labels = bold_list(&shape.entry_fields, ", ");
            // A user story labels its role (`- **As a** developer`), not a use case's
            // fields.
            let story = doc.lines[entry.body.clone()].iter().any(|l| {
                !l.hidden
                    && label_of(&l.text).is_some_and(|(_, label, _)| {
                        matches!(normalize(label).as_str(), "as a" | "as an")
                    })
            });
            let what = if story {
                format!(
                    "{owner} is a user story (**As a** ...) that labels none of a use case's fields ({labels})"
                )
            } else {
                format!("{owner} labels none of its fields ({labels})")
            };
            out.push(error(
                entry.line,
                "missing-field",
                what,
                "Write each as a `- **Label**: ...` line, as the template does.",
            ));
            continue;
        }
        let gaps = check_complete(doc, entry, &owner, out);
        for &(_, line) in &gaps {
            // The field's line and the lines of its value, up to the next label.
            covered.insert(line);
            let after = doc.lines[line..entry.body.end]
                .iter()
                .take_while(|l| bold_labels(&l.text).first().is_none_or(|b| !b.at_start));
            covered.extend(after.map(|l| l.number));
        }
        for (k, (label, forms)) in shape.entry_fields.iter().zip(&forms).enumerate() {
            if shared.contains(&k) && doc.field(entry.body.clone(), forms).is_none() {
                continue;
            }
            // The actor named once by the heading over a group of use cases (`### Actor:
            // User (single developer-operator)` over `#### UC1:` to `#### UC5:`).
            if k == actor && grouped.contains(&entry.line) {
                continue;
            }
            // Or by the subject of its first step (`1. User downloads the app`, `1. Free
            // user opens the app`): who acts is said where the flow starts.
            if k == actor
                && doc.field(entry.body.clone(), forms).is_none()
                && first_step_names_actor(doc, entry)
            {
                continue;
            }
            // Or by its user story (`As a new employee, I want ...`, `作为（访客），我想要
            // ...`): the story's role is who acts.
            if k == actor
                && doc.field(entry.body.clone(), forms).is_none()
                && story_names_actor(doc, entry, &stories)
            {
                continue;
            }
            // Its acceptance scenarios (`Given the visitor is on the sign-up page, When
            // ..., Then ...`) give its steps and what is true after it.
            if (name_words(label) == name_words("Flow")
                || name_words(label) == name_words("Postconditions"))
                && doc.field(entry.body.clone(), forms).is_none()
                && super::evidence::scenarios(doc, entry.body.clone()) > 0
            {
                continue;
            }
            // A gap reported as incomplete is not reported again as an empty field.
            let words = name_words(label);
            if gaps.iter().any(|(gap, _)| name_words(gap) == words) {
                continue;
            }
            check_field(
                doc,
                entry.body.clone(),
                entry.line,
                &owner,
                label,
                forms,
                true,
                out,
            );
        }
    }
}

/// The use cases (their lines) whose nearest heading above their own level, within the
/// section, names their actor as a label does (`### Actor: User` over `#### UC1:` to
/// `#### UC5:`, `### Actors: Admin, Editor`). One pass over the section.
fn group_actors(doc: &Doc, section: &Section, entries: &[Entry]) -> HashSet<usize> {
    let forms = field_forms("Actor");
    let names_actor = |title: &str| {
        title.split_once(':').is_some_and(|(label, named)| {
            !named.trim().is_empty() && label_matches(&name_words(label), &forms)
        })
    };
    let starts: HashSet<usize> = entries.iter().map(|e| e.line).collect();
    // The last heading seen at each level, with whether it names an actor; a heading
    // ends the deeper ones.
    let mut last: [Option<(usize, bool)>; 7] = [None; 7];
    let mut found = HashSet::new();
    for l in doc.lines[section.body.clone()].iter().filter(|l| !l.hidden) {
        let Some((level, title)) = &l.heading else {
            continue;
        };
        let level = (*level).min(6);
        if starts.contains(&l.number)
            && last[..level]
                .iter()
                .flatten()
                .max_by_key(|(line, _)| *line)
                .is_some_and(|(_, actor)| *actor)
        {
            found.insert(l.number);
        }
        last[level] = Some((l.number, names_actor(title)));
        for deeper in &mut last[level + 1..] {
            *deeper = None;
        }
    }
    found
}

/// A use case needs an actor, a trigger (its preconditions or its first step) and an
/// outcome (its postconditions): a field that is there but says nothing (empty, a dash,
/// filler, "Not specified") is an error. Returns the labels and lines of the fields it
/// reported. A field that is not there at all is missing-field's to report.
fn check_complete(
    doc: &Doc,
    entry: &Entry,
    owner: &str,
    out: &mut Vec<Finding>,
) -> Vec<(&'static str, usize)> {
    let get = |label: &str| doc.field(entry.body.clone(), &field_forms(label));
    let (actor, pre, flow, post) = (
        get("Actor"),
        get("Preconditions"),
        get("Flow"),
        get("Postconditions"),
    );
    let says = |f: &Option<super::doc::Field>| {
        f.as_ref().is_some_and(|f| !quality::says_nothing(&f.value))
    };
    // The flow's first step: its value up to the second step.
    let first_step = flow.as_ref().is_some_and(|f| {
        let step = f.value.split(" 2. ").next().unwrap_or("");
        let step = step.trim().trim_start_matches("1.").trim();
        !quality::says_nothing(step)
    });
    let mut missing = Vec::new();
    let mut gaps: Vec<(&'static str, usize)> = Vec::new();
    if let Some(f) = actor.as_ref().filter(|_| !says(&actor)) {
        missing.push("an actor");
        gaps.push(("Actor", f.line));
    }
    if (pre.is_some() || flow.is_some()) && !says(&pre) && !first_step {
        missing.push("a trigger (its preconditions or first step)");
        gaps.extend(pre.as_ref().map(|f| ("Preconditions", f.line)));
        gaps.extend(flow.as_ref().map(|f| ("Flow", f.line)));
    }
    if let Some(f) = post.as_ref().filter(|_| !says(&post)) {
        missing.push("an outcome (its postconditions)");
        gaps.push(("Postconditions", f.line));
    }
    if !missing.is_empty() {
        out.push(error(
            entry.line,
            "use-case-incomplete",
            format!("{owner} lacks {}", join_and(&missing)),
            "Say who acts, what starts it and what is true after it; what is not known goes to Open Questions.",
        ));
    }
    gaps
}

/// `a`, `a and b`, `a, b and c`.
fn join_and(items: &[&str]) -> String {
    match items {
        [] => String::new(),
        [one] => (*one).to_string(),
        [rest @ .., last] => format!("{} and {last}", rest.join(", ")),
    }
}

/// `UC-12: Name` gives 12; anything else (no number, no colon, no name) gives `None`.
/// Whether a heading names the use cases in another language (`主なユースケース`, `사용
/// 사례`, `Casos de uso principales`).
fn names_use_cases_elsewhere(title: &str) -> bool {
    let lower = title.to_lowercase();
    [
        "ユースケース",
        "用例",
        "使用场景",
        "用户故事",
        "ユーザーストーリー",
        "유스케이스",
        "사용 사례",
        "사용자 스토리",
        "casos de uso",
        "cas d'utilisation",
        "cas d’utilisation",
        "anwendungsfälle",
        "casi d'uso",
        "сценарии использования",
        "варианты использования",
    ]
    .iter()
    .any(|w| lower.contains(w))
}

fn use_case_number(title: &str) -> Option<usize> {
    let rest = title
        .get(..3)
        .filter(|p| p.eq_ignore_ascii_case("uc-"))
        .map(|_| &title[3..])?;
    let (number, name) = rest.split_once(':')?;
    if name.trim().is_empty() {
        return None;
    }
    number.trim().parse().ok()
}

/// Whether a range gives use cases as rows of a table with a use case column (`| Use
/// case | User | Input | Expected output |`), two rows or more.
fn use_case_table(doc: &Doc, range: std::ops::Range<usize>) -> bool {
    doc.headed_tables(range).iter().any(|(header, rows)| {
        rows.len() >= 2
            && header.iter().any(|c| {
                all_name_words(c) == all_name_words("use case")
                    || [
                        "用例",
                        "ユースケース",
                        "유스케이스",
                        "caso de uso",
                        "casos de uso",
                    ]
                    .contains(&c.trim().to_lowercase().as_str())
            })
    })
}

/// Whether a use case's first numbered step opens with who acts: a role, at most one
/// word before it (`1. User downloads the app`, `1. Free user opens the app`, `1. The
/// driver arrives`), not a system's step (`1. System validates the token`). Or its
/// trigger does (`**Trigger:** User navigates back to a visited route`).
fn first_step_names_actor(doc: &Doc, entry: &Entry) -> bool {
    let body = doc.lines[entry.body.clone()]
        .iter()
        .filter(|l| !l.hidden && !l.fence);
    let step = body
        .clone()
        .find(|l| super::syntax::is_ordered_item(&l.text))
        .and_then(|l| list_item_text(&l.text));
    let trigger = body
        .filter_map(|l| label_of(&l.text))
        .find_map(|(_, label, rest)| {
            matches!(
                normalize(label).as_str(),
                "trigger" | "triggers" | "triggered by"
            )
            .then_some(rest)
        });
    step.into_iter().chain(trigger).any(opens_with_person)
}

/// Whether a use case tells its user story, which names the role acting: one of the
/// spec's `stories` (`As a new employee, I want to ...`, `Als Disponent möchte ich ...`,
/// their lines in order) in its body, or one told in Chinese or Japanese, which those do
/// not read (`作为（访客/新员工），我想要（...）`, `管理者として...したい`).
fn story_names_actor(doc: &Doc, entry: &Entry, stories: &[usize]) -> bool {
    const STORIES: [(&str, &[&str]); 2] = [
        ("作为", &["我想", "我希望", "我需要", "我要"]),
        ("として", &["たい"]),
    ];
    let first = stories.partition_point(|&l| l - 1 < entry.body.start);
    stories
        .get(first)
        .is_some_and(|&l| entry.body.contains(&(l - 1)))
        || doc.lines[entry.body.clone()]
            .iter()
            .filter(|l| !l.hidden && !l.fence && l.heading.is_none())
            .any(|l| {
                STORIES.iter().any(|(opening, wants)| {
                    l.prose.contains(opening) && wants.iter().any(|w| l.prose.contains(w))
                })
            })
}

/// Whether a text's first or second word names a person (`User downloads`, `Free user
/// opens`, `The driver arrives`).
fn opens_with_person(text: &str) -> bool {
    let words: Vec<String> = text
        .split_whitespace()
        .take(2)
        .map(|w| {
            w.trim_matches(|c: char| !c.is_alphanumeric())
                .to_lowercase()
        })
        .collect();
    words.iter().any(|w| super::evidence::is_person(w))
}

/// Whether a heading is the name of a use-case class in code: one identifier ending in
/// `UseCase` or `Interactor` (`CreateAgentUseCase`, `` `ResolveModelUseCase` ``).
fn names_interactor_class(title: &str) -> bool {
    let t = title.trim().trim_matches('`');
    !t.is_empty()
        && t.chars().all(|c| c.is_ascii_alphanumeric() || c == '_')
        && t.starts_with(|c: char| c.is_ascii_uppercase())
        && ["UseCase", "Usecase", "Interactor"]
            .iter()
            .any(|end| t.len() > end.len() && t.ends_with(end))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn use_case_headings() {
        assert_eq!(use_case_number("UC-3: Pay"), Some(3));
        assert_eq!(use_case_number("uc-12 : Pay"), Some(12));
        assert_eq!(use_case_number("UC-3 — Pay"), None);
        assert_eq!(use_case_number("UC-3:"), None);
        assert_eq!(use_case_number("Pay"), None);
        assert_eq!(use_case_number("Ü"), None);
    }
}
