//! Records as the matcher sees them: which columns become comparison fields
//! (chosen from the column types), and each record's matching keys,
//! computed once so that comparing a pair only compares keys.
//!
//! A column becomes a field when its type says something about who a
//! customer is: email, phone, name, company, address, city, province,
//! postal code, gender, country, ID numbers and a date of birth. Other
//! columns (amounts, notes, timestamps) are carried through to the output
//! but not compared: two records of the same customer differ on them as
//! much as two of different customers do.

use std::borrow::Cow;

use rustc_hash::FxHashMap;

use super::compare::{
    compare_date, compare_email_keys, compare_name, compare_phone_keys, compare_sorted_sets, email_signature,
    emails_surely_differ, phone_signature, phones_surely_differ, text_tokens, word_set_signature, DATE_LABELS,
    EMAIL_LABELS, EXACT_LABELS, NAME_LABELS, PHONE_LABELS, TOKEN_LABELS,
};
use super::keys::{
    address_tokens, birth_year, email_key_cow, name_key, phone_digits, pinyin_key, postcode_key, NameKey, TokenSound,
};
use super::score::FieldSpec;
use crate::normalize::company::company_key;
use crate::profile::ColumnType;
use crate::table::Table;

/// How a field's values are compared.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FieldKind {
    /// Email keys, [`compare_email`].
    Email,
    /// Phone digits, [`compare_phone`].
    Phone,
    /// Person names, [`compare_name`].
    Name,
    /// Company keys as word sets.
    Company,
    /// Address words as sets.
    Address,
    /// A date of birth, [`compare_date`].
    BirthDate,
    /// Postal code keys, equal or not.
    Postcode,
    /// An identity or record number, equal or not.
    Id,
    /// Any other code compared for equality (city, gender, country), case aside.
    Exact,
}

impl FieldKind {
    /// The names of the field's comparison levels.
    pub fn labels(self) -> &'static [&'static str] {
        match self {
            FieldKind::Email => &EMAIL_LABELS,
            FieldKind::Phone => &PHONE_LABELS,
            FieldKind::Name => &NAME_LABELS,
            FieldKind::Company | FieldKind::Address => &TOKEN_LABELS,
            FieldKind::BirthDate => &DATE_LABELS,
            FieldKind::Postcode | FieldKind::Id | FieldKind::Exact => &EXACT_LABELS,
        }
    }

    /// Whether a shared rare value weighs more than a shared common one.
    fn term_frequency_adjusted(self) -> bool {
        matches!(self, FieldKind::Name | FieldKind::Postcode | FieldKind::Exact)
    }
}

/// Which input columns make one field.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FieldPlan {
    /// The field's name in explanations (a header, or `name` for given + family).
    pub name: String,
    /// How it is compared.
    pub kind: FieldKind,
    /// The column's type (for matching columns across files in `link`).
    pub column_type: ColumnType,
    /// The columns whose values, joined by a space, are the field's value.
    pub columns: Vec<usize>,
}

/// Header words that mark a date column as a date of birth.
const BIRTH_HINTS: [&str; 7] = ["birth", "dob", "born", "bday", "生日", "出生", "生辰"];

/// The fields of a table whose columns have these types, in column order
/// (a given and a family name column make one `name` field).
pub fn plan_fields(headers: &[String], types: &[ColumnType]) -> Vec<FieldPlan> {
    let mut plans = Vec::new();
    // A full name column already holds the given and family names: comparing
    // them again would count the same evidence twice.
    let full_name = types.contains(&ColumnType::FullName);
    let given = types.iter().position(|&t| t == ColumnType::GivenName).filter(|_| !full_name);
    let family = types.iter().position(|&t| t == ColumnType::FamilyName).filter(|_| !full_name);
    for (index, (&column_type, header)) in types.iter().zip(headers).enumerate() {
        let kind = match column_type {
            ColumnType::GivenName | ColumnType::FamilyName => {
                if Some(index) == given.or(family) {
                    let columns = given.into_iter().chain(family).collect();
                    plans.push(FieldPlan { name: "name".into(), kind: FieldKind::Name, column_type, columns });
                }
                continue;
            }
            other => field_kind(other, header),
        };
        if let Some(kind) = kind {
            plans.push(FieldPlan { name: header.clone(), kind, column_type, columns: vec![index] });
        }
    }
    plans
}

