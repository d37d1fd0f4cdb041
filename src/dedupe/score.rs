//! Match weights: how strongly the comparison of two records says "same
//! customer", by the Fellegi-Sunter model, trained without labelled pairs the
//! way Splink trains it.
//!
//! A pair of records is described by a *comparison vector*: one comparison
//! level per field (`Some(0)` the strongest agreement, such as an exact
//! match; the last level disagreement; `None` a value missing on either side).
//! For each field and level the model holds two probabilities:
//!
//! - `m`: the chance of seeing that level when the two records *are* the same
//!   customer (a typo makes an email disagree now and then, so `m` at the
//!   exact level is high but not 1);
//! - `u`: the chance of seeing it when they are *not* (two random people share
//!   a family name now and then, so `u` at the exact level is small but not
//!   0).
//!
//! A pair's *match weight* is `log2(λ / (1 - λ)) + Σ log2(m / u)` over the
//! fields present, where `λ` (the prior) is the chance that two records of
//! the pairs being scored match. Each bit doubles the odds; the weight turns
//! into a probability with [`match_probability`]. Missing values add nothing:
//! an empty phone number is no evidence either way.
//!
//! Training follows Splink's defaults:
//!
//! 1. [`Model::estimate_u`] counts levels over random pairs of records
//!    ([`random_pairs`]): nearly all random pairs are different people, so
//!    their level frequencies are `u`.
//! 2. [`Model::estimate_em`] runs expectation-maximisation over the candidate
//!    pairs found by blocking, estimating `m` and `λ` with `u` held fixed.
//!    Fixing `u` keeps EM from drifting into a solution where "match" means
//!    something else that the blocked pairs happen to share.
//!
//! A match on a rare value is stronger evidence than a match on a common
//! one; [`Model::tf_adjusted_weight`] applies Splink's term-frequency
//! adjustment for that. [`Rule`] is the deterministic alternative for users
//! who want "same email or same phone" and nothing cleverer.
//!
//! Nothing here allocates per pair: the hot loops read comparison vectors
//! from the caller's slices and accumulate into buffers sized by the number
//! of fields and levels.

use std::collections::HashMap;
use std::fmt;

use serde::{Deserialize, Serialize};

/// The smallest probability the model holds; the largest is one minus this.
/// A probability of exactly 0 or 1 would make a weight infinite and let one
/// field overrule all the others.
pub const MIN_PROBABILITY: f64 = 1e-6;

/// The largest probability the model holds.
const MAX_PROBABILITY: f64 = 1.0 - MIN_PROBABILITY;

/// The prior a new model starts with: one candidate pair in a hundred is a
/// match. EM replaces it; it only has to be in the right direction (small).
pub const DEFAULT_PRIOR: f64 = 0.01;

/// How much likelier each level is than the next in the starting `m`
/// probabilities (and the previous one in `u`).
const DEFAULT_LEVEL_RATIO: f64 = 4.0;

/// One field of a comparison vector.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct FieldSpec {
    /// The field's name, shown in explanations (`email`, `name`).
    pub name: String,
    /// How many comparison levels the field has, including the last
    /// (disagreement) level. Levels are `0..levels`.
    pub levels: usize,
}

/// Why a model could not be built from the probabilities given.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("invalid match model: {0}")]
pub struct ModelError(String);

/// A Fellegi-Sunter model: `m` and `u` per field and level, and the prior.
///
/// Serializes as `{"fields": [...], "m": [[...]], "u": [[...]], "prior": λ}`
/// so a trained model can be saved and loaded; loading checks the shapes and
/// ranges as [`Model::from_parts`] does.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(try_from = "ModelParts")]
pub struct Model {
    fields: Vec<FieldSpec>,
    m: Vec<Vec<f64>>,
    u: Vec<Vec<f64>>,
    prior: f64,
}

/// A model as written in JSON, before its checks.
#[derive(Deserialize)]
struct ModelParts {
    fields: Vec<FieldSpec>,
    m: Vec<Vec<f64>>,
    u: Vec<Vec<f64>>,
    prior: f64,
}

impl TryFrom<ModelParts> for Model {
    type Error = ModelError;

    fn try_from(parts: ModelParts) -> Result<Model, ModelError> {
        Model::from_parts(parts.fields, parts.m, parts.u, parts.prior)
    }
}

/// What [`Model::estimate_em`] did.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct EmReport {
    /// Iterations run (each an E-step and an M-step).
    pub iterations: usize,
    /// Whether the largest change of any `m` or of `λ` in the last iteration
    /// was below the tolerance.
    pub converged: bool,
    /// The estimated prior: the share of the candidate pairs that match.
    pub prior: f64,
}

/// Why a pair got its weight: the prior and every field's part.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Explanation {
    /// `log2(λ / (1 - λ))`, the weight before any field is looked at.
    pub prior_weight: f64,
    /// Each field's contribution, in field order.
    pub fields: Vec<FieldContribution>,
    /// `prior_weight` plus every field's weight: the pair's match weight.
    pub total: f64,
    /// `total` as a probability ([`match_probability`]).
    pub probability: f64,
}

