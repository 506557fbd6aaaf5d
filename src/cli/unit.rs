//! `xeploai unit`: a whole unit (members, quota per scope, organizations rolled up, targets) and its report.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use xeploai::decision::Basis;
use xeploai::diag::{Code, Diagnostic, Location};
use xeploai::targets::TargetStatus;
use xeploai::unit::{NO_LEVEL, Roster};
use xeploai::{Lang, RuleSet, render, report};

use xeploai::pipeline::{RowsFile, UnitJob, UnitRows};

use super::io::{
    RosterFile, as_pair, io_reason, is_workbook, load_rules_for, past_boms, print_diagnostics, read_roster,
    read_roster_as, read_text, take_table, unit_options,
};
use super::{Format, Review};
use crate::exit_code;
use xeploai::input::TableKind;

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
    /// The levels the distribution, the quota and the targets are counted on: `computed` (by the criteria, after
    /// the quota proposal), `proposed` (the roster's "Chi bộ đề nghị" column) or `decided` (its "Quyết định"
    /// column); a member without one counts at the earlier step. Named in the output.
    #[arg(long, value_name = "computed|proposed|decided")]
    pub basis: Option<String>,
}

pub fn run(args: Args, lang: Lang, review: Review) -> Result<ExitCode, Vec<Diagnostic>> {
    let Args { rules, members, orgs, targets, figures, format, out_dir, orgs_at, tasks, basis } = args;
    let (rules, warnings) = load_rules_for(rules.as_deref(), review, lang)?;
    let basis = match basis.as_deref() {
        None => Basis::Computed,
        Some(text) => Basis::parse(text).ok_or_else(|| {
            vec![Diagnostic::new(
                Code::Io,
                Location { path: Some("--basis".into()), ..Location::default() },
                format!("\"{text}\" không phải cơ sở tính: computed (tính được), proposed (đề nghị) hay decided (quyết định)"),
                format!("\"{text}\" is not a basis: computed, proposed or decided"),
            )]
        })?,
    };
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
    let (targets_text, figures_text) =
        (text_of(targets.as_ref())?, if targets.is_some() { text_of(figures.as_ref())? } else { None });
    // Rosters come as offices make them: any encoding, or a workbook. A CSV file is streamed into its table (its text
    // never held whole), unless a workbook comes with it (then both are read as rows, as the app reads them).
    // `XEPLOAI_PHASES=1`: when each phase ends (read, run, write), on stderr: the time since the start, and the
    // processor time of every thread so far where the system tells it (Linux).
    let (started, timed) = (std::time::Instant::now(), std::env::var_os("XEPLOAI_PHASES").is_some());
    let phase = |name: &str| {
        if timed {
            let processor = processor_seconds().map(|s| format!(", processor {s:.2} s")).unwrap_or_default();
            eprintln!("{name}: {:.3} s{processor}", started.elapsed().as_secs_f64());
        }
    };
    let workbook = is_workbook(&members) || orgs.as_deref().is_some_and(is_workbook);
    let members_name = members.display().to_string();
    let orgs_name = orgs.as_ref().map(|path| path.display().to_string());
    let stream = |name, kind| (!workbook).then(|| unit_options(&rules, name, kind));
    let (mut members_file, mut notices) =
        read_roster_as(&rules, &members, stream(&members_name, TableKind::Members).as_ref(), past_boms)?;
    let mut orgs_file = match (&orgs, &orgs_name) {
        (Some(path), Some(name)) => {
            let options = stream(name, TableKind::Organizations);
            let (file, more) = read_roster_as(&rules, path, options.as_ref(), past_boms)?;
            notices.extend(more);
            Some((file, name.clone()))
        }
        _ => None,
    };
    phase("read");
    // The members' task lists (one task a row, keyed by member id), read as text in any office encoding.
    let tasks_text = match &tasks {
        Some(path) => {
            let (file, more) = read_roster(path).map_err(|d| vec![d])?;
            notices.extend(more);
            match file {
                RosterFile::Text(text) => Some((text, path.display().to_string())),
                RosterFile::Rows(_) | RosterFile::Table(..) => {
                    return Err(vec![Diagnostic::new(
                        Code::Io,
                        Location::in_file(Some(&path.display().to_string())),
                        "danh sách nhiệm vụ (--tasks) cần là tệp CSV; hãy lưu trang tính thành CSV",
                        "the task lists (--tasks) must be a CSV file; save the sheet as CSV",
                    )]);
                }
            }
        }
        None => None,
    };
    let run = match (&mut members_file, &mut orgs_file) {
        (members_file, orgs_file) if !workbook => {
            let members_read = take_table(&rules, members_file, &members_name, TableKind::Members);
            let orgs_read =
                orgs_file.as_mut().map(|(file, name)| take_table(&rules, file, name, TableKind::Organizations));
            let names = (Some(members_name.as_str()), orgs_file.as_ref().map(|(_, name)| name.as_str()));
            let checks = (as_pair(&targets_text), as_pair(&figures_text));
            let mut run = xeploai::pipeline::UnitRun::from_read(
                &rules,
                members_read,
                orgs_read,
                names,
                as_pair(&tasks_text),
                checks,
            )?;
            if basis != Basis::Computed {
                run.set_basis(&rules, basis);
            }
            run
        }
        _ if tasks_text.is_some() => {
            return Err(vec![Diagnostic::new(
                Code::Io,
                Location::in_file(Some(&members_name)),
                "danh sách nhiệm vụ (--tasks) đi cùng danh sách đảng viên dạng CSV; hãy lưu bảng tính thành CSV",
                "task lists (--tasks) go with a CSV roster; save the workbook as CSV",
            )]);
        }
        _ => {
            let split = |file: &RosterFile, name: &str| match file {
                RosterFile::Rows(rows) => (rows.clone(), Vec::new()),
                RosterFile::Table(..) => unreachable!("with a workbook, no file is streamed into a table"),
                RosterFile::Text(text) => {
                    let (rows, mut problems) = xeploai::input::csv_rows(text);
                    for problem in &mut problems {
                        problem.location.file = Some(name.to_string());
                    }
                    (rows, problems)
                }
            };
            let (member_rows, member_problems) = split(&members_file, &members_name);
            let orgs_split = orgs_file.as_ref().map(|(file, name)| (split(file, name), name.clone()));
            let rows = UnitRows {
                members: RowsFile { name: &members_name, rows: &member_rows, problems: &member_problems },
                orgs: orgs_split.as_ref().map(|((rows, problems), name)| RowsFile { name, rows, problems }),
            };
            let mut run = UnitJob::new(Default::default()).run(&rules, &rows);
            if basis != Basis::Computed {
                run.set_basis(&rules, basis);
            }
            if let Some((text, file)) = as_pair(&targets_text) {
                let (set, more) = xeploai::targets::load_targets(&rules, text, file);
                let Some(set) = set else { return Err(more) };
                let typed = match as_pair(&figures_text) {
                    Some((text, file)) => {
                        let (typed, more) = xeploai::targets::Figures::load(&rules, text, file);
                        run.diagnostics.extend(more);
                        typed
                    }
                    None => None,
                };
                run.check_targets(&rules, &set, typed);
            }
            run
        }
    };
    phase("run");
    // The files' texts are read into the tables: let them go before the results are written.
    drop((members_file, orgs_file, tasks_text));
    let (roster, result, target_results) = (&run.roster, &run.result, run.targets.as_deref());
    let diagnostics: Vec<Diagnostic> =
        warnings.into_iter().chain(notices).chain(run.diagnostics.iter().cloned()).collect();
    print_diagnostics(&diagnostics, lang);
    // The basis is named whenever it is not the computed one or the roster declares levels of its own.
    if format == Format::Table && (basis != Basis::Computed || !roster.members.declared.is_empty()) {
        println!("{}", basis_line(&rules, roster, result, lang));
    }
    let orgs_at_sheet =
        orgs_at.as_ref().map(|levels| report::orgs_at_sheet(&rules, roster, result, levels, review.year, lang));
    // Written to stdout as made (a million members' rows are never one string).
    let stdout = std::io::stdout();
    let mut out = std::io::BufWriter::with_capacity(1 << 16, stdout.lock());
    let printed = match &orgs_at_sheet {
        Some(sheet) => print_sheet(&mut out, sheet, format),
        None => print_unit(&mut out, &rules, roster, result, target_results, format, review.year, lang),
    };
    printed.and_then(|()| out.flush()).map_err(|error| vec![cannot_write(Path::new("stdout"), &error)])?;
    drop(out);
    phase("write");
    if let Some(dir) = &out_dir {
        let mut sheets = report::sheets_after_members(&rules, roster, result, target_results, review.year, lang);
        sheets.extend(orgs_at_sheet);
        write_sheets(dir, &rules, roster, result, review.year, &sheets, lang).map_err(|d| vec![d])?;
    }
    let failed = target_results.into_iter().flatten().any(|t| t.status == TargetStatus::Fail);
    // The process ends here: its memory goes back whole, without freeing a million members' rows one by one.
    std::mem::forget(run);
    Ok(exit_code(&diagnostics, failed))
}

