//! Fixture transcripts: the user's inputs and the raw model replies of a whole interview,
//! in order, as JSON lines, with the files it must produce kept beside it in
//! `<name>.expected/`. Replayed in CI; written by `--record`.
//!
//! ```text
//! {"fixture": 1, "topic": "URL shortener", "now": "2026-11-24T10:00:00Z"}
//! {"model": "{\"facts\": [], ...}", "kind": "interview"}
//! {"user": "Shorten long links for a marketing team"}
//! ```

use std::fs::File;
use std::io::Write;
use std::path::{Path, PathBuf};

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use specwright_core::{Budgets, Event, SessionSettings, TurnKind};
use specwright_llm::{ChatModel, Entry, RecordedReply, ReplayModel, Script, SharedScript};
use specwright_render::spec::Renderer;

use crate::agent::{Agent, Clock, Outcome};
use crate::error::{AgentError, Result};
use crate::output;
use crate::prompts::Prompts;
use crate::sessions;
use crate::ui::{Expect, Input, Show, Ui};

pub const FIXTURE_VERSION: u32 = 1;

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FixtureHeader {
    pub fixture: u32,
    pub topic: String,
    /// The instant every event of the replay is stamped with.
    pub now: DateTime<Utc>,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub description: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub max_questions: Option<usize>,
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub accept_recommendations: bool,
    /// The session ran with `fallback = "offline"`: turns the model could not get valid
    /// were taken by the built-in interviewer, which the replay runs again.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub fallback_offline: bool,
}

impl FixtureHeader {
    pub fn settings(&self) -> SessionSettings {
        SessionSettings {
            budgets: self.max_questions.map(Budgets::spread).unwrap_or_default(),
            accept_recommendations: self.accept_recommendations,
        }
    }
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct Line {
    /// The raw reply: a string as the server sent it, or (for readable hand-written
    /// fixtures) a JSON value, served as its compact text.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    model: Option<serde_json::Value>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    kind: Option<TurnKind>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    user: Option<String>,
    /// A comment for people reading the fixture.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    note: Option<String>,
}

#[derive(Debug, Clone)]
pub struct Fixture {
    pub name: String,
    pub path: PathBuf,
    pub header: FixtureHeader,
    /// Model replies and user lines, in order.
    pub entries: Vec<Entry>,
}

impl Fixture {
    pub fn load(path: &Path) -> Result<Fixture> {
        let name = path.display().to_string();
        let text = std::fs::read_to_string(path)
            .map_err(|e| AgentError::Fixture(format!("cannot read fixture {name}: {e}")))?;
        let mut lines = text
            .lines()
            .enumerate()
            .filter(|(_, l)| !l.trim().is_empty());
        let (first_no, first) = lines
            .next()
            .ok_or_else(|| AgentError::Fixture(format!("fixture {name} is empty")))?;
        let header: FixtureHeader = serde_json::from_str(first).map_err(|e| {
            AgentError::Fixture(format!(
                "fixture {name} line {}: not a fixture header: {e}",
                first_no + 1
            ))
        })?;
        if header.fixture > FIXTURE_VERSION {
            return Err(AgentError::Fixture(format!(
                "fixture {name} uses format {}, newer than this specwright reads ({FIXTURE_VERSION})",
                header.fixture
            )));
        }
        let mut entries = Vec::new();
        for (i, raw) in lines {
            let no = i + 1;
            let line: Line = serde_json::from_str(raw)
                .map_err(|e| AgentError::Fixture(format!("fixture {name} line {no}: {e}")))?;
            match (line.model, line.user, line.note) {
                (Some(content), None, _) => {
                    let content = match content {
                        serde_json::Value::String(raw) => raw,
                        value => value.to_string(),
                    };
                    entries.push(Entry::Model(RecordedReply {
                        line: no,
                        content,
                        kind: line.kind,
                    }));
                }
                (None, Some(text), _) => entries.push(Entry::User { line: no, text }),
                (None, None, Some(_)) => {}
                _ => {
                    return Err(AgentError::Fixture(format!(
                        "fixture {name} line {no}: a line holds either \"model\" or \"user\" (or only a \"note\")"
                    )));
                }
            }
        }
        Ok(Fixture {
            name,
            path: path.to_path_buf(),
            header,
            entries,
        })
    }