/// The field kind of a column of type `column_type` called `header`, if it is compared.
fn field_kind(column_type: ColumnType, header: &str) -> Option<FieldKind> {
    Some(match column_type {
        ColumnType::Email => FieldKind::Email,
        ColumnType::Phone | ColumnType::Mobile | ColumnType::Landline => FieldKind::Phone,
        ColumnType::FullName => FieldKind::Name,
        ColumnType::Company => FieldKind::Company,
        ColumnType::Address => FieldKind::Address,
        ColumnType::PostalCode => FieldKind::Postcode,
        ColumnType::CnId | ColumnType::RecordId => FieldKind::Id,
        ColumnType::City | ColumnType::Province | ColumnType::Gender | ColumnType::Country => FieldKind::Exact,
        ColumnType::Date | ColumnType::Datetime => {
            let header = header.to_lowercase();
            if !BIRTH_HINTS.iter().any(|hint| header.contains(hint)) {
                return None;
            }
            FieldKind::BirthDate
        }
        _ => return None,
    })
}

/// The id of a missing value in [`Records`]' id table.
const MISSING: u32 = u32::MAX;

/// Rows between two progress reports while keys are built (keying an
/// address takes microseconds in wasm, so fewer rows than pairs).
const ROWS_PER_REPORT: usize = 4_096;

/// One field's distinct values, each with what comparing it needs; records
/// refer to them by id. A million rows hold far fewer distinct names,
/// cities or companies than rows, so each key is computed and stored once.
#[derive(Debug, Clone)]
enum Values {
    /// Keys compared as text (emails, phones, dates, codes).
    Keys(Vec<Box<str>>),
    /// Name keys.
    Names(Vec<NameKey>),
    /// Word sets (companies with their key, for blocking; addresses without).
    Words { keys: Vec<Box<str>>, sets: WordSets },
}

/// Sets of words, each sorted and without repeats, as ids into one
/// dictionary: comparing two sets is a merge of two short `u32` lists.
#[derive(Debug, Clone, Default)]
struct WordSets {
    /// Every word seen, by id.
    words: Vec<Box<str>>,
    /// Set `i` is `ids[ends[i - 1]..ends[i]]`.
    ends: Vec<u32>,
    /// The sets' word ids, set after set.
    ids: Vec<u32>,
}

impl WordSets {
    /// The word ids of set `i` (empty if there is no such set).
    fn get(&self, i: u32) -> &[u32] {
        let i = i as usize;
        let start = if i == 0 { 0 } else { self.ends.get(i - 1).copied().unwrap_or(0) };
        let end = self.ends.get(i).copied().unwrap_or(start);
        self.ids.get(start as usize..end as usize).unwrap_or(&[])
    }

    /// Adds the set of `words` with the dictionary `lookup`; returns its index.
    fn push<'w>(&mut self, lookup: &mut FxHashMap<Box<str>, u32>, words: impl IntoIterator<Item = &'w str>) -> u32 {
        let start = self.ids.len();
        for word in words {
            let id = match lookup.get(word) {
                Some(&id) => id,
                None => {
                    let id = index_u32(self.words.len());
                    self.words.push(word.into());
                    lookup.insert(word.into(), id);
                    id
                }
            };
            self.ids.push(id);
        }
        if let Some(set) = self.ids.get_mut(start..) {
            set.sort_unstable();
        }
        let mut end = start;
        for i in start..self.ids.len() {
            if end == start || self.ids.get(end - 1) != self.ids.get(i) {
                self.ids.swap(end, i);
                end += 1;
            }
        }
        self.ids.truncate(end);
        self.ends.push(index_u32(end));
        index_u32(self.ends.len() - 1)
    }

    /// The dictionary of the words so far, for adding more sets.
    fn lookup(&self) -> FxHashMap<Box<str>, u32> {
        self.words.iter().enumerate().map(|(i, w)| (w.clone(), index_u32(i))).collect()
    }

    /// Appends `other`'s sets, re-spelled in this dictionary; returns the
    /// index the first of them got.
    fn append(&mut self, other: &WordSets) -> u32 {
        let first = index_u32(self.ends.len());
        let mut lookup = self.lookup();
        for i in 0..other.ends.len() {
            let words = other.get(index_u32(i)).iter().filter_map(|&w| other.words.get(w as usize)).map(|w| &**w);
            self.push(&mut lookup, words.collect::<Vec<_>>());
        }
        first
    }

    /// Number of sets.
    fn len(&self) -> usize {
        self.ends.len()
    }
}

