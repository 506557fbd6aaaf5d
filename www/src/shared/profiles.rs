//! Saved profiles: several people and several years in one browser (issue 12).
//!
//! The stored document (version 2, under [`STORAGE_KEY`](crate::shared::state::STORAGE_KEY)) is a [`Book`] of
//! profiles; each profile holds the years worked on in the app (one [`Saved`] each, with the year's four quarters)
//! and the levels of past years, typed or recorded when the next year was started.
//! A version 1 document (one person's `Saved`, what the app stored before) becomes the first profile, unchanged.
//! Reading is tolerant: a profile or a year that cannot be read is named, never dropped silently; on this device's
//! storage the original text is then set aside like any unreadable data.
//! All of it is pure and tested natively; the browser glue is in `web.rs`, the panel in the self-assessment page.

use serde::{Deserialize, Serialize};
use serde_json::value::RawValue;
use xeploai::history::{self, Holder, Note, PastYear};
use xeploai::{Lang, Text, builtin};

use crate::shared::state::{MigrateError, Saved, migrate};

/// The version of the stored document of profiles; version 1 is a lone [`Saved`].
pub const BOOK_VERSION: u32 = 2;

/// Every profile on this device (written with serde; read part by part through `RawBook`, so one unreadable
/// profile does not lose the others, and only one reader is in the first page's module).
#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Book {
    pub version: u32,
    /// The profile opened last (a new page opens it).
    pub open: u32,
    pub profiles: Vec<Profile>,
}

/// One person (or organization): her years in the app and the levels of past years.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Profile {
    pub id: u32,
    pub name: String,
    /// The year open, an index into `years`.
    pub open: usize,
    /// At least one.
    pub years: Vec<Year>,
    /// Levels of past years, in the order recorded.
    pub past: Vec<Past>,
}

/// One year worked on in the app.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Year {
    pub saved: Saved,
    /// The four quarters' levels (level ids; empty when not rated).
    pub quarters: [String; 4],
}

/// The level of a past year.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct Past {
    pub year: i32,
    pub level: String,
    /// Where the level came from ("recorded from the app", a decision number…), as typed.
    pub note: String,
}

/// The stored document as read before each part is checked: a part that cannot be read stays raw, to be named.
#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct RawBook {
    #[serde(default)]
    open: u32,
    profiles: Vec<Box<RawValue>>,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct RawProfile {
    #[serde(default)]
    id: u32,
    #[serde(default)]
    name: String,
    #[serde(default)]
    open: usize,
    years: Vec<RawYear>,
    #[serde(default)]
    past: Vec<Past>,
}

#[derive(Deserialize)]
struct RawYear {
    saved: Box<RawValue>,
    #[serde(default)]
    quarters: [String; 4],
}

#[derive(Deserialize)]
struct VersionOnly {
    #[serde(default)]
    version: Option<u64>,
}

/// A document read, and what in it could not be read (each named: which profile, which year, why).
#[derive(Clone, Debug, PartialEq)]
pub struct Read {
    pub book: Book,
    pub problems: Vec<Text>,
    /// Read from a version 1 document (one person's data).
    pub from_single: bool,
}

impl Read {
    /// How many profiles and years came in.
    pub fn counts(&self) -> (usize, usize) {
        (self.book.profiles.len(), self.book.profiles.iter().map(|p| p.years.len()).sum())
    }
}

fn unreadable(detail: impl std::fmt::Display) -> MigrateError {
    MigrateError::Unreadable(detail.to_string())
}

/// Read a stored or exported document of any version: one person's data (version 1) becomes one profile; a book
/// (version 2) is read profile by profile and year by year, naming what could not be read.
pub fn read(text: &str) -> Result<Read, MigrateError> {
    let header = serde_json::from_str::<VersionOnly>(text).map_err(|e| {
        if e.is_data() {
            unreadable("version")
        } else {
            unreadable(format!("JSON, dòng/line {} cột/col {}: {e}", e.line(), e.column()))
        }
    })?;
    match header.version.ok_or_else(|| unreadable("version"))? {
        1 => {
            let saved = migrate(text)?;
            let lang = saved.lang;
            Ok(Read { book: Book::single(saved, lang), problems: Vec::new(), from_single: true })
        }
        2 => read_book(text),
        newer => Err(MigrateError::Newer(newer as u32)),
    }
}

