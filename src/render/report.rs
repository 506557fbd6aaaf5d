//! The report of a classified unit for export: sheets of cells (text or numbers) that the CLI writes as CSV files
//! and the web app as CSV or an XLSX workbook. One export path: every rendering of a unit's results for a
//! spreadsheet starts here.
//!
//! [`unit_report`] gives, in the chosen language: members (level by the criteria, level proposed after the quota,
//! the key reasons), organizations, distributions, the quota per scope, and the targets when checked.
//! [`sheet_csv`] renders one sheet as CSV (UTF-8 with BOM, like [`crate::render::csv`]); [`sheets_json`] renders
//! them all as `[{"name": …, "headers": […], "rows": [[…]]}]`, numbers as JSON numbers, for the XLSX writer.

use std::collections::HashMap;

use serde::Serialize;

use crate::classify::{Classifier, Outcome, Verdict};
use crate::explain::{Brief, Trace};
use crate::lang::Lang;
use crate::num::Num;
use crate::render::targets;
use crate::ruleset::RuleSet;
use crate::targets::TargetResult;
use crate::unit::{NO_LEVEL, QuotaStatus, Roster, Unit, UnitResult};

/// One cell: text, or a number a spreadsheet can compute with.
#[derive(Clone, Debug, PartialEq)]
pub enum Cell {
    Text(String),
    Number(f64),
}

impl Cell {
    /// The cell as CSV shows it: numbers with `.` and no grouping (`89.5`), whatever the language.
    pub fn text(&self) -> String {
        match self {
            Cell::Text(text) => text.clone(),
            Cell::Number(x) if x.is_finite() => x.to_string(),
            Cell::Number(_) => String::new(),
        }
    }
}

impl Serialize for Cell {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        match self {
            Cell::Text(text) => serializer.serialize_str(text),
            Cell::Number(x) if x.is_finite() => serializer.serialize_f64(*x),
            Cell::Number(_) => serializer.serialize_none(),
        }
    }
}

impl From<&str> for Cell {
    fn from(text: &str) -> Cell {
        Cell::Text(text.to_string())
    }
}

impl From<String> for Cell {
    fn from(text: String) -> Cell {
        Cell::Text(text)
    }
}

/// A number, or an empty cell when there is none.
fn number(value: Option<Num>) -> Cell {
    match value.and_then(Num::known) {
        Some(value) => Cell::Number(value.to_f64()),
        None => Cell::Text(String::new()),
    }
}

fn count(value: u64) -> Cell {
    Cell::Number(value as f64)
}

/// One sheet of the report: a name (in the report's language), a header row, and rows of cells.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Sheet {
    pub name: String,
    pub headers: Vec<String>,
    pub rows: Vec<Vec<Cell>>,
}

impl Sheet {
    fn new(name: &str, headers: &[&str]) -> Sheet {
        Sheet { name: name.to_string(), headers: headers.iter().map(|h| h.to_string()).collect(), rows: Vec::new() }
    }

    /// A file name for the sheet: its name folded to ASCII, words joined by `-` (`Đảng viên` → `dang-vien`).
    pub fn file_stem(&self) -> String {
        crate::input::fold(&self.name).replace(' ', "-")
    }
}

/// The sheet as a text table under its name in capitals and its number of rows.
pub fn sheet_text(sheet: &Sheet) -> String {
    let rows: Vec<Vec<String>> = sheet.rows.iter().map(|row| row.iter().map(Cell::text).collect()).collect();
    format!("{} ({})\n{}", sheet.name.to_uppercase(), sheet.rows.len(), super::table(&sheet.headers, &rows))
}

/// The sheet as CSV text: comma separated, quoted where needed, UTF-8 with a BOM so spreadsheet programs read
/// Vietnamese correctly. Numbers are written with `.` (`89.5`).
pub fn sheet_csv(sheet: &Sheet) -> String {
    let rows: Vec<Vec<String>> = sheet.rows.iter().map(|row| row.iter().map(Cell::text).collect()).collect();
    crate::render::csv(&sheet.headers, &rows)
}

/// Every sheet as JSON: `[{"name": …, "headers": […], "rows": [[…]]}]`, numbers as JSON numbers.
pub fn sheets_json(sheets: &[Sheet]) -> String {
    serde_json::to_string(sheets).unwrap_or_else(|_| "[]".to_string())
}

