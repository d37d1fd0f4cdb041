//! Reading spreadsheets: one worksheet of an XLSX, XLSB, XLS or ODS workbook
//! becomes the same [`Table`] a CSV file becomes.
//!
//! The workbook is parsed whole with the `calamine` crate (a spreadsheet is a
//! ZIP archive or an OLE2 container, so it cannot be read in chunks the way a
//! CSV file is). Every cell is turned into the text a person would expect to
//! see in a CSV export of it, without the display formatting that Excel would
//! apply:
//!
//! - numbers keep all their digits and never use an exponent (`13800138000`,
//!   `12.5`), rounded to the 15 significant digits Excel itself keeps, so
//!   float noise such as `0.30000000000000004` reads `0.3`;
//! - dates are ISO 8601: `2024-01-05`, `2024-01-05T13:45:00`, and a time of
//!   day alone `13:45:00`; durations read `36:30:00`;
//! - text is kept as it is (`007` keeps its zeros), booleans are `TRUE` and
//!   `FALSE`, and error cells keep their text (`#N/A`) and are reported.
//!
//! Fully empty rows are skipped (like blank lines in a CSV file) and empty
//! columns at the left and right edges are dropped; every other column is
//! kept, with a `column_N` header when its header cell is blank. Row numbers
//! are the spreadsheet's own, so a problem points at the row Excel shows.

use std::borrow::Cow;
use std::fmt::{self, Write as _};
use std::io::Cursor;

use calamine::{
    CellErrorType, CellType, Data, DataRef, ExcelDateTime, Ods, OdsError, Range, Reader, ReaderRef, SheetType,
    SheetVisible, Xls, XlsError, Xlsb, XlsbError, Xlsx, XlsxError,
};

use super::{unique_headers, Dialect, Problem, ReadOutput};
use crate::error::{Error, Result};
use crate::table::Table;

/// The first bytes of an OLE2 compound file (XLS, and old Office files in general).
const OLE_SIGNATURE: &[u8] = b"\xD0\xCF\x11\xE0";
/// The first bytes of a ZIP archive (XLSX, XLSB, ODS).
const ZIP_SIGNATURE: &[u8] = b"PK\x03\x04";
/// An ODS file starts with an uncompressed `mimetype` entry holding this.
const ODS_MIMETYPE: &[u8] = b"mimetypeapplication/vnd.oasis.opendocument.spreadsheet";
/// How far into the file the ODS mimetype entry may be found.
const ODS_MIMETYPE_WITHIN: usize = 256;
/// The workbook part of an Office Open XML workbook; `bin` follows it in XLSB.
const OOXML_WORKBOOK: &[u8] = b"xl/workbook.";
/// How far into the file the workbook part name is looked for.
const OOXML_WORKBOOK_WITHIN: usize = 64 * 1024;
/// The stream an encrypted (password-protected) Office Open XML file keeps its
/// package in, as its UTF-16 name appears in the OLE2 directory.
const ENCRYPTED_PACKAGE: &[u8] = b"E\0n\0c\0r\0y\0p\0t\0e\0d\0P\0a\0c\0k\0a\0g\0e\0";
/// Excel's last day, 9999-12-31, plus one: serial numbers from here on are not dates.
const EXCEL_DATE_END: f64 = 2_958_466.0;
const MS_PER_DAY: f64 = 86_400_000.0;

/// The spreadsheet formats this module reads.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Format {
    Xlsx,
    Xlsb,
    Xls,
    Ods,
}

impl Format {
    /// The name used in [`ReadOutput::format`].
    fn name(self) -> &'static str {
        match self {
            Format::Xlsx => "xlsx",
            Format::Xlsb => "xlsb",
            Format::Xls => "xls",
            Format::Ods => "ods",
        }
    }

    /// The name used in messages.
    fn label(self) -> &'static str {
        match self {
            Format::Xlsx => "an XLSX",
            Format::Xlsb => "an XLSB",
            Format::Xls => "an XLS",
            Format::Ods => "an ODS",
        }
    }
}

/// The spreadsheet format a file's first bytes announce, if any: `"xlsx"`,
/// `"xlsb"` or `"ods"` for a ZIP archive, `"xls"` for an OLE2 file (D0 CF 11 E0).
///
/// A ZIP archive is `"ods"` when its first entry is the ODS mimetype, `"xlsb"`
/// when `xl/workbook.bin` is named in the first 64 KiB, and `"xlsx"` otherwise
/// (so a short `head` gives `"xlsx"` for any ZIP archive; [`read_spreadsheet`]
/// tries the other ZIP-based formats when the first guess does not open).
pub fn sniff_format(head: &[u8]) -> Option<&'static str> {
    sniff(head).map(Format::name)
}

