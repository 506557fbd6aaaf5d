//! The summary table a committee reports upward: for each organization, how many members and how many
//! organizations under it reached each level, as counts and percentages in separate columns.
//!
//! [`summary`] gives the rows as data (the app's print view shows them); [`summary_sheet`] gives them as a sheet of
//! the report (CSV and XLSX, and `xeploai unit --out-dir`).
//! The member rows count each member once, under the organization the roster names for her, so they add up to the
//! total row; a member with no organization, and a row that could not be read, are counted too (people in = people
//! out).
//! Percentages are of the members (or organizations) classified, as in the distribution sheet.

use crate::lang::Lang;
use crate::num::Num;
use crate::report::{Cell, Sheet};
use crate::ruleset::RuleSet;
use crate::unit::{Distribution, NO_LEVEL, Roster, Unit, UnitResult};

/// What a summary row counts.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Part {
    Members,
    Organizations,
}

/// One row of the summary: what it counts, where, and the counts.
#[derive(Clone, Debug, PartialEq)]
pub struct SummaryRow {
    pub part: Part,
    /// The organization as people know it (its name, or its code when the roster does not name it), or the words
    /// of a total.
    pub label: String,
    /// The organization's code (empty on a total).
    pub code: String,
    /// A total of the rows above it in its part (printed in bold).
    pub total: bool,
    pub counts: Distribution,
}

impl SummaryRow {
    /// Those with no level that the rules exclude from the review ("không xếp loại").
    pub fn not_classified(&self) -> u64 {
        self.counts.not_classified
    }

    /// Those with no level yet: for the competent level, contradictory or incomplete data, not evaluable, unread.
    pub fn pending(&self) -> u64 {
        let d = &self.counts;
        d.referred + d.invalid + d.incomplete + d.failed + d.unreadable
    }
}

/// The share of `count` among the classified, in percent to two decimals; `None` when nobody is classified.
pub fn percent(count: u64, classified: u64) -> Option<Num> {
    if classified == 0 {
        return None;
    }
    let share = Num::ratio(count as i64, classified as i64)?;
    share.checked_mul(Num::HUNDRED).ok().map(|p| p.round_to(2))
}

fn empty(rules: &RuleSet) -> Distribution {
    Distribution { levels: vec![0; rules.levels.len()], ..Distribution::default() }
}

fn count_one(d: &mut Distribution, verdict: &crate::classify::Verdict, proposed: u8) {
    d.total += 1;
    match verdict.outcome {
        crate::Outcome::Level { .. } if proposed != NO_LEVEL => d.levels[proposed as usize] += 1,
        crate::Outcome::Level { level, .. } => d.levels[level as usize] += 1,
        outcome => d.add_unplaced(&outcome),
    }
}

/// The rows of the summary: the members of each organization that has members (by the levels the distributions
/// count: proposed after the quota, or on the unit's basis, `UnitResult::counted_level`), then their total; the organizations directly under each organization that has some, the base
/// organizations, then the total of organizations.
pub fn summary(rules: &RuleSet, roster: &Roster, result: &UnitResult, lang: Lang) -> Vec<SummaryRow> {
    let unit = Unit::prepare(rules, roster, None, None);
    let label = |o: usize| {
        roster
            .orgs
            .get_record(o)
            .map(|r| r.name.trim())
            .filter(|n| !n.is_empty())
            .map_or_else(|| unit.org_ids[o].clone(), str::to_string)
    };
    let mut rows = Vec::new();

    // Members, each once, under her own organization; the unknown organizations last, then those with none.
    let mut per_org: Vec<Distribution> = vec![empty(rules); unit.org_ids.len()];
    let mut no_org = empty(rules);
    for (member, verdict) in result.members.iter().enumerate() {
        let org = unit.member_org.get(member).copied().unwrap_or(u32::MAX);
        let d = per_org.get_mut(org as usize).unwrap_or(&mut no_org);
        count_one(d, &verdict, result.counted_level(member));
    }
    let mut unread_orgs: Vec<(String, Distribution)> = Vec::new();
    for unread in &roster.members.unread {
        let d = match &unread.org {
            Some(id) => match unit.org_ids.iter().position(|o| o == id) {
                Some(o) => &mut per_org[o],
                None => {
                    let i = unread_orgs.iter().position(|(o, _)| o == id).unwrap_or_else(|| {
                        unread_orgs.push((id.clone(), empty(rules)));
                        unread_orgs.len() - 1
                    });
                    &mut unread_orgs[i].1
                }
            },
            None => &mut no_org,
        };
        d.add_unreadable(1);
    }
    for (o, counts) in per_org.into_iter().enumerate() {
        if counts.total > 0 {
            rows.push(SummaryRow {
                part: Part::Members,
                label: label(o),
                code: unit.org_ids[o].clone(),
                total: false,
                counts,
            });
        }
    }
    for (id, counts) in unread_orgs {
        rows.push(SummaryRow { part: Part::Members, label: id.clone(), code: id, total: false, counts });
    }
    if no_org.total > 0 {
        rows.push(SummaryRow {
            part: Part::Members,
            label: lang.pick("Không thuộc tổ chức nào", "No organization").to_string(),
            code: String::new(),
            total: false,
            counts: no_org,
        });
    }
    rows.push(SummaryRow {
        part: Part::Members,
        label: lang.pick("Cộng đảng viên", "All members").to_string(),
        code: String::new(),
        total: true,
        counts: result.member_distribution.clone(),
    });

    // Organizations: those directly under each parent, the base organizations, all of them.
    if result.org_distribution.total > 0 {
        let orgs = roster.orgs.len().min(result.orgs.len());
        // Each organization counted under its parent in one pass, in the order of the organizations table.
        let mut under: Vec<Distribution> = vec![empty(rules); unit.org_ids.len()];
        for o in 0..orgs {
            if let Some(counts) = unit.org_parent.get(o).and_then(|&parent| under.get_mut(parent as usize)) {
                count_one(counts, &result.orgs[o], result.orgs_proposed[o]);
            }
        }
        for (parent, counts) in under.into_iter().enumerate() {
            if counts.total > 0 {
                rows.push(SummaryRow {
                    part: Part::Organizations,
                    label: format!("{} {}", lang.pick("Trực thuộc", "Under"), label(parent)),
                    code: unit.org_ids[parent].clone(),
                    total: false,
                    counts,
                });
            }
        }
        if result.base_org_distribution.total > 0 {
            rows.push(SummaryRow {
                part: Part::Organizations,
                label: lang.pick("Tổ chức cơ sở đảng", "Base organizations").to_string(),
                code: String::new(),
                total: false,
                counts: result.base_org_distribution.clone(),
            });
        }
        rows.push(SummaryRow {
            part: Part::Organizations,
            label: lang.pick("Cộng tổ chức đảng", "All party organizations").to_string(),
            code: String::new(),
            total: true,
            counts: result.org_distribution.clone(),
        });
    }
    rows
}

