//! Rosters as offices make them (tests/fixtures/rosters/offices/, written by its make.py): title rows and merged
//! cells above the header, semicolons and comma decimals, blank lines, Vietnamese words in coded columns, Windows-1258,
//! UTF-16, TCVN3 and VNI text, mistakes and signature lines. Each is read as the CLI and the app read it, with exact
//! expectations: who is read, who could not be, the rows the messages name, the converted names. And over every
//! roster fixture: the number of people in equals the number out.

use std::path::{Path, PathBuf};

use xeploai::diag::{Code, Diagnostic};
use xeploai::input::{ReadOptions, Table, TableKind};
use xeploai::pipeline::{RowsFile, UnitJob, UnitRows, default_subject};
use xeploai::{Lang, RuleSet};

fn rules() -> RuleSet {
    xeploai::builtin::load_default()
}

fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/rosters").join(name)
}

/// A file's rows and the notices of reading it, as the app gets them: a workbook's first sheet, or text decoded
/// whatever its encoding and split into rows.
fn rows_of(path: &Path) -> (Vec<(u32, Vec<String>)>, Vec<Diagnostic>) {
    let bytes = std::fs::read(path).unwrap();
    let name = path.file_name().unwrap().to_string_lossy().into_owned();
    if name.ends_with(".xlsx") {
        let sheets = xeploai_xlsx::sheet_names(&bytes).unwrap();
        let cells = xeploai_xlsx::read_sheet(&bytes, &sheets[0]).unwrap();
        let mut rows: Vec<(u32, Vec<String>)> = cells.into_iter().enumerate().map(|(i, r)| (i as u32 + 1, r)).collect();
        let notices = xeploai::encoding::convert_legacy_rows(&mut rows, Some(&name)).into_iter().collect();
        return (rows, notices);
    }
    let (text, mut notices) = xeploai::input::decode_roster(&bytes, Some(&name));
    let (rows, mut problems) = xeploai::input::csv_rows(&text);
    for problem in &mut problems {
        problem.location.file = Some(name.clone());
    }
    notices.extend(problems);
    (rows, notices)
}

/// Read a members file as the app does (rows in steps through the pipeline's job), and as the CLI does for text
/// (`read_csv` at once); both must agree. The table and every problem (notices first).
fn read_members(rules: &RuleSet, name: &str) -> (Table, Vec<Diagnostic>) {
    let path = fixture(name);
    let (rows, problems) = rows_of(&path);
    let file_name = path.file_name().unwrap().to_string_lossy().into_owned();
    let files = UnitRows { members: RowsFile { name: &file_name, rows: &rows, problems: &problems }, orgs: None };
    let run = UnitJob::new(Default::default()).run(rules, &files);
    if !name.ends_with(".xlsx") {
        let bytes = std::fs::read(&path).unwrap();
        let (text, _) = xeploai::input::decode_roster(&bytes, Some(&file_name));
        let options = ReadOptions {
            file: Some(&file_name),
            kind: TableKind::Members,
            default_subject: default_subject(rules, TableKind::Members),
        };
        let (once, _) = xeploai::input::read_csv(rules, &text, &options);
        assert_eq!(once.to_records(), run.roster.members.to_records(), "{name}: read at once and in steps");
        assert_eq!(once.unread, run.roster.members.unread, "{name}: read at once and in steps");
    }
    let diagnostics = run.diagnostics[..run.reading].to_vec();
    (run.roster.members, diagnostics)
}

/// `(row, id, name)` of each member read.
fn read_rows(table: &Table) -> Vec<(u32, &str, &str)> {
    table.records().map(|r| (r.row, r.id, r.name)).collect()
}

/// `(row, id, name)` of each row that could not be read.
fn unread_rows(table: &Table) -> Vec<(u32, &str, &str)> {
    table.unread.iter().map(|u| (u.row, u.id.as_str(), u.name.as_str())).collect()
}

/// `code row` of each problem.
fn problems(diagnostics: &[Diagnostic]) -> Vec<String> {
    diagnostics
        .iter()
        .map(|d| match d.location.row {
            Some(row) => format!("{} {row}", d.code),
            None => d.code.to_string(),
        })
        .collect()
}

