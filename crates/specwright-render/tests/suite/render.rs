//! The rendered spec and progress note: whole-output snapshots, the seed's section order,
//! and a property test that no value, however hostile, changes the spec's structure.

use chrono::NaiveDate;
use pretty_assertions::assert_eq;
use proptest::prelude::*;
use specwright_core::{
    ApiContract, DataModel, DecidedBy, DecisionOption, DecisionRecord, Dependency, ErrorCase,
    Field, Item, NamedValue, NonFunctional, Overview, SpecDraft, TestingStrategy, UseCase,
};
use specwright_render::spec::{
    NEXT_STEPS, PROGRESS_HEADER, ProgressEntry, RenderError, Renderer, SpecDocument,
};

/// The seed's Phase 5 template: the `## ` sections, in order.
const SEED_SECTIONS: [&str; 10] = [
    "Overview",
    "Use Cases",
    "Data Models",
    "API Contracts",
    "Error Handling",
    "Non-Functional Requirements",
    "Architecture Decisions",
    "Dependencies",
    "Testing Strategy",
    "Open Questions",
];

fn s(text: &str) -> String {
    text.to_string()
}

fn strings(items: &[&str]) -> Vec<String> {
    items.iter().map(|t| s(t)).collect()
}

fn i(text: &str) -> Item {
    Item::bare(text)
}

fn items(texts: &[&str]) -> Vec<Item> {
    texts.iter().map(|t| i(t)).collect()
}

fn field(name: &str, ty: &str, constraints: &str, description: &str) -> Field {
    Field {
        name: s(name),
        ty: s(ty),
        constraints: s(constraints),
        description: s(description),
        rests_on: vec![],
    }
}

