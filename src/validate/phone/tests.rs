//! The phone module's tests: a table of labelled numbers and the behaviours
//! around them (extensions, spreadsheet damage, regions, error codes).

use super::*;
use super::parse::{number_type, source_for};

fn opts(region: Option<&str>) -> PhoneOptions {
    PhoneOptions { default_region: region.map(str::to_owned) }
}

fn check(value: &str, region: Option<&str>) -> PhoneInfo {
    check_phone(value, region, &PhoneOptions::default())
}

/// (input, region, E.164 when valid, valid), as libphonenumber's metadata
/// (9.0.33, in `phonenumber` 0.3.10) judges them. Where that surprises,
/// a note says so.
#[rustfmt::skip]
const TABLE: &[(&str, Option<&str>, Option<&str>, bool)] = &[
    ("13800138000", Some("CN"), Some("+8613800138000"), true),
    ("13912345678", Some("CN"), Some("+8613912345678"), true),
    ("15012345678", Some("CN"), Some("+8615012345678"), true),
    ("18612345678", Some("CN"), Some("+8618612345678"), true),
    ("17712345678", Some("CN"), Some("+8617712345678"), true),
    ("19912345678", Some("CN"), Some("+8619912345678"), true),
    ("16612345678", Some("CN"), Some("+8616612345678"), true),
    ("14712345678", Some("CN"), Some("+8614712345678"), true),
    ("135 1234 5678", Some("CN"), Some("+8613512345678"), true),
    ("188-8888-8888", Some("CN"), Some("+8618888888888"), true),
    ("+86 138 0013 8000", Some("CN"), Some("+8613800138000"), true),
    ("0086-139-1234-5678", Some("CN"), Some("+8613912345678"), true),
    ("86 15012345678", Some("CN"), Some("+8615012345678"), true),
    ("+86-186-1234-5678", Some("CN"), Some("+8618612345678"), true),
    ("010-12345678", Some("CN"), Some("+861012345678"), true),
    ("(010) 1234 5678", Some("CN"), Some("+861012345678"), true),
    ("021-61234567", Some("CN"), Some("+862161234567"), true),
    ("020 8888 9999", Some("CN"), Some("+862088889999"), true),
    ("0755-26888888", Some("CN"), Some("+8675526888888"), true),
    ("0571-87654321", Some("CN"), Some("+8657187654321"), true),
    ("028 8512 3456", Some("CN"), Some("+862885123456"), true),
    ("023-63123456", Some("CN"), Some("+862363123456"), true),
    ("0512-65123456", Some("CN"), Some("+8651265123456"), true),
    ("+86 10 1234 5678", Some("CN"), Some("+861012345678"), true),
    ("+86 (0)21 6123 4567", Some("CN"), Some("+862161234567"), true),
    ("0086 20 8888 9999", Some("CN"), Some("+862088889999"), true),
    ("400-123-4567", Some("CN"), Some("+864001234567"), true), // shared cost
    ("800-123-4567", Some("CN"), Some("+868001234567"), true), // toll-free
    ("1380013800", Some("CN"), None, false),
    ("138001380001", Some("CN"), None, false),
    ("12345678901", Some("CN"), None, false), // "12345" read as a carrier code, 678901 left
    ("10086", Some("CN"), None, false),
    ("000-00000000", Some("CN"), None, false),
    ("+86 138 0013 800", Some("CN"), None, false),
    ("+86 1380 0138 0000", Some("CN"), None, false),
    ("201-555-0123", Some("US"), Some("+12015550123"), true), // 555-01xx is fictional, but the metadata accepts it
    ("(201) 555-0123", Some("US"), Some("+12015550123"), true),
    ("415-555-0100", Some("US"), Some("+14155550100"), true), // fictional, accepted by the metadata
    ("(212) 736-5000", Some("US"), Some("+12127365000"), true),
    ("650.253.0000", Some("US"), Some("+16502530000"), true),
    ("+1 202 456 1111", Some("US"), Some("+12024561111"), true),
    ("1 (650) 253-0000", Some("US"), Some("+16502530000"), true),
    ("001 650 253 0000", Some("US"), Some("+16502530000"), true),
    ("011 1 650 253 0000", Some("US"), Some("+16502530000"), true),
    ("+1-800-234-5678", Some("US"), Some("+18002345678"), true),
    ("800 234 5678", Some("US"), Some("+18002345678"), true),
    ("(213) 621-0002", Some("US"), Some("+12136210002"), true),
    ("305-555-0199", Some("US"), Some("+13055550199"), true), // fictional, accepted by the metadata
    ("123-456-7890", Some("US"), None, false), // the leading 1 is the trunk prefix: 9 digits left
    ("555-555-5555", Some("US"), None, false),
    ("911", Some("US"), None, false),
    ("202-456-111", Some("US"), None, false),
    ("202-456-11111", Some("US"), None, false),
    ("(000) 123-4567", Some("US"), None, false),
    ("+1 212 736 50001", Some("US"), None, false),
    ("020 7946 0958", Some("GB"), Some("+442079460958"), true),
    ("0121 234 5678", Some("GB"), Some("+441212345678"), true),
    ("0161 496 0000", Some("GB"), Some("+441614960000"), true),
    ("07700 900123", Some("GB"), None, false), // Ofcom drama range: libphonenumber excludes it
    ("07400 123456", Some("GB"), Some("+447400123456"), true),
    ("07911 123456", Some("GB"), Some("+447911123456"), true), // a Guernsey mobile (+44 7911 1…): region GG, same calling code, no warning
    ("+44 20 7946 0958", Some("GB"), Some("+442079460958"), true),
    ("+44 7911 123456", Some("GB"), Some("+447911123456"), true), // Guernsey, see above
    ("0044 161 496 0000", Some("GB"), Some("+441614960000"), true),
    ("+44 (0)121 234 5678", Some("GB"), Some("+441212345678"), true),
    ("0800 123 4567", Some("GB"), Some("+448001234567"), true),
    ("0131 496 0000", Some("GB"), Some("+441314960000"), true),
    ("029 2018 0000", Some("GB"), Some("+442920180000"), true),
    ("020 7946 095", Some("GB"), None, false),
    ("07700 9001234", Some("GB"), None, false),
    ("0999 999 9999", Some("GB"), None, false),
    ("+44 7911 12345", Some("GB"), None, false),
    ("123", Some("GB"), None, false),
    ("030 123456", Some("DE"), Some("+4930123456"), true),
    ("030 12345678", Some("DE"), Some("+493012345678"), true),
    ("089 1234567", Some("DE"), Some("+49891234567"), true),
    ("040 12345678", Some("DE"), Some("+494012345678"), true),
    ("0151 23456789", Some("DE"), Some("+4915123456789"), true),
    ("0170 1234567", Some("DE"), Some("+491701234567"), true),
    ("0176 12345678", Some("DE"), Some("+4917612345678"), true),
    ("+49 30 1234567", Some("DE"), Some("+49301234567"), true),
    ("0049 89 12345678", Some("DE"), Some("+498912345678"), true),
    ("+49 (0)151 23456789", Some("DE"), Some("+4915123456789"), true),
    ("069 1234 5678", Some("DE"), Some("+496912345678"), true),
    ("0221 1234567", Some("DE"), Some("+492211234567"), true),
    ("0800 1234567", Some("DE"), Some("+498001234567"), true),
    ("0151 234", Some("DE"), None, false),
    ("030 1", Some("DE"), None, false),
    ("0151 234567890123", Some("DE"), None, false),
    ("+49 1", Some("DE"), None, false),
    ("01 23 45 67 89", Some("FR"), Some("+33123456789"), true),
    ("06 12 34 56 78", Some("FR"), Some("+33612345678"), true),
    ("07 12 34 56 78", Some("FR"), None, false), // 07 1x is unallocated (mobiles are 073–079)
    ("04 91 23 45 67", Some("FR"), Some("+33491234567"), true),
    ("+33 1 42 68 53 00", Some("FR"), Some("+33142685300"), true),
    ("0033 6 12 34 56 78", Some("FR"), Some("+33612345678"), true),
    ("+33 (0)6 12 34 56 78", Some("FR"), Some("+33612345678"), true),
    ("05 56 12 34 56", Some("FR"), Some("+33556123456"), true),
    ("09 12 34 56 78", Some("FR"), Some("+33912345678"), true),
    ("0800 12 34 56", Some("FR"), Some("+33800123456"), true),
    ("06.12.34.56.78", Some("FR"), Some("+33612345678"), true),
    ("06 12 34 56 7", Some("FR"), None, false),
    ("06 12 34 56 789", Some("FR"), None, false),
    ("00 12 34 56 78", Some("FR"), None, false),
    ("+33 6 12 34 56", Some("FR"), None, false),
    ("03-1234-5678", Some("JP"), Some("+81312345678"), true),
    ("06-1234-5678", Some("JP"), Some("+81612345678"), true),
    ("090-1234-5678", Some("JP"), Some("+819012345678"), true),
    ("080-1234-5678", Some("JP"), Some("+818012345678"), true),
    ("070-1234-5678", Some("JP"), Some("+817012345678"), true),
    ("0120-123-456", Some("JP"), Some("+81120123456"), true),
    ("011-123-4567", Some("JP"), None, false), // no such Sapporo range in the metadata
    ("+81 3 1234 5678", Some("JP"), Some("+81312345678"), true),
    ("+81 90 1234 5678", Some("JP"), Some("+819012345678"), true),
    ("+81 (0)90-1234-5678", Some("JP"), Some("+819012345678"), true),
    ("052-123-4567", Some("JP"), Some("+81521234567"), true),
    ("090-1234-567", Some("JP"), None, false),
    ("03-1234-567", Some("JP"), None, false),
    ("090-1234-56789", Some("JP"), None, false),
    ("98765 43210", Some("IN"), Some("+919876543210"), true),
    ("91234 56789", Some("IN"), None, false), // read as +91 then 23456789: libphonenumber strips the leading 91
    ("011 2345 6789", Some("IN"), Some("+911123456789"), true),
    ("022 2345 6789", Some("IN"), Some("+912223456789"), true),
    ("080 2345 6789", Some("IN"), Some("+918023456789"), true),
    ("+91 98765 43210", Some("IN"), Some("+919876543210"), true),
    ("0091 98765 43210", Some("IN"), Some("+919876543210"), true),
    ("+91-22-2345-6789", Some("IN"), Some("+912223456789"), true),
    ("09876543210", Some("IN"), Some("+919876543210"), true),
    ("70123 45678", Some("IN"), Some("+917012345678"), true),
    ("1800 123 4567", Some("IN"), Some("+9118001234567"), true),
    ("12345 67890", Some("IN"), Some("+911234567890"), true), // a fixed-line range per the metadata
    ("98765 4321", Some("IN"), None, false),
    ("98765 432100", Some("IN"), None, false),
    ("(11) 91234-5678", Some("BR"), Some("+5511912345678"), true),
    ("(21) 98765-4321", Some("BR"), Some("+5521987654321"), true),
    ("(11) 2345-6789", Some("BR"), Some("+551123456789"), true),
    ("(21) 2345-6789", Some("BR"), Some("+552123456789"), true),
    ("+55 11 91234 5678", Some("BR"), Some("+5511912345678"), true),
    ("+55 21 2345 6789", Some("BR"), Some("+552123456789"), true),
    ("011 91234 5678", Some("BR"), Some("+5511912345678"), true),
    ("(31) 3123-4567", Some("BR"), Some("+553131234567"), true),
    ("(61) 99123-4567", Some("BR"), Some("+5561991234567"), true),
    ("0800 123 4567", Some("BR"), Some("+558001234567"), true),
    ("(11) 1234-5678", Some("BR"), None, false),
    ("(11) 91234-567", Some("BR"), None, false),
    ("(11) 91234-56789", Some("BR"), None, false),
    ("0412 345 678", Some("AU"), Some("+61412345678"), true),
    ("0491 570 156", Some("AU"), Some("+61491570156"), true), // ACMA fictional range, accepted by the metadata
    ("(02) 9876 5432", Some("AU"), Some("+61298765432"), true),
    ("(03) 9123 4567", Some("AU"), Some("+61391234567"), true),
    ("(07) 3123 4567", Some("AU"), Some("+61731234567"), true),
    ("(08) 9123 4567", Some("AU"), Some("+61891234567"), true),
    ("+61 412 345 678", Some("AU"), Some("+61412345678"), true),
    ("+61 2 9876 5432", Some("AU"), Some("+61298765432"), true),
    ("0011 61 412 345 678", Some("AU"), Some("+61412345678"), true),
    ("1800 123 456", Some("AU"), Some("+611800123456"), true),
    ("1300 123 456", Some("AU"), Some("+611300123456"), true),
    ("0412 345 67", Some("AU"), None, false),
    ("0012 345 678", Some("AU"), None, false),
    ("0412 345 6789", Some("AU"), None, false),
    ("13800138000", Some("US"), None, false), // a CN mobile in the wrong region
    ("07400 123456", Some("DE"), Some("+497400123456"), true), // a GB mobile, but also a valid German landline
    ("030 123456", Some("FR"), None, false), // a DE landline in the wrong region
    ("0412 345 678", Some("JP"), None, false), // an AU mobile in the wrong region
    ("090-1234-5678", Some("AU"), None, false), // a JP mobile in the wrong region
    ("98765 43210", Some("BR"), Some("+559876543210"), true), // area code 98 + a landline: valid in BR too
    ("(11) 91234-5678", Some("IN"), None, false), // a BR mobile in the wrong region
    ("06 12 34 56 78", Some("GB"), None, false), // a FR mobile in the wrong region
    ("+1 201 555 0123", Some("CN"), Some("+12015550123"), true), // international: the region does not matter (warning)
    ("+49 30 123456", Some("GB"), Some("+4930123456"), true),
    ("+33 6 12 34 56 78", Some("DE"), Some("+33612345678"), true),
    ("+44 20 7946 0958", None, Some("+442079460958"), true),
    ("+1 650 253 0000", None, Some("+16502530000"), true),
    ("+33 6 12 34 56 78", None, Some("+33612345678"), true),
    ("+49 151 23456789", None, Some("+4915123456789"), true),
    ("+81 90 1234 5678", None, Some("+819012345678"), true),
    ("+91 98765 43210", None, Some("+919876543210"), true),
    ("+55 11 91234 5678", None, Some("+5511912345678"), true),
    ("+61 412 345 678", None, Some("+61412345678"), true),
    ("0044 20 7946 0958", None, Some("+442079460958"), true),
    ("0033 612345678", None, Some("+33612345678"), true),
    ("020 7946 0958", None, None, false),
    ("06 12 34 56 78", None, None, false),
    ("4412345", None, None, false),
    ("+86 13800138000 转 8001", Some("CN"), Some("+8613800138000;ext=8001"), true),
    ("021-6123 4567 转 801", Some("CN"), Some("+862161234567;ext=801"), true),
    ("021 6123 4567-801", Some("CN"), Some("+862161234567;ext=801"), true), // extension guessed (warning)
    ("１３９１２３４５６７８", Some("CN"), Some("+8613912345678"), true),
    ("（０１０）１２３４５６７８", Some("CN"), Some("+861012345678"), true),
    ("13800138000", Some("CN"), Some("+8613800138000"), true),
    ("+8613800138000", Some("CN"), Some("+8613800138000"), true),
    ("008613800138000", Some("CN"), Some("+8613800138000"), true),
    ("8613800138000", Some("CN"), Some("+8613800138000"), true),
    ("(0755) 2688 8888", Some("CN"), Some("+8675526888888"), true),
    ("+86 755 2688 8888", Some("CN"), Some("+8675526888888"), true),
    ("0591-87654321", Some("CN"), Some("+8659187654321"), true),
    ("0311-87654321", Some("CN"), Some("+8631187654321"), true),
    ("+86 18612345678 ext. 12", Some("CN"), Some("+8618612345678;ext=12"), true),
    ("17012345678", Some("CN"), Some("+8617012345678"), true),
    ("19012345678", Some("CN"), Some("+8619012345678"), true),
    ("+1 (415) 555-0100 ext. 123", Some("US"), Some("+14155550100;ext=123"), true),
    ("415-555-0100 x123", Some("US"), Some("+14155550100;ext=123"), true),
    ("+1 415 555 0100 #123", Some("US"), Some("+14155550100;ext=123"), true),
    ("14155550100", Some("US"), Some("+14155550100"), true),
    ("+14155550100", Some("US"), Some("+14155550100"), true),
    ("(415)5550100", Some("US"), Some("+14155550100"), true),
    ("+44 (0) 20 7946 0958 ext 12", Some("GB"), Some("+442079460958;ext=12"), true),
    ("+442079460958", Some("GB"), Some("+442079460958"), true),
    ("02079460958", Some("GB"), Some("+442079460958"), true),
    ("+49 30 123456-78", Some("DE"), Some("+493012345678"), true),
    ("030/123456", Some("DE"), Some("+4930123456"), true),
    ("(030) 123456", Some("DE"), Some("+4930123456"), true),
    ("+33612345678", Some("FR"), Some("+33612345678"), true),
    ("0612345678", Some("FR"), Some("+33612345678"), true),
    ("+81-3-1234-5678", Some("JP"), Some("+81312345678"), true),
    ("0312345678", Some("JP"), Some("+81312345678"), true),
    ("+919876543210", Some("IN"), Some("+919876543210"), true),
    ("9876543210", Some("IN"), Some("+919876543210"), true),
    ("+5511912345678", Some("BR"), Some("+5511912345678"), true),
    ("11912345678", Some("BR"), Some("+5511912345678"), true),
    ("+61412345678", Some("AU"), Some("+61412345678"), true),
    ("0412345678", Some("AU"), Some("+61412345678"), true),
    ("(02) 9876 543", Some("AU"), None, false),
];

