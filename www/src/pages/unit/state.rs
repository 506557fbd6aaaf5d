//! Unit mode: a roster imported from CSV or XLSX, classified, with the quota per scope, the organizations rolled
//! up, the distribution, and the targets. Like `state.rs`, a pure reducer over data, tested natively; the long
//! work (reading 100,000 rows) is an [`ImportJob`] that a component steps through in chunks, showing progress.

use std::collections::BTreeMap;
use std::rc::Rc;

use serde::{Deserialize, Serialize};
use xeploai::diag::Diagnostic;
use xeploai::explain::Explanation;
use xeploai::input::{ColumnOverrides, TableKind};
pub use xeploai::pipeline::Progress;
use xeploai::pipeline::{RowsFile, UnitJob, UnitRows, UnitRun};
use xeploai::targets::{Figures, Population, TargetResult, TargetSet};
use xeploai::unit::Distribution;
use xeploai::{Classifier, Lang, Num, RuleSet, Text};

pub const UNIT_STORAGE_KEY: &str = "xeploai.unit";
pub const UNIT_VERSION: u32 = 1;
/// The meaning that removes a column's mapping and lets it be recognized automatically again.
pub const AUTOMATIC: &str = "__auto";

/// Figures typed in by a committee that has only totals, or to add what a roster cannot give (admissions…).
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct TypedFigures {
    pub as_of: String,
    /// Population (`members`, `organizations`, `base_organizations`) → level id or `not_classified` → count.
    pub populations: BTreeMap<String, BTreeMap<String, String>>,
    /// Named figures (`admitted`, `admitted_plan` …) as typed.
    pub values: BTreeMap<String, String>,
    /// Reported percentages by target id, as typed ("71,85%").
    pub reported: BTreeMap<String, String>,
}

/// What unit mode remembers on this device: the column mapping, the target set, the typed figures. The roster
/// itself is not stored (it can be large); it stays in memory until the page is closed.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct UnitSaved {
    pub version: u32,
    pub overrides: ColumnOverrides,
    /// A bundled target set id, or empty for none.
    pub target_set: String,
    pub figures: TypedFigures,
    /// decide: levels, tallies, basis and vote rule typed in the decisions panel, by member id.
    pub decisions: super::decisions::DecisionsSaved,
}

impl Default for UnitSaved {
    fn default() -> UnitSaved {
        UnitSaved {
            version: UNIT_VERSION,
            overrides: ColumnOverrides::new(),
            target_set: xeploai::builtin::TARGET_SETS.first().map(|(id, _)| id.to_string()).unwrap_or_default(),
            figures: TypedFigures::default(),
            decisions: Default::default(),
        }
    }
}

/// A file as read from disk: its rows of cells, not yet interpreted.
#[derive(Clone, Debug, PartialEq)]
pub struct LoadedFile {
    pub name: String,
    pub kind: TableKind,
    /// `(row number, cells)`, the header first.
    pub rows: Vec<(u32, Vec<String>)>,
    /// Problems found while splitting the file into rows (encoding, quoting).
    pub problems: Vec<Diagnostic>,
    /// For a workbook: its sheets and the one read.
    pub sheets: Vec<String>,
    pub sheet: Option<String>,
    /// The header row the user picked (an index into `rows`); `None`: found by the engine (the first row that names
    /// the id column and another known column, below any title rows).
    pub header_pick: Option<usize>,
    /// Set when `rows` are only the rows of the file's first bytes (`persist::HEAD`): a preview, for the header
    /// choice and the column mapping; the worker reads the file itself, and its run gives the row count and the
    /// reading problems. `None`: `rows` are all the file's.
    pub preview: Option<Preview>,
}

/// How much of a file a preview ([`LoadedFile::preview`]) holds.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Preview {
    /// The bytes the rows were split from.
    pub head: u64,
    /// The file's size in bytes.
    pub size: u64,
}

/// How many of a file's first rows the header row may be picked from.
pub const HEADER_CHOICES: usize = 30;

impl LoadedFile {
    /// The rows the reader starts from: all of them, or from the picked header row on.
    fn rows_from_header(&self) -> &[(u32, Vec<String>)] {
        self.rows.get(self.header_pick.unwrap_or(0)..).unwrap_or(&[])
    }

    /// The index into `rows` of the header row, as the reader will take it.
    pub fn header_index(&self, rules: &RuleSet) -> usize {
        let start = self.header_pick.unwrap_or(0);
        start + xeploai::input::header_position(rules, self.rows_from_header(), self.kind).unwrap_or(0)
    }

    /// The header row's cells, as the reader will take them.
    pub fn headers(&self, rules: &RuleSet) -> &[String] {
        self.rows.get(self.header_index(rules)).map(|(_, cells)| cells.as_slice()).unwrap_or(&[])
    }

    /// The rows the header may be picked from: `(index, row number, the row's text, shortened)`.
    pub fn header_choices(&self) -> Vec<(usize, u32, String)> {
        self.rows
            .iter()
            .enumerate()
            .take(HEADER_CHOICES)
            .filter(|(_, (_, cells))| cells.iter().any(|c| !c.trim().is_empty()))
            .map(|(index, (row, cells))| {
                let text: Vec<&str> = cells.iter().map(|c| c.trim()).filter(|c| !c.is_empty()).collect();
                let text = text.join(" | ");
                let short: String = text.chars().take(60).collect();
                (index, *row, if short.len() < text.len() { format!("{short}…") } else { short })
            })
            .collect()
    }

    /// The data rows (below the first row); of a preview, an estimate from the bytes read (rows are about the same
    /// length), for the progress bar until the worker says.
    pub fn data_rows(&self) -> usize {
        let rows = self.rows.len().saturating_sub(1);
        match self.preview {
            Some(Preview { head, size }) => (rows as u128 * size as u128 / head.max(1) as u128) as usize,
            None => rows,
        }
    }

    /// Why this file cannot be imported at all (not text, empty, or past a limit in its header or in every row),
    /// or `None` when it can. A file that cannot be imported never replaces the one imported before.
    pub fn refusal(&self) -> Option<Text> {
        if self.data_rows() > 0 || (self.rows.len() == 1 && self.problems.is_empty()) {
            return None;
        }
        let name = &self.name;
        let first = |lang: Lang| {
            self.problems
                .first()
                .map(|p| p.render(lang))
                .unwrap_or_else(|| lang.pick("tệp không có dòng dữ liệu nào", "the file has no data rows").to_string())
        };
        let more = self.problems.len().saturating_sub(1);
        let more = |lang: Lang| {
            if more == 0 { String::new() } else { format!(" (+{more} {})", lang.pick("lỗi khác", "more problems")) }
        };
        Some(Text::new(
            format!("Không nhập được {name}; kết quả trước vẫn giữ nguyên. {}{}", first(Lang::Vi), more(Lang::Vi)),
            format!("{name} could not be imported; the previous result is kept. {}{}", first(Lang::En), more(Lang::En)),
        ))
    }
}

impl LoadedFile {
    /// The rows as the engine's unit job reads them.
    pub fn rows_file(&self) -> RowsFile<'_> {
        RowsFile { name: &self.name, rows: self.rows_from_header(), problems: &self.problems }
    }
}

/// The result of an import: the roster, its structure, the classification, and every problem found (the engine's
/// unit pipeline; targets are checked apart, since typed figures change without a new import).
pub type Imported = UnitRun;

/// Reading and classifying a roster, one chunk at a time: the engine's [`UnitJob`] over the files read.
pub struct ImportJob {
    rules: Rc<RuleSet>,
    members: Rc<LoadedFile>,
    orgs: Option<Rc<LoadedFile>>,
    job: UnitJob,
}

