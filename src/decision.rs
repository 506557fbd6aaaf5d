//! From proposal to decision (QĐ 366 Điều 12 k1): the member proposes her level (tự nhận), the cell proposes one
//! after its vote (chi bộ đề nghị), the competent level decides (cấp có thẩm quyền quyết định).
//!
//! This module is pure: the three declared levels of a member ([`Declared`], read from the roster's columns by
//! `input.rs`), each difference from the computed level with its reason ([`differences`]), the basis on which a
//! unit's distribution, quota and targets are counted ([`Basis`]), and a vote tally with the local rule that turns
//! it into the cell's proposal ([`VoteRule`], [`suggest`]).
//! No central vote threshold exists under QĐ 366 / HD 43 (brief 1.7): every vote rule here is a local choice and
//! says so.

use serde::{Deserialize, Serialize};

use crate::classify::Classifier;
use crate::explain::{Explanation, Gap, QuotaNote, Trace};
use crate::lang::{Lang, Text};
use crate::ruleset::RuleSet;
use crate::unit::{NO_LEVEL, Roster, UnitResult};

/// The levels a member's roster row declares, as level indices ([`NO_LEVEL`] when the cell is empty or unreadable).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Declared {
    /// The member's own proposal (tự nhận).
    pub self_level: u8,
    /// The cell's proposal after its vote (chi bộ đề nghị).
    pub proposal: u8,
    /// The competent level's decision (cấp có thẩm quyền quyết định).
    pub decision: u8,
}

impl Default for Declared {
    fn default() -> Declared {
        Declared { self_level: NO_LEVEL, proposal: NO_LEVEL, decision: NO_LEVEL }
    }
}

impl Declared {
    pub fn is_empty(&self) -> bool {
        *self == Declared::default()
    }

    /// The level declared at a stage.
    pub fn at(&self, stage: Stage) -> u8 {
        match stage {
            Stage::SelfProposed => self.self_level,
            Stage::Proposal => self.proposal,
            Stage::Decision => self.decision,
        }
    }

    /// Set the level declared at a stage.
    pub fn set(&mut self, stage: Stage, level: u8) {
        match stage {
            Stage::SelfProposed => self.self_level = level,
            Stage::Proposal => self.proposal = level,
            Stage::Decision => self.decision = level,
        }
    }
}

/// The three steps of QĐ 366 Điều 12 k1.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub enum Stage {
    SelfProposed,
    Proposal,
    Decision,
}

impl Stage {
    pub const ALL: [Stage; 3] = [Stage::SelfProposed, Stage::Proposal, Stage::Decision];

    /// "tự nhận", "chi bộ đề nghị", "cấp trên quyết định".
    pub fn label(self) -> Text {
        match self {
            Stage::SelfProposed => Text::new("tự nhận", "self-proposed"),
            Stage::Proposal => Text::new("chi bộ đề nghị", "the cell proposed"),
            Stage::Decision => Text::new("cấp có thẩm quyền quyết định", "the competent level decided"),
        }
    }

    /// The column's header in a report.
    pub fn header(self) -> Text {
        match self {
            Stage::SelfProposed => Text::new("Tự nhận", "Self-proposed"),
            Stage::Proposal => Text::new("Chi bộ đề nghị", "Cell's proposal"),
            Stage::Decision => Text::new("Cấp có thẩm quyền quyết định", "Decision"),
        }
    }
}

/// Which levels a unit's distribution, quota and targets are counted on.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub enum Basis {
    /// The levels the tool computes: by the criteria, then the quota proposal.
    #[default]
    Computed,
    /// The cell's proposals; a member without one counts at the computed level.
    Proposed,
    /// The competent level's decisions; a member without one counts at the cell's proposal, else the computed level.
    Decided,
}

impl Basis {
    pub const ALL: [Basis; 3] = [Basis::Computed, Basis::Proposed, Basis::Decided];

