//! The agent's own cost per turn, without a model: building the request, validating the
//! reply, applying it, journaling it (with its fsync) and rendering, measured by replaying
//! the 41-turn fixture.
//!
//! Run: `cargo bench -p specwright-agent --bench overhead`

use std::path::Path;

use criterion::{Criterion, criterion_group, criterion_main};
use specwright_agent::fixture::{Fixture, replay};

fn overhead(c: &mut Criterion) {
    let path =
        Path::new(env!("CARGO_MANIFEST_DIR")).join("../../fixtures/long-alert-routing.jsonl");
    let Ok(fixture) = Fixture::load(&path) else {
        eprintln!("error: cannot load {}", path.display());
        std::process::exit(1);
    };
    let Ok(runtime) = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
    else {
        std::process::exit(1);
    };
    let turns = fixture
        .entries
        .iter()
        .filter(|e| matches!(e, specwright_llm::Entry::Model(_)))
        .count();
    let mut n = 0u64;
    // On the temporary folder's disk (every journal event is fsynced), and on tmpfs where
    // an fsync costs nothing, to show how much of the cost is durability.
    let mut places = vec![("disk", std::env::temp_dir())];
    if Path::new("/dev/shm").is_dir() {
        places.push(("tmpfs", Path::new("/dev/shm").to_path_buf()));
    }
    for (name, dir) in places {
        c.bench_function(&format!("{name}: replay the {turns}-turn interview"), |b| {
            b.iter(|| {
                n += 1;
                let root = dir.join(format!("specwright-overhead-{}-{n}", std::process::id()));
                let _ = std::fs::create_dir_all(&root);
                let result = runtime.block_on(replay(&fixture, &root));
                let _ = std::fs::remove_dir_all(&root);
                assert!(result.is_ok(), "{:?}", result.err().map(|e| e.to_string()));
            })
        });
    }
}

criterion_group! {
    name = benches;
    config = Criterion::default().sample_size(20);
    targets = overhead
}
criterion_main!(benches);
