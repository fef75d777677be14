//! The config files: the project's `.specwright.toml` and the user's `config.toml`, which
//! also holds the projects and servers the user trusts (`specwright trust`).

use std::io::Write;
use std::path::{Path, PathBuf};

use serde::Deserialize;
use specwright_llm::ModelError;

use super::USER_FILE;

/// A config file's settings. Unknown keys are errors, so a typo never passes silently.
#[derive(Debug, Clone, Default, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct FileConfig {
    pub provider: Option<String>,
    pub profile: Option<String>,
    pub model: Option<String>,
    pub base_url: Option<String>,
    /// Only in the user file: a key in a project file is refused.
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
    /// What to do when the model cannot produce a valid turn after its repairs: "offline"
    /// (the built-in interviewer takes the turn) or "fail" (stop with the session saved).
    pub fallback: Option<String>,
    /// The model's context window in tokens; requests are kept under it.
    pub context_window: Option<usize>,
    /// The most bytes one model reply may have.
    pub max_reply_bytes: Option<usize>,
    /// The longest one model reply may take, in seconds.
    pub max_reply_secs: Option<u64>,
    /// Only in the user file: projects whose named server may receive the user's key.
    #[serde(default)]
    pub trusted: Vec<TrustEntry>,
}

/// One `[[trusted]]` entry of the user file: the key may go to `base_url` when the
/// project at `project` names it.
#[derive(Debug, Clone, Default, Deserialize, PartialEq, Eq)]
#[serde(deny_unknown_fields)]
pub struct TrustEntry {
    /// The project's root, as an absolute path with symlinks resolved.
    pub project: String,
    pub base_url: String,
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
    parse(path, &text).map(Some)
}

fn parse(path: &Path, text: &str) -> Result<FileConfig, ModelError> {
    toml::from_str(text).map_err(|e| {
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

/// Adds a `[[trusted]]` entry to the user file, keeping everything already in it (comments
/// included) and its permissions. The new text is checked to parse before it replaces the
/// file, which is replaced atomically.
pub fn append_trust(path: &Path, entry: &TrustEntry) -> Result<(), ModelError> {
    let fail = |what: &str, e: &dyn std::fmt::Display| {
        ModelError::Config(format!("cannot {what} {}: {e}", path.display()))
    };
    let existing = match std::fs::read_to_string(path) {
        Ok(t) => Some(t),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => None,
        Err(e) => return Err(fail("read", &e)),
    };
    let mut text = existing.clone().unwrap_or_default();
    if !text.is_empty() && !text.ends_with('\n') {
        text.push('\n');
    }
    if !text.is_empty() {
        text.push('\n');
    }
    text.push_str(&format!(
        "# Added by `specwright trust`: your key may go to this server when this project names it.\n[[trusted]]\nproject = {}\nbase_url = {}\n",
        toml::Value::String(entry.project.clone()),
        toml::Value::String(entry.base_url.clone()),
    ));
    let parsed = parse(path, &text)?;
    if !parsed.trusted.contains(entry) {
        return Err(ModelError::Config(format!(
            "cannot add the trust entry to {}: the file did not read back with it",
            path.display()
        )));
    }
    let dir = path
        .parent()
        .ok_or_else(|| fail("write", &"it has no folder"))?;
    std::fs::create_dir_all(dir).map_err(|e| fail("create the folder of", &e))?;
    let mut temp = tempfile::NamedTempFile::new_in(dir).map_err(|e| fail("write", &e))?;
    temp.write_all(text.as_bytes())
        .and_then(|()| temp.as_file().sync_all())
        .map_err(|e| fail("write", &e))?;
    if existing.is_some()
        && let Ok(meta) = std::fs::metadata(path)
    {
        let _ = std::fs::set_permissions(temp.path(), meta.permissions());
    }
    temp.persist(path).map_err(|e| fail("replace", &e.error))?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_bad_config_file_is_named_with_its_line() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("config.toml");
        std::fs::write(&path, "model = \"x\"\nmodle = \"typo\"\n").unwrap();
        let err = load_file(&path).unwrap_err().to_string();
        assert!(
            err.contains("config.toml at line 2") && err.contains("modle"),
            "{err}"
        );
        assert_eq!(load_file(&dir.path().join("missing.toml")).unwrap(), None);
    }

    #[test]
    fn a_trust_entry_is_appended_keeping_the_file() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("specwright/config.toml");
        let entry = TrustEntry {
            project: "/home/u/src/app \"quoted\"".into(),
            base_url: "http://gpu-box:11434/v1".into(),
        };
        // No file yet: one is created.
        append_trust(&path, &entry).unwrap();
        assert_eq!(
            load_file(&path).unwrap().unwrap().trusted,
            vec![entry.clone()]
        );

        std::fs::write(&path, "# my settings\nmodel = \"m\"").unwrap();
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o600)).unwrap();
        }
        append_trust(&path, &entry).unwrap();
        let text = std::fs::read_to_string(&path).unwrap();
        assert!(text.starts_with("# my settings\nmodel = \"m\"\n"), "{text}");
        let loaded = load_file(&path).unwrap().unwrap();
        assert_eq!(loaded.model.as_deref(), Some("m"));
        assert_eq!(loaded.trusted, vec![entry]);
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            let mode = std::fs::metadata(&path).unwrap().permissions().mode() & 0o777;
            assert_eq!(mode, 0o600, "the file's permissions are kept");
        }
    }

    #[test]
    fn a_file_that_does_not_parse_is_not_touched() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("config.toml");
        std::fs::write(&path, "model = \n").unwrap();
        let entry = TrustEntry {
            project: "/p".into(),
            base_url: "http://x/v1".into(),
        };
        assert!(append_trust(&path, &entry).is_err());
        assert_eq!(std::fs::read_to_string(&path).unwrap(), "model = \n");
    }
}
