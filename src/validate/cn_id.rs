//! Chinese resident identity card numbers (居民身份证号码, GB 11643-1999).
//!
//! An 18-character number: a 6-digit administrative region code, the birth
//! date `YYYYMMDD`, a 3-digit sequence number (odd for men, even for women)
//! and a check character `0`–`9` or `X` (ISO 7064 MOD 11-2).
//!
//! Normalization removes spaces and hyphens, reads full-width digits and
//! upper-cases the `x`; these are changes of form only, so they raise no
//! issue (compare `normalized` with the input to see them). A legacy
//! 15-digit number (region, `YYMMDD`, sequence; from before 1999) is upgraded
//! to 18 characters by inserting `19` before the year and computing the check
//! character, with the warning `cn_id.upgraded_from_15`.
//!
//! | code | severity | when |
//! | --- | --- | --- |
//! | `cn_id.empty` | error | nothing but whitespace |
//! | `cn_id.chars` | error | a character other than digits, a final `X`, spaces and hyphens |
//! | `cn_id.excel_scientific` | error | `1.10105E+17`: a spreadsheet turned it into a float and lost digits |
//! | `cn_id.length` | error | not 18 (or 15) characters |
//! | `cn_id.region` | error | the first two digits are no province code |
//! | `cn_id.birth_date` | error | not a real date, before 1900, or after `today_year` |
//! | `cn_id.checksum` | error | the check character does not match (no suggestion: some other digit is wrong) |
//! | `cn_id.upgraded_from_15` | warning | a 15-digit number, upgraded |
//!
//! All of region, birth date and checksum are checked, so one value can
//! carry several of those errors.

use super::{Issue, Verdict};

/// ISO 7064 MOD 11-2 weights of the first 17 digits.
const WEIGHTS: [u32; 17] = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
/// The check character for each remainder mod 11.
const CHECK_CHARS: &[u8; 11] = b"10X98765432";

/// First two digits in use: provinces, municipalities and autonomous
/// regions, 71 Taiwan, 81 Hong Kong, 82 Macau, 83 residence permits of
/// Taiwan residents.
const PROVINCES: [u8; 35] = [
    11, 12, 13, 14, 15, 21, 22, 23, 31, 32, 33, 34, 35, 36, 37, 41, 42, 43, 44, 45, 46, 50, 51,
    52, 53, 54, 61, 62, 63, 64, 65, 71, 81, 82, 83,
];

/// The ID with separators removed: up to 18 ASCII characters.
struct Cleaned {
    buf: [u8; 18],
    len: usize,
    /// More than 18 characters.
    overflow: bool,
}

impl Cleaned {
    fn bytes(&self) -> &[u8] {
        &self.buf[..self.len]
    }
}

enum CleanError {
    Chars(char),
}

/// Removes spaces and hyphens, reads full-width digits and `x`.
fn clean(value: &str) -> Result<Cleaned, CleanError> {
    let mut out = Cleaned { buf: [0; 18], len: 0, overflow: false };
    for c in value.chars() {
        let b = match c {
            '0'..='9' => c as u8,
            '０'..='９' => b'0' + (c as u32 - '０' as u32) as u8,
            'x' | 'X' | 'ｘ' | 'Ｘ' => b'X',
            ' ' | '\t' | '\u{00A0}' | '\u{3000}' | '-' | '\u{2010}'..='\u{2015}' | '\u{FF0D}' => continue,
            other => return Err(CleanError::Chars(other)),
        };
        if out.len < out.buf.len() {
            out.buf[out.len] = b;
            out.len += 1;
        } else {
            out.overflow = true;
        }
    }
    Ok(out)
}

/// The check character for the first 17 digits (which must be ASCII digits).
fn check_char(first17: &[u8]) -> u8 {
    let sum: u32 = first17.iter().zip(WEIGHTS).map(|(&d, w)| u32::from(d - b'0') * w).sum();
    CHECK_CHARS[(sum % 11) as usize]
}

fn is_leap(year: i32) -> bool {
    (year % 4 == 0 && year % 100 != 0) || year % 400 == 0
}

fn days_in_month(year: i32, month: u32) -> u32 {
    match month {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        2 if is_leap(year) => 29,
        2 => 28,
        _ => 0,
    }
}

