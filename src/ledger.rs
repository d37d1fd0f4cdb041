//! The ledger: every change to a cell and every problem found, stored
//! compactly enough for a million-row file in a browser tab.
//!
//! A cleaning run can change millions of cells and find millions of
//! problems. A `String` per "before" value and per message would cost more
//! than the table itself, so texts go into one arena and messages (the same
//! few hundred sentences over and over) are interned. Entries are small
//! fixed-size records; views borrow from the ledger when read.

use rustc_hash::FxHashMap;

use crate::validate::{Issue, Severity};

/// A slice of an arena's text.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
struct Span {
    start: u32,
    len: u32,
}

/// Append-only text storage: every string of a log back to back.
#[derive(Debug, Clone, Default)]
struct Arena {
    text: String,
}

impl Arena {
    fn add(&mut self, s: &str) -> Span {
        // Past 4 GiB of text the spans would wrap; such a log cannot exist in a
        // wasm32 tab, and natively an empty span is a safe degradation.
        let (Ok(start), Ok(len)) = (u32::try_from(self.text.len()), u32::try_from(s.len())) else {
            return Span::default();
        };
        self.text.push_str(s);
        Span { start, len }
    }

    fn get(&self, span: Span) -> &str {
        let start = span.start as usize;
        self.text.get(start..start + span.len as usize).unwrap_or("")
    }

    fn heap_bytes(&self) -> usize {
        self.text.capacity()
    }
}

/// Small strings that repeat (rule names, issue codes, messages) stored once.
#[derive(Debug, Clone, Default)]
pub(crate) struct Interner {
    ids: FxHashMap<Box<str>, u32>,
    texts: Vec<Box<str>>,
    /// The id returned last.
    last: u32,
}

impl Interner {
    /// The id of `text`, stored on first sight.
    pub(crate) fn id(&mut self, text: &str) -> u32 {
        // A column's entries mostly repeat the text before them (one rule,
        // one message): comparing with it is cheaper than hashing.
        if self.texts.get(self.last as usize).is_some_and(|last| **last == *text) {
            return self.last;
        }
        self.last = match self.ids.get(text) {
            Some(&id) => id,
            None => {
                let id = self.texts.len() as u32;
                self.texts.push(text.into());
                self.ids.insert(text.into(), id);
                id
            }
        };
        self.last
    }

    /// The text of an id (empty for an unknown one).
    pub(crate) fn get(&self, id: u32) -> &str {
        self.texts.get(id as usize).map_or("", |t| t)
    }

    /// The id of `text` if it was stored.
    pub(crate) fn find(&self, text: &str) -> Option<u32> {
        self.ids.get(text).copied()
    }
}

/// One changed cell, as stored.
#[derive(Debug, Clone, Copy)]
struct ChangeEntry {
    row: u32,
    column: u32,
    rule: u32,
    before: Span,
    after: Span,
}

/// One changed cell: which, from what, to what, by which rule.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Change<'a> {
    /// 0-based row in the table.
    pub row: usize,
    /// 0-based column.
    pub column: usize,
    /// The value before the rule ran.
    pub before: &'a str,
    /// The value after.
    pub after: &'a str,
    /// The rule that changed it, e.g. `trim`, `email`.
    pub rule: &'a str,
}

/// Every changed cell of a run.
#[derive(Debug, Clone, Default)]
pub struct ChangeLog {
    entries: Vec<ChangeEntry>,
    text: Arena,
    rules: Interner,
}

impl ChangeLog {
    /// Records that `rule` changed cell (`row`, `column`) from `before` to `after`.
    pub fn push(&mut self, row: usize, column: usize, before: &str, after: &str, rule: &str) {
        let before = self.text.add(before);
        let after = self.text.add(after);
        let rule = self.rules.id(rule);
        self.entries.push(ChangeEntry { row: row as u32, column: column as u32, rule, before, after });
    }

    /// Number of changed cells.
    pub fn len(&self) -> usize {
        self.entries.len()
    }

    /// Whether nothing changed.
    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }

    /// The changes in the order they were made.
    pub fn iter(&self) -> impl Iterator<Item = Change<'_>> + '_ {
        self.entries.iter().map(|e| Change {
            row: e.row as usize,
            column: e.column as usize,
            before: self.text.get(e.before),
            after: self.text.get(e.after),
            rule: self.rules.get(e.rule),
        })
    }

    /// Heap bytes held.
    pub fn heap_bytes(&self) -> usize {
        self.entries.capacity() * std::mem::size_of::<ChangeEntry>() + self.text.heap_bytes()
    }

    /// Moves every entry of row `r` to row `new_rows[r]`, for a stage that
    /// reorders or merges rows (deduplication). Rows past the map keep their number.
    pub fn renumber_rows(&mut self, new_rows: &[u32]) {
        for entry in &mut self.entries {
            if let Some(&row) = new_rows.get(entry.row as usize) {
                entry.row = row;
            }
        }
    }
}

/// No column: a problem of the whole row.
const ROW: u32 = u32::MAX;
/// No suggestion.
const NONE: Span = Span { start: u32::MAX, len: 0 };

