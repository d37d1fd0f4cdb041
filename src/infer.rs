//! Inference: what each column holds, guessed from its header (English or
//! Chinese) and from a sample of its values, with a confidence.
//!
//! Values outrank headers: a column headed `phone` whose values are email
//! addresses is an email column, with a warning saying so. Headers decide
//! what values cannot (a name and a city look alike), and every guess can be
//! overridden in the profile.

use serde::Serialize;

use crate::normalize::text::clean_text;
use crate::profile::{ColumnProfile, ColumnType, Profile};
use crate::table::{Column, Table};
use crate::validate::cn_id::validate_cn_id;
use crate::validate::date::{parse_date, DateSource};
use crate::validate::email::{validate_email, EmailOptions};

/// Values looked at per column.
const SAMPLE: usize = 1000;
/// Share of values that must fit a type for the values alone to decide it.
const DECISIVE: f64 = 0.8;

/// What inference concluded about one column.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Inferred {
    /// The column's header.
    pub name: String,
    /// The type chosen.
    pub kind: ColumnType,
    /// How sure, 0–1.
    pub confidence: f64,
    /// The type the header alone suggested.
    pub header_kind: Option<ColumnType>,
    /// The header names the last contact or last update.
    pub last_contact: bool,
    /// Anything the user should check (header and values disagree, ...).
    pub warnings: Vec<String>,
}

