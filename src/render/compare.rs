//! The comparison of two rule sets as text for the CLI (and CSV of the movers); the data is built in
//! [`crate::compare`].

use serde::Serialize;

use crate::compare::{
    AggregateQuota, ConditionDifference, DifferenceKind, DistributionComparison, FAILED, FiguresComparison, INCOMPLETE,
    INVALID, LevelLabel, Movement, Mover, NO_SUBJECT_KIND, NOT_CLASSIFIED, Pair, QuotaComparison, QuotaFigure,
    REFERRED, ReadingDifference, RuleSetLabel, Side, SubjectComparison, TargetComparison, UnitComparison, level_labels,
};
use crate::explain::ResultStatus;
use crate::knobs::{Change, Knob, KnobKind};
use crate::lang::{Lang, Text};
use crate::num::Num;
use crate::render;
use crate::ruleset::RuleSet;
use crate::targets::TargetResult;
use crate::unit::QuotaStatus;

fn short_of(levels: &[LevelLabel], key: &str, lang: Lang) -> String {
    if let Some(level) = levels.iter().find(|l| l.id == key) {
        return level.short.clone();
    }
    let status = match key {
        NOT_CLASSIFIED => ResultStatus::NotClassified,
        REFERRED => ResultStatus::Referred,
        INVALID => ResultStatus::Invalid,
        INCOMPLETE => ResultStatus::Incomplete,
        FAILED => ResultStatus::Failed,
        NO_SUBJECT_KIND => return lang.pick("không có loại đối tượng", "no such subject kind").to_string(),
        other => return other.to_string(),
    };
    render::unplaced_short(&status, lang).to_string()
}

pub(crate) fn arrow(levels: &[LevelLabel], pair: &Pair<String>, lang: Lang) -> String {
    if pair.left == pair.right {
        short_of(levels, &pair.left, lang)
    } else {
        format!("{} → {}", short_of(levels, &pair.left, lang), short_of(levels, &pair.right, lang))
    }
}

/// A unit enum as its serde word (`good_only`, `base_organizations`).
fn word<T: Serialize>(value: &T) -> String {
    serde_json::to_value(value).ok().and_then(|v| v.as_str().map(str::to_string)).unwrap_or_default()
}

/// The differences worth showing in text, and how many are left out: those that decided a result or whose outcome
/// differs; failing that, all but requirements that differ with the same outcome (those rarely explain a move);
/// failing that, all. Rule sets of different regimes share few checks, so most of theirs are left to the JSON.
fn telling(differences: &[ConditionDifference]) -> (Vec<&ConditionDifference>, usize) {
    let key: Vec<&ConditionDifference> = differences
        .iter()
        .filter(|d| d.decisive() || matches!(d.kind, DifferenceKind::Met | DifferenceKind::MetAndRequirement))
        .collect();
    let shown = if !key.is_empty() {
        key
    } else if differences.iter().any(|d| d.kind != DifferenceKind::Requirement) {
        differences.iter().filter(|d| d.kind != DifferenceKind::Requirement).collect()
    } else {
        differences.iter().collect()
    };
    let hidden = differences.len() - shown.len();
    (shown, hidden)
}

/// The lines of "why": what decided on each side (when known), then the telling differences.
fn why_text(
    out: &mut String,
    rules: &Pair<&RuleSet>,
    decided_by: Option<Pair<&Text>>,
    differences: &[ConditionDifference],
    lang: Lang,
) {
    if let Some(decided_by) = decided_by {
        out.push_str(&format!("  A: {}\n  B: {}\n", decided_by.left.get(lang), decided_by.right.get(lang)));
    }
    let (shown, hidden) = telling(differences);
    for difference in shown {
        for (i, line) in difference_lines(rules, difference, lang).iter().enumerate() {
            out.push_str(if i == 0 { "  – " } else { "      " });
            out.push_str(line);
            out.push('\n');
        }
    }
    if hidden > 0 {
        out.push_str(&format!(
            "  {}\n",
            match lang {
                Lang::Vi =>
                    format!("(và {hidden} kiểm tra khác nhau khác, không quyết định kết quả: xem --format json)"),
                Lang::En => format!("(and {hidden} other checks that differ without deciding: see --format json)"),
            }
        ));
    }
}

