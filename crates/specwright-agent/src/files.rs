//! How specwright writes its files: every write is atomic (a temporary file beside the
//! target, then a rename), and an existing spec is never overwritten.

use std::io::Write;
use std::path::Path;

use crate::error::{AgentError, Result};
use crate::layout::ProjectLayout;

/// The number after the highest `adr-NNN-*.md` in `dir`, so existing ADRs keep theirs.
pub fn next_adr_number(dir: &Path) -> usize {
    let highest = std::fs::read_dir(dir)
        .into_iter()
        .flatten()
        .flatten()
        .filter_map(|e| {
            let name = e.file_name().to_string_lossy().into_owned();
            let digits: String = name
                .strip_prefix("adr-")?
                .chars()
                .take_while(char::is_ascii_digit)
                .collect();
            digits.parse::<usize>().ok()
        })
        .max()
        .unwrap_or(0);
    highest + 1
}

/// `slug` if no spec has it yet, else the first of `slug-2`, `slug-3`, … that is free,
/// so an existing spec is never overwritten.
pub fn free_slug(layout: &ProjectLayout, slug: &str) -> String {
    if !layout.spec_path(slug).exists() {
        return slug.to_string();
    }
    (2..)
        .map(|n| format!("{slug}-{n}"))
        .find(|s| !layout.spec_path(s).exists())
        .unwrap_or_else(|| slug.to_string())
}

fn io(path: &Path, source: std::io::Error) -> AgentError {
    AgentError::Io {
        path: path.to_path_buf(),
        source,
    }
}

/// Writes `contents` to `path` atomically, creating its folder.
pub fn write_atomic(path: &Path, contents: &str) -> Result<()> {
    let dir = path.parent().unwrap_or(Path::new("."));
    std::fs::create_dir_all(dir).map_err(|e| io(dir, e))?;
    let name = path.file_name().and_then(|n| n.to_str()).unwrap_or("file");
    let tmp = dir.join(format!(".{name}.tmp-{}", std::process::id()));
    let result = (|| {
        let mut file = std::fs::File::create(&tmp)?;
        file.write_all(contents.as_bytes())?;
        file.sync_all()?;
        std::fs::rename(&tmp, path)
    })();
    if let Err(e) = result {
        let _ = std::fs::remove_file(&tmp);
        return Err(io(path, e));
    }
    Ok(())
}

/// Writes a new file atomically, never replacing one that exists.
pub fn write_new_atomic(path: &Path, contents: &str) -> Result<()> {
    if path.exists() {
        return Err(AgentError::Exists {
            path: path.to_path_buf(),
        });
    }
    write_atomic(path, contents)
}

/// Appends an entry to PROGRESS.md (created with `header` if missing), atomically.
pub fn append_progress(path: &Path, header: &str, entry: &str) -> Result<()> {
    let existing = match std::fs::read_to_string(path) {
        Ok(text) => text,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => header.to_string(),
        Err(e) => return Err(io(path, e)),
    };
    let mut text = existing;
    if !text.is_empty() && !text.ends_with('\n') {
        text.push('\n');
    }
    if !text.is_empty() && !text.ends_with("\n\n") {
        text.push('\n');
    }
    text.push_str(entry);
    if !text.ends_with('\n') {
        text.push('\n');
    }
    write_atomic(path, &text)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_existing_spec_is_never_the_target() {
        let dir = tempfile::tempdir().unwrap();
        let layout = ProjectLayout::new(dir.path());
        assert_eq!(free_slug(&layout, "x"), "x");
        write_atomic(&layout.spec_path("x"), "old").unwrap();
        assert_eq!(free_slug(&layout, "x"), "x-2");
        assert!(write_new_atomic(&layout.spec_path("x"), "new").is_err());
        assert_eq!(
            std::fs::read_to_string(layout.spec_path("x")).unwrap(),
            "old"
        );
    }

    #[test]
    fn progress_is_created_then_appended() {
        let dir = tempfile::tempdir().unwrap();
        let p = ProjectLayout::new(dir.path()).progress_path();
        append_progress(&p, "# Progress\n\n", "## one\n").unwrap();
        append_progress(&p, "# Progress\n\n", "## two\n").unwrap();
        assert_eq!(
            std::fs::read_to_string(&p).unwrap(),
            "# Progress\n\n## one\n\n## two\n"
        );
    }
}
