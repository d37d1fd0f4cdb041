//! Dates and date-times.
//!
//! [`validate_date`] reads one cell in any of the formats CRM exports use and
//! gives it back as ISO 8601: `YYYY-MM-DD`, or `YYYY-MM-DDTHH:MM:SS` with the
//! time-zone offset kept when the value had one (`Z`, `+08:00`).
//!
//! Accepted:
//! - ISO 8601: `2024-01-05`, `2024-01-05T13:45:00Z`, `2024-01-05 13:45`,
//!   fractional seconds, offsets `Z`, `+08:00`, `+0800`, `+08`, `UTC`, `GMT`;
//!   the basic form `20240105`;
//! - year first: `2024/01/05`, `2024.01.05`, `2024/1/5`;
//! - day or month first: `05/01/2024`, `05-01-2024`, `05.01.2024`, and with a
//!   two-digit year `05/01/24` (see [`expand_two_digit_year`]);
//! - Chinese: `2024年1月5日`, `2024年01月05日 13:45` (`号` for `日` too);
//! - English month names: `Jan 5, 2024`, `January 5th, 2024`, `5 January 2024`,
//!   `5 Jan 2024`, `05-Jan-2024`, `2024-Jan-05`, with an optional leading
//!   weekday (`Fri, 05 Jan 2024 10:00:00 +0000`);
//! - times `13:45`, `13:45:00`, `1:45 PM`, after a space or a `T`;
//! - Excel serial numbers (`45296` → 2024-01-05, `45296.5` → noon), only
//!   from 20000 to 80000 (1954–2119) so that other numbers are not taken
//!   for dates, and Unix timestamps of 10 digits (seconds) or 13 digits
//!   (milliseconds), read as UTC. These two are flagged `date.from_serial` /
//!   `date.from_timestamp` so users can check the conversion.
//!
//! # Day first or month first
//!
//! `03/04/2024` is 3 April in most of the world and March 4 in the US. Per
//! column, [`decide_order`] looks for a value that settles it (`13/04/2024`
//! can only be day first). When nothing settles it, the caller's
//! [`DateOptions::default_order`] is used and the value is flagged
//! `date.ambiguous`. That default is [`DateOrder::DayFirst`]: day-first is
//! the convention of most locales (Europe, UK, Latin America, India,
//! Australia, Hong Kong…), and every guess is flagged anyway. It **is wrong
//! for US data**: callers that know the file comes from a US locale should
//! pass [`DateOrder::MonthFirst`].
//!
//! The core has no clock: "today" (for the far-future warning) is given by
//! the caller in [`DateOptions::today`].
//!
//! Civil-date arithmetic is hand-written (Howard Hinnant's
//! `days_from_civil`), in the proleptic Gregorian calendar.

use core::fmt::Write;

use super::{Issue, Verdict};

/// Which of the first two numbers of `NN/NN/YYYY` is the day.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash)]
pub enum DateOrder {
    /// `DD/MM/YYYY`: most of the world. The default; see the module docs.
    #[default]
    DayFirst,
    /// `MM/DD/YYYY`: the United States (and a few others).
    MonthFirst,
}

impl DateOrder {
    fn other(self) -> DateOrder {
        match self {
            DateOrder::DayFirst => DateOrder::MonthFirst,
            DateOrder::MonthFirst => DateOrder::DayFirst,
        }
    }

    fn describe(self) -> (&'static str, &'static str) {
        match self {
            DateOrder::DayFirst => ("day/month", "日/月"),
            DateOrder::MonthFirst => ("month/day", "月/日"),
        }
    }
}

/// Settings for [`validate_date`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct DateOptions {
    /// Order used for `NN/NN/YYYY` values when neither the call nor the value
    /// settles it. Default [`DateOrder::DayFirst`] (wrong for US data: see the
    /// module docs).
    pub default_order: DateOrder,
    /// Today as `(year, month, day)`, given by the caller: the core has no
    /// clock. The default `(0, 0, 0)` means unknown and turns the far-future
    /// check off.
    pub today: (i32, u32, u32),
    /// Years before this one get a `date.far_past` warning. Default 1900.
    pub far_past_year: i32,
    /// Dates more than this many years after `today` get a `date.far_future`
    /// warning. Default 5.
    pub far_future_years: i32,
}

impl Default for DateOptions {
    fn default() -> Self {
        DateOptions { default_order: DateOrder::DayFirst, today: (0, 0, 0), far_past_year: 1900, far_future_years: 5 }
    }
}

/// A time of day.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct TimeOfDay {
    /// 0–23.
    pub hour: u32,
    /// 0–59.
    pub minute: u32,
    /// 0–59.
    pub second: u32,
    /// Fraction of the second, in nanoseconds.
    pub nanos: u32,
}

/// A time-zone offset written in the value.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TzOffset {
    /// `Z`, `UTC`, `GMT`.
    Utc,
    /// East of UTC, in minutes (`+08:00` is 480).
    Minutes(i32),
}

/// What the value was written as.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DateSource {
    /// A written date.
    Text,
    /// An Excel serial day number (1900 date system).
    ExcelSerial,
    /// Seconds since 1970-01-01T00:00:00Z.
    UnixSeconds,
    /// Milliseconds since 1970-01-01T00:00:00Z.
    UnixMillis,
}

/// A date, with a time when the value had one.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ParsedDate {
    /// Year, 1–9999 (the proleptic Gregorian calendar).
    pub year: i32,
    /// 1–12.
    pub month: u32,
    /// 1–31, valid for the month.
    pub day: u32,
    /// The time of day, when given.
    pub time: Option<TimeOfDay>,
    /// The offset, when given (only with a time).
    pub offset: Option<TzOffset>,
    /// Both day/month and month/day were possible and no order was given:
    /// the fallback order was used.
    pub ambiguous: bool,
    /// What the value was written as.
    pub source: DateSource,
}

impl ParsedDate {
    /// The hour, when the value had a time.
    pub fn hour(&self) -> Option<u32> {
        self.time.map(|t| t.hour)
    }

    /// The minute, when the value had a time.
    pub fn minute(&self) -> Option<u32> {
        self.time.map(|t| t.minute)
    }

    /// The second, when the value had a time.
    pub fn second(&self) -> Option<u32> {
        self.time.map(|t| t.second)
    }

    /// ISO 8601: `YYYY-MM-DD`, or `YYYY-MM-DDTHH:MM:SS[.fff][Z|±HH:MM]`.
    pub fn to_iso(&self) -> String {
        let mut out = String::with_capacity(32);
        match u32::try_from(self.year) {
            Ok(year) => push_padded(&mut out, year, 4),
            Err(_) => {
                let _ = write!(out, "{:04}", self.year);
            }
        }
        out.push('-');
        push_padded(&mut out, self.month, 2);
        out.push('-');
        push_padded(&mut out, self.day, 2);
        if let Some(t) = self.time {
            out.push('T');
            push_padded(&mut out, t.hour, 2);
            out.push(':');
            push_padded(&mut out, t.minute, 2);
            out.push(':');
            push_padded(&mut out, t.second, 2);
            if t.nanos != 0 {
                out.push('.');
                if t.nanos % 1_000_000 == 0 {
                    push_padded(&mut out, t.nanos / 1_000_000, 3);
                } else if t.nanos % 1_000 == 0 {
                    push_padded(&mut out, t.nanos / 1_000, 6);
                } else {
                    push_padded(&mut out, t.nanos, 9);
                }
            }
            match self.offset {
                Some(TzOffset::Utc) => out.push('Z'),
                Some(TzOffset::Minutes(m)) => {
                    out.push(if m < 0 { '-' } else { '+' });
                    let m = m.unsigned_abs();
                    push_padded(&mut out, m / 60, 2);
                    out.push(':');
                    push_padded(&mut out, m % 60, 2);
                }
                None => {}
            }
        }
        out
    }
}

