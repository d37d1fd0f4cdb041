//! Phone numbers, checked against libphonenumber's metadata (compiled at
//! build time, see below) and normalized to E.164.
//!
//! # What is accepted
//!
//! * International and national formats with any of the usual separators
//!   (spaces, hyphens, dots, slashes, brackets, their full-width forms):
//!   `+86 138 0013 8000`, `138-0013-8000`, `(020) 8888 9999`, `030/123456`.
//! * International prefixes: `0086 138…` (the region's own prefix, and `00`
//!   for any region, and for numbers with no region at all), and a country
//!   code written without `+` when the region is known (`86-138…` in CN).
//! * Full-width digits and `＋` (the caller NFKC-normalizes, but this does
//!   not depend on it).
//! * Extensions after `ext`, `ext.`, `extn`, `extension`, `x`, `#`, `;ext=`,
//!   `转`/`轉`, `分机`/`分機`: `021-6123 4567 转 801`.
//! * A float rendering of the number, `13800138000.0` (pandas and friends):
//!   the `.0` is dropped with the warning `phone.float_suffix`.
//!
//! # The canonical form
//!
//! E.164 (`+8613800138000`); an extension is appended as RFC 3966 writes it,
//! `+14155550100;ext=123`.
//!
//! # Codes
//!
//! | code | severity | when |
//! | --- | --- | --- |
//! | `phone.empty` | error | nothing but whitespace |
//! | `phone.unparseable` | error | letters or symbols that are not part of a phone number, no digits, a misplaced `+` |
//! | `phone.multiple_numbers` | error | two numbers in one cell (`,` `;` `、` `|` or a line break between them, or `/` between two runs of 7+ digits); the suggestion is the first one's E.164 form when it is valid |
//! | `phone.excel_scientific` | error | `1.3800138E+10`: a spreadsheet turned the number into a float; suggestion = the number when its digits survived exactly |
//! | `phone.no_region` | error | a national number and no region to read it in (suggestion when the digits make a valid number with a leading `+`) |
//! | `phone.unknown_region` | error | a national number and a region that is not an ISO 3166 alpha-2 code |
//! | `phone.country_code` | error | `+999…`: no such country calling code |
//! | `phone.too_short` | error | fewer digits than any number of that country (or a local number missing its area code) |
//! | `phone.too_long` | error | more digits than any number of that country |
//! | `phone.invalid_number` | error | a possible length but no number range of that country matches; suggestion = its E.164 form |
//! | `phone.region_mismatch` | warning | valid, but in another country than the row's region (one with another calling code) |
//! | `phone.float_suffix` | warning | `13800138000.0` read as `13800138000` |
//! | `phone.extension_guessed` | warning | `010-12345678-8001`: invalid as a whole, valid with the last hyphenated group (1–5 digits) as an extension |
//!
//! The number's type (`mobile`, `fixed_line`, `fixed_line_or_mobile`,
//! `toll_free`, …) and region (`CN`) come with [`check_phone`]'s
//! [`PhoneInfo`]; [`validate_phone`] returns only the verdict.
//!
//! Only errors and the warnings above are issues: separators, full-width
//! digits, `(0)`, trunk prefixes and the like are changes of form, visible
//! by comparing `normalized` with the input. `normalized` is set only for
//! valid numbers; a `phone.invalid_number` suggestion is the number's E.164
//! rendering, not a number known to be valid.
//!
//! # How
//!
//! `build.rs` compiles libphonenumber's metadata (as the `phonenumber`
//! crate 0.3.10 ships it, 9.0.33) into a compact table embedded in the
//! binary: calling codes, prefixes, and each number type's pattern and
//! possible lengths (`metadata.rs`). `parse.rs` reads a number into calling
//! code and national number and decides its type the way the crate did,
//! except that a pattern must match the whole national number, as
//! libphonenumber requires (`tests/phone_differential.rs` checks both).
//!
//! # Cost
//!
//! The table (97 kB, 28 kB gzipped) is split into lines on the first call
//! (microseconds), and a territory's patterns are compiled with
//! `regex-lite` the first time a number of that territory is seen (about a
//! millisecond or less). Measured numbers are in BENCHMARKS.md.

#[cfg(feature = "batch")]
mod digit_dfa;
mod engine;
mod metadata;
mod parse;

use std::fmt::Write as _;

