//! Reads a CSV file with `crm_cleaner::Reader` (pushed in chunks, as the CLI
//! and the browser worker do) and prints the time, the throughput and a
//! digest of everything the read produced, so two builds can be compared for
//! speed and for identical output.
//!
//! Usage: read-micro FILE [CHUNK_BYTES] [REPEATS] [hint]
//! (`hint` tells the reader the file's size first, see `Reader::size_hint`).

use std::hash::{Hash, Hasher};
use std::time::Instant;

use crm_cleaner::{ReadOptions, ReadOutput, Reader};

/// The measured part (`valgrind --tool=callgrind --toggle-collect=read_micro::read`
/// counts the instructions of this function alone).
#[inline(never)]
fn read(bytes: &[u8], chunk: usize, hint: bool) -> ReadOutput {
    let mut reader = Reader::new(ReadOptions::default());
    if hint {
        reader.size_hint(bytes.len() as u64);
    }
    for piece in bytes.chunks(chunk.max(1)) {
        reader.push(piece).expect("push");
    }
    reader.finish().expect("finish")
}

fn main() {
    let mut args = std::env::args().skip(1);
    let path = args.next().expect("usage: read-micro FILE [CHUNK_BYTES] [REPEATS] [hint]");
    let chunk: usize = args.next().map_or(1 << 20, |s| s.parse().expect("chunk size"));
    let repeats: usize = args.next().map_or(1, |s| s.parse().expect("repeats"));
    let hint = args.next().as_deref() == Some("hint");
    let bytes = std::fs::read(&path).expect("reading the file");
    for _ in 0..repeats {
        let start = Instant::now();
        let out = read(&bytes, chunk, hint);
        let secs = start.elapsed().as_secs_f64();
        let mut h = std::collections::hash_map::DefaultHasher::new();
        let t = &out.table;
        for c in t.columns() {
            c.name().hash(&mut h);
            for cell in c.iter() {
                cell.hash(&mut h);
            }
        }
        for r in 0..t.rows() {
            t.source_line(r).hash(&mut h);
        }
        format!("{:?}{:?}{:?}", out.problems, out.rejected, out.header_fixes).hash(&mut h);
        println!(
            "{:.3} s  {:.1} MB/s  rows {}  rejected {}  problems {}  digest {:016x}",
            secs,
            bytes.len() as f64 / secs / 1e6,
            t.rows(),
            out.rejected.len(),
            out.problems.len(),
            h.finish()
        );
    }
}
