//! The compiled, validated rule set that evaluation runs on.
//!
//! [`load`] parses a rule file's text, [`compile`] checks a [`RuleSetDoc`] and resolves every name to an index
//! (facts to slots, levels and subject kinds to positions). Problems come back as diagnostics; a rule set with an
//! error diagnostic is not returned, so every [`RuleSet`] in hand is complete and consistent.

use std::collections::{HashMap, HashSet};

use serde::Serialize;

use crate::diag::{Code, Diagnostic, LineIndex, Location, has_errors};
use crate::doc::*;
use crate::expr::{self, Expr, FactInfo, NumStyle, Type};
use crate::lang::Text;
use crate::num::Num;

/// More levels than any regime has; levels are numbered in a byte, with 255 meaning "no level".
pub const MAX_LEVELS: usize = 100;
/// Rules per list (conditions of a level, disqualifiers …) are numbered in 16 bits.
pub const MAX_RULES: usize = 10_000;

/// A set of subject kinds, one bit per kind (at most 64 kinds).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
pub struct SubjectSet(pub u64);

impl SubjectSet {
    pub fn contains(self, kind: usize) -> bool {
        kind < 64 && self.0 & (1 << kind) != 0
    }

    pub fn is_superset_of(self, other: SubjectSet) -> bool {
        self.0 & other.0 == other.0
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Status {
    Confirmed,
    Assumption,
}

/// Where a rule comes from, resolved: the document's title rather than its id.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Provenance {
    pub document: String,
    pub document_title: Text,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub at: Option<String>,
    pub status: Status,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub reason: Option<Text>,
    /// Set when an overlay changed or added the rule ([`crate::overlay`]): that overlay.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub overlay: Option<crate::overlay::OverlayNote>,
}

impl Provenance {
    /// "Điều 11 khoản 1, Quy định 366-QĐ/TW", and the overlay that changed it when one did.
    pub fn cite(&self, lang: crate::lang::Lang) -> String {
        let cited = match &self.at {
            Some(at) => format!("{at}, {}", self.document_title.get(lang)),
            None => self.document_title.get(lang).to_string(),
        };
        match &self.overlay {
            Some(note) => format!("{cited}; {}", note.describe(lang)),
            None => cited,
        }
    }
}

#[derive(Clone, Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Document {
    pub id: String,
    pub title: Text,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub date: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub url: Option<String>,
}

#[derive(Clone, Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Level {
    pub id: String,
    pub name: Text,
    pub short: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub min_score: Option<Num>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub source: Option<Provenance>,
    pub conditions: Vec<Rule>,
}

#[derive(Clone, Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct SubjectKind {
    pub id: String,
    pub name: Text,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub description: Option<Text>,
    pub collective: bool,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub form: Option<String>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum FactType {
    Number,
    Integer,
    Percent,
    Bool,
    Choice,
}

impl From<FactTypeDoc> for FactType {
    fn from(value: FactTypeDoc) -> FactType {
        match value {
            FactTypeDoc::Number => FactType::Number,
            FactTypeDoc::Integer => FactType::Integer,
            FactTypeDoc::Percent => FactType::Percent,
            FactTypeDoc::Bool => FactType::Bool,
            FactTypeDoc::Choice => FactType::Choice,
        }
    }
}

/// Which members or sub-units a roll-up fact counts.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum RollupGroup {
    /// The organization's own members.
    Members,
    /// Its direct sub-units (organizations whose parent it is).
    Subunits,
    /// Every member of the organization and of all its sub-units.
    AllMembers,
}

impl RollupGroup {
    pub const ALL: [RollupGroup; 3] = [RollupGroup::Members, RollupGroup::Subunits, RollupGroup::AllMembers];

    pub fn prefix(self) -> &'static str {
        match self {
            RollupGroup::Members => "members",
            RollupGroup::Subunits => "subunits",
            RollupGroup::AllMembers => "all_members",
        }
    }
}

/// What a roll-up fact counts within its group.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case", tag = "count", content = "level")]
pub enum RollupCount {
    Total,
    Classified,
    NotClassified,
    /// Referred to the competent level (a disqualifier with mitigation claimed): counted as no level.
    Referred,
    /// Exactly this level (index into the rule set's levels).
    Level(usize),
    /// This level or better.
    AtLeast(usize),
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case", tag = "kind")]
pub enum FactOrigin {
    /// Typed in or imported.
    Input,
    /// Computed from other facts by an expression.
    Derived,
    /// Counted from an organization's members or sub-units when a roster is classified; typed in otherwise.
    Rollup { group: RollupGroup, count: RollupCount },
}

#[derive(Clone, Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Choice {
    pub id: String,
    pub name: Text,
}

#[derive(Clone, Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Fact {
    pub id: String,
    pub name: Text,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub help: Option<Text>,
    pub origin: FactOrigin,
    #[serde(rename = "type")]
    pub ty: FactType,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub unit: Option<Text>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub min: Option<Num>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub max: Option<Num>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub default: Option<Num>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub choices: Vec<Choice>,
    #[serde(skip)]
    pub subjects: SubjectSet,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub group: Option<String>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub aliases: Vec<String>,
    /// Some enabled rule, derived fact or the score reads this fact.
    pub used: bool,
    /// What a zero in this fact means, for explanations of a share of it ("No tasks assigned").
    #[serde(skip_serializing_if = "Option::is_none")]
    pub when_zero: Option<Text>,
}

impl Fact {
    pub fn applies_to(&self, kind: usize) -> bool {
        self.subjects.contains(kind)
    }

    /// How values of this fact are shown.
    pub fn style(&self) -> NumStyle {
        if self.ty == FactType::Percent { NumStyle::Percent } else { NumStyle::Plain }
    }

    fn expr_type(&self) -> Type {
        match self.ty {
            FactType::Number | FactType::Integer => Type::Num(NumStyle::Plain),
            FactType::Percent => Type::Num(NumStyle::Percent),
            FactType::Bool => Type::Bool,
            FactType::Choice => {
                Type::Choice { fact: self.id.clone(), values: self.choices.iter().map(|c| c.id.clone()).collect() }
            }
        }
    }
}

/// A named yes/no rule with its provenance.
#[derive(Clone, Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Rule {
    pub id: String,
    pub name: Text,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub help: Option<Text>,
    #[serde(serialize_with = "serialize_expr")]
    pub expr: Expr,
    #[serde(skip)]
    pub subjects: SubjectSet,
    pub source: Provenance,
    pub enabled: bool,
    /// For a disqualifier: a claim of mitigation; when the case applies and this holds, the result is "referred".
    #[serde(skip_serializing_if = "Option::is_none", serialize_with = "serialize_mitigation")]
    pub mitigation: Option<Expr>,
    /// The derived facts the expression (and the mitigation) reads, directly or through other derived facts, as a mask over
    /// `RuleSet::derived` (set by `compile`), so they are computed only when a rule needs them.
    #[serde(skip)]
    pub(crate) needs: u64,
}

fn serialize_expr<S: serde::Serializer>(expr: &Expr, serializer: S) -> Result<S::Ok, S::Error> {
    serializer.serialize_str(expr.text())
}

fn serialize_mitigation<S: serde::Serializer>(expr: &Option<Expr>, serializer: S) -> Result<S::Ok, S::Error> {
    match expr {
        Some(expr) => serializer.serialize_str(expr.text()),
        None => serializer.serialize_none(),
    }
}

/// A consistency check between facts: a rule that must hold, or the facts contradict each other.
#[derive(Clone, Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Check {
    #[serde(flatten)]
    pub rule: Rule,
    /// The facts where the error is shown, by id (input facts).
    pub facts: Vec<String>,
    /// The check gave its `source` (optional for checks).
    #[serde(skip)]
    pub sourced: bool,
}

impl Check {
    pub fn source(&self) -> Option<&Provenance> {
        self.sourced.then_some(&self.rule.source)
    }
}

impl Rule {
    pub fn applies_to(&self, kind: usize) -> bool {
        self.enabled && self.subjects.contains(kind)
    }
}

#[derive(Clone, Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Cap {
    #[serde(flatten)]
    pub rule: Rule,
    /// Index of the best level allowed.
    pub max_level: usize,
}

#[derive(Clone, Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Derived {
    pub slot: u32,
    #[serde(serialize_with = "serialize_expr")]
    pub expr: Expr,
}

#[derive(Clone, Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Scoring {
    pub slot: u32,
    pub max: Num,
    pub parts: Vec<u32>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub source: Option<Provenance>,
    #[serde(skip)]
    pub(crate) needs: u64,
}

#[derive(Clone, Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Quota {
    pub id: String,
    pub name: Text,
    /// Index of the capped level (excellent).
    pub level: usize,
    /// The cap as a fraction (0.2 for 20%).
    pub share: Num,
    /// The highest percent the rule set allows the cap to be set to (25 under QĐ 366), when it declares one.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub max_percent: Option<Num>,
    pub base: QuotaBase,
    pub scopes: Vec<QuotaScope>,
    pub rounding: Rounding,
    #[serde(skip)]
    pub subjects: SubjectSet,
    /// Every subject kind counted together (`true`), or each kind its own group within each scope.
    pub pool_subjects: bool,
    pub source: Provenance,
    pub enabled: bool,
}

/// The review years a rule set governs, both ends included; an open end is `None`.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize)]
pub struct Years {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub from: Option<i32>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub to: Option<i32>,
}

impl Years {
    /// Declared at all (at least one end).
    pub fn is_declared(&self) -> bool {
        self.from.is_some() || self.to.is_some()
    }

