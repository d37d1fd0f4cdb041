//! Golden records: one row per cluster, each column's value chosen from the
//! cluster's members by a survivorship rule.
//!
//! [`pick_survivor_row`] chooses the record that is kept (its id, its
//! position in the output); [`survive`] chooses each column's value, which
//! may come from any member: the newest address, the email most records
//! agree on, every note joined. [`default_rule_for`] and
//! [`default_rule_for_column`] give each column type a sensible rule.
//!
//! Common to all rules: values are compared with surrounding whitespace
//! trimmed, and returned trimmed; an empty value never wins unless every
//! value is empty (the result is then empty); remaining ties go to the
//! earliest row. Dates are compared as strings, which orders ISO 8601
//! dates and date-times (`2024-03-01`, `2024-03-01T09:30:00`) correctly; an
//! empty date counts as unknown.

use std::collections::HashMap;

use serde::{Deserialize, Serialize};

/// How a column's value is chosen among a cluster's members.
///
/// Serialized in snake case: `"most_recent"`, `{"join_unique": "; "}`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Survivorship {
    /// The value that contains the most of the others: `Ann M. Lee` over
    /// `Ann Lee`, `1 Main St, Apt 4` over `1 Main St`, `北京市朝阳区建国路88号`
    /// over `北京市朝阳区`. A value contains another when each of the
    /// other's words (runs of letters and digits, lower-cased) occurs in it.
    /// Ties go to the value with more letters and digits, then the earliest
    /// row.
    MostComplete,
    /// The value of the record with the latest date. Records without a date
    /// lose to those with one; with no dates at all, the last non-empty
    /// value in row order, as exports list records oldest first.
    MostRecent,
    /// The value most members share: a typo occurs once, the real address
    /// in several records. Ties go to the value seen with the latest date,
    /// then to the earliest row.
    MostFrequent,
    /// The value with the most characters (not bytes: `欧阳娜娜` is four).
    Longest,
    /// The value of the oldest record: the earliest date, or without dates
    /// the earliest row.
    Oldest,
    /// Every distinct value, in row order, joined by the separator. Values
    /// already joined by the same separator are split first, so merging
    /// merged records repeats nothing.
    JoinUnique(String),
}

/// The value a cluster's golden record gets under `rule`.
///
/// `values` holds one value per member, in row order; `dates`, if given,
/// the matching date per member (the date that says how current, or how
/// old, each record is; only `MostRecent`, `MostFrequent` and `Oldest` read
/// it). A `dates` shorter than `values` leaves the rest undated.
pub fn survive(values: &[&str], dates: Option<&[&str]>, rule: &Survivorship) -> String {
    let candidates: Vec<usize> = (0..values.len()).filter(|&i| !trimmed(values, i).is_empty()).collect();
    if candidates.is_empty() {
        return String::new();
    }
    let date = |i: usize| date_at(dates, i);
    let winner = match rule {
        Survivorship::MostComplete => most_complete(values, &candidates),
        Survivorship::MostRecent => most_recent(&candidates, date),
        Survivorship::MostFrequent => most_frequent(values, &candidates, date),
        Survivorship::Longest => first_max_by_key(&candidates, |i| trimmed(values, i).chars().count()),
        Survivorship::Oldest => oldest(&candidates, date),
        Survivorship::JoinUnique(separator) => return join_unique(values, &candidates, separator),
    };
    trimmed(values, winner).to_string()
}

/// `values[i]`, trimmed; empty if out of range.
fn trimmed<'a>(values: &[&'a str], i: usize) -> &'a str {
    values.get(i).map_or("", |v| v.trim())
}

/// Member `i`'s date, if it has a non-empty one.
fn date_at<'a>(dates: Option<&[&'a str]>, i: usize) -> Option<&'a str> {
    dates?.get(i).map(|d| d.trim()).filter(|d| !d.is_empty())
}

/// The first candidate with the largest key.
fn first_max_by_key<K: PartialOrd>(candidates: &[usize], key: impl Fn(usize) -> K) -> usize {
    let mut best = candidates.first().copied().unwrap_or(0);
    let mut best_key = key(best);
    for &i in candidates.iter().skip(1) {
        let k = key(i);
        // Strictly greater: on a tie the earlier row keeps its place.
        if k > best_key {
            best = i;
            best_key = k;
        }
    }
    best
}

