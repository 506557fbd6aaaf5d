//! Cases files: every rule file carries worked examples beside it (`X.cases.toml` next to `X.toml`), and every
//! target file too. Running them is how a rule set proves it says what its authors meant, and how a person editing
//! a variant sees which of its cases broke.
//!
//! Individual cases give facts and the expected level (or not classified / incomplete), optionally what decided it
//! and what is missing for a target level. Unit cases give a roster as CSV and the expected quota statuses, proposed
//! levels and organization levels. Target cases give figures and the expected status, actual value and margin.

use std::collections::BTreeMap;

use crate::classify::Classifier;
use crate::diag::{Code, Diagnostic, LineIndex};
use crate::explain::{Explanation, ResultStatus};
use crate::num::Num;
use crate::pipeline::{UnitFiles, UnitRun};
use crate::ruleset::RuleSet;
use crate::targets::{Figures, FiguresDoc, TargetSet, TargetStatus};
use crate::toml_doc::{Fields, FromTable, Reader, Spanned, Value, words};
use crate::unit::NO_LEVEL;

#[derive(Debug)]
pub struct CasesDoc {
    pub case: Vec<CaseDoc>,
    pub unit_case: Vec<UnitCaseDoc>,
}

#[derive(Debug)]
pub struct CaseDoc {
    pub id: Spanned<String>,
    pub description: Option<String>,
    pub subject: String,
    pub facts: BTreeMap<String, Value>,
    /// A level id, `not_classified`, `referred`, `invalid` or `incomplete`.
    pub expect: String,
    /// For `referred`: the level the score and conditions give otherwise.
    pub otherwise: Option<String>,
    /// The rule that decided (a rule id), or `reached` / `below_bands`.
    pub decided_by: Option<String>,
    /// A registered target level, and the ids of what is expected to be missing for it (unmet band or
    /// conditions, and blocking cases).
    pub target: Option<String>,
    pub target_missing: Option<Vec<String>>,
    /// What is expected to be missing for the next level up.
    pub next_missing: Option<Vec<String>>,
    /// Keep the explanation as a golden file (`tests/snapshots`).
    pub snapshot: bool,
    /// Lists given item by item (list id → items, each field id → value); the facts they feed are computed.
    pub lists: BTreeMap<String, Vec<BTreeMap<String, Value>>>,
    /// Facts expected after the lists are applied (`{ task_points = 63.5 }`).
    pub computed: BTreeMap<String, Value>,
    /// Per rule id, the numbers of the list items expected to be named as deciding it.
    pub deciding: BTreeMap<String, Vec<u64>>,
    /// The problems of list items expected (`"list.item.field"`, `"list.item"` or `"list"`); any other is an error.
    pub list_problems: Vec<String>,
}

#[derive(Debug)]
pub struct UnitCaseDoc {
    pub id: Spanned<String>,
    pub description: Option<String>,
    pub members: String,
    pub orgs: Option<String>,
    pub expect: UnitExpectDoc,
}

#[derive(Debug)]
pub struct UnitExpectDoc {
    /// Proposed levels (after the quota proposal) by member id; `-` for none.
    pub levels: BTreeMap<String, String>,
    pub orgs: BTreeMap<String, String>,
    pub quota: Vec<QuotaExpectDoc>,
}

#[derive(Debug)]
pub struct QuotaExpectDoc {
    /// The quota's id, when a rule set has several (one for individuals, one for collectives).
    pub quota: Option<String>,
    /// The subject kind, when the quota counts each kind on its own.
    pub subject: Option<String>,
    pub scope: String,
    pub candidates: Option<u64>,
    pub good: Option<u64>,
    pub cap: Option<u64>,
    pub excess: Option<u64>,
    pub cap_after: Option<u64>,
    pub look_first: Option<Vec<String>>,
}

impl FromTable for CasesDoc {
    fn from_table(r: &mut Reader, f: &mut Fields) -> Option<CasesDoc> {
        let case = f.or_default(r, "case");
        let unit_case = f.or_default(r, "unit_case");
        Some(CasesDoc { case, unit_case })
    }
}

