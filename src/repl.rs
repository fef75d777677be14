//! The interactive terminal: a rustyline prompt with slash-command completion, history,
//! multi-line answers (bracketed paste, `"""` blocks, `/edit`), a spinner while the model
//! thinks, and markdown rendered for the terminal. Text from a model is sanitized first.

use std::io::{IsTerminal, Write};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use rustyline::completion::{Completer, Pair};
use rustyline::error::ReadlineError;
use rustyline::history::DefaultHistory;
use rustyline::{Config, Context, Editor, Helper, Highlighter, Hinter, Validator};
use specwright_agent::commands::{Command, Parsed, Scope, complete, parse_line};
use specwright_agent::status::progress_line;
use specwright_agent::{AgentEvent, Expect};
use specwright_llm::openai::Progress;

use crate::face::{Face, Input};
use crate::line_ui::FENCE;
use crate::term::{format_event, sanitize};
use crate::wrap;

/// Completes slash commands from the command table: at the prompt, the ones that work
/// there; during an interview, the ones that work there.
#[derive(Helper, Highlighter, Hinter, Validator)]
pub struct SlashHelper {
    scope: Arc<Mutex<Scope>>,
}

impl Completer for SlashHelper {
    type Candidate = Pair;

    fn complete(
        &self,
        line: &str,
        pos: usize,
        _ctx: &Context<'_>,
    ) -> rustyline::Result<(usize, Vec<Pair>)> {
        let typed = &line[..pos];
        match typed.strip_prefix('/') {
            Some(prefix) if !prefix.contains(char::is_whitespace) => Ok((
                0,
                complete(prefix, self.scope.lock().map(|s| *s).unwrap_or(Scope::Both))
                    .into_iter()
                    .map(|name| Pair {
                        display: format!("/{name}"),
                        replacement: format!("/{name} "),
                    })
                    .collect(),
            )),
            _ => Ok((pos, Vec::new())),
        }
    }
}

/// Whether output may carry colour and escape sequences.
pub fn color_allowed() -> bool {
    std::io::stdout().is_terminal() && std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty())
}

/// `$XDG_STATE_HOME/specwright/history` (else `~/.local/state/specwright/history`). Whether
/// it is used is a setting (`history`, `SPECWRIGHT_HISTORY`).
pub fn history_path() -> Option<PathBuf> {
    let state = std::env::var_os("XDG_STATE_HOME")
        .filter(|v| !v.is_empty())
        .map(PathBuf::from)
        .or_else(|| {
            std::env::var_os("HOME").map(|h| PathBuf::from(h).join(".local").join("state"))
        })?;
    Some(state.join("specwright").join("history"))
}

/// Creates the history file readable by its owner only, before anything is written to it.
fn prepare_history(path: &Path) -> std::io::Result<()> {
    if let Some(dir) = path.parent() {
        std::fs::create_dir_all(dir)?;
    }
    let mut options = std::fs::OpenOptions::new();
    options.create(true).append(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        options.mode(0o600);
    }
    options.open(path)?;
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        std::fs::set_permissions(path, std::fs::Permissions::from_mode(0o600))?;
    }
    Ok(())
}

struct Spinner {
    stop: Arc<AtomicBool>,
    handle: std::thread::JoinHandle<()>,
}

/// What the spinner says while the model works.
#[derive(Debug, Default)]
struct SpinState {
    /// Characters of the reply received so far (0 until the first token).
    chars: usize,
    /// The retry under way, until the first token arrives.
    retry: Option<String>,
    /// The draft section being written.
    section: Option<String>,
}

impl SpinState {
    fn line(&self) -> String {
        match (&self.section, &self.retry) {
            (Some(section), _) => format!("{section}, {} chars", self.chars),
            (None, Some(retry)) => retry.clone(),
            (None, None) if self.chars == 0 => "thinking...".to_string(),
            (None, None) => format!("receiving... {} chars", self.chars),
        }
    }
}

pub struct ReplUi {
    /// What the spinner shows, updated from the agent's progress events.
    spin: Arc<Mutex<SpinState>>,
    /// Where the person is, for completion.
    scope: Arc<Mutex<Scope>>,
    editor: Editor<SlashHelper, DefaultHistory>,
    history: Option<PathBuf>,
    color: bool,
    spinner: Option<Spinner>,
    /// `-q`: no spinner.
    quiet: bool,
    /// The person just typed /draft: a draft longer than the screen goes through the pager.
    page_draft: bool,
}

