//! Where a project's specwright files live. Every path under `docs/spec/` is named here and
//! built from the project root and program-made parts (a slug, a session id, an ADR
//! number); nothing a user typed, a model wrote or a file recorded becomes a path any other
//! way.

use std::path::{Path, PathBuf};

use uuid::Uuid;

/// The folders under the root, as written in messages and in the journal.
pub const SPEC_DIR: &str = "docs/spec/biz";
pub const LLM_DIR: &str = "docs/spec/.llm";
pub const SESSIONS_DIR: &str = "docs/spec/.llm/sessions";
pub const PROGRESS_FILE: &str = "docs/spec/.llm/PROGRESS.md";
pub const TEMPLATE_OVERRIDE: &str = "docs/spec/.llm/templates/spec.md.hbs";

/// The paths of one project.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ProjectLayout {
    root: PathBuf,
}

fn under(root: &Path, rel: &str) -> PathBuf {
    rel.split('/')
        .fold(root.to_path_buf(), |p, part| p.join(part))
}

impl ProjectLayout {
    pub fn new(root: impl Into<PathBuf>) -> ProjectLayout {
        ProjectLayout { root: root.into() }
    }

    pub fn root(&self) -> &Path {
        &self.root
    }

    /// `docs/spec`: everything specwright writes lives below it.
    pub fn spec_root(&self) -> PathBuf {
        under(&self.root, "docs/spec")
    }

    /// `docs/spec/biz`: specs, their JSON twins and ADRs.
    pub fn spec_dir(&self) -> PathBuf {
        under(&self.root, SPEC_DIR)
    }

    pub fn spec_path(&self, slug: &str) -> PathBuf {
        self.spec_dir().join(format!("{slug}-spec.md"))
    }

    /// The spec's JSON twin, beside it.
    pub fn twin_path(&self, slug: &str) -> PathBuf {
        self.spec_dir().join(format!("{slug}-spec.json"))
    }

    /// An ADR's path from its program-made file name (`adr-007-x-data-storage.md`).
    pub fn adr_path(&self, file_name: &str) -> PathBuf {
        self.spec_dir().join(file_name)
    }

    pub fn llm_dir(&self) -> PathBuf {
        under(&self.root, LLM_DIR)
    }

    pub fn progress_path(&self) -> PathBuf {
        under(&self.root, PROGRESS_FILE)
    }

    /// The spec template a project may keep to replace the built-in one.
    pub fn template_override(&self) -> PathBuf {
        under(&self.root, TEMPLATE_OVERRIDE)
    }

    pub fn sessions_dir(&self) -> PathBuf {
        under(&self.root, SESSIONS_DIR)
    }

    pub fn journal_path(&self, id: Uuid) -> PathBuf {
        self.sessions_dir().join(format!("{id}.jsonl"))
    }

    /// A path relative to the root, with forward slashes, for messages and the journal.
    pub fn relative(&self, path: &Path) -> String {
        relative(&self.root, path)
    }

    /// A root-relative path with forward slashes (as the journal records it) as a path.
    pub fn resolve(&self, rel: &str) -> PathBuf {
        under(&self.root, rel)
    }
}

/// A path relative to `root`, with forward slashes.
pub fn relative(root: &Path, path: &Path) -> String {
    let rel = path.strip_prefix(root).unwrap_or(path);
    rel.components()
        .map(|c| c.as_os_str().to_string_lossy().into_owned())
        .collect::<Vec<_>>()
        .join("/")
}

/// The file name of a root-relative path with forward slashes.
pub fn file_name(rel: &str) -> &str {
    rel.rsplit('/').next().unwrap_or(rel)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_path_is_under_docs_spec_of_the_root() {
        let layout = ProjectLayout::new("/p");
        let id = Uuid::nil();
        for path in [
            layout.spec_path("x"),
            layout.twin_path("x"),
            layout.adr_path("adr-001-x-auth.md"),
            layout.progress_path(),
            layout.template_override(),
            layout.journal_path(id),
        ] {
            assert!(path.starts_with(layout.spec_root()), "{}", path.display());
        }
        assert_eq!(
            layout.relative(&layout.spec_path("url-shortener")),
            "docs/spec/biz/url-shortener-spec.md"
        );
        assert_eq!(
            layout.resolve("docs/spec/biz/a-spec.md"),
            layout.spec_path("a")
        );
        assert_eq!(file_name("docs/spec/biz/a-spec.md"), "a-spec.md");
    }
}
