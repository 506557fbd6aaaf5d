//! Text made row by row gives the bytes text made whole gave: the members sheet streamed as CSV
//! ([`write_members_csv`]) against the product's CSV writer over the sheet built whole, and the key reasons kept per
//! outcome, check and value ([`KeyReasons`]) against the reasons resolved from each full trace, on the example
//! unit, a roster that declares levels, and generated rosters of every bundled rule set.

use std::path::PathBuf;

use xeploai::explain::Trace;
use xeploai::input::{ReadOptions, TableKind, read_csv};
use xeploai::report::{
    Blocks, Cell, KeyReasons, reasons, unit_report_for_year, write_members_csv, write_members_csv_in,
};
use xeploai::unit::{Roster, Unit, UnitResult};
use xeploai::{Classifier, Lang, RuleSet, builtin};

fn text(path: &str) -> String {
    std::fs::read_to_string(PathBuf::from(env!("CARGO_MANIFEST_DIR")).join(path)).unwrap()
}

fn read(rules: &RuleSet, path: &str, kind: TableKind) -> xeploai::input::Table {
    let default_subject = rules.subjects.iter().position(|s| s.collective == (kind == TableKind::Organizations));
    let options = ReadOptions { file: Some(path), kind, default_subject };
    read_csv(rules, &text(path), &options).0
}

fn run(rules: &RuleSet, roster: &Roster) -> UnitResult {
    Unit::prepare(rules, roster, None, None).run(rules, roster)
}

/// The units checked: the example, the roster with declared levels (and unread rows), a generated one per rule set.
fn units() -> Vec<(String, RuleSet, Roster)> {
    let default = || builtin::load(builtin::DEFAULT).unwrap();
    let mut units = Vec::new();
    for members in ["examples/dang-bo-mau/members.csv", "tests/fixtures/decisions/members.csv"] {
        let rules = default();
        let roster = Roster {
            members: read(&rules, members, TableKind::Members),
            orgs: read(&rules, "examples/dang-bo-mau/orgs.csv", TableKind::Organizations),
        };
        units.push((members.to_string(), rules, roster));
    }
    for entry in builtin::CATALOG {
        let rules = builtin::load(entry.id).unwrap();
        let roster = xeploai::generate::roster(&rules, xeploai::generate::Shape::new(3_000, 7));
        units.push((format!("generated {}", entry.id), rules, roster));
    }
    units
}

#[test]
fn the_streamed_members_sheet_is_the_sheet_built_whole() {
    for (name, rules, roster) in units() {
        let result = run(&rules, &roster);
        for lang in [Lang::Vi, Lang::En] {
            let sheets = unit_report_for_year(&rules, &roster, &result, None, Some(2025), lang);
            let members = &sheets[0];
            let rows: Vec<Vec<String>> = members.rows.iter().map(|row| row.iter().map(Cell::text).collect()).collect();
            let whole = xeploai::render::csv(&members.headers, &rows);
            let (streamed, count) = write_members_csv(Vec::new(), &rules, &roster, &result, Some(2025), lang).unwrap();
            assert_eq!(count, roster.members.people(), "{name}: every member and unread row written");
            assert!(streamed == whole.as_bytes(), "{name} ({lang:?}): the streamed sheet differs");
            assert_eq!(xeploai::report::sheet_csv(members), whole, "{name}: sheet_csv is the product's CSV");
            for blocks in [Blocks { rows: 1, threads: 2 }, Blocks { rows: 5, threads: 3 }] {
                let (made, count) =
                    write_members_csv_in(Vec::new(), &rules, &roster, &result, Some(2025), lang, blocks).unwrap();
                assert_eq!(count, roster.members.people(), "{name}: every row written in blocks {blocks:?}");
                assert!(made == whole.as_bytes(), "{name} ({lang:?}): the sheet in blocks {blocks:?} differs");
            }
        }
    }
}

