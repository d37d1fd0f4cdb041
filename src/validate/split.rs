//! Validation split over workers: which columns each of several workers
//! validates, and the bytes a worker hands back for its share.
//!
//! Validation works column by column, and the columns do not depend on
//! each other (a phone or postal column reads the row's country from the
//! country column as it was read, not as it was cleaned), so a browser tab
//! with two cores can validate half the columns in each of two workers.
//! Both workers hold the same table and infer the same profile from it (both
//! are deterministic). Then either they claim the columns one at a time
//! from the two ends of one order ([`claim_order`]; the page answers each
//! claim, so a worker that runs slower takes fewer), or, without anyone to
//! answer claims, [`split_columns`] gives every column to one part by its
//! expected cost, so both sides agree on the split without talking.
//! A helper worker sends a [`Part`] back; the main worker merges it
//! ([`crate::pipeline::Validation::add_part`]) so that the table and both
//! logs come out exactly as one worker would have made them.

use crate::codec::{Decoder, Encoder};
use crate::error::{Error, Result};
use crate::ledger::{ChangeLog, ChangedCells, IssueLog};
use crate::profile::{ColumnType, Profile};
use crate::table::{Column, Table};

/// Identifies this format: a part from another build of the module is refused.
const MAGIC: u32 = 0x4352_4d31; // "CRM1"

/// Expected nanoseconds per cell of a column of `kind`, before the cost of
/// its bytes: measured per column in Chromium, where the split runs, on the
/// benchmark file (1M rows, `node benches/column-costs.mjs`; BENCHMARKS.md,
/// "Issue 4's pipeline, session 12"). Native times (`column_timing` in the
/// tests) differ by column: phones cost 1.6× their native time in wasm,
/// emails 1.2×. Types the benchmark file lacks (Chinese ID numbers, URLs,
/// numbers) are scaled from their native times. Only the balance of the
/// split depends on these numbers, never its result.
fn cell_cost(kind: ColumnType) -> u64 {
    match kind {
        ColumnType::Phone | ColumnType::Mobile | ColumnType::Landline => 970,
        ColumnType::CnId => 350,
        ColumnType::Email => 170,
        ColumnType::Date | ColumnType::Datetime => 280,
        ColumnType::Url | ColumnType::Number | ColumnType::Currency => 200,
        ColumnType::PostalCode => 115,
        ColumnType::Country => 80,
        ColumnType::RecordId => 70,
        ColumnType::FullName | ColumnType::GivenName | ColumnType::FamilyName | ColumnType::Gender => 60,
        // Free text (company, address, notes...): cleaned, not parsed.
        _ => 30,
    }
}

/// Expected nanoseconds per cell of a helper's column of `kind` for the
/// main worker to take it in once the part arrives (decode the changes,
/// rewrite the column, rebuild its change log, merge the logs): about
/// 215 ns per changed cell in Chromium on the benchmark file (natively 266
/// ms for a part of 1.39M changes), times the share of cells a type's
/// normalization usually rewrites there: phones to E.164 (90%), country
/// names to codes (83%), emails (17%); names and text only where spaces
/// are trimmed. Dates (58% rewritten, so 125 by that reckoning) are
/// charged what a date column in the helper's part was seen to cost in
/// Chromium in session 14: the time from the part's arrival to the end
/// of validation grew by 80–530 ms (1M rows) over rounds without one, about
/// what validating the column costs, so they are the main worker's only.
/// Guesses for the types the file lacks. Only the balance of the split
/// depends on these numbers.
fn intake_cost(kind: ColumnType) -> u64 {
    match kind {
        ColumnType::Phone | ColumnType::Mobile | ColumnType::Landline => 190,
        ColumnType::Country | ColumnType::Gender => 180,
        ColumnType::Date | ColumnType::Datetime => 400,
        ColumnType::Url | ColumnType::Number | ColumnType::Currency => 100,
        ColumnType::Email => 40,
        _ => 10,
    }
}

/// Expected nanoseconds per byte of text, on top of [`cell_cost`] (text cleaning).
const BYTE_COST: u64 = 5;

