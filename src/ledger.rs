//! The ledger: every change to a cell and every problem found, stored
//! compactly enough for a million-row file in a browser tab.
//!
//! A cleaning run can change millions of cells and find millions of
//! problems. A `String` per "before" value and per message would cost more
//! than the table itself, so texts go into one arena and messages (the same
//! few hundred sentences over and over) are stored once. Entries are small
//! fixed-size records; views borrow from the ledger when read.

use std::hash::BuildHasher;

use rustc_hash::{FxBuildHasher, FxHashMap};

use crate::codec::{Decoder, Encoder};
use crate::error::Result;
use crate::table::{Column, Table};
use crate::validate::{Issue, Severity};

/// A slice of an arena's text.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
struct Span {
    start: u32,
    len: u32,
}

/// Bytes of text per arena chunk. Chunks are never moved or grown past
/// this (except one holding a single longer string): a log of a million-row
/// file grows by allocating the next chunk, not by copying all it holds into
/// a buffer twice as big (which, in a wasm tab, needs old and new at once
/// and leaves the old one as a hole the heap rarely reuses).
const CHUNK_BYTES: usize = 1 << 20;

/// Append-only text storage: every string of a log back to back, in chunks.
/// A span's start is `chunk * CHUNK_BYTES + offset`.
#[derive(Debug, Clone, Default)]
struct Arena {
    chunks: Vec<String>,
}

impl Arena {
    /// Stores `parts` back to back in one chunk; returns where the first starts.
    /// `None` past 4 GiB of text, where spans would wrap (such a log cannot
    /// exist in a wasm32 tab, and natively empty spans are a safe degradation).
    fn add_parts(&mut self, parts: &[&str]) -> Option<u32> {
        let len: usize = parts.iter().map(|p| p.len()).sum();
        u32::try_from(len).ok()?;
        let fits = self.chunks.last().is_some_and(|c| c.len() + len <= CHUNK_BYTES);
        if !fits {
            // The first chunk grows as a String does, so a small log stays
            // small; the others are allocated whole.
            let capacity = if self.chunks.is_empty() { len } else { CHUNK_BYTES.max(len) };
            self.chunks.push(String::with_capacity(capacity));
        }
        let index = self.chunks.len() - 1;
        let chunk = self.chunks.last_mut()?;
        let start = u32::try_from(index * CHUNK_BYTES + chunk.len()).ok()?;
        parts.iter().for_each(|p| chunk.push_str(p));
        Some(start)
    }

    /// `len` bytes from `skip` bytes past `start` (a later part of what
    /// [`Arena::add_parts`] stored there). The chunk is the one `start`
    /// names: an oversized chunk's text runs past `CHUNK_BYTES`, so `start +
    /// skip` could name the next chunk.
    fn get_part(&self, start: u32, skip: u32, len: u32) -> &str {
        let (chunk, offset) = (start as usize / CHUNK_BYTES, start as usize % CHUNK_BYTES + skip as usize);
        self.chunks.get(chunk).and_then(|c| c.get(offset..offset + len as usize)).unwrap_or("")
    }

    fn add(&mut self, s: &str) -> Span {
        if s.is_empty() {
            // Nothing to store: every empty span reads as "" (a row problem's value, for one).
            return Span::default();
        }
        match self.add_parts(&[s]) {
            Some(start) => Span { start, len: s.len() as u32 },
            None => Span::default(),
        }
    }

    /// Stores `parts` as one text.
    fn add_joined(&mut self, parts: &[&str]) -> Span {
        let len: usize = parts.iter().map(|p| p.len()).sum();
        match (len, self.add_parts(parts)) {
            (0, _) | (_, None) => Span::default(),
            (len, Some(start)) => Span { start, len: len as u32 },
        }
    }

    fn get(&self, span: Span) -> &str {
        self.get_part(span.start, 0, span.len)
    }

    fn heap_bytes(&self) -> usize {
        self.chunks.iter().map(String::capacity).sum::<usize>() + self.chunks.capacity() * std::mem::size_of::<String>()
    }

    /// Moves `other`'s chunks after this arena's, without copying their
    /// text, and returns what to add to `other`'s span starts: `None` past
    /// 4 GiB of chunks, where the spans cannot say where their text went.
    fn append(&mut self, other: Arena) -> Option<u32> {
        let shift = u32::try_from(self.chunks.len() * CHUNK_BYTES).ok()?;
        u32::try_from((self.chunks.len() + other.chunks.len()) * CHUNK_BYTES).ok()?;
        self.chunks.extend(other.chunks);
        Some(shift)
    }

    fn encode(&self, out: &mut Encoder) {
        out.len(self.chunks.len());
        self.chunks.iter().for_each(|c| out.bytes(c.as_bytes()));
    }

    fn decode(input: &mut Decoder) -> Result<Arena> {
        let n = input.len(8)?;
        let chunks = (0..n).map(|_| input.string()).collect::<Result<_>>()?;
        Ok(Arena { chunks })
    }
}

