//! Targets (chỉ tiêu): aggregate goals a committee sets and reports against.
//!
//! A target file declares the goals ("≥ 80% of base organizations good or better", "admit ≥ 300 new members",
//! "1,793 of 2,900 cells have held their congress by 31/3"). They are checked against [`Figures`]: counts per
//! level for members, organizations and base organizations, plus named figures (admitted, plan…). Figures come
//! either from a classified roster ([`Figures::from_unit`]) or typed in as a committee reports them (a figures
//! file). Each check gives the actual value, pass/fail/pending, and the margin in units ("2 more units
//! good-or-better needed", "exceeds the cap by 7"). Reported percentages are checked against their counts.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use crate::diag::{Code, Diagnostic, LineIndex, Location};
use crate::lang::{Lang, Text};
use crate::num::Num;
use crate::render::targets::{MarginWords, bound_text, margin};
use crate::ruleset::RuleSet;
use crate::toml_doc::{Fields, FromTable, FromToml, Node, Reader, Spanned, words};
use crate::unit::{Distribution, UnitResult};

// ----------------------------------------------------------------------------------------------------------------
// Files as written.

#[derive(Debug)]
pub struct TargetFileDoc {
    pub target_set: TargetSetMeta,
    pub target: Vec<TargetDoc>,
}

