//! `xeploai unit`: a whole unit (members, quota per scope, organizations rolled up, targets) and its report.

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use xeploai::diag::{Code, Diagnostic, Location};
use xeploai::targets::TargetStatus;
use xeploai::unit::{NO_LEVEL, Roster};
use xeploai::{Lang, RuleSet, render, report};

use super::io::{as_pair, io_reason, load_rules_for, print_diagnostics, read_text};
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
    /// The members' task lists: a CSV of one task (or product) a row, with the member id, optionally the list, and
    /// the list's fields (status, exceeded …); each member's counts are computed from her tasks.
    #[arg(long)]
    pub tasks: Option<PathBuf>,
}

pub fn run(args: Args, lang: Lang, review: Review) -> Result<ExitCode, Vec<Diagnostic>> {
    let Args { rules, members, orgs, targets, figures, format, out_dir, orgs_at, tasks } = args;
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
    // The files' texts, then the unit pipeline (read → prepare → run → contradictions → targets).
    let text_of = |path: &Path| read_text(path).map(|text| (text, path.display().to_string()));
    let text_of = |path: Option<&PathBuf>| path.map(|p| text_of(p)).transpose().map_err(|d| vec![d]);
    let members_text = text_of(Some(&members))?;
    let (orgs_text, targets_text) = (text_of(orgs.as_ref())?, text_of(targets.as_ref())?);
    let figures_text = if targets.is_some() { text_of(figures.as_ref())? } else { None };
    let files = xeploai::pipeline::UnitFiles {
        members: as_pair(&members_text).unwrap_or_default(),
        orgs: as_pair(&orgs_text),
        targets: as_pair(&targets_text),
        figures: as_pair(&figures_text),
    };
    let tasks_text = text_of(tasks.as_ref())?;
    let run = xeploai::pipeline::UnitRun::new_with_lists(&rules, &files, as_pair(&tasks_text))?;
    let (roster, result, target_results) = (&run.roster, &run.result, run.targets.as_deref());
    let diagnostics: Vec<Diagnostic> = warnings.into_iter().chain(run.diagnostics.iter().cloned()).collect();
    print_diagnostics(&diagnostics, lang);
    let orgs_at_sheet =
        orgs_at.as_ref().map(|levels| report::orgs_at_sheet(&rules, roster, result, levels, review.year, lang));
    match &orgs_at_sheet {
        Some(sheet) => print_sheet(sheet, format),
        None => print_unit(&rules, roster, result, target_results, format, review.year, lang),
    }
    if let Some(dir) = &out_dir {
        let mut sheets = report::unit_report_for_year(&rules, roster, result, target_results, review.year, lang);
        sheets.extend(orgs_at_sheet);
        write_sheets(dir, &sheets, lang).map_err(|d| vec![d])?;
    }
    let failed = target_results.into_iter().flatten().any(|t| t.status == TargetStatus::Fail);
    Ok(exit_code(&diagnostics, failed))
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
    print!("{}", render::unit::unit_text(rules, roster, result, targets, year, lang));
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
        Format::Table => print!("{}", report::sheet_text(sheet)),
    }
}
