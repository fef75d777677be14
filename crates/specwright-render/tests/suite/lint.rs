//! One test per lint check, each on a deliberately broken spec in `tests/lint-cases/`
//! (the clean spec with one defect) asserting the exact rule, severity and line; the clean
//! spec; a spec written by hand in another style; a custom template; and the seed's bare
//! template.

use pretty_assertions::assert_eq;
use specwright_render::lint::{
    Finding, Outline, RULES, SEED_TEMPLATE, SectionShape, Severity, format_human, has_errors, lint,
};

use Severity::{Error, Note, Warning};

fn case(name: &str) -> String {
    let path = format!("{}/tests/lint-cases/{name}.md", env!("CARGO_MANIFEST_DIR"));
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{path}: {e}"))
}

fn brief(findings: &[Finding]) -> Vec<(&'static str, Severity, usize)> {
    findings
        .iter()
        .map(|f| (f.rule, f.severity, f.line))
        .collect()
}

/// Lints a case against the built-in outline: (rule, severity, line) per finding.
fn check(name: &str) -> Vec<(&'static str, Severity, usize)> {
    brief(&lint(&case(name), &Outline::builtin()))
}

/// The text of a case's 1-based line, to show the finding points at the broken line.
fn line(name: &str, number: usize) -> String {
    case(name).lines().nth(number - 1).unwrap().to_string()
}

const ALL_CASES: [&str; 34] = [
    "clean",
    "foreign",
    "seed-template",
    "title-wrong",
    "title-dash",
    "missing-section",
    "section-order",
    "duplicate-section",
    "extra-section",
    "missing-open-questions",
    "open-questions-empty",
    "overview-field",
    "use-case-field",
    "use-case-incomplete",
    "empty-field",
    "use-case-number",
    "use-case-heading",
    "no-use-cases",
    "template-field",
    "table-columns",
    "table-code-span-pipe",
    "table-delimiter",
    "table-delimiter-cells",
    "table-text-after",
    "table-header",
    "decision-rationale",
    "decision-stub",
    "no-decisions",
    "placeholder",
    "nfr-missing",
    "nfr-unmeasured",
    "nfr-percentiles",
    "vague-words",
    "unclosed-fence",
];

#[test]
fn a_clean_complete_spec_has_no_findings() {
    assert_eq!(lint(&case("clean"), &Outline::builtin()), vec![]);
}

#[test]
fn crlf_or_cr_line_endings_and_a_byte_order_mark_change_nothing() {
    for ending in ["\r\n", "\r"] {
        let text = format!("\u{feff}{}", case("clean").replace('\n', ending));
        assert_eq!(lint(&text, &Outline::builtin()), vec![], "{ending:?}");
        let broken = case("table-columns").replace('\n', ending);
        assert_eq!(
            brief(&lint(&broken, &Outline::builtin())),
            check("table-columns"),
            "{ending:?}"
        );
    }
}

#[test]
fn messages_name_a_section_without_its_number() {
    let spec = case("nfr-missing")
        .replace(
            "## Non-Functional Requirements",
            "## 6. Non-Functional Requirements",
        )
        .replace("## Dependencies", "## 8. Dependencies\n\n## 9. Risks");
    let messages: Vec<String> = lint(&spec, &Outline::builtin())
        .into_iter()
        .map(|f| f.message)
        .collect();
    assert_eq!(
        messages,
        vec![
            "Non-Functional Requirements has no **Availability**",
            "the section `Risks` is not in the template",
        ]
    );
}

#[test]
fn api_contracts_that_say_none_need_no_operation() {
    let clean = case("clean");
    let start = clean.find("## API Contracts").unwrap();
    let end = clean.find("## Error Handling").unwrap();
    let none = format!(
        "{}## API Contracts\n- None: this is a library used in process.\n\n{}",
        &clean[..start],
        &clean[end..]
    );
    assert_eq!(lint(&none, &Outline::builtin()), vec![]);
    let prose = none.replace(
        "- None: this is a library used in process.",
        "The library has one entry point.",
    );
    assert_eq!(
        brief(&lint(&prose, &Outline::builtin())),
        vec![("no-operations", Warning, 74)]
    );
}