fn sniff(head: &[u8]) -> Option<Format> {
    if head.starts_with(OLE_SIGNATURE) {
        return Some(Format::Xls);
    }
    if !head.starts_with(ZIP_SIGNATURE) {
        return None;
    }
    if find(&head[..head.len().min(ODS_MIMETYPE_WITHIN)], ODS_MIMETYPE).is_some() {
        return Some(Format::Ods);
    }
    let start = &head[..head.len().min(OOXML_WORKBOOK_WITHIN)];
    let is_xlsb = find(start, OOXML_WORKBOOK).is_some_and(|at| start[at + OOXML_WORKBOOK.len()..].starts_with(b"bin"));
    Some(if is_xlsb { Format::Xlsb } else { Format::Xlsx })
}

/// Where `needle` first occurs in `haystack`.
fn find(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    haystack.windows(needle.len()).position(|window| window == needle)
}

/// Reads one worksheet (by name, or the first when `None`) of a whole spreadsheet file.
///
/// The first worksheet is the first visible one, which is also the first of
/// [`sheet_names`]. A name that matches no sheet exactly is matched ignoring
/// case (Excel does not allow two sheets whose names differ only in case).
/// `has_header` `None` means the first non-empty row is the header.
pub fn read_spreadsheet(bytes: &[u8], sheet: Option<&str>, has_header: Option<bool>) -> Result<ReadOutput> {
    let has_header = has_header.unwrap_or(true);
    let mut book = Book::open(bytes)?;
    let name = book.pick_sheet(sheet)?;
    let format = book.format();
    let mut out = match &mut book {
        Book::Xlsx(b) => {
            let range = b.worksheet_range_ref(&name).map_err(|e| xlsx_error(Format::Xlsx, e))?;
            to_table(&range, &name, has_header)?
        }
        Book::Xlsb(b) => {
            let range = b.worksheet_range_ref(&name).map_err(|e| xlsb_error(Format::Xlsb, e))?;
            to_table(&range, &name, has_header)?
        }
        Book::Xls(b) => {
            let range = b.worksheet_range(&name).map_err(|e| xls_error(Format::Xls, e))?;
            to_table(&range, &name, has_header)?
        }
        Book::Ods(b) => {
            let range = b.worksheet_range(&name).map_err(|e| ods_error(Format::Ods, e))?;
            to_table(&range, &name, has_header)?
        }
    };
    out.format = format.name();
    out.encoding = String::new();
    out.dialect = Dialect { has_header, ..Default::default() };
    out.sheet = Some(name);
    Ok(out)
}

/// The names of the worksheets, for the page's sheet picker: the visible ones
/// in workbook order, then the hidden ones. Chart sheets (no cells) are left out.
pub fn sheet_names(bytes: &[u8]) -> Result<Vec<String>> {
    Ok(Book::open(bytes)?.worksheet_names())
}

