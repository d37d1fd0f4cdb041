//! Reviewing a cleaned table a page at a time, and editing its cells.
//!
//! [`Review`] indexes the issue and change logs of a run by row, so that any
//! range of rows can be shown with the problems and changes of its cells, and
//! lets a person edit a cell: the new value is validated by the same rules as
//! the batch run, written into the table, recorded in the change log as
//! `manual_edit`, and its issues replace the cell's old ones. [`Review::commit`]
//! then brings the issue log, the counts and the quality report up to date for
//! the downloads.

use std::collections::BTreeMap;

use serde::Serialize;

use crate::error::Result;
use crate::ledger::{CellIssue, IssueLog};
use crate::normalize::text::clean_text;
use crate::pipeline::Cleaned;
use crate::profile::ColumnType;
use crate::table::Column;
use crate::validate::column::{validate_input, value_options};
use crate::validate::{Issue, Severity};

/// The rule name of a change made by hand.
pub const MANUAL_EDIT: &str = "manual_edit";

/// No column: an issue of the whole row.
const ROW: u32 = u32::MAX;

/// The entries of a log grouped by row: the indices of row `r`'s entries
/// are `entries[offsets[r]..offsets[r + 1]]`, in log order. Built by
/// counting (no sort), four bytes an entry: an index into the run's own
/// logs rather than a copy of them, which for a million-row file cost more
/// than a hundred megabytes of the tab's memory and half a second.
#[derive(Debug, Default)]
struct RowIndex {
    offsets: Vec<u32>,
    entries: Vec<u32>,
}

impl RowIndex {
    /// The index of a log whose entries' rows are `rows` (rows past `table_rows` left out).
    fn build(table_rows: usize, rows: impl Iterator<Item = usize> + Clone) -> RowIndex {
        let mut offsets = vec![0u32; table_rows + 1];
        for row in rows.clone().filter(|&r| r < table_rows) {
            offsets[row + 1] += 1;
        }
        for r in 1..offsets.len() {
            offsets[r] += offsets[r - 1];
        }
        let mut entries = vec![0u32; offsets[table_rows] as usize];
        // Where the next entry of each row goes: starts at its offset.
        let mut next: Vec<u32> = offsets[..table_rows].to_vec();
        for (index, row) in rows.enumerate().filter(|&(_, r)| r < table_rows) {
            entries[next[row] as usize] = index as u32;
            next[row] += 1;
        }
        RowIndex { offsets, entries }
    }

    /// The indices of `row`'s entries, in log order.
    fn of(&self, row: usize) -> &[u32] {
        match (self.offsets.get(row), self.offsets.get(row + 1)) {
            (Some(&from), Some(&to)) => self.entries.get(from as usize..to as usize).unwrap_or(&[]),
            _ => &[],
        }
    }
}

/// One issue of a row as the page shows it.
#[derive(Debug, Clone, Serialize)]
pub struct IssueView<'a> {
    /// 0-based column, `None` for the whole row.
    pub column: Option<u32>,
    /// Issue code.
    pub code: &'a str,
    /// `error` or `warning`.
    pub severity: &'static str,
    /// English message.
    pub en: &'a str,
    /// Chinese message.
    pub zh: &'a str,
    /// Suggested fix.
    pub suggestion: Option<&'a str>,
}

/// One changed cell of a row: its value as read and the last rule that changed it.
#[derive(Debug, Clone, Serialize)]
pub struct ChangeView<'a> {
    /// 0-based column.
    pub column: u32,
    /// The value before the first change.
    pub before: &'a str,
    /// The last rule that changed it.
    pub rule: &'a str,
}

/// One row as the page shows it.
#[derive(Debug, Clone, Serialize)]
pub struct RowView<'a> {
    /// 0-based row of the cleaned table.
    pub row: u32,
    /// 1-based data row of the input.
    pub source_row: u64,
    /// The cells.
    pub cells: Vec<&'a str>,
    /// Its issues.
    pub issues: Vec<IssueView<'a>>,
    /// Its changed cells.
    pub changes: Vec<ChangeView<'a>>,
}

/// A cell edited by hand: its issues now (they replace the run's), and
/// what the change view shows of it.
#[derive(Debug, Clone)]
struct Edited {
    issues: Vec<Issue>,
    value: String,
    suggestion: Option<String>,
    /// Whether an edit changed the cell's value.
    changed: bool,
    /// The value before the first edit, for a cell no cleaning rule had
    /// changed (otherwise the view shows the value as read, from the log).
    before: Option<String>,
}

/// The row index of a run's logs, and its manual edits.
#[derive(Debug, Default)]
pub struct Review {
    source_rows: Vec<u64>,
    issues: RowIndex,
    changes: RowIndex,
    edited: BTreeMap<(u32, u32), Edited>,
}

