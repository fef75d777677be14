//! Running an interview at this terminal: the model chosen from the configuration, the
//! agent spawned on the session, and a face driving it to the end or to the end of input.

use std::io::IsTerminal;
use std::process::ExitCode;
use std::sync::Arc;

use anyhow::{Result, anyhow};
use specwright_agent::fixture::FixtureRecorder;
use specwright_agent::store::Opened;
use specwright_agent::{
    Agent, AgentDeps, AgentEvent, AgentOptions, Clock, Outcome, ProjectLayout, Prompts,
    TranscriptSink,
};
use specwright_llm::ChatModel;
use specwright_render::spec::Renderer;

use crate::cli::{Common, InterviewOptions};
use crate::face::{Face, drive};
use crate::line_ui::LineUi;
use crate::{models, repl};

/// Whether a person is typing at a terminal.
pub fn interactive() -> bool {
    std::io::stdin().is_terminal()
}

/// The REPL on a terminal, line mode otherwise.
pub fn make_face(common: &Common, layout: &ProjectLayout) -> Result<Box<dyn Face>> {
    if interactive() {
        // `history = false` in a config file turns the history file off; a config error
        // is reported when the model is chosen.
        let history = models::resolve(common, layout.root())
            .map(|c| c.history.value)
            .unwrap_or(true);
        let repl = repl::ReplUi::new(history)
            .map_err(|e| anyhow!("cannot open the terminal for the interactive prompt: {e}"))?;
        return Ok(Box::new(repl));
    }
    Ok(Box::new(
        LineUi::new(std::io::BufReader::new(std::io::stdin()), std::io::stdout()).with_echo(true),
    ))
}

/// The command that resumes a session, with `--root` when the person gave one.
pub fn resume_command(common: &Common, id: &str) -> String {
    match &common.root {
        Some(root) => format!("specwright resume {id} --root {}", root.display()),
        None => format!("specwright resume {id}"),
    }
}

/// Runs an interview to its end or to the end of input, and hands the face back.
pub async fn interview(
    common: &Common,
    options: &InterviewOptions,
    layout: &ProjectLayout,
    mut opened: Opened,
    mut face: Box<dyn Face>,
    banner: bool,
) -> (Box<dyn Face>, Result<ExitCode>) {
    for notice in std::mem::take(&mut opened.notices) {
        face.show(&AgentEvent::Notice(notice));
    }
    let id = opened.session.id();
    let journal_rel = layout.relative(opened.journal.path());
    let agent = match build_agent(common, options, layout, &opened, face.as_mut(), banner) {
        Ok(agent) => agent,
        Err(e) => return (face, Err(e)),
    };
    let handle = agent.spawn(opened);
    let (face, outcome) = match drive(face, handle, interactive()).await {
        Ok(pair) => pair,
        Err(e) => return (Box::new(NoFace), Err(e)),
    };
    let result = match outcome {
        Ok(Outcome::Completed { .. }) | Ok(Outcome::Saved) => Ok(ExitCode::SUCCESS),
        // When the journal itself could not be written, the last reply is not in it.
        Err(e @ specwright_agent::AgentError::JournalWrite { .. }) => Err(anyhow!(
            "{e}. What you answered before it is saved there; continue with: {}",
            resume_command(common, &id.to_string())
        )),
        Err(e) => Err(anyhow!(
            "{e}. Everything you answered is saved in {journal_rel}; continue with: {}",
            resume_command(common, &id.to_string())
        )),
    };
    (face, result)
}

/// The agent for this session: the configured model (and the built-in interviewer as its
/// fallback when configured), the prompts, the templates and any recorder.
fn build_agent(
    common: &Common,
    options: &InterviewOptions,
    layout: &ProjectLayout,
    opened: &Opened,
    face: &mut dyn Face,
    banner: bool,
) -> Result<Agent> {
    let selected = models::select(common, layout.root())?;
    // From here on the key is kept out of the journal, every file and every message.
    if let Some(key) = &selected.config.api_key {
        specwright_agent::secrets::register(key.value.expose());
    }
    if !interactive() {
        for notice in &selected.notices {
            face.show(&AgentEvent::Notice(notice.clone()));
        }
    } else if banner {
        face.show(&AgentEvent::Notice(format!(
            "specwright {}: interviewing with {}. /help lists the commands; Ctrl-D saves and leaves.",
            env!("CARGO_PKG_VERSION"),
            selected.model.describe()
        )));
    }
    let prompts = Prompts::load(common.prompts_dir.as_deref())?;
    let renderer = Renderer::new(Some(&layout.template_override()))?;
    let transcript: Option<Box<dyn TranscriptSink>> = match &options.record {
        Some(path) => {
            let mut recorder = FixtureRecorder::create(
                path,
                opened.session.topic(),
                opened.session.created_at(),
                selected.config.fallback_offline.value,
            )?;
            if let Some(key) = &selected.config.api_key {
                recorder.scrub(key.value.expose());
            }
            Some(Box::new(recorder))
        }
        None => None,
    };
    let fallback: Option<Arc<dyn ChatModel>> = if selected.config.fallback_offline.value
        && selected.config.provider.value != crate::config::ProviderKind::Offline
    {
        Some(Arc::new(specwright_llm::OfflineModel::new(
            common.prompts_dir.as_deref(),
        )?))
    } else {
        None
    };
    let deps = AgentDeps {
        model: Arc::from(selected.model),
        fallback,
        prompts: Arc::new(prompts),
        renderer: Arc::new(renderer),
        layout: layout.clone(),
        clock: Clock::System,
        transcript,
    };
    Ok(Agent::new(
        deps,
        AgentOptions {
            max_repairs: selected.max_repairs,
            context_window: selected.config.context_window.as_ref().map(|c| c.value),
            resume_command: resume_command(common, "{id}"),
        },
    ))
}

/// What is left when reading the input failed outright: nothing more can be read.
struct NoFace;

impl Face for NoFace {
    fn show(&mut self, _event: &AgentEvent) {}

    fn read(&mut self, _expect: specwright_agent::Expect) -> crate::face::Input {
        crate::face::Input::Eof
    }
}