#[allow(clippy::too_many_arguments)]
fn print_unit(
    out: &mut impl Write,
    rules: &RuleSet,
    roster: &Roster,
    result: &xeploai::unit::UnitResult,
    targets: Option<&[xeploai::targets::TargetResult]>,
    format: Format,
    year: Option<i32>,
    lang: Lang,
) -> std::io::Result<()> {
    match format {
        Format::Json => {
            let blocks = report::Blocks::parallel();
            write_unit_json(&mut *out, rules, roster, result, targets, year, lang, blocks)?;
            writeln!(out)
        }
        // The members sheet of the report: the one export path, shared with `--out-dir` and the app.
        Format::Csv => {
            report::write_members_csv_in(out, rules, roster, result, year, lang, report::Blocks::parallel()).map(|_| ())
        }
        Format::Table => {
            render::unit::write_unit_text(&mut *out, rules, roster, result, targets, year, lang)?;
            write!(out, "\n{}", render::summary::summary_text(rules, roster, result, lang))
        }
    }
}

/// The unit as JSON, pretty-printed, each member's object made and written in turn: the bytes of the whole
/// document built as one `serde_json::Value` (its keys in the order `serde_json::Map` keeps them).
#[allow(clippy::too_many_arguments)]
fn write_unit_json(
    mut out: impl Write,
    rules: &RuleSet,
    roster: &Roster,
    result: &xeploai::unit::UnitResult,
    targets: Option<&[xeploai::targets::TargetResult]>,
    year: Option<i32>,
    lang: Lang,
    blocks: report::Blocks,
) -> std::io::Result<()> {
    use serde_json::{Value, json};

    // Each member's and organization's object as a struct whose fields come in the order `serde_json::Map` keeps
    // keys (sorted), so the bytes are those of the `json!` object it replaces, made without a map per row.
    #[derive(serde::Serialize)]
    #[serde(rename_all = "camelCase")]
    struct Member<'a> {
        by_criteria: Option<&'a str>,
        id: &'a str,
        org: Option<&'a str>,
        otherwise: Option<&'a str>,
        proposed: Option<&'a str>,
        score: Option<xeploai::Num>,
        status: xeploai::explain::ResultStatus,
    }
    #[derive(serde::Serialize)]
    struct Organization<'a> {
        base: bool,
        id: &'a str,
        level: Option<&'a str>,
        parent: Option<&'a str>,
    }
    let level_id = |level: u8| (level != NO_LEVEL).then(|| rules.levels[level as usize].id.as_str());
    let member = |i: usize| {
        let r = roster.members.record(i);
        let verdict = result.members.verdict(i);
        let otherwise = match verdict.outcome {
            xeploai::Outcome::Referred { otherwise: Some(l), .. } => Some(rules.levels[l as usize].id.as_str()),
            _ => None,
        };
        Member {
            by_criteria: verdict.level().map(|l| rules.levels[l].id.as_str()),
            id: r.id,
            org: r.org,
            otherwise,
            proposed: level_id(result.proposed[i]),
            score: verdict.score.known(),
            status: render::outcome_status(&verdict.outcome),
        }
    };
    let organization = |i: usize| {
        let r = roster.orgs.record(i);
        Organization { base: r.base, id: r.id, level: level_id(result.orgs_proposed[i]), parent: r.org }
    };
    // The document with the two long lists left out (`null` where they go), so its keys keep their order.
    let document = json!({
        "ruleSet": {"id": rules.id, "version": rules.version},
        "reviewYear": year,
        "members": null,
        "organizations": null,
        "quota": result.quotas,
        "basis": {"id": result.basis.id(), "name": result.basis.name().get(lang), "fallbacks": result.basis_fallbacks},
        "differences": xeploai::decision::differences(rules, roster, result).iter().map(|d| json!({
            "id": roster.members.record(d.member).id, "stage": d.stage, "declared": d.declared,
            "computed": d.computed, "reason": d.reason.get(lang),
        })).collect::<Vec<_>>(),
        "distribution": {"members": result.member_distribution, "membersByCriteria": result.member_distribution_by_criteria, "organizations": result.org_distribution, "baseOrganizations": result.base_org_distribution},
        "targets": targets,
    });

    let Value::Object(document) = document else {
        return Err(std::io::Error::other("the unit's JSON is an object"));
    };
    // The document written as `serde_json`'s pretty printer writes it (two spaces a level, `": "` after a key), the
    // long lists element by element, in blocks made on the other cores ([`report::write_blocks`]).
    out.write_all(b"{")?;
    for (k, (key, value)) in document.iter().enumerate() {
        out.write_all(if k == 0 { b"\n  " } else { b",\n  " })?;
        serde_json::to_writer(&mut out, key)?;
        out.write_all(b": ")?;
        match key.as_str() {
            "members" => json_list(&mut out, roster.members.len(), blocks, &member)?,
            "organizations" => json_list(&mut out, roster.orgs.len(), blocks, &organization)?,
            _ => json_nested(&mut out, value, 1)?,
        }
    }
    out.write_all(if document.is_empty() { b"}" } else { b"\n}" })
}