/// A value on both sides: once when equal, `A → B` when not, `—` for a side without it.
fn both<T>(left: Option<&T>, right: Option<&T>, f: &dyn Fn(&T) -> String) -> String {
    let l = left.map(f).unwrap_or_else(|| "—".into());
    let r = right.map(f).unwrap_or_else(|| "—".into());
    if l == r { l } else { format!("{l} → {r}") }
}

fn legend(rule_sets: &Pair<RuleSetLabel>, lang: Lang) -> String {
    let name = |r: &RuleSetLabel| r.describe(lang);
    format!("A = {}\nB = {}\n", name(&rule_sets.left), name(&rule_sets.right))
}

/// A difference as lines: what it is on each side, with observed against required and the source.
fn difference_lines(rules: &Pair<&RuleSet>, difference: &ConditionDifference, lang: Lang) -> Vec<String> {
    let kind = match difference.kind {
        DifferenceKind::OnlyLeft => lang.pick("chỉ có ở A", "only in A"),
        DifferenceKind::OnlyRight => lang.pick("chỉ có ở B", "only in B"),
        DifferenceKind::Met => lang.pick("kết quả khác", "outcome differs"),
        DifferenceKind::Requirement => lang.pick("yêu cầu khác", "requirement differs"),
        DifferenceKind::MetAndRequirement => lang.pick("yêu cầu và kết quả khác", "requirement and outcome differ"),
    };
    let mut lines = vec![format!("{} ({kind})", difference.name.get(lang))];
    if let Some(finding) = &difference.left {
        lines.push(format!("A: {}", render::finding_text(rules.left, finding, lang)));
    }
    if let Some(finding) = &difference.right {
        lines.push(format!("B: {}", render::finding_text(rules.right, finding, lang)));
    }
    lines
}

fn movers_text(
    out: &mut String,
    rules: &Pair<&RuleSet>,
    levels: &[LevelLabel],
    movers: &[Mover],
    heading: (&str, &str),
    lang: Lang,
) {
    out.push_str(&format!("\n{} ({})\n", lang.pick(heading.0, heading.1), movers.len()));
    if movers.is_empty() {
        out.push_str(lang.pick("không có ai thay đổi mức\n", "nobody changes level\n"));
        return;
    }
    let rows: Vec<Vec<String>> = movers
        .iter()
        .map(|m| {
            let score = both(m.score.left.as_ref(), m.score.right.as_ref(), &|n: &Num| n.display(lang, 2));
            vec![
                m.id.clone(),
                m.name.clone(),
                m.org.clone().unwrap_or_default(),
                score,
                arrow(levels, &m.by_criteria, lang),
                arrow(levels, &m.proposed, lang),
                m.reason.get(lang).to_string(),
            ]
        })
        .collect();
    let names = [
        lang.pick("Mã", "Id"),
        lang.pick("Tên", "Name"),
        lang.pick("Tổ chức", "Organization"),
        lang.pick("Điểm", "Score"),
        lang.pick("Theo tiêu chí A → B", "By criteria A → B"),
        lang.pick("Đề xuất A → B", "Proposed A → B"),
        lang.pick("Lý do", "Reason"),
    ];
    out.push_str(&render::table(&render::headers(&names), &rows));
    // Those moved by the quota alone have no differing check: their reason names the scope.
    for m in movers.iter().filter(|m| m.differences.as_ref().is_some_and(|d| !d.is_empty())) {
        out.push_str(&format!("{} {}:\n", lang.pick("Vì sao", "Why"), m.id));
        let decided_by = m.decided_by.as_ref().map(|d| Pair { left: &d.left, right: &d.right });
        why_text(out, rules, decided_by, m.differences.as_deref().unwrap_or_default(), lang);
    }
}

