//! The JSON cleaning profile: the one description of a cleaning job that the
//! page, the CLI and the embed API all accept.
//!
//! Unknown keys are refused rather than ignored, so that a typo in a profile
//! ("trimm") is reported instead of silently doing nothing.

use serde::{Deserialize, Serialize};

use crate::anonymize::AnonymizeOptions;
use crate::error::{Error, Result};
use crate::read::decode::encoding_for_label;
use crate::read::{ReadOptions, TooManyFields};

/// The profile format this build reads and writes.
pub const PROFILE_VERSION: u32 = 1;

/// Everything a cleaning run can be told.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct Profile {
    /// Format version; only [`PROFILE_VERSION`] is accepted.
    pub version: u32,
    /// How to read the input file.
    pub input: InputOptions,
    /// How to write the cleaned file.
    pub output: OutputOptions,
    /// Which normalizations to apply to every cell.
    pub normalize: NormalizeOptions,
    /// Settings for validation that are not tied to one column.
    pub validate: ValidateOptions,
    /// Each column's type and rules, by header name. Columns not listed are
    /// inferred from their header and values; an empty list infers them all.
    pub columns: Vec<ColumnProfile>,
    /// Deduplication: on by default, settings chosen from the column types.
    pub dedupe: crate::dedupe::profile::DedupeProfile,
    /// What happens to personal data before the file is saved (see `crate::anonymize`).
    #[serde(skip_serializing_if = "AnonymizeOptions::is_default")]
    pub anonymize: AnonymizeOptions,
}

impl Default for Profile {
    fn default() -> Self {
        Profile {
            version: PROFILE_VERSION,
            input: InputOptions::default(),
            output: OutputOptions::default(),
            normalize: NormalizeOptions::default(),
            validate: ValidateOptions::default(),
            columns: Vec::new(),
            dedupe: crate::dedupe::profile::DedupeProfile::default(),
            anonymize: AnonymizeOptions::default(),
        }
    }
}

impl Profile {
    /// Parses a profile from JSON text and checks it. A Frictionless Table
    /// Schema (an object with `fields`) is accepted too and becomes a profile
    /// with those columns.
    pub fn from_json(text: &str) -> Result<Self> {
        let value: serde_json::Value = serde_json::from_str(text).map_err(|e| Error::Profile(e.to_string()))?;
        Profile::from_value(value)
    }

    /// [`Profile::from_json`] for a parsed JSON value (what the wasm binding receives).
    pub fn from_value(value: serde_json::Value) -> Result<Self> {
        if value.get("fields").is_some() && value.get("version").is_none() {
            let profile = crate::table_schema::from_table_schema(&value)?;
            profile.check()?;
            return Ok(profile);
        }
        let profile: Profile = serde_json::from_value(value).map_err(|e| Error::Profile(e.to_string()))?;
        profile.check()?;
        Ok(profile)
    }

    /// The profile as pretty JSON.
    pub fn to_json(&self) -> String {
        // Serializing plain structs of strings, numbers and booleans cannot fail.
        serde_json::to_string_pretty(self).unwrap_or_default()
    }

    /// Refuses values that parse but make no sense.
    pub fn check(&self) -> Result<()> {
        if self.version != PROFILE_VERSION {
            return Err(Error::Profile(format!(
                "version {} is not supported (this build reads version {PROFILE_VERSION})",
                self.version
            )));
        }
        let characters = [
            ("input.delimiter", self.input.delimiter),
            ("input.quote", self.input.quote),
            ("output.delimiter", Some(self.output.delimiter)),
        ];
        for (what, c) in characters {
            if let Some(c) = c {
                if !c.is_ascii() || c == '\n' || c == '\r' || (what.ends_with("delimiter") && c == '"') {
                    return Err(Error::Profile(format!(
                        "{what} must be one ASCII character other than a quote or a line break, not {c:?}"
                    )));
                }
            }
        }
        if self.input.delimiter.is_some() && self.input.delimiter == self.input.quote {
            return Err(Error::Profile("input.delimiter and input.quote must differ".into()));
        }
        self.dedupe.check()?;
        self.anonymize.check()?;
        self.input.read_options().map(|_| ())
    }
}

/// What a column holds. The type picks its validator and its canonical form.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ColumnType {
    /// A person's full name (`张伟`, `Ann Lee`).
    FullName,
    /// Given (first) name.
    GivenName,
    /// Family (last) name.
    FamilyName,
    /// Email address.
    Email,
    /// Phone number of any kind.
    Phone,
    /// Mobile phone number.
    Mobile,
    /// Landline phone number.
    Landline,
    /// Company or organization name.
    Company,
    /// Job title.
    JobTitle,
    /// Street address.
    Address,
    /// City.
    City,
    /// Province or state.
    Province,
    /// Postal code.
    PostalCode,
    /// Country (normalized to ISO 3166-1 alpha-2).
    Country,
    /// Calendar date.
    Date,
    /// Date and time.
    Datetime,
    /// Gender.
    Gender,
    /// Web address.
    Url,
    /// Chinese resident identity card number (GB 11643-1999).
    CnId,
    /// A number.
    Number,
    /// An amount of money.
    Currency,
    /// One of a small set of values.
    Category,
    /// A record identifier.
    RecordId,
    /// Free text.
    Text,
}

