//! Any bytes through the whole run: read, clean with the default profile,
//! write. Then what was written must read back as the cleaned table.
#![no_main]

use crm_cleaner::profile::OutputOptions;
use crm_cleaner::read::{read_bytes, ReadOptions};
use crm_cleaner::write::write_table;
use crm_cleaner::Profile;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(read) = read_bytes(data, ReadOptions::default()) else { return };
    let rows_in = read.rows_in;
    let cleaned = crm_cleaner::clean(read, &Profile::default(), &mut |_| {}).expect("cleaning what was read never fails");
    assert_eq!(rows_in, cleaned.summary.rows_out + cleaned.summary.rows_rejected);

    let mut out = Vec::new();
    write_table(&cleaned.table, &Profile::default().output, &mut out).expect("writing to a Vec never fails");

    // Written without formula neutralization, the output reads back cell for cell.
    let plain = OutputOptions { neutralize_formulas: false, ..OutputOptions::default() };
    let mut out = Vec::new();
    write_table(&cleaned.table, &plain, &mut out).expect("writing to a Vec never fails");
    let options = ReadOptions {
        encoding: Some(encoding_rs::UTF_8),
        has_header: Some(true),
        delimiter: Some(b','),
        quote: Some(b'"'),
        ..ReadOptions::default()
    };
    let back = read_bytes(&out, options).expect("our own output reads back");
    assert_eq!(back.table.headers().collect::<Vec<_>>(), cleaned.table.headers().collect::<Vec<_>>());
    assert_eq!(back.table.rows(), cleaned.table.rows());
    for row in 0..cleaned.table.rows() {
        for col in 0..cleaned.table.width() {
            assert_eq!(back.table.cell(row, col), cleaned.table.cell(row, col), "cell ({row}, {col})");
        }
    }
    assert!(back.rejected.is_empty(), "{:?}", back.rejected);
    assert!(back.header_fixes.is_empty(), "{:?}", back.header_fixes);
});
