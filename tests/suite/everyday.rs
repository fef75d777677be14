//! The everyday command line through the binary: exit statuses, resuming, `config show`,
//! JSON output, completions, the manual page, quiet mode and logs.

use serde_json::Value;

use crate::common::{Project, URL_SHORTENER_ANSWERS};

fn all_answers() -> String {
    URL_SHORTENER_ANSWERS.join("\n") + "\n"
}

fn finished(p: &Project) {
    p.run(&["spec", "URL shortener"], &all_answers())
        .assert_ok();
}

fn only_session_id(p: &Project) -> String {
    p.journal_path()
        .file_stem()
        .unwrap()
        .to_str()
        .unwrap()
        .to_string()
}

#[test]
fn exit_statuses_tell_a_written_spec_from_a_saved_session_an_error_and_a_usage_error() {
    let p = Project::new();
    // 3: the input ended before the spec was written, for spec, resume and revise.
    let out = p.run(
        &["spec", "URL shortener"],
        &(URL_SHORTENER_ANSWERS[..3].join("\n") + "\n"),
    );
    assert_eq!(out.status, 3, "{}", out.stderr);
    let out = p.run(
        &["resume", "--last"],
        &(URL_SHORTENER_ANSWERS[3..6].join("\n") + "\n"),
    );
    assert_eq!(out.status, 3, "{}", out.stderr);
    // /quit saves too.
    let out = p.run(&["resume"], "/quit\n");
    assert_eq!(out.status, 3, "{}", out.stderr);
    // 0: the spec is written.
    let out = p.run(&["resume"], &(URL_SHORTENER_ANSWERS[6..].join("\n") + "\n"));
    assert_eq!(out.status, 0, "{}", out.stderr);
    assert!(p.path("docs/spec/biz/url-shortener-spec.md").exists());
    let out = p.run(&["revise", "docs/spec/biz/url-shortener-spec.md"], "");
    assert_eq!(out.status, 3, "revise without /approve: {}", out.stderr);
    // The revision left unfinished goes on.
    let out = p.run(
        &["revise", "docs/spec/biz/url-shortener-spec.md"],
        "/approve\n",
    );
    assert_eq!(out.status, 0, "{}", out.stderr);
    assert!(out.stdout.contains("Spec written"), "{}", out.stdout);
    // 1: an error, one sentence.
    let q = Project::new();
    let out = q.run(&["resume"], "");
    assert_eq!(out.status, 1);
    out.one_error_line();
    // 2: the command line could not be parsed.
    for args in [
        &["spec"][..],
        &["spec", "x", "--no-such-flag"],
        &["spec", "x", "--max-questions", "0"],
        &["spec", "x", "--max-questions", "3074457345618258603"],
        &["spec", "x", "--provider", "anthropic"],
        &["sessions", "--model", "m"],
        &["--base-url", "http://127.0.0.1:9/v1", "lint", "x.md"],
        &["completions", "tcsh"],
    ] {
        let out = q.run(args, "");
        assert_eq!(out.status, 2, "{args:?}: {}", out.stderr);
        assert!(!out.stderr.contains("panicked"), "{}", out.stderr);
    }
    // --help and --version succeed.
    assert_eq!(q.run(&["--help"], "").status, 0);
    assert_eq!(q.run(&["--version"], "").status, 0);
}

#[test]
fn resume_with_nothing_unfinished_says_so_and_points_at_revise() {
    let p = Project::new();
    finished(&p);
    let id = only_session_id(&p);
    let out = p.run(&["resume", "--last"], "some answer\n");
    assert_eq!(out.status, 1);
    let err = out.one_error_line();
    assert!(
        err.contains("there is no unfinished session to resume")
            && err.contains("\"URL shortener\", is finished")
            && err.contains("specwright revise docs/spec/biz/url-shortener-spec.md"),
        "{err}"
    );
    assert!(!out.stdout.contains("Completion"), "{}", out.stdout);
    let out = p.run(&["resume", &id[..8]], "");
    assert_eq!(out.status, 1);
    let err = out.one_error_line();
    assert!(
        err.contains(&format!("session {id} (\"URL shortener\") is finished"))
            && err.contains("specwright revise docs/spec/biz/url-shortener-spec.md"),
        "{err}"
    );
}

