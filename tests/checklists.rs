//! `xeploai form` with Part A section III and the common-criteria checklist: the section's items feed the
//! shortcomings counts (typed once, as in the app), the checklist's points sum into the common points.

use std::path::PathBuf;
use std::process::{Command, Output};

fn xeploai(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_xeploai")).current_dir(env!("CARGO_MANIFEST_DIR")).args(args).output().unwrap()
}

fn form_json(name: &str, saved: &str) -> serde_json::Value {
    let dir: PathBuf = std::env::temp_dir().join(format!("xeploai-checklists-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let file = dir.join(name);
    std::fs::write(&file, saved).unwrap();
    let output = xeploai(&["form", "--format", "json", file.to_str().unwrap()]);
    assert_eq!(output.status.code(), Some(0), "{}", String::from_utf8_lossy(&output.stderr));
    serde_json::from_slice(&output.stdout).unwrap()
}

const INPUTS: &str =
    r#""common_points":"12","task_points":"65","tasks_assigned":"10","tasks_on_time":"10","tasks_exceeding":"4""#;

#[test]
fn section_three_decides_the_level_of_the_form() {
    let saved = |status: &str| {
        format!(
            r#"{{"version":1,"ruleSet":"qd366-2025","subject":"member","inputs":{{"member":{{{INPUTS}}}}},
            "lists":{{"member":{{"common_criteria":[{{"points":"10"}},{{"points":"9"}},{{"points":"9"}}]}}}},
            "review":{{"fixes":[{{"shortcoming":"Báo cáo chậm","status":"fixed"}},{{"shortcoming":"Ít phát biểu","status":"{status}"}}]}}}}"#
        )
    };
    let fixing = form_json("fixing.json", &saved("fixing"));
    assert_eq!(fixing["proposedText"], "Hoàn thành tốt nhiệm vụ", "1 of 2 shortcomings fixed: not HTXS");
    assert_eq!(fixing["scores"][0]["value"], 28, "the checklist's sum, not the 12 typed: {}", fixing["scores"]);
    let fixed = form_json("fixed.json", &saved("fixed"));
    assert_eq!(fixed["proposedText"], "Hoàn thành xuất sắc nhiệm vụ");
    let titles: Vec<&str> = fixed["annexes"].as_array().unwrap().iter().map(|a| a["title"].as_str().unwrap()).collect();
    assert_eq!(titles, ["Số liệu nhiệm vụ", "Nhóm tiêu chí chung: tự rà soát theo nội dung"]);
    // Switched off in the app, the section no longer counts: the typed numbers (none) do.
    let off = saved("fixing").replace(r#""review":"#, r#""listsOff":{"member":["shortcomings"]},"review":"#);
    assert_eq!(form_json("off.json", &off)["proposedText"], "Hoàn thành xuất sắc nhiệm vụ");
}
