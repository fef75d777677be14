//! Prompt tokens: specwright's context strategy against the naive one that resends the
//! whole transcript every turn, replaying every fixture, counted with o200k_base.
//!
//! Run: `cargo bench -p specwright-agent --bench tokens` (the dev profile is as good for
//! this: it counts tokens, not time). `SPECWRIGHT_BENCH_DUMP=DIR` also writes every
//! request (schema and messages) to `DIR/<fixture>/<n>.txt`, to read what was sent.
//!
//! Per fixture it reports:
//! - specwright's prompt tokens (every message sent; the schema is the same for both
//!   strategies and is left out) against the naive baseline: the same system prompt, the
//!   whole transcript so far (every model reply and user line) and the same task;
//! - flatness: within a phase, the last request of a kind of turn against the first;
//! - prefix reuse: within a phase, the median share of the previous request (by tokens)
//!   that the next one repeats from its start, as OpenAI's prompt cache sees it (the
//!   schema first, then the messages) and as llama.cpp's or vLLM's KV cache sees it (the
//!   messages; the schema becomes a grammar outside the prompt), with the worst phase;
//! - what a prefix cache cannot reuse: over the whole interview, the message tokens of
//!   each request past the start it shares with the one before (llama.cpp's and vLLM's
//!   view; the first request counts whole). A ratio above is a share of each request;
//!   this is the work a server with a KV cache still does;
//! - the schema's share of everything sent (schema and messages).

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use specwright_agent::fixture::{Fixture, replay_collecting};
use specwright_core::{Phase, TurnKind, TurnRequest};
use specwright_llm::Entry;

fn fixtures() -> Vec<PathBuf> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../fixtures");
    let mut out: Vec<PathBuf> = std::fs::read_dir(dir)
        .map(|d| d.flatten().map(|e| e.path()).collect())
        .unwrap_or_default();
    out.retain(|p| p.extension().is_some_and(|e| e == "jsonl"));
    out.sort();
    out
}

fn joined(request: &TurnRequest) -> String {
    request
        .messages
        .iter()
        .map(|m| m.content.as_str())
        .collect::<Vec<_>>()
        .join("\n")
}

fn schema_text(request: &TurnRequest) -> String {
    serde_json::to_string(&request.schema).unwrap_or_default()
}

/// What OpenAI's prompt cache sees of a request: the structured-output schema, which it
/// caches as a prefix to the system message, then every message in order.
fn openai_text(request: &TurnRequest) -> String {
    format!("{}\n{}", schema_text(request), joined(request))
}

/// The longest common prefix of two texts, cut at a character boundary.
fn common_prefix<'a>(a: &'a str, b: &str) -> &'a str {
    let mut end = 0;
    for ((i, x), y) in a.char_indices().zip(b.chars()) {
        if x != y {
            break;
        }
        end = i + x.len_utf8();
    }
    &a[..end]
}

fn median(values: &[f64]) -> f64 {
    let mut values = values.to_vec();
    if values.is_empty() {
        return f64::NAN;
    }
    values.sort_by(|a, b| a.total_cmp(b));
    let mid = values.len() / 2;
    if values.len().is_multiple_of(2) {
        (values[mid - 1] + values[mid]) / 2.0
    } else {
        values[mid]
    }
}

/// The message tokens a KV cache cannot reuse: each request's tokens past the start it
/// shares with the request before it.
fn fresh_tokens(requests: &[TurnRequest], tokens: &impl Fn(&str) -> usize) -> usize {
    let mut previous = String::new();
    let mut out = 0;
    for r in requests {
        let text = joined(r);
        out += tokens(&text).saturating_sub(tokens(common_prefix(&text, &previous)));
        previous = text;
    }
    out
}

/// Prefix reuse within each phase: every share, and the median of the worst phase.
struct Reuse {
    shares: Vec<f64>,
    worst: (f64, String),
}

