//! The validation stage: every cell checked against its column's type and
//! rules and, where the profile says so, rewritten in canonical form.
//!
//! Per column, in one pass: clean the text (NFKC, invisible characters,
//! whitespace), run the type's validator, apply the column's rules (required,
//! unique, enum, pattern, lengths, range), and record every problem as a
//! [`CellIssue`] and every rewrite as a [`Change`]. Row-level checks (a
//! contact present, the phone's country matching the country column, stale
//! records) follow once every column is done.

use std::borrow::Cow;
use std::collections::HashMap;

use rustc_hash::FxHashMap;

use super::cn_id::validate_cn_id;
use super::date::{ascii_number, decide_order, validate_date, DateOptions, DateOrder};
use super::email::{validate_email, EmailOptions};
use super::phone::{check_phone, PhoneOptions};
use super::postal::validate_postal;
use super::memo::VerdictMemo;
use super::{Issue, Severity, Verdict};
use crate::error::{Error, Result};
use crate::normalize::country::country_code;
use crate::normalize::gender::{normalize_gender, GenderStyle};
use crate::normalize::mojibake::looks_like_mojibake;
use crate::normalize::name::normalize_person_name;
use crate::normalize::text::clean_text;
use crate::ledger::{ChangeLog, IssueLog, StoredIssue};
use crate::pipeline::Progress;
use crate::profile::{ColumnProfile, ColumnType, DateOrderSetting, Profile};
use crate::table::{Column, Table};

/// How many rows between two progress reports: the slowest column (phones,
/// at the start of a column while its memo fills) validates this many in
/// about 70 ms in the browser; 32,768 rows made a 300 ms gap there.
const PROGRESS_EVERY: usize = 1 << 13;

/// Everything the validation stage needs besides the table.
#[derive(Debug, Clone)]
pub struct Context {
    /// Today's date `(year, month, day)`, from the front end: the core has no clock.
    pub today: (i32, u32, u32),
}

/// Options for validating one value outside a table (live form validation, `check`).
#[derive(Debug, Clone, Default)]
pub struct ValueOptions {
    /// Region for national phone numbers; also the country for postal codes.
    pub region: Option<String>,
    /// The row's own country (from its country column), when it has one: the
    /// region for national numbers, and a number from elsewhere gets a
    /// `phone.region_mismatch` warning.
    pub row_country: Option<String>,
    /// Day-first or month-first, when known (a column decided it); otherwise
    /// an ambiguous date gets a `date.ambiguous` warning and `default_date_order`.
    pub date_order: Option<DateOrder>,
    /// The reading of an ambiguous date when `date_order` is not known.
    pub default_date_order: DateOrder,
    /// Replace mistyped popular email domains.
    pub fix_typos: bool,
    /// Today `(y, m, d)`, for far-future dates and ID birth dates.
    pub today: Option<(i32, u32, u32)>,
    /// Codes for genders.
    pub gender: GenderStyle,
}

/// The single-value options a profile implies (for `check` and the embed API),
/// with `region` overriding the profile's default region.
pub fn value_options(profile: &Profile, region: Option<String>, today: (i32, u32, u32)) -> ValueOptions {
    let codes = &profile.validate.gender_codes;
    ValueOptions {
        region: region.or_else(|| profile.validate.default_region.clone()),
        row_country: None,
        date_order: None,
        default_date_order: match profile.validate.date_order {
            DateOrderSetting::DayFirst => DateOrder::DayFirst,
            DateOrderSetting::MonthFirst => DateOrder::MonthFirst,
        },
        fix_typos: profile.validate.fix_email_typos,
        today: Some(today),
        gender: GenderStyle {
            male: codes.male.clone(),
            female: codes.female.clone(),
            other: codes.other.clone(),
            unknown: codes.unknown.clone(),
        },
    }
}

fn issue(code: &'static str, en: String, zh: String) -> Issue {
    Issue::error(code, en, zh)
}

