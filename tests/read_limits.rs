//! The reader at its limits and on input that is not CSV at all: huge fields,
//! very wide tables, every kind of line ending in one file, empty and binary
//! files, and a large file pushed one byte at a time.

use std::time::{Duration, Instant};

use crm_cleaner::read::{read_bytes, ReadOptions, ReadOutput, Reader, TooManyFields};
use crm_cleaner::Error;

fn fixed() -> ReadOptions {
    ReadOptions { has_header: Some(true), delimiter: Some(b','), quote: Some(b'"'), ..ReadOptions::default() }
}

fn cells(out: &ReadOutput) -> Vec<Vec<String>> {
    let t = &out.table;
    (0..t.rows()).map(|r| (0..t.width()).map(|c| t.cell(r, c).to_string()).collect()).collect()
}

fn lines(out: &ReadOutput) -> Vec<u64> {
    (0..out.table.rows()).map(|r| out.table.source_line(r)).collect()
}

fn read_in_chunks(bytes: &[u8], size: usize, options: ReadOptions) -> crm_cleaner::Result<ReadOutput> {
    let mut reader = Reader::new(options);
    for chunk in bytes.chunks(size) {
        reader.push(chunk)?;
    }
    reader.finish()
}

/// Where two tables first differ, in a few words (a 10,000-column table's Debug is megabytes).
fn table_difference(a: &crm_cleaner::Table, b: &crm_cleaner::Table) -> Option<String> {
    if a == b {
        return None;
    }
    let (ha, hb): (Vec<&str>, Vec<&str>) = (a.headers().collect(), b.headers().collect());
    if ha != hb {
        let at = ha.iter().zip(&hb).position(|(x, y)| x != y).unwrap_or(ha.len().min(hb.len()));
        return Some(format!("{} vs {} columns; headers differ at {at}: {:?} vs {:?}", ha.len(), hb.len(), ha.get(at), hb.get(at)));
    }
    if a.rows() != b.rows() {
        return Some(format!("{} vs {} rows", a.rows(), b.rows()));
    }
    for r in 0..a.rows() {
        if a.source_line(r) != b.source_line(r) {
            return Some(format!("row {r}: source line {} vs {}", a.source_line(r), b.source_line(r)));
        }
        for c in 0..a.width() {
            if a.cell(r, c) != b.cell(r, c) {
                return Some(format!("cell ({r}, {c}): {:?} vs {:?}", a.cell(r, c), b.cell(r, c)));
            }
        }
    }
    Some("tables differ".into())
}

fn assert_same(a: &ReadOutput, b: &ReadOutput) {
    if let Some(difference) = table_difference(&a.table, &b.table) {
        panic!("tables differ: {difference}");
    }
    assert_eq!(a.rejected, b.rejected, "rejected");
    assert_eq!(a.problems, b.problems, "problems");
    assert_eq!(a.header_fixes, b.header_fixes, "header fixes");
    assert_eq!(a.rows_in, b.rows_in, "rows_in");
    assert_eq!(a.encoding, b.encoding, "encoding");
    assert_eq!(a.dialect, b.dialect, "dialect");
}

/// Times are printed (`--nocapture`), never asserted: a debug build on a busy
/// machine is no benchmark. What matters is that nothing grows faster than the input.
fn timed<T>(what: &str, f: impl FnOnce() -> T) -> T {
    let start = Instant::now();
    let value = f();
    let elapsed = start.elapsed();
    eprintln!("{what}: {elapsed:.2?}");
    if elapsed > Duration::from_secs(60) {
        eprintln!("{what}: SLOW ({elapsed:.0?}); look for quadratic behaviour");
    }
    value
}

const BIG: usize = 100_000_000;

fn big_field_file(quoted: bool) -> Vec<u8> {
    let mut bytes = Vec::with_capacity(BIG + 16);
    bytes.extend_from_slice(b"note\n");
    if quoted {
        bytes.push(b'"');
    }
    bytes.resize(bytes.len() + BIG, b'x');
    if quoted {
        bytes.push(b'"');
    }
    bytes.push(b'\n');
    bytes
}

