//! What an approved session writes: the spec (never over a file it did not write), an ADR
//! per decision, the spec's JSON twin, and its entry in the progress note.
//!
//! Writing is a transaction. Under the project lock the file names are chosen (from the
//! slug and the ADR numbering, never from a file) and journaled before anything is
//! written; a crash part-way leaves a journal from which `resume` writes the same files
//! again. Paths recorded in a journal are only compared with the ones derived here: one
//! that does not match stops with a sentence naming the journal line, and nothing is
//! written.

use std::collections::BTreeSet;
use std::path::PathBuf;

use chrono::{DateTime, Utc};
use sha2::{Digest, Sha256};
use specwright_core::{Event, Session, SpecDraft};
use specwright_render::spec::{
    AdrDocument, PROGRESS_HEADER, ProgressEntry, Renderer, SpecDocument, merged_open_questions,
};

use crate::error::{AgentError, Result};
use crate::files;
use crate::journal::Journal;
use crate::layout::{ProjectLayout, file_name};
use crate::lock::ProjectLock;

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

/// SHA-256 of a text, in hex.
pub fn sha256_hex(text: &str) -> String {
    Sha256::digest(text.as_bytes())
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

/// The file names a session's outputs get, derived from its slug and ADR numbers.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Names {
    /// `url-shortener` or `url-shortener-2`.
    stem: String,
    spec_rel: String,
    /// Root-relative ADR paths, in decision order.
    adrs: Vec<String>,
}

impl Names {
    fn derive(layout: &ProjectLayout, session: &Session, stem: &str, first_adr: usize) -> Names {
        let adrs = session
            .decisions()
            .iter()
            .enumerate()
            .map(|(i, d)| {
                let name = ProjectLayout::adr_file_name(first_adr + i, stem, &d.area_key);
                layout.relative(&layout.adr_path(&name))
            })
            .collect();
        Names {
            stem: stem.to_string(),
            spec_rel: layout.relative(&layout.spec_path(stem)),
            adrs,
        }
    }

    /// The names a journal recorded, if they are exactly the ones this layout derives for
    /// the session; `Err` says which one is not.
    fn check(
        layout: &ProjectLayout,
        session: &Session,
        spec_rel: &str,
        adrs: &[String],
    ) -> std::result::Result<Names, (&'static str, String)> {
        let stem = layout
            .spec_stem_of(session.slug(), spec_rel)
            .ok_or(("the spec path", spec_rel.to_string()))?;
        let mut names = Names::derive(layout, session, &stem, 1);
        if adrs.len() != session.decisions().len() && !adrs.is_empty() {
            return Err(("ADR paths", adrs.join(", ")));
        }
        if adrs.is_empty() {
            names.adrs.clear();
            return Ok(names);
        }
        for (i, (recorded, d)) in adrs.iter().zip(session.decisions()).enumerate() {
            let number = files::adr_number(file_name(recorded)).unwrap_or(0);
            let name = ProjectLayout::adr_file_name(number, &stem, &d.area_key);
            let derived = layout.relative(&layout.adr_path(&name));
            if number == 0 || *recorded != derived {
                return Err(("an ADR path", recorded.clone()));
            }
            names.adrs[i] = derived;
        }
        Ok(names)
    }
}

/// The journal line of the last event `is` picks, for messages.
fn last_line(journal: &Journal, is: impl Fn(&Event) -> bool) -> usize {
    journal
        .events()
        .iter()
        .rposition(is)
        .and_then(|i| journal.line_of(i))
        .unwrap_or(0)
}

/// The recorded names, checked against the derived ones; an error names the journal line
/// of the last event `is` picks.
fn checked(
    layout: &ProjectLayout,
    session: &Session,
    journal: &Journal,
    (spec, adrs): (&str, &[String]),
    is: impl Fn(&Event) -> bool,
) -> Result<Names> {
    Names::check(layout, session, spec, adrs).map_err(|(what, recorded)| AgentError::RecordedPath {
        path: journal.path().to_path_buf(),
        line: last_line(journal, is),
        what,
        recorded,
    })
}

fn is_completed(e: &Event) -> bool {
    matches!(e, Event::Completed { .. })
}

