//! The other specs of a project, as a compact digest read from their JSON twins (entities
//! and fields, decisions, dependencies, error codes), so a new spec keeps names and
//! choices consistent with them, or differs on purpose. Twins of every format are read;
//! anything else in them is ignored.

use serde::{Deserialize, Serialize};

/// The most specs, entities and rows a digest holds, so a request stays small.
const MAX_SPECS: usize = 8;
const MAX_ROWS: usize = 12;

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ExistingField {
    pub name: String,
    #[serde(rename = "type", default)]
    pub ty: String,
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ExistingEntity {
    #[serde(alias = "entity")]
    pub name: String,
    #[serde(default)]
    pub fields: Vec<ExistingField>,
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ExistingDecision {
    pub area: String,
    pub choice: String,
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ExistingError {
    pub code: String,
    #[serde(default)]
    pub http_status: String,
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ExistingDependency {
    pub name: String,
}

/// What a new spec should agree with in another spec of the project.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ExistingSpec {
    pub title: String,
    pub slug: String,
    /// The session that wrote it: a session leaves its own spec out of the digest.
    #[serde(default)]
    pub session_id: String,
    #[serde(default, alias = "data_models")]
    pub entities: Vec<ExistingEntity>,
    #[serde(default)]
    pub decisions: Vec<ExistingDecision>,
    #[serde(default)]
    pub dependencies: Vec<ExistingDependency>,
    #[serde(default, alias = "error_handling")]
    pub errors: Vec<ExistingError>,
}

/// Reads the digest of a spec from its twin's JSON; `None` when it is not a twin.
pub fn from_twin(json: &str) -> Option<ExistingSpec> {
    let spec: ExistingSpec = serde_json::from_str(json).ok()?;
    (!spec.title.trim().is_empty() && !spec.slug.trim().is_empty()).then_some(spec)
}

fn one_line(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// The digest as text for a model, specs in the given order, capped in size.
pub fn digest_text(specs: &[ExistingSpec]) -> String {
    let mut out = String::new();
    for spec in specs.iter().take(MAX_SPECS) {
        out.push_str(&format!(
            "### {} ({}-spec.md)\n",
            one_line(&spec.title),
            spec.slug
        ));
        for e in spec.entities.iter().take(MAX_ROWS) {
            let fields: Vec<String> = e
                .fields
                .iter()
                .take(MAX_ROWS)
                .map(|f| {
                    if f.ty.trim().is_empty() {
                        one_line(&f.name)
                    } else {
                        format!("{}: {}", one_line(&f.name), one_line(&f.ty))
                    }
                })
                .collect();
            out.push_str(&format!(
                "- Entity {}: {}\n",
                one_line(&e.name),
                fields.join(", ")
            ));
        }
        for d in spec.decisions.iter().take(MAX_ROWS) {
            out.push_str(&format!(
                "- Decision {}: {}\n",
                one_line(&d.area),
                one_line(&d.choice)
            ));
        }
        if !spec.dependencies.is_empty() {
            let names: Vec<String> = spec
                .dependencies
                .iter()
                .take(MAX_ROWS)
                .map(|d| one_line(&d.name))
                .collect();
            out.push_str(&format!("- Dependencies: {}\n", names.join(", ")));
        }
        if !spec.errors.is_empty() {
            let codes: Vec<String> = spec
                .errors
                .iter()
                .take(MAX_ROWS)
                .map(|e| format!("{} ({})", one_line(&e.code), one_line(&e.http_status)))
                .collect();
            out.push_str(&format!("- Error codes: {}\n", codes.join(", ")));
        }
    }
    if specs.len() > MAX_SPECS {
        out.push_str(&format!(
            "- … and {} more specs in docs/spec/biz/\n",
            specs.len() - MAX_SPECS
        ));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use pretty_assertions::assert_eq;

    #[test]
    fn a_twin_of_the_first_format_reads_as_a_digest() {
        let json = r#"{"format": 1, "title": "URL shortener", "slug": "url-shortener",
            "session_id": "x", "overview": {},
            "data_models": [{"entity": "Link", "fields": [{"name": "code", "type": "string", "constraints": "", "description": ""}], "provenance": {"turns": [], "source": "stated"}}],
            "decisions": [{"number": 1, "area": "Data storage", "choice": "PostgreSQL", "alternatives": [], "rationale": "r", "decided_by": "user", "adr": null, "provenance": {"turns": [3], "source": "stated"}}],
            "dependencies": [{"name": "Redis", "purpose": "cache"}],
            "error_handling": [{"code": "NOT_FOUND", "condition": "c", "http_status": "404", "user_message": "m"}]}"#;
        let spec = from_twin(json).unwrap();
        assert_eq!(
            digest_text(&[spec]),
            "### URL shortener (url-shortener-spec.md)\n- Entity Link: code: string\n- Decision Data storage: PostgreSQL\n- Dependencies: Redis\n- Error codes: NOT_FOUND (404)\n"
        );
        assert_eq!(from_twin("{\"not\": \"a twin\"}"), None);
        assert_eq!(from_twin("nonsense"), None);
    }
}
