//! A whole interview against a real model: llama-cpp-python's OpenAI-compatible server
//! with SmolLM2-135M-Instruct, installed by scripts/llama-server.sh into a cache outside
//! the repo. The tiny model writes nonsense; the point is that the wire format, the
//! structured-output fallback, constrained decoding, budgets, repairs and the whole loop
//! work against a real server. If the server cannot be installed or started, this test
//! fails and says why.

use std::process::Command;
use std::time::Instant;

use crate::common::Project;

struct Server {
    pid: u32,
    port: u16,
}

impl Drop for Server {
    /// The script's `stop` sends SIGTERM and, when a generation in flight keeps the server
    /// waiting (it finishes a request nobody reads any more), SIGKILL after 10 s.
    fn drop(&mut self) {
        let script = concat!(env!("CARGO_MANIFEST_DIR"), "/scripts/llama-server.sh");
        let stopped = Command::new("bash")
            .arg(script)
            .arg("stop")
            .arg(self.port.to_string())
            .status()
            .is_ok_and(|s| s.success());
        if !stopped {
            let _ = Command::new("kill")
                .arg("-9")
                .arg(self.pid.to_string())
                .status();
        }
    }
}

fn start_server() -> Server {
    let port = {
        let l = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
        l.local_addr().unwrap().port()
    };
    let script = concat!(env!("CARGO_MANIFEST_DIR"), "/scripts/llama-server.sh");
    let out = Command::new("bash")
        .arg(script)
        .arg("start")
        .arg(port.to_string())
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "the real-model test needs llama-cpp-python's server, and it could not be started: {}{}",
        String::from_utf8_lossy(&out.stderr),
        String::from_utf8_lossy(&out.stdout)
    );
    let pid = String::from_utf8_lossy(&out.stdout)
        .lines()
        .last()
        .and_then(|l| l.trim().parse().ok())
        .unwrap_or_else(|| {
            panic!(
                "scripts/llama-server.sh start printed no PID: {}",
                String::from_utf8_lossy(&out.stdout)
            )
        });
    Server { pid, port }
}

