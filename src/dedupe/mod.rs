//! Deduplication: finding the rows that describe the same customer and
//! merging them. Built in layers, each usable and tested on its own:
//!
//! - [`keys`]: matching keys from normalized values (email without Gmail dots
//!   and `+tags`, E.164 digits, name fingerprints, phonetic codes, pinyin for
//!   Chinese names);
//! - [`compare`]: comparison levels per field (exact, phonetic, Jaro-Winkler
//!   bands, date closeness, token-set similarity), missing values neutral;
//! - [`score`]: Fellegi-Sunter match weights, u from random pairs, m by
//!   expectation-maximisation, term-frequency adjustment, explanations;
//! - [`cluster`]: union-find over scored pairs, with chain splitting;
//! - [`survive`]: golden records by per-column survivorship rules;
//! - [`fields`], [`block`], [`scorer`]: which columns are compared, which
//!   pairs are compared (blocking), and the trained judge of a pair;
//! - [`stage`]: all of the above as one pipeline stage, with the merged
//!   table, duplicates, clusters and review queue; [`link`]: the same
//!   matching between two files; [`profile`]: the profile's `dedupe` section;
//!   [`tick`]: progress reports from inside the stage's steps.

pub mod block;
pub mod cluster;
pub mod compare;
pub mod fields;
pub mod keys;
pub mod link;
pub mod profile;
pub mod score;
pub mod scorer;
pub mod stage;
pub mod survive;
pub mod tick;
