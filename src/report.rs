//! The quality report: how good the data was before cleaning and is after it,
//! per column and overall, from the table, the change log and the issue log.
//!
//! Five measures, each a share from 0 to 1 (README, "The page", gives the
//! formula of the overall score):
//!
//! - **completeness**: non-empty cells / cells;
//! - **validity**: non-empty cells without an error issue / non-empty cells
//!   (validation runs on the values as read and normalization never makes an
//!   invalid value valid, so before and after differ only by manual edits);
//! - **uniqueness**: distinct non-empty values / non-empty values; overall it is
//!   the mean over the identifying columns (email, phones, record and ID
//!   numbers) only, since a city or a category repeats by nature;
//! - **consistency**: non-empty cells already in canonical form / non-empty
//!   cells. Before cleaning a cell is canonical when no rule changed it and it
//!   has no error; after cleaning every cell is, except those with an error
//!   (they cannot be normalized), so consistency never drops;
//! - **timeliness**: rows not stale by the last-contact column / rows.
//!
//! The "before" values are the first `before` of each changed cell in the
//! change log, so nothing of the input needs to be kept besides that log.

use std::collections::HashSet;
use std::hash::{BuildHasherDefault, Hasher};

use serde::Serialize;

use crate::ledger::{ChangeLog, IssueLog};
use crate::profile::{ColumnType, Profile};
use crate::table::Table;
use crate::validate::Severity;

/// Weights of the five measures in the overall score (they add up to 1).
pub const WEIGHTS: Weights =
    Weights { completeness: 0.25, validity: 0.35, uniqueness: 0.10, consistency: 0.20, timeliness: 0.10 };

/// The weight of each measure in the score.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct Weights {
    /// Of completeness.
    pub completeness: f64,
    /// Of validity.
    pub validity: f64,
    /// Of uniqueness.
    pub uniqueness: f64,
    /// Of consistency.
    pub consistency: f64,
    /// Of timeliness.
    pub timeliness: f64,
}

/// The five measures at one point (before or after cleaning), each 0–1.
/// `None` when it does not apply (no identifying column, no last-contact column, no cells).
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Default)]
pub struct Measures {
    /// Non-empty share.
    pub completeness: Option<f64>,
    /// Valid share of the non-empty cells.
    pub validity: Option<f64>,
    /// Distinct share of the non-empty values.
    pub uniqueness: Option<f64>,
    /// Canonical share of the non-empty cells.
    pub consistency: Option<f64>,
    /// Share of rows not stale.
    pub timeliness: Option<f64>,
}

impl Measures {
    /// The overall score, 0–100: the weighted mean of the measures that
    /// apply, the weights of those that do not being shared out among the rest.
    pub fn score(&self) -> f64 {
        let parts = [
            (self.completeness, WEIGHTS.completeness),
            (self.validity, WEIGHTS.validity),
            (self.uniqueness, WEIGHTS.uniqueness),
            (self.consistency, WEIGHTS.consistency),
            (self.timeliness, WEIGHTS.timeliness),
        ];
        let (sum, weight) = parts
            .iter()
            .filter_map(|(v, w)| v.map(|v| (v * w, *w)))
            .fold((0.0, 0.0), |(s, t), (v, w)| (s + v, t + w));
        if weight == 0.0 {
            100.0
        } else {
            (sum / weight * 1000.0).round() / 10.0
        }
    }
}

/// One column's counts and measures.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ColumnQuality {
    /// Header.
    pub name: String,
    /// Type name.
    #[serde(rename = "type")]
    pub kind: &'static str,
    /// Whether its values identify a record (counts towards overall uniqueness).
    pub key: bool,
    /// Non-empty cells before and after cleaning.
    pub filled_before: u64,
    /// Non-empty cells after.
    pub filled_after: u64,
    /// Non-empty cells with an error issue.
    pub invalid: u64,
    /// Cells a rule changed.
    pub changed: u64,
    /// Distinct non-empty values before.
    pub distinct_before: u64,
    /// Distinct non-empty values after.
    pub distinct_after: u64,
    /// Measures before cleaning.
    pub before: Measures,
    /// Measures after cleaning.
    pub after: Measures,
    /// Score before, 0–100.
    pub score_before: f64,
    /// Score after, 0–100.
    pub score_after: f64,
}

