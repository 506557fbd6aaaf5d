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
