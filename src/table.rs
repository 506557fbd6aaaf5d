//! The roster's tables, stored compact: a million members in well under 150 bytes each.
//!
//! Facts are kept by column, each column in the narrowest exact form its values allow: integers of 8, 16 or 32 bits
//! counting in units of a column denominator (`89,5` in a column of halves is the integer 179), so a yes/no, a
//! choice or a score takes one or two bytes instead of a 16-byte [`Num`]. A value that does not fit (a denominator
//! the column cannot take, a number too large) is kept exactly as a [`Num`] beside the column; a cell marks it.
//! Widening a column (wider integers, a finer denominator) re-encodes that column only, exactly.
//!
//! Ids and names sit in one text arena with offsets; organizations and task groups are interned (a member holds a
//! 4-byte index); subject kinds and registered levels are bytes.
//!
//! *Architecture Invariant:* a value read back is equal to the value stored ([`Num`]'s equality, by value): the
//! test `tests/compact.rs` holds the example unit and a generated roster of 100,000 members to fingerprints taken
//! before the tables were made compact.

use std::collections::HashMap;
use std::sync::Arc;

use serde::Serialize;

use crate::input::Unread;
use crate::num::Num;

/// One person (or, in the organizations table, one organization) as read from input: what a reader pushes into a
/// [`Table`], and what [`RecordRef::to_owned`] gives back.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Record {
    pub id: String,
    pub name: String,
    /// Subject kind, as an index into the rule set's subjects.
    pub kind: usize,
    /// Members: the organization they belong to. Organizations: their parent.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub org: Option<String>,
    /// Members: the group with similar duties (NĐ 335 quota scope).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub task_group: Option<String>,
    /// Organizations: a base organization (tổ chức cơ sở đảng), the scope of the member quota.
    pub base: bool,
    /// The level the subject registered to strive for (đăng ký phấn đấu).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub target: Option<usize>,
    /// Where the record came from: the row in a table (1 = header), or the position in a JSON array plus one.
    pub row: u32,
}

/// A record as the table holds it, borrowed: the same fields as [`Record`], texts by reference.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct RecordRef<'a> {
    pub id: &'a str,
    pub name: &'a str,
    pub kind: usize,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub org: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub task_group: Option<&'a str>,
    pub base: bool,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub target: Option<usize>,
    pub row: u32,
}

impl Record {
    /// The record, borrowed.
    pub fn as_ref(&self) -> RecordRef<'_> {
        RecordRef {
            id: &self.id,
            name: &self.name,
            kind: self.kind,
            org: self.org.as_deref(),
            task_group: self.task_group.as_deref(),
            base: self.base,
            target: self.target,
            row: self.row,
        }
    }
}

impl RecordRef<'_> {
    pub fn to_owned(&self) -> Record {
        Record {
            id: self.id.to_string(),
            name: self.name.to_string(),
            kind: self.kind,
            org: self.org.map(str::to_string),
            task_group: self.task_group.map(str::to_string),
            base: self.base,
            target: self.target,
            row: self.row,
        }
    }
}

/// No organization, task group or registered level.
const NONE: u32 = u32::MAX;
const NO_BYTE: u8 = u8::MAX;
/// Records per block of the text arena: offsets are kept relative to their block's start, in 32 bits.
const BLOCK: usize = 1024;
/// An id or a name longer than this is cut (at a character boundary) so a block's text stays within 32-bit offsets;
/// the readers' cell limit is far below it.
const MAX_TEXT: usize = 1 << 20;
/// The finest column denominator; a value that would need a finer one is kept whole beside the column.
const MAX_SCALE: i128 = 1_000_000;

/// Strings stored once, named by index: every name in one text, found through an open-addressing table of their
/// hashes. A map of boxed names took several times the room in scattered allocations, which reading a large file
/// evicted from the caches: at 1,000,000 rows each row's lookup missed three times, a third of the import's time
/// (`perf annotate` of `CsvStream` on the text bench's 1M roster, issue 14).
#[derive(Clone, Debug, Default)]
struct Interner {
    /// Every name, one after the other.
    text: String,
    /// Where each name lies in `text`, by number.
    spans: Vec<(usize, usize)>,
    /// A power of two long and at most half full (empty until the first name): per slot the high half of a name's
    /// hash and its number + 1 (0 for an empty slot).
    slots: Vec<(u32, u32)>,
    hasher: NameHasher,
    /// The name interned last and where it lies: a roster lists an organization's members one after another, so
    /// the next row most often names it again (compared before any hashing, without a lookup).
    last: Option<(u32, (usize, usize))>,
}

/// The hash of names read from a file (the interner's, a reader's words): a word at a time, multiplied and rotated,
/// from a key drawn per map (a roster names its organizations in any order, so most rows hash a name; SipHash took
/// most of that time).
#[derive(Clone, Debug)]
pub(crate) struct NameHasher(u64);

impl Default for NameHasher {
    fn default() -> NameHasher {
        use std::hash::BuildHasher;
        NameHasher(std::collections::hash_map::RandomState::new().hash_one(0x5eed_u64) | 1)
    }
}

impl std::hash::BuildHasher for NameHasher {
    type Hasher = WordHasher;

    fn build_hasher(&self) -> WordHasher {
        WordHasher(self.0)
    }
}

pub(crate) struct WordHasher(u64);

impl std::hash::Hasher for WordHasher {
    fn write(&mut self, bytes: &[u8]) {
        const K: u64 = 0x9e37_79b9_7f4a_7c15;
        let mut words = bytes.chunks_exact(8);
        for word in &mut words {
            let word = u64::from_le_bytes(word.try_into().unwrap_or_default());
            self.0 = (self.0 ^ word).wrapping_mul(K).rotate_left(29);
        }
        let mut last = [0u8; 8];
        last[..words.remainder().len()].copy_from_slice(words.remainder());
        self.0 = (self.0 ^ u64::from_le_bytes(last) ^ ((bytes.len() as u64) << 56)).wrapping_mul(K).rotate_left(29);
    }

    fn finish(&self) -> u64 {
        let h = self.0;
        (h ^ (h >> 32)).wrapping_mul(0xff51_afd7_ed55_8ccd)
    }
}

