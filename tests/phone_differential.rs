//! Differential test of phone validation against the `phonenumber` crate
//! it replaced: for every territory in libphonenumber's metadata, numbers
//! built from the territory's example numbers (digits changed, dropped,
//! added), in international format (`+cc…`, no region) and national format
//! (with and without the national prefix, in the region), must get the
//! same verdict — valid or not, E.164 form, type, region — as the crate
//! gives them.
//!
//! The one intended difference: the crate accepts a descriptor pattern
//! matching a *prefix* of the national number (when the length is
//! possible), libphonenumber and this crate only a match of the whole
//! number, so some numbers the crate calls valid are invalid here, and
//! some get another type (`+86 10 1060 0036`: shared cost for the crate, a
//! Beijing fixed line here). Every disagreement must be of that kind, which
//! the test checks by re-matching the crate's patterns fully anchored.
//!
//! `PHONE_DIFF_PER_EXAMPLE` sets how many variants of each example number
//! are made (default 15; 300 gives a few thousand numbers a territory).

use crm_cleaner::validate::phone::{check_phone, PhoneInfo, PhoneOptions};
use phonenumber::metadata::{Descriptor, DATABASE};
use phonenumber::{Metadata, ParseError, Type};

/// A small deterministic generator (xorshift64*).
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }

    fn below(&mut self, n: usize) -> usize {
        (self.next() % n.max(1) as u64) as usize
    }

    fn digit(&mut self) -> char {
        char::from(b'0' + self.below(10) as u8)
    }
}

/// A variant of national number `example`: one or two digits changed,
/// digits dropped or added at the end, or the tail made random.
fn variant(rng: &mut Rng, example: &str) -> String {
    let mut d: Vec<char> = example.chars().collect();
    match rng.below(6) {
        0 => {}
        1 => {
            let i = rng.below(d.len());
            d[i] = rng.digit();
        }
        2 => {
            for _ in 0..2 {
                let i = rng.below(d.len());
                d[i] = rng.digit();
            }
        }
        3 => {
            let n = 1 + rng.below(2);
            d.truncate(d.len().saturating_sub(n).max(1));
        }
        4 => {
            for _ in 0..1 + rng.below(2) {
                d.push(rng.digit());
            }
        }
        _ => {
            let keep = 1 + rng.below(3);
            for c in d.iter_mut().skip(keep) {
                *c = rng.digit();
            }
        }
    }
    d.into_iter().collect()
}

fn descriptors(meta: &Metadata) -> Vec<&Descriptor> {
    let d = meta.descriptors();
    [
        Some(d.general()),
        d.fixed_line(),
        d.mobile(),
        d.toll_free(),
        d.premium_rate(),
        d.shared_cost(),
        d.voip(),
        d.personal_number(),
        d.pager(),
        d.uan(),
        d.voicemail(),
    ]
    .into_iter()
    .flatten()
    .collect()
}

/// The crate's verdict on `input`.
#[derive(Debug)]
enum Reference {
    Error(ParseError),
    Parsed { valid: bool, e164: String, kind: Option<Type>, region: Option<String>, national: String, code: u16 },
}

fn reference(input: &str, region: Option<&str>) -> Reference {
    let id = region.map(|r| r.parse().expect("a region id"));
    match phonenumber::parse(id, input) {
        Err(e) => Reference::Error(e),
        Ok(n) => {
            let national = n.national().to_string();
            let code = n.code().value();
            // Not `n.metadata()` and `n.number_type()`: they drop the national
            // number's leading zeros (and so lose Italian numbers, which
            // `is_valid` accepts); the crate's validator on the whole national
            // number is what the replaced module used.
            let meta = source_for(code, &national);
            Reference::Parsed {
                valid: n.is_valid(),
                e164: format!("+{code}{national}"),
                kind: meta.map(|m| number_type(m, &national)),
                region: meta.map(|m| m.id().to_owned()),
                national,
                code,
            }
        }
    }
}

/// The crate's `validator::source_for` (not public), over its public API.
fn source_for(code: u16, national: &str) -> Option<&'static Metadata> {
    let regions = DATABASE.region(&code)?;
    if let [only] = regions[..] {
        return if only == "001" { DATABASE.by_code(&code)?.into_iter().next() } else { DATABASE.by_id(only) };
    }
    regions.into_iter().filter_map(|r| DATABASE.by_id(r)).find(|meta| match meta.leading_digits() {
        Some(re) => re.find(national).is_some_and(|m| m.start() == 0),
        None => number_type(meta, national) != Type::Unknown,
    })
}

