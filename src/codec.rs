//! A plain binary framing for the results one worker hands another (see
//! [`crate::validate::split`]): little-endian integers and length-prefixed
//! byte strings, read back with every length checked.
//!
//! The bytes only ever travel between two copies of this module in one
//! browser tab, so there is no need for a general format; but they cross a
//! `postMessage`, so reading them never trusts a length: a short or garbled
//! buffer is an [`Error::Part`], not a panic.

use crate::error::{Error, Result};

/// Where an [`Encoder`] puts its bytes: a `Vec`, a [`Count`] (the size
/// before anything is written), or, in the browser binding, a JavaScript
/// `Uint8Array` written in place (`src/wasm.rs`), so that a 100 MB half of a
/// file is not first built in wasm memory and then copied out of it.
pub trait Sink {
    /// Appends `bytes`.
    fn put(&mut self, bytes: &[u8]);

    /// For a sink that only counts: takes `n` bytes as written without
    /// seeing them (so numbers are not converted only to be counted) and
    /// returns true. Other sinks return false.
    fn skip(&mut self, _n: usize) -> bool {
        false
    }
}

impl Sink for Vec<u8> {
    fn put(&mut self, bytes: &[u8]) {
        self.extend_from_slice(bytes);
    }
}

/// A [`Sink`] that only counts the bytes it is given.
#[derive(Debug, Default)]
pub struct Count {
    /// Bytes so far.
    pub bytes: usize,
}

impl Sink for Count {
    fn put(&mut self, bytes: &[u8]) {
        self.bytes += bytes.len();
    }

    fn skip(&mut self, n: usize) -> bool {
        self.bytes += n;
        true
    }
}

/// Numbers are put this many bytes at a time.
const PIECE: usize = 64 * 1024;

/// Appends values to a byte buffer (or any [`Sink`]).
#[derive(Debug)]
pub struct Encoder<S: Sink = Vec<u8>> {
    bytes: S,
}

impl Default for Encoder {
    fn default() -> Self {
        Encoder { bytes: Vec::new() }
    }
}

impl Encoder {
    /// An empty buffer with room for `capacity` bytes.
    pub fn with_capacity(capacity: usize) -> Self {
        Encoder { bytes: Vec::with_capacity(capacity) }
    }

    /// The bytes written.
    pub fn finish(self) -> Vec<u8> {
        self.bytes
    }
}

impl<S: Sink> Encoder<S> {
    /// Writes into `sink`.
    pub fn new(sink: S) -> Self {
        Encoder { bytes: sink }
    }

    /// The sink, with everything written.
    pub fn into_sink(self) -> S {
        self.bytes
    }

    /// Appends a `u32`.
    pub fn u32(&mut self, value: u32) {
        self.bytes.put(&value.to_le_bytes());
    }

    /// Appends a length (as a `u64`, so a 4 GiB text is not cut short).
    pub fn len(&mut self, value: usize) {
        self.bytes.put(&(value as u64).to_le_bytes());
    }

    /// Appends a `u64`.
    pub fn u64(&mut self, value: u64) {
        self.bytes.put(&value.to_le_bytes());
    }

    /// Appends `bytes`, preceded by their length.
    pub fn bytes(&mut self, bytes: &[u8]) {
        self.len(bytes.len());
        self.bytes.put(bytes);
    }

    /// Appends `values`, preceded by their count.
    pub fn u32s(&mut self, values: &[u32]) {
        self.len(values.len());
        self.numbers(values, u32::to_le_bytes);
    }

    /// Appends `values`, preceded by their count.
    pub fn u64s(&mut self, values: &[u64]) {
        self.len(values.len());
        self.numbers(values, u64::to_le_bytes);
    }

