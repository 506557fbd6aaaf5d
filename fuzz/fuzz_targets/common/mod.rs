//! Shared by the fuzz targets: the bundled rule set (compiled once), input splitting, roster runs.
#![allow(dead_code)]

use std::sync::OnceLock;

use xeploai::diag::Diagnostic;
use xeploai::input::{ReadOptions, Table, TableKind};
use xeploai::unit::{Roster, Unit};
use xeploai::RuleSet;

/// The bundled QĐ 366 rule set, compiled once per process.
pub fn rules() -> &'static RuleSet {
    static RULES: OnceLock<RuleSet> = OnceLock::new();
    RULES.get_or_init(|| xeploai::builtin::load("qd366-2025").expect("the bundled rule set compiles"))
}

/// Render diagnostics as the CLI and the web app show them, in both languages.
pub fn render(diagnostics: &[Diagnostic]) {
    for diagnostic in diagnostics {
        let _ = diagnostic.render(xeploai::Lang::Vi);
        let _ = diagnostic.render(xeploai::Lang::En);
    }
}

/// A line holding only `+++` separates two documents in one fuzz input (rule file / cases, targets / figures).
/// Without it, both halves are the whole text.
pub fn split_documents(text: &str) -> (&str, &str) {
    match text.find("\n+++\n") {
        Some(at) => (&text[..at + 1], &text[at + 5..]),
        None => (text, text),
    }
}

fn check_table(table: &Table) {
    // Internal consistency of what a reader returns.
    assert_eq!(table.values.len(), table.records.len() * table.stride, "table values do not match records × stride");
    for record in &table.records {
        assert!(record.kind < rules().subjects.len());
    }
}

/// `read_csv` or `read_json`.
pub type Reader = fn(&RuleSet, &str, &ReadOptions) -> (Table, Vec<Diagnostic>);

/// Read `text` as a members table and as an organizations table, then run unit mode on what was read
/// (members alone, and members with organizations).
pub fn roster(text: &str, read: Reader, ext: &str) {
    let rules = rules();
    let members_file = format!("members.{ext}");
    let orgs_file = format!("orgs.{ext}");
    let (members, members_diagnostics) = read(
        rules,
        text,
        &ReadOptions { file: Some(&members_file), kind: TableKind::Members, default_subject: rules.subject_index("member") },
    );
    let (orgs, orgs_diagnostics) = read(
        rules,
        text,
        &ReadOptions { file: Some(&orgs_file), kind: TableKind::Organizations, default_subject: rules.subject_index("collective") },
    );
    render(&members_diagnostics);
    render(&orgs_diagnostics);
    check_table(&members);
    check_table(&orgs);

    let alone = Roster { members: members.clone(), orgs: Table::new(rules.facts.len()) };
    run_unit(rules, &alone, &members_file, &orgs_file);
    let full = Roster { members, orgs };
    run_unit(rules, &full, &members_file, &orgs_file);
}

fn run_unit(rules: &RuleSet, roster: &Roster, members_file: &str, orgs_file: &str) {
    let unit = Unit::prepare(rules, roster, Some(members_file), Some(orgs_file));
    render(&unit.diagnostics);
    let result = unit.run(rules, roster);
    assert_eq!(result.members.len(), roster.members.len());
    assert_eq!(result.proposed.len(), roster.members.len());
    assert_eq!(result.member_distribution.total, roster.members.len() as u64);
}
