//! The REPL over a pseudo-terminal, typed as a user would.

use std::process::Command;

use crate::common::Project;
use rexpect::reader::Options;
use rexpect::session::{PtySession, spawn_with_options};

fn spawn(p: &Project, args: &[&str], env: &[(&str, &str)]) -> PtySession {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_specwright"));
    cmd.args(args)
        .arg("--root")
        .arg(p.root())
        .env_clear()
        .env("PATH", std::env::var("PATH").unwrap_or_default())
        .env("HOME", p.root())
        .env("XDG_STATE_HOME", p.path("state"))
        .env("XDG_CONFIG_HOME", p.path("config"))
        .env("TERM", "xterm-256color")
        .env("COLUMNS", "200");
    for (k, v) in env {
        cmd.env(k, v);
    }
    spawn_with_options(
        cmd,
        Options::new()
            .timeout_ms(Some(20_000))
            .strip_ansi_escape_codes(false),
    )
    .unwrap()
}

/// Answers that exercise every way of choosing: Enter, number with a reason, name,
/// own choice.
const TYPED: &[&str] = &[
    "Short links for marketing campaigns",
    "Marketing staff",
    "Create a short link; Redirect a visitor",
    "None",
    "Launch by March",
    "Create links; redirect",
    "QR codes",
    "Create: long URL -> short code",
    "Link: code, target",
    "Our database",
    "p50 10 ms, p99 50 ms",
    "2000 requests per second",
    "99.9%",
    "Forever",
    "",
    "2 because every client speaks HTTP",
    "Async/await",
    "Typed errors with stable codes because clients switch on them",
    "",
    "",
    "",
    "Reject with a 400",
    "Serve from cache",
    "Restart the pod",
    "100 per minute",
    "Block javascript: URLs",
    "Add pods",
    "Strong for links",
];

#[test]
fn help_and_tab_completion_come_from_the_command_table() {
    let p = Project::new();
    let mut s = spawn(&p, &[], &[("NO_COLOR", "1")]);
    s.exp_string("specwright> ").unwrap();
    // "/he" alone would be an unknown command; Tab completes it to /help.
    s.send("/he").unwrap();
    s.send("\t").unwrap();
    s.send_line("").unwrap();
    s.exp_string("/spec <topic>").unwrap();
    s.exp_string("list the commands").unwrap();
    s.exp_string("/resume [id]").unwrap();
    s.send_line("/halp").unwrap();
    s.exp_string("Did you mean /help?").unwrap();
    // Ctrl-D only once the prompt is back: sent while the REPL is still printing, the
    // terminal is in cooked mode and takes it as its own end-of-file, which the line
    // editor never sees.
    s.exp_string("specwright> ").unwrap();
    s.send_control('d').unwrap();
    s.exp_eof().unwrap();
}

#[test]
fn a_whole_interview_typed_at_the_repl_writes_the_spec() {
    let p = Project::new();
    let mut s = spawn(&p, &["spec", "URL shortener"], &[("NO_COLOR", "1")]);
    s.exp_string("interviewing with the offline interviewer")
        .unwrap();
    for answer in TYPED {
        s.exp_regex("(answer|choice)> ").unwrap();
        s.send_line(answer).unwrap();
    }
    // The draft's holes: one filled in a multi-line answer, the rest left open.
    s.exp_string("Before the draft: details it needs").unwrap();
    s.exp_string("answer> ").unwrap();
    s.send_line("\"\"\"").unwrap();
    s.exp_string("... ").unwrap();
    s.send_line("UC-1 before: the marketer is signed in")
        .unwrap();
    s.exp_string("... ").unwrap();
    s.send_line("\"\"\"").unwrap();
    // What the draft adds that nobody said: kept with Enter.
    s.exp_string("The draft adds").unwrap();
    s.exp_string("confirm> ").unwrap();
    s.send_line("").unwrap();
    s.exp_string("feedback> ").unwrap();
    s.send_line("/status").unwrap();
    s.exp_string("Phase 6 of 6: Iteration").unwrap();
    s.send_line("/approve").unwrap();
    s.exp_string("Spec written").unwrap();
    s.exp_eof().unwrap();
    let spec = p.read("docs/spec/biz/url-shortener-spec.md");
    assert!(spec.contains("the marketer is signed in"), "{spec}");
    assert!(
        spec.contains("| 1 | [Data storage: Relational database](adr-001-url-shortener-data-storage.md) | A relational"),
        "{spec}"
    );
    assert!(
        spec.contains(
            "| 2 | [API style: gRPC](adr-002-url-shortener-api-style.md) | Every client speaks HTTP (chosen by the user) |"
        ),
        "{spec}"
    );
    assert!(
        spec.contains(
            "| 3 | [Concurrency model: Async/await](adr-003-url-shortener-concurrency.md) |"
        ),
        "{spec}"
    );
    assert!(
        spec.contains("| 4 | [Error handling: Typed errors with stable codes](adr-004-url-shortener-error-handling.md) |"),
        "{spec}"
    );
}

