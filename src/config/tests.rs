use std::collections::HashMap;
use std::path::PathBuf;
use std::time::Duration;

use pretty_assertions::assert_eq;

use super::file::FileConfig;
use super::*;

fn env(vars: &[(&str, &str)]) -> impl Fn(&str) -> Option<String> + use<> {
    let map: HashMap<String, String> = vars
        .iter()
        .map(|(k, v)| (k.to_string(), v.to_string()))
        .collect();
    move |k| map.get(k).cloned()
}

fn file(text: &str) -> FileConfig {
    toml::from_str(text).unwrap()
}

fn project(text: &str) -> Option<(PathBuf, FileConfig)> {
    Some((PathBuf::from("/p/.specwright.toml"), file(text)))
}

fn user(text: &str) -> Option<(PathBuf, FileConfig)> {
    Some((PathBuf::from("/u/config.toml"), file(text)))
}

fn flags(model: Option<&str>, base_url: Option<&str>) -> FlagConfig {
    FlagConfig {
        model: model.map(str::to_string),
        base_url: base_url.map(str::to_string),
        ..FlagConfig::default()
    }
}

#[test]
fn with_nothing_configured_the_offline_interviewer_runs() {
    let e = env(&[]);
    let c = resolve(&Layers::new(&e)).unwrap();
    assert_eq!(c.provider.value, ProviderKind::Offline);
    assert!(
        c.fallback_offline.value,
        "the built-in interviewer is the fallback"
    );
    assert!(c.history.value);
    let shown = c.show();
    assert!(shown.contains("offline interviewer"), "{shown}");
    for line in shown.lines() {
        let key = line.split(" = ").next().unwrap().trim();
        assert!(
            !key.is_empty() && !key.contains(' '),
            "a line without a key: {line:?}"
        );
    }
    for key in [
        "provider",
        "profile",
        "model",
        "base_url",
        "api_key",
        "trust",
        "max_tokens",
        "temperature",
        "context_window",
        "fallback",
        "history",
        "project_file",
        "user_file",
    ] {
        assert!(
            shown
                .lines()
                .any(|l| l.starts_with(&format!("{key:<16} = "))),
            "{key} is missing:\n{shown}"
        );
    }
}

#[test]
fn a_key_or_a_base_url_selects_the_openai_provider_and_says_so() {
    let e = env(&[(ENV_API_KEY, "sk-abcdefghijkl")]);
    let c = resolve(&Layers::new(&e)).unwrap();
    assert_eq!(c.provider.value, ProviderKind::Openai);
    assert_eq!(
        c.provider.source.to_string(),
        "inferred from OPENAI_API_KEY"
    );
    let e = env(&[(ENV_BASE_URL_ALIAS, "http://127.0.0.1:9/v1")]);
    let c = resolve(&Layers::new(&e)).unwrap();
    assert_eq!(c.provider.value, ProviderKind::Openai);
    assert_eq!(
        c.provider.source.to_string(),
        "inferred from base_url (environment OPENAI_API_BASE)"
    );
    assert_eq!(c.base_url.unwrap().source, Source::Env(ENV_BASE_URL_ALIAS));
}

#[test]
fn history_off_in_the_environment_is_shown_as_off_from_there() {
    let e = env(&[(ENV_HISTORY, "off")]);
    let c = resolve(&Layers::new(&e)).unwrap();
    assert!(!c.history.value);
    let shown = c.show();
    let line = shown.lines().find(|l| l.starts_with("history")).unwrap();
    assert!(
        line.contains("= off") && line.ends_with("(environment SPECWRIGHT_HISTORY)"),
        "{line}"
    );
    let e = env(&[(ENV_HISTORY, "sometimes")]);
    let err = resolve(&Layers::new(&e)).unwrap_err().to_string();
    assert!(err.contains("SPECWRIGHT_HISTORY=\"sometimes\""), "{err}");
}

#[test]
fn flags_beat_env_beat_project_beat_user_beat_defaults() {
    let p = project(
        "model = \"project-model\"\nbase_url = \"http://project/v1\"\nidle_timeout_secs = 30",
    );
    let u = user("model = \"user-model\"\nmax_repairs = 5\nidle_timeout_secs = 99");
    let e = env(&[(ENV_MODEL, "env-model")]);
    let mut layers = Layers::new(&e);
    layers.flags = flags(Some("flag-model"), None);
    layers.project = p.clone();
    layers.user = u.clone();
    let c = resolve(&layers).unwrap();
    assert_eq!(
        (c.model.value.as_str(), c.model.source),
        ("flag-model", Source::Flag)
    );
    layers.flags = FlagConfig::default();
    let c = resolve(&layers).unwrap();
    assert_eq!(c.model.source, Source::Env(ENV_MODEL));
    let e = env(&[]);
    let mut layers = Layers::new(&e);
    layers.project = p;
    layers.user = u;
    let c = resolve(&layers).unwrap();
    assert_eq!(c.model.value, "project-model");
    assert_eq!(c.idle_timeout.value, Duration::from_secs(30));
    assert_eq!(
        c.max_repairs.value, 5,
        "a field the project file lacks comes from the user file"
    );
    layers.project = None;
    let c = resolve(&layers).unwrap();
    assert_eq!(c.model.value, "user-model");
    layers.user = None;
    let c = resolve(&layers).unwrap();
    assert_eq!(
        (c.max_repairs.value, c.max_repairs.source),
        (2, Source::Default)
    );
}

