//! Throughput of the engine on synthetic rosters: 100,000 and 1,000,000 members in about 10,000 base
//! organizations (≈10 and ≈100 members per base organization), and a national roster of 5,500,000 members shaped
//! like the whole Party ([`Shape::new`]: ≈ 52,000 base organizations, 115,000 organizations on four levels), with
//! the bundled rule set `qd366-2025`.
//!
//! Benchmarks, each for both sizes:
//! - `fast_path`: [`Classifier::classify_table`] over the members' table (by column: rows grouped by subject kind,
//!   64 rows of one kind a word, only the kind's columns decoded and its rules each a pass giving bit masks, the
//!   decision over the masks); `row_program`: [`Classifier::classify`] over every member
//!   (the compiled program reading each row in place; no trace, no allocation per member); the plain summary also
//!   times the scratch row ([`Classifier::classify_on_scratch`], the path before the program) and checks all give
//!   the same levels;
//! - `trace`: [`Classifier::trace`] on every member (the explanation as data, by reference);
//! - `explain`: [`Classifier::explain`] with a full trace, on every member of the 100k roster and on the first
//!   [`EXPLAIN_LIMIT`] (100,000) members of the 1M roster, so the run stays within a few minutes; items/s counts
//!   the members actually explained;
//! - `unit`: [`Unit::run`] (classify, quota per base organization, roll-up through the organization tree) plus
//!   [`Figures::from_unit`] and [`targets::check`]. [`Unit::prepare`] and [`targets::load_targets`] run outside
//!   the timed part; also on the national roster.
//!
//! Text in and out (the import from CSV, the report for export) is `benches/text.rs`'s.
//!
//! `cargo bench --bench classify` prints divan's table (with items/s, wall time), then one plain line per benchmark
//! from a single timed pass, timed on the CPU (the thread's run time, so a busy shared machine does not halve the
//! figure; the wall time beside it), the resident bytes per member (roster tables, prepared unit, `UnitResult`,
//! counted by a global allocator) and the peak of a whole-unit run (the most bytes alive at once while it ran, above
//! the roster and the prepared unit), and a check that the synthetic roster reaches every outcome. The fast path by
//! column gets a line per instruction level the processor has. The national roster gets the fast path (by column,
//! then the row program) and the whole-unit lines only. Set `XEPLOAI_BENCH_NO_SUMMARY=1` to skip that part;
//! run `… --bench classify -- none` to skip divan's table and print only the plain lines (what CI's "benchmark
//! figures" step does).
//!
//! Under `cargo test --benches` (divan's test mode: each benchmark runs once, unoptimized) the rosters are
//! scaled down 100× so the smoke test stays quick.
//!
//! Measured with this file in CI's "benchmark figures" step on 2026-11-30 (a quiet machine, one pass each, on the
//! CPU; README, "Benchmarks", has the table): fast path by column 25.0 M/s on 100k and 16.67–17.86 M/s on 1M members
//! (the row program beside it 6.25 and 5.32 M/s, the scratch row 2.69 M/s on 1M); trace 1.39 and 1.34 M/s; whole
//! unit 4.63–5.21 M/s on 1M and 4.54–4.66 M/s on the national roster.
//! Instructions per member under callgrind (`XEPLOAI_BENCH_CALLGRIND=none|columns|program|scratch|trace valgrind
//! --tool=callgrind target/release/deps/classify-<hash> --bench`, the difference from `none` over 100,000 members):
//! 2,148 for the program, 3,766 for the scratch row, 9,807 for the full trace.
//! Later the same day (same machine, loaded; `columns` added to `XEPLOAI_BENCH_CALLGRIND`): by column 4.69 M/s on
//! 100k and 4.32 M/s on 1M against 5.42 and 5.12 M/s for the row program in the same run; trace 1.32 M/s on 100k;
//! 2,534 instructions per member by column, 3,138 by the row program, 10,481 for the trace (the generation's
//! 1,237.6 M taken off; the trace was 10,878 before it started from the row program's verdict).
//! After the column path decoded its cells to 32 bits, read empty cells as 0 and handed verdicts out 4,096 rows at a
//! time (same machine, 2026-11-30, loaded; `XEPLOAI_BENCH_CALLGRIND=race`, best of seven on the CPU): by column 6.13
//! M/s on 100k and 5.60 M/s on 1M against 5.55 and 5.29 M/s for the row program; 2,204 instructions per member by
//! column, 3,136 by the row program.
//! After the rows were grouped by subject kind once per batch of 4,096 (only the columns a kind reads decoded, only
//! its rules evaluated), the score band taken by column and the answers packed into masks eight at a time (same
//! machine, 2026-11-30, loaded by other builds, load average 8–10; `race`, best of seven on the CPU, two runs): by
//! column 23.5 and 25.1 M/s on 100k, 16.8 and 17.1 M/s on 1M, against 6.29 and 5.25 M/s for the column path before
//! these changes in the same session (the row program 5.9–6.3 and 5.3 M/s beside it); 12.60 and 10.08 M/s after
//! the grouping alone, 16.46 and 12.12 M/s with the band by column. Instructions per member by column (callgrind,
//! `columns`: the inclusive count of `classify_table_all` over the 100,000 members): 2,203 before, 1,135 grouped by
//! kind, 1,083 with the band by column, 795 with the packed masks. The goal (20 M/s) is met on 100k, not yet on 1M,
//! where the columns no longer fit the caches.
//! The trace deciding from its traced results (each rule traced once, no scratch-row decision first): 9,304
//! instructions per member against 10,480 before in the same build setup (callgrind, `trace` less the
//! generation's 1,237.6 M; 2026-11-30, 2-core development machine, loaded by other builds). Its CPU time on the
//! 5.5M roster (`XEPLOAI_BENCH_CALLGRIND=national-trace` less `national-none`, `perf stat`) was 5.6 s before and
//! 5.9 s after, within that machine's noise (the `none` runs alone differed by 1.5 s): not yet the 2 M/s goal.
//! The trace with its derived facts by the row program's fused steps, a root `fact op constant` or yes/no fact traced
//! inline and the memo keeping each rule's truth (2026-11-30, 2-core machine loaded by other helpers, load average
//! 6–8): 7,680 instructions per member in `trace_levels` against 8,205 before (callgrind, `trace`, inclusive over
//! the 100,000 members; the derived facts 535 against 1,310); divan's fastest pass 1.78 M/s on 100k and 1.73 M/s on
//! 1M (wall time, too loaded a machine to compare): not yet the 2 M/s goal.
//! Resident bytes per member (roster tables, prepared unit, `UnitResult`): 976 at 1M before the compact tables, 102
//! after (220 at 100k, whose 22,233 organizations hold 4.5 members each). At the peak of a whole-unit run (same
//! machine, 2026-11-30, loaded by other builds): 593, 162 and 163 B on 100k, 1M and 5.5M before the run stored its
//! verdicts and organizations' rows compact as they come, 272, 107 and 108 after; the whole unit on the 5.5M national
//! roster 1.96 M/s on the CPU (1.56 before the quota's candidates were sorted only as far as the excess).
//!
//! The fast path compiled per instruction level (`src/fast/isa.rs`; the plain lines give one line per level the
//! processor has, the widest first, which is what the product runs): on 2026-12-02 at 13:30 UTC (2-core AMD EPYC with
//! AVX-512, quiet, best of three passes on the CPU) baseline 18.55 / 19.66 / 18.36 M/s, AVX2 26.06 / 27.12 / 25.92
//! M/s, AVX-512 32.18 / 33.92 / 31.65 M/s on 100k / 1M / 5.5M; `race` the same hour: 18.5–19.1, 26.1–27.1 and
//! 32.4–33.3 M/s.
//!
//! The rosters are deterministic: the library's generator (`xeploai::generate`, also `xeploai generate`) with a
//! fixed seed.