impl Span {
    /// This span in an arena appended after another (see [`Arena::append`]):
    /// `None` for a shift that could not be had, which leaves the text empty.
    fn shifted(self, shift: Option<u32>) -> Span {
        match shift {
            _ if self == NONE => NONE,
            Some(shift) => Span { start: self.start.saturating_add(shift), len: self.len },
            None => Span::default(),
        }
    }
}

/// Entries per block of a log (the first block grows up to it as a Vec does).
const BLOCK_ENTRIES: usize = 1 << 16;

/// An append-only list stored in blocks, for the same reason as [`Arena`]'s chunks.
#[derive(Debug, Clone)]
struct Blocks<T> {
    blocks: Vec<Vec<T>>,
    len: usize,
}

impl<T> Default for Blocks<T> {
    fn default() -> Self {
        Blocks { blocks: Vec::new(), len: 0 }
    }
}

impl<T> Blocks<T> {
    fn push(&mut self, item: T) {
        match self.blocks.last_mut() {
            Some(block) if block.len() < BLOCK_ENTRIES => block.push(item),
            last => {
                let capacity = if last.is_none() { 0 } else { BLOCK_ENTRIES };
                let mut block = Vec::with_capacity(capacity);
                block.push(item);
                self.blocks.push(block);
            }
        }
        self.len += 1;
    }

    fn len(&self) -> usize {
        self.len
    }

    fn iter(&self) -> impl Iterator<Item = &T> + Clone + '_ {
        self.blocks.iter().flatten()
    }

    /// The entry at `index`. Every block but the last is full, so this is
    /// a division, not a search.
    fn get(&self, index: usize) -> Option<&T> {
        self.blocks.get(index / BLOCK_ENTRIES)?.get(index % BLOCK_ENTRIES)
    }

    fn iter_mut(&mut self) -> impl Iterator<Item = &mut T> + '_ {
        self.blocks.iter_mut().flatten()
    }

    fn heap_bytes(&self) -> usize {
        self.blocks.iter().map(Vec::capacity).sum::<usize>() * std::mem::size_of::<T>()
            + self.blocks.capacity() * std::mem::size_of::<Vec<T>>()
    }
}

impl<T: Copy> Blocks<T> {
    /// Appends `items`, filling the last block before starting another.
    fn extend_from_slice(&mut self, mut items: &[T]) {
        while !items.is_empty() {
            let room = match self.blocks.last() {
                Some(block) if block.len() < BLOCK_ENTRIES => BLOCK_ENTRIES - block.len(),
                last => {
                    // As in `push`: the first block grows as needed, the others are allocated whole.
                    let capacity = if last.is_none() { items.len().min(BLOCK_ENTRIES) } else { BLOCK_ENTRIES };
                    self.blocks.push(Vec::with_capacity(capacity));
                    BLOCK_ENTRIES
                }
            };
            let (now, rest) = items.split_at(room.min(items.len()));
            if let Some(block) = self.blocks.last_mut() {
                block.extend_from_slice(now);
            }
            self.len += now.len();
            items = rest;
        }
    }

    /// The entries of `self` and `more`, each already ordered by `key`, in
    /// one list ordered by `key`; `self`'s first where keys tie. Both come
    /// in long runs of one key (a column's entries), which are copied whole.
    fn merged(mut self, more: Blocks<T>, key: impl Fn(&T) -> u32) -> Blocks<T> {
        // `more` all after `self` (a worker's columns taken in their order):
        // appended, without copying `self`.
        let last_mine = self.blocks.iter().rev().find_map(|b| b.last()).map(&key);
        if last_mine.is_some_and(|last| more.iter().next().is_none_or(|first| last <= key(first))) {
            more.blocks.iter().for_each(|block| self.extend_from_slice(block));
            return self;
        }
        let mut out = Blocks::default();
        let (mut mine, mut theirs) = (Cursor::new(&self.blocks), Cursor::new(&more.blocks));
        loop {
            let run = match (mine.head(), theirs.head()) {
                (Some(a), Some(b)) => {
                    // Mine up to their head's key (mine first on a tie), else theirs below my head's.
                    let (to, from_theirs) = (key(b), key(a));
                    match mine.run_while(|e| key(e) <= to) {
                        run if !run.is_empty() => run,
                        _ => theirs.run_while(|e| key(e) < from_theirs),
                    }
                }
                (Some(_), None) => mine.run_while(|_| true),
                (None, Some(_)) => theirs.run_while(|_| true),
                (None, None) => break,
            };
            out.extend_from_slice(run);
        }
        out
    }
}

/// A read position in a [`Blocks`] list, taken in runs.
struct Cursor<'a, T> {
    blocks: &'a [Vec<T>],
    block: usize,
    at: usize,
}

impl<'a, T> Cursor<'a, T> {
    fn new(blocks: &'a [Vec<T>]) -> Self {
        let mut cursor = Cursor { blocks, block: 0, at: 0 };
        cursor.skip_empty();
        cursor
    }

