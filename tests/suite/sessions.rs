//! Sessions end to end: listing, resuming, revising an approved spec, and journals that
//! were damaged or written by a newer specwright.

use crate::common::{Project, URL_SHORTENER_ANSWERS};

fn finished_interview() -> Project {
    let p = Project::new();
    p.run(
        &["spec", "URL shortener"],
        &(URL_SHORTENER_ANSWERS.join("\n") + "\n"),
    )
    .assert_ok();
    p
}

#[test]
fn revise_reopens_the_session_and_shows_a_diff_before_approval() {
    let p = finished_interview();
    let before = p.read("docs/spec/biz/url-shortener-spec.md");
    let out = p.run(
        &["revise", "docs/spec/biz/url-shortener-spec.md"],
        "goal: Export click data as CSV\n/approve\n",
    );
    out.assert_ok();
    assert!(
        out.stdout.contains("---- changes to the spec ----"),
        "{}",
        out.stdout
    );
    assert!(
        out.stdout.contains("+  - Export click data as CSV"),
        "{}",
        out.stdout
    );
    let after = p.read("docs/spec/biz/url-shortener-spec.md");
    assert_ne!(before, after);
    assert!(after.contains("  - Export click data as CSV"));
    assert!(!p.path("docs/spec/biz/url-shortener-2-spec.md").exists());
    let progress = p.read("docs/spec/.llm/PROGRESS.md");
    // One entry per spec, updated in place with the revision (issue 14, item 6).
    assert_eq!(progress.matches("— URL shortener").count(), 1, "{progress}");
}

#[test]
fn a_new_interview_on_an_approved_topic_reopens_its_session() {
    let p = finished_interview();
    let out = p.run(&["spec", "URL shortener"], "/approve\n");
    out.assert_ok();
    assert!(
        out.stdout.contains("reopening it to revise the spec"),
        "{}",
        out.stdout
    );
    assert!(!p.path("docs/spec/biz/url-shortener-2-spec.md").exists());
}

#[test]
fn revise_refuses_a_spec_no_session_wrote() {
    let p = Project::new();
    p.write("docs/spec/biz/other-spec.md", "# Other\n");
    let out = p.run(&["revise", "docs/spec/biz/other-spec.md"], "");
    out.assert_failed();
    assert!(
        out.one_error_line().contains("revises the specs it wrote"),
        "{}",
        out.stderr
    );
}

#[test]
fn sessions_lists_topic_phase_and_whether_finished() {
    let p = finished_interview();
    p.run(&["spec", "Rate limiter"], "It limits requests\n")
        .assert_saved();
    let out = p.run(&["sessions"], "");
    out.assert_ok();
    let lines: Vec<&str> = out.stdout.lines().collect();
    assert_eq!(lines.len(), 2, "{}", out.stdout);
    assert!(
        lines[0].contains("Rate limiter")
            && lines[0].contains("Discovery")
            && lines[0].contains("open"),
        "{}",
        lines[0]
    );
    assert!(
        lines[1].contains("URL shortener")
            && lines[1].contains("finished")
            && lines[1].contains("docs/spec/biz/url-shortener-spec.md"),
        "{}",
        lines[1]
    );
}

#[test]
fn resuming_shows_the_pending_question_again_and_asks_nothing_twice() {
    let p = Project::new();
    p.run(
        &["spec", "URL shortener"],
        &(URL_SHORTENER_ANSWERS[..2].join("\n") + "\n"),
    )
    .assert_saved();
    let out = p.run(&["resume"], "");
    out.assert_saved();
    assert!(
        out.stdout.contains("Resuming \"URL shortener\""),
        "{}",
        out.stdout
    );
    assert!(
        out.stdout.contains("What are the key use cases?"),
        "{}",
        out.stdout
    );
    assert!(
        !out.stdout.contains("What is the purpose"),
        "{}",
        out.stdout
    );
}