/// One field's part in an [`Explanation`].
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct FieldContribution {
    /// The field's name.
    pub field: String,
    /// The comparison level; `None` when a value was missing.
    pub level: Option<u8>,
    /// `log2(m / u)`, or 0 for a missing value.
    pub weight: f64,
    /// `m` at this level; `None` for a missing value.
    pub m: Option<f64>,
    /// `u` at this level (the term frequency when `tf_adjusted`); `None` for
    /// a missing value.
    pub u: Option<f64>,
    /// Whether `u` was replaced by the value's term frequency.
    pub tf_adjusted: bool,
}

impl Model {
    /// A model for `fields` with starting probabilities: `m` falls and `u`
    /// rises by a factor of four per level, so level 0 is evidence for a
    /// match and the last level evidence against, and the prior is
    /// [`DEFAULT_PRIOR`]. Train it with [`Model::estimate_u`] and
    /// [`Model::estimate_em`].
    pub fn new(fields: Vec<FieldSpec>) -> Model {
        let m = fields.iter().map(|f| descending(f.levels)).collect();
        let u = fields
            .iter()
            .map(|f| {
                let mut u = descending(f.levels);
                u.reverse();
                u
            })
            .collect();
        Model { fields, m, u, prior: DEFAULT_PRIOR }
    }

    /// A model with the given probabilities, for a model trained elsewhere
    /// or set by hand. `m[f]` and `u[f]` must have `fields[f].levels`
    /// entries, each a probability; the prior must be in (0, 1).
    /// Probabilities are clamped to `[MIN_PROBABILITY, 1 - MIN_PROBABILITY]`.
    pub fn from_parts(
        fields: Vec<FieldSpec>,
        m: Vec<Vec<f64>>,
        u: Vec<Vec<f64>>,
        prior: f64,
    ) -> Result<Model, ModelError> {
        if m.len() != fields.len() || u.len() != fields.len() {
            return Err(ModelError(format!("{} fields but {} m and {} u lists", fields.len(), m.len(), u.len())));
        }
        for ((field, m), u) in fields.iter().zip(&m).zip(&u) {
            check_levels(field, "m", m)?;
            check_levels(field, "u", u)?;
        }
        if !(prior > 0.0 && prior < 1.0) {
            return Err(ModelError(format!("the prior must be between 0 and 1, not {prior}")));
        }
        let clamp_all = |p: Vec<Vec<f64>>| p.into_iter().map(|l| l.into_iter().map(clamp).collect()).collect();
        Ok(Model { fields, m: clamp_all(m), u: clamp_all(u), prior: clamp(prior) })
    }

    /// The fields, in comparison-vector order.
    pub fn fields(&self) -> &[FieldSpec] {
        &self.fields
    }

    /// `m[field][level]`.
    pub fn m(&self) -> &[Vec<f64>] {
        &self.m
    }

    /// `u[field][level]`.
    pub fn u(&self) -> &[Vec<f64>] {
        &self.u
    }

    /// λ: the chance that a pair being scored is a match.
    pub fn prior(&self) -> f64 {
        self.prior
    }

    /// Sets λ, clamped into `[MIN_PROBABILITY, 1 - MIN_PROBABILITY]`. After
    /// [`Model::estimate_em`] the prior is the match share among the
    /// candidate pairs; set it to score pairs drawn some other way.
    pub fn set_prior(&mut self, prior: f64) {
        if !prior.is_nan() {
            self.prior = clamp(prior);
        }
    }

    /// Estimates `u` from comparison vectors of random record pairs, nearly
    /// all of which are different customers; returns how many vectors were
    /// read.
    ///
    /// Each level's count gets one added (Laplace smoothing), so a level
    /// never seen among random pairs still has a small `u` rather than an
    /// infinite weight. A field missing from every vector keeps its `u`.
    pub fn estimate_u<V, I>(&mut self, random_pair_vectors: I) -> usize
    where
        V: AsRef<[Option<u8>]>,
        I: IntoIterator<Item = V>,
    {
        let layout = Layout::new(&self.fields);
        let mut counts = vec![0.0; layout.len()];
        let mut pairs = 0;
        for vector in random_pair_vectors {
            pairs += 1;
            layout.add(&mut counts, vector.as_ref(), 1.0);
        }
        for (f, u) in self.u.iter_mut().enumerate() {
            let field = layout.field(&counts, f);
            let observed: f64 = field.iter().sum();
            if observed > 0.0 {
                let smoothed_total = observed + field.len() as f64;
                for (u, &count) in u.iter_mut().zip(field) {
                    *u = clamp((count + 1.0) / smoothed_total);
                }
            }
        }
        pairs
    }

    /// Estimates `m` and λ by expectation-maximisation over the comparison
    /// vectors of the candidate pairs (those blocking found), holding `u`
    /// fixed as Splink does by default.
    ///
    /// Each iteration computes every pair's match probability under the
    /// current model (E-step), then sets `m` to the probability-weighted
    /// level frequencies and λ to the mean match probability (M-step).
    /// Missing values are left out of their field's frequencies. Stops after
    /// `max_iter` iterations or once no `m` and not λ moved by more than
    /// `tolerance`. With no vectors the model is left as it was.
    pub fn estimate_em<V: AsRef<[Option<u8>]>>(&mut self, vectors: &[V], max_iter: usize, tolerance: f64) -> EmReport {
        self.estimate_em_observed(vectors, max_iter, tolerance, &mut || {})
    }

