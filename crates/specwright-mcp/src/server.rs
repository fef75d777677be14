//! The MCP server: the `spec_*` tools and the `spec` prompt over stdio. Every tool checks
//! its own arguments and answers a bad call with an error result of one sentence; the
//! server keeps serving.

use std::path::PathBuf;
use std::sync::Arc;

use rmcp::handler::server::router::{prompt::PromptRouter, tool::ToolRouter};
use rmcp::handler::server::tool::schema_for_output;
use rmcp::handler::server::wrapper::Parameters;
use rmcp::model::{
    CallToolResult, ContentBlock, GetPromptResult, Implementation, JsonObject, PromptMessage, Role,
    ServerCapabilities, ServerConfig,
};
use rmcp::schemars::{self, JsonSchema};
use rmcp::service::RequestContext;
use rmcp::{
    ErrorData, RoleServer, ServerHandler, ServiceExt, prompt, prompt_handler, prompt_router, tool,
    tool_handler, tool_router,
};
use serde::Deserialize;
use specwright_agent::store;
use specwright_agent::{ProjectLayout, status::status_text};
use specwright_core::{Budgets, SessionSettings};
use uuid::Uuid;

use crate::args::Args;
use crate::factory::{AgentFactory, Interviewer};
use crate::live::{Held, Live, Registry, State};
use crate::output::{LintOut, SessionOut, SessionsOut, StatusOut, StepOut};
use crate::present::{coverage, fenced, pending_md, phase_out, recorded_out};
use crate::step::{Step, take_step};
use crate::{lint, roots};

/// How the server was started.
#[derive(Debug, Clone)]
pub struct ServerOptions {
    /// `--root`: the project root, whatever the host says.
    pub root: Option<PathBuf>,
    /// The working directory: the root when neither `--root` nor the host names one.
    pub cwd: PathBuf,
}

/// The arguments of `spec_start`, for its input schema (the handler checks them itself).
#[allow(dead_code)]
#[derive(JsonSchema)]
struct StartArgs {
    /// What the spec is about, e.g. "URL shortener" or "billing export".
    topic: String,
    /// Who proposes the turns: "program" (specwright's configured LLM or its built-in
    /// offline interviewer; the default) or "host" (your own model, through spec_turn).
    interviewer: Option<String>,
    /// A budget of question groups for the whole interview, spread over the phases.
    max_questions: Option<u32>,
    /// Take every recommended option; the decision records say the choice was delegated.
    accept_recommendations: Option<bool>,
}

#[allow(dead_code)]
#[derive(JsonSchema)]
struct ResumeArgs {
    /// The session id (or a unique prefix of it); spec_sessions lists them.
    session_id: String,
    /// "program" (the default) or "host".
    interviewer: Option<String>,
}

#[allow(dead_code)]
#[derive(JsonSchema)]
struct ReplyArgs {
    /// The session id spec_start returned.
    session_id: String,
    /// The person's reply exactly as they typed it: answers, an option's number or name
    /// (a reason may follow), their own choice, empty text to take the recommendation,
    /// feedback on the draft, or a command: /skip, /back, /status, /decisions, /draft,
    /// /approve, /help.
    text: String,
}

#[allow(dead_code)]
#[derive(JsonSchema)]
struct TurnArgs {
    /// The session id spec_start returned.
    session_id: String,
    /// The turn: one JSON object matching the schema of the turn request (a string
    /// holding that object is accepted too).
    turn: serde_json::Value,
}

#[allow(dead_code)]
#[derive(JsonSchema)]
struct SessionArgs {
    /// The session id (or a unique prefix of it).
    session_id: String,
}

#[allow(dead_code)]
#[derive(JsonSchema)]
struct LintArgs {
    /// A markdown spec inside the project, relative to its root; without it, every spec
    /// in docs/spec/biz/.
    path: Option<String>,
}

#[allow(dead_code)]
#[derive(JsonSchema)]
struct NoArgs {}

/// The `spec` prompt's argument.
#[derive(Debug, Deserialize, JsonSchema)]
pub struct SpecPromptArgs {
    /// What the spec is about (some hosts pass only its first word; the prompt asks for
    /// the rest then).
    #[serde(default)]
    pub topic: Option<String>,
}