fn read_book(text: &str) -> Result<Read, MigrateError> {
    let raw: RawBook = serde_json::from_str(text).map_err(unreadable)?;
    let mut book = Book { version: BOOK_VERSION, open: raw.open, profiles: Vec::new() };
    let mut problems = Vec::new();
    for (index, profile) in raw.profiles.iter().enumerate() {
        let number = index + 1;
        let profile: RawProfile = match serde_json::from_str(profile.get()) {
            Ok(profile) => profile,
            Err(e) => {
                problems.push(Text::new(
                    format!("hồ sơ thứ {number} không đọc được ({e})"),
                    format!("profile {number} could not be read ({e})"),
                ));
                continue;
            }
        };
        let mut years = Vec::new();
        for (y, year) in profile.years.iter().enumerate() {
            match migrate(year.saved.get()) {
                Ok(saved) => years.push(Year { saved, quarters: year.quarters.clone() }),
                Err(e) => {
                    let why = e.text();
                    problems.push(Text::new(
                        format!("hồ sơ \"{}\", năm thứ {}: {}", profile.name, y + 1, why.vi),
                        format!("profile \"{}\", year {}: {}", profile.name, y + 1, why.get(Lang::En)),
                    ));
                }
            }
        }
        if years.is_empty() {
            if profile.years.is_empty() {
                problems.push(Text::new(
                    format!("hồ sơ \"{}\" không có năm nào", profile.name),
                    format!("profile \"{}\" holds no year", profile.name),
                ));
            }
            continue;
        }
        let open = profile.open.min(years.len() - 1);
        book.profiles.push(Profile { id: profile.id, name: profile.name, open, years, past: profile.past });
    }
    // Ids must be unique: a repeated or missing one gets a new number (the profile itself is kept).
    let mut seen = std::collections::BTreeSet::new();
    let mut next = book.profiles.iter().map(|p| p.id).max().unwrap_or(0) + 1;
    for profile in &mut book.profiles {
        if profile.id == 0 || !seen.insert(profile.id) {
            profile.id = next;
            seen.insert(next);
            next += 1;
        }
    }
    if book.profiles.is_empty() {
        if problems.is_empty() {
            return Ok(Read { book: Book::single(Saved::default(), Lang::Vi), problems, from_single: false });
        }
        return Err(unreadable(problems.iter().map(|p| p.vi.as_str()).collect::<Vec<_>>().join("; ")));
    }
    if book.profile(book.open).is_none() {
        book.open = book.profiles[0].id;
    }
    Ok(Read { book, problems, from_single: false })
}

/// The default name of the `n`th profile.
pub fn default_name(n: usize, lang: Lang) -> String {
    match lang {
        Lang::En => format!("Profile {n}"),
        _ => format!("Hồ sơ {n}"),
    }
}

/// Is `name` one that [`default_name`] gives?
pub fn is_default_name(name: &str) -> bool {
    let number = name.strip_prefix("Hồ sơ ").or_else(|| name.strip_prefix("Profile "));
    number.is_some_and(|n| !n.is_empty() && n.chars().all(|c| c.is_ascii_digit()))
}

/// The year a `Saved` is for: the review year, else the year typed in the header.
pub fn year_of(saved: &Saved) -> Option<i32> {
    saved.review_year.or_else(|| saved.person.year.trim().parse().ok())
}

impl Year {
    fn new(saved: Saved) -> Year {
        Year { saved, quarters: Default::default() }
    }
}

impl Profile {
    /// The year open.
    pub fn year(&self) -> &Year {
        &self.years[self.open.min(self.years.len() - 1)]
    }

    fn year_mut(&mut self) -> &mut Year {
        let open = self.open.min(self.years.len() - 1);
        &mut self.years[open]
    }

    /// The levels of past years, for [`history::notes`].
    pub fn past_years(&self) -> Vec<PastYear> {
        self.past.iter().map(|p| PastYear { year: p.year, level: p.level.clone() }).collect()
    }