/// A value pretty-printed as `serde_json` prints it `depth` levels deep in a document, appended to `out`.
fn json_nested(out: &mut impl Write, value: &impl serde::Serialize, depth: usize) -> std::io::Result<()> {
    let mut serializer = serde_json::Serializer::with_formatter(out, Nested { depth, has_value: false });
    value.serialize(&mut serializer).map_err(std::io::Error::from)
}

/// `serde_json`'s pretty printer (`PrettyFormatter`: two spaces a level, `": "` after a key, an empty array or object
/// as `[]`, `{}`), its values started `depth` levels deep.
struct Nested {
    depth: usize,
    has_value: bool,
}

impl Nested {
    fn open<W: ?Sized + Write>(&mut self, out: &mut W, bracket: &[u8]) -> std::io::Result<()> {
        self.depth += 1;
        self.has_value = false;
        out.write_all(bracket)
    }

    fn close<W: ?Sized + Write>(&mut self, out: &mut W, bracket: &[u8]) -> std::io::Result<()> {
        self.depth -= 1;
        if self.has_value {
            out.write_all(b"\n")?;
            self.indent(out)?;
        }
        out.write_all(bracket)
    }

    fn item<W: ?Sized + Write>(&mut self, out: &mut W, first: bool) -> std::io::Result<()> {
        out.write_all(if first { b"\n" } else { b",\n" })?;
        self.indent(out)
    }

