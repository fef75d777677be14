//! `spec_lint`: the command line's spec check, on a spec inside the project or on every
//! spec in docs/spec/biz/. A path from the host may only name a file inside the project
//! (symlinks are followed before the check), so the tool reads nothing else.

use std::path::{Path, PathBuf};

use specwright_agent::ProjectLayout;
use specwright_agent::files::{CappedReadError, project_outline, read_capped};
use specwright_render::lint::{self, Finding, Outline, Severity};

use crate::output::{FindingOut, LintFileOut, LintOut};
use crate::present::fenced;

/// Larger files are not specs; reading them would only cost memory.
const MAX_SPEC_BYTES: u64 = 4 * 1024 * 1024;

/// The file `path` names, if it is a file inside the project.
fn inside(root: &Path, path: &str) -> Result<PathBuf, String> {
    let shown = specwright_render::escape::strip_controls(path);
    let given = Path::new(path);
    let joined = if given.is_absolute() {
        given.to_path_buf()
    } else {
        root.join(given)
    };
    let file = joined
        .canonicalize()
        .map_err(|e| format!("spec_lint cannot open {shown}: {e}."))?;
    let root = root.canonicalize().map_err(|e| {
        format!(
            "spec_lint cannot open the project root {}: {e}.",
            root.display()
        )
    })?;
    if !file.starts_with(&root) {
        return Err(format!(
            "spec_lint checks files inside the project ({}); {shown} is outside it.",
            root.display()
        ));
    }
    if !file.is_file() {
        return Err(format!(
            "spec_lint checks a markdown file; {shown} is not a file."
        ));
    }
    Ok(file)
}

/// One file's findings, and the report `specwright lint` prints for them.
fn lint_file(root: &Path, file: &Path, outline: &Outline) -> Result<(LintFileOut, String), String> {
    let rel = specwright_agent::layout::relative(root, file);
    let markdown = read_capped(file, MAX_SPEC_BYTES).map_err(|e| match e {
        CappedReadError::TooLarge(size) => {
            format!("{rel} is {size} bytes, larger than any spec ({MAX_SPEC_BYTES} bytes at most).")
        }
        CappedReadError::NotAFile => {
            format!("spec_lint checks a markdown file; {rel} is not a file.")
        }
        CappedReadError::Io(e) => format!("spec_lint cannot read {rel}: {e}."),
    })?;
    let findings: Vec<Finding> = lint::lint(&markdown, outline);
    let errors = findings
        .iter()
        .filter(|f| f.severity == Severity::Error)
        .count();
    let report = lint::format_human(&rel, &findings);
    let out = LintFileOut {
        path: rel,
        errors,
        warnings: findings.len() - errors,
        findings: findings
            .iter()
            .map(|f| FindingOut {
                severity: f.severity.as_str().to_string(),
                line: f.line,
                rule: f.rule.to_string(),
                message: f.message.clone(),
                hint: f.hint.clone(),
            })
            .collect(),
    };
    Ok((out, report))
}

/// Lints `path` (inside the project) or every spec in docs/spec/biz/.
pub fn lint_specs(layout: &ProjectLayout, path: Option<&str>) -> Result<(String, LintOut), String> {
    let root = layout.root().canonicalize().map_err(|e| {
        format!(
            "spec_lint cannot open the project root {}: {e}.",
            layout.root().display()
        )
    })?;
    let files = match path {
        Some(p) => vec![inside(&root, p)?],
        None => {
            let mut specs: Vec<PathBuf> = match std::fs::read_dir(layout.spec_dir()) {
                Ok(entries) => entries
                    .flatten()
                    .map(|e| e.path())
                    .filter(|p| {
                        p.file_name()
                            .and_then(|n| n.to_str())
                            .is_some_and(|n| n.ends_with("-spec.md"))
                    })
                    .filter_map(|p| p.canonicalize().ok())
                    .filter(|p| p.starts_with(&root) && p.is_file())
                    .collect(),
                Err(_) => Vec::new(),
            };
            specs.sort();
            specs
        }
    };
    let (outline, unread) = project_outline(layout);
    let mut out = LintOut {
        files: Vec::new(),
        errors: 0,
        warnings: 0,
    };
    let mut report = String::new();
    for file in &files {
        let (checked, text) = lint_file(&root, file, &outline)?;
        report.push_str(&text);
        out.errors += checked.errors;
        out.warnings += checked.warnings;
        out.files.push(checked);
    }
    let mut markdown = if files.is_empty() {
        "There are no specs in docs/spec/biz/ yet.\n".to_string()
    } else {
        format!(
            "{}\n{} checked: {} errors, {} warnings.\n",
            fenced(&report),
            files.len(),
            out.errors,
            out.warnings
        )
    };
    // (A template that is there but was not read is said, not silently replaced.)
    if let Some(why) = unread {
        let why = specwright_render::escape::strip_controls(&why);
        markdown = format!("Note: {why}.\n\n{markdown}");
    }
    Ok((markdown, out))
}
