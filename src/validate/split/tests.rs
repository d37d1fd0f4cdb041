use super::*;
use crate::pipeline::{clean_on, Cleaned, Validation};
use crate::read::{read_bytes, ReadOptions};
use crate::validate::column::Context;

const TODAY: Context = Context { today: (2026, 12, 7) };

/// A messy CRM file touching every kind of check: text cleaning, names,
/// emails with typos, phones in many formats and regions, countries,
/// postal codes that need the row's country, ambiguous and old dates,
/// mojibake, a unique rule, rows without a contact, rows too long.
fn messy_csv(rows: usize) -> String {
    let names = ["  张 伟 ", "MARY O'NEIL", "ludwig van der berg", "王芳", "Ａｎｎ", "", "李　娜"];
    let emails = ["Ann@Example.COM", "bob@gmial.com", " wang.fang@qq.con ", "not an email", "", "x@163.cm", "a@@b.com"];
    let phones = ["13800138000", "+86 138 0013 8000", "(415) 555-0100", "020-88889999", "12345", "", "+1 415 555 0100 ext. 12", "07911 123456"];
    let countries = ["CN", "China", "中国", "US", "USA", "GB", "Atlantis", ""];
    let postal = ["100000", "2134", "02134", "SW1A 1AA", "ABC", ""];
    let dates = ["2024-01-05", "2024/1/5", "05/01/2024", "13/02/2019", "2024年1月5日", "Jan 5, 2024", "2019-02-30", "", "45000"];
    let notes = ["Said \"call me\"", "Ã¤Ã¶Ã¼ garbled", "full\u{3000}width　ＡＢＣ", "=HYPERLINK(\"x\")", "plain"];
    let genders = ["男", "F", "male", "?", ""];
    let field = |value: &str| {
        if value.contains([',', '"', '\n']) {
            format!("\"{}\"", value.replace('"', "\"\""))
        } else {
            value.to_string()
        }
    };
    let mut csv = String::from("id,name,email,mobile,country,postal_code,created_at,last_contact,notes,gender,website,amount\n");
    for i in 0..rows {
        let pick = |list: &[&'static str], step: usize| list[(i * step + i / 7) % list.len()];
        let id = if i % 50 == 49 { format!("{}", i - 1) } else { format!("{i}") };
        let fields = [
            id.as_str(),
            pick(&names, 1),
            pick(&emails, 3),
            pick(&phones, 5),
            pick(&countries, 7),
            pick(&postal, 11),
            pick(&dates, 13),
            pick(&dates, 17),
            pick(&notes, 19),
            pick(&genders, 23),
            ["https://Example.com/a", "example", ""][i % 3],
            ["1,200", "¥35", "x", ""][i % 4],
        ];
        csv.push_str(&fields.map(field).join(","));
        csv.push('\n');
        if i % 97 == 5 {
            csv.push_str("too,many,fields,in,this,row,a,b,c,d,e,f,g,h\n");
        }
    }
    csv
}

fn profile() -> Profile {
    Profile::from_json(
        r#"{"version": 1, "dedupe": {"enabled": false}, "columns": [
            {"name": "id", "type": "record_id", "unique": true},
            {"name": "gender", "type": "gender"},
            {"name": "website", "type": "url"},
            {"name": "amount", "type": "currency"},
            {"name": "last_contact", "type": "date", "last_contact": true}
        ], "validate": {"default_region": "CN", "fix_email_typos": true}}"#,
    )
    .unwrap()
}

/// Everything a run writes, for comparing two runs.
fn outputs(cleaned: &mut Cleaned) -> [String; 4] {
    let options = cleaned.profile.output.clone();
    let mut files: [Vec<u8>; 4] = Default::default();
    cleaned.write(&options, true, &mut files[0]).unwrap();
    cleaned.write_issues(&options, &mut files[1]).unwrap();
    cleaned.write_changes(&options, &mut files[2]).unwrap();
    // Heap sizes depend on how the logs grew, not on what they hold.
    let mut summary = cleaned.summary.clone();
    (summary.table_bytes, summary.log_bytes) = (0, 0);
    files[3] = serde_json::to_vec(&summary).unwrap();
    files.map(|f| String::from_utf8(f).unwrap())
}

