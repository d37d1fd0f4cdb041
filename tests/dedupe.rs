//! Deduplication end to end on a messy synthetic CRM export with known
//! duplicates: typos, swapped given and family names, nicknames, phone
//! formats, full-width characters, Chinese names and their pinyin, company
//! suffix variants and missing fields. Pairwise precision, recall and F1 are
//! measured from the clusters against the truth.

use std::collections::HashMap;

use crm_cleaner::dedupe::score::SplitMix64;
use crm_cleaner::pipeline::clean;
use crm_cleaner::read::{read_bytes, ReadOptions};
use crm_cleaner::Profile;

const GIVEN: [&str; 40] = [
    "Robert", "William", "Elizabeth", "Katherine", "James", "Michael", "Jennifer", "Margaret", "Thomas", "Richard",
    "Susan", "Daniel", "Anthony", "Patricia", "Christopher", "Jonathan", "Rebecca", "Samuel", "Alexander", "Victoria",
    "Andrew", "Jessica", "Nicholas", "Olivia", "Emily", "Matthew", "Sarah", "Joshua", "Laura", "Kevin", "Rachel",
    "Brian", "Hannah", "Gregory", "Megan", "Timothy", "Natalie", "Benjamin", "Sophia", "Edward",
];
const NICKNAMES: [(&str, &str); 12] = [
    ("Robert", "Bob"), ("William", "Bill"), ("Elizabeth", "Liz"), ("Katherine", "Kate"), ("James", "Jim"),
    ("Michael", "Mike"), ("Thomas", "Tom"), ("Richard", "Dick"), ("Daniel", "Dan"), ("Anthony", "Tony"),
    ("Christopher", "Chris"), ("Alexander", "Alex"),
];
const FAMILY: [&str; 64] = [
    "Smith", "Johnson", "Williams", "Brown", "Jones", "Garcia", "Miller", "Davis", "Rodriguez", "Martinez",
    "Hernandez", "Lopez", "Gonzalez", "Wilson", "Anderson", "Taylor", "Moore", "Jackson", "Martin", "Thompson",
    "White", "Harris", "Clark", "Lewis", "Robinson", "Walker", "Young", "Allen", "King", "Wright", "Scott",
    "Torres", "Nguyen", "Hill", "Flores", "Green", "Adams", "Nelson", "Baker", "Hall", "Rivera", "Campbell",
    "Mitchell", "Carter", "Roberts", "Gomez", "Phillips", "Evans", "Turner", "Diaz", "Parker", "Cruz", "Edwards",
    "Collins", "Reyes", "Stewart", "Morris", "Morales", "Murphy", "Cook", "Rogers", "Gutierrez", "Ortiz", "Morgan",
];
/// Chinese family names with their pinyin.
const CN_FAMILY: [(&str, &str); 10] = [
    ("张", "Zhang"), ("王", "Wang"), ("李", "Li"), ("刘", "Liu"), ("陈", "Chen"), ("杨", "Yang"), ("黄", "Huang"),
    ("赵", "Zhao"), ("周", "Zhou"), ("吴", "Wu"),
];
const CN_GIVEN: [(&str, &str); 12] = [
    ("伟", "Wei"), ("芳", "Fang"), ("娜", "Na"), ("敏", "Min"), ("静", "Jing"), ("丽", "Li"), ("强", "Qiang"),
    ("磊", "Lei"), ("军", "Jun"), ("洋", "Yang"), ("勇", "Yong"), ("艳", "Yan"),
];
const COMPANIES: [&str; 16] = [
    "Acme", "Globex", "Initech", "Umbrella", "Hooli", "Stark Industries", "Wayne Enterprises", "Cyberdyne",
    "Soylent", "Tyrell", "Wonka", "Vandelay", "Pied Piper", "Dunder Mifflin", "Gringotts", "Aperture",
];
const SUFFIXES: [&str; 6] = ["Inc", "Inc.", ", Inc.", "Incorporated", "LLC", "Ltd"];
const CN_COMPANIES: [&str; 6] = ["字节跳动", "腾讯", "阿里巴巴", "小米", "华为", "百度"];
const CITIES: [&str; 8] = ["Boston", "Austin", "Denver", "Seattle", "Chicago", "Portland", "Atlanta", "Phoenix"];
const CN_CITIES: [&str; 4] = ["北京", "上海", "深圳", "杭州"];