/// Validates one value as typed by a person: text-cleaned first (NFKC,
/// whitespace), as the batch cleaner does by default, then [`validate_value`].
/// The CLI's `check` and the embed API's `validate` call this.
pub fn validate_input(kind: ColumnType, value: &str, options: &ValueOptions) -> Verdict {
    validate_value(kind, &clean_text(value), options)
}

/// Validates one (already text-cleaned) value as `kind`: the function behind
/// the batch cleaner, the CLI's `check` and the embed API's `validate`, so all
/// three agree.
pub fn validate_value(kind: ColumnType, value: &str, options: &ValueOptions) -> Verdict {
    validate_in(kind, value, options, options.region.as_deref(), options.row_country.as_deref())
}

/// [`validate_value`] with the region and the row's country given apart, so
/// the batch cleaner can point them at each row's country without building
/// owned options per row.
fn validate_in(kind: ColumnType, value: &str, options: &ValueOptions, region: Option<&str>, row_country: Option<&str>) -> Verdict {
    match kind {
        ColumnType::Email => validate_email(value, &EmailOptions { fix_typos: options.fix_typos }),
        ColumnType::Phone | ColumnType::Mobile | ColumnType::Landline => {
            validate_phone_kind(kind, value, row_country, region)
        }
        ColumnType::Date | ColumnType::Datetime => {
            let date = DateOptions {
                default_order: options.date_order.unwrap_or(options.default_date_order),
                today: options.today.unwrap_or((0, 0, 0)),
                ..DateOptions::default()
            };
            validate_date(value, options.date_order, &date)
        }
        ColumnType::CnId => validate_cn_id(value, options.today.map(|t| t.0)),
        ColumnType::PostalCode => validate_postal(value, region),
        ColumnType::Country => match country_code(value) {
            Some(code) => Verdict::ok(code),
            None if value.is_empty() => Verdict::ok(""),
            None => Verdict::invalid(issue(
                "country.unrecognized",
                format!("{value:?} is not a country name or code this cleaner knows"),
                format!("无法识别的国家或地区:{value}"),
            )),
        },
        ColumnType::Gender => match normalize_gender(value, &options.gender) {
            Some(code) => Verdict::ok(code.into_owned()),
            None => Verdict::invalid(issue(
                "gender.unrecognized",
                format!("{value:?} is not a recognized gender value"),
                format!("无法识别的性别值:{value}"),
            )),
        },
        ColumnType::FullName | ColumnType::GivenName | ColumnType::FamilyName => {
            text_verdict(value, normalize_person_name(value).into_owned())
        }
        ColumnType::Url => validate_url(value),
        ColumnType::Number | ColumnType::Currency => validate_number(value),
        _ => text_verdict(value, value.to_string()),
    }
}

/// Whether a type's verdict depends on the row's region (from its country column).
fn uses_region(kind: ColumnType) -> bool {
    kind.is_phone() || kind == ColumnType::PostalCode
}

/// A free-text value: always valid, but mojibake is worth a warning.
fn text_verdict(value: &str, normalized: String) -> Verdict {
    let verdict = Verdict::ok(normalized);
    if looks_like_mojibake(value) {
        return verdict.with(mojibake_warning());
    }
    verdict
}

fn mojibake_warning() -> Issue {
    Issue::warning(
        "text.mojibake",
        "this looks like garbled text (Chinese decoded with the wrong encoding); check the file's encoding",
        "疑似乱码(中文被按错误编码读取),请检查文件编码",
    )
}

/// The types whose verdict is the value itself (or a person's name
/// normalized), plus a mojibake warning: [`text_verdict`]'s cases.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Plain {
    Text,
    Name,
}