fn num(digits: &[u8]) -> u32 {
    digits.iter().fold(0, |n, &d| n * 10 + u32::from(d - b'0'))
}

/// The date in `YYYYMMDD` (ASCII digits), if it is a real date.
fn real_date(d: &[u8]) -> Option<(i32, u32, u32)> {
    if d.len() != 8 || !d.iter().all(u8::is_ascii_digit) {
        return None;
    }
    let year = num(&d[..4]) as i32;
    let month = num(&d[4..6]);
    let day = num(&d[6..8]);
    if !(1..=12).contains(&month) || day == 0 || day > days_in_month(year, month) {
        return None;
    }
    Some((year, month, day))
}

/// An 18-character ID built from the cleaned input: 17 digits and a
/// check character, and whether it was upgraded from 15 digits.
fn to_18(cleaned: &Cleaned) -> Option<([u8; 18], bool)> {
    let b = cleaned.bytes();
    if cleaned.overflow {
        return None;
    }
    match b.len() {
        18 if b[..17].iter().all(u8::is_ascii_digit) => {
            let mut id = [0u8; 18];
            id.copy_from_slice(b);
            Some((id, false))
        }
        15 if b.iter().all(u8::is_ascii_digit) => {
            let mut id = [0u8; 18];
            id[..6].copy_from_slice(&b[..6]);
            id[6] = b'1';
            id[7] = b'9';
            id[8..17].copy_from_slice(&b[6..15]);
            id[17] = check_char(&id[..17]);
            Some((id, true))
        }
        _ => None,
    }
}

/// `1.10105E+17` and the like.
fn looks_scientific(value: &str) -> bool {
    let Some(e) = value.find(['e', 'E']) else { return false };
    let (m, x) = (&value[..e], &value[e + 1..]);
    let x = x.strip_prefix('+').unwrap_or(x);
    !m.is_empty()
        && !x.is_empty()
        && x.bytes().all(|b| b.is_ascii_digit())
        && m.bytes().all(|b| b.is_ascii_digit() || b == b'.' || b == b',')
        && m.bytes().next().is_some_and(|b| b.is_ascii_digit())
}