fn assert_big_field(out: &ReadOutput) {
    assert_eq!(out.table.headers().collect::<Vec<_>>(), ["note"]);
    assert_eq!((out.rows_in, out.table.rows()), (1, 1));
    assert!(out.rejected.is_empty() && out.problems.is_empty(), "{:?} {:?}", out.rejected, out.problems);
    let cell = out.table.cell(0, 0);
    assert_eq!(cell.len(), BIG);
    assert!(cell.bytes().all(|b| b == b'x'));
    assert_eq!(out.table.source_line(0), 2);
}

#[test]
fn a_100_mb_unquoted_field_reads_whole() {
    let bytes = big_field_file(false);
    assert_big_field(&timed("100 MB unquoted field, one push", || read_bytes(&bytes, fixed()).unwrap()));
    assert_big_field(&timed("100 MB unquoted field, 64 KiB pushes", || read_in_chunks(&bytes, 1 << 16, fixed()).unwrap()));
}

#[test]
fn a_100_mb_quoted_field_reads_whole() {
    let bytes = big_field_file(true);
    assert_big_field(&timed("100 MB quoted field, one push", || read_bytes(&bytes, fixed()).unwrap()));
    // Default options too: detection and sniffing look at (at most a sample of) it.
    assert_big_field(&timed("100 MB quoted field, detected, 64 KiB pushes", || {
        read_in_chunks(&bytes, 1 << 16, ReadOptions::default()).unwrap()
    }));
}

#[test]
fn ten_thousand_columns() {
    const WIDTH: usize = 10_000;
    // Letters only: a name with three digits ("c100") looks like data to the header sniffer.
    let name = |mut c: usize| {
        let mut name = String::from("col_");
        loop {
            name.push(char::from(b'a' + (c % 26) as u8));
            c /= 26;
            if c == 0 {
                return name;
            }
        }
    };
    let mut text = (0..WIDTH).map(name).collect::<Vec<_>>().join(",");
    text.push('\n');
    for r in 0..3 {
        text.push_str(&(1..=WIDTH).map(|c| format!("r{r}v{c}")).collect::<Vec<_>>().join(","));
        text.push_str("\r\n");
    }
    let out = timed("10,000 columns", || read_bytes(text.as_bytes(), fixed()).unwrap());
    assert_eq!(out.table.width(), WIDTH);
    assert_eq!(out.table.rows(), 3);
    assert!(out.header_fixes.is_empty() && out.problems.is_empty() && out.rejected.is_empty());
    let headers: Vec<&str> = out.table.headers().collect();
    assert_eq!((headers[0], headers[1], headers[WIDTH - 1]), ("col_a", "col_b", "col_puo"));
    assert_eq!(headers.iter().collect::<std::collections::HashSet<_>>().len(), WIDTH);
    for r in 0..3 {
        for c in 0..WIDTH {
            assert_eq!(out.table.cell(r, c), format!("r{r}v{}", c + 1));
        }
    }
    assert_eq!(lines(&out), [2, 3, 4]);
    // Sniffed, it is the same file.
    let sniffed = timed("10,000 columns, sniffed", || read_bytes(text.as_bytes(), ReadOptions::default()).unwrap());
    assert_same(&out, &sniffed);
}

#[test]
fn ten_thousand_columns_of_repeated_and_blank_names_are_made_unique() {
    let mut text = vec!["name"; 5_000];
    text.extend(vec![""; 5_000]);
    let mut file = text.join(",");
    file.push_str("\n1\n");
    let out = timed("10,000 repeated/blank header names", || read_bytes(file.as_bytes(), fixed()).unwrap());
    let headers: Vec<&str> = out.table.headers().collect();
    assert_eq!(headers.len(), 10_000);
    assert_eq!((headers[0], headers[1], headers[4_999], headers[5_000]), ("name", "name_2", "name_5000", "column_5001"));
    let unique: std::collections::HashSet<String> = headers.iter().map(|h| h.to_lowercase()).collect();
    assert_eq!(unique.len(), 10_000);
    assert_eq!(out.header_fixes.len(), 9_999);
}

