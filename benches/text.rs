//! Text in and out of the engine on synthetic rosters of 100,000 and 1,000,000 members (the library's generator,
//! `xeploai generate`, with a fixed seed; one member per 106 in a base organization, as in the whole Party), with
//! the bundled rule set `qd366-2025`.
//!
//! Benchmarks, each for both sizes:
//! - `import`: [`read_csv`], the CLI's reading of a members file (Vietnamese headers, `;`, decimal commas, choices
//!   and yes/no in words, as a Vietnamese spreadsheet exports them): split, matched, every cell read, the table
//!   built;
//! - `stream`: [`CsvStream`], the CLI's reading of a members file now: its bytes fed 1 MiB at a time, decoded, split
//!   and read row by row, the text never held whole;
//! - `split`: [`csv_rows`] alone, the splitting the web app does before feeding the reader in steps;
//! - `unit_job`: the web app's import: both files split by [`csv_rows`], then the engine's unit job stepped
//!   [`IMPORT_CHUNK`] rows at a time (organizations, then members; prepare, run, contradictions);
//! - `export`: [`write_members_csv`], the members sheet of the report with every member's key reasons, written as
//!   CSV row by row (to a sink: the text is made, nothing is kept).
//!
//! `cargo bench --bench text` prints divan's table, then one plain line per benchmark from a single timed pass, timed
//! on the CPU (this thread's run time, so a busy shared machine does not halve the figure; the wall time beside
//! it), and a check that the streamed members sheet is the bytes of the sheet built whole. Set
//! `XEPLOAI_BENCH_NO_SUMMARY=1` to skip that part; run `… --bench text -- none` to print only the plain lines.
//! Under `cargo test --benches` the rosters are 100 times smaller.
//!
//! The figures measured with this file are in README, "Benchmarks", with the date and the machine. The last
//! (2026-11-30, 2-core development machine, loaded by other builds, on the CPU, two runs): `read_csv` 928–933 k
//! rows/s at 100k and 692–752 k/s at 1M, `CsvStream` 695–711 k/s and 588–624 k/s, the members sheet with key reasons
//! 0.79–1.15 M/s and 956–998 k/s.
//! Instructions per row under callgrind (`XEPLOAI_BENCH_CALLGRIND=import|stream valgrind --tool=callgrind
//! target/release/deps/text-<hash> --bench`, the inclusive count of `import` / `import_stream` over the 100k roster;
//! 2026-11-30): `read_csv` 10,637 before the reader skipped empty cells, short lines were split without counting
//! and texts were compared a word at a time, 8,247 after; `CsvStream` 12,625 and 9,961 (its UTF-8 check alone about
//! 1,255). On the CPU in the same session (loaded, load average 7–12, old and new binaries one after the other):
//! `read_csv` 1.00–1.01 → 1.15–1.24 M/s at 100k and 710–775 → 875–931 k/s at 1M; `CsvStream` 801–838 → 660–932 k/s
//! and 659–663 → 714–750 k/s. 2026-12-01, an empty cell not sliced and a line's end found in one search: `read_csv`
//! 8,246 → 7,795, `CsvStream` 9,948 → 9,508 (its UTF-8 check still about 1,255: checking a cell or a run of cells at
//! a time, skipping empty cells and cells like the one above, cost as much, `from_utf8` being dearer per byte on short
//! mixed text).

mod common;
use common::{bench_mode, cpu_time, rules};
use std::hint::black_box;
use std::sync::OnceLock;
use std::time::{Duration, Instant};

use divan::Bencher;
use divan::counter::ItemsCount;
use xeploai::Lang;
use xeploai::generate::Shape;
use xeploai::input::{ColumnOverrides, CsvStream, Feed, ReadOptions, TableKind, csv_rows, read_csv};
use xeploai::pipeline::{RowsFile, UnitJob, UnitRows};
use xeploai::report::{sheet_csv, unit_report, write_members_csv};
use xeploai::unit::{Roster, Unit, UnitResult};

/// Member counts benchmarked (in test mode divided by [`TEST_SCALE`]).
const SIZES: [usize; 2] = [100_000, 1_000_000];
const TEST_SCALE: usize = 100;
const SEED: u64 = 0x7e47_2025;
/// Rows fed to the unit job at a time, as the app does between progress updates.
const IMPORT_CHUNK: usize = 5_000;

/// A generated roster, classified as a unit, and its members as CSV text.
struct Fixture {
    roster: Roster,
    result: UnitResult,
    members_csv: String,
    orgs_csv: String,
}