/// `a == b`, a word at a time and inline: a reader compares a cell with the one before it on every row, and the
/// library's `memcmp` goes a byte at a time in WebAssembly.
#[inline]
pub(crate) fn same_text(a: &str, b: &str) -> bool {
    let (a, b) = (a.as_bytes(), b.as_bytes());
    if a.len() != b.len() {
        return false;
    }
    let (mut x, mut y) = (a.chunks_exact(8), b.chunks_exact(8));
    for (p, q) in (&mut x).zip(&mut y) {
        if u64::from_le_bytes(p.try_into().unwrap_or_default()) != u64::from_le_bytes(q.try_into().unwrap_or_default())
        {
            return false;
        }
    }
    x.remainder().iter().zip(y.remainder()).all(|(p, q)| p == q)
}

/// `a > b` (byte order, as `str` compares), a word at a time and inline ([`same_text`]).
#[inline]
pub(crate) fn after(a: &str, b: &str) -> bool {
    let (a, b) = (a.as_bytes(), b.as_bytes());
    let (mut x, mut y) = (a.chunks_exact(8), b.chunks_exact(8));
    for (p, q) in (&mut x).zip(&mut y) {
        let (p, q) = (
            u64::from_be_bytes(p.try_into().unwrap_or_default()),
            u64::from_be_bytes(q.try_into().unwrap_or_default()),
        );
        if p != q {
            return p > q;
        }
    }
    // The first eight bytes that differ, or the shorter text's end, are in the rest.
    let at = a.len().min(b.len()) / 8 * 8;
    for (p, q) in a[at..].iter().zip(&b[at..]) {
        if p != q {
            return p > q;
        }
    }
    a.len() > b.len()
}

impl Interner {
    fn intern(&mut self, name: Option<&str>) -> u32 {
        let Some(name) = name else { return NONE };
        if let Some((last, (start, end))) = self.last
            && same_text(&self.text[start..end], name)
        {
            return last;
        }
        use std::hash::BuildHasher;
        let hash = self.hasher.hash_one(name);
        if self.slots.is_empty() {
            self.slots = vec![(0, 0); 64];
        }
        let mask = self.slots.len() - 1;
        let tag = (hash >> 32) as u32;
        let mut at = hash as usize & mask;
        loop {
            let (slot_tag, number) = self.slots[at];
            if number == 0 {
                break;
            }
            let span = self.spans[number as usize - 1];
            if slot_tag == tag && same_text(&self.text[span.0..span.1], name) {
                self.last = Some((number - 1, span));
                return number - 1;
            }
            at = (at + 1) & mask;
        }
        let number = self.spans.len() as u32;
        let span = (self.text.len(), self.text.len() + name.len());
        self.text.push_str(name);
        self.spans.push(span);
        self.slots[at] = (tag, number + 1);
        if self.spans.len() * 2 > self.slots.len() {
            self.grow();
        }
        self.last = Some((number, span));
        number
    }

    /// The table twice as long, every name in its new slot.
    fn grow(&mut self) {
        use std::hash::BuildHasher;
        let mut slots = vec![(0u32, 0u32); self.slots.len() * 2];
        let mask = slots.len() - 1;
        for (number, &(start, end)) in self.spans.iter().enumerate() {
            let hash = self.hasher.hash_one(&self.text[start..end]);
            let mut at = hash as usize & mask;
            while slots[at].1 != 0 {
                at = (at + 1) & mask;
            }
            slots[at] = ((hash >> 32) as u32, number as u32 + 1);
        }
        self.slots = slots;
    }

    fn get(&self, at: u32) -> Option<&str> {
        self.spans.get(at as usize).map(|&(start, end)| &self.text[start..end])
    }

    fn len(&self) -> usize {
        self.spans.len()
    }

    fn names(&self) -> impl Iterator<Item = &str> {
        self.spans.iter().map(|&(start, end)| &self.text[start..end])
    }
}

/// The records' fields, one vector each.
#[derive(Clone, Debug, Default)]
struct Records {
    /// Every record's id then name, one after the other.
    text: String,
    /// Where each block of [`BLOCK`] records starts in `text`.
    block_start: Vec<usize>,
    /// Per record, the ends of its id and of its name, relative to its block's start.
    ends: Vec<[u32; 2]>,
    kind: Vec<u8>,
    org: Vec<u32>,
    task_group: Vec<u32>,
    target: Vec<u8>,
    base: Vec<bool>,
    row: Vec<u32>,
    /// Organization and task group names.
    names: Interner,
}

fn cut(text: &str) -> &str {
    if text.len() <= MAX_TEXT {
        return text;
    }
    let mut end = MAX_TEXT;
    while !text.is_char_boundary(end) {
        end -= 1;
    }
    &text[..end]
}

impl Records {
    fn len(&self) -> usize {
        self.ends.len()
    }

    fn push(&mut self, record: RecordRef) {
        let index = self.len();
        if index % BLOCK == 0 {
            self.block_start.push(self.text.len());
        }
        let start = self.block_start[index / BLOCK];
        self.text.push_str(cut(record.id));
        let id_end = (self.text.len() - start) as u32;
        self.text.push_str(cut(record.name));
        let name_end = (self.text.len() - start) as u32;
        self.ends.push([id_end, name_end]);
        debug_assert!(record.kind < NO_BYTE as usize, "subject kinds are few");
        self.kind.push(record.kind.min(NO_BYTE as usize - 1) as u8);
        self.org.push(self.names.intern(record.org));
        self.task_group.push(self.names.intern(record.task_group));
        self.target.push(record.target.map_or(NO_BYTE, |t| t.min(NO_BYTE as usize - 1) as u8));
        self.base.push(record.base);
        self.row.push(record.row);
    }

    fn texts(&self, index: usize) -> (&str, &str) {
        let start = self.block_start[index / BLOCK];
        let begin = if index % BLOCK == 0 { 0 } else { self.ends[index - 1][1] as usize };
        let [id_end, name_end] = self.ends[index];
        (
            &self.text[start + begin..start + id_end as usize],
            &self.text[start + id_end as usize..start + name_end as usize],
        )
    }

    fn get(&self, index: usize) -> RecordRef<'_> {
        let (id, name) = self.texts(index);
        RecordRef {
            id,
            name,
            kind: self.kind[index] as usize,
            org: self.names.get(self.org[index]),
            task_group: self.names.get(self.task_group[index]),
            base: self.base[index],
            target: (self.target[index] != NO_BYTE).then_some(self.target[index] as usize),
            row: self.row[index],
        }
    }

    fn shrink(&mut self) {
        self.text.shrink_to_fit();
        self.block_start.shrink_to_fit();
        self.ends.shrink_to_fit();
        self.kind.shrink_to_fit();
        self.org.shrink_to_fit();
        self.task_group.shrink_to_fit();
        self.target.shrink_to_fit();
        self.base.shrink_to_fit();
        self.row.shrink_to_fit();
    }
}