/// `n` in decimal, zero-padded to `width` digits, as `{:0width$}` writes it:
/// the formatting machinery was most of the cost of a date's ISO form.
fn push_padded(out: &mut String, mut n: u32, width: usize) {
    let mut buf = [b'0'; 10];
    let mut start = buf.len();
    while n > 0 || start == buf.len() {
        start -= 1;
        buf[start] = b'0' + (n % 10) as u8;
        n /= 10;
    }
    for _ in (buf.len() - start)..width {
        out.push('0');
    }
    out.extend(buf[start..].iter().map(|&b| char::from(b)));
}

/// The century of a two-digit year: `00`–`49` → 2000–2049, `50`–`99` →
/// 1950–1999 (the fixed pivot of RFC 5280's UTCTime). It keeps birthdays of
/// the 1950s–90s and recent events right; a 1940s birthday written `45`
/// lands in 2045 and is then caught by the far-future warning.
pub fn expand_two_digit_year(yy: u32) -> i32 {
    if yy < 50 {
        2000 + yy as i32
    } else {
        1900 + yy as i32
    }
}

/// Whether `year` is a Gregorian leap year.
pub fn is_leap_year(year: i32) -> bool {
    year % 4 == 0 && (year % 100 != 0 || year % 400 == 0)
}

/// Days in `month` (1–12) of `year`; 0 for a month that does not exist.
pub fn days_in_month(year: i32, month: u32) -> u32 {
    match month {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        2 if is_leap_year(year) => 29,
        2 => 28,
        _ => 0,
    }
}

