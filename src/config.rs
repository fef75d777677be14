//! Which model runs the interview, and where each setting came from. Precedence: flags >
//! environment > `<root>/.specwright.toml` > `$XDG_CONFIG_HOME/specwright/config.toml` >
//! defaults. Resolution is a pure function of its inputs, so it is tested without touching
//! the process environment.

use std::path::{Path, PathBuf};
use std::time::Duration;

use serde::Deserialize;

use specwright_llm::ModelError;
use specwright_llm::openai::{ApiKey, OpenAiSettings};

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

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Source {
    Flag,
    Env(&'static str),
    /// `<root>/.specwright.toml`
    ProjectFile(PathBuf),
    /// `$XDG_CONFIG_HOME/specwright/config.toml`
    UserFile(PathBuf),
    Profile(String),
    Default,
}

impl std::fmt::Display for Source {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Source::Flag => f.write_str("command-line flag"),
            Source::Env(name) => write!(f, "environment {name}"),
            Source::ProjectFile(path) => write!(f, "project file {}", path.display()),
            Source::UserFile(path) => write!(f, "user file {}", path.display()),
            Source::Profile(name) => write!(f, "profile {name}"),
            Source::Default => f.write_str("default"),
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Resolved<T> {
    pub value: T,
    pub source: Source,
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

/// A config file's settings. Unknown keys are errors, so a typo never passes silently.
#[derive(Debug, Clone, Default, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct FileConfig {
    pub provider: Option<String>,
    pub profile: Option<String>,
    pub model: Option<String>,
    pub base_url: Option<String>,
    pub api_key: Option<String>,
    pub connect_timeout_secs: Option<u64>,
    pub idle_timeout_secs: Option<u64>,
    pub max_retries: Option<u32>,
    pub max_repairs: Option<u32>,
    pub stream: Option<bool>,
    pub max_tokens: Option<u32>,
    pub temperature: Option<f32>,
    /// Keep the REPL's history file.
    pub history: Option<bool>,
    /// What to do when the model cannot produce a valid turn after its repairs: "fail"
    /// (stop with the session saved) or "offline" (the built-in interviewer takes the turn).
    pub fallback: Option<String>,
    /// The model's context window in tokens; requests are kept under it.
    pub context_window: Option<usize>,
    /// The most bytes one model reply may have.
    pub max_reply_bytes: Option<usize>,
    /// The longest one model reply may take, in seconds.
    pub max_reply_secs: Option<u64>,
}

/// The flags that bear on the provider.
#[derive(Debug, Clone, Default)]
pub struct FlagConfig {
    pub provider: Option<String>,
    pub profile: Option<String>,
    pub model: Option<String>,
    pub base_url: Option<String>,
}

/// Everything resolved, each value with its source.
#[derive(Debug, Clone)]
pub struct ProviderConfig {
    pub provider: Resolved<ProviderKind>,
    pub model: Resolved<String>,
    pub base_url: Option<Resolved<String>>,
    pub api_key: Option<Resolved<ApiKey>>,
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
}

/// Reads a config file; `None` when it does not exist.
pub fn load_file(path: &Path) -> Result<Option<FileConfig>, ModelError> {
    let text = match std::fs::read_to_string(path) {
        Ok(t) => t,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(None),
        Err(e) => {
            return Err(ModelError::Config(format!(
                "cannot read {}: {e}",
                path.display()
            )));
        }
    };
    toml::from_str(&text).map(Some).map_err(|e| {
        let msg = e.message().to_string();
        let line = e
            .span()
            .map(|s| text[..s.start.min(text.len())].matches('\n').count() + 1)
            .map(|l| format!(" at line {l}"))
            .unwrap_or_default();
        ModelError::Config(format!("{}{line} is not valid: {msg}", path.display()))
    })
}

/// `$XDG_CONFIG_HOME/specwright/config.toml`, else `~/.config/specwright/config.toml`.
pub fn user_file(env: &dyn Fn(&str) -> Option<String>) -> Option<PathBuf> {
    env("XDG_CONFIG_HOME")
        .filter(|v| !v.is_empty())
        .map(PathBuf::from)
        .or_else(|| env("HOME").map(|h| PathBuf::from(h).join(".config")))
        .map(|d| d.join(USER_FILE))
}

/// How high a source ranks: lower wins.
fn layer(source: &Source) -> u8 {
    match source {
        Source::Flag => 0,
        Source::Env(_) => 1,
        Source::ProjectFile(_) => 2,
        Source::UserFile(_) => 3,
        Source::Profile(_) => 4,
        Source::Default => 5,
    }
}

/// Picks each setting from the first layer that has it.
pub fn resolve(
    flags: &FlagConfig,
    env: &dyn Fn(&str) -> Option<String>,
    project: Option<(PathBuf, FileConfig)>,
    user: Option<(PathBuf, FileConfig)>,
) -> Result<ProviderConfig, ModelError> {
    let env_var = |name: &'static str| {
        env(name)
            .filter(|v| !v.trim().is_empty())
            .map(|v| (v, Source::Env(name)))
    };
    let files: Vec<(Source, FileConfig)> = project
        .map(|(path, f)| (Source::ProjectFile(path), f))
        .into_iter()
        .chain(user.map(|(path, f)| (Source::UserFile(path), f)))
        .collect();
    // The first file (project, then user) that sets a field wins.
    macro_rules! from_files {
        ($field:ident) => {
            files
                .iter()
                .find_map(|(source, f)| f.$field.clone().map(|v| (v, source.clone())))
        };
    }
    let flag = |v: &Option<String>| {
        v.clone()
            .filter(|s| !s.trim().is_empty())
            .map(|v| (v, Source::Flag))
    };

    let profile = flag(&flags.profile)
        .or_else(|| env_var(ENV_PROFILE))
        .or_else(|| from_files!(profile));
    let profile = match profile {
        Some((name, source)) => {
            let found = PROFILES
                .iter()
                .find(|(n, _, _)| *n == name.trim().to_ascii_lowercase());
            match found {
                Some(p) => Some((*p, source)),
                None => {
                    let names: Vec<&str> = PROFILES.iter().map(|p| p.0).collect();
                    return Err(ModelError::Config(format!(
                        "unknown profile {name:?} (from {source}); the profiles are: {}",
                        names.join(", ")
                    )));
                }
            }
        }
        None => None,
    };

    // A profile's values rank just below the layer that chose it: `--profile ollama`
    // beats a base URL in a config file, while a file may set a profile and override
    // its URL.
    let with_profile = |explicit: Option<(String, Source)>,
                        pick: fn(&Profile) -> &'static str|
     -> Option<(String, Source)> {
        let Some((p, chosen_by)) = &profile else {
            return explicit;
        };
        let from_profile = (pick(p).to_string(), Source::Profile(p.0.to_string()));
        match explicit {
            Some(e) if layer(&e.1) <= layer(chosen_by) => Some(e),
            _ => Some(from_profile),
        }
    };
    let base_url = with_profile(
        flag(&flags.base_url)
            .or_else(|| env_var(ENV_BASE_URL))
            .or_else(|| env_var(ENV_BASE_URL_ALIAS))
            .or_else(|| from_files!(base_url)),
        |p| p.1,
    );
    let api_key = match env_var(ENV_API_KEY).or_else(|| from_files!(api_key)) {
        Some((raw, source)) => Some(Resolved {
            value: ApiKey::parse(&raw)
                .map_err(|e| ModelError::Config(format!("{e} (from {source})")))?,
            source,
        }),
        None => None,
    };
    let provider = match flag(&flags.provider)
        .or_else(|| env_var(ENV_PROVIDER))
        .or_else(|| from_files!(provider))
    {
        Some((name, source)) => Resolved {
            value: ProviderKind::parse(&name).map_err(|e| match e {
                ModelError::Config(m) => ModelError::Config(format!("{m} (from {source})")),
                other => other,
            })?,
            source,
        },
        // A key or a server means the user wants an LLM.
        None if base_url.is_some() || api_key.is_some() => Resolved {
            value: ProviderKind::Openai,
            source: Source::Default,
        },
        None => Resolved {
            value: ProviderKind::Offline,
            source: Source::Default,
        },
    };
    let model = with_profile(
        flag(&flags.model)
            .or_else(|| env_var(ENV_MODEL))
            .or_else(|| from_files!(model)),
        |p| p.2,
    )
    .unwrap_or_else(|| ("gpt-4o-mini".to_string(), Source::Default));
    let pick = |v: Option<(String, Source)>| v.map(|(value, source)| Resolved { value, source });
    let secs = |v: Option<(u64, Source)>, default: u64| match v {
        Some((s, source)) => Resolved {
            value: Duration::from_secs(s),
            source,
        },
        None => Resolved {
            value: Duration::from_secs(default),
            source: Source::Default,
        },
    };
    let or_default = |v: Option<(u32, Source)>, default: u32| match v {
        Some((value, source)) => Resolved { value, source },
        None => Resolved {
            value: default,
            source: Source::Default,
        },
    };
    let fallback_offline = match from_files!(fallback) {
        Some((v, source)) => match v.trim().to_ascii_lowercase().as_str() {
            "offline" => Resolved {
                value: true,
                source,
            },
            "fail" => Resolved {
                value: false,
                source,
            },
            other => {
                return Err(ModelError::Config(format!(
                    "fallback = {other:?} (in {source}) is not one of \"fail\" or \"offline\""
                )));
            }
        },
        None => Resolved {
            value: false,
            source: Source::Default,
        },
    };
    let connect_timeout = secs(from_files!(connect_timeout_secs), 10);
    let idle_timeout = secs(from_files!(idle_timeout_secs), 600);
    let max_reply_time = secs(
        from_files!(max_reply_secs),
        specwright_llm::openai::DEFAULT_MAX_REPLY_TIME.as_secs(),
    );
    let max_reply_bytes = match from_files!(max_reply_bytes) {
        Some((0, source)) => {
            return Err(ModelError::Config(format!(
                "max_reply_bytes = 0 (in {source}) would fail every request; use at least 1"
            )));
        }
        Some((value, source)) => Resolved { value, source },
        None => Resolved {
            value: specwright_llm::openai::DEFAULT_MAX_REPLY_BYTES,
            source: Source::Default,
        },
    };
    for (name, timeout) in [
        ("connect_timeout_secs", &connect_timeout),
        ("idle_timeout_secs", &idle_timeout),
        ("max_reply_secs", &max_reply_time),
    ] {
        if timeout.value.is_zero() {
            return Err(ModelError::Config(format!(
                "{name} = 0 (in {}) would fail every request; use at least 1",
                timeout.source
            )));
        }
    }
    Ok(ProviderConfig {
        context_window: from_files!(context_window)
            .map(|(value, source)| Resolved { value, source }),
        max_reply_bytes,
        max_reply_time,
        fallback_offline,
        provider,
        model: Resolved {
            value: model.0,
            source: model.1,
        },
        base_url: pick(base_url),
        api_key,
        connect_timeout,
        idle_timeout,
        max_retries: or_default(from_files!(max_retries), 4),
        max_repairs: or_default(from_files!(max_repairs), 2),
        stream: from_files!(stream)
            .map(|(value, source)| Resolved { value, source })
            .unwrap_or(Resolved {
                value: true,
                source: Source::Default,
            }),
        max_tokens: from_files!(max_tokens).map(|(value, source)| Resolved { value, source }),
        temperature: from_files!(temperature).map(|(value, source)| Resolved { value, source }),
        history: from_files!(history)
            .map(|(value, source)| Resolved { value, source })
            .unwrap_or(Resolved {
                value: true,
                source: Source::Default,
            }),
    })
}

impl ProviderConfig {
    /// The settings for the OpenAI-compatible client.
    pub fn openai_settings(&self) -> OpenAiSettings {
        let base = self
            .base_url
            .as_ref()
            .map(|b| b.value.clone())
            .unwrap_or_else(|| PROFILES[0].1.to_string());
        let mut s = OpenAiSettings::new(base, self.model.value.clone());
        s.api_key = self.api_key.as_ref().map(|k| k.value.clone());
        s.connect_timeout = self.connect_timeout.value;
        s.idle_timeout = self.idle_timeout.value;
        s.max_retries = self.max_retries.value;
        s.stream = self.stream.value;
        s.max_tokens = self.max_tokens.as_ref().map(|m| m.value);
        s.temperature = self.temperature.as_ref().map(|t| t.value);
        s.max_reply_bytes = self.max_reply_bytes.value;
        s.max_reply_time = self.max_reply_time.value;
        s
    }

    /// `specwright config show`: each effective value and where it came from; the key masked.
    pub fn show(&self) -> String {
        let mut out = String::new();
        let mut line = |name: &str, value: String, source: &Source| {
            out.push_str(&format!("{name:<16} = {value:<40} ({source})\n"));
        };
        line(
            "provider",
            self.provider.value.name().into(),
            &self.provider.source,
        );
        if self.provider.value == ProviderKind::Offline {
            line(
                "",
                "no LLM configured: the offline interviewer runs".into(),
                &Source::Default,
            );
        }
        line("model", self.model.value.clone(), &self.model.source);
        match &self.base_url {
            Some(b) => line("base_url", b.value.clone(), &b.source),
            None => line("base_url", PROFILES[0].1.into(), &Source::Default),
        }
        match &self.api_key {
            Some(k) => line("api_key", k.value.masked(), &k.source),
            None => line("api_key", "(not set)".into(), &Source::Default),
        }
        line(
            "connect_timeout",
            format!("{} s", self.connect_timeout.value.as_secs()),
            &self.connect_timeout.source,
        );
        line(
            "idle_timeout",
            format!("{} s", self.idle_timeout.value.as_secs()),
            &self.idle_timeout.source,
        );
        line(
            "max_retries",
            self.max_retries.value.to_string(),
            &self.max_retries.source,
        );
        line(
            "max_repairs",
            self.max_repairs.value.to_string(),
            &self.max_repairs.source,
        );
        line("stream", self.stream.value.to_string(), &self.stream.source);
        if let Some(m) = &self.max_tokens {
            line("max_tokens", m.value.to_string(), &m.source);
        }
        if let Some(t) = &self.temperature {
            line("temperature", t.value.to_string(), &t.source);
        }
        line(
            "history",
            self.history.value.to_string(),
            &self.history.source,
        );
        line(
            "fallback",
            if self.fallback_offline.value {
                "offline"
            } else {
                "fail"
            }
            .into(),
            &self.fallback_offline.source,
        );
        if let Some(c) = &self.context_window {
            line("context_window", format!("{} tokens", c.value), &c.source);
        }
        line(
            "max_reply_bytes",
            self.max_reply_bytes.value.to_string(),
            &self.max_reply_bytes.source,
        );
        line(
            "max_reply_secs",
            format!("{} s", self.max_reply_time.value.as_secs()),
            &self.max_reply_time.source,
        );
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashMap;

    fn env(vars: &[(&str, &str)]) -> impl Fn(&str) -> Option<String> {
        let map: HashMap<String, String> = vars
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect();
        move |k| map.get(k).cloned()
    }

    fn file(text: &str) -> FileConfig {
        toml::from_str(text).unwrap()
    }

    #[test]
    fn with_nothing_configured_the_offline_interviewer_runs() {
        let c = resolve(&FlagConfig::default(), &env(&[]), None, None).unwrap();
        assert_eq!(c.provider.value, ProviderKind::Offline);
        assert!(c.show().contains("offline interviewer"));
    }

    #[test]
    fn a_key_or_a_base_url_selects_the_openai_provider() {
        let c = resolve(
            &FlagConfig::default(),
            &env(&[(ENV_API_KEY, "sk-abcdefghijkl")]),
            None,
            None,
        )
        .unwrap();
        assert_eq!(c.provider.value, ProviderKind::Openai);
        let c = resolve(
            &FlagConfig::default(),
            &env(&[(ENV_BASE_URL_ALIAS, "http://127.0.0.1:9/v1")]),
            None,
            None,
        )
        .unwrap();
        assert_eq!(c.provider.value, ProviderKind::Openai);
        assert_eq!(c.base_url.unwrap().source, Source::Env(ENV_BASE_URL_ALIAS));
    }

    #[test]
    fn flags_beat_env_beat_project_beat_user_beat_defaults() {
        let project = (
            PathBuf::from("/p/.specwright.toml"),
            file(
                "model = \"project-model\"\nbase_url = \"http://project/v1\"\nidle_timeout_secs = 30",
            ),
        );
        let user = (
            PathBuf::from("/u/config.toml"),
            file("model = \"user-model\"\nmax_repairs = 5\nidle_timeout_secs = 99"),
        );
        let flags = FlagConfig {
            model: Some("flag-model".into()),
            ..FlagConfig::default()
        };
        let c = resolve(
            &flags,
            &env(&[(ENV_MODEL, "env-model")]),
            Some(project.clone()),
            Some(user.clone()),
        )
        .unwrap();
        assert_eq!(
            (c.model.value.as_str(), c.model.source.clone()),
            ("flag-model", Source::Flag)
        );
        let c = resolve(
            &FlagConfig::default(),
            &env(&[(ENV_MODEL, "env-model")]),
            Some(project.clone()),
            Some(user.clone()),
        )
        .unwrap();
        assert_eq!(c.model.source, Source::Env(ENV_MODEL));
        let c = resolve(
            &FlagConfig::default(),
            &env(&[]),
            Some(project),
            Some(user.clone()),
        )
        .unwrap();
        assert_eq!(c.model.value, "project-model");
        assert_eq!(c.idle_timeout.value, Duration::from_secs(30));
        assert_eq!(
            c.max_repairs.value, 5,
            "a field the project file lacks comes from the user file"
        );
        let c = resolve(&FlagConfig::default(), &env(&[]), None, Some(user)).unwrap();
        assert_eq!(c.model.value, "user-model");
        let c = resolve(&FlagConfig::default(), &env(&[]), None, None).unwrap();
        assert_eq!(
            (c.max_repairs.value, c.max_repairs.source),
            (2, Source::Default)
        );
    }

    #[test]
    fn profiles_name_servers() {
        let flags = FlagConfig {
            profile: Some("ollama".into()),
            ..FlagConfig::default()
        };
        let c = resolve(&flags, &env(&[]), None, None).unwrap();
        assert_eq!(c.base_url.unwrap().value, "http://localhost:11434/v1");
        assert_eq!(c.provider.value, ProviderKind::Openai);
        let bad = FlagConfig {
            profile: Some("nope".into()),
            ..FlagConfig::default()
        };
        let err = resolve(&bad, &env(&[]), None, None)
            .unwrap_err()
            .to_string();
        assert!(
            err.contains("unknown profile \"nope\"") && err.contains("ollama"),
            "{err}"
        );
    }

    #[test]
    fn the_key_is_trimmed_masked_and_checked() {
        let c = resolve(
            &FlagConfig::default(),
            &env(&[(ENV_API_KEY, "sk-test-SECRET-1234\n")]),
            None,
            None,
        )
        .unwrap();
        assert_eq!(
            c.api_key.as_ref().unwrap().value.expose(),
            "sk-test-SECRET-1234"
        );
        let shown = c.show();
        assert!(
            shown.contains("sk-…1234") && !shown.contains("SECRET"),
            "{shown}"
        );
        let err = resolve(
            &FlagConfig::default(),
            &env(&[(ENV_API_KEY, "sk-te\u{1b}st-SECRET")]),
            None,
            None,
        )
        .unwrap_err()
        .to_string();
        assert!(
            err.contains("control characters") && !err.contains("SECRET"),
            "{err}"
        );
    }

    #[test]
    fn a_profile_ranks_just_below_the_layer_that_chose_it() {
        let project = (
            PathBuf::from("/p/.specwright.toml"),
            file("base_url = \"http://project:1/v1\""),
        );
        let flags = FlagConfig {
            profile: Some("llamacpp".into()),
            ..FlagConfig::default()
        };
        let c = resolve(&flags, &env(&[]), Some(project), None).unwrap();
        let base = c.base_url.unwrap();
        assert_eq!(
            (base.value.as_str(), base.source),
            (
                "http://localhost:8080/v1",
                Source::Profile("llamacpp".into())
            ),
            "--profile beats a base URL in a config file"
        );

        let project = (
            PathBuf::from("/p/.specwright.toml"),
            file("profile = \"ollama\"\nbase_url = \"http://gpu-box:11434/v1\""),
        );
        let c = resolve(&FlagConfig::default(), &env(&[]), Some(project), None).unwrap();
        assert_eq!(
            c.base_url.unwrap().value,
            "http://gpu-box:11434/v1",
            "a file may pick a profile and move its server"
        );
        assert_eq!(
            (c.model.value.as_str(), c.model.source),
            ("llama3.1", Source::Profile("ollama".into()))
        );
    }

    #[test]
    fn show_names_the_project_and_the_user_file_apart() {
        let project = (PathBuf::from("/p/.specwright.toml"), file("model = \"m\""));
        let user = (
            PathBuf::from("/home/u/.config/specwright/config.toml"),
            file("base_url = \"http://127.0.0.1:9/v1\""),
        );
        let c = resolve(&FlagConfig::default(), &env(&[]), Some(project), Some(user)).unwrap();
        let shown = c.show();
        assert!(
            shown.contains("(project file /p/.specwright.toml)")
                && shown.contains("(user file /home/u/.config/specwright/config.toml)"),
            "{shown}"
        );
        assert!(
            shown.contains("api_key") && shown.contains("(not set)"),
            "{shown}"
        );
    }

    #[test]
    fn bad_values_name_their_source() {
        let project = (
            PathBuf::from("/p/.specwright.toml"),
            file("provider = \"anthropic\""),
        );
        let err = resolve(&FlagConfig::default(), &env(&[]), Some(project), None)
            .unwrap_err()
            .to_string();
        assert_eq!(
            err,
            "the model configuration is invalid: unknown provider \"anthropic\"; use openai, offline or replay (from project file /p/.specwright.toml)"
        );
        let user = (
            PathBuf::from("/u/config.toml"),
            file("idle_timeout_secs = 0"),
        );
        let err = resolve(&FlagConfig::default(), &env(&[]), None, Some(user))
            .unwrap_err()
            .to_string();
        assert!(
            err.contains("idle_timeout_secs = 0 (in user file /u/config.toml)"),
            "{err}"
        );
    }

    #[test]
    fn the_reply_limits_come_from_a_file_and_zero_is_refused() {
        let c = resolve(&FlagConfig::default(), &env(&[]), None, None).unwrap();
        let s = c.openai_settings();
        assert_eq!(
            (s.max_reply_bytes, s.max_reply_time),
            (
                specwright_llm::openai::DEFAULT_MAX_REPLY_BYTES,
                specwright_llm::openai::DEFAULT_MAX_REPLY_TIME
            )
        );
        let path = PathBuf::from("/p/.specwright.toml");
        let project = (
            path.clone(),
            file("max_reply_bytes = 1000\nmax_reply_secs = 90"),
        );
        let c = resolve(&FlagConfig::default(), &env(&[]), Some(project), None).unwrap();
        let s = c.openai_settings();
        assert_eq!(
            (s.max_reply_bytes, s.max_reply_time),
            (1000, Duration::from_secs(90))
        );
        let shown = c.show();
        assert!(
            shown.contains("max_reply_bytes  = 1000") && shown.contains("max_reply_secs   = 90 s"),
            "{shown}"
        );
        for text in ["max_reply_bytes = 0", "max_reply_secs = 0"] {
            let project = (path.clone(), file(text));
            let e = resolve(&FlagConfig::default(), &env(&[]), Some(project), None)
                .unwrap_err()
                .to_string();
            assert!(
                e.contains(text) && e.contains("would fail every request"),
                "{e}"
            );
        }
    }

    #[test]
    fn a_bad_config_file_is_named_with_its_line() {
        let dir =
            std::env::temp_dir().join(format!("specwright-config-test-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let path = dir.join("config.toml");
        std::fs::write(&path, "model = \"x\"\nmodle = \"typo\"\n").unwrap();
        let err = load_file(&path).unwrap_err().to_string();
        assert!(
            err.contains("config.toml at line 2") && err.contains("modle"),
            "{err}"
        );
        assert_eq!(load_file(&dir.join("missing.toml")).unwrap(), None);
        std::fs::remove_dir_all(&dir).unwrap();
    }
}
