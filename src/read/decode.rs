//! Decoding: bytes in whatever encoding the file was saved in → UTF-8 text.
//!
//! CRM exports arrive as UTF-8 (with or without BOM), UTF-16 (Excel's
//! "Unicode text"), GBK/GB18030 (what Chinese Excel writes as "CSV"), Big5,
//! Shift_JIS, EUC-KR or a Windows code page. The encoding is taken from the
//! profile when given, else from a BOM, else UTF-8 when the sample is valid
//! UTF-8, else `chardetng`'s guess. Decoding is `encoding_rs`, which keeps a
//! character split between two chunks whole. Bytes that are not valid in the
//! chosen encoding become U+FFFD and are reported by offset, so the reader can
//! name their line; they never stop the run.

use chardetng::{EncodingDetector, Iso2022JpDetection, Utf8Detection};
use encoding_rs::{Decoder, DecoderResult, Encoding, UTF_16BE, UTF_16LE, UTF_8};

use crate::error::{Error, Result};

/// The replacement character, for bytes that are not valid in the encoding.
const REPLACEMENT: &[u8] = "\u{FFFD}".as_bytes();

/// Looks an encoding up by any of its WHATWG labels (`gbk`, `utf-16le`,
/// `latin1`, `shift_jis`...), refusing the ones that cannot decode a file.
pub fn encoding_for_label(label: &str) -> Result<&'static Encoding> {
    match Encoding::for_label_no_replacement(label.trim().as_bytes()) {
        Some(encoding) if encoding != encoding_rs::X_USER_DEFINED => Ok(encoding),
        _ => Err(Error::Profile(format!(
            "unknown encoding {label:?} (try utf-8, gbk, gb18030, big5, shift_jis, euc-kr, utf-16le, utf-16be, windows-1252)"
        ))),
    }
}

/// Finds the length of the first bytes that decide the encoding: the
/// shortest prefix with enough non-ASCII bytes to tell encodings apart (and
/// at least 64 KiB), or 1 MiB of mostly ASCII, after which waiting is
/// pointless. Because the prefix depends only on the bytes, the same file is
/// decoded the same way however it is chunked. The scan resumes where it
/// stopped, so pushing a file byte by byte stays linear.
#[derive(Debug, Clone, Copy, Default)]
pub struct PrefixScan {
    scanned: usize,
    non_ascii: usize,
}

impl PrefixScan {
    const ENOUGH_NON_ASCII: usize = 4096;
    const MIN: usize = 64 * 1024;
    const MAX: usize = 1024 * 1024;

    /// Looks at the bytes of `sample` not seen yet; `Some(length)` once the
    /// deciding prefix is complete.
    pub fn advance(&mut self, sample: &[u8]) -> Option<usize> {
        let end = sample.len().min(Self::MAX);
        for (i, b) in sample.iter().enumerate().take(end).skip(self.scanned) {
            self.non_ascii += usize::from(!b.is_ascii());
            if i + 1 >= Self::MIN && self.non_ascii >= Self::ENOUGH_NON_ASCII {
                self.scanned = i + 1;
                return Some(i + 1);
            }
        }
        self.scanned = end;
        (sample.len() >= Self::MAX).then_some(Self::MAX)
    }
}

/// [`PrefixScan`] over a whole sample at once.
pub fn deciding_prefix(sample: &[u8]) -> Option<usize> {
    PrefixScan::default().advance(sample)
}

/// Whether a sample that is not valid UTF-8 is still UTF-8 with a few bad
/// bytes: one stray byte must not turn a whole Chinese file into mojibake.
fn mostly_utf8(sample: &[u8]) -> bool {
    let (mut multibyte, mut invalid, mut rest) = (0usize, 0usize, sample);
    loop {
        match std::str::from_utf8(rest) {
            Ok(text) => {
                multibyte += text.chars().filter(|c| !c.is_ascii()).count();
                break;
            }
            Err(e) => {
                let (valid, after) = rest.split_at(e.valid_up_to());
                multibyte += std::str::from_utf8(valid).map_or(0, |t| t.chars().filter(|c| !c.is_ascii()).count());
                let Some(bad) = e.error_len() else { break };
                invalid += 1;
                rest = &after[bad..];
            }
        }
    }
    multibyte >= 8 && invalid * 10 <= multibyte
}

/// Guesses the encoding of the first bytes of a file. `eof` says the sample is the whole file.
pub fn detect(sample: &[u8], eof: bool) -> &'static Encoding {
    if let Some((encoding, _)) = Encoding::for_bom(sample) {
        return encoding;
    }
    if let Some(encoding) = utf16_without_bom(sample) {
        return encoding;
    }
    match std::str::from_utf8(sample) {
        Ok(_) => return UTF_8,
        // An incomplete character at the end of a partial sample is not an error.
        Err(e) if e.error_len().is_none() && !eof => return UTF_8,
        Err(_) if mostly_utf8(sample) => return UTF_8,
        Err(_) => {}
    }
    let mut detector = EncodingDetector::new(Iso2022JpDetection::Deny);
    detector.feed(sample, eof);
    detector.guess(None, Utf8Detection::Deny)
}

