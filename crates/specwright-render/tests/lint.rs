//! One test per lint check, each on a deliberately broken spec made from a clean one,
//! plus the clean spec, a custom template, and the seed's bare template.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use pretty_assertions::assert_eq;
use specwright_render::lint::{Finding, Outline, Severity, format_human, has_errors, lint};

const CLEAN: &str = include_str!("lint-cases/clean.md");
const SEED: &str = include_str!("lint-cases/seed-template.md");

fn line_of(text: &str, needle: &str) -> usize {
    text.lines().position(|l| l.contains(needle)).unwrap() + 1
}

fn broken(from: &str, to: &str) -> String {
    assert!(CLEAN.contains(from), "{from:?} is not in the clean spec");
    CLEAN.replacen(from, to, 1)
}

fn rules(findings: &[Finding]) -> Vec<(&'static str, usize)> {
    findings.iter().map(|f| (f.rule, f.line)).collect()
}

#[test]
fn a_clean_spec_has_no_findings() {
    assert_eq!(lint(CLEAN, &Outline::builtin()), vec![]);
}

#[test]
fn a_wrong_title_line_is_an_error() {
    let spec = broken("# Rate limiter — Technical Specification", "# Rate limiter");
    assert_eq!(
        rules(&lint(&spec, &Outline::builtin())),
        vec![("missing-title", 1)]
    );
    let spec = broken(
        "# Rate limiter — Technical Specification",
        "# Rate limiter - Technical Specification",
    );
    let f = lint(&spec, &Outline::builtin());
    assert_eq!(
        (f[0].rule, f[0].severity),
        ("title-dash", Severity::Warning)
    );
}

#[test]
fn a_missing_section_is_an_error() {
    let spec = broken("## Dependencies\n", "");
    let f = lint(&spec, &Outline::builtin());
    assert!(
        f.iter()
            .any(|f| f.rule == "missing-section" && f.message.contains("`Dependencies`")),
        "{f:?}"
    );
    assert!(has_errors(&f));
}

#[test]
fn sections_out_of_order_are_an_error() {
    let deps_start = CLEAN.find("## Dependencies").unwrap();
    let testing_start = CLEAN.find("## Testing Strategy").unwrap();
    let deps = &CLEAN[deps_start..testing_start];
    let spec = CLEAN.replacen(deps, "", 1).replacen(
        "## Open Questions",
        &format!("{deps}## Open Questions"),
        1,
    );
    let f = lint(&spec, &Outline::builtin());
    assert_eq!(
        rules(&f),
        vec![("section-order", line_of(&spec, "## Dependencies"))]
    );
}

#[test]
fn a_duplicate_or_extra_section_is_reported() {
    let spec = broken(
        "## Open Questions",
        "## Risks\n- None.\n\n## Open Questions",
    );
    assert_eq!(
        rules(&lint(&spec, &Outline::builtin())),
        vec![("extra-section", line_of(&spec, "## Risks"))]
    );
    let spec = format!("{CLEAN}\n## Overview\n- more\n");
    assert!(
        lint(&spec, &Outline::builtin())
            .iter()
            .any(|f| f.rule == "duplicate-section")
    );
}

#[test]
fn an_overview_without_its_fields_is_an_error() {
    let spec = broken("- **Non-goals**:", "- **Out**:");
    let f = lint(&spec, &Outline::builtin());
    assert!(
        f.iter()
            .any(|f| f.rule == "missing-field" && f.message.contains("Non-goals")),
        "{f:?}"
    );
}

#[test]
fn a_use_case_missing_a_field_is_an_error_at_its_heading() {
    let spec = broken("- **Postconditions**: Clients can pace themselves.\n", "");
    let f = lint(&spec, &Outline::builtin());
    assert_eq!(
        rules(&f),
        vec![("use-case-field", line_of(&spec, "### UC-3"))]
    );
    assert!(f[0].message.contains("**Postconditions**"));
}

#[test]
fn use_cases_numbered_out_of_sequence_are_a_warning() {
    let spec = broken("### UC-2:", "### UC-5:");
    let f = lint(&spec, &Outline::builtin());
    assert!(
        f.iter()
            .any(|f| f.rule == "use-case-number" && f.severity == Severity::Warning),
        "{f:?}"
    );
}

#[test]
fn a_table_row_with_the_wrong_column_count_is_an_error() {
    let spec = broken(
        "| rate | u32 | \\> 0 | Requests allowed per window |",
        "| rate | u32 | > 0 | Requests | per window |",
    );
    assert_eq!(
        rules(&lint(&spec, &Outline::builtin())),
        vec![("table-columns", line_of(&spec, "| rate | u32"))]
    );
}

#[test]
fn an_escaped_pipe_does_not_split_a_cell() {
    let spec = broken(
        "| rate | u32 | \\> 0 | Requests allowed per window |",
        "| rate | u32 | \\> 0 | Requests \\| per window |",
    );
    assert_eq!(lint(&spec, &Outline::builtin()), vec![]);
}

#[test]
fn a_table_without_a_delimiter_row_is_an_error() {
    let spec = broken(
        "| Error Code | Condition | HTTP Status | User Message |\n|------------|-----------|-------------|-------------|\n",
        "| Error Code | Condition | HTTP Status | User Message |\n",
    );
    let f = lint(&spec, &Outline::builtin());
    assert!(f.iter().any(|f| f.rule == "table-delimiter"), "{f:?}");
}

