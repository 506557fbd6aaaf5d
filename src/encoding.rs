//! Text as offices save it: the bytes of a roster file turned into Unicode text, whatever encoding Excel or an old
//! program wrote it in, and Vietnamese typed with the legacy TCVN3 (ABC) or VNI fonts turned into Unicode letters.
//!
//! - [`decode_file`] — bytes → text: UTF-8 (with or without BOM), UTF-16 (by its BOM, or by its zero bytes),
//!   Windows-1258 (Vietnamese "ANSI") or Windows-1252 (Western "ANSI"), told apart by the bytes only Vietnamese text
//!   uses. A file that was not UTF-8 is read and a notice (`text-encoding`, a warning) says how.
//! - [`legacy_font`] / [`convert_legacy`] — text typed in a TCVN3 or VNI font looks like `§¶ng viªn` or `Ñaûng vieân`
//!   once read; it is recognized by letters no Vietnamese or Western text puts inside a word, and converted line by
//!   line (or cell by cell), leaving lines that already hold Unicode Vietnamese alone. A notice (`legacy-font`, a
//!   warning) says so, with an example, so the user can check the names.
//!
//! The single-byte code pages are tables here (128 characters each) rather than a crate: the app reads files with
//! the same code, and a general decoding crate would add its every encoding to the page. A test checks the tables
//! against `encoding_rs`, byte by byte.

use crate::diag::{Code, Diagnostic, Location};

/// The encoding a file was read in.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum TextEncoding {
    Utf8,
    Utf16Le,
    Utf16Be,
    Windows1258,
    Windows1252,
}

impl TextEncoding {
    /// The name people know it by (and the label a browser's `TextDecoder` takes).
    pub fn label(self) -> &'static str {
        match self {
            TextEncoding::Utf8 => "UTF-8",
            TextEncoding::Utf16Le => "UTF-16LE",
            TextEncoding::Utf16Be => "UTF-16BE",
            TextEncoding::Windows1258 => "Windows-1258",
            TextEncoding::Windows1252 => "Windows-1252",
        }
    }
}

/// A legacy Vietnamese font encoding, typed in single-byte fonts before Unicode.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum LegacyFont {
    /// TCVN 5712 VN3, the ABC fonts (`.VnTime`): one byte per letter.
    Tcvn3,
    /// VNI-Windows (`VNI-Times`): a base letter followed by a mark byte.
    Vni,
}

impl LegacyFont {
    pub fn label(self) -> &'static str {
        match self {
            LegacyFont::Tcvn3 => "TCVN3 (ABC, .VnTime)",
            LegacyFont::Vni => "VNI (VNI-Times)",
        }
    }
}

/// A file's bytes as text, and the notices of how it was read (none for plain UTF-8).
#[derive(Clone, Debug)]
pub struct Decoded {
    pub text: String,
    pub encoding: TextEncoding,
    pub legacy: Option<LegacyFont>,
    pub notices: Vec<Diagnostic>,
}

/// Windows-1252, bytes 0x80–0x9F (0xA0–0xFF are Latin-1). Undefined bytes map to the C1 control of the same value,
/// as browsers do.
const CP1252_HIGH: [u16; 32] = [
    0x20AC, 0x0081, 0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021, 0x02C6, 0x2030, 0x0160, 0x2039, 0x0152, 0x008D,
    0x017D, 0x008F, 0x0090, 0x2018, 0x2019, 0x201C, 0x201D, 0x2022, 0x2013, 0x2014, 0x02DC, 0x2122, 0x0161, 0x203A,
    0x0153, 0x009D, 0x017E, 0x0178,
];

/// Windows-1258, bytes 0x80–0x9F.
const CP1258_HIGH: [u16; 32] = [
    0x20AC, 0x0081, 0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021, 0x02C6, 0x2030, 0x008A, 0x2039, 0x0152, 0x008D,
    0x008E, 0x008F, 0x0090, 0x2018, 0x2019, 0x201C, 0x201D, 0x2022, 0x2013, 0x2014, 0x02DC, 0x2122, 0x009A, 0x203A,
    0x0153, 0x009D, 0x009E, 0x0178,
];

/// Windows-1258, bytes 0xC0–0xFF that differ from Latin-1: Vietnamese letters, the tone marks as combining
/// characters, and the đồng sign.
const CP1258_LETTERS: [(u8, u16); 14] = [
    (0xC3, 0x0102),
    (0xCC, 0x0300),
    (0xD0, 0x0110),
    (0xD2, 0x0309),
    (0xD5, 0x01A0),
    (0xDD, 0x01AF),
    (0xDE, 0x0303),
    (0xE3, 0x0103),
    (0xEC, 0x0301),
    (0xF0, 0x0111),
    (0xF2, 0x0323),
    (0xF5, 0x01A1),
    (0xFD, 0x01B0),
    (0xFE, 0x20AB),
];

