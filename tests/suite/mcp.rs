//! `specwright mcp` driven by a real MCP client: the official MCP Python SDK (mcp 2.x),
//! installed by `scripts/llama-server.sh mcp-client` into the cache the model server uses.
//! tests/python/mcp_bridge.py connects with it (mcp.Client, protocol 2026-07-28, or a
//! ClientSession with the initialize handshake, 2025-11-25) and relays each request these
//! tests make. If Python or the package cannot be installed, the tests fail and say why.

use std::io::{BufRead, BufReader, Write};
use std::path::{Path, PathBuf};
use std::process::{Child, ChildStdin, Command, Stdio};
use std::sync::OnceLock;
use std::sync::mpsc::{Receiver, channel};
use std::time::Duration;

use serde_json::{Value, json};

use crate::common::{Project, URL_SHORTENER_ANSWERS};

/// The Python that has the MCP SDK, installed once per test run.
fn python() -> &'static Path {
    static PYTHON: OnceLock<PathBuf> = OnceLock::new();
    PYTHON.get_or_init(|| {
        let script = concat!(env!("CARGO_MANIFEST_DIR"), "/scripts/llama-server.sh");
        let out = Command::new("bash")
            .arg(script)
            .arg("mcp-client")
            .output()
            .unwrap_or_else(|e| panic!("the MCP client tests need bash to run {script}: {e}"));
        assert!(
            out.status.success(),
            "the MCP client tests need the official MCP Python SDK, and it could not be installed: {}{}",
            String::from_utf8_lossy(&out.stderr),
            String::from_utf8_lossy(&out.stdout)
        );
        let path = String::from_utf8_lossy(&out.stdout)
            .lines()
            .last()
            .map(|l| PathBuf::from(l.trim()))
            .unwrap_or_default();
        assert!(
            path.is_file(),
            "scripts/llama-server.sh mcp-client printed no Python: {}",
            String::from_utf8_lossy(&out.stdout)
        );
        path
    })
}

/// Which client and protocol generation.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Mode {
    /// `mcp.Client` with server/discover: 2026-07-28.
    Auto,
    /// `ClientSession.initialize()`: 2025-11-25.
    Legacy,
}

impl Mode {
    fn key(self) -> &'static str {
        match self {
            Mode::Auto => "auto",
            Mode::Legacy => "legacy",
        }
    }

    fn protocol(self) -> &'static str {
        match self {
            Mode::Auto => "2026-07-28",
            Mode::Legacy => "2025-11-25",
        }
    }
}

pub struct Bridge {
    child: Child,
    stdin: Option<ChildStdin>,
    lines: Receiver<String>,
    stderr: PathBuf,
    _logs: tempfile::TempDir,
}

/// How the server is started: arguments after `specwright`, its working directory, and
/// the roots the client offers (legacy mode only).
pub struct Launch<'a> {
    pub args: Vec<String>,
    pub cwd: &'a Path,
    pub roots: Vec<String>,
}

impl<'a> Launch<'a> {
    /// `specwright mcp --root <project>`, started in the project.
    pub fn rooted(p: &'a Project) -> Launch<'a> {
        Launch {
            args: vec![
                "mcp".into(),
                "--root".into(),
                p.root().display().to_string(),
            ],
            cwd: p.root(),
            roots: Vec::new(),
        }
    }
}

impl Bridge {
    pub fn start(p: &Project, mode: Mode, launch: Launch) -> Bridge {
        let home = p.root().display().to_string();
        let env = json!({
            "HOME": home,
            "XDG_CONFIG_HOME": p.root().join(".config-home"),
            "XDG_STATE_HOME": p.root().join(".state-home"),
            "NO_COLOR": "1",
            "PATH": std::env::var("PATH").unwrap_or_default(),
        });
        let config = json!({
            "mode": mode.key(),
            "command": env!("CARGO_BIN_EXE_specwright"),
            "args": launch.args,
            "cwd": launch.cwd,
            "env": env,
            "roots": launch.roots,
        });
        let logs = tempfile::tempdir().unwrap();
        let stderr = logs.path().join("stderr.log");
        let script = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/python/mcp_bridge.py");
        let mut child = Command::new(python())
            .arg(script)
            .arg(config.to_string())
            .current_dir(launch.cwd)
            .env_clear()
            .env("PATH", std::env::var("PATH").unwrap_or_default())
            .env("HOME", p.root())
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(std::fs::File::create(&stderr).unwrap())
            .spawn()
            .unwrap_or_else(|e| panic!("cannot start {}: {e}", python().display()));
        let stdout = child.stdout.take().unwrap();
        let (tx, lines) = channel();
        std::thread::spawn(move || {
            for line in BufReader::new(stdout).lines() {
                let Ok(line) = line else { break };
                if tx.send(line).is_err() {
                    break;
                }
            }
        });
        let stdin = child.stdin.take();
        let mut bridge = Bridge {
            child,
            stdin,
            lines,
            stderr,
            _logs: logs,
        };
        let connected = bridge.next_line();
        assert_eq!(
            connected["connected"]["protocol_version"],
            mode.protocol(),
            "{connected}"
        );
        assert_eq!(connected["connected"]["server_name"], "specwright");
        bridge
    }

