//! Normalization: the rules that bring a value to one canonical form.
//!
//! `text` applies to every cell (NFKC, invisible characters, whitespace);
//! the others serve particular column types (names, countries, genders,
//! company comparison keys) and mojibake detection. The validation stage
//! (`crate::validate::column`) calls them cell by cell and records every
//! change it makes.

pub mod text;
pub mod company;
pub mod country;
pub mod gender;
pub mod mojibake;
pub mod name;
