//! The fast path column by column: a roster's [`Table`] classified 64 rows of one kind at a time without reading a
//! row.
//!
//! Each compiled rule ([`Test`](super::Test)) of a subject kind becomes a [`ColumnTest`], the same test for every
//! kind that reads it the same way (same rule, same defaults) kept once. A batch of rows is grouped once by subject
//! kind; for each word of 64 rows of one kind, the input columns that kind reads are decoded from their narrow
//! integers (the integers, a mask of empty cells, a mask of cells kept whole), each of the kind's tests becomes
//! four bit masks (yes, no, unknown, and rows it cannot answer here), and the decision (`classify::decide`, written
//! again over masks) is taken for all rows of the word at once: consistency checks, not-classified cases,
//! disqualifiers, score band (by column for a summed score), level conditions with the fallback policy; caps are
//! looked at row by row only where one applies or may apply.
//!
//! A comparison `fact op constant` is an integer range on the column's cells (the constant scaled by the column's
//! denominator), a share compared with a constant is a cross-multiplication of whole numbers (no division), a
//! sum of facts times constants a whole-number sum: every answer is the one the row program gives (`fast.rs`).
//!
//! What is rare goes the row program's way, row by row ([`Classifier::classify_facts`] over the table's row in
//! place): a row with a value kept whole beside a column, a derived fact that fails, an incomplete row, a referred
//! one, a disqualifier or cap left undecided, a band level's conditions undecided. A kind whose rules read a
//! derived fact other than by comparing it with a constant, a roll-up count, or a default that is not a small
//! whole number has no column program; a table whose columns a fused share or sum reads are not whole numbers
//! (column denominator 1) goes row by row. *Architecture invariant:* the verdicts are the row program's; tests
//! hold them to it on generated rosters of every bundled rule set.

use std::borrow::Cow;
use std::collections::HashMap;

use super::{DerivedStep, Fused, KindProgram, Logic, Program, SMALL, Source, Test};
use crate::classify::{Classifier, Decision, Outcome, RuleRef, Stage, Verdict};
use crate::doc::BandFallback;
use crate::expr::{CmpOp, Expr, Facts};
use crate::num::Num;
use crate::ruleset::RuleSet;
use crate::table::{ColumnCells, Table};

use super::isa::{Isa, Kernel};

/// A number as stored, so that equal tests compare equal in form too (`Num`'s equality is by value).
type Raw = (i64, i64);

fn num(raw: Raw) -> Num {
    Num::from_raw_parts(raw.0, raw.1)
}

/// A rule (or a part of one) evaluated over a word of rows.
#[derive(Clone, Debug, PartialEq)]
enum ColumnTest {
    /// An input fact compared with a constant.
    Const {
        slot: u32,
        default: Raw,
        op: CmpOp,
        constant: Raw,
    },
    /// A yes/no input fact.
    Flag {
        slot: u32,
        default: Raw,
    },
    /// Two input facts compared.
    Pair {
        left: (u32, Raw),
        op: CmpOp,
        right: (u32, Raw),
    },
    /// `Σ coefficient × fact + constant op 0` in whole numbers.
    Linear {
        terms: Box<[(i64, u32, Raw)]>,
        constant: i64,
        op: CmpOp,
    },
    /// `share(Σ ±fact, whole) op constant`, cross-multiplied.
    ShareConst {
        part: Box<[(i64, u32, Raw)]>,
        whole: (u32, Raw),
        when_zero: Raw,
        op: CmpOp,
        constant: Raw,
    },
    /// Another derived fact of kind `kind` (its step `step` in the kind's program) compared with a constant, row
    /// by row.
    DerivedConst {
        kind: usize,
        step: usize,
        op: CmpOp,
        constant: Raw,
    },
    And(Box<ColumnTest>, Box<ColumnTest>),
    Or(Box<ColumnTest>, Box<ColumnTest>),
    Not(Box<ColumnTest>),
    /// The subtree `node` of the rule at `at`, walked row by row on the row read in place (input facts only).
    Walk {
        kind: usize,
        at: (Stage, u8, u16),
        node: u32,
    },
}

impl ColumnTest {
    /// The input slots the test reads from decoded columns, into `out`.
    fn slots(&self, out: &mut Vec<u32>) {
        match self {
            ColumnTest::Const { slot, .. } | ColumnTest::Flag { slot, .. } => out.push(*slot),
            ColumnTest::Pair { left, right, .. } => out.extend([left.0, right.0]),
            ColumnTest::Linear { terms, .. } => out.extend(terms.iter().map(|t| t.1)),
            ColumnTest::ShareConst { part, whole, .. } => {
                out.extend(part.iter().map(|t| t.1));
                out.push(whole.0);
            }
            ColumnTest::And(a, b) | ColumnTest::Or(a, b) => {
                a.slots(out);
                b.slots(out);
            }
            ColumnTest::Not(a) => a.slots(out),
            ColumnTest::DerivedConst { .. } | ColumnTest::Walk { .. } => {}
        }
    }
}

/// A step's answers over a word: each row in at most one mask; `failed` rows go the row program's way.
#[derive(Clone, Copy, Default)]
struct Masks {
    yes: u64,
    no: u64,
    no_base: u64,
    unknown: u64,
    failed: u64,
}

impl Masks {
    fn of_logic(logic: Logic, rows: u64) -> Masks {
        let mut masks = Masks::default();
        match logic {
            Logic::Yes => masks.yes = rows,
            Logic::No => masks.no = rows,
            Logic::NoBase => masks.no_base = rows,
            Logic::Unknown(_) => masks.unknown = rows,
            Logic::Failed(_) => masks.failed = rows,
        }
        masks
    }

    fn set(&mut self, logic: Logic, bit: u64) {
        *self = self.or(Masks::of_logic(logic, bit));
    }

    fn or(self, other: Masks) -> Masks {
        Masks {
            yes: self.yes | other.yes,
            no: self.no | other.no,
            no_base: self.no_base | other.no_base,
            unknown: self.unknown | other.unknown,
            failed: self.failed | other.failed,
        }
    }
}

/// The decision's view of one kind: its rules in the plan's order, each with its test.
#[derive(Clone, Debug)]
struct KindColumns {
    checks: Vec<(u16, u32)>,
    not_classified: Vec<(u16, u32)>,
    disqualifiers: Vec<(u16, u32, Option<u32>)>,
    /// Per level.
    conditions: Vec<Vec<(u16, u32)>>,
    caps: Vec<(u16, u32, u8)>,
    /// Every test the kind reads.
    used: Vec<u32>,
    /// The places (among the program's slots) of the input columns the kind's tests and score read decoded: the only
    /// columns decoded for a group of its rows.
    places: Vec<u32>,
    score: Score,
    /// The kind's derived steps that are sums (whose arithmetic may fail), by index in the kind's program.
    sums: Vec<usize>,
    /// When the score is a sum of input facts: its terms (subtracted or not, slot), read from the decoded columns
    /// for the rows where every term has a value and the columns count in the same units.
    score_sum: Option<Box<[(bool, u32)]>>,
}

#[derive(Clone, Copy, Debug)]
enum Score {
    None,
    Input {
        slot: u32,
        default: Raw,
    },
    /// A derived step of the kind's program.
    Derived(usize),
}

/// The column program of a rule set.
#[derive(Clone, Debug)]
pub(crate) struct ColumnProgram {
    tests: Vec<ColumnTest>,
    /// Whether a test's top-level share of nothing counts as yes (its rule's `empty_share_holds`).
    empty_share_holds: Vec<bool>,
    kinds: Vec<Option<KindColumns>>,
    /// The input slots the tests read from decoded columns, and each one's place among them.
    slots: Vec<u32>,
    /// By input slot, its place among `slots` (`u32::MAX` when no test reads it from a decoded column).
    place: Vec<u32>,
    /// Slots a fused share or sum reads: their columns must count in whole numbers.
    whole_slots: Vec<u32>,
    /// The instructions the word's loops run with: the processor's widest ([`Isa::detect`]).
    pub(crate) isa: Isa,
}

