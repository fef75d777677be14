//! How specwright writes its files. Every write is atomic: a temporary file with a random
//! name, created exclusively beside the target (so a planted symlink is never followed),
//! synced, then renamed over the target. Every path is confined to the project root
//! first. A crash leaves at most a temporary file, which the next write under the project
//! lock removes.

use std::collections::BTreeSet;
use std::io::Write;
use std::path::{Path, PathBuf};

use crate::error::{AgentError, Result};
use crate::layout::ProjectLayout;

/// What a temporary file's name starts and ends with, so leftovers can be found.
const TEMP_PREFIX: &str = ".specwright-";
const TEMP_SUFFIX: &str = ".tmp";

/// An I/O error as the person should read it: a full disk or a file size limit said in
/// words, with what to do.
pub fn describe_write_error(e: &std::io::Error) -> String {
    match e.kind() {
        std::io::ErrorKind::StorageFull | std::io::ErrorKind::QuotaExceeded => {
            format!("the disk is full ({e}); free some space")
        }
        std::io::ErrorKind::FileTooLarge => {
            format!("the file size limit was reached ({e}; see ulimit -f)")
        }
        _ => e.to_string(),
    }
}

/// The number after the highest `adr-NNN-*.md` in `dir` and in `reserved` (file names
/// other sessions have chosen but not written yet), so existing ADRs keep theirs.
pub fn next_adr_number(dir: &Path, reserved: &BTreeSet<String>) -> usize {
    let on_disk = std::fs::read_dir(dir)
        .into_iter()
        .flatten()
        .flatten()
        .map(|e| e.file_name().to_string_lossy().into_owned());
    let highest = on_disk
        .chain(reserved.iter().cloned())
        .filter_map(|name| adr_number(&name))
        .max()
        .unwrap_or(0);
    highest.saturating_add(1)
}

/// `adr-007-x.md` → 7.
pub fn adr_number(name: &str) -> Option<usize> {
    let digits: String = name
        .strip_prefix("adr-")?
        .chars()
        .take_while(char::is_ascii_digit)
        .collect();
    digits.parse::<usize>().ok()
}

/// `slug` if no spec has it yet and no other session chose it, else the first of
/// `slug-2`, `slug-3`, … that is free, so an existing spec is never overwritten.
pub fn free_slug(layout: &ProjectLayout, slug: &str, reserved: &BTreeSet<String>) -> String {
    let taken = |s: &str| {
        let path = layout.spec_path(s);
        std::fs::symlink_metadata(&path).is_ok()
            || reserved.contains(&layout.relative(&path))
            || reserved.contains(&format!("{s}-spec.md"))
    };
    if !taken(slug) {
        return slug.to_string();
    }
    (2..)
        .map(|n| format!("{slug}-{n}"))
        .find(|s| !taken(s))
        .unwrap_or_else(|| slug.to_string())
}

fn io(path: &Path, source: std::io::Error) -> AgentError {
    AgentError::Io {
        path: path.to_path_buf(),
        source,
    }
}

/// Writes `contents` to `path` (under the root) atomically, creating its folder.
pub fn write_atomic(layout: &ProjectLayout, path: &Path, contents: &str) -> Result<()> {
    let target = layout.confine(path)?;
    let contents = crate::secrets::redact(contents);
    write_atomic_at(&target, &contents).map_err(|e| io(path, e))
}

/// The atomic write itself, for a path already checked (or outside any project, such as a
/// fixture's expected files).
pub fn write_atomic_at(path: &Path, contents: &str) -> std::io::Result<()> {
    let dir = path.parent().unwrap_or(Path::new("."));
    std::fs::create_dir_all(dir)?;
    let mut tmp = tempfile::Builder::new()
        .prefix(TEMP_PREFIX)
        .suffix(TEMP_SUFFIX)
        .tempfile_in(dir)?;
    tmp.write_all(contents.as_bytes())?;
    tmp.as_file().sync_all()?;
    // On failure the temporary file is removed when `tmp` drops.
    tmp.persist(path).map_err(|e| e.error)?;
    Ok(())
}

/// Writes a new file atomically, never replacing one that exists.
pub fn write_new_atomic(layout: &ProjectLayout, path: &Path, contents: &str) -> Result<()> {
    if std::fs::symlink_metadata(path).is_ok() {
        return Err(AgentError::Exists {
            path: path.to_path_buf(),
        });
    }
    write_atomic(layout, path, contents)
}

