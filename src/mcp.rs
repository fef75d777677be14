//! `specwright mcp`: the Model Context Protocol over stdio. The server lives in the
//! specwright-mcp crate; this gives it what only the binary knows, how the user's
//! configuration becomes an agent.

use std::path::Path;
use std::process::ExitCode;
use std::sync::Arc;

use anyhow::{Context, Result, bail};
use specwright_agent::ProjectLayout;
use specwright_llm::ChatModel;
use specwright_mcp::{AgentFactory, AgentSetup, ProgramInterviewer, ServerOptions, SetupError};

use crate::cli::Common;
use crate::config::ProviderKind;
use crate::{interview, models};

/// Agents built from the flags the server was started with and each project's config.
struct CliAgents {
    common: Common,
}

impl AgentFactory for CliAgents {
    fn program_interviewer(&self, root: &Path) -> Result<ProgramInterviewer, SetupError> {
        let selected = models::select(&self.common, root, None)?;
        Ok(ProgramInterviewer {
            describe: selected.model.describe(),
            is_llm: selected.config.provider.value != ProviderKind::Offline,
        })
    }

    fn setup(
        &self,
        layout: &ProjectLayout,
        host: Option<Arc<dyn ChatModel>>,
    ) -> Result<AgentSetup, SetupError> {
        let mut parts = interview::agent_parts(&self.common, layout, None, host)?;
        // The host may have chosen the root: the command that resumes at a terminal names it.
        parts.options.resume_command = format!(
            "specwright resume {{id}} --root {}",
            layout.root().display()
        );
        Ok(AgentSetup {
            deps: parts.deps,
            options: parts.options,
        })
    }
}

pub async fn serve(common: &Common) -> Result<ExitCode> {
    let cwd = std::env::current_dir().context("cannot read the current directory")?;
    if let Some(root) = &common.root
        && !root.is_dir()
    {
        bail!("the project root {} is not a folder", root.display());
    }
    let options = ServerOptions {
        root: common.root.clone(),
        cwd,
    };
    specwright_mcp::serve_stdio(
        options,
        Arc::new(CliAgents {
            common: common.clone(),
        }),
    )
    .await?;
    Ok(ExitCode::SUCCESS)
}
