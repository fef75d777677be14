//! The project's sessions on disk: starting one, reopening one from its journal, listing
//! them, and finding the one that wrote a spec.

use std::path::PathBuf;

use chrono::{DateTime, Utc};
use specwright_core::session::JOURNAL_VERSION;
use specwright_core::slug::topic_slug;
use specwright_core::{Event, Phase, Session, SessionSettings};
use uuid::Uuid;

use crate::error::{AgentError, Result};
use crate::files;
use crate::journal::Journal;
use crate::layout::ProjectLayout;

/// A session ready to run, with anything the user should be told first.
pub struct Opened {
    pub session: Session,
    pub journal: Journal,
    pub notices: Vec<String>,
}

/// Starts a new session about `topic`, journaling its first event before anything is
/// asked, so a folder that cannot be written fails before the user types a word.
pub fn start(
    layout: &ProjectLayout,
    topic: &str,
    settings: SessionSettings,
    now: DateTime<Utc>,
) -> Result<Opened> {
    start_with_id(layout, topic, settings, now, Uuid::now_v7())
}

/// Starts a session with a given id (a replay uses one derived from its fixture, so its
/// outputs are the same on every run).
pub fn start_with_id(
    layout: &ProjectLayout,
    topic: &str,
    settings: SessionSettings,
    now: DateTime<Utc>,
    id: Uuid,
) -> Result<Opened> {
    let (topic, slug) = topic_slug(topic)?;
    // A folder that leads out of the project is refused before anyone types a word.
    layout.confine(&layout.spec_dir())?;
    layout.confine(&layout.progress_path())?;
    let mut notices = Vec::new();
    let free = files::free_slug(layout, &slug, &Default::default());
    if free != slug {
        notices.push(format!(
            "{} already exists and will be kept; this interview writes {}.",
            layout.relative(&layout.spec_path(&slug)),
            layout.relative(&layout.spec_path(&free)),
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
    let session = Session::start(&event).map_err(AgentError::Refused)?;
    let mut journal = Journal::create(&layout.confine(&layout.journal_path(id))?)?;
    journal.append(&event)?;
    Ok(Opened {
        session,
        journal,
        notices,
    })
}

/// Starts an interview about `topic`, or, when a session of this project already wrote
/// and approved the spec for it, reopens that session at Iteration to revise the spec.
pub fn start_or_reopen(
    layout: &ProjectLayout,
    topic: &str,
    settings: SessionSettings,
    now: DateTime<Utc>,
) -> Result<Opened> {
    let (topic_name, slug) = topic_slug(topic)?;
    let spec = layout.spec_path(&slug);
    let rel = layout.relative(&spec);
    // Only the same topic reopens its spec: `C++ parser` after `C parser` shares the file
    // name, not the subject, and gets its own file.
    if spec.exists()
        && let Some(id) = writer_of(layout, &rel)?
        && read(layout, id).is_ok_and(|s| s.topic() == topic_name)
    {
        let mut opened = reopen(layout, id, now)?;
        opened.notices.push(format!(
            "{rel} was approved in session {id}; reopening it to revise the spec. Describe what to change, or /approve to keep it."
        ));
        return Ok(opened);
    }
    start(layout, topic, settings, now)
}

/// Opens a session from its journal to continue it. The journal stays locked for as long
/// as the returned [`Opened`] (its journal) lives: a second open of the same session, from
/// this process or another, fails with one sentence until then.
pub fn open(layout: &ProjectLayout, id: Uuid) -> Result<Opened> {
    let path = layout.confine(&layout.journal_path(id))?;
    let (journal, loaded) = Journal::open(&path)?;
    let session = Session::replay(&loaded.events).map_err(|source| AgentError::Replay {
        path: path.clone(),
        source,
    })?;
    crate::outputs::check_recorded_paths(layout, &session, &journal)?;
    Ok(Opened {
        session,
        journal,
        notices: loaded.notices,
    })
}

/// Reads a session from its journal without opening it for writing.
pub fn read(layout: &ProjectLayout, id: Uuid) -> Result<Session> {
    let path = layout.confine(&layout.journal_path(id))?;
    let loaded = Journal::load(&path)?;
    Session::replay(&loaded.events).map_err(|source| AgentError::Replay { path, source })
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
pub fn list(layout: &ProjectLayout) -> Result<Vec<Summary>> {
    let dir = layout.confine(&layout.sessions_dir())?;
    let entries = match std::fs::read_dir(&dir) {
        Ok(e) => e,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(Vec::new()),
        Err(source) => return Err(AgentError::Read { path: dir, source }),
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
        let summary = match read(layout, id) {
            Ok(s) => Summary {
                id,
                topic: s.topic().to_string(),
                phase: s.phase(),
                updated_at: s.updated_at(),
                spec_path: s
                    .spec_path()
                    .map(str::to_string)
                    .unwrap_or_else(|| layout.relative(&layout.spec_path(s.slug()))),
                finished: s.is_completed(),
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
pub fn latest(layout: &ProjectLayout) -> Result<Option<Uuid>> {
    let all = list(layout)?;
    Ok(all
        .iter()
        .find(|s| !s.finished)
        .or_else(|| all.first())
        .map(|s| s.id))
}

/// The finished session that wrote the spec at `spec_rel` (relative to the root), if any:
/// the most recent one.
pub fn writer_of(layout: &ProjectLayout, spec_rel: &str) -> Result<Option<Uuid>> {
    Ok(list(layout)?
        .into_iter()
        .find(|s| s.problem.is_none() && s.finished && s.spec_path == spec_rel)
        .map(|s| s.id))
}

/// Reopens the finished session `id` at Iteration, journaling that it was reopened.
pub fn reopen(layout: &ProjectLayout, id: Uuid, now: DateTime<Utc>) -> Result<Opened> {
    let mut opened = open(layout, id)?;
    let event = Event::Reopened { at: now };
    // Checked before it is journaled: a journal never holds an event that cannot apply.
    let mut next = opened.session.clone();
    next.apply(&event).map_err(AgentError::Refused)?;
    opened.journal.append(&event)?;
    opened.session = next;
    if let (Some(rel), Some(sha)) = (opened.session.spec_path(), opened.session.spec_sha256())
        && let Some(stem) = layout.spec_stem_of(opened.session.slug(), rel)
        && let Ok(Some(text)) = files::read_confined(layout, &layout.spec_path(&stem))
        && crate::outputs::sha256_hex(&text) != sha
    {
        opened.notices.push(format!(
            "{rel} was edited by hand since specwright wrote it; your edits will be kept: the revision is merged into them when you approve."
        ));
    }
    Ok(opened)
}