/// An open workbook of any of the formats, reading from the caller's bytes.
enum Book<'a> {
    Xlsx(Xlsx<Cursor<&'a [u8]>>),
    Xlsb(Xlsb<Cursor<&'a [u8]>>),
    Xls(Xls<Cursor<&'a [u8]>>),
    Ods(Ods<Cursor<&'a [u8]>>),
}

impl<'a> Book<'a> {
    fn open(bytes: &'a [u8]) -> Result<Self> {
        if bytes.is_empty() {
            return Err(Error::Empty);
        }
        let Some(guess) = sniff(bytes) else {
            return Err(Error::Spreadsheet("this is not an XLSX, XLS or ODS workbook".to_string()));
        };
        if guess == Format::Xls {
            if find(bytes, ENCRYPTED_PACKAGE).is_some() {
                return Err(password_error());
            }
            return Self::open_as(Format::Xls, bytes);
        }
        // A ZIP archive: the guess first, then the other ZIP-based formats; if
        // none opens, the guess's error is the one worth reading.
        let first = Self::open_as(guess, bytes);
        if first.is_ok() {
            return first;
        }
        [Format::Xlsx, Format::Xlsb, Format::Ods]
            .into_iter()
            .filter(|&format| format != guess)
            .find_map(|format| Self::open_as(format, bytes).ok())
            .map_or(first, Ok)
    }

    fn open_as(format: Format, bytes: &'a [u8]) -> Result<Self> {
        let cursor = Cursor::new(bytes);
        match format {
            Format::Xlsx => Xlsx::new(cursor).map(Book::Xlsx).map_err(|e| xlsx_error(format, e)),
            Format::Xlsb => Xlsb::new(cursor).map(Book::Xlsb).map_err(|e| xlsb_error(format, e)),
            Format::Xls => Xls::new(cursor).map(Book::Xls).map_err(|e| xls_error(format, e)),
            Format::Ods => Ods::new(cursor).map(Book::Ods).map_err(|e| ods_error(format, e)),
        }
    }

    fn format(&self) -> Format {
        match self {
            Book::Xlsx(_) => Format::Xlsx,
            Book::Xlsb(_) => Format::Xlsb,
            Book::Xls(_) => Format::Xls,
            Book::Ods(_) => Format::Ods,
        }
    }

    fn sheets(&self) -> &[calamine::Sheet] {
        match self {
            Book::Xlsx(b) => b.sheets_metadata(),
            Book::Xlsb(b) => b.sheets_metadata(),
            Book::Xls(b) => b.sheets_metadata(),
            Book::Ods(b) => b.sheets_metadata(),
        }
    }

    /// Worksheet names, visible ones first (see [`sheet_names`]).
    fn worksheet_names(&self) -> Vec<String> {
        let worksheets = || self.sheets().iter().filter(|s| s.typ == SheetType::WorkSheet);
        let visible = worksheets().filter(|s| s.visible == SheetVisible::Visible);
        let hidden = worksheets().filter(|s| s.visible != SheetVisible::Visible);
        visible.chain(hidden).map(|s| s.name.clone()).collect()
    }

    /// The name of the worksheet to read, as the workbook spells it.
    fn pick_sheet(&self, wanted: Option<&str>) -> Result<String> {
        let names = self.worksheet_names();
        let Some(wanted) = wanted else {
            return names
                .into_iter()
                .next()
                .ok_or_else(|| Error::Spreadsheet("the workbook has no worksheets".to_string()));
        };
        if let Some(name) = names.iter().find(|name| *name == wanted) {
            return Ok(name.clone());
        }
        let lower = wanted.to_lowercase();
        if let Some(name) = names.iter().find(|name| name.to_lowercase() == lower) {
            return Ok(name.clone());
        }
        if let Some(other) = self.sheets().iter().find(|s| s.name == wanted) {
            let kind = match other.typ {
                SheetType::ChartSheet => "a chart sheet",
                SheetType::DialogSheet => "a dialog sheet",
                SheetType::MacroSheet => "a macro sheet",
                SheetType::Vba => "a VBA module",
                SheetType::WorkSheet => "a worksheet",
            };
            return Err(Error::Spreadsheet(format!(
                "the sheet \"{wanted}\" is {kind}, which has no cells to read; the worksheets are {}",
                QuotedList(&names)
            )));
        }
        Err(Error::Spreadsheet(format!("there is no sheet named \"{wanted}\"; the sheets are {}", QuotedList(&names))))
    }
}

/// Names quoted and separated by commas, for messages.
struct QuotedList<'a>(&'a [String]);

impl fmt::Display for QuotedList<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.0.is_empty() {
            return f.write_str("(none)");
        }
        for (i, name) in self.0.iter().enumerate() {
            if i > 0 {
                f.write_str(", ")?;
            }
            write!(f, "\"{name}\"")?;
        }
        Ok(())
    }
}

fn password_error() -> Error {
    Error::Spreadsheet("the workbook is password-protected; save a copy without a password and try again".to_string())
}

fn damaged(format: Format, detail: &dyn fmt::Display) -> Error {
    Error::Spreadsheet(format!("the file is not {} workbook or it is damaged ({detail})", format.label()))
}

fn xlsx_error(format: Format, e: XlsxError) -> Error {
    match e {
        XlsxError::Password => password_error(),
        e => damaged(format, &e),
    }
}

fn xlsb_error(format: Format, e: XlsbError) -> Error {
    match e {
        XlsbError::Password => password_error(),
        e => damaged(format, &e),
    }
}

fn xls_error(format: Format, e: XlsError) -> Error {
    match e {
        XlsError::Password => password_error(),
        e => damaged(format, &e),
    }
}

fn ods_error(format: Format, e: OdsError) -> Error {
    match e {
        OdsError::Password => password_error(),
        e => damaged(format, &e),
    }
}

