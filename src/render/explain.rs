//! An explanation as text: each finding, the deciding rule, the gaps to the next and the registered level, the
//! assumptions involved.

use crate::classify::Stage;
use crate::explain::{DecidingItem, Explanation, Finding, Gap, ListUse, ResultStatus};
use crate::expr::{Comparison, NumStyle};
use crate::lang::Lang;
use crate::num::Num;
use crate::ruleset::{FactType, RuleSet, Status};

/// A value as people read it: `89,5`, `30%`, `có`, a choice's name.
pub fn value_text(
    rules: &RuleSet,
    fact: Option<&str>,
    value: Option<Num>,
    style: NumStyle,
    choice: Option<&str>,
    lang: Lang,
) -> String {
    let Some(value) = value else { return lang.pick("(trống)", "(empty)").to_string() };
    let fact = fact.and_then(|id| rules.fact_slot(id)).map(|slot| rules.fact(slot));
    if let Some(fact) = fact {
        match fact.ty {
            FactType::Bool => {
                return lang
                    .pick(if value.is_zero() { "không" } else { "có" }, if value.is_zero() { "no" } else { "yes" })
                    .to_string();
            }
            FactType::Choice => {
                if let Some(c) = fact.choices.get(value.floor().max(0) as usize) {
                    return c.name.get(lang).to_string();
                }
            }
            FactType::Percent => return value.display_percent(lang, 2),
            _ => {}
        }
    }
    if let Some(choice) = choice {
        return choice.to_string();
    }
    match style {
        NumStyle::Percent => value.display_percent(lang, 2),
        NumStyle::Plain => value.display(lang, 2),
    }
}

/// The name of the thing on the left of a comparison: the fact's name when it is a fact, else the formula.
pub fn operand_name(rules: &RuleSet, text: &str, lang: Lang) -> String {
    match rules.fact_slot(text) {
        Some(slot) => rules.fact(slot).name.get(lang).to_string(),
        None => text.to_string(),
    }
}

/// "Tỷ lệ nhiệm vụ vượt mức: 20% (cần ≥ 30%)".
pub fn comparison_text(rules: &RuleSet, comparison: &Comparison, lang: Lang) -> String {
    comparison_text_with(rules, comparison, lang, lang.pick("cần", "required"))
}

/// A comparison of a case that applies when it holds (not classified, disqualifier, cap): "áp dụng khi < 6".
fn case_comparison_text(rules: &RuleSet, comparison: &Comparison, lang: Lang) -> String {
    comparison_text_with(rules, comparison, lang, lang.pick("áp dụng khi", "applies when"))
}

fn comparison_text_with(rules: &RuleSet, comparison: &Comparison, lang: Lang, verb: &str) -> String {
    let left_fact = rules.fact_slot(&comparison.left).map(|_| comparison.left.as_str());
    let observed = if comparison.no_base {
        lang.pick("không tính được (mẫu số bằng 0)", "none (nothing to divide by)").to_string()
    } else {
        value_text(rules, left_fact, comparison.observed, comparison.style, comparison.observed_choice.as_deref(), lang)
    };
    // The required side is a constant or another fact; show it in the left side's terms (choices, percentages).
    let required = match (&comparison.required_choice, left_fact.map(|id| rules.fact(rules.fact_slot(id).unwrap_or(0))))
    {
        (Some(_), Some(fact)) if fact.ty == FactType::Choice => {
            value_text(rules, left_fact, comparison.required, comparison.style, None, lang)
        }
        (Some(choice), _) => choice.clone(),
        (None, Some(fact)) if fact.ty == FactType::Bool => {
            value_text(rules, left_fact, comparison.required, comparison.style, None, lang)
        }
        _ => value_text(rules, None, comparison.required, comparison.style, None, lang),
    };
    let right_name = rules
        .fact_slot(&comparison.right)
        .map(|_| format!(" ({})", operand_name(rules, &comparison.right, lang)))
        .unwrap_or_default();
    format!(
        "{}: {observed} ({verb} {} {required}{right_name})",
        operand_name(rules, &comparison.left, lang),
        comparison.op.symbol()
    )
}

/// Is this stage a case that applies when its expression holds, rather than a condition to meet?
pub fn is_case(stage: Stage) -> bool {
    matches!(stage, Stage::NotClassified | Stage::Disqualifier | Stage::Mitigation | Stage::Cap)
}