/// `i` as a `u32` id (a table of over four billion rows or values is not
/// something the matcher is ever given; the id saturates rather than wraps).
fn index_u32(i: usize) -> u32 {
    u32::try_from(i).unwrap_or(MISSING - 1)
}

/// Slots of a [`NameMemo`] (a power of two): 1 MiB.
const MEMO_SLOTS: usize = 1 << 16;

/// The levels of recently compared pairs of distinct names, by name id.
///
/// Why: comparing two different names (word pairing by sound, nicknames,
/// Jaro-Winkler) was the largest part of scoring, and the candidate pairs
/// repeat the same name pairs over and over: blocking groups records by
/// name, and common names are common. A direct-mapped table, each pair in
/// one slot, later pairs overwriting earlier ones: no hashing of strings.
/// The default memo is off (remembers nothing, costs nothing), for the one
/// pair an explanation scores.
#[derive(Debug, Clone, Default)]
pub struct NameMemo {
    /// `(x << 32 | y, level)`; `level` 255 means "no level" (`None`).
    slots: Vec<(u64, u8)>,
}

impl NameMemo {
    /// A memo that remembers (1 MiB), for comparing many pairs.
    pub fn new() -> NameMemo {
        NameMemo { slots: vec![(u64::MAX, 0); MEMO_SLOTS] }
    }

    /// The level of names `x` and `y`, from the table or from `compare`.
    fn get_or(&mut self, x: u32, y: u32, compare: impl FnOnce() -> Option<u8>) -> Option<u8> {
        let key = (u64::from(x) << 32) | u64::from(y);
        // Fibonacci hashing: the top bits of the product spread nearby ids.
        let slot = (key.wrapping_mul(0x9E37_79B9_7F4A_7C15) >> (64 - MEMO_SLOTS.trailing_zeros())) as usize;
        match self.slots.get_mut(slot) {
            Some(&mut (k, level)) if k == key => (level != u8::MAX).then_some(level),
            Some(entry) => {
                let level = compare();
                *entry = (key, level.unwrap_or(u8::MAX));
                level
            }
            None => compare(),
        }
    }
}

/// A field with its distinct values.
#[derive(Debug, Clone)]
pub struct Field {
    /// The plan it was built from.
    pub plan: FieldPlan,
    values: Values,
    /// Each value's frequency among the records, for fields with
    /// term-frequency adjustment (indexed by value id).
    frequencies: Vec<f32>,
    /// Each value's signature for emails, phones and word sets (see
    /// `compare::email_signature`), which settles most pairs of different
    /// values without reading them; empty for other fields.
    signatures: Vec<u64>,
}

/// Every record's keys, field by field, plus the keys blocking uses.
///
/// A record is a row of value ids, one per field (`u32`, [`MISSING`] for an
/// empty value), stored row after row so that one pair's comparison reads
/// two short rows rather than one heap string per field and record.
#[derive(Debug, Clone, Default)]
pub struct Records {
    /// The fields, in plan order.
    pub fields: Vec<Field>,
    /// `ids[row * fields.len() + f]`: record `row`'s value of field `f`.
    ids: Vec<u32>,
    rows: usize,
}

impl Records {
    /// Computes the keys of every row of `table` for the fields of `plans`.
    pub fn build(table: &Table, plans: &[FieldPlan]) -> Records {
        Records::build_with_progress(table, plans, &mut |_, _| {})
    }

    /// [`Records::build`], calling `progress(done, total)` every few
    /// thousand rows of each field (`total` is rows times fields).
    pub fn build_with_progress(table: &Table, plans: &[FieldPlan], progress: &mut dyn FnMut(u64, u64)) -> Records {
        let rows = table.rows();
        let total = (rows * plans.len()) as u64;
        let mut fields = Vec::with_capacity(plans.len());
        let mut columns = Vec::with_capacity(plans.len());
        for (f, plan) in plans.iter().enumerate() {
            let done = (f * rows) as u64;
            let (field, ids) = Field::build(table, plan, &mut |row| progress(done + row as u64, total));
            // Dropping the field's interning tables (a million strings) takes a while too.
            progress(done + rows as u64, total);
            fields.push(field);
            columns.push(ids);
        }
        let mut ids = Vec::with_capacity(rows * plans.len());
        for row in 0..rows {
            ids.extend(columns.iter().map(|c| c.get(row).copied().unwrap_or(MISSING)));
        }
        drop(columns);
        let mut records = Records { fields, ids, rows };
        records.count_frequencies();
        records
    }

