//! Line mode, used when stdin is not a terminal: one answer per line, a line holding only
//! `"""` opens and closes a multi-line answer, end of input saves and exits.
//!
//! Input that is not UTF-8 never ends an interview silently: a line in another 8-bit
//! encoding is read as Latin-1 with a warning naming it; UTF-16 input, an answer over
//! [`MAX_ANSWER_BYTES`] or a read error stops the interview with a sentence naming the line
//! (everything before it is saved).

use std::io::{BufRead, Read, Write};

use specwright_agent::{AgentEvent, Expect};

use crate::face::{Face, Input, MAX_ANSWER_BYTES};
use crate::term::{format_event, sanitize};

pub const FENCE: &str = "\"\"\"";

pub struct LineUi<R, W> {
    input: R,
    output: W,
    ended: bool,
    /// Print each answer after its prompt, so a piped session's output reads as a transcript.
    echo: bool,
    /// Lines read so far, to name a line in a message.
    line: usize,
    /// Why reading stopped, when it was not the end of the input.
    failure: Option<String>,
}

/// A line's bytes as text: UTF-8, or Latin-1 with a warning; `Err` for what cannot be
/// read as text one line at a time (UTF-16).
fn decode(bytes: Vec<u8>, number: usize) -> Result<(String, Option<String>), String> {
    let utf16 = (number == 1
        && (bytes.starts_with(&[0xff, 0xfe]) || bytes.starts_with(&[0xfe, 0xff])))
        || bytes.contains(&0);
    if utf16 {
        return Err(format!(
            "line {number} of the input is not UTF-8 text (it looks like UTF-16); convert the file (e.g. iconv -f UTF-16 -t UTF-8) and resume"
        ));
    }
    match String::from_utf8(bytes) {
        Ok(mut text) => {
            if number == 1 && text.starts_with('\u{feff}') {
                text.remove(0);
            }
            Ok((text, None))
        }
        Err(e) => {
            let text: String = e.into_bytes().into_iter().map(char::from).collect();
            Ok((
                text,
                Some(format!(
                    "line {number} of the input is not valid UTF-8; it was read as Latin-1, check the answer"
                )),
            ))
        }
    }
}

