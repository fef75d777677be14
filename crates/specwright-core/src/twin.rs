//! The spec's JSON twin: its content as structured data, with the provenance of every
//! requirement, use case, decision and non-functional requirement.

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use crate::decision::DecidedBy;
use crate::provenance::{Evidence, Provenance, of_decision};
use crate::session::Session;
use crate::turn::{
    ApiContract, DataModel, Dependency, ErrorCase, SpecDraft, TestingStrategy, UseCase,
};

pub const TWIN_FORMAT: u32 = 1;

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct Traced<T> {
    #[serde(flatten)]
    pub item: T,
    pub provenance: Provenance,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct Text {
    pub text: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct TwinOverview {
    pub problem_statement: Traced<Text>,
    pub goals: Vec<Traced<Text>>,
    pub non_goals: Vec<Traced<Text>>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct TwinUseCase {
    /// "UC-1", as in the markdown.
    pub id: String,
    pub name: String,
    pub actor: String,
    pub preconditions: String,
    pub flow: Vec<String>,
    pub postconditions: String,
    pub error_scenarios: Vec<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct TwinRequirement {
    /// latency, throughput, availability, data_retention, or another requirement's name.
    pub name: String,
    pub value: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct TwinDecision {
    pub number: usize,
    pub area: String,
    pub choice: String,
    pub alternatives: Vec<String>,
    pub rationale: String,
    pub decided_by: DecidedBy,
    /// The decision's ADR, relative to the spec's folder.
    pub adr: Option<String>,
}

/// The spec as data. Its JSON schema is published as docs/spec-json.schema.json.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct SpecTwin {
    pub format: u32,
    pub title: String,
    pub slug: String,
    pub session_id: String,
    pub overview: TwinOverview,
    pub use_cases: Vec<Traced<TwinUseCase>>,
    pub data_models: Vec<Traced<DataModel>>,
    pub api_contracts: Vec<Traced<ApiContract>>,
    pub error_handling: Vec<Traced<ErrorCase>>,
    pub non_functional: Vec<Traced<TwinRequirement>>,
    pub decisions: Vec<Traced<TwinDecision>>,
    pub dependencies: Vec<Traced<Dependency>>,
    pub testing: TestingStrategy,
    pub open_questions: Vec<String>,
}

fn traced<T>(item: T, text: &str, ledger: &Evidence) -> Traced<T> {
    Traced {
        provenance: ledger.of_text(text),
        item,
    }
}

fn texts(items: &[String], ledger: &Evidence) -> Vec<Traced<Text>> {
    items
        .iter()
        .filter(|t| !t.trim().is_empty())
        .map(|t| traced(Text { text: t.clone() }, t, ledger))
        .collect()
}

/// The texts a use case is traced by: its name with its flow, and its actor.
pub fn use_case_texts(uc: &UseCase) -> Vec<String> {
    vec![
        format!("{} {}", uc.name, uc.flow.join(" ")),
        uc.actor.clone(),
    ]
}

/// A data model is traced by its entity and field names.
pub fn data_model_text(m: &DataModel) -> String {
    let fields: Vec<&str> = m.fields.iter().map(|f| f.name.as_str()).collect();
    format!("{} {}", m.entity, fields.join(" "))
}

/// An API contract is traced by its operation, input and output.
pub fn contract_text(c: &ApiContract) -> String {
    format!("{} {} {}", c.operation, c.input, c.output)
}

/// A dependency is traced by its name: the purpose is often the agent's words.
pub fn dependency_text(d: &Dependency) -> String {
    d.name.clone()
}

/// Builds the twin of a session's draft. `adrs[i]` is the ADR file of decision `i`.
pub fn build(
    session: &Session,
    draft: &SpecDraft,
    open_questions: &[String],
    adrs: &[String],
) -> SpecTwin {
    let evidence = Evidence::new(&session.evidence());
    let ledger = &evidence;
    let nfr = &draft.non_functional;
    let mut non_functional: Vec<Traced<TwinRequirement>> = [
        ("latency", &nfr.latency),
        ("throughput", &nfr.throughput),
        ("availability", &nfr.availability),
        ("data_retention", &nfr.data_retention),
    ]
    .into_iter()
    .map(|(name, value)| {
        traced(
            TwinRequirement {
                name: name.into(),
                value: value.clone(),
            },
            value,
            ledger,
        )
    })
    .collect();
    non_functional.extend(nfr.other.iter().map(|o| {
        traced(
            TwinRequirement {
                name: o.name.clone(),
                value: o.value.clone(),
            },
            &o.value,
            ledger,
        )
    }));
    SpecTwin {
        format: TWIN_FORMAT,
        title: session.topic().to_string(),
        slug: session.slug().to_string(),
        session_id: session.id().to_string(),
        overview: TwinOverview {
            problem_statement: traced(
                Text {
                    text: draft.overview.problem_statement.clone(),
                },
                &draft.overview.problem_statement,
                ledger,
            ),
            goals: texts(&draft.overview.goals, ledger),
            non_goals: texts(&draft.overview.non_goals, ledger),
        },
        use_cases: draft
            .use_cases
            .iter()
            .enumerate()
            .map(|(i, uc)| Traced {
                item: TwinUseCase {
                    id: format!("UC-{}", i + 1),
                    name: uc.name.clone(),
                    actor: uc.actor.clone(),
                    preconditions: uc.preconditions.clone(),
                    flow: uc.flow.clone(),
                    postconditions: uc.postconditions.clone(),
                    error_scenarios: uc.error_scenarios.clone(),
                },
                provenance: ledger.of_texts(
                    &use_case_texts(uc)
                        .iter()
                        .map(String::as_str)
                        .collect::<Vec<_>>(),
                ),
            })
            .collect(),
        data_models: draft
            .data_models
            .iter()
            .map(|m| traced(m.clone(), &data_model_text(m), ledger))
            .collect(),
        api_contracts: draft
            .api_contracts
            .iter()
            .map(|c| traced(c.clone(), &contract_text(c), ledger))
            .collect(),
        error_handling: draft
            .error_handling
            .iter()
            .map(|e| traced(e.clone(), &e.condition, ledger))
            .collect(),
        non_functional,
        decisions: session
            .decisions()
            .iter()
            .enumerate()
            .map(|(i, d)| Traced {
                provenance: of_decision(d),
                item: TwinDecision {
                    number: d.number,
                    area: d.area.clone(),
                    choice: d.choice.clone(),
                    alternatives: d.alternatives.clone(),
                    rationale: d.rationale.clone(),
                    decided_by: d.decided_by,
                    adr: adrs.get(i).cloned(),
                },
            })
            .collect(),
        dependencies: draft
            .dependencies
            .iter()
            .map(|d| traced(d.clone(), &dependency_text(d), ledger))
            .collect(),
        testing: draft.testing.clone(),
        open_questions: open_questions.to_vec(),
    }
}

/// The JSON schema of the twin, as published.
pub fn twin_schema() -> serde_json::Value {
    schemars::schema_for!(SpecTwin).to_value()
}
