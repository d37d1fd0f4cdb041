//! libphonenumber's metadata as `build.rs` compiled it: a text table
//! embedded in the binary, decoded on first use into territories whose
//! strings borrow from it, and each territory's patterns compiled with
//! the run-time engine (see [`engine`](super::engine)) the first time a
//! number of that territory is seen.
//!
//! See `build.rs` for the table format.

use std::sync::OnceLock;

use super::engine::{Prefix, Whole};

/// The table `build.rs` wrote.
static TABLE: &str = include_str!(concat!(env!("OUT_DIR"), "/phone_metadata.txt"));

/// Descriptors a territory has (general, then the number types).
pub(super) const DESCRIPTORS: usize = 11;

/// A descriptor, by its index in [`Territory::descs`] (the table's order).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Desc {
    General = 0,
    FixedLine,
    Mobile,
    TollFree,
    PremiumRate,
    SharedCost,
    Voip,
    PersonalNumber,
    Pager,
    Uan,
    Voicemail,
}

/// One descriptor: the national-number pattern and its possible lengths.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) struct Descriptor {
    pub pattern: &'static str,
    /// Bit n set: n digits is a possible length. Empty: any length.
    pub lengths: u32,
    /// Lengths only dialable locally (without the area code).
    pub local: u32,
}

impl Descriptor {
    /// The lengths as (min, max), `None` when there are none.
    pub fn min_max(&self) -> Option<(usize, usize)> {
        (self.lengths != 0).then(|| {
            (self.lengths.trailing_zeros() as usize, 31 - self.lengths.leading_zeros() as usize)
        })
    }
}

/// `len` as a bit of a length mask (0 when it cannot be one).
pub(super) fn length_bit(len: usize) -> u32 {
    u32::try_from(len).ok().and_then(|l| 1u32.checked_shl(l)).unwrap_or(0)
}

/// One region (`CN`) or non-geographic entity (`001`, one per calling code).
#[derive(Debug)]
pub(super) struct Territory {
    pub id: &'static str,
    pub code: u16,
    pub idd: Option<&'static str>,
    pub national_prefix: Option<&'static str>,
    pub prefix_for_parsing: Option<&'static str>,
    pub transform: Option<&'static str>,
    pub leading_digits: Option<&'static str>,
    pub descs: [Option<Descriptor>; DESCRIPTORS],
    /// Boxed: most territories are never compiled, and inline it would
    /// triple the table's decoded size (about 1.2 kB a territory).
    compiled: OnceLock<Box<Compiled>>,
}

/// A territory's patterns, compiled. A pattern that does not compile is
/// `None` (build.rs compiles each one with the same engine, so none is).
#[derive(Debug)]
pub(super) struct Compiled {
    /// Anchored at the start only: a prefix.
    pub idd: Option<Prefix>,
    pub prefix_for_parsing: Option<Prefix>,
    pub leading_digits: Option<Prefix>,
    /// Anchored at both ends: the whole national number.
    pub descs: [Option<Whole>; DESCRIPTORS],
    /// Fixed-line and mobile numbers share one pattern (US, CA, …). Known
    /// once: comparing the two patterns, some kilobytes long, for every
    /// number was a tenth of a US number's check.
    pub fixed_line_is_mobile: bool,
}

fn prefix_regex(pattern: Option<&str>) -> Option<Prefix> {
    Prefix::new(pattern?)
}

fn whole_regex(desc: Option<Descriptor>) -> Option<Whole> {
    Whole::new(desc?.pattern)
}

impl Territory {
    /// The patterns, compiled on first use.
    pub fn compiled(&self) -> &Compiled {
        self.compiled.get_or_init(|| {
            Box::new(Compiled {
                idd: prefix_regex(self.idd),
                prefix_for_parsing: prefix_regex(self.prefix_for_parsing),
                leading_digits: prefix_regex(self.leading_digits),
                descs: self.descs.map(whole_regex),
                fixed_line_is_mobile: self.desc(Desc::FixedLine).map(|d| d.pattern) == self.desc(Desc::Mobile).map(|d| d.pattern),
            })
        })
    }

    pub fn desc(&self, which: Desc) -> Option<&Descriptor> {
        self.descs[which as usize].as_ref()
    }

    /// `phonenumber`'s `Descriptor::is_match`: a possible length (when the
    /// descriptor lists any) and the pattern matching the whole number.
    pub fn matches(&self, which: Desc, national: &str) -> bool {
        let Some(desc) = self.desc(which) else { return false };
        if desc.lengths != 0 && desc.lengths & length_bit(national.len()) == 0 {
            return false;
        }
        self.compiled().descs[which as usize].as_ref().is_some_and(|re| re.is_match(national))
    }

    /// Whether this is a geographic region (not `001`).
    pub fn is_region(&self) -> bool {
        self.id.len() == 2
    }
}