    /// The records of `self` followed by those of `other`, whose fields must
    /// follow the same kinds in the same order (as `link` builds them).
    pub fn concat(mut self, other: Records) -> Records {
        let width = self.fields.len();
        let new_ids: Vec<Vec<u32>> =
            self.fields.iter_mut().zip(&other.fields).map(|(mine, theirs)| mine.append(theirs)).collect();
        self.ids.reserve(other.rows * width);
        for row in 0..other.rows {
            let theirs = other.row(row);
            self.ids.extend((0..width).map(|f| {
                let id = theirs.get(f).copied().unwrap_or(MISSING);
                new_ids.get(f).and_then(|ids| ids.get(id as usize)).copied().unwrap_or(MISSING)
            }));
        }
        self.rows += other.rows;
        self.fields.iter_mut().for_each(Field::sign);
        self.count_frequencies();
        self
    }

    /// Number of records.
    pub fn rows(&self) -> usize {
        self.rows
    }

    /// The field specifications for a model.
    pub fn specs(&self) -> Vec<FieldSpec> {
        self.fields
            .iter()
            .map(|f| FieldSpec { name: f.plan.name.clone(), levels: f.plan.kind.labels().len() })
            .collect()
    }

    /// Record `row`'s value ids, one per field (empty past the last record).
    fn row(&self, row: usize) -> &[u32] {
        let width = self.fields.len();
        self.ids.get(row * width..(row + 1) * width).unwrap_or(&[])
    }

    /// Record `row`'s value id of field `f`.
    fn id(&self, row: usize, f: usize) -> u32 {
        self.row(row).get(f).copied().unwrap_or(MISSING)
    }

    /// The comparison vector of records `a` and `b`, into `out`.
    pub fn compare(&self, a: usize, b: usize, out: &mut Vec<Option<u8>>) {
        out.clear();
        let (x, y) = (self.row(a), self.row(b));
        out.extend(self.fields.iter().enumerate().map(|(f, field)| {
            field.compare(x.get(f).copied().unwrap_or(MISSING), y.get(f).copied().unwrap_or(MISSING))
        }));
    }

    /// [`Records::compare`], remembering name comparisons in `memo` (keep
    /// one per thread across many pairs).
    pub fn compare_with(&self, a: usize, b: usize, out: &mut Vec<Option<u8>>, memo: &mut NameMemo) {
        out.clear();
        let (x, y) = (self.row(a), self.row(b));
        out.extend(self.fields.iter().enumerate().map(|(f, field)| {
            let (x, y) = (x.get(f).copied().unwrap_or(MISSING), y.get(f).copied().unwrap_or(MISSING));
            match field.values {
                Values::Names(_) if x != y && x != MISSING && y != MISSING => memo.get_or(x, y, || field.compare(x, y)),
                _ => field.compare(x, y),
            }
        }));
    }

    /// The value frequencies for the term-frequency adjustment of a pair
    /// with comparison vector `vector`: the shared value's frequency where a
    /// field with the adjustment agrees exactly.
    pub fn frequencies(&self, a: usize, vector: &[Option<u8>], out: &mut Vec<Option<f64>>) {
        out.clear();
        let ids = self.row(a);
        out.extend(self.fields.iter().zip(vector).zip(ids).map(|((f, level), &id)| match level {
            Some(0) => f.frequencies.get(id as usize).map(|&x| f64::from(x)),
            _ => None,
        }));
    }

