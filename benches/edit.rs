//! Editing a rule set, one keystroke at a time, and comparing two rule sets on a roster.
//!
//! Each keystroke in the rule editor re-validates and re-evaluates: the text is parsed, validated and compiled
//! ([`xeploai::load`]), then
//! - `keystroke_subject`: the current person is classified with the full explanation (goal: within a frame);
//! - `keystroke_unit_500`: a roster of 500 members (already read) is prepared and run with quota and roll-up, and
//!   the targets are loaded against the new rule set and checked (goal: 16 ms per keystroke);
//! - `keystroke_unit_500_reread`: the same, reading the roster's CSV text again (needed when the facts change);
//! - `knobs_read_and_set`: the settings form: every knob read from the text, one written back;
//! - `compare_10k`: two rule sets (the default, and the quota base switched) on 10,000 members: both units run
//!   from CSV text, then [`compare::compare_units`] with the differing checks of every mover.
//!
//! The rosters repeat the example unit (`examples/dang-bo-mau/`: 22 members in 3 cells of one base organization)
//! with fresh ids, one base organization for every five copies (≈110 members each).
//!
//! `cargo bench --bench edit` prints divan's table, then one plain line per benchmark (median of a few runs).

use std::hint::black_box;
use std::time::{Duration, Instant};

use divan::Bencher;
use xeploai::compare::{self, UnitFiles, UnitRun, UnitSide};
use xeploai::input::{ReadOptions, Table, TableKind, read_csv};
use xeploai::knobs::{self, Classic};
use xeploai::targets::{self, Figures};
use xeploai::unit::{Roster, Unit};
use xeploai::{Classifier, RuleSet};

const RULES: &str = xeploai::builtin::DEFAULT_TEXT;
const TARGETS: &str = include_str!("../rules/targets/dang-uy-khoi-2026.toml");
const MEMBERS: &str = include_str!("../examples/dang-bo-mau/members.csv");
const ORGS: &str = include_str!("../examples/dang-bo-mau/orgs.csv");

/// The example unit repeated to about `members` members: `(members CSV, organizations CSV)`.
fn roster_csv(members: usize) -> (String, String) {
    let mut member_lines = MEMBERS.lines();
    let mut org_lines = ORGS.lines();
    let mut members_csv = format!("{}\n", member_lines.next().unwrap_or_default());
    let mut orgs_csv = format!("{}\n", org_lines.next().unwrap_or_default());
    let member_rows: Vec<&str> = member_lines.collect();
    let org_rows: Vec<&str> = org_lines.collect();
    let copies = members.div_ceil(member_rows.len());
    let mut written = 0;
    for copy in 0..copies {
        // Five copies of the cells share one base organization (the copy's `db-stp`).
        let base = copy / 5;
        for row in &org_rows {
            let fields: Vec<&str> = row.split(',').collect();
            if fields[0] == "db-stp" {
                if copy % 5 == 0 {
                    orgs_csv.push_str(&format!("db-stp-{base},{}\n", fields[1..].join(",")));
                }
            } else {
                orgs_csv.push_str(&format!(
                    "{}-{copy},{},db-stp-{base},{}\n",
                    fields[0],
                    fields[1],
                    fields[3..].join(",")
                ));
            }
        }
        for row in &member_rows {
            if written == members {
                break;
            }
            let fields: Vec<&str> = row.split(',').collect();
            members_csv.push_str(&format!(
                "{}-{copy},{},{}-{copy},{}\n",
                fields[0],
                fields[1],
                fields[2],
                fields[3..].join(",")
            ));
            written += 1;
        }
    }
    (members_csv, orgs_csv)
}

fn load(text: &str) -> RuleSet {
    xeploai::load(text, None).0.expect("the rule set compiles")
}

fn read(rules: &RuleSet, text: &str, kind: TableKind) -> Table {
    let default_subject = rules.subjects.iter().position(|s| s.collective == (kind == TableKind::Organizations));
    read_csv(rules, text, &ReadOptions { file: None, kind, default_subject }).0
}

/// One keystroke in the editor with one person on screen: load the text, explain the person.
fn keystroke_subject_once(text: &str, values: &[(&str, i64)]) -> usize {
    let rules = load(text);
    let kind = rules.subject_index("member").unwrap_or(0);
    let mut row = vec![xeploai::Num::MISSING; rules.facts.len()];
    for (id, value) in values {
        if let Some(slot) = rules.fact_slot(id) {
            row[slot as usize] = xeploai::Num::int(*value);
        }
    }
    let (_, explanation) = Classifier::new(&rules).explain(kind, &row, rules.level_index("htxs"));
    explanation.findings.len()
}

const PERSON: &[(&str, i64)] = &[
    ("common_points", 27),
    ("task_points", 60),
    ("tasks_assigned", 10),
    ("tasks_on_time", 10),
    ("tasks_exceeding", 3),
];

/// One keystroke with a roster on screen: load the text, run the unit (roster already read, or read again), check
/// the targets.
fn keystroke_unit_once(text: &str, roster: Option<&Roster>, csv: &(String, String)) -> u64 {
    let rules = load(text);
    let reread;
    let roster = match roster {
        Some(roster) => roster,
        None => {
            reread = Roster {
                members: read(&rules, &csv.0, TableKind::Members),
                orgs: read(&rules, &csv.1, TableKind::Organizations),
            };
            &reread
        }
    };
    let unit = Unit::prepare(&rules, roster, None, None);
    let result = unit.run(&rules, roster);
    let (set, _) = targets::load_targets(&rules, TARGETS, None);
    let checked = set.map(|set| targets::check(&rules, &set, &Figures::from_unit(&result)).0.len()).unwrap_or(0);
    result.member_distribution.total + checked as u64
}