/// One true customer.
struct Person {
    chinese: bool,
    given: (String, String),
    family: (String, String),
    email: String,
    phone: String,
    company: String,
    city: String,
}

struct Gen {
    rng: SplitMix64,
    /// Addresses given out: two customers never share one.
    emails: std::collections::HashSet<String>,
}

impl Gen {
    fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.rng.below(items.len() as u64) as usize]
    }
    fn chance(&mut self, p: f64) -> bool {
        self.rng.next_f64() < p
    }
    fn digits(&mut self, n: usize) -> String {
        (0..n).map(|_| char::from(b'0' + self.rng.below(10) as u8)).collect()
    }

    fn person(&mut self, id: usize) -> Person {
        let chinese = self.chance(0.3);
        let company_name = self.pick(&COMPANIES).to_string();
        let (given, family) = if chinese {
            let (g, gp) = *self.pick(&CN_GIVEN);
            let (g2, gp2) = *self.pick(&CN_GIVEN);
            let (f, fp) = *self.pick(&CN_FAMILY);
            ((format!("{g}{g2}"), format!("{gp}{}", gp2.to_lowercase())), (f.to_string(), fp.to_string()))
        } else {
            let g = self.pick(&GIVEN).to_string();
            let f = self.pick(&FAMILY).to_string();
            ((g.clone(), g), (f.clone(), f))
        };
        let mut email = self.email(chinese, &given.1, &family.1, &company_name, id);
        while !self.emails.insert(email.clone()) {
            let (local, domain) = email.split_once('@').unwrap();
            email = format!("{local}{}@{domain}", self.digits(1));
        }
        let phone = if chinese { format!("+86 13{}", self.digits(9)) } else { format!("+1 {}{} {}", 2 + self.rng.below(7), self.digits(2), self.digits(7)) };
        let company = if chinese && self.chance(0.6) {
            self.pick(&CN_COMPANIES).to_string()
        } else {
            format!("{company_name} {}", self.pick(&SUFFIXES))
        };
        let city = if chinese { self.pick(&CN_CITIES).to_string() } else { self.pick(&CITIES).to_string() };
        Person { chinese, given, family, email, phone, company, city }
    }

    /// An address in one of the usual shapes: at the company's domain, or
    /// at a free provider with a number; QQ numbers for some Chinese customers.
    fn email(&mut self, chinese: bool, given: &str, family: &str, company: &str, id: usize) -> String {
        let (g, f) = (given.to_lowercase(), family.to_lowercase());
        if chinese && self.chance(0.4) {
            return format!("{}{}@qq.com", 1 + self.rng.below(9), self.digits(8));
        }
        let local = match self.rng.below(4) {
            0 => format!("{g}.{f}"),
            1 => format!("{}{f}", &g[..1]),
            2 => format!("{f}_{g}"),
            _ => format!("{g}{}", &f[..1]),
        };
        if self.chance(0.4) {
            let domain: String = company.to_lowercase().chars().filter(char::is_ascii_alphanumeric).collect();
            // The id keeps two namesakes at one company apart, as the mail admin would.
            format!("{local}{}@{domain}.com", if id.is_multiple_of(7) { self.digits(1) } else { String::new() })
        } else {
            let domain = *self.pick(&["gmail.com", "yahoo.com", "outlook.com", "163.com", "hotmail.com"]);
            format!("{local}{}@{domain}", self.digits(3))
        }
    }

    /// A record of `p`, messed up when `messy`.
    fn record(&mut self, p: &Person, messy: bool) -> [String; 6] {
        let mut given = p.given.0.clone();
        let mut family = p.family.0.clone();
        let mut email = p.email.clone();
        let mut phone = p.phone.clone();
        let mut company = p.company.clone();
        if messy {
            if p.chinese && self.chance(0.5) {
                (given, family) = (p.given.1.clone(), p.family.1.clone());
            }
            if !p.chinese && self.chance(0.3) {
                if let Some(&(_, nick)) = NICKNAMES.iter().find(|(full, _)| *full == given) {
                    given = nick.to_string();
                }
            }
            if !p.chinese && self.chance(0.3) {
                family = typo(&family, &mut self.rng);
            }
            if self.chance(0.2) {
                std::mem::swap(&mut given, &mut family);
            }
            if self.chance(0.3) {
                email = email.to_uppercase();
            } else if self.chance(0.2) && email.ends_with("@gmail.com") {
                email = email.replacen('@', "+crm@", 1);
            }
            phone = self.phone_format(&phone);
            if self.chance(0.15) {
                phone = full_width(&phone);
            }
            if self.chance(0.1) {
                given = full_width(&given);
            }
            company = self.company_variant(&company);
            match self.rng.below(6) {
                0 => email.clear(),
                1 => phone.clear(),
                2 => company.clear(),
                _ => {}
            }
        }
        [given, family, email, phone, company, p.city.clone()]
    }

    fn phone_format(&mut self, phone: &str) -> String {
        let digits: String = phone.chars().filter(char::is_ascii_digit).collect();
        if let Some(national) = digits.strip_prefix('1').filter(|d| d.len() == 10) {
            let (a, b, c) = (&national[..3], &national[3..6], &national[6..]);
            match self.rng.below(4) {
                0 => format!("({a}) {b}-{c}"),
                1 => format!("{a}.{b}.{c}"),
                2 => format!("+1-{a}-{b}-{c}"),
                _ => phone.to_string(),
            }
        } else if let Some(national) = digits.strip_prefix("86") {
            match self.rng.below(3) {
                0 => national.to_string(),
                1 => format!("{} {} {}", &national[..3], &national[3..7], &national[7..]),
                _ => phone.to_string(),
            }
        } else {
            phone.to_string()
        }
    }

    fn company_variant(&mut self, company: &str) -> String {
        if let Some(&cn) = CN_COMPANIES.iter().find(|&&c| c == company) {
            return if self.chance(0.5) { format!("北京{cn}科技有限公司") } else { cn.to_string() };
        }
        let base = SUFFIXES.iter().fold(company.to_string(), |s, suffix| s.trim_end_matches(suffix).trim().to_string());
        let base = base.trim_end_matches(',').to_string();
        let base = if self.chance(0.3) { base.to_uppercase() } else { base };
        format!("{base} {}", self.pick(&SUFFIXES)).replace(" ,", ",")
    }
}

