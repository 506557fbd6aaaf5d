//! A classified unit as text for the CLI: the members (by the criteria and proposed after the quota), those for
//! the competent level to decide, the quota per scope, the organizations, the distribution and the targets.
//! The report for export ([`super::report`]) is the same result as sheets.

use std::io::{self, Write};

use crate::classify::{Classifier, Outcome, Verdict};
use crate::lang::Lang;
use crate::num::Num;
use crate::render::report;
use crate::render::{self, table, targets};
use crate::ruleset::RuleSet;
use crate::targets::TargetResult;
use crate::unit::{Distribution, NO_LEVEL, Roster, UnitResult};

/// The unit as text: the review line, then each table under its title ([`write_unit_text`] into a string).
pub fn unit_text(
    rules: &RuleSet,
    roster: &Roster,
    result: &UnitResult,
    targets: Option<&[TargetResult]>,
    year: Option<i32>,
    lang: Lang,
) -> String {
    let mut bytes = Vec::new();
    let written = write_unit_text(&mut bytes, rules, roster, result, targets, year, lang);
    debug_assert!(written.is_ok(), "writing into memory does not fail");
    String::from_utf8(bytes).unwrap_or_default()
}

/// The unit as text into `out`: the members' table written row by row as it is made (a million members' rows are
/// never one string), then the smaller tables.
pub fn write_unit_text(
    writer: &mut dyn Write,
    rules: &RuleSet,
    roster: &Roster,
    result: &UnitResult,
    targets: Option<&[TargetResult]>,
    year: Option<i32>,
    lang: Lang,
) -> io::Result<()> {
    let headers = render::headers(&[
        lang.pick("Mã", "Id"),
        lang.pick("Họ tên", "Name"),
        lang.pick("Tổ chức", "Organization"),
        lang.pick("Điểm", "Score"),
        lang.pick("Theo tiêu chí", "By criteria"),
        lang.pick("Đề xuất sau tỷ lệ", "Proposed after quota"),
    ]);
    let member_row = |i: usize, cells: &mut [String]| {
        let record = roster.members.record(i);
        let verdict = result.members.verdict(i);
        for cell in cells.iter_mut() {
            cell.clear();
        }
        cells[0].push_str(record.id);
        cells[1].push_str(record.name);
        cells[2].push_str(record.org.unwrap_or_default());
        if let Some(score) = verdict.score.known() {
            cells[3].push_str(&score.display(lang, 2));
        }
        cells[4].push_str(&unit_level_text(rules, &verdict, verdict.level().map_or(NO_LEVEL, |l| l as u8), lang));
        cells[5].push_str(&unit_level_text(rules, &verdict, result.proposed[i], lang));
    };
    writeln!(writer, "{}", report::review_line(rules, year, lang))?;
    writeln!(writer, "{}", lang.pick("ĐẢNG VIÊN", "MEMBERS"))?;
    write_table(writer, &headers, roster.members.len(), member_row)?;
    // The rest: a few lines per organization, scope or case.
    let mut out = String::new();
    for (title, table_of) in
        [(lang.pick("đảng viên", "members"), &roster.members), (lang.pick("tổ chức", "organizations"), &roster.orgs)]
    {
        if table_of.unread.is_empty() {
            continue;
        }
        out.push_str(&format!(
            "\n{} ({title}: {})\n",
            lang.pick("KHÔNG ĐỌC ĐƯỢC", "COULD NOT BE READ"),
            table_of.unread.len()
        ));
        for unread in &table_of.unread {
            let reasons: Vec<&str> = unread.reasons.iter().map(|r| r.get(lang)).collect();
            out.push_str(&format!(
                "  {} {}: {} — {}\n",
                lang.pick("dòng", "row"),
                unread.row,
                unread.label(lang),
                reasons.join("; ")
            ));
        }
    }
    referred_text(&mut out, rules, roster, result, lang);
    if !result.quotas.is_empty() {
        out.push_str(&format!(
            "\n{}\n",
            lang.pick("TỶ LỆ XUẤT SẮC (theo từng phạm vi)", "EXCELLENT QUOTA (per scope)")
        ));
        let headers = render::headers(&[
            lang.pick("Phạm vi", "Scope"),
            "HTT",
            lang.pick("Trần", "Cap"),
            lang.pick("Ứng viên HTXS", "Candidates"),
            lang.pick("Vượt", "Excess"),
            lang.pick("Xem xét trước", "Look at first"),
        ]);
        let rows: Vec<Vec<String>> = result
            .quotas
            .iter()
            .map(|q| {
                let cap = if q.resolution.cap_after != q.resolution.cap {
                    format!("{} → {}", q.resolution.cap, q.resolution.cap_after)
                } else {
                    q.resolution.cap.to_string()
                };
                let scope = match (&q.subject, q.organizations) {
                    (None, true) => {
                        format!("{} · {}", q.scope_id, lang.pick("tổ chức trực thuộc", "its sub-organizations"))
                    }
                    (subject, _) => crate::unit::scope_label(&q.scope_id, subject.as_deref(), rules, lang),
                };
                vec![
                    scope,
                    q.counts.good.to_string(),
                    cap,
                    q.counts.candidates.to_string(),
                    q.resolution.excess.to_string(),
                    q.look_first.join(", "),
                ]
            })
            .collect();
        out.push_str(&table(&headers, &rows));
    }
    if !roster.orgs.is_empty() {
        out.push_str(&format!("\n{}\n", lang.pick("TỔ CHỨC", "ORGANIZATIONS")));
        let headers = render::headers(&[
            lang.pick("Mã", "Id"),
            lang.pick("Tên", "Name"),
            lang.pick("Cấp trên", "Parent"),
            lang.pick("Xếp loại", "Level"),
        ]);
        let mut classifier = Classifier::new(rules);
        let rows: Vec<Vec<String>> = roster
            .orgs
            .records()
            .enumerate()
            .map(|(i, r)| {
                // What decided, for an organization without a level only (explained when needed).
                let level = if result.orgs_proposed[i] == NO_LEVEL {
                    let (_, explanation) = classifier.explain(r.kind, &result.org_rows.row_vec(i), None);
                    explanation.decided_by.summary.get(lang).to_string()
                } else {
                    level_short(rules, result.orgs_proposed[i])
                };
                vec![r.id.to_string(), r.name.to_string(), r.org.map(str::to_string).unwrap_or_default(), level]
            })
            .collect();
        out.push_str(&table(&headers, &rows));
    }
    out.push_str(&format!("\n{}\n", lang.pick("PHÂN BỐ", "DISTRIBUTION")));
    let mut headers = vec![String::new()];
    headers.extend(rules.levels.iter().map(|l| l.short.clone()));
    headers.push(lang.pick("Không xếp loại", "Not classified").into());
    // Referred and invalid columns only when some subject is so, so other units read as before.
    let all = [&result.member_distribution_by_criteria, &result.org_distribution];
    let referred = all.iter().any(|d| d.referred > 0);
    let invalid = all.iter().any(|d| d.invalid > 0);
    if referred {
        headers.push(lang.pick("Chờ cấp có thẩm quyền", "For the competent level").into());
    }
    if invalid {
        headers.push(lang.pick("Số liệu mâu thuẫn", "Contradictory data").into());
    }
    headers.push(lang.pick("Thiếu dữ liệu", "Incomplete").into());
    let unreadable = all.iter().any(|d| d.unreadable > 0);
    if unreadable {
        headers.push(lang.pick("Không đọc được", "Could not be read").into());
    }
    let line = |name: &str, d: &Distribution| {
        let mut row = vec![name.to_string()];
        let classified = d.classified().max(1);
        row.extend(d.levels.iter().map(|c| {
            format!("{c} ({})", Num::ratio(*c as i64, classified as i64).unwrap_or(Num::ZERO).display_percent(lang, 2))
        }));
        row.push(d.not_classified.to_string());
        if referred {
            row.push(d.referred.to_string());
        }
        if invalid {
            row.push(d.invalid.to_string());
        }
        row.push((d.incomplete + d.failed).to_string());
        if unreadable {
            row.push(d.unreadable.to_string());
        }
        row
    };
    let mut rows = vec![
        line(members_label(result.basis, lang), &result.member_distribution),
        line(lang.pick("Đảng viên (theo tiêu chí)", "Members (by criteria)"), &result.member_distribution_by_criteria),
    ];
    if result.org_distribution.total > 0 {
        rows.push(line(lang.pick("Tổ chức", "Organizations"), &result.org_distribution));
    }
    out.push_str(&table(&headers, &rows));
    if let Some(targets) = targets {
        out.push('\n');
        out.push_str(&targets::targets_text(targets, lang));
    }
    writer.write_all(out.as_bytes())
}

