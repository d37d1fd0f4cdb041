//! Any bytes through the reader: no panic, every record accounted for, and
//! the same result when the bytes arrive in two pushes split anywhere.
#![no_main]

use crm_cleaner::read::{read_bytes, ReadOptions, ReadOutput, Reader};
use libfuzzer_sys::fuzz_target;

fn check(out: &ReadOutput) {
    assert_eq!(
        out.rows_in,
        out.table.rows() as u64 + out.rejected.len() as u64,
        "rows_in must be rows + rejected"
    );
    for row in 1..out.table.rows() {
        assert!(out.table.source_line(row) > out.table.source_line(row - 1), "source lines must increase");
    }
}

fn two_pushes(data: &[u8], split: usize, options: ReadOptions) -> crm_cleaner::Result<ReadOutput> {
    let mut reader = Reader::new(options);
    reader.push(&data[..split])?;
    reader.push(&data[split..])?;
    reader.finish()
}

fn same(one: &crm_cleaner::Result<ReadOutput>, two: &crm_cleaner::Result<ReadOutput>) {
    match (one, two) {
        (Ok(a), Ok(b)) => {
            assert_eq!(a.table, b.table);
            assert_eq!(a.rejected, b.rejected);
            assert_eq!(a.problems, b.problems);
            assert_eq!(a.header_fixes, b.header_fixes);
            assert_eq!(a.rows_in, b.rows_in);
            assert_eq!(a.encoding, b.encoding);
            assert_eq!(a.dialect, b.dialect);
        }
        (Err(a), Err(b)) => assert_eq!(format!("{a:?}"), format!("{b:?}")),
        (a, b) => panic!("one push: {:?}; two pushes: {:?}", a.as_ref().err(), b.as_ref().err()),
    }
}

fuzz_target!(|data: &[u8]| {
    // A split point that depends on the input, anywhere from 0 to len.
    let seed = data.iter().take(4).fold(0usize, |h, &b| h.wrapping_mul(31).wrapping_add(b as usize));
    let split = seed % (data.len() + 1);

    let fixed = ReadOptions {
        has_header: Some(true),
        delimiter: Some(b','),
        quote: Some(b'"'),
        recover_unterminated_quotes: seed & 1 == 0,
        ..ReadOptions::default()
    };
    for options in [ReadOptions::default(), fixed] {
        let one = read_bytes(data, options.clone());
        if let Ok(out) = &one {
            check(out);
        }
        let two = two_pushes(data, split, options);
        same(&one, &two);
    }
});