use self::metadata::{metadata, Territory};
use self::parse::{source_and_type, ParseError};
use super::{Issue, Verdict};

/// Most digits a number (country code and any international prefix
/// included) may have before it is `phone.too_long` without asking the
/// metadata.
const MAX_DIGITS: usize = 24;

/// Most digits an extension may have.
const MAX_EXT: usize = 10;

/// Phone validation settings.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct PhoneOptions {
    /// ISO 3166 alpha-2 region (`"CN"`) for national numbers when the row has
    /// no region of its own.
    pub default_region: Option<String>,
}

/// Everything known about one phone number.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PhoneInfo {
    /// Valid or not, the E.164 form, the issues.
    pub verdict: Verdict,
    /// The number's type when it is valid: `mobile`, `fixed_line`,
    /// `fixed_line_or_mobile`, `toll_free`, `premium_rate`, `shared_cost`,
    /// `voip`, `personal_number`, `pager`, `uan`, `voicemail`.
    pub kind: Option<&'static str>,
    /// The ISO 3166 alpha-2 region the number belongs to, when it is valid
    /// and geographic (`None` for non-geographic codes like +800).
    pub region: Option<&'static str>,
}

impl PhoneInfo {
    fn from_verdict(verdict: Verdict) -> Self {
        PhoneInfo { verdict, kind: None, region: None }
    }
}

/// Whether `code` is a country calling code (`86`, `1`, `800`) in the metadata.
pub fn is_calling_code(code: u16) -> bool {
    !metadata::metadata().by_code(code).is_empty()
}

/// Validates one phone number; `region` (from the row's country column)
/// overrides `options.default_region`. See the module documentation.
pub fn validate_phone(value: &str, region: Option<&str>, options: &PhoneOptions) -> Verdict {
    check_phone(value, region, options).verdict
}

/// Validates one phone number and also says what kind of number it is and
/// where it belongs. `region` (from the row's country column) overrides
/// `options.default_region`; an empty `region` counts as none.
pub fn check_phone(value: &str, region: Option<&str>, options: &PhoneOptions) -> PhoneInfo {
    let value = value.trim();
    if value.is_empty() {
        return PhoneInfo::from_verdict(Verdict::invalid(Issue::error(
            "phone.empty",
            "The phone number is empty.",
            "电话号码为空。",
        )));
    }

    let region = match region.map(str::trim).filter(|r| !r.is_empty()) {
        Some(r) => parse_region(r),
        None => options.default_region.as_deref().map_or(Region::None, parse_region),
    };

    if let Some(sci) = excel_scientific(value) {
        return excel_verdict(sci, region);
    }

    let (value, float_suffix) = strip_float_suffix(value);

    let (first, more) = split_multiple(value);
    if more {
        let info = check_single(first, region);
        let suggestion = info.verdict.normalized.clone();
        return PhoneInfo::from_verdict(Verdict {
            valid: false,
            normalized: None,
            issues: vec![Issue::error(
                "phone.multiple_numbers",
                "The cell holds more than one phone number; keep one per cell.",
                "单元格中有多个电话号码，每个单元格只应填写一个。",
            )],
            suggestion,
        });
    }

    let mut info = check_single(first, region);
    if float_suffix {
        info.verdict = info.verdict.with(Issue::warning(
            "phone.float_suffix",
            "The number was stored as a decimal (\".0\" at the end); the decimal part was dropped.",
            "号码被存成了小数（末尾有“.0”），已去掉小数部分。",
        ));
    }
    info
}

// ---------------------------------------------------------------------------
// Regions

#[derive(Debug, Clone, Copy)]
enum Region {
    None,
    Known(&'static Territory),
    Unknown,
}

fn parse_region(text: &str) -> Region {
    let text = text.trim();
    if text.is_empty() {
        return Region::None;
    }
    let bytes = text.as_bytes();
    if bytes.len() != 2 || !bytes.iter().all(u8::is_ascii_alphabetic) {
        return Region::Unknown;
    }
    let upper = [bytes[0].to_ascii_uppercase(), bytes[1].to_ascii_uppercase()];
    let code = match &upper {
        b"UK" => "GB",
        // Both bytes are ASCII letters, so this cannot fail.
        other => std::str::from_utf8(other).unwrap_or("ZZ"),
    };
    match metadata().by_id(code) {
        Some(t) => Region::Known(t),
        None => Region::Unknown,
    }
}

// ---------------------------------------------------------------------------
// Excel damage

/// `1.3800138E+10`, decomposed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Scientific<'a> {
    /// The mantissa as written: digits with at most one `.` or `,`.
    mantissa: &'a str,
    /// How many digits stand before the point.
    int_len: usize,
    exponent: usize,
}