/// One letter dropped, doubled or two swapped.
fn typo(word: &str, rng: &mut SplitMix64) -> String {
    let mut chars: Vec<char> = word.chars().collect();
    if chars.len() < 4 {
        return word.to_string();
    }
    let i = 1 + rng.below(chars.len() as u64 - 2) as usize;
    match rng.below(3) {
        0 => {
            chars.remove(i);
        }
        1 => chars.insert(i, chars[i]),
        _ => chars.swap(i, i + 1),
    }
    chars.into_iter().collect()
}

/// ASCII letters and digits as their full-width forms (as typed with a Chinese input method).
fn full_width(text: &str) -> String {
    text.chars().map(|c| if c.is_ascii_alphanumeric() { char::from_u32(c as u32 + 0xFEE0).unwrap_or(c) } else { c }).collect()
}

fn csv_field(value: &str) -> String {
    if value.contains([',', '"', '\n']) {
        format!("\"{}\"", value.replace('"', "\"\""))
    } else {
        value.to_string()
    }
}

/// The CSV and each row's true customer.
fn generate(people: usize, seed: u64) -> (String, Vec<usize>) {
    let mut gen = Gen { rng: SplitMix64::new(seed), emails: Default::default() };
    let mut rows: Vec<(usize, [String; 6])> = Vec::new();
    for id in 0..people {
        let person = gen.person(id);
        rows.push((id, gen.record(&person, false)));
        let copies = if gen.chance(0.35) { 1 + gen.rng.below(3) } else { 0 };
        for _ in 0..copies {
            rows.push((id, gen.record(&person, true)));
        }
    }
    // Shuffle so duplicates are not next to each other.
    for i in (1..rows.len()).rev() {
        let j = gen.rng.below(i as u64 + 1) as usize;
        rows.swap(i, j);
    }
    let mut csv = String::from("First Name,Last Name,Email,Phone,Company,City\n");
    for (_, record) in &rows {
        csv.push_str(&record.iter().map(|v| csv_field(v)).collect::<Vec<_>>().join(","));
        csv.push('\n');
    }
    (csv, rows.into_iter().map(|(id, _)| id).collect())
}