/// The report of a classified unit: members (always the first sheet), organizations (when the roster has them),
/// distribution, quota (when any scope has candidates) and targets (when checked), in `lang`.
///
/// The key reasons come from the explanation of each subject ([`Classifier::trace`], then
/// [`Trace::resolve_brief`]: the same decision and gap as [`Trace::resolve`], without resolving every other
/// check): what decided, and what is missing for the next level up; a level proposed below the criteria by the
/// quota names the scope.
/// decide: the members' row of the distribution, named by its basis ("Đảng viên (đề xuất)" on the computed levels).
fn members_label(result: &UnitResult, lang: Lang) -> String {
    use crate::decision::Basis;
    match result.basis {
        Basis::Computed => lang.pick("Đảng viên (đề xuất)", "Members (proposed)").to_string(),
        basis => {
            let fallbacks = match result.basis_fallbacks {
                0 => String::new(),
                n => format!("; {n} {}", lang.pick("người tính theo bước trước", "counted at the earlier step")),
            };
            format!("{} ({}{fallbacks})", lang.pick("Đảng viên", "Members"), basis.name().get(lang))
        }
    }
}

/// decide: the members sheet's columns of the declared levels (self-proposed, the cell's proposal, the decision)
/// and of their differences from the computed level with reasons ([`crate::decision::differences`]); only when the
/// roster declares them.
fn declared_columns(rules: &RuleSet, roster: &Roster, result: &UnitResult, sheet: &mut Sheet, lang: Lang) {
    use crate::decision::Stage;
    if roster.members.declared.is_empty() {
        return;
    }
    let differences = crate::decision::differences(rules, roster, result);
    sheet.headers.extend(Stage::ALL.iter().map(|s| s.header().get(lang).to_string()));
    sheet.headers.push(lang.pick("Khác mức tính được", "Differs from the computed level").to_string());
    let level = |l: u8| rules.levels.get(l as usize).map_or(String::new(), |l| l.short.clone());
    let records = roster.members.len();
    for (i, row) in sheet.rows.iter_mut().enumerate() {
        let declared = if i < records { roster.members.declared(i) } else { Default::default() };
        row.extend(Stage::ALL.iter().map(|s| Cell::from(level(declared.at(*s)))));
        let why: Vec<&str> = differences.iter().filter(|d| d.member == i).map(|d| d.reason.get(lang)).collect();
        row.push(Cell::from(why.join("; ")));
    }
}

pub fn unit_report(
    rules: &RuleSet,
    roster: &Roster,
    result: &UnitResult,
    targets: Option<&[TargetResult]>,
    lang: Lang,
) -> Vec<Sheet> {
    unit_report_for_year(rules, roster, result, targets, None, lang)
}

/// [`unit_report`] for the reviews of `year`: the members and organizations sheets record, on every row, the rule
/// set, its version and the review year, so a printed or exported result can be traced to the rules behind it.
pub fn unit_report_for_year(
    rules: &RuleSet,
    roster: &Roster,
    result: &UnitResult,
    targets: Option<&[TargetResult]>,
    year: Option<i32>,
    lang: Lang,
) -> Vec<Sheet> {
    let mut sheets = vec![members_sheet(rules, roster, result, year, lang)];
    if !roster.orgs.is_empty() {
        sheets.push(orgs_sheet(rules, roster, result, year, lang));
    }
    sheets.push(distribution_sheet(rules, roster, result, lang));
    sheets.push(super::summary::summary_sheet(rules, roster, result, lang));
    if !result.quotas.is_empty() {
        sheets.push(quota_sheet(rules, result, lang));
    }
    if let Some(targets) = targets {
        sheets.push(targets_sheet(targets, lang));
    }
    sheets
}

/// The rule set and review year behind a result, as people read it: "Bộ quy tắc qd366-2025, phiên bản 2025.1 · năm
/// đánh giá 2026" (the year part only when given).
pub fn review_line(rules: &RuleSet, year: Option<i32>, lang: Lang) -> String {
    let mut line = format!(
        "{} {}, {} {}",
        lang.pick("Bộ quy tắc", "Rule set"),
        rules.id,
        lang.pick("phiên bản", "version"),
        rules.version
    );
    if let Some(year) = year {
        line.push_str(&format!(" · {} {year}", lang.pick("năm đánh giá", "review year")));
    }
    line
}