fn plain_kind(kind: ColumnType) -> Option<Plain> {
    match kind {
        ColumnType::FullName | ColumnType::GivenName | ColumnType::FamilyName => Some(Plain::Name),
        ColumnType::Email
        | ColumnType::Phone
        | ColumnType::Mobile
        | ColumnType::Landline
        | ColumnType::Date
        | ColumnType::Datetime
        | ColumnType::CnId
        | ColumnType::PostalCode
        | ColumnType::Country
        | ColumnType::Gender
        | ColumnType::Url
        | ColumnType::Number
        | ColumnType::Currency => None,
        ColumnType::Company
        | ColumnType::JobTitle
        | ColumnType::Address
        | ColumnType::City
        | ColumnType::Province
        | ColumnType::Category
        | ColumnType::RecordId
        | ColumnType::Text => Some(Plain::Text),
    }
}

fn validate_phone_kind(kind: ColumnType, value: &str, row_region: Option<&str>, default_region: Option<&str>) -> Verdict {
    // The row's region overrides the default; passing it as the call's region
    // avoids building owned options for every cell.
    let info = check_phone(value, row_region.or(default_region), &PhoneOptions::default());
    let mut verdict = info.verdict;
    let wrong_kind = match (kind, info.kind) {
        (ColumnType::Mobile, Some(k)) => !matches!(k, "mobile" | "fixed_line_or_mobile"),
        (ColumnType::Landline, Some(k)) => !matches!(k, "fixed_line" | "fixed_line_or_mobile"),
        _ => false,
    };
    if wrong_kind {
        let expected = if kind == ColumnType::Mobile { ("a mobile number", "手机号码") } else { ("a landline number", "固定电话") };
        verdict = verdict.with(Issue::warning(
            "phone.unexpected_kind",
            format!("the column holds {} but this number is {}", expected.0, info.kind.unwrap_or("another kind")),
            format!("该列应为{},此号码类型不符", expected.1),
        ));
    }
    verdict
}

fn validate_url(value: &str) -> Verdict {
    if value.is_empty() {
        return Verdict::ok("");
    }
    let (scheme, rest) = match value.find("://") {
        Some(pos) => (value[..pos].to_ascii_lowercase(), &value[pos + 3..]),
        None => ("https".to_string(), value),
    };
    let host_end = rest.find(['/', '?', '#']).unwrap_or(rest.len());
    let host = &rest[..host_end];
    let host_ok = !host.is_empty()
        && host.contains('.')
        && !host.contains(' ')
        && host.split('.').all(|l| !l.is_empty() && !l.starts_with('-') && !l.ends_with('-'));
    if !matches!(scheme.as_str(), "http" | "https") || !host_ok {
        return Verdict::invalid(issue(
            "url.invalid",
            format!("{value:?} is not a web address"),
            format!("不是有效的网址:{value}"),
        ));
    }
    Verdict::ok(format!("{scheme}://{}{}", host.to_ascii_lowercase(), &rest[host_end..]))
}

fn validate_number(value: &str) -> Verdict {
    if value.is_empty() {
        return Verdict::ok("");
    }
    let digits: String = value.chars().filter(|c| !matches!(c, ',' | ' ' | '¥' | '￥' | '$' | '€' | '£')).collect();
    match digits.parse::<f64>() {
        Ok(n) if n.is_finite() => Verdict::ok(digits),
        _ => Verdict::invalid(issue("number.invalid", format!("{value:?} is not a number"), format!("不是数字:{value}"))),
    }
}

/// The column rules from the profile that are checked on the normalized value.
struct Rules<'a> {
    profile: &'a ColumnProfile,
    pattern: Option<regex_lite::Regex>,
    seen: HashMap<String, usize>,
}

impl<'a> Rules<'a> {
    fn new(profile: &'a ColumnProfile) -> Result<Self> {
        let pattern = match &profile.pattern {
            None => None,
            Some(p) => Some(regex_lite::Regex::new(&format!("^(?:{p})$")).map_err(|e| {
                Error::Profile(format!("column {:?}: pattern {p:?} is not a valid regular expression: {e}", profile.name))
            })?),
        };
        Ok(Rules { profile, pattern, seen: HashMap::new() })
    }

