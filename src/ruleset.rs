//! The compiled, validated rule set that evaluation runs on: levels, subject kinds, facts by slot, derived facts in
//! dependency order, rules with their provenance, caps, quotas, and per subject kind what applies to it.
//!
//! A [`RuleSet`] is built only by the compiler ([`crate::compile`]), which resolves every name to an index (facts to
//! slots, levels and subject kinds to positions) and returns no rule set when it found an error, so every
//! [`RuleSet`] in hand is complete and consistent. [`load`] and [`compile`] are the compiler's, named here too since
//! this is where callers look for them.

use std::collections::HashMap;

use serde::Serialize;

pub use crate::compile::{compile, load, load_with};
use crate::doc::*;
use crate::expr::{Expr, NumStyle, Type};
use crate::lang::Text;
use crate::num::Num;

/// More levels than any regime has; levels are numbered in a byte, with 255 meaning "no level".
pub const MAX_LEVELS: usize = 100;
/// Rules per list (conditions of a level, disqualifiers …) are numbered in 16 bits; the TOML reader refuses a
/// longer list, so the limit lives there.
pub use crate::toml_doc::MAX_RULES;

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
    /// Other words for the kind in a roster's subject column, matched like the name.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub aliases: Vec<String>,
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
    /// Other words for the value in a roster's cell, matched like the name (any case, with or without diacritics).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub aliases: Vec<String>,
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
    /// The computation from lists, as written, when the fact can be fed by a list (`count(tasks where …)`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub from_list: Option<String>,
}

/// The type of a list's field: a fact's types, and free text (a task's name), which no expression reads.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum FieldType {
    Text,
    Number,
    Integer,
    Percent,
    Bool,
    Choice,
}

/// One field of a list's items (`[[list.field]]`).
#[derive(Clone, Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct ListField {
    pub id: String,
    pub name: Text,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub help: Option<Text>,
    #[serde(rename = "type")]
    pub ty: FieldType,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub unit: Option<Text>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub min: Option<Num>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub max: Option<Num>,
    /// Used when an item leaves the field empty.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub default: Option<Num>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub choices: Vec<Choice>,
    /// The field as a fact, so an item's text is read as a typed fact's is; `None` for text.
    #[serde(skip)]
    pub(crate) as_fact: Option<Fact>,
}

impl ListField {
    /// How values of this field are shown.
    pub fn style(&self) -> NumStyle {
        if self.ty == FieldType::Percent { NumStyle::Percent } else { NumStyle::Plain }
    }
}

/// A list whose items a person declares one by one (`[[list]]`: tasks, products), each with typed fields.
#[derive(Clone, Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct ListDef {
    pub id: String,
    pub name: Text,
    /// The word for one item in explanations ("nhiệm vụ").
    pub item: Text,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub help: Option<Text>,
    #[serde(skip)]
    pub subjects: SubjectSet,
    pub fields: Vec<ListField>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub source: Option<Provenance>,
    /// A checklist's fixed items (`[[list.items]]`), for every subject kind; the field `item` (the first) says
    /// which one a row is. Empty for a list the person fills freely.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub items: Vec<ListItem>,
    /// The field (by index) each item's `max` bounds.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub max_field: Option<usize>,
}

/// One fixed item of a checklist (`[[list.items]]`): a criterion of the annex the person scores herself against.
#[derive(Clone, Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct ListItem {
    pub id: String,
    pub name: Text,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub help: Option<Text>,
    #[serde(skip)]
    pub subjects: SubjectSet,
    /// The most the item's `max_field` may hold (the rule set's split of the points).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub max: Option<Num>,
}

impl ListDef {
    pub fn applies_to(&self, kind: usize) -> bool {
        self.subjects.contains(kind)
    }

    /// Whether the items are fixed by the rule set (a checklist) rather than declared by the person.
    pub fn is_checklist(&self) -> bool {
        !self.items.is_empty()
    }

    /// A checklist's items for a subject kind, in order, with their index in `items` (the `item` field's value):
    /// row `n` of the person's list is the `n`-th of these.
    pub fn items_for(&self, kind: usize) -> impl Iterator<Item = (usize, &ListItem)> + '_ {
        self.items.iter().enumerate().filter(move |(_, item)| item.subjects.contains(kind))
    }

    pub fn field(&self, id: &str) -> Option<&ListField> {
        self.fields.iter().find(|f| f.id == id)
    }
}

impl Fact {
    pub fn applies_to(&self, kind: usize) -> bool {
        self.subjects.contains(kind)
    }

    /// How values of this fact are shown.
    pub fn style(&self) -> NumStyle {
        if self.ty == FactType::Percent { NumStyle::Percent } else { NumStyle::Plain }
    }

    pub(crate) fn expr_type(&self) -> Type {
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
    /// Lists a person may declare item by item; facts with `from_list` are computed from them ([`crate::lists`]).
    pub lists: Vec<ListDef>,
    /// The compiled computations of list-fed facts, one per fact and group of subject kinds.
    #[serde(skip)]
    pub(crate) feeds: Vec<crate::lists::Feed>,
    #[serde(skip)]
    pub(crate) fact_index: HashMap<String, u32>,
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

    /// The lists a subject kind may declare, with their index.
    pub fn lists_for(&self, kind: usize) -> impl Iterator<Item = (usize, &ListDef)> {
        self.lists.iter().enumerate().filter(move |(_, l)| l.applies_to(kind))
    }

    pub fn list_index(&self, id: &str) -> Option<usize> {
        self.lists.iter().position(|l| l.id == id)
    }

    /// Read a choice value or yes/no or number as typed for fact `slot`.
    pub fn fact(&self, slot: u32) -> &Fact {
        &self.facts[slot as usize]
    }
}
