//! A spec that records faithfully what the user said: ids for facts and decisions, items
//! that cite them, items resting on nothing shown before approval, partial answers and
//! unknowns, "you decide", reasons for choices, a document up front, old journals.

use chrono::{TimeZone, Utc};
use pretty_assertions::assert_eq;
use specwright_core::decision::NO_REASON;
use specwright_core::session::JOURNAL_VERSION;
use specwright_core::turn::{Item, Missing};
use specwright_core::validate::{check_turn, normalize};
use specwright_core::*;

fn at() -> chrono::DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 11, 24, 10, 0, 0).unwrap()
}

fn started(version: u32) -> Event {
    Event::Started {
        version,
        id: uuid::Uuid::nil(),
        topic: "Feature flags".into(),
        slug: "feature-flags".into(),
        at: at(),
        settings: SessionSettings::default(),
    }
}

fn start() -> Session {
    Session::start(&started(JOURNAL_VERSION)).unwrap()
}

fn fact(topic: Topic, s: &str) -> Fact {
    Fact {
        topic,
        statement: s.into(),
    }
}

fn ask(topics: &[Topic]) -> QuestionGroup {
    QuestionGroup {
        title: "Q".into(),
        questions: vec![Question {
            text: format!("About {topics:?}?"),
            why: "because".into(),
            topics: topics.to_vec(),
        }],
    }
}

fn turn(facts: Vec<Fact>, next: Option<&[Topic]>) -> InterviewTurn {
    InterviewTurn {
        facts,
        questions: next.map(ask),
        phase_complete: next.is_none(),
        no_requirement: false,
        unknowns: vec![],
        missing: vec![],
        defaults: vec![],
    }
}

fn model_turn(turn: Turn) -> Event {
    Event::ModelTurn {
        turn: Box::new(turn),
        usage: None,
        repairs: 0,
        fallback: false,
        at: at(),
    }
}

/// Normalizes and checks a turn as the agent does, then applies it.
fn model(s: &mut Session, mut turn: Turn) {
    normalize(&mut turn, s);
    let errors = check_turn(&turn, s);
    assert!(errors.is_empty(), "{errors:?}");
    s.apply(&model_turn(turn)).unwrap();
}

fn answer(s: &mut Session, text: &str) {
    s.apply(&Event::Answer {
        text: text.into(),
        at: at(),
    })
    .unwrap();
}

fn skip(s: &mut Session, topics: Vec<Topic>) {
    s.apply(&Event::Skip { topics, at: at() }).unwrap();
}

fn option(name: &str) -> DecisionOption {
    DecisionOption {
        name: name.into(),
        description: format!("{name} desc"),
        gains: "g".into(),
        sacrifices: "s".into(),
    }
}

fn decision(stated_in: Option<&str>) -> Turn {
    Turn::Decision(DecisionTurn {
        question: "Where do flags live?".into(),
        options: vec![option("PostgreSQL"), option("Redis"), option("Files")],
        recommended: 1,
        recommendation_reason: "It is already run by ops".into(),
        proposed_areas: vec![],
        stated_in: stated_in.map(str::to_string),
    })
}

/// Discovery and Scope answered in one answer each; at the decisions.
fn to_decisions(s: &mut Session) {
    model(s, Turn::Interview(turn(vec![], Some(&[Topic::Purpose]))));
    answer(
        s,
        "Flags for the SDKs; stored in PostgreSQL because ops runs it",
    );
    let mut facts: Vec<Fact> = Phase::Discovery
        .topics()
        .iter()
        .map(|t| fact(*t, &format!("{} answer", t.key())))
        .collect();
    facts.push(fact(
        Topic::ExternalDependencies,
        "Flags are stored in PostgreSQL because ops runs it",
    ));
    model(s, Turn::Interview(turn(facts, None)));
    assert_eq!(s.phase(), Phase::Scope);
    model(s, Turn::Interview(turn(vec![], Some(&[Topic::InScope]))));
    answer(s, "everything else");
    let facts = Phase::Scope
        .topics()
        .iter()
        .filter(|t| **t != Topic::ExternalDependencies)
        .map(|t| fact(*t, &format!("{} answer", t.key())))
        .collect();
    model(s, Turn::Interview(turn(facts, None)));
    assert_eq!(s.phase(), Phase::Decisions);
}

