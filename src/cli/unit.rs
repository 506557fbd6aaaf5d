//! `xeploai unit`: a whole unit (members, quota per scope, organizations rolled up, targets) and its report.

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use xeploai::classify::Classifier;
use xeploai::diag::{Code, Diagnostic, Location};
use xeploai::input::{Table, TableKind};
use xeploai::targets::{Figures, TargetStatus};
use xeploai::unit::{NO_LEVEL, Roster, Unit};
use xeploai::{Lang, RuleSet, render, report};

use super::io::{io_reason, load_rules_for, print_diagnostics, read_table, read_text};
use super::targets::print_targets;
use super::{Format, Review};
use crate::exit_code;

/// The arguments of the subcommand.
#[derive(clap::Args)]
pub struct Args {
    #[arg(long)]
    pub rules: Option<String>,
    #[arg(long)]
    pub members: PathBuf,
    #[arg(long)]
    pub orgs: Option<PathBuf>,
    #[arg(long)]
    pub targets: Option<PathBuf>,
    /// Figures typed in (admitted, plan…) to check beside the roster's counts.
    #[arg(long)]
    pub figures: Option<PathBuf>,
    #[arg(long, value_enum, default_value = "table")]
    pub format: Format,
    /// Also write every sheet of the report (members, organizations, distribution, quota, targets) as a CSV
    /// file in this directory (created if needed).
    #[arg(long)]
    pub out_dir: Option<PathBuf>,
    /// List only the organizations at these levels (ids or short names, e.g. `ht,kht`: the units a committee
    /// consolidates), as a table, CSV or JSON; with --out-dir, also written as a sheet of its own.
    #[arg(long, value_name = "LEVELS")]
    pub orgs_at: Option<String>,
}

pub fn run(args: Args, lang: Lang, review: Review) -> Result<ExitCode, Vec<Diagnostic>> {
    let Args { rules, members, orgs, targets, figures, format, out_dir, orgs_at } = args;
    let (rules, warnings) = load_rules_for(rules.as_deref(), review, lang)?;
    let orgs_at = match &orgs_at {
        Some(text) => Some(report::parse_levels(&rules, text).map_err(|message| {
            vec![Diagnostic::new(
                Code::UnknownLevel,
                Location { path: Some("--orgs-at".into()), ..Location::default() },
                message.vi.clone(),
                message.get(Lang::En).to_string(),
            )]
        })?),
        None => None,
    };
    let member_kind = rules.subjects.iter().position(|s| !s.collective);
    let org_kind = rules.subjects.iter().position(|s| s.collective);
    let (member_table, more) = read_table(&rules, &members, TableKind::Members, member_kind)?;
    let mut diagnostics: Vec<Diagnostic> = warnings.into_iter().chain(more).collect();
    let org_table = match &orgs {
        Some(path) => {
            let (table, more) = read_table(&rules, path, TableKind::Organizations, org_kind)?;
            diagnostics.extend(more);
            table
        }
        None => Table::new(rules.facts.len()),
    };
    let roster = Roster { members: member_table, orgs: org_table };
    let members_name = members.display().to_string();
    let orgs_name = orgs.as_ref().map(|p| p.display().to_string());
    let unit = Unit::prepare(&rules, &roster, Some(&members_name), orgs_name.as_deref());
    diagnostics.extend(unit.diagnostics.iter().cloned());
    let result = unit.run(&rules, &roster);
    diagnostics.extend(result.contradictions(&rules, &roster, Some(&members_name), orgs_name.as_deref()));
    let mut target_results = None;
    if let Some(path) = &targets {
        let text = read_text(path).map_err(|d| vec![d])?;
        let (set, more) = xeploai::targets::load_targets(&rules, &text, Some(&path.display().to_string()));
        let Some(set) = set else { return Err(more) };
        let mut figures_in = Figures::from_unit(&result);
        if let Some(path) = &figures {
            let text = read_text(path).map_err(|d| vec![d])?;
            let (typed, more) = Figures::load(&rules, &text, Some(&path.display().to_string()));
            diagnostics.extend(more);
            if let Some(typed) = typed {
                figures_in.add_typed(typed);
            }
        }
        let (checked, more) = xeploai::targets::check(&rules, &set, &figures_in);
        diagnostics.extend(more);
        target_results = Some(checked);
    }
    print_diagnostics(&diagnostics, lang);
    let orgs_at_sheet =
        orgs_at.as_ref().map(|levels| report::orgs_at_sheet(&rules, &roster, &result, levels, review.year, lang));
    match &orgs_at_sheet {
        Some(sheet) => print_sheet(sheet, format),
        None => print_unit(&rules, &roster, &result, target_results.as_deref(), format, review.year, lang),
    }
    if let Some(dir) = &out_dir {
        let mut sheets =
            report::unit_report_for_year(&rules, &roster, &result, target_results.as_deref(), review.year, lang);
        sheets.extend(orgs_at_sheet);
        write_sheets(dir, &sheets, lang).map_err(|d| vec![d])?;
    }
    let failed = target_results.iter().flatten().any(|t| t.status == TargetStatus::Fail);
    Ok(exit_code(&diagnostics, failed))
}
fn level_short(rules: &RuleSet, level: u8) -> String {
    if level == NO_LEVEL { "-".into() } else { rules.levels[level as usize].short.clone() }
}

