//! Untrusted model output in, a typed turn out. Parsing follows the schema; the
//! semantic checks enforce what a schema cannot say (or what a server ignored).

use serde::de::DeserializeOwned;

use crate::phase::Topic;
use crate::session::Session;
use crate::turn::{DecisionTurn, InterviewTurn, Revision, SpecDraft, Turn, TurnKind};

/// Finds the JSON object in a reply that may wrap it in prose, code fences or a
/// `<think>` block. Returns the reply itself when no object is found.
pub fn extract_json(raw: &str) -> &str {
    let mut text = raw.trim();
    // Reasoning models put their thoughts first; the answer follows the last `</think>`.
    if let Some(end) = text.rfind("</think>") {
        text = text[end + "</think>".len()..].trim();
    }
    let Some(start) = text.find('{') else {
        return text;
    };
    let bytes = text.as_bytes();
    let (mut depth, mut in_string, mut escaped) = (0usize, false, false);
    for (i, &b) in bytes.iter().enumerate().skip(start) {
        if in_string {
            match (escaped, b) {
                (true, _) => escaped = false,
                (false, b'\\') => escaped = true,
                (false, b'"') => in_string = false,
                _ => {}
            }
            continue;
        }
        match b {
            b'"' => in_string = true,
            b'{' => depth += 1,
            b'}' => {
                depth = depth.saturating_sub(1);
                if depth == 0 {
                    return &text[start..=i];
                }
            }
            _ => {}
        }
    }
    &text[start..]
}

fn parse<T: DeserializeOwned>(raw: &str) -> Result<T, Vec<String>> {
    let json = extract_json(raw);
    if json.is_empty() {
        return Err(vec![
            "the reply was empty; reply with one JSON object".into(),
        ]);
    }
    serde_json::from_str(json).or_else(|e| {
        // Small models often put raw line breaks or tabs inside strings; escaping them
        // changes nothing the model meant.
        let escaped = escape_raw_controls(json);
        if escaped != json {
            serde_json::from_str(&escaped).map_err(|_| ())
        } else {
            Err(())
        }
        .map_err(|()| vec![format!("the reply is not valid JSON for the schema: {e}")])
    })
}

/// Escapes control characters that stand raw inside JSON string literals.
pub fn escape_raw_controls(json: &str) -> String {
    let mut out = String::with_capacity(json.len());
    let (mut in_string, mut escaped) = (false, false);
    for c in json.chars() {
        if in_string {
            if escaped {
                escaped = false;
            } else if c == '\\' {
                escaped = true;
            } else if c == '"' {
                in_string = false;
            } else if c.is_control() {
                match c {
                    '\n' => out.push_str("\\n"),
                    '\r' => out.push_str("\\r"),
                    '\t' => out.push_str("\\t"),
                    other => out.push_str(&format!("\\u{:04x}", other as u32)),
                }
                continue;
            }
        } else if c == '"' {
            in_string = true;
        }
        out.push(c);
    }
    out
}

fn blank(s: &str) -> bool {
    s.trim().is_empty()
}

/// Parses and checks a reply of the requested kind against the session it will apply to.
pub fn parse_turn(kind: TurnKind, raw: &str, session: &Session) -> Result<Turn, Vec<String>> {
    let mut turn = match kind {
        TurnKind::Interview => Turn::Interview(parse(raw)?),
        TurnKind::Decision => Turn::Decision(parse(raw)?),
        TurnKind::Draft => Turn::Draft(parse(raw)?),
        TurnKind::Revision => Turn::Revision(parse(raw)?),
    };
    normalize(&mut turn, session);
    let errors = check_turn(&turn, session);
    if errors.is_empty() {
        Ok(turn)
    } else {
        Err(errors)
    }
}