/// Inputs that a check quadratic in the length of a line would take minutes on (80,000
/// `{{x}}` took 20 s; 3 MB of unmatched backticks, minutes). The assertions are on what
/// is found; the time is measured by `cargo bench -p specwright-render --bench lint`
/// (figures in docs/lint.md), not asserted.
#[test]
fn long_lines_are_read_in_one_pass() {
    let head = "# T — Technical Specification\n\n## Overview\n- **Problem statement**: ";
    let outline = Outline::builtin();
    let count = |text: &str, rule: &str| {
        lint(&format!("{head}{text}\n"), &outline)
            .iter()
            .filter(|f| f.rule == rule)
            .count()
    };
    // Handlebars expressions, each reported once.
    assert_eq!(count(&"{{x}} ".repeat(80_000), "placeholder"), 80_000);
    // Placeholders among braces.
    assert_eq!(count(&"{a b} {A} ".repeat(300_000), "placeholder"), 300_000);
    // One-word names filled in within a text, after a long run of spaces and between
    // cells: none is a placeholder, and none makes the line be read again.
    let filled = format!("{}x {}", " ".repeat(1_000_000), "{ab} ".repeat(200_000));
    assert_eq!(count(&filled, "placeholder"), 0);
    let cells = format!("| {} |", vec!["{ab} x"; 200_000].join(" | "));
    assert_eq!(count(&format!("x\n\n{cells}"), "placeholder"), 0);
    // Runs of backticks of ever new lengths, none closed: every word stays prose.
    let mut ticks = String::new();
    let mut length = 1;
    while ticks.len() < 2_000_000 {
        ticks.push_str(&"`".repeat(length));
        ticks.push_str(" fast ");
        length += 1;
    }
    assert_eq!(count(&ticks, "vague-word"), length - 1);
    // Vague words, bold text and links on one line.
    assert_eq!(
        count(&"fast **a** [b](c) ".repeat(100_000), "vague-word"),
        100_000
    );
    // Many bold labels on one line: the field's value runs to the next label.
    let labels = "**Goals:** a | ".repeat(50_000);
    assert_eq!(count(&format!("x\n{labels}"), "missing-field"), 1);
    // Many purposes on one line: each clause is looked at, not the line before it.
    assert_eq!(
        count(&"for efficient ".repeat(100_000), "vague-word"),
        100_000
    );
    // Many vague cells in one row, and many remarks on one line: what explains a vague
    // word (a row's other cells, a remark closing the line) is found once per line.
    let cells = format!("| FR-1 {}|", "| graceful ".repeat(100_000));
    assert_eq!(
        count(
            &format!("x\n\n| ID | Requirement |\n|---|---|\n{cells}"),
            "vague-word"
        ),
        100_000
    );
    assert_eq!(
        count(&"a (graceful) ".repeat(100_000), "vague-word"),
        100_000
    );
    // Many user stories under one heading, and many flows: the heading above each line
    // is followed once, not looked for again from each story.
    let stories = "x\n\n## Stories\n\n".to_string() + &"As a cook, I want a list.\n".repeat(30_000);
    assert_eq!(count(&stories, "section-spread"), 1);
    let flows = "x\n\n## Flows\n\n".to_string()
        + &"**User Flow**\n1. The user opens it.\n2. It loads.\n3. It shows.\n\n".repeat(5_000);
    assert_eq!(count(&flows, "section-spread"), 1);
    // Many bold options on one line, after a long run of plain text: each looks only at
    // the options beside it.
    let options = format!(
        "{}{}",
        "plain ".repeat(100_000),
        "**minimal** vs **full** ".repeat(20_000)
    );
    assert_eq!(count(&options, "vague-word"), 0);
    // Many groups of stories among many use cases: the stories inside each are found
    // by search, not by walking them all for every use case.
    let groups = "x\n\n## Use Cases\n\n".to_string()
        + &"### Primary Use Cases\n- As a cook, I want a list.\n- As a guest, I want a menu.\n\n"
            .repeat(10_000);
    assert_eq!(count(&groups, "use-case-heading"), 0);
    // Many questions marked where they arise, and many failure tests named in code.
    let marks = "x\n\n## Requirements\n\n".to_string()
        + &"- It MUST sync [NEEDS CLARIFICATION: how often?]\n".repeat(20_000);
    assert_eq!(count(&marks, "section-spread"), 1);
    let tests = "x\n\n## Testing Strategy\n\n```python\n".to_string()
        + &"def test_invalid_input(): pass\n".repeat(20_000)
        + "```\n";
    assert_eq!(count(&tests, "template-field"), 1);
    // Many items naming no technology under one long heading, then a stack: the heading
    // is read once, not for every line under it.
    let stack = format!(
        "x\n\n## Setup {}\n\n{}- **Framework:** React\n- **API:** FastAPI\n- **Database:** PostgreSQL\n",
        "word ".repeat(200_000),
        "- a plain item\n".repeat(50_000)
    );
    assert_eq!(count(&stack, "section-spread"), 1);
    // Many technologies on one line and in one long list.
    let named = "x\n\n## Setup\n\n".to_string()
        + &format!(
            "- Frontend: {}\n",
            "React + Vite + Redis + ".repeat(100_000)
        )
        + &"- Postgres;\n".repeat(50_000);
    assert_eq!(count(&named, "section-spread"), 1);
    // Many `TBD` cells in one row: the row's pipes are found once; the one under
    // `Measured` waits for the measurement.
    let row = format!("{}|", "| TBD ".repeat(100_000));
    assert_eq!(
        count(
            &format!("x\n\n| Target | Measured |\n|---|---|\n{row}"),
            "vague-word"
        ),
        99_999
    );
}

#[test]
fn a_spec_written_by_hand_in_another_style_is_read_on_its_own_terms() {
    // Front matter, a comment, numbered headings, `**Label:**` fields, goals as
    // sub-headings, NFRs as a table, aligned delimiter rows, code with braces.
    assert_eq!(
        check("foreign"),
        vec![("title-dash", Warning, 8), ("extra-section", Warning, 104)]
    );
}

#[test]
fn the_title_line_names_the_feature_and_the_document() {
    assert_eq!(check("title-wrong"), vec![("missing-title", Error, 1)]);
}

#[test]
fn a_hyphen_in_place_of_the_em_dash_is_a_warning() {
    assert_eq!(check("title-dash"), vec![("title-dash", Warning, 1)]);
    let f = lint(
        &case("clean").replacen(" — Technical", " -- Technical", 1),
        &Outline::builtin(),
    );
    assert_eq!(brief(&f), vec![("title-dash", Warning, 1)]);
}

#[test]
fn a_missing_section_is_an_error_where_it_belongs() {
    let f = lint(&case("missing-section"), &Outline::builtin());
    assert_eq!(brief(&f), vec![("missing-section", Error, 123)]);
    assert_eq!(line("missing-section", 123), "## Testing Strategy");
    assert_eq!(f[0].message, "the section `Dependencies` is missing");
    assert_eq!(
        f[0].hint,
        "Add `## Dependencies` just before `## Testing Strategy`."
    );
}

