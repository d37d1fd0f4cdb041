//! Reading one file in two halves at once, in two workers (the page's
//! two-worker clean, `www/worker.js`): the main worker reads from the start
//! to a line break near the middle, a helper reads from there to the end,
//! and each sends the other what it read, so that both hold the table one
//! read of the whole file makes, having parsed only half of it.
//!
//! The split is a guess until the main worker gets there: a line break can
//! lie inside a quoted field. At that byte the main worker's reader tells
//! whether a record ended there ([`Reader::at_record_start`]); if not, or if
//! anything about the helper's half does not fit, each worker reads the
//! rest itself. Joined halves give exactly what one read gives (the tests
//! compare them at many line breaks of messy files), so a split costs time
//! when it fails, never a different result.
//!
//! A half that found a quote problem is not joined: its messages name lines
//! counted from the half's start ("a quote opened on line 3"), which only
//! the main worker could count on from. Such files are read whole.

use std::collections::HashMap;

use encoding_rs::Encoding;

use super::{decode, CsvParser, Dialect, HeaderFix, Problem, Reader, RejectedRow, RowSink, State, TooManyFields};
use super::{is_line_break, ReadOptions, MAX_PROBLEMS_PER_KIND};
use crate::codec::{Decoder, Encoder, Input, Sink};
use crate::error::{Error, Result};
use crate::table::Table;

/// The first word of an encoded half, so that bytes of another kind are refused.
const MAGIC: u32 = 0x4841_4C46; // "HALF"

/// Every kind of problem the reader reports (`Problem::kind` is static, and
/// a half carries kinds as text).
const PROBLEM_KINDS: [&str; 5] =
    ["row.too_many_fields", "row.too_few_fields", "encoding.malformed", "quote.text_after_closing", "quote.unterminated"];

/// What a reader that starts at a record in the middle of a file needs to
/// know: what the start of the file told the reader that read it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ResumePoint {
    encoding: &'static Encoding,
    dialect: Dialect,
    headers: Vec<String>,
}

impl ResumePoint {
    /// How the file is laid out.
    pub fn dialect(&self) -> Dialect {
        self.dialect
    }
}

/// What a half holds besides its table, in file order.
#[derive(Debug, Default)]
struct Rest {
    rejected: Vec<RejectedRow>,
    problems: Vec<Problem>,
    /// Problems by kind, listed or not (a kind lists its first `MAX_PROBLEMS_PER_KIND`).
    counts: HashMap<&'static str, usize>,
    rows_in: u64,
    header_fixes: Vec<HeaderFix>,
}

impl Rest {
    /// A copy of what `rows` holds besides its table.
    fn copy_of(rows: &RowSink) -> Rest {
        Rest {
            rejected: rows.out.rejected.clone(),
            problems: rows.out.problems.clone(),
            counts: rows.problem_counts.clone(),
            rows_in: rows.out.rows_in,
            header_fixes: rows.out.header_fixes.clone(),
        }
    }

    fn take(rows: &mut RowSink) -> Rest {
        Rest {
            rejected: std::mem::take(&mut rows.out.rejected),
            problems: std::mem::take(&mut rows.out.problems),
            counts: std::mem::take(&mut rows.problem_counts),
            rows_in: rows.out.rows_in,
            header_fixes: std::mem::take(&mut rows.out.header_fixes),
        }
    }

    fn put(self, rows: &mut RowSink) {
        rows.out.rejected = self.rejected;
        rows.out.problems = self.problems;
        rows.problem_counts = self.counts;
        rows.out.rows_in = self.rows_in;
        rows.out.header_fixes = self.header_fixes;
    }

    /// This half followed by `tail`, whose lines start `offset` lines down:
    /// each kind lists its first problems over both, as one read would.
    fn then(mut self, tail: Rest, offset: u64) -> Rest {
        let mut listed: HashMap<&'static str, usize> =
            self.counts.iter().map(|(&kind, &n)| (kind, n.min(MAX_PROBLEMS_PER_KIND))).collect();
        for mut problem in tail.problems {
            let listed = listed.entry(problem.kind).or_insert(0);
            if *listed < MAX_PROBLEMS_PER_KIND {
                *listed += 1;
                problem.line += offset;
                self.problems.push(problem);
            }
        }
        for (kind, n) in tail.counts {
            *self.counts.entry(kind).or_insert(0) += n;
        }
        self.rejected.extend(tail.rejected.into_iter().map(|row| RejectedRow { line: row.line + offset, ..row }));
        self.rows_in += tail.rows_in;
        self.header_fixes.extend(tail.header_fixes);
        self
    }