impl ImportJob {
    pub fn new(
        rules: Rc<RuleSet>,
        members: Rc<LoadedFile>,
        orgs: Option<Rc<LoadedFile>>,
        overrides: ColumnOverrides,
    ) -> ImportJob {
        ImportJob { rules, members, orgs, job: UnitJob::new(overrides) }
    }

    /// keep: with the members' tasks from a file of one item a row keyed by member id, read at once.
    pub fn with_tasks(mut self, tasks: Option<&LoadedFile>) -> ImportJob {
        if let Some(tasks) = tasks {
            self.job = self.job.with_lists(&self.rules, &tasks.rows_file());
        }
        self
    }

    pub fn total(&self) -> usize {
        self.members.data_rows() + self.orgs.as_ref().map(|o| o.data_rows()).unwrap_or(0)
    }

    /// Read up to `budget` more rows; `Ok(progress)` while there is more to do, `Err(imported)` when done.
    pub fn step(&mut self, budget: usize) -> Result<Progress, Box<Imported>> {
        let files =
            UnitRows { members: self.members.rows_file(), orgs: self.orgs.as_deref().map(LoadedFile::rows_file) };
        self.job.step(&self.rules, &files, budget)
    }

    /// Read `rows` rows at a time until `budget` milliseconds have passed by `clock` (then `Ok(progress)`), or to the
    /// end (`Err(imported)`): the page gives each slice of an import a time, not a number of rows, so a slow device
    /// or wide rows never block it longer than a frame or two, and a fast one does not yield needlessly.
    pub fn step_for(&mut self, rows: usize, budget: f64, clock: impl Fn() -> f64) -> Result<Progress, Box<Imported>> {
        let start = clock();
        loop {
            let progress = self.step(rows)?;
            if clock() - start >= budget {
                return Ok(progress);
            }
        }
    }

    /// Run to the end at once (tests, small files).
    pub fn run(mut self) -> Imported {
        loop {
            if let Err(imported) = self.step(usize::MAX / 2) {
                return *imported;
            }
        }
    }
}

/// Which column the results table is sorted on.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum SortKey {
    #[default]
    Row,
    Id,
    Name,
    Org,
    Score,
    Level,
    Proposed,
}

/// The results table as the person has arranged it.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct TableView {
    pub sort: SortKey,
    pub descending: bool,
    /// Text to find in id, name or organization (diacritics and case ignored).
    pub filter: String,
    /// A level id, `not_classified`, `referred`, `invalid`, `incomplete`, or empty for all.
    pub level: String,
    /// An organization id, or empty for all.
    pub org: String,
}

/// A member referred to the competent level (see [`UnitState::referred_members`]).
#[derive(Clone, Debug, PartialEq)]
pub struct ReferredMember {
    /// Position in the roster's members.
    pub index: usize,
    /// The case that applies.
    pub case: xeploai::Text,
    /// The mitigation claimed: the fact's name when it is one fact, else the expression as written.
    pub claim: xeploai::Text,
    /// The level by score and conditions (short name), when it can be worked out.
    pub otherwise: Option<String>,
}

/// What is opened for a closer look.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Selected {
    Member(usize),
    Org(usize),
}

#[derive(Clone, Debug)]
pub struct UnitState {
    pub rules: Rc<RuleSet>,
    pub lang: Lang,
    pub saved: UnitSaved,
    pub members_file: Option<Rc<LoadedFile>>,
    pub orgs_file: Option<Rc<LoadedFile>>,
    /// Set while an import runs.
    pub progress: Option<Progress>,
    /// Bumped for every new import, so a running job knows when it is stale.
    pub generation: u64,
    pub imported: Option<Rc<Imported>>,
    pub targets: Option<Rc<TargetSet>>,
    pub target_results: Rc<Vec<TargetResult>>,
    pub target_diagnostics: Rc<Vec<Diagnostic>>,
    pub view: TableView,
    /// Member indices in the order and selection of `view` (while `view_busy`, of the view before).
    pub visible: Rc<Vec<usize>>,
    /// Bumped whenever `visible` is worked out again, so a job working out an older view knows it is stale.
    pub view_generation: u64,
    /// Set while the page works `visible` out in steps ([`super::view_job`]): the table shown is the one before.
    pub view_busy: bool,
    /// The order `visible` is in (sort key, descending): the view's, or while `view_busy` the table before's, so the
    /// headers say the order of the rows shown.
    pub sorted: (SortKey, bool),
    /// The view `visible` is of and the run it was worked out from (while `view_busy`, the table before's): a
    /// filter that only narrows it filters `visible` instead of every member ([`super::view_job`]).
    pub visible_view: Option<(TableView, std::rc::Weak<Imported>)>,
    pub selected: Option<Selected>,
    pub detail: Option<Rc<Explanation>>,
    /// An XLSX file waiting for its sheet to be chosen: its name, kind, bytes, sheets.
    pub pending_workbook: Option<Rc<PendingWorkbook>>,
    pub message: Option<Text>,
    /// The organizations table shows only these levels (indices); all organizations when empty.
    pub org_levels: Vec<usize>,
    /// The review year chosen in the header, recorded in exports.
    pub review_year: Option<i32>,
    /// decide: the basis, the vote tallies and the differences (`decisions.rs`).
    pub decisions: super::decisions::Decisions,
    // keep: the tasks file and the files kept on this device (`persist.rs`).
    /// The members' tasks (one item a row, keyed by member id): their list-fed facts are computed from them.
    pub tasks_file: Option<Rc<LoadedFile>>,
    pub kept: super::persist::Kept,
    /// The imported organizations by id (their index in the roster), made once an import ends: the tables, the
    /// quota and the filters name an organization by id, and searching the roster for each of 21,000 organizations
    /// made a 1,000,000-member page quadratic.
    pub org_index: Rc<std::collections::HashMap<String, usize>>,
    /// The referred members and the quota table's order of the import (`summary.rs`), worked out with it.
    pub import_summary: Rc<super::summary::ImportSummary>,
    /// A decision or a basis being counted in steps by the page ([`super::recount_job`]): `imported` is the run
    /// before it, shown marked busy.
    pub recount: Option<Rc<super::recount_job::RecountSlot>>,
    /// Bumped for every recount started in steps, so a running one knows when it is taken over.
    pub recount_generation: u64,
}

#[derive(Clone, Debug, PartialEq)]
pub struct PendingWorkbook {
    pub name: String,
    pub kind: TableKind,
    /// keep: the workbook was chosen as the tasks file.
    pub tasks: bool,
    pub bytes: Vec<u8>,
    pub sheets: Vec<String>,
}

/// The same shared value (or both absent), by pointer: a file, an import or a workbook is replaced, never changed in
/// place, so comparing its address is enough, and comparing a roster's rows by content at every step of an import
/// made the import quadratic (1,000,000 members took 98 s in Chromium; see `the_reducer_compares_files_by_pointer`).
fn same<T>(a: &Option<Rc<T>>, b: &Option<Rc<T>>) -> bool {
    match (a, b) {
        (Some(a), Some(b)) => Rc::ptr_eq(a, b),
        (None, None) => true,
        _ => false,
    }
}