fn url_shortener() -> SpecDraft {
    SpecDraft {
        overview: Overview {
            problem_statement: i(
                "Marketing links are long and ugly; we need short links we can track.",
            ),
            goals: items(&[
                "Create a short link for any http(s) URL",
                "Redirect in < 50 ms at p99",
                "Count clicks per link",
            ]),
            non_goals: items(&["Custom domains", "QR codes"]),
        },
        use_cases: vec![
            UseCase {
                name: s("Create a short link"),
                actor: s("Marketing staff (web UI) and the CMS (API)"),
                preconditions: s("The caller holds a valid API key"),
                flow: items(&[
                    "The caller POSTs the long URL",
                    "The service validates the URL and checks the phishing list",
                    "The service stores the link and returns its 7-character code",
                ]),
                postconditions: s("The link resolves from every pod"),
                error_scenarios: items(&[
                    "URL malformed or over 2 KB: 400 INVALID_URL",
                    "More than 100 creations a minute: 429 RATE_LIMITED",
                ]),
                rests_on: vec![],
            },
            UseCase {
                name: s("Redirect a visitor"),
                actor: s("Anyone with the short link"),
                preconditions: s("The link exists and is enabled"),
                flow: items(&[
                    "The visitor opens /{code}",
                    "The service answers 301 with the long URL and records the click",
                ]),
                postconditions: s("A click event is queued"),
                error_scenarios: items(&["Unknown or disabled code: 404 NOT_FOUND"]),
                rests_on: vec![],
            },
            UseCase {
                name: s("See click counts"),
                actor: s("The link's owner"),
                preconditions: s("Signed in through SSO"),
                flow: items(&["The owner opens the link's page"]),
                postconditions: s("Nothing changes"),
                error_scenarios: vec![],
                rests_on: vec![],
            },
        ],
        data_models: vec![
            DataModel {
                entity: s("Link"),
                fields: vec![
                    field("id", "UUIDv7", "PK", "Identifier"),
                    field(
                        "code",
                        "string",
                        "UNIQUE, 7 chars [a-zA-Z0-9]",
                        "The short code",
                    ),
                    field(
                        "target_url",
                        "text",
                        "NOT NULL, <= 2048 bytes",
                        "Where it redirects",
                    ),
                    field(
                        "status",
                        "enum",
                        "active | disabled",
                        "Disabled links answer 404",
                    ),
                    field("created_at", "timestamptz", "", "Creation time"),
                ],
            },
            DataModel {
                entity: s("Click"),
                fields: vec![
                    field("id", "UUIDv7", "PK", "Identifier"),
                    field("link_id", "UUIDv7", "FK → Link.id", "The link clicked"),
                    field("referrer", "text", "nullable", "The Referer header, if any"),
                ],
            },
        ],
        api_contracts: vec![
            ApiContract {
                operation: s("Create link"),
                interface: s("POST /v1/links"),
                input: s("`{\"url\": string}`"),
                output: s("201 `{\"code\": string, \"short_url\": string}`"),
                errors: s("400 INVALID_URL, 401 UNAUTHORIZED, 429 RATE_LIMITED"),
                rests_on: vec![],
            },
            ApiContract {
                operation: s("Redirect"),
                interface: s("GET /{code}"),
                input: s("The code in the path"),
                output: s("301 with Location"),
                errors: s("404 NOT_FOUND"),
                rests_on: vec![],
            },
        ],
        error_handling: vec![
            ErrorCase {
                code: s("INVALID_URL"),
                condition: s("Malformed, not http(s), or over 2 KB"),
                http_status: s("400"),
                user_message: s("That URL cannot be shortened."),
                rests_on: vec![],
            },
            ErrorCase {
                code: s("NOT_FOUND"),
                condition: s("Unknown or disabled code"),
                http_status: s("404"),
                user_message: s("This link does not exist."),
                rests_on: vec![],
            },
            ErrorCase {
                code: s("RATE_LIMITED"),
                condition: s("Over 100 creations per minute per key"),
                http_status: s("429"),
                user_message: s("Too many links; try again in a minute."),
                rests_on: vec![],
            },
        ],
        non_functional: NonFunctional {
            latency: i("p50 10 ms, p99 50 ms for redirects"),
            throughput: i("2,000 redirects/s at peak"),
            availability: i("99.95%"),
            data_retention: i("Links forever; click events 13 months"),
            other: vec![
                NamedValue {
                    name: s("Consistency"),
                    value: s("Strong for creation, eventual for click counts"),
                    rests_on: vec![],
                },
                NamedValue {
                    name: s("Security"),
                    value: s("Block javascript: URLs and known phishing domains"),
                    rests_on: vec![],
                },
            ],
        },
        dependencies: vec![
            Dependency {
                name: s("PostgreSQL 16"),
                purpose: s("Links and clicks"),
                rests_on: vec![],
            },
            Dependency {
                name: s("Redis"),
                purpose: s("Hot-link cache"),
                rests_on: vec![],
            },
        ],
        testing: TestingStrategy {
            unit: i("Code generation and URL validation; 90% line coverage"),
            integration: i("The API against PostgreSQL and Redis in containers"),
            edge_cases: items(&[
                "A URL of exactly 2048 bytes",
                "Two creations racing for the same code",
                "Redis down: redirects still served from PostgreSQL",
            ]),
        },
        open_questions: items(&["Should links expire?", "Who may disable a link?"]),
    }
}

fn decision(
    number: usize,
    area: &str,
    choice: &str,
    rationale: &str,
    by: DecidedBy,
) -> DecisionRecord {
    DecisionRecord {
        number,
        area: s(area),
        area_key: area.to_lowercase().replace(' ', "_"),
        question: format!("Which {area}?"),
        choice: s(choice),
        description: format!("{choice}, as offered."),
        gains: s("gains"),
        sacrifices: s("sacrifices"),
        alternatives: strings(&["Other"]),
        options: vec![DecisionOption {
            name: s(choice),
            description: s("desc"),
            gains: s("gains"),
            sacrifices: s("sacrifices"),
        }],
        recommended: 1,
        rationale: s(rationale),
        decided_by: by,
        answer_turn: number * 2,
        combines: vec![],
        reason_turn: None,
        stated_in: None,
    }
}

