//! Exact numbers.
//!
//! Scores such as 89.5 and thresholds such as 90 or 30% must compare exactly: a member with 89.5 points is not
//! "from 90 points up", and 3 exceeding tasks out of 10 is exactly 30%. Floating point cannot promise that, so every
//! number in the engine is a fraction `numerator / denominator` of two `i64`, compared by cross-multiplication in
//! `i128`. Input decimals ("89.5", "89,5", "30%") become such fractions without rounding; division keeps the exact
//! quotient (2/3 stays 2/3). Only display rounds.

use std::cmp::Ordering;
use std::fmt;

use crate::lang::Lang;

/// An exact rational number. The denominator is always positive and the fraction is kept small by reducing with the
/// greatest common divisor whenever a result would not fit.
///
/// One special value, [`Num::MISSING`] (denominator zero), marks an unknown fact in a row of fact values; it keeps
/// a row at 16 bytes per fact, which matters for a million members. Evaluation checks for it before any
/// arithmetic, and no arithmetic ever produces it.
#[derive(Clone, Copy)]
pub struct Num {
    n: i64,
    d: i64,
}

/// Why an arithmetic step had no result.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ArithError {
    DivisionByZero,
    Overflow,
}

/// Why text is not a number.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ParseNumError {
    Empty,
    Invalid,
    TooManyDecimals,
    TooLarge,
}

const MAX_DECIMALS: u32 = 9;

fn gcd(mut a: i128, mut b: i128) -> i128 {
    a = a.abs();
    b = b.abs();
    while b != 0 {
        let t = a % b;
        a = b;
        b = t;
    }
    a
}

impl Num {
    pub const ZERO: Num = Num { n: 0, d: 1 };
    pub const ONE: Num = Num { n: 1, d: 1 };
    pub const HUNDRED: Num = Num { n: 100, d: 1 };
    /// The marker of an unknown value in a row of facts. Not a number: never compute with it.
    pub const MISSING: Num = Num { n: 0, d: 0 };

    /// The fraction as stored, and back ([`crate::pack`]).
    pub(crate) fn raw_parts(self) -> (i64, i64) {
        (self.n, self.d)
    }

    pub(crate) fn from_raw_parts(n: i64, d: i64) -> Num {
        Num { n, d }
    }
    /// The value of a share whose whole is zero (`share(part, 0)`): known, but not a number. Like
    /// [`Num::MISSING`] it has a zero denominator, so `is_missing` and `known` treat it as no number; evaluation
    /// tells the two apart with [`Num::is_no_base`] and never computes with it.
    pub const NO_BASE: Num = Num { n: 1, d: 0 };

    #[inline]
    pub const fn is_missing(self) -> bool {
        self.d == 0
    }

    /// A share of nothing ([`Num::NO_BASE`]).
    #[inline]
    pub const fn is_no_base(self) -> bool {
        self.d == 0 && self.n == 1
    }

    /// `Some(self)` unless this is [`Num::MISSING`].
    #[inline]
    pub fn known(self) -> Option<Num> {
        if self.is_missing() { None } else { Some(self) }
    }

    pub const fn int(value: i64) -> Num {
        Num { n: value, d: 1 }
    }

    /// `numerator / denominator`; `None` when the denominator is zero.
    pub fn ratio(numerator: i64, denominator: i64) -> Option<Num> {
        if denominator == 0 {
            return None;
        }
        Self::from_i128(numerator as i128, denominator as i128).ok()
    }

    /// A percentage written as a number of percent: `percent(20)` is one fifth.
    pub fn percent(value: Num) -> Num {
        value.checked_div(Num::HUNDRED).unwrap_or(value)
    }

    #[cold]
    fn from_i128(mut n: i128, mut d: i128) -> Result<Num, ArithError> {
        if d == 0 {
            return Err(ArithError::DivisionByZero);
        }
        if d < 0 {
            n = -n;
            d = -d;
        }
        if let (Ok(n64), Ok(d64)) = (i64::try_from(n), i64::try_from(d)) {
            return Ok(Num { n: n64, d: d64 });
        }
        let g = gcd(n, d).max(1);
        let (n, d) = (n / g, d / g);
        match (i64::try_from(n), i64::try_from(d)) {
            (Ok(n), Ok(d)) => Ok(Num { n, d }),
            _ => Err(ArithError::Overflow),
        }
    }

