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
use specwright_core::{Interviewer, Session};
use specwright_llm::ChatModel;
use uuid::Uuid;

use crate::cli::{Common, InterviewOptions, exit};
use crate::config::{ProviderConfig, ProviderKind, Source, show::has_credentials};
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
        // `history = false` in a config file or SPECWRIGHT_HISTORY=off turns the history
        // file off; a config error is reported when the model is chosen.
        let history = models::resolve(common, layout.root(), None)
            .map(|c| c.history.value)
            .unwrap_or(false);
        let repl = repl::ReplUi::new(history, common.quiet)
            .map_err(|e| anyhow!("cannot open the terminal for the interactive prompt: {e}"))?;
        return Ok(Box::new(repl));
    }
    Ok(Box::new(
        LineUi::new(std::io::BufReader::new(std::io::stdin()), std::io::stdout())
            .with_echo(!common.quiet),
    ))
}

/// The command that resumes a session, with `--root` when the person gave one, and
/// `--base-url` when they named the server with it and a key goes there (a server
/// recorded in a journal gets the key only when the person names it again).
pub fn resume_command(common: &Common, id: &str, config: Option<&ProviderConfig>) -> String {
    let mut out = format!("specwright resume {id}");
    if let Some(root) = &common.root {
        out.push_str(&format!(" --root {}", root.display()));
    }
    if let Some(c) = config
        && c.api_key.is_some()
        && let Some(base) = &c.base_url
        && base.source == Source::Flag
        && !has_credentials(&base.value)
    {
        out.push_str(&format!(" --base-url {}", base.value));
    }
    out
}