    fn logs(&self) -> String {
        std::fs::read_to_string(&self.stderr).unwrap_or_default()
    }

    fn next_line(&mut self) -> Value {
        match self.lines.recv_timeout(Duration::from_secs(180)) {
            Ok(line) => serde_json::from_str(&line)
                .unwrap_or_else(|e| panic!("the bridge printed {line:?} ({e})\n{}", self.logs())),
            Err(e) => panic!(
                "no answer from the MCP bridge ({e}); its stderr:\n{}",
                self.logs()
            ),
        }
    }

    pub fn request(&mut self, request: Value) -> Value {
        let stdin = self.stdin.as_mut().unwrap();
        writeln!(stdin, "{request}").unwrap();
        stdin.flush().unwrap();
        let reply = self.next_line();
        assert!(
            reply.get("exception").is_none(),
            "the MCP client raised on {request}: {reply}\n{}",
            self.logs()
        );
        reply
    }

    /// A tool call that must be answered with a result (error results included).
    pub fn call(&mut self, name: &str, arguments: Value) -> Value {
        let reply = self.request(json!({"op": "call_tool", "name": name, "arguments": arguments}));
        assert!(
            reply.get("mcp_error").is_none(),
            "{name} {arguments} got a JSON-RPC error: {reply}"
        );
        reply
    }

    /// A tool call that must succeed.
    pub fn ok(&mut self, name: &str, arguments: Value) -> Value {
        let reply = self.call(name, arguments.clone());
        assert_eq!(
            reply["is_error"], false,
            "{name} {arguments} failed: {}",
            reply["text"]
        );
        assert!(reply["structured"].is_object(), "{reply}");
        reply
    }

    /// A tool call that must be an error result of one sentence; returns the sentence.
    pub fn error(&mut self, name: &str, arguments: Value) -> String {
        let reply = self.call(name, arguments.clone());
        assert_eq!(reply["is_error"], true, "{name} {arguments}: {reply}");
        let text = reply["text"].as_str().unwrap().to_string();
        assert_one_sentence(&text);
        text
    }