fn single_byte(byte: u8, encoding: TextEncoding) -> char {
    let code = match (byte, encoding) {
        (0..=0x7F, _) => byte as u16,
        (0x80..=0x9F, TextEncoding::Windows1258) => CP1258_HIGH[(byte - 0x80) as usize],
        (0x80..=0x9F, _) => CP1252_HIGH[(byte - 0x80) as usize],
        (_, TextEncoding::Windows1258) => {
            CP1258_LETTERS.iter().find(|(b, _)| *b == byte).map(|(_, c)| *c).unwrap_or(byte as u16)
        }
        _ => byte as u16,
    };
    char::from_u32(code as u32).unwrap_or('\u{FFFD}')
}

/// Decode single-byte text.
fn decode_single(bytes: &[u8], encoding: TextEncoding) -> String {
    bytes.iter().map(|b| single_byte(*b, encoding)).collect()
}

fn decode_utf16(bytes: &[u8], little: bool) -> String {
    let units = bytes.chunks(2).map(|pair| {
        let (a, b) = (pair[0], pair.get(1).copied().unwrap_or(0));
        if little { u16::from_le_bytes([a, b]) } else { u16::from_be_bytes([a, b]) }
    });
    char::decode_utf16(units).map(|c| c.unwrap_or('\u{FFFD}')).collect()
}

/// UTF-16 without a BOM: many zero bytes, all on the same side of each pair (a roster is mostly ASCII).
fn utf16_without_bom(bytes: &[u8]) -> Option<bool> {
    let sample = &bytes[..bytes.len().min(4096) & !1];
    if sample.len() < 4 {
        return None;
    }
    let pairs = sample.len() / 2;
    let (mut even, mut odd) = (0, 0);
    for pair in sample.chunks(2) {
        even += (pair[0] == 0) as usize;
        odd += (pair[1] == 0) as usize;
    }
    if odd * 3 > pairs * 2 && even == 0 {
        Some(true)
    } else if even * 3 > pairs * 2 && odd == 0 {
        Some(false)
    } else {
        None
    }
}

/// UTF-8 with a few stray bytes: a Vietnamese letter only Unicode has (three bytes that single-byte text almost never
/// forms by chance), or at least as many valid multi-byte letters as invalid bytes. The offset of the first invalid
/// byte, if so.
fn mostly_utf8(bytes: &[u8]) -> Option<usize> {
    let (mut letters, mut vietnamese, mut invalid, mut first, mut at) = (0usize, 0usize, 0usize, None, 0usize);
    for chunk in bytes.utf8_chunks() {
        letters += chunk.valid().chars().filter(|c| !c.is_ascii()).count();
        vietnamese += chunk.valid().chars().filter(|c| is_unicode_vietnamese(*c)).count();
        at += chunk.valid().len();
        if !chunk.invalid().is_empty() {
            first.get_or_insert(at);
            invalid += chunk.invalid().len();
            at += chunk.invalid().len();
        }
    }
    (vietnamese > 0 || (letters > 0 && letters >= invalid)).then_some(first).flatten()
}

/// Bytes only Windows-1258 Vietnamese uses: Ă ă Đ đ Ơ ơ Ư ư, and the combining tone marks right after a letter.
fn looks_like_1258(bytes: &[u8]) -> bool {
    let letters = [0xC3, 0xE3, 0xD0, 0xF0, 0xD5, 0xF5, 0xDD, 0xFD];
    let tones = [0xCC, 0xEC, 0xD2, 0xDE, 0xF2];
    let mut score = 0;
    for (at, byte) in bytes.iter().enumerate() {
        if letters.contains(byte) {
            score += 1;
        } else if tones.contains(byte) && at > 0 && (bytes[at - 1].is_ascii_alphabetic() || bytes[at - 1] >= 0xC0) {
            score += 2;
        }
    }
    score >= 2
}

