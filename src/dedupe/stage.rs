//! The dedupe stage of the pipeline: from a validated table and the
//! completed profile to the merged table, the duplicates, each row's
//! cluster, the review queue and the numbers.
//!
//! Steps: choose fields and blocking rules from the column types → candidate
//! pairs → train the scorer and score every pair → apply the reviewer's
//! decisions → cluster with the chain guard → a golden record per cluster
//! (survivor row and per-column survivorship) → the merged table, in input
//! order, survivors in their own place.

use std::collections::HashMap;

use serde::Serialize;

use super::block::{candidate_pairs_with_progress, default_rules, shared_rules, BlockingReport};
use super::cluster::{
    best_linked, cluster_checked, clusters_at_thresholds, histogram, ChainGuard, ClusterResult, Histogram, ScoredPair,
};
use super::fields::{plan_fields, Records};
use super::profile::{DedupeProfile, Mode, Verdict};
use super::score::match_weight_for;
use super::scorer::{Buffers, PairExplanation, Scorer};
use super::survive::{default_rule_for_column, pick_survivor_row, survive, Survivorship};
use super::tick::Ticker;
use crate::error::Result;
use crate::ledger::ChangeLog;
use crate::pipeline::Progress;
use crate::profile::{ColumnType, Profile};
use crate::table::Table;

/// The weight a pair accepted in review gets, far above any threshold.
const ACCEPTED_WEIGHT: f64 = 60.0;
/// The weight a pair rejected in review gets, far below.
const REJECTED_WEIGHT: f64 = -60.0;
/// Bins of the score histogram.
const HISTOGRAM_BINS: usize = 40;
/// Thresholds (match probabilities) the page's slider can stop at.
const SLIDER_PROBABILITIES: [f64; 10] = [0.5, 0.6, 0.7, 0.8, 0.9, 0.95, 0.98, 0.99, 0.995, 0.999];

/// The stage's numbers, in the run's summary.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct DedupeSummary {
    /// `probabilistic` or `rules`.
    pub mode: &'static str,
    /// The fields compared.
    pub fields: Vec<String>,
    /// Blocking: rules used, candidate pairs, reduction ratio.
    pub blocking: BlockingReport,
    /// EM iterations run (0 in rules mode).
    pub em_iterations: usize,
    /// Whether EM converged.
    pub em_converged: bool,
    /// The share of candidate pairs EM judged to be matches.
    pub prior: f64,
    /// The threshold as a match probability.
    pub threshold: f64,
    /// The threshold as a match weight (bits).
    pub threshold_weight: f64,
    /// Candidate pairs at or above the threshold.
    pub pairs_above_threshold: u64,
    /// Groups of two rows or more.
    pub clusters: u64,
    /// The largest group.
    pub largest_cluster: u64,
    /// Rows merged into another.
    pub rows_merged: u64,
    /// Clusters the chain guard split, and the rows it took out.
    pub splits: u64,
    /// Rows the chain guard took out of clusters.
    pub split_rows: u64,
    /// Pairs in the review band (the queue lists at most the profile's limit).
    pub review_pairs: u64,
    /// Review decisions that named two rows of this file.
    pub decisions_applied: u64,
    /// The trained model (m and u per field and level, and the prior), so
    /// any pair's weight can be checked by hand.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub model: Option<super::score::Model>,
    /// Why the stage did nothing, when it did nothing.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub notice: Option<String>,
}

/// A row merged into another.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct DuplicateRow {
    /// The row's `source_row`.
    pub source_row: u64,
    /// The `source_row` of the row it was merged into.
    pub survivor_row: u64,
    /// Its cluster.
    pub cluster: u32,
    /// Match probability against the survivor.
    pub score: f64,
    /// Why, in words.
    pub reason: String,
    /// Its cells, as validated (before merging).
    pub cells: Vec<String>,
}

/// One input row's cluster.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ClusterRow {
    /// The row's `source_row`.
    pub source_row: u64,
    /// Its cluster (dense ids, in order of first row).
    pub cluster: u32,
    /// Whether it is the row kept for its cluster (single rows are).
    pub is_survivor: bool,
    /// Match probability against the survivor (`None` for the survivor).
    pub score: Option<f64>,
    /// Blocking keys it shares with the survivor, `;`-separated.
    pub keys: String,
}

