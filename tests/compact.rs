//! The compact tables give what the straightforward ones gave. Before the roster's tables were made compact
//! (columns of narrow integers, names in one arena), the example unit and a generated roster of 100,000 members were
//! run with `qd366-2025` and a fingerprint of everything they hold and give was committed in
//! `tests/fixtures/compact/<name>.txt`: every record's fields, every fact value as read, every verdict (outcome and
//! score), the proposed levels, the organizations' evaluated rows and the [`pipeline::digest`]. A storage change that
//! loses or alters a value fails here. `UPDATE_DIGESTS=1` writes the files again (only for a deliberate change).

use std::fmt::Write as _;
use std::path::PathBuf;

use xeploai::generate::{Shape, roster, table_csv};
use xeploai::input::{ReadOptions, Table, TableKind};
use xeploai::pipeline::{self, UnitFiles, UnitRun};
use xeploai::{Num, RuleSet, builtin};

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn rules() -> RuleSet {
    builtin::load("qd366-2025").expect("the bundled rule set compiles")
}

/// FNV-1a, 64 bits: stable across machines and compiler versions (the standard hasher is not promised to be).
#[derive(Default)]
struct Fingerprint {
    hash: u64,
    lines: u64,
}

impl Fingerprint {
    fn new() -> Fingerprint {
        Fingerprint { hash: 0xcbf2_9ce4_8422_2325, lines: 0 }
    }

    fn line(&mut self, text: &str) {
        for byte in text.bytes().chain([b'\n']) {
            self.hash ^= u64::from(byte);
            self.hash = self.hash.wrapping_mul(0x0000_0100_0000_01b3);
        }
        self.lines += 1;
    }

    fn text(&self) -> String {
        format!("{:016x} over {} lines\n", self.hash, self.lines)
    }
}

/// Every record and every value of a table, one line per record.
fn table_lines(table: &Table, print: &mut Fingerprint) {
    let mut line = String::new();
    let mut row = vec![Num::MISSING; table.stride];
    for i in 0..table.len() {
        let record = table.record(i);
        line.clear();
        let _ = write!(
            line,
            "{}|{}|{}|{:?}|{:?}|{}|{:?}|{}|{:?}|",
            record.id,
            record.name,
            record.kind,
            record.org,
            record.task_group,
            record.base,
            record.target,
            record.row,
            table.declared(i)
        );
        table.load_row(i, &mut row);
        for value in &row {
            let _ = write!(line, "{value:?};");
        }
        print.line(&line);
    }
    for unread in &table.unread {
        print.line(&format!("unread {unread:?}"));
    }
}

/// The fingerprint of a run: its tables, its verdicts and its digest.
fn fingerprint(rules: &RuleSet, run: &UnitRun) -> String {
    let mut print = Fingerprint::new();
    table_lines(&run.roster.members, &mut print);
    table_lines(&run.roster.orgs, &mut print);
    let result = &run.result;
    for (verdict, proposed) in result.members.iter().zip(&result.proposed) {
        print.line(&format!("{verdict:?} {proposed}"));
    }
    for (i, (verdict, proposed)) in result.orgs.iter().zip(&result.orgs_proposed).enumerate() {
        print.line(&format!(
            "{verdict:?} {proposed} {:?}",
            (i < result.org_rows.len()).then(|| result.org_rows.row_vec(i))
        ));
    }
    print.line(&pipeline::digest(rules, run).to_string());
    print.text()
}

fn check(name: &str, rules: &RuleSet, run: &UnitRun) {
    let path = root().join(format!("tests/fixtures/compact/{name}.txt"));
    let got = fingerprint(rules, run);
    if std::env::var_os("UPDATE_DIGESTS").is_some() {
        std::fs::create_dir_all(path.parent().expect("a folder")).expect("writable");
        std::fs::write(&path, &got).expect("writable");
    }
    let expected = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    assert_eq!(got, expected, "{name}: the run differs from what the straightforward tables gave");
}

#[test]
fn the_example_unit_gives_what_it_gave() {
    let rules = rules();
    let text = |path: &str| std::fs::read_to_string(root().join(path)).expect("readable");
    let (members, orgs) = (text("examples/dang-bo-mau/members.csv"), text("examples/dang-bo-mau/orgs.csv"));
    let files = UnitFiles {
        members: (&members, Some("members.csv")),
        orgs: Some((&orgs, Some("orgs.csv"))),
        ..UnitFiles::default()
    };
    let run = UnitRun::new(&rules, &files).expect("no target file");
    check("dang-bo-mau", &rules, &run);
}

#[test]
fn a_generated_roster_of_100k_gives_what_it_gave_and_reads_back_the_same() {
    let rules = rules();
    let generated = roster(&rules, Shape::new(100_000, 20_261_130));
    let run = UnitRun::from_tables(&rules, generated, (Some("members.csv"), Some("orgs.csv")), Vec::new());
    check("generated-100k", &rules, &run);
    // The same roster written as a spreadsheet and read back holds the same records and values.
    let options = |kind, file| ReadOptions { file: Some(file), kind, default_subject: None };
    let text = table_csv(&rules, &run.roster.members, TableKind::Members);
    let (members, _) = xeploai::input::read_csv(&rules, &text, &options(TableKind::Members, "members.csv"));
    let text = table_csv(&rules, &run.roster.orgs, TableKind::Organizations);
    let (orgs, _) = xeploai::input::read_csv(&rules, &text, &options(TableKind::Organizations, "orgs.csv"));
    let read = UnitRun::from_tables(
        &rules,
        xeploai::unit::Roster { members, orgs },
        (Some("members.csv"), Some("orgs.csv")),
        Vec::new(),
    );
    check("generated-100k-read", &rules, &read);
}