    /// The rule issues for one (normalized) value.
    fn check(&mut self, row: usize, value: &str, out: &mut Vec<Issue>) {
        let p = self.profile;
        if value.is_empty() {
            if p.required {
                out.push(issue("rule.required", "a value is required".into(), "此项为必填".into()));
            }
            return;
        }
        if p.unique {
            if let Some(first) = self.seen.get(value) {
                out.push(issue(
                    "rule.unique",
                    format!("the same value is already in row {}", first + 1),
                    format!("与第 {} 行重复", first + 1),
                ));
            } else {
                self.seen.insert(value.to_string(), row);
            }
        }
        if let Some(allowed) = &p.allowed {
            if !allowed.iter().any(|a| a == value) {
                out.push(issue(
                    "rule.enum",
                    format!("must be one of: {}", allowed.join(", ")),
                    format!("必须是以下之一:{}", allowed.join("、")),
                ));
            }
        }
        if let Some(re) = &self.pattern {
            if !re.is_match(value) {
                out.push(issue("rule.pattern", "does not match the column's pattern".into(), "不符合该列的格式要求".into()));
            }
        }
        // Counting characters is a pass over the value: only with a length rule.
        let lengths = p.min_length.is_some() || p.max_length.is_some();
        let chars = if lengths { value.chars().count() } else { 0 };
        if p.min_length.is_some_and(|min| chars < min) || p.max_length.is_some_and(|max| chars > max) {
            let (min, max) = (p.min_length.unwrap_or(0), p.max_length.map_or("∞".to_string(), |m| m.to_string()));
            out.push(issue(
                "rule.length",
                format!("must be {min} to {max} characters long"),
                format!("长度须在 {min} 到 {max} 个字符之间"),
            ));
        }
        if p.minimum.is_some() || p.maximum.is_some() {
            match value.parse::<f64>() {
                Ok(n) if p.minimum.is_some_and(|m| n < m) || p.maximum.is_some_and(|m| n > m) => out.push(issue(
                    "rule.range",
                    format!("must be between {} and {}", fmt_bound(p.minimum), fmt_bound(p.maximum)),
                    format!("须在 {} 与 {} 之间", fmt_bound(p.minimum), fmt_bound(p.maximum)),
                )),
                Ok(_) => {}
                Err(_) => out.push(issue("rule.range", "must be a number".into(), "须为数字".into())),
            }
        }
    }
}

fn fmt_bound(bound: Option<f64>) -> String {
    bound.map_or("∞".into(), |b| b.to_string())
}

/// What the stage produced besides the rewritten table.
#[derive(Debug, Clone, Default)]
pub struct Validated {
    /// Every problem found.
    pub issues: IssueLog,
    /// Rows whose last-contact date is older than the profile's limit.
    pub stale_rows: usize,
}

/// Runs validation and normalization over every column the profile types,
/// then the row checks.
pub fn validate_table(
    table: &mut Table,
    profile: &Profile,
    context: &Context,
    changes: &mut ChangeLog,
    progress: &mut dyn FnMut(Progress),
) -> Result<Validated> {
    let mut issues = IssueLog::default();
    validate_columns(table, profile, context, &|_| true, changes, &mut issues, progress)?;
    Ok(check_table_rows(table, profile, context, issues, progress))
}

