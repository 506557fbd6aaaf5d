//! Task lists through the CLI: `classify --tasks` and `unit --tasks` compute each member's counts from her tasks,
//! report every item they could not use at its row, and give the same level as the typed counts.

use std::process::Command;

fn run(args: &[&str]) -> (String, String, i32) {
    let output = Command::new(env!("CARGO_BIN_EXE_xeploai"))
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .args(args)
        .output()
        .expect("the CLI runs");
    (
        String::from_utf8_lossy(&output.stdout).into_owned(),
        String::from_utf8_lossy(&output.stderr).into_owned(),
        output.status.code().unwrap_or(-1),
    )
}

const MEMBERS: &str = "tests/fixtures/lists/members.csv";
const TASKS: &str = "tests/fixtures/lists/tasks.csv";

#[test]
fn classify_with_tasks_gives_the_level_of_the_typed_counts_and_names_the_late_task() {
    let (out, err, code) =
        run(&["--lang", "en", "classify", "--format", "json", "--explain", "--tasks", TASKS, MEMBERS]);
    let rows: serde_json::Value = serde_json::from_str(&out).unwrap();
    let level = |i: usize| rows[i]["level"].as_str().map(str::to_string);
    // a1 declares 12 tasks (task 7 late, 4 exceeding); a2 types the same counts: the same level.
    assert_eq!(level(0).as_deref(), Some("ht"), "{out}");
    assert_eq!(level(0), level(1));
    let findings = rows[0]["explanation"]["findings"].as_array().unwrap();
    let on_time = findings.iter().find(|f| f["rule"] == "htxs_tasks_on_time").unwrap();
    assert_eq!(on_time["items"][0]["index"], 7);
    assert_eq!(on_time["items"][0]["name"], "Nhiệm vụ 7");
    assert_eq!(rows[0]["explanation"]["lists"][0]["items"], 12);
    // a3's bad cell leaves its counts unknown: incomplete, never a wrong level; reported at its row.
    assert_eq!(rows[2]["status"], "incomplete");
    assert!(err.contains("tasks.csv:row 18 [status]: error[not-a-choice]: a3 (Lê Thị Cúc)"), "{err}");
    // The task of an id the roster lacks is reported, not dropped silently.
    assert!(err.contains("row 17") && err.contains("\"a9\""), "{err}");
    assert_eq!(code, 1);
}

#[test]
fn unit_with_tasks_classifies_from_the_tasks() {
    let (out, err, code) = run(&["--lang", "en", "unit", "--format", "json", "--members", MEMBERS, "--tasks", TASKS]);
    let unit: serde_json::Value = serde_json::from_str(&out).unwrap();
    let members = unit["members"].as_array().unwrap();
    assert_eq!(members.len(), 3, "members in = members out");
    assert_eq!(members[0]["byCriteria"], "ht");
    assert_eq!(members[1]["byCriteria"], "ht");
    assert_eq!(members[2]["status"], "incomplete");
    assert!(err.contains("not-a-choice"), "{err}");
    assert_eq!(code, 1);
}