    /// The keys of the fields of `kind` for record `row`.
    pub fn keys_of(&self, kind: FieldKind, row: usize) -> impl Iterator<Item = &str> + '_ {
        let ids = self.row(row);
        self.fields.iter().zip(ids).filter(move |(f, _)| f.plan.kind == kind).filter_map(|(f, &id)| match &f.values {
            Values::Keys(keys) | Values::Words { keys, .. } => keys.get(id as usize).map(|k| &**k),
            Values::Names(_) => None,
        })
    }

    /// The name key of record `row`, if a name field exists.
    pub fn name_of(&self, row: usize) -> Option<&NameKey> {
        self.fields.iter().enumerate().find_map(|(f, field)| match &field.values {
            Values::Names(names) => names.get(self.id(row, f) as usize),
            _ => None,
        })
    }

    /// The value frequencies of field `f` by value id (empty for fields
    /// without term-frequency adjustment).
    pub fn value_frequencies(&self, f: usize) -> &[f32] {
        self.fields.get(f).map_or(&[], |field| &field.frequencies)
    }

    /// Record `row`'s value ids, one per field ([`u32::MAX`] where missing).
    pub fn value_ids(&self, row: usize) -> &[u32] {
        self.row(row)
    }

    /// Fills in each value's frequency for the adjusted fields.
    fn count_frequencies(&mut self) {
        let width = self.fields.len();
        for (f, field) in self.fields.iter_mut().enumerate() {
            if field.plan.kind.term_frequency_adjusted() {
                let mut counts = vec![0u32; field.len()];
                for &id in self.ids.iter().skip(f).step_by(width.max(1)) {
                    if let Some(c) = counts.get_mut(id as usize) {
                        *c += 1;
                    }
                }
                field.frequencies = field.value_frequencies(&counts);
            }
        }
    }
}

impl Field {
    /// The field's values for the rows of `table`, and each row's value id;
    /// calls `progress(rows done)` now and then.
    fn build(table: &Table, plan: &FieldPlan, progress: &mut dyn FnMut(usize)) -> (Field, Vec<u32>) {
        let mut builder = FieldBuilder::new(plan.kind);
        let mut ids = Vec::with_capacity(table.rows());
        for row in 0..table.rows() {
            if row % ROWS_PER_REPORT == 0 {
                progress(row);
            }
            ids.push(builder.id_of(&field_value(table, plan, row)));
        }
        progress(table.rows());
        let FieldBuilder { values, by_text, by_key, words, .. } = builder;
        drop((by_text, by_key, words));
        progress(table.rows());
        let mut field = Field { plan: plan.clone(), values, frequencies: Vec::new(), signatures: Vec::new() };
        field.sign();
        (field, ids)
    }

    /// Computes every value's signature (for the fields that have them).
    fn sign(&mut self) {
        self.signatures = match (&self.values, self.plan.kind) {
            (Values::Keys(keys), FieldKind::Email) => keys.iter().map(|k| email_signature(k)).collect(),
            (Values::Keys(keys), FieldKind::Phone) => keys.iter().map(|k| phone_signature(k)).collect(),
            (Values::Words { sets, .. }, _) => {
                (0..sets.len()).map(|i| word_set_signature(sets.get(index_u32(i)))).collect()
            }
            _ => Vec::new(),
        };
    }

    /// Number of distinct values.
    fn len(&self) -> usize {
        match &self.values {
            Values::Keys(keys) => keys.len(),
            Values::Names(names) => names.len(),
            Values::Words { sets, .. } => sets.len(),
        }
    }

    /// Appends `other`'s values; returns the id each of them got here.
    fn append(&mut self, other: &Field) -> Vec<u32> {
        match (&mut self.values, &other.values) {
            // Keys stay one id per key, which `compare` relies on.
            (Values::Keys(a), Values::Keys(b)) => {
                let mut lookup: FxHashMap<Box<str>, u32> =
                    a.iter().enumerate().map(|(i, k)| (k.clone(), index_u32(i))).collect();
                b.iter()
                    .map(|key| {
                        *lookup.entry(key.clone()).or_insert_with(|| {
                            a.push(key.clone());
                            index_u32(a.len() - 1)
                        })
                    })
                    .collect()
            }
            (Values::Names(a), Values::Names(b)) => {
                let first = index_u32(a.len());
                a.extend(b.iter().cloned());
                (first..first.saturating_add(index_u32(b.len()))).collect()
            }
            (Values::Words { keys: ka, sets: sa }, Values::Words { keys: kb, sets: sb }) => {
                ka.extend(kb.iter().cloned());
                let first = sa.append(sb);
                (first..first.saturating_add(index_u32(sb.len()))).collect()
            }
            // Plans paired by kind always have the same kind of values.
            _ => Vec::new(),
        }
    }

