//! Renders the spec and the progress note with handlebars. Every `{{value}}` passes
//! through [`crate::escape::inline`], so a template cannot forget to escape. The program
//! owns the title, the Architecture Decisions table and the merged Open Questions.

use std::path::Path;

use handlebars::Handlebars;
use serde::Serialize;
use specwright_core::provenance::of_texts;
use specwright_core::twin;
use specwright_core::{DecisionRecord, LedgerFact, SpecDraft};

use crate::escape;

pub const BUILTIN_SPEC_TEMPLATE: &str = include_str!("../../../prompts/templates/spec.md.hbs");
const PROGRESS_TEMPLATE: &str = include_str!("../../../prompts/templates/progress.md.hbs");
const ADR_TEMPLATE: &str = include_str!("../../../prompts/templates/adr.md.hbs");

/// Written at the top of PROGRESS.md when specwright creates it.
pub const PROGRESS_HEADER: &str = "# Progress\n\n";

/// The seed's next steps after a spec is approved.
pub const NEXT_STEPS: &str = "- Use `/plan` with `codegen.plan.llm` for implementation planning\n- Use `/decompose` to break it into parallel tasks\n";

/// Shown for a field the interview left empty.
const NOT_SPECIFIED: &str = "Not specified.";

#[derive(Debug, thiserror::Error)]
pub enum RenderError {
    #[error("the spec template {origin} is not valid: {reason}")]
    Template { origin: String, reason: String },
    #[error("cannot read the spec template {path}: {reason}")]
    Read { path: String, reason: String },
    #[error("the spec template {origin} could not be rendered: {reason}")]
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
    /// The facts captured in the interview: items no fact supports are marked inferred.
    pub ledger: &'a [LedgerFact],
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

/// Marks an item no answer supports.
pub const INFERRED_MARK: &str = " _(inferred)_";

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

pub struct Renderer {
    registry: Handlebars<'static>,
    spec_origin: String,
}

impl Renderer {
    /// The built-in templates; the spec template is read from `spec_template_override`
    /// instead when that file exists.
    pub fn new(spec_template_override: Option<&Path>) -> Result<Renderer, RenderError> {
        let (spec_text, spec_origin) = match spec_template_override {
            Some(path) if path.is_file() => {
                let text = std::fs::read_to_string(path).map_err(|e| RenderError::Read {
                    path: path.display().to_string(),
                    reason: e.to_string(),
                })?;
                (text, path.display().to_string())
            }
            _ => (
                BUILTIN_SPEC_TEMPLATE.to_string(),
                "prompts/templates/spec.md.hbs (built in)".to_string(),
            ),
        };
        let mut registry = Handlebars::new();
        registry.register_escape_fn(escape::inline);
        registry.set_strict_mode(false);
        registry
            .register_template_string("spec", spec_text)
            .map_err(|e| RenderError::Template {
                origin: spec_origin.clone(),
                reason: e.to_string(),
            })?;
        registry
            .register_template_string("adr", ADR_TEMPLATE)
            .map_err(|e| RenderError::Template {
                origin: "prompts/templates/adr.md.hbs (built in)".into(),
                reason: e.to_string(),
            })?;
        registry
            .register_template_string("progress", PROGRESS_TEMPLATE)
            .map_err(|e| RenderError::Template {
                origin: "prompts/templates/progress.md.hbs (built in)".into(),
                reason: e.to_string(),
            })?;
        Ok(Renderer {
            registry,
            spec_origin,
        })
    }

    pub fn render_spec(&self, doc: &SpecDocument) -> Result<String, RenderError> {
        let view = SpecView::new(doc);
        let text = self
            .registry
            .render("spec", &view)
            .map_err(|e| RenderError::Render {
                origin: self.spec_origin.clone(),
                reason: e.to_string(),
            })?;
        Ok(tidy(&text))
    }