fn message(diagnostics: &[Diagnostic], code: Code, row: u32) -> &str {
    diagnostics
        .iter()
        .find(|d| d.code == code && d.location.row == Some(row))
        .map(|d| d.message.get(Lang::Vi))
        .unwrap_or_else(|| panic!("no {code} at row {row}: {:?}", problems(diagnostics)))
}

fn fact(rules: &RuleSet, table: &Table, id: &str, fact: &str) -> String {
    let index = table.records().position(|r| r.id == id).unwrap();
    let slot = rules.fact_slot(fact).unwrap() as usize;
    table.value(index, slot).display(Lang::En, 2)
}

#[test]
fn a_cells_list_saved_as_csv_with_titles_semicolons_and_mistakes() {
    let rules = rules();
    let (table, diagnostics) = read_members(&rules, "offices/chi-bo-an-binh.csv");
    assert_eq!(
        read_rows(&table),
        [
            (7, "dv01", "Nguyễn Văn An"),
            (8, "dv02", "Trần Thị Bình"),
            (10, "dv03", "Lê Văn Cường"),
            (14, "dv07", "Đỗ Văn Hải"),
            (15, "dv08", "Bùi Thị Lan")
        ]
    );
    assert_eq!(
        unread_rows(&table),
        [(11, "", "Phạm Thị Dung"), (12, "dv05", "Hoàng Văn Đức"), (13, "dv01", "Vũ Thị Giang")]
    );
    // Eight people in the list, eight out: five read, three kept as "could not be read".
    assert_eq!(table.people(), 8);
    assert_eq!(
        problems(&diagnostics),
        [
            "header-row 6",
            "missing-value 11",
            "wrong-subject-kind 12",
            "duplicate-subject 13",
            "empty-cells 14",
            "not-a-person 17",
            "not-a-person 18",
            "not-a-person 19"
        ]
    );
    assert!(message(&diagnostics, Code::HeaderRow, 6).contains("«ĐẢNG BỘ XÃ AN BÌNH»"));
    assert!(message(&diagnostics, Code::MissingValue, 11).starts_with("[Phạm Thị Dung] thiếu mã"));
    assert!(
        message(&diagnostics, Code::WrongSubjectKind, 12).starts_with("[dv05 · Hoàng Văn Đức] \"Đảng viên dự bị\"")
    );
    assert!(
        message(&diagnostics, Code::DuplicateSubject, 13)
            .starts_with("[dv01 · Vũ Thị Giang] mã \"dv01\" trùng với dòng 7")
    );
    assert!(message(&diagnostics, Code::EmptyCells, 14).contains("\"Điểm nhóm tiêu chí chung\""));
    assert!(message(&diagnostics, Code::NotAPerson, 18).contains("«BÍ THƯ CHI BỘ»"));
    // Comma decimals, and Vietnamese words in the coded columns in any case, with or without diacritics.
    assert_eq!(fact(&rules, &table, "dv01", "common_points"), "28.5");
    assert!(table.records().all(|r| rules.subjects[r.kind].id == "member"));
    assert_eq!(fact(&rules, &table, "dv01", "discipline"), "0");
    assert_eq!(fact(&rules, &table, "dv03", "discipline"), "1", "khiển trách");
    assert_eq!(fact(&rules, &table, "dv08", "discipline"), "2", "CẢNH CÁO");
}

#[test]
fn windows_1258_is_read_and_said() {
    let rules = rules();
    let (table, diagnostics) = read_members(&rules, "offices/dang-bo-windows-1258.csv");
    assert_eq!(
        read_rows(&table),
        [(2, "dv01", "Nguyễn Thị Hồng"), (3, "dv02", "Trương Văn Quý"), (4, "dv03", "Đặng Thị Ánh")]
    );
    assert_eq!(problems(&diagnostics), ["text-encoding"]);
    assert!(message_any(&diagnostics, Code::TextEncoding).contains("Windows-1258"));
}

fn message_any(diagnostics: &[Diagnostic], code: Code) -> &str {
    diagnostics.iter().find(|d| d.code == code).map(|d| d.message.get(Lang::Vi)).unwrap()
}

