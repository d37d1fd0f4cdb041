//! crm-cleaner: validate, normalize, deduplicate and anonymize CRM files.
//!
//! The modules follow the data's path through a run:
//! [`read`] (bytes → [`table::Table`]) → [`normalize`] → [`write`] (table → CSV),
//! driven by [`pipeline`] under a JSON [`profile`]. Everything here is plain
//! Rust; the browser binding lives in `wasm` (wasm32 only) and the command
//! line in `src/bin/crm-cleaner.rs`, and both are thin shells over this core.

#![warn(missing_docs)]

pub mod anonymize;
pub mod codec;
pub mod dedupe;
pub mod error;
pub mod grid;
pub mod infer;
pub mod ledger;
pub mod normalize;
pub mod pipeline;
pub mod profile;
pub mod read;
pub mod report;
pub mod table;
pub mod table_schema;
#[cfg(test)]
mod test_rng;
pub mod validate;
pub mod write;

#[cfg(target_arch = "wasm32")]
pub mod wasm;

pub use error::{Error, Result};
pub use pipeline::{clean, Cleaned, Progress, Summary};
pub use profile::Profile;
pub use read::{ReadOptions, ReadOutput, Reader};
pub use table::Table;