/// Pairwise precision, recall and F1 of predicted clusters against the truth.
fn pairwise(predicted: &[u32], truth: &[usize]) -> (f64, f64, f64) {
    let pairs_within = |labels: Vec<(u64, u64)>| -> HashMap<(u64, u64), u64> {
        let mut counts = HashMap::new();
        for key in labels {
            *counts.entry(key).or_insert(0) += 1;
        }
        counts
    };
    let choose2 = |n: u64| n * n.saturating_sub(1) / 2;
    let both = pairs_within(predicted.iter().zip(truth).map(|(&p, &t)| (u64::from(p), t as u64)).collect());
    let true_positive: u64 = both.values().map(|&n| choose2(n)).sum();
    let predicted_pairs: u64 = pairs_within(predicted.iter().map(|&p| (u64::from(p), 0)).collect()).values().map(|&n| choose2(n)).sum();
    let true_pairs: u64 = pairs_within(truth.iter().map(|&t| (t as u64, 0)).collect()).values().map(|&n| choose2(n)).sum();
    let precision = true_positive as f64 / predicted_pairs.max(1) as f64;
    let recall = true_positive as f64 / true_pairs.max(1) as f64;
    (precision, recall, 2.0 * precision * recall / (precision + recall).max(f64::MIN_POSITIVE))
}

#[test]
fn messy_crm_duplicates_are_found_with_f1_above_099() {
    let (csv, truth) = generate(3000, 20_261_123);
    if let Ok(path) = std::env::var("CRM_DEDUPE_SAMPLE") {
        // For looking at the data by hand: the CSV and each row's true customer.
        std::fs::write(&path, &csv).unwrap();
        let truth_lines: Vec<String> = truth.iter().map(|t| t.to_string()).collect();
        std::fs::write(format!("{path}.truth"), truth_lines.join("\n")).unwrap();
    }
    let read = read_bytes(csv.as_bytes(), ReadOptions::default()).unwrap();
    let cleaned = clean(read, &Profile::default(), &mut |_| {}).unwrap();
    let dedupe = cleaned.dedupe.as_ref().expect("dedupe ran");
    assert_eq!(dedupe.clusters.len(), truth.len(), "every row has a cluster line");
    let predicted: Vec<u32> = dedupe.clusters.iter().map(|c| c.cluster).collect();
    let (precision, recall, f1) = pairwise(&predicted, &truth);
    let s = &cleaned.summary;
    eprintln!(
        "rows {} merged {} pairs {} precision {precision:.4} recall {recall:.4} F1 {f1:.4} summary {:?}",
        s.rows_in, s.rows_merged, s.dedupe.as_ref().unwrap().blocking.candidate_pairs, s.dedupe
    );
    assert_eq!(s.rows_in, s.rows_out + s.rows_merged + s.rows_rejected);
    assert!(f1 >= 0.99, "precision {precision:.4}, recall {recall:.4}, F1 {f1:.4}");
}

#[test]
fn no_dedupe_keeps_every_row_in_order() {
    let (csv, truth) = generate(200, 7);
    let read = read_bytes(csv.as_bytes(), ReadOptions::default()).unwrap();
    let mut profile = Profile::default();
    profile.dedupe.enabled = false;
    let cleaned = clean(read, &profile, &mut |_| {}).unwrap();
    assert_eq!(cleaned.table.rows(), truth.len());
    assert_eq!(cleaned.summary.rows_merged, 0);
    assert!(cleaned.dedupe.is_none());
}

#[test]
fn decisions_split_and_join_pairs() {
    let csv = "name,email,phone\nJohn Smith,js@example.com,+1 415 555 0101\nJohn Smith,js@example.com,+1 415 555 0101\nAnn Lee,ann@lee.org,+1 212 555 0199\nAnne Lee,other@lee.org,+1 212 555 0000\nBob Stone,bob@stone.com,\n";
    let run = |decisions: &str| {
        let read = read_bytes(csv.as_bytes(), ReadOptions::default()).unwrap();
        let mut profile = Profile::default();
        profile.dedupe.decisions = crm_cleaner::dedupe::profile::DedupeProfile::decisions_from_json(decisions).unwrap();
        clean(read, &profile, &mut |_| {}).unwrap()
    };
    let plain = run("[]");
    assert_eq!(plain.summary.rows_merged, 1, "{:?}", plain.summary.dedupe);
    let decided = run(r#"[{"rows":[1,2],"decision":"reject"},{"rows":[3,4],"decision":"accept"}]"#);
    assert_eq!(decided.summary.rows_merged, 1);
    let d = decided.dedupe.unwrap();
    assert_eq!(d.duplicates[0].source_row, 4);
    assert_eq!(d.duplicates[0].survivor_row, 3);
    assert_eq!(decided.summary.dedupe.unwrap().decisions_applied, 2);
}
