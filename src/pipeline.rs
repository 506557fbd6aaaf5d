//! The whole-unit pipeline, written once for every front end: read the members and organizations rows
//! ([`TableReader`]) → [`Unit::prepare`] → [`Unit::run`] → rows whose facts contradict each other → targets with the
//! figures typed beside the roster.
//!
//! [`UnitJob`] does it in steps of a given number of rows, so the app repaints between them; [`UnitRun::new`] reads
//! whole texts (CSV or JSON) for the CLI, the comparison, the cases runner and the embedded module.
//! [`UnitRun::from_tables`] is the part after reading that both share, and [`unit_figures`] the one way a roster's
//! counts and typed figures are put together for the targets.

use std::sync::Arc;

use serde::Serialize;

use crate::diag::Diagnostic;
use crate::input::{ColumnOverrides, ReadOptions, Table, TableKind, TableReader};
use crate::ruleset::RuleSet;
use crate::targets::{Figures, TargetResult, TargetSet};
use crate::unit::{Roster, Unit, UnitResult};

/// The texts of a unit's files, as `xeploai unit` takes them.
#[derive(Clone, Copy, Debug, Default)]
pub struct UnitFiles<'a> {
    /// The members roster (CSV, or JSON: an array of objects) and its file name for diagnostics.
    pub members: (&'a str, Option<&'a str>),
    pub orgs: Option<(&'a str, Option<&'a str>)>,
    /// A target file, checked on the roster's counts …
    pub targets: Option<(&'a str, Option<&'a str>)>,
    /// … with figures typed in beside the roster (admitted, plan …).
    pub figures: Option<(&'a str, Option<&'a str>)>,
}

/// A target file and the figures typed beside the roster, as texts with their file names ([`UnitRun::from_read`]).
pub type Checks<'a> = (Option<(&'a str, Option<&'a str>)>, Option<(&'a str, Option<&'a str>)>);

/// A roster read against one rule set and classified: what `xeploai unit` does, one side of a comparison, the app's
/// import.
#[derive(Clone, Debug)]
pub struct UnitRun {
    pub roster: Roster,
    /// The roster's structure, shared by the run's copies (an edit in the app counts again on it, never changes it).
    pub unit: Arc<Unit>,
    /// Shared by the run's copies until one is counted again ([`UnitRun::set_basis`] replaces it whole).
    pub result: Arc<UnitResult>,
    /// When a target file was given.
    pub targets: Option<Vec<TargetResult>>,
    /// Problems reading the files (by row and column), of the roster's structure, rows whose facts contradict each
    /// other, and problems of the figures.
    pub diagnostics: Vec<Diagnostic>,
    /// The first `reading` diagnostics are the problems reading the files.
    pub reading: usize,
    /// The target set and typed figures last checked, so a change of basis checks them again.
    checked_with: Option<(TargetSet, Option<Figures>)>,
    /// The members' lists read from a tasks file, when one was given (to explain a member from her items).
    pub lists: Option<crate::input::ListRows>,
}

/// The subject kind of rows without a subject column: the first individual kind for members, the first collective
/// kind for organizations.
pub fn default_subject(rules: &RuleSet, kind: TableKind) -> Option<usize> {
    rules.subjects.iter().position(|s| s.collective == (kind == TableKind::Organizations))
}

/// Read a whole text as a table: JSON when its name ends in `.json` or it starts with `[` or `{` (after a BOM and
/// blanks), CSV otherwise.
pub fn read_table(rules: &RuleSet, (text, file): (&str, Option<&str>), kind: TableKind) -> (Table, Vec<Diagnostic>) {
    let options = ReadOptions { file, kind, default_subject: default_subject(rules, kind) };
    let named_json = file.is_some_and(|name| name.to_ascii_lowercase().ends_with(".json"));
    if named_json || text.trim_start_matches('\u{feff}').trim_start().starts_with(['[', '{']) {
        crate::input::read_json(rules, text, &options)
    } else {
        crate::input::read_csv(rules, text, &options)
    }
}

