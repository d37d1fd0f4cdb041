//! Anonymization and pseudonymization: the last stage of a run. Per column
//! the profile chooses what happens to personal data before a file is
//! saved (keep, drop, redact, mask, pseudonym, generalize, date shift,
//! fake), and the stage measures, and on request enforces, k-anonymity
//! over the quasi-identifiers.
//!
//! It works on the final table, after validation, normalization and
//! deduplication, and it also cleans up after them: the change and issue
//! logs and the rows rejected while reading hold original values, so for
//! anonymized columns those are blanked here, and the anonymization's own
//! changes are only counted, never logged with the value they replaced.

pub mod fake;
pub mod generalize;
pub mod kanon;
pub mod key;
pub mod mask;
pub mod pseudonym;
pub mod settings;

use std::collections::BTreeSet;

use serde::Serialize;

use crate::error::{Error, Result};
use crate::ledger::{ChangeLog, IssueLog};
use crate::profile::{ColumnType, Profile};
use crate::read::{Problem, RejectedRow};
use crate::table::{Column, Table};
use crate::validate::Issue;

pub use kanon::{Class, Generalized, Risk};
pub use key::Key;
pub use settings::{AnonymizeOptions, EnforceK, Transform};

/// Reason written for rows suppressed to reach k.
pub const K_SUPPRESSED: &str = "anonymize.k_suppressed";

/// How many of the smallest classes the report lists.
const SMALLEST_CLASSES: usize = 5;

/// What the stage works on: the run's table and everything that could still carry original values.
pub struct Run<'a> {
    /// The table, after every earlier stage.
    pub table: &'a mut Table,
    /// Rows kept out of the output; suppressed rows are added here.
    pub rejected: &'a mut Vec<RejectedRow>,
    /// Changes made by earlier stages.
    pub changes: &'a mut ChangeLog,
    /// Problems found by earlier stages.
    pub issues: &'a mut IssueLog,
    /// Problems found while reading, which quote the raw text of their line.
    pub problems: &'a mut Vec<Problem>,
    /// Rows merged away by deduplication: the logs number them after the
    /// table's rows, and they keep their entries (blanked like the rest).
    pub merged_rows: usize,
}

/// What the stage did, for the summary.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct AnonymizeReport {
    /// Each column with a transform other than `keep`.
    pub columns: Vec<ColumnReport>,
    /// Rows rejected while reading whose fields were removed, because a
    /// malformed row's fields cannot be trusted to sit in their columns.
    pub rejected_fields_removed: u64,
    /// Reading problems whose excerpt of the raw line was removed.
    pub problem_excerpts_removed: u64,
    /// Issue values and suggestions blanked because their column is anonymized.
    pub issue_values_blanked: u64,
    /// Change log entries whose before and after were blanked for the same reason.
    pub change_values_blanked: u64,
    /// The k-anonymity check, when quasi-identifiers are given.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub risk: Option<RiskReport>,
}

/// What happened to one column.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ColumnReport {
    /// Header.
    pub name: String,
    /// Transform name (`mask`, `pseudonym`...).
    pub transform: &'static str,
    /// Non-empty cells whose value the transform changed.
    pub cells_changed: u64,
    /// Non-empty cells the transform could not read (a date that is not a
    /// date): written empty, so their original value does not leak.
    pub cells_unreadable: u64,
}

/// The re-identification check.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct RiskReport {
    /// The columns grouped by.
    pub quasi_identifiers: Vec<String>,
    /// The k the profile asks for.
    pub k_target: usize,
    /// `off`, `suppress` or `generalize`.
    pub enforce_k: EnforceK,
    /// Before enforcing (the classes' values are not listed: they would
    /// name the records enforcement hides).
    pub before: Risk,
    /// The output as written, with its most identifying combinations.
    pub after: Risk,
    /// Columns generalized further, and how far.
    pub generalized: Vec<Generalized>,
    /// Rows moved to the rejected rows with reason `anonymize.k_suppressed`.
    pub rows_suppressed: u64,
}

/// The table's columns as the stage needs them: resolved indices and types.
struct Plan<'a> {
    /// (column index, type, transform) for every transform but `keep`.
    transforms: Vec<(usize, ColumnType, &'a Transform)>,
    /// Indices of the quasi-identifiers.
    quasi: Vec<usize>,
    /// Index of the date-shift person column.
    person: Option<usize>,
}

