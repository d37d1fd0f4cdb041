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

use csv_core::ReadRecordResult;
use encoding_rs::{Decoder, DecoderResult, Encoding, UTF_8};
use serde::Serialize;

use crate::error::{Error, Result};
use crate::table::Table;

/// Size of the scratch buffer that decoded text passes through.
const DECODE_BUFFER: usize = 64 * 1024;

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
}

/// The fields of the record being parsed, kept across chunks.
#[derive(Debug)]
struct RecordBuffer {
    text: Vec<u8>,
    text_len: usize,
    ends: Vec<usize>,
    ends_len: usize,
}

impl RecordBuffer {
    fn new() -> Self {
        RecordBuffer { text: vec![0; 4096], text_len: 0, ends: vec![0; 64], ends_len: 0 }
    }

    fn clear(&mut self) {
        self.text_len = 0;
        self.ends_len = 0;
    }

    /// The fields of the completed record. csv-core only splits at ASCII
    /// bytes, so fields cut from valid UTF-8 are valid UTF-8.
    fn fields(&self) -> impl Iterator<Item = &str> + '_ {
        let mut start = 0;
        self.ends[..self.ends_len].iter().map(move |&end| {
            let field = std::str::from_utf8(&self.text[start..end]).unwrap_or("");
            start = end;
            field
        })
    }
}

/// A push-based CSV reader: `push` chunks, then `finish`.
#[derive(Debug)]
pub struct Reader {
    options: ReadOptions,
    decoder: Decoder,
    encoding: &'static Encoding,
    decoded: Vec<u8>,
    parser: csv_core::Reader,
    record: RecordBuffer,
    lines: LineCounter,
    /// Start line of the record being parsed, once its first byte is seen.
    record_line: Option<u64>,
    bytes_in: u64,
    finished: bool,
    out: ReadOutput,
    /// Set once the header (or the first row, without a header) has been seen.
    started: bool,
}

impl Reader {
    /// A reader that decodes UTF-8 (or UTF-16, when the file starts with its BOM).
    pub fn new(options: ReadOptions) -> Self {
        let parser = csv_core::ReaderBuilder::new().delimiter(options.delimiter).build();
        Reader {
            options,
            decoder: UTF_8.new_decoder(),
            encoding: UTF_8,
            decoded: vec![0; DECODE_BUFFER],
            parser,
            record: RecordBuffer::new(),
            lines: LineCounter::default(),
            record_line: None,
            bytes_in: 0,
            finished: false,
            out: ReadOutput { delimiter: options.delimiter, ..ReadOutput::default() },
            started: false,
        }
    }

    /// Bytes pushed so far.
    pub fn bytes_in(&self) -> u64 {
        self.bytes_in
    }

    /// Data rows read so far.
    pub fn rows_in(&self) -> u64 {
        self.out.rows_in
    }

    /// Feeds the next chunk of the file.
    pub fn push(&mut self, chunk: &[u8]) -> Result<()> {
        if self.finished {
            return Err(Error::Finished);
        }
        if self.bytes_in == 0 {
            refuse_binary_signature(chunk)?;
        }
        self.bytes_in += chunk.len() as u64;
        self.decode(chunk, false)
    }

    /// Ends the input and returns what was read.
    pub fn finish(mut self) -> Result<ReadOutput> {
        if self.finished {
            return Err(Error::Finished);
        }
        self.decode(&[], true)?;
        self.parse(&[], true)?;
        self.finished = true;
        if self.bytes_in == 0 || !self.started {
            return Err(Error::Empty);
        }
        self.out.encoding = self.encoding.name();
        self.out.table.shrink_to_fit();
        Ok(self.out)
    }

    fn decode(&mut self, mut src: &[u8], last: bool) -> Result<()> {
        let mut buffer = std::mem::take(&mut self.decoded);
        let result = loop {
            let (status, read, written) = self.decoder.decode_to_utf8_without_replacement(src, &mut buffer, last);
            src = &src[read..];
            self.encoding = self.decoder.encoding();
            let text = &buffer[..written];
            if text.contains(&0) {
                break Err(Error::Binary { kind: "it contains NUL bytes" });
            }
            if let Err(e) = self.parse(text, false) {
                break Err(e);
            }
            match status {
                DecoderResult::InputEmpty => break Ok(()),
                DecoderResult::OutputFull => continue,
                DecoderResult::Malformed(..) => {
                    break Err(Error::Encoding { encoding: self.encoding.name(), line: self.lines.breaks + 1 })
                }
            }
        };
        self.decoded = buffer;
        result
    }