/// The bytes of a file as text, with notices: see the module's documentation. Never fails: bytes that are not
/// UTF-8 are read in a single-byte encoding, which every byte has a meaning in, and the notice says which.
pub fn decode_file(bytes: &[u8], file: Option<&str>) -> Decoded {
    let (mut text, encoding) = if let Some(rest) = bytes.strip_prefix(&[0xEF, 0xBB, 0xBF]) {
        (String::from_utf8_lossy(rest).into_owned(), TextEncoding::Utf8)
    } else if let Some(rest) = bytes.strip_prefix(&[0xFF, 0xFE]) {
        (decode_utf16(rest, true), TextEncoding::Utf16Le)
    } else if let Some(rest) = bytes.strip_prefix(&[0xFE, 0xFF]) {
        (decode_utf16(rest, false), TextEncoding::Utf16Be)
    } else if let Ok(text) = std::str::from_utf8(bytes) {
        match utf16_without_bom(bytes) {
            Some(little) => {
                let encoding = if little { TextEncoding::Utf16Le } else { TextEncoding::Utf16Be };
                (decode_utf16(bytes, little), encoding)
            }
            None => (text.to_string(), TextEncoding::Utf8),
        }
    } else if let Some(little) = utf16_without_bom(bytes) {
        let encoding = if little { TextEncoding::Utf16Le } else { TextEncoding::Utf16Be };
        (decode_utf16(bytes, little), encoding)
    } else if let Some(stray) = mostly_utf8(bytes) {
        // UTF-8 text with a few stray bytes (a cell pasted from elsewhere): read as UTF-8, the stray bytes shown as
        // "�", and the first one located, rather than turning every Vietnamese letter into two Western ones.
        let text = String::from_utf8_lossy(bytes).into_owned();
        let before = String::from_utf8_lossy(&bytes[..stray]);
        let location = crate::diag::LineIndex::new(&before).location(file, before.len(), None);
        let notice = Diagnostic::new(
            Code::NotUtf8,
            location,
            "tệp UTF-8 có byte không đọc được (bắt đầu từ đây), đã thay bằng «�»: hãy sửa ô này hoặc lưu lại dưới dạng UTF-8 (trong Excel: \"CSV UTF-8\")",
            "the UTF-8 file has bytes that cannot be read (from here on), shown as «�»: correct the cell or save it again as UTF-8 (in Excel: \"CSV UTF-8\")",
        );
        return Decoded { text, encoding: TextEncoding::Utf8, legacy: None, notices: vec![notice] };
    } else {
        // Text typed in a legacy font and saved as "ANSI" is Windows-1252 bytes; read it so, then convert.
        let western = decode_single(bytes, TextEncoding::Windows1252);
        if legacy_font(western.lines()).is_none() && looks_like_1258(bytes) {
            (decode_single(bytes, TextEncoding::Windows1258), TextEncoding::Windows1258)
        } else {
            (western, TextEncoding::Windows1252)
        }
    };
    if has_tone_mark(&text) {
        text = compose(&text);
    }
    let mut notices = Vec::new();
    if encoding != TextEncoding::Utf8 {
        let name = encoding.label();
        notices.push(Diagnostic::new(
            Code::TextEncoding,
            Location::in_file(file),
            format!("tệp không phải UTF-8: đã đọc theo bảng mã {name} và chuyển sang Unicode; hãy kiểm tra tên người"),
            format!("the file is not UTF-8: it was read as {name} and converted to Unicode; check the names"),
        ));
    }
    let legacy = legacy_font(text.lines());
    if let Some(font) = legacy {
        let mut example = None;
        let converted: Vec<String> = text
            .split('\n')
            .map(|line| {
                let new = convert_legacy(line, font);
                if example.is_none() && new != line {
                    example = Some(first_changed_word(line, &new));
                }
                new
            })
            .collect();
        text = converted.join("\n");
        notices.push(legacy_notice(font, file, example));
    }
    Decoded { text, encoding, legacy, notices }
}

/// Does the text hold a combining tone mark (U+0300, U+0301, U+0303, U+0309, U+0323)? Each is `0xCC` then its
/// second byte in UTF-8, so the bytes are searched, not the characters (a roster is hundreds of megabytes).
fn has_tone_mark(text: &str) -> bool {
    // Text in composed form has no `0xCC` at all: that is found by `memchr`, many bytes at a time.
    memchr::memchr(0xCC, text.as_bytes()).is_some()
        && text
            .as_bytes()
            .split(|&b| b == 0xCC)
            .skip(1)
            .any(|after| matches!(after.first(), Some(0x80 | 0x81 | 0x83 | 0x89 | 0xA3)))
}

/// The first word that changed, before and after: `§¶ng → Đảng`.
fn first_changed_word(old: &str, new: &str) -> (String, String) {
    let split = |s: &str| s.split([' ', ',', ';', '\t']).map(str::to_string).collect::<Vec<_>>();
    let (old_words, new_words) = (split(old), split(new));
    old_words
        .iter()
        .zip(&new_words)
        .find(|(a, b)| a != b)
        .map(|(a, b)| (a.clone(), b.clone()))
        .unwrap_or_else(|| (old.to_string(), new.to_string()))
}

fn legacy_notice(font: LegacyFont, file: Option<&str>, example: Option<(String, String)>) -> Diagnostic {
    let name = font.label();
    let (vi_example, en_example) = match example {
        Some((old, new)) => (format!(" (ví dụ: «{old}» → «{new}»)"), format!(" (for example «{old}» → «{new}»)")),
        None => (String::new(), String::new()),
    };
    Diagnostic::new(
        Code::LegacyFont,
        Location::in_file(file),
        format!(
            "chữ trong tệp được gõ bằng bảng mã cũ {name} và đã được chuyển sang Unicode{vi_example}; hãy kiểm tra tên người"
        ),
        format!(
            "the text was typed in the legacy {name} encoding and has been converted to Unicode{en_example}; check the names"
        ),
    )
}

