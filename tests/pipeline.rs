//! One unit through every front end gives one result. The same three units (the example Đảng bộ; one whose
//! organizations carry roll-up counts typed in; one with a contradicting row and a bad cell) go through the CLI
//! (`xeploai unit --format json`), the comparison's side, and the cases runner here; through the embedded module's
//! `roster_json` in `embed/src/tests.rs`; and through the app's import job and target check in
//! `www/src/pages/unit/state.rs`. Each compares its [`pipeline::digest`] (levels by the criteria and proposed,
//! distributions, quota statuses, targets, diagnostics) with the same file, `tests/fixtures/pipeline/<unit>.json`,
//! which the engine's run writes when `UPDATE_DIGESTS=1` and otherwise must equal. A front end that drifts (drops
//! contradictions, ignores typed counts, reads another way) fails its test.

use std::path::PathBuf;
use std::process::Command;

use serde_json::{Value, json};
use xeploai::pipeline::{self, UnitFiles, UnitRun};
use xeploai::{RuleSet, builtin, cases, compare};

/// A unit: its name (the digest file's) and its members, organizations and target files, from the package root.
pub struct TestUnit {
    name: &'static str,
    members: &'static str,
    orgs: &'static str,
    targets: &'static str,
}

const TARGETS: &str = "rules/targets/dang-uy-khoi-2026.toml";

const UNITS: [TestUnit; 3] = [
    TestUnit {
        name: "dang-bo-mau",
        members: "examples/dang-bo-mau/members.csv",
        orgs: "examples/dang-bo-mau/orgs.csv",
        targets: TARGETS,
    },
    TestUnit {
        name: "typed-rollup",
        members: "tests/fixtures/pipeline/rollup-members.csv",
        orgs: "tests/fixtures/pipeline/rollup-orgs.csv",
        targets: TARGETS,
    },
    TestUnit {
        name: "contradiction",
        members: "tests/fixtures/pipeline/contradiction-members.csv",
        orgs: "examples/dang-bo-mau/orgs.csv",
        targets: TARGETS,
    },
];

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn text(path: &str) -> String {
    std::fs::read_to_string(root().join(path)).unwrap_or_else(|e| panic!("{path}: {e}"))
}

fn rules() -> RuleSet {
    builtin::load(builtin::DEFAULT).expect("the default rule set compiles")
}

/// The engine's run of a unit, files named by their paths (as the CLI names them).
fn engine_run(rules: &RuleSet, unit: &TestUnit) -> UnitRun {
    let (members, orgs, targets) = (text(unit.members), text(unit.orgs), text(unit.targets));
    let files = UnitFiles {
        members: (&members, Some(unit.members)),
        orgs: Some((&orgs, Some(unit.orgs))),
        targets: Some((&targets, Some(unit.targets))),
        figures: None,
    };
    compare::UnitRun::new(rules, &files).expect("the target file loads")
}

fn expected(unit: &TestUnit) -> Value {
    let path = root().join(format!("tests/fixtures/pipeline/{}.json", unit.name));
    serde_json::from_str(&std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display())))
        .expect("a digest file is JSON")
}

#[test]
fn the_engine_gives_the_digest_every_front_end_is_held_to() {
    let rules = rules();
    for unit in &UNITS {
        let digest = pipeline::digest(&rules, &engine_run(&rules, unit));
        let path = root().join(format!("tests/fixtures/pipeline/{}.json", unit.name));
        if std::env::var_os("UPDATE_DIGESTS").is_some() {
            let text = serde_json::to_string_pretty(&digest).expect("JSON") + "\n";
            std::fs::write(&path, text).expect("writable");
        }
        assert_eq!(digest, expected(unit), "{}: the engine's run differs from {}", unit.name, path.display());
    }
    // The units hold what they are there for.
    let digest = |name: &str| expected(UNITS.iter().find(|u| u.name == name).expect("unit"));
    let typed = digest("typed-rollup");
    let cb_b = typed["organizations"].as_array().and_then(|o| o.iter().find(|o| o[0] == "cb-b")).cloned();
    assert!(cb_b.is_some_and(|o| o[1].is_string()), "cb-b is classified from its typed counts: {typed}");
    let problems = digest("contradiction")["diagnostics"].to_string();
    assert!(problems.contains("contradiction members:4"), "{problems}");
    assert!(problems.contains("not-a-number members:8"), "{problems}");
}

/// A diagnostic line the CLI printed (`--lang en`), as a digest key.
fn cli_key(line: &str) -> Option<String> {
    let (location, rest) = match line.find(": error[").or_else(|| line.find(": warning[")) {
        Some(at) => (&line[..at], &line[at + 2..]),
        None => ("", line),
    };
    let code = rest.split_once('[')?.1.split_once(']')?.0;
    let location = location.split(" [").next().unwrap_or("");
    let mut parts = location.split(':');
    let file = parts.next().filter(|f| !f.is_empty() && !f.starts_with("row "));
    let row = location.split(':').find_map(|p| p.strip_prefix("row ")?.parse::<u32>().ok());
    Some(pipeline::digest_key(code, file, row))
}

