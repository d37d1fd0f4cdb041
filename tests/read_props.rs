//! Property tests for the reader.
//!
//! (a) Any bytes at all: reading never panics, every data record is accounted
//!     for (`rows_in == rows + rejected`), and pushing the same bytes in chunks
//!     of any sizes gives exactly the one-shot result.
//! (b) Any well-formed table: writing it with `table_to_vec` and reading it
//!     back gives exactly the same headers and cells.
//!
//! Case counts are kept small so the file runs in seconds in a debug build;
//! `PROPTEST_CASES=5000 cargo test --release --test read_props` digs deeper.

use crm_cleaner::profile::{Bom, LineEnding, OutputOptions};
use crm_cleaner::read::{read_bytes, Problem, ReadOptions, ReadOutput, Reader};
use crm_cleaner::table::Table;
use crm_cleaner::write::table_to_vec;
use proptest::prelude::*;

/// `cases` cases, or `PROPTEST_CASES` when set; failures are not persisted to files.
fn config(cases: u32) -> ProptestConfig {
    let cases = std::env::var("PROPTEST_CASES").ok().and_then(|n| n.parse().ok()).unwrap_or(cases);
    ProptestConfig { cases, failure_persistence: None, ..ProptestConfig::default() }
}

/// Bytes that matter to a CSV reader, weighted so that quotes, delimiters and
/// line breaks are common, with NULs rare (any NUL makes the whole file an error).
fn csv_byte() -> impl Strategy<Value = u8> {
    prop_oneof![
        6 => Just(b'"'),
        6 => Just(b','),
        4 => Just(b'\n'),
        3 => Just(b'\r'),
        1 => Just(b';'),
        1 => Just(b'\t'),
        1 => Just(b'|'),
        1 => Just(b'\''),
        1 => Just(b' '),
        8 => b'a'..=b'e',
        2 => b'0'..=b'9',
        // Lead and continuation bytes: pieces of UTF-8, GBK, Latin-1 or nothing valid.
        3 => 0x80u8..=0xFF,
        1 => Just(0xEF), // start of a UTF-8 BOM
        1 => Just(0xBB),
        1 => Just(0xBF),
        1 => Just(0xFF), // UTF-16 BOM halves
        1 => Just(0xFE),
        1 => any::<u8>(),
    ]
}

/// Bytes shaped like CSV (mostly) or completely arbitrary (sometimes), up to a few KB.
fn input_bytes() -> impl Strategy<Value = Vec<u8>> {
    prop_oneof![
        6 => prop::collection::vec(csv_byte(), 0..3000),
        2 => prop::collection::vec(any::<u8>(), 0..3000),
        // Whole words of multibyte text with CSV punctuation, so that decoding succeeds
        // and the parser, not the decoder, is what gets exercised.
        2 => prop::collection::vec(
            prop_oneof![
                Just("\"".to_string()), Just(",".to_string()), Just("\n".to_string()), Just("\r\n".to_string()),
                Just("\r".to_string()), Just("张伟".to_string()), Just("é".to_string()), Just("x".to_string()),
                Just("\"\"".to_string()), Just(" ".to_string()), Just("\u{FEFF}".to_string()),
            ],
            0..800,
        )
        .prop_map(|parts| parts.concat().into_bytes()),
    ]
}

/// Header true, comma, double quote: nothing for sniffing to change.
fn fixed() -> ReadOptions {
    ReadOptions { has_header: Some(true), delimiter: Some(b','), quote: Some(b'"'), ..ReadOptions::default() }
}

/// Everything a caller can see of a read, for comparing two reads.
fn outcome(result: crm_cleaner::Result<ReadOutput>) -> Result<ReadOutput, String> {
    result.map_err(|e| format!("{e:?}"))
}

fn assert_accounted(out: &ReadOutput) {
    assert_eq!(
        out.rows_in,
        out.table.rows() as u64 + out.rejected.len() as u64,
        "rows_in must be rows + rejected (rejected: {:?})",
        out.rejected
    );
    let t = &out.table;
    for r in 1..t.rows() {
        assert!(t.source_line(r) > t.source_line(r - 1), "source lines must increase: row {r}");
    }
    if t.rows() > 0 {
        assert!(t.source_line(0) >= 1);
    }
}

