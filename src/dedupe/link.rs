//! Linking: for each row of a new file, the row of an existing file that is
//! the same customer, if any, with its score and why.
//!
//! Both files are cleaned (and their column types inferred) as usual; their
//! fields are then paired by kind rather than by header, so `E-mail` in one
//! file meets `email_address` in the other. Blocking, training and scoring
//! are those of the dedupe stage, run over the two files' records side by
//! side, keeping only pairs across the files.

use serde::Serialize;

use super::block::{candidate_pairs, default_rules, BlockingReport};
use super::fields::{plan_fields, FieldKind, FieldPlan, Records};
use super::profile::{DedupeProfile, Mode};
use super::score::match_weight_for;
use super::scorer::{Buffers, Scorer};
use crate::profile::{ColumnType, Profile};
use crate::table::Table;

/// One new row's best match.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct LinkRow {
    /// The new row's `source_row`.
    pub source_row_new: u64,
    /// The matching existing row's `source_row`, or `None` when no pair reached the threshold.
    pub source_row_existing: Option<u64>,
    /// The best candidate's match probability (`None` without candidates).
    pub score: Option<f64>,
    /// Why, in words (empty without a match).
    pub explanation: String,
}

/// What linking found, for the report.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct LinkSummary {
    /// Fields compared, as `existing column → new column`.
    pub fields: Vec<String>,
    /// Blocking numbers (possible pairs counts both files together).
    pub blocking: BlockingReport,
    /// EM iterations and whether it converged.
    pub em_iterations: usize,
    /// Whether EM converged.
    pub em_converged: bool,
    /// The threshold as a match probability.
    pub threshold: f64,
    /// New rows with a match.
    pub matched: u64,
}

/// One file as linking needs it: the cleaned table, the profile it was
/// cleaned with (its column types), and its rows' `source_row`s.
pub struct Side<'a> {
    /// The cleaned rows.
    pub table: &'a Table,
    /// The completed profile.
    pub profile: &'a Profile,
    /// Each row's `source_row`.
    pub sources: &'a [u64],
}

/// The best existing match of every new row, at `settings.threshold`.
pub fn link(existing: &Side<'_>, new: &Side<'_>, settings: &DedupeProfile) -> (Vec<LinkRow>, LinkSummary) {
    let (plans_a, plans_b) = paired_plans(existing, new);
    let records_a = Records::build(existing.table, &plans_a);
    let n_a = records_a.rows();
    let records = records_a.concat(Records::build(new.table, &plans_b));
    let rules = settings.blocking.clone().unwrap_or_else(|| default_rules(&records));
    let (candidates, blocking, samples) =
        candidate_pairs(&records, &rules, settings.max_block_size, |a, b| a < n_a && b >= n_a);
    let (scorer, em) = Scorer::train(&records, &candidates, &samples, settings.mode);
    let threshold = if settings.mode == Mode::Rules { 0.0 } else { match_weight_for(settings.threshold) };
    let best = best_matches(&scorer, &candidates, n_a, new.table.rows());
    let mut summary = LinkSummary {
        fields: plans_a.iter().zip(&plans_b).map(|(a, b)| format!("{} → {}", a.name, b.name)).collect(),
        blocking,
        threshold: settings.threshold,
        ..LinkSummary::default()
    };
    if let Some(em) = em {
        (summary.em_iterations, summary.em_converged) = (em.iterations, em.converged);
    }
    let rows = best
        .iter()
        .enumerate()
        .map(|(i, best)| {
            let source_row_new = new.sources.get(i).copied().unwrap_or_default();
            let Some((a, weight)) = *best else {
                return LinkRow { source_row_new, source_row_existing: None, score: None, explanation: String::new() };
            };
            let score = Some(scorer.probability(weight));
            if weight < threshold {
                return LinkRow { source_row_new, source_row_existing: None, score, explanation: String::new() };
            }
            summary.matched += 1;
            let explanation = scorer.explain(a, n_a + i).reason();
            LinkRow { source_row_new, source_row_existing: existing.sources.get(a).copied(), score, explanation }
        })
        .collect();
    (rows, summary)
}

/// Each new row's best candidate: existing row and weight.
fn best_matches(scorer: &Scorer<'_>, candidates: &[(u32, u32)], n_a: usize, n_b: usize) -> Vec<Option<(usize, f64)>> {
    let mut best: Vec<Option<(usize, f64)>> = vec![None; n_b];
    let mut buffers = Buffers::for_many_pairs();
    for &(a, b) in candidates {
        let (a, b) = (a as usize, b as usize);
        let weight = scorer.weight_with(a, b, &mut buffers);
        if let Some(slot) = b.checked_sub(n_a).and_then(|i| best.get_mut(i)) {
            if slot.is_none_or(|(_, w)| weight > w) {
                *slot = Some((a, weight));
            }
        }
    }
    best
}

/// The two files' fields, paired by kind (and by column type for codes),
/// each field of the existing file with the first unused one of the new.
fn paired_plans(existing: &Side<'_>, new: &Side<'_>) -> (Vec<FieldPlan>, Vec<FieldPlan>) {
    let plans_of = |side: &Side<'_>| {
        let headers: Vec<String> = side.table.headers().map(str::to_string).collect();
        let types: Vec<ColumnType> = headers
            .iter()
            .map(|h| side.profile.columns.iter().find(|c| &c.name == h).map_or(ColumnType::Text, |c| c.kind))
            .collect();
        plan_fields(&headers, &types)
    };
    let (plans_a, mut plans_b) = (plans_of(existing), plans_of(new));
    let mut paired = (Vec::new(), Vec::new());
    for a in plans_a {
        let same_codes = |b: &FieldPlan| !matches!(a.kind, FieldKind::Exact) || b.column_type == a.column_type;
        if let Some(i) = plans_b.iter().position(|b| b.kind == a.kind && same_codes(b)) {
            paired.1.push(plans_b.remove(i));
            paired.0.push(a);
        }
    }
    paired
}