#[test]
fn table() {
    assert!(TABLE.len() >= 200);
    let mut failures = Vec::new();
    for &(input, region, e164, valid) in TABLE {
        let info = check(input, region);
        let v = &info.verdict;
        if v.valid != valid || v.normalized.as_deref() != e164 {
            failures.push(format!("{input:?} in {region:?}: got {} {:?} {:?}", v.valid, v.normalized, v.codes()));
        }
        if valid {
            assert!(info.kind.is_some(), "{input}");
            assert!(v.issues.iter().all(|i| i.severity == super::super::Severity::Warning), "{input}");
        } else {
            assert!(info.kind.is_none() && info.region.is_none(), "{input}");
            assert!(!v.issues.is_empty(), "{input}");
        }
    }
    assert!(failures.is_empty(), "{} failures:\n{}", failures.len(), failures.join("\n"));
}

/// The crate's name for a type, to compare with it.
fn crate_type(kind: Option<parse::NumberType>) -> phonenumber::Type {
    use parse::NumberType as N;
    use phonenumber::Type as T;
    match kind {
        None => T::Unknown,
        Some(N::FixedLine) => T::FixedLine,
        Some(N::Mobile) => T::Mobile,
        Some(N::FixedLineOrMobile) => T::FixedLineOrMobile,
        Some(N::TollFree) => T::TollFree,
        Some(N::PremiumRate) => T::PremiumRate,
        Some(N::SharedCost) => T::SharedCost,
        Some(N::Voip) => T::Voip,
        Some(N::PersonalNumber) => T::PersonalNumber,
        Some(N::Pager) => T::Pager,
        Some(N::Uan) => T::Uan,
        Some(N::Voicemail) => T::Voicemail,
    }
}