    /// Puts numbers a piece at a time (one call per number would be one
    /// JavaScript call per number for a `Uint8Array` sink).
    fn numbers<T: Copy, const N: usize>(&mut self, values: &[T], le: fn(T) -> [u8; N]) {
        if self.bytes.skip(values.len() * N) {
            return;
        }
        let mut piece = vec![0; PIECE.min(values.len() * N)];
        for group in values.chunks(PIECE / N) {
            for (slot, &value) in piece.chunks_exact_mut(N).zip(group) {
                slot.copy_from_slice(&le(value));
            }
            self.bytes.put(&piece[..group.len() * N]);
        }
    }
}

/// Where encoded bytes are read from, for the decoding that goes through
/// [`Input`]: a [`Decoder`] over a slice, or in the browser binding a
/// JavaScript `Uint8Array` read in place (`src/wasm.rs`).
pub trait Input {
    /// Bytes not read yet.
    fn remaining(&self) -> usize;

    /// Reads the next `into.len()` bytes into `into`.
    fn take_into(&mut self, into: &mut [u8]) -> Result<()>;

    /// Reads a `u32`.
    fn u32(&mut self) -> Result<u32> {
        let mut word = [0; 4];
        self.take_into(&mut word)?;
        Ok(u32::from_le_bytes(word))
    }

    /// Reads a `u64`.
    fn u64(&mut self) -> Result<u64> {
        let mut word = [0; 8];
        self.take_into(&mut word)?;
        Ok(u64::from_le_bytes(word))
    }

    /// Reads a length of things `unit` bytes long each, refusing one longer
    /// than the bytes left (so a garbled length cannot make the reader
    /// reserve gigabytes).
    fn count(&mut self, unit: usize) -> Result<usize> {
        let n = usize::try_from(self.u64()?).map_err(|_| short())?;
        if n.checked_mul(unit).is_none_or(|bytes| bytes > self.remaining()) {
            return Err(short());
        }
        Ok(n)
    }

    /// Reads a length-prefixed UTF-8 string.
    fn text(&mut self) -> Result<String> {
        let (n, mut text) = (self.count(1)?, String::new());
        self.read_text(n, &mut text, &mut Vec::new())?;
        Ok(text)
    }

    /// Appends the next `n` bytes, which must be UTF-8 (checked with
    /// `simdutf8`), to `text`, through `scratch`. On an error `text` is as it was.
    fn read_text(&mut self, n: usize, text: &mut String, scratch: &mut Vec<u8>) -> Result<()> {
        let piece = room(scratch, n);
        self.take_into(piece)?;
        text.push_str(simdutf8::basic::from_utf8(piece).map_err(|_| not_utf8())?);
        Ok(())
    }

    /// Reads `n` values of what [`Encoder::u32s`] wrote (after their
    /// [`Input::count`]), calling `each` on each in turn (through `scratch`)
    /// and stopping at its first error.
    fn read_u32s(&mut self, n: usize, scratch: &mut Vec<u8>, mut each: impl FnMut(u32) -> Result<()>) -> Result<()> {
        let mut left = n;
        while left > 0 {
            let group = left.min(PIECE / 4);
            let piece = room(scratch, group * 4);
            self.take_into(piece)?;
            for word in piece.chunks_exact(4) {
                each(u32::from_le_bytes([word[0], word[1], word[2], word[3]]))?;
            }
            left -= group;
        }
        Ok(())
    }

    /// Reads what [`Encoder::u64s`] wrote.
    fn u64_list(&mut self) -> Result<Vec<u64>> {
        let n = self.count(8)?;
        let mut bytes = vec![0; n * 8];
        self.take_into(&mut bytes)?;
        Ok(bytes.chunks_exact(8).map(|w| u64::from_le_bytes([w[0], w[1], w[2], w[3], w[4], w[5], w[6], w[7]])).collect())
    }

    /// Fails unless every byte was read: trailing bytes mean the two sides disagree on the format.
    fn check_end(&self) -> Result<()> {
        match self.remaining() {
            0 => Ok(()),
            n => Err(Error::Part(format!("{n} bytes are left over"))),
        }
    }
}

