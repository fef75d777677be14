//! Which model runs the interview, and where each setting came from. Precedence: flags >
//! the session's recorded model (on resume and revise) > environment >
//! `<root>/.specwright.toml` > `$XDG_CONFIG_HOME/specwright/config.toml` > defaults.
//!
//! - [`file`]: the config files (reading them, the user file's trust entries);
//! - [`resolve`]: picking each value from its layers, a pure function of its inputs, so it
//!   is tested without touching the process environment;
//! - [`trust`]: whether the key may go to the server a project file or a journal names;
//! - [`show`]: `specwright config show`, human and JSON.

pub mod file;
pub mod resolve;
pub mod show;
pub mod trust;

use std::path::PathBuf;
use std::time::Duration;

use specwright_core::Interviewer;
use specwright_llm::ModelError;
use specwright_llm::openai::{ApiKey, OpenAiSettings};
use uuid::Uuid;

pub use file::{load_file, user_file};
pub use resolve::{FlagConfig, Layers, resolve};
pub use trust::Trust;

/// The project config file, under the root.
pub const PROJECT_FILE: &str = ".specwright.toml";
/// The user config file, under `$XDG_CONFIG_HOME` (or `~/.config`).
pub const USER_FILE: &str = "specwright/config.toml";

pub const ENV_API_KEY: &str = "OPENAI_API_KEY";
pub const ENV_BASE_URL: &str = "OPENAI_BASE_URL";
pub const ENV_BASE_URL_ALIAS: &str = "OPENAI_API_BASE";
pub const ENV_MODEL: &str = "SPECWRIGHT_MODEL";
pub const ENV_PROVIDER: &str = "SPECWRIGHT_PROVIDER";
pub const ENV_PROFILE: &str = "SPECWRIGHT_PROFILE";
pub const ENV_HISTORY: &str = "SPECWRIGHT_HISTORY";

