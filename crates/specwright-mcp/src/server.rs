//! The MCP server: the `spec_*` tools (interview_tools.rs, project_tools.rs) and the
//! `spec` prompt over stdio. Every tool checks its own arguments and answers a bad call
//! with an error result of one sentence; the server keeps serving.

use std::path::PathBuf;
use std::sync::Arc;

use rmcp::handler::server::router::{prompt::PromptRouter, tool::ToolRouter};
use rmcp::handler::server::wrapper::Parameters;
use rmcp::model::{
    CallToolResult, ContentBlock, GetPromptResult, Implementation, JsonObject,
    ProgressNotificationParam, PromptMessage, Role, ServerCapabilities, ServerConfig,
};
use rmcp::schemars::{self, JsonSchema};
use rmcp::service::RequestContext;
use rmcp::{
    RoleServer, ServerHandler, ServiceExt, prompt, prompt_handler, prompt_router, tool_handler,
};
use serde::Deserialize;
use specwright_agent::{ProjectLayout, store};
use uuid::Uuid;

use crate::args::Args;
use crate::factory::{AgentFactory, Interviewer};
use crate::live::{Held, Live, ProgressRelay, Registry, State};
use crate::roots;
use crate::step::{Step, take_step};

#[derive(Debug, Clone)]
pub struct ServerOptions {
    /// `--root`: the project root, whatever the host says.
    pub root: Option<PathBuf>,
    /// The working directory: the root when neither `--root` nor the host names one.
    pub cwd: PathBuf,
}

/// The `spec` prompt's argument.
#[derive(Debug, Deserialize, JsonSchema)]
pub struct SpecPromptArgs {
    /// What the spec is about (some hosts pass only its first word; the prompt asks for
    /// the rest then).
    #[serde(default)]
    pub topic: Option<String>,
}

pub(crate) fn input<T: JsonSchema + 'static>() -> Arc<JsonObject> {
    rmcp::handler::server::common::schema_for_input::<T>()
        .unwrap_or_else(|_| rmcp::handler::server::common::schema_for_empty_input())
}

pub(crate) fn ok(markdown: String, out: impl serde::Serialize) -> CallToolResult {
    let mut result = CallToolResult::success(vec![ContentBlock::text(markdown)]);
    result.structured_content = serde_json::to_value(out).ok();
    result
}

pub(crate) fn fail(sentence: impl Into<String>) -> CallToolResult {
    CallToolResult::error(vec![ContentBlock::text(sentence.into())])
}

pub(crate) fn step_result(step: Step) -> CallToolResult {
    let mut result = if step.is_error {
        CallToolResult::error(vec![ContentBlock::text(step.markdown)])
    } else {
        CallToolResult::success(vec![ContentBlock::text(step.markdown)])
    };
    result.structured_content = step.out.and_then(|o| serde_json::to_value(o).ok());
    result
}

/// Relays a call's progress as notifications when the caller asked for them (a progress
/// token); the relay ends when the sender is dropped.
pub(crate) fn progress_relay(ctx: &RequestContext<RoleServer>) -> Option<ProgressRelay> {
    let token = ctx.meta.get_progress_token()?;
    let peer = ctx.peer.clone();
    let (tx, mut rx) = tokio::sync::mpsc::unbounded_channel::<String>();
    let task = tokio::spawn(async move {
        let mut count = 0.0;
        while let Some(message) = rx.recv().await {
            count += 1.0;
            let param = ProgressNotificationParam::new(token.clone(), count).with_message(message);
            if peer.notify_progress(param).await.is_err() {
                break;
            }
        }
    });
    Some(ProgressRelay::new(tx, task))
}

/// The specwright MCP server.
#[derive(Clone)]
pub struct SpecServer {
    options: Arc<ServerOptions>,
    factory: Arc<dyn AgentFactory>,
    pub(crate) registry: Arc<Registry>,
    tool_router: ToolRouter<Self>,
    prompt_router: PromptRouter<Self>,
}

impl SpecServer {
    pub fn new(options: ServerOptions, factory: Arc<dyn AgentFactory>) -> SpecServer {
        SpecServer {
            options: Arc::new(options),
            factory,
            registry: Arc::new(Registry::default()),
            tool_router: Self::interview_tools() + Self::project_tools(),
            prompt_router: Self::prompt_router(),
        }
    }

    /// Saves and stops every running session.
    pub async fn shutdown(&self) {
        self.registry.shutdown().await;
    }

