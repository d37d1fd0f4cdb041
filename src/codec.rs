//! A plain binary framing for the results one worker hands another (see
//! [`crate::validate::split`]): little-endian integers and length-prefixed
//! byte strings, read back with every length checked.
//!
//! The bytes only ever travel between two copies of this module in one
//! browser tab, so there is no need for a general format; but they cross a
//! `postMessage`, so reading them never trusts a length: a short or garbled
//! buffer is an [`Error::Part`], not a panic.

use crate::error::{Error, Result};

/// Appends values to a byte buffer.
#[derive(Debug, Default)]
pub struct Encoder {
    bytes: Vec<u8>,
}

impl Encoder {
    /// An empty buffer with room for `capacity` bytes.
    pub fn with_capacity(capacity: usize) -> Self {
        Encoder { bytes: Vec::with_capacity(capacity) }
    }

    /// Appends a `u32`.
    pub fn u32(&mut self, value: u32) {
        self.bytes.extend_from_slice(&value.to_le_bytes());
    }

    /// Appends a length (as a `u64`, so a 4 GiB text is not cut short).
    pub fn len(&mut self, value: usize) {
        self.bytes.extend_from_slice(&(value as u64).to_le_bytes());
    }

    /// Appends `bytes`, preceded by their length.
    pub fn bytes(&mut self, bytes: &[u8]) {
        self.len(bytes.len());
        self.bytes.extend_from_slice(bytes);
    }

    /// Appends `values`, preceded by their count.
    pub fn u32s(&mut self, values: &[u32]) {
        self.len(values.len());
        self.bytes.reserve(values.len() * 4);
        values.iter().for_each(|v| self.bytes.extend_from_slice(&v.to_le_bytes()));
    }

    /// Appends `values`, preceded by their count.
    pub fn u64s(&mut self, values: &[u64]) {
        self.len(values.len());
        self.bytes.reserve(values.len() * 8);
        values.iter().for_each(|v| self.bytes.extend_from_slice(&v.to_le_bytes()));
    }

    /// The bytes written.
    pub fn finish(self) -> Vec<u8> {
        self.bytes
    }
}

/// Reads values back in the order an [`Encoder`] wrote them.
#[derive(Debug)]
pub struct Decoder<'a> {
    rest: &'a [u8],
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

    /// Reads a `u32`.
    pub fn u32(&mut self) -> Result<u32> {
        let mut word = [0; 4];
        word.copy_from_slice(self.take(4)?);
        Ok(u32::from_le_bytes(word))
    }

    /// Reads a length, refusing one longer than the bytes left (so a garbled
    /// length cannot make the reader reserve gigabytes).
    pub fn len(&mut self, unit: usize) -> Result<usize> {
        let mut word = [0; 8];
        word.copy_from_slice(self.take(8)?);
        let n = usize::try_from(u64::from_le_bytes(word)).map_err(|_| short())?;
        if n.checked_mul(unit).is_none_or(|bytes| bytes > self.rest.len()) {
            return Err(short());
        }
        Ok(n)
    }

    /// Reads a length-prefixed byte string.
    pub fn bytes(&mut self) -> Result<&'a [u8]> {
        let n = self.len(1)?;
        self.take(n)
    }

    /// Reads a length-prefixed UTF-8 string. The check is `simdutf8`'s: a
    /// part carries its columns' whole texts (100 MB for a million rows),
    /// and the main worker checks them while the other worker waits.
    pub fn string(&mut self) -> Result<String> {
        let bytes = self.bytes()?;
        simdutf8::basic::from_utf8(bytes).map(str::to_owned).map_err(|_| Error::Part("a text is not UTF-8".into()))
    }

    /// Reads what [`Encoder::u32s`] wrote.
    pub fn u32s(&mut self) -> Result<Vec<u32>> {
        let n = self.len(4)?;
        let bytes = self.take(n * 4)?;
        Ok(bytes.chunks_exact(4).map(|w| u32::from_le_bytes([w[0], w[1], w[2], w[3]])).collect())
    }

    /// The bytes of what [`Encoder::u32s`] wrote, four per value, for a
    /// caller that reads them as it copies them (a column's cell ends).
    pub fn u32_bytes(&mut self) -> Result<&'a [u8]> {
        let n = self.len(4)?;
        self.take(n * 4)
    }

    /// Reads what [`Encoder::u64s`] wrote.
    pub fn u64s(&mut self) -> Result<Vec<u64>> {
        let n = self.len(8)?;
        let bytes = self.take(n * 8)?;
        Ok(bytes.chunks_exact(8).map(|w| u64::from_le_bytes([w[0], w[1], w[2], w[3], w[4], w[5], w[6], w[7]])).collect())
    }

    /// Fails unless every byte was read: trailing bytes mean the two sides disagree on the format.
    pub fn end(self) -> Result<()> {
        if self.rest.is_empty() {
            Ok(())
        } else {
            Err(Error::Part(format!("{} bytes are left over", self.rest.len())))
        }
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
        assert_eq!(input.u64s().unwrap(), [5, u64::MAX]);
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
    fn a_huge_length_is_refused_before_anything_is_reserved() {
        let mut bytes = u64::MAX.to_le_bytes().to_vec();
        bytes.extend_from_slice(b"xy");
        assert!(Decoder::new(&bytes).u32s().is_err());
        assert!(Decoder::new(&bytes).bytes().is_err());
    }
}
