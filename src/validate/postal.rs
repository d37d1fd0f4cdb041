//! Postal codes for CN, US, GB, DE, FR, JP, CA, AU and IN.
//!
//! The country is an ISO 3166 alpha-2 code in any case (`UK` is read as
//! `GB`). Normal forms:
//!
//! | country | form | normal form |
//! | --- | --- | --- |
//! | CN | 6 digits, the first 0–8 | `100080` |
//! | US | ZIP or ZIP+4 | `12345`, `12345-6789` (9 digits run together get the hyphen) |
//! | GB | the UK postcode grammar, and `GIR 0AA` and the overseas `ASCN 1ZZ`-style codes | upper case, one space before the inward code: `SW1A 1AA` |
//! | DE, FR | 5 digits | `10115`, `75008` |
//! | JP | 7 digits | `123-4567` (an initial `〒` is dropped) |
//! | CA | letter digit letter digit letter digit, no D F I O Q U, first not W Z | `K1A 0B1` |
//! | AU | 4 digits | `2000` |
//! | IN | 6 digits, the first not 0 | `110001` |
//!
//! Full-width characters are read as their ASCII forms, and spaces inside
//! numeric codes are removed.
//!
//! A spreadsheet that took a code for a number drops its leading zeros
//! (`02134` → `2134`). For the countries whose codes can start with zeros
//! (US, DE, FR, CN, JP, AU) a code that is short by exactly the zeros it
//! could have lost is repaired, with the warning
//! `postal.leading_zero_restored`: US `2134` → `02134`, `501` → `00501`,
//! `21341234` → `02134-1234`; DE/FR 4 digits; JP 6; CN 5 only when the
//! result starts `01`–`04` (the only CN codes with a leading zero); AU 3
//! only when it starts `02`, `08` or `09`.
//!
//! | code | severity | when |
//! | --- | --- | --- |
//! | `postal.empty` | error | nothing but whitespace |
//! | `postal.format` | error | not the country's format (the message shows it) |
//! | `postal.leading_zero_restored` | warning | see above |
//! | `postal.unknown_country` | warning | a country this module does not cover: accepted as written |
//! | `postal.no_country` | warning | no country: accepted if it looks like a postal code at all |
//!
//! Without a country, a value is normalized by the one format it matches
//! when that is unambiguous (a UK or Canadian code; `12345-6789`;
//! `123-4567`), kept as written (upper-cased, spaces collapsed) otherwise,
//! and rejected with `postal.format` only when it cannot be a postal code:
//! no digit, characters other than letters, digits, spaces and hyphens, or
//! more than 10 letters and digits.

use super::{Issue, Verdict};

/// The countries covered.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Country {
    Cn,
    Us,
    Gb,
    De,
    Fr,
    Jp,
    Ca,
    Au,
    In,
}

impl Country {
    fn parse(code: &str) -> Option<Country> {
        let b = code.trim().as_bytes();
        if b.len() != 2 {
            return None;
        }
        Some(match [b[0].to_ascii_uppercase(), b[1].to_ascii_uppercase()] {
            [b'C', b'N'] => Country::Cn,
            [b'U', b'S'] => Country::Us,
            [b'G', b'B'] | [b'U', b'K'] => Country::Gb,
            [b'D', b'E'] => Country::De,
            [b'F', b'R'] => Country::Fr,
            [b'J', b'P'] => Country::Jp,
            [b'C', b'A'] => Country::Ca,
            [b'A', b'U'] => Country::Au,
            [b'I', b'N'] => Country::In,
            _ => return None,
        })
    }

