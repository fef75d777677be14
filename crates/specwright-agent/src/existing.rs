//! Reads the other specs of a project (their JSON twins in `docs/spec/biz`) for the digest
//! a model gets at the start of an interview, so names and choices stay consistent.
//! Twins are untrusted files: a symlink, a file too large or one that is not a twin is
//! left out with one sentence saying so.

use specwright_core::existing::{ExistingSpec, from_twin};
use uuid::Uuid;

use crate::layout::ProjectLayout;

/// The largest twin read; a spec's twin is a few tens of kilobytes.
const MAX_TWIN_BYTES: u64 = 1 << 20;

/// The digests of the project's specs other than the session's own, by file name, and a
/// sentence for each twin left out.
pub fn read(layout: &ProjectLayout, session: Uuid) -> (Vec<ExistingSpec>, Vec<String>) {
    let dir = layout.spec_dir();
    let Ok(entries) = std::fs::read_dir(&dir) else {
        return (Vec::new(), Vec::new());
    };
    let mut paths: Vec<_> = entries
        .flatten()
        .map(|e| e.path())
        .filter(|p| {
            p.file_name()
                .and_then(|n| n.to_str())
                .is_some_and(|n| n.ends_with("-spec.json"))
        })
        .collect();
    paths.sort();
    let mut specs = Vec::new();
    let mut notices = Vec::new();
    let own = session.to_string();
    for path in paths {
        let shown = layout.relative(&path);
        let readable = std::fs::symlink_metadata(&path)
            .ok()
            .filter(|m| m.is_file() && m.len() <= MAX_TWIN_BYTES);
        let spec = readable
            .and_then(|_| std::fs::read_to_string(&path).ok())
            .and_then(|text| from_twin(&text));
        match spec {
            Some(spec) if spec.session_id == own => {}
            Some(spec) => specs.push(spec),
            None => notices.push(format!(
                "{shown} is not a readable spec twin; the interview goes on without it."
            )),
        }
    }
    (specs, notices)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn twins_are_read_and_the_sessions_own_and_bad_files_left_out() {
        let root = tempfile::tempdir().unwrap();
        let layout = ProjectLayout::new(root.path());
        std::fs::create_dir_all(layout.spec_dir()).unwrap();
        let twin = |title: &str, slug: &str, id: &str| {
            format!(r#"{{"title": "{title}", "slug": "{slug}", "session_id": "{id}"}}"#)
        };
        let own = Uuid::nil();
        std::fs::write(layout.twin_path("a"), twin("A", "a", "other")).unwrap();
        std::fs::write(layout.twin_path("b"), twin("B", "b", &own.to_string())).unwrap();
        std::fs::write(layout.twin_path("c"), "not json").unwrap();
        std::fs::write(layout.spec_dir().join("notes.json"), twin("N", "n", "x")).unwrap();
        let (specs, notices) = read(&layout, own);
        let titles: Vec<&str> = specs.iter().map(|s| s.title.as_str()).collect();
        assert_eq!(titles, vec!["A"]);
        assert_eq!(
            notices,
            vec![
                "docs/spec/biz/c-spec.json is not a readable spec twin; the interview goes on without it."
            ]
        );
    }
}