fn draft(goals: Vec<Item>) -> SpecDraft {
    SpecDraft {
        overview: Overview {
            problem_statement: Item::new("Flags for the SDKs", vec!["F1".into()]),
            goals,
            non_goals: vec![],
        },
        use_cases: vec![UseCase {
            name: "Toggle".into(),
            actor: "Developer".into(),
            preconditions: "Signed in".into(),
            flow: vec![Item::new("Flip a flag", vec!["F3".into()])],
            postconditions: "The flag is flipped".into(),
            error_scenarios: vec![Item::new(
                "The write fails: nothing changes",
                vec!["F4".into()],
            )],
            rests_on: vec!["F2".into(), "F3".into()],
        }],
        non_functional: NonFunctional {
            latency: Item::new("p99 20 ms", vec!["F1".into()]),
            throughput: Item::new("100 requests/s", vec!["F1".into()]),
            availability: Item::new("99.9%", vec!["F1".into()]),
            data_retention: Item::new("90 days", vec!["F1".into()]),
            other: vec![],
        },
        testing: TestingStrategy {
            unit: Item::new("Flag evaluation", vec!["F1".into()]),
            integration: Item::new("Against PostgreSQL", vec!["F6".into()]),
            edge_cases: vec![],
        },
        ..SpecDraft::default()
    }
}

/// From the decisions to a draft with its holes filled.
fn to_draft(s: &mut Session, d: SpecDraft) {
    while s.phase() == Phase::Decisions {
        model(s, decision(None));
        answer(s, "");
    }
    skip(s, Phase::EdgeCases.topics().to_vec());
    model(s, Turn::Draft(d));
}

#[test]
fn facts_decisions_and_answers_have_ids_and_a_draft_may_cite_only_those() {
    let mut s = start();
    to_decisions(&mut s);
    model(&mut s, decision(None));
    answer(&mut s, "");
    let ids = s.evidence_ids();
    assert_eq!(ids.first().map(String::as_str), Some("F1"));
    assert!(ids.contains(&"D1".to_string()), "{ids:?}");
    let mut invented = draft(vec![Item::new(
        "Audit log",
        vec!["F99".into(), "D7".into()],
    )]);
    invented.testing.unit.rests_on = vec![" F1 ".into()];
    let mut t = Turn::Draft(invented);
    normalize(&mut t, &s);
    let errors = check_turn(&t, &s);
    assert!(
        errors
            .iter()
            .any(|e| e.contains("`F99`, `D7`") && e.contains("cite only these: F1,")),
        "{errors:?}"
    );
    let Turn::Draft(normalized) = t else {
        unreachable!()
    };
    assert_eq!(normalized.testing.unit.rests_on, vec!["F1"]);
}

#[test]
fn items_resting_on_nothing_are_shown_before_approval_and_kept_as_accepted() {
    let mut s = start();
    to_decisions(&mut s);
    to_draft(
        &mut s,
        draft(vec![
            Item::new("Per-SDK flags", vec!["F7".into()]),
            Item::bare("An audit log of every flip"),
            Item::bare("A web console"),
            Item::bare("Percentage rollouts"),
        ]),
    );
    let Some(Pending::Confirm(items)) = s.pending() else {
        panic!("{:?}", s.pending());
    };
    let listed: Vec<&str> = items.iter().map(|i| i.text.as_str()).collect();
    assert_eq!(
        listed,
        vec![
            "An audit log of every flip",
            "A web console",
            "Percentage rollouts"
        ]
    );
    assert_eq!(
        s.phase(),
        Phase::Draft,
        "the review waits for the confirmation"
    );
    assert!(s.validate_reply("drop 4").is_err());
    answer(&mut s, "drop 2; edit 3: Rollouts by percentage of users");
    assert_eq!(s.phase(), Phase::Iteration);
    assert_eq!(s.pending(), Some(&Pending::Review));
    let goals = &s.draft().unwrap().overview.goals;
    let texts: Vec<(&str, &[String])> = goals
        .iter()
        .map(|g| (g.text.as_str(), g.rests_on.as_slice()))
        .collect();
    assert_eq!(
        texts,
        vec![
            ("Per-SDK flags", &["F7".to_string()][..]),
            ("An audit log of every flip", &["C1".to_string()][..]),
            ("Rollouts by percentage of users", &["R1".to_string()][..]),
        ]
    );
    let twin = twin::build(&s, s.draft().unwrap(), &[], &[]);
    let sources: Vec<Source> = twin
        .overview
        .goals
        .iter()
        .map(|g| g.provenance.source)
        .collect();
    assert_eq!(
        sources,
        vec![Source::Stated, Source::Accepted, Source::Stated]
    );
    assert_eq!(twin.counts.inferred, 0);
    assert_eq!(
        twin.counts.accepted,
        1 + 7,
        "one kept item and seven Enter decisions"
    );
    assert!(s.inferred_items().is_empty());
}

