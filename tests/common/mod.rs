//! A small builder for end-to-end tests of the binary: arguments, stdin, environment;
//! each test in its own temporary project root.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

pub struct Project {
    pub dir: tempfile::TempDir,
}

pub struct Output {
    pub status: i32,
    pub stdout: String,
    pub stderr: String,
}

impl Output {
    pub fn assert_ok(&self) -> &Self {
        assert_eq!(
            self.status, 0,
            "expected success\nstdout:\n{}\nstderr:\n{}",
            self.stdout, self.stderr
        );
        self
    }

    /// Exit status 3: the input ended before the spec was written; the session is saved.
    pub fn assert_saved(&self) -> &Self {
        assert_eq!(
            self.status, 3,
            "expected \"saved, not finished\" (3)\nstdout:\n{}\nstderr:\n{}",
            self.stdout, self.stderr
        );
        self
    }

    pub fn assert_failed(&self) -> &Self {
        assert_ne!(
            self.status, 0,
            "expected failure\nstdout:\n{}\nstderr:\n{}",
            self.stdout, self.stderr
        );
        self
    }

    /// The error line: exactly one line on stderr, starting with `error: `.
    pub fn one_error_line(&self) -> String {
        let lines: Vec<&str> = self
            .stderr
            .lines()
            .filter(|l| !l.trim().is_empty())
            .collect();
        assert_eq!(
            lines.len(),
            1,
            "expected one error line, got:\n{}",
            self.stderr
        );
        assert!(lines[0].starts_with("error: "), "{}", lines[0]);
        assert!(!self.stderr.contains("panicked"), "{}", self.stderr);
        lines[0].to_string()
    }
}

impl Project {
    pub fn new() -> Project {
        Project {
            dir: tempfile::tempdir().unwrap(),
        }
    }

    pub fn root(&self) -> &Path {
        self.dir.path()
    }

    pub fn path(&self, rel: &str) -> PathBuf {
        self.dir.path().join(rel)
    }

    pub fn read(&self, rel: &str) -> String {
        std::fs::read_to_string(self.path(rel)).unwrap_or_else(|e| panic!("cannot read {rel}: {e}"))
    }

    pub fn write(&self, rel: &str, text: &str) {
        let p = self.path(rel);
        std::fs::create_dir_all(p.parent().unwrap()).unwrap();
        std::fs::write(p, text).unwrap();
    }

    /// The journal of the project's only session.
    pub fn journal_path(&self) -> PathBuf {
        let entries: Vec<PathBuf> = std::fs::read_dir(self.path("docs/spec/.llm/sessions"))
            .unwrap_or_else(|e| panic!("no sessions folder: {e}"))
            .flatten()
            .map(|e| e.path())
            .filter(|p| p.extension().is_some_and(|x| x == "jsonl"))
            .collect();
        assert_eq!(entries.len(), 1, "one session expected: {entries:?}");
        entries[0].clone()
    }

    /// The text of the project's only session journal.
    pub fn journal_text(&self) -> String {
        std::fs::read_to_string(self.journal_path()).unwrap()
    }

    /// The binary with `args`, `--root` set and a clean environment (no developer config
    /// or key), for tests that drive the process themselves; stdio is theirs to set.
    pub fn command(&self, args: &[&str]) -> Command {
        let mut cmd = Command::new(env!("CARGO_BIN_EXE_specwright"));
        cmd.args(args)
            .arg("--root")
            .arg(self.root())
            .current_dir(self.root())
            .env_clear()
            .env("PATH", std::env::var("PATH").unwrap_or_default())
            .env("HOME", self.root())
            .env("XDG_CONFIG_HOME", self.root().join(".config-home"))
            .env("XDG_STATE_HOME", self.root().join(".state-home"))
            .env("NO_COLOR", "1");
        cmd
    }