#[derive(Debug, Serialize, Clone)]
pub struct TargetSetMeta {
    pub id: String,
    pub name: Text,
    pub description: Option<Text>,
    /// Where the targets come from (a resolution, a plan).
    pub source: Option<Text>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Deserialize, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Population {
    Members,
    Organizations,
    BaseOrganizations,
}

impl Population {
    fn name(self) -> Text {
        match self {
            Population::Members => Text::new("đảng viên", "members"),
            Population::Organizations => Text::new("tổ chức đảng", "party organizations"),
            Population::BaseOrganizations => Text::new("tổ chức cơ sở đảng", "base organizations"),
        }
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Deserialize, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum TargetKind {
    /// Share of a population at some levels, of all classified or of other levels.
    Share,
    /// A named figure against a number.
    Count,
    /// A figure against a plan figure (actual / plan).
    Ratio,
    /// k of n done, by a deadline.
    Progress,
}

#[derive(Debug)]
pub struct TargetDoc {
    pub id: Spanned<String>,
    pub name: Text,
    pub kind: TargetKind,
    pub population: Option<Population>,
    /// Share: the levels counted (ids or short names).
    pub levels: Vec<Spanned<String>>,
    /// Share: the denominator: `classified` (default), `all`, or a list of level ids.
    pub of: Option<OfDoc>,
    /// Count, ratio, progress: the figure's name.
    pub figure: Option<String>,
    /// Ratio: the plan figure. Progress: the total figure.
    pub plan: Option<String>,
    pub total: Option<String>,
    /// Progress: the date by which it must be done (YYYY-MM-DD).
    pub deadline: Option<String>,
    pub min: Option<Spanned<Num>>,
    pub max: Option<Spanned<Num>>,
    /// A strict lower bound: `above = "50%"` is "> 50%" ("trên 50%").
    pub above: Option<Spanned<Num>>,
    /// A strict upper bound: `below = "1%"` is "< 1%" ("dưới 1%").
    pub below: Option<Spanned<Num>>,
    pub source: Option<Text>,
}

#[derive(Debug)]
pub enum OfDoc {
    Named(String),
    Levels(Vec<String>),
}

/// Aggregate figures as a committee types them.
#[derive(Debug, Default)]
pub struct FiguresDoc {
    pub as_of: Option<String>,
    /// Counts per level (ids or short names), `not_classified` and `referred`, per population.
    pub population: BTreeMap<Population, BTreeMap<String, Spanned<u64>>>,
    pub figures: BTreeMap<String, Spanned<Num>>,
    /// Percentages as reported, by target id: checked against the counts.
    pub reported: BTreeMap<String, Spanned<String>>,
    /// Other reported percentages: part of whole.
    pub reported_ratio: Vec<ReportedRatioDoc>,
}

#[derive(Debug)]
pub struct ReportedRatioDoc {
    pub name: Text,
    pub part: Num,
    pub whole: Num,
    pub percent: Spanned<String>,
}

impl FromTable for TargetFileDoc {
    fn from_table(r: &mut Reader, f: &mut Fields) -> Option<TargetFileDoc> {
        let target_set = f.req(r, "target_set");
        let target = f.or_default(r, "target");
        Some(TargetFileDoc { target_set: target_set?, target })
    }
}

impl FromTable for TargetSetMeta {
    fn from_table(r: &mut Reader, f: &mut Fields) -> Option<TargetSetMeta> {
        let id = f.req(r, "id");
        let name = f.req(r, "name");
        let description = f.opt(r, "description");
        let source = f.opt(r, "source");
        match (id, name) {
            (Some(id), Some(name)) => Some(TargetSetMeta { id, name, description, source }),
            _ => None,
        }
    }
}

words!(Population {
    "members" => Population::Members,
    "organizations" => Population::Organizations,
    "base_organizations" => Population::BaseOrganizations,
});

words!(TargetKind {
    "share" => TargetKind::Share,
    "count" => TargetKind::Count,
    "ratio" => TargetKind::Ratio,
    "progress" => TargetKind::Progress,
});

impl FromToml for OfDoc {
    fn read(r: &mut Reader, node: &Node, path: &str) -> Option<OfDoc> {
        match node.get_ref() {
            toml::de::DeValue::String(_) => String::read(r, node, path).map(OfDoc::Named),
            toml::de::DeValue::Array(_) => Vec::read(r, node, path).map(OfDoc::Levels),
            _ => {
                r.wrong_type(node, path, ("một chuỗi hoặc một danh sách chuỗi", "a string or an array of strings"));
                None
            }
        }
    }
}

impl FromTable for TargetDoc {
    fn from_table(r: &mut Reader, f: &mut Fields) -> Option<TargetDoc> {
        let id = f.req(r, "id");
        let name = f.req(r, "name");
        let kind = f.req(r, "kind");
        let population = f.opt(r, "population");
        let levels = f.or_default(r, "levels");
        let of = f.opt(r, "of");
        let figure = f.opt(r, "figure");
        let plan = f.opt(r, "plan");
        let total = f.opt(r, "total");
        let deadline = f.opt(r, "deadline");
        let min = f.opt(r, "min");
        let max = f.opt(r, "max");
        let above = f.opt(r, "above");
        let below = f.opt(r, "below");
        let source = f.opt(r, "source");
        match (id, name, kind) {
            (Some(id), Some(name), Some(kind)) => Some(TargetDoc {
                id,
                name,
                kind,
                population,
                levels,
                of,
                figure,
                plan,
                total,
                deadline,
                min,
                max,
                above,
                below,
                source,
            }),
            _ => None,
        }
    }
}

/// The populations of a figures file: a table keyed by population, each a table of counts keyed by level.
struct Populations(BTreeMap<Population, BTreeMap<String, Spanned<u64>>>);

impl FromTable for Populations {
    fn from_table(r: &mut Reader, f: &mut Fields) -> Option<Populations> {
        let mut populations = BTreeMap::new();
        for (key, population) in [
            ("members", Population::Members),
            ("organizations", Population::Organizations),
            ("base_organizations", Population::BaseOrganizations),
        ] {
            if let Some(counts) = f.opt(r, key) {
                populations.insert(population, counts);
            }
        }
        Some(Populations(populations))
    }
}

impl FromTable for FiguresDoc {
    fn from_table(r: &mut Reader, f: &mut Fields) -> Option<FiguresDoc> {
        let as_of = f.opt(r, "as_of");
        let population = f.opt(r, "population").map(|p: Populations| p.0).unwrap_or_default();
        let figures = f.or_default(r, "figures");
        let reported = f.or_default(r, "reported");
        let reported_ratio = f.or_default(r, "reported_ratio");
        Some(FiguresDoc { as_of, population, figures, reported, reported_ratio })
    }
}

impl FromTable for ReportedRatioDoc {
    fn from_table(r: &mut Reader, f: &mut Fields) -> Option<ReportedRatioDoc> {
        let name = f.req(r, "name");
        let part = f.req(r, "part");
        let whole = f.req(r, "whole");
        let percent = f.req(r, "percent");
        match (name, part, whole, percent) {
            (Some(name), Some(part), Some(whole), Some(percent)) => {
                Some(ReportedRatioDoc { name, part, whole, percent })
            }
            _ => None,
        }
    }
}

// ----------------------------------------------------------------------------------------------------------------
// Compiled targets.

#[derive(Clone, Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub enum Denominator {
    Classified,
    All,
    Levels(Vec<usize>),
}

#[derive(Clone, Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Target {
    pub id: String,
    pub name: Text,
    pub kind: TargetKind,
    pub population: Population,
    pub levels: Vec<usize>,
    pub of: Denominator,
    pub figure: Option<String>,
    pub plan: Option<String>,
    pub deadline: Option<(i32, u32, u32)>,
    pub min: Option<Num>,
    pub max: Option<Num>,
    /// The lower bound is strict (`above`: the actual value must be more than `min`).
    pub min_strict: bool,
    /// The upper bound is strict (`below`: the actual value must be less than `max`).
    pub max_strict: bool,
    pub source: Option<Text>,
}

/// Does `value` satisfy the lower bound `min` (strict or not)?
fn meets_min(value: Num, min: Num, strict: bool) -> bool {
    if strict { value > min } else { value >= min }
}

/// Does `value` satisfy the upper bound `max` (strict or not)?
fn meets_max(value: Num, max: Num, strict: bool) -> bool {
    if strict { value < max } else { value <= max }
}

#[derive(Clone, Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct TargetSet {
    pub meta: TargetSetMeta,
    pub targets: Vec<Target>,
}

