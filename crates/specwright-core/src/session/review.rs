//! The draft before and during review: the questions about its holes, the list of items
//! it adds that the user did not say (keep, edit or drop each), review feedback and
//! edits the user made in their editor.

use super::{Pending, Session};
use crate::gaps;
use crate::items::{self, DraftItem, ItemPath};
use crate::phase::Phase;
use crate::provenance::{BasisKind, Registry, Source};
use crate::reply::Confirmation;
use crate::turn::{Revision, SpecDraft};

use super::SessionError;

impl Session {
    /// The id the unprocessed answer at the draft was recorded under (`R<n>`): what the
    /// items it adds or changes rest on.
    pub fn answer_id(&self) -> Option<String> {
        let turn = self.unprocessed_answer?;
        self.draft_basis
            .iter()
            .rev()
            .find(|b| b.turn == Some(turn) && b.kind == BasisKind::Feedback)
            .map(|b| b.id.clone())
    }

    /// The items of the current draft that rest on nothing the user said.
    pub fn inferred_items(&self) -> Vec<DraftItem> {
        let Some(draft) = &self.draft else {
            return Vec::new();
        };
        let evidence = self.evidence();
        let registry = Registry::new(&evidence);
        items::items(draft)
            .into_iter()
            .filter(|i| registry.provenance(&i.rests_on).is_inferred())
            .collect()
    }

    pub(super) fn apply_draft(&mut self, draft: &SpecDraft) {
        self.draft = Some(draft.clone());
        if self.legacy {
            self.enter(Phase::Iteration);
            self.say_agent("The draft specification is ready for review.".into());
            self.pending = Some(Pending::Review);
            return;
        }
        self.say_agent("The draft specification is written.".into());
        self.settle_draft();
    }

    pub(super) fn apply_revision(&mut self, revision: &Revision) {
        self.unprocessed_answer = None;
        self.last_group = None;
        self.draft = Some(revision.draft.clone());
        self.revisions.push(revision.summary.clone());
        self.say_agent(format!("Revised: {}", revision.summary));
        if self.legacy {
            self.pending = Some(Pending::Review);
        } else {
            self.settle_draft();
        }
    }

    /// What the draft waits for: the questions about its holes (once, before it is
    /// shown), then the list of items it adds, then review.
    pub(super) fn settle_draft(&mut self) {
        if self.legacy {
            return;
        }
        let Some(draft) = &self.draft else {
            return;
        };
        if self.phase == Phase::Draft && !self.details_asked {
            self.details_asked = true;
            let holes = gaps::gaps(draft, &self.skipped);
            if let Some(group) = gaps::details_group(&holes) {
                let mut text = group.title.clone();
                for (i, q) in group.questions.iter().enumerate() {
                    text.push_str(&format!("\n{}. {}", i + 1, q.text));
                }
                self.say_agent(text);
                self.last_group = Some(group.clone());
                self.pending = Some(Pending::Details(group));
                return;
            }
        }
        let inferred = self.inferred_items();
        if !inferred.is_empty() {
            let mut text = format!(
                "The draft adds {} you did not say: keep, edit or drop each.",
                things(inferred.len())
            );
            for (i, item) in inferred.iter().enumerate() {
                text.push_str(&format!("\n{}. {}: {}", i + 1, item.label, item.text));
            }
            self.say_agent(text);
            self.pending = Some(Pending::Confirm(inferred));
            return;
        }
        if self.phase == Phase::Draft {
            self.enter(Phase::Iteration);
        }
        self.pending = Some(Pending::Review);
    }

    /// Keeps, edits and drops the listed items: kept ones rest on the confirmation (the
    /// user accepted them), edited ones on the user's words.
    pub(super) fn apply_confirmation(
        &mut self,
        listed: &[DraftItem],
        reply: &Confirmation,
        at: usize,
    ) {
        let Some(mut draft) = self.draft.take() else {
            return;
        };
        let current: Vec<ItemPath> = items::items(&draft).into_iter().map(|i| i.path).collect();
        let path = |n: usize| listed.get(n - 1).map(|i| i.path);
        let dropped: Vec<ItemPath> = reply.drop.iter().filter_map(|n| path(*n)).collect();
        let edited: Vec<usize> = reply.edit.iter().map(|(n, _)| *n).collect();
        let kept: Vec<ItemPath> = (1..=listed.len())
            .filter(|n| !reply.drop.contains(n) && !edited.contains(n))
            .filter_map(path)
            .filter(|p| current.contains(p))
            .collect();
        if !kept.is_empty() {
            let text = format!(
                "The user kept {} the draft added: {}",
                things(kept.len()),
                listed
                    .iter()
                    .filter(|i| kept.contains(&i.path))
                    .map(|i| i.label.as_str())
                    .collect::<Vec<_>>()
                    .join(", ")
            );
            let id = self.push_draft_basis(BasisKind::Confirmation, Source::Accepted, &text, at);
            for p in &kept {
                if let Some(ids) = items::rests_on_mut(&mut draft, *p) {
                    *ids = vec![id.clone()];
                }
            }
        }
        for (n, words) in &reply.edit {
            let Some(p) = path(*n) else { continue };
            let id = self.push_draft_basis(BasisKind::Feedback, Source::Stated, words, at);
            items::set_text(&mut draft, p, words);
            if let Some(ids) = items::rests_on_mut(&mut draft, p) {
                *ids = vec![id];
            }
        }
        items::remove(&mut draft, &dropped);
        self.draft = Some(draft);
        self.settle_draft();
    }

    /// Takes back a draft the user changed in their editor: an item that reads as before
    /// keeps what it rested on; a new or changed one rests on the edit (the user's words).
    pub(super) fn apply_edited(&mut self, edited: &SpecDraft) -> Result<(), SessionError> {
        if self.pending != Some(Pending::Review) {
            return Err(SessionError::OutOfOrder(
                "edited",
                "the draft can be edited only while it is under review".into(),
            ));
        }
        let before: Vec<DraftItem> = self.draft.as_ref().map(items::items).unwrap_or_default();
        let at = self.push_user("/edit");
        let id = self.push_draft_basis(
            BasisKind::Feedback,
            Source::Stated,
            "The user edited the draft in their editor.",
            at,
        );
        let mut draft = edited.clone();
        for item in items::items(edited) {
            let same = before.iter().find(|b| {
                same_kind(b.path, item.path) && b.label == item.label && b.text == item.text
            });
            let ids = match same {
                Some(b) => b.rests_on.clone(),
                None => vec![id.clone()],
            };
            if let Some(slot) = items::rests_on_mut(&mut draft, item.path) {
                *slot = ids;
            }
        }
        self.draft = Some(draft);
        self.revisions.push("Edited by the user.".into());
        self.settle_draft();
        Ok(())
    }
}

fn same_kind(a: ItemPath, b: ItemPath) -> bool {
    std::mem::discriminant(&a) == std::mem::discriminant(&b)
}

/// "1 thing", "6 things".
fn things(n: usize) -> String {
    if n == 1 {
        "1 thing".into()
    } else {
        format!("{n} things")
    }
}
