//! The command line (a contract: see docs/cli.md). The model options (`--provider`,
//! `--model`, `--base-url`, `--profile`, `--prompts-dir`) belong to the commands that run
//! or show a model: the prompt (no command), `spec`, `resume`, `revise`, `mcp` and
//! `config show`.

use std::path::PathBuf;

use clap::{Args, Parser, Subcommand};

/// Exit statuses (docs/cli.md lists them).
pub mod exit {
    /// The command did its job; for `spec`, `resume` and `revise`: the spec is written.
    pub const OK: u8 = 0;
    /// An error; one sentence on stderr says what went wrong.
    pub const ERROR: u8 = 1;
    /// The command line could not be parsed (clap's own status for usage errors).
    pub const USAGE: u8 = 2;
    /// `spec`, `resume`, `revise`: the input ended (or /quit) before the spec was
    /// written; the session is saved and can be resumed.
    pub const SAVED: u8 = 3;
}

#[derive(Debug, Parser)]
#[command(
    name = "specwright",
    version,
    about = "Interviews you about a package or feature and writes its technical specification.",
    long_about = "Interviews you about a package or feature and writes its technical specification.\n\nWith no command, opens the interactive prompt; type /spec <topic> there to start.",
    after_help = "Examples:\n  specwright spec \"URL shortener\"\n  specwright resume --last\n  specwright lint docs/spec/biz/url-shortener-spec.md\n\nExit status: 0 done (for spec, resume, revise: the spec is written), 1 error, 2 usage error,\n3 session saved but not finished (spec, resume, revise)."
)]
pub struct Cli {
    #[command(flatten)]
    pub global: Global,
    /// The model for the interactive prompt (no command).
    #[command(flatten)]
    pub llm: LlmArgs,
    #[command(subcommand)]
    pub command: Option<Cmd>,
}

impl Cli {
    /// Parses the command line. Model options given before a command count for it when it
    /// takes them (`specwright --model m spec t`) and are a usage error when it does not.
    pub fn parse_checked() -> Result<Cli, clap::Error> {
        Cli::check(Cli::try_parse()?)
    }

    fn check(mut cli: Cli) -> Result<Cli, clap::Error> {
        let before = std::mem::take(&mut cli.llm);
        let llm = match &mut cli.command {
            None => {
                cli.llm = before;
                return Ok(cli);
            }
            Some(Cmd::Spec { llm, .. })
            | Some(Cmd::Resume { llm, .. })
            | Some(Cmd::Revise { llm, .. })
            | Some(Cmd::Mcp { llm })
            | Some(Cmd::Config {
                action: ConfigCmd::Show { llm, .. },
            }) => llm,
            Some(other) => {
                return match before.given() {
                    None => Ok(cli),
                    Some(flag) => Err(clap::Error::raw(
                        clap::error::ErrorKind::ArgumentConflict,
                        format!(
                            "{flag} is not used by `{}`; the model options go with the prompt, spec, resume, revise, mcp and config show\n",
                            other.name()
                        ),
                    )
                    .with_cmd(&<Cli as clap::CommandFactory>::command())),
                };
            }
        };
        llm.provider = llm.provider.take().or(before.provider);
        llm.model = llm.model.take().or(before.model);
        llm.base_url = llm.base_url.take().or(before.base_url);
        llm.profile = llm.profile.take().or(before.profile);
        llm.prompts_dir = llm.prompts_dir.take().or(before.prompts_dir);
        Ok(cli)
    }

    #[cfg(test)]
    fn checked_from(args: &[&str]) -> Result<Cli, clap::Error> {
        Cli::check(Cli::try_parse_from(args)?)
    }
}

impl Cmd {
    /// The command's name, as typed.
    pub fn name(&self) -> &'static str {
        match self {
            Cmd::Spec { .. } => "spec",
            Cmd::Resume { .. } => "resume",
            Cmd::Revise { .. } => "revise",
            Cmd::Sessions { .. } => "sessions",
            Cmd::Status { .. } => "status",
            Cmd::Check { .. } => "check",
            Cmd::Replay { .. } => "replay",
            Cmd::Lint(_) => "lint",
            Cmd::Config { .. } => "config",
            Cmd::Trust { .. } => "trust",
            Cmd::Schema => "schema",
            Cmd::Completions { .. } => "completions",
            Cmd::Man { .. } => "man",
            Cmd::Mcp { .. } => "mcp",
        }
    }
}