#[test]
fn ten_thousand_extra_fields_extend_the_table() {
    let mut file = String::from("a\n1\n");
    file.push_str(&(0..10_000).map(|i| i.to_string()).collect::<Vec<_>>().join(","));
    file.push('\n');
    let options = ReadOptions { too_many_fields: TooManyFields::Extend, ..fixed() };
    let out = timed("one row with 10,000 fields, extend", || read_bytes(file.as_bytes(), options).unwrap());
    assert_eq!(out.table.width(), 10_000);
    assert_eq!((out.table.cell(0, 9_999), out.table.cell(1, 9_999)), ("", "9999"));
    assert_eq!(out.rows_in, 2);
}

/// CRLF, LF and lone CR in one file, with blank lines of each kind and line
/// breaks of each kind inside quotes.
const MIXED: &[u8] = b"id,name\r\n1,Ann\n2,Bo\r3,Cy\r\n\r\n4,\"D\r\ne\"\n\r5,Ed\n\n\r\n6,\"F\ry\"\r7,\"G\nz\"\r\n8,Hu";

#[test]
fn mixed_line_endings_give_the_right_rows_and_lines() {
    let out = read_bytes(MIXED, fixed()).unwrap();
    assert_eq!(
        cells(&out),
        [
            ["1", "Ann"],
            ["2", "Bo"],
            ["3", "Cy"],
            ["4", "D\r\ne"],
            ["5", "Ed"],
            ["6", "F\ry"],
            ["7", "G\nz"],
            ["8", "Hu"],
        ]
    );
    // Line 5 is blank (CRLF), line 8 is blank (a CR after an LF), lines 10 and 11 are blank.
    assert_eq!(lines(&out), [2, 3, 4, 6, 9, 12, 14, 16]);
    assert_eq!(out.rows_in, 8);
    assert!(out.problems.is_empty() && out.rejected.is_empty(), "{:?} {:?}", out.problems, out.rejected);
    for size in 1..=5 {
        assert_same(&out, &read_in_chunks(MIXED, size, fixed()).unwrap());
    }
    assert_same(&out, &read_bytes(MIXED, ReadOptions::default()).unwrap());
}

#[test]
fn line_numbers_of_problems_count_every_kind_of_line_break() {
    // A short row on line 3 (after a CR), a long one on line 5 (after CRLF + a quoted LF).
    let out = read_bytes(b"a,b\r1,2\r3\r\n\"x\ny\",4\n5,6,7\r\n8,9", fixed()).unwrap();
    let problem = out.problems.iter().find(|p| p.kind == "row.too_few_fields").expect("short row reported");
    assert_eq!(problem.line, 3);
    assert_eq!(out.rejected.len(), 1);
    assert_eq!(out.rejected[0].line, 6);
    assert_eq!(lines(&out), [2, 3, 4, 7]);
}

fn is_empty_error(result: crm_cleaner::Result<ReadOutput>) -> bool {
    matches!(result, Err(Error::Empty))
}

#[test]
fn a_file_that_is_only_a_bom_or_blank_lines_is_empty() {
    let files: [&[u8]; 8] = [
        b"",
        b"\xEF\xBB\xBF",
        b"\xEF\xBB\xBF\r\n",
        b"\xEF\xBB\xBF\n\n\r\n\r",
        b"\n",
        b"\r\n\r\n\r",
        b"\xFF\xFE", // UTF-16LE BOM
        b"\xFE\xFF", // UTF-16BE BOM
    ];
    for bytes in files {
        for options in [ReadOptions::default(), fixed()] {
            assert!(is_empty_error(read_bytes(bytes, options.clone())), "{bytes:?}: {:?}", read_bytes(bytes, options.clone()).map(|o| cells(&o)));
            let chunked = read_in_chunks(bytes, 1, options.clone());
            assert!(is_empty_error(chunked), "{bytes:?} pushed byte by byte");
            assert_eq!(read_bytes(bytes, options).unwrap_err().to_string(), "the file is empty");
        }
    }
    // A reader that is given nothing at all.
    assert!(is_empty_error(Reader::new(ReadOptions::default()).finish()));
}