#[test]
fn config_show_on_a_fresh_machine_prints_every_value_with_a_key_and_its_origin() {
    let p = Project::new();
    let out = p.run(&["config", "show"], "");
    out.assert_ok();
    let lines: Vec<&str> = out.stdout.lines().collect();
    let keys: Vec<&str> = lines
        .iter()
        .map(|l| l.split(" = ").next().unwrap().trim())
        .collect();
    assert_eq!(
        keys,
        vec![
            "provider",
            "profile",
            "model",
            "base_url",
            "api_key",
            "trust",
            "connect_timeout",
            "idle_timeout",
            "max_retries",
            "max_repairs",
            "stream",
            "max_tokens",
            "temperature",
            "context_window",
            "max_reply_bytes",
            "max_reply_secs",
            "fallback",
            "history",
            "project_file",
            "user_file",
        ],
        "{}",
        out.stdout
    );
    for line in &lines {
        assert!(line.ends_with(')'), "no origin: {line}");
    }
    let line = |key: &str| {
        lines
            .iter()
            .find(|l| l.starts_with(&format!("{key:<16} = ")))
            .unwrap()
            .to_string()
    };
    assert!(
        line("provider").contains("offline interviewer runs"),
        "{}",
        out.stdout
    );
    assert!(line("fallback").contains("= offline") && line("fallback").ends_with("(default)"));
    assert!(line("history").contains("= on"));
    assert!(line("project_file").ends_with("(not found)"));

    let out = p.run_env(
        &["config", "show"],
        "",
        &[
            ("SPECWRIGHT_HISTORY", "off"),
            ("OPENAI_API_KEY", "sk-fresh-DONOTSHOW-9876"),
            (
                "OPENAI_BASE_URL",
                "https://me:hunter2@proxy.example/v1?key=QUERYSECRET",
            ),
        ],
    );
    out.assert_ok();
    let text = &out.stdout;
    assert!(
        text.contains("history          = off")
            && text.contains("(environment SPECWRIGHT_HISTORY)"),
        "{text}"
    );
    assert!(
        text.contains("(inferred from base_url (environment OPENAI_BASE_URL))"),
        "{text}"
    );
    assert!(
        !text.contains("hunter2") && !text.contains("QUERYSECRET") && !text.contains("DONOTSHOW"),
        "{text}"
    );
    assert!(
        text.contains("https://me:***@proxy.example/v1?key=***"),
        "{text}"
    );
    let out = p.run_env(
        &["config", "show"],
        "",
        &[("OPENAI_API_KEY", "sk-fresh-DONOTSHOW-9876")],
    );
    assert!(
        out.stdout.contains("(inferred from OPENAI_API_KEY)"),
        "{}",
        out.stdout
    );

    let out = p.run(&["config", "show", "--json"], "");
    out.assert_ok();
    let json: Value = serde_json::from_str(&out.stdout).unwrap();
    assert_eq!(json["provider"]["value"], "offline");
    assert_eq!(json["fallback"]["value"], "offline");
    assert_eq!(json["history"]["source"], "default");
}

#[test]
fn json_output_for_sessions_status_and_check() {
    let p = Project::new();
    finished(&p);
    p.run(&["spec", "Rate limiter"], "It limits requests per client\n")
        .assert_saved();
    let out = p.run(&["sessions", "--json"], "");
    out.assert_ok();
    let sessions: Value = serde_json::from_str(&out.stdout).unwrap();
    let sessions = sessions.as_array().unwrap();
    assert_eq!(sessions.len(), 2);
    assert_eq!(sessions[0]["topic"], "Rate limiter");
    assert_eq!(sessions[0]["finished"], false);
    assert_eq!(
        sessions[1]["spec_path"],
        "docs/spec/biz/url-shortener-spec.md"
    );
    let rate = sessions[0]["id"].as_str().unwrap().to_string();
    let url = sessions[1]["id"].as_str().unwrap().to_string();

    let out = p.run(&["status", &url, "--json"], "");
    out.assert_ok();
    let status: Value = serde_json::from_str(&out.stdout).unwrap();
    assert_eq!(status["topic"], "URL shortener");
    assert_eq!(status["finished"], true);
    assert_eq!(status["decisions"].as_array().unwrap().len(), 7);
    assert_eq!(status["interviewer"]["provider"], "offline");

    // Without an id: the most recent session, in words.
    let out = p.run(&["status"], "");
    out.assert_ok();
    assert!(
        out.stdout.contains(&format!("Session: {rate}"))
            && out.stdout.contains("Phase 1 of 6: Discovery")
            && out.stdout.contains("Model: the offline interviewer")
            && out
                .stdout
                .contains(&format!("continue with specwright resume {rate}")),
        "{}",
        out.stdout
    );

    let out = p.run(&["check", &url, "--json"], "");
    let check: Value = serde_json::from_str(&out.stdout).unwrap();
    assert_eq!(check["topic"], "URL shortener");
    assert_eq!(
        out.status,
        if check["dropped"].as_array().unwrap().is_empty() {
            0
        } else {
            1
        }
    );
}