    fn indent<W: ?Sized + Write>(&self, out: &mut W) -> std::io::Result<()> {
        (0..self.depth).try_for_each(|_| out.write_all(b"  "))
    }
}

impl serde_json::ser::Formatter for Nested {
    fn begin_array<W: ?Sized + Write>(&mut self, out: &mut W) -> std::io::Result<()> {
        self.open(out, b"[")
    }

    fn end_array<W: ?Sized + Write>(&mut self, out: &mut W) -> std::io::Result<()> {
        self.close(out, b"]")
    }

    fn begin_array_value<W: ?Sized + Write>(&mut self, out: &mut W, first: bool) -> std::io::Result<()> {
        self.item(out, first)
    }

    fn end_array_value<W: ?Sized + Write>(&mut self, _: &mut W) -> std::io::Result<()> {
        self.has_value = true;
        Ok(())
    }

    fn begin_object<W: ?Sized + Write>(&mut self, out: &mut W) -> std::io::Result<()> {
        self.open(out, b"{")
    }

    fn end_object<W: ?Sized + Write>(&mut self, out: &mut W) -> std::io::Result<()> {
        self.close(out, b"}")
    }

    fn begin_object_key<W: ?Sized + Write>(&mut self, out: &mut W, first: bool) -> std::io::Result<()> {
        self.item(out, first)
    }

