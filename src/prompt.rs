//! `specwright` with no command: the prompt. On a terminal it is the REPL; piped input gets
//! the same commands line by line. `/spec` and `/resume` run an interview in the same face.

use std::process::ExitCode;

use anyhow::Result;
use specwright_agent::commands::{Command, Parsed, Scope, help_text, not_here, parse_line};
use specwright_agent::store::{self, Opened};
use specwright_agent::{AgentEvent, Expect, ProjectLayout};
use specwright_core::SessionSettings;

use crate::cli::{Common, InterviewOptions};
use crate::face::{Face, Input, read_off_runtime};
use crate::interview::{interactive, interview, make_face};
use crate::sessions::{Hints, resumable, sessions_table};
use crate::{models, one_sentence, root_dir};

pub async fn prompt_loop(common: &Common) -> Result<ExitCode> {
    let layout = ProjectLayout::new(root_dir(common)?);
    let mut face = make_face(common, &layout)?;
    if interactive() {
        // Chosen now, so a bad setting is reported before the first command.
        let selected = models::select(common, layout.root(), None)?;
        if !common.quiet {
            face.show(&AgentEvent::Info(format!(
                "specwright {}: interviewing with {}.\nType /spec <topic> to start an interview, /help for the commands, Ctrl-D to leave.\n",
                env!("CARGO_PKG_VERSION"),
                selected.model.describe()
            )));
        }
    }
    loop {
        let (back, input) = read_off_runtime(face, Expect::Command).await?;
        face = back;
        let line = match input {
            Input::Line(l) => l,
            Input::Eof => return Ok(ExitCode::SUCCESS),
        };
        let result = match parse_line(&line) {
            Parsed::Command(Command::Spec(topic)) => {
                let opened = new_settings(common, &layout).and_then(|settings| {
                    Ok(store::start_or_reopen(
                        &layout,
                        &topic,
                        settings,
                        chrono::Utc::now(),
                    )?)
                });
                let (back, result) = run_opened(common, &layout, opened, face).await;
                face = back;
                result
            }
            Parsed::Command(Command::Resume(id)) => {
                let opened = resumable(&layout, id.as_deref(), Hints::Repl)
                    .and_then(|id| Ok(store::open(&layout, id)?));
                let (back, result) = run_opened(common, &layout, opened, face).await;
                face = back;
                result
            }
            Parsed::Command(Command::Sessions) => {
                sessions_table(&layout, Hints::Repl).map(|t| face.show(&AgentEvent::Info(t)))
            }
            Parsed::Command(Command::Quit) => return Ok(ExitCode::SUCCESS),
            Parsed::Command(Command::Help) => {
                face.show(&AgentEvent::Info(help_text(Scope::Prompt)));
                Ok(())
            }
            Parsed::Command(Command::Model) => {
                models::select(common, layout.root(), None).map(|s| {
                    face.show(&AgentEvent::Info(format!(
                        "Model: {}\n",
                        s.model.describe()
                    )));
                })
            }
            Parsed::Text(t) if t.trim().is_empty() => Ok(()),
            Parsed::Text(_) => {
                face.show(&AgentEvent::Notice(
                    "Type /spec <topic> to start an interview, or /help.".into(),
                ));
                Ok(())
            }
            Parsed::Unknown { name, suggestion } => {
                face.show(&AgentEvent::Notice(match suggestion {
                    Some(s) => format!("Unknown command /{name}. Did you mean /{s}?"),
                    None => format!("Unknown command /{name}. Type /help for the list."),
                }));
                Ok(())
            }
            Parsed::Usage(m) => {
                face.show(&AgentEvent::Notice(m));
                Ok(())
            }
            Parsed::Command(other) => {
                face.show(&AgentEvent::Notice(not_here(&other, Scope::Prompt)));
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

/// Runs an interview the prompt opened (or reports why it could not be opened).
async fn run_opened(
    common: &Common,
    layout: &ProjectLayout,
    opened: Result<Opened>,
    face: Box<dyn Face>,
) -> (Box<dyn Face>, Result<()>) {
    match opened {
        Ok(opened) => {
            let options = InterviewOptions::default();
            let (face, result) = interview(common, &options, layout, opened, face, false).await;
            (face, result.map(|_| ()))
        }
        Err(e) => (face, Err(e)),
    }
}

/// A new session's settings: the defaults, and the model it starts with (checked first, so
/// a bad setting or a key that must not be sent stops before the session exists).
fn new_settings(common: &Common, layout: &ProjectLayout) -> Result<SessionSettings> {
    let config = models::resolve(common, layout.root(), None)?;
    if let Some(refusal) = config.trust.refusal() {
        anyhow::bail!(refusal);
    }
    Ok(SessionSettings {
        interviewer: Some(Box::new(config.interviewer())),
        ..SessionSettings::default()
    })
}