fn read(csv: &str) -> crate::read::ReadOutput {
    read_bytes(csv.as_bytes(), ReadOptions::default()).unwrap()
}

/// The run as two or more workers make it: each part in its own
/// `Validation` (its own read of the file), the helpers' parts encoded and
/// decoded, merged into part 0's in `order`.
fn split_run(csv: &str, profile: &Profile, parts: u32, order: &[u32]) -> Cleaned {
    let mut main = Validation::start(read(csv), profile, &mut |_| {});
    main.validate_part(0, parts, &TODAY, &mut |_| {}).unwrap();
    for &part in order {
        let mut helper = Validation::start(read(csv), profile, &mut |_| {});
        helper.validate_part(part, parts, &TODAY, &mut |_| {}).unwrap();
        hand_over(helper, &mut main);
    }
    main.finish(&TODAY, &mut |_| {}).unwrap()
}

/// A helper's part, encoded and decoded as between two workers, taken in by `main`.
fn hand_over(helper: Validation, main: &mut Validation) {
    let bytes = helper.into_part().encode();
    main.add_part(Part::decode(&bytes).unwrap()).unwrap();
}

/// The messy file, its profile with deduplication on (the stages after
/// validation see the merged logs too) and what one worker writes from them.
fn one_worker_run() -> (String, Profile, [String; 4]) {
    let csv = messy_csv(700);
    let mut profile = profile();
    profile.dedupe.enabled = true;
    let whole = outputs(&mut clean_on(read(&csv), &profile, &TODAY, &mut |_| {}).unwrap());
    (csv, profile, whole)
}

#[test]
fn a_split_run_writes_what_one_worker_writes() {
    let (csv, profile, whole) = one_worker_run();
    assert!(whole[1].lines().count() > 500 && whole[2].lines().count() > 1000, "the file exercises the checks");
    for (parts, order) in [(2, vec![1]), (3, vec![2, 1]), (3, vec![1, 2]), (5, vec![4, 1, 3, 2])] {
        let split = outputs(&mut split_run(&csv, &profile, parts, &order));
        assert_same_outputs(&whole, &split, &format!("{parts} parts, merged in order {order:?}"));
    }
}

/// Asserts that two runs wrote the same files, naming the first line that differs.
fn assert_same_outputs(whole: &[String; 4], other: &[String; 4], run: &str) {
    for (file, (a, b)) in ["cleaned", "issues", "changes", "summary"].iter().zip(whole.iter().zip(other)) {
        let first = a.lines().zip(b.lines()).position(|(x, y)| x != y);
        let at = first.map(|n| (a.lines().nth(n), b.lines().nth(n)));
        assert!(a == b, "{run}: the {file} differ at {first:?}: {at:?}");
    }
}

/// The run as two workers make it when they claim columns: the main worker
/// validates the first `main_takes` columns of the claim order (one at a
/// time, in claim order), the helper the rest from the back; the helper's
/// part is encoded, decoded and taken in.
fn claimed_run(csv: &str, profile: &Profile, main_takes: usize) -> Cleaned {
    let mut main = Validation::start(read(csv), profile, &mut |_| {});
    let mut helper = Validation::start(read(csv), profile, &mut |_| {});
    let order = main.claim_order().columns;
    assert_eq!(helper.claim_order().columns, order, "both workers claim from the same order");
    let (front, back) = order.split_at(main_takes.min(order.len()));
    for (before, &index) in front.iter().enumerate() {
        main.validate_column(index, before, &TODAY, &mut |_| {}).unwrap();
    }
    for (before, &index) in back.iter().rev().enumerate() {
        helper.validate_column(index, front.len() + before, &TODAY, &mut |_| {}).unwrap();
    }
    hand_over(helper, &mut main);
    main.finish(&TODAY, &mut |_| {}).unwrap()
}

