//! Project config trust. A key from the user's environment or user config goes only to a
//! server the user chose: a server named only by a project's `.specwright.toml` or by a
//! session's journal (both may come from a cloned repository) gets it after the user
//! trusted that project and that server with `specwright trust`, which records the pair in
//! the user config, as direnv and editors' workspace trust do.

use std::path::{Path, PathBuf};

use specwright_llm::ModelError;
use specwright_llm::openai::ApiKey;

use super::file::{self, TrustEntry};
use super::show::redact_url;
use super::{PROJECT_FILE, ProviderKind, Resolved, Source};

/// Whether the key may go to the server.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Trust {
    /// Nothing to decide: the sentence says why.
    NotNeeded(&'static str),
    /// The user trusted this project and server in their user file.
    Trusted { user_file: PathBuf },
    /// The key would go to a server that only a project file or a journal names.
    Untrusted {
        base_url: String,
        named_by: Source,
        key_from: Source,
    },
}

fn same_url(a: &str, b: &str) -> bool {
    a.trim().trim_end_matches('/') == b.trim().trim_end_matches('/')
}

/// Decides the trust for one resolution.
pub fn assess(
    provider: ProviderKind,
    base_url: Option<&Resolved<String>>,
    api_key: Option<&Resolved<ApiKey>>,
    root: Option<&str>,
    trusted: Option<(&Path, &[TrustEntry])>,
) -> Trust {
    if provider != ProviderKind::Openai {
        return Trust::NotNeeded("no model server is used");
    }
    let Some(key) = api_key else {
        return Trust::NotNeeded("no key is configured, so none is sent");
    };
    let Some(base) =
        base_url.filter(|b| matches!(b.source, Source::ProjectFile(_) | Source::Session(_)))
    else {
        return Trust::NotNeeded("you chose the server");
    };
    if let (Some(root), Some((user_file, entries))) = (root, trusted)
        && entries
            .iter()
            .any(|e| e.project == root && same_url(&e.base_url, &base.value))
    {
        return Trust::Trusted {
            user_file: user_file.to_path_buf(),
        };
    }
    Trust::Untrusted {
        base_url: base.value.clone(),
        named_by: base.source.clone(),
        key_from: key.source.clone(),
    }
}

impl Trust {
    /// Why the key is not sent and what to do, as one sentence; `None` when it may be sent.
    pub fn refusal(&self) -> Option<String> {
        let Trust::Untrusted {
            base_url,
            named_by,
            key_from,
        } = self
        else {
            return None;
        };
        let url = redact_url(base_url);
        Some(match named_by {
            Source::Session(id) => format!(
                "session {id} ran against {url} (recorded in its journal), and specwright sends your API key ({key_from}) only to servers you chose: pass --base-url {url} to use it again, or run `specwright trust {url}` to trust it for this project"
            ),
            other => format!(
                "the {other} names the server {url}, and specwright sends your API key ({key_from}) only to servers you chose: if you trust this project and that server, run `specwright trust`; otherwise pass --base-url to choose the server"
            ),
        })
    }

    /// The value `config show` prints.
    pub fn shown(&self) -> String {
        match self {
            Trust::NotNeeded(why) => format!("not needed: {why}"),
            Trust::Trusted { .. } => "trusted: the key may go to this project's server".into(),
            Trust::Untrusted { .. } => {
                "not trusted: the key is not sent (run specwright trust)".into()
            }
        }
    }
}

/// `specwright trust [URL]`: trusts the server the project file names (or `url`, e.g. one
/// a session recorded) for the project at `root`. Returns the sentence to print.
pub fn trust_project(
    root: &Path,
    url: Option<&str>,
    env: &dyn Fn(&str) -> Option<String>,
) -> Result<String, ModelError> {
    let root = root.canonicalize().map_err(|e| {
        ModelError::Config(format!("cannot open the project {}: {e}", root.display()))
    })?;
    let project = root.to_str().ok_or_else(|| {
        ModelError::Config(format!(
            "the project path {} is not UTF-8, so it cannot be recorded in the user config",
            root.display()
        ))
    })?;
    let user = file::user_file(env).ok_or_else(|| {
        ModelError::Config(
            "there is no user config to record the trust in: set HOME or XDG_CONFIG_HOME".into(),
        )
    })?;
    let project_file = root.join(PROJECT_FILE);
    let url = match url {
        Some(u) => u.trim().to_string(),
        None => file::load_file(&project_file)?
            .and_then(|f| f.base_url)
            .filter(|u| !u.trim().is_empty())
            .ok_or_else(|| {
                ModelError::Config(format!(
                    "{} names no server (base_url), so there is nothing to trust; to trust a server a session recorded, name it: specwright trust URL",
                    project_file.display()
                ))
            })?,
    };
    match url::Url::parse(&url) {
        Ok(u) if matches!(u.scheme(), "http" | "https") => {}
        _ => {
            return Err(ModelError::Config(format!(
                "{} is not an http or https URL",
                redact_url(&url)
            )));
        }
    }
    let entry = TrustEntry {
        project: project.to_string(),
        base_url: url.clone(),
    };
    let already = file::load_file(&user)?
        .map(|f| {
            f.trusted
                .iter()
                .any(|e| e.project == entry.project && same_url(&e.base_url, &url))
        })
        .unwrap_or(false);
    if already {
        return Ok(format!(
            "{} is already trusted for {project} (in {}).",
            redact_url(&url),
            user.display()
        ));
    }
    file::append_trust(&user, &entry)?;
    Ok(format!(
        "Trusted {} for {project}: your API key may go there when this project names it (recorded in {}).",
        redact_url(&url),
        user.display()
    ))
}