#[test]
fn parser_agrees_with_the_crate() {
    use phonenumber::metadata::DATABASE;
    let mut compared = 0;
    let mut texts: Vec<&str> = TABLE.iter().filter_map(|&(_, _, e164, _)| e164).collect();
    // Invalid numbers too.
    texts.extend(["+861380013800", "+15555555555", "+4471234", "+447700900123", "+8190123456789"]);
    for text in texts {
        let text = text.split(';').next().unwrap();
        let theirs = phonenumber::parse(None, text).unwrap();
        let ours = parse::parse(None, text).unwrap();
        assert_eq!(ours.code, theirs.code().value(), "{text}");
        assert_eq!(ours.national, theirs.national().to_string(), "{text}");
        let meta = source_for(ours.code, &ours.national);
        assert_eq!(meta.map(|t| t.id), theirs.metadata(&DATABASE).map(|m| m.id()), "{text}");
        let kind = meta.and_then(|t| number_type(t, &ours.national));
        assert_eq!(crate_type(kind), theirs.number_type(&DATABASE), "{text}");
        assert_eq!(kind.is_some(), theirs.is_valid(), "{text}");
        compared += 1;
    }
    assert!(compared > 150);
}

#[test]
fn table_decodes() {
    let meta = metadata();
    assert!(meta.len() > 240, "{}", meta.len());
    assert_eq!(meta.by_id("CN").map(|t| t.code), Some(86));
    assert_eq!(meta.by_code(1).first().map(|t| t.id), Some("US"));
    assert_eq!(meta.by_code(44).first().map(|t| t.id), Some("GB"));
    assert_eq!(meta.by_code(800).first().map(|t| t.id), Some("001"));
    assert!(meta.by_code(999).is_empty());
    assert!(meta.by_id("001").is_none());
    // The letter table finds exactly the regions a search of all territories finds.
    for a in b'A'..=b'Z' {
        for b in b'A'..=b'Z' {
            let id = String::from_utf8(vec![a, b]).unwrap_or_default();
            let searched = (1..=999).flat_map(|code| meta.by_code(code)).find(|t| t.is_region() && t.id == id);
            assert_eq!(meta.by_id(&id).map(|t| t.id), searched.map(|t| t.id), "{id}");
        }
    }
    assert!(meta.by_id("cn").is_none() && meta.by_id("C").is_none());
    // Every pattern compiles with regex-lite.
    for code in 1..=999 {
        for t in meta.by_code(code) {
            let c = t.compiled();
            assert_eq!(c.idd.is_some(), t.idd.is_some(), "{}", t.id);
            assert_eq!(c.prefix_for_parsing.is_some(), t.prefix_for_parsing.is_some(), "{}", t.id);
            assert_eq!(c.leading_digits.is_some(), t.leading_digits.is_some(), "{}", t.id);
            for (re, desc) in c.descs.iter().zip(&t.descs) {
                assert_eq!(re.is_some(), desc.is_some(), "{}", t.id);
            }
        }
    }
}

