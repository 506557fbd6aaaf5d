//! A compiled rule set as compact bytes, so a page can start from a rule set without parsing or compiling TOML.
//!
//! The web pages and the embed element carry the default rule set in this form (made by their build scripts from
//! `builtin::DEFAULT_TEXT` with [`encode`]) and fetch the other bundled ones as `rules/<id>.bin` (written by
//! `examples/pack_rules.rs` in `scripts/build-web.sh`), so their WebAssembly holds no TOML reader and no compiler.
//! `tests/pack.rs` proves that every bundled rule set read back with [`decode`] is the one compiled from its text:
//! the same bytes again, the same fact lookup, and every case of its cases file passing.
//!
//! The bytes are a header (`XR`, the format version), the fields of [`RuleSet`] in declaration order (unsigned
//! integers as LEB128, signed ones zigzag, strings and lists prefixed by their length) and an FNV-1a checksum, so a
//! truncated or damaged file, or one of another format, is refused rather than misread.

use std::collections::HashMap;
use std::sync::Arc;

use crate::doc::{BandFallback, Domain, EmptyShare, QuotaBase, QuotaScope, RoundOn, Rounding};
use crate::expr::{ArithOp, CmpOp, Expr, Node, NumStyle, Type};
use crate::lang::Text;
use crate::lists::{Aggregate, AggregateKind, Feed};
use crate::num::Num;
use crate::overlay::OverlayNote;
use crate::ruleset::*;

/// Bumped whenever the shape of [`RuleSet`] or of this encoding changes.
const FORMAT: u8 = 3;
const MAGIC: [u8; 2] = *b"XR";

/// The rule set as bytes.
pub fn encode(rules: &RuleSet) -> Vec<u8> {
    let mut out = Writer { bytes: Vec::new(), text: Vec::new(), seen: HashMap::new() };
    rules.put(&mut out);
    let mut bytes = MAGIC.to_vec();
    bytes.push(FORMAT);
    let mut head = Writer { bytes, text: Vec::new(), seen: HashMap::new() };
    put_uint(&mut head, out.bytes.len() as u64);
    let mut bytes = head.bytes;
    bytes.extend_from_slice(&out.bytes);
    bytes.extend_from_slice(&out.text);
    let sum = checksum(&bytes);
    bytes.extend_from_slice(&sum.to_le_bytes());
    bytes
}

/// Read bytes made by [`encode`]; `None` when they are damaged, cut short or of another format.
pub fn decode(bytes: &[u8]) -> Option<RuleSet> {
    let (body, sum) = bytes.split_at_checked(bytes.len().checked_sub(4)?)?;
    if body.get(..3)? != [MAGIC[0], MAGIC[1], FORMAT] || checksum(body).to_le_bytes() != sum {
        return None;
    }
    let mut reader = Reader { bytes: &body[3..], text: &[], strings: Vec::new() };
    let structure = reader.len()?;
    (reader.bytes, reader.text) = reader.bytes.split_at(structure);
    let rules = RuleSet::take(&mut reader)?;
    (reader.bytes.is_empty() && reader.text.is_empty()).then_some(rules)
}

fn checksum(bytes: &[u8]) -> u32 {
    bytes.iter().fold(0x811c_9dc5u32, |h, b| (h ^ u32::from(*b)).wrapping_mul(0x0100_0193))
}

/// The default rule set compiled and encoded (for the build scripts of the pages and the embed module).
pub fn default_bytes() -> Vec<u8> {
    encode(&crate::builtin::load_default())
}

/// Every bundled rule set compiled and encoded, `(id, bytes)`, the default first (for build scripts).
pub fn bundled() -> Vec<(&'static str, Vec<u8>)> {
    crate::builtin::RULE_SETS
        .iter()
        .filter_map(|(id, _)| crate::builtin::load(id).map(|rules| (*id, encode(&rules))))
        .collect()
}

pub(crate) struct Reader<'a> {
    bytes: &'a [u8],
    /// The strings' bytes, after the structure (text together compresses better).
    text: &'a [u8],
    /// The strings read so far: a string met again is written as its number here.
    strings: Vec<String>,
}

pub(crate) struct Writer {
    bytes: Vec<u8>,
    text: Vec<u8>,
    seen: HashMap<String, u64>,
}

