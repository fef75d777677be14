//! The binary end to end with its base URL pointed at a mock OpenAI-compatible server.

use std::collections::VecDeque;
use std::sync::Mutex;

use crate::common::Project;
use serde_json::{Value, json};
use wiremock::{Mock, MockServer, Request, Respond, ResponseTemplate};

const KEY: &str = "sk-e2e-DONOTLEAKTHISKEY-7777";

/// Serves a fixture's model replies in order, as chat completions.
struct Script(Mutex<VecDeque<String>>);

impl Respond for Script {
    fn respond(&self, _req: &Request) -> ResponseTemplate {
        match self.0.lock().unwrap().pop_front() {
            Some(content) => ResponseTemplate::new(200).set_body_json(json!({
                "choices": [{"index": 0, "message": {"role": "assistant", "content": content}, "finish_reason": "stop"}],
                "usage": {"prompt_tokens": 100, "completion_tokens": 20}
            })),
            None => ResponseTemplate::new(500).set_body_string("the script ran out"),
        }
    }
}

fn fixture() -> (Vec<String>, Vec<String>) {
    let text = std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/fixtures/offline-url-shortener.jsonl"
    ))
    .unwrap();
    let (mut replies, mut inputs) = (Vec::new(), Vec::new());
    for line in text.lines().skip(1) {
        let v: Value = serde_json::from_str(line).unwrap();
        if let Some(m) = v.get("model") {
            replies.push(
                m.as_str()
                    .map(str::to_string)
                    .unwrap_or_else(|| m.to_string()),
            );
        } else if let Some(u) = v.get("user") {
            inputs.push(u.as_str().unwrap().to_string());
        }
    }
    (replies, inputs)
}

fn run_against(server_uri: &str, p: &Project, args: &[&str], stdin: &str) -> crate::common::Output {
    let base = format!("{server_uri}/v1");
    let mut all = vec!["--base-url", base.as_str(), "--model", "mock-model"];
    all.extend_from_slice(args);
    p.run_env(&all, stdin, &[("OPENAI_API_KEY", KEY)])
}

#[tokio::test(flavor = "multi_thread")]
async fn an_interview_against_an_openai_compatible_server_writes_the_same_spec() {
    let server = MockServer::start().await;
    let (replies, inputs) = fixture();
    Mock::given(wiremock::matchers::method("POST"))
        .respond_with(Script(Mutex::new(replies.into())))
        .mount(&server)
        .await;
    let p = Project::new();
    let uri = server.uri();
    let stdin = inputs.join("\n") + "\n";
    let out = {
        let p = &p;
        tokio::task::block_in_place(|| {
            run_against(
                &uri,
                p,
                &["spec", "URL shortener", "--record", "recorded.jsonl"],
                &stdin,
            )
        })
    };
    out.assert_ok();
    let expected = std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/fixtures/offline-url-shortener.expected/docs/spec/biz/url-shortener-spec.md"
    ))
    .unwrap();
    assert_eq!(p.read("docs/spec/biz/url-shortener-spec.md"), expected);
    assert!(
        out.stdout.contains("Interviewing with mock-model at"),
        "{}",
        out.stdout
    );
    assert!(
        out.stdout
            .contains("Tokens: 3400 prompt + 680 completion over 34 model turns"),
        "{}",
        out.stdout
    );

    let requests = server.received_requests().await.unwrap();
    assert_eq!(requests.len(), 34);
    for r in &requests {
        assert_eq!(
            r.headers.get("authorization").unwrap().to_str().unwrap(),
            format!("Bearer {KEY}")
        );
        let body: Value = serde_json::from_slice(&r.body).unwrap();
        assert_eq!(body["response_format"]["type"], "json_schema");
        assert_eq!(body["model"], "mock-model");
        // The system prompt comes first; the whole transcript is never sent.
        assert_eq!(body["messages"][0]["role"], "system");
        assert!(body["messages"].as_array().unwrap().len() <= 4);
    }
    // The key is in no file specwright wrote.
    for entry in walk(p.root()) {
        let text = std::fs::read_to_string(&entry).unwrap_or_default();
        assert!(
            !text.contains("DONOTLEAKTHISKEY"),
            "the key leaked into {}",
            entry.display()
        );
    }
    assert!(p.read("recorded.jsonl").lines().count() > 60);
}

fn walk(dir: &std::path::Path) -> Vec<std::path::PathBuf> {
    let mut out = Vec::new();
    for e in std::fs::read_dir(dir).unwrap().flatten() {
        let path = e.path();
        if path.is_dir() {
            out.extend(walk(&path));
        } else {
            out.push(path);
        }
    }
    out
}

