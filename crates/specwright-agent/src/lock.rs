//! The project lock: one process at a time chooses and writes a project's output (spec
//! file names, ADR numbers, PROGRESS.md). A session's own journal has its own lock, held
//! by [`crate::journal::Journal`] for as long as the session is open.

use std::fs::{File, OpenOptions};

use crate::error::{AgentError, Result};
use crate::layout::{LLM_DIR, ProjectLayout};

/// The lock file's name in `docs/spec/.llm/`.
pub const PROJECT_LOCK: &str = "project.lock";

/// Held while a process writes project-level output; released when dropped.
#[derive(Debug)]
pub struct ProjectLock {
    _file: File,
}

impl ProjectLock {
    /// Waits for the project lock and takes it. Writing a spec takes milliseconds, so a
    /// second process waits rather than fails.
    pub fn acquire(layout: &ProjectLayout) -> Result<ProjectLock> {
        let dir = layout.confine(&layout.llm_dir())?;
        std::fs::create_dir_all(&dir).map_err(|source| AgentError::Io {
            path: layout.llm_dir(),
            source,
        })?;
        let path = layout.confine(&dir.join(PROJECT_LOCK))?;
        let file = OpenOptions::new()
            .create(true)
            .truncate(false)
            .write(true)
            .open(&path)
            .and_then(|f| f.lock().map(|()| f))
            .map_err(|source| AgentError::Io {
                path: layout.root().join(LLM_DIR).join(PROJECT_LOCK),
                source,
            })?;
        Ok(ProjectLock { _file: file })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::mpsc;
    use std::time::Duration;

    #[test]
    fn a_second_holder_waits_for_the_first() {
        let dir = tempfile::tempdir().unwrap();
        let layout = ProjectLayout::new(dir.path());
        let first = ProjectLock::acquire(&layout).unwrap();
        let (tx, rx) = mpsc::channel();
        let l2 = ProjectLayout::new(dir.path());
        let waiter = std::thread::spawn(move || {
            let second = ProjectLock::acquire(&l2).unwrap();
            tx.send(()).unwrap();
            drop(second);
        });
        // Not granted while the first is held (a generous wait: this asserts exclusion,
        // not speed).
        assert!(rx.recv_timeout(Duration::from_millis(300)).is_err());
        drop(first);
        rx.recv_timeout(Duration::from_secs(30)).unwrap();
        waiter.join().unwrap();
    }
}
