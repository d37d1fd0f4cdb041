//! The pipeline: runs the cleaning stages over a table that has been read
//! (infer the column types the profile leaves open, then validate and
//! normalize every column), reporting progress, and accounts for every row,
//! every problem and every changed cell.
//!
//! Front ends (the wasm binding, the CLI) read the input with
//! [`crate::read::Reader`], then call [`clean`]; they never run stages
//! themselves, so the page and the CLI always clean a file the same way.

use serde::Serialize;

use std::collections::BTreeMap;

use crate::anonymize::settings::Transform;
use crate::anonymize::{anonymize, AnonymizeReport, Run};
use crate::error::Result;
use crate::infer::{complete_profile_with_progress, Inferred};
use crate::profile::{OutputOptions, Profile};
use crate::read::{HeaderFix, Problem, ReadOutput, RejectedRow};
use crate::table::Table;
use crate::ledger::{ChangeLog, IssueLog};
use crate::validate::column::{check_table_rows, validate_columns, validate_table, Context, Validated};
use crate::validate::split::{claim_order, column_types, split_columns, Changes, ClaimOrder, Part};
use crate::validate::Severity;
use crate::dedupe::stage::{DedupeSummary, Deduped};
use crate::write::{write_changes, write_clusters, write_duplicates, write_issues, write_rejected, write_table_numbered};

/// How far a stage has got, for progress bars.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Progress<'a> {
    /// The stage's name, e.g. `trim`.
    pub stage: &'a str,
    /// Units done (cells, rows: the stage says).
    pub done: u64,
    /// Units in all.
    pub total: u64,
}

/// The numbers a person looks at after a run (also the CLI's JSON report).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Summary {
    /// Data rows in the input (header excluded).
    pub rows_in: u64,
    /// Rows in the cleaned output.
    pub rows_out: u64,
    /// Rows kept out of the output, each with a reason.
    pub rows_rejected: u64,
    /// Columns in the output.
    pub columns: usize,
    /// Cells whose value a rule changed.
    pub cells_changed: u64,
    /// File format read: `csv`, `xlsx`, `xls`, `ods`.
    pub format: &'static str,
    /// Encoding the input was decoded from (empty for spreadsheets).
    pub encoding: String,
    /// Delimiter the input was split on.
    pub delimiter: String,
    /// Quote character of the input.
    pub quote: String,
    /// Whether the first row was taken as the header.
    pub has_header: bool,
    /// Worksheet read, for spreadsheets.
    pub sheet: Option<String>,
    /// Header names that were changed to be usable and unique.
    pub header_fixes: Vec<HeaderFix>,
    /// Cells written with a leading `'` so spreadsheet programs do not run them as formulas.
    pub formula_cells_neutralized: u64,
    /// Problems found while reading, with their lines.
    pub problems: Vec<Problem>,
    /// Things worth knowing that are not problems with a line ("no data rows").
    pub notices: Vec<String>,
    /// Heap bytes held by the table after cleaning.
    pub table_bytes: u64,
    /// Heap bytes held by the change log and the issue log.
    pub log_bytes: u64,
    /// Each column's type: inferred (with confidence and warnings) or from the profile.
    pub column_types: Vec<ColumnSummary>,
    /// Cell and row problems found by validation.
    pub issues: u64,
    /// Of those, errors (the rest are warnings).
    pub issue_errors: u64,
    /// Problems by code, e.g. `{"email.domain_typo": 12}`.
    pub issues_by_code: BTreeMap<String, u64>,
    /// Rows whose last-contact date is older than the profile's limit.
    pub rows_stale: u64,
    /// What anonymization did (per column and transform) and the k-anonymity check; absent when off.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub anonymization: Option<AnonymizeReport>,
    /// The quality report, before and after cleaning (empty for `convert`).
    pub quality: crate::report::Quality,
    /// Rows merged into another row as duplicates:
    /// `rows_in = rows_out + rows_merged + rows_rejected`.
    pub rows_merged: u64,
    /// What deduplication did (`None` when it was off).
    pub dedupe: Option<DedupeSummary>,
}