#[test]
fn a_corrupted_middle_line_is_reported_with_its_line_number() {
    let p = Project::new();
    p.run(
        &["spec", "URL shortener"],
        &(URL_SHORTENER_ANSWERS[..3].join("\n") + "\n"),
    )
    .assert_saved();
    let path = p.journal_path();
    let text = std::fs::read_to_string(&path).unwrap();
    let mut lines: Vec<String> = text.lines().map(str::to_string).collect();
    lines[2] = "{\"event\":\"answer\",\"te".into();
    std::fs::write(&path, lines.join("\n") + "\n").unwrap();
    let out = p.run(&["resume", "--last"], "");
    out.assert_failed();
    assert!(
        out.one_error_line().contains("is damaged at line 3"),
        "{}",
        out.stderr
    );
    // Nothing was cut: the user's answers after the damage are still on disk.
    assert_eq!(
        std::fs::read_to_string(&path).unwrap().lines().count(),
        lines.len()
    );
}

#[test]
fn an_unknown_event_type_is_reported_with_its_line_number() {
    let p = Project::new();
    p.run(&["spec", "URL shortener"], "Short links\n")
        .assert_saved();
    let path = p.journal_path();
    let mut text = std::fs::read_to_string(&path).unwrap();
    text.push_str("{\"event\":\"teleported\",\"at\":\"2026-11-24T10:00:00Z\"}\n");
    std::fs::write(&path, text).unwrap();
    let out = p.run(&["resume", "--last"], "");
    out.assert_failed();
    let err = out.one_error_line();
    assert!(
        err.contains("line 5") && err.contains("teleported"),
        "{err}"
    );
}

#[test]
fn a_journal_from_a_newer_specwright_is_refused() {
    let p = Project::new();
    p.run(&["spec", "URL shortener"], "").assert_saved();
    let path = p.journal_path();
    let text = std::fs::read_to_string(&path)
        .unwrap()
        .replace("\"version\":2", "\"version\":99");
    std::fs::write(&path, text).unwrap();
    let id = path.file_stem().unwrap().to_str().unwrap().to_string();
    let out = p.run(&["resume", &id], "");
    out.assert_failed();
    assert!(
        out.one_error_line().contains("newer specwright"),
        "{}",
        out.stderr
    );
}

#[test]
fn resuming_with_no_sessions_or_an_unknown_id_says_so() {
    let p = Project::new();
    let out = p.run(&["resume", "--last"], "");
    out.assert_failed();
    assert!(
        out.one_error_line().contains("there are no sessions"),
        "{}",
        out.stderr
    );
    let out = p.run(&["resume", "0123abcd"], "");
    out.assert_failed();
    assert!(
        out.one_error_line().contains("no session id starts with"),
        "{}",
        out.stderr
    );
}

/// A session journaled by the previous version (format 1), stopped at the review of its
/// draft: it loads, replays under the rules it was written with, and goes on under this
/// version's after an `upgraded` event; since its draft's items cite nothing, they are
/// listed for the person to keep, edit or drop before the review.
#[test]
fn a_journal_of_the_previous_format_resumes_under_the_new_rules() {
    let p = Project::new();
    let id = "01a23b52-9e20-71f5-8dc6-db830a6b1c89";
    let journal = format!("docs/spec/.llm/sessions/{id}.jsonl");
    p.write(
        &journal,
        include_str!(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/tests/data/journal-v1.jsonl"
        )),
    );
    let out = p.run(&["resume", id], "\n/approve\n");
    out.assert_ok();
    assert!(
        out.stdout
            .contains("you did not say: keep, edit or drop each"),
        "{}",
        out.stdout
    );
    let text = p.read(&journal);
    assert!(text.contains("\"event\":\"upgraded\""), "{text}");
    assert!(text.starts_with("{\"event\":\"started\",\"version\":1"));
    let twin: serde_json::Value =
        serde_json::from_str(&p.read("docs/spec/biz/url-shortener-spec.json")).unwrap();
    assert_eq!(twin["format"], 2);
    // What the old draft said was kept at the confirmation: accepted, not inferred.
    assert_eq!(twin["counts"]["inferred"], 0, "{}", twin["counts"]);
    assert!(twin["counts"]["accepted"].as_u64().unwrap() > 10);
}