fn is_planned(e: &Event) -> bool {
    matches!(e, Event::OutputsPlanned { .. })
}

/// Checks every path a session's journal recorded against the derived ones; called when a
/// session is opened, before anything is asked or written.
pub fn check_recorded_paths(
    layout: &ProjectLayout,
    session: &Session,
    journal: &Journal,
) -> Result<()> {
    if !crate::layout::is_slug(session.slug()) {
        return Err(AgentError::RecordedPath {
            path: journal.path().to_path_buf(),
            line: last_line(journal, |e| matches!(e, Event::Started { .. })),
            what: "the slug",
            recorded: session.slug().to_string(),
        });
    }
    if let Some(spec) = session.spec_path() {
        checked(
            layout,
            session,
            journal,
            (spec, session.adrs()),
            is_completed,
        )?;
    }
    if let Some(planned) = session.planned_outputs() {
        checked(layout, session, journal, planned, is_planned)?;
    }
    Ok(())
}

/// File names other sessions chose and journaled but have not finished writing: taken,
/// so two interviews never share a spec file or an ADR number.
fn reserved_by_others(layout: &ProjectLayout, me: uuid::Uuid) -> BTreeSet<String> {
    let mut out = BTreeSet::new();
    for summary in crate::store::list(layout).unwrap_or_default() {
        if summary.id == me || summary.finished || summary.problem.is_some() {
            continue;
        }
        if let Ok(session) = crate::store::read(layout, summary.id)
            && let Some((spec, adrs)) = session.planned_outputs()
        {
            out.insert(spec.to_string());
            out.extend(adrs.iter().map(|a| file_name(a).to_string()));
        }
    }
    out
}

/// The outputs of an approved session, chosen and locked, ready to be written.
pub struct Plan {
    _lock: ProjectLock,
    names: Names,
    /// The session is revising the spec it wrote before.
    revising: bool,
    /// Chosen now (not on an earlier, interrupted attempt): a new spec is never written
    /// over an existing file.
    fresh: bool,
    /// To journal before anything is written: the chosen names.
    pub event: Option<Event>,
    pub notices: Vec<String>,
    /// The date the files carry (the first attempt's, on a resumed write).
    at: DateTime<Utc>,
}

/// Takes the project lock and chooses (or, for a session that chose before, checks) the
/// files an approved session writes.
pub fn plan(
    session: &Session,
    journal: &Journal,
    layout: &ProjectLayout,
    at: DateTime<Utc>,
) -> Result<Plan> {
    let lock = ProjectLock::acquire(layout)?;
    if !crate::layout::is_slug(session.slug()) {
        check_recorded_paths(layout, session, journal)?;
    }
    let notices = Vec::new();
    // A reopened session replaces the files it wrote: the person saw the diff and approved.
    if let Some(spec) = session.spec_path() {
        let mut names = checked(
            layout,
            session,
            journal,
            (spec, session.adrs()),
            is_completed,
        )?;
        if names.adrs.len() != session.decisions().len() {
            let first =
                files::next_adr_number(&layout.confine(&layout.spec_dir())?, &BTreeSet::new());
            names = Names::derive(layout, session, &names.stem, first);
        }
        return Ok(Plan {
            _lock: lock,
            names,
            revising: true,
            fresh: false,
            event: None,
            notices,
            at,
        });
    }
    // An earlier attempt chose the names and was interrupted: finish the same files.
    if let Some(planned) = session.planned_outputs() {
        let names = checked(layout, session, journal, planned, is_planned)?;
        let planned_at = journal
            .events()
            .iter()
            .rev()
            .find(|e| matches!(e, Event::OutputsPlanned { .. }))
            .map(Event::at)
            .unwrap_or(at);
        return Ok(Plan {
            _lock: lock,
            names,
            revising: false,
            fresh: false,
            event: None,
            notices,
            at: planned_at,
        });
    }
    let mut notices = notices;
    let reserved = reserved_by_others(layout, session.id());
    let stem = files::free_slug(layout, session.slug(), &reserved);
    if stem != session.slug() {
        notices.push(format!(
            "{} already exists and is kept; this spec goes to {}.",
            layout.relative(&layout.spec_path(session.slug())),
            layout.relative(&layout.spec_path(&stem)),
        ));
    }
    let first = files::next_adr_number(&layout.confine(&layout.spec_dir())?, &reserved);
    let names = Names::derive(layout, session, &stem, first);
    let event = Event::OutputsPlanned {
        spec_path: names.spec_rel.clone(),
        adrs: names.adrs.clone(),
        at,
    };
    Ok(Plan {
        _lock: lock,
        names,
        revising: false,
        fresh: true,
        event: Some(event),
        notices,
        at,
    })
}

