//! Joined halves against one read of the whole file, at many line breaks.

use super::*;
use crate::read::{ReadOutput, MAX_PROBLEMS_PER_KIND};
use crate::test_rng::below;

/// A messy file: Chinese and Latin cells, quoted fields with delimiters,
/// quotes and line breaks, CRLF and LF, blank lines, short rows (padded),
/// long rows (rejected), bytes that are not UTF-8, a line starting with
/// U+FEFF. Big enough that the first 64 KiB decide the encoding.
fn messy(rows: usize, seed: u64) -> Vec<u8> {
    let mut pick = below(seed);
    let cells = ["张伟", "Ann O'Neil", "", "  李 娜 ", "\"quoted, with comma\"", "\"two\nlines\"", "\"say \"\"hi\"\"\"", "x@qq.com", "北京市朝阳区"];
    let mut out = b"id,name,city,note\n".to_vec();
    for i in 0..rows {
        let end: &[u8] = if pick(3) == 0 { b"\r\n" } else { b"\n" };
        match pick(40) {
            0 => out.extend_from_slice(end),                                         // a blank line
            1 => out.extend_from_slice(format!("{i},短").as_bytes()),                // too few fields
            2 => out.extend_from_slice(format!("{i},a,b,c,d,e").as_bytes()),        // too many: rejected
            3 => out.extend_from_slice(&[format!("{i},bad ").as_bytes(), b"\xFF\xFE", b" byte,x,y"].concat()), // not UTF-8
            4 => out.extend_from_slice(format!("\u{FEFF}{i},bom,x,y").as_bytes()),   // U+FEFF where a record starts
            _ => {
                let fields: Vec<&str> = (0..3).map(|_| cells[pick(cells.len())]).collect();
                out.extend_from_slice(format!("{i},{}", fields.join(",")).as_bytes());
            }
        }
        out.extend_from_slice(end);
    }
    out
}

/// The options every read here uses.
fn options() -> ReadOptions {
    ReadOptions::default()
}

fn read_whole(bytes: &[u8]) -> ReadOutput {
    let mut reader = Reader::new(options());
    for chunk in bytes.chunks(65_537) {
        reader.push(chunk).unwrap();
    }
    reader.finish().unwrap()
}

fn assert_same(a: &ReadOutput, b: &ReadOutput, what: &str) {
    assert_eq!(a.table, b.table, "{what}: table");
    assert_eq!(a.rejected, b.rejected, "{what}: rejected");
    assert_eq!(a.problems, b.problems, "{what}: problems");
    assert_eq!(a.header_fixes, b.header_fixes, "{what}: header fixes");
    assert_eq!((a.rows_in, &a.encoding, a.dialect, a.format), (b.rows_in, &b.encoding, b.dialect, b.format), "{what}");
}

/// As the two workers do it: the main worker reads `bytes[..at]`, a helper
/// learns the point from the first MiB and reads `bytes[at..]`; each joins
/// the other's half. `None` where `at` does not end a record, or the tail
/// cannot be joined.
fn halves(bytes: &[u8], at: usize, point: &ResumePoint) -> Option<(ReadOutput, ReadOutput)> {
    let mut head = Reader::new(options());
    head.push(&bytes[..at]).unwrap();
    assert_eq!(head.resume_point(), Some(point.clone()), "both workers read the start alike");
    if !head.at_record_start() {
        assert!(head.encode_head().is_err());
        return None;
    }
    let mut tail = Reader::resume(options(), point.clone());
    for chunk in bytes[at..].chunks(7_919) {
        tail.push(chunk).unwrap();
    }
    let tail_bytes = tail.encode_tail().ok()?;
    let head_bytes = head.encode_head().unwrap();
    head.join_tail(&tail_bytes).unwrap();
    tail.join_head(&head_bytes).unwrap();
    Some((head.finish().unwrap(), tail.finish().unwrap()))
}