    /// `computed`, `proposed`, `decided`.
    pub fn id(self) -> &'static str {
        match self {
            Basis::Computed => "computed",
            Basis::Proposed => "proposed",
            Basis::Decided => "decided",
        }
    }

    /// By id, or in Vietnamese with or without diacritics ("tính được", "đề nghị", "quyết định").
    pub fn parse(text: &str) -> Option<Basis> {
        match crate::input::fold(text).as_str() {
            "computed" | "tinh" | "tinh duoc" | "muc tinh duoc" => Some(Basis::Computed),
            "proposed" | "de nghi" | "chi bo de nghi" => Some(Basis::Proposed),
            "decided" | "quyet dinh" | "cap tren quyet dinh" => Some(Basis::Decided),
            _ => None,
        }
    }

    /// The basis as named beside every distribution counted on it.
    pub fn name(self) -> Text {
        match self {
            Basis::Computed => Text::new(
                "mức tính được (theo tiêu chí, sau tỷ lệ HTXS)",
                "the computed levels (by the criteria, after the HTXS quota)",
            ),
            Basis::Proposed => Text::new(
                "mức chi bộ đề nghị (ai chưa có đề nghị tính theo mức tính được)",
                "the cell's proposals (members without one at the computed level)",
            ),
            Basis::Decided => Text::new(
                "mức cấp có thẩm quyền quyết định (ai chưa có quyết định tính theo đề nghị, rồi mức tính được)",
                "the competent level's decisions (members without one at the proposal, else the computed level)",
            ),
        }
    }

    /// The basis in a few words, for a choice list.
    pub fn short(self) -> Text {
        match self {
            Basis::Computed => Text::new("Mức tính được", "Computed levels"),
            Basis::Proposed => Text::new("Mức chi bộ đề nghị", "The cell's proposals"),
            Basis::Decided => Text::new("Mức cấp có thẩm quyền quyết định", "The decisions"),
        }
    }

    /// A member's level on this basis, and whether it fell back to an earlier step.
    pub fn pick(self, declared: Declared, computed: u8) -> (u8, bool) {
        let chain: &[u8] = match self {
            Basis::Computed => return (computed, false),
            Basis::Proposed => &[declared.proposal],
            Basis::Decided => &[declared.decision, declared.proposal],
        };
        match chain.iter().find(|l| **l != NO_LEVEL) {
            Some(&level) => (level, level != chain[0]),
            None => (computed, true),
        }
    }
}

/// One declared level that differs from the computed one, with why.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Difference {
    /// The member's index in the roster.
    pub member: usize,
    pub stage: Stage,
    /// The declared level's id.
    pub declared: String,
    /// The computed level's id (after the quota proposal), `None` when the tool gives no level.
    pub computed: Option<String>,
    /// "tự nhận HTXS, tính được HTT: chưa đạt …".
    pub reason: Text,
}

fn short(rules: &RuleSet, level: u8) -> String {
    rules.levels.get(level as usize).map(|l| l.short.clone()).unwrap_or_default()
}

/// What a gap's unmet checks and blockers are called, joined: "chưa đạt: A; B".
fn gap_reason(gap: &Gap, lang: Lang) -> Option<String> {
    let names: Vec<&str> = gap.unmet.iter().chain(&gap.blockers).map(|f| f.name.get(lang)).collect();
    (!names.is_empty()).then(|| names.join("; "))
}

/// The quota scope that proposed a member lower: the scope whose candidates to look at first name her (its label
/// with the subject kind when the quota counts kinds apart), or "?" when none does.
pub fn quota_scope(rules: &RuleSet, roster: &Roster, result: &UnitResult, member: usize, lang: Lang) -> String {
    let id = roster.members.record(member).id;
    let statuses = if result.quotas_computed.is_empty() { &result.quotas } else { &result.quotas_computed };
    statuses
        .iter()
        .find(|q| !q.organizations && q.look_first.iter().any(|m| m == id))
        .map_or_else(|| "?".to_string(), |q| crate::unit::scope_label(&q.scope_id, q.subject.as_deref(), rules, lang))
}

/// The quota's proposal for a member, when it is lower than the level by the criteria: what her explanation in unit
/// mode says beside the criteria (so "đạt mức đăng ký HTXS" never stands alone when the quota proposes HTT).
pub fn quota_note(rules: &RuleSet, roster: &Roster, result: &UnitResult, member: usize) -> Option<QuotaNote> {
    let by_criteria = result.members.get(member)?.level()?;
    let proposed = *result.proposed.get(member)?;
    if proposed == NO_LEVEL || proposed as usize == by_criteria {
        return None;
    }
    let level = rules.levels.get(proposed as usize)?;
    let scope = Text::new(
        quota_scope(rules, roster, result, member, Lang::Vi),
        quota_scope(rules, roster, result, member, Lang::En),
    );
    let criteria = &rules.levels[by_criteria].short;
    let text = Text::new(
        format!(
            "Đề nghị sau tỷ lệ HTXS: {} (theo tiêu chí đạt {criteria}; vượt tỷ lệ trong phạm vi {}; cấp có thẩm quyền quyết định)",
            level.short, scope.vi
        ),
        format!(
            "Proposed after the HTXS quota: {} ({criteria} by the criteria; the quota is exceeded in {}; the competent level decides)",
            level.short,
            scope.get(Lang::En)
        ),
    );
    Some(QuotaNote { level: level.id.clone(), level_name: level.name.clone(), scope, text })
}