/// Expected nanoseconds per row that a helper spends besides validating
/// its columns and the main worker does not: putting the main worker's
/// half of the file before its own rows (src/read/halves.rs), then
/// encoding its part and sending it, which the main worker waits for. A
/// helper starts with this much load, so that its part arrives as the main
/// worker finishes its own columns rather than after. From Chromium: with
/// 70 ns the helper's part arrived 139–167 ms before the main worker's
/// columns were done, with 408 ms less of the benchmark file's column work
/// than the main worker; with 178 ms less (another split), 106–432 ms after
/// (median 180 ms). Both say about 300 ms for 1M rows.
const PART_ROW_COST: u64 = 300;

/// The part (`0..parts`) that validates each column of `table`, by index;
/// `None` for columns the profile does not type (nobody validates them).
/// With two parts, the split that ends soonest (`best_two_way`): the
/// parts finish at about the same time, and the columns whose changes cost
/// most to take in (phones, countries, dates) tend to stay with the main
/// worker. With more parts, columns go to the least loaded part, the
/// costliest first (a helper's load starts at the cost of sending its part
/// back). Deterministic: the same table and profile give the same split in
/// every worker.
pub fn split_columns(profile: &Profile, table: &Table, parts: u32) -> Vec<Option<u32>> {
    let cost = column_costs(profile, table);
    let typed = cost.iter().enumerate().filter_map(|(i, c)| c.map(|c| (i, (c.validate, c.intake))));
    let mut order: Vec<(usize, (u64, u64))> = typed.collect();
    order.sort_by_key(|&(index, (cost, _))| (std::cmp::Reverse(cost), index));
    let head_start = PART_ROW_COST * table.rows() as u64;
    let mut part_of = vec![None; table.width()];
    if parts == 2 && order.len() <= MAX_EXACT_COLUMNS {
        let costs: Vec<(u64, u64)> = order.iter().map(|&(_, c)| c).collect();
        let helpers = best_two_way(&costs, head_start);
        for (bit, &(index, _)) in order.iter().enumerate() {
            part_of[index] = Some(u32::from(helpers & (1 << bit) != 0));
        }
        return part_of;
    }
    let mut load: Vec<u64> = (0..parts.max(1)).map(|part| if part == 0 { 0 } else { head_start }).collect();
    for (index, (cost, _)) in order {
        let Some((part, least)) = load.iter_mut().enumerate().min_by_key(|(part, load)| (**load, *part)) else { break };
        *least += cost;
        part_of[index] = Some(part as u32);
    }
    part_of
}

/// The order in which two workers claim the typed columns of `table` one at
/// a time (`Validation::validate_column`), as table indices: the main
/// worker takes from the front, the helper from the back, until they meet.
/// Nothing is fixed in advance, so a worker that runs slower in one run
/// (a busy core, a helper that starts late) just takes fewer columns.
///
/// The front holds the columns that cost the main worker most to take in
/// from a helper (`intake_cost` of 100 ns a cell or more: phones,
/// countries, dates; most of their cells change), the back the others.
/// First come the columns that cost more to take in than to validate
/// (countries, genders, dates), which only the main worker may claim
/// ([`ClaimOrder::main_only`]); then the rest of the front, costliest first;
/// then the back, costliest last, so that the helper starts with it. Both
/// ends start with big columns and meet at small ones, so the workers finish
/// within about one small column of each other. Deterministic: both workers
/// compute the same order.
pub fn claim_order(profile: &Profile, table: &Table) -> ClaimOrder {
    let typed = column_costs(profile, table).into_iter().enumerate().filter_map(|(i, c)| c.map(|c| (i, c)));
    let (front, mut back): (Vec<_>, Vec<_>) = typed.partition(|(_, c)| c.intake >= KEEP_INTAKE * c.cells);
    let (mut main_only, mut front): (Vec<_>, Vec<_>) = front.into_iter().partition(|(_, c)| c.intake >= c.validate);
    main_only.sort_by_key(|&(index, c)| (std::cmp::Reverse(c.validate), index));
    front.sort_by_key(|&(index, c)| (std::cmp::Reverse(c.validate), index));
    back.sort_by_key(|&(index, c)| (c.validate, std::cmp::Reverse(index)));
    let main_only_len = main_only.len();
    let columns = main_only.into_iter().chain(front).chain(back).map(|(index, _)| index).collect();
    ClaimOrder { columns, main_only: main_only_len }
}

/// What [`claim_order`] gives.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ClaimOrder {
    /// The typed columns' table indices, in claim order.
    pub columns: Vec<usize>,
    /// How many at the front only the main worker may claim: those whose
    /// cells cost the main worker more to take in from a helper than to
    /// validate itself (countries: about 180 ns a cell against 80; dates).
    pub main_only: usize,
}

