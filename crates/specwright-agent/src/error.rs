use std::path::PathBuf;

use specwright_core::session::SessionError;
use specwright_llm::ModelError;
use specwright_render::spec::RenderError;

pub type Result<T, E = AgentError> = std::result::Result<T, E>;

/// Errors of the agent; each message is one sentence for the user, and keeps its cause.
#[derive(Debug, thiserror::Error)]
pub enum AgentError {
    #[error(transparent)]
    Model(#[from] ModelError),
    #[error("the model's {kind} turn was still invalid after {attempts} attempts: {errors}")]
    InvalidTurn {
        kind: &'static str,
        attempts: u32,
        errors: String,
    },
    #[error("cannot write {}: {}", path.display(), crate::files::describe_write_error(source))]
    Io {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },
    #[error("cannot read {}: {source}", path.display())]
    Read {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },
    #[error("cannot write {}: a file is already there and is kept", path.display())]
    Exists { path: PathBuf },
    #[error("{origin} is not a valid template: {source}")]
    PromptTemplate {
        origin: String,
        #[source]
        source: Box<handlebars::TemplateError>,
    },
    #[error("prompts/{name} could not be rendered: {source}")]
    PromptRender {
        name: String,
        #[source]
        source: Box<handlebars::RenderError>,
    },
    #[error(transparent)]
    Render(#[from] RenderError),
    #[error("cannot encode {what}: {source}")]
    Encode {
        what: &'static str,
        #[source]
        source: serde_json::Error,
    },
    #[error("there is no session journal at {}", path.display())]
    NoJournal { path: PathBuf },
    #[error("the session journal {} is empty", path.display())]
    EmptyJournal { path: PathBuf },
    #[error("the session journal {} is damaged at line {line}: {source}", path.display())]
    DamagedJournal {
        path: PathBuf,
        line: usize,
        #[source]
        source: serde_json::Error,
    },
    #[error("the session journal {} cannot be replayed: {source}", path.display())]
    Replay {
        path: PathBuf,
        #[source]
        source: SessionError,
    },
    /// An event the session refuses is never journaled.
    #[error("internal error: the session refused an event: {0}")]
    Refused(#[source] SessionError),
    #[error("{0}")]
    Fixture(String),
    #[error("the agent stopped unexpectedly: {0}")]
    Stopped(#[from] tokio::task::JoinError),
    #[error(
        "{path} leads outside the project through a symbolic link; specwright reads and writes only inside the project root"
    )]
    OutsideRoot { path: String },
    #[error(
        "the session journal {} is open in another specwright process; finish or quit the session there first", path.display()
    )]
    SessionBusy { path: PathBuf },
    /// The journal itself could not be written: what was written before it is saved, this
    /// event is not.
    #[error("cannot write the session journal {}: {}", path.display(), crate::files::describe_write_error(source))]
    JournalWrite {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },
    #[error(
        "{} line {line} records {what} {recorded:?}, which is not a file this session writes; nothing was written", path.display()
    )]
    RecordedPath {
        path: PathBuf,
        line: usize,
        what: &'static str,
        recorded: String,
    },
    #[error(transparent)]
    Topic(#[from] specwright_core::slug::TopicError),
}
