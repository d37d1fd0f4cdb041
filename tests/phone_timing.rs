//! Native timing of phone validation (not an assertion; ignored by default):
//!
//! ```text
//! cargo test --release --test phone_timing -- --ignored --nocapture
//! ```
//!
//! Prints the cost of the first calls (the metadata decoded, a region's
//! patterns compiled) and the mean, p50 and p99 per call over 100,000
//! mixed CN, US, GB and DE numbers, national and international, valid and
//! not. Uses only the public API, so it runs against any version.

use std::hint::black_box;
use std::time::{Duration, Instant};

use crm_cleaner::validate::phone::{check_phone, PhoneOptions};

/// xorshift64*: the same numbers on every run.
struct Rng(u64);

impl Rng {
    fn below(&mut self, n: u64) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D) % n
    }

    fn digits(&mut self, n: usize) -> String {
        (0..n).map(|_| char::from(b'0' + self.below(10) as u8)).collect()
    }
}

/// One number of `region`, in one of its usual written forms.
fn number(rng: &mut Rng, region: &str) -> String {
    let form = rng.below(3);
    match (region, form) {
        ("CN", 0) => format!("1{}{} {} {}", 3 + rng.below(7), rng.digits(1), rng.digits(4), rng.digits(4)),
        ("CN", 1) => format!("010-{}", rng.digits(8)),
        ("CN", _) => format!("+86 1{}{}", 3 + rng.below(7), rng.digits(9)),
        ("US", 0) => format!("({}{}) {}-{}", 2 + rng.below(8), rng.digits(2), rng.digits(3), rng.digits(4)),
        ("US", 1) => format!("{}{}.{}.{}", 2 + rng.below(8), rng.digits(2), rng.digits(3), rng.digits(4)),
        ("US", _) => format!("+1 {}{} {} {}", 2 + rng.below(8), rng.digits(2), rng.digits(3), rng.digits(4)),
        ("GB", 0) => format!("07{} {}", rng.digits(3), rng.digits(6)),
        ("GB", 1) => format!("020 {} {}", rng.digits(4), rng.digits(4)),
        ("GB", _) => format!("+44 {} {}", rng.digits(4), rng.digits(6)),
        ("DE", 0) => {
            let n = 6 + rng.below(3) as usize;
            format!("030 {}", rng.digits(n))
        }
        ("DE", 1) => format!("015{} {}", 1 + rng.below(9), rng.digits(8)),
        _ => format!("+49 {} {}", rng.digits(3), rng.digits(7)),
    }
}

fn micros(d: Duration) -> f64 {
    d.as_secs_f64() * 1e6
}

#[test]
#[ignore]
fn timing() {
    let options = PhoneOptions::default();
    let mut firsts = Vec::new();
    for (input, region) in [("138 0013 8000", "CN"), ("020 7946 0958", "GB"), ("(650) 253-0000", "US"), ("030 123456", "DE")] {
        let t = Instant::now();
        let info = check_phone(input, Some(region), &options);
        firsts.push(format!("{region} {:.0} µs", micros(t.elapsed())));
        assert!(info.verdict.valid, "{input}");
    }
    let mut rng = Rng(0x9E37_79B9_7F4A_7C15);
    let regions = ["CN", "US", "GB", "DE"];
    let inputs: Vec<(String, &str)> = (0..100_000)
        .map(|i| {
            let region = regions[i % regions.len()];
            (number(&mut rng, region), region)
        })
        .collect();
    let valid = inputs.iter().filter(|(n, r)| check_phone(n, Some(r), &options).verdict.valid).count();
    let mut samples = Vec::with_capacity(inputs.len());
    let all = Instant::now();
    for (input, region) in &inputs {
        let t = Instant::now();
        black_box(check_phone(black_box(input), Some(region), &options));
        samples.push(t.elapsed());
    }
    let mut slowest: Vec<(Duration, &(String, &str))> = samples.iter().copied().zip(&inputs).collect();
    slowest.sort_by_key(|s| std::cmp::Reverse(s.0));
    for (d, (input, region)) in slowest.iter().take(8) {
        println!("slow: {input} in {region}: {:.1} µs", micros(*d));
    }
    let mean = micros(all.elapsed()) / inputs.len() as f64;
    samples.sort();
    let pct = |p: f64| micros(samples[((samples.len() - 1) as f64 * p) as usize]);
    println!("first calls (in this order): {}", firsts.join(", "));
    println!(
        "{} mixed CN/US/GB/DE numbers ({valid} valid): mean {mean:.2} µs, p50 {:.2} µs, p99 {:.2} µs",
        inputs.len(),
        pct(0.5),
        pct(0.99)
    );
}
