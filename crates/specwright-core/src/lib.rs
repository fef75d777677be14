//! The rules of a specwright interview, with no I/O: phases and their checklist topics,
//! turn types and their strict schemas, validation of model output, and the session as a
//! fold over journal events.

pub mod decision;
pub mod draft;
pub mod dropped;
pub mod existing;
pub mod gaps;
pub mod items;
pub mod phase;
pub mod provenance;
pub mod reply;
pub mod request;
pub mod revise;
pub mod schema;
pub mod session;
pub mod slug;
pub mod turn;
pub mod twin;
pub mod validate;

pub use decision::{Choice, DecidedBy, DecisionArea, DecisionRecord, parse_choice, seed_areas};
pub use items::{DraftItem, ItemPath};
pub use phase::{Phase, Topic};
pub use provenance::{Basis, BasisKind, Provenance, Source};
pub use request::{ChatMessage, MessageRole, TurnContext, TurnRequest};
pub use session::{
    Action, Budgets, Coverage, Event, Interviewer, LedgerFact, Pending, PhaseStart, Session,
    SessionSettings, Unknown, Usage,
};
pub use turn::*;