/// UTF-16 saved without a BOM shows as a NUL byte beside nearly every ASCII one.
fn utf16_without_bom(sample: &[u8]) -> Option<&'static Encoding> {
    let pairs = sample.len().min(4096) / 2;
    if pairs < 8 {
        return None;
    }
    let (mut even, mut odd) = (0, 0);
    for pair in sample[..pairs * 2].chunks_exact(2) {
        even += usize::from(pair[0] == 0);
        odd += usize::from(pair[1] == 0);
    }
    if odd * 10 >= pairs * 7 && even * 10 < pairs {
        Some(UTF_16LE)
    } else if even * 10 >= pairs * 7 && odd * 10 < pairs {
        Some(UTF_16BE)
    } else {
        None
    }
}

/// A streaming decoder to UTF-8 that replaces and reports malformed bytes.
#[derive(Debug)]
pub struct TextDecoder {
    decoder: Decoder,
    /// encoding_rs panics if a decoder is used after its last call.
    ended: bool,
}

impl TextDecoder {
    /// A decoder for `encoding`. With `sniff_bom`, a BOM switches to the encoding it
    /// announces (the detected case); otherwise only this encoding's own BOM is removed.
    pub fn new(encoding: &'static Encoding, sniff_bom: bool) -> Self {
        let decoder = if sniff_bom { encoding.new_decoder() } else { encoding.new_decoder_with_bom_removal() };
        TextDecoder { decoder, ended: false }
    }

    /// A decoder for `encoding` that starts at a record in the middle of a
    /// file (`super::halves`): there a BOM's bytes are a character, not a BOM.
    pub fn mid_file(encoding: &'static Encoding) -> Self {
        TextDecoder { decoder: encoding.new_decoder_without_bom_handling(), ended: false }
    }