/// Figures for the targets: the roster's counts (when there is a roster), and what was typed beside it — named
/// figures, the date, reported percentages, and counts of a population, which win over the roster's for that
/// population (a committee that types them means them).
pub fn unit_figures(result: Option<&UnitResult>, typed: Option<Figures>) -> Figures {
    let mut figures = result.map(Figures::from_unit).unwrap_or_default();
    if let Some(typed) = typed {
        let populations = typed.populations.clone();
        figures.add_typed(typed);
        figures.populations.extend(populations);
    }
    figures
}

impl UnitRun {
    /// Read, prepare, run and check the targets. `Err` only when the target or figures file cannot be used.
    pub fn new(rules: &RuleSet, files: &UnitFiles) -> Result<UnitRun, Vec<Diagnostic>> {
        UnitRun::new_with_lists(rules, files, None)
    }

    /// [`UnitRun::new`], with the members' lists (tasks, products) from a CSV of one item a row keyed by member id
    /// ([`crate::input::read_list_rows`]): each member's list-fed facts are computed from her items.
    pub fn new_with_lists(
        rules: &RuleSet,
        files: &UnitFiles,
        lists: Option<(&str, Option<&str>)>,
    ) -> Result<UnitRun, Vec<Diagnostic>> {
        let members = read_table(rules, files.members, TableKind::Members);
        let orgs = files.orgs.map(|orgs| read_table(rules, orgs, TableKind::Organizations));
        let names = (files.members.1, files.orgs.and_then(|o| o.1));
        UnitRun::from_read(rules, members, orgs, names, lists, (files.targets, files.figures))
    }

    /// [`UnitRun::from_read`] without a target set, so without a way to fail: the app's worker (the page checks
    /// targets, since typed figures change without a new import).
    pub fn from_read_untargeted(
        rules: &RuleSet,
        (mut members, mut diagnostics): (Table, Vec<Diagnostic>),
        orgs: Option<(Table, Vec<Diagnostic>)>,
        names: (Option<&str>, Option<&str>),
        lists: Option<(&str, Option<&str>)>,
    ) -> UnitRun {
        let lists = lists.map(|(text, file)| {
            let (rows, more) = crate::input::read_list_rows(rules, text, file);
            diagnostics.extend(more);
            diagnostics.extend(crate::lists::apply_table(rules, &mut members, &rows, file));
            settle_empty_cells(rules, &members, &rows, names.0, &mut diagnostics);
            rows
        });
        let orgs = match orgs {
            Some((table, more)) => {
                diagnostics.extend(more);
                table
            }
            None => Table::new(rules.facts.len()),
        };
        let mut run = UnitRun::from_tables(rules, Roster { members, orgs }, names, diagnostics);
        run.lists = lists;
        run
    }

    /// [`UnitRun::new_with_lists`] on the members and organizations tables already read, each with the problems
    /// reading it (the CLI streams a CSV file into its table): `names` name their files; `checks` are the target
    /// file and the typed figures, as texts.
    pub fn from_read(
        rules: &RuleSet,
        (members, diagnostics): (Table, Vec<Diagnostic>),
        orgs: Option<(Table, Vec<Diagnostic>)>,
        names: (Option<&str>, Option<&str>),
        lists: Option<(&str, Option<&str>)>,
        (targets, figures): Checks,
    ) -> Result<UnitRun, Vec<Diagnostic>> {
        let mut run = UnitRun::from_read_untargeted(rules, (members, diagnostics), orgs, names, lists);
        if let Some((text, file)) = targets {
            let (set, more) = crate::targets::load_targets(rules, text, file);
            let Some(set) = set else { return Err(more) };
            let typed = match figures {
                Some((text, file)) => {
                    let (typed, more) = Figures::load(rules, text, file);
                    run.diagnostics.extend(more);
                    typed
                }
                None => None,
            };
            run.check_targets(rules, &set, typed);
        }
        Ok(run)
    }

