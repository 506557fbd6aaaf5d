//! Synthetic rosters for benchmarks and scale tests: deterministic (a seed gives the same roster on every machine),
//! with realistic shares of levels, subject kinds, empty cells and a hierarchy up to four levels deep (provinces or
//! blocs → district-level committees → base organizations → cells under a base organization).
//!
//! The generator fills the facts of `qd366-2025` by id; a rule set that lacks one of them simply gets no value for
//! it, so any rule set with members and organizations can be used. Rows are produced one at a time
//! ([`Generator::orgs`], [`Generator::members`]), so a national roster can be written to a file without holding it;
//! [`roster`] collects them into a [`Roster`] for the benchmarks, [`CsvWriter`] writes them as a spreadsheet exports
//! them (`;`, decimal commas, Vietnamese headers, choices and yes/no in words), which the roster reader reads back.

use crate::input::{Record, Table, TableBuilder, TableKind};
use crate::lang::Lang;
use crate::num::Num;
use crate::ruleset::{FactType, RuleSet};
use crate::unit::Roster;

/// The size and shape of a roster. [`Shape::new`] gives the proportions of the whole Party (about 106 members per
/// base organization, 75 base organizations per district-level committee, 1,500 per province or bloc).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Shape {
    pub members: usize,
    pub seed: u64,
    /// Base organizations (tổ chức cơ sở đảng); at least one.
    pub base_orgs: usize,
    /// District-level committees (đảng bộ cấp trên cơ sở) the base organizations sit under.
    pub districts: usize,
    /// Top committees (provinces, blocs): the roots.
    pub tops: usize,
    /// Per mille of base organizations that are party committees with cells under them (chi bộ trực thuộc), where
    /// the members then sit: the fourth level.
    pub with_cells_per_mille: u64,
}

impl Shape {
    pub fn new(members: usize, seed: u64) -> Shape {
        let base_orgs = (members / 106).max(1);
        Shape {
            members,
            seed,
            base_orgs,
            districts: (base_orgs / 75).max(1),
            tops: base_orgs.div_ceil(1_500).max(1),
            with_cells_per_mille: 300,
        }
    }
}

/// xorshift64*: tiny, deterministic, good enough for test data.
struct Rng(u64);

impl Rng {
    fn new(seed: u64) -> Rng {
        Rng(seed.wrapping_mul(0x9e37_79b9_7f4a_7c15) | 1)
    }

    fn next(&mut self) -> u64 {
        let mut x = self.0;
        x ^= x >> 12;
        x ^= x << 25;
        x ^= x >> 27;
        self.0 = x;
        x.wrapping_mul(0x2545_f491_4f6c_dd1d)
    }

    /// Uniform in `lo..=hi`.
    fn range(&mut self, lo: i64, hi: i64) -> i64 {
        if hi <= lo {
            return lo;
        }
        lo + (self.next() % (hi - lo + 1) as u64) as i64
    }

    fn below(&mut self, n: usize) -> usize {
        (self.next() % n.max(1) as u64) as usize
    }

    /// True with probability `per_mille / 1000`.
    fn chance(&mut self, per_mille: u64) -> bool {
        self.next() % 1000 < per_mille
    }
}

/// Input fact slots by id, resolved once; `None` when the rule set has no such input.
struct Slots {
    common_points: Option<usize>,
    task_points: Option<usize>,
    tasks: [Option<usize>; 4],
    led_tasks: [Option<usize>; 4],
    shortcomings_identified: Option<usize>,
    shortcomings_fixed: Option<usize>,
    discipline: Option<usize>,
    degradation_concluded: Option<usize>,
    led_unit_corruption_handled: Option<usize>,
    collective_disciplined: Option<usize>,
    internal_disunity: Option<usize>,
    civil_servant_level: Option<usize>,
    months_since_admission: Option<usize>,
    suspended: Option<usize>,
    exempted: Option<usize>,
    sick_leave_months: Option<usize>,
    months_since_established: Option<usize>,
}