fn assert_same(one_shot: &Result<ReadOutput, String>, chunked: &Result<ReadOutput, String>, what: &str) {
    match (one_shot, chunked) {
        (Ok(a), Ok(b)) => {
            assert_eq!(a.table, b.table, "{what}: table");
            assert_eq!(a.rejected, b.rejected, "{what}: rejected");
            // The same problems in the same order.
            if a.problems != b.problems {
                let (a_sorted, b_sorted) = (sorted(&a.problems), sorted(&b.problems));
                let only = |x: &[&Problem], y: &[&Problem]| {
                    let mut y = y.to_vec();
                    x.iter()
                        .filter(|p| match y.iter().position(|q| q == *p) {
                            Some(i) => {
                                y.remove(i);
                                false
                            }
                            None => true,
                        })
                        .take(5)
                        .map(|p| format!("line {} {}: {}", p.line, p.kind, p.message))
                        .collect::<Vec<_>>()
                };
                let first = a.problems.iter().zip(&b.problems).position(|(p, q)| p != q);
                panic!(
                    "{what}: problems differ ({} one shot, {} chunked; first difference at {first:?})\n  only one shot: {:?}\n  only chunked: {:?}",
                    a.problems.len(),
                    b.problems.len(),
                    only(&a_sorted, &b_sorted),
                    only(&b_sorted, &a_sorted)
                );
            }
            assert_eq!(a.header_fixes, b.header_fixes, "{what}: header fixes");
            assert_eq!(a.rows_in, b.rows_in, "{what}: rows_in");
            assert_eq!(a.encoding, b.encoding, "{what}: encoding");
            assert_eq!(a.dialect, b.dialect, "{what}: dialect");
        }
        (Err(a), Err(b)) => assert_eq!(a, b, "{what}: error"),
        (a, b) => panic!("{what}: one shot {:?} but chunked {:?}", a.as_ref().err(), b.as_ref().err()),
    }
}

/// Problems in a canonical order: by line, then kind, message and raw text.
fn sorted(problems: &[Problem]) -> Vec<&Problem> {
    let mut sorted: Vec<&Problem> = problems.iter().collect();
    sorted.sort_by(|a, b| (a.line, a.kind, &a.message, &a.raw).cmp(&(b.line, b.kind, &b.message, &b.raw)));
    sorted
}

/// Pushes `bytes` in chunks whose sizes cycle through `sizes`.
fn read_chunked(bytes: &[u8], sizes: &[usize], options: ReadOptions) -> crm_cleaner::Result<ReadOutput> {
    let mut reader = Reader::new(options);
    let (mut at, mut i) = (0, 0);
    while at < bytes.len() {
        let size = sizes[i % sizes.len()].min(bytes.len() - at);
        reader.push(&bytes[at..at + size])?;
        at += size;
        i += 1;
    }
    reader.finish()
}

/// A well-formed UTF-8 start, long and non-ASCII enough that the reader stops
/// sampling and streams the rest, so that the bytes after it go through the
/// streaming parser in the chunks they were pushed in.
fn streaming_prefix() -> Vec<u8> {
    let mut text = String::from("a,b,c\n");
    while text.len() < 80_000 {
        text.push_str("é,ü,张伟\n");
    }
    text.into_bytes()
}

/// Options for the prefixed input: everything fixed, since detection and
/// sniffing rightly depend on how much of the file the first sample holds.
fn streaming_options() -> ReadOptions {
    ReadOptions { encoding: Some(encoding_rs::UTF_8), ..fixed() }
}