/// Fixes in code what can be fixed without guessing, so a small model's near-miss is not
/// a repair round: facts with no answer behind them are dropped; facts captured from an
/// answer that only leaves the choice to the agent ("you decide") are dropped (it must
/// propose defaults instead); an answer the model captured nothing from (and did not mark
/// as stating no requirement, unknown, or delegated) is kept verbatim under the topics its
/// questions targeted; question topics outside the phase and questions already asked are
/// dropped; surrounding white space is trimmed. In a draft, filler is emptied (so it is
/// asked about) and cited ids are trimmed.
pub fn normalize(turn: &mut Turn, session: &Session) {
    let t = match turn {
        Turn::Interview(t) => t,
        Turn::Draft(d) => return normalize_draft(d),
        Turn::Revision(r) => return normalize_draft(&mut r.draft),
        Turn::Decision(d) => {
            if let Some(id) = &mut d.stated_in {
                *id = id.trim().to_string();
                if id.is_empty() {
                    d.stated_in = None;
                }
            }
            return;
        }
    };
    let answer = session
        .unprocessed_answer_text()
        .map(str::trim)
        .filter(|a| !a.is_empty());
    for list in [&mut t.facts, &mut t.unknowns, &mut t.defaults] {
        list.retain(|f| !blank(&f.statement));
        for f in list.iter_mut() {
            f.statement = f.statement.trim().to_string();
        }
    }
    t.missing.retain(|m| !blank(&m.what));
    if session.answer_delegates() {
        t.facts.clear();
    }
    match answer {
        None => {
            t.facts.clear();
            t.unknowns.clear();
            t.missing.clear();
            t.defaults.clear();
        }
        Some(answer)
            if t.facts.is_empty()
                && !t.no_requirement
                && t.unknowns.is_empty()
                && t.defaults.is_empty()
                && !session.answer_delegates() =>
        {
            if let Some(group) = &session.last_group() {
                t.facts = group
                    .topics()
                    .into_iter()
                    .map(|topic| crate::turn::Fact {
                        topic,
                        statement: answer.to_string(),
                    })
                    .collect();
            }
        }
        Some(_) => {}
    }
    if let Some(group) = &mut t.questions {
        let phase_topics = session.phase().topics();
        for q in &mut group.questions {
            q.text = q.text.trim().to_string();
            q.topics.retain(|topic| phase_topics.contains(topic));
            q.topics.dedup();
        }
        group.questions.retain(|q| {
            !q.topics.is_empty()
                && !blank(&q.text)
                && !session
                    .asked_questions()
                    .iter()
                    .any(|asked| asked.trim() == q.text)
        });
        if group.questions.is_empty() {
            t.questions = None;
        }
    }
}

fn normalize_draft(d: &mut SpecDraft) {
    crate::gaps::strip_filler(d);
    let paths: Vec<_> = crate::items::items(d).into_iter().map(|i| i.path).collect();
    for path in paths {
        if let Some(ids) = crate::items::rests_on_mut(d, path) {
            for id in ids.iter_mut() {
                *id = id.trim().to_string();
            }
            ids.retain(|id| !id.is_empty());
            let mut seen = Vec::new();
            ids.retain(|id| {
                let new = !seen.contains(id);
                seen.push(id.clone());
                new
            });
        }
    }
}

/// The semantic checks alone, for a turn already parsed.
pub fn check_turn(turn: &Turn, session: &Session) -> Vec<String> {
    match turn {
        Turn::Interview(t) => check_interview(t, session),
        Turn::Decision(t) => check_decision(t, session),
        Turn::Draft(d) => check_draft(d, "draft", session),
        Turn::Revision(r) => check_revision(r, session),
    }
}