/// A column's cells: integers counting in units of the column's denominator. The two lowest values of each width
/// are markers: no value ([`Num::MISSING`]) and a value kept whole in the column's `whole` map.
#[derive(Clone, Debug)]
enum Cells {
    /// Every cell so far has no value.
    Empty,
    I8(Vec<i8>),
    I16(Vec<i16>),
    I32(Vec<i32>),
}

/// The markers and limits of a width, as `i64`.
trait Width: Copy + Into<i64> + TryFrom<i64> {
    const MISSING: Self;
    const WHOLE: Self;
    const LOW: i64;
}

macro_rules! width {
    ($t:ty) => {
        impl Width for $t {
            const MISSING: $t = <$t>::MIN;
            const WHOLE: $t = <$t>::MIN + 1;
            const LOW: i64 = <$t>::MIN as i64 + 2;
        }
    };
}
width!(i8);
width!(i16);
width!(i32);

/// What a cell holds, whatever the width.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Code {
    Missing,
    Whole,
    Value(i64),
}

fn code_of<W: Width>(cell: W) -> Code {
    let value: i64 = cell.into();
    if value == W::MISSING.into() {
        Code::Missing
    } else if value == W::WHOLE.into() {
        Code::Whole
    } else {
        Code::Value(value)
    }
}

fn cell_of<W: Width>(code: Code) -> Option<W> {
    match code {
        Code::Missing => Some(W::MISSING),
        Code::Whole => Some(W::WHOLE),
        Code::Value(value) if value >= W::LOW => W::try_from(value).ok(),
        Code::Value(_) => None,
    }
}

/// The width a value needs: 1, 2, 4 bytes, or none (kept whole).
fn width_for(value: i64) -> Option<u8> {
    if cell_of::<i8>(Code::Value(value)).is_some() {
        Some(1)
    } else if cell_of::<i16>(Code::Value(value)).is_some() {
        Some(2)
    } else if cell_of::<i32>(Code::Value(value)).is_some() {
        Some(4)
    } else {
        None
    }
}

fn gcd(mut a: i128, mut b: i128) -> i128 {
    a = a.abs();
    b = b.abs();
    while b != 0 {
        (a, b) = (b, a % b);
    }
    a
}

/// One fact's values for every record.
#[derive(Clone, Debug)]
struct Column {
    /// The denominator the cells count in (a value `v` is stored as `v × scale`).
    scale: i64,
    cells: Cells,
    /// Values that do not fit the cells, by record.
    whole: HashMap<u32, Num>,
}

impl Default for Column {
    fn default() -> Column {
        Column { scale: 1, cells: Cells::Empty, whole: HashMap::new() }
    }
}

impl Column {
    fn width(&self) -> u8 {
        match self.cells {
            Cells::Empty => 0,
            Cells::I8(_) => 1,
            Cells::I16(_) => 2,
            Cells::I32(_) => 4,
        }
    }

    fn code(&self, index: usize) -> Code {
        match &self.cells {
            Cells::Empty => Code::Missing,
            Cells::I8(cells) => code_of(cells[index]),
            Cells::I16(cells) => code_of(cells[index]),
            Cells::I32(cells) => code_of(cells[index]),
        }
    }

    fn get(&self, index: usize) -> Num {
        match self.code(index) {
            Code::Missing => Num::MISSING,
            Code::Whole => self.whole.get(&(index as u32)).copied().unwrap_or(Num::MISSING),
            Code::Value(value) => Num::from_raw_parts(value, self.scale),
        }
    }

    /// The cell of `value` at this column's scale, when it is a whole number of units.
    fn scaled(&self, value: Num) -> Option<i64> {
        let (n, d) = value.raw_parts();
        // The common cases without a division of 128 bits: the denominator divides the column's.
        if d > 0 && self.scale % d == 0 {
            return n.checked_mul(self.scale / d);
        }
        let scaled = n as i128 * self.scale as i128;
        (scaled % d as i128 == 0).then(|| i64::try_from(scaled / d as i128).ok()).flatten()
    }

    /// Every cell as a code, `len` of them.
    fn codes(&self, len: usize) -> Vec<Code> {
        (0..len).map(|i| self.code(i)).collect()
    }

    /// Re-encode the column at `scale` and at least `width` bytes (values that do not fit become whole).
    fn rebuild(&mut self, len: usize, scale: i64, width: u8) {
        let factor = scale / self.scale;
        let mut codes = self.codes(len);
        let mut widest = width;
        for (index, code) in codes.iter_mut().enumerate() {
            if let Code::Value(value) = *code {
                match value.checked_mul(factor).filter(|v| width_for(*v).is_some()) {
                    Some(value) => {
                        *code = Code::Value(value);
                        widest = widest.max(width_for(value).unwrap_or(4));
                    }
                    None => {
                        self.whole.insert(index as u32, Num::from_raw_parts(value, self.scale));
                        *code = Code::Whole;
                    }
                }
            }
        }
        self.scale = scale;
        self.cells = match widest {
            0 | 1 => Cells::I8(codes.iter().map(|c| cell_of(*c).unwrap_or(i8::WHOLE)).collect()),
            2 => Cells::I16(codes.iter().map(|c| cell_of(*c).unwrap_or(i16::WHOLE)).collect()),
            _ => Cells::I32(codes.iter().map(|c| cell_of(*c).unwrap_or(i32::WHOLE)).collect()),
        };
    }

    /// The code `value` takes, re-encoding the column first when it needs a finer denominator or wider cells.
    fn code_for(&mut self, len: usize, value: Num) -> Code {
        if value.is_missing() && !value.is_no_base() {
            return Code::Missing;
        }
        if value.is_missing() {
            return Code::Whole;
        }
        let scaled = match self.scaled(value) {
            Some(scaled) => Some(scaled),
            None => {
                let (n, d) = value.raw_parts();
                let reduced = d as i128 / gcd(n as i128, d as i128).max(1);
                let scale = self.scale as i128 / gcd(self.scale as i128, reduced) * reduced;
                if scale <= MAX_SCALE {
                    self.rebuild(len, scale as i64, self.width());
                    self.scaled(value)
                } else {
                    None
                }
            }
        };
        let Some(scaled) = scaled else { return Code::Whole };
        match width_for(scaled) {
            Some(width) if width > self.width() => {
                self.rebuild(len, self.scale, width);
                Code::Value(scaled)
            }
            Some(_) => Code::Value(scaled),
            None => Code::Whole,
        }
    }