/// A cell's value, whichever of calamine's two cell types holds it.
enum Value<'a> {
    Empty,
    Text(&'a str),
    Int(i64),
    Float(f64),
    Bool(bool),
    DateTime(ExcelDateTime),
    DateTimeIso(&'a str),
    DurationIso(&'a str),
    Error(&'a CellErrorType),
}

trait Cell: CellType {
    fn value(&self) -> Value<'_>;
}

impl Cell for Data {
    fn value(&self) -> Value<'_> {
        match self {
            Data::Empty => Value::Empty,
            Data::String(s) => Value::Text(s),
            Data::Int(i) => Value::Int(*i),
            Data::Float(f) => Value::Float(*f),
            Data::Bool(b) => Value::Bool(*b),
            Data::DateTime(d) => Value::DateTime(*d),
            Data::DateTimeIso(s) => Value::DateTimeIso(s),
            Data::DurationIso(s) => Value::DurationIso(s),
            Data::Error(e) => Value::Error(e),
        }
    }
}

impl Cell for DataRef<'_> {
    fn value(&self) -> Value<'_> {
        match self {
            DataRef::Empty => Value::Empty,
            DataRef::String(s) => Value::Text(s),
            DataRef::SharedString(s) => Value::Text(s),
            DataRef::Int(i) => Value::Int(*i),
            DataRef::Float(f) => Value::Float(*f),
            DataRef::Bool(b) => Value::Bool(*b),
            DataRef::DateTime(d) => Value::DateTime(*d),
            DataRef::DateTimeIso(s) => Value::DateTimeIso(s),
            DataRef::DurationIso(s) => Value::DurationIso(s),
            DataRef::Error(e) => Value::Error(e),
        }
    }
}

fn is_blank<C: Cell>(cell: &C) -> bool {
    matches!(cell.value(), Value::Empty | Value::Text(""))
}

/// Turns the used range of a worksheet into the table.
fn to_table<C: Cell>(range: &Range<C>, sheet: &str, has_header: bool) -> Result<ReadOutput> {
    let (first_row, first_col) = range.start().unwrap_or((0, 0));
    // The columns that hold anything: empty columns at the edges are dropped.
    let mut used: Option<(usize, usize)> = None;
    for row in range.rows() {
        if let (Some(lo), Some(hi)) = (row.iter().position(|c| !is_blank(c)), row.iter().rposition(|c| !is_blank(c))) {
            used = Some(used.map_or((lo, hi + 1), |(l, h)| (l.min(lo), h.max(hi + 1))));
        }
    }
    let Some((lo, hi)) = used else {
        return Err(Error::Spreadsheet(format!("the sheet \"{sheet}\" is empty")));
    };

    let mut out = ReadOutput::default();
    let mut table: Option<Table> = None;
    let mut texts: Vec<Cow<'_, str>> = Vec::with_capacity(hi - lo);
    for (index, row) in range.rows().enumerate() {
        let cells = &row[lo..hi];
        if cells.iter().all(is_blank) {
            continue;
        }
        let row_number = u64::from(first_row) + index as u64 + 1;
        texts.clear();
        for (offset, cell) in cells.iter().enumerate() {
            let value = cell.value();
            if let Value::Error(error) = value {
                let column = u32::try_from(lo + offset).map_or(u32::MAX, |c| c.saturating_add(first_col));
                out.problems.push(Problem {
                    line: row_number,
                    kind: "cell.error",
                    message: format!("cell {}{row_number} holds the spreadsheet error {error}", ColumnName(column)),
                    raw: String::new(),
                });
            }
            texts.push(cell_text(value));
        }
        match &mut table {
            Some(table) => {
                table.push_row(texts.iter().map(|t| t.as_ref()), row_number)?;
                out.rows_in += 1;
            }
            None if has_header => {
                let raw: Vec<&str> = texts.iter().map(|t| t.as_ref()).collect();
                let (names, fixes) = unique_headers(&raw);
                table = Some(Table::new(names));
                out.header_fixes = fixes;
            }
            None => {
                let mut new = Table::new((1..=hi - lo).map(|i| format!("column_{i}")));
                new.push_row(texts.iter().map(|t| t.as_ref()), row_number)?;
                out.rows_in += 1;
                table = Some(new);
            }
        }
    }
    let mut table = table.unwrap_or_default();
    table.shrink_to_fit();
    out.table = table;
    Ok(out)
}

/// A 0-based column index as Excel names it: `A`, `Z`, `AA`, ...
struct ColumnName(u32);