    /// Whether the half found a problem whose message names a line.
    fn names_lines(&self) -> bool {
        names_lines(&self.counts)
    }

    fn encode<S: Sink>(&self, out: &mut Encoder<S>) {
        out.u64(self.rows_in);
        out.len(self.rejected.len());
        for row in &self.rejected {
            out.u64(row.line);
            out.bytes(row.reason.as_bytes());
            out.len(row.fields.len());
            row.fields.iter().for_each(|field| out.bytes(field.as_bytes()));
        }
        out.len(self.problems.len());
        for problem in &self.problems {
            out.u64(problem.line);
            out.bytes(problem.kind.as_bytes());
            out.bytes(problem.message.as_bytes());
            out.bytes(problem.raw.as_bytes());
        }
        let mut counts: Vec<_> = self.counts.iter().collect();
        counts.sort();
        out.len(counts.len());
        for (kind, &n) in counts {
            out.bytes(kind.as_bytes());
            out.len(n);
        }
        out.len(self.header_fixes.len());
        for fix in &self.header_fixes {
            out.len(fix.column);
            out.bytes(fix.before.as_bytes());
            out.bytes(fix.after.as_bytes());
        }
    }

    fn decode<I: Input>(input: &mut I) -> Result<Rest> {
        let rows_in = input.u64()?;
        let mut rest = Rest { rows_in, ..Rest::default() };
        for _ in 0..input.count(1)? {
            let line = input.u64()?;
            let reason = input.text()?;
            let fields = (0..input.count(1)?).map(|_| input.text()).collect::<Result<_>>()?;
            rest.rejected.push(RejectedRow { line, reason, fields });
        }
        for _ in 0..input.count(1)? {
            let line = input.u64()?;
            let kind = problem_kind(&input.text()?)?;
            let (message, raw) = (input.text()?, input.text()?);
            rest.problems.push(Problem { line, kind, message, raw });
        }
        for _ in 0..input.count(1)? {
            let kind = problem_kind(&input.text()?)?;
            rest.counts.insert(kind, input.count(0)?);
        }
        for _ in 0..input.count(1)? {
            let column = input.count(0)?;
            let (before, after) = (input.text()?, input.text()?);
            rest.header_fixes.push(HeaderFix { column, before, after });
        }
        Ok(rest)
    }
}

/// Whether problems of these kinds (by count) include one whose message
/// names a line: the quote problems ("a quote opened on line 3").
fn names_lines(counts: &HashMap<&'static str, usize>) -> bool {
    counts.iter().any(|(kind, &n)| n > 0 && kind.starts_with("quote."))
}

fn problem_kind(text: &str) -> Result<&'static str> {
    PROBLEM_KINDS.into_iter().find(|&kind| kind == text).ok_or_else(|| refused("a problem of an unknown kind"))
}

fn refused(why: &str) -> Error {
    Error::Half(why.to_string())
}

/// A half as bytes: what it was read as, then its rows.
fn encode_half<S: Sink>(out: &mut Encoder<S>, point: &ResumePoint, bytes_in: u64, breaks: u64, rest: &Rest, table: &Table) {
    out.u32(MAGIC);
    out.bytes(point.encoding.name().as_bytes());
    out.u32(u32::from(point.dialect.delimiter));
    out.u32(u32::from(point.dialect.quote));
    out.u32(u32::from(point.dialect.has_header));
    out.u64(bytes_in);
    out.u64(breaks);
    rest.encode(out);
    table.encode(out);
}

/// The start of [`encode_half`]'s bytes, checked against this reader's
/// point: `(bytes_in, breaks, rest)`; the table comes next in `input`.
fn decode_half_head<I: Input>(input: &mut I, point: &ResumePoint) -> Result<(u64, u64, Rest)> {
    if input.u32()? != MAGIC {
        return Err(refused("these bytes are not a half of a file"));
    }
    let encoding = input.text()?;
    let dialect = (input.u32()?, input.u32()?, input.u32()?);
    let ours = (u32::from(point.dialect.delimiter), u32::from(point.dialect.quote), u32::from(point.dialect.has_header));
    if encoding != point.encoding.name() || dialect != ours {
        return Err(refused("it was read with another encoding or layout"));
    }
    let (bytes_in, breaks) = (input.u64()?, input.u64()?);
    Ok((bytes_in, breaks, Rest::decode(input)?))
}