#[tokio::test(flavor = "multi_thread")]
async fn with_fallback_fail_a_reply_that_never_validates_stops_with_one_sentence() {
    let server = MockServer::start().await;
    Mock::given(wiremock::matchers::method("POST"))
        .respond_with(Script(Mutex::new(
            vec!["{\"facts\": \"not a list\"}".to_string(); 3].into(),
        )))
        .mount(&server)
        .await;
    let p = Project::new();
    p.write(".specwright.toml", "fallback = \"fail\"\n");
    let uri = server.uri();
    let out = tokio::task::block_in_place(|| run_against(&uri, &p, &["spec", "URL shortener"], ""));
    out.assert_failed();
    let err = out.one_error_line();
    assert!(err.contains("still invalid after 3 attempts"), "{err}");
    assert!(err.contains("specwright resume"), "{err}");
    assert_eq!(
        server.received_requests().await.unwrap().len(),
        3,
        "the first try and two repairs"
    );
    let repair: Value =
        serde_json::from_slice(&server.received_requests().await.unwrap()[1].body).unwrap();
    let last = repair["messages"].as_array().unwrap().last().unwrap()["content"]
        .as_str()
        .unwrap()
        .to_string();
    assert!(
        last.contains("could not be used") && last.contains("invalid type"),
        "{last}"
    );
}

#[test]
fn config_show_masks_the_key_and_names_each_source() {
    let p = Project::new();
    p.write(
        ".specwright.toml",
        "model = \"from-project\"\nidle_timeout_secs = 900\n",
    );
    let out = p.run_env(
        &["config", "show"],
        "",
        &[
            ("OPENAI_API_KEY", KEY),
            ("OPENAI_BASE_URL", "http://127.0.0.1:9/v1"),
        ],
    );
    out.assert_ok();
    assert!(
        out.stdout.contains("provider") && out.stdout.contains("openai"),
        "{}",
        out.stdout
    );
    assert!(
        out.stdout.contains("from-project") && out.stdout.contains(".specwright.toml"),
        "{}",
        out.stdout
    );
    assert!(
        out.stdout.contains("sk-…7777") && !out.stdout.contains("DONOTLEAK"),
        "{}",
        out.stdout
    );
    assert!(
        out.stdout.contains("environment OPENAI_BASE_URL"),
        "{}",
        out.stdout
    );
    assert!(out.stdout.contains("900 s"), "{}", out.stdout);
}

#[test]
fn a_key_with_control_characters_is_refused_without_echoing_it() {
    let p = Project::new();
    let out = p.run_env(
        &["spec", "URL shortener"],
        "",
        &[("OPENAI_API_KEY", "sk-abc\u{7}DONOTLEAK")],
    );
    out.assert_failed();
    let err = out.one_error_line();
    assert!(
        err.contains("control characters") && !err.contains("DONOTLEAK"),
        "{err}"
    );
}

#[test]
fn an_unreachable_server_is_one_sentence_and_nothing_is_lost() {
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let port = listener.local_addr().unwrap().port();
    drop(listener);
    let p = Project::new();
    p.write(".specwright.toml", "max_retries = 0\n");
    let out = p.run(
        &[
            "spec",
            "URL shortener",
            "--base-url",
            &format!("http://127.0.0.1:{port}/v1"),
        ],
        "",
    );
    out.assert_failed();
    let err = out.one_error_line();
    assert!(
        err.contains(&format!(
            "could not reach the model server at http://127.0.0.1:{port}/v1"
        )),
        "{err}"
    );
    assert!(err.contains("specwright resume"), "{err}");
}

#[tokio::test(flavor = "multi_thread")]
async fn requests_are_kept_under_the_context_window_and_silent_truncation_is_reported() {
    let server = MockServer::start().await;
    let (replies, inputs) = fixture();
    Mock::given(wiremock::matchers::method("POST"))
        .respond_with(Script(Mutex::new(replies.into())))
        .mount(&server)
        .await;
    let p = Project::new();
    p.write(".specwright.toml", "context_window = 100\n");
    let uri = server.uri();
    let stdin = inputs[..6].join("\n") + "\n";
    let out =
        tokio::task::block_in_place(|| run_against(&uri, &p, &["spec", "URL shortener"], &stdin));
    out.assert_saved();
    assert_eq!(
        out.stdout
            .matches("is larger than the model's context window (100 tokens)")
            .count(),
        1,
        "{}",
        out.stdout
    );
    // The mock reports 100 prompt tokens for requests of a few thousand.
    assert_eq!(
        out.stdout.matches("it may have cut the prompt").count(),
        1,
        "{}",
        out.stdout
    );
    let mut ledgers = 0;
    for r in server.received_requests().await.unwrap() {
        let body: Value = serde_json::from_slice(&r.body).unwrap();
        let user = body["messages"][1]["content"].as_str().unwrap();
        assert!(
            !user.contains("## Recent exchanges"),
            "the exchange window was not shrunk first"
        );
        assert!(user.contains("## Your task"), "{user}");
        if user.contains("## Added in this phase") || user.contains("## Interview so far") {
            ledgers += 1;
        }
        assert!(
            body["messages"][0]["content"]
                .as_str()
                .unwrap()
                .contains("You are specwright")
        );
    }
    assert!(ledgers > 0, "the ledger is never dropped");
}

