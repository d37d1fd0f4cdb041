//! Writing: the cleaned table (and the rejected rows) as RFC 4180 CSV in UTF-8.
//!
//! Output goes to any `io::Write`, so the CLI streams to a file and the wasm
//! binding fills a byte vector; neither holds a second copy as a `String`.

use std::io::Write;

use crate::error::{Error, Result};
use crate::profile::{Bom, LineEnding, OutputOptions};
use crate::ledger::{ChangeLog, IssueLog};
use crate::read::RejectedRow;
use crate::dedupe::link::LinkRow;
use crate::dedupe::stage::{ClusterRow, DuplicateRow};
use crate::validate::Severity;
use crate::table::Table;

const UTF8_BOM: &[u8] = b"\xEF\xBB\xBF";

fn writer<W: Write>(out: W, options: &OutputOptions) -> csv::Writer<W> {
    let terminator = match options.line_ending {
        LineEnding::Lf => csv::Terminator::Any(b'\n'),
        LineEnding::Crlf => csv::Terminator::CRLF,
    };
    // The profile check guarantees an ASCII delimiter; fall back to a comma all the same.
    let delimiter = u8::try_from(options.delimiter).unwrap_or(b',');
    csv::WriterBuilder::new().delimiter(delimiter).terminator(terminator).flexible(true).from_writer(out)
}

fn write_error(e: csv::Error) -> Error {
    match e.into_kind() {
        csv::ErrorKind::Io(io) => Error::io("writing the CSV output", io),
        other => Error::io("writing the CSV output", std::io::Error::other(format!("{other:?}"))),
    }
}

/// Whether the output starts with a UTF-8 BOM under `bom` for this table.
pub fn wants_bom(table: &Table, bom: Bom) -> bool {
    match bom {
        Bom::Always => true,
        Bom::Never => false,
        Bom::Auto => !(table.headers().all(str::is_ascii) && table.columns().iter().all(|c| c.is_ascii())),
    }
}

/// What writing did besides copying cells.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct WriteStats {
    /// Cells prefixed with `'` so spreadsheet programs do not run them as formulas.
    pub formula_cells_neutralized: u64,
}

/// Whether a spreadsheet program could take this cell for a formula
/// (OWASP "CSV injection"): it starts with `=`, `+`, `-`, `@`, tab or CR,
/// and is not plainly a number or a phone number.
pub fn is_formula_like(cell: &str) -> bool {
    let Some(first) = cell.chars().next() else { return false };
    matches!(first, '=' | '+' | '-' | '@' | '\t' | '\r') && !is_plain_number_or_phone(cell)
}

/// `-12.5`, `+1e3`, `+86 138 0013 8000`, `+1 (415) 555-0100`: signs, digits and
/// phone punctuation only, with at least one digit. Nothing a formula needs
/// (letters, `=`, `(` after a name, `!`, `"`) can hide in such a value.
fn is_plain_number_or_phone(cell: &str) -> bool {
    let rest = &cell[1..];
    if matches!(cell.as_bytes()[0], b'-' | b'+') && rest.parse::<f64>().is_ok() && !rest.starts_with(['+', '-']) {
        return rest.bytes().all(|b| b.is_ascii_digit() || matches!(b, b'.' | b'e' | b'E' | b'+' | b'-'));
    }
    cell.starts_with('+')
        && rest.starts_with(|c: char| c.is_ascii_digit() || c == '(')
        && rest.bytes().any(|b| b.is_ascii_digit())
        && rest.bytes().all(|b| b.is_ascii_digit() || matches!(b, b' ' | b'-' | b'(' | b')' | b'.'))
}

/// Writes the header and every row of `table`, neutralizing formula-like
/// cells when the options ask for it.
pub fn write_table<W: Write>(table: &Table, options: &OutputOptions, out: W) -> Result<WriteStats> {
    write_table_numbered(table, options, None, out)
}

/// [`write_table`] with, when `source_rows` is given, a first column
/// `source_row`: each row's 1-based data row number in the input.
pub fn write_table_numbered<W: Write>(
    table: &Table,
    options: &OutputOptions,
    source_rows: Option<&[u64]>,
    mut out: W,
) -> Result<WriteStats> {
    if wants_bom(table, options.bom) {
        out.write_all(UTF8_BOM).map_err(|e| Error::io("writing the CSV output", e))?;
    }
    let mut stats = WriteStats::default();
    let mut csv = writer(out, options);
    let mut scratch = String::new();
    let mut safe = |cell: &'_ str, scratch: &mut String| -> bool {
        if options.neutralize_formulas && is_formula_like(cell) {
            scratch.clear();
            scratch.push('\'');
            scratch.push_str(cell);
            stats.formula_cells_neutralized += 1;
            true
        } else {
            false
        }
    };
    let numbered = source_rows.map(|_| "source_row");
    csv.write_record(numbered.into_iter().chain(table.headers())).map_err(write_error)?;
    for row in 0..table.rows() {
        if let Some(numbers) = source_rows {
            let number = numbers.get(row).copied().unwrap_or_default();
            csv.write_field(number.to_string()).map_err(write_error)?;
        }
        for column in table.columns() {
            let cell = column.get(row);
            let field = if safe(cell, &mut scratch) { scratch.as_str() } else { cell };
            csv.write_field(field).map_err(write_error)?;
        }
        csv.write_record(None::<&[u8]>).map_err(write_error)?;
    }
    csv.flush().map_err(|e| Error::io("writing the CSV output", e))?;
    Ok(stats)
}

