//! Hostile and broken input at the command line: what comes out must be safe, and every failure must say so.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

fn xeploai(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_xeploai")).args(args).output().expect("the CLI runs")
}

fn stdout(output: &Output) -> String {
    String::from_utf8_lossy(&output.stdout).into_owned()
}

fn stderr(output: &Output) -> String {
    String::from_utf8_lossy(&output.stderr).into_owned()
}

/// A fresh directory for one test's files.
fn scratch(name: &str) -> PathBuf {
    let dir = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join(format!("hostile-{name}"));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

fn write(dir: &Path, name: &str, text: &str) -> String {
    let path = dir.join(name);
    std::fs::write(&path, text).unwrap();
    path.to_string_lossy().into_owned()
}

// ------------------------------------------------------------------------------------------------------------
// Formula injection: no CSV the product writes hands a formula to a spreadsheet program.

const HOSTILE_ROSTER: &str = "id,name,subject,org,common_points,task_points,tasks_assigned,tasks_on_time,tasks_exceeding\n\
    =1+1,\"=HYPERLINK(\"\"http://x\"\",\"\"a\"\")\",member,cb1,25,55,10,10,1\n\
    m2,\t=cmd|' /C calc'!A0,member,@SUM(A1),25,55,10,10,1\n\
    m3,-2+3,member,+cb,25,55,10,10,1\n";

/// Every cell of CSV text, unquoted (our own reader splits it).
fn cells(csv: &str) -> Vec<String> {
    let (rows, problems) = xeploai::input::csv_rows(csv);
    assert!(problems.is_empty(), "{problems:?}");
    rows.into_iter().flat_map(|(_, cells)| cells).collect()
}

fn assert_defused(csv: &str) {
    let cells = cells(csv);
    for cell in &cells {
        assert!(!cell.starts_with(['=', '+', '@', '\t', '\r']), "a formula leaves: {cell:?} in\n{csv}");
        assert!(!cell.starts_with('-') || cell == "-" || cell.parse::<f64>().is_ok(), "a formula leaves: {cell:?}");
    }
    for defused in ["'=1+1", "'=HYPERLINK(\"http://x\",\"a\")", "'=cmd|' /C calc'!A0", "'-2+3"] {
        assert!(cells.iter().any(|c| c == defused), "{defused} in\n{csv}");
    }
}

#[test]
fn formulas_are_defused_in_every_csv_the_cli_writes() {
    let dir = scratch("injection");
    let roster = write(&dir, "members.csv", HOSTILE_ROSTER);
    let classify = xeploai(&["classify", "--format", "csv", &roster]);
    assert!(classify.status.success(), "{}", stderr(&classify));
    assert_defused(&stdout(&classify));
    let unit = xeploai(&["unit", "--members", &roster, "--format", "csv"]);
    assert!(unit.status.success(), "{}", stderr(&unit));
    assert_defused(&stdout(&unit));
    assert!(stdout(&unit).contains(",'@SUM(A1),") && stdout(&unit).contains(",'+cb,"));
    let out = dir.join("out");
    let written = xeploai(&["unit", "--members", &roster, "--out-dir", out.to_str().unwrap()]);
    assert!(written.status.success(), "{}", stderr(&written));
    let members = std::fs::read_to_string(out.join("dang-vien.csv")).unwrap();
    assert_defused(&members);
}

#[test]
fn the_apps_export_is_defused_and_numbers_stay_numbers() {
    use xeploai::input::{ReadOptions, TableKind, read_csv};
    use xeploai::report::{sheet_csv, unit_report};
    use xeploai::unit::{Roster, Unit};
    let rules = xeploai::builtin::load(xeploai::builtin::DEFAULT).unwrap();
    let options = ReadOptions { file: None, kind: TableKind::Members, default_subject: Some(0) };
    let (members, diagnostics) = read_csv(&rules, HOSTILE_ROSTER, &options);
    assert!(diagnostics.is_empty(), "{diagnostics:?}");
    let roster = Roster { members, orgs: xeploai::input::Table::new(rules.facts.len()) };
    let result = Unit::prepare(&rules, &roster, None, None).run(&rules, &roster);
    let sheets = unit_report(&rules, &roster, &result, None, xeploai::Lang::Vi);
    let csv = sheet_csv(&sheets[0]);
    assert_defused(&csv);
    assert!(cells(&csv).iter().any(|c| c == "80"), "the score stays a number");
    // The one function every writer uses.
    use xeploai::render::csv_cell;
    for number in ["-3", "+2", "-27,5", "-12.5%", "80", "0"] {
        assert_eq!(csv_cell(number), number, "a number stays a number");
    }
    for (text, safe) in
        [("=1", "'=1"), ("-1+1", "'-1+1"), ("@x", "'@x"), ("\tx", "'\tx"), ("\r=1", "'\r=1"), ("--1", "'--1")]
    {
        assert_eq!(csv_cell(text), safe);
    }
    assert_eq!(csv_cell("Nguyễn Văn A"), "Nguyễn Văn A");
    assert_eq!(csv_cell("-"), "-", "the mark for no level");
}

// ------------------------------------------------------------------------------------------------------------
// Organization trees: roll-up is linear in depth; a circle of parents is reported once.

fn org_chain(n: usize, closed: bool) -> xeploai::input::Table {
    use xeploai::input::{ReadOptions, TableKind, read_csv};
    let rules = xeploai::builtin::load(xeploai::builtin::DEFAULT).unwrap();
    let mut text = String::from("id,parent,base,subject,common_points,task_points,tasks_assigned,tasks_on_time\n");
    for i in 0..n {
        let parent = if i > 0 {
            format!("o{}", i - 1)
        } else if closed {
            format!("o{}", n - 1)
        } else {
            String::new()
        };
        text.push_str(&format!("o{i},{parent},{},collective,25,55,10,10\n", if i == 0 { "có" } else { "" }));
    }
    let options = ReadOptions { file: Some("orgs.csv"), kind: TableKind::Organizations, default_subject: None };
    let (table, diagnostics) = read_csv(&rules, &text, &options);
    assert!(diagnostics.is_empty(), "{diagnostics:?}");
    table
}

#[test]
fn a_100000_deep_chain_rolls_up_to_its_root() {
    use xeploai::input::{ReadOptions, TableKind, read_csv};
    use xeploai::unit::{Roster, Unit};
    let rules = xeploai::builtin::load(xeploai::builtin::DEFAULT).unwrap();
    let depth = 100_000;
    let orgs = org_chain(depth, false);
    let members_text = format!(
        "id,name,subject,org,common_points,task_points,tasks_assigned,tasks_on_time,tasks_exceeding\n\
         m1,An,member,o{},25,55,10,10,1\nm2,Bình,member,o0,25,55,10,10,1\n",
        depth - 1
    );
    let options = ReadOptions { file: None, kind: TableKind::Members, default_subject: None };
    let (members, diagnostics) = read_csv(&rules, &members_text, &options);
    assert!(diagnostics.is_empty(), "{diagnostics:?}");
    let roster = Roster { members, orgs };
    let unit = Unit::prepare(&rules, &roster, None, None);
    assert!(unit.diagnostics.is_empty());
    assert_eq!(unit.org_depth[depth - 1], depth as u32 - 1);
    assert_eq!(unit.org_base[depth - 1], 0, "the root is the base organization of the whole chain");
    assert_eq!(unit.org_order[0], depth as u32 - 1, "the deepest first");
    let result = unit.run(&rules, &roster);
    let total = rules.fact_slot("all_members.total").expect("the roll-up fact") as usize;
    assert_eq!(result.org_rows.value(0, total), xeploai::Num::int(2), "both members reach the root");
    assert_eq!(result.org_rows.value(depth / 2, total), xeploai::Num::int(1));
    let direct = rules.fact_slot("members.total").unwrap() as usize;
    assert_eq!(result.org_rows.value(0, direct), xeploai::Num::int(1));
}

#[test]
fn a_circle_of_50000_parents_is_reported_once() {
    use xeploai::diag::Code;
    use xeploai::unit::{Roster, Unit};
    let rules = xeploai::builtin::load(xeploai::builtin::DEFAULT).unwrap();
    let roster = Roster { members: xeploai::input::Table::new(rules.input_count), orgs: org_chain(50_000, true) };
    let unit = Unit::prepare(&rules, &roster, None, Some("orgs.csv"));
    let rendered: Vec<String> = unit.diagnostics.iter().map(|d| d.render(xeploai::Lang::En)).collect();
    assert_eq!(
        rendered,
        ["orgs.csv:row 2 [parent]: error[organization-cycle]: \"o0\" is its own ancestor; its parent link is ignored"]
    );
    assert_eq!(unit.diagnostics[0].code, Code::OrganizationCycle);
    assert_eq!(unit.org_depth[49_999], 49_999, "o0 is the root once its link is cut");
}

// ------------------------------------------------------------------------------------------------------------
// The command line: a wrong language, a missing path or an unreadable cases file fail, and say so.

#[test]
fn an_unknown_language_is_refused() {
    let output = xeploai(&["--lang", "fr", "codes"]);
    assert_eq!(output.status.code(), Some(2));
    assert_eq!(
        stderr(&output),
        "lỗi: không có ngôn ngữ \"fr\"; chọn vi hoặc en\nerror: there is no language \"fr\"; choose vi or en\n"
    );
    assert!(stdout(&output).is_empty());
    assert!(xeploai(&["--lang", "en", "codes"]).status.success());
}

/// A directory holding a copy of the bundled rule set and its cases.
fn rules_dir(name: &str) -> PathBuf {
    let dir = scratch(name);
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    for file in ["qd366-2025.toml", "qd366-2025.cases.toml"] {
        std::fs::copy(root.join("rules").join(file), dir.join(file)).unwrap();
    }
    dir
}

#[test]
fn validate_fails_on_a_missing_path_and_an_unreadable_cases_file() {
    let dir = scratch("validate-missing");
    let missing = dir.join("no-such-dir");
    let output = xeploai(&["validate", missing.to_str().unwrap()]);
    assert_eq!(output.status.code(), Some(1), "{}", stdout(&output));
    assert!(stderr(&output).contains("no-such-dir: lỗi[io]: không đọc được: không có tệp hoặc thư mục này"));
    // An empty directory validates nothing: that is not a pass either.
    let output = xeploai(&["validate", dir.to_str().unwrap()]);
    assert_eq!(output.status.code(), Some(1));
    assert!(stderr(&output).contains("không có tệp .toml nào"));
    // A file that is not TOML, named on the command line.
    let csv = write(&dir, "members.csv", "id\n");
    assert_eq!(xeploai(&["validate", &csv]).status.code(), Some(1));

    let dir = rules_dir("validate-cases");
    assert!(xeploai(&["validate", dir.to_str().unwrap()]).status.success(), "the copy validates");
    std::fs::write(dir.join("qd366-2025.cases.toml"), b"[[case]]\nid = \"\xff\"\n").unwrap();
    let output = xeploai(&["validate", dir.to_str().unwrap()]);
    assert_eq!(output.status.code(), Some(1), "{}", stdout(&output));
    assert!(stderr(&output).contains("qd366-2025.cases.toml:2:7: lỗi[not-utf8]"), "{}", stderr(&output));
}

#[cfg(unix)]
#[test]
fn a_symlink_loop_is_visited_once() {
    let dir = rules_dir("validate-loop");
    std::os::unix::fs::symlink(&dir, dir.join("loop")).unwrap();
    std::fs::create_dir(dir.join("sub")).unwrap();
    std::os::unix::fs::symlink(&dir, dir.join("sub").join("up")).unwrap();
    let output = xeploai(&["validate", dir.to_str().unwrap()]);
    assert!(output.status.success(), "{}{}", stdout(&output), stderr(&output));
    let out = stdout(&output);
    assert_eq!(out.matches("hợp lệ").count(), 1, "one rule file, once: {out}");
}
