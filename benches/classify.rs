//! Throughput of the engine on synthetic rosters: 100,000 and 1,000,000 members in about 10,000 base
//! organizations (≈10 and ≈100 members per base organization), with the bundled rule set `qd366-2025`.
//!
//! Benchmarks, each for both sizes:
//! - `fast_path`: [`Classifier::classify`] on every member (no trace, no allocation);
//! - `trace`: [`Classifier::trace`] on every member (the explanation as data, by reference);
//! - `explain`: [`Classifier::explain`] with a full trace, on every member of the 100k roster and on the first
//!   [`EXPLAIN_LIMIT`] (100,000) members of the 1M roster, so the run stays within a few minutes; items/s counts
//!   the members actually explained;
//! - `unit`: [`Unit::run`] (classify, quota per base organization, roll-up through the organization tree) plus
//!   [`Figures::from_unit`] and [`targets::check`]. [`Unit::prepare`] and [`targets::load_targets`] run outside
//!   the timed part;
//! - `import`, for 10k, 100k and 1M members: the web app's import from CSV text (Vietnamese headers, `;`, decimal
//!   commas; written once, outside the timed part): [`csv_rows`], the engine's unit job stepped [`IMPORT_CHUNK`]
//!   rows at a time (organizations, then members; prepare, run, contradictions) and the target checks.
//!
//! The plain summary also times the report for export (`xeploai::report::unit_report` with every member's key
//! reasons, and the CSV of every sheet) on the 100k roster.
//!
//! `cargo bench --bench classify` prints divan's table (with items/s), then one plain line per benchmark from a
//! single timed pass, e.g. `members/s (fast path, 1M): 23.4 M/s`, and a check that the synthetic roster reaches
//! every outcome. Set `XEPLOAI_BENCH_NO_SUMMARY=1` to skip that part.
//!
//! Under `cargo test --benches` (divan's test mode: each benchmark runs once, unoptimized) the rosters are
//! scaled down 100× so the smoke test stays quick.
//!
//! The rosters are deterministic: a small xorshift generator with a fixed seed, no extra dependency.

use std::hint::black_box;
use std::sync::{LazyLock, OnceLock};
use std::time::{Duration, Instant};

use divan::Bencher;
use divan::counter::ItemsCount;
use xeploai::input::{ColumnOverrides, Record, Table, TableKind, csv_rows};
use xeploai::pipeline::{RowsFile, UnitJob, UnitRows};
use xeploai::ruleset::FactType;
use xeploai::targets::{self, Figures, TargetSet, TargetStatus};
use xeploai::unit::{Roster, Unit};
use xeploai::{Classifier, Num, Outcome, RuleSet, Verdict};

/// Member counts benchmarked (in test mode divided by [`TEST_SCALE`]).
const SIZES: [usize; 2] = [100_000, 1_000_000];
/// Base organizations (tổ chức cơ sở đảng) the members are spread over.
const BASE_ORGS: usize = 10_000;
/// Upper-level committees (đảng bộ cấp trên cơ sở) under one top committee; most base organizations sit under one.
const DISTRICTS: usize = 100;
const TEST_SCALE: usize = 100;
/// At most this many members are explained per pass of the `explain` benchmark (the first ones of the roster),
/// so the 1M case stays within a reasonable time; items/s is counted on the members actually explained.
const EXPLAIN_LIMIT: usize = 100_000;
const SEED: u64 = 0x05ee_d366_2025;

const TARGETS: &str = r#"
[target_set]
id = "bench"
name = { vi = "Chỉ tiêu đo hiệu năng", en = "Benchmark targets" }

[[target]]
id = "base_orgs_good"
name = { vi = "TCCSĐ hoàn thành tốt nhiệm vụ trở lên từ 80%", en = "Base organizations good or better: at least 80%" }
kind = "share"
population = "base_organizations"
levels = ["htxs", "htt"]
min = "80%"

[[target]]
id = "members_good"
name = { vi = "Đảng viên hoàn thành tốt nhiệm vụ trở lên từ 90%", en = "Members good or better: at least 90%" }
kind = "share"
population = "members"
levels = ["htxs", "htt"]
min = "90%"

[[target]]
id = "members_excellent"
name = { vi = "Đảng viên HTXS từ 15% đến 20%", en = "Excellent members: 15–20%" }
kind = "share"
population = "members"
levels = ["htxs"]
min = "15%"
max = "20%"

