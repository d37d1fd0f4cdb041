//! The profile's `anonymize` section: per column, what happens to personal
//! data before a file is saved, and how re-identification risk is checked.
//!
//! Everything has a default, so profiles written before anonymization
//! existed load unchanged and do nothing new. The key is deliberately not a
//! profile setting: profiles are shared and saved next to their outputs, so
//! the key travels separately (see [`super::key`]).

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use super::key::{parse_salt, Key};
use crate::error::{Error, Result};

/// The `anonymize` section of a profile.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct AnonymizeOptions {
    /// What to do with each column, by header name. Columns not listed are kept.
    pub columns: BTreeMap<String, Transform>,
    /// Columns that together could single a person out (city, birth year,
    /// gender, job title): the k-anonymity check groups rows by them.
    pub quasi_identifiers: Vec<String>,
    /// Every combination of quasi-identifier values should be shared by at least this many rows.
    pub k: usize,
    /// What to do when some rows are in smaller groups than `k`.
    pub enforce_k: EnforceK,
    /// Salt for deriving the key from a passphrase (hex, at least 16 bytes).
    /// Not secret; keep it with the profile so the same passphrase gives the same key.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub salt: Option<String>,
    /// Settings shared by every `date_shift` column.
    pub date_shift: DateShiftOptions,
    /// The key for pseudonyms, fakes and date shifts. Never read from or
    /// written to a profile file: front ends set it from a key file, the
    /// environment or the page.
    #[serde(skip)]
    pub key: Option<Key>,
}

impl Default for AnonymizeOptions {
    fn default() -> Self {
        AnonymizeOptions {
            columns: BTreeMap::new(),
            quasi_identifiers: Vec::new(),
            k: 5,
            enforce_k: EnforceK::Off,
            salt: None,
            date_shift: DateShiftOptions::default(),
            key: None,
        }
    }
}

impl AnonymizeOptions {
    /// Whether the section asks for nothing (then the stage does not run).
    pub fn is_off(&self) -> bool {
        self.columns.values().all(|t| *t == Transform::Keep) && self.quasi_identifiers.is_empty()
    }

    /// Whether nothing differs from the defaults (then profiles are written without the section).
    pub fn is_default(&self) -> bool {
        *self == AnonymizeOptions::default()
    }

    /// Whether any column's transform needs the key.
    pub fn needs_key(&self) -> bool {
        self.columns.values().any(Transform::needs_key)
    }

    /// Refuses settings that parse but make no sense, or are unsafe.
    pub fn check(&self) -> Result<()> {
        for (name, transform) in &self.columns {
            transform.check(name)?;
        }
        if !self.quasi_identifiers.is_empty() && self.k < 2 {
            return Err(Error::Profile("anonymize.k must be at least 2 when quasi_identifiers are given".into()));
        }
        for (i, name) in self.quasi_identifiers.iter().enumerate() {
            if self.quasi_identifiers[..i].contains(name) {
                return Err(Error::Profile(format!("anonymize.quasi_identifiers lists {name:?} twice")));
            }
            if matches!(self.columns.get(name), Some(Transform::Drop)) {
                return Err(Error::Profile(format!(
                    "anonymize: {name:?} is dropped, so it cannot be a quasi-identifier"
                )));
            }
        }
        if let Some(salt) = &self.salt {
            parse_salt(salt)?;
        }
        if self.date_shift.max_days == 0 || self.date_shift.max_days > 3650 {
            return Err(Error::Profile("anonymize.date_shift.max_days must be between 1 and 3650".into()));
        }
        let shifts = self.columns.values().any(|t| *t == Transform::DateShift);
        if shifts && self.date_shift.person.is_none() {
            return Err(Error::Profile(
                "anonymize.date_shift.person must name the column that identifies a person (a record id or email), \
                 so that one person's dates move together"
                    .into(),
            ));
        }
        Ok(())
    }
}

/// What to do when the output is not k-anonymous.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum EnforceK {
    /// Only report.
    Off,
    /// Move the rows of groups smaller than k to the rejected rows.
    Suppress,
    /// Coarsen quasi-identifier columns step by step (day → month → year,
    /// `100080` → `10008*`), then suppress what is still below k.
    Generalize,
}

/// Shared settings of the `date_shift` transform.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct DateShiftOptions {
    /// The column whose (original) value identifies a person; each person's
    /// dates all move by the same number of days.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub person: Option<String>,
    /// Dates move by 1 to this many days, earlier or later.
    pub max_days: u32,
}

impl Default for DateShiftOptions {
    fn default() -> Self {
        DateShiftOptions { person: None, max_days: 180 }
    }
}

