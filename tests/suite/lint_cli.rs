//! `specwright lint` end to end: exit codes, the human and JSON outputs, and a spec that
//! cannot be read.

use crate::common::{Project, template_declaring_api_names};

fn lint_case(name: &str) -> String {
    let path = format!(
        "{}/crates/specwright-render/tests/lint-cases/{name}.md",
        env!("CARGO_MANIFEST_DIR")
    );
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{path}: {e}"))
}

#[test]
fn a_clean_spec_exits_0_and_a_spec_with_errors_exits_1() {
    let p = Project::new();
    p.write("clean.md", &lint_case("clean"));
    p.write("broken.md", &lint_case("missing-section"));
    let clean = p.run(&["lint", "clean.md"], "");
    clean.assert_ok();
    assert_eq!(clean.stdout, "0 errors, 0 warnings\n");
    let broken = p.run(&["lint", "broken.md"], "");
    assert_eq!(broken.status, 1, "{}", broken.stderr);
    assert!(
        broken.stdout.starts_with(
            "broken.md:123: error[missing-section]: the section `Dependencies` is missing\n"
        ),
        "{}",
        broken.stdout
    );
    assert!(broken.stdout.ends_with("1 error, 0 warnings\n"));
}

#[test]
fn json_lists_the_findings_and_exits_like_the_human_output() {
    let p = Project::new();
    p.write("broken.md", &lint_case("missing-section"));
    let out = p.run(&["lint", "--json", "broken.md"], "");
    assert_eq!(out.status, 1);
    let json: serde_json::Value = serde_json::from_str(&out.stdout).unwrap();
    assert_eq!(json[0]["rule"], "missing-section");
}

#[test]
fn json_lists_the_findings() {
    let p = Project::new();
    p.write("broken.md", &lint_case("nfr-percentiles"));
    let out = p.run(&["lint", "--json", "broken.md"], "");
    out.assert_ok();
    let json: serde_json::Value = serde_json::from_str(&out.stdout).unwrap();
    assert_eq!(json[0]["rule"], "nfr-percentiles");
    assert_eq!(json[0]["line"], 105);
    assert_eq!(json.as_array().unwrap().len(), 1);
}

#[test]
fn a_spec_that_cannot_be_read_exits_2_with_one_sentence_and_a_json_error() {
    let p = Project::new();
    let out = p.run(&["lint", "missing.md"], "");
    assert_eq!(out.status, 2);
    assert!(out.stdout.is_empty(), "{}", out.stdout);
    let line = out.one_error_line();
    assert!(
        line.starts_with("error: cannot read missing.md: "),
        "{line}"
    );

    let out = p.run(&["lint", "--json", "missing.md"], "");
    assert_eq!(out.status, 2);
    let json: serde_json::Value = serde_json::from_str(&out.stdout).unwrap();
    let error = json["error"].as_str().unwrap();
    assert!(error.starts_with("cannot read missing.md: "), "{error}");
    assert_eq!(json.as_object().unwrap().len(), 1);

    // Not UTF-8 is unreadable too.
    std::fs::write(p.path("binary.md"), [0xff, 0xfe, 0x00, 0x41]).unwrap();
    let out = p.run(&["lint", "binary.md"], "");
    assert_eq!(out.status, 2);
    out.one_error_line();
}

#[cfg(unix)]
#[test]
fn a_spec_linked_to_a_device_is_refused_not_read_forever() {
    let p = Project::new();
    std::os::unix::fs::symlink("/dev/zero", p.path("zero.md")).unwrap();
    let out = p.run(&["lint", "zero.md"], "");
    assert_eq!(out.status, 2);
    assert_eq!(
        out.one_error_line(),
        "error: cannot read zero.md: not a regular file"
    );
}

#[cfg(unix)]
#[test]
fn a_project_template_linked_to_a_device_is_said_and_not_read() {
    let p = Project::new();
    p.write("clean.md", &lint_case("clean"));
    std::fs::create_dir_all(p.path("docs/spec/.llm/templates")).unwrap();
    std::os::unix::fs::symlink("/dev/zero", p.path("docs/spec/.llm/templates/spec.md.hbs"))
        .unwrap();
    let out = p.run(&["lint", "clean.md"], "");
    out.assert_ok();
    assert_eq!(out.stdout, "0 errors, 0 warnings\n");
    assert_eq!(
        out.stderr,
        "warning: the project's template docs/spec/.llm/templates/spec.md.hbs cannot be read \
         (not a regular file); specs are checked against the seed's\n"
    );
}