    /// The notes on past years and on the open year's quarters.
    pub fn notes(&self, collective: bool) -> Vec<Note> {
        let holder = if collective { Holder::Organization } else { Holder::Person };
        let mut notes = history::notes(&self.past_years(), holder);
        notes.extend(history::quarter_notes(&self.year().quarters));
        notes
    }
}

impl Book {
    /// One profile holding `saved` (how data stored before profiles is carried over, unchanged).
    pub fn single(saved: Saved, lang: Lang) -> Book {
        let name = if saved.person.name.trim().is_empty() {
            default_name(1, lang)
        } else {
            saved.person.name.trim().to_string()
        };
        Book {
            version: BOOK_VERSION,
            open: 1,
            profiles: vec![Profile { id: 1, name, open: 0, years: vec![Year::new(saved)], past: Vec::new() }],
        }
    }

    pub fn profile(&self, id: u32) -> Option<&Profile> {
        self.profiles.iter().find(|p| p.id == id)
    }

    fn profile_mut(&mut self, id: u32) -> Option<&mut Profile> {
        self.profiles.iter_mut().find(|p| p.id == id)
    }

    /// The profile open (the first when the open id is not there).
    pub fn open_profile(&self) -> &Profile {
        self.profile(self.open).unwrap_or(&self.profiles[0])
    }

    /// What the open year of the open profile holds.
    pub fn open_saved(&self) -> &Saved {
        &self.open_profile().year().saved
    }

    /// Put what the page holds into the open year of profile `id` (the profile open in this tab).
    pub fn put(&mut self, id: u32, saved: &Saved) {
        let id = if self.profile(id).is_some() { id } else { self.open_profile().id };
        if let Some(profile) = self.profile_mut(id) {
            // A profile still under its default name takes the person's name once it is typed.
            let person = saved.person.name.trim();
            if !person.is_empty() && is_default_name(&profile.name) {
                profile.name = person.to_string();
            }
            profile.year_mut().saved = saved.clone();
        }
    }

    fn next_id(&self) -> u32 {
        self.profiles.iter().map(|p| p.id).max().unwrap_or(0) + 1
    }

    /// A new, empty profile named `name` (or a default name), opened; the language, rule set and review year of
    /// the profile open so far are kept, as the secretary works on the same review.
    pub fn create(&mut self, name: &str) -> u32 {
        let from = self.open_saved();
        let saved = Saved {
            lang: from.lang,
            rule_set: from.rule_set.clone(),
            review_year: from.review_year,
            person: crate::shared::state::Person {
                year: from.review_year.map(|y| y.to_string()).unwrap_or_default(),
                ..Default::default()
            },
            ..Saved::default()
        };
        let id = self.next_id();
        let name = if name.trim().is_empty() {
            default_name(self.profiles.len() + 1, from.lang)
        } else {
            name.trim().to_string()
        };
        self.profiles.push(Profile { id, name, open: 0, years: vec![Year::new(saved)], past: Vec::new() });
        self.open = id;
        id
    }

    /// Open profile `id` (nothing changes when there is none).
    pub fn switch(&mut self, id: u32) {
        if self.profile(id).is_some() {
            self.open = id;
        }
    }

    /// Rename profile `id`; an empty name is refused (`false`).
    pub fn rename(&mut self, id: u32, name: &str) -> bool {
        match self.profile_mut(id) {
            Some(profile) if !name.trim().is_empty() => {
                profile.name = name.trim().to_string();
                true
            }
            _ => false,
        }
    }

    /// Open year `index` of the open profile.
    pub fn open_year(&mut self, index: usize) {
        let id = self.open_profile().id;
        if let Some(profile) = self.profile_mut(id)
            && index < profile.years.len()
        {
            profile.open = index;
        }
    }