    /// [`Model::estimate_em`], calling `iterated` after each iteration (for
    /// progress reports).
    pub fn estimate_em_observed<V: AsRef<[Option<u8>]>>(
        &mut self,
        vectors: &[V],
        max_iter: usize,
        tolerance: f64,
        iterated: &mut dyn FnMut(),
    ) -> EmReport {
        let mut report = EmReport { iterations: 0, converged: false, prior: self.prior };
        if vectors.is_empty() {
            return report;
        }
        let layout = Layout::new(&self.fields);
        let mut log_ratio = vec![0.0; layout.len()];
        let mut matched = vec![0.0; layout.len()];
        while report.iterations < max_iter {
            report.iterations += 1;
            self.fill_log_ratios(&layout, &mut log_ratio);
            matched.iter_mut().for_each(|c| *c = 0.0);
            let prior_log_odds = (self.prior / (1.0 - self.prior)).ln();
            let mut expected_matches = 0.0;
            for vector in vectors {
                let vector = vector.as_ref();
                let p = logistic(prior_log_odds + layout.sum(&log_ratio, vector));
                expected_matches += p;
                layout.add(&mut matched, vector, p);
            }
            let change = self.maximise(&layout, &matched, expected_matches / vectors.len() as f64);
            report.prior = self.prior;
            iterated();
            if change <= tolerance {
                report.converged = true;
                break;
            }
        }
        report
    }

    /// Writes `ln(m / u)` for every field and level into `out`.
    fn fill_log_ratios(&self, layout: &Layout, out: &mut [f64]) {
        for (f, (m, u)) in self.m.iter().zip(&self.u).enumerate() {
            for (k, (m, u)) in m.iter().zip(u).enumerate() {
                if let Some(slot) = layout.index(f, k).and_then(|i| out.get_mut(i)) {
                    *slot = (m / u).ln();
                }
            }
        }
    }

    /// The M-step: `m` from the match-weighted level counts, λ from the
    /// expected share of matches. Returns the largest change made.
    fn maximise(&mut self, layout: &Layout, matched: &[f64], prior: f64) -> f64 {
        let mut change: f64 = 0.0;
        for (f, m) in self.m.iter_mut().enumerate() {
            let field = layout.field(matched, f);
            let observed: f64 = field.iter().sum();
            // A field that no likely match has a value for tells EM nothing;
            // keep its m rather than divide by zero.
            if observed > 0.0 {
                for (m, &count) in m.iter_mut().zip(field) {
                    let new = clamp(count / observed);
                    change = change.max((new - *m).abs());
                    *m = new;
                }
            }
        }
        let prior = clamp(prior);
        change = change.max((prior - self.prior).abs());
        self.prior = prior;
        change
    }

    /// `log2(λ / (1 - λ))`: the weight of a pair before any field is
    /// compared.
    pub fn prior_weight(&self) -> f64 {
        (self.prior / (1.0 - self.prior)).log2()
    }

    /// One field's weight at a level: `log2(m / u)`; 0 for a missing value,
    /// a field the model does not have or a level past the field's last.
    pub fn field_weight(&self, field: usize, level: Option<u8>) -> f64 {
        self.probabilities(field, level).map_or(0.0, |(m, u)| (m / u).log2())
    }

    /// The pair's match weight: [`Model::prior_weight`] plus every field's
    /// weight. Entries past the model's fields are ignored.
    pub fn match_weight(&self, vector: &[Option<u8>]) -> f64 {
        self.match_weight_tf(vector, &[])
    }

    /// The match weight with term-frequency adjustments: where
    /// `frequencies[f]` is `Some`, field `f`'s weight is
    /// [`Model::tf_adjusted_weight`] with that frequency (which changes only
    /// the exact level). `frequencies` may be shorter than the vector.
    pub fn match_weight_tf(&self, vector: &[Option<u8>], frequencies: &[Option<f64>]) -> f64 {
        let mut total = self.prior_weight();
        for (f, &level) in vector.iter().enumerate() {
            total += self.contribution(f, level, frequency(frequencies, f)).0;
        }
        total
    }

    /// Field `field`'s weight with Splink's term-frequency adjustment.
    ///
    /// At the exact level (0) the model's `u` is the chance that two random
    /// records agree on *some* value. For the value actually shared it is the
    /// chance that a random record has *that* value: its frequency, the share
    /// of the (non-empty) records holding it. So a shared family name held by
    /// 1% of records gets `u = 0.01`, one held by 1 in 100,000 gets `u =
    /// 0.00001`, and the rare name weighs about 10 bits more. The weight is
    /// `log2(m / max(value_frequency, MIN_PROBABILITY))`, the same as
    /// Splink's base weight plus `log2(u / u_tf)`.
    ///
    /// Other levels, and a frequency that is not a number, get the
    /// unadjusted [`Model::field_weight`]. [`term_frequencies`] computes the
    /// frequencies of a column.
    pub fn tf_adjusted_weight(&self, field: usize, level: Option<u8>, value_frequency: f64) -> f64 {
        self.contribution(field, level, Some(value_frequency)).0
    }