fn input<T: JsonSchema + 'static>() -> Arc<JsonObject> {
    rmcp::handler::server::common::schema_for_input::<T>()
        .unwrap_or_else(|_| rmcp::handler::server::common::schema_for_empty_input())
}

fn ok(markdown: String, out: impl serde::Serialize) -> CallToolResult {
    let mut result = CallToolResult::success(vec![ContentBlock::text(markdown)]);
    result.structured_content = serde_json::to_value(out).ok();
    result
}

fn fail(sentence: impl Into<String>) -> CallToolResult {
    CallToolResult::error(vec![ContentBlock::text(sentence.into())])
}

fn step_result(step: Step) -> CallToolResult {
    let mut result = if step.is_error {
        CallToolResult::error(vec![ContentBlock::text(step.markdown)])
    } else {
        CallToolResult::success(vec![ContentBlock::text(step.markdown)])
    };
    result.structured_content = step.out.and_then(|o| serde_json::to_value(o).ok());
    result
}

/// The specwright MCP server.
#[derive(Clone)]
pub struct SpecServer {
    options: Arc<ServerOptions>,
    factory: Arc<dyn AgentFactory>,
    registry: Arc<Registry>,
    tool_router: ToolRouter<Self>,
    prompt_router: PromptRouter<Self>,
}

const START_ARGS: &[&str] = &[
    "topic",
    "interviewer",
    "max_questions",
    "accept_recommendations",
];

impl SpecServer {
    pub fn new(options: ServerOptions, factory: Arc<dyn AgentFactory>) -> SpecServer {
        SpecServer {
            options: Arc::new(options),
            factory,
            registry: Arc::new(Registry::default()),
            tool_router: Self::tool_router(),
            prompt_router: Self::prompt_router(),
        }
    }

    /// Saves and stops every running session.
    pub async fn shutdown(&self) {
        self.registry.shutdown().await;
    }

