//! The xeploai engine for other people's pages: the conversions behind the WebAssembly module that
//! `js/xeploai.js` wraps into a typed JavaScript API (and that the `<xeploai-calculator>` element uses).
//!
//! This layer holds no rules and makes no decisions: it turns JSON text into engine types, calls the engine, and
//! turns the engine's serializable results back into JSON text (camelCase, as the engine serializes them). Every
//! function is plain Rust, tested natively; [`wasm`] only exports them.
//!
//! - [`catalog_json`] — the bundled rule sets (id, names); only the default's text is in this module.
//! - [`Compiled::load`] — a rule set compiled from text (feature `compile`); errors are diagnostics.
//! - [`Compiled::load_default`] — the default rule set, packed at build time (no TOML read: the element's module).
//! - [`Compiled::info_json`], [`Compiled::facts_json`] — what a form needs: levels, subject kinds, facts.
//! - [`Compiled::evaluate_json`] — one subject: facts as typed → per-fact errors and the full explanation.
//! - [`Compiled::roster_json`] — a roster (members, optionally organizations): levels, quota, roll-up, targets.
//! - [`Compiled::targets_json`] — a target file against figures typed in.
#![forbid(unsafe_code)]
#![allow(clippy::result_large_err)]

use std::collections::BTreeMap;

use serde::Serialize;
use xeploai::decision::Basis;
use xeploai::diag::{Code, Diagnostic, Location};
use xeploai::explain::{Brief, Explanation, Trace};
use xeploai::input::{ReadOptions, TableKind};
use xeploai::pipeline::UnitRun;
use xeploai::ruleset::{Document, FactOrigin, RuleSet, SubjectKind};
use xeploai::targets::{Figures, TargetResult};
use xeploai::unit::{Distribution, QuotaStatus, Roster};
use xeploai::{Classifier, Num, Text, builtin};

pub mod wasm;

/// The default rule set compiled and packed by `build.rs` (`xeploai::pack`).
pub const DEFAULT_PACKED: &[u8] = include_bytes!(concat!(env!("OUT_DIR"), "/default.bin"));

/// A failure as the JS API throws it: every diagnostic, errors first (the first one names the error's code, line
/// and column), as JSON.
pub type Failure = String;

fn to_json<T: Serialize>(value: &T) -> String {
    // Serializing the engine's own types into a string cannot fail: they hold no maps with non-string keys.
    serde_json::to_string(value).unwrap_or_default()
}

fn failure(mut diagnostics: Vec<Diagnostic>) -> Failure {
    diagnostics.sort_by_key(|d| !d.is_error());
    to_json(&diagnostics)
}