/// What the helper learns from the first MiB of the file.
fn point_of(bytes: &[u8]) -> ResumePoint {
    let mut probe = Reader::new(options());
    probe.push(&bytes[..bytes.len().min(1 << 20)]).unwrap();
    probe.resume_point().expect("the first MiB decides")
}

/// Every `step`-th line break after the first 64 KiB, as split points.
fn line_breaks(bytes: &[u8], step: usize) -> Vec<usize> {
    let breaks = bytes.iter().enumerate().filter(|&(i, &b)| b == b'\n' && i >= 64 * 1024).map(|(i, _)| i + 1);
    breaks.step_by(step).filter(|&at| at < bytes.len()).collect()
}

#[test]
fn joined_halves_read_as_the_whole_file_at_every_kind_of_line_break() {
    for seed in [1, 42] {
        let bytes = messy(4_000, seed);
        let (whole, point) = (read_whole(&bytes), point_of(&bytes));
        assert!(!whole.rejected.is_empty() && !whole.problems.is_empty(), "the file has rejected rows and problems");
        let (mut joined, mut refused) = (0, 0);
        for at in line_breaks(&bytes, 97) {
            match halves(&bytes, at, &point) {
                Some((main, helper)) => {
                    assert_same(&main, &whole, &format!("seed {seed}, main worker split at {at}"));
                    assert_same(&helper, &whole, &format!("seed {seed}, helper split at {at}"));
                    joined += 1;
                }
                None => refused += 1,
            }
        }
        // Line breaks inside quoted fields do not end a record.
        assert!(joined > 10 && refused > 0, "seed {seed}: {joined} joined, {refused} refused");
    }
}

#[test]
fn gbk_and_a_bom_and_repaired_headers_survive_the_join() {
    let text = String::from_utf8(messy(3_500, 3)).unwrap_or_else(|e| String::from_utf8_lossy(e.as_bytes()).into_owned());
    let text = text.replacen("id,name,city,note", "id,,name,name", 1);
    let (gbk, _, _) = encoding_rs::GBK.encode(&text);
    let mut with_bom = b"\xEF\xBB\xBF".to_vec();
    with_bom.extend_from_slice(text.as_bytes());
    for (what, bytes) in [("GBK", gbk.into_owned()), ("UTF-8 with a BOM", with_bom)] {
        let (whole, point) = (read_whole(&bytes), point_of(&bytes));
        assert!(!whole.header_fixes.is_empty(), "{what}");
        let mut joined = 0;
        for at in line_breaks(&bytes, 151) {
            if let Some((main, helper)) = halves(&bytes, at, &point) {
                assert_same(&main, &whole, &format!("{what}, main worker split at {at}"));
                assert_same(&helper, &whole, &format!("{what}, helper split at {at}"));
                joined += 1;
            }
        }
        assert!(joined > 5, "{what}: {joined} joined");
    }
}

#[test]
fn problems_past_the_limit_are_listed_and_counted_as_one_read_does() {
    // Every row too short: more problems of one kind than are listed.
    let mut bytes = "编号,姓名,城市\n".as_bytes().to_vec();
    for i in 0..(MAX_PROBLEMS_PER_KIND + 4_000) {
        bytes.extend_from_slice(format!("短{i}\n").as_bytes());
    }
    let (whole, point) = (read_whole(&bytes), point_of(&bytes));
    assert!(whole.problems.iter().any(|p| p.line == 0), "the unlisted ones are summed up");
    let lines = bytes.iter().filter(|&&b| b == b'\n').count();
    let mut tried = 0;
    for at in line_breaks(&bytes, lines / 20) {
        let (main, helper) = halves(&bytes, at, &point).expect("every line break ends a record here");
        assert_same(&main, &whole, &format!("main worker split at {at}"));
        assert_same(&helper, &whole, &format!("helper split at {at}"));
        tried += 1;
    }
    assert!(tried >= 5);
}