/// The three columns every exported row ends with: the rule set, its version, the review year.
pub fn review_headers(lang: Lang) -> [&'static str; 3] {
    [lang.pick("Bộ quy tắc", "Rule set"), lang.pick("Phiên bản", "Version"), lang.pick("Năm đánh giá", "Review year")]
}

fn review_cells(rules: &RuleSet, year: Option<i32>) -> [Cell; 3] {
    [
        rules.id.as_str().into(),
        rules.version.as_str().into(),
        year.map_or(Cell::Text(String::new()), |y| Cell::Number(y as f64)),
    ]
}

/// A level for people: its short name, or why there is none.
fn level_text(rules: &RuleSet, verdict: &Verdict, level: u8, lang: Lang) -> String {
    if level != NO_LEVEL {
        return rules.levels[level as usize].short.clone();
    }
    match verdict.outcome {
        Outcome::Level { level, .. } => rules.levels[level as usize].short.clone(),
        outcome => crate::render::unplaced_label(&crate::render::outcome_status(&outcome), lang).to_string(),
    }
}

/// The key reasons, compact: what decided, then what is missing for the next level up (each unmet check with
/// observed against required, or a case that must no longer apply).
pub fn reasons(rules: &RuleSet, brief: &Brief, lang: Lang) -> String {
    let mut out = brief.decided_by.summary.get(lang).to_string();
    if let Some(gap) = brief.next_level.as_ref().filter(|g| !g.reached) {
        let short = rules.level_index(&gap.level).map(|l| rules.levels[l].short.as_str()).unwrap_or(&gap.level);
        let mut items: Vec<String> = gap
            .blockers
            .iter()
            .map(|f| format!("{} {}", lang.pick("không còn thuộc", "no longer under"), f.name.get(lang)))
            .collect();
        for finding in &gap.unmet {
            let parts: Vec<String> = finding
                .comparisons
                .iter()
                .filter(|c| c.met != Some(true))
                .map(|c| crate::render::comparison_text(rules, c, lang))
                .collect();
            if parts.is_empty() {
                let unknown = if finding.met.is_none() {
                    lang.pick(" (chưa đủ dữ liệu)", " (not enough data)")
                } else {
                    ""
                };
                items.push(format!("{}{unknown}", finding.name.get(lang)));
            } else {
                items.push(parts.join(", "));
            }
        }
        if !items.is_empty() {
            out.push_str(&format!(". {} {short}: {}", lang.pick("Để đạt", "For"), items.join("; ")));
        }
    }
    out
}

/// The quota status whose "look at first" list names a subject, by subject id.
fn moved_by_quota(result: &UnitResult, organizations: bool) -> HashMap<&str, &QuotaStatus> {
    let mut moved = HashMap::new();
    for quota in result.quotas.iter().filter(|q| q.organizations == organizations) {
        for id in &quota.look_first {
            moved.entry(id.as_str()).or_insert(quota);
        }
    }
    moved
}

fn quota_note(rules: &RuleSet, status: Option<&&QuotaStatus>, proposed: u8, lang: Lang) -> String {
    let short = &rules.levels[proposed as usize].short;
    match status {
        Some(q) => format!(
            ". {} {short} {} {}",
            lang.pick("Đề xuất", "Proposed"),
            lang.pick("do vượt tỷ lệ trong phạm vi", "as the quota is exceeded in"),
            q.scope_id
        ),
        None => format!(". {} {short} {}", lang.pick("Đề xuất", "Proposed"), lang.pick("theo tỷ lệ", "by the quota")),
    }
}