/// Recognizes a number a spreadsheet wrote in scientific notation:
/// `1.3800138E+10`, `8.61380E+12`, `1,38E+10`, `1.38e10`.
fn excel_scientific(value: &str) -> Option<Scientific<'_>> {
    let bytes = value.as_bytes();
    let e = bytes.iter().position(|&b| b == b'e' || b == b'E')?;
    let (mantissa, exp) = (&value[..e], &value[e + 1..]);
    let exp = exp.strip_prefix('+').unwrap_or(exp);
    if exp.is_empty() || exp.len() > 2 || !exp.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let exponent: usize = exp.parse().ok()?;
    let (int_part, frac) = match mantissa.find(['.', ',']) {
        Some(p) => (&mantissa[..p], &mantissa[p + 1..]),
        None => (mantissa, ""),
    };
    if int_part.is_empty()
        || int_part.len() > 3
        || !int_part.bytes().all(|b| b.is_ascii_digit())
        || !frac.bytes().all(|b| b.is_ascii_digit())
    {
        return None;
    }
    Some(Scientific { mantissa, int_len: int_part.len(), exponent })
}

fn excel_verdict(sci: Scientific<'_>, region: Region) -> PhoneInfo {
    let int_part = &sci.mantissa[..sci.int_len];
    let frac = sci.mantissa.get(sci.int_len + 1..).unwrap_or("");
    let significant = int_part.len() + frac.len();
    let total = sci.int_len + sci.exponent;
    // Exact when the mantissa was written in full (no zeros padded on), or
    // with 7+ significant digits: Excel's General format fits scientific
    // notation into 11 characters (at most 6 significant digits), so longer
    // mantissas come from a shortest round-trip float rendering (Java,
    // LibreOffice), which is exact for any integer a phone number can be.
    let exact = frac.len() <= sci.exponent && (significant == total || significant >= 7);
    if !exact || total > MAX_DIGITS {
        return PhoneInfo::from_verdict(Verdict::invalid(Issue::error(
            "phone.excel_scientific",
            "A spreadsheet turned the number into scientific notation and rounded it: digits were lost, re-enter the number.",
            "电子表格把号码变成了科学计数法并做了舍入，部分数字已丢失，请重新录入该号码。",
        )));
    }
    let mut buf = Digits::new();
    for b in int_part.bytes().chain(frac.bytes()) {
        buf.push(b);
    }
    for _ in frac.len()..sci.exponent {
        buf.push(b'0');
    }
    let recovered = check_digits(&buf, false, "", region);
    let suggestion = recovered.verdict.normalized.or_else(|| Some(buf.as_str().to_owned()));
    PhoneInfo::from_verdict(Verdict {
        valid: false,
        normalized: None,
        issues: vec![Issue::error(
            "phone.excel_scientific",
            "A spreadsheet turned the number into scientific notation; format the column as text. The digits survived, see the suggestion.",
            "电子表格把号码变成了科学计数法，请把该列设为文本格式。数字没有丢失，见建议值。",
        )],
        suggestion,
    })
}

/// `13800138000.0` → (`13800138000`, true): a float rendering of a number.
fn strip_float_suffix(value: &str) -> (&str, bool) {
    if let Some(dot) = value.rfind('.') {
        let (head, tail) = (&value[..dot], &value[dot + 1..]);
        let head_digits = head.strip_prefix('+').unwrap_or(head);
        if (1..=2).contains(&tail.len())
            && tail.bytes().all(|b| b == b'0')
            && head_digits.len() >= 6
            && head_digits.bytes().all(|b| b.is_ascii_digit())
        {
            return (head, true);
        }
    }
    (value, false)
}

// ---------------------------------------------------------------------------
// Scanning