/// A pair a person should look at.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ReviewPair {
    /// The two rows' `source_row`s.
    pub rows: [u64; 2],
    /// Both rows' cells, in column order.
    pub values: [Vec<String>; 2],
    /// The columns whose values differ.
    pub differing: Vec<String>,
    /// The score and its parts.
    pub explanation: PairExplanation,
}

/// Clusters at one threshold, for the slider.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ThresholdCount {
    /// The threshold as a match probability.
    pub probability: f64,
    /// Groups of two rows or more.
    pub clusters: usize,
    /// Rows a merge would remove.
    pub rows_merged: usize,
}

/// Everything the stage produced.
#[derive(Debug, Clone, Default)]
pub struct Deduped {
    /// The merged table's rows' `source_row`s.
    pub kept_sources: Vec<u64>,
    /// Rows merged away.
    pub duplicates: Vec<DuplicateRow>,
    /// Every row that reached the stage.
    pub clusters: Vec<ClusterRow>,
    /// The review queue, highest score first.
    pub review: Vec<ReviewPair>,
    /// Candidate pairs' weights, binned.
    pub histogram: Option<Histogram>,
    /// Clusters at each slider threshold.
    pub thresholds: Vec<ThresholdCount>,
    /// The numbers.
    pub summary: DedupeSummary,
}