    /// The project root: `--root`, else the host's first folder root, else the working
    /// directory.
    pub(crate) async fn root(&self, ctx: &RequestContext<RoleServer>) -> Result<PathBuf, String> {
        let root = match &self.options.root {
            Some(root) => root.clone(),
            None => match roots::client_root(ctx).await {
                Some(root) => root,
                None => self.options.cwd.clone(),
            },
        };
        if !root.is_dir() {
            return Err(format!(
                "The project root {} is not a folder.",
                root.display()
            ));
        }
        Ok(root)
    }

    pub(crate) fn interviewer(args: &Args, tool: &str) -> Result<Interviewer, String> {
        match args.opt_string("interviewer", "\"program\" or \"host\"")? {
            None => Ok(Interviewer::Program),
            Some(text) => Interviewer::parse(text)
                .ok_or_else(|| format!("{tool}: `interviewer` must be \"program\" or \"host\".")),
        }
    }

    /// A session this server runs, by id or unique prefix.
    pub(crate) fn live_id(&self, text: &str) -> Option<Uuid> {
        let wanted = text.trim().to_ascii_lowercase();
        if wanted.is_empty() {
            return None;
        }
        let matches: Vec<Uuid> = self
            .registry
            .ids()
            .into_iter()
            .filter(|id| id.to_string().starts_with(&wanted))
            .collect();
        match matches.as_slice() {
            [one] => Some(*one),
            _ => None,
        }
    }

    /// A session of the project at `root`, by id or unique prefix.
    pub(crate) fn saved_id(layout: &ProjectLayout, text: &str) -> Result<Uuid, String> {
        let wanted = text.trim().to_ascii_lowercase();
        if wanted.is_empty() {
            return Err("`session_id` is empty; spec_sessions lists the sessions.".into());
        }
        let all = store::list(layout).map_err(|e| format!("{e}."))?;
        let matches: Vec<Uuid> = all
            .iter()
            .map(|s| s.id)
            .filter(|id| id.to_string().starts_with(&wanted))
            .collect();
        match matches.as_slice() {
            [one] => Ok(*one),
            [] => Err(format!(
                "There is no session {} in {}; spec_sessions lists them.",
                short(text),
                layout.root().display()
            )),
            _ => Err(format!(
                "{} sessions start with {}; give more of the id.",
                matches.len(),
                short(text)
            )),
        }
    }

    /// Why a reply or turn cannot go to `text`'s session: it is not running here.
    pub(crate) async fn not_running(&self, text: &str, ctx: &RequestContext<RoleServer>) -> String {
        let root = match self.root(ctx).await {
            Ok(root) => root,
            Err(e) => return e,
        };
        let layout = ProjectLayout::new(root);
        match Self::saved_id(&layout, text) {
            Ok(id) => match store::read(&layout, id) {
                Ok(session) if session.is_completed() => format!(
                    "Session {id} is finished: its spec is {}. To revise it, call spec_start with its topic.",
                    session.spec_path().unwrap_or("written")
                ),
                Ok(_) => format!(
                    "Session {id} is saved but not open in this server; call spec_resume with its id to continue it."
                ),
                Err(e) => format!("Session {id} cannot be read: {e}."),
            },
            Err(_) => format!(
                "There is no open session {}; spec_start starts one and spec_sessions lists the saved ones.",
                short(text)
            ),
        }
    }

    /// Holds a running session for a call.
    pub(crate) async fn hold(
        &self,
        text: &str,
        ctx: &RequestContext<RoleServer>,
    ) -> Result<Held, String> {
        let Some(id) = self.live_id(text) else {
            return Err(self.not_running(text, ctx).await);
        };
        let Some(cell) = self.registry.get(id) else {
            return Err(self.not_running(text, ctx).await);
        };
        let mut held = cell.lock_owned().await;
        held.progress = progress_relay(ctx);
        Ok(held)
    }

    /// The result of a call that drove `live`; a session that stopped leaves the registry.
    pub(crate) async fn finish_step(
        &self,
        live: &mut Live,
        submitted_turn: bool,
    ) -> CallToolResult {
        if let Some(progress) = live.progress.take() {
            progress.close().await;
        }
        let step = take_step(live, submitted_turn);
        if matches!(live.state, State::Ended(_)) {
            self.registry.remove(live.id);
        }
        step_result(step)
    }