#[test]
fn a_utf8_file_with_a_stray_byte_keeps_its_letters_and_points_at_the_byte() {
    let rules = rules();
    let (table, diagnostics) = read_members(&rules, "members-not-utf8.csv");
    assert_eq!(table.people(), 2);
    assert_eq!(table.record(0).name, "Nguyễn");
    let stray = diagnostics.iter().find(|d| d.code == Code::NotUtf8).expect("said");
    assert_eq!((stray.location.line, stray.location.column), (Some(3), Some(6)));
    assert!(table.record(1).name.contains('\u{fffd}'), "{:?}", table.record(1).name);
}

#[test]
fn tcvn3_text_is_converted_with_a_notice() {
    let rules = rules();
    let (table, diagnostics) = read_members(&rules, "offices/chi-bo-tcvn3.csv");
    assert_eq!(
        read_rows(&table),
        [(3, "dv11", "Nguyễn Văn Tùng"), (4, "dv12", "Lê Thị Thu Hà"), (5, "dv13", "Phạm Quốc Việt")]
    );
    assert_eq!(problems(&diagnostics), ["text-encoding", "legacy-font", "header-row 2"]);
    let notice = message_any(&diagnostics, Code::LegacyFont);
    assert!(notice.contains("TCVN3") && notice.contains("«s¸ch» → «sách»"), "{notice}");
    assert!(message(&diagnostics, Code::HeaderRow, 2).contains("«Danh sách đảng viên chi bộ 3»"));
}

#[test]
fn vni_text_is_converted_with_a_notice() {
    let rules = rules();
    let (table, diagnostics) = read_members(&rules, "offices/chi-bo-vni.csv");
    assert_eq!(
        read_rows(&table),
        [(3, "dv21", "Trương Thị Mỹ Linh"), (4, "dv22", "Đoàn Văn Hậu"), (5, "dv23", "Ngô Quang Vinh")]
    );
    assert_eq!(problems(&diagnostics), ["legacy-font", "header-row 2"]);
    assert!(message_any(&diagnostics, Code::LegacyFont).contains("«ÑAÛNG» → «ĐẢNG»"));
    assert!(message(&diagnostics, Code::HeaderRow, 2).contains("«ĐẢNG BỘ PHƯỜNG 3»"));
}

#[test]
fn unicode_text_from_excel_with_a_stray_quote_keeps_everyone() {
    let rules = rules();
    let (table, diagnostics) = read_members(&rules, "offices/xuat-unicode-text.txt");
    assert_eq!(read_rows(&table), [(2, "dv31", "Hồ Thị Xuân"), (4, "dv33", "Mai Thị Yến")]);
    assert_eq!(unread_rows(&table), [(3, "", "")]);
    assert_eq!(problems(&diagnostics), ["text-encoding", "csv-syntax 3"]);
    assert!(message_any(&diagnostics, Code::TextEncoding).contains("UTF-16LE"));
}

#[test]
fn a_workbook_with_merged_titles_numbers_rows_as_the_sheet_does() {
    let rules = rules();
    let (table, diagnostics) = read_members(&rules, "offices/chi-bo-tieu-de.xlsx");
    assert_eq!(
        read_rows(&table),
        [(6, "kp01", "Nguyễn Thị Hòa"), (7, "kp02", "Trần Văn Phúc"), (8, "kp03", "Lê Thị Quỳnh")]
    );
    assert_eq!(unread_rows(&table), [(10, "kp04", "Phan Văn Sơn")]);
    assert_eq!(problems(&diagnostics), ["header-row 5", "wrong-subject-kind 10", "not-a-person 12", "not-a-person 13"]);
    assert_eq!(fact(&rules, &table, "kp02", "common_points"), "26.5");
}

#[test]
fn the_office_workbook_fixture_is_fresh() {
    let bytes = std::fs::read(fixture("offices/chi-bo-tieu-de.xlsx")).unwrap();
    assert_eq!(
        bytes,
        xeploai_xlsx::fixture::office_xlsx().unwrap(),
        "run: cargo run -p xeploai-xlsx --example make-fixture"
    );
}

