//! Rule files as written: the shape of `rules/*.toml`, before any checking.
//!
//! These types only describe the text; they are read by hand from the TOML tree ([`crate::toml_doc`]), each
//! `from_table` asking for the fields the format allows, in the order the format lists them. [`crate::ruleset::compile`] turns a [`RuleSetDoc`] into the validated
//! [`crate::ruleset::RuleSet`] that evaluation uses; nothing evaluates a `Doc` type directly. Fields that a
//! diagnostic may point at are `Spanned`, so a message can name the line and column. The format is described for
//! people in `rules/README.md`.

use crate::lang::Text;
use crate::num::Num;
use crate::toml_doc::{Fields, FromTable, Reader, words};
pub use crate::toml_doc::{Spanned, Value};

#[derive(Debug)]
pub struct RuleSetDoc {
    pub rule_set: MetaDoc,
    pub document: Vec<DocumentDoc>,
    pub level: Vec<LevelDoc>,
    pub subject: Vec<SubjectDoc>,
    pub fact: Vec<FactDoc>,
    /// Lists a person declares item by item (tasks, products), which feed facts through `from_list`.
    pub list: Vec<ListDoc>,
    pub derived: Vec<DerivedDoc>,
    pub scoring: Option<ScoringDoc>,
    pub policy: PolicyDoc,
    pub not_classified: Vec<RuleDoc>,
    pub disqualifier: Vec<RuleDoc>,
    pub cap: Vec<CapDoc>,
    pub quota: Vec<QuotaDoc>,
    /// Consistency checks: rules that must hold, each with its `facts`.
    pub check: Vec<RuleDoc>,
}

#[derive(Debug)]
pub struct MetaDoc {
    pub id: Spanned<String>,
    pub name: Text,
    pub description: Option<Text>,
    pub version: String,
    /// Built from central texts and shipped as such; variants and drafts say `false`.
    pub official: bool,
    /// The review years this rule set governs (inclusive); absent when the file does not say.
    pub years: Option<Spanned<YearsDoc>>,
    /// Whose review it is: `party` (the default) or `civil_service`.
    pub domain: Option<Spanned<Domain>>,
    /// The rule set this one extends (an overlay, [`crate::overlay`]); already merged when a document is read.
    pub extends: Option<Spanned<String>>,
}

/// `years = { from = 2025, to = 2030 }`: the review years a rule set governs, both ends included.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct YearsDoc {
    pub from: Option<i64>,
    pub to: Option<i64>,
}

/// Whose year-end review a rule set governs.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Domain {
    /// Party members and party organizations.
    #[default]
    Party,
    /// Civil servants and public employees (NĐ 335).
    CivilService,
}

impl Domain {
    pub fn id(self) -> &'static str {
        match self {
            Domain::Party => "party",
            Domain::CivilService => "civil_service",
        }
    }
}

/// A source document that provenances refer to by id.
#[derive(Debug)]
pub struct DocumentDoc {
    pub id: Spanned<String>,
    pub title: Text,
    pub date: Option<String>,
    pub url: Option<String>,
}