/// Days since 1970-01-01 of a proleptic Gregorian date.
pub fn days_from_civil(year: i32, month: u32, day: u32) -> i64 {
    let y = i64::from(year) - i64::from(month <= 2);
    let era = if y >= 0 { y } else { y - 399 } / 400;
    let yoe = y - era * 400;
    let mp = (i64::from(month) + 9) % 12;
    let doy = (153 * mp + 2) / 5 + i64::from(day) - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

/// The proleptic Gregorian date `days` after 1970-01-01.
pub fn civil_from_days(days: i64) -> (i32, u32, u32) {
    let z = days + 719_468;
    let era = if z >= 0 { z } else { z - 146_096 } / 146_097;
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = (doy - (153 * mp + 2) / 5 + 1) as u32;
    let month = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
    let year = yoe + era * 400 + i64::from(month <= 2);
    (year as i32, month, day)
}

fn unrecognized() -> Issue {
    Issue::error("date.unrecognized", "Not a recognized date format", "无法识别的日期格式")
}

fn impossible(en: impl Into<String>, zh: impl Into<String>) -> Issue {
    Issue::error("date.impossible", en, zh)
}

const MONTH_NAMES: [&str; 12] =
    ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November", "December"];

/// Checks that year/month/day form a real date.
fn check_civil(year: i32, month: u32, day: u32) -> Result<(), Issue> {
    if year < 1 {
        return Err(impossible(format!("Year {year} does not exist"), format!("不存在 {year} 年")));
    }
    if !(1..=12).contains(&month) {
        return Err(impossible(format!("Month {month} does not exist"), format!("不存在 {month} 月")));
    }
    let dim = days_in_month(year, month);
    if day == 0 || day > dim {
        let name = MONTH_NAMES[(month - 1) as usize];
        return Err(impossible(
            format!("{name} {year} has no day {day} (it has {dim} days)"),
            format!("{year} 年 {month} 月没有 {day} 日（该月只有 {dim} 天）"),
        ));
    }
    Ok(())
}

/// Parses one date or date-time.
///
/// With `order` `None`, a value like `03/04/2024` that reads both ways is
/// taken day first (the [`DateOptions`] default) and marked `ambiguous`;
/// [`validate_date`] uses the caller's default order instead.
pub fn parse_date(value: &str, order: Option<DateOrder>) -> Result<ParsedDate, Issue> {
    parse_with(value, order, DateOrder::default())
}

fn parse_with(value: &str, order: Option<DateOrder>, fallback: DateOrder) -> Result<ParsedDate, Issue> {
    let s = value.trim();
    if s.is_empty() {
        return Err(Issue::error("date.empty", "Date is empty", "日期为空"));
    }
    if s.bytes().all(|b| b.is_ascii_digit() || b == b'.') && s.bytes().filter(|&b| b == b'.').count() <= 1 {
        return parse_number(s);
    }
    let (date_part, time_part) = split_time(s);
    let (year, month, day, ambiguous) = parse_date_part(date_part, order, fallback)?;
    let (time, offset) = match time_part {
        Some(t) => {
            let (time, offset) = parse_time(t)?;
            (Some(time), offset)
        }
        None => (None, None),
    };
    Ok(ParsedDate { year, month, day, time, offset, ambiguous, source: DateSource::Text })
}

/// Splits `date[ T]time` at the start of the time (the digits before the
/// first `:`).
fn split_time(s: &str) -> (&str, Option<&str>) {
    let Some(colon) = s.find(':') else {
        return (s, None);
    };
    let start = s[..colon].trim_end_matches(|c: char| c.is_ascii_digit()).len();
    if start == colon {
        return (s, None);
    }
    let date = s[..start].trim_end();
    let date = date.strip_suffix(['T', 't']).unwrap_or(date);
    let date = date.trim_end().trim_end_matches(',').trim_end();
    (date, Some(&s[start..]))
}

/// Reads `HH:MM[:SS[.fff]][ AM|PM][ ][Z|UTC|GMT|±HH[:MM]]`.
fn parse_time(t: &str) -> Result<(TimeOfDay, Option<TzOffset>), Issue> {
    let b = t.as_bytes();
    let mut i = 0;
    let (hour, n) = digits(b, i, 2);
    if n == 0 {
        return Err(unrecognized());
    }
    i += n;
    if b.get(i) != Some(&b':') {
        return Err(unrecognized());
    }
    let (minute, n) = digits(b, i + 1, 2);
    if n != 2 {
        return Err(unrecognized());
    }
    i += 1 + n;
    let mut second = 0;
    let mut nanos = 0;
    if b.get(i) == Some(&b':') {
        let (s, n) = digits(b, i + 1, 2);
        if n != 2 {
            return Err(unrecognized());
        }
        second = s;
        i += 1 + n;
        if matches!(b.get(i), Some(b'.' | b',')) {
            let (f, n) = digits(b, i + 1, 9);
            if n == 0 {
                return Err(unrecognized());
            }
            nanos = f * 10u32.pow(9 - n as u32);
            i += 1 + n;
            // Digits past nanoseconds are dropped.
            while b.get(i).is_some_and(u8::is_ascii_digit) {
                i += 1;
            }
        }
    }
    let mut hour = hour;
    let rest = skip_spaces(b, i);
    let (meridiem, len) = meridiem(&b[rest..]);
    if let Some(pm) = meridiem {
        if !(1..=12).contains(&hour) {
            return Err(impossible(
                format!("Hour {hour} does not exist with AM/PM"),
                format!("使用 AM/PM 时不存在 {hour} 点"),
            ));
        }
        hour = match (pm, hour) {
            (false, 12) => 0,
            (true, 12) => 12,
            (true, h) => h + 12,
            (false, h) => h,
        };
        i = rest + len;
    }
    if hour > 23 || minute > 59 || second > 59 {
        return Err(impossible(
            format!("Time {hour:02}:{minute:02}:{second:02} does not exist"),
            format!("不存在时间 {hour:02}:{minute:02}:{second:02}"),
        ));
    }
    let i = skip_spaces(b, i);
    let offset = parse_offset(&b[i..])?;
    Ok((TimeOfDay { hour, minute, second, nanos }, offset))
}

/// AM/PM marker at the start of `b`: (is PM, length).
fn meridiem(b: &[u8]) -> (Option<bool>, usize) {
    for (text, pm) in [(&b"a.m."[..], false), (b"p.m.", true), (b"am", false), (b"pm", true)] {
        if b.len() >= text.len() && b[..text.len()].eq_ignore_ascii_case(text) {
            // Not the start of a longer word.
            if !b.get(text.len()).is_some_and(u8::is_ascii_alphabetic) {
                return (Some(pm), text.len());
            }
        }
    }
    (None, 0)
}

/// The whole rest after a time: nothing, `Z`, `UTC`, `GMT`, `±HH[[:]MM]`,
/// or `UTC±H[H][:MM]`.
fn parse_offset(b: &[u8]) -> Result<Option<TzOffset>, Issue> {
    if b.is_empty() {
        return Ok(None);
    }
    let (named, rest) = if b.eq_ignore_ascii_case(b"z") {
        return Ok(Some(TzOffset::Utc));
    } else if b.len() >= 3 && (b[..3].eq_ignore_ascii_case(b"utc") || b[..3].eq_ignore_ascii_case(b"gmt")) {
        (true, &b[3..])
    } else {
        (false, b)
    };
    if rest.is_empty() {
        return Ok(Some(TzOffset::Utc));
    }
    let sign: i32 = match rest[0] {
        b'+' => 1,
        b'-' => -1,
        _ => return Err(unrecognized()),
    };
    let (hours, n) = digits(rest, 1, 2);
    if n == 0 || (n == 1 && !named) {
        return Err(unrecognized());
    }
    let mut i = 1 + n;
    let mut minutes = 0;
    if i < rest.len() {
        if rest[i] == b':' {
            i += 1;
        }
        let (m, n) = digits(rest, i, 2);
        if n != 2 {
            return Err(unrecognized());
        }
        minutes = m;
        i += n;
    }
    if i != rest.len() {
        return Err(unrecognized());
    }
    if hours > 23 || minutes > 59 {
        return Err(impossible(
            format!("Time-zone offset {hours:02}:{minutes:02} does not exist"),
            format!("不存在时区偏移 {hours:02}:{minutes:02}"),
        ));
    }
    Ok(Some(TzOffset::Minutes(sign * (hours * 60 + minutes) as i32)))
}

/// Up to `max` ASCII digits of `b` from `i`: (value, count).
fn digits(b: &[u8], i: usize, max: usize) -> (u32, usize) {
    let mut value = 0u32;
    let mut n = 0;
    while n < max {
        match b.get(i + n) {
            Some(&d) if d.is_ascii_digit() => {
                value = value * 10 + u32::from(d - b'0');
                n += 1;
            }
            _ => break,
        }
    }
    (value, n)
}

fn skip_spaces(b: &[u8], mut i: usize) -> usize {
    while b.get(i).is_some_and(u8::is_ascii_whitespace) {
        i += 1;
    }
    i
}

/// A value of digits and at most one dot: `YYYYMMDD`, an Excel serial, or a
/// Unix timestamp.
fn parse_number(s: &str) -> Result<ParsedDate, Issue> {
    let (int, frac) = match s.split_once('.') {
        Some((i, f)) => (i, Some(f)),
        None => (s, None),
    };
    if int.is_empty() || frac.is_some_and(|f| f.is_empty() || f.contains('.')) {
        return Err(unrecognized());
    }
    let b = int.as_bytes();
    let date = |year: i32, month: u32, day: u32, time: Option<TimeOfDay>, offset, source| ParsedDate {
        year,
        month,
        day,
        time,
        offset,
        ambiguous: false,
        source,
    };
    match (b.len(), frac) {
        (8, None) if int.starts_with("19") || int.starts_with("20") => {
            let (y, _) = digits(b, 0, 4);
            let (m, _) = digits(b, 4, 2);
            let (d, _) = digits(b, 6, 2);
            check_civil(y as i32, m, d)?;
            Ok(date(y as i32, m, d, None, None, DateSource::Text))
        }
        (5, _) => {
            let (serial, _) = digits(b, 0, 5);
            let frac = frac.map(|f| f.as_bytes()).unwrap_or_default();
            let has_fraction = frac.iter().any(|&d| d != b'0');
            if !(20_000..=80_000).contains(&serial) || (serial == 80_000 && has_fraction) {
                return Err(Issue::error(
                    "date.unrecognized",
                    "A number outside 20000–80000 is not taken for an Excel date",
                    "不在 20000–80000 范围内的数字不视为 Excel 日期",
                ));
            }
            // Excel's day 60 is the fictitious 1900-02-29 (the Lotus 1-2-3
            // leap-year bug), so from day 61 on, serial n is 1899-12-30 + n.
            // Only serials ≥ 20000 are accepted, all past the bug.
            let mut days = days_from_civil(1899, 12, 30) + i64::from(serial);
            let time = if frac.is_empty() {
                None
            } else {
                // Round the fraction of a day to the nearest second.
                let digits_used = frac.len().min(9);
                let (num, _) = digits(frac, 0, digits_used);
                let scale = 10u64.pow(digits_used as u32);
                let mut secs = (u64::from(num) * 86_400 + scale / 2) / scale;
                if secs >= 86_400 {
                    days += 1;
                    secs -= 86_400;
                }
                Some(TimeOfDay {
                    hour: (secs / 3600) as u32,
                    minute: (secs / 60 % 60) as u32,
                    second: (secs % 60) as u32,
                    nanos: 0,
                })
            };
            let (y, m, d) = civil_from_days(days);
            Ok(date(y, m, d, time, None, DateSource::ExcelSerial))
        }
        (10, _) | (13, None) => {
            let millis = b.len() == 13;
            let mut total = 0u64;
            for &d in b {
                total = total * 10 + u64::from(d - b'0');
            }
            let (secs, mut nanos) = if millis { (total / 1000, (total % 1000) as u32 * 1_000_000) } else { (total, 0) };
            if let Some(f) = frac {
                let n = f.len().min(9);
                let (v, _) = digits(f.as_bytes(), 0, n);
                nanos = v * 10u32.pow(9 - n as u32);
            }
            let days = (secs / 86_400) as i64;
            let rem = secs % 86_400;
            let (y, m, d) = civil_from_days(days);
            let time = TimeOfDay {
                hour: (rem / 3600) as u32,
                minute: (rem / 60 % 60) as u32,
                second: (rem % 60) as u32,
                nanos,
            };
            let source = if millis { DateSource::UnixMillis } else { DateSource::UnixSeconds };
            Ok(date(y, m, d, Some(time), Some(TzOffset::Utc), source))
        }
        _ => Err(unrecognized()),
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Tok {
    /// A number: value, digit count.
    Num(u32, u8),
    /// An English month name, 1–12.
    Month(u32),
    /// 年
    YearMark,
    /// 月
    MonthMark,
    /// 日 or 号
    DayMark,
}

/// What separated a token from the one before.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Sep {
    None,
    Space,
    Char(u8),
    Bad,
}

const MAX_TOKENS: usize = 8;

struct Tokens {
    toks: [Tok; MAX_TOKENS],
    seps: [Sep; MAX_TOKENS],
    len: usize,
}

impl Tokens {
    fn toks(&self) -> &[Tok] {
        &self.toks[..self.len]
    }

    /// Separators between tokens (the one before the first is ignored).
    fn seps(&self) -> &[Sep] {
        &self.seps[1..self.len.max(1)]
    }
}

const MONTHS: &[(&str, u32)] = &[
    ("jan", 1),
    ("january", 1),
    ("feb", 2),
    ("february", 2),
    ("mar", 3),
    ("march", 3),
    ("apr", 4),
    ("april", 4),
    ("may", 5),
    ("jun", 6),
    ("june", 6),
    ("jul", 7),
    ("july", 7),
    ("aug", 8),
    ("august", 8),
    ("sep", 9),
    ("sept", 9),
    ("september", 9),
    ("oct", 10),
    ("october", 10),
    ("nov", 11),
    ("november", 11),
    ("dec", 12),
    ("december", 12),
];

const WEEKDAYS: &[&str] = &[
    "mon", "monday", "tue", "tues", "tuesday", "wed", "wednesday", "thu", "thur", "thurs", "thursday", "fri", "friday",
    "sat", "saturday", "sun", "sunday",
];

/// Splits a date (without time) into numbers, month names and 年月日
/// marks. `None` for anything else.
fn tokenize(s: &str) -> Option<Tokens> {
    let mut t = Tokens { toks: [Tok::YearMark; MAX_TOKENS], seps: [Sep::None; MAX_TOKENS], len: 0 };
    let mut sep = Sep::None;
    let mut weekday_seen = false;
    let b = s.as_bytes();
    let mut i = 0;
    let push = |t: &mut Tokens, tok: Tok, sep: &mut Sep| -> Option<()> {
        if t.len == MAX_TOKENS {
            return None;
        }
        t.toks[t.len] = tok;
        t.seps[t.len] = *sep;
        t.len += 1;
        *sep = Sep::None;
        Some(())
    };
    while i < b.len() {
        let c = b[i];
        if c.is_ascii_digit() {
            let (v, n) = digits(b, i, 9);
            if b.get(i + n).is_some_and(u8::is_ascii_digit) {
                return None;
            }
            push(&mut t, Tok::Num(v, n as u8), &mut sep)?;
            i += n;
        } else if c.is_ascii_alphabetic() {
            let start = i;
            while b.get(i).is_some_and(u8::is_ascii_alphabetic) {
                i += 1;
            }
            let word = &s[start..i];
            let prev_num = matches!(t.toks().last(), Some(Tok::Num(_, 1..=2)));
            if let Some(&(_, m)) = MONTHS.iter().find(|(name, _)| name.eq_ignore_ascii_case(word)) {
                push(&mut t, Tok::Month(m), &mut sep)?;
            } else if t.len == 0 && !weekday_seen && WEEKDAYS.iter().any(|d| d.eq_ignore_ascii_case(word)) {
                weekday_seen = true;
                sep = Sep::None;
                // A comma or spaces may follow the weekday.
                while let Some(&c) = b.get(i) {
                    if c == b',' || c.is_ascii_whitespace() {
                        i += 1;
                    } else {
                        break;
                    }
                }
            } else if prev_num && sep == Sep::None && ["st", "nd", "rd", "th"].iter().any(|o| o.eq_ignore_ascii_case(word)) {
                // 5th: the ordinal suffix is dropped.
            } else if prev_num && sep == Sep::Space && word.eq_ignore_ascii_case("of") {
                // 5th of January.
            } else {
                return None;
            }
        } else if c.is_ascii_whitespace() {
            if sep == Sep::None {
                sep = Sep::Space;
            }
            i += 1;
        } else if matches!(c, b'-' | b'/' | b'.' | b',') {
            sep = match sep {
                Sep::None | Sep::Space => Sep::Char(c),
                _ => Sep::Bad,
            };
            i += 1;
        } else {
            let ch = s[i..].chars().next()?;
            let tok = match ch {
                '年' => Tok::YearMark,
                '月' => Tok::MonthMark,
                '日' | '号' => Tok::DayMark,
                c if c.is_whitespace() => {
                    if sep == Sep::None {
                        sep = Sep::Space;
                    }
                    i += c.len_utf8();
                    continue;
                }
                _ => return None,
            };
            push(&mut t, tok, &mut sep)?;
            i += ch.len_utf8();
        }
    }
    // Leading or trailing punctuation is not part of a date.
    if matches!(sep, Sep::Char(_) | Sep::Bad) || matches!(t.seps[0], Sep::Char(_) | Sep::Bad) {
        return None;
    }
    Some(t)
}

/// A four-digit year, or a two-digit one expanded.
fn year_of(value: u32, len: u8) -> Option<i32> {
    match len {
        4 => Some(value as i32),
        2 => Some(expand_two_digit_year(value)),
        _ => None,
    }
}

/// Whether the separators of a numeric date are one and the same of `-/.`.
fn numeric_seps(seps: &[Sep]) -> bool {
    matches!(seps, [a @ Sep::Char(b'-' | b'/' | b'.'), b] if a == b)
}

/// `NN/NN/YY[YY]`: the two leading numbers and the year.
fn day_month_pair(toks: &Tokens) -> Option<(u32, u32, i32)> {
    match toks.toks() {
        [Tok::Num(a, 1..=2), Tok::Num(b, 1..=2), Tok::Num(y, len @ (2 | 4))] if numeric_seps(toks.seps()) => {
            Some((*a, *b, year_of(*y, *len)?))
        }
        _ => None,
    }
}

/// Reads the date part: (year, month, day, ambiguous).
fn parse_date_part(s: &str, order: Option<DateOrder>, fallback: DateOrder) -> Result<(i32, u32, u32, bool), Issue> {
    match iso_date(s) {
        Some((year, month, day)) => check_civil(year, month, day).map(|()| (year, month, day, false)),
        None => parse_date_part_general(s, order, fallback),
    }
}

/// `YYYY-MM-DD` exactly, the commonest form in CRM exports, read from its
/// digits without tokenizing (which cost about as much as the rest of the
/// date's check); `None` for anything else. The general reading gives the
/// same (tested).
fn iso_date(s: &str) -> Option<(i32, u32, u32)> {
    let b: &[u8; 10] = s.as_bytes().try_into().ok()?;
    if b[4] != b'-' || b[7] != b'-' {
        return None;
    }
    Some((ascii_number(&b[0..4])? as i32, ascii_number(&b[5..7])?, ascii_number(&b[8..10])?))
}

/// The number `digits` spell, if they are all ASCII digits (and few enough
/// for a `u32`: callers read fixed fields of two to four).
pub(crate) fn ascii_number(digits: &[u8]) -> Option<u32> {
    digits.iter().try_fold(0u32, |n, &c| c.is_ascii_digit().then(|| n * 10 + u32::from(c - b'0')))
}

/// [`parse_date_part`] for any form.
fn parse_date_part_general(s: &str, order: Option<DateOrder>, fallback: DateOrder) -> Result<(i32, u32, u32, bool), Issue> {
    let toks = tokenize(s).ok_or_else(unrecognized)?;
    let seps = toks.seps();
    let no_bad = !seps.contains(&Sep::Bad);
    let spaces_only = seps.iter().all(|s| matches!(s, Sep::None | Sep::Space));
    let (year, month, day, ambiguous) = if let Some((a, b, year)) = day_month_pair(&toks) {
        let (order, ambiguous) = match order {
            Some(o) => (o, false),
            None if a > 12 && b <= 12 => (DateOrder::DayFirst, false),
            None if b > 12 && a <= 12 => (DateOrder::MonthFirst, false),
            None => (fallback, a != b && a <= 12 && b <= 12 && a > 0 && b > 0),
        };
        let (day, month) = match order {
            DateOrder::DayFirst => (a, b),
            DateOrder::MonthFirst => (b, a),
        };
        if month > 12 && day <= 12 && month <= 31 {
            let (en, zh) = order.describe();
            return Err(impossible(
                format!("Month {month} does not exist when read as {en}"),
                format!("按{zh}顺序理解时不存在 {month} 月"),
            ));
        }
        (year, month, day, ambiguous)
    } else {
        match toks.toks() {
            [Tok::Num(y, 4), Tok::Num(m, 1..=2), Tok::Num(d, 1..=2)] if numeric_seps(seps) => (*y as i32, *m, *d, false),
            [Tok::Num(y, len @ (2 | 4)), Tok::YearMark, Tok::Num(m, 1..=2), Tok::MonthMark, Tok::Num(d, 1..=2), rest @ ..]
                if spaces_only && matches!(rest, [] | [Tok::DayMark]) =>
            {
                (year_of(*y, *len).ok_or_else(unrecognized)?, *m, *d, false)
            }
            [Tok::Month(m), Tok::Num(d, 1..=2), Tok::Num(y, len @ (2 | 4))] if no_bad => {
                (year_of(*y, *len).ok_or_else(unrecognized)?, *m, *d, false)
            }
            [Tok::Num(d, 1..=2), Tok::Month(m), Tok::Num(y, len @ (2 | 4))] if no_bad => {
                (year_of(*y, *len).ok_or_else(unrecognized)?, *m, *d, false)
            }
            [Tok::Num(y, 4), Tok::Month(m), Tok::Num(d, 1..=2)] if no_bad => (*y as i32, *m, *d, false),
            _ => return Err(unrecognized()),
        }
    };
    check_civil(year, month, day)?;
    Ok((year, month, day, ambiguous))
}

/// How many values of a column prove each order.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct OrderEvidence {
    /// Values like `13/02/2024` that can only be day first.
    pub day_first: usize,
    /// Values like `02/13/2024` that can only be month first.
    pub month_first: usize,
}

/// Counts the values of a column that can only be read one way.
pub fn order_evidence<'a>(values: impl Iterator<Item = &'a str>) -> OrderEvidence {
    let mut evidence = OrderEvidence::default();
    for order in values.filter_map(proven_order) {
        match order {
            DateOrder::DayFirst => evidence.day_first += 1,
            DateOrder::MonthFirst => evidence.month_first += 1,
        }
    }
    evidence
}