fn check_interview(turn: &InterviewTurn, session: &Session) -> Vec<String> {
    let mut errors = Vec::new();
    let answered = session.unprocessed_answer().is_some();
    if !answered && !turn.facts.is_empty() {
        errors.push(
            "`facts` must be empty: the user has not answered anything since the last turn".into(),
        );
    }
    let delegated = session.answer_delegates();
    if delegated && turn.defaults.is_empty() {
        let topics: Vec<&str> = session
            .last_group()
            .map(|g| g.topics().iter().map(|t| t.key()).collect())
            .unwrap_or_default();
        errors.push(format!(
            "the user left the answer to you (\"{}\"): propose a sensible default in `defaults` for each topic the questions asked about ({}), for the user to confirm; do not capture it as a fact",
            session.unprocessed_answer_text().unwrap_or("").trim(),
            topics.join(", ")
        ));
    }
    if answered
        && !delegated
        && turn.facts.iter().all(|f| blank(&f.statement))
        && !turn.no_requirement
        && turn.unknowns.is_empty()
        && turn.defaults.is_empty()
    {
        errors.push(
            "the user answered but `facts` is empty: capture what the answer says, record what they do not know in `unknowns`, or set `no_requirement` to true if it states no requirement"
                .into(),
        );
    }

    for (i, fact) in turn.facts.iter().enumerate() {
        if blank(&fact.statement) {
            errors.push(format!("facts[{i}].statement is empty"));
        }
    }
    if !turn.defaults.is_empty() {
        // The defaults are confirmed before the next questions are asked.
        return errors;
    }
    let phase_topics = session.phase().topics();
    let partial = session.partial_topics();
    let open: Vec<Topic> = session
        .open_topics()
        .into_iter()
        .filter(|t| {
            !turn
                .facts
                .iter()
                .any(|f| f.topic == *t && !blank(&f.statement))
        })
        .collect();
    if open.is_empty() || !session.may_ask() {
        return errors;
    }
    let open_list = open.iter().map(|t| t.key()).collect::<Vec<_>>().join(", ");
    match &turn.questions {
        None => errors.push(format!(
            "`questions` is null but these topics are not covered yet: {open_list}; ask one group of questions about them"
        )),
        Some(group) => {
            if group.questions.is_empty() || group.questions.len() > 4 {
                errors.push("`questions.questions` must hold 1 to 4 questions".into());
            }
            for (i, q) in group.questions.iter().enumerate() {
                if blank(&q.text) {
                    errors.push(format!("questions.questions[{i}].text is empty"));
                }
                if q.topics.is_empty() {
                    errors.push(format!("questions.questions[{i}].topics is empty"));
                }
                for t in &q.topics {
                    if !phase_topics.contains(t) {
                        errors.push(format!(
                            "questions.questions[{i}].topics has `{}`, which is not a topic of this phase",
                            t.key()
                        ));
                    }
                }
                if session.asked_questions().iter().any(|asked| asked.trim() == q.text.trim()) {
                    errors.push(format!("questions.questions[{i}] repeats a question already asked"));
                }
            }
            if !group
                .topics()
                .iter()
                .any(|t| open.contains(t) || partial.contains(t))
            {
                errors.push(format!(
                    "the questions only target topics already covered; target at least one of: {open_list}"
                ));
            }
        }
    }
    // `phase_complete` is the model's claim only: coverage is decided above, by the program.
    errors
}

fn check_decision(turn: &DecisionTurn, session: &Session) -> Vec<String> {
    let mut errors = Vec::new();
    if let Some(id) = &turn.stated_in
        && !session.ledger().iter().any(|f| &f.id == id)
    {
        errors.push(format!(
            "`stated_in` is `{id}`, which is not the id of a captured fact; name the fact that states the choice, or null"
        ));
    }
    if blank(&turn.question) {
        errors.push("`question` is empty".into());
    }
    let n = turn.options.len();
    if !(2..=4).contains(&n) {
        errors.push(format!("`options` must hold 2 to 4 options, not {n}"));
    }
    if turn.recommended == 0 || usize::from(turn.recommended) > n {
        errors.push(format!(
            "`recommended` is {}, but it must be the number of an option, from 1 to {n}",
            turn.recommended
        ));
    }
    if blank(&turn.recommendation_reason) {
        errors.push("`recommendation_reason` is empty".into());
    }
    for (i, o) in turn.options.iter().enumerate() {
        for (field, value) in [
            ("name", &o.name),
            ("description", &o.description),
            ("gains", &o.gains),
            ("sacrifices", &o.sacrifices),
        ] {
            if blank(value) {
                errors.push(format!("options[{i}].{field} is empty"));
            }
        }
        if turn.options[..i]
            .iter()
            .any(|p| p.name.trim().eq_ignore_ascii_case(o.name.trim()))
        {
            errors.push(format!("options[{i}].name repeats another option's name"));
        }
    }
    errors
}

