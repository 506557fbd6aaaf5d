//! A classified unit as text for the CLI: the members (by the criteria and proposed after the quota), those for
//! the competent level to decide, the quota per scope, the organizations, the distribution and the targets.
//! The report for export ([`super::report`]) is the same result as sheets.

use crate::classify::{Classifier, Outcome, Verdict};
use crate::lang::Lang;
use crate::num::Num;
use crate::render::report;
use crate::render::{self, table, targets};
use crate::ruleset::RuleSet;
use crate::targets::TargetResult;
use crate::unit::{Distribution, NO_LEVEL, Roster, UnitResult};

/// The unit as text: the review line, then each table under its title.
pub fn unit_text(
    rules: &RuleSet,
    roster: &Roster,
    result: &UnitResult,
    targets: Option<&[TargetResult]>,
    year: Option<i32>,
    lang: Lang,
) -> String {
    let mut out = String::new();
    let headers = render::headers(&[
        lang.pick("Mã", "Id"),
        lang.pick("Họ tên", "Name"),
        lang.pick("Tổ chức", "Organization"),
        lang.pick("Điểm", "Score"),
        lang.pick("Theo tiêu chí", "By criteria"),
        lang.pick("Đề xuất sau tỷ lệ", "Proposed after quota"),
    ]);
    let rows: Vec<Vec<String>> = roster
        .members
        .records()
        .enumerate()
        .map(|(i, r)| {
            vec![
                r.id.to_string(),
                r.name.to_string(),
                r.org.map(str::to_string).unwrap_or_default(),
                result.members.verdict(i).score.known().map(|s| s.display(lang, 2)).unwrap_or_default(),
                unit_level_text(
                    rules,
                    &result.members.verdict(i),
                    result.members.verdict(i).level().map_or(NO_LEVEL, |l| l as u8),
                    lang,
                ),
                unit_level_text(rules, &result.members.verdict(i), result.proposed[i], lang),
            ]
        })
        .collect();
    out.push_str(&format!("{}\n", report::review_line(rules, year, lang)));
    out.push_str(&format!("{}\n", lang.pick("ĐẢNG VIÊN", "MEMBERS")));
    out.push_str(&table(&headers, &rows));
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
                let (_, explanation) = classifier.explain(r.kind, &result.org_rows.row_vec(i), None);
                let level = if result.orgs_proposed[i] == NO_LEVEL {
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
        line(lang.pick("Đảng viên (đề xuất)", "Members (proposed)"), &result.member_distribution),
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
    out
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
