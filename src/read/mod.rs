//! Reading: the bytes of a CSV file, pushed in chunks of any size, become a
//! [`Table`] plus an account of every row that could not go into it.
//!
//! The reader is push-based so that the same code serves the browser (chunks
//! from `File.stream()`) and the CLI (a buffered file): the caller never needs
//! the whole file in memory, only the table it turns into. Bytes are decoded
//! to UTF-8 with `encoding_rs` (which also keeps a character split between
//! two chunks whole) and split into records with BurntSushi's `csv-core`.
//!
//! Nothing is dropped without a word: a row with too few fields is padded and
//! reported, a row with too many goes to the rejected rows with the reason,
//! and header names that are blank or repeated are made unique and reported.

pub mod decode;
pub mod dialect;
mod halves;
mod separators;
pub mod spreadsheet;

use csv_core::ReadRecordResult;
use encoding_rs::Encoding;
use serde::Serialize;

use crate::error::{Error, Result};
use crate::table::Table;
pub use halves::{second_half_start, ResumePoint};
use separators::Separators;

/// How to read the file. `None` means "find out from the file".
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReadOptions {
    /// Character encoding; `None` detects it (BOM, UTF-8 check, then `chardetng`).
    pub encoding: Option<&'static Encoding>,
    /// Field delimiter; `None` sniffs comma, semicolon, tab or pipe.
    pub delimiter: Option<u8>,
    /// Quote character; `None` sniffs `"` or `'`.
    pub quote: Option<u8>,
    /// Whether the first record names the columns; `None` decides from the values.
    pub has_header: Option<bool>,
    /// Worksheet to read from a spreadsheet (default: the first).
    pub sheet: Option<String>,
    /// Recover from a quote that is never closed at the next line break after it
    /// (otherwise the swallowed text is rejected whole, with the reason).
    pub recover_unterminated_quotes: bool,
    /// What to do with a row that has more fields than the header.
    pub too_many_fields: TooManyFields,
}

impl Default for ReadOptions {
    fn default() -> Self {
        ReadOptions {
            encoding: None,
            delimiter: None,
            quote: None,
            has_header: None,
            sheet: None,
            recover_unterminated_quotes: true,
            too_many_fields: TooManyFields::Reject,
        }
    }
}

/// What to do with a row that has more (non-empty) fields than the header.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum TooManyFields {
    /// Put the row in the rejected rows, with the reason.
    #[default]
    Reject,
    /// Keep the row and add columns (`column_N`, empty in earlier rows) for the extra fields.
    Extend,
}

/// How a CSV file is laid out.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Dialect {
    /// Field delimiter.
    pub delimiter: u8,
    /// Quote character.
    pub quote: u8,
    /// Whether the first record is a header.
    pub has_header: bool,
}

impl Default for Dialect {
    fn default() -> Self {
        Dialect { delimiter: b',', quote: b'"', has_header: true }
    }
}

/// Something about the input worth telling the user, tied to a line.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Problem {
    /// 1-based line in the input where the record starts.
    pub line: u64,
    /// Stable code, e.g. `row.too_few_fields`.
    pub kind: &'static str,
    /// What happened, in words.
    pub message: String,
    /// The record's text as it stood in the file (decoded), where it helps.
    #[serde(skip_serializing_if = "String::is_empty")]
    pub raw: String,
}

/// A row that was kept out of the cleaned output, with why.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct RejectedRow {
    /// 1-based line in the input where the record starts.
    pub line: u64,
    /// Why it was rejected.
    pub reason: String,
    /// The fields as they were read.
    pub fields: Vec<String>,
}

/// A header name that was changed to make every column name usable and unique.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct HeaderFix {
    /// 0-based column index.
    pub column: usize,
    /// The name as read.
    pub before: String,
    /// The name used from now on.
    pub after: String,
}

/// Everything reading produced.
#[derive(Debug, Clone, Default)]
pub struct ReadOutput {
    /// The rows that were read, by column.
    pub table: Table,
    /// Rows kept out of the table.
    pub rejected: Vec<RejectedRow>,
    /// Problems found while reading (rows padded, bytes not valid in the encoding, ...).
    pub problems: Vec<Problem>,
    /// Header names that were changed.
    pub header_fixes: Vec<HeaderFix>,
    /// Data records read (header excluded): rows in the table plus rejected rows.
    pub rows_in: u64,
    /// File format: `csv`, `xlsx`, `xls`, `ods`.
    pub format: &'static str,
    /// Name of the encoding the bytes were decoded from (`UTF-8`, `GBK`, ...);
    /// empty for spreadsheets.
    pub encoding: String,
    /// How the CSV was laid out (for spreadsheets: `has_header` only matters).
    pub dialect: Dialect,
    /// The worksheet that was read, for spreadsheets.
    pub sheet: Option<String>,
}

/// Counts line breaks the way a person counts lines: `\n`, `\r\n` and a lone
/// `\r` each end one line, even when a `\r\n` is split between two chunks.
#[derive(Debug, Default, Clone, Copy)]
struct LineCounter {
    breaks: u64,
    after_cr: bool,
}

impl LineCounter {
    fn count(&mut self, bytes: &[u8]) {
        let Some(&last) = bytes.last() else { return };
        if !bytes.contains(&b'\r') {
            self.breaks += bytes.iter().filter(|&&b| b == b'\n').count() as u64;
            if self.after_cr && bytes[0] == b'\n' {
                self.breaks -= 1;
            }
        } else {
            for &b in bytes {
                if b == b'\r' || (b == b'\n' && !self.after_cr) {
                    self.breaks += 1;
                }
                self.after_cr = b == b'\r';
            }
        }
        self.after_cr = last == b'\r';
    }

    /// Counts `bytes`, which hold no `\r` and in which csv-core counted
    /// `newlines` `\n`: the same count as [`LineCounter::count`] without
    /// looking at every byte again.
    fn count_without_cr(&mut self, bytes: &[u8], newlines: u64) {
        let Some(&first) = bytes.first() else { return };
        self.breaks = self.breaks + newlines - u64::from(self.after_cr && first == b'\n');
        self.after_cr = false;
    }

    fn breaks_in(bytes: &[u8]) -> u64 {
        let mut counter = LineCounter::default();
        counter.count(bytes);
        counter.breaks
    }
}

/// The length of `bytes` without a character cut off at the end: the first
/// one to four bytes of a UTF-8 sequence that could still be completed.
fn utf8_whole_prefix(bytes: &[u8]) -> usize {
    let Some(lead) = bytes.iter().rev().take(4).position(|&b| b & 0xC0 != 0x80).map(|back| bytes.len() - 1 - back) else {
        return bytes.len();
    };
    match std::str::from_utf8(&bytes[lead..]) {
        Err(e) if e.error_len().is_none() && e.valid_up_to() == 0 => lead,
        _ => bytes.len(),
    }
}

/// Why text with a NUL byte is refused.
const CONTAINS_NUL: &str = "it contains NUL bytes";

/// Most problems of one kind kept with their line; past this only the count grows.
const MAX_PROBLEMS_PER_KIND: usize = 10_000;
/// Raw text kept in a problem report, in bytes.
const MAX_RAW: usize = 1_000;

fn is_line_break(b: &u8) -> bool {
    *b == b'\n' || *b == b'\r'
}

/// The record's text without the line breaks around it, shortened for a report.
fn raw_excerpt(raw: &[u8]) -> String {
    let start = raw.iter().take_while(|b| is_line_break(b)).count();
    let end = raw.len() - raw[start..].iter().rev().take_while(|b| is_line_break(b)).count();
    let text = String::from_utf8_lossy(&raw[start..end]);
    if text.len() <= MAX_RAW {
        return text.into_owned();
    }
    let mut cut = MAX_RAW;
    while !text.is_char_boundary(cut) {
        cut -= 1;
    }
    format!("{}…", &text[..cut])
}