#[tokio::test(flavor = "multi_thread")]
async fn by_default_the_built_in_interviewer_takes_a_turn_the_model_cannot_get_valid() {
    let server = MockServer::start().await;
    Mock::given(wiremock::matchers::method("POST"))
        .respond_with(Script(Mutex::new(
            vec!["{\"facts\": \"not a list\"}".to_string(); 3].into(),
        )))
        .mount(&server)
        .await;
    let p = Project::new();
    // The fallback is left at its default. The first turn fails three times; then the
    // script is empty (HTTP 500, not retried here), so the session stops at the next turn.
    p.write(".specwright.toml", "max_retries = 0\n");
    let uri = server.uri();
    let out = tokio::task::block_in_place(|| {
        run_against(&uri, &p, &["spec", "URL shortener"], "Short links\n")
    });
    let announced: Vec<&str> = out
        .stdout
        .lines()
        .filter(|l| l.contains("the built-in interviewer takes this turn"))
        .collect();
    assert_eq!(announced.len(), 1, "{}", out.stdout);
    assert!(
        announced[0].starts_with(
            "warning: the model's interview turn was still invalid after 3 attempts ("
        ) && announced[0].len() < 300,
        "{}",
        announced[0]
    );
    // The built-in interviewer's first question was asked and answered.
    assert!(
        out.stdout.contains("What is the purpose of URL shortener?"),
        "{}",
        out.stdout
    );
    let text = p.journal_text();
    assert!(text.contains("\"fallback\":true"), "{text}");
    assert!(text.contains("Short links"), "{text}");
    out.assert_failed();
    assert!(
        out.one_error_line().contains("specwright resume"),
        "{}",
        out.stderr
    );
}

fn models_asked(requests: &[Request]) -> Vec<String> {
    requests
        .iter()
        .map(|r| {
            let body: Value = serde_json::from_slice(&r.body).unwrap();
            body["model"].as_str().unwrap().to_string()
        })
        .collect()
}

#[tokio::test(flavor = "multi_thread")]
async fn resume_keeps_the_model_the_session_started_with_and_flags_override_it() {
    let server = MockServer::start().await;
    let (replies, inputs) = fixture();
    Mock::given(wiremock::matchers::method("POST"))
        .respond_with(Script(Mutex::new(replies.into())))
        .mount(&server)
        .await;
    let p = Project::new();
    let base = format!("{}/v1", server.uri());
    let out = tokio::task::block_in_place(|| {
        p.run(
            &[
                "spec",
                "URL shortener",
                "--base-url",
                &base,
                "--model",
                "started-with",
            ],
            &(inputs[..2].join("\n") + "\n"),
        )
    });
    out.assert_saved();
    let journal = p.journal_text();
    let started = journal.lines().next().unwrap();
    assert!(
        started.contains(&format!(
            r#""interviewer":{{"provider":"openai","model":"started-with","base_url":"{base}"}}"#
        )),
        "{started}"
    );
    let before = server.received_requests().await.unwrap().len();

    // No flags: the recorded server and model, not the offline interviewer.
    let out = tokio::task::block_in_place(|| p.run(&["resume"], &(inputs[2..4].join("\n") + "\n")));
    out.assert_saved();
    assert!(
        out.stdout
            .contains("This session keeps the model it started with")
            && out
                .stdout
                .contains(&format!("Interviewing with started-with at {base}")),
        "{}",
        out.stdout
    );
    let requests = server.received_requests().await.unwrap();
    assert!(requests.len() > before, "resume asked the model nothing");
    assert!(
        models_asked(&requests[before..])
            .iter()
            .all(|m| m == "started-with")
    );
    let before = requests.len();

    // A flag overrides it for this run, with a notice.
    let out = tokio::task::block_in_place(|| {
        p.run(
            &["resume", "--model", "bigger"],
            &(inputs[4..6].join("\n") + "\n"),
        )
    });
    out.assert_saved();
    assert!(
        out.stdout.contains(
            "--model bigger replaces started-with, which this session started with, for this run."
        ),
        "{}",
        out.stdout
    );
    let requests = server.received_requests().await.unwrap();
    assert!(requests.len() > before);
    assert!(
        models_asked(&requests[before..])
            .iter()
            .all(|m| m == "bigger")
    );
}