#[test]
fn a_file_far_larger_than_any_spec_is_refused_not_read() {
    let p = Project::new();
    // Sparse: 64 MiB and one byte of nothing, written in no time and no disk.
    let file = std::fs::File::create(p.path("dump.md")).unwrap();
    file.set_len(64 * 1024 * 1024 + 1).unwrap();
    let out = p.run(&["lint", "dump.md"], "");
    assert_eq!(out.status, 2);
    assert_eq!(
        out.one_error_line(),
        "error: cannot read dump.md: 67108865 bytes, more than a spec may be \
         (67108864 bytes, 64 MiB, at most)"
    );
    // In a folder too, and as JSON's error object.
    let out = p.run(&["lint", ".", "--json"], "");
    assert_eq!(out.status, 2);
    let error: serde_json::Value = serde_json::from_str(&out.stdout).unwrap();
    assert!(
        error["error"].as_str().is_some_and(|e| e.ends_with(
            "67108865 bytes, more than a spec may be (67108864 bytes, 64 MiB, at most)"
        )),
        "{}",
        out.stdout
    );
}

#[test]
fn terminal_control_sequences_in_a_spec_never_reach_the_terminal() {
    let p = Project::new();
    p.write(
        "hostile.md",
        "# Evil \u{1b}]0;owned\u{7} — Technical Specification\n\n## Extra \u{1b}[31mred\n\nText.\n",
    );
    let out = p.run(&["lint", "hostile.md"], "");
    assert_eq!(out.status, 1);
    assert!(!out.stdout.contains('\u{1b}'), "{:?}", out.stdout);
    assert!(out.stdout.contains("extra-section"), "{}", out.stdout);
}

fn project_with_two_specs(second: &str) -> Project {
    let p = Project::new();
    p.write("docs/spec/biz/a-spec.md", &lint_case("clean"));
    p.write("docs/spec/biz/b-spec.md", second);
    p.write("docs/spec/biz/adr-001-a-data-storage.md", "# ADR 1\n");
    p
}

#[test]
fn lint_with_no_path_checks_the_projects_specs_against_each_other() {
    let other = lint_case("clean").replace(
        "| RATE_LIMITED | The key's count exceeds its limit in the window | 429 |",
        "| RATE_LIMITED | The key's count exceeds its limit in the window | 503 |",
    );
    let p = project_with_two_specs(&other);
    let out = p.run(&["lint"], "");
    assert_eq!(out.status, 1, "{}\n{}", out.stdout, out.stderr);
    assert_eq!(
        out.stdout,
        "docs/spec/biz/b-spec.md:101: error[error-code-conflict]: the error code `RATE_LIMITED` answers HTTP status `503` here but `429` in docs/spec/biz/a-spec.md:101\n  hint: Give an error code one status across the project's specs, or use a new code.\n2 specs: 1 error, 0 warnings\n"
    );
    // The same through a folder given by name, as JSON naming the other place.
    let out = p.run(&["lint", "--json", "docs/spec/biz"], "");
    assert_eq!(out.status, 1);
    let json: serde_json::Value = serde_json::from_str(&out.stdout).unwrap();
    assert_eq!(json[0]["path"], "docs/spec/biz/b-spec.md");
    assert_eq!(json[0]["rule"], "error-code-conflict");
    assert_eq!(
        json[0]["related"],
        serde_json::json!({"path": "docs/spec/biz/a-spec.md", "line": 101})
    );
}

#[test]
fn specs_that_agree_exit_0() {
    let p = project_with_two_specs(&lint_case("clean"));
    let out = p.run(&["lint"], "");
    out.assert_ok();
    assert_eq!(out.stdout, "2 specs: 0 errors, 0 warnings\n");
}

