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

use std::collections::HashMap;

use super::compare::{
    compare_date, compare_email, compare_name, compare_phone, compare_text_tokens,
    compare_token_sets, DATE_LABELS, EMAIL_LABELS, EXACT_LABELS, NAME_LABELS, PHONE_LABELS, TOKEN_LABELS,
};
use super::keys::{address_tokens, birth_year, email_key, name_key, phone_key, pinyin_key, postcode_key, NameKey, TokenSound};
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

/// One field's keys for every record.
#[derive(Debug, Clone)]
enum Values {
    /// One optional key per record (emails, phones, dates, codes, company keys).
    Keys(Vec<Option<Box<str>>>),
    /// Name keys.
    Names(Vec<NameKey>),
    /// Word lists (addresses).
    Tokens(Vec<Vec<String>>),
}

/// A field with its keys for every record.
#[derive(Debug, Clone)]
pub struct Field {
    /// The plan it was built from.
    pub plan: FieldPlan,
    values: Values,
    /// Each record's value frequency, for fields with term-frequency adjustment.
    frequencies: Vec<f32>,
}

/// Every record's keys, field by field, plus the keys blocking uses.
#[derive(Debug, Clone, Default)]
pub struct Records {
    /// The fields, in plan order.
    pub fields: Vec<Field>,
    rows: usize,
}

impl Records {
    /// Computes the keys of every row of `table` for the fields of `plans`.
    pub fn build(table: &Table, plans: &[FieldPlan]) -> Records {
        let fields = plans.iter().map(|plan| Field::build(table, plan)).collect();
        let mut records = Records { fields, rows: table.rows() };
        records.count_frequencies();
        records
    }

    /// The records of `self` followed by those of `other`, whose fields must
    /// follow the same kinds in the same order (as `link` builds them).
    pub fn concat(mut self, other: Records) -> Records {
        for (mine, theirs) in self.fields.iter_mut().zip(other.fields) {
            match (&mut mine.values, theirs.values) {
                (Values::Keys(a), Values::Keys(b)) => a.extend(b),
                (Values::Names(a), Values::Names(b)) => a.extend(b),
                (Values::Tokens(a), Values::Tokens(b)) => a.extend(b),
                _ => {}
            }
        }
        self.rows += other.rows;
        self.count_frequencies();
        self
    }

    /// Number of records.
    pub fn rows(&self) -> usize {
        self.rows
    }

    /// The field specifications for a model.
    pub fn specs(&self) -> Vec<FieldSpec> {
        self.fields.iter().map(|f| FieldSpec { name: f.plan.name.clone(), levels: f.plan.kind.labels().len() }).collect()
    }

    /// The comparison vector of records `a` and `b`, into `out`.
    pub fn compare(&self, a: usize, b: usize, out: &mut Vec<Option<u8>>) {
        out.clear();
        out.extend(self.fields.iter().map(|f| f.compare(a, b)));
    }

    /// The value frequencies for the term-frequency adjustment of a pair
    /// with comparison vector `vector`: the shared value's frequency where a
    /// field with the adjustment agrees exactly.
    pub fn frequencies(&self, a: usize, vector: &[Option<u8>], out: &mut Vec<Option<f64>>) {
        out.clear();
        out.extend(self.fields.iter().zip(vector).map(|(f, level)| match level {
            Some(0) => f.frequencies.get(a).map(|&x| f64::from(x)),
            _ => None,
        }));
    }

    /// The keys of the fields of `kind` for record `row`.
    pub fn keys_of(&self, kind: FieldKind, row: usize) -> impl Iterator<Item = &str> + '_ {
        self.fields.iter().filter(move |f| f.plan.kind == kind).filter_map(move |f| match &f.values {
            Values::Keys(keys) => keys.get(row).and_then(|k| k.as_deref()),
            _ => None,
        })
    }

    /// The name key of record `row`, if a name field exists.
    pub fn name_of(&self, row: usize) -> Option<&NameKey> {
        self.fields.iter().find_map(|f| match &f.values {
            Values::Names(names) => names.get(row).filter(|n| !n.fingerprint.is_empty()),
            _ => None,
        })
    }

    /// Fills in each record's value frequency for the adjusted fields.
    fn count_frequencies(&mut self) {
        for field in &mut self.fields {
            if field.plan.kind.term_frequency_adjusted() {
                field.frequencies = field.value_frequencies();
            }
        }
    }
}