    /// Every part of the pair's match weight.
    pub fn explain(&self, vector: &[Option<u8>]) -> Explanation {
        self.explain_tf(vector, &[])
    }

    /// Every part of the pair's match weight, with term-frequency
    /// adjustments as in [`Model::match_weight_tf`]. Only the model's fields
    /// are listed; `total` equals [`Model::match_weight_tf`] exactly.
    pub fn explain_tf(&self, vector: &[Option<u8>], frequencies: &[Option<f64>]) -> Explanation {
        let prior_weight = self.prior_weight();
        let mut total = prior_weight;
        let mut fields = Vec::with_capacity(self.fields.len());
        for (f, &level) in vector.iter().enumerate() {
            let (weight, probabilities, tf_adjusted) = self.contribution(f, level, frequency(frequencies, f));
            total += weight;
            if let Some(spec) = self.fields.get(f) {
                fields.push(FieldContribution {
                    field: spec.name.clone(),
                    level,
                    weight,
                    m: probabilities.map(|(m, _)| m),
                    u: probabilities.map(|(_, u)| u),
                    tf_adjusted,
                });
            }
        }
        Explanation { prior_weight, fields, total, probability: match_probability(total) }
    }

    /// A field's weight, its `(m, u)` (with `u` adjusted) and whether the
    /// term frequency was used; `(0, None, false)` for a missing value.
    fn contribution(&self, field: usize, level: Option<u8>, frequency: Option<f64>) -> (f64, Option<(f64, f64)>, bool) {
        let Some((m, u)) = self.probabilities(field, level) else {
            return (0.0, None, false);
        };
        let tf = frequency.filter(|f| level == Some(0) && !f.is_nan());
        let u_used = tf.map_or(u, clamp);
        ((m / u_used).log2(), Some((m, u_used)), tf.is_some())
    }

    /// `(m, u)` of a field at a level, if the value is present and the level
    /// exists.
    fn probabilities(&self, field: usize, level: Option<u8>) -> Option<(f64, f64)> {
        let k = usize::from(level?);
        Some((*self.m.get(field)?.get(k)?, *self.u.get(field)?.get(k)?))
    }
}

/// `frequencies[f]`, if given.
fn frequency(frequencies: &[Option<f64>], f: usize) -> Option<f64> {
    frequencies.get(f).copied().flatten()
}

/// Checks that a field's `m` or `u` list fits the field.
fn check_levels(field: &FieldSpec, what: &str, probabilities: &[f64]) -> Result<(), ModelError> {
    if probabilities.len() != field.levels {
        return Err(ModelError(format!(
            "field {:?} has {} levels but {} {what} probabilities",
            field.name,
            field.levels,
            probabilities.len()
        )));
    }
    match probabilities.iter().find(|p| !(0.0..=1.0).contains(*p)) {
        Some(p) => Err(ModelError(format!("field {:?}: {what} = {p} is not a probability", field.name))),
        None => Ok(()),
    }
}

/// Probabilities falling by [`DEFAULT_LEVEL_RATIO`] per level, summing to 1.
fn descending(levels: usize) -> Vec<f64> {
    let raw: Vec<f64> = (0..levels).map(|k| DEFAULT_LEVEL_RATIO.powi(-(k.min(64) as i32))).collect();
    let sum: f64 = raw.iter().sum();
    raw.into_iter().map(|p| clamp(p / sum)).collect()
}

/// `p` clamped into `[MIN_PROBABILITY, 1 - MIN_PROBABILITY]`.
fn clamp(p: f64) -> f64 {
    p.clamp(MIN_PROBABILITY, MAX_PROBABILITY)
}

/// `1 / (1 + e^-x)`, without overflow trouble: a huge negative `x` gives 0.
fn logistic(x: f64) -> f64 {
    1.0 / (1.0 + (-x).exp())
}

/// The probability that a pair with match weight `weight` is a match:
/// `2^w / (1 + 2^w)`.
pub fn match_probability(weight: f64) -> f64 {
    1.0 / (1.0 + (-weight).exp2())
}

/// The match weight at which a pair has probability `probability`, the
/// inverse of [`match_probability`], for turning a threshold the user gives
/// as a probability into a weight.
pub fn match_weight_for(probability: f64) -> f64 {
    let p = clamp(probability);
    (p / (1.0 - p)).log2()
}

/// Where each field's levels live in a flat buffer of all fields' levels,
/// so the training loops keep one buffer rather than a `Vec` per field.
struct Layout {
    /// `offsets[f]..offsets[f + 1]` are field `f`'s slots.
    offsets: Vec<usize>,
}

impl Layout {
    /// The layout of `fields`' levels, field after field.
    fn new(fields: &[FieldSpec]) -> Layout {
        let mut offsets = Vec::with_capacity(fields.len() + 1);
        let mut end = 0;
        offsets.push(end);
        for field in fields {
            end += field.levels;
            offsets.push(end);
        }
        Layout { offsets }
    }

