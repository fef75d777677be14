//! `lint`'s cost per byte must not grow with the spec: every check reads a line a
//! bounded number of times. Ten shapes of input at three sizes each; equal throughput
//! across the sizes of one shape shows the checks are linear in it.
//!
//! - `spec`: a spec in the template, its use cases and operations repeated;
//! - `sections`: a foreign spec of many `## ` sections, each with `### ` subsections,
//!   labels, operations and code (the sections found by their content);
//! - `placeholders`: one line of `{{x}}` (once quadratic: 80,000 took 20 s);
//! - `backticks`: one line of unclosed backtick runs of ever new lengths;
//! - `rows`: one operation holding `| a | b |` and `|---|---|` lines in turn (once
//!   quadratic: each delimiter-like row started a table read to the end; 4,000 pairs
//!   took 1.5 s);
//! - `entities`: a Data Model of many entities, each with its table (once quadratic:
//!   each entity looked through every table of the spec for its own);
//! - `diagrams`: one code block of `sequenceDiagram` lines (once quadratic: each diagram
//!   was read to the end of its block; 80,000 took 112 s);
//! - `hidden`: one bare code block of `## ` lines naming no section, over an inner block
//!   with a language, every template section missing (each heading is looked at in case
//!   a stray fence hid a section; once per missing section, 300,000 took 7.8 s);
//! - `vague`: one non-functional requirement line of vague words, quoted ones and
//!   `etc.` after plain words and after code (once quadratic: each `etc.` looked back to
//!   the line's start for a list of examples, and each vague word counted the quotes
//!   before it; 80,000 took 90 s);
//! - `signatures`: one operation without errors whose code is one line of `Result<`
//!   never closed and `throws ` (each `Result<` looks for its closing bracket only
//!   300 characters on, so the line is not read again from each of them).
//!
//! Run: `cargo bench -p specwright-render --bench lint`

use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use specwright_render::lint::{Outline, lint};

const HEAD: &str = "# Parcel Lockers — Technical Specification\n\n## Overview\n\
- **Problem statement**: Couriers cannot reserve a door.\n\
- **Goals**: Reserve a door before arriving.\n- **Non-goals**: Returns.\n\n";

fn spec(bytes: usize) -> String {
    let mut text = format!("{HEAD}## Use Cases\n");
    let mut i = 1;
    while text.len() < bytes / 2 {
        text.push_str(&format!(
            "### UC-{i}: Courier reserves door {i}\n- **Actor**: Courier\n\
             - **Preconditions**: The courier is signed in.\n- **Flow**:\n  \
             1. The courier picks locker {i}.\n  2. The app reserves a door.\n\
             - **Postconditions**: The door is held for 30 minutes.\n\
             - **Error scenarios**: The locker is full, so the app offers another.\n\n"
        ));
        i += 1;
    }
    text.push_str("## API Contracts\n");
    let mut j = 1;
    while text.len() < bytes {
        text.push_str(&format!(
            "### POST /v1/lockers/{j}/reservations\n- **Method/Interface**: REST\n\
             - **Input**: The parcel's size\n- **Output**: `201 Created` with the door\n\
             - **Errors**: `409` when the locker is full\n\n"
        ));
        j += 1;
    }
    text
}

fn sections(bytes: usize) -> String {
    let mut text = String::from(
        "# Lockers\n\nThe locker service reserves doors for couriers at stations.\n\n",
    );
    let mut i = 1;
    while text.len() < bytes {
        text.push_str(&format!(
            "## Part {i}\n\n### Latency {i}\nReservation latency stays under\n200 ms at p99.\n\
             - Verification: a load test.\n\n### Notes {i}\n- **Key decisions**: Postgres, because rows lock.\n\
             `POST /v1/part/{i}` opens door {i}.\n\n```json\n{{\n  \"id\": {i},\n  \"door\": 3,\n  \"site\": \"x\"\n}}\n```\n\n\
             ## Tool: tool_{i}\n- **Input**: a door\n- **Output**: a code\n\n"
        ));
        i += 1;
    }
    text
}

