//! The JSON cleaning profile: the one description of a cleaning job that the
//! page, the CLI and the embed API all accept.
//!
//! Unknown keys are refused rather than ignored, so that a typo in a profile
//! ("trimm") is reported instead of silently doing nothing.

use serde::{Deserialize, Serialize};

use crate::error::{Error, Result};
use crate::read::decode::encoding_for_label;
use crate::read::{ReadOptions, TooManyFields};

/// The profile format this build reads and writes.
pub const PROFILE_VERSION: u32 = 1;

/// Everything a cleaning run can be told.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
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
}

impl Default for Profile {
    fn default() -> Self {
        Profile {
            version: PROFILE_VERSION,
            input: InputOptions::default(),
            output: OutputOptions::default(),
            normalize: NormalizeOptions::default(),
        }
    }
}

impl Profile {
    /// Parses a profile from JSON text and checks it.
    pub fn from_json(text: &str) -> Result<Self> {
        let profile: Profile = serde_json::from_str(text).map_err(|e| Error::Profile(e.to_string()))?;
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
        self.input.read_options().map(|_| ())
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
}

impl Default for NormalizeOptions {
    fn default() -> Self {
        NormalizeOptions { trim: true }
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