    /// The tables read (with the problems reading them) → the roster's structure → classification, quota and
    /// roll-up → rows whose facts contradict each other. `names` name the members and organizations files.
    pub fn from_tables(
        rules: &RuleSet,
        roster: Roster,
        names: (Option<&str>, Option<&str>),
        mut diagnostics: Vec<Diagnostic>,
    ) -> UnitRun {
        let reading = diagnostics.len();
        let unit = Unit::prepare(rules, &roster, names.0, names.1);
        diagnostics.extend(unit.diagnostics.iter().cloned());
        let result = unit.run(rules, &roster);
        // Rows whose facts contradict each other are row problems, naming the subject and the check.
        diagnostics.extend(result.contradictions(rules, &roster, names.0, names.1));
        let (unit, result) = (Arc::new(unit), Arc::new(result));
        UnitRun { roster, unit, result, targets: None, diagnostics, reading, checked_with: None, lists: None }
    }

    /// Check a target set on the roster's counts and the figures typed beside it ([`unit_figures`]).
    pub fn check_targets(&mut self, rules: &RuleSet, set: &TargetSet, typed: Option<Figures>) {
        let (checked, more) = crate::targets::check(rules, set, &unit_figures(Some(&self.result), typed.clone()));
        self.diagnostics.extend(more);
        self.targets = Some(checked);
        self.checked_with = Some((set.clone(), typed));
    }

    /// decide: count the distribution, the quota and the organizations' roll-up on `basis` (the computed levels,
    /// the cell's proposals or the decisions, [`crate::decision::Basis`]) and check the targets again on it.
    /// The members' declared levels are the roster's (`roster.members.declared`), which the app may have edited.
    pub fn set_basis(&mut self, rules: &RuleSet, basis: crate::decision::Basis) {
        // The members' verdicts by the criteria stay (a basis or a declared level does not change them): only the
        // quota, the counts and the organizations are worked out again.
        let members = self.result.members.clone();
        self.result = Arc::new(self.unit.recount(rules, &self.roster, basis, members));
        self.check_targets_again(rules);
    }

    /// The targets checked on the result again, when a set was checked.
    fn check_targets_again(&mut self, rules: &RuleSet) {
        if let Some((set, typed)) = &self.checked_with {
            let figures = unit_figures(Some(&self.result), typed.clone());
            self.targets = Some(crate::targets::check(rules, set, &figures).0);
        }
    }

    /// [`UnitRun::set_basis`] in steps ([`crate::unit::Recount`]): the run, its declared levels as changed, counted
    /// again on `basis` a bounded number of members a step, from its result counted before. Until it is done the
    /// run keeps that result.
    pub fn set_basis_in_steps(self, rules: &RuleSet, basis: crate::decision::Basis) -> BasisSet {
        BasisSet { recount: self.unit.recount_in_steps(rules, basis), run: self }
    }
}

/// A run being counted again on a basis ([`UnitRun::set_basis_in_steps`]).
#[derive(Debug)]
pub struct BasisSet {
    run: UnitRun,
    recount: crate::unit::Recount,
}

impl BasisSet {
    /// About `work` members more ([`crate::unit::Recount::step`]); `true` once done.
    pub fn step(&mut self, rules: &RuleSet, work: usize) -> bool {
        self.recount.step(&self.run.unit, rules, &self.run.roster, &self.run.result, work)
    }

    /// The run as given: its roster as changed, the result counted before.
    pub fn run(&self) -> &UnitRun {
        &self.run
    }

    /// The run as given, the recount dropped (to change it again and count it anew).
    pub fn into_run(self) -> UnitRun {
        self.run
    }

    /// The run counted on the basis, as [`UnitRun::set_basis`] gives it (steps to the end first).
    pub fn finish(self, rules: &RuleSet) -> UnitRun {
        let BasisSet { mut run, recount } = self;
        run.result = Arc::new(recount.finish(&run.unit, rules, &run.roster, &run.result));
        run.check_targets_again(rules);
        run
    }
}

