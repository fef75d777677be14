//! Picks each setting from the first layer that has it: flags, the session's recorded
//! model, environment, project file, user file, profile, default.

use std::path::PathBuf;
use std::time::Duration;

use specwright_core::Interviewer;
use specwright_llm::ModelError;
use specwright_llm::openai::ApiKey;
use uuid::Uuid;

use super::file::FileConfig;
use super::trust::{self, Trust};
use super::{
    ConfigFiles, DEFAULT_MODEL, ENV_API_KEY, ENV_BASE_URL, ENV_BASE_URL_ALIAS, ENV_HISTORY,
    ENV_MODEL, ENV_PROFILE, ENV_PROVIDER, PROFILES, Profile, ProviderConfig, ProviderKind,
    Resolved, Source,
};

/// The flags that bear on the provider.
#[derive(Debug, Clone, Default)]
pub struct FlagConfig {
    pub provider: Option<String>,
    pub profile: Option<String>,
    pub model: Option<String>,
    pub base_url: Option<String>,
}

/// Everything a resolution reads.
pub struct Layers<'a> {
    pub flags: FlagConfig,
    /// The model a session recorded when it started (resume, revise).
    pub recorded: Option<(Uuid, Interviewer)>,
    pub env: &'a dyn Fn(&str) -> Option<String>,
    pub project: Option<(PathBuf, FileConfig)>,
    pub user: Option<(PathBuf, FileConfig)>,
    /// The project's root with symlinks resolved, matched against the user's trust entries.
    pub root: Option<String>,
    pub files: ConfigFiles,
}

#[cfg(test)]
impl<'a> Layers<'a> {
    /// Only the environment; everything else empty.
    pub fn new(env: &'a dyn Fn(&str) -> Option<String>) -> Self {
        Layers {
            flags: FlagConfig::default(),
            recorded: None,
            env,
            project: None,
            user: None,
            root: None,
            files: ConfigFiles::default(),
        }
    }
}

/// How high a source ranks: lower wins.
fn layer(source: &Source) -> u8 {
    match source {
        Source::Flag => 0,
        Source::Session(_) => 1,
        Source::Env(_) => 2,
        Source::ProjectFile(_) => 3,
        Source::UserFile(_) => 4,
        Source::Profile(_) => 5,
        Source::Inferred(_) => 6,
        Source::Default => 7,
    }
}

/// The first candidate wins.
fn pick<T>(candidates: Vec<Option<(T, Source)>>) -> Option<(T, Source)> {
    candidates.into_iter().flatten().next()
}

/// Picks each setting from the first layer that has it, and decides the trust. A value the
/// session recorded that the configuration gives anyway is credited to where the
/// configuration has it from: that is its true origin, and no trust hangs on the journal.
pub fn resolve(layers: &Layers) -> Result<ProviderConfig, ModelError> {
    let mut config = resolve_values(layers, true)?;
    if layers.recorded.is_some() {
        let without = resolve_values(layers, false)?;
        if config.provider.value == without.provider.value {
            config.provider.source = without.provider.source;
        }
        if config.model.value == without.model.value {
            config.model.source = without.model.source;
        }
        if let (Some(b), Some(w)) = (&mut config.base_url, &without.base_url)
            && b.value == w.value
        {
            b.source = w.source.clone();
        }
        if let (Some(p), Some(w)) = (&mut config.profile, &without.profile)
            && p.value == w.value
        {
            p.source = w.source.clone();
        }
    }
    let trusted = layers
        .user
        .as_ref()
        .map(|(path, f)| (path.as_path(), f.trusted.as_slice()));
    config.trust = trust::assess(
        config.provider.value,
        config.base_url.as_ref(),
        config.api_key.as_ref(),
        layers.root.as_deref(),
        trusted,
    );
    Ok(config)
}

