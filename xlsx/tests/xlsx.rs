use std::path::Path;

use xeploai_xlsx::{
    ErrorKind, Limits, cell_name, cell_text, fixture, format_number, read_sheet, read_sheet_within,
    sanitize_sheet_name, sanitize_sheet_names, sheet_names, write_sheets, write_workbook,
};

fn rows(rows: &[&[&str]]) -> Vec<Vec<String>> {
    rows.iter().map(|r| r.iter().map(|c| c.to_string()).collect()).collect()
}

const TWO_SHEETS: &str = r#"[
  {"name": "Đảng viên",
   "headers": ["Mã", "Họ và tên", "Điểm", "Ghi chú"],
   "rows": [["dv01", "Nguyễn Văn An", 93, "HTXS"],
            ["dv02", "Trần Thị Bình", 89.5, ""],
            ["dv03", "Lê Văn Cường", 0.1, null, null],
            [],
            ["dv04", "", -12, true, "Phạm Thị Dung, “đúng hạn”"],
            ["dv05", "Số lớn", 1234567.25, false],
            ["=1+1", "0012", 1e-7, 100000000000000000000]]},
  {"name": "Tổ chức / 2025: [tổng hợp]",
   "headers": ["Mã", "Tên tổ chức"],
   "rows": [["cb1", "Chi bộ 1"], ["db", "Đảng bộ cơ sở"]]}
]"#;

#[test]
fn write_then_read_two_sheets() {
    let bytes = write_workbook(TWO_SHEETS).unwrap();
    assert_eq!(&bytes[..2], b"PK");
    assert_eq!(sheet_names(&bytes).unwrap(), ["Đảng viên", "Tổ chức - 2025- -tổng hợp-"]);
    assert_eq!(
        read_sheet(&bytes, "Đảng viên").unwrap(),
        rows(&[
            &["Mã", "Họ và tên", "Điểm", "Ghi chú"],
            &["dv01", "Nguyễn Văn An", "93", "HTXS"],
            &["dv02", "Trần Thị Bình", "89.5"],
            &["dv03", "Lê Văn Cường", "0.1"],
            &[],
            &["dv04", "", "-12", "true", "Phạm Thị Dung, “đúng hạn”"],
            &["dv05", "Số lớn", "1234567.25", "false"],
            &["=1+1", "0012", "0.0000001", "100000000000000000000"],
        ])
    );
    assert_eq!(
        read_sheet(&bytes, "Tổ chức - 2025- -tổng hợp-").unwrap(),
        rows(&[&["Mã", "Tên tổ chức"], &["cb1", "Chi bộ 1"], &["db", "Đảng bộ cơ sở"]])
    );
}