    /// The format, for `postal.format`: (English, Chinese).
    fn expected(self) -> (&'static str, &'static str) {
        match self {
            Country::Cn => (
                "Chinese postal codes are 6 digits, the first 0–8 (100080).",
                "中国邮政编码为 6 位数字，首位为 0–8（如 100080）。",
            ),
            Country::Us => (
                "US ZIP codes are 5 digits (12345) or ZIP+4 (12345-6789).",
                "美国邮政编码（ZIP）为 5 位数字（12345）或 ZIP+4 格式（12345-6789）。",
            ),
            Country::Gb => (
                "UK postcodes look like SW1A 1AA, EC1A 1BB, M1 1AE or B33 8TH.",
                "英国邮政编码的格式如 SW1A 1AA、EC1A 1BB、M1 1AE 或 B33 8TH。",
            ),
            Country::De => (
                "German postal codes (PLZ) are 5 digits (10115).",
                "德国邮政编码为 5 位数字（如 10115）。",
            ),
            Country::Fr => (
                "French postal codes are 5 digits (75008).",
                "法国邮政编码为 5 位数字（如 75008）。",
            ),
            Country::Jp => (
                "Japanese postal codes are 7 digits, written 123-4567.",
                "日本邮政编码为 7 位数字，写作 123-4567。",
            ),
            Country::Ca => (
                "Canadian postal codes look like K1A 0B1: letter, digit, letter, digit, letter, digit, without D, F, I, O, Q or U, and not starting with W or Z.",
                "加拿大邮政编码的格式如 K1A 0B1：字母、数字交替，不含 D、F、I、O、Q、U，首字母不能是 W 或 Z。",
            ),
            Country::Au => (
                "Australian postcodes are 4 digits (2000).",
                "澳大利亚邮政编码为 4 位数字（如 2000）。",
            ),
            Country::In => (
                "Indian PIN codes are 6 digits, the first not 0 (110001).",
                "印度邮政编码（PIN）为 6 位数字，首位不为 0（如 110001）。",
            ),
        }
    }

    /// (length of a full numeric code, most leading zeros a spreadsheet can
    /// have dropped), for the numeric countries whose codes can start with 0.
    fn zero_repair(self) -> Option<(usize, usize)> {
        match self {
            Country::Us => Some((5, 2)),
            Country::De | Country::Fr => Some((5, 1)),
            Country::Cn => Some((6, 1)),
            Country::Jp => Some((7, 1)),
            Country::Au => Some((4, 1)),
            Country::Gb | Country::Ca | Country::In => None,
        }
    }
}

/// Most significant characters kept; longer values are never postal codes.
const CAP: usize = 16;

/// The value upper-cased and in ASCII, without separators, and where the
/// separators (spaces, hyphens) stood.
struct Compact {
    buf: [u8; CAP],
    len: usize,
    overflow: bool,
    /// A character other than ASCII letters, digits, spaces, hyphens.
    bad: Option<char>,
    /// The index in `buf` before which the first separator stood.
    sep_at: Option<usize>,
    /// Separators at more than one place.
    sep_conflict: bool,
    hyphens: usize,
}

impl Compact {
    fn of(value: &str) -> Compact {
        let mut c = Compact {
            buf: [0; CAP],
            len: 0,
            overflow: false,
            bad: None,
            sep_at: None,
            sep_conflict: false,
            hyphens: 0,
        };
        for ch in value.chars() {
            // Full-width ASCII → ASCII.
            let ch = match ch {
                '\u{FF01}'..='\u{FF5E}' => char::from_u32(ch as u32 - 0xFEE0).unwrap_or(ch),
                '\u{3000}' => ' ',
                other => other,
            };
            match ch {
                ' ' | '\t' | '\u{00A0}' | '-' | '\u{2010}'..='\u{2015}' | '\u{2212}' => {
                    if ch != ' ' && ch != '\t' && ch != '\u{00A0}' {
                        c.hyphens += 1;
                    }
                    match c.sep_at {
                        None => c.sep_at = Some(c.len),
                        Some(at) if at != c.len => c.sep_conflict = true,
                        Some(_) => {}
                    }
                }
                'a'..='z' | 'A'..='Z' | '0'..='9' => {
                    if c.len < CAP {
                        c.buf[c.len] = ch.to_ascii_uppercase() as u8;
                        c.len += 1;
                    } else {
                        c.overflow = true;
                    }
                }
                other => {
                    if c.bad.is_none() {
                        c.bad = Some(other);
                    }
                }
            }
        }
        c
    }

