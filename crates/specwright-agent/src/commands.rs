//! The slash commands, from one table that says where each works (at the prompt, in an
//! interview, or both) and drives help, completion, dispatch and the "not here" message.
//! Parsing a line of input is a pure function.

/// A slash command.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Command {
    Spec(String),
    Help,
    Status,
    Skip(Option<String>),
    Back,
    Decisions,
    Draft,
    Approve,
    Model,
    Sessions,
    Resume(Option<String>),
    Save,
    Edit,
    Quit,
}

/// Where a command works.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Scope {
    /// At the REPL prompt, with no interview running.
    Prompt,
    /// While an interview runs.
    Interview,
    Both,
}

impl Scope {
    /// Whether a command of this scope works where `here` says.
    pub fn allows(self, here: Scope) -> bool {
        self == Scope::Both || self == here || here == Scope::Both
    }
}

/// One row of the command table.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct CommandInfo {
    pub name: &'static str,
    pub args: &'static str,
    pub description: &'static str,
    pub scope: Scope,
}

pub const COMMANDS: &[CommandInfo] = &[
    CommandInfo {
        name: "spec",
        args: "<topic>",
        description: "start an interview about a package or feature",
        scope: Scope::Prompt,
    },
    CommandInfo {
        name: "help",
        args: "",
        description: "list the commands",
        scope: Scope::Both,
    },
    CommandInfo {
        name: "status",
        args: "",
        description: "phase, checklist coverage, decisions so far and token usage",
        scope: Scope::Interview,
    },
    CommandInfo {
        name: "skip",
        args: "[topic]",
        description: "defer the current questions (or a named topic, or the current decision) to the Open Questions",
        scope: Scope::Interview,
    },
    CommandInfo {
        name: "back",
        args: "",
        description: "revise your previous answer",
        scope: Scope::Interview,
    },
    CommandInfo {
        name: "decisions",
        args: "",
        description: "list the decisions recorded so far",
        scope: Scope::Interview,
    },
    CommandInfo {
        name: "draft",
        args: "",
        description: "show the current draft of the spec",
        scope: Scope::Interview,
    },
    CommandInfo {
        name: "approve",
        args: "",
        description: "approve the draft and write the spec",
        scope: Scope::Interview,
    },
    CommandInfo {
        name: "model",
        args: "",
        description: "show which model or interviewer is in use",
        scope: Scope::Both,
    },
    CommandInfo {
        name: "sessions",
        args: "",
        description: "list this project's sessions",
        scope: Scope::Prompt,
    },
    CommandInfo {
        name: "resume",
        args: "[id]",
        description: "resume a session (the latest without an id)",
        scope: Scope::Prompt,
    },
    CommandInfo {
        name: "save",
        args: "",
        description: "save the session (it is also saved after every answer)",
        scope: Scope::Interview,
    },
    CommandInfo {
        name: "edit",
        args: "",
        description: "write your answer in $EDITOR",
        scope: Scope::Interview,
    },
    CommandInfo {
        name: "quit",
        args: "",
        description: "save and leave; resume later",
        scope: Scope::Both,
    },
];

/// What a line of input is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Parsed {
    /// Plain text: an answer, a choice or feedback. A leading `//` stands for a literal `/`.
    Text(String),
    Command(Command),
    Unknown {
        name: String,
        suggestion: Option<&'static str>,
    },
    /// A known command used wrongly; the sentence says how to use it.
    Usage(String),
}

pub fn parse_line(line: &str) -> Parsed {
    let trimmed = line.trim();
    if let Some(rest) = trimmed.strip_prefix("//") {
        return Parsed::Text(format!("/{rest}"));
    }
    let Some(body) = trimmed.strip_prefix('/') else {
        return Parsed::Text(line.to_string());
    };
    let (name, arg) = match body.split_once(char::is_whitespace) {
        Some((n, a)) => (n, a.trim()),
        None => (body, ""),
    };
    let name = name.to_ascii_lowercase();
    let arg_opt = (!arg.is_empty()).then(|| arg.to_string());
    let no_arg = |c: Command| {
        if arg.is_empty() {
            Parsed::Command(c)
        } else {
            Parsed::Usage(format!("/{name} takes no argument."))
        }
    };
    match name.as_str() {
        "spec" if arg.is_empty() => {
            Parsed::Usage("/spec needs a topic, e.g. /spec URL shortener".into())
        }
        "spec" => Parsed::Command(Command::Spec(arg.to_string())),
        "help" | "?" => Parsed::Command(Command::Help),
        "status" => no_arg(Command::Status),
        "skip" => Parsed::Command(Command::Skip(arg_opt)),
        "back" => no_arg(Command::Back),
        "decisions" => no_arg(Command::Decisions),
        "draft" => no_arg(Command::Draft),
        "approve" => no_arg(Command::Approve),
        "model" => no_arg(Command::Model),
        "sessions" => no_arg(Command::Sessions),
        "resume" => Parsed::Command(Command::Resume(arg_opt)),
        "save" => no_arg(Command::Save),
        "edit" => no_arg(Command::Edit),
        "quit" | "exit" | "q" => no_arg(Command::Quit),
        // The seed's next steps are commands of the llm-init framework, not of specwright.
        "plan" | "decompose" => Parsed::Usage(format!(
            "/{name} is a command of the llm-init framework, not of specwright: run it there on the approved spec (docs/spec/biz/<topic>-spec.md)."
        )),
        _ => Parsed::Unknown {
            suggestion: suggest(&name),
            name,
        },
    }
}