mod common;
use common::{bench_mode, cpu_time, rules};
use std::hint::black_box;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{LazyLock, OnceLock};
use std::time::{Duration, Instant};

use divan::Bencher;
use divan::counter::ItemsCount;
use xeploai::generate::Shape;
use xeploai::input::{Record, Table, TableBuilder};
use xeploai::targets::{self, Figures, TargetSet, TargetStatus};
use xeploai::unit::{Roster, Unit};
use xeploai::{Classifier, Num, Outcome, RuleSet, Verdict};

/// Member counts benchmarked (in test mode divided by [`TEST_SCALE`]).
const SIZES: [usize; 2] = [100_000, 1_000_000];
/// The whole Party: a roster shaped by [`Shape::new`] (≈ 52,000 base organizations under ≈ 690 district-level
/// committees and 35 provinces or blocs, some with cells: four levels), for the whole-unit run.
const NATIONAL: usize = 5_500_000;
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
// Resident memory: a global allocator that counts the bytes alive, so the summary can print what a table and a
// unit's result hold per member (heap only; the handful of fixed-size values on the stack are left out).

#[path = "common/counting_alloc.rs"]
mod counting_alloc;
use counting_alloc::{Counting, peak_above, retained};

#[global_allocator]
static ALLOCATOR: Counting = Counting;