/// Why the table could not be decoded: `build.rs` and this decoder
/// disagree, which the tests catch.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub(super) enum TableError {
    #[error("phone metadata line {0}: wrong number of fields")]
    Fields(usize),
    #[error("phone metadata line {0}: bad number")]
    Number(usize),
}

/// All territories, sorted by calling code (a code's main country first).
#[derive(Debug)]
pub(super) struct Metadata {
    territories: Vec<Territory>,
    /// Indices of the geographic territories, sorted by id.
    by_id: Vec<u16>,
    /// The index of each two-letter upper-case id (`AA` to `ZZ`), [`NO_TERRITORY`]
    /// where there is none: every phone cell looks its row's region up, and the
    /// binary search's string compares were a fifth of checking a number.
    by_letters: Box<[u16; LETTER_PAIRS]>,
}

/// Two upper-case ASCII letters.
const LETTER_PAIRS: usize = 26 * 26;

/// No territory with that id.
const NO_TERRITORY: u16 = u16::MAX;

/// The slot of a two-letter upper-case id in [`Metadata::by_letters`].
fn letter_slot(id: &str) -> Option<usize> {
    match id.as_bytes() {
        &[a @ b'A'..=b'Z', b @ b'A'..=b'Z'] => Some(usize::from(a - b'A') * 26 + usize::from(b - b'A')),
        _ => None,
    }
}

/// The decoded table (an empty one if it could not be decoded, which a
/// test rules out).
pub(super) fn metadata() -> &'static Metadata {
    static META: OnceLock<Metadata> = OnceLock::new();
    META.get_or_init(|| {
        decode(TABLE).unwrap_or_else(|_| Metadata {
            territories: Vec::new(),
            by_id: Vec::new(),
            by_letters: Box::new([NO_TERRITORY; LETTER_PAIRS]),
        })
    })
}

impl Metadata {
    pub fn by_id(&self, id: &str) -> Option<&Territory> {
        if let Some(slot) = letter_slot(id) {
            return self.territories.get(usize::from(self.by_letters[slot]));
        }
        let i = self.by_id.binary_search_by(|&i| self.territories[usize::from(i)].id.cmp(id)).ok()?;
        self.territories.get(usize::from(self.by_id[i]))
    }

    /// The territories of a calling code, main country first (empty when no
    /// such code exists).
    pub fn by_code(&self, code: u16) -> &[Territory] {
        let start = self.territories.partition_point(|t| t.code < code);
        let end = self.territories.partition_point(|t| t.code <= code);
        &self.territories[start..end]
    }

    #[cfg(test)]
    pub fn len(&self) -> usize {
        self.territories.len()
    }
}

fn decode(table: &'static str) -> Result<Metadata, TableError> {
    let mut territories = Vec::with_capacity(table.bytes().filter(|&b| b == b'\n').count());
    for (n, line) in table.lines().enumerate() {
        territories.push(decode_line(n + 1, line)?);
    }
    let mut by_id: Vec<u16> = (0..territories.len())
        .filter(|&i| territories[i].is_region())
        .filter_map(|i| u16::try_from(i).ok())
        .collect();
    by_id.sort_by_key(|&i| territories[usize::from(i)].id);
    let mut by_letters = Box::new([NO_TERRITORY; LETTER_PAIRS]);
    for &i in &by_id {
        if let Some(slot) = letter_slot(territories[usize::from(i)].id) {
            by_letters[slot] = i;
        }
    }
    Ok(Metadata { territories, by_id, by_letters })
}

fn decode_line(n: usize, line: &'static str) -> Result<Territory, TableError> {
    let mut fields = line.split('\x1f');
    let mut next = || fields.next().ok_or(TableError::Fields(n));
    let id = next()?;
    let code = next()?.parse().map_err(|_| TableError::Number(n))?;
    // The main country of a shared code comes first in the table already.
    let _main = next()?;
    let idd = optional(next()?);
    let national_prefix = optional(next()?);
    let prefix_for_parsing = optional(next()?);
    let transform = optional(next()?);
    let leading_digits = optional(next()?);
    let mut descs = [None; DESCRIPTORS];
    for desc in &mut descs {
        let (pattern, lengths, local) = (next()?, next()?, next()?);
        if pattern.is_empty() {
            continue;
        }
        let mask = |s: &str| u32::from_str_radix(s, 16).map_err(|_| TableError::Number(n));
        *desc = Some(Descriptor { pattern, lengths: mask(lengths)?, local: mask(local)? });
    }
    if fields.next().is_some() {
        return Err(TableError::Fields(n));
    }
    Ok(Territory {
        id,
        code,
        idd,
        national_prefix,
        prefix_for_parsing,
        transform,
        leading_digits,
        descs,
        compiled: OnceLock::new(),
    })
}

/// An optional field: empty when absent, `=value` when present.
fn optional(field: &'static str) -> Option<&'static str> {
    field.strip_prefix('=')
}
