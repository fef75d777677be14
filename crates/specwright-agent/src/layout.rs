//! Where a project's specwright files live. Every path under `docs/spec/` is named here and
//! built from the project root and program-made parts (a slug, a session id, an ADR
//! number); nothing a user typed, a model wrote or a file recorded becomes a path any other
//! way.

use std::path::{Path, PathBuf};

use uuid::Uuid;

use crate::error::{AgentError, Result};

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

    /// The stem of a spec file name this layout would derive for `slug`: the slug itself,
    /// or `slug-N` (N from 2) when an earlier spec had the name. `None` for any other
    /// root-relative path, so a path recorded in a file is only ever compared, never used.
    pub fn spec_stem_of(&self, slug: &str, rel: &str) -> Option<String> {
        let name = rel.strip_prefix(SPEC_DIR)?.strip_prefix('/')?;
        let stem = name.strip_suffix("-spec.md")?;
        if stem == slug {
            return Some(stem.to_string());
        }
        let n = stem.strip_prefix(slug)?.strip_prefix('-')?;
        let numbered = !n.is_empty()
            && n.len() <= 6
            && n.bytes().all(|b| b.is_ascii_digit())
            && !n.starts_with('0');
        numbered.then(|| stem.to_string())
    }

    /// The file name of an ADR: `adr-007-<spec stem>-<area key>.md`.
    pub fn adr_file_name(number: usize, stem: &str, area_key: &str) -> String {
        format!("adr-{number:03}-{stem}-{}.md", area_key.replace('_', "-"))
    }

    /// Resolves the symbolic links on the way to `path` (a path under the root, which need
    /// not exist yet) and refuses one that leads outside the root: nothing is read or
    /// written through a link that points out of the project.
    pub fn confine(&self, path: &Path) -> Result<PathBuf> {
        let root = self
            .root
            .canonicalize()
            .map_err(|source| AgentError::Read {
                path: self.root.clone(),
                source,
            })?;
        // The deepest part of the path that exists (a dangling link counts), then the rest.
        let mut existing = path.to_path_buf();
        let mut rest = Vec::new();
        while std::fs::symlink_metadata(&existing).is_err() {
            match (existing.file_name(), existing.parent()) {
                (Some(name), Some(parent)) => {
                    rest.push(name.to_os_string());
                    existing = parent.to_path_buf();
                }
                _ => break,
            }
        }
        let resolved = existing
            .canonicalize()
            .map_err(|_| AgentError::OutsideRoot {
                path: self.relative(path),
            })?;
        let full = rest.iter().rev().fold(resolved, |p, name| p.join(name));
        if !full.starts_with(&root) {
            return Err(AgentError::OutsideRoot {
                path: self.relative(path),
            });
        }
        Ok(full)
    }
}

/// Whether `slug` is one specwright could have made: lowercase ASCII letters, digits and
/// single hyphens, at most [`specwright_core::slug::MAX_SLUG_LEN`] bytes plus a `-N` suffix.
pub fn is_slug(slug: &str) -> bool {
    !slug.is_empty()
        && slug.len() <= specwright_core::slug::MAX_SLUG_LEN + 7
        && slug
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
        && !slug.starts_with('-')
        && !slug.ends_with('-')
        && !slug.contains("--")
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
        assert_eq!(file_name("docs/spec/biz/a-spec.md"), "a-spec.md");
    }

    #[test]
    fn only_derivable_spec_paths_are_recognised() {
        let layout = ProjectLayout::new("/p");
        let ok = |rel: &str| layout.spec_stem_of("url-shortener", rel);
        assert_eq!(
            ok("docs/spec/biz/url-shortener-spec.md").as_deref(),
            Some("url-shortener")
        );
        assert_eq!(
            ok("docs/spec/biz/url-shortener-2-spec.md").as_deref(),
            Some("url-shortener-2")
        );
        for bad in [
            "/etc/passwd",
            "../../x/url-shortener-spec.md",
            "docs/spec/biz/../../../url-shortener-spec.md",
            "docs/spec/biz/other-spec.md",
            "docs/spec/biz/url-shortener-x-spec.md",
            "docs/spec/biz/url-shortener-02-spec.md",
            "docs/spec/biz/sub/url-shortener-spec.md",
            "docs/spec/biz/url-shortener-spec.md.bak",
            "",
        ] {
            assert_eq!(ok(bad), None, "{bad}");
        }
        assert!(is_slug("url-shortener-2"));
        for bad in ["", "../x", "a/b", "A", "-a", "a-", "a--b", "a.b"] {
            assert!(!is_slug(bad), "{bad}");
        }
    }

    #[cfg(unix)]
    #[test]
    fn a_symlink_that_leads_out_of_the_root_is_refused() {
        let root = tempfile::tempdir().unwrap();
        let outside = tempfile::tempdir().unwrap();
        let layout = ProjectLayout::new(root.path());
        std::fs::create_dir_all(root.path().join("docs/spec")).unwrap();
        // Not there yet: fine, and resolved under the root.
        let spec = layout.confine(&layout.spec_path("x")).unwrap();
        assert!(spec.starts_with(root.path().canonicalize().unwrap()));
        std::os::unix::fs::symlink(outside.path(), layout.spec_dir()).unwrap();
        assert!(matches!(
            layout.confine(&layout.spec_path("x")),
            Err(AgentError::OutsideRoot { .. })
        ));
        // A link that stays inside the root is followed.
        std::fs::create_dir_all(root.path().join("elsewhere")).unwrap();
        std::os::unix::fs::symlink(root.path().join("elsewhere"), layout.llm_dir()).unwrap();
        let progress = layout.confine(&layout.progress_path()).unwrap();
        assert!(progress.starts_with(root.path().canonicalize().unwrap().join("elsewhere")));
        // A dangling link could be created anywhere: refused.
        std::fs::remove_file(layout.llm_dir()).unwrap();
        std::os::unix::fs::symlink("/nonexistent/place", layout.llm_dir()).unwrap();
        assert!(layout.confine(&layout.progress_path()).is_err());
    }
}