/// Convert the cells of rows already split (a workbook's sheet) when they were typed in a legacy font: the notice,
/// if they were.
pub fn convert_legacy_rows(rows: &mut [(u32, Vec<String>)], file: Option<&str>) -> Option<Diagnostic> {
    let font = legacy_font(rows.iter().flat_map(|(_, cells)| cells.iter().map(String::as_str)))?;
    let mut example = None;
    for (_, cells) in rows.iter_mut() {
        for cell in cells.iter_mut() {
            let new = convert_legacy(cell, font);
            if new != *cell {
                if example.is_none() {
                    example = Some(first_changed_word(cell, &new));
                }
                *cell = new;
            }
        }
    }
    Some(legacy_notice(font, file, example))
}

/// Letters only Unicode Vietnamese has (not Latin-1): a text holding them is not in a legacy font.
fn is_unicode_vietnamese(ch: char) -> bool {
    matches!(ch, 'Ă' | 'ă' | 'Đ' | 'đ' | 'Ĩ' | 'ĩ' | 'Ũ' | 'ũ' | 'Ơ' | 'ơ' | 'Ư' | 'ư' | '\u{1EA0}'..='\u{1EF9}')
}

/// `text.chars().any(is_unicode_vietnamese)`, read from the UTF-8 bytes (a lead byte and the next, without decoding
/// the characters before).
fn has_unicode_vietnamese(bytes: &[u8]) -> bool {
    (0..bytes.len().saturating_sub(1)).any(|at| match (bytes[at], bytes[at + 1]) {
        // Ă ă Đ đ Ĩ ĩ, Ũ ũ, Ơ ơ Ư ư
        (0xC4, 0x82 | 0x83 | 0x90 | 0x91 | 0xA8 | 0xA9) | (0xC5, 0xA8 | 0xA9) | (0xC6, 0xA0 | 0xA1 | 0xAF | 0xB0) => {
            true
        }
        // U+1EA0–U+1EF9
        (0xE1, 0xBA) => matches!(bytes.get(at + 2), Some(0xA0..=0xBF)),
        (0xE1, 0xBB) => matches!(bytes.get(at + 2), Some(0x80..=0xB9)),
        _ => false,
    })
}

/// Marks VNI puts after a letter that Vietnamese and Western text never put inside a word.
fn vni_signal(ch: char) -> bool {
    matches!(
        ch,
        'ø' | 'Ø'
            | 'û'
            | 'Û'
            | 'ï'
            | 'Ï'
            | 'å'
            | 'Å'
            | 'ä'
            | 'Ä'
            | 'ë'
            | 'Ë'
            | 'ü'
            | 'Ü'
            | 'ñ'
            | 'Ñ'
            | 'ö'
            | 'Ö'
            | 'æ'
            | 'Æ'
            | 'î'
            | 'Î'
    )
}

/// Which legacy font the texts were typed in, if any: TCVN3 puts `¡`–`¿` inside words, VNI puts marks such as `ø`,
/// `û`, `ä` after letters; texts holding Unicode Vietnamese letters are not counted. At least two signs are needed.
pub fn legacy_font<'a>(texts: impl Iterator<Item = &'a str>) -> Option<LegacyFont> {
    let mut signs = LegacySigns::default();
    for text in texts {
        signs.count(text);
        if signs.tcvn.max(signs.vni) >= 64 {
            break;
        }
    }
    signs.font()
}

/// The signs of a legacy font counted so far ([`legacy_font`]), text by text.
#[derive(Clone, Copy, Debug, Default)]
struct LegacySigns {
    tcvn: usize,
    vni: usize,
}

impl LegacySigns {
    /// Count the signs in one text (a line, a cell); texts holding Unicode Vietnamese letters do not count.
    fn count(&mut self, text: &str) {
        if text.is_ascii() || has_unicode_vietnamese(text.as_bytes()) {
            return;
        }
        let chars: Vec<char> = text.chars().collect();
        for (at, ch) in chars.iter().enumerate() {
            let before = at.checked_sub(1).and_then(|i| chars.get(i)).is_some_and(|c| c.is_alphabetic());
            let after = chars.get(at + 1).is_some_and(|c| c.is_alphabetic());
            if !(before || after) {
                continue;
            }
            if ('\u{A1}'..='\u{BF}').contains(ch) {
                self.tcvn += 1;
            } else if vni_signal(*ch) {
                self.vni += 1;
            }
        }
    }

    /// The font the signs point to: at least two signs are needed.
    fn font(self) -> Option<LegacyFont> {
        let (tcvn, vni) = (self.tcvn, self.vni);
        match (tcvn, vni) {
            (t, v) if t >= 2 && t >= v => Some(LegacyFont::Tcvn3),
            (_, v) if v >= 2 => Some(LegacyFont::Vni),
            _ => None,
        }
    }
}

