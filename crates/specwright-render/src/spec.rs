//! Renders the spec, its ADRs and the progress note with handlebars. Every `{{value}}`
//! passes through [`crate::escape::inline`] (the registry's escape function), so a template
//! cannot forget to escape. The program owns the title, the Architecture Decisions table
//! and the merged Open Questions; the model's draft fills the rest.
//!
//! The spec template sees this context (an override template may use any of it):
//!
//! ```text
//! title
//! overview.{problem_statement, goals[], non_goals[]}
//! use_cases[].{number, name, actor, preconditions, flow[].{number, text}, postconditions,
//!              error_scenarios[]}
//! data_models[].{entity, fields[].{name, type, constraints, description}}
//! api_contracts[].{operation, interface, input, output, errors}
//! error_handling[].{code, condition, http_status, user_message}
//! non_functional.{latency, throughput, availability, data_retention, other[].{name, value}}
//! decisions[].{number, decision, rationale, adr}
//! dependencies[].{name, purpose}
//! testing.{unit, integration, edge_cases[]}
//! open_questions[]
//! ```
//!
//! Empty values are never empty in the output: a field reads `Not specified.`, a list
//! `None identified.`, a section of `###` blocks `_No ... recorded._`, and a table keeps its
//! header with one row of `—` cells.

use std::path::Path;

use handlebars::Handlebars;
use serde::Serialize;
use specwright_core::provenance::Registry;
use specwright_core::turn::Item;
use specwright_core::{Basis, DecisionRecord, SpecDraft};

use crate::escape;
use crate::read::{CappedReadError, read_capped};

pub const BUILTIN_SPEC_TEMPLATE: &str = include_str!("../templates/spec.md.hbs");
const PROGRESS_TEMPLATE: &str = include_str!("../templates/progress.md.hbs");
const ADR_TEMPLATE: &str = include_str!("../templates/adr.md.hbs");

const SPEC_ORIGIN: &str = "crates/specwright-render/templates/spec.md.hbs (built in)";
const PROGRESS_ORIGIN: &str = "crates/specwright-render/templates/progress.md.hbs (built in)";
const ADR_ORIGIN: &str = "crates/specwright-render/templates/adr.md.hbs (built in)";

/// Written at the top of PROGRESS.md when specwright creates it.
pub const PROGRESS_HEADER: &str = "# Progress\n\n";

/// The seed's next steps after a spec is approved, one markdown bullet a line.
pub const NEXT_STEPS: &str = "- Plan the implementation with `/plan` and `codegen.plan.llm` in the llm-init framework (not a specwright command)\n- Break it into parallel tasks with llm-init's `/decompose`\n";

/// The folder PROGRESS.md lives in, relative to the project root.
const PROGRESS_DIR: &str = "docs/spec/.llm";

/// Shown for a field the interview left empty.
const NOT_SPECIFIED: &str = "Not specified.";

/// Marks an item no answer supports.
pub const INFERRED_MARK: &str = " _(inferred)_";

#[derive(Debug, thiserror::Error)]
pub enum RenderError {
    #[error("the template {origin} is not valid: {reason}")]
    Template { origin: String, reason: String },
    #[error("cannot read the spec template {path}: {reason}")]
    Read { path: String, reason: String },
    #[error("the template {origin} could not be rendered: {reason}")]
    Render { origin: String, reason: String },
}

/// What the spec is made of.
pub struct SpecDocument<'a> {
    /// The feature's name, as the user gave it.
    pub title: &'a str,
    pub draft: &'a SpecDraft,
    pub decisions: &'a [DecisionRecord],
    /// Open questions the program recorded (uncovered or deferred topics and decisions).
    pub open_questions: &'a [String],
    /// What items may rest on (the session's facts, decisions and answers at the draft):
    /// an item resting on none of it is marked inferred. Empty: nothing is marked.
    pub ledger: &'a [Basis],
    /// The ADR file of each decision, relative to the spec's folder (empty: no links).
    pub adrs: &'a [String],
}

/// One ADR.
pub struct AdrDocument<'a> {
    pub number: usize,
    pub title: &'a str,
    pub date: chrono::NaiveDate,
    /// The spec's file name; ADRs sit beside it.
    pub spec_file: &'a str,
    pub area_why: &'a str,
    pub record: &'a DecisionRecord,
}