/// One column's type as used for the run.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ColumnSummary {
    /// Header.
    pub name: String,
    /// Type name (`email`, `full_name`...).
    #[serde(rename = "type")]
    pub kind: &'static str,
    /// Inference's confidence (0–1), or `None` when the profile set the type.
    pub confidence: Option<f64>,
    /// Inference's warnings.
    pub warnings: Vec<String>,
}

/// Everything a run produced.
#[derive(Debug, Clone)]
pub struct Cleaned {
    /// The cleaned rows.
    pub table: Table,
    /// Rows kept out of the output.
    pub rejected: Vec<RejectedRow>,
    /// Every changed cell.
    pub changes: ChangeLog,
    /// Every problem validation found.
    pub issues: IssueLog,
    /// The profile as run: the given one with every column's type filled in.
    pub profile: Profile,
    /// What inference concluded for the columns the profile left open.
    pub inferred: Vec<Inferred>,
    /// The numbers.
    pub summary: Summary,
    /// Deduplication's outputs (`None` when it was off).
    pub dedupe: Option<Deduped>,
    /// Input row numbers by source line, for every data row read.
    numbers: RowNumbers,
    /// Source lines of the rows merged away as duplicates. The logs number
    /// them after the table's rows: log row `table.rows() + k` is merged row `k`.
    merged_lines: Vec<u64>,
}

/// The 1-based input data row number (`source_row`) of every data row the
/// reader saw, kept or rejected, found by its source line. Numbers are fixed
/// once reading is done: later stages move rows (to the rejected rows, into
/// a duplicate cluster) but never renumber the input.
#[derive(Debug, Clone, Default)]
struct RowNumbers {
    /// Source lines of all data rows, ascending.
    lines: Vec<u64>,
}

impl RowNumbers {
    fn new(table: &Table, rejected: &[RejectedRow]) -> RowNumbers {
        let mut lines: Vec<u64> = (0..table.rows()).map(|r| table.source_line(r)).chain(rejected.iter().map(|r| r.line)).collect();
        lines.sort_unstable();
        RowNumbers { lines }
    }

    /// The `source_row` of the row read at `line` (0 for a line no row came from).
    fn of(&self, line: u64) -> u64 {
        self.lines.binary_search(&line).map_or(0, |i| i as u64 + 1)
    }
}

impl Cleaned {
    /// The 1-based input data row number of each output row and of each
    /// rejected row, both in input order.
    pub fn source_rows(&self) -> (Vec<u64>, Vec<u64>) {
        let kept = (0..self.table.rows()).map(|r| self.numbers.of(self.table.source_line(r))).collect();
        let rejected = self.rejected.iter().map(|r| self.numbers.of(r.line)).collect();
        (kept, rejected)
    }

    /// The `source_row` of every row the logs name: the table's rows, then
    /// the rows merged away (see `merged_lines`).
    fn log_rows(&self) -> Vec<u64> {
        let mut rows = self.source_rows().0;
        rows.extend(self.merged_lines.iter().map(|&line| self.numbers.of(line)));
        rows
    }

    /// Writes the cleaned CSV (with a `source_row` column first when
    /// `row_numbers`) and counts what writing changed into the summary.
    pub fn write<W: std::io::Write>(&mut self, options: &OutputOptions, row_numbers: bool, out: W) -> Result<()> {
        let numbers = row_numbers.then(|| self.source_rows().0);
        let stats = write_table_numbered(&self.table, options, numbers.as_deref(), out)?;
        self.summary.formula_cells_neutralized = stats.formula_cells_neutralized;
        Ok(())
    }