/// Reads a file under the root, through links only when they stay inside it; `None` when
/// there is no file.
pub fn read_confined(layout: &ProjectLayout, path: &Path) -> Result<Option<String>> {
    let target = layout.confine(path)?;
    match std::fs::read_to_string(&target) {
        Ok(text) => Ok(Some(text)),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(None),
        Err(source) => Err(AgentError::Read {
            path: path.to_path_buf(),
            source,
        }),
    }
}

pub use specwright_render::read::{CappedReadError, read_capped};

/// The project's own spec template, `docs/spec/.llm/templates/spec.md.hbs`: `Ok(None)`
/// when it has none, `Err` saying why when one is there but is no regular file or is
/// over 1 MiB.
pub fn project_template(layout: &ProjectLayout) -> Result<Option<String>, String> {
    let path = layout.template_override();
    match read_capped(&path, specwright_render::spec::MAX_SPEC_TEMPLATE_BYTES) {
        Ok(text) => Ok(Some(text)),
        Err(CappedReadError::Io(e)) if e.kind() == std::io::ErrorKind::NotFound => Ok(None),
        Err(e) => {
            let why = match e {
                CappedReadError::TooLarge(len) => specwright_render::spec::template_too_large(len),
                e => e.to_string(),
            };
            let shown = layout.relative(&path);
            Err(format!(
                "the project's template {shown} cannot be read ({why})"
            ))
        }
    }
}

/// The outline a project's specs are checked against: its own template when it has a
/// readable one ([`project_template`]), else the seed's; with why a template that is
/// there was not read (`None` when there is none).
pub fn project_outline(
    layout: &ProjectLayout,
) -> (specwright_render::lint::Outline, Option<String>) {
    use specwright_render::lint::Outline;
    match project_template(layout) {
        Ok(Some(text)) => (Outline::from_template(&text), None),
        Ok(None) => (Outline::builtin(), None),
        Err(unread) => (
            Outline::builtin(),
            Some(format!("{unread}; specs are checked against the seed's")),
        ),
    }
}

/// The renderer a project's specs are written with: its own template when it has a
/// readable one ([`project_template`]), else the seed's (the agent says why when a session
/// starts). A template that does not compile is an error naming it.
pub fn project_renderer(
    layout: &ProjectLayout,
) -> Result<specwright_render::spec::Renderer, specwright_render::spec::RenderError> {
    use specwright_render::spec::Renderer;
    match project_template(layout) {
        Ok(Some(text)) => {
            let origin = layout.template_override().display().to_string();
            Renderer::with_spec_template(Some((&text, &origin)))
        }
        Ok(None) | Err(_) => Renderer::with_spec_template(None),
    }
}

/// Removes the temporary files a crash left in `dirs`. Called under the project lock, so
/// no other specwright process is writing there.
pub fn remove_leftovers(dirs: &[PathBuf]) {
    for dir in dirs {
        let Ok(entries) = std::fs::read_dir(dir) else {
            continue;
        };
        for entry in entries.flatten() {
            let name = entry.file_name().to_string_lossy().into_owned();
            let is_file = entry.file_type().is_ok_and(|t| t.is_file());
            if is_file && name.starts_with(TEMP_PREFIX) && name.ends_with(TEMP_SUFFIX) {
                let _ = std::fs::remove_file(entry.path());
            }
        }
    }
}

