//! The session commands: `sessions`, `status`, `check`, and finding the session that
//! `resume`, `revise` and `/resume` mean. Text read from journals is sanitized before it is
//! printed.

use std::path::Path;
use std::process::ExitCode;

use anyhow::{Context, Result, anyhow, bail};
use serde_json::{Value, json};
use specwright_agent::ProjectLayout;
use specwright_agent::store::{self, Summary};
use specwright_core::{Interviewer, Session};
use uuid::Uuid;

use crate::cli::exit;
use crate::term;

/// Where a hint is read: the shell (`specwright revise ...`) or the REPL (`/spec ...`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Hints {
    Shell,
    Repl,
}

/// The session an id (or a unique prefix of one) names; without one, the most recent.
pub fn resolve_session_id(layout: &ProjectLayout, id: Option<&str>) -> Result<Uuid> {
    let all = store::list(layout)?;
    match id {
        None => all.first().map(|s| s.id).ok_or_else(|| {
            anyhow!(
                "there are no sessions under {}",
                layout.sessions_dir().display()
            )
        }),
        Some(prefix) => by_prefix(&all, prefix).map(|s| s.id),
    }
}

fn by_prefix<'a>(all: &'a [Summary], prefix: &str) -> Result<&'a Summary> {
    let prefix = prefix.trim().to_ascii_lowercase();
    let matches: Vec<_> = all
        .iter()
        .filter(|s| s.id.to_string().starts_with(&prefix))
        .collect();
    match matches.as_slice() {
        [one] => Ok(one),
        [] => bail!("no session id starts with {prefix:?}; `specwright sessions` lists them"),
        _ => bail!(
            "{} sessions start with {prefix:?}; type more of the id",
            matches.len()
        ),
    }
}

/// How to revise a finished session's spec.
fn revise_hint(s: &Summary, hints: Hints) -> String {
    match hints {
        Hints::Shell => format!("revise its spec with `specwright revise {}`", s.spec_path),
        Hints::Repl => format!(
            "revise its spec with /spec {}",
            term::sanitize(&s.topic).replace('\n', " ")
        ),
    }
}

/// The session `resume` continues: the one named, or the most recent unfinished one. A
/// finished session is not resumed: the sentence points at revising its spec instead.
pub fn resumable(layout: &ProjectLayout, id: Option<&str>, hints: Hints) -> Result<Uuid> {
    let all = store::list(layout)?;
    let chosen = match id {
        Some(prefix) => by_prefix(&all, prefix)?,
        // A damaged journal counts as unfinished, so resuming reports the damage.
        None => match all.iter().find(|s| !s.finished) {
            Some(s) => s,
            None => match all.first() {
                Some(newest) => bail!(
                    "there is no unfinished session to resume in {}; the most recent, \"{}\", is finished: {}",
                    layout.root().display(),
                    term::sanitize(&newest.topic).replace('\n', " "),
                    revise_hint(newest, hints)
                ),
                None => bail!(
                    "there are no sessions under {} to resume",
                    layout.sessions_dir().display()
                ),
            },
        },
    };
    if chosen.finished {
        bail!(
            "session {} (\"{}\") is finished, so there is nothing to resume: {}",
            chosen.id,
            term::sanitize(&chosen.topic).replace('\n', " "),
            revise_hint(chosen, hints)
        );
    }
    Ok(chosen.id)
}

/// The session that wrote a spec, for `revise`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Writer {
    /// Finished: it is reopened to revise the spec.
    Finished(Uuid),
    /// Reopened by an earlier `revise` that ended before /approve: it goes on.
    Revising(Uuid),
}

/// The session that wrote `spec` (a path as the person typed it).
pub fn spec_writer(layout: &ProjectLayout, spec: &Path) -> Result<Writer> {
    let absolute = if spec.is_absolute() {
        spec.to_path_buf()
    } else {
        std::env::current_dir()?.join(spec)
    };
    let absolute = absolute
        .canonicalize()
        .with_context(|| format!("cannot open {}", spec.display()))?;
    let root = layout
        .root()
        .canonicalize()
        .with_context(|| format!("cannot open {}", layout.root().display()))?;
    let layout = ProjectLayout::new(&root);
    let rel = specwright_agent::layout::relative(&root, &absolute);
    if let Some(id) = store::writer_of(&layout, &rel)? {
        return Ok(Writer::Finished(id));
    }
    // A session that wrote the spec and was reopened records the spec's path; one that
    // never finished only has the path its slug would give.
    for s in store::list(&layout)?
        .iter()
        .filter(|s| !s.finished && s.problem.is_none() && s.spec_path == rel)
    {
        if store::read(&layout, s.id)?.spec_path() == Some(rel.as_str()) {
            return Ok(Writer::Revising(s.id));
        }
    }
    bail!(
        "no finished session of the project at {} wrote {rel}; specwright revises the specs it wrote (start a new interview with specwright spec)",
        root.display()
    )
}

/// `specwright sessions` and the REPL's `/sessions`.
pub fn sessions_table(layout: &ProjectLayout, hints: Hints) -> Result<String> {
    let all = store::list(layout)?;
    if all.is_empty() {
        return Ok(match hints {
            Hints::Shell => "No sessions yet. Start one with: specwright spec \"<topic>\"\n",
            Hints::Repl => "No sessions yet. Start one with: /spec <topic>\n",
        }
        .into());
    }
    let mut out = String::new();
    for s in &all {
        match &s.problem {
            Some(problem) => out.push_str(&format!(
                "{}  (unreadable: {})\n",
                s.id,
                term::sanitize(problem).replace('\n', " ")
            )),
            None => out.push_str(&format!(
                "{}  {:<28}  {:<20}  {}  {}  {}\n",
                s.id,
                term::sanitize(&s.topic).replace('\n', " "),
                s.phase.title(),
                s.updated_at.format("%Y-%m-%d %H:%M"),
                if s.finished { "finished" } else { "open    " },
                term::sanitize(&s.spec_path)
            )),
        }
    }
    if hints == Hints::Repl {
        out.push_str(
            "\n/resume <id> continues an open session (/resume alone: the latest); /spec <topic> starts one, or revises the spec of a finished topic.\n",
        );
    }
    Ok(out)
}