    /// Closes the connection (the server sees the end of its input) and waits for the
    /// bridge to exit.
    pub fn close(mut self) {
        if let Some(mut stdin) = self.stdin.take() {
            let _ = writeln!(stdin, "{}", json!({"op": "close"}));
        }
        let status = self.child.wait().unwrap();
        assert!(status.success(), "the bridge failed:\n{}", self.logs());
        let logs = self.logs();
        assert!(!logs.contains("panicked"), "{logs}");
    }
}

impl Drop for Bridge {
    fn drop(&mut self) {
        if self.stdin.is_some() {
            let _ = self.child.kill();
            let _ = self.child.wait();
        }
    }
}

/// One sentence: one line, no serde or Rust internals.
pub fn assert_one_sentence(text: &str) {
    assert!(!text.trim().is_empty());
    assert!(!text.contains('\n'), "more than one line: {text:?}");
    assert!(text.trim_end().ends_with('.'), "not a sentence: {text:?}");
    for internal in [
        "deserialize",
        "missing field",
        "invalid type",
        "panicked",
        "Error(",
    ] {
        assert!(!text.contains(internal), "{internal} in {text:?}");
    }
}

fn status(reply: &Value) -> &str {
    reply["structured"]["status"].as_str().unwrap_or("")
}

fn session_id(reply: &Value) -> String {
    reply["structured"]["session_id"]
        .as_str()
        .unwrap()
        .to_string()
}

/// Replies with `answers` in turn until the spec is written; returns every result.
fn answer_until_written(b: &mut Bridge, id: &str, answers: &[&str]) -> Vec<Value> {
    let mut results = Vec::new();
    for answer in answers {
        let r = b.ok("spec_reply", json!({"session_id": id, "text": answer}));
        let done = status(&r) == "completed";
        results.push(r);
        if done {
            return results;
        }
    }
    panic!(
        "the answers ran out before the spec was written; last result:\n{}",
        results
            .last()
            .map(|r| r["text"].to_string())
            .unwrap_or_default()
    );
}

fn whole_offline_interview(mode: Mode) {
    let p = Project::new();
    let mut b = Bridge::start(&p, mode, Launch::rooted(&p));
    // With a progress token, the host hears that specwright's interviewer is at work.
    let start = b.request(json!({
        "op": "call_tool", "name": "spec_start",
        "arguments": {"topic": "URL shortener"}, "progress": true,
    }));
    assert_eq!(start["is_error"], false, "{start}");
    assert_eq!(
        start["progress"],
        json!(["specwright's interviewer is writing the next turn"]),
        "{start}"
    );
    assert_eq!(status(&start), "waiting_for_reply", "{start}");
    assert_eq!(start["structured"]["expect"], "answer");
    assert_eq!(start["structured"]["interviewer"], "program");
    let first = &start["structured"]["questions"];
    assert!(
        !first["questions"].as_array().unwrap().is_empty(),
        "{start}"
    );
    let text = start["text"].as_str().unwrap();
    assert!(text.starts_with("## Phase 1 of 6: Discovery"), "{text}");
    let id = session_id(&start);
    assert!(
        p.path(&format!("docs/spec/.llm/sessions/{id}.jsonl"))
            .is_file()
    );

    let results = answer_until_written(&mut b, &id, URL_SHORTENER_ANSWERS);
    assert_eq!(
        results.len(),
        URL_SHORTENER_ANSWERS.len(),
        "every answer was used"
    );
    // The decisions: options with the recommendation shown; the program records them.
    let decisions: Vec<&Value> = results
        .iter()
        .filter(|r| r["structured"]["decision"].is_object())
        .collect();
    assert_eq!(decisions.len(), 7);
    let first_decision = &decisions[0]["structured"]["decision"];
    assert_eq!(first_decision["number"], 1);
    assert_eq!(first_decision["total"], 7);
    assert!(first_decision["options"].as_array().unwrap().len() >= 2);
    let decision_text = decisions[0]["text"].as_str().unwrap();
    assert!(decision_text.contains("(recommended)"), "{decision_text}");
    assert!(
        decision_text.contains("**Recommendation:**"),
        "{decision_text}"
    );
    let recorded: Vec<&Value> = results
        .iter()
        .flat_map(|r| r["structured"]["recorded"].as_array().unwrap())
        .collect();
    assert_eq!(recorded.len(), 7, "{recorded:?}");
    assert_eq!(recorded[0]["decided_by"], "recommendation accepted");
    assert_eq!(recorded[1]["decided_by"], "chosen by the user");
    // The draft, then its revision with a diff.
    let drafts: Vec<&Value> = results
        .iter()
        .filter(|r| r["structured"]["draft"].is_object())
        .collect();
    assert_eq!(drafts.len(), 2);
    assert!(drafts[0]["text"].as_str().unwrap().contains("## Use Cases"));
    assert!(
        drafts[1]["structured"]["draft"]["diff"]
            .as_str()
            .unwrap()
            .contains("Links can be disabled by their owner")
    );

    let last = results.last().unwrap();
    let text = last["text"].as_str().unwrap();
    assert!(
        text.contains("Spec written to docs/spec/biz/url-shortener-spec.md"),
        "{text}"
    );
    assert_eq!(
        last["structured"]["completed"]["spec"],
        "docs/spec/biz/url-shortener-spec.md"
    );
    let spec = p.read("docs/spec/biz/url-shortener-spec.md");
    assert!(spec.starts_with("# URL shortener — Technical Specification\n"));
    assert!(
        spec.contains("Links can be disabled by their owner"),
        "{spec}"
    );
    assert!(p.path("docs/spec/biz/url-shortener-spec.json").is_file());
    assert!(
        p.read("docs/spec/.llm/PROGRESS.md")
            .contains("URL shortener")
    );

    let lint = b.ok(
        "spec_lint",
        json!({"path": "docs/spec/biz/url-shortener-spec.md"}),
    );
    assert_eq!(lint["structured"]["errors"], 0, "{lint}");
    assert_eq!(
        lint["structured"]["files"][0]["path"],
        "docs/spec/biz/url-shortener-spec.md"
    );
    let all = b.ok("spec_lint", json!({}));
    assert_eq!(all["structured"]["files"].as_array().unwrap().len(), 1);

    // A finished session takes no more replies, and says where its spec is.
    let done = b.error("spec_reply", json!({"session_id": id, "text": "more"}));
    assert!(done.contains("is finished"), "{done}");
    let sessions = b.ok("spec_sessions", json!({}));
    assert_eq!(sessions["structured"]["sessions"][0]["finished"], true);
    b.close();
}

#[test]
fn a_whole_offline_interview_over_mcp_writes_a_spec_that_lints_clean_2026() {
    whole_offline_interview(Mode::Auto);
}

#[test]
fn a_whole_offline_interview_over_mcp_writes_a_spec_that_lints_clean_2025() {
    whole_offline_interview(Mode::Legacy);
}

/// The host's model, played by the test: a valid turn for each request, written from
/// the request's state as a model would read it.
fn host_turn(request: &Value, n: usize) -> Value {
    let state = &request["state"];
    match request["kind"].as_str().unwrap() {
        "interview" => {
            let answer = state["answer"].as_str();
            let mut covered: Vec<String> = Vec::new();
            let facts: Vec<Value> = match (answer, state["answered_group"].as_object()) {
                (Some(answer), Some(group)) => group["questions"]
                    .as_array()
                    .unwrap()
                    .iter()
                    .flat_map(|q| q["topics"].as_array().unwrap().clone())
                    .map(|t| {
                        covered.push(t.as_str().unwrap().to_string());
                        json!({"topic": t, "statement": answer})
                    })
                    .collect(),
                _ => Vec::new(),
            };
            let open: Vec<&str> = state["open_topics"]
                .as_array()
                .unwrap()
                .iter()
                .map(|t| t.as_str().unwrap())
                .filter(|t| !covered.iter().any(|c| c == t))
                .take(4)
                .collect();
            let questions = if state["may_ask"] == true && !open.is_empty() {
                json!({
                    "title": format!("Host group {n}"),
                    "questions": open.iter().map(|t| json!({
                        "text": format!("What should the spec say about {t} (group {n})?"),
                        "why": "The host's model wants it in the spec.",
                        "topics": [t],
                    })).collect::<Vec<_>>(),
                })
            } else {
                Value::Null
            };
            json!({
                "facts": facts,
                "phase_complete": questions.is_null(),
                "questions": questions,
                "no_requirement": false,
            })
        }
        "decision" => json!({
            "question": format!("Which way for {}?", state["area"]["title"].as_str().unwrap()),
            "options": [
                {"name": "Plain", "description": "The simple way.", "gains": "Little to run.", "sacrifices": "Less headroom."},
                {"name": "Fancy", "description": "The elaborate way.", "gains": "Headroom.", "sacrifices": "More to run."},
            ],
            "recommended": 1,
            "recommendation_reason": "the team is small",
            "proposed_areas": [],
        }),
        "draft" | "revision" => {
            let draft = json!({
                "overview": {
                    "problem_statement": "Nightly exports of invoices for the finance team.",
                    "goals": ["Exports run every night"],
                    "non_goals": ["Real-time feeds"],
                },
                "use_cases": [{
                    "name": "Export invoices",
                    "actor": "Finance analyst",
                    "preconditions": "Invoices exist for the day.",
                    "flow": ["The scheduler starts the export", "The file lands in the bucket"],
                    "postconditions": "The CSV file is in the bucket.",
                    "error_scenarios": ["The bucket is unreachable: retry for an hour"],
                }],
                "data_models": [],
                "api_contracts": [],
                "error_handling": [],
                "non_functional": {
                    "latency": "p99 under 10 min per export",
                    "throughput": "1 export per night",
                    "availability": "99.9%",
                    "data_retention": "13 months",
                    "other": [],
                },
                "dependencies": [],
                "testing": {"unit": "The CSV writer", "integration": "A nightly run against a test bucket", "edge_cases": []},
                "open_questions": [],
            });
            if request["kind"] == "draft" {
                draft
            } else {
                json!({"summary": "Added the retry window to the goals.", "draft": draft})
            }
        }
        other => panic!("unexpected turn kind {other}"),
    }
}

fn host_interviewer_run(mode: Mode) {
    let p = Project::new();
    let mut b = Bridge::start(&p, mode, Launch::rooted(&p));
    let start = b.ok(
        "spec_start",
        json!({"topic": "invoice export", "interviewer": "host", "max_questions": 3}),
    );
    assert_eq!(status(&start), "turn_needed", "{start}");
    let id = session_id(&start);
    let request = &start["structured"]["turn_request"];
    assert_eq!(request["kind"], "interview");
    assert_eq!(request["attempt"], 1);
    assert_eq!(request["max_attempts"], 9);
    assert_eq!(request["messages"][0]["role"], "system");
    assert!(
        request["schema"]["properties"]["questions"].is_object(),
        "{request}"
    );
    assert_eq!(request["state"]["topic"], "invoice export");
    assert_eq!(request["state"]["open_topics"][0], "purpose");
    let text = start["text"].as_str().unwrap();
    assert!(
        text.contains("submit it as `turn` to `spec_turn`"),
        "{text}"
    );
    assert!(text.contains("### Schema `"), "{text}");
    assert!(
        text.contains("interview_discovery") || text.contains("interview"),
        "{text}"
    );

    // A reply where a turn is expected.
    let wrong = b.error("spec_reply", json!({"session_id": id, "text": "hello"}));
    assert!(
        wrong.contains("waits for the interviewer's next turn"),
        "{wrong}"
    );

    // An invalid turn: no questions while every topic is open. The repair comes back as
    // an error result the host's model can act on, with the request to fix it.
    let invalid = b.call(
        "spec_turn",
        json!({"session_id": id, "turn": {"facts": [], "questions": null, "phase_complete": true, "no_requirement": false}}),
    );
    assert_eq!(invalid["is_error"], true, "{invalid}");
    let repair = invalid["text"].as_str().unwrap();
    assert!(
        repair.contains("refused the turn (attempt 1 of 9"),
        "{repair}"
    );
    assert!(
        repair.contains("`questions` is null but these topics are not covered yet"),
        "{repair}"
    );
    assert!(repair.contains("spec_turn"), "{repair}");
    let again = &invalid["structured"]["turn_request"];
    assert_eq!(again["attempt"], 2);
    assert!(
        again["errors"][0]
            .as_str()
            .unwrap()
            .starts_with("`questions` is null"),
        "{again}"
    );
    // Not JSON at all is refused the same way.
    let garbage = b.call(
        "spec_turn",
        json!({"session_id": id, "turn": "no json here"}),
    );
    assert_eq!(garbage["is_error"], true, "{garbage}");
    assert_eq!(garbage["structured"]["turn_request"]["attempt"], 3);

    // Valid turns from here to the end.
    let mut current = garbage;
    let mut n = 0;
    let mut reviewed = false;
    let mut shown = Vec::new();
    let mut asked_turn_during_reply = false;
    loop {
        n += 1;
        assert!(n < 200, "the interview did not end");
        current = match status(&current) {
            "turn_needed" => {
                let turn = host_turn(&current["structured"]["turn_request"], n);
                b.ok("spec_turn", json!({"session_id": id, "turn": turn}))
            }
            "waiting_for_reply" => {
                shown.push(current["text"].as_str().unwrap().to_string());
                if !asked_turn_during_reply {
                    asked_turn_during_reply = true;
                    let wrong = b.error(
                        "spec_turn",
                        json!({"session_id": id, "turn": {"facts": []}}),
                    );
                    assert!(wrong.contains("waits for the person's reply"), "{wrong}");
                }
                let text = match current["structured"]["expect"].as_str().unwrap() {
                    "answer" => format!("Host-run answer {n}: nightly CSV files for finance"),
                    "choice" => String::new(),
                    "review" if !reviewed => {
                        reviewed = true;
                        "goal: Retry for an hour when the bucket is down".to_string()
                    }
                    // Keep what the draft adds that nobody said (or approve when asked).
                    "confirm" => String::new(),
                    _ => "/approve".to_string(),
                };
                b.ok("spec_reply", json!({"session_id": id, "text": text}))
            }
            "completed" => break,
            other => panic!("unexpected status {other}: {current}"),
        };
    }
    let last = current["text"].as_str().unwrap();
    assert!(
        last.contains("Spec written to docs/spec/biz/invoice-export-spec.md"),
        "{last}"
    );
    // What the person saw: the phase headings (carried past turn requests), the host's
    // questions, every decision with its recommendation, and the draft.
    let seen = shown.join("\n");
    assert!(seen.contains("## Phase 1 of 6: Discovery"), "{seen}");
    assert!(
        seen.contains("What should the spec say about purpose (group"),
        "{seen}"
    );
    assert!(seen.contains("## Phase 3 of 6: Design Decisions"), "{seen}");
    assert_eq!(
        seen.matches("**Recommendation:** 1. Plain").count(),
        7,
        "{seen}"
    );
    assert!(seen.contains("Decision recorded:"), "{seen}");
    assert!(seen.contains("Nightly exports of invoices"), "{seen}");
    let spec = p.read("docs/spec/biz/invoice-export-spec.md");
    assert!(spec.contains("Nightly exports of invoices for the finance team."));
    // The program decided phases and budgets: with 3 question groups in all, the topics
    // the host never got to ask about are Open Questions.
    assert!(spec.contains("## Open Questions"), "{spec}");
    let journal = p.read(&format!("docs/spec/.llm/sessions/{id}.jsonl"));
    assert!(
        journal.contains("\"repairs\":2"),
        "the repaired turn is journaled"
    );
    let status_reply = b.ok("spec_status", json!({"session_id": id}));
    assert_eq!(status_reply["structured"]["finished"], true);
    assert_eq!(status_reply["structured"]["repairs"], 2);
    b.close();
}

#[test]
fn the_hosts_model_interviews_gets_repairs_as_error_results_and_finishes_2026() {
    host_interviewer_run(Mode::Auto);
}

#[test]
fn the_hosts_model_interviews_gets_repairs_as_error_results_and_finishes_2025() {
    host_interviewer_run(Mode::Legacy);
}

fn bad_calls(mode: Mode) {
    let p = Project::new();
    p.write("outside/notes.md", "# Not a spec\n");
    let project = p.path("project");
    std::fs::create_dir_all(&project).unwrap();
    let launch = Launch {
        args: vec!["mcp".into(), "--root".into(), project.display().to_string()],
        cwd: &project,
        roots: Vec::new(),
    };
    let mut b = Bridge::start(&p, mode, launch);
    let unknown = "01900000-0000-7000-8000-000000000000";
    for tool in ["spec_reply", "spec_turn"] {
        let e = b.error(
            tool,
            json!({"session_id": unknown, "text": "x", "turn": {}}),
        );
        assert!(e.contains("not one of its arguments"), "{e}");
    }
    let e = b.error("spec_reply", json!({"session_id": unknown, "text": "x"}));
    assert!(e.contains("There is no open session"), "{e}");
    let e = b.error("spec_turn", json!({"session_id": unknown, "turn": {}}));
    assert!(e.contains("There is no open session"), "{e}");
    let e = b.error("spec_status", json!({"session_id": unknown}));
    assert!(e.contains("There is no session"), "{e}");
    let e = b.error("spec_resume", json!({"session_id": unknown}));
    assert!(e.contains("There is no session"), "{e}");
    // Wrong arguments, in the tool's own words rather than a deserializer's.
    let e = b.error("spec_reply", json!({"session_id": unknown}));
    assert_eq!(
        e,
        "spec_reply: `text` is missing (the person's reply; empty text takes the recommendation)."
    );
    let e = b.error("spec_reply", json!({"session_id": 7, "text": "x"}));
    assert_eq!(
        e,
        "spec_reply: `session_id` must be a string (the id spec_start returned), not a number."
    );
    let e = b.error("spec_start", json!({}));
    assert!(e.starts_with("spec_start: `topic` is missing"), "{e}");
    let e = b.error("spec_start", json!({"topic": "x", "interviewer": "robot"}));
    assert_eq!(
        e,
        "spec_start: `interviewer` must be \"program\" or \"host\"."
    );
    let e = b.error("spec_start", json!({"topic": "x", "max_questions": 0}));
    assert!(e.contains("at least 1"), "{e}");
    let e = b.error("spec_start", json!({"topic": "x", "colour": "blue"}));
    assert!(e.contains("`colour` is not one of its arguments"), "{e}");
    let e = b.error("spec_start", json!({"topic": "../../etc"}));
    assert!(!e.is_empty());
    assert!(!project.join("etc").exists() && !p.path("etc").exists());
    let e = b.error("spec_sessions", json!({"all": true}));
    assert!(e.contains("takes no arguments"), "{e}");
    // spec_lint reads only inside the project.
    let e = b.error("spec_lint", json!({"path": "../outside/notes.md"}));
    assert!(e.contains("is outside it"), "{e}");
    let e = b.error("spec_lint", json!({"path": "docs/none.md"}));
    assert!(e.starts_with("spec_lint cannot open docs/none.md"), "{e}");
    // A turn for a session the program interviews.
    let start = b.ok("spec_start", json!({"topic": "Rate limiter"}));
    let id = session_id(&start);
    let e = b.error(
        "spec_turn",
        json!({"session_id": id, "turn": {"facts": []}}),
    );
    assert!(
        e.contains("spec_turn is for sessions started with interviewer \"host\""),
        "{e}"
    );
    let e = b.error("spec_turn", json!({"session_id": id, "turn": 5}));
    assert!(e.contains("must be the turn as one JSON object"), "{e}");
    // A session runs once here.
    let e = b.error("spec_resume", json!({"session_id": id}));
    assert!(e.contains("already open in this server"), "{e}");
    // An unknown tool is a protocol error; the server keeps serving after all of it.
    let unknown_tool = b.request(json!({"op": "call_tool", "name": "spec_nope", "arguments": {}}));
    assert_eq!(unknown_tool["mcp_error"]["code"], -32602, "{unknown_tool}");
    // A slash command through spec_reply works as at the REPL: /status shows the
    // checklist and the questions stay pending.
    let status_reply = b.ok("spec_reply", json!({"session_id": id, "text": "/status"}));
    assert!(
        status_reply["text"].as_str().unwrap().contains("Coverage:"),
        "{status_reply}"
    );
    assert_eq!(status(&status_reply), "waiting_for_reply");
    let st = b.ok("spec_status", json!({"session_id": &id[..13]}));
    assert_eq!(st["structured"]["open_here"], true);
    assert_eq!(st["structured"]["waiting_for"], "reply");
    assert!(
        st["text"]
            .as_str()
            .unwrap()
            .contains("Waiting for the reply to:"),
        "{st}"
    );
    let sessions = b.ok("spec_sessions", json!({}));
    assert_eq!(
        sessions["structured"]["sessions"].as_array().unwrap().len(),
        1
    );
    assert_eq!(sessions["structured"]["sessions"][0]["open_here"], true);
    b.close();
}

#[test]
fn bad_calls_get_one_sentence_and_the_server_keeps_serving_2026() {
    bad_calls(Mode::Auto);
}

#[test]
fn bad_calls_get_one_sentence_and_the_server_keeps_serving_2025() {
    bad_calls(Mode::Legacy);
}

#[test]
fn an_interview_started_over_mcp_finishes_at_the_command_line() {
    let p = Project::new();
    let mut b = Bridge::start(&p, Mode::Auto, Launch::rooted(&p));
    let start = b.ok("spec_start", json!({"topic": "URL shortener"}));
    let id = session_id(&start);
    let (early, rest) = URL_SHORTENER_ANSWERS.split_at(6);
    for answer in early {
        let r = b.ok("spec_reply", json!({"session_id": id, "text": answer}));
        assert_eq!(status(&r), "waiting_for_reply");
    }
    // The host goes away mid-interview: the session is saved.
    b.close();
    let out = p.run(&["resume", &id], &(rest.join("\n") + "\n"));
    out.assert_ok();
    assert!(
        out.stdout.contains("Resuming \"URL shortener\""),
        "{}",
        out.stdout
    );
    assert!(out.stdout.contains("Spec written:"), "{}", out.stdout);
    let spec = p.read("docs/spec/biz/url-shortener-spec.md");
    // Answers given over MCP and at the terminal are both in the spec.
    assert!(spec.contains("Marketing staff in a web UI"), "{spec}");
    assert!(
        spec.contains("Links can be disabled by their owner"),
        "{spec}"
    );
    let sessions = std::fs::read_dir(p.path("docs/spec/.llm/sessions"))
        .unwrap()
        .count();
    assert_eq!(sessions, 1, "one session, continued");
}

#[test]
fn an_interview_started_at_the_command_line_finishes_over_mcp_in_the_hosts_root() {
    let p = Project::new();
    let (early, rest) = URL_SHORTENER_ANSWERS.split_at(9);
    let out = p.run(&["spec", "URL shortener"], &(early.join("\n") + "\n"));
    out.assert_saved();
    assert!(out.stdout.contains("Session saved"), "{}", out.stdout);
    // The server starts elsewhere, without --root: the client's root names the project.
    let elsewhere = tempfile::tempdir().unwrap();
    let launch = Launch {
        args: vec!["mcp".into()],
        cwd: elsewhere.path(),
        roots: vec![format!("file://{}", p.root().display())],
    };
    let mut b = Bridge::start(&p, Mode::Legacy, launch);
    let sessions = b.ok("spec_sessions", json!({}));
    let listed = &sessions["structured"]["sessions"];
    assert_eq!(listed.as_array().unwrap().len(), 1, "{sessions}");
    assert_eq!(listed[0]["finished"], false);
    assert_eq!(listed[0]["phase"], "Scope & Boundaries");
    let id = listed[0]["session_id"].as_str().unwrap().to_string();
    let resumed = b.ok("spec_resume", json!({"session_id": &id[..8]}));
    assert_eq!(status(&resumed), "waiting_for_reply");
    let text = resumed["text"].as_str().unwrap();
    assert!(
        text.starts_with("Resuming \"URL shortener\" at Scope & Boundaries."),
        "{text}"
    );
    assert!(resumed["structured"]["questions"].is_object(), "{resumed}");
    let results = answer_until_written(&mut b, &id, rest);
    let last = results.last().unwrap()["text"]
        .as_str()
        .unwrap()
        .to_string();
    assert!(
        last.contains("Spec written to docs/spec/biz/url-shortener-spec.md"),
        "{last}"
    );
    b.close();
    let spec = p.read("docs/spec/biz/url-shortener-spec.md");
    assert!(spec.contains("Marketing staff in a web UI"), "{spec}");
    assert!(
        spec.contains("Links can be disabled by their owner"),
        "{spec}"
    );
    assert!(!elsewhere.path().join("docs").exists());
}

#[test]
fn a_host_that_goes_away_while_a_turn_is_due_leaves_the_session_saved_for_spec_resume() {
    let p = Project::new();
    let mut b = Bridge::start(&p, Mode::Auto, Launch::rooted(&p));
    let start = b.ok(
        "spec_start",
        json!({"topic": "invoice export", "interviewer": "host"}),
    );
    let id = session_id(&start);
    let turn = host_turn(&start["structured"]["turn_request"], 1);
    let asked = b.ok("spec_turn", json!({"session_id": id, "turn": turn}));
    assert_eq!(status(&asked), "waiting_for_reply");
    let answered = b.ok(
        "spec_reply",
        json!({"session_id": id, "text": "Finance reconciles invoices by hand"}),
    );
    assert_eq!(status(&answered), "turn_needed");
    // The host goes away with the agent waiting for its turn.
    b.close();
    let mut b = Bridge::start(&p, Mode::Legacy, Launch::rooted(&p));
    let resumed = b.ok(
        "spec_resume",
        json!({"session_id": id, "interviewer": "host"}),
    );
    assert_eq!(status(&resumed), "turn_needed", "{resumed}");
    let request = &resumed["structured"]["turn_request"];
    assert_eq!(request["attempt"], 1);
    // The answer given before the host went away is there to capture.
    assert_eq!(
        request["state"]["answer"],
        "Finance reconciles invoices by hand"
    );
    let next = b.ok(
        "spec_turn",
        json!({"session_id": id, "turn": host_turn(request, 2)}),
    );
    assert_eq!(status(&next), "waiting_for_reply", "{next}");
    b.close();
    let journal = p.read(&format!("docs/spec/.llm/sessions/{id}.jsonl"));
    assert_eq!(
        journal.matches("\"event\":\"model_turn\"").count(),
        2,
        "{journal}"
    );
}

#[test]
fn a_session_open_in_the_mcp_server_is_refused_at_the_command_line_in_one_sentence() {
    let p = Project::new();
    let mut b = Bridge::start(&p, Mode::Auto, Launch::rooted(&p));
    let start = b.ok("spec_start", json!({"topic": "URL shortener"}));
    let id = session_id(&start);
    let r = b.ok(
        "spec_reply",
        json!({"session_id": id, "text": URL_SHORTENER_ANSWERS[0]}),
    );
    assert_eq!(status(&r), "waiting_for_reply");
    let journal = p.path(&format!("docs/spec/.llm/sessions/{id}.jsonl"));
    let before = std::fs::read_to_string(&journal).unwrap();
    // The server holds the session: a second process may not write its journal.
    let out = p.run(&["resume", &id], "an answer from the terminal\n");
    out.assert_failed();
    assert!(
        out.one_error_line()
            .contains("is open in another specwright process"),
        "{}",
        out.stderr
    );
    assert_eq!(std::fs::read_to_string(&journal).unwrap(), before);
    // The host goes on as if nothing happened.
    let r = b.ok(
        "spec_reply",
        json!({"session_id": id, "text": URL_SHORTENER_ANSWERS[1]}),
    );
    assert_eq!(status(&r), "waiting_for_reply");
    b.close();
    // Once the server is gone the session resumes at the command line.
    let out = p.run(&["resume", &id], "");
    out.assert_saved();
}
