//! The pipeline: runs the cleaning stages over a table that has been read,
//! reporting progress, and accounts for every row and every changed cell.
//!
//! Front ends (the wasm binding, the CLI) read the input with
//! [`crate::read::Reader`], then call [`clean`]; they never run stages
//! themselves, so the page and the CLI always clean a file the same way.

use serde::Serialize;

use crate::error::Result;
use crate::normalize::Trim;
use crate::profile::{OutputOptions, Profile};
use crate::write::{write_rejected, write_table_numbered};
use crate::read::{HeaderFix, Problem, ReadOutput, RejectedRow};
use crate::table::Table;

/// How far a stage has got, for progress bars.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Progress<'a> {
    /// The stage's name, e.g. `trim`.
    pub stage: &'a str,
    /// Units done (cells, rows: the stage says).
    pub done: u64,
    /// Units in all.
    pub total: u64,
}

/// One changed cell: which, from what, to what, and by which rule.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Change {
    /// 0-based row in the table.
    pub row: usize,
    /// 0-based column.
    pub column: usize,
    /// The value before the rule ran.
    pub before: String,
    /// The value after.
    pub after: String,
    /// The rule that changed it, e.g. `trim`.
    pub rule: &'static str,
}

impl Change {
    /// A change record.
    pub fn new(row: usize, column: usize, before: &str, after: &str, rule: &'static str) -> Self {
        Change { row, column, before: before.to_string(), after: after.to_string(), rule }
    }
}

/// One step of cleaning that works on the whole table.
pub trait Stage {
    /// Short name shown in progress reports.
    fn name(&self) -> &'static str;
    /// Runs the stage, appending every cell it changes to `changes`.
    fn run(&self, table: &mut Table, changes: &mut Vec<Change>, progress: &mut dyn FnMut(Progress)) -> Result<()>;
}

/// The numbers a person looks at after a run (also the CLI's JSON report).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Summary {
    /// Data rows in the input (header excluded).
    pub rows_in: u64,
    /// Rows in the cleaned output.
    pub rows_out: u64,
    /// Rows kept out of the output, each with a reason.
    pub rows_rejected: u64,
    /// Columns in the output.
    pub columns: usize,
    /// Cells whose value a rule changed.
    pub cells_changed: u64,
    /// File format read: `csv`, `xlsx`, `xls`, `ods`.
    pub format: &'static str,
    /// Encoding the input was decoded from (empty for spreadsheets).
    pub encoding: String,
    /// Delimiter the input was split on.
    pub delimiter: String,
    /// Quote character of the input.
    pub quote: String,
    /// Whether the first row was taken as the header.
    pub has_header: bool,
    /// Worksheet read, for spreadsheets.
    pub sheet: Option<String>,
    /// Header names that were changed to be usable and unique.
    pub header_fixes: Vec<HeaderFix>,
    /// Cells written with a leading `'` so spreadsheet programs do not run them as formulas.
    pub formula_cells_neutralized: u64,
    /// Problems found while reading, with their lines.
    pub problems: Vec<Problem>,
    /// Things worth knowing that are not problems with a line ("no data rows").
    pub notices: Vec<String>,
    /// Heap bytes held by the table after cleaning.
    pub table_bytes: u64,
}

/// Everything a run produced.
#[derive(Debug, Clone)]
pub struct Cleaned {
    /// The cleaned rows.
    pub table: Table,
    /// Rows kept out of the output.
    pub rejected: Vec<RejectedRow>,
    /// Every changed cell.
    pub changes: Vec<Change>,
    /// The numbers.
    pub summary: Summary,
}

/// The stages the profile asks for, in pipeline order.
fn stages(profile: &Profile) -> Vec<Box<dyn Stage>> {
    let mut stages: Vec<Box<dyn Stage>> = Vec::new();
    if profile.normalize.trim {
        stages.push(Box::new(Trim));
    }
    stages
}

impl Cleaned {
    /// The 1-based input data row number of each output row and of each
    /// rejected row. Both lists are in input order, so one merge by line gives them.
    pub fn source_rows(&self) -> (Vec<u64>, Vec<u64>) {
        let (mut kept, mut rejected) = (Vec::with_capacity(self.table.rows()), Vec::with_capacity(self.rejected.len()));
        let (mut row, mut next_rejected) = (0, 0);
        let mut number = 0;
        while row < self.table.rows() || next_rejected < self.rejected.len() {
            number += 1;
            let rejected_line = self.rejected.get(next_rejected).map(|r| r.line);
            if row < self.table.rows() && rejected_line.is_none_or(|line| self.table.source_line(row) < line) {
                kept.push(number);
                row += 1;
            } else {
                rejected.push(number);
                next_rejected += 1;
            }
        }
        (kept, rejected)
    }

