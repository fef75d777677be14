//! The prompts, compiled into the binary and each overridable by a file of the same name
//! under a prompts directory, for fast prompt iteration.

use std::path::{Path, PathBuf};

use handlebars::Handlebars;
use serde::Serialize;
use specwright_core::Phase;

use crate::error::{AgentError, Result};

/// A prompt's name (its path under `prompts/`) and built-in text.
const BUILTIN: [(&str, &str); 8] = [
    ("system.md", include_str!("../prompts/system.md")),
    (
        "phases/discovery.md",
        include_str!("../prompts/phases/discovery.md"),
    ),
    (
        "phases/scope.md",
        include_str!("../prompts/phases/scope.md"),
    ),
    (
        "phases/decisions.md",
        include_str!("../prompts/phases/decisions.md"),
    ),
    (
        "phases/edge_cases.md",
        include_str!("../prompts/phases/edge_cases.md"),
    ),
    (
        "phases/draft.md",
        include_str!("../prompts/phases/draft.md"),
    ),
    (
        "phases/iteration.md",
        include_str!("../prompts/phases/iteration.md"),
    ),
    ("repair.md", include_str!("../prompts/repair.md")),
];

/// The prompt file of a phase. Exhaustive, so a new phase cannot lack its prompt.
pub fn phase_prompt_name(phase: Phase) -> &'static str {
    match phase {
        Phase::Discovery => "phases/discovery.md",
        Phase::Scope => "phases/scope.md",
        Phase::Decisions => "phases/decisions.md",
        Phase::EdgeCases => "phases/edge_cases.md",
        Phase::Draft => "phases/draft.md",
        Phase::Iteration | Phase::Complete => "phases/iteration.md",
    }
}

pub struct Prompts {
    registry: Handlebars<'static>,
    sources: Vec<(String, String)>,
}

impl Prompts {
    /// The built-in prompts, each replaced by `<dir>/<name>` when that file exists.
    pub fn load(override_dir: Option<&Path>) -> Result<Prompts> {
        let mut registry = Handlebars::new();
        registry.register_escape_fn(handlebars::no_escape);
        registry.set_strict_mode(true);
        let mut sources = Vec::new();
        for (name, builtin) in BUILTIN {
            let (text, origin) = match override_dir.map(|d| d.join(name)) {
                Some(path) if path.is_file() => {
                    let text =
                        std::fs::read_to_string(&path).map_err(|source| AgentError::Read {
                            path: path.clone(),
                            source,
                        })?;
                    (text, path.display().to_string())
                }
                _ => (builtin.to_string(), format!("built-in prompts/{name}")),
            };
            registry
                .register_template_string(name, &text)
                .map_err(|e| AgentError::PromptTemplate {
                    origin: origin.clone(),
                    source: Box::new(e),
                })?;
            sources.push((name.to_string(), origin));
        }
        Ok(Prompts { registry, sources })
    }

    /// Where each prompt came from, for `/status` and dry runs.
    pub fn sources(&self) -> &[(String, String)] {
        &self.sources
    }

    pub fn render(&self, name: &str, data: &impl Serialize) -> Result<String> {
        self.registry
            .render(name, data)
            .map_err(|e| AgentError::PromptRender {
                name: name.to_string(),
                source: Box::new(e),
            })
    }

    pub fn override_path(dir: &Path, name: &str) -> PathBuf {
        dir.join(name)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_phase_has_a_builtin_prompt() {
        for phase in Phase::ALL {
            let name = phase_prompt_name(phase);
            assert!(BUILTIN.iter().any(|(n, _)| *n == name), "{phase:?}");
        }
    }

    #[test]
    fn a_prompt_file_in_the_override_dir_wins() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::create_dir_all(dir.path().join("phases")).unwrap();
        std::fs::write(dir.path().join("phases/draft.md"), "custom {{topic}}").unwrap();
        let prompts = Prompts::load(Some(dir.path())).unwrap();
        let text = prompts
            .render("phases/draft.md", &serde_json::json!({"topic": "X"}))
            .unwrap();
        assert_eq!(text, "custom X");
        assert!(
            prompts
                .sources()
                .iter()
                .any(|(n, o)| n == "phases/draft.md" && o.contains(dir.path().to_str().unwrap()))
        );
    }
}