/// What [`Plan::write`] did.
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

/// The spec as the session rendered it when it last completed: the common ancestor of
/// the person's hand edits and a revision.
fn last_written(journal: &Journal, renderer: &Renderer) -> Option<String> {
    let events = journal.events();
    let end = events
        .iter()
        .rposition(|e| matches!(e, Event::Completed { .. }))?;
    let session = Session::replay(&events[..=end]).ok()?;
    render_current(&session, renderer).ok()
}

/// The spec file's text, where a revision keeps the person's hand edits.
enum SpecText {
    /// Nothing changed since the spec was written: no file is touched.
    Unchanged,
    Write(String),
    /// The hand edits and the revision conflict: the spec stays as edited and the
    /// revision goes beside it.
    Beside(String),
}

impl Plan {
    /// Writes the spec, its ADRs and JSON twin, and the progress entry; returns the
    /// `completed` event to journal after them.
    pub fn write(
        self,
        session: &Session,
        journal: &Journal,
        layout: &ProjectLayout,
        renderer: &Renderer,
    ) -> Result<Written> {
        // Every file is checked before the first is written: a link that leads out of the
        // project stops the write with nothing written.
        for path in [
            layout.spec_path(&self.names.stem),
            layout.twin_path(&self.names.stem),
            layout.progress_path(),
        ]
        .into_iter()
        .chain(
            self.names
                .adrs
                .iter()
                .map(|a| layout.adr_path(file_name(a))),
        ) {
            layout.confine(&path)?;
        }
        files::remove_leftovers(&[
            layout.confine(&layout.spec_dir())?,
            layout.confine(&layout.llm_dir())?,
        ]);
        let mut notices = self.notices;
        let names = self.names;
        let spec = layout.spec_path(&names.stem);
        let spec_file = file_name(&names.spec_rel).to_string();
        let links: Vec<String> = names
            .adrs
            .iter()
            .map(|a| file_name(a).to_string())
            .collect();
        let markdown = render_spec(session, renderer, &links)?;
        let sha = sha256_hex(&markdown);
        let text = if self.revising {
            revised_text(
                layout,
                session,
                journal,
                renderer,
                &spec,
                &markdown,
                &mut notices,
            )?
        } else {
            SpecText::Write(markdown.clone())
        };
        let completed = Event::Completed {
            spec_path: names.spec_rel.clone(),
            adrs: names.adrs.clone(),
            spec_sha256: Some(sha),
            at: self.at,
        };
        let progress = layout.progress_path();
        let mut written = Vec::new();
        match text {
            SpecText::Unchanged => {
                notices.push(format!(
                    "{} is unchanged; nothing was written.",
                    names.spec_rel
                ));
                return Ok(Written {
                    spec,
                    progress,
                    files: written,
                    event: completed,
                    notices,
                });
            }
            SpecText::Write(text) if self.fresh => files::write_new_atomic(layout, &spec, &text)?,
            SpecText::Write(text) => files::write_atomic(layout, &spec, &text)?,
            SpecText::Beside(text) => {
                let beside = layout
                    .spec_dir()
                    .join(format!("{}-spec.revised.md", names.stem));
                files::write_atomic(layout, &beside, &text)?;
                written.push(layout.relative(&beside));
            }
        }
        if written.is_empty() {
            written.push(names.spec_rel.clone());
        }
        for (i, record) in session.decisions().iter().enumerate() {
            let why = session
                .areas()
                .iter()
                .find(|a| a.key == record.area_key)
                .map(|a| a.why.as_str())
                .unwrap_or("");
            let text = renderer.render_adr(&AdrDocument {
                number: files::adr_number(&links[i]).unwrap_or(0),
                title: session.topic(),
                date: self.at.date_naive(),
                spec_file: &spec_file,
                area_why: why,
                record,
            })?;
            files::write_atomic(layout, &layout.adr_path(&links[i]), &text)?;
            written.push(names.adrs[i].clone());
        }
        let draft = session.draft().cloned().unwrap_or_default();
        let open = merged_open_questions(&draft, &session.open_questions());
        let twin = specwright_core::twin::build(session, &draft, &open, &links);
        let json = serde_json::to_string_pretty(&twin).map_err(|source| AgentError::Encode {
            what: "the spec's JSON twin",
            source,
        })?;
        let twin_path = layout.twin_path(&names.stem);
        files::write_atomic(layout, &twin_path, &(json + "\n"))?;
        written.push(layout.relative(&twin_path));
        let entry = renderer.render_progress_entry(&ProgressEntry {
            date: self.at.date_naive(),
            title: session.topic(),
            spec_path: &names.spec_rel,
            use_cases: draft.use_cases.len(),
            decisions: session.decisions().len(),
            open_questions: open.len(),
        })?;
        let existing = files::read_confined(layout, &progress)?;
        let updated = files::upsert_progress(
            existing.as_deref(),
            PROGRESS_HEADER,
            &names.spec_rel,
            &entry,
        );
        if existing.as_deref() != Some(updated.as_str()) {
            files::write_atomic(layout, &progress, &updated)?;
            written.push(layout.relative(&progress));
        }
        Ok(Written {
            spec,
            progress,
            files: written,
            event: completed,
            notices,
        })
    }
}