#[test]
fn a_section_out_of_order_is_an_error() {
    let f = lint(&case("section-order"), &Outline::builtin());
    assert_eq!(brief(&f), vec![("section-order", Error, 132)]);
    assert_eq!(line("section-order", 132), "## Dependencies");
    assert_eq!(
        f[0].hint,
        "Move it to just after `## Architecture Decisions`."
    );
}

#[test]
fn a_duplicate_section_is_an_error() {
    assert_eq!(
        check("duplicate-section"),
        vec![("duplicate-section", Error, 141)]
    );
    assert_eq!(line("duplicate-section", 141), "## Overview");
}

#[test]
fn an_extra_section_is_a_warning() {
    assert_eq!(
        check("extra-section"),
        vec![("extra-section", Warning, 137)]
    );
    assert_eq!(line("extra-section", 137), "## Risks");
}

#[test]
fn open_questions_must_be_present() {
    let f = lint(&case("missing-open-questions"), &Outline::builtin());
    assert_eq!(brief(&f), vec![("missing-section", Error, 135)]);
    assert_eq!(f[0].message, "the section `Open Questions` is missing");
}

#[test]
fn open_questions_may_be_empty() {
    assert_eq!(check("open-questions-empty"), vec![]);
}

#[test]
fn the_overview_has_problem_statement_goals_and_non_goals() {
    let f = lint(&case("overview-field"), &Outline::builtin());
    assert_eq!(brief(&f), vec![("missing-field", Error, 3)]);
    assert_eq!(f[0].message, "Overview has no **Non-goals**");
}

#[test]
fn each_use_case_has_actor_preconditions_flow_postconditions_and_error_scenarios() {
    let f = lint(&case("use-case-field"), &Outline::builtin());
    assert_eq!(brief(&f), vec![("missing-field", Error, 37)]);
    assert_eq!(
        line("use-case-field", 37),
        "### UC-3: Report remaining quota"
    );
    assert_eq!(
        f[0].message,
        "use case `UC-3: Report remaining quota` has no **Postconditions**"
    );
}

#[test]
fn an_empty_field_is_a_warning() {
    assert_eq!(check("empty-field"), vec![("empty-field", Warning, 130)]);
    assert_eq!(line("empty-field", 130), "- **Integration tests**:");
}

#[test]
fn a_use_case_without_an_actor_a_trigger_or_an_outcome_is_an_error() {
    let f = lint(&case("use-case-incomplete"), &Outline::builtin());
    assert_eq!(
        brief(&f),
        vec![
            ("use-case-incomplete", Error, 26),
            ("use-case-incomplete", Error, 37),
        ]
    );
    assert_eq!(
        f[0].message,
        "use case `UC-2: Change a tenant's limit without a restart` lacks an actor"
    );
    assert_eq!(
        f[1].message,
        "use case `UC-3: Report remaining quota` lacks an outcome (its postconditions)"
    );
    // The trigger is the preconditions or, when they say nothing, the first step.
    let no_pre = case("clean").replace(
        "- **Preconditions**: The operator can write the limits table.",
        "- **Preconditions**: Not discussed in the interview.",
    );
    assert_eq!(
        brief(&lint(&no_pre, &Outline::builtin())),
        vec![("filler", Warning, 28)]
    );
    let no_trigger = no_pre.replace(
        "  1. The operator updates the tenant's Limit row in Postgres.
  2. Postgres sends a NOTIFY on the limits channel.
  3. Every gateway node reloads the changed limit.
",
        "  1. Not specified
",
    );
    let f = lint(&no_trigger, &Outline::builtin());
    assert_eq!(brief(&f), vec![("use-case-incomplete", Error, 26)]);
    assert!(
        f[0].message
            .ends_with("lacks a trigger (its preconditions or first step)")
    );
}

#[test]
fn use_case_numbers_out_of_sequence_are_a_warning() {
    assert_eq!(
        check("use-case-number"),
        vec![("use-case-number", Warning, 26)]
    );
    assert!(line("use-case-number", 26).starts_with("### UC-5:"));
}

#[test]
fn a_use_case_heading_without_its_number_is_a_warning() {
    assert_eq!(
        check("use-case-heading"),
        vec![("use-case-heading", Warning, 37)]
    );
}

#[test]
fn use_cases_without_a_use_case_are_a_warning() {
    assert_eq!(check("no-use-cases"), vec![("no-use-cases", Warning, 13)]);
}

#[test]
fn other_fields_the_template_shows_are_warnings() {
    // Testing Strategy's **Integration tests**. (`RateLimitLayer` gives no **Errors** of
    // its own, but the error section names it: `RATE_LIMITED` is its 429.)
    assert_eq!(
        check("template-field"),
        vec![("template-field", Warning, 127)]
    );
    assert_eq!(line("template-field", 127), "## Testing Strategy");
}

#[test]
fn integration_tests_named_anywhere_are_there() {
    // The template-field case without its integration test, but with a manual
    // end-to-end check described in a section of its own: the integration test is
    // there, out of place. (Unit tests and edge cases still belong in the section.)
    let text = case("template-field").replace(
        "## Open Questions",
        "## Manual Checks\nA manual end-to-end check against a live Redis before each release.\n\n## Open Questions",
    );
    let findings = brief(&lint(&text, &Outline::builtin()));
    assert!(
        !findings
            .iter()
            .any(|f| f.0 == "template-field" && f.2 == 127),
        "{findings:?}"
    );
}