fn reuse(
    requests: &[TurnRequest],
    text: impl Fn(&TurnRequest) -> String,
    tokens: &impl Fn(&str) -> usize,
) -> Reuse {
    let mut shares = Vec::new();
    let mut by_phase: BTreeMap<usize, (Phase, Vec<f64>)> = BTreeMap::new();
    for pair in requests.windows(2) {
        if pair[0].context.phase != pair[1].context.phase {
            continue;
        }
        let (a, b) = (text(&pair[0]), text(&pair[1]));
        let share = tokens(common_prefix(&a, &b)) as f64 / tokens(&a).max(1) as f64;
        shares.push(share);
        by_phase
            .entry(pair[0].context.phase.number())
            .or_insert((pair[0].context.phase, Vec::new()))
            .1
            .push(share);
    }
    let worst = by_phase
        .values()
        .map(|(p, v)| (median(v), p.title().to_string()))
        .fold(
            (1.0, String::new()),
            |acc, x| if x.0 < acc.0 { x } else { acc },
        );
    Reuse { shares, worst }
}

struct Row {
    name: String,
    turns: usize,
    ours: usize,
    naive: usize,
    /// The largest last/first within a phase, among requests of the same kind.
    flat: (f64, String),
    openai: Reuse,
    local: Reuse,
    fresh: usize,
    schema: usize,
}

fn percent(x: f64) -> String {
    if x.is_nan() {
        "-".to_string()
    } else {
        format!("{:.0}%", 100.0 * x)
    }
}

fn kind_name(kind: TurnKind) -> &'static str {
    kind.key()
}

fn dump(dir: &str, path: &Path, requests: &[TurnRequest], tokens: &impl Fn(&str) -> usize) {
    let stem = path
        .file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_default();
    let dir = Path::new(dir).join(stem);
    let _ = std::fs::create_dir_all(&dir);
    for (i, r) in requests.iter().enumerate() {
        let messages: Vec<String> = r
            .messages
            .iter()
            .map(|m| format!("---- {:?}\n{}", m.role, m.content))
            .collect();
        let text = format!(
            "{} {}: schema {} tokens, messages {} tokens\n==== schema\n{}\n==== messages\n{}\n",
            kind_name(r.kind),
            r.context.phase.title(),
            tokens(&schema_text(r)),
            tokens(&joined(r)),
            serde_json::to_string_pretty(&r.schema).unwrap_or_default(),
            messages.join("\n")
        );
        let _ = std::fs::write(dir.join(format!("{i:02}.txt")), text);
    }
}