impl Writer {
    fn push(&mut self, byte: u8) {
        self.bytes.push(byte);
    }
}

impl Reader<'_> {
    fn byte(&mut self) -> Option<u8> {
        let (first, rest) = self.bytes.split_first()?;
        self.bytes = rest;
        Some(*first)
    }

    fn uint(&mut self) -> Option<u64> {
        let mut value = 0u64;
        for shift in (0..64).step_by(7) {
            let b = self.byte()?;
            value |= u64::from(b & 0x7f) << shift;
            if b & 0x80 == 0 {
                return Some(value);
            }
        }
        None
    }

    /// A length of a list or string: never more than the bytes left, so a bad length cannot ask for memory.
    fn len(&mut self) -> Option<usize> {
        usize::try_from(self.uint()?).ok().filter(|n| *n <= self.bytes.len())
    }
}

fn put_uint(out: &mut Writer, mut value: u64) {
    while value >= 0x80 {
        out.push(value as u8 | 0x80);
        value >>= 7;
    }
    out.push(value as u8);
}

pub(crate) trait Pack: Sized {
    fn put(&self, out: &mut Writer);
    fn take(r: &mut Reader) -> Option<Self>;
}

macro_rules! unsigned {
    ($($ty:ty),*) => {$(
        impl Pack for $ty {
            fn put(&self, out: &mut Writer) {
                put_uint(out, *self as u64);
            }
            fn take(r: &mut Reader) -> Option<Self> {
                <$ty>::try_from(r.uint()?).ok()
            }
        }
    )*};
}
unsigned!(u16, u32, u64, usize);

macro_rules! signed {
    ($($ty:ty),*) => {$(
        impl Pack for $ty {
            fn put(&self, out: &mut Writer) {
                let v = *self as i64;
                put_uint(out, ((v << 1) ^ (v >> 63)) as u64);
            }
            fn take(r: &mut Reader) -> Option<Self> {
                let v = r.uint()?;
                <$ty>::try_from((v >> 1) as i64 ^ -((v & 1) as i64)).ok()
            }
        }
    )*};
}
signed!(i32, i64);

impl Pack for bool {
    fn put(&self, out: &mut Writer) {
        out.push(u8::from(*self));
    }
    fn take(r: &mut Reader) -> Option<Self> {
        match r.byte()? {
            0 => Some(false),
            1 => Some(true),
            _ => None,
        }
    }
}

/// A string met before is its number among the strings written (odd), a new one its length (even) and its bytes.
impl Pack for String {
    fn put(&self, out: &mut Writer) {
        if let Some(index) = out.seen.get(self) {
            let index = *index;
            return put_uint(out, index << 1 | 1);
        }
        let index = out.seen.len() as u64;
        out.seen.insert(self.clone(), index);
        put_uint(out, (self.len() as u64) << 1);
        out.text.extend_from_slice(self.as_bytes());
    }
    fn take(r: &mut Reader) -> Option<Self> {
        let head = r.uint()?;
        if head & 1 == 1 {
            return r.strings.get(usize::try_from(head >> 1).ok()?).cloned();
        }
        let len = usize::try_from(head >> 1).ok().filter(|n| *n <= r.text.len())?;
        let (text, rest) = r.text.split_at(len);
        r.text = rest;
        let text = String::from_utf8(text.to_vec()).ok()?;
        r.strings.push(text.clone());
        Some(text)
    }
}

impl<T: Pack> Pack for Option<T> {
    fn put(&self, out: &mut Writer) {
        match self {
            None => out.push(0),
            Some(value) => {
                out.push(1);
                value.put(out);
            }
        }
    }
    fn take(r: &mut Reader) -> Option<Self> {
        match r.byte()? {
            0 => Some(None),
            1 => Some(Some(T::take(r)?)),
            _ => None,
        }
    }
}

impl<T: Pack> Pack for Vec<T> {
    fn put(&self, out: &mut Writer) {
        put_uint(out, self.len() as u64);
        for item in self {
            item.put(out);
        }
    }
    fn take(r: &mut Reader) -> Option<Self> {
        // Every item takes at least one byte, which `len` checked against what is left. A plain loop: collecting
        // into `Option<Vec<_>>` costs an iterator adapter per item type in WebAssembly.
        let len = r.len()?;
        let mut items = Vec::with_capacity(len);
        for _ in 0..len {
            items.push(T::take(r)?);
        }
        Some(items)
    }
}