    fn rest(&self) -> &'a [T] {
        self.blocks.get(self.block).and_then(|b| b.get(self.at..)).unwrap_or(&[])
    }

    fn head(&self) -> Option<&'a T> {
        self.rest().first()
    }

    /// The entries from here that pass `keep`, up to the end of this block; the cursor moves past them.
    fn run_while(&mut self, keep: impl Fn(&T) -> bool) -> &'a [T] {
        let rest = self.rest();
        let n = rest.iter().position(|e| !keep(e)).unwrap_or(rest.len());
        self.at += n;
        self.skip_empty();
        &rest[..n]
    }

    fn skip_empty(&mut self) {
        while self.block < self.blocks.len() && self.at >= self.blocks[self.block].len() {
            self.block += 1;
            self.at = 0;
        }
    }
}

/// Small strings that repeat (rule names, issue codes) stored once.
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

    /// For each of `other`'s ids, this interner's id of the same text.
    fn ids_of(&mut self, other: &Interner) -> Vec<u32> {
        other.texts.iter().map(|t| self.id(t)).collect()
    }

    fn encode(&self, out: &mut Encoder) {
        out.len(self.texts.len());
        self.texts.iter().for_each(|t| out.bytes(t.as_bytes()));
    }

    fn decode(input: &mut Decoder) -> Result<Interner> {
        let n = input.len(8)?;
        let mut interner = Interner::default();
        for id in 0..n as u32 {
            let text: Box<str> = input.string()?.into();
            // Ids are positions, so a repeated text (never written) keeps its place.
            interner.ids.entry(text.clone()).or_insert(id);
            interner.texts.push(text);
        }
        Ok(interner)
    }
}

/// An id that another interner gave, mapped with [`Interner::ids_of`]
/// (an unknown id stays unknown).
fn mapped(map: &[u32], id: u32) -> u32 {
    map.get(id as usize).copied().unwrap_or(u32::MAX)
}

/// One changed cell, as stored: its before and after texts back to back
/// from `start` (24 bytes an entry; a million-row file can have millions).
#[derive(Debug, Clone, Copy)]
struct ChangeEntry {
    row: u32,
    column: u32,
    rule: u32,
    start: u32,
    before_len: u32,
    after_len: u32,
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
    entries: Blocks<ChangeEntry>,
    text: Arena,
    rules: Interner,
}

impl ChangeLog {
    /// Records that `rule` changed cell (`row`, `column`) from `before` to `after`.
    pub fn push(&mut self, row: usize, column: usize, before: &str, after: &str, rule: &str) {
        let (start, before_len, after_len) = match self.text.add_parts(&[before, after]) {
            Some(start) => (start, before.len() as u32, after.len() as u32),
            None => (0, 0, 0),
        };
        let rule = self.rules.id(rule);
        self.entries.push(ChangeEntry { row: row as u32, column: column as u32, rule, start, before_len, after_len });
    }

    /// Number of changed cells.
    pub fn len(&self) -> usize {
        self.entries.len()
    }

    /// Whether nothing changed.
    pub fn is_empty(&self) -> bool {
        self.entries.len() == 0
    }

    /// The changes in the order they were made.
    pub fn iter(&self) -> impl Iterator<Item = Change<'_>> + '_ {
        self.entries.iter().map(|e| self.view(e))
    }

    /// The change at `index` in the order they were made.
    pub fn get(&self, index: usize) -> Option<Change<'_>> {
        self.entries.get(index).map(|e| self.view(e))
    }

    /// The row of each change, in order (cheaper than [`ChangeLog::iter`]).
    pub fn rows(&self) -> impl Iterator<Item = usize> + Clone + '_ {
        self.entries.iter().map(|e| e.row as usize)
    }

    fn view(&self, e: &ChangeEntry) -> Change<'_> {
        Change {
            row: e.row as usize,
            column: e.column as usize,
            before: self.text.get_part(e.start, 0, e.before_len),
            after: self.text.get_part(e.start, e.before_len, e.after_len),
            rule: self.rules.get(e.rule),
        }
    }

    /// Heap bytes held.
    pub fn heap_bytes(&self) -> usize {
        self.entries.heap_bytes() + self.text.heap_bytes()
    }

    /// Moves every entry of row `r` to row `new_rows[r]`, for a stage that
    /// reorders or merges rows (deduplication). Rows past the map keep their number.
    pub fn renumber_rows(&mut self, new_rows: &[u32]) {
        for entry in self.entries.iter_mut() {
            if let Some(&row) = new_rows.get(entry.row as usize) {
                entry.row = row;
            }
        }
    }

    /// Takes in the log of another worker that validated other columns of
    /// the same table (see `validate::split`). Both logs hold their columns'
    /// entries together, in the order of `rank(column)`; the result is in
    /// that order too, as if one worker had validated every column.
    pub fn merge(&mut self, other: ChangeLog, rank: &dyn Fn(usize) -> u32) {
        let ChangeLog { entries, text, rules } = other;
        let shift = self.text.append(text);
        let rule_ids = self.rules.ids_of(&rules);
        let mut moved = entries;
        for e in moved.iter_mut() {
            let span = Span { start: e.start, len: e.before_len + e.after_len }.shifted(shift);
            let lens = if span.len == 0 { (0, 0) } else { (e.before_len, e.after_len) };
            *e = ChangeEntry { rule: mapped(&rule_ids, e.rule), start: span.start, before_len: lens.0, after_len: lens.1, ..*e };
        }
        let entries = std::mem::take(&mut self.entries);
        self.entries = entries.merged(moved, |e| rank(e.column as usize));
    }

    /// Appends this log to `out`, for [`ChangeLog::decode`] in another worker.
    pub fn encode(&self, out: &mut Encoder) {
        let mut words = Vec::with_capacity(self.entries.len() * 6);
        for e in self.entries.iter() {
            words.extend_from_slice(&[e.row, e.column, e.rule, e.start, e.before_len, e.after_len]);
        }
        out.u32s(&words);
        self.text.encode(out);
        self.rules.encode(out);
    }

    /// Reads a log that [`ChangeLog::encode`] wrote. Entries pointing
    /// outside the texts read as empty texts, never a panic.
    pub fn decode(input: &mut Decoder) -> Result<ChangeLog> {
        let words = input.u32s()?;
        let mut entries = Blocks::default();
        for w in words.chunks_exact(6) {
            entries.push(ChangeEntry { row: w[0], column: w[1], rule: w[2], start: w[3], before_len: w[4], after_len: w[5] });
        }
        Ok(ChangeLog { entries, text: Arena::decode(input)?, rules: Interner::decode(input)? })
    }
}