/// A 1×1 PNG, whole: signature, IHDR, IDAT, IEND.
const PNG: &[u8] = b"\x89PNG\r\n\x1a\n\
\x00\x00\x00\x0dIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06\x00\x00\x00\x1f\x15\xc4\x89\
\x00\x00\x00\x0aIDAT\x78\x9c\x63\x00\x01\x00\x00\x05\x00\x01\x0d\x0a\x2d\xb4\
\x00\x00\x00\x00IEND\xae\x42\x60\x82";

#[test]
fn binary_files_are_refused() {
    for options in [ReadOptions::default(), fixed()] {
        let err = read_bytes(PNG, options.clone()).unwrap_err();
        assert!(matches!(err, Error::Binary { .. }), "{err:?}");
        assert!(err.to_string().contains("PNG"), "{err}");
        // Byte by byte, the refusal comes at the latest from finish.
        let err = read_in_chunks(PNG, 1, options.clone()).unwrap_err();
        assert!(matches!(err, Error::Binary { .. }), "{err:?}");
        // The signature followed by a lot of image data.
        let mut big = PNG.to_vec();
        big.extend((0..2_000_000u32).map(|i| (i.wrapping_mul(2_654_435_761) >> 24) as u8));
        let err = read_in_chunks(&big, 4096, options.clone()).unwrap_err();
        assert!(matches!(err, Error::Binary { .. }), "{err:?}");
    }
    // Text with NUL bytes: in the first sample, and far into a streamed file.
    let err = read_bytes(b"name,city\nAnn,Pa\0ris\n", fixed()).unwrap_err();
    assert!(matches!(err, Error::Binary { .. }), "{err:?}");
    let mut text = String::from("name,city\n");
    while text.len() < 3_000_000 {
        text.push_str("张伟,北京\n");
    }
    let mut bytes = text.into_bytes();
    bytes.extend_from_slice(b"Ann,\0\n");
    let err = read_in_chunks(&bytes, 1 << 16, fixed()).unwrap_err();
    assert!(matches!(err, Error::Binary { .. }), "{err:?}");
    // Once refused, the reader takes nothing more.
    let mut reader = Reader::new(fixed());
    let mut refused = false;
    for chunk in bytes.chunks(1 << 16) {
        if reader.push(chunk).is_err() {
            refused = true;
            break;
        }
    }
    assert!(refused);
    assert!(reader.push(b"more").is_err());
}

#[test]
fn utf16_text_is_not_taken_for_binary() {
    // UTF-16 has a NUL beside every ASCII character; it is text all the same.
    let text = "name,city\r\nAnn,北京\r\nBo,Paris\r\n".repeat(20);
    let mut le = vec![0xFF, 0xFE];
    let mut bare = Vec::new();
    for unit in text.encode_utf16() {
        le.extend(unit.to_le_bytes());
        bare.extend(unit.to_le_bytes());
    }
    for bytes in [&le, &bare] {
        let out = read_bytes(bytes, ReadOptions::default()).unwrap();
        assert_eq!(out.encoding, "UTF-16LE");
        assert_eq!(out.table.headers().collect::<Vec<_>>(), ["name", "city"]);
        assert_eq!((out.table.cell(0, 1), out.table.rows()), ("北京", 59), "the repeated header lines are data");
    }
}

/// A CRM export of exactly 1,000,000 bytes: Chinese names, quoted commas and
/// line breaks, CRLF, a blank line, short and long rows, a stray quote, and an
/// unterminated quote near the end.
fn crm_file() -> Vec<u8> {
    let mut text = String::from("\u{FEFF}客户名称,联系人,手机,备注\r\n");
    let mut i = 0;
    while text.len() < 999_000 {
        let row = match i % 50 {
            7 => format!("\"公司{i}, 分部\",李娜,1390000{i:04},\"第一行\r\n第二行\"\r\n"),
            13 => format!("短行{i},王芳\r\n"),
            21 => format!("长行{i},a,b,c,d\r\n"),
            29 => "\r\n".to_string(),
            37 => format!("公司{i},\"赵\"\"六\"\"\",1380000{i:04},\"引号\"后面\r\n"),
            _ => format!("北京科技有限公司{i},张伟,1380013{i:04},重要客户\r\n"),
        };
        text.push_str(&row);
        i += 1;
    }
    text.push_str("最后公司,\"未闭合,13800000000,x\r\n后面一行,a,b,c\r\n");
    let mut bytes = text.into_bytes();
    assert!(bytes.len() < 1_000_000);
    bytes.resize(1_000_000 - 2, b'z');
    bytes.extend_from_slice(b"\r\n");
    bytes
}

