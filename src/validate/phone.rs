//! Phone numbers, checked against libphonenumber's metadata (the
//! [`phonenumber`] crate) and normalized to E.164.
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
//! # Cost
//!
//! The metadata (about 0.5 MB, in the binary) is decoded on the first call,
//! about 0.1 s natively, and a region's patterns are compiled the first time
//! a number of that region is seen (a few ms). After that a call takes
//! 1–3 µs natively. Two things keep it there:
//!
//! * the number type is decided with this module's own compiled copies of
//!   the region's patterns (`TypeMatchers`) rather than through the crate,
//!   whose patterns sit in a shared LRU cache that hashes the (long) pattern
//!   text on every use;
//! * that LRU cache, still used by the crate's parser, is enlarged once from
//!   100 patterns to [`REGEX_CACHE_CAPACITY`], so that a file mixing many
//!   countries does not evict and recompile them over and over.

use std::collections::HashMap;
use std::fmt::Write as _;
use std::sync::{Arc, Mutex, Once, OnceLock};

use phonenumber::country::Id;
use phonenumber::metadata::DATABASE;
use phonenumber::{Metadata, ParseError, PhoneNumber, Type};

use super::{Issue, Verdict};

/// How many compiled regular expressions the metadata's LRU cache keeps
/// (the crate's default is 100, about six countries' worth).
pub const REGEX_CACHE_CAPACITY: usize = 1500;

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

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Region {
    None,
    Known(Id),
    Unknown,
}