#[test]
fn a_drafts_holes_are_asked_about_before_it_is_shown() {
    let mut s = start();
    to_decisions(&mut s);
    let mut d = draft(vec![]);
    d.use_cases[0].preconditions = "Not discussed in the interview.".into();
    d.non_functional.latency = Item::bare("—");
    let mut t = Turn::Draft(d);
    normalize(&mut t, &s);
    let Turn::Draft(d) = t else { unreachable!() };
    to_draft(&mut s, d);
    let Some(Pending::Details(group)) = s.pending() else {
        panic!("{:?}", s.pending());
    };
    let text: Vec<&str> = group.questions.iter().map(|q| q.text.as_str()).collect();
    assert!(text[0].contains("`UC-1 before`"), "{text:?}");
    assert!(text[1].contains("`latency`"), "{text:?}");
    answer(
        &mut s,
        "UC-1 before: the developer is signed in\nlatency: p99 20 ms",
    );
    assert_eq!(s.next_action(), Action::Model(TurnKind::Revision));
    assert_eq!(s.answer_id().as_deref(), Some("R1"));
}

#[test]
fn partial_answers_keep_the_unknown_part_for_the_open_questions_in_the_users_words() {
    let mut s = start();
    model(
        &mut s,
        Turn::Interview(turn(vec![], Some(&[Topic::Purpose]))),
    );
    answer(&mut s, "Flags for SDKs and the UI");
    let mut t = turn(
        vec![fact(Topic::Purpose, "Flags for SDKs")],
        Some(&[Topic::Users]),
    );
    t.unknowns = vec![fact(Topic::Purpose, "for the UI I don't know")];
    model(&mut s, Turn::Interview(t));
    assert_eq!(s.coverage(Topic::Purpose), Coverage::Partial);
    assert!(s.open_topics().iter().all(|t| *t != Topic::Purpose));
    answer(&mut s, "SDK developers");
    let mut t = turn(
        vec![fact(Topic::Users, "SDK developers")],
        Some(&[Topic::Purpose, Topic::Users]),
    );
    t.missing = vec![Missing {
        topic: Topic::Users,
        what: "who operates the flags".into(),
    }];
    // A follow-up on a topic answered in part is allowed.
    model(&mut s, Turn::Interview(t));
    assert_eq!(s.partial_topics(), vec![Topic::Purpose, Topic::Users]);
    answer(&mut s, "The UI keeps flags in local storage");
    // Captured without the unknown again: the purpose is whole now.
    model(
        &mut s,
        Turn::Interview(turn(
            vec![fact(Topic::Purpose, "The UI keeps flags in local storage")],
            Some(&[Topic::UseCases]),
        )),
    );
    assert_eq!(s.coverage(Topic::Purpose), Coverage::Covered);
    // The phase ends on the budget or when the model stops; skip the rest to get there.
    skip(
        &mut s,
        vec![Topic::UseCases, Topic::Integrations, Topic::Constraints],
    );
    assert_eq!(s.phase(), Phase::Scope);
    let open = s.open_questions();
    assert!(
        open.contains(&"Users and consumers: still missing: who operates the flags".to_string()),
        "{open:?}"
    );
    assert!(!open.iter().any(|q| q.contains("for the UI")), "{open:?}");
}

#[test]
fn an_unknown_left_at_the_end_of_a_phase_is_an_open_question_with_its_topic() {
    let mut s = start();
    model(
        &mut s,
        Turn::Interview(turn(vec![], Some(&[Topic::Purpose]))),
    );
    answer(
        &mut s,
        "The SDKs keep a disk cache; for the UI I don't know",
    );
    let mut t = turn(
        vec![fact(Topic::Purpose, "The SDKs keep a disk cache")],
        None,
    );
    t.unknowns = vec![fact(Topic::Purpose, "for the UI I don't know")];
    t.questions = Some(ask(&[Topic::Users]));
    model(&mut s, Turn::Interview(t));
    skip(&mut s, Phase::Discovery.topics()[1..].to_vec());
    assert!(
        s.open_questions()
            .contains(&"Purpose and the problem it solves: for the UI I don't know".to_string()),
        "{:?}",
        s.open_questions()
    );
    assert!(dropped::uncaptured(&s).is_empty());
}