#[test]
fn columns_claimed_one_at_a_time_write_what_one_worker_writes() {
    let (csv, profile, whole) = one_worker_run();
    let columns = Validation::start(read(&csv), &profile, &mut |_| {}).claim_order().columns.len();
    assert_eq!(columns, 12, "every column of the file is typed");
    for main_takes in 0..=columns {
        let claimed = outputs(&mut claimed_run(&csv, &profile, main_takes));
        assert_same_outputs(&whole, &claimed, &format!("the main worker took {main_takes} columns"));
    }
}

#[test]
fn a_claimed_column_is_validated_once_and_counts_its_progress_from_before() {
    // Progress comes every 512 rows at a column's start.
    let csv = messy_csv(1100);
    let profile = profile();
    let mut run = Validation::start(read(&csv), &profile, &mut |_| {});
    let rows = read(&csv).table.rows() as u64;
    let index = run.claim_order().columns[0];
    let mut seen = Vec::new();
    run.validate_column(index, 3, &TODAY, &mut |p| seen.push((p.stage.to_string(), p.done))).unwrap();
    let done: Vec<u64> = seen.iter().filter(|(stage, _)| stage == "validate").map(|&(_, d)| d).collect();
    assert!(!done.is_empty() && done.iter().all(|&d| d >= 3 * rows && d <= 4 * rows), "{done:?}");
    seen.clear();
    run.validate_column(index, 4, &TODAY, &mut |p| seen.push((p.stage.to_string(), p.done))).unwrap();
    assert!(seen.is_empty(), "a column already validated is not validated again");
}

#[test]
fn the_claim_order_keeps_what_is_dear_to_take_in_at_the_front_and_meets_at_small_columns() {
    let csv = messy_csv(300);
    let profile = profile();
    let run = Validation::start(read(&csv), &profile, &mut |_| {});
    let headers: Vec<String> = read(&csv).table.headers().map(String::from).collect();
    let order = run.claim_order();
    let names: Vec<&str> = order.columns.iter().map(|&i| headers[i].as_str()).collect();
    // First what only the main worker may claim: countries, genders and dates cost more to take in than to validate.
    assert_eq!(order.main_only, 4, "{names:?}");
    let mut main_only = names[..4].to_vec();
    main_only.sort_unstable();
    assert_eq!(main_only, ["country", "created_at", "gender", "last_contact"], "{names:?}");
    // Then the rest of the front: phones, amounts, URLs (intake cost of 100 or more), costliest first.
    assert_eq!(names[4], "mobile", "{names:?}");
    let front = names.iter().take_while(|n| ["mobile", "created_at", "last_contact", "country", "gender", "website", "amount"].contains(n)).count();
    assert_eq!(front, 7, "{names:?}");
    // Back: the rest, costliest last, which the helper claims first.
    assert_eq!(names.last(), Some(&"email"), "{names:?}");
    assert_eq!(names.len(), 12, "{names:?}");
}

#[test]
fn a_column_validated_twice_sends_its_changes_whole() {
    let csv = messy_csv(300);
    // The profile names `notes` twice: its second pass's "before" is the first pass's "after".
    let mut profile = profile();
    let mut twice = profile.columns[0].clone();
    twice.name = "notes".into();
    twice.kind = ColumnType::Text;
    twice.unique = false;
    profile.columns.push(twice.clone());
    profile.columns.push(twice);
    let whole = outputs(&mut clean_on(read(&csv), &profile, &TODAY, &mut |_| {}).unwrap());
    let mut helper = Validation::start(read(&csv), &profile, &mut |_| {});
    helper.validate_part(1, 2, &TODAY, &mut |_| {}).unwrap();
    assert!(matches!(helper.into_part().changes, Changes::Log(_)));
    for order in [vec![1], vec![]] {
        assert!(outputs(&mut split_run(&csv, &profile, 2, &order)) == whole, "merged {order:?}");
    }
}

#[test]
fn columns_a_helper_never_sent_are_validated_by_the_main_worker() {
    let csv = messy_csv(300);
    let profile = profile();
    let whole = outputs(&mut clean_on(read(&csv), &profile, &TODAY, &mut |_| {}).unwrap());
    // Part 0 of 2 only; the helper failed: finish validates part 1 itself.
    let mut main = Validation::start(read(&csv), &profile, &mut |_| {});
    main.validate_part(0, 2, &TODAY, &mut |_| {}).unwrap();
    assert!(outputs(&mut main.finish(&TODAY, &mut |_| {}).unwrap()) == whole);
}

