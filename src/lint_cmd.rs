//! `specwright lint`: checks a spec, or the specs of a folder and their consistency with
//! each other, against the project's template (see docs/lint.md).
//!
//! Exit status: 0 when no finding is an error, 1 when one is, 2 when nothing could be
//! checked (a spec, the folder or the project root cannot be read), so a script can tell
//! a broken spec from a missing one. `--strict` reports every warning as an error.

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use specwright_agent::ProjectLayout;
use specwright_agent::files::{self, CappedReadError};
use specwright_render::lint;

use crate::cli::{Common, LintArgs};
use crate::term;

/// A spec with errors.
const FAILED: u8 = 1;
/// Nothing was linted: the spec, the folder or the project root could not be read.
const UNREADABLE: u8 = 2;

pub fn run(common: &Common, args: &LintArgs) -> ExitCode {
    let root = match crate::root_dir(common) {
        Ok(root) => root,
        Err(e) => return unreadable(args.json, &format!("{e:#}")),
    };
    // A project's own template is what its specs are checked against.
    let layout = ProjectLayout::new(&root);
    let (outline, unread) = files::project_outline(&layout);
    if let Some(why) = unread {
        eprintln!("warning: {}", term::sanitize(&why));
    }
    let Some(target) = args.spec.clone() else {
        // The project's specs, named relative to its root.
        let dir = layout.spec_dir();
        let name = |path: &Path| layout.relative(path);
        return lint_folder(&dir, &name, &outline, args);
    };
    if target.is_dir() {
        let name = |path: &Path| path.display().to_string();
        return lint_folder(&target, &name, &outline, args);
    }
    let markdown = match read_regular_file(&target) {
        Ok(text) => text,
        Err(e) => {
            return unreadable(args.json, &format!("cannot read {}: {e}", target.display()));
        }
    };
    let mut findings = lint::lint(&markdown, &outline);
    if args.strict {
        lint::make_strict(&mut findings);
    }
    let path = target.display().to_string();
    report(
        args.json,
        &findings,
        || lint::format_human(&path, &findings),
        lint::has_errors(&findings),
    )
}

/// Every spec of the folder on its own, then against each other.
fn lint_folder(
    dir: &Path,
    name: &dyn Fn(&Path) -> String,
    outline: &lint::Outline,
    args: &LintArgs,
) -> ExitCode {
    let json = args.json;
    let specs = match read_specs(dir, name) {
        Ok(specs) => specs,
        Err(message) => return unreadable(json, &message),
    };
    let mut findings = lint::lint_project(&specs, outline);
    if args.strict {
        for f in &mut findings {
            lint::make_strict(std::slice::from_mut(&mut f.finding));
        }
    }
    let errors = findings
        .iter()
        .any(|f| f.finding.severity == lint::Severity::Error);
    report(
        json,
        &findings,
        || lint::format_project_human(specs.len(), &findings),
        errors,
    )
}

/// The folder's markdown specs (every `*.md` but ADRs), sorted by name, each with its
/// JSON twin when it has one. A symlink leading out of the folder is not followed.
fn read_specs(dir: &Path, name: &dyn Fn(&Path) -> String) -> Result<Vec<lint::SpecFile>, String> {
    let cannot = |what: &Path, e: std::io::Error| format!("cannot read {}: {e}", what.display());
    let canonical_dir = dir.canonicalize().map_err(|e| cannot(dir, e))?;
    let mut paths: Vec<PathBuf> = std::fs::read_dir(dir)
        .map_err(|e| cannot(dir, e))?
        .filter_map(|entry| entry.ok().map(|e| e.path()))
        .filter(|p| {
            let name = p.file_name().and_then(|n| n.to_str()).unwrap_or("");
            name.ends_with(".md") && !is_adr(name)
        })
        .collect();
    paths.sort();
    let mut specs = Vec::with_capacity(paths.len());
    for path in paths {
        if !inside(&path, &canonical_dir) {
            eprintln!(
                "warning: skipped {}: it leads out of {}",
                term::sanitize(&path.display().to_string()),
                term::sanitize(&dir.display().to_string())
            );
            continue;
        }
        let markdown = read_regular_file(&path).map_err(|e| cannot(&path, e))?;
        let twin_path = path.with_extension("json");
        // (Read as a spec is: a twin that is no regular file, or past the limit, is
        // left out.)
        let twin = inside(&twin_path, &canonical_dir)
            .then(|| read_regular_file(&twin_path).ok())
            .flatten();
        specs.push(lint::SpecFile {
            path: name(&path),
            markdown,
            twin,
        });
    }
    if specs.is_empty() {
        return Err(format!("{} holds no markdown spec", dir.display()));
    }
    Ok(specs)
}

/// The largest spec lint reads: 64 MiB. The largest specs seen in use are about 13 MB;
/// lint holds about nine times its input in memory (a 52 MB spec takes 28 s and 465 MB),
/// so a file far past any spec (a log or a dump named `.md`) is refused, not read.
const MAX_SPEC_BYTES: u64 = 64 * 1024 * 1024;

/// A spec's text, read only from a regular file (after following symlinks) of at most
/// [`MAX_SPEC_BYTES`]: a device or a pipe (`spec.md` linked to `/dev/zero`, a FIFO) would
/// be read forever or block, and a huge file would take minutes and gigabytes.
fn read_regular_file(path: &Path) -> std::io::Result<String> {
    files::read_capped(path, MAX_SPEC_BYTES).map_err(|e| match e {
        CappedReadError::Io(e) => e,
        CappedReadError::NotAFile => refuse("not a regular file".into()),
        CappedReadError::TooLarge(len) => refuse(format!(
            "{len} bytes, more than a spec may be ({MAX_SPEC_BYTES} bytes, 64 MiB, at most)"
        )),
    })
}

fn refuse(why: String) -> std::io::Error {
    std::io::Error::new(std::io::ErrorKind::InvalidInput, why)
}

/// `adr-001-url-shortener-data-storage.md`
fn is_adr(name: &str) -> bool {
    name.strip_prefix("adr-")
        .is_some_and(|rest| rest.starts_with(|c: char| c.is_ascii_digit()))
}

/// Whether a path (after following symlinks) lies in the folder.
fn inside(path: &Path, canonical_dir: &Path) -> bool {
    path.canonicalize()
        .is_ok_and(|real| real.starts_with(canonical_dir))
}

/// The findings as JSON or for people, and the exit status they call for.
fn report<T: serde::Serialize>(
    json: bool,
    findings: &[T],
    human: impl FnOnce() -> String,
    errors: bool,
) -> ExitCode {
    if json {
        match serde_json::to_string_pretty(findings) {
            Ok(json) => println!("{json}"),
            Err(e) => {
                eprintln!("error: cannot write the findings as JSON: {e}");
                return ExitCode::from(FAILED);
            }
        }
    } else {
        print!("{}", term::sanitize(&human()));
    }
    if errors {
        ExitCode::from(FAILED)
    } else {
        ExitCode::SUCCESS
    }
}

/// One sentence on stderr, and with `--json` an `{"error": ...}` object on stdout so a
/// consumer of the JSON always gets JSON.
fn unreadable(json: bool, message: &str) -> ExitCode {
    let message = term::sanitize(message).replace('\n', " ");
    if json {
        println!("{}", serde_json::json!({ "error": message }));
    }
    eprintln!("error: {message}");
    ExitCode::from(UNREADABLE)
}