    /// A session id derived from the header, the same on every replay.
    pub fn session_id(&self) -> uuid::Uuid {
        let seed = format!(
            "specwright-fixture:{}:{}",
            self.header.topic,
            self.header.now.to_rfc3339()
        );
        uuid::Uuid::new_v5(&uuid::Uuid::NAMESPACE_OID, seed.as_bytes())
    }

    /// `fixtures/x.jsonl` → `fixtures/x.expected`
    pub fn expected_dir(&self) -> PathBuf {
        self.path.with_extension("expected")
    }
}

/// Serves a fixture's user lines from the script it shares with the replay model, and
/// keeps what was shown.
pub struct ScriptedUi {
    script: SharedScript,
    pub shown: Vec<String>,
    /// Set when the agent waited for the user but the fixture has a model reply next.
    pub mismatch: Option<String>,
}

impl ScriptedUi {
    pub fn new(script: SharedScript) -> Self {
        ScriptedUi {
            script,
            shown: Vec::new(),
            mismatch: None,
        }
    }
}

impl Ui for ScriptedUi {
    fn show(&mut self, what: Show<'_>) {
        self.shown.push(format!("{what:?}"));
    }

    fn read(&mut self, _expect: Expect) -> Input {
        let Ok(mut script) = self.script.lock() else {
            return Input::Eof;
        };
        match script.entries.front().cloned() {
            Some(Entry::User { line, text }) => {
                script.entries.pop_front();
                script.last_line = line;
                Input::Line(text)
            }
            Some(Entry::Model(reply)) => {
                self.mismatch = Some(format!(
                    "fixture {} line {}: the agent waited for the user's reply, but the fixture has a model reply here",
                    script.name, reply.line
                ));
                Input::Eof
            }
            None => Input::Eof,
        }
    }
}

/// What a replay produced.
#[derive(Debug)]
pub struct Replayed {
    pub spec: PathBuf,
    pub session_id: uuid::Uuid,
}

/// Runs a fixture's interview under `root` and checks it used the whole fixture.
pub async fn replay(fixture: &Fixture, root: &Path) -> Result<Replayed> {
    replay_observed(fixture, root, None).await
}

/// Remembers every request a replay sends, for the benchmarks.
pub struct Observed<M> {
    inner: M,
    enabled: bool,
    pub requests: std::sync::Mutex<Vec<specwright_core::TurnRequest>>,
}

#[async_trait::async_trait]
impl<M: ChatModel> ChatModel for Observed<M> {
    fn describe(&self) -> String {
        self.inner.describe()
    }