/// Bytes enough for a half of `table` and a little more, so that encoding
/// it into a `Vec` does not grow it.
fn half_size(table: &Table) -> usize {
    table.columns().iter().map(|c| c.text_len() + 4 * c.len() + 64).sum::<usize>() + 8 * table.rows() + 4096
}

/// Where the second half of a file should start: `window` is the file's
/// bytes from about its middle on, and the answer is the offset in it just
/// after the first line break (from the first `\n` on) that ends a record,
/// or `None` when the window has no `\n`.
///
/// A line break may lie inside a quoted field, and which it is depends on
/// every quote before it. So the first `\n` is read both ways, as a
/// record's end and as a character of a quoted field, and each reading goes
/// on until it meets what a well-formed file never has in that state: a
/// quote inside an unquoted field, or a quote closing a field with more text
/// after it. The reading that meets it first was wrong. (This is the
/// speculation of parallel CSV parsers, after Ge et al., "Speculative
/// distributed CSV data parsing for big data analytics", SIGMOD 2019.) When
/// neither does, the `\n` is taken as a record's end. The main worker's
/// reader checks the answer anyway ([`Reader::at_record_start`]).
pub fn second_half_start(window: &[u8], dialect: Dialect) -> Option<usize> {
    let first = window.iter().position(|&b| b == b'\n')? + 1;
    let (mut as_end, mut as_text) = (Scan::new(Lex::FieldStart), Scan::new(Lex::Quoted));
    let mut end_wrong = false;
    for (offset, &byte) in window.iter().enumerate().skip(first) {
        if !as_text.step(byte, offset, dialect) {
            break; // the `\n` is a record's end (or the file has stray quotes)
        }
        end_wrong = end_wrong || !as_end.step(byte, offset, dialect);
        if end_wrong {
            if let Some(end) = as_text.first_end {
                return Some(end + 1);
            }
        }
    }
    Some(first)
}

/// Where a reading of CSV bytes stands, for [`second_half_start`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Lex {
    /// At the start of a field (after a delimiter or a record's end).
    FieldStart,
    /// In a field without quotes.
    Unquoted,
    /// In a quoted field.
    Quoted,
    /// Just after a quote in a quoted field: it closed the field, or it is the
    /// first of two that stand for one.
    QuoteInQuoted,
}

/// One reading of the window: its state, and the offset of the first `\n`
/// that ends a record in it.
#[derive(Debug)]
struct Scan {
    lex: Lex,
    first_end: Option<usize>,
}

impl Scan {
    fn new(lex: Lex) -> Scan {
        Scan { lex, first_end: None }
    }

    /// Reads `byte` at `offset`; false when it cannot stand where it is.
    fn step(&mut self, byte: u8, offset: usize, dialect: Dialect) -> bool {
        let (delimiter, quote) = (dialect.delimiter, dialect.quote);
        self.lex = match self.lex {
            Lex::FieldStart | Lex::Unquoted | Lex::QuoteInQuoted if byte == b'\n' || byte == b'\r' => {
                if byte == b'\n' && self.first_end.is_none() {
                    self.first_end = Some(offset);
                }
                Lex::FieldStart
            }
            Lex::FieldStart | Lex::Unquoted | Lex::QuoteInQuoted if byte == delimiter => Lex::FieldStart,
            Lex::FieldStart if byte == quote => Lex::Quoted,
            // A quote inside an unquoted field.
            Lex::FieldStart | Lex::Unquoted if byte == quote => return false,
            Lex::FieldStart | Lex::Unquoted => Lex::Unquoted,
            Lex::Quoted if byte == quote => Lex::QuoteInQuoted,
            Lex::Quoted => Lex::Quoted,
            Lex::QuoteInQuoted if byte == quote => Lex::Quoted,
            // Text after the quote that closed the field.
            Lex::QuoteInQuoted => return false,
        };
        true
    }
}

