//! The excellent quota counted per subject kind (QĐ 366 Điều 11 k1: "among subjects of similar position and role")
//! or pooled (`pool_subjects = true`, as QĐ 124 and QĐ 132 did): the same roster, different groups, a different
//! member to look at first.

use xeploai::input::{ReadOptions, TableKind, read_csv};
use xeploai::unit::{Roster, Unit, UnitResult};
use xeploai::{RuleSet, builtin, knobs};

const MEMBERS: &str = "id,org,subject,common_points,task_points,tasks_assigned,tasks_on_time,tasks_exceeding,led_tasks_assigned,led_tasks_on_time,led_tasks_exceeding
l1,cb1,leader,30,66,,,,10,10,3
l2,cb1,leader,29,64,,,,10,10,3
l3,cb1,leader,25,55,,,,10,10,0
l4,cb1,leader,25,55,,,,10,10,0
l5,cb1,leader,25,55,,,,10,10,0
l6,cb1,leader,25,55,,,,10,10,0
l7,cb1,leader,25,55,,,,10,10,0
m1,cb1,member,28,62,10,10,3,,,
m2,cb1,member,25,55,10,10,0,,,
m3,cb1,member,25,55,10,10,0,,,
m4,cb1,member,25,55,10,10,0,,,
m5,cb1,member,25,55,10,10,0,,,
m6,cb1,member,25,55,10,10,0,,,
";

fn run(text: &str) -> (RuleSet, UnitResult) {
    let (rules, diagnostics) = xeploai::load(text, None);
    let rules = rules.unwrap_or_else(|| panic!("{diagnostics:?}"));
    let options = ReadOptions { file: Some("members.csv"), kind: TableKind::Members, default_subject: Some(0) };
    let (members, diagnostics) = read_csv(&rules, MEMBERS, &options);
    assert!(diagnostics.is_empty(), "{diagnostics:?}");
    let roster = Roster { members, orgs: Default::default() };
    let unit = Unit::prepare(&rules, &roster, None, None);
    let result = unit.run(&rules, &roster);
    (rules, result)
}

#[test]
fn each_subject_kind_is_its_own_group_by_default() {
    let (_, result) = run(builtin::DEFAULT_TEXT);
    let members: Vec<_> = result.quotas.iter().filter(|q| q.quota == "quota_htxs_members").collect();
    assert_eq!(members.len(), 2, "{members:?}");
    let leaders = members.iter().find(|q| q.subject.as_deref() == Some("leader")).unwrap();
    assert_eq!((leaders.counts.candidates, leaders.counts.good, leaders.resolution.excess), (2, 5, 1));
    assert_eq!(leaders.look_first, ["l2"]);
    let others = members.iter().find(|q| q.subject.as_deref() == Some("member")).unwrap();
    assert_eq!((others.counts.candidates, others.counts.good, others.resolution.excess), (1, 5, 0));
    let json = serde_json::to_value(leaders).unwrap();
    assert_eq!(json["subject"], "leader");
}

#[test]
fn pooled_kinds_are_counted_together() {
    let pooled = knobs::set_knob(builtin::DEFAULT_TEXT, "quota.quota_htxs_members.pool_subjects", "true").unwrap();
    let (_, result) = run(&pooled);
    let members: Vec<_> = result.quotas.iter().filter(|q| q.quota == "quota_htxs_members").collect();
    assert_eq!(members.len(), 1, "{members:?}");
    let all = members[0];
    assert_eq!(all.subject, None);
    assert_eq!((all.counts.candidates, all.counts.good, all.resolution.excess), (3, 10, 1));
    // Now the lowest score of all three candidates is looked at first.
    assert_eq!(all.look_first, ["m1"]);
    assert!(serde_json::to_value(all).unwrap().get("subject").is_none());
}

#[test]
fn older_rule_sets_keep_pooling() {
    for id in ["qd124-2023", "qd132-2018", "nd335-2025"] {
        let rules = builtin::load(id).unwrap();
        assert!(rules.quotas.iter().all(|q| q.pool_subjects), "{id}");
    }
    let rules = builtin::load(builtin::DEFAULT).unwrap();
    assert!(rules.quotas.iter().all(|q| !q.pool_subjects));
    assert!(rules.quotas.iter().all(|q| q.max_percent == Some(xeploai::num::Num::int(25))));
}