#[test]
fn leading_zero_national_numbers() {
    // Italy keeps its trunk 0 in international numbers. The crate's
    // `is_valid` accepts these; its `metadata()` and `number_type()` lose
    // the zero and find nothing, which `source_for` here avoids.
    for (input, region) in [("+39 02 3661 8300", None), ("02 3661 8300", Some("IT")), ("06 6981 2345", Some("VA"))] {
        let info = check(input, region);
        let crate_valid = phonenumber::parse(None, info.verdict.normalized.as_deref().unwrap_or("+0")).map(|n| n.is_valid());
        assert!(info.verdict.valid, "{input}: {info:?}");
        assert_eq!(crate_valid.ok(), Some(true), "{input}");
    }
    let info = check("+39 02 3661 8300", None);
    assert_eq!(info.verdict.normalized.as_deref(), Some("+390236618300"));
    assert_eq!(info.kind, Some("fixed_line"));
    assert_eq!(info.region, Some("IT"));
}

#[test]
fn chinese_formats() {
    for input in [
        "13800138000",
        "138 0013 8000",
        "138-0013-8000",
        "+86 138 0013 8000",
        "0086 13800138000",
        "86-138-0013-8000",
        "１３８００１３８０００",
        "＋８６　１３８　００１３　８０００",
        "+86 (138) 0013-8000",
    ] {
        let info = check(input, Some("CN"));
        assert_eq!(info.verdict.normalized.as_deref(), Some("+8613800138000"), "{input}");
        assert!(info.verdict.valid && info.verdict.issues.is_empty(), "{input}");
        assert_eq!(info.kind, Some("mobile"));
        assert_eq!(info.region, Some("CN"));
    }
    let info = check("010-12345678", Some("CN"));
    assert_eq!(info.verdict.normalized.as_deref(), Some("+861012345678"));
    assert_eq!(info.kind, Some("fixed_line"));
    let info = check("(020) 8888 9999", Some("CN"));
    assert_eq!(info.verdict.normalized.as_deref(), Some("+862088889999"));
}