/// PROGRESS.md with the entry for `spec_rel` put in: in place of that spec's entry when
/// there is one (a revision), else at the end. An entry starts at its `## ` heading and
/// names its spec on a `- Spec:` line.
pub fn upsert_progress(
    existing: Option<&str>,
    header: &str,
    spec_rel: &str,
    entry: &str,
) -> String {
    let text = existing.unwrap_or(header);
    let mut blocks: Vec<String> = Vec::new();
    let mut preamble = String::new();
    for line in text.split_inclusive('\n') {
        if line.starts_with("## ") {
            blocks.push(String::new());
        }
        match blocks.last_mut() {
            Some(block) => block.push_str(line),
            None => preamble.push_str(line),
        }
    }
    let marker = format!("- Spec: [{spec_rel}]");
    let entry = format!("{}\n", entry.trim_end());
    let mut replaced = false;
    for block in &mut blocks {
        if !replaced && block.lines().any(|l| l.starts_with(&marker)) {
            *block = entry.clone();
            replaced = true;
        }
    }
    if !replaced {
        blocks.push(entry);
    }
    let mut out = preamble.trim_end().to_string();
    for block in blocks {
        if !out.is_empty() {
            out.push_str("\n\n");
        }
        out.push_str(block.trim_end());
    }
    out.push('\n');
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_existing_spec_is_never_the_target() {
        let dir = tempfile::tempdir().unwrap();
        let layout = ProjectLayout::new(dir.path());
        let none = BTreeSet::new();
        assert_eq!(free_slug(&layout, "x", &none), "x");
        write_atomic(&layout, &layout.spec_path("x"), "old").unwrap();
        assert_eq!(free_slug(&layout, "x", &none), "x-2");
        assert!(write_new_atomic(&layout, &layout.spec_path("x"), "new").is_err());
        assert_eq!(
            std::fs::read_to_string(layout.spec_path("x")).unwrap(),
            "old"
        );
        // A name another session chose but has not written yet is taken too.
        let reserved: BTreeSet<String> = ["docs/spec/biz/x-2-spec.md".to_string()].into();
        assert_eq!(free_slug(&layout, "x", &reserved), "x-3");
        let adrs: BTreeSet<String> = ["adr-009-y-auth.md".to_string()].into();
        assert_eq!(next_adr_number(&layout.spec_dir(), &adrs), 10);
    }

    #[test]
    fn temporary_files_have_random_names_and_are_cleaned_up() {
        let dir = tempfile::tempdir().unwrap();
        let layout = ProjectLayout::new(dir.path());
        let spec = layout.spec_path("x");
        // A planted file (or link) with the old predictable name is not followed.
        std::fs::create_dir_all(layout.spec_dir()).unwrap();
        let planted = layout
            .spec_dir()
            .join(format!(".x-spec.md.tmp-{}", std::process::id()));
        std::fs::write(&planted, "planted").unwrap();
        write_atomic(&layout, &spec, "text").unwrap();
        assert_eq!(std::fs::read_to_string(&planted).unwrap(), "planted");
        assert_eq!(std::fs::read_to_string(&spec).unwrap(), "text");
        // What a crash leaves behind is removed by the next write under the lock.
        let left = layout.spec_dir().join(".specwright-abc123.tmp");
        std::fs::write(&left, "half").unwrap();
        remove_leftovers(&[layout.spec_dir()]);
        assert!(!left.exists());
        let names: Vec<String> = std::fs::read_dir(layout.spec_dir())
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .collect();
        assert!(
            names.iter().all(|n| !n.starts_with(TEMP_PREFIX)),
            "{names:?}"
        );
    }

    #[test]
    fn progress_keeps_one_entry_per_spec() {
        let one = "## 2026-01-01 — One\n\n- Spec: [docs/spec/biz/one-spec.md](../biz/one-spec.md)\n- 1 use case\n";
        let two =
            "## 2026-01-02 — Two\n\n- Spec: [docs/spec/biz/two-spec.md](../biz/two-spec.md)\n";
        let text = upsert_progress(None, "# Progress\n\n", "docs/spec/biz/one-spec.md", one);
        let text = upsert_progress(
            Some(&text),
            "# Progress\n\n",
            "docs/spec/biz/two-spec.md",
            two,
        );
        assert_eq!(text, format!("# Progress\n\n{one}\n{two}"));
        let revised = one
            .replace("2026-01-01", "2026-03-04")
            .replace("1 use case", "2 use cases");
        let text = upsert_progress(
            Some(&text),
            "# Progress\n\n",
            "docs/spec/biz/one-spec.md",
            &revised,
        );
        assert_eq!(text, format!("# Progress\n\n{revised}\n{two}"));
        // A hand-written preamble stays.
        let text = upsert_progress(
            Some("# Progress\n\nOur notes.\n"),
            "# Progress\n\n",
            "docs/spec/biz/two-spec.md",
            two,
        );
        assert_eq!(text, format!("# Progress\n\nOur notes.\n\n{two}"));
    }

    #[cfg(unix)]
    #[test]
    fn a_template_that_is_no_file_is_not_read_and_is_said() {
        let dir = tempfile::tempdir().unwrap();
        let layout = ProjectLayout::new(dir.path());
        // No template: the seed's, and nothing to say.
        let (_, unread) = project_outline(&layout);
        assert_eq!(unread, None);
        // A template linked to a device would be read forever.
        let path = layout.template_override();
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::os::unix::fs::symlink("/dev/zero", &path).unwrap();
        let (outline, unread) = project_outline(&layout);
        assert_eq!(
            outline.sections,
            specwright_render::lint::Outline::builtin().sections
        );
        assert_eq!(
            unread.as_deref(),
            Some(
                "the project's template docs/spec/.llm/templates/spec.md.hbs cannot be read \
                 (not a regular file); specs are checked against the seed's"
            )
        );
    }
}