#[test]
fn profiles_name_servers() {
    let e = env(&[]);
    let mut layers = Layers::new(&e);
    layers.flags.profile = Some("ollama".into());
    let c = resolve(&layers).unwrap();
    assert_eq!(c.base_url.unwrap().value, "http://localhost:11434/v1");
    assert_eq!(c.provider.value, ProviderKind::Openai);
    assert_eq!(c.profile.unwrap().value, "ollama");
    layers.flags.profile = Some("nope".into());
    let err = resolve(&layers).unwrap_err().to_string();
    assert!(
        err.contains("unknown profile \"nope\"") && err.contains("ollama"),
        "{err}"
    );
}

#[test]
fn the_key_is_trimmed_masked_and_checked() {
    let e = env(&[(ENV_API_KEY, "sk-test-SECRET-1234\n")]);
    let c = resolve(&Layers::new(&e)).unwrap();
    assert_eq!(
        c.api_key.as_ref().unwrap().value.expose(),
        "sk-test-SECRET-1234"
    );
    let shown = c.show();
    assert!(
        shown.contains("sk-…1234") && !shown.contains("SECRET"),
        "{shown}"
    );
    let json = c.show_json().to_string();
    assert!(
        json.contains("sk-…1234") && !json.contains("SECRET"),
        "{json}"
    );
    let e = env(&[(ENV_API_KEY, "sk-te\u{1b}st-SECRET")]);
    let err = resolve(&Layers::new(&e)).unwrap_err().to_string();
    assert!(
        err.contains("control characters") && !err.contains("SECRET"),
        "{err}"
    );
}

#[test]
fn a_profile_ranks_just_below_the_layer_that_chose_it() {
    let e = env(&[]);
    let mut layers = Layers::new(&e);
    layers.project = project("base_url = \"http://project:1/v1\"");
    layers.flags.profile = Some("llamacpp".into());
    let base = resolve(&layers).unwrap().base_url.unwrap();
    assert_eq!(
        (base.value.as_str(), base.source),
        (
            "http://localhost:8080/v1",
            Source::Profile("llamacpp".into())
        ),
        "--profile beats a base URL in a config file"
    );
    let mut layers = Layers::new(&e);
    layers.project = project("profile = \"ollama\"\nbase_url = \"http://gpu-box:11434/v1\"");
    let c = resolve(&layers).unwrap();
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
    let e = env(&[]);
    let mut layers = Layers::new(&e);
    layers.project = project("model = \"m\"");
    layers.user = Some((
        PathBuf::from("/home/u/.config/specwright/config.toml"),
        file("base_url = \"http://127.0.0.1:9/v1\""),
    ));
    let shown = resolve(&layers).unwrap().show();
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
    let e = env(&[]);
    let mut layers = Layers::new(&e);
    layers.project = project("provider = \"anthropic\"");
    let err = resolve(&layers).unwrap_err().to_string();
    assert_eq!(
        err,
        "the model configuration is invalid: unknown provider \"anthropic\"; use openai, offline or replay (from project file /p/.specwright.toml)"
    );
    let mut layers = Layers::new(&e);
    layers.user = user("idle_timeout_secs = 0");
    let err = resolve(&layers).unwrap_err().to_string();
    assert!(
        err.contains("idle_timeout_secs = 0 (in user file /u/config.toml)"),
        "{err}"
    );
}

#[test]
fn a_key_in_a_project_file_is_refused_and_a_project_cannot_trust_itself() {
    let e = env(&[]);
    let mut layers = Layers::new(&e);
    layers.project = project("api_key = \"sk-in-the-repo-SECRET\"");
    let err = resolve(&layers).unwrap_err().to_string();
    assert!(
        err.contains("/p/.specwright.toml sets api_key") && !err.contains("SECRET"),
        "{err}"
    );
    layers.project = project("[[trusted]]\nproject = \"/p\"\nbase_url = \"http://evil/v1\"");
    let err = resolve(&layers).unwrap_err().to_string();
    assert!(err.contains("a project cannot trust itself"), "{err}");
}