    /// A session whose last call was cancelled half-way is brought to where it waits;
    /// the caller's request was not applied.
    pub(crate) async fn settle(&self, live: &mut Live) -> Option<CallToolResult> {
        if !matches!(live.state, State::Busy) {
            return None;
        }
        live.advance().await;
        if let Some(progress) = live.progress.take() {
            progress.close().await;
        }
        let mut step = take_step(live, false);
        step.markdown = format!(
            "The previous call on this session was interrupted, so this one was not applied. Where the interview is now:\n\n{}",
            step.markdown
        );
        step.is_error = true;
        if matches!(live.state, State::Ended(_)) {
            self.registry.remove(live.id);
        }
        Some(step_result(step))
    }

    pub(crate) async fn open_session(
        &self,
        layout: ProjectLayout,
        interviewer: Interviewer,
        open: impl FnOnce(&ProjectLayout) -> Result<store::Opened, String>,
        intro: Option<String>,
        ctx: &RequestContext<RoleServer>,
    ) -> CallToolResult {
        let factory = self.factory.clone();
        let held = self.registry.open_with(|| {
            let prepared = Live::prepare(interviewer, &layout, factory.as_ref())?;
            let opened = open(&layout)?;
            Ok(prepared.spawn(opened))
        });
        let mut held = match held {
            Ok(held) => held,
            Err(e) => return fail(e),
        };
        held.progress = progress_relay(ctx);
        held.advance().await;
        let mut result = self.finish_step(&mut held, false).await;
        if let Some(intro) = intro
            && let Some(ContentBlock::Text(text)) = result.content.first_mut()
        {
            text.text = format!("{intro}\n\n{}", text.text);
        }
        result
    }
}

pub(crate) fn short(text: &str) -> String {
    let t: String = text.trim().chars().take(40).collect();
    format!("`{}`", specwright_render::escape::strip_controls(&t))
}

/// The first letter in upper case: error messages of the other crates start in lower case
/// to be joined into sentences.
pub(crate) fn capitalized(text: &str) -> String {
    let mut chars = text.chars();
    match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}

#[prompt_router]
impl SpecServer {
    /// Run a specwright requirements interview about a topic through the spec_* tools.
    #[prompt(name = "spec")]
    async fn spec(
        &self,
        Parameters(args): Parameters<SpecPromptArgs>,
        ctx: RequestContext<RoleServer>,
    ) -> GetPromptResult {
        let program = match self.root(&ctx).await {
            Ok(root) => self.factory.program_interviewer(&root).ok(),
            Err(_) => None,
        };
        let text = crate::prompt::spec_prompt(args.topic.as_deref(), program.as_ref());
        GetPromptResult::new(vec![PromptMessage::new_text(Role::User, text)])
            .with_description("Run a specwright requirements interview through the spec_* tools")
    }
}

const INSTRUCTIONS: &str = "specwright runs a requirements interview and writes a technical spec (docs/spec/biz/<topic>-spec.md), with the workflow's rules enforced in code. Start with spec_start {topic}; show each result's markdown to the person verbatim and pass their reply, unchanged, to spec_reply until the result says the spec is written. With spec_start {topic, interviewer: \"host\"}, your own model writes each turn: results with status turn_needed carry the instructions, the state and the JSON schema, and the turn goes to spec_turn. The `spec` prompt has the full instructions.";

#[tool_handler(router = self.tool_router)]
#[prompt_handler(router = self.prompt_router)]
impl ServerHandler for SpecServer {
    fn get_info(&self) -> ServerConfig {
        ServerConfig::new(
            ServerCapabilities::builder()
                .enable_tools()
                .enable_prompts()
                .build(),
        )
        .with_server_info(Implementation::new("specwright", env!("CARGO_PKG_VERSION")))
        .with_instructions(INSTRUCTIONS)
    }
}

/// Serves MCP over stdin and stdout until the host closes stdin; running sessions are
/// saved and stopped then.
pub async fn serve_stdio(
    options: ServerOptions,
    factory: Arc<dyn AgentFactory>,
) -> Result<(), crate::McpError> {
    let server = SpecServer::new(options, factory);
    let service = server
        .clone()
        .serve(rmcp::transport::stdio())
        .await
        .map_err(|e| crate::McpError::Start(e.to_string()))?;
    let ended = service.waiting().await;
    server.shutdown().await;
    ended.map_err(|e| crate::McpError::Stopped(e.to_string()))?;
    Ok(())
}