[[target]]
id = "base_orgs_kht"
name = { vi = "TCCSĐ không hoàn thành nhiệm vụ không quá 1%", en = "Base organizations incomplete: at most 1%" }
kind = "share"
population = "base_organizations"
levels = ["kht"]
max = "1%"
"#;

// ------------------------------------------------------------------------------------------------------------
// Mode and fixtures.

/// `cargo bench` passes `--bench`; `cargo test --benches` does not (divan then runs each benchmark once).
fn bench_mode() -> bool {
    static MODE: OnceLock<bool> = OnceLock::new();
    *MODE.get_or_init(|| {
        let args: Vec<String> = std::env::args().collect();
        args.iter().any(|a| a == "--bench") && !args.iter().any(|a| a == "--test" || a == "--list")
    })
}

fn rules() -> &'static RuleSet {
    static RULES: LazyLock<RuleSet> =
        LazyLock::new(|| xeploai::builtin::load("qd366-2025").expect("the bundled rule set qd366-2025 compiles"));
    &RULES
}

fn target_set() -> &'static TargetSet {
    static SET: LazyLock<TargetSet> = LazyLock::new(|| {
        let (set, diagnostics) = targets::load_targets(rules(), TARGETS, Some("bench-targets.toml"));
        set.unwrap_or_else(|| panic!("benchmark targets do not load: {diagnostics:?}"))
    });
    &SET
}

struct Fixture {
    roster: Roster,
    unit: Unit,
}

/// The roster for a nominal size (one of [`SIZES`]), built once.
fn fixture(nominal: usize) -> &'static Fixture {
    static FIXTURES: [OnceLock<Fixture>; 2] = [OnceLock::new(), OnceLock::new()];
    let index = SIZES.iter().position(|s| *s == nominal).expect("a size from SIZES");
    FIXTURES[index].get_or_init(|| {
        let (members, base_orgs, districts) = if bench_mode() {
            (nominal, BASE_ORGS, DISTRICTS)
        } else {
            (nominal / TEST_SCALE, BASE_ORGS / TEST_SCALE, DISTRICTS / 20)
        };
        let roster = generate(rules(), members, base_orgs, districts, SEED ^ nominal as u64);
        let unit = Unit::prepare(rules(), &roster, None, None);
        assert!(unit.diagnostics.is_empty(), "synthetic roster has structural problems: {:?}", &unit.diagnostics[..1]);
        Fixture { roster, unit }
    })
}

fn label(nominal: usize) -> &'static str {
    match nominal {
        100_000 => "100k",
        1_000_000 => "1M",
        _ => "?",
    }
}

// ------------------------------------------------------------------------------------------------------------
// Synthetic rosters.

/// xorshift64*: tiny, deterministic, good enough for test data.
struct Rng(u64);

impl Rng {
    fn new(seed: u64) -> Rng {
        Rng(seed | 1)
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
        lo + (self.next() % (hi - lo + 1) as u64) as i64
    }

    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }

    /// True with probability `per_mille / 1000`.
    fn chance(&mut self, per_mille: u64) -> bool {
        self.next() % 1000 < per_mille
    }
}

/// Fact slots by id, resolved once.
struct Slots {
    common_points: usize,
    task_points: usize,
    tasks_assigned: usize,
    tasks_on_time: usize,
    tasks_late: usize,
    tasks_exceeding: usize,
    led_tasks_assigned: usize,
    led_tasks_on_time: usize,
    led_tasks_late: usize,
    led_tasks_exceeding: usize,
    shortcomings_identified: usize,
    shortcomings_fixed: usize,
    discipline: usize,
    degradation_concluded: usize,
    led_unit_corruption_handled: usize,
    collective_disciplined: usize,
    internal_disunity: usize,
    civil_servant_level: usize,
    months_since_admission: usize,
    suspended: usize,
    exempted: usize,
    sick_leave_months: usize,
    months_since_established: usize,
}