proptest! {
    #![proptest_config(config(192))]

    #[test]
    fn any_bytes_read_without_panic_and_every_row_is_accounted_for(
        bytes in input_bytes(),
        sizes in prop::collection::vec(1usize..40, 1..8),
    ) {
        for (name, options) in [("default", ReadOptions::default()), ("fixed", fixed())] {
            let one_shot = outcome(read_bytes(&bytes, options.clone()));
            if let Ok(out) = &one_shot {
                assert_accounted(out);
            }
            let chunked = outcome(read_chunked(&bytes, &sizes, options.clone()));
            assert_same(&one_shot, &chunked, name);
        }
        // Without recovery the swallowed text is rejected whole; still accounted for.
        let options = ReadOptions { recover_unterminated_quotes: false, ..fixed() };
        let one_shot = outcome(read_bytes(&bytes, options.clone()));
        if let Ok(out) = &one_shot {
            assert_accounted(out);
        }
        assert_same(&one_shot, &outcome(read_chunked(&bytes, &sizes, options)), "no recovery");
    }
}

proptest! {
    #![proptest_config(config(48))]

    #[test]
    fn any_bytes_after_a_streaming_start_read_the_same_in_any_chunks(
        tail in input_bytes(),
        sizes in prop::collection::vec(1usize..300, 1..8),
        recover in any::<bool>(),
    ) {
        let mut bytes = streaming_prefix();
        let prefix_len = bytes.len();
        bytes.extend_from_slice(&tail);
        let options = ReadOptions { recover_unterminated_quotes: recover, ..streaming_options() };
        let one_shot = outcome(read_bytes(&bytes, options.clone()));
        if let Ok(out) = &one_shot {
            assert_accounted(out);
        }
        // The prefix in one push (sampling ends there), then the tail in small chunks.
        let mut reader = Reader::new(options);
        let chunked = (|| {
            reader.push(&bytes[..prefix_len - 7])?;
            let rest = &bytes[prefix_len - 7..];
            let (mut at, mut i) = (0, 0);
            while at < rest.len() {
                let size = sizes[i % sizes.len()].min(rest.len() - at);
                reader.push(&rest[at..at + size])?;
                at += size;
                i += 1;
            }
            reader.finish()
        })();
        assert_same(&one_shot, &outcome(chunked), "streaming");
    }
}

/// Cell text: delimiters, quotes, every kind of line break, Chinese, spaces.
fn cell() -> impl Strategy<Value = String> {
    prop::collection::vec(
        prop_oneof![
            4 => prop::sample::select(vec!["a", "b", "Z", "0", "7", "@", "=", "-", "+", "#", "'", ";", "\t", "."]),
            2 => Just(","),
            2 => Just("\""),
            1 => Just("\"\""),
            1 => Just("\n"),
            1 => Just("\r"),
            1 => Just("\r\n"),
            2 => Just(" "),
            2 => prop::sample::select(vec!["张", "伟", "北京", "客户", "é", "ü", "😀", "\u{3000}"]),
        ],
        0..10,
    )
    .prop_map(|parts| parts.concat())
}

/// Header names the reader keeps as they are: non-blank, no whitespace at either
/// end, unique ignoring case.
fn headers() -> impl Strategy<Value = Vec<String>> {
    prop::collection::vec(cell(), 1..7).prop_map(|raw| {
        let mut taken = std::collections::HashSet::new();
        raw.into_iter()
            .enumerate()
            .map(|(i, name)| {
                let mut name = name.trim().to_string();
                if name.is_empty() {
                    name = format!("h{i}");
                }
                // Unique ignoring case, the way the reader compares names.
                while !taken.insert(name.to_lowercase()) {
                    name = format!("{name}~{i}");
                }
                name
            })
            .collect()
    })
}

fn table_strategy() -> impl Strategy<Value = Table> {
    headers()
        .prop_flat_map(|names| {
            let width = names.len();
            (Just(names), prop::collection::vec(prop::collection::vec(cell(), width), 0..12))
        })
        .prop_map(|(names, rows)| {
            let mut table = Table::new(names);
            for (i, row) in rows.iter().enumerate() {
                table.push_row(row.iter().map(String::as_str), i as u64 + 2).unwrap();
            }
            table
        })
}

