//! GFM tables as GitHub reads them: where a table starts and ends (how a row splits into
//! cells is line syntax, in `syntax`).

use super::doc::Doc;
use super::syntax::{has_unescaped_pipe, indent_of, is_delimiter_row, split_row, starts_block};

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
