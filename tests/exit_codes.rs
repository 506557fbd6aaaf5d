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
