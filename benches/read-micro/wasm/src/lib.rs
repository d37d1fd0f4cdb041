//! `load(bytes)` keeps a file in wasm memory; `read(chunk, hint)` reads it with
//! `crm_cleaner::Reader`, pushed `chunk` bytes at a time as the page does, and
//! returns the number of rows, so that only the read is timed (`hint`: tell
//! the reader the size first, `Reader::size_hint`).

use std::cell::RefCell;

use crm_cleaner::{ReadOptions, Reader};
use wasm_bindgen::prelude::*;

thread_local! {
    static DATA: RefCell<Vec<u8>> = const { RefCell::new(Vec::new()) };
}

#[wasm_bindgen]
pub fn load(bytes: &[u8]) {
    DATA.with(|data| *data.borrow_mut() = bytes.to_vec());
}

#[wasm_bindgen]
pub fn read(chunk: usize, hint: bool) -> f64 {
    DATA.with(|data| {
        let data = data.borrow();
        let mut reader = Reader::new(ReadOptions::default());
        if hint {
            reader.size_hint(data.len() as u64);
        }
        for piece in data.chunks(chunk.max(1)) {
            reader.push(piece).expect("push");
        }
        let out = reader.finish().expect("finish");
        out.table.rows() as f64
    })
}

/// Bytes of wasm memory (it only ever grows: after a read, the peak).
#[wasm_bindgen]
pub fn memory_bytes() -> f64 {
    (core::arch::wasm32::memory_size(0) * 65536) as f64
}