    /// The encoding in use (after any BOM).
    pub fn encoding(&self) -> &'static Encoding {
        self.decoder.encoding()
    }

    /// Appends the UTF-8 text of `src` to `out` and the offsets in `out` where
    /// malformed bytes were replaced to `malformed`. `last` ends the stream.
    /// Calls after the last one decode nothing.
    pub fn decode(&mut self, mut src: &[u8], last: bool, out: &mut Vec<u8>, malformed: &mut Vec<usize>) {
        if self.ended {
            return;
        }
        self.ended = last;
        loop {
            let needed = self
                .decoder
                .max_utf8_buffer_length_without_replacement(src.len())
                .unwrap_or(src.len().saturating_mul(3))
                .max(REPLACEMENT.len());
            let start = out.len();
            out.resize(start + needed, 0);
            let (status, read, written) = self.decoder.decode_to_utf8_without_replacement(src, &mut out[start..], last);
            out.truncate(start + written);
            src = &src[read..];
            match status {
                DecoderResult::InputEmpty => return,
                DecoderResult::OutputFull => {}
                DecoderResult::Malformed(..) => {
                    malformed.push(out.len());
                    out.extend_from_slice(REPLACEMENT);
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use encoding_rs::{BIG5, EUC_KR, GB18030, GBK, SHIFT_JIS, WINDOWS_1252};

    const CRM: &str = "客户名称,联系人,手机,地址,备注\n北京科技有限公司,张伟,13800138000,北京市朝阳区建国路88号,重要客户\n上海贸易有限责任公司,王芳,13912345678,上海市浦东新区世纪大道100号,\"需回访,下周\"\n广州实业集团,李娜,020-88889999,广州市天河区体育西路1号,新客户\n";

    fn decode_all(bytes: &[u8], encoding: &'static Encoding, chunk: usize) -> (String, Vec<usize>) {
        let mut decoder = TextDecoder::new(encoding, true);
        let (mut out, mut bad) = (Vec::new(), Vec::new());
        for piece in bytes.chunks(chunk.max(1)) {
            decoder.decode(piece, false, &mut out, &mut bad);
        }
        decoder.decode(&[], true, &mut out, &mut bad);
        (String::from_utf8(out).unwrap(), bad)
    }

    /// Traditional Chinese, as a Taiwanese or Hong Kong CRM would hold it (Big5 has no simplified forms).
    const CRM_TRADITIONAL: &str = "客戶名稱,聯絡人,手機,地址\n台北科技股份有限公司,陳志明,0912345678,台北市信義區信義路五段7號\n高雄貿易有限公司,林美玲,0987654321,\"高雄市前鎮區,中山二路\"\n";

    #[test]
    fn detects_chinese_encodings_without_bom() {
        let simplified = CRM.repeat(20);
        let traditional = CRM_TRADITIONAL.repeat(20);
        for (encoding, text) in [(GBK, &simplified), (GB18030, &simplified), (BIG5, &traditional)] {
            let (bytes, _, unmappable) = encoding.encode(text);
            assert!(!unmappable, "test text must fit {}", encoding.name());
            let detected = detect(&bytes, true);
            assert!(detected == encoding || (encoding == GB18030 && detected == GBK), "{} → {}", encoding.name(), detected.name());
            assert!(decode_all(&bytes, detected, 7).0 == *text, "{} round trip", encoding.name());
        }
    }

    #[test]
    fn detects_japanese_korean_and_western() {
        let cases = [
            (SHIFT_JIS, "氏名,会社\n山田太郎,株式会社東京\n佐藤花子,大阪商事株式会社\n".repeat(30)),
            (EUC_KR, "이름,회사\n김민수,서울전자주식회사\n이영희,부산무역\n".repeat(30)),
            (WINDOWS_1252, "name,city\nJosé Müller,Zürich\nFrançoise Lefèvre,Besançon\n".repeat(30)),
        ];
        for (encoding, text) in cases {
            let (bytes, _, _) = encoding.encode(&text);
            assert_eq!(detect(&bytes, true), encoding);
            assert_eq!(decode_all(&bytes, encoding, 5).0, text);
        }
    }

    #[test]
    fn boms_and_utf16_without_bom() {
        let text = "name,city\nAnn,北京\n";
        let mut le = vec![0xFF, 0xFE];
        let mut be = vec![0xFE, 0xFF];
        let mut bare_le = Vec::new();
        for unit in text.encode_utf16() {
            le.extend(unit.to_le_bytes());
            be.extend(unit.to_be_bytes());
            bare_le.extend(unit.to_le_bytes());
        }
        assert_eq!(detect(&le, true), UTF_16LE);
        assert_eq!(detect(&be, true), UTF_16BE);
        assert_eq!(detect(&bare_le, true), UTF_16LE);
        for (bytes, encoding) in [(&le, UTF_16LE), (&be, UTF_16BE), (&bare_le, UTF_16LE)] {
            assert_eq!(decode_all(bytes, encoding, 3).0, text);
        }
        let mut utf8_bom = b"\xEF\xBB\xBF".to_vec();
        utf8_bom.extend(text.as_bytes());
        assert_eq!(detect(&utf8_bom, true), UTF_8);
        assert_eq!(decode_all(&utf8_bom, UTF_8, 1).0, text, "BOM removed, split characters kept whole");
    }

    #[test]
    fn partial_utf8_at_the_end_of_a_sample_is_still_utf8() {
        let bytes = "名字".as_bytes();
        assert_eq!(detect(&bytes[..4], false), UTF_8);
    }

    #[test]
    fn malformed_bytes_are_replaced_and_located() {
        let (text, bad) = decode_all(b"ab\xFFc\n\xC3", UTF_8, 2);
        assert_eq!(text, "ab\u{FFFD}c\n\u{FFFD}");
        assert_eq!(bad, [2, 7]);
    }

    #[test]
    fn one_stray_byte_does_not_turn_utf8_into_a_legacy_encoding() {
        let mut bytes = "姓名,城市\n张伟,北京\n王芳,".as_bytes().to_vec();
        bytes.push(0xFF);
        bytes.extend("上海\n李娜,深圳\n".as_bytes());
        assert_eq!(detect(&bytes, true), UTF_8);
    }

    #[test]
    fn deciding_prefix_depends_only_on_the_bytes() {
        assert_eq!(deciding_prefix(&[b'a'; 1000]), None);
        assert_eq!(deciding_prefix(&vec![b'a'; 2 << 20]), Some(1 << 20));
        let mut chinese = "张".repeat(30_000).into_bytes();
        let n = deciding_prefix(&chinese).unwrap();
        assert_eq!(n, 64 * 1024);
        chinese.truncate(n + 10);
        assert_eq!(deciding_prefix(&chinese), Some(n));
        let mut scan = PrefixScan::default();
        let found = (1..=chinese.len()).find_map(|end| scan.advance(&chinese[..end]));
        assert_eq!(found, Some(n), "resuming the scan finds the same prefix");
    }

    #[test]
    fn labels() {
        assert_eq!(encoding_for_label("GBK").unwrap(), GBK);
        assert_eq!(encoding_for_label(" latin1 ").unwrap(), WINDOWS_1252);
        assert!(encoding_for_label("klingon").is_err());
        assert!(encoding_for_label("replacement").is_err());
    }
}