/// The crate's `validator::number_type` (not public), over its public API.
fn number_type(meta: &Metadata, national: &str) -> Type {
    let d = meta.descriptors();
    let is = |desc: Option<&Descriptor>| desc.is_some_and(|d| d.is_match(national));
    if !d.general().is_match(national) {
        return Type::Unknown;
    }
    for (desc, kind) in [
        (d.premium_rate(), Type::PremiumRate),
        (d.toll_free(), Type::TollFree),
        (d.shared_cost(), Type::SharedCost),
        (d.voip(), Type::Voip),
        (d.personal_number(), Type::PersonalNumber),
        (d.pager(), Type::Pager),
        (d.uan(), Type::Uan),
        (d.voicemail(), Type::Voicemail),
    ] {
        if is(desc) {
            return kind;
        }
    }
    if is(d.fixed_line()) {
        let pattern = |desc: Option<&Descriptor>| desc.map(|d| d.national_number().as_str().to_owned());
        if pattern(d.fixed_line()) == pattern(d.mobile()) || is(d.mobile()) {
            return Type::FixedLineOrMobile;
        }
        return Type::FixedLine;
    }
    if is(d.mobile()) {
        return Type::Mobile;
    }
    Type::Unknown
}

fn type_name(t: Type) -> &'static str {
    match t {
        Type::FixedLine => "fixed_line",
        Type::Mobile => "mobile",
        Type::FixedLineOrMobile => "fixed_line_or_mobile",
        Type::TollFree => "toll_free",
        Type::PremiumRate => "premium_rate",
        Type::SharedCost => "shared_cost",
        Type::PersonalNumber => "personal_number",
        Type::Voip => "voip",
        Type::Pager => "pager",
        Type::Uan => "uan",
        Type::Voicemail => "voicemail",
        _ => "other",
    }
}

/// `None` when `ours` agrees with `theirs`, else what differs.
fn compare(ours: &PhoneInfo, theirs: &Reference) -> Option<String> {
    let v = &ours.verdict;
    let codes = v.codes();
    let code = codes.first().copied().unwrap_or("");
    match theirs {
        Reference::Error(e) => {
            let expected = match e {
                ParseError::InvalidCountryCode => "phone.country_code",
                ParseError::TooShortNsn | ParseError::TooShortAfterIdd => "phone.too_short",
                ParseError::TooLong => "phone.too_long",
                ParseError::NoNumber | ParseError::MalformedInteger(_) => "phone.unparseable",
            };
            (v.valid || code != expected).then(|| format!("crate: {e:?}; ours: {} {:?}", v.valid, codes))
        }
        Reference::Parsed { valid, e164, kind, region, .. } => {
            if v.valid != *valid {
                return Some(format!("crate: valid={valid} {e164} {kind:?}; ours: {} {:?} {:?}", v.valid, v.normalized, codes));
            }
            if *valid {
                if v.normalized.as_deref() != Some(e164.as_str()) {
                    return Some(format!("crate: {e164}; ours: {:?}", v.normalized));
                }
                if let Some(kind) = kind {
                    if ours.kind != Some(type_name(*kind)) {
                        return Some(format!("crate type {kind:?}; ours {:?}", ours.kind));
                    }
                }
                let theirs_region = region.as_deref().filter(|r| r.len() == 2);
                if ours.region != theirs_region {
                    return Some(format!("crate region {region:?}; ours {:?}", ours.region));
                }
                return None;
            }
            if let Some(s) = v.suggestion.as_deref().filter(|_| code == "phone.invalid_number") {
                if s != e164 {
                    return Some(format!("crate: {e164}; ours suggests {s}"));
                }
            }
            let expected = ["phone.invalid_number", "phone.too_short", "phone.too_long", "phone.country_code"];
            (!expected.contains(&code)).then(|| format!("crate: invalid {e164}; ours {codes:?}"))
        }
    }
}