fn url_shortener_decisions() -> Vec<DecisionRecord> {
    vec![
        decision(
            1,
            "Data storage",
            "PostgreSQL",
            "Transactions for code uniqueness; the team runs it already",
            DecidedBy::AcceptedRecommendation,
        ),
        decision(
            2,
            "API style",
            "REST",
            "Every client speaks HTTP",
            DecidedBy::User,
        ),
        decision(
            3,
            "Error handling",
            "Typed errors with stable codes",
            "The CMS switches on the codes",
            DecidedBy::UserOwnChoice,
        ),
        decision(
            4,
            "Authentication/authorization",
            "API keys",
            "",
            DecidedBy::Delegated,
        ),
    ]
}

fn render(doc: &SpecDocument) -> String {
    Renderer::new(None).unwrap().render_spec(doc).unwrap()
}

fn full_spec() -> String {
    let draft = url_shortener();
    let decisions = url_shortener_decisions();
    // The first repeats a draft question (case and spacing differ); the second is new.
    let program = strings(&[
        " should LINKS expire? ",
        "Latency target for the stats page?",
    ]);
    render(&SpecDocument {
        title: "URL shortener",
        draft: &draft,
        decisions: &decisions,
        open_questions: &program,
        ledger: &[],
        adrs: &[],
    })
}

fn empty_spec() -> String {
    render(&SpecDocument {
        title: "Empty",
        draft: &SpecDraft::default(),
        decisions: &[],
        open_questions: &[],
        ledger: &[],
        adrs: &[],
    })
}

#[test]
fn a_full_spec_renders_as_its_snapshot() {
    insta::assert_snapshot!("url_shortener_spec", full_spec());
}

#[test]
fn an_empty_draft_renders_every_section_with_a_placeholder() {
    insta::assert_snapshot!("empty_spec", empty_spec());
}

/// Every `#`-heading of the spec, in order.
fn headings(spec: &str) -> Vec<&str> {
    spec.lines().filter(|l| l.starts_with('#')).collect()
}

#[test]
fn headings_follow_the_seed_template_in_order() {
    for (spec, title) in [(full_spec(), "URL shortener"), (empty_spec(), "Empty")] {
        let top: Vec<&str> = headings(&spec)
            .into_iter()
            .filter(|h| !h.starts_with("###"))
            .collect();
        let mut expected = vec![format!("# {title} — Technical Specification")];
        expected.extend(SEED_SECTIONS.iter().map(|s| format!("## {s}")));
        assert_eq!(top, expected);
        assert!(spec.starts_with(&expected[0]), "{spec}");
    }
    let spec = full_spec();
    let third: Vec<&str> = headings(&spec)
        .into_iter()
        .filter(|h| h.starts_with("### "))
        .collect();
    assert_eq!(
        third,
        vec![
            "### UC-1: Create a short link",
            "### UC-2: Redirect a visitor",
            "### UC-3: See click counts",
            "### Link",
            "### Click",
            "### Create link",
            "### Redirect",
        ]
    );
}

#[test]
fn the_output_has_one_blank_line_between_blocks_and_one_final_newline() {
    for spec in [full_spec(), empty_spec()] {
        assert!(spec.ends_with('\n') && !spec.ends_with("\n\n"), "{spec:?}");
        assert!(!spec.contains("\n\n\n"), "{spec}");
        assert!(spec.lines().all(|l| l == l.trim_end()), "{spec}");
        // Each section is preceded by exactly one blank line.
        for section in SEED_SECTIONS {
            assert!(spec.contains(&format!("\n\n## {section}\n")), "{section}");
        }
    }
}