impl PartialEq for UnitState {
    fn eq(&self, other: &UnitState) -> bool {
        Rc::ptr_eq(&self.rules, &other.rules)
            && same(&self.imported, &other.imported)
            && self.lang == other.lang
            && self.saved == other.saved
            && same(&self.members_file, &other.members_file)
            && same(&self.orgs_file, &other.orgs_file)
            && self.progress == other.progress
            && self.generation == other.generation
            && self.target_results == other.target_results
            && self.view == other.view
            && self.visible == other.visible
            && self.view_generation == other.view_generation
            && self.view_busy == other.view_busy
            && self.sorted == other.sorted
            && self.selected == other.selected
            && same(&self.pending_workbook, &other.pending_workbook)
            && self.message == other.message
            && self.org_levels == other.org_levels
            && self.review_year == other.review_year
            && self.decisions == other.decisions
            && same(&self.tasks_file, &other.tasks_file)
            && self.kept == other.kept
            && self.recount_generation == other.recount_generation
            && self.recount.is_some() == other.recount.is_some()
    }
}

#[derive(Clone, Debug)]
pub enum UnitAction {
    SetLang(Lang),
    /// Another rule set was chosen: the files stay and are imported again under it.
    SetRules(crate::shared::state::SharedRules),
    /// A file was read into rows.
    FileLoaded(LoadedFile),
    /// An XLSX file was opened; its sheet must be chosen.
    WorkbookOpened(PendingWorkbook),
    CancelWorkbook,
    RemoveFile(TableKind),
    /// The user picked the header row of a file (an index into its rows), or left it to be found (`None`).
    PickHeader {
        kind: TableKind,
        index: Option<usize>,
    },
    /// Map a column header (as written) to a meta column, a fact id, "" to ignore it, or [`AUTOMATIC`].
    SetOverride {
        header: String,
        meaning: String,
    },
    Progress {
        generation: u64,
        progress: Progress,
    },
    Imported {
        generation: u64,
        imported: Rc<Imported>,
    },
    /// The recount of `generation` done by the page ([`super::recount_job`]): its run is shown.
    Recounted {
        generation: u64,
    },
    /// The members the table shows, worked out in steps by the page for the view of `generation`
    /// ([`super::view_job`]).
    Visible {
        generation: u64,
        visible: Rc<Vec<usize>>,
    },
    /// An import done with its summary worked out (`summary.rs`, in steps after the worker's run is read back), and,
    /// when asked for, every member in roster order.
    ImportedWith {
        generation: u64,
        imported: Rc<Imported>,
        summary: Rc<super::summary::SummedImport>,
    },
    SetTargetSet(String),
    SetPopulationCount {
        population: String,
        level: String,
        text: String,
    },
    SetFigure {
        name: String,
        text: String,
    },
    SetReported {
        target: String,
        text: String,
    },
    SetAsOf(String),
    Sort(SortKey),
    Filter(String),
    FilterLevel(String),
    FilterOrg(String),
    /// Show (or stop showing) the organizations at this level in the organizations table.
    ToggleOrgLevel(usize),
    SetReviewYear(Option<i32>),
    Select(Option<Selected>),
    Message(Option<Text>),
    /// Another tab saved unit-mode settings (the `storage` event): follow them, so this tab's next save does not
    /// wipe that tab's column mapping or typed figures.
    SettingsChangedElsewhere(UnitSaved),
    /// decide: the basis, a declared level, the vote rule, a tally (`decisions.rs`).
    Decide(super::decisions::DecideAction),
    /// keep: a file chosen, restored, removed or cleared; the store read or written (`persist.rs`).
    Keep(super::persist::KeepAction),
}

impl UnitState {
    pub fn new(rules: Rc<RuleSet>, lang: Lang, saved: UnitSaved) -> UnitState {
        let decisions = super::decisions::Decisions::from_saved(&saved.decisions);
        let mut state = UnitState {
            rules,
            lang,
            saved,
            members_file: None,
            orgs_file: None,
            progress: None,
            generation: 0,
            imported: None,
            targets: None,
            target_results: Rc::new(Vec::new()),
            target_diagnostics: Rc::new(Vec::new()),
            view: TableView::default(),
            visible: Rc::new(Vec::new()),
            view_generation: 0,
            view_busy: false,
            sorted: (SortKey::Row, false),
            visible_view: None,
            selected: None,
            detail: None,
            pending_workbook: None,
            message: None,
            org_levels: Vec::new(),
            review_year: None,
            decisions,
            tasks_file: None,
            kept: super::persist::Kept::default(),
            org_index: Rc::default(),
            import_summary: Rc::default(),
            recount: None,
            recount_generation: 0,
        };
        state.load_target_set();
        state.check_targets();
        state
    }

    /// Is there a roster to import (members read, nothing running)?
    pub fn needs_import(&self) -> bool {
        self.members_file.is_some() && self.imported.is_none() && self.progress.is_some()
    }

    pub(super) fn start_import(&mut self) {
        self.imported = None;
        self.recount = None;
        self.org_index = Rc::default();
        self.import_summary = Rc::default();
        self.selected = None;
        self.detail = None;
        self.visible = Rc::new(Vec::new());
        self.visible_view = None;
        self.generation += 1;
        self.progress = self.members_file.as_ref().map(|m| Progress {
            done: 0,
            total: m.data_rows() + self.orgs_file.as_ref().map(|o| o.data_rows()).unwrap_or(0),
        });
        self.check_targets();
    }

    /// The job for the current files, when an import is due.
    pub fn job(&self) -> Option<ImportJob> {
        let members = self.members_file.clone()?;
        self.progress?;
        // A preview is not the file: the page reads it whole first ([`Self::previews`]).
        if members.preview.is_some() || self.orgs_file.as_ref().is_some_and(|file| file.preview.is_some()) {
            return None;
        }
        let job = ImportJob::new(self.rules.clone(), members, self.orgs_file.clone(), self.saved.overrides.clone());
        Some(job.with_tasks(self.tasks_file.as_deref()))
    }

    fn load_target_set(&mut self) {
        self.targets = xeploai::builtin::target_text(&self.saved.target_set).and_then(|text| {
            let (set, _) = xeploai::targets::load_targets(&self.rules, text, Some(&self.saved.target_set));
            set.map(Rc::new)
        });
    }

    /// Figures for the targets: the roster's counts when there is one, the typed counts otherwise (typed counts
    /// win for a population when given), plus the typed named figures and reported percentages.
    pub fn figures(&self) -> (Figures, Vec<Diagnostic>) {
        let mut figures = Figures::default();
        let mut diagnostics = Vec::new();
        let typed = &self.saved.figures;
        for (population, counts) in &typed.populations {
            let population = match population.as_str() {
                "members" => Population::Members,
                "organizations" => Population::Organizations,
                "base_organizations" => Population::BaseOrganizations,
                _ => continue,
            };
            if counts.values().all(|v| v.trim().is_empty()) {
                continue;
            }
            let mut distribution = Distribution { levels: vec![0; self.rules.levels.len()], ..Distribution::default() };
            for (key, text) in counts {
                let Ok(count) = text.trim().parse::<u64>() else {
                    if !text.trim().is_empty() {
                        diagnostics.push(Diagnostic::new(
                            xeploai::Code::NotANumber,
                            xeploai::Location { path: Some(format!("{population:?}.{key}")), ..Default::default() },
                            format!("\"{text}\" không phải số nguyên không âm"),
                            format!("\"{text}\" is not a whole number"),
                        ));
                    }
                    continue;
                };
                match self.rules.level_index(key) {
                    Some(level) => distribution.levels[level] = count,
                    None if key == "not_classified" => distribution.not_classified = count,
                    None if key == "referred" => distribution.referred = count,
                    None => {}
                }
            }
            distribution.total = distribution.classified() + distribution.not_classified + distribution.referred;
            figures.populations.insert(population, distribution);
        }
        for (name, text) in &typed.values {
            match Num::parse(&grouped_count(text)) {
                Ok(value) => {
                    figures.values.insert(name.clone(), value);
                }
                Err(xeploai::num::ParseNumError::Empty) => {}
                Err(_) => diagnostics.push(Diagnostic::new(
                    xeploai::Code::NotANumber,
                    xeploai::Location { path: Some(name.clone()), ..Default::default() },
                    format!("\"{text}\" không phải là số"),
                    format!("\"{text}\" is not a number"),
                )),
            }
        }
        for (target, text) in &typed.reported {
            if !text.trim().is_empty() {
                figures.reported.insert(target.clone(), text.clone());
            }
        }
        figures.as_of = xeploai::targets::parse_date(&typed.as_of);
        (xeploai::pipeline::unit_figures(self.imported.as_ref().map(|i| &*i.result), Some(figures)), diagnostics)
    }