fn members_sheet(rules: &RuleSet, roster: &Roster, result: &UnitResult, year: Option<i32>, lang: Lang) -> Sheet {
    let mut sheet = Sheet::new(
        lang.pick("Đảng viên", "Members"),
        &[
            lang.pick("Mã", "Id"),
            lang.pick("Họ tên", "Name"),
            lang.pick("Tổ chức", "Organization"),
            lang.pick("Loại đối tượng", "Subject kind"),
            lang.pick("Điểm", "Score"),
            lang.pick("Xếp loại theo tiêu chí", "Level by the criteria"),
            lang.pick("Đề xuất sau tỷ lệ", "Proposed after the quota"),
            lang.pick("Lý do chính", "Key reasons"),
        ],
    );
    sheet.headers.extend(review_headers(lang).map(String::from));
    let moved = moved_by_quota(result, false);
    let mut classifier = Classifier::new(rules);
    let mut trace = Trace::default();
    sheet.rows.reserve(roster.members.len());
    let mut row = vec![crate::Num::MISSING; roster.members.stride];
    for (i, record) in roster.members.records().enumerate() {
        let verdict = &result.members.verdict(i);
        let by_criteria = verdict.level().map_or(NO_LEVEL, |l| l as u8);
        let proposed = result.proposed[i];
        roster.members.load_row(i, &mut row);
        classifier.trace(record.kind, &row, None, &mut trace);
        let mut why = reasons(rules, &trace.resolve_brief(rules), lang);
        if proposed != by_criteria && proposed != NO_LEVEL {
            why.push_str(&quota_note(rules, moved.get(record.id), proposed, lang));
        }
        sheet.rows.push(vec![
            record.id.into(),
            record.name.into(),
            record.org.unwrap_or("").into(),
            rules.subjects[record.kind].name.get(lang).into(),
            number(Some(verdict.score)),
            level_text(rules, verdict, by_criteria, lang).into(),
            level_text(rules, verdict, proposed, lang).into(),
            why.into(),
        ]);
        if let Some(row) = sheet.rows.last_mut() {
            row.extend(review_cells(rules, year));
        }
    }
    // Rows that held a member but could not be read stay in the report, with why.
    for unread in &roster.members.unread {
        let mut row = unread_row(unread, lang);
        row.extend(review_cells(rules, year));
        sheet.rows.push(row);
    }
    declared_columns(rules, roster, result, &mut sheet, lang);
    sheet
}

/// "Không đọc được": a row that could not be read, in the members' columns (id, name, organization, kind, score,
/// level, proposed, reasons).
fn unread_row(unread: &crate::input::Unread, lang: Lang) -> Vec<Cell> {
    let status = lang.pick("Không đọc được", "Could not be read");
    let reasons: Vec<&str> = unread.reasons.iter().map(|r| r.get(lang)).collect();
    vec![
        unread.id.as_str().into(),
        unread.name.as_str().into(),
        unread.org.as_deref().unwrap_or("").into(),
        "".into(),
        number(None),
        status.into(),
        status.into(),
        format!("{} {}: {}", lang.pick("dòng", "row"), unread.row, reasons.join("; ")).into(),
    ]
}

fn orgs_sheet(rules: &RuleSet, roster: &Roster, result: &UnitResult, year: Option<i32>, lang: Lang) -> Sheet {
    let all: Vec<usize> = (0..roster.orgs.len()).collect();
    orgs_rows(lang.pick("Tổ chức", "Organizations"), rules, roster, result, &all, year, lang)
}

/// The organizations whose level (proposed, after any quota among siblings) is one of `levels`, in roster order:
/// the units a committee consolidates ("the units rated HT and KHT").
pub fn orgs_at(result: &UnitResult, levels: &[usize]) -> Vec<usize> {
    (0..result.orgs_proposed.len())
        .filter(|&i| result.orgs_proposed[i] != NO_LEVEL && levels.contains(&(result.orgs_proposed[i] as usize)))
        .collect()
}

/// The sheet of the organizations at `levels` ([`orgs_at`]), with the same columns as the organizations sheet; its
/// name says the levels ("Tổ chức HT, KHT"). The CLI (`unit --orgs-at ht,kht`) and the app export this one sheet.
pub fn orgs_at_sheet(
    rules: &RuleSet,
    roster: &Roster,
    result: &UnitResult,
    levels: &[usize],
    year: Option<i32>,
    lang: Lang,
) -> Sheet {
    let shorts: Vec<&str> = levels.iter().filter_map(|l| rules.levels.get(*l)).map(|l| l.short.as_str()).collect();
    let name = format!("{} {}", lang.pick("Tổ chức", "Organizations"), shorts.join(", "));
    orgs_rows(&name, rules, roster, result, &orgs_at(result, levels), year, lang)
}

