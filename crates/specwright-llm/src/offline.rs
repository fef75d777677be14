//! The offline interviewer: a built-in model with no LLM behind it. It asks the seed's
//! questions from a question bank, offers options from a decision catalog, and drafts
//! the spec from the user's own words. It speaks the same JSON as an LLM, so the agent
//! validates it like any other model.

use async_trait::async_trait;
use serde::Deserialize;
use specwright_core::draft;
use specwright_core::{
    DecisionOption, DecisionTurn, Fact, InterviewTurn, Question, QuestionGroup, Topic, TurnContext,
    TurnKind, TurnRequest,
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
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
struct QuestionBank {
    question: Vec<BankQuestion>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CatalogArea {
    pub key: String,
    pub question: String,
    pub recommended: u8,
    pub reason: String,
    #[serde(rename = "option")]
    pub options: Vec<DecisionOption>,
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

    fn interview(&self, ctx: &TurnContext) -> InterviewTurn {
        let mut facts = Vec::new();
        let mut captured = Vec::new();
        if let (Some(answer), Some(group)) = (&ctx.answer, &ctx.answered_group) {
            for topic in group.topics() {
                facts.push(Fact {
                    topic,
                    statement: answer.trim().to_string(),
                });
                captured.push(topic);
            }
        }
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
            questions,
        }
    }

    fn decision(&self, ctx: &TurnContext) -> DecisionTurn {
        let key = ctx
            .area
            .as_ref()
            .map(|a| a.key.as_str())
            .unwrap_or_default();
        match self.areas.iter().find(|a| a.key == key) {
            Some(area) => DecisionTurn {
                question: fill(&area.question, &ctx.topic),
                options: area.options.clone(),
                recommended: area.recommended,
                recommendation_reason: area.reason.clone(),
                proposed_areas: Vec::new(),
            },
            None => {
                let title = ctx
                    .area
                    .as_ref()
                    .map(|a| a.title.clone())
                    .unwrap_or_default();
                DecisionTurn {
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
                }
            }
        }
    }
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
    }
}
