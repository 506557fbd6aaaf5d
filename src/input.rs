//! Reading people and organizations from CSV and JSON.
//!
//! Columns are matched to facts by id, by an alias from the rule file, or by the Vietnamese name, with or without
//! diacritics and in any case. Cells that cannot be read become diagnostics with the row (1 = the header row, as a
//! spreadsheet numbers them), the column and the reason; the row is kept and counted, never dropped silently.
//! A row with an unreadable cell is still in the roster with that fact empty, so its result says which fact is
//! missing; nothing valid in it is lost.

use std::borrow::Cow;
use std::collections::hash_map::{Entry, RandomState};
use std::collections::{BTreeMap, HashMap, HashSet};
use std::hash::{BuildHasher, BuildHasherDefault, Hasher};

use serde::Serialize;

use crate::diag::{Code, Diagnostic, Location};
use crate::lang::Lang;
use crate::num::Num;
use crate::ruleset::{Fact, FactOrigin, FactType, RuleSet};
use crate::table::{NameHasher, after, same_text};

pub use crate::table::{Record, RecordRef, Table, TableBuilder};

/// A row that holds someone but could not be read (no id, an id that repeats, a subject kind that is not one, a
/// row that cannot be split): it stays in the results as "không đọc được" with its reasons, and counts in the
/// totals, so the number of people in equals the number out.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Unread {
    /// The row, as the spreadsheet numbers it.
    pub row: u32,
    /// The id and name as far as they could be read (empty when not).
    pub id: String,
    pub name: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub org: Option<String>,
    /// Why the row could not be read: the messages of its problems.
    pub reasons: Vec<crate::lang::Text>,
}

impl Unread {
    /// `dv07 · Nguyễn Văn A`, `dv07`, `Nguyễn Văn A`, or `dòng 7` / `row 7` when nothing could be read.
    pub fn label(&self, lang: Lang) -> String {
        match (self.id.is_empty(), self.name.is_empty()) {
            (false, false) => format!("{} · {}", self.id, self.name),
            (false, true) => self.id.clone(),
            (true, false) => self.name.clone(),
            (true, true) => format!("{} {}", lang.pick("dòng", "row"), self.row),
        }
    }
}

impl Table {
    /// The levels record `index` declares (none when the table has no such column).
    pub fn declared(&self, index: usize) -> crate::decision::Declared {
        self.declared.get(index).copied().unwrap_or_default()
    }

    /// Rows that held someone: those read and those that could not be.
    pub fn people(&self) -> usize {
        self.len() + self.unread.len()
    }

    /// The rows a file's splitter could not read (a quote that does not close, a row past a limit) as unread rows,
    /// unless already there. `header_row` is the header's number: problems at or above it are not rows of people.
    pub fn add_unsplit_rows(&mut self, problems: &[Diagnostic], header_row: u32) {
        for problem in problems {
            let Some(row) = problem.location.row else { continue };
            if row <= header_row
                || !matches!(problem.code, Code::CsvSyntax | Code::InputLimit)
                || self.unread.iter().any(|u| u.row == row)
            {
                continue;
            }
            self.unread.push(Unread {
                row,
                id: String::new(),
                name: String::new(),
                org: None,
                reasons: vec![problem.message.clone()],
            });
        }
        self.unread.sort_by_key(|u| u.row);
    }
}

/// Which sort of rows a table holds.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum TableKind {
    Members,
    Organizations,
    /// Subjects of any kind, each on its own (self-assessments, as `classify` reads them): a member's or an
    /// organization's row (`subject = collective`, its roll-up counts typed in).
    Subjects,
}

/// Lowercase, trim, collapse spaces and underscores, and drop Vietnamese diacritics, so `Điểm tiêu chí chung`,
/// `diem tieu chi chung` and `diem_tieu_chi_chung` match.
pub fn fold(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut last_space = true;
    for ch in text.trim().chars().flat_map(char::to_lowercase) {
        let base = fold_char(ch);
        if base == '\0' {
            continue;
        }
        // Punctuation separates words like a space: "đúng tiến độ, có chất lượng" = "dung tien do co chat luong".
        if separates(base) {
            if !last_space {
                out.push(' ');
                last_space = true;
            }
        } else {
            out.push(base);
            last_space = false;
        }
    }
    out.trim_end().to_string()
}

fn fold_char(ch: char) -> char {
    const GROUPS: &[(&str, char)] = &[
        ("àáảãạăằắẳẵặâầấẩẫậ", 'a'),
        ("èéẻẽẹêềếểễệ", 'e'),
        ("ìíỉĩị", 'i'),
        ("òóỏõọôồốổỗộơờớởỡợ", 'o'),
        ("ùúủũụưừứửữự", 'u'),
        ("ỳýỷỹỵ", 'y'),
        ("đ", 'd'),
    ];
    if ch.is_ascii() {
        return ch;
    }
    for (letters, base) in GROUPS {
        if letters.contains(ch) {
            return *base;
        }
    }
    // Decomposed marks (combining characters) are dropped.
    if ('\u{300}'..='\u{36f}').contains(&ch) {
        return '\0';
    }
    ch
}

/// Whether `fold(char)` makes `base` a space between words (a separator), as [`fold`] has it.
fn separates(base: char) -> bool {
    base.is_whitespace() || matches!(base, '_' | '-' | ',' | ';' | ':' | '.' | '(' | ')' | '"' | '\'' | '/')
}

/// What [`fold`] makes of each character from U+0080 to [`FOLD_TABLE_END`] (lowercased, then [`fold_char`]):
/// `'\0'` dropped, [`SLOW`] more than one character lowercased (worked out as `fold` does), else the one character.
/// The Vietnamese letters with their marks (Latin-1, Latin Extended-A and -B, combining marks, Latin Extended
/// Additional) are all below it; made once.
fn fold_table() -> &'static [char] {
    static TABLE: std::sync::OnceLock<Vec<char>> = std::sync::OnceLock::new();
    TABLE.get_or_init(|| {
        (0x80..FOLD_TABLE_END)
            .map(|code| {
                let Some(ch) = char::from_u32(code) else { return SLOW };
                let mut lower = ch.to_lowercase();
                match (lower.next(), lower.next()) {
                    (Some(one), None) => fold_char(one),
                    _ => SLOW,
                }
            })
            .collect()
    })
}

const FOLD_TABLE_END: u32 = 0x1F00;
/// In [`fold_table`]: a character [`fold`] lowercases to more than one (U+0130, `İ`).
const SLOW: char = '\u{FFFF}';

/// [`fold`] of `text` written into `out` (cleared first), without a new `String`: the same text, `fold(text)`,
/// ASCII a byte at a time and the Vietnamese letters from a table.
pub fn fold_into(text: &str, out: &mut String) {
    out.clear();
    // A separator seen since the last character written: one space before the next one (none at the start or the
    // end, as `fold` trims).
    let mut space = false;
    let table = fold_table();
    let mut rest = text;
    loop {
        // A run of ASCII letters and digits, the most of a name or an id: lowercased as they are.
        let bytes = rest.as_bytes();
        let run = bytes.iter().position(|b| !b.is_ascii_alphanumeric()).unwrap_or(bytes.len());
        if run > 0 {
            if space {
                out.push(' ');
                space = false;
            }
            // Only ASCII letters and digits: whole characters, still UTF-8.
            let start = out.len();
            out.push_str(&rest[..run]);
            out[start..].make_ascii_lowercase();
            rest = &rest[run..];
            continue;
        }
        let Some(ch) = rest.chars().next() else { return };
        rest = &rest[ch.len_utf8()..];
        if ch.is_ascii() {
            put(ch.to_ascii_lowercase(), &mut space, out);
            continue;
        }
        match table.get(ch as usize - 0x80) {
            Some(&base) if base != SLOW => put(base, &mut space, out),
            _ => {
                for lower in ch.to_lowercase() {
                    put(fold_char(lower), &mut space, out);
                }
            }
        }
    }
}

/// One character of [`fold_into`] folded (`'\0'`: dropped): a separator marks a space to come, any other is
/// written after it.
fn put(base: char, space: &mut bool, out: &mut String) {
    if base == '\0' {
        return;
    }
    if separates(base) {
        *space = !out.is_empty();
        return;
    }
    if *space {
        out.push(' ');
        *space = false;
    }
    out.push(base);
}

/// `fold(text).contains(needle)` for many texts and one needle, with no `String` made per text (issue 14: the
/// unit page's filter at 5,500,000 members): each text folded into one buffer kept here ([`fold_into`]) and the
/// needle found in it with a searcher made once.
pub struct FoldedNeedle {
    needle: String,
    finder: memchr::memmem::Finder<'static>,
    folded: String,
}

impl FoldedNeedle {
    /// The needle `fold(text)`.
    pub fn new(text: &str) -> FoldedNeedle {
        let needle = fold(text);
        let finder = memchr::memmem::Finder::new(needle.as_bytes()).into_owned();
        FoldedNeedle { needle, finder, folded: String::new() }
    }

    /// The needle, folded.
    pub fn needle(&self) -> &str {
        &self.needle
    }

    /// Whether `fold(text)` contains the needle.
    pub fn found_in(&mut self, text: &str) -> bool {
        if self.needle.is_empty() {
            return true;
        }
        fold_into(text, &mut self.folded);
        self.finder.find(self.folded.as_bytes()).is_some()
    }
}

/// Meta columns, by folded header.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Meta {
    Id,
    Name,
    Subject,
    Org,
    TaskGroup,
    Base,
    Target,
    SelfLevel,
    Proposal,
    Decision,
}

impl Meta {
    fn name(self) -> &'static str {
        match self {
            Meta::Id => "id",
            Meta::Name => "name",
            Meta::Subject => "subject",
            Meta::Org => "org",
            Meta::TaskGroup => "task_group",
            Meta::Base => "base",
            Meta::Target => "target",
            Meta::SelfLevel => "self_level",
            Meta::Proposal => "proposal",
            Meta::Decision => "decision",
        }
    }
}

fn meta_column(folded: &str, kind: TableKind) -> Option<Meta> {
    Some(match folded {
        "id" | "ma" | "ma so" | "ma dang vien" | "ma to chuc" | "so the" | "so the dang vien" | "stt id" => Meta::Id,
        "name" | "ten" | "ho ten" | "ho va ten" | "ten to chuc" | "ho ten dang vien" => Meta::Name,
        "subject" | "loai" | "doi tuong" | "loai doi tuong" | "kind" => Meta::Subject,
        "org" | "to chuc" | "chi bo" | "dang bo" | "don vi" | "organization" if kind != TableKind::Organizations => {
            Meta::Org
        }
        "parent" | "cap tren" | "truc thuoc" | "to chuc cap tren" | "org" if kind != TableKind::Members => Meta::Org,
        "task group" | "nhom" | "nhom nhiem vu" | "nhom cong viec" | "group" => Meta::TaskGroup,
        "base" | "co so" | "tccsd" | "to chuc co so dang" | "la co so" if kind != TableKind::Members => Meta::Base,
        "target" | "target level" | "dang ky" | "dang ky phan dau" | "muc dang ky" => Meta::Target,
        // decide: the three steps of QĐ 366 Điều 12 k1, members only.
        "self level"
        | "self proposed"
        | "tu nhan"
        | "muc tu nhan"
        | "tu nhan muc"
        | "ca nhan tu nhan"
        | "tu xep loai"
        | "tu danh gia xep loai"
        | "ca nhan tu xep loai"
            if kind == TableKind::Members =>
        {
            Meta::SelfLevel
        }
        "proposal" | "cell proposal" | "de nghi" | "chi bo de nghi" | "muc de nghi" | "chi bo de xuat"
        | "de xuat cua chi bo" | "chi bo bieu quyet" | "ket qua bieu quyet"
            if kind == TableKind::Members =>
        {
            Meta::Proposal
        }
        "decision"
        | "decided"
        | "quyet dinh"
        | "muc quyet dinh"
        | "cap tren quyet dinh"
        | "cap co tham quyen quyet dinh"
        | "xep loai cua cap co tham quyen"
        | "dang uy quyet dinh"
            if kind == TableKind::Members =>
        {
            Meta::Decision
        }
        _ => return None,
    })
}

/// The meta columns a [`ColumnOverrides`] entry may name (`parent` is also accepted for `org`).
pub const META_COLUMNS: &[&str] =
    &["id", "name", "subject", "org", "task_group", "base", "target", "self_level", "proposal", "decision"];

/// Column meanings set by hand (the app's mapping step): the header exactly as written → what the column means:
/// a meta column ([`META_COLUMNS`]; in an organizations table `org` is the parent, and `parent` is accepted too), a
/// fact id, or `""` to ignore the column on purpose (no `unknown-column` warning). Overrides win over automatic
/// matching; an override naming nothing the table can hold is an `unknown-mapping` error and the column is ignored.
pub type ColumnOverrides = BTreeMap<String, String>;

/// How one column of the input is used.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ColumnUse {
    /// A meta column, by its name in [`META_COLUMNS`] (`org` is the parent in an organizations table).
    Meta(&'static str),
    /// A fact, by slot (`rules.facts[slot]`).
    Fact(u32),
    /// Matches nothing (or an override names nothing usable): ignored, and reported.
    Ignored,
    /// Ignored on purpose: mapped to `""` by an override; not reported.
    Skipped,
}

impl ColumnUse {
    /// What the column means, as a [`ColumnOverrides`] value would say it: the meta column's name, the fact's id,
    /// or `""` for a column that is not read.
    pub fn meaning(&self, rules: &RuleSet) -> String {
        match self {
            ColumnUse::Meta(name) => name.to_string(),
            ColumnUse::Fact(slot) => rules.facts.get(*slot as usize).map(|f| f.id.clone()).unwrap_or_default(),
            ColumnUse::Ignored | ColumnUse::Skipped => String::new(),
        }
    }