    /// Writes the cleaned CSV (with a `source_row` column first when
    /// `row_numbers`) and counts what writing changed into the summary.
    pub fn write<W: std::io::Write>(&mut self, options: &OutputOptions, row_numbers: bool, out: W) -> Result<()> {
        let numbers = row_numbers.then(|| self.source_rows().0);
        let stats = write_table_numbered(&self.table, options, numbers.as_deref(), out)?;
        self.summary.formula_cells_neutralized = stats.formula_cells_neutralized;
        Ok(())
    }

    /// Writes the rejected rows as CSV (with `source_row` first when `row_numbers`).
    pub fn write_rejected<W: std::io::Write>(&self, options: &OutputOptions, row_numbers: bool, out: W) -> Result<()> {
        let numbers = row_numbers.then(|| self.source_rows().1);
        write_rejected(&self.rejected, options, numbers.as_deref(), out)
    }
}

/// Runs every stage the profile asks for over what was read.
pub fn clean(read: ReadOutput, profile: &Profile, progress: &mut dyn FnMut(Progress)) -> Result<Cleaned> {
    let ReadOutput { mut table, rejected, problems, header_fixes, rows_in, format, encoding, dialect, sheet } = read;
    let mut changes = Vec::new();
    for stage in stages(profile) {
        progress(Progress { stage: stage.name(), done: 0, total: table.rows() as u64 });
        stage.run(&mut table, &mut changes, progress)?;
    }
    let mut notices = Vec::new();
    if rows_in == 0 {
        notices.push("no data rows: the file has a header but no rows below it".to_string());
    }
    let summary = Summary {
        rows_in,
        rows_out: table.rows() as u64,
        rows_rejected: rejected.len() as u64,
        columns: table.width(),
        cells_changed: changes.len() as u64,
        format,
        encoding,
        delimiter: char::from(dialect.delimiter).to_string(),
        quote: char::from(dialect.quote).to_string(),
        has_header: dialect.has_header,
        sheet,
        header_fixes,
        formula_cells_neutralized: 0,
        problems,
        notices,
        table_bytes: table.heap_bytes() as u64,
    };
    Ok(Cleaned { table, rejected, changes, summary })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::read::{read_bytes, ReadOptions};

    #[test]
    fn every_row_is_accounted_for() {
        let read = read_bytes(b"a,b\n x ,y\n1,2,3\n4\n", ReadOptions::default()).unwrap();
        let out = clean(read, &Profile::default(), &mut |_| {}).unwrap();
        let s = &out.summary;
        assert_eq!((s.rows_in, s.rows_out, s.rows_rejected), (3, 2, 1));
        assert_eq!(s.rows_in, s.rows_out + s.rows_rejected);
        assert_eq!(s.cells_changed, 1);
        assert_eq!(s.problems.len(), 1);
        assert!(s.notices.is_empty());
    }

    #[test]
    fn source_rows_interleave_kept_and_rejected_rows() {
        let read = read_bytes(b"a,b\n1,2\n3,4,5\n6,7\n8,9,10\n11,12\n", ReadOptions::default()).unwrap();
        let out = clean(read, &Profile::default(), &mut |_| {}).unwrap();
        assert_eq!(out.source_rows(), (vec![1, 3, 5], vec![2, 4]));
    }

    #[test]
    fn trim_can_be_switched_off() {
        let read = read_bytes(b"a\n x \n", ReadOptions::default()).unwrap();
        let mut profile = Profile::default();
        profile.normalize.trim = false;
        let out = clean(read, &profile, &mut |_| {}).unwrap();
        assert_eq!(out.table.cell(0, 0), " x ");
        assert_eq!(out.summary.cells_changed, 0);
    }

    #[test]
    fn header_only_file_gets_a_notice() {
        let read = read_bytes(b"a,b\n", ReadOptions::default()).unwrap();
        let out = clean(read, &Profile::default(), &mut |_| {}).unwrap();
        assert_eq!(out.summary.rows_in, 0);
        assert!(out.summary.notices[0].contains("no data rows"));
    }
}
