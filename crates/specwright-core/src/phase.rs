//! The six phases of the seed workflow and the checklist topics each one must cover.

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

/// Where an interview is. `Complete` is reached only after explicit approval.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum Phase {
    Discovery,
    Scope,
    Decisions,
    EdgeCases,
    Draft,
    Iteration,
    Complete,
}

impl Phase {
    pub const ALL: [Phase; 7] = [
        Phase::Discovery,
        Phase::Scope,
        Phase::Decisions,
        Phase::EdgeCases,
        Phase::Draft,
        Phase::Iteration,
        Phase::Complete,
    ];

    pub fn title(self) -> &'static str {
        match self {
            Phase::Discovery => "Discovery",
            Phase::Scope => "Scope & Boundaries",
            Phase::Decisions => "Design Decisions",
            Phase::EdgeCases => "Edge Cases & Error Scenarios",
            Phase::Draft => "Draft Specification",
            Phase::Iteration => "Iteration",
            Phase::Complete => "Completion",
        }
    }

    /// 1-based position in the seed's workflow (Completion is 7).
    pub fn number(self) -> usize {
        match self {
            Phase::Discovery => 1,
            Phase::Scope => 2,
            Phase::Decisions => 3,
            Phase::EdgeCases => 4,
            Phase::Draft => 5,
            Phase::Iteration => 6,
            Phase::Complete => 7,
        }
    }

    pub fn key(self) -> &'static str {
        match self {
            Phase::Discovery => "discovery",
            Phase::Scope => "scope",
            Phase::Decisions => "decisions",
            Phase::EdgeCases => "edge_cases",
            Phase::Draft => "draft",
            Phase::Iteration => "iteration",
            Phase::Complete => "complete",
        }
    }

    pub fn next(self) -> Phase {
        match self {
            Phase::Discovery => Phase::Scope,
            Phase::Scope => Phase::Decisions,
            Phase::Decisions => Phase::EdgeCases,
            Phase::EdgeCases => Phase::Draft,
            Phase::Draft => Phase::Iteration,
            Phase::Iteration | Phase::Complete => Phase::Complete,
        }
    }

    /// Phases that ask groups of questions and capture facts into the ledger.
    pub fn is_questioning(self) -> bool {
        matches!(self, Phase::Discovery | Phase::Scope | Phase::EdgeCases)
    }

    /// The checklist topics of a questioning phase, in the seed's order.
    pub fn topics(self) -> &'static [Topic] {
        match self {
            Phase::Discovery => &DISCOVERY,
            Phase::Scope => &SCOPE,
            Phase::EdgeCases => &EDGE_CASES,
            _ => &[],
        }
    }

    /// How many question groups the phase may ask before it must move on.
    pub fn default_question_budget(self) -> usize {
        match self {
            Phase::Discovery => 6,
            Phase::Scope => 10,
            Phase::EdgeCases => 8,
            _ => 0,
        }
    }
}

impl std::fmt::Display for Phase {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.title())
    }
}

/// A coverage checklist item, taken from the seed's bullet points. Scope's combined bullets
/// ("IN and OUT of scope", "latency, throughput, availability, data retention") are split
/// because the spec template has a place for each part.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize, JsonSchema,
)]
#[serde(rename_all = "snake_case")]
pub enum Topic {
    // Discovery
    Purpose,
    Users,
    UseCases,
    Integrations,
    Constraints,
    // Scope & Boundaries
    InScope,
    OutOfScope,
    InputsOutputs,
    DataEntities,
    ExternalDependencies,
    Latency,
    Throughput,
    Availability,
    DataRetention,
    // Edge cases
    InvalidInput,
    UnavailableServices,
    FailureRecovery,
    RateLimits,
    Security,
    Scale,
    Consistency,
}

const DISCOVERY: [Topic; 5] = [
    Topic::Purpose,
    Topic::Users,
    Topic::UseCases,
    Topic::Integrations,
    Topic::Constraints,
];
const SCOPE: [Topic; 9] = [
    Topic::InScope,
    Topic::OutOfScope,
    Topic::InputsOutputs,
    Topic::DataEntities,
    Topic::ExternalDependencies,
    Topic::Latency,
    Topic::Throughput,
    Topic::Availability,
    Topic::DataRetention,
];
const EDGE_CASES: [Topic; 7] = [
    Topic::InvalidInput,
    Topic::UnavailableServices,
    Topic::FailureRecovery,
    Topic::RateLimits,
    Topic::Security,
    Topic::Scale,
    Topic::Consistency,
];