#[test]
fn ctrl_d_saves_the_session_and_says_how_to_resume() {
    let p = Project::new();
    let mut s = spawn(&p, &["spec", "URL shortener"], &[("NO_COLOR", "1")]);
    s.exp_string("answer> ").unwrap();
    s.send_line("Short links").unwrap();
    s.exp_string("answer> ").unwrap();
    s.send("half-typed").unwrap();
    s.send_control('c').unwrap();
    s.exp_string("answer> ").unwrap();
    s.send_control('d').unwrap();
    s.exp_string("Session saved. Resume with: specwright resume ")
        .unwrap();
    s.exp_eof().unwrap();
    let text = p.journal_text();
    assert!(text.contains("Short links"));
    assert!(
        !text.contains("half-typed"),
        "Ctrl-C cleared the typed line"
    );
}

#[test]
fn the_history_file_is_private() {
    use std::os::unix::fs::PermissionsExt;
    let p = Project::new();
    let mut s = spawn(&p, &["spec", "URL shortener"], &[("NO_COLOR", "1")]);
    s.exp_string("answer> ").unwrap();
    s.send_line("Short links").unwrap();
    s.exp_string("answer> ").unwrap();
    s.send_control('d').unwrap();
    s.exp_eof().unwrap();
    let history = p.path("state/specwright/history");
    let mode = std::fs::metadata(&history).unwrap().permissions().mode() & 0o777;
    assert_eq!(mode, 0o600);
    assert!(
        std::fs::read_to_string(&history)
            .unwrap()
            .contains("Short links")
    );
}

#[test]
fn history_can_be_turned_off_in_the_config() {
    let p = Project::new();
    p.write(".specwright.toml", "history = false\n");
    let mut s = spawn(&p, &["spec", "URL shortener"], &[("NO_COLOR", "1")]);
    s.exp_string("answer> ").unwrap();
    s.send_line("Short links").unwrap();
    s.exp_string("answer> ").unwrap();
    s.send_control('d').unwrap();
    s.exp_eof().unwrap();
    assert!(!p.path("state/specwright/history").exists());
}

#[test]
fn history_can_be_turned_off() {
    let p = Project::new();
    let mut s = spawn(
        &p,
        &["spec", "URL shortener"],
        &[("NO_COLOR", "1"), ("SPECWRIGHT_HISTORY", "off")],
    );
    s.exp_string("answer> ").unwrap();
    s.send_line("Short links").unwrap();
    s.exp_string("answer> ").unwrap();
    s.send_control('d').unwrap();
    s.exp_eof().unwrap();
    assert!(!p.path("state/specwright/history").exists());
}

/// SGR sequences (`ESC [ ... m`) are colour; rustyline's own cursor control is not.
fn has_colour(text: &str) -> bool {
    let bytes = text.as_bytes();
    let mut i = 0;
    while i + 1 < bytes.len() {
        if bytes[i] == 0x1b && bytes[i + 1] == b'[' {
            let mut j = i + 2;
            while j < bytes.len() && (bytes[j].is_ascii_digit() || bytes[j] == b';') {
                j += 1;
            }
            if j < bytes.len() && bytes[j] == b'm' {
                return true;
            }
        }
        i += 1;
    }
    false
}

#[test]
fn no_color_means_no_colour_codes() {
    let p = Project::new();
    let mut s = spawn(&p, &["spec", "URL shortener"], &[("NO_COLOR", "1")]);
    let shown = s.exp_string("answer> ").unwrap();
    s.send_line("Short links").unwrap();
    let shown2 = s.exp_string("answer> ").unwrap();
    s.send_control('d').unwrap();
    s.exp_eof().unwrap();
    assert!(shown.contains("Phase 1 of 6"), "{shown}");
    assert!(!has_colour(&shown) && !has_colour(&shown2), "{shown:?}");

    // Without NO_COLOR the same screen is coloured, so the check above can fail.
    let q = Project::new();
    let mut s = spawn(&q, &["spec", "URL shortener"], &[]);
    let coloured = s.exp_string("answer> ").unwrap();
    s.send_control('d').unwrap();
    s.exp_eof().unwrap();
    assert!(has_colour(&coloured), "{coloured:?}");
}

