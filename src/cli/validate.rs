//! `xeploai validate`: check rule, target and cases files and run the cases beside them.

use std::collections::HashSet;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use xeploai::Lang;
use xeploai::diag::{Code, Diagnostic, Location};

use super::io::{bases_near, io_reason, load_rules, print_diagnostics, read_text};

/// The arguments of the subcommand.
#[derive(clap::Args)]
pub struct Args {
    /// Rule set for target files (a path or a bundled id).
    #[arg(long)]
    pub rules: Option<String>,
    /// Files or directories (all *.toml in them).
    pub paths: Vec<PathBuf>,
}

pub fn run(args: Args, lang: Lang) -> Result<ExitCode, Vec<Diagnostic>> {
    validate(args.rules.as_deref(), &args.paths, lang)
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
        let cases_name = cases_path.display().to_string();
        let cases = read_cases(&cases_path, lang, &mut errors);
        let check = xeploai::cases::check_file(
            &text,
            &name,
            cases.as_deref().map(|c| (c, cases_name.as_str())),
            &bases_near(&name),
            || load_rules(rules_spec, lang).map(|(rules, _)| rules),
        )?;
        let (diagnostics, report) = (check.diagnostics, check.report);
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
