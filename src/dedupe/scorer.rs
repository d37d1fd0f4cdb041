//! The trained judge of pairs: a Fellegi-Sunter model fitted to the file
//! (u from random pairs, m and the prior by EM over the candidate pairs), or
//! the deterministic rule, with explanations a person can read.
//!
//! Shared by the dedupe stage and `link`, so that both score a pair the
//! same way.

use serde::Serialize;

use super::block::{fields_used_by, RuleSample};
use super::fields::{FieldKind, NameMemo, Records};
use super::profile::{BlockingRule, Mode};
use super::score::{match_probability, random_pairs, rule_match, EmReport, Model, Rule};
use super::tick::Ticker;

/// Random pairs drawn to estimate u.
const U_SAMPLE: usize = 200_000;
/// Candidate pairs EM trains on at most (evenly spread over all of them).
const EM_SAMPLE: usize = 200_000;
/// EM iterations at most, and the change in m below which it stops.
const EM_MAX_ITERATIONS: usize = 50;
const EM_TOLERANCE: f64 = 1e-4;
/// The seed of the random pairs: a fixed seed makes every run alike.
const SEED: u64 = 0x5EED_C0DE;
/// The weights the deterministic rule gives a match and a non-match.
pub const RULE_WEIGHT: f64 = 20.0;

/// The highest weight a pair whose contact details all disagree can get
/// (see `Scorer::contacts_conflict`): a match probability of 0.9, under the
/// default threshold (0.99) and over the review band's start (0.5).
const CONFLICT_WEIGHT_CAP: f64 = 3.169_925_001_442_312; // log2(0.9 / 0.1)

/// Most matching pairs per row the fitted prior may imply (see `fit_prior`).
const MAX_MATCHES_PER_ROW: f64 = 2.0;

/// Scores pairs of records.
#[derive(Debug, Clone)]
pub struct Scorer<'a> {
    records: &'a Records,
    model: Model,
    rule: Option<Rule>,
    /// The trained model's weights, looked up per pair (set once training is done).
    table: Option<WeightTable>,
}

/// Every weight a trained model can give a field, computed once: per level,
/// and at the exact level per value for term-frequency adjusted fields.
/// Scoring a pair then adds numbers from tables instead of taking a
/// logarithm per field; the sums are the same, bit for bit, as
/// [`Model::match_weight_tf`]'s (same terms, same order).
#[derive(Debug, Clone)]
struct WeightTable {
    /// `log2(λ / (1 - λ))`.
    prior: f64,
    /// `[field][level]`: `log2(m / u)`.
    levels: Vec<Vec<f64>>,
    /// `[field][value id]`: the exact level's weight with that value's
    /// frequency as `u`; empty for fields without the adjustment.
    exact_by_value: Vec<Vec<f64>>,
}

impl WeightTable {
    /// The table of `model` for `records`.
    fn new(model: &Model, records: &Records) -> WeightTable {
        let levels = model
            .fields()
            .iter()
            .enumerate()
            .map(|(f, spec)| (0..spec.levels).map(|k| model.field_weight(f, u8::try_from(k).ok())).collect())
            .collect();
        let exact_by_value = (0..model.fields().len())
            .map(|f| {
                records
                    .value_frequencies(f)
                    .iter()
                    .map(|&x| model.tf_adjusted_weight(f, Some(0), f64::from(x)))
                    .collect()
            })
            .collect();
        WeightTable { prior: model.prior_weight(), levels, exact_by_value }
    }

    /// The match weight of a pair whose first record has value ids `ids`
    /// and whose comparison vector is `vector`.
    fn weight(&self, ids: &[u32], vector: &[Option<u8>]) -> f64 {
        let mut total = self.prior;
        for (f, &level) in vector.iter().enumerate() {
            let Some(level) = level else { continue };
            let by_value = self.exact_by_value.get(f).filter(|w| level == 0 && !w.is_empty());
            let weight = match by_value {
                Some(weights) => ids.get(f).and_then(|&id| weights.get(id as usize)),
                None => self.levels.get(f).and_then(|w| w.get(usize::from(level))),
            };
            total += weight.copied().unwrap_or(0.0);
        }
        total
    }
}

/// One field's part in a pair's score, for people.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct FieldExplanation {
    /// The field's name.
    pub field: String,
    /// The comparison level, `None` when a value was missing.
    pub level: Option<u8>,
    /// The level's name ("same address", "words sound alike, nicknames").
    pub label: &'static str,
    /// The field's match weight in bits (0 when missing).
    pub weight: f64,
}

/// A pair's score and why.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct PairExplanation {
    /// Total match weight in bits.
    pub weight: f64,
    /// The weight as a match probability.
    pub probability: f64,
    /// Each field's part.
    pub fields: Vec<FieldExplanation>,
}