#[test]
fn a_tail_with_a_quote_problem_is_not_joined_and_the_head_reads_on() {
    let mut bytes = messy(4_000, 9);
    bytes.extend_from_slice("4001,\"never closed,北京,x\n4002,a,b,c\n".as_bytes());
    let whole = read_whole(&bytes);
    assert!(whole.problems.iter().any(|p| p.kind == "quote.unterminated"));
    let at = line_breaks(&bytes, 1).into_iter().find(|&at| halves_head(&bytes, at).at_record_start()).unwrap();
    let point = halves_head(&bytes, at).resume_point().unwrap();
    let mut tail = Reader::resume(options(), point);
    tail.push(&bytes[at..]).unwrap();
    assert!(matches!(tail.encode_tail(), Err(Error::Half(_))));
    assert!(tail.finish().is_err(), "half a file never finishes as a whole one");
    // The main worker reads the rest itself.
    let mut head = halves_head(&bytes, at);
    head.push(&bytes[at..]).unwrap();
    assert_same(&head.finish().unwrap(), &whole, "read on after the refusal");
}

fn halves_head(bytes: &[u8], at: usize) -> Reader {
    let mut head = Reader::new(options());
    head.push(&bytes[..at]).unwrap();
    head
}

#[test]
fn garbled_or_foreign_halves_are_refused_and_never_half_joined() {
    let bytes = messy(4_000, 5);
    let whole = read_whole(&bytes);
    let at = line_breaks(&bytes, 1).into_iter().find(|&at| halves_head(&bytes, at).at_record_start()).unwrap();
    let point = halves_head(&bytes, at).resume_point().unwrap();
    let tail_read = || {
        let mut tail = Reader::resume(options(), point.clone());
        tail.push(&bytes[at..]).unwrap();
        tail
    };
    let tail_bytes = tail_read().encode_tail().unwrap();
    let head_bytes = halves_head(&bytes, at).encode_head().unwrap();
    for cut in [0, 3, 40, tail_bytes.len() / 2, tail_bytes.len() - 1] {
        // The main worker's reader is as it was, and reads on.
        let mut head = halves_head(&bytes, at);
        assert!(head.join_tail(&tail_bytes[..cut]).is_err(), "cut at {cut}");
        head.push(&bytes[at..]).unwrap();
        assert_same(&head.finish().unwrap(), &whole, &format!("read on after a tail cut at {cut}"));
        // The helper's reader, which joins in place, is spent: it never finishes half-joined.
        let mut tail = tail_read();
        tail.encode_tail().unwrap();
        assert!(tail.join_head(&head_bytes[..cut.min(head_bytes.len() - 1)]).is_err(), "cut at {cut}");
        assert!(tail.finish().is_err(), "cut at {cut}");
    }
    // A tail with a byte too many, a head as a tail, a layout of its own, a tail not read to its end.
    let mut longer = tail_bytes.clone();
    longer.push(0);
    assert!(halves_head(&bytes, at).join_tail(&longer).is_err());
    assert!(halves_head(&bytes, at).join_tail(&head_bytes).is_ok(), "a head is a half like any other");
    let semicolons = ResumePoint { dialect: Dialect { delimiter: b';', ..point.dialect }, ..point.clone() };
    let mut foreign = Reader::resume(options(), semicolons);
    foreign.push(b"1;a;b;c\n").unwrap();
    assert!(halves_head(&bytes, at).join_tail(&foreign.encode_tail().unwrap()).is_err());
    assert!(tail_read().join_head(&head_bytes).is_err(), "a tail not read to its end");
    // And whole halves join.
    let mut tail = tail_read();
    tail.encode_tail().unwrap();
    tail.join_head(&head_bytes).unwrap();
    assert_same(&tail.finish().unwrap(), &whole, "joined");
}