fn distributions_text(out: &mut String, levels: &[LevelLabel], distributions: &[DistributionComparison], lang: Lang) {
    out.push_str(&format!("\n{}\n", lang.pick("PHÂN BỐ A → B", "DISTRIBUTION A → B")));
    let mut names = vec![String::new()];
    names.extend(distributions[0].rows.iter().map(|r| short_of(levels, &r.key, lang)));
    let rows: Vec<Vec<String>> = distributions
        .iter()
        .map(|d| {
            let population = match d.population.as_str() {
                "members_by_criteria" => lang.pick("Đảng viên (theo tiêu chí)", "Members (by criteria)"),
                "members" => lang.pick("Đảng viên (đề xuất)", "Members (proposed)"),
                "organizations" => lang.pick("Tổ chức", "Organizations"),
                _ => lang.pick("Tổ chức cơ sở", "Base organizations"),
            };
            let mut row = vec![population.to_string()];
            row.extend(
                d.rows
                    .iter()
                    .map(|r| if r.left == r.right { r.left.to_string() } else { format!("{} → {}", r.left, r.right) }),
            );
            row
        })
        .collect();
    out.push_str(&render::table(&names, &rows));
}

fn quotas_text(out: &mut String, quotas: &[QuotaComparison], rules: &RuleSet, lang: Lang) {
    if quotas.is_empty() {
        return;
    }
    out.push_str(&format!(
        "\n{}\n",
        lang.pick("TỶ LỆ XUẤT SẮC A → B (theo từng phạm vi)", "EXCELLENT QUOTA A → B (per scope)")
    ));
    let pair = |q: &QuotaComparison, f: &dyn Fn(&QuotaStatus) -> String| both(q.left.as_ref(), q.right.as_ref(), f);
    let rows: Vec<Vec<String>> = quotas
        .iter()
        .map(|q| {
            vec![
                crate::unit::scope_label(&q.scope_id, q.subject.as_deref(), rules, lang),
                pair(q, &|s| s.counts.good.to_string()),
                pair(q, &|s| s.resolution.base.to_string()),
                pair(q, &|s| s.resolution.cap.to_string()),
                pair(q, &|s| s.resolution.cap_after.to_string()),
                pair(q, &|s| s.counts.candidates.to_string()),
                pair(q, &|s| s.resolution.excess.to_string()),
                pair(q, &|s| s.look_first.join(", ")),
            ]
        })
        .collect();
    let names = [
        lang.pick("Phạm vi", "Scope"),
        "HTT",
        lang.pick("Mẫu số", "Base"),
        lang.pick("Trần", "Cap"),
        lang.pick("Trần sau đề xuất", "Cap after proposal"),
        lang.pick("Ứng viên HTXS", "Candidates"),
        lang.pick("Vượt", "Excess"),
        lang.pick("Xem xét trước", "Look at first"),
    ];
    out.push_str(&render::table(&render::headers(&names), &rows));
}

fn targets_text(out: &mut String, targets: &[TargetComparison], lang: Lang) {
    if targets.is_empty() {
        return;
    }
    out.push_str(&format!("\n{}\n", lang.pick("CHỈ TIÊU A → B", "TARGETS A → B")));
    let status = |t: &Option<TargetResult>| t.as_ref().map_or("—", |t| render::targets::status_text(t.status, lang));
    let summary = |t: &Option<TargetResult>| t.as_ref().map(|t| t.summary.get(lang).to_string()).unwrap_or_default();
    let rows: Vec<Vec<String>> = targets
        .iter()
        .map(|t| {
            let result = if status(&t.left) == status(&t.right) {
                status(&t.left).to_string()
            } else {
                format!("{} → {}", status(&t.left), status(&t.right))
            };
            vec![t.name.get(lang).to_string(), summary(&t.left), summary(&t.right), result]
        })
        .collect();
    let names = [lang.pick("Chỉ tiêu", "Target"), "A", "B", lang.pick("Kết quả A → B", "Status A → B")];
    out.push_str(&render::table(&render::headers(&names), &rows));
}

fn reading_text(out: &mut String, reading: &[ReadingDifference], lang: Lang) {
    if reading.is_empty() {
        return;
    }
    out.push_str(&format!(
        "\n{}\n",
        lang.pick("DỮ LIỆU ĐỌC KHÁC NHAU (lỗi chỉ có ở một bên)", "ROWS READ DIFFERENTLY (problems on one side only)")
    ));
    for r in reading {
        let side = if r.side == Side::Left { "A" } else { "B" };
        out.push_str(&format!("{side}: {}\n", r.diagnostic.render(lang)));
    }
}