#[test]
fn a_whole_interview_runs_against_llama_cpp_python_and_smollm2() {
    let server = start_server();
    let p = Project::new();
    // Default settings: no project file, and no user file (the test's XDG_CONFIG_HOME is
    // an empty folder). Turns the tiny model cannot get valid after its two repairs are
    // taken by the built-in interviewer, which is the default fallback.
    assert!(!p.path(".specwright.toml").exists());
    let answers = [
        "Short links for a marketing team that wants click counts",
        "Marketing staff through a web page, and the CMS through an API",
        "Create a short link; redirect a visitor; count clicks",
        "Links: code, target URL, owner; clicks: link, time, referrer",
        "Redirects under 50 ms at p99, 2000 per second",
        "Reject malformed URLs with HTTP 400",
        "When the database is down, serve redirects from the cache",
    ];
    // The person does not know what the model asks next, so every answer comes with what
    // they would type at a draft (/approve) or a decision (Enter: the recommendation).
    // At a question, /approve and an empty line are refused with a sentence and asked
    // again; at a decision, /approve is refused.
    let mut input = String::new();
    for answer in answers.iter().cycle().take(60) {
        input.push_str(&format!("/approve\n\n{answer}\n"));
    }
    let base = format!("http://127.0.0.1:{}/v1", server.port);
    let start = Instant::now();
    // Exactly the command a newcomer runs, with -v for the client's log lines.
    let out = p.run(
        &[
            "spec",
            "--base-url",
            &base,
            "--model",
            "smollm2",
            "URL shortener",
            "-v",
        ],
        &input,
    );
    let wall = start.elapsed();
    out.assert_ok();
    let spec = p.read("docs/spec/biz/url-shortener-spec.md");
    let headings: Vec<&str> = spec.lines().filter(|l| l.starts_with("## ")).collect();
    assert_eq!(
        headings,
        vec![
            "## Overview",
            "## Use Cases",
            "## Data Models",
            "## API Contracts",
            "## Error Handling",
            "## Non-Functional Requirements",
            "## Architecture Decisions",
            "## Dependencies",
            "## Testing Strategy",
            "## Open Questions"
        ]
    );
    assert!(spec.starts_with("# URL shortener — Technical Specification\n"));
    // llama-cpp-python answers HTTP 500 to json_schema; the client must have moved to
    // json_object with the schema, which the server turns into a grammar.
    assert!(
        out.stderr.contains("falling back") && out.stderr.contains("json_object with schema"),
        "{}",
        out.stderr
    );
    let summary = out
        .stdout
        .lines()
        .find(|l| l.starts_with("Tokens:"))
        .unwrap_or_else(|| panic!("no summary line:\n{}", out.stdout))
        .to_string();
    // The counts, without the note on cached tokens a server may add after the prompt's.
    let counts = match summary.find(" (") {
        Some(i) if summary[i..].contains("from the server's prompt cache)") => {
            let end = i + summary[i..].find(')').map_or(0, |j| j + 1);
            format!("{}{}", &summary[..i], &summary[end..])
        }
        _ => summary.clone(),
    };
    let numbers: Vec<u64> = counts
        .split(|c: char| !c.is_ascii_digit())
        .filter_map(|n| n.parse().ok())
        .collect();
    let (prompt, turns) = (numbers[0], numbers[2]);
    let repairs = numbers.get(3).copied().unwrap_or(0);
    let fallbacks = numbers.get(4).copied().unwrap_or(0);
    // Each turn the built-in interviewer took was announced in one line.
    let announced = out
        .stdout
        .lines()
        .filter(|l| l.ends_with("the built-in interviewer takes this turn."))
        .count();
    assert_eq!(announced as u64, fallbacks, "{}", out.stdout);
    assert!(prompt > 0, "the server reported no token usage: {summary}");
    assert!(
        fallbacks < turns,
        "every turn fell back; the model produced none: {summary}"
    );
    let report = format!(
        "{turns} model turns, {repairs} repairs, {fallbacks} taken by the built-in interviewer; {summary}; wall time {:.0} s\n{}\n{}\n{}",
        wall.as_secs_f64(),
        cache_figures(&out.stderr),
        server_log(server.port).map_or_else(
            || "llama-cpp-python's log: not found".to_string(),
            |log| kv_cache_figures(&log)
        ),
        draft_figures(&out.stderr),
    );
    eprintln!("real model run: {report}");
    std::fs::write(
        concat!(env!("CARGO_TARGET_TMPDIR"), "/real-model-run.txt"),
        format!("{report}\n"),
    )
    .unwrap();
    // The whole run, to read what the model asked and which turns fell back.
    std::fs::write(
        concat!(env!("CARGO_TARGET_TMPDIR"), "/real-model-run.stdout"),
        &out.stdout,
    )
    .unwrap();
}

/// A field of a `-v` log line (`name=value`), up to the next space.
fn field<'a>(line: &'a str, name: &str) -> Option<&'a str> {
    let at = line.find(&format!(" {name}="))? + name.len() + 2;
    line[at..].split(' ').next()
}

/// The "model reply" lines the client logs at info level, one per reply.
fn replies(stderr: &str) -> Vec<&str> {
    stderr
        .lines()
        .filter(|l| l.contains("model reply"))
        .collect()
}

/// What the server said about its prefix cache: the cached prompt tokens where it reports
/// them (OpenAI's `usage.prompt_tokens_details.cached_tokens`, llama.cpp's
/// `timings.cache_n`). llama-cpp-python's usage carries neither.
fn cache_figures(stderr: &str) -> String {
    let replies = replies(stderr);
    let reported: Vec<(u64, u64)> = replies
        .iter()
        .filter_map(|l| {
            let cached = field(l, "cached_tokens")?.parse().ok()?;
            let prompt = field(l, "prompt_tokens")?.parse().unwrap_or(0);
            Some((cached, prompt))
        })
        .collect();
    if reported.is_empty() {
        return format!(
            "prompt cache: the server reported no cached tokens in any of {} replies logged",
            replies.len()
        );
    }
    let (cached, prompt) = reported.iter().fold((0, 0), |a, (c, p)| (a.0 + c, a.1 + p));
    format!(
        "prompt cache: {cached} of {prompt} prompt tokens reused, in the {} of {} replies that report it",
        reported.len(),
        replies.len()
    )
}

