//! The specs of one project checked against each other: from the markdown, from the JSON
//! twin when there is one, with both files and lines named.

use pretty_assertions::assert_eq;
use specwright_render::lint::{
    Location, Outline, RULES, Severity, SpecFile, SpecFinding, lint_project,
};

fn case(name: &str) -> String {
    let path = format!("{}/tests/lint-cases/{name}.md", env!("CARGO_MANIFEST_DIR"));
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{path}: {e}"))
}

fn fixture(file: &str) -> String {
    let path = format!(
        "{}/../../fixtures/rate-limiter.expected/docs/spec/biz/{file}",
        env!("CARGO_MANIFEST_DIR")
    );
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{path}: {e}"))
}

fn spec(path: &str, markdown: String, twin: Option<String>) -> SpecFile {
    SpecFile {
        path: path.into(),
        markdown,
        twin,
    }
}

/// (path, line, rule, related) of each finding.
fn brief(findings: &[SpecFinding]) -> Vec<(String, usize, &'static str, Option<Location>)> {
    findings
        .iter()
        .map(|f| {
            (
                f.path.clone(),
                f.finding.line,
                f.finding.rule,
                f.related.clone(),
            )
        })
        .collect()
}

fn at(path: &str, line: usize) -> Option<Location> {
    Some(Location {
        path: path.into(),
        line,
    })
}

#[test]
fn specs_that_agree_give_only_their_own_findings() {
    let specs = vec![
        spec("a-spec.md", case("clean"), None),
        spec("b-spec.md", case("clean"), None),
    ];
    assert_eq!(lint_project(&specs, &Outline::builtin()), vec![]);
}

#[test]
fn one_entity_error_code_or_decision_told_two_ways_is_reported_with_both_places() {
    let other = case("clean")
        .replace(
            "| rate | u32 | \\> 0 | Requests allowed per window |",
            "| rate | u64 | \\> 0 | Requests allowed per window |",
        )
        .replace("| burst | u32 | \\>= rate | Token bucket capacity |\n", "")
        .replace(
            "| RATE_LIMITED | The key's count exceeds its limit in the window | 429 |",
            "| RATE_LIMITED | The key's count exceeds its limit in the window | 503 |",
        )
        .replace(
            "[Data storage: Redis for counters, Postgres for limits]",
            "[Data storage: DynamoDB]",
        );
    let specs = vec![
        spec("docs/spec/biz/a-spec.md", case("clean"), None),
        spec("docs/spec/biz/b-spec.md", other, None),
    ];
    let findings = lint_project(&specs, &Outline::builtin());
    let b = "docs/spec/biz/b-spec.md".to_string();
    let a = "docs/spec/biz/a-spec.md";
    assert_eq!(
        brief(&findings),
        vec![
            (b.clone(), 58, "entity-conflict", at(a, 58)),
            (b.clone(), 58, "entity-fields", at(a, 58)),
            (b.clone(), 100, "error-code-conflict", at(a, 101)),
            (b, 114, "decision-conflict", at(a, 115)),
        ]
    );
    let messages: Vec<&str> = findings
        .iter()
        .map(|f| f.finding.message.as_str())
        .collect();
    assert_eq!(
        messages,
        vec![
            "the entity `Limit` gives `rate` the type `u64` here but `u32` in docs/spec/biz/a-spec.md:58",
            "the entity `Limit` here lacks `burst` compared with docs/spec/biz/a-spec.md:58",
            "the error code `RATE_LIMITED` answers HTTP status `503` here but `429` in docs/spec/biz/a-spec.md:101",
            "`Data storage` is decided as `DynamoDB` here but as `Redis for counters, Postgres for limits` in docs/spec/biz/a-spec.md:115",
        ]
    );
    let severities: Vec<Severity> = findings.iter().map(|f| f.finding.severity).collect();
    assert_eq!(
        severities,
        vec![
            Severity::Error,
            Severity::Warning,
            Severity::Error,
            Severity::Warning
        ]
    );
    for f in &findings {
        assert!(
            RULES.contains(&(f.finding.rule, f.finding.severity)),
            "{f:?}"
        );
    }
    // The JSON names the other place.
    let json = serde_json::to_value(&findings[2]).unwrap();
    assert_eq!(json["path"], "docs/spec/biz/b-spec.md");
    assert_eq!(json["related"], serde_json::json!({"path": a, "line": 101}));
}

#[test]
fn the_json_twin_is_what_is_compared_and_the_markdown_gives_the_lines() {
    // The second spec's markdown is the first's; only its twin says otherwise, so any
    // finding proves the twin was read, and its line is where the markdown shows it.
    let markdown = fixture("rate-limiter-spec.md");
    let twin = fixture("rate-limiter-spec.json");
    let mut changed: serde_json::Value = serde_json::from_str(&twin).unwrap();
    changed["error_handling"][0]["http_status"] = "503".into();
    changed["data_models"][0]["fields"][2]["type"] = "u64".into();
    let specs = vec![
        spec("a-spec.md", markdown.clone(), Some(twin)),
        spec("b-spec.md", markdown, Some(changed.to_string())),
    ];
    let findings = lint_project(&specs, &Outline::builtin());
    assert_eq!(
        brief(&findings),
        vec![
            (
                "b-spec.md".into(),
                66,
                "entity-conflict",
                at("a-spec.md", 66)
            ),
            (
                "b-spec.md".into(),
                117,
                "error-code-conflict",
                at("a-spec.md", 117)
            ),
        ]
    );
    assert!(
        findings[0]
            .finding
            .message
            .contains("`rate_per_second` the type `u64`")
    );
}

#[test]
fn an_unreadable_twin_is_a_warning_and_the_markdown_is_compared() {
    let other = case("clean").replace(
        "| RATE_LIMITED | The key's count exceeds its limit in the window | 429 |",
        "| RATE_LIMITED | The key's count exceeds its limit in the window | 503 |",
    );
    let specs = vec![
        spec("a-spec.md", case("clean"), None),
        spec("b-spec.md", other, Some("{ not json".into())),
    ];
    let findings = lint_project(&specs, &Outline::builtin());
    assert_eq!(
        brief(&findings),
        vec![
            ("b-spec.md".into(), 1, "twin-unreadable", None),
            (
                "b-spec.md".into(),
                101,
                "error-code-conflict",
                at("a-spec.md", 101)
            ),
        ]
    );
}

#[test]
fn each_spec_keeps_its_own_findings_in_order() {
    let specs = vec![
        spec("a-spec.md", case("nfr-percentiles"), None),
        spec("b-spec.md", case("missing-section"), None),
    ];
    let findings = lint_project(&specs, &Outline::builtin());
    assert_eq!(
        brief(&findings),
        vec![
            ("a-spec.md".into(), 105, "nfr-percentiles", None),
            ("b-spec.md".into(), 123, "missing-section", None),
        ]
    );
}
