//! What an approved session writes: the spec (never over a file it did not write), an ADR
//! per decision, the spec's JSON twin, and the progress note. Every path comes from the
//! project layout, the slug and the ADR numbering.

use std::path::PathBuf;

use chrono::{DateTime, Utc};
use specwright_core::{Event, Session, SpecDraft};
use specwright_render::spec::{
    AdrDocument, PROGRESS_HEADER, ProgressEntry, Renderer, SpecDocument, merged_open_questions,
};

use crate::error::{AgentError, Result};
use crate::files;
use crate::layout::{ProjectLayout, file_name};

/// The spec as it reads now, with links to the ADRs it wrote (`adr_links`: file names).
pub fn render_spec(session: &Session, renderer: &Renderer, adr_links: &[String]) -> Result<String> {
    let default = SpecDraft::default();
    let open = session.open_questions();
    let evidence = session.evidence();
    let doc = SpecDocument {
        title: session.topic(),
        draft: session.draft().unwrap_or(&default),
        decisions: session.decisions(),
        open_questions: &open,
        ledger: &evidence,
        adrs: adr_links,
    };
    Ok(renderer.render_spec(&doc)?)
}

/// The spec as it reads now, linking the ADRs the session wrote before (if any).
pub fn render_current(session: &Session, renderer: &Renderer) -> Result<String> {
    let links: Vec<String> = session
        .adrs()
        .iter()
        .map(|a| file_name(a).to_string())
        .collect();
    render_spec(session, renderer, &links)
}

/// What [`write`] did.
pub struct Written {
    pub spec: PathBuf,
    pub progress: PathBuf,
    /// Every file written, relative to the root.
    pub files: Vec<String>,
    /// The `completed` event to journal.
    pub event: Event,
    /// Sentences for the person, e.g. that an existing spec was kept.
    pub notices: Vec<String>,
}

/// Writes the approved spec, its ADRs and JSON twin, and the progress note.
pub fn write(
    session: &Session,
    layout: &ProjectLayout,
    renderer: &Renderer,
    at: DateTime<Utc>,
) -> Result<Written> {
    let mut notices = Vec::new();
    let spec = match session.spec_path() {
        // A reopened session replaces the spec it wrote: the person saw the diff and approved.
        Some(rel) => layout.resolve(rel),
        None => {
            let slug = files::free_slug(layout, session.slug());
            if slug != session.slug() {
                notices.push(format!(
                    "{} already exists and is kept; this spec goes to {}.",
                    layout.relative(&layout.spec_path(session.slug())),
                    layout.relative(&layout.spec_path(&slug)),
                ));
            }
            layout.spec_path(&slug)
        }
    };
    let spec_rel = layout.relative(&spec);
    let spec_file = file_name(&spec_rel).to_string();
    let spec_stem = spec_file.trim_end_matches("-spec.md").to_string();
    // A revision rewrites the ADRs it wrote before; a new spec takes the next free numbers.
    let adrs: Vec<String> = if session.adrs().len() == session.decisions().len() {
        session.adrs().to_vec()
    } else {
        let first = files::next_adr_number(&layout.spec_dir());
        session
            .decisions()
            .iter()
            .enumerate()
            .map(|(i, d)| {
                let name = format!(
                    "adr-{:03}-{spec_stem}-{}.md",
                    first + i,
                    d.area_key.replace('_', "-")
                );
                layout.relative(&layout.adr_path(&name))
            })
            .collect()
    };
    let links: Vec<String> = adrs.iter().map(|a| file_name(a).to_string()).collect();
    let markdown = render_spec(session, renderer, &links)?;
    if session.spec_path().is_some() {
        files::write_atomic(&spec, &markdown)?;
    } else {
        files::write_new_atomic(&spec, &markdown)?;
    }
    let mut written = vec![spec_rel.clone()];
    for (i, record) in session.decisions().iter().enumerate() {
        let why = session
            .areas()
            .iter()
            .find(|a| a.key == record.area_key)
            .map(|a| a.why.as_str())
            .unwrap_or("");
        let text = renderer.render_adr(&AdrDocument {
            number: adr_number(&links[i]),
            title: session.topic(),
            date: at.date_naive(),
            spec_file: &spec_file,
            area_why: why,
            record,
        })?;
        files::write_atomic(&layout.resolve(&adrs[i]), &text)?;
        written.push(adrs[i].clone());
    }
    let draft = session.draft().cloned().unwrap_or_default();
    let open = merged_open_questions(&draft, &session.open_questions());
    let twin = specwright_core::twin::build(session, &draft, &open, &links);
    let json = serde_json::to_string_pretty(&twin).map_err(|source| AgentError::Encode {
        what: "the spec's JSON twin",
        source,
    })?;
    let twin_path = spec.with_file_name(format!("{spec_stem}-spec.json"));
    files::write_atomic(&twin_path, &(json + "\n"))?;
    written.push(layout.relative(&twin_path));
    let entry = renderer.render_progress_entry(&ProgressEntry {
        date: at.date_naive(),
        title: session.topic(),
        spec_path: &spec_rel,
        use_cases: draft.use_cases.len(),
        decisions: session.decisions().len(),
        open_questions: open.len(),
    })?;
    let progress = layout.progress_path();
    files::append_progress(&progress, PROGRESS_HEADER, &entry)?;
    written.push(layout.relative(&progress));
    Ok(Written {
        spec,
        progress,
        files: written,
        event: Event::Completed {
            spec_path: spec_rel,
            adrs,
            at,
        },
        notices,
    })
}

/// `adr-007-x.md` → 7.
fn adr_number(name: &str) -> usize {
    name.trim_start_matches("adr-")
        .split('-')
        .next()
        .and_then(|n| n.parse().ok())
        .unwrap_or(0)
}

/// A unified diff of two renderings of the spec; empty when they are the same.
pub fn spec_diff(old: &str, new: &str) -> String {
    if old == new {
        return String::new();
    }
    similar::TextDiff::from_lines(old, new)
        .unified_diff()
        .context_radius(2)
        .header("spec before", "spec after")
        .to_string()
}