/// [`render::table`] of `len` rows written row by row: each row is made (by `row`, into reused cells) once to
/// measure the columns and once to write it, so the rows are never held.
fn write_table(
    out: &mut dyn Write,
    headers: &[String],
    len: usize,
    row: impl Fn(usize, &mut [String]),
) -> io::Result<()> {
    let mut widths: Vec<usize> = headers.iter().map(|h| h.chars().count()).collect();
    let mut cells = vec![String::new(); headers.len()];
    for i in 0..len {
        row(i, &mut cells);
        for (width, cell) in widths.iter_mut().zip(&cells) {
            *width = (*width).max(cell.chars().count());
        }
    }
    let mut line = String::new();
    let mut write_line = |out: &mut dyn Write, cells: &[String]| {
        line.clear();
        for (i, cell) in cells.iter().enumerate() {
            line.push_str(cell);
            if i + 1 < cells.len() {
                let pad = widths[i].saturating_sub(cell.chars().count()) + 2;
                line.extend(std::iter::repeat_n(' ', pad));
            }
        }
        out.write_all(line.trim_end().as_bytes())?;
        out.write_all(b"\n")
    };
    write_line(out, headers)?;
    let rule: Vec<String> = widths.iter().map(|w| "-".repeat(*w)).collect();
    writeln!(out, "{}", rule.join("  "))?;
    for i in 0..len {
        row(i, &mut cells);
        write_line(out, &cells)?;
    }
    Ok(())
}

