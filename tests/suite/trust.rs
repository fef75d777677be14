//! Files you can trust (issue 10), end to end: nothing written or read outside the project,
//! the key kept out of everything stored or printed, no output lost or duplicated.

use std::io::{BufRead, BufReader, Write};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use crate::common::{Project, URL_SHORTENER_ANSWERS};

const SPEC: &str = "docs/spec/biz/url-shortener-spec.md";

fn all_answers() -> String {
    URL_SHORTENER_ANSWERS.join("\n") + "\n"
}

fn answers_with(replace: &[(usize, &str)]) -> String {
    let mut a: Vec<String> = URL_SHORTENER_ANSWERS
        .iter()
        .map(|s| s.to_string())
        .collect();
    for (i, text) in replace {
        a[*i] = text.to_string();
    }
    a.join("\n") + "\n"
}

fn finished() -> Project {
    let p = Project::new();
    p.run(&["spec", "URL shortener"], &all_answers())
        .assert_ok();
    p
}

/// Every file under `dir`, relative to it.
fn files_under(dir: &std::path::Path) -> Vec<String> {
    let mut out = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        for e in std::fs::read_dir(&d).into_iter().flatten().flatten() {
            let path = e.path();
            if e.file_type().unwrap().is_dir() {
                stack.push(path);
            } else {
                out.push(path.strip_prefix(dir).unwrap().display().to_string());
            }
        }
    }
    out.sort();
    out
}

// ---- 1. paths read from files are data ----

