//! `crm-cleaner check` and the wasm `validate` must give the same answers:
//! this test runs the CLI over `tests/data/check-corpus.tsv` and compares with
//! `tests/data/check-expected.jsonl`, which `tests/wasm.rs` checks the wasm
//! `validate` against in Chromium. Set `UPDATE_CHECK_EXPECTED=1` to rewrite
//! the expected file after a deliberate change (and review the diff).

#![cfg(not(target_arch = "wasm32"))]

use std::io::Write;
use std::process::{Command, Stdio};

const CORPUS: &str = include_str!("data/check-corpus.tsv");
const EXPECTED: &str = "tests/data/check-expected.jsonl";

fn check(kind: &str, values: &[&str]) -> Vec<serde_json::Value> {
    let mut child = Command::new(env!("CARGO_BIN_EXE_crm-cleaner"))
        .args(["check", kind, "--region", "CN"])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .spawn()
        .unwrap();
    let mut stdin = child.stdin.take().unwrap();
    for value in values {
        writeln!(stdin, "{value}").unwrap();
    }
    drop(stdin);
    let out = child.wait_with_output().unwrap();
    assert!(out.status.success());
    String::from_utf8(out.stdout).unwrap().lines().map(|l| serde_json::from_str(l).unwrap()).collect()
}

#[test]
fn cli_check_matches_the_shared_expectations() {
    let mut lines = Vec::new();
    for entry in CORPUS.lines() {
        let (kind, value) = entry.split_once('\t').unwrap();
        let mut answer = check(kind, &[value]).remove(0);
        answer["type"] = kind.into();
        lines.push(serde_json::to_string(&answer).unwrap());
    }
    let actual = lines.join("\n") + "\n";
    if std::env::var_os("UPDATE_CHECK_EXPECTED").is_some() {
        std::fs::write(EXPECTED, &actual).unwrap();
    }
    let expected = std::fs::read_to_string(EXPECTED).unwrap();
    for (a, e) in actual.lines().zip(expected.lines()) {
        assert_eq!(a, e);
    }
    assert_eq!(actual.lines().count(), expected.lines().count());
}

#[test]
fn check_reads_many_lines_and_answers_each() {
    let answers = check("email", &["a@b.com", "bad", "c@d.org"]);
    let valid: Vec<bool> = answers.iter().map(|a| a["valid"].as_bool().unwrap()).collect();
    assert_eq!(valid, [true, false, true]);
}