/// Levels from a list as typed (`ht,kht`, `HT; KHT`): ids or short names; the error names the unknown one.
pub fn parse_levels(rules: &RuleSet, text: &str) -> Result<Vec<usize>, crate::lang::Text> {
    let mut levels = Vec::new();
    for name in text.split([',', ';', ' ']).map(str::trim).filter(|n| !n.is_empty()) {
        let Some(level) = crate::input::parse_level(rules, name) else {
            let ids: Vec<&str> = rules.levels.iter().map(|l| l.id.as_str()).collect();
            return Err(crate::lang::Text::new(
                format!("không có mức \"{name}\"; các mức: {}", ids.join(", ")),
                format!("no level \"{name}\"; the levels are: {}", ids.join(", ")),
            ));
        };
        if !levels.contains(&level) {
            levels.push(level);
        }
    }
    Ok(levels)
}

fn orgs_rows(
    name: &str,
    rules: &RuleSet,
    roster: &Roster,
    result: &UnitResult,
    which: &[usize],
    year: Option<i32>,
    lang: Lang,
) -> Sheet {
    let mut sheet = Sheet::new(
        name,
        &[
            lang.pick("Mã", "Id"),
            lang.pick("Tên", "Name"),
            lang.pick("Cấp trên", "Parent"),
            lang.pick("Cơ sở", "Base"),
            lang.pick("Điểm", "Score"),
            lang.pick("Xếp loại", "Level"),
            lang.pick("Lý do chính", "Key reasons"),
        ],
    );
    sheet.headers.extend(review_headers(lang).map(String::from));
    let moved = moved_by_quota(result, true);
    let mut classifier = Classifier::new(rules);
    let mut trace = Trace::default();
    for &i in which {
        let record = roster.orgs.record(i);
        let verdict = &result.orgs[i];
        let by_criteria = verdict.level().map_or(NO_LEVEL, |l| l as u8);
        let proposed = result.orgs_proposed[i];
        classifier.trace(record.kind, &result.org_rows.row_vec(i), None, &mut trace);
        let mut why = reasons(rules, &trace.resolve_brief(rules), lang);
        if proposed != by_criteria && proposed != NO_LEVEL {
            why.push_str(&quota_note(rules, moved.get(record.id), proposed, lang));
        }
        sheet.rows.push(vec![
            record.id.into(),
            record.name.into(),
            record.org.unwrap_or("").into(),
            lang.pick(if record.base { "có" } else { "không" }, if record.base { "yes" } else { "no" }).into(),
            number(Some(verdict.score)),
            level_text(rules, verdict, proposed, lang).into(),
            why.into(),
        ]);
        if let Some(row) = sheet.rows.last_mut() {
            row.extend(review_cells(rules, year));
        }
    }
    sheet
}