/// Whether `desc` matches a start of `national`, but not all of it, with
/// the length possible: a match the crate accepts and this crate does not.
fn prefix_only_match(desc: Option<&Descriptor>, national: &str) -> bool {
    let Some(d) = desc else { return false };
    let lengths = d.possible_length();
    if !lengths.is_empty() && !lengths.contains(&(national.len() as u16)) {
        return false;
    }
    let source = d.national_number().as_str();
    let build = |s: String| regex::RegexBuilder::new(&s).ignore_whitespace(true).build().unwrap();
    build(format!("^(?:{source}\n)")).is_match(national) && !build(format!("^(?:{source}\n)$")).is_match(national)
}

/// A disagreement is explained when the crate calls the number valid, this
/// crate reads the same E.164 number and either calls it
/// `phone.invalid_number` or gives it another type, and the crate's verdict
/// rests on a prefix-only match: of the general pattern or of the pattern
/// of the type the crate gave it (for `FixedLineOrMobile`, of either).
fn explained(ours: &PhoneInfo, theirs: &Reference) -> bool {
    let Reference::Parsed { valid: true, e164, kind: Some(kind), national, code, .. } = theirs else { return false };
    let v = &ours.verdict;
    let same_number = if v.valid {
        v.normalized.as_deref() == Some(e164.as_str())
    } else {
        v.codes() == ["phone.invalid_number"] && v.suggestion.as_deref() == Some(e164.as_str())
    };
    if !same_number {
        return false;
    }
    let Some(meta) = source_for(*code, national) else { return false };
    let d = meta.descriptors();
    let desc = match kind {
        Type::FixedLine | Type::FixedLineOrMobile => d.fixed_line(),
        Type::Mobile => d.mobile(),
        other => d.get(*other),
    };
    prefix_only_match(Some(d.general()), national)
        || prefix_only_match(desc, national)
        || (*kind == Type::FixedLineOrMobile && prefix_only_match(d.mobile(), national))
}

/// Whether our checker reads `input` in `region` down another path than
/// the crate's parser by design: an international prefix (the region's
/// own, or `00`) is read as `+`, without the region's national rules.
fn starts_international(meta: &Metadata, input: &str) -> bool {
    input.starts_with("00") || meta.international_prefix().and_then(|re| re.find(input)).is_some_and(|m| m.start() == 0)
}

#[test]
fn agrees_with_the_phonenumber_crate() {
    let per_example: usize =
        std::env::var("PHONE_DIFF_PER_EXAMPLE").ok().and_then(|v| v.parse().ok()).unwrap_or(15);
    let options = PhoneOptions::default();
    let mut rng = Rng(0x9E37_79B9_7F4A_7C15);
    let (mut compared, mut territories) = (0usize, 0usize);
    let mut explained_count = 0usize;
    let mut unexplained = Vec::new();
    for code in 1..=999u16 {
        for meta in DATABASE.by_code(&code).unwrap_or_default() {
            territories += 1;
            let region = (meta.id().len() == 2).then(|| meta.id());
            let examples: Vec<&str> = descriptors(meta).into_iter().filter_map(Descriptor::example).collect();
            for example in examples {
                for _ in 0..per_example {
                    let nsn = variant(&mut rng, example);
                    let mut inputs = vec![(format!("+{code}{nsn}"), None)];
                    if let Some(r) = region {
                        inputs.push((nsn.clone(), Some(r)));
                        if let Some(p) = meta.national_prefix() {
                            inputs.push((format!("{p}{nsn}"), Some(r)));
                        }
                    }
                    for (input, region) in inputs {
                        if region.is_some() && starts_international(meta, &input) {
                            continue;
                        }
                        let ours = check_phone(&input, region, &options);
                        let theirs = reference(&input, region);
                        compared += 1;
                        if let Some(diff) = compare(&ours, &theirs) {
                            if explained(&ours, &theirs) {
                                explained_count += 1;
                                if std::env::var_os("PHONE_DIFF_SHOW").is_some() {
                                    println!("explained: {input} in {region:?}: {diff}");
                                }
                            } else {
                                unexplained.push(format!("{input} in {region:?}: {diff}"));
                            }
                        }
                    }
                }
            }
        }
    }
    println!("{compared} numbers over {territories} territories; {explained_count} disagreements from whole-number matching");
    assert!(territories > 240);
    assert!(compared > 10 * territories, "{compared}");
    assert!(
        unexplained.is_empty(),
        "{} unexplained disagreements:\n{}",
        unexplained.len(),
        unexplained.iter().take(60).cloned().collect::<Vec<_>>().join("\n")
    );
}