impl<A: Pack, B: Pack> Pack for (A, B) {
    fn put(&self, out: &mut Writer) {
        self.0.put(out);
        self.1.put(out);
    }
    fn take(r: &mut Reader) -> Option<Self> {
        Some((A::take(r)?, B::take(r)?))
    }
}

impl Pack for Arc<[String]> {
    fn put(&self, out: &mut Writer) {
        put_uint(out, self.len() as u64);
        for item in self.iter() {
            item.put(out);
        }
    }
    fn take(r: &mut Reader) -> Option<Self> {
        Vec::<String>::take(r).map(Into::into)
    }
}

impl Pack for Num {
    fn put(&self, out: &mut Writer) {
        let (n, d) = self.raw_parts();
        n.put(out);
        d.put(out);
    }
    fn take(r: &mut Reader) -> Option<Self> {
        Some(Num::from_raw_parts(i64::take(r)?, i64::take(r)?))
    }
}

/// A struct, field by field; the struct literal makes a field added to the type without being listed here a
/// compile error.
macro_rules! fields {
    ($($ty:ident { $($field:ident),* $(,)? })*) => {$(
        impl Pack for $ty {
            fn put(&self, out: &mut Writer) {
                $(self.$field.put(out);)*
            }
            fn take(r: &mut Reader) -> Option<Self> {
                Some($ty { $($field: Pack::take(r)?,)* })
            }
        }
    )*};
}

/// An enum without data, by its variant's position.
macro_rules! variants {
    ($($ty:ident { $($variant:ident),* $(,)? })*) => {$(
        impl Pack for $ty {
            fn put(&self, out: &mut Writer) {
                let all = [$($ty::$variant),*];
                out.push(all.iter().position(|v| v == self).unwrap_or(0) as u8);
            }
            fn take(r: &mut Reader) -> Option<Self> {
                [$($ty::$variant),*].get(usize::from(r.byte()?)).copied()
            }
        }
    )*};
}

variants! {
    Status { Confirmed, Assumption }
    FactType { Number, Integer, Percent, Bool, Choice }
    RollupGroup { Members, Subunits, AllMembers }
    BandFallback { Cascade, DropOne, Lowest }
    EmptyShare { Neutral, NotMet }
    Domain { Party, CivilService }
    QuotaBase { GoodOnly, GoodOrBetter }
    QuotaScope { Org, BaseOrg, TaskGroup, Whole }
    Rounding { Floor, Nearest, Ceil }
    NumStyle { Plain, Percent }
    CmpOp { Ge, Le, Gt, Lt, Eq, Ne }
    ArithOp { Add, Sub, Mul, Div }
    FieldType { Text, Number, Integer, Percent, Bool, Choice }
    RoundOn { Item, Total }
    AggregateKind { Count, Share, Sum, Mean }
}

fields! {
    Text { vi, en }
    OverlayNote { id, added, edited_from }
    Provenance { document, document_title, at, status, reason, overlay }
    Document { id, title, date, url }
    Level { id, name, short, min_score, source, conditions }
    SubjectKind { id, name, description, collective, form, aliases }
    Choice { id, name, aliases }
    Fact { id, name, help, origin, ty, unit, min, max, default, choices, subjects, group, aliases, used, when_zero, from_list }
    Rule { id, name, help, expr, subjects, source, enabled, mitigation, needs }
    Check { rule, facts, sourced }
    Cap { rule, max_level }
    Derived { slot, expr }
    Scoring { slot, max, parts, source, needs }
    Quota { id, name, level, share, max_percent, base, scopes, rounding, subjects, pool_subjects, source, enabled }
    Years { from, to }
    KindPlan { defaults, checks, not_classified, disqualifiers, conditions, caps, derived }
    Expr { nodes, root, spans, styles, choices, text, ty, facts, empty_share_holds }
    ListField { id, name, help, ty, unit, min, max, default, choices, as_fact }
    ListDef { id, name, item, help, subjects, fields, source, items, max_field }
    ListItem { id, name, help, subjects, max }
    Aggregate { kind, list, filter, value, weight, facts }
    Feed { slot, subjects, outer, aggregates, facts, round, source }
}

