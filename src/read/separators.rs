//! Where a chunk's separators are: one bit per byte, set on the bytes that
//! can end or start a field (the delimiter, the quote, `\n` and `\r`).
//!
//! The simple-record splitter used to search for the end of every field
//! with `memchr3`: a call per field of about a dozen bytes, each paying the
//! search's set-up. Marking a whole chunk once, sixteen bytes per SIMD step,
//! and then taking the next set bit made reading the benchmark file 17%
//! faster in Chromium (wasm SIMD128: 687 → 572 ms, `benches/ab.mjs`, six
//! rounds) and no slower natively (where `memchr3` has AVX2).

/// The separators of one chunk, found by [`Separators::index`].
#[derive(Debug, Default)]
pub(crate) struct Separators {
    /// Bit `i % 64` of word `i / 64` is set when byte `i` is a separator.
    bits: Vec<u64>,
}

impl Separators {
    /// Marks the separators of `text` (replacing any earlier chunk's).
    pub(crate) fn index(&mut self, text: &[u8], delimiter: u8, quote: u8) {
        let separators = [delimiter, quote, b'\n', b'\r'];
        self.bits.clear();
        self.bits.reserve(text.len().div_ceil(64));
        let mut blocks = text.chunks_exact(64);
        self.bits.extend((&mut blocks).map(|block| mark_block(block, separators)));
        let rest = blocks.remainder();
        if !rest.is_empty() {
            self.bits.push(mark_bytewise(rest, separators));
        }
    }

    /// The first separator at or after `from`, if any.
    pub(crate) fn next(&self, from: usize) -> Option<usize> {
        let mut word_index = from / 64;
        let mut word = self.bits.get(word_index)? & (u64::MAX << (from % 64));
        while word == 0 {
            word_index += 1;
            word = *self.bits.get(word_index)?;
        }
        Some(word_index * 64 + word.trailing_zeros() as usize)
    }
}

/// Bit `i` set when byte `i` of `bytes` (at most 64) is one of `separators`.
fn mark_bytewise(bytes: &[u8], separators: [u8; 4]) -> u64 {
    bytes.iter().enumerate().filter(|(_, b)| separators.contains(b)).fold(0, |marks, (i, _)| marks | 1 << i)
}

/// Bit `i` set when byte `i` of the 64 bytes of `block` is one of
/// `separators`, with SSE2 (every x86_64 processor has it).
#[cfg(target_arch = "x86_64")]
fn mark_block(block: &[u8], [a, b, c, d]: [u8; 4]) -> u64 {
    use std::arch::x86_64::{_mm_cmpeq_epi8, _mm_loadu_si128, _mm_movemask_epi8, _mm_or_si128, _mm_set1_epi8};
    let mut marks = 0;
    for (i, sixteen) in block.chunks_exact(16).enumerate() {
        // SAFETY: SSE2 is part of x86_64; `sixteen` is 16 readable bytes and
        // the load needs no alignment.
        let hits = unsafe {
            let v = _mm_loadu_si128(sixteen.as_ptr().cast());
            let eq = |byte: u8| _mm_cmpeq_epi8(v, _mm_set1_epi8(byte as i8));
            _mm_movemask_epi8(_mm_or_si128(_mm_or_si128(eq(a), eq(b)), _mm_or_si128(eq(c), eq(d))))
        };
        marks |= (hits as u16 as u64) << (16 * i);
    }
    marks
}

/// [`mark_block`] with WebAssembly SIMD (the batch module is built with it).
#[cfg(all(target_arch = "wasm32", target_feature = "simd128"))]
fn mark_block(block: &[u8], [a, b, c, d]: [u8; 4]) -> u64 {
    use std::arch::wasm32::{u8x16_bitmask, u8x16_eq, u8x16_splat, v128_load, v128_or};
    let mut marks = 0;
    for (i, sixteen) in block.chunks_exact(16).enumerate() {
        // SAFETY: the module is built with SIMD128; `sixteen` is 16 readable
        // bytes and the load needs no alignment.
        let hits = unsafe {
            let v = v128_load(sixteen.as_ptr().cast());
            let eq = |byte: u8| u8x16_eq(v, u8x16_splat(byte));
            u8x16_bitmask(v128_or(v128_or(eq(a), eq(b)), v128_or(eq(c), eq(d))))
        };
        marks |= u64::from(hits) << (16 * i);
    }
    marks
}