    /// Slots in all.
    fn len(&self) -> usize {
        self.offsets.last().copied().unwrap_or(0)
    }

    /// The slot of field `f` at level `k`, if both exist.
    fn index(&self, f: usize, k: usize) -> Option<usize> {
        let start = *self.offsets.get(f)?;
        let end = *self.offsets.get(f + 1)?;
        let i = start + k;
        (i < end).then_some(i)
    }

    /// Field `f`'s slots of `buffer`.
    fn field<'b>(&self, buffer: &'b [f64], f: usize) -> &'b [f64] {
        match (self.offsets.get(f), self.offsets.get(f + 1)) {
            (Some(&start), Some(&end)) => buffer.get(start..end).unwrap_or(&[]),
            _ => &[],
        }
    }

    /// Adds `amount` to the slot of every present level of `vector`.
    fn add(&self, buffer: &mut [f64], vector: &[Option<u8>], amount: f64) {
        for (f, level) in vector.iter().enumerate() {
            if let Some(slot) = level.and_then(|k| self.index(f, usize::from(k))).and_then(|i| buffer.get_mut(i)) {
                *slot += amount;
            }
        }
    }

    /// The sum of `buffer`'s slots at the present levels of `vector`.
    fn sum(&self, buffer: &[f64], vector: &[Option<u8>]) -> f64 {
        let mut total = 0.0;
        for (f, level) in vector.iter().enumerate() {
            if let Some(&value) = level.and_then(|k| self.index(f, usize::from(k))).and_then(|i| buffer.get(i)) {
                total += value;
            }
        }
        total
    }
}

/// Each distinct non-empty value's share of the non-empty values, for
/// [`Model::tf_adjusted_weight`]. Values are compared as given; pass them
/// normalized (the same keys the comparison used).
pub fn term_frequencies<'a, I>(values: I) -> HashMap<&'a str, f64>
where
    I: IntoIterator<Item = &'a str>,
{
    let mut counts: HashMap<&'a str, f64> = HashMap::new();
    let mut total = 0.0;
    for value in values.into_iter().filter(|v| !v.is_empty()) {
        *counts.entry(value).or_insert(0.0) += 1.0;
        total += 1.0;
    }
    counts.values_mut().for_each(|c| *c /= total);
    counts
}

/// A deterministic match rule, for users who want "same email or same
/// phone is a duplicate" instead of (or before) a trained model. A field is
/// *exact* when its level is 0; a missing value is never exact.
///
/// Serialized in snake case: `{"any_exact": [0, 2]}`,
/// `{"any": [{"any_exact": [0]}, {"all_exact": [1, 3]}]}`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Rule {
    /// A duplicate when any of these fields is exact (same email or same
    /// phone).
    AnyExact(Vec<usize>),
    /// A duplicate when all of these fields are exact (same name and same
    /// birth date). An empty list matches nothing, not everything.
    AllExact(Vec<usize>),
    /// A duplicate when any of these rules says so.
    Any(Vec<Rule>),
}

/// Whether the pair described by `vector` is a duplicate under `rule`.
pub fn rule_match(vector: &[Option<u8>], rule: &Rule) -> bool {
    let exact = |f: &usize| vector.get(*f).copied().flatten() == Some(0);
    match rule {
        Rule::AnyExact(fields) => fields.iter().any(exact),
        Rule::AllExact(fields) => !fields.is_empty() && fields.iter().all(exact),
        Rule::Any(rules) => rules.iter().any(|r| rule_match(vector, r)),
    }
}

/// SplitMix64: a tiny seeded pseudo-random generator, so sampling (of
/// random pairs for `u`) gives the same result on every run and platform.
/// Not for anything that needs unpredictability.
#[derive(Debug, Clone)]
pub struct SplitMix64 {
    state: u64,
}

impl SplitMix64 {
    /// A generator starting from `seed`.
    pub fn new(seed: u64) -> SplitMix64 {
        SplitMix64 { state: seed }
    }

    /// The next 64 random bits.
    pub fn next_u64(&mut self) -> u64 {
        self.state = self.state.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.state;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// A number in `0..n` (0 when `n` is 0). Lemire's multiply-shift: the
    /// bias is below `n / 2^64`, far too small to matter for sampling.
    pub fn below(&mut self, n: u64) -> u64 {
        ((u128::from(self.next_u64()) * u128::from(n)) >> 64) as u64
    }

    /// A number in `[0, 1)` with 53 random bits.
    pub fn next_f64(&mut self) -> f64 {
        (self.next_u64() >> 11) as f64 / (1u64 << 53) as f64
    }
}

/// `count` random pairs of distinct rows out of `rows`, as `(a, b)` with
/// `a < b`, drawn with replacement from a generator seeded with `seed`.
/// Feed their comparison vectors to [`Model::estimate_u`]. Empty when there
/// are fewer than two rows.
pub fn random_pairs(rows: usize, count: usize, seed: u64) -> RandomPairs {
    RandomPairs { rng: SplitMix64::new(seed), rows: rows as u64, left: if rows < 2 { 0 } else { count } }
}

/// The iterator [`random_pairs`] returns.
#[derive(Debug, Clone)]
pub struct RandomPairs {
    rng: SplitMix64,
    rows: u64,
    left: usize,
}

impl Iterator for RandomPairs {
    type Item = (usize, usize);