/// The fields of the record being parsed, kept across chunks, with its raw text.
#[derive(Debug)]
struct RecordBuffer {
    text: Vec<u8>,
    text_len: usize,
    ends: Vec<usize>,
    ends_len: usize,
    raw: Vec<u8>,
}

impl RecordBuffer {
    fn new() -> Self {
        RecordBuffer { text: vec![0; 4096], text_len: 0, ends: vec![0; 64], ends_len: 0, raw: Vec::new() }
    }

    /// Whether no byte of a record has been read into the buffer.
    fn is_empty(&self) -> bool {
        self.text_len == 0 && self.ends_len == 0 && self.raw.is_empty()
    }

    fn clear(&mut self) {
        self.text_len = 0;
        self.ends_len = 0;
        self.raw.clear();
    }

    /// The fields of the completed record.
    fn fields(&self) -> Fields<'_> {
        let text = &self.text[..self.text_len];
        // One check for the whole record: csv-core only splits at (and drops)
        // ASCII bytes, so when the record's text is valid UTF-8 every field
        // cut from it at a character boundary is, and `str::get` only has to
        // check the boundaries.
        Fields::Parsed { text, ends: &self.ends[..self.ends_len], whole: std::str::from_utf8(text).ok() }
    }
}

/// The fields of one record, read without copying them.
#[derive(Debug, Clone, Copy)]
enum Fields<'a> {
    /// As csv-core wrote them: the record's text and the end of each field in
    /// it, and the text as a `str` when all of it is valid UTF-8.
    Parsed { text: &'a [u8], ends: &'a [usize], whole: Option<&'a str> },
    /// Fields split some other way.
    Split(&'a [&'a str]),
}

impl<'a> Fields<'a> {
    fn len(&self) -> usize {
        match self {
            Fields::Parsed { ends, .. } => ends.len(),
            Fields::Split(fields) => fields.len(),
        }
    }

    /// Field `index` (`< len()`); `""` for a field that is not valid UTF-8.
    fn get(&self, index: usize) -> &'a str {
        match *self {
            Fields::Parsed { text, ends, whole } => {
                let start = if index == 0 { 0 } else { ends[index - 1] };
                let end = ends[index];
                match whole {
                    Some(whole) => whole.get(start..end).unwrap_or(""),
                    None => text.get(start..end).and_then(|f| std::str::from_utf8(f).ok()).unwrap_or(""),
                }
            }
            Fields::Split(fields) => fields[index],
        }
    }

    fn iter(self) -> FieldsIter<'a> {
        FieldsIter { fields: self, next: 0, start: 0 }
    }
}

/// The fields of a record in order, as [`Fields::get`] gives them.
struct FieldsIter<'a> {
    fields: Fields<'a>,
    next: usize,
    /// Where field `next` starts in the record's text.
    start: usize,
}

impl<'a> Iterator for FieldsIter<'a> {
    type Item = &'a str;

    fn next(&mut self) -> Option<&'a str> {
        let field = match self.fields {
            Fields::Parsed { text, ends, whole } => {
                let end = *ends.get(self.next)?;
                let start = std::mem::replace(&mut self.start, end);
                match whole {
                    Some(whole) => whole.get(start..end).unwrap_or(""),
                    None => text.get(start..end).and_then(|f| std::str::from_utf8(f).ok()).unwrap_or(""),
                }
            }
            Fields::Split(fields) => fields.get(self.next)?,
        };
        self.next += 1;
        Some(field)
    }
}

/// What a record's quotes look like, following csv-core's rules (a quote
/// only opens a field at its start; `""` inside quotes is a literal quote).
#[derive(Debug, Default, PartialEq, Eq)]
struct QuoteScan {
    /// Offset of a quote that opens a field and is never closed.
    unclosed: Option<usize>,
    /// Offset of the first text after a closing quote (`"abc"def`): the sign
    /// of a stray quote that made the field run on past where it should end.
    text_after_close: Option<usize>,
}

/// The first `needle` in `haystack`. `memchr` compares 16 bytes at a time
/// with wasm's SIMD128 (the batch module is built with it) and 32 with AVX2
/// natively; a quote is searched for in every record that has one, and a
/// NUL in every chunk.
fn find_byte(haystack: &[u8], needle: u8) -> Option<usize> {
    memchr::memchr(needle, haystack)
}

/// `text` as `str` if it is valid UTF-8. `simdutf8` checks it with SIMD
/// (SIMD128 in the batch wasm module), several times faster than the
/// standard library on Chinese text, which was a fifth of reading there;
/// every chunk of a UTF-8 file passes through here.
fn utf8(text: &[u8]) -> Option<&str> {
    simdutf8::basic::from_utf8(text).ok()
}

/// A record split by [`split_simple_record`].
#[derive(Debug, PartialEq, Eq)]
struct SimpleRecord {
    /// Where the record's first field starts, after the blank lines before it.
    first: usize,
    /// Just after the line break that ends the record.
    end: usize,
    /// Line breaks inside quoted fields.
    inner_breaks: u64,
}

/// Splits the record that starts at `start` in `text` the way csv-core would
/// from the start of a record, when the record is simple: it ends with a
/// line break inside `text`, and every quoted field closes with a quote
/// followed by a delimiter or a line break, with no `""` inside. The fields
/// are slices of `text`, so nothing is copied or checked for UTF-8 again.
/// `None` for any other record, which is left to csv-core. The delimiter and
/// quote must be ASCII, different, and neither `\r` nor `\n`;
/// `separators` must be [indexed](Separators::index) on `text` with them.
fn split_simple_record<'a>(
    text: &'a str,
    separators: &Separators,
    start: usize,
    (delimiter, quote): (u8, u8),
    cells: &mut Vec<&'a str>,
) -> Option<SimpleRecord> {
    let bytes = text.as_bytes();
    // The first separator from `from` on that is not `skip` (text where it is asked for).
    let next = |mut from: usize, skip: u8| loop {
        let found = separators.next(from)?;
        if bytes[found] != skip {
            return Some(found);
        }
        from = found + 1;
    };
    // csv-core skips line breaks before a record.
    let first = start + bytes.get(start..)?.iter().take_while(|b| is_line_break(b)).count();
    cells.clear();
    let (mut at, mut inner_breaks) = (first, 0);
    loop {
        // `at` starts a field.
        if *bytes.get(at)? == quote {
            let content = at + 1;
            let (mut from, mut breaks) = (content, false);
            let close = loop {
                // Inside quotes a delimiter is text.
                let found = next(from, delimiter)?;
                if bytes[found] == quote {
                    break found;
                }
                breaks = true;
                from = found + 1;
            };
            let after = *bytes.get(close + 1)?;
            if after != delimiter && !is_line_break(&after) {
                // `""` (an escaped quote) or text after the closing quote.
                return None;
            }
            if breaks {
                inner_breaks += LineCounter::breaks_in(&bytes[content..close]);
            }
            cells.push(text.get(content..close)?);
            at = close + 1;
        } else {
            // Unquoted: a quote in it is just text, as in csv-core.
            let end = next(at, quote)?;
            cells.push(text.get(at..end)?);
            at = end;
        }
        // `at` is a delimiter or the line break that ends the record.
        if bytes[at] != delimiter {
            return Some(SimpleRecord { first, end: at + 1, inner_breaks });
        }
        at += 1;
    }
}

