//! Writing: the cleaned table (and the rejected rows) as RFC 4180 CSV in UTF-8.
//!
//! Output goes to any `io::Write`, so the CLI streams to a file and the wasm
//! binding fills a byte vector; neither holds a second copy as a `String`.

use std::io::Write;

use crate::error::{Error, Result};
use crate::profile::{Bom, LineEnding, OutputOptions};
use crate::read::RejectedRow;
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

/// Writes the header and every row of `table`.
pub fn write_table<W: Write>(table: &Table, options: &OutputOptions, mut out: W) -> Result<()> {
    if wants_bom(table, options.bom) {
        out.write_all(UTF8_BOM).map_err(|e| Error::io("writing the CSV output", e))?;
    }
    let mut csv = writer(out, options);
    csv.write_record(table.headers()).map_err(write_error)?;
    for row in 0..table.rows() {
        csv.write_record(table.columns().iter().map(|column| column.get(row))).map_err(write_error)?;
    }
    csv.flush().map_err(|e| Error::io("writing the CSV output", e))
}

/// Writes the rejected rows: source line, reason, then the fields as they were read.
pub fn write_rejected<W: Write>(rows: &[RejectedRow], options: &OutputOptions, out: W) -> Result<()> {
    let mut csv = writer(out, options);
    csv.write_record(["source_line", "reason", "fields..."]).map_err(write_error)?;
    for row in rows {
        let line = row.line.to_string();
        let record = [line.as_str(), row.reason.as_str()].into_iter().chain(row.fields.iter().map(String::as_str));
        csv.write_record(record).map_err(write_error)?;
    }
    csv.flush().map_err(|e| Error::io("writing the rejected rows", e))
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
        let options = OutputOptions { delimiter: ';', line_ending: LineEnding::Crlf, bom: Bom::Always };
        let out = table_to_vec(&table(), &options).unwrap();
        assert!(out.starts_with(UTF8_BOM));
        assert!(String::from_utf8_lossy(&out).ends_with("Ann;\r\n"));
        let mut chinese = Table::new(["姓名"]);
        chinese.push_row(["张伟"], 2).unwrap();
        assert!(wants_bom(&chinese, Bom::Auto));
        assert!(!wants_bom(&table(), Bom::Auto));
    }

    #[test]
    fn rejected_rows_keep_line_reason_and_fields() {
        let rows = [RejectedRow { line: 7, reason: "too many".into(), fields: vec!["a".into(), "b,c".into()] }];
        let mut out = Vec::new();
        write_rejected(&rows, &OutputOptions::default(), &mut out).unwrap();
        assert_eq!(String::from_utf8(out).unwrap(), "source_line,reason,fields...\n7,too many,a,\"b,c\"\n");
    }
}