/// See [`Survivorship::MostRecent`].
fn most_recent<'a>(candidates: &[usize], date: impl Fn(usize) -> Option<&'a str>) -> usize {
    if candidates.iter().all(|&i| date(i).is_none()) {
        return candidates.last().copied().unwrap_or(0);
    }
    // `None < Some(_)`, so undated records lose to dated ones.
    first_max_by_key(candidates, date)
}

/// See [`Survivorship::Oldest`].
fn oldest<'a>(candidates: &[usize], date: impl Fn(usize) -> Option<&'a str>) -> usize {
    let dated: Vec<usize> = candidates.iter().copied().filter(|&i| date(i).is_some()).collect();
    if dated.is_empty() {
        return candidates.first().copied().unwrap_or(0);
    }
    // The latest of the reversed order is the earliest date.
    first_max_by_key(&dated, |i| std::cmp::Reverse(date(i)))
}

/// See [`Survivorship::MostFrequent`].
fn most_frequent<'a>(values: &[&str], candidates: &[usize], date: impl Fn(usize) -> Option<&'a str>) -> usize {
    // value -> (count, first member holding it, latest date seen with it)
    let mut seen: HashMap<&str, (usize, usize, Option<&'a str>)> = HashMap::new();
    for &i in candidates {
        let entry = seen.entry(trimmed(values, i)).or_insert((0, i, None));
        entry.0 += 1;
        entry.2 = entry.2.max(date(i));
    }
    let firsts: Vec<usize> =
        candidates.iter().copied().filter(|&i| seen.get(trimmed(values, i)).is_some_and(|e| e.1 == i)).collect();
    first_max_by_key(&firsts, |i| seen.get(trimmed(values, i)).map(|&(count, _, latest)| (count, latest)))
}

/// More distinct values than this and [`Survivorship::MostComplete`] stops
/// comparing every value with every other (a quadratic cost) and takes the
/// value with most letters and digits.
const COVERAGE_LIMIT: usize = 64;

/// See [`Survivorship::MostComplete`].
fn most_complete(values: &[&str], candidates: &[usize]) -> usize {
    let distinct = first_of_each(values, candidates);
    if distinct.len() > COVERAGE_LIMIT {
        return first_max_by_key(&distinct, |i| content_len(trimmed(values, i)));
    }
    let lower: Vec<String> = distinct.iter().map(|&i| trimmed(values, i).to_lowercase()).collect();
    let covered = |a: usize| {
        let haystack = lower.get(a).map_or("", String::as_str);
        lower.iter().enumerate().filter(|&(b, needle)| b != a && covers(haystack, needle)).count()
    };
    let positions: Vec<usize> = (0..distinct.len()).collect();
    let best = first_max_by_key(&positions, |a| (covered(a), content_len(lower.get(a).map_or("", String::as_str))));
    distinct.get(best).copied().unwrap_or(0)
}

/// The first member holding each distinct value, in row order.
fn first_of_each(values: &[&str], candidates: &[usize]) -> Vec<usize> {
    let mut seen = std::collections::HashSet::new();
    candidates.iter().copied().filter(|&i| seen.insert(trimmed(values, i))).collect()
}

/// Whether every word of `needle` occurs in `haystack` (both lower-cased).
fn covers(haystack: &str, needle: &str) -> bool {
    words(needle).all(|word| haystack.contains(word))
}

/// The runs of letters and digits in `s`. CJK text has no spaces, so a
/// Chinese address is one word and containment is a substring test.
fn words(s: &str) -> impl Iterator<Item = &str> {
    s.split(|c: char| !c.is_alphanumeric()).filter(|w| !w.is_empty())
}

/// The number of letters and digits in `s`.
fn content_len(s: &str) -> usize {
    s.chars().filter(|c| c.is_alphanumeric()).count()
}

/// See [`Survivorship::JoinUnique`].
fn join_unique<'a>(values: &[&'a str], candidates: &[usize], separator: &str) -> String {
    // Split on the separator's visible part ("; " splits on ";") unless it
    // is all whitespace, which would split the words of every note.
    let split_on = separator.trim();
    let mut seen = std::collections::HashSet::new();
    let mut parts: Vec<&str> = Vec::new();
    let mut add = |piece: &'a str| {
        let piece = piece.trim();
        if !piece.is_empty() && seen.insert(piece) {
            parts.push(piece);
        }
    };
    for &i in candidates {
        let value = trimmed(values, i);
        if split_on.is_empty() {
            add(value);
        } else {
            value.split(split_on).for_each(&mut add);
        }
    }
    parts.join(separator)
}

