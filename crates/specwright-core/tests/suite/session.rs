//! The workflow's rules, driven through the session fold with hand-made turns.

use chrono::{TimeZone, Utc};
use pretty_assertions::assert_eq;
use specwright_core::session::JOURNAL_VERSION;
use specwright_core::validate::{check_turn, parse_turn};
use specwright_core::*;

fn at() -> chrono::DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 11, 24, 10, 0, 0).unwrap()
}

fn started(settings: SessionSettings) -> Event {
    Event::Started {
        version: JOURNAL_VERSION,
        id: uuid::Uuid::nil(),
        topic: "URL shortener".into(),
        slug: "url-shortener".into(),
        at: at(),
        settings,
    }
}

fn start(settings: SessionSettings) -> Session {
    Session::start(&started(settings)).unwrap()
}

fn group(topics: &[Topic]) -> QuestionGroup {
    QuestionGroup {
        title: "Q".into(),
        questions: vec![Question {
            text: format!("About {topics:?}?"),
            why: "because".into(),
            topics: topics.to_vec(),
        }],
    }
}

fn interview(facts: &[(Topic, &str)], ask: Option<&[Topic]>) -> Turn {
    Turn::Interview(InterviewTurn {
        facts: facts
            .iter()
            .map(|(t, s)| Fact {
                topic: *t,
                statement: s.to_string(),
            })
            .collect(),
        questions: ask.map(group),
        phase_complete: ask.is_none(),
        no_requirement: false,
        unknowns: vec![],
        missing: vec![],
        defaults: vec![],
    })
}

