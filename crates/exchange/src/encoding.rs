//! Text encodings of CSV files. Thai offices still save CSV from old Excel versions and government
//! systems in TIS-620 / Windows-874, beside UTF-8 with or without a byte-order mark. A file that is
//! valid UTF-8 is read as UTF-8 (Thai text in TIS-620 is almost never valid UTF-8: its bytes 0xA1–0xFB
//! stand alone); anything else is read as Windows-874, a superset of TIS-620.

use encoding_rs::WINDOWS_874;

/// The encoding a file was read in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TextEncoding {
    Utf8,
    Utf8WithBom,
    Windows874,
}

impl TextEncoding {
    pub fn label(self) -> &'static str {
        match self {
            Self::Utf8 => "UTF-8",
            Self::Utf8WithBom => "UTF-8 (BOM)",
            Self::Windows874 => "TIS-620/Windows-874",
        }
    }
}

/// The text of a file and the encoding it was read in.
pub fn decode(bytes: &[u8]) -> (String, TextEncoding) {
    if let Some(rest) = bytes.strip_prefix(b"\xEF\xBB\xBF")
        && let Ok(text) = std::str::from_utf8(rest)
    {
        return (text.to_owned(), TextEncoding::Utf8WithBom);
    }
    if let Ok(text) = std::str::from_utf8(bytes) {
        return (text.to_owned(), TextEncoding::Utf8);
    }
    let (text, _, _) = WINDOWS_874.decode(bytes);
    (text.into_owned(), TextEncoding::Windows874)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn utf8_with_and_without_bom() {
        assert_eq!(decode("ชื่อ".as_bytes()), ("ชื่อ".to_owned(), TextEncoding::Utf8));
        let mut bom = b"\xEF\xBB\xBF".to_vec();
        bom.extend_from_slice("ชื่อ".as_bytes());
        assert_eq!(decode(&bom), ("ชื่อ".to_owned(), TextEncoding::Utf8WithBom));
    }

    #[test]
    fn tis620_is_read_as_windows_874() {
        let (bytes, _, _) = WINDOWS_874.encode("จังหวัดขอนแก่น,๑๒");
        let (text, encoding) = decode(&bytes);
        assert_eq!(text, "จังหวัดขอนแก่น,๑๒");
        assert_eq!(encoding, TextEncoding::Windows874);
    }
}
