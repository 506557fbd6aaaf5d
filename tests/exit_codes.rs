//! The CLI's exit codes say whether anything was reported (README, "Exit codes"): 0 nothing, 1 an error or a
//! target not met, 2 nothing could be done, 3 warnings only.

use std::path::PathBuf;
use std::process::Command;

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn run(args: &[&str]) -> (i32, String) {
    let output = Command::new(env!("CARGO_BIN_EXE_xeploai")).current_dir(root()).args(args).output().unwrap();
    (output.status.code().unwrap_or(-1), String::from_utf8_lossy(&output.stderr).into_owned())
}

fn write(name: &str, text: &str) -> String {
    let dir = std::env::temp_dir().join(format!("xeploai-exit-codes-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join(name);
    std::fs::write(&path, text).unwrap();
    path.display().to_string()
}

#[test]
fn each_code_means_one_thing() {
    let header =
        "id,subject,common_points,task_points,tasks_assigned,tasks_on_time,tasks_exceeding,led_tasks_assigned\n";
    let clean = write("clean.csv", &format!("{header}m1,member,28,65,10,10,3,\n"));
    assert_eq!(run(&["classify", &clean]).0, 0);
    let warned = write("warned.csv", &format!("{header}m1,member,28,65,10,10,3,12\n"));
    let (code, stderr) = run(&["classify", &warned]);
    assert_eq!(code, 3, "{stderr}");
    assert!(stderr.contains("fact-not-applicable"));
    let broken = write("broken.csv", &format!("{header}m1,member,abc,65,10,10,3,\n"));
    assert_eq!(run(&["classify", &broken]).0, 1);
    assert_eq!(run(&["classify", "--rules", "no-such-rules.toml", &clean]).0, 2);
    // A target not met is 1 even with nothing else reported.
    let members = "examples/dang-bo-mau/members.csv";
    let orgs = "examples/dang-bo-mau/orgs.csv";
    let targets = "rules/targets/dang-uy-khoi-2026.toml";
    assert_eq!(run(&["unit", "--members", members, "--orgs", orgs, "--targets", targets]).0, 1);
}

fn run_out(args: &[&str]) -> (i32, String, String) {
    let output = Command::new(env!("CARGO_BIN_EXE_xeploai")).current_dir(root()).args(args).output().unwrap();
    (
        output.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&output.stdout).into_owned(),
        String::from_utf8_lossy(&output.stderr).into_owned(),
    )
}

#[test]
fn the_review_year_picks_the_rule_set_in_force_and_is_recorded() {
    let header = "id,subject,common_points,task_points,tasks_assigned,tasks_on_time,tasks_exceeding\n";
    let input = write("year.csv", &format!("{header}m1,member,28,65,10,10,3\n"));
    let (code, stdout, stderr) = run_out(&["--lang", "en", "classify", "--year", "2026", "--format", "json", &input]);
    assert_eq!(code, 0, "{stderr}");
    assert!(
        stderr.contains("Review year 2026: using the rule set") && stderr.contains("(qd366-2025), in force from 2025")
    );
    let json: serde_json::Value = serde_json::from_str(&stdout).unwrap();
    assert_eq!(json[0]["ruleSet"], "qd366-2025");
    assert_eq!(json[0]["ruleSetVersion"], "2025.2");
    assert_eq!(json[0]["reviewYear"], 2026);
    // CSV rows end with the rule set, its version and the review year; the table starts with them.
    let (_, stdout, _) = run_out(&["--lang", "en", "classify", "--year", "2026", "--format", "csv", &input]);
    let lines: Vec<&str> = stdout.trim_start_matches('\u{feff}').lines().collect();
    assert!(lines[0].ends_with("Rule set,Version,Review year"), "{}", lines[0]);
    assert!(lines[1].ends_with("qd366-2025,2025.2,2026"), "{}", lines[1]);
    let (_, stdout, _) = run_out(&["--lang", "en", "classify", "--year", "2026", &input]);
    assert!(stdout.starts_with("Rule set qd366-2025, version 2025.2 · review year 2026\n"), "{stdout}");
    // Civil servants in 2026: NĐ 335. No party rule set governs 2017: nothing can be done.
    let (_, _, stderr) = run_out(&["classify", "--domain", "civil_service", "--year", "2026", &input]);
    assert!(stderr.contains("(nd335-2025)"), "{stderr}");
    let (code, _, stderr) = run_out(&["classify", "--year", "2017", &input]);
    assert_eq!(code, 2);
    assert!(stderr.contains("no-rule-set-for-year") && stderr.contains("qd132-2018 2018–2022"), "{stderr}");
    // A rule set given with a year outside its period: a warning, and the results are complete (3).
    let (code, _, stderr) = run_out(&["classify", "--rules", "qd366-2025", "--year", "2024", &input]);
    assert_eq!(code, 3);
    assert!(stderr.contains("year-outside-rule-set"), "{stderr}");
    // The unit's JSON records them too.
    let members = "examples/dang-bo-mau/members.csv";
    let (_, stdout, _) = run_out(&["unit", "--year", "2026", "--members", members, "--format", "json"]);
    let json: serde_json::Value = serde_json::from_str(&stdout).unwrap();
    assert_eq!(json["ruleSet"]["id"], "qd366-2025");
    assert_eq!(json["reviewYear"], 2026);
}