/// The members' row of the distribution, named by the basis it is counted on in a few words (the line above the
/// tables names the basis in full, with the members counted at an earlier step).
fn members_label(basis: crate::decision::Basis, lang: Lang) -> &'static str {
    use crate::decision::Basis;
    match basis {
        Basis::Computed => lang.pick("Đảng viên (đề xuất)", "Members (proposed)"),
        Basis::Proposed => lang.pick("Đảng viên (chi bộ đề nghị)", "Members (the cell's proposals)"),
        Basis::Decided => lang.pick("Đảng viên (cấp có thẩm quyền quyết định)", "Members (decided)"),
    }
}

fn level_short(rules: &RuleSet, level: u8) -> String {
    if level == NO_LEVEL { "-".into() } else { rules.levels[level as usize].short.clone() }
}

/// A member's level in the unit table: the short name, or for a referred or invalid member what it is instead.
fn unit_level_text(rules: &RuleSet, verdict: &Verdict, level: u8, lang: Lang) -> String {
    if level != NO_LEVEL {
        return level_short(rules, level);
    }
    match verdict.outcome {
        Outcome::Referred { otherwise, .. } => match otherwise {
            Some(l) => format!(
                "{} ({} {})",
                lang.pick("chờ quyết định", "referred"),
                lang.pick("nếu không:", "otherwise"),
                rules.levels[l as usize].short
            ),
            None => lang.pick("chờ quyết định", "referred").into(),
        },
        Outcome::Invalid { .. } => lang.pick("số liệu mâu thuẫn", "contradictory data").into(),
        _ => "-".into(),
    }
}