impl<R: BufRead + Send, W: Write + Send> LineUi<R, W> {
    pub fn new(input: R, output: W) -> Self {
        LineUi {
            input,
            output,
            ended: false,
            echo: false,
            line: 0,
            failure: None,
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
        let mut buf = Vec::new();
        // One byte over the cap tells a line that is too long from one that fits.
        let limit = MAX_ANSWER_BYTES as u64 + 1;
        let read = (&mut self.input).take(limit).read_until(b'\n', &mut buf);
        self.line += 1;
        let number = self.line;
        match read {
            Ok(0) => {
                self.ended = true;
                None
            }
            Err(e) => self.fail(format!("cannot read line {number} of the input: {e}")),
            Ok(_) if buf.len() > MAX_ANSWER_BYTES => self.fail(format!(
                "line {number} of the input is longer than {} KiB, the most one answer may be; shorten it and resume",
                MAX_ANSWER_BYTES / 1024
            )),
            Ok(_) => {
                while buf.ends_with(b"\n") || buf.ends_with(b"\r") {
                    buf.pop();
                }
                match decode(buf, number) {
                    Ok((text, warning)) => {
                        if let Some(w) = warning {
                            let _ = writeln!(self.output, "warning: {w}");
                        }
                        Some(text)
                    }
                    Err(sentence) => self.fail(sentence),
                }
            }
        }
    }

    fn fail(&mut self, sentence: String) -> Option<String> {
        self.ended = true;
        self.failure = Some(sentence);
        None
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
        let text = specwright_agent::secrets::redact(&text);
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
        let mut answer = read_answer(|| self.next_line());
        if answer.as_ref().is_some_and(|a| a.len() > MAX_ANSWER_BYTES) {
            // A multi-line answer over the cap: nothing of it is taken.
            let _ = self.fail(format!(
                "the answer ending at line {} of the input is longer than {} KiB, the most one answer may be; shorten it and resume",
                self.line,
                MAX_ANSWER_BYTES / 1024
            ));
            answer = None;
        }
        // The echo is cleaned as model text is: an answer cannot drive the terminal.
        if self.echo
            && let Some(text) = &answer
        {
            let echo = sanitize(text);
            let _ = self
                .output
                .write_all(specwright_agent::secrets::redact(&echo).as_bytes());
        }
        let _ = self.output.write_all(b"\n");
        match answer {
            Some(text) => Input::Line(text),
            None => Input::Eof,
        }
    }

    fn failure(&mut self) -> Option<String> {
        self.failure.take()
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

    fn run(input: &[u8]) -> (Vec<Input>, String, Option<String>) {
        let mut out = Vec::new();
        let mut inputs = Vec::new();
        let failure;
        {
            let mut ui = LineUi::new(input, &mut out).with_echo(true);
            loop {
                let i = ui.read(Expect::Answer);
                let end = i == Input::Eof;
                inputs.push(i);
                if end {
                    break;
                }
            }
            failure = ui.failure();
        }
        (inputs, String::from_utf8(out).unwrap(), failure)
    }

    #[test]
    fn a_latin1_line_is_read_with_a_warning_naming_it() {
        let (inputs, out, failure) = run(b"first\ncaf\xe9 cr\xe8me\nlast\n");
        assert_eq!(
            inputs,
            vec![
                Input::Line("first".into()),
                Input::Line("café crème".into()),
                Input::Line("last".into()),
                Input::Eof
            ]
        );
        assert!(
            out.contains("warning: line 2 of the input is not valid UTF-8"),
            "{out}"
        );
        assert_eq!(failure, None);
    }

    #[test]
    fn utf16_input_stops_with_a_sentence_naming_the_line() {
        let utf16: Vec<u8> = [0xff, 0xfe]
            .into_iter()
            .chain("hello\n".encode_utf16().flat_map(u16::to_le_bytes))
            .collect();
        let (inputs, _, failure) = run(&utf16);
        assert_eq!(inputs, vec![Input::Eof]);
        assert!(
            failure
                .unwrap()
                .contains("line 1 of the input is not UTF-8 text (it looks like UTF-16)")
        );
        // Lines before it are kept.
        let mut mixed = b"kept\n".to_vec();
        mixed.extend_from_slice(&[b'a', 0, b'b', b'\n']);
        let (inputs, _, failure) = run(&mixed);
        assert_eq!(inputs, vec![Input::Line("kept".into()), Input::Eof]);
        assert!(failure.unwrap().contains("line 2"));
    }

    #[test]
    fn an_answer_over_the_cap_stops_without_taking_it() {
        let mut big = vec![b'x'; MAX_ANSWER_BYTES + 10];
        big.push(b'\n');
        let input = [b"ok\n".as_slice(), &big, b"after\n"].concat();
        let (inputs, _, failure) = run(&input);
        assert_eq!(inputs, vec![Input::Line("ok".into()), Input::Eof]);
        assert!(
            failure
                .unwrap()
                .contains("line 2 of the input is longer than")
        );
        let fenced = format!(
            "\"\"\"\n{}\n{}\n\"\"\"\n",
            "y".repeat(MAX_ANSWER_BYTES / 2 + 1),
            "z".repeat(MAX_ANSWER_BYTES / 2 + 1)
        );
        let (inputs, _, failure) = run(fenced.as_bytes());
        assert_eq!(inputs, vec![Input::Eof]);
        assert!(failure.unwrap().contains("answer ending at line 4"));
    }

    #[test]
    fn the_echo_of_an_answer_cannot_drive_the_terminal() {
        let (inputs, out, _) =
            run(b"a\x1b]52;c;ZXZpbA==\x07b \x1b]8;;http://x\x1b\\link\x1b[31m\n");
        assert_eq!(inputs.len(), 2);
        assert!(!out.contains('\u{1b}') && !out.contains('\u{7}'), "{out:?}");
        assert!(out.contains("ab link"), "{out:?}");
    }

    #[test]
    fn an_unclosed_block_keeps_what_was_typed() {
        assert_eq!(answers("\"\"\"\nhalf an answer"), vec!["half an answer"]);
    }
}