fn fixture(nominal: usize) -> &'static Fixture {
    static FIXTURES: [OnceLock<Fixture>; 2] = [OnceLock::new(), OnceLock::new()];
    let index = SIZES.iter().position(|s| *s == nominal).expect("a size from SIZES");
    FIXTURES[index].get_or_init(|| {
        let members = if bench_mode() { nominal } else { nominal / TEST_SCALE };
        let rules = rules();
        let roster = xeploai::generate::roster(rules, Shape::new(members, SEED ^ nominal as u64));
        let unit = Unit::prepare(rules, &roster, None, None);
        assert!(unit.diagnostics.is_empty(), "synthetic roster has structural problems: {:?}", &unit.diagnostics[..1]);
        let result = unit.run(rules, &roster);
        let members_csv = xeploai::generate::table_csv(rules, &roster.members, TableKind::Members);
        let orgs_csv = xeploai::generate::table_csv(rules, &roster.orgs, TableKind::Organizations);
        Fixture { roster, result, members_csv, orgs_csv }
    })
}

fn label(nominal: usize) -> &'static str {
    if nominal == SIZES[0] { "100k" } else { "1M" }
}

// ------------------------------------------------------------------------------------------------------------
// The timed work, shared by divan and the plain summary.

fn import(text: &str) -> usize {
    let options = ReadOptions { file: Some("members.csv"), kind: TableKind::Members, default_subject: None };
    let (table, _diagnostics) = read_csv(rules(), text, &options);
    table.len()
}

/// The CLI's streamed import: the members file's bytes fed to a [`CsvStream`] 1 MiB at a time (decoded, split and
/// read row by row; the text never held whole), told the file's size as the CLI and the worker tell it.
fn import_stream(text: &str) -> usize {
    let options = ReadOptions { file: Some("members.csv"), kind: TableKind::Members, default_subject: None };
    let overrides = ColumnOverrides::new();
    let mut stream = CsvStream::new(rules(), &options, &overrides).with_size(text.len() as u64);
    for chunk in text.as_bytes().chunks(1 << 20) {
        assert_eq!(stream.push(chunk), Feed::More, "a generated roster is plain UTF-8");
    }
    assert_eq!(stream.end(), Feed::More, "a generated roster is plain UTF-8");
    stream.finish().table.len()
}

fn split(text: &str) -> usize {
    csv_rows(text).0.len()
}

/// The app's import: both texts split into rows, the unit job stepped [`IMPORT_CHUNK`] rows at a time; the
/// members classified.
fn unit_job(fixture: &Fixture) -> usize {
    let (member_rows, member_problems) = csv_rows(&fixture.members_csv);
    let (org_rows, org_problems) = csv_rows(&fixture.orgs_csv);
    let files = UnitRows {
        members: RowsFile { name: "members.csv", rows: &member_rows, problems: &member_problems },
        orgs: Some(RowsFile { name: "orgs.csv", rows: &org_rows, problems: &org_problems }),
    };
    let mut job = UnitJob::new(ColumnOverrides::new());
    let run = loop {
        if let Err(run) = job.step(rules(), &files, IMPORT_CHUNK) {
            break *run;
        }
    };
    run.result.members.len()
}

/// The members sheet with key reasons as CSV, into a sink; the bytes written.
fn export(fixture: &Fixture) -> u64 {
    let mut counted = Counted(0);
    write_members_csv(&mut counted, rules(), &fixture.roster, &fixture.result, Some(2025), Lang::Vi)
        .expect("writing to a sink does not fail");
    counted.0
}

/// A writer that counts the bytes and keeps none.
struct Counted(u64);

