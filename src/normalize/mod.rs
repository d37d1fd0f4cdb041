//! Normalization: bring every cell to one canonical form, recording each change.
//!
//! For now the only rule is trimming surrounding whitespace (Unicode
//! `White_Space`, so NBSP and the full-width space U+3000 count too).

use crate::error::Result;
use crate::pipeline::{Change, Progress, Stage};
use crate::table::{Column, Table};

/// How many rows between two progress reports.
const PROGRESS_EVERY: usize = 1 << 16;

/// Removes whitespace around every cell.
#[derive(Debug, Default, Clone, Copy)]
pub struct Trim;

impl Stage for Trim {
    fn name(&self) -> &'static str {
        "trim"
    }

    fn run(&self, table: &mut Table, changes: &mut Vec<Change>, progress: &mut dyn FnMut(Progress)) -> Result<()> {
        let total = (table.rows() * table.width()) as u64;
        let mut done = 0u64;
        for index in 0..table.width() {
            let Some(column) = table.column(index) else { continue };
            if let Some(trimmed) = trim_column(index, column, changes, &mut |rows| {
                progress(Progress { stage: "trim", done: done + rows as u64, total })
            })? {
                table.replace_column(index, trimmed);
            }
            done += table.rows() as u64;
        }
        Ok(())
    }
}

/// The column with every cell trimmed, or `None` when no cell needed it.
fn trim_column(
    index: usize,
    column: &Column,
    changes: &mut Vec<Change>,
    progress: &mut dyn FnMut(usize),
) -> Result<Option<Column>> {
    let Some(first) = column.iter().position(|cell| cell.trim() != cell) else { return Ok(None) };
    let mut out = Column::with_capacity(column.name(), column.len(), column.text_len());
    for (row, cell) in column.iter().enumerate() {
        let trimmed = if row < first { cell } else { cell.trim() };
        if trimmed.len() != cell.len() {
            changes.push(Change::new(row, index, cell, trimmed, "trim"));
        }
        out.push(trimmed)?;
        if row % PROGRESS_EVERY == PROGRESS_EVERY - 1 {
            progress(row + 1);
        }
    }
    Ok(Some(out))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn trims_unicode_whitespace_and_logs_each_change() {
        let mut t = Table::new(["name", "city"]);
        t.push_row(["  Ann ", "Paris"], 2).unwrap();
        t.push_row(["\u{3000}张伟\u{00A0}", "\t北京"], 3).unwrap();
        let mut changes = Vec::new();
        Trim.run(&mut t, &mut changes, &mut |_| {}).unwrap();
        assert_eq!((t.cell(0, 0), t.cell(1, 0), t.cell(0, 1), t.cell(1, 1)), ("Ann", "张伟", "Paris", "北京"));
        assert_eq!(changes.len(), 3);
        assert_eq!(changes[0], Change::new(0, 0, "  Ann ", "Ann", "trim"));
    }

    #[test]
    fn untouched_columns_are_not_rebuilt() {
        let mut t = Table::new(["a"]);
        t.push_row(["x"], 2).unwrap();
        let before = t.clone();
        let mut changes = Vec::new();
        Trim.run(&mut t, &mut changes, &mut |_| {}).unwrap();
        assert_eq!(t, before);
        assert!(changes.is_empty());
    }
}