impl FromTable for CaseDoc {
    fn from_table(r: &mut Reader, f: &mut Fields) -> Option<CaseDoc> {
        let id = f.req(r, "id");
        let description = f.opt(r, "description");
        let subject = f.req(r, "subject");
        let facts = f.or_default(r, "facts");
        let expect = f.req(r, "expect");
        let otherwise = f.opt(r, "otherwise");
        let decided_by = f.opt(r, "decided_by");
        let target = f.opt(r, "target");
        let target_missing = f.opt(r, "target_missing");
        let next_missing = f.opt(r, "next_missing");
        let snapshot = f.or_default(r, "snapshot");
        let lists = f.or_default(r, "lists");
        let computed = f.or_default(r, "computed");
        let deciding = f.or_default(r, "deciding");
        let list_problems = f.or_default(r, "list_problems");
        match (id, subject, expect) {
            (Some(id), Some(subject), Some(expect)) => Some(CaseDoc {
                id,
                description,
                subject,
                facts,
                expect,
                otherwise,
                decided_by,
                target,
                target_missing,
                next_missing,
                snapshot,
                lists,
                computed,
                deciding,
                list_problems,
            }),
            _ => None,
        }
    }
}

impl FromTable for UnitCaseDoc {
    fn from_table(r: &mut Reader, f: &mut Fields) -> Option<UnitCaseDoc> {
        let id = f.req(r, "id");
        let description = f.opt(r, "description");
        let members = f.req(r, "members");
        let orgs = f.opt(r, "orgs");
        let expect = f.req(r, "expect");
        match (id, members, expect) {
            (Some(id), Some(members), Some(expect)) => Some(UnitCaseDoc { id, description, members, orgs, expect }),
            _ => None,
        }
    }
}

impl FromTable for UnitExpectDoc {
    fn from_table(r: &mut Reader, f: &mut Fields) -> Option<UnitExpectDoc> {
        let levels = f.or_default(r, "levels");
        let orgs = f.or_default(r, "orgs");
        let quota = f.or_default(r, "quota");
        Some(UnitExpectDoc { levels, orgs, quota })
    }
}

impl FromTable for QuotaExpectDoc {
    fn from_table(r: &mut Reader, f: &mut Fields) -> Option<QuotaExpectDoc> {
        let quota = f.opt(r, "quota");
        let subject = f.opt(r, "subject");
        let scope = f.req(r, "scope");
        let candidates = f.opt(r, "candidates");
        let good = f.opt(r, "good");
        let cap = f.opt(r, "cap");
        let excess = f.opt(r, "excess");
        let cap_after = f.opt(r, "cap_after");
        let look_first = f.opt(r, "look_first");
        Some(QuotaExpectDoc { quota, subject, scope: scope?, candidates, good, cap, excess, cap_after, look_first })
    }
}

/// The outcome of running a cases file.
#[derive(Debug, Default)]
pub struct CaseReport {
    pub passed: usize,
    pub failed: usize,
    /// One error per failed check, located at the case's id and naming the case.
    pub diagnostics: Vec<Diagnostic>,
    /// Explanations of the cases marked `snapshot = true`, by case id, in Vietnamese text and as JSON.
    pub snapshots: Vec<(String, Explanation)>,
}

/// Turn a case's facts into a row of values for `kind` (through [`crate::input::typed_row`], as typed facts); the
/// first fact that cannot be used is the error.
pub fn facts_row(rules: &RuleSet, kind: usize, facts: &BTreeMap<String, Value>) -> Result<Vec<Num>, String> {
    let mut texts = Vec::with_capacity(facts.len());
    for (name, value) in facts {
        let text = value_text(value).map_err(|kind| format!("fact `{name}`: unsupported value ({kind})"))?;
        texts.push((name.as_str(), text));
    }
    let (row, errors) = crate::input::typed_row(rules, kind, texts);
    match errors.first() {
        None => Ok(row),
        Some(error) => Err(format!("fact `{}`: {}", error.fact, error.message.get(crate::Lang::En))),
    }
}