#[test]
fn a_project_without_specs_exits_2() {
    let p = Project::new();
    let out = p.run(&["lint"], "");
    assert_eq!(out.status, 2);
    assert!(
        out.one_error_line().starts_with("error: cannot read "),
        "{}",
        out.stderr
    );
    std::fs::create_dir_all(p.path("docs/spec/biz")).unwrap();
    let out = p.run(&["lint", "--json"], "");
    assert_eq!(out.status, 2);
    let json: serde_json::Value = serde_json::from_str(&out.stdout).unwrap();
    assert!(
        json["error"]
            .as_str()
            .unwrap()
            .ends_with("holds no markdown spec")
    );
}

#[cfg(unix)]
#[test]
fn a_spec_linked_from_outside_the_folder_is_not_read() {
    let p = project_with_two_specs(&lint_case("clean"));
    let outside = tempfile::tempdir().unwrap();
    std::fs::write(outside.path().join("secret.md"), "# secret\n").unwrap();
    std::os::unix::fs::symlink(
        outside.path().join("secret.md"),
        p.path("docs/spec/biz/c-spec.md"),
    )
    .unwrap();
    let out = p.run(&["lint"], "");
    out.assert_ok();
    assert_eq!(out.stdout, "2 specs: 0 errors, 0 warnings\n");
    assert!(out.stderr.contains("skipped"), "{}", out.stderr);
    assert!(!out.stdout.contains("secret"));
}

#[test]
fn strict_makes_every_warning_an_error() {
    let p = Project::new();
    p.write("warned.md", &lint_case("nfr-percentiles"));
    p.run(&["lint", "warned.md"], "").assert_ok();
    let out = p.run(&["lint", "--strict", "warned.md"], "");
    assert_eq!(out.status, 1);
    assert!(
        out.stdout
            .starts_with("warned.md:105: error[nfr-percentiles]: "),
        "{}",
        out.stdout
    );
    assert!(
        out.stdout.ends_with("1 error, 0 warnings\n"),
        "{}",
        out.stdout
    );
    let json = p.run(&["lint", "--strict", "--json", "warned.md"], "");
    assert_eq!(json.status, 1);
    let json: serde_json::Value = serde_json::from_str(&json.stdout).unwrap();
    assert_eq!(json[0]["severity"], "error");
    // A folder too; notes stay notes.
    let p =
        project_with_two_specs(&lint_case("clean").replace("## Use Cases", "## Usage Scenarios"));
    let out = p.run(&["lint", "--strict"], "");
    out.assert_ok();
    assert!(out.stdout.contains("note[section-alias]"), "{}", out.stdout);
}

#[test]
fn the_projects_template_can_declare_other_names_for_a_section() {
    // A team whose specs call the API `## Verbs` says so once, in its template.
    let declaring = template_declaring_api_names();
    let spec = lint_case("clean").replace("## API Contracts", "## Verbs");

    // Without the declaration `Verbs` is found only by what it holds (operations with
    // their input and output): an alias note asking for the template's name.
    let before = Project::new();
    before.write("s.md", &spec);
    let out = before.run(&["lint", "s.md"], "");
    out.assert_ok();
    assert!(
        out.stdout.starts_with(
            "s.md:74: note[section-alias]: the section `Verbs` is the template's `API Contracts` under another name\n"
        ) && out.stdout.ends_with("0 errors, 0 warnings, 1 note\n"),
        "{}",
        out.stdout
    );
    // And named so over no such entries, it is an extra section, the API missing.
    let bare = Project::new();
    bare.write("s.md", &spec.replace("- **Input**:", "- **Notes**:"));
    let out = bare.run(&["lint", "s.md"], "");
    assert_eq!(out.status, 1, "{}", out.stdout);
    assert!(
        out.stdout
            .contains("error[missing-section]: the section `API Contracts` is missing"),
        "{}",
        out.stdout
    );

    let after = Project::new();
    after.write("docs/spec/.llm/templates/spec.md.hbs", &declaring);
    after.write("s.md", &spec);
    let out = after.run(&["lint", "s.md"], "");
    out.assert_ok();
    assert_eq!(out.stdout, "0 errors, 0 warnings\n");
}
