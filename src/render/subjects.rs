//! Subjects classified one by one (`xeploai classify`) as table rows: id, name, kind, level (or why none), score,
//! what decided, and what is missing for the next or the registered level.

use crate::explain::{Explanation, ResultStatus};
use crate::input::Record;
use crate::lang::Lang;
use crate::render::unplaced_short;
use crate::ruleset::RuleSet;

/// The columns of [`row`].
pub fn headers(lang: Lang) -> Vec<String> {
    super::headers(&[
        lang.pick("Mã", "Id"),
        lang.pick("Họ tên", "Name"),
        lang.pick("Loại", "Kind"),
        lang.pick("Xếp loại", "Level"),
        lang.pick("Điểm", "Score"),
        lang.pick("Căn cứ", "Why"),
        lang.pick("Còn thiếu để lên mức (đăng ký)", "Missing for the next (registered) level"),
    ])
}

/// A subject's row: its level as a short name, or why it has none (a referred subject says what it would be
/// otherwise); the checks still missing are named, with "not enough data" where the facts were not given.
pub fn row(rules: &RuleSet, record: &Record, explanation: &Explanation, lang: Lang) -> Vec<String> {
    let level = match &explanation.status {
        ResultStatus::Classified => explanation
            .level
            .as_deref()
            .and_then(|l| rules.level_index(l))
            .map(|l| rules.levels[l].short.clone())
            .unwrap_or_default(),
        ResultStatus::Referred => match explanation.referral.as_ref().and_then(|r| r.otherwise.as_deref()) {
            Some(otherwise) => format!(
                "{} ({} {})",
                unplaced_short(&explanation.status, lang),
                lang.pick("nếu không:", "otherwise"),
                rules.level_index(otherwise).map(|l| rules.levels[l].short.as_str()).unwrap_or(otherwise)
            ),
            None => unplaced_short(&explanation.status, lang).into(),
        },
        status => unplaced_short(status, lang).into(),
    };
    let score = explanation.score.as_ref().and_then(|s| s.total).map(|t| t.display(lang, 2)).unwrap_or_default();
    let next: Vec<String> = explanation
        .target
        .as_ref()
        .or(explanation.next_level.as_ref())
        .map(|gap| {
            gap.blockers
                .iter()
                .chain(&gap.unmet)
                .map(|f| {
                    let unknown = if f.met.is_none() {
                        lang.pick(" (chưa đủ dữ liệu)", " (not enough data)")
                    } else {
                        ""
                    };
                    format!("{}{unknown}", f.name.get(lang))
                })
                .collect()
        })
        .unwrap_or_default();
    vec![
        record.id.clone(),
        record.name.clone(),
        rules.subjects[record.kind].id.clone(),
        level,
        score,
        explanation.decided_by.summary.get(lang).to_string(),
        next.join("; "),
    ]
}
