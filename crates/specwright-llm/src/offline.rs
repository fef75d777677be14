//! The offline interviewer: a built-in model with no LLM behind it. It asks the seed's
//! questions from a question bank, offers options from a decision catalog, and drafts
//! the spec from the user's own words, citing the facts it takes them from. It speaks the
//! same JSON as an LLM, so the agent validates it like any other model.
//!
//! What it does by construction, where a model would use judgement: answer lines that
//! start with a topic's label (`Latency: p99 80 ms`, or a markdown heading) are filed
//! under that topic, so a first answer or a document can cover many topics at once;
//! clauses that say the user does not know something are recorded as unknowns; an
//! answer that leaves the choice to it gets the bank's default for each topic asked; a
//! decision the answers already name (an option's name or alias) is recorded as stated;
//! and the project's other specs set its recommendations and field types where they
//! agree with its catalog.

use async_trait::async_trait;
use serde::Deserialize;
use specwright_core::draft;
use specwright_core::reply::says_unknown;
use specwright_core::{
    DecisionOption, DecisionTurn, Fact, InterviewTurn, Question, QuestionGroup, Source, Topic,
    TurnContext, TurnKind, TurnRequest,
};

use crate::error::{ModelError, Result};
use crate::model::{ChatModel, ModelReply};

const QUESTIONS: &str = include_str!("../prompts/offline/questions.toml");
const DECISIONS: &str = include_str!("../prompts/offline/decisions.toml");

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct BankQuestion {
    pub topic: Topic,
    pub group: String,
    pub text: String,
    pub why: String,
    /// What to suggest when the user leaves this topic to the interviewer.
    pub default: String,
    /// Labels an answer line may start with to be filed under this topic.
    #[serde(default)]
    pub labels: Vec<String>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
struct QuestionBank {
    question: Vec<BankQuestion>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CatalogOption {
    pub name: String,
    pub description: String,
    pub gains: String,
    pub sacrifices: String,
    /// Words that name this option in an answer ("PostgreSQL" for a relational database).
    #[serde(default)]
    pub aliases: Vec<String>,
}

impl CatalogOption {
    fn option(&self) -> DecisionOption {
        DecisionOption {
            name: self.name.clone(),
            description: self.description.clone(),
            gains: self.gains.clone(),
            sacrifices: self.sacrifices.clone(),
        }
    }

    /// Whether `text` names this option: one of its aliases, as whole words. (Names
    /// alone are not enough: "None" is an option's name and a common word.)
    fn named_in(&self, text: &str) -> bool {
        self.aliases.iter().any(|n| has_words(text, n))
    }
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CatalogArea {
    pub key: String,
    pub question: String,
    pub recommended: u8,
    pub reason: String,
    #[serde(rename = "option")]
    pub options: Vec<CatalogOption>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
struct Catalog {
    area: Vec<CatalogArea>,
}

/// The built-in interviewer.
#[derive(Debug, Clone)]
pub struct OfflineModel {
    questions: Vec<BankQuestion>,
    areas: Vec<CatalogArea>,
}

impl OfflineModel {
    /// Loads the bank and catalog compiled into the binary, or the files of the same
    /// name in `override_dir` (`questions.toml`, `decisions.toml`) when they exist.
    pub fn new(override_dir: Option<&std::path::Path>) -> Result<OfflineModel> {
        let read = |name: &str, builtin: &'static str| -> Result<(String, String)> {
            if let Some(dir) = override_dir {
                let path = dir.join("offline").join(name);
                if path.exists() {
                    let text = std::fs::read_to_string(&path).map_err(|e| {
                        ModelError::Config(format!("cannot read {}: {e}", path.display()))
                    })?;
                    return Ok((text, path.display().to_string()));
                }
            }
            Ok((
                builtin.to_string(),
                format!("built-in prompts/offline/{name}"),
            ))
        };
        let (q_text, q_name) = read("questions.toml", QUESTIONS)?;
        let (d_text, d_name) = read("decisions.toml", DECISIONS)?;
        let bank: QuestionBank = toml::from_str(&q_text).map_err(|e| {
            ModelError::Config(format!("{q_name} is not a valid question bank: {e}"))
        })?;
        let catalog: Catalog = toml::from_str(&d_text).map_err(|e| {
            ModelError::Config(format!("{d_name} is not a valid decision catalog: {e}"))
        })?;
        Ok(OfflineModel {
            questions: bank.question,
            areas: catalog.area,
        })
    }

    pub fn questions(&self) -> &[BankQuestion] {
        &self.questions
    }

    /// The topic an answer line's label names, if any.
    fn topic_of_label(&self, label: &str) -> Option<Topic> {
        let norm = label
            .trim()
            .trim_start_matches('#')
            .trim_matches(|c: char| c == '*' || c == '_' || c.is_whitespace())
            .to_lowercase();
        if norm.is_empty() || norm.split_whitespace().count() > 4 {
            return None;
        }
        Topic::parse(&norm).or_else(|| {
            self.questions
                .iter()
                .find(|q| {
                    q.labels.iter().any(|l| l.eq_ignore_ascii_case(&norm))
                        || q.topic.title().eq_ignore_ascii_case(&norm)
                })
                .map(|q| q.topic)
        })
    }

    /// Files an answer under topics: a line starting with a topic's label (`Users: …`),
    /// or lines under a heading naming one, go to that topic; the rest goes to the topics
    /// asked about (`asked`). Clauses saying the user does not know go to `unknowns`.
    fn capture(&self, answer: &str, asked: &[Topic]) -> (Vec<Fact>, Vec<Fact>) {
        let mut sections: Vec<(Vec<Topic>, Vec<String>)> = vec![(asked.to_vec(), Vec::new())];
        for line in answer.lines() {
            let trimmed = line.trim();
            if trimmed.starts_with('#') {
                let topics = self.topic_of_label(trimmed).map(|t| vec![t]);
                sections.push((topics.unwrap_or_else(|| asked.to_vec()), Vec::new()));
                continue;
            }
            let labelled = trimmed
                .trim_start_matches(['-', '*', '•'])
                .split_once(':')
                .and_then(|(label, rest)| {
                    self.topic_of_label(label)
                        .filter(|_| !rest.trim().is_empty())
                        .map(|t| (t, rest.trim().to_string()))
                });
            match labelled {
                Some((topic, rest)) => sections.push((vec![topic], vec![rest])),
                None => {
                    if let Some(last) = sections.last_mut()
                        && !trimmed.is_empty()
                    {
                        last.1.push(trimmed.to_string());
                    }
                }
            }
        }
        let mut facts = Vec::new();
        let mut unknowns = Vec::new();
        for (topics, lines) in sections {
            let text = lines.join("\n");
            if text.trim().is_empty() || topics.is_empty() {
                continue;
            }
            let (known, unknown): (Vec<&str>, Vec<&str>) = text
                .split(';')
                .map(str::trim)
                .filter(|c| !c.is_empty())
                .partition(|c| !says_unknown(c));
            for topic in topics {
                if !known.is_empty() {
                    facts.push(Fact {
                        topic,
                        statement: known.join("; "),
                    });
                }
                for u in &unknown {
                    unknowns.push(Fact {
                        topic,
                        statement: (*u).to_string(),
                    });
                }
            }
        }
        (facts, unknowns)
    }

    fn interview(&self, ctx: &TurnContext) -> InterviewTurn {
        let asked: Vec<Topic> = ctx
            .answered_group
            .as_ref()
            .map(|g| g.topics())
            .unwrap_or_else(|| {
                if ctx.document.is_some() {
                    vec![Topic::Purpose]
                } else {
                    Vec::new()
                }
            });
        let mut facts = Vec::new();
        let mut unknowns = Vec::new();
        let mut defaults = Vec::new();
        if let Some(answer) = &ctx.answer {
            if ctx.delegated {
                for topic in &asked {
                    if let Some(q) = self.questions.iter().find(|q| q.topic == *topic) {
                        defaults.push(Fact {
                            topic: *topic,
                            statement: fill(&q.default, &ctx.topic),
                        });
                    }
                }
            } else {
                (facts, unknowns) = self.capture(answer, &asked);
            }
        }
        let captured: Vec<Topic> = facts
            .iter()
            .chain(&unknowns)
            .chain(&defaults)
            .map(|f| f.topic)
            .collect();
        let next = self.questions.iter().find(|q| {
            q.topic.phase() == ctx.phase
                && ctx.open_topics.contains(&q.topic)
                && !captured.contains(&q.topic)
                && !ctx.asked_questions.contains(&fill(&q.text, &ctx.topic))
        });
        let questions = match next {
            Some(q) if ctx.may_ask => Some(QuestionGroup {
                title: q.group.clone(),
                questions: vec![Question {
                    text: fill(&q.text, &ctx.topic),
                    why: q.why.clone(),
                    topics: vec![q.topic],
                }],
            }),
            _ => None,
        };
        InterviewTurn {
            facts,
            phase_complete: questions.is_none(),
            no_requirement: false,
            unknowns,
            missing: Vec::new(),
            defaults,
            questions,
        }
    }

    fn decision(&self, ctx: &TurnContext) -> DecisionTurn {
        let key = ctx
            .area
            .as_ref()
            .map(|a| a.key.as_str())
            .unwrap_or_default();
        let title = ctx
            .area
            .as_ref()
            .map(|a| a.title.clone())
            .unwrap_or_default();
        match self.areas.iter().find(|a| a.key == key) {
            Some(area) => {
                let mut recommended = area.recommended;
                let mut reason = area.reason.clone();
                // The choice another spec of the project made, when it is one of ours.
                if let Some((spec, choice, index)) = ctx.existing.iter().find_map(|spec| {
                    spec.decisions
                        .iter()
                        .filter(|d| d.area.eq_ignore_ascii_case(&title))
                        .find_map(|d| {
                            area.options
                                .iter()
                                .position(|o| o.name.eq_ignore_ascii_case(d.choice.trim()))
                                .map(|i| (spec.title.clone(), d.choice.clone(), i))
                        })
                }) {
                    recommended = u8::try_from(index + 1).unwrap_or(recommended);
                    reason = format!(
                        "The {spec} spec of this project chose {choice} for {title}; the same choice keeps the project consistent."
                    );
                }
                // A choice the user already made in an answer: one option named, and only one.
                let stated = ctx
                    .ledger
                    .iter()
                    .filter(|f| f.source == Source::Stated)
                    .find_map(|f| {
                        let named: Vec<usize> = area
                            .options
                            .iter()
                            .enumerate()
                            .filter(|(_, o)| o.named_in(&f.statement))
                            .map(|(i, _)| i)
                            .collect();
                        (named.len() == 1).then(|| (f.id.clone(), named[0]))
                    });
                let stated_in = stated.as_ref().map(|(id, _)| id.clone());
                if let Some((_, index)) = stated {
                    recommended = u8::try_from(index + 1).unwrap_or(recommended);
                }
                DecisionTurn {
                    question: fill(&area.question, &ctx.topic),
                    options: area.options.iter().map(CatalogOption::option).collect(),
                    recommended,
                    recommendation_reason: reason,
                    proposed_areas: Vec::new(),
                    stated_in,
                }
            }
            None => DecisionTurn {
                question: format!("How should {} handle {title}?", ctx.topic),
                options: vec![
                    DecisionOption {
                        name: "Simplest approach".into(),
                        description: format!("The least machinery that covers {title} for v1."),
                        gains: "Less to build and operate.".into(),
                        sacrifices: "May need rework as requirements grow.".into(),
                    },
                    DecisionOption {
                        name: "Defer".into(),
                        description: "Leave it open until more is known.".into(),
                        gains: "No premature commitment.".into(),
                        sacrifices: "The spec stays incomplete on this point.".into(),
                    },
                ],
                recommended: 1,
                recommendation_reason: "A first version is best served by the least machinery."
                    .into(),
                proposed_areas: Vec::new(),
                stated_in: None,
            },
        }
    }
}

/// Whether `phrase` appears in `text` as whole words, any case.
fn has_words(text: &str, phrase: &str) -> bool {
    let words = |s: &str| -> Vec<String> {
        s.split(|c: char| !c.is_alphanumeric() && c != '+' && c != '#')
            .filter(|w| !w.is_empty())
            .map(str::to_lowercase)
            .collect()
    };
    let hay = words(text);
    let needle = words(phrase);
    !needle.is_empty() && hay.windows(needle.len()).any(|w| w == needle.as_slice())
}

fn fill(text: &str, topic: &str) -> String {
    text.replace("{topic}", topic)
}

#[async_trait]
impl ChatModel for OfflineModel {
    fn describe(&self) -> String {
        "the offline interviewer (no LLM configured)".into()
    }

    #[expect(
        clippy::expect_used,
        reason = "the turn types are plain structs of strings, numbers and vectors, which always serialise"
    )]
    async fn complete(&self, request: &TurnRequest) -> Result<ModelReply> {
        let ctx = &request.context;
        let value = match ctx.kind {
            TurnKind::Interview => serde_json::to_string(&self.interview(ctx)),
            TurnKind::Decision => serde_json::to_string(&self.decision(ctx)),
            TurnKind::Draft => serde_json::to_string(&draft::from_ledger(ctx)),
            TurnKind::Revision => serde_json::to_string(&draft::revise(ctx)),
        };
        Ok(ModelReply::new(value.expect(
            "the offline interviewer's turn serialises to JSON",
        )))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_bank_and_catalog_load_and_cover_every_topic_and_seed_area() {
        let model = OfflineModel::new(None).unwrap();
        for topic in Topic::ALL {
            assert!(
                model.questions.iter().any(|q| q.topic == topic),
                "{topic:?}"
            );
        }
        for area in specwright_core::seed_areas() {
            let a = model.areas.iter().find(|a| a.key == area.key).unwrap();
            assert!((2..=4).contains(&a.options.len()), "{}", area.key);
            assert!(usize::from(a.recommended) <= a.options.len());
        }
        for q in &model.questions {
            assert!(!q.default.trim().is_empty(), "{:?} has no default", q.topic);
        }
    }

    #[test]
    fn labelled_lines_and_headings_go_to_their_topics_and_unknowns_are_kept_apart() {
        let model = OfflineModel::new(None).unwrap();
        let answer = "Short links for campaigns.\nUsers: marketing staff\n## Latency\np99 50 ms for redirects\nRetention: links forever; for click events I don't know yet";
        let (facts, unknowns) = model.capture(answer, &[Topic::Purpose]);
        let pairs: Vec<(Topic, &str)> = facts
            .iter()
            .map(|f| (f.topic, f.statement.as_str()))
            .collect();
        assert_eq!(
            pairs,
            vec![
                (Topic::Purpose, "Short links for campaigns."),
                (Topic::Users, "marketing staff"),
                (Topic::Latency, "p99 50 ms for redirects"),
                (Topic::DataRetention, "links forever"),
            ]
        );
        assert_eq!(unknowns.len(), 1);
        assert_eq!(unknowns[0].topic, Topic::DataRetention);
        assert_eq!(unknowns[0].statement, "for click events I don't know yet");
    }

    #[test]
    fn option_names_and_aliases_are_found_as_whole_words() {
        assert!(has_words("We run PostgreSQL 16", "PostgreSQL"));
        assert!(has_words("a REST API", "rest"));
        assert!(!has_words("restore from backups", "REST"));
        assert!(has_words("env vars and a config file", "config file"));
    }
}