#[test]
fn the_program_owns_the_decisions_table() {
    let spec = full_spec();
    let table: Vec<&str> = spec
        .lines()
        .skip_while(|l| *l != "## Architecture Decisions")
        .skip(1)
        .take_while(|l| !l.is_empty())
        .collect();
    assert_eq!(
        table,
        vec![
            "| # | Decision | Rationale |",
            "|---|----------|-----------|",
            "| 1 | Data storage: PostgreSQL | Transactions for code uniqueness; the team runs it already (recommendation accepted) |",
            "| 2 | API style: REST | Every client speaks HTTP (chosen by the user) |",
            "| 3 | Error handling: Typed errors with stable codes | The CMS switches on the codes (the user's own choice) |",
            "| 4 | Authentication/authorization: API keys | No rationale recorded (delegated to the recommendation) |",
        ]
    );
}

#[test]
fn decisions_link_their_adrs_only_when_the_name_is_program_made() {
    let draft = SpecDraft::default();
    let decisions = url_shortener_decisions();
    let adrs = strings(&[
        "adr-001-url-shortener-data-storage.md",
        "adr-002-x.md) [evil](http://x",
    ]);
    let spec = render(&SpecDocument {
        title: "URL shortener",
        draft: &draft,
        decisions: &decisions[..2],
        open_questions: &[],
        ledger: &[],
        adrs: &adrs,
    });
    assert!(
        spec.contains("| 1 | [Data storage: PostgreSQL](adr-001-url-shortener-data-storage.md) | ")
    );
    assert!(spec.contains("| 2 | API style: REST | "), "{spec}");
    assert!(!spec.contains("evil"), "{spec}");
}

#[test]
fn open_questions_are_the_drafts_then_the_programs_without_repeats() {
    let spec = full_spec();
    let questions: Vec<&str> = spec
        .lines()
        .skip_while(|l| *l != "## Open Questions")
        .skip(1)
        .collect();
    assert_eq!(
        questions,
        vec![
            "- Should links expire?",
            "- Who may disable a link?",
            "- Latency target for the stats page?",
        ]
    );
}

fn progress(spec_path: &str, use_cases: usize, decisions: usize, open: usize) -> String {
    Renderer::new(None)
        .unwrap()
        .render_progress_entry(&ProgressEntry {
            date: NaiveDate::from_ymd_opt(2026, 11, 24).unwrap(),
            title: "URL shortener",
            spec_path,
            use_cases,
            decisions,
            open_questions: open,
        })
        .unwrap()
}

#[test]
fn a_progress_entry_links_the_spec_relative_to_progress_md() {
    assert_eq!(
        progress("docs/spec/biz/url-shortener-spec.md", 3, 7, 2),
        "## 2026-11-24 — URL shortener\n\
         \n\
         - Spec: [docs/spec/biz/url-shortener-spec.md](../biz/url-shortener-spec.md)\n\
         - 3 use cases, 7 decisions, 2 open questions\n\
         - Next: `/plan` with `codegen.plan.llm` for implementation planning, then `/decompose` to break it into parallel tasks\n"
    );
    assert!(
        progress("docs/spec/biz/x-spec.md", 1, 1, 1)
            .contains("- 1 use case, 1 decision, 1 open question\n")
    );
    // Appended after the header, the entries read as one document.
    let file = format!(
        "{PROGRESS_HEADER}{}\n{}",
        progress("docs/spec/biz/a-spec.md", 1, 0, 0),
        progress("docs/spec/biz/b-spec.md", 2, 3, 4)
    );
    assert!(file.starts_with("# Progress\n\n## 2026-11-24"), "{file}");
    assert!(!file.contains("\n\n\n"), "{file}");
}

#[test]
fn next_steps_are_the_seeds_and_say_where_they_run() {
    assert_eq!(
        NEXT_STEPS.lines().collect::<Vec<_>>(),
        vec![
            "- Plan the implementation with `/plan` and `codegen.plan.llm` in the llm-init framework (not a specwright command)",
            "- Break it into parallel tasks with llm-init's `/decompose`",
        ]
    );
}