/// What happens to one column.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "transform", rename_all = "snake_case")]
pub enum Transform {
    /// Leave the values as they are.
    Keep,
    /// Leave the column out of the output.
    Drop,
    /// Replace every non-empty value with a fixed text.
    Redact(RedactOptions),
    /// Hide part of each value in a format that suits the column type.
    Mask(MaskOptions),
    /// Replace each value with a keyed token (HMAC-SHA256): the same value
    /// and key always give the same token.
    Pseudonym(PseudonymOptions),
    /// Make values coarser: dates to month or year, ages to bands, postcodes
    /// to a prefix, numbers to ranges, addresses to city or province.
    Generalize(GeneralizeOptions),
    /// Move dates by a number of days that depends on the key and the person.
    DateShift,
    /// Replace with a realistic but made-up name, email or phone, chosen by the key and the value.
    Fake,
    /// Unkeyed hashes: accepted by the parser only so that `check` can say why they are refused.
    #[serde(alias = "sha256", alias = "sha1", alias = "md5")]
    Hash(serde_json::Map<String, serde_json::Value>),
}

impl Transform {
    /// The transform's name in the profile and the report.
    pub fn name(&self) -> &'static str {
        match self {
            Transform::Keep => "keep",
            Transform::Drop => "drop",
            Transform::Redact(_) => "redact",
            Transform::Mask(_) => "mask",
            Transform::Pseudonym(_) => "pseudonym",
            Transform::Generalize(_) => "generalize",
            Transform::DateShift => "date_shift",
            Transform::Fake => "fake",
            Transform::Hash(_) => "hash",
        }
    }

    /// Whether the transform cannot run without a key.
    pub fn needs_key(&self) -> bool {
        matches!(self, Transform::Pseudonym(_) | Transform::DateShift | Transform::Fake)
    }

    fn check(&self, column: &str) -> Result<()> {
        match self {
            Transform::Hash(_) => Err(Error::Profile(format!(
                "anonymize.columns.{column:?}: unkeyed hashes are not offered. A hash of a phone number, email \
                 or ID number is reversed by hashing every possible value (there are only about 10^10 mobile \
                 numbers) and comparing; use \"pseudonym\", which needs a secret key"
            ))),
            Transform::Pseudonym(p) if !(8..=64).contains(&p.length) => Err(Error::Profile(format!(
                "anonymize.columns.{column:?}: length must be between 8 and 64 hex digits, not {}",
                p.length
            ))),
            Transform::Generalize(g) if !(g.width.is_finite() && g.width > 0.0) => {
                Err(Error::Profile(format!("anonymize.columns.{column:?}: width must be a positive number")))
            }
            _ => Ok(()),
        }
    }
}

/// Settings of `redact`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct RedactOptions {
    /// The text written instead of each non-empty value.
    pub text: String,
}

impl Default for RedactOptions {
    fn default() -> Self {
        RedactOptions { text: "[REDACTED]".into() }
    }
}

/// Settings of `mask`. What `keep_first` and `keep_last` count depends on
/// the column type: digits of the national number for phones (the country
/// code is always kept), characters of the local part for emails,
/// characters for ID numbers and other text. Names keep their first
/// character per word and addresses are cut to their city (or province);
/// both ignore these.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct MaskOptions {
    /// Leading digits or characters left visible (type default: phone 3, email 1, cn_id 10, text 1).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub keep_first: Option<usize>,
    /// Trailing digits or characters left visible (type default: phone 4, otherwise 0).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub keep_last: Option<usize>,
    /// Emails: mask the domain too (`z***@***.com`) instead of keeping it.
    pub mask_domain: bool,
}

/// Settings of `pseudonym`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct PseudonymOptions {
    /// Text before the hex digits, e.g. `cust_`.
    pub prefix: String,
    /// Hex digits of the token (8–64); 16 (64 bits) keeps collisions unlikely
    /// below a few hundred million distinct values.
    pub length: usize,
}

impl Default for PseudonymOptions {
    fn default() -> Self {
        PseudonymOptions { prefix: String::new(), length: 16 }
    }
}

/// Settings of `generalize`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct GeneralizeOptions {
    /// How coarse.
    pub to: Level,
    /// `prefix`: characters kept.
    pub digits: usize,
    /// `range` and `age_band`: the width of a band.
    pub width: f64,
}

impl Default for GeneralizeOptions {
    fn default() -> Self {
        GeneralizeOptions { to: Level::Year, digits: 3, width: 10.0 }
    }
}

/// How coarse `generalize` makes a value.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Level {
    /// A date to `YYYY-MM`.
    Month,
    /// A date to `YYYY`.
    Year,
    /// A birth date to an age band of `width` years, e.g. `30-39` (needs today's date).
    AgeBand,
    /// Keep the first `digits` characters, star the rest (`100***`).
    Prefix,
    /// A number to the band of `width` it falls in, `lo-hi` meaning lo ≤ x < hi.
    Range,
    /// An address to its city (`北京市`, `Springfield, IL`).
    City,
    /// An address to its province or state.
    Province,
}