    /// Store `code` at `index` (`index == len` appends).
    fn put(&mut self, index: usize, code: Code) {
        fn at<W: Width>(cells: &mut Vec<W>, index: usize, code: Code) {
            let cell = cell_of(code).unwrap_or(W::WHOLE);
            if index == cells.len() {
                cells.push(cell);
            } else {
                cells[index] = cell;
            }
        }
        match &mut self.cells {
            Cells::Empty => {}
            Cells::I8(cells) => at(cells, index, code),
            Cells::I16(cells) => at(cells, index, code),
            Cells::I32(cells) => at(cells, index, code),
        }
    }

    /// Append `value` when it is no value or a whole number of the column's units that fits its cells as they are
    /// (what most cells of a roster are): no division, no re-encoding. `false` when it takes [`Column::set`]'s way.
    #[inline(always)]
    fn push_plain(&mut self, value: Num) -> bool {
        fn push<W: Width>(cells: &mut Vec<W>, cell: Option<i64>) -> bool {
            let cell = match cell {
                None => W::MISSING,
                Some(value) if value >= W::LOW => match W::try_from(value) {
                    Ok(cell) => cell,
                    Err(_) => return false,
                },
                Some(_) => return false,
            };
            cells.push(cell);
            true
        }
        let (n, d) = value.raw_parts();
        let cell = match d {
            0 if n == 0 => None,
            1 => match n.checked_mul(self.scale) {
                Some(cell) => Some(cell),
                None => return false,
            },
            _ if d == self.scale => Some(n),
            _ => return false,
        };
        match &mut self.cells {
            Cells::Empty => cell.is_none(),
            Cells::I8(cells) => push(cells, cell),
            Cells::I16(cells) => push(cells, cell),
            Cells::I32(cells) => push(cells, cell),
        }
    }

    /// Set record `index`'s value; `len` is the number of records before (`index == len` appends).
    fn set(&mut self, len: usize, index: usize, value: Num) {
        if index == len && self.push_plain(value) {
            return;
        }
        self.set_coded(len, index, value);
    }

    /// [`Column::set`] of a value [`Column::push_plain`] does not take: coded, the column re-encoded if need be.
    fn set_coded(&mut self, len: usize, index: usize, value: Num) {
        let mut code = self.code_for(len, value);
        if matches!(self.cells, Cells::Empty) && code != Code::Missing {
            self.rebuild(len, self.scale, 1);
            code = self.code_for(len, value);
        }
        if code == Code::Whole {
            self.whole.insert(index as u32, value);
        } else if index < len {
            self.whole.remove(&(index as u32));
        }
        self.put(index, code);
    }

    /// `cells` (those of records `start..`) decoded into slot `fact` of `rows`, `stride` values a record.
    fn decode<W: Width>(&self, cells: &[W], start: usize, fact: usize, stride: usize, rows: &mut [Num]) {
        for (record, cell) in cells.iter().enumerate() {
            rows[record * stride + fact] = match code_of(*cell) {
                Code::Missing => Num::MISSING,
                Code::Value(value) => Num::from_raw_parts(value, self.scale),
                Code::Whole => self.whole.get(&((start + record) as u32)).copied().unwrap_or(Num::MISSING),
            };
        }
    }

    fn shrink(&mut self) {
        match &mut self.cells {
            Cells::Empty => {}
            Cells::I8(cells) => cells.shrink_to_fit(),
            Cells::I16(cells) => cells.shrink_to_fit(),
            Cells::I32(cells) => cells.shrink_to_fit(),
        }
        self.whole.shrink_to_fit();
    }
}

/// One fact's cells as stored, for evaluation that reads a column in place: cell `c` of a width means no value
/// when it is the width's `MIN`, a value kept whole ([`ColumnView::whole`]) when `MIN + 1`, and `c / scale`
/// otherwise.
#[derive(Clone, Copy, Debug)]
pub enum ColumnCells<'a> {
    /// No record has a value.
    Empty,
    I8(&'a [i8]),
    I16(&'a [i16]),
    I32(&'a [i32]),
}

/// A column of a [`Table`] as stored ([`Table::column`]).
#[derive(Clone, Copy, Debug)]
pub struct ColumnView<'a> {
    pub cells: ColumnCells<'a>,
    /// The denominator the cells count in.
    pub scale: i64,
    column: &'a Column,
}

impl ColumnView<'_> {
    /// The value kept whole for record `index` (its cell is the width's `MIN + 1`).
    pub fn whole(&self, index: usize) -> Num {
        self.column.get(index)
    }
}

/// Rows of numbers without records, stored by column as a [`Table`]'s facts are: the organizations' evaluated rows
/// in a unit's result.
#[derive(Clone, Debug, Default)]
pub struct Rows {
    columns: Vec<Column>,
    len: usize,
}

impl Rows {
    pub fn new(stride: usize) -> Rows {
        Rows { columns: vec![Column::default(); stride], len: 0 }
    }

    pub fn len(&self) -> usize {
        self.len
    }

    pub fn is_empty(&self) -> bool {
        self.len == 0
    }

    /// Add a row (`stride` values; missing ones are no value).
    pub fn push(&mut self, row: &[Num]) {
        for (fact, column) in self.columns.iter_mut().enumerate() {
            column.set(self.len, self.len, row.get(fact).copied().unwrap_or(Num::MISSING));
        }
        self.len += 1;
    }

    /// Value `fact` of row `index`.
    pub fn value(&self, index: usize, fact: usize) -> Num {
        self.columns[fact].get(index)
    }

    /// Row `index` as a new vector.
    pub fn row_vec(&self, index: usize) -> Vec<Num> {
        self.columns.iter().map(|column| column.get(index)).collect()
    }

    pub fn shrink_to_fit(&mut self) {
        for column in &mut self.columns {
            column.shrink();
        }
    }
}

/// Equal when every value is (whatever form the columns took).
impl PartialEq for Rows {
    fn eq(&self, other: &Rows) -> bool {
        self.len == other.len
            && self.columns.len() == other.columns.len()
            && (0..self.len).all(|i| self.row_vec(i) == other.row_vec(i))
    }
}