#[test]
fn completions_for_each_shell_and_the_manual_page() {
    let p = Project::new();
    for shell in ["bash", "zsh", "fish", "powershell"] {
        let out = p.run(&["completions", shell], "");
        out.assert_ok();
        assert!(
            out.stdout.contains("specwright") && out.stdout.contains("resume"),
            "{shell}: {}",
            out.stdout
        );
    }
    let bash = p.run(&["completions", "bash"], "").stdout;
    assert!(
        bash.contains("--base-url") && bash.contains("--max-questions"),
        "{bash}"
    );
    let man = p.run(&["man"], "");
    man.assert_ok();
    assert!(
        man.stdout.starts_with(".ie"),
        "{}",
        &man.stdout[..200.min(man.stdout.len())]
    );
    assert!(man.stdout.contains(".TH specwright 1"), "{}", man.stdout);
    let out = p.run(&["man", "--out-dir", "man"], "");
    out.assert_ok();
    assert!(p.path("man/specwright.1").exists());
    assert!(p.path("man/specwright-spec.1").exists());
    assert!(p.read("man/specwright-spec.1").contains("max\\-questions"));
}

#[test]
fn quiet_mode_keeps_the_questions_and_the_result_and_drops_the_chatter() {
    let p = Project::new();
    let out = p.run(&["spec", "URL shortener", "-q"], &all_answers());
    out.assert_ok();
    assert!(
        !out.stdout.contains("No LLM is configured"),
        "{}",
        out.stdout
    );
    assert!(out.stdout.contains("What is the purpose of URL shortener?"));
    assert!(out.stdout.contains("Spec written: "), "{}", out.stdout);
    // Piped answers are not echoed back after their prompt.
    let echoed = format!("answer> {}", URL_SHORTENER_ANSWERS[0]);
    assert!(!out.stdout.contains(&echoed), "{}", out.stdout);
    let loud = Project::new();
    let out = loud.run(&["spec", "URL shortener"], &all_answers());
    assert!(out.stdout.contains("No LLM is configured"));
    assert!(out.stdout.contains(&echoed));
}

#[test]
fn rust_log_is_honoured_and_logs_to_a_pipe_carry_no_colour() {
    let p = Project::new();
    let out = p.run_env(
        &["spec", "URL shortener"],
        "Short links\n",
        &[("RUST_LOG", "info")],
    );
    out.assert_saved();
    assert!(
        out.stderr.contains("INFO") && out.stderr.contains("interviewer chosen"),
        "{}",
        out.stderr
    );
    assert!(!out.stderr.contains('\u{1b}'), "{:?}", out.stderr);
    // SPECWRIGHT_LOG wins over RUST_LOG.
    let out = p.run_env(
        &["resume"],
        "",
        &[("RUST_LOG", "info"), ("SPECWRIGHT_LOG", "error")],
    );
    assert!(!out.stderr.contains("INFO"), "{}", out.stderr);
    let out = p.run(&["resume", "-v"], "");
    assert!(
        out.stderr.contains("interviewer chosen") && !out.stderr.contains('\u{1b}'),
        "{:?}",
        out.stderr
    );
    let out = p.run(&["resume", "-q"], "");
    assert_eq!(out.stderr, "", "-q: no log lines");
}

#[test]
fn skip_says_what_it_deferred_and_plan_says_where_it_runs() {
    let p = Project::new();
    let out = p.run(&["spec", "URL shortener"], "/skip\n/plan\n");
    out.assert_saved();
    assert!(
        out.stdout
            .contains("Deferred to the spec's Open Questions: Purpose and the problem it solves."),
        "{}",
        out.stdout
    );
    assert!(
        out.stdout
            .contains("/plan is a command of the llm-init framework, not of specwright"),
        "{}",
        out.stdout
    );
    let out = p.run(&[], "/decompose\n");
    assert!(
        out.stdout
            .contains("/decompose is a command of the llm-init framework"),
        "{}",
        out.stdout
    );
    let done = p.run(&["spec", "Invoice export"], &all_answers());
    done.assert_ok();
    assert!(
        done.stdout
            .contains("in the llm-init framework (not a specwright command)"),
        "{}",
        done.stdout
    );
}