/// Header keywords, normalized (lower case, no spaces, `_`, `-` or `.`).
/// The longest keyword found in a header wins, so `companyname` beats `name`
/// and `mobilephone` beats `phone`.
const HEADER_KEYWORDS: &[(&str, ColumnType)] = &[
    ("email", ColumnType::Email),
    ("emailaddress", ColumnType::Email),
    ("mail", ColumnType::Email),
    ("邮箱", ColumnType::Email),
    ("电子邮件", ColumnType::Email),
    ("电子邮箱", ColumnType::Email),
    ("邮件", ColumnType::Email),
    ("mobile", ColumnType::Mobile),
    ("mobilephone", ColumnType::Mobile),
    ("cell", ColumnType::Mobile),
    ("cellphone", ColumnType::Mobile),
    ("手机", ColumnType::Mobile),
    ("手机号", ColumnType::Mobile),
    ("手机号码", ColumnType::Mobile),
    ("移动电话", ColumnType::Mobile),
    ("phone", ColumnType::Phone),
    ("tel", ColumnType::Phone),
    ("telephone", ColumnType::Phone),
    ("phonenumber", ColumnType::Phone),
    ("电话", ColumnType::Phone),
    ("联系电话", ColumnType::Phone),
    ("电话号码", ColumnType::Phone),
    ("联系方式", ColumnType::Phone),
    ("座机", ColumnType::Landline),
    ("landline", ColumnType::Landline),
    ("固定电话", ColumnType::Landline),
    ("name", ColumnType::FullName),
    ("fullname", ColumnType::FullName),
    ("contact", ColumnType::FullName),
    ("contactname", ColumnType::FullName),
    ("customername", ColumnType::FullName),
    ("姓名", ColumnType::FullName),
    ("名字", ColumnType::FullName),
    ("客户名称", ColumnType::FullName),
    ("客户姓名", ColumnType::FullName),
    ("联系人", ColumnType::FullName),
    ("firstname", ColumnType::GivenName),
    ("givenname", ColumnType::GivenName),
    ("forename", ColumnType::GivenName),
    ("lastname", ColumnType::FamilyName),
    ("surname", ColumnType::FamilyName),
    ("familyname", ColumnType::FamilyName),
    ("company", ColumnType::Company),
    ("companyname", ColumnType::Company),
    ("account", ColumnType::Company),
    ("accountname", ColumnType::Company),
    ("organization", ColumnType::Company),
    ("organisation", ColumnType::Company),
    ("employer", ColumnType::Company),
    ("公司", ColumnType::Company),
    ("公司名称", ColumnType::Company),
    ("单位", ColumnType::Company),
    ("企业名称", ColumnType::Company),
    ("企业", ColumnType::Company),
    ("title", ColumnType::JobTitle),
    ("jobtitle", ColumnType::JobTitle),
    ("position", ColumnType::JobTitle),
    ("role", ColumnType::JobTitle),
    ("职位", ColumnType::JobTitle),
    ("职务", ColumnType::JobTitle),
    ("头衔", ColumnType::JobTitle),
    ("address", ColumnType::Address),
    ("street", ColumnType::Address),
    ("streetaddress", ColumnType::Address),
    ("addr", ColumnType::Address),
    ("地址", ColumnType::Address),
    ("详细地址", ColumnType::Address),
    ("街道", ColumnType::Address),
    ("city", ColumnType::City),
    ("town", ColumnType::City),
    ("城市", ColumnType::City),
    ("province", ColumnType::Province),
    ("state", ColumnType::Province),
    ("省", ColumnType::Province),
    ("省份", ColumnType::Province),
    ("zip", ColumnType::PostalCode),
    ("zipcode", ColumnType::PostalCode),
    ("postcode", ColumnType::PostalCode),
    ("postalcode", ColumnType::PostalCode),
    ("邮编", ColumnType::PostalCode),
    ("邮政编码", ColumnType::PostalCode),
    ("country", ColumnType::Country),
    ("nation", ColumnType::Country),
    ("国家", ColumnType::Country),
    ("国家/地区", ColumnType::Country),
    ("date", ColumnType::Date),
    ("created", ColumnType::Date),
    ("createdat", ColumnType::Date),
    ("createddate", ColumnType::Date),
    ("updated", ColumnType::Date),
    ("modified", ColumnType::Date),
    ("lastcontact", ColumnType::Date),
    ("lastcontacted", ColumnType::Date),
    ("lastactivity", ColumnType::Date),
    ("birthday", ColumnType::Date),
    ("birthdate", ColumnType::Date),
    ("dateofbirth", ColumnType::Date),
    ("dob", ColumnType::Date),
    ("创建时间", ColumnType::Date),
    ("创建日期", ColumnType::Date),
    ("更新时间", ColumnType::Date),
    ("最后联系", ColumnType::Date),
    ("最后联系时间", ColumnType::Date),
    ("注册时间", ColumnType::Date),
    ("生日", ColumnType::Date),
    ("出生日期", ColumnType::Date),
    ("日期", ColumnType::Date),
    ("时间", ColumnType::Date),
    ("gender", ColumnType::Gender),
    ("sex", ColumnType::Gender),
    ("性别", ColumnType::Gender),
    ("website", ColumnType::Url),
    ("url", ColumnType::Url),
    ("homepage", ColumnType::Url),
    ("网站", ColumnType::Url),
    ("网址", ColumnType::Url),
    ("主页", ColumnType::Url),
    ("身份证", ColumnType::CnId),
    ("身份证号", ColumnType::CnId),
    ("身份证号码", ColumnType::CnId),
    ("idcard", ColumnType::CnId),
    ("idnumber", ColumnType::CnId),
    ("amount", ColumnType::Currency),
    ("revenue", ColumnType::Currency),
    ("金额", ColumnType::Currency),
    ("price", ColumnType::Currency),
    ("quantity", ColumnType::Number),
    ("count", ColumnType::Number),
    ("age", ColumnType::Number),
    ("数量", ColumnType::Number),
    ("年龄", ColumnType::Number),
    ("id", ColumnType::RecordId),
    ("customerid", ColumnType::RecordId),
    ("recordid", ColumnType::RecordId),
    ("编号", ColumnType::RecordId),
    ("客户编号", ColumnType::RecordId),
    ("status", ColumnType::Category),
    ("type", ColumnType::Category),
    ("source", ColumnType::Category),
    ("stage", ColumnType::Category),
    ("level", ColumnType::Category),
    ("状态", ColumnType::Category),
    ("类型", ColumnType::Category),
    ("来源", ColumnType::Category),
    ("等级", ColumnType::Category),
    ("客户等级", ColumnType::Category),
    ("note", ColumnType::Text),
    ("notes", ColumnType::Text),
    ("comment", ColumnType::Text),
    ("comments", ColumnType::Text),
    ("remarks", ColumnType::Text),
    ("备注", ColumnType::Text),
    ("说明", ColumnType::Text),
];

/// Header words that mark a last-contact or last-update date.
const LAST_CONTACT: &[&str] = &["lastcontact", "lastactivity", "updated", "modified", "lasttouch", "最后联系", "更新"];

fn header_key(header: &str) -> String {
    clean_text(header)
        .chars()
        .filter(|c| !c.is_whitespace() && !matches!(c, '_' | '-' | '.' | ':' | '：' | '(' | ')' | '*'))
        .flat_map(char::to_lowercase)
        .collect()
}