fn severity_name(s: Severity) -> &'static str {
    match s {
        Severity::Error => "error",
        Severity::Warning => "warning",
    }
}

impl Review {
    /// Indexes the logs of `cleaned` by row.
    pub fn new(cleaned: &Cleaned) -> Review {
        Review::with_progress(cleaned, &mut |_| ())
    }

    /// [`Review::new`], telling `progress` the share done (0 to 1) between
    /// its two halves: a million-row file's issues and changes take a few
    /// hundred milliseconds each in the browser.
    pub fn with_progress(cleaned: &Cleaned, progress: &mut dyn FnMut(f64)) -> Review {
        let source_rows = cleaned.source_rows().0;
        progress(0.3);
        // Entries past the table's rows belong to rows merged away as duplicates.
        let rows = cleaned.table.rows();
        let issues = RowIndex::build(rows, cleaned.issues.rows());
        progress(0.6);
        let changes = RowIndex::build(rows, cleaned.changes.rows());
        Review { source_rows, issues, changes, edited: BTreeMap::new() }
    }

    /// The edited cells of `row`.
    fn edited_in(&self, row: u32) -> impl Iterator<Item = (u32, &Edited)> + '_ {
        self.edited.range((row, 0)..=(row, u32::MAX)).map(|(&(_, column), edit)| (column, edit))
    }

    /// Whether the issue is of a cell edited since (its issues are the edit's).
    fn replaced(&self, issue: &CellIssue<'_>) -> bool {
        !self.edited.is_empty()
            && self.edited.contains_key(&(issue.row as u32, issue.column.map_or(ROW, |c| c as u32)))
    }

    /// The rows with an issue (of `code`, or of any code when `None`), ascending.
    pub fn rows_with_issues(&self, cleaned: &Cleaned, code: Option<&str>) -> Vec<u32> {
        let table_rows = cleaned.table.rows();
        let mut rows: Vec<u32> = cleaned
            .issues
            .iter()
            .filter(|i| i.row < table_rows && code.is_none_or(|c| i.code == c) && !self.replaced(i))
            .map(|i| i.row as u32)
            .collect();
        for (&(row, _), edit) in &self.edited {
            if edit.issues.iter().any(|i| code.is_none_or(|c| i.code == c)) {
                rows.push(row);
            }
        }
        rows.sort_unstable();
        rows.dedup();
        rows
    }

    /// The rows at `indices` (0-based rows of the cleaned table; those past the end are left out).
    pub fn rows<'a>(&'a self, cleaned: &'a Cleaned, indices: &[u32]) -> Vec<RowView<'a>> {
        let table = &cleaned.table;
        indices
            .iter()
            .filter(|&&r| (r as usize) < table.rows())
            .map(|&row| RowView {
                row,
                source_row: self.source_rows.get(row as usize).copied().unwrap_or(0),
                cells: (0..table.width()).map(|c| table.cell(row as usize, c)).collect(),
                issues: self.issue_views(cleaned, row),
                changes: self.change_views(cleaned, row),
            })
            .collect()
    }

    /// The issues of `row`: the run's, then those of cells edited since.
    fn issue_views<'a>(&'a self, cleaned: &'a Cleaned, row: u32) -> Vec<IssueView<'a>> {
        let logged = self.issues.of(row as usize).iter().filter_map(|&i| cleaned.issues.get(i as usize));
        let mut views: Vec<IssueView> = logged
            .filter(|i| !self.replaced(i))
            .map(|i| IssueView {
                column: i.column.map(|c| c as u32),
                code: i.code,
                severity: severity_name(i.severity),
                en: i.message,
                zh: i.message_zh,
                suggestion: i.suggestion,
            })
            .collect();
        for (column, edit) in self.edited_in(row) {
            views.extend(edit.issues.iter().map(|i| IssueView {
                column: (column != ROW).then_some(column),
                code: i.code,
                severity: severity_name(i.severity),
                en: &i.en,
                zh: &i.zh,
                suggestion: edit.suggestion.as_deref(),
            }));
        }
        views
    }

    /// The changed cells of `row`, by column: the value as read (before the
    /// first change) and the last rule, an edit by hand being the last.
    fn change_views<'a>(&'a self, cleaned: &'a Cleaned, row: u32) -> Vec<ChangeView<'a>> {
        let mut views: Vec<ChangeView> = Vec::new();
        for change in self.changes.of(row as usize).iter().filter_map(|&i| cleaned.changes.get(i as usize)) {
            let column = change.column as u32;
            match views.iter_mut().find(|v| v.column == column) {
                Some(view) => view.rule = change.rule,
                None => views.push(ChangeView { column, before: change.before, rule: change.rule }),
            }
        }
        for (column, edit) in self.edited_in(row).filter(|(_, e)| e.changed) {
            match views.iter_mut().find(|v| v.column == column) {
                Some(view) => view.rule = MANUAL_EDIT,
                None => views.push(ChangeView { column, before: edit.before.as_deref().unwrap_or(""), rule: MANUAL_EDIT }),
            }
        }
        views.sort_by_key(|v| v.column);
        views
    }

    /// Sets cell (`row`, `column`) to `value` as typed: validated as the
    /// column's type with the run's settings, normalized when valid (and the
    /// column normalizes), recorded as a `manual_edit` change. Returns whether it is valid.
    pub fn edit(&mut self, cleaned: &mut Cleaned, row: u32, column: u32, value: &str, today: (i32, u32, u32)) -> Result<bool> {
        let table = &cleaned.table;
        let (r, c) = (row as usize, column as usize);
        let Some(old) = table.column(c).filter(|_| r < table.rows()) else {
            return Err(crate::Error::Profile(format!("no cell at row {row}, column {column}")));
        };
        let column_profile = cleaned.profile.columns.iter().find(|p| p.name == old.name());
        let kind = column_profile.map_or(ColumnType::Text, |p| p.kind);
        let normalize = column_profile.is_none_or(|p| p.normalize);
        let text = clean_text(value).into_owned();
        let verdict = if text.is_empty() {
            crate::validate::Verdict::ok("")
        } else {
            validate_input(kind, &text, &value_options(&cleaned.profile, None, today))
        };
        let new_value = match verdict.normalized.as_deref() {
            Some(n) if verdict.valid && normalize => n.to_string(),
            _ => text,
        };
        let current = old.get(r).to_string();
        let changed = new_value != current;
        if changed {
            let mut rewritten = Column::with_capacity(old.name(), old.len(), old.text_len() + new_value.len());
            for (i, cell) in old.iter().enumerate() {
                rewritten.push(if i == r { new_value.as_str() } else { cell })?;
            }
            cleaned.table.replace_column(c, rewritten);
            cleaned.changes.push(r, c, &current, &new_value, MANUAL_EDIT);
        }
        // The value before the first edit, unless the run's log has the cell's value as read.
        let logged = || {
            self.changes.of(r).iter().filter_map(|&i| cleaned.changes.get(i as usize)).any(|ch| ch.column == c)
        };
        let (was_changed, before) = match self.edited.get(&(row, column)) {
            Some(earlier) => (earlier.changed, earlier.before.clone()),
            None => (false, (!logged()).then(|| current.clone())),
        };
        self.edited.insert(
            (row, column),
            Edited {
                issues: verdict.issues.clone(),
                value: value.to_string(),
                suggestion: verdict.suggestion.clone(),
                changed: changed || was_changed,
                before,
            },
        );
        Ok(verdict.valid)
    }

    /// Number of cells edited by hand.
    pub fn edits(&self) -> usize {
        self.edited.len()
    }

    /// Brings the issue log, the summary's counts and the quality report of
    /// `cleaned` up to date with the edits, for the downloads.
    pub fn commit(&mut self, cleaned: &mut Cleaned) {
        if !self.edited.is_empty() {
            let mut log = IssueLog::default();
            for issue in cleaned.issues.iter() {
                let key = (issue.row as u32, issue.column.map_or(ROW, |c| c as u32));
                if self.edited.contains_key(&key) {
                    continue;
                }
                let copy = Issue {
                    code: crate::validate::static_code(issue.code),
                    severity: issue.severity,
                    en: issue.message.to_string(),
                    zh: issue.message_zh.to_string(),
                };
                log.push(issue.row, issue.column, &copy, issue.value, issue.suggestion);
            }
            for (&(row, column), edit) in &self.edited {
                for issue in &edit.issues {
                    log.push(row as usize, Some(column as usize), issue, &edit.value, edit.suggestion.as_deref());
                }
            }
            cleaned.issues = log;
            // The index pointed into the old log.
            self.issues = RowIndex::build(cleaned.table.rows(), cleaned.issues.rows());
        }
        let s = &mut cleaned.summary;
        s.issues = cleaned.issues.len() as u64;
        s.issue_errors = cleaned.issues.iter().filter(|i| i.severity == Severity::Error).count() as u64;
        s.issues_by_code.clear();
        for issue in cleaned.issues.iter() {
            *s.issues_by_code.entry(issue.code.to_string()).or_insert(0) += 1;
        }
        s.cells_changed = cleaned.changes.len() as u64;
        s.quality = crate::report::quality(&cleaned.table, &cleaned.profile, &cleaned.changes, &cleaned.issues, s.rows_stale, &mut |_| ());
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::pipeline::clean;
    use crate::profile::Profile;
    use crate::read::{read_bytes, ReadOptions};

    fn run(csv: &str) -> Cleaned {
        let read = read_bytes(csv.as_bytes(), ReadOptions::default()).unwrap();
        clean(read, &Profile::default(), &mut |_| {}).unwrap()
    }

    #[test]
    fn report_grid_rows_carry_their_issues_and_changes() {
        let cleaned = run("name,email\n Ann ,ann@example.com\nBob,not-an-email\nCid,cid@example.com\n");
        let review = Review::new(&cleaned);
        assert_eq!(review.rows_with_issues(&cleaned, None), vec![1]);
        assert_eq!(review.rows_with_issues(&cleaned, Some("email.missing_at")), vec![1]);
        assert!(review.rows_with_issues(&cleaned, Some("nope")).is_empty());
        let rows = review.rows(&cleaned, &[0, 1, 9]);
        assert_eq!(rows.len(), 2);
        assert_eq!(rows[0].cells, vec!["Ann", "ann@example.com"]);
        assert_eq!((rows[0].changes[0].column, rows[0].changes[0].before), (0, " Ann "));
        assert_eq!(rows[1].source_row, 2);
        assert_eq!(rows[1].issues[0].code, "email.missing_at");
        assert_eq!(rows[1].issues[0].column, Some(1));
        assert!(!rows[1].issues[0].zh.is_empty());
    }

    #[test]
    fn an_edit_of_a_cleaned_cell_keeps_the_value_as_read() {
        let mut cleaned = run("name,email\n Ann ,ann@example.com\n");
        let mut review = Review::new(&cleaned);
        review.edit(&mut cleaned, 0, 0, "Anne", (2026, 1, 1)).unwrap();
        review.edit(&mut cleaned, 0, 0, "Annie", (2026, 1, 1)).unwrap();
        review.edit(&mut cleaned, 0, 1, "ann@example.org", (2026, 1, 1)).unwrap();
        let rows = review.rows(&cleaned, &[0]);
        let changes: Vec<(u32, &str, &str)> = rows[0].changes.iter().map(|c| (c.column, c.before, c.rule)).collect();
        assert_eq!(changes, [(0, " Ann ", MANUAL_EDIT), (1, "ann@example.com", MANUAL_EDIT)]);
        assert_eq!(cleaned.table.cell(0, 0), "Annie");
    }

    #[test]
    fn row_index_groups_entries_by_row_in_log_order() {
        let index = RowIndex::build(3, [2, 0, 2, 5, 1, 2].into_iter());
        assert_eq!(index.of(0), [1]);
        assert_eq!(index.of(1), [4]);
        assert_eq!(index.of(2), [0, 2, 5]);
        assert!(index.of(3).is_empty() && index.of(9).is_empty(), "row 5 is past the table");
    }

    #[test]
    fn report_grid_edit_revalidates_logs_and_updates_the_report() {
        let mut cleaned = run("name,email\nAnn,ann@example.com\nBob,not-an-email\n");
        let mut review = Review::new(&cleaned);
        let before = cleaned.summary.quality.after.validity;
        assert!(review.edit(&mut cleaned, 1, 1, " BOB@Example.com ", (2026, 1, 1)).unwrap());
        assert_eq!(cleaned.table.cell(1, 1), "bob@example.com", "normalized like the batch run");
        assert!(review.rows_with_issues(&cleaned, None).is_empty());
        let rows = review.rows(&cleaned, &[1]);
        assert_eq!((rows[0].changes[0].before, rows[0].changes[0].rule), ("not-an-email", MANUAL_EDIT));
        review.commit(&mut cleaned);
        assert_eq!(cleaned.summary.issues, 0);
        assert_eq!(cleaned.summary.cells_changed, 1);
        assert!(cleaned.summary.quality.after.validity > before);
        let last = cleaned.changes.iter().last().unwrap();
        assert_eq!((last.row, last.column, last.before, last.after, last.rule), (1, 1, "not-an-email", "bob@example.com", MANUAL_EDIT));

        // An invalid edit is kept as typed and reported.
        assert!(!review.edit(&mut cleaned, 0, 1, "ann-at-example", (2026, 1, 1)).unwrap());
        assert_eq!(cleaned.table.cell(0, 1), "ann-at-example");
        review.commit(&mut cleaned);
        assert_eq!(cleaned.summary.issue_errors, 1);
        assert_eq!(review.rows_with_issues(&cleaned, None), vec![0]);
        assert!(review.edit(&mut cleaned, 5, 0, "x", (2026, 1, 1)).is_err());
    }
}
