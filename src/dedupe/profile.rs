//! The `dedupe` section of the cleaning profile: whether duplicates are
//! looked for, how pairs are judged, where the threshold is, and the
//! decisions a person already made in review.
//!
//! Every key has a default (`#[serde(default)]`), so a profile written before
//! deduplication existed still loads, and an empty `"dedupe": {}` means "on,
//! with everything chosen from the inferred column types".

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use super::survive::Survivorship;
use crate::error::{Error, Result};

/// How candidate pairs are judged.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Default)]
#[serde(rename_all = "snake_case")]
pub enum Mode {
    /// Fellegi-Sunter weights trained on the file (u from random pairs, m by EM).
    #[default]
    Probabilistic,
    /// "Same email, same phone or same ID number is a duplicate", nothing cleverer.
    Rules,
}

/// A blocking rule: which records are compared at all. Two records become a
/// candidate pair when they share the rule's key.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum BlockingRule {
    /// Same email key (Gmail dots and `+tags` aside), over every email column.
    Email,
    /// Same phone digits, over every phone column.
    Phone,
    /// Same ID number (`cn_id` or `record_id` column).
    Id,
    /// Same postal code and the same first two letters of the family name.
    PostcodeName,
    /// Same family name by sound (Double Metaphone) and same birth year.
    PhoneticBirthYear,
    /// The same name words by sound, in any order (swapped given and family names meet).
    NameSound,
    /// Same name fingerprint and the same first word of the company.
    NameCompany,
}

impl BlockingRule {
    /// Every rule, in the order they run.
    pub const ALL: [BlockingRule; 7] = [
        BlockingRule::Email,
        BlockingRule::Phone,
        BlockingRule::Id,
        BlockingRule::PostcodeName,
        BlockingRule::PhoneticBirthYear,
        BlockingRule::NameSound,
        BlockingRule::NameCompany,
    ];

    /// The rule's name in a profile and in reports.
    pub fn as_str(self) -> &'static str {
        match self {
            BlockingRule::Email => "email",
            BlockingRule::Phone => "phone",
            BlockingRule::Id => "id",
            BlockingRule::PostcodeName => "postcode_name",
            BlockingRule::PhoneticBirthYear => "phonetic_birth_year",
            BlockingRule::NameSound => "name_sound",
            BlockingRule::NameCompany => "name_company",
        }
    }
}

/// A reviewer's verdict on one pair, reapplied on every later run.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Verdict {
    /// The two rows are the same customer: merge them whatever the score.
    Accept,
    /// They are not: never link them directly.
    Reject,
}

/// One review decision: two input rows (1-based data rows, as in
/// `source_row`) and the verdict.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Decision {
    /// The two rows' `source_row` numbers.
    pub rows: [u64; 2],
    /// Same customer or not.
    pub decision: Verdict,
}

/// The profile's `dedupe` section.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct DedupeProfile {
    /// Whether the stage runs (the CLI's `--no-dedupe` turns it off).
    pub enabled: bool,
    /// How pairs are judged.
    pub mode: Mode,
    /// Match probability (0–1) at or above which a pair is merged.
    pub threshold: f64,
    /// Match probability from which a pair below the threshold goes to review.
    pub review_from: f64,
    /// The most review pairs listed (the count of all is reported).
    pub review_limit: usize,
    /// Blocking rules to use instead of those chosen from the column types.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub blocking: Option<Vec<BlockingRule>>,
    /// Keys shared by more rows than this are skipped (and reported), so
    /// one common value cannot make blocking quadratic.
    pub max_block_size: usize,
    /// Survivorship rule per column name; other columns get their type's default.
    pub survivorship: BTreeMap<String, Survivorship>,
    /// Review decisions to reapply.
    pub decisions: Vec<Decision>,
}

impl Default for DedupeProfile {
    fn default() -> Self {
        DedupeProfile {
            enabled: true,
            mode: Mode::Probabilistic,
            threshold: 0.99,
            review_from: 0.5,
            review_limit: 1000,
            blocking: None,
            max_block_size: 50,
            survivorship: BTreeMap::new(),
            decisions: Vec::new(),
        }
    }
}

impl DedupeProfile {
    /// Refuses settings that parse but make no sense.
    pub fn check(&self) -> Result<()> {
        let probability = |p: f64| p.is_finite() && (0.0..=1.0).contains(&p);
        if !probability(self.threshold) || !probability(self.review_from) {
            return Err(Error::Profile("dedupe.threshold and dedupe.review_from must be between 0 and 1".into()));
        }
        if self.max_block_size < 2 {
            return Err(Error::Profile("dedupe.max_block_size must be at least 2".into()));
        }
        Ok(())
    }

    /// Decisions read from a JSON file: either a list of decisions or an
    /// object with a `decisions` list (a review export).
    pub fn decisions_from_json(text: &str) -> Result<Vec<Decision>> {
        #[derive(Deserialize)]
        struct Wrapped {
            decisions: Vec<Decision>,
        }
        serde_json::from_str::<Vec<Decision>>(text)
            .or_else(|_| serde_json::from_str::<Wrapped>(text).map(|w| w.decisions))
            .map_err(|e| Error::Profile(format!("dedupe decisions: {e}")))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn empty_section_is_on_with_defaults() {
        let p: DedupeProfile = serde_json::from_str("{}").unwrap();
        assert_eq!(p, DedupeProfile::default());
        assert!(p.enabled);
    }

    #[test]
    fn overrides_and_decisions_parse() {
        let p: DedupeProfile = serde_json::from_str(
            r#"{"mode":"rules","blocking":["email","phone"],"survivorship":{"Notes":{"join_unique":" | "}},
                "decisions":[{"rows":[3,7],"decision":"reject"}]}"#,
        )
        .unwrap();
        assert_eq!(p.mode, Mode::Rules);
        assert_eq!(p.blocking, Some(vec![BlockingRule::Email, BlockingRule::Phone]));
        assert_eq!(p.decisions[0].decision, Verdict::Reject);
        assert!(serde_json::from_str::<DedupeProfile>(r#"{"treshold":0.5}"#).is_err());
        let file = DedupeProfile::decisions_from_json(r#"{"decisions":[{"rows":[1,2],"decision":"accept"}]}"#);
        assert_eq!(file.unwrap().len(), 1);
    }

    #[test]
    fn bad_threshold_is_refused() {
        let p = DedupeProfile { threshold: 1.5, ..DedupeProfile::default() };
        assert!(p.check().is_err());
    }
}
