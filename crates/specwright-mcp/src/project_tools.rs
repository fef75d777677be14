//! The tools that read the project: `spec_status`, `spec_sessions` and `spec_lint`.

use rmcp::handler::server::tool::schema_for_output;
use rmcp::handler::server::wrapper::Parameters;
use rmcp::model::{CallToolResult, JsonObject};
use rmcp::schemars::{self, JsonSchema};
use rmcp::service::RequestContext;
use rmcp::{ErrorData, RoleServer, tool, tool_router};
use specwright_agent::status::status_text;
use specwright_agent::{ProjectLayout, store};

use crate::args::Args;
use crate::factory::Interviewer;
use crate::lint;
use crate::live::State;
use crate::output::{LintOut, SessionOut, SessionsOut, StatusOut};
use crate::present::{coverage, fenced, pending_md, phase_out, recorded_out};
use crate::server::{SpecServer, capitalized, fail, input, ok};

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

#[tool_router(router = project_tools, vis = "pub(crate)")]
impl SpecServer {
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