/// Runs the stage with the profile's `anonymize` settings and key, on
/// `today` (for age bands; `(0, 0, 0)` when unknown). `None` when the
/// profile asks for no anonymization.
pub fn anonymize(run: Run<'_>, profile: &Profile, today: (i32, u32, u32)) -> Result<Option<AnonymizeReport>> {
    let options = &profile.anonymize;
    if options.is_off() {
        return Ok(None);
    }
    let plan = plan(run.table, profile)?;
    let key = options.key.as_ref();
    if options.needs_key() && key.is_none() {
        return Err(Error::Key(
            "pseudonym, fake and date_shift need a key: give --key-file or CRM_CLEANER_KEY \
             (make one with `crm-cleaner keygen`), or call setKey on the page"
                .into(),
        ));
    }
    let offsets = shift_offsets(run.table, &plan, options, key);
    let mut report = AnonymizeReport::default();
    for &(col, kind, transform) in &plan.transforms {
        let cells = Cells { kind, key, offsets: &offsets, today };
        report.columns.push(transform_column(run.table, col, transform, &cells)?);
    }
    let mut suppressed = Vec::new();
    if !plan.quasi.is_empty() {
        let risk;
        (risk, suppressed) = check_k(run.table, &plan.quasi, options)?;
        report.risk = Some(risk);
    }
    clean_up(run, &plan, &suppressed, &mut report)?;
    Ok(Some(report))
}

/// Takes what must not be written out of the table, the logs and the
/// rejected rows: dropped columns, suppressed rows (which join the rejected
/// rows), logged values of anonymized columns, fields of malformed rows and
/// the raw excerpts of reading problems.
fn clean_up(run: Run<'_>, plan: &Plan<'_>, suppressed: &[usize], report: &mut AnonymizeReport) -> Result<()> {
    let blanked: BTreeSet<usize> =
        plan.transforms.iter().map(|t| t.0).chain(generalized_columns(run.table, report)).collect();
    let dropped: BTreeSet<usize> = plan.transforms.iter().filter(|t| *t.2 == Transform::Drop).map(|t| t.0).collect();
    let maps = IndexMaps::new(run.table, &dropped, suppressed, run.merged_rows);
    (report.change_values_blanked, report.issue_values_blanked) =
        rewrite_logs(run.changes, run.issues, &maps, &blanked);
    if !plan.transforms.is_empty() {
        report.rejected_fields_removed = clear_rejected_fields(run.rejected);
        report.problem_excerpts_removed = clear_problem_excerpts(run.problems);
    }
    let rows = rebuild(run.table, &maps)?;
    run.rejected.extend(rows);
    // Kept in input order: `Cleaned::source_rows` merges the two lists by line.
    run.rejected.sort_by_key(|r| r.line);
    Ok(())
}

/// Resolves the settings' column names against the table; fails on a name
/// the file does not have and on a fake for a type without fakes.
fn plan<'a>(table: &Table, profile: &'a Profile) -> Result<Plan<'a>> {
    let options = &profile.anonymize;
    let index = |name: &str, what: &str| {
        table.headers().position(|h| h == name).ok_or_else(|| {
            let headers: Vec<&str> = table.headers().collect();
            Error::Profile(format!(
                "anonymize.{what} names {name:?}, which the file does not have (columns: {})",
                headers.join(", ")
            ))
        })
    };
    let kind = |name: &str| profile.columns.iter().find(|c| c.name == name).map_or(ColumnType::Text, |c| c.kind);
    let mut transforms = Vec::new();
    for (name, transform) in options.columns.iter().filter(|(_, t)| **t != Transform::Keep) {
        let col = index(name, "columns")?;
        if *transform == Transform::Fake && !fake::supports(kind(name)) {
            return Err(Error::Profile(format!(
                "anonymize.columns.{name:?}: fake replaces names, emails and phones; this column is {}",
                kind(name).as_str()
            )));
        }
        transforms.push((col, kind(name), transform));
    }
    transforms.sort_by_key(|t| t.0);
    let quasi = options.quasi_identifiers.iter().map(|q| index(q, "quasi_identifiers")).collect::<Result<_>>()?;
    let person = options.date_shift.person.as_deref().map(|p| index(p, "date_shift.person")).transpose()?;
    Ok(Plan { transforms, quasi, person })
}