    /// Writes the issues as CSV: source_row, column, code, severity, message, value, suggestion.
    pub fn write_issues<W: std::io::Write>(&self, options: &OutputOptions, out: W) -> Result<()> {
        write_issues(&self.issues, &self.table, &self.log_rows(), options, out)
    }

    /// Writes the changes as CSV: source_row, column, before, after, rule.
    pub fn write_changes<W: std::io::Write>(&self, options: &OutputOptions, out: W) -> Result<()> {
        write_changes(&self.changes, &self.table, &self.log_rows(), options, out)
    }

    /// Writes the rejected rows as CSV (with `source_row` first when `row_numbers`).
    pub fn write_rejected<W: std::io::Write>(&self, options: &OutputOptions, row_numbers: bool, out: W) -> Result<()> {
        let numbers = row_numbers.then(|| self.source_rows().1);
        write_rejected(&self.rejected, options, numbers.as_deref(), out)
    }

    /// Writes the rows merged away as CSV: source_row, survivor_row,
    /// cluster, score, reason, then the row's cells. Header only when
    /// deduplication was off.
    pub fn write_duplicates<W: std::io::Write>(&self, options: &OutputOptions, out: W) -> Result<()> {
        let rows = self.dedupe.as_ref().map_or(&[][..], |d| &d.duplicates);
        write_duplicates(self.table.headers(), rows, options, out)
    }

    /// Writes one line per row that reached deduplication: source_row,
    /// cluster_id, is_survivor, score, matched_keys.
    pub fn write_clusters<W: std::io::Write>(&self, options: &OutputOptions, out: W) -> Result<()> {
        let rows = self.dedupe.as_ref().map_or(&[][..], |d| &d.clusters);
        write_clusters(rows, options, out)
    }
}

/// Runs every stage over what was read, with no date known: checks that
/// need today (stale records, far-future dates) are off. Front ends call [`clean_on`].
pub fn clean(read: ReadOutput, profile: &Profile, progress: &mut dyn FnMut(Progress)) -> Result<Cleaned> {
    clean_on(read, profile, &Context { today: (0, 0, 0) }, progress)
}

/// Runs every stage over what was read: infer the column types the profile
/// leaves open, then validate and normalize every column.
pub fn clean_on(
    mut read: ReadOutput,
    profile: &Profile,
    context: &Context,
    progress: &mut dyn FnMut(Progress),
) -> Result<Cleaned> {
    let (profile, inferred) = infer(&read.table, profile, progress);
    let mut table = std::mem::take(&mut read.table);
    let mut changes = ChangeLog::default();
    let validated = validate_table(&mut table, &profile, context, &mut changes, progress)?;
    later_stages(read, table, profile, inferred, changes, validated, context, progress)
}

/// The inference stage: the profile with every column's type filled in.
fn infer(table: &Table, profile: &Profile, progress: &mut dyn FnMut(Progress)) -> (Profile, Vec<Inferred>) {
    let width = table.width() as u64;
    progress(Progress { stage: "infer", done: 0, total: width });
    let completed = complete_profile_with_progress(profile, table, &mut |done| {
        progress(Progress { stage: "infer", done: done as u64, total: width })
    });
    progress(Progress { stage: "infer", done: width, total: width });
    completed
}

/// A run whose columns are validated in parts, by this worker and by
/// helpers (see [`crate::validate::split`]): [`Validation::start`] infers
/// the profile, [`Validation::validate_part`] validates one part's columns,
/// and then either [`Validation::into_part`] hands a helper's work back, or
/// [`Validation::add_part`] takes it in and [`Validation::finish`] runs the
/// rest. The result is the same as [`clean_on`]'s, byte for byte.
pub struct Validation {
    read: ReadOutput,
    profile: Profile,
    inferred: Vec<Inferred>,
    changes: ChangeLog,
    issues: IssueLog,
    /// Whether each table column has been validated (by this worker or a helper).
    validated: Vec<bool>,
    /// The part of how many this worker validated, once it has.
    part: Option<(u32, u32)>,
    /// The logs of columns validated one at a time ([`Validation::validate_column`]),
    /// by the column's rank: merged into the run's logs in rank order, once.
    pending: Vec<(u32, ChangeLog, IssueLog)>,
}

