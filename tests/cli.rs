//! The command-line front end, run as a real process: exit codes, messages,
//! and the files it writes.

#![cfg(not(target_arch = "wasm32"))]

use std::io::Write;
use std::path::PathBuf;
use std::process::{Command, Output, Stdio};

fn bin() -> Command {
    Command::new(env!("CARGO_BIN_EXE_crm-cleaner"))
}

fn scratch(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("crm-cleaner-cli-{}-{name}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

fn clean_stdin(input: &[u8], args: &[&str]) -> Output {
    let mut child = bin()
        .args(["clean", "-"])
        .args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    // A writer error (the child exited early on bad input) is fine: the exit code tells.
    let _ = child.stdin.take().unwrap().write_all(input);
    child.wait_with_output().unwrap()
}

fn stderr(out: &Output) -> String {
    String::from_utf8_lossy(&out.stderr).into_owned()
}

#[test]
fn cleans_stdin_to_stdout() {
    let out = clean_stdin(b"name, city\n  Ann ,\"Paris, FR\"\n", &[]);
    assert!(out.status.success(), "{}", stderr(&out));
    assert_eq!(String::from_utf8(out.stdout).unwrap(), "name,city\nAnn,\"Paris, FR\"\n");
}

#[test]
fn writes_out_rejected_and_report_files() {
    let dir = scratch("files");
    let input = dir.join("in.csv");
    std::fs::write(&input, "a,b\n 1 ,2\n3,4,5\n6\n").unwrap();
    let (out, rejected, report) = (dir.join("out.csv"), dir.join("rejected.csv"), dir.join("report.json"));
    let status = bin()
        .arg("clean")
        .arg(&input)
        .args(["--out", out.to_str().unwrap(), "--rejected", rejected.to_str().unwrap(), "--report", report.to_str().unwrap()])
        .output()
        .unwrap();
    assert!(status.status.success(), "{}", stderr(&status));
    assert_eq!(std::fs::read_to_string(&out).unwrap(), "a,b\n1,2\n6,\n");
    assert_eq!(std::fs::read_to_string(&rejected).unwrap(), "source_line,reason,fields...\n3,\"row has 3 fields, the header has 2\",3,4,5\n");
    let report: serde_json::Value = serde_json::from_str(&std::fs::read_to_string(&report).unwrap()).unwrap();
    assert_eq!(report["rows_in"], 3);
    assert_eq!(report["rows_out"], 2);
    assert_eq!(report["rows_rejected"], 1);
    assert_eq!(report["cells_changed"], 1);
    assert_eq!(report["problems"][0]["line"], 4);
    assert_eq!(report["problems"][0]["kind"], "row.too_few_fields");
    assert_eq!(report["encoding"], "UTF-8");
    assert_eq!(report["delimiter"], ",");
    assert_eq!(report["formula_cells_neutralized"], 0);
    assert!(report["header_fixes"].as_array().unwrap().is_empty());
    assert!(report["elapsed_ms"].as_f64().unwrap() >= 0.0);
}

#[test]
fn profile_is_read_from_json() {
    let dir = scratch("profile");
    let profile = dir.join("p.json");
    std::fs::write(&profile, r#"{"version":1,"input":{"delimiter":";"},"output":{"delimiter":"\t","line_ending":"crlf"},"normalize":{"trim":false,"text":false}}"#).unwrap();
    let out = clean_stdin(b"a;b\n x ;y\n", &["--profile", profile.to_str().unwrap()]);
    assert!(out.status.success(), "{}", stderr(&out));
    assert_eq!(String::from_utf8(out.stdout).unwrap(), "a\tb\r\n x \ty\r\n");
}

#[test]
fn bad_input_exits_1_with_one_clear_line() {
    let cases: [(&[u8], &str); 4] = [
        (b"", "the file is empty"),
        (b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR", "PNG image"),
        (b"\xEF\xBB\xBF", "the file is empty"),
        (b"a,b\n\0\0\0\n", "NUL bytes"),
    ];
    for (input, expected) in cases {
        let out = clean_stdin(input, &[]);
        assert_eq!(out.status.code(), Some(1), "input {input:?}");
        let message = stderr(&out);
        assert!(message.contains(expected), "{message:?} should contain {expected:?}");
        assert_eq!(message.lines().count(), 1, "{message:?}");
    }
}

#[test]
fn bad_profile_exits_1_and_names_the_key() {
    let dir = scratch("badprofile");
    let profile = dir.join("p.json");
    std::fs::write(&profile, r#"{"normalise":{}}"#).unwrap();
    let out = clean_stdin(b"a\n1\n", &["--profile", profile.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(1));
    assert!(stderr(&out).contains("normalise"), "{}", stderr(&out));
}

#[test]
fn header_only_file_is_a_note_not_an_error() {
    let out = clean_stdin(b"a,b\n", &[]);
    assert!(out.status.success());
    assert_eq!(String::from_utf8_lossy(&out.stdout), "a,b\n");
    assert!(stderr(&out).contains("no data rows"));
}

#[test]
fn usage_errors_exit_2() {
    let out = bin().args(["clean"]).output().unwrap();
    assert_eq!(out.status.code(), Some(2));
    let out = bin().args(["frobnicate"]).output().unwrap();
    assert_eq!(out.status.code(), Some(2));
}

#[test]
fn twenty_megabytes_without_a_line_break_is_handled() {
    let mut input = b"a,b\n".to_vec();
    input.extend(std::iter::repeat_n(b'x', 20_000_000));
    let out = clean_stdin(&input, &[]);
    assert!(out.status.success(), "{}", stderr(&out));
    assert_eq!(out.stdout.len(), input.len() + 2, "one row: the long field and an empty one");
}

#[test]
fn convert_turns_a_gbk_semicolon_export_into_utf8_csv() {
    let text = "姓名;城市;备注\n张伟;北京;\"=1+2\"\n王芳;上海\n".repeat(40);
    let (gbk, _, _) = encoding_rs::GBK.encode(&text);
    let dir = scratch("convert");
    let (input, out) = (dir.join("gbk.csv"), dir.join("utf8.csv"));
    std::fs::write(&input, &gbk).unwrap();
    let result = bin().arg("convert").arg(&input).arg("--out").arg(&out).output().unwrap();
    assert!(result.status.success(), "{}", stderr(&result));
    let written = std::fs::read_to_string(&out).unwrap();
    assert!(written.starts_with("\u{FEFF}姓名,城市,备注\n张伟,北京,'=1+2\n王芳,上海,\n"), "{written:.80}");
    let message = stderr(&result);
    assert!(message.contains("GBK"), "{message}");
    assert!(message.contains("line 3: row has 2 fields"), "{message}");
    assert!(message.contains("40 formula cells neutralized"), "{message}");
}

#[test]
fn encoding_and_delimiter_flags_override_detection() {
    let (latin, _, _) = encoding_rs::WINDOWS_1252.encode("name|city\nJosé|Zürich\n");
    let out = clean_stdin(&latin, &["--encoding", "latin1", "--delimiter", "|"]);
    assert!(out.status.success(), "{}", stderr(&out));
    assert_eq!(String::from_utf8(out.stdout).unwrap(), "\u{FEFF}name,city\nJosé,Zürich\n");
    let out = clean_stdin(b"a\n", &["--encoding", "klingon"]);
    assert_eq!(out.status.code(), Some(1));
    assert!(stderr(&out).contains("unknown encoding"));
}

#[test]
fn no_header_and_row_numbers() {
    let dir = scratch("rownumbers");
    let rejected = dir.join("rejected.csv");
    let out = clean_stdin(b"1,2\n3,4,5\n6,7\n", &["--no-header", "--row-numbers", "--rejected", rejected.to_str().unwrap()]);
    assert!(out.status.success(), "{}", stderr(&out));
    assert_eq!(String::from_utf8(out.stdout).unwrap(), "source_row,column_1,column_2\n1,1,2\n3,6,7\n");
    let rejected = std::fs::read_to_string(rejected).unwrap();
    assert_eq!(rejected, "source_row,source_line,reason,fields...\n2,2,\"row has 3 fields, the header has 2\",3,4,5\n");
}

#[test]
fn clean_writes_issues_and_changes_with_source_rows() {
    let dir = scratch("issues");
    let input = dir.join("crm.csv");
    std::fs::write(
        &input,
        "姓名,邮箱,手机,创建时间\n张 伟,zw@gmial.com,138 0013 8000,2024/1/5\nJOHN SMITH,bad@@x,13912345678,2024年1月5日\n",
    )
    .unwrap();
    let (out, issues, changes) = (dir.join("out.csv"), dir.join("issues.csv"), dir.join("changes.csv"));
    let profile = dir.join("p.json");
    std::fs::write(&profile, r#"{"validate":{"default_region":"CN"}}"#).unwrap();
    let result = bin()
        .arg("clean")
        .arg(&input)
        .arg("--profile")
        .arg(&profile)
        .args(["--out", out.to_str().unwrap(), "--issues", issues.to_str().unwrap(), "--changes", changes.to_str().unwrap()])
        .output()
        .unwrap();
    assert!(result.status.success(), "{}", stderr(&result));
    let out = std::fs::read_to_string(out).unwrap();
    assert_eq!(
        out,
        "\u{FEFF}姓名,邮箱,手机,创建时间\n张伟,zw@gmial.com,+8613800138000,2024-01-05\nJohn Smith,bad@@x,+8613912345678,2024-01-05\n"
    );
    let issues = std::fs::read_to_string(issues).unwrap();
    assert!(issues.starts_with("source_row,column,code,severity,message,message_zh,value,suggestion\n"), "{issues}");
    assert!(issues.contains("1,邮箱,email.domain_typo,warning,"), "{issues}");
    assert!(issues.contains(",zw@gmail.com\n"), "suggestion: {issues}");
    assert!(issues.contains("2,邮箱,email.multiple_at,error,"), "{issues}");
    let changes = std::fs::read_to_string(changes).unwrap();
    assert!(changes.contains("1,姓名,张 伟,张伟,full_name\n"), "{changes}");
    assert!(changes.contains("1,手机,138 0013 8000,+8613800138000,mobile\n"), "{changes}");
    assert!(changes.contains("2,创建时间,2024年1月5日,2024-01-05,date\n"), "{changes}");
}

#[test]
fn infer_prints_a_profile_with_types_and_confidence() {
    let out = {
        let mut child = bin().args(["infer", "-"]).stdin(Stdio::piped()).stdout(Stdio::piped()).stderr(Stdio::piped()).spawn().unwrap();
        child.stdin.take().unwrap().write_all("Email,联系电话,姓名,备注\na@b.com,13800138000,张伟,x\nc@d.org,13912345678,王芳,y\n".as_bytes()).unwrap();
        child.wait_with_output().unwrap()
    };
    assert!(out.status.success(), "{}", stderr(&out));
    let profile: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let types: Vec<(&str, &str)> = profile["columns"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| (c["name"].as_str().unwrap(), c["type"].as_str().unwrap()))
        .collect();
    assert_eq!(types, [("Email", "email"), ("联系电话", "phone"), ("姓名", "full_name"), ("备注", "text")]);
    assert!(profile["columns"][0]["confidence"].as_f64().unwrap() > 0.9);
    assert_eq!(profile["version"], 1);
}

#[test]
fn a_profile_column_type_overrides_inference() {
    let dir = scratch("override");
    let profile = dir.join("p.json");
    std::fs::write(&profile, r#"{"columns":[{"name":"code","type":"text","required":true,"pattern":"[A-Z]{3}"}]}"#).unwrap();
    let issues = dir.join("issues.csv");
    let out = clean_stdin(b"code\nABC\nabcd\n\n", &["--profile", profile.to_str().unwrap(), "--issues", issues.to_str().unwrap()]);
    assert!(out.status.success(), "{}", stderr(&out));
    let issues = std::fs::read_to_string(issues).unwrap();
    assert!(issues.contains("2,code,rule.pattern,error"), "{issues}");
    assert_eq!(issues.lines().count(), 2, "{issues}");
}

/// A small CRM export with two duplicates of John Smith and one of 张伟.
const DUPLICATED: &[u8] = "name,email,phone,company\n\
John Smith,john.smith@gmail.com,+1 415 555 0101,Acme Inc\n\
Ann Lee,ann@lee.org,+1 212 555 0199,Lee LLC\n\
Smith John,johnsmith+crm@gmail.com,(415) 555-0101,ACME\n\
张伟,zhangwei@qq.com,+86 138 0013 8000,字节跳动\n\
Zhang Wei,zhangwei@qq.com,+86 138 0013 8000,北京字节跳动科技有限公司\n\
Bob Stone,bob@stone.com,,Stone Co\n\
J. Smith,john.smith@gmail.com,,Acme\n"
    .as_bytes();

#[test]
fn clean_merges_duplicates_and_writes_duplicates_and_clusters() {
    let dir = scratch("dedupe");
    let (dups, clusters, report) = (dir.join("dups.csv"), dir.join("clusters.csv"), dir.join("report.json"));
    let out = clean_stdin(
        DUPLICATED,
        &[
            "--row-numbers",
            "--duplicates",
            dups.to_str().unwrap(),
            "--clusters",
            clusters.to_str().unwrap(),
            "--report",
            report.to_str().unwrap(),
        ],
    );
    assert!(out.status.success(), "{}", stderr(&out));
    let cleaned = String::from_utf8(out.stdout).unwrap();
    let kept: Vec<&str> = cleaned.lines().skip(1).map(|l| l.trim_start_matches('\u{feff}').split(',').next().unwrap()).collect();
    assert_eq!(kept, ["1", "2", "4", "6"], "survivors keep their input position:\n{cleaned}");
    let dups = std::fs::read_to_string(&dups).unwrap();
    assert!(dups.starts_with("source_row,survivor_row,cluster_id,score,reason,name,email"), "{dups}");
    assert_eq!(dups.lines().count(), 4, "{dups}");
    assert!(dups.lines().any(|l| l.starts_with("3,1,")), "{dups}");
    let clusters = std::fs::read_to_string(&clusters).unwrap();
    assert!(clusters.starts_with("source_row,cluster_id,is_survivor,score,matched_keys"));
    assert_eq!(clusters.lines().count(), 8, "one line per input row:\n{clusters}");
    let report: serde_json::Value = serde_json::from_str(&std::fs::read_to_string(&report).unwrap()).unwrap();
    assert_eq!(report["rows_in"], 7);
    assert_eq!(report["rows_merged"], 3);
    assert_eq!(report["rows_out"], 4);
    assert!(report["dedupe"]["blocking"]["candidate_pairs"].as_u64().unwrap() >= 3);
}

#[test]
fn no_dedupe_keeps_every_row() {
    let out = clean_stdin(DUPLICATED, &["--no-dedupe"]);
    assert!(out.status.success(), "{}", stderr(&out));
    assert_eq!(String::from_utf8(out.stdout).unwrap().lines().count(), 8);
}

#[test]
fn link_finds_each_new_rows_existing_match_across_different_headers() {
    let dir = scratch("link");
    let (existing, new, matches) = (dir.join("existing.csv"), dir.join("new.csv"), dir.join("matches.csv"));
    std::fs::write(&existing, DUPLICATED).unwrap();
    std::fs::write(
        &new,
        "E-mail address,Full name,Mobile\nJOHNSMITH@gmail.com,Smith John,415-555-0101\nnobody@nowhere.org,Nobody Here,+1 999 555 0000\nann@lee.org,Anne Lee,+1 212 555 0199\n",
    )
    .unwrap();
    let out = bin().arg("link").arg(&existing).arg(&new).arg("--out").arg(&matches).output().unwrap();
    assert!(out.status.success(), "{}", stderr(&out));
    let matches = std::fs::read_to_string(&matches).unwrap();
    let lines: Vec<&str> = matches.lines().collect();
    assert_eq!(lines[0].trim_start_matches('\u{feff}'), "source_row_new,source_row_existing,score,explanation");
    assert!(lines[1].starts_with("1,1,") || lines[1].starts_with("1,3,") || lines[1].starts_with("1,7,"), "{matches}");
    assert!(lines[2].starts_with("2,,"), "{matches}");
    assert!(lines[3].starts_with("3,2,"), "{matches}");
}