/// What a revision writes into the spec file: the revision itself when the file is as
/// specwright wrote it, the revision merged with the person's hand edits when it was
/// edited since, or, when the two conflict, nothing (the revision goes beside it).
fn revised_text(
    layout: &ProjectLayout,
    session: &Session,
    journal: &Journal,
    renderer: &Renderer,
    spec: &std::path::Path,
    markdown: &str,
    notices: &mut Vec<String>,
) -> Result<SpecText> {
    let rel = layout.relative(spec);
    let Some(disk) = files::read_confined(layout, spec)? else {
        return Ok(SpecText::Write(markdown.to_string()));
    };
    let base = last_written(journal, renderer);
    let recorded = session.spec_sha256();
    let as_written =
        recorded == Some(sha256_hex(&disk).as_str()) || base.as_deref() == Some(disk.as_str());
    if as_written {
        if disk == markdown {
            return Ok(SpecText::Unchanged);
        }
        return Ok(SpecText::Write(markdown.to_string()));
    }
    // Edited by hand since it was written. The ancestor is trusted only when it renders to
    // what was recorded (the template may have changed since).
    let trusted = base
        .as_deref()
        .filter(|b| recorded.is_none_or(|h| sha256_hex(b) == h));
    if let Some(base) = trusted {
        let edits = spec_diff(base, &disk);
        if base == markdown {
            notices.push(format!(
                "{rel} was edited by hand since specwright wrote it; the revision changed nothing, so it is kept as it is."
            ));
            return Ok(SpecText::Unchanged);
        }
        match diffy::merge(base, &disk, markdown) {
            Ok(merged) => {
                notices.push(format!(
                    "{rel} was edited by hand since specwright wrote it; your edits are kept, merged with the revision:\n{edits}"
                ));
                return Ok(SpecText::Write(merged));
            }
            Err(_) => {
                notices.push(format!(
                    "{rel} was edited by hand since specwright wrote it and your edits conflict with the revision; the spec is kept as you edited it and the revision is written to {}, to merge by hand. Your edits:\n{edits}",
                    rel.replace("-spec.md", "-spec.revised.md")
                ));
                return Ok(SpecText::Beside(markdown.to_string()));
            }
        }
    }
    notices.push(format!(
        "{rel} was changed since specwright wrote it (by hand, or the template changed); it is kept as it is and the revision is written to {}, to merge by hand.",
        rel.replace("-spec.md", "-spec.revised.md")
    ));
    Ok(SpecText::Beside(markdown.to_string()))
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
