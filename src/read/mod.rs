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
pub mod spreadsheet;

use csv_core::ReadRecordResult;
use encoding_rs::Encoding;
use serde::Serialize;

use crate::error::{Error, Result};
use crate::table::Table;

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

    fn breaks_in(bytes: &[u8]) -> u64 {
        let mut counter = LineCounter::default();
        counter.count(bytes);
        counter.breaks
    }
}

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

    fn clear(&mut self) {
        self.text_len = 0;
        self.ends_len = 0;
        self.raw.clear();
    }

    /// The fields of the completed record. csv-core only splits at ASCII
    /// bytes, so fields cut from valid UTF-8 are valid UTF-8.
    fn fields(&self) -> Vec<&str> {
        let mut start = 0;
        self.ends[..self.ends_len]
            .iter()
            .map(|&end| {
                let field = std::str::from_utf8(&self.text[start..end]).unwrap_or("");
                start = end;
                field
            })
            .collect()
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

fn scan_quotes(raw: &[u8], delimiter: u8, quote: u8) -> QuoteScan {
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

    fn take(&mut self, fields: &[&str], line: u64, raw: &[u8]) -> Result<()> {
        if !self.started {
            self.started = true;
            if self.has_header {
                let (names, fixes) = unique_headers(fields);
                self.out.table = Table::new(names);
                self.out.header_fixes = fixes;
                return Ok(());
            }
            self.out.table = Table::new((1..=fields.len()).map(|i| format!("column_{i}")));
        }
        self.take_data_row(fields, line, raw)
    }

    fn take_data_row(&mut self, fields: &[&str], line: u64, raw: &[u8]) -> Result<()> {
        self.out.rows_in += 1;
        let width = self.out.table.width();
        let significant = fields.iter().rposition(|f| !f.is_empty()).map_or(0, |i| i + 1);
        if significant > width {
            let reason = format!("row has {} fields, the header has {width}", fields.len());
            if self.too_many_fields == TooManyFields::Reject {
                let fields = fields.iter().map(|f| f.to_string()).collect();
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
        } else if fields.len() < width {
            let message = format!("row has {} fields, the header has {width}; padded with empty cells", fields.len());
            self.problem(line, "row.too_few_fields", message, raw);
        }
        let width = self.out.table.width();
        self.out.table.push_row(fields.iter().copied().take(width), line)
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
        }
    }

    /// Decodes `src` into `self.text`, refusing binary content and reporting malformed bytes by line.
    fn decode(&mut self, src: &[u8], last: bool, rows: &mut RowSink) -> Result<()> {
        self.text.clear();
        self.malformed.clear();
        self.decoder.decode(src, last, &mut self.text, &mut self.malformed);
        if self.text.contains(&0) {
            return Err(Error::Binary { kind: "it contains NUL bytes" });
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

    /// Splits text into records. `eof` tells csv-core the input ended; then a
    /// final record with a quote that never closes is cut at the line break
    /// after the quote and the text after it is returned, to be parsed again.
    fn parse(&mut self, mut input: &[u8], eof: bool, rows: &mut RowSink) -> Result<Option<Vec<u8>>> {
        loop {
            if input.is_empty() && !eof {
                return Ok(None);
            }
            if self.record_line.is_none() {
                self.note_record_start(input);
            }
            let record = &mut self.record;
            let (status, read, written, ends) =
                self.parser.read_record(input, &mut record.text[record.text_len..], &mut record.ends[record.ends_len..]);
            self.lines.count(&input[..read]);
            record.raw.extend_from_slice(&input[..read]);
            input = &input[read..];
            record.text_len += written;
            record.ends_len += ends;
            match status {
                ReadRecordResult::InputEmpty => {}
                ReadRecordResult::OutputFull => grow(&mut record.text),
                ReadRecordResult::OutputEndsFull => grow(&mut record.ends),
                ReadRecordResult::Record => {
                    let line = self.record_line.take().unwrap_or(self.lines.breaks + 1);
                    let rest = if eof { self.take_last_record(line, rows)? } else { None };
                    if rest.is_none() && !eof {
                        self.check_quotes(line, rows);
                        rows.take(&self.record.fields(), line, &self.record.raw)?;
                    }
                    self.record.clear();
                    if rest.is_some() {
                        return Ok(rest);
                    }
                }
                ReadRecordResult::End => return Ok(None),
            }
        }
    }

    /// Reports text after a closing quote, which usually means a stray quote
    /// joined lines that were meant to be separate rows.
    fn check_quotes(&self, line: u64, rows: &mut RowSink) {
        let raw = &self.record.raw;
        if !raw.contains(&self.dialect.quote) {
            return;
        }
        if let Some(at) = scan_quotes(raw, self.dialect.delimiter, self.dialect.quote).text_after_close {
            let lead = raw.iter().take_while(|b| is_line_break(b)).count();
            let at_line = line + LineCounter::breaks_in(&raw[lead..at]);
            let message = format!("text follows a closing quote on line {at_line}; a stray quote may have joined lines into one field");
            rows.problem(line, "quote.text_after_closing", message, raw);
        }
    }

    /// Takes the record that ended the file, first checking for a quote that
    /// never closed (csv-core then puts the whole rest of the file in one field).
    fn take_last_record(&mut self, line: u64, rows: &mut RowSink) -> Result<Option<Vec<u8>>> {
        let raw = &self.record.raw;
        let Some(open) = scan_quotes(raw, self.dialect.delimiter, self.dialect.quote).unclosed else {
            self.check_quotes(line, rows);
            rows.take(&self.record.fields(), line, raw)?;
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
                rows.take(&self.record.fields(), line, raw)?;
            } else {
                rows.problem(open_line, "quote.unterminated", format!("{message}; the {swallowed} lines after it were rejected as one row"), &raw[..open]);
                rows.out.rows_in += 1;
                let reason = format!("a quote opened on line {open_line} is never closed");
                let fields = self.record.fields().iter().map(|f| f.to_string()).collect();
                rows.out.rejected.push(RejectedRow { line, reason, fields });
            }
            return Ok(None);
        };
        rows.problem(open_line, "quote.unterminated", format!("{message}; the row ends at that line's end and reading goes on from the next line"), &raw[..cut]);
        let fields = split_record(&raw[lead..cut], self.dialect.delimiter, self.dialect.quote);
        let fields: Vec<&str> = fields.iter().map(String::as_str).collect();
        rows.take(&fields, line, &raw[..cut])?;
        let rest = raw[cut..].to_vec();
        self.parser.reset();
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
}

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
        Reader { options, state: State::Sampling(Vec::new(), decode::PrefixScan::default()), rows, bytes_in: 0 }
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
            State::Csv(csv) => csv.decode_and_parse(chunk, false, &mut self.rows),
            State::Spreadsheet(bytes) => {
                bytes.extend_from_slice(chunk);
                Ok(())
            }
            State::Finished => return Err(Error::Finished),
        };
        if result.is_err() {
            self.state = State::Finished;
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
        csv.decode(head, whole, &mut self.rows)?;
        let o = &self.options;
        let dialect = dialect::sniff(&csv.text, whole, o.delimiter, o.quote, o.has_header);
        csv.dialect = dialect;
        csv.parser = csv_core::ReaderBuilder::new().delimiter(dialect.delimiter).quote(dialect.quote).build();
        self.rows.has_header = dialect.has_header;
        self.rows.out.dialect = dialect;
        let text = std::mem::take(&mut csv.text);
        csv.parse(&text, false, &mut self.rows)?;
        if !tail.is_empty() {
            csv.decode_and_parse(tail, false, &mut self.rows)?;
        }
        self.state = State::Csv(csv);
        Ok(())
    }

    /// Ends the input and returns what was read.
    pub fn finish(mut self) -> Result<ReadOutput> {
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
        let State::Csv(mut csv) = std::mem::replace(&mut self.state, State::Finished) else { return Err(Error::Finished) };
        csv.finish(&mut self.rows)?;
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
        out.encoding = csv.decoder.encoding().name().to_string();
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

    #[test]
    fn ragged_rows_carry_their_raw_text() {
        let out = read("a,b,c\n\"x\",2\n");
        assert_eq!(out.problems[0].raw, "\"x\",2");
    }
}