impl Reader {
    /// What a reader of a later part of the same file needs
    /// ([`Reader::resume`]), once the first bytes have decided the encoding,
    /// the layout and the header. `None` before that, for spreadsheets,
    /// for encodings in which a `\n` byte can be part of a character
    /// (UTF-16), and when rows with too many fields add columns (each half
    /// would add its own).
    pub fn resume_point(&self) -> Option<ResumePoint> {
        let State::Csv(csv) = &self.state else { return None };
        let encoding = csv.decoder.encoding();
        let splits = self.rows.started
            && !self.resumed
            && encoding.is_ascii_compatible()
            && self.options.too_many_fields == TooManyFields::Reject;
        let headers = || self.rows.out.table.headers().map(str::to_string).collect();
        splits.then(|| ResumePoint { encoding, dialect: csv.dialect, headers: headers() })
    }

    /// A reader for the bytes of a file from the start of a record on,
    /// read as `point` says; its rows are joined to those before them with
    /// [`Reader::encode_tail`] and [`Reader::join_head`], and it refuses to
    /// `finish` before that.
    pub fn resume(options: ReadOptions, point: ResumePoint) -> Reader {
        let mut reader = Reader::new(options);
        let mut csv = Box::new(CsvParser::new(decode::TextDecoder::mid_file(point.encoding), point.dialect));
        // csv-core drops a UTF-8 BOM from the first bytes it reads, which here
        // would be a character in the middle of the file: it has now read.
        let _ = csv.parser.read_record(&[], &mut [], &mut []);
        csv.primed = true;
        if point.encoding == encoding_rs::UTF_8 {
            // Valid UTF-8 is parsed where it lies, as after the first bytes of a whole read.
            csv.utf8_carry = Some(Vec::new());
        }
        reader.rows.started = true;
        reader.rows.has_header = point.dialect.has_header;
        reader.rows.out.dialect = point.dialect;
        reader.rows.out.table = Table::new(point.headers);
        reader.state = State::Csv(csv);
        reader.resumed = true;
        reader
    }

    /// Whether the bytes pushed so far end where a record ends (and no
    /// part of the next one is held): where a resumed reader can take over.
    pub fn at_record_start(&self) -> bool {
        let State::Csv(csv) = &self.state else { return false };
        // Line breaks after the last record (the `\n` of its `\r\n`, blank
        // lines) may wait in `raw` to lead the next; they never show in it.
        let (record, raw) = (&csv.record, &csv.record.raw);
        self.rows.started
            && csv.record_line.is_none()
            && record.text_len == 0
            && record.ends_len == 0
            && raw.iter().all(is_line_break)
            && !csv.lines.after_cr
            && csv.utf8_carry.as_ref().is_none_or(Vec::is_empty)
    }

    /// The rows read so far, as bytes for [`Reader::join_head`] in the
    /// reader of the rest of the file; only where a record ends
    /// ([`Reader::at_record_start`]). This reader reads on as before.
    pub fn encode_head(&self) -> Result<Vec<u8>> {
        let mut out = Encoder::with_capacity(half_size(&self.rows.out.table));
        self.encode_head_into(&mut out)?;
        Ok(out.finish())
    }

    /// [`Reader::encode_head`] into any sink (the browser binding writes a
    /// `Uint8Array` in place).
    pub fn encode_head_into<S: Sink>(&self, out: &mut Encoder<S>) -> Result<()> {
        let (Some(point), State::Csv(csv)) = (self.resume_point(), &self.state) else {
            return Err(refused("this reader cannot be split"));
        };
        if !self.at_record_start() {
            return Err(refused("the bytes read so far do not end a record"));
        }
        let rest = Rest::copy_of(&self.rows);
        encode_half(out, &point, self.bytes_in, csv.lines.breaks, &rest, &self.rows.out.table);
        Ok(())
    }

    /// For a [`Reader::resume`]d reader: ends the input, and returns its
    /// rows as bytes for [`Reader::join_tail`] in the reader of the file's
    /// start. Fails if the half cannot be joined (a quote problem names
    /// lines counted from its start); this reader can still
    /// [`Reader::join_head`].
    pub fn encode_tail(&mut self) -> Result<Vec<u8>> {
        self.end_tail()?;
        let mut out = Encoder::with_capacity(half_size(&self.rows.out.table));
        self.encode_tail_into(&mut out)?;
        Ok(out.finish())
    }