/// Runs the stage over `table` (validated, one row per kept input row, whose
/// `source_row`s are `sources`). Returns the merged table; survivors' changed
/// cells are logged in `changes` under the rule `dedupe.merge`.
pub fn run(
    table: Table,
    profile: &Profile,
    sources: &[u64],
    changes: &mut ChangeLog,
    progress: &mut dyn FnMut(Progress),
) -> Result<(Table, Deduped)> {
    let rows = table.rows() as u64;
    let step =
        |progress: &mut dyn FnMut(Progress), stage: &'static str| progress(Progress { stage, done: 0, total: rows });
    step(progress, "dedupe.keys");
    let settings = &profile.dedupe;
    let headers: Vec<String> = table.headers().map(str::to_string).collect();
    let types: Vec<ColumnType> = headers
        .iter()
        .map(|h| profile.columns.iter().find(|c| &c.name == h).map_or(ColumnType::Text, |c| c.kind))
        .collect();
    let records = Records::build_with_progress(&table, &plan_fields(&headers, &types), &mut |done, total| {
        progress(Progress { stage: "dedupe.keys", done, total });
    });
    let mut summary = DedupeSummary {
        mode: if settings.mode == Mode::Rules { "rules" } else { "probabilistic" },
        fields: records.fields.iter().map(|f| f.plan.name.clone()).collect(),
        threshold: settings.threshold,
        ..DedupeSummary::default()
    };
    if records.fields.is_empty() || table.rows() < 2 {
        summary.notice =
            Some("no duplicates looked for: no column says who a customer is (email, phone, name, ID)".into());
        let kept_sources = sources.to_vec();
        let clusters = singletons(sources);
        return Ok((table, Deduped { kept_sources, clusters, summary, ..Deduped::default() }));
    }
    step(progress, "dedupe.block");
    let rules = settings.blocking.clone().unwrap_or_else(|| default_rules(&records));
    let (candidates, blocking, samples) =
        candidate_pairs_with_progress(&records, &rules, settings.max_block_size, |_, _| true, &mut |done, total| {
            progress(Progress { stage: "dedupe.block", done, total });
        });
    summary.blocking = blocking;
    step(progress, "dedupe.train");
    let (scorer, em) =
        Scorer::train_with_progress(&records, &candidates, &samples, settings.mode, &mut |done, total| {
            progress(Progress { stage: "dedupe.train", done, total });
        });
    if let Some(em) = em {
        (summary.em_iterations, summary.em_converged, summary.prior) = (em.iterations, em.converged, em.prior);
        summary.model = Some(scorer.model().clone());
    }
    let threshold = if settings.mode == Mode::Rules { 0.0 } else { match_weight_for(settings.threshold) };
    summary.threshold_weight = threshold;
    step(progress, "dedupe.score");
    let total = candidates.len() as u64;
    let mut pairs =
        score_pairs(&scorer, &candidates, &mut |done| progress(Progress { stage: "dedupe.score", done, total }));
    drop(candidates);
    let verdicts = verdicts(settings, sources);
    summary.decisions_applied = apply_verdicts(&mut pairs, &verdicts);
    summary.pairs_above_threshold = pairs.iter().filter(|p| p.2 >= threshold).count() as u64;

    let score = |a: usize, b: usize| match verdicts.get(&(a.min(b), a.max(b))) {
        Some(Verdict::Accept) => ACCEPTED_WEIGHT,
        Some(Verdict::Reject) => REJECTED_WEIGHT,
        None => scorer.weight(a, b),
    };
    step(progress, "dedupe.cluster");
    let clusters = cluster_checked(&pairs, table.rows(), threshold, &ChainGuard::default(), score, best_linked);
    summary.clusters = clusters.multi_row_clusters() as u64;
    summary.largest_cluster = clusters.sizes.iter().copied().max().unwrap_or(0).into();
    summary.splits = clusters.splits.len() as u64;
    summary.split_rows = clusters.splits.iter().map(|s| s.removed.len() as u64).sum();

    step(progress, "dedupe.review");
    let review_from = if settings.mode == Mode::Rules { threshold } else { match_weight_for(settings.review_from) };
    let (review, review_total) =
        review_queue(&scorer, &table, &pairs, (review_from, threshold), sources, settings.review_limit);
    summary.review_pairs = review_total;
    step(progress, "dedupe.review");
    let thresholds = slider(&pairs, table.rows(), settings.mode);
    step(progress, "dedupe.review");
    let histogram = Some(histogram(pairs.iter().map(|p| p.2), HISTOGRAM_BINS));
    drop(pairs);

    step(progress, "dedupe.merge");
    let mut merge_progress = |done, total| progress(Progress { stage: "dedupe.merge", done, total });
    // Four passes over the rows (or fewer clusters): choosing survivors,
    // describing each row, the golden values, rebuilding the table.
    let merged_away = rows.saturating_sub(clusters.clusters() as u64);
    let mut ticker = Ticker::new(&mut merge_progress, 4 * rows + EXPLAIN_UNITS * merged_away);
    let survivors = choose_survivors(&table, &types, &clusters, &mut ticker);
    let ctx = MergeContext { table: &table, types: &types, settings, sources, scorer: &scorer, rules: &rules };
    let (cluster_rows, duplicates) = ctx.describe(&clusters, &survivors, &mut ticker);
    let golden = ctx.golden_values(&clusters, &survivors, changes, &mut ticker);
    // The blocking's records and the scorer are done with: freed before the
    // table is rebuilt, the step where a million-row run's memory peaked.
    ticker.report();
    drop(scorer);
    // Freeing the records (a string per distinct value of each field) took
    // 220 ms in the browser: one field at a time, with a report after each.
    let mut records = records;
    for field in records.fields.drain(..) {
        drop(field);
        ticker.report();
    }
    drop(records);
    ticker.report();
    let mut merged = table;
    let per_column = rows / (merged.width().max(1) as u64);
    merged.retain_rows(&golden.kept, &golden.replaced(), &mut || ticker.add(per_column))?;
    summary.rows_merged = duplicates.len() as u64;
    let kept_sources = golden.kept.iter().map(|&r| sources.get(r).copied().unwrap_or_default()).collect();
    let deduped = Deduped { kept_sources, duplicates, clusters: cluster_rows, review, histogram, thresholds, summary };
    Ok((merged, deduped))
}

/// Every row a cluster of its own.
fn singletons(sources: &[u64]) -> Vec<ClusterRow> {
    sources
        .iter()
        .enumerate()
        .map(|(i, &s)| ClusterRow {
            source_row: s,
            cluster: u32::try_from(i).unwrap_or(u32::MAX),
            is_survivor: true,
            score: None,
            keys: String::new(),
        })
        .collect()
}

