//! The report for export: the example unit (`examples/dang-bo-mau/`, with the bloc committee's targets and the
//! figures typed in beside the roster, merged as the CLI does) rendered as the CSV of each sheet, in Vietnamese, is
//! a golden file; the JSON for the XLSX writer keeps numbers as numbers.

use std::path::PathBuf;

use xeploai::input::{ReadOptions, TableKind, read_csv};
use xeploai::report::{Cell, Sheet, sheet_csv, sheets_json, unit_report};
use xeploai::targets::{Figures, TargetResult};
use xeploai::unit::{Roster, Unit, UnitResult};
use xeploai::{Lang, RuleSet, builtin};

fn text(path: &str) -> String {
    std::fs::read_to_string(PathBuf::from(env!("CARGO_MANIFEST_DIR")).join(path)).unwrap()
}

/// The example unit classified, with its targets checked, as `xeploai unit --members … --orgs … --targets …
/// --figures …` does.
fn example() -> (RuleSet, Roster, UnitResult, Vec<TargetResult>) {
    let rules = builtin::load(builtin::DEFAULT).unwrap();
    let read = |path: &str, kind: TableKind| {
        let default_subject = rules.subjects.iter().position(|s| s.collective == (kind == TableKind::Organizations));
        let options = ReadOptions { file: Some(path), kind, default_subject };
        let (table, diagnostics) = read_csv(&rules, &text(path), &options);
        assert!(diagnostics.is_empty(), "{diagnostics:?}");
        table
    };
    let roster = Roster {
        members: read("examples/dang-bo-mau/members.csv", TableKind::Members),
        orgs: read("examples/dang-bo-mau/orgs.csv", TableKind::Organizations),
    };
    let unit = Unit::prepare(&rules, &roster, None, None);
    assert!(unit.diagnostics.is_empty());
    let result = unit.run(&rules, &roster);
    let (set, diagnostics) =
        xeploai::targets::load_targets(&rules, &text("rules/targets/dang-uy-khoi-2026.toml"), None);
    assert!(diagnostics.is_empty(), "{diagnostics:?}");
    let mut figures = Figures::from_unit(&result);
    let (typed, diagnostics) = Figures::load(&rules, &text("examples/dang-bo-mau/figures.toml"), None);
    assert!(diagnostics.is_empty(), "{diagnostics:?}");
    let typed = typed.unwrap();
    figures.values = typed.values;
    figures.as_of = typed.as_of;
    figures.reported = typed.reported;
    figures.reported_ratios = typed.reported_ratios;
    let (checked, _) = xeploai::targets::check(&rules, &set.unwrap(), &figures);
    (rules, roster, result, checked)
}

fn rendered(sheets: &[Sheet]) -> String {
    sheets
        .iter()
        .map(|sheet| {
            let csv = sheet_csv(sheet);
            assert!(csv.starts_with('\u{feff}'), "{}: UTF-8 with BOM", sheet.name);
            format!("== {} ({}.csv)\n{}", sheet.name, sheet.file_stem(), csv.trim_start_matches('\u{feff}'))
        })
        .collect::<Vec<_>>()
        .join("\n")
}

#[test]
fn the_example_unit_report_in_vietnamese() {
    let (rules, roster, result, targets) = example();
    let sheets = unit_report(&rules, &roster, &result, Some(&targets), Lang::Vi);
    let names: Vec<&str> = sheets.iter().map(|s| s.name.as_str()).collect();
    assert_eq!(names, ["Đảng viên", "Tổ chức", "Phân bố", "Tổng hợp", "Tỷ lệ", "Chỉ tiêu"]);
    for sheet in &sheets {
        assert!(sheet.rows.iter().all(|row| row.len() == sheet.headers.len()), "{}: ragged rows", sheet.name);
    }
    assert_eq!(sheets[0].rows.len(), roster.members.len());
    insta::assert_snapshot!("example_unit_report_vi", rendered(&sheets));
}

#[test]
fn english_names_and_no_targets_sheet_without_targets() {
    let (rules, roster, result, _) = example();
    let sheets = unit_report(&rules, &roster, &result, None, Lang::En);
    let names: Vec<&str> = sheets.iter().map(|s| s.name.as_str()).collect();
    assert_eq!(names, ["Members", "Organizations", "Distribution", "Summary", "Quota"]);
    assert_eq!(sheets[0].headers[6], "Proposed after the quota");
    let vp03 = sheets[0].rows.iter().find(|r| r[0] == Cell::Text("vp03".into())).unwrap();
    assert_eq!(vp03[4], Cell::Number(90.0));
    assert_eq!(
        vp03[7],
        Cell::Text(
            "In the score band and meets every condition of HTXS. Proposed HTT as the quota is exceeded in db-stp"
                .into()
        )
    );
    // Without organizations or quota there are no such sheets.
    let members_only = Roster { members: roster.members.clone(), orgs: xeploai::input::Table::new(rules.facts.len()) };
    let alone = Unit::prepare(&rules, &members_only, None, None).run(&rules, &members_only);
    let names: Vec<String> =
        unit_report(&rules, &members_only, &alone, None, Lang::Vi).into_iter().map(|s| s.name).collect();
    assert!(names.starts_with(&["Đảng viên".to_string()]) && !names.contains(&"Tổ chức".to_string()), "{names:?}");
}

