//! `xeploai`: the command-line front end of the engine. It reads files, calls the library and prints; all rules
//! live in the library. Errors from files come out as `file:line:column: lỗi[code]: message`; the exit code is 0 when
//! nothing was reported, 1 when some input or check failed (results for the valid rows are still printed), 2 when a
//! rule file, an input file or the command line is unusable, 3 when only warnings were reported.

#![allow(clippy::result_large_err)] // see src/lib.rs

use std::collections::HashSet;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use clap::{Parser, Subcommand, ValueEnum};

use xeploai::classify::Classifier;
use xeploai::diag::{Code, Diagnostic, Location, has_errors};
use xeploai::explain::ResultStatus;
use xeploai::input::{ReadOptions, Table, TableKind};
use xeploai::render;
use xeploai::report;
use xeploai::targets::{Figures, TargetStatus};
use xeploai::unit::{NO_LEVEL, Roster, Unit};
use xeploai::{Lang, RuleSet, builtin};

#[derive(Parser)]
#[command(
    name = "xeploai",
    version,
    about = "Xếp loại chất lượng tổ chức đảng và đảng viên / Year-end quality classification"
)]
struct Cli {
    /// Ngôn ngữ / language: vi, en.
    #[arg(long, global = true, default_value = "vi")]
    lang: String,
    /// Năm đánh giá / review year: without --rules, picks the official bundled rule set in force that year (and
    /// says which); with --rules, warns when the year is outside the rule set's years. Recorded in every result.
    #[arg(long, global = true)]
    year: Option<i32>,
    /// Whose review, for --year: party (đảng viên, tổ chức đảng) or civil_service (công chức, NĐ 335).
    #[arg(long, global = true, value_enum, default_value = "party")]
    domain: DomainArg,
    #[command(subcommand)]
    command: Command,
}

#[derive(Clone, Copy, ValueEnum, PartialEq, Eq)]
enum DomainArg {
    Party,
    #[value(name = "civil_service")]
    CivilService,
}

/// The review the command is run for: `--year` and `--domain`.
#[derive(Clone, Copy)]
struct Review {
    year: Option<i32>,
    domain: xeploai::doc::Domain,
}

#[derive(Clone, Copy, ValueEnum, PartialEq, Eq)]
enum Format {
    Table,
    Json,
    Csv,
}

#[derive(Subcommand)]
enum Command {
    /// Check rule files, target files and cases files, and run the cases beside them.
    Validate {
        /// Rule set for target files (a path or a bundled id).
        #[arg(long)]
        rules: Option<String>,
        /// Files or directories (all *.toml in them).
        paths: Vec<PathBuf>,
    },
    /// Classify each person or organization in a CSV or JSON file and explain it.
    Classify {
        #[arg(long)]
        rules: Option<String>,
        /// Subject kind for rows without a subject column (member, leader, outside, collective).
        #[arg(long)]
        subject: Option<String>,
        #[arg(long, value_enum, default_value = "table")]
        format: Format,
        /// Print the full explanation of each row.
        #[arg(long)]
        explain: bool,
        /// Registered target level for every row (đăng ký phấn đấu), e.g. htxs; a `target` column overrides it.
        #[arg(long)]
        target: Option<String>,
        input: PathBuf,
    },
    /// Classify a whole unit: members, quota per scope, organizations rolled up, targets.
    Unit {
        #[arg(long)]
        rules: Option<String>,
        #[arg(long)]
        members: PathBuf,
        #[arg(long)]
        orgs: Option<PathBuf>,
        #[arg(long)]
        targets: Option<PathBuf>,
        /// Figures typed in (admitted, plan…) to check beside the roster's counts.
        #[arg(long)]
        figures: Option<PathBuf>,
        #[arg(long, value_enum, default_value = "table")]
        format: Format,
        /// Also write every sheet of the report (members, organizations, distribution, quota, targets) as a CSV
        /// file in this directory (created if needed).
        #[arg(long)]
        out_dir: Option<PathBuf>,
        /// List only the organizations at these levels (ids or short names, e.g. `ht,kht`: the units a committee
        /// consolidates), as a table, CSV or JSON; with --out-dir, also written as a sheet of its own.
        #[arg(long, value_name = "LEVELS")]
        orgs_at: Option<String>,
    },
    /// Check targets against aggregate figures typed in by a committee.
    Targets {
        #[arg(long)]
        rules: Option<String>,
        #[arg(long)]
        targets: PathBuf,
        #[arg(long)]
        figures: PathBuf,
        #[arg(long, value_enum, default_value = "table")]
        format: Format,
    },
    /// Compare two rule sets on the same input: who moves between levels and why, the distribution, quota and
    /// targets before (A) and after (B). Without input, the settings that differ.
    Diff {
        /// The rule set as it is (A): a path or a bundled id; the default rule set when absent.
        #[arg(long)]
        left: Option<String>,
        /// The alternative (B): a path or a bundled id; A itself when absent (then change it with --classic or --set).
        #[arg(long)]
        right: Option<String>,
        /// B with one classic setting switched: quota-base (good only ↔ good or better), rounding (down ↔ nearest),
        /// band-fallback (cascade ↔ lowest).
        #[arg(long)]
        classic: Option<String>,
        /// B with a setting changed, e.g. `--set level.htxs.min_score=85` (repeatable; `xeploai diff --knobs` lists
        /// them).
        #[arg(long = "set", value_name = "KNOB=VALUE")]
        set: Vec<String>,
        /// List the settings of A (id, value, allowed values) and stop.
        #[arg(long)]
        knobs: bool,
        /// A roster: members (and --orgs), classified as a unit under each rule set.
        #[arg(long)]
        members: Option<PathBuf>,
        #[arg(long)]
        orgs: Option<PathBuf>,
        /// Targets checked on each side (on the roster's counts, or on --figures alone).
        #[arg(long)]
        targets: Option<PathBuf>,
        /// Figures typed in: beside a roster, or alone (counts per level as a committee reports them).
        #[arg(long)]
        figures: Option<PathBuf>,
        /// Subject kind for rows of INPUT without a subject column.
        #[arg(long)]
        subject: Option<String>,
        #[arg(long, value_enum, default_value = "table")]
        format: Format,
        /// Subjects (CSV or JSON), each compared on its own.
        input: Option<PathBuf>,
    },
    /// Print the table of diagnostic codes (Markdown), as kept in rules/README.md.
    Codes,
    /// Show a rule set: levels, facts, rules and where each comes from.
    Rules {
        #[arg(long)]
        rules: Option<String>,
        #[arg(long, value_enum, default_value = "table")]
        format: Format,
    },
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let Some(lang) = Lang::parse(&cli.lang) else {
        eprintln!(
            "lỗi: không có ngôn ngữ \"{0}\"; chọn vi hoặc en\nerror: there is no language \"{0}\"; choose vi or en",
            cli.lang
        );
        return ExitCode::from(2);
    };
    let domain = match cli.domain {
        DomainArg::Party => xeploai::doc::Domain::Party,
        DomainArg::CivilService => xeploai::doc::Domain::CivilService,
    };
    let review = Review { year: cli.year, domain };
    match run(cli.command, lang, review) {
        Ok(code) => code,
        Err(diagnostics) => {
            for d in &diagnostics {
                eprintln!("{}", d.render(lang));
            }
            ExitCode::from(2)
        }
    }
}