    /// The project root: `--root`, else the host's first folder root, else the working
    /// directory.
    async fn root(&self, ctx: &RequestContext<RoleServer>) -> Result<PathBuf, String> {
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

    fn interviewer(args: &Args, tool: &str) -> Result<Interviewer, String> {
        match args.opt_string("interviewer", "\"program\" or \"host\"")? {
            None => Ok(Interviewer::Program),
            Some(text) => Interviewer::parse(text)
                .ok_or_else(|| format!("{tool}: `interviewer` must be \"program\" or \"host\".")),
        }
    }

    /// A session this server runs, by id or unique prefix.
    fn live_id(&self, text: &str) -> Option<Uuid> {
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
    fn saved_id(layout: &ProjectLayout, text: &str) -> Result<Uuid, String> {
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
    async fn not_running(&self, text: &str, ctx: &RequestContext<RoleServer>) -> String {
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
    async fn hold(&self, text: &str, ctx: &RequestContext<RoleServer>) -> Result<Held, String> {
        let Some(id) = self.live_id(text) else {
            return Err(self.not_running(text, ctx).await);
        };
        let Some(cell) = self.registry.get(id) else {
            return Err(self.not_running(text, ctx).await);
        };
        Ok(cell.lock_owned().await)
    }

    /// The result of a call that drove `live`; a session that stopped leaves the registry.
    fn finish_step(&self, live: &mut Live, submitted_turn: bool) -> CallToolResult {
        let step = take_step(live, submitted_turn);
        if matches!(live.state, State::Ended(_)) {
            self.registry.remove(live.id);
        }
        step_result(step)
    }

    /// A session whose last call was cancelled half-way is brought to where it waits;
    /// the caller's request was not applied.
    async fn settle(&self, live: &mut Live) -> Option<CallToolResult> {
        if !matches!(live.state, State::Busy) {
            return None;
        }
        live.advance().await;
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

    async fn open_session(
        &self,
        layout: ProjectLayout,
        interviewer: Interviewer,
        open: impl FnOnce(&ProjectLayout) -> Result<store::Opened, String>,
        intro: Option<String>,
    ) -> CallToolResult {
        let factory = self.factory.clone();
        let held = self.registry.open_with(|_running| {
            let prepared = Live::prepare(interviewer, &layout, factory.as_ref())?;
            let opened = open(&layout)?;
            Ok(prepared.spawn(opened))
        });
        let mut held = match held {
            Ok(held) => held,
            Err(e) => return fail(e),
        };
        held.advance().await;
        let mut result = self.finish_step(&mut held, false);
        if let Some(intro) = intro
            && let Some(ContentBlock::Text(text)) = result.content.first_mut()
        {
            text.text = format!("{intro}\n\n{}", text.text);
        }
        result
    }
}

fn short(text: &str) -> String {
    let t: String = text.trim().chars().take(40).collect();
    format!("`{}`", specwright_render::escape::strip_controls(&t))
}

#[tool_router]
impl SpecServer {
    #[tool(
        name = "spec_start",
        description = "Start a specwright requirements interview about a topic (or reopen the approved spec of that topic to revise it). Returns markdown to show the person verbatim (the first questions) and the session id; with interviewer \"host\", a turn request for your own model instead (submit it with spec_turn).",
        input_schema = input::<StartArgs>(),
        output_schema = schema_for_output::<StepOut>()
    )]
    async fn spec_start(
        &self,
        Parameters(map): Parameters<JsonObject>,
        ctx: RequestContext<RoleServer>,
    ) -> Result<CallToolResult, ErrorData> {
        let checked = (|| -> Result<_, String> {
            let args = Args::new("spec_start", &map, START_ARGS)?;
            let topic = args
                .string("topic", "what the spec is about, e.g. \"URL shortener\"")?
                .to_string();
            let interviewer = Self::interviewer(&args, "spec_start")?;
            let max_questions = args.opt_count("max_questions")?;
            let accept = args.opt_bool("accept_recommendations")?.unwrap_or(false);
            Ok((topic, interviewer, max_questions, accept))
        })();
        let (topic, interviewer, max_questions, accept) = match checked {
            Ok(c) => c,
            Err(e) => return Ok(fail(e)),
        };
        let root = match self.root(&ctx).await {
            Ok(root) => root,
            Err(e) => return Ok(fail(e)),
        };
        let settings = SessionSettings {
            budgets: max_questions.map(Budgets::spread).unwrap_or_default(),
            accept_recommendations: accept,
        };
        let open = move |layout: &ProjectLayout| {
            store::start_or_reopen(layout, &topic, settings, chrono::Utc::now())
                .map_err(|e| format!("{}.", capitalized(&e.to_string())))
        };
        Ok(self
            .open_session(ProjectLayout::new(root), interviewer, open, None)
            .await)
    }

    #[tool(
        name = "spec_resume",
        description = "Continue a saved interview session (started here or at the specwright command line). Returns what it waits for, like spec_start.",
        input_schema = input::<ResumeArgs>(),
        output_schema = schema_for_output::<StepOut>()
    )]
    async fn spec_resume(
        &self,
        Parameters(map): Parameters<JsonObject>,
        ctx: RequestContext<RoleServer>,
    ) -> Result<CallToolResult, ErrorData> {
        let checked = (|| -> Result<_, String> {
            let args = Args::new("spec_resume", &map, &["session_id", "interviewer"])?;
            let id = args
                .string("session_id", "the id spec_sessions lists")?
                .to_string();
            Ok((id, Self::interviewer(&args, "spec_resume")?))
        })();
        let (text, interviewer) = match checked {
            Ok(c) => c,
            Err(e) => return Ok(fail(e)),
        };
        let root = match self.root(&ctx).await {
            Ok(root) => root,
            Err(e) => return Ok(fail(e)),
        };
        let layout = ProjectLayout::new(root);
        let id = match Self::saved_id(&layout, &text) {
            Ok(id) => id,
            Err(e) => return Ok(fail(e)),
        };
        if self.registry.contains(id) {
            return Ok(fail(format!(
                "Session {id} is already open in this server; continue it with spec_reply (spec_status shows what it waits for)."
            )));
        }
        let session = match store::read(&layout, id) {
            Ok(s) => s,
            Err(e) => return Ok(fail(format!("{}.", capitalized(&e.to_string())))),
        };
        if session.is_completed() {
            return Ok(fail(format!(
                "Session {id} is finished: its spec is {}. To revise it, call spec_start with its topic.",
                session.spec_path().unwrap_or("written")
            )));
        }
        let intro = format!(
            "Resuming \"{}\" at {}.",
            specwright_render::escape::strip_controls(session.topic()),
            session.phase().title()
        );
        let open = move |layout: &ProjectLayout| {
            store::open(layout, id).map_err(|e| format!("{}.", capitalized(&e.to_string())))
        };
        Ok(self
            .open_session(layout, interviewer, open, Some(intro))
            .await)
    }

    #[tool(
        name = "spec_reply",
        description = "Send the person's reply to a session, exactly as they typed it: answers, an option's number or name (a reason may follow), their own choice, empty text to take the recommendation, feedback on the draft, or /skip, /back, /status, /approve. Returns the next markdown to show verbatim; when the spec is written it says \"Spec written to docs/spec/biz/...\".",
        input_schema = input::<ReplyArgs>(),
        output_schema = schema_for_output::<StepOut>()
    )]
    async fn spec_reply(
        &self,
        Parameters(map): Parameters<JsonObject>,
        ctx: RequestContext<RoleServer>,
    ) -> Result<CallToolResult, ErrorData> {
        let checked = (|| -> Result<_, String> {
            let args = Args::new("spec_reply", &map, &["session_id", "text"])?;
            let id = args
                .string("session_id", "the id spec_start returned")?
                .to_string();
            let text = args
                .string(
                    "text",
                    "the person's reply; empty text takes the recommendation",
                )?
                .replace('\r', "");
            Ok((id, text))
        })();
        let (id, text) = match checked {
            Ok(c) => c,
            Err(e) => return Ok(fail(e)),
        };
        let mut live = match self.hold(&id, &ctx).await {
            Ok(live) => live,
            Err(e) => return Ok(fail(e)),
        };
        if let Some(result) = self.settle(&mut live).await {
            return Ok(result);
        }
        match &live.state {
            State::Reply(_) => {
                live.send_line(text).await;
                Ok(self.finish_step(&mut live, false))
            }
            State::Turn(_) => Ok(fail(format!(
                "Session {} waits for the interviewer's next turn, not for the person's reply: write the turn the last result asked for and submit it with spec_turn.",
                live.id
            ))),
            State::Busy | State::Ended(_) => Ok(self.finish_step(&mut live, false)),
        }
    }

    #[tool(
        name = "spec_turn",
        description = "Submit the next interview turn written by your own model, for a session started with interviewer \"host\": one JSON object matching the schema of the turn request. specwright validates it as it validates any model's reply; an invalid turn comes back as an error result listing what to fix.",
        input_schema = input::<TurnArgs>(),
        output_schema = schema_for_output::<StepOut>()
    )]
    async fn spec_turn(
        &self,
        Parameters(map): Parameters<JsonObject>,
        ctx: RequestContext<RoleServer>,
    ) -> Result<CallToolResult, ErrorData> {
        let checked = (|| -> Result<_, String> {
            let args = Args::new("spec_turn", &map, &["session_id", "turn"])?;
            let id = args
                .string("session_id", "the id spec_start returned")?
                .to_string();
            let turn = match args.value("turn", "the turn as one JSON object")? {
                serde_json::Value::String(s) => s.clone(),
                v @ serde_json::Value::Object(_) => v.to_string(),
                _ => {
                    return Err(
                        "spec_turn: `turn` must be the turn as one JSON object matching the request's schema."
                            .into(),
                    );
                }
            };
            Ok((id, turn))
        })();
        let (id, turn) = match checked {
            Ok(c) => c,
            Err(e) => return Ok(fail(e)),
        };
        let mut live = match self.hold(&id, &ctx).await {
            Ok(live) => live,
            Err(e) => return Ok(fail(e)),
        };
        if let Some(result) = self.settle(&mut live).await {
            return Ok(result);
        }
        match &live.state {
            State::Turn(_) => {
                live.submit_turn(turn).await;
                Ok(self.finish_step(&mut live, true))
            }
            State::Reply(_) if live.interviewer == Interviewer::Program => Ok(fail(format!(
                "Session {} is interviewed by specwright itself (interviewer \"program\"); spec_turn is for sessions started with interviewer \"host\". Pass the person's reply to spec_reply.",
                live.id
            ))),
            State::Reply(_) => Ok(fail(format!(
                "Session {} waits for the person's reply, not for a turn: show them the last result and pass their reply to spec_reply.",
                live.id
            ))),
            State::Busy | State::Ended(_) => Ok(self.finish_step(&mut live, false)),
        }
    }

    #[tool(
        name = "spec_status",
        description = "A session's phase, checklist coverage, question budget and decisions, and what it waits for.",
        input_schema = input::<SessionArgs>(),
        output_schema = schema_for_output::<StatusOut>(),
        annotations(read_only_hint = true)
    )]
    async fn spec_status(
        &self,
        Parameters(map): Parameters<JsonObject>,
        ctx: RequestContext<RoleServer>,
    ) -> Result<CallToolResult, ErrorData> {
        let text = match Args::new("spec_status", &map, &["session_id"]).and_then(|a| {
            a.string("session_id", "the id spec_start returned")
                .map(str::to_string)
        }) {
            Ok(t) => t,
            Err(e) => return Ok(fail(e)),
        };
        // A session running here is read from its own project; any other from this one.
        let (layout, id, running) = match self
            .live_id(&text)
            .and_then(|id| self.registry.get(id).map(|cell| (id, cell)))
        {
            Some((id, cell)) => {
                let (layout, waiting, describe) = match cell.try_lock() {
                    Ok(live) => (
                        live.layout.clone(),
                        match live.state {
                            State::Reply(_) => Some("reply"),
                            State::Turn(_) => Some("turn"),
                            _ => None,
                        },
                        live.interviewer,
                    ),
                    // A call is driving it right now: the journal is current all the same.
                    Err(_) => match self.root(&ctx).await {
                        Ok(root) => (ProjectLayout::new(root), None, Interviewer::Program),
                        Err(e) => return Ok(fail(e)),
                    },
                };
                (layout, id, Some((waiting, describe)))
            }
            None => {
                let root = match self.root(&ctx).await {
                    Ok(root) => root,
                    Err(e) => return Ok(fail(e)),
                };
                let layout = ProjectLayout::new(root);
                match Self::saved_id(&layout, &text) {
                    Ok(id) => (layout, id, None),
                    Err(e) => return Ok(fail(e)),
                }
            }
        };
        let session = match store::read(&layout, id) {
            Ok(s) => s,
            Err(e) => return Ok(fail(format!("{}.", capitalized(&e.to_string())))),
        };
        let model = match running {
            Some((_, Interviewer::Host)) => "the host's model (spec_turn)".to_string(),
            Some((_, Interviewer::Program)) => "specwright's interviewer".to_string(),
            None => "none (the session is not open in this server)".to_string(),
        };
        let mut markdown = fenced(&status_text(&session, &model));
        if let Some(pending) = pending_md(&session) {
            markdown.push_str("\nWaiting for the reply to:\n\n");
            markdown.push_str(&pending);
        }
        let out = StatusOut {
            session_id: id.to_string(),
            topic: specwright_render::escape::strip_controls(session.topic()),
            phase: phase_out(session.phase()),
            coverage: coverage(&session),
            question_groups_used: session.asked_in_phase(),
            question_budget: session.budget(),
            decisions: session.decisions().iter().map(recorded_out).collect(),
            finished: session.is_completed(),
            spec_path: session
                .spec_path()
                .map(str::to_string)
                .unwrap_or_else(|| layout.relative(&layout.spec_path(session.slug()))),
            open_here: running.is_some(),
            waiting_for: running.and_then(|(w, _)| w.map(str::to_string)),
            model_turns: session.model_turns(),
            repairs: session.repairs(),
        };
        Ok(ok(markdown, out))
    }

    #[tool(
        name = "spec_sessions",
        description = "The project's interview sessions (started here or at the command line), the most recent first.",
        input_schema = input::<NoArgs>(),
        output_schema = schema_for_output::<SessionsOut>(),
        annotations(read_only_hint = true)
    )]
    async fn spec_sessions(
        &self,
        Parameters(map): Parameters<JsonObject>,
        ctx: RequestContext<RoleServer>,
    ) -> Result<CallToolResult, ErrorData> {
        if let Err(e) = Args::new("spec_sessions", &map, &[]) {
            return Ok(fail(e));
        }
        let root = match self.root(&ctx).await {
            Ok(root) => root,
            Err(e) => return Ok(fail(e)),
        };
        let layout = ProjectLayout::new(&root);
        let all = match store::list(&layout) {
            Ok(all) => all,
            Err(e) => return Ok(fail(format!("{}.", capitalized(&e.to_string())))),
        };
        let clean = specwright_render::escape::strip_controls;
        let sessions: Vec<SessionOut> = all
            .iter()
            .map(|s| SessionOut {
                session_id: s.id.to_string(),
                topic: clean(&s.topic),
                phase: s.phase.title().to_string(),
                updated_at: s.updated_at.to_rfc3339(),
                finished: s.finished,
                spec_path: s.spec_path.clone(),
                open_here: self.registry.contains(s.id),
                problem: s.problem.as_deref().map(clean),
            })
            .collect();
        let mut markdown = if sessions.is_empty() {
            "No sessions yet; spec_start starts one.\n".to_string()
        } else {
            "| session | topic | phase | last activity | state | spec |\n|---|---|---|---|---|---|\n"
                .to_string()
        };
        for (s, summary) in sessions.iter().zip(&all) {
            let cell = |t: &str| specwright_render::escape::inline(t);
            let state = match (&s.problem, s.finished, s.open_here) {
                (Some(p), _, _) => format!("unreadable: {}", cell(p)),
                (None, true, _) => "finished".into(),
                (None, false, true) => "open here".into(),
                (None, false, false) => "saved".into(),
            };
            markdown.push_str(&format!(
                "| `{}` | {} | {} | {} | {state} | {} |\n",
                s.session_id,
                cell(&s.topic),
                s.phase,
                summary.updated_at.format("%Y-%m-%d %H:%M"),
                cell(&s.spec_path)
            ));
        }
        Ok(ok(
            markdown,
            SessionsOut {
                root: root.display().to_string(),
                sessions,
            },
        ))
    }

    #[tool(
        name = "spec_lint",
        description = "Check specs against the template (the project's own if it has one), as `specwright lint` does: sections, use-case fields, tables, placeholders, measurable non-functional requirements, vague words, decision rationale. Without a path, every spec in docs/spec/biz/.",
        input_schema = input::<LintArgs>(),
        output_schema = schema_for_output::<LintOut>(),
        annotations(read_only_hint = true)
    )]
    async fn spec_lint(
        &self,
        Parameters(map): Parameters<JsonObject>,
        ctx: RequestContext<RoleServer>,
    ) -> Result<CallToolResult, ErrorData> {
        let path = match Args::new("spec_lint", &map, &["path"]).and_then(|a| {
            a.opt_string("path", "a spec inside the project, relative to its root")
                .map(|p| p.map(str::to_string))
        }) {
            Ok(p) => p,
            Err(e) => return Ok(fail(e)),
        };
        let root = match self.root(&ctx).await {
            Ok(root) => root,
            Err(e) => return Ok(fail(e)),
        };
        match lint::lint_specs(&ProjectLayout::new(root), path.as_deref()) {
            Ok((markdown, out)) => Ok(ok(markdown, out)),
            Err(e) => Ok(fail(e)),
        }
    }
}

/// The first letter in upper case: error messages of the other crates start in lower case
/// to be joined into sentences.
fn capitalized(text: &str) -> String {
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