/// The words for a result without a level: not classified, referred, invalid, incomplete, failed.
pub fn unplaced_label(status: &ResultStatus, lang: Lang) -> &'static str {
    match status {
        ResultStatus::Classified => "",
        ResultStatus::NotClassified => lang.pick("Không xếp loại", "Not classified"),
        ResultStatus::Referred => {
            lang.pick("Chờ cấp có thẩm quyền xem xét, quyết định", "For the competent level to decide")
        }
        ResultStatus::Invalid => lang.pick("Số liệu mâu thuẫn", "Contradictory data"),
        ResultStatus::Incomplete => lang.pick("Chưa đủ dữ liệu", "Incomplete"),
        ResultStatus::Failed => lang.pick("Không tính được", "Cannot be evaluated"),
    }
}

/// The same in the few words of a table cell (lower case), as the CLI's tables and the comparison write them.
pub fn unplaced_short(status: &ResultStatus, lang: Lang) -> &'static str {
    match status {
        ResultStatus::Classified => "",
        ResultStatus::NotClassified => lang.pick("không xếp loại", "not classified"),
        ResultStatus::Referred => lang.pick("chờ cấp có thẩm quyền quyết định", "for the competent level"),
        ResultStatus::Invalid => lang.pick("số liệu mâu thuẫn", "contradictory data"),
        ResultStatus::Incomplete => lang.pick("thiếu dữ liệu", "incomplete"),
        ResultStatus::Failed => lang.pick("lỗi", "error"),
    }
}

/// The status of an outcome of the fast path.
pub fn outcome_status(outcome: &crate::classify::Outcome) -> ResultStatus {
    use crate::classify::Outcome;
    match outcome {
        Outcome::Level { .. } => ResultStatus::Classified,
        Outcome::NotClassified { .. } => ResultStatus::NotClassified,
        Outcome::Referred { .. } => ResultStatus::Referred,
        Outcome::Invalid { .. } => ResultStatus::Invalid,
        Outcome::Incomplete { .. } => ResultStatus::Incomplete,
        Outcome::Failed { .. } => ResultStatus::Failed,
    }
}

/// ✓ met, ✗ not met, ? unknown; for cases: · does not apply, ! applies.
fn mark(stage: Stage, met: Option<bool>) -> &'static str {
    match (is_case(stage), met) {
        (_, None) => "?",
        (false, Some(true)) => "✓",
        (false, Some(false)) => "✗",
        (true, Some(false)) => "·",
        (true, Some(true)) => "!",
    }
}

fn status_label(status: Status, lang: Lang) -> &'static str {
    match status {
        Status::Confirmed => lang.pick("có nguồn xác nhận", "confirmed"),
        Status::Assumption => lang.pick("GIẢ ĐỊNH", "ASSUMPTION"),
    }
}

pub fn finding_text(rules: &RuleSet, finding: &Finding, lang: Lang) -> String {
    let level = finding
        .level
        .as_deref()
        .and_then(|id| rules.level_index(id))
        .map(|l| {
            if finding.stage == Stage::Cap {
                format!("[≤ {}] ", rules.levels[l].short)
            } else {
                format!("[{}] ", rules.levels[l].short)
            }
        })
        .unwrap_or_default();
    let claim = if finding.stage == Stage::Mitigation {
        lang.pick("tình tiết để xem xét: ", "mitigation claimed: ")
    } else {
        ""
    };
    let mut line = format!("{} {level}{claim}{}", mark(finding.stage, finding.met), finding.name.get(lang));
    let parts: Vec<String> = finding
        .comparisons
        .iter()
        .map(|c| {
            if is_case(finding.stage) { case_comparison_text(rules, c, lang) } else { comparison_text(rules, c, lang) }
        })
        .collect();
    if !parts.is_empty() {
        line.push_str(" — ");
        line.push_str(&parts.join("; "));
    }
    if let Some(note) = &finding.empty_share {
        line.push_str(&format!(" — {}", note.get(lang)));
    }
    if !finding.items.is_empty() {
        line.push_str(&format!(" — {}", deciding_items_text(&finding.items, lang)));
    }
    if let Some(source) = &finding.source {
        line.push_str(&format!(" · {} ({})", source.cite(lang), status_label(source.status, lang)));
    }
    if finding.decisive {
        line.push_str(lang.pick("  ← quyết định kết quả", "  ← decided the result"));
    }
    line
}

/// How many deciding items are named before "and N more".
const ITEMS_SHOWN: usize = 10;