    pub fn render_adr(&self, adr: &AdrDocument) -> Result<String, RenderError> {
        let r = adr.record;
        let chosen = |name: &str| {
            r.decided_by != specwright_core::DecidedBy::UserOwnChoice && name == r.choice
        };
        let options: Vec<serde_json::Value> = r
            .options
            .iter()
            .enumerate()
            .map(|(i, o)| {
                serde_json::json!({
                    "number": i + 1,
                    "name": o.name,
                    "description": o.description,
                    "gains": o.gains,
                    "sacrifices": o.sacrifices,
                    "recommended": usize::from(r.recommended) == i + 1,
                    "chosen": chosen(&o.name),
                })
            })
            .collect();
        let own = r.decided_by == specwright_core::DecidedBy::UserOwnChoice;
        let view = serde_json::json!({
            "number": format!("{:03}", adr.number),
            "area": r.area,
            "title": adr.title,
            "date": adr.date.format("%Y-%m-%d").to_string(),
            "spec_file": adr.spec_file,
            "spec_link": adr.spec_file,
            "decided_by": r.decided_by.label(),
            "question": r.question,
            "why": adr.area_why,
            "options": options,
            "own_choice": if own { r.choice.clone() } else { String::new() },
            "choice": r.choice,
            "rationale": or_unspecified(&r.rationale),
            "gains": r.gains,
            "sacrifices": r.sacrifices,
            "alternatives": r.alternatives.join(", "),
        });
        self.registry
            .render("adr", &view)
            .map(|t| tidy(&t))
            .map_err(|e| RenderError::Render {
                origin: "prompts/templates/adr.md.hbs".into(),
                reason: e.to_string(),
            })
    }