impl Validation {
    /// Infers the profile's open column types: the start of every run.
    pub fn start(read: ReadOutput, profile: &Profile, progress: &mut dyn FnMut(Progress)) -> Validation {
        let (profile, inferred) = infer(&read.table, profile, progress);
        let validated = vec![false; read.table.width()];
        Validation {
            read,
            profile,
            inferred,
            changes: ChangeLog::default(),
            issues: IssueLog::default(),
            validated,
            part: None,
            pending: Vec::new(),
        }
    }

    /// Validates the columns of part `part` of `parts` (see [`split_columns`]).
    pub fn validate_part(&mut self, part: u32, parts: u32, context: &Context, progress: &mut dyn FnMut(Progress)) -> Result<()> {
        let split = split_columns(&self.profile, &self.read.table, parts);
        let mine = |index: usize| split.get(index).copied().flatten() == Some(part);
        self.validate_where(&mine, context, progress)?;
        self.part = Some((part, parts));
        Ok(())
    }

    /// The typed columns' table indices in the order two workers claim them
    /// (see [`claim_order`]): the main worker from the front, a helper from the back.
    pub fn claim_order(&self) -> ClaimOrder {
        claim_order(&self.profile, &self.read.table)
    }

    /// Validates the column at table index `index`, unless it is validated
    /// already or untyped. `before`: how many columns the workers had
    /// validated or taken before this one, so that the validation stage's
    /// progress (in rows over every column) counts on across claims.
    pub fn validate_column(&mut self, index: usize, before: usize, context: &Context, progress: &mut dyn FnMut(Progress)) -> Result<()> {
        if self.validated.get(index).copied().unwrap_or(true) {
            return Ok(());
        }
        let rows = self.read.table.rows() as u64;
        let position = self.profile.columns.iter().position(|c| self.read.table.headers().position(|h| h == c.name) == Some(index));
        let Some(position) = position else { return Ok(()) };
        // validate_columns counts this column's rows from its profile position; count them from `before` instead.
        let (from, to) = (position as u64 * rows, before as u64 * rows);
        let mut report = |p: Progress| match p.stage {
            "validate" => progress(Progress { done: to + p.done.saturating_sub(from), ..p }),
            _ => progress(p),
        };
        let (mut changes, mut issues) = (ChangeLog::default(), IssueLog::default());
        validate_columns(&mut self.read.table, &self.profile, context, &|i| i == index, &mut changes, &mut issues, &mut report)?;
        if let Some(done) = self.validated.get_mut(index) {
            *done = true;
        }
        let rank = self.column_ranks().get(index).copied().unwrap_or(u32::MAX - 1);
        self.pending.push((rank, changes, issues));
        Ok(())
    }

    /// Merges the logs of the columns validated one at a time, in rank order
    /// (each appended after the ones before, without a merge's copy).
    fn merge_pending(&mut self) {
        let mut pending = std::mem::take(&mut self.pending);
        pending.sort_by_key(|(rank, ..)| *rank);
        for (_, changes, issues) in pending {
            self.merge_logs(changes, issues);
        }
    }

    /// Validates the columns `only` accepts that are not validated yet, into
    /// the logs in the profile's column order.
    fn validate_where(&mut self, only: &dyn Fn(usize) -> bool, context: &Context, progress: &mut dyn FnMut(Progress)) -> Result<()> {
        self.merge_pending();
        let pending = |index: usize| only(index) && !self.validated.get(index).copied().unwrap_or(true);
        let (mut changes, mut issues) = (ChangeLog::default(), IssueLog::default());
        validate_columns(&mut self.read.table, &self.profile, context, &pending, &mut changes, &mut issues, progress)?;
        let done: Vec<usize> = (0..self.validated.len()).filter(|&i| pending(i)).collect();
        done.into_iter().for_each(|i| self.validated[i] = true);
        self.merge_logs(changes, issues);
        Ok(())
    }