/// Each row's date shift in days, from the key and the person column's
/// original value (or, when that is empty, the whole original row): never
/// 0, at most `max_days` either way. Empty when nothing is shifted.
fn shift_offsets(table: &Table, plan: &Plan<'_>, options: &AnonymizeOptions, key: Option<&Key>) -> Vec<i64> {
    let (Some(key), Some(person)) = (key, plan.person) else { return Vec::new() };
    if !plan.transforms.iter().any(|t| *t.2 == Transform::DateShift) {
        return Vec::new();
    }
    let span = u64::from(options.date_shift.max_days);
    (0..table.rows())
        .map(|row| {
            let id = table.cell(row, person).trim().to_lowercase();
            let mac = if id.is_empty() {
                let cells: Vec<&[u8]> = (0..table.width()).map(|c| table.cell(row, c).as_bytes()).collect();
                key.mac("date_shift.row", &cells)
            } else {
                key.mac("date_shift", &[id.as_bytes()])
            };
            let n = u64::from_le_bytes([mac[0], mac[1], mac[2], mac[3], mac[4], mac[5], mac[6], mac[7]]);
            let days = (1 + (n >> 1) % span) as i64;
            if n & 1 == 0 {
                days
            } else {
                -days
            }
        })
        .collect()
}

/// What a cell's transform may need besides the value.
struct Cells<'a> {
    kind: ColumnType,
    key: Option<&'a Key>,
    offsets: &'a [i64],
    today: (i32, u32, u32),
}

impl Cells<'_> {
    /// The transformed value; `None` when the value cannot be read for the transform.
    fn apply(&self, transform: &Transform, row: usize, value: &str) -> Option<String> {
        let key = self.key;
        match transform {
            Transform::Keep | Transform::Drop => Some(value.to_string()),
            Transform::Redact(r) => Some(r.text.clone()),
            Transform::Mask(m) => Some(mask::mask(self.kind, value, m)).filter(|s| !s.is_empty()),
            Transform::Pseudonym(p) => key.map(|key| pseudonym::token(key, self.kind, value, p)),
            Transform::Generalize(g) => generalize::generalize(value, g, self.today),
            Transform::DateShift => generalize::shift_date(value, *self.offsets.get(row)?),
            Transform::Fake => key.and_then(|key| fake::fake(key, self.kind, value)),
            // Refused by the profile check; written empty should one get here.
            Transform::Hash(_) => None,
        }
    }
}

/// Replaces column `col` with its transformed values; empty cells stay
/// empty (they say nothing about anyone). `drop` only counts here.
fn transform_column(table: &mut Table, col: usize, transform: &Transform, cells: &Cells<'_>) -> Result<ColumnReport> {
    let Some(current) = table.column(col) else {
        return Err(Error::Profile(format!("anonymize: no column {col}")));
    };
    let mut report = ColumnReport {
        name: current.name().to_string(),
        transform: transform.name(),
        cells_changed: 0,
        cells_unreadable: 0,
    };
    if *transform == Transform::Drop {
        report.cells_changed = current.iter().filter(|v| !v.is_empty()).count() as u64;
        return Ok(report);
    }
    let mut out = Column::with_capacity(current.name(), current.len(), current.text_len());
    for (row, value) in current.iter().enumerate() {
        let new = if value.is_empty() { Some(String::new()) } else { cells.apply(transform, row, value) };
        report.cells_unreadable += u64::from(new.is_none());
        let new = new.unwrap_or_default();
        report.cells_changed += u64::from(new != value);
        out.push(&new)?;
    }
    table.replace_column(col, out);
    Ok(report)
}

/// Measures k, enforces it as asked, measures again; returns the report
/// and the rows to suppress (ascending).
fn check_k(table: &mut Table, quasi: &[usize], options: &AnonymizeOptions) -> Result<(RiskReport, Vec<usize>)> {
    let k = options.k;
    let (before, mut below) = kanon::measure(table, quasi, k, 0, &[]);
    let mut generalized = Vec::new();
    if options.enforce_k == EnforceK::Generalize && !below.is_empty() {
        generalized = kanon::generalize_to_k(table, quasi, k)?;
        below = kanon::measure(table, quasi, k, 0, &[]).1;
    }
    let suppressed = if options.enforce_k == EnforceK::Off { Vec::new() } else { below };
    // Suppressing whole classes leaves the others as they were, so the
    // remaining rows' risk is measured without them.
    let after = kanon::measure(table, quasi, k, SMALLEST_CLASSES, &suppressed).0;
    let report = RiskReport {
        quasi_identifiers: options.quasi_identifiers.clone(),
        k_target: k,
        enforce_k: options.enforce_k,
        before,
        after,
        generalized,
        rows_suppressed: suppressed.len() as u64,
    };
    Ok((report, suppressed))
}