#[tokio::test(flavor = "multi_thread")]
async fn a_server_recorded_in_a_journal_gets_the_key_only_when_named_again() {
    let server = MockServer::start().await;
    let (replies, inputs) = fixture();
    Mock::given(wiremock::matchers::method("POST"))
        .respond_with(Script(Mutex::new(replies.into())))
        .mount(&server)
        .await;
    let p = Project::new();
    let uri = server.uri();
    let base = format!("{uri}/v1");
    let out = tokio::task::block_in_place(|| {
        run_against(
            &uri,
            &p,
            &["spec", "URL shortener"],
            &(inputs[..1].join("\n") + "\n"),
        )
    });
    out.assert_saved();
    // The resume hint names the server again, so following it sends the key there.
    assert!(
        out.stdout.contains(&format!("--base-url {base}")),
        "{}",
        out.stdout
    );
    let before = server.received_requests().await.unwrap().len();
    let out =
        tokio::task::block_in_place(|| p.run_env(&["resume"], "", &[("OPENAI_API_KEY", KEY)]));
    assert_eq!(out.status, 1);
    let err = out.one_error_line();
    assert!(
        err.contains(&format!("ran against {base} (recorded in its journal)"))
            && err.contains(&format!("pass --base-url {base}"))
            && !err.contains("DONOTLEAK"),
        "{err}"
    );
    assert_eq!(
        server.received_requests().await.unwrap().len(),
        before,
        "nothing was sent"
    );
    let out = tokio::task::block_in_place(|| {
        p.run_env(
            &["resume", "--base-url", &base],
            "",
            &[("OPENAI_API_KEY", KEY)],
        )
    });
    out.assert_saved();
}

#[tokio::test(flavor = "multi_thread")]
async fn a_project_file_server_gets_the_key_only_after_specwright_trust() {
    let server = MockServer::start().await;
    let (replies, _) = fixture();
    Mock::given(wiremock::matchers::method("POST"))
        .respond_with(Script(Mutex::new(replies.into())))
        .mount(&server)
        .await;
    let p = Project::new();
    let base = format!("{}/v1", server.uri());
    p.write(
        ".specwright.toml",
        &format!("base_url = \"{base}\"\nmodel = \"m\"\n"),
    );
    let key = [("OPENAI_API_KEY", KEY)];
    let out = tokio::task::block_in_place(|| p.run_env(&["spec", "URL shortener"], "", &key));
    assert_eq!(out.status, 1);
    let err = out.one_error_line();
    assert!(
        err.contains(".specwright.toml names the server")
            && err.contains("run `specwright trust`")
            && err.contains("environment OPENAI_API_KEY"),
        "{err}"
    );
    assert!(server.received_requests().await.unwrap().is_empty());
    assert!(
        !p.path("docs/spec/.llm/sessions").exists(),
        "no session was started"
    );
    let shown = p.run_env(&["config", "show"], "", &key);
    assert!(
        shown.stdout.contains("trust            = not trusted"),
        "{}",
        shown.stdout
    );

    let out = p.run(&["trust"], "");
    out.assert_ok();
    assert!(
        out.stdout.starts_with(&format!("Trusted {base} for ")),
        "{}",
        out.stdout
    );
    let user = p.read(".config-home/specwright/config.toml");
    assert!(
        user.contains("[[trusted]]") && user.contains(&base),
        "{user}"
    );
    let shown = p.run_env(&["config", "show"], "", &key);
    assert!(
        shown.stdout.contains("trust            = trusted"),
        "{}",
        shown.stdout
    );
    let out = tokio::task::block_in_place(|| p.run_env(&["spec", "URL shortener"], "", &key));
    out.assert_saved();
    let requests = server.received_requests().await.unwrap();
    assert_eq!(
        requests[0]
            .headers
            .get("authorization")
            .unwrap()
            .to_str()
            .unwrap(),
        format!("Bearer {KEY}")
    );

    // Another server named later needs trust again.
    p.write(".specwright.toml", "base_url = \"http://127.0.0.1:9/v1\"\n");
    let out = p.run_env(&["spec", "Rate limiter"], "", &key);
    assert_eq!(out.status, 1);
    assert!(out.one_error_line().contains("specwright trust"));
}

#[test]
fn a_key_in_a_project_file_is_refused() {
    let p = Project::new();
    p.write(".specwright.toml", "api_key = \"sk-committed-DONOTLEAK\"\n");
    for args in [&["spec", "URL shortener"][..], &["config", "show"]] {
        let out = p.run(args, "");
        assert_eq!(out.status, 1);
        let err = out.one_error_line();
        assert!(
            err.contains(".specwright.toml sets api_key") && !err.contains("DONOTLEAK"),
            "{err}"
        );
    }
}
