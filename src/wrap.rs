//! Text for a terminal of a given width: lines wrapped between words (continuation lines
//! start under the text of a list item or an option), and markdown tables that do not fit
//! shown one row at a time. Only the REPL wraps; piped output stays as it is.

use textwrap::core::display_width;
use textwrap::{Options, WordSplitter, WrapAlgorithm};

/// The narrowest width wrapped to; below it a terminal shows whatever it can.
const MIN_WIDTH: usize = 20;

fn from_env(name: &str) -> Option<usize> {
    std::env::var(name)
        .ok()
        .and_then(|v| v.trim().parse::<usize>().ok())
        .filter(|n| *n > 0)
}

/// The terminal's width in columns: `COLUMNS` when set (as `ls` does), else what the
/// terminal says, else 80.
pub fn width() -> usize {
    from_env("COLUMNS")
        .or_else(|| {
            terminal_size::terminal_size_of(std::io::stdout())
                .map(|(w, _)| usize::from(w.0))
                .filter(|w| *w > 0)
        })
        .unwrap_or(80)
        .max(MIN_WIDTH)
}

/// The terminal's height in lines: `LINES` when set, else what the terminal says, else 24.
pub fn height() -> usize {
    from_env("LINES")
        .or_else(|| {
            terminal_size::terminal_size_of(std::io::stdout())
                .map(|(_, h)| usize::from(h.0))
                .filter(|h| *h > 0)
        })
        .unwrap_or(24)
}

/// How far continuation lines of `line` are indented: under its text, past the leading
/// spaces and any list marker (`- `, `+ `, `* `, `• `, `1. `, `(why: `).
fn hanging_indent(line: &str) -> usize {
    let spaces = line.len() - line.trim_start_matches(' ').len();
    let rest = &line[spaces..];
    for marker in ["- ", "+ ", "* ", "• ", "(why: "] {
        if rest.starts_with(marker) {
            return spaces + display_width(marker);
        }
    }
    let digits = rest.chars().take_while(char::is_ascii_digit).count();
    if digits > 0 && rest[digits..].starts_with(". ") {
        return spaces + digits + 2;
    }
    spaces
}

/// One logical line as the lines it takes at `width`, never broken inside a word unless the
/// word alone is wider than the line.
pub fn wrap_line(line: &str, width: usize) -> Vec<String> {
    let width = width.max(MIN_WIDTH);
    if display_width(line) <= width {
        return vec![line.to_string()];
    }
    let indent = " ".repeat(hanging_indent(line).min(width / 2));
    let options = Options::new(width)
        .subsequent_indent(&indent)
        .word_splitter(WordSplitter::NoHyphenation)
        // Each line as full as it goes, as people wrap by hand.
        .wrap_algorithm(WrapAlgorithm::FirstFit)
        .break_words(true);
    textwrap::wrap(line, options)
        .into_iter()
        .map(|l| l.trim_end().to_string())
        .collect()
}

/// The cells of a markdown table row (`| a | b |`); an escaped `\|` stays in its cell.
fn cells(row: &str) -> Vec<String> {
    let row = row.trim();
    let row = row.strip_prefix('|').unwrap_or(row);
    let row = row.strip_suffix('|').unwrap_or(row);
    let mut out = vec![String::new()];
    let mut chars = row.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '\\' if chars.peek() == Some(&'|') => {
                chars.next();
                if let Some(last) = out.last_mut() {
                    last.push('|');
                }
            }
            '|' => out.push(String::new()),
            c => {
                if let Some(last) = out.last_mut() {
                    last.push(c);
                }
            }
        }
    }
    out.into_iter().map(|c| c.trim().to_string()).collect()
}

fn is_separator(row: &str) -> bool {
    let cells = cells(row);
    !cells.is_empty()
        && cells
            .iter()
            .all(|c| !c.is_empty() && c.chars().all(|ch| matches!(ch, '-' | ':' | ' ')))
}