/// Quasi-identifier columns that enforcement generalized: their logged values must go too.
fn generalized_columns(table: &Table, report: &AnonymizeReport) -> Vec<usize> {
    let steps = report.risk.iter().flat_map(|r| &r.generalized);
    steps.filter_map(|g| table.headers().position(|h| h == g.column)).collect()
}

/// Old row and column indices to new ones, once dropped columns and suppressed rows are gone.
struct IndexMaps {
    rows: Vec<Option<u32>>,
    columns: Vec<Option<u32>>,
}

impl IndexMaps {
    fn new(table: &Table, dropped: &BTreeSet<usize>, suppressed: &[usize], merged_rows: usize) -> IndexMaps {
        let renumber = |len: usize, gone: &dyn Fn(usize) -> bool| {
            let mut next = 0u32;
            (0..len)
                .map(|i| {
                    if gone(i) {
                        return None;
                    }
                    next += 1;
                    Some(next - 1)
                })
                .collect()
        };
        IndexMaps {
            rows: renumber(table.rows() + merged_rows, &|r| suppressed.binary_search(&r).is_ok()),
            columns: renumber(table.width(), &|c| dropped.contains(&c)),
        }
    }

    fn row(&self, row: usize) -> Option<usize> {
        self.rows.get(row).copied().flatten().map(|r| r as usize)
    }

    fn column(&self, col: usize) -> Option<usize> {
        self.columns.get(col).copied().flatten().map(|c| c as usize)
    }

    fn changes_anything(&self) -> bool {
        self.rows.iter().chain(&self.columns).any(Option::is_none)
    }
}

/// Rebuilds both logs for the new row and column numbers, leaving out
/// entries of suppressed rows and dropped columns, and blanking the values
/// of anonymized columns and of whole-row issues (those can quote any
/// column). Returns how many changes and issues were blanked.
fn rewrite_logs(
    changes: &mut ChangeLog,
    issues: &mut IssueLog,
    maps: &IndexMaps,
    blanked: &BTreeSet<usize>,
) -> (u64, u64) {
    let (mut changes_blanked, mut issues_blanked) = (0, 0);
    let mut new_changes = ChangeLog::default();
    for c in changes.iter() {
        let (Some(row), Some(col)) = (maps.row(c.row), maps.column(c.column)) else { continue };
        let blank = blanked.contains(&c.column);
        changes_blanked += u64::from(blank);
        let (before, after) = if blank { ("", "") } else { (c.before, c.after) };
        new_changes.push(row, col, before, after, c.rule);
    }
    *changes = new_changes;
    let mut new_issues = IssueLog::default();
    for i in issues.iter() {
        let Some(row) = maps.row(i.row) else { continue };
        let col = match i.column {
            Some(c) => match maps.column(c) {
                Some(new) => Some(new),
                None => continue,
            },
            None => None,
        };
        let blank = i.column.is_none_or(|c| blanked.contains(&c));
        issues_blanked += u64::from(blank && (!i.value.is_empty() || i.suggestion.is_some()));
        let issue =
            Issue { code: crate::validate::static_code(i.code), severity: i.severity, en: i.message.into(), zh: i.message_zh.into() };
        let (value, suggestion) = if blank { ("", None) } else { (i.value, i.suggestion) };
        new_issues.push(row, col, &issue, value, suggestion);
    }
    *issues = new_issues;
    (changes_blanked, issues_blanked)
}

/// Removes the fields of rows rejected while reading; returns how many rows had any.
fn clear_rejected_fields(rejected: &mut [RejectedRow]) -> u64 {
    let mut cleared = 0;
    for row in rejected.iter_mut().filter(|r| !r.fields.is_empty()) {
        row.fields.clear();
        cleared += 1;
    }
    cleared
}