impl Slots {
    fn new(rules: &RuleSet) -> Slots {
        let slot = |id: &str| rules.fact_slot(id).map(|s| s as usize).filter(|s| *s < rules.input_count);
        Slots {
            common_points: slot("common_points"),
            task_points: slot("task_points"),
            tasks: [slot("tasks_assigned"), slot("tasks_on_time"), slot("tasks_late"), slot("tasks_exceeding")],
            led_tasks: [
                slot("led_tasks_assigned"),
                slot("led_tasks_on_time"),
                slot("led_tasks_late"),
                slot("led_tasks_exceeding"),
            ],
            shortcomings_identified: slot("shortcomings_identified"),
            shortcomings_fixed: slot("shortcomings_fixed"),
            discipline: slot("discipline"),
            degradation_concluded: slot("degradation_concluded"),
            led_unit_corruption_handled: slot("led_unit_corruption_handled"),
            collective_disciplined: slot("collective_disciplined"),
            internal_disunity: slot("internal_disunity"),
            civil_servant_level: slot("civil_servant_level"),
            months_since_admission: slot("months_since_admission"),
            suspended: slot("suspended"),
            exempted: slot("exempted"),
            sick_leave_months: slot("sick_leave_months"),
            months_since_established: slot("months_since_established"),
        }
    }
}

fn set(row: &mut [Num], slot: Option<usize>, value: Num) {
    if let Some(slot) = slot {
        row[slot] = value;
    }
}

/// The value of choice `id` of a choice fact, when both exist.
fn choice(rules: &RuleSet, slot: Option<usize>, id: &str) -> Option<Num> {
    let fact = &rules.facts[slot?];
    fact.choices.iter().position(|c| c.id == id).map(|index| Num::int(index as i64))
}

/// Points, sometimes with a half point, never above `max`.
fn points(rng: &mut Rng, lo: i64, hi: i64, max: i64) -> Num {
    let whole = rng.range(lo, hi);
    if whole < max && rng.chance(100) {
        Num::ratio(2 * whole + 1, 2).unwrap_or(Num::int(whole))
    } else {
        Num::int(whole)
    }
}

/// Task counts `(assigned, on_time, late, exceeding)` for a profile: 0 excellent-like, 1 good, 2 complete,
/// 3 weak.
fn tasks(rng: &mut Rng, profile: u8, lo: i64, hi: i64) -> [i64; 4] {
    if rng.chance(30) {
        return [0; 4];
    }
    let assigned = rng.range(lo, hi);
    match profile {
        0 => {
            let min_exceeding = (assigned * 3 + 9) / 10;
            // A few miss the 30% share of exceeding tasks and fall back to HTT.
            let exceeding = if rng.chance(150) {
                rng.range(0, min_exceeding.max(1) - 1)
            } else {
                rng.range(min_exceeding, assigned)
            };
            [assigned, assigned, 0, exceeding]
        }
        1 => [assigned, assigned, 0, rng.range(0, assigned / 3)],
        2 => {
            let late = rng.range(0, (assigned / 5).max(1)).min(assigned);
            [assigned, assigned - late, late, 0]
        }
        _ => {
            let done = rng.range(assigned / 3, assigned);
            let late = rng.range(0, done / 2);
            [assigned, done - late, late, 0]
        }
    }
}

/// Points by profile: `(common 0..=30, task 0..=70)`.
fn profile_points(rng: &mut Rng, profile: u8) -> (Num, Num) {
    match profile {
        0 => (points(rng, 27, 30, 30), points(rng, 62, 70, 70)),
        1 => (points(rng, 22, 30, 30), points(rng, 50, 66, 70)),
        2 => (points(rng, 15, 28, 30), points(rng, 35, 60, 70)),
        _ => (points(rng, 0, 25, 30), points(rng, 0, 45, 70)),
    }
}

/// Task counts into the four slots; the late and exceeding counts (which default to 0) are left empty half the
/// time when they are 0, so default filling is exercised.
fn fill_tasks(rng: &mut Rng, row: &mut [Num], slots: &[Option<usize>; 4], counts: [i64; 4]) {
    set(row, slots[0], Num::int(counts[0]));
    set(row, slots[1], Num::int(counts[1]));
    for i in 2..4 {
        if counts[i] > 0 || rng.chance(500) {
            set(row, slots[i], Num::int(counts[i]));
        }
    }
}