    /// The first step of [`Reader::encode_tail`]: ends the input and fails
    /// if the half cannot be joined.
    pub fn end_tail(&mut self) -> Result<()> {
        if !self.resumed {
            return Err(refused("only a reader that began mid-file reads a tail"));
        }
        let point = self.resumed_point()?;
        if let State::Csv(csv) = &mut self.state {
            let ended = csv.finish(&mut self.rows);
            self.state = if ended.is_ok() { State::Ended(point.encoding) } else { State::Finished };
            ended?;
        }
        if names_lines(&self.rows.problem_counts) {
            return Err(refused("a quote problem in it names lines from its start"));
        }
        Ok(())
    }

    /// The second step of [`Reader::encode_tail`], into any sink.
    pub fn encode_tail_into<S: Sink>(&self, out: &mut Encoder<S>) -> Result<()> {
        if !self.resumed || !matches!(self.state, State::Ended(_)) {
            return Err(refused("the tail has not been read to its end"));
        }
        let (point, rest) = (self.resumed_point()?, Rest::copy_of(&self.rows));
        if rest.names_lines() {
            return Err(refused("a quote problem in it names lines from its start"));
        }
        encode_half(out, &point, self.bytes_in, 0, &rest, &self.rows.out.table);
        Ok(())
    }

    /// For the reader of the file's start, at a record's end: appends the
    /// rows of the rest of the file ([`Reader::encode_tail`]'s bytes), which
    /// ends the input. On an error nothing has changed, and the rest of the
    /// file can be pushed here instead.
    pub fn join_tail(&mut self, bytes: &[u8]) -> Result<()> {
        self.join_tail_from(&mut Decoder::new(bytes))
    }

    /// [`Reader::join_tail`] from any input (the browser binding reads a
    /// `Uint8Array` in place).
    pub fn join_tail_from<I: Input>(&mut self, input: &mut I) -> Result<()> {
        let (Some(point), State::Csv(csv)) = (self.resume_point(), &self.state) else {
            return Err(refused("this reader cannot be split"));
        };
        if !self.at_record_start() {
            return Err(refused("the bytes read so far do not end a record"));
        }
        let offset = csv.lines.breaks;
        let (bytes_in, _, tail) = decode_half_head(input, &point)?;
        if tail.names_lines() || !tail.header_fixes.is_empty() {
            return Err(refused("a quote problem in it names lines from its start"));
        }
        let table = &mut self.rows.out.table;
        let rows = table.rows();
        table.append_encoded(input, offset)?;
        if let Err(e) = input.check_end() {
            table.truncate_rows(rows);
            return Err(e);
        }
        let head = Rest::take(&mut self.rows);
        head.then(tail, offset).put(&mut self.rows);
        self.bytes_in += bytes_in;
        self.state = State::Ended(point.encoding);
        Ok(())
    }

    /// For a [`Reader::resume`]d reader whose input has ended
    /// ([`Reader::encode_tail`]): puts the rows before its start
    /// ([`Reader::encode_head`]'s bytes) before its own, in place where its
    /// table has room (a size hint of the whole file's size reserves it), so
    /// the joined table is not a second copy; it then finishes as a reader of
    /// the whole file. On an error the reader is spent (it refuses to
    /// finish): read the file whole with another.
    pub fn join_head(&mut self, bytes: &[u8]) -> Result<()> {
        self.join_head_from(&mut Decoder::new(bytes))
    }

    /// [`Reader::join_head`] from any input.
    pub fn join_head_from<I: Input>(&mut self, input: &mut I) -> Result<()> {
        if !self.resumed || !matches!(self.state, State::Ended(_)) {
            return Err(refused("only a reader that read a tail to its end takes a head"));
        }
        let point = self.resumed_point()?;
        let (bytes_in, offset, head) = decode_half_head(input, &point)?;
        let prepended = self.rows.out.table.prepend_encoded(input, offset).and_then(|()| input.check_end());
        if let Err(e) = prepended {
            self.state = State::Finished;
            return Err(e);
        }
        let tail = Rest::take(&mut self.rows);
        head.then(tail, offset).put(&mut self.rows);
        self.bytes_in += bytes_in;
        self.resumed = false;
        Ok(())
    }

    /// The point a resumed reader was made from.
    fn resumed_point(&self) -> Result<ResumePoint> {
        let encoding = match &self.state {
            State::Csv(csv) => csv.decoder.encoding(),
            State::Ended(encoding) => encoding,
            _ => return Err(Error::Finished),
        };
        let headers = self.rows.out.table.headers().map(str::to_string).collect();
        Ok(ResumePoint { encoding, dialect: self.rows.out.dialect, headers })
    }
}

#[cfg(test)]
mod tests;