/// One item that decided: "nhiệm vụ 7 «Báo cáo quý»: hoàn thành chậm" (a choice by its name, other fields with
/// theirs).
pub fn deciding_item_text(item: &DecidingItem, lang: Lang) -> String {
    let mut text = format!("{} {}", item.item.get(lang), item.index);
    if let Some(name) = &item.name {
        text.push_str(&format!(" «{name}»"));
    }
    let details: Vec<String> = item
        .details
        .iter()
        .map(|d| {
            let value = d.value.get(lang);
            if matches!(value, "có" | "không" | "yes" | "no") {
                format!("{}: {value}", d.field.get(lang))
            } else {
                value.to_string()
            }
        })
        .collect();
    if !details.is_empty() {
        text.push_str(&format!(": {}", details.join(", ")));
    }
    text
}

/// The items that decided a finding, at most [`ITEMS_SHOWN`] of them named: "→ nhiệm vụ 2 «B»: hoàn thành chậm; …".
pub fn deciding_items_text(items: &[DecidingItem], lang: Lang) -> String {
    let mut parts: Vec<String> = items.iter().take(ITEMS_SHOWN).map(|i| deciding_item_text(i, lang)).collect();
    if items.len() > ITEMS_SHOWN {
        let more = items.len() - ITEMS_SHOWN;
        parts.push(match lang {
            Lang::Vi => format!("và {more} {} khác", items[0].item.get(lang)),
            Lang::En => format!("and {more} more"),
        });
    }
    format!("→ {}", parts.join("; "))
}

/// The lists the facts were computed from: "Tính từ danh sách: Nhiệm vụ (12 nhiệm vụ): …".
pub fn lists_used_text(rules: &RuleSet, lists: &[ListUse], lang: Lang) -> String {
    let parts: Vec<String> = lists
        .iter()
        .map(|l| {
            let facts: Vec<String> = l.facts.iter().map(|id| operand_name(rules, id, lang)).collect();
            format!("{} ({} {}) → {}", l.name.get(lang), l.items, l.item.get(lang), facts.join(", "))
        })
        .collect();
    format!("{}: {}", lang.pick("Tính từ danh sách", "Computed from the list"), parts.join("; "))
}

fn gap_text(rules: &RuleSet, gap: &Gap, heading_vi: &str, heading_en: &str, lang: Lang, out: &mut String) {
    let short = rules.level_index(&gap.level).map(|l| rules.levels[l].short.clone()).unwrap_or_default();
    out.push_str(&format!("{} {} ({short}):\n", lang.pick(heading_vi, heading_en), gap.level_name.get(lang)));
    if gap.reached {
        out.push_str(&format!("  {}\n", lang.pick("đã đạt", "already reached")));
        return;
    }
    for finding in &gap.blockers {
        out.push_str(&format!(
            "  {} {}\n",
            lang.pick("– phải không còn thuộc trường hợp:", "– must no longer fall under:"),
            finding.name.get(lang)
        ));
    }
    for finding in &gap.unmet {
        let detail: Vec<String> = finding
            .comparisons
            .iter()
            .filter(|c| c.met != Some(true))
            .map(|c| comparison_text(rules, c, lang))
            .collect();
        let unknown =
            if finding.met.is_none() { lang.pick(" (chưa đủ dữ liệu)", " (not enough data)") } else { "" };
        out.push_str(&format!("  – {}{unknown}: {}\n", finding.name.get(lang), detail.join("; ")));
        if !finding.items.is_empty() {
            out.push_str(&format!("    {}\n", deciding_items_text(&finding.items, lang)));
        }
    }
    if gap.blockers.is_empty() && gap.unmet.is_empty() {
        out.push_str(&format!("  {}\n", lang.pick("không còn điều kiện nào thiếu", "nothing is missing")));
    }
}