/// The people a file holds, counted from the file itself: JSON objects, or the rows under the header that name
/// someone (an id, or a name with something about the person: a kind or a fact), or that could not be split (a
/// person may hide in them). A name alone under the table is a signature.
fn people_in(rules: &RuleSet, path: &Path) -> usize {
    let bytes = std::fs::read(path).unwrap();
    if path.extension().is_some_and(|e| e == "json") {
        let text = String::from_utf8_lossy(&bytes);
        return match serde_json::from_str::<serde_json::Value>(text.trim_start_matches('\u{feff}')) {
            Ok(serde_json::Value::Array(items)) => items.len(),
            Ok(serde_json::Value::Object(_)) => 1,
            _ => 0,
        };
    }
    let (rows, problems) = rows_of(path);
    let Some(header) = xeploai::input::header_position(rules, &rows, TableKind::Members) else { return 0 };
    let header_row = rows[header].0;
    let unsplit = problems
        .iter()
        .filter(|p| matches!(p.code, Code::CsvSyntax | Code::InputLimit))
        .filter(|p| p.location.row.is_some_and(|r| r > header_row))
        .count();
    let uses = xeploai::input::map_columns(rules, &rows[header].1, TableKind::Members).uses;
    let column = |name: &'static str| uses.iter().position(|u| *u == xeploai::input::ColumnUse::Meta(name));
    let (id, name) = (column("id"), column("name"));
    let about: Vec<usize> = uses
        .iter()
        .enumerate()
        .filter(|(_, u)| matches!(u, xeploai::input::ColumnUse::Fact(_) | xeploai::input::ColumnUse::Meta("subject")))
        .map(|(i, _)| i)
        .collect();
    if id.is_none() {
        return 0; // a file without an id column is not read at all, and says so
    }
    let named = rows[header + 1..]
        .iter()
        .filter(|(_, cells)| {
            let filled = |c: Option<usize>| c.and_then(|c| cells.get(c)).is_some_and(|t| !t.trim().is_empty());
            filled(id) || (filled(name) && about.iter().any(|c| filled(Some(*c))))
        })
        .count();
    named + unsplit
}

#[test]
fn nobody_vanishes_from_any_roster_fixture() {
    let rules = rules();
    let mut checked = 0;
    for dir in ["", "offices"] {
        let mut files: Vec<PathBuf> = std::fs::read_dir(fixture(dir))
            .unwrap()
            .map(|e| e.unwrap().path())
            .filter(|p| p.extension().is_some_and(|e| ["csv", "txt", "json", "xlsx"].contains(&e.to_str().unwrap())))
            .filter(|p| !p.file_name().unwrap().to_string_lossy().starts_with("orgs"))
            .collect();
        files.sort();
        for path in files {
            let (text_rows, notices) = rows_of(&path);
            let name = path.file_name().unwrap().to_string_lossy().into_owned();
            let run = if name.ends_with(".json") {
                let text = std::fs::read_to_string(&path).unwrap();
                let files = xeploai::pipeline::UnitFiles { members: (&text, Some(&name)), ..Default::default() };
                xeploai::pipeline::UnitRun::new(&rules, &files).unwrap()
            } else {
                let files =
                    UnitRows { members: RowsFile { name: &name, rows: &text_rows, problems: &notices }, orgs: None };
                UnitJob::new(Default::default()).run(&rules, &files)
            };
            let people = people_in(&rules, &path);
            let out = run.result.member_distribution.total as usize;
            assert_eq!(run.roster.members.people(), people, "{name}: people in the file and in the roster");
            assert_eq!(out, people, "{name}: people in = people out (the distribution's total)");
            assert_eq!(run.result.member_distribution_by_criteria.total as usize, people, "{name}");
            assert_eq!(
                run.result.member_distribution.unreadable as usize,
                run.roster.members.unread.len(),
                "{name}: those not read are counted as such"
            );
            checked += 1;
        }
    }
    assert!(checked >= 15, "{checked} fixtures");
}

