//! `xeploai generate`: a seeded synthetic roster that `xeploai unit` reads back without an error, the same for the
//! same seed.

use std::path::PathBuf;
use std::process::Command;

fn generate(dir: &PathBuf, seed: &str) -> (i32, String) {
    let output = Command::new(env!("CARGO_BIN_EXE_xeploai"))
        .args(["generate", "--members", "3000", "--seed", seed, "--out-dir"])
        .arg(dir)
        .output()
        .unwrap();
    (output.status.code().unwrap_or(-1), String::from_utf8_lossy(&output.stderr).into_owned())
}

#[test]
fn generate_writes_a_roster_that_unit_reads_and_the_same_seed_writes_the_same_bytes() {
    let base = std::env::temp_dir().join(format!("xeploai-generate-{}", std::process::id()));
    let (a, b, c) = (base.join("a"), base.join("b"), base.join("c"));
    for (dir, seed) in [(&a, "5"), (&b, "5"), (&c, "6")] {
        let (code, stderr) = generate(dir, seed);
        assert_eq!(code, 0, "{stderr}");
        assert!(stderr.contains("3000 đảng viên"), "{stderr}");
    }
    let read = |dir: &PathBuf, name: &str| std::fs::read(dir.join(name)).unwrap();
    assert_eq!(read(&a, "members.csv"), read(&b, "members.csv"));
    assert_eq!(read(&a, "orgs.csv"), read(&b, "orgs.csv"));
    assert_ne!(read(&a, "members.csv"), read(&c, "members.csv"));

    let output = Command::new(env!("CARGO_BIN_EXE_xeploai"))
        .args(["--lang", "en", "unit", "--format", "json", "--members"])
        .arg(a.join("members.csv"))
        .arg("--orgs")
        .arg(a.join("orgs.csv"))
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&output.stderr);
    // Warnings only (the few members whose task points are left empty on purpose), no error.
    assert_eq!(output.status.code(), Some(3), "{stderr}");
    assert!(stderr.lines().all(|line| line.contains("empty-cells")), "{stderr}");
    let json: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap();
    assert_eq!(json["members"].as_array().map(Vec::len), Some(3000));
    let _ = std::fs::remove_dir_all(&base);
}