#[test]
fn utf16_spreadsheets_and_added_columns_are_not_split() {
    let text = String::from_utf8_lossy(&messy(3_000, 2)).into_owned();
    let mut utf16 = vec![0xFF, 0xFE];
    text.encode_utf16().for_each(|unit| utf16.extend_from_slice(&unit.to_le_bytes()));
    let mut reader = Reader::new(options());
    reader.push(&utf16).unwrap();
    assert_eq!(reader.resume_point(), None, "UTF-16");
    let mut extend = Reader::new(ReadOptions { too_many_fields: TooManyFields::Extend, ..options() });
    extend.push(&messy(3_000, 2)).unwrap();
    assert_eq!(extend.resume_point(), None, "rows that add columns");
    assert!(extend.encode_head().is_err());
    let mut sampling = Reader::new(options());
    sampling.push(b"id,name\n1,a\n").unwrap();
    assert_eq!(sampling.resume_point(), None, "before the first bytes decide");
}

#[test]
fn the_second_half_starts_where_a_record_starts_even_after_a_line_break_in_quotes() {
    let bytes = messy(4_000, 11);
    let dialect = point_of(&bytes).dialect;
    let (mut right, mut naive_wrong) = (0, 0);
    let middles: Vec<usize> = (70_000..bytes.len() - 2_000).step_by(997).collect();
    for &middle in &middles {
        let window = &bytes[middle..(middle + 64 * 1024).min(bytes.len())];
        let at = middle + second_half_start(window, dialect).unwrap();
        assert!(at <= bytes.len() && bytes[at - 1] == b'\n', "just after a line break");
        assert!(halves_head(&bytes, at).at_record_start(), "middle {middle}: {at} ends no record");
        right += 1;
        let naive = middle + window.iter().position(|&b| b == b'\n').unwrap() + 1;
        naive_wrong += usize::from(!halves_head(&bytes, naive).at_record_start());
    }
    assert!(right == middles.len() && naive_wrong > 0, "the first line break after the middle is in quotes at {naive_wrong} of {right}");
    // A quoted field longer than the window: nothing tells, the first line break is taken.
    let long = format!("1,\"{}\"\n", "line\n".repeat(20_000));
    assert_eq!(second_half_start(&long.as_bytes()[100..], dialect), Some(3));
    assert_eq!(second_half_start(b"no line break", dialect), None);
    // CRLF: the half starts after the `\n`, also when the first is in quotes.
    assert_eq!(second_half_start(b"a\",x\r\n1,\"q\"\r\n", dialect), Some(6));
    assert_eq!(second_half_start(b"x\r\nmore\",y\r\n2,z\r\n", dialect), Some(12));
}

/// The costs of reading the benchmark file (when it exists) in halves:
/// `cargo test --release --lib halves_timing -- --ignored --nocapture`.
#[test]
#[ignore]
fn halves_timing() {
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/benches/data/crm-1m.csv");
    let Ok(bytes) = std::fs::read(path) else { return };
    let time = |what: &str, t: std::time::Instant| eprintln!("{what}: {} ms", t.elapsed().as_millis());
    let point = point_of(&bytes);
    let middle = bytes.len() / 2;
    let at = middle + second_half_start(&bytes[middle..middle + 64 * 1024], point.dialect).unwrap();
    let t = std::time::Instant::now();
    let mut head = Reader::new(options());
    head.size_hint(bytes.len() as u64);
    bytes[..at].chunks(1 << 20).for_each(|chunk| head.push(chunk).unwrap());
    time("read the first half", t);
    let t = std::time::Instant::now();
    let mut tail = Reader::resume(options(), point);
    tail.size_hint(bytes.len() as u64);
    bytes[at..].chunks(1 << 20).for_each(|chunk| tail.push(chunk).unwrap());
    time("read the second half", t);
    let t = std::time::Instant::now();
    let head_bytes = head.encode_head().unwrap();
    time(&format!("encode the first ({} bytes)", head_bytes.len()), t);
    let t = std::time::Instant::now();
    let tail_bytes = tail.encode_tail().unwrap();
    time(&format!("encode the second ({} bytes)", tail_bytes.len()), t);
    let t = std::time::Instant::now();
    head.join_tail(&tail_bytes).unwrap();
    time("join the second half to the first", t);
    let t = std::time::Instant::now();
    tail.join_head(&head_bytes).unwrap();
    time("join the first half to the second", t);
    assert_eq!(head.finish().unwrap().table, tail.finish().unwrap().table);
}