/// A TOML value as the text a person would type.
fn value_text(value: &Value) -> Result<String, &'static str> {
    Ok(match value {
        Value::String(s) => s.clone(),
        Value::Integer(i) => i.to_string(),
        Value::Float(f) => crate::toml_doc::float_num(f).map_or_else(|| f.clone(), |n| n.to_string()),
        Value::Boolean(b) => b.to_string(),
        Value::Other(kind) => return Err(kind),
    })
}

/// A case's lists as typed text ([`crate::lists::Lists`]).
fn case_lists(case: &CaseDoc) -> Result<crate::lists::Lists, String> {
    let mut lists = crate::lists::Lists::new();
    for (id, items) in &case.lists {
        let mut typed = Vec::with_capacity(items.len());
        for item in items {
            let mut fields = BTreeMap::new();
            for (field, value) in item {
                let text = value_text(value).map_err(|kind| format!("list `{id}`, `{field}`: unsupported ({kind})"))?;
                fields.insert(field.clone(), text);
            }
            typed.push(fields);
        }
        lists.insert(id.clone(), typed);
    }
    Ok(lists)
}

/// Run a cases file against a rule set.
pub fn run_cases(rules: &RuleSet, text: &str, file: Option<&str>) -> CaseReport {
    let (doc, mut runner) = match CaseRunner::start::<CasesDoc>(text, file) {
        Ok(started) => started,
        Err(report) => return report,
    };
    let mut classifier = Classifier::new(rules);
    for case in &doc.case {
        let outcome = check_case(rules, &mut classifier, case, &mut runner.report.snapshots);
        runner.record("case", &case.id, outcome);
    }
    for case in &doc.unit_case {
        let outcome = run_unit_case(rules, case).outcome();
        runner.record("unit_case", &case.id, outcome);
    }
    runner.report
}

/// What one case gives: passed, or the code and the reasons it did not.
type CaseOutcome = Result<(), (Code, String)>;

/// The part every cases file shares: the file read (a file that cannot be read is one failure with its
/// diagnostics), then each case recorded as passed or failed, the failure located at the case's id and naming it.
struct CaseRunner<'a> {
    index: LineIndex<'a>,
    file: Option<&'a str>,
    report: CaseReport,
}

impl<'a> CaseRunner<'a> {
    fn start<D: FromTable>(text: &'a str, file: Option<&'a str>) -> Result<(D, CaseRunner<'a>), CaseReport> {
        match crate::toml_doc::read_document(text, file) {
            Ok(doc) => Ok((doc, CaseRunner { index: LineIndex::new(text), file, report: CaseReport::default() })),
            Err(diagnostics) => Err(CaseReport { failed: 1, diagnostics, ..CaseReport::default() }),
        }
    }

    fn record(&mut self, table: &str, id: &Spanned<String>, outcome: CaseOutcome) {
        match outcome {
            Ok(()) => self.report.passed += 1,
            Err((code, text)) => {
                self.report.failed += 1;
                let name = id.get_ref();
                let location = self.index.location(self.file, id.span().start, Some(format!("{table} {name}")));
                self.report.diagnostics.push(Diagnostic::new(
                    code,
                    location,
                    format!("trường hợp `{name}`: {text}"),
                    format!("case `{name}`: {text}"),
                ));
            }
        }
    }
}