#[test]
fn a_table_row_with_the_wrong_cell_count_is_an_error() {
    assert_eq!(
        check("table-columns"),
        vec![("table-columns", Error, 63), ("table-columns", Error, 72)]
    );
    assert_eq!(
        line("table-columns", 63),
        "| rate | u32 | > 0 | Requests | per window |"
    );
}

#[test]
fn a_pipe_inside_backticks_still_splits_the_row_as_in_gfm() {
    // The clean spec's `fixed_window \| token_bucket` (escaped) is one cell; inside a code
    // span without the backslash, GFM splits it.
    assert_eq!(
        check("table-code-span-pipe"),
        vec![("table-columns", Error, 65)]
    );
}

#[test]
fn a_table_without_a_delimiter_row_is_an_error() {
    assert_eq!(
        check("table-delimiter"),
        vec![("table-delimiter", Error, 99)]
    );
    assert_eq!(
        line("table-delimiter", 99),
        "| Error Code | Condition | HTTP Status | User Message |"
    );
}

#[test]
fn a_delimiter_row_with_the_wrong_cell_count_is_an_error() {
    assert_eq!(
        check("table-delimiter-cells"),
        vec![("table-columns", Error, 100)]
    );
}

#[test]
fn text_right_under_a_table_is_a_row_as_in_gfm() {
    let f = lint(&case("table-text-after"), &Outline::builtin());
    assert_eq!(brief(&f), vec![("table-columns", Error, 103)]);
    assert_eq!(
        f[0].hint,
        "Put a blank line between the table and the text after it."
    );
}

#[test]
fn data_models_error_handling_and_decisions_tables_have_the_template_headers() {
    assert_eq!(
        check("table-header"),
        vec![
            ("table-header", Error, 59),
            ("table-header", Error, 99),
            ("table-header", Error, 113),
        ]
    );
}

#[test]
fn an_architecture_decision_without_a_rationale_is_an_error() {
    assert_eq!(
        check("decision-rationale"),
        vec![("decision-rationale", Error, 117)]
    );
    assert!(line("decision-rationale", 117).starts_with("| 3 |"));
}

#[test]
fn a_decision_with_a_stub_for_a_rationale_is_an_error() {
    let f = lint(&case("decision-stub"), &Outline::builtin());
    assert_eq!(brief(&f), vec![("decision-stub", Error, 120)]);
    assert_eq!(
        f[0].message,
        "the rationale lists the option's gains and costs, not why it was chosen: `Gains: Reviewable in version control. Sacrifices: Changing a...`"
    );
    // Only who decided, or a reason that repeats the choice, is no reason either.
    let who = case("clean").replace(
        "because limits change about twice a year and a reviewed file beats a hot reload (chosen by the user)",
        "(chosen by the user)",
    );
    assert_eq!(
        brief(&lint(&who, &Outline::builtin())),
        vec![("decision-stub", Error, 120)]
    );
    let echo = case("clean").replace(
        "because limits change about twice a year and a reviewed file beats a hot reload (chosen by the user)",
        "Config file",
    );
    assert_eq!(
        brief(&lint(&echo, &Outline::builtin())),
        vec![("decision-stub", Error, 120)]
    );
}

#[test]
fn a_decisions_table_without_a_decision_is_a_warning() {
    assert_eq!(check("no-decisions"), vec![("no-decisions", Warning, 113)]);
}

#[test]
fn template_placeholders_left_in_are_errors() {
    let f = lint(&case("placeholder"), &Outline::builtin());
    assert_eq!(
        brief(&f),
        vec![
            ("placeholder", Error, 1),
            ("placeholder", Error, 4),
            // `{who}` as text; the `{who}` in backticks on the same line is code.
            ("placeholder", Error, 15),
            ("placeholder", Error, 118),
            ("placeholder", Error, 124),
        ]
    );
    let messages: Vec<&str> = f.iter().map(|f| f.message.as_str()).collect();
    assert_eq!(
        messages,
        vec![
            "the template placeholder `{Feature Name}` was left in",
            "the template placeholder `{what problem this solves}` was left in",
            "the template placeholder `{who}` was left in",
            "the template expression `{{decisions.3.rationale}}` was left in",
            // Not in the seed template, but lowercase words in braces all the same.
            "the template placeholder `{why this one}` was left in",
        ]
    );
}

#[test]
fn a_missing_non_functional_requirement_is_an_error() {
    let f = lint(&case("nfr-missing"), &Outline::builtin());
    assert_eq!(brief(&f), vec![("nfr-missing", Error, 104)]);
    assert_eq!(
        f[0].message,
        "Non-Functional Requirements has no **Availability**"
    );
}

#[test]
fn non_functional_requirements_without_a_number_and_unit_are_errors() {
    assert_eq!(
        check("nfr-unmeasured"),
        vec![
            ("nfr-unmeasured", Error, 105),
            ("nfr-unmeasured", Error, 106),
            ("nfr-unmeasured", Error, 107),
            ("nfr-unmeasured", Error, 108),
        ]
    );
}

#[test]
fn a_requirement_not_specified_is_a_warning_only_while_an_open_question_tracks_it() {
    let spec = case("clean").replace(
        "- **Throughput**: 50,000 requests/s per gateway node",
        "- **Throughput**: Not specified (deferred by the user)",
    );
    assert_eq!(
        brief(&lint(&spec, &Outline::builtin())),
        vec![("nfr-unmeasured", Error, 106)]
    );
    let tracked = spec.replace(
        "- Hard constraints (deferred by the user)",
        "- Throughput targets (deferred by the user)",
    );
    let f = lint(&tracked, &Outline::builtin());
    assert_eq!(brief(&f), vec![("unspecified", Warning, 106)]);
    assert_eq!(
        f[0].message,
        "**Throughput** says `Not specified (deferred by the user)`; the open question on line 139 tracks it"
    );
}