    /// Start the next year in the open profile, from the year open: the person, language, subject kind, registered
    /// level and rule set (the official one in force that year when the current one is official and ends) carry
    /// over; what was typed for the year (facts, members, quarters, other texts) starts empty. The open year's
    /// `level` (the result the page shows) is recorded among past years unless that year is recorded already.
    /// Without a year, `this_year` is the year open. When the next year is held already, it is opened.
    pub fn next_year(&mut self, level: Option<&str>, this_year: i32) -> i32 {
        let id = self.open_profile().id;
        let Some(profile) = self.profile_mut(id) else { return this_year };
        let from = profile.year().saved.clone();
        let year = year_of(&from).unwrap_or(this_year);
        let next = year + 1;
        if let Some(level) = level.filter(|l| !l.is_empty())
            && !profile.past.iter().any(|p| p.year == year)
        {
            profile.past.push(Past { year, level: level.to_string(), note: String::new() });
        }
        if let Some(index) = profile.years.iter().position(|y| year_of(&y.saved) == Some(next)) {
            profile.open = index;
            return next;
        }
        let entry = builtin::CATALOG.iter().find(|e| e.id == from.rule_set);
        let rule_set = match entry {
            Some(entry) if entry.official && !entry.years.contains(next) => {
                builtin::in_force(next, entry.domain).map_or(from.rule_set.clone(), |e| e.id.to_string())
            }
            _ => from.rule_set.clone(),
        };
        let saved = Saved {
            lang: from.lang,
            rule_set,
            subject: from.subject.clone(),
            targets: from.targets.clone(),
            person: crate::shared::state::Person { year: next.to_string(), ..from.person.clone() },
            review_year: Some(next),
            ..Saved::default()
        };
        profile.years.push(Year::new(saved));
        profile.open = profile.years.len() - 1;
        next
    }

    /// Delete profile `id`. The last one left is replaced by an empty profile, so there is always one to open.
    pub fn delete(&mut self, id: u32) {
        let lang = self.open_saved().lang;
        self.profiles.retain(|p| p.id != id);
        if self.profiles.is_empty() {
            *self = Book::single(Saved { lang, ..Saved::default() }, lang);
        } else if self.profile(self.open).is_none() {
            self.open = self.profiles[0].id;
        }
    }

    /// Set quarter `quarter` (0–3) of the open year to a level id (empty: not rated).
    pub fn set_quarter(&mut self, quarter: usize, level: &str) {
        let id = self.open_profile().id;
        if let Some(profile) = self.profile_mut(id)
            && quarter < 4
        {
            profile.year_mut().quarters[quarter] = level.to_string();
        }
    }

    /// Record a past year's level in the open profile (replacing that year's entry); an empty level removes it.
    pub fn set_past(&mut self, year: i32, level: &str, note: &str) {
        let id = self.open_profile().id;
        let Some(profile) = self.profile_mut(id) else { return };
        profile.past.retain(|p| p.year != year);
        if !level.is_empty() {
            profile.past.push(Past { year, level: level.to_string(), note: note.trim().to_string() });
            profile.past.sort_by_key(|p| p.year);
        }
    }

    /// Add the profiles read from a file. Each comes in as a new profile (new id), except one equal to a profile
    /// already here (same name, years and past levels), which is counted as already present. Returns (added,
    /// already present). The profile open does not change.
    pub fn merge(&mut self, other: Book) -> (usize, usize) {
        let (mut added, mut present) = (0, 0);
        for mut profile in other.profiles {
            if self
                .profiles
                .iter()
                .any(|p| p.name == profile.name && p.years == profile.years && p.past == profile.past)
            {
                present += 1;
                continue;
            }
            profile.id = self.next_id();
            self.profiles.push(profile);
            added += 1;
        }
        (added, present)
    }

    /// The text of the export of every profile (one file).
    pub fn export(&self) -> String {
        serde_json::to_string_pretty(self).unwrap_or_default()
    }
}

/// What an import says: what came in (profiles, years), what was there already, and each part it could not read.
pub fn import_report(read: &Read, added: usize, present: usize) -> Text {
    let (profiles, years) = read.counts();
    let mut vi = format!("Đã nhập tệp: {profiles} hồ sơ ({years} năm) đọc được; {added} hồ sơ thêm mới");
    let mut en = format!("File imported: {profiles} profile(s) ({years} year(s)) read; {added} added");
    if present > 0 {
        vi += &format!(", {present} đã có sẵn nên không thêm lần nữa");
        en += &format!(", {present} already here, so not added again");
    }
    if !read.problems.is_empty() {
        vi += &format!(
            ". KHÔNG đọc được {} phần: {}",
            read.problems.len(),
            read.problems.iter().map(|p| p.vi.as_str()).collect::<Vec<_>>().join("; ")
        );
        en += &format!(
            ". Could NOT read {} part(s): {}",
            read.problems.len(),
            read.problems.iter().map(|p| p.get(Lang::En)).collect::<Vec<_>>().join("; ")
        );
    }
    Text::new(vi + ".", en + ".")
}