#[test]
fn a_template_table_with_another_header_is_an_error() {
    let spec = broken("| # | Decision | Rationale |", "| # | Decision | Why |");
    assert_eq!(
        rules(&lint(&spec, &Outline::builtin())),
        vec![("table-header", line_of(&spec, "| # | Decision | Why |"))]
    );
}

#[test]
fn a_decision_without_a_rationale_is_an_error() {
    let row = CLEAN.lines().find(|l| l.starts_with("| 3 |")).unwrap();
    let cells: Vec<&str> = row.splitn(4, " | ").collect();
    let emptied = format!("{} | {} |  |", cells[0], cells[1]);
    let spec = CLEAN.replacen(row, &emptied, 1);
    assert_eq!(
        rules(&lint(&spec, &Outline::builtin())),
        vec![("decision-rationale", line_of(&spec, "| 3 |"))]
    );
}

#[test]
fn template_placeholders_left_in_are_errors() {
    let spec = broken(
        "- **Problem statement**: One noisy tenant",
        "- **Problem statement**: {what problem this solves} One noisy tenant",
    );
    assert_eq!(
        rules(&lint(&spec, &Outline::builtin())),
        vec![("placeholder", 4)]
    );
    let spec = broken(
        "- **Problem statement**: One noisy tenant",
        "- **Problem statement**: {{overview.problem}}",
    );
    assert_eq!(
        rules(&lint(&spec, &Outline::builtin())),
        vec![("placeholder", 4)]
    );
}

#[test]
fn non_functional_requirements_need_numbers_and_units() {
    let spec = broken(
        "- **Throughput**: 50,000 requests/s per gateway node",
        "- **Throughput**: high",
    );
    assert_eq!(
        rules(&lint(&spec, &Outline::builtin())),
        vec![("nfr-unmeasured", line_of(&spec, "**Throughput**"))]
    );
    let spec = broken(
        "- **Latency**: Added latency p50 &lt; 0.2 ms, p99 &lt; 1 ms",
        "- **Latency**: under 1 ms",
    );
    assert_eq!(
        rules(&lint(&spec, &Outline::builtin())),
        vec![("nfr-percentiles", line_of(&spec, "**Latency**"))]
    );
    let spec = broken(
        "- **Availability**: 99.99%; fail open when Redis is down\n",
        "",
    );
    let f = lint(&spec, &Outline::builtin());
    assert_eq!((f[0].rule, f[0].severity), ("nfr-missing", Severity::Error));
}

#[test]
fn vague_words_are_flagged_on_their_line() {
    let spec = broken(
        "- **Unit tests**: Window arithmetic",
        "- **Unit tests**: Fast and robust window arithmetic, etc.",
    );
    let f = lint(&spec, &Outline::builtin());
    let line = line_of(&spec, "**Unit tests**");
    let words: Vec<&str> = f
        .iter()
        .filter(|f| f.line == line)
        .map(|f| f.message.as_str())
        .collect();
    assert_eq!(
        words,
        vec!["`fast` is vague", "`etc.` is vague", "`robust` is vague"]
    );
}

#[test]
fn code_fences_are_not_linted() {
    let spec = broken(
        "## Dependencies\n",
        "## Dependencies\n```text\n{what problem this solves} fast\n```\n",
    );
    assert_eq!(lint(&spec, &Outline::builtin()), vec![]);
}

#[test]
fn a_custom_template_is_the_outline() {
    let template = "# {{title}} — Technical Specification\n\n## Overview\n{{overview}}\n\n## Risks\n{{#each risks}}- {{this}}\n{{/each}}\n";
    let outline = Outline::from_template(template);
    assert_eq!(outline.sections, vec!["Overview", "Risks"]);
    let spec = "# X — Technical Specification\n\n## Overview\n- **Problem statement**: p\n- **Goals**: g\n- **Non-goals**: n\n\n## Risks\n- None.\n";
    assert_eq!(lint(spec, &outline), vec![]);
    let f = lint(
        "# X — Technical Specification\n\n## Overview\n- **Problem statement**: p\n- **Goals**: g\n- **Non-goals**: n\n",
        &outline,
    );
    assert_eq!(rules(&f), vec![("missing-section", 6)]);
}

#[test]
fn the_seed_bare_template_fails_with_its_placeholders() {
    let f = lint(SEED, &Outline::builtin());
    assert!(has_errors(&f));
    assert!(
        f.iter().filter(|f| f.rule == "placeholder").count() >= 15,
        "{}",
        format_human("seed", &f)
    );
    for label in ["Latency", "Throughput", "Availability", "Data retention"] {
        assert!(
            f.iter()
                .any(|f| f.rule == "nfr-unmeasured" && f.message.contains(label)),
            "{label}: {}",
            format_human("seed", &f)
        );
    }
    assert!(
        f.iter().any(|f| f.rule == "placeholder" && f.line == 1),
        "the title's {{Feature Name}}"
    );
    println!("{}", format_human("seed-template.md", &f));
}

#[test]
fn json_output_has_severity_line_rule_message_and_hint() {
    let f = lint(
        &broken(
            "- **Throughput**: 50,000 requests/s per gateway node",
            "- **Throughput**: high",
        ),
        &Outline::builtin(),
    );
    let json = serde_json::to_value(&f).unwrap();
    assert_eq!(json[0]["severity"], "warning");
    assert_eq!(json[0]["rule"], "nfr-unmeasured");
    assert!(json[0]["line"].as_u64().unwrap() > 0);
    assert!(json[0]["hint"].as_str().unwrap().contains("requests/s"));
}