impl Region {
    fn id(self) -> Option<Id> {
        match self {
            Region::Known(id) => Some(id),
            _ => None,
        }
    }
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
    match code.parse::<Id>() {
        Ok(id) if DATABASE.by_id(code).is_some() => Region::Known(id),
        _ => Region::Unknown,
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
        Region::Known(id) => id,
        Region::None | Region::Unknown => {
            // With no region, `00` is taken as the international prefix: almost
            // every country uses it.
            if let Some(rest) = raw.strip_prefix("00").filter(|r| !r.starts_with('0')) {
                return parse_plus(rest, ext);
            }
            let suggestion = plus_suggestion(raw, ext);
            let issue = if region == Region::Unknown {
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

/// What follows `id`'s international prefix at the start of `raw`.
fn after_idd(id: Id, raw: &str) -> Option<&str> {
    let re = DATABASE.by_id(id.as_ref())?.international_prefix()?;
    let m = re.find(raw)?;
    let rest = &raw[m.end()..];
    (m.start() == 0 && rest.len() > 3 && !rest.starts_with('0')).then_some(rest)
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
    if let (true, Some(expected), Some(found)) = (info.verdict.valid, region.id(), info.region) {
        // Regions that share a calling code (US and CA, GB and GG) are too
        // entangled for a warning to help.
        let code = |id: &str| DATABASE.by_id(id).map(Metadata::country_code);
        if expected.as_ref() != found && code(expected.as_ref()) != code(found) {
            info.verdict = info.verdict.with(Issue::warning(
                "phone.region_mismatch",
                format!("A valid number, but from {found}, not {}.", expected.as_ref()),
                format!("号码有效，但属于 {found}，而不是 {}。", expected.as_ref()),
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

fn ensure_cache_capacity() {
    static ONCE: Once = Once::new();
    ONCE.call_once(|| {
        if let Ok(mut cache) = DATABASE.cache().lock() {
            if cache.capacity() < REGEX_CACHE_CAPACITY {
                cache.set_capacity(REGEX_CACHE_CAPACITY);
            }
        }
    });
}

/// Parses `text` (ASCII digits with an optional leading `+`) with the crate.
fn parse_number(text: &str, region: Option<Id>, ext: &str) -> PhoneInfo {
    ensure_cache_capacity();
    let number = match phonenumber::parse(region, text) {
        Ok(n) => n,
        Err(ParseError::InvalidCountryCode) => {
            return PhoneInfo::from_verdict(Verdict::invalid(Issue::error(
                "phone.country_code",
                "The number starts with a country calling code that does not exist.",
                "号码开头的国际区号不存在。",
            )))
        }
        Err(ParseError::TooShortAfterIdd) | Err(ParseError::TooShortNsn) => {
            return PhoneInfo::from_verdict(Verdict::invalid(too_short()))
        }
        Err(ParseError::TooLong) => return PhoneInfo::from_verdict(Verdict::invalid(too_long())),
        Err(ParseError::NoNumber) | Err(ParseError::MalformedInteger(_)) => {
            return unparseable("Not a phone number.", "不是电话号码。")
        }
    };

    let national = NationalDigits::of(&number);
    let meta = source_for(number.code().value(), national.as_str());
    let kind = match meta {
        Some(meta) => number_type(meta, &number, national.as_str()),
        None => Type::Unknown,
    };
    let e164 = e164(&number, ext);

    if kind != Type::Unknown {
        let region = meta.map(Metadata::id).filter(|id| id.len() == 2);
        return PhoneInfo { verdict: Verdict::ok(e164), kind: Some(kind_name(kind)), region };
    }

    // Not valid: say why, by length.
    let code = number.code().value();
    let meta = meta.or_else(|| DATABASE.by_code(&code).and_then(|m| m.into_iter().next()));
    let Some(meta) = meta else {
        return PhoneInfo::from_verdict(Verdict::invalid(Issue::error(
            "phone.country_code",
            "The number starts with a country calling code that does not exist.",
            "号码开头的国际区号不存在。",
        )));
    };
    let len = national.len;
    let lengths = Lengths::of(meta, len);
    let issue = if lengths.local_only || len < lengths.min {
        too_short()
    } else if len > lengths.max {
        too_long()
    } else {
        let id = meta.id();
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
        return PhoneInfo::from_verdict(v);
    };
    PhoneInfo::from_verdict(Verdict::invalid(issue))
}

/// The national significant number as digits, leading zeros included
/// (Italy's `02…`), without allocating.
struct NationalDigits {
    buf: [u8; 24],
    len: usize,
}

impl NationalDigits {
    fn of(number: &PhoneNumber) -> NationalDigits {
        let national = number.national();
        let mut out = NationalDigits { buf: [0; 24], len: 0 };
        let zeros = usize::from(national.zeros()).min(4);
        for _ in 0..zeros {
            out.buf[out.len] = b'0';
            out.len += 1;
        }
        let mut digits = [0u8; 20];
        let mut n = 0;
        let mut v = national.value();
        loop {
            digits[n] = b'0' + (v % 10) as u8;
            n += 1;
            v /= 10;
            if v == 0 || n == digits.len() {
                break;
            }
        }
        for &d in digits[..n].iter().rev() {
            out.buf[out.len] = d;
            out.len += 1;
        }
        out
    }

    fn as_str(&self) -> &str {
        std::str::from_utf8(&self.buf[..self.len]).unwrap_or("")
    }
}

/// The region whose metadata applies to a number: `phonenumber`'s
/// `validator::source_for`. (`PhoneNumber::metadata` passes it the national
/// number without its leading zeros, and so finds no region for Italian
/// numbers, which its own `is_valid` accepts.)
fn source_for(code: u16, national: &str) -> Option<&'static Metadata> {
    let regions = DATABASE.region(&code)?;
    if let [only] = regions[..] {
        return if only == "001" {
            DATABASE.by_code(&code)?.into_iter().next()
        } else {
            DATABASE.by_id(only)
        };
    }
    for region in regions {
        let Some(meta) = DATABASE.by_id(region) else { continue };
        match meta.leading_digits() {
            Some(leading) => {
                if leading.find(national).is_some_and(|m| m.start() == 0) {
                    return Some(meta);
                }
            }
            None => {
                if TypeMatchers::of(meta).is_some_and(|m| m.number_type(national) != Type::Unknown) {
                    return Some(meta);
                }
            }
        }
    }
    None
}

/// The number's type, as `phonenumber`'s own `number_type` decides it, with
/// the region's patterns compiled once into plain anchored `Regex`es: the
/// crate's regular expressions sit in a shared LRU cache that hashes each
/// (long) pattern on every use, which made this step about 2.4 µs of a 6 µs
/// call.
fn number_type(meta: &'static Metadata, number: &PhoneNumber, national: &str) -> Type {
    match TypeMatchers::of(meta) {
        Some(m) => m.number_type(national),
        None => number.number_type(&DATABASE),
    }
}

/// One descriptor's pattern, anchored at the start (the crate accepts a
/// match that starts at 0), and its possible lengths.
struct Matcher {
    re: regex::Regex,
    lengths: &'static [u16],
}

impl Matcher {
    fn new(desc: &'static phonenumber::metadata::Descriptor) -> Option<Matcher> {
        // The crate compiles its patterns in free-spacing mode; the newline
        // ends a `#` comment before the closing parenthesis.
        let source = format!("^(?:{}\n)", desc.national_number().as_str());
        let re = regex::RegexBuilder::new(&source).ignore_whitespace(true).build().ok()?;
        Some(Matcher { re, lengths: desc.possible_length() })
    }

    fn optional(desc: Option<&'static phonenumber::metadata::Descriptor>) -> Option<Option<Matcher>> {
        match desc {
            None => Some(None),
            Some(d) => Matcher::new(d).map(Some),
        }
    }

    fn is_match(&self, value: &str) -> bool {
        let len = u16::try_from(value.len()).unwrap_or(u16::MAX);
        (self.lengths.is_empty() || self.lengths.contains(&len)) && self.re.is_match(value)
    }
}

fn matches(m: &Option<Matcher>, value: &str) -> bool {
    m.as_ref().is_some_and(|m| m.is_match(value))
}

/// A region's type patterns, compiled.
struct TypeMatchers {
    general: Matcher,
    premium_rate: Option<Matcher>,
    toll_free: Option<Matcher>,
    shared_cost: Option<Matcher>,
    voip: Option<Matcher>,
    personal_number: Option<Matcher>,
    pager: Option<Matcher>,
    uan: Option<Matcher>,
    voicemail: Option<Matcher>,
    fixed_line: Option<Matcher>,
    mobile: Option<Matcher>,
    /// Fixed-line and mobile numbers share one pattern (US, CA, …).
    same_fixed_and_mobile: bool,
}

type MatcherCache = Mutex<HashMap<&'static str, Option<Arc<TypeMatchers>>>>;

impl TypeMatchers {
    /// The compiled patterns of `meta`'s region (compiled on first use), or
    /// `None` if one would not compile (then the crate decides).
    fn of(meta: &'static Metadata) -> Option<Arc<TypeMatchers>> {
        static CACHE: OnceLock<MatcherCache> = OnceLock::new();
        let mut cache = CACHE.get_or_init(Default::default).lock().ok()?;
        cache.entry(meta.id()).or_insert_with(|| TypeMatchers::compile(meta).map(Arc::new)).clone()
    }

    fn compile(meta: &'static Metadata) -> Option<TypeMatchers> {
        let d = meta.descriptors();
        let same_fixed_and_mobile = match (d.fixed_line(), d.mobile()) {
            (Some(f), Some(m)) => f.national_number().as_str() == m.national_number().as_str(),
            _ => false,
        };
        Some(TypeMatchers {
            general: Matcher::new(d.general())?,
            premium_rate: Matcher::optional(d.premium_rate())?,
            toll_free: Matcher::optional(d.toll_free())?,
            shared_cost: Matcher::optional(d.shared_cost())?,
            voip: Matcher::optional(d.voip())?,
            personal_number: Matcher::optional(d.personal_number())?,
            pager: Matcher::optional(d.pager())?,
            uan: Matcher::optional(d.uan())?,
            voicemail: Matcher::optional(d.voicemail())?,
            fixed_line: Matcher::optional(d.fixed_line())?,
            mobile: Matcher::optional(d.mobile())?,
            same_fixed_and_mobile,
        })
    }

    /// `phonenumber`'s `validator::number_type`, step for step.
    fn number_type(&self, national: &str) -> Type {
        if !self.general.is_match(national) {
            return Type::Unknown;
        }
        for (m, kind) in [
            (&self.premium_rate, Type::PremiumRate),
            (&self.toll_free, Type::TollFree),
            (&self.shared_cost, Type::SharedCost),
            (&self.voip, Type::Voip),
            (&self.personal_number, Type::PersonalNumber),
            (&self.pager, Type::Pager),
            (&self.uan, Type::Uan),
            (&self.voicemail, Type::Voicemail),
        ] {
            if matches(m, national) {
                return kind;
            }
        }
        if matches(&self.fixed_line, national) {
            if self.same_fixed_and_mobile || matches(&self.mobile, national) {
                return Type::FixedLineOrMobile;
            }
            return Type::FixedLine;
        }
        if matches(&self.mobile, national) {
            return Type::Mobile;
        }
        Type::Unknown
    }
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
    fn of(meta: &Metadata, len: usize) -> Self {
        let d = meta.descriptors();
        let all = [
            Some(d.general()),
            d.fixed_line(),
            d.mobile(),
            d.toll_free(),
            d.premium_rate(),
            d.shared_cost(),
            d.personal_number(),
            d.voip(),
            d.pager(),
            d.uan(),
            d.voicemail(),
        ];
        let mut out = Lengths { min: usize::MAX, max: 0, possible: false, local_only: false };
        let mut local = false;
        for desc in all.into_iter().flatten() {
            for &l in desc.possible_length() {
                let l = usize::from(l);
                out.min = out.min.min(l);
                out.max = out.max.max(l);
                out.possible |= l == len;
            }
            local |= desc.possible_local_length().iter().any(|&l| usize::from(l) == len);
        }
        if out.min == usize::MAX {
            // No lengths at all: judge by the E.164 limits.
            out.min = 2;
            out.max = 17;
            out.possible = (2..=17).contains(&len);
        }
        out.local_only = local && !out.possible;
        out
    }
}

/// `+8613800138000`, or `+14155550100;ext=123`.
fn e164(number: &PhoneNumber, ext: &str) -> String {
    let national = number.national();
    let mut out = String::with_capacity(20 + if ext.is_empty() { 0 } else { 5 + ext.len() });
    out.push('+');
    // Writing into a String cannot fail.
    let _ = write!(out, "{}", number.code().value());
    for _ in 0..national.zeros() {
        out.push('0');
    }
    let _ = write!(out, "{}", national.value());
    if !ext.is_empty() {
        out.push_str(";ext=");
        out.push_str(ext);
    }
    out
}

fn kind_name(kind: Type) -> &'static str {
    match kind {
        Type::FixedLine => "fixed_line",
        Type::Mobile => "mobile",
        Type::FixedLineOrMobile => "fixed_line_or_mobile",
        Type::TollFree => "toll_free",
        Type::PremiumRate => "premium_rate",
        Type::SharedCost => "shared_cost",
        Type::PersonalNumber => "personal_number",
        Type::Voip => "voip",
        Type::Pager => "pager",
        Type::Uan => "uan",
        Type::Emergency => "emergency",
        Type::Voicemail => "voicemail",
        Type::ShortCode => "short_code",
        Type::StandardRate => "standard_rate",
        Type::Carrier => "carrier",
        Type::NoInternational => "no_international",
        Type::Unknown => "unknown",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn opts(region: Option<&str>) -> PhoneOptions {
        PhoneOptions { default_region: region.map(str::to_owned) }
    }

    fn check(value: &str, region: Option<&str>) -> PhoneInfo {
        check_phone(value, region, &PhoneOptions::default())
    }

    /// (input, region, E.164 when valid, valid), as libphonenumber's metadata
    /// (9.0.33, in `phonenumber` 0.3.10) judges them. Where that surprises,
    /// a note says so.
    #[rustfmt::skip]
    const TABLE: &[(&str, Option<&str>, Option<&str>, bool)] = &[
        ("13800138000", Some("CN"), Some("+8613800138000"), true),
        ("13912345678", Some("CN"), Some("+8613912345678"), true),
        ("15012345678", Some("CN"), Some("+8615012345678"), true),
        ("18612345678", Some("CN"), Some("+8618612345678"), true),
        ("17712345678", Some("CN"), Some("+8617712345678"), true),
        ("19912345678", Some("CN"), Some("+8619912345678"), true),
        ("16612345678", Some("CN"), Some("+8616612345678"), true),
        ("14712345678", Some("CN"), Some("+8614712345678"), true),
        ("135 1234 5678", Some("CN"), Some("+8613512345678"), true),
        ("188-8888-8888", Some("CN"), Some("+8618888888888"), true),
        ("+86 138 0013 8000", Some("CN"), Some("+8613800138000"), true),
        ("0086-139-1234-5678", Some("CN"), Some("+8613912345678"), true),
        ("86 15012345678", Some("CN"), Some("+8615012345678"), true),
        ("+86-186-1234-5678", Some("CN"), Some("+8618612345678"), true),
        ("010-12345678", Some("CN"), Some("+861012345678"), true),
        ("(010) 1234 5678", Some("CN"), Some("+861012345678"), true),
        ("021-61234567", Some("CN"), Some("+862161234567"), true),
        ("020 8888 9999", Some("CN"), Some("+862088889999"), true),
        ("0755-26888888", Some("CN"), Some("+8675526888888"), true),
        ("0571-87654321", Some("CN"), Some("+8657187654321"), true),
        ("028 8512 3456", Some("CN"), Some("+862885123456"), true),
        ("023-63123456", Some("CN"), Some("+862363123456"), true),
        ("0512-65123456", Some("CN"), Some("+8651265123456"), true),
        ("+86 10 1234 5678", Some("CN"), Some("+861012345678"), true),
        ("+86 (0)21 6123 4567", Some("CN"), Some("+862161234567"), true),
        ("0086 20 8888 9999", Some("CN"), Some("+862088889999"), true),
        ("400-123-4567", Some("CN"), Some("+864001234567"), true), // shared cost
        ("800-123-4567", Some("CN"), Some("+868001234567"), true), // toll-free
        ("1380013800", Some("CN"), None, false),
        ("138001380001", Some("CN"), None, false),
        ("12345678901", Some("CN"), None, false), // "12345" read as a carrier code, 678901 left
        ("10086", Some("CN"), None, false),
        ("000-00000000", Some("CN"), None, false),
        ("+86 138 0013 800", Some("CN"), None, false),
        ("+86 1380 0138 0000", Some("CN"), None, false),
        ("201-555-0123", Some("US"), Some("+12015550123"), true), // 555-01xx is fictional, but the metadata accepts it
        ("(201) 555-0123", Some("US"), Some("+12015550123"), true),
        ("415-555-0100", Some("US"), Some("+14155550100"), true), // fictional, accepted by the metadata
        ("(212) 736-5000", Some("US"), Some("+12127365000"), true),
        ("650.253.0000", Some("US"), Some("+16502530000"), true),
        ("+1 202 456 1111", Some("US"), Some("+12024561111"), true),
        ("1 (650) 253-0000", Some("US"), Some("+16502530000"), true),
        ("001 650 253 0000", Some("US"), Some("+16502530000"), true),
        ("011 1 650 253 0000", Some("US"), Some("+16502530000"), true),
        ("+1-800-234-5678", Some("US"), Some("+18002345678"), true),
        ("800 234 5678", Some("US"), Some("+18002345678"), true),
        ("(213) 621-0002", Some("US"), Some("+12136210002"), true),
        ("305-555-0199", Some("US"), Some("+13055550199"), true), // fictional, accepted by the metadata
        ("123-456-7890", Some("US"), None, false), // the leading 1 is the trunk prefix: 9 digits left
        ("555-555-5555", Some("US"), None, false),
        ("911", Some("US"), None, false),
        ("202-456-111", Some("US"), None, false),
        ("202-456-11111", Some("US"), None, false),
        ("(000) 123-4567", Some("US"), None, false),
        ("+1 212 736 50001", Some("US"), None, false),
        ("020 7946 0958", Some("GB"), Some("+442079460958"), true),
        ("0121 234 5678", Some("GB"), Some("+441212345678"), true),
        ("0161 496 0000", Some("GB"), Some("+441614960000"), true),
        ("07700 900123", Some("GB"), None, false), // Ofcom drama range: libphonenumber excludes it
        ("07400 123456", Some("GB"), Some("+447400123456"), true),
        ("07911 123456", Some("GB"), Some("+447911123456"), true), // a Guernsey mobile (+44 7911 1…): region GG, same calling code, no warning
        ("+44 20 7946 0958", Some("GB"), Some("+442079460958"), true),
        ("+44 7911 123456", Some("GB"), Some("+447911123456"), true), // Guernsey, see above
        ("0044 161 496 0000", Some("GB"), Some("+441614960000"), true),
        ("+44 (0)121 234 5678", Some("GB"), Some("+441212345678"), true),
        ("0800 123 4567", Some("GB"), Some("+448001234567"), true),
        ("0131 496 0000", Some("GB"), Some("+441314960000"), true),
        ("029 2018 0000", Some("GB"), Some("+442920180000"), true),
        ("020 7946 095", Some("GB"), None, false),
        ("07700 9001234", Some("GB"), None, false),
        ("0999 999 9999", Some("GB"), None, false),
        ("+44 7911 12345", Some("GB"), None, false),
        ("123", Some("GB"), None, false),
        ("030 123456", Some("DE"), Some("+4930123456"), true),
        ("030 12345678", Some("DE"), Some("+493012345678"), true),
        ("089 1234567", Some("DE"), Some("+49891234567"), true),
        ("040 12345678", Some("DE"), Some("+494012345678"), true),
        ("0151 23456789", Some("DE"), Some("+4915123456789"), true),
        ("0170 1234567", Some("DE"), Some("+491701234567"), true),
        ("0176 12345678", Some("DE"), Some("+4917612345678"), true),
        ("+49 30 1234567", Some("DE"), Some("+49301234567"), true),
        ("0049 89 12345678", Some("DE"), Some("+498912345678"), true),
        ("+49 (0)151 23456789", Some("DE"), Some("+4915123456789"), true),
        ("069 1234 5678", Some("DE"), Some("+496912345678"), true),
        ("0221 1234567", Some("DE"), Some("+492211234567"), true),
        ("0800 1234567", Some("DE"), Some("+498001234567"), true),
        ("0151 234", Some("DE"), None, false),
        ("030 1", Some("DE"), None, false),
        ("0151 234567890123", Some("DE"), None, false),
        ("+49 1", Some("DE"), None, false),
        ("01 23 45 67 89", Some("FR"), Some("+33123456789"), true),
        ("06 12 34 56 78", Some("FR"), Some("+33612345678"), true),
        ("07 12 34 56 78", Some("FR"), None, false), // 07 1x is unallocated (mobiles are 073–079)
        ("04 91 23 45 67", Some("FR"), Some("+33491234567"), true),
        ("+33 1 42 68 53 00", Some("FR"), Some("+33142685300"), true),
        ("0033 6 12 34 56 78", Some("FR"), Some("+33612345678"), true),
        ("+33 (0)6 12 34 56 78", Some("FR"), Some("+33612345678"), true),
        ("05 56 12 34 56", Some("FR"), Some("+33556123456"), true),
        ("09 12 34 56 78", Some("FR"), Some("+33912345678"), true),
        ("0800 12 34 56", Some("FR"), Some("+33800123456"), true),
        ("06.12.34.56.78", Some("FR"), Some("+33612345678"), true),
        ("06 12 34 56 7", Some("FR"), None, false),
        ("06 12 34 56 789", Some("FR"), None, false),
        ("00 12 34 56 78", Some("FR"), None, false),
        ("+33 6 12 34 56", Some("FR"), None, false),
        ("03-1234-5678", Some("JP"), Some("+81312345678"), true),
        ("06-1234-5678", Some("JP"), Some("+81612345678"), true),
        ("090-1234-5678", Some("JP"), Some("+819012345678"), true),
        ("080-1234-5678", Some("JP"), Some("+818012345678"), true),
        ("070-1234-5678", Some("JP"), Some("+817012345678"), true),
        ("0120-123-456", Some("JP"), Some("+81120123456"), true),
        ("011-123-4567", Some("JP"), None, false), // no such Sapporo range in the metadata
        ("+81 3 1234 5678", Some("JP"), Some("+81312345678"), true),
        ("+81 90 1234 5678", Some("JP"), Some("+819012345678"), true),
        ("+81 (0)90-1234-5678", Some("JP"), Some("+819012345678"), true),
        ("052-123-4567", Some("JP"), Some("+81521234567"), true),
        ("090-1234-567", Some("JP"), None, false),
        ("03-1234-567", Some("JP"), None, false),
        ("090-1234-56789", Some("JP"), None, false),
        ("98765 43210", Some("IN"), Some("+919876543210"), true),
        ("91234 56789", Some("IN"), None, false), // read as +91 then 23456789: libphonenumber strips the leading 91
        ("011 2345 6789", Some("IN"), Some("+911123456789"), true),
        ("022 2345 6789", Some("IN"), Some("+912223456789"), true),
        ("080 2345 6789", Some("IN"), Some("+918023456789"), true),
        ("+91 98765 43210", Some("IN"), Some("+919876543210"), true),
        ("0091 98765 43210", Some("IN"), Some("+919876543210"), true),
        ("+91-22-2345-6789", Some("IN"), Some("+912223456789"), true),
        ("09876543210", Some("IN"), Some("+919876543210"), true),
        ("70123 45678", Some("IN"), Some("+917012345678"), true),
        ("1800 123 4567", Some("IN"), Some("+9118001234567"), true),
        ("12345 67890", Some("IN"), Some("+911234567890"), true), // a fixed-line range per the metadata
        ("98765 4321", Some("IN"), None, false),
        ("98765 432100", Some("IN"), None, false),
        ("(11) 91234-5678", Some("BR"), Some("+5511912345678"), true),
        ("(21) 98765-4321", Some("BR"), Some("+5521987654321"), true),
        ("(11) 2345-6789", Some("BR"), Some("+551123456789"), true),
        ("(21) 2345-6789", Some("BR"), Some("+552123456789"), true),
        ("+55 11 91234 5678", Some("BR"), Some("+5511912345678"), true),
        ("+55 21 2345 6789", Some("BR"), Some("+552123456789"), true),
        ("011 91234 5678", Some("BR"), Some("+5511912345678"), true),
        ("(31) 3123-4567", Some("BR"), Some("+553131234567"), true),
        ("(61) 99123-4567", Some("BR"), Some("+5561991234567"), true),
        ("0800 123 4567", Some("BR"), Some("+558001234567"), true),
        ("(11) 1234-5678", Some("BR"), None, false),
        ("(11) 91234-567", Some("BR"), None, false),
        ("(11) 91234-56789", Some("BR"), None, false),
        ("0412 345 678", Some("AU"), Some("+61412345678"), true),
        ("0491 570 156", Some("AU"), Some("+61491570156"), true), // ACMA fictional range, accepted by the metadata
        ("(02) 9876 5432", Some("AU"), Some("+61298765432"), true),
        ("(03) 9123 4567", Some("AU"), Some("+61391234567"), true),
        ("(07) 3123 4567", Some("AU"), Some("+61731234567"), true),
        ("(08) 9123 4567", Some("AU"), Some("+61891234567"), true),
        ("+61 412 345 678", Some("AU"), Some("+61412345678"), true),
        ("+61 2 9876 5432", Some("AU"), Some("+61298765432"), true),
        ("0011 61 412 345 678", Some("AU"), Some("+61412345678"), true),
        ("1800 123 456", Some("AU"), Some("+611800123456"), true),
        ("1300 123 456", Some("AU"), Some("+611300123456"), true),
        ("0412 345 67", Some("AU"), None, false),
        ("0012 345 678", Some("AU"), None, false),
        ("0412 345 6789", Some("AU"), None, false),
        ("13800138000", Some("US"), None, false), // a CN mobile in the wrong region
        ("07400 123456", Some("DE"), Some("+497400123456"), true), // a GB mobile, but also a valid German landline
        ("030 123456", Some("FR"), None, false), // a DE landline in the wrong region
        ("0412 345 678", Some("JP"), None, false), // an AU mobile in the wrong region
        ("090-1234-5678", Some("AU"), None, false), // a JP mobile in the wrong region
        ("98765 43210", Some("BR"), Some("+559876543210"), true), // area code 98 + a landline: valid in BR too
        ("(11) 91234-5678", Some("IN"), None, false), // a BR mobile in the wrong region
        ("06 12 34 56 78", Some("GB"), None, false), // a FR mobile in the wrong region
        ("+1 201 555 0123", Some("CN"), Some("+12015550123"), true), // international: the region does not matter (warning)
        ("+49 30 123456", Some("GB"), Some("+4930123456"), true),
        ("+33 6 12 34 56 78", Some("DE"), Some("+33612345678"), true),
        ("+44 20 7946 0958", None, Some("+442079460958"), true),
        ("+1 650 253 0000", None, Some("+16502530000"), true),
        ("+33 6 12 34 56 78", None, Some("+33612345678"), true),
        ("+49 151 23456789", None, Some("+4915123456789"), true),
        ("+81 90 1234 5678", None, Some("+819012345678"), true),
        ("+91 98765 43210", None, Some("+919876543210"), true),
        ("+55 11 91234 5678", None, Some("+5511912345678"), true),
        ("+61 412 345 678", None, Some("+61412345678"), true),
        ("0044 20 7946 0958", None, Some("+442079460958"), true),
        ("0033 612345678", None, Some("+33612345678"), true),
        ("020 7946 0958", None, None, false),
        ("06 12 34 56 78", None, None, false),
        ("4412345", None, None, false),
        ("+86 13800138000 转 8001", Some("CN"), Some("+8613800138000;ext=8001"), true),
        ("021-6123 4567 转 801", Some("CN"), Some("+862161234567;ext=801"), true),
        ("021 6123 4567-801", Some("CN"), Some("+862161234567;ext=801"), true), // extension guessed (warning)
        ("１３９１２３４５６７８", Some("CN"), Some("+8613912345678"), true),
        ("（０１０）１２３４５６７８", Some("CN"), Some("+861012345678"), true),
        ("13800138000", Some("CN"), Some("+8613800138000"), true),
        ("+8613800138000", Some("CN"), Some("+8613800138000"), true),
        ("008613800138000", Some("CN"), Some("+8613800138000"), true),
        ("8613800138000", Some("CN"), Some("+8613800138000"), true),
        ("(0755) 2688 8888", Some("CN"), Some("+8675526888888"), true),
        ("+86 755 2688 8888", Some("CN"), Some("+8675526888888"), true),
        ("0591-87654321", Some("CN"), Some("+8659187654321"), true),
        ("0311-87654321", Some("CN"), Some("+8631187654321"), true),
        ("+86 18612345678 ext. 12", Some("CN"), Some("+8618612345678;ext=12"), true),
        ("17012345678", Some("CN"), Some("+8617012345678"), true),
        ("19012345678", Some("CN"), Some("+8619012345678"), true),
        ("+1 (415) 555-0100 ext. 123", Some("US"), Some("+14155550100;ext=123"), true),
        ("415-555-0100 x123", Some("US"), Some("+14155550100;ext=123"), true),
        ("+1 415 555 0100 #123", Some("US"), Some("+14155550100;ext=123"), true),
        ("14155550100", Some("US"), Some("+14155550100"), true),
        ("+14155550100", Some("US"), Some("+14155550100"), true),
        ("(415)5550100", Some("US"), Some("+14155550100"), true),
        ("+44 (0) 20 7946 0958 ext 12", Some("GB"), Some("+442079460958;ext=12"), true),
        ("+442079460958", Some("GB"), Some("+442079460958"), true),
        ("02079460958", Some("GB"), Some("+442079460958"), true),
        ("+49 30 123456-78", Some("DE"), Some("+493012345678"), true),
        ("030/123456", Some("DE"), Some("+4930123456"), true),
        ("(030) 123456", Some("DE"), Some("+4930123456"), true),
        ("+33612345678", Some("FR"), Some("+33612345678"), true),
        ("0612345678", Some("FR"), Some("+33612345678"), true),
        ("+81-3-1234-5678", Some("JP"), Some("+81312345678"), true),
        ("0312345678", Some("JP"), Some("+81312345678"), true),
        ("+919876543210", Some("IN"), Some("+919876543210"), true),
        ("9876543210", Some("IN"), Some("+919876543210"), true),
        ("+5511912345678", Some("BR"), Some("+5511912345678"), true),
        ("11912345678", Some("BR"), Some("+5511912345678"), true),
        ("+61412345678", Some("AU"), Some("+61412345678"), true),
        ("0412345678", Some("AU"), Some("+61412345678"), true),
        ("(02) 9876 543", Some("AU"), None, false),
    ];

    #[test]
    fn table() {
        assert!(TABLE.len() >= 200);
        let mut failures = Vec::new();
        for &(input, region, e164, valid) in TABLE {
            let info = check(input, region);
            let v = &info.verdict;
            if v.valid != valid || v.normalized.as_deref() != e164 {
                failures.push(format!("{input:?} in {region:?}: got {} {:?} {:?}", v.valid, v.normalized, v.codes()));
            }
            if valid {
                assert!(info.kind.is_some(), "{input}");
                assert!(v.issues.iter().all(|i| i.severity == super::super::Severity::Warning), "{input}");
            } else {
                assert!(info.kind.is_none() && info.region.is_none(), "{input}");
                assert!(!v.issues.is_empty(), "{input}");
            }
        }
        assert!(failures.is_empty(), "{} failures:\n{}", failures.len(), failures.join("\n"));
    }

    #[test]
    fn compiled_types_agree_with_the_crate() {
        let mut compared = 0;
        let mut texts: Vec<&str> = TABLE.iter().filter_map(|&(_, _, e164, _)| e164).collect();
        // Invalid numbers too.
        texts.extend(["+861380013800", "+15555555555", "+4471234", "+447700900123", "+8190123456789"]);
        for text in texts {
            let text = text.split(';').next().unwrap();
            let number = phonenumber::parse(None, text).unwrap();
            let national = NationalDigits::of(&number);
            assert_eq!(national.as_str(), number.national().to_string());
            let ours = source_for(number.code().value(), national.as_str());
            let theirs = number.metadata(&DATABASE);
            assert_eq!(ours.map(Metadata::id), theirs.map(Metadata::id), "{text}");
            let kind = ours.map_or(Type::Unknown, |m| number_type(m, &number, national.as_str()));
            assert_eq!(kind, number.number_type(&DATABASE), "{text}");
            assert_eq!(kind != Type::Unknown, number.is_valid(), "{text}");
            compared += 1;
        }
        assert!(compared > 150);
    }

    #[test]
    fn leading_zero_national_numbers() {
        // Italy keeps its trunk 0 in international numbers. The crate's
        // `is_valid` accepts these; its `metadata()` and `number_type()` lose
        // the zero and find nothing, which `source_for` here avoids.
        for (input, region) in [("+39 02 3661 8300", None), ("02 3661 8300", Some("IT")), ("06 6981 2345", Some("VA"))] {
            let info = check(input, region);
            let crate_valid = phonenumber::parse(None, info.verdict.normalized.as_deref().unwrap_or("+0")).map(|n| n.is_valid());
            assert!(info.verdict.valid, "{input}: {info:?}");
            assert_eq!(crate_valid.ok(), Some(true), "{input}");
        }
        let info = check("+39 02 3661 8300", None);
        assert_eq!(info.verdict.normalized.as_deref(), Some("+390236618300"));
        assert_eq!(info.kind, Some("fixed_line"));
        assert_eq!(info.region, Some("IT"));
    }

    #[test]
    fn chinese_formats() {
        for input in [
            "13800138000",
            "138 0013 8000",
            "138-0013-8000",
            "+86 138 0013 8000",
            "0086 13800138000",
            "86-138-0013-8000",
            "１３８００１３８０００",
            "＋８６　１３８　００１３　８０００",
            "+86 (138) 0013-8000",
        ] {
            let info = check(input, Some("CN"));
            assert_eq!(info.verdict.normalized.as_deref(), Some("+8613800138000"), "{input}");
            assert!(info.verdict.valid && info.verdict.issues.is_empty(), "{input}");
            assert_eq!(info.kind, Some("mobile"));
            assert_eq!(info.region, Some("CN"));
        }
        let info = check("010-12345678", Some("CN"));
        assert_eq!(info.verdict.normalized.as_deref(), Some("+861012345678"));
        assert_eq!(info.kind, Some("fixed_line"));
        let info = check("(020) 8888 9999", Some("CN"));
        assert_eq!(info.verdict.normalized.as_deref(), Some("+862088889999"));
    }

    #[test]
    fn extensions() {
        for (input, region, e164) in [
            ("021-6123 4567 转 801", "CN", "+862161234567;ext=801"),
            ("021-6123 4567转801", "CN", "+862161234567;ext=801"),
            ("021-6123 4567 分机 801", "CN", "+862161234567;ext=801"),
            ("021-6123 4567 分機801", "CN", "+862161234567;ext=801"),
            ("+1 415-555-0100 ext. 123", "US", "+14155550100;ext=123"),
            ("+1 415-555-0100 ext 123", "US", "+14155550100;ext=123"),
            ("+1 415-555-0100 extension: 123", "US", "+14155550100;ext=123"),
            ("(415) 555-0100 x123", "US", "+14155550100;ext=123"),
            ("(415) 555-0100 X 123", "US", "+14155550100;ext=123"),
            ("415-555-0100 #123", "US", "+14155550100;ext=123"),
            ("tel:+1-415-555-0100;ext=123", "US", "+14155550100;ext=123"),
            ("+1 415 555 0100 x123#", "US", "+14155550100;ext=123"),
        ] {
            let v = validate_phone(input, Some(region), &PhoneOptions::default());
            assert!(v.valid, "{input}: {v:?}");
            assert_eq!(v.normalized.as_deref(), Some(e164), "{input}");
            assert!(v.issues.is_empty(), "{input}");
        }
        // A trailing hyphenated group, when the number is only valid without it.
        let v = validate_phone("010-12345678-8001", Some("CN"), &PhoneOptions::default());
        assert_eq!(v.normalized.as_deref(), Some("+861012345678;ext=8001"));
        assert_eq!(v.codes(), ["phone.extension_guessed"]);
        // ... but not when the whole is a valid number (a German direct dial).
        let v = validate_phone("+49 30 123456-78", Some("DE"), &PhoneOptions::default());
        assert_eq!(v.normalized.as_deref(), Some("+493012345678"));
        assert!(v.issues.is_empty());
        // An extension marker with nothing after it is dropped.
        let v = validate_phone("13800138000 ext", Some("CN"), &PhoneOptions::default());
        assert_eq!(v.normalized.as_deref(), Some("+8613800138000"));
        // Misplaced or over-long extensions.
        assert_eq!(check("x123", Some("CN")).verdict.codes(), ["phone.unparseable"]);
        assert_eq!(check("13800138000 x1 x2", Some("CN")).verdict.codes(), ["phone.unparseable"]);
        assert_eq!(check("13800138000 x12345678901", Some("CN")).verdict.codes(), ["phone.unparseable"]);
    }

    #[test]
    fn excel_scientific() {
        // Shortest round-trip rendering: exact.
        let v = validate_phone("1.3800138E+10", Some("CN"), &PhoneOptions::default());
        assert!(!v.valid);
        assert_eq!(v.codes(), ["phone.excel_scientific"]);
        assert_eq!(v.suggestion.as_deref(), Some("+8613800138000"));
        assert!(v.normalized.is_none());
        assert!(v.issues[0].en.contains("survived"));
        // Every digit written: exact.
        let v = validate_phone("1.3912345678E+10", Some("CN"), &PhoneOptions::default());
        assert_eq!(v.suggestion.as_deref(), Some("+8613912345678"));
        let v = validate_phone("1.3912345678e10", Some("CN"), &PhoneOptions::default());
        assert_eq!(v.suggestion.as_deref(), Some("+8613912345678"));
        let v = validate_phone("8.613800138E+12", Some("CN"), &PhoneOptions::default());
        assert_eq!(v.suggestion.as_deref(), Some("+8613800138000"));
        // Excel's General format: 6 significant digits, the rest lost.
        for input in ["1.38001E+10", "1.38E+10", "1,38001E+10", "1.39123E+10"] {
            let v = validate_phone(input, Some("CN"), &PhoneOptions::default());
            assert_eq!(v.codes(), ["phone.excel_scientific"], "{input}");
            assert!(v.suggestion.is_none(), "{input}");
            assert!(v.issues[0].en.contains("lost"), "{input}");
        }
        // Not an integer at all.
        let v = validate_phone("1.38001380001E+5", Some("CN"), &PhoneOptions::default());
        assert!(v.suggestion.is_none());
        // Exact digits that are no valid number: the digits are suggested.
        let v = validate_phone("1.2345678E+7", Some("CN"), &PhoneOptions::default());
        assert_eq!(v.codes(), ["phone.excel_scientific"]);
        assert_eq!(v.suggestion.as_deref(), Some("12345678"));
    }

    #[test]
    fn float_suffix() {
        let v = validate_phone("13800138000.0", Some("CN"), &PhoneOptions::default());
        assert!(v.valid);
        assert_eq!(v.normalized.as_deref(), Some("+8613800138000"));
        assert_eq!(v.codes(), ["phone.float_suffix"]);
        let v = validate_phone("8613800138000.00", Some("CN"), &PhoneOptions::default());
        assert_eq!(v.normalized.as_deref(), Some("+8613800138000"));
        // Dots as group separators are not a float.
        let v = validate_phone("06.12.34.56.78", Some("FR"), &PhoneOptions::default());
        assert_eq!(v.normalized.as_deref(), Some("+33612345678"));
        assert!(v.issues.is_empty());
    }

    #[test]
    fn multiple_numbers() {
        for input in [
            "13800138000, 13912345678",
            "13800138000,13912345678",
            "13800138000；13912345678",
            "13800138000、13912345678",
            "13800138000 / 13912345678",
            "13800138000\n13912345678",
            "13800138000; 010-12345678",
        ] {
            let v = validate_phone(input, Some("CN"), &PhoneOptions::default());
            assert_eq!(v.codes(), ["phone.multiple_numbers"], "{input}");
            assert_eq!(v.suggestion.as_deref(), Some("+8613800138000"), "{input}");
            assert!(v.normalized.is_none());
        }
        // A trailing separator alone is no second number.
        let v = validate_phone("13800138000,", Some("CN"), &PhoneOptions::default());
        assert!(v.valid);
        // The first number invalid: no suggestion.
        let v = validate_phone("1380013800, 13912345678", Some("CN"), &PhoneOptions::default());
        assert_eq!(v.codes(), ["phone.multiple_numbers"]);
        assert!(v.suggestion.is_none());
    }

    #[test]
    fn regions() {
        let cn = opts(Some("CN"));
        // The default region reads national numbers.
        assert!(validate_phone("13800138000", None, &cn).valid);
        // The row's region overrides it.
        let v = validate_phone("020 7946 0958", Some("GB"), &cn);
        assert_eq!(v.normalized.as_deref(), Some("+442079460958"));
        // An empty row region falls back to the default.
        assert!(validate_phone("13800138000", Some(" "), &cn).valid);
        // Any case, and UK for GB.
        assert!(validate_phone("020 7946 0958", Some("gb"), &cn).valid);
        assert!(validate_phone("020 7946 0958", Some("uk"), &cn).valid);
        // No region at all.
        let v = validate_phone("13800138000", None, &PhoneOptions::default());
        assert_eq!(v.codes(), ["phone.no_region"]);
        assert!(v.suggestion.is_none());
        // ... but the digits make a valid number with a "+".
        let v = validate_phone("8613800138000", None, &PhoneOptions::default());
        assert_eq!(v.codes(), ["phone.no_region"]);
        assert_eq!(v.suggestion.as_deref(), Some("+8613800138000"));
        // "00" reads as the international prefix without a region.
        let v = validate_phone("0044 20 7946 0958", None, &PhoneOptions::default());
        assert_eq!(v.normalized.as_deref(), Some("+442079460958"));
        // A region that is no ISO code: national numbers cannot be read...
        let v = validate_phone("13800138000", Some("China"), &cn);
        assert_eq!(v.codes(), ["phone.unknown_region"]);
        // ... international ones can.
        assert!(validate_phone("+86 13800138000", Some("China"), &cn).valid);
        assert!(validate_phone("+86 13800138000", Some("ZZ"), &cn).valid);
    }

    #[test]
    fn international_numbers_ignore_the_region_prefix_rules() {
        // CN's carrier-code rule would eat "12123" from a Birmingham number.
        for (input, region) in [
            ("+44 121 234 5678", "CN"),
            ("0044 121 234 5678", "CN"),
            ("011 44 121 234 5678", "US"),
            ("0044 121 234 5678", "US"), // 00 where US dials 011
        ] {
            let info = check(input, Some(region));
            assert_eq!(info.verdict.normalized.as_deref(), Some("+441212345678"), "{input} in {region}");
            assert_eq!(info.region, Some("GB"));
            assert_eq!(info.verdict.codes(), ["phone.region_mismatch"], "{input} in {region}");
        }
        // The US trunk prefix "1" must not be stripped from a CN mobile.
        let info = check("+86 138 0013 8000", Some("US"));
        assert_eq!(info.verdict.normalized.as_deref(), Some("+8613800138000"));
        let info = check("010 86 13800138000", Some("JP"));
        assert_eq!(info.verdict.normalized.as_deref(), Some("+8613800138000"));
    }

    #[test]
    fn region_mismatch_only_across_calling_codes() {
        let v = validate_phone("+44 20 7946 0958", Some("CN"), &PhoneOptions::default());
        assert!(v.valid);
        assert_eq!(v.codes(), ["phone.region_mismatch"]);
        assert!(v.issues[0].en.contains("GB") && v.issues[0].en.contains("CN"));
        // A Canadian number in a US row: same calling code, no warning.
        let info = check("+1 613 782 7274", Some("US"));
        assert!(info.verdict.valid && info.verdict.issues.is_empty());
        assert_eq!(info.region, Some("CA"));
    }

    #[test]
    fn error_codes() {
        for (input, region, code) in [
            ("", Some("CN"), "phone.empty"),
            ("   ", Some("CN"), "phone.empty"),
            ("abc", Some("CN"), "phone.unparseable"),
            ("手机13800138000", Some("CN"), "phone.unparseable"),
            ("1-800-FLOWERS", Some("US"), "phone.unparseable"),
            ("138+00138000", Some("CN"), "phone.unparseable"),
            ("++8613800138000", Some("CN"), "phone.unparseable"),
            ("---", Some("CN"), "phone.unparseable"),
            ("13800138000 @", Some("CN"), "phone.unparseable"),
            ("+999 1234567", Some("US"), "phone.country_code"),
            ("+0 1234567", None, "phone.country_code"),
            ("1", Some("CN"), "phone.too_short"),
            ("12", Some("CN"), "phone.too_short"),
            ("911", Some("US"), "phone.too_short"),
            ("555-0123", Some("US"), "phone.too_short"), // local only
            ("+49 1", None, "phone.too_short"),
            ("+86 1380013800000000", Some("CN"), "phone.too_long"),
            ("202-456-11111", Some("US"), "phone.too_long"),
            ("1234567890123456789012345678", Some("US"), "phone.too_long"),
            ("1380013800", Some("CN"), "phone.invalid_number"),
            ("555-555-5555", Some("US"), "phone.invalid_number"),
        ] {
            let v = validate_phone(input, region, &PhoneOptions::default());
            assert_eq!(v.codes(), [code], "{input:?}: {v:?}");
            assert!(!v.valid);
            assert!(v.normalized.is_none());
        }
        // Possible but not valid: the E.164 form is the suggestion.
        let v = validate_phone("1380013800", Some("CN"), &PhoneOptions::default());
        assert_eq!(v.suggestion.as_deref(), Some("+861380013800"));
        assert!(v.issues[0].en.contains("+861380013800"));
    }

    #[test]
    fn kinds() {
        for (input, region, kind) in [
            ("13800138000", "CN", "mobile"),
            ("010-12345678", "CN", "fixed_line"),
            ("800-123-4567", "CN", "toll_free"),
            ("400-123-4567", "CN", "shared_cost"),
            ("650-253-0000", "US", "fixed_line_or_mobile"),
            ("800 234 5678", "US", "toll_free"),
            ("07400 123456", "GB", "mobile"),
            ("020 7946 0958", "GB", "fixed_line"),
            ("0151 23456789", "DE", "mobile"),
            ("06 12 34 56 78", "FR", "mobile"),
            ("0120-123-456", "JP", "toll_free"),
            ("98765 43210", "IN", "mobile"),
            ("(11) 91234-5678", "BR", "mobile"),
            ("1300 123 456", "AU", "shared_cost"),
        ] {
            let info = check(input, Some(region));
            assert_eq!(info.kind, Some(kind), "{input}");
            assert_eq!(info.region, Some(region), "{input}");
        }
        // Non-geographic numbers have no region.
        let info = check("+800 1234 5678", None);
        assert!(info.verdict.valid, "{info:?}");
        assert_eq!(info.region, None);
        assert_eq!(info.kind, Some("toll_free"));
    }

    #[test]
    fn messages_are_bilingual() {
        let cn = opts(Some("CN"));
        for input in [
            "", "abc", "1", "1380013800", "+999 123456", "1.38E+10", "1.3800138E+10", "13800138000.0",
            "13800138000, 13912345678", "13800138000 x12345678901", "+44 20 7946 0958", "010-12345678-8001",
        ] {
            for issue in validate_phone(input, None, &cn).issues {
                assert!(issue.code.starts_with("phone."), "{input}");
                assert!(!issue.en.is_empty() && !issue.zh.is_empty(), "{input}");
            }
        }
    }

    #[test]
    fn odd_input_never_panics() {
        let cn = opts(Some("CN"));
        let pieces = [
            "+", "0", "00", "1", "9", "86", "(", ")", "-", " ", "x", "ext", "转", "#", ";", ";ext=", ",", "/",
            "tel:", "e", "E+", ".", "０", "＋", "分机", "phone-context=", "*", "é", "\u{200B}", "99999999",
        ];
        let mut seed: u64 = 0x2545_F491_4F6C_DD1D;
        for _ in 0..5_000 {
            let mut s = String::new();
            seed ^= seed << 13;
            seed ^= seed >> 7;
            seed ^= seed << 17;
            let n = (seed % 9) as usize;
            let mut x = seed;
            for _ in 0..n {
                s.push_str(pieces[(x % pieces.len() as u64) as usize]);
                x = x.rotate_right(7).wrapping_mul(0x9E37_79B9_7F4A_7C15);
            }
            for region in [None, Some("US"), Some("JP"), Some("xx")] {
                let _ = check_phone(&s, region, &cn);
            }
        }
    }

    /// Timing, not an assertion: `cargo test --release --lib phone::tests::timing -- --ignored --nocapture`.
    #[test]
    #[ignore]
    fn timing() {
        use std::time::Instant;
        let cn = opts(Some("CN"));
        let t = Instant::now();
        assert!(DATABASE.by_id("CN").is_some());
        let load = t.elapsed();
        let t = Instant::now();
        let v = validate_phone("13800138000", None, &cn);
        let first = t.elapsed();
        assert!(v.valid);
        let t = Instant::now();
        assert!(validate_phone("020 7946 0958", Some("GB"), &cn).valid);
        let first_gb = t.elapsed();
        let n = 100_000;
        let t = Instant::now();
        for _ in 0..n {
            std::hint::black_box(validate_phone(std::hint::black_box("138 0013 8000"), None, &cn));
        }
        let same = t.elapsed() / n;
        let mixed: Vec<(&str, &str)> = TABLE.iter().filter_map(|&(i, r, _, _)| r.map(|r| (i, r))).collect();
        // Warm every region once, then time.
        for &(i, r) in &mixed {
            validate_phone(i, Some(r), &cn);
        }
        let rounds = 200;
        let t = Instant::now();
        for _ in 0..rounds {
            for &(i, r) in &mixed {
                std::hint::black_box(validate_phone(i, Some(r), &cn));
            }
        }
        let per_mixed = t.elapsed() / (rounds * mixed.len() as u32);
        println!("metadata load (first use of the database): {load:?}");
        println!("first call after that (CN patterns compiled): {first:?}");
        println!("first GB call (GB patterns compiled): {first_gb:?}");
        println!("per call, one CN mobile repeated: {same:?}");
        println!("per call, {} mixed numbers over 9 regions: {per_mixed:?}", mixed.len());
    }
}
