//! Starting, reopening and listing sessions.

use std::path::{Path, PathBuf};

use chrono::{DateTime, Utc};
use specwright_core::session::JOURNAL_VERSION;
use specwright_core::slug::topic_slug;
use specwright_core::{Event, Phase, Session, SessionSettings};
use uuid::Uuid;

use crate::error::{AgentError, Result};
use crate::journal::{Journal, journal_path, sessions_dir};
use crate::output;

/// A session ready to run, with anything the user should be told first.
pub struct Opened {
    pub session: Session,
    pub journal: Journal,
    pub notices: Vec<String>,
}

/// Starts a new session about `topic`, journaling its first event before anything is
/// asked, so a folder that cannot be written fails before the user types a word.
pub fn start(
    root: &Path,
    topic: &str,
    settings: SessionSettings,
    now: DateTime<Utc>,
) -> Result<Opened> {
    start_with_id(root, topic, settings, now, Uuid::now_v7())
}

/// Starts a session with a given id (a replay uses one derived from its fixture, so its
/// outputs are the same on every run).
pub fn start_with_id(
    root: &Path,
    topic: &str,
    settings: SessionSettings,
    now: DateTime<Utc>,
    id: Uuid,
) -> Result<Opened> {
    let (topic, slug) = topic_slug(topic)?;
    let mut notices = Vec::new();
    let free = output::free_slug(root, &slug);
    if free != slug {
        notices.push(format!(
            "{} already exists and will be kept; this interview writes {}.",
            output::relative(root, &output::spec_path(root, &slug)),
            output::relative(root, &output::spec_path(root, &free)),
        ));
    }
    let event = Event::Started {
        version: JOURNAL_VERSION,
        id,
        topic,
        slug: free,
        at: now,
        settings,
    };
    let mut journal = Journal::create(&journal_path(root, id))?;
    journal.append(&event)?;
    let session = Session::start(&event).map_err(|e| AgentError::Journal(e.to_string()))?;
    Ok(Opened {
        session,
        journal,
        notices,
    })
}

/// Starts an interview about `topic`, or, when a session of this project already wrote
/// and approved the spec for it, reopens that session at Iteration to revise the spec.
pub fn start_or_reopen(
    root: &Path,
    topic: &str,
    settings: SessionSettings,
    now: DateTime<Utc>,
) -> Result<Opened> {
    let (_, slug) = topic_slug(topic)?;
    let spec = output::spec_path(root, &slug);
    let rel = output::relative(root, &spec);
    if spec.exists()
        && let Some(id) = writer_of(root, &rel)?
    {
        let mut opened = reopen(root, id, now)?;
        opened.notices.push(format!(
            "{rel} was approved in session {id}; reopening it to revise the spec. Describe what to change, or /approve to keep it."
        ));
        return Ok(opened);
    }
    start(root, topic, settings, now)
}

/// Reopens a session from its journal.
pub fn open(root: &Path, id: Uuid) -> Result<Opened> {
    let path = journal_path(root, id);
    let loaded = Journal::load(&path)?;
    let session = Session::replay(&loaded.events).map_err(|e| {
        AgentError::Journal(format!(
            "the session journal {} cannot be replayed: {e}",
            path.display()
        ))
    })?;
    let journal = Journal::reopen(&path, loaded.valid_len)?.with_events(loaded.events);
    Ok(Opened {
        session,
        journal,
        notices: loaded.notices,
    })
}

/// One line of `specwright sessions`.
#[derive(Debug, Clone)]
pub struct Summary {
    pub id: Uuid,
    pub topic: String,
    pub phase: Phase,
    pub updated_at: DateTime<Utc>,
    pub spec_path: String,
    pub finished: bool,
    pub path: PathBuf,
    /// Why the journal could not be read, if it could not.
    pub problem: Option<String>,
}

/// Every session of the project, the most recently active first.
pub fn list(root: &Path) -> Result<Vec<Summary>> {
    let dir = sessions_dir(root);
    let entries = match std::fs::read_dir(&dir) {
        Ok(e) => e,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(Vec::new()),
        Err(e) => {
            return Err(AgentError::Io {
                path: dir,
                reason: e.to_string(),
            });
        }
    };
    let mut out = Vec::new();
    for entry in entries.flatten() {
        let path = entry.path();
        let Some(id) = path
            .file_name()
            .and_then(|n| n.to_str())
            .and_then(|n| n.strip_suffix(".jsonl"))
            .and_then(|n| Uuid::parse_str(n).ok())
        else {
            continue;
        };
        let summary = match Journal::load(&path).and_then(|l| {
            Session::replay(&l.events).map_err(|e| AgentError::Journal(e.to_string()))
        }) {
            Ok(s) => Summary {
                id,
                topic: s.topic.clone(),
                phase: s.phase,
                updated_at: s.updated_at,
                spec_path: s
                    .spec_path
                    .clone()
                    .unwrap_or_else(|| output::relative(root, &output::spec_path(root, &s.slug))),
                finished: s.completed,
                path,
                problem: None,
            },
            Err(e) => Summary {
                id,
                topic: String::new(),
                phase: Phase::Discovery,
                // A journal that cannot be read still sorts by when it was last written,
                // so `resume --last` reports its damage instead of skipping it.
                updated_at: std::fs::metadata(&path)
                    .and_then(|m| m.modified())
                    .map(DateTime::<Utc>::from)
                    .unwrap_or(DateTime::<Utc>::MIN_UTC),
                spec_path: String::new(),
                finished: false,
                path,
                problem: Some(e.to_string()),
            },
        };
        out.push(summary);
    }
    out.sort_by(|a, b| b.updated_at.cmp(&a.updated_at).then(b.id.cmp(&a.id)));
    Ok(out)
}

/// The most recently active unfinished session (a damaged journal counts as unfinished),
/// else the most recent one.
pub fn latest(root: &Path) -> Result<Option<Uuid>> {
    let all = list(root)?;
    Ok(all
        .iter()
        .find(|s| !s.finished)
        .or_else(|| all.first())
        .map(|s| s.id))
}

/// The finished session that wrote the spec at `spec_rel` (relative to the root), if any:
/// the most recent one.
pub fn writer_of(root: &Path, spec_rel: &str) -> Result<Option<Uuid>> {
    Ok(list(root)?
        .into_iter()
        .find(|s| s.problem.is_none() && s.finished && s.spec_path == spec_rel)
        .map(|s| s.id))
}

/// Reopens the finished session `id` at Iteration, journaling that it was reopened.
pub fn reopen(root: &Path, id: Uuid, now: DateTime<Utc>) -> Result<Opened> {
    let mut opened = open(root, id)?;
    let event = Event::Reopened { at: now };
    opened.journal.append(&event)?;
    opened
        .session
        .apply(&event)
        .map_err(|e| AgentError::Journal(e.to_string()))?;
    Ok(opened)
}