/// The type a header names, if any: the longest matching keyword; an exact
/// match beats a contained one. Short Latin keywords (`id`, `tel`) must match exactly.
pub fn type_from_header(header: &str) -> Option<ColumnType> {
    let key = header_key(header);
    if let Some(&(_, kind)) = HEADER_KEYWORDS.iter().find(|(word, _)| *word == key) {
        return Some(kind);
    }
    HEADER_KEYWORDS
        .iter()
        .filter(|(word, _)| (!word.is_ascii() || word.len() >= 4) && key.contains(word))
        .max_by_key(|(word, _)| (word.chars().count(), key.rfind(word)))
        .map(|&(_, kind)| kind)
}

/// Whether a value is shaped like a phone number: 7–15 digits and only
/// phone punctuation, so short ids and long account numbers are not.
fn looks_like_phone(value: &str) -> bool {
    let digits = value.bytes().filter(u8::is_ascii_digit).count();
    (7..=15).contains(&digits)
        && value.chars().all(|c| c.is_ascii_digit() || matches!(c, ' ' | '-' | '(' | ')' | '+' | '.' | '/'))
        && !value.contains('/')
        && !(value.contains('.') && value.matches('.').count() != 2 && !value.contains(' '))
}

fn looks_like_url(value: &str) -> bool {
    let lower = value.to_ascii_lowercase();
    (lower.starts_with("http://") || lower.starts_with("https://") || lower.starts_with("www.")) && !lower.contains(' ')
}

fn looks_like_number(value: &str) -> bool {
    let stripped: String = value.chars().filter(|c| !matches!(c, ',' | ' ' | '¥' | '$' | '€' | '£' | '%')).collect();
    !stripped.is_empty() && stripped.parse::<f64>().is_ok()
}

fn looks_like_date(value: &str) -> bool {
    matches!(parse_date(value, None), Ok(date) if date.source == DateSource::Text)
}

/// The value-checkable types, in the order ties are broken.
const VALUE_TYPES: [ColumnType; 6] =
    [ColumnType::Email, ColumnType::CnId, ColumnType::Url, ColumnType::Date, ColumnType::Phone, ColumnType::Number];

fn fits(kind: ColumnType, value: &str) -> bool {
    match kind {
        ColumnType::Email => value.contains('@') && validate_email(value, &EmailOptions::default()).valid,
        ColumnType::CnId => value.len() >= 15 && validate_cn_id(value, None).valid,
        ColumnType::Url => looks_like_url(value),
        ColumnType::Date | ColumnType::Datetime => looks_like_date(value),
        ColumnType::Phone | ColumnType::Mobile | ColumnType::Landline => looks_like_phone(value),
        ColumnType::Number | ColumnType::Currency => looks_like_number(value),
        _ => false,
    }
}

/// Up to [`SAMPLE`] non-empty values spread over the whole column.
fn sample(column: &Column) -> Vec<String> {
    let step = (column.len() / SAMPLE).max(1);
    (0..column.len())
        .step_by(step)
        .map(|row| clean_text(column.get(row)).into_owned())
        .filter(|v| !v.is_empty())
        .take(SAMPLE)
        .collect()
}

fn share(kind: ColumnType, values: &[String]) -> f64 {
    if values.is_empty() {
        return 0.0;
    }
    values.iter().filter(|v| fits(kind, v)).count() as f64 / values.len() as f64
}

/// Whether the values look like a small set of categories.
fn is_category(values: &[String]) -> bool {
    let distinct: std::collections::HashSet<&str> = values.iter().map(String::as_str).collect();
    values.len() >= 20 && distinct.len() <= 20 && distinct.len() * 10 <= values.len()
}

