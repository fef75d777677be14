//! Kills the binary (SIGKILL) at many points of a scripted interview, in every phase,
//! sometimes leaving a half-written journal line as a crash mid-write would, then resumes
//! and checks that the spec is exactly the one an uninterrupted run writes.

use std::io::Write;
use std::process::Stdio;
use std::time::{Duration, Instant};

use crate::common::{Project, URL_SHORTENER_ANSWERS};

fn journal(p: &Project) -> Option<std::path::PathBuf> {
    let dir = p.path("docs/spec/.llm/sessions");
    std::fs::read_dir(dir)
        .ok()?
        .flatten()
        .map(|e| e.path())
        .next()
}

fn user_events(text: &str) -> usize {
    text.lines()
        .filter(|l| {
            l.contains(r#""event":"answer""#)
                || l.contains(r#""event":"skip""#)
                || l.contains(r#""event":"approved""#)
        })
        .count()
}

/// Starts the interview, gives it `given` answers, waits until it has journaled them and
/// waits for the next one, then kills it.
fn run_and_kill(p: &Project, given: usize) {
    let mut child = p
        .command(&["spec", "URL shortener"])
        .stdin(Stdio::piped())
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let mut stdin = child.stdin.take().unwrap();
    for answer in &URL_SHORTENER_ANSWERS[..given] {
        writeln!(stdin, "{answer}").unwrap();
    }
    stdin.flush().unwrap();
    // The pipe stays open: the process blocks reading the next answer once it has
    // journaled everything up to it.
    let deadline = Instant::now() + Duration::from_secs(20);
    loop {
        let done = journal(p)
            .and_then(|j| std::fs::read_to_string(j).ok())
            .is_some_and(|t| user_events(&t) >= given && t.ends_with('\n'));
        if done || Instant::now() > deadline {
            break;
        }
        std::thread::sleep(Duration::from_millis(5));
    }
    child.kill().unwrap();
    child.wait().unwrap();
    drop(stdin);
}

#[test]
fn resuming_after_a_kill_at_any_point_writes_the_uninterrupted_spec() {
    let reference = Project::new();
    reference
        .run(
            &["spec", "URL shortener"],
            &(URL_SHORTENER_ANSWERS.join("\n") + "\n"),
        )
        .assert_ok();
    let expected = reference.read("docs/spec/biz/url-shortener-spec.md");

    let mut kill_points = 0;
    let mut failures = Vec::new();
    // Every answer boundary (all six phases), each killed cleanly and with a torn write.
    for given in 0..URL_SHORTENER_ANSWERS.len() {
        for torn in [false, true] {
            kill_points += 1;
            let p = Project::new();
            run_and_kill(&p, given);
            let Some(path) = journal(&p) else {
                failures.push(format!(
                    "kill after {given} answers: no journal was written"
                ));
                continue;
            };
            if torn {
                // A crash in the middle of appending the next event.
                let mut f = std::fs::OpenOptions::new()
                    .append(true)
                    .open(&path)
                    .unwrap();
                f.write_all(br#"{"event":"answer","text":"half a li"#)
                    .unwrap();
            }
            let text = std::fs::read_to_string(&path).unwrap();
            let consumed = user_events(
                text.lines()
                    .filter(|l| l.ends_with('}'))
                    .collect::<Vec<_>>()
                    .join("\n")
                    .as_str(),
            );
            let rest = URL_SHORTENER_ANSWERS[consumed..].join("\n") + "\n";
            let out = p.run(&["resume", "--last"], &rest);
            if out.status != 0 {
                failures.push(format!(
                    "kill after {given} answers (torn: {torn}): resume failed: {}",
                    out.stderr
                ));
                continue;
            }
            if torn && !out.stdout.contains("was cut off by an interrupted write") {
                failures.push(format!(
                    "kill after {given} answers: the torn line was not reported"
                ));
            }
            match std::fs::read_to_string(p.path("docs/spec/biz/url-shortener-spec.md")) {
                Ok(spec) if spec == expected => {}
                Ok(_) => failures.push(format!(
                    "kill after {given} answers (torn: {torn}): the spec differs"
                )),
                Err(_) => failures.push(format!(
                    "kill after {given} answers (torn: {torn}): no spec written"
                )),
            }
        }
    }
    assert!(kill_points >= 50, "only {kill_points} kill points");
    assert!(
        failures.is_empty(),
        "{} of {kill_points} kill points failed:\n{}",
        failures.len(),
        failures.join("\n")
    );
    println!("kill points: {kill_points}, all resumed to the uninterrupted spec");
}
