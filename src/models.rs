//! Chooses the model that runs the interview from flags, environment and config files.

use std::path::Path;

use crate::config::{self, FlagConfig, ProviderConfig, ProviderKind};
use anyhow::{Result, bail};
use specwright_llm::openai::OpenAiModel;
use specwright_llm::{ChatModel, OfflineModel};

use crate::cli::Common;

pub struct Selected {
    pub model: Box<dyn ChatModel>,
    pub max_repairs: u32,
    pub notices: Vec<String>,
    pub config: ProviderConfig,
}

fn env(name: &str) -> Option<String> {
    std::env::var(name).ok()
}

/// Resolves the configuration for the project at `root`.
pub fn resolve(common: &Common, root: &Path) -> Result<ProviderConfig> {
    let flags = FlagConfig {
        provider: common.provider.clone(),
        profile: common.profile.clone(),
        model: common.model.clone(),
        base_url: common.base_url.clone(),
    };
    let project_path = root.join(config::PROJECT_FILE);
    let project = config::load_file(&project_path)?.map(|f| (project_path, f));
    let user = match config::user_file(&env) {
        Some(path) => config::load_file(&path)?.map(|f| (path, f)),
        None => None,
    };
    Ok(config::resolve(&flags, &env, project, user)?)
}

pub fn select(common: &Common, root: &Path) -> Result<Selected> {
    let config = resolve(common, root)?;
    let max_repairs = config.max_repairs.value;
    match config.provider.value {
        ProviderKind::Offline => Ok(Selected {
            model: Box::new(OfflineModel::new(common.prompts_dir.as_deref())?),
            max_repairs,
            notices: vec![
                "No LLM is configured, so the built-in offline interviewer asks the questions (docs/configuration.md says how to use one).".into(),
            ],
            config,
        }),
        ProviderKind::Openai => {
            let model = OpenAiModel::new(config.openai_settings())?;
            Ok(Selected {
                notices: vec![format!("Interviewing with {}.", model.describe())],
                model: Box::new(model),
                max_repairs,
                config,
            })
        }
        ProviderKind::Replay => bail!("the replay provider runs through `specwright replay <fixture>`"),
    }
}
