//! Rule files as written: the serde shape of `rules/*.toml`, before any checking.
//!
//! These types only describe the text. [`crate::ruleset::compile`] turns a [`RuleSetDoc`] into the validated
//! [`crate::ruleset::RuleSet`] that evaluation uses; nothing evaluates a `Doc` type directly. Fields that a
//! diagnostic may point at are `Spanned`, so a message can name the line and column. The format is described for
//! people in `rules/README.md`.

use serde::Deserialize;
use toml::Spanned;

use crate::lang::Text;
use crate::num::Num;

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RuleSetDoc {
    pub rule_set: MetaDoc,
    #[serde(default)]
    pub document: Vec<DocumentDoc>,
    #[serde(default)]
    pub level: Vec<LevelDoc>,
    #[serde(default)]
    pub subject: Vec<SubjectDoc>,
    #[serde(default)]
    pub fact: Vec<FactDoc>,
    #[serde(default)]
    pub derived: Vec<DerivedDoc>,
    pub scoring: Option<ScoringDoc>,
    #[serde(default)]
    pub policy: PolicyDoc,
    #[serde(default)]
    pub not_classified: Vec<RuleDoc>,
    #[serde(default)]
    pub disqualifier: Vec<RuleDoc>,
    #[serde(default)]
    pub cap: Vec<CapDoc>,
    #[serde(default)]
    pub quota: Vec<QuotaDoc>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct MetaDoc {
    pub id: Spanned<String>,
    pub name: Text,
    #[serde(default)]
    pub description: Option<Text>,
    pub version: String,
    /// Built from central texts and shipped as such; variants and drafts say `false`.
    #[serde(default)]
    pub official: bool,
}

/// A source document that provenances refer to by id.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DocumentDoc {
    pub id: Spanned<String>,
    pub title: Text,
    #[serde(default)]
    pub date: Option<String>,
    #[serde(default)]
    pub url: Option<String>,
}

