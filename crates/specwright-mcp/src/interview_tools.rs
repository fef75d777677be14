//! The tools that drive an interview: `spec_start`, `spec_resume`, `spec_reply` and
//! `spec_turn`. Each holds its session for the call and reads the agent's events until it
//! waits again.

use rmcp::handler::server::tool::schema_for_output;
use rmcp::handler::server::wrapper::Parameters;
use rmcp::model::{CallToolResult, JsonObject};
use rmcp::schemars::{self, JsonSchema};
use rmcp::service::RequestContext;
use rmcp::{ErrorData, RoleServer, tool, tool_router};
use specwright_agent::{ProjectLayout, store};
use specwright_core::{Budgets, SessionSettings};

use crate::args::Args;
use crate::factory::Interviewer;
use crate::live::State;
use crate::output::StepOut;
use crate::server::{SpecServer, capitalized, fail, input};

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

const START_ARGS: &[&str] = &[
    "topic",
    "interviewer",
    "max_questions",
    "accept_recommendations",
];

#[tool_router(router = interview_tools, vis = "pub(crate)")]
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
            // The interviewer (the host's or specwright's) is chosen per call, not recorded.
            ..SessionSettings::default()
        };
        let open = move |layout: &ProjectLayout| {
            store::start_or_reopen(layout, &topic, settings, chrono::Utc::now())
                .map_err(|e| format!("{}.", capitalized(&e.to_string())))
        };
        Ok(self
            .open_session(ProjectLayout::new(root), interviewer, open, None, &ctx)
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
            .open_session(layout, interviewer, open, Some(intro), &ctx)
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
                Ok(self.finish_step(&mut live, false).await)
            }
            State::Turn(_) => Ok(fail(format!(
                "Session {} waits for the interviewer's next turn, not for the person's reply: write the turn the last result asked for and submit it with spec_turn.",
                live.id
            ))),
            State::Busy | State::Ended(_) => Ok(self.finish_step(&mut live, false).await),
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
                Ok(self.finish_step(&mut live, true).await)
            }
            State::Reply(_) if live.interviewer == Interviewer::Program => Ok(fail(format!(
                "Session {} is interviewed by specwright itself (interviewer \"program\"); spec_turn is for sessions started with interviewer \"host\". Pass the person's reply to spec_reply.",
                live.id
            ))),
            State::Reply(_) => Ok(fail(format!(
                "Session {} waits for the person's reply, not for a turn: show them the last result and pass their reply to spec_reply.",
                live.id
            ))),
            State::Busy | State::Ended(_) => Ok(self.finish_step(&mut live, false).await),
        }
    }
}