/// Infers one column.
pub fn infer_column(column: &Column) -> Inferred {
    let header_kind = type_from_header(column.name());
    let key = header_key(column.name());
    let last_contact = LAST_CONTACT.iter().any(|w| key.contains(w));
    let values = sample(column);
    let mut result = Inferred {
        name: column.name().to_string(),
        kind: header_kind.unwrap_or(ColumnType::Text),
        confidence: 0.0,
        header_kind,
        last_contact,
        warnings: Vec::new(),
    };
    if values.is_empty() {
        result.warnings.push("the column is empty".into());
        return result;
    }
    let best = VALUE_TYPES
        .iter()
        .map(|&kind| (kind, share(kind, &values)))
        .fold((ColumnType::Text, 0.0), |best, (kind, s)| if s > best.1 + 1e-9 { (kind, s) } else { best });
    match header_kind {
        Some(h) if VALUE_TYPES.iter().any(|&t| fits_family(t, h)) => {
            let header_share = share(h, &values);
            if header_share >= 0.5 || best.1 < DECISIVE {
                result.confidence = 0.5 + 0.5 * header_share;
            } else {
                result.warnings.push(format!(
                    "the header suggests {}, but {:.0}% of the values are {}",
                    h.as_str(),
                    best.1 * 100.0,
                    best.0.as_str()
                ));
                result.kind = best.0;
                result.confidence = best.1 * 0.9;
            }
        }
        Some(h) => {
            let strong = matches!(best.0, ColumnType::Email | ColumnType::CnId | ColumnType::Phone | ColumnType::Url);
            if best.1 >= DECISIVE && strong && h != ColumnType::RecordId {
                result.warnings.push(format!("the header suggests {}, but the values are {}", h.as_str(), best.0.as_str()));
                result.kind = best.0;
                result.confidence = best.1 * 0.9;
            } else {
                result.confidence = 0.8;
            }
        }
        None if best.1 >= DECISIVE => {
            result.kind = best.0;
            result.confidence = best.1;
        }
        None if is_category(&values) => {
            result.kind = ColumnType::Category;
            result.confidence = 0.6;
        }
        None => result.confidence = 0.3,
    }
    if result.kind == ColumnType::Date && values.iter().any(|v| v.contains(':')) && share(ColumnType::Date, &values) > 0.0 {
        let with_time = values.iter().filter(|v| v.contains(':') && looks_like_date(v)).count();
        if with_time * 2 > values.len() {
            result.kind = ColumnType::Datetime;
        }
    }
    result.confidence = (result.confidence * 100.0).round() / 100.0;
    result
}

/// Whether value type `t` checks header type `h` (mobile and landline are phones, ...).
fn fits_family(t: ColumnType, h: ColumnType) -> bool {
    t == h || (t == ColumnType::Phone && h.is_phone()) || (t == ColumnType::Number && h == ColumnType::Currency) || (t == ColumnType::Date && h == ColumnType::Datetime)
}

/// Infers every column of the table.
pub fn infer_table(table: &Table) -> Vec<Inferred> {
    table.columns().iter().map(infer_column).collect()
}

/// The profile with a column entry for every column of the table: the
/// profile's own entries kept as they are, the rest inferred.
pub fn complete_profile(profile: &Profile, table: &Table) -> (Profile, Vec<Inferred>) {
    complete_profile_with_progress(profile, table, &mut |_| {})
}