const FAMILY: [&str; 14] =
    ["Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Huỳnh", "Phan", "Vũ", "Võ", "Đặng", "Bùi", "Đỗ", "Hồ", "Ngô"];
const MIDDLE: [&str; 8] = ["Văn", "Thị", "Hữu", "Đức", "Minh", "Ngọc", "Thanh", "Quốc"];
const GIVEN: [&str; 16] = [
    "An", "Bình", "Chi", "Dũng", "Giang", "Hà", "Hải", "Hương", "Khánh", "Lan", "Long", "Mai", "Nam", "Phương", "Sơn",
    "Thảo",
];

/// The rows of a synthetic roster, one at a time: organizations first, then members (one random stream, so the
/// order is part of the seed's meaning).
pub struct Generator<'r> {
    rules: &'r RuleSet,
    shape: Shape,
    slots: Slots,
    rng: Rng,
    /// Organizations that members sit in: base organizations without cells, and the cells.
    homes: Vec<String>,
    row: Vec<Num>,
}

impl<'r> Generator<'r> {
    pub fn new(rules: &'r RuleSet, shape: Shape) -> Generator<'r> {
        Generator {
            rules,
            shape,
            slots: Slots::new(rules),
            rng: Rng::new(shape.seed),
            homes: Vec::new(),
            row: vec![Num::MISSING; rules.input_count],
        }
    }

    /// The organizations, parents before children: the tops, the district-level committees, the base
    /// organizations (90% under a district, the rest directly under a top), the cells of some of them.
    /// Call once, before [`Generator::members`].
    pub fn orgs(&mut self, mut visit: impl FnMut(&Record, &[Num])) {
        let collective = self.rules.subjects.iter().position(|s| s.collective).unwrap_or(0);
        let shape = self.shape;
        let tops = shape.tops.max(1);
        let mut row_number = 2u32;
        let mut emit = |this: &mut Generator, id: String, parent: Option<String>, base: bool, name: String| {
            this.fill_org();
            let record = Record {
                id,
                name,
                kind: collective,
                org: parent,
                task_group: None,
                base,
                target: None,
                row: row_number,
            };
            row_number += 1;
            visit(&record, &this.row);
        };
        for t in 0..tops {
            let name = if t % 5 == 4 {
                format!("Đảng bộ Khối số {t}")
            } else {
                format!("Đảng bộ tỉnh số {t}")
            };
            emit(self, format!("T{t:02}"), None, false, name);
        }
        for d in 0..shape.districts {
            emit(self, format!("D{d:04}"), Some(format!("T{:02}", d % tops)), false, format!("Đảng bộ huyện số {d}"));
        }
        self.homes.clear();
        for b in 0..shape.base_orgs.max(1) {
            let parent = if shape.districts > 0 && self.rng.chance(900) {
                format!("D{:04}", self.rng.below(shape.districts))
            } else {
                format!("T{:02}", self.rng.below(tops))
            };
            let id = format!("B{b:05}");
            let cells = if self.rng.chance(shape.with_cells_per_mille) { self.rng.range(2, 6) } else { 0 };
            let name = if cells > 0 {
                format!("Đảng bộ cơ sở số {b}")
            } else {
                format!("Chi bộ cơ sở số {b}")
            };
            emit(self, id.clone(), Some(parent), true, name);
            for c in 0..cells {
                let cell = format!("{id}-C{c}");
                emit(self, cell.clone(), Some(id.clone()), false, format!("Chi bộ {c} thuộc {id}"));
                self.homes.push(cell);
            }
            if cells == 0 {
                self.homes.push(id);
            }
        }
    }

    fn fill_org(&mut self) {
        let (rng, s) = (&mut self.rng, &self.slots);
        let row = &mut self.row;
        row.fill(Num::MISSING);
        let profile = match rng.below(100) {
            0..30 => 0,
            30..85 => 1,
            85..97 => 2,
            _ => 3,
        };
        let (common, task) = profile_points(rng, profile);
        set(row, s.common_points, common);
        set(row, s.task_points, task);
        let counts = tasks(rng, profile, 5, 20);
        for (slot, count) in s.tasks.iter().zip(counts) {
            set(row, *slot, Num::int(count));
        }
        if rng.chance(5) {
            set(row, s.collective_disciplined, Num::ONE);
        }
        if rng.chance(3) {
            set(row, s.internal_disunity, Num::ONE);
        }
        if rng.chance(5) {
            set(row, s.months_since_established, Num::int(rng.range(1, 5)));
        }
        if rng.chance(100) {
            let identified = rng.range(1, 4);
            set(row, s.shortcomings_identified, Num::int(identified));
            set(row, s.shortcomings_fixed, Num::int(identified - rng.range(0, 1)));
        }
    }

    /// The members: 85% ordinary members, 10% leaders, 5% members working outside; about 22% with an excellent
    /// profile, 55% good, 15% complete, 8% weak; a few with discipline, probation, suspension, sick leave, a
    /// registered target level, and 0.1% with the task points left empty. Call after [`Generator::orgs`].
    pub fn members(&mut self, mut visit: impl FnMut(&Record, &[Num])) {
        let rules = self.rules;
        let kind = |id: &str, fallback: usize| rules.subject_index(id).unwrap_or(fallback);
        let member = kind("member", 0);
        let (leader, outside) = (kind("leader", member), kind("outside", member));
        let s = &self.slots;
        let none = choice(rules, s.discipline, "none");
        let discipline: Vec<Num> =
            ["khien_trach", "canh_cao", "cach_chuc"].iter().filter_map(|id| choice(rules, s.discipline, id)).collect();
        let civil: Vec<Num> =
            ["kht", "ht", "htt", "htxs"].iter().filter_map(|id| choice(rules, s.civil_servant_level, id)).collect();
        if self.homes.is_empty() {
            self.homes.push("B00000".into());
        }
        for i in 0..self.shape.members {
            let (rng, s, row) = (&mut self.rng, &self.slots, &mut self.row);
            row.fill(Num::MISSING);
            let k = match rng.below(100) {
                0..85 => member,
                85..95 => leader,
                _ => outside,
            };
            let profile = match rng.below(1000) {
                0..220 => 0,
                220..770 => 1,
                770..920 => 2,
                _ => 3,
            };
            let (common, task) = profile_points(rng, profile);
            set(row, s.common_points, common);
            set(row, s.task_points, task);
            if rng.chance(1) {
                set(row, s.task_points, Num::MISSING); // incomplete
            }
            let counts = tasks(rng, profile, 2, 12);
            if k == leader {
                fill_tasks(rng, row, &s.led_tasks, counts);
                if rng.chance(3) {
                    set(row, s.led_unit_corruption_handled, Num::ONE);
                }
            } else {
                fill_tasks(rng, row, &s.tasks, counts);
            }
            if rng.chance(200) {
                let identified = rng.range(1, 3);
                set(row, s.shortcomings_identified, Num::int(identified));
                set(row, s.shortcomings_fixed, Num::int(identified - i64::from(rng.chance(100))));
            }
            if rng.chance(10) && !discipline.is_empty() {
                set(row, s.discipline, discipline[rng.below(discipline.len())]);
            } else if rng.chance(300) {
                if let Some(none) = none {
                    set(row, s.discipline, none);
                }
            }
            if rng.chance(1) {
                set(row, s.degradation_concluded, Num::ONE);
            }
            if k != outside && rng.chance(400) && civil.len() == 4 {
                let index = match rng.below(1000) {
                    0..10 => 0,
                    10..110 => 1,
                    110..550 => 2,
                    _ => 3,
                };
                set(row, s.civil_servant_level, civil[index]);
            }
            if rng.chance(20) {
                set(row, s.months_since_admission, Num::int(rng.range(1, 11))); // under 6: not classified
            }
            if rng.chance(2) {
                set(row, s.suspended, Num::ONE);
            }
            if rng.chance(2) {
                set(row, s.exempted, Num::ONE);
            }
            if rng.chance(30) {
                set(row, s.sick_leave_months, Num::int(rng.range(1, 6)));
            }
            let target = if rng.chance(300) { Some(rng.below(2)) } else { None };
            let name = format!(
                "{} {} {}",
                FAMILY[rng.below(FAMILY.len())],
                MIDDLE[rng.below(MIDDLE.len())],
                GIVEN[rng.below(GIVEN.len())]
            );
            let home = rng.below(self.homes.len());
            let record = Record {
                id: format!("M{i:07}"),
                name,
                kind: k,
                org: Some(self.homes[home].clone()),
                task_group: None,
                base: false,
                target,
                row: i as u32 + 2,
            };
            visit(&record, &self.row);
        }
    }
}

/// A whole roster in memory (members' rows hold the inputs; organizations' rows every fact, roll-up counts empty).
pub fn roster(rules: &RuleSet, shape: Shape) -> Roster {
    let mut generator = Generator::new(rules, shape);
    let mut orgs = TableBuilder::new(rules.facts.len());
    let mut wide = vec![Num::MISSING; rules.facts.len()];
    generator.orgs(|record, row| {
        wide[..row.len()].copy_from_slice(row);
        orgs.push(record.clone(), &wide);
    });
    let mut members = TableBuilder::new(rules.input_count);
    generator.members(|record, row| members.push(record.clone(), row));
    members.shrink_to_fit();
    orgs.shrink_to_fit();
    Roster { members: members.finish(), orgs: orgs.finish() }
}

/// Rows written as CSV text the way a Vietnamese spreadsheet exports them: `;`-separated, decimal commas,
/// Vietnamese headers (facts by their Vietnamese names), subject kinds, choices and yes/no in words.
pub struct CsvWriter<'r, W: std::io::Write> {
    rules: &'r RuleSet,
    kind: TableKind,
    writer: csv::Writer<W>,
    cells: Vec<String>,
}