/// Where a rule comes from and how sure we are of it.
#[derive(Clone, Debug)]
pub struct SourceDoc {
    pub doc: Spanned<String>,
    /// Article, clause, point: "Điều 11 khoản 1".
    pub at: Option<String>,
    pub status: Spanned<StatusDoc>,
    /// Required for an assumption: why the rule set makes this choice.
    pub reason: Option<Text>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum StatusDoc {
    /// The sources quote the text this rule encodes.
    Confirmed,
    /// The texts are silent or uncertain; the rule set makes a choice and says why.
    Assumption,
}

#[derive(Debug)]
pub struct LevelDoc {
    pub id: Spanned<String>,
    pub name: Text,
    /// Short label: HTXS, HTT, HT, KHT.
    pub short: String,
    /// Inclusive lower bound of the score band ("từ 90 điểm trở lên"). The lowest level has none.
    pub min_score: Option<Spanned<Num>>,
    pub source: Option<SourceDoc>,
    /// Conditions that must all hold, besides the score band, for this level.
    pub condition: Vec<RuleDoc>,
}

#[derive(Debug)]
pub struct SubjectDoc {
    pub id: Spanned<String>,
    pub name: Text,
    pub description: Option<Text>,
    /// An organization or collective rather than a person: its facts may count its members and sub-units.
    pub collective: bool,
    /// The self-assessment form this subject fills in (Mẫu 2A …).
    pub form: Option<String>,
    /// Other words for this kind in a roster's subject column ("Đảng viên", "Lãnh đạo, quản lý").
    pub aliases: Vec<String>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum FactTypeDoc {
    Number,
    Integer,
    /// Entered as a percentage (30 or 30%), held as the fraction 0.3.
    Percent,
    Bool,
    Choice,
}

#[derive(Debug)]
pub struct ChoiceDoc {
    pub id: String,
    pub name: Text,
    /// Other words for this value in a roster's cell ("không", "KT").
    pub aliases: Vec<String>,
}

#[derive(Debug)]
pub struct FactDoc {
    pub id: Spanned<String>,
    pub name: Text,
    pub help: Option<Text>,
    /// Written `type`.
    pub ty: FactTypeDoc,
    pub unit: Option<Text>,
    pub min: Option<Num>,
    pub max: Option<Num>,
    /// Used when the input leaves the fact empty. Without a default, the fact is required.
    pub default: Option<Spanned<Value>>,
    pub values: Vec<ChoiceDoc>,
    /// Subject kinds that are assessed on this fact; all when absent.
    pub subjects: Option<Spanned<Vec<String>>>,
    /// A heading to group facts under in forms.
    pub group: Option<String>,
    /// Other column headers that mean this fact in imported files.
    pub aliases: Vec<String>,
    /// What a zero in this fact means, said when a share of it has nothing to divide by ("No tasks assigned").
    pub when_zero: Option<Text>,
    /// Computed from lists when the person gives them: `count(tasks where status == on_time)` (see `crate::lists`).
    pub from_list: Option<Spanned<String>>,
    /// The same, per subject kind, where a kind computes it otherwise (`{ manager = "…" }`).
    pub from_list_for: Option<Spanned<std::collections::BTreeMap<String, Spanned<String>>>>,
    /// How the value computed from lists is rounded (per item or on the total).
    pub from_list_round: Option<RoundDoc>,
    /// Where the computation from lists comes from (an assumption where the texts are silent).
    pub from_list_source: Option<SourceDoc>,
}

/// `from_list_round = { digits = 2, on = "total" }`: rounding half away from zero.
#[derive(Clone, Copy, Debug)]
pub struct RoundDoc {
    pub digits: u64,
    pub on: RoundOn,
}

/// Where a computation from a list rounds: each item's value before it is summed or averaged, or the result.
#[derive(Clone, Copy, Debug, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum RoundOn {
    Item,
    Total,
}

/// `[[list]]`: a list whose items the person declares one by one, each with its typed fields.
#[derive(Debug)]
pub struct ListDoc {
    pub id: Spanned<String>,
    pub name: Text,
    /// The word for one item in explanations ("nhiệm vụ").
    pub item: Text,
    pub help: Option<Text>,
    pub subjects: Option<Spanned<Vec<String>>>,
    pub source: Option<SourceDoc>,
    pub field: Vec<ListFieldDoc>,
    /// `[[list.items]]`: a checklist's fixed items (the annex's criteria); empty for a list the person fills freely.
    pub items: Vec<ListItemDoc>,
    /// The field each item's `max` bounds (`max_field = "points"`).
    pub max_field: Option<Spanned<String>>,
}

/// `[[list.items]]`: one fixed item of a checklist, for some subject kinds, with the most points it may get.
#[derive(Debug)]
pub struct ListItemDoc {
    pub id: Spanned<String>,
    pub name: Text,
    pub help: Option<Text>,
    pub subjects: Option<Spanned<Vec<String>>>,
    pub max: Option<Spanned<Num>>,
}

/// `[[list.field]]`: the keys of `[[fact]]`, and the type `text`.
#[derive(Debug)]
pub struct ListFieldDoc {
    pub id: Spanned<String>,
    pub name: Text,
    pub help: Option<Text>,
    pub ty: FieldTypeDoc,
    pub unit: Option<Text>,
    pub min: Option<Num>,
    pub max: Option<Num>,
    pub default: Option<Spanned<Value>>,
    /// Written `choices` (or `values`, as for facts).
    pub choices: Vec<ChoiceDoc>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum FieldTypeDoc {
    Text,
    Fact(FactTypeDoc),
}

#[derive(Debug)]
pub struct DerivedDoc {
    pub id: Spanned<String>,
    pub name: Text,
    pub help: Option<Text>,
    /// Written `type`.
    pub ty: Option<FactTypeDoc>,
    pub unit: Option<Text>,
    pub expr: Spanned<String>,
    pub subjects: Option<Spanned<Vec<String>>>,
}

#[derive(Debug)]
pub struct ScoringDoc {
    /// The fact (usually derived) that holds the total score.
    pub score: Spanned<String>,
    pub max: Num,
    /// The facts that make up the score, shown as the breakdown.
    pub parts: Vec<Spanned<String>>,
    pub source: Option<SourceDoc>,
}

#[derive(Debug, Default)]
pub struct PolicyDoc {
    pub band_fallback: Option<BandFallbackDoc>,
    pub empty_share: Option<EmptyShareDoc>,
}

#[derive(Debug)]
pub struct EmptyShareDoc {
    pub choice: EmptyShare,
    pub source: SourceDoc,
}

/// What a level condition that compares a share of nothing (`share(part, 0)`) counts as. A case (not classified,
/// disqualifier, cap) that compares one never applies.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum EmptyShare {
    /// The condition is met: nothing was assigned, so nothing was missed.
    #[default]
    Neutral,
    /// The condition is not met: nothing done cannot count as doing enough.
    NotMet,
}

impl EmptyShare {
    pub fn id(self) -> &'static str {
        match self {
            EmptyShare::Neutral => "neutral",
            EmptyShare::NotMet => "not_met",
        }
    }
}