    pub fn contains(&self, year: i32) -> bool {
        self.from.is_none_or(|from| year >= from) && self.to.is_none_or(|to| year <= to)
    }

    /// "2018–2022", "từ 2025" / "from 2025", "đến 2024" / "until 2024"; empty when not declared.
    pub fn describe(&self, lang: crate::lang::Lang) -> String {
        use crate::lang::Lang;
        match (self.from, self.to, lang) {
            (Some(from), Some(to), _) if from == to => format!("{from}"),
            (Some(from), Some(to), _) => format!("{from}–{to}"),
            (Some(from), None, Lang::Vi) => format!("từ {from}"),
            (Some(from), None, Lang::En) => format!("from {from}"),
            (None, Some(to), Lang::Vi) => format!("đến {to}"),
            (None, Some(to), Lang::En) => format!("until {to}"),
            (None, None, _) => String::new(),
        }
    }
}

/// The earliest and latest review year a rule set may name.
pub const YEAR_RANGE: (i32, i32) = (1945, 2200);

impl Quota {
    pub fn applies_to(&self, kind: usize) -> bool {
        self.enabled && self.subjects.contains(kind)
    }
}

#[derive(Clone, Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct RuleSet {
    pub id: String,
    pub name: Text,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub description: Option<Text>,
    pub version: String,
    pub official: bool,
    pub documents: Vec<Document>,
    /// From the best level (index 0) to the lowest.
    pub levels: Vec<Level>,
    pub subjects: Vec<SubjectKind>,
    /// Every fact, by slot: inputs first, then derived facts, then roll-up counts.
    pub facts: Vec<Fact>,
    /// Number of input facts (slots `0..input_count`).
    pub input_count: usize,
    /// Derived facts in an order where each only reads facts computed before it.
    pub derived: Vec<Derived>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub scoring: Option<Scoring>,
    pub band_fallback: BandFallback,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub band_fallback_source: Option<Provenance>,
    /// What a level condition comparing a share of nothing counts as (`[policy.empty_share]`).
    pub empty_share: EmptyShare,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub empty_share_source: Option<Provenance>,
    /// The review years this rule set governs, both ends included; `None` at an end that is open.
    pub years: Years,
    /// Whose review it governs, when the file says (`builtin::domain_of` falls back to the catalog, then party).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub domain: Option<Domain>,
    /// The rule set this one extends, when it is an overlay ([`crate::overlay`]).
    pub extends: Option<String>,
    pub not_classified: Vec<Rule>,
    pub disqualifiers: Vec<Rule>,
    pub caps: Vec<Cap>,
    pub quotas: Vec<Quota>,
    /// Consistency checks, evaluated before everything else.
    pub checks: Vec<Check>,
    #[serde(skip)]
    fact_index: HashMap<String, u32>,
    /// What applies to each subject kind, worked out once so classifying tests no subject sets.
    #[serde(skip)]
    pub(crate) plans: Vec<KindPlan>,
}

/// The rules, defaults and derived facts that apply to one subject kind, by index.
#[derive(Clone, Debug, Default)]
pub(crate) struct KindPlan {
    /// Input facts with a default: `(slot, default)`.
    pub defaults: Vec<(u32, Num)>,
    pub checks: Vec<u16>,
    pub not_classified: Vec<u16>,
    pub disqualifiers: Vec<u16>,
    /// Per level.
    pub conditions: Vec<Vec<u16>>,
    pub caps: Vec<u16>,
    /// Derived facts that apply, as a mask over `RuleSet::derived` (all bits when there are more than 64).
    pub derived: u64,
}

/// The mask of derived facts (by position in `derived`) that `slots` read, with what those read in turn.
/// With more than 64 derived facts, every rule needs all of them (computed eagerly).
fn needs_mask(slots: &[u32], derived: &[Derived], closure: &HashMap<u32, u64>) -> u64 {
    if derived.len() > 64 {
        return u64::MAX;
    }
    slots.iter().filter_map(|slot| closure.get(slot)).fold(0, |mask, m| mask | m)
}

fn plan_rules(rules: &[Rule], kind: usize) -> Vec<u16> {
    rules.iter().enumerate().filter(|(_, r)| r.applies_to(kind)).map(|(i, _)| i as u16).collect()
}

impl RuleSet {
    pub fn lowest_level(&self) -> usize {
        self.levels.len() - 1
    }

    pub fn level_index(&self, id: &str) -> Option<usize> {
        self.levels.iter().position(|l| l.id == id)
    }

    pub fn subject_index(&self, id: &str) -> Option<usize> {
        self.subjects.iter().position(|s| s.id == id)
    }

    pub fn fact_slot(&self, id: &str) -> Option<u32> {
        self.fact_index.get(id).copied()
    }

    /// The input facts a subject kind is assessed on, in declaration order.
    pub fn input_facts(&self, kind: usize) -> impl Iterator<Item = (u32, &Fact)> {
        self.facts
            .iter()
            .enumerate()
            .take(self.input_count)
            .filter(move |(_, f)| f.applies_to(kind))
            .map(|(i, f)| (i as u32, f))
    }

    /// Every rule, whatever its stage, with the stage's name; for listing and lookups by id.
    pub fn all_rules(&self) -> impl Iterator<Item = (&'static str, &Rule)> {
        let conditions = self.levels.iter().flat_map(|l| l.conditions.iter().map(|r| ("condition", r)));
        self.not_classified
            .iter()
            .map(|r| ("not_classified", r))
            .chain(self.disqualifiers.iter().map(|r| ("disqualifier", r)))
            .chain(conditions)
            .chain(self.caps.iter().map(|c| ("cap", &c.rule)))
    }

    /// Read a choice value or yes/no or number as typed for fact `slot`.
    pub fn fact(&self, slot: u32) -> &Fact {
        &self.facts[slot as usize]
    }
}

/// Parse and compile a rule file. `file` names it in diagnostics. The limits on levels and rules are checked on
/// the text before it is parsed (see [`count_tables`]), so a file of a million rules is refused at once rather than
/// after its tree is built.
pub fn load(text: &str, file: Option<&str>) -> (Option<RuleSet>, Vec<Diagnostic>) {
    load_with(text, file, &crate::overlay::default_base)
}

/// [`load`], with the bases an overlay may extend ([`crate::overlay::Bases`]).
pub fn load_with(text: &str, file: Option<&str>, bases: crate::overlay::Bases) -> (Option<RuleSet>, Vec<Diagnostic>) {
    if crate::overlay::extends_of(text).is_some() {
        return crate::overlay::load(text, file, bases, count_tables);
    }
    if let Some(diagnostic) = count_tables(text, file) {
        return (None, vec![diagnostic]);
    }
    match RuleSetDoc::read(text, file) {
        Ok(doc) => compile(&doc, text, file),
        Err(diagnostics) => (None, diagnostics),
    }
}

/// The lists of rules, by the name of their array of tables in a rule file.
const RULE_LISTS: [&str; 4] = ["level.condition", "not_classified", "disqualifier", "cap"];

/// Count the arrays of tables (`[[level]]`, `[[level.condition]]` …) line by line, before parsing: the first header
/// past [`MAX_LEVELS`] levels or [`MAX_RULES`] rules in one list is a `too-many-levels` / `too-many-rules` error
/// at its line. A level's conditions are counted per level. Rules written as inline arrays are counted after
/// parsing, by [`compile`], and the text is bounded by [`crate::toml_doc::MAX_FILE_BYTES`].
fn count_tables(text: &str, file: Option<&str>) -> Option<Diagnostic> {
    // (header name, count): a rule file has a handful of kinds of array of tables.
    let mut counts: Vec<(&str, usize)> = Vec::new();
    let mut offset = 0;
    for line in text.split_inclusive('\n') {
        let start = offset;
        offset += line.len();
        let Some(header) = line.trim_start().strip_prefix("[[") else { continue };
        let Some(end) = header.find("]]") else { continue };
        let name = header[..end].trim();
        let count = match counts.iter_mut().find(|(n, _)| *n == name) {
            Some((_, count)) => {
                *count += 1;
                *count
            }
            None => {
                counts.push((name, 1));
                1
            }
        };
        if name == "level" {
            counts.retain(|(key, _)| !key.starts_with("level."));
        }
        let limit = if name == "level" {
            (count > MAX_LEVELS).then(|| {
                (
                    Code::TooManyLevels,
                    format!("tối đa {MAX_LEVELS} mức xếp loại"),
                    format!("at most {MAX_LEVELS} levels"),
                )
            })
        } else {
            (RULE_LISTS.contains(&name) && count > MAX_RULES).then(|| {
                (
                    Code::TooManyRules,
                    format!("tối đa {MAX_RULES} quy tắc trong [[{name}]]"),
                    format!("at most {MAX_RULES} rules in [[{name}]]"),
                )
            })
        };
        if let Some((code, vi, en)) = limit {
            let location = LineIndex::new(text).location(file, start + (line.len() - line.trim_start().len()), None);
            return Some(Diagnostic::new(
                code,
                location,
                format!("{vi} (giới hạn); tệp không được đọc tiếp"),
                format!("{en} (the limit); the file is not read further"),
            ));
        }
    }
    None
}

/// A TOML syntax error as a diagnostic with line and column.
pub fn toml_error(error: &toml::de::Error, text: &str, file: Option<&str>) -> Diagnostic {
    let index = LineIndex::new(text);
    let location = match error.span() {
        Some(span) => index.location(file, span.start, None),
        None => Location::in_file(file),
    };
    let message = error.message().trim().to_string();
    Diagnostic::new(
        Code::TomlSyntax,
        location,
        format!("tệp TOML không hợp lệ: {}", translate_toml_message(&message)),
        format!("invalid TOML: {message}"),
    )
}