    async fn complete(
        &self,
        request: &specwright_core::TurnRequest,
    ) -> specwright_llm::Result<specwright_llm::ModelReply> {
        if self.enabled
            && let Ok(mut seen) = self.requests.lock()
        {
            seen.push(request.clone());
        }
        self.inner.complete(request).await
    }
}

/// A replay that also returns every request the agent sent, in order.
pub async fn replay_collecting(
    fixture: &Fixture,
    root: &Path,
) -> Result<(Replayed, Vec<specwright_core::TurnRequest>)> {
    let requests = std::sync::Mutex::new(Vec::new());
    let replayed = replay_observed(fixture, root, Some(&requests)).await?;
    Ok((replayed, requests.into_inner().unwrap_or_default()))
}

async fn replay_observed(
    fixture: &Fixture,
    root: &Path,
    collect: Option<&std::sync::Mutex<Vec<specwright_core::TurnRequest>>>,
) -> Result<Replayed> {
    let clock = Clock::Fixed(fixture.header.now);
    let opened = sessions::start_with_id(
        root,
        &fixture.header.topic,
        fixture.header.settings(),
        clock.now(),
        fixture.session_id(),
    )?;
    let mut session = opened.session;
    let prompts = Prompts::load(None)?;
    let template = output::template_override(root);
    let renderer = Renderer::new(Some(&template)).map_err(|e| AgentError::Render(e.to_string()))?;
    let script = Script::shared(fixture.name.clone(), fixture.entries.clone());
    let model = Observed {
        inner: ReplayModel::new(script.clone()),
        enabled: collect.is_some(),
        requests: std::sync::Mutex::new(Vec::new()),
    };
    let mut ui = ScriptedUi::new(script.clone());
    let offline = if fixture.header.fallback_offline {
        Some(specwright_llm::OfflineModel::new(None)?)
    } else {
        None
    };
    let mut agent = Agent {
        model: &model,
        prompts: &prompts,
        renderer: &renderer,
        ui: &mut ui,
        journal: opened.journal,
        root: root.to_path_buf(),
        clock,
        max_repairs: 2,
        recorder: None,
        resume_command: "specwright resume {id}".into(),
        cancel_on_interrupt: false,
        context_window: None,
        warned_context: false,
        warned_truncation: false,
        fallback: offline
            .as_ref()
            .map(|m| m as &dyn specwright_llm::ChatModel),
    };
    let result = agent.run(&mut session).await;
    let name = &fixture.name;
    let (last_line, next) = match script.lock() {
        Ok(s) => (s.last_line, s.entries.front().map(Entry::line)),
        Err(_) => (0, None),
    };
    let spec = match result {
        Err(AgentError::Model(e)) => return Err(AgentError::Fixture(e.to_string())),
        Err(e) => {
            return Err(AgentError::Fixture(format!(
                "fixture {name} line {last_line}: {e}"
            )));
        }
        Ok(Outcome::Saved) => {
            if let Some(mismatch) = ui.mismatch {
                return Err(AgentError::Fixture(mismatch));
            }
            return Err(AgentError::Fixture(format!(
                "fixture {name} ran out of user input after line {last_line} before the interview ended (phase: {})",
                session.phase
            )));
        }
        Ok(Outcome::Completed { spec }) => spec,
    };
    if let Some(line) = next {
        return Err(AgentError::Fixture(format!(
            "fixture {name} line {line}: left over after the interview ended"
        )));
    }
    if let Some(out) = collect
        && let (Ok(mut out), Ok(mut seen)) = (out.lock(), model.requests.lock())
    {
        out.append(&mut seen);
    }
    Ok(Replayed {
        spec,
        session_id: session.id,
    })
}

/// Files a replay wrote under `root` that a fixture's expected folder holds: everything
/// under docs/spec but the session journals.
pub fn produced_files(root: &Path) -> Vec<String> {
    let mut out = Vec::new();
    walk(&root.join("docs").join("spec"), root, &mut out);
    out.retain(|p| !p.starts_with("docs/spec/.llm/sessions/"));
    out.sort();
    out
}

fn walk(dir: &Path, root: &Path, out: &mut Vec<String>) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for entry in entries.flatten() {
        let path = entry.path();
        if path.is_dir() {
            walk(&path, root, out);
        } else {
            out.push(output::relative(root, &path));
        }
    }
}

/// Compares what a replay wrote with the fixture's expected files; returns one readable
/// difference per file that does not match byte for byte.
pub fn check(fixture: &Fixture, root: &Path) -> Vec<String> {
    let expected_dir = fixture.expected_dir();
    let mut expected = Vec::new();
    walk(&expected_dir, &expected_dir, &mut expected);
    expected.sort();
    let produced = produced_files(root);
    let mut out = Vec::new();
    if expected.is_empty() {
        out.push(format!(
            "fixture {} has no expected files in {}",
            fixture.name,
            expected_dir.display()
        ));
    }
    for rel in &expected {
        let want = std::fs::read_to_string(expected_dir.join(rel)).unwrap_or_default();
        match std::fs::read_to_string(root.join(rel)) {
            Ok(got) if got == want => {}
            Ok(got) => {
                let diff = similar::TextDiff::from_lines(&want, &got)
                    .unified_diff()
                    .context_radius(2)
                    .header(&format!("expected/{rel}"), &format!("replayed/{rel}"))
                    .to_string();
                out.push(format!("{rel} differs from the expected file:\n{diff}"));
            }
            Err(_) => out.push(format!("{rel} was expected but not written")),
        }
    }
    for rel in produced.iter().filter(|p| !expected.contains(p)) {
        out.push(format!(
            "{rel} was written but is not among the expected files"
        ));
    }
    out
}