    pub fn numerator(self) -> i64 {
        self.n
    }

    pub fn denominator(self) -> i64 {
        self.d
    }

    pub fn is_integer(self) -> bool {
        self.n % self.d == 0
    }

    pub fn is_zero(self) -> bool {
        self.n == 0
    }

    pub fn is_negative(self) -> bool {
        self.n < 0
    }

    #[inline]
    pub fn checked_add(self, other: Num) -> Result<Num, ArithError> {
        if self.d == other.d {
            if let Some(n) = self.n.checked_add(other.n) {
                return Ok(Num { n, d: self.d });
            }
        }
        let n = self.n as i128 * other.d as i128 + other.n as i128 * self.d as i128;
        Self::from_i128(n, self.d as i128 * other.d as i128)
    }

    #[inline]
    pub fn checked_sub(self, other: Num) -> Result<Num, ArithError> {
        self.checked_add(other.negated())
    }

    #[inline]
    pub fn negated(self) -> Num {
        Num { n: self.n.saturating_neg(), d: self.d }
    }

    #[inline]
    pub fn checked_mul(self, other: Num) -> Result<Num, ArithError> {
        if let (Some(n), Some(d)) = (self.n.checked_mul(other.n), self.d.checked_mul(other.d)) {
            return Ok(Num { n, d });
        }
        Self::from_i128(self.n as i128 * other.n as i128, self.d as i128 * other.d as i128)
    }

    #[inline]
    pub fn checked_div(self, other: Num) -> Result<Num, ArithError> {
        if other.n == 0 {
            return Err(ArithError::DivisionByZero);
        }
        // The common case (counts over counts) fits in 64 bits; only the sign may need moving up.
        if let (Some(n), Some(d)) = (self.n.checked_mul(other.d), self.d.checked_mul(other.n)) {
            if d > 0 {
                return Ok(Num { n, d });
            }
            if let (Some(n), Some(d)) = (n.checked_neg(), d.checked_neg()) {
                return Ok(Num { n, d });
            }
        }
        Self::from_i128(self.n as i128 * other.d as i128, self.d as i128 * other.n as i128)
    }

    /// Largest integer not above the value.
    pub fn floor(self) -> i64 {
        self.n.div_euclid(self.d)
    }

    /// Smallest integer not below the value.
    pub fn ceil(self) -> i64 {
        let f = self.floor();
        if self.n.rem_euclid(self.d) == 0 { f } else { f.saturating_add(1) }
    }

    /// Nearest integer, halves away from zero ("làm tròn"): 2.5 → 3, 1.4 → 1.
    pub fn round_half_up(self) -> i64 {
        let twice = Num { n: self.n, d: self.d }.checked_mul(Num::int(2)).unwrap_or(self);
        // floor((2n + d) / 2d) for non-negative values; mirror for negative ones.
        if self.n >= 0 {
            twice.checked_add(Num::ONE).map(|v| v.floor().div_euclid(2)).unwrap_or_else(|_| self.floor())
        } else {
            -self.negated().round_half_up()
        }
    }

    /// The value rounded half away from zero to `decimals` places, as an exact number.
    pub fn round_to(self, decimals: u32) -> Num {
        let scale = 10i64.pow(decimals.min(MAX_DECIMALS));
        match self.checked_mul(Num::int(scale)) {
            Ok(scaled) => Num::ratio(scaled.round_half_up(), scale).unwrap_or(self),
            Err(_) => self,
        }
    }

    /// Does the decimal expansion end within `decimals` places?
    pub fn fits_decimals(self, decimals: u32) -> bool {
        let scale = 10i128.pow(decimals.min(18));
        (self.n as i128 * scale) % self.d as i128 == 0
    }

    pub fn to_f64(self) -> f64 {
        self.n as f64 / self.d as f64
    }