/// A member's explanation in unit mode: the criteria (with her registered level) and the quota's proposal.
pub fn explain_member(rules: &RuleSet, roster: &Roster, result: &UnitResult, member: usize) -> Option<Explanation> {
    let record = roster.members.get_record(member)?;
    let (_, mut explanation) =
        Classifier::new(rules).explain(record.kind, &roster.members.row_vec(member), record.target);
    explanation.quota = quota_note(rules, roster, result, member);
    Some(explanation)
}

/// Every declared level that differs from the computed level (after the quota proposal), in roster order, each with
/// its reason: the checks of the declared level the member does not meet, the quota that proposed her lower, or
/// that the declaration is below what the criteria give.
pub fn differences(rules: &RuleSet, roster: &Roster, result: &UnitResult) -> Vec<Difference> {
    differences_of(rules, roster, result, 0..roster.members.declared.len())
}

/// [`differences`] of some members only (indices in the roster, in roster order): what a declared level changed on
/// a page needs (a basis changes no difference: they are with the computed levels).
pub fn differences_of(
    rules: &RuleSet,
    roster: &Roster,
    result: &UnitResult,
    members: impl IntoIterator<Item = usize>,
) -> Vec<Difference> {
    let mut out = Vec::new();
    let mut classifier = Classifier::new(rules).with_program();
    let mut trace = Trace::default();
    for member in members {
        let Some(declared) = roster.members.declared.get(member) else { continue };
        if declared.is_empty() || member >= result.members.len() {
            continue;
        }
        let verdict = &result.members.verdict(member);
        let by_criteria = verdict.level().map_or(NO_LEVEL, |l| l as u8);
        let computed = result.proposed[member];
        for stage in Stage::ALL {
            let level = declared.at(stage);
            if level == NO_LEVEL || level == computed || level as usize >= rules.levels.len() {
                continue;
            }
            let head = |lang: Lang| {
                let computed_text = if computed == NO_LEVEL {
                    crate::render::unplaced_short(&crate::render::outcome_status(&verdict.outcome), lang).to_string()
                } else {
                    short(rules, computed)
                };
                format!(
                    "{} {}, {} {computed_text}",
                    stage.label().get(lang),
                    short(rules, level),
                    lang.pick("tính được", "computed")
                )
            };
            let why = |lang: Lang| -> String {
                if computed == NO_LEVEL {
                    return lang
                        .pick(
                            "công cụ không xếp được mức (xem giải thích); mức do người xét quyết định",
                            "the tool gives no level (see the explanation); the level is for people to decide",
                        )
                        .to_string();
                }
                if level > computed {
                    return format!(
                        "{} {}",
                        lang.pick(
                            "thấp hơn mức tính được; các điều kiện của",
                            "below the computed level; the conditions of"
                        ),
                        match lang {
                            Lang::Vi => format!("{} đều đạt (ghi rõ lý do hạ mức)", short(rules, computed)),
                            Lang::En => format!("{} are met (record why it is lower)", short(rules, computed)),
                        }
                    );
                }
                if by_criteria != NO_LEVEL && by_criteria <= level {
                    let scope = quota_scope(rules, roster, result, member, lang);
                    return match lang {
                        Lang::Vi => format!(
                            "đạt {} theo tiêu chí, nhưng tỷ lệ HTXS đề nghị {} (vượt tỷ lệ trong phạm vi {scope})",
                            short(rules, by_criteria),
                            short(rules, computed)
                        ),
                        Lang::En => format!(
                            "meets {} by the criteria, but the HTXS quota proposes {} (the quota is exceeded in {scope})",
                            short(rules, by_criteria),
                            short(rules, computed)
                        ),
                    };
                }
                String::new()
            };
            let (mut vi, mut en) = (why(Lang::Vi), why(Lang::En));
            if vi.is_empty() {
                let record = roster.members.record(member);
                classifier.trace(record.kind, &roster.members.row_vec(member), Some(level as usize), &mut trace);
                let brief = trace.resolve_brief(rules);
                let gap = brief.target.as_ref();
                vi = gap.and_then(|g| gap_reason(g, Lang::Vi)).map_or_else(
                    || "chưa đạt các điều kiện của mức này".to_string(),
                    |names| format!("chưa đạt: {names}"),
                );
                en = gap.and_then(|g| gap_reason(g, Lang::En)).map_or_else(
                    || "the conditions of this level are not met".to_string(),
                    |names| format!("not met: {names}"),
                );
            }
            out.push(Difference {
                member,
                stage,
                declared: rules.levels[level as usize].id.clone(),
                computed: (computed != NO_LEVEL).then(|| rules.levels[computed as usize].id.clone()),
                reason: Text::new(format!("{}: {vi}", head(Lang::Vi)), format!("{}: {en}", head(Lang::En))),
            });
        }
    }
    out
}

