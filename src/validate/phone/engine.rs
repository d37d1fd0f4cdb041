//! The regular-expression engine the phone patterns are matched with.
//!
//! The batch build (feature `batch`: the CLI and the page's cleaner) uses
//! `regex`, whose lazy DFA checks a national number several times faster
//! than `regex-lite`'s PikeVM: with regex-lite the phone patterns were about a
//! fifth of a whole clean. The embed build (live form validation) keeps
//! `regex-lite`, which is about 400 kB smaller in the wasm module.
//!
//! The two give the same answers here: libphonenumber's patterns use ASCII
//! digits, classes, groups, alternation and counted repetition only, and the
//! numbers matched are ASCII digits. `build.rs` compiles every pattern with
//! both, and the phone tests and `tests/phone_differential.rs` run against
//! whichever the build uses.
//!
//! On top of the engine, the batch build turns each pattern into a table
//! over the ten digits (see [`super::digit_dfa`]): a whole-number pattern is
//! then checked by one table step per digit, and a prefix pattern (the
//! international prefix, the national prefix for parsing, leading digits)
//! is skipped when no match can start with the number's first digit. Each
//! check of a number went through `regex`'s searcher several times (half of
//! a phone column's time); the tables give the same answers without it.

#[cfg(feature = "batch")]
pub(super) use regex::Regex;
#[cfg(not(feature = "batch"))]
pub(super) use regex_lite::Regex;

use std::sync::OnceLock;

#[cfg(feature = "batch")]
use super::digit_dfa::DigitTable;

/// A pattern that must match the whole of a national number.
#[derive(Debug)]
pub(super) struct Whole {
    /// The pattern, anchored at both ends.
    anchored: Box<str>,
    /// Compiled when first needed: with a digit table, only for text that
    /// is not all digits, which the phone checks never pass (compiling
    /// every pattern of a territory up front was a third of the first
    /// numbers' time).
    regex: OnceLock<Option<Regex>>,
    #[cfg(feature = "batch")]
    table: Option<DigitTable>,
}

impl Whole {
    /// `pattern` anchored at both ends; `None` when it does not compile.
    pub fn new(pattern: &str) -> Option<Whole> {
        let anchored: Box<str> = format!("^(?:{pattern})$").into();
        let whole = Whole {
            #[cfg(feature = "batch")]
            table: DigitTable::new(&anchored),
            anchored,
            regex: OnceLock::new(),
        };
        // Without a table the regex does every check: compile it now, so a
        // pattern that does not compile is known at once.
        if !whole.has_table() {
            whole.regex()?;
        }
        Some(whole)
    }

    fn has_table(&self) -> bool {
        #[cfg(feature = "batch")]
        return self.table.is_some();
        #[cfg(not(feature = "batch"))]
        return false;
    }

    fn regex(&self) -> Option<&Regex> {
        self.regex.get_or_init(|| Regex::new(&self.anchored).ok()).as_ref()
    }

    /// Whether the pattern matches all of `text`.
    pub fn is_match(&self, text: &str) -> bool {
        #[cfg(feature = "batch")]
        if let Some(answer) = self.table.as_ref().and_then(|t| t.matches_whole(text.as_bytes())) {
            return answer;
        }
        self.regex().is_some_and(|re| re.is_match(text))
    }

    /// States of the digit table, `None` when the regex does all the work.
    #[cfg(all(test, feature = "batch"))]
    pub fn table_states(&self) -> Option<usize> {
        self.table.as_ref().map(DigitTable::states)
    }
}

/// A pattern that must match at the start of a number (a prefix).
#[derive(Debug)]
pub(super) struct Prefix {
    regex: Regex,
    /// Bit `d` set: a match may start with digit `d`. All set when the
    /// pattern may match nothing at all, or its table could not be built.
    first_digits: u16,
}

/// Every digit may start a match.
const ANY_DIGIT: u16 = (1 << 10) - 1;

impl Prefix {
    /// `pattern` anchored at the start; `None` when it does not compile.
    pub fn new(pattern: &str) -> Option<Prefix> {
        let anchored = format!("^(?:{pattern})");
        let regex = Regex::new(&anchored).ok()?;
        #[cfg(feature = "batch")]
        let first_digits = DigitTable::first_digits(&anchored).unwrap_or(ANY_DIGIT);
        #[cfg(not(feature = "batch"))]
        let first_digits = ANY_DIGIT;
        Some(Prefix { regex, first_digits })
    }

    /// The compiled pattern, unless it cannot match at the start of `text`
    /// (whose first byte is a digit no match starts with).
    pub fn for_text(&self, text: &str) -> Option<&Regex> {
        match text.as_bytes().first() {
            Some(&b) if b.is_ascii_digit() && self.first_digits & (1 << (b - b'0')) == 0 => None,
            _ => Some(&self.regex),
        }
    }

    /// Whether the first-digit filter can skip the pattern for some digit.
    #[cfg(test)]
    pub fn filters(&self) -> bool {
        self.first_digits != ANY_DIGIT
    }
}