/// Splits at a separator between two numbers; `true` when digits follow it.
fn split_multiple(value: &str) -> (&str, bool) {
    for (i, c) in value.char_indices() {
        let split = match c {
            ',' | '，' | '；' | '、' | '|' | '\n' | '\r' => true,
            ';' => !starts_with_ci(&value[i..], ";ext="),
            // `030/123456` is one number; `13800138000/13912345678` two.
            '/' | '／' => {
                let digits = |s: &str| s.chars().filter(|&c| ascii_digit(c).is_some()).count();
                digits(&value[..i]) >= 7 && digits(&value[i + c.len_utf8()..]) >= 7
            }
            _ => false,
        };
        if split {
            let rest = &value[i + c.len_utf8()..];
            let more = rest.chars().any(|c| ascii_digit(c).is_some());
            return (value[..i].trim_end(), more);
        }
    }
    (value, false)
}

/// A fixed-capacity digit buffer (with room for a leading `+`), so scanning
/// allocates nothing.
struct Digits {
    buf: [u8; MAX_DIGITS + 1],
    len: usize,
    overflow: bool,
}

impl Digits {
    fn new() -> Self {
        Digits { buf: [0; MAX_DIGITS + 1], len: 0, overflow: false }
    }

    fn push(&mut self, b: u8) {
        if self.len < self.buf.len() {
            self.buf[self.len] = b;
            self.len += 1;
        } else {
            self.overflow = true;
        }
    }

    fn as_str(&self) -> &str {
        // Only ASCII digits and '+' are ever pushed.
        std::str::from_utf8(&self.buf[..self.len]).unwrap_or("")
    }

    fn digit_count(&self) -> usize {
        self.buf[..self.len].iter().filter(|b| b.is_ascii_digit()).count()
    }
}

struct Scanned {
    plus: bool,
    digits: Digits,
    ext: [u8; MAX_EXT],
    ext_len: usize,
}

enum ScanError {
    /// A character that has no place in a phone number.
    Stray(char),
    /// `+` after digits, or twice.
    Plus,
    NoDigits,
    ExtensionTooLong,
    /// An extension marker before any digit, or a second one.
    Extension,
}

fn ascii_digit(c: char) -> Option<u8> {
    match c {
        '0'..='9' => Some(c as u8),
        '０'..='９' => Some(b'0' + (c as u32 - '０' as u32) as u8),
        _ => None,
    }
}

fn is_separator(c: char) -> bool {
    matches!(
        c,
        ' ' | '\t'
            | '\u{00A0}'
            | '\u{3000}'
            | '\u{200B}'
            | '\u{2060}'
            | '\u{00AD}'
            | '-'
            | '\u{2010}'..='\u{2015}'
            | '\u{2212}'
            | '\u{30FC}'
            | '\u{FF0D}'
            | '.'
            | '\u{FF0E}'
            | '/'
            | '\u{FF0F}'
            | '('
            | ')'
            | '\u{FF08}'
            | '\u{FF09}'
            | '['
            | ']'
            | '\u{FF3B}'
            | '\u{FF3D}'
            | '~'
            | '\u{FF5E}'
    )
}

fn starts_with_ci(s: &str, prefix: &str) -> bool {
    s.len() >= prefix.len() && s.as_bytes()[..prefix.len()].eq_ignore_ascii_case(prefix.as_bytes())
}

/// Reads the digits, a leading `+` and an extension out of `value`.
fn scan(value: &str) -> Result<Scanned, ScanError> {
    let mut out = Scanned { plus: false, digits: Digits::new(), ext: [0; MAX_EXT], ext_len: 0 };
    let mut in_ext = false;
    let mut s = value;
    if starts_with_ci(s, "tel:") {
        s = &s[4..];
    }
    let mut rest = s;
    while let Some(c) = rest.chars().next() {
        let mut step = c.len_utf8();
        if let Some(d) = ascii_digit(c) {
            if in_ext {
                if out.ext_len == MAX_EXT {
                    return Err(ScanError::ExtensionTooLong);
                }
                out.ext[out.ext_len] = d;
                out.ext_len += 1;
            } else {
                out.digits.push(d);
            }
        } else if c == '+' || c == '＋' {
            if out.plus || out.digits.len > 0 || in_ext {
                return Err(ScanError::Plus);
            }
            out.plus = true;
        } else if is_separator(c) {
            // skip
        } else {
            // Extension markers.
            let marker = match c {
                '#' | '＃' | '转' | '轉' => Some(step),
                '分' if rest[step..].starts_with(['机', '機']) => Some(step + '机'.len_utf8()),
                ';' if starts_with_ci(rest, ";ext=") => Some(5),
                c if c.is_ascii_alphabetic() => {
                    let word = rest.bytes().take_while(u8::is_ascii_alphabetic).count();
                    let w = &rest[..word];
                    if ["x", "ext", "extn", "extension"].iter().any(|m| w.eq_ignore_ascii_case(m)) {
                        Some(word)
                    } else {
                        return Err(ScanError::Stray(c));
                    }
                }
                _ => None,
            };
            match marker {
                Some(len) => {
                    if in_ext || out.digits.len == 0 {
                        // `#` closing an extension (`x123#`) is fine.
                        if !(in_ext && (c == '#' || c == '＃') && rest[len..].trim().is_empty()) {
                            return Err(ScanError::Extension);
                        }
                    }
                    in_ext = true;
                    step = len;
                    // `ext.` / `ext:` / `x=`
                    let after = &rest[step..];
                    if let Some(p) = after.chars().next().filter(|p| matches!(p, ':' | '：' | '=')) {
                        step += p.len_utf8();
                    }
                }
                None => return Err(ScanError::Stray(c)),
            }
        }
        rest = &rest[step..];
    }
    if out.digits.len == 0 {
        return Err(ScanError::NoDigits);
    }
    Ok(out)
}

