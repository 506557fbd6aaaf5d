//! `xeploai form`: the official form from the file the app exports, as text and as Word.

use std::path::PathBuf;
use std::process::{Command, Output};

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn xeploai(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_xeploai")).current_dir(root()).args(args).output().unwrap()
}

#[test]
fn a_member_form_as_text_has_part_a_part_b_and_the_annex() {
    let output = xeploai(&["form", "--format", "text", "tests/fixtures/form/member.json"]);
    assert_eq!(output.status.code(), Some(0), "{}", String::from_utf8_lossy(&output.stderr));
    let text = String::from_utf8(output.stdout).unwrap();
    let mut from = 0;
    for expected in [
        "Đảng bộ Sở Tư pháp",
        "Huế, ngày 12 tháng 12 năm 2025",
        "Mẫu 2B",
        "Họ và tên: Lê Thị Hoa",
        "Giữ vững lập trường.",
        "1 | Báo cáo chậm | Đã khắc phục",
        "Tổng điểm | 93/100",
        "☒ Hoàn thành nhiệm vụ",
        "NGƯỜI TỰ KIỂM ĐIỂM",
        "3 | Số nhiệm vụ hoàn thành nhưng chưa bảo đảm tiến độ | 1",
    ] {
        let at = text[from..].find(expected).unwrap_or_else(|| panic!("{expected:?} missing after {from}:\n{text}"));
        from += at;
    }
}

#[test]
fn a_collective_form_has_its_members_levels() {
    let output = xeploai(&["--lang", "en", "form", "--format", "text", "tests/fixtures/form/collective.json"]);
    let text = String::from_utf8(output.stdout).unwrap();
    assert!(text.contains("COLLECTIVE REVIEW REPORT"), "{text}");
    assert!(text.contains("Total | 15 | "), "{text}");
    let json = xeploai(&["form", "--format", "json", "tests/fixtures/form/collective.json"]);
    let form: serde_json::Value = serde_json::from_slice(&json.stdout).unwrap();
    assert_eq!(form["kind"], "collective");
    assert_eq!(form["distributions"][0]["counts"][0][1], serde_json::json!(2));
}

#[test]
fn the_word_file_is_written_where_asked() {
    let dir = std::env::temp_dir().join(format!("xeploai-form-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let out = dir.join("hoa.docx");
    let output = xeploai(&["form", "--out", out.to_str().unwrap(), "tests/fixtures/form/member.json"]);
    assert_eq!(output.status.code(), Some(0), "{}", String::from_utf8_lossy(&output.stderr));
    let bytes = std::fs::read(&out).unwrap();
    assert!(bytes.starts_with(b"PK") && bytes.len() > 5_000);
    let broken = dir.join("broken.json");
    std::fs::write(&broken, "{\"subject\": ").unwrap();
    let output = xeploai(&["form", broken.to_str().unwrap()]);
    assert_eq!(output.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&output.stderr).contains("json-syntax"));
}

#[test]
fn twelve_tasks_declared_one_by_one_fill_the_annex_and_decide_the_level() {
    let output = xeploai(&["form", "--format", "text", "tests/fixtures/form/member-tasks.json"]);
    assert_eq!(output.status.code(), Some(0), "{}", String::from_utf8_lossy(&output.stderr));
    let text = String::from_utf8(output.stdout).unwrap();
    // 11 on time, 1 late, 4 exceeding: not 100% on time, so the third level.
    assert!(text.contains("☒ Hoàn thành nhiệm vụ\n"), "{text}");
    assert!(text.contains("1. Nhiệm vụ được giao\n"), "{text}");
    assert!(
        text.contains("TT | Nhiệm vụ, sản phẩm | Kết quả, sản phẩm cụ thể | Tiến độ, chất lượng | Vượt mức yêu cầu\n")
    );
    assert!(text.contains("10 | Tổng hợp báo cáo quý III |  | Hoàn thành nhưng chưa bảo đảm tiến độ | \n"), "{text}");
    assert!(text.contains("12 | Lưu trữ hồ sơ |"));
    assert!(text.contains("Số nhiệm vụ được giao: 12"), "{text}");
    assert!(text.contains("Số nhiệm vụ vượt yêu cầu: 4"), "{text}");
}