/// A table that does not fit: each row as a list item, one `header: cell` line per cell.
fn table_rows(lines: &[&str], width: usize) -> Vec<String> {
    let headers = cells(lines[0]);
    let mut out = Vec::new();
    for row in lines.iter().skip(1).filter(|r| !is_separator(r)) {
        let mut first = true;
        for (i, cell) in cells(row).iter().enumerate() {
            if cell.is_empty() {
                continue;
            }
            let header = headers.get(i).map(String::as_str).unwrap_or("");
            let marker = if first { "- " } else { "  " };
            first = false;
            let text = if header.is_empty() {
                format!("{marker}{cell}")
            } else {
                format!("{marker}{header}: {cell}")
            };
            out.extend(wrap_line(&text, width));
        }
    }
    out
}

/// Markdown for the terminal: every line wrapped, code blocks left alone, and a table kept
/// when it fits, else shown row by row.
pub fn markdown(md: &str, width: usize) -> String {
    let lines: Vec<&str> = md.lines().collect();
    let mut out: Vec<String> = Vec::new();
    let mut in_code = false;
    let mut i = 0;
    while i < lines.len() {
        let line = lines[i];
        if line.trim_start().starts_with("```") {
            in_code = !in_code;
            out.push(line.to_string());
            i += 1;
            continue;
        }
        if in_code {
            out.push(line.to_string());
            i += 1;
            continue;
        }
        if line.trim_start().starts_with('|') {
            let start = i;
            while i < lines.len() && lines[i].trim_start().starts_with('|') {
                i += 1;
            }
            let table = &lines[start..i];
            if table.iter().all(|l| display_width(l) <= width) {
                out.extend(table.iter().map(|l| l.to_string()));
            } else {
                out.extend(table_rows(table, width));
            }
            continue;
        }
        out.extend(wrap_line(line, width));
        i += 1;
    }
    let mut text = out.join("\n");
    if md.ends_with('\n') {
        text.push('\n');
    }
    text
}

#[cfg(test)]
mod tests {
    use super::*;
    use pretty_assertions::assert_eq;

    fn assert_fits(text: &str, width: usize) {
        for line in text.lines() {
            assert!(
                display_width(line) <= width,
                "{line:?} is wider than {width}"
            );
        }
    }

    #[test]
    fn lines_break_between_words_under_their_text() {
        let option =
            "     + Links stay consistent under concurrent writes, and the team already runs it";
        let wrapped = wrap_line(option, 40);
        assert_eq!(
            wrapped,
            vec![
                "     + Links stay consistent under",
                "       concurrent writes, and the team",
                "       already runs it",
            ]
        );
        assert_eq!(
            wrap_line(
                "12. What happens when the database is unreachable for a minute?",
                30
            ),
            vec![
                "12. What happens when the",
                "    database is unreachable",
                "    for a minute?"
            ]
        );
        // Words with hyphens stay whole; only a word wider than the line is broken.
        let text = "adr-001-url-shortener-data-storage.md is linked from the table";
        for line in wrap_line(text, 24) {
            assert!(!line.ends_with('-'), "{line:?}");
        }
        assert_eq!(wrap_line("short", 40), vec!["short"]);
    }

    #[test]
    fn a_table_that_does_not_fit_is_shown_row_by_row() {
        let md = "## Architecture Decisions\n\n| # | Decision | Rationale |\n|---|---|---|\n| 1 | [Data storage: Relational database](adr-001-url-shortener-data-storage.md) | A relational database keeps links consistent \\| safe |\n\nThe end.\n";
        let shown = markdown(md, 50);
        assert_fits(&shown, 50);
        assert!(
            shown.contains("- #: 1\n  Decision: [Data storage: Relational"),
            "{shown}"
        );
        assert!(
            shown.contains("consistent | safe"),
            "an escaped pipe stays: {shown}"
        );
        assert!(shown.ends_with("The end.\n"), "{shown}");
        // A table that fits stays a table.
        let small = "| a | b |\n|---|---|\n| 1 | 2 |\n";
        assert_eq!(markdown(small, 50), small);
    }

    #[test]
    fn code_blocks_are_left_alone() {
        let md = "```\nlet a_very_long_line_of_code = something_that_does_not_fit_in_the_terminal();\n```\n";
        assert_eq!(markdown(md, 30), md);
    }
}