    fn next(&mut self) -> Option<(usize, usize)> {
        self.left = self.left.checked_sub(1)?;
        // Draw b from the rows other than a by drawing from one fewer and
        // skipping a: uniform over distinct pairs, and no retry loop.
        let a = self.rng.below(self.rows);
        let mut b = self.rng.below(self.rows - 1);
        if b >= a {
            b += 1;
        }
        Some((a.min(b) as usize, a.max(b) as usize))
    }

    fn size_hint(&self) -> (usize, Option<usize>) {
        (self.left, Some(self.left))
    }
}

impl fmt::Display for Explanation {
    /// One line per field, for logs and the command line:
    /// `email  level 0  +12.3  (m 0.95, u 0.0002)`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        writeln!(f, "prior  {:+.2}", self.prior_weight)?;
        for field in &self.fields {
            match (field.level, field.m, field.u) {
                (Some(level), Some(m), Some(u)) => writeln!(
                    f,
                    "{}  level {level}  {:+.2}  (m {m:.4}, u {u:.6}{})",
                    field.field,
                    field.weight,
                    if field.tf_adjusted { ", term frequency" } else { "" }
                )?,
                _ => writeln!(f, "{}  missing  +0.00", field.field)?,
            }
        }
        write!(f, "total  {:+.2}  (probability {:.4})", self.total, self.probability)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const PAIRS: usize = 20_000;
    const TRUE_PRIOR: f64 = 0.1;
    /// Share of values missing in the synthetic data, so the tests cover
    /// the `None` paths.
    const MISSING: f64 = 0.05;

    fn true_m() -> Vec<Vec<f64>> {
        vec![vec![0.85, 0.10, 0.05], vec![0.70, 0.15, 0.10, 0.05], vec![0.90, 0.07, 0.03]]
    }

    fn true_u() -> Vec<Vec<f64>> {
        vec![vec![0.01, 0.04, 0.95], vec![0.005, 0.02, 0.075, 0.90], vec![0.05, 0.15, 0.80]]
    }

    fn specs() -> Vec<FieldSpec> {
        [("email", 3), ("name", 4), ("city", 3)]
            .into_iter()
            .map(|(name, levels)| FieldSpec { name: name.to_string(), levels })
            .collect()
    }

    /// A level drawn from `probabilities`.
    fn draw(rng: &mut SplitMix64, probabilities: &[f64]) -> Option<u8> {
        if rng.next_f64() < MISSING {
            return None;
        }
        let mut x = rng.next_f64();
        for (k, p) in probabilities.iter().enumerate() {
            if x < *p {
                return u8::try_from(k).ok();
            }
            x -= p;
        }
        u8::try_from(probabilities.len() - 1).ok()
    }

    /// A comparison vector drawn from `m` or `u`.
    fn vector(rng: &mut SplitMix64, probabilities: &[Vec<f64>]) -> Vec<Option<u8>> {
        probabilities.iter().map(|p| draw(rng, p)).collect()
    }

    /// `PAIRS` vectors, a `TRUE_PRIOR` share of them matches; with their
    /// truth.
    fn candidate_pairs(seed: u64) -> Vec<(Vec<Option<u8>>, bool)> {
        let (m, u) = (true_m(), true_u());
        let mut rng = SplitMix64::new(seed);
        (0..PAIRS)
            .map(|_| {
                let is_match = rng.next_f64() < TRUE_PRIOR;
                (vector(&mut rng, if is_match { &m } else { &u }), is_match)
            })
            .collect()
    }

    fn assert_close(got: &[Vec<f64>], want: &[Vec<f64>], tolerance: f64) {
        for (f, (got, want)) in got.iter().zip(want).enumerate() {
            for (k, (g, w)) in got.iter().zip(want).enumerate() {
                assert!((g - w).abs() < tolerance, "field {f} level {k}: got {g}, want {w}");
            }
        }
    }

    #[test]
    fn default_starting_values() {
        let model = Model::new(specs());
        for (m, u) in model.m().iter().zip(model.u()) {
            assert!((m.iter().sum::<f64>() - 1.0).abs() < 1e-9);
            assert!(m[0] > m[m.len() - 1] && u[0] < u[u.len() - 1]);
            assert!(model.field_weight(0, Some(0)) > 0.0 && model.field_weight(0, Some(2)) < 0.0);
        }
        assert_eq!(model.prior(), DEFAULT_PRIOR);
    }

    #[test]
    fn estimate_u_recovers_u() {
        let u = true_u();
        let mut rng = SplitMix64::new(7);
        let mut model = Model::new(specs());
        let read = model.estimate_u((0..PAIRS).map(|_| vector(&mut rng, &u)));
        assert_eq!(read, PAIRS);
        assert_close(model.u(), &u, 0.02);
        assert!(model.u().iter().flatten().all(|&p| p >= MIN_PROBABILITY));
    }