#[derive(Debug)]
pub struct BandFallbackDoc {
    pub choice: BandFallback,
    pub source: SourceDoc,
}

/// What happens when the score is in a level's band but that level's conditions fail (brief note N1).
#[derive(Clone, Copy, Debug, PartialEq, Eq, serde::Deserialize, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum BandFallback {
    /// Go down one level at a time until a level's conditions all hold (the lowest level always does).
    Cascade,
    /// Go down one level; when that level's conditions fail too, on one level at a time (a fallback never gives a
    /// level whose own conditions fail), so in effect the same levels as `Cascade`.
    DropOne,
    /// Go straight to the lowest level.
    Lowest,
}

/// A named condition with its provenance: a level condition, a not-classified case, a disqualifier or a consistency
/// check (one shape, so reading them is one piece of code; `compile` refuses the fields a kind does not have).
#[derive(Debug)]
pub struct RuleDoc {
    pub id: Spanned<String>,
    pub name: Text,
    pub help: Option<Text>,
    /// Yes/no expression; for a condition, true means met; for a case, true means the case applies.
    pub expr: Spanned<String>,
    pub subjects: Option<Spanned<Vec<String>>>,
    pub source: Option<SourceDoc>,
    /// A switch: rules that rest on an assumption can be turned off without deleting them.
    pub enabled: bool,
    /// Disqualifiers only: a yes/no claim of mitigation; when the case applies and it holds, the result is
    /// "referred" (for the competent level to decide) instead of the lowest level.
    pub mitigation: Option<Spanned<String>>,
    /// Consistency checks only (required there): the facts where a failure is shown.
    pub facts: Option<Spanned<Vec<String>>>,
}

