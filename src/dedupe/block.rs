//! Blocking: which pairs of records are compared at all.
//!
//! Comparing every record with every other is quadratic: a million rows make
//! half a trillion pairs. Each blocking rule gives every record a few keys
//! (its email key, its phone digits, its postcode with the start of its
//! family name...), and only records sharing a key become a candidate pair.
//! The rules are unioned, so a duplicate needs to agree on one of them only.
//!
//! A key shared by very many records (`info@`, a company switchboard, the
//! most common surname in one postcode) would bring back the quadratic cost
//! for little gain; keys shared by more than `max_block_size` records are
//! skipped and reported. Keys are hashed to 64 bits, sorted, and grouped:
//! memory is linear in rows times keys, with no allocation per pair beyond
//! the pair itself.

use std::hash::{DefaultHasher, Hash, Hasher};

use serde::Serialize;

use super::fields::{birth_year_of, family_latin, sound_of, FieldKind, Records};
use super::profile::BlockingRule;
use super::tick::{Ticker, REPORT_EVERY};

/// What blocking found, for the summary.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct BlockingReport {
    /// Each rule used, with its numbers.
    pub rules: Vec<RuleReport>,
    /// Distinct candidate pairs, all rules together.
    pub candidate_pairs: u64,
    /// Pairs a full comparison would have made: n(n-1)/2.
    pub possible_pairs: u64,
    /// `1 - candidate_pairs / possible_pairs`: the share of comparisons saved.
    pub reduction_ratio: f64,
}

/// One rule's numbers.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct RuleReport {
    /// The rule's name.
    pub rule: &'static str,
    /// Pairs it proposed (before removing those other rules proposed too).
    pub pairs: u64,
    /// Keys skipped because too many records shared them.
    pub skipped_keys: u64,
    /// Records holding a skipped key.
    pub skipped_rows: u64,
}

/// The rules that apply to records with these fields: each rule whose
/// fields are all present.
pub fn default_rules(records: &Records) -> Vec<BlockingRule> {
    let has = |kind: FieldKind| records.fields.iter().any(|f| f.plan.kind == kind);
    BlockingRule::ALL
        .into_iter()
        .filter(|rule| match rule {
            BlockingRule::Email => has(FieldKind::Email),
            BlockingRule::Phone => has(FieldKind::Phone),
            BlockingRule::Id => has(FieldKind::Id),
            BlockingRule::PostcodeName => has(FieldKind::Postcode) && has(FieldKind::Name),
            BlockingRule::PhoneticBirthYear => has(FieldKind::BirthDate) && has(FieldKind::Name),
            BlockingRule::NameSound => has(FieldKind::Name),
            BlockingRule::NameCompany => has(FieldKind::Company) && has(FieldKind::Name),
        })
        .collect()
}

/// Pairs kept per rule for training: EM runs once per rule, on pairs that
/// rule found (see [`super::scorer`]).
const TRAINING_PAIRS_PER_RULE: usize = 50_000;

/// Candidate pairs a rule found, spread evenly over all it found, for training.
pub type RuleSample = (BlockingRule, Vec<(u32, u32)>);

/// The fields a rule's pairs agree on by construction: training on that
/// rule's pairs must not learn those fields' `m`.
pub fn fields_used_by(rule: BlockingRule) -> &'static [FieldKind] {
    match rule {
        BlockingRule::Email => &[FieldKind::Email],
        BlockingRule::Phone => &[FieldKind::Phone],
        BlockingRule::Id => &[FieldKind::Id],
        BlockingRule::PostcodeName => &[FieldKind::Postcode, FieldKind::Name],
        BlockingRule::PhoneticBirthYear => &[FieldKind::Name, FieldKind::BirthDate],
        BlockingRule::NameSound => &[FieldKind::Name],
        BlockingRule::NameCompany => &[FieldKind::Name, FieldKind::Company],
    }
}

/// The candidate pairs `(a, b)`, `a < b`, sorted and distinct, of the
/// records under `rules`; only pairs for which `wanted(a, b)` holds are
/// kept (`link` keeps pairs across its two files). Also a sample of each
/// rule's own pairs, for training.
pub fn candidate_pairs(
    records: &Records,
    rules: &[BlockingRule],
    max_block_size: usize,
    wanted: impl Fn(usize, usize) -> bool,
) -> (Vec<(u32, u32)>, BlockingReport, Vec<RuleSample>) {
    candidate_pairs_with_progress(records, rules, max_block_size, wanted, &mut |_, _| {})
}

/// Buckets the candidate pairs are sorted in, by their first row: sorting
/// a bucket at a time lets progress be reported between buckets (sorting
/// millions of pairs at once took over a second in wasm).
const BUCKETS: usize = 256;

