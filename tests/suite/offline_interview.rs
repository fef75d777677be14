//! The binary end to end over a pipe, with the offline interviewer: what a newcomer gets
//! on a fresh machine with no LLM configured.

use crate::common::{Project, URL_SHORTENER_ANSWERS};
use pretty_assertions::assert_eq;

const SECTIONS: [&str; 11] = [
    "## Overview",
    "## Use Cases",
    "## Data Models",
    "## API Contracts",
    "## Error Handling",
    "## Non-Functional Requirements",
    "## Architecture Decisions",
    "## Dependencies",
    "## Testing Strategy",
    "## Open Questions",
    "",
];

fn answers() -> String {
    URL_SHORTENER_ANSWERS.join("\n") + "\n"
}

fn headings(spec: &str) -> Vec<String> {
    spec.lines()
        .filter(|l| l.starts_with("# ") || l.starts_with("## "))
        .map(str::to_string)
        .collect()
}

#[test]
fn a_piped_offline_interview_writes_the_spec_with_every_answer_and_decision() {
    let p = Project::new();
    let out = p.run(&["spec", "URL shortener"], &answers());
    out.assert_ok();
    let spec = p.read("docs/spec/biz/url-shortener-spec.md");

    let mut expected: Vec<String> = vec!["# URL shortener — Technical Specification".into()];
    expected.extend(
        SECTIONS
            .iter()
            .filter(|s| !s.is_empty())
            .map(|s| s.to_string()),
    );
    assert_eq!(headings(&spec), expected);

    // Every answer lands, in the user's words (items may be split on semicolons).
    for answer in URL_SHORTENER_ANSWERS
        .iter()
        .filter(|a| !a.is_empty() && !a.starts_with('/'))
    {
        let answer = answer.trim_start_matches("goal: ");
        for part in answer
            .split([';', '\n'])
            .map(str::trim)
            .filter(|p| !p.is_empty() && *p != "\"\"\"")
        {
            let part = part
                .split(" because ")
                .next()
                .unwrap()
                .split(" since ")
                .next()
                .unwrap();
            let part = part.trim_start_matches(|c: char| c.is_ascii_digit()).trim();
            if part.is_empty() {
                continue;
            }
            let needle = part.split("->").next().unwrap().trim();
            let needle = needle.split(':').next_back().unwrap().trim();
            let needle = needle.split(',').next().unwrap().trim();
            // `code (string, unique)`: the field and its type land in separate cells.
            let needle = needle.split(" (").next().unwrap().trim();
            assert!(
                spec.contains(needle),
                "answer part {needle:?} is missing from the spec:\n{spec}"
            );
        }
    }
    // Every decision appears in the Architecture Decisions table, linked to its ADR, with
    // its rationale.
    for (n, decision, rationale) in [
        (
            1,
            "Data storage: Relational database",
            "(recommendation accepted)",
        ),
        (
            2,
            "API style: REST",
            "Every client speaks HTTP (chosen by the user)",
        ),
        (3, "Concurrency model: Async/await", "(chosen by the user)"),
        (
            4,
            "Error handling: Typed errors with stable error codes",
            "The CMS switches on them (the user's own choice)",
        ),
        (
            5,
            "Authentication/authorization: API keys",
            "(recommendation accepted)",
        ),
        (
            6,
            "Configuration: Config file with env overrides",
            "(recommendation accepted)",
        ),
        (
            7,
            "Testing strategy: Integration-heavy",
            "(recommendation accepted)",
        ),
    ] {
        let start = format!("| {n} | [{decision}](adr-00{n}-url-shortener-");
        assert!(
            spec.lines()
                .any(|l| l.starts_with(&start) && l.ends_with(&format!("{rationale} |"))),
            "decision {n} missing:\n{spec}"
        );
    }
    assert!(spec.contains("(recommendation accepted)"));
    assert!(spec.contains("(the user's own choice)"));
    assert!(
        spec.contains("Links can be disabled by their owner"),
        "the revision's goal is in the spec"
    );

    let progress = p.read("docs/spec/.llm/PROGRESS.md");
    assert!(progress.contains("URL shortener"), "{progress}");
    assert!(progress.contains("biz/url-shortener-spec.md"), "{progress}");
    assert!(out.stdout.contains("/plan"), "next steps: {}", out.stdout);
    assert!(out.stdout.contains("codegen.plan.llm"));
    assert!(out.stdout.contains("/decompose"));
    assert!(
        out.stdout.contains("offline interviewer"),
        "says which model: {}",
        out.stdout
    );
}