impl<'r, W: std::io::Write> CsvWriter<'r, W> {
    /// A writer that has written the header row.
    pub fn new(rules: &'r RuleSet, kind: TableKind, out: W) -> std::io::Result<CsvWriter<'r, W>> {
        let mut writer = csv::WriterBuilder::new().delimiter(b';').from_writer(out);
        let meta = match kind {
            TableKind::Members | TableKind::Subjects => {
                ["Mã đảng viên", "Họ và tên", "Chi bộ", "Loại đối tượng", "Đăng ký phấn đấu"]
            }
            TableKind::Organizations => ["Mã tổ chức", "Tên tổ chức", "Cấp trên", "Cơ sở", "Loại đối tượng"],
        };
        let facts = rules.facts[..rules.input_count].iter().map(|f| f.name.vi.as_str());
        writer.write_record(meta.into_iter().chain(facts))?;
        Ok(CsvWriter { rules, kind, writer, cells: Vec::new() })
    }

    pub fn write(&mut self, record: &Record, row: &[Num]) -> std::io::Result<()> {
        let rules = self.rules;
        let cells = &mut self.cells;
        cells.clear();
        cells.push(record.id.to_string());
        cells.push(record.name.to_string());
        cells.push(record.org.clone().unwrap_or_default());
        let kind_name = rules.subjects.get(record.kind).map(|s| s.name.vi.clone()).unwrap_or_default();
        match self.kind {
            TableKind::Members | TableKind::Subjects => {
                cells.push(kind_name);
                cells
                    .push(record.target.and_then(|l| rules.levels.get(l)).map(|l| l.short.clone()).unwrap_or_default());
            }
            TableKind::Organizations => {
                cells.push(if record.base { "có".into() } else { String::new() });
                cells.push(kind_name);
            }
        }
        for (fact, value) in rules.facts[..rules.input_count].iter().zip(row) {
            cells.push(match value.known() {
                None => String::new(),
                Some(v) => match fact.ty {
                    FactType::Bool => (if v.is_zero() { "không" } else { "có" }).to_string(),
                    FactType::Choice => {
                        fact.choices.get(v.floor().max(0) as usize).map(|c| c.name.vi.clone()).unwrap_or_default()
                    }
                    FactType::Percent => v.display_percent(Lang::Vi, 2),
                    _ => v.display(Lang::Vi, 2),
                },
            });
        }
        self.writer.write_record(cells.iter())?;
        Ok(())
    }

    /// Flush and give back the output.
    pub fn finish(self) -> std::io::Result<W> {
        self.writer.into_inner().map_err(|error| error.into_error())
    }
}

/// A table as CSV text (see [`CsvWriter`]).
pub fn table_csv(rules: &RuleSet, table: &Table, kind: TableKind) -> String {
    let write = || -> std::io::Result<Vec<u8>> {
        let mut writer = CsvWriter::new(rules, kind, Vec::new())?;
        let mut row = vec![Num::MISSING; table.stride];
        for (i, record) in table.records().enumerate() {
            table.load_row(i, &mut row);
            writer.write(&record.to_owned(), &row[..rules.input_count.min(table.stride)])?;
        }
        writer.finish()
    };
    // Writing to memory does not fail.
    String::from_utf8(write().unwrap_or_default()).unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rules() -> RuleSet {
        crate::builtin::load("qd366-2025").expect("the bundled rule set compiles")
    }

    #[test]
    fn the_same_seed_gives_the_same_roster_and_another_seed_another() {
        let rules = rules();
        let a = roster(&rules, Shape::new(2_000, 7));
        let b = roster(&rules, Shape::new(2_000, 7));
        let c = roster(&rules, Shape::new(2_000, 8));
        assert_eq!(a.members.to_values(), b.members.to_values());
        assert_eq!(a.orgs.to_records(), b.orgs.to_records());
        assert_ne!(a.members.to_values(), c.members.to_values());
        assert_eq!(a.members.len(), 2_000);
    }

    fn options(kind: TableKind, file: &str) -> crate::input::ReadOptions<'_> {
        crate::input::ReadOptions { file: Some(file), kind, default_subject: None }
    }