/// The expression of the rule at `at`.
fn expr_at(rules: &RuleSet, at: RuleRef) -> Option<&Expr> {
    let index = at.index as usize;
    Some(match at.stage {
        Stage::Check => &rules.checks.get(index)?.rule.expr,
        Stage::NotClassified => &rules.not_classified.get(index)?.expr,
        Stage::Disqualifier => &rules.disqualifiers.get(index)?.expr,
        Stage::Mitigation => rules.disqualifiers.get(index)?.mitigation.as_ref()?,
        Stage::Condition => &rules.levels.get(at.level as usize)?.conditions.get(index)?.expr,
        Stage::Cap => &rules.caps.get(index)?.rule.expr,
        Stage::Derived | Stage::Band => return None,
    })
}

fn small_whole(raw: Raw) -> bool {
    let value = num(raw);
    value.is_missing() && !value.is_no_base() || (raw.1 == 1 && raw.0.unsigned_abs() < SMALL)
}

struct Builder<'a> {
    rules: &'a RuleSet,
    program: &'a Program,
    tests: Vec<ColumnTest>,
    empty_share_holds: Vec<bool>,
    index: HashMap<String, u32>,
    slots: Vec<u32>,
    whole_slots: Vec<u32>,
}

impl Builder<'_> {
    fn slot(&mut self, slot: u32) {
        if !self.slots.contains(&slot) {
            self.slots.push(slot);
        }
    }

    fn whole(&mut self, slot: u32) {
        self.slot(slot);
        if !self.whole_slots.contains(&slot) {
            self.whole_slots.push(slot);
        }
    }

    /// The column test of `test` (the compiled rule at `at` for kind `kind`), or `None` when the kind cannot be
    /// read by column.
    fn compile(&mut self, kind: usize, program: &KindProgram, at: RuleRef, test: &Test) -> Option<ColumnTest> {
        let input = |source: Source| match source {
            Source::Input { slot, default } => Some((slot, default.raw_parts())),
            _ => None,
        };
        Some(match test {
            Test::FactConst { source: Source::Derived(offset), op, constant, .. } => {
                let step = program.derived.iter().position(|&(_, o)| o == *offset)?;
                match &program.steps[step] {
                    DerivedStep::Share { part, whole, when_zero } => {
                        let part: Box<[(i64, u32, Raw)]> =
                            part.iter().map(|&(sign, slot, default)| (sign, slot, default.raw_parts())).collect();
                        if !part.iter().all(|t| small_whole(t.2)) || !small_whole(whole.1.raw_parts()) {
                            return None;
                        }
                        for &(_, slot, _) in part.iter() {
                            self.whole(slot);
                        }
                        self.whole(whole.0);
                        ColumnTest::ShareConst {
                            part,
                            whole: (whole.0, whole.1.raw_parts()),
                            when_zero: when_zero.raw_parts(),
                            op: *op,
                            constant: constant.raw_parts(),
                        }
                    }
                    DerivedStep::Sum { .. } => {
                        ColumnTest::DerivedConst { kind, step, op: *op, constant: constant.raw_parts() }
                    }
                    DerivedStep::Walk => return None,
                }
            }
            Test::FactConst { source, op, constant, .. } => {
                let (slot, default) = input(*source)?;
                self.slot(slot);
                ColumnTest::Const { slot, default, op: *op, constant: constant.raw_parts() }
            }
            Test::Flag { source, .. } => {
                let (slot, default) = input(*source)?;
                self.slot(slot);
                ColumnTest::Flag { slot, default }
            }
            Test::FactFact { left, op, right } => {
                let (left, right) = (input(left.0)?, input(right.0)?);
                self.slot(left.0);
                self.slot(right.0);
                ColumnTest::Pair { left, op: *op, right }
            }
            Test::Linear { terms, constant, op, .. } => {
                let terms: Box<[(i64, u32, Raw)]> = terms
                    .iter()
                    .map(|&(coefficient, slot, default)| (coefficient, slot, default.raw_parts()))
                    .collect();
                if !terms.iter().all(|t| small_whole(t.2)) {
                    return None;
                }
                for &(_, slot, _) in terms.iter() {
                    self.whole(slot);
                }
                ColumnTest::Linear { terms, constant: *constant, op: *op }
            }
            Test::And(a, b) => ColumnTest::And(
                Box::new(self.compile(kind, program, at, a)?),
                Box::new(self.compile(kind, program, at, b)?),
            ),
            Test::Or(a, b) => ColumnTest::Or(
                Box::new(self.compile(kind, program, at, a)?),
                Box::new(self.compile(kind, program, at, b)?),
            ),
            Test::Not(a) => ColumnTest::Not(Box::new(self.compile(kind, program, at, a)?)),
            Test::Tree { node } => {
                let expr = expr_at(self.rules, at)?;
                let inputs = self.rules.input_count as u32;
                if !expr.facts().iter().all(|&slot| slot < inputs) {
                    return None;
                }
                ColumnTest::Walk { kind, at: (at.stage, at.level, at.index), node: *node }
            }
            Test::Unused => return None,
        })
    }

    /// The test's number, the same for an equal test of another kind.
    fn intern(&mut self, kind: usize, at: RuleRef) -> Option<u32> {
        let program = self.program.kinds.get(kind)?.as_ref()?;
        let test = self.compile(kind, program, at, program.tests.at(at))?;
        let key = format!("{test:?}");
        if let Some(&found) = self.index.get(&key) {
            return Some(found);
        }
        let number = self.tests.len() as u32;
        self.tests.push(test);
        self.empty_share_holds.push(expr_at(self.rules, at)?.empty_share_holds());
        self.index.insert(key, number);
        Some(number)
    }

    fn kind(&mut self, kind: usize) -> Option<KindColumns> {
        let rules = self.rules;
        let program = self.program.kinds.get(kind)?.as_ref()?;
        if program.steps.iter().any(|s| matches!(s, DerivedStep::Walk)) {
            return None;
        }
        let plan = &rules.plans[kind];
        let lowest = rules.lowest_level() as u8;
        let mut columns = KindColumns {
            checks: Vec::new(),
            not_classified: Vec::new(),
            disqualifiers: Vec::new(),
            conditions: vec![Vec::new(); rules.levels.len()],
            caps: Vec::new(),
            used: Vec::new(),
            places: Vec::new(),
            score: Score::None,
            score_sum: None,
            sums: (0..program.steps.len()).filter(|&s| matches!(program.steps[s], DerivedStep::Sum { .. })).collect(),
        };
        for &index in &plan.checks {
            let test = self.intern(kind, RuleRef { stage: Stage::Check, level: 0, index })?;
            columns.checks.push((index, test));
        }
        for &index in &plan.not_classified {
            let test = self.intern(kind, RuleRef { stage: Stage::NotClassified, level: 0, index })?;
            columns.not_classified.push((index, test));
        }
        for &index in &plan.disqualifiers {
            let test = self.intern(kind, RuleRef { stage: Stage::Disqualifier, level: lowest, index })?;
            let mitigation = match rules.disqualifiers[index as usize].mitigation {
                Some(_) => Some(self.intern(kind, RuleRef { stage: Stage::Mitigation, level: lowest, index })?),
                None => None,
            };
            columns.disqualifiers.push((index, test, mitigation));
        }
        for (level, list) in plan.conditions.iter().enumerate() {
            for &index in list {
                let test = self.intern(kind, RuleRef { stage: Stage::Condition, level: level as u8, index })?;
                columns.conditions[level].push((index, test));
            }
        }
        for &index in &plan.caps {
            let max_level = rules.caps[index as usize].max_level as u8;
            let test = self.intern(kind, RuleRef { stage: Stage::Cap, level: max_level, index })?;
            columns.caps.push((index, test, max_level));
        }
        if let Some(scoring) = &rules.scoring {
            let slot = scoring.slot;
            columns.score = if slot < rules.input_count as u32 {
                let default = program.defaults[slot as usize].raw_parts();
                self.slot(slot);
                Score::Input { slot, default }
            } else {
                let offset = slot - rules.input_count as u32;
                let step = program.derived.iter().position(|&(_, o)| o == offset)?;
                if let DerivedStep::Sum { first, rest } = &program.steps[step] {
                    let mut terms = vec![(false, first.0)];
                    terms.extend(rest.iter().map(|&(minus, slot, _)| (minus, slot)));
                    for &(_, slot) in &terms {
                        self.slot(slot);
                    }
                    columns.score_sum = Some(terms.into());
                }
                Score::Derived(step)
            };
        }
        let mut used: Vec<u32> = columns.checks.iter().map(|c| c.1).collect();
        used.extend(columns.not_classified.iter().map(|c| c.1));
        for &(_, test, mitigation) in &columns.disqualifiers {
            used.push(test);
            used.extend(mitigation);
        }
        used.extend(columns.conditions.iter().flatten().map(|c| c.1));
        used.extend(columns.caps.iter().map(|c| c.1));
        used.sort_unstable();
        used.dedup();
        let mut slots = Vec::new();
        for &test in &used {
            self.tests[test as usize].slots(&mut slots);
        }
        match (columns.score, &columns.score_sum) {
            (Score::Input { slot, .. }, _) => slots.push(slot),
            (_, Some(terms)) => slots.extend(terms.iter().map(|&(_, slot)| slot)),
            _ => {}
        }
        slots.sort_unstable();
        slots.dedup();
        columns.places = slots;
        columns.used = used;
        Some(columns)
    }
}