impl Field {
    /// The field's keys for every row of `table`.
    fn build(table: &Table, plan: &FieldPlan) -> Field {
        let value = |row: usize| -> String {
            let mut parts: Vec<&str> =
                plan.columns.iter().map(|&c| table.cell(row, c).trim()).filter(|v| !v.is_empty()).collect();
            // Chinese names are written family name first: 张 + 伟 is 张伟, not 伟张.
            if plan.kind == FieldKind::Name && parts.len() == 2 && parts[1].chars().any(is_han) {
                parts.swap(0, 1);
                return parts.concat();
            }
            parts.join(" ")
        };
        let rows = 0..table.rows();
        let keys = |key: fn(&str) -> Option<String>| {
            Values::Keys(rows.clone().map(|r| key(&value(r)).map(String::into_boxed_str)).collect())
        };
        let values = match plan.kind {
            FieldKind::Email => keys(email_key),
            FieldKind::Phone => keys(phone_key),
            FieldKind::Name => Values::Names(rows.map(|r| lean_name_key(&value(r))).collect()),
            FieldKind::Company => keys(|v| Some(company_key(v)).filter(|k| !k.is_empty())),
            FieldKind::Address => Values::Tokens(rows.map(|r| address_tokens(&value(r))).collect()),
            FieldKind::BirthDate => keys(|v| Some(v.to_string()).filter(|k| !k.is_empty())),
            FieldKind::Postcode => keys(postcode_key),
            FieldKind::Id => keys(|v| Some(v.to_uppercase()).filter(|k| !k.is_empty())),
            FieldKind::Exact => keys(|v| Some(v.to_lowercase()).filter(|k| !k.is_empty())),
        };
        Field { plan: plan.clone(), values, frequencies: Vec::new() }
    }

    /// The comparison level of records `a` and `b` on this field.
    fn compare(&self, a: usize, b: usize) -> Option<u8> {
        match &self.values {
            Values::Names(names) => compare_name(names.get(a)?, names.get(b)?),
            Values::Tokens(tokens) => compare_token_sets(tokens.get(a)?, tokens.get(b)?),
            Values::Keys(keys) => {
                let (x, y) = (keys.get(a)?.as_deref()?, keys.get(b)?.as_deref()?);
                match self.plan.kind {
                    FieldKind::Email => compare_email(x, y),
                    FieldKind::Phone => compare_phone(x, y),
                    FieldKind::Company => compare_text_tokens(x, y),
                    FieldKind::BirthDate => compare_date(x, y),
                    // Keys are stored trimmed and non-empty: what compare_exact
                    // would check again on every pair.
                    _ => Some(u8::from(x != y)),
                }
            }
        }
    }

    /// Each record's share of the records holding its value (0 when empty).
    fn value_frequencies(&self) -> Vec<f32> {
        let keys: Vec<Option<&str>> = match &self.values {
            Values::Keys(keys) => keys.iter().map(|k| k.as_deref()).collect(),
            Values::Names(names) => names.iter().map(|n| Some(n.fingerprint.as_str()).filter(|f| !f.is_empty())).collect(),
            Values::Tokens(_) => return Vec::new(),
        };
        let mut counts: HashMap<&str, u32> = HashMap::new();
        for key in keys.iter().flatten() {
            *counts.entry(key).or_insert(0) += 1;
        }
        let total = counts.values().map(|&c| f64::from(c)).sum::<f64>().max(1.0);
        keys.iter().map(|k| k.and_then(|k| counts.get(k)).map_or(0.0, |&c| (f64::from(c) / total) as f32)).collect()
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
        let t = table(&[["John", "Smith", "j.smith@gmail.com", "1980-01-02"], ["Smith", "John", "jsmith@gmail.com", ""]]);
        let records = Records::build(&t, &plans);
        let mut v = Vec::new();
        records.compare(0, 1, &mut v);
        assert_eq!(v, [Some(0), Some(0), None]);
        assert_eq!(birth_year_of(&records, 0), Some(1980));
    }
}
