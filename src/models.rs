//! Chooses the model that runs the interview from flags, the session's recorded model,
//! environment and config files, and refuses to send the key where the user never chose.

use std::path::Path;

use anyhow::{Result, bail};
use specwright_core::Interviewer;
use specwright_llm::openai::OpenAiModel;
use specwright_llm::{ChatModel, OfflineModel};
use uuid::Uuid;

use crate::cli::Common;
use crate::config::{
    self, ConfigFiles, FlagConfig, Layers, ProviderConfig, ProviderKind, Source, show::redact_url,
};

pub struct Selected {
    pub model: Box<dyn ChatModel>,
    pub max_repairs: u32,
    pub notices: Vec<String>,
    pub config: ProviderConfig,
}

fn env(name: &str) -> Option<String> {
    std::env::var(name).ok()
}

/// Resolves the configuration for the project at `root`; `recorded` is the model a
/// session started with, when one is being continued.
pub fn resolve(
    common: &Common,
    root: &Path,
    recorded: Option<(Uuid, &Interviewer)>,
) -> Result<ProviderConfig> {
    let flags = FlagConfig {
        provider: common.provider.clone(),
        profile: common.profile.clone(),
        model: common.model.clone(),
        base_url: common.base_url.clone(),
    };
    let project_path = root.join(config::PROJECT_FILE);
    let project = config::load_file(&project_path)?.map(|f| (project_path.clone(), f));
    let user_path = config::user_file(&env);
    let user = match &user_path {
        Some(path) => config::load_file(path)?.map(|f| (path.clone(), f)),
        None => None,
    };
    let files = ConfigFiles {
        project: Some(project_path),
        project_found: project.is_some(),
        user: user_path,
        user_found: user.is_some(),
    };
    let layers = Layers {
        flags,
        recorded: recorded.map(|(id, i)| (id, i.clone())),
        env: &env,
        project,
        user,
        root: root
            .canonicalize()
            .ok()
            .and_then(|p| p.to_str().map(str::to_string)),
        files,
    };
    Ok(config::resolve(&layers)?)
}

/// The model for an interview, or one sentence on why it cannot run (a bad setting, or a
/// key that would go to a server the user never chose).
pub fn select(
    common: &Common,
    root: &Path,
    recorded: Option<(Uuid, &Interviewer)>,
) -> Result<Selected> {
    let config = resolve(common, root, recorded)?;
    if let Some(refusal) = config.trust.refusal() {
        bail!(refusal);
    }
    tracing::info!(
        provider = config.provider.value.name(),
        from = %config.provider.source,
        model = %config.model.value,
        "interviewer chosen"
    );
    let max_repairs = config.max_repairs.value;
    let mut notices = recorded
        .map(|(_, r)| recorded_notices(common, r, &config))
        .unwrap_or_default();
    match config.provider.value {
        ProviderKind::Offline => {
            notices.push(match &config.provider.source {
                Source::Default => "No LLM is configured, so the built-in offline interviewer asks the questions (docs/configuration.md says how to use one).".into(),
                source => format!("The built-in offline interviewer asks the questions ({source})."),
            });
            Ok(Selected {
                model: Box::new(OfflineModel::new(common.prompts_dir.as_deref())?),
                max_repairs,
                notices,
                config,
            })
        }
        ProviderKind::Openai => {
            let model = OpenAiModel::new(config.openai_settings())?;
            notices.push(format!("Interviewing with {}.", model.describe()));
            Ok(Selected {
                notices,
                model: Box::new(model),
                max_repairs,
                config,
            })
        }
        ProviderKind::Replay => {
            bail!("the replay provider runs through `specwright replay <fixture>`")
        }
    }
}

/// What to say when a continued session keeps its recorded model, or a flag replaces it.
fn recorded_notices(
    common: &Common,
    recorded: &Interviewer,
    config: &ProviderConfig,
) -> Vec<String> {
    let mut out = Vec::new();
    let replaced = |flag: &str, given: &Option<String>, was: &Option<String>| match (given, was) {
        (Some(new), Some(old)) if new.trim() != old.trim() => Some(format!(
            "{flag} {} replaces {}, which this session started with, for this run.",
            redact_url(new),
            redact_url(old)
        )),
        _ => None,
    };
    out.extend(replaced(
        "--provider",
        &common.provider,
        &Some(recorded.provider.clone()),
    ));
    out.extend(replaced("--profile", &common.profile, &recorded.profile));
    out.extend(replaced("--model", &common.model, &recorded.model));
    out.extend(replaced("--base-url", &common.base_url, &recorded.base_url));
    let kept = matches!(config.provider.source, Source::Session(_))
        || matches!(config.model.source, Source::Session(_))
        || config
            .base_url
            .as_ref()
            .is_some_and(|b| matches!(b.source, Source::Session(_)))
        || config
            .profile
            .as_ref()
            .is_some_and(|p| matches!(p.source, Source::Session(_)));
    if kept && out.is_empty() {
        out.push(
            "This session keeps the model it started with; --provider, --model or --base-url choose another."
                .into(),
        );
    }
    out
}