/// Which cells a change log changed, by which rules, and their texts
/// after, without the texts before: a worker that validated other columns
/// of the same file has the cells as read, so only the new texts travel
/// (not the rewritten columns whole, most of whose cells did not change).
#[derive(Debug)]
pub struct ChangedCells {
    /// `[row, column, rule]` per change, in the log's order.
    words: Vec<u32>,
    rules: Interner,
    /// Each change's text after, in the same order.
    after: Column,
}

impl Default for ChangedCells {
    fn default() -> Self {
        ChangedCells { words: Vec::new(), rules: Interner::default(), after: Column::new("") }
    }
}

impl ChangedCells {
    /// The cells, rules and texts after of `log`'s changes.
    pub fn of(log: &ChangeLog) -> ChangedCells {
        let mut words = Vec::with_capacity(log.entries.len() * 3);
        let text: usize = log.entries.iter().map(|e| e.after_len as usize).sum();
        let mut after = Column::with_capacity("", log.entries.len(), text);
        for (e, change) in log.entries.iter().zip(log.iter()) {
            words.extend_from_slice(&[e.row, e.column, e.rule]);
            // Past 4 GiB of text (impossible in a wasm32 tab) the part is
            // refused on arrival, as its counts disagree.
            let _ = after.push(change.after);
        }
        ChangedCells { words, rules: log.rules.clone(), after }
    }

    /// Appends these changes to `out`, for [`ChangedCells::decode`] in another worker.
    pub fn encode(&self, out: &mut Encoder) {
        out.u32s(&self.words);
        self.rules.encode(out);
        self.after.encode(out);
    }

    /// Reads what [`ChangedCells::encode`] wrote.
    pub fn decode(input: &mut Decoder) -> Result<ChangedCells> {
        let words = input.u32s()?;
        let rules = Interner::decode(input)?;
        let after = Column::decode(input)?;
        if words.len() % 3 != 0 || after.len() != words.len() / 3 {
            return Err(crate::error::Error::Part("a change is cut short".into()));
        }
        Ok(ChangedCells { words, rules, after })
    }

    /// Number of changes.
    pub fn len(&self) -> usize {
        self.words.len() / 3
    }

    /// Whether there are none.
    pub fn is_empty(&self) -> bool {
        self.words.is_empty()
    }

    /// The columns the changes are in, in order, with repeats.
    pub fn columns(&self) -> impl Iterator<Item = usize> + '_ {
        self.words.chunks_exact(3).map(|w| w[1] as usize)
    }

    /// The change log, each change's text before from `before(row, column)`.
    pub fn rebuild<'a>(&self, before: impl Fn(usize, usize) -> &'a str) -> ChangeLog {
        let mut log = ChangeLog::default();
        for (w, after) in self.words.chunks_exact(3).zip(self.after.iter()) {
            let (row, column) = (w[0] as usize, w[1] as usize);
            log.push(row, column, before(row, column), after, self.rules.get(w[2]));
        }
        log
    }

    /// Each changed column of `table` rewritten with the texts after, by
    /// table index, in the order the changes name them. `None` unless
    /// each column's changes are one run in ascending row order, one per
    /// cell, inside the table (as one validation pass makes them).
    pub fn rewrite(&self, table: &Table) -> Option<Vec<(u32, Column)>> {
        let mut columns: Vec<(u32, Column)> = Vec::new();
        let mut at = 0;
        while at < self.len() {
            let column = *self.words.get(at * 3 + 1)?;
            let run = self.words.get(at * 3..)?.chunks_exact(3).take_while(|w| w[1] == column).count();
            if columns.iter().any(|(c, _)| *c == column) {
                return None; // a second run of one column
            }
            let rows = self.words.get(at * 3..(at + run) * 3)?.chunks_exact(3).map(|w| w[0] as usize);
            let texts = (at..at + run).map(|i| self.after.get(i));
            columns.push((column, table.column(column as usize)?.with_replaced(rows.zip(texts))?));
            at += run;
        }
        Some(columns)
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
    message: Span,
    message_zh: Span,
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

/// An issue whose code and messages an [`IssueLog`] holds already: valid
/// for that log only.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct StoredIssue {
    code: u32,
    severity: Severity,
    message: Span,
    message_zh: Span,
}