impl Pack for SubjectSet {
    fn put(&self, out: &mut Writer) {
        self.0.put(out);
    }
    fn take(r: &mut Reader) -> Option<Self> {
        u64::take(r).map(SubjectSet)
    }
}

impl Pack for RollupCount {
    fn put(&self, out: &mut Writer) {
        let (tag, level) = match self {
            RollupCount::Total => (0, 0),
            RollupCount::Classified => (1, 0),
            RollupCount::NotClassified => (2, 0),
            RollupCount::Referred => (3, 0),
            RollupCount::Level(level) => (4, *level),
            RollupCount::AtLeast(level) => (5, *level),
        };
        out.push(tag);
        level.put(out);
    }
    fn take(r: &mut Reader) -> Option<Self> {
        let tag = r.byte()?;
        let level = usize::take(r)?;
        Some(match tag {
            0 => RollupCount::Total,
            1 => RollupCount::Classified,
            2 => RollupCount::NotClassified,
            3 => RollupCount::Referred,
            4 => RollupCount::Level(level),
            5 => RollupCount::AtLeast(level),
            _ => return None,
        })
    }
}

impl Pack for FactOrigin {
    fn put(&self, out: &mut Writer) {
        match self {
            FactOrigin::Input => out.push(0),
            FactOrigin::Derived => out.push(1),
            FactOrigin::Rollup { group, count } => {
                out.push(2);
                group.put(out);
                count.put(out);
            }
        }
    }
    fn take(r: &mut Reader) -> Option<Self> {
        Some(match r.byte()? {
            0 => FactOrigin::Input,
            1 => FactOrigin::Derived,
            2 => FactOrigin::Rollup { group: Pack::take(r)?, count: Pack::take(r)? },
            _ => return None,
        })
    }
}

impl Pack for Type {
    fn put(&self, out: &mut Writer) {
        match self {
            Type::Num(style) => {
                out.push(0);
                style.put(out);
            }
            Type::Bool => out.push(1),
            Type::Choice { fact, values } => {
                out.push(2);
                fact.put(out);
                values.put(out);
            }
        }
    }
    fn take(r: &mut Reader) -> Option<Self> {
        Some(match r.byte()? {
            0 => Type::Num(Pack::take(r)?),
            1 => Type::Bool,
            2 => Type::Choice { fact: Pack::take(r)?, values: Pack::take(r)? },
            _ => return None,
        })
    }
}