/// A list of numbers stored as one column ([the module](self)): the members' scores in a unit's result.
#[derive(Clone, Debug, Default)]
pub struct Numbers {
    column: Column,
    len: usize,
}

impl Numbers {
    pub fn len(&self) -> usize {
        self.len
    }

    pub fn is_empty(&self) -> bool {
        self.len == 0
    }

    pub fn push(&mut self, value: Num) {
        self.column.set(self.len, self.len, value);
        self.len += 1;
    }

    /// Number `index` (below `len`).
    pub fn get(&self, index: usize) -> Num {
        self.column.get(index)
    }

    pub fn shrink_to_fit(&mut self) {
        self.column.shrink();
    }
}

/// A table's records and the columns of their facts: what the copies of a [`Table`] share.
#[derive(Clone, Debug, Default)]
struct Facts {
    records: Records,
    columns: Vec<Column>,
}

impl Facts {
    fn new(stride: usize) -> Facts {
        Facts { records: Records::default(), columns: vec![Column::default(); stride] }
    }

    fn len(&self) -> usize {
        self.records.len()
    }

    fn reserve(&mut self, more: usize) {
        let records = &mut self.records;
        let text = records.text.len().div_ceil(records.len().max(1));
        records.text.reserve_exact(text * more);
        records.block_start.reserve_exact(more / BLOCK + 1);
        records.ends.reserve_exact(more);
        records.kind.reserve_exact(more);
        records.org.reserve_exact(more);
        records.task_group.reserve_exact(more);
        records.target.reserve_exact(more);
        records.base.reserve_exact(more);
        records.row.reserve_exact(more);
        for column in &mut self.columns {
            match &mut column.cells {
                Cells::Empty => {}
                Cells::I8(cells) => cells.reserve_exact(more),
                Cells::I16(cells) => cells.reserve_exact(more),
                Cells::I32(cells) => cells.reserve_exact(more),
            }
        }
    }

    fn shrink(&mut self) {
        self.records.shrink();
        for column in &mut self.columns {
            column.shrink();
        }
    }
}

/// A [`Table`] being read: records pushed one by one into its own records and columns (no cost a row for sharing
/// them), made a table once by [`TableBuilder::finish`].
#[derive(Clone, Debug, Default)]
pub struct TableBuilder {
    pub stride: usize,
    pub unread: Vec<Unread>,
    /// As [`Table::declared`]: empty, or one a record pushed.
    pub declared: Vec<crate::decision::Declared>,
    facts: Facts,
}

impl TableBuilder {
    pub fn new(stride: usize) -> TableBuilder {
        TableBuilder { stride, facts: Facts::new(stride), ..TableBuilder::default() }
    }

    pub fn len(&self) -> usize {
        self.facts.len()
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// Add a record and its row (`stride` facts).
    pub fn push(&mut self, record: Record, row: &[Num]) {
        self.push_ref(record.as_ref(), row);
    }

    /// [`TableBuilder::push`] with the record's texts borrowed (a reader's cells): they are copied into the table's
    /// arena, with no text of their own on the way.
    pub fn push_ref(&mut self, record: RecordRef, row: &[Num]) {
        debug_assert_eq!(row.len(), self.stride);
        let len = self.len();
        for (column, value) in self.facts.columns.iter_mut().zip(row) {
            if !column.push_plain(*value) {
                column.set_coded(len, len, *value);
            }
        }
        self.facts.records.push(record);
    }

    /// Room for `more` records beyond those pushed, with texts and cells like theirs on average: a reader that
    /// knows how many rows are coming grows each vector once, not by doubling (a WebAssembly memory keeps its peak).
    pub fn reserve(&mut self, more: usize) {
        self.facts.reserve(more);
        if !self.declared.is_empty() {
            self.declared.reserve_exact(more);
        }
    }

    /// Give back the room reserved for growth (once the table is read).
    pub fn shrink_to_fit(&mut self) {
        self.facts.shrink();
        self.unread.shrink_to_fit();
        self.declared.shrink_to_fit();
    }

    /// The table read: its records and columns moved (not copied) to where its copies will share them.
    pub fn finish(self) -> Table {
        let TableBuilder { stride, unread, declared, facts } = self;
        Table { stride, unread, declared, facts: Arc::new(facts) }
    }
}

/// Records and their input facts, `stride` facts each, stored by column ([the module](self)). Rows that hold
/// someone but could not be read are in `unread`. Made by a [`TableBuilder`].
///
/// The records and columns are shared by the table's copies (an `Arc`): a copy that changes only `declared` or
/// `unread` (a level set in the app) costs no copy of them; one that changes a fact copies them first.
#[derive(Clone, Debug, Default)]
pub struct Table {
    pub stride: usize,
    pub unread: Vec<Unread>,
    /// The levels each record's row declares (self-proposed, the cell's proposal, the decision), by record; empty
    /// when the table has none of those columns ([`Table::declared`]).
    pub declared: Vec<crate::decision::Declared>,
    facts: Arc<Facts>,
}

impl Table {
    /// A table without records.
    pub fn new(stride: usize) -> Table {
        TableBuilder::new(stride).finish()
    }

    /// The table to push more records into: its records and columns taken back, copied only when a copy of the
    /// table shares them.
    pub fn into_builder(self) -> TableBuilder {
        let Table { stride, unread, declared, facts } = self;
        TableBuilder { stride, unread, declared, facts: Arc::unwrap_or_clone(facts) }
    }

    /// Whether `other` shares this table's records and columns (a copy of it with no fact changed).
    pub fn shares_facts_with(&self, other: &Table) -> bool {
        Arc::ptr_eq(&self.facts, &other.facts)
    }

    /// The records and columns to change, copied first when a copy of the table shares them.
    fn facts_mut(&mut self) -> &mut Facts {
        Arc::make_mut(&mut self.facts)
    }

    pub fn len(&self) -> usize {
        self.facts.len()
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// Record `index`.
    pub fn record(&self, index: usize) -> RecordRef<'_> {
        self.facts.records.get(index)
    }

    /// Record `index`, when there is one.
    pub fn get_record(&self, index: usize) -> Option<RecordRef<'_>> {
        (index < self.len()).then(|| self.facts.records.get(index))
    }