impl ColumnProgram {
    pub(crate) fn new(rules: &RuleSet, program: &Program) -> ColumnProgram {
        let mut builder = Builder {
            rules,
            program,
            tests: Vec::new(),
            empty_share_holds: Vec::new(),
            index: HashMap::new(),
            slots: Vec::new(),
            whole_slots: Vec::new(),
        };
        let kinds = (0..rules.subjects.len())
            .map(|kind| {
                // A kind that cannot be read by column leaves no tests behind it that others would not share.
                let (tests, slots, whole) = (builder.tests.len(), builder.slots.len(), builder.whole_slots.len());
                let columns = builder.kind(kind);
                if columns.is_none() {
                    builder.tests.truncate(tests);
                    builder.empty_share_holds.truncate(tests);
                    builder.index.retain(|_, number| (*number as usize) < tests);
                    builder.slots.truncate(slots);
                    builder.whole_slots.truncate(whole);
                }
                columns
            })
            .collect();
        let mut place = vec![u32::MAX; rules.input_count];
        for (at, &slot) in builder.slots.iter().enumerate() {
            place[slot as usize] = at as u32;
        }
        let mut kinds: Vec<Option<KindColumns>> = kinds;
        for kind in kinds.iter_mut().flatten() {
            kind.places.iter_mut().for_each(|slot| *slot = place[*slot as usize]);
        }
        ColumnProgram {
            tests: builder.tests,
            empty_share_holds: builder.empty_share_holds,
            kinds,
            slots: builder.slots,
            place,
            whole_slots: builder.whole_slots,
            isa: Isa::detect(),
        }
    }

    /// Whether any kind is read by column.
    pub(crate) fn is_useful(&self) -> bool {
        self.kinds.iter().any(Option::is_some)
    }
}

/// A table's row read in place, for the tests walked row by row and for the rows the row program classifies.
/// A test's masks: `hit` on the `plain` rows, `row(j)` on each row of `by_row`, beside those of `masks`.
#[inline]
fn answered(hit: u64, plain: u64, masks: Masks, by_row: u64, mut row: impl FnMut(usize) -> Logic) -> Masks {
    let mut masks = Masks { yes: masks.yes | (hit & plain), no: masks.no | (!hit & plain), ..masks };
    each_bit(by_row, |j| masks.set(row(j), 1u64 << j));
    masks
}

pub(crate) struct TableRow<'a> {
    pub(crate) table: &'a Table,
    pub(crate) index: usize,
}

impl Facts for TableRow<'_> {
    #[inline]
    fn fact(&self, slot: u32) -> Num {
        if (slot as usize) < self.table.stride { self.table.value(self.index, slot as usize) } else { Num::MISSING }
    }
}

const WORD: usize = 64;

/// One word of decoded columns: by place among the program's slots, the cells (in the column's units), the empty
/// cells and the cells kept whole.
struct Decoded {
    cells: Vec<[i32; WORD]>,
    missing: Vec<u64>,
    whole: Vec<u64>,
    scale: Vec<i64>,
}

/// The rows `j` of a word where `f(j)`, as a mask: the answers gathered as bytes, then packed eight at a time by
/// one multiplication (a loop that vectorizes, where shifting each answer into place does not).
#[inline(always)]
fn pack(f: impl Fn(usize) -> bool) -> u64 {
    let mut bytes = [0u8; WORD];
    for (j, byte) in bytes.iter_mut().enumerate() {
        *byte = u8::from(f(j));
    }
    let mut mask = 0u64;
    for (c, eight) in bytes.chunks_exact(8).enumerate() {
        let mut word = [0u8; 8];
        word.copy_from_slice(eight);
        // Byte k (0 or 1) lands on bit 56 + k of the product.
        mask |= (u64::from_le_bytes(word).wrapping_mul(0x0102_0408_1020_4080) >> 56) << (8 * c);
    }
    mask
}

/// The cells of rows `index` of a column (read as the slice `run` when they are consecutive) into `out`, with the
/// masks of empty cells and of cells kept whole.
#[inline(always)]
fn decode<W: Copy + Into<i32>>(
    cells: &[W],
    run: &Option<std::ops::Range<usize>>,
    index: &[u32],
    marker: i32,
    out: &mut [i32; WORD],
) -> (u64, u64) {
    #[inline(always)]
    fn each(cells: impl Iterator<Item = i32>, marker: i32, out: &mut [i32; WORD]) -> (u64, u64) {
        let mut values = [marker; WORD];
        for (value, cell) in values.iter_mut().zip(cells) {
            *value = cell;
        }
        // An empty cell (or one kept whole) reads 0, the usual default, so that most tests read the cells as they
        // are ([`Word::filled`]); the masks say which cells those are. Past the rows given, cells read as empty.
        for (out, &value) in out.iter_mut().zip(&values) {
            *out = if value == marker || value == marker + 1 { 0 } else { value };
        }
        (pack(|j| values[j] == marker), pack(|j| values[j] == marker + 1))
    }
    match run {
        Some(run) => each(cells[run.clone()].iter().map(|&c| c.into()), marker, out),
        None => each(index.iter().map(|&i| cells[i as usize].into()), marker, out),
    }
}

/// The inclusive range of cells `c` (counting in 1/`scale`) for which `c / scale op constant`, and whether the
/// answer is the range's complement (`!=`).
fn range(op: CmpOp, constant: Num, scale: i64) -> (i64, i64, bool) {
    let (n, d) = constant.raw_parts();
    let (t, d) = (n as i128 * scale as i128, d as i128);
    // A whole constant (the common case) needs no division.
    let (floor, ceil) = if d == 1 { (t, t) } else { (t.div_euclid(d), -(-t).div_euclid(d)) };
    let clamp = |v: i128| v.clamp(i64::MIN as i128, i64::MAX as i128) as i64;
    let exact = d == 1 || t.rem_euclid(d) == 0;
    match op {
        CmpOp::Ge => (clamp(ceil), i64::MAX, false),
        CmpOp::Gt => (clamp(floor + 1), i64::MAX, false),
        CmpOp::Le => (i64::MIN, clamp(floor), false),
        CmpOp::Lt => (i64::MIN, clamp(ceil - 1), false),
        CmpOp::Eq if exact => (clamp(floor), clamp(floor), false),
        CmpOp::Ne if exact => (clamp(floor), clamp(floor), true),
        CmpOp::Eq => (1, 0, false),
        CmpOp::Ne => (1, 0, true),
    }
}