/// Every value from its layers (the session's recorded model among them with
/// `use_recorded`); the trust is decided by [`resolve`].
fn resolve_values(layers: &Layers, use_recorded: bool) -> Result<ProviderConfig, ModelError> {
    let env = layers.env;
    if let Some((path, f)) = &layers.project {
        if f.api_key.is_some() {
            let user = layers
                .files
                .user
                .as_ref()
                .map(|p| p.display().to_string())
                .unwrap_or_else(|| "~/.config/specwright/config.toml".into());
            return Err(ModelError::Config(format!(
                "{} sets api_key, and a key does not belong in a project file (everyone who clones the repository gets it): remove it, and set OPENAI_API_KEY or put it in your user config {user}",
                path.display()
            )));
        }
        if !f.trusted.is_empty() {
            return Err(ModelError::Config(format!(
                "{} has [[trusted]] entries, which only your user config may hold (a project cannot trust itself): remove them and run `specwright trust`",
                path.display()
            )));
        }
    }
    let env_var = |name: &'static str| {
        env(name)
            .filter(|v| !v.trim().is_empty())
            .map(|v| (v, Source::Env(name)))
    };
    let recorded = |get: fn(&Interviewer) -> Option<&String>| {
        layers
            .recorded
            .as_ref()
            .filter(|_| use_recorded)
            .and_then(|(id, i)| {
                get(i)
                    .filter(|v| !v.trim().is_empty())
                    .map(|v| (v.clone(), Source::Session(*id)))
            })
    };
    let files: Vec<(Source, &FileConfig)> = layers
        .project
        .iter()
        .map(|(path, f)| (Source::ProjectFile(path.clone()), f))
        .chain(
            layers
                .user
                .iter()
                .map(|(path, f)| (Source::UserFile(path.clone()), f)),
        )
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
    let flags = &layers.flags;

    let profile = pick(vec![
        flag(&flags.profile),
        recorded(|i| i.profile.as_ref()),
        env_var(ENV_PROFILE),
        from_files!(profile),
    ]);
    let profile: Option<(Profile, Source)> = match profile {
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
                        get: fn(&Profile) -> &'static str|
     -> Option<(String, Source)> {
        let Some((p, chosen_by)) = &profile else {
            return explicit;
        };
        let from_profile = (get(p).to_string(), Source::Profile(p.0.to_string()));
        match explicit {
            Some(e) if layer(&e.1) <= layer(chosen_by) => Some(e),
            _ => Some(from_profile),
        }
    };
    let base_url = with_profile(
        pick(vec![
            flag(&flags.base_url),
            recorded(|i| i.base_url.as_ref()),
            env_var(ENV_BASE_URL),
            env_var(ENV_BASE_URL_ALIAS),
            from_files!(base_url),
        ]),
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
    let provider = match pick(vec![
        flag(&flags.provider),
        recorded(|i| Some(&i.provider)),
        env_var(ENV_PROVIDER),
        from_files!(provider),
    ]) {
        Some((name, source)) => Resolved {
            value: ProviderKind::parse(&name).map_err(|e| match e {
                ModelError::Config(m) => ModelError::Config(format!("{m} (from {source})")),
                other => other,
            })?,
            source,
        },
        // A key or a server means the user wants an LLM.
        None => match (&base_url, &api_key) {
            (Some((_, source)), _) => Resolved::new(
                ProviderKind::Openai,
                Source::Inferred(format!("base_url ({source})")),
            ),
            (None, Some(key)) => Resolved::new(
                ProviderKind::Openai,
                Source::Inferred(match &key.source {
                    Source::Env(name) => (*name).to_string(),
                    other => format!("api_key ({other})"),
                }),
            ),
            (None, None) => Resolved::new(ProviderKind::Offline, Source::Default),
        },
    };
    let model = with_profile(
        pick(vec![
            flag(&flags.model),
            recorded(|i| i.model.as_ref()),
            env_var(ENV_MODEL),
            from_files!(model),
        ]),
        |p| p.2,
    )
    .unwrap_or_else(|| (DEFAULT_MODEL.to_string(), Source::Default));
    let resolved =
        |v: Option<(String, Source)>| v.map(|(value, source)| Resolved { value, source });
    let or_default = |v: Option<(u32, Source)>, default: u32| match v {
        Some((value, source)) => Resolved { value, source },
        None => Resolved::new(default, Source::Default),
    };
    let secs = |v: Option<(u64, Source)>, default: u64| match v {
        Some((s, source)) => Resolved::new(Duration::from_secs(s), source),
        None => Resolved::new(Duration::from_secs(default), Source::Default),
    };
    let fallback_offline = match from_files!(fallback) {
        Some((v, source)) => match v.trim().to_ascii_lowercase().as_str() {
            "offline" => Resolved::new(true, source),
            "fail" => Resolved::new(false, source),
            other => {
                return Err(ModelError::Config(format!(
                    "fallback = {other:?} (in {source}) is not one of \"offline\" or \"fail\""
                )));
            }
        },
        None => Resolved::new(true, Source::Default),
    };
    let history = match env_var(ENV_HISTORY) {
        Some((v, source)) => match v.trim().to_ascii_lowercase().as_str() {
            "off" | "0" | "false" | "no" => Resolved::new(false, source),
            "on" | "1" | "true" | "yes" => Resolved::new(true, source),
            other => {
                return Err(ModelError::Config(format!(
                    "{ENV_HISTORY}={other:?} is not one of off or on"
                )));
            }
        },
        None => from_files!(history)
            .map(|(value, source)| Resolved { value, source })
            .unwrap_or(Resolved::new(true, Source::Default)),
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
        None => Resolved::new(
            specwright_llm::openai::DEFAULT_MAX_REPLY_BYTES,
            Source::Default,
        ),
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
    let base_url = resolved(base_url);
    Ok(ProviderConfig {
        context_window: from_files!(context_window)
            .map(|(value, source)| Resolved { value, source }),
        max_reply_bytes,
        max_reply_time,
        fallback_offline,
        provider,
        profile: profile.map(|(p, source)| Resolved::new(p.0.to_string(), source)),
        model: Resolved::new(model.0, model.1),
        base_url,
        api_key,
        trust: Trust::NotNeeded("no model server is used"),
        connect_timeout,
        idle_timeout,
        max_retries: or_default(from_files!(max_retries), 4),
        max_repairs: or_default(from_files!(max_repairs), 2),
        stream: from_files!(stream)
            .map(|(value, source)| Resolved { value, source })
            .unwrap_or(Resolved::new(true, Source::Default)),
        max_tokens: from_files!(max_tokens).map(|(value, source)| Resolved { value, source }),
        temperature: from_files!(temperature).map(|(value, source)| Resolved { value, source }),
        history,
        files: layers.files.clone(),
    })
}
