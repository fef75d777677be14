//! specwright-llm's integration tests, linked into one test binary: the OpenAI-compatible
//! client against mock servers it starts on 127.0.0.1. Shared set-up lives in `support`.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod suite;
mod support;