    /// What the column means, for people: "Mã", a fact's name, "(bỏ qua)".
    pub fn label(&self, rules: &RuleSet, lang: Lang) -> String {
        let text = |vi: &'static str, en: &'static str| lang.pick(vi, en).to_string();
        match self {
            ColumnUse::Meta("id") => text("Mã", "Id"),
            ColumnUse::Meta("name") => text("Họ tên / tên", "Name"),
            ColumnUse::Meta("subject") => text("Loại đối tượng", "Subject kind"),
            ColumnUse::Meta("org") => text("Tổ chức (chi bộ) / cấp trên", "Organization / parent"),
            ColumnUse::Meta("task_group") => text("Nhóm nhiệm vụ", "Task group"),
            ColumnUse::Meta("base") => text("Tổ chức cơ sở đảng (có/không)", "Base organization (yes/no)"),
            ColumnUse::Meta("target") => text("Đăng ký phấn đấu", "Registered level"),
            ColumnUse::Meta("self_level") => text("Tự nhận mức", "Self-proposed level"),
            ColumnUse::Meta("proposal") => text("Chi bộ đề nghị", "Cell's proposal"),
            ColumnUse::Meta("decision") => text("Cấp có thẩm quyền quyết định", "Decision"),
            ColumnUse::Meta(other) => other.to_string(),
            ColumnUse::Fact(slot) => {
                rules.facts.get(*slot as usize).map(|f| f.name.get(lang).to_string()).unwrap_or_default()
            }
            ColumnUse::Ignored => text("(không khớp, bỏ qua)", "(no match, ignored)"),
            ColumnUse::Skipped => text("(bỏ qua)", "(ignored)"),
        }
    }
}

/// The mapping of input columns to facts, for the user to see (and, in the app, to change).
#[derive(Clone, Debug)]
pub struct ColumnMap {
    pub headers: Vec<String>,
    pub uses: Vec<ColumnUse>,
}

/// Can a table of this kind hold the fact? Roll-up counts are input facts for organizations too: a committee with
/// only totals types them in.
fn readable(fact: &Fact, kind: TableKind) -> bool {
    match fact.origin {
        FactOrigin::Input => true,
        FactOrigin::Rollup { .. } => kind != TableKind::Members,
        FactOrigin::Derived => false,
    }
}

/// Match headers to meta columns and facts, automatically (no overrides).
pub fn map_columns(rules: &RuleSet, headers: &[String], kind: TableKind) -> ColumnMap {
    ColumnMap { headers: headers.to_vec(), uses: column_plan(rules, headers, kind, &ColumnOverrides::new()) }
}

/// How each column will be read, one [`ColumnUse`] per header: an override for the header when there is one, else
/// the automatic match by meta column name, fact id, alias or name (Vietnamese with or without diacritics, or
/// English). This is the mapping step the app shows; [`TableReader`] reads by exactly this plan.
pub fn column_plan(
    rules: &RuleSet,
    headers: &[String],
    kind: TableKind,
    overrides: &ColumnOverrides,
) -> Vec<ColumnUse> {
    plan_columns(rules, headers, kind, overrides).0
}

/// The plan, and the columns whose override names nothing usable (they are `Ignored` in the plan).
fn plan_columns(
    rules: &RuleSet,
    headers: &[String],
    kind: TableKind,
    overrides: &ColumnOverrides,
) -> (Vec<ColumnUse>, Vec<usize>) {
    let mut by_name: HashMap<String, u32> = HashMap::new();
    for (slot, fact) in rules.facts.iter().enumerate() {
        if !readable(fact, kind) {
            continue;
        }
        for name in std::iter::once(&fact.id)
            .chain(fact.aliases.iter())
            .chain(std::iter::once(&fact.name.vi))
            .chain(fact.name.en.iter())
        {
            by_name.entry(fold(name)).or_insert(slot as u32);
        }
    }
    let mut bad = Vec::new();
    let uses = headers
        .iter()
        .enumerate()
        .map(|(column, header)| {
            if let Some(meaning) = overrides.get(header) {
                return override_use(rules, kind, meaning).unwrap_or_else(|| {
                    bad.push(column);
                    ColumnUse::Ignored
                });
            }
            let folded = fold(header);
            if let Some(meta) = meta_column(&folded, kind) {
                return ColumnUse::Meta(meta.name());
            }
            // The running number offices put first ("STT") and columns they keep for notes are not facts.
            if matches!(folded.as_str(), "stt" | "tt" | "so tt" | "so thu tu" | "ghi chu" | "ky ten" | "ky xac nhan") {
                return ColumnUse::Skipped;
            }
            match by_name.get(&folded) {
                Some(slot) => ColumnUse::Fact(*slot),
                None => ColumnUse::Ignored,
            }
        })
        .collect();
    (uses, bad)
}

/// The use an override names, if the table can hold it.
fn override_use(rules: &RuleSet, kind: TableKind, meaning: &str) -> Option<ColumnUse> {
    let meaning = meaning.trim();
    if meaning.is_empty() {
        return Some(ColumnUse::Skipped);
    }
    if meaning == "parent" {
        return Some(ColumnUse::Meta("org"));
    }
    if let Some(name) = META_COLUMNS.iter().find(|m| **m == meaning) {
        return Some(ColumnUse::Meta(name));
    }
    let slot = rules.fact_slot(meaning)?;
    readable(rules.fact(slot), kind).then_some(ColumnUse::Fact(slot))
}

/// Read a cell as a value of `fact`. Empty text is "no value" (`Ok(None)`).
pub fn parse_value(rules: &RuleSet, fact: &Fact, text: &str) -> Result<Option<Num>, (Code, String, String)> {
    let _ = rules;
    parse_fact_value(fact, text)
}

/// `text.trim()`, without looking at each character when the text begins and ends with a printable ASCII one (a
/// cell as most are typed).
pub(crate) fn trim_cell(text: &str) -> &str {
    let bytes = text.as_bytes();
    match (bytes.first(), bytes.last()) {
        (None, _) => text,
        (Some(first), Some(last)) if first.is_ascii_graphic() && last.is_ascii_graphic() => text,
        _ => text.trim(),
    }
}

fn parse_fact_value(fact: &Fact, text: &str) -> Result<Option<Num>, (Code, String, String)> {
    let text = trim_cell(text);
    if text.is_empty() {
        return Ok(None);
    }
    let value = match fact.ty {
        FactType::Bool => match parse_bool(text) {
            Some(b) => Num::int(b as i64),
            None => {
                return Err((
                    Code::NotABool,
                    format!("\"{text}\" không phải có/không"),
                    format!("\"{text}\" is not yes/no"),
                ));
            }
        },
        FactType::Choice => {
            let folded = fold(text);
            match fact.choices.iter().position(|c| {
                c.id == text
                    || fold(&c.id) == folded
                    || fold(&c.name.vi) == folded
                    || c.name.en.as_deref().is_some_and(|en| fold(en) == folded)
                    || c.aliases.iter().any(|alias| fold(alias) == folded)
            }) {
                Some(index) => Num::int(index as i64),
                None => {
                    let names: Vec<String> = fact.choices.iter().map(|c| format!("{} ({})", c.id, c.name.vi)).collect();
                    return Err((
                        Code::NotAChoice,
                        format!(
                            "\"{text}\" không phải một lựa chọn của \"{}\"; chọn: {}",
                            fact.name.vi,
                            names.join(", ")
                        ),
                        format!(
                            "\"{text}\" is not a choice of \"{}\"; choose: {}",
                            fact.name.get(Lang::En),
                            names.join(", ")
                        ),
                    ));
                }
            }
        }
        FactType::Number | FactType::Integer | FactType::Percent => {
            let number = Num::parse(text).map_err(|_| {
                (Code::NotANumber, format!("\"{text}\" không phải là số"), format!("\"{text}\" is not a number"))
            })?;
            // A percentage typed as 30 means 30%; typed as 30% it was already divided.
            if fact.ty == FactType::Percent && !text.ends_with('%') { Num::percent(number) } else { number }
        }
    };
    // The usual value passes without a division: a whole number, within the bounds (compared at the same
    // denominator); any other is checked in full, which says why it does not pass.
    let plain = (fact.ty != FactType::Integer || value.raw_parts().1 == 1)
        && fact.min.is_none_or(|min| value >= min)
        && fact.max.is_none_or(|max| value <= max);
    if !plain {
        crate::classify::check_value(fact, value)?;
    }
    Ok(Some(value))
}

/// Why a typed fact was not used (the rest of the facts were).
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct FactError {
    /// The fact id as given.
    pub fact: String,
    /// `unknown-fact` for a fact the rule set lacks or that cannot be given for the subject kind; otherwise why the
    /// value is not one of the fact's (`not-a-number`, `not-a-choice` …).
    pub code: Code,
    pub message: crate::lang::Text,
}

/// Facts as typed (fact id → text, as a form, a message or a cases file gives them) for one subject kind, as a row of
/// values by slot, with an error for each fact not used. Every front end turns typed facts into a row here.
///
/// A fact can be given when it applies to the kind and is not worked out from others: input facts and roll-up
/// counts (counted from a roster when there is one, typed in otherwise). Empty text is no value.
pub fn typed_row<I, K, V>(rules: &RuleSet, kind: usize, facts: I) -> (Vec<Num>, Vec<FactError>)
where
    I: IntoIterator<Item = (K, V)>,
    K: AsRef<str>,
    V: AsRef<str>,
{
    let mut row = vec![Num::MISSING; rules.facts.len()];
    let mut errors = Vec::new();
    for (id, text) in facts {
        let id = id.as_ref();
        let error = |code: Code, vi: String, en: String| FactError {
            fact: id.to_string(),
            code,
            message: crate::lang::Text::new(vi, en),
        };
        let Some(slot) = rules.fact_slot(id) else {
            errors.push(error(
                Code::UnknownFact,
                format!("không có dữ kiện \"{id}\" trong bộ quy tắc này"),
                format!("there is no fact \"{id}\" in this rule set"),
            ));
            continue;
        };
        let fact = rules.fact(slot);
        if !fact.applies_to(kind) || fact.origin == FactOrigin::Derived {
            let subject = &rules.subjects[kind].id;
            errors.push(error(
                Code::UnknownFact,
                format!("\"{id}\" không phải dữ kiện nhập được của loại đối tượng \"{subject}\""),
                format!("\"{id}\" is not a fact that can be given for the subject kind \"{subject}\""),
            ));
            continue;
        }
        match parse_fact_value(fact, text.as_ref()) {
            Ok(value) => row[slot as usize] = value.unwrap_or(Num::MISSING),
            Err((code, vi, en)) => errors.push(error(code, vi, en)),
        }
    }
    (row, errors)
}

pub fn parse_bool(text: &str) -> Option<bool> {
    match fold(text).as_str() {
        "co" | "x" | "yes" | "y" | "true" | "1" | "dung" | "c" | "dat" | "v" | "√" | "✓" => Some(true),
        "khong" | "no" | "n" | "false" | "0" | "sai" | "k" | "ko" | "khong co" | "khong dat" | "-" => Some(false),
        _ => None,
    }
}

/// Find a subject kind by id or name.
pub fn parse_kind(rules: &RuleSet, text: &str) -> Option<usize> {
    let folded = fold(text);
    rules.subjects.iter().position(|s| {
        s.id == text
            || fold(&s.id) == folded
            || fold(&s.name.vi) == folded
            || s.name.en.as_deref().is_some_and(|en| fold(en) == folded)
            || s.aliases.iter().any(|alias| fold(alias) == folded)
    })
}

/// Find a level by id, short name or full name.
pub fn parse_level(rules: &RuleSet, text: &str) -> Option<usize> {
    let folded = fold(text);
    rules.levels.iter().position(|l| {
        l.id == text
            || fold(&l.id) == folded
            || fold(&l.short) == folded
            || fold(&l.name.vi) == folded
            || l.name.en.as_deref().is_some_and(|en| fold(en) == folded)
    })
}

/// Bytes of a file as UTF-8 text (a leading BOM is kept; the readers drop it). Text in another encoding (a CSV
/// saved as Windows-1258 or ANSI) is an error at the first byte that is not UTF-8, with its line and column.
pub fn decode(bytes: Vec<u8>, file: Option<&str>) -> Result<String, Diagnostic> {
    String::from_utf8(bytes).map_err(|error| {
        let valid = &error.as_bytes()[..error.utf8_error().valid_up_to()];
        let text = String::from_utf8_lossy(valid);
        let location = crate::diag::LineIndex::new(&text).location(file, text.len(), None);
        Diagnostic::new(
            Code::NotUtf8,
            location,
            "tệp không phải UTF-8: hãy lưu lại dưới dạng UTF-8 (trong Excel: \"CSV UTF-8\")",
            "the file is not UTF-8: save it again as UTF-8 (in Excel: \"CSV UTF-8\")",
        )
    })
}

/// Bytes of a roster file as text, whatever encoding an office saved it in (UTF-8 with or without BOM, UTF-16,
/// Windows-1258, Windows-1252), with Vietnamese typed in the legacy TCVN3 or VNI fonts converted to Unicode; the
/// notices say what was done ([`crate::encoding`]). Never fails.
pub fn decode_roster(bytes: &[u8], file: Option<&str>) -> (String, Vec<Diagnostic>) {
    let decoded = crate::encoding::decode_file(bytes, file);
    (decoded.text, decoded.notices)
}

/// How many rows from the top the header row is looked for in (titles, a unit's name, blank lines above it).
const HEADER_SEARCH_ROWS: usize = 30;