/// One entry of PROGRESS.md.
pub struct ProgressEntry<'a> {
    pub date: chrono::NaiveDate,
    pub title: &'a str,
    /// Relative to the project root, e.g. `docs/spec/biz/url-shortener-spec.md`.
    pub spec_path: &'a str,
    pub use_cases: usize,
    pub decisions: usize,
    pub open_questions: usize,
}

/// The largest spec template read: far past any template (the seed's is 3 KB).
pub const MAX_SPEC_TEMPLATE_BYTES: u64 = 1024 * 1024;

/// Why a template of `len` bytes is not read, in words.
pub fn template_too_large(len: u64) -> String {
    format!("{len} bytes, more than a template may be ({MAX_SPEC_TEMPLATE_BYTES} bytes)")
}

pub struct Renderer {
    registry: Handlebars<'static>,
    spec_origin: String,
    /// Only a user's template needs [`tidy`]: the built-in one renders exactly (its tests
    /// check the raw output).
    spec_overridden: bool,
}

impl Renderer {
    /// The built-in templates; the spec template is read from `spec_template_override`
    /// instead when that file exists.
    pub fn new(spec_template_override: Option<&Path>) -> Result<Renderer, RenderError> {
        match spec_template_override {
            Some(path) if path.is_file() => {
                let text = read_capped(path, MAX_SPEC_TEMPLATE_BYTES).map_err(|e| {
                    let reason = match e {
                        CappedReadError::TooLarge(len) => template_too_large(len),
                        e => e.to_string(),
                    };
                    RenderError::Read {
                        path: path.display().to_string(),
                        reason,
                    }
                })?;
                Renderer::with_spec_template(Some((&text, &path.display().to_string())))
            }
            _ => Renderer::with_spec_template(None),
        }
    }

    /// The built-in templates, with `spec` (a template's text and where it comes from,
    /// for messages) in place of the built-in spec template.
    pub fn with_spec_template(spec: Option<(&str, &str)>) -> Result<Renderer, RenderError> {
        let (spec_text, spec_origin, spec_overridden) = match spec {
            Some((text, origin)) => (text, origin, true),
            None => (BUILTIN_SPEC_TEMPLATE, SPEC_ORIGIN, false),
        };
        let mut registry = Handlebars::new();
        registry.register_escape_fn(escape::inline);
        registry.set_strict_mode(false);
        for (name, text, origin) in [
            ("spec", spec_text, spec_origin),
            ("adr", ADR_TEMPLATE, ADR_ORIGIN),
            ("progress", PROGRESS_TEMPLATE, PROGRESS_ORIGIN),
        ] {
            registry
                .register_template_string(name, text)
                .map_err(|e| RenderError::Template {
                    origin: origin.to_string(),
                    reason: template_error_reason(&e),
                })?;
        }
        Ok(Renderer {
            registry,
            spec_origin: spec_origin.to_string(),
            spec_overridden,
        })
    }

    pub fn render_spec(&self, doc: &SpecDocument) -> Result<String, RenderError> {
        let view = SpecView::new(doc);
        self.render("spec", &self.spec_origin, &view, self.spec_overridden)
    }

    pub fn render_adr(&self, adr: &AdrDocument) -> Result<String, RenderError> {
        self.render("adr", ADR_ORIGIN, &AdrView::new(adr), true)
    }

    pub fn render_progress_entry(&self, entry: &ProgressEntry) -> Result<String, RenderError> {
        let view = ProgressView {
            date: entry.date.format("%Y-%m-%d").to_string(),
            title: entry.title.to_string(),
            spec_path: entry.spec_path.to_string(),
            link: link_from_progress(entry.spec_path),
            use_cases: entry.use_cases,
            decisions: entry.decisions,
            open_questions: entry.open_questions,
            counts: format!(
                "{}, {}, {}",
                plural(entry.use_cases, "use case"),
                plural(entry.decisions, "decision"),
                plural(entry.open_questions, "open question"),
            ),
        };
        self.render("progress", PROGRESS_ORIGIN, &view, false)
    }