impl PairExplanation {
    /// The fields that spoke for the match, strongest first, in one line:
    /// `email: same address (+14.2); name: same name (+9.8)`.
    pub fn reason(&self) -> String {
        let mut parts: Vec<&FieldExplanation> = self.fields.iter().filter(|f| f.weight > 0.0).collect();
        parts.sort_by(|a, b| b.weight.total_cmp(&a.weight));
        let parts: Vec<String> = parts.iter().map(|f| format!("{}: {} ({:+.1})", f.field, f.label, f.weight)).collect();
        if parts.is_empty() {
            "accepted in review".to_string()
        } else {
            parts.join("; ")
        }
    }
}

impl<'a> Scorer<'a> {
    /// A scorer for `records`: in probabilistic mode trained on random pairs
    /// (u) and, per blocking rule, on that rule's sampled pairs (m, by EM);
    /// in rules mode "any email, phone or ID equal".
    ///
    /// As in Splink, EM runs once per blocking rule, with the fields the
    /// rule blocked on left out (their pairs agree on them by construction,
    /// so they would teach EM nothing but "agreeing there means a match").
    /// Each field's `m` is the mean over the sessions that learned it, and
    /// the prior is then fitted to all candidate pairs with `m` and `u` held.
    pub fn train(
        records: &'a Records,
        candidates: &[(u32, u32)],
        samples: &[RuleSample],
        mode: Mode,
    ) -> (Scorer<'a>, Option<EmReport>) {
        Scorer::train_with_progress(records, candidates, samples, mode, &mut |_, _| {})
    }

    /// [`Scorer::train`], calling `progress(done, total)` every few
    /// thousand pairs compared and after each EM iteration.
    pub fn train_with_progress(
        records: &'a Records,
        candidates: &[(u32, u32)],
        samples: &[RuleSample],
        mode: Mode,
        progress: &mut dyn FnMut(u64, u64),
    ) -> (Scorer<'a>, Option<EmReport>) {
        let mut model = Model::new(records.specs());
        if mode == Mode::Rules {
            let exact = records
                .fields
                .iter()
                .enumerate()
                .filter(|(_, f)| matches!(f.plan.kind, FieldKind::Email | FieldKind::Phone | FieldKind::Id))
                .map(|(i, _)| i)
                .collect();
            return (Scorer { records, model, rule: Some(Rule::AnyExact(exact)), table: None }, None);
        }
        let sampled: usize = samples.iter().map(|(_, s)| s.len()).sum();
        let prior_sample = candidates.len().min(EM_SAMPLE);
        let mut ticker = Ticker::new(progress, (U_SAMPLE + 2 * sampled + prior_sample) as u64);
        let (mut vector, mut memo) = (Vec::new(), NameMemo::new());
        let random = random_pairs(records.rows(), U_SAMPLE, SEED).map(|(a, b)| {
            records.compare_with(a, b, &mut vector, &mut memo);
            ticker.add(1);
            vector.clone()
        });
        model.estimate_u(random);
        let (m, report) = em_sessions(records, &model, samples, &mut ticker);
        let specs = records.specs();
        let model = match Model::from_parts(specs, m, model.u().to_vec(), model.prior()) {
            Ok(trained) => trained,
            Err(_) => model,
        };
        let mut scorer = Scorer { records, model, rule: None, table: None };
        let prior = scorer.fit_prior(candidates, &mut ticker);
        scorer.table = Some(WeightTable::new(&scorer.model, records));
        (scorer, Some(EmReport { prior, ..report }))
    }

    /// Fits the prior to the candidate pairs with `m` and `u` held: the
    /// prior is the mean match probability of the pairs under it, capped so
    /// that the candidate pairs hold at most two matching pairs per row.
    ///
    /// Why the cap: without labels, EM can settle on "pairs that agree on
    /// the blocked fields are matches". On a list of many people who share
    /// a common name and a city (and nothing else: different emails), that
    /// made most candidate pairs matches (a fitted prior of 0.85) and merged
    /// 288 of 300 distinct contacts. Real exports hold far fewer duplicates
    /// than two per row (FEBRL 3, with 60% duplicates, has about 1.3).
    fn fit_prior(&mut self, candidates: &[(u32, u32)], ticker: &mut Ticker<'_>) -> f64 {
        let cap =
            (MAX_MATCHES_PER_ROW * self.records.rows() as f64 / candidates.len().max(1) as f64).clamp(1e-6, 1.0 - 1e-6);
        let step = (candidates.len() / EM_SAMPLE).max(1);
        let base = self.model.prior_weight();
        let mut buffers = Buffers::default();
        let weights: Vec<f64> = candidates
            .iter()
            .step_by(step)
            .map(|&(a, b)| {
                ticker.add(1);
                self.weight_with(a as usize, b as usize, &mut buffers) - base
            })
            .collect();
        let mut prior = self.model.prior();
        for _ in 0..EM_MAX_ITERATIONS {
            let prior_weight = (prior / (1.0 - prior)).log2();
            let mean =
                weights.iter().map(|w| match_probability(w + prior_weight)).sum::<f64>() / weights.len().max(1) as f64;
            let next = mean.clamp(1e-6, cap);
            let done = (next - prior).abs() < EM_TOLERANCE;
            prior = next;
            ticker.report();
            if done {
                break;
            }
        }
        self.model.set_prior(prior);
        self.model.prior()
    }