    /// Every record, in order.
    pub fn records(&self) -> impl DoubleEndedIterator<Item = RecordRef<'_>> + ExactSizeIterator + Clone + '_ {
        (0..self.len()).map(|i| self.facts.records.get(i))
    }

    /// Record `index`'s id (without building the whole record).
    pub fn id(&self, index: usize) -> &str {
        self.facts.records.texts(index).0
    }

    /// Record `index`'s subject kind.
    pub fn kind(&self, index: usize) -> usize {
        self.facts.records.kind[index] as usize
    }

    /// Every record's row number changed by `renumber` (JSON input numbers records by position).
    pub fn renumber_rows(&mut self, renumber: impl Fn(u32) -> u32) {
        for row in &mut self.facts_mut().records.row {
            *row = renumber(*row);
        }
    }

    /// The value of fact `fact` (a slot below `stride`) for record `index`.
    pub fn value(&self, index: usize, fact: usize) -> Num {
        self.facts.columns[fact].get(index)
    }

    /// Set the value of fact `fact` for record `index`.
    pub fn set_value(&mut self, index: usize, fact: usize, value: Num) {
        let len = self.len();
        self.facts_mut().columns[fact].set(len, index, value);
    }

    /// Record `index`'s facts copied into `row` (at least `stride` long).
    pub fn load_row(&self, index: usize, row: &mut [Num]) {
        for (value, column) in row.iter_mut().zip(&self.facts.columns) {
            *value = column.get(index);
        }
    }

    /// Record `index`'s facts as a new vector (for one row at a time: explanations, edits).
    pub fn row_vec(&self, index: usize) -> Vec<Num> {
        let mut row = vec![Num::MISSING; self.stride];
        self.load_row(index, &mut row);
        row
    }

    /// Replace record `index`'s facts with `row`.
    pub fn store_row(&mut self, index: usize, row: &[Num]) {
        let len = self.len();
        for (column, value) in self.facts_mut().columns.iter_mut().zip(row) {
            column.set(len, index, *value);
        }
    }

    /// The facts of records `start..start + count` into `rows`, `stride` values a record, one column at a time (a
    /// batch for evaluation: one pass per column, no decision per cell on the column's form).
    pub fn load_rows(&self, start: usize, count: usize, rows: &mut Vec<Num>) {
        let stride = self.stride;
        rows.clear();
        rows.resize(count * stride, Num::MISSING);
        for (fact, column) in self.facts.columns.iter().enumerate() {
            let range = start..start + count;
            match &column.cells {
                Cells::Empty => {}
                Cells::I8(cells) => column.decode(&cells[range], start, fact, stride, rows),
                Cells::I16(cells) => column.decode(&cells[range], start, fact, stride, rows),
                Cells::I32(cells) => column.decode(&cells[range], start, fact, stride, rows),
            }
        }
    }

    /// Every record, owned (for tests and comparisons).
    pub fn to_records(&self) -> Vec<Record> {
        self.records().map(|r| r.to_owned()).collect()
    }

    /// Every value, record after record, `stride` a record (for tests and comparisons).
    pub fn to_values(&self) -> Vec<Num> {
        let mut values = Vec::new();
        self.load_rows(0, self.len(), &mut values);
        values
    }

    /// Fact `fact`'s column as stored, to read in place ([`ColumnView`]).
    pub fn column(&self, fact: usize) -> ColumnView<'_> {
        let column = &self.facts.columns[fact];
        let cells = match &column.cells {
            Cells::Empty => ColumnCells::Empty,
            Cells::I8(cells) => ColumnCells::I8(cells),
            Cells::I16(cells) => ColumnCells::I16(cells),
            Cells::I32(cells) => ColumnCells::I32(cells),
        };
        ColumnView { cells, scale: column.scale, column }
    }

    /// The bytes each column's cells take (1, 2, 4; 0 for a column with no value), for the benchmark's account.
    pub fn column_widths(&self) -> Vec<u8> {
        self.facts.columns.iter().map(Column::width).collect()
    }

    /// Every record's subject kind, as stored (one byte each), for evaluation by column.
    pub fn kinds(&self) -> &[u8] {
        &self.facts.records.kind
    }
}

// wire: the tables as bytes for the app's Web Worker (`crate::wire`): raw columns and text, read back checked.
mod wire_parts {
    use super::*;
    use crate::wire::{Reader, Wire, WireError, Writer};

    /// Records checked in a part of [`Table::wire_take`]'s checks (about a step's work of a decoder).
    const RECORDS_A_CHECK: usize = 16_384;

    fn put_column(column: &Column, out: &mut Writer) {
        out.i64(column.scale);
        match &column.cells {
            Cells::Empty => out.u8(0),
            Cells::I8(cells) => {
                out.u8(1);
                out.i8s(cells);
            }
            Cells::I16(cells) => {
                out.u8(2);
                out.i16s(cells);
            }
            Cells::I32(cells) => {
                out.u8(4);
                out.i32s(cells);
            }
        }
        let mut whole: Vec<(&u32, &Num)> = column.whole.iter().collect();
        whole.sort_unstable_by_key(|(index, _)| **index);
        out.len(whole.len());
        for (index, value) in whole {
            out.u32(*index);
            value.put(out);
        }
    }

    /// A column of `len` cells.
    async fn take_column(r: &mut Reader<'_>, len: usize) -> Result<Column, WireError> {
        let scale = r.i64()?;
        if !(1..=MAX_SCALE as i64).contains(&scale) {
            return Err(r.error("a column's denominator"));
        }
        let (cells, count) = match r.u8()? {
            0 => (Cells::Empty, len),
            1 => {
                let cells = r.i8s().await?;
                let count = cells.len();
                (Cells::I8(cells), count)
            }
            2 => {
                let cells = r.i16s().await?;
                let count = cells.len();
                (Cells::I16(cells), count)
            }
            4 => {
                let cells = r.i32s().await?;
                let count = cells.len();
                (Cells::I32(cells), count)
            }
            _ => return Err(r.error("a column's width")),
        };
        if count != len {
            return Err(r.error("a cell for every record"));
        }
        let entries = r.len(20)?;
        let mut whole = HashMap::with_capacity(entries);
        for _ in 0..entries {
            whole.insert(r.u32()?, Num::take(r)?);
            r.pause(20).await;
        }
        Ok(Column { scale, cells, whole })
    }

    impl Numbers {
        pub(crate) fn wire_put(&self, out: &mut Writer) {
            put_column(&self.column, out);
        }