/// `x op y` on whole numbers.
#[inline(always)]
fn compare(op: CmpOp, x: i128, y: i128) -> bool {
    match op {
        CmpOp::Ge => x >= y,
        CmpOp::Le => x <= y,
        CmpOp::Gt => x > y,
        CmpOp::Lt => x < y,
        CmpOp::Eq => x == y,
        CmpOp::Ne => x != y,
    }
}

/// The rows `j` of a word where `x op y` for `(x, y) = pair(j)`: the operator chosen once, outside the loop (whole
/// numbers of any width: 64 bits where the values fit, so the loop vectorizes).
#[inline(always)]
fn hits<T: PartialOrd + Copy>(op: CmpOp, pair: impl Fn(usize) -> (T, T)) -> u64 {
    #[inline(always)]
    fn each<T: Copy>(pair: impl Fn(usize) -> (T, T), holds: impl Fn(T, T) -> bool) -> u64 {
        pack(|j| {
            let (x, y) = pair(j);
            holds(x, y)
        })
    }
    match op {
        CmpOp::Ge => each(pair, |x, y| x >= y),
        CmpOp::Le => each(pair, |x, y| x <= y),
        CmpOp::Gt => each(pair, |x, y| x > y),
        CmpOp::Lt => each(pair, |x, y| x < y),
        CmpOp::Eq => each(pair, |x, y| x == y),
        CmpOp::Ne => each(pair, |x, y| x != y),
    }
}

fn logic_of(value: bool) -> Logic {
    if value { Logic::Yes } else { Logic::No }
}

/// What `default op constant` gives for an empty cell.
fn default_logic(default: Num, op: CmpOp, constant: Num) -> Logic {
    if default.is_missing() {
        if default.is_no_base() { Logic::NoBase } else { Logic::Unknown(0) }
    } else {
        logic_of(op.holds(default, constant))
    }
}

struct Word<'a> {
    rules: &'a RuleSet,
    program: &'a Program,
    columns: &'a ColumnProgram,
    table: &'a Table,
    /// The word's rows, by index in the table.
    index: &'a [u32],
    len: usize,
    decoded: &'a Decoded,
}