/// The only order `value` can be read in (`13/02/2024` is day first), if it settles it.
fn proven_order(value: &str) -> Option<DateOrder> {
    let (date, _) = split_time(value.trim());
    let (a, b, _) = tokenize(date).as_ref().and_then(day_month_pair)?;
    if (13..=31).contains(&a) && (1..=12).contains(&b) {
        Some(DateOrder::DayFirst)
    } else if (13..=31).contains(&b) && (1..=12).contains(&a) {
        Some(DateOrder::MonthFirst)
    } else {
        None
    }
}

/// The day/month order of a column: `Some` when at least one value proves
/// one order and none proves the other; `None` when nothing decides or the
/// evidence conflicts (use [`order_evidence`] to tell these apart and report
/// the counts). It stops at the first conflict: a column that mixes both
/// orders (common in merged exports) is then decided without reading on,
/// which was a fifth of a date column's validation.
pub fn decide_order<'a>(values: impl Iterator<Item = &'a str>) -> Option<DateOrder> {
    let mut found = None;
    for order in values.filter_map(proven_order) {
        match found {
            None => found = Some(order),
            Some(seen) if seen != order => return None,
            Some(_) => {}
        }
    }
    found
}

/// Validates one date and gives its ISO 8601 form.
///
/// `order` is the column's order (from [`decide_order`] or the user); `None`
/// lets each value decide, falling back to `options.default_order` with a
/// `date.ambiguous` warning.
pub fn validate_date(value: &str, order: Option<DateOrder>, options: &DateOptions) -> Verdict {
    let parsed = match parse_with(value, order, options.default_order) {
        Ok(p) => p,
        Err(issue) => {
            let mut verdict = Verdict::invalid(issue);
            // 13/02/2024 in a month-first column: offer the other reading.
            if let Some(o) = order {
                if verdict.issues.first().is_some_and(|i| i.code == "date.impossible") {
                    if let Ok(p) = parse_with(value, Some(o.other()), o.other()) {
                        verdict.suggestion = Some(p.to_iso());
                    }
                }
            }
            return verdict;
        }
    };
    let mut verdict = Verdict::ok(parsed.to_iso());
    match parsed.source {
        DateSource::Text => {}
        DateSource::ExcelSerial => {
            verdict = verdict.with(Issue::warning(
                "date.from_serial",
                "Converted from an Excel serial day number",
                "已将 Excel 日期序列号转换为日期",
            ));
        }
        DateSource::UnixSeconds | DateSource::UnixMillis => {
            let (en, zh) = if parsed.source == DateSource::UnixMillis {
                ("Converted from a Unix timestamp in milliseconds (UTC)", "已将 Unix 时间戳（毫秒，UTC）转换为日期时间")
            } else {
                ("Converted from a Unix timestamp in seconds (UTC)", "已将 Unix 时间戳（秒，UTC）转换为日期时间")
            };
            verdict = verdict.with(Issue::warning("date.from_timestamp", en, zh));
        }
    }
    if parsed.ambiguous {
        let used = options.default_order;
        let (en_used, zh_used) = used.describe();
        let other = parse_with(value, Some(used.other()), used.other()).ok().map(|p| p.to_iso());
        let read = parsed.to_iso();
        verdict = verdict.with(Issue::warning(
            "date.ambiguous",
            format!("Day and month could be either way round; read as {en_used} ({read})"),
            format!("日和月的顺序无法确定，已按{zh_used}顺序理解（{read}）"),
        ));
        verdict.suggestion = other;
    }
    if parsed.year < options.far_past_year {
        verdict = verdict.with(Issue::warning(
            "date.far_past",
            format!("Year {} is before {}; check the date", parsed.year, options.far_past_year),
            format!("年份 {} 早于 {} 年，请检查日期", parsed.year, options.far_past_year),
        ));
    }
    let (ty, tm, td) = options.today;
    if (1..=12).contains(&tm) && td >= 1 {
        let limit = (ty.saturating_add(options.far_future_years), tm, td);
        if (parsed.year, parsed.month, parsed.day) > limit {
            verdict = verdict.with(Issue::warning(
                "date.far_future",
                format!("Date is more than {} years in the future; check the date", options.far_future_years),
                format!("日期晚于今天超过 {} 年，请检查日期", options.far_future_years),
            ));
        }
    }
    verdict
}