/// Is this row a table's header? It names the id column and at least one other known column (a meta column or a
/// fact), as a title row ("DANH SÁCH ĐẢNG VIÊN …") never does.
pub fn is_header_row<S: AsRef<str>>(rules: &RuleSet, cells: &[S], kind: TableKind) -> bool {
    let headers: Vec<String> = cells.iter().map(|c| c.as_ref().to_string()).collect();
    if headers.iter().all(|h| h.trim().is_empty()) || headers.len() > limits::MAX_COLUMNS {
        return false;
    }
    let uses = column_plan(rules, &headers, kind, &ColumnOverrides::new());
    let id = uses.contains(&ColumnUse::Meta("id"));
    let known = uses.iter().filter(|u| matches!(u, ColumnUse::Meta(_) | ColumnUse::Fact(_))).count();
    id && known >= 2
}

/// The position of the header among the first rows (`rows` in order, blank ones included): the first row that
/// [`is_header_row`], else the first row that is not blank (a table whose header names nothing known is read from
/// its first row, and its columns are reported). `None` when there is no row.
pub fn header_position(rules: &RuleSet, rows: &[(u32, Vec<String>)], kind: TableKind) -> Option<usize> {
    let first = rows.iter().position(|(_, cells)| cells.iter().any(|c| !c.trim().is_empty()))?;
    Some(
        rows.iter()
            .enumerate()
            .skip(first)
            .take(HEADER_SEARCH_ROWS)
            .find(|(_, (_, cells))| is_header_row(rules, cells, kind))
            .map(|(index, _)| index)
            .unwrap_or(first),
    )
}

/// A reader whose header is found among `rows` ([`header_position`]; the first row when none is), with the
/// `header-row` notice when rows lie above it, and the index of the first row after the header.
pub fn reader_for_rows(
    rules: &RuleSet,
    rows: &[(u32, Vec<String>)],
    options: &ReadOptions,
    overrides: &ColumnOverrides,
) -> (TableReader, usize) {
    let at = header_position(rules, rows, options.kind).unwrap_or(0);
    let (header_row, headers) = rows.get(at).map(|(row, cells)| (*row, cells.as_slice())).unwrap_or((1, &[]));
    let mut reader = TableReader::new(rules, header_row, headers, options, overrides);
    if at > 0 {
        let titles: Vec<String> = rows[..at].iter().map(|(_, cells)| row_text(cells)).collect();
        reader.diagnostics.push(header_notice(options.file, header_row, &titles));
    }
    (reader, at + 1)
}

/// The `header-row` warning: the header is row `header`, and the rows above it are not read.
pub fn header_notice(file: Option<&str>, header: u32, above: &[String]) -> Diagnostic {
    let shown: Vec<String> = above.iter().filter(|t| !t.trim().is_empty()).take(2).map(|t| format!("«{t}»")).collect();
    let shown = if shown.is_empty() { String::new() } else { format!(": {}", shown.join(", ")) };
    Diagnostic::new(
        Code::HeaderRow,
        Location { file: file.map(str::to_string), row: Some(header), ..Location::default() },
        format!(
            "dòng tiêu đề của bảng là dòng {header}; các dòng phía trên (tên văn bản, dòng trống) không được đọc{shown}"
        ),
        format!("the table's header is row {header}; the rows above it (titles, blank lines) are not read{shown}"),
    )
}

/// The first row with a cell that is not blank (0 when none is).
fn first_filled(rows: &[(u32, Vec<String>)]) -> usize {
    rows.iter().position(|(_, cells)| cells.iter().any(|c| !c.trim().is_empty())).unwrap_or(0)
}

/// The first non-blank cells of a row, joined, to show a title row in a notice.
fn row_text<S: AsRef<str>>(cells: &[S]) -> String {
    cells.iter().map(|c| c.as_ref().trim()).filter(|c| !c.is_empty()).collect::<Vec<_>>().join(" ")
}

/// Options for reading a table.
#[derive(Clone, Debug)]
pub struct ReadOptions<'a> {
    pub file: Option<&'a str>,
    pub kind: TableKind,
    /// The subject kind for rows without a subject column.
    pub default_subject: Option<usize>,
}

/// Read CSV text: UTF-8 with or without BOM, separated by commas, semicolons or tabs (whichever the header uses).
/// The rows go through a [`TableReader`] as they are split, so a large file is never held twice.
pub fn read_csv(rules: &RuleSet, text: &str, options: &ReadOptions) -> (Table, Vec<Diagnostic>) {
    read_csv_with(rules, text, options, &ColumnOverrides::new())
}

/// [`read_csv`] with column meanings set by hand.
pub fn read_csv_with(
    rules: &RuleSet,
    text: &str,
    options: &ReadOptions,
    overrides: &ColumnOverrides,
) -> (Table, Vec<Diagnostic>) {
    let mut sink = CsvRows::new(rules, options, overrides);
    let mut splitter = Splitter::new(options.file);
    splitter.split(text, true, &mut |row, record| sink.row(row, record));
    sink.finish(splitter.diagnostics)
}

/// The rows a CSV text is split into, read by a [`TableReader`] as they come, its header found below the title rows
/// above it ([`is_header_row`]; the first row that is not blank when none is within [`HEADER_SEARCH_ROWS`]).
struct CsvRows<'r> {
    rules: &'r RuleSet,
    options: ReadOptions<'r>,
    overrides: &'r ColumnOverrides,
    reader: Option<TableReader>,
    /// Rows before the header is found (titles above it), held until a header is seen or the search gives up.
    above: Vec<(u32, Vec<String>)>,
    notice: Option<Diagnostic>,
    /// Records not read at all, before the header row a person picked ([`CsvStream::from_record`]).
    skip: usize,
}

impl<'r> CsvRows<'r> {
    fn new(rules: &'r RuleSet, options: &ReadOptions<'r>, overrides: &'r ColumnOverrides) -> CsvRows<'r> {
        CsvRows { rules, options: options.clone(), overrides, reader: None, above: Vec::new(), notice: None, skip: 0 }
    }

    /// One record, as the splitter gives it: read straight into the table once the header is known.
    fn row(&mut self, row: u32, record: &[Cow<str>]) {
        if let Some(reader) = &mut self.reader {
            return reader.push_cells(row, &SplitCells(record));
        }
        if self.skip > 0 {
            self.skip -= 1;
            return;
        }
        let cells: Vec<String> = record.iter().map(|c| c.to_string()).collect();
        let header = is_header_row(self.rules, &cells, self.options.kind);
        self.above.push((row, cells));
        if header {
            self.start(self.above.len() - 1);
        } else if self.above.len() >= HEADER_SEARCH_ROWS {
            self.start(first_filled(&self.above));
        }
    }

    /// The header is row `at` of those held: the reader starts there and reads the rows after it.
    fn start(&mut self, at: usize) {
        let (row, headers) = &self.above[at];
        let mut started = TableReader::new(self.rules, *row, headers, &self.options, self.overrides);
        if at > 0 {
            let titles: Vec<String> = self.above[..at].iter().map(|(_, cells)| row_text(cells)).collect();
            self.notice = Some(header_notice(self.options.file, *row, &titles));
        }
        for (row, cells) in &self.above[at + 1..] {
            started.push(*row, cells);
        }
        self.above.clear();
        self.reader = Some(started);
    }

    /// Records read into the table so far.
    fn len(&self) -> usize {
        self.reader.as_ref().map_or(0, TableReader::len)
    }

    /// The table, after the splitter's `diagnostics` (rows it could not split), with every problem found.
    fn finish(mut self, mut diagnostics: Vec<Diagnostic>) -> (Table, Vec<Diagnostic>) {
        if self.reader.is_none() && !self.above.is_empty() {
            self.start(first_filled(&self.above));
        }
        let Some(reader) = self.reader else {
            // No header row: an empty file, or a header that could not be read (which has been reported).
            let (table, empty) = TableReader::new(self.rules, 1, &[], &self.options, self.overrides).finish();
            return (table, if diagnostics.is_empty() { empty } else { diagnostics });
        };
        let header_row = reader.header_row;
        let (mut table, more) = reader.finish();
        table.add_unsplit_rows(&diagnostics, header_row);
        diagnostics.extend(self.notice);
        diagnostics.extend(more);
        (table, diagnostics)
    }
}

/// A CSV roster read as a stream: fed the file's bytes in chunks of any size (a row, or a letter's bytes, may be cut
/// between two), decoded as [`decode_roster`] decodes the whole file, split as [`read_csv`] splits it, and each row
/// read straight into the table: the file is never held whole (unless it is not plain UTF-8, see
/// [`crate::encoding::TextStream`]). The table, the diagnostics and the notices are those of [`decode_roster`] then
/// [`read_csv_with`] on the whole file.
///
/// Feed it with [`CsvStream::push`] until the file's end, then [`CsvStream::end`], then [`CsvStream::finish`]; when
/// `push` or `end` answers [`Feed::FromStart`], feed the file again from its first byte (what was read is dropped).
pub struct CsvStream<'r> {
    /// Records before the picked header row ([`CsvStream::from_record`]), skipped again after a restart.
    skip: usize,
    text: crate::encoding::TextStream,
    splitter: Splitter,
    /// Text given out by the decoder that the splitter cannot split yet (the end of a line, the first lines).
    pending: String,
    rows: CsvRows<'r>,
    /// The file's size in bytes when told ([`CsvStream::with_size`]), the bytes fed since its start, and whether
    /// room was made for the rows to come.
    size: Option<u64>,
    fed: u64,
    reserved: bool,
}

/// Rows read before the rows still to come are told from the bytes they took ([`CsvStream::with_size`]).
const ESTIMATE_AFTER_ROWS: usize = 1024;

pub use crate::encoding::Feed;

/// What a [`CsvStream`] read.
#[derive(Clone, Debug)]
pub struct CsvRead {
    pub table: Table,
    /// The problems reading the rows, as [`read_csv_with`] gives them.
    pub diagnostics: Vec<Diagnostic>,
    /// How the file's bytes were read (an encoding other than UTF-8, a legacy font), as [`decode_roster`] says it.
    pub notices: Vec<Diagnostic>,
}

impl<'r> CsvStream<'r> {
    pub fn new(rules: &'r RuleSet, options: &ReadOptions<'r>, overrides: &'r ColumnOverrides) -> CsvStream<'r> {
        CsvStream::with_window(rules, options, overrides, crate::encoding::TEXT_WINDOW)
    }

    /// A stream whose encoding is told from the first `window` bytes ([`crate::encoding::TextStream::with_window`]).
    #[doc(hidden)]
    pub fn with_window(
        rules: &'r RuleSet,
        options: &ReadOptions<'r>,
        overrides: &'r ColumnOverrides,
        window: usize,
    ) -> CsvStream<'r> {
        CsvStream {
            skip: 0,
            text: crate::encoding::TextStream::with_window(options.file, window),
            splitter: Splitter::new(options.file),
            pending: String::new(),
            rows: CsvRows::new(rules, options, overrides),
            size: None,
            fed: 0,
            reserved: false,
        }
    }

    /// The file is `bytes` long: once the first [`ESTIMATE_AFTER_ROWS`] rows are read, the table makes room for the
    /// rows still to come, told from the bytes those took (a little more, so that each of its vectors grows once,
    /// see [`Table::reserve`]), instead of doubling its vectors as rows come: at a million rows the doublings
    /// copied the columns again and again and touched twice the fresh memory. A wrong size only misjudges the room.
    pub fn with_size(mut self, bytes: u64) -> CsvStream<'r> {
        self.size = Some(bytes);
        self
    }

    /// The next bytes of the file.
    pub fn push(&mut self, bytes: &[u8]) -> Feed {
        let CsvStream { text, splitter, pending, rows, .. } = self;
        let feed = text.push(bytes, &mut |piece| split_piece(splitter, pending, rows, piece, false));
        self.fed += bytes.len() as u64;
        if let Some(size) = self.size.filter(|&size| !self.reserved && self.fed < size) {
            let rows = self.rows.len();
            if rows >= ESTIMATE_AFTER_ROWS {
                let coming = (rows as u128 * u128::from(size - self.fed) / u128::from(self.fed)) as usize;
                self.reserve(coming + coming / 32);
                self.reserved = true;
            }
        }
        self.after(feed)
    }

    /// The file's end: every row is read.
    pub fn end(&mut self) -> Feed {
        let CsvStream { text, splitter, pending, rows, .. } = self;
        let feed = text.end(&mut |piece| split_piece(splitter, pending, rows, piece, false));
        if feed == Feed::More {
            split_piece(splitter, pending, rows, "", true);
        }
        self.after(feed)
    }

    /// The header is looked for from the `index`-th record the file splits into (counting from 0, as
    /// [`csv_rows`] gives them), as when a person picks the header row: the records before it are not read.
    pub fn from_record(mut self, index: usize) -> CsvStream<'r> {
        self.rows.skip = index;
        self.skip = index;
        self
    }

    /// Room for `more` rows beyond those read (the table's, [`Table::reserve`], and the ids seen), once the reader
    /// knows how many are coming.
    pub fn reserve(&mut self, more: usize) {
        if let Some(reader) = &mut self.rows.reader {
            reader.table.reserve(more);
            let seen = &mut reader.seen_ids;
            seen.text.reserve_exact(seen.text.len().div_ceil(seen.ids.len().max(1)) * more);
            seen.ids.reserve_exact(more);
        }
    }

    /// Rows read into the table so far (for progress).
    pub fn rows_read(&self) -> usize {
        self.rows.len()
    }

    /// The table and every problem found, once [`CsvStream::end`] has answered [`Feed::More`].
    pub fn finish(self) -> CsvRead {
        let notices = self.text.notices().to_vec();
        let (table, diagnostics) = self.rows.finish(self.splitter.diagnostics);
        CsvRead { table, diagnostics, notices }
    }

    /// After a [`Feed::FromStart`], what was read is dropped: the file is read again from its start.
    fn after(&mut self, feed: Feed) -> Feed {
        if feed == Feed::FromStart {
            self.splitter = Splitter::new(self.rows.options.file);
            self.pending = String::new();
            self.rows = CsvRows::new(self.rows.rules, &self.rows.options.clone(), self.rows.overrides);
            self.rows.skip = self.skip;
            (self.fed, self.reserved) = (0, false);
        }
        feed
    }
}