fn problem(code: Code, vi: String, en: String) -> Failure {
    failure(vec![Diagnostic::new(code, Location::default(), vi, en)])
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct CatalogEntry {
    id: &'static str,
    name: Text,
    /// Its text is in the module (the others are files the portal serves, `rules/<id>.toml`).
    bundled: bool,
}

/// `[{"id", "name": {"vi", "en"}, "bundled"}]`, the default first.
/// Lists as the JS wrapper sends them (no JSON reader in this module): the ids of the lists given (even empty), then
/// one entry per cell: its list, its item (from 0), its field and its text. An item with no cell stays (empty), so
/// the engine notes it rather than losing count.
pub fn lists_from_cells(
    given: Vec<String>,
    cell_lists: Vec<String>,
    items: Vec<u32>,
    fields: Vec<String>,
    cells: Vec<String>,
) -> xeploai::lists::Lists {
    let mut lists: xeploai::lists::Lists = given.into_iter().map(|id| (id, Vec::new())).collect();
    for (((list, item), field), text) in cell_lists.into_iter().zip(items).zip(fields).zip(cells) {
        let entries = lists.entry(list).or_default();
        let index = item as usize;
        if entries.len() <= index {
            entries.resize_with(index + 1, BTreeMap::new);
        }
        entries[index].insert(field, text);
    }
    lists
}

pub fn catalog_json() -> String {
    let entries: Vec<CatalogEntry> = builtin::CATALOG
        .iter()
        .map(|e| CatalogEntry { id: e.id, name: Text::new(e.vi, e.en), bundled: e.id == builtin::DEFAULT })
        .collect();
    to_json(&entries)
}

/// A compiled rule set and the warnings its text gave.
pub struct Compiled {
    rules: RuleSet,
    warnings: Vec<Diagnostic>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct LevelInfo<'a> {
    id: &'a str,
    short: &'a str,
    name: &'a Text,
    #[serde(skip_serializing_if = "Option::is_none")]
    min_score: Option<Num>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Info<'a> {
    id: &'a str,
    name: &'a Text,
    #[serde(skip_serializing_if = "Option::is_none")]
    description: Option<&'a Text>,
    version: &'a str,
    official: bool,
    /// Best first.
    levels: Vec<LevelInfo<'a>>,
    subjects: &'a [SubjectKind],
    documents: &'a [Document],
    /// The lists a person can declare item by item (tasks, products), with their typed fields.
    #[serde(skip_serializing_if = "<[_]>::is_empty")]
    lists: &'a [xeploai::ruleset::ListDef],
    #[serde(skip_serializing_if = "Option::is_none")]
    score_max: Option<Num>,
    warnings: &'a [Diagnostic],
}

/// Why a typed value is not a value of its fact.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct FieldError {
    pub code: Code,
    pub message: Text,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Evaluation<'a> {
    /// The rule set and its version that produced the result, so a stored result can be traced to its rules.
    rule_set: &'a str,
    rule_set_version: &'a str,
    /// Per fact id: why its value was not used (the rest were).
    errors: BTreeMap<String, FieldError>,
    /// Per list item (list, item number from 1, field): why a cell was not used. Nothing is dropped silently.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    list_errors: Vec<xeploai::lists::ItemProblem>,
    explanation: Explanation,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct SubjectResult<'a> {
    id: &'a str,
    #[serde(skip_serializing_if = "str::is_empty")]
    name: &'a str,
    subject: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    org: Option<&'a str>,
    /// The level after the quota proposal (the level by the criteria is `level`).
    #[serde(skip_serializing_if = "Option::is_none")]
    proposed: Option<&'a str>,
    /// On a basis other than the computed one: the level the member counts at (her decision, else her cell's
    /// proposal, else `proposed`), as the distributions count her.
    #[serde(skip_serializing_if = "Option::is_none")]
    counted: Option<&'a str>,
    /// Referred to the competent level: the level the score and conditions give otherwise.
    #[serde(skip_serializing_if = "Option::is_none")]
    otherwise: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    score: Option<Num>,
    #[serde(flatten)]
    brief: Brief,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct RosterResult<'a> {
    rule_set: &'a str,
    rule_set_version: &'a str,
    members: Vec<SubjectResult<'a>>,
    organizations: Vec<SubjectResult<'a>>,
    /// Counts by level index (the order of `info().levels`), after the quota proposal.
    member_distribution: &'a Distribution,
    member_distribution_by_criteria: &'a Distribution,
    org_distribution: &'a Distribution,
    base_org_distribution: &'a Distribution,
    quotas: &'a [QuotaStatus],
    /// The levels the distributions, the quota and the roll-up count (`roster_json`'s `basis`).
    basis: BasisResult,
    #[serde(skip_serializing_if = "Option::is_none")]
    targets: Option<Vec<TargetResult>>,
    /// Cells that could not be read (by row and column; the rest of the row is kept), structure problems, and
    /// subjects whose facts contradict each other (`contradiction`, naming the row and the check).
    diagnostics: Vec<Diagnostic>,
}

/// The basis a roster was counted on, and how many members counted at an earlier step for want of a declared
/// level (a proposal, a decision).
#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct BasisResult {
    id: &'static str,
    name: Text,
    fallbacks: u64,
}