    /// Runs the binary in the project root with `--root` set, with a clean environment
    /// so no developer config or key leaks in.
    pub fn run(&self, args: &[&str], stdin: &str) -> Output {
        self.run_env(args, stdin, &[])
    }

    pub fn run_env(&self, args: &[&str], stdin: &str, env: &[(&str, &str)]) -> Output {
        let mut cmd = self.command(args);
        cmd.stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped());
        for (k, v) in env {
            cmd.env(k, v);
        }
        let mut child = cmd.spawn().unwrap();
        {
            let mut input = child.stdin.take().unwrap();
            // The binary may exit before reading everything (e.g. on an error).
            let _ = input.write_all(stdin.as_bytes());
        }
        let out = child.wait_with_output().unwrap();
        Output {
            status: out.status.code().unwrap_or(-1),
            stdout: String::from_utf8_lossy(&out.stdout).into_owned(),
            stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
        }
    }
}

/// Answers for a whole offline interview of the URL shortener, one per user event (the
/// answer about the draft's holes is one multi-line answer).
pub const URL_SHORTENER_ANSWERS: &[&str] = &[
    // Discovery
    "Marketing links are long and ugly; we need short links we can track",
    "Marketing staff in a web UI and our CMS through an API",
    "Create a short link for a long URL; Redirect a visitor from the short link; See click counts per link",
    "The CMS (Contentful): creates links through the API; our SSO: signs marketers in",
    "Must run on our Kubernetes cluster; launch by March",
    // Scope
    "Create links; redirect; click counts",
    "Custom domains; QR codes",
    "Create: long URL -> short code; Redirect: short code -> HTTP 301 to the long URL",
    "Link: code (string, unique), target URL (URL), created at (timestamp); Click: link (Link code), timestamp (timestamp), referrer (string)",
    "Our managed database: stores links and clicks; Redis: caches hot links",
    "p50 10 ms, p99 50 ms for redirects",
    "2000 redirects per second at peak",
    "99.95%",
    "Links forever; click events 13 months",
    // Decisions: Enter, number with reason, name, own choice, Enter x3
    "",
    "1 because every client speaks HTTP",
    "Async/await",
    "Typed errors with stable error codes since the CMS switches on them",
    "",
    "",
    "",
    // Edge cases
    "Reject with a 400 and say which field is wrong; URLs over 2 KB are refused",
    "If Redis is down, read from the database; if the database is down, redirects from cache only",
    "Crash-only design: restart pods, no partial writes",
    "100 link creations per minute per user",
    "Block javascript: URLs and known phishing domains",
    "10x fits on three pods; 100x needs a CDN in front",
    "Strong for link creation, eventual for click counts",
    // Draft: the holes it leaves (each use case's trigger and outcome), then what it adds
    // that nobody said (kept with Enter)
    "\"\"\"\nUC-1 before: the marketer is signed in through SSO\nUC-1 after: the short link exists\nUC-2 before: the short link exists\nUC-2 after: the visitor is on the target page and the click is counted\nUC-3 before: the marketer is signed in through SSO\nUC-3 after: the marketer has seen the counts\nUC-1 error: the URL is malformed, and nothing is stored\nUC-2 error: the code is unknown, and the visitor sees a not-found page\n\"\"\"",
    "",
    // Iteration
    "goal: Links can be disabled by their owner",
    "/approve",
];

/// The shipped spec template with `{{!-- also: Verbs, Command reference --}}` under `##
/// API Contracts`: a project declaring its own names for the API section.
pub fn template_declaring_api_names() -> String {
    let shipped = std::fs::read_to_string(format!(
        "{}/prompts/templates/spec.md.hbs",
        env!("CARGO_MANIFEST_DIR")
    ))
    .unwrap();
    let declaring = shipped.replacen(
        "## API Contracts\n",
        "## API Contracts\n{{!-- also: Verbs, Command reference --}}\n",
        1,
    );
    assert_ne!(
        declaring, shipped,
        "the shipped template has no `## API Contracts`"
    );
    declaring
}