/// Writes the rejected rows: source line, reason, then the fields as they
/// were read (preceded by `source_row` when `source_rows` is given).
pub fn write_rejected<W: Write>(
    rows: &[RejectedRow],
    options: &OutputOptions,
    source_rows: Option<&[u64]>,
    out: W,
) -> Result<()> {
    let mut csv = writer(out, options);
    let numbered = source_rows.map(|_| "source_row");
    csv.write_record(numbered.into_iter().chain(["source_line", "reason", "fields..."])).map_err(write_error)?;
    for (index, row) in rows.iter().enumerate() {
        let number = source_rows.map(|n| n.get(index).copied().unwrap_or_default().to_string());
        let line = row.line.to_string();
        let record = number
            .iter()
            .map(String::as_str)
            .chain([line.as_str(), row.reason.as_str()])
            .chain(row.fields.iter().map(String::as_str));
        csv.write_record(record).map_err(write_error)?;
    }
    csv.flush().map_err(|e| Error::io("writing the rejected rows", e))
}

/// The header of column `index`, or empty for a row-level entry.
fn column_name(table: &Table, index: Option<usize>) -> &str {
    index.and_then(|i| table.column(i)).map_or("", |c| c.name())
}

/// Writes validation issues: source_row, column, code, severity, message,
/// message_zh, value, suggestion. `source_rows` maps table rows to input data rows.
pub fn write_issues<W: Write>(
    issues: &IssueLog,
    table: &Table,
    source_rows: &[u64],
    options: &OutputOptions,
    out: W,
) -> Result<()> {
    let mut csv = writer(out, options);
    let header = ["source_row", "column", "code", "severity", "message", "message_zh", "value", "suggestion"];
    csv.write_record(header).map_err(write_error)?;
    for issue in issues.iter() {
        let row = source_rows.get(issue.row).copied().unwrap_or_default().to_string();
        let severity = match issue.severity {
            Severity::Error => "error",
            Severity::Warning => "warning",
        };
        csv.write_record([
            row.as_str(),
            column_name(table, issue.column),
            issue.code,
            severity,
            issue.message,
            issue.message_zh,
            &neutralized(issue.value, options),
            issue.suggestion.unwrap_or(""),
        ])
        .map_err(write_error)?;
    }
    csv.flush().map_err(|e| Error::io("writing the issues", e))
}

/// Writes cell changes: source_row, column, before, after, rule.
pub fn write_changes<W: Write>(
    changes: &ChangeLog,
    table: &Table,
    source_rows: &[u64],
    options: &OutputOptions,
    out: W,
) -> Result<()> {
    let mut csv = writer(out, options);
    csv.write_record(["source_row", "column", "before", "after", "rule"]).map_err(write_error)?;
    for change in changes.iter() {
        let row = source_rows.get(change.row).copied().unwrap_or_default().to_string();
        let before = neutralized(change.before, options);
        let after = neutralized(change.after, options);
        csv.write_record([row.as_str(), column_name(table, Some(change.column)), &before, &after, change.rule])
            .map_err(write_error)?;
    }
    csv.flush().map_err(|e| Error::io("writing the changes", e))
}

/// A cell value made safe to open in a spreadsheet, when the options ask for it.
fn neutralized<'a>(cell: &'a str, options: &OutputOptions) -> std::borrow::Cow<'a, str> {
    if options.neutralize_formulas && is_formula_like(cell) {
        std::borrow::Cow::Owned(format!("'{cell}"))
    } else {
        std::borrow::Cow::Borrowed(cell)
    }
}

/// Writes the rows deduplication merged away: source_row, survivor_row,
/// cluster_id, score, reason, then the row's cells under the table's headers.
pub fn write_duplicates<'a, W: Write>(
    headers: impl Iterator<Item = &'a str>,
    rows: &[DuplicateRow],
    options: &OutputOptions,
    out: W,
) -> Result<()> {
    let mut csv = writer(out, options);
    let fixed = ["source_row", "survivor_row", "cluster_id", "score", "reason"];
    csv.write_record(fixed.into_iter().chain(headers)).map_err(write_error)?;
    for row in rows {
        let numbers = [row.source_row.to_string(), row.survivor_row.to_string(), row.cluster.to_string(), format!("{:.6}", row.score)];
        let cells = row.cells.iter().map(|c| neutralized(c, options));
        let record = numbers.into_iter().map(std::borrow::Cow::Owned).chain([std::borrow::Cow::Borrowed(row.reason.as_str())]).chain(cells);
        csv.write_record(record.map(|c| c.into_owned())).map_err(write_error)?;
    }
    csv.flush().map_err(|e| Error::io("writing the duplicates", e))
}