// wire: a run put back together from the bytes the app's Web Worker sends (`crate::wire`).
impl UnitRun {
    pub(crate) fn from_wire_parts(
        roster: Roster,
        unit: Unit,
        result: UnitResult,
        diagnostics: Vec<Diagnostic>,
        reading: usize,
    ) -> UnitRun {
        let (unit, result) = (Arc::new(unit), Arc::new(result));
        UnitRun { roster, unit, result, targets: None, diagnostics, reading, checked_with: None, lists: None }
    }
}

/// A file already split into rows (CSV split by [`crate::input::csv_rows`], a workbook's sheet), as a job reads it.
#[derive(Clone, Copy, Debug)]
pub struct RowsFile<'a> {
    pub name: &'a str,
    /// `(row number, cells)`, the header first.
    pub rows: &'a [(u32, Vec<String>)],
    /// Problems found while splitting the file into rows (encoding, quoting).
    pub problems: &'a [Diagnostic],
}

impl RowsFile<'_> {
    fn data_rows(&self) -> usize {
        self.rows.len().saturating_sub(1)
    }
}

/// The files of a job: the members and, optionally, the organizations.
#[derive(Clone, Copy, Debug)]
pub struct UnitRows<'a> {
    pub members: RowsFile<'a>,
    pub orgs: Option<RowsFile<'a>>,
}

impl UnitRows<'_> {
    /// Data rows in all.
    pub fn total(&self) -> usize {
        self.members.data_rows() + self.orgs.map(|o| o.data_rows()).unwrap_or(0)
    }
}

/// Progress of a job: rows read of rows in all.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
pub struct Progress {
    pub done: usize,
    pub total: usize,
}

/// Reading and classifying a roster, a number of rows at a time: the organizations first (members name them), then
/// the members, then [`UnitRun::from_tables`]. The caller hands the same rows to every step.
pub struct UnitJob {
    overrides: ColumnOverrides,
    stage: Stage,
    /// The members' lists (tasks, products) read from their own file, applied to the members table when it is read.
    lists: Option<JobLists>,
}

enum Stage {
    Orgs { reader: Option<TableReader>, next: usize },
    Members { orgs: Box<(Table, Vec<Diagnostic>)>, reader: Option<TableReader>, next: usize },
    Done,
}

/// The reader of a file, from its header row wherever it is (titles above it are said, not read), and the index of
/// the first data row.
fn table_reader(
    rules: &RuleSet,
    file: &RowsFile,
    kind: TableKind,
    overrides: &ColumnOverrides,
) -> (TableReader, usize) {
    let options = ReadOptions { file: Some(file.name), kind, default_subject: default_subject(rules, kind) };
    crate::input::reader_for_rows(rules, file.rows, &options, overrides)
}

/// Push rows `next..` of a file (at most `budget`) into its reader (made at the first call, which starts after the
/// header); the new `next`.
fn read_some(
    rules: &RuleSet,
    file: &RowsFile,
    kind: TableKind,
    overrides: &ColumnOverrides,
    reader: &mut Option<TableReader>,
    next: usize,
    budget: usize,
) -> usize {
    let mut next = next;
    if reader.is_none() {
        let (made, first) = table_reader(rules, file, kind, overrides);
        *reader = Some(made);
        next = next.max(first);
    }
    let Some(reader) = reader else { return next };
    let end = next.saturating_add(budget).min(file.rows.len()).max(next);
    for (row, cells) in file.rows.get(next..end).unwrap_or(&[]) {
        reader.push(*row, cells);
    }
    end
}

/// The table read and its problems: those of splitting the file first. A file that could not be split into rows
/// (not UTF-8) has said so; "empty" would only repeat it.
fn finish_table(rules: &RuleSet, file: &RowsFile, reader: Option<TableReader>) -> (Table, Vec<Diagnostic>) {
    let header_row = reader.as_ref().map(TableReader::header_row).unwrap_or(1);
    let (mut table, read) =
        reader.map(TableReader::finish).unwrap_or_else(|| (Table::new(rules.facts.len()), Vec::new()));
    // Rows the splitter could not read held people too: they stay, unread, with the reason.
    table.add_unsplit_rows(file.problems, header_row);
    let mut diagnostics = file.problems.to_vec();
    if !file.rows.is_empty() || file.problems.is_empty() {
        diagnostics.extend(read);
    }
    (table, diagnostics)
}

