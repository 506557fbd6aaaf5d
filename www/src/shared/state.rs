//! The app's state: what the person typed (saved on this device, versioned), and what the engine makes of it.
//!
//! One `State`, one `Action` enum, one pure reducer ([`State::apply`]): every change goes through it, and the
//! engine is called from there (`evaluate`), never from a component. All of it runs natively, so it is tested
//! without a browser.

use std::collections::{BTreeMap, BTreeSet};
use std::rc::Rc;

use serde::{Deserialize, Serialize};
use xeploai::explain::Explanation;
use xeploai::form::{
    Fix, FixStatus, Form, FormInput, FormKind, ReviewText, SECTION_THREE_LIST, Section, Signer,
    section_three_into_lists,
};
use xeploai::lists::{ListReport, Lists};
use xeploai::quota::QuotaCounts;
use xeploai::ruleset::{FactOrigin, RollupGroup, RuleSet};
use xeploai::{Lang, Num, Text, builtin};

use crate::shared::form::{self, Group};

/// Where the saved data lives in the browser, and where unreadable data is set aside instead of being lost.
pub const STORAGE_KEY: &str = "xeploai.saved";
pub const BACKUP_KEY: &str = "xeploai.backup";
/// The version of [`Saved`]. A new version adds a step to [`migrate`], so old data is carried forward.
pub const VERSION: u32 = 1;

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct Person {
    pub name: String,
    pub unit: String,
    pub position: String,
    pub year: String,
}

#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum MembersMode {
    #[default]
    Count,
    List,
}

/// One member of an organization, in list mode.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct MemberRow {
    pub name: String,
    /// A level id, or `not_classified`.
    pub level: String,
    pub score: String,
}

/// The members and sub-units of an organization being assessed.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct Members {
    pub mode: MembersMode,
    /// Count mode: level id (or `not_classified`) → the number as typed.
    pub counts: BTreeMap<String, String>,
    pub rows: Vec<MemberRow>,
    /// Sub-units: level id (or `not_classified`) → the number as typed.
    pub subunits: BTreeMap<String, String>,
}

/// Everything the person typed: the only part of the state that is saved, exported and imported.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Saved {
    pub version: u32,
    #[serde(default)]
    pub lang: Lang,
    pub rule_set: String,
    pub subject: String,
    /// Per subject kind id: fact id → the text as typed (kept even when it is not a valid value).
    #[serde(default)]
    pub inputs: BTreeMap<String, BTreeMap<String, String>>,
    /// Per subject kind id: the registered level id.
    #[serde(default)]
    pub targets: BTreeMap<String, String>,
    #[serde(default)]
    pub person: Person,
    #[serde(default)]
    pub members: Members,
    /// The year-end review this is for: choosing it picks the official rule set in force that year.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub review_year: Option<i32>,
    /// Per subject kind id: the lists declared item by item (list id → items, each field id → text as typed). A
    /// list that is absent is not used: its facts are typed.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub lists: BTreeMap<String, Lists>,
    /// Per subject kind id: lists kept but switched off (`Action::ListUse { on: false }`): the typed facts count.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub lists_off: BTreeMap<String, BTreeSet<String>>,
    // form
    /// The official form's header (committee, place, date) and Part A (sections I–VI), as typed.
    /// Boxed: the form's texts are many strings, and `Saved` travels in an `Action`.
    #[serde(default)]
    pub review: Box<ReviewText>,
}

impl Default for Saved {
    fn default() -> Saved {
        Saved {
            version: VERSION,
            lang: Lang::Vi,
            rule_set: builtin::DEFAULT.to_string(),
            subject: "member".to_string(),
            inputs: BTreeMap::new(),
            targets: BTreeMap::new(),
            person: Person::default(),
            members: Members::default(),
            review_year: None,
            lists: BTreeMap::new(),
            lists_off: BTreeMap::new(),
            review: Box::default(),
        }
    }
}

impl Saved {
    /// The lists used for the current subject kind (those switched off are left out).
    pub fn lists_used(&self) -> Lists {
        let off = self.lists_off.get(&self.subject);
        self.lists
            .get(&self.subject)
            .map(|lists| {
                lists
                    .iter()
                    .filter(|(id, _)| off.is_none_or(|off| !off.contains(*id)))
                    .map(|(id, items)| (id.clone(), items.clone()))
                    .collect()
            })
            .unwrap_or_default()
    }
    /// The lists the engine reads for the current subject kind (`kind`): those used, and Part A section III as the
    /// list it feeds (`shortcomings`) unless that list is switched off; the section is its only source here, so
    /// its items are typed once (an old save's section III counts as soon as it is read).
    pub fn lists_given(&self, rules: &RuleSet, kind: usize) -> Lists {
        let mut lists = self.lists_used();
        // Items of the list saved as such (an imported file) count while the section has none: never dropped.
        let section_empty = self.review.fixes.iter().all(|f| f.shortcoming.trim().is_empty());
        if !(section_empty && lists.get(SECTION_THREE_LIST).is_some_and(|items| !items.is_empty())) {
            lists.remove(SECTION_THREE_LIST);
        }
        let off = self.lists_off.get(&self.subject).is_some_and(|off| off.contains(SECTION_THREE_LIST));
        if !off {
            section_three_into_lists(rules, kind, &self.review, &mut lists);
        }
        lists
    }
}

/// Why saved data could not be read.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum MigrateError {
    /// Not JSON, or not the shape of any version.
    Unreadable(String),
    /// Saved by a newer version of the app.
    Newer(u32),
}

impl MigrateError {
    pub fn text(&self) -> Text {
        match self {
            MigrateError::Unreadable(detail) => {
                Text::new(format!("dữ liệu không đọc được ({detail})"), format!("unreadable data ({detail})"))
            }
            MigrateError::Newer(version) => Text::new(
                format!("dữ liệu do phiên bản mới hơn lưu (phiên bản {version}); hãy dùng phiên bản mới"),
                format!("saved by a newer version (format {version}); use the newer app"),
            ),
        }
    }
}

/// The version of saved data, read before the rest (other fields are skipped unread).
#[derive(Deserialize)]
struct VersionOnly {
    #[serde(default)]
    version: Option<u64>,
}

/// Read saved or exported data of any version this app knows, bringing it to the current version.
///
/// The text is read twice, version first, rather than through `serde_json::Value`: that keeps JSON's generic value
/// type out of the first page's module.
pub fn migrate(text: &str) -> Result<Saved, MigrateError> {
    let header = serde_json::from_str::<VersionOnly>(text).map_err(|e| {
        if e.is_data() {
            MigrateError::Unreadable("version".into())
        } else {
            MigrateError::Unreadable(format!("JSON, dòng/line {} cột/col {}: {e}", e.line(), e.column()))
        }
    })?;
    match header.version.ok_or_else(|| MigrateError::Unreadable("version".into()))? {
        // Each future format adds an arm that converts the previous one and falls through to the next.
        1 => serde_json::from_str(text).map_err(|e| MigrateError::Unreadable(e.to_string())),
        newer => Err(MigrateError::Newer(newer as u32)),
    }
}

/// The result of the engine for the current input.
#[derive(Clone, Debug, PartialEq)]
pub struct Evaluation {
    /// Per fact id (or `members.<level>`, `subunits.<level>`, `row.<index>`): why the text is not a valid value, or
    /// the consistency check it fails with other facts.
    pub errors: BTreeMap<String, Text>,
    pub explanation: Rc<Explanation>,
    pub quota: Option<QuotaView>,
    /// What the lists given did: items' problems (also in `errors` as `list.<id>.<item>.<field>`), facts computed.
    pub lists: Rc<ListReport>,
    /// The facts the explanation was made from (typed, derived, roll-up counts), for the form's annex and Mẫu 01.
    pub row: Rc<Vec<Num>>,
}

/// The excellent quota among an organization's members.
#[derive(Clone, Debug, PartialEq)]
pub struct QuotaView {
    pub name: Text,
    pub level_short: String,
    pub good_short: String,
    pub counts: QuotaCounts,
    pub cap: u64,
    pub excess: u64,
    pub cap_after: u64,
    /// Names from the members list, lowest score first; empty in count mode.
    pub look_first: Vec<String>,
}

/// A compiled rule set passed to a component or an action; two are equal when they are the same one.
#[derive(Clone, Debug)]
pub struct SharedRules(pub Rc<RuleSet>);

impl PartialEq for SharedRules {
    fn eq(&self, other: &SharedRules) -> bool {
        Rc::ptr_eq(&self.0, &other.0)
    }
}