/// Split a piece of text after what is pending, and keep what cannot be split yet.
fn split_piece(splitter: &mut Splitter, pending: &mut String, rows: &mut CsvRows, piece: &str, end: bool) {
    let mut each = |row: u32, record: &[Cow<str>]| rows.row(row, record);
    if pending.is_empty() {
        let used = splitter.split(piece, end, &mut each);
        pending.push_str(&piece[used..]);
    } else {
        pending.push_str(piece);
        let used = splitter.split(pending, end, &mut each);
        pending.drain(..used);
    }
}

/// Split CSV text into rows without interpreting the cells, so a caller can feed a [`TableReader`] a chunk at a
/// time: `(row, cells)`, the header first, where the row is the line the record starts on. BOM and delimiter as in
/// [`read_csv`]. Rows that cannot be split are `csv-syntax` diagnostics (without a file name; set
/// `location.file` if needed).
pub fn csv_rows(text: &str) -> (Vec<(u32, Vec<String>)>, Vec<Diagnostic>) {
    let mut rows = Vec::new();
    let mut splitter = Splitter::new(None);
    splitter.split(text, true, &mut |row, record| rows.push((row, record.iter().map(|c| c.to_string()).collect())));
    (rows, splitter.diagnostics)
}

/// Limits on tabular input, the same for the CLI and the app (CSV, XLSX and JSON all go through [`TableReader`]).
/// A file past a limit is refused with an `input-limit` diagnostic that names the limit, before the large thing is
/// held in memory.
pub mod limits {
    /// Columns in a table: a rule set has tens of facts; a file with more columns than this is not a roster.
    pub const MAX_COLUMNS: usize = 1_000;
    /// Bytes in one cell: an id, a name or a number is short; a longer cell is refused (its row is not read).
    pub const MAX_CELL_BYTES: usize = 10_000;
}

/// The `input-limit` diagnostic for a row with too many columns (the header: the file is not read).
fn too_many_columns(file: Option<&str>, row: u32, header: bool) -> Diagnostic {
    let max = limits::MAX_COLUMNS;
    limit_hit(
        file,
        row,
        None,
        header,
        format!("dòng có hơn {max} cột (giới hạn số cột)"),
        format!("the row has more than {max} columns (the column limit)"),
    )
}

/// The `input-limit` diagnostic for a cell longer than [`limits::MAX_CELL_BYTES`].
fn cell_too_long(file: Option<&str>, row: u32, column: usize, header: bool) -> Diagnostic {
    let max = limits::MAX_CELL_BYTES;
    limit_hit(
        file,
        row,
        Some(column),
        header,
        format!("ô dài hơn {max} byte (giới hạn độ dài ô)"),
        format!("the cell is longer than {max} bytes (the cell length limit)"),
    )
}

/// An `input-limit` diagnostic saying what was hit and what is not read: the file (a header) or the row.
fn limit_hit(file: Option<&str>, row: u32, column: Option<usize>, header: bool, vi: String, en: String) -> Diagnostic {
    let (vi_rest, en_rest) = if header {
        ("tệp không được đọc", "the file is not read")
    } else {
        ("dòng này không được đọc", "this row is not read")
    };
    Diagnostic::new(
        Code::InputLimit,
        Location {
            file: file.map(str::to_string),
            row: Some(row),
            column: column.map(|c| c as u32 + 1),
            ..Location::default()
        },
        format!("{vi}; {vi_rest}"),
        format!("{en}; {en_rest}"),
    )
}

/// The CSV splitter shared by [`read_csv`], [`csv_rows`] and [`CsvStream`]: given text in pieces, it calls `each`
/// with every record and its row number (the line it is on; the first call is the header), and keeps the rows that
/// could not be read in `diagnostics`.
///
/// A record is one line: a quoted cell may hold the delimiter and doubled quotes, but not a line break. A quote
/// that does not close on its line is a `csv-syntax` error at the row and column where it opens: when a following
/// line closes it (a cell with line breaks), the error names the lines the record runs on and they are skipped;
/// otherwise it is a stray quote, and reading goes on at the next line, so one stray quote costs one row, reported,
/// instead of swallowing the rest of the file. Rows past a [`limits`] are `input-limit` errors; a header past them
/// stops reading. Every line that is not blank is either passed to `each` or reported. A row with fewer cells than
/// the header is passed on and reported (`row-too-short`, a warning).
#[derive(Clone, Debug)]
struct Splitter {
    file: Option<String>,
    /// The text's start (and a BOM to drop) is still to come.
    at_start: bool,
    /// Told from the first lines ([`sniff_delimiter`]) once they are in.
    delimiter: Option<u8>,
    /// No record has been read yet.
    header: bool,
    /// The header's number of cells, once read.
    width: Option<usize>,
    line_number: u32,
    /// A problem in the header row stopped the reading.
    stopped: bool,
    diagnostics: Vec<Diagnostic>,
}

impl Splitter {
    fn new(file: Option<&str>) -> Splitter {
        Splitter {
            file: file.map(str::to_string),
            at_start: true,
            delimiter: None,
            header: true,
            width: None,
            line_number: 0,
            stopped: false,
            diagnostics: Vec::new(),
        }
    }

    /// Split what can be split of `text` (the text after what earlier calls used), and say how many bytes were used;
    /// the rest is to be given again, with the text that follows it. What waits: a line not ended yet, the lines a
    /// quoted cell may run on to, the first lines the delimiter is told from. `end`: no text follows.
    fn split<'t>(&mut self, text: &'t str, end: bool, each: &mut impl FnMut(u32, &[Cow<'t, str>])) -> usize {
        let mut rest = text;
        if self.at_start {
            if rest.is_empty() && !end {
                return 0;
            }
            rest = rest.strip_prefix('\u{feff}').unwrap_or(rest);
            self.at_start = false;
        }
        let delimiter = match self.delimiter {
            Some(delimiter) => delimiter,
            None if !end && !sniffable(rest) => return text.len() - rest.len(),
            None => *self.delimiter.insert(sniff_delimiter(rest)),
        };
        if self.stopped {
            return text.len();
        }
        let file = self.file.as_deref();
        let mut cells: Vec<Cow<str>> = Vec::new();
        while !rest.is_empty() {
            let Some((line, after)) = complete_line(rest, end) else { break };
            let (before, number_before) = (rest, self.line_number);
            self.line_number = self.line_number.saturating_add(1);
            let line_number = self.line_number;
            rest = after;
            if line.is_empty() {
                continue;
            }
            cells.clear();
            let problem = match split_line(line, delimiter, &mut cells) {
                Ok(()) => {
                    let count = cells.len();
                    // The header sets the width; a title row above it (one cell) does not.
                    let filled = || cells.iter().filter(|c| !c.trim().is_empty()).count();
                    match self.width {
                        None if filled() < 2 => {}
                        None => self.width = Some(count),
                        Some(width) if count < width && !cells.iter().all(|c| c.trim().is_empty()) => {
                            self.diagnostics.push(Diagnostic::new(
                                Code::RowTooShort,
                                Location { file: file.map(str::to_string), row: Some(line_number), ..Location::default() },
                                format!("dòng có {count} ô, ít hơn {width} cột của dòng tiêu đề; các ô còn thiếu được coi là trống"),
                                format!("the row has {count} cells, fewer than the header's {width} columns; the missing cells are read as empty"),
                            ));
                        }
                        Some(_) => {}
                    }
                    each(line_number, &cells);
                    self.header = false;
                    continue;
                }
                Err(problem) => problem,
            };
            let at = |column: Option<usize>| Location {
                file: file.map(str::to_string),
                row: Some(line_number),
                column: column.map(|c| c as u32 + 1),
                ..Location::default()
            };
            let diagnostic = match problem {
                LineProblem::TooManyColumns => too_many_columns(file, line_number, self.header),
                LineProblem::CellTooLong(column) => cell_too_long(file, line_number, column, self.header),
                LineProblem::UnclosedQuote(column) => match spanned_lines(rest, delimiter, end) {
                    Spanned::Wait => {
                        // The lines after it are not all in: the line is split again with them.
                        (rest, self.line_number) = (before, number_before);
                        break;
                    }
                    Spanned::Lines(lines, after) => {
                        let last = line_number.saturating_add(lines);
                        rest = after;
                        self.line_number = last;
                        Diagnostic::new(
                            Code::CsvSyntax,
                            at(Some(column)),
                            format!(
                                "ô này mở ngoặc kép và xuống dòng, bản ghi kéo dài đến dòng {last} (một ô không được xuống dòng); các dòng {}–{last} không được đọc",
                                last - lines
                            ),
                            format!(
                                "this cell opens a quote and breaks the line: the record runs to line {last} (a cell cannot span lines); lines {}–{last} are not read",
                                last - lines
                            ),
                        )
                    }
                    Spanned::Stray => Diagnostic::new(
                        Code::CsvSyntax,
                        at(Some(column)),
                        "dấu ngoặc kép mở ở ô này không được đóng trên cùng dòng; dòng này không được đọc",
                        "the quote that opens this cell does not close on its line; this row is not read",
                    ),
                },
            };
            self.diagnostics.push(diagnostic);
            if self.header {
                self.stopped = true;
                return text.len();
            }
        }
        text.len() - rest.len()
    }
}

/// Are the lines the delimiter is told from all in ([`HEADER_SEARCH_ROWS`] lines that are not blank, each ended)?
fn sniffable(text: &str) -> bool {
    text.split_inclusive('\n')
        .filter(|line| line.ends_with('\n') && !line.trim().is_empty())
        .nth(HEADER_SEARCH_ROWS - 1)
        .is_some()
}

/// The first line of `text` and the text after it ([`next_line`]), if the line is ended (a line break follows it,
/// and a carriage return at the very end is not the first half of `\r\n`) or `end` says no text follows.
fn complete_line(text: &str, end: bool) -> Option<(&str, &str)> {
    let (line, after) = next_line(text);
    if end {
        return Some((line, after));
    }
    let broken = after.len() + line.len() < text.len();
    let cut_pair = text.len() == line.len() + 1 && text.ends_with('\r');
    (broken && !cut_pair).then_some((line, after))
}

/// The first line of `text` (without its line break: `\n`, `\r\n` or `\r`) and the text after it.
fn next_line(text: &str) -> (&str, &str) {
    // The first line feed or carriage return, searched for many bytes at a time.
    let end = memchr::memchr2(b'\n', b'\r', text.as_bytes()).unwrap_or(text.len());
    let next = if text[end..].starts_with("\r\n") { end + 2 } else { (end + 1).min(text.len()) };
    (&text[..end], &text[next..])
}

/// Lines a quoted cell may run on to and still be recognized as one record (a cell with line breaks typed in a
/// spreadsheet). A stray quote is not looked for further: it costs only its own row.
const MAX_SPANNED_LINES: u32 = 10;

/// What follows a line whose quoted cell does not close.
enum Spanned<'t> {
    /// A following line closes it: the number of lines the record runs on, and the text after them.
    Lines(u32, &'t str),
    /// A stray quote.
    Stray,
    /// The lines that tell are not all in yet.
    Wait,
}

/// After a line whose quoted cell does not close: a following line closes it if a quote there is followed by the
/// delimiter or the line's end, within [`MAX_SPANNED_LINES`] lines, with no other quote before it. Otherwise the quote
/// is a stray one.
fn spanned_lines(mut rest: &str, delimiter: u8, end: bool) -> Spanned<'_> {
    for lines in 1..=MAX_SPANNED_LINES {
        if rest.is_empty() {
            return if end { Spanned::Stray } else { Spanned::Wait };
        }
        let Some((line, after)) = complete_line(rest, end) else { return Spanned::Wait };
        rest = after;
        let bytes = line.as_bytes();
        let mut at = 0;
        while let Some(offset) = bytes[at..].iter().position(|&b| b == b'"') {
            at += offset + 1;
            match bytes.get(at) {
                Some(b'"') => at += 1,
                Some(&b) if b == delimiter => return Spanned::Lines(lines, rest),
                None => return Spanned::Lines(lines, rest),
                Some(_) => return Spanned::Stray,
            }
        }
    }
    Spanned::Stray
}

/// Why a line could not be split into cells (columns count from 0).
enum LineProblem {
    TooManyColumns,
    CellTooLong(usize),
    UnclosedQuote(usize),
}

/// Split one line (without its line break) into cells.
fn split_line<'a>(line: &'a str, delimiter: u8, cells: &mut Vec<Cow<'a, str>>) -> Result<(), LineProblem> {
    let bytes = line.as_bytes();
    if !bytes.contains(&b'"') {
        return split_plain(line, delimiter, cells);
    }
    split_quoted(line, delimiter, cells)
}

/// [`split_line`] of a line that may hold quoted cells, a cell at a time.
fn split_quoted<'a>(line: &'a str, delimiter: u8, cells: &mut Vec<Cow<'a, str>>) -> Result<(), LineProblem> {
    let bytes = line.as_bytes();
    let mut start = 0;
    loop {
        if cells.len() == limits::MAX_COLUMNS {
            return Err(LineProblem::TooManyColumns);
        }
        let column = cells.len();
        let (cell, next) = if bytes.get(start) == Some(&b'"') {
            // A quoted cell: "" is a quote; text after the closing quote up to the delimiter is kept as written.
            let mut value = String::new();
            let mut at = start + 1;
            loop {
                let Some(offset) = bytes[at..].iter().position(|&b| b == b'"') else {
                    return Err(LineProblem::UnclosedQuote(column));
                };
                if value.len() + offset > limits::MAX_CELL_BYTES {
                    return Err(LineProblem::CellTooLong(column));
                }
                value.push_str(&line[at..at + offset]);
                at += offset + 1;
                if bytes.get(at) == Some(&b'"') {
                    value.push('"');
                    at += 1;
                } else {
                    break;
                }
            }
            let end = bytes[at..].iter().position(|&b| b == delimiter).map(|o| at + o).unwrap_or(bytes.len());
            value.push_str(&line[at..end]);
            (Cow::Owned(value), end)
        } else {
            let end = bytes[start..].iter().position(|&b| b == delimiter).map(|o| start + o).unwrap_or(bytes.len());
            (Cow::Borrowed(&line[start..end]), end)
        };
        if cell.len() > limits::MAX_CELL_BYTES {
            return Err(LineProblem::CellTooLong(column));
        }
        cells.push(cell);
        if next >= bytes.len() {
            return Ok(());
        }
        start = next + 1;
    }
}