    fn begin_object_value<W: ?Sized + Write>(&mut self, out: &mut W) -> std::io::Result<()> {
        out.write_all(b": ")
    }

    fn end_object_value<W: ?Sized + Write>(&mut self, _: &mut W) -> std::io::Result<()> {
        self.has_value = true;
        Ok(())
    }
}

/// A list of `count` elements, element `i` made by `element(i)`, pretty-printed one level deep in the document.
fn json_list<T: serde::Serialize>(
    out: &mut impl Write,
    count: usize,
    blocks: report::Blocks,
    element: &(impl Fn(usize) -> T + Sync),
) -> std::io::Result<()> {
    if count == 0 {
        return out.write_all(b"[]");
    }
    out.write_all(b"[")?;
    report::write_blocks(
        out,
        count,
        blocks,
        || (),
        |(), range, buffer| {
            for i in range {
                buffer.extend_from_slice(if i == 0 { b"\n    " } else { b",\n    " });
                // Writing into memory does not fail.
                let _ = json_nested(buffer, &element(i), 2);
            }
        },
    )?;
    out.write_all(b"\n  ]")
}

/// The processor time (user and system) of the process so far, from `/proc/self/stat` (in hundredths of a second,
/// as Linux counts them); `None` elsewhere.
fn processor_seconds() -> Option<f64> {
    let stat = std::fs::read_to_string("/proc/self/stat").ok()?;
    // The fields after the command's name in parentheses: the state is the third field, user and system time the
    // fourteenth and fifteenth.
    let mut fields = stat.rsplit_once(')')?.1.split_whitespace().skip(11);
    let user: f64 = fields.next()?.parse().ok()?;
    let system: f64 = fields.next()?.parse().ok()?;
    Some((user + system) / 100.0)
}

/// "Cơ sở tính …: mức cấp có thẩm quyền quyết định (2 người tính theo bước trước)", then the differences between the
/// declared levels and the computed ones, one a line.
fn basis_line(rules: &RuleSet, roster: &Roster, result: &xeploai::unit::UnitResult, lang: Lang) -> String {
    let mut out = format!(
        "{}: {}",
        lang.pick("Cơ sở tính phân bố, tỷ lệ HTXS và chỉ tiêu", "Distribution, quota and targets counted on"),
        result.basis.name().get(lang)
    );
    if result.basis_fallbacks > 0 {
        out.push_str(&format!(
            " ({} {})",
            result.basis_fallbacks,
            lang.pick("người tính theo bước trước", "counted at the earlier step")
        ));
    }
    let differences = xeploai::decision::differences(rules, roster, result);
    if !differences.is_empty() {
        out.push_str(&format!("\n{}:", lang.pick("Khác mức tính được", "Differences from the computed level")));
        for d in &differences {
            let record = roster.members.record(d.member);
            out.push_str(&format!("\n  {} {}: {}", record.id, record.name, d.reason.get(lang)));
        }
    }
    out.push('\n');
    out
}