/// The number typed into the rule set's `quarters_kht` fact from the open year's quarters, if the rule set has
/// that fact for the subject kind: `Some(text)` to set (empty text: no quarter rated, the fact's default applies).
pub fn quarters_fact(rules: &xeploai::ruleset::RuleSet, kind: usize, quarters: &[String; 4]) -> Option<String> {
    let slot = rules.fact_slot(QUARTERS_FACT)?;
    rules
        .fact(slot)
        .applies_to(kind)
        .then(|| history::kht_quarters(quarters).map(|n| n.to_string()).unwrap_or_default())
}

/// The fact of a rule set that the quarters of the year feed (QĐ 366 Điều 15 k1; see rules/qd366-2025.toml).
pub const QUARTERS_FACT: &str = "quarters_kht";

#[cfg(test)]
mod tests {
    use super::*;
    use crate::shared::state::STORAGE_KEY;

    fn typed(name: &str, points: &str) -> Saved {
        let mut saved = Saved::default();
        saved.person.name = name.into();
        saved.review_year = Some(2025);
        saved.inputs.entry("member".into()).or_default().insert("common_points".into(), points.into());
        saved
    }

    #[test]
    fn an_old_single_save_becomes_the_first_profile_without_loss() {
        let mut old = typed("Nguyễn Thị Lan", "28");
        old.person.unit = "Chi bộ 3".into();
        old.targets.insert("member".into(), "htxs".into());
        old.members.counts.insert("htt".into(), "4".into());
        let text = serde_json::to_string(&old).unwrap();
        let read = read(&text).unwrap();
        assert!(read.from_single && read.problems.is_empty());
        assert_eq!(read.book.profiles.len(), 1);
        assert_eq!(read.book.open_profile().name, "Nguyễn Thị Lan");
        assert_eq!(read.book.open_saved(), &old, "every field carried over");
        // Written back and read again: still equal, now as version 2.
        let again = super::read(&read.book.export()).unwrap();
        assert!(!again.from_single);
        assert_eq!(again.book, read.book);
        assert_eq!(serde_json::to_string(again.book.open_saved()).unwrap(), text, "byte for byte");
        assert_eq!(STORAGE_KEY, "xeploai.saved", "the same key: the old save is found where it was");
    }

    #[test]
    fn create_switch_rename_delete() {
        let mut book = Book::single(typed("Lan", "28"), Lang::Vi);
        let second = book.create("");
        assert_eq!(book.open, second);
        assert_eq!(book.open_profile().name, "Hồ sơ 2");
        assert_eq!(book.open_saved().review_year, Some(2025), "same review as the secretary's");
        assert!(book.open_saved().inputs.is_empty() && book.open_saved().person.name.is_empty());
        assert!(book.rename(second, "  Trần Văn Minh "));
        assert!(!book.rename(second, "   "), "an empty name is refused");
        assert_eq!(book.open_profile().name, "Trần Văn Minh");
        book.switch(1);
        assert_eq!(book.open_saved().person.name, "Lan");
        book.switch(99);
        assert_eq!(book.open, 1, "no such profile: nothing changes");
        book.delete(1);
        assert_eq!(book.profiles.len(), 1);
        assert_eq!(book.open, second, "the next one opens");
        book.delete(second);
        assert_eq!(book.profiles.len(), 1, "never none");
        assert!(book.open_saved().inputs.is_empty());
    }