/// The comparison of a roster as text: movers with why, distribution, quota and targets before (A) and after (B).
pub fn unit_text(comparison: &UnitComparison, rules: Pair<&RuleSet>, lang: Lang) -> String {
    let mut out = legend(&comparison.rule_sets, lang);
    let levels = &comparison.levels;
    movers_text(
        &mut out,
        &rules,
        levels,
        &comparison.movers,
        ("ĐẢNG VIÊN THAY ĐỔI MỨC", "MEMBERS WHO CHANGE LEVEL"),
        lang,
    );
    if !comparison.org_movers.is_empty() {
        movers_text(
            &mut out,
            &rules,
            levels,
            &comparison.org_movers,
            ("TỔ CHỨC THAY ĐỔI MỨC", "ORGANIZATIONS THAT CHANGE LEVEL"),
            lang,
        );
    }
    distributions_text(&mut out, levels, &comparison.distributions, lang);
    quotas_text(&mut out, &comparison.quotas, rules.left, lang);
    targets_text(&mut out, &comparison.targets, lang);
    reading_text(&mut out, &comparison.reading, lang);
    out
}

/// Subjects compared one by one, as text: a line each, then the checks that differ for those who change level.
pub fn subjects_text(comparisons: &[SubjectComparison], rules: Pair<&RuleSet>, lang: Lang) -> String {
    let mut out = legend(&Pair { left: RuleSetLabel::of(rules.left), right: RuleSetLabel::of(rules.right) }, lang);
    let levels = level_labels(rules.left, rules.right);
    let rows: Vec<Vec<String>> = comparisons
        .iter()
        .map(|c| {
            let score = |s: Option<Num>| s.map(|n| n.display(lang, 2)).unwrap_or_default();
            vec![c.id.clone(), c.name.clone(), c.subject.clone(), score(c.score.left), arrow(&levels, &c.place, lang)]
        })
        .collect();
    let names = [
        lang.pick("Mã", "Id"),
        lang.pick("Tên", "Name"),
        lang.pick("Loại", "Kind"),
        lang.pick("Điểm", "Score"),
        lang.pick("Xếp loại A → B", "Level A → B"),
    ];
    out.push('\n');
    out.push_str(&render::table(&render::headers(&names), &rows));
    // The checks that differ, for those who change level (for every subject when there is one).
    let shown = |c: &&SubjectComparison| {
        (comparisons.len() == 1 || c.movement != Movement::Same)
            && (!c.differences.is_empty() || !c.problems.is_empty())
    };
    for c in comparisons.iter().filter(shown) {
        let title = if c.id.is_empty() { lang.pick("Đối tượng", "Subject").to_string() } else { c.id.clone() };
        out.push_str(&format!("\n{title}: {}\n", arrow(&levels, &c.place, lang)));
        let decided_by = match (&c.explanation.left, &c.explanation.right) {
            (Some(l), Some(r)) => Some(Pair { left: &l.decided_by.summary, right: &r.decided_by.summary }),
            _ => None,
        };
        why_text(&mut out, &rules, decided_by, &c.differences, lang);
        for (side, fact, problem) in &c.problems {
            let side = if *side == Side::Left { "A" } else { "B" };
            out.push_str(&format!("  {side}: {fact}: {}\n", problem.get(lang)));
        }
    }
    out
}

/// Aggregate figures compared, as text: the quota on the typed counts and the targets.
pub fn figures_text(comparison: &FiguresComparison, lang: Lang) -> String {
    let mut out = legend(&comparison.rule_sets, lang);
    if !comparison.quotas.is_empty() {
        out.push_str(&format!(
            "\n{}\n",
            lang.pick("TỶ LỆ XUẤT SẮC TRÊN SỐ LIỆU NHẬP A → B", "EXCELLENT QUOTA ON THE TYPED COUNTS A → B")
        ));
        let pair = |q: &AggregateQuota, f: &dyn Fn(&QuotaFigure) -> String| both(q.left.as_ref(), q.right.as_ref(), f);
        let rows: Vec<Vec<String>> = comparison
            .quotas
            .iter()
            .map(|q| {
                vec![
                    format!(
                        "{} ({})",
                        q.quota,
                        serde_json::to_value(q.population)
                            .ok()
                            .and_then(|v| v.as_str().map(str::to_string))
                            .unwrap_or_default()
                    ),
                    pair(q, &|f| format!("{}%", f.percent.display(lang, 2))),
                    pair(q, &|f| format!("{}, {}", word(&f.base), word(&f.rounding))),
                    pair(q, &|f| f.counts.good.to_string()),
                    pair(q, &|f| f.resolution.cap.to_string()),
                    pair(q, &|f| f.counts.candidates.to_string()),
                    pair(q, &|f| f.resolution.excess.to_string()),
                ]
            })
            .collect();
        let names = [
            lang.pick("Tỷ lệ", "Quota"),
            "%",
            lang.pick("Mẫu số, làm tròn", "Base, rounding"),
            "HTT",
            lang.pick("Trần", "Cap"),
            "HTXS",
            lang.pick("Vượt", "Excess"),
        ];
        out.push_str(&render::table(&render::headers(&names), &rows));
    }
    targets_text(&mut out, &comparison.targets, lang);
    reading_text(&mut out, &comparison.reading, lang);
    out
}