/// The row kept as a cluster's survivor: the most complete record (by the
/// caller's `completeness`, say the number of non-empty cells), ties to the
/// most recent date when `dates` (one per member, as in [`survive`]) are
/// given, then to the earliest row. `None` only for no members.
pub fn pick_survivor_row(
    members: &[usize],
    completeness: impl Fn(usize) -> usize,
    dates: Option<&[&str]>,
) -> Option<usize> {
    let mut best: Option<(usize, usize, Option<&str>)> = None;
    for (position, &row) in members.iter().enumerate() {
        let candidate = (row, completeness(row), date_at(dates, position));
        best = match best {
            Some(current) if !beats(candidate, current) => Some(current),
            _ => Some(candidate),
        };
    }
    best.map(|(row, _, _)| row)
}

/// Whether survivor candidate `a` beats `b`: `(row, completeness, date)`.
fn beats(a: (usize, usize, Option<&str>), b: (usize, usize, Option<&str>)) -> bool {
    (a.1, a.2, std::cmp::Reverse(a.0)) > (b.1, b.2, std::cmp::Reverse(b.0))
}

/// The default rule for a column of type `type_name` (the profile's type
/// names: `email`, `full_name`, `address`, ...):
///
/// - contact points (`email`, `phone`, `mobile`, `landline`, `url`):
///   [`MostFrequent`](Survivorship::MostFrequent). The address most records
///   agree on is the one in use, a typo occurs once, and ties go to the most
///   recent. Most recent alone would let one mistyped new record win.
/// - names and companies (`full_name`, `given_name`, `family_name`,
///   `company`): [`MostComplete`](Survivorship::MostComplete), so `Ann M.
///   Lee` beats `Ann Lee` and `Acme Ltd` beats `Acme`, where longest would
///   also pick `Smithh` over `Smith`.
/// - where someone is and what they do (`address`, `city`, `province`,
///   `postal_code`, `country`, `job_title`): [`MostRecent`](Survivorship::MostRecent):
///   people move and change jobs. One rule for every address part keeps
///   them from the same record.
/// - `record_id`: [`Oldest`](Survivorship::Oldest), keeping the id other
///   systems have referred to longest.
/// - `date` (birthdays, mostly): `MostFrequent`; `datetime` (timestamps,
///   mostly of activity): `MostRecent`. [`default_rule_for_column`] reads
///   the header for better: created dates are `Oldest`.
/// - `text`: [`JoinUnique("; ")`](Survivorship::JoinUnique), so no note is
///   lost.
/// - anything else (`gender`, `cn_id`, `number`, `category`, unknown
///   names): `MostFrequent`.
pub fn default_rule_for(type_name: &str) -> Survivorship {
    match type_name {
        "full_name" | "given_name" | "family_name" | "company" => Survivorship::MostComplete,
        "address" | "city" | "province" | "postal_code" | "country" | "job_title" | "datetime" => {
            Survivorship::MostRecent
        }
        "record_id" => Survivorship::Oldest,
        "text" => Survivorship::JoinUnique("; ".to_string()),
        _ => Survivorship::MostFrequent,
    }
}

/// Header words that mark a date column as when a record began.
const CREATED_HINTS: [&str; 14] = [
    "created",
    "creation",
    "first",
    "signup",
    "sign_up",
    "sign up",
    "registered",
    "registration",
    "joined",
    "since",
    "创建",
    "注册",
    "首次",
    "加入",
];

/// Header words that mark a date column as when a record was last touched.
const UPDATED_HINTS: [&str; 14] = [
    "last",
    "latest",
    "recent",
    "updated",
    "modified",
    "changed",
    "contacted",
    "activity",
    "最近",
    "最后",
    "更新",
    "修改",
    "上次",
    "跟进",
];