/// For each draft and revision: when its first section arrived against the whole reply.
fn draft_figures(stderr: &str) -> String {
    let lines: Vec<String> = replies(stderr)
        .iter()
        .filter(|l| matches!(field(l, "kind"), Some("draft" | "revision")))
        .map(|l| {
            let kind = field(l, "kind").unwrap_or("?");
            let whole = field(l, "elapsed_ms").unwrap_or("?");
            let failed = if l.contains("model reply failed") {
                " (the reply failed)"
            } else {
                ""
            };
            match field(l, "first_section_ms") {
                Some(first) if first != "none" => {
                    format!("{kind}: first section after {first} ms of {whole} ms{failed}")
                }
                _ => format!("{kind}: {whole} ms, no section progress{failed}"),
            }
        })
        .collect();
    if lines.is_empty() {
        "draft: no draft or revision reply was logged".to_string()
    } else {
        lines.join("\n")
    }
}

/// The server's log, where scripts/llama-server.sh writes it
/// (`${SPECWRIGHT_CACHE_DIR:-${XDG_CACHE_HOME:-$HOME/.cache}/specwright}`).
fn server_log(port: u16) -> Option<String> {
    let set = |name: &str| std::env::var_os(name).filter(|v| !v.is_empty());
    let cache = set("SPECWRIGHT_CACHE_DIR")
        .map(std::path::PathBuf::from)
        .or_else(|| set("XDG_CACHE_HOME").map(|x| std::path::Path::new(&x).join("specwright")))
        .or_else(|| set("HOME").map(|h| std::path::Path::new(&h).join(".cache/specwright")))?;
    std::fs::read_to_string(cache.join(format!("llama-server-{port}.log"))).ok()
}

/// What llama-cpp-python's KV cache reused, from its log: it reports no cached tokens in
/// its replies, but logs `Llama.generate: N prefix-match hit, remaining M prompt tokens to
/// eval` for each request.
fn kv_cache_figures(log: &str) -> String {
    let mut shares = Vec::new();
    let (mut hit, mut total) = (0u64, 0u64);
    for line in log.lines() {
        let Some(rest) = line.split("Llama.generate: ").nth(1) else {
            continue;
        };
        let numbers: Vec<u64> = rest
            .split(|c: char| !c.is_ascii_digit())
            .filter_map(|n| n.parse().ok())
            .collect();
        if let [h, remaining, ..] = numbers[..] {
            hit += h;
            total += h + remaining;
            shares.push(h as f64 / (h + remaining).max(1) as f64);
        }
    }
    if shares.is_empty() {
        return "llama-cpp-python's log: no prefix-match lines".to_string();
    }
    shares.sort_by(f64::total_cmp);
    format!(
        "llama-cpp-python's KV cache (its log): {hit} of {total} prompt tokens reused ({:.0}%), median {:.0}% over {} requests",
        100.0 * hit as f64 / total.max(1) as f64,
        100.0 * shares[shares.len() / 2],
        shares.len()
    )
}

#[test]
fn the_servers_prefix_matches_are_read_from_its_log() {
    let log = "INFO: started\nLlama.generate: 0 prefix-match hit, remaining 464 prompt tokens to eval\nLlama.generate: 485 prefix-match hit, remaining 115 prompt tokens to eval\nLlama.generate: 190 prefix-match hit, remaining 1509 prompt tokens to eval\n";
    assert_eq!(
        kv_cache_figures(log),
        "llama-cpp-python's KV cache (its log): 675 of 2763 prompt tokens reused (24%), median 11% over 3 requests"
    );
    let stderr = "2026-12-03T14:00:00Z  INFO model reply kind=draft elapsed_ms=9000 first_section_ms=1200 prompt_tokens=none completion_tokens=none cached_tokens=not reported\n2026-12-03T14:05:00Z  INFO model reply failed kind=revision elapsed_ms=300000 first_section_ms=40000 error=the model's reply was cut off\n2026-12-03T14:00:09Z  INFO model reply kind=interview elapsed_ms=900 first_section_ms=none prompt_tokens=600 completion_tokens=40 cached_tokens=not reported\n";
    assert_eq!(
        draft_figures(stderr),
        "draft: first section after 1200 ms of 9000 ms\nrevision: first section after 40000 ms of 300000 ms (the reply failed)"
    );
    assert_eq!(
        cache_figures(stderr),
        "prompt cache: the server reported no cached tokens in any of 3 replies logged"
    );
}