#[test]
fn extensions() {
    for (input, region, e164) in [
        ("021-6123 4567 转 801", "CN", "+862161234567;ext=801"),
        ("021-6123 4567转801", "CN", "+862161234567;ext=801"),
        ("021-6123 4567 分机 801", "CN", "+862161234567;ext=801"),
        ("021-6123 4567 分機801", "CN", "+862161234567;ext=801"),
        ("+1 415-555-0100 ext. 123", "US", "+14155550100;ext=123"),
        ("+1 415-555-0100 ext 123", "US", "+14155550100;ext=123"),
        ("+1 415-555-0100 extension: 123", "US", "+14155550100;ext=123"),
        ("(415) 555-0100 x123", "US", "+14155550100;ext=123"),
        ("(415) 555-0100 X 123", "US", "+14155550100;ext=123"),
        ("415-555-0100 #123", "US", "+14155550100;ext=123"),
        ("tel:+1-415-555-0100;ext=123", "US", "+14155550100;ext=123"),
        ("+1 415 555 0100 x123#", "US", "+14155550100;ext=123"),
    ] {
        let v = validate_phone(input, Some(region), &PhoneOptions::default());
        assert!(v.valid, "{input}: {v:?}");
        assert_eq!(v.normalized.as_deref(), Some(e164), "{input}");
        assert!(v.issues.is_empty(), "{input}");
    }
    // A trailing hyphenated group, when the number is only valid without it.
    let v = validate_phone("010-12345678-8001", Some("CN"), &PhoneOptions::default());
    assert_eq!(v.normalized.as_deref(), Some("+861012345678;ext=8001"));
    assert_eq!(v.codes(), ["phone.extension_guessed"]);
    // ... but not when the whole is a valid number (a German direct dial).
    let v = validate_phone("+49 30 123456-78", Some("DE"), &PhoneOptions::default());
    assert_eq!(v.normalized.as_deref(), Some("+493012345678"));
    assert!(v.issues.is_empty());
    // An extension marker with nothing after it is dropped.
    let v = validate_phone("13800138000 ext", Some("CN"), &PhoneOptions::default());
    assert_eq!(v.normalized.as_deref(), Some("+8613800138000"));
    // Misplaced or over-long extensions.
    assert_eq!(check("x123", Some("CN")).verdict.codes(), ["phone.unparseable"]);
    assert_eq!(check("13800138000 x1 x2", Some("CN")).verdict.codes(), ["phone.unparseable"]);
    assert_eq!(check("13800138000 x12345678901", Some("CN")).verdict.codes(), ["phone.unparseable"]);
}