impl Word<'_> {
    fn row(&self, j: usize) -> TableRow<'_> {
        TableRow { table: self.table, index: self.index[j] as usize }
    }

    #[inline]
    fn place(&self, slot: u32) -> usize {
        self.columns.place[slot as usize] as usize
    }

    /// A cell as a number (its default when empty), or `None` when kept whole.
    fn value(&self, place: usize, j: usize, default: Raw) -> Option<Num> {
        let bit = 1u64 << j;
        if self.decoded.whole[place] & bit != 0 {
            None
        } else if self.decoded.missing[place] & bit != 0 {
            Some(num(default))
        } else {
            Some(Num::from_raw_parts(self.decoded.cells[place][j].into(), self.decoded.scale[place]))
        }
    }

    /// The test's masks over the word: `and`, `or` and `not` here, each other test in the copy of
    /// [`Word::eval_leaf`] compiled for the processor's widest instructions ([`Isa`]).
    fn eval(&self, test: &ColumnTest) -> Masks {
        match test {
            ColumnTest::And(a, b) | ColumnTest::Or(a, b) => {
                let (left, right) = (self.eval(a), self.eval(b));
                // The evaluator's three-valued `and`/`or` (see `RowView::logic`), mask by mask.
                let (decide, other) =
                    if matches!(test, ColumnTest::Or(..)) { (left.yes, left.no) } else { (left.no, left.yes) };
                let pass = left.no_base | other;
                let (right_decide, right_other) =
                    if matches!(test, ColumnTest::Or(..)) { (right.yes, right.no) } else { (right.no, right.yes) };
                let decided = decide | ((pass | left.unknown) & right_decide);
                let otherwise = pass & right_other;
                let (yes, no) =
                    if matches!(test, ColumnTest::Or(..)) { (decided, otherwise) } else { (otherwise, decided) };
                Masks {
                    yes,
                    no,
                    no_base: pass & right.no_base,
                    unknown: (pass & right.unknown) | (left.unknown & !right_decide),
                    failed: left.failed | (pass & right.failed),
                }
            }
            ColumnTest::Not(a) => {
                let inner = self.eval(a);
                Masks { yes: inner.no, no: inner.yes, ..inner }
            }
            _ => self.columns.isa.run(Leaf(self, test)),
        }
    }

    /// A test that is not `and`, `or` or `not` over the word (those go back to [`Word::eval`]).
    #[inline(always)]
    fn eval_leaf(&self, test: &ColumnTest) -> Masks {
        let rows = if self.len == WORD { u64::MAX } else { (1u64 << self.len) - 1 };
        match test {
            ColumnTest::Const { slot, default, op, constant } => {
                let place = self.place(*slot);
                let (lo, hi, negate) = range(*op, num(*constant), self.decoded.scale[place]);
                let cells = &self.decoded.cells[place];
                let mut hit = 0u64;
                // The range cut to the cells' 32 bits (no cell lies outside them), compared 32 bits wide.
                if lo <= i32::MAX as i64 && hi >= i32::MIN as i64 && lo <= hi {
                    let (lo, hi) = (lo.max(i32::MIN as i64) as i32, hi.min(i32::MAX as i64) as i32);
                    hit = pack(|j| (lo <= cells[j]) & (cells[j] <= hi));
                }
                if negate {
                    hit = !hit;
                }
                self.leaf(place, hit, default_logic(num(*default), *op, num(*constant)), rows)
            }
            ColumnTest::Flag { slot, default } => {
                let place = self.place(*slot);
                let cells = &self.decoded.cells[place];
                let hit = pack(|j| cells[j] != 0);
                let default = num(*default);
                let empty = if default.is_missing() {
                    if default.is_no_base() { Logic::NoBase } else { Logic::Unknown(0) }
                } else {
                    logic_of(!default.is_zero())
                };
                self.leaf(place, hit, empty, rows)
            }
            ColumnTest::Pair { left, op, right } => {
                let (a, b) = (self.place(left.0), self.place(right.0));
                let (failed, unknown, by_row, plain) = self.classes([(a, left.1), (b, right.1)].into_iter(), rows);
                let masks = Masks { failed, unknown, ..Masks::default() };
                let (sa, sb) = (self.decoded.scale[a] as i128, self.decoded.scale[b] as i128);
                let (ca, cb) = (self.filled(a, left.1), self.filled(b, right.1));
                // Cells are 32 bits: with scales of 32 bits too the products fit 64 bits.
                let hit = if sa.unsigned_abs() <= i32::MAX as u128 && sb.unsigned_abs() <= i32::MAX as u128 {
                    let (sa, sb) = (sa as i64, sb as i64);
                    hits(*op, |j| (ca[j] as i64 * sb, cb[j] as i64 * sa))
                } else {
                    hits(*op, |j| (ca[j] as i128 * sb, cb[j] as i128 * sa))
                };
                answered(hit, plain, masks, by_row, |j| match (self.value(a, j, left.1), self.value(b, j, right.1)) {
                    (Some(x), Some(y)) if x.is_missing() || y.is_missing() => {
                        let missing = if x.is_missing() { x } else { y };
                        if missing.is_no_base() { Logic::NoBase } else { Logic::Unknown(0) }
                    }
                    (Some(x), Some(y)) => logic_of(op.holds(x, y)),
                    _ => Logic::Failed(crate::num::ArithError::Overflow),
                })
            }
            ColumnTest::Linear { terms, constant, op } => {
                let (failed, unknown, by_row, plain) =
                    self.classes(terms.iter().map(|&(_, slot, default)| (self.place(slot), default)), rows);
                let masks = Masks { failed, unknown, ..Masks::default() };
                let mut sums = [*constant; WORD];
                for &(coefficient, slot, default) in terms.iter() {
                    let cells = self.filled(self.place(slot), default);
                    for j in 0..WORD {
                        sums[j] = sums[j].wrapping_add(coefficient.wrapping_mul(cells[j] as i64));
                    }
                }
                let hit = hits(*op, |j| (sums[j], 0));
                answered(hit, plain, masks, by_row, |j| {
                    let bit = 1u64 << j;
                    let mut sum = *constant as i128;
                    for &(coefficient, slot, default) in terms.iter() {
                        let place = self.place(slot);
                        let value = if self.decoded.whole[place] & bit != 0 {
                            return Logic::Failed(crate::num::ArithError::Overflow);
                        } else if self.decoded.missing[place] & bit != 0 {
                            if num(default).is_missing() {
                                return Logic::Unknown(slot);
                            }
                            default.0
                        } else {
                            self.decoded.cells[place][j] as i64
                        };
                        sum += coefficient as i128 * value as i128;
                    }
                    logic_of(op.holds(Num::int(sum.signum() as i64), Num::ZERO))
                })
            }
            ColumnTest::ShareConst { part, whole, when_zero, op, constant } => {
                let constant = num(*constant);
                let (cn, cd) = constant.raw_parts();
                let when_zero = default_logic(num(*when_zero), *op, constant);
                let whole_place = self.place(whole.0);
                // The whole first (empty, zero), as the evaluator reads it; then the parts.
                let (whole_failed, whole_unknown, whole_by_row, whole_plain) =
                    self.classes(std::iter::once((whole_place, whole.1)), rows);
                let whole_cells = self.filled(whole_place, whole.1);
                let zero = pack(|j| whole_cells[j] == 0) & whole_plain;
                let (parts_failed, parts_unknown, parts_by_row, _) =
                    self.classes(part.iter().map(|&(_, slot, default)| (self.place(slot), default)), rows);
                let failed = whole_failed | parts_failed;
                let unknown = (whole_unknown | (whole_plain & !zero & parts_unknown)) & !failed;
                let zero = zero & !failed;
                let by_row = (whole_by_row | (whole_plain & !zero & parts_by_row)) & !failed & !unknown;
                let plain = rows & !failed & !unknown & !zero & !by_row;
                let masks = Masks { failed, unknown, ..Masks::default() }.or(Masks::of_logic(when_zero, zero));
                let mut sums = [0i64; WORD];
                for &(sign, slot, default) in part.iter() {
                    let cells = self.filled(self.place(slot), default);
                    for j in 0..WORD {
                        sums[j] += sign * cells[j] as i64;
                    }
                }
                // The sums of at most 4 cells of 32 bits (< 2^34) times a constant's parts under 2^28 fit 64 bits.
                let narrow = part.len() <= 4 && cn.unsigned_abs() < 1 << 28 && cd.unsigned_abs() < 1 << 28;
                let hit = if narrow {
                    hits(*op, |j| {
                        let (mut sum, mut w) = (sums[j], whole_cells[j] as i64);
                        if w < 0 {
                            (sum, w) = (-sum, -w);
                        }
                        (sum * cd, cn * w)
                    })
                } else {
                    hits(*op, |j| {
                        let (mut sum, mut w) = (sums[j] as i128, whole_cells[j] as i128);
                        if w < 0 {
                            (sum, w) = (-sum, -w);
                        }
                        (sum * cd as i128, cn as i128 * w)
                    })
                };
                answered(hit, plain, masks, by_row, |j| {
                    let Some(w) = self.value(whole_place, j, whole.1) else {
                        return Logic::Failed(crate::num::ArithError::Overflow);
                    };
                    if w.is_missing() {
                        return Logic::Unknown(whole.0);
                    }
                    if w.is_zero() {
                        return when_zero;
                    }
                    let mut sum: i128 = 0;
                    for &(sign, slot, default) in part.iter() {
                        let Some(value) = self.value(self.place(slot), j, default) else {
                            return Logic::Failed(crate::num::ArithError::Overflow);
                        };
                        if value.is_missing() {
                            return Logic::Unknown(slot);
                        }
                        sum += sign as i128 * value.numerator() as i128;
                    }
                    let mut w = w.numerator() as i128;
                    if w < 0 {
                        (sum, w) = (-sum, -w);
                    }
                    logic_of(compare(*op, sum * cd as i128, cn as i128 * w))
                })
            }
            ColumnTest::DerivedConst { kind, step, op, constant } => {
                let mut masks = Masks::default();
                let Some(Some(program)) = self.program.kinds.get(*kind) else {
                    return Masks { failed: rows, ..Masks::default() };
                };
                let mut rest = rows;
                while rest != 0 {
                    let j = rest.trailing_zeros() as usize;
                    let bit = 1u64 << j;
                    rest &= rest - 1;
                    let logic = match program.steps[*step].value(&self.row(j)) {
                        Fused::Value(value) => default_logic(value, *op, num(*constant)),
                        Fused::Failed | Fused::Walk => Logic::Failed(crate::num::ArithError::Overflow),
                    };
                    masks.set(logic, bit);
                }
                masks
            }
            ColumnTest::And(..) | ColumnTest::Or(..) | ColumnTest::Not(..) => self.eval(test),
            ColumnTest::Walk { kind, at, node } => {
                let at = RuleRef { stage: at.0, level: at.1, index: at.2 };
                let (Some(Some(program)), Some(expr)) = (self.program.kinds.get(*kind), expr_at(self.rules, at)) else {
                    return Masks { failed: rows, ..Masks::default() };
                };
                let mut masks = Masks::default();
                let mut rest = rows;
                while rest != 0 {
                    let j = rest.trailing_zeros() as usize;
                    rest &= rest - 1;
                    let row = self.row(j);
                    let view = program.view(&row, &[], self.program.input_count, self.program.rollup_start);
                    masks.set(view.logic(&Test::Tree { node: *node }, expr), 1u64 << j);
                }
                masks
            }
        }
    }

    /// A default in the units of the column at `place`, when it is a whole number of them that a decoded cell
    /// holds (32 bits).
    fn in_units(&self, place: usize, default: Raw) -> Option<i32> {
        if default.1 == 1 {
            // A whole default (the common case) needs no division.
            return default.0.checked_mul(self.decoded.scale[place]).and_then(|value| i32::try_from(value).ok());
        }
        let scaled = default.0 as i128 * self.decoded.scale[place] as i128;
        let d = default.1 as i128;
        (d > 0 && scaled % d == 0).then(|| i32::try_from(scaled / d).ok()).flatten()
    }

    /// The cells at `place` with each empty one holding `default` (in the column's units) when it is a whole number
    /// of them (the rows where it is not are answered one by one: [`Word::classes`]).
    fn filled(&self, place: usize, default: Raw) -> Cow<'_, [i32; WORD]> {
        let cells = &self.decoded.cells[place];
        let missing = self.decoded.missing[place];
        if missing != 0 && !num(default).is_missing() {
            // Empty cells are decoded as 0: only another default needs a copy.
            if let Some(value) = self.in_units(place, default).filter(|&value| value != 0) {
                let mut cells = *cells;
                each_bit(missing, |j| cells[j] = value);
                return Cow::Owned(cells);
            }
        }
        Cow::Borrowed(cells)
    }

    /// The rows of a test reading `inputs` (place, default): those with a cell kept whole (`failed`), those where
    /// an empty cell has no default (`unknown`: no other failure is possible once the cells kept whole are set
    /// apart), those where an empty cell takes a default that is not a whole number of the column's units
    /// (`by_row`), and the rest, every cell with a value or its default ([`Word::filled`]).
    fn classes(&self, inputs: impl Iterator<Item = (usize, Raw)>, rows: u64) -> (u64, u64, u64, u64) {
        let (mut whole, mut no_default, mut default) = (0u64, 0u64, 0u64);
        for (place, raw) in inputs {
            whole |= self.decoded.whole[place];
            if num(raw).is_missing() {
                no_default |= self.decoded.missing[place];
            } else if self.in_units(place, raw).is_none() {
                default |= self.decoded.missing[place];
            }
        }
        let failed = rows & whole;
        let unknown = rows & !failed & no_default;
        let by_row = rows & !failed & !unknown & default;
        (failed, unknown, by_row, rows & !failed & !unknown & !by_row)
    }

    /// A leaf's masks: `hit` where the cell has a value, `empty` where it has none, failed where kept whole.
    fn leaf(&self, place: usize, hit: u64, empty: Logic, rows: u64) -> Masks {
        let missing = self.decoded.missing[place] & rows;
        let whole = self.decoded.whole[place] & rows;
        let present = rows & !missing & !whole;
        let mut masks = Masks::of_logic(empty, missing);
        masks.yes |= hit & present;
        masks.no |= !hit & present;
        masks.failed |= whole;
        masks
    }
}