/// Write each sheet as `<dir>/<sheet name folded>.csv` and say so on stderr: the members sheet first, its rows
/// written as they are made ([`report::write_members_csv`]), then `sheets`.
fn write_sheets(
    dir: &Path,
    rules: &RuleSet,
    roster: &Roster,
    result: &xeploai::unit::UnitResult,
    year: Option<i32>,
    sheets: &[report::Sheet],
    lang: Lang,
) -> Result<(), Diagnostic> {
    std::fs::create_dir_all(dir).map_err(|e| cannot_write(dir, &e))?;
    let said = |path: &Path, rows: usize| {
        eprintln!("{} {} ({rows} {})", lang.pick("đã ghi", "wrote"), path.display(), lang.pick("dòng", "row(s)"))
    };
    let stem =
        report::Sheet { name: report::members_sheet_name(lang).to_string(), headers: Vec::new(), rows: Vec::new() }
            .file_stem();
    let path = dir.join(format!("{stem}.csv"));
    let file = std::fs::File::create(&path).map_err(|e| cannot_write(&path, &e))?;
    let out = std::io::BufWriter::with_capacity(1 << 16, file);
    let (_, rows) = report::write_members_csv_in(out, rules, roster, result, year, lang, report::Blocks::parallel())
        .map_err(|e| cannot_write(&path, &e))?;
    said(&path, rows);
    for sheet in sheets {
        let path = dir.join(format!("{}.csv", sheet.file_stem()));
        std::fs::write(&path, report::sheet_csv(sheet)).map_err(|e| cannot_write(&path, &e))?;
        said(&path, sheet.rows.len());
    }
    Ok(())
}

/// The `io` diagnostic of a file (or stdout) that could not be written.
fn cannot_write(path: &Path, error: &std::io::Error) -> Diagnostic {
    Diagnostic::new(
        Code::Io,
        Location::in_file(Some(&path.display().to_string())),
        format!("không ghi được: {}", io_reason(error)),
        format!("cannot write: {error}"),
    )
}

/// One sheet of the report as a table (with its name as the title), CSV, or JSON.
fn print_sheet(out: &mut impl Write, sheet: &report::Sheet, format: Format) -> std::io::Result<()> {
    match format {
        Format::Json => writeln!(out, "{}", serde_json::to_string_pretty(sheet).unwrap_or_default()),
        Format::Csv => write!(out, "{}", report::sheet_csv(sheet)),
        Format::Table => write!(out, "{}", report::sheet_text(sheet)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The unit's JSON written list by list, in blocks on several threads, is the document built whole as one
    /// `serde_json::Value` and pretty-printed, for blocks of one element, a few, and longer than the roster.
    #[test]
    fn the_json_in_blocks_is_the_document_built_whole() {
        let rules = xeploai::builtin::load(xeploai::builtin::DEFAULT).unwrap();
        let roster = xeploai::generate::roster(&rules, xeploai::generate::Shape::new(20_000, 5));
        let result = xeploai::unit::Unit::prepare(&rules, &roster, None, None).run(&rules, &roster);
        let write = |blocks| {
            let mut bytes = Vec::new();
            write_unit_json(&mut bytes, &rules, &roster, &result, None, Some(2025), Lang::Vi, blocks).unwrap();
            bytes
        };
        let plain = write(report::Blocks::ONE);
        // The whole document as one value: each list an array of the elements' values.
        let whole: serde_json::Value = serde_json::from_slice(&plain).unwrap();
        let members = whole["members"].as_array().unwrap().len();
        assert_eq!((members, whole["organizations"].as_array().unwrap().len()), (20_000, roster.orgs.len()));
        let whole = serde_json::to_vec_pretty(&whole).unwrap();
        assert!(plain == whole, "the JSON written list by list is the document pretty-printed whole");
        for rows in [1, 7, 4096, 50_000] {
            for threads in [1, 2, 3] {
                let blocks = report::Blocks { rows, threads };
                assert!(write(blocks) == plain, "{blocks:?}: the JSON differs from the one made in one piece");
            }
        }
    }
}
