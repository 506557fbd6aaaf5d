//! From proposal to decision (issue 13): the roster's self-proposed, proposed and decided levels, the differences
//! with reasons, and the distribution, quota and targets on a named basis, through the CLI.

use std::path::PathBuf;
use std::process::Command;

const MEMBERS: &str = "tests/fixtures/decisions/members.csv";
const ORGS: &str = "examples/dang-bo-mau/orgs.csv";

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn unit(extra: &[&str]) -> (i32, String, String) {
    let output = Command::new(env!("CARGO_BIN_EXE_xeploai"))
        .current_dir(root())
        .args(["unit", "--members", MEMBERS, "--orgs", ORGS])
        .args(extra)
        .output()
        .expect("the binary runs");
    let text = |bytes: &[u8]| String::from_utf8_lossy(bytes).into_owned();
    (output.status.code().unwrap_or(-1), text(&output.stdout), text(&output.stderr))
}

fn json(extra: &[&str]) -> serde_json::Value {
    let mut args = vec!["--format", "json"];
    args.extend_from_slice(extra);
    let (_, stdout, stderr) = unit(&args);
    serde_json::from_str(&stdout).unwrap_or_else(|e| panic!("{e}: {stdout}\n{stderr}"))
}

#[test]
fn the_decided_basis_changes_the_distribution_and_says_so() {
    let computed = json(&[]);
    let decided = json(&["--basis", "decided"]);
    assert_eq!(computed["basis"]["id"], "computed");
    assert_eq!(decided["basis"]["id"], "decided");
    assert_eq!(decided["basis"]["fallbacks"], 15);
    // tt04 decided HT (computed KHT), tt02 decided HT: one more HT, one less KHT, and nobody lost.
    let levels = |v: &serde_json::Value| v["distribution"]["members"]["levels"].clone();
    assert_eq!(levels(&computed), serde_json::json!([2, 14, 1, 3]));
    assert_eq!(levels(&decided), serde_json::json!([2, 14, 2, 2]));
    assert_eq!(computed["distribution"]["members"]["total"], decided["distribution"]["members"]["total"]);
    // The criteria's distribution does not move with the basis.
    assert_eq!(computed["distribution"]["membersByCriteria"], decided["distribution"]["membersByCriteria"]);
    // The cell's proposals: vp03 proposed HTT, as computed; the same counts as computed here but named.
    let proposed = json(&["--basis", "đề nghị"]);
    assert_eq!(proposed["basis"]["id"], "proposed");
}

#[test]
fn every_difference_is_listed_with_its_reason_and_a_bad_value_names_the_member() {
    let (code, stdout, stderr) = unit(&["--basis", "decided"]);
    assert_eq!(code, 1, "a bad level value is an error: {stderr}");
    assert!(stderr.contains("row 17:col 21") || stderr.contains("dòng 17"), "{stderr}");
    assert!(
        stderr.contains("[hc07 · Tạ Thị Hồng] Cấp có thẩm quyền quyết định: \"Tốt\" không phải một mức xếp loại"),
        "{stderr}"
    );
    assert!(
        stdout.starts_with("Cơ sở tính phân bố, tỷ lệ HTXS và chỉ tiêu: mức cấp có thẩm quyền quyết định"),
        "{stdout}"
    );
    for line in [
        "  vp05 Hoàng Văn Nam: tự nhận HTXS, tính được HTT: chưa đạt: Điểm đạt khung HTXS (từ 90 điểm trở lên); Ít nhất 30% số nhiệm vụ hoàn thành vượt mức yêu cầu",
        "  vp02 Trần Thị Lan: cấp có thẩm quyền quyết định HTT, tính được HTXS: thấp hơn mức tính được; các điều kiện của HTXS đều đạt (ghi rõ lý do hạ mức)",
        "  vp03 Lê Minh Tuấn: tự nhận HTXS, tính được HTT: đạt HTXS theo tiêu chí, nhưng tỷ lệ HTXS đề nghị HTT (vượt tỷ lệ trong phạm vi db-stp · Cá nhân không giữ chức vụ lãnh đạo, quản lý)",
    ] {
        assert!(stdout.contains(line), "missing {line}\n{stdout}");
    }
    // vp06's three steps agree with the computed HTT: nothing listed for her.
    assert!(!stdout.contains("  vp06 Vũ Thị Mai:"), "{stdout}");
    let json = json(&[]);
    let differences = json["differences"].as_array().expect("differences");
    assert_eq!(differences.len(), 11, "{differences:#?}");
}

#[test]
fn the_report_carries_the_declared_levels_beside_the_computed_ones_and_names_the_basis() {
    let dir = std::env::temp_dir().join(format!("xeploai-decisions-{}", std::process::id()));
    let (_, _, stderr) = unit(&["--basis", "decided", "--out-dir", &dir.display().to_string()]);
    let read = |name: &str| std::fs::read_to_string(dir.join(name)).unwrap_or_else(|e| panic!("{name}: {e}\n{stderr}"));
    let names: Vec<String> = std::fs::read_dir(&dir)
        .expect("dir")
        .map(|e| e.expect("entry").file_name().to_string_lossy().into_owned())
        .collect();
    let members = names.iter().find(|n| n.starts_with("dang-vien")).unwrap_or_else(|| panic!("{names:?}"));
    let members = read(members);
    let header = members.lines().next().expect("a header");
    assert!(header.ends_with("Tự nhận,Chi bộ đề nghị,Cấp có thẩm quyền quyết định,Khác mức tính được"), "{header}");
    let vp02 = members.lines().find(|l| l.starts_with("vp02,")).expect("vp02");
    assert!(vp02.ends_with(",HTXS,HTXS,HTT,\"cấp có thẩm quyền quyết định HTT, tính được HTXS: thấp hơn mức tính được; các điều kiện của HTXS đều đạt (ghi rõ lý do hạ mức)\""), "{vp02}");
    // hc07's unreadable decision is an empty cell, her row kept.
    let hc07 = members.lines().find(|l| l.starts_with("hc07,")).expect("hc07");
    assert!(hc07.contains(",HTT,HTT,,"), "{hc07}");
    let distribution = names.iter().find(|n| n.starts_with("phan-bo")).map(|n| read(n)).expect("distribution");
    assert!(distribution.contains("Đảng viên (mức cấp có thẩm quyền quyết định"), "{distribution}");
}

#[test]
fn an_unknown_basis_is_refused_by_name() {
    let (code, _, stderr) = unit(&["--basis", "maybe"]);
    assert_eq!(code, 2);
    assert!(stderr.contains("\"maybe\" không phải cơ sở tính"), "{stderr}");
}
