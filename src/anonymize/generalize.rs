//! Generalization: make values coarser so that more people share each one
//! (a birth date becomes a month, a year or an age band; a postcode its
//! prefix; an amount a range; an address its city or province), and shift
//! dates by a per-person number of days.
//!
//! A value that cannot be read for the asked level becomes empty rather than
//! staying as it was: the stage counts it, and the original never leaks.

use crate::validate::date::{civil_from_days, days_from_civil, parse_date, ParsedDate};

use super::settings::{GeneralizeOptions, Level};

/// `value` made as coarse as `options` ask; `None` when it cannot be read that way.
pub fn generalize(value: &str, options: &GeneralizeOptions, today: (i32, u32, u32)) -> Option<String> {
    match options.to {
        Level::Month => date(value).map(|d| format!("{:04}-{:02}", d.year, d.month)),
        Level::Year => date(value).map(|d| format!("{:04}", d.year)),
        Level::AgeBand => age_band(value, options.width, today),
        Level::Prefix => Some(prefix(value, options.digits)),
        Level::Range => range(value, options.width),
        Level::City => address(value, false),
        Level::Province => address(value, true),
    }
}

fn date(value: &str) -> Option<ParsedDate> {
    parse_date(value, None).ok()
}

/// Age band of a birth date on `today`, `width` years wide: `30-39`.
fn age_band(value: &str, width: f64, today: (i32, u32, u32)) -> Option<String> {
    if today.0 == 0 {
        return None;
    }
    let born = date(value)?;
    let mut age = today.0 - born.year;
    if (today.1, today.2) < (born.month, born.day) {
        age -= 1;
    }
    let width = (width.round() as i32).max(1);
    let low = age.max(0) / width * width;
    Some(format!("{low}-{}", low + width - 1))
}

/// The first `keep` characters, each further letter or digit starred: `100***`.
pub fn prefix(value: &str, keep: usize) -> String {
    value.chars().enumerate().map(|(i, c)| if i < keep || !c.is_alphanumeric() { c } else { '*' }).collect()
}

/// The band of `width` a number falls in, `lo-hi` meaning lo ≤ x < hi.
fn range(value: &str, width: f64) -> Option<String> {
    let cleaned: String = value.chars().filter(|c| !matches!(c, ',' | ' ' | '_')).collect();
    let x: f64 = cleaned.trim_start_matches(['¥', '$', '€', '£', '￥']).parse().ok()?;
    if !x.is_finite() {
        return None;
    }
    let low = (x / width).floor() * width;
    Some(format!("{}-{}", low, low + width))
}

/// A Chinese address cut after its province (`省`, `自治区`, a municipality's
/// `市`) or city (`市`, `州`, `盟`, `地区`); a Latin one (comma-separated,
/// street first) reduced to its last one (province) or two (city) parts,
/// without house numbers or postcodes.
pub fn address(value: &str, province: bool) -> Option<String> {
    if value.chars().any(crate::normalize::name::is_han) {
        return chinese_address(value, province);
    }
    let parts: Vec<String> = value
        .split(',')
        .map(|part| {
            part.split_whitespace().filter(|w| !w.chars().any(|c| c.is_ascii_digit())).collect::<Vec<_>>().join(" ")
        })
        .filter(|part| !part.is_empty())
        .collect();
    if parts.len() < 2 {
        return None;
    }
    let take = if province || parts.len() == 2 { 1 } else { 2 };
    Some(parts[parts.len() - take..].join(", "))
}

fn chinese_address(value: &str, province: bool) -> Option<String> {
    const MUNICIPALITIES: [&str; 4] = ["北京", "上海", "天津", "重庆"];
    let value = value.trim();
    if let Some(city) = MUNICIPALITIES.iter().find(|m| value.starts_with(**m)) {
        return Some(format!("{city}市"));
    }
    let after_province = ["特别行政区", "自治区", "省"].iter().find_map(|m| value.find(m).map(|i| i + m.len()));
    if province {
        return after_province.map(|end| value[..end].to_string());
    }
    let rest = &value[after_province.unwrap_or(0)..];
    // A bare 州 ends a city only when nothing else does: it is also part of
    // city names (杭州市, 广州市).
    let end_of = |markers: &[&str]| markers.iter().filter_map(|m| rest.find(m).map(|i| i + m.len())).min();
    let city_end = end_of(&["市", "自治州", "盟", "地区"]).or_else(|| end_of(&["州"]))?;
    Some(value[..after_province.unwrap_or(0) + city_end].to_string())
}

/// A date (or date-time) moved by `days`, written the way ISO writes it;
/// the time of day is kept.
pub fn shift_date(value: &str, days: i64) -> Option<String> {
    let d = date(value)?;
    let (year, month, day) = civil_from_days(days_from_civil(d.year, d.month, d.day) + days);
    Some(ParsedDate { year, month, day, ..d }.to_iso())
}