#[test]
fn excel_scientific() {
    // Shortest round-trip rendering: exact.
    let v = validate_phone("1.3800138E+10", Some("CN"), &PhoneOptions::default());
    assert!(!v.valid);
    assert_eq!(v.codes(), ["phone.excel_scientific"]);
    assert_eq!(v.suggestion.as_deref(), Some("+8613800138000"));
    assert!(v.normalized.is_none());
    assert!(v.issues[0].en.contains("survived"));
    // Every digit written: exact.
    let v = validate_phone("1.3912345678E+10", Some("CN"), &PhoneOptions::default());
    assert_eq!(v.suggestion.as_deref(), Some("+8613912345678"));
    let v = validate_phone("1.3912345678e10", Some("CN"), &PhoneOptions::default());
    assert_eq!(v.suggestion.as_deref(), Some("+8613912345678"));
    let v = validate_phone("8.613800138E+12", Some("CN"), &PhoneOptions::default());
    assert_eq!(v.suggestion.as_deref(), Some("+8613800138000"));
    // Excel's General format: 6 significant digits, the rest lost.
    for input in ["1.38001E+10", "1.38E+10", "1,38001E+10", "1.39123E+10"] {
        let v = validate_phone(input, Some("CN"), &PhoneOptions::default());
        assert_eq!(v.codes(), ["phone.excel_scientific"], "{input}");
        assert!(v.suggestion.is_none(), "{input}");
        assert!(v.issues[0].en.contains("lost"), "{input}");
    }
    // Not an integer at all.
    let v = validate_phone("1.38001380001E+5", Some("CN"), &PhoneOptions::default());
    assert!(v.suggestion.is_none());
    // Exact digits that are no valid number: the digits are suggested.
    let v = validate_phone("1.2345678E+7", Some("CN"), &PhoneOptions::default());
    assert_eq!(v.codes(), ["phone.excel_scientific"]);
    assert_eq!(v.suggestion.as_deref(), Some("12345678"));
}

#[test]
fn float_suffix() {
    let v = validate_phone("13800138000.0", Some("CN"), &PhoneOptions::default());
    assert!(v.valid);
    assert_eq!(v.normalized.as_deref(), Some("+8613800138000"));
    assert_eq!(v.codes(), ["phone.float_suffix"]);
    let v = validate_phone("8613800138000.00", Some("CN"), &PhoneOptions::default());
    assert_eq!(v.normalized.as_deref(), Some("+8613800138000"));
    // Dots as group separators are not a float.
    let v = validate_phone("06.12.34.56.78", Some("FR"), &PhoneOptions::default());
    assert_eq!(v.normalized.as_deref(), Some("+33612345678"));
    assert!(v.issues.is_empty());
}

#[test]
fn multiple_numbers() {
    for input in [
        "13800138000, 13912345678",
        "13800138000,13912345678",
        "13800138000；13912345678",
        "13800138000、13912345678",
        "13800138000 / 13912345678",
        "13800138000\n13912345678",
        "13800138000; 010-12345678",
    ] {
        let v = validate_phone(input, Some("CN"), &PhoneOptions::default());
        assert_eq!(v.codes(), ["phone.multiple_numbers"], "{input}");
        assert_eq!(v.suggestion.as_deref(), Some("+8613800138000"), "{input}");
        assert!(v.normalized.is_none());
    }
    // A trailing separator alone is no second number.
    let v = validate_phone("13800138000,", Some("CN"), &PhoneOptions::default());
    assert!(v.valid);
    // The first number invalid: no suggestion.
    let v = validate_phone("1380013800, 13912345678", Some("CN"), &PhoneOptions::default());
    assert_eq!(v.codes(), ["phone.multiple_numbers"]);
    assert!(v.suggestion.is_none());
}

#[test]
fn regions() {
    let cn = opts(Some("CN"));
    // The default region reads national numbers.
    assert!(validate_phone("13800138000", None, &cn).valid);
    // The row's region overrides it.
    let v = validate_phone("020 7946 0958", Some("GB"), &cn);
    assert_eq!(v.normalized.as_deref(), Some("+442079460958"));
    // An empty row region falls back to the default.
    assert!(validate_phone("13800138000", Some(" "), &cn).valid);
    // Any case, and UK for GB.
    assert!(validate_phone("020 7946 0958", Some("gb"), &cn).valid);
    assert!(validate_phone("020 7946 0958", Some("uk"), &cn).valid);
    // No region at all.
    let v = validate_phone("13800138000", None, &PhoneOptions::default());
    assert_eq!(v.codes(), ["phone.no_region"]);
    assert!(v.suggestion.is_none());
    // ... but the digits make a valid number with a "+".
    let v = validate_phone("8613800138000", None, &PhoneOptions::default());
    assert_eq!(v.codes(), ["phone.no_region"]);
    assert_eq!(v.suggestion.as_deref(), Some("+8613800138000"));
    // "00" reads as the international prefix without a region.
    let v = validate_phone("0044 20 7946 0958", None, &PhoneOptions::default());
    assert_eq!(v.normalized.as_deref(), Some("+442079460958"));
    // A region that is no ISO code: national numbers cannot be read...
    let v = validate_phone("13800138000", Some("China"), &cn);
    assert_eq!(v.codes(), ["phone.unknown_region"]);
    // ... international ones can.
    assert!(validate_phone("+86 13800138000", Some("China"), &cn).valid);
    assert!(validate_phone("+86 13800138000", Some("ZZ"), &cn).valid);
}

#[test]
fn international_numbers_ignore_the_region_prefix_rules() {
    // CN's carrier-code rule would eat "12123" from a Birmingham number.
    for (input, region) in [
        ("+44 121 234 5678", "CN"),
        ("0044 121 234 5678", "CN"),
        ("011 44 121 234 5678", "US"),
        ("0044 121 234 5678", "US"), // 00 where US dials 011
    ] {
        let info = check(input, Some(region));
        assert_eq!(info.verdict.normalized.as_deref(), Some("+441212345678"), "{input} in {region}");
        assert_eq!(info.region, Some("GB"));
        assert_eq!(info.verdict.codes(), ["phone.region_mismatch"], "{input} in {region}");
    }
    // The US trunk prefix "1" must not be stripped from a CN mobile.
    let info = check("+86 138 0013 8000", Some("US"));
    assert_eq!(info.verdict.normalized.as_deref(), Some("+8613800138000"));
    let info = check("010 86 13800138000", Some("JP"));
    assert_eq!(info.verdict.normalized.as_deref(), Some("+8613800138000"));
}