/// Every problem found in a run.
#[derive(Debug, Clone, Default)]
pub struct IssueLog {
    entries: Blocks<IssueEntry>,
    text: Arena,
    /// Issue codes (a few dozen).
    codes: Interner,
    /// Messages already in `text` by a hash of their text, so a repeated
    /// one is stored once. Keyed by hash rather than by an owned copy:
    /// messages that quote a value (an ambiguous date) can number hundreds
    /// of thousands, and a second copy of each cost more than the texts.
    messages: FxHashMap<u64, Span>,
    /// The last entry's code and messages: a column's problems mostly
    /// repeat the one before, which is cheaper to compare than to look up.
    last: Option<(u32, Span, Span)>,
}

impl IssueLog {
    /// Records `issue` for cell (`row`, `column`), or for the whole row when `column` is `None`.
    pub fn push(&mut self, row: usize, column: Option<usize>, issue: &Issue, value: &str, suggestion: Option<&str>) {
        let stored = self.store(issue);
        self.push_stored(row, column, stored, value, suggestion);
    }

    /// Stores `issue`'s code and messages once, for [`IssueLog::push_stored`]:
    /// a caller that records one issue for many rows (a stale last-contact
    /// date) saves comparing and hashing its messages each time.
    pub fn store(&mut self, issue: &Issue) -> StoredIssue {
        let (code, message, message_zh) = self.texts_of(issue);
        StoredIssue { code, severity: issue.severity, message, message_zh }
    }

    /// Stores `issue` as [`IssueLog::store`] does, without looking its
    /// messages up among those stored: for a caller with an index of its own
    /// whose messages seldom repeat (a stale datetime's, which quotes it to
    /// the second), where the lookup found nothing and its map grew by two
    /// entries per issue. A message stored twice reads back the same.
    /// The messages come as pieces (`en` and `zh` each joined), so no
    /// `String` is made for them.
    pub fn store_new(&mut self, code: &'static str, severity: Severity, en: &[&str], zh: &[&str]) -> StoredIssue {
        let code = self.codes.id(code);
        StoredIssue { code, severity, message: self.text.add_joined(en), message_zh: self.text.add_joined(zh) }
    }

    /// Records a [stored](IssueLog::store) issue, as [`IssueLog::push`] records one.
    pub fn push_stored(&mut self, row: usize, column: Option<usize>, issue: StoredIssue, value: &str, suggestion: Option<&str>) {
        let entry = IssueEntry {
            row: row as u32,
            column: column.map_or(ROW, |c| c as u32),
            code: issue.code,
            severity: issue.severity,
            message: issue.message,
            message_zh: issue.message_zh,
            value: self.text.add(value),
            suggestion: suggestion.map_or(NONE, |s| self.text.add(s)),
        };
        self.entries.push(entry);
    }

    /// Where `issue`'s code, English and Chinese messages are stored.
    fn texts_of(&mut self, issue: &Issue) -> (u32, Span, Span) {
        if let Some(last @ (code, en, zh)) = self.last {
            let same = self.codes.get(code) == issue.code
                && self.text.get(en) == &*issue.en
                && self.text.get(zh) == &*issue.zh;
            if same {
                return last;
            }
        }
        let stored = (self.codes.id(issue.code), self.message(&issue.en), self.message(&issue.zh));
        self.last = Some(stored);
        stored
    }

    /// Stores a message, or finds it stored.
    fn message(&mut self, text: &str) -> Span {
        let hash = FxBuildHasher.hash_one(text);
        match self.messages.get(&hash) {
            Some(&span) if self.text.get(span) == text => span,
            // Two texts with one hash (rare): the second is stored each time.
            Some(_) => self.text.add(text),
            None => {
                let span = self.text.add(text);
                self.messages.insert(hash, span);
                span
            }
        }
    }

    /// Number of problems.
    pub fn len(&self) -> usize {
        self.entries.len()
    }

    /// Whether there are none.
    pub fn is_empty(&self) -> bool {
        self.entries.len() == 0
    }

    /// The problems in the order they were found.
    pub fn iter(&self) -> impl Iterator<Item = CellIssue<'_>> + '_ {
        self.entries.iter().map(|e| self.view(e))
    }