#[test]
fn a_part_of_another_file_or_twice_is_refused() {
    let profile = profile();
    let helper_of = |csv: &str| {
        let mut helper = Validation::start(read(csv), &profile, &mut |_| {});
        helper.validate_part(1, 2, &TODAY, &mut |_| {}).unwrap();
        helper.into_part()
    };
    let csv = messy_csv(200);
    let mut main = Validation::start(read(&csv), &profile, &mut |_| {});
    main.validate_part(0, 2, &TODAY, &mut |_| {}).unwrap();
    assert!(matches!(main.add_part(helper_of(&messy_csv(201))), Err(Error::Part(_))), "other rows");
    let other_header = csv.replacen("notes", "remarks", 1);
    assert!(matches!(main.add_part(helper_of(&other_header)), Err(Error::Part(_))), "other columns");
    // Part 0 again: this worker did those columns.
    let mut twin = Validation::start(read(&csv), &profile, &mut |_| {});
    twin.validate_part(0, 2, &TODAY, &mut |_| {}).unwrap();
    assert!(matches!(main.add_part(twin.into_part()), Err(Error::Part(_))), "the same part");
    main.add_part(helper_of(&csv)).unwrap();
}

#[test]
fn garbled_part_bytes_are_an_error_never_a_panic() {
    let csv = messy_csv(40);
    let profile = profile();
    let mut helper = Validation::start(read(&csv), &profile, &mut |_| {});
    helper.validate_part(1, 2, &TODAY, &mut |_| {}).unwrap();
    let bytes = helper.into_part().encode();
    assert!(Part::decode(&bytes).is_ok());
    for cut in (0..bytes.len()).step_by(7) {
        assert!(Part::decode(&bytes[..cut]).is_err(), "cut at {cut}");
    }
    // Flipped bytes: decoding and merging either refuse or give some result, never panic.
    let mut state = 0x9e37_79b9_7f4a_7c15_u64;
    let mut merged = 0;
    for _ in 0..300 {
        state ^= state << 13;
        state ^= state >> 7;
        state ^= state << 17;
        let mut garbled = bytes.clone();
        let at = (state % garbled.len() as u64) as usize;
        garbled[at] ^= (state >> 32) as u8 | 1;
        if let Ok(part) = Part::decode(&garbled) {
            merged += 1;
            if merged > 40 {
                continue;
            }
            let mut main = Validation::start(read(&csv), &profile, &mut |_| {});
            main.validate_part(0, 2, &TODAY, &mut |_| {}).unwrap();
            if main.add_part(part).is_ok() {
                let mut cleaned = main.finish(&TODAY, &mut |_| {}).unwrap();
                outputs(&mut cleaned);
            }
        }
    }
}