#[test]
fn unreadable_members_stay_in_the_report_and_the_text() {
    let rules = rules();
    let path = fixture("offices/chi-bo-an-binh.csv");
    let (rows, problems) = rows_of(&path);
    let files =
        UnitRows { members: RowsFile { name: "chi-bo-an-binh.csv", rows: &rows, problems: &problems }, orgs: None };
    let run = UnitJob::new(Default::default()).run(&rules, &files);
    let sheets = xeploai::report::unit_report(&rules, &run.roster, &run.result, None, Lang::Vi);
    assert_eq!(sheets[0].rows.len(), 8, "every person has a row in the report");
    let last = xeploai::report::sheet_csv(&sheets[0]);
    assert!(last.contains("dv05,Hoàng Văn Đức,cb2,,,Không đọc được,Không đọc được,\"dòng 12:"), "{last}");
    let distribution = &sheets.iter().find(|s| s.name == "Phân bố").unwrap();
    assert_eq!(distribution.headers.last().map(String::as_str), Some("Không đọc được"));
    let text = xeploai::render::unit::unit_text(&rules, &run.roster, &run.result, None, None, Lang::Vi);
    assert!(text.contains("KHÔNG ĐỌC ĐƯỢC (đảng viên: 3)"), "{text}");
    assert!(text.contains("dòng 11: Phạm Thị Dung — [Phạm Thị Dung] thiếu mã"), "{text}");
}

#[test]
fn the_template_reads_back_as_one_member_without_a_problem() {
    let rules = rules();
    for kinds in [vec![], vec![rules.subject_index("leader").unwrap()]] {
        let sheets = xeploai::render::template::roster_template(&rules, &kinds, Lang::Vi);
        assert_eq!(sheets.len(), 2);
        assert_eq!(sheets[1].name, "Ghi chú");
        assert_eq!(sheets[1].rows.len(), sheets[0].headers.len() + 1, "a note per column, and one in general");
        // As CSV.
        let csv = xeploai::report::sheet_csv(&sheets[0]);
        let options = ReadOptions { file: Some("mau.csv"), kind: TableKind::Members, default_subject: None };
        let (table, diagnostics) = xeploai::input::read_csv(&rules, &csv, &options);
        assert_eq!(table.len(), 1, "{:?}", problems(&diagnostics));
        assert!(diagnostics.is_empty(), "{:?}", diagnostics.iter().map(|d| d.render(Lang::Vi)).collect::<Vec<_>>());
        let kind = kinds.first().copied().unwrap_or(0);
        assert_eq!(table.record(0).kind, kind);
        // As a workbook, read back by the app's reader.
        let bytes = xeploai_xlsx::write_workbook(&xeploai::report::sheets_json(&sheets)).unwrap();
        assert_eq!(xeploai_xlsx::sheet_names(&bytes).unwrap(), ["Danh sách", "Ghi chú"]);
        let cells = xeploai_xlsx::read_sheet(&bytes, "Danh sách").unwrap();
        let rows: Vec<(u32, Vec<String>)> = cells.into_iter().enumerate().map(|(i, r)| (i as u32 + 1, r)).collect();
        let (table, diagnostics) = xeploai::input::read_rows(&rules, rows, &options);
        assert_eq!(table.len(), 1);
        assert!(diagnostics.is_empty(), "{:?}", problems(&diagnostics));
    }
}

#[test]
fn kinds_and_choices_answer_to_their_aliases() {
    let rules = rules();
    let kind = |text: &str| xeploai::input::parse_kind(&rules, text).map(|k| rules.subjects[k].id.as_str());
    assert_eq!(kind("Lãnh đạo, quản lý"), Some("leader"));
    assert_eq!(kind("LANH DAO QUAN LY"), Some("leader"));
    assert_eq!(kind("đảng viên"), Some("member"));
    assert_eq!(kind("Tập thể"), Some("collective"));
    assert_eq!(kind("Nghỉ hưu"), Some("outside"));
    assert_eq!(kind("Quần chúng"), None);
    let discipline = rules.fact(rules.fact_slot("discipline").unwrap());
    let choice = |text: &str| xeploai::input::parse_value(&rules, discipline, text).ok().flatten();
    assert_eq!(choice("KHIEN TRACH"), Some(xeploai::Num::int(1)));
    assert_eq!(choice("không"), Some(xeploai::Num::int(0)));
    assert_eq!(choice("cảnh cáo"), Some(xeploai::Num::int(2)));
    for (text, yes) in [("có", true), ("x", true), ("X", true), ("không", false), ("Không", false)] {
        assert_eq!(xeploai::input::parse_bool(text), Some(yes), "{text}");
    }
}