    /// No hyphen, and whitespace (if any) only at `at`.
    fn spaces_only_at(&self, at: usize) -> bool {
        self.hyphens == 0 && !self.sep_conflict && self.sep_at.is_none_or(|s| s == at)
    }

    /// At most one hyphen, and separators (if any) only at `at`.
    fn one_separator_at(&self, at: usize) -> bool {
        self.hyphens <= 1 && !self.sep_conflict && self.sep_at.is_none_or(|s| s == at)
    }

    fn bytes(&self) -> &[u8] {
        &self.buf[..self.len]
    }

    fn all_digits(&self) -> bool {
        self.len > 0 && self.bytes().iter().all(u8::is_ascii_digit)
    }
}

fn ascii(b: &[u8]) -> String {
    // Only ASCII bytes are ever stored.
    String::from_utf8_lossy(b).into_owned()
}

fn format_error(country: Country) -> Verdict {
    let (en, zh) = country.expected();
    Verdict::invalid(Issue::error("postal.format", en, zh))
}

fn restored() -> Issue {
    Issue::warning(
        "postal.leading_zero_restored",
        "The postal code had lost its leading zero(s), as spreadsheets do with numbers; restored.",
        "邮政编码开头的 0 被电子表格当作数字去掉了，已补回。",
    )
}

/// Validates a postal code for `country` (ISO 3166 alpha-2, any case). See
/// the module documentation.
pub fn validate_postal(value: &str, country: Option<&str>) -> Verdict {
    let value = value.trim();
    if value.is_empty() {
        return Verdict::invalid(Issue::error("postal.empty", "The postal code is empty.", "邮政编码为空。"));
    }
    let country_code = country.map(str::trim).filter(|c| !c.is_empty());
    let Some(code) = country_code else {
        return without_country(value);
    };
    let Some(country) = Country::parse(code) else {
        return Verdict::ok(value).with(Issue::warning(
            "postal.unknown_country",
            format!("Postal codes of \"{code}\" are not checked; accepted as written."),
            format!("不检查“{code}”的邮政编码，按原样接受。"),
        ));
    };
    let value = if country == Country::Jp { value.trim_start_matches('〒').trim_start() } else { value };
    let c = Compact::of(value);
    if c.bad.is_some() || c.overflow || c.len == 0 {
        return format_error(country);
    }
    match country {
        Country::Gb => gb(&c),
        Country::Ca => ca(&c),
        Country::Us => us(&c),
        Country::Jp => jp(&c),
        Country::Cn | Country::De | Country::Fr | Country::Au | Country::In => numeric(&c, country),
    }
}

/// CN, DE, FR, AU, IN: digits only, spaces allowed, no hyphen.
fn numeric(c: &Compact, country: Country) -> Verdict {
    if c.hyphens > 0 || !c.all_digits() {
        return format_error(country);
    }
    let (want, first_ok): (usize, fn(u8) -> bool) = match country {
        Country::Cn => (6, |d| d != b'9'),
        Country::De | Country::Fr => (5, |_| true),
        Country::Au => (4, |_| true),
        Country::In => (6, |d| d != b'0'),
        _ => return format_error(country),
    };
    let b = c.bytes();
    if b.len() == want {
        return if first_ok(b[0]) { Verdict::ok(ascii(b)) } else { format_error(country) };
    }
    if let Some((full, zeros)) = country.zero_repair() {
        let missing = full.saturating_sub(b.len());
        // Only where codes with that many leading zeros exist: CN 01–04…
        // (Inner Mongolia, Shanxi), AU 02.., 08.., 09.. (ACT, NT).
        let exists = match country {
            Country::Cn => (b'1'..=b'4').contains(&b[0]),
            Country::Au => matches!(b[0], b'2' | b'8' | b'9'),
            _ => true,
        };
        if b.len() < full && missing <= zeros && b[0] != b'0' && exists {
            let mut s = String::with_capacity(full);
            for _ in 0..missing {
                s.push('0');
            }
            s.push_str(&String::from_utf8_lossy(b));
            return Verdict::ok(s).with(restored());
        }
    }
    format_error(country)
}