/// The TOML parser's messages are English (`invalid basic string, expected `"``): each known description and
/// expectation is said in Vietnamese; the English stays in the diagnostic's English message. Quoted characters
/// (`` `"` ``) are kept as they are.
pub fn translate_toml_message(message: &str) -> String {
    let (description, expected) = match message.split_once(", expected ") {
        Some((description, expected)) => (description, Some(expected)),
        None => (message, None),
    };
    let mut out = toml_words(description).unwrap_or("cú pháp sai").to_string();
    if let Some(expected) = expected {
        let wanted: Vec<String> = expected
            .split(", ")
            .filter_map(|item| {
                if item.starts_with('`') { Some(item.to_string()) } else { toml_words(item).map(str::to_string) }
            })
            .collect();
        if !wanted.is_empty() {
            out.push_str(&format!(", cần {}", wanted.join(" hoặc ")));
        }
    }
    out
}

/// Vietnamese for the descriptions the TOML parser uses (`toml_parser` and `toml::de`), as a table (smaller in the
/// WebAssembly build than a `match`).
fn toml_words(english: &str) -> Option<&'static str> {
    const WORDS: &[(&str, &str)] = &[
        ("duplicate key", "khóa bị lặp"),
        ("recursion limit", "lồng nhau quá sâu"),
        ("cannot recurse further; max recursion depth met", "lồng nhau quá sâu"),
        ("`_` may only go between digits", "dấu `_` chỉ được đặt giữa các chữ số"),
        ("basic string", "chuỗi trong ngoặc kép"),
        ("literal string", "chuỗi trong ngoặc đơn"),
        ("multi-line basic string", "chuỗi nhiều dòng trong ngoặc kép"),
        ("multi-line literal string", "chuỗi nhiều dòng trong ngoặc đơn"),
        ("carriage return must be followed by newline", "ký tự về đầu dòng (CR) phải đi cùng xuống dòng"),
        ("characters", "ký tự in được"),
        ("printable characters", "ký tự in được"),
        ("non-double-quote visible characters", "ký tự khác dấu ngoặc kép"),
        ("non-single-quote characters", "ký tự khác dấu ngoặc đơn"),
        ("non-single-quote visible characters", "ký tự khác dấu ngoặc đơn"),
        ("digits", "chữ số"),
        ("letters", "chữ cái"),
        ("numbers", "số"),
        ("key", "khóa"),
        ("value", "giá trị"),
        ("nothing", "hết dòng"),
        ("whitespace", "khoảng trắng"),
        ("extra `=`", "thừa dấu `=`"),
        ("extra assignment between key-value pairs", "thừa phép gán giữa các cặp khóa = giá trị"),
        ("extra comma in array", "thừa dấu phẩy trong mảng"),
        ("extra comma in inline table", "thừa dấu phẩy trong bảng một dòng"),
        ("integers with a radix cannot be signed", "số nguyên có cơ số không được có dấu"),
        ("invalid basic string", "chuỗi trong ngoặc kép không hợp lệ (thiếu dấu đóng?)"),
        ("invalid literal string", "chuỗi trong ngoặc đơn không hợp lệ (thiếu dấu đóng?)"),
        ("invalid multi-line basic string", "chuỗi nhiều dòng trong ngoặc kép không hợp lệ"),
        ("invalid multi-line literal string", "chuỗi nhiều dòng trong ngoặc đơn không hợp lệ"),
        ("invalid string", "chuỗi không hợp lệ"),
        ("invalid comment character", "ký tự không được phép trong chú thích"),
        ("invalid inline table element", "phần tử bảng một dòng không hợp lệ"),
        ("invalid key-value pair", "cặp khóa = giá trị không hợp lệ"),
        ("invalid unquoted key", "khóa không hợp lệ"),
        ("invalid key", "khóa không hợp lệ"),
        ("invalid value", "giá trị không hợp lệ"),
        ("invalid table", "bảng không hợp lệ"),
        ("invalid integer number", "số nguyên không hợp lệ"),
        ("invalid float", "số thực không hợp lệ"),
        ("invalid mantissa", "số thực không hợp lệ"),
        ("invalid fraction", "số thực không hợp lệ"),
        ("invalid exponent", "số thực không hợp lệ"),
        ("invalid octal number", "số không hợp lệ"),
        ("invalid binary number", "số không hợp lệ"),
        ("invalid hexadecimal number", "số không hợp lệ"),
        ("invalid boolean", "giá trị đúng/sai không hợp lệ (true/false)"),
        ("invalid date-time", "ngày giờ không hợp lệ"),
        ("key with no value", "khóa thiếu giá trị"),
        ("missing value for key", "khóa thiếu giá trị"),
        ("missing value", "khóa thiếu giá trị"),
        ("keys cannot be multi-line basic strings", "khóa không được là chuỗi nhiều dòng"),
        ("keys cannot be multi-line literal strings", "khóa không được là chuỗi nhiều dòng"),
        ("missing array opening", "thiếu dấu mở mảng `[`"),
        ("missing assignment between key-value pairs", "thiếu dấu `=` giữa khóa và giá trị"),
        ("missing comma between array elements", "thiếu dấu phẩy giữa các phần tử mảng"),
        ("missing comma between key-value pairs", "thiếu dấu phẩy giữa các cặp khóa = giá trị"),
        ("missing comment start", "thiếu dấu bắt đầu chú thích `#`"),
        ("missing escaped value", "thiếu ký tự sau dấu `\\`"),
        ("missing inline table opening", "thiếu dấu mở bảng `{`"),
        ("missing key for inline table element", "phần tử bảng một dòng thiếu khóa"),
        ("missing opening quote", "thiếu dấu ngoặc mở"),
        ("missing table open", "thiếu dấu mở bảng `[`"),
        ("radix must be lowercase", "tiền tố cơ số phải viết thường"),
        ("redundant integer number prefix", "dấu hoặc tiền tố số thừa"),
        ("redundant numeric sign", "dấu hoặc tiền tố số thừa"),
        ("unexpected sign", "dấu hoặc tiền tố số thừa"),
        ("string values must be quoted", "giá trị chuỗi phải đặt trong ngoặc kép"),
        ("too few unicode value digits", "mã Unicode thiếu chữ số"),
        ("unicode hexadecimal value", "mã Unicode hệ 16"),
        ("unclosed array", "mảng chưa đóng `]`"),
        ("unclosed array table", "tiêu đề bảng mảng chưa đóng `]]`"),
        ("unclosed inline table", "bảng một dòng chưa đóng `}`"),
        ("unclosed table", "tiêu đề bảng chưa đóng `]`"),
        ("unexpected `=` in array", "dấu `=` không được có trong mảng"),
        ("unexpected content", "nội dung không mong đợi"),
        ("unexpected key or value", "nội dung không mong đợi"),
        ("unexpected content between comment and newline", "nội dung không mong đợi sau chú thích"),
        ("unexpected leading zero", "số không được bắt đầu bằng 0"),
        ("unquoted keys cannot be empty", "khóa không có ngoặc không được rỗng"),
        ("could not allocate for string", "chuỗi quá lớn"),
        ("integer number overflowed", "số quá lớn"),
        ("floating-point number overflowed", "số quá lớn"),
    ];
    let english = english.trim();
    if let Some((_, vietnamese)) = WORDS.iter().find(|(key, _)| *key == english) {
        return Some(vietnamese);
    }
    if english.starts_with("cannot extend value of type") {
        return Some("không thêm được khóa có dấu chấm vào giá trị đã khai báo");
    }
    // Dates and times: `invalid date`, `invalid month`, `invalid offset` …
    english.starts_with("invalid ").then_some("ngày giờ không hợp lệ")
}

/// Shared state while compiling one file.
struct Ctx<'a> {
    text: &'a str,
    file: Option<&'a str>,
    index: LineIndex<'a>,
    diagnostics: Vec<Diagnostic>,
}

impl Ctx<'_> {
    fn at(&self, offset: usize, path: impl Into<String>) -> Location {
        self.index.location(self.file, offset, Some(path.into()))
    }

    fn push(
        &mut self,
        code: Code,
        offset: usize,
        path: impl Into<String>,
        vi: impl Into<String>,
        en: impl Into<String>,
    ) {
        let location = self.at(offset, path);
        self.diagnostics.push(Diagnostic::new(code, location, vi, en));
    }

    /// Offset of the first character inside a quoted TOML string whose token starts at `span_start`.
    fn string_body(&self, span_start: usize) -> usize {
        let rest = self.text.get(span_start..).unwrap_or("");
        if rest.starts_with("\"\"\"") || rest.starts_with("'''") {
            let mut offset = span_start + 3;
            // A newline right after the opening quotes is not part of the string.
            if self.text[offset..].starts_with("\r\n") {
                offset += 2;
            } else if self.text[offset..].starts_with('\n') {
                offset += 1;
            }
            offset
        } else if rest.starts_with('"') || rest.starts_with('\'') {
            span_start + 1
        } else {
            span_start
        }
    }

    fn check_id(&mut self, id: &Spanned<String>, path: &str) {
        let valid = !id.get_ref().is_empty()
            && id.get_ref().chars().all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_' || c == '-')
            && id.get_ref().chars().next().is_some_and(|c| c.is_ascii_lowercase());
        if !valid {
            self.push(
                Code::InvalidId,
                id.span().start,
                path,
                format!("mã `{}` không hợp lệ: chỉ dùng a-z, 0-9, '_' và '-', bắt đầu bằng chữ", id.get_ref()),
                format!("invalid id `{}`: use a-z, 0-9, '_' and '-', starting with a letter", id.get_ref()),
            );
        }
    }
}