impl LlmArgs {
    /// The first model option given, as its flag.
    fn given(&self) -> Option<&'static str> {
        [
            (self.provider.is_some(), "--provider"),
            (self.model.is_some(), "--model"),
            (self.base_url.is_some(), "--base-url"),
            (self.profile.is_some(), "--profile"),
            (self.prompts_dir.is_some(), "--prompts-dir"),
        ]
        .into_iter()
        .find(|(given, _)| *given)
        .map(|(_, flag)| flag)
    }
}

/// Options every command takes.
#[derive(Debug, Clone, Default, Args)]
pub struct Global {
    /// The project root: specs go to <root>/docs/spec/biz/ [default: the current directory]
    #[arg(long, global = true, value_name = "DIR")]
    pub root: Option<PathBuf>,
    /// More log output on stderr (-v info, -vv debug)
    #[arg(short, long, global = true, action = clap::ArgAction::Count, conflicts_with = "quiet")]
    pub verbose: u8,
    /// Only questions, warnings, results and errors: no start-up notices, no spinner, no logs
    #[arg(short, long, global = true)]
    pub quiet: bool,
}

/// The profile names `--profile` accepts.
const PROFILE_NAMES: [&str; 5] = ["openai", "ollama", "llamacpp", "vllm", "lmstudio"];

/// Which model runs the interview.
#[derive(Debug, Clone, Default, Args)]
#[command(next_help_heading = "Model options")]
pub struct LlmArgs {
    /// Which model runs the interview: openai (any OpenAI-compatible server), offline or replay
    #[arg(long, value_name = "NAME", value_parser = ["openai", "offline", "replay"])]
    pub provider: Option<String>,
    /// The model name sent to the server
    #[arg(long, value_name = "NAME")]
    pub model: Option<String>,
    /// The OpenAI-compatible server, e.g. http://localhost:11434/v1
    #[arg(long = "base-url", value_name = "URL")]
    pub base_url: Option<String>,
    /// A named server profile
    #[arg(long, value_name = "NAME", value_parser = PROFILE_NAMES)]
    pub profile: Option<String>,
    /// A folder whose prompt files replace the built-in ones of the same name
    #[arg(long = "prompts-dir", value_name = "DIR")]
    pub prompts_dir: Option<PathBuf>,
}

/// What the code that runs a model needs from the command line: the project root, the
/// model options and how much to say.
#[derive(Debug, Clone, Default)]
pub struct Common {
    pub root: Option<PathBuf>,
    pub provider: Option<String>,
    pub model: Option<String>,
    pub base_url: Option<String>,
    pub profile: Option<String>,
    pub prompts_dir: Option<PathBuf>,
    pub quiet: bool,
}

impl Common {
    pub fn new(global: &Global, llm: &LlmArgs) -> Common {
        Common {
            root: global.root.clone(),
            provider: llm.provider.clone(),
            model: llm.model.clone(),
            base_url: llm.base_url.clone(),
            profile: llm.profile.clone(),
            prompts_dir: llm.prompts_dir.clone(),
            quiet: global.quiet,
        }
    }
}