fn compare_once(left: &RuleSet, right: &RuleSet, csv: &(String, String)) -> usize {
    let files = UnitFiles {
        members: (&csv.0, None),
        orgs: Some((&csv.1, None)),
        targets: Some((TARGETS, None)),
        figures: None,
    };
    let l = UnitRun::new(left, &files).expect("targets load");
    let r = UnitRun::new(right, &files).expect("targets load");
    let comparison =
        compare::compare_units(UnitSide { rules: left, run: &l }, UnitSide { rules: right, run: &r }, usize::MAX);
    comparison.movers.len()
}

/// The text of the next keystroke: the HTXS threshold typed as 89 or 90, so every load sees a fresh text.
fn keystrokes() -> [String; 2] {
    [
        knobs::set_knob(RULES, "level.htxs.min_score", "89").expect("a valid threshold"),
        knobs::set_knob(RULES, "level.htxs.min_score", "90").expect("a valid threshold"),
    ]
}

#[divan::bench(sample_count = 50)]
fn keystroke_subject(bencher: Bencher) {
    let texts = keystrokes();
    let mut n = 0usize;
    bencher.bench_local(|| {
        n += 1;
        keystroke_subject_once(black_box(&texts[n % 2]), PERSON)
    });
}

#[divan::bench(sample_count = 30)]
fn keystroke_unit_500(bencher: Bencher) {
    let texts = keystrokes();
    let csv = roster_csv(500);
    let rules = load(RULES);
    let roster = Roster {
        members: read(&rules, &csv.0, TableKind::Members),
        orgs: read(&rules, &csv.1, TableKind::Organizations),
    };
    let mut n = 0usize;
    bencher.bench_local(|| {
        n += 1;
        keystroke_unit_once(black_box(&texts[n % 2]), Some(&roster), &csv)
    });
}

#[divan::bench(sample_count = 30)]
fn keystroke_unit_500_reread(bencher: Bencher) {
    let texts = keystrokes();
    let csv = roster_csv(500);
    let mut n = 0usize;
    bencher.bench_local(|| {
        n += 1;
        keystroke_unit_once(black_box(&texts[n % 2]), None, &csv)
    });
}

#[divan::bench(sample_count = 50)]
fn knobs_read_and_set(bencher: Bencher) {
    bencher.bench_local(|| {
        let all = knobs::knobs(black_box(RULES)).expect("the default rule set is well-formed TOML");
        knobs::set_knob(RULES, &all[0].id, "89").expect("a valid threshold").len()
    });
}

#[divan::bench(sample_count = 5, sample_size = 1)]
fn compare_10k(bencher: Bencher) {
    let left = load(RULES);
    let right = load(&knobs::variant(RULES, Classic::QuotaBase).expect("the default has a quota").0);
    let csv = roster_csv(10_000);
    bencher.bench_local(|| compare_once(&left, &right, black_box(&csv)));
}

/// The median of `runs` timed runs.
fn median(runs: usize, mut work: impl FnMut()) -> Duration {
    let mut times: Vec<Duration> = (0..runs)
        .map(|_| {
            let start = Instant::now();
            work();
            start.elapsed()
        })
        .collect();
    times.sort();
    times[times.len() / 2]
}

fn summary() {
    let texts = keystrokes();
    let csv500 = roster_csv(500);
    let rules = load(RULES);
    let roster = Roster {
        members: read(&rules, &csv500.0, TableKind::Members),
        orgs: read(&rules, &csv500.1, TableKind::Organizations),
    };
    let ms = |d: Duration| format!("{:.2} ms", d.as_secs_f64() * 1e3);
    let load_only = median(21, || {
        black_box(load(&texts[0]));
    });
    println!("keystroke: load (parse + validate + compile the rule file): {}", ms(load_only));
    let settings = median(21, || {
        let all = knobs::knobs(RULES).expect("well-formed");
        black_box(knobs::set_knob(RULES, &all[0].id, "89").expect("a valid threshold"));
    });
    println!("settings form: read every knob and write one into the text: {}", ms(settings));
    let subject = median(21, || {
        black_box(keystroke_subject_once(&texts[0], PERSON));
    });
    println!("keystroke: load + one person explained: {} (goal: within a 16 ms frame)", ms(subject));
    let unit = median(21, || {
        black_box(keystroke_unit_once(&texts[0], Some(&roster), &csv500));
    });
    println!("keystroke: load + 500 members (prepare + run + targets): {} (goal: 16 ms)", ms(unit));
    let reread = median(21, || {
        black_box(keystroke_unit_once(&texts[0], None, &csv500));
    });
    println!("keystroke: load + 500 members read again from CSV + prepare + run + targets: {}", ms(reread));
    let right = load(&knobs::variant(RULES, Classic::QuotaBase).expect("the default has a quota").0);
    let csv10k = roster_csv(10_000);
    let mut movers = 0;
    let compare = median(5, || movers = compare_once(&rules, &right, &csv10k));
    println!(
        "compare 10,000 members (quota base good only vs good or better; both read from CSV, run, targets, {movers} movers explained): {}",
        ms(compare)
    );
}

fn main() {
    divan::main();
    let bench = std::env::args().any(|a| a == "--bench");
    if bench {
        summary();
    }
}
