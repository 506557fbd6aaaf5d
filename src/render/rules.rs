//! A rule set as text for `xeploai rules`: its name, review years, description, then every level, rule and quota
//! with its condition, source and status.

use crate::builtin;
use crate::doc::Domain;
use crate::lang::Lang;
use crate::render::{headers, table};
use crate::ruleset::RuleSet;

/// The rule set as text: a heading, then a table of its levels, rules (by stage) and quotas.
pub fn rules_text(rules: &RuleSet, lang: Lang) -> String {
    let mut out = String::new();
    out.push_str(&format!("{} ({}, {})\n", rules.name.get(lang), rules.id, rules.version));
    let years = builtin::years_of(rules);
    if years.is_declared() {
        let domain = match builtin::domain_of(rules) {
            Domain::Party => lang.pick("đảng viên, tổ chức đảng", "party members and organizations"),
            Domain::CivilService => lang.pick("công chức", "civil servants"),
        };
        out.push_str(&format!("{}: {} ({domain})\n", lang.pick("Năm đánh giá", "Review years"), years.describe(lang)));
    }
    if let Some(d) = &rules.description {
        out.push_str(&format!("{}\n", d.get(lang)));
    }
    let headers = headers(&[
        lang.pick("Giai đoạn", "Stage"),
        lang.pick("Mã", "Id"),
        lang.pick("Nội dung", "Rule"),
        lang.pick("Điều kiện", "Expression"),
        lang.pick("Nguồn", "Source"),
        lang.pick("Trạng thái", "Status"),
    ]);
    let mut rows = Vec::new();
    for level in &rules.levels {
        let band = level.min_score.map(|m| format!("score >= {m}")).unwrap_or_default();
        rows.push(vec![
            format!("{} {}", lang.pick("mức", "level"), level.short),
            level.id.clone(),
            level.name.get(lang).to_string(),
            band,
            level.source.as_ref().map(|s| s.cite(lang)).unwrap_or_default(),
            level.source.as_ref().map(|s| format!("{:?}", s.status).to_lowercase()).unwrap_or_default(),
        ]);
    }
    for (stage, rule) in rules.all_rules() {
        let mut name = rule.name.get(lang).to_string();
        if !rule.enabled {
            name.push_str(lang.pick(" [đang tắt]", " [off]"));
        }
        rows.push(vec![
            stage.to_string(),
            rule.id.clone(),
            name,
            rule.expr.text().to_string(),
            rule.source.cite(lang),
            format!("{:?}", rule.source.status).to_lowercase(),
        ]);
    }
    for quota in &rules.quotas {
        rows.push(vec![
            "quota".into(),
            quota.id.clone(),
            quota.name.get(lang).to_string(),
            format!("{:?} {:?} {:?}", quota.base, quota.scopes, quota.rounding).to_lowercase(),
            quota.source.cite(lang),
            format!("{:?}", quota.source.status).to_lowercase(),
        ]);
    }
    out.push_str(&table(&headers, &rows));
    out
}