fn us(c: &Compact) -> Verdict {
    let b = c.bytes();
    // A separator may only stand between ZIP and +4.
    if !c.all_digits() || !c.one_separator_at(5) {
        return format_error(Country::Us);
    }
    let sep = c.sep_at;
    let zip4 = |b: &[u8]| {
        let mut s = String::with_capacity(10);
        s.push_str(&String::from_utf8_lossy(&b[..5]));
        s.push('-');
        s.push_str(&String::from_utf8_lossy(&b[5..]));
        s
    };
    match (b.len(), sep) {
        (5, None) => Verdict::ok(ascii(b)),
        (9, None) | (9, Some(5)) => Verdict::ok(zip4(b)),
        // Excel: 02134 → 2134, 00501 → 501, 021341234 → 21341234.
        (3 | 4, None) if b[0] != b'0' => {
            let mut s = String::with_capacity(5);
            for _ in b.len()..5 {
                s.push('0');
            }
            s.push_str(&String::from_utf8_lossy(b));
            Verdict::ok(s).with(restored())
        }
        (8, None) if b[0] != b'0' => {
            let mut full = [b'0'; 9];
            full[1..].copy_from_slice(b);
            Verdict::ok(zip4(&full)).with(restored())
        }
        _ => format_error(Country::Us),
    }
}

fn jp(c: &Compact) -> Verdict {
    let b = c.bytes();
    if !c.all_digits() || !c.one_separator_at(3) {
        return format_error(Country::Jp);
    }
    let sep = c.sep_at;
    let fmt = |b: &[u8]| {
        let mut s = String::with_capacity(8);
        s.push_str(&String::from_utf8_lossy(&b[..3]));
        s.push('-');
        s.push_str(&String::from_utf8_lossy(&b[3..]));
        s
    };
    match (b.len(), sep) {
        (7, None) | (7, Some(3)) => Verdict::ok(fmt(b)),
        (6, None) if b[0] != b'0' => {
            let mut full = [b'0'; 7];
            full[1..].copy_from_slice(b);
            Verdict::ok(fmt(&full)).with(restored())
        }
        _ => format_error(Country::Jp),
    }
}

fn is_alpha(b: u8) -> bool {
    b.is_ascii_uppercase()
}

/// The UK outward code (without the inward part).
fn gb_outward(o: &[u8]) -> bool {
    let first = |b: u8| is_alpha(b) && !b"QVX".contains(&b);
    let second = |b: u8| is_alpha(b) && !b"IJZ".contains(&b);
    let third = |b: u8| b"ABCDEFGHJKPSTUW".contains(&b); // A9A
    let fourth = |b: u8| b"ABEHMNPRVWXY".contains(&b); // AA9A
    let d = |b: u8| b.is_ascii_digit();
    match *o {
        [a, n] => first(a) && d(n), // A9
        [a, x, y] => {
            (first(a) && d(x) && d(y)) // A99
                || (first(a) && d(x) && third(y)) // A9A
                || (first(a) && second(x) && d(y)) // AA9
        }
        [a, b, n, x] => {
            first(a) && second(b) && d(n) && (d(x) || fourth(x)) // AA99, AA9A
        }
        _ => false,
    }
}

/// The UK inward code: digit and two letters, not C I K M O V.
fn gb_inward(i: &[u8]) -> bool {
    let l = |b: u8| is_alpha(b) && !b"CIKMOV".contains(&b);
    matches!(*i, [n, a, b] if n.is_ascii_digit() && l(a) && l(b))
}

/// Non-geographic and overseas codes outside the grammar.
const GB_SPECIAL: [&[u8]; 10] = [
    b"GIR0AA", b"ASCN1ZZ", b"BBND1ZZ", b"BIQQ1ZZ", b"FIQQ1ZZ", b"PCRN1ZZ", b"SIQQ1ZZ", b"STHL1ZZ",
    b"TDCU1ZZ", b"TKCA1ZZ",
];

fn gb_ok(b: &[u8]) -> bool {
    b.len() >= 5
        && (GB_SPECIAL.contains(&b) || (gb_outward(&b[..b.len() - 3]) && gb_inward(&b[b.len() - 3..])))
}