fn subject_set(
    ctx: &mut Ctx,
    subjects: &Option<Spanned<Vec<String>>>,
    known: &HashMap<String, usize>,
    all: SubjectSet,
    path: &str,
) -> SubjectSet {
    let Some(list) = subjects else { return all };
    let mut set = 0u64;
    for name in list.get_ref() {
        match known.get(name) {
            Some(&index) => set |= 1 << index,
            None => {
                let names: Vec<&str> = {
                    let mut v: Vec<(&String, &usize)> = known.iter().collect();
                    v.sort_by_key(|(_, i)| **i);
                    v.into_iter().map(|(n, _)| n.as_str()).collect()
                };
                ctx.push(
                    Code::UnknownSubject,
                    list.span().start,
                    format!("{path}.subjects"),
                    format!("không có loại đối tượng `{name}`; các loại: {}", names.join(", ")),
                    format!("there is no subject kind `{name}`; the kinds are: {}", names.join(", ")),
                )
            }
        }
    }
    SubjectSet(set)
}

fn provenance(
    ctx: &mut Ctx,
    source: &Option<SourceDoc>,
    documents: &[Document],
    at_offset: usize,
    path: &str,
    required: bool,
) -> Option<Provenance> {
    let Some(source) = source else {
        if required {
            ctx.push(
                Code::MissingProvenance,
                at_offset,
                format!("{path}.source"),
                "thiếu nguồn (`source`): văn bản, điều khoản và mức độ chắc chắn",
                "missing `source`: document, clause and status",
            );
        }
        return None;
    };
    let document = documents.iter().find(|d| d.id == *source.doc.get_ref());
    if document.is_none() {
        let ids: Vec<&str> = documents.iter().map(|d| d.id.as_str()).collect();
        ctx.push(
            Code::UnknownDocument,
            source.doc.span().start,
            format!("{path}.source.doc"),
            format!("không có văn bản `{}` trong [[document]]; các văn bản: {}", source.doc.get_ref(), ids.join(", ")),
            format!("no document `{}` in [[document]]; the documents are: {}", source.doc.get_ref(), ids.join(", ")),
        );
    }
    let status = match source.status.get_ref() {
        StatusDoc::Confirmed => Status::Confirmed,
        StatusDoc::Assumption => Status::Assumption,
    };
    if status == Status::Assumption && source.reason.as_ref().is_none_or(|r| r.vi.trim().is_empty()) {
        ctx.push(
            Code::AssumptionWithoutReason,
            source.status.span().start,
            format!("{path}.source.reason"),
            "một giả định phải nêu lý do (`reason`)",
            "an assumption must give its `reason`",
        );
    }
    Some(Provenance {
        document: source.doc.get_ref().clone(),
        document_title: document
            .map(|d| d.title.clone())
            .unwrap_or_else(|| Text::new(source.doc.get_ref(), source.doc.get_ref())),
        at: source.at.clone(),
        status,
        reason: source.reason.clone(),
        overlay: None,
    })
}

fn placeholder_provenance() -> Provenance {
    Provenance {
        document: String::new(),
        document_title: Text::default(),
        at: None,
        status: Status::Assumption,
        reason: None,
        overlay: None,
    }
}

/// Compile an expression at `spanned`, reporting problems at their exact column.
fn compile_expr(
    ctx: &mut Ctx,
    spanned: &Spanned<String>,
    path: &str,
    resolve: &dyn Fn(&str) -> Option<FactInfo>,
) -> Option<Expr> {
    let text = spanned.get_ref();
    let body = ctx.string_body(spanned.span().start);
    let ast = match expr::parse(text) {
        Ok(ast) => ast,
        Err(error) => {
            let code =
                if error.message_en.contains("nested too deeply") { Code::ExprTooDeep } else { Code::ExprSyntax };
            ctx.push(code, body + error.offset, path, error.message_vi, error.message_en);
            return None;
        }
    };
    match expr::compile(text, &ast, resolve) {
        Ok(expr) => Some(expr),
        Err(error) => {
            let code = match error.kind {
                expr::CheckErrorKind::UnknownName => Code::UnknownFact,
                expr::CheckErrorKind::Type => Code::ExprType,
            };
            ctx.push(code, body + error.span.0, path, error.message_vi, error.message_en);
            None
        }
    }
}

/// The section a rule is read from, for the fields only some sections have.
#[derive(Clone, Copy, PartialEq, Eq)]
enum RuleKind {
    Plain,
    Disqualifier,
    Check,
}

/// Is `expr` (compiled from `spanned`) a yes/no expression? Reported when not.
fn bool_expr(ctx: &mut Ctx, expr: &Expr, spanned: &Spanned<String>, path: &str) -> bool {
    if *expr.ty() == Type::Bool {
        return true;
    }
    let (vi, en) = expr.ty().describe();
    ctx.push(
        Code::ExprType,
        ctx.string_body(spanned.span().start),
        path,
        format!("điều kiện phải là đúng/sai, nhưng đây là {vi}"),
        format!("a condition must be yes/no, but this is a {en}"),
    );
    false
}

