//! The binary's end-to-end tests, linked into one test binary: over a pipe, over a
//! pseudo-terminal, against a mock OpenAI server, killed mid-write, and against a real
//! local model. Shared set-up lives in `common`.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;
mod suite;