    /// Merges logs of other columns into this run's, in the profile's column order.
    fn merge_logs(&mut self, changes: ChangeLog, issues: IssueLog) {
        let rank = self.column_ranks();
        let rank = |index: usize| rank.get(index).copied().unwrap_or(u32::MAX - 1);
        // An empty side needs no merge (a merge copies every entry).
        if self.changes.is_empty() {
            self.changes = changes;
        } else if !changes.is_empty() {
            self.changes.merge(changes, &rank);
        }
        if self.issues.is_empty() {
            self.issues = issues;
        } else if !issues.is_empty() {
            self.issues.merge(issues, &rank);
        }
    }

    /// Each table column's place in the profile's order: the order in which
    /// one worker validates them, so the order of their log entries.
    fn column_ranks(&self) -> Vec<u32> {
        let mut rank = vec![u32::MAX - 1; self.read.table.width()];
        for (position, column) in self.profile.columns.iter().enumerate().rev() {
            if let Some(index) = self.read.table.headers().position(|h| h == column.name) {
                rank[index] = position as u32;
            }
        }
        rank
    }

    /// What this helper validated, for the main worker's [`Validation::add_part`].
    pub fn into_part(mut self) -> Part {
        self.merge_pending();
        let (part, parts) = self.part.unwrap_or((0, 1));
        let validated: Vec<u32> = (0..self.validated.len() as u32).filter(|&i| self.validated[i as usize]).collect();
        let Validation { read, profile, changes, issues, .. } = self;
        let rows = read.table.rows() as u32;
        let changes = Changes::of(changes, &profile);
        // With the texts after in the changes, the main worker rewrites the
        // columns from its own cells as read. Else the rewritten columns go
        // whole; only those that changed: the others are as the main worker read them.
        let columns = match &changes {
            Changes::Cells(_) => Vec::new(),
            Changes::Log(log) => {
                let changed: std::collections::BTreeSet<u32> = log.iter().map(|c| c.column as u32).collect();
                (0..).zip(read.table.into_columns()).filter(|(index, _)| changed.contains(index) && validated.contains(index)).collect()
            }
        };
        Part { part, parts, types: column_types(&profile), rows, validated, columns, changes, issues }
    }

    /// Takes in a helper's [`Part`]: its rewritten columns replace the
    /// ones read here, its logs are merged in column order.
    pub fn add_part(&mut self, part: Part) -> Result<()> {
        part.check_fits(&self.profile, &self.read.table)?;
        if part.validated.iter().any(|&i| self.validated.get(i as usize).copied().unwrap_or(true)) {
            return Err(crate::Error::Part("it validated columns this worker validated too".into()));
        }
        self.merge_pending();
        let Part { validated, columns, changes, issues, .. } = part;
        let (changes, columns) = match changes {
            Changes::Log(log) => (log, columns),
            Changes::Cells(cells) => {
                // Before: the cells as read here; after: the part's texts,
                // which also rewrite the columns as read here.
                let table = &self.read.table;
                let rewritten = cells
                    .rewrite(table)
                    .ok_or_else(|| crate::Error::Part("its changes are not one run per column in row order".into()))?;
                (cells.rebuild(|row, column| table.cell(row, column)), rewritten)
            }
        };
        for (index, column) in columns {
            self.read.table.replace_column(index as usize, column);
        }
        for index in validated {
            if let Some(done) = self.validated.get_mut(index as usize) {
                *done = true;
            }
        }
        self.merge_logs(changes, issues);
        Ok(())
    }

