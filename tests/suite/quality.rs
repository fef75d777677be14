//! Spec quality in code: ADRs, the JSON twin with provenance, no dropped answers, and
//! the interview controls.

use crate::common::{Project, URL_SHORTENER_ANSWERS, template_declaring_api_names};
use serde_json::Value;

fn answers() -> String {
    URL_SHORTENER_ANSWERS.join("\n") + "\n"
}

#[test]
fn every_decision_gets_an_adr_numbered_after_the_existing_ones() {
    let p = Project::new();
    p.write(
        "docs/spec/biz/adr-003-older-decision.md",
        "# ADR-003: kept\n",
    );
    p.run(&["spec", "URL shortener"], &answers()).assert_ok();
    assert_eq!(
        p.read("docs/spec/biz/adr-003-older-decision.md"),
        "# ADR-003: kept\n"
    );
    let adr = p.read("docs/spec/biz/adr-004-url-shortener-data-storage.md");
    for heading in [
        "# ADR-004: Data storage for URL shortener",
        "- **Status**: Accepted",
        "## Context",
        "## Options",
        "## Decision",
        "## Consequences",
        "- **Pros**:",
        "- **Cons**:",
    ] {
        assert!(adr.contains(heading), "{heading:?} missing:\n{adr}");
    }
    assert!(
        p.path("docs/spec/biz/adr-010-url-shortener-testing.md")
            .exists()
    );
    let spec = p.read("docs/spec/biz/url-shortener-spec.md");
    assert!(
        spec.contains(
            "| 1 | [Data storage: Relational database](adr-004-url-shortener-data-storage.md) |"
        ),
        "{spec}"
    );
}

fn traced_items(v: &Value, out: &mut Vec<Value>) {
    match v {
        Value::Object(m) => {
            if let Some(p) = m.get("provenance") {
                out.push(p.clone());
            }
            m.values().for_each(|c| traced_items(c, out));
        }
        Value::Array(a) => a.iter().for_each(|c| traced_items(c, out)),
        _ => {}
    }
}

#[test]
fn the_json_twin_traces_every_item_to_the_answers_behind_it() {
    let p = Project::new();
    p.run(&["spec", "URL shortener"], &answers()).assert_ok();
    let twin: Value =
        serde_json::from_str(&p.read("docs/spec/biz/url-shortener-spec.json")).unwrap();
    let sections = [
        "use_cases",
        "api_contracts",
        "error_handling",
        "non_functional",
        "decisions",
        "dependencies",
    ];
    let fields: Vec<Value> = twin["data_models"]
        .as_array()
        .unwrap()
        .iter()
        .flat_map(|m| m["fields"].as_array().unwrap().clone())
        .collect();
    assert!(!fields.is_empty());
    for f in &fields {
        assert!(f["provenance"]["source"].is_string(), "{f}");
    }
    for s in sections {
        let items = twin[s].as_array().unwrap();
        assert!(!items.is_empty(), "{s} is empty");
        for item in items {
            let source = item["provenance"]["source"].as_str().unwrap();
            assert!(
                ["stated", "accepted", "delegated", "inferred"].contains(&source),
                "{item}"
            );
        }
    }
    let mut all = Vec::new();
    traced_items(&twin, &mut all);
    // Offline, every item cites the answers it comes from, by id; what the offline
    // interviewer suggested (an id field, a conventional status) was shown and kept, so
    // nothing is left inferred, and every id cited is one the twin lists.
    let ids: Vec<&str> = twin["evidence"]
        .as_array()
        .unwrap()
        .iter()
        .map(|b| b["id"].as_str().unwrap())
        .collect();
    for p in &all {
        assert_ne!(p["source"], "inferred", "{p}");
        assert!(!p["turns"].as_array().unwrap().is_empty(), "{p}");
        for id in p["rests_on"].as_array().unwrap() {
            assert!(ids.contains(&id.as_str().unwrap()), "{p}");
        }
    }
    assert!(
        all.iter().any(|p| p["source"] == "accepted"),
        "the kept suggestions are accepted"
    );
    let decisions = twin["decisions"].as_array().unwrap();
    assert_eq!(decisions[0]["provenance"]["source"], "accepted");
    assert_eq!(decisions[1]["provenance"]["source"], "stated");
    assert_eq!(decisions[3]["decided_by"], "user_own_choice");
    assert_eq!(decisions[0]["adr"], "adr-001-url-shortener-data-storage.md");
}

#[test]
fn accept_recommendations_records_that_the_choice_was_delegated() {
    let p = Project::new();
    let answers: Vec<&str> = URL_SHORTENER_ANSWERS
        .iter()
        .enumerate()
        .filter(|(i, _)| !(14..21).contains(i))
        .map(|(_, a)| *a)
        .collect();
    let out = p.run(
        &["spec", "URL shortener", "--accept-recommendations"],
        &(answers.join("\n") + "\n"),
    );
    out.assert_ok();
    let spec = p.read("docs/spec/biz/url-shortener-spec.md");
    assert_eq!(
        spec.matches("(delegated to the recommendation)").count(),
        7,
        "{spec}"
    );
    let twin: Value =
        serde_json::from_str(&p.read("docs/spec/biz/url-shortener-spec.json")).unwrap();
    assert!(
        twin["decisions"]
            .as_array()
            .unwrap()
            .iter()
            .all(|d| d["decided_by"] == "delegated")
    );
}