/// Check a document and build the rule set. Returns `None` when any diagnostic is an error.
pub fn compile(doc: &RuleSetDoc, text: &str, file: Option<&str>) -> (Option<RuleSet>, Vec<Diagnostic>) {
    let mut ctx = Ctx { text, file, index: LineIndex::new(text), diagnostics: Vec::new() };
    ctx.check_id(&doc.rule_set.id, "rule_set.id");

    // Documents.
    let mut documents = Vec::new();
    let mut seen = HashSet::new();
    for (i, d) in doc.document.iter().enumerate() {
        let path = format!("document[{i}]");
        ctx.check_id(&d.id, &path);
        if !seen.insert(d.id.get_ref().clone()) {
            duplicate(&mut ctx, &d.id, &path);
        }
        documents.push(Document {
            id: d.id.get_ref().clone(),
            title: d.title.clone(),
            date: d.date.clone(),
            url: d.url.clone(),
        });
    }

    // Subject kinds.
    let mut subjects = Vec::new();
    let mut subject_ids: HashMap<String, usize> = HashMap::new();
    if doc.subject.is_empty() {
        ctx.push(
            Code::NoSubjects,
            0,
            "subject",
            "chưa khai báo loại đối tượng nào ([[subject]])",
            "no subject kind declared ([[subject]])",
        );
    }
    for (i, s) in doc.subject.iter().enumerate() {
        let path = format!("subject[{i}]");
        ctx.check_id(&s.id, &path);
        if subject_ids.contains_key(s.id.get_ref()) {
            duplicate(&mut ctx, &s.id, &path);
            continue;
        }
        if subjects.len() == 64 {
            ctx.push(Code::NoSubjects, s.id.span().start, path, "tối đa 64 loại đối tượng", "at most 64 subject kinds");
            break;
        }
        subject_ids.insert(s.id.get_ref().clone(), subjects.len());
        subjects.push(SubjectKind {
            id: s.id.get_ref().clone(),
            name: s.name.clone(),
            description: s.description.clone(),
            collective: s.collective,
            form: s.form.clone(),
        });
    }
    let all_subjects = SubjectSet(if subjects.len() >= 64 { u64::MAX } else { (1u64 << subjects.len()) - 1 });
    let collectives =
        SubjectSet(subjects.iter().enumerate().filter(|(_, s)| s.collective).fold(0, |m, (i, _)| m | (1 << i)));

    // Levels, without their conditions yet (those need the facts).
    let mut levels: Vec<Level> = Vec::new();
    let mut level_ids: HashMap<String, usize> = HashMap::new();
    if doc.level.len() < 2 {
        ctx.push(
            Code::NoLevels,
            0,
            "level",
            "cần ít nhất hai mức xếp loại ([[level]])",
            "at least two levels are needed ([[level]])",
        );
    }
    if doc.level.len() > MAX_LEVELS {
        ctx.push(
            Code::TooManyLevels,
            doc.level[MAX_LEVELS].id.span().start,
            "level",
            format!("tối đa {MAX_LEVELS} mức xếp loại"),
            format!("at most {MAX_LEVELS} levels"),
        );
        return (None, ctx.diagnostics);
    }
    let mut previous_band: Option<Num> = None;
    for (i, l) in doc.level.iter().enumerate() {
        let path = format!("level[{i}]");
        ctx.check_id(&l.id, &path);
        if level_ids.contains_key(l.id.get_ref()) {
            duplicate(&mut ctx, &l.id, &path);
        }
        level_ids.insert(l.id.get_ref().clone(), i);
        let is_lowest = i + 1 == doc.level.len();
        if let Some(min) = &l.min_score {
            if is_lowest {
                ctx.push(
                    Code::LowestHasBand,
                    min.span().start,
                    format!("{path}.min_score"),
                    "mức thấp nhất không có điểm tối thiểu: nó nhận mọi trường hợp dưới các mức khác",
                    "the lowest level has no minimum score: it takes everything below the other levels",
                );
            }
            if let Some(previous) = previous_band {
                if *min.get_ref() >= previous {
                    ctx.push(
                        Code::BandOrder,
                        min.span().start,
                        format!("{path}.min_score"),
                        "điểm tối thiểu phải giảm dần từ mức cao xuống mức thấp",
                        "minimum scores must decrease from the highest level to the lowest",
                    );
                }
            }
            previous_band = Some(*min.get_ref());
        }
        let source = provenance(&mut ctx, &l.source, &documents, l.id.span().start, &path, l.min_score.is_some());
        levels.push(Level {
            id: l.id.get_ref().clone(),
            name: l.name.clone(),
            short: l.short.clone(),
            min_score: l.min_score.as_ref().map(|m| *m.get_ref()),
            source,
            conditions: Vec::new(),
        });
    }

    // Facts: inputs.
    let mut facts: Vec<Fact> = Vec::new();
    let mut fact_index: HashMap<String, u32> = HashMap::new();
    for (i, f) in doc.fact.iter().enumerate() {
        let path = format!("fact[{i}]");
        ctx.check_id(&f.id, &path);
        if fact_index.contains_key(f.id.get_ref()) {
            duplicate(&mut ctx, &f.id, &path);
            continue;
        }
        let ty = FactType::from(f.ty);
        let mut choices = Vec::new();
        if ty == FactType::Choice {
            let mut seen = HashSet::new();
            if f.values.is_empty() {
                ctx.push(
                    Code::EnumValues,
                    f.id.span().start,
                    format!("{path}.values"),
                    "dữ kiện lựa chọn cần danh sách `values`",
                    "a choice fact needs its `values`",
                );
            }
            for value in &f.values {
                if !seen.insert(value.id.clone()) {
                    ctx.push(
                        Code::EnumValues,
                        f.id.span().start,
                        format!("{path}.values"),
                        format!("giá trị `{}` bị lặp", value.id),
                        format!("value `{}` is repeated", value.id),
                    );
                }
                choices.push(Choice { id: value.id.clone(), name: value.name.clone() });
            }
        } else if !f.values.is_empty() {
            ctx.push(
                Code::EnumValues,
                f.id.span().start,
                format!("{path}.values"),
                "chỉ dữ kiện kiểu `choice` mới có `values`",
                "only a `choice` fact has `values`",
            );
        }
        let (min, max) = match ty {
            FactType::Percent => (f.min.map(Num::percent), f.max.map(Num::percent)),
            _ => (f.min, f.max),
        };
        if let (Some(lo), Some(hi)) = (min, max) {
            if lo > hi {
                ctx.push(
                    Code::FactRange,
                    f.id.span().start,
                    path.clone(),
                    "`min` lớn hơn `max`",
                    "`min` is above `max`",
                );
            }
        }
        let default = f.default.as_ref().and_then(|value| fact_default(&mut ctx, value, ty, &choices, min, max, &path));
        let subjects = subject_set(&mut ctx, &f.subjects, &subject_ids, all_subjects, &path);
        fact_index.insert(f.id.get_ref().clone(), facts.len() as u32);
        facts.push(Fact {
            id: f.id.get_ref().clone(),
            name: f.name.clone(),
            help: f.help.clone(),
            origin: FactOrigin::Input,
            ty,
            unit: f.unit.clone(),
            min,
            max,
            default,
            choices,
            subjects,
            group: f.group.clone(),
            aliases: f.aliases.clone(),
            used: false,
            when_zero: f.when_zero.clone(),
        });
    }
    let input_count = facts.len();

    // Derived facts: declare all first (so they can refer to each other), compile, then order.
    let derived_start = facts.len();
    for (i, d) in doc.derived.iter().enumerate() {
        let path = format!("derived[{i}]");
        ctx.check_id(&d.id, &path);
        if fact_index.contains_key(d.id.get_ref()) {
            duplicate(&mut ctx, &d.id, &path);
            continue;
        }
        let subjects = subject_set(&mut ctx, &d.subjects, &subject_ids, all_subjects, &path);
        fact_index.insert(d.id.get_ref().clone(), facts.len() as u32);
        facts.push(Fact {
            id: d.id.get_ref().clone(),
            name: d.name.clone(),
            help: d.help.clone(),
            origin: FactOrigin::Derived,
            ty: d.ty.map(FactType::from).unwrap_or(FactType::Number),
            unit: d.unit.clone(),
            min: None,
            max: None,
            default: None,
            choices: Vec::new(),
            subjects,
            group: None,
            aliases: Vec::new(),
            used: false,
            when_zero: None,
        });
    }

    // Roll-up counts, for collective subject kinds only.
    if collectives.0 != 0 {
        for group in RollupGroup::ALL {
            let mut counts = vec![
                (RollupCount::Total, "total".to_string(), rollup_name(group, "total", None)),
                (RollupCount::Classified, "classified".to_string(), rollup_name(group, "classified", None)),
                (RollupCount::NotClassified, "not_classified".to_string(), rollup_name(group, "not_classified", None)),
            ];
            for (index, level) in levels.iter().enumerate() {
                counts.push((RollupCount::Level(index), level.id.clone(), rollup_name(group, "level", Some(level))));
                counts.push((
                    RollupCount::AtLeast(index),
                    format!("ge_{}", level.id),
                    rollup_name(group, "at_least", Some(level)),
                ));
            }
            counts.push((RollupCount::Referred, "referred".to_string(), rollup_name(group, "referred", None)));
            for (count, suffix, name) in counts {
                let id = format!("{}.{suffix}", group.prefix());
                if fact_index.contains_key(&id) {
                    continue;
                }
                fact_index.insert(id.clone(), facts.len() as u32);
                facts.push(Fact {
                    id,
                    name,
                    help: None,
                    origin: FactOrigin::Rollup { group, count },
                    ty: FactType::Integer,
                    unit: None,
                    min: Some(Num::ZERO),
                    max: None,
                    default: None,
                    choices: Vec::new(),
                    subjects: collectives,
                    group: Some(group.prefix().to_string()),
                    aliases: Vec::new(),
                    used: false,
                    when_zero: None,
                });
            }
        }
    }

    let resolve_all = |facts: &Vec<Fact>, fact_index: &HashMap<String, u32>| {
        let mut map = HashMap::new();
        for (name, slot) in fact_index {
            map.insert(name.clone(), (*slot, facts[*slot as usize].expr_type()));
        }
        map
    };
    let names = resolve_all(&facts, &fact_index);
    let resolver = |name: &str| names.get(name).map(|(slot, ty)| FactInfo { slot: *slot, ty: ty.clone() });

    let mut derived_exprs: Vec<(u32, Expr)> = Vec::new();
    for (i, d) in doc.derived.iter().enumerate() {
        let Some(&slot) = fact_index.get(d.id.get_ref()) else { continue };
        if (slot as usize) < derived_start {
            continue;
        }
        let path = format!("derived[{i}].expr");
        if let Some(expr) = compile_expr(&mut ctx, &d.expr, &path, &resolver) {
            let declared = facts[slot as usize].ty;
            let fits = matches!(
                (expr.ty(), declared),
                (Type::Bool, FactType::Bool) | (Type::Num(_), FactType::Number | FactType::Integer | FactType::Percent)
            );
            if !fits {
                ctx.push(
                    Code::ExprType,
                    ctx.string_body(d.expr.span().start),
                    path.clone(),
                    "kiểu của biểu thức không khớp với `type` đã khai báo",
                    "the expression's type does not match the declared `type`",
                );
            }
            check_fact_coverage(&mut ctx, &expr, &facts, facts[slot as usize].subjects, &d.expr, &path, &subjects);
            derived_exprs.push((slot, expr));
        }
    }
    let derived = order_derived(&mut ctx, derived_exprs, derived_start, &doc.derived, &facts);

    // Scoring.
    let scoring = doc.scoring.as_ref().and_then(|s| {
        let slot = match fact_index.get(s.score.get_ref()) {
            Some(slot) => *slot,
            None => {
                ctx.push(
                    Code::UnknownFact,
                    ctx.string_body(s.score.span().start),
                    "scoring.score",
                    format!("không có dữ kiện `{}`", s.score.get_ref()),
                    format!("there is no fact `{}`", s.score.get_ref()),
                );
                return None;
            }
        };
        if !matches!(facts[slot as usize].ty, FactType::Number | FactType::Integer) {
            ctx.push(
                Code::ScoreNotNumber,
                s.score.span().start,
                "scoring.score",
                "điểm phải là một số",
                "the score must be a number",
            );
        }
        let mut parts = Vec::new();
        for (i, part) in s.parts.iter().enumerate() {
            match fact_index.get(part.get_ref()) {
                Some(slot) => parts.push(*slot),
                None => ctx.push(
                    Code::UnknownFact,
                    ctx.string_body(part.span().start),
                    format!("scoring.parts[{i}]"),
                    format!("không có dữ kiện `{}`", part.get_ref()),
                    format!("there is no fact `{}`", part.get_ref()),
                ),
            }
        }
        let source = provenance(&mut ctx, &s.source, &documents, s.score.span().start, "scoring", true);
        Some(Scoring { slot, max: s.max, parts, source, needs: 0 })
    });

    let (band_fallback, band_fallback_source) = match &doc.policy.band_fallback {
        Some(b) => {
            (b.choice, provenance(&mut ctx, &Some(b.source.clone()), &documents, 0, "policy.band_fallback", true))
        }
        None => (BandFallback::Cascade, None),
    };
    if doc.policy.band_fallback.is_none()
        && levels.iter().any(|l| l.min_score.is_some())
        && doc.level.iter().any(|l| !l.condition.is_empty())
    {
        ctx.push(
            Code::MissingProvenance,
            0,
            "policy.band_fallback",
            "khi điểm đạt khung của một mức nhưng điều kiện không đạt, văn bản không nói xếp loại thế nào: cần khai báo [policy.band_fallback] với lựa chọn và lý do",
            "when the score is in a level's band but its conditions fail, the texts do not say what follows: declare [policy.band_fallback] with the choice and its reason",
        );
    }

    let (empty_share, empty_share_source) = match &doc.policy.empty_share {
        Some(e) => (e.choice, provenance(&mut ctx, &Some(e.source.clone()), &documents, 0, "policy.empty_share", true)),
        None => (EmptyShare::Neutral, None),
    };
    let years = review_years(&mut ctx, &doc.rule_set.years);

    // Rules.
    let mut rule_ids: HashSet<String> = HashSet::new();
    // `kind` is the section: a disqualifier may have a `mitigation`, a check its `facts` (and no required source).
    let mut build_rule = |ctx: &mut Ctx, r: &RuleDoc, path: String, kind: RuleKind| -> Option<Rule> {
        ctx.check_id(&r.id, &path);
        if !rule_ids.insert(r.id.get_ref().clone()) {
            duplicate(ctx, &r.id, &path);
        }
        let subjects_set = subject_set(ctx, &r.subjects, &subject_ids, all_subjects, &path);
        let source = provenance(ctx, &r.source, &documents, r.id.span().start, &path, kind != RuleKind::Check);
        for (present, field, allowed) in [
            (r.mitigation.as_ref().map(|m| m.span().start), "mitigation", RuleKind::Disqualifier),
            (r.facts.as_ref().map(|f| f.span().start), "facts", RuleKind::Check),
        ] {
            if let Some(offset) = present.filter(|_| kind != allowed) {
                ctx.push(
                    Code::UnknownField,
                    offset,
                    format!("{path}.{field}"),
                    format!("trường `{field}` không được phép ở đây"),
                    format!("unknown field `{field}` here"),
                );
            }
        }
        let expr_path = format!("{path}.expr");
        let expr = compile_expr(ctx, &r.expr, &expr_path, &resolver)?;
        if !bool_expr(ctx, &expr, &r.expr, &expr_path) {
            return None;
        }
        check_fact_coverage(ctx, &expr, &facts, subjects_set, &r.expr, &expr_path, &subjects);
        if !r.enabled {
            ctx.push(
                Code::DisabledRule,
                r.id.span().start,
                path.clone(),
                format!("quy tắc `{}` đang tắt", r.id.get_ref()),
                format!("rule `{}` is switched off", r.id.get_ref()),
            );
        }
        let mitigation = match (&r.mitigation, kind) {
            (Some(text), RuleKind::Disqualifier) => {
                let path = format!("{path}.mitigation");
                let mitigation = compile_expr(ctx, text, &path, &resolver)?;
                if !bool_expr(ctx, &mitigation, text, &path) {
                    return None;
                }
                check_fact_coverage(ctx, &mitigation, &facts, subjects_set, text, &path, &subjects);
                Some(mitigation)
            }
            _ => None,
        };
        Some(Rule {
            id: r.id.get_ref().clone(),
            name: r.name.clone(),
            help: r.help.clone(),
            expr,
            subjects: subjects_set,
            source: source.unwrap_or_else(placeholder_provenance),
            enabled: r.enabled,
            mitigation,
            needs: 0,
        })
    };

    let too_many = |ctx: &mut Ctx, count: usize, path: &str| {
        if count > MAX_RULES {
            ctx.push(
                Code::TooManyRules,
                0,
                path,
                format!("tối đa {MAX_RULES} quy tắc mỗi loại"),
                format!("at most {MAX_RULES} rules of one kind"),
            );
        }
    };
    too_many(&mut ctx, doc.not_classified.len(), "not_classified");
    too_many(&mut ctx, doc.disqualifier.len(), "disqualifier");
    too_many(&mut ctx, doc.cap.len(), "cap");
    too_many(&mut ctx, doc.check.len(), "check");
    for (i, l) in doc.level.iter().enumerate() {
        too_many(&mut ctx, l.condition.len(), &format!("level[{i}].condition"));
    }
    if has_errors(&ctx.diagnostics)
        && doc
            .level
            .iter()
            .map(|l| l.condition.len())
            .chain([doc.not_classified.len(), doc.disqualifier.len(), doc.cap.len(), doc.check.len()])
            .any(|n| n > MAX_RULES)
    {
        return (None, ctx.diagnostics);
    }
    let not_classified: Vec<Rule> = doc
        .not_classified
        .iter()
        .enumerate()
        .filter_map(|(i, r)| build_rule(&mut ctx, r, format!("not_classified[{i}]"), RuleKind::Plain))
        .collect();
    let disqualifiers: Vec<Rule> = doc
        .disqualifier
        .iter()
        .enumerate()
        .filter_map(|(i, r)| build_rule(&mut ctx, r, format!("disqualifier[{i}]"), RuleKind::Disqualifier))
        .collect();
    for (li, l) in doc.level.iter().enumerate() {
        let conditions: Vec<Rule> = l
            .condition
            .iter()
            .enumerate()
            .filter_map(|(ci, r)| build_rule(&mut ctx, r, format!("level[{li}].condition[{ci}]"), RuleKind::Plain))
            .map(|mut rule| {
                // A case that compares a share of nothing never applies (the default); a level condition counts
                // as the rule set's declared choice.
                rule.expr.set_empty_share_holds(empty_share == EmptyShare::Neutral);
                rule
            })
            .collect();
        if li + 1 == doc.level.len() && !conditions.is_empty() {
            ctx.push(
                Code::LowestHasBand,
                l.id.span().start,
                format!("level[{li}].condition"),
                "mức thấp nhất không có điều kiện: nó nhận mọi trường hợp còn lại",
                "the lowest level has no conditions: it takes every remaining case",
            );
        }
        if let Some(level) = levels.get_mut(li) {
            level.conditions = conditions;
        }
    }
    let mut caps = Vec::new();
    for (i, c) in doc.cap.iter().enumerate() {
        let path = format!("cap[{i}]");
        let as_rule = RuleDoc {
            id: c.id.clone(),
            name: c.name.clone(),
            help: c.help.clone(),
            expr: c.expr.clone(),
            subjects: c.subjects.clone(),
            source: c.source.clone(),
            enabled: c.enabled,
            mitigation: None,
            facts: None,
        };
        let rule = build_rule(&mut ctx, &as_rule, path.clone(), RuleKind::Plain);
        let max_level = level_ids.get(c.max_level.get_ref()).copied();
        if max_level.is_none() {
            unknown_level(&mut ctx, &c.max_level, &format!("{path}.max_level"), &levels);
        }
        if let (Some(rule), Some(max_level)) = (rule, max_level) {
            caps.push(Cap { rule, max_level });
        }
    }

    // Consistency checks: rules with the facts where a failure is shown; a source is optional.
    let mut checks = Vec::new();
    for (i, c) in doc.check.iter().enumerate() {
        let path = format!("check[{i}]");
        let rule = build_rule(&mut ctx, c, path.clone(), RuleKind::Check);
        let facts = c.facts.as_ref().map(|f| f.get_ref().as_slice()).unwrap_or_default();
        let unknown = facts.iter().find(|id| fact_index.get(*id).is_none_or(|slot| *slot as usize >= input_count));
        if facts.is_empty() || unknown.is_some() {
            let name = unknown.map(String::as_str).unwrap_or("");
            ctx.push(
                Code::CheckFacts,
                c.facts.as_ref().map_or(c.id.span().start, |f| f.span().start),
                format!("{path}.facts"),
                format!("cần nêu các dữ kiện nhập để hiện lỗi bên cạnh; `{name}` không phải dữ kiện nhập"),
                format!("name the input facts to show the error beside; `{name}` is not an input fact"),
            );
        }
        if let Some(rule) = rule {
            checks.push(Check { rule, facts: facts.to_vec(), sourced: c.source.is_some() });
        }
    }

    // Quotas.
    let mut quotas = Vec::new();
    for (i, q) in doc.quota.iter().enumerate() {
        let path = format!("quota[{i}]");
        ctx.check_id(&q.id, &path);
        if !rule_ids.insert(q.id.get_ref().clone()) {
            duplicate(&mut ctx, &q.id, &path);
        }
        let level = level_ids.get(q.level.get_ref()).copied();
        match level {
            None => unknown_level(&mut ctx, &q.level, &format!("{path}.level"), &levels),
            Some(index) if index + 1 >= levels.len() => ctx.push(
                Code::QuotaLevel,
                q.level.span().start,
                format!("{path}.level"),
                "tỷ lệ chỉ đặt cho một mức có mức liền dưới",
                "a quota can only be set on a level that has a level below it",
            ),
            Some(_) => {}
        }
        let percent = *q.percent.get_ref();
        if percent < Num::ZERO || percent > Num::HUNDRED {
            ctx.push(
                Code::QuotaPercent,
                q.percent.span().start,
                format!("{path}.percent"),
                "tỷ lệ phải từ 0 đến 100",
                "the percentage must be between 0 and 100",
            );
        }
        let max_percent = q.max_percent.as_ref().map(|m| *m.get_ref());
        if let Some(max) = &q.max_percent {
            let value = *max.get_ref();
            if value < Num::ZERO || value > Num::HUNDRED {
                ctx.push(
                    Code::QuotaPercent,
                    max.span().start,
                    format!("{path}.max_percent"),
                    "mức trần của tỷ lệ phải từ 0 đến 100",
                    "the ceiling of the percentage must be between 0 and 100",
                );
            } else if percent > value {
                ctx.push(
                    Code::QuotaCeiling,
                    q.percent.span().start,
                    format!("{path}.percent"),
                    format!(
                        "tỷ lệ {} vượt mức trần {} mà bộ quy tắc cho phép (`max_percent`)",
                        percent.to_plain_string(),
                        value.to_plain_string()
                    ),
                    format!(
                        "the percentage {} is above the ceiling of {} the rule set allows (`max_percent`)",
                        percent.to_plain_string(),
                        value.to_plain_string()
                    ),
                );
            }
        }
        if q.scope.is_empty() {
            ctx.push(
                Code::QuotaLevel,
                q.id.span().start,
                format!("{path}.scope"),
                "cần ít nhất một phạm vi (`scope`)",
                "at least one `scope` is needed",
            );
        }
        let subjects_set = subject_set(&mut ctx, &q.subjects, &subject_ids, all_subjects, &path);
        let source = provenance(&mut ctx, &q.source, &documents, q.id.span().start, &path, true);
        if let Some(level) = level {
            quotas.push(Quota {
                id: q.id.get_ref().clone(),
                name: q.name.clone(),
                level,
                share: Num::percent(percent),
                max_percent,
                base: q.base,
                scopes: q.scope.clone(),
                rounding: q.rounding,
                subjects: subjects_set,
                pool_subjects: q.pool_subjects,
                source: source.unwrap_or_else(placeholder_provenance),
                enabled: q.enabled,
            });
        }
    }

    // Which facts are used (for forms and the unused-fact warning).
    // A fact read only by rules that are switched off is not asked for, but is not unused either: switching the
    // rule on uses it.
    let reached = |enabled: bool| {
        let mut reached: HashSet<u32> = HashSet::new();
        let mut pending: Vec<u32> = Vec::new();
        for rule in not_classified
            .iter()
            .chain(&disqualifiers)
            .chain(levels.iter().flat_map(|l| &l.conditions))
            .chain(caps.iter().map(|c| &c.rule))
        {
            if rule.enabled || !enabled {
                pending.extend_from_slice(rule.expr.facts());
                if let Some(mitigation) = &rule.mitigation {
                    pending.extend_from_slice(mitigation.facts());
                }
            }
        }
        for check in checks.iter().filter(|c| c.rule.enabled || !enabled) {
            pending.extend_from_slice(check.rule.expr.facts());
        }
        if let Some(s) = &scoring {
            pending.push(s.slot);
            pending.extend_from_slice(&s.parts);
        }
        while let Some(slot) = pending.pop() {
            if reached.insert(slot) {
                if let Some(d) = derived.iter().find(|d| d.slot == slot) {
                    pending.extend_from_slice(d.expr.facts());
                }
            }
        }
        reached
    };
    let used = reached(true);
    let used_when_switched_on = reached(false);
    for slot in &used {
        facts[*slot as usize].used = true;
    }
    // After an error, a fact may look unused only because the rule reading it failed to compile: stay quiet.
    let quiet = has_errors(&ctx.diagnostics);
    for (i, f) in doc.fact.iter().enumerate() {
        if let Some(&slot) = fact_index.get(f.id.get_ref()) {
            if !quiet && (slot as usize) < input_count && !used_when_switched_on.contains(&slot) {
                ctx.push(
                    Code::UnusedFact,
                    f.id.span().start,
                    format!("fact[{i}]"),
                    format!("dữ kiện `{}` không được quy tắc nào dùng", f.id.get_ref()),
                    format!("fact `{}` is not used by any rule", f.id.get_ref()),
                );
            }
        }
    }

    let uses_share = derived
        .iter()
        .map(|d| &d.expr)
        .chain(not_classified.iter().chain(&disqualifiers).map(|r| &r.expr))
        .chain(levels.iter().flat_map(|l| l.conditions.iter().map(|r| &r.expr)))
        .chain(caps.iter().map(|c| &c.rule.expr))
        .any(Expr::uses_share);
    if uses_share && doc.policy.empty_share.is_none() {
        ctx.push(
            Code::MissingProvenance,
            0,
            "policy.empty_share",
            "quy tắc dùng `share(…)`, nhưng văn bản không nói tỷ lệ trên mẫu số bằng 0 được tính thế nào: cần khai báo [policy.empty_share] với lựa chọn (neutral | not_met) và lý do",
            "the rules use `share(…)`, but the texts do not say how a share of nothing counts: declare [policy.empty_share] with the choice (neutral | not_met) and its reason",
        );
    }
    let diagnostics = ctx.diagnostics;
    if has_errors(&diagnostics) {
        return (None, diagnostics);
    }
    // Lazy derived facts: each rule knows which derived facts it needs, transitively.
    let mut closure: HashMap<u32, u64> = HashMap::new();
    for (index, d) in derived.iter().enumerate() {
        let own = if index < 64 { 1u64 << index } else { u64::MAX };
        let mask = d.expr.facts().iter().filter_map(|slot| closure.get(slot)).fold(own, |mask, m| mask | m);
        closure.insert(d.slot, mask);
    }
    let mut not_classified = not_classified;
    let mut disqualifiers = disqualifiers;
    for rule in not_classified
        .iter_mut()
        .chain(disqualifiers.iter_mut())
        .chain(levels.iter_mut().flat_map(|l| l.conditions.iter_mut()))
        .chain(caps.iter_mut().map(|c| &mut c.rule))
    {
        rule.needs = needs_mask(rule.expr.facts(), &derived, &closure);
        if let Some(mitigation) = &rule.mitigation {
            rule.needs |= needs_mask(mitigation.facts(), &derived, &closure);
        }
    }
    for check in &mut checks {
        check.rule.needs = needs_mask(check.rule.expr.facts(), &derived, &closure);
    }
    let mut scoring = scoring;
    if let Some(s) = scoring.as_mut() {
        s.needs = needs_mask(&[s.slot], &derived, &closure);
    }
    let plans = (0..subjects.len())
        .map(|kind| KindPlan {
            defaults: facts[..input_count]
                .iter()
                .enumerate()
                .filter(|(_, f)| f.applies_to(kind))
                .filter_map(|(slot, f)| f.default.map(|d| (slot as u32, d)))
                .collect(),
            checks: checks.iter().enumerate().filter(|(_, c)| c.rule.applies_to(kind)).map(|(i, _)| i as u16).collect(),
            not_classified: plan_rules(&not_classified, kind),
            disqualifiers: plan_rules(&disqualifiers, kind),
            conditions: levels.iter().map(|l| plan_rules(&l.conditions, kind)).collect(),
            caps: caps.iter().enumerate().filter(|(_, c)| c.rule.applies_to(kind)).map(|(i, _)| i as u16).collect(),
            derived: if derived.len() > 64 {
                u64::MAX
            } else {
                derived
                    .iter()
                    .enumerate()
                    .filter(|(_, d)| facts[d.slot as usize].applies_to(kind))
                    .fold(0, |m, (i, _)| m | (1 << i))
            },
        })
        .collect();
    let rule_set = RuleSet {
        id: doc.rule_set.id.get_ref().clone(),
        name: doc.rule_set.name.clone(),
        description: doc.rule_set.description.clone(),
        version: doc.rule_set.version.clone(),
        official: doc.rule_set.official,
        documents,
        levels,
        subjects,
        facts,
        input_count,
        derived,
        scoring,
        band_fallback,
        band_fallback_source,
        empty_share,
        empty_share_source,
        years,
        domain: doc.rule_set.domain.as_ref().map(|d| *d.get_ref()),
        extends: doc.rule_set.extends.as_ref().map(|e| e.get_ref().clone()),
        not_classified,
        disqualifiers,
        caps,
        quotas,
        checks,
        fact_index,
        plans,
    };
    (Some(rule_set), diagnostics)
}