/// Follows the state machine of [`scan_quotes_bytewise`] from quote to quote:
/// outside quotes only a quote matters (it opens a field when it starts one),
/// inside quotes only the next quote and the byte after it.
fn scan_quotes(raw: &[u8], delimiter: u8, quote: u8) -> QuoteScan {
    let ends_field = |b: u8| b == delimiter || b == b'\n' || b == b'\r';
    let mut scan = QuoteScan::default();
    // Where to look for the next quote, outside quotes.
    let mut from = 0;
    while let Some(found) = find_byte(&raw[from..], quote) {
        let opened = from + found;
        if opened > 0 && !ends_field(raw[opened - 1]) {
            // In the middle of an unquoted field: just text.
            from = opened + 1;
            continue;
        }
        // A quoted field: find the quote that closes it.
        let mut at = opened + 1;
        loop {
            let Some(found) = find_byte(&raw[at..], quote) else {
                scan.unclosed = Some(opened);
                return scan;
            };
            let closed = at + found;
            match raw.get(closed + 1) {
                None => return scan,
                // (Ending the field comes first, as in csv-core, for a quote that is also a delimiter or line break.)
                Some(&b) if ends_field(b) => {
                    from = closed + 2;
                    break;
                }
                Some(&b) if b == quote => at = closed + 2,
                Some(_) => {
                    scan.text_after_close.get_or_insert(closed + 1);
                    from = closed + 2;
                    break;
                }
            }
        }
    }
    scan
}

/// [`scan_quotes`] one byte at a time, as written first; the tests hold the two to the same answers.
#[cfg(test)]
fn scan_quotes_bytewise(raw: &[u8], delimiter: u8, quote: u8) -> QuoteScan {
    #[derive(PartialEq)]
    enum State {
        FieldStart,
        Unquoted,
        Quoted,
        QuoteInQuoted,
    }
    let mut state = State::FieldStart;
    let (mut opened, mut scan) = (0, QuoteScan::default());
    for (i, &b) in raw.iter().enumerate() {
        let ends_field = b == delimiter || b == b'\n' || b == b'\r';
        state = match state {
            State::FieldStart if b == quote => {
                opened = i;
                State::Quoted
            }
            State::FieldStart | State::Unquoted | State::QuoteInQuoted if ends_field => State::FieldStart,
            State::FieldStart | State::Unquoted => State::Unquoted,
            State::Quoted if b == quote => State::QuoteInQuoted,
            State::Quoted => State::Quoted,
            State::QuoteInQuoted if b == quote => State::Quoted,
            State::QuoteInQuoted => {
                scan.text_after_close.get_or_insert(i);
                State::Unquoted
            }
        };
    }
    if state == State::Quoted {
        scan.unclosed = Some(opened);
    }
    scan
}

/// Splits one record's text on its own, as csv-core would.
fn split_record(text: &[u8], delimiter: u8, quote: u8) -> Vec<String> {
    let mut parser = csv_core::ReaderBuilder::new().delimiter(delimiter).quote(quote).build();
    let mut out = vec![0u8; text.len() + 1];
    let mut ends = vec![0usize; text.len() + 2];
    let (_, read, written, n) = parser.read_record(text, &mut out, &mut ends);
    let (_, _, written2, n2) = parser.read_record(&text[read..], &mut out[written..], &mut ends[n..]);
    let (written, n) = (written + written2, n + n2);
    let mut start = 0;
    ends[..n]
        .iter()
        .map(|&end| {
            let end = end.min(written);
            let field = String::from_utf8_lossy(&out[start..end]).into_owned();
            start = end;
            field
        })
        .collect()
}

/// Turns records into the table: the header, padding, rejection, accounting.
#[derive(Debug)]
struct RowSink {
    has_header: bool,
    recover_unterminated_quotes: bool,
    too_many_fields: TooManyFields,
    out: ReadOutput,
    /// Set once the header (or the first row, without a header) has been seen.
    started: bool,
    problem_counts: std::collections::HashMap<&'static str, usize>,
}

impl RowSink {
    fn problem(&mut self, line: u64, kind: &'static str, message: String, raw: &[u8]) {
        let count = self.problem_counts.entry(kind).or_insert(0);
        *count += 1;
        if *count <= MAX_PROBLEMS_PER_KIND {
            self.out.problems.push(Problem { line, kind, message, raw: raw_excerpt(raw) });
        }
    }

    fn take(&mut self, fields: Fields<'_>, line: u64, raw: &[u8]) -> Result<()> {
        if !self.started {
            self.started = true;
            if self.has_header {
                let names: Vec<&str> = fields.iter().collect();
                let (names, fixes) = unique_headers(&names);
                self.out.table = Table::new(names);
                self.out.header_fixes = fixes;
                return Ok(());
            }
            self.out.table = Table::new((1..=fields.len()).map(|i| format!("column_{i}")));
        }
        self.take_data_row(fields, line, raw)
    }

    fn take_data_row(&mut self, fields: Fields<'_>, line: u64, raw: &[u8]) -> Result<()> {
        self.out.rows_in += 1;
        let width = self.out.table.width();
        let count = fields.len();
        if count > width {
            let significant = (0..count).rposition(|i| !fields.get(i).is_empty()).map_or(0, |i| i + 1);
            if significant > width {
                let reason = format!("row has {count} fields, the header has {width}");
                if self.too_many_fields == TooManyFields::Reject {
                    let fields = fields.iter().map(str::to_string).collect();
                    self.out.rejected.push(RejectedRow { line, reason, fields });
                    return Ok(());
                }
                let mut taken: std::collections::HashSet<String> = self.out.table.headers().map(str::to_lowercase).collect();
                for index in width..significant {
                    let mut name = format!("column_{}", index + 1);
                    while !taken.insert(name.to_lowercase()) {
                        name.push('_');
                    }
                    self.out.table.add_column(name)?;
                }
                self.problem(line, "row.too_many_fields", format!("{reason}; columns added"), raw);
            }
        } else if count < width {
            let message = format!("row has {count} fields, the header has {width}; padded with empty cells");
            self.problem(line, "row.too_few_fields", message, raw);
        }
        match fields {
            Fields::Split(cells) => self.out.table.push_row(cells.iter().copied(), line),
            Fields::Parsed { .. } => self.out.table.push_row(fields.iter(), line),
        }
    }
}

/// Decoding and splitting CSV text as it arrives.
#[derive(Debug)]
struct CsvParser {
    decoder: decode::TextDecoder,
    dialect: Dialect,
    parser: csv_core::Reader,
    text: Vec<u8>,
    malformed: Vec<usize>,
    record: RecordBuffer,
    lines: LineCounter,
    /// Start line of the record being parsed, once its first byte is seen.
    record_line: Option<u64>,
    /// The last line reported for malformed bytes, so a line is reported once
    /// even when its bad bytes arrive in two chunks.
    malformed_line: u64,
    /// Whether `parser` has been called since it was made or reset, so it no
    /// longer strips a UTF-8 BOM: until then every record goes to csv-core.
    primed: bool,
    /// `Some` while UTF-8 input is parsed where it lies instead of through
    /// the decoder (see [`CsvParser::push_bytes`]): the first bytes of a
    /// character cut off at the end of the last chunk, not yet decoded.
    utf8_carry: Option<Vec<u8>>,
    /// The separators of the text being parsed, for [`split_simple_record`].
    separators: Separators,
}

impl CsvParser {
    fn new(decoder: decode::TextDecoder, dialect: Dialect) -> Self {
        let parser = csv_core::ReaderBuilder::new().delimiter(dialect.delimiter).quote(dialect.quote).build();
        CsvParser {
            decoder,
            dialect,
            parser,
            text: Vec::new(),
            malformed: Vec::new(),
            record: RecordBuffer::new(),
            lines: LineCounter::default(),
            record_line: None,
            malformed_line: 0,
            primed: false,
            utf8_carry: None,
            separators: Separators::default(),
        }
    }

    /// Decodes `src` into `self.text`, refusing binary content and reporting malformed bytes by line.
    fn decode(&mut self, src: &[u8], last: bool, rows: &mut RowSink) -> Result<()> {
        self.text.clear();
        self.malformed.clear();
        self.decoder.decode(src, last, &mut self.text, &mut self.malformed);
        if find_byte(&self.text, 0).is_some() {
            return Err(Error::Binary { kind: CONTAINS_NUL });
        }
        let (mut counter, mut from) = (self.lines, 0);
        for &offset in &self.malformed {
            counter.count(&self.text[from..offset]);
            from = offset;
            let line = counter.breaks + 1;
            if line != self.malformed_line {
                self.malformed_line = line;
                let message = format!("bytes that are not valid {} were replaced by U+FFFD", self.decoder.encoding().name());
                rows.problem(line, "encoding.malformed", message, &[]);
            }
        }
        Ok(())
    }

