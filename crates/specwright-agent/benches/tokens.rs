//! Prompt tokens: specwright's context strategy against the naive one that resends the
//! whole transcript every turn, replaying every fixture, counted with o200k_base.
//!
//! Run: `cargo bench -p specwright-agent --bench tokens`

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use specwright_agent::fixture::{Fixture, replay_collecting};
use specwright_core::{Phase, TurnRequest};
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

/// What a prefix cache sees of a request: the schema (OpenAI caches a structured-output
/// schema as a prefix to the system message; llama.cpp and vLLM turn it into a grammar
/// outside the prompt, which costs them nothing), then every message in order.
fn cached_text(request: &TurnRequest) -> String {
    let schema = serde_json::to_string(&request.schema).unwrap_or_default();
    format!("{schema}\n{}", joined(request))
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

fn median(values: &mut [f64]) -> f64 {
    if values.is_empty() {
        return 0.0;
    }
    values.sort_by(|a, b| a.total_cmp(b));
    let mid = values.len() / 2;
    if values.len().is_multiple_of(2) {
        (values[mid - 1] + values[mid]) / 2.0
    } else {
        values[mid]
    }
}

struct Row {
    name: String,
    turns: usize,
    ours: usize,
    naive: usize,
    flat: f64,
    flat_phase: String,
    /// Median share (by tokens) of the previous request, within the same phase, that the
    /// next one repeats from its start, schema included.
    prefix: f64,
    /// The lowest of the per-phase medians, and its phase.
    prefix_worst: (f64, String),
    /// The schema's share of everything sent (schema + messages), by tokens.
    schema_share: f64,
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
        // The naive agent sends the system prompt, everything said so far, and the task.
        let mut history = String::new();
        let mut model_index = 0;
        let mut naive = 0;
        let mut naive_tokens = Vec::new();
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
                        let n = tokens(system) + tokens(&history) + tokens(task);
                        naive += n;
                        naive_tokens.push(n);
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
        // Flatness: the last turn of a phase against its first. Repair requests (which
        // carry the rejected reply back) are retries within a turn, not turns.
        let mut by_phase: BTreeMap<usize, (Phase, usize, usize)> = BTreeMap::new();
        for (r, n) in requests
            .iter()
            .zip(&ours_each)
            .filter(|(r, _)| r.messages.len() == 2)
        {
            let e = by_phase
                .entry(r.context.phase.number())
                .or_insert((r.context.phase, *n, *n));
            e.2 = *n;
        }
        let (flat_phase, flat) = by_phase
            .values()
            .map(|(p, first, last)| (p.title().to_string(), *last as f64 / (*first).max(1) as f64))
            .fold(
                (String::new(), 0.0),
                |acc, x| if x.1 > acc.1 { x } else { acc },
            );
        // Prefix reuse: how much of the previous request of the same phase the next one
        // repeats from its start (what a server's prefix cache can reuse), by tokens.
        let mut shares = Vec::new();
        let mut by_phase_shares: BTreeMap<usize, (Phase, Vec<f64>)> = BTreeMap::new();
        for pair in requests.windows(2) {
            if pair[0].context.phase != pair[1].context.phase {
                continue;
            }
            let (a, b) = (cached_text(&pair[0]), cached_text(&pair[1]));
            let share = tokens(common_prefix(&a, &b)) as f64 / tokens(&a).max(1) as f64;
            shares.push(share);
            by_phase_shares
                .entry(pair[0].context.phase.number())
                .or_insert((pair[0].context.phase, Vec::new()))
                .1
                .push(share);
        }
        let prefix = median(&mut shares);
        let prefix_worst = by_phase_shares
            .values_mut()
            .map(|(p, v)| (median(v), p.title().to_string()))
            .fold(
                (1.0, String::new()),
                |acc, x| if x.0 < acc.0 { x } else { acc },
            );
        let schema_tokens: usize = requests
            .iter()
            .map(|r| tokens(&serde_json::to_string(&r.schema).unwrap_or_default()))
            .sum();
        let schema_share = schema_tokens as f64 / (schema_tokens + ours).max(1) as f64;
        rows.push(Row {
            name: path
                .file_name()
                .map(|n| n.to_string_lossy().into_owned())
                .unwrap_or_default(),
            turns: requests.len(),
            ours,
            naive,
            flat,
            flat_phase,
            prefix,
            prefix_worst,
            schema_share,
        });
    }
    println!(
        "| fixture | model turns | specwright prompt tokens | naive prompt tokens | specwright / naive | largest last/first within a phase | prefix repeated within a phase (median; worst phase) | schema share of what is sent |"
    );
    println!("|---|---:|---:|---:|---:|---:|---:|---:|");
    for r in &rows {
        println!(
            "| {} | {} | {} | {} | {:.0}% | {:.2}x ({}) | {:.0}%; {:.0}% ({}) | {:.0}% |",
            r.name,
            r.turns,
            r.ours,
            r.naive,
            100.0 * r.ours as f64 / r.naive.max(1) as f64,
            r.flat,
            r.flat_phase,
            100.0 * r.prefix,
            100.0 * r.prefix_worst.0,
            r.prefix_worst.1,
            100.0 * r.schema_share,
        );
    }
    let (ours, naive): (usize, usize) = rows
        .iter()
        .fold((0, 0), |a, r| (a.0 + r.ours, a.1 + r.naive));
    let turns: usize = rows.iter().map(|r| r.turns).sum();
    println!(
        "| **total** | {turns} | {ours} | {naive} | {:.0}% | | |",
        100.0 * ours as f64 / naive.max(1) as f64
    );
}
