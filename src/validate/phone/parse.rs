//! Reading a number (ASCII digits, an optional leading `+`) into a calling
//! code and a national significant number, and deciding its type, over the
//! compiled metadata.
//!
//! This is the `phonenumber` crate's (0.3.10) `parser::parse` and
//! `validator` step for step, so that verdicts stay what they were, with
//! its quirks (each is marked "as the crate does"). One difference, on
//! purpose: a descriptor's pattern must match the *whole* national number,
//! as libphonenumber requires; the crate accepted a match of a prefix
//! when the length was possible.

use super::metadata::{length_bit, metadata, Desc, Territory};

/// Fewest digits a national significant number may have.
const MIN_LENGTH_FOR_NSN: usize = 2;
/// Most digits a national significant number may have.
const MAX_LENGTH_FOR_NSN: usize = 17;
/// Longest calling code.
const MAX_LENGTH_FOR_COUNTRY_CODE: usize = 3;

/// Why a number could not be read (the crate's `ParseError`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum ParseError {
    NoNumber,
    InvalidCountryCode,
    TooShortNsn,
    TooLong,
    /// Only zeros left for the national number.
    MalformedInteger,
}

/// A number read into its parts.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct Parsed {
    pub code: u16,
    /// ASCII digits, leading zeros kept (Italy's `02…`).
    pub national: String,
}

/// Where the calling code came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Source {
    Plus,
    Idd,
    /// The region's own code (a national number, perhaps with the code
    /// written in front).
    Default,
}

/// A valid number's type.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum NumberType {
    FixedLine,
    Mobile,
    FixedLineOrMobile,
    TollFree,
    PremiumRate,
    SharedCost,
    Voip,
    PersonalNumber,
    Pager,
    Uan,
    Voicemail,
}

impl NumberType {
    pub fn name(self) -> &'static str {
        match self {
            NumberType::FixedLine => "fixed_line",
            NumberType::Mobile => "mobile",
            NumberType::FixedLineOrMobile => "fixed_line_or_mobile",
            NumberType::TollFree => "toll_free",
            NumberType::PremiumRate => "premium_rate",
            NumberType::SharedCost => "shared_cost",
            NumberType::Voip => "voip",
            NumberType::PersonalNumber => "personal_number",
            NumberType::Pager => "pager",
            NumberType::Uan => "uan",
            NumberType::Voicemail => "voicemail",
        }
    }
}

/// Reads `text` (ASCII digits, optionally after one `+`); `region` is the
/// territory a national number is read in.
pub(super) fn parse(region: Option<&'static Territory>, text: &str) -> Result<Parsed, ParseError> {
    let (plus, digits) = match text.strip_prefix('+') {
        Some(d) => (true, d),
        None => (false, text),
    };
    // The crate's viability check: at least 3 digits after a `+`, 2 without.
    let fewest = if plus { 3 } else { MIN_LENGTH_FOR_NSN };
    if digits.len() < fewest || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return Err(ParseError::NoNumber);
    }
    let (source, rest) = international_prefix(region, plus, digits);
    let (code, rest) = country_code(region, source, rest)?;
    // As the crate does: the national prefix rules are those of the region
    // the number was read in when there is one, even after an IDD.
    let meta = region.or_else(|| source_for(code, rest.trim_start_matches('0')));
    let national = match meta {
        Some(t) => strip_national_prefix(t, rest),
        None => rest.to_owned(),
    };
    check_national(&national)?;
    Ok(Parsed { code, national })
}

/// The crate's last checks on the national number's length and value.
fn check_national(national: &str) -> Result<(), ParseError> {
    if national.len() < MIN_LENGTH_FOR_NSN {
        return Err(ParseError::TooShortNsn);
    }
    if national.len() > MAX_LENGTH_FOR_NSN {
        return Err(ParseError::TooLong);
    }
    let value = national.trim_start_matches('0');
    if value.is_empty() {
        return Err(ParseError::MalformedInteger);
    }
    // The crate keeps the value in 56 bits.
    match value.parse::<u64>() {
        Ok(v) if v < 1 << 56 => Ok(()),
        Ok(_) => Err(ParseError::TooLong),
        Err(_) => Err(ParseError::MalformedInteger),
    }
}