    #[test]
    fn put_writes_the_open_year_of_this_tabs_profile() {
        let mut book = Book::single(typed("Lan", "28"), Lang::Vi);
        let second = book.create("Minh");
        book.put(1, &typed("Lan", "29"));
        assert_eq!(book.profile(1).unwrap().year().saved.inputs["member"]["common_points"], "29");
        assert!(book.profile(second).unwrap().year().saved.inputs.is_empty());
        let third = book.create("");
        book.put(third, &typed("  Phạm Thu Hà ", "25"));
        assert_eq!(book.profile(third).unwrap().name, "Phạm Thu Hà", "a default name takes the person's name");
        book.put(third, &typed("Hà", "25"));
        assert_eq!(book.profile(third).unwrap().name, "Phạm Thu Hà", "once only");
        book.switch(second);
        book.put(77, &typed("Minh", "25"));
        assert_eq!(
            book.profile(second).unwrap().year().saved.person.name,
            "Minh",
            "a deleted tab profile: the open one"
        );
    }

    #[test]
    fn next_year_carries_the_person_records_the_level_and_keeps_the_old_year() {
        let mut book = Book::single(typed("Lan", "28"), Lang::Vi);
        book.set_quarter(1, "kht");
        let next = book.next_year(Some("htxs"), 2030);
        assert_eq!(next, 2026);
        let profile = book.open_profile();
        assert_eq!(profile.years.len(), 2);
        assert_eq!(profile.open, 1);
        let saved = book.open_saved();
        assert_eq!(
            (saved.review_year, saved.person.name.as_str(), saved.person.year.as_str()),
            (Some(2026), "Lan", "2026")
        );
        assert!(saved.inputs.is_empty(), "the new year's facts start empty");
        assert_eq!(profile.year().quarters, <[String; 4]>::default());
        assert_eq!(profile.past, vec![Past { year: 2025, level: "htxs".into(), note: String::new() }]);
        assert_eq!(profile.years[0].saved.inputs["member"]["common_points"], "28", "the old year is kept");
        assert_eq!(profile.years[0].quarters[1], "kht");
        // Again from 2025: opens 2026, records nothing twice.
        book.open_year(0);
        assert_eq!(book.next_year(Some("htt"), 2030), 2026);
        assert_eq!(book.open_profile().years.len(), 2);
        assert_eq!(book.open_profile().past.len(), 1);
    }

    #[test]
    fn next_year_moves_to_the_official_rule_set_in_force() {
        let mut saved = typed("Lan", "28");
        saved.rule_set = "qd124-2023".into();
        saved.review_year = Some(2024);
        let mut book = Book::single(saved, Lang::Vi);
        book.next_year(None, 2030);
        assert_eq!(book.open_saved().rule_set, "qd366-2025");
        assert!(book.open_profile().past.is_empty(), "no level given, none recorded");
    }

    #[test]
    fn past_levels_and_notes() {
        let mut book = Book::single(typed("Lan", "28"), Lang::Vi);
        for year in 2020..=2024 {
            book.set_past(year, "htxs", "");
        }
        book.set_past(2022, "htxs", "QĐ số 12");
        assert_eq!(book.open_profile().past.len(), 5);
        let notes = book.open_profile().notes(false);
        assert!(notes.iter().any(|n| n.text.vi.contains("HTXS 5 năm liền")), "{notes:?}");
        book.set_past(2024, "", "");
        assert_eq!(book.open_profile().past.len(), 4);
        book.set_quarter(0, "kht");
        assert!(book.open_profile().notes(false).iter().any(|n| n.text.vi.contains("1 quý KHT")));
    }

    #[test]
    fn export_and_import_all_counts_in_equal_counts_out() {
        let mut book = Book::single(typed("Lan", "28"), Lang::Vi);
        book.create("Minh");
        book.next_year(Some("htt"), 2030);
        book.set_past(2021, "htxs", "");
        let text = book.export();
        let read = read(&text).unwrap();
        assert_eq!(read.counts(), (2, 3));
        assert_eq!(read.book, book);
        let mut here = Book::single(typed("Hoa", "20"), Lang::Vi);
        let (added, present) = here.merge(read.book.clone());
        assert_eq!((added, present), (2, 0));
        assert_eq!(here.profiles.len(), 3);
        assert_eq!(here.open_saved().person.name, "Hoa", "the open profile stays");
        let ids: std::collections::BTreeSet<u32> = here.profiles.iter().map(|p| p.id).collect();
        assert_eq!(ids.len(), 3, "new ids");
        assert_eq!(here.merge(read.book.clone()), (0, 2), "the same file twice adds nothing");
        let report = import_report(&read, 2, 0);
        assert!(report.vi.contains("2 hồ sơ (3 năm)"), "{}", report.vi);
    }