fn per_member(bytes: usize, members: usize) -> String {
    format!("{:.0} B/member", bytes as f64 / members.max(1) as f64)
}

// ------------------------------------------------------------------------------------------------------------
// Mode and fixtures.

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
    /// Heap bytes the roster's tables hold (members and organizations), and the prepared unit's.
    roster_bytes: usize,
    unit_bytes: usize,
}

/// The roster for a nominal size (one of [`SIZES`], or [`NATIONAL`]), built once.
fn fixture(nominal: usize) -> &'static Fixture {
    static FIXTURES: [OnceLock<Fixture>; 3] = [OnceLock::new(), OnceLock::new(), OnceLock::new()];
    let index = SIZES.iter().position(|s| *s == nominal).unwrap_or_else(|| {
        assert_eq!(nominal, NATIONAL, "a size from SIZES, or NATIONAL");
        SIZES.len()
    });
    FIXTURES[index].get_or_init(|| {
        let scale = if bench_mode() { 1 } else { TEST_SCALE };
        let seed = SEED ^ nominal as u64;
        let make = || match nominal {
            NATIONAL => xeploai::generate::roster(rules(), Shape::new(nominal / scale, seed)),
            _ if scale == 1 => generate(nominal, BASE_ORGS, DISTRICTS, seed),
            _ => generate(nominal / scale, BASE_ORGS / scale, DISTRICTS / 20, seed),
        };
        let (roster, roster_bytes) = retained(make);
        let (unit, unit_bytes) = retained(|| Unit::prepare(rules(), &roster, None, None));
        assert!(unit.diagnostics.is_empty(), "synthetic roster has structural problems: {:?}", &unit.diagnostics[..1]);
        Fixture { roster, unit, roster_bytes, unit_bytes }
    })
}

/// A roster from the library's generator (`xeploai generate`): one top committee, `districts` committees under it,
/// `base_orgs` base organizations (90% under a district), some with cells; members spread at random.
fn generate(members: usize, base_orgs: usize, districts: usize, seed: u64) -> Roster {
    let shape = Shape { members, seed, base_orgs, districts, tops: 1, with_cells_per_mille: 300 };
    xeploai::generate::roster(rules(), shape)
}

fn label(nominal: usize) -> &'static str {
    match nominal {
        100_000 => "100k",
        1_000_000 => "1M",
        NATIONAL => "5.5M national",
        _ => "?",
    }
}

// ------------------------------------------------------------------------------------------------------------
// The timed work, shared by divan and the plain summary.

/// The fast path over the whole roster: [`Classifier::classify`] (the compiled program reading each row in place).
fn classify_all(rules: &RuleSet, members: &Table) -> u64 {
    let mut classifier = Classifier::new(rules);
    let mut checksum = 0u64;
    each_row(members, |kind, row| {
        let verdict = classifier.classify(kind, row);
        checksum = checksum.wrapping_add(verdict.level().map_or(7, |l| l as u64));
    });
    checksum
}