#[test]
fn region_mismatch_only_across_calling_codes() {
    let v = validate_phone("+44 20 7946 0958", Some("CN"), &PhoneOptions::default());
    assert!(v.valid);
    assert_eq!(v.codes(), ["phone.region_mismatch"]);
    assert!(v.issues[0].en.contains("GB") && v.issues[0].en.contains("CN"));
    // A Canadian number in a US row: same calling code, no warning.
    let info = check("+1 613 782 7274", Some("US"));
    assert!(info.verdict.valid && info.verdict.issues.is_empty());
    assert_eq!(info.region, Some("CA"));
}

#[test]
fn error_codes() {
    for (input, region, code) in [
        ("", Some("CN"), "phone.empty"),
        ("   ", Some("CN"), "phone.empty"),
        ("abc", Some("CN"), "phone.unparseable"),
        ("手机13800138000", Some("CN"), "phone.unparseable"),
        ("1-800-FLOWERS", Some("US"), "phone.unparseable"),
        ("138+00138000", Some("CN"), "phone.unparseable"),
        ("++8613800138000", Some("CN"), "phone.unparseable"),
        ("---", Some("CN"), "phone.unparseable"),
        ("13800138000 @", Some("CN"), "phone.unparseable"),
        ("+999 1234567", Some("US"), "phone.country_code"),
        ("+0 1234567", None, "phone.country_code"),
        ("1", Some("CN"), "phone.too_short"),
        ("12", Some("CN"), "phone.too_short"),
        ("911", Some("US"), "phone.too_short"),
        ("555-0123", Some("US"), "phone.too_short"), // local only
        ("+49 1", None, "phone.too_short"),
        ("+86 1380013800000000", Some("CN"), "phone.too_long"),
        ("202-456-11111", Some("US"), "phone.too_long"),
        ("1234567890123456789012345678", Some("US"), "phone.too_long"),
        ("1380013800", Some("CN"), "phone.invalid_number"),
        ("555-555-5555", Some("US"), "phone.invalid_number"),
    ] {
        let v = validate_phone(input, region, &PhoneOptions::default());
        assert_eq!(v.codes(), [code], "{input:?}: {v:?}");
        assert!(!v.valid);
        assert!(v.normalized.is_none());
    }
    // Possible but not valid: the E.164 form is the suggestion.
    let v = validate_phone("1380013800", Some("CN"), &PhoneOptions::default());
    assert_eq!(v.suggestion.as_deref(), Some("+861380013800"));
    assert!(v.issues[0].en.contains("+861380013800"));
}

#[test]
fn kinds() {
    for (input, region, kind) in [
        ("13800138000", "CN", "mobile"),
        ("010-12345678", "CN", "fixed_line"),
        ("800-123-4567", "CN", "toll_free"),
        ("400-123-4567", "CN", "shared_cost"),
        ("650-253-0000", "US", "fixed_line_or_mobile"),
        ("800 234 5678", "US", "toll_free"),
        ("07400 123456", "GB", "mobile"),
        ("020 7946 0958", "GB", "fixed_line"),
        ("0151 23456789", "DE", "mobile"),
        ("06 12 34 56 78", "FR", "mobile"),
        ("0120-123-456", "JP", "toll_free"),
        ("98765 43210", "IN", "mobile"),
        ("(11) 91234-5678", "BR", "mobile"),
        ("1300 123 456", "AU", "shared_cost"),
    ] {
        let info = check(input, Some(region));
        assert_eq!(info.kind, Some(kind), "{input}");
        assert_eq!(info.region, Some(region), "{input}");
    }
    // Non-geographic numbers have no region.
    let info = check("+800 1234 5678", None);
    assert!(info.verdict.valid, "{info:?}");
    assert_eq!(info.region, None);
    assert_eq!(info.kind, Some("toll_free"));
}

#[test]
fn messages_are_bilingual() {
    let cn = opts(Some("CN"));
    for input in [
        "", "abc", "1", "1380013800", "+999 123456", "1.38E+10", "1.3800138E+10", "13800138000.0",
        "13800138000, 13912345678", "13800138000 x12345678901", "+44 20 7946 0958", "010-12345678-8001",
    ] {
        for issue in validate_phone(input, None, &cn).issues {
            assert!(issue.code.starts_with("phone."), "{input}");
            assert!(!issue.en.is_empty() && !issue.zh.is_empty(), "{input}");
        }
    }
}

#[test]
fn odd_input_never_panics() {
    let cn = opts(Some("CN"));
    let pieces = [
        "+", "0", "00", "1", "9", "86", "(", ")", "-", " ", "x", "ext", "转", "#", ";", ";ext=", ",", "/",
        "tel:", "e", "E+", ".", "０", "＋", "分机", "phone-context=", "*", "é", "\u{200B}", "99999999",
    ];
    let mut seed: u64 = 0x2545_F491_4F6C_DD1D;
    for _ in 0..5_000 {
        let mut s = String::new();
        seed ^= seed << 13;
        seed ^= seed >> 7;
        seed ^= seed << 17;
        let n = (seed % 9) as usize;
        let mut x = seed;
        for _ in 0..n {
            s.push_str(pieces[(x % pieces.len() as u64) as usize]);
            x = x.rotate_right(7).wrapping_mul(0x9E37_79B9_7F4A_7C15);
        }
        for region in [None, Some("US"), Some("JP"), Some("xx")] {
            let _ = check_phone(&s, region, &cn);
        }
    }
}