// ---------------------------------------------------------------------------
// Checking

fn unparseable(en: &str, zh: &str) -> PhoneInfo {
    PhoneInfo::from_verdict(Verdict::invalid(Issue::error("phone.unparseable", en, zh)))
}

fn too_short() -> Issue {
    Issue::error(
        "phone.too_short",
        "The phone number has too few digits.",
        "电话号码位数太少。",
    )
}

fn too_long() -> Issue {
    Issue::error(
        "phone.too_long",
        "The phone number has too many digits.",
        "电话号码位数太多。",
    )
}

fn check_single(value: &str, region: Region) -> PhoneInfo {
    let scanned = match scan(value) {
        Ok(s) => s,
        Err(ScanError::Stray(c)) => {
            return unparseable(
                &format!("Not a phone number: it contains \"{c}\"."),
                &format!("不是电话号码：含有“{c}”。"),
            )
        }
        Err(ScanError::Plus) => {
            return unparseable(
                "Not a phone number: \"+\" may only stand before the country code.",
                "不是电话号码：“+”只能放在国家代码前。",
            )
        }
        Err(ScanError::NoDigits) => {
            return unparseable("Not a phone number: it has no digits.", "不是电话号码：没有数字。")
        }
        Err(ScanError::ExtensionTooLong) => {
            return unparseable(
                "The extension is too long (at most 10 digits).",
                "分机号太长（最多 10 位）。",
            )
        }
        Err(ScanError::Extension) => {
            return unparseable(
                "Not a phone number: the extension marker is misplaced.",
                "不是电话号码：分机号标记位置不对。",
            )
        }
    };
    let ext = std::str::from_utf8(&scanned.ext[..scanned.ext_len]).unwrap_or("");
    let info = check_digits(&scanned.digits, scanned.plus, ext, region);
    if info.verdict.valid || scanned.ext_len > 0 {
        return info;
    }
    // `010-12345678-8001`: a trailing group of 1–5 digits after a hyphen,
    // when the number is wrong with it and right without it, is taken for an
    // extension.
    if let Some((head, tail)) = value.rsplit_once(['-', '－']) {
        let tail = tail.trim();
        let short = (1..=5).contains(&tail.chars().count()) && tail.chars().all(|c| ascii_digit(c).is_some());
        if short {
            if let Ok(head) = scan(head) {
                if head.ext_len == 0 && head.digits.digit_count() >= 7 {
                    let mut ext = [0u8; 5];
                    for (slot, c) in ext.iter_mut().zip(tail.chars()) {
                        *slot = ascii_digit(c).unwrap_or(b'0');
                    }
                    let ext = std::str::from_utf8(&ext[..tail.chars().count()]).unwrap_or("");
                    let guess = check_digits(&head.digits, head.plus, ext, region);
                    if guess.verdict.valid {
                        let PhoneInfo { verdict, kind, region } = guess;
                        return PhoneInfo {
                            verdict: verdict.with(Issue::warning(
                                "phone.extension_guessed",
                                format!("The digits after the last hyphen were read as extension {ext}."),
                                format!("最后一个连字符后的数字被识别为分机号 {ext}。"),
                            )),
                            kind,
                            region,
                        };
                    }
                }
            }
        }
    }
    info
}