/// `specwright sessions --json`.
pub fn sessions_json(layout: &ProjectLayout) -> Result<Value> {
    let all = store::list(layout)?;
    Ok(Value::Array(
        all.iter()
            .map(|s| match &s.problem {
                Some(problem) => json!({
                    "id": s.id,
                    "problem": problem,
                }),
                None => json!({
                    "id": s.id,
                    "topic": s.topic,
                    "phase": s.phase.key(),
                    "updated_at": s.updated_at,
                    "finished": s.finished,
                    "spec_path": s.spec_path,
                }),
            })
            .collect(),
    ))
}

/// The recorded model in a few words.
fn interviewer_text(i: Option<&Interviewer>) -> String {
    match i {
        None => "not recorded (the session predates it)".into(),
        Some(i) if i.provider == "offline" => "the offline interviewer".into(),
        Some(i) => {
            let mut out = format!(
                "{} ({})",
                i.model.as_deref().unwrap_or("the configured model"),
                i.provider
            );
            if let Some(b) = &i.base_url {
                out.push_str(&format!(" at {}", crate::config::show::redact_url(b)));
            }
            if let Some(p) = &i.profile {
                out.push_str(&format!(", profile {p}"));
            }
            out
        }
    }
}

/// `specwright status [ID] [--json]`.
pub fn status(layout: &ProjectLayout, id: Option<&str>, as_json: bool) -> Result<ExitCode> {
    let id = resolve_session_id(layout, id)?;
    let session = store::read(layout, id)?;
    if as_json {
        println!("{}", serde_json::to_string_pretty(&status_json(&session))?);
        return Ok(ExitCode::from(exit::OK));
    }
    let mut out = format!("Session: {id}\n");
    out.push_str(&specwright_agent::status::status_text(
        &session,
        &interviewer_text(session.settings().interviewer.as_deref()),
    ));
    match session.spec_path() {
        Some(path) if session.is_completed() => {
            out.push_str(&format!("Finished: the spec is {path}\n"))
        }
        _ => out.push_str(&format!("Open: continue with specwright resume {id}\n")),
    }
    print!("{}", term::sanitize(&out));
    Ok(ExitCode::from(exit::OK))
}

fn status_json(session: &Session) -> Value {
    let coverage: Vec<Value> = session
        .phase()
        .topics()
        .iter()
        .map(|t| {
            let state = if session.is_covered(*t) {
                "covered"
            } else if session.is_resolved(*t) {
                "deferred"
            } else {
                "open"
            };
            json!({"topic": t.key(), "title": t.title(), "state": state})
        })
        .collect();
    let decisions: Vec<Value> = session
        .decisions()
        .iter()
        .map(|d| {
            json!({
                "number": d.number,
                "area": d.area,
                "choice": d.choice,
                "decided_by": d.decided_by.label(),
            })
        })
        .collect();
    json!({
        "id": session.id(),
        "topic": session.topic(),
        "phase": session.phase().key(),
        "phase_title": session.phase().title(),
        "finished": session.is_completed(),
        "spec_path": session.spec_path(),
        "created_at": session.created_at(),
        "updated_at": session.updated_at(),
        "coverage": coverage,
        "decisions": decisions,
        "open_questions": session.open_questions(),
        "usage": session.usage(),
        "model_turns": session.model_turns(),
        "repairs": session.repairs(),
        "fallback_turns": session.fallback_turns(),
        "interviewer": session.settings().interviewer,
    })
}

/// `specwright check SESSION [--json]`: exits 1 when an answer reached no part of the spec.
pub fn check(layout: &ProjectLayout, id: &str, as_json: bool) -> Result<ExitCode> {
    let id = resolve_session_id(layout, Some(id))?;
    let session = store::read(layout, id)?;
    let dropped = specwright_core::dropped::dropped_answers(&session);
    let status = if dropped.is_empty() {
        ExitCode::from(exit::OK)
    } else {
        ExitCode::from(exit::ERROR)
    };
    if as_json {
        let items: Vec<Value> = dropped
            .iter()
            .map(|d| {
                json!({
                    "turn": d.turn,
                    "phase": d.phase.key(),
                    "problem": d.problem,
                    "answer": d.answer,
                })
            })
            .collect();
        println!(
            "{}",
            serde_json::to_string_pretty(&json!({
                "session": id,
                "topic": session.topic(),
                "has_draft": session.draft().is_some(),
                "dropped": items,
            }))?
        );
        return Ok(status);
    }
    if dropped.is_empty() {
        println!(
            "Every answer of \"{}\" reached the ledger{}.",
            term::sanitize(session.topic()),
            if session.draft().is_some() {
                " and the spec"
            } else {
                " (there is no draft yet)"
            }
        );
        return Ok(status);
    }
    for d in &dropped {
        println!(
            "turn {} ({}): {}: \"{}\"",
            d.turn,
            d.phase.title(),
            d.problem,
            term::sanitize(&d.answer).replace('\n', " ")
        );
    }
    eprintln!(
        "error: {} answer(s) of this session reached no part of the spec",
        dropped.len()
    );
    Ok(status)
}