/// The whole explanation as text.
pub fn explanation_text(rules: &RuleSet, explanation: &Explanation, lang: Lang) -> String {
    let mut out = String::new();
    let result = match (&explanation.status, &explanation.level_name) {
        (ResultStatus::Classified, Some(name)) => {
            let short = explanation
                .level
                .as_deref()
                .and_then(|id| rules.level_index(id))
                .map(|l| rules.levels[l].short.clone())
                .unwrap_or_default();
            format!("{} ({short})", name.get(lang))
        }
        (ResultStatus::Referred, _) => {
            let otherwise = explanation
                .referral
                .as_ref()
                .and_then(|r| r.otherwise.as_deref())
                .and_then(|id| rules.level_index(id))
                .map(|l| rules.levels[l].short.as_str());
            match otherwise {
                Some(short) => format!(
                    "{} ({} {short})",
                    unplaced_label(&explanation.status, lang),
                    lang.pick("nếu không thì", "otherwise")
                ),
                None => unplaced_label(&explanation.status, lang).to_string(),
            }
        }
        (status, _) => unplaced_label(status, lang).to_string(),
    };
    out.push_str(&format!("{}: {result}\n", lang.pick("Kết quả", "Result")));
    out.push_str(&format!("{}: {}", lang.pick("Lý do", "Why"), explanation.decided_by.summary.get(lang)));
    if let Some(source) = &explanation.decided_by.source {
        out.push_str(&format!(" · {} ({})", source.cite(lang), status_label(source.status, lang)));
    }
    out.push('\n');
    if let Some(score) = &explanation.score {
        let total = score.total.map(|t| t.display(lang, 2)).unwrap_or_else(|| "?".into());
        let parts: Vec<String> = score
            .parts
            .iter()
            .map(|p| {
                let value = p.value.map(|v| v.display(lang, 2)).unwrap_or_else(|| "?".into());
                match p.max {
                    Some(max) => format!("{} {value}/{}", p.name.get(lang), max.display(lang, 2)),
                    None => format!("{} {value}", p.name.get(lang)),
                }
            })
            .collect();
        out.push_str(&format!(
            "{}: {total}/{} ({})\n",
            lang.pick("Điểm", "Score"),
            score.max.display(lang, 2),
            parts.join("; ")
        ));
    }
    if !explanation.lists.is_empty() {
        out.push_str(&lists_used_text(rules, &explanation.lists, lang));
        out.push('\n');
    }
    if let Some(referral) = &explanation.referral {
        out.push_str(&format!(
            "{}: {} — {}: {}\n",
            lang.pick("Trường hợp", "Case"),
            referral.name.get(lang),
            lang.pick("tình tiết để xem xét", "mitigation claimed"),
            operand_name(rules, &referral.claim, lang)
        ));
    }
    for contradiction in &explanation.contradictions {
        let names: Vec<String> = contradiction.facts.iter().map(|id| operand_name(rules, id, lang)).collect();
        out.push_str(&format!(
            "{}: {} ({}) — {}: {}\n",
            lang.pick("Số liệu mâu thuẫn", "Contradictory data"),
            contradiction.name.get(lang),
            contradiction.expr,
            lang.pick("cần sửa", "correct"),
            names.join(", ")
        ));
    }
    if !explanation.missing_unneeded.is_empty() {
        let names: Vec<String> = explanation.missing_unneeded.iter().map(|id| operand_name(rules, id, lang)).collect();
        out.push_str(&format!(
            "{}: {}\n",
            lang.pick(
                "Chưa nhập nhưng không ảnh hưởng kết quả",
                "Not filled in, but the result does not depend on them"
            ),
            names.join(", ")
        ));
    } else if !explanation.missing_facts.is_empty() {
        let names: Vec<String> = explanation.missing_facts.iter().map(|id| operand_name(rules, id, lang)).collect();
        out.push_str(&format!("{}: {}\n", lang.pick("Còn thiếu dữ liệu", "Missing data"), names.join(", ")));
    }
    out.push_str(lang.pick(
        "Các điều kiện đã kiểm tra (✓ đạt, ✗ không đạt, ? chưa đủ dữ liệu; với các trường hợp: · không thuộc, ! thuộc):\n",
        "Checks (✓ met, ✗ not met, ? not enough data; for cases: · does not apply, ! applies):\n",
    ));
    for finding in &explanation.findings {
        out.push_str("  ");
        out.push_str(&finding_text(rules, finding, lang));
        out.push('\n');
    }
    if let Some(gap) = &explanation.next_level {
        gap_text(rules, gap, "Để đạt mức cao hơn", "To reach the next level", lang, &mut out);
    }
    if let Some(gap) = &explanation.target {
        gap_text(rules, gap, "So với mức đăng ký phấn đấu", "Against the registered target", lang, &mut out);
    }
    // Unit mode: the quota's proposal, so a registered level reached by the criteria is not read as the result.
    if let Some(note) = &explanation.quota {
        out.push_str(note.text.get(lang));
        out.push('\n');
    }
    if !explanation.assumptions.is_empty() {
        out.push_str(lang.pick(
            "Giả định của bộ quy tắc (văn bản chưa quy định rõ):\n",
            "Assumptions of this rule set (the texts are silent):\n",
        ));
        for note in &explanation.assumptions {
            let reason = note.reason.as_ref().map(|r| format!(": {}", r.get(lang))).unwrap_or_default();
            let decisive =
                if note.decisive { lang.pick(" [quyết định kết quả]", " [decided the result]") } else { "" };
            out.push_str(&format!("  * {}{reason}{decisive}\n", note.name.get(lang)));
        }
    }
    out
}