/// The members sheet made in blocks on several threads is the sheet made on one, for blocks of one row, of a few,
/// of a few thousand, and one block longer than the roster, on a generated roster of 20,000 members.
#[test]
fn the_members_sheet_in_blocks_is_the_sheet_in_one_piece() {
    let rules = builtin::load(builtin::DEFAULT).unwrap();
    let roster = xeploai::generate::roster(&rules, xeploai::generate::Shape::new(20_000, 3));
    let result = run(&rules, &roster);
    let (plain, rows) = write_members_csv(Vec::new(), &rules, &roster, &result, None, Lang::Vi).unwrap();
    assert_eq!(rows, 20_000);
    assert!(plain.len() > 20_000 * 100, "each row holds its key reasons");
    for rows in [1, 7, 4096, 20_000, 50_000] {
        for threads in [1, 2, 3] {
            let blocks = Blocks { rows, threads };
            let (made, count) =
                write_members_csv_in(Vec::new(), &rules, &roster, &result, None, Lang::Vi, blocks).unwrap();
            assert_eq!(count, 20_000, "{blocks:?}: every row written");
            assert!(made == plain, "{blocks:?}: the sheet differs from the one made in one piece");
        }
    }
}

#[test]
fn key_reasons_are_the_reasons_of_the_full_trace() {
    let mut rows = 0;
    for (name, rules, roster) in units() {
        let result = run(&rules, &roster);
        for lang in [Lang::Vi, Lang::En] {
            let mut fast = KeyReasons::new(&rules, lang);
            let mut classifier = Classifier::new(&rules);
            let mut trace = Trace::default();
            let subjects = roster
                .members
                .records()
                .enumerate()
                .map(|(i, r)| (r, roster.members.row_vec(i), result.members.verdict(i)));
            let orgs = roster.orgs.records().enumerate().map(|(i, r)| (r, result.org_rows.row_vec(i), result.orgs[i]));
            for (record, row, verdict) in subjects.chain(orgs) {
                classifier.trace(record.kind, &row, None, &mut trace);
                let expected = reasons(&rules, &trace.resolve_brief(&rules), lang);
                let mut got = String::new();
                fast.write(record.kind, &row, &verdict, &mut got);
                assert_eq!(got, expected, "{name}, {} ({lang:?})", record.id);
                rows += 1;
            }
        }
    }
    assert!(rows > 20_000, "{rows} rows compared");
}

/// `xeploai unit` on the example unit: `--format csv` prints, and `--out-dir` writes, the members sheet built whole;
/// the plain text ends with the summary table.
#[test]
fn the_cli_streams_the_members_sheet_and_prints_the_summary() {
    let rules = builtin::load(builtin::DEFAULT).unwrap();
    let (members, orgs) = ("examples/dang-bo-mau/members.csv", "examples/dang-bo-mau/orgs.csv");
    let roster = Roster {
        members: read(&rules, members, TableKind::Members),
        orgs: read(&rules, orgs, TableKind::Organizations),
    };
    let result = run(&rules, &roster);
    let whole = xeploai::report::sheet_csv(&unit_report_for_year(&rules, &roster, &result, None, None, Lang::Vi)[0]);
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    let out = std::env::temp_dir().join(format!("xeploai-streamed-{}", std::process::id()));
    let cli = |args: &[&str]| {
        let output = std::process::Command::new(env!("CARGO_BIN_EXE_xeploai"))
            .current_dir(&root)
            .args(["unit", "--members", members, "--orgs", orgs])
            .args(args)
            .output()
            .unwrap();
        assert!(output.status.code().is_some_and(|c| c != 2), "{}", String::from_utf8_lossy(&output.stderr));
        String::from_utf8(output.stdout).unwrap()
    };
    assert_eq!(cli(&["--format", "csv"]), whole);
    cli(&["--format", "json", "--out-dir", out.to_str().unwrap()]);
    assert_eq!(std::fs::read_to_string(out.join("dang-vien.csv")).unwrap(), whole);
    std::fs::remove_dir_all(&out).ok();
    let text = cli(&[]);
    let summary = xeploai::render::summary::summary_text(&rules, &roster, &result, Lang::Vi);
    assert!(text.ends_with(&format!("\n{summary}")), "the plain text ends with the summary:\n{text}");
    assert!(summary.starts_with("TỔNG HỢP\n") && summary.contains("Cộng đảng viên"), "{summary}");
}