/// One individual case: its facts classified and explained, checked against what it expects.
fn check_case(
    rules: &RuleSet,
    classifier: &mut Classifier,
    case: &CaseDoc,
    snapshots: &mut Vec<(String, Explanation)>,
) -> CaseOutcome {
    let Some(kind) = crate::input::parse_kind(rules, &case.subject) else {
        return Err((Code::CaseInvalid, format!("no subject kind `{}`", case.subject)));
    };
    let row = match facts_row(rules, kind, &case.facts) {
        Ok(row) => row,
        Err(message) => return Err((Code::CaseInvalid, message)),
    };
    let target = match &case.target {
        Some(name) => match crate::input::parse_level(rules, name) {
            Some(level) => Some(level),
            None => return Err((Code::CaseInvalid, format!("no level `{name}`"))),
        },
        None => None,
    };
    let mut row = row;
    let mut problems: Vec<String> = Vec::new();
    let (verdict, explanation) = if case.lists.is_empty() {
        classifier.explain(kind, &row, target)
    } else {
        let lists = case_lists(case).map_err(|message| (Code::CaseInvalid, message))?;
        let (verdict, explanation, report) = crate::lists::explain(rules, kind, &mut row, &lists, target);
        // An empty item is only noted; any other problem of an item means the case is written wrong, unless the
        // case expects it (`list_problems`).
        let mut expected_problems = case.list_problems.clone();
        for problem in report.problems.iter().filter(|p| !(p.code == Code::MissingValue && p.field.is_none())) {
            let mut at = problem.list.clone();
            if problem.item > 0 {
                at.push_str(&format!(".{}", problem.item));
            }
            if let Some(field) = &problem.field {
                at.push_str(&format!(".{field}"));
            }
            match expected_problems.iter().position(|e| *e == at) {
                Some(found) => {
                    expected_problems.remove(found);
                }
                None => {
                    let message = problem.message.get(crate::Lang::En);
                    return Err((Code::CaseInvalid, format!("{at}: {message}")));
                }
            }
        }
        if !expected_problems.is_empty() {
            problems.push(format!("expected list problems {expected_problems:?}, not found"));
        }
        (verdict, explanation)
    };
    for (id, value) in &case.computed {
        let Some(slot) = rules.fact_slot(id) else { return Err((Code::CaseInvalid, format!("no fact `{id}`"))) };
        let text = value_text(value).map_err(|kind| (Code::CaseInvalid, format!("`{id}`: unsupported ({kind})")))?;
        let expected = crate::input::parse_value(rules, rules.fact(slot), &text)
            .ok()
            .flatten()
            .ok_or_else(|| (Code::CaseInvalid, format!("`{id}`: \"{text}\" is not a value of the fact")))?;
        let actual = row[slot as usize];
        if actual.is_missing() || actual != expected {
            let shown = if actual.is_missing() { "empty".to_string() } else { actual.to_string() };
            problems.push(format!("expected {id} = {expected}, computed {shown}"));
        }
    }
    for (rule, expected) in &case.deciding {
        let actual: Vec<u64> = explanation
            .findings
            .iter()
            .filter(|f| f.rule == *rule)
            .flat_map(|f| f.items.iter().map(|i| i.index as u64))
            .collect();
        if &actual != expected {
            problems.push(format!("expected items {expected:?} to decide {rule}, got {actual:?}"));
        }
    }
    let fast = classifier.classify(kind, &row);
    if fast != verdict {
        problems.push("the fast path and the explanation disagree".into());
    }
    let got = match explanation.status {
        ResultStatus::Classified => explanation.level.clone().unwrap_or_default(),
        ResultStatus::NotClassified => "not_classified".into(),
        ResultStatus::Referred => "referred".into(),
        ResultStatus::Invalid => "invalid".into(),
        ResultStatus::Incomplete => "incomplete".into(),
        ResultStatus::Failed => "failed".into(),
    };
    let expected = match crate::input::parse_level(rules, &case.expect) {
        Some(level) => rules.levels[level].id.clone(),
        None => case.expect.clone(),
    };
    if got != expected {
        problems
            .push(format!("expected {expected}, got {got} ({})", explanation.decided_by.summary.get(crate::Lang::En)));
    }
    if let Some(name) = &case.otherwise {
        let Some(level) = crate::input::parse_level(rules, name) else {
            return Err((Code::CaseInvalid, format!("no level `{name}`")));
        };
        let expected = &rules.levels[level].id;
        let actual = explanation.referral.as_ref().and_then(|r| r.otherwise.clone());
        if actual.as_ref() != Some(expected) {
            problems.push(format!(
                "expected otherwise {expected}, got {}",
                actual.unwrap_or_else(|| "no level otherwise".into())
            ));
        }
    }
    if let Some(decided_by) = &case.decided_by {
        let actual = explanation.decided_by.rule.clone().unwrap_or_else(|| {
            serde_json::to_value(explanation.decided_by.kind)
                .ok()
                .and_then(|v| v.as_str().map(str::to_string))
                .unwrap_or_default()
        });
        if &actual != decided_by {
            problems.push(format!("expected decided by {decided_by}, got {actual}"));
        }
    }
    let ids = |gap: &Option<crate::explain::Gap>| -> Vec<String> {
        let mut ids: Vec<String> =
            gap.iter().flat_map(|g| g.blockers.iter().chain(&g.unmet)).map(|f| f.rule.clone()).collect();
        ids.sort();
        ids
    };
    let gaps = [
        (&case.target_missing, &explanation.target, "the target"),
        (&case.next_missing, &explanation.next_level, "the next level"),
    ];
    for (expected, gap, what) in gaps {
        let Some(expected) = expected else { continue };
        let mut expected = expected.clone();
        expected.sort();
        let actual = ids(gap);
        if actual != expected {
            problems.push(format!(
                "expected missing for {what} [{}], got [{}]",
                expected.join(", "),
                actual.join(", ")
            ));
        }
    }
    if case.snapshot {
        snapshots.push((case.id.get_ref().clone(), explanation));
    }
    if problems.is_empty() { Ok(()) } else { Err((Code::CaseFailed, problems.join("; "))) }
}