    pub(super) fn check_targets(&mut self) {
        let Some(set) = &self.targets else {
            self.target_results = Rc::new(Vec::new());
            self.target_diagnostics = Rc::new(Vec::new());
            return;
        };
        let (figures, mut diagnostics) = self.figures();
        let (results, more) = xeploai::targets::check(&self.rules, set, &figures);
        diagnostics.extend(more);
        self.target_results = Rc::new(results);
        self.target_diagnostics = Rc::new(diagnostics);
    }

    /// Recompute which members the table shows, in which order: at once up to [`super::view_job::AT_ONCE`] members
    /// (or every member in the roster's order); past that the table is marked busy and the page works it out in steps
    /// ([`super::view_job::use_view_job`]), the table before shown until then. Either way a job working out an older
    /// view is stale from now on.
    pub(super) fn refresh_visible(&mut self) {
        self.view_generation += 1;
        self.view_busy = false;
        let Some(imported) = &self.imported else {
            self.visible = Rc::new(Vec::new());
            self.visible_view = None;
            return;
        };
        let at_once = !super::view_job::filters(&self.view) && self.view.sort == SortKey::Row;
        if imported.roster.members.len() > super::view_job::AT_ONCE && !at_once {
            self.view_busy = true;
            return;
        }
        self.visible = Rc::new(super::view_job::visible_at_once(&self.rules, imported, &self.view));
        self.sorted = (self.view.sort, self.view.descending);
        self.visible_view = Some((self.view.clone(), Rc::downgrade(imported)));
    }

    /// The table sorted on `key`: on the same key again, the other way round; the members shown, when they are the
    /// view's (not busy), are then the same ones reversed (a stable sort reversed), with no sort again.
    fn sort_on(&mut self, key: SortKey) {
        if self.view.sort == key {
            self.view.descending = !self.view.descending;
            if !self.view_busy && self.imported.is_some() {
                self.view_generation += 1;
                self.visible = Rc::new(self.visible.iter().rev().copied().collect());
                self.sorted = (key, self.view.descending);
                self.visible_view = self.imported.as_ref().map(|i| (self.view.clone(), Rc::downgrade(i)));
                return;
            }
        } else {
            self.view.sort = key;
            self.view.descending = false;
        }
        self.refresh_visible();
    }

    pub(super) fn explain_selected(&mut self) {
        self.detail = match (self.selected, &self.imported) {
            (Some(Selected::Member(i)), Some(imported)) if i < imported.roster.members.len() => {
                // In unit mode the explanation says the quota's proposal beside the criteria (and, with a tasks file,
                // names the deciding tasks).
                let mut explanation = self.member_explanation(imported, i);
                explanation.quota = xeploai::decision::quota_note(&self.rules, &imported.roster, &imported.result, i);
                Some(Rc::new(explanation))
            }
            (Some(Selected::Org(i)), Some(imported)) if i < imported.roster.orgs.len() => {
                let record = imported.roster.orgs.record(i);
                let (_, explanation) = Classifier::new(&self.rules).explain(
                    record.kind,
                    &imported.result.org_rows.row_vec(i),
                    record.target,
                );
                Some(Rc::new(explanation))
            }
            _ => None,
        };
    }

    /// The organizations the table shows: those at the chosen levels ([`xeploai::report::orgs_at`]), or all.
    pub fn visible_orgs(&self) -> Vec<usize> {
        let Some(imported) = &self.imported else { return Vec::new() };
        if self.org_levels.is_empty() {
            (0..imported.roster.orgs.len()).collect()
        } else {
            xeploai::report::orgs_at(&imported.result, &self.org_levels)
        }
    }

    pub fn apply(&self, action: UnitAction) -> UnitState {
        let mut next = self.clone();
        match action {
            UnitAction::SetLang(lang) => next.lang = lang,
            UnitAction::SetRules(crate::shared::state::SharedRules(rules)) => {
                if Rc::ptr_eq(&rules, &self.rules) {
                    return next;
                }
                next.rules = rules;
                next.load_target_set();
                next.start_import();
                if next.members_file.is_none() {
                    next.progress = None;
                    next.check_targets();
                }
            }
            UnitAction::FileLoaded(file) => {
                next.pending_workbook = None;
                if let Some(reason) = file.refusal() {
                    next.message = Some(reason);
                    return next;
                }
                next.message = None;
                match file.kind {
                    TableKind::Members | TableKind::Subjects => next.members_file = Some(Rc::new(file)),
                    TableKind::Organizations => next.orgs_file = Some(Rc::new(file)),
                }
                next.start_import();
            }
            UnitAction::WorkbookOpened(workbook) => next.pending_workbook = Some(Rc::new(workbook)),
            UnitAction::CancelWorkbook => next.pending_workbook = None,
            UnitAction::PickHeader { kind, index } => {
                let file = match kind {
                    TableKind::Members | TableKind::Subjects => &mut next.members_file,
                    TableKind::Organizations => &mut next.orgs_file,
                };
                if let Some(loaded) = file {
                    let mut picked = (**loaded).clone();
                    picked.header_pick = index;
                    *file = Some(Rc::new(picked));
                    next.start_import();
                }
            }
            UnitAction::RemoveFile(kind) => {
                match kind {
                    TableKind::Members | TableKind::Subjects => next.members_file = None,
                    TableKind::Organizations => next.orgs_file = None,
                }
                next.start_import();
                if next.members_file.is_none() {
                    next.progress = None;
                    next.check_targets();
                }
            }
            UnitAction::SetOverride { header, meaning } => {
                if meaning == AUTOMATIC {
                    next.saved.overrides.remove(&header);
                } else {
                    next.saved.overrides.insert(header, meaning);
                }
                next.start_import();
            }
            UnitAction::Progress { generation, progress } => {
                if generation == next.generation && next.imported.is_none() {
                    next.progress = Some(progress);
                }
            }
            UnitAction::Imported { generation, imported } => next.after_import(generation, imported, None),
            UnitAction::ImportedWith { generation, imported, summary } => {
                next.after_import(generation, imported, Some(summary))
            }
            UnitAction::SetTargetSet(id) => {
                next.saved.target_set = id;
                next.load_target_set();
                next.check_targets();
            }
            UnitAction::SetPopulationCount { population, level, text } => {
                next.saved.figures.populations.entry(population).or_default().insert(level, text);
                next.check_targets();
            }
            UnitAction::SetFigure { name, text } => {
                next.saved.figures.values.insert(name, text);
                next.check_targets();
            }
            UnitAction::SetReported { target, text } => {
                next.saved.figures.reported.insert(target, text);
                next.check_targets();
            }
            UnitAction::SetAsOf(text) => {
                next.saved.figures.as_of = text;
                next.check_targets();
            }
            UnitAction::Sort(key) => next.sort_on(key),
            UnitAction::Recounted { generation } => next.on_recounted(generation),
            UnitAction::Visible { generation, visible } => {
                if generation == next.view_generation && next.view_busy && next.imported.is_some() {
                    next.visible = visible;
                    next.view_busy = false;
                    next.sorted = (next.view.sort, next.view.descending);
                    next.visible_view = next.imported.as_ref().map(|i| (next.view.clone(), Rc::downgrade(i)));
                }
            }
            UnitAction::Filter(text) => {
                next.view.filter = text;
                next.refresh_visible();
            }
            UnitAction::FilterLevel(level) => {
                next.view.level = level;
                next.refresh_visible();
            }
            UnitAction::FilterOrg(org) => {
                next.view.org = org;
                next.refresh_visible();
            }
            UnitAction::ToggleOrgLevel(level) => match next.org_levels.iter().position(|l| *l == level) {
                Some(at) => {
                    next.org_levels.remove(at);
                }
                None => {
                    next.org_levels.push(level);
                    next.org_levels.sort_unstable();
                }
            },
            UnitAction::SetReviewYear(year) => next.review_year = year,
            UnitAction::Select(selected) => {
                next.selected = selected;
                next.explain_selected();
            }
            UnitAction::Message(message) => next.message = message,
            UnitAction::Decide(action) => next.decide(action),
            UnitAction::SettingsChangedElsewhere(saved) => {
                if saved == self.saved {
                    return next;
                }
                let mapping_changed = saved.overrides != self.saved.overrides;
                next.saved = saved;
                next.load_target_set();
                if mapping_changed && next.members_file.is_some() {
                    next.start_import();
                } else {
                    next.check_targets();
                }
                next.message = Some(Text::new(
                    "Cài đặt chế độ đơn vị vừa được lưu từ một thẻ khác; trang này đã cập nhật theo.",
                    "Another tab just saved the unit-mode settings; this page now uses them.",
                ));
            }
            UnitAction::Keep(action) => next.keep(action),
        }
        next
    }
}