    /// Parse a decimal as people type it: `89.5`, `89,5`, `-3`, `1.234,5` (Vietnamese grouping), `1,234.5`,
    /// optionally followed by `%` (then divided by 100). At most nine decimals.
    pub fn parse(text: &str) -> Result<Num, ParseNumError> {
        let trimmed = crate::input::trim_cell(text);
        if trimmed.is_empty() {
            return Err(ParseNumError::Empty);
        }
        match parse_plain(trimmed.as_bytes()) {
            Some(number) => Ok(number),
            None => Num::parse_general(trimmed),
        }
    }

    /// [`Num::parse`] of trimmed, non-empty text in every shape it takes.
    fn parse_general(trimmed: &str) -> Result<Num, ParseNumError> {
        let (body, is_percent) = match trimmed.strip_suffix('%') {
            Some(rest) => (rest.trim_end(), true),
            None => (trimmed, false),
        };
        let (negative, digits) = match body.strip_prefix('-') {
            Some(rest) => (true, rest),
            None => (false, body.strip_prefix('+').unwrap_or(body)),
        };
        let decimal_mark = decimal_mark(digits).ok_or(ParseNumError::Invalid)?;
        let mut int_part: i128 = 0;
        let mut frac_part: i128 = 0;
        let mut frac_digits: u32 = 0;
        let mut seen_digit = false;
        let mut in_fraction = false;
        let group_mark = if decimal_mark == '.' { ',' } else { '.' };
        let mut previous_was_group = false;
        // Digits since the last group mark; `None` before the first one. Groups after a mark have three digits.
        let mut group_digits: Option<u32> = None;
        for ch in digits.chars() {
            if ch.is_ascii_digit() {
                let digit = (ch as u8 - b'0') as i128;
                seen_digit = true;
                previous_was_group = false;
                if !in_fraction {
                    if let Some(count) = group_digits.as_mut() {
                        *count += 1;
                    }
                }
                if in_fraction {
                    frac_digits += 1;
                    if frac_digits > MAX_DECIMALS {
                        return Err(ParseNumError::TooManyDecimals);
                    }
                    frac_part = frac_part * 10 + digit;
                } else {
                    int_part = int_part * 10 + digit;
                    if int_part > i64::MAX as i128 / 1000 {
                        return Err(ParseNumError::TooLarge);
                    }
                }
            } else if ch == decimal_mark && !in_fraction && seen_digit && group_digits.is_none_or(|c| c == 3) {
                in_fraction = true;
            } else if ch == group_mark
                && !in_fraction
                && seen_digit
                && !previous_was_group
                && group_digits.is_none_or(|c| c == 3)
            {
                previous_was_group = true;
                group_digits = Some(0);
            } else {
                return Err(ParseNumError::Invalid);
            }
        }
        let bad_last_group = !in_fraction && group_digits.is_some_and(|c| c != 3);
        if !seen_digit || previous_was_group || (in_fraction && frac_digits == 0) || bad_last_group {
            return Err(ParseNumError::Invalid);
        }
        let scale = 10i128.pow(frac_digits);
        let mut n = int_part * scale + frac_part;
        if negative {
            n = -n;
        }
        let mut d = scale;
        if is_percent {
            d *= 100;
        }
        Num::from_i128(n, d).map_err(|_| ParseNumError::TooLarge)
    }

    /// Decimal text with `.` as the decimal mark and no grouping, for files and JSON. Exact when the value has a
    /// finite expansion within nine places; otherwise rounded to nine places.
    pub fn to_plain_string(self) -> String {
        format_decimal(self, MAX_DECIMALS, '.', None)
    }

    /// Text for people: rounded to at most `decimals` places, trailing zeros dropped, Vietnamese `89,5` and `1.234`
    /// or English `89.5` and `1,234`.
    pub fn display(self, lang: Lang, decimals: u32) -> String {
        match lang {
            Lang::Vi => format_decimal(self, decimals, ',', Some('.')),
            Lang::En => format_decimal(self, decimals, '.', Some(',')),
        }
    }