#[test]
fn a_server_named_by_a_project_file_gets_the_key_only_once_trusted() {
    let e = env(&[(ENV_API_KEY, "sk-user-key-1234")]);
    let mut layers = Layers::new(&e);
    layers.root = Some("/p".into());
    layers.project = project("base_url = \"http://collector.example/v1\"");
    let c = resolve(&layers).unwrap();
    let refusal = c.trust.refusal().expect("untrusted");
    assert_eq!(
        refusal,
        "the project file /p/.specwright.toml names the server http://collector.example/v1, and specwright sends your API key (environment OPENAI_API_KEY) only to servers you chose: if you trust this project and that server, run `specwright trust`; otherwise pass --base-url to choose the server"
    );
    assert!(c.show().contains("not trusted"), "{}", c.show());

    // Trusted for another project, or another server: still not.
    layers.user = user(
        "[[trusted]]\nproject = \"/other\"\nbase_url = \"http://collector.example/v1\"\n[[trusted]]\nproject = \"/p\"\nbase_url = \"http://elsewhere/v1\"",
    );
    assert!(resolve(&layers).unwrap().trust.refusal().is_some());
    layers.user =
        user("[[trusted]]\nproject = \"/p\"\nbase_url = \"http://collector.example/v1/\"");
    let c = resolve(&layers).unwrap();
    assert_eq!(
        c.trust,
        Trust::Trusted {
            user_file: PathBuf::from("/u/config.toml")
        }
    );
    assert!(c.show().contains("trusted: the key may go"), "{}", c.show());

    // No key, or a server the user named: nothing to trust.
    let no_key = env(&[]);
    let mut layers = Layers::new(&no_key);
    layers.project = project("base_url = \"http://collector.example/v1\"");
    assert_eq!(resolve(&layers).unwrap().trust.refusal(), None);
    let e = env(&[
        (ENV_API_KEY, "sk-user-key-1234"),
        (ENV_BASE_URL, "http://mine/v1"),
    ]);
    let mut layers = Layers::new(&e);
    layers.project = project("base_url = \"http://collector.example/v1\"");
    assert_eq!(resolve(&layers).unwrap().trust.refusal(), None);
}

fn recorded(base_url: Option<&str>) -> Option<(uuid::Uuid, specwright_core::Interviewer)> {
    Some((
        uuid::Uuid::nil(),
        specwright_core::Interviewer {
            provider: "openai".into(),
            model: Some("smollm2".into()),
            base_url: base_url.map(str::to_string),
            profile: None,
        },
    ))
}

#[test]
fn a_session_keeps_its_model_and_flags_override_it() {
    let e = env(&[(ENV_MODEL, "env-model")]);
    let mut layers = Layers::new(&e);
    layers.recorded = recorded(Some("http://127.0.0.1:8080/v1"));
    let c = resolve(&layers).unwrap();
    assert_eq!(c.provider.value, ProviderKind::Openai);
    assert_eq!(
        c.model.value, "smollm2",
        "the session's model beats the environment"
    );
    assert_eq!(c.model.source, Source::Session(uuid::Uuid::nil()));
    assert_eq!(
        c.base_url.as_ref().unwrap().value,
        "http://127.0.0.1:8080/v1"
    );
    assert_eq!(c.trust.refusal(), None, "no key, nothing to trust");
    layers.flags = flags(Some("bigger"), None);
    let c = resolve(&layers).unwrap();
    assert_eq!(
        (c.model.value.as_str(), c.model.source),
        ("bigger", Source::Flag)
    );

    // A recorded value the environment gives too is credited to the environment.
    let e = env(&[(ENV_BASE_URL, "http://127.0.0.1:8080/v1")]);
    let mut layers = Layers::new(&e);
    layers.recorded = recorded(Some("http://127.0.0.1:8080/v1"));
    let c = resolve(&layers).unwrap();
    assert_eq!(c.base_url.unwrap().source, Source::Env(ENV_BASE_URL));
}

#[test]
fn a_server_recorded_in_a_journal_gets_the_key_only_when_the_user_names_or_trusts_it() {
    let e = env(&[(ENV_API_KEY, "sk-user-key-1234")]);
    let mut layers = Layers::new(&e);
    layers.root = Some("/p".into());
    layers.recorded = recorded(Some("http://collector.example/v1"));
    let refusal = resolve(&layers)
        .unwrap()
        .trust
        .refusal()
        .expect("untrusted");
    assert!(
        refusal.starts_with("session 00000000-0000-0000-0000-000000000000 ran against http://collector.example/v1 (recorded in its journal)")
            && refusal.contains("--base-url http://collector.example/v1")
            && refusal.contains("specwright trust http://collector.example/v1"),
        "{refusal}"
    );
    layers.flags = flags(None, Some("http://collector.example/v1"));
    assert_eq!(resolve(&layers).unwrap().trust.refusal(), None);
    layers.flags = FlagConfig::default();
    layers.user = user("[[trusted]]\nproject = \"/p\"\nbase_url = \"http://collector.example/v1\"");
    assert_eq!(resolve(&layers).unwrap().trust.refusal(), None);
}

