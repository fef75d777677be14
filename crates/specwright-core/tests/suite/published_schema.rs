//! docs/spec-json.schema.json is the published schema of the spec's JSON twin; it must
//! be exactly what the code generates. Regenerate with SPECWRIGHT_BLESS=1.

#[test]
fn the_published_twin_schema_matches_the_code() {
    let path =
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../docs/spec-json.schema.json");
    let generated =
        serde_json::to_string_pretty(&specwright_core::twin::twin_schema()).unwrap() + "\n";
    if std::env::var_os("SPECWRIGHT_BLESS").is_some() {
        std::fs::write(&path, &generated).unwrap();
    }
    let published = std::fs::read_to_string(&path).unwrap_or_default();
    assert!(
        published == generated,
        "{} is out of date: run `SPECWRIGHT_BLESS=1 cargo test -p specwright-core --test published_schema`",
        path.display()
    );
}
