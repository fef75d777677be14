//! specwright: interviews a developer about a package or feature and writes the technical
//! specification that drives its code generation.

mod cli;
mod config;
mod face;
mod interview;
mod line_ui;
mod models;
mod prompt;
mod repl;
mod term;

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use anyhow::{Context, Result, anyhow, bail};
use clap::Parser;
use specwright_agent::fixture::{self, Fixture};
use specwright_agent::store::{self, Opened};
use specwright_agent::{AgentEvent, ProjectLayout};
use specwright_core::{Budgets, SessionSettings};

use crate::cli::{Cli, Cmd, Common, ConfigCmd, InterviewOptions};
use crate::interview::{interview, make_face};

fn main() -> ExitCode {
    let cli = Cli::parse();
    init_tracing(cli.common.verbose);
    survive_file_size_limit();
    let runtime = match tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
    {
        Ok(rt) => rt,
        Err(e) => {
            eprintln!("error: cannot start the async runtime: {e}");
            return ExitCode::FAILURE;
        }
    };
    match runtime.block_on(run(cli)) {
        Ok(code) => code,
        Err(e) => {
            eprintln!("error: {}", one_sentence(&e));
            ExitCode::FAILURE
        }
    }
}

/// A file size limit (`ulimit -f`) kills a process that writes past it with SIGXFSZ,
/// before it can say a word. With a handler installed the write fails with EFBIG instead,
/// and the error says what happened and what is saved.
fn survive_file_size_limit() {
    #[cfg(unix)]
    {
        let flag = std::sync::Arc::new(std::sync::atomic::AtomicBool::new(false));
        if let Err(e) = signal_hook::flag::register(signal_hook::consts::SIGXFSZ, flag) {
            tracing::warn!("cannot handle SIGXFSZ: {e}");
        }
    }
}

/// The error and its causes as one line.
fn one_sentence(e: &anyhow::Error) -> String {
    let mut parts: Vec<String> = Vec::new();
    for cause in e.chain() {
        let text = cause.to_string();
        if !parts.iter().any(|p| p.contains(&text)) {
            parts.push(text);
        }
    }
    let line = term::sanitize(&parts.join(": ")).replace('\n', " ");
    specwright_agent::secrets::redact(&line).into_owned()
}

fn init_tracing(verbose: u8) {
    let default = match verbose {
        0 => "error",
        1 => "info",
        _ => "debug",
    };
    let filter = tracing_subscriber::EnvFilter::try_from_env("SPECWRIGHT_LOG")
        .unwrap_or_else(|_| tracing_subscriber::EnvFilter::new(default));
    let _ = tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_writer(std::io::stderr)
        .with_target(false)
        .try_init();
}

fn root_dir(common: &Common) -> Result<PathBuf> {
    let root = match &common.root {
        Some(r) => r.clone(),
        None => std::env::current_dir().context("cannot read the current directory")?,
    };
    if !root.is_dir() {
        bail!("the project root {} is not a folder", root.display());
    }
    Ok(root)
}

async fn run(cli: Cli) -> Result<ExitCode> {
    let common = cli.common;
    match cli.command {
        None => prompt::prompt_loop(&common).await,
        Some(Cmd::Spec { topic, options }) => {
            let layout = ProjectLayout::new(root_dir(&common)?);
            let topic = topic.join(" ");
            let settings = SessionSettings {
                budgets: options
                    .max_questions
                    .map(Budgets::spread)
                    .unwrap_or_default(),
                accept_recommendations: options.accept_recommendations,
            };
            if options.max_questions == Some(0) {
                bail!("--max-questions must be at least 1");
            }
            let opened = store::start_or_reopen(&layout, &topic, settings, chrono::Utc::now())?;
            let face = make_face(&common, &layout)?;
            interview(&common, &options, &layout, opened, face, true)
                .await
                .1
        }
        Some(Cmd::Resume { id, last: _ }) => {
            let layout = ProjectLayout::new(root_dir(&common)?);
            let id = resolve_session_id(&layout, id.as_deref())?;
            let opened = store::open(&layout, id)?;
            let notice = format!(
                "Resuming \"{}\" ({}) at {}.",
                opened.session.topic(),
                opened.session.id(),
                opened.session.phase().title()
            );
            continue_session(&common, &layout, opened, notice).await
        }
        Some(Cmd::Revise { spec }) => {
            let layout = ProjectLayout::new(root_dir(&common)?);
            let id = spec_writer(&layout, &spec)?;
            let opened = store::reopen(&layout, id, chrono::Utc::now())?;
            let notice = format!(
                "Revising \"{}\": describe what to change, or /approve to keep the spec as it is.",
                opened.session.topic()
            );
            continue_session(&common, &layout, opened, notice).await
        }
        Some(Cmd::Check { session }) => {
            let layout = ProjectLayout::new(root_dir(&common)?);
            let id = resolve_session_id(&layout, Some(&session))?;
            let session = store::read(&layout, id)?;
            let dropped = specwright_core::dropped::dropped_answers(&session);
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
                return Ok(ExitCode::SUCCESS);
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
            Ok(ExitCode::FAILURE)
        }
        Some(Cmd::Sessions) => {
            let layout = ProjectLayout::new(root_dir(&common)?);
            print!("{}", sessions_table(&layout)?);
            Ok(ExitCode::SUCCESS)
        }
        Some(Cmd::Config {
            action: ConfigCmd::Show,
        }) => {
            let root = root_dir(&common)?;
            print!("{}", models::resolve(&common, &root)?.show());
            Ok(ExitCode::SUCCESS)
        }
        Some(Cmd::Lint { spec, json }) => lint_command(&common, &spec, json),
        Some(Cmd::Schema) => {
            let schemas = serde_json::Value::Object(specwright_core::schema::all_schemas());
            println!("{}", serde_json::to_string_pretty(&schemas)?);
            Ok(ExitCode::SUCCESS)
        }
        Some(Cmd::Replay {
            fixture,
            check,
            bless,
        }) => replay(&common, &fixture, check, bless).await,
    }
}