/// `SW1A1AA` → `SW1A 1AA`.
fn gb_normal(b: &[u8]) -> String {
    let (o, i) = b.split_at(b.len() - 3);
    let mut s = String::with_capacity(b.len() + 1);
    s.push_str(&String::from_utf8_lossy(o));
    s.push(' ');
    s.push_str(&String::from_utf8_lossy(i));
    s
}

fn gb(c: &Compact) -> Verdict {
    let b = c.bytes();
    // A space, if any, must be just before the inward code.
    if c.spaces_only_at(b.len().saturating_sub(3)) && gb_ok(b) {
        Verdict::ok(gb_normal(b))
    } else {
        format_error(Country::Gb)
    }
}

fn ca_ok(b: &[u8]) -> bool {
    let letter = |x: u8| is_alpha(x) && !b"DFIOQU".contains(&x);
    let d = |x: u8| x.is_ascii_digit();
    matches!(*b, [a, n1, l1, n2, l2, n3]
        if letter(a) && a != b'W' && a != b'Z' && d(n1) && letter(l1) && d(n2) && letter(l2) && d(n3))
}

fn ca(c: &Compact) -> Verdict {
    let b = c.bytes();
    if c.spaces_only_at(3) && ca_ok(b) {
        Verdict::ok(gb_normal(b))
    } else {
        format_error(Country::Ca)
    }
}