/// What a unit case found wrong, in order, and whether any of it is a fault of the case's own input (a roster that
/// cannot be read, a member or organization it names that is not there) rather than a result other than expected.
/// The fault is a value beside the texts, so the diagnostic's code never depends on how a message is worded.
#[derive(Debug, Default)]
struct UnitProblems {
    texts: Vec<String>,
    input_fault: bool,
}

impl UnitProblems {
    /// A problem with the case's input: the case is invalid (`Code::CaseInvalid`), whatever else it finds.
    fn input(&mut self, text: String) {
        self.input_fault = true;
        self.texts.push(format!("input: {text}"));
    }

    /// A result other than the case expects (`Code::CaseFailed`).
    fn mismatch(&mut self, text: String) {
        self.texts.push(text);
    }

    fn outcome(self) -> CaseOutcome {
        if self.texts.is_empty() {
            return Ok(());
        }
        let code = if self.input_fault { Code::CaseInvalid } else { Code::CaseFailed };
        Err((code, self.texts.join("; ")))
    }
}

/// One unit case: its roster run through the unit pipeline, checked against the levels and quotas it expects.
fn run_unit_case(rules: &RuleSet, case: &UnitCaseDoc) -> UnitProblems {
    let mut problems = UnitProblems::default();
    let files = UnitFiles {
        members: (&case.members, Some("members")),
        orgs: case.orgs.as_deref().map(|text| (text, Some("orgs"))),
        ..UnitFiles::default()
    };
    // Without a target file the run cannot fail.
    let Ok(run) = UnitRun::new(rules, &files) else {
        problems.input("the unit could not be run".into());
        return problems;
    };
    // Cells and rows that could not be read are problems of the case; the roster's structure and contradicting
    // rows are part of what it checks (through the levels).
    for d in run.diagnostics[..run.reading].iter().filter(|d| d.is_error()) {
        problems.input(d.render(crate::Lang::En));
    }
    let (roster, result) = (&run.roster, &run.result);
    let level_name =
        |level: u8| if level == NO_LEVEL { "-".to_string() } else { rules.levels[level as usize].id.clone() };
    for (member, expected) in &case.expect.levels {
        match roster.members.records().position(|r| r.id == member) {
            Some(i) => {
                let got = level_name(result.proposed[i]);
                if &got != expected {
                    problems.mismatch(format!("member {member}: expected {expected}, got {got}"));
                }
            }
            None => problems.input(format!("no member {member}")),
        }
    }
    for (org, expected) in &case.expect.orgs {
        match roster.orgs.records().position(|r| r.id == org) {
            Some(i) => {
                let got = level_name(result.orgs_proposed[i]);
                if &got != expected {
                    problems.mismatch(format!("organization {org}: expected {expected}, got {got}"));
                }
            }
            None => problems.input(format!("no organization {org}")),
        }
    }
    for expected in &case.expect.quota {
        let Some(status) = result.quotas.iter().find(|q| {
            q.scope_id == expected.scope
                && expected.quota.as_ref().is_none_or(|id| &q.quota == id)
                && expected.subject.as_ref().is_none_or(|kind| q.subject.as_ref() == Some(kind))
        }) else {
            problems.mismatch(format!("no quota status for scope {}", expected.scope));
            continue;
        };
        let mut check = |name: &str, want: Option<u64>, got: u64| {
            if let Some(want) = want {
                if want != got {
                    problems.mismatch(format!("quota {}: {name} expected {want}, got {got}", expected.scope));
                }
            }
        };
        check("candidates", expected.candidates, status.counts.candidates);
        check("good", expected.good, status.counts.good);
        check("cap", expected.cap, status.resolution.cap);
        check("excess", expected.excess, status.resolution.excess);
        check("cap_after", expected.cap_after, status.resolution.cap_after);
        if let Some(look_first) = &expected.look_first {
            if look_first != &status.look_first {
                problems.mismatch(format!(
                    "quota {}: look first expected [{}], got [{}]",
                    expected.scope,
                    look_first.join(", "),
                    status.look_first.join(", ")
                ));
            }
        }
    }
    problems
}