#[test]
fn a_recorded_adr_path_outside_the_project_is_refused_naming_the_line() {
    let p = finished();
    let outside = tempfile::tempdir().unwrap();
    let victim = outside.path().join("victim.md");
    std::fs::write(&victim, "precious\n").unwrap();
    let path = p.journal_path();
    let text = std::fs::read_to_string(&path).unwrap();
    let line = text
        .lines()
        .position(|l| l.contains(r#""event":"completed""#))
        .unwrap()
        + 1;
    let first_adr = text
        .lines()
        .nth(line - 1)
        .unwrap()
        .split("\"adrs\":[\"")
        .nth(1)
        .unwrap()
        .split('"')
        .next()
        .unwrap()
        .to_string();
    std::fs::write(&path, text.replace(&first_adr, victim.to_str().unwrap())).unwrap();
    let out = p.run(&["revise", SPEC], "/approve\n");
    out.assert_failed();
    let error = out.one_error_line();
    assert!(error.contains(&format!("line {line}")), "{error}");
    assert!(error.contains("nothing was written"), "{error}");
    assert_eq!(std::fs::read_to_string(&victim).unwrap(), "precious\n");
}

// ---- 2. symlinks never lead out ----

#[cfg(unix)]
#[test]
fn a_symlinked_output_folder_or_sessions_folder_is_refused() {
    for link in ["docs/spec/biz", "docs/spec/.llm/sessions", "docs"] {
        let p = Project::new();
        let outside = tempfile::tempdir().unwrap();
        let at = p.path(link);
        std::fs::create_dir_all(at.parent().unwrap()).unwrap();
        std::os::unix::fs::symlink(outside.path(), &at).unwrap();
        let out = p.run(&["spec", "URL shortener"], &all_answers());
        out.assert_failed();
        let error = out.one_error_line();
        assert!(
            error.contains("leads outside the project"),
            "{link}: {error}"
        );
        assert_eq!(files_under(outside.path()), Vec::<String>::new(), "{link}");
    }
}

#[cfg(unix)]
#[test]
fn a_symlinked_progress_note_is_never_read_through() {
    let p = Project::new();
    let outside = tempfile::tempdir().unwrap();
    let key = outside.path().join("id_ed25519");
    std::fs::write(&key, "-----BEGIN OPENSSH PRIVATE KEY-----\nsecret\n").unwrap();
    std::fs::create_dir_all(p.path("docs/spec/.llm")).unwrap();
    std::os::unix::fs::symlink(&key, p.path("docs/spec/.llm/PROGRESS.md")).unwrap();
    let out = p.run(&["spec", "URL shortener"], &all_answers());
    out.assert_failed();
    assert!(
        out.one_error_line()
            .contains("PROGRESS.md leads outside the project")
    );
    for f in files_under(p.root()) {
        if std::fs::symlink_metadata(p.path(&f)).unwrap().is_symlink() {
            continue;
        }
        let text = std::fs::read(p.path(&f)).unwrap_or_default();
        assert!(
            !String::from_utf8_lossy(&text).contains("PRIVATE KEY"),
            "{f}"
        );
    }
    assert!(
        std::fs::read_to_string(&key)
            .unwrap()
            .starts_with("-----BEGIN")
    );
}

// ---- 5. the key is redacted from everything stored and printed ----

/// A server whose model puts the Authorization header it received into its questions.
struct EchoesTheKey;

impl wiremock::Respond for EchoesTheKey {
    fn respond(&self, req: &wiremock::Request) -> wiremock::ResponseTemplate {
        let auth = req
            .headers
            .get("authorization")
            .and_then(|v| v.to_str().ok())
            .unwrap_or("")
            .to_string();
        let turn = serde_json::json!({
            "facts": [],
            "no_requirement": false,
            "questions": {
                "title": format!("Echo {auth}"),
                "questions": [{"topic": "purpose", "text": format!("Your header was {auth}?"), "why": auth}]
            },
            "phase_complete": false
        });
        wiremock::ResponseTemplate::new(200).set_body_json(serde_json::json!({
            "choices": [{"index": 0, "message": {"role": "assistant", "content": turn.to_string()}, "finish_reason": "stop"}],
            "usage": {"prompt_tokens": 10, "completion_tokens": 10}
        }))
    }
}

#[tokio::test(flavor = "multi_thread")]
async fn a_server_echoing_the_key_gets_it_into_no_file_and_no_message() {
    const KEY: &str = "sk-trust-ECHOED-KEY-0123456789";
    let server = wiremock::MockServer::start().await;
    wiremock::Mock::given(wiremock::matchers::method("POST"))
        .respond_with(EchoesTheKey)
        .mount(&server)
        .await;
    let p = Project::new();
    let base = format!("{}/v1", server.uri());
    let fixture = p.path("recorded.jsonl");
    let out = p.run_env(
        &[
            "--base-url",
            &base,
            "--model",
            "m",
            "spec",
            "URL shortener",
            "--record",
            fixture.to_str().unwrap(),
        ],
        "Short links for marketing\n",
        &[("OPENAI_API_KEY", KEY)],
    );
    assert!(!out.stdout.contains(KEY), "stdout: {}", out.stdout);
    assert!(!out.stderr.contains(KEY), "stderr: {}", out.stderr);
    let files = files_under(p.root());
    assert!(
        files
            .iter()
            .any(|f| f.ends_with(".jsonl") && f.contains("sessions")),
        "{files:?}"
    );
    for f in files {
        let text = String::from_utf8_lossy(&std::fs::read(p.path(&f)).unwrap()).into_owned();
        assert!(!text.contains(KEY), "{f} holds the key");
    }
}

// ---- 6. bounded input: one answer ----

/// A 10 MB answer (it made a 40 MB journal before) is not taken: exit 1 with a sentence
/// naming the line, the answers before it are in the journal, and the journal stays small.
#[test]
fn a_ten_megabyte_answer_is_refused_and_the_answers_before_it_are_kept() {
    let p = Project::new();
    let huge = "x".repeat(10 * 1024 * 1024);
    let out = p.run(
        &["spec", "URL shortener"],
        &format!("Short links for the marketing team\n{huge}\n"),
    );
    out.assert_failed();
    let line = out.one_error_line();
    assert!(
        line.contains("line 2 of the input is longer than 64 KiB"),
        "{line}"
    );
    let text = std::fs::read_to_string(p.journal_path()).unwrap();
    assert!(text.contains("Short links for the marketing team"));
    assert!(text.len() < 256 * 1024, "journal of {} bytes", text.len());
}

// ---- 7. terminal escapes ----

#[test]
fn escapes_in_piped_answers_reach_neither_the_terminal_nor_the_spec() {
    let p = Project::new();
    let hostile = "The CMS\u{1b}]52;c;ZXZpbGNsaXA=\u{7} and \u{1b}]8;;http://evil.example\u{1b}\\our SSO\u{1b}]8;;\u{1b}\\ \u{1b}[2J";
    let out = p.run(&["spec", "URL shortener"], &answers_with(&[(3, hostile)]));
    out.assert_ok();
    assert!(!out.stdout.contains('\u{1b}'), "{:?}", out.stdout);
    assert!(!out.stdout.contains('\u{7}'));
    let spec = p.read(SPEC);
    for remnant in ["ZXZpbGNsaXA", "52", "evil.example", "\u{1b}"] {
        assert!(!spec.contains(remnant), "{remnant:?} in the spec");
    }
    assert!(spec.contains("our SSO"));
}

// ---- 8. one writer per session; project output serialised ----

#[test]
fn a_second_resume_of_an_open_session_is_refused_in_one_sentence() {
    let p = Project::new();
    p.run(&["spec", "URL shortener"], "first answer\n")
        .assert_saved();
    let mut first = p
        .command(&["resume", "--last"])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    // Wait until the first one asks its question: it holds the session.
    let mut stdout = BufReader::new(first.stdout.take().unwrap());
    let deadline = Instant::now() + Duration::from_secs(60);
    let mut seen = String::new();
    while !seen.contains("Resuming") && Instant::now() < deadline {
        let mut line = String::new();
        if stdout.read_line(&mut line).unwrap_or(0) == 0 {
            break;
        }
        seen.push_str(&line);
    }
    assert!(seen.contains("Resuming"), "{seen}");
    let before = std::fs::read_to_string(p.journal_path()).unwrap();
    let second = p.run(&["resume", "--last"], "an answer from elsewhere\n");
    let _ = first.stdin.take().unwrap().write_all(b"");
    first.kill().unwrap();
    first.wait().unwrap();
    second.assert_failed();
    assert!(
        second
            .one_error_line()
            .contains("is open in another specwright process"),
        "{}",
        second.stderr
    );
    assert_eq!(std::fs::read_to_string(p.journal_path()).unwrap(), before);
}

#[test]
fn two_interviews_at_once_get_their_own_spec_adr_numbers_and_progress_entries() {
    let p = Project::new();
    let spawn = || {
        let mut child = p
            .command(&["spec", "URL shortener"])
            .stdin(Stdio::piped())
            .stdout(Stdio::null())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        let mut stdin = child.stdin.take().unwrap();
        stdin.write_all(all_answers().as_bytes()).unwrap();
        drop(stdin);
        child
    };
    let (a, b) = (spawn(), spawn());
    for child in [a, b] {
        let out = child.wait_with_output().unwrap();
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
    }
    let biz = files_under(&p.path("docs/spec/biz"));
    let specs: Vec<_> = biz.iter().filter(|f| f.ends_with("-spec.md")).collect();
    assert_eq!(
        specs,
        ["url-shortener-2-spec.md", "url-shortener-spec.md"],
        "{biz:?}"
    );
    let mut numbers: Vec<String> = biz
        .iter()
        .filter(|f| f.starts_with("adr-"))
        .map(|f| f[4..7].to_string())
        .collect();
    let all = numbers.len();
    numbers.dedup();
    assert_eq!(numbers.len(), all, "two ADRs share a number: {biz:?}");
    let progress = p.read("docs/spec/.llm/PROGRESS.md");
    assert_eq!(progress.matches("\n## ").count(), 2, "{progress}");
    for spec in specs {
        let text = p.read(&format!("docs/spec/biz/{spec}"));
        for link in text.split("](").skip(1) {
            let target = link.split(')').next().unwrap();
            if target.starts_with("adr-") {
                assert!(
                    p.path(&format!("docs/spec/biz/{target}")).exists(),
                    "{spec} links {target}"
                );
            }
        }
    }
}

// ---- 9. output as a transaction ----

/// The journal of a finished session cut back to where the outputs were chosen (and not
/// all written yet), as a crash part-way through writing them leaves it.
fn crash_while_writing(p: &Project) {
    let path = p.journal_path();
    let text = std::fs::read_to_string(&path).unwrap();
    let kept: Vec<&str> = text
        .lines()
        .take_while(|l| !l.contains(r#""event":"completed""#))
        .collect();
    std::fs::write(&path, kept.join("\n") + "\n").unwrap();
    // Written: the spec and the first ADR; not yet: the rest, the twin, the progress note.
    let biz = p.path("docs/spec/biz");
    for f in files_under(&biz) {
        if f.starts_with("adr-") && !f.starts_with("adr-001") || f.ends_with(".json") {
            std::fs::remove_file(biz.join(f)).unwrap();
        }
    }
    std::fs::remove_file(p.path("docs/spec/.llm/PROGRESS.md")).unwrap();
    // A crash mid-write leaves a temporary file.
    std::fs::write(biz.join(".specwright-Xy12Ab.tmp"), "half a spe").unwrap();
}

#[test]
fn resume_after_a_crash_while_writing_completes_the_same_files() {
    let reference = finished();
    let p = finished();
    crash_while_writing(&p);
    let out = p.run(&["resume", "--last"], "");
    out.assert_ok();
    assert_eq!(
        files_under(&p.path("docs/spec"))
            .iter()
            .filter(|f| !f.contains("sessions/"))
            .collect::<Vec<_>>(),
        files_under(&reference.path("docs/spec"))
            .iter()
            .filter(|f| !f.contains("sessions/"))
            .collect::<Vec<_>>(),
        "no -2 spec, no temporary file, every ADR"
    );
    // Markdown byte for byte; the twin names its own session.
    for f in files_under(&reference.path("docs/spec/biz")) {
        let ours = p.read(&format!("docs/spec/biz/{f}"));
        if f.ends_with(".json") {
            serde_json::from_str::<serde_json::Value>(&ours).unwrap();
        } else {
            assert_eq!(ours, reference.read(&format!("docs/spec/biz/{f}")), "{f}");
        }
    }
    assert_eq!(
        p.read("docs/spec/.llm/PROGRESS.md"),
        reference.read("docs/spec/.llm/PROGRESS.md")
    );
}

#[test]
fn names_another_session_chose_are_not_taken_before_it_writes_them() {
    let p = finished();
    crash_while_writing(&p);
    // The first session's spec name and ADR numbers are journaled but its files are gone.
    std::fs::remove_file(p.path(SPEC)).unwrap();
    std::fs::remove_file(
        p.path("docs/spec/biz").join(
            files_under(&p.path("docs/spec/biz"))
                .into_iter()
                .find(|f| f.starts_with("adr-001"))
                .unwrap(),
        ),
    )
    .unwrap();
    let first = p.journal_path();
    p.run(&["spec", "URL shortener"], &all_answers())
        .assert_ok();
    assert!(p.path("docs/spec/biz/url-shortener-2-spec.md").exists());
    assert!(
        !p.path(SPEC).exists(),
        "the second interview took the first one's name"
    );
    let id = first.file_stem().unwrap().to_str().unwrap();
    p.run(&["resume", id], "").assert_ok();
    let spec = p.read(SPEC);
    assert!(
        spec.contains("adr-001-url-shortener-"),
        "the first keeps ADRs 1-7"
    );
    let second = p.read("docs/spec/biz/url-shortener-2-spec.md");
    assert!(second.contains("adr-008-url-shortener-2-"), "{second}");
}

// ---- 10. undecodable input, full disk ----

#[test]
fn a_latin1_answer_is_read_with_a_warning_naming_its_line() {
    let p = Project::new();
    let mut input = all_answers().into_bytes();
    // "Marketing staff" → "Marketing stäff" in Latin-1, on line 2.
    let at = input.windows(5).position(|w| w == b"staff").unwrap();
    input[at + 2] = 0xe4;
    let mut cmd = p.command(&["spec", "URL shortener"]);
    cmd.stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped());
    let mut child = cmd.spawn().unwrap();
    child.stdin.take().unwrap().write_all(&input).unwrap();
    let out = child.wait_with_output().unwrap();
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(
        stdout.contains("warning: line 2 of the input is not valid UTF-8"),
        "{stdout}"
    );
    assert!(p.read(SPEC).contains("stäff"));
}

#[test]
fn a_utf16_answers_file_stops_with_exit_1_naming_the_line() {
    let p = Project::new();
    let utf16: Vec<u8> = [0xff, 0xfe]
        .into_iter()
        .chain(all_answers().encode_utf16().flat_map(u16::to_le_bytes))
        .collect();
    let mut child = p
        .command(&["spec", "URL shortener"])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    child.stdin.take().unwrap().write_all(&utf16).unwrap();
    let out = child.wait_with_output().unwrap();
    assert_eq!(out.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains("line 1 of the input is not UTF-8 text"),
        "{stderr}"
    );
    assert!(p.journal_path().exists(), "the session is saved");
}

#[cfg(unix)]
#[test]
fn a_file_size_limit_is_one_sentence_that_claims_no_save_it_did_not_make() {
    let p = Project::new();
    let mut child = Command::new("sh")
        .arg("-c")
        // 16 blocks of 512 bytes: the journal outgrows it within a few turns.
        .arg("ulimit -f 16 && exec \"$0\" spec 'URL shortener' --root \"$1\"")
        .arg(env!("CARGO_BIN_EXE_specwright"))
        .arg(p.root())
        .env_clear()
        .env("PATH", std::env::var("PATH").unwrap_or_default())
        .env("HOME", p.root())
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let _ = child
        .stdin
        .take()
        .unwrap()
        .write_all(all_answers().as_bytes());
    let out = child.wait_with_output().unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "killed by a signal? {stderr}");
    assert!(
        stderr.contains("the file size limit was reached"),
        "{stderr}"
    );
    assert!(
        !stderr.contains("Everything you answered is saved"),
        "{stderr}"
    );
    // With the limit lifted, the session resumes from what was saved.
    let text = std::fs::read_to_string(p.journal_path()).unwrap();
    let done = text
        .lines()
        .filter(|l| {
            l.ends_with('}')
                && (l.contains(r#""event":"answer""#) || l.contains(r#""event":"skip""#))
        })
        .count();
    let rest = URL_SHORTENER_ANSWERS[done..].join("\n") + "\n";
    p.run(&["resume", "--last"], &rest).assert_ok();
    assert_eq!(p.read(SPEC), finished().read(SPEC));
}

// ---- 11. revise keeps hand edits ----

#[test]
fn revise_keeps_a_line_added_by_hand_and_shows_it() {
    let p = finished();
    let spec = p.read(SPEC);
    // A line of its own before the second section.
    let at = spec.match_indices("\n## ").nth(1).unwrap().0 + 1;
    let edited = format!(
        "{}Reviewed by hand with the CMS team.\n\n{}",
        &spec[..at],
        &spec[at..]
    );
    std::fs::write(p.path(SPEC), &edited).unwrap();
    let out = p.run(
        &["revise", SPEC],
        "goal: Links can expire after a date the owner sets\n/approve\n",
    );
    out.assert_ok();
    let after = p.read(SPEC);
    assert!(
        after.contains("Reviewed by hand with the CMS team."),
        "{after}"
    );
    assert!(after.contains("Links can expire after a date the owner sets"));
    assert!(out.stdout.contains("edited by hand"), "{}", out.stdout);
    assert!(
        out.stdout.contains("+Reviewed by hand with the CMS team."),
        "{}",
        out.stdout
    );
}

#[test]
fn a_hand_edit_that_conflicts_with_the_revision_keeps_the_file_and_writes_beside_it() {
    let p = finished();
    let spec = p.read(SPEC);
    // The problem statement, edited by hand and by the revision.
    let statement = URL_SHORTENER_ANSWERS[0];
    assert!(spec.contains(statement));
    let edited = spec.replace(statement, "Our own wording of the problem");
    std::fs::write(p.path(SPEC), &edited).unwrap();
    let out = p.run(
        &["revise", SPEC],
        "problem: Links must be short and trackable\n/approve\n",
    );
    out.assert_ok();
    assert_eq!(p.read(SPEC), edited, "the hand-edited spec is kept");
    let beside = p.read("docs/spec/biz/url-shortener-spec.revised.md");
    assert!(beside.contains("Links must be short and trackable"));
    assert!(
        out.stdout.contains("url-shortener-spec.revised.md"),
        "{}",
        out.stdout
    );
}

// ---- 12. different topics never merge ----

#[test]
fn a_different_topic_with_the_same_file_name_gets_its_own_file() {
    let p = Project::new();
    p.run(&["spec", "C parser"], &all_answers()).assert_ok();
    let c = p.read("docs/spec/biz/c-parser-spec.md");
    for (topic, file) in [
        ("C++ parser", "c-parser-2-spec.md"),
        ("c parser", "c-parser-3-spec.md"),
    ] {
        let out = p.run(&["spec", topic], &all_answers());
        out.assert_ok();
        assert!(!out.stdout.contains("reopening"), "{}", out.stdout);
        assert!(
            p.read(&format!("docs/spec/biz/{file}"))
                .starts_with(&format!("# {topic}"))
        );
    }
    assert_eq!(p.read("docs/spec/biz/c-parser-spec.md"), c);
    // The same topic still reopens its own spec.
    let out = p.run(&["spec", "C parser"], "/approve\n");
    out.assert_ok();
    assert!(out.stdout.contains("reopening"), "{}", out.stdout);
}

#[test]
fn a_topic_in_another_script_gets_a_transliterated_file_name() {
    let p = Project::new();
    p.run(&["spec", "数据库迁移"], &all_answers()).assert_ok();
    assert!(
        p.read("docs/spec/biz/shu-ju-ku-qian-yi-spec.md")
            .starts_with("# 数据库迁移")
    );
}

// ---- 13. checked arithmetic ----

#[test]
fn a_huge_question_budget_does_not_overflow() {
    let p = Project::new();
    let out = p.run(
        &[
            "spec",
            "URL shortener",
            "--max-questions",
            "3074457345618258603",
        ],
        "",
    );
    // The command line bounds the budget (a usage error, exit 2, one sentence); the
    // spread itself is checked arithmetic for any total (core's unit test).
    assert_eq!(out.status, 2, "{}", out.stderr);
    assert!(out.stderr.contains("not in 1..=1000"), "{}", out.stderr);
    assert!(!out.stderr.contains("panicked"), "{}", out.stderr);
}

// ---- 14. rendering: what the program writes passes its own lint ----

#[test]
fn urls_and_braces_in_answers_reach_the_spec_intact_and_it_lints_clean() {
    let p = Project::new();
    let out = p.run(
        &["spec", "URL shortener"],
        &answers_with(&[
            (3, "Stripe at https://api.stripe.com/v1; Contentful"),
            (
                0,
                "Links are long; templates like {{x}} and {who} must stay literal",
            ),
        ]),
    );
    out.assert_ok();
    let spec = p.read(SPEC);
    assert!(spec.contains("https://api.stripe.com/v1"), "{spec}");
    assert!(!spec.contains("https: //"));
    assert!(
        !spec.contains("{{x}}"),
        "a raw template expression reached the spec"
    );
    let lint = p.run(&["lint", SPEC], "");
    assert_eq!(lint.status, 0, "{}", lint.stdout);
}

// ---- 14.6 PROGRESS.md: one entry per spec ----

#[test]
fn progress_keeps_one_entry_per_spec_and_an_unchanged_approve_adds_nothing() {
    let p = finished();
    let first = p.read("docs/spec/.llm/PROGRESS.md");
    assert_eq!(first.matches("\n## ").count(), 1);
    p.run(&["revise", SPEC], "/approve\n").assert_ok();
    assert_eq!(
        p.read("docs/spec/.llm/PROGRESS.md"),
        first,
        "an unchanged approve adds nothing"
    );
    p.run(&["revise", SPEC], "goal: Links can be disabled\n/approve\n")
        .assert_ok();
    let revised = p.read("docs/spec/.llm/PROGRESS.md");
    assert_eq!(revised.matches("\n## ").count(), 1, "{revised}");
    assert_eq!(
        revised.matches("url-shortener-spec.md](").count(),
        1,
        "{revised}"
    );
}