    fn decode_and_parse(&mut self, src: &[u8], last: bool, rows: &mut RowSink) -> Result<()> {
        self.decode(src, last, rows)?;
        let text = std::mem::take(&mut self.text);
        let result = self.parse(&text, false, rows);
        self.text = text;
        result.map(|_| ())
    }

    /// Decodes and parses the next chunk. While the input is valid UTF-8 it
    /// is parsed where it lies, without the decoder's copy: the decoder would
    /// give the same text. The decoder has seen every byte before the carried
    /// ones (the start of the file, with any BOM) and they ended on a whole
    /// character, so it holds nothing back; from the first chunk that is not
    /// valid UTF-8 (or at the end) the carried bytes and everything after go
    /// to it, and it replaces and reports bad bytes as it always does.
    fn push_bytes(&mut self, mut src: &[u8], rows: &mut RowSink) -> Result<()> {
        let Some(mut carry) = self.utf8_carry.take() else { return self.decode_and_parse(src, false, rows) };
        // Every byte of a UTF-8 file passes here: `find_byte` (SIMD), not
        // `contains`, which was 5% of reading in Chromium.
        if find_byte(src, 0).is_some() {
            return Err(Error::Binary { kind: CONTAINS_NUL });
        }
        if let Some(&lead) = carry.first() {
            // Complete the carried character with the bytes that continue it.
            let (held, length) = (carry.len(), if lead >= 0xF0 { 4 } else if lead >= 0xE0 { 3 } else { 2 });
            let taken = src.len().min(length - held);
            carry.extend_from_slice(&src[..taken]);
            match std::str::from_utf8(&carry) {
                Ok(text) => {
                    self.parse_text(text.as_bytes(), Some(text), false, rows)?;
                    carry.clear();
                    src = &src[taken..];
                }
                Err(e) if e.error_len().is_none() && taken == src.len() => {
                    self.utf8_carry = Some(carry);
                    return Ok(());
                }
                Err(_) => {
                    carry.truncate(held);
                    self.decode_and_parse(&carry, false, rows)?;
                    return self.decode_and_parse(src, false, rows);
                }
            }
        }
        let cut = utf8_whole_prefix(src);
        match utf8(&src[..cut]) {
            Some(text) => {
                self.parse_text(text.as_bytes(), Some(text), false, rows)?;
                carry.extend_from_slice(&src[cut..]);
                self.utf8_carry = Some(carry);
                Ok(())
            }
            None => self.decode_and_parse(src, false, rows),
        }
    }

    /// Splits text into records. `eof` tells csv-core the input ended; then a
    /// final record with a quote that never closes is cut at the line break
    /// after the quote and the text after it is returned, to be parsed again.
    ///
    /// A record's raw text is read where it stands in `all`; only the part of
    /// a record that goes on past the end of `all` is copied (to `record.raw`).
    fn parse(&mut self, all: &[u8], eof: bool, rows: &mut RowSink) -> Result<Option<Vec<u8>>> {
        let text = if self.splits_simple_records() { utf8(all) } else { None };
        self.parse_text(all, text, eof, rows)
    }

    /// Whether the dialect lets [`split_simple_record`] split records.
    fn splits_simple_records(&self) -> bool {
        let (delimiter, quote) = (self.dialect.delimiter, self.dialect.quote);
        delimiter.is_ascii() && quote.is_ascii() && delimiter != quote && ![delimiter, quote].iter().any(is_line_break)
    }

    /// [`CsvParser::parse`] of `all`, which is `text` when that is given.
    fn parse_text(&mut self, all: &[u8], text: Option<&str>, eof: bool, rows: &mut RowSink) -> Result<Option<Vec<u8>>> {
        let text = text.filter(|_| self.splits_simple_records());
        let (delimiter, quote) = (self.dialect.delimiter, self.dialect.quote);
        if let Some(text) = text {
            self.separators.index(text.as_bytes(), delimiter, quote);
        }
        let mut cells = Vec::new();
        // The read position, and where the bytes of the current record begin.
        let (mut pos, mut start) = (0, 0);
        loop {
            let input = &all[pos..];
            if input.is_empty() && !eof {
                self.record.raw.extend_from_slice(&all[start..]);
                return Ok(None);
            }
            // Between records (csv-core is then as at the start of one, whether it
            // last ended a record at `\n` or `\r`), try the simple split first.
            if let Some(text) = text.filter(|_| self.primed && self.record_line.is_none() && self.record.is_empty()) {
                if let Some(record) = split_simple_record(text, &self.separators, pos, (delimiter, quote), &mut cells) {
                    self.lines.count(&all[pos..record.first]);
                    let line = self.lines.breaks + 1;
                    self.lines.breaks += record.inner_breaks + 1;
                    self.lines.after_cr = all[record.end - 1] == b'\r';
                    let raw = &all[pos..record.end];
                    pos = record.end;
                    start = pos;
                    rows.take(Fields::Split(&cells), line, raw)?;
                    continue;
                }
            }
            if self.record_line.is_none() {
                self.note_record_start(input);
            }
            let record = &mut self.record;
            let line_before = self.parser.line();
            let (status, read, written, ends) =
                self.parser.read_record(input, &mut record.text[record.text_len..], &mut record.ends[record.ends_len..]);
            self.primed = true;
            let consumed = &input[..read];
            if consumed.contains(&b'\r') {
                self.lines.count(consumed);
            } else {
                self.lines.count_without_cr(consumed, self.parser.line() - line_before);
            }
            pos += read;
            record.text_len += written;
            record.ends_len += ends;
            match status {
                ReadRecordResult::InputEmpty => {}
                ReadRecordResult::OutputFull => grow(&mut record.text),
                ReadRecordResult::OutputEndsFull => grow(&mut record.ends),
                ReadRecordResult::Record => {
                    let line = self.record_line.take().unwrap_or(self.lines.breaks + 1);
                    let mut spilled = std::mem::take(&mut self.record.raw);
                    let raw = if spilled.is_empty() {
                        &all[start..pos]
                    } else {
                        spilled.extend_from_slice(&all[start..pos]);
                        &spilled[..]
                    };
                    start = pos;
                    let rest = if eof {
                        self.take_last_record(line, raw, rows)?
                    } else {
                        self.check_quotes(line, raw, rows);
                        rows.take(self.record.fields(), line, raw)?;
                        None
                    };
                    self.record.clear();
                    spilled.clear();
                    self.record.raw = spilled;
                    if rest.is_some() {
                        return Ok(rest);
                    }
                }
                ReadRecordResult::End => {
                    self.record.raw.extend_from_slice(&all[start..pos]);
                    return Ok(None);
                }
            }
        }
    }

    /// Reports text after a closing quote, which usually means a stray quote
    /// joined lines that were meant to be separate rows.
    fn check_quotes(&self, line: u64, raw: &[u8], rows: &mut RowSink) {
        if let Some(at) = scan_quotes(raw, self.dialect.delimiter, self.dialect.quote).text_after_close {
            let lead = raw.iter().take_while(|b| is_line_break(b)).count();
            let at_line = line + LineCounter::breaks_in(&raw[lead..at]);
            let message = format!("text follows a closing quote on line {at_line}; a stray quote may have joined lines into one field");
            rows.problem(line, "quote.text_after_closing", message, raw);
        }
    }