/// The [`intake_cost`] from which a column is at the main worker's end of
/// [`claim_order`].
const KEEP_INTAKE: u64 = 100;

/// What a column is expected to cost, in nanoseconds: validating it, and the
/// main worker's taking it in when a helper validated it.
#[derive(Debug, Clone, Copy, Default)]
struct ColumnCost {
    validate: u64,
    intake: u64,
    cells: u64,
}

/// [`ColumnCost`] of each column of `table` by index; `None` for columns the
/// profile does not type. A profile that names a column twice validates it
/// twice: the costs add up (and both go to one worker).
fn column_costs(profile: &Profile, table: &Table) -> Vec<Option<ColumnCost>> {
    let mut cost: Vec<Option<ColumnCost>> = vec![None; table.width()];
    for column_profile in &profile.columns {
        let Some(index) = table.headers().position(|h| h == column_profile.name) else { continue };
        let Some(column) = table.column(index) else { continue };
        let cells = column.len() as u64;
        let validate = cell_cost(column_profile.kind) * cells + BYTE_COST * column.text_len() as u64;
        let intake = intake_cost(column_profile.kind) * cells;
        if let Some(slot) = cost.get_mut(index) {
            let before = slot.unwrap_or_default();
            *slot = Some(ColumnCost { validate: before.validate + validate, intake: before.intake + intake, cells });
        }
    }
    cost
}

/// Most typed columns for which [`split_columns`] tries every two-way split
/// (2^16 of them, one addition each); past it, and for more parts, it gives
/// each column to the least loaded part, which can miss the balance by part
/// of a column and does not weigh taking a helper's columns in.
const MAX_EXACT_COLUMNS: usize = 16;

/// The two-way split of `columns` (`(validating, taking in)` costs) that
/// ends soonest, as a bit set over `columns`' positions of those the
/// helper takes. The main worker is done when both its columns and the
/// helper's part are (the helper's load starts at `head_start`), and then
/// takes the part in. The sets are visited in Gray-code order, each one
/// column away from the one before; ties go to the smallest set, so every
/// worker picks the same.
fn best_two_way(columns: &[(u64, u64)], head_start: u64) -> u32 {
    let total: u64 = columns.iter().map(|&(cost, _)| cost).sum();
    let (mut helpers, mut helper, mut intake) = (0u32, 0u64, 0u64);
    let mut best = (total.max(head_start), 0u32);
    for step in 1..(1u32 << columns.len()) {
        let bit = step.trailing_zeros();
        let (cost, taken) = columns.get(bit as usize).copied().unwrap_or((0, 0));
        helpers ^= 1 << bit;
        if helpers & (1 << bit) != 0 {
            (helper, intake) = (helper + cost, intake + taken);
        } else {
            (helper, intake) = (helper - cost, intake - taken);
        }
        best = best.min(((total - helper).max(head_start + helper) + intake, helpers));
    }
    best.1
}

/// What a helper worker validated: its two logs, with the texts its
/// changes wrote (from which the main worker rewrites its own columns as
/// read) or, when a column was validated twice, the rewritten columns whole.
#[derive(Debug, Default)]
pub struct Part {
    /// Which part of how many.
    pub part: u32,
    /// Parts in all.
    pub parts: u32,
    /// The profile's columns as `name:type`, to check that both workers inferred the same.
    pub types: Vec<String>,
    /// Data rows of the table.
    pub rows: u32,
    /// Table indices of the columns this part validated.
    pub validated: Vec<u32>,
    /// The rewritten columns, by table index: only with [`Changes::Log`].
    pub columns: Vec<(u32, Column)>,
    /// The changes, in column then row order.
    pub changes: Changes,
    /// The problems, in column then row order; no row problems.
    pub issues: IssueLog,
}

/// A part's changes: the whole log, or only which cells changed and their
/// texts after (the main worker takes the texts before from its own cells
/// as read, and rewrites those cells with the texts after: on the 1M-row
/// file a part of 46 MB instead of the 111 MB that sending the rewritten
/// columns whole took).
#[derive(Debug)]
pub enum Changes {
    /// Every change with its texts: sent when a column is validated twice
    /// (a profile naming it twice), where "before" is not the cell as read.
    Log(ChangeLog),
    /// Which cells changed, by which rule, to what.
    Cells(ChangedCells),
}

impl Default for Changes {
    fn default() -> Self {
        Changes::Log(ChangeLog::default())
    }
}