fn distribution_sheet(rules: &RuleSet, roster: &Roster, result: &UnitResult, lang: Lang) -> Sheet {
    let mut headers: Vec<String> = vec![
        lang.pick("Nhóm", "Group").to_string(),
        lang.pick("Tổng số", "Total").to_string(),
        lang.pick("Được xếp loại", "Classified").to_string(),
    ];
    for level in &rules.levels {
        headers.push(level.short.clone());
        headers.push(format!("{} (%)", level.short));
    }
    headers.push(lang.pick("Không xếp loại", "Not classified").to_string());
    headers.push(lang.pick("Chờ cấp có thẩm quyền quyết định", "For the competent level").to_string());
    headers.push(lang.pick("Số liệu mâu thuẫn", "Contradictory data").to_string());
    headers.push(lang.pick("Chưa đủ dữ liệu", "Incomplete").to_string());
    headers.push(lang.pick("Không tính được", "Cannot be evaluated").to_string());
    // The column of unread rows only when some row could not be read, so other reports keep their columns.
    let unreadable = [&result.member_distribution, &result.org_distribution].iter().any(|d| d.unreadable > 0);
    if unreadable {
        headers.push(lang.pick("Không đọc được", "Could not be read").to_string());
    }
    let mut sheet = Sheet { name: lang.pick("Phân bố", "Distribution").to_string(), headers, rows: Vec::new() };
    let row = |name: String, d: &crate::unit::Distribution| {
        let classified = d.classified();
        let mut row = vec![Cell::Text(name), count(d.total), count(classified)];
        for c in &d.levels {
            row.push(count(*c));
            // Percent of the classified, to two decimals.
            let share = Num::ratio(*c as i64, classified.max(1) as i64).unwrap_or(Num::ZERO);
            row.push(number(share.checked_mul(Num::HUNDRED).ok().map(|p| p.round_to(2))));
        }
        row.push(count(d.not_classified));
        row.push(count(d.referred));
        row.push(count(d.invalid));
        row.push(count(d.incomplete));
        row.push(count(d.failed));
        if unreadable {
            row.push(count(d.unreadable));
        }
        row
    };
    sheet.rows.push(row(
        lang.pick("Đảng viên (theo tiêu chí)", "Members (by the criteria)").to_string(),
        &result.member_distribution_by_criteria,
    ));
    sheet.rows.push(row(members_label(result, lang), &result.member_distribution));
    if result.org_distribution.total > 0 {
        sheet.rows.push(row(lang.pick("Tổ chức đảng", "Party organizations").to_string(), &result.org_distribution));
    }
    if result.base_org_distribution.total > 0 {
        sheet.rows.push(row(
            lang.pick("Tổ chức cơ sở đảng", "Base organizations").to_string(),
            &result.base_org_distribution,
        ));
        // Members (proposed) per base organization, in the order of the organizations table.
        let unit = Unit::prepare(rules, roster, None, None);
        let per_base: Vec<Option<crate::unit::Distribution>> = (0..roster.orgs.len())
            .map(|o| roster.orgs.record(o).base.then(|| unit.members_in(rules, result, o)))
            .collect();
        for (o, d) in per_base.iter().enumerate() {
            if let Some(d) = d {
                let record = roster.orgs.record(o);
                let name = if record.name.is_empty() {
                    record.id.to_string()
                } else {
                    format!("{} {}", record.id, record.name)
                };
                sheet.rows.push(row(format!("{} {} {name}", members_label(result, lang), lang.pick("thuộc", "in")), d));
            }
        }
    }
    sheet
}

fn quota_sheet(rules: &RuleSet, result: &UnitResult, lang: Lang) -> Sheet {
    let (capped, good) = rules
        .quotas
        .first()
        .map(|q| (rules.levels[q.level].short.as_str(), rules.levels[q.level + 1].short.as_str()))
        .unwrap_or(("", ""));
    let headers: Vec<String> = vec![
        lang.pick("Phạm vi", "Scope").to_string(),
        lang.pick("Áp dụng cho", "Applies to").to_string(),
        format!("{} {good}", lang.pick("Số", "Number")),
        format!("{} {capped}", lang.pick("Trần", "Cap")),
        format!("{} {capped} {}", lang.pick("Trần", "Cap"), lang.pick("sau khi hạ", "after the moves")),
        format!("{} {capped}", lang.pick("Ứng viên", "Candidates")),
        lang.pick("Số vượt", "Excess").to_string(),
        lang.pick("Xem xét trước", "Look at first").to_string(),
    ];
    let mut sheet = Sheet { name: lang.pick("Tỷ lệ", "Quota").to_string(), headers, rows: Vec::new() };
    for q in &result.quotas {
        let kind = q.subject.as_deref().and_then(|id| rules.subjects.iter().find(|s| s.id == id));
        let applies = match (kind, q.organizations) {
            (Some(kind), true) => format!("{} {}", kind.name.get(lang), lang.pick("cùng cấp trên", "under one parent")),
            (Some(kind), false) => kind.name.get(lang).to_string(),
            (None, true) => lang.pick("Tổ chức cùng cấp trên", "Organizations under one parent").to_string(),
            (None, false) => lang.pick("Đảng viên", "Members").to_string(),
        };
        sheet.rows.push(vec![
            q.scope_id.as_str().into(),
            applies.into(),
            count(q.counts.good),
            count(q.resolution.cap),
            count(q.resolution.cap_after),
            count(q.counts.candidates),
            count(q.resolution.excess),
            q.look_first.join(", ").into(),
        ]);
    }
    sheet
}

fn targets_sheet(targets: &[TargetResult], lang: Lang) -> Sheet {
    let mut sheet =
        Sheet {
            name: lang.pick("Chỉ tiêu", "Targets").to_string(), headers: targets::headers(lang), rows: Vec::new()
        };
    for r in targets {
        sheet.rows.push(targets::row(r, lang).into_iter().map(Cell::Text).collect());
    }
    sheet
}