fn without_country(value: &str) -> Verdict {
    let c = Compact::of(value);
    let b = c.bytes();
    let has_digit = b.iter().any(u8::is_ascii_digit);
    if c.bad.is_some() || c.overflow || c.len > 10 || c.len < 3 || !has_digit {
        return Verdict::invalid(Issue::error(
            "postal.format",
            "This is not a postal code: postal codes have 3–10 letters and digits, at least one digit, and only spaces or hyphens between them.",
            "这不是邮政编码：邮政编码由 3–10 个字母和数字组成，至少含一个数字，中间只能有空格或连字符。",
        ));
    }
    // GB codes end in a letter and Canadian ones in a digit: never both.
    let normalized = if (c.spaces_only_at(b.len().saturating_sub(3)) && gb_ok(b))
        || (c.spaces_only_at(3) && ca_ok(b))
    {
        gb_normal(b)
    } else if c.all_digits() && c.hyphens == 1 && b.len() == 9 && c.one_separator_at(5) {
        let mut s = ascii(&b[..5]);
        s.push('-');
        s.push_str(&String::from_utf8_lossy(&b[5..]));
        s
    } else if c.all_digits() && c.hyphens == 1 && b.len() == 7 && c.one_separator_at(3) {
        let mut s = ascii(&b[..3]);
        s.push('-');
        s.push_str(&String::from_utf8_lossy(&b[3..]));
        s
    } else {
        // As written: upper case, whitespace runs collapsed to one space.
        let mut s = String::with_capacity(value.len());
        for word in value.split_whitespace() {
            if !s.is_empty() {
                s.push(' ');
            }
            for ch in word.chars() {
                let ch = match ch {
                    '\u{FF01}'..='\u{FF5E}' => char::from_u32(ch as u32 - 0xFEE0).unwrap_or(ch),
                    other => other,
                };
                s.push(ch.to_ascii_uppercase());
            }
        }
        s
    };
    Verdict::ok(normalized).with(Issue::warning(
        "postal.no_country",
        "No country is known for this postal code, so only its general shape was checked.",
        "不知道该邮政编码属于哪个国家，只检查了大致格式。",
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ok(value: &str, country: &str, normal: &str) {
        let v = validate_postal(value, Some(country));
        assert!(v.valid, "{value} ({country}): {v:?}");
        assert_eq!(v.normalized.as_deref(), Some(normal), "{value} ({country})");
        assert!(v.issues.is_empty(), "{value} ({country}): {:?}", v.codes());
    }

    fn repaired(value: &str, country: &str, normal: &str) {
        let v = validate_postal(value, Some(country));
        assert!(v.valid, "{value} ({country}): {v:?}");
        assert_eq!(v.normalized.as_deref(), Some(normal), "{value} ({country})");
        assert_eq!(v.codes(), ["postal.leading_zero_restored"], "{value} ({country})");
    }

    fn bad(value: &str, country: &str) {
        let v = validate_postal(value, Some(country));
        assert!(!v.valid, "{value} ({country}) should be invalid: {v:?}");
        assert_eq!(v.codes(), ["postal.format"], "{value} ({country})");
        assert!(v.normalized.is_none());
    }

    #[test]
    fn empty() {
        assert_eq!(validate_postal("", Some("US")).codes(), ["postal.empty"]);
        assert_eq!(validate_postal("  ", None).codes(), ["postal.empty"]);
    }

    #[test]
    fn china() {
        ok("100080", "CN", "100080");
        ok("200000", "cn", "200000");
        ok("010010", "CN", "010010");
        ok(" 518 000 ", "CN", "518000");
        ok("８１０００１", "CN", "810001");
        repaired("10010", "CN", "010010");
        repaired("30001", "CN", "030001");
        bad("60000", "CN"); // no CN code starts with 06
        bad("900000", "CN");
        bad("1000800", "CN");
        bad("1000", "CN");
        bad("10008A", "CN");
        bad("100-080", "CN");
    }

    #[test]
    fn united_states() {
        ok("90210", "US", "90210");
        ok("02134", "us", "02134");
        ok("12345-6789", "US", "12345-6789");
        ok("12345 6789", "US", "12345-6789");
        ok("123456789", "US", "12345-6789");
        ok("00501", "US", "00501");
        repaired("2134", "US", "02134");
        repaired("501", "US", "00501");
        repaired("21341234", "US", "02134-1234");
        bad("1234-5678", "US");
        bad("123456", "US");
        bad("12", "US");
        bad("0213", "US"); // a leading zero was not what it lost
        bad("1234-56789", "US");
        bad("12345-678", "US");
        bad("12345--6789", "US");
        bad("ABCDE", "US");
        bad("12345-6789-0", "US");
    }

    #[test]
    fn great_britain() {
        for (input, normal) in [
            ("SW1A 1AA", "SW1A 1AA"),
            ("sw1a1aa", "SW1A 1AA"),
            ("EC1A 1BB", "EC1A 1BB"),
            ("W1A 0AX", "W1A 0AX"),
            ("M1 1AE", "M1 1AE"),
            ("B33 8TH", "B33 8TH"),
            ("CR2 6XH", "CR2 6XH"),
            ("DN55 1PT", "DN55 1PT"),
            ("GIR 0AA", "GIR 0AA"),
            ("gir0aa", "GIR 0AA"),
            ("  n1   9gu ", "N1 9GU"),
            ("ASCN 1ZZ", "ASCN 1ZZ"),
            ("ＳＷ１Ａ １ＡＡ", "SW1A 1AA"),
        ] {
            ok(input, "GB", normal);
        }
        ok("EH1 1YZ", "uk", "EH1 1YZ");
        for input in [
            "SW1A",        // outward only
            "1AA",         // inward only
            "QW1 1AA",     // Q never first
            "AZ1 1AA",     // Z never second
            "SW1 1CA",     // C never in the inward code
            "SW1A 1AAA",   // too long
            "SW1A-1AA",    // hyphen
            "SW 1A1AA",    // space in the wrong place
            "W1I 0AX",     // I never the A9A letter
            "EC1C 1BB",    // C never the AA9A letter
            "12345",
            "SW1A 1A",
        ] {
            bad(input, "GB");
        }
    }

    #[test]
    fn germany_france() {
        ok("10115", "DE", "10115");
        ok("01067", "de", "01067");
        repaired("1067", "DE", "01067");
        bad("101150", "DE");
        bad("1011A", "DE");
        bad("D-10115", "DE");
        ok("75008", "FR", "75008");
        ok("20000", "FR", "20000");
        repaired("1000", "FR", "01000");
        bad("750", "FR");
        bad("75 0080", "FR");
        bad("750O8", "FR");
    }

    #[test]
    fn japan() {
        ok("100-0001", "JP", "100-0001");
        ok("1000001", "JP", "100-0001");
        ok("〒100-0001", "JP", "100-0001");
        ok("１００－０００１", "JP", "100-0001");
        ok("060 0000", "JP", "060-0000");
        repaired("600000", "JP", "060-0000");
        bad("1000-001", "JP");
        bad("100-00001", "JP");
        bad("10000", "JP");
        bad("ABC-DEFG", "JP");
    }

    #[test]
    fn canada() {
        ok("K1A 0B1", "CA", "K1A 0B1");
        ok("k1a0b1", "CA", "K1A 0B1");
        ok("H0H 0H0", "ca", "H0H 0H0");
        ok("V6B 4Y8", "CA", "V6B 4Y8");
        ok("T2P 2M5", "CA", "T2P 2M5");
        bad("W1A 0B1", "CA"); // W never first
        bad("Z1A 0B1", "CA"); // Z never first
        bad("D1A 0B1", "CA"); // D never
        bad("K1O 0B1", "CA"); // O never
        bad("K1A 0U1", "CA"); // U never
        bad("K1A-0B1", "CA");
        bad("K1A 0B", "CA");
        bad("11A 0B1", "CA");
        bad("KK1 0B1", "CA");
        bad("K1 A0B1", "CA");
    }

    #[test]
    fn australia_india() {
        ok("2000", "AU", "2000");
        ok("0800", "au", "0800");
        repaired("800", "AU", "0800");
        repaired("200", "AU", "0200");
        bad("300", "AU"); // no AU code starts with 03
        bad("20000", "AU");
        bad("20", "AU");
        bad("2OOO", "AU");
        ok("110001", "IN", "110001");
        ok("560 001", "IN", "560001");
        bad("011000", "IN");
        bad("11001", "IN"); // no zero repair for India: it never starts with 0
        bad("1100011", "IN");
    }

    #[test]
    fn unknown_country_is_accepted_with_a_warning() {
        for country in ["NL", "nl", "XX", "Netherlands", "中国"] {
            let v = validate_postal(" 1234 AB ", Some(country));
            assert!(v.valid);
            assert_eq!(v.normalized.as_deref(), Some("1234 AB"));
            assert_eq!(v.codes(), ["postal.unknown_country"]);
        }
        // An empty country counts as none.
        assert_eq!(validate_postal("100080", Some(" ")).codes(), ["postal.no_country"]);
    }

    #[test]
    fn without_a_country() {
        for (input, normal) in [
            ("sw1a 1aa", "SW1A 1AA"),
            ("M1 1AE", "M1 1AE"),
            ("k1a 0b1", "K1A 0B1"),
            ("12345-6789", "12345-6789"),
            ("100-0001", "100-0001"),
            ("100080", "100080"),
            ("2000", "2000"),
            ("1234 ab", "1234 AB"),
        ] {
            let v = validate_postal(input, None);
            assert!(v.valid, "{input}: {v:?}");
            assert_eq!(v.normalized.as_deref(), Some(normal), "{input}");
            assert_eq!(v.codes(), ["postal.no_country"], "{input}");
        }
        for input in ["hello", "12", "1234567890123", "12#45", "n/a", "---"] {
            let v = validate_postal(input, None);
            assert_eq!(v.codes(), ["postal.format"], "{input}");
        }
    }

    #[test]
    fn format_messages_name_the_pattern() {
        let v = validate_postal("1234-5678", Some("US"));
        assert!(v.issues[0].en.contains("12345-6789"));
        assert!(v.issues[0].zh.contains("12345-6789"));
        let v = validate_postal("XYZ", Some("GB"));
        assert!(v.issues[0].en.contains("SW1A 1AA"));
        for c in ["CN", "US", "GB", "DE", "FR", "JP", "CA", "AU", "IN"] {
            let v = validate_postal("#", Some(c));
            assert_eq!(v.codes(), ["postal.format"], "{c}");
            assert!(!v.issues[0].en.is_empty() && !v.issues[0].zh.is_empty());
        }
    }
}