    #[test]
    fn the_csv_reads_back_as_the_same_roster_with_no_problem() {
        let rules = rules();
        let shape = Shape { tops: 2, districts: 3, base_orgs: 12, ..Shape::new(3_000, 42) };
        let roster = roster(&rules, shape);
        let text = table_csv(&rules, &roster.members, TableKind::Members);
        let (table, diagnostics) = crate::input::read_csv(&rules, &text, &options(TableKind::Members, "members.csv"));
        assert!(diagnostics.iter().all(|d| !d.is_error()), "{:?}", diagnostics.first());
        assert_eq!(table.to_records(), roster.members.to_records());
        assert_eq!(table.to_values(), roster.members.to_values());
        let text = table_csv(&rules, &roster.orgs, TableKind::Organizations);
        let (orgs, diagnostics) = crate::input::read_csv(&rules, &text, &options(TableKind::Organizations, "orgs.csv"));
        assert!(diagnostics.iter().all(|d| !d.is_error()), "{:?}", diagnostics.first());
        assert_eq!(orgs.to_records(), roster.orgs.to_records());
    }

    #[test]
    fn the_hierarchy_is_four_levels_deep_and_every_level_and_kind_occurs() {
        let rules = rules();
        let shape = Shape { tops: 2, districts: 8, base_orgs: 200, ..Shape::new(20_000, 1) };
        let roster = roster(&rules, shape);
        let unit = crate::unit::Unit::prepare(&rules, &roster, None, None);
        assert!(unit.diagnostics.is_empty(), "{:?}", unit.diagnostics.first());
        assert_eq!(unit.org_depth.iter().max(), Some(&3), "depths 0..=3: four levels");
        let result = unit.run(&rules, &roster);
        let levels = &result.member_distribution.levels;
        assert!(levels.iter().all(|n| *n > 0), "every level occurs: {levels:?}");
        // About a fifth excellent, most good (before the quota).
        let by_criteria = |level: usize| result.members.iter().filter(|v| v.level() == Some(level)).count();
        assert!((2_500..5_500).contains(&by_criteria(0)), "HTXS {}", by_criteria(0));
        assert!((9_000..14_000).contains(&by_criteria(1)), "HTT {}", by_criteria(1));
        for kind in ["member", "leader", "outside"] {
            let index = rules.subject_index(kind).expect("kind");
            assert!(roster.members.records().any(|r| r.kind == index), "{kind}");
        }
        assert!(result.members.iter().any(|v| matches!(v.outcome, crate::Outcome::Incomplete { .. })));
        assert!(result.members.iter().any(|v| matches!(v.outcome, crate::Outcome::NotClassified { .. })));
    }
}