#[test]
fn a_latency_without_p50_and_p99_is_a_warning() {
    let f = lint(&case("nfr-percentiles"), &Outline::builtin());
    assert_eq!(brief(&f), vec![("nfr-percentiles", Warning, 105)]);
    assert_eq!(f[0].message, "**Latency** gives no p50 or p99 target");
}

#[test]
fn vague_words_are_warnings_where_the_spec_states_requirements_and_errors_in_nfrs() {
    let f = lint(&case("vague-words"), &Outline::builtin());
    let got: Vec<(usize, &str, Severity, &str)> = f
        .iter()
        .map(|f| (f.line, f.rule, f.severity, f.message.as_str()))
        .collect();
    let vague = |line, word: &'static str| (line, "vague-word", Warning, word);
    let nfr = |line, word: &'static str| (line, "nfr-vague", Error, word);
    assert_eq!(
        got,
        vec![
            // Line 6, a goal ("A scalable, user-friendly limiter that is easy to
            // configure"), says what the spec is for; its requirements make it precise.
            // A non-functional requirement must be measurable: there a vague word is an
            // error. "writes fail fast" in Error Handling and "(fast, cheap)" in
            // Dependencies are not reported.
            nfr(110, "`gracefully` is vague in a non-functional requirement"),
            nfr(110, "`minimal` is vague in a non-functional requirement"),
            nfr(110, "`reasonable` is vague in a non-functional requirement"),
            vague(130, "`fast` is vague"),
            vague(130, "`robust` is vague"),
            vague(130, "`etc.` is vague"),
            vague(130, "`as needed` is vague"),
            vague(131, "`scalable` is vague"),
            vague(131, "`user-friendly` is vague"),
            vague(131, "`easy` is vague"),
            // Line 139, an open question ("TBD; we should probably ..."), is where
            // undecided things belong.
        ]
    );
}

#[test]
fn an_unclosed_code_fence_is_a_warning() {
    // The placeholder inside the unclosed fence is code, so it is not reported.
    assert_eq!(
        check("unclosed-fence"),
        vec![("unclosed-fence", Warning, 141)]
    );
}

const CUSTOM_TEMPLATE: &str = "# {{title}} — Technical Specification
{{!-- A leaner template: no API contracts, and a risks table. --}}

## Overview
- **Problem statement**: {{problem}}
- **Owner**: {owner}