#[cfg(test)]
mod tests {
    use super::*;

    fn iso(value: &str, order: Option<DateOrder>) -> Result<String, &'static str> {
        parse_date(value, order).map(|p| p.to_iso()).map_err(|i| i.code)
    }

    /// `(input, normalized)` with no order given, default options.
    const ACCEPTED: &[(&str, &str)] = &[
        // ISO 8601
        ("2024-01-05", "2024-01-05"),
        ("  2024-01-05  ", "2024-01-05"),
        ("2024-01-05T13:45:00Z", "2024-01-05T13:45:00Z"),
        ("2024-01-05t13:45:00z", "2024-01-05T13:45:00Z"),
        ("2024-01-05T13:45:00", "2024-01-05T13:45:00"),
        ("2024-01-05T13:45", "2024-01-05T13:45:00"),
        ("2024-01-05 13:45", "2024-01-05T13:45:00"),
        ("2024-01-05 13:45:30", "2024-01-05T13:45:30"),
        ("2024-01-05T10:00:00+08:00", "2024-01-05T10:00:00+08:00"),
        ("2024-01-05T10:00:00-05:30", "2024-01-05T10:00:00-05:30"),
        ("2024-01-05T10:00:00+0800", "2024-01-05T10:00:00+08:00"),
        ("2024-01-05T10:00:00+08", "2024-01-05T10:00:00+08:00"),
        ("2024-01-05 10:00:00 +08:00", "2024-01-05T10:00:00+08:00"),
        ("2024-01-05 10:00:00 UTC", "2024-01-05T10:00:00Z"),
        ("2024-01-05 10:00:00 GMT+8", "2024-01-05T10:00:00+08:00"),
        ("2024-01-05T13:45:00.123Z", "2024-01-05T13:45:00.123Z"),
        ("2024-01-05T13:45:00.5", "2024-01-05T13:45:00.500"),
        ("2024-01-05T13:45:00,25", "2024-01-05T13:45:00.250"),
        ("2024-01-05T13:45:00.123456", "2024-01-05T13:45:00.123456"),
        ("2024-01-05T13:45:00.1234567891", "2024-01-05T13:45:00.123456789"),
        ("2024-01-05T00:00:00.000Z", "2024-01-05T00:00:00Z"),
        ("20240105", "2024-01-05"),
        ("19991231", "1999-12-31"),
        // Year first with / and .
        ("2024/01/05", "2024-01-05"),
        ("2024/1/5", "2024-01-05"),
        ("2024.01.05", "2024-01-05"),
        ("2024.1.5", "2024-01-05"),
        ("2024-1-5", "2024-01-05"),
        ("2024/01/05 13:45", "2024-01-05T13:45:00"),
        ("2024/1/5 9:05:07", "2024-01-05T09:05:07"),
        // Day first, provable
        ("13/02/2024", "2024-02-13"),
        ("31.12.2023", "2023-12-31"),
        ("25-12-2023", "2023-12-25"),
        // Month first, provable
        ("02/13/2024", "2024-02-13"),
        ("12/31/2023", "2023-12-31"),
        ("12/25/2023 1:45 PM", "2023-12-25T13:45:00"),
        ("12/25/2023 12:00 AM", "2023-12-25T00:00:00"),
        ("12/25/2023 12:30 pm", "2023-12-25T12:30:00"),
        ("12/25/2023 11:59:59 p.m.", "2023-12-25T23:59:59"),
        // Same day and month: not ambiguous
        ("05/05/2024", "2024-05-05"),
        // Two-digit years
        ("13/01/24", "2024-01-13"),
        ("13/01/49", "2049-01-13"),
        ("13/01/50", "1950-01-13"),
        ("13/01/99", "1999-01-13"),
        ("13/01/00", "2000-01-13"),
        ("13.01.85", "1985-01-13"),
        // Chinese
        ("2024年1月5日", "2024-01-05"),
        ("2024年01月05日", "2024-01-05"),
        ("2024年01月05日 13:45", "2024-01-05T13:45:00"),
        ("2024年1月5日13:45:10", "2024-01-05T13:45:10"),
        ("2024年1月5号", "2024-01-05"),
        ("2024年1月5", "2024-01-05"),
        ("2024 年 1 月 5 日", "2024-01-05"),
        ("2024年1月5日\u{3000}13:45", "2024-01-05T13:45:00"),
        ("24年1月5日", "2024-01-05"),
        // English month names
        ("Jan 5, 2024", "2024-01-05"),
        ("Jan 5 2024", "2024-01-05"),
        ("Jan. 5, 2024", "2024-01-05"),
        ("January 5, 2024", "2024-01-05"),
        ("JANUARY 5, 2024", "2024-01-05"),
        ("January 5th, 2024", "2024-01-05"),
        ("Sept 30, 2024", "2024-09-30"),
        ("5 January 2024", "2024-01-05"),
        ("5th of January 2024", "2024-01-05"),
        ("5 Jan 2024", "2024-01-05"),
        ("05-Jan-2024", "2024-01-05"),
        ("05-JAN-24", "2024-01-05"),
        ("5/Jan/2024", "2024-01-05"),
        ("05Jan2024", "2024-01-05"),
        ("2024-Jan-05", "2024-01-05"),
        ("2024 January 5", "2024-01-05"),
        ("Friday, January 5, 2024", "2024-01-05"),
        ("Fri, 05 Jan 2024 10:00:00 +0000", "2024-01-05T10:00:00+00:00"),
        ("Jan 5, 2024, 3:30 PM", "2024-01-05T15:30:00"),
        ("Jan 5, 2024 3:30PM", "2024-01-05T15:30:00"),
        ("Dec 31, 1999 23:59", "1999-12-31T23:59:00"),
        // Leap days
        ("2024-02-29", "2024-02-29"),
        ("2000-02-29", "2000-02-29"),
        ("29/02/2000", "2000-02-29"),
        ("1600-02-29", "1600-02-29"),
        // Excel serial numbers
        ("45296", "2024-01-05"),
        ("45296.5", "2024-01-05T12:00:00"),
        ("45296.75", "2024-01-05T18:00:00"),
        ("45296.0", "2024-01-05T00:00:00"),
        ("45296.99999999", "2024-01-06T00:00:00"),
        ("20000", "1954-10-03"),
        ("36526", "2000-01-01"),
        ("80000", "2119-01-11"),
        // Unix timestamps
        ("1704448800", "2024-01-05T10:00:00Z"),
        ("1704448800123", "2024-01-05T10:00:00.123Z"),
        ("1704448800000", "2024-01-05T10:00:00Z"),
        ("1000000000", "2001-09-09T01:46:40Z"),
        ("1704448800.5", "2024-01-05T10:00:00.500Z"),
    ];

    /// `(input, error code)`, no order given.
    const REJECTED: &[(&str, &str)] = &[
        ("", "date.empty"),
        ("   ", "date.empty"),
        // impossible dates
        ("2023-02-29", "date.impossible"),
        ("1900-02-29", "date.impossible"),
        ("2100-02-29", "date.impossible"),
        ("2024-13-01", "date.impossible"),
        ("2024-00-10", "date.impossible"),
        ("2024-01-00", "date.impossible"),
        ("2024-01-32", "date.impossible"),
        ("2024-04-31", "date.impossible"),
        ("31/04/2024", "date.impossible"),
        ("04/31/2024", "date.impossible"),
        ("31/06/2024", "date.impossible"),
        ("29/02/2023", "date.impossible"),
        ("13/13/2024", "date.impossible"),
        ("32/01/2024", "date.impossible"),
        ("00/00/2024", "date.impossible"),
        ("0000-00-00", "date.impossible"),
        ("0000-01-01", "date.impossible"),
        ("20241301", "date.impossible"),
        ("20230229", "date.impossible"),
        ("2023年2月29日", "date.impossible"),
        ("Feb 30, 2024", "date.impossible"),
        ("31 Sep 2024", "date.impossible"),
        ("2024-01-05 24:00", "date.impossible"),
        ("2024-01-05 23:60", "date.impossible"),
        ("2024-01-05 23:59:60", "date.impossible"),
        ("2024-01-05 13:00 PM", "date.impossible"),
        ("2024-01-05 0:30 AM", "date.impossible"),
        ("2024-01-05T10:00:00+25:00", "date.impossible"),
        // unrecognized
        ("hello", "date.unrecognized"),
        ("yesterday", "date.unrecognized"),
        ("2024", "date.unrecognized"),
        ("2024-01", "date.unrecognized"),
        ("Jan 2024", "date.unrecognized"),
        ("2024年1月", "date.unrecognized"),
        ("13:45", "date.unrecognized"),
        ("2024-01-05 13", "date.unrecognized"),
        ("2024/01-05", "date.unrecognized"),
        ("05/01-2024", "date.unrecognized"),
        ("05 01 2024", "date.unrecognized"),
        ("2024--01--05", "date.unrecognized"),
        ("-2024-01-05", "date.unrecognized"),
        ("2024-01-05.", "date.unrecognized"),
        ("123/01/2024", "date.unrecognized"),
        ("05/01/202", "date.unrecognized"),
        ("05/01/12345", "date.unrecognized"),
        ("Janvier 5 2024", "date.unrecognized"),
        ("Jan 5th 2024th", "date.unrecognized"),
        ("2024-01-05 13:4", "date.unrecognized"),
        ("2024-01-05 13:45 XYZ", "date.unrecognized"),
        ("2024-01-05 13:45 +8", "date.unrecognized"),
        ("2024-01-05T13:45:00.Z", "date.unrecognized"),
        ("2024-01-05 #", "date.unrecognized"),
        ("1.5", "date.unrecognized"),
        ("12345", "date.unrecognized"),
        ("19999", "date.unrecognized"),
        ("80001", "date.unrecognized"),
        ("80000.5", "date.unrecognized"),
        ("123456", "date.unrecognized"),
        ("12345678", "date.unrecognized"),
        ("123456789", "date.unrecognized"),
        ("12345678901", "date.unrecognized"),
        ("12345678901234", "date.unrecognized"),
        ("1704448800123.5", "date.unrecognized"),
        ("2024.01.05.", "date.unrecognized"),
        ("45296.", "date.unrecognized"),
        (".5", "date.unrecognized"),
        ("Mon", "date.unrecognized"),
        ("Mon Mon 5 Jan 2024", "date.unrecognized"),
        ("5 Jan 2024 2025", "date.unrecognized"),
        ("1 2 3 4 5 6 7 8 9", "date.unrecognized"),
    ];

    #[test]
    fn padded_numbers_match_the_formatter() {
        for n in [0u32, 1, 9, 10, 59, 99, 100, 999, 1000, 2024, 9999, 10000, 123_456_789, u32::MAX] {
            for width in [2, 3, 4, 6, 9] {
                let mut out = String::new();
                push_padded(&mut out, n, width);
                assert_eq!(out, format!("{n:0width$}"));
            }
        }
    }

    #[test]
    fn accepted_formats() {
        let mut failures = Vec::new();
        for &(input, want) in ACCEPTED {
            match iso(input, None) {
                Ok(got) if got == want => {}
                other => failures.push(format!("{input:?}: got {other:?}, want {want}")),
            }
        }
        assert!(failures.is_empty(), "{}", failures.join("\n"));
    }

    #[test]
    fn rejected_values() {
        let mut failures = Vec::new();
        for &(input, want) in REJECTED {
            match iso(input, None) {
                Err(code) if code == want => {}
                other => failures.push(format!("{input:?}: got {other:?}, want {want}")),
            }
            let v = validate_date(input, None, &DateOptions::default());
            assert!(!v.valid && v.normalized.is_none(), "{input:?}");
            assert!(v.issues.iter().all(|i| !i.en.is_empty() && !i.zh.is_empty()));
        }
        assert!(failures.is_empty(), "{}", failures.join("\n"));
    }

    #[test]
    fn leap_years() {
        assert!(!is_leap_year(1900));
        assert!(is_leap_year(2000));
        assert!(is_leap_year(2024));
        assert!(!is_leap_year(2023));
        assert!(!is_leap_year(2100));
        assert_eq!(days_in_month(2024, 2), 29);
        assert_eq!(days_in_month(1900, 2), 28);
        assert_eq!(days_in_month(2024, 13), 0);
    }

    #[test]
    fn civil_day_arithmetic_round_trips() {
        assert_eq!(days_from_civil(1970, 1, 1), 0);
        assert_eq!(days_from_civil(2024, 1, 5), 19_727);
        assert_eq!(days_from_civil(1899, 12, 30), -25_569);
        assert_eq!(civil_from_days(-1), (1969, 12, 31));
        let mut days = days_from_civil(1, 1, 1);
        for year in 1..=2500 {
            for month in 1..=12 {
                for day in 1..=days_in_month(year, month) {
                    assert_eq!(days_from_civil(year, month, day), days);
                    assert_eq!(civil_from_days(days), (year, month, day));
                    days += 1;
                }
            }
        }
    }

    #[test]
    fn ambiguous_values_use_the_order() {
        assert_eq!(iso("03/04/2024", Some(DateOrder::DayFirst)), Ok("2024-04-03".into()));
        assert_eq!(iso("03/04/2024", Some(DateOrder::MonthFirst)), Ok("2024-03-04".into()));
        assert_eq!(iso("05/01/24", Some(DateOrder::DayFirst)), Ok("2024-01-05".into()));
        assert_eq!(iso("05/01/24", Some(DateOrder::MonthFirst)), Ok("2024-05-01".into()));
        assert_eq!(iso("03-04-2024", Some(DateOrder::MonthFirst)), Ok("2024-03-04".into()));
        assert_eq!(iso("03.04.2024", Some(DateOrder::DayFirst)), Ok("2024-04-03".into()));

        let p = parse_date("03/04/2024", None).unwrap();
        assert!(p.ambiguous);
        assert_eq!((p.year, p.month, p.day), (2024, 4, 3));
        for unambiguous in ["13/04/2024", "04/13/2024", "04/04/2024", "2024-03-04", "3 Apr 2024"] {
            assert!(!parse_date(unambiguous, None).unwrap().ambiguous, "{unambiguous}");
        }
        // With an order given nothing is ambiguous.
        assert!(!parse_date("03/04/2024", Some(DateOrder::DayFirst)).unwrap().ambiguous);
    }

    #[test]
    fn ambiguous_verdicts_warn_and_offer_the_other_reading() {
        let day_first = DateOptions::default();
        let v = validate_date("03/04/2024", None, &day_first);
        assert!(v.valid);
        assert_eq!(v.normalized.as_deref(), Some("2024-04-03"));
        assert_eq!(v.codes(), vec!["date.ambiguous"]);
        assert_eq!(v.suggestion.as_deref(), Some("2024-03-04"));

        let us = DateOptions { default_order: DateOrder::MonthFirst, ..DateOptions::default() };
        let v = validate_date("03/04/2024 10:30", None, &us);
        assert_eq!(v.normalized.as_deref(), Some("2024-03-04T10:30:00"));
        assert_eq!(v.codes(), vec!["date.ambiguous"]);
        assert_eq!(v.suggestion.as_deref(), Some("2024-04-03T10:30:00"));

        // A column order removes the warning.
        let v = validate_date("03/04/2024", Some(DateOrder::MonthFirst), &day_first);
        assert_eq!(v.normalized.as_deref(), Some("2024-03-04"));
        assert!(v.issues.is_empty());
    }

    #[test]
    fn value_contradicting_the_column_order_is_impossible_with_suggestion() {
        let v = validate_date("13/02/2024", Some(DateOrder::MonthFirst), &DateOptions::default());
        assert!(!v.valid);
        assert_eq!(v.codes(), vec!["date.impossible"]);
        assert_eq!(v.suggestion.as_deref(), Some("2024-02-13"));
        let v = validate_date("02/13/2024", Some(DateOrder::DayFirst), &DateOptions::default());
        assert_eq!(v.codes(), vec!["date.impossible"]);
        assert_eq!(v.suggestion.as_deref(), Some("2024-02-13"));
        // Impossible either way: no suggestion.
        let v = validate_date("31/04/2024", Some(DateOrder::DayFirst), &DateOptions::default());
        assert_eq!(v.codes(), vec!["date.impossible"]);
        assert_eq!(v.suggestion, None);
    }

    #[test]
    fn stopping_at_the_first_conflict_decides_as_counting_every_value_does() {
        let pool = ["13/02/2024", "02/13/2024", "03/04/2024", "", "2024-01-13", "hello", "25.12.23", "12/31/23 9:00 PM"];
        let mut next = crate::test_rng::below(0x2545_F491_4F6C_DD1D);
        for _ in 0..5000 {
            let values: Vec<&str> = (0..next(9)).map(|_| pool[next(pool.len())]).collect();
            let e = order_evidence(values.iter().copied());
            let counted = match (e.day_first > 0, e.month_first > 0) {
                (true, false) => Some(DateOrder::DayFirst),
                (false, true) => Some(DateOrder::MonthFirst),
                _ => None,
            };
            assert_eq!(decide_order(values.iter().copied()), counted, "{values:?}");
        }
    }

    #[test]
    fn iso_dates_read_from_their_digits_as_the_general_reading_reads_them() {
        let orders = [(None, DateOrder::DayFirst), (Some(DateOrder::MonthFirst), DateOrder::MonthFirst), (None, DateOrder::MonthFirst)];
        let pieces = ["0", "1", "2", "3", "4", "5", "6", "7", "8", "9", "-", "/", " ", "a", "１"];
        let mut next = crate::test_rng::below(0x2545_F491_4F6C_DD1D);
        let mut values: Vec<String> = ["2024-01-05", "2024-02-29", "2023-02-29", "2024-02-30", "2024-13-01", "2024-00-10", "2024-04-31",
            "0000-01-01", "0001-01-01", "9999-12-31", "2024-1-05", "2024-01-5", "2024/01/05", "20240-1-05", "2024-01-0a"]
            .iter()
            .map(|v| v.to_string())
            .collect();
        for _ in 0..20_000 {
            // Digits with dashes where ISO has them, most of the time.
            let value: String = (0..10).map(|i| if (i == 4 || i == 7) && next(8) > 0 { "-" } else { pieces[next(pieces.len())] }).collect();
            values.push(value);
        }
        for value in &values {
            for (order, fallback) in orders {
                assert_eq!(parse_date_part(value, order, fallback), parse_date_part_general(value, order, fallback), "{value:?}");
            }
        }
    }

    #[test]
    fn column_order_decision() {
        let col = |values: &[&str]| decide_order(values.iter().copied());
        assert_eq!(col(&["03/04/2024", "13/02/2024", "01/01/2024"]), Some(DateOrder::DayFirst));
        assert_eq!(col(&["03/04/2024", "02/13/2024", ""]), Some(DateOrder::MonthFirst));
        assert_eq!(col(&["02/13/2024 10:00 AM", "05/06/2024 1:00 PM"]), Some(DateOrder::MonthFirst));
        assert_eq!(col(&["25.12.23", "01.02.23"]), Some(DateOrder::DayFirst));
        assert_eq!(col(&["31-01-2024"]), Some(DateOrder::DayFirst));
        // Nothing decides.
        assert_eq!(col(&["03/04/2024", "05/06/2024", "07/07/2024"]), None);
        assert_eq!(col(&[]), None);
        // Year-first, month names, Chinese and numbers decide nothing.
        assert_eq!(col(&["2024-01-13", "13 Jan 2024", "2024年1月13日", "45296", "2024/13/01"]), None);
        // Garbage decides nothing.
        assert_eq!(col(&["05/45/2024", "45/05/2024", "13/13/2024", "hello"]), None);
        // Conflicting evidence: None, and the counts say why.
        let values = ["13/02/2024", "02/13/2024", "14/02/2024"];
        assert_eq!(col(&values), None);
        assert_eq!(order_evidence(values.iter().copied()), OrderEvidence { day_first: 2, month_first: 1 });
    }

    #[test]
    fn serial_and_timestamp_warnings() {
        let opts = DateOptions::default();
        let v = validate_date("45296", None, &opts);
        assert_eq!(v.normalized.as_deref(), Some("2024-01-05"));
        assert_eq!(v.codes(), vec!["date.from_serial"]);
        assert!(v.valid);
        let v = validate_date("45296.25", None, &opts);
        assert_eq!(v.normalized.as_deref(), Some("2024-01-05T06:00:00"));
        let v = validate_date("1704448800", None, &opts);
        assert_eq!(v.normalized.as_deref(), Some("2024-01-05T10:00:00Z"));
        assert_eq!(v.codes(), vec!["date.from_timestamp"]);
        let v = validate_date("1704448800123", None, &opts);
        assert_eq!(v.codes(), vec!["date.from_timestamp"]);
        assert!(v.issues[0].en.contains("milliseconds"));
        let p = parse_date("45296", None).unwrap();
        assert_eq!(p.source, DateSource::ExcelSerial);
        assert_eq!(p.time, None);
        let p = parse_date("1704448800", None).unwrap();
        assert_eq!(p.source, DateSource::UnixSeconds);
        assert_eq!((p.hour(), p.minute(), p.second()), (Some(10), Some(0), Some(0)));
        assert_eq!(p.offset, Some(TzOffset::Utc));
    }

    #[test]
    fn far_past_and_far_future() {
        let opts = DateOptions { today: (2024, 6, 15), ..DateOptions::default() };
        assert!(validate_date("2024-06-15", None, &opts).issues.is_empty());
        assert!(validate_date("1900-01-01", None, &opts).issues.is_empty());
        let v = validate_date("1899-12-31", None, &opts);
        assert!(v.valid);
        assert_eq!(v.codes(), vec!["date.far_past"]);
        assert_eq!(validate_date("0001-01-01", None, &opts).codes(), vec!["date.far_past"]);
        assert!(validate_date("2029-06-15", None, &opts).issues.is_empty());
        let v = validate_date("2029-06-16", None, &opts);
        assert!(v.valid);
        assert_eq!(v.codes(), vec!["date.far_future"]);
        // A 1940s birthday with a two-digit year lands in the 2040s: flagged.
        assert_eq!(validate_date("13/05/45", None, &opts).codes(), vec!["date.far_future"]);
        // Unknown today: no far-future check.
        assert!(validate_date("2999-01-01", None, &DateOptions::default()).issues.is_empty());
        // Custom thresholds.
        let strict = DateOptions { today: (2024, 6, 15), far_past_year: 1950, far_future_years: 0, ..DateOptions::default() };
        assert_eq!(validate_date("1949-12-31", None, &strict).codes(), vec!["date.far_past"]);
        assert_eq!(validate_date("2024-06-16", None, &strict).codes(), vec!["date.far_future"]);
    }

    #[test]
    fn verdicts_of_plain_dates() {
        let v = validate_date("Jan 5, 2024", None, &DateOptions::default());
        assert_eq!(v, Verdict::ok("2024-01-05"));
        let v = validate_date("2024-01-05T10:00:00+08:00", None, &DateOptions::default());
        assert_eq!(v, Verdict::ok("2024-01-05T10:00:00+08:00"));
        let v = validate_date("", None, &DateOptions::default());
        assert_eq!(v.codes(), vec!["date.empty"]);
    }

    #[test]
    fn defaults() {
        let o = DateOptions::default();
        assert_eq!(o.default_order, DateOrder::DayFirst);
        assert_eq!(o.far_past_year, 1900);
        assert_eq!(o.far_future_years, 5);
        assert_eq!(o.today, (0, 0, 0));
        assert_eq!(expand_two_digit_year(49), 2049);
        assert_eq!(expand_two_digit_year(50), 1950);
    }

    #[test]
    fn never_panics_on_odd_input() {
        let odd = [":", "::", "1:", ":1", "T1:00", "年", "月日", "99999999999999999999", "1.2.3", "4294967296/1/1",
            "9999999999", "9999999999999", "99999", "Jan", "5 of", "of Jan", "st", "1st", "2024-01-05 1:00 am pm",
            "2024-01-05 10:00:00 UTC+", "2024-01-05 10:00:00 +", "2024-01-05 10:00:00 +08:", "\u{0}", "é", "１２"];
        for s in odd {
            let _ = validate_date(s, None, &DateOptions::default());
            let _ = validate_date(s, Some(DateOrder::MonthFirst), &DateOptions::default());
        }
        let _ = decide_order(odd.iter().copied());
    }
}