/// [`Word::eval_leaf`] as a [`Kernel`], to be run in the copy for the processor's widest instructions.
struct Leaf<'w, 'a>(&'w Word<'a>, &'w ColumnTest);

impl Kernel for Leaf<'_, '_> {
    type Out = Masks;
    #[inline(always)]
    fn run(self) -> Masks {
        self.0.eval_leaf(self.1)
    }
}

/// A test's answers as the decision reads them (a share of nothing already counted as the rule says).
#[derive(Clone, Copy, Default)]
struct Truths {
    yes: u64,
    no: u64,
    unknown: u64,
    failed: u64,
}

fn each_bit(mut mask: u64, mut f: impl FnMut(usize)) {
    while mask != 0 {
        let j = mask.trailing_zeros() as usize;
        mask &= mask - 1;
        f(j);
    }
}

impl Classifier<'_> {
    /// Every record of `table` classified, in order: the fast path column by column (`fast/columns.rs`), the row
    /// program for the rows it leaves; the verdicts are [`Classifier::classify`]'s on each row.
    pub fn classify_table(&mut self, table: &Table) -> Vec<Verdict> {
        self.classify_table_counted(table).0
    }

    /// [`Classifier::classify_table`], and how many rows the row program classified.
    pub(crate) fn classify_table_counted(&mut self, table: &Table) -> (Vec<Verdict>, usize) {
        let mut out = Vec::with_capacity(table.len());
        let by_row = self.classify_table_each(table, |verdict| out.push(verdict));
        (out, by_row)
    }

    /// Every record of `table` classified, each verdict handed to `each` in order (what [`Classifier::classify_table`]
    /// collects), [`CHUNK`] rows at a time so that no verdict is stored for the whole table; returns how many rows
    /// the row program classified.
    pub fn classify_table_each(&mut self, table: &Table, mut each: impl FnMut(Verdict)) -> usize {
        let rules = self.rules;
        let (_, columns) = self.column_program();
        let usable = columns.is_useful()
            && columns.whole_slots.iter().all(|&slot| {
                (slot as usize) >= table.stride || {
                    let view = table.column(slot as usize);
                    matches!(view.cells, ColumnCells::Empty) || view.scale == 1
                }
            });
        let unset = Verdict { outcome: Outcome::Incomplete { fact: 0 }, score: Num::MISSING };
        let mut out = Vec::with_capacity(CHUNK.min(table.len()));
        let mut fallback: Vec<u32> = Vec::new();
        let mut by_row = 0;
        for begin in (0..table.len()).step_by(CHUNK) {
            let end = (begin + CHUNK).min(table.len());
            out.clear();
            out.resize(end - begin, unset);
            fallback.clear();
            if usable {
                let (program, columns) = self.column_program();
                let batch =
                    Batch { rules, program, columns, table, rows: begin..end, out: &mut out, fallback: &mut fallback };
                columns.isa.run(batch);
            } else {
                fallback.extend(begin as u32..end as u32);
            }
            by_row += fallback.len();
            for &index in &fallback {
                let index = index as usize;
                let row = TableRow { table, index };
                out[index - begin] = self.classify_facts(table.kind(index), &row, table.stride);
            }
            out.iter().for_each(|&verdict| each(verdict));
        }
        by_row
    }
}

/// Rows classified at a time by [`Classifier::classify_table_each`]: a few hundred kilobytes of verdicts.
const CHUNK: usize = 4096;

/// A batch, as a [`Kernel`] run in the copy for the processor's widest instructions: the rows `rows` of `table`,
/// grouped by subject kind, each group of up to 64 rows of one kind decided by column into `out` (one verdict per row
/// of `rows`): only the columns the kind reads are decoded and only its tests evaluated; rows left to the row program
/// in `fallback`, by index in the table.
struct Batch<'a> {
    rules: &'a RuleSet,
    program: &'a Program,
    columns: &'a ColumnProgram,
    table: &'a Table,
    rows: std::ops::Range<usize>,
    out: &'a mut [Verdict],
    fallback: &'a mut Vec<u32>,
}

impl Kernel for Batch<'_> {
    type Out = ();
    #[inline(always)]
    fn run(self) {
        let Batch { rules, program, columns, table, rows, out, fallback } = self;
        let kinds = table.kinds();
        let mut decoded = Decoded {
            cells: vec![[0i32; WORD]; columns.slots.len()],
            missing: vec![0; columns.slots.len()],
            whole: vec![0; columns.slots.len()],
            scale: vec![1; columns.slots.len()],
        };
        let views: Vec<Option<crate::table::ColumnView<'_>>> = columns
            .slots
            .iter()
            .map(|&slot| ((slot as usize) < table.stride).then(|| table.column(slot as usize)))
            .collect();
        let mut truths = vec![Truths::default(); columns.tests.len()];
        // The rows of each kind, once per batch.
        let mut groups: Vec<Vec<u32>> = vec![Vec::new(); columns.kinds.len()];
        for (index, &kind) in kinds[rows.clone()].iter().enumerate() {
            let index = (rows.start + index) as u32;
            match groups.get_mut(kind as usize) {
                Some(group) if columns.kinds[kind as usize].is_some() => group.push(index),
                _ => fallback.push(index),
            }
        }
        // Per level, reused: the rows in its band, those where a condition fails, those where one is unknown.
        let mut by_level: [Vec<u64>; 3] = Default::default();
        for (kind, group) in groups.iter().enumerate() {
            let Some(kind_columns) = &columns.kinds[kind] else { continue };
            for index in group.chunks(WORD) {
                let len = index.len();
                // Consecutive rows (the common case for the main kind) are read as a slice of each column.
                let first = index[0] as usize;
                let run = (index[len - 1] as usize - first + 1 == len).then_some(first..first + len);
                for &place in &kind_columns.places {
                    let place = place as usize;
                    let out = &mut decoded.cells[place];
                    let (missing, whole, scale) = match views[place].map(|v| (v.cells, v.scale)) {
                        None | Some((ColumnCells::Empty, _)) => (u64::MAX, 0, 1),
                        Some((ColumnCells::I8(cells), scale)) => {
                            let (m, w) = decode(cells, &run, index, i8::MIN as i32, out);
                            (m, w, scale)
                        }
                        Some((ColumnCells::I16(cells), scale)) => {
                            let (m, w) = decode(cells, &run, index, i16::MIN as i32, out);
                            (m, w, scale)
                        }
                        Some((ColumnCells::I32(cells), scale)) => {
                            let (m, w) = decode(cells, &run, index, i32::MIN, out);
                            (m, w, scale)
                        }
                    };
                    decoded.missing[place] = missing;
                    decoded.whole[place] = whole;
                    decoded.scale[place] = scale;
                }
                let word = Word { rules, program, columns, table, index, len, decoded: &decoded };
                for &test in &kind_columns.used {
                    let masks = word.eval(&columns.tests[test as usize]);
                    let holds = columns.empty_share_holds[test as usize];
                    truths[test as usize] = Truths {
                        yes: masks.yes | if holds { masks.no_base } else { 0 },
                        no: masks.no | if holds { 0 } else { masks.no_base },
                        unknown: masks.unknown,
                        failed: masks.failed,
                    };
                }
                let mask = if len == WORD { u64::MAX } else { (1u64 << len) - 1 };
                let [band, fails, unsure] = &mut by_level;
                decide_word(
                    rules,
                    program,
                    kind,
                    kind_columns,
                    &truths,
                    &word,
                    mask,
                    (out, rows.start),
                    fallback,
                    [band, fails, unsure],
                );
            }
        }
    }
}