/// Movers as CSV rows (id, name, organization, by criteria A, B, proposed A, B, reason), for `--format csv`.
pub fn movers_csv(comparison: &UnitComparison, lang: Lang) -> String {
    let names = [
        lang.pick("Mã", "Id"),
        lang.pick("Tên", "Name"),
        lang.pick("Tổ chức", "Organization"),
        lang.pick("Theo tiêu chí A", "By criteria A"),
        lang.pick("Theo tiêu chí B", "By criteria B"),
        lang.pick("Đề xuất A", "Proposed A"),
        lang.pick("Đề xuất B", "Proposed B"),
        lang.pick("Lý do", "Reason"),
    ];
    let levels = &comparison.levels;
    let rows: Vec<Vec<String>> = comparison
        .movers
        .iter()
        .chain(&comparison.org_movers)
        .map(|m| {
            let mut reason = m.reason.get(lang).to_string();
            for d in m.differences.iter().flatten() {
                reason.push_str("; ");
                reason.push_str(d.name.get(lang));
            }
            vec![
                m.id.clone(),
                m.name.clone(),
                m.org.clone().unwrap_or_default(),
                short_of(levels, &m.by_criteria.left, lang),
                short_of(levels, &m.by_criteria.right, lang),
                short_of(levels, &m.proposed.left, lang),
                short_of(levels, &m.proposed.right, lang),
                reason,
            ]
        })
        .collect();
    render::csv(&render::headers(&names), &rows)
}

/// The settings that differ between A and B, a line each (`xeploai diff` starts with them).
pub fn settings_text(settings: &[Change], lang: Lang) -> String {
    let mut out = format!("{}\n", lang.pick("THIẾT LẬP KHÁC NHAU (A → B)", "SETTINGS THAT DIFFER (A → B)"));
    if settings.is_empty() {
        out.push_str(lang.pick("(không có thiết lập chung nào khác)\n", "(none of the common settings differ)\n"));
    }
    for change in settings {
        out.push_str(&format!("– {}\n", change.describe().get(lang)));
    }
    out
}

/// The settings of a rule set as a table (id, value, allowed values, meaning), for `xeploai diff --knobs`.
pub fn knobs_table(knobs: &[Knob], lang: Lang) -> (Vec<String>, Vec<Vec<String>>) {
    let headers = render::headers(&[
        lang.pick("Thiết lập", "Setting"),
        lang.pick("Giá trị", "Value"),
        lang.pick("Cho phép", "Allowed"),
        lang.pick("Nội dung", "Meaning"),
    ]);
    let rows: Vec<Vec<String>> = knobs
        .iter()
        .map(|k| {
            let allowed = match &k.kind {
                KnobKind::Number { min, max } => format!(
                    "{}–{}",
                    min.map(|m| m.display(lang, 2)).unwrap_or_default(),
                    max.map(|m| m.display(lang, 2)).unwrap_or_default()
                ),
                KnobKind::Choice { choices } => choices.iter().map(|c| c.id.as_str()).collect::<Vec<_>>().join(" | "),
                KnobKind::Switch => "true | false".to_string(),
                KnobKind::List { choices } => {
                    format!("{} …", choices.iter().map(|c| c.id.as_str()).collect::<Vec<_>>().join(", "))
                }
            };
            vec![k.id.clone(), k.value.clone(), allowed, k.label.get(lang).to_string()]
        })
        .collect();
    (headers, rows)
}