/// The closest command name, if it is close enough to be a typo.
pub fn suggest(name: &str) -> Option<&'static str> {
    COMMANDS
        .iter()
        .map(|c| (c.name, strsim::damerau_levenshtein(name, c.name)))
        .filter(|(n, d)| *d <= 2 || (name.len() >= 2 && n.starts_with(name)))
        .min_by_key(|(_, d)| *d)
        .map(|(n, _)| n)
}

impl Command {
    /// The command's name in the table.
    pub fn name(&self) -> &'static str {
        match self {
            Command::Spec(_) => "spec",
            Command::Help => "help",
            Command::Status => "status",
            Command::Skip(_) => "skip",
            Command::Back => "back",
            Command::Decisions => "decisions",
            Command::Draft => "draft",
            Command::Approve => "approve",
            Command::Model => "model",
            Command::Sessions => "sessions",
            Command::Resume(_) => "resume",
            Command::Save => "save",
            Command::Edit => "edit",
            Command::Quit => "quit",
        }
    }

    /// Where the command works, from the table.
    pub fn scope(&self) -> Scope {
        info(self.name()).map(|c| c.scope).unwrap_or(Scope::Both)
    }
}

/// The table row of a command.
pub fn info(name: &str) -> Option<&'static CommandInfo> {
    COMMANDS.iter().find(|c| c.name == name)
}

/// What to say when a command is used where it does not work.
pub fn not_here(command: &Command, here: Scope) -> String {
    match here {
        Scope::Interview => format!(
            "/{} is not available during an interview; type /help for the list.",
            command.name()
        ),
        Scope::Prompt | Scope::Both => format!(
            "/{} works during an interview; start one with /spec <topic>.",
            command.name()
        ),
    }
}

/// The names of the commands that start with `prefix` (without the slash) and work `here`.
pub fn complete(prefix: &str, here: Scope) -> Vec<&'static str> {
    COMMANDS
        .iter()
        .filter(|c| c.scope.allows(here) && c.name.starts_with(prefix))
        .map(|c| c.name)
        .collect()
}

/// The help text for the commands that work `here`, from the table.
pub fn help_text(here: Scope) -> String {
    let mut out = String::from("Commands:\n");
    for c in COMMANDS.iter().filter(|c| c.scope.allows(here)) {
        let usage = if c.args.is_empty() {
            format!("/{}", c.name)
        } else {
            format!("/{} {}", c.name, c.args)
        };
        out.push_str(&format!("  {usage:<16} {}\n", c.description));
    }
    if here == Scope::Interview {
        out.push_str("\nAnswer in plain text. For a decision: a number, an option's name, your own choice, or Enter for the recommendation.\nStart and end a multi-line answer with a line holding only \"\"\".\n");
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use pretty_assertions::assert_eq;

    #[test]
    fn lines_parse_into_text_and_commands() {
        assert_eq!(parse_line("hello"), Parsed::Text("hello".into()));
        assert_eq!(
            parse_line("//etc is a path"),
            Parsed::Text("/etc is a path".into())
        );
        assert_eq!(parse_line("/approve"), Parsed::Command(Command::Approve));
        assert_eq!(
            parse_line("  /SKIP latency "),
            Parsed::Command(Command::Skip(Some("latency".into())))
        );
        assert_eq!(
            parse_line("/spec URL shortener"),
            Parsed::Command(Command::Spec("URL shortener".into()))
        );
        assert!(matches!(parse_line("/spec"), Parsed::Usage(_)));
        assert!(matches!(parse_line("/approve now"), Parsed::Usage(_)));
        let Parsed::Usage(plan) = parse_line("/plan") else {
            panic!("/plan is not explained")
        };
        assert!(
            plan.contains("llm-init framework, not of specwright"),
            "{plan}"
        );
    }

    #[test]
    fn unknown_commands_get_a_suggestion() {
        assert_eq!(
            parse_line("/aprove"),
            Parsed::Unknown {
                name: "aprove".into(),
                suggestion: Some("approve")
            }
        );
        assert_eq!(
            parse_line("/stat"),
            Parsed::Unknown {
                name: "stat".into(),
                suggestion: Some("status")
            }
        );
        assert_eq!(
            parse_line("/zzzzzzzz"),
            Parsed::Unknown {
                name: "zzzzzzzz".into(),
                suggestion: None
            }
        );
    }

    #[test]
    fn completion_and_help_come_from_the_table() {
        assert_eq!(complete("s", Scope::Prompt), vec!["spec", "sessions"]);
        assert_eq!(
            complete("s", Scope::Interview),
            vec!["status", "skip", "save"]
        );
        let help = help_text(Scope::Interview);
        for c in COMMANDS.iter().filter(|c| c.scope.allows(Scope::Interview)) {
            assert!(help.contains(&format!("/{}", c.name)), "{}", c.name);
        }
        assert!(!help.contains("/spec"));
        assert_eq!(
            not_here(&Command::Sessions, Scope::Interview),
            "/sessions is not available during an interview; type /help for the list."
        );
        assert_eq!(
            not_here(&Command::Approve, Scope::Prompt),
            "/approve works during an interview; start one with /spec <topic>."
        );
    }
}
