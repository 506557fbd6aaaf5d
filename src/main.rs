//! `xeploai`: the command-line front end of the engine. It reads files, calls the library and prints; all rules
//! live in the library. Errors from files come out as `file:line:column: lỗi[code]: message`; the exit code is 0 when
//! nothing was reported, 1 when some input or check failed (results for the valid rows are still printed), 2 when a
//! rule file, an input file or the command line is unusable, 3 when only warnings were reported.

#![allow(clippy::result_large_err)] // see src/lib.rs

mod cli;

use std::process::ExitCode;

use clap::{Parser, Subcommand, ValueEnum};

use xeploai::Lang;
use xeploai::diag::{Diagnostic, has_errors};

use cli::Review;

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

#[derive(Subcommand)]
enum Command {
    /// Check rule files, target files and cases files, and run the cases beside them.
    Validate(cli::validate::Args),
    /// Classify each person or organization in a CSV or JSON file and explain it.
    Classify(cli::classify::Args),
    /// Classify a whole unit: members, quota per scope, organizations rolled up, targets.
    Unit(cli::unit::Args),
    /// Check targets against aggregate figures typed in by a committee.
    Targets(cli::targets::Args),
    /// Compare two rule sets on the same input: who moves between levels and why, the distribution, quota and
    /// targets before (A) and after (B). Without input, the settings that differ.
    Diff(cli::diff::Args),
    /// Print the table of diagnostic codes (Markdown), as kept in rules/README.md.
    Codes,
    /// Show a rule set: levels, facts, rules and where each comes from.
    Rules(cli::rules::Args),
    /// The official review form (Mẫu 01, 2A, 2B, 2C) from the file the app exports: Word, text or JSON.
    Form(cli::form::Args),
    /// Write a roster template for a rule set: Vietnamese headers, one example row, notes on every column.
    Template(cli::template::Args),
    /// Write a synthetic roster (members.csv, orgs.csv) for benchmarks and scale tests: the same seed, the same roster.
    Generate(cli::generate::Args),
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

fn run(command: Command, lang: Lang, review: Review) -> Result<ExitCode, Vec<Diagnostic>> {
    match command {
        Command::Validate(args) => cli::validate::run(args, lang),
        Command::Classify(args) => cli::classify::run(args, lang, review),
        Command::Unit(args) => cli::unit::run(args, lang, review),
        Command::Targets(args) => cli::targets::run(args, lang, review),
        Command::Diff(args) => cli::diff::run(args, lang),
        Command::Codes => cli::codes::run(),
        Command::Rules(args) => cli::rules::run(args, lang),
        Command::Form(args) => cli::form::run(args, lang, review),
        Command::Template(args) => cli::template::run(args, lang, review),
        Command::Generate(args) => cli::generate::run(args, lang, review),
    }
}