    pub fn render_progress_entry(&self, entry: &ProgressEntry) -> Result<String, RenderError> {
        let file = entry
            .spec_path
            .rsplit('/')
            .next()
            .unwrap_or(entry.spec_path);
        let view = serde_json::json!({
            "date": entry.date.format("%Y-%m-%d").to_string(),
            "title": entry.title,
            "spec_path": entry.spec_path,
            // PROGRESS.md lives in docs/spec/.llm/, the spec in docs/spec/biz/.
            "link": format!("../biz/{file}"),
            "use_cases": entry.use_cases,
            "decisions": entry.decisions,
            "open_questions": entry.open_questions,
        });
        self.registry
            .render("progress", &view)
            .map(|t| tidy(&t))
            .map_err(|e| RenderError::Render {
                origin: "prompts/templates/progress.md.hbs".into(),
                reason: e.to_string(),
            })
    }
}

/// At most one blank line between blocks, no trailing spaces, one final newline.
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

/// The draft's open questions, then the program's, without repeats (case-insensitive).
pub fn merged_open_questions(draft: &SpecDraft, program: &[String]) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for q in draft.open_questions.iter().chain(program) {
        let key = q.trim().to_lowercase();
        if !key.is_empty() && !out.iter().any(|o| o.trim().to_lowercase() == key) {
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
    if s.trim().is_empty() {
        NOT_SPECIFIED.to_string()
    } else {
        s.to_string()
    }
}

fn non_blank(items: &[String]) -> Vec<String> {
    items
        .iter()
        .filter(|s| !s.trim().is_empty())
        .cloned()
        .collect()
}

#[derive(Serialize)]
struct Numbered {
    number: usize,
    text: String,
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
struct DecisionRow {
    number: usize,
    decision: String,
    rationale: String,
    /// The ADR's file name: program-made (`adr-NNN-<slug>.md`), so it is linked unescaped.
    adr: Option<String>,
}

#[derive(Serialize)]
struct SpecView {
    title: String,
    overview: serde_json::Value,
    use_cases: Vec<UseCaseView>,
    data_models: serde_json::Value,
    api_contracts: serde_json::Value,
    error_handling: serde_json::Value,
    non_functional: serde_json::Value,
    decisions: Vec<DecisionRow>,
    dependencies: serde_json::Value,
    testing: serde_json::Value,
    open_questions: Vec<String>,
}

impl SpecView {
    fn new(doc: &SpecDocument) -> SpecView {
        let d = doc.draft;
        // An item no captured fact supports is marked, so a reader can tell it from what
        // the user said. Without a ledger there is nothing to tell them apart by.
        let mark_any = |value: String, traces: &[String]| -> String {
            if doc.ledger.is_empty()
                || value == NOT_SPECIFIED
                || !of_texts(traces, doc.ledger).is_inferred()
            {
                value
            } else {
                format!("{value}{INFERRED_MARK}")
            }
        };
        let mark = |value: String, trace: &str| -> String { mark_any(value, &[trace.to_string()]) };
        let use_cases = d
            .use_cases
            .iter()
            .enumerate()
            .map(|(i, uc)| UseCaseView {
                number: i + 1,
                name: mark_any(or_unspecified(&uc.name), &twin::use_case_texts(uc)),
                actor: or_unspecified(&uc.actor),
                preconditions: or_unspecified(&uc.preconditions),
                flow: {
                    let steps = non_blank(&uc.flow);
                    let steps = if steps.is_empty() {
                        vec![NOT_SPECIFIED.to_string()]
                    } else {
                        steps
                    };
                    steps
                        .into_iter()
                        .enumerate()
                        .map(|(n, text)| Numbered {
                            number: n + 1,
                            text,
                        })
                        .collect()
                },
                postconditions: or_unspecified(&uc.postconditions),
                error_scenarios: non_blank(&uc.error_scenarios),
            })
            .collect();
        let data_models = d
            .data_models
            .iter()
            .map(|m| {
                serde_json::json!({
                    "entity": mark(or_unspecified(&m.entity), &twin::data_model_text(m)),
                    "fields": m.fields.iter().map(|f| serde_json::json!({
                        "name": or_unspecified(&f.name),
                        "type": or_unspecified(&f.ty),
                        "constraints": if f.constraints.trim().is_empty() { "—".to_string() } else { f.constraints.clone() },
                        "description": or_unspecified(&f.description),
                    })).collect::<Vec<_>>(),
                })
            })
            .collect();
        let api_contracts = d
            .api_contracts
            .iter()
            .map(|c| {
                serde_json::json!({
                    "operation": mark(or_unspecified(&c.operation), &twin::contract_text(c)),
                    "interface": or_unspecified(&c.interface),
                    "input": or_unspecified(&c.input),
                    "output": or_unspecified(&c.output),
                    "errors": or_unspecified(&c.errors),
                })
            })
            .collect();
        let error_handling = d
            .error_handling
            .iter()
            .map(|e| {
                serde_json::json!({
                    "code": or_unspecified(&e.code),
                    "condition": mark(or_unspecified(&e.condition), &e.condition),
                    "http_status": or_unspecified(&e.http_status),
                    "user_message": or_unspecified(&e.user_message),
                })
            })
            .collect();
        let nfr = &d.non_functional;
        let non_functional = serde_json::json!({
            "latency": mark(or_unspecified(&nfr.latency), &nfr.latency),
            "throughput": mark(or_unspecified(&nfr.throughput), &nfr.throughput),
            "availability": mark(or_unspecified(&nfr.availability), &nfr.availability),
            "data_retention": mark(or_unspecified(&nfr.data_retention), &nfr.data_retention),
            "other": nfr.other.iter()
                .filter(|o| !o.name.trim().is_empty() || !o.value.trim().is_empty())
                .map(|o| serde_json::json!({"name": or_unspecified(&o.name), "value": mark(or_unspecified(&o.value), &o.value)}))
                .collect::<Vec<_>>(),
        });
        let decisions = doc
            .decisions
            .iter()
            .enumerate()
            .map(|(i, r)| DecisionRow {
                number: r.number,
                decision: format!("{}: {}", r.area, r.choice),
                rationale: format!(
                    "{} ({})",
                    or_unspecified(&r.rationale),
                    r.decided_by.label()
                ),
                adr: doc.adrs.get(i).filter(|a| is_adr_file_name(a)).cloned(),
            })
            .collect();
        let dependencies = d
            .dependencies
            .iter()
            .filter(|x| !x.name.trim().is_empty())
            .map(|x| serde_json::json!({"name": mark(x.name.clone(), &twin::dependency_text(x)), "purpose": or_unspecified(&x.purpose)}))
            .collect();
        let testing = serde_json::json!({
            "unit": or_unspecified(&d.testing.unit),
            "integration": or_unspecified(&d.testing.integration),
            "edge_cases": non_blank(&d.testing.edge_cases),
        });
        let open_questions = merged_open_questions(d, doc.open_questions);
        SpecView {
            title: doc.title.to_string(),
            overview: serde_json::json!({
                "problem_statement": or_unspecified(&d.overview.problem_statement),
                "goals": non_blank(&d.overview.goals).into_iter().map(|g| { let t = g.clone(); mark(g, &t) }).collect::<Vec<_>>(),
                "non_goals": non_blank(&d.overview.non_goals).into_iter().map(|g| { let t = g.clone(); mark(g, &t) }).collect::<Vec<_>>(),
            }),
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