#[test]
fn a_million_bytes_pushed_one_at_a_time_read_as_one_push() {
    let bytes = crm_file();
    assert_eq!(bytes.len(), 1_000_000);
    let whole = timed("1 MB CRM file, one push", || read_bytes(&bytes, ReadOptions::default()).unwrap());
    assert_eq!(whole.encoding, "UTF-8");
    assert_eq!(whole.table.width(), 4);
    assert!(whole.table.rows() > 10_000);
    assert!(!whole.rejected.is_empty(), "the long rows are rejected");
    assert!(whole.problems.iter().any(|p| p.kind == "quote.unterminated"), "the unclosed quote is reported");
    assert_eq!(whole.rows_in, whole.table.rows() as u64 + whole.rejected.len() as u64);
    let bytewise = timed("1 MB CRM file, 1-byte pushes", || read_in_chunks(&bytes, 1, ReadOptions::default()).unwrap());
    assert_same(&whole, &bytewise);
    for size in [2, 3, 7, 4096, 65_537] {
        assert_same(&whole, &read_in_chunks(&bytes, size, ReadOptions::default()).unwrap());
    }
}

/// The same for a file of plain ASCII, which keeps the reader sampling for its
/// whole first MiB: the sampling scan resumes where it stopped
/// (`decode::PrefixScan`), so 1-byte pushes stay linear.
#[test]
fn a_million_ascii_bytes_pushed_one_at_a_time_read_as_one_push() {
    let mut text = String::from("name,email,phone\n");
    let mut i = 0;
    while text.len() < 999_950 {
        text.push_str(&format!("Ann {i},ann{i}@example.com,+1 555 {i:07}\n"));
        i += 1;
    }
    let mut bytes = text.into_bytes();
    bytes.resize(1_000_000 - 1, b'x');
    bytes.push(b'\n');
    let whole = read_bytes(&bytes, ReadOptions::default()).unwrap();
    let bytewise = timed("1 MB ASCII file, 1-byte pushes", || read_in_chunks(&bytes, 1, ReadOptions::default()).unwrap());
    assert_same(&whole, &bytewise);
}

/// A quote opened on line 2 and never closed swallows the whole rest of the
/// file into one record; recovery cuts it at line 2's end and reads the rest
/// again. That must cost one more pass over the file, not more.
#[test]
fn an_early_unterminated_quote_in_a_big_file_is_recovered_from() {
    const ROWS: usize = 200_000;
    let mut text = String::from("a,b\n1,\"open\n");
    for i in 0..ROWS {
        text.push_str(&format!("{i},row {i}\n"));
    }
    let out = timed("unclosed quote on line 2 of a 200,000-row file", || read_bytes(text.as_bytes(), fixed()).unwrap());
    assert_eq!(out.rows_in as usize, ROWS + 1);
    assert_eq!(out.table.rows(), ROWS + 1);
    assert_eq!((out.table.cell(0, 1), out.table.cell(ROWS, 1)), ("open", "row 199999"));
    assert_eq!(out.table.source_line(ROWS), ROWS as u64 + 2);
    let problem = out.problems.iter().find(|p| p.kind == "quote.unterminated").expect("reported");
    assert_eq!(problem.line, 2);
    let chunked = timed("the same in 64 KiB pushes", || read_in_chunks(text.as_bytes(), 1 << 16, fixed()).unwrap());
    assert_same(&out, &chunked);

    let options = ReadOptions { recover_unterminated_quotes: false, ..fixed() };
    let out = timed("the same without recovery", || read_bytes(text.as_bytes(), options).unwrap());
    assert_eq!((out.rows_in, out.table.rows(), out.rejected.len()), (1, 0, 1));
    assert_eq!(out.rejected[0].line, 2);
}