impl std::io::Write for Counted {
    fn write(&mut self, bytes: &[u8]) -> std::io::Result<usize> {
        self.0 += bytes.len() as u64;
        Ok(bytes.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

#[divan::bench(args = SIZES, sample_count = 5, sample_size = 1)]
fn import_members(bencher: Bencher, nominal: usize) {
    let fixture = fixture(nominal);
    bencher
        .counter(ItemsCount::new(fixture.roster.members.len()))
        .bench_local(|| import(black_box(&fixture.members_csv)));
}

#[divan::bench(args = SIZES, sample_count = 5, sample_size = 1)]
fn stream_members(bencher: Bencher, nominal: usize) {
    let fixture = fixture(nominal);
    bencher
        .counter(ItemsCount::new(fixture.roster.members.len()))
        .bench_local(|| import_stream(black_box(&fixture.members_csv)));
}

#[divan::bench(args = SIZES, sample_count = 5, sample_size = 1)]
fn split_members(bencher: Bencher, nominal: usize) {
    let fixture = fixture(nominal);
    bencher
        .counter(ItemsCount::new(fixture.roster.members.len()))
        .bench_local(|| split(black_box(&fixture.members_csv)));
}

#[divan::bench(args = SIZES, sample_count = 3, sample_size = 1)]
fn import_unit_job(bencher: Bencher, nominal: usize) {
    let fixture = fixture(nominal);
    bencher.counter(ItemsCount::new(fixture.roster.members.len())).bench_local(|| unit_job(black_box(fixture)));
}

#[divan::bench(args = SIZES, sample_count = 5, sample_size = 1)]
fn export_members(bencher: Bencher, nominal: usize) {
    let fixture = fixture(nominal);
    bencher.counter(ItemsCount::new(fixture.roster.members.len())).bench_local(|| export(black_box(fixture)));
}

// ------------------------------------------------------------------------------------------------------------
// Plain summary.

fn rate(items: usize, elapsed: Duration) -> String {
    let per_second = items as f64 / elapsed.as_secs_f64();
    if per_second >= 1e6 { format!("{:.2} M/s", per_second / 1e6) } else { format!("{:.1} k/s", per_second / 1e3) }
}

/// The work's result, its time on the CPU (this thread's, [`cpu_time`]; the wall time where there is no such clock)
/// and its wall time.
fn timed<T>(work: impl FnOnce() -> T) -> (T, Duration, Duration) {
    let (cpu_start, start) = (cpu_time(), Instant::now());
    let out = black_box(work());
    let wall = start.elapsed();
    let cpu = match (cpu_start, cpu_time()) {
        (Some(a), Some(b)) if b > a => b - a,
        _ => wall,
    };
    (out, cpu, wall)
}

fn summary() {
    println!();
    println!("Plain figures (one timed pass each, time on the CPU of the benchmark's thread):");
    for nominal in SIZES {
        let (fixture, build, _) = timed(|| fixture(nominal));
        let (name, n) = (label(nominal), fixture.roster.members.len());
        println!(
            "  (roster {name}: {n} members, {:.1} MB of CSV, generated, classified and written in {build:.2?})",
            fixture.members_csv.len() as f64 / 1e6
        );
        let lines: [(&str, &dyn Fn() -> u64); 5] = [
            ("rows/s (import: read_csv of the members file", &|| import(&fixture.members_csv) as u64),
            ("rows/s (import: CsvStream fed the file's bytes 1 MiB at a time", &|| {
                import_stream(&fixture.members_csv) as u64
            }),
            ("rows/s (split: csv_rows alone", &|| split(&fixture.members_csv) as u64),
            ("members/s (the app's import: csv_rows + the unit job in steps of 5,000", &|| unit_job(fixture) as u64),
            ("rows/s (export: members sheet with key reasons as CSV, streamed", &|| export(fixture)),
        ];
        for (what, work) in lines {
            black_box(work());
            let (_, cpu, wall) = timed(work);
            println!("{what}, {name}): {}  [{n} in {cpu:.2?} on the CPU, wall {wall:.2?}]", rate(n, cpu));
        }
        if nominal == SIZES[0] {
            // The sheet built whole (as the app's export does), and the check that streaming changes no byte.
            let (whole, cpu, _) = timed(|| {
                let sheets = unit_report(rules(), &fixture.roster, &fixture.result, None, Lang::Vi);
                sheet_csv(&sheets[0])
            });
            println!(
                "rows/s (export: every sheet built whole, then the members sheet as CSV, {name}): {}  [{n} in {cpu:.2?} on the CPU]",
                rate(n, cpu)
            );
            let (bytes, _) = write_members_csv(Vec::new(), rules(), &fixture.roster, &fixture.result, None, Lang::Vi)
                .expect("writing into memory does not fail");
            assert!(bytes == whole.as_bytes(), "the streamed members sheet is the sheet built whole");
            println!("    the streamed members sheet is the bytes of the sheet built whole ({} bytes)", bytes.len());
        }
    }
}

/// One pass of one path over the 100k roster and nothing else, for counting instructions under callgrind (set by
/// `XEPLOAI_BENCH_CALLGRIND`: `none` builds the roster only, `import` adds [`read_csv`] of the members file, `stream`
/// [`CsvStream`]); the instructions per row are the difference from `none` over 100,000. `1M-none`, `1M-import` and
/// `1M-stream` do the same on the 1M roster.
fn callgrind_pass(path: &str) {
    if path == "race" {
        race();
        return;
    }
    let (nominal, path) = match path.strip_prefix("1M-") {
        Some(path) => (SIZES[1], path),
        None => (SIZES[0], path),
    };
    let fixture = fixture(nominal);
    let rows = match path {
        "import" => import(&fixture.members_csv),
        "stream" => import_stream(&fixture.members_csv),
        _ => 0,
    };
    println!("callgrind pass `{path}` over {} members: {rows} rows read", fixture.roster.members.len());
}

/// `XEPLOAI_BENCH_CALLGRIND=race`: `read_csv` against `CsvStream` on 100k and 1M, the best of five passes each on
/// the thread's CPU time (steadier than one pass on a busy machine, for comparing two builds).
fn race() {
    for nominal in SIZES {
        let fixture = fixture(nominal);
        let n = fixture.roster.members.len();
        let best = |work: &dyn Fn() -> usize| {
            (0..5).map(|_| timed(|| assert_eq!(work(), n, "every row read")).1).min().unwrap_or_default()
        };
        let whole = best(&|| import(&fixture.members_csv));
        let stream = best(&|| import_stream(&fixture.members_csv));
        println!(
            "{}: read_csv {} ({whole:.2?}), CsvStream {} ({stream:.2?}), on the CPU",
            label(nominal),
            rate(n, whole),
            rate(n, stream)
        );
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