/// Strips the region's international prefix (IDD) when the number starts
/// with it and no `0` follows.
fn international_prefix<'a>(region: Option<&Territory>, plus: bool, digits: &'a str) -> (Source, &'a str) {
    let idd = region.and_then(|t| t.compiled().idd.as_ref()).and_then(|p| p.for_text(digits));
    let source = if plus { Source::Plus } else { Source::Default };
    if let Some(m) = idd.and_then(|re| re.find(digits)) {
        let rest = &digits[m.end()..];
        if !rest.starts_with('0') {
            return (if plus { Source::Plus } else { Source::Idd }, rest);
        }
    }
    (source, digits)
}

/// Takes the calling code off an international number, or decides whether
/// a national one starts with its region's code.
fn country_code<'a>(
    region: Option<&Territory>,
    source: Source,
    national: &'a str,
) -> Result<(u16, &'a str), ParseError> {
    if source == Source::Default {
        let Some(t) = region else { return Err(ParseError::InvalidCountryCode) };
        return Ok((t.code, strip_own_code(t, national)));
    }
    if national.len() <= MIN_LENGTH_FOR_NSN {
        return Err(ParseError::TooShortNsn);
    }
    if national.starts_with('0') {
        return Err(ParseError::InvalidCountryCode);
    }
    for len in 1..=MAX_LENGTH_FOR_COUNTRY_CODE.min(national.len()) {
        let Ok(code) = national[..len].parse::<u16>() else { continue };
        if !metadata().by_code(code).is_empty() {
            return Ok((code, &national[len..]));
        }
    }
    Err(ParseError::InvalidCountryCode)
}

/// `86 138…` in CN: the region's own calling code in front of a national
/// number. As the crate does, it is stripped whenever the whole does not
/// match the region's general pattern *or* its length is not possible by
/// the general descriptor (whose lengths the metadata leaves empty, so in
/// practice always).
fn strip_own_code<'a>(t: &Territory, national: &'a str) -> &'a str {
    let mut buf = [0u8; 5];
    let code = decimal(t.code, &mut buf);
    match national.strip_prefix(code) {
        Some(rest) if !t.matches(Desc::General, national) || !length(t, national.len()).is_possible() => rest,
        _ => national,
    }
}

/// `n` in decimal, written into `buf`.
fn decimal(mut n: u16, buf: &mut [u8; 5]) -> &str {
    let mut i = buf.len();
    loop {
        i -= 1;
        buf[i] = b'0' + (n % 10) as u8;
        n /= 10;
        if n == 0 || i == 0 {
            break;
        }
    }
    std::str::from_utf8(&buf[i..]).unwrap_or("")
}

/// The crate's national-prefix step: the prefix-for-parsing rule (with its
/// transform), then the plain national prefix once more, kept unless the
/// result is too short by the general descriptor.
fn strip_national_prefix(t: &Territory, national: &str) -> String {
    let mut potential = prefix_for_parsing(t, national);
    if let Some(prefix) = t.national_prefix {
        if potential.starts_with(prefix) {
            potential.drain(..prefix.len());
        }
    }
    if length(t, potential.len()) == Validation::TooShort {
        return national.to_owned();
    }
    potential
}

/// `national_prefix_for_parsing` and `national_prefix_transform_rule`.
fn prefix_for_parsing(t: &Territory, national: &str) -> String {
    if t.prefix_for_parsing.is_none() {
        let rest = t.national_prefix.and_then(|p| national.strip_prefix(p));
        return rest.unwrap_or(national).to_owned();
    }
    let Some(re) = t.compiled().prefix_for_parsing.as_ref().and_then(|p| p.for_text(national)) else {
        return national.to_owned();
    };
    let Some(caps) = re.captures(national) else { return national.to_owned() };
    let end = caps.get(0).map_or(0, |m| m.end());
    let last = caps.get(caps.len() - 1);
    match t.transform {
        Some(rule) if last.is_some() => {
            let transformed = re.replace(national, rule).into_owned();
            if t.matches(Desc::General, national) && !t.matches(Desc::General, &transformed) {
                return national.to_owned();
            }
            transformed
        }
        // As the crate does: stripped even when the rest is no number (it
        // checks the number *before* stripping against the pattern; this is
        // why CN's carrier-code rule eats "12345" from `12345678901`).
        _ => national[end..].to_owned(),
    }
}