#[test]
fn every_typed_column_goes_to_exactly_one_part_and_the_parts_balance() {
    let csv = messy_csv(1000);
    let table = read(&csv).table;
    let (profile, _) = crate::infer::complete_profile_with_progress(&profile(), &table, &mut |_| {});
    for parts in 1..=4 {
        let split = split_columns(&profile, &table, parts);
        assert_eq!(split.len(), table.width());
        assert!(split.iter().all(|p| p.is_some_and(|p| p < parts)), "{parts}: {split:?}");
        let used: std::collections::BTreeSet<u32> = split.iter().flatten().copied().collect();
        assert_eq!(used.len(), parts as usize, "no part is left empty with 12 columns");
    }
    // Two parts: no column moved from one side to the other makes the run end sooner.
    let split = split_columns(&profile, &table, 2);
    let cost = |index: usize| {
        let column = table.column(index).unwrap();
        let kind = profile.columns.iter().find(|c| c.name == column.name()).unwrap().kind;
        let cells = column.len() as u64;
        (cell_cost(kind) * cells + BYTE_COST * column.text_len() as u64, intake_cost(kind) * cells)
    };
    let end = |split: &[Option<u32>]| {
        let (mut main, mut helper, mut intake) = (0, PART_ROW_COST * table.rows() as u64, 0);
        for (index, part) in split.iter().enumerate() {
            let (validate, take_in) = cost(index);
            match part.unwrap() {
                0 => main += validate,
                _ => (helper, intake) = (helper + validate, intake + take_in),
            }
        }
        main.max(helper) + intake
    };
    for moved in 0..split.len() {
        let mut other = split.clone();
        other[moved] = other[moved].map(|p| 1 - p);
        assert!(end(&other) >= end(&split), "moving column {moved} ends sooner: {split:?}");
    }
    assert_eq!(split_columns(&profile, &table, 2), split, "the same split every time");
    // The benchmark file's columns as Chromium times them (ms, `benches/column-costs.mjs`),
    // with what taking each in costs: the main worker keeps the phones, countries and dates,
    // which change most cells, and the two sides end within 30 ms of each other.
    let chromium = [98, 145, 79, 73, 421, 1037, 144, 68, 139, 54, 52, 142, 116, 373, 309, 111];
    let intake = [10, 10, 10, 10, 40, 190, 10, 10, 10, 10, 10, 10, 180, 125, 125, 10];
    let columns: Vec<(u64, u64)> = chromium.iter().copied().zip(intake).collect();
    let helpers = best_two_way(&columns, 300);
    assert_eq!(helpers & (1 << 5 | 1 << 12 | 1 << 13 | 1 << 14), 0, "mobile, country and dates stay: {helpers:b}");
    let helper: u64 = (0..16).filter(|b| helpers & (1 << b) != 0).map(|b| chromium[b]).sum();
    let main = chromium.iter().sum::<u64>() - helper;
    assert!(main.abs_diff(helper + 300) <= 30, "main {main} ms, helper {helper} + 300 ms");
}