/// [`split_line`] of a line without quotes: the delimiters are found eight bytes at a time (a word compared with the
/// delimiter in every byte), and every cell is borrowed from the line.
fn split_plain<'a>(line: &'a str, delimiter: u8, cells: &mut Vec<Cow<'a, str>>) -> Result<(), LineProblem> {
    const { assert!(limits::MAX_CELL_BYTES >= limits::MAX_COLUMNS) };
    let bytes = line.as_bytes();
    if bytes.len() < limits::MAX_COLUMNS {
        // A line shorter than the column limit has fewer cells than it, and no cell past the length limit: the
        // cells are pushed without counting them (a roster's lines are all this short).
        split_short(line, delimiter, cells);
        return Ok(());
    }
    let mut start = 0;
    let mut push = |cells: &mut Vec<Cow<'a, str>>, end: usize| {
        if cells.len() == limits::MAX_COLUMNS {
            return Err(LineProblem::TooManyColumns);
        }
        if end - start > limits::MAX_CELL_BYTES {
            return Err(LineProblem::CellTooLong(cells.len()));
        }
        // The delimiter is ASCII: the cell's ends are character boundaries.
        cells.push(Cow::Borrowed(&line[start..end]));
        start = end + 1;
        Ok(())
    };
    let mut words = bytes.chunks_exact(8);
    let mut at = 0;
    for word in &mut words {
        let mut found = delimiter_bytes(u64::from_le_bytes(word.try_into().unwrap_or_default()), delimiter);
        while found != 0 {
            push(cells, at + (found.trailing_zeros() / 8) as usize)?;
            found &= found - 1;
        }
        at += 8;
    }
    for (offset, &byte) in words.remainder().iter().enumerate() {
        if byte == delimiter {
            push(cells, at + offset)?;
        }
    }
    push(cells, bytes.len())
}

/// [`split_plain`] of a line shorter than [`limits::MAX_COLUMNS`] bytes, which no limit can stop.
fn split_short<'a>(line: &'a str, delimiter: u8, cells: &mut Vec<Cow<'a, str>>) {
    let bytes = line.as_bytes();
    let mut start = 0;
    let mut words = bytes.chunks_exact(8);
    let mut at = 0;
    for word in &mut words {
        let mut found = delimiter_bytes(u64::from_le_bytes(word.try_into().unwrap_or_default()), delimiter);
        while found != 0 {
            let end = at + (found.trailing_zeros() / 8) as usize;
            // The delimiter is ASCII: the cell's ends are character boundaries (an empty cell, as many are, is not
            // sliced).
            cells.push(Cow::Borrowed(if start == end { "" } else { &line[start..end] }));
            start = end + 1;
            found &= found - 1;
        }
        at += 8;
    }
    for (offset, &byte) in words.remainder().iter().enumerate() {
        if byte == delimiter {
            let end = at + offset;
            cells.push(Cow::Borrowed(if start == end { "" } else { &line[start..end] }));
            start = at + offset + 1;
        }
    }
    cells.push(Cow::Borrowed(&line[start..]));
}

/// The high bit of each byte of `word` that equals `delimiter` (exactly: no carry from one byte into the next).
fn delimiter_bytes(word: u64, delimiter: u8) -> u64 {
    const LOW: u64 = 0x7f7f_7f7f_7f7f_7f7f;
    let diff = word ^ (u64::from(delimiter) * 0x0101_0101_0101_0101);
    !(((diff & LOW) + LOW) | diff | LOW)
}

/// The delimiter of a CSV text: the one that splits the first lines into the same number of cells most often
/// outside quotes (title lines above the header, with no delimiter, do not count; comma decimals in a semicolon file
/// vary from line to line, the semicolons do not). Ties go to tab, then semicolon, then comma.
fn sniff_delimiter(text: &str) -> u8 {
    let lines: Vec<&str> = text.lines().filter(|l| !l.trim().is_empty()).take(HEADER_SEARCH_ROWS).collect();
    let score = |delimiter: char| {
        let mut counts: HashMap<usize, usize> = HashMap::new();
        for line in &lines {
            // Delimiters inside quoted cells do not count.
            let mut quoted = false;
            let count = line
                .chars()
                .filter(|c| {
                    if *c == '"' {
                        quoted = !quoted;
                    }
                    !quoted && *c == delimiter
                })
                .count();
            if count > 0 {
                *counts.entry(count).or_default() += 1;
            }
        }
        counts.into_iter().map(|(count, lines)| (lines, count)).max().unwrap_or((0, 0))
    };
    let (commas, semicolons, tabs) = (score(','), score(';'), score('\t'));
    if tabs > (0, 0) && tabs >= commas && tabs >= semicolons {
        b'\t'
    } else if semicolons > (0, 0) && semicolons >= commas {
        b';'
    } else {
        b','
    }
}

/// Read rows already split into cells: the first row is the header. `(line, cells)`; the line is reported as the
/// row number.
pub fn read_rows(rules: &RuleSet, rows: Vec<(u32, Vec<String>)>, options: &ReadOptions) -> (Table, Vec<Diagnostic>) {
    read_rows_with(rules, rows, options, &ColumnOverrides::new())
}

/// [`read_rows`] with column meanings set by hand.
pub fn read_rows_with(
    rules: &RuleSet,
    rows: Vec<(u32, Vec<String>)>,
    options: &ReadOptions,
    overrides: &ColumnOverrides,
) -> (Table, Vec<Diagnostic>) {
    let (mut reader, next) = reader_for_rows(rules, &rows, options, overrides);
    for (row, cells) in rows.iter().skip(next) {
        reader.push(*row, cells);
    }
    reader.finish()
}

/// The cells of one row, however they are held.
trait Cells {
    fn cell(&self, column: usize) -> Option<&str>;
    fn blank(&self) -> bool;
    fn count(&self) -> usize;
    /// Already known to be within [`limits`] (the CSV splitter does not give out a row past them).
    fn within_limits(&self) -> bool {
        false
    }
}

/// A row as the CSV splitter gives it: within [`limits`], which it checks as it splits (a row past them is its
/// `input-limit` diagnostic, not a row), so the reader does not check them again.
struct SplitCells<'a, 't>(&'a [Cow<'t, str>]);

impl Cells for SplitCells<'_, '_> {
    fn cell(&self, column: usize) -> Option<&str> {
        self.0.get(column).map(AsRef::as_ref)
    }

    fn blank(&self) -> bool {
        self.0.blank()
    }

    fn count(&self) -> usize {
        self.0.len()
    }

    fn within_limits(&self) -> bool {
        true
    }
}

impl<S: AsRef<str>> Cells for [S] {
    fn cell(&self, column: usize) -> Option<&str> {
        self.get(column).map(AsRef::as_ref)
    }

    fn blank(&self) -> bool {
        self.iter().all(|c| trim_cell(c.as_ref()).is_empty())
    }

    fn count(&self) -> usize {
        self.len()
    }
}

/// A fact read from a column.
#[derive(Clone, Debug)]
struct FactColumn {
    column: usize,
    slot: u32,
    fact: Fact,
    /// Choices and yes/no: the cell texts seen, read once (a column holds few distinct words, and reading one
    /// folds every choice's names).
    words: Option<HashMap<String, CellValue, NameHasher>>,
    last: LastWord<CellValue>,
    /// Used by the rules, with no default, read from the table: an empty cell is listed ([`Code::EmptyCells`]).
    required: bool,
}

type CellValue = Result<Option<Num>, (Code, String, String)>;

/// Distinct words remembered per column, so a column of made-up values cannot grow the memory without bound.
const WORDS_REMEMBERED: usize = 256;

impl FactColumn {
    fn read(&mut self, text: &str) -> CellValue {
        let Some(words) = &mut self.words else { return parse_fact_value(&self.fact, text) };
        let text = trim_cell(text);
        if text.is_empty() {
            // What `parse_fact_value` says of an empty cell, without hashing it.
            return Ok(None);
        }
        if let Some(value) = self.last.get(text) {
            return value;
        }
        let value = match words.get(text) {
            Some(value) => value.clone(),
            None => {
                let value = parse_fact_value(&self.fact, text);
                if words.len() < WORDS_REMEMBERED {
                    words.insert(text.to_string(), value.clone());
                }
                value
            }
        };
        self.last.set(text, &value);
        value
    }
}

/// What a reader needs of a subject kind or a level to recognize it in a cell: the names it answers to, folded.
#[derive(Clone, Debug)]
struct Names {
    id: String,
    folded: Vec<String>,
}

impl Names {
    fn new(id: &str, names: &[&str]) -> Names {
        Names { id: id.to_string(), folded: std::iter::once(id).chain(names.iter().copied()).map(fold).collect() }
    }

    /// The same test as [`parse_kind`] / [`parse_level`], with the names folded once.
    fn find(list: &[Names], text: &str) -> Option<usize> {
        let folded = fold(text);
        list.iter().position(|n| n.id == text || n.folded.contains(&folded))
    }
}

/// The ids read so far, with the row of each, to find an id that repeats: the ids in one text, found by a keyed hash
/// of each (computed once per row), so a million ids cost no allocation of their own.
#[derive(Clone, Debug, Default)]
struct SeenIds {
    /// Every id read, one after another.
    text: String,
    /// Per id: where it is in `text`, its row, and the previous id with the same hash (`u32::MAX`: none).
    ids: Vec<SeenId>,
    /// The last id read with each hash; built only once an id comes out of order (`sorted` false).
    by_hash: HashMap<u64, u32, BuildHasherDefault<HashIsKey>>,
    hasher: RandomState,
    /// Every id so far came after the one before it: a new id greater than the last cannot repeat one, so a sorted
    /// roster (ids as a program numbers them) is checked without hashing.
    unsorted: bool,
}

#[derive(Clone, Copy, Debug)]
struct SeenId {
    start: usize,
    len: u32,
    row: u32,
    same_hash: u32,
}

impl SeenIds {
    /// The row `id` was first read on; `None` for a new id, which is remembered with `row`.
    fn first_or_add(&mut self, id: &str, row: u32) -> Option<u32> {
        if !self.unsorted {
            if self.ids.last().is_none_or(|last| after(id, self.text_of(last))) {
                self.ids.push(SeenId { start: self.text.len(), len: id.len() as u32, row, same_hash: u32::MAX });
                self.text.push_str(id);
                return None;
            }
            // The first id out of order: every id so far is indexed by its hash, then looked up as they will be.
            self.unsorted = true;
            for index in 0..self.ids.len() {
                let hash = self.hasher.hash_one(self.text_of(&self.ids[index]));
                self.ids[index].same_hash = self.by_hash.insert(hash, index as u32).unwrap_or(u32::MAX);
            }
        }
        let hash = self.hasher.hash_one(id);
        let index = self.ids.len() as u32;
        let previous = match self.by_hash.entry(hash) {
            Entry::Occupied(mut last) => {
                let mut at = *last.get();
                while at != u32::MAX {
                    let seen = self.ids[at as usize];
                    if &self.text[seen.start..seen.start + seen.len as usize] == id {
                        return Some(seen.row);
                    }
                    at = seen.same_hash;
                }
                std::mem::replace(last.get_mut(), index)
            }
            Entry::Vacant(vacant) => {
                vacant.insert(index);
                u32::MAX
            }
        };
        self.ids.push(SeenId { start: self.text.len(), len: id.len() as u32, row, same_hash: previous });
        self.text.push_str(id);
        None
    }

    fn text_of(&self, seen: &SeenId) -> &str {
        &self.text[seen.start..seen.start + seen.len as usize]
    }
}

/// A hasher for keys that are already hashes (keyed, [`RandomState`]): the key is the hash.
#[derive(Default)]
struct HashIsKey(u64);

impl Hasher for HashIsKey {
    fn finish(&self) -> u64 {
        self.0
    }

    fn write(&mut self, bytes: &[u8]) {
        for &byte in bytes {
            self.0 = self.0.rotate_left(8) ^ byte as u64;
        }
    }

    fn write_u64(&mut self, value: u64) {
        self.0 = value;
    }
}

/// The last cell text a column read and what it gave: a column holds the same word row after row (a subject
/// kind, a level), so it is compared before any hashing.
#[derive(Clone, Debug)]
struct LastWord<T> {
    text: String,
    value: Option<T>,
}

impl<T> Default for LastWord<T> {
    fn default() -> LastWord<T> {
        LastWord { text: String::new(), value: None }
    }
}

impl<T: Clone> LastWord<T> {
    fn get(&self, text: &str) -> Option<T> {
        self.value.as_ref().filter(|_| same_text(&self.text, text)).cloned()
    }

    fn set(&mut self, text: &str, value: &T) {
        self.text.clear();
        self.text.push_str(text);
        self.value = Some(value.clone());
    }
}