/// [`complete_profile`], calling `progress` with the columns done after each
/// (tens of milliseconds each on a million rows in the browser).
pub fn complete_profile_with_progress(
    profile: &Profile,
    table: &Table,
    progress: &mut dyn FnMut(usize),
) -> (Profile, Vec<Inferred>) {
    let mut out = profile.clone();
    let mut inferred = Vec::new();
    for (done, column) in table.columns().iter().enumerate() {
        progress(done);
        if profile.columns.iter().any(|c| c.name == column.name()) {
            continue;
        }
        let guess = infer_column(column);
        out.columns.push(ColumnProfile {
            name: guess.name.clone(),
            kind: guess.kind,
            confidence: Some(guess.confidence),
            last_contact: guess.last_contact && matches!(guess.kind, ColumnType::Date | ColumnType::Datetime),
            ..ColumnProfile::default()
        });
        inferred.push(guess);
    }
    let order: Vec<&str> = table.headers().collect();
    out.columns.sort_by_key(|c| order.iter().position(|h| *h == c.name).unwrap_or(usize::MAX));
    (out, inferred)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn column(name: &str, values: &[&str]) -> Column {
        let mut c = Column::new(name);
        for v in values {
            c.push(v).unwrap();
        }
        c
    }

    #[test]
    fn headers_in_english_and_chinese() {
        let cases = [
            ("Email", ColumnType::Email),
            ("E-mail", ColumnType::Email),
            ("邮箱", ColumnType::Email),
            ("电子邮件", ColumnType::Email),
            ("Mobile", ColumnType::Mobile),
            ("Cell", ColumnType::Mobile),
            ("手机", ColumnType::Mobile),
            ("手机号", ColumnType::Mobile),
            ("电话", ColumnType::Phone),
            ("联系电话", ColumnType::Phone),
            ("Name", ColumnType::FullName),
            ("Full name", ColumnType::FullName),
            ("姓名", ColumnType::FullName),
            ("客户名称", ColumnType::FullName),
            ("联系人", ColumnType::FullName),
            ("Company", ColumnType::Company),
            ("Account", ColumnType::Company),
            ("Company Name", ColumnType::Company),
            ("公司", ColumnType::Company),
            ("单位", ColumnType::Company),
            ("企业名称", ColumnType::Company),
            ("Created", ColumnType::Date),
            ("创建时间", ColumnType::Date),
            ("最后联系", ColumnType::Date),
            ("First_Name", ColumnType::GivenName),
            ("ZIP", ColumnType::PostalCode),
            ("邮编", ColumnType::PostalCode),
            ("国家", ColumnType::Country),
            ("性别", ColumnType::Gender),
            ("身份证号码", ColumnType::CnId),
            ("Mobile Phone", ColumnType::Mobile),
            ("备注", ColumnType::Text),
            ("ID", ColumnType::RecordId),
        ];
        for (header, kind) in cases {
            assert_eq!(type_from_header(header), Some(kind), "{header}");
        }
        assert_eq!(type_from_header("Favourite colour"), None);
        assert_eq!(type_from_header("Identity"), None, "`id` only matches exactly");
    }

    #[test]
    fn values_decide_over_a_wrong_header() {
        let c = column("phone", &["ann@example.com", "bo@qq.com", "li.wei@163.com", "x@y.cn"]);
        let inferred = infer_column(&c);
        assert_eq!(inferred.kind, ColumnType::Email);
        assert!(inferred.warnings[0].contains("header suggests phone"), "{:?}", inferred.warnings);
    }

    #[test]
    fn values_alone_find_emails_phones_dates_and_ids() {
        let emails = column("c1", &["a@b.com", "c@d.org", "e@f.cn"]);
        let phones = column("c2", &["13800138000", "+86 139 1234 5678", "(415) 555-0100"]);
        let dates = column("c3", &["2024-01-05", "2023/12/31", "2024年1月5日"]);
        let ids = column("c4", &["11010519491231002X", "11010519491231002X"]);
        assert_eq!(infer_column(&emails).kind, ColumnType::Email);
        assert_eq!(infer_column(&phones).kind, ColumnType::Phone);
        assert_eq!(infer_column(&dates).kind, ColumnType::Date);
        assert_eq!(infer_column(&ids).kind, ColumnType::CnId);
        assert_eq!(infer_column(&emails).confidence, 1.0);
    }

    #[test]
    fn names_stay_names_and_categories_are_found() {
        let names = column("姓名", &["张伟", "王芳", "Ann Lee"]);
        assert_eq!(infer_column(&names).kind, ColumnType::FullName);
        let statuses: Vec<&str> = (0..100).map(|i| ["new", "won", "lost"][i % 3]).collect();
        assert_eq!(infer_column(&column("c", &statuses)).kind, ColumnType::Category);
        assert_eq!(infer_column(&column("c", &["lorem ipsum", "dolor"])).kind, ColumnType::Text);
    }

    #[test]
    fn last_contact_columns_are_marked() {
        let c = column("Last Contacted", &["2024-01-05"]);
        let inferred = infer_column(&c);
        assert_eq!(inferred.kind, ColumnType::Date);
        assert!(inferred.last_contact);
    }

    #[test]
    fn profile_entries_are_kept_and_the_rest_inferred_in_table_order() {
        let mut t = Table::new(["email", "note"]);
        t.push_row(["a@b.com", "hi"], 2).unwrap();
        let mut profile = Profile::default();
        profile.columns.push(ColumnProfile { name: "note".into(), kind: ColumnType::Category, ..ColumnProfile::default() });
        let (done, inferred) = complete_profile(&profile, &t);
        assert_eq!(done.columns.iter().map(|c| (c.name.as_str(), c.kind)).collect::<Vec<_>>(), [
            ("email", ColumnType::Email),
            ("note", ColumnType::Category)
        ]);
        assert_eq!(inferred.len(), 1);
    }
}