/// The exit status for how an interview ended: the spec written, or the session saved.
pub fn exit_status(outcome: &Outcome) -> ExitCode {
    match outcome {
        Outcome::Completed { .. } => ExitCode::from(exit::OK),
        Outcome::Saved => ExitCode::from(exit::SAVED),
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
    let parts =
        agent_parts(common, layout, recorded(&opened.session), None).and_then(|mut parts| {
            let document = match &options.from {
                Some(path) => Some(read_document(path, &opened)?),
                None => None,
            };
            add_recorder(&mut parts, options, &opened.session, document.as_ref())?;
            parts.options.document = document;
            Ok(parts)
        });
    let parts = match parts {
        Ok(parts) => parts,
        Err(e) => return (face, Err(e)),
    };
    if !common.quiet {
        if !interactive() {
            for notice in &parts.notices {
                face.show(&AgentEvent::Notice(notice.clone()));
            }
        } else if banner {
            face.show(&AgentEvent::Notice(format!(
                "specwright {}: interviewing with {}. /help lists the commands; Ctrl-D saves and leaves.",
                env!("CARGO_PKG_VERSION"),
                parts.describe
            )));
        }
    }
    let resume = resume_command(common, &id.to_string(), Some(&parts.config));
    let handle = Agent::new(parts.deps, parts.options).spawn(opened);
    let (face, outcome) = match drive(face, handle, interactive()).await {
        Ok(pair) => pair,
        Err(e) => return (Box::new(NoFace), Err(e)),
    };
    let result = match outcome {
        Ok(outcome) => Ok(exit_status(&outcome)),
        // When the journal itself could not be written, the last reply is not in it.
        Err(e @ specwright_agent::AgentError::JournalWrite { .. }) => Err(anyhow!(
            "{e}. What you answered before it is saved there; continue with: {resume}"
        )),
        Err(e) => Err(anyhow!(
            "{e}. Everything you answered is saved in {journal_rel}; continue with: {resume}"
        )),
    };
    (face, result)
}

/// What an agent for one session is built from, before a face adds what it needs (notices,
/// a recorder). The MCP server builds its agents here too.
pub struct AgentParts {
    pub deps: AgentDeps,
    pub options: AgentOptions,
    /// Sentences about the model chosen, for a face to show.
    pub notices: Vec<String>,
    /// The model or interviewer, in a few words ("smollm2 at http://...").
    pub describe: String,
    pub config: ProviderConfig,
}

/// The model a session recorded when it started, for [`agent_parts`].
pub fn recorded(session: &Session) -> Option<(Uuid, &Interviewer)> {
    session
        .settings()
        .interviewer
        .as_deref()
        .map(|i| (session.id(), i))
}

/// The agent's parts for a session in `layout`: the configured model (the one the session
/// `recorded` unless flags say otherwise; or `host`, an MCP host's model, in its place),
/// the built-in interviewer as its fallback unless `fallback = "fail"`, the prompts and
/// the templates.
pub fn agent_parts(
    common: &Common,
    layout: &ProjectLayout,
    recorded: Option<(Uuid, &Interviewer)>,
    host: Option<Arc<dyn ChatModel>>,
) -> Result<AgentParts> {
    let hosted = host.is_some();
    let (model, max_repairs, notices, config): (Arc<dyn ChatModel>, _, _, _) = match host {
        Some(model) => {
            let config = models::resolve(common, layout.root(), recorded)?;
            (model, config.max_repairs.value, Vec::new(), config)
        }
        None => {
            let selected = models::select(common, layout.root(), recorded)?;
            (
                Arc::from(selected.model),
                selected.max_repairs,
                selected.notices,
                selected.config,
            )
        }
    };
    // From here on the key is kept out of the journal, every file and every message.
    if let Some(key) = &config.api_key {
        specwright_agent::secrets::register(key.value.expose());
    }
    let prompts = Prompts::load(common.prompts_dir.as_deref())?;
    let renderer = specwright_agent::files::project_renderer(layout)?;
    // The built-in interviewer takes a turn the model could not get valid, when asked to;
    // it never stands in for itself.
    let fallback: Option<Arc<dyn ChatModel>> = if config.fallback_offline.value
        && (hosted || config.provider.value != ProviderKind::Offline)
    {
        Some(Arc::new(specwright_llm::OfflineModel::new(
            common.prompts_dir.as_deref(),
        )?))
    } else {
        None
    };
    let describe = model.describe();
    let deps = AgentDeps {
        model,
        fallback,
        prompts: Arc::new(prompts),
        renderer: Arc::new(renderer),
        layout: layout.clone(),
        clock: Clock::System,
        transcript: None,
    };
    Ok(AgentParts {
        deps,
        options: AgentOptions {
            max_repairs,
            context_window: config.context_window.as_ref().map(|c| c.value),
            resume_command: resume_command(common, "{id}", Some(&config)),
            document: None,
        },
        notices,
        describe,
        config,
    })
}

/// Adds the `--record` fixture recorder to an agent's parts.
fn add_recorder(
    parts: &mut AgentParts,
    options: &InterviewOptions,
    session: &Session,
    document: Option<&specwright_agent::Document>,
) -> Result<()> {
    if let Some(path) = &options.record {
        // The header is written at once; the key must not reach it either.
        let scrub = |t: &str| match &parts.config.api_key {
            Some(key) if key.value.expose().len() >= 8 => {
                t.replace(key.value.expose(), "[REDACTED]")
            }
            _ => t.to_string(),
        };
        let mut recorder = FixtureRecorder::create_with_document(
            path,
            session.topic(),
            session.created_at(),
            parts.config.fallback_offline.value,
            document.map(|d| specwright_agent::fixture::FixtureDocument {
                name: scrub(&d.name),
                text: scrub(&d.text),
            }),
        )?;
        if let Some(key) = &parts.config.api_key {
            recorder.scrub(key.value.expose());
        }
        parts.deps.transcript = Some(Box::new(recorder) as Box<dyn TranscriptSink>);
    }
    Ok(())
}

/// The largest document `--from` reads.
const MAX_DOCUMENT_BYTES: u64 = 256 * 1024;

/// Reads the document given with `--from`, for a session that has not started yet.
fn read_document(path: &std::path::Path, opened: &Opened) -> Result<specwright_agent::Document> {
    let shown = path.display();
    if !opened.session.can_take_document() {
        return Err(anyhow!(
            "--from answers a new interview up front, but this one is already under way; answer its questions instead"
        ));
    }
    use specwright_agent::files::{CappedReadError, read_capped};
    let text = read_capped(path, MAX_DOCUMENT_BYTES).map_err(|e| match e {
        CappedReadError::NotAFile => anyhow!("{shown} is not a file"),
        CappedReadError::TooLarge(_) => anyhow!(
            "{shown} is larger than 256 KiB; give --from the notes that matter for this spec"
        ),
        CappedReadError::Io(e) => anyhow!("cannot read {shown}: {e}"),
    })?;
    if text.trim().is_empty() {
        return Err(anyhow!("{shown} is empty"));
    }
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| shown.to_string());
    Ok(specwright_agent::Document {
        name: crate::term::sanitize(&name),
        text,
    })
}

/// What is left when reading the input failed outright: nothing more can be read.
struct NoFace;

impl Face for NoFace {
    fn show(&mut self, _event: &AgentEvent) {}

    fn read(&mut self, _expect: specwright_agent::Expect) -> crate::face::Input {
        crate::face::Input::Eof
    }
}