/// The decision (`classify::decide`) for the rows `rows` of kind `kind` in one word, into `out` (whose first verdict
/// is the table's row `begin`).
#[allow(clippy::too_many_arguments)]
#[inline(always)]
fn decide_word(
    rules: &RuleSet,
    program: &Program,
    kind: usize,
    columns: &KindColumns,
    truths: &[Truths],
    word: &Word<'_>,
    rows: u64,
    (out, begin): (&mut [Verdict], usize),
    fallback: &mut Vec<u32>,
    masks_by_level: [&mut Vec<u64>; 3],
) {
    // Where row `j` of the word goes in `out`.
    let at = |j: usize| word.index[j] as usize - begin;
    let mut failed = columns.used.iter().fold(0u64, |acc, &t| acc | truths[t as usize].failed) & rows;
    // The score and the derived sums, row by row (a sum that fails sends the row the row program's way).
    let mut score = [Num::MISSING; WORD];
    let Some(Some(kind_program)) = program.kinds.get(kind) else {
        each_bit(rows, |j| fallback.push(word.index[j]));
        return;
    };
    // The score summed from the decoded columns where every term has a value in the same units (the evaluator's
    // sum of fractions with one denominator is the sum of the numerators over it, in the same form).
    let mut summed = 0u64;
    let (mut total, mut total_scale) = ([0i64; WORD], 1i64);
    if let (Some(terms), Score::Derived(score_step)) = (&columns.score_sum, columns.score) {
        let decoded = word.decoded;
        let scale = decoded.scale[word.place(terms[0].1)];
        if terms.iter().all(|&(_, slot)| decoded.scale[word.place(slot)] == scale) {
            summed = terms.iter().fold(rows & !failed, |acc, &(_, slot)| {
                let place = word.place(slot);
                acc & !decoded.missing[place] & !decoded.whole[place]
            });
            total_scale = scale;
            for &(minus, slot) in terms.iter() {
                let cells = &decoded.cells[word.place(slot)];
                for j in 0..WORD {
                    let cell = cells[j] as i64;
                    total[j] += if minus { -cell } else { cell };
                }
            }
            each_bit(summed, |j| score[j] = Num::from_raw_parts(total[j], scale));
            if columns.sums.iter().any(|&s| s != score_step) {
                each_bit(summed, |j| {
                    for &step in columns.sums.iter().filter(|&&s| s != score_step) {
                        if !matches!(kind_program.steps[step].value(&word.row(j)), Fused::Value(_)) {
                            failed |= 1u64 << j;
                        }
                    }
                });
            }
        }
    }
    each_bit(rows & !failed & !summed, |j| {
        let row = word.row(j);
        for &step in &columns.sums {
            match kind_program.steps[step].value(&row) {
                Fused::Value(value) => {
                    if matches!(columns.score, Score::Derived(s) if s == step) {
                        score[j] = value;
                    }
                }
                Fused::Failed | Fused::Walk => failed |= 1u64 << j,
            }
        }
        match columns.score {
            Score::None => {}
            Score::Input { slot, default } => {
                let value = row.fact(slot);
                score[j] = if value.is_missing() { num(default) } else { value };
            }
            Score::Derived(step) if !columns.sums.contains(&step) => match kind_program.steps[step].value(&row) {
                Fused::Value(value) => score[j] = value,
                Fused::Failed | Fused::Walk => failed |= 1u64 << j,
            },
            Score::Derived(_) => {}
        }
    });
    let mut to_fallback = failed;
    let mut live = rows & !failed;
    let mut write = |mask: u64, outcome: Outcome, score: &[Num; WORD]| {
        each_bit(mask, |j| out[at(j)] = Verdict { outcome, score: score[j] });
    };
    let truth = |test: u32| truths[test as usize];
    for &(index, test) in &columns.checks {
        let invalid = live & truth(test).no;
        write(invalid, Outcome::Invalid { check: index }, &score);
        live &= !invalid;
    }
    let mut unknown = 0u64;
    for &(index, test) in &columns.not_classified {
        let yes = live & truth(test).yes;
        write(yes, Outcome::NotClassified { rule: index }, &score);
        live &= !yes;
        unknown |= truth(test).unknown;
    }
    to_fallback |= live & unknown;
    live &= !unknown;
    let lowest = rules.lowest_level() as u8;
    let mut undecided = 0u64;
    for &(index, test, mitigation) in &columns.disqualifiers {
        let applies = truth(test);
        let decides = match mitigation {
            None => applies.yes,
            Some(m) => {
                let mitigated = truth(m);
                undecided |= applies.yes & (mitigated.yes | mitigated.unknown);
                applies.yes & mitigated.no
            }
        };
        undecided |= applies.unknown;
        let decided = live & decides;
        write(decided, Outcome::Level { level: lowest, decision: Decision::Disqualifier(index) }, &score);
        live &= !decided;
    }
    to_fallback |= live & undecided;
    live &= !undecided;
    // The band.
    let levels = rules.levels.len();
    let [band, fails, unsure] = masks_by_level;
    for list in [&mut *band, &mut *fails, &mut *unsure] {
        list.clear();
        list.resize(levels, 0);
    }
    // The summed scores' band by column: `total / scale >= n / d` is `total × d >= n × scale` (positive
    // denominators), in 64 bits when the sum has at most 8 terms of 32 bits and the parts stay under 2^28.
    let narrow = |n: i64, d: i64| {
        columns.score_sum.as_ref().is_some_and(|terms| terms.len() <= 8)
            && total_scale > 0
            && total_scale < 1 << 28
            && d > 0
            && d < 1 << 28
            && n.unsigned_abs() < 1 << 28
    };
    let by_column = match &rules.scoring {
        Some(_)
            if rules
                .levels
                .iter()
                .all(|l| l.min_score.is_none_or(|min| narrow(min.raw_parts().0, min.raw_parts().1))) =>
        {
            live & summed
        }
        _ => 0,
    };
    if by_column != 0 {
        let mut left = by_column;
        for (level, l) in rules.levels.iter().enumerate() {
            let reached = match l.min_score {
                None => left,
                Some(min) => {
                    let (n, d) = min.raw_parts();
                    left & hits(CmpOp::Ge, |j| (total[j] * d, n * total_scale))
                }
            };
            band[level] |= reached;
            left &= !reached;
        }
        band[rules.lowest_level()] |= left;
    }
    match &rules.scoring {
        None => band[0] = live,
        Some(_) => each_bit(live & !by_column, |j| {
            let value = score[j];
            if value.is_missing() {
                to_fallback |= 1u64 << j;
            } else {
                let level = rules
                    .levels
                    .iter()
                    .position(|level| level.min_score.is_none_or(|min| value >= min))
                    .unwrap_or(rules.lowest_level());
                band[level] |= 1u64 << j;
            }
        }),
    }
    live &= !to_fallback;
    // Per level: rows where some condition fails, and rows where none fails but one is unknown.
    for (level, list) in columns.conditions.iter().enumerate() {
        let (mut no, mut unknown) = (0u64, 0u64);
        for &(_, test) in list {
            no |= truth(test).no;
            unknown |= truth(test).unknown;
        }
        fails[level] = no;
        unsure[level] = unknown & !no;
    }
    let mut level_of = [lowest; WORD];
    let mut decision_of = [Decision::BelowBands; WORD];
    let lowest = lowest as usize;
    for (level, &in_band) in band.iter().enumerate() {
        let rows_here = in_band & live;
        if rows_here == 0 {
            continue;
        }
        if level == lowest {
            continue;
        }
        to_fallback |= rows_here & unsure[level];
        each_bit(rows_here & !fails[level] & !unsure[level], |j| {
            level_of[j] = level as u8;
            decision_of[j] = Decision::Reached;
        });
        // The first condition that fails, in order, for the rows that fall back.
        let mut pending = rows_here & fails[level];
        for &(index, test) in &columns.conditions[level] {
            let here = pending & truth(test).no;
            pending &= !here;
            if here == 0 {
                continue;
            }
            let decision = Decision::Fallback { from: level as u8, failed: index };
            let mut choose = here;
            match rules.band_fallback {
                BandFallback::Lowest => {}
                BandFallback::DropOne | BandFallback::Cascade => {
                    for candidate in level + 1..lowest {
                        let holds = choose & !fails[candidate] & !unsure[candidate];
                        each_bit(holds, |j| level_of[j] = candidate as u8);
                        to_fallback |= choose & unsure[candidate];
                        choose &= fails[candidate];
                    }
                }
            }
            each_bit(choose, |j| level_of[j] = lowest as u8);
            each_bit(here, |j| decision_of[j] = decision);
        }
    }
    live &= !to_fallback;
    // Rows no cap applies to nor may apply to (the common case) keep their level.
    let capped = columns.caps.iter().fold(0u64, |acc, &(_, test, _)| acc | truth(test).yes | truth(test).unknown);
    each_bit(live & !capped, |j| {
        out[at(j)] =
            Verdict { outcome: Outcome::Level { level: level_of[j], decision: decision_of[j] }, score: score[j] };
    });
    // Caps, row by row over the masks.
    each_bit(live & capped, |j| {
        let bit = 1u64 << j;
        let (mut level, mut decision) = (level_of[j], decision_of[j]);
        let mut unknown: Option<u8> = None;
        for &(index, test, max_level) in &columns.caps {
            if max_level > level {
                let truth = truth(test);
                if truth.yes & bit != 0 {
                    decision = Decision::Cap { index, from: level };
                    level = max_level;
                } else if truth.unknown & bit != 0 && unknown.is_none_or(|m| max_level > m) {
                    unknown = Some(max_level);
                }
            }
        }
        if unknown.is_some_and(|max_level| max_level > level) {
            to_fallback |= bit;
        } else {
            out[at(j)] = Verdict { outcome: Outcome::Level { level, decision }, score: score[j] };
        }
    });
    each_bit(to_fallback & rows, |j| fallback.push(word.index[j]));
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::table::Record;

    /// `table` with cells changed so every path is taken: emptied cells, values kept whole beside their column
    /// (a denominator no column takes, a number too large), zeros where shares divide, negative numbers.
    fn disturbed(table: &Table, seed: usize) -> Table {
        let mut out = crate::table::TableBuilder::new(table.stride);
        for (i, record) in table.records().enumerate() {
            let mut row = table.row_vec(i);
            if !row.is_empty() {
                let slot = (i * 7 + seed) % row.len();
                match (i + seed) % 29 {
                    0..=2 => row[slot] = Num::MISSING,
                    3 => row[slot] = Num::from_raw_parts(1, 1_000_003),
                    4 => row[slot] = Num::int(1 << 42),
                    5 | 6 => row[slot] = Num::ZERO,
                    7 => row[slot] = Num::NO_BASE,
                    // A negative count: a share's whole below zero turns its comparison round.
                    8 => row[slot] = Num::int(-3),
                    _ => {}
                }
            }
            let record: Record = record.to_owned();
            out.push(record, &row);
        }
        out.finish()
    }

    /// The verdicts by column are the row program's ([`Classifier::classify`] on each row as `Unit::run` read it
    /// before), on generated rosters of every bundled rule set, members and organizations, as generated and
    /// disturbed; on `qd366-2025`, the benchmarks' rule set, nearly every member is decided by column.
    #[test]
    fn the_columns_give_the_row_programs_verdicts() {
        for entry in crate::builtin::CATALOG {
            let rules = crate::builtin::load(entry.id).expect("a bundled rule set compiles");
            let members = if entry.id == "qd366-2025" { 60_000 } else { 12_000 };
            let roster = crate::generate::roster(&rules, crate::generate::Shape::new(members, 2025));
            for (name, table) in [
                ("members", roster.members.clone()),
                ("organizations", roster.orgs.clone()),
                ("members disturbed", disturbed(&roster.members, 1)),
                ("organizations disturbed", disturbed(&roster.orgs, 2)),
            ] {
                let mut by_row = Classifier::new(&rules);
                let expected: Vec<Verdict> =
                    (0..table.len()).map(|i| by_row.classify(table.kind(i), &table.row_vec(i))).collect();
                // Every copy of the word's loops the processor runs (the baseline, AVX2, AVX-512): the same verdicts.
                for (level, isa) in Classifier::column_levels().into_iter().enumerate() {
                    let mut by_column = Classifier::new(&rules);
                    by_column.use_column_level(level);
                    let (got, fell_back) = by_column.classify_table_counted(&table);
                    assert_eq!(got.len(), expected.len());
                    for (i, (got, expected)) in got.iter().zip(&expected).enumerate() {
                        assert_eq!(got, expected, "{}, {name}, {isa}: {} (row {i})", entry.id, table.id(i));
                        let (got, expected) = (got.score.raw_parts(), expected.score.raw_parts());
                        assert_eq!(got, expected, "{}, {isa}: {}", entry.id, table.id(i));
                    }
                    if entry.id == "qd366-2025" && name == "members" {
                        assert!(fell_back * 20 <= table.len(), "{name}: {fell_back} of {} rows by row", table.len());
                    }
                }
            }
        }
    }

    /// A share whose whole is below zero (the counts of a rule set that sets no minimum): the comparison turned
    /// round, at every instruction level, gives the row program's verdicts, and the verdicts depend on it (the
    /// bundled rule sets decide such rows by a check first, so the test above does not reach this path).
    #[test]
    fn a_share_of_a_negative_whole_is_compared_turned_round() {
        let text = include_str!("../../tests/fixtures/rules/empty-share.toml").replace("min = 0\n", "");
        let (rules, diagnostics) = crate::load(&text, None);
        let rules = rules.unwrap_or_else(|| panic!("{diagnostics:#?}"));
        let slot = |id: &str| rules.fact_slot(id).expect("a fact") as usize;
        let mut builder = crate::table::TableBuilder::new(rules.input_count);
        let roster = crate::generate::roster(&rules, crate::generate::Shape::new(200, 2025));
        let records: Vec<Record> = roster.members.records().map(|r| r.to_owned()).collect();
        // Whole -1 to -8, parts -9 to 0: shares from 0 to 9, each compared with 100% and 30%.
        for (i, record) in records.into_iter().enumerate() {
            let mut row = vec![Num::MISSING; rules.input_count];
            row[slot("points")] = Num::int(95);
            row[slot("tasks_assigned")] = Num::int(-((i % 8) as i64 + 1));
            row[slot("tasks_on_time")] = Num::int(-((i % 10) as i64));
            row[slot("tasks_done")] = Num::int(-((i % 9) as i64));
            row[slot("tasks_exceeding")] = Num::int(-((i % 4) as i64));
            builder.push(record, &row);
        }
        let table = builder.finish();
        let mut by_row = Classifier::new(&rules);
        let expected: Vec<Verdict> =
            (0..table.len()).map(|i| by_row.classify(table.kind(i), &table.row_vec(i))).collect();
        let levels: std::collections::BTreeSet<_> = expected.iter().map(|v| v.level()).collect();
        assert!(levels.len() >= 2, "the sign decides some rows: {levels:?}");
        for (level, isa) in Classifier::column_levels().into_iter().enumerate() {
            let mut by_column = Classifier::new(&rules);
            by_column.use_column_level(level);
            let (got, fell_back) = by_column.classify_table_counted(&table);
            assert_eq!(fell_back, 0, "{isa}: every row by column");
            assert_eq!(got, expected, "{isa}");
        }
    }
}