impl UnitJob {
    pub fn new(overrides: ColumnOverrides) -> UnitJob {
        UnitJob { overrides, stage: Stage::Orgs { reader: None, next: 1 }, lists: None }
    }

    /// Read up to `budget` more rows; `Ok(progress)` while there is more to do, `Err(run)` when done.
    pub fn step(&mut self, rules: &RuleSet, files: &UnitRows, budget: usize) -> Result<Progress, Box<UnitRun>> {
        let total = files.total();
        let orgs_rows = files.orgs.map(|o| o.data_rows()).unwrap_or(0);
        match &mut self.stage {
            Stage::Orgs { reader, next } => {
                let Some(orgs) = files.orgs else {
                    let empty = (Table::new(rules.facts.len()), Vec::new());
                    self.stage = Stage::Members { orgs: Box::new(empty), reader: None, next: 1 };
                    return Ok(Progress { done: 0, total });
                };
                *next = read_some(rules, &orgs, TableKind::Organizations, &self.overrides, reader, *next, budget);
                let done = next.saturating_sub(1);
                if *next >= orgs.rows.len() {
                    let table = finish_table(rules, &orgs, reader.take());
                    self.stage = Stage::Members { orgs: Box::new(table), reader: None, next: 1 };
                }
                Ok(Progress { done, total })
            }
            Stage::Members { reader, next, .. } => {
                let members = files.members;
                *next = read_some(rules, &members, TableKind::Members, &self.overrides, reader, *next, budget);
                if *next < members.rows.len() {
                    return Ok(Progress { done: orgs_rows + *next - 1, total });
                }
                let Stage::Members { orgs, reader, .. } = std::mem::replace(&mut self.stage, Stage::Done) else {
                    return Ok(Progress { done: total, total });
                };
                let (orgs, org_diagnostics) = *orgs;
                let (mut members_table, mut diagnostics) = finish_table(rules, &members, reader);
                let lists = self.lists.take();
                if let Some(lists) = &lists {
                    let more = lists.apply(rules, &mut members_table);
                    settle_empty_cells(rules, &members_table, &lists.rows, Some(members.name), &mut diagnostics);
                    diagnostics.extend(more);
                }
                diagnostics.extend(org_diagnostics);
                let roster = Roster { members: members_table, orgs };
                let names = (Some(members.name), files.orgs.map(|o| o.name));
                let mut run = UnitRun::from_tables(rules, roster, names, diagnostics);
                run.lists = lists.map(|lists| lists.rows);
                Err(Box::new(run))
            }
            Stage::Done => Ok(Progress { done: total, total }),
        }
    }

    /// Run to the end at once.
    pub fn run(mut self, rules: &RuleSet, files: &UnitRows) -> UnitRun {
        loop {
            if let Err(run) = self.step(rules, files, usize::MAX / 2) {
                return *run;
            }
        }
    }
}

// keep: the members' lists (a tasks file) in a job, as `UnitRun::new_with_lists` reads them from a text.

/// A tasks file read for a job: its items by member, the problems reading them, its name.
struct JobLists {
    rows: crate::input::ListRows,
    diagnostics: Vec<Diagnostic>,
    name: String,
}

impl JobLists {
    /// Each member's list-fed facts computed from her items ([`crate::lists::apply_table`]); the problems of
    /// reading the file first, then those of the items and of ids that name nobody in the roster.
    fn apply(&self, rules: &RuleSet, members: &mut Table) -> Vec<Diagnostic> {
        let mut diagnostics = self.diagnostics.clone();
        diagnostics.extend(crate::lists::apply_table(rules, members, &self.rows, Some(&self.name)));
        diagnostics
    }
}