    /// Takes the record that ended the file, first checking for a quote that
    /// never closed (csv-core then puts the whole rest of the file in one field).
    fn take_last_record(&mut self, line: u64, raw: &[u8], rows: &mut RowSink) -> Result<Option<Vec<u8>>> {
        let Some(open) = scan_quotes(raw, self.dialect.delimiter, self.dialect.quote).unclosed else {
            self.check_quotes(line, raw, rows);
            rows.take(self.record.fields(), line, raw)?;
            return Ok(None);
        };
        let lead = raw.iter().take_while(|b| is_line_break(b)).count();
        let open_line = line + LineCounter::breaks_in(&raw[lead..open]);
        let swallowed = LineCounter::breaks_in(&raw[open..]);
        let message = format!("a quote opened on line {open_line} is never closed");
        let cut = raw[open..].iter().position(is_line_break).map(|p| open + p);
        let (Some(cut), true) = (cut, rows.recover_unterminated_quotes) else {
            if swallowed == 0 {
                // Nothing was swallowed: the quote just runs to the end of its own line.
                rows.problem(open_line, "quote.unterminated", message, raw);
                rows.take(self.record.fields(), line, raw)?;
            } else {
                rows.problem(open_line, "quote.unterminated", format!("{message}; the {swallowed} lines after it were rejected as one row"), &raw[..open]);
                rows.out.rows_in += 1;
                let reason = format!("a quote opened on line {open_line} is never closed");
                let fields = self.record.fields().iter().map(str::to_string).collect();
                rows.out.rejected.push(RejectedRow { line, reason, fields });
            }
            return Ok(None);
        };
        rows.problem(open_line, "quote.unterminated", format!("{message}; the row ends at that line's end and reading goes on from the next line"), &raw[..cut]);
        let fields = split_record(&raw[lead..cut], self.dialect.delimiter, self.dialect.quote);
        let fields: Vec<&str> = fields.iter().map(String::as_str).collect();
        rows.take(Fields::Split(&fields), line, &raw[..cut])?;
        let rest = raw[cut..].to_vec();
        self.parser.reset();
        self.primed = false;
        self.lines = LineCounter { breaks: line - 1 + LineCounter::breaks_in(&raw[lead..cut]), after_cr: false };
        Ok(Some(rest))
    }

    /// Records the line of the next record: the line after the line breaks
    /// (blank lines) that csv-core will skip before it.
    fn note_record_start(&mut self, input: &[u8]) {
        let blank = input.iter().take_while(|b| is_line_break(b)).count();
        if blank < input.len() {
            let mut ahead = self.lines;
            ahead.count(&input[..blank]);
            self.record_line = Some(ahead.breaks + 1);
        }
    }

    /// Ends the input: flushes the decoder and the final record, recovering
    /// from unclosed quotes as often as it takes.
    fn finish(&mut self, rows: &mut RowSink) -> Result<()> {
        if let Some(carry) = self.utf8_carry.take() {
            self.decode_and_parse(&carry, false, rows)?;
        }
        self.decode_and_parse(&[], true, rows)?;
        let mut pending = Vec::new();
        loop {
            self.parse(&pending, false, rows)?;
            match self.parse(&[], true, rows)? {
                Some(rest) => pending = rest,
                None => return Ok(()),
            }
        }
    }
}

/// What the reader is doing with the bytes it is given.
#[derive(Debug)]
enum State {
    /// Collecting the first bytes, to decide the encoding and dialect.
    Sampling(Vec<u8>, decode::PrefixScan),
    /// Decoding and splitting CSV as bytes arrive.
    Csv(Box<CsvParser>),
    /// A workbook: it can only be read once every byte is in.
    Spreadsheet(Vec<u8>),
    /// Every record is in (a half's read ended, or two halves were joined,
    /// see `halves`): `finish` only hands the rows over. The encoding read.
    Ended(&'static Encoding),
    /// Done (or failed): no more bytes are taken.
    Finished,
}

/// A push-based reader: `push` chunks of a file, then `finish`.
#[derive(Debug)]
pub struct Reader {
    options: ReadOptions,
    state: State,
    rows: RowSink,
    bytes_in: u64,
    /// The size of the whole file, when the caller knows it (see [`Reader::size_hint`]).
    size_hint: Option<u64>,
    /// Whether this reader started in the middle of the file ([`Reader::resume`])
    /// and has not been joined to the rows before its start yet.
    resumed: bool,
}

/// Bytes read before a size hint turns into room reserved in the table.
const RESERVE_AFTER: u64 = 1 << 20;

impl Reader {
    /// A reader that detects or takes from `options` everything about the file.
    pub fn new(options: ReadOptions) -> Self {
        let rows = RowSink {
            has_header: true,
            recover_unterminated_quotes: options.recover_unterminated_quotes,
            too_many_fields: options.too_many_fields,
            out: ReadOutput { format: "csv", ..ReadOutput::default() },
            started: false,
            problem_counts: Default::default(),
        };
        Reader {
            options,
            state: State::Sampling(Vec::new(), decode::PrefixScan::default()),
            rows,
            bytes_in: 0,
            size_hint: None,
            resumed: false,
        }
    }

    /// Tells the reader the size of the whole file in bytes, when it is
    /// known (`File.size` in the browser, the file's length on disk). Once
    /// the first MiB is read, the table reserves room for the rows the rest
    /// of the file should hold, estimated from the rows read so far, so its
    /// columns do not grow by doubling (each step copies a column, and wasm
    /// memory never shrinks). Optional: a wrong hint costs memory or time,
    /// never a different result.
    pub fn size_hint(&mut self, total_bytes: u64) {
        self.size_hint = Some(total_bytes);
        self.reserve_from_hint();
    }

    /// Reserves room in the table from the size hint, once enough is read to estimate.
    fn reserve_from_hint(&mut self) {
        let Some(total) = self.size_hint else { return };
        let (read, rows) = (self.bytes_in, self.rows.out.table.rows() as u64);
        if total <= read {
            self.size_hint = None;
            return;
        }
        if read < RESERVE_AFTER || rows == 0 || !matches!(self.state, State::Csv(_)) {
            return;
        }
        self.size_hint = None;
        // Rows to come, by the bytes per row so far, with a sixteenth to spare:
        // falling just short would double the columns after all.
        let rest = u128::from(rows) * u128::from(total - read) / u128::from(read);
        let rest = rest + rest / 16 + 16;
        self.rows.out.table.reserve_rows(usize::try_from(rest).unwrap_or(usize::MAX));
    }

    /// Bytes pushed so far.
    pub fn bytes_in(&self) -> u64 {
        self.bytes_in
    }

    /// Data rows read so far.
    pub fn rows_in(&self) -> u64 {
        self.rows.out.rows_in
    }

    /// Feeds the next chunk of the file.
    pub fn push(&mut self, chunk: &[u8]) -> Result<()> {
        self.bytes_in += chunk.len() as u64;
        let result = match &mut self.state {
            State::Sampling(sample, scan) => {
                sample.extend_from_slice(chunk);
                if sample.len() >= 8 && spreadsheet::sniff_format(sample).is_some() {
                    let State::Sampling(bytes, _) = std::mem::replace(&mut self.state, State::Finished) else { return Ok(()) };
                    self.state = State::Spreadsheet(bytes);
                    return Ok(());
                }
                match scan.advance(sample) {
                    Some(prefix) => self.begin(prefix, false),
                    None => Ok(()),
                }
            }
            State::Csv(csv) => csv.push_bytes(chunk, &mut self.rows),
            State::Spreadsheet(bytes) => {
                bytes.extend_from_slice(chunk);
                Ok(())
            }
            State::Ended(_) | State::Finished => return Err(Error::Finished),
        };
        if result.is_err() {
            self.state = State::Finished;
        } else {
            self.reserve_from_hint();
        }
        result
    }

