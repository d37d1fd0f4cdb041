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
use crate::ledger::IssueLog;
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

#[derive(Debug, Clone)]
struct RowIssue {
    row: u32,
    column: u32,
    code: u32,
    severity: Severity,
    en: u32,
    zh: u32,
    suggestion: Option<u32>,
}

#[derive(Debug, Clone)]
struct RowChange {
    row: u32,
    column: u32,
    rule: u32,
    /// The value before the first change: `before_text[start..start + len]`.
    before: (u32, u32),
}

/// Strings stored once: the ledger's interner (FxHash, last id first).
type Strings = crate::ledger::Interner;

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

/// A cell's issues after a manual edit, kept for rebuilding the issue log.
#[derive(Debug, Clone)]
struct Edited {
    issues: Vec<Issue>,
    value: String,
    suggestion: Option<String>,
}

/// The row index of a run's logs, and its manual edits.
#[derive(Debug, Default)]
pub struct Review {
    source_rows: Vec<u64>,
    issues: Vec<RowIssue>,
    changes: Vec<RowChange>,
    /// The values before the first change of each cell, one after the other
    /// (mostly unique, so not interned).
    before_text: String,
    strings: Strings,
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
        let mut review = Review { source_rows: cleaned.source_rows().0, ..Review::default() };
        // Entries past the table's rows belong to rows merged away as duplicates.
        let rows = cleaned.table.rows();
        for issue in cleaned.issues.iter().filter(|i| i.row < rows) {
            let entry = RowIssue {
                row: issue.row as u32,
                column: issue.column.map_or(ROW, |c| c as u32),
                code: review.strings.id(issue.code),
                severity: issue.severity,
                en: review.strings.id(issue.message),
                zh: review.strings.id(issue.message_zh),
                suggestion: issue.suggestion.map(|s| review.strings.id(s)),
            };
            review.issues.push(entry);
        }
        review.issues.sort_by_key(|i| i.row);
        progress(0.5);
        review.changes.reserve_exact(cleaned.changes.len());
        for change in cleaned.changes.iter().filter(|c| c.row < rows) {
            let rule = review.strings.id(change.rule);
            let before = review.add_before(change.before);
            review.changes.push(RowChange { row: change.row as u32, column: change.column as u32, rule, before });
        }
        // By row (stable: a cell's changes stay in order); a cell changed twice keeps
        // the value as read from its first change and the rule of its last.
        review.changes.sort_by_key(|c| (c.row, c.column));
        review.changes.dedup_by(|later, first| {
            let same = later.row == first.row && later.column == first.column;
            if same {
                first.rule = later.rule;
            }
            same
        });
        review.changes.shrink_to_fit();
        review
    }

    fn add_before(&mut self, text: &str) -> (u32, u32) {
        let start = self.before_text.len() as u32;
        self.before_text.push_str(text);
        (start, text.len() as u32)
    }

    fn before(&self, (start, len): (u32, u32)) -> &str {
        self.before_text.get(start as usize..(start + len) as usize).unwrap_or("")
    }

    /// The rows with an issue (of `code`, or of any code when `None`), ascending.
    pub fn rows_with_issues(&self, code: Option<&str>) -> Vec<u32> {
        let code = code.map(|c| self.strings.find(c).unwrap_or(u32::MAX));
        let mut rows: Vec<u32> = self.issues.iter().filter(|i| code.is_none_or(|c| i.code == c)).map(|i| i.row).collect();
        rows.dedup();
        rows
    }

    /// The rows at `indices` (0-based rows of the cleaned table; those past the end are left out).
    pub fn rows<'a>(&'a self, cleaned: &'a Cleaned, indices: &[u32]) -> Vec<RowView<'a>> {
        let table = &cleaned.table;
        indices
            .iter()
            .filter(|&&r| (r as usize) < table.rows())
            .map(|&row| {
                let cells = (0..table.width()).map(|c| table.cell(row as usize, c)).collect();
                let from = self.issues.partition_point(|i| i.row < row);
                let issues = self.issues[from..]
                    .iter()
                    .take_while(|i| i.row == row)
                    .map(|i| IssueView {
                        column: (i.column != ROW).then_some(i.column),
                        code: self.strings.get(i.code),
                        severity: severity_name(i.severity),
                        en: self.strings.get(i.en),
                        zh: self.strings.get(i.zh),
                        suggestion: i.suggestion.map(|s| self.strings.get(s)),
                    })
                    .collect();
                let from = self.changes.partition_point(|c| c.row < row);
                let changes = self.changes[from..]
                    .iter()
                    .take_while(|c| c.row == row)
                    .map(|c| ChangeView { column: c.column, before: self.before(c.before), rule: self.strings.get(c.rule) })
                    .collect();
                RowView { row, source_row: self.source_rows.get(row as usize).copied().unwrap_or(0), cells, issues, changes }
            })
            .collect()
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
        if new_value != current {
            let mut rewritten = Column::with_capacity(old.name(), old.len(), old.text_len() + new_value.len());
            for (i, cell) in old.iter().enumerate() {
                rewritten.push(if i == r { new_value.as_str() } else { cell })?;
            }
            cleaned.table.replace_column(c, rewritten);
            cleaned.changes.push(r, c, &current, &new_value, MANUAL_EDIT);
            let rule = self.strings.id(MANUAL_EDIT);
            match self.changes.iter_mut().find(|ch| ch.row == row && ch.column == column) {
                Some(ch) => ch.rule = rule,
                None => {
                    let before = self.add_before(&current);
                    let at = self.changes.partition_point(|ch| ch.row <= row);
                    self.changes.insert(at, RowChange { row, column, rule, before });
                }
            }
        }
        // The cell's issues are now the new verdict's.
        self.issues.retain(|i| !(i.row == row && i.column == column));
        let at = self.issues.partition_point(|i| i.row <= row);
        let fresh: Vec<RowIssue> = verdict
            .issues
            .iter()
            .map(|issue| RowIssue {
                row,
                column,
                code: self.strings.id(issue.code),
                severity: issue.severity,
                en: self.strings.id(&issue.en),
                zh: self.strings.id(&issue.zh),
                suggestion: verdict.suggestion.as_deref().map(|s| self.strings.id(s)),
            })
            .collect();
        self.issues.splice(at..at, fresh);
        self.edited.insert(
            (row, column),
            Edited { issues: verdict.issues.clone(), value: value.to_string(), suggestion: verdict.suggestion.clone() },
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
        assert_eq!(review.rows_with_issues(None), vec![1]);
        assert_eq!(review.rows_with_issues(Some("email.missing_at")), vec![1]);
        assert!(review.rows_with_issues(Some("nope")).is_empty());
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
    fn report_grid_edit_revalidates_logs_and_updates_the_report() {
        let mut cleaned = run("name,email\nAnn,ann@example.com\nBob,not-an-email\n");
        let mut review = Review::new(&cleaned);
        let before = cleaned.summary.quality.after.validity;
        assert!(review.edit(&mut cleaned, 1, 1, " BOB@Example.com ", (2026, 1, 1)).unwrap());
        assert_eq!(cleaned.table.cell(1, 1), "bob@example.com", "normalized like the batch run");
        assert!(review.rows_with_issues(None).is_empty());
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
        assert_eq!(review.rows_with_issues(None), vec![0]);
        assert!(review.edit(&mut cleaned, 5, 0, "x", (2026, 1, 1)).is_err());
    }
}