/// Read `years = { from, to }`: each end a plausible year, `from` not after `to`.
fn review_years(ctx: &mut Ctx, years: &Option<Spanned<YearsDoc>>) -> Years {
    let Some(spanned) = years else { return Years::default() };
    let at = spanned.span().start;
    let YearsDoc { from, to } = *spanned.get_ref();
    let mut plausible = |end: Option<i64>, name: &str| -> Option<i32> {
        let year = end?;
        match i32::try_from(year) {
            Ok(year) if (YEAR_RANGE.0..=YEAR_RANGE.1).contains(&year) => Some(year),
            _ => {
                ctx.push(
                    Code::RuleSetYears,
                    at,
                    format!("rule_set.years.{name}"),
                    format!("năm {year} không hợp lý (cần từ {} đến {})", YEAR_RANGE.0, YEAR_RANGE.1),
                    format!("the year {year} is not plausible (it must be {} to {})", YEAR_RANGE.0, YEAR_RANGE.1),
                );
                None
            }
        }
    };
    let years = Years { from: plausible(from, "from"), to: plausible(to, "to") };
    if from.is_none() && to.is_none() {
        ctx.push(
            Code::RuleSetYears,
            at,
            "rule_set.years",
            "`years` cần ít nhất `from` hoặc `to`",
            "`years` needs at least `from` or `to`",
        );
    }
    if let (Some(from), Some(to)) = (years.from, years.to) {
        if from > to {
            ctx.push(
                Code::RuleSetYears,
                at,
                "rule_set.years",
                format!("năm bắt đầu ({from}) sau năm kết thúc ({to})"),
                format!("the first year ({from}) is after the last ({to})"),
            );
        }
    }
    years
}