impl Changes {
    /// The changes of a part whose profile is `profile`: only the cells, unless a column is validated twice.
    pub fn of(log: ChangeLog, profile: &Profile) -> Changes {
        let names: std::collections::BTreeSet<&str> = profile.columns.iter().map(|c| c.name.as_str()).collect();
        if names.len() == profile.columns.len() {
            Changes::Cells(ChangedCells::of(&log))
        } else {
            Changes::Log(log)
        }
    }

    fn encode(&self, out: &mut Encoder) {
        match self {
            Changes::Log(log) => {
                out.u32(0);
                log.encode(out);
            }
            Changes::Cells(cells) => {
                out.u32(1);
                cells.encode(out);
            }
        }
    }

    fn decode(input: &mut Decoder) -> Result<Changes> {
        match input.u32()? {
            0 => Ok(Changes::Log(ChangeLog::decode(input)?)),
            1 => Ok(Changes::Cells(ChangedCells::decode(input)?)),
            _ => Err(Error::Part("its changes are of an unknown kind".into())),
        }
    }
}

/// The profile's columns as [`Part::types`] lists them.
pub fn column_types(profile: &Profile) -> Vec<String> {
    profile.columns.iter().map(|c| format!("{}:{}", c.name, c.kind.as_str())).collect()
}

impl Part {
    /// The bytes to send to the main worker.
    pub fn encode(&self) -> Vec<u8> {
        let text: usize = self.columns.iter().map(|(_, c)| c.text_len() + c.len() * 4).sum();
        let mut out = Encoder::with_capacity(text + 1024);
        out.u32(MAGIC);
        out.u32(self.part);
        out.u32(self.parts);
        out.len(self.types.len());
        self.types.iter().for_each(|t| out.bytes(t.as_bytes()));
        out.u32(self.rows);
        out.u32s(&self.validated);
        out.len(self.columns.len());
        for (index, column) in &self.columns {
            out.u32(*index);
            column.encode(&mut out);
        }
        self.changes.encode(&mut out);
        self.issues.encode(&mut out);
        out.finish()
    }

    /// Reads what [`Part::encode`] wrote.
    pub fn decode(bytes: &[u8]) -> Result<Part> {
        let mut input = Decoder::new(bytes);
        if input.u32()? != MAGIC {
            return Err(Error::Part("it is not a part of this version of the cleaner".into()));
        }
        let (part, parts) = (input.u32()?, input.u32()?);
        let n = input.len(8)?;
        let types = (0..n).map(|_| input.string()).collect::<Result<_>>()?;
        let rows = input.u32()?;
        let validated = input.u32s()?;
        let n = input.len(4)?;
        let mut columns = Vec::with_capacity(n);
        for _ in 0..n {
            let index = input.u32()?;
            columns.push((index, Column::decode(&mut input)?));
        }
        let changes = Changes::decode(&mut input)?;
        let issues = IssueLog::decode(&mut input)?;
        input.end()?;
        Ok(Part { part, parts, types, rows, validated, columns, changes, issues })
    }

    /// Checks that this part was made from the same table and profile as
    /// `table` and `profile`, so merging it cannot mix up two files.
    pub fn check_fits(&self, profile: &Profile, table: &Table) -> Result<()> {
        if self.types != column_types(profile) {
            return Err(Error::Part("the two workers inferred different column types".into()));
        }
        if self.rows as usize != table.rows() {
            return Err(Error::Part(format!("it has {} rows, this table {}", self.rows, table.rows())));
        }
        for &index in &self.validated {
            if index as usize >= table.width() {
                return Err(Error::Part(format!("it names column {index}, the table has {}", table.width())));
            }
        }
        if let Changes::Cells(cells) = &self.changes {
            let mut mine = vec![false; table.width()];
            for &index in &self.validated {
                if let Some(slot) = mine.get_mut(index as usize) {
                    *slot = true;
                }
            }
            if cells.columns().any(|c| !mine.get(c).copied().unwrap_or(false)) {
                return Err(Error::Part("it has changes in columns it did not validate".into()));
            }
        }
        for (index, column) in &self.columns {
            let name = table.column(*index as usize).map(Column::name);
            if name != Some(column.name()) || column.len() != table.rows() || !self.validated.contains(index) {
                return Err(Error::Part(format!("its column {:?} is not this table's column {index}", column.name())));
            }
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests;