impl UnitState {
    /// An import done: what was typed in the app put back, the basis chosen applied, the summary (`summary.rs`) as
    /// worked out with it when it is of the run kept (else worked out now), the results table, the targets.
    fn after_import(
        &mut self,
        generation: u64,
        imported: Rc<Imported>,
        summed: Option<Rc<super::summary::SummedImport>>,
    ) {
        if generation != self.generation {
            return;
        }
        let summed = summed.filter(|summed| summed.summary.is_of(&imported));
        let wanted = self.saved_member_ids();
        let found = summed.as_ref().and_then(|summed| summed.summary.saved.of(&wanted).cloned());
        let read = imported.clone();
        let imported = self.restore_decisions(imported, found.as_ref());
        // Past `AT_ONCE` members a basis other than the computed one is counted in steps once the import is shown
        // (`recount_job.rs`): the computed results show first, marked busy.
        let in_steps = self.decisions.basis != xeploai::decision::Basis::Computed
            && imported.roster.members.len() > super::recount_job::AT_ONCE;
        let imported = if in_steps { imported } else { self.on_basis(imported) };
        let (summary, roster_order) = match summed {
            // The summary of the run read, for the run with the decisions put back and counted on the basis: the
            // same verdicts (`ImportSummary::recounted`).
            Some(summed) if !Rc::ptr_eq(&read, &imported) => {
                (Rc::new(summed.summary.recounted(&imported, None)), summed.take_roster_order())
            }
            Some(summed) => (summed.summary.clone(), summed.take_roster_order()),
            None => {
                let (summary, _) = super::summary::SummaryJob::new(self.rules.clone(), imported.clone(), false).run();
                (Rc::new(summary), None)
            }
        };
        self.org_index = summary.org_index.clone();
        self.import_summary = summary;
        self.imported = Some(imported);
        self.recount = None;
        self.after_import_decisions();
        self.progress = None;
        match roster_order {
            // The results table as it first shows (unsorted, unfiltered): every member in roster order, as
            // `refresh_visible` gives it.
            Some(order) if self.view == TableView::default() => {
                self.view_generation += 1;
                self.view_busy = false;
                self.visible = Rc::new(order);
                self.sorted = (self.view.sort, self.view.descending);
                self.visible_view = self.imported.as_ref().map(|i| (self.view.clone(), Rc::downgrade(i)));
            }
            _ => self.refresh_visible(),
        }
        self.check_targets();
        if in_steps {
            self.start_recount(|_| {}, None);
        }
    }
}

impl yew::Reducible for UnitState {
    type Action = UnitAction;

    fn reduce(self: Rc<Self>, action: UnitAction) -> Rc<Self> {
        Rc::new(self.apply(action))
    }
}

/// Read saved unit-mode settings; anything unreadable gives the defaults (the settings are few and easy to redo).
pub fn unit_saved_from(text: Option<&str>) -> UnitSaved {
    text.and_then(|t| serde_json::from_str::<UnitSaved>(t).ok())
        .filter(|s| s.version == UNIT_VERSION)
        .unwrap_or_default()
}

/// Figures such as admissions are counts, and Vietnamese writes 1.300 for one thousand three hundred: a number
/// whose dots all separate groups of three digits is read as a whole number.
fn grouped_count(text: &str) -> String {
    let trimmed = text.trim();
    let groups: Vec<&str> = trimmed.split('.').collect();
    let grouped = groups.len() > 1
        && !groups[0].is_empty()
        && groups[0].len() <= 3
        && groups.iter().all(|g| g.chars().all(|c| c.is_ascii_digit()))
        && groups[1..].iter().all(|g| g.len() == 3);
    if grouped { trimmed.replace('.', "") } else { trimmed.to_string() }
}

/// A workbook sheet's rows (row 1 first) as a [`LoadedFile`]. A sheet has no trailing empty cells (the reader
/// drops them), so a row is padded with empty cells to the header's width: in a spreadsheet, a row that stops
/// early has its last cells empty, not missing.
pub fn sheet_file(
    name: String,
    kind: TableKind,
    cells: Vec<Vec<String>>,
    sheets: Vec<String>,
    sheet: String,
) -> LoadedFile {
    let width = cells.first().map(Vec::len).unwrap_or(0);
    let mut rows: Vec<(u32, Vec<String>)> = cells
        .into_iter()
        .enumerate()
        .map(|(index, mut row)| {
            if !row.is_empty() && row.len() < width {
                row.resize(width, String::new());
            }
            (index as u32 + 1, row)
        })
        .collect();
    // Text typed in the legacy TCVN3 or VNI fonts is converted, and the notice says so.
    let problems = xeploai::encoding::convert_legacy_rows(&mut rows, Some(&name)).into_iter().collect();
    LoadedFile { name, kind, rows, problems, sheets, sheet: Some(sheet), header_pick: None, preview: None }
}

/// Split CSV text into rows for a [`LoadedFile`].
pub fn csv_file(name: &str, kind: TableKind, text: &str) -> LoadedFile {
    let (rows, problems) = xeploai::input::csv_rows(text);
    LoadedFile {
        name: name.to_string(),
        kind,
        rows,
        problems,
        sheets: Vec::new(),
        sheet: None,
        header_pick: None,
        preview: None,
    }
}

// worker: the import in the page's Web Worker (`import_worker.rs`, `unit_worker.rs`) when its files are CSV.