impl Topic {
    pub const ALL: [Topic; 21] = [
        Topic::Purpose,
        Topic::Users,
        Topic::UseCases,
        Topic::Integrations,
        Topic::Constraints,
        Topic::InScope,
        Topic::OutOfScope,
        Topic::InputsOutputs,
        Topic::DataEntities,
        Topic::ExternalDependencies,
        Topic::Latency,
        Topic::Throughput,
        Topic::Availability,
        Topic::DataRetention,
        Topic::InvalidInput,
        Topic::UnavailableServices,
        Topic::FailureRecovery,
        Topic::RateLimits,
        Topic::Security,
        Topic::Scale,
        Topic::Consistency,
    ];

    pub fn key(self) -> &'static str {
        match self {
            Topic::Purpose => "purpose",
            Topic::Users => "users",
            Topic::UseCases => "use_cases",
            Topic::Integrations => "integrations",
            Topic::Constraints => "constraints",
            Topic::InScope => "in_scope",
            Topic::OutOfScope => "out_of_scope",
            Topic::InputsOutputs => "inputs_outputs",
            Topic::DataEntities => "data_entities",
            Topic::ExternalDependencies => "external_dependencies",
            Topic::Latency => "latency",
            Topic::Throughput => "throughput",
            Topic::Availability => "availability",
            Topic::DataRetention => "data_retention",
            Topic::InvalidInput => "invalid_input",
            Topic::UnavailableServices => "unavailable_services",
            Topic::FailureRecovery => "failure_recovery",
            Topic::RateLimits => "rate_limits",
            Topic::Security => "security",
            Topic::Scale => "scale",
            Topic::Consistency => "consistency",
        }
    }

    /// The checklist line as a person reads it.
    pub fn title(self) -> &'static str {
        match self {
            Topic::Purpose => "Purpose and the problem it solves",
            Topic::Users => "Users and consumers",
            Topic::UseCases => "Key use cases",
            Topic::Integrations => "Existing systems to integrate with",
            Topic::Constraints => "Hard constraints",
            Topic::InScope => "In scope for v1",
            Topic::OutOfScope => "Out of scope for v1",
            Topic::InputsOutputs => "Inputs and outputs of each use case",
            Topic::DataEntities => "Data to store and key entities",
            Topic::ExternalDependencies => "External dependencies",
            Topic::Latency => "Latency targets",
            Topic::Throughput => "Throughput targets",
            Topic::Availability => "Availability target",
            Topic::DataRetention => "Data retention policy",
            Topic::InvalidInput => "Invalid input (malformed, too large, missing fields)",
            Topic::UnavailableServices => "External services unavailable",
            Topic::FailureRecovery => "Failure modes and recovery",
            Topic::RateLimits => "Rate limits, quotas and resource constraints",
            Topic::Security => "Security considerations",
            Topic::Scale => "Behaviour at 10x and 100x load",
            Topic::Consistency => "Data consistency requirements",
        }
    }

    pub fn phase(self) -> Phase {
        if DISCOVERY.contains(&self) {
            Phase::Discovery
        } else if SCOPE.contains(&self) {
            Phase::Scope
        } else {
            Phase::EdgeCases
        }
    }

    /// Parses a topic key (`data_retention`), also accepting hyphens and spaces.
    pub fn parse(s: &str) -> Option<Topic> {
        let norm: String = s
            .trim()
            .chars()
            .map(|c| {
                if c == '-' || c == ' ' {
                    '_'
                } else {
                    c.to_ascii_lowercase()
                }
            })
            .collect();
        Topic::ALL.into_iter().find(|t| t.key() == norm)
    }
}

impl std::fmt::Display for Topic {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.title())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_topic_belongs_to_exactly_one_questioning_phase() {
        for topic in Topic::ALL {
            let owners: Vec<Phase> = Phase::ALL
                .into_iter()
                .filter(|p| p.topics().contains(&topic))
                .collect();
            assert_eq!(owners, vec![topic.phase()], "{topic:?}");
        }
    }

    #[test]
    fn topic_keys_round_trip_through_serde_and_parse() {
        for topic in Topic::ALL {
            let json = serde_json::to_string(&topic).unwrap();
            assert_eq!(json, format!("\"{}\"", topic.key()));
            assert_eq!(Topic::parse(topic.key()), Some(topic));
        }
        assert_eq!(Topic::parse("Data-Retention"), Some(Topic::DataRetention));
        assert_eq!(Topic::parse("nope"), None);
    }

    #[test]
    fn phases_advance_in_the_seed_order() {
        let mut p = Phase::Discovery;
        let mut seen = vec![p];
        while p != Phase::Complete {
            p = p.next();
            seen.push(p);
        }
        assert_eq!(seen, Phase::ALL.to_vec());
    }
}