fn print_unit(
    rules: &RuleSet,
    roster: &Roster,
    result: &xeploai::unit::UnitResult,
    targets: Option<&[xeploai::targets::TargetResult]>,
    format: Format,
    year: Option<i32>,
    lang: Lang,
) {
    if format == Format::Json {
        let members: Vec<_> = roster
            .members
            .records
            .iter()
            .enumerate()
            .map(|(i, r)| {
                let otherwise = match result.members[i].outcome {
                    xeploai::Outcome::Referred { otherwise: Some(l), .. } => Some(rules.levels[l as usize].id.clone()),
                    _ => None,
                };
                serde_json::json!({
                    "id": r.id, "org": r.org, "status": render::outcome_status(&result.members[i].outcome),
                    "byCriteria": result.members[i].level().map(|l| rules.levels[l].id.clone()),
                    "proposed": (result.proposed[i] != NO_LEVEL).then(|| rules.levels[result.proposed[i] as usize].id.clone()),
                    "otherwise": otherwise,
                    "score": result.members[i].score.known(),
                })
            })
            .collect();
        let orgs: Vec<_> = roster
            .orgs
            .records
            .iter()
            .enumerate()
            .map(|(i, r)| serde_json::json!({"id": r.id, "parent": r.org, "base": r.base, "level": (result.orgs_proposed[i] != NO_LEVEL).then(|| rules.levels[result.orgs_proposed[i] as usize].id.clone())}))
            .collect();
        let out = serde_json::json!({
            "ruleSet": {"id": rules.id, "version": rules.version},
            "reviewYear": year,
            "members": members,
            "organizations": orgs,
            "quota": result.quotas,
            "distribution": {"members": result.member_distribution, "membersByCriteria": result.member_distribution_by_criteria, "organizations": result.org_distribution, "baseOrganizations": result.base_org_distribution},
            "targets": targets,
        });
        println!("{}", serde_json::to_string_pretty(&out).unwrap_or_default());
        return;
    }
    if format == Format::Csv {
        // The members sheet of the report: the one export path, shared with `--out-dir` and the app.
        let sheets = report::unit_report_for_year(rules, roster, result, targets, year, lang);
        print!("{}", report::sheet_csv(&sheets[0]));
        return;
    }
    let headers: Vec<String> = [
        lang.pick("Mã", "Id"),
        lang.pick("Họ tên", "Name"),
        lang.pick("Tổ chức", "Organization"),
        lang.pick("Điểm", "Score"),
        lang.pick("Theo tiêu chí", "By criteria"),
        lang.pick("Đề xuất sau tỷ lệ", "Proposed after quota"),
    ]
    .iter()
    .map(|s| s.to_string())
    .collect();
    let rows: Vec<Vec<String>> = roster
        .members
        .records
        .iter()
        .enumerate()
        .map(|(i, r)| {
            vec![
                r.id.clone(),
                r.name.clone(),
                r.org.clone().unwrap_or_default(),
                result.members[i].score.known().map(|s| s.display(lang, 2)).unwrap_or_default(),
                unit_level_text(
                    rules,
                    &result.members[i],
                    result.members[i].level().map_or(NO_LEVEL, |l| l as u8),
                    lang,
                ),
                unit_level_text(rules, &result.members[i], result.proposed[i], lang),
            ]
        })
        .collect();
    println!("{}", report::review_line(rules, year, lang));
    println!("{}", lang.pick("ĐẢNG VIÊN", "MEMBERS"));
    print!("{}", render::table(&headers, &rows));
    print_referred(rules, roster, result, lang);
    if !result.quotas.is_empty() {
        println!("\n{}", lang.pick("TỶ LỆ XUẤT SẮC (theo từng phạm vi)", "EXCELLENT QUOTA (per scope)"));
        let headers: Vec<String> = [
            lang.pick("Phạm vi", "Scope"),
            "HTT",
            lang.pick("Trần", "Cap"),
            lang.pick("Ứng viên HTXS", "Candidates"),
            lang.pick("Vượt", "Excess"),
            lang.pick("Xem xét trước", "Look at first"),
        ]
        .iter()
        .map(|s| s.to_string())
        .collect();
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
                    (subject, _) => xeploai::unit::scope_label(&q.scope_id, subject.as_deref(), rules, lang),
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
        print!("{}", render::table(&headers, &rows));
    }
    if !roster.orgs.is_empty() {
        println!("\n{}", lang.pick("TỔ CHỨC", "ORGANIZATIONS"));
        let headers: Vec<String> = [
            lang.pick("Mã", "Id"),
            lang.pick("Tên", "Name"),
            lang.pick("Cấp trên", "Parent"),
            lang.pick("Xếp loại", "Level"),
        ]
        .iter()
        .map(|s| s.to_string())
        .collect();
        let mut classifier = Classifier::new(rules);
        let rows: Vec<Vec<String>> = roster
            .orgs
            .records
            .iter()
            .enumerate()
            .map(|(i, r)| {
                let (_, explanation) = classifier.explain(r.kind, &result.org_rows[i], None);
                let level = if result.orgs_proposed[i] == NO_LEVEL {
                    explanation.decided_by.summary.get(lang).to_string()
                } else {
                    level_short(rules, result.orgs_proposed[i])
                };
                vec![r.id.clone(), r.name.clone(), r.org.clone().unwrap_or_default(), level]
            })
            .collect();
        print!("{}", render::table(&headers, &rows));
    }
    println!("\n{}", lang.pick("PHÂN BỐ", "DISTRIBUTION"));
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
    let line = |name: &str, d: &xeploai::unit::Distribution| {
        let mut row = vec![name.to_string()];
        let classified = d.classified().max(1);
        row.extend(d.levels.iter().map(|c| {
            format!(
                "{c} ({})",
                xeploai::Num::ratio(*c as i64, classified as i64)
                    .unwrap_or(xeploai::Num::ZERO)
                    .display_percent(lang, 2)
            )
        }));
        row.push(d.not_classified.to_string());
        if referred {
            row.push(d.referred.to_string());
        }
        if invalid {
            row.push(d.invalid.to_string());
        }
        row.push((d.incomplete + d.failed).to_string());
        row
    };
    let mut rows = vec![
        line(lang.pick("Đảng viên (đề xuất)", "Members (proposed)"), &result.member_distribution),
        line(lang.pick("Đảng viên (theo tiêu chí)", "Members (by criteria)"), &result.member_distribution_by_criteria),
    ];
    if result.org_distribution.total > 0 {
        rows.push(line(lang.pick("Tổ chức", "Organizations"), &result.org_distribution));
    }
    print!("{}", render::table(&headers, &rows));
    if let Some(targets) = targets {
        println!();
        print_targets(targets, Format::Table, lang);
    }
}