    /// Validates the columns no part has, then runs the row checks and every later stage.
    pub fn finish(mut self, context: &Context, progress: &mut dyn FnMut(Progress)) -> Result<Cleaned> {
        self.validate_where(&|_| true, context, progress)?;
        let Validation { mut read, profile, inferred, changes, issues, .. } = self;
        let table = std::mem::take(&mut read.table);
        let validated = check_table_rows(&table, &profile, context, issues, progress);
        later_stages(read, table, profile, inferred, changes, validated, context, progress)
    }
}

/// Everything after validation: dedupe, the report, anonymization, and the results put together.
#[allow(clippy::too_many_arguments)]
fn later_stages(
    mut read: ReadOutput,
    mut table: Table,
    profile: Profile,
    inferred: Vec<Inferred>,
    mut changes: ChangeLog,
    mut validated: Validated,
    context: &Context,
    progress: &mut dyn FnMut(Progress),
) -> Result<Cleaned> {
    let numbers = RowNumbers::new(&table, &read.rejected);
    let mut deduped = None;
    if profile.dedupe.enabled {
        progress(Progress { stage: "dedupe", done: 0, total: table.rows() as u64 });
        let (merged, outcome, merged_lines) = dedupe(table, &profile, &numbers, &mut changes, &mut validated.issues, progress)?;
        table = merged;
        deduped = Some((outcome, merged_lines));
    }
    // The report measures the cleaned data before anonymization: masks and
    // tokens would read as collisions and blanks, which is not its quality.
    let quality = report(&table, &profile, &changes, &validated, progress);
    let merged_rows = deduped.as_ref().map_or(0, |(_, lines)| lines.len());
    let headers: Vec<String> = table.headers().map(String::from).collect();
    let anonymized = anonymize(
        Run {
            table: &mut table,
            rejected: &mut read.rejected,
            changes: &mut changes,
            issues: &mut validated.issues,
            problems: &mut read.problems,
            merged_rows,
        },
        &profile,
        context.today,
    )?;
    read.table = table;
    let mut cleaned = assemble(read, changes, validated, profile, inferred);
    cleaned.numbers = numbers;
    if let Some((mut outcome, merged_lines)) = deduped {
        if anonymized.is_some() {
            hide_anonymized_columns(&mut outcome, &cleaned.profile, &headers);
        }
        cleaned.summary.rows_merged = outcome.summary.rows_merged;
        cleaned.summary.dedupe = Some(outcome.summary.clone());
        cleaned.merged_lines = merged_lines;
        cleaned.dedupe = Some(outcome);
    }
    cleaned.summary.anonymization = anonymized;
    cleaned.summary.quality = quality;
    Ok(cleaned)
}

/// The dedupe stage, and the logs renumbered for the merged table: a kept
/// row's entries follow it to its new row, a merged-away row's entries go
/// after the table's rows (in input order). Returns the merged table, the
/// stage's outputs and the source lines of the merged-away rows.
fn dedupe(
    table: Table,
    profile: &Profile,
    numbers: &RowNumbers,
    changes: &mut ChangeLog,
    issues: &mut IssueLog,
    progress: &mut dyn FnMut(Progress),
) -> Result<(Table, Deduped, Vec<u64>)> {
    let lines: Vec<u64> = (0..table.rows()).map(|r| table.source_line(r)).collect();
    let sources: Vec<u64> = lines.iter().map(|&line| numbers.of(line)).collect();
    let (merged, outcome) = crate::dedupe::stage::run(table, profile, &sources, changes, progress)?;
    let (mut new_rows, mut merged_lines) = (Vec::with_capacity(lines.len()), Vec::new());
    for (row, source) in sources.iter().enumerate() {
        let new_row = match outcome.kept_sources.binary_search(source) {
            Ok(kept) => kept,
            Err(_) => {
                merged_lines.push(lines[row]);
                merged.rows() + merged_lines.len() - 1
            }
        };
        new_rows.push(new_row as u32);
    }
    changes.renumber_rows(&new_rows);
    issues.renumber_rows(&new_rows);
    Ok((merged, outcome, merged_lines))
}