## Use Cases
{{#each use_cases}}
### UC-{{number}}: {{name}}
- **Actor**: {{actor}}
- **Flow**: {{flow}}
{{/each}}

## Risks
| Risk | Likelihood | Mitigation |
|------|------------|------------|
{{#each risks}}
| {{risk}} | {{likelihood}} | {{mitigation}} |
{{/each}}

## Open Questions
{{#each open_questions}}
- {{this}}
{{/each}}
";

#[test]
fn a_custom_template_is_the_outline() {
    let outline = Outline::from_template(CUSTOM_TEMPLATE);
    let shape = |section: &str| SectionShape {
        section: section.into(),
        ..SectionShape::default()
    };
    assert_eq!(
        outline,
        Outline {
            sections: vec![
                "Overview".into(),
                "Use Cases".into(),
                "Risks".into(),
                "Open Questions".into()
            ],
            shapes: vec![
                SectionShape {
                    fields: vec!["Problem statement".into(), "Owner".into()],
                    aliases: Outline::builtin().shapes[0].aliases.clone(),
                    ..shape("Overview")
                },
                SectionShape {
                    entry_fields: vec!["Actor".into(), "Flow".into()],
                    // The seed's sections come with their synonyms.
                    aliases: Outline::builtin().shapes[1].aliases.clone(),
                    ..shape("Use Cases")
                },
                SectionShape {
                    table_header: Some(vec![
                        "Risk".into(),
                        "Likelihood".into(),
                        "Mitigation".into()
                    ]),
                    ..shape("Risks")
                },
                SectionShape {
                    aliases: Outline::builtin().shapes[9].aliases.clone(),
                    ..shape("Open Questions")
                },
            ],
            placeholders: vec!["{owner}".into()],
        }
    );

    let spec = "# Feed cache — Technical Specification

## Overview
- **Problem statement**: The feed query takes 900 ms at p99.
- **Owner**: Timeline team

## Use Cases
### UC-1: Read a feed
- **Actor**: Mobile app
- **Flow**: The app asks for a feed; the cache answers within 20 ms at p99.

## Risks
| Risk | Likelihood | Mitigation |
|------|------------|------------|
| Stale posts | Medium | Invalidate on write |

## Open Questions
";
    // No Goals, no API Contracts, no NFRs: this template does not ask for them.
    assert_eq!(lint(spec, &outline), vec![]);

    let broken = spec
        // `**Owners**` would be the same field; `**Team**` is another.
        .replace("- **Owner**: Timeline team", "- **Team**: {owner}")
        .replace("| Risk | Likelihood |", "| Risk | Chance |")
        .replace(
            "## Open Questions",
            "## API Contracts\n- None.\n\n## Open Questions",
        );
    assert_eq!(
        brief(&lint(&broken, &outline)),
        vec![
            ("missing-field", Error, 3),
            ("placeholder", Error, 5),
            ("table-header", Error, 13),
            ("extra-section", Warning, 17),
        ]
    );
}

#[test]
fn the_shipped_template_and_the_builtin_outline_agree() {
    // Specs rendered from prompts/templates/spec.md.hbs are linted with the built-in
    // outline when a project has no template of its own.
    let path = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../../prompts/templates/spec.md.hbs"
    );
    let shipped = Outline::from_template(&std::fs::read_to_string(path).unwrap());
    let builtin = Outline::builtin();
    assert_eq!(shipped.sections, builtin.sections);
    assert_eq!(shipped.shapes, builtin.shapes);
}

#[test]
fn the_seed_bare_template_reports_placeholders_and_unmeasured_nfrs() {
    let text = case("seed-template");
    let f = lint(&text, &Outline::builtin());
    assert!(has_errors(&f));
    // Every line of the template that holds a `{...}` placeholder is reported.
    let placeholder_lines: Vec<usize> = text
        .lines()
        .enumerate()
        .filter(|(_, l)| l.contains('{'))
        .map(|(i, _)| i + 1)
        .collect();
    let mut reported: Vec<usize> = f
        .iter()
        .filter(|f| f.rule == "placeholder")
        .map(|f| f.line)
        .collect();
    reported.dedup();
    assert_eq!(reported, placeholder_lines);
    let unmeasured: Vec<(&str, usize)> = f
        .iter()
        .filter(|f| f.rule == "nfr-unmeasured")
        .map(|f| (f.message.split("**").nth(1).unwrap(), f.line))
        .collect();
    assert_eq!(
        unmeasured,
        vec![
            ("Latency", 34),
            ("Throughput", 35),
            ("Availability", 36),
            ("Data retention", 37)
        ]
    );
    let human = format_human("seed-template.md", &f);
    println!("{human}");
    insta::assert_snapshot!(human, @r#"
    seed-template.md:1: error[placeholder]: the template placeholder `{Feature Name}` was left in
      hint: Replace the placeholder with the real content.
    seed-template.md:4: error[placeholder]: the template placeholder `{what problem this solves}` was left in
      hint: Replace the placeholder with the real content.
    seed-template.md:5: error[placeholder]: the template placeholder `{what success looks like}` was left in
      hint: Replace the placeholder with the real content.
    seed-template.md:6: error[placeholder]: the template placeholder `{what's explicitly out of scope}` was left in
      hint: Replace the placeholder with the real content.
    seed-template.md:9: error[placeholder]: the template placeholder `{Name}` was left in
      hint: Replace the placeholder with the real content.
    seed-template.md:10: error[placeholder]: the template placeholder `{who}` was left in
      hint: Replace the placeholder with the real content.
    seed-template.md:11: error[placeholder]: the template placeholder `{what must be true}` was left in
      hint: Replace the placeholder with the real content.
    seed-template.md:12: error[placeholder]: the template placeholder `{step-by-step}` was left in
      hint: Replace the placeholder with the real content.
    seed-template.md:13: error[placeholder]: the template placeholder `{what's true after}` was left in
      hint: Replace the placeholder with the real content.
    seed-template.md:14: error[placeholder]: the template placeholder `{what can go wrong}` was left in
      hint: Replace the placeholder with the real content.
    seed-template.md:17: error[placeholder]: the template placeholder `{Entity Name}` was left in
      hint: Replace the placeholder with the real content.
    seed-template.md:20: error[placeholder]: the template placeholder `{description}` was left in
      hint: Replace the placeholder with the real content.
    seed-template.md:23: error[placeholder]: the template placeholder `{Operation Name}` was left in
      hint: Replace the placeholder with the real content.
    seed-template.md:24: error[placeholder]: the template placeholder `{details}` was left in
      hint: Replace the placeholder with the real content.
    seed-template.md:25: error[placeholder]: the template placeholder `{request shape}` was left in
      hint: Replace the placeholder with the real content.
    seed-template.md:26: error[placeholder]: the template placeholder `{response shape}` was left in
      hint: Replace the placeholder with the real content.
    seed-template.md:27: error[placeholder]: the template placeholder `{error codes and conditions}` was left in
      hint: Replace the placeholder with the real content.
    seed-template.md:34: error[nfr-unmeasured]: **Latency** is not stated as a number with a time unit (ms or s)
      hint: State p50 and p99 targets with units, e.g. `p50 < 20 ms, p99 < 100 ms`.
    seed-template.md:34: error[placeholder]: the template placeholder `{p50, p99 targets}` was left in
      hint: Replace the placeholder with the real content.
    seed-template.md:35: error[nfr-unmeasured]: **Throughput** is not stated as a rate (a number per second or per minute)
      hint: State a rate with its unit, e.g. `2,000 requests/s` or `300 req/min`.
    seed-template.md:35: error[placeholder]: the template placeholder `{requests/sec}` was left in
      hint: Replace the placeholder with the real content.
    seed-template.md:36: error[nfr-unmeasured]: **Availability** is not stated as a percentage
      hint: State the SLA as a percentage, e.g. `99.9%` (three nines).
    seed-template.md:36: error[placeholder]: the template placeholder `{SLA}` was left in
      hint: Replace the placeholder with the real content.
    seed-template.md:37: error[nfr-unmeasured]: **Data retention** is not stated as a duration
      hint: State how long data is kept, e.g. `90 days` or `7 years`, or `indefinitely`.
    seed-template.md:37: error[placeholder]: the template placeholder `{policy}` was left in
      hint: Replace the placeholder with the real content.
    seed-template.md:40: warning[no-decisions]: Architecture Decisions records no decision
      hint: Record each design choice with the option chosen and why.
    seed-template.md:44: error[placeholder]: the template placeholder `{package/service}` was left in
      hint: Replace the placeholder with the real content.
    seed-template.md:44: error[placeholder]: the template placeholder `{what for}` was left in
      hint: Replace the placeholder with the real content.
    seed-template.md:47: error[placeholder]: the template placeholder `{what to test, coverage target}` was left in
      hint: Replace the placeholder with the real content.
    seed-template.md:48: error[placeholder]: the template placeholder `{what to test}` was left in
      hint: Replace the placeholder with the real content.
    seed-template.md:49: error[placeholder]: the template placeholder `{list}` was left in
      hint: Replace the placeholder with the real content.
    seed-template.md:52: error[placeholder]: the template placeholder `{anything unresolved}` was left in
      hint: Replace the placeholder with the real content.
    31 errors, 1 warning
    "#);
}

/// A finding as an expected-findings file lists it.
type Expected = (usize, Severity, String);

/// The hand-written specs of `tests/lint-patterns/`, each with the findings it must give.
fn patterns() -> Vec<(String, String, Vec<Expected>)> {
    let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/lint-patterns");
    let mut names: Vec<String> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter_map(|n| n.strip_suffix(".md").map(str::to_string))
        .collect();
    names.sort();
    names
        .into_iter()
        .map(|name| {
            let spec = std::fs::read_to_string(format!("{dir}/{name}.md")).unwrap();
            let expected = std::fs::read_to_string(format!("{dir}/{name}.expected"))
                .unwrap_or_else(|e| panic!("{name}.expected: {e}"));
            let expected = expected
                .lines()
                .map(|l| l.split('#').next().unwrap().trim())
                .filter(|l| !l.is_empty())
                .map(|l| {
                    let parts: Vec<&str> = l.split_whitespace().collect();
                    let severity = match parts[1] {
                        "error" => Error,
                        "warning" => Warning,
                        "note" => Note,
                        other => panic!("{name}.expected: unknown severity {other}"),
                    };
                    (parts[0].parse().unwrap(), severity, parts[2].to_string())
                })
                .collect();
            (name, spec, expected)
        })
        .collect()
}

#[test]
fn every_pattern_from_real_specs_gives_exactly_its_expected_findings() {
    let patterns = patterns();
    assert!(patterns.len() >= 8, "{}", patterns.len());
    for (name, spec, expected) in patterns {
        let got: Vec<Expected> = lint(&spec, &Outline::builtin())
            .into_iter()
            .map(|f| (f.line, f.severity, f.rule.to_string()))
            .collect();
        assert_eq!(got, expected, "{name}");
    }
}

/// docs/lint.md's table of rules names every rule with its severity, so a new rule
/// cannot land undocumented.
#[test]
fn docs_list_every_rule_with_its_severity() {
    let docs = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/../../docs/lint.md"))
        .expect("docs/lint.md is readable");
    for (rule, severity) in RULES {
        let row = format!("| `{rule}` | {} |", format!("{severity:?}").to_lowercase());
        assert!(docs.contains(&row), "docs/lint.md has no row `{row}`");
    }
}

#[test]
fn every_rule_is_listed_with_its_severity_and_findings_are_sorted_by_line() {
    let mut seen = std::collections::BTreeSet::new();
    let texts = ALL_CASES
        .iter()
        .map(|name| (name.to_string(), case(name)))
        .chain(patterns().into_iter().map(|(name, spec, _)| (name, spec)));
    for (name, text) in texts {
        let f = lint(&text, &Outline::builtin());
        for finding in &f {
            seen.insert(finding.rule);
            assert!(
                RULES.contains(&(finding.rule, finding.severity)),
                "{name}: {finding:?} is not in RULES"
            );
            assert!(finding.line >= 1, "{name}: {finding:?}");
            assert!(!finding.message.contains('\n') && !finding.hint.contains('\n'));
        }
        assert!(f.windows(2).all(|w| w[0].line <= w[1].line), "{name}");
    }
    // And every listed rule has a case that shows it (the rules that compare specs with
    // each other, in tests/lint_project.rs).
    let project_only = [
        "entity-conflict",
        "entity-fields",
        "error-code-conflict",
        "decision-conflict",
        "twin-unreadable",
    ];
    let listed: std::collections::BTreeSet<&str> = RULES
        .iter()
        .map(|(r, _)| *r)
        .filter(|r| !project_only.contains(r))
        .collect();
    assert_eq!(seen, listed);
}

#[test]
fn every_case_file_is_used() {
    let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/lint-cases");
    let mut files: Vec<String> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    files.sort();
    let mut cases: Vec<String> = ALL_CASES.iter().map(|c| format!("{c}.md")).collect();
    cases.sort();
    assert_eq!(files, cases);
}

#[test]
fn the_human_format_has_a_line_and_a_hint_per_finding_and_a_summary() {
    let f = lint(&case("nfr-percentiles"), &Outline::builtin());
    assert_eq!(
        format_human("docs/spec/biz/rate-limiter-spec.md", &f),
        "docs/spec/biz/rate-limiter-spec.md:105: warning[nfr-percentiles]: **Latency** gives no p50 or p99 target\n  hint: State p50 and p99 targets with units, e.g. `p50 < 20 ms, p99 < 100 ms`.\n0 errors, 1 warning\n"
    );
    assert_eq!(format_human("x.md", &[]), "0 errors, 0 warnings\n");
    let two = lint(&case("table-columns"), &Outline::builtin());
    assert!(format_human("x.md", &two).ends_with("\n2 errors, 0 warnings\n"));
}

#[test]
fn json_has_severity_line_rule_message_and_hint() {
    let f = lint(&case("nfr-unmeasured"), &Outline::builtin());
    let json = serde_json::to_value(&f[1]).unwrap();
    assert_eq!(
        json,
        serde_json::json!({
            "severity": "error",
            "line": 106,
            "rule": "nfr-unmeasured",
            "message": "**Throughput** is not stated as a rate (a number per second or per minute)",
            "hint": "State a rate with its unit, e.g. `2,000 requests/s` or `300 req/min`.",
        })
    );
    assert!(has_errors(&f));
    assert!(!has_errors(&lint(
        &case("nfr-percentiles"),
        &Outline::builtin()
    )));
}

fn hostile() -> impl proptest::strategy::Strategy<Value = String> {
    use proptest::prelude::*;
    prop_oneof![
        any::<String>(),
        "[|\\\\`#<>!*+=_~\\-\\[\\]{}0-9. \n\r\t\u{85}a-c]{0,16}",
        "(\\\\*\\|){1,4}",
    ]
}

proptest::proptest! {
    /// Whatever a user or a model says, once the renderer escapes it into a table cell the
    /// linter still reads one cell, and no heading, fence or comment escapes the table.
    #[test]
    fn values_escaped_by_the_renderer_never_break_the_spec(
        values in proptest::collection::vec(hostile(), 4)
    ) {
        use specwright_render::escape::inline;
        let row = format!(
            "| {} |",
            values.iter().map(|v| inline(v)).collect::<Vec<_>>().join(" | ")
        );
        let clean = case("clean");
        let spec = clean.replacen(
            "| rate | u32 | \\> 0 | Requests allowed per window |",
            &row,
            1,
        );
        proptest::prop_assert_ne!(&spec, &clean);
        let structural: Vec<Finding> = lint(&spec, &Outline::builtin())
            .into_iter()
            .filter(|f| !matches!(f.rule, "placeholder" | "vague-word" | "filler" | "unspecified"))
            .collect();
        proptest::prop_assert!(structural.is_empty(), "{}\n{:?}", row, structural);
    }
}

fn markdownish() -> impl proptest::strategy::Strategy<Value = String> {
    use proptest::prelude::*;
    let piece = prop_oneof![
        Just("# T — Technical Specification\n".to_string()),
        Just("## Overview\n".to_string()),
        Just("## Non-Functional Requirements\n".to_string()),
        Just("### UC-1: x\n".to_string()),
        Just("- **Latency**: ".to_string()),
        Just("| a | b |\n".to_string()),
        Just("|---|---|\n".to_string()),
        Just("```\n".to_string()),
        Just("<!-- ".to_string()),
        Just(" -->".to_string()),
        Just("---\n".to_string()),
        Just("\r\n".to_string()),
        "[ -~é—µ{}|`*#\\\n]{0,12}",
        any::<String>(),
    ];
    proptest::collection::vec(piece, 0..24).prop_map(|p| p.concat())
}

proptest::proptest! {
    /// Any input, however broken, gives findings (sorted, on real lines) and no panic.
    #[test]
    fn lint_never_panics(text in markdownish()) {
        let f = lint(&text, &Outline::builtin());
        let lines = text.lines().count().max(1);
        proptest::prop_assert!(f.iter().all(|f| (1..=lines).contains(&f.line)), "{:?}", f);
        proptest::prop_assert!(f.windows(2).all(|w| w[0].line <= w[1].line));
        let _ = Outline::from_template(&text);
    }
}

#[test]
fn a_template_declares_other_names_for_its_sections() {
    // A team whose specs say `## Verbs` for the API and `## Rulings` for the decisions
    // declares those names in its template; rendering drops the comments.
    let template = SEED_TEMPLATE
        .replace(
            "## API Contracts\n",
            "## API Contracts\n{{!-- also: Verbs; CLI reference --}}\n",
        )
        .replace(
            "## Architecture Decisions\n",
            "## Architecture Decisions\n{{! also: Rulings, Choices made }}\n",
        );
    let outline = Outline::from_template(&template);
    let at = |name: &str| outline.sections.iter().position(|s| s == name).unwrap();
    let (api, decisions) = (at("API Contracts"), at("Architecture Decisions"));
    assert_eq!(
        outline.shapes[api].names,
        vec!["Verbs".to_string(), "CLI reference".to_string()]
    );
    assert_eq!(
        outline.shapes[decisions].names,
        vec!["Rulings".to_string(), "Choices made".to_string()]
    );
    // The declared names are the sections' own: no alias note, no extra section, and
    // their content is checked as the section's (an operation without Errors, a decision
    // without a rationale).
    let spec = case("clean")
        .replace("## API Contracts", "## 4. Verbs")
        .replace("## Architecture Decisions", "## Rulings");
    let declared = brief(&lint(&spec, &outline));
    let builtin = brief(&lint(&spec, &Outline::builtin()));
    assert_eq!(declared, vec![], "{declared:?}");
    // Without the declaration both are found only by what they hold (operations with
    // their input and output, a decisions table), each an alias note.
    assert_eq!(
        builtin,
        vec![("section-alias", Note, 74), ("section-alias", Note, 112)],
        "{builtin:?}"
    );
    // And an API named `Verbs` holding no such entries is an extra section, the API
    // missing.
    let bare = lint(
        &spec.replace("- **Input**:", "- **Notes**:"),
        &Outline::builtin(),
    );
    let bare = brief(&bare);
    assert!(
        bare.contains(&("extra-section", Warning, 74))
            && bare.iter().any(|(rule, _, _)| *rule == "missing-section"),
        "{bare:?}"
    );
    let broken = spec.replacen("- **Errors**:", "- **Notes**:", 1);
    assert!(
        brief(&lint(&broken, &outline))
            .iter()
            .any(|(rule, _, _)| *rule == "template-field"),
        "the operation under the declared name is checked"
    );
}