    /// Decides encoding and dialect from the first `prefix` bytes of the
    /// sample (the same bytes however the file was chunked) and starts
    /// parsing the whole sample.
    fn begin(&mut self, prefix: usize, eof: bool) -> Result<()> {
        let State::Sampling(sample, _) = std::mem::replace(&mut self.state, State::Finished) else { return Ok(()) };
        refuse_binary_signature(&sample)?;
        let (head, tail) = sample.split_at(prefix.min(sample.len()));
        let whole = eof && tail.is_empty();
        let encoding = self.options.encoding.unwrap_or_else(|| decode::detect(head, whole));
        let decoder = decode::TextDecoder::new(encoding, self.options.encoding.is_none());
        let mut csv = Box::new(CsvParser::new(decoder, Dialect::default()));
        // Valid UTF-8 after the first bytes is parsed without the decoder
        // (`CsvParser::push_bytes`), which must then have stopped at a whole character.
        let mut head = head;
        if encoding == encoding_rs::UTF_8 && !whole && head.len() >= 4 {
            let cut = utf8_whole_prefix(head);
            if utf8(&head[..cut]).is_some() {
                csv.utf8_carry = Some(head[cut..].to_vec());
                head = &head[..cut];
            }
        }
        csv.decode(head, whole, &mut self.rows)?;
        let o = &self.options;
        let dialect = dialect::sniff(&csv.text, whole, o.delimiter, o.quote, o.has_header);
        csv.dialect = dialect;
        csv.parser = csv_core::ReaderBuilder::new().delimiter(dialect.delimiter).quote(dialect.quote).build();
        csv.primed = false;
        self.rows.has_header = dialect.has_header;
        self.rows.out.dialect = dialect;
        let text = std::mem::take(&mut csv.text);
        csv.parse(&text, false, &mut self.rows)?;
        if !tail.is_empty() {
            csv.push_bytes(tail, &mut self.rows)?;
        }
        self.state = State::Csv(csv);
        Ok(())
    }

