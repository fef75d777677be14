//! Replays every fixture transcript in fixtures/ and compares its outputs byte for byte
//! with the fixture's expected files; broken fixtures fail with a message naming the line.

use std::path::{Path, PathBuf};

use specwright_agent::fixture::{self, Fixture};

fn fixtures_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../fixtures")
}

fn all_fixtures() -> Vec<PathBuf> {
    let mut out: Vec<PathBuf> = std::fs::read_dir(fixtures_dir())
        .unwrap()
        .flatten()
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|e| e == "jsonl"))
        .collect();
    out.sort();
    out
}

#[tokio::test]
async fn every_fixture_replays_to_its_expected_files() {
    let fixtures = all_fixtures();
    assert!(
        fixtures.len() >= 3,
        "expected at least three fixtures in {}, found {fixtures:?}",
        fixtures_dir().display()
    );
    let mut failures = Vec::new();
    for path in fixtures {
        let fixture = Fixture::load(&path).unwrap();
        let root = tempfile::tempdir().unwrap();
        match fixture::replay(&fixture, root.path()).await {
            Ok(replayed) => {
                failures.extend(fixture::compare(&fixture, root.path()));
                // Every fixture's spec passes the spec check strictly: no error, no warning.
                let spec = std::fs::read_to_string(&replayed.spec).unwrap();
                let findings: Vec<_> = specwright_render::lint::lint(
                    &spec,
                    &specwright_render::lint::Outline::builtin(),
                )
                .into_iter()
                .filter(|f| {
                    matches!(
                        f.severity,
                        specwright_render::lint::Severity::Error
                            | specwright_render::lint::Severity::Warning
                    )
                })
                .collect();
                if !findings.is_empty() {
                    failures.push(specwright_render::lint::format_human(
                        &fixture.name,
                        &findings,
                    ));
                }
            }
            Err(e) => failures.push(e.to_string()),
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n\n"));
}

fn write_fixture(dir: &Path, lines: &[&str]) -> PathBuf {
    let path = dir.join("broken.jsonl");
    std::fs::write(&path, lines.join("\n") + "\n").unwrap();
    path
}

const HEADER: &str = r#"{"fixture": 1, "topic": "Broken", "now": "2026-11-24T10:00:00Z"}"#;
const FIRST_TURN: &str = r#"{"model": {"facts": [], "questions": {"title": "Purpose", "questions": [{"text": "Why?", "why": "It matters.", "topics": ["purpose"]}]}, "phase_complete": false}, "kind": "interview"}"#;

async fn replay_error(lines: &[&str]) -> String {
    let dir = tempfile::tempdir().unwrap();
    let path = write_fixture(dir.path(), lines);
    let root = tempfile::tempdir().unwrap();
    let err = match Fixture::load(&path) {
        Err(e) => e,
        Ok(f) => fixture::replay(&f, root.path()).await.unwrap_err(),
    };
    err.to_string()
}

#[tokio::test]
async fn a_fixture_that_runs_out_of_model_replies_names_the_line() {
    let msg = replay_error(&[HEADER, FIRST_TURN, r#"{"user": "To shorten links."}"#]).await;
    assert!(msg.contains("broken.jsonl ran out after line 3"), "{msg}");
    assert!(msg.contains("interview turn in Discovery"), "{msg}");
}

#[tokio::test]
async fn a_fixture_that_runs_out_of_user_input_says_so() {
    let msg = replay_error(&[HEADER, FIRST_TURN]).await;
    assert!(msg.contains("ran out of user input after line 2"), "{msg}");
}

#[tokio::test]
async fn a_malformed_model_reply_that_is_never_repaired_names_the_line() {
    let bad = r#"{"model": "{\"facts\": [", "kind": "interview"}"#;
    let msg = replay_error(&[HEADER, bad, bad, bad]).await;
    assert!(msg.contains("line 4"), "{msg}");
    assert!(msg.contains("still invalid after 3 attempts"), "{msg}");
}

#[tokio::test]
async fn a_line_that_is_not_json_names_the_line() {
    let msg = replay_error(&[HEADER, FIRST_TURN, "{not json"]).await;
    assert!(msg.contains("broken.jsonl line 3"), "{msg}");
}

#[tokio::test]
async fn model_and_user_lines_must_come_in_the_agents_order() {
    let msg = replay_error(&[HEADER, r#"{"user": "too early"}"#, FIRST_TURN]).await;
    assert!(msg.contains("line 2"), "{msg}");
    assert!(
        msg.contains("the fixture has the user's input here"),
        "{msg}"
    );
}

#[tokio::test]
async fn a_reply_of_the_wrong_kind_is_reported() {
    let decision = r#"{"model": {"question": "Q"}, "kind": "decision"}"#;
    let msg = replay_error(&[HEADER, decision]).await;
    assert!(
        msg.contains("recorded a decision reply, but the agent asked for an interview turn"),
        "{msg}"
    );
}

#[tokio::test]
async fn the_other_specs_of_the_project_reach_the_model_as_a_digest() {
    let fixture = Fixture::load(&fixtures_dir().join("click-analytics.jsonl")).unwrap();
    let root = tempfile::tempdir().unwrap();
    let (_, requests) = fixture::replay_collecting(&fixture, root.path())
        .await
        .unwrap();
    let first = &requests[0];
    let system = &first.messages[0].content;
    assert!(
        system.contains("## Other specs in this project"),
        "{system}"
    );
    assert!(
        system.contains("### URL shortener (url-shortener-spec.md)"),
        "{system}"
    );
    assert!(
        system.contains("- Entity Click: link: Link code, at: timestamp, referrer: string"),
        "{system}"
    );
    assert!(
        system.contains("- Decision Data storage: Relational database"),
        "{system}"
    );
    // The offline interviewer reads the same digest from the request's context.
    assert_eq!(first.context.existing.len(), 1);
    // The spec written in this project is left out of its own digest.
    let last = requests.last().unwrap();
    assert_eq!(last.context.existing.len(), 1);
}

#[tokio::test]
async fn a_document_given_up_front_is_the_first_answer() {
    let fixture = Fixture::load(&fixtures_dir().join("password-reset-from-notes.jsonl")).unwrap();
    let root = tempfile::tempdir().unwrap();
    let (replayed, requests) = fixture::replay_collecting(&fixture, root.path())
        .await
        .unwrap();
    let user = &requests[0].messages[1].content;
    assert!(
        user.contains("The user gave this document up front (notes.md)"),
        "{user}"
    );
    // Discovery and Scope were covered by it: no question of theirs was asked.
    let asked: Vec<_> = replayed
        .events
        .iter()
        .filter_map(|e| match e {
            specwright_agent::AgentEvent::Questions { phase, .. } => Some(*phase),
            _ => None,
        })
        .collect();
    assert_eq!(asked, vec![specwright_core::Phase::EdgeCases]);
}

/// The ledger part of a request's user message: everything before the first heading
/// that is not one of the ledger's, without the blank line that closes it.
fn ledger_part(user: &str) -> &str {
    let mut end = user.len();
    let mut at = 0;
    while let Some(i) = user[at..].find("## ") {
        let i = at + i;
        let line_start = i == 0 || user.as_bytes()[i - 1] == b'\n';
        if line_start
            && !specwright_agent::context::LEDGER_HEADINGS
                .iter()
                .any(|h| user[i..].starts_with(h))
        {
            end = i;
            break;
        }
        at = i + 3;
    }
    user[..end].trim_end_matches('\n')
}

/// Within a phase, each request of a kind starts with the previous one: the same system
/// message, then a ledger that only grows at its end (what earlier phases captured,
/// folded at the boundary, then what this phase adds in the order captured). That start
/// is what servers' prefix caches reuse.
#[tokio::test]
async fn within_a_phase_each_request_starts_with_the_previous_ones_ledger() {
    let mut compared = 0;
    for path in all_fixtures() {
        let fixture = Fixture::load(&path).unwrap();
        let root = tempfile::tempdir().unwrap();
        let (_, requests) = fixture::replay_collecting(&fixture, root.path())
            .await
            .unwrap();
        let turns: Vec<_> = requests.iter().filter(|r| r.messages.len() == 2).collect();
        for pair in turns.windows(2) {
            let (a, b) = (pair[0], pair[1]);
            if a.context.phase != b.context.phase || a.kind != b.kind {
                continue;
            }
            let name = path.display();
            assert_eq!(a.messages[0].content, b.messages[0].content, "{name}");
            assert_eq!(a.schema_name, b.schema_name, "{name}");
            let ledger = ledger_part(&a.messages[1].content);
            let next = &b.messages[1].content;
            assert!(
                ledger.is_empty()
                    || (next.starts_with(ledger) && next[ledger.len()..].starts_with('\n')),
                "{name}, {:?}: the ledger was not extended at its end:\n{ledger}\n---\n{next}",
                a.context.phase
            );
            compared += 1;
        }
    }
    assert!(compared > 100, "{compared}");
}

/// A revision carries the draft, which carries the facts it cites: beside it the ledger
/// lists only the others, and every decision in one line.
#[tokio::test]
async fn a_revision_does_not_repeat_the_facts_its_draft_cites() {
    let fixture = Fixture::load(&fixtures_dir().join("long-alert-routing.jsonl")).unwrap();
    let root = tempfile::tempdir().unwrap();
    let (_, requests) = fixture::replay_collecting(&fixture, root.path())
        .await
        .unwrap();
    let revision = requests
        .iter()
        .rev()
        .find(|r| r.context.phase == specwright_core::Phase::Iteration)
        .unwrap();
    let user = &revision.messages[1].content;
    let ledger = ledger_part(user);
    assert!(!ledger.contains("F1 "), "{ledger}");
    assert!(
        ledger.contains("- D1 Data storage: Relational database (stated in F10)"),
        "{ledger}"
    );
    assert!(user.contains("\"rests_on\":[\"F1\"]"), "{user}");
}