#[test]
fn escape_sequences_from_a_model_are_not_printed() {
    let p = Project::new();
    // The offline interviewer is a model too: its question bank here carries a colour
    // code, an OSC 8 link and an OSC 52 clipboard write.
    let bank = std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/prompts/offline/questions.toml"
    ))
    .unwrap();
    let bank = bank.replacen(
        "What is the purpose of {topic}?",
        "What is the \\u001b[31mpurpose\\u001b[0m of {topic}? \\u001b]8;;http://evil.example\\u0007link\\u001b]8;;\\u0007 \\u001b]52;c;ZXZpbA==\\u0007",
        1,
    );
    p.write("prompts/offline/questions.toml", &bank);
    let prompts = p.path("prompts");
    let mut s = spawn(
        &p,
        &[
            "spec",
            "URL shortener",
            "--prompts-dir",
            prompts.to_str().unwrap(),
        ],
        &[("NO_COLOR", "1")],
    );
    let shown = s.exp_string("answer> ").unwrap();
    s.send_control('d').unwrap();
    s.exp_eof().unwrap();
    assert!(
        shown.contains("What is the purpose of URL shortener? link"),
        "{shown:?}"
    );
    assert!(!shown.contains("\u{1b}]"), "{shown:?}");
    assert!(!shown.contains("evil.example"), "{shown:?}");
    assert!(!has_colour(&shown), "{shown:?}");
}

/// The first request takes 20 s; later ones answer at once.
struct SlowFirst(std::sync::atomic::AtomicUsize);

impl wiremock::Respond for SlowFirst {
    fn respond(&self, _req: &wiremock::Request) -> wiremock::ResponseTemplate {
        let turn = r#"{"facts":[],"questions":{"title":"Purpose","questions":[{"text":"Why build it?","why":"It matters.","topics":["purpose"]}]},"phase_complete":false,"no_requirement":false}"#;
        let reply = wiremock::ResponseTemplate::new(200).set_body_json(serde_json::json!({
            "choices": [{"message": {"content": turn}, "finish_reason": "stop"}],
            "usage": {"prompt_tokens": 10, "completion_tokens": 5}
        }));
        if self.0.fetch_add(1, std::sync::atomic::Ordering::SeqCst) == 0 {
            reply.set_delay(std::time::Duration::from_secs(20))
        } else {
            reply
        }
    }
}

#[tokio::test(flavor = "multi_thread")]
async fn ctrl_c_while_the_model_thinks_cancels_the_request_and_keeps_the_session() {
    let server = wiremock::MockServer::start().await;
    wiremock::Mock::given(wiremock::matchers::method("POST"))
        .respond_with(SlowFirst(Default::default()))
        .mount(&server)
        .await;
    let p = Project::new();
    let base = format!("{}/v1", server.uri());
    tokio::task::block_in_place(|| {
        let mut s = spawn(
            &p,
            &[
                "spec",
                "URL shortener",
                "--base-url",
                &base,
                "--model",
                "slow",
            ],
            &[("NO_COLOR", "1")],
        );
        s.exp_string("Phase 1 of 6").unwrap();
        std::thread::sleep(std::time::Duration::from_millis(500));
        let started = std::time::Instant::now();
        s.send_control('c').unwrap();
        s.exp_string("Cancelled; nothing you typed is lost")
            .unwrap();
        assert!(
            started.elapsed() < std::time::Duration::from_secs(10),
            "the request was not cancelled"
        );
        s.exp_string("answer> ").unwrap();
        s.send_line("").unwrap();
        s.exp_string("Why build it?").unwrap();
        s.exp_string("answer> ").unwrap();
        s.send_control('d').unwrap();
        s.exp_string("Session saved").unwrap();
        s.exp_eof().unwrap();
    });
    let text = p.journal_text();
    // The retried turn was journaled once; the cancelled request left nothing behind.
    assert_eq!(text.matches("Why build it?").count(), 1, "{text}");
    assert_eq!(server.received_requests().await.unwrap().len(), 2);
}