/// Validates and normalizes the columns the profile types whose table
/// index `only` accepts, in the profile's order (a worker's share of the
/// columns, see [`super::split`]). Progress counts every column's rows, then
/// the row checks', so shares report on one scale.
pub fn validate_columns(
    table: &mut Table,
    profile: &Profile,
    context: &Context,
    only: &dyn Fn(usize) -> bool,
    changes: &mut ChangeLog,
    issues: &mut IssueLog,
    progress: &mut dyn FnMut(Progress),
) -> Result<()> {
    let country_col = profile
        .columns
        .iter()
        .find(|c| c.kind == ColumnType::Country)
        .and_then(|c| table.headers().position(|h| h == c.name));
    let mut countries = None;
    let total = validate_total(table, profile);
    for (n, column_profile) in profile.columns.iter().enumerate() {
        let Some(index) = table.headers().position(|h| h == column_profile.name) else { continue };
        if !only(index) {
            continue;
        }
        let Some(column) = table.column(index) else { continue };
        if countries.is_none() && uses_region(column_profile.kind) {
            countries = Some(country_col.and_then(|i| table.column(i)).map(row_countries));
        }
        let done = (n * table.rows()) as u64;
        let mut report = |rows: usize| progress(Progress { stage: "validate", done: done + rows as u64, total });
        let rewritten = validate_column(
            index,
            column,
            column_profile,
            profile,
            context,
            countries.as_ref().and_then(|c| c.as_deref()),
            changes,
            issues,
            &mut report,
        )?;
        if let Some(column) = rewritten {
            table.replace_column(index, column);
        }
    }
    Ok(())
}

/// The `total` of the validation stage's progress: each column's rows, then the row checks as one more column.
fn validate_total(table: &Table, profile: &Profile) -> u64 {
    (table.rows() * (profile.columns.len().max(1) + 1)) as u64
}

/// The row checks, once every column is validated: the stage's result.
pub fn check_table_rows(
    table: &Table,
    profile: &Profile,
    context: &Context,
    issues: IssueLog,
    progress: &mut dyn FnMut(Progress),
) -> Validated {
    let mut out = Validated { issues, stale_rows: 0 };
    let (done, total) = ((profile.columns.len().max(1) * table.rows()) as u64, validate_total(table, profile));
    check_rows(table, profile, context, &mut out, &mut |rows| {
        progress(Progress { stage: "validate", done: done + rows as u64, total })
    });
    out
}

/// Most distinct last-contact dates whose stale issue is remembered.
const MAX_STALE_DATES: usize = 8192;

/// Most distinct spellings of a country remembered while reading the country column.
const MAX_COUNTRY_SPELLINGS: usize = 4096;

/// Each row's country code, from the country column. A country column
/// repeats a few dozen spellings (`China`, `PRC`, `中国`), so each is looked
/// up once: the lookups were 4% of the validation stage.
fn row_countries(column: &Column) -> Vec<Option<&'static str>> {
    let mut known: FxHashMap<&str, Option<&'static str>> = FxHashMap::default();
    let lookup = |cell: &str| country_code(&clean_text(cell));
    column
        .iter()
        .map(|cell| match known.get(cell) {
            Some(&code) => code,
            None if known.len() < MAX_COUNTRY_SPELLINGS => *known.entry(cell).or_insert_with(|| lookup(cell)),
            None => lookup(cell),
        })
        .collect()
}

/// The day-first / month-first reading of one date column.
fn date_order(column: &Column, column_profile: &ColumnProfile, profile: &Profile) -> (Option<DateOrder>, DateOrder) {
    let setting = |s: DateOrderSetting| match s {
        DateOrderSetting::DayFirst => DateOrder::DayFirst,
        DateOrderSetting::MonthFirst => DateOrder::MonthFirst,
    };
    let default = setting(profile.validate.date_order);
    match column_profile.date_order {
        Some(s) => (Some(setting(s)), default),
        None => (decide_order(column.iter()), default),
    }
}