/// One problem, as stored.
#[derive(Debug, Clone, Copy)]
struct IssueEntry {
    row: u32,
    column: u32,
    code: u32,
    severity: Severity,
    message: u32,
    message_zh: u32,
    value: Span,
    suggestion: Span,
}

/// One problem with one cell (or, without a column, one row).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct CellIssue<'a> {
    /// 0-based row in the table.
    pub row: usize,
    /// 0-based column, or `None` for a problem of the whole row.
    pub column: Option<usize>,
    /// Stable code, e.g. `email.domain_typo`.
    pub code: &'a str,
    /// Error or warning.
    pub severity: Severity,
    /// English message.
    pub message: &'a str,
    /// Simplified Chinese message.
    pub message_zh: &'a str,
    /// The value as it was read.
    pub value: &'a str,
    /// A likely correction.
    pub suggestion: Option<&'a str>,
}

/// Every problem found in a run.
#[derive(Debug, Clone, Default)]
pub struct IssueLog {
    entries: Vec<IssueEntry>,
    text: Arena,
    strings: Interner,
}

impl IssueLog {
    /// Records `issue` for cell (`row`, `column`), or for the whole row when `column` is `None`.
    pub fn push(&mut self, row: usize, column: Option<usize>, issue: &Issue, value: &str, suggestion: Option<&str>) {
        let entry = IssueEntry {
            row: row as u32,
            column: column.map_or(ROW, |c| c as u32),
            code: self.strings.id(issue.code),
            severity: issue.severity,
            message: self.strings.id(&issue.en),
            message_zh: self.strings.id(&issue.zh),
            value: self.text.add(value),
            suggestion: suggestion.map_or(NONE, |s| self.text.add(s)),
        };
        self.entries.push(entry);
    }

    /// Number of problems.
    pub fn len(&self) -> usize {
        self.entries.len()
    }

    /// Whether there are none.
    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }

    /// The problems in the order they were found.
    pub fn iter(&self) -> impl Iterator<Item = CellIssue<'_>> + '_ {
        self.entries.iter().map(|e| CellIssue {
            row: e.row as usize,
            column: (e.column != ROW).then_some(e.column as usize),
            code: self.strings.get(e.code),
            severity: e.severity,
            message: self.strings.get(e.message),
            message_zh: self.strings.get(e.message_zh),
            value: self.text.get(e.value),
            suggestion: (e.suggestion.start != NONE.start).then(|| self.text.get(e.suggestion)),
        })
    }

    /// Heap bytes held.
    pub fn heap_bytes(&self) -> usize {
        self.entries.capacity() * std::mem::size_of::<IssueEntry>() + self.text.heap_bytes()
    }

    /// Moves every entry of row `r` to row `new_rows[r]` (see [`ChangeLog::renumber_rows`]).
    pub fn renumber_rows(&mut self, new_rows: &[u32]) {
        for entry in &mut self.entries {
            if let Some(&row) = new_rows.get(entry.row as usize) {
                entry.row = row;
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rows_can_be_renumbered() {
        let mut changes = ChangeLog::default();
        let mut issues = IssueLog::default();
        for row in 0..3 {
            changes.push(row, 0, "a", "b", "trim");
            issues.push(row, Some(0), &Issue::error("x.y", "en", "zh"), "v", None);
        }
        changes.renumber_rows(&[2, 0, 1]);
        issues.renumber_rows(&[2, 0]);
        assert_eq!(changes.iter().map(|c| c.row).collect::<Vec<_>>(), [2, 0, 1]);
        assert_eq!(issues.iter().map(|i| i.row).collect::<Vec<_>>(), [2, 0, 2]);
    }

    #[test]
    fn changes_round_trip() {
        let mut log = ChangeLog::default();
        log.push(3, 1, " a ", "a", "trim");
        log.push(4, 1, "张 伟", "张伟", "full_name");
        log.push(5, 2, "x", "", "trim");
        let all: Vec<Change> = log.iter().collect();
        assert_eq!(all[0], Change { row: 3, column: 1, before: " a ", after: "a", rule: "trim" });
        assert_eq!(all[1].after, "张伟");
        assert_eq!((all[2].after, all[2].rule), ("", "trim"));
        assert_eq!(log.rules.texts.len(), 2, "rule names are stored once");
    }

    #[test]
    fn issues_round_trip_with_interned_messages() {
        let mut log = IssueLog::default();
        let issue = Issue::error("email.missing_at", "no @", "缺少 @");
        log.push(0, Some(2), &issue, "bad", None);
        log.push(7, Some(2), &issue, "worse", Some("w@x.com"));
        log.push(9, None, &Issue::warning("record.stale", "old", "旧"), "", None);
        let all: Vec<CellIssue> = log.iter().collect();
        assert_eq!(all[0].suggestion, None);
        assert_eq!((all[1].value, all[1].suggestion), ("worse", Some("w@x.com")));
        assert_eq!((all[2].column, all[2].severity), (None, Severity::Warning));
        assert_eq!(all[1].message_zh, "缺少 @");
        assert_eq!(log.strings.texts.len(), 6);
    }
}