#[test]
fn you_decide_at_a_question_proposes_defaults_recorded_as_accepted_not_stated() {
    let mut s = start();
    model(
        &mut s,
        Turn::Interview(turn(vec![], Some(&[Topic::Purpose]))),
    );
    answer(&mut s, "Flags for the SDKs");
    model(
        &mut s,
        Turn::Interview(turn(
            vec![fact(Topic::Purpose, "Flags for the SDKs")],
            Some(&[Topic::Users, Topic::Integrations]),
        )),
    );
    answer(&mut s, "Your call");
    assert!(s.answer_delegates());
    // A model that captures "your call" as a fact: the fact is dropped and defaults asked for.
    let mut captured = Turn::Interview(turn(
        vec![fact(Topic::Users, "Your call")],
        Some(&[Topic::UseCases]),
    ));
    normalize(&mut captured, &s);
    let errors = check_turn(&captured, &s);
    assert!(
        errors.iter().any(|e| e.contains("`defaults`")),
        "{errors:?}"
    );
    let mut t = turn(vec![], Some(&[Topic::UseCases]));
    t.defaults = vec![
        fact(Topic::Users, "SDK developers"),
        fact(Topic::Integrations, "None in v1"),
    ];
    model(&mut s, Turn::Interview(t));
    assert!(matches!(s.pending(), Some(Pending::Defaults { .. })));
    assert!(s.validate_reply("no").is_err());
    answer(&mut s, "");
    let kept: Vec<(&str, Source)> = s.ledger()[1..]
        .iter()
        .map(|f| (f.statement.as_str(), f.source))
        .collect();
    assert_eq!(
        kept,
        vec![
            ("SDK developers", Source::Accepted),
            ("None in v1", Source::Accepted)
        ]
    );
    assert!(matches!(s.pending(), Some(Pending::Questions(_))));
    assert!(
        dropped::uncaptured(&s).is_empty(),
        "the delegating answer counts"
    );
}

#[test]
fn a_corrected_or_skipped_default_is_stated_or_left_open() {
    let mut s = start();
    model(
        &mut s,
        Turn::Interview(turn(vec![], Some(&[Topic::Purpose]))),
    );
    answer(&mut s, "idk");
    let mut t = turn(vec![], Some(&[Topic::Users]));
    t.defaults = vec![fact(Topic::Purpose, "Flags for the SDKs")];
    model(&mut s, Turn::Interview(t));
    answer(&mut s, "Flags for the SDKs and the web UI");
    assert_eq!(s.ledger()[0].source, Source::Stated);
    assert_eq!(s.ledger()[0].statement, "Flags for the SDKs and the web UI");
    answer(&mut s, "no preference");
    let mut t = turn(vec![], Some(&[Topic::UseCases]));
    t.defaults = vec![fact(Topic::Users, "SDK developers")];
    model(&mut s, Turn::Interview(t));
    skip(&mut s, vec![]);
    assert_eq!(s.coverage(Topic::Users), Coverage::Skipped);
    assert!(matches!(s.pending(), Some(Pending::Questions(_))));
}

#[test]
fn you_decide_at_a_decision_takes_the_recommendation_as_delegated() {
    let mut s = start();
    to_decisions(&mut s);
    // F6 states the storage choice; this turn does not say so, so the user is asked.
    model(&mut s, decision(None));
    answer(&mut s, "whatever you recommend");
    let d = &s.decisions()[0];
    assert_eq!(
        (d.choice.as_str(), d.decided_by, d.rationale.as_str()),
        (
            "PostgreSQL",
            DecidedBy::Delegated,
            "It is already run by ops"
        )
    );
    assert_eq!(provenance::of_decision(d).source, Source::Delegated);
}

