//! The session journal: one JSON event per line, appended in order. One process writes a
//! journal at a time: it holds an exclusive lock on the file for as long as the session is
//! open. A model turn is written as soon as it is checked but synced to disk with the
//! person's reply that follows it, so each turn costs one fsync and a reply is durable
//! before the model is asked about it; a killed process loses nothing, a machine crash at
//! most the model turn in flight.

use std::fs::{File, OpenOptions, TryLockError};
use std::io::{Read, Write};
use std::path::{Path, PathBuf};

use specwright_core::Event;

use crate::error::{AgentError, Result};

pub struct Journal {
    path: PathBuf,
    /// Open for appending and exclusively locked while this value lives.
    file: File,
    /// Every event in the file, so the session can be rebuilt (after `/back`).
    events: Vec<Event>,
    /// The journal line each event is on (1-based), for messages about it.
    lines: Vec<usize>,
    /// The line number the next event gets.
    next_line: usize,
    /// Events written since the last sync.
    unsynced: bool,
}

/// A journal read back, with what was repaired on the way.
#[derive(Debug)]
pub struct Loaded {
    pub events: Vec<Event>,
    /// The line each event is on (1-based).
    pub lines: Vec<usize>,
    /// Sentences for the user, e.g. that a torn last line was dropped.
    pub notices: Vec<String>,
    /// Byte length of the valid part; anything after it is a torn write.
    pub valid_len: u64,
}

fn io_err(path: &Path, source: std::io::Error) -> AgentError {
    AgentError::Io {
        path: path.to_path_buf(),
        source,
    }
}

/// Takes the journal's lock, or says that another process has the session open.
fn lock(file: &File, path: &Path) -> Result<()> {
    match file.try_lock() {
        Ok(()) => Ok(()),
        Err(TryLockError::WouldBlock) => Err(AgentError::SessionBusy {
            path: path.to_path_buf(),
        }),
        Err(TryLockError::Error(e)) => Err(io_err(path, e)),
    }
}

/// Whether an event is the person's (or ends the session): the point at which everything
/// written so far must be on disk.
fn durable_point(event: &Event) -> bool {
    !matches!(event, Event::ModelTurn { .. })
}

/// A journal that cannot be opened or read: missing, or the I/O error with its cause.
fn open_error(path: &Path, e: std::io::Error) -> AgentError {
    match e.kind() {
        std::io::ErrorKind::NotFound => AgentError::NoJournal {
            path: path.to_path_buf(),
        },
        _ => AgentError::Read {
            path: path.to_path_buf(),
            source: e,
        },
    }
}

impl Journal {
    /// Creates a new journal and locks it; fails if one exists at `path`.
    pub fn create(path: &Path) -> Result<Journal> {
        let dir = path.parent().unwrap_or(Path::new("."));
        std::fs::create_dir_all(dir).map_err(|e| io_err(dir, e))?;
        let file = OpenOptions::new()
            .create_new(true)
            .append(true)
            .open(path)
            .map_err(|e| io_err(path, e))?;
        lock(&file, path)?;
        // The new file's name must survive a crash as well as its contents.
        sync_dir(dir);
        Ok(Journal {
            path: path.to_path_buf(),
            file,
            events: Vec::new(),
            lines: Vec::new(),
            next_line: 1,
            unsynced: false,
        })
    }

    /// Opens a journal to continue it: locks it, reads it, and cuts off a torn last line.
    pub fn open(path: &Path) -> Result<(Journal, Loaded)> {
        let mut file = OpenOptions::new()
            .read(true)
            .append(true)
            .open(path)
            .map_err(|e| open_error(path, e))?;
        lock(&file, path)?;
        let mut bytes = Vec::new();
        file.read_to_end(&mut bytes).map_err(|e| AgentError::Read {
            path: path.to_path_buf(),
            source: e,
        })?;
        let loaded = parse(&bytes, path)?;
        if (bytes.len() as u64) > loaded.valid_len {
            file.set_len(loaded.valid_len)
                .and_then(|()| file.sync_data())
                .map_err(|e| io_err(path, e))?;
        }
        let valid = usize::try_from(loaded.valid_len).unwrap_or(bytes.len());
        let next_line = bytes[..valid.min(bytes.len())]
            .iter()
            .filter(|b| **b == b'\n')
            .count()
            + 1;
        let journal = Journal {
            path: path.to_path_buf(),
            file,
            events: loaded.events.clone(),
            lines: loaded.lines.clone(),
            next_line,
            unsynced: false,
        };
        Ok((journal, loaded))
    }