/// Validates a Chinese resident ID number; `today_year`, when given, rejects
/// birth years after it. See the module documentation.
pub fn validate_cn_id(value: &str, today_year: Option<i32>) -> Verdict {
    let value = value.trim();
    if value.is_empty() {
        return Verdict::invalid(Issue::error("cn_id.empty", "The ID number is empty.", "身份证号码为空。"));
    }
    if looks_scientific(value) {
        return Verdict::invalid(Issue::error(
            "cn_id.excel_scientific",
            "A spreadsheet turned the ID number into scientific notation and lost its last digits; format the column as text and re-enter it.",
            "电子表格把身份证号码变成了科学计数法，后几位已丢失；请把该列设为文本格式并重新录入。",
        ));
    }
    let cleaned = match clean(value) {
        Ok(c) => c,
        Err(CleanError::Chars(c)) => {
            return Verdict::invalid(Issue::error(
                "cn_id.chars",
                format!("An ID number has only digits and a final X; this one contains \"{c}\"."),
                format!("身份证号码只能由数字和末位的 X 组成，这里含有“{c}”。"),
            ))
        }
    };
    let b = cleaned.bytes();
    if !cleaned.overflow && (b.len() == 18 || b.len() == 15) {
        // The right length: an X anywhere but last is a character problem.
        let x_misplaced = b.iter().take(b.len() - usize::from(b.len() == 18)).any(|&c| c == b'X');
        if x_misplaced {
            return Verdict::invalid(Issue::error(
                "cn_id.chars",
                "X may only be the last character of an ID number.",
                "X 只能出现在身份证号码的最后一位。",
            ));
        }
    }
    let Some((id, upgraded)) = to_18(&cleaned) else {
        let n = if cleaned.overflow { "more than 18".to_string() } else { cleaned.len.to_string() };
        return Verdict::invalid(Issue::error(
            "cn_id.length",
            format!("An ID number has 18 characters (or 15 for old ones); this one has {n}."),
            format!("身份证号码应为 18 位（旧号码 15 位），这里是 {n} 位。"),
        ));
    };

    let mut verdict = Verdict { valid: true, ..Verdict::default() };
    let province = (id[0] - b'0') * 10 + (id[1] - b'0');
    if !PROVINCES.contains(&province) {
        verdict = verdict.with(Issue::error(
            "cn_id.region",
            format!("The ID number starts with {province:02}, which is no province code."),
            format!("身份证号码以 {province:02} 开头，这不是有效的省级行政区划代码。"),
        ));
    }
    match real_date(&id[6..14]) {
        None => {
            verdict = verdict.with(Issue::error(
                "cn_id.birth_date",
                "The birth date in the ID number (characters 7–14) is not a real date.",
                "身份证号码中的出生日期（第 7–14 位）不是有效日期。",
            ))
        }
        Some((year, _, _)) if year < 1900 => {
            verdict = verdict.with(Issue::error(
                "cn_id.birth_date",
                format!("The birth year in the ID number, {year}, is before 1900."),
                format!("身份证号码中的出生年份 {year} 早于 1900 年。"),
            ))
        }
        Some((year, _, _)) if today_year.is_some_and(|t| year > t) => {
            verdict = verdict.with(Issue::error(
                "cn_id.birth_date",
                format!("The birth year in the ID number, {year}, is in the future."),
                format!("身份证号码中的出生年份 {year} 在未来。"),
            ))
        }
        Some(_) => {}
    }
    if !upgraded && check_char(&id[..17]) != id[17] {
        verdict = verdict.with(Issue::error(
            "cn_id.checksum",
            "The ID number's check character (the last one) does not match: a digit is wrong.",
            "身份证号码的校验码（最后一位）不符，号码中有数字错误。",
        ));
    }
    if !verdict.valid {
        return verdict;
    }
    // All ASCII by construction.
    verdict.normalized = Some(String::from_utf8_lossy(&id).into_owned());
    if upgraded {
        verdict = verdict.with(Issue::warning(
            "cn_id.upgraded_from_15",
            "An old 15-digit ID number, upgraded to 18 characters.",
            "旧的 15 位身份证号码，已升级为 18 位。",
        ));
    }
    verdict
}

/// The birth date `(year, month, day)` in an ID number of 18 characters or
/// 15 digits (separators allowed), if it is a real date. The region and the
/// check character are not verified: validate first.
pub fn cn_id_birth_date(id: &str) -> Option<(i32, u32, u32)> {
    let cleaned = clean(id.trim()).ok()?;
    let (id, _) = to_18(&cleaned)?;
    real_date(&id[6..14])
}