#[test]
fn max_questions_bounds_the_interview_and_leaves_the_rest_open() {
    let p = Project::new();
    let answers = [
        "Short links",
        "Create links",
        "",
        "",
        "",
        "",
        "",
        "",
        "",
        "Reject bad URLs",
        // The draft's holes are left open, and what it suggests is kept.
        "/skip",
        "",
        "/approve",
    ];
    let out = p.run(
        &["spec", "URL shortener", "--max-questions", "3"],
        &(answers.join("\n") + "\n"),
    );
    out.assert_ok();
    let spec = p.read("docs/spec/biz/url-shortener-spec.md");
    let open = spec.split("## Open Questions").nth(1).unwrap();
    for topic in [
        "Users and consumers (not covered in the interview)",
        "Latency targets (not covered in the interview)",
        "Data consistency requirements (not covered in the interview)",
    ] {
        assert!(open.contains(topic), "{topic:?} missing:\n{open}");
    }
    assert!(!open.contains("Purpose and the problem"), "{open}");
}

#[test]
fn a_custom_spec_template_is_used() {
    let p = Project::new();
    p.write(
        "docs/spec/.llm/templates/spec.md.hbs",
        "# {{title}} — Technical Specification\n\nProblem: {{overview.problem_statement}}\n",
    );
    p.run(&["spec", "URL shortener"], &answers()).assert_ok();
    assert_eq!(
        p.read("docs/spec/biz/url-shortener-spec.md"),
        "# URL shortener — Technical Specification\n\nProblem: Marketing links are long and ugly; we need short links we can track\n"
    );
}

#[test]
fn a_project_template_too_large_to_read_is_said_and_the_seeds_is_used() {
    let p = Project::new();
    std::fs::create_dir_all(p.path("docs/spec/.llm/templates")).unwrap();
    // Sparse: one byte over the 1 MiB a template may be, written in no time.
    let file = std::fs::File::create(p.path("docs/spec/.llm/templates/spec.md.hbs")).unwrap();
    file.set_len(1024 * 1024 + 1).unwrap();
    let out = p.run(&["spec", "URL shortener"], &answers());
    out.assert_ok();
    let said = "the project's template docs/spec/.llm/templates/spec.md.hbs cannot be read \
                (1048577 bytes, more than a template may be (1048576 bytes)); this session \
                writes and checks its spec with the seed's";
    assert_eq!(
        format!("{}{}", out.stdout, out.stderr)
            .matches(said)
            .count(),
        1,
        "{}\n{}",
        out.stdout,
        out.stderr
    );
    let spec = p.read("docs/spec/biz/url-shortener-spec.md");
    assert!(
        spec.starts_with("# URL shortener — Technical Specification\n"),
        "{spec}"
    );
    assert!(spec.contains("## Architecture Decisions"), "{spec}");
}

#[test]
fn names_a_template_declares_for_lint_never_reach_the_spec() {
    // `{{!-- also: ... --}}` under a heading is for lint; the spec written from the
    // template does not show it, and lint still passes the draft.
    let declaring = template_declaring_api_names();
    let p = Project::new();
    p.write("docs/spec/.llm/templates/spec.md.hbs", &declaring);
    p.run(&["spec", "URL shortener"], &answers()).assert_ok();
    let spec = p.read("docs/spec/biz/url-shortener-spec.md");
    assert!(spec.contains("## API Contracts"), "{spec}");
    assert!(!spec.contains("also:"), "{spec}");
    assert!(!spec.contains("{{"), "{spec}");
    let lint = p.run(&["lint", "docs/spec/biz/url-shortener-spec.md"], "");
    lint.assert_ok();
}

#[test]
fn check_reports_an_answer_that_reached_nothing() {
    let p = Project::new();
    let id = "01a20d00-0000-7000-8000-000000000001";
    let q = r#"{"facts":[],"questions":{"title":"Purpose","questions":[{"text":"Why?","why":"It matters.","topics":["purpose"]}]},"phase_complete":false}"#;
    let q2 = r#"{"facts":[],"questions":{"title":"Users","questions":[{"text":"Who?","why":"Actors.","topics":["users"]}]},"phase_complete":false}"#;
    let journal = [
        format!(r#"{{"event":"started","version":1,"id":"{id}","topic":"URL shortener","slug":"url-shortener","at":"2026-11-24T10:00:00Z","settings":{{"budgets":{{"discovery":6,"scope":10,"edge_cases":8}}}}}}"#),
        format!(r#"{{"event":"model_turn","turn":{{"kind":"interview",{}}},"at":"2026-11-24T10:00:00Z"}}"#, &q[1..q.len() - 1]),
        r#"{"event":"answer","text":"We also need SAML single sign-on","at":"2026-11-24T10:00:00Z"}"#.to_string(),
        format!(r#"{{"event":"model_turn","turn":{{"kind":"interview",{}}},"at":"2026-11-24T10:00:00Z"}}"#, &q2[1..q2.len() - 1]),
    ];
    p.write(
        &format!("docs/spec/.llm/sessions/{id}.jsonl"),
        &(journal.join("\n") + "\n"),
    );
    let out = p.run(&["check", &id[..8]], "");
    out.assert_failed();
    assert!(
        out.stdout.contains(
            "turn 1 (Discovery): no fact was captured from it: \"We also need SAML single sign-on\""
        ),
        "{}",
        out.stdout
    );

    let ok = Project::new();
    ok.run(&["spec", "URL shortener"], &answers()).assert_ok();
    let id = std::fs::read_dir(ok.path("docs/spec/.llm/sessions"))
        .unwrap()
        .next()
        .unwrap()
        .unwrap()
        .path();
    let id = id.file_stem().unwrap().to_str().unwrap().to_string();
    let out = ok.run(&["check", &id], "");
    out.assert_ok();
    assert!(
        out.stdout.contains("reached the ledger and the spec"),
        "{}",
        out.stdout
    );
}