impl ColumnType {
    /// Every type, in a fixed order.
    pub const ALL: [ColumnType; 24] = [
        ColumnType::FullName,
        ColumnType::GivenName,
        ColumnType::FamilyName,
        ColumnType::Email,
        ColumnType::Phone,
        ColumnType::Mobile,
        ColumnType::Landline,
        ColumnType::Company,
        ColumnType::JobTitle,
        ColumnType::Address,
        ColumnType::City,
        ColumnType::Province,
        ColumnType::PostalCode,
        ColumnType::Country,
        ColumnType::Date,
        ColumnType::Datetime,
        ColumnType::Gender,
        ColumnType::Url,
        ColumnType::CnId,
        ColumnType::Number,
        ColumnType::Currency,
        ColumnType::Category,
        ColumnType::RecordId,
        ColumnType::Text,
    ];

    /// The profile's name for the type (`full_name`, `cn_id`).
    pub fn as_str(self) -> &'static str {
        match self {
            ColumnType::FullName => "full_name",
            ColumnType::GivenName => "given_name",
            ColumnType::FamilyName => "family_name",
            ColumnType::Email => "email",
            ColumnType::Phone => "phone",
            ColumnType::Mobile => "mobile",
            ColumnType::Landline => "landline",
            ColumnType::Company => "company",
            ColumnType::JobTitle => "job_title",
            ColumnType::Address => "address",
            ColumnType::City => "city",
            ColumnType::Province => "province",
            ColumnType::PostalCode => "postal_code",
            ColumnType::Country => "country",
            ColumnType::Date => "date",
            ColumnType::Datetime => "datetime",
            ColumnType::Gender => "gender",
            ColumnType::Url => "url",
            ColumnType::CnId => "cn_id",
            ColumnType::Number => "number",
            ColumnType::Currency => "currency",
            ColumnType::Category => "category",
            ColumnType::RecordId => "record_id",
            ColumnType::Text => "text",
        }
    }

    /// The type named `name` in a profile, if any.
    pub fn parse(name: &str) -> Option<ColumnType> {
        ColumnType::ALL.into_iter().find(|t| t.as_str() == name)
    }

    /// Whether the type is a phone number of some kind.
    pub fn is_phone(self) -> bool {
        matches!(self, ColumnType::Phone | ColumnType::Mobile | ColumnType::Landline)
    }
}

/// How to read `01/02/2024`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum DateOrderSetting {
    /// 1 February 2024.
    DayFirst,
    /// January 2, 2024.
    MonthFirst,
}

/// One column's type and rules.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct ColumnProfile {
    /// The header name (after the reader made names unique).
    pub name: String,
    /// What the column holds.
    #[serde(rename = "type")]
    pub kind: ColumnType,
    /// How sure inference was (0–1); written by `infer`, ignored when read.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub confidence: Option<f64>,
    /// Every row must have a value.
    pub required: bool,
    /// No two rows may have the same (normalized) value.
    pub unique: bool,
    /// The only values allowed (after normalization).
    #[serde(rename = "enum", skip_serializing_if = "Option::is_none")]
    pub allowed: Option<Vec<String>>,
    /// A regular expression (regex-lite syntax) every value must match in full.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub pattern: Option<String>,
    /// Shortest allowed value, in characters.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub min_length: Option<usize>,
    /// Longest allowed value, in characters.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub max_length: Option<usize>,
    /// Smallest allowed number.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub minimum: Option<f64>,
    /// Largest allowed number.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub maximum: Option<f64>,
    /// Day-first or month-first for this date column (otherwise decided from its values).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub date_order: Option<DateOrderSetting>,
    /// This date column is the last contact / last update: old values flag the record as stale.
    pub last_contact: bool,
    /// Write values in canonical form (otherwise only report problems).
    pub normalize: bool,
}

impl Default for ColumnProfile {
    fn default() -> Self {
        ColumnProfile {
            name: String::new(),
            kind: ColumnType::Text,
            confidence: None,
            required: false,
            unique: false,
            allowed: None,
            pattern: None,
            min_length: None,
            max_length: None,
            minimum: None,
            maximum: None,
            date_order: None,
            last_contact: false,
            normalize: true,
        }
    }
}

/// Validation settings not tied to one column.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct ValidateOptions {
    /// Region for phone numbers written without a country code (ISO 3166-1 alpha-2).
    pub default_region: Option<String>,
    /// Reading of `01/02/2024` when a column's values do not decide it.
    pub date_order: DateOrderSetting,
    /// Replace mistyped popular email domains (`gmial.com`) instead of only suggesting the fix.
    pub fix_email_typos: bool,
    /// A last-contact date older than this many months flags the record as stale.
    pub stale_after_months: u32,
    /// Every row must have an email or a phone number.
    pub require_contact: bool,
    /// A phone number's country must agree with the row's country column.
    pub phone_matches_country: bool,
    /// Codes written for genders.
    pub gender_codes: GenderCodes,
}