/// `'M'` or `'F'` from the sequence number's last digit (odd for men, even
/// for women) of an ID number of 18 characters or 15 digits. The rest is not
/// verified: validate first.
pub fn cn_id_gender(id: &str) -> Option<char> {
    let cleaned = clean(id.trim()).ok()?;
    let (id, _) = to_18(&cleaned)?;
    let d = id[16] - b'0';
    Some(if d % 2 == 1 { 'M' } else { 'F' })
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Completes 17 digits with their check character.
    fn with_check(first17: &str) -> String {
        assert_eq!(first17.len(), 17);
        let c = check_char(first17.as_bytes()) as char;
        format!("{first17}{c}")
    }

    #[test]
    fn standard_example() {
        let v = validate_cn_id("11010519491231002X", Some(2025));
        assert!(v.valid, "{v:?}");
        assert_eq!(v.normalized.as_deref(), Some("11010519491231002X"));
        assert!(v.issues.is_empty());
        assert_eq!(cn_id_birth_date("11010519491231002X"), Some((1949, 12, 31)));
        assert_eq!(cn_id_gender("11010519491231002X"), Some('F'));
    }

    #[test]
    fn check_char_matches_the_standard() {
        assert_eq!(check_char(b"11010519491231002"), b'X');
        // GB 11643-1999's other worked example.
        assert_eq!(check_char(b"44052418800101001"), b'4');
        // Its birth year, 1880, is before 1900: only the date is reported.
        assert_eq!(validate_cn_id("440524188001010014", None).codes(), ["cn_id.birth_date"]);
    }

    #[test]
    fn lowercase_x_spaces_hyphens_fullwidth() {
        for input in [
            "11010519491231002x",
            " 110105 19491231 002X ",
            "110105-19491231-002x",
            "１１０１０５１９４９１２３１００２Ｘ",
            "110105\u{3000}19491231\u{3000}002ｘ",
        ] {
            let v = validate_cn_id(input, None);
            assert!(v.valid, "{input}: {v:?}");
            assert_eq!(v.normalized.as_deref(), Some("11010519491231002X"), "{input}");
            assert!(v.issues.is_empty(), "{input}");
        }
    }

    #[test]
    fn generated_ids_are_valid_and_carry_date_and_gender() {
        let regions = ["110101", "310104", "440305", "510107", "650102", "810000", "820000", "830000", "710000"];
        let dates = ["19000101", "19491001", "19800229", "19991231", "20000229", "20240531"];
        let mut n = 0;
        for (i, r) in regions.iter().enumerate() {
            for (j, d) in dates.iter().enumerate() {
                let seq = format!("{:03}", (i * 7 + j * 13) % 1000);
                let id = with_check(&format!("{r}{d}{seq}"));
                let v = validate_cn_id(&id, Some(2025));
                assert!(v.valid, "{id}: {v:?}");
                assert_eq!(v.normalized.as_deref(), Some(id.as_str()));
                let y: i32 = d[..4].parse().unwrap();
                let m: u32 = d[4..6].parse().unwrap();
                let dd: u32 = d[6..].parse().unwrap();
                assert_eq!(cn_id_birth_date(&id), Some((y, m, dd)));
                let last: u32 = seq[2..].parse().unwrap();
                assert_eq!(cn_id_gender(&id), Some(if last % 2 == 1 { 'M' } else { 'F' }));
                n += 1;
            }
        }
        assert_eq!(n, 54);
    }

    #[test]
    fn every_wrong_check_character_is_caught() {
        let good = with_check("32010219880808123");
        for c in "0123456789X".chars() {
            let candidate = format!("{}{c}", &good[..17]);
            let v = validate_cn_id(&candidate, None);
            if candidate == good {
                assert!(v.valid);
            } else {
                assert_eq!(v.codes(), ["cn_id.checksum"], "{candidate}");
                assert!(v.suggestion.is_none());
                assert!(v.normalized.is_none());
            }
        }
    }

    #[test]
    fn single_digit_and_transposition_errors_fail_the_checksum() {
        let good = with_check("44030519900315271");
        let bytes = good.as_bytes();
        // Every single-digit substitution in the date-free sequence part.
        for pos in 14..17 {
            for d in b'0'..=b'9' {
                if d == bytes[pos] {
                    continue;
                }
                let mut b = bytes.to_vec();
                b[pos] = d;
                let s = String::from_utf8(b).unwrap();
                assert!(validate_cn_id(&s, None).codes().contains(&"cn_id.checksum"), "{s}");
            }
        }
        // An adjacent transposition.
        let mut b = bytes.to_vec();
        b.swap(14, 15);
        let s = String::from_utf8(b).unwrap();
        if s != good {
            assert!(validate_cn_id(&s, None).codes().contains(&"cn_id.checksum"));
        }
    }

    #[test]
    fn fifteen_digit_upgrade() {
        // 15 digits: region 110105, 491231, sequence 002 → 11010519491231002X.
        let v = validate_cn_id("110105491231002", Some(2025));
        assert!(v.valid, "{v:?}");
        assert_eq!(v.normalized.as_deref(), Some("11010519491231002X"));
        assert_eq!(v.codes(), ["cn_id.upgraded_from_15"]);
        assert_eq!(cn_id_birth_date("110105491231002"), Some((1949, 12, 31)));
        assert_eq!(cn_id_gender("110105491231002"), Some('F'));

        let v = validate_cn_id("440524800101001", None);
        assert_eq!(v.normalized.as_deref(), Some("440524198001010013"));
        assert_eq!(cn_id_gender("440524800101001"), Some('M'));

        // A 15-digit number with an impossible date.
        let v = validate_cn_id("110105491331002", None);
        assert_eq!(v.codes(), ["cn_id.birth_date"]);
        // An X has no place in a 15-digit number.
        assert_eq!(validate_cn_id("11010549123100X", None).codes(), ["cn_id.chars"]);
    }

    #[test]
    fn empty_chars_length() {
        assert_eq!(validate_cn_id("", None).codes(), ["cn_id.empty"]);
        assert_eq!(validate_cn_id("   ", None).codes(), ["cn_id.empty"]);
        assert_eq!(validate_cn_id("11010519491231002Y", None).codes(), ["cn_id.chars"]);
        assert_eq!(validate_cn_id("110105.19491231002X", None).codes(), ["cn_id.chars"]);
        assert_eq!(validate_cn_id("身份证11010519491231002X", None).codes(), ["cn_id.chars"]);
        assert_eq!(validate_cn_id("1101051949X231002X", None).codes(), ["cn_id.chars"]);
        assert_eq!(validate_cn_id("1101051949123100", None).codes(), ["cn_id.length"]);
        assert_eq!(validate_cn_id("11010519491231002X1", None).codes(), ["cn_id.length"]);
        assert_eq!(validate_cn_id("1101051949123100211111", None).codes(), ["cn_id.length"]);
        assert_eq!(validate_cn_id("X", None).codes(), ["cn_id.length"]);
        assert_eq!(validate_cn_id("1.10105E+17", None).codes(), ["cn_id.excel_scientific"]);
        assert_eq!(validate_cn_id("1.10105194912310E+17", None).codes(), ["cn_id.excel_scientific"]);
    }

    #[test]
    fn region_codes() {
        for p in PROVINCES {
            let id = with_check(&format!("{p:02}010519800101123"));
            assert!(validate_cn_id(&id, None).valid, "{id}");
        }
        for p in ["00", "10", "16", "20", "24", "30", "38", "40", "47", "49", "55", "60", "66", "70", "72", "80", "84", "90", "99"] {
            let id = with_check(&format!("{p}010519800101123"));
            assert_eq!(validate_cn_id(&id, None).codes(), ["cn_id.region"], "{id}");
        }
    }

    #[test]
    fn birth_dates() {
        for (date, ok) in [
            ("19800101", true),
            ("20000229", true),  // 2000 is a leap year
            ("19000228", true),
            ("19000229", false), // 1900 is not
            ("19990229", false),
            ("19800230", false),
            ("19800431", false),
            ("19801301", false),
            ("19800001", false),
            ("19800100", false),
            ("18991231", false), // before 1900
            ("20260101", false), // after today_year 2025
        ] {
            let id = with_check(&format!("110105{date}123"));
            let v = validate_cn_id(&id, Some(2025));
            assert_eq!(v.valid, ok, "{id}: {v:?}");
            if !ok {
                assert_eq!(v.codes(), ["cn_id.birth_date"], "{id}");
            }
        }
        // Without today_year, a future year is not checked.
        let id = with_check("11010520300101123");
        assert!(validate_cn_id(&id, None).valid);
        assert!(!validate_cn_id(&id, Some(2025)).valid);
        // A year equal to today_year is fine.
        assert!(validate_cn_id(&with_check("11010520250101123"), Some(2025)).valid);
    }

    #[test]
    fn several_errors_at_once() {
        // Bad province, bad date and (almost surely) a wrong check digit.
        let v = validate_cn_id("990105198013011230", None);
        let codes = v.codes();
        assert!(codes.contains(&"cn_id.region"));
        assert!(codes.contains(&"cn_id.birth_date"));
        assert!(!v.valid);
        assert!(v.normalized.is_none());
    }

    #[test]
    fn helpers_reject_malformed() {
        assert_eq!(cn_id_birth_date(""), None);
        assert_eq!(cn_id_birth_date("abc"), None);
        assert_eq!(cn_id_birth_date("110105198002301234"), None); // Feb 30
        assert_eq!(cn_id_gender("12345"), None);
        assert_eq!(cn_id_gender("110105 19491231 002x"), Some('F'));
        assert_eq!(cn_id_gender("110105194912310011"), Some('M'));
    }

    #[test]
    fn messages_are_bilingual() {
        for input in ["", "abc", "123", "99010519800101123X", "11010519491231002Y"] {
            for issue in validate_cn_id(input, Some(2025)).issues {
                assert!(!issue.en.is_empty() && !issue.zh.is_empty());
                assert!(issue.code.starts_with("cn_id."));
            }
        }
    }
}
