//! The streamed reply's section scanner: its cost per byte must not grow with the reply
//! (it looks at each byte once, whatever the chunking). Three sizes of one JSON object,
//! fed in 4-byte chunks as a model streams tokens; equal throughput at every size shows
//! the scan is linear.
//!
//! Run: `cargo bench -p specwright-llm --bench sections`

use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use specwright_llm::openai::Sections;

/// A JSON object of about `bytes` bytes: many top-level keys with nested values.
fn reply(bytes: usize) -> String {
    let mut text = String::from("```json\n{");
    let mut i = 0;
    while text.len() < bytes {
        if i > 0 {
            text.push(',');
        }
        text.push_str(&format!(
            "\"section_{i}\": {{\"items\": [\"one, two\", {{\"x\": \"a \\\"quoted\\\" word\"}}], \"note\": \"{}\"}}",
            "text ".repeat(20)
        ));
        i += 1;
    }
    text.push_str("}\n```");
    text
}

fn sections(c: &mut Criterion) {
    let mut group = c.benchmark_group("sections");
    for size in [8 * 1024, 512 * 1024, 8 * 1024 * 1024] {
        let text = reply(size);
        group.throughput(Throughput::Bytes(text.len() as u64));
        group.bench_function(format!("{} KiB in 4-byte chunks", size / 1024), |b| {
            b.iter(|| {
                let mut scanner = Sections::default();
                let mut keys = 0usize;
                for chunk in text.as_bytes().chunks(4) {
                    // The text is ASCII, so every 4-byte chunk is a whole string.
                    if let Ok(chunk) = std::str::from_utf8(chunk) {
                        scanner.feed(chunk, |_, _| keys += 1);
                    }
                }
                keys
            });
        });
    }
    group.finish();
}

criterion_group! {
    name = benches;
    config = Criterion::default().sample_size(10);
    targets = sections
}
criterion_main!(benches);