/// [`candidate_pairs`], calling `progress(done, total)` every few thousand
/// rows keyed and pairs made, and between sorted buckets.
pub fn candidate_pairs_with_progress(
    records: &Records,
    rules: &[BlockingRule],
    max_block_size: usize,
    wanted: impl Fn(usize, usize) -> bool,
    progress: &mut dyn FnMut(u64, u64),
) -> (Vec<(u32, u32)>, BlockingReport, Vec<RuleSample>) {
    let rows = records.rows();
    let mut ticker = Ticker::new(progress, (rules.len() * (rows + BUCKETS)) as u64);
    let mut samples = Vec::new();
    let mut buckets: Vec<Vec<u64>> = vec![Vec::new(); BUCKETS];
    let mut report = BlockingReport::default();
    let (mut entries, mut found): (Vec<(u64, u32)>, Vec<u64>) = (Vec::new(), Vec::new());
    for &rule in rules {
        entries.clear();
        for row in 0..rows {
            let row32 = u32::try_from(row).unwrap_or(u32::MAX);
            for_each_key(records, rule, row, |key| entries.push((hash_key(rule, key), row32)));
            ticker.add(1);
        }
        entries.sort_unstable();
        entries.dedup();
        ticker.report();
        found.clear();
        let (skipped_keys, skipped_rows) = pair_up(&entries, max_block_size, &wanted, &mut found, &mut ticker);
        report.rules.push(RuleReport { rule: rule.as_str(), pairs: found.len() as u64, skipped_keys, skipped_rows });
        let step = (found.len() / TRAINING_PAIRS_PER_RULE).max(1);
        samples.push((rule, found.iter().step_by(step).map(|&p| ((p >> 32) as u32, p as u32)).collect()));
        // Keep memory to the distinct pairs as rules add up.
        for &pair in &found {
            if let Some(bucket) = buckets.get_mut(bucket_of(pair, rows)) {
                bucket.push(pair);
            }
        }
        for (i, bucket) in buckets.iter_mut().enumerate() {
            bucket.sort_unstable();
            bucket.dedup();
            ticker.add(1);
            // A bucket is one unit of work but can hold tens of thousands
            // of pairs: report every few buckets (the sorts of all the
            // buckets took 300 ms in the browser on a million rows).
            if i % BUCKETS_PER_REPORT == BUCKETS_PER_REPORT - 1 {
                ticker.report();
            }
        }
    }
    drop((entries, found));
    let n = rows as u64;
    report.candidate_pairs = buckets.iter().map(|b| b.len() as u64).sum();
    report.possible_pairs = n * n.saturating_sub(1) / 2;
    report.reduction_ratio = if report.possible_pairs == 0 {
        1.0
    } else {
        1.0 - report.candidate_pairs as f64 / report.possible_pairs as f64
    };
    // Buckets hold consecutive ranges of first rows, so in bucket order the
    // pairs are sorted.
    let mut pairs = Vec::with_capacity(report.candidate_pairs as usize);
    for (i, bucket) in buckets.into_iter().enumerate() {
        pairs.extend(bucket.into_iter().map(|p| ((p >> 32) as u32, p as u32)));
        if i % BUCKETS_PER_REPORT == BUCKETS_PER_REPORT - 1 {
            ticker.report();
        }
    }
    (pairs, report, samples)
}

/// Buckets sorted (or copied) between two progress reports.
const BUCKETS_PER_REPORT: usize = 32;

/// The bucket of a pair: its first row's share of the rows.
fn bucket_of(pair: u64, rows: usize) -> usize {
    ((pair >> 32) as usize).saturating_mul(BUCKETS) / rows.max(1)
}

/// Appends the pairs within each group of equal keys of the sorted
/// `entries`, skipping groups larger than `max_block_size`; returns the
/// skipped keys and rows.
fn pair_up(
    entries: &[(u64, u32)],
    max_block_size: usize,
    wanted: &impl Fn(usize, usize) -> bool,
    pairs: &mut Vec<u64>,
    ticker: &mut Ticker<'_>,
) -> (u64, u64) {
    let (mut skipped_keys, mut skipped_rows) = (0, 0);
    let mut reported = pairs.len();
    for group in entries.chunk_by(|x, y| x.0 == y.0) {
        if group.len() > max_block_size {
            skipped_keys += 1;
            skipped_rows += group.len() as u64;
            continue;
        }
        for (i, &(_, a)) in group.iter().enumerate() {
            for &(_, b) in &group[i + 1..] {
                let (a, b) = (a.min(b), a.max(b));
                if a != b && wanted(a as usize, b as usize) {
                    pairs.push((u64::from(a) << 32) | u64::from(b));
                }
            }
        }
        if pairs.len() - reported >= REPORT_EVERY as usize {
            reported = pairs.len();
            ticker.report();
        }
    }
    (skipped_keys, skipped_rows)
}