fn placeholders(bytes: usize) -> String {
    format!("{HEAD}{}\n", "{{x}} ".repeat(bytes / 6))
}

fn backticks(bytes: usize) -> String {
    let mut text = String::from(HEAD);
    let mut length = 1;
    while text.len() < bytes {
        text.push_str(&"`".repeat(length));
        text.push_str(" fast ");
        length += 1;
    }
    text.push('\n');
    text
}

fn rows(bytes: usize) -> String {
    let mut text = format!("{HEAD}## API Contracts\n### POST /v1/lockers\n");
    fill(&mut text, &["| a | b |\n|---|---|\n"], bytes);
    text
}

fn entities(bytes: usize) -> String {
    let mut text = format!("{HEAD}## Data Models\n");
    let mut i = 1;
    while text.len() < bytes {
        text.push_str(&format!(
            "### Locker{i}\n| Field | Type | Constraints | Description |\n|---|---|---|---|\n\
             | id | UUID | PK | The locker's id |\n| doors | integer | 1-64 | How many doors |\n\n"
        ));
        i += 1;
    }
    text
}

fn diagrams(bytes: usize) -> String {
    let mut text = format!("{HEAD}## Flows\n```mermaid\n");
    fill(
        &mut text,
        &["sequenceDiagram\n    App->>Store: save\n"],
        bytes,
    );
    text.push_str("```\n");
    text
}

fn hidden(bytes: usize) -> String {
    let mut text = format!("{HEAD}```\n");
    let mut n = 0usize;
    while text.len() < bytes {
        text.push_str(&format!("## Notes on part {n}\n"));
        n += 1;
    }
    text.push_str("```ts\nlet x = 1;\n```\n");
    text
}

fn vague(bytes: usize) -> String {
    let mut text = format!("{HEAD}## Non-Functional Requirements\n- **Latency**:");
    let words = [
        " fast",
        " \"quick\"",
        " (a, b, c, etc.)",
        " `x`, etc.",
        " USD, EUR, etc.",
    ];
    fill(&mut text, &words, bytes);
    text.push('\n');
    text
}

fn signatures(bytes: usize) -> String {
    let mut text = format!(
        "{HEAD}## API Contracts\n\n### parse_line\n- **Input**: a line\n- **Output**: the items\n\n```rust\n"
    );
    let parts = ["Result<Vec<Item>, ", "throws ", "Result<"];
    fill(&mut text, &parts, bytes);
    text.push_str("\n```\n");
    text
}

/// Appends the parts in turn until the text holds about so many bytes.
fn fill(text: &mut String, parts: &[&str], bytes: usize) {
    for part in parts.iter().cycle() {
        if text.len() >= bytes {
            break;
        }
        text.push_str(part);
    }
}

/// Makes an input of about so many bytes.
type Make = fn(usize) -> String;

fn bench(c: &mut Criterion) {
    let outline = Outline::builtin();
    let shapes: [(&str, Make); 10] = [
        ("spec", spec),
        ("sections", sections),
        ("placeholders", placeholders),
        ("backticks", backticks),
        ("rows", rows),
        ("entities", entities),
        ("diagrams", diagrams),
        ("hidden", hidden),
        ("vague", vague),
        ("signatures", signatures),
    ];
    for (name, make) in shapes {
        let mut group = c.benchmark_group(name);
        group.sample_size(10);
        for size in [64 * 1024, 512 * 1024, 4 * 1024 * 1024] {
            let text = make(size);
            group.throughput(Throughput::Bytes(text.len() as u64));
            group.bench_function(format!("{} KiB", size / 1024), |b| {
                b.iter(|| lint(&text, &outline).len())
            });
        }
        group.finish();
    }
}

criterion_group!(benches, bench);
criterion_main!(benches);
