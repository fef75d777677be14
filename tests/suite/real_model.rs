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
    fn drop(&mut self) {
        let _ = Command::new("kill").arg(self.pid.to_string()).status();
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
    // Short replies and one repair keep the run to minutes on two cores; turns the tiny
    // model cannot get valid are taken by the built-in interviewer.
    p.write(
        ".specwright.toml",
        "max_tokens = 400\nmax_repairs = 1\nfallback = \"offline\"\nidle_timeout_secs = 300\nmax_retries = 1\n",
    );
    let mut answers = vec![
        "Short links for a marketing team that wants click counts",
        "Create links and redirect; p99 under 50 ms",
    ];
    answers.extend([""; 10]);
    // After the edge cases: leave the draft's holes open (/skip), keep what it adds
    // (Enter), then approve; each line is harmless where the interview is not.
    answers.extend([
        "Reject malformed URLs with HTTP 400",
        "/skip",
        "",
        "/approve",
        "/approve",
    ]);
    let base = format!("http://127.0.0.1:{}/v1", server.port);
    let start = Instant::now();
    let out = p.run(
        &[
            "spec",
            "URL shortener",
            "--base-url",
            &base,
            "--model",
            "smollm2",
            "--max-questions",
            "3",
            "-v",
        ],
        &(answers.join("\n") + "\n"),
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
    let numbers: Vec<u64> = summary
        .split(|c: char| !c.is_ascii_digit())
        .filter_map(|n| n.parse().ok())
        .collect();
    let (prompt, turns) = (numbers[0], numbers[2]);
    let fallbacks = numbers.get(4).copied().unwrap_or(0);
    assert!(prompt > 0, "the server reported no token usage: {summary}");
    assert!(
        fallbacks < turns,
        "every turn fell back; the model produced none: {summary}"
    );
    eprintln!(
        "real model run: {summary}; wall time {:.0} s",
        wall.as_secs_f64()
    );
    std::fs::write(
        concat!(env!("CARGO_TARGET_TMPDIR"), "/real-model-run.txt"),
        format!("{summary}; wall time {:.0} s\n", wall.as_secs_f64()),
    )
    .unwrap();
}