/// Something to tell the person once.
#[derive(Clone, Debug, PartialEq)]
pub enum Notice {
    Imported,
    ImportFailed(Text),
    /// Saved data could not be read: where it was set aside, or that it could not be (then nothing is written
    /// over it until the notice is dismissed).
    StorageRecovered(crate::stored::SetAside),
    /// What was typed could not be saved on this device (storage full, or refused).
    SaveFailed(crate::stored::WriteFailed),
    /// Another tab of the app saved newer data, which this page now shows.
    ChangedElsewhere,
    /// A rule set chosen from the list could not be fetched or compiled; the previous one stays in use.
    RuleSetFailed(Text),
    /// Rows pasted into a list had this many cells beyond the list's columns; those were not pasted.
    PastedExtra(usize),
    /// Something done with the saved profiles, said with its counts (an import: what came in, what did not);
    /// `false` when something could not be read.
    Done(Text, bool),
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum PersonField {
    Name,
    Unit,
    Position,
    Year,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum RowField {
    Name,
    Level,
    Score,
}

// A whole `Saved` (another tab's) is the largest action; actions are dispatched one at a time, so its size does not
// matter, and boxing it would only move the allocation.
#[allow(clippy::large_enum_variant)]
#[derive(Clone, Debug, PartialEq)]
pub enum Action {
    SetLang(Lang),
    SetRuleSet(String),
    /// The review year: the official bundled rule set of the current rule set's domain in force that year is
    /// chosen (and fetched like any other); `None` forgets the year.
    SetReviewYear(Option<i32>),
    SetSubject(String),
    SetInput {
        fact: String,
        text: String,
    },
    SetTarget(Option<String>),
    SetPerson {
        field: PersonField,
        text: String,
    },
    SetMembersMode(MembersMode),
    SetMemberCount {
        level: String,
        text: String,
    },
    SetSubunitCount {
        level: String,
        text: String,
    },
    AddMemberRow,
    SetMemberRow {
        index: usize,
        field: RowField,
        text: String,
    },
    RemoveMemberRow(usize),
    AskClear,
    CancelClear,
    ConfirmClear,
    /// The text of an exported file.
    Import(String),
    Notify(Notice),
    DismissNotice,
    /// The chosen rule set `id`, compiled and packed (`rules/<id>.bin`, see `xeploai::pack`), fetched from the
    /// page's own origin, or why it could not be.
    RuleSetFetched {
        id: String,
        bytes: Result<Vec<u8>, String>,
    },
    /// Use this compiled rule set (the variants workbench's text being edited); what was typed is kept.
    UseRules(SharedRules),
    /// The result of writing `saved` to this device's storage.
    Stored(Result<(), crate::stored::WriteFailed>),
    /// Another tab wrote this text under [`STORAGE_KEY`] (the `storage` event): follow it, so this tab's next save
    /// does not wipe the other tab's edits.
    ChangedElsewhere(Box<Saved>),
    /// Facts sent by the page that embeds the app (`xeploai:set-facts`, see `bridge.rs`): optionally another
    /// subject kind, then each fact set to its text (empty text clears it). Unknown subject kinds are ignored.
    SetFacts {
        subject: Option<String>,
        facts: BTreeMap<String, String>,
    },
    // lists
    /// Set one field of a list's item (`index` from 0; one past the end adds an item); empty text clears it.
    ListItem {
        list: String,
        index: usize,
        field: String,
        value: String,
    },
    /// Insert an empty item before position `at` (past the end: at the end).
    ListAdd {
        list: String,
        at: usize,
    },
    ListRemove {
        list: String,
        index: usize,
    },
    /// Move an item from one position to another.
    ListMove {
        list: String,
        from: usize,
        to: usize,
    },
    /// Rows copied from a spreadsheet or a table (cells in the order of the list's fields), written over the items
    /// from `at` on, adding items as needed.
    ListPaste {
        list: String,
        at: usize,
        rows: Vec<Vec<String>>,
    },
    /// Use the list instead of the typed facts (`on`), or the typed facts again (the items are kept).
    ListUse {
        list: String,
        on: bool,
    },
    // form
    /// A field of the official form's header or Part A.
    SetReview {
        field: ReviewField,
        text: String,
    },
    /// Part A section III: a shortcoming pointed out earlier, added at the end, changed, marked, or removed.
    AddFix,
    SetFix {
        index: usize,
        text: String,
    },
    SetFixStatus {
        index: usize,
        status: FixStatus,
    },
    RemoveFix(usize),
    /// Another saved profile or year was opened (`shared/profiles.rs`): show what it holds, with a notice.
    OpenProfile(Saved, Option<Notice>),
}

/// A free-text field of the official form (see [`ReviewText`]).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ReviewField {
    Committee,
    Place,
    Date,
    Section(Section),
}

#[derive(Clone, Debug)]
pub struct State {
    pub saved: Saved,
    pub rules: Rc<RuleSet>,
    /// The subject kind's index in `rules.subjects`.
    pub kind: usize,
    pub form: Rc<Vec<Group>>,
    pub evaluation: Rc<Evaluation>,
    pub confirm_clear: bool,
    pub notice: Option<Notice>,
}

impl PartialEq for State {
    /// Rule sets are compared by identity: a variant being edited keeps its id and version.
    fn eq(&self, other: &State) -> bool {
        Rc::ptr_eq(&self.rules, &other.rules)
            && self.saved == other.saved
            && self.kind == other.kind
            && self.evaluation == other.evaluation
            && self.confirm_clear == other.confirm_clear
            && self.notice == other.notice
    }
}

impl State {
    /// The state for saved data; an unknown rule set or subject falls back to the defaults.
    ///
    /// Only the default rule set's text is in the page: another bundled one stays chosen in `saved.rule_set`
    /// while the default is in use, and the page fetches it packed ([`State::wants_rules`]) and hands it over with
    /// [`Action::RuleSetFetched`].
    pub fn new(mut saved: Saved) -> State {
        if !builtin::CATALOG.iter().any(|entry| entry.id == saved.rule_set) {
            saved.rule_set = builtin::DEFAULT.to_string();
        }
        State::with_rules(saved, Rc::new(crate::packed::default_rules()))
    }

    /// The state for saved data under a compiled rule set; an unknown subject falls back to the first.
    pub fn with_rules(mut saved: Saved, rules: Rc<RuleSet>) -> State {
        let kind = rules.subject_index(&saved.subject).unwrap_or_else(|| {
            saved.subject = rules.subjects[0].id.clone();
            0
        });
        let form = Rc::new(form::form(&rules, kind));
        let evaluation = Rc::new(evaluate(&rules, kind, &saved));
        State { saved, rules, kind, form, evaluation, confirm_clear: false, notice: None }
    }

    pub fn lang(&self) -> Lang {
        self.saved.lang
    }

    /// The bundled rule set chosen but not yet in use, whose text the page should fetch.
    pub fn wants_rules(&self) -> Option<&str> {
        (self.saved.rule_set != self.rules.id).then_some(self.saved.rule_set.as_str())
    }

    /// The text typed for `fact` of the current subject.
    pub fn input(&self, fact: &str) -> &str {
        self.saved.inputs.get(&self.saved.subject).and_then(|m| m.get(fact)).map(String::as_str).unwrap_or("")
    }

    pub fn target(&self) -> Option<&str> {
        self.saved.targets.get(&self.saved.subject).map(String::as_str)
    }

    /// What the chosen review year calls for: which rule set governs it, or that the one in use does not (then
    /// `true`, a warning). `None` without a review year.
    pub fn year_note(&self) -> Option<(bool, Text)> {
        let year = self.saved.review_year?;
        let rules = &self.rules;
        let domain = builtin::domain_of(rules);
        let years = builtin::years_of(rules);
        Some(match builtin::in_force_text(year, domain) {
            Ok((entry, _)) if entry.id != rules.id && self.wants_rules().is_none() => {
                let text = Text::new(
                    format!(
                        "Năm {year} nằm ngoài các năm bộ quy tắc {} áp dụng ({}); bộ đang áp dụng năm đó: {}",
                        rules.id,
                        years.describe(Lang::Vi),
                        entry.id
                    ),
                    format!(
                        "{year} is outside the years of the rule set {} ({}); the one in force that year: {}",
                        rules.id,
                        years.describe(Lang::En),
                        entry.id
                    ),
                );
                (true, text)
            }
            Ok((_, text)) => (false, text),
            Err(text) => (true, text),
        })
    }

    /// May the page write `saved` to storage? Not while unreadable data that could not be set aside is still
    /// only in memory (the person downloads it or dismisses the notice first).
    pub fn may_write(&self) -> bool {
        !matches!(&self.notice, Some(Notice::StorageRecovered(set_aside)) if set_aside.at_risk())
    }

    /// The official form this subject kind hands in (Mẫu 01, 2A, 2B, 2C).
    pub fn form_kind(&self) -> FormKind {
        let subject = &self.rules.subjects[self.kind];
        FormKind::of(subject.form.as_deref(), subject.collective)
    }

    /// The official form filled from what was typed and the evaluation; its `document()` is what the print view
    /// shows and the Word file holds.
    pub fn form(&self) -> Form {
        let person = &self.saved.person;
        Form::build(FormInput {
            rules: &self.rules,
            kind: self.kind,
            row: &self.evaluation.row,
            explanation: &self.evaluation.explanation,
            signer: Signer {
                name: person.name.clone(),
                position: person.position.clone(),
                unit: person.unit.clone(),
                year: person.year.clone(),
            },
            review: (*self.saved.review).clone(),
            review_year: self.saved.review_year,
            lists: &self.saved.lists_given(&self.rules, self.kind),
            lang: self.lang(),
        })
    }

    /// Whether Part A section III feeds facts here (the rule set has its list for the subject kind).
    pub fn section_three_feeds(&self) -> bool {
        self.rules.lists_for(self.kind).any(|(_, l)| l.id == SECTION_THREE_LIST)
    }

    pub fn is_collective(&self) -> bool {
        self.rules.subjects[self.kind].collective
    }