    /// Splits decoded text into records. `eof` tells csv-core the input ended.
    fn parse(&mut self, mut input: &[u8], eof: bool) -> Result<()> {
        loop {
            if input.is_empty() && !eof {
                return Ok(());
            }
            if self.record_line.is_none() {
                self.note_record_start(input);
            }
            let record = &mut self.record;
            let (status, read, written, ends) = self.parser.read_record(
                input,
                &mut record.text[record.text_len..],
                &mut record.ends[record.ends_len..],
            );
            self.lines.count(&input[..read]);
            input = &input[read..];
            record.text_len += written;
            record.ends_len += ends;
            match status {
                ReadRecordResult::InputEmpty => {}
                ReadRecordResult::OutputFull => grow(&mut record.text),
                ReadRecordResult::OutputEndsFull => grow(&mut record.ends),
                ReadRecordResult::Record => {
                    let line = self.record_line.take().unwrap_or(self.lines.breaks + 1);
                    self.take_record(line)?;
                    self.record.clear();
                }
                ReadRecordResult::End => return Ok(()),
            }
        }
    }

    /// Records the line of the next record: the line after the line breaks
    /// (blank lines) that csv-core will skip before it.
    fn note_record_start(&mut self, input: &[u8]) {
        let blank = input.iter().take_while(|&&b| b == b'\n' || b == b'\r').count();
        if blank < input.len() {
            let mut ahead = self.lines;
            ahead.count(&input[..blank]);
            self.record_line = Some(ahead.breaks + 1);
        }
    }

    fn take_record(&mut self, line: u64) -> Result<()> {
        if !self.started {
            self.started = true;
            let names: Vec<&str> = self.record.fields().collect();
            if self.options.has_header {
                let (names, fixes) = unique_headers(&names);
                self.out.table = Table::new(names);
                self.out.header_fixes = fixes;
                return Ok(());
            }
            self.out.table = Table::new((1..=names.len()).map(|i| format!("column_{i}")));
        }
        self.take_data_row(line)
    }

    fn take_data_row(&mut self, line: u64) -> Result<()> {
        self.out.rows_in += 1;
        let width = self.out.table.width();
        let fields: Vec<&str> = self.record.fields().collect();
        let significant = fields.iter().rposition(|f| !f.is_empty()).map_or(0, |i| i + 1);
        if significant > width {
            self.out.rejected.push(RejectedRow {
                line,
                reason: format!("row has {} fields, the header has {width}", fields.len()),
                fields: fields.iter().map(|f| f.to_string()).collect(),
            });
            return Ok(());
        }
        if fields.len() < width {
            self.out.problems.push(Problem {
                line,
                kind: "row.too_few_fields",
                message: format!("row has {} fields, the header has {width}; padded with empty cells", fields.len()),
            });
        }
        self.out.table.push_row(fields.into_iter().take(width), line)
    }
}

/// Doubles a parse buffer that csv-core filled.
fn grow<T: Default + Clone>(buffer: &mut Vec<T>) {
    let len = buffer.len().max(1);
    buffer.resize(len * 2, T::default());
}

/// Refuses files whose first bytes are the signature of a well-known binary format.
fn refuse_binary_signature(head: &[u8]) -> Result<()> {
    const SIGNATURES: [(&[u8], &str); 7] = [
        (b"\x89PNG", "a PNG image"),
        (b"\xFF\xD8\xFF", "a JPEG image"),
        (b"GIF8", "a GIF image"),
        (b"%PDF", "a PDF document"),
        (b"PK\x03\x04", "a ZIP archive, such as an XLSX workbook"),
        (b"\xD0\xCF\x11\xE0", "an old Office document, such as an XLS workbook"),
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
    for (index, before) in raw.iter().enumerate() {
        let trimmed = before.trim();
        let base = if trimmed.is_empty() { format!("column_{}", index + 1) } else { trimmed.to_string() };
        let mut name = base.clone();
        let mut n = 2;
        while !taken.insert(name.to_lowercase()) {
            name = format!("{base}_{n}");
            n += 1;
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
        assert_eq!(err(b"a,b\n1,2\n3,\xFF\n"), "line 3: the text is not valid UTF-8");
    }

    #[test]
    fn header_only_file_has_no_rows() {
        let out = read("a,b\n");
        assert_eq!(out.rows_in, 0);
        assert_eq!(out.table.width(), 2);
    }

    #[test]
    fn without_header_every_record_is_data() {
        let out = read_bytes(b"1,2\n3,4\n", ReadOptions { has_header: false, ..ReadOptions::default() }).unwrap();
        assert_eq!(out.table.headers().collect::<Vec<_>>(), ["column_1", "column_2"]);
        assert_eq!(out.rows_in, 2);
        assert_eq!(out.table.source_line(0), 1);
    }
}