    /// The model (untrained in rules mode).
    pub fn model(&self) -> &Model {
        &self.model
    }

    /// The records scored.
    pub fn records(&self) -> &Records {
        self.records
    }

    /// The match weight of records `a` and `b`, with buffers reused across calls.
    pub fn weight_with(&self, a: usize, b: usize, buffers: &mut Buffers) -> f64 {
        self.records.compare_with(a, b, &mut buffers.vector, &mut buffers.memo);
        if let Some(rule) = &self.rule {
            return if rule_match(&buffers.vector, rule) { RULE_WEIGHT } else { -RULE_WEIGHT };
        }
        let weight = match &self.table {
            Some(table) => table.weight(self.records.value_ids(a), &buffers.vector),
            None => {
                self.records.frequencies(a, &buffers.vector, &mut buffers.frequencies);
                self.model.match_weight_tf(&buffers.vector, &buffers.frequencies)
            }
        };
        if self.contacts_conflict(&buffers.vector) {
            return weight.min(CONFLICT_WEIGHT_CAP);
        }
        weight
    }

    /// Whether the two records have email addresses that disagree outright
    /// and no email or phone that agrees. Such a pair is never merged on the other fields alone: its
    /// weight is capped below the default threshold, so a strong pair goes
    /// to the review queue instead. (Phones are left out: a typed-in number
    /// is often wrong or shared, and a column of other identifiers can be
    /// read as phones: FEBRL's `soc_sec_id` is, and its duplicates often
    /// differ there.)
    ///
    /// Why: trained without labels on a list of distinct people, EM can
    /// learn that "different email" says nothing (every name-agreeing pair
    /// it saw had one), and then two namesakes in a 2,000-row list merge on
    /// their name and city. Namesakes are common; a person's second address
    /// is better confirmed by a person.
    fn contacts_conflict(&self, vector: &[Option<u8>]) -> bool {
        let mut conflict = false;
        for (field, level) in self.records.fields.iter().zip(vector) {
            let Some(level) = level else { continue };
            let different = usize::from(*level) + 1 == field.plan.kind.labels().len();
            match field.plan.kind {
                FieldKind::Email if different => conflict = true,
                FieldKind::Email | FieldKind::Phone if !different => return false,
                _ => {}
            }
        }
        conflict
    }

    /// The match weight of records `a` and `b`.
    pub fn weight(&self, a: usize, b: usize) -> f64 {
        self.weight_with(a, b, &mut Buffers::default())
    }

    /// The weight of records `a` and `b`, field by field.
    pub fn explain(&self, a: usize, b: usize) -> PairExplanation {
        let mut buffers = Buffers::default();
        let weight = self.weight_with(a, b, &mut buffers);
        self.records.frequencies(a, &buffers.vector, &mut buffers.frequencies);
        let explanation = self.model.explain_tf(&buffers.vector, &buffers.frequencies);
        let fields = explanation
            .fields
            .iter()
            .zip(&self.records.fields)
            .map(|(c, field)| FieldExplanation {
                field: c.field.clone(),
                level: c.level,
                label: c.level.and_then(|l| field.plan.kind.labels().get(usize::from(l)).copied()).unwrap_or("missing"),
                weight: if self.rule.is_some() { rule_field_weight(c.level) } else { c.weight },
            })
            .collect();
        PairExplanation { weight, probability: self.probability(weight), fields }
    }

    /// A weight as a probability (in rules mode: 1 for a match, 0 otherwise).
    pub fn probability(&self, weight: f64) -> f64 {
        match self.rule {
            Some(_) => f64::from(u8::from(weight > 0.0)),
            None => match_probability(weight),
        }
    }
}