    #[test]
    fn laplace_smoothing_keeps_unseen_levels_above_zero() {
        let mut model = Model::new(specs());
        model.estimate_u(std::iter::repeat_n(vec![Some(2), Some(3), None], 100));
        // Field 0: level 2 seen 100 times, levels 0 and 1 never: (0 + 1) / 103.
        assert!((model.u()[0][0] - 1.0 / 103.0).abs() < 1e-12);
        assert!((model.u()[0][2] - 101.0 / 103.0).abs() < 1e-12);
        // Field 2 was always missing and keeps its starting u.
        assert_eq!(model.u()[2], Model::new(specs()).u()[2]);
    }

    #[test]
    fn em_recovers_m_and_prior_from_default_start() {
        let pairs = candidate_pairs(42);
        let vectors: Vec<Vec<Option<u8>>> = pairs.iter().map(|(v, _)| v.clone()).collect();
        // u from random pairs, as a real run gets it.
        let u = true_u();
        let mut rng = SplitMix64::new(11);
        let mut model = Model::new(specs());
        model.estimate_u((0..PAIRS).map(|_| vector(&mut rng, &u)));

        let report = model.estimate_em(&vectors, 100, 1e-6);
        assert!(report.converged, "{report:?}");
        assert_close(model.m(), &true_m(), 0.03);
        assert!((report.prior - TRUE_PRIOR).abs() < 0.02, "{report:?}");
        assert_eq!(report.prior, model.prior());
    }

    #[test]
    fn em_with_no_vectors_changes_nothing() {
        let mut model = Model::new(specs());
        let before = model.clone();
        let report = model.estimate_em::<Vec<Option<u8>>>(&[], 10, 1e-6);
        assert_eq!(report, EmReport { iterations: 0, converged: false, prior: DEFAULT_PRIOR });
        assert_eq!(model, before);
    }

    #[test]
    fn em_stops_at_max_iter() {
        let vectors: Vec<Vec<Option<u8>>> = candidate_pairs(3).into_iter().map(|(v, _)| v).collect();
        let mut model = Model::new(specs());
        let report = model.estimate_em(&vectors, 2, 0.0);
        assert_eq!((report.iterations, report.converged), (2, false));
    }

    #[test]
    fn weights_rank_matches_above_non_matches() {
        let model = Model::from_parts(specs(), true_m(), true_u(), TRUE_PRIOR).unwrap();
        let pairs = candidate_pairs(5);
        let mean = |want: bool| {
            let ws: Vec<f64> = pairs.iter().filter(|p| p.1 == want).map(|p| model.match_weight(&p.0)).collect();
            ws.iter().sum::<f64>() / ws.len() as f64
        };
        assert!(mean(true) > 5.0 && mean(false) < -5.0);
        // Most matches score above 0 and most non-matches below.
        let right = pairs.iter().filter(|(v, m)| (model.match_weight(v) > 0.0) == *m).count();
        assert!(right as f64 > 0.97 * PAIRS as f64, "{right}");
        // Agreement everywhere beats disagreement everywhere.
        let all = model.match_weight(&[Some(0), Some(0), Some(0)]);
        let none = model.match_weight(&[Some(2), Some(3), Some(2)]);
        assert!(all > 10.0 && none < -10.0, "{all} {none}");
    }

    #[test]
    fn missing_values_weigh_nothing() {
        let model = Model::new(specs());
        assert_eq!(model.match_weight(&[None, None, None]), model.prior_weight());
        assert_eq!(model.field_weight(1, None), 0.0);
        // Levels and fields the model does not have are treated as missing.
        assert_eq!(model.field_weight(0, Some(9)), 0.0);
        assert_eq!(model.match_weight(&[None, None, None, Some(0)]), model.prior_weight());
    }

    #[test]
    fn explanation_adds_up() {
        let model = Model::from_parts(specs(), true_m(), true_u(), TRUE_PRIOR).unwrap();
        for vector in [[Some(0), Some(1), None], [Some(2), Some(0), Some(1)], [None, None, None]] {
            let explanation = model.explain(&vector);
            assert_eq!(explanation.total, model.match_weight(&vector));
            let sum = explanation.prior_weight + explanation.fields.iter().map(|f| f.weight).sum::<f64>();
            assert!((sum - explanation.total).abs() < 1e-12);
            assert_eq!(explanation.fields.len(), 3);
            assert!((explanation.probability - match_probability(explanation.total)).abs() < 1e-15);
        }
        let explanation = model.explain(&[Some(0), None, Some(2)]);
        assert_eq!(explanation.fields[0].field, "email");
        assert_eq!((explanation.fields[0].m, explanation.fields[0].u), (Some(0.85), Some(0.01)));
        assert_eq!(
            (explanation.fields[1].level, explanation.fields[1].m, explanation.fields[1].weight),
            (None, None, 0.0)
        );
        let json = serde_json::to_value(&explanation).unwrap();
        assert_eq!(json["fields"][2]["level"], 2);
        assert!(explanation.to_string().contains("name  missing"));
    }