/// Drop the "empty cells" warnings of the members file that a tasks file has answered: those at the row of a member
/// with items and no fact left empty that could have been reported (used, without a default, typed, hers). A member
/// whose items left a fact empty keeps her warning.
fn settle_empty_cells(
    rules: &RuleSet,
    members: &Table,
    rows: &crate::input::ListRows,
    members_file: Option<&str>,
    diagnostics: &mut Vec<Diagnostic>,
) {
    let settled: std::collections::BTreeSet<u32> = (0..members.len())
        .filter(|&i| rows.lists.contains_key(members.record(i).id))
        .filter(|&i| {
            let kind = members.record(i).kind;
            rules.facts.iter().zip(members.row_vec(i)).all(|(fact, value)| {
                let reported = fact.used
                    && fact.default.is_none()
                    && fact.origin == crate::ruleset::FactOrigin::Input
                    && fact.applies_to(kind);
                !reported || !value.is_missing()
            })
        })
        .map(|i| members.record(i).row)
        .collect();
    diagnostics.retain(|d| {
        !(d.code == crate::diag::Code::EmptyCells
            && d.location.file.as_deref() == members_file
            && d.location.row.is_some_and(|row| settled.contains(&row)))
    });
}

impl UnitJob {
    /// The job, with the members' lists from a file of one item a row keyed by member id (a CSV split into rows,
    /// a workbook's sheet; [`crate::input::read_list_cells`]), read at once: a member's list-fed facts are computed
    /// from her items, every item not used is a problem at its row naming the member.
    pub fn with_lists(mut self, rules: &RuleSet, file: &RowsFile) -> UnitJob {
        let (rows, diagnostics) =
            crate::input::read_list_cells(rules, file.rows, file.problems.to_vec(), Some(file.name));
        self.lists = Some(JobLists { rows, diagnostics, name: file.name.to_string() });
        self
    }
}

/// A unit's result in a few comparable words, the same whichever front end ran it: each member's level by the
/// criteria and proposed, each organization's proposed level, the four distributions, the quota statuses, each
/// target's status and actual value, and the diagnostics as [`diagnostic_key`]s (sorted). The test that feeds one
/// unit through the CLI, the comparison, the cases runner, the embedded module and the app compares these.
pub fn digest(rules: &RuleSet, run: &UnitRun) -> serde_json::Value {
    let level = |level: u8| rules.levels.get(level as usize).map(|l| l.id.clone());
    let members: Vec<serde_json::Value> = (0..run.roster.members.len())
        .map(|i| {
            let by_criteria = run.result.members.verdict(i).level().map(|l| rules.levels[l].id.clone());
            serde_json::json!([run.roster.members.record(i).id, by_criteria, level(run.result.proposed[i])])
        })
        .collect();
    let organizations: Vec<serde_json::Value> = (0..run.roster.orgs.len())
        .map(|i| serde_json::json!([run.roster.orgs.record(i).id, level(run.result.orgs_proposed[i])]))
        .collect();
    let targets: Vec<serde_json::Value> =
        run.targets.iter().flatten().map(|t| serde_json::json!([t.id, t.status, t.actual])).collect();
    let mut diagnostics: Vec<String> = run.diagnostics.iter().map(diagnostic_key).collect();
    diagnostics.sort();
    serde_json::json!({
        "members": members,
        "organizations": organizations,
        "distributions": {
            "members": run.result.member_distribution,
            "membersByCriteria": run.result.member_distribution_by_criteria,
            "organizations": run.result.org_distribution,
            "baseOrganizations": run.result.base_org_distribution,
        },
        "quotas": run.result.quotas,
        "targets": targets,
        "diagnostics": diagnostics,
    })
}

/// A diagnostic as `code table:row` (`contradiction members:5`): the table is `orgs` when the file's name says so,
/// `members` for another file, `-` for none; the row is the record's line, or for JSON input (`[3].fact`) the
/// position plus 2, as the same records written as CSV under a header would have it.
pub fn diagnostic_key(diagnostic: &Diagnostic) -> String {
    let location = &diagnostic.location;
    let row = location.row.or_else(|| {
        let path = location.path.as_deref()?.strip_prefix('[')?;
        path.split(']').next()?.parse::<u32>().ok().map(|i| i + 2)
    });
    digest_key(diagnostic.code.as_str(), location.file.as_deref(), row)
}