impl Default for ValidateOptions {
    fn default() -> Self {
        ValidateOptions {
            default_region: None,
            date_order: DateOrderSetting::DayFirst,
            fix_email_typos: false,
            stale_after_months: 24,
            require_contact: false,
            phone_matches_country: true,
            gender_codes: GenderCodes::default(),
        }
    }
}

/// The values a gender column is normalized to.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct GenderCodes {
    /// For 男, M, male...
    pub male: String,
    /// For 女, F, female...
    pub female: String,
    /// For other genders.
    pub other: String,
    /// For "unknown" / 保密.
    pub unknown: String,
}

impl Default for GenderCodes {
    fn default() -> Self {
        GenderCodes { male: "M".into(), female: "F".into(), other: "X".into(), unknown: String::new() }
    }
}

/// How to read the input. Every `null` means "find out from the file".
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct InputOptions {
    /// Character encoding label (`utf-8`, `gbk`, `big5`, `shift_jis`, `utf-16le`, ...).
    pub encoding: Option<String>,
    /// Field delimiter.
    pub delimiter: Option<char>,
    /// Quote character.
    pub quote: Option<char>,
    /// Whether the first row names the columns.
    pub has_header: Option<bool>,
    /// Worksheet to read from a spreadsheet (default: the first).
    pub sheet: Option<String>,
    /// Recover from a quote that is never closed at the next line break.
    pub recover_unterminated_quotes: bool,
    /// `reject` rows with more fields than the header, or `extend` the table with columns for them.
    pub too_many_fields: TooManyFields,
}

impl Default for InputOptions {
    fn default() -> Self {
        InputOptions {
            encoding: None,
            delimiter: None,
            quote: None,
            has_header: None,
            sheet: None,
            recover_unterminated_quotes: true,
            too_many_fields: TooManyFields::Reject,
        }
    }
}

impl InputOptions {
    /// The reader's options; fails on an unknown encoding label.
    pub fn read_options(&self) -> Result<ReadOptions> {
        let encoding = self.encoding.as_deref().map(encoding_for_label).transpose()?;
        let ascii = |c: Option<char>| c.and_then(|c| u8::try_from(c).ok());
        Ok(ReadOptions {
            encoding,
            delimiter: ascii(self.delimiter),
            quote: ascii(self.quote),
            has_header: self.has_header,
            sheet: self.sheet.clone(),
            recover_unterminated_quotes: self.recover_unterminated_quotes,
            too_many_fields: self.too_many_fields,
        })
    }
}

/// How to write the cleaned CSV.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct OutputOptions {
    /// Field delimiter.
    pub delimiter: char,
    /// Line ending after each record.
    pub line_ending: LineEnding,
    /// Whether to start the file with a UTF-8 byte order mark.
    pub bom: Bom,
    /// Prefix cells that a spreadsheet would run as formulas with `'`.
    pub neutralize_formulas: bool,
}

impl Default for OutputOptions {
    fn default() -> Self {
        OutputOptions { delimiter: ',', line_ending: LineEnding::Lf, bom: Bom::Auto, neutralize_formulas: true }
    }
}

/// Line ending written after each record.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum LineEnding {
    /// `\n`
    Lf,
    /// `\r\n`, as RFC 4180 and Excel on Windows prefer.
    Crlf,
}

/// When to write a UTF-8 byte order mark.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Bom {
    /// Only when the output has non-ASCII text: Excel needs the BOM to show
    /// Chinese (or any non-Latin-1 text) in a CSV correctly.
    Auto,
    /// Always.
    Always,
    /// Never.
    Never,
}

/// Normalizations applied to every cell.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct NormalizeOptions {
    /// Remove whitespace around every cell.
    pub trim: bool,
    /// Unicode NFKC (full-width letters and digits to ASCII), invisible and
    /// control characters removed, runs of whitespace collapsed.
    pub text: bool,
}

impl Default for NormalizeOptions {
    fn default() -> Self {
        NormalizeOptions { trim: true, text: true }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn empty_object_is_the_default_profile() {
        assert_eq!(Profile::from_json("{}").unwrap(), Profile::default());
    }

    #[test]
    fn round_trips_through_json() {
        let p = Profile::default();
        assert_eq!(Profile::from_json(&p.to_json()).unwrap(), p);
    }

    #[test]
    fn refuses_unknown_keys_other_versions_and_bad_delimiters() {
        let e = Profile::from_json(r#"{"normalize":{"trimm":true}}"#).unwrap_err().to_string();
        assert!(e.contains("trimm"), "{e}");
        let e = Profile::from_json(r#"{"version":99}"#).unwrap_err().to_string();
        assert!(e.contains("version 99"), "{e}");
        let e = Profile::from_json(r#"{"output":{"delimiter":"\""}}"#).unwrap_err().to_string();
        assert!(e.contains("output.delimiter"), "{e}");
    }
}