/// A member's level in the unit table: the short name, or for a referred or invalid member what it is instead.
fn unit_level_text(rules: &RuleSet, verdict: &xeploai::Verdict, level: u8, lang: Lang) -> String {
    if level != NO_LEVEL {
        return level_short(rules, level);
    }
    match verdict.outcome {
        xeploai::Outcome::Referred { otherwise, .. } => match otherwise {
            Some(l) => format!(
                "{} ({} {})",
                lang.pick("chờ quyết định", "referred"),
                lang.pick("nếu không:", "otherwise"),
                rules.levels[l as usize].short
            ),
            None => lang.pick("chờ quyết định", "referred").into(),
        },
        xeploai::Outcome::Invalid { .. } => lang.pick("số liệu mâu thuẫn", "contradictory data").into(),
        _ => "-".into(),
    }
}

/// The members for the competent level to decide, listed for the committee (nothing when there are none).
fn print_referred(rules: &RuleSet, roster: &Roster, result: &xeploai::unit::UnitResult, lang: Lang) {
    let rows: Vec<Vec<String>> = roster
        .members
        .records
        .iter()
        .zip(&result.members)
        .filter_map(|(r, verdict)| {
            let xeploai::Outcome::Referred { rule, otherwise } = verdict.outcome else { return None };
            Some(vec![
                r.id.clone(),
                r.name.clone(),
                r.org.clone().unwrap_or_default(),
                rules.disqualifiers[rule as usize].name.get(lang).to_string(),
                otherwise.map(|l| rules.levels[l as usize].short.clone()).unwrap_or_else(|| "?".into()),
            ])
        })
        .collect();
    if rows.is_empty() {
        return;
    }
    println!(
        "\n{}",
        lang.pick(
            "CHỜ CẤP CÓ THẨM QUYỀN XEM XÉT, QUYẾT ĐỊNH (không tính vào mức nào, không vào tỷ lệ)",
            "FOR THE COMPETENT LEVEL TO DECIDE (in no level, not in the quota)"
        )
    );
    let headers: Vec<String> = [
        lang.pick("Mã", "Id"),
        lang.pick("Họ tên", "Name"),
        lang.pick("Tổ chức", "Organization"),
        lang.pick("Trường hợp", "Case"),
        lang.pick("Nếu không thì", "Otherwise"),
    ]
    .iter()
    .map(|s| s.to_string())
    .collect();
    print!("{}", render::table(&headers, &rows));
}