impl Input for Decoder<'_> {
    fn remaining(&self) -> usize {
        self.rest.len()
    }

    fn take_into(&mut self, into: &mut [u8]) -> Result<()> {
        into.copy_from_slice(self.take(into.len())?);
        Ok(())
    }

    /// Without the copy through `scratch`: the text is checked where it lies.
    fn read_text(&mut self, n: usize, text: &mut String, _scratch: &mut Vec<u8>) -> Result<()> {
        text.push_str(simdutf8::basic::from_utf8(self.take(n)?).map_err(|_| not_utf8())?);
        Ok(())
    }
}

/// Reads values back in the order an [`Encoder`] wrote them.
#[derive(Debug)]
pub struct Decoder<'a> {
    rest: &'a [u8],
}

/// The first `n` bytes of `scratch`, grown (and zeroed) only past its
/// length: a buffer reused for every column is not cleared for each.
fn room(scratch: &mut Vec<u8>, n: usize) -> &mut [u8] {
    if scratch.len() < n {
        scratch.resize(n, 0);
    }
    &mut scratch[..n]
}

fn not_utf8() -> Error {
    Error::Part("a text is not UTF-8".into())
}

fn short() -> Error {
    Error::Part("it ends too early".into())
}

impl<'a> Decoder<'a> {
    /// Reads from the start of `bytes`.
    pub fn new(bytes: &'a [u8]) -> Self {
        Decoder { rest: bytes }
    }