    /// The value as a percentage for people: `0.3` → `30%` (`30 %` is not used in either language here).
    pub fn display_percent(self, lang: Lang, decimals: u32) -> String {
        match self.checked_mul(Num::HUNDRED) {
            Ok(p) => format!("{}%", p.display(lang, decimals)),
            Err(_) => "?%".to_string(),
        }
    }
}

/// Which of `.` and `,` is the decimal mark in `digits`? The mark that appears last and only once, unless the
/// other one follows the pattern of thousands grouping. `1.234` alone is read as one thousand two hundred and
/// thirty-four only when written with a group of exactly three digits after more than one dot (`1.234.567`);
/// a single dot or comma followed by digits is a decimal mark, so both `89.5` and `89,5` mean eighty-nine and a half.
/// The common shape of a roster's cells, read in one pass: an optional sign, at most 18 digits in all, and at most
/// one decimal mark (`.` or `,`) with digits on both sides. Gives what [`Num::parse`]'s general reading gives for
/// the same text (a lone mark is the decimal mark there too), and `None` for anything else (grouping, `%`, long
/// numbers), which the general reading then takes.
fn parse_plain(bytes: &[u8]) -> Option<Num> {
    let (negative, digits) = match bytes.first()? {
        b'-' => (true, &bytes[1..]),
        b'+' => (false, &bytes[1..]),
        _ => (false, bytes),
    };
    let mut n: i64 = 0;
    let mut whole_digits = 0u32;
    let mut frac_digits: Option<u32> = None;
    for &byte in digits {
        match byte {
            b'0'..=b'9' => {
                n = n * 10 + (byte - b'0') as i64;
                match &mut frac_digits {
                    Some(count) => *count += 1,
                    None => whole_digits += 1,
                }
            }
            b'.' | b',' if frac_digits.is_none() && whole_digits > 0 => frac_digits = Some(0),
            _ => return None,
        }
        // The general reading refuses whole parts past 10^15 (`TooLarge`); the sum stays within an `i64`.
        if whole_digits > 15 || whole_digits + frac_digits.unwrap_or(0) > 18 {
            return None;
        }
    }
    let frac_digits = frac_digits.unwrap_or(0);
    // "5," (a mark with nothing after it) and "1,2345678901" (past nine decimals) are the general reading's errors.
    if whole_digits == 0 || (frac_digits == 0 && digits.last().is_some_and(|b| !b.is_ascii_digit())) {
        return None;
    }
    if frac_digits > MAX_DECIMALS {
        return None;
    }
    Some(Num { n: if negative { -n } else { n }, d: 10i64.pow(frac_digits) })
}

fn decimal_mark(digits: &str) -> Option<char> {
    let dots = digits.matches('.').count();
    let commas = digits.matches(',').count();
    match (dots, commas) {
        (0, 0) => Some('.'),
        (1, 0) => Some('.'),
        (0, 1) => Some(','),
        (_, 0) => Some(','), // "1.234.567": dots group, no decimal part
        (0, _) => Some('.'), // "1,234,567"
        _ => {
            let last_dot = digits.rfind('.')?;
            let last_comma = digits.rfind(',')?;
            if last_dot > last_comma { (dots == 1).then_some('.') } else { (commas == 1).then_some(',') }
        }
    }
}

fn format_decimal(value: Num, decimals: u32, decimal_mark: char, group_mark: Option<char>) -> String {
    let rounded = value.round_to(decimals);
    let negative = rounded.n < 0;
    let scale = 10i128.pow(decimals.min(MAX_DECIMALS));
    let scaled = (rounded.n as i128 * scale / rounded.d as i128).abs();
    let int_part = scaled / scale;
    let mut frac_part = scaled % scale;
    let mut frac_digits = decimals.min(MAX_DECIMALS);
    while frac_digits > 0 && frac_part % 10 == 0 {
        frac_part /= 10;
        frac_digits -= 1;
    }
    let mut out = String::new();
    if negative && (int_part != 0 || frac_part != 0) {
        out.push('-');
    }
    let int_text = int_part.to_string();
    match group_mark {
        Some(mark) if int_text.len() > 3 => {
            for (i, ch) in int_text.chars().enumerate() {
                if i > 0 && (int_text.len() - i) % 3 == 0 {
                    out.push(mark);
                }
                out.push(ch);
            }
        }
        _ => out.push_str(&int_text),
    }
    if frac_digits > 0 {
        out.push(decimal_mark);
        out.push_str(&format!("{:0width$}", frac_part, width = frac_digits as usize));
    }
    out
}