/// The members for the competent level to decide, listed for the committee (nothing when there are none).
fn referred_text(out: &mut String, rules: &RuleSet, roster: &Roster, result: &UnitResult, lang: Lang) {
    let rows: Vec<Vec<String>> = roster
        .members
        .records()
        .zip(result.members.iter())
        .filter_map(|(r, verdict)| {
            let Outcome::Referred { rule, otherwise } = verdict.outcome else { return None };
            Some(vec![
                r.id.to_string(),
                r.name.to_string(),
                r.org.map(str::to_string).unwrap_or_default(),
                rules.disqualifiers[rule as usize].name.get(lang).to_string(),
                otherwise.map(|l| rules.levels[l as usize].short.clone()).unwrap_or_else(|| "?".into()),
            ])
        })
        .collect();
    if rows.is_empty() {
        return;
    }
    out.push_str(&format!(
        "\n{}\n",
        lang.pick(
            "CHỜ CẤP CÓ THẨM QUYỀN XEM XÉT, QUYẾT ĐỊNH (không tính vào mức nào, không vào tỷ lệ)",
            "FOR THE COMPETENT LEVEL TO DECIDE (in no level, not in the quota)"
        )
    ));
    let headers = render::headers(&[
        lang.pick("Mã", "Id"),
        lang.pick("Họ tên", "Name"),
        lang.pick("Tổ chức", "Organization"),
        lang.pick("Trường hợp", "Case"),
        lang.pick("Nếu không thì", "Otherwise"),
    ]);
    out.push_str(&table(&headers, &rows));
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::decision::Basis;
    use crate::unit::Unit;

    /// The members' row of the distribution names the basis it is counted on, in both languages; the members'
    /// table streamed is the table built whole.
    #[test]
    fn the_members_row_names_its_basis_and_the_table_streams() {
        let rules = crate::builtin::load(crate::builtin::DEFAULT).unwrap();
        let roster = crate::generate::roster(&rules, crate::generate::Shape::new(300, 5));
        let unit = Unit::prepare(&rules, &roster, None, None);
        let distribution_row = |text: &str, start: &str| {
            text.lines()
                .skip_while(|l| !l.starts_with("PHÂN BỐ") && !l.starts_with("DISTRIBUTION"))
                .find(|l| l.starts_with(start))
                .map(str::to_string)
        };
        for (basis, vi, en) in [
            (Basis::Computed, "Đảng viên (đề xuất)", "Members (proposed)"),
            (Basis::Proposed, "Đảng viên (chi bộ đề nghị)", "Members (the cell's proposals)"),
            (Basis::Decided, "Đảng viên (cấp có thẩm quyền quyết định)", "Members (decided)"),
        ] {
            let result = unit.run_on(&rules, &roster, basis);
            let text = unit_text(&rules, &roster, &result, None, None, Lang::Vi);
            assert!(distribution_row(&text, vi).is_some(), "{basis:?}: {text}");
            let text = unit_text(&rules, &roster, &result, None, None, Lang::En);
            assert!(distribution_row(&text, en).is_some(), "{basis:?}: {text}");
        }
        // The members' table as the whole-table renderer draws it.
        let result = unit.run(&rules, &roster);
        let text = unit_text(&rules, &roster, &result, None, None, Lang::Vi);
        let rows: Vec<Vec<String>> = (0..roster.members.len())
            .map(|i| {
                let mut cells = vec![String::new(); 6];
                let r = roster.members.record(i);
                let verdict = result.members.verdict(i);
                cells[0] = r.id.to_string();
                cells[1] = r.name.to_string();
                cells[2] = r.org.unwrap_or_default().to_string();
                cells[3] = verdict.score.known().map(|s| s.display(Lang::Vi, 2)).unwrap_or_default();
                cells[4] = unit_level_text(&rules, &verdict, verdict.level().map_or(NO_LEVEL, |l| l as u8), Lang::Vi);
                cells[5] = unit_level_text(&rules, &verdict, result.proposed[i], Lang::Vi);
                cells
            })
            .collect();
        let headers = render::headers(&["Mã", "Họ tên", "Tổ chức", "Điểm", "Theo tiêu chí", "Đề xuất sau tỷ lệ"]);
        let whole = table(&headers, &rows);
        assert!(text.contains(&format!("ĐẢNG VIÊN\n{whole}")), "{text}");
    }
}