    /// Ends the input and returns what was read.
    pub fn finish(mut self) -> Result<ReadOutput> {
        if self.resumed {
            // Half a file: the rows before its start were never joined to it.
            return Err(Error::Half("a reader that began mid-file was finished without the rows before it".into()));
        }
        if let State::Sampling(sample, _) = &self.state {
            if spreadsheet::sniff_format(sample).is_some() {
                let State::Sampling(bytes, _) = std::mem::replace(&mut self.state, State::Finished) else { return Err(Error::Finished) };
                self.state = State::Spreadsheet(bytes);
            } else {
                self.begin(sample.len(), true)?;
            }
        }
        if let State::Spreadsheet(bytes) = &self.state {
            return spreadsheet::read_spreadsheet(bytes, self.options.sheet.as_deref(), self.options.has_header);
        }
        let encoding = match std::mem::replace(&mut self.state, State::Finished) {
            State::Csv(mut csv) => {
                csv.finish(&mut self.rows)?;
                csv.decoder.encoding()
            }
            State::Ended(encoding) => encoding,
            _ => return Err(Error::Finished),
        };
        if self.bytes_in == 0 || !self.rows.started {
            return Err(Error::Empty);
        }
        let mut out = self.rows.out;
        // Bad bytes are found while decoding, before the rows around them are
        // split: order by line so the report reads top to bottom however the file was chunked.
        out.problems.sort_by_key(|p| p.line);
        let mut omitted: Vec<_> = self.rows.problem_counts.iter().filter(|(_, &n)| n > MAX_PROBLEMS_PER_KIND).collect();
        omitted.sort();
        for (kind, n) in omitted {
            out.problems.push(Problem {
                line: 0,
                kind,
                message: format!("{} more lines with this problem are not listed", n - MAX_PROBLEMS_PER_KIND),
                raw: String::new(),
            });
        }
        out.encoding = encoding.name().to_string();
        out.table.shrink_to_fit();
        Ok(out)
    }
}

/// Doubles a parse buffer that csv-core filled.
fn grow<T: Default + Clone>(buffer: &mut Vec<T>) {
    let len = buffer.len().max(1);
    buffer.resize(len * 2, T::default());
}

/// Refuses files whose first bytes are the signature of a well-known binary format.
fn refuse_binary_signature(head: &[u8]) -> Result<()> {
    const SIGNATURES: [(&[u8], &str); 6] = [
        (b"\x89PNG", "a PNG image"),
        (b"\xFF\xD8\xFF", "a JPEG image"),
        (b"GIF8", "a GIF image"),
        (b"%PDF", "a PDF document"),
        (b"PK\x03\x04", "a ZIP archive that is not a spreadsheet"),
        (b"\x1F\x8B", "a gzip archive"),
    ];
    match SIGNATURES.iter().find(|(magic, _)| head.starts_with(magic)) {
        Some((_, kind)) => Err(Error::Binary { kind }),
        None => Ok(()),
    }
}

/// Makes header names usable: trimmed, non-blank (`column_7`) and unique
/// (`email`, `email_2`), reporting each change.
pub fn unique_headers(raw: &[&str]) -> (Vec<String>, Vec<HeaderFix>) {
    let mut names: Vec<String> = Vec::with_capacity(raw.len());
    let mut fixes = Vec::new();
    let mut taken = std::collections::HashSet::new();
    // The next suffix to try per base name, so a thousand repeats of one name stay linear.
    let mut next_suffix: std::collections::HashMap<String, usize> = std::collections::HashMap::new();
    for (index, before) in raw.iter().enumerate() {
        let trimmed = before.trim();
        let base = if trimmed.is_empty() { format!("column_{}", index + 1) } else { trimmed.to_string() };
        let mut name = base.clone();
        let n = next_suffix.entry(base.to_lowercase()).or_insert(2);
        while !taken.insert(name.to_lowercase()) {
            name = format!("{base}_{n}");
            *n += 1;
        }
        if name != *before {
            fixes.push(HeaderFix { column: index, before: before.to_string(), after: name.clone() });
        }
        names.push(name);
    }
    (names, fixes)
}

/// Reads a whole byte slice: the one-call form of [`Reader`].
pub fn read_bytes(bytes: &[u8], options: ReadOptions) -> Result<ReadOutput> {
    let mut reader = Reader::new(options);
    reader.push(bytes)?;
    reader.finish()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn read(text: &str) -> ReadOutput {
        read_bytes(text.as_bytes(), ReadOptions::default()).unwrap()
    }

    fn cells(out: &ReadOutput) -> Vec<Vec<String>> {
        let t = &out.table;
        (0..t.rows()).map(|r| (0..t.width()).map(|c| t.cell(r, c).to_string()).collect()).collect()
    }

    #[test]
    fn reads_quoted_fields_with_newlines_quotes_and_delimiters() {
        let out = read("name,note\n\"Li, Wei\",\"said \"\"hi\"\"\nthen left\"\nAnn,x\n");
        assert_eq!(out.table.headers().collect::<Vec<_>>(), ["name", "note"]);
        assert_eq!(cells(&out), [["Li, Wei", "said \"hi\"\nthen left"], ["Ann", "x"]]);
        assert_eq!(out.table.source_line(0), 2);
        assert_eq!(out.table.source_line(1), 4, "the quoted newline counts as a line");
    }

    #[test]
    fn same_result_for_every_chunk_size() {
        let text = "姓名,城市\r\n张伟,北京\r\n\r\n\"王, 芳\",上海\r\nbob\r\n";
        let whole = read(text);
        for size in 1..8 {
            let mut reader = Reader::new(ReadOptions::default());
            for chunk in text.as_bytes().chunks(size) {
                reader.push(chunk).unwrap();
            }
            let out = reader.finish().unwrap();
            assert_eq!(out.table, whole.table, "chunk size {size}");
            assert_eq!(out.problems, whole.problems, "chunk size {size}");
        }
        assert_eq!(whole.table.source_line(1), 4, "blank line skipped but counted");
        assert_eq!(whole.table.source_line(2), 5);
    }

    #[test]
    fn line_numbers_for_cr_only_and_mixed_line_endings() {
        let out = read("a\rb\rc\r\nd\ne\n");
        let lines: Vec<u64> = (0..out.table.rows()).map(|r| out.table.source_line(r)).collect();
        assert_eq!(lines, [2, 3, 4, 5]);
    }

    #[test]
    fn short_rows_are_padded_and_reported_long_rows_rejected() {
        let out = read("a,b,c\n1,2\n1,2,3,4\n1,2,3,,\n");
        assert_eq!(out.rows_in, 3);
        assert_eq!(cells(&out), [["1", "2", ""], ["1", "2", "3"]]);
        assert_eq!(out.problems.len(), 1);
        assert_eq!(out.problems[0].line, 2);
        assert_eq!(out.problems[0].kind, "row.too_few_fields");
        assert_eq!(out.rejected.len(), 1);
        assert_eq!(out.rejected[0].line, 3);
        assert_eq!(out.rejected[0].fields, ["1", "2", "3", "4"]);
    }

    #[test]
    fn headers_are_made_unique_and_non_blank() {
        let out = read(" email ,Email,,email\nx,y,z,w\n");
        assert_eq!(out.table.headers().collect::<Vec<_>>(), ["email", "Email_2", "column_3", "email_3"]);
        assert_eq!(out.header_fixes.len(), 4);
    }

    #[test]
    fn utf8_split_across_chunks_and_bom_are_handled() {
        let bytes = "\u{FEFF}名字\n张伟\n".as_bytes();
        let mut reader = Reader::new(ReadOptions::default());
        for chunk in bytes.chunks(1) {
            reader.push(chunk).unwrap();
        }
        let out = reader.finish().unwrap();
        assert_eq!(out.table.headers().collect::<Vec<_>>(), ["名字"]);
        assert_eq!(out.table.cell(0, 0), "张伟");
    }

    #[test]
    fn bad_input_gets_clear_errors() {
        let err = |bytes: &[u8]| read_bytes(bytes, ReadOptions::default()).unwrap_err().to_string();
        assert_eq!(err(b""), "the file is empty");
        assert_eq!(err(b"\xEF\xBB\xBF"), "the file is empty");
        assert_eq!(err(b"\n\r\n"), "the file is empty");
        assert!(err(b"\x89PNG\r\n\x1a\n\0\0").contains("PNG image"));
        assert!(err(b"a,b\n1,\0\n").contains("NUL"));

    }

    #[test]
    fn header_only_file_has_no_rows() {
        let out = read("a,b\n");
        assert_eq!(out.rows_in, 0);
        assert_eq!(out.table.width(), 2);
    }

    #[test]
    fn without_header_every_record_is_data() {
        let out = read_bytes(b"1,2\n3,4\n", ReadOptions { has_header: Some(false), ..ReadOptions::default() }).unwrap();
        assert_eq!(out.table.headers().collect::<Vec<_>>(), ["column_1", "column_2"]);
        assert_eq!(out.rows_in, 2);
        assert_eq!(out.table.source_line(0), 1);
    }

    #[test]
    fn unterminated_quote_is_reported_and_reading_recovers_on_the_next_line() {
        let mut text = String::from("name,note\nAnn,ok\nBo,\"broken\n");
        for i in 0..1000 {
            text.push_str(&format!("row{i},fine\n"));
        }
        let out = read(&text);
        let problem = out.problems.iter().find(|p| p.kind == "quote.unterminated").expect("reported");
        assert_eq!(problem.line, 3);
        assert!(problem.raw.contains("Bo,\"broken"), "{:?}", problem.raw);
        assert_eq!(out.rows_in, 1002);
        assert_eq!(out.table.rows(), 1002);
        assert_eq!(out.table.cell(1, 1), "broken");
        assert_eq!((out.table.cell(2, 0), out.table.source_line(2)), ("row0", 4));
        assert_eq!((out.table.cell(1001, 0), out.table.source_line(1001)), ("row999", 1003));
    }

    #[test]
    fn a_stray_quote_that_joins_lines_is_reported() {
        let out = read("a,b\n1,\"x\n2,y\n3,\"z\n4,w\n");
        // The quote opened on line 2 is closed by the stray one on line 4: csv-core
        // reads one field over three lines, and the reader says so.
        assert_eq!(out.table.cell(0, 1), "x\n2,y\n3,z");
        let problem = out.problems.iter().find(|p| p.kind == "quote.text_after_closing").expect("reported");
        assert_eq!(problem.line, 2);
        assert!(problem.message.contains("line 4"), "{}", problem.message);
        assert_eq!(out.rows_in as usize, out.table.rows() + out.rejected.len());
    }

    #[test]
    fn without_recovery_the_swallowed_text_is_rejected_whole() {
        let options = ReadOptions { recover_unterminated_quotes: false, ..ReadOptions::default() };
        let out = read_bytes(b"a,b\n1,2\n3,\"x\n4,5\n6,7\n", options).unwrap();
        assert_eq!(out.table.rows(), 1);
        assert_eq!(out.rejected.len(), 1);
        assert_eq!(out.rejected[0].line, 3);
        assert!(out.rejected[0].fields[1].contains("6,7"));
        assert_eq!(out.rows_in, 2);
    }

    #[test]
    fn gbk_file_without_bom_is_detected_and_split_characters_survive_any_chunking() {
        let text = "客户名称,联系人,手机\n北京科技有限公司,张伟,13800138000\n上海贸易有限责任公司,王芳,13912345678\n".repeat(50);
        let (bytes, _, _) = encoding_rs::GBK.encode(&text);
        for chunk in [1, 2, 3, 4096, bytes.len()] {
            let mut reader = Reader::new(ReadOptions::default());
            for piece in bytes.chunks(chunk) {
                reader.push(piece).unwrap();
            }
            let out = reader.finish().unwrap();
            assert_eq!(out.encoding, "GBK");
            assert_eq!(out.table.headers().collect::<Vec<_>>(), ["客户名称", "联系人", "手机"]);
            assert_eq!(out.table.cell(0, 1), "张伟");
            assert_eq!(out.rows_in, 100 + 49, "the repeated header lines are data rows here");
            assert!(out.problems.is_empty());
        }
    }

    #[test]
    fn bytes_invalid_in_a_forced_encoding_are_replaced_and_reported_by_line() {
        let options = ReadOptions { encoding: Some(encoding_rs::UTF_8), ..ReadOptions::default() };
        let out = read_bytes(b"a,b\n1,2\n3,\xFF\n", options).unwrap();
        assert_eq!(out.table.cell(1, 1), "\u{FFFD}");
        assert_eq!(out.problems.len(), 1);
        assert_eq!((out.problems[0].line, out.problems[0].kind), (3, "encoding.malformed"));
    }

    #[test]
    fn latin1_export_is_detected() {
        let out = read_bytes(b"name,city\nJos\xE9 M\xFCller,Z\xFCrich\n", ReadOptions::default()).unwrap();
        assert_eq!(out.encoding, "windows-1252");
        assert_eq!(out.table.cell(0, 0), "José Müller");
    }

    #[test]
    fn dialect_is_sniffed_and_reported() {
        let out = read("name;city\nAnn;Paris\nBo;\"Oslo; NO\"\n");
        assert_eq!(out.dialect, Dialect { delimiter: b';', quote: b'"', has_header: true });
        assert_eq!(out.table.cell(1, 1), "Oslo; NO");
    }

    #[test]
    fn extend_keeps_extra_fields_in_new_columns() {
        let options = ReadOptions { too_many_fields: TooManyFields::Extend, ..ReadOptions::default() };
        let out = read_bytes(b"a,b\n1,2\n3,4,5\n", options).unwrap();
        assert_eq!(out.table.headers().collect::<Vec<_>>(), ["a", "b", "column_3"]);
        assert_eq!((out.table.cell(0, 2), out.table.cell(1, 2)), ("", "5"));
        assert!(out.rejected.is_empty());
        assert_eq!(out.problems[0].kind, "row.too_many_fields");
    }

    /// A small deterministic generator (xorshift), so the test needs no crate.
    fn random_bytes(seed: u64, len: usize, alphabet: &[u8]) -> Vec<u8> {
        let mut x = seed.wrapping_mul(0x9E37_79B9_7F4A_7C15) | 1;
        (0..len)
            .map(|_| {
                x ^= x << 13;
                x ^= x >> 7;
                x ^= x << 17;
                alphabet[(x % alphabet.len() as u64) as usize]
            })
            .collect()
    }

    #[test]
    fn quote_scan_jumps_to_the_same_answers_as_the_bytewise_scan() {
        let dialects = [(b',', b'"'), (b';', b'\''), (b'\t', b'"'), (b',', b','), (b',', b'\n'), (b'"', b'\r')];
        for seed in 0..20_000u64 {
            let (delimiter, quote) = dialects[(seed % dialects.len() as u64) as usize];
            let alphabet = [b'a', b'"', b'\'', b',', b';', b'\t', b'\n', b'\r', b' ', 0xE5];
            let raw = random_bytes(seed, (seed % 40) as usize, &alphabet);
            assert_eq!(scan_quotes(&raw, delimiter, quote), scan_quotes_bytewise(&raw, delimiter, quote), "{:?}", String::from_utf8_lossy(&raw));
        }
    }

    #[test]
    fn counting_lines_with_csv_cores_count_agrees_with_counting_every_byte() {
        for seed in 0..5_000u64 {
            let alphabet: &[u8] = if seed % 2 == 0 { b"a,\n\r\n\"" } else { b"ab,\n\n" };
            let text = random_bytes(seed, (seed % 60) as usize, alphabet);
            let mut parser = csv_core::Reader::new();
            let (mut fast, mut bytewise) = (LineCounter { breaks: 0, after_cr: seed % 3 == 0 }, LineCounter::default());
            bytewise.after_cr = fast.after_cr;
            let (mut out, mut ends, mut pos) = ([0u8; 128], [0usize; 64], 0);
            while pos < text.len() {
                let before = parser.line();
                let (_, read, _, _) = parser.read_record(&text[pos..], &mut out, &mut ends);
                let consumed = &text[pos..pos + read];
                if consumed.contains(&b'\r') {
                    fast.count(consumed);
                } else {
                    fast.count_without_cr(consumed, parser.line() - before);
                }
                bytewise.count(consumed);
                assert_eq!((fast.breaks, fast.after_cr), (bytewise.breaks, bytewise.after_cr), "{:?}", String::from_utf8_lossy(&text));
                pos += read;
            }
        }
    }

    #[test]
    fn simple_records_split_as_csv_core_splits_them() {
        let alphabet = "ab中,,\"\"\n\r;".chars().collect::<Vec<_>>();
        let mut simple = 0;
        for seed in 0..50_000u64 {
            let picks = random_bytes(seed, (seed % 30) as usize, &(0..alphabet.len() as u8).collect::<Vec<_>>());
            let text: String = picks.iter().map(|&i| alphabet[i as usize]).collect();
            let mut cells = Vec::new();
            let mut separators = Separators::default();
            separators.index(text.as_bytes(), b',', b'"');
            let Some(record) = split_simple_record(&text, &separators, 0, (b',', b'"'), &mut cells) else { continue };
            simple += 1;
            let mut parser = csv_core::Reader::new();
            let (mut out, mut ends) = ([0u8; 256], [0usize; 64]);
            let (status, read, written, n) = parser.read_record(text.as_bytes(), &mut out, &mut ends);
            assert_eq!((status, read), (ReadRecordResult::Record, record.end), "{text:?}");
            let mut start = 0;
            let fields: Vec<&str> = ends[..n]
                .iter()
                .map(|&end| std::str::from_utf8(&out[std::mem::replace(&mut start, end)..end]).unwrap())
                .collect();
            assert_eq!(start, written);
            assert_eq!(fields, cells, "{text:?}");
            let raw = &text.as_bytes()[..record.end];
            let lead = LineCounter::breaks_in(&raw[..record.first]);
            assert_eq!(LineCounter::breaks_in(raw), lead + record.inner_breaks + 1, "{text:?}");
            assert_eq!(scan_quotes(raw, b',', b'"'), QuoteScan::default(), "{text:?}");
        }
        assert!(simple > 10_000, "{simple}");
    }

    /// More than the sample that decides the encoding, so most of it is read
    /// after the decision (where valid UTF-8 skips the decoder).
    fn long_chinese_csv() -> String {
        let mut text = String::from("姓名,城市,备注\n");
        for i in 0..6000 {
            text.push_str(&format!("张伟{i},北京,\"说 \"\"好\"\", 好\"\r\n王芳,上海,{i}\n"));
        }
        text
    }

    fn read_in_chunks(bytes: &[u8], sizes: &[usize]) -> Result<ReadOutput> {
        let mut reader = Reader::new(ReadOptions::default());
        let (mut at, mut turn) = (0, 0);
        while at < bytes.len() {
            let end = (at + sizes[turn % sizes.len()]).min(bytes.len());
            reader.push(&bytes[at..end])?;
            (at, turn) = (end, turn + 1);
        }
        reader.finish()
    }

    #[test]
    fn utf8_after_the_sample_reads_the_same_in_any_chunks_bad_bytes_and_all() {
        let text = long_chinese_csv();
        let mut bytes = text.clone().into_bytes();
        // A bad byte, a character cut short and a lone continuation byte, far after the sample.
        let late = bytes.len() - 5000;
        let late = late + bytes[late..].iter().position(|&b| b == b'\n').unwrap() + 1;
        bytes.splice(late..late, b"\xFF,\xE5\x8F,\x8F\n".iter().copied());
        bytes.extend_from_slice("张".as_bytes()[..2].as_ref());
        let whole = read_bytes(&bytes, ReadOptions::default()).unwrap();
        assert_eq!(whole.encoding, "UTF-8");
        assert_eq!(whole.problems.iter().filter(|p| p.kind == "encoding.malformed").count(), 2, "{:?}", whole.problems);
        assert_eq!(whole.table.cell(0, 2), "说 \"好\", 好");
        for sizes in [&[1][..], &[2, 3], &[70_000, 1, 2, 3], &[4096], &[65_537, 7]] {
            let out = read_in_chunks(&bytes, sizes).unwrap();
            assert_eq!((&out.table, &out.problems, out.rows_in), (&whole.table, &whole.problems, whole.rows_in), "{sizes:?}");
        }
        // Valid to the end, with a BOM, and NUL after the sample.
        let mut bom = b"\xEF\xBB\xBF".to_vec();
        bom.extend_from_slice(text.as_bytes());
        let whole = read_bytes(&bom, ReadOptions::default()).unwrap();
        assert_eq!(whole.table.headers().next(), Some("姓名"));
        assert_eq!(read_in_chunks(&bom, &[3, 100_000, 1]).unwrap().table, whole.table);
        bom.extend_from_slice(b"a,\0\n");
        assert!(matches!(read_in_chunks(&bom, &[70_000]), Err(Error::Binary { .. })));
    }

    #[test]
    fn a_size_hint_reserves_room_and_changes_nothing_else() {
        let text = long_chinese_csv().repeat(4);
        let hinted = |hint: u64| {
            let mut reader = Reader::new(ReadOptions::default());
            reader.size_hint(hint);
            let mut capacity = 0;
            for chunk in text.as_bytes().chunks(1 << 16) {
                reader.push(chunk).unwrap();
                if capacity == 0 && reader.size_hint.is_none() {
                    capacity = reader.rows.out.table.columns()[0].heap_bytes();
                }
            }
            (reader.finish().unwrap(), capacity)
        };
        let plain = read(&text);
        let (out, capacity) = hinted(text.len() as u64);
        assert_eq!((&out.table, &out.problems), (&plain.table, &plain.problems));
        let column = &out.table.columns()[0];
        assert!(capacity >= column.text_len() + column.len() * 4, "{capacity} reserved for {} bytes", column.text_len());
        for hint in [0, 10, 3 << 20, u64::MAX] {
            assert_eq!(hinted(hint).0.table, plain.table, "hint {hint}");
        }
    }

    #[test]
    fn ragged_rows_carry_their_raw_text() {
        let out = read("a,b,c\n\"x\",2\n");
        assert_eq!(out.problems[0].raw, "\"x\",2");
    }
}
