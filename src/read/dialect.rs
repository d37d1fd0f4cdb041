//! Dialect sniffing: which delimiter and quote a CSV uses, and whether its
//! first row is a header, decided from a sample of the decoded text.
//!
//! The delimiter is the candidate (comma, semicolon, tab, pipe) that splits
//! the sample's records into the most consistent number of fields, more than
//! one; ties go to the more common delimiter. Every choice can be overridden
//! in the profile, and the one made is reported.

use csv_core::{ReadRecordResult, ReaderBuilder};

use super::Dialect;

const DELIMITERS: [u8; 4] = [b',', b';', b'\t', b'|'];
/// Records of the sample looked at.
const SAMPLE_RECORDS: usize = 100;

/// The records of `sample` split with `delimiter` and `quote`. Without `eof`
/// the last record may be cut off, so it is dropped.
fn records(sample: &[u8], delimiter: u8, quote: u8, eof: bool) -> Vec<Vec<String>> {
    let mut reader = ReaderBuilder::new().delimiter(delimiter).quote(quote).build();
    let (mut input, mut records) = (sample, Vec::new());
    let mut out = vec![0u8; sample.len() + 1];
    let mut ends = vec![0usize; sample.len() + 1];
    let (mut out_len, mut ends_len) = (0, 0);
    while records.len() < SAMPLE_RECORDS {
        let (status, read, written, n) = reader.read_record(input, &mut out[out_len..], &mut ends[ends_len..]);
        input = &input[read..];
        out_len += written;
        ends_len += n;
        match status {
            ReadRecordResult::Record => {
                let mut start = 0;
                let fields = ends[..ends_len]
                    .iter()
                    .map(|&end| {
                        let field = String::from_utf8_lossy(&out[start..end]).into_owned();
                        start = end;
                        field
                    })
                    .collect();
                records.push(fields);
                (out_len, ends_len) = (0, 0);
            }
            ReadRecordResult::InputEmpty if !eof => return records,
            ReadRecordResult::InputEmpty => {}
            // The buffers are as large as the sample, so they cannot fill up.
            ReadRecordResult::OutputFull | ReadRecordResult::OutputEndsFull | ReadRecordResult::End => break,
        }
        if input.is_empty() && !eof {
            return records;
        }
    }
    records
}

/// How well `records` fit one field count: (share of records with the most
/// common count, that count).
fn consistency(records: &[Vec<String>]) -> (f64, usize) {
    let mut counts = std::collections::HashMap::new();
    for record in records {
        *counts.entry(record.len()).or_insert(0usize) += 1;
    }
    let Some((&width, &n)) = counts.iter().max_by_key(|&(&width, &n)| (n, width)) else { return (0.0, 0) };
    (n as f64 / records.len() as f64, width)
}

/// Whether apostrophes, not double quotes, quote the fields of this sample.
fn quotes_with_apostrophes(sample: &[u8], delimiter: u8) -> bool {
    if sample.contains(&b'"') {
        return false;
    }
    let starts = sample.windows(2).filter(|w| (w[0] == delimiter || w[0] == b'\n') && w[1] == b'\'').count();
    let lines = sample.iter().filter(|&&b| b == b'\n').count().max(1);
    starts * 2 >= lines
}

/// The candidate that splits the sample most consistently into more than
/// one field; on equal consistency, the one giving more fields (a semicolon
/// file with decimal commas), then the earlier candidate.
fn sniff_delimiter(sample: &[u8], eof: bool) -> u8 {
    let mut best = (b',', (0, 0));
    for delimiter in DELIMITERS {
        let (share, width) = consistency(&records(sample, delimiter, b'"', eof));
        let key = ((share * 100.0).round() as u32, width);
        if width > 1 && key > best.1 {
            best = (delimiter, key);
        }
    }
    best.0
}

/// Whether a value looks like data rather than a column name.
fn looks_like_data(value: &str) -> bool {
    let value = value.trim();
    let digits = value.chars().filter(char::is_ascii_digit).count();
    value.contains('@') || digits >= 3 || value.parse::<f64>().is_ok()
}

/// A first row is a header unless it carries data-like values where the
/// rows below it do too (an email, a number, a date where a name would be).
fn sniff_header(records: &[Vec<String>]) -> bool {
    let Some((first, body)) = records.split_first() else { return true };
    if body.is_empty() {
        return true;
    }
    let data_in_first_row = first.iter().enumerate().any(|(col, value)| {
        looks_like_data(value) && body.iter().filter(|row| row.get(col).is_some_and(|v| looks_like_data(v))).count() * 2 >= body.len()
    });
    !data_in_first_row
}

/// Decides the dialect of `sample`, keeping every choice the caller already made.
pub fn sniff(sample: &[u8], eof: bool, delimiter: Option<u8>, quote: Option<u8>, has_header: Option<bool>) -> Dialect {
    let delimiter = delimiter.unwrap_or_else(|| sniff_delimiter(sample, eof));
    let quote = quote.unwrap_or(if quotes_with_apostrophes(sample, delimiter) { b'\'' } else { b'"' });
    let has_header = has_header.unwrap_or_else(|| sniff_header(&records(sample, delimiter, quote, eof)));
    Dialect { delimiter, quote, has_header }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn guess(text: &str) -> Dialect {
        sniff(text.as_bytes(), true, None, None, None)
    }

    #[test]
    fn finds_each_delimiter() {
        assert_eq!(guess("a,b,c\n1,2,3\n4,5,6\n").delimiter, b',');
        assert_eq!(guess("name;city;note\nAnn;Paris;\"x, y\"\nBo;Oslo;z\n").delimiter, b';');
        assert_eq!(guess("name\tcity\nAnn\tParis, FR\nBo\tOslo\n").delimiter, b'\t');
        assert_eq!(guess("a|b\n1|2\n").delimiter, b'|');
        assert_eq!(guess("just one column\nvalue\n").delimiter, b',');
    }

    #[test]
    fn commas_inside_quotes_do_not_fool_it() {
        let text = "name;address\n\"Li\";\"1, Main St, Springfield\"\n\"Wu\";\"2, Side St, Shelbyville\"\n";
        assert_eq!(guess(text).delimiter, b';');
    }

    #[test]
    fn apostrophe_quotes_only_when_clearly_used() {
        assert_eq!(guess("'name','note'\n'Ann','a, b'\n'Bo','c'\n").quote, b'\'');
        assert_eq!(guess("name,company\nO'Neil,Dunkin'\nAnn,x\n").quote, b'"');
    }

    #[test]
    fn header_or_not() {
        assert!(guess("name,email\nAnn,ann@example.com\nBo,bo@example.com\n").has_header);
        assert!(!guess("Ann,ann@example.com,13800138000\nBo,bo@example.com,13912345678\n").has_header);
        assert!(guess("姓名,手机\n张伟,13800138000\n").has_header);
        assert!(guess("only,a,header\n").has_header);
    }

    #[test]
    fn given_choices_are_kept() {
        let d = sniff(b"a;b\n1;2\n", true, Some(b','), Some(b'\''), Some(false));
        assert_eq!(d, Dialect { delimiter: b',', quote: b'\'', has_header: false });
    }
}