impl Slots {
    fn new(rules: &RuleSet) -> Slots {
        let slot = |id: &str| {
            let slot = rules.fact_slot(id).unwrap_or_else(|| panic!("qd366-2025 has no fact `{id}`")) as usize;
            assert!(slot < rules.input_count, "`{id}` is not an input fact");
            slot
        };
        Slots {
            common_points: slot("common_points"),
            task_points: slot("task_points"),
            tasks_assigned: slot("tasks_assigned"),
            tasks_on_time: slot("tasks_on_time"),
            tasks_late: slot("tasks_late"),
            tasks_exceeding: slot("tasks_exceeding"),
            led_tasks_assigned: slot("led_tasks_assigned"),
            led_tasks_on_time: slot("led_tasks_on_time"),
            led_tasks_late: slot("led_tasks_late"),
            led_tasks_exceeding: slot("led_tasks_exceeding"),
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

/// Index of a choice value of a choice fact.
fn choice(rules: &RuleSet, fact: usize, id: &str) -> Num {
    let index = rules.facts[fact].choices.iter().position(|c| c.id == id).unwrap_or_else(|| panic!("no choice `{id}`"));
    Num::int(index as i64)
}

fn int(value: i64) -> Num {
    Num::int(value)
}

/// Points, sometimes with a half point, never above `max`.
fn points(rng: &mut Rng, lo: i64, hi: i64, max: i64) -> Num {
    let whole = rng.range(lo, hi);
    if whole < max && rng.chance(100) { Num::ratio(2 * whole + 1, 2).expect("nonzero denominator") } else { int(whole) }
}

/// Task counts `(assigned, on_time, late, exceeding)` for a profile: 0 excellent-like, 1 good, 2 complete,
/// 3 weak.
fn tasks(rng: &mut Rng, profile: u8, lo: i64, hi: i64) -> (i64, i64, i64, i64) {
    if rng.chance(30) {
        return (0, 0, 0, 0);
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
            (assigned, assigned, 0, exceeding)
        }
        1 => (assigned, assigned, 0, rng.range(0, assigned / 3)),
        2 => {
            let late = rng.range(0, (assigned / 5).max(1)).min(assigned);
            (assigned, assigned - late, late, 0)
        }
        _ => {
            let done = rng.range(assigned / 3, assigned);
            let late = rng.range(0, done / 2);
            (assigned, done - late, late, 0)
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

fn pick_profile(rng: &mut Rng) -> u8 {
    match rng.below(1000) {
        0..220 => 0,
        220..770 => 1,
        770..920 => 2,
        _ => 3,
    }
}

/// A roster: one top committee, `districts` committees under it, `base_orgs` base organizations (90% under a
/// district, the rest directly under the top), and `members` members spread at random over the base organizations.
fn generate(rules: &RuleSet, members: usize, base_orgs: usize, districts: usize, seed: u64) -> Roster {
    let s = Slots::new(rules);
    let mut rng = Rng::new(seed);
    let kind = |id: &str| rules.subject_index(id).unwrap_or_else(|| panic!("no subject kind `{id}`"));
    let (member, leader, outside, collective) = (kind("member"), kind("leader"), kind("outside"), kind("collective"));
    let none = choice(rules, s.discipline, "none");
    let discipline = [
        choice(rules, s.discipline, "khien_trach"),
        choice(rules, s.discipline, "canh_cao"),
        choice(rules, s.discipline, "cach_chuc"),
    ];
    let civil = |id| choice(rules, s.civil_servant_level, id);
    let (cs_kht, cs_ht, cs_htt, cs_htxs) = (civil("kht"), civil("ht"), civil("htt"), civil("htxs"));

    // Organizations.
    let mut orgs = Table::new(rules.facts.len());
    let mut row = vec![Num::MISSING; rules.facts.len()];
    let org_record = |id: String, parent: Option<String>, base: bool, row_number: usize| Record {
        name: format!("Tổ chức {id}"),
        id,
        kind: collective,
        org: parent,
        task_group: None,
        base,
        target: None,
        row: row_number as u32 + 2,
    };
    let fill_org = |rng: &mut Rng, row: &mut [Num]| {
        row.fill(Num::MISSING);
        let profile = match rng.below(100) {
            0..30 => 0,
            30..85 => 1,
            85..97 => 2,
            _ => 3,
        };
        let (common, task) = profile_points(rng, profile);
        row[s.common_points] = common;
        row[s.task_points] = task;
        let (assigned, on_time, late, exceeding) = tasks(rng, profile, 5, 20);
        row[s.tasks_assigned] = int(assigned);
        row[s.tasks_on_time] = int(on_time);
        row[s.tasks_late] = int(late);
        row[s.tasks_exceeding] = int(exceeding);
        if rng.chance(5) {
            row[s.collective_disciplined] = Num::ONE;
        }
        if rng.chance(3) {
            row[s.internal_disunity] = Num::ONE;
        }
        if rng.chance(5) {
            row[s.months_since_established] = int(rng.range(1, 5));
        }
        if rng.chance(100) {
            let identified = rng.range(1, 4);
            row[s.shortcomings_identified] = int(identified);
            row[s.shortcomings_fixed] = int(identified - rng.range(0, 1));
        }
    };
    fill_org(&mut rng, &mut row);
    orgs.push(org_record("TOP".into(), None, false, 0), &row);
    for d in 0..districts {
        fill_org(&mut rng, &mut row);
        orgs.push(org_record(format!("D{d:03}"), Some("TOP".into()), false, orgs.len()), &row);
    }
    let mut base_ids = Vec::with_capacity(base_orgs);
    for b in 0..base_orgs {
        fill_org(&mut rng, &mut row);
        let parent =
            if districts > 0 && rng.chance(900) { format!("D{:03}", rng.below(districts)) } else { "TOP".into() };
        let id = format!("B{b:05}");
        base_ids.push(id.clone());
        orgs.push(org_record(id, Some(parent), true, orgs.len()), &row);
    }

    // Members.
    let mut table = Table::new(rules.input_count);
    table.records.reserve(members);
    table.values.reserve(members * rules.input_count);
    let mut row = vec![Num::MISSING; rules.input_count];
    for i in 0..members {
        row.fill(Num::MISSING);
        let k = match rng.below(100) {
            0..85 => member,
            85..95 => leader,
            _ => outside,
        };
        let profile = pick_profile(&mut rng);
        let (common, task) = profile_points(&mut rng, profile);
        row[s.common_points] = common;
        row[s.task_points] = task;
        if rng.chance(1) {
            row[s.task_points] = Num::MISSING; // incomplete
        }
        let (assigned, on_time, late, exceeding) = tasks(&mut rng, profile, 2, 12);
        if k == leader {
            row[s.led_tasks_assigned] = int(assigned);
            row[s.led_tasks_on_time] = int(on_time);
            if late > 0 || rng.chance(500) {
                row[s.led_tasks_late] = int(late);
            }
            if exceeding > 0 || rng.chance(500) {
                row[s.led_tasks_exceeding] = int(exceeding);
            }
            if rng.chance(3) {
                row[s.led_unit_corruption_handled] = Num::ONE;
            }
        } else {
            row[s.tasks_assigned] = int(assigned);
            row[s.tasks_on_time] = int(on_time);
            // Leave defaulted facts empty half the time, so default filling is exercised.
            if late > 0 || rng.chance(500) {
                row[s.tasks_late] = int(late);
            }
            if exceeding > 0 || rng.chance(500) {
                row[s.tasks_exceeding] = int(exceeding);
            }
        }
        if rng.chance(200) {
            let identified = rng.range(1, 3);
            row[s.shortcomings_identified] = int(identified);
            row[s.shortcomings_fixed] = int(identified - i64::from(rng.chance(100)));
        }
        if rng.chance(10) {
            row[s.discipline] = discipline[rng.below(3)];
        } else if rng.chance(300) {
            row[s.discipline] = none;
        }
        if rng.chance(1) {
            row[s.degradation_concluded] = Num::ONE;
        }
        if k != outside && rng.chance(400) {
            row[s.civil_servant_level] = match rng.below(1000) {
                0..10 => cs_kht,
                10..110 => cs_ht,
                110..550 => cs_htt,
                _ => cs_htxs,
            };
        }
        if rng.chance(20) {
            row[s.months_since_admission] = int(rng.range(1, 11)); // under 6: not classified
        }
        if rng.chance(2) {
            row[s.suspended] = Num::ONE;
        }
        if rng.chance(2) {
            row[s.exempted] = Num::ONE;
        }
        if rng.chance(30) {
            row[s.sick_leave_months] = int(rng.range(1, 6)); // 3 or more: capped at HT
        }
        let target = if rng.chance(300) { Some(rng.below(2)) } else { None };
        let record = Record {
            id: format!("M{i:07}"),
            name: String::new(),
            kind: k,
            org: Some(base_ids[rng.below(base_ids.len())].clone()),
            task_group: None,
            base: false,
            target,
            row: i as u32 + 2,
        };
        table.push(record, &row);
    }
    Roster { members: table, orgs }
}

// ------------------------------------------------------------------------------------------------------------
// The timed work, shared by divan and the plain summary.

fn classify_all(rules: &RuleSet, members: &Table) -> u64 {
    let mut classifier = Classifier::new(rules);
    let mut checksum = 0u64;
    for (i, record) in members.records.iter().enumerate() {
        let verdict = classifier.classify(record.kind, members.row(i));
        checksum = checksum.wrapping_add(verdict.level().map_or(7, |l| l as u64));
    }
    checksum
}

fn explain_count(members: &Table) -> usize {
    members.len().min(EXPLAIN_LIMIT)
}

/// Explanations as data: every check with observed and required values and its rule, by reference
/// (`Classifier::trace`, buffers reused), for every member.
fn trace_all(rules: &RuleSet, members: &Table) -> u64 {
    let mut classifier = Classifier::new(rules);
    let mut trace = xeploai::explain::Trace::default();
    let mut checksum = 0u64;
    for (i, record) in members.records.iter().enumerate() {
        let verdict = classifier.trace(record.kind, members.row(i), record.target, &mut trace);
        checksum = checksum.wrapping_add(verdict.level().map_or(7, |l| l as u64) + trace.findings.len() as u64);
    }
    checksum
}

/// Explanations resolved to owned text (names, formulas, sources, gaps), as shown when one row is opened.
fn explain_all(rules: &RuleSet, members: &Table) -> u64 {
    let mut classifier = Classifier::new(rules);
    let mut checksum = 0u64;
    for (i, record) in members.records.iter().enumerate().take(explain_count(members)) {
        let (verdict, explanation) = classifier.explain(record.kind, members.row(i), record.target);
        checksum = checksum.wrapping_add(verdict.level().map_or(7, |l| l as u64) + explanation.findings.len() as u64);
        black_box(explanation);
    }
    checksum
}

fn run_unit(
    rules: &RuleSet,
    fixture: &Fixture,
    set: &TargetSet,
) -> (xeploai::unit::UnitResult, Vec<targets::TargetResult>) {
    let result = fixture.unit.run(rules, &fixture.roster);
    let figures = Figures::from_unit(&result);
    let (checks, _diagnostics) = targets::check(rules, set, &figures);
    (result, checks)
}

// ------------------------------------------------------------------------------------------------------------
// Import: CSV text → rows → TableReader → unit → targets, as the web app runs it.

/// Member counts of the import benchmark (in test mode divided by [`TEST_SCALE`]).
const IMPORT_SIZES: [usize; 3] = [10_000, 100_000, 1_000_000];
/// Rows fed to the reader at a time, as the app does between progress updates.
const IMPORT_CHUNK: usize = 5_000;

/// A roster as CSV text, the way a Vietnamese spreadsheet exports it: `;`-separated, decimal commas, Vietnamese
/// headers (facts by their Vietnamese names), choices and yes/no in words.
struct ImportFixture {
    members_csv: String,
    orgs_csv: String,
    members: usize,
}

fn import_fixture(nominal: usize) -> &'static ImportFixture {
    static FIXTURES: [OnceLock<ImportFixture>; 3] = [OnceLock::new(), OnceLock::new(), OnceLock::new()];
    let index = IMPORT_SIZES.iter().position(|s| *s == nominal).expect("a size from IMPORT_SIZES");
    FIXTURES[index].get_or_init(|| {
        let rules = rules();
        let generated;
        let roster = if SIZES.contains(&nominal) {
            &fixture(nominal).roster
        } else {
            let scale = if bench_mode() { 1 } else { TEST_SCALE };
            let base_orgs = (nominal / 10).min(BASE_ORGS) / scale;
            generated = generate(rules, nominal / scale, base_orgs.max(1), DISTRICTS / 20, SEED ^ nominal as u64);
            &generated
        };
        ImportFixture {
            members_csv: table_csv(rules, &roster.members, TableKind::Members),
            orgs_csv: table_csv(rules, &roster.orgs, TableKind::Organizations),
            members: roster.members.len(),
        }
    })
}

fn import_label(nominal: usize) -> &'static str {
    match nominal {
        10_000 => "10k",
        100_000 => "100k",
        1_000_000 => "1M",
        _ => "?",
    }
}

/// A table as CSV text with Vietnamese headers.
fn table_csv(rules: &RuleSet, table: &Table, kind: TableKind) -> String {
    let vi = xeploai::Lang::Vi;
    let mut writer = csv::WriterBuilder::new().delimiter(b';').from_writer(Vec::new());
    let mut headers: Vec<String> = match kind {
        TableKind::Members | TableKind::Subjects => {
            ["Mã đảng viên", "Họ và tên", "Chi bộ", "Loại đối tượng", "Đăng ký phấn đấu"]
        }
        TableKind::Organizations => ["Mã tổ chức", "Tên tổ chức", "Cấp trên", "Cơ sở", "Loại đối tượng"],
    }
    .iter()
    .map(|h| h.to_string())
    .collect();
    let facts = &rules.facts[..rules.input_count];
    headers.extend(facts.iter().map(|f| f.name.vi.clone()));
    writer.write_record(&headers).expect("write to memory");
    let mut cells: Vec<String> = Vec::with_capacity(headers.len());
    for (i, record) in table.records.iter().enumerate() {
        cells.clear();
        cells.push(record.id.clone());
        cells.push(if record.name.is_empty() { format!("Đảng viên số {i}") } else { record.name.clone() });
        cells.push(record.org.clone().unwrap_or_default());
        match kind {
            TableKind::Members | TableKind::Subjects => {
                cells.push(rules.subjects[record.kind].name.vi.clone());
                cells.push(record.target.map(|l| rules.levels[l].short.clone()).unwrap_or_default());
            }
            TableKind::Organizations => {
                cells.push(if record.base { "có".into() } else { String::new() });
                cells.push(rules.subjects[record.kind].name.vi.clone());
            }
        }
        for (slot, fact) in facts.iter().enumerate() {
            let value = table.row(i)[slot];
            cells.push(match value.known() {
                None => String::new(),
                Some(v) => match fact.ty {
                    FactType::Bool => (if v.is_zero() { "không" } else { "có" }).to_string(),
                    FactType::Choice => fact.choices[v.floor() as usize].name.vi.clone(),
                    FactType::Percent => v.display_percent(vi, 2),
                    _ => v.display(vi, 2),
                },
            });
        }
        writer.write_record(&cells).expect("write to memory");
    }
    String::from_utf8(writer.into_inner().expect("write to memory")).expect("UTF-8")
}

/// The whole import as the app runs it: both texts split into rows, the engine's unit job stepped
/// [`IMPORT_CHUNK`] rows at a time (read, prepare, run, contradictions), then the targets checked.
fn import_all(
    rules: &RuleSet,
    fixture: &ImportFixture,
    set: &TargetSet,
) -> (xeploai::unit::UnitResult, Vec<targets::TargetResult>, usize) {
    let (member_rows, member_problems) = csv_rows(&fixture.members_csv);
    let (org_rows, org_problems) = csv_rows(&fixture.orgs_csv);
    let files = UnitRows {
        members: RowsFile { name: "members.csv", rows: &member_rows, problems: &member_problems },
        orgs: Some(RowsFile { name: "orgs.csv", rows: &org_rows, problems: &org_problems }),
    };
    let mut job = UnitJob::new(ColumnOverrides::new());
    let mut run = loop {
        if let Err(run) = job.step(rules, &files, IMPORT_CHUNK) {
            break *run;
        }
    };
    run.check_targets(rules, set, None);
    // Errors reading the files or of their structure (rows the generator made contradictory are results, not these).
    let errors = run.diagnostics.iter().filter(|d| d.is_error() && d.code != xeploai::Code::Contradiction).count();
    (run.result, run.targets.unwrap_or_default(), errors)
}

// ------------------------------------------------------------------------------------------------------------
// divan benchmarks.

#[divan::bench(args = SIZES, sample_count = 20, sample_size = 1)]
fn fast_path(bencher: Bencher, nominal: usize) {
    let (rules, members) = (rules(), &fixture(nominal).roster.members);
    bencher.counter(ItemsCount::new(members.len())).bench_local(|| classify_all(rules, black_box(members)));
}

#[divan::bench(args = SIZES, sample_count = 10, sample_size = 1)]
fn trace(bencher: Bencher, nominal: usize) {
    let (rules, members) = (rules(), &fixture(nominal).roster.members);
    bencher.counter(ItemsCount::new(members.len())).bench_local(|| trace_all(rules, black_box(members)));
}

#[divan::bench(args = SIZES, sample_count = 3, sample_size = 1)]
fn explain(bencher: Bencher, nominal: usize) {
    let (rules, members) = (rules(), &fixture(nominal).roster.members);
    bencher.counter(ItemsCount::new(explain_count(members))).bench_local(|| explain_all(rules, black_box(members)));
}

#[divan::bench(args = SIZES, sample_count = 10, sample_size = 1)]
fn unit(bencher: Bencher, nominal: usize) {
    let (rules, fixture, set) = (rules(), fixture(nominal), target_set());
    bencher
        .counter(ItemsCount::new(fixture.roster.members.len()))
        .bench_local(|| run_unit(rules, black_box(fixture), set));
}

#[divan::bench(args = IMPORT_SIZES, sample_count = 3, sample_size = 1)]
fn import(bencher: Bencher, nominal: usize) {
    let (rules, fixture, set) = (rules(), import_fixture(nominal), target_set());
    bencher.counter(ItemsCount::new(fixture.members)).bench_local(|| import_all(rules, black_box(fixture), set));
}

// ------------------------------------------------------------------------------------------------------------
// Plain summary.

fn rate(items: usize, elapsed: Duration) -> String {
    let per_second = items as f64 / elapsed.as_secs_f64();
    if per_second >= 1e6 { format!("{:.2} M/s", per_second / 1e6) } else { format!("{:.1} k/s", per_second / 1e3) }
}

fn timed<T>(work: impl FnOnce() -> T) -> (T, Duration) {
    let start = Instant::now();
    let out = black_box(work());
    (out, start.elapsed())
}

/// What the roster produced, to show that every outcome is exercised.
fn describe(rules: &RuleSet, verdicts: &[Verdict]) -> String {
    let mut levels = vec![0usize; rules.levels.len()];
    let (mut not_classified, mut incomplete, mut failed, mut disqualified, mut capped, mut fallback) =
        (0, 0, 0, 0, 0, 0);
    let (mut referred, mut invalid) = (0, 0);
    for verdict in verdicts {
        match verdict.outcome {
            Outcome::Level { level, decision } => {
                levels[level as usize] += 1;
                match decision {
                    xeploai::classify::Decision::Disqualifier(_) => disqualified += 1,
                    xeploai::classify::Decision::Cap { .. } => capped += 1,
                    xeploai::classify::Decision::Fallback { .. } => fallback += 1,
                    _ => {}
                }
            }
            Outcome::NotClassified { .. } => not_classified += 1,
            Outcome::Referred { .. } => referred += 1,
            Outcome::Invalid { .. } => invalid += 1,
            Outcome::Incomplete { .. } => incomplete += 1,
            Outcome::Failed { .. } => failed += 1,
        }
    }
    let levels: Vec<String> = rules.levels.iter().zip(&levels).map(|(l, n)| format!("{} {n}", l.short)).collect();
    format!(
        "{}; not classified {not_classified}, referred {referred}, invalid {invalid}, incomplete {incomplete}, failed {failed} (of which disqualified {disqualified}, capped {capped}, band fallback {fallback})",
        levels.join(", ")
    )
}

fn summary() {
    let rules = rules();
    let set = target_set();
    println!();
    println!(
        "Plain figures (one timed pass each, {} CPU(s) available):",
        std::thread::available_parallelism().map_or(1, |n| n.get())
    );
    for nominal in SIZES {
        let (fixture, build) = timed(|| fixture(nominal));
        let members = &fixture.roster.members;
        let n = members.len();
        let name = label(nominal);
        if build > Duration::from_millis(1) {
            println!(
                "  (roster {name}: {n} members, {} organizations, generated and prepared in {:.2?})",
                fixture.roster.orgs.len(),
                build
            );
        }
        // Warm up once, then time one pass.
        black_box(classify_all(rules, members));
        let (_, elapsed) = timed(|| classify_all(rules, members));
        println!("members/s (fast path, {name}): {}  [{n} in {elapsed:.2?}]", rate(n, elapsed));

        let (_, elapsed) = timed(|| trace_all(rules, members));
        println!("members/s (with explanations: full trace, {name}): {}  [{n} in {elapsed:.2?}]", rate(n, elapsed));

        let explained = explain_count(members);
        let (_, elapsed) = timed(|| explain_all(rules, members));
        let scope = if explained < n { format!("{name}, first {}k", explained / 1000) } else { name.to_string() };
        println!(
            "members/s (explanations resolved to text, {scope}): {}  [{explained} in {elapsed:.2?}]",
            rate(explained, elapsed)
        );

        let ((result, checks), elapsed) = timed(|| run_unit(rules, fixture, set));
        println!("members/s (whole unit + targets, {name}): {}  [{n} in {elapsed:.2?}]", rate(n, elapsed));

        println!("    members by criteria: {}", describe(rules, &result.members));
        let proposed = &result.member_distribution;
        println!(
            "    members after quota: {} | base organizations: {} | organizations: {}",
            distribution(rules, proposed),
            distribution(rules, &result.base_org_distribution),
            distribution(rules, &result.org_distribution)
        );
        let statuses: Vec<String> = checks
            .iter()
            .map(|c| {
                let status = match c.status {
                    TargetStatus::Pass => "pass",
                    TargetStatus::Fail => "fail",
                    TargetStatus::Pending => "pending",
                    TargetStatus::NoData => "no data",
                };
                format!("{} {status} ({})", c.id, c.summary.get(xeploai::Lang::En))
            })
            .collect();
        println!("    targets: {}", statuses.join("; "));
        if nominal == SIZES[0] {
            // The report for export (what the app's "export" and `xeploai unit --out-dir` produce), with the key
            // reasons of every member.
            let ((sheets, bytes), elapsed) = timed(|| {
                let sheets =
                    xeploai::report::unit_report(rules, &fixture.roster, &result, Some(&checks), xeploai::Lang::Vi);
                let bytes: usize = sheets.iter().map(|s| xeploai::report::sheet_csv(s).len()).sum();
                (sheets, bytes)
            });
            println!(
                "members/s (report for export: sheets with key reasons + CSV, {name}): {}  [{n} in {elapsed:.2?}; {} sheets, {:.1} MB]",
                rate(n, elapsed),
                sheets.len(),
                bytes as f64 / 1e6
            );
        }
    }
    for nominal in IMPORT_SIZES {
        let (fixture, build) = timed(|| import_fixture(nominal));
        let name = import_label(nominal);
        let n = fixture.members;
        if build > Duration::from_millis(1) {
            println!(
                "  (import {name}: CSV text of {n} members, {:.1} MB, and {} organizations, written in {build:.2?})",
                fixture.members_csv.len() as f64 / 1e6,
                fixture.orgs_csv.lines().count().saturating_sub(1)
            );
        }
        let ((result, _, errors), elapsed) = timed(|| import_all(rules, fixture, set));
        assert_eq!(errors, 0, "the synthetic CSV reads without errors");
        assert_eq!(result.members.len(), n, "every member read");
        println!(
            "members/s (import: csv_rows + the unit job in steps + targets, {name}): {}  [{n} in {elapsed:.2?}]",
            rate(n, elapsed)
        );
    }
    let depth = 100_000;
    let roster = deep_chain(rules, depth);
    let (_, elapsed) = timed(|| Unit::prepare(rules, &roster, None, None).run(rules, &roster));
    println!(
        "organizations/s (prepare + run, a chain {depth} deep): {}  [{depth} in {elapsed:.2?}]",
        rate(depth, elapsed)
    );
}

/// A chain of `depth` organizations, each the parent of the next, with one member at the bottom: the roll-up
/// must be linear in depth (it was quadratic: 76 s for 100,000).
fn deep_chain(rules: &RuleSet, depth: usize) -> Roster {
    let mut orgs = Table::new(rules.facts.len());
    let row = vec![Num::MISSING; rules.facts.len()];
    let collective = rules.subjects.iter().position(|s| s.collective).expect("an organization kind");
    for i in 0..depth {
        let record = Record {
            id: format!("o{i}"),
            name: String::new(),
            kind: collective,
            org: (i > 0).then(|| format!("o{}", i - 1)),
            task_group: None,
            base: i == 0,
            target: None,
            row: i as u32 + 2,
        };
        orgs.push(record, &row);
    }
    let mut members = Table::new(rules.input_count);
    let record = Record {
        id: "m1".into(),
        name: String::new(),
        kind: 0,
        org: Some(format!("o{}", depth - 1)),
        task_group: None,
        base: false,
        target: None,
        row: 2,
    };
    members.push(record, &vec![Num::MISSING; rules.input_count]);
    Roster { members, orgs }
}

fn distribution(rules: &RuleSet, d: &xeploai::unit::Distribution) -> String {
    let levels: Vec<String> = rules.levels.iter().zip(&d.levels).map(|(l, n)| format!("{} {n}", l.short)).collect();
    format!("{} NC {} inc {}", levels.join(" "), d.not_classified, d.incomplete)
}

fn main() {
    divan::main();
    if bench_mode() && std::env::var_os("XEPLOAI_BENCH_NO_SUMMARY").is_none() {
        summary();
    }
}