impl PartialEq for Num {
    fn eq(&self, other: &Num) -> bool {
        self.cmp(other) == Ordering::Equal
    }
}

impl Eq for Num {}

impl PartialOrd for Num {
    fn partial_cmp(&self, other: &Num) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}

impl Ord for Num {
    #[inline]
    fn cmp(&self, other: &Num) -> Ordering {
        if self.d == other.d {
            return self.n.cmp(&other.n);
        }
        (self.n as i128 * other.d as i128).cmp(&(other.n as i128 * self.d as i128))
    }
}

impl std::hash::Hash for Num {
    fn hash<H: std::hash::Hasher>(&self, state: &mut H) {
        let g = gcd(self.n as i128, self.d as i128).max(1);
        ((self.n as i128 / g) as i64).hash(state);
        ((self.d as i128 / g) as i64).hash(state);
    }
}

impl fmt::Debug for Num {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.d == 0 {
            write!(f, "missing")
        } else if self.fits_decimals(MAX_DECIMALS) {
            write!(f, "{}", self.to_plain_string())
        } else {
            write!(f, "{}/{}", self.n, self.d)
        }
    }
}

impl fmt::Display for Num {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.to_plain_string())
    }
}

impl From<i64> for Num {
    fn from(value: i64) -> Num {
        Num::int(value)
    }
}

impl serde::Serialize for Num {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        if self.is_integer() {
            serializer.serialize_i64(self.n / self.d)
        } else {
            serializer.serialize_f64(self.round_to(6).to_f64())
        }
    }
}