/// [`diagnostic_key`] from its parts (for a diagnostic read back from text).
pub fn digest_key(code: &str, file: Option<&str>, row: Option<u32>) -> String {
    let table = match file {
        None => "-",
        Some(name) if name.contains("org") => "orgs",
        Some(name) if name.contains("target") || name.contains("figure") => "targets",
        Some(_) => "members",
    };
    match row {
        Some(row) => format!("{code} {table}:{row}"),
        None => format!("{code} {table}"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const MEMBERS: &str = include_str!("../examples/dang-bo-mau/members.csv");
    const ORGS: &str = include_str!("../examples/dang-bo-mau/orgs.csv");

    #[test]
    fn a_job_in_steps_gives_what_reading_the_whole_texts_gives() {
        let rules = crate::builtin::load_default();
        let files = UnitFiles {
            members: (MEMBERS, Some("members.csv")),
            orgs: Some((ORGS, Some("orgs.csv"))),
            ..UnitFiles::default()
        };
        let whole = UnitRun::new(&rules, &files).expect("no target file");
        let (member_rows, member_problems) = crate::input::csv_rows(MEMBERS);
        let (org_rows, org_problems) = crate::input::csv_rows(ORGS);
        let rows = UnitRows {
            members: RowsFile { name: "members.csv", rows: &member_rows, problems: &member_problems },
            orgs: Some(RowsFile { name: "orgs.csv", rows: &org_rows, problems: &org_problems }),
        };
        let mut job = UnitJob::new(ColumnOverrides::new());
        let mut steps = Vec::new();
        let stepped = loop {
            match job.step(&rules, &rows, 3) {
                Ok(progress) => steps.push(progress.done),
                Err(run) => break *run,
            }
        };
        assert_eq!(rows.total(), 26);
        assert!(steps.windows(2).all(|w| w[0] <= w[1]) && steps.len() >= 8, "{steps:?}");
        assert_eq!(digest(&rules, &stepped), digest(&rules, &whole));
        assert_eq!(stepped.reading, whole.reading);
    }

    /// A copy of a run with a member's level set and counted again on another basis, as the app's decisions panel
    /// makes one, shares with the run what the edit does not change: the roster's records and facts, the unit's
    /// structure and the members' verdicts (a million members' of them are not copied for one level); the result
    /// is shared until the copy is counted again. A fact
    /// changed in the copy copies the facts first; the run keeps its own.
    #[test]
    fn an_edited_copy_of_a_run_shares_what_the_edit_does_not_change() {
        use crate::decision::{Basis, Declared, Stage};
        let rules = crate::builtin::load_default();
        let files = UnitFiles {
            members: (MEMBERS, Some("members.csv")),
            orgs: Some((ORGS, Some("orgs.csv"))),
            ..UnitFiles::default()
        };
        let run = UnitRun::new(&rules, &files).expect("no target file");
        let mut copy = run.clone();
        assert!(Arc::ptr_eq(&copy.result, &run.result), "the result, until counted again");
        let members = &mut copy.roster.members;
        members.declared.resize(members.len(), Declared::default());
        members.declared[0].set(Stage::Decision, 0);
        copy.set_basis(&rules, Basis::Decided);
        assert_eq!((copy.result.basis, copy.roster.members.declared(0).decision), (Basis::Decided, 0));
        assert_ne!(run.roster.members.declared(0).decision, 0);
        assert!(copy.roster.members.shares_facts_with(&run.roster.members), "the members' records and facts");
        assert!(copy.roster.orgs.shares_facts_with(&run.roster.orgs), "the organizations' records and facts");
        assert!(Arc::ptr_eq(&copy.unit, &run.unit), "the unit's structure");
        assert!(copy.result.members.shares_with(&run.result.members), "the members' verdicts");
        let value = run.roster.members.value(0, 0);
        copy.roster.members.set_value(0, 0, crate::num::Num::int(7));
        assert!(!copy.roster.members.shares_facts_with(&run.roster.members));
        assert_eq!((run.roster.members.value(0, 0), copy.roster.members.value(0, 0)), (value, crate::num::Num::int(7)));
    }

    #[test]
    fn a_job_with_a_tasks_file_gives_what_the_cli_gives() {
        let rules = crate::builtin::load_default();
        let members = include_str!("../tests/fixtures/lists/members.csv");
        let tasks = include_str!("../tests/fixtures/lists/tasks.csv");
        let files = UnitFiles { members: (members, Some("members.csv")), ..UnitFiles::default() };
        let whole = UnitRun::new_with_lists(&rules, &files, Some((tasks, Some("tasks.csv")))).expect("no targets");
        let (member_rows, member_problems) = crate::input::csv_rows(members);
        let (task_rows, task_problems) = crate::input::csv_rows(tasks);
        let rows = UnitRows {
            members: RowsFile { name: "members.csv", rows: &member_rows, problems: &member_problems },
            orgs: None,
        };
        let tasks = RowsFile { name: "tasks.csv", rows: &task_rows, problems: &task_problems };
        let stepped = UnitJob::new(ColumnOverrides::new()).with_lists(&rules, &tasks).run(&rules, &rows);
        assert_eq!(digest(&rules, &stepped), digest(&rules, &whole));
        assert_eq!(stepped.reading, whole.reading);
        assert_eq!(stepped.lists.as_ref().map(|l| l.lists.len()), Some(3), "a1, a3 and a9, kept to explain");
        assert_eq!(whole.lists.as_ref().map(|l| l.read), stepped.lists.as_ref().map(|l| l.read));
        // a1's counts come from her 12 tasks (one late): HT, where her empty typed counts leave her unclassified.
        let by_criteria = |run: &UnitRun| run.result.members.verdict(0).level().map(|l| rules.levels[l].id.clone());
        assert_eq!(by_criteria(&stepped).as_deref(), Some("ht"));
        let without = UnitJob::new(ColumnOverrides::new()).run(&rules, &rows);
        assert_eq!(by_criteria(&without), None);
        // Every item not used is said at its row, naming the member: a3's bad status, a9 not in the roster.
        let keys: Vec<String> = stepped.diagnostics.iter().map(diagnostic_key).collect();
        assert!(keys.contains(&"not-a-choice members:18".to_string()), "{keys:?}");
        // a1's empty count cells are answered by her tasks; a3's are not (a task without a usable status).
        assert!(!keys.contains(&"empty-cells members:2".to_string()), "{keys:?}");
        assert!(keys.contains(&"empty-cells members:4".to_string()), "{keys:?}");
        let without_keys: Vec<String> = without.diagnostics.iter().map(diagnostic_key).collect();
        assert!(without_keys.contains(&"empty-cells members:2".to_string()), "{without_keys:?}");
        let unknown = stepped.diagnostics.iter().find(|d| d.location.row == Some(17)).expect("a9 is said");
        assert!(unknown.message.vi.contains("\"a9\""), "{}", unknown.message.vi);
    }

    #[test]
    fn typed_population_counts_win_over_the_rosters() {
        let rules = crate::builtin::load_default();
        let files = UnitFiles { members: (MEMBERS, None), ..UnitFiles::default() };
        let run = UnitRun::new(&rules, &files).expect("no target file");
        let mut typed = Figures::default();
        let members = crate::unit::Distribution { total: 3, levels: vec![1, 2, 0, 0], ..Default::default() };
        typed.populations.insert(crate::targets::Population::Members, members.clone());
        typed.values.insert("admitted".into(), crate::Num::int(5));
        let figures = unit_figures(Some(&run.result), Some(typed));
        assert_eq!(figures.populations[&crate::targets::Population::Members], members);
        assert_eq!(figures.values["admitted"], crate::Num::int(5));
        let counted = unit_figures(Some(&run.result), None);
        assert_eq!(counted.populations[&crate::targets::Population::Members].total, 22);
    }
}