#[derive(Debug)]
pub struct CapDoc {
    pub id: Spanned<String>,
    pub name: Text,
    pub help: Option<Text>,
    /// Yes/no expression: true when the cap applies.
    pub expr: Spanned<String>,
    /// The best level a subject in this case can get.
    pub max_level: Spanned<String>,
    pub subjects: Option<Spanned<Vec<String>>>,
    pub source: Option<SourceDoc>,
    pub enabled: bool,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, serde::Deserialize, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum QuotaBase {
    /// Excellent ≤ p% of those rated good (the level just below), excluding the excellent.
    GoodOnly,
    /// Excellent ≤ p% of those rated good or better.
    GoodOrBetter,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, serde::Deserialize, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum QuotaScope {
    /// The organization a member belongs to directly (a chi bộ).
    Org,
    /// The nearest base organization (tổ chức cơ sở đảng) at or above the member's organization.
    BaseOrg,
    /// A group with similar duties inside an agency (NĐ 335), from the roster's task-group column.
    TaskGroup,
    /// Everyone in the roster together.
    Whole,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, serde::Deserialize, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Rounding {
    Floor,
    Nearest,
    Ceil,
}

#[derive(Debug)]
pub struct QuotaDoc {
    pub id: Spanned<String>,
    pub name: Text,
    pub level: Spanned<String>,
    pub percent: Spanned<Num>,
    /// The highest percent the competent level may allow (an exception ceiling, 25% under QĐ 366): settings that
    /// change `percent` may not go above it.
    pub max_percent: Option<Spanned<Num>>,
    pub base: QuotaBase,
    pub scope: Vec<QuotaScope>,
    pub rounding: Rounding,
    pub subjects: Option<Spanned<Vec<String>>>,
    /// `false` (the default): each subject kind in `subjects` is its own group within each scope; `true`: the kinds
    /// are counted together.
    pub pool_subjects: bool,
    pub source: Option<SourceDoc>,
    pub enabled: bool,
}

// ----------------------------------------------------------------------------------------------------------------
// Reading, field by field (see `rules/README.md` for the format).

impl RuleSetDoc {
    /// Read a rule file; `Err` holds every syntax problem, or every shape problem, each located.
    pub fn read(text: &str, file: Option<&str>) -> Result<RuleSetDoc, Vec<crate::diag::Diagnostic>> {
        crate::toml_doc::read_document(text, file)
    }
}

impl FromTable for RuleSetDoc {
    fn from_table(r: &mut Reader, f: &mut Fields) -> Option<RuleSetDoc> {
        let rule_set = f.req(r, "rule_set");
        let document = f.or_default(r, "document");
        let level = f.or_default(r, "level");
        let subject = f.or_default(r, "subject");
        let fact = f.or_default(r, "fact");
        let list = f.or_default(r, "list");
        let derived = f.or_default(r, "derived");
        let scoring = f.opt(r, "scoring");
        let policy = f.or_default(r, "policy");
        let not_classified = f.or_default(r, "not_classified");
        let disqualifier = f.or_default(r, "disqualifier");
        let cap = f.or_default(r, "cap");
        let quota = f.or_default(r, "quota");
        let check = f.or_default(r, "check");
        Some(RuleSetDoc {
            rule_set: rule_set?,
            document,
            level,
            subject,
            fact,
            list,
            derived,
            scoring,
            policy,
            not_classified,
            disqualifier,
            cap,
            quota,
            check,
        })
    }
}

impl FromTable for MetaDoc {
    fn from_table(r: &mut Reader, f: &mut Fields) -> Option<MetaDoc> {
        let id = f.req(r, "id");
        let name = f.req(r, "name");
        let description = f.opt(r, "description");
        let version = f.req(r, "version");
        let official = f.or_default(r, "official");
        let years = f.opt(r, "years");
        let domain = f.opt(r, "domain");
        let extends = f.opt(r, "extends");
        match (id, name, version) {
            (Some(id), Some(name), Some(version)) => {
                Some(MetaDoc { id, name, description, version, official, years, domain, extends })
            }
            _ => None,
        }
    }
}

impl FromTable for YearsDoc {
    fn from_table(r: &mut Reader, f: &mut Fields) -> Option<YearsDoc> {
        let from = f.opt(r, "from");
        let to = f.opt(r, "to");
        Some(YearsDoc { from, to })
    }
}

words!(Domain { "party" => Domain::Party, "civil_service" => Domain::CivilService });

impl FromTable for DocumentDoc {
    fn from_table(r: &mut Reader, f: &mut Fields) -> Option<DocumentDoc> {
        let id = f.req(r, "id");
        let title = f.req(r, "title");
        let date = f.opt(r, "date");
        let url = f.opt(r, "url");
        match (id, title) {
            (Some(id), Some(title)) => Some(DocumentDoc { id, title, date, url }),
            _ => None,
        }
    }
}

impl FromTable for SourceDoc {
    fn from_table(r: &mut Reader, f: &mut Fields) -> Option<SourceDoc> {
        let doc = f.req(r, "doc");
        let at = f.opt(r, "at");
        let status = f.req(r, "status");
        let reason = f.opt(r, "reason");
        match (doc, status) {
            (Some(doc), Some(status)) => Some(SourceDoc { doc, at, status, reason }),
            _ => None,
        }
    }
}

words!(StatusDoc { "confirmed" => StatusDoc::Confirmed, "assumption" => StatusDoc::Assumption });

impl FromTable for LevelDoc {
    fn from_table(r: &mut Reader, f: &mut Fields) -> Option<LevelDoc> {
        let id = f.req(r, "id");
        let name = f.req(r, "name");
        let short = f.req(r, "short");
        let min_score = f.opt(r, "min_score");
        let source = f.opt(r, "source");
        let condition = f.or_default(r, "condition");
        match (id, name, short) {
            (Some(id), Some(name), Some(short)) => Some(LevelDoc { id, name, short, min_score, source, condition }),
            _ => None,
        }
    }
}

impl FromTable for SubjectDoc {
    fn from_table(r: &mut Reader, f: &mut Fields) -> Option<SubjectDoc> {
        let id = f.req(r, "id");
        let name = f.req(r, "name");
        let description = f.opt(r, "description");
        let collective = f.or_default(r, "collective");
        let form = f.opt(r, "form");
        let aliases = f.or_default(r, "aliases");
        match (id, name) {
            (Some(id), Some(name)) => Some(SubjectDoc { id, name, description, collective, form, aliases }),
            _ => None,
        }
    }
}

words!(FactTypeDoc {
    "number" => FactTypeDoc::Number,
    "integer" => FactTypeDoc::Integer,
    "percent" => FactTypeDoc::Percent,
    "bool" => FactTypeDoc::Bool,
    "choice" => FactTypeDoc::Choice,
});

impl FromTable for ChoiceDoc {
    fn from_table(r: &mut Reader, f: &mut Fields) -> Option<ChoiceDoc> {
        let id = f.req(r, "id");
        let name = f.req(r, "name");
        let aliases = f.or_default(r, "aliases");
        match (id, name) {
            (Some(id), Some(name)) => Some(ChoiceDoc { id, name, aliases }),
            _ => None,
        }
    }
}

impl FromTable for FactDoc {
    fn from_table(r: &mut Reader, f: &mut Fields) -> Option<FactDoc> {
        let id = f.req(r, "id");
        let name = f.req(r, "name");
        let help = f.opt(r, "help");
        let ty = f.req(r, "type");
        let unit = f.opt(r, "unit");
        let min = f.opt(r, "min");
        let max = f.opt(r, "max");
        let default = f.opt(r, "default");
        let values = f.or_default(r, "values");
        let subjects = f.opt(r, "subjects");
        let group = f.opt(r, "group");
        let aliases = f.or_default(r, "aliases");
        let when_zero = f.opt(r, "when_zero");
        let from_list = f.opt(r, "from_list");
        let from_list_for = f.opt(r, "from_list_for");
        let from_list_round = f.opt(r, "from_list_round");
        let from_list_source = f.opt(r, "from_list_source");
        match (id, name, ty) {
            (Some(id), Some(name), Some(ty)) => Some(FactDoc {
                id,
                name,
                help,
                ty,
                unit,
                min,
                max,
                default,
                values,
                subjects,
                group,
                aliases,
                when_zero,
                from_list,
                from_list_for,
                from_list_round,
                from_list_source,
            }),
            _ => None,
        }
    }
}

impl FromTable for RoundDoc {
    fn from_table(r: &mut Reader, f: &mut Fields) -> Option<RoundDoc> {
        let digits = f.req(r, "digits");
        let on = f.req(r, "on");
        Some(RoundDoc { digits: digits?, on: on? })
    }
}

words!(RoundOn { "item" => RoundOn::Item, "total" => RoundOn::Total });

impl FromTable for ListDoc {
    fn from_table(r: &mut Reader, f: &mut Fields) -> Option<ListDoc> {
        let id = f.req(r, "id");
        let name = f.req(r, "name");
        let item = f.req(r, "item");
        let help = f.opt(r, "help");
        let subjects = f.opt(r, "subjects");
        let source = f.opt(r, "source");
        let field = f.or_default(r, "field");
        let items = f.or_default(r, "items");
        let max_field = f.opt(r, "max_field");
        match (id, name, item) {
            (Some(id), Some(name), Some(item)) => {
                Some(ListDoc { id, name, item, help, subjects, source, field, items, max_field })
            }
            _ => None,
        }
    }
}

impl FromTable for ListItemDoc {
    fn from_table(r: &mut Reader, f: &mut Fields) -> Option<ListItemDoc> {
        let id = f.req(r, "id");
        let name = f.req(r, "name");
        let help = f.opt(r, "help");
        let subjects = f.opt(r, "subjects");
        let max = f.opt(r, "max");
        match (id, name) {
            (Some(id), Some(name)) => Some(ListItemDoc { id, name, help, subjects, max }),
            _ => None,
        }
    }
}

words!(FieldTypeDoc {
    "text" => FieldTypeDoc::Text,
    "number" => FieldTypeDoc::Fact(FactTypeDoc::Number),
    "integer" => FieldTypeDoc::Fact(FactTypeDoc::Integer),
    "percent" => FieldTypeDoc::Fact(FactTypeDoc::Percent),
    "bool" => FieldTypeDoc::Fact(FactTypeDoc::Bool),
    "choice" => FieldTypeDoc::Fact(FactTypeDoc::Choice),
});

impl FromTable for ListFieldDoc {
    fn from_table(r: &mut Reader, f: &mut Fields) -> Option<ListFieldDoc> {
        let id = f.req(r, "id");
        let name = f.req(r, "name");
        let help = f.opt(r, "help");
        let ty = f.req(r, "type");
        let unit = f.opt(r, "unit");
        let min = f.opt(r, "min");
        let max = f.opt(r, "max");
        let default = f.opt(r, "default");
        let choices: Option<Vec<ChoiceDoc>> = f.opt(r, "choices");
        let values: Option<Vec<ChoiceDoc>> = f.opt(r, "values");
        let choices = choices.or(values).unwrap_or_default();
        match (id, name, ty) {
            (Some(id), Some(name), Some(ty)) => {
                Some(ListFieldDoc { id, name, help, ty, unit, min, max, default, choices })
            }
            _ => None,
        }
    }
}

impl FromTable for DerivedDoc {
    fn from_table(r: &mut Reader, f: &mut Fields) -> Option<DerivedDoc> {
        let id = f.req(r, "id");
        let name = f.req(r, "name");
        let help = f.opt(r, "help");
        let ty = f.opt(r, "type");
        let unit = f.opt(r, "unit");
        let expr = f.req(r, "expr");
        let subjects = f.opt(r, "subjects");
        match (id, name, expr) {
            (Some(id), Some(name), Some(expr)) => Some(DerivedDoc { id, name, help, ty, unit, expr, subjects }),
            _ => None,
        }
    }
}

impl FromTable for ScoringDoc {
    fn from_table(r: &mut Reader, f: &mut Fields) -> Option<ScoringDoc> {
        let score = f.req(r, "score");
        let max = f.req(r, "max");
        let parts = f.or_default(r, "parts");
        let source = f.opt(r, "source");
        match (score, max) {
            (Some(score), Some(max)) => Some(ScoringDoc { score, max, parts, source }),
            _ => None,
        }
    }
}

impl FromTable for PolicyDoc {
    fn from_table(r: &mut Reader, f: &mut Fields) -> Option<PolicyDoc> {
        Some(PolicyDoc { band_fallback: f.opt(r, "band_fallback"), empty_share: f.opt(r, "empty_share") })
    }
}

impl FromTable for EmptyShareDoc {
    fn from_table(r: &mut Reader, f: &mut Fields) -> Option<EmptyShareDoc> {
        let choice = f.req(r, "choice");
        let source = f.req(r, "source");
        match (choice, source) {
            (Some(choice), Some(source)) => Some(EmptyShareDoc { choice, source }),
            _ => None,
        }
    }
}

words!(EmptyShare { "neutral" => EmptyShare::Neutral, "not_met" => EmptyShare::NotMet });

impl FromTable for BandFallbackDoc {
    fn from_table(r: &mut Reader, f: &mut Fields) -> Option<BandFallbackDoc> {
        let choice = f.req(r, "choice");
        let source = f.req(r, "source");
        match (choice, source) {
            (Some(choice), Some(source)) => Some(BandFallbackDoc { choice, source }),
            _ => None,
        }
    }
}

words!(BandFallback {
    "cascade" => BandFallback::Cascade,
    "drop_one" => BandFallback::DropOne,
    "lowest" => BandFallback::Lowest,
});

impl FromTable for RuleDoc {
    fn from_table(r: &mut Reader, f: &mut Fields) -> Option<RuleDoc> {
        let id = f.req(r, "id");
        let name = f.req(r, "name");
        let help = f.opt(r, "help");
        let expr = f.req(r, "expr");
        let subjects = f.opt(r, "subjects");
        let source = f.opt(r, "source");
        let enabled = f.opt(r, "enabled").unwrap_or(true);
        let mitigation = f.opt(r, "mitigation");
        let facts = f.opt(r, "facts");
        match (id, name, expr) {
            (Some(id), Some(name), Some(expr)) => {
                Some(RuleDoc { id, name, help, expr, subjects, source, enabled, mitigation, facts })
            }
            _ => None,
        }
    }
}

impl FromTable for CapDoc {
    fn from_table(r: &mut Reader, f: &mut Fields) -> Option<CapDoc> {
        let id = f.req(r, "id");
        let name = f.req(r, "name");
        let help = f.opt(r, "help");
        let expr = f.req(r, "expr");
        let max_level = f.req(r, "max_level");
        let subjects = f.opt(r, "subjects");
        let source = f.opt(r, "source");
        let enabled = f.opt(r, "enabled").unwrap_or(true);
        match (id, name, expr, max_level) {
            (Some(id), Some(name), Some(expr), Some(max_level)) => {
                Some(CapDoc { id, name, help, expr, max_level, subjects, source, enabled })
            }
            _ => None,
        }
    }
}

words!(QuotaBase { "good_only" => QuotaBase::GoodOnly, "good_or_better" => QuotaBase::GoodOrBetter });

words!(QuotaScope {
    "org" => QuotaScope::Org,
    "base_org" => QuotaScope::BaseOrg,
    "task_group" => QuotaScope::TaskGroup,
    "whole" => QuotaScope::Whole,
});

words!(Rounding { "floor" => Rounding::Floor, "nearest" => Rounding::Nearest, "ceil" => Rounding::Ceil });

impl FromTable for QuotaDoc {
    fn from_table(r: &mut Reader, f: &mut Fields) -> Option<QuotaDoc> {
        let id = f.req(r, "id");
        let name = f.req(r, "name");
        let level = f.req(r, "level");
        let percent = f.req(r, "percent");
        let max_percent = f.opt(r, "max_percent");
        let base = f.req(r, "base");
        let scope = f.req(r, "scope");
        let rounding = f.req(r, "rounding");
        let subjects = f.opt(r, "subjects");
        let pool_subjects = f.opt(r, "pool_subjects").unwrap_or(false);
        let source = f.opt(r, "source");
        let enabled = f.opt(r, "enabled").unwrap_or(true);
        match (id, name, level, percent, base, scope, rounding) {
            (Some(id), Some(name), Some(level), Some(percent), Some(base), Some(scope), Some(rounding)) => {
                Some(QuotaDoc {
                    id,
                    name,
                    level,
                    percent,
                    max_percent,
                    base,
                    scope,
                    rounding,
                    subjects,
                    pool_subjects,
                    source,
                    enabled,
                })
            }
            _ => None,
        }
    }
}