/// Reads a table one row at a time: created from the header row, fed rows with [`TableReader::push`] (in chunks,
/// so a page can show progress), and [`TableReader::finish`]ed into the table and every problem found. It owns
/// what it needs of the rule set, so it can be kept between chunks. [`read_csv`], [`read_json`] and [`read_rows`]
/// are this reader fed all at once.
///
/// Rows are numbered by the caller (1 = the header row, as a spreadsheet numbers them); problems are reported by
/// row and column, and a row with a bad cell is kept with that cell empty. Duplicate ids keep the first row.
#[derive(Clone, Debug)]
pub struct TableReader {
    file: Option<String>,
    kind: TableKind,
    default_subject: Option<usize>,
    header_row: u32,
    headers: Vec<String>,
    uses: Vec<ColumnUse>,
    /// The header makes reading impossible (no id column, no subject kind): rows are not read.
    stopped: bool,
    id: Option<usize>,
    name: Option<usize>,
    subject: Option<usize>,
    org: Option<usize>,
    task_group: Option<usize>,
    base: Option<usize>,
    target: Option<usize>,
    /// The columns of the declared levels: self-proposed, the cell's proposal, the decision.
    declared: [Option<usize>; 3],
    facts: Vec<FactColumn>,
    subjects: Vec<Names>,
    subject_collective: Vec<bool>,
    levels: Vec<Names>,
    /// Per subject kind: the required facts the table has no column for, reported when a row of that kind is read.
    missing: Vec<Vec<Diagnostic>>,
    kinds_seen: Vec<bool>,
    /// Subject kinds and levels by cell text, as found.
    kind_cache: HashMap<String, Option<usize>, NameHasher>,
    level_cache: HashMap<String, Option<usize>, NameHasher>,
    last_kind: LastWord<Option<usize>>,
    seen_ids: SeenIds,
    scratch: Vec<Num>,
    table: TableBuilder,
    diagnostics: Vec<Diagnostic>,
}

impl TableReader {
    /// A reader for a table whose header row (number `header_row`) is `headers`. No header row at all (an empty
    /// file) is `headers = []`. Problems of the header (a missing id column, unknown columns, overrides naming
    /// nothing) are found here and returned by [`TableReader::finish`].
    pub fn new(
        rules: &RuleSet,
        header_row: u32,
        headers: &[String],
        options: &ReadOptions,
        overrides: &ColumnOverrides,
    ) -> TableReader {
        // Members carry only input facts; organizations also carry roll-up counts, which a committee with only
        // totals types in.
        let stride = match options.kind {
            TableKind::Members => rules.input_count,
            TableKind::Organizations | TableKind::Subjects => rules.facts.len(),
        };
        // A header past the limits is refused before its columns are matched (that is the costly part).
        let limit = if headers.len() > limits::MAX_COLUMNS {
            Some(too_many_columns(options.file, header_row, true))
        } else {
            headers
                .iter()
                .position(|h| h.len() > limits::MAX_CELL_BYTES)
                .map(|column| cell_too_long(options.file, header_row, column, true))
        };
        let headers = if limit.is_some() { &[] } else { headers };
        let (uses, bad) = plan_columns(rules, headers, options.kind, overrides);
        let column_of = |name: &'static str| uses.iter().position(|u| *u == ColumnUse::Meta(name));
        let mut reader = TableReader {
            file: options.file.map(str::to_string),
            kind: options.kind,
            default_subject: options.default_subject,
            header_row,
            headers: headers.to_vec(),
            stopped: false,
            id: column_of("id"),
            name: column_of("name"),
            subject: column_of("subject"),
            org: column_of("org"),
            task_group: column_of("task_group"),
            base: column_of("base"),
            target: column_of("target"),
            declared: [column_of("self_level"), column_of("proposal"), column_of("decision")],
            facts: uses
                .iter()
                .enumerate()
                .filter_map(|(column, u)| match u {
                    ColumnUse::Fact(slot) => {
                        let fact = rules.fact(*slot).clone();
                        let words = matches!(fact.ty, FactType::Choice | FactType::Bool).then(HashMap::default);
                        let required = fact.used && fact.default.is_none() && fact.origin == FactOrigin::Input;
                        Some(FactColumn { column, slot: *slot, fact, words, last: LastWord::default(), required })
                    }
                    _ => None,
                })
                .collect(),
            subjects: rules
                .subjects
                .iter()
                .map(|s| {
                    let mut names = vec![s.name.vi.as_str(), s.name.en.as_deref().unwrap_or(&s.name.vi)];
                    names.extend(s.aliases.iter().map(String::as_str));
                    Names::new(&s.id, &names)
                })
                .collect(),
            subject_collective: rules.subjects.iter().map(|s| s.collective).collect(),
            levels: rules
                .levels
                .iter()
                .map(|l| {
                    Names::new(
                        &l.id,
                        &[l.short.as_str(), l.name.vi.as_str(), l.name.en.as_deref().unwrap_or(&l.name.vi)],
                    )
                })
                .collect(),
            missing: Vec::new(),
            kinds_seen: vec![false; rules.subjects.len()],
            kind_cache: HashMap::default(),
            level_cache: HashMap::default(),
            last_kind: LastWord::default(),
            seen_ids: SeenIds::default(),
            scratch: vec![Num::MISSING; rules.facts.len()],
            table: TableBuilder::new(stride),
            diagnostics: Vec::new(),
            uses,
        };
        for &column in &bad {
            let header = &headers[column];
            let meaning = overrides.get(header).map(String::as_str).unwrap_or("");
            let (vi, en) = match rules.fact_slot(meaning.trim()).map(|slot| &rules.fact(slot).origin) {
                Some(FactOrigin::Derived) => (
                    "là dữ kiện được tính từ dữ kiện khác, không đọc từ bảng",
                    "is computed from other facts, not read from a table",
                ),
                Some(FactOrigin::Rollup { .. }) => (
                    "là số đếm tổng hợp từ danh sách đảng viên, chỉ nhập được trong bảng tổ chức",
                    "is a count rolled up from the members, only read in an organizations table",
                ),
                _ => (
                    "không phải cột thông tin (id, name, subject, org, task_group, base, target) hay dữ kiện nào của bộ quy tắc",
                    "is neither a meta column (id, name, subject, org, task_group, base, target) nor a fact of the rule set",
                ),
            };
            let location = reader.at(header_row, Some(column));
            reader.diagnostics.push(Diagnostic::new(
                Code::UnknownMapping,
                location,
                format!("cột \"{header}\" được gán cho \"{meaning}\", nhưng \"{meaning}\" {vi}; cột bị bỏ qua"),
                format!(
                    "column \"{header}\" is mapped to \"{meaning}\", but \"{meaning}\" {en}; the column is ignored"
                ),
            ));
        }
        if let Some(limit) = limit {
            reader.stop(limit);
            return reader;
        }
        if headers.is_empty() {
            reader.stop(Diagnostic::new(
                Code::EmptyInput,
                reader.at(header_row, None),
                "tệp trống: không có dòng tiêu đề",
                "the file is empty: no header row",
            ));
            return reader;
        }
        if reader.id.is_none() {
            reader.stop(Diagnostic::new(
                Code::MissingColumn,
                reader.at(header_row, None),
                "thiếu cột mã (\"id\" hoặc \"Mã\")",
                "the id column (\"id\" or \"Mã\") is missing",
            ));
            return reader;
        }
        if reader.subject.is_none() && reader.default_subject.is_none() {
            reader.stop(Diagnostic::new(
                Code::MissingColumn,
                reader.at(header_row, None),
                "thiếu cột loại đối tượng (\"subject\" hoặc \"Loại\") và chưa chọn loại mặc định",
                "the subject kind column (\"subject\" or \"Loại\") is missing and no default kind was chosen",
            ));
            return reader;
        }
        for (column, (header, usage)) in headers.iter().zip(&reader.uses).enumerate() {
            if *usage == ColumnUse::Ignored && !header.trim().is_empty() && !bad.contains(&column) {
                let location = reader.at(header_row, Some(column));
                reader.diagnostics.push(Diagnostic::new(
                    Code::UnknownColumn,
                    location,
                    format!("cột \"{header}\" không khớp dữ kiện nào nên bị bỏ qua"),
                    format!("column \"{header}\" matches no fact and is ignored"),
                ));
            }
        }
        // Required facts the table has no column for, per subject kind, reported once if a row of that kind is read.
        let present: HashSet<u32> = reader.facts.iter().map(|f| f.slot).collect();
        reader.missing = (0..rules.subjects.len())
            .map(|kind| {
                rules
                    .input_facts(kind)
                    .filter(|(slot, fact)| fact.used && fact.default.is_none() && !present.contains(slot))
                    .map(|(_, fact)| {
                        Diagnostic::new(
                            Code::MissingColumn,
                            reader.at(header_row, None),
                            format!(
                                "thiếu cột \"{}\" ({}), cần cho loại {}",
                                fact.name.vi, fact.id, rules.subjects[kind].id
                            ),
                            format!(
                                "column \"{}\" ({}) is missing; {} needs it",
                                fact.name.get(Lang::En),
                                fact.id,
                                rules.subjects[kind].id
                            ),
                        )
                    })
                    .collect()
            })
            .collect();
        reader
    }

    fn stop(&mut self, diagnostic: Diagnostic) {
        self.diagnostics.push(diagnostic);
        self.stopped = true;
    }

    fn at(&self, row: u32, column: Option<usize>) -> Location {
        Location {
            file: self.file.clone(),
            row: Some(row),
            column: column.map(|c| c as u32 + 1),
            path: column.map(|c| self.headers.get(c).cloned().unwrap_or_default()),
            line: None,
        }
    }

    /// The header's row number.
    pub fn header_row(&self) -> u32 {
        self.header_row
    }

    /// How each column is read.
    pub fn columns(&self) -> &[ColumnUse] {
        &self.uses
    }

    /// Records read so far.
    pub fn len(&self) -> usize {
        self.table.len()
    }

    pub fn is_empty(&self) -> bool {
        self.table.is_empty()
    }

    /// Read one data row: `row` is its number (the header is usually row 1), `cells` its cells in header order.
    /// Blank rows are skipped.
    pub fn push<S: AsRef<str>>(&mut self, row: u32, cells: &[S]) {
        self.push_cells(row, cells);
    }

    fn push_cells<C: Cells + ?Sized>(&mut self, row: u32, cells: &C) {
        // A row with an id is not blank: the other cells are not looked at for that.
        let has_id = self.id.and_then(|c| cells.cell(c)).is_some_and(|id| !trim_cell(id).is_empty());
        if self.stopped || (!has_id && cells.blank()) {
            return;
        }
        let first_problem = self.diagnostics.len();
        let read = self.read_row(row, cells);
        if read && self.diagnostics.len() == first_problem {
            // The common case: read, nothing to say about it.
            return;
        }
        let cell = |column: Option<usize>| column.and_then(|c| cells.cell(c)).map(trim_cell).unwrap_or("");
        let (id, name) = (cell(self.id).to_string(), cell(self.name).to_string());
        // Every message about the row names the person (or organization), not only the row.
        let who = match (id.is_empty(), name.is_empty()) {
            (false, false) => format!("{id} · {name}"),
            (false, true) => id.clone(),
            (true, false) => name.clone(),
            (true, true) => String::new(),
        };
        if !who.is_empty() {
            for diagnostic in &mut self.diagnostics[first_problem..] {
                let message = &mut diagnostic.message;
                message.vi = format!("[{who}] {}", message.vi);
                if let Some(en) = &mut message.en {
                    *en = format!("[{who}] {en}");
                }
            }
        }
        if !read {
            let reasons =
                self.diagnostics[first_problem..].iter().filter(|d| d.is_error()).map(|d| d.message.clone()).collect();
            let org = Some(cell(self.org).to_string()).filter(|s| !s.is_empty());
            self.table.unread.push(Unread { row, id, name, org, reasons });
        }
    }