impl<'de> serde::Deserialize<'de> for Num {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Num, D::Error> {
        struct Visitor;
        impl serde::de::Visitor<'_> for Visitor {
            type Value = Num;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a number or a decimal string such as \"89.5\" or \"30%\"")
            }
            fn visit_i64<E: serde::de::Error>(self, v: i64) -> Result<Num, E> {
                Ok(Num::int(v))
            }
            fn visit_u64<E: serde::de::Error>(self, v: u64) -> Result<Num, E> {
                i64::try_from(v).map(Num::int).map_err(|_| E::custom("number too large"))
            }
            fn visit_f64<E: serde::de::Error>(self, v: f64) -> Result<Num, E> {
                // The shortest text that round-trips is what the person typed (89.5, not 89.4999…).
                if !v.is_finite() {
                    return Err(E::custom("not a finite number"));
                }
                Num::parse(&format!("{v}")).map_err(|_| E::custom("number out of range"))
            }
            fn visit_str<E: serde::de::Error>(self, v: &str) -> Result<Num, E> {
                Num::parse(v).map_err(|_| E::custom(format!("not a number: {v:?}")))
            }
        }
        deserializer.deserialize_any(Visitor)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn n(text: &str) -> Num {
        Num::parse(text).unwrap()
    }

    #[test]
    fn parses_decimals_exactly() {
        assert_eq!(n("89.5"), Num::ratio(179, 2).unwrap());
        assert_eq!(n("89,5"), n("89.5"));
        assert_eq!(n("90.0"), Num::int(90));
        assert_eq!(n("30%"), Num::ratio(3, 10).unwrap());
        assert_eq!(n("71,85%"), Num::ratio(7185, 10000).unwrap());
        assert_eq!(n("1.234.567"), Num::int(1_234_567));
        assert_eq!(n("1,234,567"), Num::int(1_234_567));
        assert_eq!(n("1.234,5"), Num::ratio(2469, 2).unwrap());
        assert_eq!(n("-2"), Num::int(-2));
        assert!(Num::parse("").is_err());
        assert!(Num::parse("abc").is_err());
        assert!(Num::parse("1..2").is_err());
        assert!(Num::parse("1,").is_err());
        assert!(Num::parse(",5").is_err());
        assert!(Num::parse("1,2,3").is_err());
        assert!(Num::parse("12.34.5").is_err());
        assert_eq!(Num::parse("0.0000000001"), Err(ParseNumError::TooManyDecimals));
        assert_eq!(Num::parse("99999999999999999999"), Err(ParseNumError::TooLarge));
    }

    #[test]
    fn boundaries_compare_exactly() {
        assert!(n("89.5") < Num::int(90));
        assert!(n("90.0") >= Num::int(90));
        let three_of_ten = Num::int(3).checked_div(Num::int(10)).unwrap();
        assert_eq!(three_of_ten, n("30%"));
        let two_thirds = Num::int(2).checked_div(Num::int(3)).unwrap();
        assert!(two_thirds > n("0.666666666"));
        assert!(two_thirds < n("0.666666667"));
    }

    #[test]
    fn rounding_modes() {
        assert_eq!(n("1.4").floor(), 1);
        assert_eq!(n("1.4").ceil(), 2);
        assert_eq!(n("1.4").round_half_up(), 1);
        assert_eq!(n("2.5").round_half_up(), 3);
        assert_eq!(n("-2.5").round_half_up(), -3);
        assert_eq!(n("-1.4").floor(), -2);
        assert_eq!(Num::int(3).ceil(), 3);
        // Found by fuzzing: this overflowed.
        let extreme = n("-9223372036854775.807");
        assert_eq!(extreme.ceil(), -9223372036854775);
        assert_eq!(Num::int(i64::MAX).ceil(), i64::MAX);
    }

    #[test]
    fn displays_in_both_languages() {
        assert_eq!(n("89.5").display(Lang::Vi, 2), "89,5");
        assert_eq!(n("1234.5").display(Lang::Vi, 2), "1.234,5");
        assert_eq!(n("1234.5").display(Lang::En, 2), "1,234.5");
        assert_eq!(n("0.7185").display_percent(Lang::Vi, 2), "71,85%");
        let two_thirds = Num::int(2).checked_div(Num::int(3)).unwrap();
        assert_eq!(two_thirds.display_percent(Lang::En, 2), "66.67%");
        assert_eq!(Num::int(-3).display(Lang::En, 2), "-3");
    }

    #[test]
    fn overflow_is_an_error_not_a_panic() {
        let big = Num::int(i64::MAX);
        assert_eq!(big.checked_mul(big), Err(ArithError::Overflow));
        assert_eq!(Num::ONE.checked_div(Num::ZERO), Err(ArithError::DivisionByZero));
    }

    /// The quick reading of plain numbers gives exactly what the general reading gives (the same fraction, not
    /// only an equal one), and leaves to it every text it does not take.
    #[test]
    fn plain_numbers_read_as_the_general_reading_does() {
        let alphabet = ["0", "1", "5", "9", ".", ",", "-", "+", "%", " ", "x"];
        let mut texts: Vec<String> = vec![
            "89.5",
            "89,5",
            "0",
            "-0",
            "-0.0",
            "+5",
            "-+5",
            "1,",
            ",5",
            "00012",
            "1.2345678901",
            "1.234567890",
            "999999999999999",
            "9999999999999999",
            "123456789012345.678",
            "1234567890.12345678",
            "12.5%",
        ]
        .into_iter()
        .map(String::from)
        .collect();
        // Every text of up to four characters over the alphabet above.
        let mut layer = vec![String::new()];
        for _ in 0..4 {
            layer = layer.iter().flat_map(|t| alphabet.iter().map(move |c| format!("{t}{c}"))).collect();
            texts.extend(layer.iter().cloned());
        }
        let mut plain = 0;
        for text in &texts {
            let trimmed = text.trim();
            if trimmed.is_empty() {
                continue;
            }
            if let Some(quick) = parse_plain(trimmed.as_bytes()) {
                plain += 1;
                let general = Num::parse_general(trimmed).unwrap_or_else(|e| panic!("{text:?}: {e:?}"));
                assert_eq!((quick.n, quick.d), (general.n, general.d), "{text:?}");
            }
        }
        assert!(plain > 1_000, "the quick reading takes the plain numbers ({plain})");
    }
}