#[test]
fn an_empty_topic_is_refused_with_one_sentence() {
    let p = Project::new();
    let out = p.run(&["spec", "   "], "");
    out.assert_failed();
    assert!(
        out.one_error_line().contains("the topic is empty"),
        "{}",
        out.stderr
    );
}

#[test]
fn a_topic_that_tries_a_path_is_refused() {
    let p = Project::new();
    let out = p.run(&["spec", "../../etc/passwd"], "");
    out.assert_failed();
    assert!(
        out.one_error_line().contains("looks like a file path"),
        "{}",
        out.stderr
    );
    assert!(!p.path("docs").exists(), "nothing was written");
}

#[test]
fn a_topic_with_nothing_to_slug_is_refused() {
    let p = Project::new();
    let out = p.run(&["spec", "???"], "");
    out.assert_failed();
    assert!(
        out.one_error_line().contains("no letters or digits"),
        "{}",
        out.stderr
    );
}

#[test]
fn an_existing_spec_is_kept_and_the_new_one_goes_beside_it() {
    let p = Project::new();
    p.write(
        "docs/spec/biz/url-shortener-spec.md",
        "my hand-written spec\n",
    );
    let out = p.run(&["spec", "URL shortener"], &answers());
    out.assert_ok();
    assert_eq!(
        p.read("docs/spec/biz/url-shortener-spec.md"),
        "my hand-written spec\n"
    );
    assert!(
        p.read("docs/spec/biz/url-shortener-2-spec.md")
            .starts_with("# URL shortener")
    );
    assert!(
        out.stdout.contains("already exists and will be kept"),
        "{}",
        out.stdout
    );
}

#[test]
fn end_of_input_saves_the_session_and_resume_finishes_it() {
    let p = Project::new();
    let first: Vec<&str> = URL_SHORTENER_ANSWERS[..7].to_vec();
    let out = p.run(&["spec", "URL shortener"], &(first.join("\n") + "\n"));
    out.assert_saved();
    assert!(
        out.stdout
            .contains("Session saved. Resume with: specwright resume "),
        "{}",
        out.stdout
    );
    assert!(!p.path("docs/spec/biz/url-shortener-spec.md").exists());

    let rest = URL_SHORTENER_ANSWERS[7..].join("\n") + "\n";
    let out = p.run(&["resume", "--last"], &rest);
    out.assert_ok();
    let resumed = p.read("docs/spec/biz/url-shortener-spec.md");

    let q = Project::new();
    q.run(&["spec", "URL shortener"], &answers()).assert_ok();
    assert_eq!(
        resumed,
        q.read("docs/spec/biz/url-shortener-spec.md"),
        "resuming yields the uninterrupted spec"
    );
}

#[test]
fn an_unwritable_docs_folder_names_the_path_and_keeps_the_draft() {
    let p = Project::new();
    // A file where the folder should be: cannot be written, even as root.
    p.write("docs/spec/biz", "not a folder");
    let out = p.run(&["spec", "URL shortener"], &answers());
    out.assert_failed();
    let err = out.one_error_line();
    assert!(err.contains("docs/spec/biz"), "{err}");
    assert!(err.contains("specwright resume"), "{err}");
    // Fix the folder, resume, and the approved draft is written without asking again.
    std::fs::remove_file(p.path("docs/spec/biz")).unwrap();
    let out = p.run(&["resume", "--last"], "");
    out.assert_ok();
    assert!(
        p.read("docs/spec/biz/url-shortener-spec.md")
            .contains("Links can be disabled by their owner")
    );
}

