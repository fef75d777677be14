//! The command line (a contract: see docs/cli.md).

use std::path::PathBuf;

use clap::{Args, Parser, Subcommand};

#[derive(Debug, Parser)]
#[command(
    name = "specwright",
    version,
    about = "Interviews you about a package or feature and writes its technical specification.",
    long_about = "Interviews you about a package or feature and writes its technical specification.\n\nWith no command, opens the interactive prompt; type /spec <topic> there to start.",
    after_help = "Examples:\n  specwright spec \"URL shortener\"\n  specwright resume --last\n  specwright lint docs/spec/biz/url-shortener-spec.md"
)]
pub struct Cli {
    #[command(flatten)]
    pub common: Common,
    #[command(subcommand)]
    pub command: Option<Cmd>,
}

#[derive(Debug, Clone, Args)]
pub struct Common {
    /// The project root: specs go to <root>/docs/spec/biz/ [default: the current directory]
    #[arg(long, global = true, value_name = "DIR")]
    pub root: Option<PathBuf>,
    /// Which model runs the interview: openai (any OpenAI-compatible server), offline or replay
    #[arg(long, global = true, value_name = "NAME")]
    pub provider: Option<String>,
    /// The model name sent to the server
    #[arg(long, global = true, value_name = "NAME")]
    pub model: Option<String>,
    /// The OpenAI-compatible server, e.g. http://localhost:11434/v1
    #[arg(long = "base-url", global = true, value_name = "URL")]
    pub base_url: Option<String>,
    /// A named server profile: openai, ollama, llamacpp, vllm, lmstudio
    #[arg(long, global = true, value_name = "NAME")]
    pub profile: Option<String>,
    /// A folder whose prompt files replace the built-in ones of the same name
    #[arg(long = "prompts-dir", global = true, value_name = "DIR")]
    pub prompts_dir: Option<PathBuf>,
    /// More log output on stderr (-v info, -vv debug)
    #[arg(short, long, global = true, action = clap::ArgAction::Count)]
    pub verbose: u8,
}

#[derive(Debug, Clone, Default, Args)]
pub struct InterviewOptions {
    /// A budget of question groups for the whole interview, spread over the phases
    #[arg(long, value_name = "N")]
    pub max_questions: Option<usize>,
    /// Take every recommended option, recording that you delegated the choice
    #[arg(long)]
    pub accept_recommendations: bool,
    /// Write this session as a replayable fixture transcript
    #[arg(long, value_name = "FIXTURE.jsonl")]
    pub record: Option<PathBuf>,
}

#[derive(Debug, Subcommand)]
pub enum Cmd {
    /// Start an interview about a package or feature
    Spec {
        /// What to specify, e.g. "URL shortener"
        #[arg(required = true, num_args = 1.., value_name = "TOPIC")]
        topic: Vec<String>,
        #[command(flatten)]
        options: InterviewOptions,
    },
    /// Replay a recorded fixture transcript
    Replay {
        /// The fixture (.jsonl)
        fixture: PathBuf,
        /// Compare the outputs with the fixture's expected files; exit non-zero on a difference
        #[arg(long)]
        check: bool,
        /// Overwrite the fixture's expected files with this replay's outputs
        #[arg(long, conflicts_with = "check")]
        bless: bool,
    },
    /// Check a spec, or a folder of specs and their consistency, against the template:
    /// exit 0 when no finding is an error, 1 when one is, 2 when nothing could be read
    Lint(LintArgs),
    /// Show the effective configuration
    Config {
        #[command(subcommand)]
        action: ConfigCmd,
    },
    /// Print every turn schema sent to a model, as one JSON object (name -> schema)
    Schema,
    /// List this project's interview sessions
    Sessions,
    /// Report any answer of a session that reached no part of its spec
    Check {
        /// The session id (or a unique prefix of it)
        session: String,
    },
    /// Reopen the session that wrote a spec, to revise it (you see a diff before approving)
    Revise {
        /// The spec, e.g. docs/spec/biz/url-shortener-spec.md
        spec: PathBuf,
    },
    /// Resume an interview session
    Resume {
        /// The session id (or a unique prefix of it); the latest session without one
        id: Option<String>,
        /// Resume the most recent unfinished session
        #[arg(long, conflicts_with = "id")]
        last: bool,
    },
}

#[derive(Debug, Clone, Args)]
pub struct LintArgs {
    /// A spec, or a folder whose specs are also checked against each other
    /// [default: the project's docs/spec/biz]
    #[arg(value_name = "SPEC_OR_DIR")]
    pub spec: Option<PathBuf>,
    /// Print the findings as JSON (a JSON object with `error` when the spec cannot be read)
    #[arg(long)]
    pub json: bool,
    /// Report every warning as an error, so a spec passes only without warnings
    #[arg(long)]
    pub strict: bool,
}

#[derive(Debug, Subcommand)]
pub enum ConfigCmd {
    /// Print each effective setting and where it came from (the API key masked)
    Show,
}