    fn render<T: Serialize>(
        &self,
        name: &str,
        origin: &str,
        view: &T,
        tidied: bool,
    ) -> Result<String, RenderError> {
        self.registry
            .render(name, view)
            .map(|text| if tidied { tidy(&text) } else { text })
            .map_err(|e| RenderError::Render {
                origin: origin.to_string(),
                reason: one_line(&e.to_string()),
            })
    }
}

/// handlebars prints a template error over several lines with a code excerpt; a user sees
/// one sentence: where, and what is wrong.
fn template_error_reason(e: &handlebars::TemplateError) -> String {
    let reason = one_line(&e.reason().to_string());
    match e.pos() {
        Some((line, column)) => format!("line {line}, column {column}: {reason}"),
        None => reason,
    }
}

fn one_line(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// `3 use cases`, `1 decision`.
fn plural(n: usize, noun: &str) -> String {
    if n == 1 {
        format!("{n} {noun}")
    } else {
        format!("{n} {noun}s")
    }
}

/// The spec's path as a link from PROGRESS.md in `docs/spec/.llm/`:
/// `docs/spec/biz/x-spec.md` → `../biz/x-spec.md`. Spaces and parentheses are
/// percent-encoded so the link stays one markdown link destination.
fn link_from_progress(spec_path: &str) -> String {
    let spec_path = spec_path.replace('\\', "/");
    let from: Vec<&str> = PROGRESS_DIR.split('/').collect();
    let to: Vec<&str> = spec_path
        .split('/')
        .filter(|c| !c.is_empty() && *c != ".")
        .collect();
    let common = from
        .iter()
        .zip(&to)
        .take_while(|(a, b)| a == b)
        .count()
        // The file name itself is never a shared folder.
        .min(to.len().saturating_sub(1));
    let mut parts: Vec<&str> = vec![".."; from.len() - common];
    parts.extend(&to[common..]);
    let mut link = String::with_capacity(spec_path.len() + 8);
    for c in parts.join("/").chars() {
        match c {
            ' ' => link.push_str("%20"),
            '(' => link.push_str("%28"),
            ')' => link.push_str("%29"),
            _ => link.push(c),
        }
    }
    link
}

/// At most one blank line between blocks, no trailing spaces, one final newline: what the
/// built-in spec and progress templates render by themselves, imposed on a user's template.
fn tidy(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut blank = false;
    for line in text.lines() {
        let line = line.trim_end();
        if line.is_empty() {
            if !blank && !out.is_empty() {
                out.push('\n');
            }
            blank = true;
            continue;
        }
        blank = false;
        out.push_str(line);
        out.push('\n');
    }
    while out.ends_with("\n\n") {
        out.pop();
    }
    out
}

/// The draft's open questions, then the program's, without repeats: two questions are the
/// same when they read the same once trimmed, whitespace-collapsed and lowercased.
pub fn merged_open_questions(draft: &SpecDraft, program: &[String]) -> Vec<String> {
    let key = |q: &str| {
        q.split_whitespace()
            .collect::<Vec<_>>()
            .join(" ")
            .to_lowercase()
    };
    let mut seen: Vec<String> = Vec::new();
    let mut out: Vec<String> = Vec::new();
    let drafted = draft.open_questions.iter().map(|q| &q.text);
    for q in drafted.chain(program) {
        let k = key(q);
        if !escape::is_blank(q) && !seen.contains(&k) {
            seen.push(k);
            out.push(q.trim().to_string());
        }
    }
    out
}

/// `adr-001-some-slug.md`: the only shape of link the template writes unescaped.
fn is_adr_file_name(name: &str) -> bool {
    name.starts_with("adr-")
        && name.ends_with(".md")
        && name
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-' || c == '.')
}

fn or_unspecified(s: &str) -> String {
    if escape::is_blank(s) {
        NOT_SPECIFIED.to_string()
    } else {
        s.to_string()
    }
}

fn non_blank(items: &[Item]) -> Vec<&Item> {
    items
        .iter()
        .filter(|s| !escape::is_blank(&s.text))
        .collect()
}

#[derive(Serialize)]
struct ProgressView {
    date: String,
    title: String,
    spec_path: String,
    link: String,
    use_cases: usize,
    decisions: usize,
    open_questions: usize,
    /// `3 use cases, 7 decisions, 1 open question`.
    counts: String,
}

#[derive(Serialize)]
struct Numbered {
    number: usize,
    text: String,
}

#[derive(Serialize)]
struct OverviewView {
    problem_statement: String,
    goals: Vec<String>,
    non_goals: Vec<String>,
}

#[derive(Serialize)]
struct UseCaseView {
    number: usize,
    name: String,
    actor: String,
    preconditions: String,
    flow: Vec<Numbered>,
    postconditions: String,
    error_scenarios: Vec<String>,
}

#[derive(Serialize)]
struct FieldView {
    name: String,
    #[serde(rename = "type")]
    ty: String,
    constraints: String,
    description: String,
}

#[derive(Serialize)]
struct DataModelView {
    entity: String,
    fields: Vec<FieldView>,
}

#[derive(Serialize)]
struct ContractView {
    operation: String,
    interface: String,
    input: String,
    output: String,
    errors: String,
}

#[derive(Serialize)]
struct ErrorCaseView {
    code: String,
    condition: String,
    http_status: String,
    user_message: String,
}

#[derive(Serialize)]
struct NamedValueView {
    name: String,
    value: String,
}

#[derive(Serialize)]
struct NonFunctionalView {
    latency: String,
    throughput: String,
    availability: String,
    data_retention: String,
    other: Vec<NamedValueView>,
}

#[derive(Serialize)]
struct DecisionRow {
    number: usize,
    /// `{area}: {choice}`.
    decision: String,
    /// `{rationale} ({who decided})`.
    rationale: String,
    /// The ADR's file name: program-made (`adr-NNN-<slug>.md`), so it is linked unescaped.
    adr: Option<String>,
}

#[derive(Serialize)]
struct DependencyView {
    name: String,
    purpose: String,
}

#[derive(Serialize)]
struct TestingView {
    unit: String,
    integration: String,
    edge_cases: Vec<String>,
}

#[derive(Serialize)]
struct SpecView {
    title: String,
    overview: OverviewView,
    use_cases: Vec<UseCaseView>,
    data_models: Vec<DataModelView>,
    api_contracts: Vec<ContractView>,
    error_handling: Vec<ErrorCaseView>,
    non_functional: NonFunctionalView,
    decisions: Vec<DecisionRow>,
    dependencies: Vec<DependencyView>,
    testing: TestingView,
    open_questions: Vec<String>,
}

impl SpecView {
    fn new(doc: &SpecDocument) -> SpecView {
        let d = doc.draft;
        // An item that rests on nothing the user said is marked, so a reader can tell it
        // from what the user said. Without a ledger there is nothing to tell them apart by.
        let registry = Registry::new(doc.ledger);
        let inferred = |ids: &[String]| -> bool {
            !doc.ledger.is_empty() && registry.provenance(ids).is_inferred()
        };
        let mark = |value: String, ids: &[String]| -> String {
            if value == NOT_SPECIFIED || !inferred(ids) {
                value
            } else {
                format!("{value}{INFERRED_MARK}")
            }
        };
        let item = |i: &Item| mark(or_unspecified(&i.text), &i.rests_on);
        let marked_list =
            |items: &[Item]| -> Vec<String> { non_blank(items).into_iter().map(item).collect() };
        let use_cases = d
            .use_cases
            .iter()
            .enumerate()
            .map(|(i, uc)| {
                let mut steps = marked_list(&uc.flow);
                if steps.is_empty() {
                    steps.push(NOT_SPECIFIED.to_string());
                }
                UseCaseView {
                    number: i + 1,
                    name: mark(or_unspecified(&uc.name), &uc.rests_on),
                    actor: or_unspecified(&uc.actor),
                    preconditions: or_unspecified(&uc.preconditions),
                    flow: steps
                        .into_iter()
                        .enumerate()
                        .map(|(n, text)| Numbered {
                            number: n + 1,
                            text,
                        })
                        .collect(),
                    postconditions: or_unspecified(&uc.postconditions),
                    error_scenarios: marked_list(&uc.error_scenarios),
                }
            })
            .collect();
        let data_models = d
            .data_models
            .iter()
            .map(|m| DataModelView {
                entity: or_unspecified(&m.entity),
                fields: m
                    .fields
                    .iter()
                    .map(|f| FieldView {
                        name: mark(or_unspecified(&f.name), &f.rests_on),
                        ty: or_unspecified(&f.ty),
                        constraints: or_dash(&f.constraints),
                        description: or_dash(&f.description),
                    })
                    .collect(),
            })
            .collect();
        let api_contracts = d
            .api_contracts
            .iter()
            .map(|c| ContractView {
                operation: mark(or_unspecified(&c.operation), &c.rests_on),
                interface: or_unspecified(&c.interface),
                input: or_unspecified(&c.input),
                output: or_unspecified(&c.output),
                errors: or_unspecified(&c.errors),
            })
            .collect();
        let error_handling = d
            .error_handling
            .iter()
            .map(|e| ErrorCaseView {
                code: or_unspecified(&e.code),
                condition: mark(or_unspecified(&e.condition), &e.rests_on),
                http_status: or_unspecified(&e.http_status),
                user_message: or_unspecified(&e.user_message),
            })
            .collect();
        let nfr = &d.non_functional;
        let non_functional = NonFunctionalView {
            latency: item(&nfr.latency),
            throughput: item(&nfr.throughput),
            availability: item(&nfr.availability),
            data_retention: item(&nfr.data_retention),
            other: nfr
                .other
                .iter()
                .filter(|o| !escape::is_blank(&o.name) || !escape::is_blank(&o.value))
                .map(|o| NamedValueView {
                    name: or_unspecified(&o.name),
                    value: mark(or_unspecified(&o.value), &o.rests_on),
                })
                .collect(),
        };
        let decisions = doc
            .decisions
            .iter()
            .enumerate()
            .map(|(i, r)| DecisionRow {
                number: r.number,
                decision: if escape::is_blank(&r.area) {
                    or_unspecified(&r.choice)
                } else {
                    format!("{}: {}", r.area.trim(), or_unspecified(&r.choice).trim())
                },
                rationale: if escape::is_blank(&r.rationale) {
                    format!("No rationale recorded ({})", r.decided_by.label())
                } else {
                    format!("{} ({})", r.rationale.trim(), r.decided_by.label())
                },
                adr: doc.adrs.get(i).filter(|a| is_adr_file_name(a)).cloned(),
            })
            .collect();
        let dependencies = d
            .dependencies
            .iter()
            .filter(|x| !escape::is_blank(&x.name))
            .map(|x| DependencyView {
                name: mark(x.name.clone(), &x.rests_on),
                purpose: or_unspecified(&x.purpose),
            })
            .collect();
        let testing = TestingView {
            unit: item(&d.testing.unit),
            integration: item(&d.testing.integration),
            edge_cases: marked_list(&d.testing.edge_cases),
        };
        let title = if escape::is_blank(doc.title) {
            "Untitled feature".to_string()
        } else {
            doc.title.to_string()
        };
        // The draft's own open questions carry their mark; the program's are its record.
        let drafted: Vec<(String, String)> = non_blank(&d.open_questions)
            .into_iter()
            .map(|q| (q.text.trim().to_string(), item(q)))
            .collect();
        let open_questions = merged_open_questions(d, doc.open_questions)
            .into_iter()
            .map(|q| {
                drafted
                    .iter()
                    .find(|(text, _)| *text == q)
                    .map(|(_, marked)| marked.clone())
                    .unwrap_or(q)
            })
            .collect();
        SpecView {
            title,
            overview: OverviewView {
                problem_statement: item(&d.overview.problem_statement),
                goals: marked_list(&d.overview.goals),
                non_goals: marked_list(&d.overview.non_goals),
            },
            use_cases,
            data_models,
            api_contracts,
            error_handling,
            non_functional,
            decisions,
            dependencies,
            testing,
            open_questions,
        }
    }
}

fn or_dash(s: &str) -> String {
    if escape::is_blank(s) {
        "—".to_string()
    } else {
        s.to_string()
    }
}

#[derive(Serialize)]
struct AdrOptionView {
    number: usize,
    name: String,
    description: String,
    gains: String,
    sacrifices: String,
    recommended: bool,
    chosen: bool,
    /// Part of the user's own choice, which combines it with others.
    combined: bool,
}

#[derive(Serialize)]
struct AdrView {
    number: String,
    area: String,
    title: String,
    date: String,
    spec_file: String,
    spec_link: String,
    decided_by: &'static str,
    question: String,
    why: String,
    options: Vec<AdrOptionView>,
    own_choice: String,
    /// The offered options an own choice combines, joined.
    combines: String,
    choice: String,
    rationale: String,
    gains: String,
    sacrifices: String,
    alternatives: String,
}

impl AdrView {
    fn new(adr: &AdrDocument) -> AdrView {
        let r = adr.record;
        let own = r.decided_by == specwright_core::DecidedBy::UserOwnChoice;
        let options = r
            .options
            .iter()
            .enumerate()
            .map(|(i, o)| AdrOptionView {
                number: i + 1,
                name: o.name.clone(),
                description: o.description.clone(),
                gains: o.gains.clone(),
                sacrifices: o.sacrifices.clone(),
                recommended: usize::from(r.recommended) == i + 1,
                chosen: !own && o.name == r.choice,
                combined: own && r.combines.contains(&o.name),
            })
            .collect();
        AdrView {
            number: format!("{:03}", adr.number),
            area: r.area.clone(),
            title: adr.title.to_string(),
            date: adr.date.format("%Y-%m-%d").to_string(),
            spec_file: adr.spec_file.to_string(),
            // The spec is program-named (`<slug>-spec.md`) and sits beside the ADR.
            spec_link: link_destination(adr.spec_file),
            decided_by: r.decided_by.label(),
            question: r.question.clone(),
            why: adr.area_why.to_string(),
            options,
            own_choice: if own { r.choice.clone() } else { String::new() },
            combines: r.combines.join(" and "),
            choice: r.choice.clone(),
            rationale: or_unspecified(&r.rationale),
            gains: r.gains.clone(),
            sacrifices: r.sacrifices.clone(),
            alternatives: r.alternatives.join(", "),
        }
    }
}

/// A file name as a link destination written unescaped: only characters that cannot end
/// or break the destination survive; anything else is percent-encoded.
fn link_destination(name: &str) -> String {
    let mut out = String::with_capacity(name.len());
    for c in name.chars() {
        if c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.' | '/') {
            out.push(c);
        } else {
            let mut buf = [0u8; 4];
            for b in c.encode_utf8(&mut buf).bytes() {
                out.push_str(&format!("%{b:02X}"));
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use pretty_assertions::assert_eq;

    #[test]
    fn the_progress_link_is_relative_to_the_progress_folder() {
        assert_eq!(
            link_from_progress("docs/spec/biz/url-shortener-spec.md"),
            "../biz/url-shortener-spec.md"
        );
        assert_eq!(
            link_from_progress("./docs/spec/biz/a-spec.md"),
            "../biz/a-spec.md"
        );
        assert_eq!(link_from_progress("docs/spec/.llm/here.md"), "here.md");
        assert_eq!(
            link_from_progress("elsewhere/my spec (v2).md"),
            "../../../elsewhere/my%20spec%20%28v2%29.md"
        );
    }

    #[test]
    fn counts_are_pluralised() {
        assert_eq!(plural(1, "use case"), "1 use case");
        assert_eq!(plural(0, "open question"), "0 open questions");
        assert_eq!(plural(7, "decision"), "7 decisions");
    }

    #[test]
    fn open_questions_are_merged_without_repeats() {
        let draft = SpecDraft {
            open_questions: vec![
                "Who owns links?".into(),
                "  who owns   LINKS? ".into(),
                " ".into(),
                "Custom domains?".into(),
            ],
            ..SpecDraft::default()
        };
        let program = vec![
            "custom domains?".to_string(),
            "Latency targets?\n".to_string(),
        ];
        assert_eq!(
            merged_open_questions(&draft, &program),
            vec!["Who owns links?", "Custom domains?", "Latency targets?"]
        );
    }
}
