//! Line mode, used when stdin is not a terminal: one answer per line, a line holding only
//! `"""` opens and closes a multi-line answer, end of input saves and exits.

use std::io::{BufRead, Write};

use specwright_agent::{AgentEvent, Expect};

use crate::face::{Face, Input};
use crate::term::format_event;

pub const FENCE: &str = "\"\"\"";

pub struct LineUi<R, W> {
    input: R,
    output: W,
    ended: bool,
    /// Print each answer after its prompt, so a piped session's output reads as a transcript.
    echo: bool,
}

impl<R: BufRead + Send, W: Write + Send> LineUi<R, W> {
    pub fn new(input: R, output: W) -> Self {
        LineUi {
            input,
            output,
            ended: false,
            echo: false,
        }
    }

    pub fn with_echo(mut self, echo: bool) -> Self {
        self.echo = echo;
        self
    }

    fn next_line(&mut self) -> Option<String> {
        if self.ended {
            return None;
        }
        let mut buf = String::new();
        match self.input.read_line(&mut buf) {
            Ok(0) | Err(_) => {
                self.ended = true;
                None
            }
            Ok(_) => {
                while buf.ends_with('\n') || buf.ends_with('\r') {
                    buf.pop();
                }
                Some(buf)
            }
        }
    }
}

/// Reads one answer from `next`: a line, or the lines between two `"""` lines. Input
/// that ends inside a block still yields what was typed, so nothing is lost.
pub fn read_answer(mut next: impl FnMut() -> Option<String>) -> Option<String> {
    let first = next()?;
    if first.trim() != FENCE {
        return Some(first);
    }
    let mut lines = Vec::new();
    while let Some(line) = next() {
        if line.trim() == FENCE {
            break;
        }
        lines.push(line);
    }
    Some(lines.join("\n"))
}

impl<R: BufRead + Send, W: Write + Send> Face for LineUi<R, W> {
    fn show(&mut self, what: &AgentEvent) {
        let text = format_event(what);
        if text.is_empty() {
            return;
        }
        let _ = self.output.write_all(text.as_bytes());
        let _ = self.output.flush();
    }

    fn read(&mut self, expect: Expect) -> Input {
        let label = match expect {
            Expect::Command => "specwright> ",
            Expect::Answer => "answer> ",
            Expect::Choice => "choice> ",
            Expect::Review => "feedback> ",
            Expect::Confirm => "confirm> ",
            Expect::Edit => "edited draft> ",
        };
        let _ = self.output.write_all(label.as_bytes());
        let _ = self.output.flush();
        let answer = read_answer(|| self.next_line());
        if self.echo
            && let Some(text) = &answer
        {
            let _ = self.output.write_all(text.as_bytes());
        }
        let _ = self.output.write_all(b"\n");
        match answer {
            Some(text) => Input::Line(text),
            None => Input::Eof,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn answers(text: &str) -> Vec<String> {
        let mut lines = text
            .lines()
            .map(str::to_string)
            .collect::<Vec<_>>()
            .into_iter();
        let mut out = Vec::new();
        while let Some(a) = read_answer(|| lines.next()) {
            out.push(a);
        }
        out
    }

    #[test]
    fn one_answer_per_line_and_fenced_blocks() {
        assert_eq!(
            answers("one\n\"\"\"\nline a\n\nline b\n\"\"\"\n\nlast"),
            vec!["one", "line a\n\nline b", "", "last"]
        );
    }

    #[test]
    fn an_unclosed_block_keeps_what_was_typed() {
        assert_eq!(answers("\"\"\"\nhalf an answer"), vec!["half an answer"]);
    }
}