/// A named server: (name, base URL, default model).
pub type Profile = (&'static str, &'static str, &'static str);

/// Named servers: (name, base URL, default model).
pub const PROFILES: [Profile; 5] = [
    ("openai", "https://api.openai.com/v1", "gpt-4o-mini"),
    ("ollama", "http://localhost:11434/v1", "llama3.1"),
    ("llamacpp", "http://localhost:8080/v1", "default"),
    ("vllm", "http://localhost:8000/v1", "default"),
    ("lmstudio", "http://localhost:1234/v1", "default"),
];

/// The model used when nothing names one.
pub const DEFAULT_MODEL: &str = "gpt-4o-mini";

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Source {
    Flag,
    /// Recorded in the session's journal when it started.
    Session(Uuid),
    Env(&'static str),
    /// `<root>/.specwright.toml`
    ProjectFile(PathBuf),
    /// `$XDG_CONFIG_HOME/specwright/config.toml`
    UserFile(PathBuf),
    Profile(String),
    /// Not set anywhere, but implied by another setting (e.g. a key implies an LLM).
    Inferred(String),
    Default,
}

impl std::fmt::Display for Source {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Source::Flag => f.write_str("command-line flag"),
            Source::Session(id) => write!(f, "recorded in session {id}"),
            Source::Env(name) => write!(f, "environment {name}"),
            Source::ProjectFile(path) => write!(f, "project file {}", path.display()),
            Source::UserFile(path) => write!(f, "user file {}", path.display()),
            Source::Profile(name) => write!(f, "profile {name}"),
            Source::Inferred(why) => write!(f, "inferred from {why}"),
            Source::Default => f.write_str("default"),
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Resolved<T> {
    pub value: T,
    pub source: Source,
}

impl<T> Resolved<T> {
    pub fn new(value: T, source: Source) -> Self {
        Resolved { value, source }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ProviderKind {
    Openai,
    Offline,
    Replay,
}

impl ProviderKind {
    pub fn parse(s: &str) -> Result<ProviderKind, ModelError> {
        match s.trim().to_ascii_lowercase().as_str() {
            "openai" => Ok(ProviderKind::Openai),
            "offline" => Ok(ProviderKind::Offline),
            "replay" => Ok(ProviderKind::Replay),
            other => Err(ModelError::Config(format!(
                "unknown provider {other:?}; use openai, offline or replay"
            ))),
        }
    }

    pub fn name(self) -> &'static str {
        match self {
            ProviderKind::Openai => "openai",
            ProviderKind::Offline => "offline",
            ProviderKind::Replay => "replay",
        }
    }
}

/// Where the config files are and whether they exist.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ConfigFiles {
    pub project: Option<PathBuf>,
    pub project_found: bool,
    pub user: Option<PathBuf>,
    pub user_found: bool,
}

/// Everything resolved, each value with its source.
#[derive(Debug, Clone)]
pub struct ProviderConfig {
    pub provider: Resolved<ProviderKind>,
    pub profile: Option<Resolved<String>>,
    pub model: Resolved<String>,
    pub base_url: Option<Resolved<String>>,
    pub api_key: Option<Resolved<ApiKey>>,
    /// Whether the key may go to the server.
    pub trust: Trust,
    pub connect_timeout: Resolved<Duration>,
    pub idle_timeout: Resolved<Duration>,
    pub max_retries: Resolved<u32>,
    pub max_repairs: Resolved<u32>,
    pub stream: Resolved<bool>,
    pub max_tokens: Option<Resolved<u32>>,
    pub temperature: Option<Resolved<f32>>,
    pub history: Resolved<bool>,
    /// Whether the offline interviewer takes a turn the model could not get valid.
    pub fallback_offline: Resolved<bool>,
    pub context_window: Option<Resolved<usize>>,
    pub max_reply_bytes: Resolved<usize>,
    pub max_reply_time: Resolved<Duration>,
    pub files: ConfigFiles,
}

impl ProviderConfig {
    /// The server the client talks to.
    pub fn effective_base_url(&self) -> &str {
        self.base_url
            .as_ref()
            .map(|b| b.value.as_str())
            .unwrap_or(PROFILES[0].1)
    }

    /// The settings for the OpenAI-compatible client.
    pub fn openai_settings(&self) -> OpenAiSettings {
        let mut s = OpenAiSettings::new(
            self.effective_base_url().to_string(),
            self.model.value.clone(),
        );
        s.api_key = self.api_key.as_ref().map(|k| k.value.clone());
        s.connect_timeout = self.connect_timeout.value;
        s.idle_timeout = self.idle_timeout.value;
        s.max_retries = self.max_retries.value;
        s.stream = self.stream.value;
        s.max_tokens = self.max_tokens.as_ref().map(|m| m.value);
        s.limit_turn_tokens = self.limits_turn_tokens();
        s.temperature = self.temperature.as_ref().map(|t| t.value);
        s.max_reply_bytes = self.max_reply_bytes.value;
        s.max_reply_time = self.max_reply_time.value;
        s
    }

    /// Whether, without `max_tokens`, each reply is limited to what its kind of turn needs
    /// (1024 tokens for questions and decisions, 4096 for drafts), so a small local model
    /// that loses its way cannot write until its context is full. Not on OpenAI's and
    /// Azure's own servers: their models keep to the schema, and their reasoning models
    /// refuse the `max_tokens` parameter that local servers need.
    pub fn limits_turn_tokens(&self) -> bool {
        if self.max_tokens.is_some() {
            return false;
        }
        let host = url::Url::parse(self.effective_base_url())
            .ok()
            .and_then(|u| u.host_str().map(str::to_ascii_lowercase))
            .unwrap_or_default();
        !(host == "api.openai.com" || host.ends_with(".openai.azure.com"))
    }

    /// What a new session records about its model, so resume and revise use it again:
    /// never the key, and no base URL that carries a password or query parameters (those
    /// are resolved again from the configuration), nor a value a profile or a default
    /// supplies (resolved again the same way).
    pub fn interviewer(&self) -> Interviewer {
        let openai = self.provider.value == ProviderKind::Openai;
        let base_url = self
            .base_url
            .as_ref()
            .filter(|_| openai)
            .filter(|b| !matches!(b.source, Source::Profile(_) | Source::Default))
            .filter(|b| !show::has_credentials(&b.value))
            .map(|b| b.value.clone());
        Interviewer {
            provider: self.provider.value.name().to_string(),
            model: Some(&self.model)
                .filter(|_| openai)
                .filter(|m| !matches!(m.source, Source::Profile(_) | Source::Default))
                .map(|m| m.value.clone()),
            base_url,
            profile: self.profile.as_ref().map(|p| p.value.clone()),
        }
    }
}

#[cfg(test)]
mod tests;