impl ReplUi {
    pub fn new(history_enabled: bool, quiet: bool) -> rustyline::Result<ReplUi> {
        let config = Config::builder()
            .auto_add_history(false)
            .history_ignore_space(true)
            .max_history_size(2000)?
            .bracketed_paste(true)
            .completion_type(rustyline::CompletionType::List)
            .build();
        let mut editor: Editor<SlashHelper, DefaultHistory> = Editor::with_config(config)?;
        let scope = Arc::new(std::sync::Mutex::new(Scope::Prompt));
        editor.set_helper(Some(SlashHelper {
            scope: scope.clone(),
        }));
        let history =
            history_path()
                .filter(|_| history_enabled)
                .filter(|p| match prepare_history(p) {
                    Ok(()) => true,
                    Err(e) => {
                        eprintln!("warning: history is off: cannot use {}: {e}", p.display());
                        false
                    }
                });
        if let Some(path) = &history {
            let _ = editor.load_history(path);
        }
        Ok(ReplUi {
            spin: Arc::new(Mutex::new(SpinState::default())),
            scope,
            editor,
            history,
            color: color_allowed(),
            spinner: None,
            quiet,
            page_draft: false,
        })
    }

    fn remember(&mut self, line: &str) {
        if line.trim().is_empty() {
            return;
        }
        let _ = self.editor.add_history_entry(line);
        if let Some(path) = &self.history {
            // Append only what this session added; keep the owner-only mode.
            let _ = self.editor.append_history(path);
            #[cfg(unix)]
            {
                use std::os::unix::fs::PermissionsExt;
                let _ = std::fs::set_permissions(path, std::fs::Permissions::from_mode(0o600));
            }
        }
    }

    /// Reads one line; `None` at end of input.
    fn line(&mut self, prompt: &str) -> Option<Result<String, ()>> {
        match self.editor.readline(prompt) {
            Ok(line) => Some(Ok(line)),
            Err(ReadlineError::Interrupted) => Some(Err(())),
            Err(ReadlineError::Eof) => None,
            Err(e) => {
                eprintln!("warning: cannot read the terminal: {e}");
                None
            }
        }
    }

    /// Opens $EDITOR (or $VISUAL, else vi) on a temporary file; returns what was written.
    fn edit(&mut self) -> Option<String> {
        let editor = std::env::var("VISUAL")
            .or_else(|_| std::env::var("EDITOR"))
            .unwrap_or_else(|_| "vi".into());
        let file = match tempfile::Builder::new()
            .prefix("specwright-answer-")
            .suffix(".md")
            .tempfile()
        {
            Ok(f) => f,
            Err(e) => {
                println!("Cannot create a file to edit: {e}");
                return None;
            }
        };
        let mut parts = editor.split_whitespace();
        let program = parts.next().unwrap_or("vi");
        let status = std::process::Command::new(program)
            .args(parts)
            .arg(file.path())
            .status();
        match status {
            Ok(s) if s.success() => {
                let text = std::fs::read_to_string(file.path()).unwrap_or_default();
                let text = text.trim_end().to_string();
                if text.trim().is_empty() {
                    println!("The file was empty; nothing was sent.");
                    None
                } else {
                    Some(text)
                }
            }
            Ok(s) => {
                println!("{editor} exited with {s}; nothing was sent.");
                None
            }
            Err(e) => {
                println!("Cannot start {editor}: {e}; set $EDITOR to your editor.");
                None
            }
        }
    }

