//! specwright: interviews a developer about a package or feature and writes the technical
//! specification that drives its code generation.

mod cli;
mod config;
mod face;
mod interview;
mod line_ui;
mod lint_cmd;
mod mcp;
mod models;
mod prompt;
mod repl;
mod sessions;
mod term;
mod wrap;

use std::io::IsTerminal;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use anyhow::{Context, Result, bail};
use clap::CommandFactory;
use specwright_agent::fixture::{self, Fixture};
use specwright_agent::store::{self, Opened};
use specwright_agent::{AgentEvent, ProjectLayout};
use specwright_core::{Budgets, SessionSettings};

use crate::cli::{Cli, Cmd, Common, ConfigCmd, InterviewOptions, exit};
use crate::interview::{interview, make_face};
use crate::sessions::{Hints, Writer};

fn main() -> ExitCode {
    let cli = match Cli::parse_checked() {
        Ok(cli) => cli,
        // --help and --version print and succeed; a usage error prints and exits 2.
        Err(e) => {
            let _ = e.print();
            return ExitCode::from(if e.use_stderr() {
                exit::USAGE
            } else {
                exit::OK
            });
        }
    };
    init_tracing(cli.global.verbose, cli.global.quiet);
    survive_file_size_limit();
    let runtime = match tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
    {
        Ok(rt) => rt,
        Err(e) => {
            eprintln!("error: cannot start the async runtime: {e}");
            return ExitCode::from(exit::ERROR);
        }
    };
    match runtime.block_on(run(cli)) {
        Ok(code) => code,
        Err(e) => {
            eprintln!("error: {}", one_sentence(&e));
            ExitCode::from(exit::ERROR)
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

/// Logs go to stderr: `SPECWRIGHT_LOG`, else `RUST_LOG`, takes a full filter; otherwise
/// `-v`/`-vv`/`-q` choose the level. Colour only on a terminal, and never with NO_COLOR.
fn init_tracing(verbose: u8, quiet: bool) {
    let default = match (quiet, verbose) {
        (true, _) => "off",
        (false, 0) => "error",
        (false, 1) => "info",
        (false, _) => "debug",
    };
    let filter = tracing_subscriber::EnvFilter::try_from_env("SPECWRIGHT_LOG")
        .or_else(|_| tracing_subscriber::EnvFilter::try_from_env("RUST_LOG"))
        .unwrap_or_else(|_| tracing_subscriber::EnvFilter::new(default));
    let ansi = std::io::stderr().is_terminal()
        && std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty());
    let _ = tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_writer(std::io::stderr)
        .with_ansi(ansi)
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
    let global = cli.global;
    let plain = Common::new(&global, &Default::default());
    let ok = ExitCode::from(exit::OK);
    match cli.command {
        None => prompt::prompt_loop(&Common::new(&global, &cli.llm)).await,
        Some(Cmd::Spec {
            topic,
            options,
            llm,
        }) => {
            let common = Common::new(&global, &llm);
            let layout = ProjectLayout::new(root_dir(&common)?);
            let topic = topic.join(" ");
            // The model is chosen before the session exists, so a bad setting or a key
            // that must not be sent stops here, and the session records its model.
            let config = models::resolve(&common, layout.root(), None)?;
            if let Some(refusal) = config.trust.refusal() {
                bail!(refusal);
            }
            let settings = SessionSettings {
                budgets: options
                    .max_questions
                    .map(|n| Budgets::spread(usize::from(n)))
                    .unwrap_or_default(),
                accept_recommendations: options.accept_recommendations,
                interviewer: Some(Box::new(config.interviewer())),
            };
            let opened = store::start_or_reopen(&layout, &topic, settings, chrono::Utc::now())?;
            let face = make_face(&common, &layout)?;
            interview(&common, &options, &layout, opened, face, true)
                .await
                .1
        }
        Some(Cmd::Resume { id, last: _, llm }) => {
            let common = Common::new(&global, &llm);
            let layout = ProjectLayout::new(root_dir(&common)?);
            let id = sessions::resumable(&layout, id.as_deref(), Hints::Shell)?;
            let opened = store::open(&layout, id)?;
            let notice = format!(
                "Resuming \"{}\" ({}) at {}.",
                opened.session.topic(),
                opened.session.id(),
                opened.session.phase().title()
            );
            continue_session(&common, &layout, opened, notice).await
        }
        Some(Cmd::Revise { spec, llm }) => {
            let common = Common::new(&global, &llm);
            let layout = ProjectLayout::new(root_dir(&common)?);
            let opened = match sessions::spec_writer(&layout, &spec)? {
                Writer::Finished(id) => store::reopen(&layout, id, chrono::Utc::now())?,
                Writer::Revising(id) => store::open(&layout, id)?,
            };
            let notice = format!(
                "Revising \"{}\": describe what to change, or /approve to keep the spec as it is.",
                opened.session.topic()
            );
            continue_session(&common, &layout, opened, notice).await
        }
        Some(Cmd::Check { session, json }) => {
            let layout = ProjectLayout::new(root_dir(&plain)?);
            sessions::check(&layout, &session, json)
        }
        Some(Cmd::Status { id, json }) => {
            let layout = ProjectLayout::new(root_dir(&plain)?);
            sessions::status(&layout, id.as_deref(), json)
        }
        Some(Cmd::Sessions { json }) => {
            let layout = ProjectLayout::new(root_dir(&plain)?);
            if json {
                println!(
                    "{}",
                    serde_json::to_string_pretty(&sessions::sessions_json(&layout)?)?
                );
            } else {
                print!("{}", sessions::sessions_table(&layout, Hints::Shell)?);
            }
            Ok(ok)
        }
        Some(Cmd::Config {
            action: ConfigCmd::Show { json, llm },
        }) => {
            let common = Common::new(&global, &llm);
            let config = models::resolve(&common, &root_dir(&common)?, None)?;
            if json {
                println!("{}", serde_json::to_string_pretty(&config.show_json())?);
            } else {
                print!("{}", config.show());
            }
            Ok(ok)
        }
        Some(Cmd::Trust { url }) => {
            let root = root_dir(&plain)?;
            let env = |name: &str| std::env::var(name).ok();
            println!(
                "{}",
                config::trust::trust_project(&root, url.as_deref(), &env)?
            );
            Ok(ok)
        }
        Some(Cmd::Lint(args)) => Ok(lint_cmd::run(&plain, &args)),
        Some(Cmd::Schema) => {
            let schemas = serde_json::Value::Object(specwright_core::schema::all_schemas());
            println!("{}", serde_json::to_string_pretty(&schemas)?);
            Ok(ok)
        }
        Some(Cmd::Mcp { llm }) => mcp::serve(&Common::new(&global, &llm)).await,
        Some(Cmd::Replay {
            fixture,
            check,
            bless,
        }) => replay(&plain, &fixture, check, bless).await,
        Some(Cmd::Completions { shell }) => {
            let mut out = std::io::stdout();
            clap_complete::generate(shell, &mut Cli::command(), "specwright", &mut out);
            Ok(ok)
        }
        Some(Cmd::Man { out_dir }) => {
            match out_dir {
                Some(dir) => {
                    std::fs::create_dir_all(&dir)
                        .with_context(|| format!("cannot create {}", dir.display()))?;
                    clap_mangen::generate_to(Cli::command(), &dir).with_context(|| {
                        format!("cannot write the pages into {}", dir.display())
                    })?;
                    if !global.quiet {
                        println!("Wrote the manual pages into {}", dir.display());
                    }
                }
                None => clap_mangen::Man::new(Cli::command())
                    .render(&mut std::io::stdout())
                    .context("cannot write the manual page")?,
            }
            Ok(ok)
        }
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
    if !common.quiet {
        face.show(&AgentEvent::Notice(notice));
    }
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
            return Ok(ExitCode::from(exit::ERROR));
        }
        println!("{}: outputs match the expected files", fixture.name);
    }
    Ok(ExitCode::from(exit::OK))
}