/// Why a file could not be read or written, in Vietnamese (the system's own words, in English, go in the English
/// message).
fn io_reason(error: &std::io::Error) -> &'static str {
    use std::io::ErrorKind;
    match error.kind() {
        ErrorKind::NotFound => "không có tệp hoặc thư mục này",
        ErrorKind::PermissionDenied => "không có quyền truy cập",
        ErrorKind::IsADirectory => "đây là một thư mục, không phải tệp",
        ErrorKind::NotADirectory => "một phần của đường dẫn không phải thư mục",
        ErrorKind::AlreadyExists => "đã có tệp trùng tên",
        ErrorKind::StorageFull => "ổ đĩa đã đầy",
        ErrorKind::ReadOnlyFilesystem => "ổ đĩa chỉ cho đọc",
        ErrorKind::InvalidData => "dữ liệu không đọc được",
        _ => "lỗi của hệ thống",
    }
}

/// Read a file as UTF-8 text; a file in another encoding is a located error, not a panic.
fn read_text(path: &Path) -> Result<String, Diagnostic> {
    let name = path.display().to_string();
    let bytes = std::fs::read(path).map_err(|error| {
        Diagnostic::new(
            Code::Io,
            Location::in_file(Some(&name)),
            format!("không đọc được tệp: {}", io_reason(&error)),
            format!("cannot read the file: {error}"),
        )
    })?;
    xeploai::input::decode(bytes, Some(&name))
}

/// The text of a rule set from a path or a bundled id (the default when none is given), with its name for
/// diagnostics and its path.
fn rules_text(spec: Option<&str>) -> Result<(String, String, Option<PathBuf>), Vec<Diagnostic>> {
    let spec = spec.unwrap_or(builtin::DEFAULT);
    Ok(match builtin::rule_text(spec) {
        Some(text) if !Path::new(spec).exists() => (text.to_string(), format!("rules/{spec}.toml"), None),
        _ => {
            let path = PathBuf::from(spec);
            (read_text(&path).map_err(|d| vec![d])?, path.display().to_string(), Some(path))
        }
    })
}

/// The bases an overlay named `name` may extend: a bundled rule set, or else a sibling file `<id>.toml`.
fn bases_near(name: &str) -> impl Fn(&str) -> Option<xeploai::overlay::Base> + use<> {
    let folder = Path::new(name).parent().map(Path::to_path_buf).unwrap_or_default();
    move |id: &str| match builtin::rule_text(id) {
        Some(text) => Some(xeploai::overlay::Base { file: format!("rules/{id}.toml"), text: text.to_string() }),
        None => {
            let path = folder.join(format!("{id}.toml"));
            let text = std::fs::read_to_string(&path).ok()?;
            Some(xeploai::overlay::Base { file: path.display().to_string(), text })
        }
    }
}

/// Compile a rule file's text; warnings (but disabled rules) are printed, errors returned.
fn compile_rules(text: &str, name: &str, lang: Lang) -> Result<RuleSet, Vec<Diagnostic>> {
    let (rules, diagnostics) = xeploai::ruleset::load_with(text, Some(name), &bases_near(name));
    for d in diagnostics.iter().filter(|d| !d.is_error() && d.code != Code::DisabledRule) {
        eprintln!("{}", d.render(lang));
    }
    rules.ok_or(diagnostics)
}

/// A rule set from a path or a bundled id (the default when none is given).
fn load_rules(spec: Option<&str>, lang: Lang) -> Result<(RuleSet, Option<PathBuf>), Vec<Diagnostic>> {
    let (text, name, path) = rules_text(spec)?;
    Ok((compile_rules(&text, &name, lang)?, path))
}