#[allow(clippy::too_many_arguments)]
fn validate_column(
    index: usize,
    column: &Column,
    column_profile: &ColumnProfile,
    profile: &Profile,
    context: &Context,
    countries: Option<&[Option<&'static str>]>,
    changes: &mut ChangeLog,
    issues: &mut IssueLog,
    progress: &mut dyn FnMut(usize),
) -> Result<Option<Column>> {
    let kind = column_profile.kind;
    let mut rules = Rules::new(column_profile)?;
    let mut check = ColumnCheck::new(column, column_profile, profile, context);
    // Only the types that read the row's region look its country up; the
    // others' verdicts (and memo keys) do not depend on it.
    let countries = countries.filter(|_| uses_region(kind));
    let mut rewritten = Column::with_capacity(column.name(), column.len(), column.text_len());
    let mut changed = false;
    let mut found = Vec::new();
    for (row, cell) in column.iter().enumerate() {
        let row_country = countries.and_then(|c| c.get(row).copied().flatten());
        let text = match (profile.normalize.text, profile.normalize.trim) {
            (true, _) => clean_text(cell),
            (false, true) => Cow::Borrowed(cell.trim()),
            (false, false) => Cow::Borrowed(cell),
        };
        let mut scratch = None;
        let verdict = check.verdict(&text, row_country, &mut scratch);
        let mut value: &str = &text;
        if column_profile.normalize && verdict.valid {
            if let Some(normalized) = verdict.normalized.as_deref() {
                value = normalized;
            }
        }
        rules.check(row, value, &mut found);
        for problem in verdict.issues.iter().chain(found.drain(..).as_slice()) {
            issues.push(row, Some(index), problem, cell, verdict.suggestion);
        }
        if !same_text(value, cell) {
            changed = true;
            let rule = if same_text(value, &text) { text_rule(cell, &text) } else { kind.as_str() };
            changes.push(row, index, cell, value, rule);
        }
        rewritten.push(value)?;
        // More often at a column's start, where the first values of each
        // phone region compile its patterns.
        if row % PROGRESS_EVERY == PROGRESS_EVERY - 1 || (row < PROGRESS_EVERY && row % 512 == 511) {
            progress(row + 1);
        }
    }
    // A column whose values grew (phones to E.164, dates to ISO) doubled its
    // buffer on the way; the table keeps it to the end of the run.
    rewritten.shrink_to_fit();
    Ok(changed.then_some(rewritten))
}

/// Equal texts, without comparing the bytes when both are the same slice
/// (a value the cleaning and the validator left alone borrows the cell).
fn same_text(a: &str, b: &str) -> bool {
    (a.as_ptr() == b.as_ptr() && a.len() == b.len()) || a == b
}

/// A verdict as the stage reads it: borrowed from the memo, or made for the
/// cell without an owned copy of the value when the type leaves it as it is.
struct CellVerdict<'a> {
    valid: bool,
    normalized: Option<Cow<'a, str>>,
    issues: &'a [Issue],
    suggestion: Option<&'a str>,
}

impl<'a> CellVerdict<'a> {
    fn of(verdict: &'a Verdict) -> Self {
        CellVerdict {
            valid: verdict.valid,
            normalized: verdict.normalized.as_deref().map(Cow::Borrowed),
            issues: &verdict.issues,
            suggestion: verdict.suggestion.as_deref(),
        }
    }
}

/// What checking one column's cells needs besides the cell: fixed for the column.
struct ColumnCheck<'p> {
    kind: ColumnType,
    plain: Option<Plain>,
    options: ValueOptions,
    /// The region of rows without a country.
    default_region: Option<&'p str>,
    /// Whether a phone from another country than the row's gets a warning.
    match_country: bool,
    memo: VerdictMemo,
    mojibake: Issue,
}

impl<'p> ColumnCheck<'p> {
    fn new(column: &Column, column_profile: &ColumnProfile, profile: &'p Profile, context: &Context) -> Self {
        let kind = column_profile.kind;
        let (order, default_order) = if matches!(kind, ColumnType::Date | ColumnType::Datetime) {
            date_order(column, column_profile, profile)
        } else {
            (None, DateOrder::DayFirst)
        };
        let codes = &profile.validate.gender_codes;
        let gender = GenderStyle {
            male: codes.male.clone(),
            female: codes.female.clone(),
            other: codes.other.clone(),
            unknown: codes.unknown.clone(),
        };
        let options = ValueOptions {
            region: profile.validate.default_region.clone(),
            row_country: None,
            date_order: order,
            default_date_order: default_order,
            fix_typos: profile.validate.fix_email_typos,
            today: Some(context.today),
            gender,
        };
        ColumnCheck {
            kind,
            plain: plain_kind(kind),
            options,
            default_region: profile.validate.default_region.as_deref(),
            match_country: profile.validate.phone_matches_country,
            memo: VerdictMemo::new(),
            mojibake: mojibake_warning(),
        }
    }

