//! `specwright lint`: checks a spec against the project's template (see docs/lint.md).
//!
//! Exit status: 0 when no finding is an error, 1 when one is, 2 when the spec (or the
//! project root) cannot be read, so a script can tell a broken spec from a missing one.

use std::process::ExitCode;

use specwright_agent::output;
use specwright_render::lint;

use crate::cli::{Common, LintArgs};
use crate::term;

/// A spec with errors.
const FAILED: u8 = 1;
/// Nothing was linted: the spec or the project root could not be read.
const UNREADABLE: u8 = 2;

pub fn run(common: &Common, args: &LintArgs) -> ExitCode {
    let markdown = match std::fs::read_to_string(&args.spec) {
        Ok(text) => text,
        Err(e) => {
            return unreadable(
                args.json,
                &format!("cannot read {}: {e}", args.spec.display()),
            );
        }
    };
    let root = match crate::root_dir(common) {
        Ok(root) => root,
        Err(e) => return unreadable(args.json, &format!("{e:#}")),
    };
    // A project's own template is what its specs are checked against.
    let outline = match std::fs::read_to_string(output::template_override(&root)) {
        Ok(text) => lint::Outline::from_template(&text),
        Err(_) => lint::Outline::builtin(),
    };
    let findings = lint::lint(&markdown, &outline);
    if args.json {
        match serde_json::to_string_pretty(&findings) {
            Ok(json) => println!("{json}"),
            Err(e) => {
                eprintln!("error: cannot write the findings as JSON: {e}");
                return ExitCode::from(FAILED);
            }
        }
    } else {
        let path = args.spec.display().to_string();
        print!("{}", term::sanitize(&lint::format_human(&path, &findings)));
    }
    if lint::has_errors(&findings) {
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