// ----------------------------------------------------------------------------------------------------------------
// Target cases.

#[derive(Debug)]
pub struct TargetCasesDoc {
    pub case: Vec<TargetCaseDoc>,
}

#[derive(Debug)]
pub struct TargetCaseDoc {
    pub id: Spanned<String>,
    pub description: Option<String>,
    pub figures: FiguresDoc,
    pub expect: Vec<TargetExpectDoc>,
    /// Codes of the diagnostics expected (reported mismatches and such), in order.
    pub diagnostics: Vec<String>,
}

#[derive(Debug)]
pub struct TargetExpectDoc {
    pub target: String,
    pub status: TargetStatus,
    /// The actual value: a percentage ("95.6%") or a number; compared exactly after rounding to the digits given.
    pub actual: Option<String>,
    /// The first margin's units: needed (positive) or spare (negative).
    pub margin: Option<i64>,
    pub reported_matches: Option<bool>,
}

impl FromTable for TargetCasesDoc {
    fn from_table(r: &mut Reader, f: &mut Fields) -> Option<TargetCasesDoc> {
        Some(TargetCasesDoc { case: f.or_default(r, "case") })
    }
}

impl FromTable for TargetCaseDoc {
    fn from_table(r: &mut Reader, f: &mut Fields) -> Option<TargetCaseDoc> {
        let id = f.req(r, "id");
        let description = f.opt(r, "description");
        let figures = f.req(r, "figures");
        let expect = f.req(r, "expect");
        let diagnostics = f.or_default(r, "diagnostics");
        match (id, figures, expect) {
            (Some(id), Some(figures), Some(expect)) => {
                Some(TargetCaseDoc { id, description, figures, expect, diagnostics })
            }
            _ => None,
        }
    }
}

words!(TargetStatus {
    "pass" => TargetStatus::Pass,
    "fail" => TargetStatus::Fail,
    "pending" => TargetStatus::Pending,
    "no_data" => TargetStatus::NoData,
});

impl FromTable for TargetExpectDoc {
    fn from_table(r: &mut Reader, f: &mut Fields) -> Option<TargetExpectDoc> {
        let target = f.req(r, "target");
        let status = f.req(r, "status");
        let actual = f.opt(r, "actual");
        let margin = f.opt(r, "margin");
        let reported_matches = f.opt(r, "reported_matches");
        match (target, status) {
            (Some(target), Some(status)) => Some(TargetExpectDoc { target, status, actual, margin, reported_matches }),
            _ => None,
        }
    }
}