fn cells(table: &Table) -> Vec<Vec<String>> {
    (0..table.rows()).map(|r| (0..table.width()).map(|c| table.cell(r, c).to_string()).collect()).collect()
}

proptest! {
    #![proptest_config(config(256))]

    #[test]
    fn written_tables_read_back_cell_for_cell(
        table in table_strategy(),
        crlf in any::<bool>(),
        bom in prop::sample::select(vec![Bom::Auto, Bom::Always, Bom::Never]),
        sizes in prop::collection::vec(1usize..50, 1..6),
    ) {
        let output = OutputOptions {
            line_ending: if crlf { LineEnding::Crlf } else { LineEnding::Lf },
            bom,
            neutralize_formulas: false,
            ..OutputOptions::default()
        };
        let bytes = table_to_vec(&table, &output).unwrap();
        for (name, back) in [
            ("one shot", read_bytes(&bytes, fixed())),
            ("chunked", read_chunked(&bytes, &sizes, fixed())),
        ] {
            let back = back.unwrap_or_else(|e| panic!("{name}: {e}\n{}", String::from_utf8_lossy(&bytes)));
            let written = String::from_utf8_lossy(&bytes);
            prop_assert_eq!(back.table.headers().collect::<Vec<_>>(), table.headers().collect::<Vec<_>>(), "{}: headers of\n{}", name, written);
            prop_assert_eq!(cells(&back.table), cells(&table), "{}: cells of\n{}", name, written);
            prop_assert_eq!(back.rows_in, table.rows() as u64);
            prop_assert!(back.rejected.is_empty(), "{}: rejected {:?}", name, back.rejected);
            prop_assert!(back.problems.is_empty(), "{}: problems {:?}", name, back.problems);
            prop_assert!(back.header_fixes.is_empty(), "{}: header fixes {:?}", name, back.header_fixes);
            prop_assert_eq!(back.encoding.as_str(), "UTF-8");
        }
    }
}

// Two findings of the properties above, pinned as plain examples.

/// Bytes that are not valid UTF-8 are reported once per line. When one line's
/// bad bytes arrive in two pushes, the reader reports that line twice (the
/// "already reported this line" memory lasts one push only).
#[test]
fn a_line_with_bad_bytes_is_reported_once_whatever_the_chunks() {
    let mut bytes = streaming_prefix();
    let tail_at = bytes.len();
    bytes.extend_from_slice(b"x,\xFF\xFF,y\nz,1,2\n");
    let one_shot = read_bytes(&bytes, streaming_options()).unwrap();
    let mut reader = Reader::new(streaming_options());
    reader.push(&bytes[..tail_at + 3]).unwrap(); // ends between the two 0xFF bytes
    reader.push(&bytes[tail_at + 3..]).unwrap();
    let chunked = reader.finish().unwrap();
    let malformed = |out: &ReadOutput| out.problems.iter().filter(|p| p.kind == "encoding.malformed").count();
    assert_eq!(malformed(&one_shot), 1, "{:?}", one_shot.problems);
    assert_eq!(malformed(&chunked), 1, "{:?}", chunked.problems);
}

/// The problems come in one order, whatever the chunks: the one-shot read lists
/// every bad-bytes problem before every row problem, a streamed read interleaves them.
#[test]
fn problems_come_in_the_same_order_whatever_the_chunks() {
    let mut bytes = streaming_prefix();
    let tail_at = bytes.len();
    bytes.extend_from_slice(b"short\nx,\xFF,y\n");
    let one_shot = read_bytes(&bytes, streaming_options()).unwrap();
    let mut reader = Reader::new(streaming_options());
    reader.push(&bytes[..tail_at + 6]).unwrap(); // the short row, then the bad bytes
    reader.push(&bytes[tail_at + 6..]).unwrap();
    let chunked = reader.finish().unwrap();
    let kinds = |out: &ReadOutput| out.problems.iter().map(|p| (p.line, p.kind)).collect::<Vec<_>>();
    assert_eq!(kinds(&one_shot), kinds(&chunked));
}
