//! The session journal: one JSON event per line, appended and synced to disk before the
//! next step, so a crash loses at most the model turn in flight.

use std::fs::{File, OpenOptions};
use std::io::Write;
use std::path::{Path, PathBuf};

use specwright_core::Event;

use crate::error::{AgentError, Result};

pub struct Journal {
    path: PathBuf,
    file: File,
    /// Every event in the file, so the session can be rebuilt (after `/back`).
    events: Vec<Event>,
}

/// A journal read back, with what was repaired on the way.
pub struct Loaded {
    pub events: Vec<Event>,
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

impl Journal {
    /// Creates a new journal; fails if one exists at `path`.
    pub fn create(path: &Path) -> Result<Journal> {
        if let Some(dir) = path.parent() {
            std::fs::create_dir_all(dir).map_err(|e| io_err(dir, e))?;
        }
        let file = OpenOptions::new()
            .create_new(true)
            .append(true)
            .open(path)
            .map_err(|e| io_err(path, e))?;
        Ok(Journal {
            path: path.to_path_buf(),
            file,
            events: Vec::new(),
        })
    }

    /// Opens a journal to append to, cutting off a torn last line first.
    pub fn reopen(path: &Path, valid_len: u64) -> Result<Journal> {
        let file = OpenOptions::new()
            .append(true)
            .open(path)
            .map_err(|e| io_err(path, e))?;
        let len = file.metadata().map_err(|e| io_err(path, e))?.len();
        if len > valid_len {
            file.set_len(valid_len).map_err(|e| io_err(path, e))?;
        }
        Ok(Journal {
            path: path.to_path_buf(),
            file,
            events: Vec::new(),
        })
    }

    /// Seeds the in-memory copy of the events when a journal is reopened.
    pub fn with_events(mut self, events: Vec<Event>) -> Journal {
        self.events = events;
        self
    }

    pub fn events(&self) -> &[Event] {
        &self.events
    }

    pub fn path(&self) -> &Path {
        &self.path
    }

    /// Appends one event and syncs it to disk.
    pub fn append(&mut self, event: &Event) -> Result<()> {
        let mut line = serde_json::to_string(event).map_err(|source| AgentError::Encode {
            what: "a journal event",
            source,
        })?;
        line.push('\n');
        self.file
            .write_all(line.as_bytes())
            .and_then(|()| self.file.sync_data())
            .map_err(|e| io_err(&self.path, e))?;
        self.events.push(event.clone());
        Ok(())
    }

    /// Reads a journal. A last line cut off mid-write is dropped with a notice; a bad line
    /// anywhere else is an error naming its line number.
    pub fn load(path: &Path) -> Result<Loaded> {
        let bytes = std::fs::read(path).map_err(|e| match e.kind() {
            std::io::ErrorKind::NotFound => AgentError::NoJournal {
                path: path.to_path_buf(),
            },
            _ => AgentError::Read {
                path: path.to_path_buf(),
                source: e,
            },
        })?;
        let mut events = Vec::new();
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
            notices,
            valid_len,
        })
    }
}