/// Where a rule comes from and how sure we are of it.
#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SourceDoc {
    pub doc: Spanned<String>,
    /// Article, clause, point: "Điều 11 khoản 1".
    #[serde(default)]
    pub at: Option<String>,
    pub status: Spanned<StatusDoc>,
    /// Required for an assumption: why the rule set makes this choice.
    #[serde(default)]
    pub reason: Option<Text>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum StatusDoc {
    /// The sources quote the text this rule encodes.
    Confirmed,
    /// The texts are silent or uncertain; the rule set makes a choice and says why.
    Assumption,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct LevelDoc {
    pub id: Spanned<String>,
    pub name: Text,
    /// Short label: HTXS, HTT, HT, KHT.
    pub short: String,
    /// Inclusive lower bound of the score band ("từ 90 điểm trở lên"). The lowest level has none.
    #[serde(default)]
    pub min_score: Option<Spanned<Num>>,
    #[serde(default)]
    pub source: Option<SourceDoc>,
    /// Conditions that must all hold, besides the score band, for this level.
    #[serde(default)]
    pub condition: Vec<RuleDoc>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SubjectDoc {
    pub id: Spanned<String>,
    pub name: Text,
    #[serde(default)]
    pub description: Option<Text>,
    /// An organization or collective rather than a person: its facts may count its members and sub-units.
    #[serde(default)]
    pub collective: bool,
    /// The self-assessment form this subject fills in (Mẫu 2A …).
    #[serde(default)]
    pub form: Option<String>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum FactTypeDoc {
    Number,
    Integer,
    /// Entered as a percentage (30 or 30%), held as the fraction 0.3.
    Percent,
    Bool,
    Choice,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ChoiceDoc {
    pub id: String,
    pub name: Text,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FactDoc {
    pub id: Spanned<String>,
    pub name: Text,
    #[serde(default)]
    pub help: Option<Text>,
    #[serde(rename = "type")]
    pub ty: FactTypeDoc,
    #[serde(default)]
    pub unit: Option<Text>,
    #[serde(default)]
    pub min: Option<Num>,
    #[serde(default)]
    pub max: Option<Num>,
    /// Used when the input leaves the fact empty. Without a default, the fact is required.
    #[serde(default)]
    pub default: Option<Spanned<toml::Value>>,
    #[serde(default)]
    pub values: Vec<ChoiceDoc>,
    /// Subject kinds that are assessed on this fact; all when absent.
    #[serde(default)]
    pub subjects: Option<Spanned<Vec<String>>>,
    /// A heading to group facts under in forms.
    #[serde(default)]
    pub group: Option<String>,
    /// Other column headers that mean this fact in imported files.
    #[serde(default)]
    pub aliases: Vec<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DerivedDoc {
    pub id: Spanned<String>,
    pub name: Text,
    #[serde(default)]
    pub help: Option<Text>,
    #[serde(rename = "type", default)]
    pub ty: Option<FactTypeDoc>,
    #[serde(default)]
    pub unit: Option<Text>,
    pub expr: Spanned<String>,
    #[serde(default)]
    pub subjects: Option<Spanned<Vec<String>>>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ScoringDoc {
    /// The fact (usually derived) that holds the total score.
    pub score: Spanned<String>,
    pub max: Num,
    /// The facts that make up the score, shown as the breakdown.
    #[serde(default)]
    pub parts: Vec<Spanned<String>>,
    #[serde(default)]
    pub source: Option<SourceDoc>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PolicyDoc {
    #[serde(default)]
    pub band_fallback: Option<BandFallbackDoc>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct BandFallbackDoc {
    pub choice: BandFallback,
    pub source: SourceDoc,
}

/// What happens when the score is in a level's band but that level's conditions fail (brief note N1).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Deserialize, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum BandFallback {
    /// Go down one level at a time until a level's conditions all hold (the lowest level always does).
    Cascade,
    /// Go down exactly one level, whatever that level's conditions say.
    DropOne,
    /// Go straight to the lowest level.
    Lowest,
}

/// A named condition with its provenance: a level condition, a not-classified case or a disqualifier.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RuleDoc {
    pub id: Spanned<String>,
    pub name: Text,
    #[serde(default)]
    pub help: Option<Text>,
    /// Yes/no expression; for a condition, true means met; for a case, true means the case applies.
    pub expr: Spanned<String>,
    #[serde(default)]
    pub subjects: Option<Spanned<Vec<String>>>,
    #[serde(default)]
    pub source: Option<SourceDoc>,
    /// A switch: rules that rest on an assumption can be turned off without deleting them.
    #[serde(default = "yes")]
    pub enabled: bool,
}

fn yes() -> bool {
    true
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CapDoc {
    pub id: Spanned<String>,
    pub name: Text,
    #[serde(default)]
    pub help: Option<Text>,
    /// Yes/no expression: true when the cap applies.
    pub expr: Spanned<String>,
    /// The best level a subject in this case can get.
    pub max_level: Spanned<String>,
    #[serde(default)]
    pub subjects: Option<Spanned<Vec<String>>>,
    #[serde(default)]
    pub source: Option<SourceDoc>,
    #[serde(default = "yes")]
    pub enabled: bool,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Deserialize, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum QuotaBase {
    /// Excellent ≤ p% of those rated good (the level just below), excluding the excellent.
    GoodOnly,
    /// Excellent ≤ p% of those rated good or better.
    GoodOrBetter,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Deserialize, serde::Serialize)]
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

#[derive(Clone, Copy, Debug, PartialEq, Eq, Deserialize, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Rounding {
    Floor,
    Nearest,
    Ceil,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct QuotaDoc {
    pub id: Spanned<String>,
    pub name: Text,
    pub level: Spanned<String>,
    pub percent: Spanned<Num>,
    pub base: QuotaBase,
    pub scope: Vec<QuotaScope>,
    pub rounding: Rounding,
    #[serde(default)]
    pub subjects: Option<Spanned<Vec<String>>>,
    #[serde(default)]
    pub source: Option<SourceDoc>,
    #[serde(default = "yes")]
    pub enabled: bool,
}