/// A roster's basis as the API takes it: none (or empty) is the computed levels.
fn parse_basis(basis: Option<&str>) -> Result<Basis, Failure> {
    match basis.map(str::trim).filter(|text| !text.is_empty()) {
        None => Ok(Basis::Computed),
        Some(text) => Basis::parse(text).ok_or_else(|| {
            failure(vec![Diagnostic::new(
                Code::InvalidValue,
                Location { path: Some("basis".into()), ..Location::default() },
                format!("\"{text}\" không phải cơ sở tính: computed (tính được), proposed (đề nghị) hay decided (quyết định)"),
                format!("\"{text}\" is not a basis: computed, proposed or decided"),
            )])
        }),
    }
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct TargetsResult {
    targets: Vec<TargetResult>,
    diagnostics: Vec<Diagnostic>,
}

impl Compiled {
    /// Compile rule-set text; `name` names the file in diagnostics. Fails with the diagnostics when the text has
    /// an error; warnings are kept for [`Compiled::info_json`].
    #[cfg(feature = "compile")]
    pub fn load(text: &str, name: &str) -> Result<Compiled, Failure> {
        let (rules, diagnostics) = xeploai::load(text, Some(name));
        match rules {
            Some(rules) => Ok(Compiled { rules, warnings: diagnostics }),
            None => Err(failure(diagnostics)),
        }
    }

    /// The bundled default rule set: in the element's module packed by `build.rs` (no TOML is read there); where
    /// the module compiles text anyway (feature `compile`), from the text, rather than carrying both.
    pub fn load_default() -> Compiled {
        #[cfg(not(feature = "compile"))]
        let rules = xeploai::pack::decode(DEFAULT_PACKED).expect("the packed default rule set reads back (tested)");
        #[cfg(feature = "compile")]
        let rules = builtin::load_default();
        Compiled { rules, warnings: Vec::new() }
    }

    pub fn rules(&self) -> &RuleSet {
        &self.rules
    }

    /// The rule set's id, names, levels (best first, with their minimum scores), subject kinds, documents, the
    /// maximum score and the warnings of its text.
    pub fn info_json(&self) -> String {
        let rules = &self.rules;
        let levels = rules
            .levels
            .iter()
            .map(|l| LevelInfo { id: &l.id, short: &l.short, name: &l.name, min_score: l.min_score })
            .collect();
        to_json(&Info {
            id: &rules.id,
            name: &rules.name,
            description: rules.description.as_ref(),
            version: &rules.version,
            official: rules.official,
            levels,
            subjects: &rules.subjects,
            documents: &rules.documents,
            lists: &rules.lists,
            score_max: rules.scoring.as_ref().map(|s| s.max),
            warnings: &self.warnings,
        })
    }

    fn kind(&self, subject: &str) -> Result<usize, Failure> {
        self.rules.subject_index(subject).ok_or_else(|| {
            let known: Vec<&str> = self.rules.subjects.iter().map(|s| s.id.as_str()).collect();
            problem(
                Code::UnknownSubject,
                format!("không có loại đối tượng \"{subject}\"; có: {}", known.join(", ")),
                format!("no subject kind \"{subject}\"; known: {}", known.join(", ")),
            )
        })
    }

    /// The facts a subject kind is assessed on and that can be given (typed in, or counts of an organization's
    /// members and sub-units), in the rule file's order, as the engine describes them: id, name, help, origin,
    /// type, unit, min, max, default, choices, group, aliases, used.
    pub fn facts_json(&self, subject: &str) -> Result<String, Failure> {
        let kind = self.kind(subject)?;
        let facts: Vec<_> =
            self.rules.facts.iter().filter(|f| f.applies_to(kind) && f.origin != FactOrigin::Derived).collect();
        Ok(to_json(&facts))
    }

    /// One subject: `facts` are pairs of fact id and the value as text (as typed or as a cell reads: `"89,5"`,
    /// `"30%"`, `"có"`, a choice's id or name). Values that are not valid are reported per fact and left out; the
    /// explanation says what is then missing. `target` is a registered level id (đăng ký phấn đấu). The pairs come
    /// as two lists rather than JSON so this module carries no JSON reader.
    ///
    /// `lists` (list id → items, each field id → text as typed) are the lists declared item by item: a list given,
    /// even empty, computes the facts it feeds (tasks on time, task points …) in place of typed counts; the
    /// explanation then names the deciding items, and `listErrors` says why a cell was not used.
    pub fn evaluate_json(
        &self,
        subject: &str,
        facts: impl IntoIterator<Item = (String, String)>,
        target: Option<&str>,
        lists: &xeploai::lists::Lists,
    ) -> Result<String, Failure> {
        let rules = &self.rules;
        let kind = self.kind(subject)?;
        let target = match target {
            Some(id) => Some(rules.level_index(id).ok_or_else(|| {
                problem(Code::UnknownLevel, format!("không có mức \"{id}\""), format!("no level \"{id}\""))
            })?),
            None => None,
        };
        let (mut row, fact_errors) = xeploai::input::typed_row(rules, kind, facts);
        let errors =
            fact_errors.into_iter().map(|e| (e.fact, FieldError { code: e.code, message: e.message })).collect();
        let (_, explanation, report) = xeploai::lists::explain(rules, kind, &mut row, lists, target);
        Ok(to_json(&Evaluation {
            rule_set: &rules.id,
            rule_set_version: &rules.version,
            errors,
            list_errors: report.problems,
            explanation,
        }))
    }

    /// A roster: `members` (and `orgs`, may be empty) are JSON arrays of objects as the engine reads them (`id`,
    /// `name`, `subject`, `org`, `taskGroup`, `target`, facts at the top level or under `facts`; organizations with
    /// `parent` and `base`). Members without a `subject` are of kind `default_subject`, organizations of the first collective kind. With `targets` (a target
    /// file's text) the targets are checked against the result. `basis` (`computed`, the default; `proposed`;
    /// `decided`, or their Vietnamese names) is the level each member counts at in the distribution, the quota and
    /// the organizations' roll-up, as the app's unit mode and `xeploai unit --basis` count: the members' declared
    /// levels are their `selfLevel`, `proposal` and `decision`.
    pub fn roster_json(
        &self,
        members: &str,
        orgs: &str,
        default_subject: &str,
        targets: Option<&str>,
        basis: Option<&str>,
    ) -> Result<String, Failure> {
        let rules = &self.rules;
        let kind = self.kind(default_subject)?;
        let basis = parse_basis(basis)?;
        // Organizations without a `subject` are of the first collective kind, as in the app's unit mode.
        let collective = rules.subjects.iter().position(|s| s.collective);
        let read = |text: &str, table: TableKind, file: &str| {
            let default_subject = if table == TableKind::Members { Some(kind) } else { collective };
            let options = ReadOptions { file: Some(file), kind: table, default_subject };
            xeploai::input::read_json(rules, if text.trim().is_empty() { "[]" } else { text }, &options)
        };
        let (member_table, mut diagnostics) = read(members, TableKind::Members, "members");
        let (org_table, org_diagnostics) = read(orgs, TableKind::Organizations, "orgs");
        diagnostics.extend(org_diagnostics);
        let target_set = targets.map(|text| self.load_targets(text)).transpose()?;
        let roster = Roster { members: member_table, orgs: org_table };
        let mut run = UnitRun::from_tables(rules, roster, (Some("members"), Some("orgs")), diagnostics);
        if basis != Basis::Computed {
            run.set_basis(rules, basis);
        }
        if let Some(set) = &target_set {
            run.check_targets(rules, set, None);
        }
        let UnitRun { roster, result, targets, diagnostics, .. } = run;
        let level_id = |level: u8| rules.levels.get(level as usize).map(|l| l.id.as_str());
        let mut classifier = Classifier::new(rules);
        let mut trace = Trace::default();
        // One result per member (`org` false) and per organization, the same way for both.
        let mut subject_result = |i: usize, org: bool| {
            let (record, values, proposed, score) = if org {
                (roster.orgs.record(i), result.org_rows.row_vec(i), result.orgs_proposed[i], result.orgs[i].score)
            } else {
                (
                    roster.members.record(i),
                    roster.members.row_vec(i),
                    result.proposed[i],
                    result.members.verdict(i).score,
                )
            };
            let verdict = classifier.trace(record.kind, &values, record.target, &mut trace);
            debug_assert_eq!(verdict.score, score);
            SubjectResult {
                id: record.id,
                name: record.name,
                subject: &rules.subjects[record.kind].id,
                org: record.org,
                proposed: level_id(proposed),
                counted: if org || basis == Basis::Computed { None } else { level_id(result.counted_level(i)) },
                otherwise: match verdict.outcome {
                    xeploai::Outcome::Referred { otherwise: Some(level), .. } => level_id(level),
                    _ => None,
                },
                score: score.known(),
                brief: trace.resolve_brief(rules),
            }
        };
        let member_results: Vec<_> = (0..roster.members.len()).map(|i| subject_result(i, false)).collect();
        let org_results: Vec<_> = (0..roster.orgs.len()).map(|i| subject_result(i, true)).collect();
        Ok(to_json(&RosterResult {
            rule_set: &rules.id,
            rule_set_version: &rules.version,
            members: member_results,
            organizations: org_results,
            member_distribution: &result.member_distribution,
            member_distribution_by_criteria: &result.member_distribution_by_criteria,
            org_distribution: &result.org_distribution,
            base_org_distribution: &result.base_org_distribution,
            quotas: &result.quotas,
            basis: BasisResult { id: basis.id(), name: basis.name(), fallbacks: result.basis_fallbacks },
            targets,
            diagnostics,
        }))
    }

    fn load_targets(&self, text: &str) -> Result<xeploai::targets::TargetSet, Failure> {
        let (set, diagnostics) = xeploai::targets::load_targets(&self.rules, text, Some("targets.toml"));
        set.ok_or_else(|| failure(diagnostics))
    }

    /// A target file's text against figures typed in as a committee reports them (the figures file format of
    /// `rules/README.md`, TOML: `[population.members] htxs = 31 …`, `[figures] admitted = 934 …`).
    pub fn targets_json(&self, targets: &str, figures: &str) -> Result<String, Failure> {
        let set = self.load_targets(targets)?;
        let (figures, mut diagnostics) = Figures::load(&self.rules, figures, Some("figures.toml"));
        let Some(figures) = figures else { return Err(failure(diagnostics)) };
        let (targets, check_diagnostics) = xeploai::targets::check(&self.rules, &set, &figures);
        diagnostics.extend(check_diagnostics);
        Ok(to_json(&TargetsResult { targets, diagnostics }))
    }
}

#[cfg(test)]
mod tests;