/// Removes the raw line excerpts of reading problems; returns how many there were.
fn clear_problem_excerpts(problems: &mut [Problem]) -> u64 {
    let mut cleared = 0;
    for problem in problems.iter_mut().filter(|p| !p.raw.is_empty()) {
        problem.raw.clear();
        cleared += 1;
    }
    cleared
}

/// Rebuilds the table without dropped columns and suppressed rows; returns
/// the suppressed rows (with their anonymized values) for the rejected list.
fn rebuild(table: &mut Table, maps: &IndexMaps) -> Result<Vec<RejectedRow>> {
    if !maps.changes_anything() {
        return Ok(Vec::new());
    }
    let kept: Vec<usize> = (0..table.width()).filter(|&c| maps.column(c).is_some()).collect();
    let mut out = Table::new(kept.iter().map(|&c| table.column(c).map_or("", |c| c.name())));
    out.reserve_rows(table.rows());
    let mut suppressed = Vec::new();
    for row in 0..table.rows() {
        let fields = kept.iter().map(|&c| table.cell(row, c));
        match maps.row(row) {
            Some(_) => out.push_row(fields, table.source_line(row))?,
            None => suppressed.push(RejectedRow {
                line: table.source_line(row),
                reason: K_SUPPRESSED.to_string(),
                fields: fields.map(String::from).collect(),
            }),
        }
    }
    *table = out;
    Ok(suppressed)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::pipeline::{clean_on, Cleaned};
    use crate::read::{read_bytes, ReadOptions};
    use crate::validate::column::Context;

    const CSV: &str = "\
id,name,email,phone,city,born,gender
1,张伟,zhang.wei@qq.com,13812345678,Beijing,1990-03-07,M
2,李娜,li.na@163.com,13987654321,Beijing,1990-05-01,M
3,John Smith,JOHN@example.org,+1 415 555 0100,Beijing,1990-09-09,M
4,王芳,wang@qq.com,13700001111,Shanghai,1985-01-01,F
5,,not-an-email,12,Shanghai,1985-02-02,F
6,Ann Lee,ann@lee.cn,13600002222,Shenzhen,1970-07-07,F
";

    fn run(profile: &str, key: Option<u8>) -> Result<Cleaned> {
        let mut profile = Profile::from_json(profile)?;
        profile.anonymize.key = key.map(|b| Key::from_bytes(&[b; 32])).transpose()?;
        let read = read_bytes(CSV.as_bytes(), ReadOptions::default())?;
        clean_on(read, &profile, &Context { today: (2026, 11, 23) }, &mut |_| {})
    }

    fn column(out: &Cleaned, name: &str) -> Vec<String> {
        let col = out.table.headers().position(|h| h == name).unwrap();
        (0..out.table.rows()).map(|r| out.table.cell(r, col).to_string()).collect()
    }

    fn written(out: &Cleaned) -> String {
        let options = &out.profile.output;
        let (mut a, mut b, mut c, mut d) = (Vec::new(), Vec::new(), Vec::new(), Vec::new());
        out.clone().write(options, true, &mut a).unwrap();
        out.write_issues(options, &mut b).unwrap();
        out.write_changes(options, &mut c).unwrap();
        out.write_rejected(options, true, &mut d).unwrap();
        [a, b, c, d].map(|v| String::from_utf8(v).unwrap()).join("\n")
    }

    const MASKS: &str = r#"{"columns": [{"name": "phone", "type": "mobile"}, {"name": "email", "type": "email"}],
        "validate": {"default_region": "CN"},
        "anonymize": {"columns": {
            "name": {"transform": "mask"}, "email": {"transform": "mask"}, "phone": {"transform": "mask"},
            "born": {"transform": "generalize", "to": "year"}, "id": {"transform": "drop"}}}}"#;

    #[test]
    fn masks_and_generalizations_reach_the_output_and_the_report() {
        let out = run(MASKS, None).unwrap();
        assert_eq!(column(&out, "name")[..3], ["张*", "李*", "J*** S****"]);
        assert_eq!(column(&out, "email")[0], "z***@qq.com");
        assert_eq!(column(&out, "phone")[0], "+86 138****5678");
        assert_eq!(column(&out, "born")[3], "1985");
        assert!(!out.table.headers().any(|h| h == "id"), "dropped");
        let report = out.summary.anonymization.as_ref().unwrap();
        let born = report.columns.iter().find(|c| c.name == "born").unwrap();
        assert_eq!((born.transform, born.cells_changed), ("generalize", 6));
        assert_eq!(report.columns.iter().find(|c| c.name == "id").unwrap().transform, "drop");
    }

    #[test]
    fn no_original_value_of_an_anonymized_column_reaches_any_output() {
        let out = run(MASKS, None).unwrap();
        let text = written(&out);
        for original in ["zhang.wei", "JOHN@example.org", "not-an-email", "13812345678", "1990-03-07", "张伟", "Smith"]
        {
            assert!(!text.contains(original), "{original} leaked:\n{text}");
        }
        assert!(out.summary.issues > 0, "the issues are still reported, without values");
        assert!(out.issues.iter().any(|i| i.code.starts_with("email.") && i.value.is_empty()));
        let s = &out.summary;
        assert_eq!(s.rows_in, s.rows_out + s.rows_rejected);
    }

    #[test]
    fn malformed_rows_and_reading_problems_lose_their_text() {
        let mut profile = Profile::from_json(MASKS).unwrap();
        profile.anonymize.key = None;
        let csv = format!("{CSV}7,赵六,zhao@qq.com,13811112222,Beijing,1990-01-01,M,extra\n8,钱七\n");
        let read = read_bytes(csv.as_bytes(), ReadOptions::default()).unwrap();
        let out = clean_on(read, &profile, &Context { today: (2026, 11, 23) }, &mut |_| {}).unwrap();
        assert_eq!(out.rejected.len(), 1);
        assert!(out.rejected[0].fields.is_empty());
        assert_eq!(out.summary.problems.len(), 1, "the short row");
        assert!(out.summary.problems[0].raw.is_empty());
        let report = out.summary.anonymization.as_ref().unwrap();
        assert_eq!((report.rejected_fields_removed, report.problem_excerpts_removed), (1, 1));
        let text = written(&out) + &serde_json::to_string(&out.summary).unwrap();
        assert!(!text.contains("zhao@qq.com") && !text.contains("钱七"), "{text}");
    }

    #[test]
    fn issues_and_changes_follow_their_columns_when_one_is_dropped() {
        let out = run(MASKS, None).unwrap();
        let email = out.table.headers().position(|h| h == "email").unwrap();
        assert!(out.issues.iter().filter(|i| i.code.starts_with("email.")).all(|i| i.column == Some(email)));
    }

    #[test]
    fn pseudonyms_are_stable_for_a_key_and_differ_across_keys() {
        let profile = r#"{"columns": [{"name": "email", "type": "email"}],
            "anonymize": {"columns": {"email": {"transform": "pseudonym", "prefix": "cust_", "length": 12}}}}"#;
        let a = column(&run(profile, Some(1)).unwrap(), "email");
        assert_eq!(a, column(&run(profile, Some(1)).unwrap(), "email"));
        let b = column(&run(profile, Some(2)).unwrap(), "email");
        assert!(a.iter().zip(&b).all(|(x, y)| x != y));
        assert!(a[0].starts_with("cust_") && a[0].len() == 17);
        let e = run(profile, None).unwrap_err().to_string();
        assert!(e.contains("need a key"), "{e}");
    }

    #[test]
    fn date_shifts_keep_each_persons_intervals() {
        let csv_profile = r#"{"columns": [{"name": "born", "type": "date"}],
            "anonymize": {"columns": {"born": {"transform": "date_shift"}}, "date_shift": {"person": "id", "max_days": 30}}}"#;
        let out = run(csv_profile, Some(7)).unwrap();
        let born = column(&out, "born");
        use crate::validate::date::{days_from_civil, parse_date};
        let day = |s: &str| {
            let d = parse_date(s, None).unwrap();
            days_from_civil(d.year, d.month, d.day)
        };
        let shift = day(&born[0]) - day("1990-03-07");
        assert!(shift != 0 && shift.abs() <= 30, "{shift}");
        assert_eq!(born, column(&run(csv_profile, Some(7)).unwrap(), "born"));
    }

    #[test]
    fn suppression_moves_small_classes_to_the_rejected_rows() {
        let profile = r#"{"anonymize": {"quasi_identifiers": ["city", "gender"], "k": 2, "enforce_k": "suppress"}}"#;
        let out = run(profile, None).unwrap();
        let risk = out.summary.anonymization.as_ref().unwrap().risk.as_ref().unwrap();
        assert_eq!((risk.before.k, risk.before.rows_below_k, risk.rows_suppressed), (1, 1, 1));
        assert_eq!((risk.after.k, risk.after.rows_below_k), (2, 0));
        assert!(risk.before.smallest.is_empty(), "the suppressed row's values are not reported");
        assert_eq!(out.rejected.len(), 1);
        assert_eq!((out.rejected[0].reason.as_str(), out.rejected[0].line), (K_SUPPRESSED, 7));
        let s = &out.summary;
        assert_eq!((s.rows_in, s.rows_out, s.rows_rejected), (6, 5, 1));
        assert_eq!(out.source_rows(), (vec![1, 2, 3, 4, 5], vec![6]));
    }

    #[test]
    fn generalization_reaches_k_before_suppressing() {
        let profile = r#"{"columns": [{"name": "born", "type": "date"}],
            "anonymize": {"quasi_identifiers": ["born", "gender"], "k": 2, "enforce_k": "generalize"}}"#;
        let out = run(profile, None).unwrap();
        let risk = out.summary.anonymization.as_ref().unwrap().risk.clone().unwrap();
        assert_eq!(risk.after.rows_below_k, 0);
        assert!(!risk.generalized.is_empty());
        assert_eq!(risk.rows_suppressed as usize, out.rejected.len());
        let s = &out.summary;
        assert_eq!(s.rows_in, s.rows_out + s.rows_rejected);
        assert!(!written(&out).contains("1990-03-07"), "generalized values replace the logged ones");
    }

    #[test]
    fn report_only_changes_nothing() {
        let profile = r#"{"anonymize": {"quasi_identifiers": ["city"], "k": 3}}"#;
        let out = run(profile, None).unwrap();
        let risk = out.summary.anonymization.as_ref().unwrap().risk.clone().unwrap();
        assert_eq!((risk.after.k, risk.after.rows_below_k, risk.rows_suppressed), (1, 3, 0));
        assert_eq!(risk.after.smallest[0], Class { values: vec!["Shenzhen".into()], rows: 1 });
        assert_eq!(out.table.rows(), 6);
    }

    #[test]
    fn profile_refuses_unkeyed_hashes_unknown_columns_and_fakes_of_the_wrong_type() {
        let e = Profile::from_json(r#"{"anonymize": {"columns": {"phone": {"transform": "sha256"}}}}"#).unwrap_err();
        assert!(e.to_string().contains("every possible value"), "{e}");
        let e = run(r#"{"anonymize": {"columns": {"nope": {"transform": "drop"}}}}"#, None).unwrap_err();
        assert!(e.to_string().contains("\"nope\""), "{e}");
        let e = run(r#"{"anonymize": {"columns": {"city": {"transform": "fake"}}}}"#, Some(1)).unwrap_err();
        assert!(e.to_string().contains("fake replaces"), "{e}");
        let e =
            Profile::from_json(r#"{"anonymize": {"columns": {"a": {"transform": "mask", "keep": 3}}}}"#).unwrap_err();
        assert!(e.to_string().contains("keep"), "{e}");
        let e = Profile::from_json(r#"{"anonymize": {"columns": {"d": {"transform": "date_shift"}}}}"#).unwrap_err();
        assert!(e.to_string().contains("date_shift.person"), "{e}");
    }

    #[test]
    fn profiles_without_the_section_are_unchanged() {
        let p = Profile::from_json("{}").unwrap();
        assert!(p.anonymize.is_off());
        assert!(!p.to_json().contains("anonymize"));
        let with = Profile::from_json(MASKS).unwrap();
        assert_eq!(Profile::from_json(&with.to_json()).unwrap(), with);
    }

    #[test]
    fn the_key_is_never_serialized() {
        let mut p = Profile::from_json(MASKS).unwrap();
        p.anonymize.key = Some(Key::from_bytes(&[0xab; 32]).unwrap());
        assert!(!p.to_json().contains("abab"));
        assert!(!format!("{p:?}").contains("abab"));
        let e = Profile::from_json(&format!(r#"{{"anonymize": {{"key": "{}"}}}}"#, "ab".repeat(32))).unwrap_err();
        assert!(e.to_string().contains("key"), "a key is refused in a profile: {e}");
    }
}