#[test]
fn a_choice_against_the_recommendation_without_a_reason_gets_one_follow_up() {
    let mut s = start();
    to_decisions(&mut s);
    model(&mut s, decision(None));
    answer(&mut s, "2");
    let Some(Pending::Reason { question, .. }) = s.pending() else {
        panic!("{:?}", s.pending());
    };
    assert_eq!(
        question,
        "What makes Redis better here than PostgreSQL? (Enter to skip: the decision is recorded with no reason given.)"
    );
    assert!(s.decisions().is_empty());
    answer(&mut s, "flags are read on every request");
    assert_eq!(
        s.decisions()[0].rationale,
        "Flags are read on every request"
    );
    assert_eq!(s.decisions()[0].decided_by, DecidedBy::User);
    model(&mut s, decision(None));
    answer(&mut s, "Files");
    answer(&mut s, "");
    assert_eq!(s.decisions()[1].rationale, NO_REASON);
    model(&mut s, decision(None));
    answer(&mut s, "3 because the SDKs bundle them");
    assert_eq!(s.decisions()[2].rationale, "The SDKs bundle them");
    model(&mut s, decision(None));
    answer(&mut s, "1");
    assert_eq!(s.decisions()[3].rationale, "It is already run by ops");
}

#[test]
fn a_choice_the_answers_already_made_is_recorded_as_stated_without_asking() {
    let mut s = start();
    to_decisions(&mut s);
    let f = s
        .ledger()
        .iter()
        .find(|f| f.statement.contains("PostgreSQL"))
        .unwrap()
        .id
        .clone();
    let bad = decision(Some("F99"));
    assert!(
        check_turn(&bad, &s)
            .iter()
            .any(|e| e.contains("`stated_in` is `F99`"))
    );
    model(&mut s, decision(Some(&f)));
    assert_eq!(s.pending(), None);
    let d = &s.decisions()[0];
    assert_eq!(d.decided_by, DecidedBy::StatedInInterview);
    assert_eq!(d.stated_in.as_deref(), Some(f.as_str()));
    assert_eq!(
        d.rationale,
        "Flags are stored in PostgreSQL because ops runs it"
    );
    assert_eq!(s.next_action(), Action::Model(TurnKind::Decision));
}

#[test]
fn a_document_up_front_covers_whole_phases_and_only_the_gaps_are_asked() {
    let mut s = start();
    s.apply(&Event::Document {
        name: "notes.md".into(),
        text: "Everything about flags".into(),
        at: at(),
    })
    .unwrap();
    assert_eq!(s.document(), Some("notes.md"));
    let mut facts: Vec<Fact> = Phase::Discovery
        .topics()
        .iter()
        .chain(Phase::Scope.topics())
        .chain(Phase::EdgeCases.topics())
        .filter(|t| **t != Topic::Scale)
        .map(|t| fact(*t, &format!("{} from the notes", t.key())))
        .collect();
    facts.truncate(20);
    model(&mut s, Turn::Interview(turn(facts, None)));
    // Discovery and Scope are covered: straight to the decisions.
    assert_eq!(s.phase(), Phase::Decisions);
    assert!(!s.can_go_back(), "a document is not a reply to take back");
    for _ in 0..7 {
        model(&mut s, decision(None));
        answer(&mut s, "");
    }
    // Edge cases: only scale is open.
    assert_eq!(s.phase(), Phase::EdgeCases);
    assert_eq!(s.open_topics(), vec![Topic::Scale]);
    assert!(
        s.apply(&Event::Document {
            name: "late.md".into(),
            text: "x".into(),
            at: at(),
        })
        .is_err()
    );
}

