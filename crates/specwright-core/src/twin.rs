//! The spec's JSON twin: its content as structured data, with the provenance of every
//! item (the ids it rests on and whether the user stated, accepted or delegated it, or it
//! is inferred), and the facts, decisions and answers those ids name.

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use crate::decision::DecidedBy;
use crate::items;
use crate::provenance::{Basis, Provenance, Registry, Source, of_decision};
use crate::session::Session;
use crate::turn::{Item, SpecDraft};

/// The twin's format: 2 since items carry the ids they rest on.
pub const TWIN_FORMAT: u32 = 2;

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
    pub flow: Vec<Traced<Text>>,
    pub postconditions: String,
    pub error_scenarios: Vec<Traced<Text>>,
}

/// A field, with its own provenance (the entity's is the union of its fields').
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct TwinField {
    pub name: String,
    #[serde(rename = "type")]
    pub ty: String,
    pub constraints: String,
    pub description: String,
    #[serde(default = "Provenance::inferred")]
    pub provenance: Provenance,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct TwinDataModel {
    pub entity: String,
    pub fields: Vec<TwinField>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct TwinContract {
    pub operation: String,
    pub interface: String,
    pub input: String,
    pub output: String,
    pub errors: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct TwinError {
    pub code: String,
    pub condition: String,
    pub http_status: String,
    pub user_message: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct TwinRequirement {
    /// latency, throughput, availability, data_retention, or another requirement's name.
    pub name: String,
    pub value: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct TwinDecision {
    /// `D<number>`: what items cite.
    pub id: String,
    pub number: usize,
    pub area: String,
    pub choice: String,
    pub alternatives: Vec<String>,
    /// Offered options the user's own choice combines.
    pub combines: Vec<String>,
    pub rationale: String,
    pub decided_by: DecidedBy,
    /// The fact the user made the choice in, when it was not asked.
    pub stated_in: Option<String>,
    /// The decision's ADR, relative to the spec's folder.
    pub adr: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct TwinDependency {
    pub name: String,
    pub purpose: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct TwinTesting {
    pub unit: Traced<Text>,
    pub integration: Traced<Text>,
    pub edge_cases: Vec<Traced<Text>>,
}

/// How many items rest on what, over the whole spec.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct ProvenanceCounts {
    pub stated: usize,
    pub accepted: usize,
    pub delegated: usize,
    pub inferred: usize,
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
    pub data_models: Vec<Traced<TwinDataModel>>,
    pub api_contracts: Vec<Traced<TwinContract>>,
    pub error_handling: Vec<Traced<TwinError>>,
    pub non_functional: Vec<Traced<TwinRequirement>>,
    pub decisions: Vec<Traced<TwinDecision>>,
    pub dependencies: Vec<Traced<TwinDependency>>,
    pub testing: TwinTesting,
    pub open_questions: Vec<String>,
    /// What the ids in `provenance.rests_on` name: facts (`F`), decisions (`D`), answers at
    /// the draft (`R`) and confirmations of items the draft added (`C`).
    pub evidence: Vec<Basis>,
    /// Items (and decisions) per source.
    pub counts: ProvenanceCounts,
}

struct Tracer<'a> {
    registry: Registry<'a>,
}

impl Tracer<'_> {
    fn trace<T>(&self, item: T, rests_on: &[String]) -> Traced<T> {
        Traced {
            provenance: self.registry.provenance(rests_on),
            item,
        }
    }

    fn text(&self, item: &Item) -> Traced<Text> {
        self.trace(
            Text {
                text: item.text.clone(),
            },
            &item.rests_on,
        )
    }

    fn texts(&self, items: &[Item]) -> Vec<Traced<Text>> {
        items
            .iter()
            .filter(|i| !i.is_blank())
            .map(|i| self.text(i))
            .collect()
    }
}

/// Builds the twin of a session's draft. `adrs[i]` is the ADR file of decision `i`.
pub fn build(
    session: &Session,
    draft: &SpecDraft,
    open_questions: &[String],
    adrs: &[String],
) -> SpecTwin {
    let evidence = session.evidence();
    let t = Tracer {
        registry: Registry::new(&evidence),
    };
    let nfr = &draft.non_functional;
    let mut non_functional: Vec<Traced<TwinRequirement>> = [
        ("latency", &nfr.latency),
        ("throughput", &nfr.throughput),
        ("availability", &nfr.availability),
        ("data_retention", &nfr.data_retention),
    ]
    .into_iter()
    .filter(|(_, item)| !item.is_blank())
    .map(|(name, item)| {
        t.trace(
            TwinRequirement {
                name: name.into(),
                value: item.text.clone(),
            },
            &item.rests_on,
        )
    })
    .collect();
    non_functional.extend(
        nfr.other
            .iter()
            .filter(|o| !o.value.trim().is_empty())
            .map(|o| {
                t.trace(
                    TwinRequirement {
                        name: o.name.clone(),
                        value: o.value.clone(),
                    },
                    &o.rests_on,
                )
            }),
    );
    let twin = SpecTwin {
        format: TWIN_FORMAT,
        title: session.topic().to_string(),
        slug: session.slug().to_string(),
        session_id: session.id().to_string(),
        overview: TwinOverview {
            problem_statement: t.text(&draft.overview.problem_statement),
            goals: t.texts(&draft.overview.goals),
            non_goals: t.texts(&draft.overview.non_goals),
        },
        use_cases: draft
            .use_cases
            .iter()
            .enumerate()
            .map(|(i, uc)| {
                t.trace(
                    TwinUseCase {
                        id: format!("UC-{}", i + 1),
                        name: uc.name.clone(),
                        actor: uc.actor.clone(),
                        preconditions: uc.preconditions.clone(),
                        flow: t.texts(&uc.flow),
                        postconditions: uc.postconditions.clone(),
                        error_scenarios: t.texts(&uc.error_scenarios),
                    },
                    &uc.rests_on,
                )
            })
            .collect(),
        data_models: draft
            .data_models
            .iter()
            .map(|m| {
                let ids: Vec<String> = m
                    .fields
                    .iter()
                    .flat_map(|f| f.rests_on.iter().cloned())
                    .collect();
                t.trace(
                    TwinDataModel {
                        entity: m.entity.clone(),
                        fields: m
                            .fields
                            .iter()
                            .map(|f| TwinField {
                                name: f.name.clone(),
                                ty: f.ty.clone(),
                                constraints: f.constraints.clone(),
                                description: f.description.clone(),
                                provenance: t.registry.provenance(&f.rests_on),
                            })
                            .collect(),
                    },
                    &ids,
                )
            })
            .collect(),
        api_contracts: draft
            .api_contracts
            .iter()
            .map(|c| {
                t.trace(
                    TwinContract {
                        operation: c.operation.clone(),
                        interface: c.interface.clone(),
                        input: c.input.clone(),
                        output: c.output.clone(),
                        errors: c.errors.clone(),
                    },
                    &c.rests_on,
                )
            })
            .collect(),
        error_handling: draft
            .error_handling
            .iter()
            .map(|e| {
                t.trace(
                    TwinError {
                        code: e.code.clone(),
                        condition: e.condition.clone(),
                        http_status: e.http_status.clone(),
                        user_message: e.user_message.clone(),
                    },
                    &e.rests_on,
                )
            })
            .collect(),
        non_functional,
        decisions: session
            .decisions()
            .iter()
            .enumerate()
            .map(|(i, d)| Traced {
                provenance: of_decision(d),
                item: TwinDecision {
                    id: d.id(),
                    number: d.number,
                    area: d.area.clone(),
                    choice: d.choice.clone(),
                    alternatives: d.alternatives.clone(),
                    combines: d.combines.clone(),
                    rationale: d.rationale.clone(),
                    decided_by: d.decided_by,
                    stated_in: d.stated_in.clone(),
                    adr: adrs.get(i).cloned(),
                },
            })
            .collect(),
        dependencies: draft
            .dependencies
            .iter()
            .filter(|d| !d.name.trim().is_empty())
            .map(|d| {
                t.trace(
                    TwinDependency {
                        name: d.name.clone(),
                        purpose: d.purpose.clone(),
                    },
                    &d.rests_on,
                )
            })
            .collect(),
        testing: TwinTesting {
            unit: t.text(&draft.testing.unit),
            integration: t.text(&draft.testing.integration),
            edge_cases: t.texts(&draft.testing.edge_cases),
        },
        open_questions: open_questions.to_vec(),
        counts: ProvenanceCounts::default(),
        evidence: evidence.clone(),
    };
    let counts = counts(&t.registry, draft, &twin.decisions);
    SpecTwin { counts, ..twin }
}

/// Counts every item of the draft (as [`items::items`] lists them) and every decision.
fn counts(
    registry: &Registry,
    draft: &SpecDraft,
    decisions: &[Traced<TwinDecision>],
) -> ProvenanceCounts {
    let mut c = ProvenanceCounts::default();
    let sources = items::items(draft)
        .into_iter()
        .map(|i| registry.provenance(&i.rests_on).source)
        .chain(decisions.iter().map(|d| d.provenance.source));
    for source in sources {
        match source {
            Source::Stated => c.stated += 1,
            Source::Accepted => c.accepted += 1,
            Source::Delegated => c.delegated += 1,
            Source::Inferred => c.inferred += 1,
        }
    }
    c
}

/// The JSON schema of the twin, as published.
pub fn twin_schema() -> serde_json::Value {
    schemars::schema_for!(SpecTwin).to_value()
}