/// Checks a scanned number: `digits` are ASCII digits only.
fn check_digits(digits: &Digits, plus: bool, ext: &str, region: Region) -> PhoneInfo {
    if digits.overflow {
        return PhoneInfo::from_verdict(Verdict::invalid(too_long()));
    }
    if digits.digit_count() < 3 {
        return PhoneInfo::from_verdict(Verdict::invalid(too_short()));
    }
    let raw = digits.as_str();

    // International numbers are parsed without a region: the crate would
    // otherwise strip the *region's* national prefix or carrier code from a
    // foreign number (`+44 121…` read in CN loses "12123" as a carrier code).
    if plus {
        return with_region_check(parse_plus(raw, ext), region);
    }
    let id = match region {
        Region::Known(t) => t,
        Region::None | Region::Unknown => {
            // With no region, `00` is taken as the international prefix: almost
            // every country uses it.
            if let Some(rest) = raw.strip_prefix("00").filter(|r| !r.starts_with('0')) {
                return parse_plus(rest, ext);
            }
            let suggestion = plus_suggestion(raw, ext);
            let issue = if matches!(region, Region::Unknown) {
                Issue::error(
                    "phone.unknown_region",
                    "The row's country is not an ISO 3166 code (like CN or US), so this national number cannot be read; write it with + and the country code.",
                    "该行的国家不是 ISO 3166 代码（如 CN、US），无法识别这个国内号码；请用 + 加国家代码书写。",
                )
            } else {
                Issue::error(
                    "phone.no_region",
                    "A national number but no country to read it in: write it with + and the country code, or set a country column or default region.",
                    "这是国内格式的号码，但不知道属于哪个国家：请用 + 加国家代码书写，或指定国家列或默认地区。",
                )
            };
            return PhoneInfo::from_verdict(Verdict { suggestion, ..Verdict::invalid(issue) });
        }
    };

    // The region's own international prefix (CN 00, US 011, JP 010, …).
    if let Some(rest) = after_idd(id, raw) {
        return with_region_check(parse_plus(rest, ext), region);
    }
    let national = parse_number(raw, Some(id), ext);
    // A region whose international prefix is not `00` still sees `00 86 …`
    // often enough: try it when the national reading fails.
    if !national.verdict.valid {
        if let Some(rest) = raw.strip_prefix("00").filter(|r| r.len() > 3 && !r.starts_with('0')) {
            let intl = parse_plus(rest, ext);
            if intl.verdict.valid {
                return with_region_check(intl, region);
            }
        }
    }
    with_region_check(national, region)
}

/// What follows the territory's international prefix at the start of `raw`.
fn after_idd<'a>(t: &Territory, raw: &'a str) -> Option<&'a str> {
    let m = t.compiled().idd.as_ref()?.for_text(raw)?.find(raw)?;
    let rest = &raw[m.end()..];
    (rest.len() > 3 && !rest.starts_with('0')).then_some(rest)
}

/// Parses `+digits`.
fn parse_plus(digits: &str, ext: &str) -> PhoneInfo {
    let mut buf = Digits::new();
    buf.push(b'+');
    for b in digits.bytes() {
        buf.push(b);
    }
    if buf.overflow {
        return PhoneInfo::from_verdict(Verdict::invalid(too_long()));
    }
    parse_number(buf.as_str(), None, ext)
}

/// Adds `phone.region_mismatch` when a valid number belongs elsewhere.
fn with_region_check(mut info: PhoneInfo, region: Region) -> PhoneInfo {
    if let (true, Region::Known(expected), Some(found)) = (info.verdict.valid, region, info.region) {
        // Regions that share a calling code (US and CA, GB and GG) are too
        // entangled for a warning to help.
        let code = |id: &str| metadata().by_id(id).map(|t| t.code);
        if expected.id != found && Some(expected.code) != code(found) {
            let expected = expected.id;
            info.verdict = info.verdict.with(Issue::warning(
                "phone.region_mismatch",
                format!("A valid number, but from {found}, not {expected}."),
                format!("号码有效，但属于 {found}，而不是 {expected}。"),
            ));
        }
    }
    info
}

/// `+digits` when that is a valid number, for `phone.no_region`.
fn plus_suggestion(digits: &str, ext: &str) -> Option<String> {
    if digits.len() < 4 || digits.starts_with('0') {
        return None;
    }
    let info = parse_plus(digits, ext);
    if info.verdict.valid {
        info.verdict.normalized
    } else {
        None
    }
}