    /// The verdict on one cleaned value in a row of `row_country`.
    fn verdict<'a>(&'a mut self, text: &'a str, row_country: Option<&'static str>, scratch: &'a mut Option<Verdict>) -> CellVerdict<'a> {
        if text.is_empty() {
            return CellVerdict { valid: true, normalized: Some(Cow::Borrowed("")), issues: &[], suggestion: None };
        }
        let ColumnCheck { kind, plain, options, default_region, match_country, memo, mojibake } = self;
        if let Some(plain) = *plain {
            // What `text_verdict` gives, without copying the value.
            let normalized = if plain == Plain::Name { normalize_person_name(text) } else { Cow::Borrowed(text) };
            let issues = if looks_like_mojibake(text) { std::slice::from_ref(&*mojibake) } else { &[] };
            return CellVerdict { valid: true, normalized: Some(normalized), issues, suggestion: None };
        }
        // The row's country overrides the default region.
        let region = row_country.or(*default_region);
        let expected = row_country.filter(|_| *match_country);
        let (kind, options) = (*kind, &*options);
        let verdict = memo.get_or_validate(text, row_country, || validate_in(kind, text, options, region, expected), scratch);
        CellVerdict::of(verdict)
    }
}

/// The rule name for a change that text cleaning alone made.
fn text_rule(before: &str, after: &str) -> &'static str {
    if before.trim() == after {
        "trim"
    } else {
        "text"
    }
}

/// The year (characters 1-4) and month (6-7) of a cleaned date, as numbers.
fn year_month(date: &str) -> Option<(i32, i32)> {
    let digits = |from: usize, to: usize| {
        // Plain digits (every ISO date) without `parse`'s generality; anything
        // else (a sign, a cell left as typed) as `parse` reads it.
        match ascii_number(date.as_bytes().get(from..to)?) {
            Some(n) => Some(n as i32),
            None => date.get(from..to)?.parse::<i32>().ok(),
        }
    };
    Some((digits(0, 4)?, digits(5, 7)?))
}