/// The crate's `Validation`, as far as parsing needs it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Validation {
    IsPossible,
    IsPossibleLocalOnly,
    TooShort,
    InvalidLength,
    TooLong,
}

impl Validation {
    fn is_possible(self) -> bool {
        matches!(self, Validation::IsPossible | Validation::IsPossibleLocalOnly)
    }
}

/// The crate's `validator::length` for the general descriptor.
fn length(t: &Territory, len: usize) -> Validation {
    let Some(general) = t.desc(Desc::General) else { return Validation::InvalidLength };
    let Some((min, max)) = general.min_max() else { return Validation::InvalidLength };
    let bit = length_bit(len);
    if general.local & bit != 0 {
        Validation::IsPossibleLocalOnly
    } else if len == min {
        Validation::IsPossible
    } else if len < min {
        Validation::TooShort
    } else if len > max {
        Validation::TooLong
    } else if general.lengths & bit != 0 {
        Validation::IsPossible
    } else {
        Validation::InvalidLength
    }
}

/// The territory whose metadata applies to a number of calling code `code`
/// (the crate's `validator::source_for`): the only one, or the first whose
/// leading digits (or, lacking those, whose number patterns) match.
pub(super) fn source_for(code: u16, national: &str) -> Option<&'static Territory> {
    match metadata().by_code(code) {
        [] => None,
        [only] => Some(only),
        _ => source_and_type(code, national).map(|(t, _)| t),
    }
}

/// [`source_for`] with the number's type there: found on the way when the
/// territory was chosen by its number patterns (the United States, first of
/// the 25 territories of calling code 1), and worked out once otherwise.
pub(super) fn source_and_type(code: u16, national: &str) -> Option<(&'static Territory, Option<NumberType>)> {
    match metadata().by_code(code) {
        [] => None,
        [only] => Some((only, number_type(only, national))),
        many => many.iter().find_map(|t| match t.leading_digits {
            Some(_) => t
                .compiled()
                .leading_digits
                .as_ref()
                .and_then(|p| p.for_text(national))
                .is_some_and(|re| re.is_match(national))
                .then(|| (t, number_type(t, national))),
            None => number_type(t, national).map(|kind| (t, Some(kind))),
        }),
    }
}

/// The number's type in territory `t`, `None` when no range matches (the
/// crate's `validator::number_type`, in its order).
pub(super) fn number_type(t: &Territory, national: &str) -> Option<NumberType> {
    if !t.matches(Desc::General, national) {
        return None;
    }
    const SPECIAL: [(Desc, NumberType); 8] = [
        (Desc::PremiumRate, NumberType::PremiumRate),
        (Desc::TollFree, NumberType::TollFree),
        (Desc::SharedCost, NumberType::SharedCost),
        (Desc::Voip, NumberType::Voip),
        (Desc::PersonalNumber, NumberType::PersonalNumber),
        (Desc::Pager, NumberType::Pager),
        (Desc::Uan, NumberType::Uan),
        (Desc::Voicemail, NumberType::Voicemail),
    ];
    if let Some(&(_, kind)) = SPECIAL.iter().find(|(d, _)| t.matches(*d, national)) {
        return Some(kind);
    }
    if t.matches(Desc::FixedLine, national) {
        // One pattern for both (US, CA, …): either.
        if t.compiled().fixed_line_is_mobile || t.matches(Desc::Mobile, national) {
            return Some(NumberType::FixedLineOrMobile);
        }
        return Some(NumberType::FixedLine);
    }
    t.matches(Desc::Mobile, national).then_some(NumberType::Mobile)
}