/// [`mark_block`] without SIMD (the embed module, other processors).
#[cfg(not(any(target_arch = "x86_64", all(target_arch = "wasm32", target_feature = "simd128"))))]
fn mark_block(block: &[u8], separators: [u8; 4]) -> u64 {
    words::mark_block(block, separators)
}

/// Marking eight bytes at a time in a `u64`, for processors without the SIMD above.
#[cfg(any(test, not(any(target_arch = "x86_64", all(target_arch = "wasm32", target_feature = "simd128")))))]
mod words {
    /// `byte` in every byte of a word.
    const fn splat(byte: u8) -> u64 {
        u64::from_ne_bytes([byte; 8])
    }

    const LOW7: u64 = splat(0x7f);

    /// The high bit of each byte of `word` that is zero, and no other bit
    /// (exact, unlike the shorter `(x - 0x01..) & !x & 0x80..`, which can
    /// also mark a byte after a zero one).
    fn zero_bytes(word: u64) -> u64 {
        !(((word & LOW7).wrapping_add(LOW7)) | word | LOW7)
    }

    /// The high bits of a word's bytes gathered into its low 8 bits, byte 0
    /// first: each moved to bit 0 of its byte, then all eight summed into the
    /// top byte by one multiplication (one bit per byte: no carries).
    fn gather_high_bits(marks: u64) -> u64 {
        ((marks >> 7).wrapping_mul(0x0102_0408_1020_4080) >> 56) & 0xff
    }

    /// As the SIMD `mark_block`s.
    pub(super) fn mark_block(block: &[u8], separators: [u8; 4]) -> u64 {
        let needles = separators.map(splat);
        block.chunks_exact(8).enumerate().fold(0, |marks, (i, eight)| {
            let mut bytes = [0; 8];
            bytes.copy_from_slice(eight);
            // Little-endian: byte 0 lowest, so byte `i`'s mark is bit `i`.
            let word = u64::from_le_bytes(bytes);
            let found = needles.iter().fold(0, |found, &needle| found | zero_bytes(word ^ needle));
            marks | gather_high_bits(found) << (8 * i)
        })
    }

    #[test]
    fn zero_bytes_marks_only_zero_bytes() {
        for value in [0u64, u64::MAX, 0x0100_0000_0000_0001, 0x8000_0000_0000_0080, 0x0001_0000_0100_0000] {
            let expected =
                value.to_le_bytes().iter().enumerate().filter(|(_, &b)| b == 0).fold(0u64, |m, (i, _)| m | 0x80 << (8 * i));
            assert_eq!(zero_bytes(value), expected, "{value:#x}");
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const ALPHABET: &[u8] = b"a,;\"'\n\r\x00\x7f\x80\xff\t ";

    #[test]
    fn every_separator_is_found_in_order_and_nothing_else() {
        let mut below = crate::test_rng::below(7);
        let mut separators = Separators::default();
        for round in 0..2_000 {
            let len = round % 300;
            let text: Vec<u8> = (0..len).map(|_| ALPHABET[below(ALPHABET.len())]).collect();
            let (delimiter, quote) = if round % 2 == 0 { (b',', b'"') } else { (b';', b'\'') };
            separators.index(&text, delimiter, quote);
            let expected: Vec<usize> = (0..len).filter(|&i| [delimiter, quote, b'\n', b'\r'].contains(&text[i])).collect();
            let mut found = Vec::new();
            let mut from = 0;
            while let Some(at) = separators.next(from) {
                found.push(at);
                from = at + 1;
            }
            assert_eq!(found, expected, "{text:?}");
            assert_eq!(separators.next(len), None);
        }
    }

    #[test]
    fn simd_and_word_marking_agree_with_bytewise() {
        let mut below = crate::test_rng::below(11);
        for _ in 0..5_000 {
            let block: Vec<u8> = (0..64).map(|_| ALPHABET[below(ALPHABET.len())]).collect();
            let separators = [b',', b'"', b'\n', b'\r'];
            let expected = mark_bytewise(&block, separators);
            assert_eq!(mark_block(&block, separators), expected, "{block:?}");
            assert_eq!(words::mark_block(&block, separators), expected, "{block:?}");
        }
    }
}