/// The fast path by column over the whole roster: [`Classifier::classify_table_each`] (what `Unit::run` calls: each
/// rule a pass over a word of 64 rows of the table's columns, giving bit masks; rare rows by the row program).
fn classify_table_all(rules: &RuleSet, members: &Table) -> u64 {
    classify_table_on(rules, members, usize::MAX)
}

/// [`classify_table_all`] with the instruction level `level` of [`Classifier::column_levels`] (`usize::MAX`: the
/// processor's widest, what the product runs).
fn classify_table_on(rules: &RuleSet, members: &Table, level: usize) -> u64 {
    let mut checksum = 0u64;
    let mut classifier = Classifier::new(rules);
    classifier.use_column_level(level);
    classifier.classify_table_each(members, |verdict| {
        checksum = checksum.wrapping_add(verdict.level().map_or(7, |l| l as u64));
    });
    checksum
}

/// Each member's kind and facts, the rows coming out of the table's columns a batch at a time, as `Unit::run`
/// reads them.
fn each_row(members: &Table, mut each: impl FnMut(usize, &[Num])) {
    let (stride, batch) = (members.stride, 256);
    let mut rows = Vec::new();
    for start in (0..members.len()).step_by(batch) {
        let count = batch.min(members.len() - start);
        members.load_rows(start, count, &mut rows);
        for k in 0..count {
            each(members.kind(start + k), &rows[k * stride..(k + 1) * stride]);
        }
    }
}

/// The same verdicts through the classifier's scratch row ([`Classifier::classify_on_scratch`]: the row copied,
/// defaults filled, derived facts computed as rules ask), the fast path before the compiled program.
fn classify_on_scratch_all(rules: &RuleSet, members: &Table) -> u64 {
    let mut classifier = Classifier::new(rules);
    let mut checksum = 0u64;
    each_row(members, |kind, row| {
        let verdict = classifier.classify_on_scratch(kind, row);
        checksum = checksum.wrapping_add(verdict.level().map_or(7, |l| l as u64));
    });
    checksum
}

fn explain_count(members: &Table) -> usize {
    members.len().min(EXPLAIN_LIMIT)
}

/// Explanations as data: every check with observed and required values and its rule, by reference
/// (`Classifier::trace`, buffers reused), for every member.
fn trace_all(rules: &RuleSet, members: &Table) -> u64 {
    let mut classifier = Classifier::new(rules).with_program();
    let mut trace = xeploai::explain::Trace::default();
    let mut checksum = 0u64;
    let targets: Vec<Option<usize>> = members.records().map(|r| r.target).collect();
    let mut index = 0;
    each_row(members, |kind, row| {
        let verdict = classifier.trace(kind, row, targets[index], &mut trace);
        checksum = checksum.wrapping_add(verdict.level().map_or(7, |l| l as u64) + trace.findings.len() as u64);
        index += 1;
    });
    checksum
}