/// With anonymization on, the duplicates file and the review queue would
/// still show the original values of anonymized columns: those cells are
/// blanked there, and dropped columns left out, as in the output.
/// `headers` are the columns before anonymization, the order of their cells.
fn hide_anonymized_columns(outcome: &mut Deduped, profile: &Profile, headers: &[String]) {
    let transform = |i: usize| headers.get(i).and_then(|name| profile.anonymize.columns.get(name));
    let hide = |cells: &mut Vec<String>| {
        let old = std::mem::take(cells);
        for (i, mut cell) in old.into_iter().enumerate() {
            match transform(i) {
                Some(Transform::Drop) => continue,
                Some(Transform::Keep) | None => {}
                Some(_) => cell.clear(),
            }
            cells.push(cell);
        }
    };
    outcome.duplicates.iter_mut().for_each(|d| hide(&mut d.cells));
    for pair in &mut outcome.review {
        pair.values.iter_mut().for_each(hide);
    }
}

/// The report stage: quality before and after, from the table and the two logs.
fn report(
    table: &Table,
    profile: &Profile,
    changes: &ChangeLog,
    validated: &Validated,
    progress: &mut dyn FnMut(Progress),
) -> crate::report::Quality {
    let total = (table.rows() * table.width()) as u64;
    progress(Progress { stage: "report", done: 0, total });
    let mut cells = |done| progress(Progress { stage: "report", done, total });
    let quality =
        crate::report::quality(table, profile, changes, &validated.issues, validated.stale_rows as u64, &mut cells);
    progress(Progress { stage: "report", done: total, total });
    quality
}

/// Reading only, no stages: what `convert` writes.
pub fn pass_through(read: ReadOutput) -> Cleaned {
    assemble(read, ChangeLog::default(), Validated::default(), Profile::default(), Vec::new())
}