/// [`default_rule_for`], refined by the column's header for dates: a
/// `date` or `datetime` column named like a creation date (`created_at`,
/// `Signup date`, `注册时间`) is [`Oldest`](Survivorship::Oldest), one named
/// like a last-touched date (`Last contact`, `updated_at`, `最近跟进`) is
/// [`MostRecent`](Survivorship::MostRecent). Other types ignore the header,
/// since `Last name` is not a date.
pub fn default_rule_for_column(type_name: &str, column_name: &str) -> Survivorship {
    if !matches!(type_name, "date" | "datetime") {
        return default_rule_for(type_name);
    }
    let header = column_name.to_lowercase();
    if UPDATED_HINTS.iter().any(|hint| header.contains(hint)) {
        Survivorship::MostRecent
    } else if CREATED_HINTS.iter().any(|hint| header.contains(hint)) {
        Survivorship::Oldest
    } else {
        default_rule_for(type_name)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn join(sep: &str) -> Survivorship {
        Survivorship::JoinUnique(sep.to_string())
    }

    #[test]
    fn empty_values_lose_unless_all_are_empty() {
        for rule in [
            Survivorship::MostComplete,
            Survivorship::MostRecent,
            Survivorship::MostFrequent,
            Survivorship::Longest,
            Survivorship::Oldest,
            join("; "),
        ] {
            assert_eq!(
                survive(&["", "  ", "a@x.com", ""], Some(&["2025-01-01", "2026-01-01", "", ""]), &rule),
                "a@x.com"
            );
            assert_eq!(survive(&["", " "], None, &rule), "", "{rule:?}");
            assert_eq!(survive(&[], None, &rule), "", "{rule:?}");
        }
    }

    #[test]
    fn most_complete() {
        let rule = Survivorship::MostComplete;
        assert_eq!(survive(&["Ann Lee", "Ann M. Lee", "A. Lee"], None, &rule), "Ann M. Lee");
        assert_eq!(survive(&["1 Main St", "1 Main St, Apt 4"], None, &rule), "1 Main St, Apt 4");
        assert_eq!(survive(&["北京市朝阳区", "北京市朝阳区建国路88号"], None, &rule), "北京市朝阳区建国路88号");
        // J. Smith is in John Smith, not the other way round.
        assert_eq!(survive(&["J. Smith", "John Smith"], None, &rule), "John Smith");
        // Neither contains the other: more letters, then earliest row.
        assert_eq!(survive(&["Smyth", "Smithe"], None, &rule), "Smithe");
        assert_eq!(survive(&["Smyth", "Smith"], None, &rule), "Smyth");
        // Case does not matter for containment; the value is returned as written.
        assert_eq!(survive(&["ACME", "Acme Ltd"], None, &rule), "Acme Ltd");
    }

    #[test]
    fn most_complete_with_many_distinct_values_stays_linear() {
        let values: Vec<String> = (0..200).map(|i| format!("v{i}")).collect();
        let refs: Vec<&str> = values.iter().map(String::as_str).collect();
        assert_eq!(survive(&refs, None, &Survivorship::MostComplete), "v100");
    }

    #[test]
    fn most_recent() {
        let rule = Survivorship::MostRecent;
        let values = ["Beijing", "Shanghai", "Shenzhen"];
        assert_eq!(survive(&values, Some(&["2024-01-01", "2025-06-30", "2025-01-15"]), &rule), "Shanghai");
        // Date-times order as strings too; undated records lose.
        assert_eq!(survive(&values, Some(&["", "2025-06-30T08:00:00", "2025-06-30T09:00:00"]), &rule), "Shenzhen");
        // Ties: the earliest row.
        assert_eq!(survive(&values, Some(&["2025-01-01", "2025-01-01", ""]), &rule), "Beijing");
        // No dates at all: the last row.
        assert_eq!(survive(&values, None, &rule), "Shenzhen");
        assert_eq!(survive(&values, Some(&["", ""]), &rule), "Shenzhen");
        // The newest record's value being empty does not blank the field.
        assert_eq!(survive(&["Beijing", ""], Some(&["2024-01-01", "2026-01-01"]), &rule), "Beijing");
    }

    #[test]
    fn most_frequent() {
        let rule = Survivorship::MostFrequent;
        assert_eq!(survive(&["a@x.com", "b@x.com", "b@x.com", "a@x.co"], None, &rule), "b@x.com");
        // Whitespace around a value does not make it different.
        assert_eq!(survive(&["a@x.com", " b@x.com", "b@x.com "], None, &rule), "b@x.com");
        // A tie goes to the earliest row without dates...
        assert_eq!(survive(&["a@x.com", "b@x.com"], None, &rule), "a@x.com");
        // ... and to the value seen most recently with them.
        assert_eq!(survive(&["a@x.com", "b@x.com"], Some(&["2024-01-01", "2025-01-01"]), &rule), "b@x.com");
        assert_eq!(survive(&["a", "b", "a", "b"], Some(&["2025-05-01", "2024-01-01", "", "2025-01-01"]), &rule), "a");
    }

    #[test]
    fn longest() {
        let rule = Survivorship::Longest;
        assert_eq!(survive(&["Jon", "Jonathan", "Jonny"], None, &rule), "Jonathan");
        // Characters, not bytes: 欧阳娜娜 is twelve bytes but four characters.
        assert_eq!(survive(&["欧阳娜娜", "Nana"], None, &rule), "欧阳娜娜");
        assert_eq!(survive(&["欧阳娜娜", "Nanas"], None, &rule), "Nanas");
        assert_eq!(survive(&["abc", "xyz"], None, &rule), "abc");
    }

    #[test]
    fn oldest() {
        let rule = Survivorship::Oldest;
        let values = ["C-3", "C-1", "C-2"];
        assert_eq!(survive(&values, Some(&["2024-05-01", "2021-02-03", "2023-01-01"]), &rule), "C-1");
        assert_eq!(survive(&values, None, &rule), "C-3");
        assert_eq!(survive(&values, Some(&["", "", "2023-01-01"]), &rule), "C-2");
        assert_eq!(survive(&values, Some(&["2023-01-01", "", "2023-01-01"]), &rule), "C-3");
    }

    #[test]
    fn join_unique() {
        assert_eq!(survive(&["VIP", "", "call back", "VIP"], None, &join("; ")), "VIP; call back");
        // Already-joined values are split, so joining again repeats nothing.
        assert_eq!(
            survive(&["VIP; call back", "call back", "new lead"], None, &join("; ")),
            "VIP; call back; new lead"
        );
        // A blank separator does not split values into words.
        assert_eq!(survive(&["a b", "a"], None, &join(" ")), "a b a");
        assert_eq!(survive(&["x", "y"], None, &join(" | ")), "x | y");
    }

    #[test]
    fn survivorship_serde() {
        assert_eq!(serde_json::to_string(&join("; ")).unwrap(), r#"{"join_unique":"; "}"#);
        assert_eq!(serde_json::to_string(&Survivorship::MostRecent).unwrap(), r#""most_recent""#);
        let rule: Survivorship = serde_json::from_str(r#"{"join_unique": " / "}"#).unwrap();
        assert_eq!(rule, join(" / "));
        assert_eq!(serde_json::from_str::<Survivorship>(r#""most_complete""#).unwrap(), Survivorship::MostComplete);
    }

    #[test]
    fn survivor_row() {
        let filled = |row: usize| [3, 5, 5, 2][row];
        assert_eq!(pick_survivor_row(&[0, 1, 2, 3], filled, None), Some(1));
        assert_eq!(pick_survivor_row(&[0, 1, 2, 3], filled, Some(&["", "2024-01-01", "2025-01-01", ""])), Some(2));
        assert_eq!(pick_survivor_row(&[3, 2, 1], filled, None), Some(1));
        assert_eq!(pick_survivor_row(&[], filled, None), None);
    }

    #[test]
    fn default_rules() {
        assert_eq!(default_rule_for("email"), Survivorship::MostFrequent);
        assert_eq!(default_rule_for("mobile"), Survivorship::MostFrequent);
        assert_eq!(default_rule_for("full_name"), Survivorship::MostComplete);
        assert_eq!(default_rule_for("address"), Survivorship::MostRecent);
        assert_eq!(default_rule_for("record_id"), Survivorship::Oldest);
        assert_eq!(default_rule_for("text"), join("; "));
        assert_eq!(default_rule_for("no_such_type"), Survivorship::MostFrequent);
        assert_eq!(default_rule_for_column("date", "Created at"), Survivorship::Oldest);
        assert_eq!(default_rule_for_column("datetime", "注册时间"), Survivorship::Oldest);
        assert_eq!(default_rule_for_column("date", "Last contact"), Survivorship::MostRecent);
        assert_eq!(default_rule_for_column("date", "最近跟进日期"), Survivorship::MostRecent);
        assert_eq!(default_rule_for_column("date", "Birthday"), Survivorship::MostFrequent);
        assert_eq!(default_rule_for_column("family_name", "Last name"), Survivorship::MostComplete);
    }
}