    /// The reducer: the state after `action`.
    pub fn apply(&self, action: Action) -> State {
        let mut saved = self.saved.clone();
        let subject = saved.subject.clone();
        match action {
            Action::SetLang(lang) => {
                saved.lang = lang;
                // Only the language changed: keep the evaluation.
                return State { saved, ..self.clone() };
            }
            Action::SetRuleSet(id) => {
                if id == builtin::DEFAULT && self.rules.id != id {
                    saved.rule_set = id;
                    return State { notice: self.notice.clone(), ..State::new(saved) };
                }
                // Another rule set is fetched first (see `wants_rules`); until then the current one stays.
                saved.rule_set = id;
                return State { saved, ..self.clone() };
            }
            Action::SetReviewYear(year) => {
                saved.review_year = year;
                if let Some(year) = year {
                    saved.person.year = year.to_string();
                    let domain = builtin::domain_of(&self.rules);
                    if let Some(entry) = builtin::in_force(year, domain) {
                        let chosen = State { saved, ..self.clone() };
                        return chosen.apply(Action::SetRuleSet(entry.id.to_string()));
                    }
                }
                return State { saved, ..self.clone() };
            }
            Action::RuleSetFetched { id, bytes } => {
                if id != saved.rule_set {
                    // The person chose another one meanwhile.
                    return self.clone();
                }
                // Why it cannot be used, kept short: the bundled files are made by the same build and tested, so
                // this is about a file that did not arrive whole (or is left from another version of the app).
                let file = format!("rules/{id}.bin");
                let compiled = match bytes {
                    Ok(bytes) => match xeploai::pack::decode(&bytes) {
                        Some(rules) if rules.id == id => Ok(rules),
                        Some(rules) => Err(Text::new(rules.id.clone(), rules.id)),
                        None => Err(Text::new(
                            "tệp hỏng hoặc của một phiên bản khác của ứng dụng",
                            "the file is damaged or from another version of the app",
                        )),
                    },
                    Err(reason) => Err(Text::new(reason.clone(), reason)),
                }
                .map_err(|reason| {
                    Text::new(format!("{file}: {}", reason.vi), format!("{file}: {}", reason.get(Lang::En)))
                });
                return match compiled {
                    Ok(rules) => State { notice: self.notice.clone(), ..State::with_rules(saved, Rc::new(rules)) },
                    Err(reason) => {
                        saved.rule_set = self.rules.id.clone();
                        State { saved, notice: Some(Notice::RuleSetFailed(reason)), ..self.clone() }
                    }
                };
            }
            Action::UseRules(SharedRules(rules)) => {
                return State { notice: self.notice.clone(), ..State::with_rules(saved, rules) };
            }
            Action::SetSubject(id) => saved.subject = id,
            Action::SetInput { fact, text } => {
                let inputs = saved.inputs.entry(subject).or_default();
                if text.trim().is_empty() {
                    inputs.remove(&fact);
                } else {
                    inputs.insert(fact, text);
                }
            }
            Action::SetTarget(level) => match level {
                Some(level) => {
                    saved.targets.insert(subject, level);
                }
                None => {
                    saved.targets.remove(&subject);
                }
            },
            Action::SetPerson { field, text } => {
                let person = &mut saved.person;
                match field {
                    PersonField::Name => person.name = text,
                    PersonField::Unit => person.unit = text,
                    PersonField::Position => person.position = text,
                    PersonField::Year => person.year = text,
                }
                return State { saved, ..self.clone() };
            }
            Action::SetMembersMode(mode) => saved.members.mode = mode,
            Action::SetMemberCount { level, text } => set_count(&mut saved.members.counts, level, text),
            Action::SetSubunitCount { level, text } => set_count(&mut saved.members.subunits, level, text),
            Action::AddMemberRow => saved.members.rows.push(MemberRow {
                level: self.rules.levels[1.min(self.rules.levels.len() - 1)].id.clone(),
                ..MemberRow::default()
            }),
            Action::SetMemberRow { index, field, text } => {
                if let Some(row) = saved.members.rows.get_mut(index) {
                    match field {
                        RowField::Name => row.name = text,
                        RowField::Level => row.level = text,
                        RowField::Score => row.score = text,
                    }
                }
            }
            Action::RemoveMemberRow(index) => {
                if index < saved.members.rows.len() {
                    saved.members.rows.remove(index);
                }
            }
            Action::AskClear => return State { confirm_clear: true, ..self.clone() },
            Action::CancelClear => return State { confirm_clear: false, ..self.clone() },
            Action::ConfirmClear => {
                // Keep the language and the choices of rule set and subject; clear what was typed.
                let cleared = Saved {
                    lang: saved.lang,
                    rule_set: saved.rule_set.clone(),
                    subject: saved.subject.clone(),
                    review_year: saved.review_year,
                    ..Saved::default()
                };
                return State::with_rules(cleared, self.rules.clone());
            }
            Action::Import(text) => {
                return match migrate(&text) {
                    Ok(imported) => State { notice: Some(Notice::Imported), ..State::new(imported) },
                    Err(error) => State { notice: Some(Notice::ImportFailed(error.text())), ..self.clone() },
                };
            }
            Action::SetFacts { subject, facts } => {
                if let Some(kind) = subject.filter(|id| self.rules.subject_index(id).is_some()) {
                    saved.subject = kind;
                }
                let inputs = saved.inputs.entry(saved.subject.clone()).or_default();
                for (fact, text) in facts {
                    if text.trim().is_empty() {
                        inputs.remove(&fact);
                    } else {
                        inputs.insert(fact, text);
                    }
                }
            }
            Action::ListItem { .. }
            | Action::ListAdd { .. }
            | Action::ListRemove { .. }
            | Action::ListMove { .. }
            | Action::ListPaste { .. }
            | Action::ListUse { .. } => {
                if let Some(notice) = edit_list(&self.rules, &mut saved, action) {
                    let state = State::with_rules(saved, self.rules.clone());
                    return State { notice: Some(notice), ..state };
                }
            }
            Action::Notify(notice) => return State { notice: Some(notice), ..self.clone() },
            Action::Stored(Ok(())) => {
                return match self.notice {
                    Some(Notice::SaveFailed(_)) => State { notice: None, ..self.clone() },
                    _ => self.clone(),
                };
            }
            Action::Stored(Err(failed)) => return State { notice: Some(Notice::SaveFailed(failed)), ..self.clone() },
            Action::ChangedElsewhere(other) => {
                let other = *other;
                if other == self.saved {
                    return self.clone();
                }
                let state = if other.rule_set == self.rules.id {
                    State::with_rules(other, self.rules.clone())
                } else {
                    State::new(other)
                };
                return State { notice: Some(Notice::ChangedElsewhere), ..state };
            }
            Action::DismissNotice => return State { notice: None, ..self.clone() },
            // form: what is written in the form changes no fact, so the evaluation stays.
            Action::SetReview { field, text } => {
                let review = &mut saved.review;
                *match field {
                    ReviewField::Committee => &mut review.committee,
                    ReviewField::Place => &mut review.place,
                    ReviewField::Date => &mut review.date,
                    ReviewField::Section(section) => section.text_mut(review),
                } = text;
                return State { saved, ..self.clone() };
            }
            // Section III's items feed the shortcomings counts when the rule set has that list: then re-evaluate.
            Action::AddFix => {
                saved.review.fixes.push(Fix::default());
                if !self.section_three_feeds() {
                    return State { saved, ..self.clone() };
                }
            }
            Action::SetFix { index, text } => {
                if let Some(fix) = saved.review.fixes.get_mut(index) {
                    fix.shortcoming = text;
                }
                if !self.section_three_feeds() {
                    return State { saved, ..self.clone() };
                }
            }
            Action::SetFixStatus { index, status } => {
                if let Some(fix) = saved.review.fixes.get_mut(index) {
                    fix.status = status;
                }
                if !self.section_three_feeds() {
                    return State { saved, ..self.clone() };
                }
            }
            Action::RemoveFix(index) => {
                if index < saved.review.fixes.len() {
                    saved.review.fixes.remove(index);
                }
                if !self.section_three_feeds() {
                    return State { saved, ..self.clone() };
                }
            }
            Action::OpenProfile(opened, notice) => {
                let state = if opened.rule_set == self.rules.id {
                    State::with_rules(opened, self.rules.clone())
                } else {
                    State::new(opened)
                };
                return State { notice, ..state };
            }
        }
        if saved.subject != self.saved.subject {
            return State { notice: self.notice.clone(), ..State::with_rules(saved, self.rules.clone()) };
        }
        let evaluation = Rc::new(evaluate(&self.rules, self.kind, &saved));
        State { saved, evaluation, confirm_clear: false, ..self.clone() }
    }
}

fn set_count(counts: &mut BTreeMap<String, String>, level: String, text: String) {
    if text.trim().is_empty() {
        counts.remove(&level);
    } else {
        counts.insert(level, text);
    }
}

impl yew::Reducible for State {
    type Action = Action;