#[test]
fn schema_prints_every_turn_schema_as_one_object() {
    let p = Project::new();
    let out = p.run(&["schema"], "");
    out.assert_ok();
    let v: serde_json::Value = serde_json::from_str(&out.stdout).unwrap();
    let names: Vec<&String> = v.as_object().unwrap().keys().collect();
    assert_eq!(
        names,
        vec![
            "interview_discovery",
            "interview_scope",
            "interview_edge_cases",
            "decision",
            "draft",
            "revision"
        ]
    );
}

#[test]
fn a_bad_decision_number_is_asked_again_not_recorded() {
    let p = Project::new();
    let mut lines: Vec<&str> = URL_SHORTENER_ANSWERS.to_vec();
    lines.insert(14, "9");
    let out = p.run(&["spec", "URL shortener"], &(lines.join("\n") + "\n"));
    out.assert_ok();
    assert!(
        out.stdout.contains("There is no option 9"),
        "{}",
        out.stdout
    );
    assert!(
        p.read("docs/spec/biz/url-shortener-spec.md")
            .contains("| 1 | [Data storage: Relational database](adr-001-")
    );
}

#[test]
fn multi_line_answers_and_skips_work_in_line_mode() {
    let p = Project::new();
    let mut lines: Vec<String> = URL_SHORTENER_ANSWERS
        .iter()
        .map(|s| s.to_string())
        .collect();
    lines[0] = "\"\"\"\nMarketing links are long.\nWe need short ones.\n\"\"\"".into();
    lines[3] = "/skip".into();
    let out = p.run(&["spec", "URL shortener"], &(lines.join("\n") + "\n"));
    out.assert_ok();
    let spec = p.read("docs/spec/biz/url-shortener-spec.md");
    assert!(
        spec.contains("Marketing links are long. We need short ones."),
        "{spec}"
    );
    assert!(
        spec.contains("Existing systems to integrate with (deferred by the user)"),
        "{spec}"
    );
}

#[test]
fn back_withdraws_the_last_reply_so_it_can_be_given_again() {
    let p = Project::new();
    let mut lines: Vec<String> = URL_SHORTENER_ANSWERS
        .iter()
        .map(|s| s.to_string())
        .collect();
    // A wrong purpose, taken back; a wrong first decision, taken back.
    lines.insert(0, "Something I did not mean".into());
    lines.insert(1, "/back".into());
    let first_decision = 14 + 2;
    lines.insert(first_decision, "3".into());
    lines.insert(first_decision + 1, "/back".into());
    let out = p.run(&["spec", "URL shortener"], &(lines.join("\n") + "\n"));
    out.assert_ok();
    assert!(
        out.stdout.contains("Your last reply is withdrawn"),
        "{}",
        out.stdout
    );
    let spec = p.read("docs/spec/biz/url-shortener-spec.md");
    assert!(!spec.contains("Something I did not mean"), "{spec}");
    assert!(spec.contains("Marketing links are long and ugly"), "{spec}");
    assert!(
        spec.contains("| 1 | [Data storage: Relational database](adr-001-"),
        "{spec}"
    );
    // The journal keeps everything, the withdrawn reply included.
    let text = p.journal_text();
    assert!(text.contains("Something I did not mean") && text.contains("\"event\":\"back\""));
}

const NOTES: &str = "# URL shortener notes

Purpose: marketing links are long and ugly; we need short links we can track
Users: marketing staff, through the CMS
Use cases: create a short link for a long URL; redirect a visitor from the short link
Integrations: None
Constraints: launch by March

## In scope
create links; redirect

Out of scope: QR codes
Inputs and outputs: Create: long URL -> short code; Redirect: short code -> HTTP 301
Data: Link: code (string, unique), target URL (URL)
Dependencies: PostgreSQL: stores the links
Latency: p50 10 ms, p99 50 ms for redirects
Throughput: 200 redirects per second
Availability: 99.9%
Retention: links are kept 2 years
Invalid input: reject with a 400 that names the field
Unavailable services: redirects are served from the cache
Failures: restart the pod; no partial writes
Rate limits: 100 link creations per minute per user
Security: block javascript: URLs
Scale: 10x fits on three pods
";