    /// What an event looks like here: wrapped to the terminal's width, styled when colour
    /// is allowed (headings bold, explanations dimmed, the recommendation green).
    fn styled(&self, what: &AgentEvent) -> String {
        let width = wrap::width();
        let paint = |code: &str, line: &str| {
            if self.color && !code.is_empty() {
                format!("{code}{line}\x1b[0m\n")
            } else {
                format!("{line}\n")
            }
        };
        // Each logical line keeps its style on every line it wraps to.
        let lines = |text: &str, style: &dyn Fn(&str) -> &'static str| {
            let mut out = String::new();
            for line in text.split('\n') {
                for part in wrap::wrap_line(line, width) {
                    out.push_str(&paint(style(line), &part));
                }
            }
            // `split` gives one empty piece after a final newline: drop its newline.
            if text.ends_with('\n') {
                out.pop();
            }
            out
        };
        match what {
            AgentEvent::Draft {
                markdown,
                summary,
                diff: None,
            } => {
                let mut out = String::new();
                if let Some(s) = summary {
                    out.push('\n');
                    out.push_str(&lines(&format!("{}\n", sanitize(s)), &|_| ""));
                }
                let body = wrap::markdown(&sanitize(markdown), width);
                if self.color {
                    out.push('\n');
                    for line in body.lines() {
                        out.push_str(&paint(
                            if line.starts_with('#') { "\x1b[1m" } else { "" },
                            line,
                        ));
                    }
                } else {
                    out.push_str("\n---- draft ----\n");
                    out.push_str(&body);
                    if !body.ends_with('\n') {
                        out.push('\n');
                    }
                    out.push_str("---- end of draft ----\n");
                }
                out
            }
            AgentEvent::Draft {
                diff: Some(diff),
                summary,
                ..
            } if !diff.is_empty() && self.color => {
                let mut out = String::new();
                if let Some(s) = summary {
                    out.push('\n');
                    out.push_str(&lines(&format!("{}\n", sanitize(s)), &|_| "\x1b[1m"));
                }
                out.push('\n');
                out.push_str(&lines(&sanitize(diff), &|line| match line.chars().next() {
                    Some('+') => "\x1b[32m",
                    Some('-') => "\x1b[31m",
                    Some('@') => "\x1b[36m",
                    _ => "",
                }));
                if !out.ends_with('\n') {
                    out.push('\n');
                }
                out.push_str(&paint("\x1b[2m", "(/draft shows the whole spec)"));
                out
            }
            AgentEvent::PhaseStarted(_)
            | AgentEvent::Questions { .. }
            | AgentEvent::Decision { .. } => lines(&format_event(what), &|line| {
                if line.starts_with("==") || line.starts_with("Decision ") {
                    "\x1b[1;36m"
                } else if line.trim_start().starts_with("(why:")
                    || line.trim_start().starts_with("+ ")
                    || line.trim_start().starts_with("- ")
                {
                    "\x1b[2m"
                } else if line.contains("(recommended)") {
                    "\x1b[1;32m"
                } else {
                    ""
                }
            }),
            AgentEvent::Warning(_) => lines(&format_event(what), &|_| "\x1b[33m"),
            _ => lines(&format_event(what), &|_| ""),
        }
    }
}

impl Face for ReplUi {
    fn show(&mut self, what: &AgentEvent) {
        match what {
            AgentEvent::Thinking(on) => return self.thinking(*on),
            AgentEvent::Progress(progress) => {
                if let Ok(mut spin) = self.spin.lock() {
                    match progress {
                        Progress::Received(n) => {
                            spin.chars = *n;
                            spin.retry = None;
                        }
                        other => {
                            if let Some(line) = progress_line(other) {
                                match other {
                                    Progress::Retrying(_) => spin.retry = Some(line),
                                    _ => spin.section = Some(line),
                                }
                            }
                        }
                    }
                }
                return;
            }
            AgentEvent::Waiting(_) => return,
            _ => {}
        }
        let text = self.styled(what);
        if std::mem::take(&mut self.page_draft)
            && matches!(what, AgentEvent::Draft { diff: None, .. })
            && text.lines().count() + 2 > wrap::height()
            && page(&text)
        {
            return;
        }
        let mut out = std::io::stdout();
        let _ = out.write_all(text.as_bytes());
        let _ = out.flush();
    }