/// Every candidate pair with its weight: natively split over the machine's
/// threads (scoring is most of the stage's time), in one thread in wasm.
fn score_pairs(scorer: &Scorer<'_>, candidates: &[(u32, u32)], progress: &mut dyn FnMut(u64)) -> Vec<ScoredPair> {
    let threads = worker_threads().min(candidates.len() / 10_000).max(1);
    let mut pairs = Vec::with_capacity(candidates.len());
    // One set of buffers per thread for the whole stage: the name memo
    // in them pays off across rounds.
    let mut buffers: Vec<Buffers> = (0..threads).map(|_| Buffers::for_many_pairs()).collect();
    // Rounds of a few thousand pairs per thread, with progress after each: the
    // page's worker reports at least every 250 ms, and a million rows take
    // minutes to score on one wasm thread.
    for round in candidates.chunks(SCORE_ROUND * threads) {
        match buffers.as_mut_slice() {
            [one] => pairs.extend(score_chunk(scorer, round, one)),
            many => score_parallel(scorer, round, many, &mut pairs),
        }
        progress(pairs.len() as u64);
    }
    pairs
}

/// Pairs each thread scores between two progress reports (tens of ms).
const SCORE_ROUND: usize = 16_384;

/// The weights of `candidates`, in order, scored on `threads` threads, appended to `pairs`.
fn score_parallel(
    scorer: &Scorer<'_>,
    candidates: &[(u32, u32)],
    buffers: &mut [Buffers],
    pairs: &mut Vec<ScoredPair>,
) {
    let chunk = candidates.len().div_ceil(buffers.len()).max(1);
    std::thread::scope(|scope| {
        let workers: Vec<_> = candidates
            .chunks(chunk)
            .zip(buffers.iter_mut())
            .map(|(part, buffers)| scope.spawn(move || score_chunk(scorer, part, buffers)))
            .collect();
        let start = pairs.len();
        for worker in workers {
            // A worker only panics on a bug; score its part here again rather than lose it.
            match worker.join() {
                Ok(part) => pairs.extend(part),
                Err(_) => {
                    pairs.truncate(start);
                    pairs.extend(score_chunk(scorer, candidates, &mut Buffers::for_many_pairs()));
                    return;
                }
            }
        }
    });
}

/// Threads to score with.
#[cfg(not(target_arch = "wasm32"))]
fn worker_threads() -> usize {
    std::thread::available_parallelism().map_or(1, |n| n.get())
}

/// Threads to score with: wasm has one.
#[cfg(target_arch = "wasm32")]
fn worker_threads() -> usize {
    1
}

/// The weights of `candidates`, in order.
fn score_chunk(scorer: &Scorer<'_>, candidates: &[(u32, u32)], buffers: &mut Buffers) -> Vec<ScoredPair> {
    candidates
        .iter()
        .map(|&(a, b)| {
            let (a, b) = (a as usize, b as usize);
            (a, b, scorer.weight_with(a, b, buffers))
        })
        .collect()
}

/// The profile's decisions by table rows `(a, b)`, `a < b`; decisions naming
/// a row not in this table (rejected, or another file's) are left out.
fn verdicts(settings: &DedupeProfile, sources: &[u64]) -> HashMap<(usize, usize), Verdict> {
    let row_of = |source: u64| sources.binary_search(&source).ok();
    settings
        .decisions
        .iter()
        .filter_map(|d| {
            let (a, b) = (row_of(d.rows[0])?, row_of(d.rows[1])?);
            (a != b).then_some(((a.min(b), a.max(b)), d.decision))
        })
        .collect()
}

/// Sets the weight of decided pairs (adding accepted pairs blocking missed);
/// returns how many decisions applied.
fn apply_verdicts(pairs: &mut Vec<ScoredPair>, verdicts: &HashMap<(usize, usize), Verdict>) -> u64 {
    let mut seen = std::collections::HashSet::new();
    for pair in pairs.iter_mut() {
        if let Some(verdict) = verdicts.get(&(pair.0, pair.1)) {
            pair.2 = if *verdict == Verdict::Accept { ACCEPTED_WEIGHT } else { REJECTED_WEIGHT };
            seen.insert((pair.0, pair.1));
        }
    }
    for (&(a, b), verdict) in verdicts {
        if *verdict == Verdict::Accept && !seen.contains(&(a, b)) {
            pairs.push((a, b, ACCEPTED_WEIGHT));
        }
    }
    verdicts.len() as u64
}