/// The benchmark file's bytes (`benches/data/crm-1m.csv`, when it has been
/// generated) and the profile the timings use: every type inferred, no dedupe.
fn benchmark_file() -> Option<(Vec<u8>, Profile)> {
    let bytes = std::fs::read(concat!(env!("CARGO_MANIFEST_DIR"), "/benches/data/crm-1m.csv")).ok()?;
    Some((bytes, Profile::from_json(r#"{"version": 1, "dedupe": {"enabled": false}}"#).ok()?))
}

/// Where the time of a split run goes, on the benchmark file (when it exists):
/// `cargo test --release --lib split_timing -- --ignored --nocapture`.
#[test]
#[ignore]
fn split_timing() {
    let Some((bytes, profile)) = benchmark_file() else { return };
    let time = |what: &str, t: std::time::Instant| eprintln!("{what}: {} ms", t.elapsed().as_millis());
    let read = || read_bytes(&bytes, ReadOptions::default()).unwrap();
    let t = std::time::Instant::now();
    let mut helper = Validation::start(read(), &profile, &mut |_| {});
    time("helper read + infer", t);
    // CLAIMS=N: the main worker claims the first N columns of the claim order, the helper the rest.
    let claims: Option<usize> = std::env::var("CLAIMS").ok().and_then(|v| v.parse().ok());
    let order = helper.claim_order().columns;
    let t = std::time::Instant::now();
    match claims {
        Some(n) => order[n..].iter().for_each(|&i| helper.validate_column(i, 0, &TODAY, &mut |_| {}).unwrap()),
        None => helper.validate_part(1, 2, &TODAY, &mut |_| {}).unwrap(),
    }
    time("helper validate", t);
    let t = std::time::Instant::now();
    let part = helper.into_part();
    time("into_part", t);
    let t = std::time::Instant::now();
    let encoded = part.encode();
    time(&format!("encode ({} bytes)", encoded.len()), t);
    let (mut changes, mut issues) = (crate::codec::Encoder::default(), crate::codec::Encoder::default());
    part.changes.encode(&mut changes);
    part.issues.encode(&mut issues);
    let (changes, issues) = (changes.finish().len(), issues.finish().len());
    eprintln!("  of which columns sent whole {}, changes {changes}, issues {issues}", part.columns.len());
    let mut main = Validation::start(read(), &profile, &mut |_| {});
    let t = std::time::Instant::now();
    match claims {
        Some(n) => order[..n].iter().for_each(|&i| main.validate_column(i, 0, &TODAY, &mut |_| {}).unwrap()),
        None => main.validate_part(0, 2, &TODAY, &mut |_| {}).unwrap(),
    }
    time("main validate", t);
    let t = std::time::Instant::now();
    let part = Part::decode(&encoded).unwrap();
    time("decode", t);
    let t = std::time::Instant::now();
    main.add_part(part).unwrap();
    time("add_part", t);
    let t = std::time::Instant::now();
    let mut last = String::new();
    main.finish(&TODAY, &mut |p| {
        if p.stage != last {
            eprintln!("  stage {} at {} ms", p.stage, t.elapsed().as_millis());
            last = p.stage.to_string();
        }
    })
    .unwrap();
    time("finish", t);
}

/// Each column's validation time, one column at a time, on the benchmark
/// file (when it exists), from which [`cell_cost`]'s costs come:
/// `cargo test --release --lib column_timing -- --ignored --nocapture`
/// (`ONLY_COLUMN=5` for one column, to profile it).
#[test]
#[ignore]
fn column_timing() {
    use crate::infer::complete_profile;
    use crate::ledger::{ChangeLog, IssueLog};
    use crate::validate::column::validate_columns;
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/benches/data/crm-1m.csv");
    let Ok(bytes) = std::fs::read(path) else { return };
    let t = std::time::Instant::now();
    let table = read_bytes(&bytes, ReadOptions::default()).unwrap().table;
    eprintln!("read: {} ms", t.elapsed().as_millis());
    let (profile, _) = complete_profile(&Profile::from_json(r#"{"version": 1, "dedupe": {"enabled": false}}"#).unwrap(), &table);
    let only: Option<usize> = std::env::var("ONLY_COLUMN").ok().and_then(|v| v.parse().ok());
    for (index, column) in profile.columns.iter().enumerate().filter(|(i, _)| only.is_none_or(|o| o == *i)) {
        let mut table = table.clone();
        let (mut changes, mut issues) = (ChangeLog::default(), IssueLog::default());
        let t = std::time::Instant::now();
        validate_columns(&mut table, &profile, &TODAY, &|i| i == index, &mut changes, &mut issues, &mut |_| {}).unwrap();
        eprintln!("{:>16} {:<10} {} ms", column.name, column.kind.as_str(), t.elapsed().as_millis());
    }
}

/// Whether a column slows down while another thread of the same process
/// validates other columns (as the two workers of a tab do): the mobile
/// column alone, then beside a thread validating the back of the claim order
/// (what follows the country, mobile and two date columns).
/// `cargo test --release --lib contention_timing -- --ignored --nocapture`.
#[test]
#[ignore]
fn contention_timing() {
    let Some((bytes, profile)) = benchmark_file() else { return };
    let start = || Validation::start(read_bytes(&bytes, ReadOptions::default()).unwrap(), &profile, &mut |_| {});
    let solo = |run: &mut Validation, index: usize| {
        let t = std::time::Instant::now();
        run.validate_column(index, 0, &TODAY, &mut |_| {}).unwrap();
        t.elapsed().as_millis()
    };
    let mut main = start();
    // The first column after the main worker's own: the phones, on this file.
    let order = main.claim_order();
    let first = order.columns[order.main_only];
    let order = order.columns;
    eprintln!("column {first} alone: {} ms", solo(&mut main, first));
    let (mut main, mut helper) = (start(), start());
    let back: Vec<usize> = order[5..].to_vec();
    std::thread::scope(|scope| {
        let h = scope.spawn(|| {
            let t = std::time::Instant::now();
            for &i in back.iter().rev() {
                helper.validate_column(i, 0, &TODAY, &mut |_| {}).unwrap();
            }
            t.elapsed().as_millis()
        });
        eprintln!("column {first} beside a busy thread: {} ms", solo(&mut main, first));
        eprintln!("the other thread's columns: {} ms", h.join().unwrap());
    });
}