fn model(s: &mut Session, turn: Turn) {
    let errors = check_turn(&turn, s);
    assert!(errors.is_empty(), "{errors:?}");
    s.apply(&Event::ModelTurn {
        turn: Box::new(turn),
        usage: Some(Usage {
            prompt_tokens: 10,
            completion_tokens: 5,
            cached_tokens: None,
        }),
        repairs: 0,
        fallback: false,
        at: at(),
    })
    .unwrap();
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

fn decision_turn() -> Turn {
    let option = |n: &str| DecisionOption {
        name: n.into(),
        description: format!("{n} desc"),
        gains: "g".into(),
        sacrifices: "s".into(),
    };
    Turn::Decision(DecisionTurn {
        question: "Which?".into(),
        options: vec![option("A"), option("B"), option("C")],
        recommended: 2,
        recommendation_reason: "B fits".into(),
        proposed_areas: vec![],
        stated_in: None,
    })
}

fn minimal_draft() -> SpecDraft {
    SpecDraft {
        overview: Overview {
            problem_statement: "p".into(),
            goals: vec![],
            non_goals: vec![],
        },
        use_cases: vec![UseCase {
            name: "n".into(),
            actor: "a".into(),
            preconditions: String::new(),
            flow: vec!["f".into()],
            postconditions: String::new(),
            error_scenarios: vec![],
            rests_on: vec![],
        }],
        ..SpecDraft::default()
    }
}

#[test]
fn a_phase_advances_only_when_its_topics_are_covered() {
    let mut s = start(SessionSettings::default());
    assert_eq!(s.next_action(), Action::Model(TurnKind::Interview));
    model(
        &mut s,
        interview(&[], Some(&[Topic::Purpose, Topic::Users])),
    );
    assert_eq!(s.next_action(), Action::User);
    answer(&mut s, "Short links; marketers");
    // Covering two of five topics does not end Discovery.
    model(
        &mut s,
        interview(
            &[(Topic::Purpose, "Short links"), (Topic::Users, "marketers")],
            Some(&[Topic::UseCases, Topic::Integrations, Topic::Constraints]),
        ),
    );
    assert_eq!(s.phase(), Phase::Discovery);
    answer(&mut s, "shorten; none; GDPR");
    model(
        &mut s,
        interview(
            &[
                (Topic::UseCases, "shorten"),
                (Topic::Integrations, "none"),
                (Topic::Constraints, "GDPR"),
            ],
            None,
        ),
    );
    assert_eq!(s.phase(), Phase::Scope);
    assert_eq!(s.ledger().len(), 5);
    assert!(
        s.ledger()
            .iter()
            .all(|f| f.source == Source::Stated && f.answer_turn.is_some())
    );
    let ids: Vec<&str> = s.ledger().iter().map(|f| f.id.as_str()).collect();
    assert_eq!(ids, vec!["F1", "F2", "F3", "F4", "F5"]);
    assert_eq!(
        s.usage(),
        Usage {
            prompt_tokens: 30,
            completion_tokens: 15,
            cached_tokens: None,
        }
    );
}

#[test]
fn the_model_cannot_end_a_phase_with_topics_open() {
    let mut s = start(SessionSettings::default());
    model(&mut s, interview(&[], Some(&[Topic::Purpose])));
    answer(&mut s, "Short links");
    let premature = interview(&[(Topic::Purpose, "Short links")], None);
    let errors = check_turn(&premature, &s);
    assert!(
        errors
            .iter()
            .any(|e| e.contains("not covered yet") && e.contains("users")),
        "{errors:?}"
    );
}

#[test]
fn facts_need_an_answer_and_questions_need_an_open_topic() {
    let mut s = start(SessionSettings::default());
    let invented = interview(&[(Topic::Purpose, "made up")], Some(&[Topic::Users]));
    assert!(
        check_turn(&invented, &s)
            .iter()
            .any(|e| e.contains("has not answered"))
    );
    model(&mut s, interview(&[], Some(&[Topic::Purpose])));
    answer(&mut s, "Short links");
    let covered_again = interview(&[(Topic::Purpose, "Short links")], Some(&[Topic::Purpose]));
    assert!(
        check_turn(&covered_again, &s)
            .iter()
            .any(|e| e.contains("already covered"))
    );
}

#[test]
fn a_spent_budget_moves_on_and_leaves_open_questions() {
    let mut s = start(SessionSettings {
        budgets: Budgets {
            discovery: 1,
            scope: 1,
            edge_cases: 1,
        },
        accept_recommendations: false,
        interviewer: None,
    });
    model(&mut s, interview(&[], Some(&[Topic::Purpose])));
    answer(&mut s, "Short links");
    // Budget spent: the capture-only turn may not ask, and the phase ends.
    model(&mut s, interview(&[(Topic::Purpose, "Short links")], None));
    assert_eq!(s.phase(), Phase::Scope);
    let open = s.open_questions();
    assert!(
        open.contains(&"Users and consumers (not covered in the interview)".to_string()),
        "{open:?}"
    );
    assert!(!open.iter().any(|q| q.starts_with("Purpose")));
}

#[test]
fn skipping_defers_the_pending_topics() {
    let mut s = start(SessionSettings::default());
    model(
        &mut s,
        interview(&[], Some(&[Topic::Purpose, Topic::Users])),
    );
    skip(&mut s, vec![]);
    assert!(s.skipped().contains(&Topic::Purpose) && s.skipped().contains(&Topic::Users));
    assert_eq!(s.next_action(), Action::Model(TurnKind::Interview));
    assert!(
        s.open_questions()
            .contains(&"Purpose and the problem it solves (deferred by the user)".to_string())
    );
}

fn to_decisions(s: &mut Session) {
    for phase in [Phase::Discovery, Phase::Scope] {
        assert_eq!(s.phase(), phase);
        skip(s, phase.topics().to_vec());
    }
    assert_eq!(s.phase(), Phase::Decisions);
}

#[test]
fn decision_records_are_written_by_the_program_from_the_choice() {
    let mut s = start(SessionSettings::default());
    to_decisions(&mut s);
    model(&mut s, decision_turn());
    assert_eq!(
        s.validate_reply("9"),
        Err("There is no option 9: type a number from 1 to 3, an option's name, your own choice, or press Enter for the recommendation.".into())
    );
    answer(&mut s, "");
    model(&mut s, decision_turn());
    answer(&mut s, "3 because it is cheap");
    model(&mut s, decision_turn());
    answer(&mut s, "Redis since we run it");
    assert_eq!(
        s.decisions().iter().map(|d| d.id()).collect::<Vec<_>>(),
        vec!["D1", "D2", "D3"]
    );
    let d = &s.decisions();
    assert_eq!(
        (
            d[0].choice.as_str(),
            d[0].decided_by,
            d[0].rationale.as_str()
        ),
        ("B", DecidedBy::AcceptedRecommendation, "B fits")
    );
    assert_eq!(d[0].alternatives, vec!["A", "C"]);
    assert_eq!(
        (
            d[1].choice.as_str(),
            d[1].decided_by,
            d[1].rationale.as_str()
        ),
        ("C", DecidedBy::User, "It is cheap")
    );
    assert_eq!(
        (
            d[2].choice.as_str(),
            d[2].decided_by,
            d[2].rationale.as_str()
        ),
        ("Redis", DecidedBy::UserOwnChoice, "We run it")
    );
    assert_eq!(d[2].alternatives, vec!["A", "B", "C"]);
    assert_eq!(d[0].area, "Data storage");
    assert_eq!(d[2].area, "Concurrency model");
}

#[test]
fn approval_is_explicit_and_only_of_a_draft() {
    let mut s = start(SessionSettings::default());
    to_decisions(&mut s);
    for _ in 0..7 {
        model(&mut s, decision_turn());
        skip(&mut s, vec![]);
    }
    assert_eq!(s.phase(), Phase::EdgeCases);
    assert_eq!(s.deferred_areas().len(), 7);
    assert!(s.apply(&Event::Approved { at: at() }).is_err());
    skip(&mut s, Phase::EdgeCases.topics().to_vec());
    assert_eq!(s.next_action(), Action::Model(TurnKind::Draft));
    model(&mut s, Turn::Draft(minimal_draft()));
    // The draft's holes are asked about before it is shown; the user leaves them open.
    assert!(matches!(s.pending(), Some(Pending::Details(_))));
    assert!(s.apply(&Event::Approved { at: at() }).is_err());
    skip(&mut s, vec![]);
    // Everything in it rests on nothing the user said: keep, edit or drop each.
    let Some(Pending::Confirm(items)) = s.pending() else {
        panic!("{:?}", s.pending());
    };
    assert_eq!(items.len(), 3, "{items:?}");
    answer(&mut s, "");
    assert_eq!(s.phase(), Phase::Iteration);
    // Silence is not approval: an empty reply is refused before it is journaled.
    assert!(s.validate_reply("  ").is_err());
    answer(&mut s, "add a goal");
    assert_eq!(s.next_action(), Action::Model(TurnKind::Revision));
    let mut revised = minimal_draft();
    revised.overview.problem_statement.rests_on = vec!["C1".into()];
    revised.use_cases[0].rests_on = vec!["C1".into()];
    revised.use_cases[0].flow[0].rests_on = vec!["C1".into()];
    revised.overview.goals = vec![specwright_core::turn::Item::new(
        "a goal",
        vec!["R1".into()],
    )];
    model(
        &mut s,
        Turn::Revision(Revision {
            summary: "added".into(),
            draft: revised,
        }),
    );
    assert_eq!(s.pending(), Some(&Pending::Review));
    s.apply(&Event::Approved { at: at() }).unwrap();
    assert_eq!(s.next_action(), Action::Finish);
    s.apply(&Event::Completed {
        spec_path: "docs/spec/biz/url-shortener-spec.md".into(),
        adrs: vec![],
        spec_sha256: None,
        at: at(),
    })
    .unwrap();
    assert_eq!(s.next_action(), Action::Done);
}

#[test]
fn replaying_the_events_rebuilds_the_same_session() {
    let mut s = start(SessionSettings::default());
    let mut events = vec![started(SessionSettings::default())];
    let e1 = Event::ModelTurn {
        turn: Box::new(interview(&[], Some(&[Topic::Purpose]))),
        usage: None,
        repairs: 1,
        fallback: false,
        at: at(),
    };
    let e2 = Event::Answer {
        text: "Short links".into(),
        at: at(),
    };
    for e in [e1, e2] {
        s.apply(&e).unwrap();
        events.push(e);
    }
    assert_eq!(Session::replay(&events).unwrap(), s);
    let json: Vec<String> = events
        .iter()
        .map(|e| serde_json::to_string(e).unwrap())
        .collect();
    let back: Vec<Event> = json
        .iter()
        .map(|j| serde_json::from_str(j).unwrap())
        .collect();
    assert_eq!(back, events);
}

#[test]
fn the_interviewer_is_recorded_and_older_journals_without_it_still_load() {
    let settings = SessionSettings {
        interviewer: Some(Box::new(Interviewer {
            provider: "openai".into(),
            model: Some("smollm2".into()),
            base_url: Some("http://127.0.0.1:8080/v1".into()),
            profile: None,
        })),
        ..SessionSettings::default()
    };
    let line = serde_json::to_string(&started(settings.clone())).unwrap();
    assert!(
        line.contains(r#""interviewer":{"provider":"openai","model":"smollm2","base_url":"http://127.0.0.1:8080/v1"}"#),
        "{line}"
    );
    let back: Event = serde_json::from_str(&line).unwrap();
    assert_eq!(Session::start(&back).unwrap().settings(), &settings);
    // A journal written before the interviewer was recorded.
    let old = r#"{"event":"started","version":1,"id":"00000000-0000-0000-0000-000000000000","topic":"URL shortener","slug":"url-shortener","at":"2026-11-24T10:00:00Z","settings":{"budgets":{"discovery":4,"scope":4,"edge_cases":4}}}"#;
    let event: Event = serde_json::from_str(old).unwrap();
    assert_eq!(Session::start(&event).unwrap().settings().interviewer, None);
    // Without one, nothing is written, so such journals read as before.
    let plain = serde_json::to_string(&started(SessionSettings::default())).unwrap();
    assert!(!plain.contains("interviewer"), "{plain}");
}

#[test]
fn a_newer_journal_is_refused() {
    let mut event = started(SessionSettings::default());
    if let Event::Started { version, .. } = &mut event {
        *version = JOURNAL_VERSION + 1;
    }
    let err = Session::start(&event).unwrap_err();
    assert!(err.to_string().contains("newer specwright"), "{err}");
}

#[test]
fn malformed_and_invalid_replies_are_reported_not_panicked_on() {
    let mut s = start(SessionSettings::default());
    to_decisions(&mut s);
    let errors = parse_turn(TurnKind::Decision, "not json at all", &s).unwrap_err();
    assert!(errors[0].contains("not valid JSON"), "{errors:?}");
    let bad = r#"{"question":"Q","options":[{"name":"A","description":"d","gains":"g","sacrifices":"s"}],"recommended":3,"recommendation_reason":"","proposed_areas":[]}"#;
    let errors = parse_turn(TurnKind::Decision, bad, &s).unwrap_err();
    assert!(
        errors.iter().any(|e| e.contains("2 to 4 options")),
        "{errors:?}"
    );
    assert!(
        errors.iter().any(|e| e.contains("`recommended` is 3")),
        "{errors:?}"
    );
    assert!(
        errors.iter().any(|e| e.contains("recommendation_reason")),
        "{errors:?}"
    );
}

#[test]
fn an_answer_no_part_of_the_draft_traces_back_to_is_reported() {
    let mut s = start(SessionSettings::default());
    model(&mut s, interview(&[], Some(&[Topic::Purpose])));
    answer(&mut s, "Marketing needs short links it can track");
    model(
        &mut s,
        interview(
            &[(Topic::Purpose, "Marketing needs short links it can track")],
            Some(&[Topic::Users]),
        ),
    );
    answer(&mut s, "Auditors who need SAML single sign-on");
    model(
        &mut s,
        interview(
            &[(Topic::Users, "Auditors who need SAML single sign-on")],
            Some(&[Topic::UseCases]),
        ),
    );
    let draft = SpecDraft {
        overview: Overview {
            problem_statement: specwright_core::turn::Item::new(
                "Marketing needs short trackable links",
                vec!["F1".into()],
            ),
            goals: vec![],
            non_goals: vec![],
        },
        ..SpecDraft::default()
    };
    let dropped = specwright_core::dropped::unreached_in(&s, &draft);
    assert_eq!(dropped.len(), 1, "{dropped:?}");
    assert_eq!(dropped[0].answer, "Auditors who need SAML single sign-on");
    assert!(specwright_core::dropped::uncaptured(&s).is_empty());
}

#[test]
fn an_answer_must_yield_a_fact_or_be_marked_as_stating_none() {
    let mut s = start(SessionSettings::default());
    model(&mut s, interview(&[], Some(&[Topic::Purpose])));
    answer(&mut s, "Nothing to add there");
    let silent = interview(&[], Some(&[Topic::Users]));
    assert!(
        check_turn(&silent, &s)
            .iter()
            .any(|e| e.contains("no_requirement"))
    );
    let Turn::Interview(mut marked) = silent else {
        unreachable!()
    };
    marked.no_requirement = true;
    model(&mut s, Turn::Interview(marked));
    assert_eq!(s.no_requirement_answers(), [1]);
    assert!(specwright_core::dropped::uncaptured(&s).is_empty());
}