/// The pairs scored in `[low, high)`, best first, at most `limit`, and how many there were.
fn review_queue(
    scorer: &Scorer<'_>,
    table: &Table,
    pairs: &[ScoredPair],
    (low, high): (f64, f64),
    sources: &[u64],
    limit: usize,
) -> (Vec<ReviewPair>, u64) {
    let mut band: Vec<&ScoredPair> = pairs.iter().filter(|p| p.2 >= low && p.2 < high).collect();
    let total = band.len() as u64;
    band.sort_by(|x, y| y.2.total_cmp(&x.2));
    band.truncate(limit);
    let row_cells = |row: usize| (0..table.width()).map(|c| table.cell(row, c).to_string()).collect::<Vec<_>>();
    let queue = band
        .into_iter()
        .map(|&(a, b, _)| {
            let differing = table
                .headers()
                .enumerate()
                .filter(|&(c, _)| table.cell(a, c).trim() != table.cell(b, c).trim())
                .map(|(_, h)| h.to_string())
                .collect();
            let source = |r: usize| sources.get(r).copied().unwrap_or_default();
            ReviewPair {
                rows: [source(a), source(b)],
                values: [row_cells(a), row_cells(b)],
                differing,
                explanation: scorer.explain(a, b),
            }
        })
        .collect();
    (queue, total)
}

/// Clusters at each slider threshold.
fn slider(pairs: &[ScoredPair], rows: usize, mode: Mode) -> Vec<ThresholdCount> {
    if mode == Mode::Rules {
        return Vec::new();
    }
    let weights: Vec<f64> = SLIDER_PROBABILITIES.iter().map(|&p| match_weight_for(p)).collect();
    clusters_at_thresholds(pairs, rows, &weights)
        .into_iter()
        .zip(SLIDER_PROBABILITIES)
        .map(|((_, clusters, rows_merged), probability)| ThresholdCount { probability, clusters, rows_merged })
        .collect()
}

/// The survivor row of each cluster: the most complete record, ties to the
/// most recently updated (by the first date column named like one), then
/// the earliest row.
fn choose_survivors(
    table: &Table,
    types: &[ColumnType],
    clusters: &ClusterResult,
    ticker: &mut Ticker<'_>,
) -> Vec<usize> {
    let recency = recency_column(table, types);
    let filled = |row: usize| (0..table.width()).filter(|&c| !table.cell(row, c).trim().is_empty()).count();
    let members = clusters.members();
    ticker.report();
    members
        .iter()
        .map(|members| {
            ticker.add(1);
            // Most clusters are one row: nothing to choose, and nothing to
            // count (this loop took most of a second on a million rows).
            if let [only] = members {
                return *only;
            }
            let dates: Option<Vec<&str>> = recency.map(|c| members.iter().map(|&r| table.cell(r, c)).collect());
            pick_survivor_row(members, filled, dates.as_deref()).unwrap_or(0)
        })
        .collect()
}

/// The column that says how current a record is: the first date column
/// whose default survivorship is most recent (`Last contact`, `updated_at`).
fn recency_column(table: &Table, types: &[ColumnType]) -> Option<usize> {
    table.headers().zip(types).position(|(header, t)| {
        matches!(t, ColumnType::Date | ColumnType::Datetime)
            && default_rule_for_column(t.as_str(), header) == Survivorship::MostRecent
    })
}

/// Work units of describing a merged-away row (scored and explained in
/// words) against one kept as is, for the merge step's progress: about a
/// hundred times the work, so the reports come as often as elsewhere.
const EXPLAIN_UNITS: u64 = 100;

/// What merging needs to know.
struct MergeContext<'a> {
    table: &'a Table,
    types: &'a [ColumnType],
    settings: &'a DedupeProfile,
    sources: &'a [u64],
    scorer: &'a Scorer<'a>,
    rules: &'a [super::profile::BlockingRule],
}