/// Parse and check a target file against a rule set's levels.
pub fn load_targets(rules: &RuleSet, text: &str, file: Option<&str>) -> (Option<TargetSet>, Vec<Diagnostic>) {
    let doc: TargetFileDoc = match crate::toml_doc::read_document(text, file) {
        Ok(doc) => doc,
        Err(diagnostics) => return (None, diagnostics),
    };
    let index = LineIndex::new(text);
    let mut diagnostics = Vec::new();
    let mut targets = Vec::new();
    let mut seen = std::collections::HashSet::new();
    for (i, t) in doc.target.iter().enumerate() {
        let path = format!("target[{i}]");
        let at = |offset: usize, path: String| index.location(file, offset, Some(path));
        if !seen.insert(t.id.get_ref().clone()) {
            diagnostics.push(Diagnostic::new(
                Code::DuplicateId,
                at(t.id.span().start, path.clone()),
                format!("mã `{}` bị trùng", t.id.get_ref()),
                format!("id `{}` is used twice", t.id.get_ref()),
            ));
        }
        let mut levels = Vec::new();
        for level in &t.levels {
            match crate::input::parse_level(rules, level.get_ref()) {
                Some(l) => levels.push(l),
                None => diagnostics.push(unknown_level(
                    rules,
                    level.get_ref(),
                    at(level.span().start, format!("{path}.levels")),
                )),
            }
        }
        let of = match &t.of {
            None => Denominator::Classified,
            Some(OfDoc::Named(name)) if name == "classified" => Denominator::Classified,
            Some(OfDoc::Named(name)) if name == "all" => Denominator::All,
            Some(OfDoc::Named(name)) => match crate::input::parse_level(rules, name) {
                Some(l) => Denominator::Levels(vec![l]),
                None => {
                    diagnostics.push(unknown_level(rules, name, at(t.id.span().start, format!("{path}.of"))));
                    Denominator::Classified
                }
            },
            Some(OfDoc::Levels(names)) => {
                let mut list = Vec::new();
                for name in names {
                    match crate::input::parse_level(rules, name) {
                        Some(l) => list.push(l),
                        None => {
                            diagnostics.push(unknown_level(rules, name, at(t.id.span().start, format!("{path}.of"))))
                        }
                    }
                }
                Denominator::Levels(list)
            }
        };
        for (inclusive, strict, name) in [(&t.min, &t.above, "min` và `above"), (&t.max, &t.below, "max` và `below")]
        {
            if let (Some(_), Some(second)) = (inclusive, strict) {
                let (vi, en) = name.split_once(" và ").unwrap_or((name, name));
                diagnostics.push(Diagnostic::new(
                    Code::TargetBounds,
                    at(second.span().start, path.clone()),
                    format!("chỉ tiêu chỉ có một trong `{vi}`, không cả hai"),
                    format!("a target has one of `{vi}` and `{en}`, not both"),
                ));
            }
        }
        let min_strict = t.min.is_none() && t.above.is_some();
        let max_strict = t.max.is_none() && t.below.is_some();
        let min = t.min.as_ref().or(t.above.as_ref()).map(|m| *m.get_ref());
        let max = t.max.as_ref().or(t.below.as_ref()).map(|m| *m.get_ref());
        let default_min =
            if t.kind == TargetKind::Progress && min.is_none() && max.is_none() { Some(Num::ONE) } else { None };
        if min.is_none() && max.is_none() && default_min.is_none() {
            diagnostics.push(Diagnostic::new(
                Code::TargetBounds,
                at(t.id.span().start, path.clone()),
                "chỉ tiêu cần `min`, `max`, `above` (trên) hoặc `below` (dưới)",
                "a target needs `min`, `max`, `above` or `below`",
            ));
        }
        if let (Some(lo), Some(hi)) = (min, max) {
            if lo > hi || (lo == hi && (min_strict || max_strict)) {
                let lower = t.min.as_ref().or(t.above.as_ref());
                diagnostics.push(Diagnostic::new(
                    Code::TargetBounds,
                    at(lower.map(|m| m.span().start).unwrap_or(0), format!("{path}.min")),
                    "cận dưới không nhỏ hơn cận trên: không giá trị nào đạt",
                    "the lower bound is not below the upper bound: no value can meet both",
                ));
            }
        }
        let needs = |what: &str, value: &Option<String>, diagnostics: &mut Vec<Diagnostic>| {
            if value.is_none() {
                diagnostics.push(Diagnostic::new(
                    Code::TargetFigure,
                    at(t.id.span().start, format!("{path}.{what}")),
                    format!("chỉ tiêu loại này cần `{what}`"),
                    format!("this kind of target needs `{what}`"),
                ));
            }
        };
        match t.kind {
            TargetKind::Share => {
                if levels.is_empty() && t.levels.is_empty() {
                    diagnostics.push(Diagnostic::new(
                        Code::TargetBounds,
                        at(t.id.span().start, format!("{path}.levels")),
                        "chỉ tiêu tỷ lệ cần `levels`",
                        "a share target needs `levels`",
                    ));
                }
            }
            TargetKind::Count => needs("figure", &t.figure, &mut diagnostics),
            TargetKind::Ratio => {
                needs("figure", &t.figure, &mut diagnostics);
                needs("plan", &t.plan, &mut diagnostics);
            }
            TargetKind::Progress => {
                needs("figure", &t.figure, &mut diagnostics);
                needs("total", &t.total, &mut diagnostics);
            }
        }
        let deadline = t.deadline.as_ref().and_then(|d| {
            let parsed = parse_date(d);
            if parsed.is_none() {
                diagnostics.push(Diagnostic::new(
                    Code::TargetFigure,
                    at(t.id.span().start, format!("{path}.deadline")),
                    format!("ngày \"{d}\" không hợp lệ; viết YYYY-MM-DD"),
                    format!("invalid date \"{d}\"; write YYYY-MM-DD"),
                ));
            }
            parsed
        });
        targets.push(Target {
            id: t.id.get_ref().clone(),
            name: t.name.clone(),
            kind: t.kind,
            population: t.population.unwrap_or(Population::Members),
            levels,
            of,
            figure: t.figure.clone(),
            plan: if t.kind == TargetKind::Progress { t.total.clone() } else { t.plan.clone() },
            deadline,
            min: min.or(default_min),
            max,
            min_strict,
            max_strict,
            source: t.source.clone(),
        });
    }
    if crate::diag::has_errors(&diagnostics) {
        return (None, diagnostics);
    }
    (Some(TargetSet { meta: doc.target_set, targets }), diagnostics)
}