/// The words of a part, as the first column says it.
pub fn part_name(part: Part, lang: Lang) -> &'static str {
    match part {
        Part::Members => lang.pick("Đảng viên", "Members"),
        Part::Organizations => lang.pick("Tổ chức đảng", "Party organizations"),
    }
}

/// The header row: part, organization, code, total, classified, then a count and a percentage per level, then
/// those not classified and those with no level yet.
pub fn headers(rules: &RuleSet, lang: Lang) -> Vec<String> {
    let mut headers: Vec<String> = [
        lang.pick("Đối tượng", "Counted"),
        lang.pick("Tổ chức", "Organization"),
        lang.pick("Mã", "Code"),
        lang.pick("Tổng số", "Total"),
        lang.pick("Được xếp loại", "Classified"),
    ]
    .map(String::from)
    .to_vec();
    for level in &rules.levels {
        headers.push(format!("{} ({})", level.short, lang.pick("số lượng", "number")));
        headers.push(format!("{} (%)", level.short));
    }
    headers.push(lang.pick("Không xếp loại", "Not classified").to_string());
    headers.push(lang.pick("Chưa có mức", "No level yet").to_string());
    headers
}

/// The summary as a sheet of the report ("Tổng hợp"), numbers as numbers.
pub fn summary_sheet(rules: &RuleSet, roster: &Roster, result: &UnitResult, lang: Lang) -> Sheet {
    let rows = summary(rules, roster, result, lang)
        .iter()
        .map(|row| {
            let d = &row.counts;
            let classified = d.classified();
            let mut cells: Vec<Cell> = vec![
                part_name(row.part, lang).into(),
                row.label.as_str().into(),
                row.code.as_str().into(),
                Cell::Number(d.total as f64),
                Cell::Number(classified as f64),
            ];
            for count in &d.levels {
                cells.push(Cell::Number(*count as f64));
                cells.push(match percent(*count, classified) {
                    Some(p) => Cell::Number(p.to_f64()),
                    None => Cell::Text(String::new()),
                });
            }
            cells.push(Cell::Number(row.not_classified() as f64));
            cells.push(Cell::Number(row.pending() as f64));
            cells
        })
        .collect();
    Sheet { name: lang.pick("Tổng hợp", "Summary").to_string(), headers: headers(rules, lang), rows }
}

/// The summary as a text table under its title, for the CLI (`xeploai unit`): counts, and percentages as people
/// read them in `lang` (`33,33` in Vietnamese), each in its own column.
pub fn summary_text(rules: &RuleSet, roster: &Roster, result: &UnitResult, lang: Lang) -> String {
    let rows: Vec<Vec<String>> = summary(rules, roster, result, lang)
        .iter()
        .map(|row| {
            let d = &row.counts;
            let classified = d.classified();
            let mut cells = vec![
                part_name(row.part, lang).to_string(),
                row.label.clone(),
                row.code.clone(),
                d.total.to_string(),
                classified.to_string(),
            ];
            for count in &d.levels {
                cells.push(count.to_string());
                cells.push(percent(*count, classified).map(|p| p.display(lang, 2)).unwrap_or_default());
            }
            cells.push(row.not_classified().to_string());
            cells.push(row.pending().to_string());
            cells
        })
        .collect();
    format!("{}\n{}", lang.pick("TỔNG HỢP", "SUMMARY"), crate::render::table(&headers(rules, lang), &rows))
}