/// A journal written by the previous format, by hand: facts with no ids, a choice against
/// the recommendation with no reason, a draft of plain strings.
const V1_JOURNAL: &str = r#"{"event":"started","version":1,"id":"00000000-0000-0000-0000-000000000000","topic":"Old","slug":"old","at":"2026-11-24T10:00:00Z","settings":{"budgets":{"discovery":1,"scope":1,"edge_cases":1}}}
{"event":"model_turn","turn":{"kind":"interview","facts":[],"questions":{"title":"P","questions":[{"text":"Why?","why":"w","topics":["purpose"]}]},"phase_complete":false},"at":"2026-11-24T10:00:00Z"}
{"event":"answer","text":"Short links","at":"2026-11-24T10:00:00Z"}
{"event":"model_turn","turn":{"kind":"interview","facts":[{"topic":"purpose","statement":"Short links"}],"questions":null,"phase_complete":true},"at":"2026-11-24T10:00:00Z"}
{"event":"model_turn","turn":{"kind":"interview","facts":[],"questions":{"title":"S","questions":[{"text":"In?","why":"w","topics":["in_scope"]}]},"phase_complete":false},"at":"2026-11-24T10:00:00Z"}
{"event":"skip","topics":[],"at":"2026-11-24T10:00:00Z"}
{"event":"model_turn","turn":{"kind":"decision","question":"Q","options":[{"name":"A","description":"d","gains":"g","sacrifices":"s"},{"name":"B","description":"d","gains":"g","sacrifices":"s"}],"recommended":1,"recommendation_reason":"A fits","proposed_areas":[]},"at":"2026-11-24T10:00:00Z"}
{"event":"answer","text":"2","at":"2026-11-24T10:00:00Z"}
{"event":"model_turn","turn":{"kind":"decision","question":"Q","options":[{"name":"A","description":"d","gains":"g","sacrifices":"s"},{"name":"B","description":"d","gains":"g","sacrifices":"s"}],"recommended":1,"recommendation_reason":"A fits","proposed_areas":[]},"at":"2026-11-24T10:00:00Z"}
{"event":"answer","text":"","at":"2026-11-24T10:00:00Z"}"#;

#[test]
fn a_journal_of_the_first_format_replays_under_its_rules_and_upgrades() {
    let mut events: Vec<Event> = V1_JOURNAL
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    for _ in 0..5 {
        events.push(model_turn(decision(None)));
        events.push(Event::Answer {
            text: String::new(),
            at: at(),
        });
    }
    events.push(Event::Skip {
        topics: Phase::EdgeCases.topics().to_vec(),
        at: at(),
    });
    let old_draft = r#"{"event":"model_turn","turn":{"kind":"draft","overview":{"problem_statement":"Short links","goals":["Short links"],"non_goals":[]},"use_cases":[{"name":"Shorten","actor":"Marketer","preconditions":"","flow":["Paste"],"postconditions":"","error_scenarios":[]}],"data_models":[],"api_contracts":[],"error_handling":[],"non_functional":{"latency":"","throughput":"","availability":"","data_retention":"","other":[]},"dependencies":[],"testing":{"unit":"","integration":"","edge_cases":[]},"open_questions":[]},"at":"2026-11-24T10:00:00Z"}"#;
    events.push(serde_json::from_str(old_draft).unwrap());
    let mut s = Session::replay(&events).unwrap();
    assert!(s.is_legacy());
    // Under the old rules: no follow-up for the reason, and the draft went straight to review.
    assert_eq!(s.decisions()[0].choice, "B");
    assert_eq!(s.decisions()[0].rationale, NO_REASON);
    assert_eq!(s.ledger()[0].id, "F1");
    assert_eq!(s.pending(), Some(&Pending::Review));
    assert_eq!(s.draft().unwrap().overview.goals[0].text, "Short links");
    // Going on under this version: what the old draft says rests on nothing, so it is shown.
    s.apply(&Event::Upgraded { at: at() }).unwrap();
    assert!(!s.is_legacy());
    let Some(Pending::Confirm(items)) = s.pending() else {
        panic!("{:?}", s.pending());
    };
    assert_eq!(items.len(), 4, "{items:?}");
    assert!(s.apply(&Event::Upgraded { at: at() }).is_err());
}

#[test]
fn an_edited_draft_keeps_what_unchanged_items_rested_on() {
    let mut s = start();
    to_decisions(&mut s);
    to_draft(
        &mut s,
        draft(vec![Item::new("Per-SDK flags", vec!["F7".into()])]),
    );
    assert_eq!(s.pending(), Some(&Pending::Review));
    let mut edited = draft(vec![
        Item::bare("Per-SDK flags"),
        Item::bare("Flags expire after 90 days"),
    ]);
    edited.overview.problem_statement.rests_on.clear();
    s.apply(&Event::Edited {
        markdown: "# edited".into(),
        draft: Box::new(edited),
        at: at(),
    })
    .unwrap();
    let goals = &s.draft().unwrap().overview.goals;
    assert_eq!(goals[0].rests_on, vec!["F7"]);
    assert_eq!(goals[1].rests_on, vec!["R1"]);
    assert_eq!(
        s.draft().unwrap().overview.problem_statement.rests_on,
        vec!["F1"]
    );
    assert_eq!(s.pending(), Some(&Pending::Review));
}
