//! specwright-render's integration tests, linked into one test binary.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod suite;