/// Whose count the majority is taken of.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub enum MajorityOf {
    /// The cell's official members (only they vote).
    OfficialMembers,
    BallotsIssued,
    ValidBallots,
}

/// A local rule turning a vote into the cell's proposal: a level is adopted when its votes are more than
/// `numerator / denominator` of the chosen count (`at_least`: that share or more). Top-down: the best level first,
/// and a vote for a better level also counts for the lower ones.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct VoteRule {
    pub of: MajorityOf,
    pub numerator: u32,
    pub denominator: u32,
    pub at_least: bool,
    pub top_down: bool,
}

impl VoteRule {
    /// "More than half of the official members", each level on its own votes.
    pub const MORE_THAN_HALF: VoteRule =
        VoteRule { of: MajorityOf::OfficialMembers, numerator: 1, denominator: 2, at_least: false, top_down: false };
    /// "Top-down: HTXS first": HTXS if more than half of the official members vote for it, else the votes for HTXS
    /// and HTT together for HTT, and so on.
    pub const TOP_DOWN: VoteRule =
        VoteRule { of: MajorityOf::OfficialMembers, numerator: 1, denominator: 2, at_least: false, top_down: true };
    /// The presets, by id.
    pub const PRESETS: [(&'static str, VoteRule); 2] =
        [("more-than-half", Self::MORE_THAN_HALF), ("top-down", Self::TOP_DOWN)];

    /// The rule in a few words, for a choice list.
    pub fn short(&self) -> Text {
        if self.top_down {
            Text::new("Từ mức cao xuống (HTXS trước)", "Top-down (HTXS first)")
        } else {
            Text::new(
                "Trên một nửa đảng viên chính thức, từng mức",
                "More than half of the official members, each level",
            )
        }
    }

    /// The rule in words, labelled as a local choice.
    pub fn label(&self) -> Text {
        let of = match self.of {
            MajorityOf::OfficialMembers => ("đảng viên chính thức", "the official members"),
            MajorityOf::BallotsIssued => ("số phiếu phát ra", "the ballots issued"),
            MajorityOf::ValidBallots => ("số phiếu hợp lệ", "the valid ballots"),
        };
        let share = format!("{}/{}", self.numerator, self.denominator);
        let (more_vi, more_en) = if self.at_least { ("từ", "at least") } else { ("trên", "more than") };
        let (order_vi, order_en) = if self.top_down {
            (
                "; xét từ mức cao xuống (HTXS trước), phiếu cho mức cao hơn được tính cho mức thấp hơn",
                "; top-down (HTXS first), a vote for a better level counts for the lower ones",
            )
        } else {
            ("; mỗi mức tính riêng số phiếu của mức đó", "; each level on its own votes")
        };
        Text::new(
            format!(
                "Lựa chọn của địa phương (không phải quy định chung: HD 43 không đặt ngưỡng biểu quyết): một mức được đề nghị khi số phiếu {more_vi} {share} {}{order_vi}",
                of.0
            ),
            format!(
                "A local choice (not a central rule: HD 43 sets no vote threshold): a level is proposed when its votes are {more_en} {share} of {}{order_en}",
                of.1
            ),
        )
    }
}

/// A vote on one member's level.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Tally {
    /// The cell's official members.
    pub official: u32,
    pub issued: u32,
    pub valid: u32,
    /// Votes per level, best first.
    pub votes: Vec<u32>,
}

/// What a tally gives under a rule: the suggested proposal (if a level has enough votes), why, and the problems of
/// the tally (then no suggestion).
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Suggestion {
    /// The level's index.
    pub level: Option<u8>,
    pub reason: Text,
    pub problems: Vec<Text>,
}

/// The level a tally suggests for the cell's proposal under a local rule.
pub fn suggest(rules: &RuleSet, tally: &Tally, rule: &VoteRule) -> Suggestion {
    let mut problems = Vec::new();
    let cast: u64 = tally.votes.iter().map(|v| u64::from(*v)).sum();
    if tally.valid > tally.issued {
        problems.push(Text::new(
            format!("số phiếu hợp lệ ({}) nhiều hơn số phiếu phát ra ({})", tally.valid, tally.issued),
            format!("the valid ballots ({}) are more than the ballots issued ({})", tally.valid, tally.issued),
        ));
    }
    if tally.official > 0 && tally.issued > tally.official {
        problems.push(Text::new(
            format!("số phiếu phát ra ({}) nhiều hơn số đảng viên chính thức ({})", tally.issued, tally.official),
            format!("the ballots issued ({}) are more than the official members ({})", tally.issued, tally.official),
        ));
    }
    if cast > u64::from(tally.valid) {
        problems.push(Text::new(
            format!("tổng số phiếu cho các mức ({cast}) nhiều hơn số phiếu hợp lệ ({})", tally.valid),
            format!("the votes for the levels ({cast}) are more than the valid ballots ({})", tally.valid),
        ));
    }
    if tally.votes.len() > rules.levels.len() {
        problems.push(Text::new("có phiếu cho mức không có trong bộ quy tắc", "votes for a level the rule set lacks"));
    }
    let whole = match rule.of {
        MajorityOf::OfficialMembers => tally.official,
        MajorityOf::BallotsIssued => tally.issued,
        MajorityOf::ValidBallots => tally.valid,
    };
    if whole == 0 && problems.is_empty() {
        problems.push(Text::new("chưa nhập số để tính đa số", "the count the majority is taken of is not typed"));
    }
    if rule.denominator == 0 {
        problems.push(Text::new("tỷ lệ biểu quyết có mẫu số 0", "the vote share has a zero denominator"));
    }
    if !problems.is_empty() {
        return Suggestion { level: None, reason: Text::new("chưa gợi ý được", "no suggestion"), problems };
    }
    let (whole, numerator, denominator) = (u64::from(whole), u64::from(rule.numerator), u64::from(rule.denominator));
    let enough = |votes: u64| {
        let (left, right) = (votes * denominator, whole * numerator);
        if rule.at_least { left >= right } else { left > right }
    };
    let mut counted = 0u64;
    for (level, votes) in tally.votes.iter().enumerate() {
        let votes = u64::from(*votes);
        counted = if rule.top_down { counted + votes } else { votes };
        if enough(counted) {
            let name = &rules.levels[level].short;
            return Suggestion {
                level: Some(level as u8),
                reason: Text::new(
                    format!("{name}: {counted}/{whole} phiếu, đủ theo quy định biểu quyết đã chọn"),
                    format!("{name}: {counted}/{whole} votes, enough under the chosen vote rule"),
                ),
                problems,
            };
        }
    }
    Suggestion {
        level: None,
        reason: Text::new(
            "không mức nào đủ số phiếu theo quy định biểu quyết đã chọn: chi bộ biểu quyết lại hoặc cấp trên xem xét",
            "no level has enough votes under the chosen vote rule: the cell votes again or the level above considers",
        ),
        problems,
    }
}

/// A date the review must keep, with its source.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Deadline {
    /// "15/12/2026", or "15/12" when no review year is given.
    pub date: String,
    pub what: Text,
    pub source: &'static str,
}

