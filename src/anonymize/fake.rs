//! Fake but valid replacements for test data sets: a realistic name, email
//! or phone number in place of the real one, chosen by the key and the
//! original value, so a customer gets the same fake in every file made with
//! the same key and joins between files still work.
//!
//! Fake emails use the reserved `example.com`/`.net`/`.org` domains (RFC
//! 2606) so a test run can never write to a real person; fake phones are
//! valid numbers, made up digit by digit.

use crate::profile::ColumnType;

use super::key::Key;

const SURNAMES: [&str; 24] = [
    "王", "李", "张", "刘", "陈", "杨", "黄", "赵", "吴", "周", "徐", "孙", "马", "朱", "胡", "郭", "何", "高", "林",
    "罗", "郑", "梁", "谢", "宋",
];
const GIVEN: [&str; 32] = [
    "伟", "芳", "娜", "敏", "静", "丽", "强", "磊", "军", "洋", "勇", "艳", "杰", "娟", "涛", "明", "超", "秀英", "霞",
    "平", "刚", "桂英", "欣怡", "子轩", "浩然", "雨涵", "宇", "婷", "鑫", "晨", "佳", "博",
];
const FIRST: [&str; 32] = [
    "James", "Mary", "John", "Linda", "Robert", "Susan", "Michael", "Karen", "David", "Lisa", "William", "Nancy",
    "Richard", "Betty", "Thomas", "Sandra", "Daniel", "Ashley", "Paul", "Emily", "Mark", "Donna", "Kevin", "Laura",
    "Brian", "Sarah", "Eric", "Anna", "Adam", "Julia", "Ryan", "Grace",
];
const LAST: [&str; 32] = [
    "Smith", "Johnson", "Brown", "Taylor", "Miller", "Wilson", "Moore", "Anderson", "Thomas", "Jackson", "White",
    "Harris", "Martin", "Thompson", "Garcia", "Clark", "Lewis", "Walker", "Hall", "Allen", "Young", "King", "Wright",
    "Scott", "Green", "Baker", "Adams", "Nelson", "Hill", "Campbell", "Mitchell", "Carter",
];
/// Prefixes of Chinese mobile numbers that are in service.
const CN_MOBILE: [&str; 12] = ["134", "135", "136", "138", "139", "150", "151", "158", "186", "187", "188", "199"];
/// Area codes of large US cities.
const US_AREAS: [&str; 10] = ["202", "206", "212", "213", "305", "312", "404", "415", "512", "617"];
const DOMAINS: [&str; 3] = ["example.com", "example.net", "example.org"];

/// A stream of numbers drawn from one HMAC: deterministic for a key and value.
struct Draw {
    bytes: [u8; 32],
    next: usize,
}

impl Draw {
    /// Attempt 0 is the first draw for a value; later attempts (only made when
    /// an earlier one gave back the real value) add their number to the HMAC,
    /// so the first draws of earlier versions stay the same.
    fn new(key: &Key, kind: ColumnType, value: &str, attempt: u8) -> Draw {
        let (kind, value) = (kind.as_str().as_bytes(), value.trim().as_bytes());
        let bytes = match attempt {
            0 => key.mac("fake", &[kind, value]),
            n => key.mac("fake", &[kind, value, &[n]]),
        };
        Draw { bytes, next: 0 }
    }

    /// A number below `n` (`n` ≤ 65 536; the slight bias does not matter for test data).
    fn below(&mut self, n: usize) -> usize {
        let i = self.next % 31;
        self.next += 2;
        usize::from(u16::from_le_bytes([self.bytes[i], self.bytes[i + 1]])) % n.max(1)
    }

    fn pick<'a>(&mut self, list: &[&'a str]) -> &'a str {
        list[self.below(list.len())]
    }

    fn digits(&mut self, count: usize) -> String {
        (0..count).map(|_| char::from(b'0' + self.below(10) as u8)).collect()
    }
}

/// The fake for `value`, or `None` when the type has no fakes (the stage
/// refuses such columns before it starts).
///
/// A fake is never the real value: the lists hold common names, so "Mary
/// Taylor" could draw herself (1 in 1,024) and a given name 1 in 32. Such a
/// draw is made again with the next attempt number; after `ATTEMPTS` of
/// them (a chance below 2^-80 for the shortest list) the last is kept.
pub fn fake(key: &Key, kind: ColumnType, value: &str) -> Option<String> {
    if value.trim().is_empty() {
        return Some(String::new());
    }
    let mut out = draw_fake(key, kind, value, 0)?;
    for attempt in 1..ATTEMPTS {
        if !same_text(&out, value) {
            break;
        }
        out = draw_fake(key, kind, value, attempt)?;
    }
    Some(out)
}

/// How many draws [`fake`] makes at most for one value.
const ATTEMPTS: u8 = 16;

/// Whether a fake reads as the real value: the same letters, whatever the
/// case and spacing (`mary  TAYLOR` is still Mary Taylor).
fn same_text(fake: &str, real: &str) -> bool {
    let letters = |s: &str| s.chars().filter(|c| !c.is_whitespace()).flat_map(char::to_lowercase).collect::<String>();
    letters(fake) == letters(real)
}