/// Puts the run's results and its summary together.
fn assemble(read: ReadOutput, changes: ChangeLog, validated: Validated, profile: Profile, inferred: Vec<Inferred>) -> Cleaned {
    let ReadOutput { table, rejected, problems, header_fixes, rows_in, format, encoding, dialect, sheet } = read;
    let numbers = RowNumbers::new(&table, &rejected);
    let mut notices = Vec::new();
    if rows_in == 0 {
        notices.push("no data rows: the file has a header but no rows below it".to_string());
    }
    let mut issues_by_code = BTreeMap::new();
    let mut issue_errors = 0;
    for issue in validated.issues.iter() {
        *issues_by_code.entry(issue.code.to_string()).or_insert(0) += 1;
        issue_errors += u64::from(issue.severity == Severity::Error);
    }
    let column_types = profile
        .columns
        .iter()
        .map(|c| {
            let guess = inferred.iter().find(|i| i.name == c.name);
            ColumnSummary {
                name: c.name.clone(),
                kind: c.kind.as_str(),
                confidence: guess.map(|g| g.confidence),
                warnings: guess.map(|g| g.warnings.clone()).unwrap_or_default(),
            }
        })
        .collect();
    let summary = Summary {
        rows_in,
        rows_out: table.rows() as u64,
        rows_rejected: rejected.len() as u64,
        columns: table.width(),
        cells_changed: changes.len() as u64,
        format,
        encoding,
        delimiter: char::from(dialect.delimiter).to_string(),
        quote: char::from(dialect.quote).to_string(),
        has_header: dialect.has_header,
        sheet,
        header_fixes,
        formula_cells_neutralized: 0,
        problems,
        notices,
        table_bytes: table.heap_bytes() as u64,
        log_bytes: (changes.heap_bytes() + validated.issues.heap_bytes()) as u64,
        column_types,
        issues: validated.issues.len() as u64,
        issue_errors,
        issues_by_code,
        rows_stale: validated.stale_rows as u64,
        anonymization: None,
        quality: Default::default(),
        rows_merged: 0,
        dedupe: None,
    };
    Cleaned { table, rejected, changes, issues: validated.issues, profile, inferred, summary, dedupe: None, numbers, merged_lines: Vec::new() }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::read::{read_bytes, ReadOptions};

    #[test]
    fn every_row_is_accounted_for() {
        let read = read_bytes(b"a,b\n x ,y\n1,2,3\n4\n", ReadOptions::default()).unwrap();
        let out = clean(read, &Profile::default(), &mut |_| {}).unwrap();
        let s = &out.summary;
        assert_eq!((s.rows_in, s.rows_out, s.rows_rejected), (3, 2, 1));
        assert_eq!(s.rows_in, s.rows_out + s.rows_merged + s.rows_rejected);
        assert_eq!(s.cells_changed, 1);
        assert_eq!(s.problems.len(), 1);
        assert!(s.notices.is_empty());
    }

    #[test]
    fn source_rows_interleave_kept_and_rejected_rows() {
        let read = read_bytes(b"a,b\n1,2\n3,4,5\n6,7\n8,9,10\n11,12\n", ReadOptions::default()).unwrap();
        let out = clean(read, &Profile::default(), &mut |_| {}).unwrap();
        assert_eq!(out.source_rows(), (vec![1, 3, 5], vec![2, 4]));
    }

    #[test]
    fn trim_can_be_switched_off() {
        let read = read_bytes(b"a\n x \n", ReadOptions::default()).unwrap();
        let mut profile = Profile::default();
        profile.normalize.trim = false;
        profile.normalize.text = false;
        let out = clean(read, &profile, &mut |_| {}).unwrap();
        assert_eq!(out.table.cell(0, 0), " x ");
        assert_eq!(out.summary.cells_changed, 0);
    }

    #[test]
    fn header_only_file_gets_a_notice() {
        let read = read_bytes(b"a,b\n", ReadOptions::default()).unwrap();
        let out = clean(read, &Profile::default(), &mut |_| {}).unwrap();
        assert_eq!(out.summary.rows_in, 0);
        assert!(out.summary.notices[0].contains("no data rows"));
    }

    #[test]
    fn rows_keep_their_numbers_through_dedupe_and_suppression() {
        let csv = "name,email,city\nAnn Lee,ann@example.com,Beijing\nBob Wu,bob@example,Shanghai\n\
                   Ann Lee,ANN@example.com,Beijing\nx,y,z,w\nCarl Ma,carl@example.com,Lhasa\n\
                   Dan Xu,dan@example.com,Shanghai\nEve Li,eve@example.com,Beijing\n";
        let read = read_bytes(csv.as_bytes(), ReadOptions::default()).unwrap();
        let profile = Profile::from_json(
            r#"{"version": 1, "anonymize": {"quasi_identifiers": ["city"], "k": 2, "enforce_k": "suppress"}}"#,
        )
        .unwrap();
        let out = clean(read, &profile, &mut |_| {}).unwrap();
        let s = &out.summary;
        assert_eq!((s.rows_in, s.rows_out, s.rows_merged, s.rows_rejected), (7, 4, 1, 2));
        assert_eq!(out.source_rows(), (vec![1, 2, 6, 7], vec![4, 5]));
        let mut issues = Vec::new();
        out.write_issues(&profile.output, &mut issues).unwrap();
        let issues = String::from_utf8(issues).unwrap();
        assert!(issues.lines().any(|l| l.starts_with("2,email,")), "{issues}");
        let mut changes = Vec::new();
        out.write_changes(&profile.output, &mut changes).unwrap();
        let changes = String::from_utf8(changes).unwrap();
        // The merged-away row's own change (its email lower-cased) keeps its number, 3.
        assert!(changes.lines().any(|l| l.starts_with("3,email,ANN@example.com,ann@example.com")), "{changes}");
    }
}