    fn take(&mut self, n: usize) -> Result<&'a [u8]> {
        if self.rest.len() < n {
            return Err(short());
        }
        let (head, tail) = self.rest.split_at(n);
        self.rest = tail;
        Ok(head)
    }

    /// Reads a `u32` ([`Input::u32`]).
    pub fn u32(&mut self) -> Result<u32> {
        Input::u32(self)
    }

    /// Reads a length ([`Input::count`]).
    pub fn len(&mut self, unit: usize) -> Result<usize> {
        self.count(unit)
    }

    /// Reads a length-prefixed byte string.
    pub fn bytes(&mut self) -> Result<&'a [u8]> {
        let n = self.len(1)?;
        self.take(n)
    }

    /// Reads a length-prefixed UTF-8 string ([`Input::text`]). The check
    /// is `simdutf8`'s: a part carries its columns' whole texts (100 MB for a
    /// million rows), and the main worker checks them while the other worker waits.
    pub fn string(&mut self) -> Result<String> {
        self.text()
    }

    /// Reads what [`Encoder::u32s`] wrote.
    pub fn u32s(&mut self) -> Result<Vec<u32>> {
        let n = self.len(4)?;
        let bytes = self.take(n * 4)?;
        Ok(bytes.chunks_exact(4).map(|w| u32::from_le_bytes([w[0], w[1], w[2], w[3]])).collect())
    }

    /// Fails unless every byte was read ([`Input::check_end`]).
    pub fn end(self) -> Result<()> {
        self.check_end()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn values_round_trip() {
        let mut out = Encoder::default();
        out.u32(7);
        out.bytes("张伟".as_bytes());
        out.u32s(&[1, 2, u32::MAX]);
        out.u64s(&[5, u64::MAX]);
        out.len(3);
        let bytes = out.finish();
        let mut input = Decoder::new(&bytes);
        assert_eq!(input.u32().unwrap(), 7);
        assert_eq!(input.string().unwrap(), "张伟");
        assert_eq!(input.u32s().unwrap(), [1, 2, u32::MAX]);
        assert_eq!(Input::u64_list(&mut input).unwrap(), [5, u64::MAX]);
        // A length is checked against the bytes left: 3 of nothing is too long.
        assert!(input.len(1).is_err());
    }

    #[test]
    fn every_cut_short_buffer_is_an_error() {
        let mut out = Encoder::default();
        out.bytes(b"abc");
        out.u32s(&[4, 5]);
        let bytes = out.finish();
        for cut in 0..bytes.len() {
            let mut input = Decoder::new(&bytes[..cut]);
            let read = input.bytes().and_then(|_| input.u32s());
            assert!(read.is_err(), "cut at {cut}");
        }
        let mut input = Decoder::new(&bytes);
        input.bytes().unwrap();
        input.u32s().unwrap();
        input.end().unwrap();
    }

    #[test]
    fn any_sink_gets_the_same_bytes_and_input_reads_them_back() {
        let ends: Vec<u32> = (0..40_000).map(|i| i * 3).collect();
        let write = |out: &mut Encoder<Vec<u8>>| {
            out.bytes("张伟".as_bytes());
            out.u32s(&ends);
            out.u64s(&[9, 10]);
        };
        let mut plain = Encoder::default();
        write(&mut plain);
        let bytes = plain.finish();
        let mut counted = Encoder::new(Count::default());
        counted.bytes("张伟".as_bytes());
        counted.u32s(&ends);
        counted.u64s(&[9, 10]);
        assert_eq!(counted.into_sink().bytes, bytes.len());
        let mut input = Decoder::new(&bytes);
        let (mut text, mut scratch, mut read) = (String::from("王"), Vec::new(), Vec::new());
        let n = input.count(1).unwrap();
        input.read_text(n, &mut text, &mut scratch).unwrap();
        assert_eq!(text, "王张伟");
        let n = input.count(4).unwrap();
        input.read_u32s(n, &mut scratch, |v| {
            read.push(v);
            Ok(())
        }).unwrap();
        assert_eq!(read, ends);
        assert_eq!(input.u64_list().unwrap(), [9, 10]);
        input.check_end().unwrap();
        // Cut anywhere: an error, and a text appended to stays as it was.
        for cut in [0, 5, 9, 20, bytes.len() - 1] {
            let mut input = Decoder::new(&bytes[..cut]);
            let mut text = String::from("王");
            let read = input.count(1).and_then(|n| input.read_text(n, &mut text, &mut scratch));
            let read = read.and_then(|()| input.count(4)).and_then(|n| input.read_u32s(n, &mut scratch, |_| Ok(())));
            assert!(read.is_err() || input.u64_list().is_err(), "cut at {cut}");
            assert!(text == "王" || text == "王张伟");
        }
    }

    /// An input that only copies, as the browser binding's does.
    struct Copying<'a>(Decoder<'a>);

    impl Input for Copying<'_> {
        fn remaining(&self) -> usize {
            self.0.remaining()
        }

        fn take_into(&mut self, into: &mut [u8]) -> Result<()> {
            self.0.take_into(into)
        }
    }

    #[test]
    fn a_copying_input_reuses_its_scratch_without_stale_bytes() {
        let texts = ["a longer text, 张伟", "short", "", "longer again than the first one"];
        let mut out = Encoder::default();
        texts.iter().for_each(|t| out.bytes(t.as_bytes()));
        out.u32s(&[1, 2, 3]);
        let bytes = out.finish();
        let (mut input, mut scratch) = (Copying(Decoder::new(&bytes)), Vec::new());
        for expected in texts {
            let (n, mut text) = (input.count(1).unwrap(), String::new());
            input.read_text(n, &mut text, &mut scratch).unwrap();
            assert_eq!(text, expected);
        }
        let (n, mut read) = (input.count(4).unwrap(), Vec::new());
        input.read_u32s(n, &mut scratch, |v| {
            read.push(v);
            Ok(())
        }).unwrap();
        assert_eq!(read, [1, 2, 3]);
        input.check_end().unwrap();
    }

    #[test]
    fn a_huge_length_is_refused_before_anything_is_reserved() {
        let mut bytes = u64::MAX.to_le_bytes().to_vec();
        bytes.extend_from_slice(b"xy");
        assert!(Decoder::new(&bytes).u32s().is_err());
        assert!(Decoder::new(&bytes).bytes().is_err());
    }
}