/// Copies what a replay wrote into the fixture's expected folder (`--bless`).
pub fn bless(fixture: &Fixture, root: &Path) -> Result<Vec<String>> {
    let dir = fixture.expected_dir();
    if dir.exists() {
        std::fs::remove_dir_all(&dir).map_err(|e| AgentError::Io {
            path: dir.clone(),
            reason: e.to_string(),
        })?;
    }
    let files = produced_files(root);
    for rel in &files {
        let text = std::fs::read_to_string(root.join(rel)).map_err(|e| AgentError::Io {
            path: root.join(rel),
            reason: e.to_string(),
        })?;
        output::write_atomic(&dir.join(rel), &text)?;
    }
    Ok(files)
}

/// Writes a live session as a fixture: the header, then every raw model reply (also the
/// ones that failed validation) and every user line, in order. Nothing else goes in, so
/// no key or header can leak into it.
pub struct FixtureRecorder {
    path: PathBuf,
    file: File,
    /// Replaced by `[REDACTED]` wherever it appears in what is recorded.
    secrets: Vec<String>,
}

impl FixtureRecorder {
    pub fn create(
        path: &Path,
        topic: &str,
        now: DateTime<Utc>,
        fallback_offline: bool,
    ) -> Result<FixtureRecorder> {
        let io = |e: std::io::Error| AgentError::Io {
            path: path.to_path_buf(),
            reason: e.to_string(),
        };
        if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
            std::fs::create_dir_all(dir).map_err(io)?;
        }
        let file = File::create(path).map_err(io)?;
        let mut rec = FixtureRecorder {
            path: path.to_path_buf(),
            file,
            secrets: Vec::new(),
        };
        let header = FixtureHeader {
            fixture: FIXTURE_VERSION,
            topic: topic.to_string(),
            now,
            description: "Recorded with specwright --record.".into(),
            fallback_offline,
            ..FixtureHeader::default()
        };
        rec.write(&serde_json::to_value(&header).unwrap_or_default())?;
        Ok(rec)
    }

    /// Never lets `secret` into the fixture, even if a model or the user repeats it.
    pub fn scrub(&mut self, secret: &str) {
        if secret.len() >= 8 {
            self.secrets.push(secret.to_string());
        }
    }

    fn write(&mut self, value: &serde_json::Value) -> Result<()> {
        let mut line = format!("{value}\n");
        for secret in &self.secrets {
            line = line.replace(secret.as_str(), "[REDACTED]");
        }
        self.file
            .write_all(line.as_bytes())
            .and_then(|()| self.file.flush())
            .map_err(|e| AgentError::Io {
                path: self.path.clone(),
                reason: e.to_string(),
            })
    }

    pub fn model_reply(&mut self, kind: TurnKind, content: &str) -> Result<()> {
        let line = Line {
            model: Some(serde_json::Value::String(content.to_string())),
            kind: Some(kind),
            user: None,
            note: None,
        };
        self.write(&serde_json::to_value(&line).unwrap_or_default())
    }

    pub fn user_event(&mut self, event: &Event) -> Result<()> {
        let text = match event {
            Event::Answer { text, .. } => text.clone(),
            Event::Skip { topics, .. } if topics.is_empty() => "/skip".into(),
            Event::Skip { topics, .. } => format!(
                "/skip {}",
                topics.iter().map(|t| t.key()).collect::<Vec<_>>().join(" ")
            ),
            Event::Approved { .. } => "/approve".into(),
            Event::Back { .. } => "/back".into(),
            _ => return Ok(()),
        };
        let line = Line {
            model: None,
            kind: None,
            user: Some(text),
            note: None,
        };
        self.write(&serde_json::to_value(&line).unwrap_or_default())
    }
}