    /// Read one row that is not blank into the table; `false` when it holds someone who cannot be read (the problems
    /// say why). A row with neither id nor name is no one: said, and `true`.
    fn read_row<C: Cells + ?Sized>(&mut self, row: u32, cells: &C) -> bool {
        if !self.row_fits(row, cells) {
            return false;
        }
        let cell = |column: Option<usize>| column.and_then(|c| cells.cell(c)).map(trim_cell).unwrap_or("");
        let id = cell(self.id);
        // No id, and no name or nothing else about the person (no kind, no fact): a date, a note or a signature line
        // under the table ("BÍ THƯ CHI BỘ", then a name), not a person. Said, not read.
        let nothing_else = cell(self.subject).is_empty()
            && self.facts.iter().all(|f| cells.cell(f.column).is_none_or(|t| t.trim().is_empty()));
        if id.is_empty() && (cell(self.name).is_empty() || nothing_else) {
            let count = cells.count();
            let text: Vec<&str> =
                (0..count).filter_map(|c| cells.cell(c)).map(str::trim).filter(|t| !t.is_empty()).collect();
            let text = text.join(" ");
            self.diagnostics.push(Diagnostic::new(
                Code::NotAPerson,
                self.at(row, None),
                format!("dòng không có mã, và không có họ tên hay số liệu nào (dòng ký tên, ghi chú?) nên không phải một người: «{text}»; dòng này không được đọc"),
                format!("the row has no id, and no name or data (a signature line, a note?) so it is not a person: «{text}»; it is not read"),
            ));
            return true;
        }
        if id.is_empty() {
            self.diagnostics.push(Diagnostic::new(
                Code::MissingValue,
                self.at(row, self.id),
                "thiếu mã; dòng này không được xếp loại",
                "the id is empty; this row is not classified",
            ));
            return false;
        }
        if let Some(first) = self.seen_ids.first_or_add(id, row) {
            self.diagnostics.push(Diagnostic::new(
                Code::DuplicateSubject,
                self.at(row, self.id),
                format!("mã \"{id}\" trùng với dòng {first}; dòng này không được xếp loại"),
                format!("id \"{id}\" repeats row {first}; this row is not classified"),
            ));
            return false;
        }
        let subject_text = cell(self.subject);
        let kind = if self.subject.is_some() && !subject_text.is_empty() {
            let found = match self.last_kind.get(subject_text) {
                Some(found) => found,
                None => {
                    let found = match self.kind_cache.get(subject_text) {
                        Some(found) => *found,
                        None => {
                            let found = Names::find(&self.subjects, subject_text);
                            self.kind_cache.insert(subject_text.to_string(), found);
                            found
                        }
                    };
                    self.last_kind.set(subject_text, &found);
                    found
                }
            };
            if found.is_none() {
                let names: Vec<&str> = self.subjects.iter().map(|s| s.id.as_str()).collect();
                self.diagnostics.push(Diagnostic::new(
                    Code::WrongSubjectKind,
                    self.at(row, self.subject),
                    format!(
                        "\"{subject_text}\" không phải loại đối tượng; các loại: {}; dòng này không được xếp loại",
                        names.join(", ")
                    ),
                    format!(
                        "\"{subject_text}\" is not a subject kind; the kinds are: {}; this row is not classified",
                        names.join(", ")
                    ),
                ));
            }
            found
        } else {
            self.default_subject
        };
        let Some(kind) = kind else {
            if self.subject.is_some() && subject_text.is_empty() {
                self.diagnostics.push(Diagnostic::new(
                    Code::MissingValue,
                    self.at(row, self.subject),
                    "thiếu loại đối tượng; dòng này không được xếp loại",
                    "the subject kind is empty; this row is not classified",
                ));
            }
            return false;
        };
        let collective = self.subject_collective[kind];
        if self.kind != TableKind::Subjects && collective != (self.kind == TableKind::Organizations) {
            let (vi, en) = if collective {
                ("là loại tổ chức, không phải đảng viên", "is an organization kind, not a member kind")
            } else {
                ("là loại cá nhân, không phải tổ chức", "is a member kind, not an organization kind")
            };
            let id = &self.subjects[kind].id;
            self.diagnostics.push(Diagnostic::new(
                Code::WrongSubjectKind,
                self.at(row, self.subject),
                format!("\"{id}\" {vi}; dòng này không được xếp loại"),
                format!("\"{id}\" {en}; this row is not classified"),
            ));
            return false;
        }
        self.kinds_seen[kind] = true;
        // Only the slots the table keeps are read back ([`Table::push_ref`] takes `stride` of them).
        let stride = self.table.stride;
        self.scratch[..stride].fill(Num::MISSING);
        // Required facts (used by the rules, no default) whose cell is empty: listed, one problem per row.
        let mut empty: Vec<usize> = Vec::new();
        for index in 0..self.facts.len() {
            let column = &mut self.facts[index];
            let text = cells.cell(column.column).unwrap_or("");
            if !column.fact.applies_to(kind) {
                // A value the rules will never read for this kind: say so rather than drop it silently.
                let text = trim_cell(text);
                if !text.is_empty() {
                    let column = &self.facts[index];
                    let subject = &self.subjects[kind].id;
                    let (fact_vi, fact_en) = (&column.fact.name.vi, column.fact.name.get(Lang::En));
                    self.diagnostics.push(Diagnostic::new(
                        Code::FactNotApplicable,
                        self.at(row, Some(column.column)),
                        format!("{fact_vi}: \"{text}\" không áp dụng cho loại đối tượng \"{subject}\"; giá trị bị bỏ qua"),
                        format!("{fact_en}: \"{text}\" does not apply to the subject kind \"{subject}\"; the value is ignored"),
                    ));
                }
                continue;
            }
            // An empty cell (most of a roster's) is no value, as reading it says, without the call.
            let value = if text.is_empty() { Ok(None) } else { column.read(text) };
            match value {
                Ok(Some(value)) => self.scratch[column.slot as usize] = value,
                Ok(None) => {
                    if column.required {
                        empty.push(index);
                    }
                }
                Err((code, vi, en)) => {
                    let column = &self.facts[index];
                    self.diagnostics.push(Diagnostic::new(
                        code,
                        self.at(row, Some(column.column)),
                        format!("{}: {vi}", column.fact.name.vi),
                        format!("{}: {en}", column.fact.name.get(Lang::En)),
                    ));
                }
            }
        }
        if !empty.is_empty() {
            let names = |lang: Lang| {
                empty
                    .iter()
                    .map(|i| format!("\"{}\"", self.facts[*i].fact.name.get(lang)))
                    .collect::<Vec<_>>()
                    .join(", ")
            };
            let (vi, en) = (names(Lang::Vi), names(Lang::En));
            let column = (empty.len() == 1).then(|| self.facts[empty[0]].column);
            self.diagnostics.push(Diagnostic::new(
                Code::EmptyCells,
                self.at(row, column),
                format!("ô còn trống (dữ kiện không có giá trị mặc định): {vi}; nếu quy tắc cần đến, chưa xếp loại được cho đến khi điền"),
                format!("cells are empty (facts without a default): {en}; where the rules need them, no level until they are filled in"),
            ));
        }
        let target_text = cell(self.target);
        let target = if self.target.is_some() && !target_text.is_empty() {
            let found = match self.level_cache.get(target_text) {
                Some(found) => *found,
                None => {
                    let found = Names::find(&self.levels, target_text);
                    self.level_cache.insert(target_text.to_string(), found);
                    found
                }
            };
            if found.is_none() {
                self.diagnostics.push(Diagnostic::new(
                    Code::NotAChoice,
                    self.at(row, self.target),
                    format!("\"{target_text}\" không phải một mức xếp loại"),
                    format!("\"{target_text}\" is not a level"),
                ));
            }
            found
        } else {
            None
        };
        let declared = self.read_declared(row, cells);
        let base = self.base.is_some_and(|_| parse_bool(cell(self.base)).unwrap_or(false));
        let optional = |column: Option<usize>| Some(cell(column)).filter(|s| !s.is_empty());
        let record = RecordRef {
            id,
            name: cell(self.name),
            kind,
            org: optional(self.org),
            task_group: optional(self.task_group),
            base,
            target,
            row,
        };
        self.table.push_ref(record, &self.scratch[..stride]);
        if self.declared.iter().any(Option::is_some) {
            self.table.declared.push(declared);
        }
        true
    }

    /// decide: the levels a row declares (self-proposed, the cell's proposal, the decision), as level ids, short or
    /// full names with or without diacritics. A value that is not a level is a located problem and the row is kept
    /// with that step empty.
    fn read_declared<C: Cells + ?Sized>(&mut self, row: u32, cells: &C) -> crate::decision::Declared {
        let mut declared = crate::decision::Declared::default();
        for (stage, column) in crate::decision::Stage::ALL.into_iter().zip(self.declared) {
            let text = column.and_then(|c| cells.cell(c)).map(str::trim).unwrap_or("");
            if text.is_empty() {
                continue;
            }
            let found = match self.level_cache.get(text) {
                Some(found) => *found,
                None => {
                    // "Hoàn thành tốt" for "Hoàn thành tốt nhiệm vụ", as minutes write it.
                    let found = Names::find(&self.levels, text)
                        .or_else(|| Names::find(&self.levels, &format!("{text} nhiệm vụ")));
                    self.level_cache.insert(text.to_string(), found);
                    found
                }
            };
            match found {
                Some(level) => declared.set(stage, level as u8),
                None => {
                    let label = stage.header();
                    self.diagnostics.push(Diagnostic::new(
                        Code::NotAChoice,
                        self.at(row, column),
                        format!("{}: \"{text}\" không phải một mức xếp loại; bước này để trống", label.vi),
                        format!("{}: \"{text}\" is not a level; this step is left empty", label.get(Lang::En)),
                    ));
                }
            }
        }
        declared
    }

    /// Check a row's length against the limits and the header: a row past a limit, or with more cells than the
    /// header (a cell that is not empty past the last column: the cells are likely shifted, by a delimiter in a
    /// name), is an error and is not read. A shorter row is read with the missing cells empty (a workbook's rows
    /// end at their last filled cell); the CSV splitter reports short CSV rows.
    fn row_fits<C: Cells + ?Sized>(&mut self, row: u32, cells: &C) -> bool {
        let count = cells.count();
        if !cells.within_limits() {
            if count > limits::MAX_COLUMNS {
                self.diagnostics.push(too_many_columns(self.file.as_deref(), row, false));
                return false;
            }
            let too_long = |c: &usize| cells.cell(*c).is_some_and(|t| t.len() > limits::MAX_CELL_BYTES);
            if let Some(column) = (0..count).find(too_long) {
                self.diagnostics.push(cell_too_long(self.file.as_deref(), row, column, false));
                return false;
            }
        }
        let width = self.headers.len();
        if let Some(extra) = (width..count).find(|c| cells.cell(*c).is_some_and(|t| !t.trim().is_empty())) {
            self.diagnostics.push(Diagnostic::new(
                Code::RowTooLong,
                self.at(row, None),
                format!(
                    "dòng có {count} ô, nhiều hơn {width} cột của dòng tiêu đề (ô thừa đầu tiên ở cột {}); các ô có thể bị lệch do dấu phân cách trong một ô; dòng này không được đọc",
                    extra + 1
                ),
                format!(
                    "the row has {count} cells, more than the header's {width} columns (the first extra cell is in column {}); the cells may be shifted by a delimiter inside a cell; this row is not read",
                    extra + 1
                ),
            ));
            return false;
        }
        true
    }

    /// The table read, and every problem found (header problems, then by row and column).
    pub fn finish(mut self) -> (Table, Vec<Diagnostic>) {
        if !self.stopped {
            for (kind, seen) in self.kinds_seen.iter().enumerate() {
                if *seen {
                    self.diagnostics.append(&mut self.missing[kind]);
                }
            }
            if self.table.is_empty() {
                let location = self.at(self.header_row, None);
                self.diagnostics.push(Diagnostic::new(
                    Code::EmptyInput,
                    location,
                    "không có dòng dữ liệu nào",
                    "there are no data rows",
                ));
            }
        }
        self.table.shrink_to_fit();
        self.diagnostics.sort_by_key(|d| (d.location.row, d.location.column));
        (self.table.finish(), self.diagnostics)
    }
}

/// Read JSON: an array of objects. Each object has `id`, optional `name`, `subject`, `org` (or `parent`),
/// `taskGroup`, `base`, `target`, and facts either under `facts` or at the top level. Values may be numbers,
/// booleans or strings.
pub fn read_json(rules: &RuleSet, text: &str, options: &ReadOptions) -> (Table, Vec<Diagnostic>) {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let value: serde_json::Value = match serde_json::from_str(text) {
        Ok(value) => value,
        Err(error) => {
            let location = Location {
                file: options.file.map(str::to_string),
                line: Some(error.line() as u32),
                column: Some(error.column() as u32),
                ..Location::default()
            };
            // The parser's English, without the position (the location has it), and said in Vietnamese.
            let message = error.to_string();
            let message = message.split(" at line ").next().unwrap_or(&message).to_string();
            return (
                Table::new(rules.facts.len()),
                vec![Diagnostic::new(
                    Code::JsonSyntax,
                    location,
                    format!("JSON không hợp lệ: {}", json_words(&message)),
                    format!("invalid JSON: {message}"),
                )],
            );
        }
    };
    let items = match value {
        serde_json::Value::Array(items) => items,
        serde_json::Value::Object(object) => vec![serde_json::Value::Object(object)],
        _ => {
            return (
                Table::new(rules.facts.len()),
                vec![Diagnostic::new(
                    Code::JsonSyntax,
                    Location::in_file(options.file),
                    "JSON phải là một mảng các đối tượng",
                    "the JSON must be an array of objects",
                )],
            );
        }
    };
    // Turn the objects into rows with a header, so one reader handles both formats and their errors.
    let mut headers: Vec<String> = Vec::new();
    let mut index: HashMap<String, usize> = HashMap::new();
    let mut flat: Vec<Vec<(usize, String)>> = Vec::new();
    for item in &items {
        let mut cells = Vec::new();
        if let serde_json::Value::Object(object) = item {
            for (key, value) in object {
                if key == "facts" {
                    if let serde_json::Value::Object(facts) = value {
                        for (fact, value) in facts {
                            let column = *index.entry(fact.clone()).or_insert_with(|| {
                                headers.push(fact.clone());
                                headers.len() - 1
                            });
                            cells.push((column, json_cell(value)));
                        }
                    }
                    continue;
                }
                let key = match key.as_str() {
                    "taskGroup" => "task_group".to_string(),
                    "selfLevel" => "self_level".to_string(),
                    "parent" if options.kind == TableKind::Organizations => "parent".to_string(),
                    other => other.to_string(),
                };
                let column = *index.entry(key.clone()).or_insert_with(|| {
                    headers.push(key.clone());
                    headers.len() - 1
                });
                cells.push((column, json_cell(value)));
            }
        }
        flat.push(cells);
    }
    // Every object becomes a row as wide as all the keys together: too many distinct keys would multiply.
    if headers.len() > limits::MAX_COLUMNS {
        let max = limits::MAX_COLUMNS;
        return (
            Table::new(rules.facts.len()),
            vec![Diagnostic::new(
                Code::InputLimit,
                Location::in_file(options.file),
                format!("các đối tượng có hơn {max} khóa khác nhau (giới hạn số cột); tệp không được đọc"),
                format!("the objects have more than {max} distinct keys (the column limit); the file is not read"),
            )],
        );
    }
    let mut rows = vec![(1u32, headers.clone())];
    for (position, cells) in flat.into_iter().enumerate() {
        let mut row = vec![String::new(); headers.len()];
        for (column, text) in cells {
            row[column] = text;
        }
        rows.push((position as u32 + 2, row));
    }
    let (mut table, mut diagnostics) = read_rows(rules, rows, options);
    // Rows and columns were made up for the shared reader; point at the object and key instead: `[2].task_points`.
    for diagnostic in &mut diagnostics {
        let location = &mut diagnostic.location;
        if let Some(row) = location.row.take() {
            let key = location.path.take().map(|k| format!(".{k}")).unwrap_or_default();
            location.path =
                Some(if row >= 2 { format!("[{}]{key}", row - 2) } else { key.trim_start_matches('.').to_string() });
        }
        location.column = None;
    }
    // The position in the array, counting from 1.
    table.renumber_rows(|row| row - 1);
    (table, diagnostics)
}