/// The rule set for a review: `--rules` (a path or a bundled id), or with `--year` alone the official bundled rule
/// set of the domain in force that year (said on stderr), or the default. A year outside the chosen rule set's years
/// is a warning, returned to be reported with the input's problems.
fn load_rules_for(
    spec: Option<&str>,
    review: Review,
    lang: Lang,
) -> Result<(RuleSet, Vec<Diagnostic>), Vec<Diagnostic>> {
    let Some(year) = review.year else { return Ok((load_rules(spec, lang)?.0, Vec::new())) };
    if spec.is_none() {
        let (entry, text) = builtin::in_force_text(year, review.domain).map_err(|text| {
            vec![Diagnostic::new(
                Code::NoRuleSetForYear,
                Location { path: Some("--year".into()), ..Location::default() },
                text.vi.clone(),
                text.get(Lang::En).to_string(),
            )]
        })?;
        eprintln!("{}", text.get(lang));
        return Ok((load_rules(Some(entry.id), lang)?.0, Vec::new()));
    }
    let (rules, _) = load_rules(spec, lang)?;
    let years = builtin::years_of(&rules);
    let mut warnings = Vec::new();
    if years.is_declared() && !years.contains(year) {
        warnings.push(Diagnostic::new(
            Code::YearOutsideRuleSet,
            Location { path: Some("--year".into()), ..Location::default() },
            format!(
                "năm đánh giá {year} nằm ngoài các năm bộ quy tắc {} áp dụng ({})",
                rules.id,
                years.describe(Lang::Vi)
            ),
            format!(
                "the review year {year} is outside the years the rule set {} governs ({})",
                rules.id,
                years.describe(Lang::En)
            ),
        ));
    }
    Ok((rules, warnings))
}

fn read_table(
    rules: &RuleSet,
    path: &Path,
    kind: TableKind,
    default_subject: Option<usize>,
) -> Result<(Table, Vec<Diagnostic>), Vec<Diagnostic>> {
    let text = read_text(path).map_err(|d| vec![d])?;
    let name = path.display().to_string();
    let options = ReadOptions { file: Some(&name), kind, default_subject };
    let is_json =
        path.extension().is_some_and(|e| e.eq_ignore_ascii_case("json")) || text.trim_start().starts_with(['[', '{']);
    Ok(if is_json {
        xeploai::input::read_json(rules, &text, &options)
    } else {
        xeploai::input::read_csv(rules, &text, &options)
    })
}

/// What a run reported, as its exit code (README, "Exit codes"): 0 nothing, 1 an error (a row or cell not read,
/// a rule not evaluated) or a target not met, 3 warnings only. (2, nothing could be done, is returned by `main`.)
fn exit_code(diagnostics: &[Diagnostic], target_failed: bool) -> ExitCode {
    if has_errors(diagnostics) || target_failed {
        ExitCode::from(1)
    } else if !diagnostics.is_empty() {
        ExitCode::from(3)
    } else {
        ExitCode::SUCCESS
    }
}

fn print_diagnostics(diagnostics: &[Diagnostic], lang: Lang) {
    for d in diagnostics {
        eprintln!("{}", d.render(lang));
    }
}

fn run(command: Command, lang: Lang, review: Review) -> Result<ExitCode, Vec<Diagnostic>> {
    match command {
        Command::Validate { rules, paths } => validate(rules.as_deref(), &paths, lang),
        Command::Classify { rules, subject, format, explain, target, input } => {
            let (rules, warnings) = load_rules_for(rules.as_deref(), review, lang)?;
            let default_subject = match &subject {
                Some(name) => {
                    Some(xeploai::input::parse_kind(&rules, name).ok_or_else(|| vec![unknown_subject(&rules, name)])?)
                }
                None => None,
            };
            let target = match &target {
                Some(name) => {
                    Some(xeploai::input::parse_level(&rules, name).ok_or_else(|| vec![unknown_level(&rules, name)])?)
                }
                None => None,
            };
            // Each row on its own: members and organizations (`collective`, roll-up counts typed in) alike.
            let (table, more) = read_table(&rules, &input, TableKind::Subjects, default_subject)?;
            let mut diagnostics: Vec<Diagnostic> = warnings.into_iter().chain(more).collect();
            print_diagnostics(&diagnostics, lang);
            let file = input.display().to_string();
            let contradictions = classify(&rules, &table, &file, format, explain, target, review.year, lang);
            print_diagnostics(&contradictions, lang);
            diagnostics.extend(contradictions);
            Ok(exit_code(&diagnostics, false))
        }
        Command::Unit { rules, members, orgs, targets, figures, format, out_dir, orgs_at } => {
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
            let orgs_at_sheet = orgs_at
                .as_ref()
                .map(|levels| report::orgs_at_sheet(&rules, &roster, &result, levels, review.year, lang));
            match &orgs_at_sheet {
                Some(sheet) => print_sheet(sheet, format),
                None => print_unit(&rules, &roster, &result, target_results.as_deref(), format, review.year, lang),
            }
            if let Some(dir) = &out_dir {
                let mut sheets = report::unit_report_for_year(
                    &rules,
                    &roster,
                    &result,
                    target_results.as_deref(),
                    review.year,
                    lang,
                );
                sheets.extend(orgs_at_sheet);
                write_sheets(dir, &sheets, lang).map_err(|d| vec![d])?;
            }
            let failed = target_results.iter().flatten().any(|t| t.status == TargetStatus::Fail);
            Ok(exit_code(&diagnostics, failed))
        }
        Command::Targets { rules, targets, figures, format } => {
            let (rules, warnings) = load_rules_for(rules.as_deref(), review, lang)?;
            let text = read_text(&targets).map_err(|d| vec![d])?;
            let (set, more) = xeploai::targets::load_targets(&rules, &text, Some(&targets.display().to_string()));
            let mut diagnostics: Vec<Diagnostic> = warnings.into_iter().chain(more).collect();
            let Some(set) = set else { return Err(diagnostics) };
            let text = read_text(&figures).map_err(|d| vec![d])?;
            let (figures, more) = Figures::load(&rules, &text, Some(&figures.display().to_string()));
            diagnostics.extend(more);
            let Some(figures) = figures else { return Err(diagnostics) };
            let (results, more) = xeploai::targets::check(&rules, &set, &figures);
            diagnostics.extend(more);
            print_diagnostics(&diagnostics, lang);
            if format == Format::Table {
                println!("{}", report::review_line(&rules, review.year, lang));
            }
            print_targets(&results, format, lang);
            let failed = results.iter().any(|t| t.status == TargetStatus::Fail);
            Ok(exit_code(&diagnostics, failed))
        }
        Command::Diff { left, right, classic, set, knobs, members, orgs, targets, figures, subject, format, input } => {
            let sides = DiffSides { left, right, classic, set };
            if knobs {
                let (text, name, _) = rules_text(sides.left.as_deref())?;
                print_knobs(&text, &name, format, lang)?;
                return Ok(ExitCode::SUCCESS);
            }
            let files = DiffFiles { members, orgs, targets, figures, subject, input };
            diff(&sides, &files, format, lang)
        }
        Command::Codes => {
            print!("{}", xeploai::diag::code_catalog());
            Ok(ExitCode::SUCCESS)
        }
        Command::Rules { rules, format } => {
            let (rules, _) = load_rules(rules.as_deref(), lang)?;
            print_rules(&rules, format, lang);
            Ok(ExitCode::SUCCESS)
        }
    }
}

