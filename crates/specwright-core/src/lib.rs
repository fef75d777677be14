//! The rules of a specwright interview, with no I/O: phases and their checklist topics,
//! turn types and their strict schemas, validation of model output, and the session as a
//! fold over journal events.

pub mod decision;
pub mod draft;
pub mod dropped;
pub mod phase;
pub mod provenance;
pub mod request;
pub mod schema;
pub mod session;
pub mod slug;
pub mod turn;
pub mod twin;
pub mod validate;

pub use decision::{Choice, DecidedBy, DecisionArea, DecisionRecord, parse_choice, seed_areas};
pub use phase::{Phase, Topic};
pub use request::{ChatMessage, MessageRole, TurnContext, TurnRequest};
pub use session::{
    Action, Budgets, Event, Interviewer, LedgerFact, Origin, Pending, Session, SessionSettings,
    Usage,
};
pub use turn::*;
