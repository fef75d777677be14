//! Everything specwright writes for people to read: the spec, the progress note, and the
//! checks a spec must pass.

pub mod escape;
pub mod lint;
pub mod parse;
pub mod read;
pub mod spec;