pub fn run_target_cases(rules: &RuleSet, set: &TargetSet, text: &str, file: Option<&str>) -> CaseReport {
    let (doc, mut runner) = match CaseRunner::start::<TargetCasesDoc>(text, file) {
        Ok(started) => started,
        Err(report) => return report,
    };
    for case in &doc.case {
        let (figures, mut diagnostics) = Figures::from_doc(rules, &case.figures, text, file);
        let (results, more) = crate::targets::check(rules, set, &figures);
        diagnostics.extend(more);
        let mut problems = Vec::new();
        for expected in &case.expect {
            let Some(result) = results.iter().find(|r| r.id == expected.target) else {
                problems.push(format!("no target {}", expected.target));
                continue;
            };
            if result.status != expected.status {
                problems.push(format!(
                    "{}: expected {:?}, got {:?} ({})",
                    expected.target,
                    expected.status,
                    result.status,
                    result.summary.get(crate::Lang::En)
                ));
            }
            if let Some(actual) = &expected.actual {
                let percent = actual.trim().ends_with('%');
                let want = Num::parse(actual.trim().trim_end_matches('%'));
                let decimals = actual
                    .trim()
                    .trim_end_matches('%')
                    .rfind(['.', ','])
                    .map(|i| actual.trim().trim_end_matches('%').len() - i - 1)
                    .unwrap_or(0) as u32;
                let got = result
                    .actual
                    .map(|a| if percent { a.checked_mul(Num::HUNDRED).unwrap_or(a) } else { a })
                    .map(|a| a.round_to(decimals));
                if want.ok() != got {
                    problems.push(format!(
                        "{}: expected actual {actual}, got {}",
                        expected.target,
                        got.map(|g| g.to_string()).unwrap_or_else(|| "none".into())
                    ));
                }
            }
            if let Some(margin) = expected.margin {
                let got = result.margins.first().map(|m| m.units);
                if got != Some(margin) {
                    problems.push(format!("{}: expected margin {margin}, got {got:?}", expected.target));
                }
            }
            if let Some(matches) = expected.reported_matches {
                let got = result.reported.as_ref().map(|r| r.matches);
                if got != Some(matches) {
                    problems.push(format!("{}: expected reported match {matches}, got {got:?}", expected.target));
                }
            }
        }
        let codes: Vec<String> = diagnostics.iter().map(|d| d.code.as_str().to_string()).collect();
        if codes != case.diagnostics {
            problems.push(format!(
                "expected diagnostics [{}], got [{}]",
                case.diagnostics.join(", "),
                codes.join(", ")
            ));
        }
        let outcome = if problems.is_empty() { Ok(()) } else { Err((Code::CaseFailed, problems.join("; "))) };
        runner.record("case", &case.id, outcome);
    }
    runner.report
}

// ----------------------------------------------------------------------------------------------------------------
// A rule or target file with its cases.

/// A target file (it has a `[target_set]` table), rather than a rule set.
pub fn is_target_file(text: &str) -> bool {
    text.lines().any(|l| l.trim() == "[target_set]")
}

/// What checking a rule or target file gives.
#[derive(Debug)]
pub struct FileCheck {
    /// The file's own diagnostics (compiling it).
    pub diagnostics: Vec<Diagnostic>,
    /// The rule set the file compiled to, or the one its targets were read against.
    pub rules: Option<RuleSet>,
    /// Its cases' report, when the file compiled and a cases file was given.
    pub report: Option<CaseReport>,
}

/// Compile a rule file, or read a target file against the rule set `rules_for_targets` gives, and run the cases
/// file beside it when there is one (`cases`: its text and name); an overlay finds its base through `bases`. `Err` only when `rules_for_targets` fails.
pub fn check_file(
    text: &str,
    name: &str,
    cases: Option<(&str, &str)>,
    bases: crate::overlay::Bases,
    rules_for_targets: impl FnOnce() -> Result<RuleSet, Vec<Diagnostic>>,
) -> Result<FileCheck, Vec<Diagnostic>> {
    if is_target_file(text) {
        let rules = rules_for_targets()?;
        let (set, diagnostics) = crate::targets::load_targets(&rules, text, Some(name));
        let report = match (&set, cases) {
            (Some(set), Some((cases, cases_name))) => Some(run_target_cases(&rules, set, cases, Some(cases_name))),
            _ => None,
        };
        return Ok(FileCheck { diagnostics, rules: Some(rules), report });
    }
    let (rules, diagnostics) = crate::ruleset::load_with(text, Some(name), bases);
    let report = match (&rules, cases) {
        (Some(rules), Some((cases, cases_name))) => Some(run_cases(rules, cases, Some(cases_name))),
        _ => None,
    };
    Ok(FileCheck { diagnostics, rules, report })
}