    fn read(&mut self, expect: Expect) -> Input {
        if let Ok(mut scope) = self.scope.lock() {
            *scope = match expect {
                Expect::Command => Scope::Prompt,
                _ => Scope::Interview,
            };
        }
        let prompt = match expect {
            Expect::Command => "specwright> ",
            Expect::Answer => "answer> ",
            Expect::Choice => "choice> ",
            Expect::Review => "feedback> ",
        };
        loop {
            let line = match self.line(prompt) {
                None => return Input::Eof,
                // Ctrl-C on a typed line clears it.
                Some(Err(())) => continue,
                Some(Ok(line)) => line,
            };
            if line.trim() == FENCE {
                let mut lines = Vec::new();
                loop {
                    match self.line("... ") {
                        Some(Ok(l)) if l.trim() == FENCE => break,
                        Some(Ok(l)) => lines.push(l),
                        // Ctrl-C abandons the block; what was typed stays in the history.
                        Some(Err(())) => {
                            let text = lines.join("\n");
                            self.remember(&text);
                            println!(
                                "Multi-line answer cancelled (it is in the history: press Up)."
                            );
                            lines.clear();
                            break;
                        }
                        None => break,
                    }
                }
                if lines.is_empty() {
                    continue;
                }
                let text = lines.join("\n");
                self.remember(&text);
                return Input::Line(text);
            }
            if line.trim() == "/edit" {
                match self.edit() {
                    Some(text) => {
                        println!("{}", sanitize(&text));
                        self.remember(&text);
                        return Input::Line(text);
                    }
                    None => continue,
                }
            }
            self.remember(&line);
            self.page_draft = matches!(parse_line(&line), Parsed::Command(Command::Draft));
            return Input::Line(line);
        }
    }
}

/// Shows `text` through `$PAGER` (else `less`, with `LESS=FRX` unless LESS is set, so a
/// short text is printed as it is and a long one stays on the screen after quitting).
/// An empty `PAGER` turns paging off. False when no pager ran, so the caller prints.
fn page(text: &str) -> bool {
    let pager = match std::env::var("PAGER") {
        Ok(p) if p.trim().is_empty() => return false,
        Ok(p) => p,
        Err(_) => "less".to_string(),
    };
    let mut command = std::process::Command::new("sh");
    command
        .arg("-c")
        .arg(&pager)
        .stdin(std::process::Stdio::piped());
    if std::env::var_os("LESS").is_none() {
        command.env("LESS", "FRX");
    }
    let Ok(mut child) = command.spawn() else {
        return false;
    };
    if let Some(mut stdin) = child.stdin.take() {
        // A pager quit before reading everything closes the pipe: that is fine.
        let _ = stdin.write_all(text.as_bytes());
    }
    // A pager that could not run (`sh` says 127) leaves the text to be printed.
    child.wait().is_ok_and(|status| status.code() != Some(127))
}

impl ReplUi {
    fn thinking(&mut self, on: bool) {
        if let Some(spinner) = self.spinner.take() {
            spinner.stop.store(true, Ordering::Relaxed);
            let _ = spinner.handle.join();
        }
        if !on || self.quiet || !std::io::stderr().is_terminal() {
            return;
        }
        let stop = Arc::new(AtomicBool::new(false));
        let flag = stop.clone();
        if let Ok(mut spin) = self.spin.lock() {
            *spin = SpinState::default();
        }
        let spin = self.spin.clone();
        let width = wrap::width();
        let handle = std::thread::spawn(move || {
            let frames = ['|', '/', '-', '\\'];
            let start = Instant::now();
            let mut i = 0usize;
            let mut err = std::io::stderr();
            while !flag.load(Ordering::Relaxed) {
                let what = spin.lock().map(|s| s.line()).unwrap_or_default();
                let line = format!(
                    "{} {what} {}s (Ctrl-C cancels)",
                    frames[i % frames.len()],
                    start.elapsed().as_secs()
                );
                // Never wider than the terminal, or it wraps and the \r redraws a new line;
                // the rest of the line is erased, so a shorter text leaves nothing behind.
                let line: String = line.chars().take(width.saturating_sub(1)).collect();
                let _ = write!(err, "\r{line}\x1b[K");
                let _ = err.flush();
                i += 1;
                std::thread::sleep(Duration::from_millis(120));
            }
            // Back to the line's start, erased to its end.
            let _ = write!(err, "\r\x1b[K");
            let _ = err.flush();
        });
        self.spinner = Some(Spinner { stop, handle });
    }
}

impl Drop for ReplUi {
    fn drop(&mut self) {
        self.thinking(false);
    }
}