    pub fn events(&self) -> &[Event] {
        &self.events
    }

    /// The journal line of the event at `index` (1-based).
    pub fn line_of(&self, index: usize) -> Option<usize> {
        self.lines.get(index).copied()
    }

    pub fn path(&self) -> &Path {
        &self.path
    }

    /// Appends one event. The person's replies and the session's milestones are synced to
    /// disk with everything before them; a model turn is synced with the reply after it.
    pub fn append(&mut self, event: &Event) -> Result<()> {
        let mut line = serde_json::to_string(event).map_err(|source| AgentError::Encode {
            what: "a journal event",
            source,
        })?;
        line.push('\n');
        // The key never reaches the journal, whatever text carried it here.
        let line = crate::secrets::redact(&line);
        self.file
            .write_all(line.as_bytes())
            .map_err(|e| self.write_failed(e))?;
        self.unsynced = true;
        if durable_point(event) {
            self.sync()?;
        }
        self.events.push(event.clone());
        self.lines.push(self.next_line);
        self.next_line += 1;
        Ok(())
    }

    /// Syncs what was written to disk.
    pub fn sync(&mut self) -> Result<()> {
        if self.unsynced {
            self.file.sync_data().map_err(|e| self.write_failed(e))?;
            self.unsynced = false;
        }
        Ok(())
    }

    fn write_failed(&self, source: std::io::Error) -> AgentError {
        AgentError::JournalWrite {
            path: self.path.clone(),
            source,
        }
    }

    /// Reads a journal without opening it for writing (listing, checking).
    pub fn load(path: &Path) -> Result<Loaded> {
        let bytes = std::fs::read(path).map_err(|e| open_error(path, e))?;
        parse(&bytes, path)
    }
}

impl Drop for Journal {
    fn drop(&mut self) {
        // A model turn still unsynced when the session closes gets its fsync now; the
        // lock goes with the file.
        if self.unsynced {
            let _ = self.file.sync_data();
        }
    }
}

/// Makes a new directory entry durable. Not every platform can open a directory; there the
/// entry is as durable as the platform makes it.
fn sync_dir(dir: &Path) {
    if let Ok(d) = File::open(dir) {
        let _ = d.sync_all();
    }
}