#[test]
fn json_for_the_workbook_writer_keeps_numbers() {
    let (rules, roster, result, targets) = example();
    let sheets = unit_report(&rules, &roster, &result, Some(&targets), Lang::Vi);
    let json: serde_json::Value = serde_json::from_str(&sheets_json(&sheets)).unwrap();
    let array = json.as_array().unwrap();
    assert_eq!(array.len(), sheets.len());
    let members = &array[0];
    assert_eq!(members["name"], "Đảng viên");
    assert_eq!(members["headers"][4], "Điểm");
    assert_eq!(members["rows"][0][0], "vp01");
    assert!(members["rows"][0][4].is_number(), "the score is a number: {}", members["rows"][0][4]);
    assert_eq!(members["rows"][0][4].as_f64(), Some(94.0));
    let distribution = &array[2];
    assert_eq!(distribution["rows"][0][4].as_f64(), Some(35.0), "HTXS by the criteria: 7 of 20 (tt06 is suspended)");
    let keys: Vec<&String> = members.as_object().unwrap().keys().collect();
    assert_eq!(keys, ["headers", "name", "rows"]);
    assert_eq!(sheets_json(&[]), "[]");
}

#[test]
fn the_weak_units_are_listed_and_exported_as_one_sheet() {
    let (rules, roster, result, _) = example();
    let levels = xeploai::report::parse_levels(&rules, "ht, KHT").unwrap();
    assert_eq!(levels, vec![2, 3]);
    assert!(xeploai::report::parse_levels(&rules, "ht,xx").unwrap_err().vi.contains("\"xx\""));
    // Counts in = counts out: the lists by level partition the organizations that have a level.
    let by_level: usize = (0..rules.levels.len()).map(|l| xeploai::report::orgs_at(&result, &[l]).len()).sum();
    let with_level = result.orgs_proposed.iter().filter(|l| **l != xeploai::unit::NO_LEVEL).count();
    assert_eq!(by_level, with_level);
    let sheet = xeploai::report::orgs_at_sheet(&rules, &roster, &result, &levels, Some(2026), Lang::Vi);
    assert_eq!(sheet.name, "Tổ chức HT, KHT");
    let ids: Vec<String> = sheet.rows.iter().map(|row| row[0].text()).collect();
    assert_eq!(ids, vec!["cb-ttr"]);
    assert_eq!(sheet.rows[0][5].text(), "HT");
    // The same columns as the organizations sheet of the full report.
    let full = unit_report(&rules, &roster, &result, None, Lang::Vi);
    assert_eq!(full[1].headers, sheet.headers);
    // Every row records the rule set, its version and the review year.
    assert_eq!(&sheet.headers[7..], ["Bộ quy tắc", "Phiên bản", "Năm đánh giá"]);
    let cells: Vec<String> = sheet.rows[0][7..].iter().map(Cell::text).collect();
    assert_eq!(cells, ["qd366-2025", "2025.2", "2026"]);
    assert_eq!(full[1].rows.iter().find(|row| row[0].text() == "cb-ttr").unwrap()[..7], sheet.rows[0][..7]);
}

/// What `xeploai unit` prints for the example unit (members, referred, quota, organizations, distribution, targets)
/// is a golden file in both languages, and its targets table says for each target what the report's targets sheet
/// says: both come from `render::targets::row`.
#[test]
fn unit_text_of_the_example() {
    let (rules, roster, result, targets) = example();
    for lang in [Lang::Vi, Lang::En] {
        let text = xeploai::render::unit::unit_text(&rules, &roster, &result, Some(&targets), Some(2026), lang);
        insta::assert_snapshot!(format!("unit_text_{}", lang.code()), text);
        let sheets = xeploai::report::unit_report_for_year(&rules, &roster, &result, Some(&targets), Some(2026), lang);
        let sheet = sheets.iter().find(|s| s.name == lang.pick("Chỉ tiêu", "Targets")).unwrap();
        for (target, row) in targets.iter().zip(&sheet.rows) {
            let cells: Vec<String> = row.iter().map(Cell::text).collect();
            assert_eq!(cells, xeploai::render::targets::row(target, lang));
            let line = text.lines().find(|l| l.starts_with(target.name.get(lang))).unwrap();
            assert!(line.contains(&xeploai::render::targets::margins_text(target, lang)), "{line}");
        }
    }
}