/// The first two requests get a 503; the third a question.
struct TwoOutages(std::sync::atomic::AtomicUsize);

impl wiremock::Respond for TwoOutages {
    fn respond(&self, _req: &wiremock::Request) -> wiremock::ResponseTemplate {
        if self.0.fetch_add(1, std::sync::atomic::Ordering::SeqCst) < 2 {
            return wiremock::ResponseTemplate::new(503).insert_header("retry-after", "1");
        }
        let turn = r#"{"facts":[],"questions":{"title":"Purpose","questions":[{"text":"Why build it?","why":"It matters.","topics":["purpose"]}]},"phase_complete":false,"no_requirement":false}"#;
        wiremock::ResponseTemplate::new(200).set_body_json(serde_json::json!({
            "choices": [{"message": {"content": turn}, "finish_reason": "stop"}],
            "usage": {"prompt_tokens": 10, "completion_tokens": 5}
        }))
    }
}

#[tokio::test(flavor = "multi_thread")]
async fn the_spinner_says_what_the_server_is_doing_while_it_retries() {
    let server = wiremock::MockServer::start().await;
    wiremock::Mock::given(wiremock::matchers::method("POST"))
        .respond_with(TwoOutages(Default::default()))
        .mount(&server)
        .await;
    let p = Project::new();
    let base = format!("{}/v1", server.uri());
    tokio::task::block_in_place(|| {
        let mut s = spawn(
            &p,
            &["spec", "URL shortener", "--base-url", &base, "--model", "m"],
            &[("NO_COLOR", "1")],
        );
        s.exp_string("503 from the server, retry 1 of 4 in 1")
            .unwrap();
        s.exp_string("503 from the server, retry 2 of 4 in 1")
            .unwrap();
        s.exp_string("Why build it?").unwrap();
        s.exp_string("answer> ").unwrap();
        s.send_control('d').unwrap();
        s.exp_string("Session saved").unwrap();
        s.exp_eof().unwrap();
    });
    assert_eq!(server.received_requests().await.unwrap().len(), 3);
}

/// What a terminal shows: escape sequences and carriage returns removed.
fn screen(text: &str) -> String {
    // rexpect hands over each byte as a char; put the UTF-8 back together first.
    let text = if text.chars().all(|c| (c as u32) < 256) {
        let bytes: Vec<u8> = text.chars().map(|c| c as u8).collect();
        String::from_utf8_lossy(&bytes).into_owned()
    } else {
        text.to_string()
    };
    let chars: Vec<char> = text.chars().collect();
    let mut out = String::new();
    let mut i = 0;
    while i < chars.len() {
        match chars[i] {
            // A carriage return and "erase line" clear what was on it (the spinner).
            '\r' if chars[i + 1..].starts_with(&['\u{1b}', '[', 'K']) => {
                out.truncate(out.rfind('\n').map_or(0, |n| n + 1));
                i += 4;
                continue;
            }
            '\u{1b}' if chars.get(i + 1) == Some(&'[') => {
                i += 2;
                while i < chars.len() && !('@'..='~').contains(&chars[i]) {
                    i += 1;
                }
            }
            '\u{1b}' => i += 1,
            '\r' => {}
            c => out.push(c),
        }
        i += 1;
    }
    out
}

/// From the last interview answer to the review: the draft's holes are left open (/skip),
/// what the draft adds is kept (Enter); returns what was shown on the way.
fn to_review(s: &mut rexpect::session::PtySession) -> String {
    let mut shown = s.exp_string("answer> ").unwrap();
    s.send_line("/skip").unwrap();
    let (before, prompt) = s.exp_regex("(confirm|feedback)> ").unwrap();
    // Left open, the holes are named, and the draft is shown before it is asked about.
    let flowed = screen(&before)
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ");
    assert!(
        flowed.contains("Deferred to the spec's Open Questions: what the draft needs (")
            && flowed.contains("## Overview"),
        "{flowed}"
    );
    shown.push_str(&before);
    if prompt.starts_with("confirm") {
        s.send_line("").unwrap();
        shown.push_str(&s.exp_string("feedback> ").unwrap());
    }
    shown
}