/// Explanations resolved to owned text (names, formulas, sources, gaps), as shown when one row is opened.
fn explain_all(rules: &RuleSet, members: &Table) -> u64 {
    let mut classifier = Classifier::new(rules);
    let mut checksum = 0u64;
    let mut row = vec![Num::MISSING; members.stride];
    for (i, record) in members.records().enumerate().take(explain_count(members)) {
        members.load_row(i, &mut row);
        let (verdict, explanation) = classifier.explain(record.kind, &row, record.target);
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
// divan benchmarks.

#[divan::bench(args = SIZES, sample_count = 20, sample_size = 1)]
fn fast_path(bencher: Bencher, nominal: usize) {
    let (rules, members) = (rules(), &fixture(nominal).roster.members);
    bencher.counter(ItemsCount::new(members.len())).bench_local(|| classify_table_all(rules, black_box(members)));
}

#[divan::bench(args = SIZES, sample_count = 20, sample_size = 1)]
fn row_program(bencher: Bencher, nominal: usize) {
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

#[divan::bench(args = [SIZES[0], SIZES[1], NATIONAL], sample_count = 5, sample_size = 1)]
fn unit(bencher: Bencher, nominal: usize) {
    let (rules, fixture, set) = (rules(), fixture(nominal), target_set());
    bencher
        .counter(ItemsCount::new(fixture.roster.members.len()))
        .bench_local(|| run_unit(rules, black_box(fixture), set));
}

// ------------------------------------------------------------------------------------------------------------
// Plain summary.

fn rate(items: usize, elapsed: Duration) -> String {
    let per_second = items as f64 / elapsed.as_secs_f64();
    if per_second >= 1e6 { format!("{:.2} M/s", per_second / 1e6) } else { format!("{:.1} k/s", per_second / 1e3) }
}

/// The work's result and the time it took on the CPU (this thread's time from [`cpu_time`], so the figure holds on
/// a machine shared with other work; the wall time where there is no such clock). The wall
/// time is remembered for [`wall_note`].
fn timed<T>(work: impl FnOnce() -> T) -> (T, Duration) {
    let (cpu_start, start) = (cpu_time(), Instant::now());
    let out = black_box(work());
    let wall = start.elapsed();
    LAST_WALL.store(wall.as_nanos() as usize, Ordering::Relaxed);
    let elapsed = match (cpu_start, cpu_time()) {
        (Some(a), Some(b)) if b > a => b - a,
        _ => wall,
    };
    (out, elapsed)
}

static LAST_WALL: AtomicUsize = AtomicUsize::new(0);

/// The wall time of the last [`timed`] work, for the record when the machine was busy.
fn wall_note() -> String {
    format!("wall {:.2?}", Duration::from_nanos(LAST_WALL.load(Ordering::Relaxed) as u64))
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

/// The fixture of a size, saying how long it took to generate and prepare when it was built now.
fn built(nominal: usize) -> &'static Fixture {
    let (fixture, build) = timed(|| fixture(nominal));
    if build > Duration::from_millis(1) {
        println!(
            "  (roster {}: {} members, {} organizations, generated and prepared in {:.2?} on the CPU, {})",
            label(nominal),
            fixture.roster.members.len(),
            fixture.roster.orgs.len(),
            build,
            wall_note()
        );
    }
    fixture
}

/// The whole-unit lines of one size: members/s, bytes per member resident and at the peak of the run, the
/// columns' widths, what the roster produced, the targets.
fn whole_unit_summary(rules: &RuleSet, set: &TargetSet, nominal: usize) {
    let fixture = fixture(nominal);
    let members = &fixture.roster.members;
    let n = members.len();
    let name = label(nominal);
    let ((result, checks), elapsed) = timed(|| run_unit(rules, fixture, set));
    println!(
        "members/s (whole unit + targets, {name}): {}  [{n} in {elapsed:.2?} on the CPU, {}]",
        rate(n, elapsed),
        wall_note()
    );
    let (result_again, result_bytes, peak_bytes) = peak_above(|| run_unit(rules, fixture, set));
    drop(result_again);
    let held = fixture.roster_bytes + fixture.unit_bytes;
    let total = held + result_bytes;
    println!(
        "bytes/member (resident, {name}): {} = roster tables {} + prepared unit {} + UnitResult {}",
        per_member(total, n),
        per_member(fixture.roster_bytes, n),
        per_member(fixture.unit_bytes, n),
        per_member(result_bytes, n),
    );
    println!(
        "bytes/member (peak of the run, {name}): {} = roster tables and prepared unit {} + the most the run held at once {}",
        per_member(held + peak_bytes, n),
        per_member(held, n),
        per_member(peak_bytes, n),
    );
    // The goal (issue 14) is at most 150 bytes a member; the fact columns' widths say where the table's go.
    let mut widths = [0usize; 5];
    for width in members.column_widths() {
        widths[width as usize] += 1;
    }
    println!(
        "    goal ≤ 150 B/member: {}; members' fact columns: {} of 1 byte, {} of 2, {} of 4, {} with no value",
        if total <= 150 * n { "met" } else { "not met" },
        widths[1],
        widths[2],
        widths[4],
        widths[0]
    );

    println!("    members by criteria: {}", describe(rules, &result.members.iter().collect::<Vec<_>>()));
    println!(
        "    members after quota: {} | base organizations: {} | organizations: {}",
        distribution(rules, &result.member_distribution),
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
}

fn summary() {
    let rules = rules();
    let set = target_set();
    println!();
    println!(
        "Plain figures (one timed pass each, time on the CPU of the benchmark's thread; {} CPU(s) available):",
        std::thread::available_parallelism().map_or(1, |n| n.get())
    );
    for nominal in SIZES {
        let fixture = built(nominal);
        let members = &fixture.roster.members;
        let n = members.len();
        let name = label(nominal);
        // Warm up once, then time one pass (the best of three for the fast path, whose pass is short enough for a
        // busy machine to disturb).
        let fast_checksum = classify_table_all(rules, members);
        fast_path_by_level(rules, members, name, fast_checksum);
        assert_eq!(fast_checksum, classify_all(rules, members), "by column and by row give the same levels");
        let elapsed = (0..3).map(|_| timed(|| classify_all(rules, members)).1).min().unwrap_or_default();
        println!(
            "members/s (the row program: each row decoded and read in place, {name}): {}  [{n} in {elapsed:.2?} on the CPU, {}]",
            rate(n, elapsed),
            wall_note()
        );
        let (scratch_checksum, elapsed) = timed(|| classify_on_scratch_all(rules, members));
        assert_eq!(fast_checksum, scratch_checksum, "the program and the scratch row give the same levels");
        println!(
            "members/s (the scratch row: row copied, derived facts as rules ask, {name}): {}  [{n} in {elapsed:.2?} on the CPU, {}]",
            rate(n, elapsed),
            wall_note()
        );

        let (_, elapsed) = timed(|| trace_all(rules, members));
        println!(
            "members/s (with explanations: full trace, {name}): {}  [{n} in {elapsed:.2?} on the CPU, {}]",
            rate(n, elapsed),
            wall_note()
        );

        let explained = explain_count(members);
        let (_, elapsed) = timed(|| explain_all(rules, members));
        let scope = if explained < n { format!("{name}, first {}k", explained / 1000) } else { name.to_string() };
        println!(
            "members/s (explanations resolved to text, {scope}): {}  [{explained} in {elapsed:.2?}]",
            rate(explained, elapsed)
        );
        whole_unit_summary(rules, set, nominal);
    }
    // The whole Party: the fast path and the whole unit only (the other paths' rates do not change with size).
    let fixture = built(NATIONAL);
    let (members, name) = (&fixture.roster.members, label(NATIONAL));
    let n = members.len();
    fast_path_by_level(rules, members, name, classify_table_all(rules, members));
    let elapsed = (0..2).map(|_| timed(|| classify_all(rules, members)).1).min().unwrap_or_default();
    println!(
        "members/s (the row program: each row decoded and read in place, {name}): {}  [{n} in {elapsed:.2?} on the CPU, {}]",
        rate(n, elapsed),
        wall_note()
    );
    whole_unit_summary(rules, set, NATIONAL);
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
    let mut orgs = TableBuilder::new(rules.facts.len());
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
    let mut members = TableBuilder::new(rules.input_count);
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
    Roster { members: members.finish(), orgs: orgs.finish() }
}

fn distribution(rules: &RuleSet, d: &xeploai::unit::Distribution) -> String {
    let levels: Vec<String> = rules.levels.iter().zip(&d.levels).map(|(l, n)| format!("{} {n}", l.short)).collect();
    format!("{} NC {} inc {}", levels.join(" "), d.not_classified, d.incomplete)
}

/// One pass of one path over the 100k roster and nothing else, for counting instructions under callgrind (set by
/// The fast path by column's line (the processor's widest instructions, what the product runs), then one line for
/// each narrower level the processor has (the baseline: what any x86-64 or WebAssembly gets), each the best of
/// three passes; every level must give the same levels as `checksum`.
fn fast_path_by_level(rules: &RuleSet, members: &Table, name: &str, checksum: u64) {
    let n = members.len();
    let levels = Classifier::column_levels();
    for (index, level) in levels.iter().enumerate().rev() {
        assert_eq!(classify_table_on(rules, members, index), checksum, "{level} gives the same levels");
        let elapsed = (0..3).map(|_| timed(|| classify_table_on(rules, members, index)).1).min().unwrap_or_default();
        let what = if index + 1 == levels.len() { "fast path: by column, 64 rows a word" } else { "  the same" };
        println!(
            "members/s ({what}, {name}, {level}): {}  [{n} in {elapsed:.2?} on the CPU, {}]",
            rate(n, elapsed),
            wall_note()
        );
    }
}

/// `XEPLOAI_BENCH_CALLGRIND`: `none` builds the roster only, `columns` adds the fast path by column, `program` the
/// row program, `scratch` the scratch row, `trace` the full trace, `unit` the whole unit); the instructions per member
/// are the difference from `none` over 100,000. `national-none` and `national-unit` do the same on the 5.5 M national
/// roster, for `perf record`.
fn callgrind_pass(path: &str) {
    if path == "race" {
        race();
        return;
    }
    let (nominal, path) = match path.strip_prefix("national-") {
        Some(path) => (NATIONAL, path),
        None => (SIZES[0], path),
    };
    let (rules, fixture) = (rules(), fixture(nominal));
    let members = &fixture.roster.members;
    let checksum = match path {
        "columns" => classify_table_all(rules, members),
        "program" => classify_all(rules, members),
        "scratch" => classify_on_scratch_all(rules, members),
        "trace" => trace_all(rules, members),
        "unit" => run_unit(rules, fixture, target_set()).0.proposed.iter().map(|l| u64::from(*l)).sum(),
        _ => 0,
    };
    println!("callgrind pass `{path}` over {} members: checksum {checksum}", members.len());
}

/// `XEPLOAI_BENCH_CALLGRIND=race`: the fast path by column against the row program on 100k and 1M, the best of
/// seven passes each on the thread's CPU time (the quick comparison while working on either; `perf record` on it
/// shows where each spends).
fn race() {
    let rules = rules();
    for nominal in SIZES {
        let members = &fixture(nominal).roster.members;
        let n = members.len();
        assert_eq!(classify_table_all(rules, members), classify_all(rules, members), "the same levels");
        // Wall time per 4,096 verdicts (the fast path's batch), to tell a pass slowed in every batch (memory) from
        // one slowed in a few (the thread put off the CPU, its caches refilled after).
        let mut marks = Vec::with_capacity(n / 4096 + 2);
        let mut count = 0usize;
        let start = Instant::now();
        Classifier::new(rules).classify_table_each(members, |verdict| {
            black_box(verdict);
            count += 1;
            if count % 4096 == 0 {
                marks.push(start.elapsed());
            }
        });
        let mut batches: Vec<Duration> = marks.windows(2).map(|w| w[1] - w[0]).collect();
        batches.sort();
        if let (Some(first), Some(last)) = (batches.first(), batches.last()) {
            let median = batches[batches.len() / 2];
            println!(
                "{}: batches of 4,096 by column: fastest {} ({first:.2?}), median {} ({median:.2?}), slowest {last:.2?}; {} batches",
                label(nominal),
                rate(4096, *first),
                rate(4096, median),
                batches.len()
            );
        }
        let best = |work: &dyn Fn() -> u64| (0..7).map(|_| timed(work).1).min().unwrap_or_default();
        for (index, level) in Classifier::column_levels().iter().enumerate() {
            let by_column = best(&|| classify_table_on(rules, members, index));
            println!("{}: by column, {level}: {} ({by_column:.2?}), on the CPU", label(nominal), rate(n, by_column));
        }
        let by_row = best(&|| classify_all(rules, members));
        println!("{}: the row program {} ({by_row:.2?}), on the CPU", label(nominal), rate(n, by_row));
    }
}

fn main() {
    if let Ok(path) = std::env::var("XEPLOAI_BENCH_CALLGRIND") {
        callgrind_pass(&path);
        return;
    }
    divan::main();
    if bench_mode() && std::env::var_os("XEPLOAI_BENCH_NO_SUMMARY").is_none() {
        summary();
    }
}