#[derive(Debug, Clone, Default, Args)]
pub struct InterviewOptions {
    /// A budget of question groups for the whole interview (1-1000), spread over the phases
    #[arg(long, value_name = "N", value_parser = clap::value_parser!(u16).range(1..=1000))]
    pub max_questions: Option<u16>,
    /// Take every recommended option, recording that you delegated the choice
    #[arg(long)]
    pub accept_recommendations: bool,
    /// Write this session as a replayable fixture transcript
    #[arg(long, value_name = "FIXTURE.jsonl")]
    pub record: Option<PathBuf>,
    /// A document that answers the interview up front (notes, a draft spec): only the
    /// topics it leaves open are asked about
    #[arg(long, value_name = "FILE")]
    pub from: Option<PathBuf>,
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
        #[command(flatten)]
        llm: LlmArgs,
    },
    /// Resume an unfinished interview session, with the model it started with
    Resume {
        /// The session id (or a unique prefix of it) [default: the latest unfinished session]
        id: Option<String>,
        /// Resume the most recent unfinished session
        #[arg(long, conflicts_with = "id")]
        last: bool,
        #[command(flatten)]
        llm: LlmArgs,
    },
    /// Reopen the session that wrote a spec, to revise it (you see a diff before approving)
    Revise {
        /// The spec, e.g. docs/spec/biz/url-shortener-spec.md
        spec: PathBuf,
        #[command(flatten)]
        llm: LlmArgs,
    },
    /// List this project's interview sessions
    Sessions {
        /// Print the sessions as JSON
        #[arg(long)]
        json: bool,
    },
    /// Show a session: phase, checklist coverage, decisions, token use
    Status {
        /// The session id (or a unique prefix of it) [default: the most recent session]
        id: Option<String>,
        /// Print the status as JSON
        #[arg(long)]
        json: bool,
    },
    /// Report any answer of a session that reached no part of its spec
    Check {
        /// The session id (or a unique prefix of it)
        session: String,
        /// Print the report as JSON
        #[arg(long)]
        json: bool,
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
    /// Let your API key go to the server this project's .specwright.toml names (or URL)
    Trust {
        /// The server to trust for this project [default: the project file's base_url]
        #[arg(value_name = "URL")]
        url: Option<String>,
    },
    /// Print every turn schema sent to a model, as one JSON object (name -> schema)
    Schema,
    /// Print a shell completion script
    Completions {
        /// The shell
        #[arg(value_enum)]
        shell: clap_complete::Shell,
    },
    /// Print the manual page (roff), or write one page per command into a folder
    Man {
        /// Write specwright.1 and specwright-<command>.1 here instead
        #[arg(long, value_name = "DIR")]
        out_dir: Option<PathBuf>,
    },
    /// Serve the Model Context Protocol over stdio, for agent hosts (Claude Code, Codex, Cursor, VS Code)
    Mcp {
        #[command(flatten)]
        llm: LlmArgs,
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
    Show {
        /// Print the settings as JSON
        #[arg(long)]
        json: bool,
        #[command(flatten)]
        llm: LlmArgs,
    },
}

#[cfg(test)]
mod tests {
    use super::*;
    use clap::CommandFactory;

    #[test]
    fn the_command_line_is_consistent() {
        Cli::command().debug_assert();
    }

    #[test]
    fn model_options_belong_to_the_commands_that_use_them() {
        let parse = Cli::checked_from;
        assert!(parse(&["specwright", "sessions", "--model", "m"]).is_err());
        assert!(parse(&["specwright", "lint", "x.md", "--base-url", "u"]).is_err());
        let err = parse(&["specwright", "--model", "m", "sessions"]).unwrap_err();
        assert_eq!(err.exit_code(), i32::from(exit::USAGE));
        assert!(
            err.to_string()
                .contains("--model is not used by `sessions`"),
            "{err}"
        );
        assert!(parse(&["specwright", "spec", "t", "--model", "m"]).is_ok());
        assert!(parse(&["specwright", "--model", "m"]).is_ok());
        assert!(parse(&["specwright", "config", "show", "--base-url", "u"]).is_ok());
        // Before the command, they count for it; after it, they win.
        let cli = parse(&[
            "specwright",
            "--model",
            "a",
            "--profile",
            "ollama",
            "spec",
            "t",
            "--model",
            "b",
        ])
        .unwrap();
        let Some(Cmd::Spec { llm, .. }) = cli.command else {
            panic!("not spec")
        };
        assert_eq!(
            (llm.model.as_deref(), llm.profile.as_deref()),
            (Some("b"), Some("ollama"))
        );
        // The global options go anywhere.
        assert!(parse(&["specwright", "--root", "/tmp", "-q", "sessions"]).is_ok());
        assert!(parse(&["specwright", "sessions", "--root", "/tmp"]).is_ok());
        assert!(parse(&["specwright", "-v", "-q", "sessions"]).is_err());
        assert!(parse(&["specwright", "spec", "t", "--max-questions", "0"]).is_err());
        assert!(
            parse(&[
                "specwright",
                "spec",
                "t",
                "--max-questions",
                "3074457345618258603"
            ])
            .is_err()
        );
    }
}