/// Timing, not an assertion: `cargo test --release --lib phone::tests::timing -- --ignored --nocapture`.
#[test]
#[ignore]
fn timing() {
    use std::time::Instant;
    let cn = opts(Some("CN"));
    let t = Instant::now();
    assert!(metadata().by_id("CN").is_some());
    let load = t.elapsed();
    let t = Instant::now();
    let v = validate_phone("13800138000", None, &cn);
    let first = t.elapsed();
    assert!(v.valid);
    let t = Instant::now();
    assert!(validate_phone("020 7946 0958", Some("GB"), &cn).valid);
    let first_gb = t.elapsed();
    let n = 100_000;
    let t = Instant::now();
    for _ in 0..n {
        std::hint::black_box(validate_phone(std::hint::black_box("138 0013 8000"), None, &cn));
    }
    let same = t.elapsed() / n;
    let mixed: Vec<(&str, &str)> = TABLE.iter().filter_map(|&(i, r, _, _)| r.map(|r| (i, r))).collect();
    // Warm every region once, then time.
    for &(i, r) in &mixed {
        validate_phone(i, Some(r), &cn);
    }
    let rounds = 200;
    let t = Instant::now();
    for _ in 0..rounds {
        for &(i, r) in &mixed {
            std::hint::black_box(validate_phone(i, Some(r), &cn));
        }
    }
    let per_mixed = t.elapsed() / (rounds * mixed.len() as u32);
    println!("metadata load (first use of the database): {load:?}");
    println!("first call after that (CN patterns compiled): {first:?}");
    println!("first GB call (GB patterns compiled): {first_gb:?}");
    println!("per call, one CN mobile repeated: {same:?}");
    println!("per call, {} mixed numbers over 9 regions: {per_mixed:?}", mixed.len());
}

/// Every pattern of every territory, as the batch build checks it (digit
/// tables, first-digit filters), agrees with the regex on numbers made to
/// hit its ranges: each prefix of a number the pattern matches, extended
/// digit by digit, plus pseudo-random digit strings of every length.
#[cfg(feature = "batch")]
#[test]
fn digit_tables_agree_with_the_regexes() {
    use super::engine::{Prefix, Whole};
    use regex_automata::hybrid::dfa::DFA;
    use regex_automata::{Anchored, Input};
    let meta = metadata();
    let mut state = 0x9E37_79B9_7F4A_7C15u64;
    let mut random_digits = |len: usize| -> String {
        (0..len)
            .map(|_| {
                state ^= state << 13;
                state ^= state >> 7;
                state ^= state << 17;
                char::from(b'0' + (state % 10) as u8)
            })
            .collect()
    };
    let (mut checked, mut most_states, mut filtering, mut prefixes) = (0usize, 0usize, 0usize, 0usize);
    for code in 1..=999 {
        for t in meta.by_code(code) {
            let mut samples: Vec<String> = (2..=17).flat_map(|len| (0..40).map(move |_| len)).map(&mut random_digits).collect();
            // Numbers of the territory's own examples' shapes: the test table's.
            samples.extend(TABLE.iter().map(|row| row.0.chars().filter(char::is_ascii_digit).collect::<String>()));
            for desc in t.descs.iter().flatten() {
                let whole = Whole::new(desc.pattern).expect("compiles");
                let states = whole.table_states();
                assert!(states.is_some(), "{} {:?} has no digit table", t.id, desc.pattern);
                most_states = most_states.max(states.unwrap_or(0));
                let regex = regex::Regex::new(&format!("^(?:{})$", desc.pattern)).expect("compiles");
                // Grow numbers the pattern may still accept, digit by digit
                // (the lazy DFA of `regex-automata` tells which are alive).
                let guide = DFA::new(&format!("^(?:{})$", desc.pattern)).expect("compiles");
                let mut cache = guide.create_cache();
                let start = guide.start_state_forward(&mut cache, &Input::new("").anchored(Anchored::Yes)).expect("start");
                let mut alive = vec![(String::new(), start)];
                for _ in 0..17 {
                    let mut next = Vec::new();
                    for (text, state) in alive.iter().take(60) {
                        for d in 0..10u8 {
                            let s = guide.next_state(&mut cache, *state, b'0' + d).expect("no quit");
                            let text = format!("{text}{d}");
                            samples.push(text.clone());
                            if !s.is_dead() {
                                next.push((text, s));
                            }
                        }
                    }
                    // Keep a spread of the live ones, not only the smallest.
                    let skip = (next.len() / 60).max(1);
                    alive = next.into_iter().step_by(skip).collect();
                }
                for text in &samples {
                    assert_eq!(whole.is_match(text), regex.is_match(text), "{} {:?} {text}", t.id, desc.pattern);
                    checked += 1;
                }
            }
            for pattern in [t.idd, t.prefix_for_parsing, t.leading_digits].into_iter().flatten() {
                let prefix = Prefix::new(pattern).expect("compiles");
                filtering += usize::from(prefix.filters());
                prefixes += 1;
                let regex = regex::Regex::new(&format!("^(?:{pattern})")).expect("compiles");
                for text in &samples {
                    if prefix.for_text(text).is_none() {
                        assert!(!regex.is_match(text), "{} {pattern:?} {text}", t.id);
                    }
                    checked += 1;
                }
            }
        }
    }
    assert!(checked > 1_000_000, "{checked}");
    // CN's and US's international prefixes at least are filtered by their first digit.
    assert!(filtering * 2 > prefixes, "{filtering} of {prefixes} prefix patterns filter");
    eprintln!("{checked} checks; largest table {most_states} states; {filtering} of {prefixes} prefixes filter");
}