/// The summary a committee reports upward: per organization, counts and percentages in separate columns (never run
/// together as "1466,67%"); the member rows add up to the total row, column by column, and so do people in and out.
#[test]
fn the_summary_counts_everyone_once_with_percentages_apart() {
    use xeploai::render::summary::{Part, percent, summary, summary_sheet};
    let (rules, roster, result, _) = example();
    let rows = summary(&rules, &roster, &result, Lang::Vi);
    let members: Vec<_> = rows.iter().filter(|r| r.part == Part::Members && !r.total).collect();
    let labels: Vec<&str> = members.iter().map(|r| r.label.as_str()).collect();
    assert_eq!(labels, ["Chi bộ Văn phòng", "Chi bộ Hành chính - Bổ trợ tư pháp", "Chi bộ Thanh tra"]);
    let total = rows.iter().find(|r| r.part == Part::Members && r.total).unwrap();
    assert_eq!(total.counts.total, roster.members.len() as u64);
    for level in 0..rules.levels.len() {
        let sum: u64 = members.iter().map(|r| r.counts.levels[level]).sum();
        assert_eq!(sum, total.counts.levels[level], "level {level}");
    }
    let sum: u64 = members.iter().map(|r| r.counts.total).sum();
    assert_eq!(sum, total.counts.total, "each member once");
    for row in &rows {
        assert_eq!(row.counts.total, row.counts.classified() + row.not_classified() + row.pending(), "{}", row.label);
    }
    let orgs = rows.iter().find(|r| r.part == Part::Organizations && r.total).unwrap();
    assert_eq!(orgs.counts.total, roster.orgs.len() as u64);
    let under = rows.iter().find(|r| r.code == "db-stp" && r.part == Part::Organizations).unwrap();
    assert_eq!((under.label.as_str(), under.counts.total), ("Trực thuộc Đảng bộ Sở Tư pháp", 3));
    assert_eq!(percent(1, 3).map(|p| p.to_f64()), Some(33.33));
    assert_eq!(percent(0, 0), None, "no percentage of nobody");

    let sheet = summary_sheet(&rules, &roster, &result, Lang::Vi);
    assert_eq!(sheet.name, "Tổng hợp");
    assert_eq!(sheet.headers[5..7], ["HTXS (số lượng)", "HTXS (%)"]);
    assert!(sheet.rows.iter().all(|row| row.len() == sheet.headers.len()));
    let english = summary_sheet(&rules, &roster, &result, Lang::En);
    assert_eq!((english.name.as_str(), english.headers[6].as_str()), ("Summary", "HTXS (%)"));
    insta::assert_snapshot!("example_summary_vi", sheet_csv(&sheet).trim_start_matches('\u{feff}'));
}

/// Members that could not be read, or that name no organization, stay in the summary: in their organization's
/// row when the roster names one, in "no organization" otherwise, and always in the total.
#[test]
fn the_summary_keeps_unread_rows_and_members_without_an_organization() {
    use xeploai::render::summary::{Part, summary};
    let rules = builtin::load(builtin::DEFAULT).unwrap();
    let csv = "Mã,Họ và tên,Chi bộ,Loại,Điểm nhóm tiêu chí chung,Điểm kết quả thực hiện nhiệm vụ\n\
               a1,An,cb1,member,28,64\n\
               a2,Bình,,member,28,64\n\
               a3,Chi,cb1,không biết,28,64\n";
    let options = ReadOptions { file: None, kind: TableKind::Members, default_subject: Some(0) };
    let (members, _) = read_csv(&rules, csv, &options);
    assert_eq!((members.len(), members.unread.len()), (2, 1));
    let roster = Roster { members, orgs: xeploai::input::Table::new(rules.facts.len()) };
    let result = Unit::prepare(&rules, &roster, None, None).run(&rules, &roster);
    let rows = summary(&rules, &roster, &result, Lang::Vi);
    let seen: Vec<(&str, u64, u64)> =
        rows.iter().map(|r| (r.label.as_str(), r.counts.total, r.counts.unreadable)).collect();
    assert_eq!(seen, [("cb1", 2, 1), ("Không thuộc tổ chức nào", 1, 0), ("Cộng đảng viên", 3, 1)]);
    assert!(rows.iter().all(|r| r.part == Part::Members), "no organizations without an organizations table");
}

/// `xeploai unit --out-dir` writes the summary beside the other sheets (`tong-hop.csv`), the same text as the sheet.
#[test]
fn the_cli_writes_the_summary_sheet() {
    let (rules, roster, result, _) = example();
    let out = std::env::temp_dir().join(format!("xeploai-report-summary-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&out);
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    let status = std::process::Command::new(env!("CARGO_BIN_EXE_xeploai"))
        .args(["unit", "--members"])
        .arg(root.join("examples/dang-bo-mau/members.csv"))
        .arg("--orgs")
        .arg(root.join("examples/dang-bo-mau/orgs.csv"))
        .arg("--out-dir")
        .arg(&out)
        .output()
        .unwrap();
    assert!(status.status.code().is_some_and(|c| c != 2), "{}", String::from_utf8_lossy(&status.stderr));
    let written = std::fs::read_to_string(out.join("tong-hop.csv")).unwrap();
    let sheet = xeploai::render::summary::summary_sheet(&rules, &roster, &result, Lang::Vi);
    assert_eq!(written, sheet_csv(&sheet));
    let _ = std::fs::remove_dir_all(&out);
}