impl Pack for Node {
    fn put(&self, out: &mut Writer) {
        let tag: u8 = match self {
            Node::Const(_) => 0,
            Node::Fact(_) => 1,
            Node::Neg(_) => 2,
            Node::Arith(..) => 3,
            Node::Cmp(..) => 4,
            Node::CmpFactConst(..) => 5,
            Node::CmpFactFact(..) => 6,
            Node::Share { .. } => 7,
            Node::ShareOf(..) => 8,
            Node::And(..) => 9,
            Node::Or(..) => 10,
            Node::Not(_) => 11,
            Node::If(..) => 12,
            Node::Min(_) => 13,
            Node::Max(_) => 14,
            Node::Pow(..) => 15,
        };
        out.push(tag);
        match self {
            Node::Const(n) => n.put(out),
            Node::Fact(a) | Node::Neg(a) | Node::Not(a) => a.put(out),
            Node::Arith(op, a, b) => {
                op.put(out);
                (*a, *b).put(out);
            }
            Node::Cmp(op, a, b) | Node::CmpFactFact(op, a, b) => {
                op.put(out);
                (*a, *b).put(out);
            }
            Node::CmpFactConst(op, a, n) => {
                op.put(out);
                (*a, *n).put(out);
            }
            Node::Share { numerator, denominator, when_zero } => {
                (*numerator, *denominator).put(out);
                when_zero.put(out);
            }
            Node::ShareOf(a, b) | Node::And(a, b) | Node::Or(a, b) | Node::Pow(a, b) => (*a, *b).put(out),
            Node::If(a, b, c) => {
                (*a, *b).put(out);
                c.put(out);
            }
            Node::Min(items) | Node::Max(items) => items.put(out),
        }
    }
    fn take(r: &mut Reader) -> Option<Self> {
        Some(match r.byte()? {
            0 => Node::Const(Num::take(r)?),
            1 => Node::Fact(u32::take(r)?),
            2 => Node::Neg(u32::take(r)?),
            3 => Node::Arith(ArithOp::take(r)?, u32::take(r)?, u32::take(r)?),
            4 => Node::Cmp(CmpOp::take(r)?, u32::take(r)?, u32::take(r)?),
            5 => Node::CmpFactConst(CmpOp::take(r)?, u32::take(r)?, Num::take(r)?),
            6 => Node::CmpFactFact(CmpOp::take(r)?, u32::take(r)?, u32::take(r)?),
            7 => Node::Share { numerator: u32::take(r)?, denominator: u32::take(r)?, when_zero: Num::take(r)? },
            8 => Node::ShareOf(u32::take(r)?, u32::take(r)?),
            9 => Node::And(u32::take(r)?, u32::take(r)?),
            10 => Node::Or(u32::take(r)?, u32::take(r)?),
            11 => Node::Not(u32::take(r)?),
            12 => Node::If(u32::take(r)?, u32::take(r)?, u32::take(r)?),
            13 => Node::Min(Pack::take(r)?),
            14 => Node::Max(Pack::take(r)?),
            15 => Node::Pow(u32::take(r)?, u32::take(r)?),
            _ => return None,
        })
    }
}

impl Pack for RuleSet {
    fn put(&self, out: &mut Writer) {
        let RuleSet {
            id,
            name,
            description,
            version,
            official,
            documents,
            levels,
            subjects,
            facts,
            input_count,
            derived,
            scoring,
            band_fallback,
            band_fallback_source,
            empty_share,
            empty_share_source,
            years,
            domain,
            extends,
            not_classified,
            disqualifiers,
            caps,
            quotas,
            checks,
            lists,
            feeds,
            // Rebuilt from `facts` when read.
            fact_index: _,
            plans,
        } = self;
        id.put(out);
        name.put(out);
        description.put(out);
        version.put(out);
        official.put(out);
        documents.put(out);
        levels.put(out);
        subjects.put(out);
        facts.put(out);
        input_count.put(out);
        derived.put(out);
        scoring.put(out);
        band_fallback.put(out);
        band_fallback_source.put(out);
        empty_share.put(out);
        empty_share_source.put(out);
        years.put(out);
        domain.put(out);
        extends.put(out);
        not_classified.put(out);
        disqualifiers.put(out);
        caps.put(out);
        quotas.put(out);
        checks.put(out);
        lists.put(out);
        feeds.put(out);
        plans.put(out);
    }
    fn take(r: &mut Reader) -> Option<Self> {
        let mut rules = RuleSet {
            id: Pack::take(r)?,
            name: Pack::take(r)?,
            description: Pack::take(r)?,
            version: Pack::take(r)?,
            official: Pack::take(r)?,
            documents: Pack::take(r)?,
            levels: Pack::take(r)?,
            subjects: Pack::take(r)?,
            facts: Pack::take(r)?,
            input_count: Pack::take(r)?,
            derived: Pack::take(r)?,
            scoring: Pack::take(r)?,
            band_fallback: Pack::take(r)?,
            band_fallback_source: Pack::take(r)?,
            empty_share: Pack::take(r)?,
            empty_share_source: Pack::take(r)?,
            years: Pack::take(r)?,
            domain: Pack::take(r)?,
            extends: Pack::take(r)?,
            not_classified: Pack::take(r)?,
            disqualifiers: Pack::take(r)?,
            caps: Pack::take(r)?,
            quotas: Pack::take(r)?,
            checks: Pack::take(r)?,
            lists: Pack::take(r)?,
            feeds: Pack::take(r)?,
            fact_index: HashMap::new(),
            plans: Pack::take(r)?,
        };
        rules.fact_index = rules.facts.iter().enumerate().map(|(slot, f)| (f.id.clone(), slot as u32)).collect();
        Some(rules)
    }
}