fn unknown_subject(rules: &RuleSet, name: &str) -> Diagnostic {
    let ids: Vec<&str> = rules.subjects.iter().map(|s| s.id.as_str()).collect();
    Diagnostic::new(
        Code::WrongSubjectKind,
        Location::default(),
        format!("không có loại đối tượng \"{name}\"; các loại: {}", ids.join(", ")),
        format!("no subject kind \"{name}\"; the kinds are: {}", ids.join(", ")),
    )
}

fn unknown_level(rules: &RuleSet, name: &str) -> Diagnostic {
    let ids: Vec<&str> = rules.levels.iter().map(|l| l.id.as_str()).collect();
    Diagnostic::new(
        Code::UnknownLevel,
        Location::default(),
        format!("không có mức \"{name}\"; các mức: {}", ids.join(", ")),
        format!("no level \"{name}\"; the levels are: {}", ids.join(", ")),
    )
}

fn level_short(rules: &RuleSet, level: u8) -> String {
    if level == NO_LEVEL { "-".into() } else { rules.levels[level as usize].short.clone() }
}

/// Classify and print every row; the subjects whose facts contradict each other come back as diagnostics.
#[allow(clippy::too_many_arguments)]
fn classify(
    rules: &RuleSet,
    table: &Table,
    file: &str,
    format: Format,
    explain: bool,
    target: Option<usize>,
    year: Option<i32>,
    lang: Lang,
) -> Vec<Diagnostic> {
    let mut classifier = Classifier::new(rules);
    let mut verdicts = Vec::with_capacity(table.len());
    let mut rows = Vec::new();
    let mut json = Vec::new();
    let mut texts = Vec::new();
    for (i, record) in table.records.iter().enumerate() {
        let target = record.target.or(target);
        let (verdict, explanation) = classifier.explain(record.kind, table.row(i), target);
        verdicts.push(verdict);
        let level = match explanation.status {
            ResultStatus::Classified => explanation
                .level
                .as_deref()
                .and_then(|l| rules.level_index(l))
                .map(|l| rules.levels[l].short.clone())
                .unwrap_or_default(),
            ResultStatus::NotClassified => lang.pick("không xếp loại", "not classified").into(),
            ResultStatus::Referred => match explanation.referral.as_ref().and_then(|r| r.otherwise.as_deref()) {
                Some(otherwise) => format!(
                    "{} ({} {})",
                    lang.pick("chờ cấp có thẩm quyền quyết định", "for the competent level"),
                    lang.pick("nếu không:", "otherwise"),
                    rules.level_index(otherwise).map(|l| rules.levels[l].short.as_str()).unwrap_or(otherwise)
                ),
                None => lang.pick("chờ cấp có thẩm quyền quyết định", "for the competent level").into(),
            },
            ResultStatus::Invalid => lang.pick("số liệu mâu thuẫn", "contradictory data").into(),
            ResultStatus::Incomplete => lang.pick("thiếu dữ liệu", "incomplete").into(),
            ResultStatus::Failed => lang.pick("lỗi", "error").into(),
        };
        let score = explanation.score.as_ref().and_then(|s| s.total).map(|t| t.display(lang, 2)).unwrap_or_default();
        let next: Vec<String> = explanation
            .target
            .as_ref()
            .or(explanation.next_level.as_ref())
            .map(|gap| {
                gap.blockers
                    .iter()
                    .chain(&gap.unmet)
                    .map(|f| {
                        let unknown = if f.met.is_none() {
                            lang.pick(" (chưa đủ dữ liệu)", " (not enough data)")
                        } else {
                            ""
                        };
                        format!("{}{unknown}", f.name.get(lang))
                    })
                    .collect()
            })
            .unwrap_or_default();
        rows.push(vec![
            record.id.clone(),
            record.name.clone(),
            rules.subjects[record.kind].id.clone(),
            level,
            score,
            explanation.decided_by.summary.get(lang).to_string(),
            next.join("; "),
        ]);
        if format == Format::Csv {
            // Every exported row says which rules and which review produced it.
            let last = rows.len() - 1;
            rows[last].extend([
                rules.id.clone(),
                rules.version.clone(),
                year.map(|y| y.to_string()).unwrap_or_default(),
            ]);
        }
        if explain && format == Format::Table {
            texts.push(format!(
                "== {} {}\n{}",
                record.id,
                record.name,
                render::explanation_text(rules, &explanation, lang)
            ));
        }
        json.push(serde_json::json!({
            "id": record.id,
            "name": record.name,
            "subject": rules.subjects[record.kind].id,
            "row": record.row,
            "status": explanation.status,
            "level": explanation.level,
            "score": explanation.score.as_ref().and_then(|s| s.total),
            "decidedBy": explanation.decided_by,
            "ruleSet": rules.id,
            "ruleSetVersion": rules.version,
            "reviewYear": year,
            "explanation": if explain { serde_json::to_value(&explanation).unwrap_or_default() } else { serde_json::Value::Null },
        }));
    }
    let mut headers: Vec<String> = [
        lang.pick("Mã", "Id"),
        lang.pick("Họ tên", "Name"),
        lang.pick("Loại", "Kind"),
        lang.pick("Xếp loại", "Level"),
        lang.pick("Điểm", "Score"),
        lang.pick("Căn cứ", "Why"),
        lang.pick("Còn thiếu để lên mức (đăng ký)", "Missing for the next (registered) level"),
    ]
    .iter()
    .map(|s| s.to_string())
    .collect();
    if format == Format::Csv {
        headers.extend(
            [
                lang.pick("Bộ quy tắc", "Rule set"),
                lang.pick("Phiên bản", "Version"),
                lang.pick("Năm đánh giá", "Review year"),
            ]
            .map(String::from),
        );
    }
    match format {
        Format::Table => {
            println!("{}", report::review_line(rules, year, lang));
            print!("{}", render::table(&headers, &rows));
            for text in texts {
                println!();
                print!("{text}");
            }
        }
        Format::Csv => print!("{}", render::csv(&headers, &rows)),
        Format::Json => println!("{}", serde_json::to_string_pretty(&json).unwrap_or_default()),
    }
    xeploai::classify::contradictions(rules, table, &verdicts, Some(file))
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

fn print_targets(results: &[xeploai::targets::TargetResult], format: Format, lang: Lang) {
    if format == Format::Json {
        println!("{}", serde_json::to_string_pretty(results).unwrap_or_default());
        return;
    }
    let headers: Vec<String> = [
        lang.pick("Chỉ tiêu", "Target"),
        lang.pick("Yêu cầu", "Required"),
        lang.pick("Thực tế", "Actual"),
        lang.pick("Kết quả", "Status"),
        lang.pick("Chênh lệch", "Margin"),
        lang.pick("Số báo cáo", "Reported"),
    ]
    .iter()
    .map(|s| s.to_string())
    .collect();
    let rows: Vec<Vec<String>> = results
        .iter()
        .map(|r| {
            let status = match r.status {
                TargetStatus::Pass => lang.pick("ĐẠT", "PASS"),
                TargetStatus::Fail => lang.pick("KHÔNG ĐẠT", "FAIL"),
                TargetStatus::Pending => lang.pick("ĐANG THỰC HIỆN", "PENDING"),
                TargetStatus::NoData => lang.pick("THIẾU SỐ LIỆU", "NO DATA"),
            };
            vec![
                r.name.get(lang).to_string(),
                r.bound.get(lang).to_string(),
                r.summary.get(lang).to_string(),
                status.to_string(),
                r.margins.iter().map(|m| m.text.get(lang).to_string()).collect::<Vec<_>>().join("; "),
                r.reported.as_ref().map(|c| c.text.get(lang).to_string()).unwrap_or_default(),
            ]
        })
        .collect();
    match format {
        Format::Csv => print!("{}", render::csv(&headers, &rows)),
        _ => {
            println!("{}", lang.pick("CHỈ TIÊU", "TARGETS"));
            print!("{}", render::table(&headers, &rows));
        }
    }
}

fn print_rules(rules: &RuleSet, format: Format, lang: Lang) {
    if format == Format::Json {
        println!("{}", serde_json::to_string_pretty(rules).unwrap_or_default());
        return;
    }
    println!("{} ({}, {})", rules.name.get(lang), rules.id, rules.version);
    let years = builtin::years_of(rules);
    if years.is_declared() {
        let domain = match builtin::domain_of(rules) {
            xeploai::doc::Domain::Party => lang.pick("đảng viên, tổ chức đảng", "party members and organizations"),
            xeploai::doc::Domain::CivilService => lang.pick("công chức", "civil servants"),
        };
        println!("{}: {} ({domain})", lang.pick("Năm đánh giá", "Review years"), years.describe(lang));
    }
    if let Some(d) = &rules.description {
        println!("{}", d.get(lang));
    }
    let headers: Vec<String> = [
        lang.pick("Giai đoạn", "Stage"),
        lang.pick("Mã", "Id"),
        lang.pick("Nội dung", "Rule"),
        lang.pick("Điều kiện", "Expression"),
        lang.pick("Nguồn", "Source"),
        lang.pick("Trạng thái", "Status"),
    ]
    .iter()
    .map(|s| s.to_string())
    .collect();
    let mut rows = Vec::new();
    for level in &rules.levels {
        let band = level.min_score.map(|m| format!("score >= {m}")).unwrap_or_default();
        rows.push(vec![
            format!("{} {}", lang.pick("mức", "level"), level.short),
            level.id.clone(),
            level.name.get(lang).to_string(),
            band,
            level.source.as_ref().map(|s| s.cite(lang)).unwrap_or_default(),
            level.source.as_ref().map(|s| format!("{:?}", s.status).to_lowercase()).unwrap_or_default(),
        ]);
    }
    for (stage, rule) in rules.all_rules() {
        let mut name = rule.name.get(lang).to_string();
        if !rule.enabled {
            name.push_str(lang.pick(" [đang tắt]", " [off]"));
        }
        rows.push(vec![
            stage.to_string(),
            rule.id.clone(),
            name,
            rule.expr.text().to_string(),
            rule.source.cite(lang),
            format!("{:?}", rule.source.status).to_lowercase(),
        ]);
    }
    for quota in &rules.quotas {
        rows.push(vec![
            "quota".into(),
            quota.id.clone(),
            quota.name.get(lang).to_string(),
            format!("{:?} {:?} {:?}", quota.base, quota.scopes, quota.rounding).to_lowercase(),
            quota.source.cite(lang),
            format!("{:?}", quota.source.status).to_lowercase(),
        ]);
    }
    print!("{}", render::table(&headers, &rows));
}

/// The text of a cases file, if there is one; a cases file that exists but cannot be read is an error, printed and
/// counted.
fn read_cases(path: &Path, lang: Lang, errors: &mut usize) -> Option<String> {
    if !path.exists() {
        return None;
    }
    match read_text(path) {
        Ok(text) => Some(text),
        Err(diagnostic) => {
            eprintln!("{}", diagnostic.render(lang));
            *errors += 1;
            None
        }
    }
}

/// Validate every rule, target and cases file given (directories: every `*.toml` in them, recursively).
fn validate(rules_spec: Option<&str>, paths: &[PathBuf], lang: Lang) -> Result<ExitCode, Vec<Diagnostic>> {
    let mut files = Vec::new();
    let mut problems = Vec::new();
    let mut seen = HashSet::new();
    let default_paths = [PathBuf::from("rules")];
    for path in if paths.is_empty() { &default_paths[..] } else { paths } {
        collect_toml(path, true, &mut seen, &mut files, &mut problems);
    }
    files.sort();
    print_diagnostics(&problems, lang);
    let mut errors = problems.len();
    if files.is_empty() && problems.is_empty() {
        eprintln!("{}", lang.pick("lỗi: không có tệp .toml nào để kiểm tra", "error: there is no .toml file to check"));
        errors += 1;
    }
    let mut passed = 0usize;
    for file in &files {
        let name = file.display().to_string();
        if name.ends_with(".cases.toml") {
            continue; // run with the file they belong to
        }
        let text = match read_text(file) {
            Ok(text) => text,
            Err(d) => {
                eprintln!("{}", d.render(lang));
                errors += 1;
                continue;
            }
        };
        let cases_path = PathBuf::from(name.trim_end_matches(".toml").to_string() + ".cases.toml");
        let is_target_file = text.lines().any(|l| l.trim() == "[target_set]");
        let (diagnostics, report) = if is_target_file {
            let (rules, _) = load_rules(rules_spec, lang)?;
            let (set, diagnostics) = xeploai::targets::load_targets(&rules, &text, Some(&name));
            let report = match (&set, read_cases(&cases_path, lang, &mut errors)) {
                (Some(set), Some(cases)) => {
                    Some(xeploai::cases::run_target_cases(&rules, set, &cases, Some(&cases_path.display().to_string())))
                }
                _ => None,
            };
            (diagnostics, report)
        } else {
            let (rules, diagnostics) = xeploai::ruleset::load_with(&text, Some(&name), &bases_near(&name));
            let report = match (&rules, read_cases(&cases_path, lang, &mut errors)) {
                (Some(rules), Some(cases)) => {
                    Some(xeploai::cases::run_cases(rules, &cases, Some(&cases_path.display().to_string())))
                }
                _ => None,
            };
            (diagnostics, report)
        };
        print_diagnostics(&diagnostics, lang);
        let file_errors = diagnostics.iter().filter(|d| d.is_error()).count();
        errors += file_errors;
        match report {
            Some(report) => {
                print_diagnostics(&report.diagnostics, lang);
                errors += report.failed;
                passed += report.passed;
                println!(
                    "{name}: {} · {}: {} {}, {} {}",
                    if file_errors == 0 {
                        lang.pick("hợp lệ", "valid")
                    } else {
                        lang.pick("có lỗi", "has errors")
                    },
                    cases_path.display(),
                    report.passed,
                    lang.pick("đạt", "passed"),
                    report.failed,
                    lang.pick("không đạt", "failed")
                );
            }
            None => {
                let note = if cases_path.exists() {
                    ""
                } else {
                    lang.pick(" (chưa có tệp trường hợp)", " (no cases file)")
                };
                println!(
                    "{name}: {}{note}",
                    if file_errors == 0 {
                        lang.pick("hợp lệ", "valid")
                    } else {
                        lang.pick("có lỗi", "has errors")
                    }
                );
                if !cases_path.exists() {
                    errors += 1;
                }
            }
        }
    }
    println!(
        "{}: {passed} {}, {errors} {}",
        lang.pick("Tổng", "Total"),
        lang.pick("trường hợp đạt", "cases passed"),
        lang.pick("lỗi", "errors")
    );
    Ok(if errors == 0 { ExitCode::SUCCESS } else { ExitCode::from(1) })
}

/// The `*.toml` files at `path` (itself, or in it recursively). Each directory is visited once, by its real path,
/// so a symbolic link that loops back is not followed again. A path that does not exist or cannot be listed,
/// or a file named on the command line that is not `.toml`, is a problem.
fn collect_toml(
    path: &Path,
    named: bool,
    seen: &mut HashSet<PathBuf>,
    out: &mut Vec<PathBuf>,
    problems: &mut Vec<Diagnostic>,
) {
    let problem = |vi: String, en: String| {
        Diagnostic::new(Code::Io, Location::in_file(Some(&path.display().to_string())), vi, en)
    };
    let real = match std::fs::canonicalize(path) {
        Ok(real) => real,
        Err(error) => {
            problems.push(problem(format!("không đọc được: {}", io_reason(&error)), format!("cannot read: {error}")));
            return;
        }
    };
    if real.is_dir() {
        if !seen.insert(real) {
            return;
        }
        let entries = match std::fs::read_dir(path) {
            Ok(entries) => entries,
            Err(error) => {
                problems.push(problem(
                    format!("không đọc được thư mục: {}", io_reason(&error)),
                    format!("cannot read the directory: {error}"),
                ));
                return;
            }
        };
        let mut paths: Vec<PathBuf> = entries.flatten().map(|entry| entry.path()).collect();
        paths.sort();
        for entry in paths {
            collect_toml(&entry, false, seen, out, problems);
        }
    } else if path.extension().is_some_and(|e| e == "toml") {
        out.push(path.to_path_buf());
    } else if named {
        problems.push(problem(
            "không phải tệp quy tắc, chỉ tiêu hay trường hợp (.toml)".into(),
            "not a rule, target or cases file (.toml)".into(),
        ));
    }
}

/// The two rule sets of `diff`, as given on the command line.
struct DiffSides {
    left: Option<String>,
    right: Option<String>,
    classic: Option<String>,
    set: Vec<String>,
}

/// The input of `diff`.
struct DiffFiles {
    members: Option<PathBuf>,
    orgs: Option<PathBuf>,
    targets: Option<PathBuf>,
    figures: Option<PathBuf>,
    subject: Option<String>,
    input: Option<PathBuf>,
}

/// B's text: `--right` (or A's text), then `--classic`, then each `--set`; the settings that changed are printed by
/// the caller from the two texts.
fn right_text(sides: &DiffSides, left: &(String, String)) -> Result<(String, String), Vec<Diagnostic>> {
    let (mut text, mut name) = match &sides.right {
        Some(spec) => {
            let (text, name, _) = rules_text(Some(spec))?;
            (text, name)
        }
        None => left.clone(),
    };
    let locate = |mut d: Diagnostic, name: &str| {
        d.location.file = Some(name.to_string());
        vec![d]
    };
    if let Some(id) = &sides.classic {
        let classic = xeploai::knobs::Classic::parse(id).ok_or_else(|| {
            let ids: Vec<&str> = xeploai::knobs::Classic::ALL.iter().map(|c| c.id()).collect();
            vec![Diagnostic::new(
                Code::UnknownKnob,
                Location { path: Some("--classic".into()), ..Location::default() },
                format!("không có phép so sánh \"{id}\"; các phép: {}", ids.join(", ")),
                format!("no classic comparison \"{id}\"; they are: {}", ids.join(", ")),
            )]
        })?;
        text = xeploai::knobs::variant_with(&text, classic, &bases_near(&name)).map_err(|d| locate(d, &name))?.0;
        name = format!("{name} (--classic {id})");
    }
    for setting in &sides.set {
        let (id, value) = setting.split_once('=').unwrap_or((setting.as_str(), ""));
        text =
            xeploai::knobs::set_knob_with(&text, id.trim(), value, &bases_near(&name)).map_err(|d| locate(d, &name))?;
        name = format!("{name} (--set {setting})");
    }
    Ok((text, name))
}

fn print_knobs(text: &str, name: &str, format: Format, lang: Lang) -> Result<(), Vec<Diagnostic>> {
    let knobs = xeploai::knobs::knobs_with(text, &bases_near(name)).map_err(|mut ds| {
        for d in &mut ds {
            d.location.file = Some(name.to_string());
        }
        ds
    })?;
    if format == Format::Json {
        println!("{}", serde_json::to_string_pretty(&knobs).unwrap_or_default());
        return Ok(());
    }
    let headers = strings(&[
        lang.pick("Thiết lập", "Setting"),
        lang.pick("Giá trị", "Value"),
        lang.pick("Cho phép", "Allowed"),
        lang.pick("Nội dung", "Meaning"),
    ]);
    let rows: Vec<Vec<String>> = knobs
        .iter()
        .map(|k| {
            let allowed = match &k.kind {
                xeploai::knobs::KnobKind::Number { min, max } => format!(
                    "{}–{}",
                    min.map(|m| m.display(lang, 2)).unwrap_or_default(),
                    max.map(|m| m.display(lang, 2)).unwrap_or_default()
                ),
                xeploai::knobs::KnobKind::Choice { choices } => {
                    choices.iter().map(|c| c.id.as_str()).collect::<Vec<_>>().join(" | ")
                }
                xeploai::knobs::KnobKind::Switch => "true | false".to_string(),
                xeploai::knobs::KnobKind::List { choices } => {
                    format!("{} …", choices.iter().map(|c| c.id.as_str()).collect::<Vec<_>>().join(", "))
                }
            };
            vec![k.id.clone(), k.value.clone(), allowed, k.label.get(lang).to_string()]
        })
        .collect();
    print!("{}", if format == Format::Csv { render::csv(&headers, &rows) } else { render::table(&headers, &rows) });
    Ok(())
}

fn strings(names: &[&str]) -> Vec<String> {
    names.iter().map(|s| s.to_string()).collect()
}

/// `xeploai diff`: the settings that differ, then the comparison of the input given (a roster, subjects or
/// figures).
fn diff(sides: &DiffSides, files: &DiffFiles, format: Format, lang: Lang) -> Result<ExitCode, Vec<Diagnostic>> {
    use xeploai::compare::{self, Pair, UnitFiles, UnitRun, UnitSide};
    let (left_text, left_name, _) = rules_text(sides.left.as_deref())?;
    let left_source = (left_text, left_name);
    let (right_text, right_name) = right_text(sides, &left_source)?;
    let left = compile_rules(&left_source.0, &left_source.1, lang)?;
    let right = compile_rules(&right_text, &right_name, lang)?;
    let bases = bases_near(&left_source.1);
    let settings = xeploai::knobs::changes_with(&left_source.0, &right_text, &bases).unwrap_or_default();
    let rules = Pair { left: &left, right: &right };
    let settings_text = || {
        let mut out = format!("{}\n", lang.pick("THIẾT LẬP KHÁC NHAU (A → B)", "SETTINGS THAT DIFFER (A → B)"));
        if settings.is_empty() {
            out.push_str(lang.pick("(không có thiết lập chung nào khác)\n", "(none of the common settings differ)\n"));
        }
        for change in &settings {
            out.push_str(&format!("– {}\n", change.describe().get(lang)));
        }
        out
    };
    let read = |path: &PathBuf| -> Result<(String, String), Vec<Diagnostic>> {
        Ok((read_text(path).map_err(|d| vec![d])?, path.display().to_string()))
    };
    let optional = |path: &Option<PathBuf>| path.as_ref().map(read).transpose();
    let mut failed = false;
    if let Some(members) = &files.members {
        let members = read(members)?;
        let (orgs, targets, figures) = (optional(&files.orgs)?, optional(&files.targets)?, optional(&files.figures)?);
        let unit_files = UnitFiles {
            members: (&members.0, Some(&members.1)),
            orgs: as_pair(&orgs),
            targets: as_pair(&targets),
            figures: as_pair(&figures),
        };
        let l = UnitRun::new(&left, &unit_files)?;
        let r = UnitRun::new(&right, &unit_files)?;
        print_diagnostics(&l.diagnostics, lang);
        failed = compare::has_reading_errors(&l, &r);
        let comparison =
            compare::compare_units(UnitSide { rules: &left, run: &l }, UnitSide { rules: &right, run: &r }, usize::MAX);
        match format {
            Format::Json => println!(
                "{}",
                serde_json::to_string_pretty(&serde_json::json!({"settings": settings, "unit": comparison}))
                    .unwrap_or_default()
            ),
            Format::Csv => print!("{}", compare::movers_csv(&comparison, lang)),
            Format::Table => print!("{}\n{}", settings_text(), compare::unit_text(&comparison, rules, lang)),
        }
    } else if let Some(input) = &files.input {
        let comparisons = diff_subjects(&left, &right, input, files.subject.as_deref(), lang)?;
        failed = comparisons.1;
        match format {
            Format::Json => println!(
                "{}",
                serde_json::to_string_pretty(&serde_json::json!({"settings": settings, "subjects": comparisons.0}))
                    .unwrap_or_default()
            ),
            Format::Csv => {
                let headers = strings(&["id", "name", "subject", "a", "b", "movement"]);
                let rows: Vec<Vec<String>> = comparisons
                    .0
                    .iter()
                    .map(|c| {
                        vec![
                            c.id.clone(),
                            c.name.clone(),
                            c.subject.clone(),
                            c.place.left.clone(),
                            c.place.right.clone(),
                            format!("{:?}", c.movement).to_lowercase(),
                        ]
                    })
                    .collect();
                print!("{}", render::csv(&headers, &rows));
            }
            Format::Table => print!("{}\n{}", settings_text(), compare::subjects_text(&comparisons.0, rules, lang)),
        }
    } else if let Some(figures) = &files.figures {
        let figures = read(figures)?;
        let targets = optional(&files.targets)?;
        let comparison = compare::compare_figures(&left, &right, (&figures.0, Some(&figures.1)), as_pair(&targets))?;
        match format {
            Format::Json => println!(
                "{}",
                serde_json::to_string_pretty(&serde_json::json!({"settings": settings, "figures": comparison}))
                    .unwrap_or_default()
            ),
            _ => print!("{}\n{}", settings_text(), compare::figures_text(&comparison, lang)),
        }
    } else {
        match format {
            Format::Json => println!("{}", serde_json::to_string_pretty(&settings).unwrap_or_default()),
            _ => print!("{}", settings_text()),
        }
    }
    Ok(if failed { ExitCode::from(1) } else { ExitCode::SUCCESS })
}

/// Each row of a subjects file read with each rule set and compared on its own (matched by id); the second value
/// says whether reading found errors.
fn diff_subjects(
    left: &RuleSet,
    right: &RuleSet,
    input: &Path,
    subject: Option<&str>,
    lang: Lang,
) -> Result<(Vec<xeploai::compare::SubjectComparison>, bool), Vec<Diagnostic>> {
    use xeploai::compare::SubjectSide;
    let side = |rules: &RuleSet| -> Result<(Table, Vec<Diagnostic>), Vec<Diagnostic>> {
        let default_subject = match subject {
            Some(name) => {
                Some(xeploai::input::parse_kind(rules, name).ok_or_else(|| vec![unknown_subject(rules, name)])?)
            }
            None => None,
        };
        let kind = if default_subject.is_some_and(|k| rules.subjects[k].collective) {
            TableKind::Organizations
        } else {
            TableKind::Members
        };
        read_table(rules, input, kind, default_subject)
    };
    let (left_table, left_diagnostics) = side(left)?;
    let (right_table, right_diagnostics) = side(right)?;
    print_diagnostics(&left_diagnostics, lang);
    let mut out = Vec::new();
    let right_rows: std::collections::HashMap<&str, usize> =
        right_table.records.iter().enumerate().rev().map(|(j, r)| (r.id.as_str(), j)).collect();
    for (i, record) in left_table.records.iter().enumerate() {
        let j = right_rows.get(record.id.as_str()).copied();
        let right_kind = j.and_then(|j| {
            let kind = right_table.records[j].kind;
            (right.subjects[kind].id == left.subjects[record.kind].id).then_some(kind)
        });
        let missing = vec![xeploai::Num::MISSING; right.facts.len()];
        out.push(xeploai::compare::compare_values(
            &record.id,
            &record.name,
            SubjectSide { rules: left, kind: Some(record.kind), values: left_table.row(i), target: record.target },
            SubjectSide {
                rules: right,
                kind: right_kind,
                values: j.map_or(&missing[..], |j| right_table.row(j)),
                target: j.and_then(|j| right_table.records[j].target),
            },
        ));
    }
    Ok((out, has_errors(&left_diagnostics) || has_errors(&right_diagnostics)))
}

/// A file read for `diff`, as `(text, Some(name))`.
fn as_pair(file: &Option<(String, String)>) -> Option<(&str, Option<&str>)> {
    file.as_ref().map(|(text, name)| (text.as_str(), Some(name.as_str())))
}
