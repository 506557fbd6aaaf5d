//! `[[quota]]`: the cap on the share of a level (excellent) per scope: a level with a level below it, a percentage
//! from 0 to 100 and not above the rule set's ceiling (`max_percent`), at least one scope, and a source.

use super::Compiler;
use super::fields::{placeholder_provenance, provenance, subject_set};
use crate::diag::Code;
use crate::num::Num;
use crate::ruleset::Quota;

pub(super) fn compile(c: &mut Compiler) {
    let doc = c.doc;
    for (i, q) in doc.quota.iter().enumerate() {
        let path = format!("quota[{i}]");
        c.diag.check_id(&q.id, &path);
        if !c.rule_ids.insert(q.id.get_ref().clone()) {
            c.diag.duplicate(&q.id, &path);
        }
        let level = c.level_ids.get(q.level.get_ref()).copied();
        match level {
            None => c.diag.unknown_level(&q.level, &format!("{path}.level"), &c.rules.levels),
            Some(index) if index + 1 >= c.rules.levels.len() => c.diag.push(
                Code::QuotaLevel,
                q.level.span().start,
                format!("{path}.level"),
                "tỷ lệ chỉ đặt cho một mức có mức liền dưới",
                "a quota can only be set on a level that has a level below it",
            ),
            Some(_) => {}
        }
        let percent = *q.percent.get_ref();
        if percent < Num::ZERO || percent > Num::HUNDRED {
            c.diag.push(
                Code::QuotaPercent,
                q.percent.span().start,
                format!("{path}.percent"),
                "tỷ lệ phải từ 0 đến 100",
                "the percentage must be between 0 and 100",
            );
        }
        let max_percent = q.max_percent.as_ref().map(|m| *m.get_ref());
        if let Some(max) = &q.max_percent {
            let value = *max.get_ref();
            if value < Num::ZERO || value > Num::HUNDRED {
                c.diag.push(
                    Code::QuotaPercent,
                    max.span().start,
                    format!("{path}.max_percent"),
                    "mức trần của tỷ lệ phải từ 0 đến 100",
                    "the ceiling of the percentage must be between 0 and 100",
                );
            } else if percent > value {
                c.diag.push(
                    Code::QuotaCeiling,
                    q.percent.span().start,
                    format!("{path}.percent"),
                    format!(
                        "tỷ lệ {} vượt mức trần {} mà bộ quy tắc cho phép (`max_percent`)",
                        percent.to_plain_string(),
                        value.to_plain_string()
                    ),
                    format!(
                        "the percentage {} is above the ceiling of {} the rule set allows (`max_percent`)",
                        percent.to_plain_string(),
                        value.to_plain_string()
                    ),
                );
            }
        }
        if q.scope.is_empty() {
            c.diag.push(
                Code::QuotaLevel,
                q.id.span().start,
                format!("{path}.scope"),
                "cần ít nhất một phạm vi (`scope`)",
                "at least one `scope` is needed",
            );
        }
        let subjects_set = subject_set(&mut c.diag, &q.subjects, &c.subject_ids, c.all_subjects, &path);
        let source = provenance(&mut c.diag, &q.source, &c.rules.documents, q.id.span().start, &path, true);
        if let Some(level) = level {
            c.rules.quotas.push(Quota {
                id: q.id.get_ref().clone(),
                name: q.name.clone(),
                level,
                share: Num::percent(percent),
                max_percent,
                base: q.base,
                scopes: q.scope.clone(),
                rounding: q.rounding,
                subjects: subjects_set,
                pool_subjects: q.pool_subjects,
                source: source.unwrap_or_else(placeholder_provenance),
                enabled: q.enabled,
            });
        }
    }
}