/// Parses a journal's bytes. A last line cut off mid-write is dropped with a notice; a
/// bad line anywhere else is an error naming its line number. Never panics, whatever the
/// bytes (the fuzz test holds it to that).
pub fn parse(bytes: &[u8], path: &Path) -> Result<Loaded> {
    let mut events = Vec::new();
    let mut lines = Vec::new();
    let mut notices = Vec::new();
    let mut offset = 0usize;
    let mut valid_len = 0u64;
    let mut number = 0usize;
    while offset < bytes.len() {
        number += 1;
        let end = bytes[offset..]
            .iter()
            .position(|b| *b == b'\n')
            .map(|p| offset + p);
        let (line, next, complete) = match end {
            Some(e) => (&bytes[offset..e], e + 1, true),
            None => (&bytes[offset..], bytes.len(), false),
        };
        let text = String::from_utf8_lossy(line);
        if text.trim().is_empty() {
            offset = next;
            if complete {
                valid_len = next as u64;
            }
            continue;
        }
        if !complete {
            // A last line without its newline was cut off mid-write, even if it parses.
            notices.push(format!(
                "The last line of {} (line {number}) was cut off by an interrupted write and was dropped; nothing you typed before it is lost.",
                path.display()
            ));
            break;
        }
        match serde_json::from_str::<Event>(&text) {
            Ok(event) => {
                events.push(event);
                lines.push(number);
                valid_len = next as u64;
            }
            Err(source) => {
                return Err(AgentError::DamagedJournal {
                    path: path.to_path_buf(),
                    line: number,
                    source,
                });
            }
        }
        offset = next;
    }
    if events.is_empty() {
        return Err(AgentError::EmptyJournal {
            path: path.to_path_buf(),
        });
    }
    Ok(Loaded {
        events,
        lines,
        notices,
        valid_len,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::Utc;
    use proptest::prelude::*;
    use specwright_core::SessionSettings;
    use specwright_core::session::JOURNAL_VERSION;
    use specwright_core::turn::{InterviewTurn, Turn};

    fn started() -> Event {
        Event::Started {
            version: JOURNAL_VERSION,
            id: uuid::Uuid::nil(),
            topic: "T".into(),
            slug: "t".into(),
            at: Utc::now(),
            settings: SessionSettings::default(),
        }
    }

    fn model_turn() -> Event {
        Event::ModelTurn {
            turn: Box::new(Turn::Interview(InterviewTurn {
                facts: Vec::new(),
                no_requirement: false,
                questions: None,
                phase_complete: true,
                unknowns: Vec::new(),
                missing: Vec::new(),
                defaults: Vec::new(),
            })),
            usage: None,
            repairs: 0,
            fallback: false,
            at: Utc::now(),
        }
    }

    #[test]
    fn a_model_turn_is_synced_with_the_reply_that_follows_it() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("s.jsonl");
        let mut j = Journal::create(&path).unwrap();
        j.append(&started()).unwrap();
        assert!(!j.unsynced, "the start is durable at once");
        j.append(&model_turn()).unwrap();
        assert!(j.unsynced, "a model turn waits for the reply");
        // Written, though: a killed process loses nothing.
        assert_eq!(std::fs::read_to_string(&path).unwrap().lines().count(), 2);
        j.append(&Event::Answer {
            text: "a".into(),
            at: Utc::now(),
        })
        .unwrap();
        assert!(
            !j.unsynced,
            "the reply and the turn before it are synced together"
        );
        assert_eq!(j.line_of(2), Some(3));
    }

    #[test]
    fn one_writer_per_journal() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("s.jsonl");
        let mut j = Journal::create(&path).unwrap();
        j.append(&started()).unwrap();
        // Also from this process: an MCP server opening a session twice is refused.
        assert!(matches!(
            Journal::open(&path),
            Err(AgentError::SessionBusy { .. })
        ));
        drop(j);
        let (again, loaded) = Journal::open(&path).unwrap();
        assert_eq!(loaded.events.len(), 1);
        assert!(matches!(
            Journal::open(&path),
            Err(AgentError::SessionBusy { .. })
        ));
        drop(again);
    }

    fn journal_bytes() -> impl Strategy<Value = Vec<u8>> {
        let line = prop_oneof![
            Just(serde_json::to_string(&started()).unwrap_or_default()),
            Just(serde_json::to_string(&model_turn()).unwrap_or_default()),
            Just(r#"{"event":"answer","text":"x","at":"2026-01-01T00:00:00Z"}"#.to_string()),
            Just(r#"{"event":"completed","spec_path":"/etc/passwd","adrs":["../x"],"at":"2026-01-01T00:00:00Z"}"#.to_string()),
            "\\PC{0,40}",
        ];
        (
            proptest::collection::vec(line, 0..8),
            any::<Vec<u8>>(),
            any::<bool>(),
        )
            .prop_map(|(lines, noise, torn)| {
                let mut bytes = lines.join("\n").into_bytes();
                if !torn {
                    bytes.push(b'\n');
                }
                bytes.extend(noise);
                bytes
            })
    }

    proptest! {
        /// The reader never panics, and what it keeps is a prefix of the file. (The cargo
        /// fuzz target `journal` in fuzz/ runs the same property at length.)
        #[test]
        fn the_journal_reader_never_panics(bytes in journal_bytes()) {
            if let Ok(loaded) = parse(&bytes, Path::new("x.jsonl")) {
                prop_assert!(loaded.valid_len as usize <= bytes.len());
                prop_assert_eq!(loaded.events.len(), loaded.lines.len());
                let _ = specwright_core::Session::replay(&loaded.events);
            }
        }
    }
}