fn rollup_name(group: RollupGroup, count: &str, level: Option<&Level>) -> Text {
    let (group_vi, group_en) = match group {
        RollupGroup::Members => ("đảng viên của tổ chức", "the organization's members"),
        RollupGroup::Subunits => ("tổ chức trực thuộc", "direct sub-units"),
        RollupGroup::AllMembers => {
            ("đảng viên của tổ chức và các tổ chức trực thuộc", "members of the organization and all its sub-units")
        }
    };
    match (count, level) {
        ("total", _) => Text::new(format!("Tổng số {group_vi}"), format!("Total {group_en}")),
        ("classified", _) => Text::new(format!("Số {group_vi} được xếp loại"), format!("Classified {group_en}")),
        ("not_classified", _) => {
            Text::new(format!("Số {group_vi} không xếp loại"), format!("{group_en} not classified"))
        }
        ("referred", _) => Text::new(
            format!("Số {group_vi} chờ cấp có thẩm quyền xem xét, quyết định"),
            format!("{group_en} for the competent level to decide"),
        ),
        ("level", Some(l)) => {
            Text::new(format!("Số {group_vi} xếp loại {}", l.short), format!("{group_en} rated {}", l.short))
        }
        ("at_least", Some(l)) => Text::new(
            format!("Số {group_vi} xếp loại {} trở lên", l.short),
            format!("{group_en} rated {} or better", l.short),
        ),
        _ => Text::default(),
    }
}