/// Writes each row's cluster: source_row, cluster_id, is_survivor, score
/// (match probability against the survivor; empty for survivors),
/// matched_keys (blocking keys shared with the survivor, `;`-separated).
pub fn write_clusters<W: Write>(rows: &[ClusterRow], options: &OutputOptions, out: W) -> Result<()> {
    let mut csv = writer(out, options);
    csv.write_record(["source_row", "cluster_id", "is_survivor", "score", "matched_keys"]).map_err(write_error)?;
    for row in rows {
        let score = row.score.map(|s| format!("{s:.6}")).unwrap_or_default();
        let survivor = if row.is_survivor { "true" } else { "false" };
        csv.write_record([row.source_row.to_string().as_str(), &row.cluster.to_string(), survivor, &score, &row.keys])
            .map_err(write_error)?;
    }
    csv.flush().map_err(|e| Error::io("writing the clusters", e))
}

/// Writes `link` results: source_row_new, source_row_existing (empty
/// without a match), score, explanation.
pub fn write_links<W: Write>(rows: &[LinkRow], options: &OutputOptions, out: W) -> Result<()> {
    let mut csv = writer(out, options);
    csv.write_record(["source_row_new", "source_row_existing", "score", "explanation"]).map_err(write_error)?;
    for row in rows {
        let existing = row.source_row_existing.map(|r| r.to_string()).unwrap_or_default();
        let score = row.score.map(|s| format!("{s:.6}")).unwrap_or_default();
        csv.write_record([row.source_row_new.to_string().as_str(), &existing, &score, &row.explanation]).map_err(write_error)?;
    }
    csv.flush().map_err(|e| Error::io("writing the links", e))
}

/// The table as CSV bytes.
pub fn table_to_vec(table: &Table, options: &OutputOptions) -> Result<Vec<u8>> {
    let mut out = Vec::with_capacity(table.heap_bytes());
    write_table(table, options, &mut out)?;
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn table() -> Table {
        let mut t = Table::new(["name", "note"]);
        t.push_row(["Li, Wei", "said \"hi\"\nbye"], 2).unwrap();
        t.push_row(["Ann", ""], 3).unwrap();
        t
    }

    #[test]
    fn quotes_only_where_needed() {
        let out = table_to_vec(&table(), &OutputOptions::default()).unwrap();
        assert_eq!(String::from_utf8(out).unwrap(), "name,note\n\"Li, Wei\",\"said \"\"hi\"\"\nbye\"\nAnn,\n");
    }

    #[test]
    fn crlf_semicolon_and_bom_rules() {
        let options = OutputOptions { delimiter: ';', line_ending: LineEnding::Crlf, bom: Bom::Always, ..OutputOptions::default() };
        let out = table_to_vec(&table(), &options).unwrap();
        assert!(out.starts_with(UTF8_BOM));
        assert!(String::from_utf8_lossy(&out).ends_with("Ann;\r\n"));
        let mut chinese = Table::new(["姓名"]);
        chinese.push_row(["张伟"], 2).unwrap();
        assert!(wants_bom(&chinese, Bom::Auto));
        assert!(!wants_bom(&table(), Bom::Auto));
    }

    #[test]
    fn formula_cells_are_neutralized_but_numbers_and_phones_are_not() {
        let risky = ["=SUM(A1:A9)", "+cmd|' /C calc'!A0", "-2+3", "@SUM(1)", "\tx", "\r=1", "=1", "+", "-", "--1", "+-1", "-1e", "+86 (0)10 =1"];
        let plain = ["-12.5", "+3", "-0.5e3", "+86 138 0013 8000", "+1 (415) 555-0100", "12", "a=b", "", "张伟", "-.5"];
        for cell in risky {
            assert!(is_formula_like(cell), "{cell:?} should be neutralized");
        }
        for cell in plain {
            assert!(!is_formula_like(cell), "{cell:?} should be left alone");
        }
        let mut t = Table::new(["x"]);
        for cell in ["=1+1", "-5", "ok"] {
            t.push_row([cell], 2).unwrap();
        }
        let mut out = Vec::new();
        let stats = write_table(&t, &OutputOptions::default(), &mut out).unwrap();
        assert_eq!(stats.formula_cells_neutralized, 1);
        assert_eq!(String::from_utf8(out).unwrap(), "x\n'=1+1\n-5\nok\n");
        let off = OutputOptions { neutralize_formulas: false, ..OutputOptions::default() };
        let mut out = Vec::new();
        assert_eq!(write_table(&t, &off, &mut out).unwrap().formula_cells_neutralized, 0);
        assert!(String::from_utf8(out).unwrap().contains("\n=1+1\n"));
    }

    #[test]
    fn rejected_rows_keep_line_reason_and_fields() {
        let rows = [RejectedRow { line: 7, reason: "too many".into(), fields: vec!["a".into(), "b,c".into()] }];
        let mut out = Vec::new();
        write_rejected(&rows, &OutputOptions::default(), None, &mut out).unwrap();
        assert_eq!(String::from_utf8(out).unwrap(), "source_line,reason,fields...\n7,too many,a,\"b,c\"\n");
    }
}