impl fmt::Display for ColumnName {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut letters = [0u8; 8];
        let mut at = letters.len();
        let mut n = u64::from(self.0) + 1;
        while n > 0 && at > 0 {
            at -= 1;
            letters[at] = b'A' + ((n - 1) % 26) as u8;
            n = (n - 1) / 26;
        }
        f.write_str(std::str::from_utf8(&letters[at..]).unwrap_or("?"))
    }
}

/// The text of a cell (see the module documentation).
fn cell_text(value: Value<'_>) -> Cow<'_, str> {
    match value {
        Value::Empty => Cow::Borrowed(""),
        Value::Text(s) | Value::DateTimeIso(s) => Cow::Borrowed(s),
        Value::Int(i) => Cow::Owned(i.to_string()),
        Value::Float(f) => Cow::Owned(format_number(f)),
        Value::Bool(true) => Cow::Borrowed("TRUE"),
        Value::Bool(false) => Cow::Borrowed("FALSE"),
        Value::DateTime(dt) => Cow::Owned(format_excel_datetime(dt)),
        Value::DurationIso(s) => parse_iso_duration(s).map_or(Cow::Borrowed(s), |ms| Cow::Owned(format_duration(ms))),
        Value::Error(e) => Cow::Owned(e.to_string()),
    }
}

/// A number with all its digits and no exponent, rounded to the 15
/// significant digits Excel keeps: `13800138000`, `12.5`, `0.3`.
fn format_number(f: f64) -> String {
    if !f.is_finite() {
        return f.to_string();
    }
    if f.fract() == 0.0 && f.abs() < 1e15 {
        // Exact, and `as` cannot overflow below 1e15; -0.0 becomes 0.
        return (f as i64).to_string();
    }
    let rounded: f64 = format!("{f:.14e}").parse().unwrap_or(f);
    // `Display` for f64 is the shortest text that reads back the same, never with an exponent.
    let text = rounded.to_string();
    if text == "-0" {
        "0".to_string()
    } else {
        text
    }
}

/// An Excel date, time or duration as ISO 8601 text.
fn format_excel_datetime(dt: ExcelDateTime) -> String {
    let serial = dt.as_f64();
    if dt.is_duration() {
        return format_duration((serial * MS_PER_DAY).round() as i64);
    }
    if !(0.0..EXCEL_DATE_END).contains(&serial) {
        // Excel shows ##### for these; the number is all there is.
        return format_number(serial);
    }
    let (year, month, day, hour, minute, second, milli) = dt.to_ymd_hms_milli();
    let mut text = String::with_capacity(23);
    if serial >= 1.0 {
        let _ = write!(text, "{year:04}-{month:02}-{day:02}");
        if (hour, minute, second, milli) == (0, 0, 0, 0) {
            return text;
        }
        text.push('T');
    }
    // A serial number below 1 is a time of day with no date.
    let _ = write!(text, "{hour:02}:{minute:02}:{second:02}");
    if milli != 0 {
        let _ = write!(text, ".{milli:03}");
    }
    text
}

/// A duration in milliseconds as `H:MM:SS` (hours can pass 24), with `.mmm` when needed.
fn format_duration(ms: i64) -> String {
    let sign = if ms < 0 { "-" } else { "" };
    let ms = ms.unsigned_abs();
    let (hours, minutes, seconds, milli) = (ms / 3_600_000, ms / 60_000 % 60, ms / 1000 % 60, ms % 1000);
    let mut text = format!("{sign}{hours}:{minutes:02}:{seconds:02}");
    if milli != 0 {
        let _ = write!(text, ".{milli:03}");
    }
    text
}

/// Milliseconds in an ISO 8601 duration of days, hours, minutes and seconds
/// (`PT13H45M00S`, `-P1DT2H`, `PT0.5S`), as ODS stores times; `None` for
/// anything else (years and months have no fixed length).
fn parse_iso_duration(text: &str) -> Option<i64> {
    let (negative, rest) = match text.strip_prefix('-') {
        Some(rest) => (true, rest),
        None => (false, text),
    };
    let rest = rest.strip_prefix('P')?;
    let (date, time) = match rest.split_once('T') {
        Some((date, time)) => (date, Some(time)),
        None => (rest, None),
    };
    let mut ms = 0.0;
    let mut parts = 0;
    for (part, units) in
        [(Some(date), &[('D', MS_PER_DAY)][..]), (time, &[('H', 3_600_000.0), ('M', 60_000.0), ('S', 1000.0)][..])]
    {
        let Some(mut part) = part else { continue };
        for &(unit, scale) in units {
            if let Some((number, after)) = part.split_once(unit) {
                let valid = !number.is_empty()
                    && number.bytes().all(|b| b.is_ascii_digit() || b == b'.')
                    && (unit == 'S' || !number.contains('.'));
                if !valid {
                    return None;
                }
                ms += number.parse::<f64>().ok()? * scale;
                parts += 1;
                part = after;
            }
        }
        if !part.is_empty() {
            return None;
        }
    }
    if parts == 0 || time == Some("") {
        return None;
    }
    let ms = ms.round() as i64;
    Some(if negative { -ms } else { ms })
}

#[cfg(test)]
mod tests {
    use super::*;
    use calamine::ExcelDateTimeType;

    #[test]
    fn numbers_keep_their_digits_without_exponent_or_noise() {
        assert_eq!(format_number(13_800_138_000.0), "13800138000");
        assert_eq!(format_number(12.5), "12.5");
        assert_eq!(format_number(-3.0), "-3");
        assert_eq!(format_number(-0.0), "0");
        assert_eq!(format_number(0.1 + 0.2), "0.3");
        assert_eq!(format_number(1e21), "1000000000000000000000");
        assert_eq!(format_number(0.000_000_1), "0.0000001");
        assert_eq!(format_number(123_456_789_012_345_680.0), "123456789012346000");
    }

    fn excel(serial: f64, kind: ExcelDateTimeType) -> String {
        format_excel_datetime(ExcelDateTime::new(serial, kind, false))
    }

    #[test]
    fn excel_dates_times_and_durations_are_iso() {
        use ExcelDateTimeType::{DateTime, TimeDelta};
        assert_eq!(excel(45296.0, DateTime), "2024-01-05");
        assert_eq!(excel(45296.0 + 13.75 / 24.0, DateTime), "2024-01-05T13:45:00");
        assert_eq!(excel(45296.5 + 0.5 / MS_PER_DAY * 1000.0, DateTime), "2024-01-05T12:00:00.500");
        assert_eq!(excel(13.75 / 24.0, DateTime), "13:45:00");
        assert_eq!(excel(1.5 + 0.5 / 24.0, TimeDelta), "36:30:00");
        assert_eq!(excel(-1.0, DateTime), "-1");
        assert_eq!(format_excel_datetime(ExcelDateTime::new(0.0, DateTime, true)), "00:00:00");
        assert_eq!(format_excel_datetime(ExcelDateTime::new(43830.0, DateTime, true)), "2024-01-01");
    }

    #[test]
    fn iso_durations_become_hours_minutes_seconds() {
        assert_eq!(parse_iso_duration("PT13H45M00S").map(format_duration).as_deref(), Some("13:45:00"));
        assert_eq!(parse_iso_duration("P1DT12H30M").map(format_duration).as_deref(), Some("36:30:00"));
        assert_eq!(parse_iso_duration("-PT0H0M1.5S").map(format_duration).as_deref(), Some("-0:00:01.500"));
        for bad in ["", "P", "PT", "P1Y", "PT1X", "PTH", "13:45", "P1.5D"] {
            assert_eq!(parse_iso_duration(bad), None, "{bad}");
        }
        assert_eq!(cell_text(Value::DurationIso("P1M")), "P1M", "unknown durations pass through");
    }

    #[test]
    fn column_names_are_excel_letters() {
        let names: Vec<String> = [0, 25, 26, 701, 702, 16383].iter().map(|&c| ColumnName(c).to_string()).collect();
        assert_eq!(names, ["A", "Z", "AA", "ZZ", "AAA", "XFD"]);
    }

    #[test]
    fn sniffs_zip_flavours_and_ole() {
        assert_eq!(sniff_format(b"\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1"), Some("xls"));
        assert_eq!(sniff_format(b"PK\x03\x04"), Some("xlsx"));
        assert_eq!(sniff_format(b"PK\x03\x04..........xl/workbook.xml"), Some("xlsx"));
        assert_eq!(sniff_format(b"PK\x03\x04..........xl/workbook.bin"), Some("xlsb"));
        let mut ods = b"PK\x03\x04".to_vec();
        ods.extend_from_slice(&[0; 26]);
        ods.extend_from_slice(ODS_MIMETYPE);
        assert_eq!(sniff_format(&ods), Some("ods"));
        assert_eq!(sniff_format(b"name,phone\n"), None);
        assert_eq!(sniff_format(b""), None);
    }
}