/// TCVN3 (VN3), bytes 0xA0–0xFF, as Unicode (read through Latin-1: the character U+00xx is the byte 0xxx).
const TCVN3: [u16; 96] = [
    0x00A0, 0x0102, 0x00C2, 0x00CA, 0x00D4, 0x01A0, 0x01AF, 0x0110, 0x0103, 0x00E2, 0x00EA, 0x00F4, 0x01A1, 0x01B0,
    0x0111, 0x1EB0, 0x0300, 0x0309, 0x0303, 0x0301, 0x0323, 0x00E0, 0x1EA3, 0x00E3, 0x00E1, 0x1EA1, 0x1EB2, 0x1EB1,
    0x1EB3, 0x1EB5, 0x1EAF, 0x1EB4, 0x1EAE, 0x1EA6, 0x1EA8, 0x1EAA, 0x1EA4, 0x1EC0, 0x1EB7, 0x1EA7, 0x1EA9, 0x1EAB,
    0x1EA5, 0x1EAD, 0x00E8, 0x1EC2, 0x1EBB, 0x1EBD, 0x00E9, 0x1EB9, 0x1EC1, 0x1EC3, 0x1EC5, 0x1EBF, 0x1EC7, 0x00EC,
    0x1EC9, 0x1EC4, 0x1EBE, 0x1ED2, 0x0129, 0x00ED, 0x1ECB, 0x00F2, 0x1ED4, 0x1ECF, 0x00F5, 0x00F3, 0x1ECD, 0x1ED3,
    0x1ED5, 0x1ED7, 0x1ED1, 0x1ED9, 0x1EDD, 0x1EDF, 0x1EE1, 0x1EDB, 0x1EE3, 0x00F9, 0x1ED6, 0x1EE7, 0x0169, 0x00FA,
    0x1EE5, 0x1EEB, 0x1EED, 0x1EEF, 0x1EE9, 0x1EF1, 0x1EF3, 0x1EF7, 0x1EF9, 0x00FD, 0x1EF5, 0x1ED0,
];

/// The vowels and their five tones (grave, acute, hook, tilde, dot below), lowercase then uppercase.
const VOWELS: [&str; 24] = [
    "aàáảãạ",
    "ăằắẳẵặ",
    "âầấẩẫậ",
    "eèéẻẽẹ",
    "êềếểễệ",
    "iìíỉĩị",
    "oòóỏõọ",
    "ôồốổỗộ",
    "ơờớởỡợ",
    "uùúủũụ",
    "ưừứửữự",
    "yỳýỷỹỵ",
    "AÀÁẢÃẠ",
    "ĂẰẮẲẴẶ",
    "ÂẦẤẨẪẬ",
    "EÈÉẺẼẸ",
    "ÊỀẾỂỄỆ",
    "IÌÍỈĨỊ",
    "OÒÓỎÕỌ",
    "ÔỒỐỔỖỘ",
    "ƠỜỚỞỠỢ",
    "UÙÚỦŨỤ",
    "ƯỪỨỬỮỰ",
    "YỲÝỶỸỴ",
];

/// A toneless vowel with a tone (1 grave … 5 dot below).
fn with_tone(base: char, tone: usize) -> Option<char> {
    VOWELS.iter().find(|row| row.starts_with(base)).and_then(|row| row.chars().nth(tone))
}

/// A toneless a/e/o with a circumflex (`true`) or an a with a breve (`false`).
fn with_hat(base: char, circumflex: bool) -> Option<char> {
    Some(match (base, circumflex) {
        ('a', true) => 'â',
        ('e', true) => 'ê',
        ('o', true) => 'ô',
        ('A', true) => 'Â',
        ('E', true) => 'Ê',
        ('O', true) => 'Ô',
        ('a', false) => 'ă',
        ('A', false) => 'Ă',
        _ => return None,
    })
}

/// Compose the combining tone marks (decomposed text, Windows-1258) with the vowel before them.
pub fn compose(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for ch in text.chars() {
        let tone = match ch {
            '\u{300}' => 1,
            '\u{301}' => 2,
            '\u{309}' => 3,
            '\u{303}' => 4,
            '\u{323}' => 5,
            _ => 0,
        };
        if tone > 0
            && let Some(last) = out.chars().last()
            && let Some(combined) = with_tone(last, tone)
        {
            out.pop();
            out.push(combined);
            continue;
        }
        out.push(ch);
    }
    out
}

/// What a VNI mark after a vowel does: (circumflex or breve, if any; tone 0–5).
fn vni_mark(ch: char) -> Option<(Option<bool>, usize)> {
    Some(match ch.to_lowercase().next()? {
        'ø' => (None, 1),
        'ù' => (None, 2),
        'û' => (None, 3),
        'õ' => (None, 4),
        'ï' => (None, 5),
        'â' => (Some(true), 0),
        'à' => (Some(true), 1),
        'á' => (Some(true), 2),
        'å' => (Some(true), 3),
        'ã' => (Some(true), 4),
        'ä' => (Some(true), 5),
        'ê' => (Some(false), 0),
        'è' => (Some(false), 1),
        'é' => (Some(false), 2),
        'ú' => (Some(false), 3),
        'ü' => (Some(false), 4),
        'ë' => (Some(false), 5),
        _ => return None,
    })
}