    #[test]
    fn an_import_names_what_it_could_not_read() {
        let mut book = Book::single(typed("Lan", "28"), Lang::Vi);
        book.create("Minh");
        let mut value: serde_json::Value = serde_json::from_str(&book.export()).unwrap();
        value["profiles"][0]["years"][0]["saved"]["version"] = 9.into();
        value["profiles"].as_array_mut().unwrap().push(serde_json::json!({"name": 5}));
        value["profiles"].as_array_mut().unwrap().push(serde_json::json!({"name": "Trống", "years": []}));
        let read = read(&value.to_string()).unwrap();
        assert_eq!(read.counts(), (1, 1), "Minh only");
        assert_eq!(read.problems.len(), 3, "{:?}", read.problems);
        assert!(read.problems[0].vi.contains("hồ sơ \"Lan\", năm thứ 1"), "{:?}", read.problems[0]);
        assert!(read.problems[1].vi.contains("hồ sơ thứ 3"));
        assert!(read.problems[2].vi.contains("\"Trống\" không có năm nào"));
        let report = import_report(&read, 1, 0);
        assert!(report.vi.contains("KHÔNG đọc được 3 phần"), "{}", report.vi);
        assert!(report.get(Lang::En).contains("Could NOT read 3"));
    }

    #[test]
    fn versions_and_broken_documents() {
        assert_eq!(read("{\"version\": 3}"), Err(MigrateError::Newer(3)));
        assert!(matches!(read("not json"), Err(MigrateError::Unreadable(_))));
        assert!(matches!(read("{\"version\": 2}"), Err(MigrateError::Unreadable(_))));
        let one_bad =
            "{\"version\": 2, \"open\": 1, \"profiles\": [{\"id\": 1, \"name\": \"X\", \"years\": [{\"saved\": 5}]}]}";
        assert!(matches!(read(one_bad), Err(MigrateError::Unreadable(_))), "nothing readable: the whole is unreadable");
        // Repeated ids are renumbered, not dropped.
        let mut book = Book::single(typed("Lan", "28"), Lang::Vi);
        book.create("Minh");
        book.profiles[1].id = 1;
        let read = super::read(&book.export()).unwrap();
        assert_eq!(read.book.profiles.len(), 2);
        assert_ne!(read.book.profiles[0].id, read.book.profiles[1].id);
    }

    #[test]
    fn opening_a_profile_shows_its_data_and_says_what_happened() {
        use crate::shared::state::{Action, Notice, State};
        let state = State::new(typed("Lan", "28"));
        let other = typed("Minh", "20");
        let done = Notice::Done(Text::new("Đã nhập", "Imported"), true);
        let opened = state.apply(Action::OpenProfile(other.clone(), Some(done.clone())));
        assert_eq!(opened.saved, other);
        assert_eq!(opened.input("common_points"), "20");
        assert_eq!(opened.notice, Some(done));
        assert!(opened.evaluation != state.evaluation, "evaluated anew");
        let quiet = opened.apply(Action::OpenProfile(typed("Lan", "28"), None));
        assert_eq!(quiet.notice, None);
    }

    #[test]
    fn the_quarters_feed_the_rule_sets_fact() {
        let rules = builtin::load_default();
        let member = rules.subject_index("member").unwrap();
        let collective = rules.subject_index("collective").unwrap();
        let q = |a: [&str; 4]| a.map(str::to_string);
        assert_eq!(quarters_fact(&rules, member, &q(["htxs", "kht", "htt", "htt"])).as_deref(), Some("1"));
        assert_eq!(quarters_fact(&rules, member, &q(["", "", "", ""])).as_deref(), Some(""));
        assert_eq!(quarters_fact(&rules, collective, &q(["kht", "", "", ""])), None, "not a fact of collectives");
    }
}