/// What the Web Worker reads for an import: the rule set, each CSV file as chosen (its bytes) with the header row
/// picked, the column mapping.
#[derive(Clone, Debug)]
pub struct WorkerJob {
    pub rules: Rc<RuleSet>,
    pub members: (Rc<super::persist::KeptFile>, Option<usize>),
    pub orgs: Option<(Rc<super::persist::KeptFile>, Option<usize>)>,
    pub overrides: ColumnOverrides,
    /// The members the decisions saved on this device name: looked up in the run read back, in steps with its
    /// summary (`summary.rs`), not by an index of every id at once.
    pub saved_ids: std::collections::BTreeSet<String>,
}

impl UnitState {
    /// The import due, for the Web Worker: when the members file (and the organizations file, if any) are CSV files
    /// as chosen and no tasks file is loaded. A workbook's sheet or a tasks file are read on the page ([`Self::job`]).
    pub fn worker_job(&self) -> Option<WorkerJob> {
        self.progress?;
        if self.tasks_file.is_some() {
            return None;
        }
        let csv = |slot: super::persist::Slot, file: &Rc<LoadedFile>| {
            let kept = self.kept.sources.get(&slot)?;
            let is_csv = matches!(kept.source, super::persist::Source::Csv(_)) && kept.name == file.name;
            is_csv.then(|| (kept.clone(), file.header_pick))
        };
        let members = csv(super::persist::Slot::Members, self.members_file.as_ref()?)?;
        let orgs = match &self.orgs_file {
            Some(file) => Some(csv(super::persist::Slot::Orgs, file)?),
            None => None,
        };
        Some(WorkerJob {
            rules: self.rules.clone(),
            members,
            orgs,
            overrides: self.saved.overrides.clone(),
            saved_ids: self.saved_member_ids(),
        })
    }