fn main() {
    let bpe = match tiktoken_rs::o200k_base() {
        Ok(b) => b,
        Err(e) => {
            eprintln!("error: cannot load the o200k_base tokenizer: {e}");
            std::process::exit(1);
        }
    };
    let tokens = |s: &str| bpe.encode_with_special_tokens(s).len();
    let runtime = match tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
    {
        Ok(r) => r,
        Err(e) => {
            eprintln!("error: {e}");
            std::process::exit(1);
        }
    };
    let mut rows = Vec::new();
    for path in fixtures() {
        let fixture = match Fixture::load(&path) {
            Ok(f) => f,
            Err(e) => {
                eprintln!("error: {e}");
                std::process::exit(1);
            }
        };
        let root = std::env::temp_dir().join(format!("specwright-bench-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&root);
        let _ = std::fs::create_dir_all(&root);
        let requests = match runtime.block_on(replay_collecting(&fixture, &root)) {
            Ok((_, r)) => r,
            Err(e) => {
                eprintln!("error: {e}");
                std::process::exit(1);
            }
        };
        let _ = std::fs::remove_dir_all(&root);
        if let Ok(dir) = std::env::var("SPECWRIGHT_BENCH_DUMP") {
            dump(&dir, &path, &requests, &tokens);
        }
        // The naive agent sends the system prompt, everything said so far, and the task.
        let mut history = String::new();
        let mut model_index = 0;
        let mut naive = 0;
        for entry in &fixture.entries {
            match entry {
                Entry::Model(reply) => {
                    if let Some(request) = requests.get(model_index) {
                        let system = request
                            .messages
                            .first()
                            .map(|m| m.content.as_str())
                            .unwrap_or("");
                        let user = request
                            .messages
                            .get(1)
                            .map(|m| m.content.as_str())
                            .unwrap_or("");
                        let task = user.split("## Your task").nth(1).unwrap_or("");
                        naive += tokens(system) + tokens(&history) + tokens(task);
                    }
                    model_index += 1;
                    history.push_str(&reply.content);
                    history.push('\n');
                }
                Entry::User { text, .. } => {
                    history.push_str(text);
                    history.push('\n');
                }
            }
        }
        let ours_each: Vec<usize> = requests.iter().map(|r| tokens(&joined(r))).collect();
        let ours: usize = ours_each.iter().sum();
        // Flatness: the last turn of a kind within a phase against the first. Repair
        // requests (which carry the rejected reply back) are retries within a turn. A
        // draft and the revision that fills its holes are different turns: the revision
        // carries the draft.
        let mut by_phase: BTreeMap<(usize, &str), (String, usize, usize)> = BTreeMap::new();
        for (r, n) in requests
            .iter()
            .zip(&ours_each)
            .filter(|(r, _)| r.messages.len() == 2)
        {
            let label = format!("{}, {}", r.context.phase.title(), kind_name(r.kind));
            let e = by_phase
                .entry((r.context.phase.number(), kind_name(r.kind)))
                .or_insert((label, *n, *n));
            e.2 = *n;
        }
        let flat = by_phase
            .values()
            .map(|(label, first, last)| (*last as f64 / (*first).max(1) as f64, label.clone()))
            .fold(
                (0.0, String::new()),
                |acc, x| if x.0 > acc.0 { x } else { acc },
            );
        let schema: usize = requests.iter().map(|r| tokens(&schema_text(r))).sum();
        rows.push(Row {
            name: path
                .file_name()
                .map(|n| n.to_string_lossy().into_owned())
                .unwrap_or_default(),
            turns: requests.len(),
            ours,
            naive,
            flat,
            openai: reuse(&requests, openai_text, &tokens),
            local: reuse(&requests, joined, &tokens),
            fresh: fresh_tokens(&requests, &tokens),
            schema,
        });
    }
    println!(
        "| fixture | model turns | specwright prompt tokens | naive prompt tokens | specwright / naive | largest last/first within a phase (same kind of turn) | prefix repeated within a phase, schema first (OpenAI): median; worst phase | the same, messages only (llama.cpp, vLLM) | tokens a prefix cache cannot reuse | schema share of what is sent |"
    );
    println!("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|");
    for r in &rows {
        println!(
            "| {} | {} | {} | {} | {:.0}% | {:.2}x ({}) | {}; {} ({}) | {}; {} ({}) | {} | {:.0}% |",
            r.name,
            r.turns,
            r.ours,
            r.naive,
            100.0 * r.ours as f64 / r.naive.max(1) as f64,
            r.flat.0,
            r.flat.1,
            percent(median(&r.openai.shares)),
            percent(r.openai.worst.0),
            r.openai.worst.1,
            percent(median(&r.local.shares)),
            percent(r.local.worst.0),
            r.local.worst.1,
            r.fresh,
            100.0 * r.schema as f64 / (r.schema + r.ours).max(1) as f64,
        );
    }
    let sum = |f: fn(&Row) -> usize| rows.iter().map(f).sum::<usize>();
    let (ours, naive, schema, turns, fresh) = (
        sum(|r| r.ours),
        sum(|r| r.naive),
        sum(|r| r.schema),
        sum(|r| r.turns),
        sum(|r| r.fresh),
    );
    let all = |f: fn(&Row) -> &Reuse| {
        rows.iter()
            .flat_map(|r| f(r).shares.iter().copied())
            .collect::<Vec<f64>>()
    };
    let worst_flat = rows.iter().map(|r| r.flat.0).fold(0.0, f64::max);
    println!(
        "| **all fixtures** | {turns} | {ours} | {naive} | {:.0}% | {worst_flat:.2}x | {} | {} | {fresh} | {:.0}% |",
        100.0 * ours as f64 / naive.max(1) as f64,
        percent(median(&all(|r| &r.openai))),
        percent(median(&all(|r| &r.local))),
        100.0 * schema as f64 / (schema + ours).max(1) as f64,
    );
}