fn check_draft(d: &SpecDraft, at: &str, session: &Session) -> Vec<String> {
    let mut errors = Vec::new();
    let ids = session.evidence_ids();
    let mut unknown: Vec<String> = Vec::new();
    for item in crate::items::items(d) {
        for id in &item.rests_on {
            if !ids.contains(id) && !unknown.contains(id) {
                unknown.push(id.clone());
            }
        }
    }
    if !unknown.is_empty() {
        let shown: Vec<&str> = ids.iter().map(String::as_str).take(60).collect();
        errors.push(format!(
            "`rests_on` cites {}, which {} not the id of a fact, decision or answer; cite only these: {}",
            unknown
                .iter()
                .map(|u| format!("`{u}`"))
                .collect::<Vec<_>>()
                .join(", "),
            if unknown.len() == 1 { "is" } else { "are" },
            if shown.is_empty() { "none (leave `rests_on` empty)".to_string() } else { shown.join(", ") }
        ));
    }
    let lists: Vec<Vec<&str>> = d
        .use_cases
        .iter()
        .map(|uc| uc.error_scenarios.iter().map(|e| e.text.trim()).collect())
        .collect();
    if lists.len() >= 2 && !lists[0].is_empty() && lists.iter().all(|l| *l == lists[0]) {
        errors.push(format!(
            "{at}.use_cases all list the same error scenarios; list for each use case only the errors that use case can meet (the Error Handling table holds the rest)"
        ));
    }
    if d.use_cases.is_empty() {
        errors.push(format!(
            "{at}.use_cases is empty; write at least one use case"
        ));
    }
    for (i, uc) in d.use_cases.iter().enumerate() {
        if blank(&uc.name) {
            errors.push(format!("{at}.use_cases[{i}] needs a name"));
        }
    }
    for (i, m) in d.data_models.iter().enumerate() {
        if blank(&m.entity) {
            errors.push(format!("{at}.data_models[{i}].entity is empty"));
        }
    }
    errors
}

fn check_revision(r: &Revision, session: &Session) -> Vec<String> {
    let mut errors = Vec::new();
    if blank(&r.summary) {
        errors.push("`summary` is empty; say what changed".into());
    }
    errors.extend(check_draft(&r.draft, "draft", session));
    errors
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn raw_line_breaks_inside_strings_are_escaped() {
        assert_eq!(
            escape_raw_controls("{\"a\": \"x\ny\ttab\"}\n"),
            "{\"a\": \"x\\ny\\ttab\"}\n"
        );
        assert_eq!(
            escape_raw_controls("{\"a\": \"q\\\"\n\"}"),
            "{\"a\": \"q\\\"\\n\"}"
        );
    }

    #[test]
    fn json_is_found_inside_fences_prose_and_think_blocks() {
        assert_eq!(extract_json("```json\n{\"a\": 1}\n```"), "{\"a\": 1}");
        assert_eq!(
            extract_json("Sure! {\"a\": \"}\"} hope this helps"),
            "{\"a\": \"}\"}"
        );
        assert_eq!(
            extract_json("<think>maybe {\"b\":2}</think>\n{\"a\": {\"c\": 3}}"),
            "{\"a\": {\"c\": 3}}"
        );
        assert_eq!(extract_json("no json"), "no json");
    }
}
