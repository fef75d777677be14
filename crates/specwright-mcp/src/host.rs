//! The host's model as the interviewer: a [`ChatModel`] whose `complete` hands the turn
//! request to the MCP session and waits for the turn the host submits with `spec_turn`.
//! The agent validates that turn exactly as it validates any model's reply, and asks again
//! with the repair messages when it is invalid.

use async_trait::async_trait;
use specwright_core::TurnRequest;
use specwright_llm::{ChatModel, ModelError, ModelReply};
use tokio::sync::{mpsc, oneshot};

/// A turn the agent waits for: the request, and where the host's reply goes.
pub struct HostAsk {
    pub request: TurnRequest,
    pub reply: oneshot::Sender<String>,
}

/// The model the agent talks to when the host is the interviewer.
pub struct HostModel {
    asks: mpsc::UnboundedSender<HostAsk>,
}

impl HostModel {
    /// The model, and where its requests arrive.
    pub fn new() -> (HostModel, mpsc::UnboundedReceiver<HostAsk>) {
        let (asks, rx) = mpsc::unbounded_channel();
        (HostModel { asks }, rx)
    }
}

#[async_trait]
impl ChatModel for HostModel {
    fn describe(&self) -> String {
        "the host's model (turns submitted with spec_turn)".into()
    }

    async fn complete(&self, request: &TurnRequest) -> specwright_llm::Result<ModelReply> {
        let (reply, answer) = oneshot::channel();
        self.asks
            .send(HostAsk {
                request: request.clone(),
                reply,
            })
            .map_err(|_| ModelError::Cancelled)?;
        // The session let go of the request (the server is stopping): the agent treats
        // it like Ctrl-C, saves the session and stops when its input ends.
        answer
            .await
            .map(ModelReply::new)
            .map_err(|_| ModelError::Cancelled)
    }
}

/// Whether `next` asks again for the turn `previous` asked for, after the reply failed
/// validation: the agent's repair request is the previous request with the invalid reply
/// and the repair message appended.
pub fn is_repair_of(next: &TurnRequest, previous: &TurnRequest) -> bool {
    next.kind == previous.kind
        && next.messages.len() == previous.messages.len() + 2
        && next.messages.starts_with(&previous.messages)
}

#[cfg(test)]
mod tests {
    use super::*;
    use specwright_core::{ChatMessage, TurnContext, TurnKind};

    fn request(messages: Vec<ChatMessage>) -> TurnRequest {
        TurnRequest {
            kind: TurnKind::Interview,
            schema_name: "x".into(),
            schema: serde_json::json!({}),
            messages,
            context: TurnContext {
                kind: TurnKind::Interview,
                phase: specwright_core::Phase::Discovery,
                topic: "t".into(),
                open_topics: vec![],
                asked_questions: vec![],
                answered_group: None,
                answer: None,
                may_ask: true,
                area: None,
                ledger: vec![],
                decisions: vec![],
                open_questions: vec![],
                draft: None,
            },
        }
    }

    #[test]
    fn a_repair_extends_the_previous_request_by_the_reply_and_the_errors() {
        let first = request(vec![ChatMessage::system("s"), ChatMessage::user("u")]);
        let mut repair = first.clone();
        repair.messages.push(ChatMessage::assistant("{}"));
        repair.messages.push(ChatMessage::user("fix it"));
        assert!(is_repair_of(&repair, &first));
        let next_turn = request(vec![ChatMessage::system("s"), ChatMessage::user("u2")]);
        assert!(!is_repair_of(&next_turn, &first));
        let mut other_kind = repair.clone();
        other_kind.kind = TurnKind::Decision;
        assert!(!is_repair_of(&other_kind, &first));
    }

    #[tokio::test]
    async fn complete_waits_for_the_hosts_turn_and_a_dropped_ask_cancels() {
        let (model, mut asks) = HostModel::new();
        let req = request(vec![ChatMessage::user("u")]);
        let waiting = tokio::spawn(async move {
            let first = model.complete(&req).await;
            let second = model.complete(&req).await;
            (first, second)
        });
        let ask = asks.recv().await.unwrap();
        ask.reply.send("{\"a\":1}".into()).unwrap();
        let ask = asks.recv().await.unwrap();
        drop(ask);
        let (first, second) = waiting.await.unwrap();
        assert_eq!(first.unwrap().content, "{\"a\":1}");
        assert_eq!(second, Err(ModelError::Cancelled));
    }
}
