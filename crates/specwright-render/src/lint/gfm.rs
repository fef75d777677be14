//! GFM tables as GitHub reads them: where a table starts and ends, and how a row splits
//! into cells.

use super::doc::{Doc, indent_of, starts_block};

pub(crate) struct Row {
    /// Line index.
    pub index: usize,
    pub cells: Vec<String>,
}

/// A run of table lines: a header row, the delimiter row when there is one, and the body.
pub(crate) struct Table {
    pub header: Row,
    /// `None` when the line under the header is not a delimiter row (so GFM sees no table).
    pub delimiter: Option<Row>,
    pub rows: Vec<Row>,
}

impl Doc {
    pub fn tables(&self) -> Vec<Table> {
        let mut tables = Vec::new();
        let n = self.lines.len();
        let mut i = 0;
        while i < n {
            let line = &self.lines[i];
            let text = line.text.as_str();
            if line.hidden || text.trim().is_empty() || line.heading.is_some() {
                i += 1;
                continue;
            }
            let next_is_delimiter = self
                .lines
                .get(i + 1)
                .is_some_and(|l| !l.hidden && is_delimiter_row(&l.text));
            let header = Row {
                index: i,
                cells: split_row(text),
            };
            if has_unescaped_pipe(text) && next_is_delimiter && !starts_block(text) {
                let delimiter = Row {
                    index: i + 1,
                    cells: split_row(&self.lines[i + 1].text),
                };
                let mut rows = Vec::new();
                i += 2;
                // A GFM table runs until a blank line or the start of another block.
                while i < n && !self.lines[i].hidden {
                    let text = self.lines[i].text.as_str();
                    let table_line = text.trim_start().starts_with('|');
                    if text.trim().is_empty() || (!table_line && starts_block(text)) {
                        break;
                    }
                    rows.push(Row {
                        index: i,
                        cells: split_row(text),
                    });
                    i += 1;
                }
                tables.push(Table {
                    header,
                    delimiter: Some(delimiter),
                    rows,
                });
            } else if indent_of(text) <= 3 && text.trim_start().starts_with('|') {
                let mut rows = Vec::new();
                i += 1;
                while i < n
                    && !self.lines[i].hidden
                    && self.lines[i].text.trim_start().starts_with('|')
                {
                    rows.push(Row {
                        index: i,
                        cells: split_row(&self.lines[i].text),
                    });
                    i += 1;
                }
                tables.push(Table {
                    header,
                    delimiter: None,
                    rows,
                });
            } else {
                i += 1;
            }
        }
        tables
    }
}

/// Whether a `|` in the line is not escaped: a pipe preceded by an odd number of
/// backslashes is text.
pub(crate) fn has_unescaped_pipe(text: &str) -> bool {
    let mut backslashes = 0;
    for c in text.chars() {
        if c == '|' && backslashes % 2 == 0 {
            return true;
        }
        backslashes = if c == '\\' { backslashes + 1 } else { 0 };
    }
    false
}

/// Splits a table row into trimmed cells as GFM does: a leading and a trailing pipe are
/// optional and make no cell; a pipe preceded by an odd number of backslashes does not
/// split; a pipe inside a code span still splits.
pub(crate) fn split_row(text: &str) -> Vec<String> {
    let row = text.trim();
    let mut cells = Vec::new();
    let mut cell = String::new();
    let mut backslashes = 0;
    let mut ends_with_pipe = false;
    for c in row.chars() {
        ends_with_pipe = false;
        if c == '|' && backslashes % 2 == 0 {
            cells.push(std::mem::take(&mut cell));
            ends_with_pipe = true;
        } else {
            cell.push(c);
        }
        backslashes = if c == '\\' { backslashes + 1 } else { 0 };
    }
    if !ends_with_pipe {
        cells.push(cell);
    }
    if row.starts_with('|') && !cells.is_empty() {
        cells.remove(0);
    }
    cells.into_iter().map(|c| c.trim().to_string()).collect()
}

/// A GFM delimiter row: cells of `-` with optional `:` at either end, and at least one pipe.
pub(crate) fn is_delimiter_row(text: &str) -> bool {
    let cells = split_row(text);
    has_unescaped_pipe(text)
        && !cells.is_empty()
        && cells.iter().all(|c| {
            let inner = c.strip_prefix(':').unwrap_or(c);
            let inner = inner.strip_suffix(':').unwrap_or(inner);
            !inner.is_empty() && inner.chars().all(|ch| ch == '-')
        })
}

#[cfg(test)]
mod tests {
    use super::*;
    use pretty_assertions::assert_eq;

    #[test]
    fn rows_split_like_gfm() {
        assert_eq!(split_row("| a | b |"), vec!["a", "b"]);
        assert_eq!(split_row("a | b"), vec!["a", "b"]);
        assert_eq!(split_row("| a | b | |"), vec!["a", "b", ""]);
        assert_eq!(split_row("| a \\| b | c |"), vec!["a \\| b", "c"]);
        // Two backslashes escape each other, so the pipe splits.
        assert_eq!(split_row("| a \\\\| b |"), vec!["a \\\\", "b"]);
        assert_eq!(split_row("| a \\\\\\| b |"), vec!["a \\\\\\| b"]);
        // GFM splits inside code spans too.
        assert_eq!(split_row("| `a|b` | c |"), vec!["`a", "b`", "c"]);
        assert_eq!(split_row("|"), Vec::<String>::new());
    }

    #[test]
    fn delimiter_rows() {
        assert!(is_delimiter_row("|---|:--:|--:|"));
        assert!(is_delimiter_row("--- | ---"));
        assert!(!is_delimiter_row("---"));
        assert!(!is_delimiter_row("| a | --- |"));
        assert!(!is_delimiter_row("| - - |"));
    }
}
