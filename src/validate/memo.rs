//! A per-column memo of verdicts, so that a value seen before is not
//! validated again.
//!
//! CRM columns repeat themselves: a million rows hold a few hundred cities,
//! countries, job titles and dates, and many companies. Validating a value is
//! a pure function of the value and the row's region (everything else in
//! [`super::column::ValueOptions`] is fixed for a column), so the verdict of
//! a repeated value can be reused. Columns of unique values (emails,
//! phones, notes) would only pay for hashing and storing every value, so the
//! memo watches its own hit rate and switches itself off when it does not
//! pay, and it stops growing at [`MAX_ENTRIES`] to bound its memory.

use rustc_hash::FxHashMap;

use super::Verdict;

/// Most distinct values remembered per column.
pub const MAX_ENTRIES: usize = 1 << 16;

/// Lookups after which the hit rate is judged.
const TRIAL: u32 = 4096;

/// Below this share of hits (in 1/16ths) after the trial, the memo turns off.
const MIN_HITS_SIXTEENTHS: u32 = 2;

/// Verdicts by (cleaned value, row region).
#[derive(Debug, Default)]
pub struct VerdictMemo {
    index: FxHashMap<(Box<str>, Option<&'static str>), u32>,
    verdicts: Vec<Verdict>,
    lookups: u32,
    hits: u32,
    off: bool,
}

impl VerdictMemo {
    /// An empty memo, on.
    pub fn new() -> VerdictMemo {
        VerdictMemo::default()
    }

    /// The remembered verdict of `value` in `region`, or the one `validate`
    /// gives (remembered when the memo is on and not full).
    pub fn get_or_validate<'m, F>(
        &'m mut self,
        value: &str,
        region: Option<&'static str>,
        validate: F,
        scratch: &'m mut Option<Verdict>,
    ) -> &'m Verdict
    where
        F: FnOnce() -> Verdict,
    {
        if self.off {
            return scratch.insert(validate());
        }
        self.lookups += 1;
        let key = (value, region);
        if let Some(&i) = self.index.get(&key as &dyn MemoKey) {
            self.hits += 1;
            return &self.verdicts[i as usize];
        }
        self.judge_trial();
        let verdict = validate();
        if self.off || self.verdicts.len() >= MAX_ENTRIES {
            return scratch.insert(verdict);
        }
        let i = self.verdicts.len();
        self.index.insert((value.into(), region), i as u32);
        self.verdicts.push(verdict);
        &self.verdicts[i]
    }

    /// After the trial, turns the memo off (and frees it) if too few lookups hit.
    fn judge_trial(&mut self) {
        if self.lookups == TRIAL && self.hits * 16 < self.lookups * MIN_HITS_SIXTEENTHS {
            self.off = true;
            self.index = FxHashMap::default();
            self.verdicts = Vec::new();
        }
    }

    /// Whether the memo gave up on this column.
    pub fn is_off(&self) -> bool {
        self.off
    }
}

/// Lets the map be searched with borrowed `(&str, region)` keys without
/// allocating a `Box<str>` per lookup.
trait MemoKey {
    fn key(&self) -> (&str, Option<&'static str>);
}

impl MemoKey for (Box<str>, Option<&'static str>) {
    fn key(&self) -> (&str, Option<&'static str>) {
        (&self.0, self.1)
    }
}

impl MemoKey for (&str, Option<&'static str>) {
    fn key(&self) -> (&str, Option<&'static str>) {
        (self.0, self.1)
    }
}

impl<'a> std::borrow::Borrow<dyn MemoKey + 'a> for (Box<str>, Option<&'static str>) {
    fn borrow(&self) -> &(dyn MemoKey + 'a) {
        self
    }
}

impl PartialEq for dyn MemoKey + '_ {
    fn eq(&self, other: &Self) -> bool {
        self.key() == other.key()
    }
}

impl Eq for dyn MemoKey + '_ {}

impl std::hash::Hash for dyn MemoKey + '_ {
    fn hash<H: std::hash::Hasher>(&self, state: &mut H) {
        self.key().hash(state);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_repeated_value_is_validated_once() {
        let mut memo = VerdictMemo::new();
        let mut calls = 0;
        for _ in 0..3 {
            let mut scratch = None;
            let v = memo.get_or_validate("Beijing", Some("CN"), || {
                calls += 1;
                Verdict::ok("Beijing")
            }, &mut scratch);
            assert_eq!(v.normalized.as_deref(), Some("Beijing"));
        }
        assert_eq!(calls, 1);
    }

    #[test]
    fn the_region_is_part_of_the_key() {
        let mut memo = VerdictMemo::new();
        let mut calls = 0;
        for region in [Some("CN"), Some("US"), None, Some("CN")] {
            let mut scratch = None;
            memo.get_or_validate("010-1234", region, || {
                calls += 1;
                Verdict::ok(region.unwrap_or("-"))
            }, &mut scratch);
        }
        assert_eq!(calls, 3);
    }

    #[test]
    fn unique_values_switch_the_memo_off() {
        let mut memo = VerdictMemo::new();
        for i in 0..(TRIAL as usize + 10) {
            let mut scratch = None;
            let value = format!("user{i}@example.com");
            let v = memo.get_or_validate(&value, None, || Verdict::ok(value.as_str()), &mut scratch);
            assert_eq!(v.normalized.as_deref(), Some(value.as_str()));
        }
        assert!(memo.is_off());
    }

    #[test]
    fn repeated_values_keep_it_on() {
        let mut memo = VerdictMemo::new();
        for i in 0..(TRIAL as usize * 2) {
            let mut scratch = None;
            let value = format!("city{}", i % 50);
            memo.get_or_validate(&value, None, || Verdict::ok(value.as_str()), &mut scratch);
        }
        assert!(!memo.is_off());
    }
}
