//! Typed errors for everything the library can refuse.
//!
//! Every error says what is wrong in words a spreadsheet user understands and,
//! where the input has one, names the line. Front ends (the CLI, the wasm
//! binding) only format these; they never invent messages of their own.

use std::fmt;

/// A result whose error is this crate's [`Error`].
pub type Result<T, E = Error> = std::result::Result<T, E>;

/// Why a file or a profile could not be processed.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// The input had no bytes at all.
    #[error("the file is empty")]
    Empty,

    /// The input looks like a binary file (an image, an archive, ...) rather than text.
    #[error("this looks like a binary file ({kind}), not a CSV text file")]
    Binary {
        /// What the bytes look like, for the message ("PNG image", "contains NUL bytes").
        kind: &'static str,
    },

    /// The bytes are not valid in the input's character encoding.
    #[error("line {line}: the text is not valid {encoding}")]
    Encoding {
        /// The encoding the input was decoded with.
        encoding: &'static str,
        /// 1-based line on which the bad bytes were found.
        line: u64,
    },

    /// A spreadsheet (XLSX, XLS, ODS) could not be read.
    #[error("the spreadsheet could not be read: {0}")]
    Spreadsheet(String),

    /// The cleaning profile could not be understood.
    #[error("invalid cleaning profile: {0}")]
    Profile(String),

    /// An anonymization key is missing, malformed or cannot be made.
    #[error("anonymization key: {0}")]
    Key(String),

    /// A limit that keeps memory bounded was passed.
    #[error("the {what} is too large (limit {limit})")]
    TooLarge {
        /// What grew too large ("column").
        what: &'static str,
        /// The limit, for the message.
        limit: &'static str,
    },

    /// Bytes were pushed after the input was finished.
    #[error("the input was already finished")]
    Finished,

    /// The results of another worker's part of the columns (see
    /// `validate::split`) could not be taken in.
    #[error("the other worker's columns could not be used: {0}")]
    Part(String),

    /// The rows another worker read from one half of the file (see
    /// `read::halves`) could not be joined to this worker's.
    #[error("the other worker's half of the file could not be used: {0}")]
    Half(String),

    /// Reading or writing a file failed (CLI only).
    #[error("{context}: {source}")]
    Io {
        /// What was being done ("reading input.csv").
        context: String,
        /// The operating system's error.
        source: std::io::Error,
    },
}

impl Error {
    /// Wraps an I/O error with what was being attempted.
    pub fn io(context: impl fmt::Display, source: std::io::Error) -> Self {
        Error::Io { context: context.to_string(), source }
    }

    /// The line the problem was found on, when there is one.
    pub fn line(&self) -> Option<u64> {
        match self {
            Error::Encoding { line, .. } => Some(*line),
            _ => None,
        }
    }
}