    /// The problem at `index` in the order they were found.
    pub fn get(&self, index: usize) -> Option<CellIssue<'_>> {
        self.entries.get(index).map(|e| self.view(e))
    }

    /// The row of each problem, in order (cheaper than [`IssueLog::iter`]).
    pub fn rows(&self) -> impl Iterator<Item = usize> + Clone + '_ {
        self.entries.iter().map(|e| e.row as usize)
    }

    fn view(&self, e: &IssueEntry) -> CellIssue<'_> {
        CellIssue {
            row: e.row as usize,
            column: (e.column != ROW).then_some(e.column as usize),
            code: self.codes.get(e.code),
            severity: e.severity,
            message: self.text.get(e.message),
            message_zh: self.text.get(e.message_zh),
            value: self.text.get(e.value),
            suggestion: (e.suggestion.start != NONE.start).then(|| self.text.get(e.suggestion)),
        }
    }

    /// Heap bytes held.
    pub fn heap_bytes(&self) -> usize {
        let map_entry = std::mem::size_of::<(u64, Span)>() + 1;
        self.entries.heap_bytes() + self.text.heap_bytes() + self.messages.capacity() * map_entry
    }

    /// Moves every entry of row `r` to row `new_rows[r]` (see [`ChangeLog::renumber_rows`]).
    pub fn renumber_rows(&mut self, new_rows: &[u32]) {
        for entry in self.entries.iter_mut() {
            if let Some(&row) = new_rows.get(entry.row as usize) {
                entry.row = row;
            }
        }
    }

    /// Takes in another worker's log, as [`ChangeLog::merge`] does; row
    /// problems (no column) go after every column's.
    pub fn merge(&mut self, other: IssueLog, rank: &dyn Fn(usize) -> u32) {
        let IssueLog { entries, text, codes, .. } = other;
        let shift = self.text.append(text);
        let code_ids = self.codes.ids_of(&codes);
        let mut moved = entries;
        for e in moved.iter_mut() {
            *e = IssueEntry {
                code: mapped(&code_ids, e.code),
                message: e.message.shifted(shift),
                message_zh: e.message_zh.shifted(shift),
                value: e.value.shifted(shift),
                suggestion: e.suggestion.shifted(shift),
                ..*e
            };
        }
        let key = |e: &IssueEntry| if e.column == ROW { u32::MAX } else { rank(e.column as usize) };
        let entries = std::mem::take(&mut self.entries);
        self.entries = entries.merged(moved, key);
    }

    /// Appends this log to `out`, for [`IssueLog::decode`] in another worker.
    pub fn encode(&self, out: &mut Encoder) {
        let mut words = Vec::with_capacity(self.entries.len() * 12);
        for e in self.entries.iter() {
            let severity = match e.severity {
                Severity::Error => 0,
                Severity::Warning => 1,
            };
            words.extend_from_slice(&[e.row, e.column, e.code, severity]);
            for span in [e.message, e.message_zh, e.value, e.suggestion] {
                words.extend_from_slice(&[span.start, span.len]);
            }
        }
        out.u32s(&words);
        self.text.encode(out);
        self.codes.encode(out);
    }

    /// Reads a log that [`IssueLog::encode`] wrote (see [`ChangeLog::decode`]).
    pub fn decode(input: &mut Decoder) -> Result<IssueLog> {
        let words = input.u32s()?;
        let mut entries = Blocks::default();
        for w in words.chunks_exact(12) {
            let span = |i: usize| Span { start: w[i], len: w[i + 1] };
            entries.push(IssueEntry {
                row: w[0],
                column: w[1],
                code: w[2],
                severity: if w[3] == 0 { Severity::Error } else { Severity::Warning },
                message: span(4),
                message_zh: span(6),
                value: span(8),
                suggestion: span(10),
            });
        }
        let text = Arena::decode(input)?;
        let codes = Interner::decode(input)?;
        Ok(IssueLog { entries, text, codes, ..IssueLog::default() })
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
    fn a_stored_issue_reads_back_as_a_pushed_one() {
        let stale = Issue::warning("record.stale", "last contact 2020-01-02 is old", "最后联系于 2020-01-02");
        let other = Issue::error("email.invalid", "not an email", "不是邮箱");
        let (mut pushed, mut stored) = (IssueLog::default(), IssueLog::default());
        let handle = stored.store(&stale);
        for row in 0..5 {
            // Another issue in between, so the log's "last entry" shortcut does not apply.
            pushed.push(row, Some(1), &other, "x", Some("y"));
            stored.push(row, Some(1), &other, "x", Some("y"));
            pushed.push(row, None, &stale, "", None);
            stored.push_stored(row, None, handle, "", None);
        }
        assert_eq!(pushed.len(), 10);
        assert!(pushed.iter().eq(stored.iter()));
        let last = stored.get(9).expect("ten issues");
        assert_eq!((last.row, last.column, last.code, last.severity), (4, None, "record.stale", Severity::Warning));
        assert_eq!((last.message, last.message_zh), ("last contact 2020-01-02 is old", "最后联系于 2020-01-02"));
    }

    /// Columns 0..4 in rank order 2, 0, 3, 1; even ranks in one log, odd in
    /// the other; enough text that both arenas span several chunks.
    fn logs_by_rank() -> ([(ChangeLog, IssueLog); 2], (ChangeLog, IssueLog)) {
        let order = [2, 0, 3, 1];
        let (mut parts, mut whole): ([(ChangeLog, IssueLog); 2], (ChangeLog, IssueLog)) = Default::default();
        let long = "长".repeat(CHUNK_BYTES / 3 + 1);
        for (rank, &column) in order.iter().enumerate() {
            for row in 0..3000 {
                let before = if row % 1000 == 999 { long.clone() } else { format!("{column}:{row} ") };
                let issue = Issue::error(["a.b", "c.d"][row % 2], format!("en {column}"), format!("中 {column}"));
                let suggestion = (row % 3 == 0).then(|| format!("s{row}"));
                for (changes, issues) in [&mut parts[rank % 2], &mut whole] {
                    changes.push(row, column, &before, before.trim(), ["trim", "email"][row % 2]);
                    issues.push(row, Some(column), &issue, &before, suggestion.as_deref());
                }
            }
        }
        (parts, whole)
    }

    #[test]
    fn merged_logs_read_as_one_log_in_column_order() {
        let rank = |column: usize| [1, 3, 0, 2][column];
        let ([(mut changes, mut issues), (other_changes, other_issues)], (whole_changes, whole_issues)) = logs_by_rank();
        assert!(changes.text.chunks.len() > 2 && other_changes.text.chunks.len() > 2);
        changes.merge(other_changes, &rank);
        issues.merge(other_issues, &rank);
        assert!(changes.iter().eq(whole_changes.iter()));
        assert!(issues.iter().eq(whole_issues.iter()));
        // A log taken in keeps working: a row problem goes last.
        issues.push(7, None, &Issue::warning("record.stale", "old", "旧"), "", None);
        assert_eq!(issues.get(issues.len() - 1).map(|i| (i.row, i.code)), Some((7, "record.stale")));
    }

    #[test]
    fn logs_round_trip_through_bytes() {
        let ([(changes, issues), _], _) = logs_by_rank();
        let mut out = Encoder::default();
        changes.encode(&mut out);
        issues.encode(&mut out);
        let bytes = out.finish();
        let mut input = Decoder::new(&bytes);
        assert!(ChangeLog::decode(&mut input).unwrap().iter().eq(changes.iter()));
        assert!(IssueLog::decode(&mut input).unwrap().iter().eq(issues.iter()));
        input.end().unwrap();
    }

    #[test]
    fn a_log_rebuilt_from_its_cells_and_their_texts_is_the_same_log() {
        let ([(changes, _), _], _) = logs_by_rank();
        let mut out = Encoder::default();
        ChangedCells::of(&changes).encode(&mut out);
        let bytes = out.finish();
        let cells = ChangedCells::decode(&mut Decoder::new(&bytes)).unwrap();
        assert_eq!(cells.len(), changes.len());
        // The texts before as a worker holding the cells as read would give them.
        let before: FxHashMap<(usize, usize), &str> = changes.iter().map(|c| ((c.row, c.column), c.before)).collect();
        let rebuilt = cells.rebuild(|row, column| before.get(&(row, column)).copied().unwrap_or(""));
        assert!(rebuilt.iter().eq(changes.iter()));
        assert!(ChangedCells::decode(&mut Decoder::new(&bytes[..bytes.len() - 1])).is_err());
    }

    #[test]
    fn changed_cells_rewrite_the_columns_as_read() {
        let mut table = Table::new(["a", "b", "c"]);
        for row in 0..20 {
            let cells = [format!(" a{row}"), format!("b{row}"), format!("c{row}")];
            table.push_row(cells.iter().map(String::as_str), row as u64 + 2).unwrap();
        }
        // Column 2, then column 0, as a helper validating them in rank order logs them.
        let mut log = ChangeLog::default();
        for row in (0..20).filter(|r| r % 3 == 0) {
            log.push(row, 2, &format!("c{row}"), &format!("C{row}张"), "trim");
        }
        for row in 0..20 {
            log.push(row, 0, &format!(" a{row}"), &format!("a{row}"), "trim");
        }
        let columns = ChangedCells::of(&log).rewrite(&table).unwrap();
        assert_eq!(columns.iter().map(|(i, _)| *i).collect::<Vec<_>>(), [2, 0]);
        let cells = |c: &Column| c.iter().map(str::to_string).collect::<Vec<_>>();
        let expected_c: Vec<String> = (0..20).map(|r| if r % 3 == 0 { format!("C{r}张") } else { format!("c{r}") }).collect();
        assert_eq!(cells(&columns[0].1), expected_c);
        assert_eq!(cells(&columns[1].1), (0..20).map(|r| format!("a{r}")).collect::<Vec<_>>());
        // A column in two runs, or rows going back, is not what one pass makes: refused.
        let mut split = ChangeLog::default();
        for (row, column) in [(0, 0), (1, 1), (2, 0)] {
            split.push(row, column, "x", "y", "trim");
        }
        assert!(ChangedCells::of(&split).rewrite(&table).is_none());
        let mut backwards = ChangeLog::default();
        for row in [5, 4] {
            backwards.push(row, 1, "x", "y", "trim");
        }
        assert!(ChangedCells::of(&backwards).rewrite(&table).is_none());
    }

    #[test]
    fn texts_survive_chunk_boundaries_and_long_strings() {
        let mut arena = Arena::default();
        let long = "x".repeat(CHUNK_BYTES + 10);
        let mut spans = Vec::new();
        for i in 0..200_000 {
            let text = match i % 1000 {
                7 => long.clone(),
                _ => format!("value {i} 张伟"),
            };
            spans.push((arena.add(&text), text));
        }
        assert!(arena.chunks.len() > 3, "the texts span several chunks");
        for (span, text) in &spans {
            assert_eq!(arena.get(*span), text);
        }
    }

    #[test]
    fn a_change_longer_than_a_chunk_keeps_its_after() {
        let mut log = ChangeLog::default();
        let long = "y".repeat(CHUNK_BYTES + 5);
        log.push(0, 0, "a ", "a", "trim");
        log.push(1, 0, &long, "after", "truncate");
        log.push(2, 0, "b ", "b", "trim");
        let all: Vec<Change> = log.iter().collect();
        assert_eq!((all[1].before.len(), all[1].after), (long.len(), "after"));
        assert_eq!((all[2].before, all[2].after), ("b ", "b"));
    }

    #[test]
    fn blocks_keep_order_past_a_block() {
        let mut log = ChangeLog::default();
        let n = BLOCK_ENTRIES * 2 + 5;
        for row in 0..n {
            log.push(row, 1, &row.to_string(), "", "trim");
        }
        assert_eq!(log.len(), n);
        assert!(log.iter().enumerate().all(|(i, c)| c.row == i && c.before == i.to_string() && c.after.is_empty()));
        assert_eq!(log.entries.blocks.len(), 3);
        let last = log.get(n - 1).unwrap();
        assert_eq!((last.row, last.before), (n - 1, (n - 1).to_string().as_str()));
        assert!(log.get(n).is_none());
        assert!(log.rows().eq(0..n));
    }

    #[test]
    fn merged_blocks_interleave_runs_past_block_ends_as_a_stable_sort_would() {
        // (key, which list, index) with runs of one key that straddle block ends.
        let keys = |n: usize, run: usize, step: u32| (0..n).map(move |i| (i / run) as u32 * step);
        let mine: Vec<(u32, u8, usize)> = keys(BLOCK_ENTRIES + 700, 900, 2).enumerate().map(|(i, k)| (k, 0, i)).collect();
        let theirs: Vec<(u32, u8, usize)> = keys(BLOCK_ENTRIES * 2 + 3, 1300, 3).enumerate().map(|(i, k)| (k, 1, i)).collect();
        let (mut a, mut b) = (Blocks::default(), Blocks::default());
        mine.iter().for_each(|&e| a.push(e));
        b.extend_from_slice(&theirs[..10]);
        b.extend_from_slice(&theirs[10..]);
        let merged = a.merged(b, |e| e.0);
        let mut expected = [mine, theirs].concat();
        expected.sort_by_key(|e| e.0); // stable: mine before theirs on a tie
        assert_eq!(merged.len, expected.len());
        assert!(merged.blocks.iter().rev().skip(1).all(|block| block.len() == BLOCK_ENTRIES));
        assert!((0..expected.len()).all(|i| merged.get(i) == Some(&expected[i])));
    }

    #[test]
    fn merged_blocks_that_follow_each_other_are_appended_past_block_ends() {
        // Mine ends at key 5 with a partly filled block; theirs start at key 5 (a tie: mine first) and go on.
        let mine: Vec<(u32, u8, usize)> = (0..BLOCK_ENTRIES + 70).map(|i| ((i / 1000).min(5) as u32, 0, i)).collect();
        let theirs: Vec<(u32, u8, usize)> = (0..BLOCK_ENTRIES * 2 + 9).map(|i| (5 + (i / 5000) as u32, 1, i)).collect();
        let (mut a, mut b) = (Blocks::default(), Blocks::default());
        mine.iter().for_each(|&e| a.push(e));
        theirs.iter().for_each(|&e| b.push(e));
        let merged = a.merged(b, |e| e.0);
        let expected = [mine, theirs].concat();
        assert_eq!(merged.len, expected.len());
        assert!(merged.blocks.iter().rev().skip(1).all(|block| block.len() == BLOCK_ENTRIES), "full blocks, so get() finds entries");
        assert!((0..expected.len()).all(|i| merged.get(i) == Some(&expected[i])));
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
        assert_eq!(log.codes.texts.len(), 2, "codes are stored once");
        assert_eq!(log.messages.len(), 4, "so are messages");
    }

    #[test]
    fn many_distinct_messages_round_trip() {
        let mut log = IssueLog::default();
        let n = 5000;
        for row in 0..n {
            let issue = Issue::warning("record.stale", format!("last contact {row}"), format!("最后联系 {row}"));
            log.push(row, None, &issue, "", None);
            log.push(row, Some(1), &Issue::error("x.y", "same", "同"), "v", None);
        }
        assert_eq!(log.messages.len(), 2 * n + 2);
        let stale: Vec<CellIssue> = log.iter().filter(|i| i.code == "record.stale").collect();
        assert_eq!(stale.len(), n);
        assert!(stale.iter().all(|i| i.message == format!("last contact {}", i.row)));
        assert!(stale.iter().all(|i| i.message_zh == format!("最后联系 {}", i.row)));
        assert!(log.iter().filter(|i| i.code == "x.y").all(|i| i.message == "same" && i.message_zh == "同"));
    }
}