#[test]
fn notes_given_with_from_answer_the_interview_and_only_the_gaps_are_asked() {
    let p = Project::new();
    p.write("notes.md", NOTES);
    let answers = [
        // Data storage is in the notes (PostgreSQL); the other six decisions take Enter.
        "",
        "",
        "",
        "",
        "",
        "",
        // Edge cases: only consistency is open.
        "Strong for link creation",
        // The draft's holes, then what it adds, kept.
        "\"\"\"\nUC-1 before: the marketer is signed in\nUC-1 after: the link exists\nUC-2 before: the link exists\nUC-2 after: the visitor is redirected\nUC-2 error: the code is unknown, and the visitor sees a not-found page\n\"\"\"",
        "",
        "/approve",
    ];
    let out = p.run(
        &["spec", "URL shortener", "--from", "notes.md"],
        &(answers.join("\n") + "\n"),
    );
    out.assert_ok();
    assert!(out.stdout.contains("Reading notes.md"), "{}", out.stdout);
    // Not one question of Discovery or Scope: the notes answered them all.
    assert!(
        !out.stdout.contains("What is the purpose"),
        "{}",
        out.stdout
    );
    assert!(
        !out.stdout.contains("What latency is acceptable"),
        "{}",
        out.stdout
    );
    assert!(
        out.stdout
            .contains("Your answers already cover every topic of this phase."),
        "{}",
        out.stdout
    );
    assert!(
        out.stdout
            .contains("What are the data consistency requirements?"),
        "{}",
        out.stdout
    );
    assert!(
        out.stdout.contains(
            "Decision recorded: Data storage -> Relational database (stated in the interview)"
        ),
        "{}",
        out.stdout
    );
    let spec = p.read("docs/spec/biz/url-shortener-spec.md");
    assert!(
        spec.contains("p50 10 ms, p99 50 ms for redirects"),
        "{spec}"
    );
    assert!(spec.contains("| code | string | unique |"), "{spec}");
    let lint = p.run(&["lint", "docs/spec/biz/url-shortener-spec.md"], "");
    lint.assert_ok();
    assert!(
        lint.stdout.contains("0 errors, 0 warnings"),
        "{}",
        lint.stdout
    );
}

#[test]
fn a_bad_from_file_is_one_sentence() {
    let p = Project::new();
    let out = p.run(&["spec", "URL shortener", "--from", "missing.md"], "");
    out.assert_failed();
    assert!(
        out.one_error_line().contains("cannot read missing.md"),
        "{}",
        out.stderr
    );
    p.write("empty.md", "  \n");
    let out = p.run(&["spec", "URL shortener", "--from", "empty.md"], "");
    out.assert_failed();
    assert!(
        out.one_error_line().contains("empty.md is empty"),
        "{}",
        out.stderr
    );
    p.write("big.md", &"x".repeat(300 * 1024));
    let out = p.run(&["spec", "URL shortener", "--from", "big.md"], "");
    out.assert_failed();
    assert!(
        out.one_error_line().contains("larger than 256 KiB"),
        "{}",
        out.stderr
    );
    std::fs::create_dir_all(p.path("dir.md")).unwrap();
    let out = p.run(&["spec", "URL shortener", "--from", "dir.md"], "");
    out.assert_failed();
    assert!(
        out.one_error_line().contains("is not a file"),
        "{}",
        out.stderr
    );
    // An approved spec's session is reopened, not started: notes cannot answer it anew.
    p.run(&["spec", "URL shortener"], &answers()).assert_ok();
    p.write("notes.md", NOTES);
    let out = p.run(&["spec", "URL shortener", "--from", "notes.md"], "");
    out.assert_failed();
    assert!(
        out.one_error_line().contains("already under way"),
        "{}",
        out.stderr
    );
}