impl MergeContext<'_> {
    /// The `source_row` of table row `row`.
    fn source(&self, row: usize) -> u64 {
        self.sources.get(row).copied().unwrap_or_default()
    }

    /// Each row's cluster line, and the rows merged away.
    fn describe(
        &self,
        clusters: &ClusterResult,
        survivors: &[usize],
        ticker: &mut Ticker<'_>,
    ) -> (Vec<ClusterRow>, Vec<DuplicateRow>) {
        let mut rows = Vec::with_capacity(self.table.rows());
        let mut duplicates = Vec::new();
        for (row, &cluster) in clusters.cluster_of.iter().enumerate() {
            ticker.add(1);
            let survivor = survivors.get(cluster as usize).copied().unwrap_or(row);
            if survivor == row {
                rows.push(ClusterRow {
                    source_row: self.source(row),
                    cluster,
                    is_survivor: true,
                    score: None,
                    keys: String::new(),
                });
                continue;
            }
            ticker.add(EXPLAIN_UNITS);
            let explanation = self.scorer.explain(row, survivor);
            let keys = shared_rules(self.scorer.records(), self.rules, row, survivor).join(";");
            let score = explanation.probability;
            rows.push(ClusterRow {
                source_row: self.source(row),
                cluster,
                is_survivor: false,
                score: Some(score),
                keys,
            });
            duplicates.push(DuplicateRow {
                source_row: self.source(row),
                survivor_row: self.source(survivor),
                cluster,
                score,
                reason: explanation.reason(),
                cells: (0..self.table.width()).map(|c| self.table.cell(row, c).to_string()).collect(),
            });
        }
        (rows, duplicates)
    }

    /// The rows the merged table keeps (survivors, in input order) and the
    /// golden values that differ from their own cells.
    fn golden_values(
        &self,
        clusters: &ClusterResult,
        survivors: &[usize],
        changes: &mut ChangeLog,
        ticker: &mut Ticker<'_>,
    ) -> Golden {
        let members = clusters.members();
        let mut golden = Golden { kept: Vec::with_capacity(clusters.clusters()), ..Golden::default() };
        for (row, &cluster) in clusters.cluster_of.iter().enumerate() {
            ticker.add(1);
            let survivor = survivors.get(cluster as usize).copied().unwrap_or(row);
            if survivor != row {
                continue;
            }
            let group = members.get(cluster);
            if group.len() > 1 {
                self.golden_record(group, row, golden.kept.len(), changes, &mut golden);
            }
            golden.kept.push(row);
        }
        // Found row by row; the table is rebuilt column by column.
        golden.cells.sort_unstable_by_key(|&(column, position, ..)| (column, position));
        golden
    }

    /// The golden record of the cluster `group` kept in row `survivor` (the
    /// merged table's row `position`): the cells that differ from the
    /// survivor's own go to `golden` and are logged.
    fn golden_record(
        &self,
        group: &[usize],
        survivor: usize,
        position: usize,
        changes: &mut ChangeLog,
        golden: &mut Golden,
    ) {
        let recency = recency_column(self.table, self.types);
        let dates: Option<Vec<&str>> = recency.map(|c| group.iter().map(|&r| self.table.cell(r, c)).collect());
        for (c, header) in self.table.headers().enumerate() {
            let values: Vec<&str> = group.iter().map(|&r| self.table.cell(r, c)).collect();
            let kind = self.types.get(c).copied().unwrap_or(ColumnType::Text);
            let default_rule;
            let rule = match self.settings.survivorship.get(header) {
                Some(rule) => rule,
                None => {
                    default_rule = default_rule_for_column(kind.as_str(), header);
                    &default_rule
                }
            };
            let value = survive(&values, dates.as_deref(), rule);
            let own = self.table.cell(survivor, c);
            if value != own {
                changes.push(survivor, c, own, &value, "dedupe.merge");
                let start = golden.text.len();
                golden.text.push_str(&value);
                golden.cells.push((c, position, start, golden.text.len()));
            }
        }
    }
}

/// The merge's plan: the table rows kept and the cells whose golden value
/// differs, stored compactly (a million-row run has hundreds of thousands).
#[derive(Debug, Default)]
struct Golden {
    /// Table rows the merged table keeps, ascending.
    kept: Vec<usize>,
    /// The golden values back to back.
    text: String,
    /// `(column, position among kept rows, start, end in text)`, by column then position.
    cells: Vec<(usize, usize, usize, usize)>,
}

impl Golden {
    /// The replaced cells in the form [`Table::retain_rows`] takes.
    fn replaced(&self) -> Vec<(usize, usize, &str)> {
        self.cells.iter().map(|&(c, p, start, end)| (c, p, self.text.get(start..end).unwrap_or(""))).collect()
    }
}
