//! The journal reader on any bytes: it returns events or one error, never panics, and a
//! session rebuilt from what it returns never panics either.
#![no_main]

use std::path::Path;

use libfuzzer_sys::fuzz_target;
use specwright_agent::journal::parse;
use specwright_core::Session;

fuzz_target!(|data: &[u8]| {
    if let Ok(loaded) = parse(data, Path::new("fuzz.jsonl")) {
        assert!(loaded.valid_len as usize <= data.len());
        assert_eq!(loaded.events.len(), loaded.lines.len());
        if let Ok(session) = Session::replay(&loaded.events) {
            let _ = session.next_action();
            let _ = session.open_questions();
        }
    }
});
