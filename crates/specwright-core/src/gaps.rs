//! What a draft leaves empty that the spec needs (a use case's trigger and outcome, a
//! field's type, an operation's output, a measured requirement), and the one group of
//! questions the agent asks about them before it shows the draft, instead of writing
//! filler. Model-written filler ("Not discussed in the interview.", `—` as a type) is
//! emptied first, so it is asked about too.

use crate::phase::Topic;
use crate::turn::{Question, QuestionGroup, SpecDraft};

/// Text that fills a field without saying anything.
const FILLER: [&str; 14] = [
    "not discussed in the interview",
    "not discussed",
    "not specified",
    "unspecified",
    "not known",
    "tbd",
    "to be determined",
    "to be decided",
    "named in the interview",
    "named in review",
    "—",
    "–",
    "-",
    "?",
];

/// Whether a value is filler: says nothing while looking filled in.
pub fn is_filler(text: &str) -> bool {
    let t = text
        .trim()
        .trim_end_matches(['.', '…'])
        .trim()
        .to_lowercase();
    t.is_empty() || t == "..." || FILLER.contains(&t.as_str())
}

fn clear(s: &mut String) {
    if is_filler(s) {
        s.clear();
    }
}

/// Empties filler values, so an empty value is what says "not known" and the agent can
/// ask about it.
pub fn strip_filler(d: &mut SpecDraft) {
    clear(&mut d.overview.problem_statement.text);
    for uc in &mut d.use_cases {
        clear(&mut uc.actor);
        clear(&mut uc.preconditions);
        clear(&mut uc.postconditions);
        uc.flow.retain(|s| !is_filler(&s.text));
        uc.error_scenarios.retain(|s| !is_filler(&s.text));
    }
    for m in &mut d.data_models {
        for f in &mut m.fields {
            clear(&mut f.ty);
            clear(&mut f.constraints);
            clear(&mut f.description);
        }
    }
    for c in &mut d.api_contracts {
        clear(&mut c.interface);
        clear(&mut c.input);
        clear(&mut c.output);
        clear(&mut c.errors);
    }
    let nfr = &mut d.non_functional;
    for item in [
        &mut nfr.latency,
        &mut nfr.throughput,
        &mut nfr.availability,
        &mut nfr.data_retention,
    ] {
        clear(&mut item.text);
    }
    nfr.other.retain(|o| !is_filler(&o.value));
    for dep in &mut d.dependencies {
        clear(&mut dep.purpose);
    }
    clear(&mut d.testing.unit.text);
    clear(&mut d.testing.integration.text);
    d.testing.edge_cases.retain(|e| !is_filler(&e.text));
}

/// One hole in a draft: its label (also the label an answer line starts with) and the
/// checklist topic it belongs to.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Gap {
    pub label: String,
    pub topic: Topic,
}

fn blank(s: &str) -> bool {
    s.trim().is_empty()
}

/// The holes of a draft, leaving out the targets (latency, throughput, availability,
/// retention) whose topic the user deferred: they are open questions already.
pub fn gaps(d: &SpecDraft, deferred: &[Topic]) -> Vec<Gap> {
    let mut out = Vec::new();
    let targets = [
        Topic::Latency,
        Topic::Throughput,
        Topic::Availability,
        Topic::DataRetention,
    ];
    let mut gap = |label: String, topic: Topic| {
        if !(targets.contains(&topic) && deferred.contains(&topic)) {
            out.push(Gap { label, topic });
        }
    };
    if d.overview.problem_statement.is_blank() {
        gap("problem".into(), Topic::Purpose);
    }
    // No use case says what can go wrong in it: ask, rather than paste the same list.
    let no_errors = d
        .use_cases
        .iter()
        .all(|uc| uc.error_scenarios.iter().all(|e| e.is_blank()));
    for (i, uc) in d.use_cases.iter().enumerate() {
        let n = i + 1;
        if blank(&uc.actor) {
            gap(format!("UC-{n} actor"), Topic::Users);
        }
        if blank(&uc.preconditions) {
            gap(format!("UC-{n} before"), Topic::UseCases);
        }
        if uc.flow.iter().all(|s| s.is_blank()) {
            gap(format!("UC-{n} step"), Topic::UseCases);
        }
        if blank(&uc.postconditions) {
            gap(format!("UC-{n} after"), Topic::UseCases);
        }
        if no_errors {
            gap(format!("UC-{n} error"), Topic::UseCases);
        }
    }
    for m in &d.data_models {
        for f in &m.fields {
            if blank(&f.ty) {
                gap(
                    format!("{}.{}", m.entity.trim(), f.name.trim()),
                    Topic::DataEntities,
                );
            }
        }
    }
    for c in &d.api_contracts {
        for (part, value) in [
            ("interface", &c.interface),
            ("input", &c.input),
            ("output", &c.output),
        ] {
            if blank(value) {
                gap(
                    format!("{} {part}", c.operation.trim()),
                    Topic::InputsOutputs,
                );
            }
        }
    }
    let nfr = &d.non_functional;
    for (label, item, topic) in [
        ("latency", &nfr.latency, Topic::Latency),
        ("throughput", &nfr.throughput, Topic::Throughput),
        ("availability", &nfr.availability, Topic::Availability),
        ("retention", &nfr.data_retention, Topic::DataRetention),
    ] {
        if item.is_blank() {
            gap(label.into(), topic);
        }
    }
    for dep in &d.dependencies {
        if !blank(&dep.name) && blank(&dep.purpose) {
            gap(
                format!("dependency: {}", dep.name.trim()),
                Topic::ExternalDependencies,
            );
        }
    }
    if d.testing.unit.is_blank() {
        gap("unit tests".into(), Topic::UseCases);
    }
    if d.testing.integration.is_blank() {
        gap("integration tests".into(), Topic::ExternalDependencies);
    }
    out
}

