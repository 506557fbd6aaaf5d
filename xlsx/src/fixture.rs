//! The roster fixture `tests/fixtures/rosters/members.xlsx` (at the workspace root), built from fixed data with a
//! fixed creation date so the bytes are the same each time. Regenerate it with
//! `cargo run -p xeploai-xlsx --example make-fixture`.

use crate::{CellValue, SheetData, XlsxError, write_sheets};

/// Where the fixture lives, relative to the workspace root.
pub const MEMBERS_XLSX: &str = "tests/fixtures/rosters/members.xlsx";

/// The creation date written into the fixture.
pub const CREATED: (u16, u8, u8) = (2026, 1, 1);

pub const MEMBER_HEADERS: [&str; 8] = [
    "Mã",
    "Họ và tên",
    "Chi bộ",
    "Điểm nhóm tiêu chí chung",
    "Điểm kết quả thực hiện nhiệm vụ",
    "Số nhiệm vụ được giao",
    "Số nhiệm vụ hoàn thành đúng tiến độ có chất lượng hiệu quả",
    "Số nhiệm vụ vượt yêu cầu",
];

pub const ORG_HEADERS: [&str; 4] = ["Mã", "Tên tổ chức", "Cấp trên", "Cơ sở"];

/// The sheets of the fixture: "Đảng viên" (6 members in two chi bộ, one decimal score, one empty cell) and
/// "Tổ chức" (the đảng bộ cơ sở and its two chi bộ).
pub fn members_sheets() -> Vec<SheetData> {
    use CellValue::{Empty, Number as N, Text};
    let t = |s: &str| Text(s.to_string());
    let member = |id: &str, name: &str, org: &str, nums: [Option<f64>; 5]| {
        let mut row = vec![t(id), t(name), t(org)];
        row.extend(nums.iter().map(|n| n.map_or(Empty, N)));
        row
    };
    vec![
        SheetData {
            name: "Đảng viên".to_string(),
            headers: MEMBER_HEADERS.iter().map(|h| h.to_string()).collect(),
            rows: vec![
                member("dv01", "Nguyễn Văn An", "cb1", [Some(28.0), Some(65.0), Some(10.0), Some(10.0), Some(3.0)]),
                member("dv02", "Trần Thị Bình", "cb1", [Some(27.5), Some(62.0), Some(10.0), Some(10.0), Some(5.0)]),
                member("dv03", "Lê Văn Cường", "cb1", [Some(25.0), Some(55.0), Some(10.0), Some(10.0), Some(0.0)]),
                member("dv04", "Phạm Thị Dung", "cb2", [Some(20.0), Some(40.0), Some(10.0), Some(8.0), Some(0.0)]),
                member("dv05", "Hoàng Văn Đức", "cb2", [Some(26.0), Some(58.5), Some(8.0), Some(8.0), Some(1.0)]),
                member("dv06", "Vũ Thị Giang", "cb2", [Some(22.0), Some(45.0), Some(6.0), Some(5.0), None]),
            ],
        },
        SheetData {
            name: "Tổ chức".to_string(),
            headers: ORG_HEADERS.iter().map(|h| h.to_string()).collect(),
            rows: vec![
                vec![t("db"), t("Đảng bộ cơ sở"), Empty, t("có")],
                vec![t("cb1"), t("Chi bộ 1"), t("db")],
                vec![t("cb2"), t("Chi bộ 2"), t("db")],
            ],
        },
    ]
}

/// The fixture's bytes.
pub fn members_xlsx() -> Result<Vec<u8>, XlsxError> {
    write_sheets(&members_sheets(), Some(CREATED))
}

/// Where the office-made workbook fixture lives, relative to the workspace root.
pub const OFFICE_XLSX: &str = "tests/fixtures/rosters/offices/chi-bo-tieu-de.xlsx";

/// A workbook as a cell secretary makes one: the unit's and the list's names in merged cells above the header
/// (rows 1, 2 and 4; row 3 empty), the header in row 5 with a running number, three members, an empty row, a member
/// whose kind is not one ("Quần chúng", row 10), and the signature under the table (rows 12–13).
pub fn office_xlsx() -> Result<Vec<u8>, XlsxError> {
    use rust_xlsxwriter::{ExcelDateTime, Format, FormatAlign, Workbook};
    let error = |e: rust_xlsxwriter::XlsxError| XlsxError::new(crate::ErrorKind::Write, e.to_string());
    let mut book = Workbook::new();
    let (y, m, d) = CREATED;
    let date = ExcelDateTime::from_ymd(y, m, d).map_err(error)?;
    book.set_properties(&rust_xlsxwriter::DocProperties::new().set_creation_datetime(&date));
    let ws = book.add_worksheet();
    ws.set_name("DS dang vien").map_err(error)?;
    let title = Format::new().set_bold().set_align(FormatAlign::Center);
    ws.merge_range(0, 0, 0, 7, "ĐẢNG BỘ PHƯỜNG HÒA BÌNH", &title).map_err(error)?;
    ws.merge_range(1, 0, 1, 7, "CHI BỘ KHU PHỐ 2", &title).map_err(error)?;
    ws.merge_range(3, 0, 3, 7, "DANH SÁCH ĐẢNG VIÊN ĐÁNH GIÁ, XẾP LOẠI NĂM 2025", &title).map_err(error)?;
    let header = [
        "TT",
        "Mã",
        "Họ và tên",
        "Loại",
        "Điểm nhóm tiêu chí chung",
        "Điểm kết quả thực hiện nhiệm vụ",
        "Số nhiệm vụ được giao",
        "Số nhiệm vụ hoàn thành đúng tiến độ, có chất lượng, hiệu quả",
    ];
    for (col, text) in header.iter().enumerate() {
        ws.write_string(4, col as u16, *text).map_err(error)?;
    }
    let members: [(u32, &str, &str, &str, [f64; 4]); 4] = [
        (5, "kp01", "Nguyễn Thị Hòa", "Đảng viên", [28.0, 66.0, 10.0, 10.0]),
        (6, "kp02", "Trần Văn Phúc", "Đảng viên", [26.5, 60.0, 9.0, 9.0]),
        (7, "kp03", "Lê Thị Quỳnh", "đảng viên", [24.0, 52.0, 10.0, 8.0]),
        (9, "kp04", "Phan Văn Sơn", "Quần chúng", [25.0, 55.0, 10.0, 10.0]),
    ];
    for (row, (at, id, name, kind, numbers)) in members.iter().enumerate() {
        ws.write_number(*at, 0, (row + 1) as f64).map_err(error)?;
        ws.write_string(*at, 1, *id).map_err(error)?;
        ws.write_string(*at, 2, *name).map_err(error)?;
        ws.write_string(*at, 3, *kind).map_err(error)?;
        for (col, n) in numbers.iter().enumerate() {
            ws.write_number(*at, 4 + col as u16, *n).map_err(error)?;
        }
    }
    ws.write_string(11, 5, "BÍ THƯ CHI BỘ").map_err(error)?;
    ws.write_string(12, 5, "Võ Văn Tâm").map_err(error)?;
    book.save_to_buffer().map_err(error)
}