/// The 64-bit hash of a rule's key; a collision only adds a candidate pair.
fn hash_key(rule: BlockingRule, key: &str) -> u64 {
    let mut hasher = DefaultHasher::new();
    rule.hash(&mut hasher);
    key.hash(&mut hasher);
    hasher.finish()
}

/// Calls `emit` with each of record `row`'s keys under `rule`.
pub fn for_each_key(records: &Records, rule: BlockingRule, row: usize, mut emit: impl FnMut(&str)) {
    match rule {
        BlockingRule::Email => records.keys_of(FieldKind::Email, row).for_each(emit),
        BlockingRule::Phone => records.keys_of(FieldKind::Phone, row).for_each(emit),
        BlockingRule::Id => records.keys_of(FieldKind::Id, row).for_each(emit),
        BlockingRule::PostcodeName => {
            // The first letters, not the sound: a typo later in the name
            // (FEBRL's `siggyins`) keeps the pair, which sound codes lost.
            let Some(family) = records.name_of(row).and_then(family_latin) else { return };
            let prefix: String = family.chars().take(2).collect();
            for postcode in records.keys_of(FieldKind::Postcode, row) {
                emit(&format!("{postcode}|{prefix}"));
            }
        }
        BlockingRule::PhoneticBirthYear => {
            let Some(family) = records.name_of(row).and_then(family_latin) else { return };
            if let Some(year) = birth_year_of(records, row) {
                emit(&format!("{}|{year}", sound_of(&family)));
            }
        }
        BlockingRule::NameSound => {
            let Some(name) = records.name_of(row) else { return };
            let mut sounds: Vec<String> = name.latin().split_whitespace().map(sound_of).collect();
            if sounds.len() >= 2 {
                sounds.sort_unstable();
                emit(&sounds.join(" "));
            }
        }
        BlockingRule::NameCompany => {
            let Some(name) = records.name_of(row) else { return };
            for company in records.keys_of(FieldKind::Company, row) {
                let first = company.split_whitespace().next().unwrap_or("");
                emit(&format!("{}|{first}", name.fingerprint));
            }
        }
    }
}

/// The rules under which records `a` and `b` share a key, for the clusters file.
pub fn shared_rules(records: &Records, rules: &[BlockingRule], a: usize, b: usize) -> Vec<&'static str> {
    rules
        .iter()
        .filter(|&&rule| {
            let mut keys_a = Vec::new();
            for_each_key(records, rule, a, |k| keys_a.push(k.to_string()));
            let mut shared = false;
            for_each_key(records, rule, b, |k| shared |= keys_a.iter().any(|x| x == k));
            shared
        })
        .map(|rule| rule.as_str())
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::dedupe::fields::plan_fields;
    use crate::profile::ColumnType;
    use crate::table::Table;

    fn records(rows: &[[&str; 2]]) -> Records {
        let mut t = Table::new(["name", "email"]);
        for (i, r) in rows.iter().enumerate() {
            t.push_row(r.iter().copied(), i as u64 + 2).unwrap();
        }
        let plans = plan_fields(&["name".into(), "email".into()], &[ColumnType::FullName, ColumnType::Email]);
        Records::build(&t, &plans)
    }

    #[test]
    fn rules_are_unioned_and_pairs_distinct() {
        let r = records(&[
            ["John Smith", "js@x.com"],
            ["Smith John", "other@y.com"],
            ["Ann Lee", "js@x.com"],
            ["Bob Stone", "bob@z.com"],
        ]);
        let rules = default_rules(&r);
        assert_eq!(rules, [BlockingRule::Email, BlockingRule::NameSound]);
        let (pairs, report, _) = candidate_pairs(&r, &rules, 100, |_, _| true);
        assert_eq!(pairs, [(0, 1), (0, 2)]);
        assert_eq!((report.candidate_pairs, report.possible_pairs), (2, 6));
        assert_eq!(shared_rules(&r, &rules, 0, 2), ["email"]);
    }

    #[test]
    fn huge_blocks_are_skipped_and_reported() {
        let rows: Vec<[&str; 2]> = (0..10).map(|_| ["", "info@acme.com"]).collect();
        let r = records(&rows);
        let (pairs, report, _) = candidate_pairs(&r, &[BlockingRule::Email], 5, |_, _| true);
        assert!(pairs.is_empty());
        assert_eq!((report.rules[0].skipped_keys, report.rules[0].skipped_rows), (1, 10));
        let (pairs, _, _) = candidate_pairs(&r, &[BlockingRule::Email], 10, |_, _| true);
        assert_eq!(pairs.len(), 45);
    }
}
