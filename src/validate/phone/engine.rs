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

#[cfg(feature = "batch")]
pub(super) use regex::Regex;
#[cfg(not(feature = "batch"))]
pub(super) use regex_lite::Regex;
