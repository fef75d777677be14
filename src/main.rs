//! specwright: interviews a developer about a package or feature and writes the technical
//! specification that drives its code generation.

mod cli;
mod line_ui;
mod lint_cmd;
mod models;
mod repl;
mod term;

use std::io::IsTerminal;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use anyhow::{Context, Result, anyhow, bail};
use clap::Parser;
use specwright_agent::fixture::{self, Fixture};
use specwright_agent::sessions::{self, Opened};
use specwright_agent::{Agent, Clock, Outcome, Prompts, Show, Ui, output};
use specwright_core::{Budgets, SessionSettings};
use specwright_render::spec::Renderer;

use crate::cli::{Cli, Cmd, Common, ConfigCmd, InterviewOptions};
use crate::line_ui::LineUi;

fn main() -> ExitCode {
    let cli = Cli::parse();
    init_tracing(cli.common.verbose);
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

/// The error and its causes as one line.
fn one_sentence(e: &anyhow::Error) -> String {
    let mut parts: Vec<String> = Vec::new();
    for cause in e.chain() {
        let text = cause.to_string();
        if !parts.iter().any(|p| p.contains(&text)) {
            parts.push(text);
        }
    }
    term::sanitize(&parts.join(": ")).replace('\n', " ")
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
        None => prompt_loop(&common).await,
        Some(Cmd::Spec { topic, options }) => {
            let root = root_dir(&common)?;
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
            let opened = sessions::start_or_reopen(&root, &topic, settings, chrono::Utc::now())?;
            let mut ui = make_ui(&common, &root)?;
            interview(&common, &options, &root, opened, ui.as_mut(), true).await
        }
        Some(Cmd::Resume { id, last: _ }) => {
            let root = root_dir(&common)?;
            let id = resolve_session_id(&root, id.as_deref())?;
            let opened = sessions::open(&root, id)?;
            let notice = format!(
                "Resuming \"{}\" ({}) at {}.",
                opened.session.topic,
                opened.session.id,
                opened.session.phase.title()
            );
            continue_session(&common, &root, opened, &notice).await
        }
        Some(Cmd::Revise { spec }) => {
            let root = root_dir(&common)?;
            let id = spec_writer(&root, &spec)?;
            let opened = sessions::reopen(&root, id, chrono::Utc::now())?;
            let notice = format!(
                "Revising \"{}\": describe what to change, or /approve to keep the spec as it is.",
                opened.session.topic
            );
            continue_session(&common, &root, opened, &notice).await
        }
        Some(Cmd::Check { session }) => {
            let root = root_dir(&common)?;
            let id = resolve_session_id(&root, Some(&session))?;
            let loaded = specwright_agent::journal::Journal::load(
                &specwright_agent::journal::journal_path(&root, id),
            )?;
            let session = specwright_core::Session::replay(&loaded.events)
                .map_err(|e| anyhow!("the session {id} cannot be replayed: {e}"))?;
            let dropped = specwright_core::check::dropped_answers(&session);
            if dropped.is_empty() {
                println!(
                    "Every answer of \"{}\" reached the ledger{}.",
                    term::sanitize(&session.topic),
                    if session.draft.is_some() {
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
            let root = root_dir(&common)?;
            print!("{}", sessions_table(&root)?);
            Ok(ExitCode::SUCCESS)
        }
        Some(Cmd::Config {
            action: ConfigCmd::Show,
        }) => {
            let root = root_dir(&common)?;
            print!("{}", models::resolve(&common, &root)?.show());
            Ok(ExitCode::SUCCESS)
        }
        Some(Cmd::Lint(args)) => Ok(lint_cmd::run(&common, &args)),
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

/// Runs a reopened session (resume, revise) after telling the user where they are.
async fn continue_session(
    common: &Common,
    root: &Path,
    opened: Opened,
    notice: &str,
) -> Result<ExitCode> {
    let mut ui = make_ui(common, root)?;
    ui.show(Show::Notice(notice));
    interview(
        common,
        &InterviewOptions::default(),
        root,
        opened,
        ui.as_mut(),
        true,
    )
    .await
}

/// The REPL on a terminal, line mode otherwise.
fn make_ui(common: &Common, root: &Path) -> Result<Box<dyn Ui>> {
    if std::io::stdin().is_terminal() {
        // `history = false` in a config file turns the history file off; a config error
        // is reported when the model is chosen.
        let history = models::resolve(common, root)
            .map(|c| c.history.value)
            .unwrap_or(true);
        let repl = repl::ReplUi::new(history)
            .context("cannot open the terminal for the interactive prompt")?;
        return Ok(Box::new(repl));
    }
    Ok(Box::new(
        LineUi::new(std::io::BufReader::new(std::io::stdin()), std::io::stdout()).with_echo(true),
    ))
}

fn interactive() -> bool {
    std::io::stdin().is_terminal()
}

/// Runs an interview to its end or to the end of input.
async fn interview(
    common: &Common,
    options: &InterviewOptions,
    root: &Path,
    opened: Opened,
    ui: &mut dyn Ui,
    banner: bool,
) -> Result<ExitCode> {
    let Opened {
        mut session,
        journal,
        notices,
    } = opened;
    for notice in &notices {
        ui.show(Show::Notice(notice));
    }
    let selected = models::select(common, root, ui.progress_hook())?;
    if !interactive() {
        for notice in &selected.notices {
            ui.show(Show::Notice(notice));
        }
    } else if banner {
        ui.show(Show::Notice(&format!(
            "specwright {}: interviewing with {}. /help lists the commands; Ctrl-D saves and leaves.",
            env!("CARGO_PKG_VERSION"),
            selected.model.describe()
        )));
    }
    let prompts = Prompts::load(common.prompts_dir.as_deref())?;
    let renderer = Renderer::new(Some(&output::template_override(root)))?;
    let recorder = match &options.record {
        Some(path) => {
            let mut recorder = fixture::FixtureRecorder::create(
                path,
                &session.topic,
                session.created_at,
                selected.config.fallback_offline.value,
            )?;
            if let Some(key) = &selected.config.api_key {
                recorder.scrub(key.value.expose());
            }
            Some(recorder)
        }
        None => None,
    };
    let journal_rel = output::relative(root, journal.path());
    let offline_fallback = if selected.config.fallback_offline.value
        && selected.config.provider.value != specwright_llm::config::ProviderKind::Offline
    {
        Some(specwright_llm::OfflineModel::new(
            common.prompts_dir.as_deref(),
        )?)
    } else {
        None
    };
    let mut agent = Agent {
        model: selected.model.as_ref(),
        prompts: &prompts,
        renderer: &renderer,
        ui,
        journal,
        root: root.to_path_buf(),
        clock: Clock::System,
        max_repairs: selected.max_repairs,
        recorder,
        resume_command: resume_command(common, "{id}"),
        cancel_on_interrupt: interactive(),
        context_window: selected.config.context_window.as_ref().map(|c| c.value),
        warned_context: false,
        warned_truncation: false,
        fallback: offline_fallback
            .as_ref()
            .map(|m| m as &dyn specwright_llm::ChatModel),
    };
    match agent.run(&mut session).await {
        Ok(Outcome::Completed { .. }) | Ok(Outcome::Saved) => Ok(ExitCode::SUCCESS),
        Err(e) => Err(anyhow!(
            "{e}. Everything you answered is saved in {journal_rel}; continue with: {}",
            resume_command(common, &session.id.to_string())
        )),
    }
}

/// The command that resumes a session, with `--root` when the user gave one.
fn resume_command(common: &Common, id: &str) -> String {
    match &common.root {
        Some(root) => format!("specwright resume {id} --root {}", root.display()),
        None => format!("specwright resume {id}"),
    }
}

fn resolve_session_id(root: &Path, id: Option<&str>) -> Result<uuid::Uuid> {
    let all = sessions::list(root)?;
    match id {
        None => sessions::latest(root)?.ok_or_else(|| {
            anyhow!(
                "there are no sessions under {} to resume",
                root.join("docs/spec/.llm/sessions").display()
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

/// The session that wrote `spec` (a path as the user typed it).
fn spec_writer(root: &Path, spec: &Path) -> Result<uuid::Uuid> {
    let absolute = if spec.is_absolute() {
        spec.to_path_buf()
    } else {
        std::env::current_dir()?.join(spec)
    };
    let absolute = absolute
        .canonicalize()
        .with_context(|| format!("cannot open {}", spec.display()))?;
    let root = root
        .canonicalize()
        .with_context(|| format!("cannot open {}", root.display()))?;
    let rel = output::relative(&root, &absolute);
    sessions::writer_of(&root, &rel)?.ok_or_else(|| {
        anyhow!(
            "no finished session of the project at {} wrote {rel}; specwright revises the specs it wrote (start a new interview with specwright spec)",
            root.display()
        )
    })
}

fn sessions_table(root: &Path) -> Result<String> {
    let all = sessions::list(root)?;
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
                kept.join(output::relative(&root, &replayed.spec)).display()
            );
        }
        _ => println!(
            "Replayed {}: wrote {}",
            fixture.name,
            output::relative(&root, &replayed.spec)
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
        let differences = fixture::check(&fixture, &root);
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

/// `specwright` with no command: the prompt. On a terminal it is the REPL; piped input
/// gets the same commands line by line.
async fn prompt_loop(common: &Common) -> Result<ExitCode> {
    use specwright_agent::commands::{Command, Parsed, help_text, parse_line};
    use specwright_agent::{Expect, Input};
    let root = root_dir(common)?;
    let mut ui = make_ui(common, &root)?;
    if interactive() {
        let selected = models::select(common, &root, None)?;
        ui.show(Show::Info(&format!(
            "specwright {}: interviewing with {}.\nType /spec <topic> to start an interview, /help for the commands, Ctrl-D to leave.\n",
            env!("CARGO_PKG_VERSION"),
            selected.model.describe()
        )));
    }
    loop {
        let line = match ui.read(Expect::Command) {
            Input::Line(l) => l,
            Input::Eof => return Ok(ExitCode::SUCCESS),
            Input::Interrupted => continue,
        };
        let result = match parse_line(&line) {
            Parsed::Command(Command::Spec(topic)) => {
                match sessions::start_or_reopen(
                    &root,
                    &topic,
                    SessionSettings::default(),
                    chrono::Utc::now(),
                ) {
                    Ok(opened) => interview(
                        common,
                        &InterviewOptions::default(),
                        &root,
                        opened,
                        ui.as_mut(),
                        false,
                    )
                    .await
                    .map(|_| ()),
                    Err(e) => Err(e.into()),
                }
            }
            Parsed::Command(Command::Resume(id)) => match resolve_session_id(&root, id.as_deref())
                .and_then(|id| Ok(sessions::open(&root, id)?))
            {
                Ok(opened) => interview(
                    common,
                    &InterviewOptions::default(),
                    &root,
                    opened,
                    ui.as_mut(),
                    false,
                )
                .await
                .map(|_| ()),
                Err(e) => Err(e),
            },
            Parsed::Command(Command::Sessions) => {
                sessions_table(&root).map(|t| ui.show(Show::Info(&t)))
            }
            Parsed::Command(Command::Quit) => return Ok(ExitCode::SUCCESS),
            Parsed::Command(Command::Help) => {
                ui.show(Show::Info(&help_text(false)));
                Ok(())
            }
            Parsed::Command(Command::Model) => models::select(common, &root, None).map(|s| {
                ui.show(Show::Info(&format!("Model: {}\n", s.model.describe())));
            }),
            Parsed::Text(t) if t.trim().is_empty() => Ok(()),
            Parsed::Text(_) => {
                ui.show(Show::Notice(
                    "Type /spec <topic> to start an interview, or /help.",
                ));
                Ok(())
            }
            Parsed::Unknown { name, suggestion } => {
                let msg = match suggestion {
                    Some(s) => format!("Unknown command /{name}. Did you mean /{s}?"),
                    None => format!("Unknown command /{name}. Type /help for the list."),
                };
                ui.show(Show::Notice(&msg));
                Ok(())
            }
            Parsed::Usage(m) => {
                ui.show(Show::Notice(&m));
                Ok(())
            }
            Parsed::Command(_) => {
                ui.show(Show::Notice(
                    "That command works during an interview; start one with /spec <topic>.",
                ));
                Ok(())
            }
        };
        // At the prompt an error ends the command, not the program.
        if let Err(e) = result {
            if !interactive() {
                return Err(e);
            }
            eprintln!("error: {}", one_sentence(&e));
        }
    }
}