/// One draw of a fake for a non-empty `value`.
fn draw_fake(key: &Key, kind: ColumnType, value: &str, attempt: u8) -> Option<String> {
    let mut draw = Draw::new(key, kind, value, attempt);
    let chinese = value.chars().any(crate::normalize::name::is_han);
    let out = match kind {
        ColumnType::FullName if chinese => format!("{}{}", draw.pick(&SURNAMES), draw.pick(&GIVEN)),
        ColumnType::FullName => format!("{} {}", draw.pick(&FIRST), draw.pick(&LAST)),
        ColumnType::GivenName if chinese => draw.pick(&GIVEN).to_string(),
        ColumnType::GivenName => draw.pick(&FIRST).to_string(),
        ColumnType::FamilyName if chinese => draw.pick(&SURNAMES).to_string(),
        ColumnType::FamilyName => draw.pick(&LAST).to_string(),
        ColumnType::Email => email(&mut draw),
        k if k.is_phone() => phone(&mut draw, value),
        _ => return None,
    };
    Some(out)
}

/// Whether [`fake`] has fakes for `kind`.
pub fn supports(kind: ColumnType) -> bool {
    matches!(kind, ColumnType::FullName | ColumnType::GivenName | ColumnType::FamilyName | ColumnType::Email)
        || kind.is_phone()
}

/// `mary.smith.3f9a1c2b@example.com`: the hex part (from the same HMAC)
/// keeps two customers from sharing a fake address, which a test database
/// with a unique email column would refuse.
fn email(draw: &mut Draw) -> String {
    let first = draw.pick(&FIRST).to_ascii_lowercase();
    let last = draw.pick(&LAST).to_ascii_lowercase();
    let tag = super::key::hex(&draw.bytes[20..24]);
    format!("{first}.{last}.{tag}@{}", draw.pick(&DOMAINS))
}

/// A North American number in the 555-01xx block set aside for fiction when
/// the original is `+1`, otherwise a Chinese mobile number.
fn phone(draw: &mut Draw, original: &str) -> String {
    if original.trim_start().starts_with("+1") {
        let area = draw.pick(&US_AREAS);
        return format!("+1{area}55501{}", draw.digits(2));
    }
    format!("+86{}{}", draw.pick(&CN_MOBILE), draw.digits(8))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn key(byte: u8) -> Key {
        Key::from_bytes(&[byte; 32]).unwrap()
    }

    #[test]
    fn fakes_are_deterministic_and_keyed() {
        let a = fake(&key(1), ColumnType::FullName, "张伟").unwrap();
        assert_eq!(a, fake(&key(1), ColumnType::FullName, "张伟").unwrap());
        assert!(a.chars().all(crate::normalize::name::is_han), "{a}");
        let others: Vec<String> = (2..8).map(|b| fake(&key(b), ColumnType::FullName, "张伟").unwrap()).collect();
        assert!(others.iter().any(|o| *o != a));
        let english = fake(&key(1), ColumnType::FullName, "John Smith").unwrap();
        assert!(english.contains(' ') && english.is_ascii(), "{english}");
    }

    /// Keys made from a counter, for searching draws that hit the real value.
    fn counted_key(n: u32) -> Key {
        let mut bytes = [0u8; 32];
        bytes[..4].copy_from_slice(&n.to_le_bytes());
        Key::from_bytes(&bytes).unwrap()
    }

    #[test]
    fn a_fake_is_never_the_real_value() {
        for (kind, real) in [(ColumnType::FullName, "Mary Taylor"), (ColumnType::GivenName, "Grace"), (ColumnType::FamilyName, "王")] {
            let keys: Vec<Key> = (0..4096).map(counted_key).collect();
            let first_draw_hits = keys.iter().filter(|k| draw_fake(k, kind, real, 0).unwrap() == real).count();
            assert!(first_draw_hits > 0, "{real}: no key draws the real value first, so the retry is not tested");
            for key in &keys {
                let out = fake(key, kind, real).unwrap();
                assert!(!same_text(&out, real), "{real} faked as itself");
                assert_eq!(out, fake(key, kind, real).unwrap(), "still deterministic");
            }
        }
        // A first draw that differs is kept, so fakes made by earlier versions stay the same.
        let k = counted_key(7);
        let first = draw_fake(&k, ColumnType::FullName, "John Smith", 0).unwrap();
        if first != "John Smith" {
            assert_eq!(fake(&k, ColumnType::FullName, "John Smith").unwrap(), first);
        }
        assert!(same_text("mary  TAYLOR", "Mary Taylor") && !same_text("Mary Taylo", "Mary Taylor"));
    }

    #[test]
    fn fake_emails_and_phones_are_valid() {
        let email = fake(&key(1), ColumnType::Email, "zhang@qq.com").unwrap();
        assert!(DOMAINS.iter().any(|d| email.ends_with(d)), "{email}");
        let verdict = crate::validate::email::validate_email(&email, &Default::default());
        assert!(verdict.valid, "{email}: {verdict:?}");
        for (value, prefix) in [("+8613812345678", "+86"), ("+14155550100", "+1")] {
            let phone = fake(&key(1), ColumnType::Mobile, value).unwrap();
            assert!(phone.starts_with(prefix), "{phone}");
            let parsed = phonenumber::parse(None, &phone).unwrap();
            assert!(phonenumber::is_valid(&parsed), "{phone}");
        }
        assert_eq!(fake(&key(1), ColumnType::Email, "").as_deref(), Some(""));
        assert_eq!(fake(&key(1), ColumnType::Company, "ACME"), None);
    }
}
