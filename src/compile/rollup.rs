//! The roll-up counts: for collective subject kinds, the facts counted from an organization's members or
//! sub-units when a roster is classified (`members.total`, `subunits.ge_good` …), after the derived facts.

use super::Compiler;
use crate::lang::Text;
use crate::num::Num;
use crate::ruleset::{Fact, FactOrigin, FactType, Level, RollupCount, RollupGroup};

pub(super) fn compile(c: &mut Compiler) {
    if c.collectives.0 == 0 {
        return;
    }
    for group in RollupGroup::ALL {
        let mut counts = vec![
            (RollupCount::Total, "total".to_string(), rollup_name(group, "total", None)),
            (RollupCount::Classified, "classified".to_string(), rollup_name(group, "classified", None)),
            (RollupCount::NotClassified, "not_classified".to_string(), rollup_name(group, "not_classified", None)),
        ];
        for (index, level) in c.rules.levels.iter().enumerate() {
            counts.push((RollupCount::Level(index), level.id.clone(), rollup_name(group, "level", Some(level))));
            counts.push((
                RollupCount::AtLeast(index),
                format!("ge_{}", level.id),
                rollup_name(group, "at_least", Some(level)),
            ));
        }
        counts.push((RollupCount::Referred, "referred".to_string(), rollup_name(group, "referred", None)));
        for (count, suffix, name) in counts {
            let id = format!("{}.{suffix}", group.prefix());
            if c.rules.fact_index.contains_key(&id) {
                continue;
            }
            c.rules.fact_index.insert(id.clone(), c.rules.facts.len() as u32);
            c.rules.facts.push(Fact {
                id,
                name,
                help: None,
                origin: FactOrigin::Rollup { group, count },
                ty: FactType::Integer,
                unit: None,
                min: Some(Num::ZERO),
                max: None,
                default: None,
                choices: Vec::new(),
                subjects: c.collectives,
                group: Some(group.prefix().to_string()),
                aliases: Vec::new(),
                used: false,
                when_zero: None,
                from_list: None,
            });
        }
    }
}

fn rollup_name(group: RollupGroup, count: &str, level: Option<&Level>) -> Text {
    let (group_vi, group_en) = match group {
        RollupGroup::Members => ("đảng viên của tổ chức", "the organization's members"),
        RollupGroup::Subunits => ("tổ chức trực thuộc", "direct sub-units"),
        RollupGroup::AllMembers => {
            ("đảng viên của tổ chức và các tổ chức trực thuộc", "members of the organization and all its sub-units")
        }
    };
    match (count, level) {
        ("total", _) => Text::new(format!("Tổng số {group_vi}"), format!("Total {group_en}")),
        ("classified", _) => Text::new(format!("Số {group_vi} được xếp loại"), format!("Classified {group_en}")),
        ("not_classified", _) => {
            Text::new(format!("Số {group_vi} không xếp loại"), format!("{group_en} not classified"))
        }
        ("referred", _) => Text::new(
            format!("Số {group_vi} chờ cấp có thẩm quyền xem xét, quyết định"),
            format!("{group_en} for the competent level to decide"),
        ),
        ("level", Some(l)) => {
            Text::new(format!("Số {group_vi} xếp loại {}", l.short), format!("{group_en} rated {}", l.short))
        }
        ("at_least", Some(l)) => Text::new(
            format!("Số {group_vi} xếp loại {} trở lên", l.short),
            format!("{group_en} rated {} or better", l.short),
        ),
        _ => Text::default(),
    }
}