/// One step coarser, for enforcing k: `2024-03-15` → `2024-03` → `2024` →
/// `2020s` → `*`; codes with digits lose one character from the right
/// (`100080` → `10008*` → … → `*`); other text goes straight to `*`.
pub fn coarser(value: &str) -> String {
    let b = value.as_bytes();
    let digits = |s: &[u8]| s.iter().all(u8::is_ascii_digit);
    match b.len() {
        _ if value == "*" || value.is_empty() => value.to_string(),
        10.. if digits(&b[..4]) && b[4] == b'-' && digits(&b[5..7]) && b[7] == b'-' => value[..7].to_string(),
        7 if digits(&b[..4]) && b[4] == b'-' && digits(&b[5..]) => value[..4].to_string(),
        4 if digits(b) => format!("{}0s", &value[..3]),
        5 if digits(&b[..4]) && value.ends_with("0s") => "*".to_string(),
        _ if value.chars().any(|c| c.is_ascii_digit()) => star_last(value),
        _ => "*".to_string(),
    }
}

/// `10008*` for `100080`: the last letter or digit starred, `*` once nothing is left to star.
fn star_last(value: &str) -> String {
    let mut chars: Vec<char> = value.chars().collect();
    let Some(i) = chars.iter().rposition(|c| c.is_alphanumeric()) else { return "*".to_string() };
    if i == 0 || !chars[..i].iter().any(|c| c.is_alphanumeric()) {
        return "*".to_string();
    }
    chars[i] = '*';
    chars.into_iter().collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn to(level: Level) -> GeneralizeOptions {
        GeneralizeOptions { to: level, ..GeneralizeOptions::default() }
    }

    #[test]
    fn dates_become_months_years_and_age_bands() {
        let today = (2026, 11, 23);
        assert_eq!(generalize("1990-03-07", &to(Level::Month), today).as_deref(), Some("1990-03"));
        assert_eq!(generalize("1990-03-07", &to(Level::Year), today).as_deref(), Some("1990"));
        assert_eq!(generalize("1990-12-07", &to(Level::AgeBand), today).as_deref(), Some("30-39"));
        assert_eq!(generalize("1996-11-23", &to(Level::AgeBand), today).as_deref(), Some("30-39"));
        assert_eq!(generalize("1996-11-24", &to(Level::AgeBand), today).as_deref(), Some("20-29"));
        assert_eq!(generalize("1990-03-07", &to(Level::AgeBand), (0, 0, 0)), None, "no today, no age");
        assert_eq!(generalize("soon", &to(Level::Year), today), None);
    }

    #[test]
    fn postcodes_numbers_and_addresses() {
        let today = (2026, 1, 1);
        assert_eq!(generalize("100080", &to(Level::Prefix), today).as_deref(), Some("100***"));
        assert_eq!(generalize("SW1A 1AA", &to(Level::Prefix), today).as_deref(), Some("SW1* ***"));
        let range = GeneralizeOptions { to: Level::Range, width: 1000.0, ..GeneralizeOptions::default() };
        assert_eq!(generalize("12,345.60", &range, today).as_deref(), Some("12000-13000"));
        assert_eq!(generalize("-5", &range, today).as_deref(), Some("-1000-0"));
        assert_eq!(generalize("n/a", &range, today), None);
        assert_eq!(generalize("广东省深圳市南山区科技园1号", &to(Level::City), today).as_deref(), Some("广东省深圳市"));
        assert_eq!(generalize("广东省深圳市南山区科技园1号", &to(Level::Province), today).as_deref(), Some("广东省"));
        assert_eq!(generalize("北京市朝阳区建国路88号", &to(Level::City), today).as_deref(), Some("北京市"));
        assert_eq!(generalize("浙江省杭州市西湖区", &to(Level::City), today).as_deref(), Some("浙江省杭州市"));
        let autonomous = "四川省甘孜藏族自治州康定市";
        assert_eq!(generalize(autonomous, &to(Level::City), today).as_deref(), Some("四川省甘孜藏族自治州"));
        assert_eq!(
            generalize("1 Main St, Springfield, IL 62701", &to(Level::City), today).as_deref(),
            Some("Springfield, IL")
        );
        assert_eq!(generalize("1 Main St, Springfield, IL 62701", &to(Level::Province), today).as_deref(), Some("IL"));
        assert_eq!(generalize("somewhere", &to(Level::City), today), None);
    }

    #[test]
    fn shifting_keeps_time_and_intervals() {
        assert_eq!(shift_date("2024-02-28", 2).as_deref(), Some("2024-03-01"));
        assert_eq!(shift_date("2024-02-28T10:30:00", -59).as_deref(), Some("2023-12-31T10:30:00"));
        assert_eq!(shift_date("never", 3), None);
    }

    #[test]
    fn coarser_climbs_to_a_star() {
        let mut steps = vec!["2024-03-15".to_string()];
        while steps.last().map(String::as_str) != Some("*") {
            steps.push(coarser(steps.last().unwrap()));
        }
        assert_eq!(steps, ["2024-03-15", "2024-03", "2024", "2020s", "*"]);
        assert_eq!(coarser("100080"), "10008*");
        assert_eq!(coarser("1*****"), "*");
        assert_eq!(coarser("Beijing"), "*");
        assert_eq!(coarser(""), "");
    }
}