#[test]
fn text_is_wrapped_to_the_terminal_width_between_words() {
    let p = Project::new();
    let mut s = spawn(
        &p,
        &["spec", "URL shortener"],
        &[("NO_COLOR", "1"), ("COLUMNS", "44")],
    );
    let mut shown = String::new();
    for answer in TYPED {
        shown.push_str(&s.exp_regex("(answer|choice)> ").unwrap().0);
        s.send_line(answer).unwrap();
    }
    shown.push_str(&to_review(&mut s));
    s.send_control('d').unwrap();
    s.exp_eof().unwrap();
    let shown = screen(&shown);
    // Lines holding a prompt echo what was typed; everything else is the program's.
    for line in shown
        .lines()
        .filter(|l| !l.contains("> ") && !TYPED.contains(&l.trim()))
    {
        assert!(
            line.chars().count() <= 44,
            "wider than 44 columns: {line:?}\n{shown}"
        );
    }
    let flowed = shown.split_whitespace().collect::<Vec<_>>().join(" ");
    for whole in [
        "What is the purpose of URL shortener? What problem does it solve?",
        "(why: The problem statement anchors every other section of the spec.)",
        "Choose a number or a name (add a reason if you like: `2 because ...`), write your own choice, say \"you decide\", or press Enter for the recommendation.",
    ] {
        assert!(
            flowed.contains(whole),
            "{whole:?} is not whole in:\n{shown}"
        );
    }
    // Continuation lines of an option's trade-offs start under its text.
    assert!(
        shown
            .lines()
            .any(|l| l.starts_with("       ") && !l.trim().is_empty()),
        "{shown}"
    );
    // The draft's decisions table is too wide: it is shown row by row.
    assert!(
        shown.contains("- #: 1\n  Decision: Data storage: Relational\n  database\n  Rationale: "),
        "{shown}"
    );
}

#[test]
fn a_long_draft_goes_through_the_pager_and_skip_says_what_it_deferred() {
    let p = Project::new();
    let mut s = spawn(
        &p,
        &["spec", "URL shortener"],
        &[
            ("NO_COLOR", "1"),
            ("LINES", "20"),
            ("PAGER", "sed 's/^/PAGED| /'"),
        ],
    );
    s.exp_string("answer> ").unwrap();
    s.send_line("/skip").unwrap();
    s.exp_string("Deferred to the spec's Open Questions: Purpose and the problem it solves.")
        .unwrap();
    let mut shown = String::new();
    for answer in &TYPED[1..] {
        shown.push_str(&s.exp_regex("(answer|choice)> ").unwrap().0);
        s.send_line(answer).unwrap();
    }
    shown.push_str(&to_review(&mut s));
    // The draft shown after the last question is not paged; /draft is.
    assert!(
        shown.contains("## Overview") && !shown.contains("PAGED|"),
        "{shown}"
    );
    s.send_line("/draft").unwrap();
    s.exp_string("PAGED| ## Overview").unwrap();
    s.exp_string("PAGED| ## Open Questions").unwrap();
    s.exp_string("feedback> ").unwrap();
    s.send_line("/approve").unwrap();
    s.exp_string("Spec written").unwrap();
    s.exp_eof().unwrap();
    let spec = p.read("docs/spec/biz/url-shortener-spec.md");
    assert!(
        spec.contains("Purpose and the problem it solves (deferred by the user)"),
        "{spec}"
    );
}

#[test]
fn the_prompt_suggests_its_own_commands_for_sessions() {
    let p = Project::new();
    p.run(
        &["spec", "URL shortener"],
        &(crate::common::URL_SHORTENER_ANSWERS.join("\n") + "\n"),
    )
    .assert_ok();
    let mut s = spawn(&p, &[], &[("NO_COLOR", "1")]);
    s.exp_string("specwright> ").unwrap();
    s.send_line("/sessions").unwrap();
    s.exp_string("finished").unwrap();
    s.exp_string("/resume <id> continues an open session")
        .unwrap();
    s.exp_string("/spec <topic> starts one").unwrap();
    s.exp_string("specwright> ").unwrap();
    s.send_line("/resume").unwrap();
    s.exp_string("is finished: revise its spec with /spec URL shortener")
        .unwrap();
    s.exp_string("specwright> ").unwrap();
    s.send_line("/plan").unwrap();
    s.exp_string("llm-init framework, not of specwright")
        .unwrap();
    s.exp_string("specwright> ").unwrap();
    s.send_control('d').unwrap();
    s.exp_eof().unwrap();
}