    /// The comparison level of values `x` and `y` on this field.
    fn compare(&self, x: u32, y: u32) -> Option<u8> {
        if x == MISSING || y == MISSING {
            return None;
        }
        // One id is one key (every missing or unusable value got MISSING),
        // and every comparator puts equal keys at level 0; dates are
        // stored as written and may not parse.
        if x == y && self.plan.kind != FieldKind::BirthDate {
            return Some(0);
        }
        let (i, j) = (x as usize, y as usize);
        if let (Some(&sx), Some(&sy)) = (self.signatures.get(i), self.signatures.get(j)) {
            let differ = match self.plan.kind {
                FieldKind::Email => emails_surely_differ(sx, sy),
                FieldKind::Phone => phones_surely_differ(sx, sy),
                _ => sx & sy == 0,
            };
            if differ {
                return self.plan.kind.labels().len().checked_sub(1).and_then(|l| u8::try_from(l).ok());
            }
        }
        match &self.values {
            Values::Names(names) => compare_name(names.get(i)?, names.get(j)?),
            Values::Words { sets, .. } => compare_sorted_sets(sets.get(x), sets.get(y)),
            Values::Keys(keys) => {
                let (x, y) = (keys.get(i)?, keys.get(j)?);
                match self.plan.kind {
                    FieldKind::Email => compare_email_keys(x, y),
                    FieldKind::Phone => compare_phone_keys(x, y),
                    FieldKind::BirthDate => compare_date(x, y),
                    // Each key has one id, so other ids are other keys.
                    _ => Some(1),
                }
            }
        }
    }

    /// Each value's share of the records holding its key (the fingerprint,
    /// for names), given how many records hold each value.
    fn value_frequencies(&self, counts: &[u32]) -> Vec<f32> {
        let key = |id: usize| -> Option<&str> {
            match &self.values {
                Values::Keys(keys) => keys.get(id).map(|k| &**k),
                Values::Names(names) => names.get(id).map(|n| n.fingerprint.as_str()),
                Values::Words { .. } => None,
            }
        };
        let mut per_key: FxHashMap<&str, u32> = FxHashMap::default();
        for (id, &count) in counts.iter().enumerate() {
            if let Some(k) = key(id) {
                *per_key.entry(k).or_insert(0) += count;
            }
        }
        let total = counts.iter().map(|&c| f64::from(c)).sum::<f64>().max(1.0);
        (0..counts.len())
            .map(|id| key(id).and_then(|k| per_key.get(k)).map_or(0.0, |&c| (f64::from(c) / total) as f32))
            .collect()
    }
}

/// The text of field `plan` in row `row`: its columns' values joined by a
/// space (borrowed when the field has one column).
fn field_value<'t>(table: &'t Table, plan: &FieldPlan, row: usize) -> Cow<'t, str> {
    if let [column] = plan.columns[..] {
        return Cow::Borrowed(table.cell(row, column).trim());
    }
    let mut parts: Vec<&str> =
        plan.columns.iter().map(|&c| table.cell(row, c).trim()).filter(|v| !v.is_empty()).collect();
    // Chinese names are written family name first: 张 + 伟 is 张伟, not 伟张.
    if plan.kind == FieldKind::Name && parts.len() == 2 && parts[1].chars().any(is_han) {
        parts.swap(0, 1);
        return Cow::Owned(parts.concat());
    }
    Cow::Owned(parts.join(" "))
}

/// Interns one field's values while its keys are built: each distinct text
/// is keyed once, and texts with the same key share an id.
struct FieldBuilder {
    kind: FieldKind,
    values: Values,
    /// Ids by the text as written.
    by_text: FxHashMap<Box<str>, u32>,
    /// Ids by key (not for names, whose keys are compared whole).
    by_key: FxHashMap<Box<str>, u32>,
    /// The word dictionary of word-set fields.
    words: FxHashMap<Box<str>, u32>,
}

impl FieldBuilder {
    /// A builder for a field of `kind`.
    fn new(kind: FieldKind) -> FieldBuilder {
        let values = match kind {
            FieldKind::Name => Values::Names(Vec::new()),
            FieldKind::Company | FieldKind::Address => Values::Words { keys: Vec::new(), sets: WordSets::default() },
            _ => Values::Keys(Vec::new()),
        };
        FieldBuilder {
            kind,
            values,
            by_text: FxHashMap::default(),
            by_key: FxHashMap::default(),
            words: FxHashMap::default(),
        }
    }