/// VNI letters that stand alone.
fn vni_letter(ch: char) -> Option<char> {
    Some(match ch {
        'ñ' => 'đ',
        'Ñ' => 'Đ',
        'ô' => 'ơ',
        'Ô' => 'Ơ',
        'ö' => 'ư',
        'Ö' => 'Ư',
        'æ' => 'ỉ',
        'Æ' => 'Ỉ',
        'ó' => 'ĩ',
        'Ó' => 'Ĩ',
        'ò' => 'ị',
        'Ò' => 'Ị',
        'î' => 'ỵ',
        'Î' => 'Ỵ',
        _ => return None,
    })
}

/// Convert one line or cell from a legacy font; text that already holds Unicode Vietnamese is left as it is.
pub fn convert_legacy(text: &str, font: LegacyFont) -> String {
    if text.is_ascii() || has_unicode_vietnamese(text.as_bytes()) {
        return text.to_string();
    }
    match font {
        LegacyFont::Tcvn3 => text
            .chars()
            .map(|ch| match ch as u32 {
                0xA1..=0xFF => char::from_u32(TCVN3[ch as usize - 0xA0] as u32).unwrap_or(ch),
                _ => ch,
            })
            .collect::<String>(),
        LegacyFont::Vni => {
            let mut out = String::with_capacity(text.len());
            for ch in text.chars() {
                if let (Some((hat, tone)), Some(last)) = (vni_mark(ch), out.chars().last()) {
                    let base = match hat {
                        Some(circumflex) => with_hat(last, circumflex),
                        None => VOWELS.iter().any(|row| row.starts_with(last)).then_some(last),
                    };
                    let combined = match (base, tone) {
                        (Some(base), 0) => Some(base),
                        (Some(base), tone) => with_tone(base, tone),
                        (None, _) => None,
                    };
                    if let Some(combined) = combined {
                        out.pop();
                        out.push(combined);
                        continue;
                    }
                }
                out.push(vni_letter(ch).unwrap_or(ch));
            }
            compose(&out)
        }
    }
}

// ---------------------------------------------------------------------------------------------------------------
// A file's bytes decoded as they arrive (the CLI reads a file in chunks; the app's worker reads a `File` in slices).

/// What a stream asks of the one feeding it, after a chunk or the end.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Feed {
    /// Go on: the next bytes, or after the end, finish.
    More,
    /// Feed the file again from its first byte, then its end: the text given out so far was plain UTF-8, and a later
    /// byte showed the file is not (bytes that are not UTF-8, a legacy font), so it is read whole, as
    /// [`decode_file`] reads it. Only a file whose first [`TEXT_WINDOW`] bytes looked plain asks this.
    FromStart,
}

/// Bytes kept before any text is given out, so the encoding is told from them as [`decode_file`] tells it; a file
/// this short is decoded whole at its end.
pub const TEXT_WINDOW: usize = 1 << 16;

/// A file's bytes turned into text as they arrive, with the very text and notices [`decode_file`] gives for the
/// whole file: plain UTF-8 (the common case: with or without BOM, no legacy font) is given out line by line as it
/// comes, tone marks composed, and never held whole; any other file is kept whole and decoded at its end.
/// The text is given out in pieces that end at a line feed (the last one at the end of the file).
#[derive(Clone, Debug)]
pub struct TextStream {
    file: Option<String>,
    window: usize,
    state: TextState,
    notices: Vec<Diagnostic>,
}

#[derive(Clone, Debug)]
enum TextState {
    /// The first bytes, kept until [`TEXT_WINDOW`] of them tell how to read the file.
    Looking(Vec<u8>),
    /// Plain UTF-8 so far: the bytes after the last line given out, and the signs of a legacy font counted so far.
    Utf8 {
        carry: Vec<u8>,
        signs: LegacySigns,
    },
    /// The whole file, decoded at its end.
    Whole(Vec<u8>),
    Ended,
}

impl TextStream {
    pub fn new(file: Option<&str>) -> TextStream {
        TextStream::with_window(file, TEXT_WINDOW)
    }

    /// A stream that tells the encoding from its first `window` bytes (at least 4, for a BOM): tests use small
    /// windows to read small files as a stream.
    #[doc(hidden)]
    pub fn with_window(file: Option<&str>, window: usize) -> TextStream {
        TextStream {
            file: file.map(str::to_string),
            window: window.max(4),
            state: TextState::Looking(Vec::new()),
            notices: Vec::new(),
        }
    }

    /// Take the next bytes (a chunk may end anywhere, inside a line or a letter); `emit` gets the text they complete.
    pub fn push(&mut self, bytes: &[u8], emit: &mut impl FnMut(&str)) -> Feed {
        match &mut self.state {
            TextState::Looking(kept) => {
                kept.extend_from_slice(bytes);
                if kept.len() >= self.window {
                    self.decide(emit);
                }
            }
            TextState::Utf8 { carry, signs } => {
                // Lines are given out when a line feed comes: the line begun in `carry`, completed, then the chunk's
                // own lines straight from it, and what follows its last line feed is kept.
                let Some(first) = bytes.iter().position(|&b| b == b'\n') else {
                    carry.extend_from_slice(bytes);
                    return Feed::More;
                };
                let last = bytes.iter().rposition(|&b| b == b'\n').unwrap_or(first);
                carry.extend_from_slice(&bytes[..=first]);
                if !give_lines(carry, signs, emit) || !give_text(&bytes[first + 1..=last], signs, emit) {
                    self.state = TextState::Whole(Vec::new());
                    return Feed::FromStart;
                }
                carry.extend_from_slice(&bytes[last + 1..]);
            }
            TextState::Whole(all) => all.extend_from_slice(bytes),
            TextState::Ended => {}
        }
        Feed::More
    }