#[test]
fn what_a_session_records_holds_no_secret() {
    let e = env(&[(ENV_API_KEY, "sk-user-key-SECRET")]);
    let mut layers = Layers::new(&e);
    layers.flags = flags(Some("m"), Some("https://u:pw@proxy.example/v1"));
    let i = resolve(&layers).unwrap().interviewer();
    assert_eq!(i.provider, "openai");
    assert_eq!(i.model.as_deref(), Some("m"));
    assert_eq!(i.base_url, None, "a URL with a password is not recorded");
    layers.flags = flags(Some("m"), Some("http://127.0.0.1:8080/v1"));
    let i = resolve(&layers).unwrap().interviewer();
    assert_eq!(i.base_url.as_deref(), Some("http://127.0.0.1:8080/v1"));
    assert!(!format!("{i:?}").contains("SECRET"));
    // A profile's server and model are the profile's to give again.
    let mut layers = Layers::new(&e);
    layers.flags.profile = Some("ollama".into());
    let i = resolve(&layers).unwrap().interviewer();
    assert_eq!(
        (i.profile.as_deref(), i.base_url, i.model),
        (Some("ollama"), None, None)
    );
    let none = env(&[]);
    let i = resolve(&Layers::new(&none)).unwrap().interviewer();
    assert_eq!(
        (i.provider.as_str(), i.model, i.base_url),
        ("offline", None, None)
    );
}

#[test]
fn show_json_has_a_value_and_a_source_for_every_key() {
    let e = env(&[]);
    let c = resolve(&Layers::new(&e)).unwrap();
    let json = c.show_json();
    let obj = json.as_object().unwrap();
    assert_eq!(obj["fallback"]["value"], "offline");
    assert_eq!(obj["fallback"]["source"], "default");
    assert_eq!(obj["max_tokens"]["value"], serde_json::Value::Null);
    assert_eq!(obj.len(), c.show().lines().count());
}

#[test]
fn the_reply_limits_come_from_a_file_and_zero_is_refused() {
    let e = env(&[]);
    let c = resolve(&Layers::new(&e)).unwrap();
    let s = c.openai_settings();
    assert_eq!(
        (s.max_reply_bytes, s.max_reply_time),
        (
            specwright_llm::openai::DEFAULT_MAX_REPLY_BYTES,
            specwright_llm::openai::DEFAULT_MAX_REPLY_TIME
        )
    );
    let mut layers = Layers::new(&e);
    layers.project = project("max_reply_bytes = 1000\nmax_reply_secs = 90");
    let c = resolve(&layers).unwrap();
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
        layers.project = project(text);
        let e = resolve(&layers).unwrap_err().to_string();
        assert!(
            e.contains(text) && e.contains("would fail every request"),
            "{e}"
        );
    }
}

#[test]
fn replies_are_limited_per_turn_except_on_openai_servers_or_with_max_tokens() {
    let none = env(&[]);
    let mut layers = Layers::new(&none);
    layers.flags = flags(Some("smollm2"), Some("http://127.0.0.1:8080/v1"));
    let c = resolve(&layers).unwrap();
    assert!(c.openai_settings().limit_turn_tokens);
    assert!(
        c.show().contains("(per turn: 1024, a draft 4096)"),
        "{}",
        c.show()
    );
    for base in [
        "https://api.openai.com/v1",
        "https://mine.openai.azure.com/openai/deployments/d",
    ] {
        layers.flags = flags(Some("m"), Some(base));
        let c = resolve(&layers).unwrap();
        assert!(!c.openai_settings().limit_turn_tokens, "{base}");
        assert!(c.show().contains("(the server's default)"), "{}", c.show());
    }
    // The default server is OpenAI's.
    let key = env(&[(ENV_API_KEY, "sk-abcdefghijkl")]);
    assert!(
        !resolve(&Layers::new(&key))
            .unwrap()
            .openai_settings()
            .limit_turn_tokens
    );
    // A configured max_tokens is sent as it is.
    layers.flags = flags(Some("m"), Some("http://127.0.0.1:8080/v1"));
    layers.user = user("max_tokens = 300");
    let s = resolve(&layers).unwrap().openai_settings();
    assert_eq!((s.max_tokens, s.limit_turn_tokens), (Some(300), false));
}