    #[test]
    fn probability_and_weight_are_inverse() {
        assert_eq!(match_probability(0.0), 0.5);
        assert!((match_probability(10.0) - 1024.0 / 1025.0).abs() < 1e-12);
        assert!(match_probability(-2000.0) == 0.0 && match_probability(2000.0) == 1.0);
        assert!((match_weight_for(match_probability(3.5)) - 3.5).abs() < 1e-9);
    }

    #[test]
    fn term_frequency_makes_rare_values_weigh_more() {
        let model = Model::from_parts(specs(), true_m(), true_u(), TRUE_PRIOR).unwrap();
        let rare = model.tf_adjusted_weight(1, Some(0), 0.00001);
        let common = model.tf_adjusted_weight(1, Some(0), 0.02);
        assert!(rare > common + 10.0);
        assert!((rare - (0.70f64 / 0.00001).log2()).abs() < 1e-9);
        // The floor keeps a frequency of 0 finite.
        assert!(model.tf_adjusted_weight(1, Some(0), 0.0).is_finite());
        // Only the exact level is adjusted; NaN means "no frequency".
        assert_eq!(model.tf_adjusted_weight(1, Some(2), 0.00001), model.field_weight(1, Some(2)));
        assert_eq!(model.tf_adjusted_weight(1, Some(0), f64::NAN), model.field_weight(1, Some(0)));
        assert_eq!(model.tf_adjusted_weight(1, None, 0.1), 0.0);

        let vector = [Some(0), Some(0), Some(1)];
        let tf = [None, Some(0.00001)];
        let explanation = model.explain_tf(&vector, &tf);
        assert_eq!(explanation.total, model.match_weight_tf(&vector, &tf));
        assert!(explanation.fields[1].tf_adjusted && !explanation.fields[0].tf_adjusted);
        assert!(model.match_weight_tf(&vector, &tf) > model.match_weight(&vector));
    }

    #[test]
    fn term_frequencies_of_a_column() {
        let freq = term_frequencies(["王", "王", "", "欧阳", "王"]);
        assert_eq!(freq.len(), 2);
        assert!((freq["王"] - 0.75).abs() < 1e-12 && (freq["欧阳"] - 0.25).abs() < 1e-12);
    }

    #[test]
    fn rules() {
        let email_or_phone = Rule::AnyExact(vec![0, 2]);
        assert!(rule_match(&[Some(0), Some(3), None], &email_or_phone));
        assert!(rule_match(&[Some(2), Some(3), Some(0)], &email_or_phone));
        assert!(!rule_match(&[None, Some(0), Some(1)], &email_or_phone));
        let name_and_city = Rule::AllExact(vec![1, 2]);
        assert!(rule_match(&[Some(2), Some(0), Some(0)], &name_and_city));
        assert!(!rule_match(&[Some(0), Some(0), None], &name_and_city));
        assert!(!rule_match(&[Some(0)], &Rule::AllExact(vec![])));
        let either = Rule::Any(vec![Rule::AnyExact(vec![0]), name_and_city]);
        assert!(rule_match(&[Some(1), Some(0), Some(0)], &either));
        assert!(!rule_match(&[Some(1), Some(0), Some(1)], &either));
        // Fields past the vector are missing, not a panic.
        assert!(!rule_match(&[], &Rule::AnyExact(vec![7])));

        let json = r#"{"any": [{"any_exact": [0]}, {"all_exact": [1, 2]}]}"#;
        assert_eq!(serde_json::from_str::<Rule>(json).unwrap(), either);
    }

    #[test]
    fn model_round_trips_and_loading_checks_shapes() {
        let model = Model::from_parts(specs(), true_m(), true_u(), TRUE_PRIOR).unwrap();
        let json = serde_json::to_string(&model).unwrap();
        assert_eq!(serde_json::from_str::<Model>(&json).unwrap(), model);

        let short =
            r#"{"fields": [{"name": "email", "levels": 3}], "m": [[0.9, 0.1]], "u": [[0.1, 0.2, 0.7]], "prior": 0.1}"#;
        assert!(serde_json::from_str::<Model>(short).is_err());
        assert!(Model::from_parts(specs(), true_m(), true_u(), 1.0).is_err());
        let mut bad = true_m();
        bad[1][2] = 1.5;
        assert!(Model::from_parts(specs(), bad, true_u(), 0.1).is_err());
    }

    #[test]
    fn random_pairs_are_distinct_in_range_and_repeatable() {
        let pairs: Vec<_> = random_pairs(5, 1000, 9).collect();
        assert_eq!(pairs.len(), 1000);
        assert!(pairs.iter().all(|&(a, b)| a < b && b < 5));
        // Every one of the 10 pairs shows up.
        let mut seen = [false; 25];
        pairs.iter().for_each(|&(a, b)| seen[a * 5 + b] = true);
        assert_eq!(seen.iter().filter(|s| **s).count(), 10);
        assert_eq!(pairs, random_pairs(5, 1000, 9).collect::<Vec<_>>());
        assert_eq!(random_pairs(1, 10, 9).count(), 0);
        assert_eq!(random_pairs(2, 3, 9).collect::<Vec<_>>(), vec![(0, 1); 3]);
    }
}