    /// The id of the value written `text`, adding it when new.
    fn id_of(&mut self, text: &str) -> u32 {
        // Keys of codes and contacts are quick to compute and mostly
        // distinct (emails, phones), addresses mostly distinct: a table by
        // text would cost more than it saves. Names and companies repeat
        // and are slow to key (pinyin, Double Metaphone, suffix lists).
        if !matches!(self.kind, FieldKind::Name | FieldKind::Company) {
            return self.add(text);
        }
        if let Some(&id) = self.by_text.get(text) {
            return id;
        }
        let id = self.add(text);
        self.by_text.insert(text.into(), id);
        id
    }

    /// Keys a text seen for the first time.
    fn add(&mut self, text: &str) -> u32 {
        match (&mut self.values, self.kind) {
            (Values::Names(names), _) => {
                let key = lean_name_key(text);
                if key.fingerprint.is_empty() {
                    return MISSING;
                }
                names.push(key);
                index_u32(names.len() - 1)
            }
            (Values::Words { keys, sets }, FieldKind::Company) => {
                let key = company_key(text);
                let words = text_tokens(&key);
                if words.is_empty() {
                    return MISSING;
                }
                if let Some(&id) = self.by_key.get(key.as_str()) {
                    return id;
                }
                let id = sets.push(&mut self.words, words);
                keys.push(key.as_str().into());
                self.by_key.insert(key.into(), id);
                id
            }
            (Values::Words { sets, .. }, _) => {
                let words = address_tokens(text);
                if words.is_empty() {
                    return MISSING;
                }
                sets.push(&mut self.words, words.iter().map(String::as_str))
            }
            (Values::Keys(keys), kind) => {
                let Some(key) = text_key(kind, text) else { return MISSING };
                if let Some(&id) = self.by_key.get(&*key) {
                    return id;
                }
                let key: Box<str> = key.into();
                keys.push(key.clone());
                let id = index_u32(keys.len() - 1);
                self.by_key.insert(key, id);
                id
            }
        }
    }
}

/// The key of a value of a field compared as text, borrowed from the
/// value where it is its own key.
fn text_key(kind: FieldKind, value: &str) -> Option<Cow<'_, str>> {
    let owned = |k: String| Some(Cow::<str>::Owned(k)).filter(|k| !k.is_empty());
    let lower = !value.chars().all(|c| c.to_lowercase().eq([c]));
    match kind {
        FieldKind::Email => email_key_cow(value),
        FieldKind::Phone => phone_digits(value),
        FieldKind::Postcode => postcode_key(value).map(Cow::Owned),
        FieldKind::Id => owned(value.to_uppercase()),
        FieldKind::Exact if lower => owned(value.to_lowercase()),
        _ => Some(Cow::Borrowed(value)).filter(|k| !k.is_empty()),
    }
}

/// The name key without its list of phonetic codes, which neither the
/// comparison nor blocking here reads (blocking uses the word sounds): a
/// million names hold less memory.
fn lean_name_key(name: &str) -> NameKey {
    let mut key = name_key(name);
    key.phonetic = Vec::new();
    key
}

/// Whether `c` is a Han (Chinese) character.
fn is_han(c: char) -> bool {
    matches!(c, '\u{3400}'..='\u{4DBF}' | '\u{4E00}'..='\u{9FFF}' | '\u{F900}'..='\u{FAFF}')
}

/// The family name of a name key in Latin letters (pinyin for Chinese).
pub fn family_latin(name: &NameKey) -> Option<String> {
    let family = name.family.as_deref()?;
    if family.is_ascii() {
        Some(family.to_string())
    } else {
        pinyin_key(family).or_else(|| Some(family.to_string()))
    }
}

/// The primary Double Metaphone code of a word, or the word itself when it
/// has none (not Latin letters).
pub fn sound_of(word: &str) -> String {
    let sound = TokenSound::of(word);
    if sound.primary.is_empty() {
        word.to_string()
    } else {
        sound.primary.as_str().to_string()
    }
}

