//! csv-spectrum (https://github.com/maxogden/csv-spectrum, BSD-2-Clause, vendored
//! unchanged in `tests/data/csv-spectrum/`): every CSV there is read with a
//! header and a comma, and every cell must equal its JSON counterpart (an
//! array of objects keyed by header).

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use crm_cleaner::read::{read_bytes, ReadOptions, ReadOutput};
use serde_json::Value;

/// Mistakes in the upstream JSON itself, pinned so the test still compares the
/// cell against what the CSV really holds (and notices if upstream is fixed):
/// (case, row, column, value in the upstream JSON, value in the upstream CSV).
///
/// `location_coordinates.json` gives the phone number as `1234567890`, but
/// `location_coordinates.csv` holds `2095257564` (the data was anonymized in one
/// file only). No CSV parser can produce the JSON's value.
const UPSTREAM_ERRATA: &[(&str, usize, &str, &str, &str)] =
    &[("location_coordinates", 0, "Contact Phone Number", "1234567890", "2095257564")];

fn spectrum_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data/csv-spectrum")
}

/// A case's expected rows, each as header → value.
type Rows = Vec<BTreeMap<String, String>>;

/// Every case: (name, CSV bytes, expected rows).
fn cases() -> Vec<(String, Vec<u8>, Rows)> {
    let dir = spectrum_dir();
    let mut names: Vec<String> = std::fs::read_dir(dir.join("csvs"))
        .expect("tests/data/csv-spectrum/csvs")
        .map(|entry| entry.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "csv"))
        .map(|p| p.file_stem().unwrap().to_string_lossy().into_owned())
        .collect();
    names.sort();
    assert_eq!(names.len(), 12, "csv-spectrum 2.0.0 has 12 cases: {names:?}");
    names
        .into_iter()
        .map(|name| {
            let csv = std::fs::read(dir.join("csvs").join(format!("{name}.csv"))).unwrap();
            let json_text = std::fs::read_to_string(dir.join("json").join(format!("{name}.json")))
                .unwrap_or_else(|e| panic!("{name}.json: {e}"));
            let json: Value = serde_json::from_str(&json_text).unwrap_or_else(|e| panic!("{name}.json: {e}"));
            // Upstream writes one case (location_coordinates) as a bare object: one row.
            let rows = match json {
                Value::Array(rows) => rows,
                object @ Value::Object(_) => vec![object],
                other => panic!("{name}.json is neither an array nor an object: {other}"),
            };
            let mut expected: Vec<BTreeMap<String, String>> = rows
                .into_iter()
                .map(|row| {
                    let Value::Object(map) = row else { panic!("{name}.json: a row is not an object") };
                    map.into_iter()
                        .map(|(k, v)| match v {
                            Value::String(s) => (k, s),
                            other => panic!("{name}.json: {k} is not a string: {other}"),
                        })
                        .collect()
                })
                .collect();
            for &(case, row, column, upstream, actual) in UPSTREAM_ERRATA {
                if case == name {
                    let cell = expected[row].get_mut(column).expect("erratum column exists");
                    assert_eq!(cell, upstream, "{name}: upstream erratum no longer present; remove it from UPSTREAM_ERRATA");
                    *cell = actual.to_string();
                }
            }
            (name, csv, expected)
        })
        .collect()
}

fn options() -> ReadOptions {
    ReadOptions { has_header: Some(true), delimiter: Some(b','), quote: Some(b'"'), ..ReadOptions::default() }
}

/// The table as header → value maps, one per row.
fn rows_of(out: &ReadOutput) -> Vec<BTreeMap<String, String>> {
    let t = &out.table;
    let headers: Vec<&str> = t.headers().collect();
    (0..t.rows())
        .map(|r| headers.iter().enumerate().map(|(c, h)| (h.to_string(), t.cell(r, c).to_string())).collect())
        .collect()
}

fn check(name: &str, out: &ReadOutput, expected: &[BTreeMap<String, String>]) -> Result<(), String> {
    let mut failures = Vec::new();
    let headers: Vec<&str> = out.table.headers().collect();
    let mut expected_headers: Vec<&str> = expected[0].keys().map(String::as_str).collect();
    let mut got_headers = headers.clone();
    expected_headers.sort();
    got_headers.sort();
    if got_headers != expected_headers {
        failures.push(format!("headers {headers:?}, expected {expected_headers:?}"));
    }
    if !out.header_fixes.is_empty() {
        failures.push(format!("header fixes {:?}", out.header_fixes));
    }
    let got = rows_of(out);
    if got != expected {
        failures.push(format!("rows\n  got      {got:?}\n  expected {expected:?}"));
    }
    if out.rows_in != expected.len() as u64 || !out.rejected.is_empty() {
        failures.push(format!("rows_in {} / rejected {:?}, expected {} rows", out.rows_in, out.rejected, expected.len()));
    }
    if !out.problems.is_empty() {
        failures.push(format!("problems {:?}", out.problems));
    }
    if out.encoding != "UTF-8" {
        failures.push(format!("encoding {}", out.encoding));
    }
    if failures.is_empty() {
        Ok(())
    } else {
        Err(format!("{name}: {}", failures.join("; ")))
    }
}

#[test]
fn every_csv_spectrum_case_reads_as_its_json() {
    let mut failures = Vec::new();
    for (name, csv, expected) in cases() {
        match read_bytes(&csv, options()) {
            Ok(out) => {
                if let Err(e) = check(&name, &out, &expected) {
                    failures.push(e);
                }
            }
            Err(e) => failures.push(format!("{name}: error {e:?}")),
        }
    }
    assert!(failures.is_empty(), "{} case(s) failed:\n{}", failures.len(), failures.join("\n"));
}

#[test]
fn every_csv_spectrum_case_reads_the_same_pushed_byte_by_byte() {
    for (name, csv, expected) in cases() {
        let mut reader = crm_cleaner::Reader::new(options());
        for byte in csv.chunks(1) {
            reader.push(byte).unwrap_or_else(|e| panic!("{name}: {e}"));
        }
        let out = reader.finish().unwrap_or_else(|e| panic!("{name}: {e}"));
        if let Err(e) = check(&name, &out, &expected) {
            panic!("{e}");
        }
    }
}

/// With nothing given (encoding, delimiter, quote and header all detected),
/// these plain files must still read the same.
#[test]
fn every_csv_spectrum_case_reads_the_same_with_everything_sniffed() {
    let mut failures = Vec::new();
    for (name, csv, expected) in cases() {
        match read_bytes(&csv, ReadOptions::default()) {
            Ok(out) => {
                if let Err(e) = check(&name, &out, &expected) {
                    failures.push(format!("{e} (dialect {:?})", out.dialect));
                }
            }
            Err(e) => failures.push(format!("{name}: error {e:?}")),
        }
    }
    assert!(failures.is_empty(), "{} case(s) failed:\n{}", failures.len(), failures.join("\n"));
}

/// Source lines: a quoted line break counts as a line, as in the file.
#[test]
fn csv_spectrum_source_lines() {
    let lines = |name: &str| {
        let csv = std::fs::read(spectrum_dir().join("csvs").join(format!("{name}.csv"))).unwrap();
        let out = read_bytes(&csv, options()).unwrap();
        (0..out.table.rows()).map(|r| out.table.source_line(r)).collect::<Vec<_>>()
    };
    assert_eq!(lines("newlines"), [2, 3, 5]);
    assert_eq!(lines("newlines_crlf"), [2, 3, 5]);
    assert_eq!(lines("quotes_and_newlines"), [2, 5]);
    assert_eq!(lines("empty_crlf"), [2, 3]);
}