fn temp_dir(name: &str) -> std::path::PathBuf {
    let dir = std::env::temp_dir().join(format!(
        "specwright-render-test-{name}-{}",
        std::process::id()
    ));
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

#[test]
fn an_override_template_replaces_the_builtin_and_is_escaped_too() {
    let dir = temp_dir("override");
    let path = dir.join("spec.md.hbs");
    std::fs::write(
        &path,
        "# {{title}}\n\n\n\n{{#each open_questions}}\n- {{this}}\n{{/each}}\n\n\n",
    )
    .unwrap();
    let renderer = Renderer::new(Some(&path)).unwrap();
    std::fs::remove_dir_all(&dir).unwrap();
    let program = strings(&["a | b\n## injected"]);
    let spec = renderer
        .render_spec(&SpecDocument {
            title: "T|`x`",
            draft: &SpecDraft::default(),
            decisions: &[],
            open_questions: &program,
            ledger: &[],
            adrs: &[],
        })
        .unwrap();
    assert_eq!(spec, "# T\\|\\`x\\`\n\n- a \\| b ## injected\n");
}

#[test]
fn a_missing_override_falls_back_to_the_builtin_template() {
    let dir = temp_dir("missing");
    let renderer = Renderer::new(Some(&dir.join("nope.md.hbs"))).unwrap();
    std::fs::remove_dir_all(&dir).unwrap();
    let spec = renderer
        .render_spec(&SpecDocument {
            title: "Empty",
            draft: &SpecDraft::default(),
            decisions: &[],
            open_questions: &[],
            ledger: &[],
            adrs: &[],
        })
        .unwrap();
    assert_eq!(spec, empty_spec());
}

#[test]
fn a_broken_override_is_one_sentence_naming_its_path() {
    let dir = temp_dir("broken");
    let path = dir.join("spec.md.hbs");
    std::fs::write(&path, "# {{title}}\n{{#if x}}\nunclosed\n").unwrap();
    let err = Renderer::new(Some(&path)).err().unwrap();
    std::fs::remove_dir_all(&dir).unwrap();
    assert!(matches!(err, RenderError::Template { .. }), "{err:?}");
    let message = err.to_string();
    assert!(
        message.starts_with(&format!("the template {} is not valid", path.display())),
        "{message}"
    );
    assert!(!message.contains('\n'), "{message}");
}

#[test]
fn an_override_past_the_limit_is_not_read_and_says_why() {
    let dir = temp_dir("too-large");
    let path = dir.join("spec.md.hbs");
    let limit = specwright_render::spec::MAX_SPEC_TEMPLATE_BYTES as usize;
    std::fs::write(&path, "x".repeat(limit + 1)).unwrap();
    let err = Renderer::new(Some(&path)).err().unwrap();
    // A template of the limit's own size is read.
    std::fs::write(&path, "x".repeat(limit)).unwrap();
    let read = Renderer::new(Some(&path));
    std::fs::remove_dir_all(&dir).unwrap();
    assert!(matches!(err, RenderError::Read { .. }), "{err:?}");
    assert_eq!(
        err.to_string(),
        format!(
            "cannot read the spec template {}: {} bytes, more than a template may be ({limit} bytes)",
            path.display(),
            limit + 1
        )
    );
    assert!(read.is_ok());
}

// ---------------------------------------------------------------------------------------
// Hostile values never change the structure.

/// The number of cells in a GFM table row: its `|` not escaped by an odd run of
/// backslashes, minus one for the row's leading and trailing pipes. Written apart from the
/// crate's own splitter so the two check each other.
fn cell_count(row: &str) -> usize {
    let mut pipes = 0;
    let mut backslashes = 0;
    for c in row.chars() {
        match c {
            '\\' => backslashes += 1,
            '|' if backslashes % 2 == 0 => {
                pipes += 1;
                backslashes = 0;
            }
            _ => backslashes = 0,
        }
    }
    assert!(row.starts_with('|') && row.ends_with('|'), "{row}");
    pipes - 1
}

/// Template text that may start a line; everything after it is a value.
/// The first that matches wins; the empty prefix (last) only fits an empty line.
const LINE_STARTS: [&str; 12] = [
    "- **", "  - ", "- ", "| ", "|-", "### UC-", "### ", "## ", "# ", "_No ", "  ", "",
];

/// What a value must never start with once the template's prefix is taken off.
fn starts_a_block(value: &str) -> bool {
    let digits = value.bytes().take_while(u8::is_ascii_digit).count();
    let after_digits = &value[digits..];
    // A `<` opens an HTML block only before a letter, `/`, `!` or `?`.
    let html = value.starts_with('<')
        && value[1..]
            .chars()
            .next()
            .is_some_and(|c| c.is_ascii_alphabetic() || matches!(c, '/' | '!' | '?'));
    html || value.starts_with(['#', '>', '-', '+', '*', '=', '~', '_', '|', '`', ' '])
        || (digits > 0
            && (after_digits.starts_with(". ")
                || after_digits.starts_with(") ")
                || after_digits == "."
                || after_digits == ")"))
}

fn hostile() -> impl Strategy<Value = String> {
    prop_oneof![
        any::<String>(),
        "[|\\\\`#<>*+=_~\\-\\[\\]0-9. \n\r\t\u{1b}a-c]{0,12}",
        "(#{1,6} |[-+*>] |[0-9]{1,3}[.)] |\\\\*\\||`{1,3}|\n|\r\n)[a-z |]{0,6}",
        Just(String::new()),
    ]
}

fn list(n: usize, next: &mut dyn FnMut() -> String) -> Vec<String> {
    (0..n).map(|_| next()).collect()
}

fn item_list(n: usize, next: &mut dyn FnMut() -> String) -> Vec<Item> {
    (0..n).map(|_| Item::bare(next())).collect()
}

/// Builds a draft and decisions from a pool of hostile strings, with collection sizes
/// from `sizes`.
fn hostile_doc(
    pool: &[String],
    sizes: &[usize],
) -> (String, SpecDraft, Vec<DecisionRecord>, Vec<String>) {
    let mut next_text = {
        let mut i = 0;
        move || {
            i += 1;
            pool[i % pool.len()].clone()
        }
    };
    let mut size = {
        let mut i = 0;
        move || {
            i += 1;
            sizes[i % sizes.len()]
        }
    };
    let title = next_text();
    let mut draft = SpecDraft::default();
    draft.overview.problem_statement = Item::bare(next_text());
    draft.overview.goals = item_list(size(), &mut next_text);
    draft.overview.non_goals = item_list(size(), &mut next_text);
    for _ in 0..size() {
        draft.use_cases.push(UseCase {
            name: next_text(),
            actor: next_text(),
            preconditions: next_text(),
            flow: item_list(size(), &mut next_text),
            postconditions: next_text(),
            error_scenarios: item_list(size(), &mut next_text),
            rests_on: vec![],
        });
    }
    for _ in 0..size() {
        let fields = (0..size())
            .map(|_| Field {
                name: next_text(),
                ty: next_text(),
                constraints: next_text(),
                description: next_text(),
                rests_on: vec![],
            })
            .collect();
        draft.data_models.push(DataModel {
            entity: next_text(),
            fields,
        });
    }
    for _ in 0..size() {
        draft.api_contracts.push(ApiContract {
            operation: next_text(),
            interface: next_text(),
            input: next_text(),
            output: next_text(),
            errors: next_text(),
            rests_on: vec![],
        });
    }
    for _ in 0..size() {
        draft.error_handling.push(ErrorCase {
            code: next_text(),
            condition: next_text(),
            http_status: next_text(),
            user_message: next_text(),
            rests_on: vec![],
        });
    }
    draft.non_functional = NonFunctional {
        latency: Item::bare(next_text()),
        throughput: Item::bare(next_text()),
        availability: Item::bare(next_text()),
        data_retention: Item::bare(next_text()),
        other: (0..size())
            .map(|_| NamedValue {
                name: next_text(),
                value: next_text(),
                rests_on: vec![],
            })
            .collect(),
    };
    for _ in 0..size() {
        draft.dependencies.push(Dependency {
            name: next_text(),
            purpose: next_text(),
            rests_on: vec![],
        });
    }
    draft.testing = TestingStrategy {
        unit: Item::bare(next_text()),
        integration: Item::bare(next_text()),
        edge_cases: item_list(size(), &mut next_text),
    };
    draft.open_questions = item_list(size(), &mut next_text);
    let bys = [
        DecidedBy::User,
        DecidedBy::AcceptedRecommendation,
        DecidedBy::Delegated,
        DecidedBy::UserOwnChoice,
    ];
    let decisions = (0..size())
        .map(|i| {
            let mut d = decision(i + 1, &next_text(), &next_text(), &next_text(), bys[i % 4]);
            d.question = next_text();
            d
        })
        .collect();
    let program = list(size(), &mut next_text);
    (title, draft, decisions, program)
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(200))]

    #[test]
    fn hostile_values_never_change_the_spec_structure(
        pool in proptest::collection::vec(hostile(), 1..40),
        sizes in proptest::collection::vec(0usize..4, 1..12),
    ) {
        let (title, draft, decisions, program) = hostile_doc(&pool, &sizes);
        let spec = render(&SpecDocument {
            title: &title,
            draft: &draft,
            decisions: &decisions,
            open_questions: &program,
            ledger: &[],
            adrs: &[],
        });
        let lines: Vec<&str> = spec.lines().collect();

        // The title and the ten sections, in the seed's order, and nothing else at level 1-2.
        let top: Vec<&str> = lines.iter().copied().filter(|l| l.starts_with('#') && !l.starts_with("###")).collect();
        prop_assert_eq!(top.len(), 11, "{}", spec);
        prop_assert!(top[0].starts_with("# ") && top[0].ends_with(" — Technical Specification"), "{}", top[0]);
        let sections: Vec<&str> = top[1..].iter().map(|h| h.trim_start_matches("## ")).collect();
        prop_assert_eq!(sections, SEED_SECTIONS.to_vec());
        prop_assert_eq!(lines.iter().filter(|l| l.starts_with("## ")).count(), 10);

        // Level-3 headings: one per use case, data model and API contract, nothing more.
        let third = lines.iter().filter(|l| l.starts_with("###")).count();
        prop_assert_eq!(third, draft.use_cases.len() + draft.data_models.len() + draft.api_contracts.len(), "{}", spec);

        // Every table row has its header's column count.
        let mut header: Option<usize> = None;
        for line in &lines {
            if line.starts_with('|') {
                let cells = cell_count(line);
                match header {
                    None => header = Some(cells),
                    Some(n) => prop_assert_eq!(cells, n, "row {:?} in\n{}", line, spec),
                }
            } else {
                header = None;
            }
        }
        // Template tables keep their headers.
        prop_assert_eq!(lines.iter().filter(|l| **l == "| Field | Type | Constraints | Description |").count(), draft.data_models.len());
        prop_assert!(lines.contains(&"| Error Code | Condition | HTTP Status | User Message |"));
        prop_assert!(lines.contains(&"| # | Decision | Rationale |"));

        // No value starts a line or a block: each line is template text, then a value that
        // cannot open a block.
        for line in &lines {
            let prefix = LINE_STARTS.iter().find(|p| line.starts_with(**p)).copied().unwrap_or("");
            let rest = &line[prefix.len()..];
            let rest = match prefix {
                // `  1. step`
                "  " => {
                    let digits = rest.bytes().take_while(u8::is_ascii_digit).count();
                    prop_assert!(digits > 0 && rest[digits..].starts_with(". "), "{:?}", line);
                    &rest[digits + 2..]
                }
                "- **" => rest.split_once("**: ").map(|(_, v)| v).unwrap_or(""),
                "### UC-" => rest.split_once(": ").map(|(_, v)| v).unwrap_or(""),
                "| " | "|-" => "",
                "" => {
                    prop_assert!(line.is_empty(), "a value starts the line {:?} in\n{}", line, spec);
                    ""
                }
                _ => rest,
            };
            prop_assert!(!starts_a_block(rest), "{:?} in line {:?}", rest, line);
            prop_assert!(!line.chars().any(char::is_control), "{:?}", line);
        }

        // The template's own layout: one blank line before each section and between
        // blocks, none elsewhere, no trailing spaces, one final newline.
        prop_assert!(spec.ends_with('\n') && !spec.ends_with("\n\n"));
        prop_assert!(!spec.contains("\n\n\n"), "{}", spec);
        prop_assert!(lines.iter().all(|l| *l == l.trim_end()), "{}", spec);
        for (i, line) in lines.iter().enumerate() {
            if line.starts_with("## ") || (line.starts_with("### ") && !lines[i - 1].starts_with("## ")) {
                prop_assert_eq!(lines[i - 1], "", "no blank line before {:?} in\n{}", line, spec);
            }
            if line.is_empty() {
                prop_assert!(lines.get(i + 1).is_some_and(|n| n.starts_with('#')), "a blank line inside a block at line {} of\n{}", i + 1, spec);
            }
        }
    }
}