/// The birth year of record `row`, if a date-of-birth field holds one.
pub fn birth_year_of(records: &Records, row: usize) -> Option<i32> {
    records.keys_of(FieldKind::BirthDate, row).find_map(birth_year)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn table(rows: &[[&str; 4]]) -> Table {
        let mut t = Table::new(["First", "Last", "E-mail", "Date of birth"]);
        for (i, r) in rows.iter().enumerate() {
            t.push_row(r.iter().copied(), i as u64 + 2).unwrap();
        }
        t
    }

    #[test]
    fn given_and_family_make_one_name_field() {
        let headers: Vec<String> = ["First", "Last", "E-mail", "Date of birth"].map(String::from).to_vec();
        let types = [ColumnType::GivenName, ColumnType::FamilyName, ColumnType::Email, ColumnType::Date];
        let plans = plan_fields(&headers, &types);
        let kinds: Vec<FieldKind> = plans.iter().map(|p| p.kind).collect();
        assert_eq!(kinds, [FieldKind::Name, FieldKind::Email, FieldKind::BirthDate]);
        assert_eq!(plans[0].columns, [0, 1]);
        let t =
            table(&[["John", "Smith", "j.smith@gmail.com", "1980-01-02"], ["Smith", "John", "jsmith@gmail.com", ""]]);
        let records = Records::build(&t, &plans);
        let mut v = Vec::new();
        records.compare(0, 1, &mut v);
        assert_eq!(v, [Some(0), Some(0), None]);
        assert_eq!(birth_year_of(&records, 0), Some(1980));
    }

    /// Rows of name, email, phone, company, address and city, with repeats.
    fn crm_table(rows: &[[&str; 6]]) -> (Table, Vec<FieldPlan>) {
        let headers = ["Name", "Email", "Phone", "Company", "Address", "City"];
        let mut t = Table::new(headers);
        for (i, r) in rows.iter().enumerate() {
            t.push_row(r.iter().copied(), i as u64 + 2).unwrap();
        }
        let types = [
            ColumnType::FullName,
            ColumnType::Email,
            ColumnType::Phone,
            ColumnType::Company,
            ColumnType::Address,
            ColumnType::City,
        ];
        (t, plan_fields(&headers.map(String::from), &types))
    }

    /// The levels the comparators give the raw values of rows `a` and `b`.
    fn direct(t: &Table, a: usize, b: usize) -> Vec<Option<u8>> {
        use crate::dedupe::compare::{compare_address, compare_company, compare_email, compare_exact, compare_phone};
        use crate::dedupe::keys::name_key;
        let (x, y) = (|c| t.cell(a, c), |c| t.cell(b, c));
        vec![
            compare_name(&name_key(x(0)), &name_key(y(0))),
            compare_email(x(1), y(1)),
            compare_phone(x(2), y(2)),
            compare_company(x(3), y(3)),
            compare_address(x(4), y(4)),
            compare_exact(&x(5).to_lowercase(), &y(5).to_lowercase()),
        ]
    }

    #[test]
    fn interned_records_compare_like_the_comparators() {
        let rows = [
            ["John Smith", "J.Smith+x@gmail.com", "+14155550100", "Acme, Inc.", "1 Main Street", "Boston"],
            ["Smith John", "jsmith@googlemail.com", "14155550199", "ACME Incorporated", "1 Main St., Apt 4", "boston"],
            ["Jon Smyth", "jon.smith@acme.com", "+1415550100", "Globex", "99 Elm Avenue", "Boston"],
            [
                "张伟",
                "zhang.wei12@qq.com",
                "+8613800138000",
                "北京字节跳动科技有限公司",
                "北京市朝阳区建国路88号",
                "北京",
            ],
            ["Wei Zhang", "zhang.wei13@qq.com", "13800138000", "字节跳动", "北京市朝阳区建国路88号3楼", ""],
            ["John Smith", "", "", "Acme Inc", "", "Boston"],
        ];
        let (t, plans) = crm_table(&rows);
        let records = Records::build(&t, &plans);
        let (mut got, mut memo) = (Vec::new(), NameMemo::new());
        for a in 0..rows.len() {
            for b in 0..rows.len() {
                records.compare_with(a, b, &mut got, &mut memo);
                assert_eq!(got, direct(&t, a, b), "rows {a} and {b}");
            }
        }
        // Two tables side by side (as `link` puts them) compare the same way.
        let (first, second) = (crm_table(&rows[..3]), crm_table(&rows[3..]));
        let both = Records::build(&first.0, &first.1).concat(Records::build(&second.0, &second.1));
        let mut joined = Vec::new();
        for a in 0..rows.len() {
            for b in 0..rows.len() {
                both.compare(a, b, &mut joined);
                records.compare(a, b, &mut got);
                assert_eq!(joined, got, "rows {a} and {b} after concat");
            }
        }
        assert_eq!(records.keys_of(FieldKind::Company, 1).collect::<Vec<_>>(), ["acme"]);
        assert_eq!(records.name_of(5).map(|n| n.fingerprint.as_str()), Some("john smith"));
    }
}