    /// The files on the page that are previews ([`LoadedFile::preview`]), with their sources: the page reads them
    /// whole (`persist::KeepAction::ReadWhole`) before it imports them itself (with a tasks file, or when the worker
    /// could not run).
    pub fn previews(&self) -> Vec<(super::persist::Slot, Rc<super::persist::KeptFile>)> {
        if self.progress.is_none() || self.members_file.is_none() {
            return Vec::new();
        }
        super::persist::Slot::ALL
            .into_iter()
            .filter(|slot| self.file_in(*slot).is_some_and(|file| file.preview.is_some()))
            .filter_map(|slot| Some((slot, self.kept.sources.get(&slot)?.clone())))
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Rows a step reads in these tests' imports.
    const CHUNK: usize = 5_000;

    fn rules() -> Rc<RuleSet> {
        Rc::new(xeploai::builtin::load(xeploai::builtin::DEFAULT).unwrap())
    }

    fn fixture(name: &str) -> String {
        std::fs::read_to_string(format!("{}/../tests/fixtures/rosters/{name}", env!("CARGO_MANIFEST_DIR"))).unwrap()
    }

    fn example(name: &str) -> String {
        std::fs::read_to_string(format!("{}/../examples/dang-bo-mau/{name}", env!("CARGO_MANIFEST_DIR"))).unwrap()
    }

    /// Load the example unit and run its import to the end, in chunks of `chunk` rows.
    fn imported(chunk: usize) -> UnitState {
        let state = UnitState::new(rules(), Lang::Vi, UnitSaved::default());
        let state =
            state.apply(UnitAction::FileLoaded(csv_file("orgs.csv", TableKind::Organizations, &example("orgs.csv"))));
        let state =
            state.apply(UnitAction::FileLoaded(csv_file("members.csv", TableKind::Members, &example("members.csv"))));
        let mut job = state.job().expect("an import is due");
        let mut steps = 0;
        let imported = loop {
            match job.step(chunk) {
                Ok(progress) => {
                    assert!(progress.done <= progress.total);
                    steps += 1;
                    let next = state.apply(UnitAction::Progress { generation: state.generation, progress });
                    assert_eq!(next.progress, Some(progress));
                }
                Err(imported) => break imported,
            }
        };
        assert!(steps >= 1);
        state.apply(UnitAction::Imported { generation: state.generation, imported: Rc::new(*imported) })
    }

    /// The units of `tests/pipeline.rs`, imported in steps of 2 rows with the bundled target set checked, give the
    /// digest every front end is held to (`tests/fixtures/pipeline/<unit>.json`).
    #[test]
    fn a_unit_imported_in_steps_gives_the_digest_every_front_end_gives() {
        let root = format!("{}/..", env!("CARGO_MANIFEST_DIR"));
        let read = |path: &str| std::fs::read_to_string(format!("{root}/{path}")).unwrap();
        let units = [
            ("dang-bo-mau", "examples/dang-bo-mau/members.csv", "examples/dang-bo-mau/orgs.csv"),
            ("typed-rollup", "tests/fixtures/pipeline/rollup-members.csv", "tests/fixtures/pipeline/rollup-orgs.csv"),
            ("contradiction", "tests/fixtures/pipeline/contradiction-members.csv", "examples/dang-bo-mau/orgs.csv"),
        ];
        for (name, members, orgs) in units {
            let saved = UnitSaved { target_set: "dang-uy-khoi-2026".into(), ..UnitSaved::default() };
            let state = UnitState::new(rules(), Lang::Vi, saved);
            let state =
                state.apply(UnitAction::FileLoaded(csv_file("members.csv", TableKind::Members, &read(members))));
            let state =
                state.apply(UnitAction::FileLoaded(csv_file("orgs.csv", TableKind::Organizations, &read(orgs))));
            let mut job = state.job().expect("an import is due");
            let imported = loop {
                if let Err(imported) = job.step(2) {
                    break imported;
                }
            };
            let state =
                state.apply(UnitAction::Imported { generation: state.generation, imported: Rc::new(*imported) });
            let mut run = (**state.imported.as_ref().unwrap()).clone();
            run.targets = Some(state.target_results.to_vec());
            run.diagnostics.extend(state.target_diagnostics.iter().cloned());
            let expected: serde_json::Value =
                serde_json::from_str(&read(&format!("tests/fixtures/pipeline/{name}.json"))).unwrap();
            assert_eq!(xeploai::pipeline::digest(&state.rules, &run), expected, "{name}: the app's import differs");
        }
    }

    #[test]
    fn the_example_unit_is_imported_in_chunks() {
        let state = imported(5);
        let imported = state.imported.as_ref().unwrap();
        assert_eq!(imported.roster.members.len(), 22);
        assert_eq!(imported.roster.orgs.len(), 4);
        assert_eq!(state.visible.len(), 22);
        // Each subject kind is its own quota group: the non-leaders first.
        let quota = imported.result.quotas.iter().find(|q| q.scope_id == "db-stp").unwrap();
        assert_eq!(quota.subject.as_deref(), Some("member"));
        assert_eq!((quota.counts.candidates, quota.resolution.excess), (5, 3));
        // Same result as in one go.
        let once = imported.result.proposed.clone();
        assert_eq!(self::imported(1000).imported.as_ref().unwrap().result.proposed, once);
    }

    /// The reducer's equality (which decides whether the page repaints) looks at files by pointer: comparing a
    /// roster's rows by content at each step of an import made a 1,000,000-member import quadratic.
    #[test]
    fn the_reducer_compares_files_by_pointer() {
        let state = imported(CHUNK);
        assert_eq!(state.apply(UnitAction::Message(None)), state, "nothing changed, nothing to repaint");
        let members = state.members_file.clone().expect("a members file");
        let mut copy = state.clone();
        copy.members_file = Some(Rc::new((*members).clone()));
        assert_ne!(copy, state, "a file put again is another file, even with the same rows");
        assert!(same(&state.members_file, &state.clone().members_file));
        assert!(same::<LoadedFile>(&None, &None) && !same(&None, &state.members_file));
    }

    /// Organizations are named from an index made once per import, the same names a search of the roster gives.
    #[test]
    fn organizations_are_named_from_an_index() {
        let state = imported(CHUNK);
        let orgs = &state.imported.as_ref().unwrap().roster.orgs;
        assert_eq!(state.org_index.len(), orgs.len());
        for record in orgs.records() {
            assert_eq!(state.org_label(record.id), format!("{} ({})", record.name.trim(), record.id));
        }
        let again = state.apply(UnitAction::SetOverride { header: "Ghi chú".into(), meaning: String::new() });
        assert!(again.org_index.is_empty() && again.org_label("db-stp") == "db-stp", "a new import, no names yet");
    }

    /// An import in slices of a time budget gives what one in steps of rows gives, whatever the clock says.
    #[test]
    fn an_import_sliced_by_time_gives_the_same_result() {
        let once = imported(CHUNK).imported.as_ref().unwrap().result.proposed.clone();
        let state = UnitState::new(rules(), Lang::Vi, UnitSaved::default())
            .apply(UnitAction::FileLoaded(csv_file("orgs.csv", TableKind::Organizations, &example("orgs.csv"))))
            .apply(UnitAction::FileLoaded(csv_file("members.csv", TableKind::Members, &example("members.csv"))));
        for (rows, budget, expected) in [(1, 0.0, 25), (2, 5.0, 2), (3, 1e9, 0)] {
            let mut job = state.job().expect("an import is due");
            let ticks = std::cell::Cell::new(0.0);
            let clock = || {
                ticks.set(ticks.get() + 1.0);
                ticks.get()
            };
            let mut slices = 0;
            let imported = loop {
                match job.step_for(rows, budget, clock) {
                    Ok(progress) => {
                        assert!(progress.done <= progress.total);
                        slices += 1;
                    }
                    Err(imported) => break imported,
                }
            };
            assert_eq!(imported.result.proposed, once, "{rows} rows a step, {budget} ms a slice");
            // 4 organizations and 22 members, the last step ends the import; a tick a step: budget 0 is a step a slice,
            // 5 is 5 steps (10 rows).
            assert_eq!(slices, expected, "{rows} rows a step, {budget} ms a slice");
        }
    }

    #[test]
    fn another_rule_set_imports_the_same_files_again() {
        let state = imported(1000);
        let same = state.apply(UnitAction::SetRules(crate::shared::state::SharedRules(state.rules.clone())));
        assert!(same.imported.is_some(), "the same rule set changes nothing");
        let other = Rc::new(xeploai::builtin::load_default());
        let next = state.apply(UnitAction::SetRules(crate::shared::state::SharedRules(other.clone())));
        assert!(next.imported.is_none() && next.generation > state.generation);
        assert!(Rc::ptr_eq(&next.job().expect("an import is due").rules, &other));
    }

    #[test]
    fn sorting_filtering_paging_and_details() {
        let state = imported(100);
        let by_score = state.apply(UnitAction::Sort(SortKey::Score));
        let scores: Vec<Num> = by_score
            .visible
            .iter()
            .map(|i| by_score.imported.as_ref().unwrap().result.members.verdict(*i).score)
            .collect();
        assert!(scores.windows(2).all(|w| w[0] <= w[1]));
        let down = by_score.apply(UnitAction::Sort(SortKey::Score));
        assert!(down.view.descending);
        let filtered = state.apply(UnitAction::Filter("nguyen".into()));
        assert_eq!(filtered.visible.len(), 1, "Nguyễn Văn Hùng, found without diacritics");
        let kht = state.apply(UnitAction::FilterLevel("kht".into()));
        assert_eq!(kht.visible.len(), 3);
        let ttr = state.apply(UnitAction::FilterOrg("cb-ttr".into()));
        assert_eq!(ttr.visible.len(), 6);
        let detail = state.apply(UnitAction::Select(Some(Selected::Member(2))));
        assert_eq!(detail.detail.as_ref().unwrap().level.as_deref(), Some("htxs"));
        assert_eq!(state.visible_orgs().len(), 4);
        let weak = state.apply(UnitAction::ToggleOrgLevel(2)).apply(UnitAction::ToggleOrgLevel(3));
        assert_eq!(weak.org_levels, vec![2, 3]);
        let ids: Vec<&str> =
            weak.visible_orgs().iter().map(|i| weak.imported.as_ref().unwrap().roster.orgs.record(*i).id).collect();
        assert_eq!(ids, vec!["cb-ttr"]);
        assert_eq!(weak.apply(UnitAction::ToggleOrgLevel(2)).org_levels, vec![3]);
        let org = state.apply(UnitAction::Select(Some(Selected::Org(0))));
        assert_eq!(org.detail.as_ref().unwrap().subject, "collective");
    }

    #[test]
    fn targets_from_the_roster_and_from_typed_figures() {
        let state = imported(100);
        let members_good = state.target_results.iter().find(|t| t.id == "members_good").unwrap();
        assert_eq!(members_good.status, xeploai::targets::TargetStatus::Fail);
        // A committee with only totals: 159 base organizations, 31 / 121 / 7 / 0.
        let typed = [("htxs", "31"), ("htt", "121"), ("ht", "7"), ("kht", "0")].iter().fold(
            UnitState::new(rules(), Lang::Vi, UnitSaved::default()),
            |s, (level, n)| {
                s.apply(UnitAction::SetPopulationCount {
                    population: "base_organizations".into(),
                    level: level.to_string(),
                    text: n.to_string(),
                })
            },
        );
        let base = typed.target_results.iter().find(|t| t.id == "base_orgs_good").unwrap();
        assert_eq!(base.actual, Num::ratio(152, 159));
        let typed = typed.apply(UnitAction::SetFigure { name: "admitted".into(), text: "934".into() });
        let typed = typed.apply(UnitAction::SetFigure { name: "admitted_plan".into(), text: "1.300".into() });
        let typed = typed.apply(UnitAction::SetReported { target: "admission_plan".into(), text: "71,85%".into() });
        let plan = typed.target_results.iter().find(|t| t.id == "admission_plan").unwrap();
        assert_eq!(plan.reported.as_ref().map(|r| r.matches), Some(true));
        let typed = typed.apply(UnitAction::SetReported { target: "admission_plan".into(), text: "72,85%".into() });
        assert!(typed.target_diagnostics.iter().any(|d| d.code == xeploai::Code::ReportedMismatch));
    }

    #[test]
    fn vietnamese_thousands_in_typed_counts() {
        assert_eq!(grouped_count("1.300"), "1300");
        assert_eq!(grouped_count("2.900.000"), "2900000");
        assert_eq!(grouped_count("71,85"), "71,85");
        assert_eq!(grouped_count("1.5"), "1.5");
        assert_eq!(grouped_count("1.3000"), "1.3000");
    }

    #[test]
    fn broken_rows_are_listed_and_the_rest_classified() {
        let state = UnitState::new(rules(), Lang::Vi, UnitSaved::default());
        let state = state.apply(UnitAction::FileLoaded(csv_file(
            "members-bad-cells.csv",
            TableKind::Members,
            &fixture("members-bad-cells.csv"),
        )));
        let imported = state.job().unwrap().run();
        assert_eq!(imported.roster.members.len(), 6);
        assert_eq!(imported.diagnostics.iter().filter(|d| d.is_error()).count(), 4);
    }

    #[test]
    fn a_file_that_cannot_be_imported_keeps_the_previous_result_and_says_why() {
        let state = imported(CHUNK);
        let before = state.imported.clone().expect("an import");
        let members = state.members_file.clone();
        let not_text = match xeploai::input::decode(vec![b'M', 0xff, b'\n'], Some("latin.csv")) {
            Ok(_) => unreachable!("not UTF-8"),
            Err(problem) => LoadedFile {
                name: "latin.csv".into(),
                kind: TableKind::Members,
                rows: Vec::new(),
                problems: vec![problem],
                sheets: Vec::new(),
                sheet: None,
                header_pick: None,
                preview: None,
            },
        };
        // A header with a million columns, a cell of 50 MB: past the engine's input limits, so never read.
        let wide = format!("{}\n1\n", vec!["c"; xeploai::input::limits::MAX_COLUMNS + 1].join(","));
        let long_cell = format!("ma,ho_ten\nx1,{}\n", "a".repeat(xeploai::input::limits::MAX_CELL_BYTES + 1));
        for (file, expected) in [
            (not_text, "not-utf8"),
            (csv_file("wide.csv", TableKind::Members, &wide), "input-limit"),
            (csv_file("long.csv", TableKind::Members, &long_cell), "input-limit"),
            (csv_file("empty.csv", TableKind::Members, ""), "không có dòng dữ liệu"),
        ] {
            let name = file.name.clone();
            let after = state.apply(UnitAction::FileLoaded(file));
            assert!(Rc::ptr_eq(after.imported.as_ref().unwrap(), &before), "{name}: the previous result stays");
            assert_eq!(after.members_file, members, "{name}: the previous file stays");
            assert!(after.job().is_none(), "{name}: nothing is imported again");
            let message = after.message.expect("a message");
            assert!(message.vi.contains(&name) && message.vi.contains(expected), "{}", message.vi);
            assert!(message.get(Lang::En).contains("the previous result is kept"));
        }
    }

    #[test]
    fn a_sheet_row_that_stops_early_has_its_last_cells_empty() {
        let cells = vec![
            vec!["Mã".to_string(), "Họ và tên".to_string(), "Ghi chú".to_string()],
            vec!["x1".to_string()],
            vec![],
            vec!["x2".to_string(), "B".to_string(), "c".to_string(), "d".to_string()],
        ];
        let file = sheet_file("m.xlsx [S]".into(), TableKind::Members, cells, vec!["S".into()], "S".into());
        let widths: Vec<(u32, usize)> = file.rows.iter().map(|(row, cells)| (*row, cells.len())).collect();
        assert_eq!(widths, [(1, 3), (2, 3), (3, 0), (4, 4)], "padded, blank rows left blank, longer rows kept");
    }

    #[test]
    fn settings_saved_in_another_tab_are_followed() {
        let state = imported(CHUNK);
        assert_eq!(state.apply(UnitAction::SettingsChangedElsewhere(state.saved.clone())), state);
        let mut figures = state.saved.clone();
        figures.figures.values.insert("admitted".into(), "12".into());
        let followed = state.apply(UnitAction::SettingsChangedElsewhere(figures.clone()));
        assert_eq!(followed.saved, figures);
        assert!(followed.imported.is_some(), "typed figures alone do not import again");
        assert!(followed.message.unwrap().vi.contains("thẻ khác"));
        let mut mapping = state.saved.clone();
        mapping.overrides.insert("Ghi chú".into(), String::new());
        let remapped = state.apply(UnitAction::SettingsChangedElsewhere(mapping));
        assert!(remapped.job().is_some(), "another column mapping imports the roster again");
    }

    #[test]
    fn a_column_mapping_is_remembered_and_reruns_the_import() {
        let text = "Mã,Tên,Đơn vị,Điểm A,Điểm B,Giao,Đúng hạn\nx1,An,cb1,28,65,10,10\n";
        let state = UnitState::new(rules(), Lang::Vi, UnitSaved::default());
        let state = state.apply(UnitAction::FileLoaded(csv_file("m.csv", TableKind::Members, text)));
        let first = state.job().unwrap().run();
        assert!(first.diagnostics.iter().any(|d| d.code == xeploai::Code::MissingColumn));
        let mapped = [
            ("Điểm A", "common_points"),
            ("Điểm B", "task_points"),
            ("Giao", "tasks_assigned"),
            ("Đúng hạn", "tasks_on_time"),
            ("Đơn vị", "org"),
        ]
        .iter()
        .fold(state, |s, (h, m)| s.apply(UnitAction::SetOverride { header: h.to_string(), meaning: m.to_string() }));
        let generation = mapped.generation;
        let second = mapped.job().unwrap().run();
        assert!(!second.diagnostics.iter().any(|d| d.is_error()), "{:?}", second.diagnostics);
        assert_eq!(second.result.members.verdict(0).level(), Some(1));
        let done = mapped.apply(UnitAction::Imported { generation, imported: Rc::new(second) });
        assert_eq!(done.saved.overrides.get("Điểm A").map(String::as_str), Some("common_points"));
        let saved = serde_json::to_string(&done.saved).unwrap();
        assert_eq!(unit_saved_from(Some(&saved)), done.saved);
        // A stale job's result is ignored.
        let stale = done.apply(UnitAction::SetOverride { header: "Tên".into(), meaning: "name".into() });
        let ignored = stale.apply(UnitAction::Imported { generation, imported: done.imported.clone().unwrap() });
        assert!(ignored.imported.is_none());
    }

    #[test]
    fn referred_and_invalid_members_are_listed_filtered_and_reported() {
        let text = include_str!("../../../../tests/fixtures/outcomes/outcomes.toml");
        let rules = Rc::new(xeploai::load(text, None).0.unwrap());
        let members = "id,org,points,tasks_assigned,tasks_on_time,tasks_late,tasks_exceeding,suspended,admitted_months,degradation,discipline,duty_related,mitigation_claimed,sick_months
a1,c1,95,10,10,0,2,no,24,no,none,no,no,0
r1,c1,95,10,10,0,2,no,24,no,khien_trach,yes,yes,0
r2,c1,40,10,10,0,0,no,24,no,khien_trach,yes,yes,0
x1,c1,80,10,11,3,0,no,24,no,none,no,no,0
";
        let state = UnitState::new(rules, Lang::Vi, UnitSaved::default());
        let state = state.apply(UnitAction::FileLoaded(csv_file("m.csv", TableKind::Members, members)));
        let generation = state.generation;
        let imported = state.job().unwrap().run();
        let contradictions: Vec<_> =
            imported.diagnostics.iter().filter(|d| d.code == xeploai::Code::Contradiction).collect();
        assert_eq!(contradictions.len(), 1, "{:?}", imported.diagnostics);
        assert_eq!(contradictions[0].location.row, Some(5));
        assert!(contradictions[0].message.vi.starts_with("x1: số liệu mâu thuẫn"), "{}", contradictions[0].message.vi);
        let state = state.apply(UnitAction::Imported { generation, imported: Rc::new(imported) });
        let referred = state.referred_members();
        let ids: Vec<(usize, Option<&str>)> = referred.iter().map(|m| (m.index, m.otherwise.as_deref())).collect();
        assert_eq!(ids, [(1, Some("XS")), (2, Some("KHT"))]);
        assert_eq!(referred[0].claim.vi, "Có tình tiết bất khả kháng hoặc tự phát hiện, khắc phục");
        let distribution = &state.imported.as_ref().unwrap().result.member_distribution;
        assert_eq!((distribution.referred, distribution.invalid, distribution.classified()), (2, 1, 1));
        let filtered = state.apply(UnitAction::FilterLevel("referred".into()));
        assert_eq!(*filtered.visible, [1, 2]);
        let filtered = state.apply(UnitAction::FilterLevel("invalid".into()));
        assert_eq!(*filtered.visible, [3]);
    }
}