    fn reduce(self: Rc<Self>, action: Action) -> Rc<Self> {
        Rc::new(self.apply(action))
    }
}

/// Run the engine on what was typed.
pub fn evaluate(rules: &RuleSet, kind: usize, saved: &Saved) -> Evaluation {
    let no_inputs = BTreeMap::new();
    let inputs = saved.inputs.get(&saved.subject).unwrap_or(&no_inputs);
    let (mut row, fact_errors) = xeploai::input::typed_row(rules, kind, inputs);
    // Facts of another rule set (kept when the rule set changes) are not this one's: they are left alone.
    let mut errors: BTreeMap<String, Text> =
        fact_errors.into_iter().filter(|e| e.code != xeploai::Code::UnknownFact).map(|e| (e.fact, e.message)).collect();
    let mut quota = None;
    if rules.subjects[kind].collective {
        let levels = rules.levels.len();
        let (member_counts, scores) = member_counts(rules, &saved.members, &mut errors);
        // A chi bộ has no sub-units: nothing typed there means none.
        // Unless sub-unit counts were given as facts (an embedding page may send them).
        let subunits_given = rules.facts.iter().zip(&row).any(|(fact, value)| {
            matches!(fact.origin, FactOrigin::Rollup { group: RollupGroup::Subunits, .. }) && !value.is_missing()
        });
        let subunit_counts = counts_of(rules, &saved.members.subunits, "subunits", &mut errors)
            .or_else(|| (!subunits_given).then(|| vec![0; levels + 2]));
        fill_rollup(rules, &mut row, RollupGroup::Members, member_counts.as_deref());
        fill_rollup(rules, &mut row, RollupGroup::AllMembers, member_counts.as_deref());
        fill_rollup(rules, &mut row, RollupGroup::Subunits, subunit_counts.as_deref());
        if let (Some(counts), Some(q)) =
            (&member_counts, rules.quotas.iter().find(|q| q.enabled && q.level + 1 < levels))
        {
            let quota_counts = QuotaCounts { candidates: counts[q.level], good: counts[q.level + 1] };
            let resolution = quota_counts.resolve(q.share, q.base, q.rounding);
            let mut candidates: Vec<&ScoredMember> = scores.iter().filter(|(_, _, level)| *level == q.level).collect();
            candidates.sort_by(|a, b| a.1.cmp(&b.1).then_with(|| a.0.cmp(&b.0)));
            quota = Some(QuotaView {
                name: q.name.clone(),
                level_short: rules.levels[q.level].short.clone(),
                good_short: rules.levels[q.level + 1].short.clone(),
                counts: quota_counts,
                cap: resolution.cap,
                excess: resolution.excess,
                cap_after: resolution.cap_after,
                look_first: candidates.iter().take(resolution.excess as usize).map(|c| c.0.clone()).collect(),
            });
        }
    }
    let target = saved.targets.get(&saved.subject).and_then(|id| rules.level_index(id));
    let lists = saved.lists_given(rules, kind);
    let (_, explanation, report) = xeploai::lists::explain(rules, kind, &mut row, &lists, target);
    for problem in &report.problems {
        let key = format!("list.{}.{}.{}", problem.list, problem.item, problem.field.as_deref().unwrap_or(""));
        errors.entry(key).or_insert_with(|| problem.message.clone());
    }
    // Facts that contradict each other: the failed check is shown beside each of them, as a field error.
    for contradiction in &explanation.contradictions {
        for fact in &contradiction.facts {
            errors.entry(fact.clone()).or_insert_with(|| {
                Text::new(
                    format!("Mâu thuẫn: {}", contradiction.name.vi),
                    format!("Contradiction: {}", contradiction.name.get(xeploai::Lang::En)),
                )
            });
        }
    }
    Evaluation { errors, explanation: Rc::new(explanation), quota, lists: Rc::new(report), row: Rc::new(row) }
}

// lists
/// Apply a list edit to `saved` (the current subject kind's lists); a notice when something given was not used.
fn edit_list(rules: &RuleSet, saved: &mut Saved, action: Action) -> Option<Notice> {
    let subject = saved.subject.clone();
    // Pasted cells go to the list's fields in their order (the table's columns).
    let pasted_into = match &action {
        Action::ListPaste { list, .. } => list.as_str(),
        _ => "",
    };
    // A checklist's first field (which item) is the rule set's, never typed or pasted.
    let fields: Vec<String> = rules
        .lists
        .iter()
        .find(|l| l.id == pasted_into)
        .map(|l| l.fields.iter().skip(usize::from(l.is_checklist())).map(|f| f.id.clone()).collect())
        .unwrap_or_default();
    let checklist = |id: &str| rules.lists.iter().any(|l| l.id == id && l.is_checklist());
    let lists = saved.lists.entry(subject.clone()).or_default();
    let mut notice = None;
    match action {
        Action::ListItem { list, index, field, value } => {
            let fixed = checklist(&list);
            let items = lists.entry(list).or_default();
            // A checklist's rows are its items: scoring item 3 first keeps items 1 and 2 as empty rows.
            while fixed && items.len() < index {
                items.push(BTreeMap::new());
            }
            if index > items.len() {
                return None;
            }
            if index == items.len() {
                if value.trim().is_empty() {
                    return None;
                }
                items.push(BTreeMap::new());
            }
            if value.trim().is_empty() {
                items[index].remove(&field);
            } else {
                items[index].insert(field, value);
            }
        }
        Action::ListAdd { list, .. } | Action::ListRemove { list, .. } | Action::ListMove { list, .. }
            if checklist(&list) => {}
        Action::ListAdd { list, at } => {
            let items = lists.entry(list).or_default();
            items.insert(at.min(items.len()), BTreeMap::new());
        }
        Action::ListRemove { list, index } => {
            if let Some(items) = lists.get_mut(&list).filter(|items| index < items.len()) {
                items.remove(index);
            }
        }
        Action::ListMove { list, from, to } => {
            if let Some(items) = lists.get_mut(&list).filter(|items| from < items.len() && to < items.len()) {
                let item = items.remove(from);
                items.insert(to, item);
            }
        }
        Action::ListPaste { list, at, rows } => {
            let items = lists.entry(list).or_default();
            let mut extra = 0;
            for (offset, cells) in rows.into_iter().enumerate() {
                let index = at + offset;
                while items.len() <= index {
                    items.push(BTreeMap::new());
                }
                extra += cells.len().saturating_sub(fields.len());
                for (field, cell) in fields.iter().zip(cells) {
                    let cell = cell.trim().to_string();
                    if cell.is_empty() {
                        items[index].remove(field);
                    } else {
                        items[index].insert(field.clone(), cell);
                    }
                }
            }
            if extra > 0 {
                notice = Some(Notice::PastedExtra(extra));
            }
        }
        Action::ListUse { list, on } => {
            let off = saved.lists_off.entry(subject.clone()).or_default();
            if on {
                off.remove(&list);
                if list != SECTION_THREE_LIST {
                    lists.entry(list).or_default();
                }
            } else {
                off.insert(list);
            }
            if off.is_empty() {
                saved.lists_off.remove(&subject);
            }
        }
        _ => {}
    }
    notice
}

/// Whether a yes/no cell of a list as typed (or pasted: "có", "x", "yes") is ticked.
pub fn list_checked(text: &str) -> bool {
    xeploai::input::parse_bool(text).unwrap_or(false)
}

/// The choice a cell of a list holds, by id or by name as pasted (with or without diacritics); `None` when empty or
/// not one of the field's choices (the cell then keeps its text, and its error says why).
pub fn list_choice(field: &xeploai::ruleset::ListField, text: &str) -> Option<String> {
    let folded = xeploai::input::fold(text);
    field
        .choices
        .iter()
        .find(|c| {
            c.id == text
                || xeploai::input::fold(&c.name.vi) == folded
                || c.name.en.as_deref().is_some_and(|en| xeploai::input::fold(en) == folded)
        })
        .map(|c| c.id.clone())
}

/// Split text copied from a spreadsheet or a word processor's table into rows of cells: tab-separated, one row a
/// line (a cell quoted by the spreadsheet may hold tabs or line breaks); blank lines are dropped.
pub fn paste_rows(text: &str) -> Vec<Vec<String>> {
    let mut rows = Vec::new();
    let mut row: Vec<String> = Vec::new();
    let mut cell = String::new();
    let mut quoted = false;
    let mut chars = text.chars().peekable();
    let mut at_start = true;
    while let Some(ch) = chars.next() {
        match ch {
            '"' if at_start && !quoted => quoted = true,
            '"' if quoted => {
                if chars.peek() == Some(&'"') {
                    chars.next();
                    cell.push('"');
                } else {
                    quoted = false;
                }
            }
            '\t' if !quoted => {
                row.push(std::mem::take(&mut cell));
                at_start = true;
                continue;
            }
            '\r' if !quoted => continue,
            '\n' if !quoted => {
                row.push(std::mem::take(&mut cell));
                if row.iter().any(|c| !c.trim().is_empty()) {
                    rows.push(std::mem::take(&mut row));
                } else {
                    row.clear();
                }
                at_start = true;
                continue;
            }
            other => cell.push(other),
        }
        at_start = false;
    }
    row.push(cell);
    if row.iter().any(|c| !c.trim().is_empty()) {
        rows.push(row);
    }
    rows
}

/// The position of a typed count key in a counts vector: a level, then not classified, then referred.
fn count_index(rules: &RuleSet, key: &str) -> Option<usize> {
    match key {
        "not_classified" => Some(rules.levels.len()),
        "referred" => Some(rules.levels.len() + 1),
        level => rules.level_index(level),
    }
}

/// Counts per level (then not classified, then referred) from typed counts; `None` when nothing was typed.
fn counts_of(
    rules: &RuleSet,
    typed: &BTreeMap<String, String>,
    prefix: &str,
    errors: &mut BTreeMap<String, Text>,
) -> Option<Vec<u64>> {
    if typed.is_empty() {
        return None;
    }
    let mut counts = vec![0u64; rules.levels.len() + 2];
    for (key, text) in typed {
        let Some(index) = count_index(rules, key) else { continue };
        match text.trim().parse::<u64>() {
            Ok(n) if n <= 1_000_000 => counts[index] = n,
            _ => {
                errors.insert(
                    format!("{prefix}.{key}"),
                    Text::new(
                        format!("\"{text}\" không phải số nguyên không âm"),
                        format!("\"{text}\" is not a whole number"),
                    ),
                );
            }
        }
    }
    Some(counts)
}

/// A listed member: name, score (if typed) and level index.
type ScoredMember = (String, Option<Num>, usize);

/// Member counts from the chosen mode, and in list mode each member's name, score and level.
fn member_counts(
    rules: &RuleSet,
    members: &Members,
    errors: &mut BTreeMap<String, Text>,
) -> (Option<Vec<u64>>, Vec<ScoredMember>) {
    match members.mode {
        MembersMode::Count => (counts_of(rules, &members.counts, "members", errors), Vec::new()),
        MembersMode::List => {
            if members.rows.is_empty() {
                return (None, Vec::new());
            }
            let mut counts = vec![0u64; rules.levels.len() + 2];
            let mut scored = Vec::new();
            for (index, row) in members.rows.iter().enumerate() {
                let level = count_index(rules, &row.level).unwrap_or(rules.levels.len());
                counts[level] += 1;
                let score = match Num::parse(&row.score) {
                    Ok(score) => Some(score),
                    Err(xeploai::num::ParseNumError::Empty) => None,
                    Err(_) => {
                        errors.insert(
                            format!("row.{index}"),
                            Text::new(
                                format!("\"{}\" không phải là số", row.score),
                                format!("\"{}\" is not a number", row.score),
                            ),
                        );
                        None
                    }
                };
                let name = if row.name.trim().is_empty() { format!("#{}", index + 1) } else { row.name.clone() };
                if level < rules.levels.len() {
                    scored.push((name, score, level));
                }
            }
            (Some(counts), scored)
        }
    }
}

/// Write roll-up facts of one group from counts per level (then not classified, then referred), when there are
/// counts; otherwise roll-up counts typed as facts stay.
fn fill_rollup(rules: &RuleSet, row: &mut [Num], group: RollupGroup, counts: Option<&[u64]>) {
    if let Some(counts) = counts {
        xeploai::unit::fill_rollup(rules, row, group, counts);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use xeploai::Classifier;
    use xeploai::explain::ResultStatus;

    fn typed(state: &State, pairs: &[(&str, &str)]) -> State {
        pairs.iter().fold(state.clone(), |s, (fact, text)| {
            s.apply(Action::SetInput { fact: fact.to_string(), text: text.to_string() })
        })
    }

    fn level(state: &State) -> Option<String> {
        state.evaluation.explanation.level.clone()
    }

    #[test]
    fn a_new_form_is_incomplete_and_says_what_to_fill_in() {
        let state = State::new(Saved::default());
        assert_eq!(state.evaluation.explanation.status, ResultStatus::Incomplete);
        assert!(state.evaluation.explanation.missing_facts.contains(&"common_points".to_string()));
    }

    #[test]
    fn typing_gives_the_four_levels() {
        let state = State::new(Saved::default());
        let base = [("tasks_assigned", "10"), ("tasks_on_time", "10")];
        let s =
            typed(&typed(&state, &base), &[("common_points", "28"), ("task_points", "65"), ("tasks_exceeding", "3")]);
        assert_eq!(level(&s).as_deref(), Some("htxs"));
        let s = typed(&s, &[("tasks_exceeding", "0")]);
        assert_eq!(level(&s).as_deref(), Some("htt"));
        let s = typed(&s, &[("task_points", "35")]);
        assert_eq!(level(&s).as_deref(), Some("ht"));
        let s = typed(&s, &[("task_points", "10")]);
        assert_eq!(level(&s).as_deref(), Some("kht"));
        let s = typed(&s, &[("months_since_admission", "3")]);
        assert_eq!(s.evaluation.explanation.status, ResultStatus::NotClassified);
    }

    #[test]
    fn invalid_text_is_kept_and_explained() {
        let state = State::new(Saved::default());
        let s = typed(&state, &[("common_points", "31"), ("task_points", "6x")]);
        assert_eq!(s.input("common_points"), "31", "nothing typed is cleared");
        assert_eq!(s.evaluation.errors["common_points"].vi, "không được lớn hơn 30");
        assert_eq!(s.evaluation.errors["task_points"].en.as_deref(), Some("\"6x\" is not a number"));
        let s = typed(&s, &[("common_points", "29,5")]);
        assert!(!s.evaluation.errors.contains_key("common_points"));
    }

    #[test]
    fn subjects_keep_their_own_inputs_and_language_switch_keeps_everything() {
        let state = typed(&State::new(Saved::default()), &[("common_points", "28")]);
        let leader = state.apply(Action::SetSubject("leader".into()));
        assert_eq!(leader.input("common_points"), "");
        let back = leader.apply(Action::SetSubject("member".into()));
        assert_eq!(back.input("common_points"), "28");
        let english = back.apply(Action::SetLang(Lang::En));
        assert_eq!(english.lang(), Lang::En);
        assert_eq!(english.evaluation, back.evaluation);
    }

    #[test]
    fn registered_target_shows_the_gap() {
        let state = typed(
            &State::new(Saved::default()),
            &[
                ("common_points", "27"),
                ("task_points", "58"),
                ("tasks_assigned", "10"),
                ("tasks_on_time", "10"),
                ("tasks_exceeding", "2"),
            ],
        );
        let s = state.apply(Action::SetTarget(Some("htxs".into())));
        let gap = s.evaluation.explanation.target.as_ref().expect("a target gap");
        let missing: Vec<&str> = gap.unmet.iter().map(|f| f.rule.as_str()).collect();
        assert_eq!(missing, ["band.htxs", "htxs_tasks_exceeding"]);
        assert!(s.apply(Action::SetTarget(None)).evaluation.explanation.target.is_none());
    }

    #[test]
    fn organization_with_member_counts_and_quota() {
        let state = State::new(Saved::default()).apply(Action::SetSubject("collective".into()));
        assert!(state.is_collective());
        let s = typed(
            &state,
            &[
                ("common_points", "28"),
                ("task_points", "66"),
                ("tasks_assigned", "20"),
                ("tasks_on_time", "20"),
                ("tasks_exceeding", "6"),
            ],
        );
        assert_eq!(s.evaluation.explanation.status, ResultStatus::Incomplete, "member counts are needed");
        let s = [("htxs", "5"), ("htt", "13"), ("ht", "0")]
            .iter()
            .fold(s, |s, (level, n)| s.apply(Action::SetMemberCount { level: level.to_string(), text: n.to_string() }));
        assert_eq!(level(&s).as_deref(), Some("htxs"));
        let quota = s.evaluation.quota.as_ref().expect("quota status");
        assert_eq!(
            (quota.counts.candidates, quota.counts.good, quota.cap, quota.excess, quota.cap_after),
            (5, 13, 2, 2, 3)
        );
        let s = s.apply(Action::SetMemberCount { level: "ht".into(), text: "5".into() });
        assert_eq!(level(&s).as_deref(), Some("htt"), "18 of 23 good or better is under 80%");
    }

    /// Roll-up counts sent as facts (an embedding page, like the embedded element's form) are used as the embedded
    /// module uses them, through the engine's one reading of typed facts; counts typed in the members panel win.
    #[test]
    fn organization_with_roll_up_counts_sent_as_facts() {
        let facts = [
            ("common_points", "28"),
            ("task_points", "66"),
            ("tasks_assigned", "20"),
            ("tasks_on_time", "20"),
            ("tasks_exceeding", "6"),
            ("members.classified", "18"),
            ("members.ge_ht", "18"),
            ("members.ge_htt", "18"),
            ("members.htxs", "5"),
            ("subunits.classified", "0"),
        ];
        let sent: BTreeMap<String, String> = facts.iter().map(|(k, v)| (k.to_string(), v.to_string())).collect();
        let s = State::new(Saved::default())
            .apply(Action::SetFacts { subject: Some("collective".into()), facts: sent.clone() });
        assert!(s.evaluation.errors.is_empty(), "{:?}", s.evaluation.errors);
        let (row, errors) = xeploai::input::typed_row(&s.rules, s.kind, &sent);
        assert!(errors.is_empty());
        let (_, engine) = Classifier::new(&s.rules).explain(s.kind, &row, None);
        assert_eq!(s.evaluation.explanation.level, engine.level);
        assert_eq!(level(&s).as_deref(), Some("htxs"), "the typed counts are used, not ignored");
        let s = s.apply(Action::SetMemberCount { level: "ht".into(), text: "5".into() });
        assert_eq!(level(&s).as_deref(), Some("htt"), "counts typed in the panel win: 0 of 5 good or better");
    }

    #[test]
    fn organization_member_list_names_who_to_look_at_first() {
        let state = State::new(Saved::default())
            .apply(Action::SetSubject("collective".into()))
            .apply(Action::SetMembersMode(MembersMode::List));
        let mut s = state;
        let rows = [
            ("An", "htxs", "95"),
            ("Bình", "htxs", "91"),
            ("Cường", "htxs", "92"),
            ("Dung", "htt", "80"),
            ("Em", "htt", "82"),
        ];
        for (i, (name, level, score)) in rows.iter().enumerate() {
            s = s.apply(Action::AddMemberRow);
            s = s.apply(Action::SetMemberRow { index: i, field: RowField::Name, text: name.to_string() });
            s = s.apply(Action::SetMemberRow { index: i, field: RowField::Level, text: level.to_string() });
            s = s.apply(Action::SetMemberRow { index: i, field: RowField::Score, text: score.to_string() });
        }
        let quota = s.evaluation.quota.as_ref().unwrap();
        assert_eq!((quota.counts.candidates, quota.counts.good, quota.cap, quota.excess), (3, 2, 0, 3));
        assert_eq!(quota.look_first, ["Bình", "Cường", "An"]);
        let s = s.apply(Action::RemoveMemberRow(0));
        assert_eq!(s.saved.members.rows.len(), 4);
    }

    #[test]
    fn clear_asks_first_and_keeps_the_choices() {
        let state = typed(&State::new(Saved::default()).apply(Action::SetLang(Lang::En)), &[("common_points", "28")]);
        let asked = state.apply(Action::AskClear);
        assert!(asked.confirm_clear);
        assert_eq!(asked.input("common_points"), "28");
        assert_eq!(asked.apply(Action::CancelClear).input("common_points"), "28");
        let cleared = asked.apply(Action::ConfirmClear);
        assert_eq!(cleared.input("common_points"), "");
        assert_eq!(cleared.lang(), Lang::En);
    }

    #[test]
    fn export_and_import_round_trip() {
        let state = typed(&State::new(Saved::default()), &[("common_points", "28"), ("task_points", "abc")])
            .apply(Action::SetPerson { field: PersonField::Name, text: "Nguyễn Văn An".into() });
        let exported = serde_json::to_string(&state.saved).unwrap();
        let imported = State::new(Saved::default()).apply(Action::Import(exported));
        assert_eq!(imported.saved, state.saved);
        assert_eq!(imported.notice, Some(Notice::Imported));
        let failed = imported.apply(Action::Import("{\"version\": 1, \"ruleSet\": ".into()));
        assert!(matches!(failed.notice, Some(Notice::ImportFailed(_))));
        assert_eq!(failed.saved, state.saved, "a bad file changes nothing");
    }

    /// The default rule set's text as another rule set `id`, with the excellent band at `min_score`.
    fn other_rule_set(id: &str, min_score: &str) -> String {
        builtin::DEFAULT_TEXT
            .replacen(&format!("id = \"{}\"", builtin::DEFAULT), &format!("id = \"{id}\""), 1)
            .replacen("min_score = 90", &format!("min_score = {min_score}"), 1)
    }

    /// A rule set's text compiled and packed, as the page fetches it.
    fn packed(text: &str) -> Vec<u8> {
        xeploai::pack::encode(&xeploai::load(text, None).0.unwrap())
    }

    #[test]
    fn a_review_year_picks_the_rule_set_in_force_and_is_kept() {
        let state = State::new(Saved::default());
        let chosen = state.apply(Action::SetReviewYear(Some(2023)));
        assert_eq!(chosen.saved.review_year, Some(2023));
        assert_eq!(chosen.saved.person.year, "2023");
        assert_eq!(chosen.wants_rules(), Some("qd124-2023"), "QĐ 124 governs the 2023 reviews; it is fetched");
        let back = chosen.apply(Action::SetReviewYear(Some(2026)));
        assert_eq!((back.saved.rule_set.as_str(), back.rules.id.as_str()), ("qd366-2025", "qd366-2025"));
        assert_eq!(back.wants_rules(), None);
        // No rule set for 2017: the year is kept, the rule set stays, and the header says why.
        let none = back.apply(Action::SetReviewYear(Some(2017)));
        assert_eq!((none.saved.review_year, none.saved.rule_set.as_str()), (Some(2017), "qd366-2025"));
        // Saved with the data, and read back; data saved before there was a year still reads.
        let text = serde_json::to_string(&back.saved).unwrap();
        assert_eq!(migrate(&text).unwrap().review_year, Some(2026));
        assert_eq!(migrate(&serde_json::to_string(&Saved::default()).unwrap()).unwrap().review_year, None);
        assert_eq!(back.apply(Action::ConfirmClear).saved.review_year, Some(2026));
    }

    #[test]
    fn another_rule_set_is_fetched_then_used_and_what_was_typed_stays() {
        let state = typed(&State::new(Saved::default()), &[("common_points", "28")]);
        assert_eq!(state.wants_rules(), None);
        let chosen = state.apply(Action::SetRuleSet("other".into()));
        assert_eq!(chosen.wants_rules(), Some("other"));
        assert_eq!(chosen.rules.id, builtin::DEFAULT, "the current rule set stays until the text arrives");
        let late = chosen.apply(Action::RuleSetFetched { id: "late".into(), bytes: Ok(Vec::new()) });
        assert_eq!(late.rules.id, builtin::DEFAULT, "an answer for an earlier choice is ignored");
        let loaded = chosen
            .apply(Action::RuleSetFetched { id: "other".into(), bytes: Ok(packed(&other_rule_set("other", "95"))) });
        assert_eq!((loaded.rules.id.as_str(), loaded.wants_rules()), ("other", None));
        assert_eq!(loaded.input("common_points"), "28");
        assert_eq!(loaded.notice, None);
        let back = loaded.apply(Action::SetRuleSet(builtin::DEFAULT.into()));
        assert_eq!((back.rules.id.as_str(), back.input("common_points")), (builtin::DEFAULT, "28"));
    }

    #[test]
    fn a_rule_set_that_cannot_be_fetched_or_compiled_says_why_and_keeps_the_current_one() {
        let chosen = State::new(Saved::default()).apply(Action::SetRuleSet("other".into()));
        let failed = chosen.apply(Action::RuleSetFetched { id: "other".into(), bytes: Err("HTTP 404".into()) });
        assert_eq!((failed.rules.id.as_str(), failed.saved.rule_set.as_str()), (builtin::DEFAULT, builtin::DEFAULT));
        let Some(Notice::RuleSetFailed(reason)) = &failed.notice else { panic!("a notice") };
        assert!(reason.vi.contains("HTTP 404"), "{}", reason.vi);
        let mut damaged = packed(&other_rule_set("other", "95"));
        damaged.truncate(damaged.len() - 1);
        let broken = chosen.apply(Action::RuleSetFetched { id: "other".into(), bytes: Ok(damaged) });
        let Some(Notice::RuleSetFailed(reason)) = &broken.notice else { panic!("a notice") };
        assert!(reason.vi.contains("tệp hỏng") && reason.vi.contains("rules/other.bin"), "{}", reason.vi);
        let wrong =
            chosen.apply(Action::RuleSetFetched { id: "other".into(), bytes: Ok(packed(&other_rule_set("x", "95"))) });
        let Some(Notice::RuleSetFailed(reason)) = &wrong.notice else { panic!("a notice") };
        assert!(reason.vi.contains("rules/other.bin: x"), "{}", reason.vi);
    }

    #[test]
    fn facts_set_by_an_embedding_page() {
        let state = State::new(Saved::default());
        let facts = [("common_points", "28"), ("task_points", "65"), ("tasks_assigned", "10"), ("tasks_on_time", "10")];
        let facts: BTreeMap<String, String> = facts.iter().map(|(k, v)| (k.to_string(), v.to_string())).collect();
        let state = state.apply(Action::SetFacts { subject: Some("leader".into()), facts: facts.clone() });
        assert_eq!(state.saved.subject, "leader");
        assert_eq!(state.input("common_points"), "28");
        let state = state.apply(Action::SetFacts { subject: Some("robot".into()), facts: BTreeMap::new() });
        assert_eq!(state.saved.subject, "leader", "an unknown subject kind is ignored");
        let cleared = BTreeMap::from([("common_points".to_string(), String::new())]);
        let state = state.apply(Action::SetFacts { subject: None, facts: cleared });
        assert_eq!(state.input("common_points"), "");
        assert_eq!(state.input("task_points"), "65");
    }

    #[test]
    fn a_failed_save_is_shown_with_the_data_and_cleared_by_the_next_good_one() {
        let state = typed(&State::new(Saved::default()), &[("common_points", "28")]);
        let text = serde_json::to_string(&state.saved).unwrap();
        let failed = crate::stored::WriteFailed {
            key: STORAGE_KEY.into(),
            reason: "QuotaExceededError".into(),
            text: Rc::new(text.clone()),
        };
        let state = state.apply(Action::Stored(Err(failed)));
        let Some(Notice::SaveFailed(failed)) = &state.notice else { panic!("a notice") };
        assert_eq!(*failed.text, text, "the notice carries the data to download");
        assert_eq!(state.apply(Action::Stored(Ok(()))).notice, None);
        let imported = state.apply(Action::Notify(Notice::Imported));
        assert_eq!(imported.apply(Action::Stored(Ok(()))).notice, Some(Notice::Imported), "other notices stay");
    }

    #[test]
    fn unreadable_data_that_could_not_be_set_aside_stops_the_writes_until_dismissed() {
        let set_aside = crate::stored::SetAside {
            key: STORAGE_KEY.into(),
            reason: Text::new("x", "x"),
            kept: Err(crate::stored::no_room(true, "")),
            text: Rc::new("{\"version\": 9".into()),
        };
        let state = State::new(Saved::default());
        assert!(state.may_write());
        let kept = crate::stored::SetAside { kept: Ok(BACKUP_KEY.into()), ..set_aside.clone() };
        assert!(state.apply(Action::Notify(Notice::StorageRecovered(kept))).may_write());
        let held = state.apply(Action::Notify(Notice::StorageRecovered(set_aside)));
        assert!(!held.may_write());
        assert!(typed(&held, &[("common_points", "28")]).notice.is_some(), "the notice stays while typing");
        assert!(held.apply(Action::DismissNotice).may_write());
    }

    #[test]
    fn another_tab_saving_is_followed_and_said() {
        let state = typed(&State::new(Saved::default()), &[("common_points", "28")]);
        assert_eq!(
            state.apply(Action::ChangedElsewhere(Box::new(state.saved.clone()))),
            state,
            "our own write changes nothing"
        );
        let other = typed(&state, &[("task_points", "65")]).saved;
        let followed = state.apply(Action::ChangedElsewhere(Box::new(other.clone())));
        assert_eq!(followed.saved, other);
        assert_eq!(followed.input("task_points"), "65");
        assert_eq!(followed.notice, Some(Notice::ChangedElsewhere));
        let elsewhere = Saved { rule_set: "other".into(), ..other };
        let chosen = state.apply(Action::ChangedElsewhere(Box::new(elsewhere)));
        assert_eq!(chosen.rules.id, builtin::DEFAULT, "an unknown rule set falls back");
    }

    // form
    #[test]
    fn part_a_of_the_form_is_saved_and_printed_with_part_b() {
        use xeploai::form::{Block, FixStatus, Section};
        let state = typed(
            &State::new(Saved::default()),
            &[("common_points", "28"), ("task_points", "65"), ("tasks_assigned", "12"), ("tasks_on_time", "12")],
        );
        let texts =
            state.apply(Action::SetReview { field: ReviewField::Place, text: "Huế".into() }).apply(Action::SetReview {
                field: ReviewField::Section(Section::Shortcomings),
                text: "Còn chậm.".into(),
            });
        assert!(Rc::ptr_eq(&texts.evaluation, &state.evaluation), "the form's text changes no fact");
        let s = texts
            .apply(Action::AddFix)
            .apply(Action::AddFix)
            .apply(Action::SetFix { index: 0, text: "Báo cáo trễ".into() })
            .apply(Action::SetFixStatus { index: 0, status: FixStatus::Fixed })
            .apply(Action::SetFix { index: 9, text: "nobody".into() })
            .apply(Action::RemoveFix(1));
        let fed = |s: &State| s.evaluation.row[s.rules.fact_slot("shortcomings_identified").unwrap() as usize];
        assert_eq!(fed(&s), Num::int(1), "section III's items count the shortcomings");
        assert_eq!(s.saved.review.place, "Huế");
        assert_eq!(s.saved.review.fixes.len(), 1);
        assert_eq!(
            (s.saved.review.fixes[0].shortcoming.as_str(), s.saved.review.fixes[0].status),
            ("Báo cáo trễ", FixStatus::Fixed)
        );
        // Saved and read back; data saved before the form existed still reads.
        let text = serde_json::to_string(&s.saved).unwrap();
        assert_eq!(migrate(&text).unwrap().review, s.saved.review);
        assert_eq!(
            migrate(r#"{"version": 1, "ruleSet": "qd366-2025", "subject": "member"}"#).unwrap().review,
            Default::default()
        );
        // The form: Part A as typed, Part B from the evaluation.
        let form = s.form();
        assert_eq!((form.code.as_str(), form.total.as_ref().and_then(|t| t.value)), ("Mẫu 2B", Some(Num::int(93))));
        let document = form.document();
        let paragraphs: Vec<&str> = document
            .blocks
            .iter()
            .filter_map(|b| match b {
                Block::Para(p) => Some(p.text.as_str()),
                _ => None,
            })
            .collect();
        assert!(paragraphs.contains(&"Còn chậm."));
        assert!(paragraphs.contains(&"☒ Hoàn thành tốt nhiệm vụ"), "{paragraphs:#?}");
        assert_eq!(s.apply(Action::ConfirmClear).saved.review, Box::default(), "clear empties the form too");
    }

    #[test]
    fn saved_data_is_versioned() {
        assert!(migrate(&serde_json::to_string(&Saved::default()).unwrap()).is_ok());
        assert_eq!(migrate("{\"version\": 2, \"anything\": true}"), Err(MigrateError::Newer(2)));
        assert!(matches!(migrate("not json"), Err(MigrateError::Unreadable(_))));
        assert!(matches!(migrate("{\"ruleSet\": \"x\"}"), Err(MigrateError::Unreadable(_))));
        // An unknown rule set or subject falls back instead of failing.
        let saved = Saved { rule_set: "gone".into(), subject: "nobody".into(), ..Saved::default() };
        let state = State::new(saved);
        assert_eq!(state.saved.rule_set, builtin::DEFAULT);
        assert_eq!(state.saved.subject, "member");
    }

    fn outcomes_rules() -> Rc<RuleSet> {
        let text = include_str!("../../../tests/fixtures/outcomes/outcomes.toml");
        let (rules, diagnostics) = xeploai::load(text, None);
        assert!(diagnostics.iter().all(|d| !d.is_error()), "{diagnostics:?}");
        Rc::new(rules.unwrap())
    }

    fn outcomes_member() -> State {
        let state = State::with_rules(Saved { subject: "member".into(), ..Saved::default() }, outcomes_rules());
        // A clean member with 80 points (the same facts as the engine's and the embed's tests).
        let clean: Vec<(&str, &str)> = include_str!("../../../tests/fixtures/outcomes/clean-member.txt")
            .lines()
            .filter_map(|line| line.split_once('='))
            .collect();
        typed(&state, &clean)
    }

    #[test]
    fn a_claim_of_mitigation_refers_the_case_with_the_level_otherwise() {
        let state = outcomes_member();
        assert_eq!(level(&state).as_deref(), Some("tt"));
        let s = typed(&state, &[("discipline", "khien_trach"), ("duty_related", "true")]);
        assert_eq!(level(&s).as_deref(), Some("kht"));
        let s = typed(&s, &[("mitigation_claimed", "true")]);
        let explanation = &s.evaluation.explanation;
        assert_eq!(explanation.status, ResultStatus::Referred);
        assert_eq!(explanation.level, None);
        let referral = explanation.referral.as_ref().unwrap();
        assert_eq!((referral.rule.as_str(), referral.otherwise.as_deref()), ("dq_discipline", Some("tt")));
        // Unticking the claim gives the lowest level back.
        let s = typed(&s, &[("mitigation_claimed", "false")]);
        assert_eq!(level(&s).as_deref(), Some("kht"));
    }

    #[test]
    fn contradictory_facts_are_shown_at_their_fields_instead_of_a_level() {
        let state = outcomes_member();
        let s = typed(&state, &[("tasks_on_time", "11"), ("tasks_late", "3"), ("tasks_assigned", "12")]);
        assert_eq!(s.evaluation.explanation.status, ResultStatus::Invalid);
        for fact in ["tasks_on_time", "tasks_late", "tasks_assigned"] {
            assert_eq!(
                s.evaluation.errors[fact].vi,
                "Mâu thuẫn: Số nhiệm vụ đúng hạn cộng trễ hạn không vượt quá số được giao"
            );
        }
        assert!(!s.evaluation.errors.contains_key("points"));
        assert_eq!(s.input("tasks_on_time"), "11", "nothing typed is cleared");
        let fixed = typed(&s, &[("tasks_on_time", "9")]);
        assert!(fixed.evaluation.errors.is_empty());
        assert_ne!(fixed.evaluation.explanation.status, ResultStatus::Invalid);
    }

    #[test]
    fn missing_facts_that_do_not_matter_are_said_so() {
        let state = outcomes_member();
        let s = typed(&state, &[("degradation", ""), ("discipline", "canh_cao"), ("duty_related", "true")]);
        assert_eq!(level(&s).as_deref(), Some("kht"));
        assert_eq!(s.evaluation.explanation.missing_unneeded, ["degradation"]);
    }

    #[test]
    fn an_organization_counts_its_referred_members_apart() {
        let state = State::with_rules(Saved { subject: "cell".into(), ..Saved::default() }, outcomes_rules());
        let s = [("xs", "1"), ("tt", "2"), ("referred", "3")].iter().fold(state, |s, (level, n)| {
            s.apply(Action::SetMemberCount { level: level.to_string(), text: n.to_string() })
        });
        let rules = &s.rules;
        let mut row = vec![Num::MISSING; rules.facts.len()];
        let (counts, _) = member_counts(rules, &s.saved.members, &mut BTreeMap::new());
        fill_rollup(rules, &mut row, RollupGroup::Members, counts.as_deref());
        let value = |id: &str| row[rules.fact_slot(id).unwrap() as usize];
        assert_eq!(value("members.referred"), Num::int(3));
        assert_eq!(value("members.classified"), Num::int(3));
        assert_eq!(value("members.total"), Num::int(6));
    }

    // lists
    fn with_tasks(state: &State, statuses: &[(&str, &str, bool)]) -> State {
        statuses.iter().enumerate().fold(state.clone(), |s, (i, (name, status, exceeded))| {
            let s = s.apply(Action::ListItem {
                list: "tasks".into(),
                index: i,
                field: "name".into(),
                value: name.to_string(),
            });
            let s = s.apply(Action::ListItem {
                list: "tasks".into(),
                index: i,
                field: "status".into(),
                value: status.to_string(),
            });
            s.apply(Action::ListItem {
                list: "tasks".into(),
                index: i,
                field: "exceeded".into(),
                value: if *exceeded { "có".into() } else { String::new() },
            })
        })
    }

    #[test]
    fn twelve_tasks_give_the_level_of_their_counts_and_name_the_late_one() {
        let state = typed(&State::new(Saved::default()), &[("common_points", "28"), ("task_points", "65")]);
        let tasks: Vec<(String, &str, bool)> =
            (1..=12).map(|i| (format!("Nhiệm vụ {i}"), if i == 7 { "late" } else { "on_time" }, i <= 4)).collect();
        let tasks: Vec<(&str, &str, bool)> = tasks.iter().map(|(n, s, e)| (n.as_str(), *s, *e)).collect();
        let s = with_tasks(&state, &tasks);
        assert_eq!(s.saved.lists["member"]["tasks"].len(), 12);
        assert_eq!(level(&s).as_deref(), Some("ht"));
        let counts = typed(
            &state,
            &[("tasks_assigned", "12"), ("tasks_on_time", "11"), ("tasks_late", "1"), ("tasks_exceeding", "4")],
        );
        assert_eq!(level(&counts), level(&s), "the same level from counts and from the list");
        let finding = s.evaluation.explanation.findings.iter().find(|f| f.rule == "htxs_tasks_on_time").unwrap();
        assert_eq!(finding.items.iter().map(|i| i.index).collect::<Vec<_>>(), [7]);
        assert_eq!(s.evaluation.lists.used[0].items, 12);
        // Switched off, the typed counts count again and the items are kept.
        let off = s.apply(Action::ListUse { list: "tasks".into(), on: false });
        assert_eq!(off.saved.lists["member"]["tasks"].len(), 12);
        assert!(off.evaluation.explanation.lists.is_empty());
        assert_eq!(off.evaluation.explanation.status, ResultStatus::Incomplete);
        let on = off.apply(Action::ListUse { list: "tasks".into(), on: true });
        assert_eq!(level(&on).as_deref(), Some("ht"));
        // Old saves without lists read, and a save with lists round-trips.
        let text = serde_json::to_string(&on.saved).unwrap();
        assert_eq!(migrate(&text).unwrap(), on.saved);
        assert!(migrate(r#"{"version":1,"ruleSet":"qd366-2025","subject":"member"}"#).is_ok());
    }

    #[test]
    fn rows_are_added_removed_moved_and_pasted() {
        let state = State::new(Saved::default());
        let s = with_tasks(&state, &[("A", "on_time", false), ("B", "late", false)]);
        let s = s.apply(Action::ListAdd { list: "tasks".into(), at: 1 });
        let names = |s: &State| -> Vec<String> {
            s.saved.lists["member"]["tasks"].iter().map(|i| i.get("name").cloned().unwrap_or_default()).collect()
        };
        assert_eq!(names(&s), ["A", "", "B"]);
        let s = s.apply(Action::ListMove { list: "tasks".into(), from: 2, to: 0 });
        assert_eq!(names(&s), ["B", "A", ""]);
        let s = s.apply(Action::ListRemove { list: "tasks".into(), index: 2 });
        assert_eq!(names(&s), ["B", "A"]);
        let pasted = paste_rows("C\tkết quả\ton_time\tx\r\nD\t\tlate\t\textra\n\n");
        assert_eq!(pasted.len(), 2);
        let s = s.apply(Action::ListPaste { list: "tasks".into(), at: 1, rows: pasted });
        assert_eq!(names(&s), ["B", "C", "D"]);
        assert_eq!(s.saved.lists["member"]["tasks"][1].get("exceeded").map(String::as_str), Some("x"));
        assert_eq!(s.notice, Some(Notice::PastedExtra(1)), "the extra cell is said, not dropped silently");
        // A bad cell is shown at its item and field.
        let s =
            s.apply(Action::ListItem { list: "tasks".into(), index: 0, field: "status".into(), value: "soon".into() });
        assert!(s.evaluation.errors.contains_key("list.tasks.1.status"), "{:?}", s.evaluation.errors);
    }

    #[test]
    fn section_three_feeds_the_counts_and_an_old_saves_items_carry_over() {
        // A save from before section III fed the counts: its items are read as they were and now count.
        let old = r#"{"version":1,"ruleSet":"qd366-2025","subject":"member",
            "inputs":{"member":{"common_points":"28","task_points":"65","tasks_assigned":"10","tasks_on_time":"10",
            "tasks_exceeding":"4","shortcomings_identified":"5","shortcomings_fixed":"5"}},
            "review":{"fixes":[{"shortcoming":"Chậm báo cáo","status":"fixed"},{"shortcoming":"Ít phát biểu","status":"fixing"},
            {"shortcoming":"","status":"not_fixed"}]}}"#;
        let saved = migrate(old).unwrap();
        assert_eq!(saved.review.fixes.len(), 3, "every item of the old section III is kept");
        let state = State::new(saved);
        let value = |s: &State, id: &str| s.evaluation.row[s.rules.fact_slot(id).unwrap() as usize];
        assert_eq!(value(&state, "shortcomings_identified"), Num::int(2), "the empty row is nothing typed");
        assert_eq!(value(&state, "shortcomings_fixed"), Num::int(1));
        assert_eq!(level(&state).as_deref(), Some("htt"));
        let finding =
            state.evaluation.explanation.findings.iter().find(|f| f.rule == "htxs_shortcomings_fixed").unwrap();
        assert_eq!(finding.items.iter().map(|i| i.index).collect::<Vec<_>>(), [2], "the one being fixed is named");
        // Fixing it in section III (typed once) changes the level; the form prints the same items.
        let fixed = state.apply(Action::SetFixStatus { index: 1, status: FixStatus::Fixed });
        assert_eq!(level(&fixed).as_deref(), Some("htxs"));
        assert_eq!(fixed.form().review.fixes.len(), 3);
        // Switched off, the numbers typed count again; switched on, the section.
        let off = fixed.apply(Action::ListUse { list: SECTION_THREE_LIST.into(), on: false });
        assert_eq!(value(&off, "shortcomings_identified"), Num::int(5));
        let on = off.apply(Action::ListUse { list: SECTION_THREE_LIST.into(), on: true });
        assert_eq!(value(&on, "shortcomings_identified"), Num::int(2));
        assert!(!on.saved.lists.get("member").is_some_and(|l| l.contains_key(SECTION_THREE_LIST)), "no second copy");
    }

    #[test]
    fn a_checklist_is_scored_item_by_item_and_keeps_its_rows() {
        let state = typed(&State::new(Saved::default()), &[("common_points", "12"), ("task_points", "65")]);
        let on = state.apply(Action::ListUse { list: "common_criteria".into(), on: true });
        let score = |s: &State, index: usize, value: &str| {
            s.apply(Action::ListItem {
                list: "common_criteria".into(),
                index,
                field: "points".into(),
                value: value.into(),
            })
        };
        // Item 3 first: items 1 and 2 stay as empty rows, and the sum waits for them.
        let s = score(&on, 2, "9");
        assert_eq!(s.saved.lists["member"]["common_criteria"].len(), 3);
        assert!(s.evaluation.errors.contains_key("list.common_criteria.1.points"), "{:?}", s.evaluation.errors);
        let s = score(&score(&s, 0, "10"), 1, "9,5");
        let value = s.evaluation.row[s.rules.fact_slot("common_points").unwrap() as usize];
        assert_eq!(value, Num::ratio(57, 2).unwrap());
        // Rows of a checklist are not added, removed or moved; a paste fills the points and remarks.
        let same = s.apply(Action::ListRemove { list: "common_criteria".into(), index: 0 });
        assert_eq!(same.saved.lists, s.saved.lists);
        let same = s.apply(Action::ListAdd { list: "common_criteria".into(), at: 3 });
        assert_eq!(same.saved.lists, s.saved.lists);
        let pasted = s.apply(Action::ListPaste {
            list: "common_criteria".into(),
            at: 0,
            rows: vec![vec!["8".into(), "ghi chú".into()], vec!["7".into()]],
        });
        let row = &pasted.saved.lists["member"]["common_criteria"][0];
        assert_eq!(
            (row.get("points").map(String::as_str), row.get("note").map(String::as_str)),
            (Some("8"), Some("ghi chú"))
        );
        assert!(!row.contains_key("item"));
    }

    #[test]
    fn pasted_cells_may_be_quoted() {
        assert_eq!(paste_rows("\"a\tb\"\tc\n\"x \"\"y\"\"\"\tz"), [vec!["a\tb", "c"], vec!["x \"y\"", "z"]]);
    }
}
