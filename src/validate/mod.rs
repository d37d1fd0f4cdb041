//! Validation: is a value right for its column's type, and what is its
//! canonical form? One function per type, each returning a [`Verdict`]; the
//! batch cleaner, the CLI's `check` and the live form validation all call
//! these same functions, so they always agree.
//!
//! Every problem has a stable code (`email.domain_typo`), a message in
//! English and Simplified Chinese, and a suggestion where there is one.

pub mod column;
pub mod memo;
pub mod split;

use std::collections::BTreeSet;
use std::sync::{Mutex, OnceLock};

use serde::Serialize;

/// How bad a problem is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    /// The value is wrong for its type.
    Error,
    /// The value is acceptable but unusual or probably mistyped.
    Warning,
}

/// One problem with one value.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Issue {
    /// Stable code, `type.problem`, e.g. `email.missing_at`.
    pub code: &'static str,
    /// Error or warning.
    pub severity: Severity,
    /// What is wrong, in English.
    pub en: String,
    /// What is wrong, in Simplified Chinese.
    pub zh: String,
}

impl Issue {
    /// An error.
    pub fn error(code: &'static str, en: impl Into<String>, zh: impl Into<String>) -> Self {
        Issue { code, severity: Severity::Error, en: en.into(), zh: zh.into() }
    }

    /// A warning.
    pub fn warning(code: &'static str, en: impl Into<String>, zh: impl Into<String>) -> Self {
        Issue { code, severity: Severity::Warning, en: en.into(), zh: zh.into() }
    }
}

/// The `'static` form of an issue code read back from a log, which
/// [`Issue`] needs when a stage rebuilds a log (anonymization, manual edits).
/// Codes come from a fixed set written in the validators, so each distinct
/// one is leaked once per process and the total stays a few kilobytes.
pub fn static_code(code: &str) -> &'static str {
    static CODES: OnceLock<Mutex<BTreeSet<&'static str>>> = OnceLock::new();
    let mut codes = CODES.get_or_init(Mutex::default).lock().unwrap_or_else(|poisoned| poisoned.into_inner());
    if let Some(known) = codes.get(code) {
        return known;
    }
    let leaked: &'static str = Box::leak(code.to_string().into_boxed_str());
    codes.insert(leaked);
    leaked
}

/// The outcome of validating one value.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct Verdict {
    /// No error (warnings allowed).
    pub valid: bool,
    /// The canonical form, when the value could be understood.
    pub normalized: Option<String>,
    /// Every problem found.
    pub issues: Vec<Issue>,
    /// A likely correction ("did you mean …"), when there is one.
    pub suggestion: Option<String>,
}

impl Verdict {
    /// A valid value with its canonical form.
    pub fn ok(normalized: impl Into<String>) -> Self {
        Verdict { valid: true, normalized: Some(normalized.into()), ..Verdict::default() }
    }

    /// An invalid value with the issue that says why.
    pub fn invalid(issue: Issue) -> Self {
        Verdict { valid: false, issues: vec![issue], ..Verdict::default() }
    }

    /// Adds an issue; an error makes the verdict invalid.
    pub fn with(mut self, issue: Issue) -> Self {
        if issue.severity == Severity::Error {
            self.valid = false;
        }
        self.issues.push(issue);
        self
    }

    /// The codes of all issues, for compact output.
    pub fn codes(&self) -> Vec<&'static str> {
        self.issues.iter().map(|i| i.code).collect()
    }
}
pub mod phone;
pub mod cn_id;
pub mod postal;
pub mod email;
pub mod date;