/// The report: overall and per column, before and after.
#[derive(Debug, Clone, PartialEq, Serialize, Default)]
pub struct Quality {
    /// Rows measured (the cleaned table's rows).
    pub rows: u64,
    /// Stale rows.
    pub rows_stale: u64,
    /// Overall measures before cleaning.
    pub before: Measures,
    /// Overall measures after cleaning.
    pub after: Measures,
    /// Overall score before, 0–100.
    pub score_before: f64,
    /// Overall score after, 0–100.
    pub score_after: f64,
    /// Each column.
    pub columns: Vec<ColumnQuality>,
    /// The weights used.
    pub weights: Option<Weights>,
}

fn share(part: u64, whole: u64) -> Option<f64> {
    (whole > 0).then(|| part as f64 / whole as f64)
}

/// A fast 64-bit hash of a value, 8 bytes at a time, with 64-bit multiplies
/// only: wasm has no 64×64→128-bit multiply, and the wyhash-style fold this
/// replaced spent a fifth of the report's time in its software emulation
/// (`__multi3`). Each word is mixed in with a multiply and an xor-shift; the
/// result goes through MurmurHash3's 64-bit finalizer. Distinct values are
/// counted by their hashes: at 64 bits two of a million well-spread values
/// share one with a chance of about 3 in 10^8 (the test below checks
/// structured strings).
fn hash(s: &str) -> u64 {
    const K: u64 = 0x9e37_79b9_7f4a_7c15;
    const M: u64 = 0xff51_afd7_ed55_8ccd;
    fn fold(h: u64, word: u64) -> u64 {
        let h = (h ^ word).wrapping_mul(M);
        h ^ (h >> 32)
    }
    fn fmix(mut h: u64) -> u64 {
        h ^= h >> 33;
        h = h.wrapping_mul(M);
        h ^= h >> 33;
        h = h.wrapping_mul(0xc4ce_b9fe_1a85_ec53);
        h ^ (h >> 33)
    }
    let bytes = s.as_bytes();
    let mut h = K ^ bytes.len() as u64;
    let mut chunks = bytes.chunks_exact(8);
    for c in &mut chunks {
        h = fold(h, u64::from_le_bytes(c.try_into().unwrap_or([0; 8])));
    }
    let mut tail = [0u8; 8];
    tail[..chunks.remainder().len()].copy_from_slice(chunks.remainder());
    fmix(fold(h, u64::from_le_bytes(tail)).wrapping_add(K))
}

/// The hashes are already mixed: the set uses them as they are.
#[derive(Default)]
struct Identity(u64);

impl Hasher for Identity {
    fn finish(&self) -> u64 {
        self.0
    }
    fn write(&mut self, bytes: &[u8]) {
        for &b in bytes {
            self.0 = (self.0 << 8) | u64::from(b);
        }
    }
    fn write_u64(&mut self, n: u64) {
        self.0 = n;
    }
}

type HashSet64 = HashSet<u64, BuildHasherDefault<Identity>>;

fn is_key(kind: ColumnType) -> bool {
    kind == ColumnType::Email || kind.is_phone() || matches!(kind, ColumnType::RecordId | ColumnType::CnId)
}

/// Rows between two progress reports: in the browser a million-row column
/// takes about 150 ms, so a report per column alone is too far apart.
const PROGRESS_EVERY: usize = 1 << 16;