fn list(labels: &[&Gap]) -> String {
    labels
        .iter()
        .map(|g| format!("`{}`", g.label))
        .collect::<Vec<_>>()
        .join(", ")
}

/// The questions about a draft's holes, one group of at most four: use cases, fields,
/// operations and the rest, targets. `None` when there is no hole.
pub fn details_group(gaps: &[Gap]) -> Option<QuestionGroup> {
    if gaps.is_empty() {
        return None;
    }
    let of = |topics: &[Topic]| -> Vec<&Gap> {
        gaps.iter().filter(|g| topics.contains(&g.topic)).collect()
    };
    let mut questions = Vec::new();
    let use_cases = of(&[Topic::UseCases, Topic::Users]);
    let (tests, use_cases): (Vec<&Gap>, Vec<&Gap>) = use_cases
        .into_iter()
        .partition(|g| g.label.ends_with("tests"));
    if !use_cases.is_empty() {
        questions.push(Question {
            text: format!(
                "What starts each use case, who acts, what is true when it ends, and what can go wrong in it? Answer one line per item, e.g. `UC-1 before: the marketer is signed in`, `UC-1 after: the short link exists`, `UC-1 error: the URL is malformed`: {}.",
                list(&use_cases)
            ),
            why: "Every use case needs an actor, a trigger and an outcome, and its own failures; the draft leaves these empty rather than guess.".into(),
            topics: vec![Topic::UseCases],
        });
    }
    let fields = of(&[Topic::DataEntities]);
    if !fields.is_empty() {
        questions.push(Question {
            text: format!(
                "What type (and constraints) does each of these fields have? e.g. `Link.code: string, unique`: {}.",
                list(&fields)
            ),
            why: "Code generation needs each field's type; the draft leaves it empty rather than guess.".into(),
            topics: vec![Topic::DataEntities],
        });
    }
    let mut rest = of(&[
        Topic::Purpose,
        Topic::InputsOutputs,
        Topic::ExternalDependencies,
    ]);
    rest.extend(tests);
    if !rest.is_empty() {
        questions.push(Question {
            text: format!(
                "And these? e.g. `problem: …`, `Create output: the short link`, `dependency: PostgreSQL: stores the links`, `unit tests: …`: {}.",
                list(&rest)
            ),
            why: "Each is a part of the spec the interview did not give.".into(),
            topics: vec![Topic::InputsOutputs],
        });
    }
    let targets = of(&[
        Topic::Latency,
        Topic::Throughput,
        Topic::Availability,
        Topic::DataRetention,
    ]);
    if !targets.is_empty() {
        let topics: Vec<Topic> = targets.iter().map(|g| g.topic).collect();
        questions.push(Question {
            text: format!(
                "Which targets apply, with numbers and units? e.g. `latency: p50 20 ms, p99 100 ms`, `throughput: 200 requests/s`, `availability: 99.9%`, `retention: 90 days`: {}.",
                list(&targets)
            ),
            why: "A requirement without a measure cannot be tested.".into(),
            topics,
        });
    }
    Some(QuestionGroup {
        title: "Before the draft: details it needs".into(),
        questions,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::turn::{DataModel, Field, Item, UseCase};
    use pretty_assertions::assert_eq;

    #[test]
    fn filler_is_recognised_and_emptied() {
        for f in [
            "Not discussed in the interview.",
            "—",
            " tbd ",
            "Not specified.",
        ] {
            assert!(is_filler(f), "{f}");
        }
        assert!(!is_filler("None: any visitor may redirect"));
        let mut d = SpecDraft::default();
        d.use_cases.push(UseCase {
            name: "Create".into(),
            actor: "Marketer".into(),
            preconditions: "Not discussed in the interview.".into(),
            flow: vec![Item::bare("Paste a URL")],
            postconditions: "The link exists".into(),
            ..Default::default()
        });
        d.data_models.push(DataModel {
            entity: "Link".into(),
            fields: vec![Field {
                name: "code".into(),
                ty: "—".into(),
                constraints: "—".into(),
                ..Default::default()
            }],
        });
        strip_filler(&mut d);
        assert_eq!(d.use_cases[0].preconditions, "");
        assert_eq!(d.data_models[0].fields[0].ty, "");
        let labels: Vec<String> = gaps(&d, &[Topic::Latency])
            .into_iter()
            .map(|g| g.label)
            .collect();
        assert_eq!(
            labels,
            vec![
                "problem",
                "UC-1 before",
                "UC-1 error",
                "Link.code",
                "throughput",
                "availability",
                "retention",
                "unit tests",
                "integration tests"
            ]
        );
    }

    #[test]
    fn the_details_group_asks_at_most_four_questions() {
        let gaps = vec![
            Gap {
                label: "UC-1 before".into(),
                topic: Topic::UseCases,
            },
            Gap {
                label: "Link.code".into(),
                topic: Topic::DataEntities,
            },
            Gap {
                label: "Create output".into(),
                topic: Topic::InputsOutputs,
            },
            Gap {
                label: "latency".into(),
                topic: Topic::Latency,
            },
            Gap {
                label: "unit tests".into(),
                topic: Topic::UseCases,
            },
        ];
        let group = details_group(&gaps).unwrap();
        assert_eq!(group.questions.len(), 4);
        assert!(group.questions[0].text.contains("`UC-1 before`"));
        assert!(!group.questions[0].text.contains("unit tests"));
        assert!(group.questions[2].text.contains("`unit tests`"));
        assert!(details_group(&[]).is_none());
    }
}