/// Row rules: a contact present, stale last-contact dates.
fn check_rows(
    table: &Table,
    profile: &Profile,
    context: &Context,
    out: &mut Validated,
    progress: &mut dyn FnMut(usize),
) {
    let find = |pred: &dyn Fn(&ColumnProfile) -> bool| -> Vec<usize> {
        profile
            .columns
            .iter()
            .filter(|c| pred(c))
            .filter_map(|c| table.headers().position(|h| h == c.name))
            .collect()
    };
    let contacts = find(&|c| c.kind == ColumnType::Email || c.kind.is_phone());
    let last_contact = find(&|c| c.last_contact);
    let (ty, tm, _) = context.today;
    let stale_before = (ty * 12 + tm as i32) - profile.validate.stale_after_months as i32;
    // The stale issue of each last-contact date, stored in the log once: a
    // column repeats a few thousand dates, and formatting, comparing and
    // hashing both messages for every stale row was most of this loop.
    // Datetimes (to the second) seldom repeat: theirs are stored as they
    // come, without a lookup among the log's messages or a `String` each
    // (a million-row file's 223,000 of them took 115 → 43 ms natively).
    let mut stale_issues: FxHashMap<&str, StoredIssue> = FxHashMap::default();
    let months = profile.validate.stale_after_months.to_string();
    let stale_issue = |issues: &mut IssueLog, date: &str| {
        let en = ["last contact ", date, " is more than ", &months, " months ago"];
        let zh = ["最后联系于 ", date, ",已超过 ", &months, " 个月"];
        issues.store_new("record.stale", Severity::Warning, &en, &zh)
    };
    let mut no_contact: Option<StoredIssue> = None;
    for row in 0..table.rows() {
        if row % PROGRESS_EVERY == PROGRESS_EVERY - 1 {
            progress(row + 1);
        }
        if profile.validate.require_contact && !contacts.is_empty() && contacts.iter().all(|&c| table.cell(row, c).is_empty()) {
            let stored = *no_contact.get_or_insert_with(|| {
                out.issues.store(&issue("row.no_contact", "neither an email nor a phone number".into(), "既无邮箱也无电话".into()))
            });
            out.issues.push_stored(row, None, stored, "", None);
        }
        if ty > 0 {
            for &col in &last_contact {
                let date = table.cell(row, col);
                let Some((y, m)) = year_month(date) else { continue };
                if y * 12 + m < stale_before {
                    out.stale_rows += 1;
                    let stored = match stale_issues.get(date) {
                        Some(&stored) => stored,
                        None => {
                            let stored = stale_issue(&mut out.issues, date);
                            if stale_issues.len() < MAX_STALE_DATES {
                                stale_issues.insert(date, stored);
                            }
                            stored
                        }
                    };
                    out.issues.push_stored(row, None, stored, "", None);
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::{check_table_rows, year_month, Context, MAX_STALE_DATES};
    use crate::ledger::IssueLog;
    use crate::profile::Profile;
    use crate::table::Table;

    #[test]
    fn every_stale_row_quotes_its_own_date_past_the_remembered_ones() {
        let profile = Profile::from_json(
            r#"{"version": 1, "validate": {"stale_after_months": 12}, "columns": [{"name": "seen", "type": "datetime", "last_contact": true}]}"#,
        )
        .unwrap();
        // More distinct datetimes than are remembered, each twice, among repeated dates and fresh ones.
        let mut dates = Vec::new();
        for i in 0..MAX_STALE_DATES + 300 {
            let date = format!("2020-{:02}-{:02}T{:02}:{:02}:{:02}", i % 12 + 1, i % 28 + 1, i / 3600 % 24, i / 60 % 60, i % 60);
            dates.extend([date.clone(), "2021-03-04".to_string(), date, "2026-11-30".to_string()]);
        }
        let mut table = Table::new(["seen"]);
        for (line, date) in dates.iter().enumerate() {
            table.push_row([date.as_str()], line as u64 + 2).unwrap();
        }
        let validated = check_table_rows(&table, &profile, &Context { today: (2026, 12, 7) }, IssueLog::default(), &mut |_| {});
        let expected: Vec<(usize, String, String)> = (dates.iter().enumerate())
            .filter(|(_, d)| !d.starts_with("2026"))
            .map(|(row, d)| (row, format!("last contact {d} is more than 12 months ago"), format!("最后联系于 {d},已超过 12 个月")))
            .collect();
        let got: Vec<(usize, String, String)> =
            validated.issues.iter().map(|i| (i.row, i.message.to_string(), i.message_zh.to_string())).collect();
        assert_eq!(got, expected);
        assert!(validated.issues.iter().all(|i| i.code == "record.stale" && i.column.is_none() && i.value.is_empty()));
        assert_eq!(validated.stale_rows, expected.len());
    }

    #[test]
    fn year_month_reads_as_parse_did() {
        let by_parse = |date: &str| {
            let part = |from: usize, to: usize| date.get(from..to).and_then(|p| p.parse::<i32>().ok());
            Some((part(0, 4)?, part(5, 7)?))
        };
        for date in ["2024-01-05", "1999-12-31T10:00", "+999-12", "-123-01", "2024-1", "2024", "", "20x4-01-01", "2024-+1-01", "张伟-01", "2024-0张", "0000-00", "9999-99-99"] {
            assert_eq!(year_month(date), by_parse(date), "{date:?}");
        }
    }
}