#[test]
fn the_cli_gives_the_same_result() {
    for unit in &UNITS {
        let output = Command::new(env!("CARGO_BIN_EXE_xeploai"))
            .current_dir(root())
            .args(["--lang", "en", "unit", "--format", "json", "--members", unit.members, "--orgs", unit.orgs])
            .args(["--targets", unit.targets])
            .output()
            .expect("the CLI runs");
        let out: Value = serde_json::from_slice(&output.stdout).expect("JSON on stdout");
        let stderr = String::from_utf8_lossy(&output.stderr);
        let mut diagnostics: Vec<String> = stderr.lines().filter_map(cli_key).collect();
        diagnostics.sort();
        let members: Vec<Value> = out["members"]
            .as_array()
            .expect("members")
            .iter()
            .map(|m| json!([m["id"], m["byCriteria"], m["proposed"]]))
            .collect();
        let organizations: Vec<Value> = out["organizations"]
            .as_array()
            .expect("organizations")
            .iter()
            .map(|o| json!([o["id"], o["level"]]))
            .collect();
        let targets: Vec<Value> = out["targets"]
            .as_array()
            .map(|t| t.iter().map(|t| json!([t["id"], t["status"], t["actual"]])).collect())
            .unwrap_or_default();
        let digest = json!({
            "members": members,
            "organizations": organizations,
            "distributions": out["distribution"],
            "quotas": out["quota"],
            "targets": targets,
            "diagnostics": diagnostics,
        });
        assert_eq!(digest, expected(unit), "{}: the CLI differs (stderr: {stderr})", unit.name);
    }
}

#[test]
fn the_comparison_reads_each_side_as_the_pipeline_does() {
    let rules = rules();
    for unit in &UNITS {
        let run = engine_run(&rules, unit);
        assert_eq!(pipeline::digest(&rules, &run), expected(unit), "{}: a comparison side differs", unit.name);
        // The same rule set on both sides: nobody moves, and every count and status is the side's own.
        let side = compare::UnitSide { rules: &rules, run: &run };
        let comparison = compare::compare_units(side, side, 10);
        assert!(comparison.movers.is_empty() && comparison.org_movers.is_empty(), "{}", unit.name);
        let members = comparison.distributions.iter().find(|d| d.population == "members").expect("members");
        assert_eq!(members.total.left, run.result.member_distribution.total);
        let quotas: Vec<_> = comparison.quotas.iter().filter_map(|q| q.left.clone()).collect();
        assert_eq!(quotas, run.result.quotas, "{}", unit.name);
        let targets: Vec<_> = comparison.targets.iter().filter_map(|t| t.left.clone()).collect();
        assert_eq!(Some(targets), run.targets, "{}", unit.name);
    }
}

fn toml_string(text: &str) -> String {
    serde_json::to_string(text).expect("a string")
}

/// A unit case that expects what the digest says: every member's proposed level, every organization's, and every
/// quota status.
fn unit_case(unit: &TestUnit, digest: &Value) -> String {
    let level = |v: &Value| v.as_str().unwrap_or("-").to_string();
    let mut out = format!(
        "[[unit_case]]\nid = \"{}\"\nmembers = {}\norgs = {}\n[unit_case.expect.levels]\n",
        unit.name,
        toml_string(&text(unit.members)),
        toml_string(&text(unit.orgs))
    );
    for member in digest["members"].as_array().expect("members") {
        out += &format!("{} = \"{}\"\n", toml_string(member[0].as_str().expect("id")), level(&member[2]));
    }
    out += "[unit_case.expect.orgs]\n";
    for org in digest["organizations"].as_array().expect("organizations") {
        out += &format!("{} = \"{}\"\n", toml_string(org[0].as_str().expect("id")), level(&org[1]));
    }
    for quota in digest["quotas"].as_array().expect("quotas") {
        let look_first: Vec<String> = quota["lookFirst"]
            .as_array()
            .expect("list")
            .iter()
            .map(|v| toml_string(v.as_str().unwrap_or("")))
            .collect();
        out += &format!(
            "[[unit_case.expect.quota]]\nquota = {}\nscope = {}\ncandidates = {}\ngood = {}\ncap = {}\nexcess = {}\n\
             cap_after = {}\nlook_first = [{}]\n",
            quota["quota"],
            quota["scopeId"],
            quota["counts"]["candidates"],
            quota["counts"]["good"],
            quota["cap"],
            quota["excess"],
            quota["capAfter"],
            look_first.join(", ")
        );
        if let Some(subject) = quota["subject"].as_str() {
            out += &format!("subject = {}\n", toml_string(subject));
        }
    }
    out
}

#[test]
fn the_cases_runner_agrees() {
    let rules = rules();
    for unit in &UNITS {
        let digest = expected(unit);
        let cases = unit_case(unit, &digest);
        let report = cases::run_cases(&rules, &cases, Some("pipeline.cases.toml"));
        // A unit with a cell that cannot be read is an input problem of its case; the levels still agree.
        let unreadable = digest["diagnostics"].to_string().contains("not-a-number");
        let problems: Vec<String> =
            report.diagnostics.iter().map(|d| d.message.get(xeploai::Lang::En).to_string()).collect();
        if unreadable {
            assert_eq!(report.failed, 1, "{}: {problems:?}", unit.name);
            let text = problems.join("; ");
            assert!(text.contains("input:") && text.contains("not-a-number"), "{}: {text}", unit.name);
            assert!(!text.contains("expected"), "{}: only the unreadable cell, no level differs: {text}", unit.name);
        } else {
            assert_eq!((report.passed, report.failed), (1, 0), "{}: {problems:?}", unit.name);
        }
    }
}