/// What a draft reads as once it went through markdown: no ids.
fn without_ids(mut d: SpecDraft) -> SpecDraft {
    let paths: Vec<_> = specwright_core::items::items(&d)
        .into_iter()
        .map(|i| i.path)
        .collect();
    for p in paths {
        if let Some(ids) = specwright_core::items::rests_on_mut(&mut d, p) {
            ids.clear();
        }
    }
    d
}

#[test]
fn a_rendered_spec_reads_back_as_the_same_draft() {
    let spec = full_spec();
    let mut back = specwright_render::parse::parse_spec(&spec);
    // The Open Questions come back with the program's; the caller takes those out.
    back.open_questions
        .retain(|q| !q.text.starts_with("Latency") && !q.text.starts_with("Decision"));
    assert_eq!(back, without_ids(url_shortener()));
}

#[test]
fn items_resting_on_nothing_said_are_marked_inferred() {
    use specwright_core::{Basis, BasisKind, Source};
    let basis = vec![Basis {
        id: "F1".into(),
        kind: BasisKind::Fact,
        source: Source::Stated,
        text: "Short links for marketing".into(),
        topic: None,
        turn: Some(1),
    }];
    let mut draft = SpecDraft::default();
    draft.overview.goals = vec![
        Item::new("Short links", vec!["F1".into()]),
        Item::new("SAML single sign-on", vec![]),
        Item::new("Audit log", vec!["F9".into()]),
    ];
    draft.data_models = vec![DataModel {
        entity: s("Link"),
        fields: vec![field("id", "UUIDv7", "PK", "")],
    }];
    let doc = SpecDocument {
        title: "URL shortener",
        draft: &draft,
        decisions: &[],
        open_questions: &[],
        ledger: &basis,
        adrs: &[],
    };
    let spec = render(&doc);
    assert!(spec.contains("  - Short links\n"), "{spec}");
    assert!(
        spec.contains("  - SAML single sign-on _(inferred)_\n"),
        "{spec}"
    );
    assert!(spec.contains("  - Audit log _(inferred)_\n"), "{spec}");
    assert!(
        spec.contains("| id _(inferred)_ | UUIDv7 | PK | — |"),
        "{spec}"
    );
    // Without a ledger nothing is told apart, so nothing is marked.
    let unmarked = render(&SpecDocument { ledger: &[], ..doc });
    assert!(!unmarked.contains("_(inferred)_"), "{unmarked}");
}