    /// The end of the file: `emit` gets the rest of the text (all of it, when the file was kept whole).
    pub fn end(&mut self, emit: &mut impl FnMut(&str)) -> Feed {
        match std::mem::replace(&mut self.state, TextState::Ended) {
            TextState::Looking(all) | TextState::Whole(all) => {
                let decoded = decode_file(&all, self.file.as_deref());
                drop(all);
                self.notices = decoded.notices;
                emit(&decoded.text);
            }
            TextState::Utf8 { mut carry, mut signs } => {
                // The last line, which no line feed ends.
                carry.push(b'\n');
                if !give_lines(&mut carry, &mut signs, &mut |text: &str| emit(&text[..text.len() - 1])) {
                    self.state = TextState::Whole(Vec::new());
                    return Feed::FromStart;
                }
            }
            TextState::Ended => {}
        }
        Feed::More
    }

    /// How the file was read: the notices [`decode_file`] gives (none for plain UTF-8). Known at the end.
    pub fn notices(&self) -> &[Diagnostic] {
        &self.notices
    }

    /// The first [`TEXT_WINDOW`] bytes are in: plain UTF-8 is given out from here on, anything else is kept whole.
    fn decide(&mut self, emit: &mut impl FnMut(&str)) {
        let TextState::Looking(kept) = &mut self.state else { return };
        let bom = kept.starts_with(&[0xEF, 0xBB, 0xBF]);
        // UTF-16 without a BOM has zero bytes, which plain UTF-8 lines never hold (`give_lines`).
        if kept.starts_with(&[0xFF, 0xFE]) || kept.starts_with(&[0xFE, 0xFF]) {
            self.state = TextState::Whole(std::mem::take(kept));
            return;
        }
        let mut carry = kept[if bom { 3 } else { 0 }..].to_vec();
        let mut signs = LegacySigns::default();
        self.state = if give_lines(&mut carry, &mut signs, emit) {
            TextState::Utf8 { carry, signs }
        } else {
            TextState::Whole(std::mem::take(kept))
        };
    }
}

/// Give out the complete lines at the start of `carry` (up to its last line feed) and keep the rest, if they are
/// plain UTF-8 (no zero byte: UTF-16 without a BOM has them) and bring no legacy font's signs; `false` (nothing given
/// out) when they do not.
fn give_lines(carry: &mut Vec<u8>, signs: &mut LegacySigns, emit: &mut impl FnMut(&str)) -> bool {
    let Some(last) = carry.iter().rposition(|&b| b == b'\n') else { return true };
    if !give_text(&carry[..=last], signs, emit) {
        return false;
    }
    carry.drain(..=last);
    true
}