fn duplicate(ctx: &mut Ctx, id: &Spanned<String>, path: &str) {
    ctx.push(
        Code::DuplicateId,
        id.span().start,
        path,
        format!("mã `{}` bị trùng", id.get_ref()),
        format!("id `{}` is used twice", id.get_ref()),
    );
}

fn unknown_level(ctx: &mut Ctx, id: &Spanned<String>, path: &str, levels: &[Level]) {
    let ids: Vec<&str> = levels.iter().map(|l| l.id.as_str()).collect();
    ctx.push(
        Code::UnknownLevel,
        ctx.string_body(id.span().start),
        path,
        format!("không có mức `{}`; các mức: {}", id.get_ref(), ids.join(", ")),
        format!("there is no level `{}`; the levels are: {}", id.get_ref(), ids.join(", ")),
    );
}

/// Read a fact's default from its TOML value (any type: checked here against the fact's).
fn fact_default(
    ctx: &mut Ctx,
    value: &Spanned<Value>,
    ty: FactType,
    choices: &[Choice],
    min: Option<Num>,
    max: Option<Num>,
    path: &str,
) -> Option<Num> {
    let path = format!("{path}.default");
    let number = match (ty, value.get_ref()) {
        (FactType::Bool, Value::Boolean(b)) => Some(if *b { Num::ONE } else { Num::ZERO }),
        (FactType::Choice, Value::String(s)) => choices.iter().position(|c| c.id == *s).map(|i| Num::int(i as i64)),
        (FactType::Number | FactType::Integer | FactType::Percent, Value::Integer(i)) => Some(Num::int(*i)),
        (FactType::Number | FactType::Integer | FactType::Percent, Value::Float(f)) => crate::toml_doc::float_num(f),
        (FactType::Number | FactType::Integer | FactType::Percent, Value::String(s)) => Num::parse(s).ok(),
        _ => None,
    };
    let number = number.map(|n| {
        if ty == FactType::Percent && !value.get_ref().as_str().is_some_and(|s| s.contains('%')) {
            Num::percent(n)
        } else {
            n
        }
    });
    match number {
        None => {
            ctx.push(
                Code::BadDefault,
                value.span().start,
                path,
                "giá trị mặc định không đúng kiểu",
                "the default does not fit the fact's type",
            );
            None
        }
        Some(n) if min.is_some_and(|lo| n < lo) || max.is_some_and(|hi| n > hi) => {
            ctx.push(
                Code::FactRange,
                value.span().start,
                path,
                "giá trị mặc định nằm ngoài khoảng cho phép",
                "the default is out of range",
            );
            None
        }
        Some(n) => Some(n),
    }
}

/// Every fact an expression reads must apply to every subject kind the rule applies to.
fn check_fact_coverage(
    ctx: &mut Ctx,
    expr: &Expr,
    facts: &[Fact],
    rule_subjects: SubjectSet,
    spanned: &Spanned<String>,
    path: &str,
    subjects: &[SubjectKind],
) {
    for slot in expr.facts() {
        let fact = &facts[*slot as usize];
        if !fact.subjects.is_superset_of(rule_subjects) {
            let missing: Vec<&str> = subjects
                .iter()
                .enumerate()
                .filter(|(i, _)| rule_subjects.contains(*i) && !fact.subjects.contains(*i))
                .map(|(_, s)| s.id.as_str())
                .collect();
            let offset = ctx.string_body(spanned.span().start) + spanned.get_ref().find(fact.id.as_str()).unwrap_or(0);
            ctx.push(
                Code::UnknownFact,
                offset,
                path,
                format!(
                    "dữ kiện `{}` không áp dụng cho {}; giới hạn `subjects` của quy tắc hoặc của dữ kiện",
                    fact.id,
                    missing.join(", ")
                ),
                format!(
                    "fact `{}` does not apply to {}; narrow the rule's or the fact's `subjects`",
                    fact.id,
                    missing.join(", ")
                ),
            );
        }
    }
}

/// Order derived facts so each is computed after the derived facts it reads; report each circle once, at the
/// fact of the circle that comes first in the file, naming the facts on it. A depth-first walk visits every fact
/// and every dependency once (linear time, no recursion), so a file of 50,000 facts in one circle costs one walk
/// and one diagnostic.
fn order_derived(
    ctx: &mut Ctx,
    exprs: Vec<(u32, Expr)>,
    derived_start: usize,
    docs: &[DerivedDoc],
    facts: &[Fact],
) -> Vec<Derived> {
    const UNSEEN: u8 = 0;
    const ON_PATH: u8 = 1;
    const DONE: u8 = 2;
    // Position of each derived fact with a compiled expression; the others were reported already and block nothing.
    let mut position = vec![usize::MAX; facts.len().saturating_sub(derived_start)];
    for (i, (slot, _)) in exprs.iter().enumerate() {
        position[*slot as usize - derived_start] = i;
    }
    let dependencies: Vec<Vec<usize>> = exprs
        .iter()
        .map(|(_, expr)| {
            expr.facts()
                .iter()
                .filter(|s| (**s as usize) >= derived_start && facts[**s as usize].origin == FactOrigin::Derived)
                .map(|s| position[*s as usize - derived_start])
                .filter(|p| *p != usize::MAX)
                .collect()
        })
        .collect();
    let mut state = vec![UNSEEN; exprs.len()];
    // A fact on a circle, or reading one, cannot be computed.
    let mut blocked = vec![false; exprs.len()];
    let mut order: Vec<usize> = Vec::with_capacity(exprs.len());
    let mut circles: Vec<Vec<usize>> = Vec::new();
    // The walk's path: (fact, how many of its dependencies were looked at).
    let mut path: Vec<(usize, usize)> = Vec::new();
    for start in 0..exprs.len() {
        if state[start] != UNSEEN {
            continue;
        }
        state[start] = ON_PATH;
        path.push((start, 0));
        while let Some((fact, next)) = path.last_mut() {
            let fact = *fact;
            if let Some(&dependency) = dependencies[fact].get(*next) {
                *next += 1;
                match state[dependency] {
                    UNSEEN => {
                        state[dependency] = ON_PATH;
                        path.push((dependency, 0));
                    }
                    ON_PATH => {
                        let from = path.iter().position(|(f, _)| *f == dependency).unwrap_or(0);
                        let circle: Vec<usize> = path[from..].iter().map(|(f, _)| *f).collect();
                        for &member in &circle {
                            blocked[member] = true;
                        }
                        circles.push(circle);
                    }
                    _ => {}
                }
                continue;
            }
            path.pop();
            state[fact] = DONE;
            if dependencies[fact].iter().any(|d| blocked[*d]) {
                blocked[fact] = true;
            }
            if !blocked[fact] {
                order.push(fact);
            }
        }
    }
    for circle in circles {
        let id_of = |i: usize| facts[exprs[i].0 as usize].id.as_str();
        // Start the circle at the fact that comes first in the file (the expressions are in the file's order).
        let first = (0..circle.len()).min_by_key(|i| circle[*i]).unwrap_or(0);
        let members: Vec<usize> = circle[first..].iter().chain(&circle[..first]).copied().collect();
        let id = id_of(members[0]);
        const SHOWN: usize = 10;
        let mut names: Vec<&str> = members.iter().take(SHOWN).map(|m| id_of(*m)).collect();
        names.push(id);
        let more = members.len().saturating_sub(SHOWN);
        let (more_vi, more_en) = if more > 0 {
            (format!(" (và {more} dữ kiện khác trên vòng)"), format!(" (and {more} more facts on the circle)"))
        } else {
            (String::new(), String::new())
        };
        let chain =
            if more > 0 { format!("{} → … → {id}", names[..SHOWN].join(" → ")) } else { names.join(" → ") };
        ctx.push(
            Code::DerivedCycle,
            docs.iter().find(|d| d.id.get_ref() == id).map(|d| d.id.span().start).unwrap_or(0),
            format!("derived.{id}"),
            format!("dữ kiện suy ra `{id}` phụ thuộc vòng tròn vào chính nó: {chain}{more_vi}"),
            format!("derived fact `{id}` depends on itself in a circle: {chain}{more_en}"),
        );
    }
    let mut exprs: Vec<Option<(u32, Expr)>> = exprs.into_iter().map(Some).collect();
    order.into_iter().filter_map(|i| exprs[i].take()).map(|(slot, expr)| Derived { slot, expr }).collect()
}