/// Write each sheet as `<dir>/<sheet name folded>.csv` and say so on stderr.
fn write_sheets(dir: &Path, sheets: &[report::Sheet], lang: Lang) -> Result<(), Diagnostic> {
    let io_error = |path: &Path, error: std::io::Error| {
        Diagnostic::new(
            Code::Io,
            Location::in_file(Some(&path.display().to_string())),
            format!("không ghi được: {}", io_reason(&error)),
            format!("cannot write: {error}"),
        )
    };
    std::fs::create_dir_all(dir).map_err(|e| io_error(dir, e))?;
    for sheet in sheets {
        let path = dir.join(format!("{}.csv", sheet.file_stem()));
        std::fs::write(&path, report::sheet_csv(sheet)).map_err(|e| io_error(&path, e))?;
        eprintln!(
            "{} {} ({} {})",
            lang.pick("đã ghi", "wrote"),
            path.display(),
            sheet.rows.len(),
            lang.pick("dòng", "row(s)")
        );
    }
    Ok(())
}

/// One sheet of the report as a table (with its name as the title), CSV, or JSON.
fn print_sheet(sheet: &report::Sheet, format: Format) {
    match format {
        Format::Json => println!("{}", serde_json::to_string_pretty(sheet).unwrap_or_default()),
        Format::Csv => print!("{}", report::sheet_csv(sheet)),
        Format::Table => {
            let rows: Vec<Vec<String>> =
                sheet.rows.iter().map(|row| row.iter().map(report::Cell::text).collect()).collect();
            println!("{} ({})", sheet.name.to_uppercase(), sheet.rows.len());
            print!("{}", render::table(&sheet.headers, &rows));
        }
    }
}