/// Give out `lines` (whole lines, or nothing) if they are plain UTF-8 and bring no legacy font's signs ([`give_lines`]).
fn give_text(lines: &[u8], signs: &mut LegacySigns, emit: &mut impl FnMut(&str)) -> bool {
    if lines.is_empty() {
        return true;
    }
    if memchr::memchr(0, lines).is_some() {
        return false;
    }
    let Ok(text) = std::str::from_utf8(lines) else { return false };
    // The lines end at a line feed, which no tone mark composes with: composed piece by piece as the whole.
    let composed;
    let text = if has_tone_mark(text) {
        composed = compose(text);
        composed.as_str()
    } else {
        text
    };
    if !text.is_ascii() {
        let mut counted = *signs;
        // Line by line (a `\r` before the line feed changes no count: it is neither a letter nor a sign).
        let mut start = 0;
        for end in memchr::memchr_iter(b'\n', text.as_bytes()).chain([text.len()]) {
            if let Some(line) = text.get(start..end) {
                counted.count(line);
            }
            start = end + 1;
        }
        if counted.font().is_some() {
            return false;
        }
        *signs = counted;
    }
    emit(text);
    true
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn converts_tcvn3_names() {
        assert_eq!(convert_legacy("§¶ng bé x·", LegacyFont::Tcvn3), "Đảng bộ xã");
        assert_eq!(convert_legacy("NguyÔn V¨n An", LegacyFont::Tcvn3), "Nguyễn Văn An");
        assert_eq!(convert_legacy("TrÇn ThÞ Hoa", LegacyFont::Tcvn3), "Trần Thị Hoa");
        assert_eq!(legacy_font(["§¶ng viªn", "Hä vµ tªn"].into_iter()), Some(LegacyFont::Tcvn3));
    }

    #[test]
    fn converts_vni_names() {
        assert_eq!(convert_legacy("Ñaûng vieân", LegacyFont::Vni), "Đảng viên");
        assert_eq!(convert_legacy("Nguyeãn Vaên An", LegacyFont::Vni), "Nguyễn Văn An");
        assert_eq!(convert_legacy("Tröông Thò Hoa", LegacyFont::Vni), "Trương Thị Hoa");
        assert_eq!(convert_legacy("Haø Noäi", LegacyFont::Vni), "Hà Nội");
        assert_eq!(legacy_font(["Ñaûng vieân", "Haø Noäi"].into_iter()), Some(LegacyFont::Vni));
    }

    #[test]
    fn leaves_unicode_and_western_text_alone() {
        assert_eq!(legacy_font(["Nguyễn Văn An", "Hoàng Thị Hoa", "Müller", "José"].into_iter()), None);
        assert_eq!(convert_legacy("Nguyễn Văn Đảng", LegacyFont::Tcvn3), "Nguyễn Văn Đảng");
    }

    #[test]
    fn finds_tone_marks_by_their_bytes() {
        for mark in ['\u{300}', '\u{301}', '\u{303}', '\u{309}', '\u{323}'] {
            assert!(has_tone_mark(&format!("Đa{mark}ng")), "{mark:?}");
        }
        // Other marks after 0xCC (U+0302, U+0306 …) and text without any are not tone marks.
        assert!(!has_tone_mark("vie\u{302}n a\u{306} Đảng viên"));
    }

    #[test]
    fn finds_unicode_vietnamese_letters_by_their_bytes() {
        let letters: String = ('\u{80}'..='\u{2000}').chain('\u{1E00}'..='\u{1F00}').collect();
        for ch in letters.chars() {
            for text in [format!("{ch}"), format!("ab{ch}"), format!("{ch}cd"), format!("x{ch}y")] {
                assert_eq!(has_unicode_vietnamese(text.as_bytes()), text.chars().any(is_unicode_vietnamese), "{ch:?}");
            }
        }
        assert!(!has_unicode_vietnamese(b""));
    }

    #[test]
    fn composes_decomposed_tones() {
        assert_eq!(compose("Đa\u{309}ng vie\u{302}n"), "Đảng vie\u{302}n");
        assert_eq!(compose("Nguy\u{ea}\u{303}n"), "Nguyễn");
    }

    #[test]
    fn the_code_pages_match_encoding_rs() {
        for byte in 0u8..=255 {
            for (ours, theirs) in [
                (TextEncoding::Windows1252, encoding_rs::WINDOWS_1252),
                (TextEncoding::Windows1258, encoding_rs::WINDOWS_1258),
            ] {
                let bytes = [byte];
                let (expected, _) = theirs.decode_without_bom_handling(&bytes);
                assert_eq!(decode_single(&[byte], ours), expected, "byte {byte:#04x} in {}", ours.label());
            }
        }
    }

    #[test]
    fn decodes_what_offices_save() {
        let text = "Mã,Họ và tên\ndv01,Nguyễn Văn Đảng\n";
        // Windows-1258 writes most toned vowels as a vowel and a combining tone.
        let decomposed = "Ma\u{303},Ho\u{323} va\u{300} tên\ndv01,Nguyê\u{303}n Văn Đa\u{309}ng\n";
        let utf8 = decode_file(text.as_bytes(), None);
        assert_eq!((utf8.text.as_str(), utf8.encoding, utf8.notices.len()), (text, TextEncoding::Utf8, 0));
        for encoding in [encoding_rs::WINDOWS_1258, encoding_rs::UTF_16LE, encoding_rs::UTF_16BE] {
            let bytes: Vec<u8> = if encoding == encoding_rs::WINDOWS_1258 {
                let (bytes, _, unmappable) = encoding.encode(decomposed);
                assert!(!unmappable);
                bytes.into_owned()
            } else {
                let little = encoding == encoding_rs::UTF_16LE;
                text.encode_utf16().flat_map(|u| if little { u.to_le_bytes() } else { u.to_be_bytes() }).collect()
            };
            let decoded = decode_file(&bytes, Some("f.csv"));
            assert_eq!(decoded.text, text, "{}", encoding.name());
            assert_eq!(decoded.notices.len(), 1);
        }
        let stray = decode_file(
            "id,name\nx1,Nguyễn\nx2,Tr".bytes().chain([0xff]).chain(*b"n\n").collect::<Vec<u8>>().as_slice(),
            None,
        );
        assert_eq!(stray.text, "id,name\nx1,Nguyễn\nx2,Tr\u{fffd}n\n");
        assert_eq!((stray.notices[0].code, stray.notices[0].location.line), (Code::NotUtf8, Some(3)));
        let western = decode_file(b"id,name\nx1,Jos\xe9 M\xfcller\n", None);
        assert_eq!((western.text.as_str(), western.encoding), ("id,name\nx1,José Müller\n", TextEncoding::Windows1252));
    }
}