        /// `len` numbers (the count the caller read before), their column as it was written.
        pub(crate) async fn wire_take(r: &mut Reader<'_>, len: usize) -> Result<Numbers, WireError> {
            Ok(Numbers { column: take_column(r, len).await?, len })
        }
    }

    impl Table {
        pub(crate) fn wire_put(&self, out: &mut Writer) {
            out.len(self.stride);
            self.unread.put(out);
            self.declared.put(out);
            let records = &self.facts.records;
            out.str(&records.text);
            out.len(records.block_start.len());
            for start in &records.block_start {
                out.u64(*start as u64);
            }
            out.u32s(records.ends.as_flattened());
            out.bytes(&records.kind);
            out.u32s(&records.org);
            out.u32s(&records.task_group);
            out.bytes(&records.target);
            out.len(records.base.len());
            for base in &records.base {
                out.u8(*base as u8);
            }
            out.u32s(&records.row);
            out.len(records.names.len());
            for name in records.names.names() {
                out.str(name);
            }
            for column in &self.facts.columns {
                put_column(column, out);
            }
        }

        /// The table [`Table::wire_put`] wrote, a part at a time ([`Reader::pause`]): its large arrays a slice at a
        /// time, then every record checked (its texts within the arena, at character boundaries; its organization
        /// and task group among the names), a part at a time.
        pub(crate) async fn wire_take(r: &mut Reader<'_>) -> Result<Table, WireError> {
            let stride = r.len(1)?;
            let unread = r.list(4).await?;
            let declared: Vec<crate::decision::Declared> = r.list(3).await?;
            let text = r.text().await?;
            let blocks = r.len(8)?;
            let block_start = (0..blocks).map(|_| r.u64().map(|s| s as usize)).collect::<Result<Vec<_>, _>>()?;
            r.pause(blocks * 8).await;
            let ends = r.u32_pairs().await?;
            let kind = r.bytes().await?;
            let org = r.u32s().await?;
            let task_group = r.u32s().await?;
            let target = r.bytes().await?;
            let base = r.bytes().await?;
            if base.iter().any(|b| *b > 1) {
                return Err(r.error("0 or 1"));
            }
            let base: Vec<bool> = base.into_iter().map(|b| b == 1).collect();
            let row = r.u32s().await?;
            let count = r.len(8)?;
            let mut names = Interner::default();
            for _ in 0..count {
                let name = r.string()?;
                names.intern(Some(&name));
                r.pause(8 + name.len()).await;
            }
            let len = ends.len();
            let names_len = names.len() as u32;
            let shaped = [kind.len(), org.len(), task_group.len(), target.len(), base.len(), row.len()]
                .iter()
                .all(|l| *l == len)
                && block_start.len() == len.div_ceil(BLOCK)
                && names_len as usize == count
                && (declared.is_empty() || declared.len() == len);
            let broken = r.error("records of one length, their texts within the arena");
            if !shaped {
                return Err(broken);
            }
            for part in (0..len).step_by(RECORDS_A_CHECK) {
                let consistent = (part..len.min(part + RECORDS_A_CHECK)).all(|index| {
                    let start = block_start[index / BLOCK];
                    let begin = if index % BLOCK == 0 { 0 } else { ends[index - 1][1] as usize };
                    let [id_end, name_end] = ends[index];
                    let (begin, id_end, name_end) = (
                        start.saturating_add(begin),
                        start.saturating_add(id_end as usize),
                        start.saturating_add(name_end as usize),
                    );
                    (org[index] == NONE || org[index] < names_len)
                        && (task_group[index] == NONE || task_group[index] < names_len)
                        && begin <= id_end
                        && id_end <= name_end
                        && name_end <= text.len()
                        && text.is_char_boundary(begin)
                        && text.is_char_boundary(id_end)
                        && text.is_char_boundary(name_end)
                });
                if !consistent {
                    return Err(broken);
                }
                r.pause(RECORDS_A_CHECK * 16).await;
            }
            let records = Records { text, block_start, ends, kind, org, task_group, target, base, row, names };
            let mut columns = Vec::with_capacity(stride);
            for _ in 0..stride {
                columns.push(take_column(r, len).await?);
            }
            Ok(Table { stride, unread, declared, facts: Arc::new(Facts { records, columns }) })
        }
    }

    impl Rows {
        pub(crate) fn wire_put(&self, out: &mut Writer) {
            out.len(self.columns.len());
            out.len(self.len);
            for column in &self.columns {
                put_column(column, out);
            }
        }