/// The m probabilities learned by one EM session per blocking rule
/// (averaged over the sessions that learned each field; a field no session
/// learned keeps the model's), and what EM did in all.
fn em_sessions(
    records: &Records,
    model: &Model,
    samples: &[RuleSample],
    ticker: &mut Ticker<'_>,
) -> (Vec<Vec<f64>>, EmReport) {
    let fields = records.fields.len();
    let mut sums: Vec<Vec<f64>> = model.m().iter().map(|levels| vec![0.0; levels.len()]).collect();
    let mut sessions = vec![0usize; fields];
    let mut report = EmReport { iterations: 0, converged: true, prior: model.prior() };
    let (mut vector, mut memo) = (Vec::new(), NameMemo::new());
    for (rule, sample) in samples.iter().filter(|(_, s)| !s.is_empty()) {
        let blocked: Vec<bool> = records.fields.iter().map(|f| fields_used_by(*rule).contains(&f.plan.kind)).collect();
        let vectors: Vec<Vec<Option<u8>>> = sample
            .iter()
            .map(|&(a, b)| {
                records.compare_with(a as usize, b as usize, &mut vector, &mut memo);
                ticker.add(1);
                vector.iter().zip(&blocked).map(|(&level, &skip)| if skip { None } else { level }).collect()
            })
            .collect();
        let mut session = model.clone();
        let run = session.estimate_em_observed(&vectors, EM_MAX_ITERATIONS, EM_TOLERANCE, &mut || ticker.report());
        report.iterations += run.iterations;
        report.converged &= run.converged;
        for f in (0..fields).filter(|&f| !blocked[f] && vectors.iter().any(|v| v[f].is_some())) {
            sessions[f] += 1;
            for (sum, m) in sums[f].iter_mut().zip(&session.m()[f]) {
                *sum += m;
            }
        }
    }
    let learned = identifier_m(records, samples, ticker);
    let m = model
        .m()
        .iter()
        .zip(sums)
        .zip(sessions)
        .zip(learned)
        .map(|(((own, sum), n), learned)| match learned {
            Some(m) => m,
            None if n == 0 => own.clone(),
            None => sum.iter().map(|s| s / n as f64).collect(),
        })
        .collect();
    (m, report)
}

/// Pairs an identifier rule found that a field must have a value in before
/// its m is counted from them rather than left to EM.
const MIN_IDENTIFIER_PAIRS: usize = 30;
/// The smallest m a level counted from identifier pairs gets: a level no
/// such pair showed is rare among matches, not impossible.
const MIN_COUNTED_M: f64 = 1e-4;

/// Each field's m counted from the pairs that share an email, phone or ID
/// (fields other than the shared one), or `None` where too few such pairs exist.
///
/// Why: EM over the pairs of name and postcode rules, which are mostly
/// non-matches when names repeat (a million rows drawn from common names),
/// takes "same name in the same city" for the match class and learns that
/// matches often disagree on email and phone; the chain of weak evidence then
/// merges strangers. Pairs sharing an identifier are matches with few
/// exceptions, so their levels are a direct, EM-free estimate of m.
fn identifier_m(records: &Records, samples: &[RuleSample], ticker: &mut Ticker<'_>) -> Vec<Option<Vec<f64>>> {
    let specs = records.specs();
    let mut counts: Vec<Vec<f64>> = specs.iter().map(|s| vec![0.0; s.levels]).collect();
    let identifiers = [BlockingRule::Email, BlockingRule::Phone, BlockingRule::Id];
    let (mut vector, mut memo) = (Vec::new(), NameMemo::new());
    for (rule, sample) in samples.iter().filter(|(rule, _)| identifiers.contains(rule)) {
        let blocked: Vec<bool> = records.fields.iter().map(|f| fields_used_by(*rule).contains(&f.plan.kind)).collect();
        for &(a, b) in sample {
            records.compare_with(a as usize, b as usize, &mut vector, &mut memo);
            ticker.add(1);
            for ((level, skip), field) in vector.iter().zip(&blocked).zip(counts.iter_mut()) {
                if let (Some(level), false) = (level, skip) {
                    if let Some(c) = field.get_mut(usize::from(*level)) {
                        *c += 1.0;
                    }
                }
            }
        }
    }
    counts
        .into_iter()
        .map(|levels| {
            let total: f64 = levels.iter().sum();
            if total < MIN_IDENTIFIER_PAIRS as f64 {
                return None;
            }
            let m: Vec<f64> = levels.iter().map(|c| (c / total).max(MIN_COUNTED_M)).collect();
            let sum: f64 = m.iter().sum();
            Some(m.iter().map(|x| x / sum).collect())
        })
        .collect()
}

/// In rules mode a field "weighs" 1 when exact, else 0: it says which fields matched.
fn rule_field_weight(level: Option<u8>) -> f64 {
    f64::from(u8::from(level == Some(0)))
}

/// Scratch space for scoring many pairs without allocating per pair.
#[derive(Debug, Clone, Default)]
pub struct Buffers {
    vector: Vec<Option<u8>>,
    memo: NameMemo,
    frequencies: Vec<Option<f64>>,
}

impl Buffers {
    /// Buffers with a name memo, for scoring many pairs (the default ones
    /// remember nothing, for one pair).
    pub fn for_many_pairs() -> Buffers {
        Buffers { memo: NameMemo::new(), ..Buffers::default() }
    }
}