fn unknown_level(rules: &RuleSet, name: &str, location: Location) -> Diagnostic {
    let ids: Vec<&str> = rules.levels.iter().map(|l| l.id.as_str()).collect();
    Diagnostic::new(
        Code::TargetUnknownLevel,
        location,
        format!("không có mức `{name}`; các mức: {}", ids.join(", ")),
        format!("there is no level `{name}`; the levels are: {}", ids.join(", ")),
    )
}

/// `YYYY-MM-DD` → (year, month, day), checked.
pub fn parse_date(text: &str) -> Option<(i32, u32, u32)> {
    let mut parts = text.trim().split('-');
    let year: i32 = parts.next()?.parse().ok()?;
    let month: u32 = parts.next()?.parse().ok()?;
    let day: u32 = parts.next()?.parse().ok()?;
    if parts.next().is_some() || !(1..=12).contains(&month) || day == 0 {
        return None;
    }
    let leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
    let days_in_month = [31, if leap { 29 } else { 28 }, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][month as usize - 1];
    (day <= days_in_month).then_some((year, month, day))
}

/// Days since 1970-01-01 (proleptic Gregorian), for counting days to a deadline.
pub fn days_from_civil((year, month, day): (i32, u32, u32)) -> i64 {
    let y = if month <= 2 { year - 1 } else { year } as i64;
    let era = if y >= 0 { y } else { y - 399 } / 400;
    let yoe = y - era * 400;
    let m = month as i64;
    let doy = (153 * (if m > 2 { m - 3 } else { m + 9 }) + 2) / 5 + day as i64 - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

// ----------------------------------------------------------------------------------------------------------------
// Figures.

/// The largest count accepted (a thousand billion): far above any real population, small enough that margins
/// computed from counts never overflow.
const MAX_COUNT: u64 = 1_000_000_000_000;

/// What targets are checked against.
#[derive(Clone, Debug, Default)]
pub struct Figures {
    pub as_of: Option<(i32, u32, u32)>,
    pub populations: BTreeMap<Population, Distribution>,
    pub values: BTreeMap<String, Num>,
    /// Reported percentages by target id, as written ("95,6%").
    pub reported: BTreeMap<String, String>,
    pub reported_ratios: Vec<(Text, Num, Num, String)>,
}

impl Figures {
    /// Populations from a classified roster (levels after the quota proposal).
    pub fn from_unit(result: &UnitResult) -> Figures {
        let mut populations = BTreeMap::new();
        populations.insert(Population::Members, result.member_distribution.clone());
        if result.org_distribution.total > 0 {
            populations.insert(Population::Organizations, result.org_distribution.clone());
        }
        if result.base_org_distribution.total > 0 {
            populations.insert(Population::BaseOrganizations, result.base_org_distribution.clone());
        }
        Figures { populations, ..Figures::default() }
    }

    /// Add what a committee typed beside a roster (figures, date, reported percentages) to the roster's counts.
    pub fn add_typed(&mut self, typed: Figures) {
        self.values = typed.values;
        self.as_of = typed.as_of;
        self.reported = typed.reported;
        self.reported_ratios = typed.reported_ratios;
    }

    /// Parse a figures file. Counts that contradict each other are reported.
    pub fn load(rules: &RuleSet, text: &str, file: Option<&str>) -> (Option<Figures>, Vec<Diagnostic>) {
        let doc: FiguresDoc = match crate::toml_doc::read_document(text, file) {
            Ok(doc) => doc,
            Err(diagnostics) => return (None, diagnostics),
        };
        let (figures, diagnostics) = Figures::from_doc(rules, &doc, text, file);
        (Some(figures), diagnostics)
    }

    /// Figures from a parsed document; `text` is the text its spans point into (a figures file, or a cases file
    /// that holds figures inline).
    pub fn from_doc(rules: &RuleSet, doc: &FiguresDoc, text: &str, file: Option<&str>) -> (Figures, Vec<Diagnostic>) {
        let index = LineIndex::new(text);
        let mut diagnostics = Vec::new();
        let mut figures = Figures::default();
        if let Some(date) = &doc.as_of {
            figures.as_of = parse_date(date);
            if figures.as_of.is_none() {
                diagnostics.push(Diagnostic::new(
                    Code::FiguresInconsistent,
                    Location::in_file(file),
                    format!("ngày \"{date}\" không hợp lệ; viết YYYY-MM-DD"),
                    format!("invalid date \"{date}\"; write YYYY-MM-DD"),
                ));
            }
        }
        for (population, counts) in &doc.population {
            let mut distribution = Distribution { levels: vec![0; rules.levels.len()], ..Distribution::default() };
            let mut stated_total: Option<(u64, usize)> = None;
            for (key, count) in counts {
                let mut value = *count.get_ref();
                if value > MAX_COUNT {
                    diagnostics.push(Diagnostic::new(
                        Code::FiguresInconsistent,
                        index.location(file, count.span().start, Some(format!("population.{key}"))),
                        format!("số {value} quá lớn cho một số đếm; coi là 0"),
                        format!("{value} is too large for a count; taken as 0"),
                    ));
                    value = 0;
                }
                match key.as_str() {
                    "not_classified" => distribution.not_classified = value,
                    "referred" => distribution.referred = value,
                    "total" => stated_total = Some((value, count.span().start)),
                    name => match crate::input::parse_level(rules, name) {
                        Some(level) => distribution.levels[level] = value,
                        None => diagnostics.push(unknown_level(
                            rules,
                            name,
                            index.location(file, count.span().start, Some(format!("population.{name}"))),
                        )),
                    },
                }
            }
            distribution.total = distribution.classified() + distribution.not_classified + distribution.referred;
            if let Some((total, offset)) = stated_total {
                if total != distribution.total {
                    diagnostics.push(Diagnostic::new(
                        Code::FiguresInconsistent,
                        index.location(file, offset, Some("total".into())),
                        format!("tổng {total} khác tổng các mức ({})", distribution.total),
                        format!("the total {total} differs from the sum of the levels ({})", distribution.total),
                    ));
                }
                distribution.total = distribution.total.max(total);
            }
            figures.populations.insert(*population, distribution);
        }
        for (name, value) in &doc.figures {
            if value.get_ref().is_negative() {
                diagnostics.push(Diagnostic::new(
                    Code::FiguresInconsistent,
                    index.location(file, value.span().start, Some(format!("figures.{name}"))),
                    format!("số liệu \"{name}\" âm"),
                    format!("figure \"{name}\" is negative"),
                ));
            }
            figures.values.insert(name.clone(), *value.get_ref());
        }
        for (target, text) in &doc.reported {
            figures.reported.insert(target.clone(), text.get_ref().clone());
        }
        for ratio in &doc.reported_ratio {
            figures.reported_ratios.push((
                ratio.name.clone(),
                ratio.part,
                ratio.whole,
                ratio.percent.get_ref().clone(),
            ));
        }
        (figures, diagnostics)
    }
}

// ----------------------------------------------------------------------------------------------------------------
// Checking.

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum TargetStatus {
    Pass,
    Fail,
    /// Not reached yet, but the deadline has not passed.
    Pending,
    /// The figures it needs were not given.
    NoData,
}

/// How far a target is from its bound, in units.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Margin {
    /// Positive: units still needed (below a minimum) or over (above a maximum). Zero or negative: spare.
    pub units: i64,
    pub text: Text,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct ReportedCheck {
    pub reported: String,
    pub computed: Num,
    pub matches: bool,
    pub text: Text,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct TargetResult {
    pub id: String,
    pub name: Text,
    pub status: TargetStatus,
    /// The share or ratio (a fraction), or the count.
    pub actual: Option<Num>,
    pub numerator: Option<Num>,
    pub denominator: Option<Num>,
    pub min: Option<Num>,
    pub max: Option<Num>,
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub min_strict: bool,
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub max_strict: bool,
    /// The bounds as written for people: "≥ 80%", "> 50%", "< 1%".
    pub bound: Text,
    pub percent: bool,
    pub margins: Vec<Margin>,
    pub summary: Text,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub reported: Option<ReportedCheck>,
    /// Share targets: subjects of the population referred to the competent level, counted apart. They are in no
    /// level, so never in the numerator nor in an `of = "classified"` or level-list denominator; `of = "all"`
    /// counts them in the whole.
    #[serde(skip_serializing_if = "is_zero")]
    pub referred: u64,
}

fn is_zero(count: &u64) -> bool {
    *count == 0
}

/// Check every target; `diagnostics` receives a warning for each reported percentage that does not match.
pub fn check(rules: &RuleSet, set: &TargetSet, figures: &Figures) -> (Vec<TargetResult>, Vec<Diagnostic>) {
    let mut results = Vec::new();
    let mut diagnostics = Vec::new();
    for target in &set.targets {
        let mut result = check_one(rules, target, figures);
        if let (Some(reported), Some(actual)) = (figures.reported.get(&target.id), result.actual) {
            let check = check_reported(reported, actual, result.percent);
            if !check.matches {
                diagnostics.push(Diagnostic::new(
                    Code::ReportedMismatch,
                    Location { path: Some(format!("reported.{}", target.id)), ..Location::default() },
                    check.text.vi.clone(),
                    check.text.get(Lang::En).to_string(),
                ));
            }
            result.reported = Some(check);
        }
        results.push(result);
    }
    for (name, part, whole, reported) in &figures.reported_ratios {
        let location = Location { path: Some(format!("reported_ratio.{}", name.vi)), ..Location::default() };
        // A part above its whole is fine for actual-against-plan (111%); a mismatch with the reported figure is
        // what gives it away, and that is checked below.
        if whole.is_zero() || whole.is_negative() || part.is_negative() {
            diagnostics.push(Diagnostic::new(
                Code::FiguresInconsistent,
                location.clone(),
                format!("\"{}\": tổng ({whole}) phải dương và phần ({part}) không âm", name.vi),
                format!(
                    "\"{}\": the whole ({whole}) must be positive and the part ({part}) not negative",
                    name.get(Lang::En)
                ),
            ));
            continue;
        }
        let actual = part.checked_div(*whole).unwrap_or(Num::ZERO);
        let check = check_reported(reported, actual, true);
        if !check.matches {
            diagnostics.push(Diagnostic::new(
                Code::ReportedMismatch,
                location,
                format!("\"{}\": {}", name.vi, check.text.vi),
                format!("\"{}\": {}", name.get(Lang::En), check.text.get(Lang::En)),
            ));
        }
    }
    (results, diagnostics)
}

/// A reported figure matches when it equals the computed value rounded, or cut, to the reported number of decimals.
fn check_reported(reported: &str, actual: Num, percent: bool) -> ReportedCheck {
    let computed = if percent { actual.checked_mul(Num::HUNDRED).unwrap_or(actual) } else { actual };
    let body = reported.trim().trim_end_matches('%').trim();
    let decimals = body.rfind([',', '.']).map(|i| body.len() - i - 1).unwrap_or(0) as u32;
    let show = |n: Num, lang| {
        if percent { format!("{}%", n.display(lang, decimals.max(2))) } else { n.display(lang, decimals.max(2)) }
    };
    match Num::parse(body) {
        Ok(value) => {
            let scale = Num::int(10i64.pow(decimals.min(9)));
            let truncated = computed
                .checked_mul(scale)
                .map(|n| Num::ratio(n.floor(), 1).unwrap_or(n))
                .and_then(|n| n.checked_div(scale))
                .unwrap_or(computed);
            let matches = value == computed.round_to(decimals) || value == truncated;
            let text = if matches {
                Text::new(
                    format!("số báo cáo {reported} khớp với số đếm ({})", show(computed, Lang::Vi)),
                    format!("reported {reported} matches the counts ({})", show(computed, Lang::En)),
                )
            } else {
                Text::new(
                    format!("số báo cáo {reported} không khớp với số đếm: tính ra {}", show(computed, Lang::Vi)),
                    format!("reported {reported} does not match the counts: they give {}", show(computed, Lang::En)),
                )
            };
            ReportedCheck { reported: reported.to_string(), computed, matches, text }
        }
        Err(_) => ReportedCheck {
            reported: reported.to_string(),
            computed,
            matches: false,
            text: Text::new(format!("\"{reported}\" không phải là số"), format!("\"{reported}\" is not a number")),
        },
    }
}

fn level_names(rules: &RuleSet, levels: &[usize]) -> String {
    levels.iter().map(|l| rules.levels[*l].short.as_str()).collect::<Vec<_>>().join(", ")
}

fn check_one(rules: &RuleSet, target: &Target, figures: &Figures) -> TargetResult {
    let mut result = TargetResult {
        id: target.id.clone(),
        name: target.name.clone(),
        status: TargetStatus::NoData,
        actual: None,
        numerator: None,
        denominator: None,
        min: target.min,
        max: target.max,
        min_strict: target.min_strict,
        max_strict: target.max_strict,
        bound: {
            let percent = target.kind != TargetKind::Count;
            let min = target.min.map(|m| (m, target.min_strict));
            let max = target.max.map(|m| (m, target.max_strict));
            Text::new(bound_text(min, max, percent, Lang::Vi), bound_text(min, max, percent, Lang::En))
        },
        percent: target.kind != TargetKind::Count,
        margins: Vec::new(),
        summary: Text::new("không có số liệu", "no figures"),
        reported: None,
        referred: 0,
    };
    match target.kind {
        TargetKind::Share => {
            let Some(distribution) = figures.populations.get(&target.population) else {
                let p = target.population.name();
                result.summary =
                    Text::new(format!("chưa có số liệu {}", p.vi), format!("no figures for {}", p.get(Lang::En)));
                return result;
            };
            result.referred = distribution.referred;
            let numerator: u64 = target.levels.iter().map(|l| distribution.levels.get(*l).copied().unwrap_or(0)).sum();
            let denominator_levels: Option<Vec<usize>> = match &target.of {
                Denominator::Classified => Some((0..rules.levels.len()).collect()),
                Denominator::All => None,
                Denominator::Levels(levels) => Some(levels.clone()),
            };
            let denominator: u64 = match &denominator_levels {
                Some(levels) => levels.iter().map(|l| distribution.levels.get(*l).copied().unwrap_or(0)).sum(),
                None => distribution.total,
            };
            result.numerator = Some(Num::int(numerator as i64));
            result.denominator = Some(Num::int(denominator as i64));
            if denominator == 0 {
                result.summary = Text::new("mẫu số bằng 0: không tính được tỷ lệ", "the denominator is zero: no share");
                return result;
            }
            let actual = Num::ratio(numerator as i64, denominator as i64).unwrap_or(Num::ZERO);
            result.actual = Some(actual);
            // Moving one unit into (or out of) the counted levels may also change the denominator.
            let in_denominator = |level: usize| denominator_levels.as_ref().is_none_or(|ls| ls.contains(&level));
            let lowest_counted = target.levels.iter().copied().max().unwrap_or(0);
            let below = (lowest_counted + 1).min(rules.lowest_level());
            let counted_in = in_denominator(lowest_counted) as i64;
            let below_in = in_denominator(below) as i64;
            let pop = target.population.name();
            let what = Text::new(
                format!("{} ở mức {}", pop.vi, level_names(rules, &target.levels)),
                format!("{} at {}", pop.get(Lang::En), level_names(rules, &target.levels)),
            );
            let mut pass = true;
            if let Some(min) = target.min {
                // Smallest x: (n + x) / (d + x·(counted_in − below_in)) ≥ min.
                let needed = smallest(
                    |x| {
                        let d = denominator as i64 + x * (counted_in - below_in);
                        d > 0
                            && Num::ratio(numerator as i64 + x, d).is_some_and(|s| meets_min(s, min, target.min_strict))
                    },
                    distribution.total as i64,
                );
                match needed {
                    Some(0) => {
                        let spare = largest_loss(
                            |x| {
                                let d = denominator as i64 - x * (counted_in - below_in);
                                d > 0
                                    && Num::ratio(numerator as i64 - x, d)
                                        .is_some_and(|s| meets_min(s, min, target.min_strict))
                            },
                            numerator as i64,
                        );
                        result.margins.push(margin(MarginWords::Spare(spare)));
                    }
                    Some(x) => {
                        pass = false;
                        result.margins.push(margin(MarginWords::Needed { count: x, what: Some(&what) }));
                    }
                    None => {
                        pass = false;
                        result.margins.push(margin(MarginWords::OutOfReach));
                    }
                }
            }
            if let Some(max) = target.max {
                // Smallest x: (n − x) / (d − x·(counted_in − below_in)) ≤ max.
                let over = smallest(
                    |x| {
                        let d = denominator as i64 - x * (counted_in - below_in);
                        d <= 0
                            || Num::ratio(numerator as i64 - x, d).is_some_and(|s| meets_max(s, max, target.max_strict))
                    },
                    numerator as i64,
                );
                match over {
                    Some(0) | None => {}
                    Some(x) => {
                        pass = false;
                        result.margins.push(margin(MarginWords::OverMax { count: x, what: Some(&pop) }));
                    }
                }
            }
            result.status = if pass { TargetStatus::Pass } else { TargetStatus::Fail };
            result.summary = Text::new(
                format!("{numerator}/{denominator} = {}", actual.display_percent(Lang::Vi, 2)),
                format!("{numerator}/{denominator} = {}", actual.display_percent(Lang::En, 2)),
            );
            if distribution.referred > 0 {
                let referred = distribution.referred;
                let (vi, en) = if denominator_levels.is_none() {
                    ("tính trong tổng số", "counted in the whole")
                } else {
                    ("không tính", "not counted")
                };
                result.summary = Text::new(
                    format!("{} ({referred} chờ cấp có thẩm quyền quyết định, {vi})", result.summary.vi),
                    format!("{} ({referred} for the competent level to decide, {en})", result.summary.get(Lang::En)),
                );
            }
        }
        TargetKind::Count => {
            let Some(value) = target.figure.as_ref().and_then(|f| figures.values.get(f)) else {
                result.summary = missing_figure(target.figure.as_deref());
                return result;
            };
            result.actual = Some(*value);
            let mut pass = true;
            if let Some(min) = target.min {
                if !meets_min(*value, min, target.min_strict) {
                    pass = false;
                    // Whole units to add: up to the bound, and one past it when the bound is strict.
                    let gap = min.checked_sub(*value).unwrap_or(Num::ZERO);
                    let x = if target.min_strict { gap.floor() + 1 } else { gap.ceil() };
                    result.margins.push(margin(MarginWords::Short(x)));
                } else {
                    let over = value.checked_sub(min).unwrap_or(Num::ZERO);
                    let spare = if target.min_strict { over.ceil() - 1 } else { over.floor() };
                    result.margins.push(margin(MarginWords::Above(spare)));
                }
            }
            if let Some(max) = target.max {
                if !meets_max(*value, max, target.max_strict) {
                    pass = false;
                    let over = value.checked_sub(max).unwrap_or(Num::ZERO);
                    let x = if target.max_strict { over.floor() + 1 } else { over.ceil() };
                    result.margins.push(margin(MarginWords::OverMax { count: x, what: None }));
                }
            }
            result.status = if pass { TargetStatus::Pass } else { TargetStatus::Fail };
            result.summary = Text::new(value.display(Lang::Vi, 2), value.display(Lang::En, 2));
        }
        TargetKind::Ratio | TargetKind::Progress => {
            let value = target.figure.as_ref().and_then(|f| figures.values.get(f));
            let plan = target.plan.as_ref().and_then(|f| figures.values.get(f));
            let (Some(value), Some(plan)) = (value, plan) else {
                result.summary =
                    missing_figure(if value.is_none() { target.figure.as_deref() } else { target.plan.as_deref() });
                return result;
            };
            result.numerator = Some(*value);
            result.denominator = Some(*plan);
            let Ok(actual) = value.checked_div(*plan) else {
                result.summary = Text::new("kế hoạch bằng 0: không tính được tỷ lệ", "the plan is zero: no ratio");
                return result;
            };
            result.actual = Some(actual);
            let mut pass = true;
            if let Some(min) = target.min {
                // The smallest whole count that meets the bound: min × plan rounded up, or the next whole number
                // above it when the bound is strict.
                let at_bound = min.checked_mul(*plan).unwrap_or(Num::ZERO);
                let first = if target.min_strict { at_bound.floor() + 1 } else { at_bound.ceil() };
                let needed = first.saturating_sub(value.floor());
                if !meets_min(actual, min, target.min_strict) {
                    pass = false;
                    result.margins.push(margin(MarginWords::Needed { count: needed, what: None }));
                } else {
                    result.margins.push(margin(MarginWords::MetAbove(-needed.min(0))));
                }
            }
            if let Some(max) = target.max {
                if !meets_max(actual, max, target.max_strict) {
                    pass = false;
                    // The largest whole count within the bound: max × plan rounded down, or the whole number just
                    // below it when the bound is strict.
                    let at_bound = max.checked_mul(*plan).unwrap_or(Num::ZERO);
                    let last = if target.max_strict { at_bound.ceil() - 1 } else { at_bound.floor() };
                    let x = value.floor().saturating_sub(last);
                    result.margins.push(margin(MarginWords::OverMax { count: x, what: None }));
                }
            }
            result.status = if pass { TargetStatus::Pass } else { TargetStatus::Fail };
            if target.kind == TargetKind::Progress && !pass {
                if let (Some(deadline), Some(today)) = (target.deadline, figures.as_of) {
                    let days = days_from_civil(deadline) - days_from_civil(today);
                    if days >= 0 {
                        result.status = TargetStatus::Pending;
                        result.margins.push(margin(MarginWords::DaysLeft { days, deadline }));
                    }
                }
            }
            result.summary = Text::new(
                format!(
                    "{}/{} = {}",
                    value.display(Lang::Vi, 2),
                    plan.display(Lang::Vi, 2),
                    actual.display_percent(Lang::Vi, 2)
                ),
                format!(
                    "{}/{} = {}",
                    value.display(Lang::En, 2),
                    plan.display(Lang::En, 2),
                    actual.display_percent(Lang::En, 2)
                ),
            );
        }
    }
    result
}

fn missing_figure(name: Option<&str>) -> Text {
    let name = name.unwrap_or("?");
    Text::new(format!("chưa có số liệu \"{name}\""), format!("figure \"{name}\" not given"))
}

/// The smallest `x` in `0..=limit` with `ok(x)`, for `ok` false then true as x grows.
fn smallest(ok: impl Fn(i64) -> bool, limit: i64) -> Option<i64> {
    if !ok(limit.max(0)) {
        return None;
    }
    let (mut low, mut high) = (0, limit.max(0));
    while low < high {
        let middle = low + (high - low) / 2;
        if ok(middle) {
            high = middle;
        } else {
            low = middle + 1;
        }
    }
    Some(low)
}

/// The largest `x` in `0..=limit` with `ok(x)`, for `ok` true then false as x grows (`ok(0)` holds).
fn largest_loss(ok: impl Fn(i64) -> bool, limit: i64) -> i64 {
    let (mut low, mut high) = (0, limit.max(0));
    while low < high {
        let middle = low + (high - low + 1) / 2;
        if ok(middle) {
            low = middle;
        } else {
            high = middle - 1;
        }
    }
    low
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates() {
        assert_eq!(parse_date("2026-02-29"), None);
        assert_eq!(parse_date("2028-02-29"), Some((2028, 2, 29)));
        assert_eq!(days_from_civil((1970, 1, 1)), 0);
        assert_eq!(days_from_civil((2026, 12, 31)) - days_from_civil((2026, 11, 23)), 38);
    }

    #[test]
    fn strict_bounds_are_read_and_checked_for_sense() {
        let rules = crate::builtin::load_default();
        let file = |bounds: &str| {
            format!(
                "[target_set]\nid = \"t\"\nname = \"t\"\n[[target]]\nid = \"a\"\nname = \"a\"\nkind = \"share\"\nlevels = [\"kht\"]\n{bounds}\n"
            )
        };
        let (set, _) = load_targets(&rules, &file("above = \"50%\"\nbelow = \"60%\""), None);
        let target = &set.expect("loads").targets[0];
        assert_eq!((target.min_strict, target.max_strict), (true, true));
        assert_eq!(
            bound_text(target.min.map(|m| (m, true)), target.max.map(|m| (m, true)), true, Lang::Vi),
            "> 50% và < 60%"
        );
        for bounds in
            ["min = \"50%\"\nabove = \"50%\"", "above = \"50%\"\nmax = \"50%\"", "min = \"50%\"\nbelow = \"50%\""]
        {
            let (set, diagnostics) = load_targets(&rules, &file(bounds), None);
            assert!(set.is_none(), "{bounds}");
            assert!(diagnostics.iter().any(|d| d.code == Code::TargetBounds), "{bounds}");
        }
        // An inclusive range of one value is allowed.
        assert!(load_targets(&rules, &file("min = \"50%\"\nmax = \"50%\""), None).0.is_some());
    }

    #[test]
    fn reported_percentages() {
        let actual = Num::ratio(934, 1300).unwrap(); // 71.846…%
        assert!(check_reported("71.85%", actual, true).matches);
        assert!(check_reported("71,84%", actual, true).matches); // cut rather than rounded
        assert!(!check_reported("72.85%", actual, true).matches);
        assert!(check_reported("72%", actual, true).matches);
    }
}