        pub(crate) async fn wire_take(r: &mut Reader<'_>) -> Result<Rows, WireError> {
            let stride = r.len(1)?;
            let len = usize::try_from(r.u64()?).ok().filter(|l| *l <= u32::MAX as usize).ok_or(r.error("a count"))?;
            let mut columns = Vec::with_capacity(stride);
            for _ in 0..stride {
                columns.push(take_column(r, len).await?);
            }
            Ok(Rows { columns, len })
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every name gets one number, the first time it comes, whatever the order (repeated at once, or after others,
    /// across the table's growth), and reads back as it was; the empty name is a name, no name is none.
    #[test]
    fn the_interner_numbers_each_name_once() {
        let mut interner = Interner::default();
        let mut expected: HashMap<String, u32> = HashMap::new();
        let pieces = ["", "B0", "B01705-C0", "Chi bộ 1", "Đảng bộ xã Tân Hòa", "x", "xxxxxxxx", "xxxxxxxxy"];
        for i in 0..20_000usize {
            // Names from a small set (repeated, sometimes right after themselves) and from a large one.
            let name = match i % 5 {
                0 | 1 => pieces[i % pieces.len()].to_string(),
                2 => format!("{}{}", pieces[i / 5 % pieces.len()], i / 40),
                _ => format!("org-{}", i * 7919 % 6007),
            };
            let next = expected.len() as u32;
            let want = *expected.entry(name.clone()).or_insert(next);
            assert_eq!(interner.intern(Some(&name)), want, "{name:?} at {i}");
            assert_eq!(interner.intern(Some(&name)), want, "{name:?} again at once");
        }
        assert_eq!(interner.intern(None), NONE);
        assert_eq!(interner.len(), expected.len());
        for (name, &at) in &expected {
            assert_eq!(interner.get(at), Some(name.as_str()));
        }
        let names: Vec<&str> = interner.names().collect();
        assert_eq!(names.len(), expected.len());
        assert!(names.iter().enumerate().all(|(at, name)| expected[*name] == at as u32));
        assert_eq!(interner.get(expected.len() as u32), None);
    }

    #[test]
    fn texts_compare_a_word_at_a_time_as_str_compares_them() {
        let pieces = ["", "a", "b", "M000", "M001", "Nguyễn", "đ", "\u{0}", "\u{ff}", "xxxxxxxx"];
        let texts: Vec<String> = (0..pieces.len().pow(3))
            .map(|i| {
                let (a, b, c) = (i % pieces.len(), i / pieces.len() % pieces.len(), i / pieces.len().pow(2));
                [pieces[a], pieces[b], pieces[c]].concat()
            })
            .collect();
        for a in &texts {
            for b in &texts {
                assert_eq!(same_text(a, b), a == b, "{a:?} {b:?}");
                assert_eq!(after(a, b), a > b, "{a:?} {b:?}");
            }
        }
    }

    fn record(id: &str, org: Option<&str>) -> Record {
        Record {
            id: id.into(),
            name: format!("Tên {id}"),
            kind: 1,
            org: org.map(str::to_string),
            task_group: None,
            base: id.ends_with('0'),
            target: Some(2),
            row: 7,
        }
    }

    fn num(text: &str) -> Num {
        Num::parse(text).expect("a number")
    }

    /// A table of one column holding `values`, and the column's width afterwards.
    fn column_of(values: &[Num]) -> (Table, u8) {
        let mut table = TableBuilder::new(1);
        for (i, value) in values.iter().enumerate() {
            table.push(record(&format!("dv{i}"), None), &[*value]);
        }
        let table = table.finish();
        let width = table.column_widths()[0];
        (table, width)
    }

    #[test]
    fn every_value_reads_back_equal_and_the_column_takes_the_narrowest_form() {
        let cases: &[(&[&str], u8)] = &[
            (&["1", "0", "1"], 1),
            (&["89,5", "90", "27.25"], 2),
            (&["30%", "12,34%"], 2),
            (&["1000", "-3"], 2),
            (&["100000", "0,5"], 4),
            (&["123456789012", "1"], 1),
            (&["0,000000001", "2"], 1),
        ];
        for (texts, width) in cases {
            let values: Vec<Num> = texts.iter().map(|t| num(t)).collect();
            let (table, got) = column_of(&values);
            assert_eq!(got, *width, "{texts:?}");
            for (i, value) in values.iter().enumerate() {
                assert_eq!(table.value(i, 0), *value, "{texts:?} [{i}]");
                assert_eq!(format!("{:?}", table.value(i, 0)), format!("{value:?}"));
            }
        }
    }

    #[test]
    fn missing_no_base_and_the_markers_own_values_stay_apart() {
        let values =
            [Num::MISSING, Num::NO_BASE, Num::int(-128), Num::int(-127), Num::int(127), Num::MISSING, Num::int(-126)];
        let (table, width) = column_of(&values);
        assert_eq!(width, 2, "-128 and -127 are the markers of bytes: the column takes 16 bits");
        for (i, value) in values.iter().enumerate() {
            let got = table.value(i, 0);
            assert_eq!((got.is_missing(), got.is_no_base()), (value.is_missing(), value.is_no_base()), "[{i}]");
            if !value.is_missing() {
                assert_eq!(got, *value, "[{i}]");
            }
        }
        let (empty, width) = column_of(&[Num::MISSING, Num::MISSING]);
        assert_eq!(width, 0, "a column with no value takes no room");
        assert!(empty.value(1, 0).is_missing());
    }

    #[test]
    fn setting_a_value_widens_the_column_and_keeps_the_others() {
        let (mut table, _) = column_of(&[num("1"), num("2"), Num::MISSING]);
        table.set_value(1, 0, num("0,125"));
        table.set_value(2, 0, num("40000"));
        table.set_value(0, 0, Num::NO_BASE);
        assert_eq!(table.value(1, 0), num("0,125"));
        assert_eq!(table.value(2, 0), num("40000"));
        assert!(table.value(0, 0).is_no_base());
        table.set_value(0, 0, num("3"));
        assert_eq!(table.value(0, 0), num("3"));
        assert_eq!(table.to_values(), vec![num("3"), num("0,125"), num("40000")]);
        let mut row = [Num::MISSING];
        table.store_row(2, &[Num::MISSING]);
        table.load_row(2, &mut row);
        assert!(row[0].is_missing());
    }

    #[test]
    fn records_read_back_as_pushed_across_blocks() {
        let mut table = TableBuilder::new(2);
        let pushed: Vec<Record> = (0..BLOCK * 2 + 5)
            .map(|i| Record {
                task_group: (i % 3 == 0).then(|| format!("nhóm {}", i % 4)),
                kind: i % 3,
                target: (i % 5 != 0).then_some(i % 4),
                row: i as u32 + 2,
                ..record(&format!("dv{i}"), (i % 7 != 0).then(|| format!("cb{}", i % 10)).as_deref())
            })
            .collect();
        for (i, record) in pushed.iter().enumerate() {
            table.push(record.clone(), &[Num::int(i as i64), Num::MISSING]);
        }
        table.shrink_to_fit();
        let table = table.finish();
        assert_eq!(table.to_records(), pushed);
        assert_eq!(table.id(BLOCK), "dv1024");
        assert_eq!(table.kind(5), 2);
        let mut rows = Vec::new();
        table.load_rows(BLOCK - 2, 4, &mut rows);
        let expected: Vec<Num> = (BLOCK - 2..BLOCK + 2).flat_map(|i| [Num::int(i as i64), Num::MISSING]).collect();
        assert_eq!(rows, expected);
        assert!(table.get_record(pushed.len()).is_none());
        let column = table.column(0);
        let ColumnCells::I16(cells) = column.cells else { panic!("2,053 records need 16 bits: {column:?}") };
        assert_eq!((cells[BLOCK], column.scale), (BLOCK as i16, 1));
        assert!(matches!(table.column(1).cells, ColumnCells::Empty));
    }

    #[test]
    fn an_overlong_name_is_cut_at_a_character_boundary() {
        let mut table = TableBuilder::new(0);
        let long = "ữ".repeat(MAX_TEXT);
        table.push(Record { name: long, ..record("a", None) }, &[]);
        let table = table.finish();
        assert!(table.record(0).name.len() <= MAX_TEXT);
        assert_eq!(table.record(0).id, "a");
    }
}
