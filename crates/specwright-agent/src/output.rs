//! Where specwright writes, and how: every path is built from the root and a slug, and
//! every write is atomic (a temporary file beside the target, then a rename).

use std::io::Write;
use std::path::{Path, PathBuf};

use crate::error::{AgentError, Result};

pub fn spec_dir(root: &Path) -> PathBuf {
    root.join("docs").join("spec").join("biz")
}

pub fn spec_path(root: &Path, slug: &str) -> PathBuf {
    spec_dir(root).join(format!("{slug}-spec.md"))
}

pub fn progress_path(root: &Path) -> PathBuf {
    root.join("docs")
        .join("spec")
        .join(".llm")
        .join("PROGRESS.md")
}

/// The spec template override a project may keep.
pub fn template_override(root: &Path) -> PathBuf {
    root.join("docs")
        .join("spec")
        .join(".llm")
        .join("templates")
        .join("spec.md.hbs")
}

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
pub fn free_slug(root: &Path, slug: &str) -> String {
    if !spec_path(root, slug).exists() {
        return slug.to_string();
    }
    (2..)
        .map(|n| format!("{slug}-{n}"))
        .find(|s| !spec_path(root, s).exists())
        .unwrap_or_else(|| slug.to_string())
}

fn io(path: &Path, e: std::io::Error) -> AgentError {
    AgentError::Io {
        path: path.to_path_buf(),
        reason: e.to_string(),
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
        return Err(AgentError::Io {
            path: path.to_path_buf(),
            reason: "a file is already there and is kept".into(),
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

/// A path relative to the root, with forward slashes, for messages and the journal.
pub fn relative(root: &Path, path: &Path) -> String {
    let rel = path.strip_prefix(root).unwrap_or(path);
    rel.components()
        .map(|c| c.as_os_str().to_string_lossy().into_owned())
        .collect::<Vec<_>>()
        .join("/")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_existing_spec_is_never_the_target() {
        let dir = tempfile::tempdir().unwrap();
        assert_eq!(free_slug(dir.path(), "x"), "x");
        write_atomic(&spec_path(dir.path(), "x"), "old").unwrap();
        assert_eq!(free_slug(dir.path(), "x"), "x-2");
        assert!(write_new_atomic(&spec_path(dir.path(), "x"), "new").is_err());
        assert_eq!(
            std::fs::read_to_string(spec_path(dir.path(), "x")).unwrap(),
            "old"
        );
    }

    #[test]
    fn progress_is_created_then_appended() {
        let dir = tempfile::tempdir().unwrap();
        let p = progress_path(dir.path());
        append_progress(&p, "# Progress\n\n", "## one\n").unwrap();
        append_progress(&p, "# Progress\n\n", "## two\n").unwrap();
        assert_eq!(
            std::fs::read_to_string(&p).unwrap(),
            "# Progress\n\n## one\n\n## two\n"
        );
    }
}