fn country_code_error() -> PhoneInfo {
    PhoneInfo::from_verdict(Verdict::invalid(Issue::error(
        "phone.country_code",
        "The number starts with a country calling code that does not exist.",
        "号码开头的国际区号不存在。",
    )))
}

/// Parses `text` (ASCII digits with an optional leading `+`), read in
/// `region` when it is national.
fn parse_number(text: &str, region: Option<&'static Territory>, ext: &str) -> PhoneInfo {
    let number = match parse::parse(region, text) {
        Ok(n) => n,
        Err(ParseError::InvalidCountryCode) => return country_code_error(),
        Err(ParseError::TooShortNsn) => return PhoneInfo::from_verdict(Verdict::invalid(too_short())),
        Err(ParseError::TooLong) => return PhoneInfo::from_verdict(Verdict::invalid(too_long())),
        Err(ParseError::NoNumber) | Err(ParseError::MalformedInteger) => {
            return unparseable("Not a phone number.", "不是电话号码。")
        }
    };

    let national = number.national.as_str();
    let (meta, kind) = match source_and_type(number.code, national) {
        Some((t, kind)) => (Some(t), kind),
        None => (None, None),
    };
    let e164 = e164(number.code, national, ext);

    if let Some(kind) = kind {
        let region = meta.filter(|t| t.is_region()).map(|t| t.id);
        return PhoneInfo { verdict: Verdict::ok(e164), kind: Some(kind.name()), region };
    }

    // Not valid: say why, by length.
    let Some(meta) = meta.or_else(|| metadata().by_code(number.code).first()) else {
        return country_code_error();
    };
    invalid_number(meta, national.len(), e164)
}

/// The verdict on a number no range of `meta` matches.
fn invalid_number(meta: &Territory, len: usize, e164: String) -> PhoneInfo {
    let lengths = Lengths::of(meta, len);
    if lengths.local_only || len < lengths.min {
        return PhoneInfo::from_verdict(Verdict::invalid(too_short()));
    }
    if len > lengths.max {
        return PhoneInfo::from_verdict(Verdict::invalid(too_long()));
    }
    let id = meta.id;
    let (en, zh) = if lengths.possible {
        (
            format!("{e164} is not a valid number in {id}: no number range there matches it."),
            format!("{e164} 不是 {id} 的有效号码：不属于任何号段。"),
        )
    } else {
        (
            format!("{e164} is not a valid number in {id}: no number there has {len} digits."),
            format!("{e164} 不是 {id} 的有效号码：该地区没有 {len} 位的号码。"),
        )
    };
    let mut v = Verdict::invalid(Issue::error("phone.invalid_number", en, zh));
    if lengths.possible {
        v.suggestion = Some(e164);
    }
    PhoneInfo::from_verdict(v)
}

/// The national-number lengths of a region, over all its number types (the
/// metadata keeps them per type; its "general" list is empty).
struct Lengths {
    min: usize,
    max: usize,
    /// The length asked about is one some type has.
    possible: bool,
    /// The length asked about is only dialable locally (area code missing).
    local_only: bool,
}

impl Lengths {
    fn of(meta: &Territory, len: usize) -> Self {
        let (mut all, mut local) = (0u32, 0u32);
        for desc in meta.descs.iter().flatten() {
            all |= desc.lengths;
            local |= desc.local;
        }
        let bit = metadata::length_bit(len);
        let union = metadata::Descriptor { pattern: "", lengths: all, local };
        let mut out = match union.min_max() {
            Some((min, max)) => Lengths { min, max, possible: all & bit != 0, local_only: false },
            // No lengths at all: judge by the E.164 limits.
            None => Lengths { min: 2, max: 17, possible: (2..=17).contains(&len), local_only: false },
        };
        out.local_only = local & bit != 0 && !out.possible;
        out
    }
}

/// `+8613800138000`, or `+14155550100;ext=123`.
fn e164(code: u16, national: &str, ext: &str) -> String {
    let mut out = String::with_capacity(20 + if ext.is_empty() { 0 } else { 5 + ext.len() });
    out.push('+');
    // Writing into a String cannot fail.
    let _ = write!(out, "{code}");
    out.push_str(national);
    if !ext.is_empty() {
        out.push_str(";ext=");
        out.push_str(ext);
    }
    out
}

#[cfg(test)]
mod tests;