/// The deadlines of the annual review of `year` (brief 1.7, HD 43-HD/BTCTW Mục 4; NĐ 335/2025 Điều 21), in order:
/// civil servants first, the review, the special units, the records.
pub fn deadlines(year: Option<i32>) -> Vec<Deadline> {
    let date = |day_month: &str, next_year: bool| match year {
        Some(y) => format!("{day_month}/{}", if next_year { y + 1 } else { y }),
        None => day_month.to_string(),
    };
    vec![
        Deadline {
            date: date("15/12", false),
            what: Text::new(
                "Xong đánh giá, xếp loại công chức (trước khi kiểm điểm đảng viên)",
                "Civil servants rated (before the party review)",
            ),
            source: "NĐ 335/2025/NĐ-CP Điều 21",
        },
        Deadline {
            date: date("31/12", false),
            what: Text::new(
                "Xong kiểm điểm, đánh giá, xếp loại chất lượng tổ chức đảng và đảng viên",
                "The review and classification of party organizations and members done",
            ),
            source: "HD 43-HD/BTCTW Mục 4",
        },
        Deadline {
            date: date("15/01", true),
            what: Text::new(
                "Đơn vị đặc thù (kết thúc năm công tác muộn) xong kiểm điểm",
                "Special units (whose work year ends later) done",
            ),
            source: "HD 43-HD/BTCTW Mục 4",
        },
        Deadline {
            date: date("01/02", true),
            what: Text::new(
                "Gửi báo cáo, hồ sơ kết quả (Mẫu 04) về Ban Tổ chức Trung ương",
                "Reports and records (Mẫu 04) sent to the Central Organization Commission",
            ),
            source: "HD 43-HD/BTCTW Mục 4; QĐ 366 Điều 17",
        },
    ]
}

#[cfg(test)]
mod tests;