#[test]
fn headers_and_rows_are_optional() {
    let bytes =
        write_workbook(r#"[{"name": "A", "rows": [["x", 1]]}, {"name": "B", "headers": ["h"]}, {"name": "C"}]"#)
            .unwrap();
    assert_eq!(sheet_names(&bytes).unwrap(), ["A", "B", "C"]);
    assert_eq!(read_sheet(&bytes, "A").unwrap(), rows(&[&["x", "1"]]));
    assert_eq!(read_sheet(&bytes, "B").unwrap(), rows(&[&["h"]]));
    assert_eq!(read_sheet(&bytes, "C").unwrap(), Vec::<Vec<String>>::new());
}

#[test]
fn positions_are_the_spreadsheets() {
    // Data starting at B3: two empty rows and an empty cell in column A come first.
    let bytes = write_workbook(r#"[{"name": "A", "rows": [[], [null, ""], ["", "x", null, 2], [], [""]]}]"#).unwrap();
    assert_eq!(read_sheet(&bytes, "A").unwrap(), rows(&[&[], &[], &["", "x", "", "2"]]));
}

#[test]
fn garbage_is_unreadable() {
    for bytes in [&b""[..], b"not a workbook", b"PK\x03\x04garbage", "Mã;Họ và tên\ndv01;An\n".as_bytes()] {
        let e = sheet_names(bytes).unwrap_err();
        assert_eq!(e.kind(), ErrorKind::Unreadable);
        assert_eq!(e.code(), "xlsx-unreadable");
        assert!(e.to_string().starts_with("tệp không phải XLSX hợp lệ"), "{e}");
        assert!(e.message_en().starts_with("the file is not a valid XLSX workbook"), "{}", e.message_en());
        assert_eq!(read_sheet(bytes, "Sheet1").unwrap_err().code(), "xlsx-unreadable");
    }
}

#[test]
fn unknown_sheet() {
    let bytes = write_workbook(TWO_SHEETS).unwrap();
    let e = read_sheet(&bytes, "Không có").unwrap_err();
    assert_eq!(e.kind(), ErrorKind::NoSheet);
    assert_eq!(e.detail(), Some("Không có"));
    assert_eq!(e.js_message(), "xlsx-no-sheet: tệp không có trang tính “Không có” / the file has no sheet “Không có”");
    // Names are matched exactly, as written in the workbook.
    assert_eq!(read_sheet(&bytes, "đảng viên").unwrap_err().code(), "xlsx-no-sheet");
}

#[test]
fn bad_json_is_a_write_error() {
    for json in ["", "{}", "[]", r#"[{"name": "A", "rows": [[{"x": 1}]]}]"#, r#"[{"name": "A", "row": []}]"#] {
        let e = write_workbook(json).unwrap_err();
        assert_eq!(e.code(), "xlsx-write", "{json}");
        assert!(e.js_message().starts_with("xlsx-write: không tạo được tệp XLSX ("), "{}", e.js_message());
    }
    let e = write_workbook(r#"[{"name": "A", "rows": [[[1]]]}]"#).unwrap_err();
    assert!(e.message_en().contains("expected a cell: a string, a number, true/false or null"), "{}", e.message_en());
}

#[test]
fn a_cell_too_long_for_excel_is_a_write_error() {
    let json = serde_json::json!([{"name": "A", "rows": [["x".repeat(40_000)]]}]).to_string();
    assert_eq!(write_workbook(&json).unwrap_err().code(), "xlsx-write");
}

#[test]
fn sheet_names_are_sanitized() {
    assert_eq!(sanitize_sheet_name("Đảng viên"), "Đảng viên");
    assert_eq!(sanitize_sheet_name("a[b]c:d*e?f/g\\h"), "a-b-c-d-e-f-g-h");
    assert_eq!(sanitize_sheet_name("  'Kết quả'  "), "Kết quả");
    assert_eq!(sanitize_sheet_name("dòng\nmới"), "dòng mới");
    assert_eq!(sanitize_sheet_name(""), "Sheet1");
    assert_eq!(sanitize_sheet_name("'''"), "Sheet1");
    assert_eq!(sanitize_sheet_name("History"), "History 1");
    assert_eq!(sanitize_sheet_name("HISTORY"), "HISTORY 1");
    // At most 31 characters (Vietnamese letters count one each); no apostrophe or space left at the cut.
    let long = "Kết quả xếp loại chất lượng đảng viên năm 2025";
    let cut = sanitize_sheet_name(long);
    assert_eq!(cut, "Kết quả xếp loại chất lượng đản");
    assert_eq!(cut.chars().count(), 31);
    assert_eq!(sanitize_sheet_name("Kết quả xếp loại chất lượng 'x"), "Kết quả xếp loại chất lượng 'x");
    assert_eq!(sanitize_sheet_name("Kết quả xếp loại chất lượng ab'xyz"), "Kết quả xếp loại chất lượng ab");
    assert_eq!(sanitize_sheet_name("Kết quả xếp loại chất lượng    x"), "Kết quả xếp loại chất lượng");
    // Characters outside the BMP count two, as in Excel.
    assert_eq!(sanitize_sheet_name(&"😀".repeat(20)), "😀".repeat(15));

    assert_eq!(
        sanitize_sheet_names(&["Đảng viên", "đảng viên", "", "ĐẢNG VIÊN", "Sheet3", long, long]),
        [
            "Đảng viên",
            "đảng viên (2)",
            "Sheet3",
            "ĐẢNG VIÊN (3)",
            "Sheet3 (2)",
            "Kết quả xếp loại chất lượng đản",
            "Kết quả xếp loại chất lượng (2)",
        ]
    );
}

#[test]
fn sanitized_names_are_written() {
    let json = r#"[{"name": "a/b"}, {"name": "A-B"}, {"name": ""}, {"name": "History"}]"#;
    let bytes = write_workbook(json).unwrap();
    assert_eq!(sheet_names(&bytes).unwrap(), ["a-b", "A-B (2)", "Sheet3", "History 1"]);
}

#[test]
fn numbers_read_as_excel_shows_them() {
    assert_eq!(format_number(93.0), "93");
    assert_eq!(format_number(89.5), "89.5");
    assert_eq!(format_number(0.1 + 0.2), "0.3");
    assert_eq!(format_number(-0.0), "0");
    assert_eq!(format_number(1.0 / 3.0), "0.333333333333333");
    assert_eq!(format_number(123456789012345680.0), "123456789012346000");
    assert_eq!(cell_text(&calamine::Data::Int(42)), "42");
}

#[test]
fn dates_read_as_iso() {
    use calamine::{Data, ExcelDateTime, ExcelDateTimeType::*};
    let dt = |v: f64, t| cell_text(&Data::DateTime(ExcelDateTime::new(v, t, false)));
    assert_eq!(dt(45943.0, DateTime), "2025-10-13");
    assert_eq!(dt(45943.5, DateTime), "2025-10-13 12:00");
    assert_eq!(dt(45943.541, DateTime), "2025-10-13 12:59:02");
    assert_eq!(dt(0.4375, DateTime), "10:30");
    assert_eq!(dt(1.5, TimeDelta), "36:00:00");
    assert_eq!(cell_text(&Data::DateTimeIso("2025-10-13T00:00:00".into())), "2025-10-13");
    assert_eq!(cell_text(&Data::DateTimeIso("2025-10-13T10:30:00".into())), "2025-10-13 10:30:00");
    assert_eq!(cell_text(&Data::Error(calamine::CellErrorType::Div0)), "#DIV/0!");
}

#[test]
fn writing_is_deterministic_with_a_fixed_date() {
    let a = fixture::members_xlsx().unwrap();
    let b = write_sheets(&fixture::members_sheets(), Some(fixture::CREATED)).unwrap();
    assert_eq!(a, b);
}

#[test]
fn the_committed_fixture_reads() {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("..").join(fixture::MEMBERS_XLSX);
    let bytes = std::fs::read(&path).unwrap();
    assert_eq!(sheet_names(&bytes).unwrap(), ["Đảng viên", "Tổ chức"]);
    let members = read_sheet(&bytes, "Đảng viên").unwrap();
    assert_eq!(members[0], fixture::MEMBER_HEADERS);
    assert_eq!(
        members[1..],
        rows(&[
            &["dv01", "Nguyễn Văn An", "cb1", "28", "65", "10", "10", "3"],
            &["dv02", "Trần Thị Bình", "cb1", "27.5", "62", "10", "10", "5"],
            &["dv03", "Lê Văn Cường", "cb1", "25", "55", "10", "10", "0"],
            &["dv04", "Phạm Thị Dung", "cb2", "20", "40", "10", "8", "0"],
            &["dv05", "Hoàng Văn Đức", "cb2", "26", "58.5", "8", "8", "1"],
            &["dv06", "Vũ Thị Giang", "cb2", "22", "45", "6", "5"],
        ])
    );
    assert_eq!(
        read_sheet(&bytes, "Tổ chức").unwrap(),
        rows(&[
            &["Mã", "Tên tổ chức", "Cấp trên", "Cơ sở"],
            &["db", "Đảng bộ cơ sở", "", "có"],
            &["cb1", "Chi bộ 1", "db"],
            &["cb2", "Chi bộ 2", "db"],
        ])
    );
    // The committed file is what the generator makes today (else: cargo run -p xeploai-xlsx --example make-fixture).
    assert_eq!(bytes, fixture::members_xlsx().unwrap(), "{} is stale", path.display());
}

/// A workbook with one sheet "S" and the given cells (0-based row, column, text), written by rust_xlsxwriter.
fn workbook_with(cells: &[(u32, u16, &str)]) -> Vec<u8> {
    let mut book = rust_xlsxwriter::Workbook::new();
    let sheet = book.add_worksheet();
    sheet.set_name("S").unwrap();
    for (row, column, text) in cells {
        sheet.write_string(*row, *column, *text).unwrap();
    }
    book.save_to_buffer().unwrap()
}

#[test]
fn distant_cells_are_refused_by_name_before_anything_is_built() {
    // A1 and XFD1048576: a dense range would be 17 billion cells.
    let bytes = workbook_with(&[(0, 0, "Mã"), (1_048_575, 16_383, "x")]);
    let error = read_sheet(&bytes, "S").unwrap_err();
    assert_eq!(error.kind(), ErrorKind::Limit);
    assert_eq!(error.code(), "xlsx-limit");
    assert!(
        error.message_vi().contains("ô XFD1048576") && error.message_vi().contains("giới hạn số cột"),
        "{}",
        error.message_vi()
    );
    assert!(
        error.message_en().contains("cell XFD1048576 is past column 1000 (the column limit)"),
        "{}",
        error.message_en()
    );
    assert_eq!(error.js_message().matches(" / ").count(), 1, "{}", error.js_message());
    // Far down but within the columns: read, with the empty rows between.
    let bytes = workbook_with(&[(0, 0, "Mã"), (99_999, 2, "x")]);
    let read = read_sheet(&bytes, "S").unwrap();
    assert_eq!(read.len(), 100_000);
    assert_eq!(read[99_999], ["", "", "x"]);
    let rows_limit = Limits { max_rows: 1_000, ..Limits::DEFAULT };
    let error = read_sheet_within(&bytes, "S", &rows_limit).unwrap_err();
    assert!(error.message_en().contains("cell C100000 is past row 1000 (the row limit)"), "{}", error.message_en());
    let cells_limit = Limits { max_cells: 1, ..Limits::DEFAULT };
    assert!(read_sheet_within(&bytes, "S", &cells_limit).unwrap_err().message_en().contains("the cell limit"));
}

#[test]
fn a_part_that_inflates_past_the_limit_is_refused_before_it_is_read() {
    let big = "a".repeat(20_000);
    let bytes = workbook_with(&[(0, 0, &big), (1, 0, &big)]);
    let small = Limits { max_part_bytes: 10_000, ..Limits::DEFAULT };
    let error = read_sheet_within(&bytes, "S", &small).unwrap_err();
    assert_eq!(error.kind(), ErrorKind::Limit);
    assert!(error.message_en().contains("xl/sharedStrings.xml inflates to"), "{}", error.message_en());
    assert!(error.message_vi().contains("giới hạn kích thước"), "{}", error.message_vi());
    assert_eq!(read_sheet(&bytes, "S").unwrap()[1][0].len(), 20_000, "within the default limits it reads");
}

#[test]
fn the_column_limit_is_the_engines() {
    assert_eq!(Limits::DEFAULT.max_columns as usize, xeploai::input::limits::MAX_COLUMNS);
    assert_eq!(cell_name(0, 0), "A1");
    assert_eq!(cell_name(9, 25), "Z10");
    assert_eq!(cell_name(0, 26), "AA1");
    assert_eq!(cell_name(1_048_575, 16_383), "XFD1048576");
}