/// Measures the cleaned `table` against what the change and issue logs say
/// it was before; `rows_stale` is the pipeline's count. `progress` gets the
/// cells measured so far (of rows × columns).
pub fn quality(
    table: &Table,
    profile: &Profile,
    changes: &ChangeLog,
    issues: &IssueLog,
    rows_stale: u64,
    progress: &mut dyn FnMut(u64),
) -> Quality {
    let rows = table.rows();
    let width = table.width();
    // Rows with an error, per column (sorted, as the log is written column by column).
    let mut errors: Vec<Vec<u32>> = vec![Vec::new(); width];
    for issue in issues.iter() {
        if let (Some(col), Severity::Error) = (issue.column, issue.severity) {
            if let Some(list) = errors.get_mut(col) {
                list.push(issue.row as u32);
            }
        }
    }
    // The first change of each cell holds its value as read.
    let mut firsts: Vec<Vec<(u32, &str)>> = vec![Vec::new(); width];
    for change in changes.iter() {
        if let Some(list) = firsts.get_mut(change.column) {
            list.push((change.row as u32, change.before));
        }
    }
    let timeliness = (rows > 0 && profile.columns.iter().any(|c| c.last_contact))
        .then(|| 1.0 - rows_stale as f64 / rows as f64);

    let mut columns = Vec::with_capacity(width);
    let mut totals = [0u64; 6]; // cells, filled before, filled after, invalid, changed, -
    let (mut uniq_before, mut uniq_after, mut keys) = (0.0, 0.0, 0u32);
    for (index, column) in table.columns().iter().enumerate() {
        let kind = profile.columns.iter().find(|c| c.name == column.name()).map_or(ColumnType::Text, |c| c.kind);
        let mut error_rows = std::mem::take(&mut errors[index]);
        error_rows.sort_unstable();
        error_rows.dedup();
        let mut first = std::mem::take(&mut firsts[index]);
        first.sort_by_key(|&(row, _)| row); // stable: the first change of a cell stays first
        first.dedup_by_key(|&mut (row, _)| row);

        let (mut filled_before, mut filled_after, mut invalid, mut unchanged_filled) = (0u64, 0u64, 0u64, 0u64);
        // Sized once (no rehashing); the "before" set only when a rule changed the column.
        let mut seen_after = HashSet64::with_capacity_and_hasher(rows, Default::default());
        let mut seen_before =
            HashSet64::with_capacity_and_hasher(if first.is_empty() { 0 } else { rows }, Default::default());
        let (mut next_change, mut next_error) = (first.iter().peekable(), error_rows.iter().peekable());
        for (row, after) in column.iter().enumerate() {
            if row % PROGRESS_EVERY == PROGRESS_EVERY - 1 {
                progress((index * rows + row + 1) as u64);
            }
            let row32 = row as u32;
            let (before, changed) = match next_change.peek() {
                Some(&&(r, before)) if r == row32 => {
                    next_change.next();
                    (before, true)
                }
                _ => (after, false),
            };
            let error = match next_error.peek() {
                Some(&&r) if r == row32 => {
                    next_error.next();
                    true
                }
                _ => false,
            };
            // An unchanged cell is hashed once for both sets.
            let after_hash = (!after.is_empty()).then(|| hash(after));
            if !before.trim().is_empty() {
                filled_before += 1;
                // Canonical as read: no rule changed it and it is not invalid.
                unchanged_filled += u64::from(!changed && !error);
                if !first.is_empty() {
                    seen_before.insert(match after_hash {
                        Some(h) if !changed => h,
                        _ => hash(before),
                    });
                }
            }
            if let Some(h) = after_hash {
                filled_after += 1;
                seen_after.insert(h);
                invalid += u64::from(error);
            }
        }
        let changed = first.len() as u64;
        let distinct_after = seen_after.len() as u64;
        let distinct_before = if first.is_empty() { distinct_after } else { seen_before.len() as u64 };
        let before = Measures {
            completeness: share(filled_before, rows as u64),
            validity: share(filled_after.saturating_sub(invalid), filled_after),
            uniqueness: share(distinct_before, filled_before),
            consistency: share(unchanged_filled, filled_before),
            timeliness: None,
        };
        let after = Measures {
            completeness: share(filled_after, rows as u64),
            validity: before.validity,
            uniqueness: share(distinct_after, filled_after),
            consistency: share(filled_after.saturating_sub(invalid), filled_after),
            timeliness: None,
        };
        let key = is_key(kind);
        if key {
            if let (Some(b), Some(a)) = (before.uniqueness, after.uniqueness) {
                uniq_before += b;
                uniq_after += a;
                keys += 1;
            }
        }
        totals[0] += rows as u64;
        totals[1] += filled_before;
        totals[2] += filled_after;
        totals[3] += invalid;
        totals[4] += unchanged_filled;
        let score = |m: &Measures| {
            let m = Measures { uniqueness: if key { m.uniqueness } else { None }, ..*m };
            m.score()
        };
        columns.push(ColumnQuality {
            name: column.name().to_string(),
            kind: kind.as_str(),
            key,
            filled_before,
            filled_after,
            invalid,
            changed,
            distinct_before,
            distinct_after,
            score_before: score(&before),
            score_after: score(&after),
            before,
            after,
        });
    }
    let [cells, filled_before, filled_after, invalid, unchanged, _] = totals;
    let validity = share(filled_after.saturating_sub(invalid), filled_after);
    let before = Measures {
        completeness: share(filled_before, cells),
        validity,
        uniqueness: (keys > 0).then(|| uniq_before / f64::from(keys)),
        consistency: share(unchanged, filled_before),
        timeliness,
    };
    let after = Measures {
        completeness: share(filled_after, cells),
        validity,
        uniqueness: (keys > 0).then(|| uniq_after / f64::from(keys)),
        consistency: validity,
        timeliness,
    };
    Quality {
        rows: rows as u64,
        rows_stale,
        score_before: before.score(),
        score_after: after.score(),
        before,
        after,
        columns,
        weights: Some(WEIGHTS),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::pipeline::clean;
    use crate::read::{read_bytes, ReadOptions};

    fn run(csv: &str) -> crate::Cleaned {
        run_with(csv, &Profile::default())
    }

    fn run_with(csv: &str, profile: &Profile) -> crate::Cleaned {
        let read = read_bytes(csv.as_bytes(), ReadOptions::default()).unwrap();
        clean(read, profile, &mut |_| {}).unwrap()
    }

    #[test]
    fn report_stage_reports_progress_inside_a_large_column() {
        let mut csv = String::from("email,city\n");
        for i in 0..(PROGRESS_EVERY + 10) {
            csv.push_str(&format!("u{i}@qq.com,Beijing\n"));
        }
        let read = read_bytes(csv.as_bytes(), ReadOptions::default()).unwrap();
        let mut seen = Vec::new();
        clean(read, &Profile::default(), &mut |p| {
            if p.stage == "report" {
                seen.push((p.done, p.total));
            }
        })
        .unwrap();
        let total = 2 * (PROGRESS_EVERY as u64 + 10);
        assert!(seen.iter().all(|&(_, t)| t == total), "{seen:?}");
        // Start, one inside each column, end: in order, never past the total.
        assert_eq!(seen.len(), 4, "{seen:?}");
        assert!(seen.windows(2).all(|w| w[0].0 < w[1].0), "{seen:?}");
        assert_eq!(seen.last().map(|s| s.0), Some(total));
    }

    fn col<'a>(q: &'a Quality, name: &str) -> &'a ColumnQuality {
        q.columns.iter().find(|c| c.name == name).unwrap()
    }

    #[test]
    fn report_counts_completeness_validity_and_consistency() {
        let out = run("name,email\n Ann ,ann@example.com\nBob,not-an-email\n,cid@example.com\nDan,\n");
        let q = &out.summary.quality;
        assert_eq!(q.rows, 4);
        let email = col(q, "email");
        assert_eq!(email.kind, "email");
        assert!(email.key);
        assert_eq!((email.filled_before, email.filled_after, email.invalid), (3, 3, 1));
        assert_eq!(email.after.completeness, Some(0.75));
        assert_eq!(email.after.validity, Some(2.0 / 3.0));
        let name = col(q, "name");
        // " Ann " was trimmed: one of three names was not canonical as read.
        assert_eq!(name.changed, 1);
        assert_eq!(name.before.consistency, Some(2.0 / 3.0));
        assert_eq!(name.after.consistency, Some(1.0));
        assert!(!name.key);
        // Overall: 8 cells, 6 filled; 1 invalid of 6; 4 of 6 neither changed nor invalid before.
        assert_eq!(q.after.completeness, Some(0.75));
        assert_eq!(q.before.consistency, Some(4.0 / 6.0));
        assert_eq!(q.after.consistency, Some(5.0 / 6.0));
        assert_eq!(email.before.consistency, Some(2.0 / 3.0));
        assert_eq!(q.after.timeliness, None, "no last-contact column");
        assert!(q.score_after >= q.score_before, "{} < {}", q.score_after, q.score_before);
        assert!((0.0..=100.0).contains(&q.score_after));
    }

    #[test]
    fn report_uniqueness_sees_duplicates_that_normalization_reveals() {
        // Without deduplication, which would merge the two Anns.
        let mut profile = Profile::default();
        profile.dedupe.enabled = false;
        let out = run_with("email\nANN@example.com\nann@example.com\nbob@example.com\n", &profile);
        let email = col(&out.summary.quality, "email");
        assert_eq!((email.distinct_before, email.distinct_after), (3, 2));
        assert_eq!(email.before.uniqueness, Some(1.0));
        assert_eq!(email.after.uniqueness, Some(2.0 / 3.0));
        assert_eq!(out.summary.quality.after.uniqueness, Some(2.0 / 3.0));
    }

    #[test]
    fn report_after_dedupe_counts_the_merged_table() {
        let out = run("email,name\nANN@example.com,Ann Lee\nann@example.com,Ann Lee\nbob@example.com,Bob\n");
        assert_eq!(out.summary.rows_merged, 1);
        let email = col(&out.summary.quality, "email");
        assert_eq!(email.after.uniqueness, Some(1.0));
    }

    #[test]
    fn report_score_shares_out_the_weights_of_measures_that_do_not_apply() {
        let all = Measures { completeness: Some(1.0), validity: Some(1.0), uniqueness: None, consistency: Some(1.0), timeliness: None };
        assert_eq!(all.score(), 100.0);
        let half = Measures { completeness: Some(0.5), validity: Some(0.5), uniqueness: None, consistency: Some(0.5), timeliness: None };
        assert_eq!(half.score(), 50.0);
        let mixed = Measures { completeness: Some(1.0), validity: Some(0.0), uniqueness: Some(1.0), consistency: Some(1.0), timeliness: Some(1.0) };
        assert_eq!(mixed.score(), 65.0);
        assert_eq!(Measures::default().score(), 100.0);
        let w = WEIGHTS;
        assert!((w.completeness + w.validity + w.uniqueness + w.consistency + w.timeliness - 1.0).abs() < 1e-9);
    }

    #[test]
    fn report_hash_tells_values_apart() {
        let mut seen = HashSet64::default();
        for i in 0..200_000u32 {
            assert!(seen.insert(hash(&format!("user{i}@example.com"))), "user{i}");
            assert!(seen.insert(hash(&format!("+86138{i:08}"))), "phone {i}");
        }
        for s in ["", "a", "a\0", "\0a", "12345678", "123456789", "王芳", "王 芳"] {
            assert!(seen.insert(hash(s)), "{s:?}");
        }
        assert_eq!(hash("same"), hash("same"));
    }

    #[test]
    fn report_of_an_empty_table() {
        let out = run("a,b\n");
        let q = &out.summary.quality;
        assert_eq!(q.rows, 0);
        assert_eq!(q.after.completeness, None);
        assert_eq!(q.score_after, 100.0);
    }
}