/// Vietnamese for the JSON parser's messages.
fn json_words(english: &str) -> &'static str {
    const WORDS: &[(&str, &str)] = &[
        ("EOF while parsing", "tệp kết thúc giữa chừng (thiếu dấu đóng?)"),
        ("expected value", "cần một giá trị"),
        ("expected `,` or `]`", "cần `,` hoặc `]`"),
        ("expected `,` or `}`", "cần `,` hoặc `}`"),
        ("expected `:`", "cần `:`"),
        ("expected `\"`", "cần `\"`"),
        ("expected ident", "từ không hợp lệ (chỉ true, false, null)"),
        ("trailing comma", "thừa dấu phẩy ở cuối"),
        ("trailing characters", "có nội dung thừa sau giá trị JSON"),
        ("key must be a string", "khóa phải là chuỗi"),
        ("invalid escape", "ký tự thoát không hợp lệ"),
        ("unexpected end of hex escape", "ký tự thoát không hợp lệ"),
        ("invalid number", "số không hợp lệ"),
        ("number out of range", "số quá lớn"),
        ("invalid unicode code point", "mã Unicode không hợp lệ"),
        ("lone leading surrogate", "mã Unicode không hợp lệ"),
        ("control character", "ký tự điều khiển trong chuỗi"),
        ("recursion limit exceeded", "lồng nhau quá sâu"),
    ];
    WORDS.iter().find(|(en, _)| english.starts_with(en)).map(|(_, vi)| *vi).unwrap_or("cú pháp sai")
}

fn json_cell(value: &serde_json::Value) -> String {
    match value {
        serde_json::Value::Null => String::new(),
        serde_json::Value::Bool(b) => b.to_string(),
        serde_json::Value::Number(n) => n.to_string(),
        serde_json::Value::String(s) => s.clone(),
        other => other.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Ids in order are taken without hashing; the first one out of order indexes them all, and a repeat is found
    /// before and after that, with the row it was first read on.
    #[test]
    fn seen_ids_find_repeats_in_order_and_out_of_it() {
        let mut seen = SeenIds::default();
        for (row, id) in ["a1", "a2", "b1"].iter().enumerate() {
            assert_eq!(seen.first_or_add(id, row as u32 + 2), None);
        }
        assert!(!seen.unsorted);
        assert_eq!(seen.first_or_add("b1", 5), Some(4));
        assert!(seen.unsorted);
        assert_eq!(seen.first_or_add("a0", 6), None);
        assert_eq!(seen.first_or_add("a2", 7), Some(3));
        assert_eq!(seen.first_or_add("a0", 8), Some(6));
        assert_eq!(seen.first_or_add("c9", 9), None);
        // A table of many ids: every one is found again.
        let mut many = SeenIds::default();
        for i in (0..5_000u32).rev() {
            assert_eq!(many.first_or_add(&format!("m{i}"), i + 2), None);
        }
        for i in 0..5_000u32 {
            assert_eq!(many.first_or_add(&format!("m{i}"), 0), Some(i + 2));
        }
    }

    #[test]
    fn lines_without_quotes_split_as_cell_by_cell() {
        let mut seed = 7u64;
        let mut next = move || {
            seed = seed.wrapping_mul(6364136223846793005).wrapping_add(1442695040888963407);
            (seed >> 33) as usize
        };
        let pieces = ["", ";", ",", "\t", "a", "Nguyễn", "12,5", " ", ";;", "đ"];
        for _ in 0..2_000 {
            let line: String = (0..next() % 40).map(|_| pieces[next() % pieces.len()]).collect();
            for delimiter in [b';', b',', b'\t'] {
                let (mut plain, mut general) = (Vec::new(), Vec::new());
                let (a, b) = (
                    split_plain(&line, delimiter, &mut plain).is_ok(),
                    split_quoted(&line, delimiter, &mut general).is_ok(),
                );
                assert_eq!((a, &plain), (b, &general), "{line:?}");
            }
        }
        let wide = ";".repeat(limits::MAX_COLUMNS);
        assert!(matches!(split_plain(&wide, b';', &mut Vec::new()), Err(LineProblem::TooManyColumns)));
        let long = format!("a;{}", "x".repeat(limits::MAX_CELL_BYTES + 1));
        assert!(matches!(split_plain(&long, b';', &mut Vec::new()), Err(LineProblem::CellTooLong(1))));
    }

    #[test]
    fn folds_vietnamese_headers() {
        assert_eq!(fold("Điểm tiêu chí chung"), "diem tieu chi chung");
        assert_eq!(fold("  DIEM_tieu   chi-chung "), "diem tieu chi chung");
        assert_eq!(fold("Họ và tên"), "ho va ten");
        assert_eq!(fold("Đúng tiến độ, có chất lượng (%)"), "dung tien do co chat luong %");
    }

    /// Texts for the folded matcher: Vietnamese names with their marks composed and decomposed (combining marks),
    /// đ/Đ, uppercase, separators of every kind, a letter that lowercases to two (İ), a NUL, other scripts.
    fn fold_samples() -> Vec<String> {
        let mut texts: Vec<String> = [
            "Nguyễn Văn Hùng",
            "NGUYỄN THỊ ĐÀO",
            "Đỗ  Đức__Đạt",
            "  trần-thị (bé) ",
            "Nguye\u{302}\u{303}n Va\u{306}n",
            "PHẠM  , ; : . / ' \" ỨNG",
            "İstanbul İ",
            "a\0b",
            "\u{301}đầu",
            "Chi bộ 12 - Đảng bộ Phường Bến Nghé",
            "HV-000123",
            "ΣΊΣΥΦΟΣ straße",
            "\t\u{a0}\u{2003}Lê\u{3000}Lợi\u{b}",
            "",
            " ",
            "ỲÝỶỸỴ ỳýỷỹỵ ƠƯ ơư Ăă Ââ Êê Ôô",
        ]
        .map(String::from)
        .to_vec();
        // Every character of the fold table and about it, in a text of its own between two letters.
        texts.extend((0x20..0x2000u32).filter_map(char::from_u32).map(|c| format!("x{c}Y")));
        texts
    }

    /// The matcher and `fold_into` give what `fold` gives (`fold(text).contains(needle)`), for needles empty, typed
    /// with or without marks, in uppercase, across words.
    #[test]
    fn the_folded_matcher_finds_what_fold_finds() {
        let texts = fold_samples();
        let mut folded = String::from("left over");
        for text in &texts {
            fold_into(text, &mut folded);
            assert_eq!(folded, fold(text), "{text:?}");
        }
        let mut needles: Vec<String> =
            ["", " ", "nguyen", "NGUYỄN", "nguyen van", "van hung", "đ", "D", "dao", "đức đạt", "thi be", "ung", "a b"]
                .map(String::from)
                .to_vec();
        // Every piece of every folded text, and of its text as typed.
        for text in texts.iter().take(16) {
            let chars: Vec<char> = text.chars().collect();
            for start in 0..chars.len() {
                for end in start..chars.len().min(start + 6) {
                    needles.push(chars[start..=end].iter().collect());
                }
            }
        }
        // The named texts against every needle; the characters' texts (folded as `fold` does, above) against a few.
        let folds: Vec<String> = texts.iter().map(|t| fold(t)).collect();
        for (at, needle) in needles.iter().enumerate() {
            let mut matcher = FoldedNeedle::new(needle);
            assert_eq!(matcher.needle(), fold(needle));
            let against = if at < 13 { texts.len() } else { 16 };
            for (text, folded) in texts.iter().zip(&folds).take(against) {
                assert_eq!(matcher.found_in(text), folded.contains(&fold(needle)), "{needle:?} in {text:?}");
            }
        }
    }

    #[test]
    fn reads_yes_and_no() {
        assert_eq!(parse_bool("Có"), Some(true));
        assert_eq!(parse_bool("không"), Some(false));
        assert_eq!(parse_bool("x"), Some(true));
        assert_eq!(parse_bool("maybe"), None);
    }
}

// ---------------------------------------------------------------------------------------------------------------
// lists: a roster's task lists (a second CSV keyed by member id; see `crate::lists`).

/// The items of a roster's lists, read from a CSV of one item a row: per member id, its lists; and for each
/// (member id, list id), the spreadsheet row of each item, for diagnostics.
#[derive(Clone, Debug, Default)]
pub struct ListRows {
    pub lists: BTreeMap<String, crate::lists::Lists>,
    pub rows: BTreeMap<(String, String), Vec<u32>>,
    /// Data rows read (each is an item, or a problem reported).
    pub read: usize,
}

/// Read a tasks CSV: a member id column (`id`, `mã đảng viên` …), an optional list column (`list`, `danh sách`; the
/// rule set's first list when absent or empty) and one column per field (by id or name, with or without diacritics).
/// A row without an id, a list the rule set lacks or a column that matches no field is reported, never dropped
/// silently.
pub fn read_list_rows(rules: &RuleSet, text: &str, file: Option<&str>) -> (ListRows, Vec<Diagnostic>) {
    let (rows, diagnostics) = csv_rows(text.trim_start_matches('\u{feff}'));
    read_list_cells(rules, &rows, diagnostics, file)
}

/// [`read_list_rows`] over rows already split (a CSV by [`csv_rows`], a workbook's sheet), after the `diagnostics`
/// of splitting them.
pub fn read_list_cells(
    rules: &RuleSet,
    rows: &[(u32, Vec<String>)],
    mut diagnostics: Vec<Diagnostic>,
    file: Option<&str>,
) -> (ListRows, Vec<Diagnostic>) {
    let mut out = ListRows::default();
    let at = |row: u32, column: Option<usize>| Location {
        file: file.map(str::to_string),
        row: Some(row),
        column: column.map(|c| c as u32 + 1),
        ..Location::default()
    };
    let Some(((header_row, header), data)) = rows.split_first() else {
        diagnostics.push(Diagnostic::new(
            Code::EmptyInput,
            at(1, None),
            "tệp không có dòng nào",
            "the file has no rows",
        ));
        return (out, diagnostics);
    };
    #[derive(Clone, PartialEq)]
    enum Column {
        Id,
        List,
        Field(String),
        Unknown,
    }
    let fields = || rules.lists.iter().flat_map(|l| l.fields.iter());
    let columns: Vec<Column> = header
        .iter()
        .enumerate()
        .map(|(i, name)| {
            let folded = fold(name);
            let column = if meta_column(&folded, TableKind::Members) == Some(Meta::Id)
                || matches!(folded.as_str(), "member" | "member id" | "dang vien")
            {
                Column::Id
            } else if matches!(folded.as_str(), "list" | "danh sach" | "loai danh sach") {
                Column::List
            } else if let Some(field) = fields().find(|f| {
                fold(&f.id) == folded
                    || fold(&f.name.vi) == folded
                    || f.name.en.as_deref().is_some_and(|en| fold(en) == folded)
            }) {
                Column::Field(field.id.clone())
            } else {
                Column::Unknown
            };
            if column == Column::Unknown {
                diagnostics.push(Diagnostic::new(
                    Code::UnknownColumn,
                    at(*header_row, Some(i)),
                    format!("cột \"{name}\" không khớp trường nào của danh sách; bỏ qua"),
                    format!("column \"{name}\" matches no field of a list; ignored"),
                ));
            }
            column
        })
        .collect();
    if !columns.contains(&Column::Id) {
        diagnostics.push(Diagnostic::new(
            Code::MissingColumn,
            at(*header_row, None),
            "thiếu cột mã đảng viên (id); không đọc được danh sách",
            "the member id column (id) is missing; the lists cannot be read",
        ));
        return (out, diagnostics);
    }
    for (row, cells) in data {
        // A blank line (a sheet's empty row) holds no item.
        if cells.iter().all(|cell| cell.trim().is_empty()) {
            continue;
        }
        out.read += 1;
        let mut id = String::new();
        let mut list = String::new();
        let mut item = BTreeMap::new();
        for (column, cell) in columns.iter().zip(cells) {
            let cell = cell.trim();
            match column {
                Column::Id => id = cell.to_string(),
                Column::List => list = cell.to_string(),
                Column::Field(field) if !cell.is_empty() => {
                    item.insert(field.clone(), cell.to_string());
                }
                _ => {}
            }
        }
        if id.is_empty() {
            diagnostics.push(Diagnostic::new(
                Code::MissingValue,
                at(*row, None),
                "dòng không có mã đảng viên; mục này không được dùng",
                "the row has no member id; this item is not used",
            ));
            continue;
        }
        let list_id = if list.is_empty() {
            rules.lists.first().map(|l| l.id.clone())
        } else {
            let folded = fold(&list);
            rules
                .lists
                .iter()
                .find(|l| {
                    l.id == list
                        || fold(&l.name.vi) == folded
                        || l.name.en.as_deref().is_some_and(|en| fold(en) == folded)
                })
                .map(|l| l.id.clone())
        };
        let Some(list_id) = list_id else {
            let known: Vec<&str> = rules.lists.iter().map(|l| l.id.as_str()).collect();
            diagnostics.push(Diagnostic::new(
                Code::UnknownFact,
                at(*row, None),
                format!("không có danh sách \"{list}\"; các danh sách: {}; mục này không được dùng", known.join(", ")),
                format!("there is no list \"{list}\"; the lists are: {}; this item is not used", known.join(", ")),
            ));
            continue;
        };
        out.lists.entry(id.clone()).or_default().entry(list_id.clone()).or_default().push(item);
        out.rows.entry((id, list_id)).or_default().push(*row);
    }
    (out, diagnostics)
}
