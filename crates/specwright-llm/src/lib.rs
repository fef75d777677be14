//! Model providers for specwright. Every provider implements [`ChatModel`]; the agent
//! validates whatever comes back.

pub mod error;
pub mod model;
pub mod offline;
pub mod openai;
pub mod replay;

pub use error::{ModelError, Result};
pub use model::{ChatModel, ModelReply};
pub use offline::OfflineModel;
pub use replay::{Entry, RecordedReply, ReplayModel, Script, SharedScript};