/// Runs a reopened session (resume, revise) after telling the person where they are.
async fn continue_session(
    common: &Common,
    layout: &ProjectLayout,
    opened: Opened,
    notice: String,
) -> Result<ExitCode> {
    let mut face = make_face(common, layout)?;
    face.show(&AgentEvent::Notice(notice));
    interview(
        common,
        &InterviewOptions::default(),
        layout,
        opened,
        face,
        true,
    )
    .await
    .1
}

pub(crate) fn resolve_session_id(layout: &ProjectLayout, id: Option<&str>) -> Result<uuid::Uuid> {
    let all = store::list(layout)?;
    match id {
        None => store::latest(layout)?.ok_or_else(|| {
            anyhow!(
                "there are no sessions under {} to resume",
                layout.sessions_dir().display()
            )
        }),
        Some(prefix) => {
            let prefix = prefix.trim().to_ascii_lowercase();
            let matches: Vec<_> = all
                .iter()
                .filter(|s| s.id.to_string().starts_with(&prefix))
                .collect();
            match matches.as_slice() {
                [one] => Ok(one.id),
                [] => {
                    bail!("no session id starts with {prefix:?}; `specwright sessions` lists them")
                }
                _ => bail!(
                    "{} sessions start with {prefix:?}; type more of the id",
                    matches.len()
                ),
            }
        }
    }
}

fn lint_command(common: &Common, spec: &Path, json: bool) -> Result<ExitCode> {
    use specwright_render::lint;
    let markdown =
        std::fs::read_to_string(spec).with_context(|| format!("cannot read {}", spec.display()))?;
    let root = root_dir(common)?;
    // A project's own template is what its specs are checked against.
    let outline = match std::fs::read_to_string(ProjectLayout::new(&root).template_override()) {
        Ok(text) => lint::Outline::from_template(&text),
        Err(_) => lint::Outline::builtin(),
    };
    let findings = lint::lint(&markdown, &outline);
    if json {
        println!("{}", serde_json::to_string_pretty(&findings)?);
    } else {
        print!(
            "{}",
            term::sanitize(&lint::format_human(&spec.display().to_string(), &findings))
        );
    }
    Ok(if lint::has_errors(&findings) {
        ExitCode::FAILURE
    } else {
        ExitCode::SUCCESS
    })
}

/// The session that wrote `spec` (a path as the person typed it).
fn spec_writer(layout: &ProjectLayout, spec: &Path) -> Result<uuid::Uuid> {
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
    let rel = specwright_agent::layout::relative(&root, &absolute);
    store::writer_of(&ProjectLayout::new(&root), &rel)?.ok_or_else(|| {
        anyhow!(
            "no finished session of the project at {} wrote {rel}; specwright revises the specs it wrote (start a new interview with specwright spec)",
            root.display()
        )
    })
}

pub(crate) fn sessions_table(layout: &ProjectLayout) -> Result<String> {
    let all = store::list(layout)?;
    if all.is_empty() {
        return Ok("No sessions yet. Start one with: specwright spec \"<topic>\"\n".into());
    }
    let mut out = String::new();
    for s in all {
        match &s.problem {
            Some(problem) => out.push_str(&format!("{}  (unreadable: {problem})\n", s.id)),
            None => out.push_str(&format!(
                "{}  {:<28}  {:<20}  {}  {}  {}\n",
                s.id,
                term::sanitize(&s.topic),
                s.phase.title(),
                s.updated_at.format("%Y-%m-%d %H:%M"),
                if s.finished { "finished" } else { "open    " },
                s.spec_path
            )),
        }
    }
    Ok(out)
}

async fn replay(common: &Common, path: &Path, check: bool, bless: bool) -> Result<ExitCode> {
    let fixture = Fixture::load(path)?;
    let (root, temp) = match &common.root {
        Some(r) => (r.clone(), None),
        None => {
            let temp = tempfile::Builder::new()
                .prefix("specwright-replay-")
                .tempdir()?;
            (temp.path().to_path_buf(), Some(temp))
        }
    };
    std::fs::create_dir_all(&root).with_context(|| format!("cannot create {}", root.display()))?;
    let replayed = fixture::replay(&fixture, &root).await?;
    match temp {
        // Nothing asked to compare or keep the outputs elsewhere: keep them to look at.
        Some(temp) if !check && !bless => {
            let kept = temp.keep();
            println!(
                "Replayed {}: wrote {}",
                fixture.name,
                kept.join(specwright_agent::layout::relative(&root, &replayed.spec))
                    .display()
            );
        }
        _ => println!(
            "Replayed {}: wrote {}",
            fixture.name,
            specwright_agent::layout::relative(&root, &replayed.spec)
        ),
    }
    if bless {
        let files = fixture::bless(&fixture, &root)?;
        println!(
            "Updated {} expected files in {}",
            files.len(),
            fixture.expected_dir().display()
        );
    }
    if check {
        let differences = fixture::compare(&fixture, &root);
        if !differences.is_empty() {
            for d in &differences {
                eprintln!("{}", term::sanitize(d));
            }
            eprintln!(
                "error: {} differs from its expected files in {} place(s)",
                fixture.name,
                differences.len()
            );
            return Ok(ExitCode::FAILURE);
        }
        println!("{}: outputs match the expected files", fixture.name);
    }
    Ok(ExitCode::SUCCESS)
}
