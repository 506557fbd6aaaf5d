//! The official review forms of HD 43-HD/BTCTW (Mẫu 01 for a collective, 2A for a leader, 2B for a member without a
//! post, 2C for a member outside the political system), filled from what was typed and from the evaluation.
//!
//! Two steps, both pure: [`Form::build`] gathers the form's content (header, person, Part A's texts, Part B's scores
//! and proposed level, the task annex, a collective's distribution of levels); [`Form::document`] lays it out as a
//! [`Document`], a short list of styled paragraphs, side-by-side columns and tables.
//! The app's print view renders that document as HTML and `xeploai-form` writes it as Word (`.docx`), so the paper
//! and the Word file cannot drift apart.

use serde::{Deserialize, Serialize};

use crate::explain::{Explanation, ResultStatus};
use crate::lang::Lang;
use crate::lists::Lists;
use crate::num::Num;
use crate::ruleset::{FactOrigin, FactType, RollupCount, RollupGroup, RuleSet};

/// Which official form a subject kind hands in, from its `form` in the rule set ("Mẫu 2A", …).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum FormKind {
    /// Mẫu 01: a collective's review report.
    Collective,
    /// Mẫu 2A: an individual holding a leadership or management post.
    Leader,
    /// Mẫu 2B: an individual without such a post.
    Member,
    /// Mẫu 2C: a party member not working in the political system.
    Outside,
}

impl FormKind {
    /// The form named by a subject kind's `form` text; a collective without one uses Mẫu 01, others Mẫu 2B.
    pub fn of(form: Option<&str>, collective: bool) -> FormKind {
        let code: String = form.unwrap_or_default().chars().filter(|c| c.is_ascii_alphanumeric()).collect();
        let code = code.to_ascii_uppercase();
        if code.ends_with("2A") {
            FormKind::Leader
        } else if code.ends_with("2C") {
            FormKind::Outside
        } else if code.ends_with("01") || code.ends_with("1") || collective {
            FormKind::Collective
        } else {
            FormKind::Member
        }
    }

    /// The short code printed at the top of the form.
    pub fn code(self) -> &'static str {
        match self {
            FormKind::Collective => "Mẫu 01",
            FormKind::Leader => "Mẫu 2A",
            FormKind::Member => "Mẫu 2B",
            FormKind::Outside => "Mẫu 2C",
        }
    }
}

/// How far a shortcoming pointed out at an earlier review has been fixed (Part A, section III).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum FixStatus {
    Fixed,
    #[default]
    Fixing,
    NotFixed,
}

impl FixStatus {
    pub const ALL: [FixStatus; 3] = [FixStatus::Fixed, FixStatus::Fixing, FixStatus::NotFixed];

    pub fn id(self) -> &'static str {
        match self {
            FixStatus::Fixed => "fixed",
            FixStatus::Fixing => "fixing",
            FixStatus::NotFixed => "not_fixed",
        }
    }

    pub fn from_id(id: &str) -> Option<FixStatus> {
        FixStatus::ALL.into_iter().find(|s| s.id() == id)
    }

    pub fn name(self, lang: Lang) -> &'static str {
        match self {
            FixStatus::Fixed => lang.pick("Đã khắc phục", "Fixed"),
            FixStatus::Fixing => lang.pick("Đang khắc phục", "Being fixed"),
            FixStatus::NotFixed => lang.pick("Chưa khắc phục", "Not fixed"),
        }
    }
}

/// The list that is Part A section III (`shortcomings`: a text `name`, a choice `status` of [`FixStatus`] ids): the
/// facts it feeds (shortcomings pointed out, fixed) come from the section's items, typed once.
pub const SECTION_THREE_LIST: &str = "shortcomings";

/// Put section III's items (`review.fixes`, those with a text) into `lists` as [`SECTION_THREE_LIST`], when the
/// rule set declares that list for the subject kind, the section has items and the list is not given otherwise;
/// whether it did. Front ends call it before [`crate::lists::apply`], so the section feeds the facts.
pub fn section_three_into_lists(rules: &RuleSet, kind: usize, review: &ReviewText, lists: &mut Lists) -> bool {
    let declared = rules.lists_for(kind).any(|(_, l)| l.id == SECTION_THREE_LIST);
    let fixes: Vec<&Fix> = review.fixes.iter().filter(|f| !f.shortcoming.trim().is_empty()).collect();
    if !declared || fixes.is_empty() || lists.contains_key(SECTION_THREE_LIST) {
        return false;
    }
    let items = fixes
        .iter()
        .map(|f| {
            std::collections::BTreeMap::from([
                ("name".to_string(), f.shortcoming.trim().to_string()),
                ("status".to_string(), f.status.id().to_string()),
            ])
        })
        .collect();
    lists.insert(SECTION_THREE_LIST.to_string(), items);
    true
}

/// Section III's items from the list [`SECTION_THREE_LIST`] when the review has none (a file that gives the list
/// only); a status that is not one of the list's choices stays "being fixed" (the list's own problems name it).
fn section_three_from_list(rules: &RuleSet, kind: usize, lists: &Lists) -> Vec<Fix> {
    let Some((_, def)) = rules.lists_for(kind).find(|(_, l)| l.id == SECTION_THREE_LIST) else { return Vec::new() };
    let Some(items) = lists.get(SECTION_THREE_LIST) else { return Vec::new() };
    let status_field = def.field("status");
    items
        .iter()
        .filter(|item| item.get("name").is_some_and(|n| !n.trim().is_empty()))
        .map(|item| {
            let status = status_field
                .and_then(|field| {
                    let fact = field.as_fact.as_ref()?;
                    let text = item.get("status")?;
                    let index = crate::input::parse_value(rules, fact, text).ok().flatten()?;
                    let choice = field.choices.get(usize::try_from(index.floor()).ok()?)?;
                    FixStatus::from_id(&choice.id)
                })
                .unwrap_or_default();
            Fix { shortcoming: item.get("name").map(|n| n.trim().to_string()).unwrap_or_default(), status }
        })
        .collect()
}

/// One shortcoming pointed out at an earlier review, and how far it has been fixed.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct Fix {
    pub shortcoming: String,
    pub status: FixStatus,
}

/// What a person writes in the form besides the facts: the header's committee, place and date, and Part A.
/// Saved with what she typed (the app's `Saved.review`); every field may be empty.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct ReviewText {
    /// The party committee above the unit ("Đảng bộ …"), printed at the top left.
    pub committee: String,
    /// Where the form is signed ("Hà Nội").
    pub place: String,
    /// When, as typed ("15/12/2025"); a day/month/year date is printed as "ngày 15 tháng 12 năm 2025".
    pub date: String,
    /// I.1 Political quality, ethics, lifestyle, discipline, working style.
    pub politics: String,
    /// I.2 Carrying out the duties and tasks assigned.
    pub duties: String,
    /// I.3 The yearly pledge.
    pub pledge: String,
    /// II Shortcomings and their causes.
    pub shortcomings: String,
    /// III Shortcomings pointed out earlier, each with how far it is fixed.
    pub fixes: Vec<Fix>,
    /// IV Explanations of the issues raised for the review.
    pub explanations: String,
    /// V Responsibility for the collective's shortcomings (leaders, collectives).
    pub responsibility: String,
    /// VI Remedies.
    pub remedies: String,
}

/// The free-text sections of Part A, in the form's order.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Section {
    Politics,
    Duties,
    Pledge,
    Shortcomings,
    Explanations,
    Responsibility,
    Remedies,
}

impl Section {
    pub const ALL: [Section; 7] = [
        Section::Politics,
        Section::Duties,
        Section::Pledge,
        Section::Shortcomings,
        Section::Explanations,
        Section::Responsibility,
        Section::Remedies,
    ];

    pub fn id(self) -> &'static str {
        match self {
            Section::Politics => "politics",
            Section::Duties => "duties",
            Section::Pledge => "pledge",
            Section::Shortcomings => "shortcomings",
            Section::Explanations => "explanations",
            Section::Responsibility => "responsibility",
            Section::Remedies => "remedies",
        }
    }

    /// Whether the form has this section: responsibility for the collective's shortcomings is for leaders and
    /// collectives only.
    pub fn in_form(self, kind: FormKind) -> bool {
        self != Section::Responsibility || matches!(kind, FormKind::Leader | FormKind::Collective)
    }

    /// The section's heading as the form words it (without its number).
    pub fn title(self, kind: FormKind, lang: Lang) -> &'static str {
        let collective = kind == FormKind::Collective;
        match self {
            Section::Politics if collective => lang.pick(
                "Về lãnh đạo, chỉ đạo công tác xây dựng Đảng về chính trị, tư tưởng, đạo đức, tổ chức, cán bộ",
                "Leading party building: politics, ideology, ethics, organization, cadres",
            ),
            Section::Politics => lang.pick(
                "Về phẩm chất chính trị, đạo đức, lối sống; ý thức tổ chức kỷ luật; tác phong, lề lối làm việc",
                "Political quality, ethics and lifestyle; discipline; working style",
            ),
            Section::Duties if collective => lang.pick(
                "Về lãnh đạo, chỉ đạo thực hiện nhiệm vụ chính trị được giao",
                "Leading the political tasks assigned",
            ),
            Section::Duties => {
                lang.pick("Về thực hiện chức trách, nhiệm vụ được giao", "Carrying out the duties and tasks assigned")
            }
            Section::Pledge if collective => lang.pick(
                "Về thực hiện các chỉ tiêu, nhiệm vụ, giải pháp đột phá đã đăng ký",
                "The targets, tasks and breakthroughs registered",
            ),
            Section::Pledge => lang.pick(
                "Về thực hiện cam kết tu dưỡng, rèn luyện, phấn đấu hằng năm",
                "The yearly pledge of self-improvement",
            ),
            Section::Shortcomings => lang.pick("Hạn chế, khuyết điểm và nguyên nhân", "Shortcomings and their causes"),
            Section::Explanations => lang.pick(
                "Giải trình những vấn đề được gợi ý kiểm điểm (nếu có)",
                "Explanations of the issues raised for the review (if any)",
            ),
            Section::Responsibility if collective => lang.pick(
                "Làm rõ trách nhiệm của tập thể và cá nhân đối với những hạn chế, khuyết điểm",
                "Responsibility of the collective and its members for the shortcomings",
            ),
            Section::Responsibility => lang.pick(
                "Làm rõ trách nhiệm của cá nhân đối với những hạn chế, khuyết điểm của tập thể (nếu có)",
                "Personal responsibility for the collective's shortcomings (if any)",
            ),
            Section::Remedies => {
                lang.pick("Phương hướng, biện pháp khắc phục hạn chế, khuyết điểm", "Remedies for the shortcomings")
            }
        }
    }

    pub fn text(self, review: &ReviewText) -> &str {
        match self {
            Section::Politics => &review.politics,
            Section::Duties => &review.duties,
            Section::Pledge => &review.pledge,
            Section::Shortcomings => &review.shortcomings,
            Section::Explanations => &review.explanations,
            Section::Responsibility => &review.responsibility,
            Section::Remedies => &review.remedies,
        }
    }

    pub fn text_mut(self, review: &mut ReviewText) -> &mut String {
        match self {
            Section::Politics => &mut review.politics,
            Section::Duties => &mut review.duties,
            Section::Pledge => &mut review.pledge,
            Section::Shortcomings => &mut review.shortcomings,
            Section::Explanations => &mut review.explanations,
            Section::Responsibility => &mut review.responsibility,
            Section::Remedies => &mut review.remedies,
        }
    }
}

/// Who the form is about, as typed.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct Signer {
    pub name: String,
    pub position: String,
    /// The unit (for a member, her chi bộ or office; for a collective, its own name).
    pub unit: String,
    pub year: String,
}

/// One line of Part B's scores: the group, the points given, the most there are.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct ScoreLine {
    pub name: String,
    pub value: Option<Num>,
    pub max: Option<Num>,
}

/// The task annex: a table with its column headers, one row per task (or per typed count), and a closing line.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Annex {
    /// The list's name ("Nhiệm vụ được giao"), or what the typed counts are.
    pub title: String,
    pub columns: Vec<String>,
    pub rows: Vec<Vec<String>>,
    /// Where the rows come from, said under the table ("from the counts typed in").
    pub note: String,
}

/// Mẫu 01: how many members (or sub-units) are at each level, with the rule set's level names.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Distribution {
    /// The table's heading ("Kết quả xếp loại đảng viên").
    pub group: String,
    /// (level name, count) from the best level down, then not classified and referred when any.
    pub counts: Vec<(String, Num)>,
    pub total: Option<Num>,
}

/// Everything a form holds, in one language.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Form {
    pub kind: FormKind,
    pub lang: Lang,
    /// The subject kind's own form text when it has one ("Mẫu 2B"), else the kind's code.
    pub code: String,
    pub signer: Signer,
    pub review: ReviewText,
    pub scores: Vec<ScoreLine>,
    pub total: Option<ScoreLine>,
    /// The rule set's levels, best first, and the index of the one proposed.
    pub levels: Vec<String>,
    pub proposed: Option<usize>,
    /// The proposed level's name, or why there is none.
    pub proposed_text: String,
    /// One table per list given (the tasks, a leader's own tasks), or the typed counts when no list was given.
    pub annexes: Vec<Annex>,
    /// A collective's members and sub-units by level (Mẫu 01).
    pub distributions: Vec<Distribution>,
    /// The rule set, its version and the review year, as the reports say it.
    pub rule_line: String,
}

/// What [`Form::build`] reads.
pub struct FormInput<'a> {
    pub rules: &'a RuleSet,
    /// The subject kind's index in `rules.subjects`.
    pub kind: usize,
    /// The facts as the engine read them (typed, derived, roll-up counts), by slot.
    pub row: &'a [Num],
    pub explanation: &'a Explanation,
    pub signer: Signer,
    pub review: ReviewText,
    pub review_year: Option<i32>,
    /// The lists given (tasks, products): each becomes a table of the annex.
    pub lists: &'a Lists,
    pub lang: Lang,
}

impl Form {
    /// The form's content from the evaluation and what was typed.
    pub fn build(input: FormInput<'_>) -> Form {
        let FormInput { rules, kind, row, explanation, signer, mut review, review_year, lists, lang } = input;
        if review.fixes.iter().all(|f| f.shortcoming.trim().is_empty()) {
            review.fixes = section_three_from_list(rules, kind, lists);
        }
        let subject = &rules.subjects[kind];
        let form_kind = FormKind::of(subject.form.as_deref(), subject.collective);
        let code = subject.form.clone().unwrap_or_else(|| form_kind.code().to_string());
        let (scores, total) = match &explanation.score {
            Some(score) => (
                score
                    .parts
                    .iter()
                    .map(|p| ScoreLine { name: p.name.get(lang).to_string(), value: p.value, max: p.max })
                    .collect(),
                Some(ScoreLine {
                    name: lang.pick("Tổng điểm", "Total").to_string(),
                    value: score.total,
                    max: Some(score.max),
                }),
            ),
            None => (Vec::new(), None),
        };
        let proposed = match explanation.status {
            ResultStatus::Classified => explanation.level.as_deref().and_then(|id| rules.level_index(id)),
            _ => None,
        };
        let proposed_text = match (proposed, &explanation.level_name) {
            (Some(_), Some(name)) => name.get(lang).to_string(),
            _ => crate::render::explain::unplaced_label(&explanation.status, lang).to_string(),
        };
        let levels = rules.levels.iter().map(|l| l.name.get(lang).to_string()).collect();
        let distributions = if subject.collective {
            [
                (RollupGroup::Members, lang.pick("Kết quả xếp loại đảng viên", "Levels of the members")),
                (
                    RollupGroup::Subunits,
                    lang.pick("Kết quả xếp loại tổ chức đảng trực thuộc", "Levels of the sub-units"),
                ),
            ]
            .into_iter()
            .filter_map(|(group, name)| distribution(rules, row, group, name, lang))
            .collect()
        } else {
            Vec::new()
        };
        Form {
            kind: form_kind,
            lang,
            code,
            annexes: annexes(rules, kind, row, lists, lang),
            signer,
            review,
            scores,
            total,
            levels,
            proposed,
            proposed_text,
            distributions,
            rule_line: crate::render::report::review_line(rules, review_year, lang),
        }
    }

    /// The file name a download of this form gets, without extension ("mau-2b-nguyen-van-an-2025").
    pub fn file_stem(&self) -> String {
        let mut stem = crate::input::fold(&format!("{} {} {}", self.code, self.signer.name, self.signer.year));
        stem.retain(|c| c.is_ascii_alphanumeric() || c == ' ');
        stem.split_whitespace().collect::<Vec<_>>().join("-")
    }

    /// The form laid out as the official A4 document.
    pub fn document(&self) -> Document {
        let lang = self.lang;
        let w = |vi: &str, en: &str| lang.pick(vi, en).to_string();
        let collective = self.kind == FormKind::Collective;
        let mut blocks = Vec::new();
        // Capitals are the renderers' (CSS `text-transform`, Word's caps): no Unicode case tables in the page.
        let filled =
            |text: &str, fill: &str| if text.trim().is_empty() { fill.to_string() } else { text.trim().to_string() };
        let unit_fallback = w("CHI BỘ ……………", "CELL ……………");
        blocks.push(Block::Columns {
            columns: vec![
                vec![
                    Para::new(Style::Party, filled(&self.review.committee, &w("ĐẢNG BỘ ……………", "COMMITTEE ……………"))),
                    Para::new(Style::Party, filled(&self.signer.unit, &unit_fallback)).with_bold(),
                    Para::new(Style::Center, "*".to_string()),
                ],
                vec![
                    Para::new(Style::Motto, w("ĐẢNG CỘNG SẢN VIỆT NAM", "COMMUNIST PARTY OF VIET NAM")),
                    Para::new(Style::Date, self.place_and_date()),
                ],
            ],
        });
        blocks.push(Para::new(Style::Code, self.code.clone()).into());
        let title = if collective {
            w("BÁO CÁO KIỂM ĐIỂM TẬP THỂ", "COLLECTIVE REVIEW REPORT")
        } else {
            w("BẢN KIỂM ĐIỂM CÁ NHÂN", "PERSONAL REVIEW")
        };
        blocks.push(Para::new(Style::Title, title).into());
        let year = self.signer.year.trim();
        let subtitle = match self.kind {
            FormKind::Collective => {
                w("Kiểm điểm, đánh giá, xếp loại chất lượng năm", "Review, evaluation and rating for")
            }
            FormKind::Leader => {
                w("(Dùng cho cá nhân giữ chức vụ lãnh đạo, quản lý) năm", "(Individuals holding a leadership post) for")
            }
            FormKind::Member => w(
                "(Dùng cho cá nhân không giữ chức vụ lãnh đạo, quản lý) năm",
                "(Individuals without a leadership post) for",
            ),
            FormKind::Outside => w(
                "(Dùng cho đảng viên không làm việc trong hệ thống chính trị) năm",
                "(Party members not working in the political system) for",
            ),
        };
        blocks.push(
            Para::new(Style::Subtitle, format!("{subtitle} {}", if year.is_empty() { "……" } else { year })).into(),
        );
        let field = |label: &str, value: &str| {
            Block::from(Para::new(
                Style::Field,
                format!("{label}: {}", if value.trim().is_empty() { "……………………" } else { value.trim() }),
            ))
        };
        if collective {
            blocks.push(field(&w("Tên tập thể", "Collective"), &self.signer.unit));
        } else {
            blocks.push(field(&w("Họ và tên", "Name"), &self.signer.name));
            blocks.push(field(&w("Chức vụ", "Position"), &self.signer.position));
            blocks.push(field(&w("Đơn vị công tác, chi bộ", "Unit and cell"), &self.signer.unit));
        }

        // Part A: the review.
        blocks.push(Para::new(Style::Part, w("A. KIỂM ĐIỂM", "A. REVIEW")).into());
        let mut number = 0;
        let mut roman = |blocks: &mut Vec<Block>, title: &str| {
            number += 1;
            blocks.push(Para::new(Style::Heading, format!("{}. {title}", ROMAN[number - 1])).into());
        };
        roman(&mut blocks, lang.pick("Ưu điểm, kết quả đạt được", "Strengths and results"));
        for (i, section) in [Section::Politics, Section::Duties, Section::Pledge].into_iter().enumerate() {
            blocks.push(Para::new(Style::Subheading, format!("{}. {}", i + 1, section.title(self.kind, lang))).into());
            body(&mut blocks, section.text(&self.review));
        }
        roman(&mut blocks, Section::Shortcomings.title(self.kind, lang));
        body(&mut blocks, &self.review.shortcomings);
        roman(
            &mut blocks,
            lang.pick(
                "Kết quả khắc phục những hạn chế, khuyết điểm đã được chỉ ra ở các kỳ kiểm điểm trước",
                "Fixing the shortcomings pointed out at earlier reviews",
            ),
        );
        let fixes: Vec<&Fix> = self.review.fixes.iter().filter(|f| !f.shortcoming.trim().is_empty()).collect();
        if fixes.is_empty() {
            body(&mut blocks, "");
        } else {
            blocks.push(Block::Table {
                id: "fixes".into(),
                widths: vec![8, 62, 30],
                header: vec![
                    w("TT", "No."),
                    w("Hạn chế, khuyết điểm", "Shortcoming"),
                    w("Kết quả khắc phục", "Result"),
                ],
                rows: fixes
                    .iter()
                    .enumerate()
                    .map(|(i, f)| {
                        vec![(i + 1).to_string(), f.shortcoming.trim().to_string(), f.status.name(lang).to_string()]
                    })
                    .collect(),
            });
            let count = |s: FixStatus| fixes.iter().filter(|f| f.status == s).count();
            blocks.push(
                Para::new(
                    Style::Note,
                    format!(
                        "{}: {}; {}: {}; {}: {}.",
                        FixStatus::Fixed.name(lang),
                        count(FixStatus::Fixed),
                        FixStatus::Fixing.name(lang),
                        count(FixStatus::Fixing),
                        FixStatus::NotFixed.name(lang),
                        count(FixStatus::NotFixed)
                    ),
                )
                .into(),
            );
        }
        for section in [Section::Explanations, Section::Responsibility, Section::Remedies] {
            if section.in_form(self.kind) {
                roman(&mut blocks, section.title(self.kind, lang));
                body(&mut blocks, section.text(&self.review));
            }
        }

        // Part B: the self-rating.
        blocks.push(
            Para::new(Style::Part, w("B. TỰ ĐÁNH GIÁ, XẾP LOẠI CHẤT LƯỢNG", "B. SELF-ASSESSMENT AND RATING")).into(),
        );
        blocks.push(Para::new(Style::Heading, w("I. Tự chấm điểm", "I. Points")).into());
        let points = |v: Option<Num>| v.map(|v| v.display(lang, 2)).unwrap_or_else(|| "…".into());
        if self.scores.is_empty() {
            blocks.push(
                Para::new(Style::Note, w("Bộ quy tắc này không chấm điểm.", "This rule set gives no points.")).into(),
            );
        } else {
            blocks.push(Block::Table {
                id: "scores".into(),
                widths: vec![70, 30],
                header: vec![w("Nhóm tiêu chí", "Criteria group"), w("Điểm tự chấm", "Points")],
                rows: self
                    .scores
                    .iter()
                    .chain(&self.total)
                    .map(|s| {
                        let max = s.max.map(|m| format!("/{}", m.display(lang, 2))).unwrap_or_default();
                        vec![s.name.clone(), format!("{}{max}", points(s.value))]
                    })
                    .collect(),
            });
        }
        blocks.push(Para::new(Style::Heading, w("II. Tự xếp loại chất lượng", "II. Proposed level")).into());
        for (i, level) in self.levels.iter().enumerate() {
            let mark = if self.proposed == Some(i) { "☒" } else { "☐" };
            blocks.push(Para::new(Style::Choice, format!("{mark} {level}")).into());
        }
        if self.proposed.is_none() {
            blocks.push(
                Para::new(Style::Note, format!("{}: {}", w("Chưa xếp được", "No level yet"), self.proposed_text))
                    .into(),
            );
        }
        for distribution in &self.distributions {
            blocks.push(Para::new(Style::Heading, distribution.group.clone()).into());
            let total = distribution.total.unwrap_or(Num::ZERO);
            blocks.push(Block::Table {
                id: format!("distribution-{}", distribution.group.len()),
                widths: vec![60, 20, 20],
                header: vec![w("Mức xếp loại", "Level"), w("Số lượng", "Count"), w("Tỷ lệ", "Share")],
                rows: distribution
                    .counts
                    .iter()
                    .map(|(name, n)| {
                        let share =
                            n.checked_div(total).map(|s| s.display_percent(lang, 1)).unwrap_or_else(|_| "—".into());
                        vec![name.clone(), n.display(lang, 0), share]
                    })
                    .chain(std::iter::once(vec![w("Tổng số", "Total"), total.display(lang, 0), String::new()]))
                    .collect(),
            });
        }
        blocks.push(Para::new(Style::Note, self.rule_line.clone()).into());

        // Signatures.
        let (left, right) = if collective {
            (w("Ý KIẾN CỦA CẤP ỦY CẤP TRÊN", "OPINION OF THE UPPER COMMITTEE"), w("T/M TẬP THỂ", "FOR THE COLLECTIVE"))
        } else {
            (
                w("NHẬN XÉT CỦA CHI ỦY (CHI BỘ)", "REMARKS OF THE CELL COMMITTEE"),
                w("NGƯỜI TỰ KIỂM ĐIỂM", "THE PERSON REVIEWED"),
            )
        };
        let sign = w("(Ký, ghi rõ họ tên)", "(Signature and full name)");
        blocks.push(Block::Columns {
            columns: vec![
                vec![Para::new(Style::SignTitle, left), Para::new(Style::SignNote, sign.clone())],
                vec![
                    Para::new(Style::SignTitle, right),
                    Para::new(Style::SignNote, sign),
                    Para::new(
                        Style::SignName,
                        if collective { String::new() } else { self.signer.name.trim().to_string() },
                    ),
                ],
            ],
        });

        // The annex, on a page of its own.
        let annexes: Vec<&Annex> = self.annexes.iter().filter(|a| !a.rows.is_empty()).collect();
        if !annexes.is_empty() {
            blocks.push(Block::PageBreak);
            blocks.push(Para::new(Style::Title, w("PHỤ LỤC", "ANNEX")).into());
            blocks.push(
                Para::new(
                    Style::Subtitle,
                    w("Kết quả thực hiện nhiệm vụ (kèm theo bản kiểm điểm)", "Task results (attached to the review)"),
                )
                .into(),
            );
        }
        for (n, annex) in annexes.into_iter().enumerate() {
            blocks.push(Para::new(Style::Heading, format!("{}. {}", n + 1, annex.title)).into());
            // The first column is the row number: narrow; the others share the rest.
            let columns = annex.columns.len().max(2) as u16;
            let rest = 92 / (columns - 1);
            let mut widths = vec![rest; columns as usize];
            widths[0] = 8;
            blocks.push(Block::Table {
                id: if n == 0 { "annex".into() } else { format!("annex-{}", n + 1) },
                widths,
                header: annex.columns.clone(),
                rows: annex.rows.clone(),
            });
            if !annex.note.is_empty() {
                blocks.push(Para::new(Style::Note, annex.note.clone()).into());
            }
        }
        Document { title: format!("{} {}", self.code, self.signer.name.trim()).trim().to_string(), lang, blocks }
    }

    /// "Hà Nội, ngày 15 tháng 12 năm 2025": the place and date as typed, with blanks to fill by hand.
    fn place_and_date(&self) -> String {
        let lang = self.lang;
        let place = self.review.place.trim();
        let place = if place.is_empty() { "……" } else { place };
        let parts: Vec<&str> = self.review.date.split(['/', '-', '.']).map(str::trim).collect();
        let year = self.signer.year.trim();
        let (d, m, y) = match parts.as_slice() {
            [d, m, y] if [d, m, y].iter().all(|p| !p.is_empty() && p.chars().all(|c| c.is_ascii_digit())) => {
                (d.to_string(), m.to_string(), y.to_string())
            }
            _ => ("…".into(), "…".into(), if year.is_empty() { "……".into() } else { year.to_string() }),
        };
        match lang {
            Lang::Vi => format!("{place}, ngày {d} tháng {m} năm {y}"),
            Lang::En => format!("{place}, {d}/{m}/{y}"),
        }
    }
}

const ROMAN: [&str; 8] = ["I", "II", "III", "IV", "V", "VI", "VII", "VIII"];

/// Free text as body paragraphs, one per line typed; an empty section keeps dotted lines to write on.
fn body(blocks: &mut Vec<Block>, text: &str) {
    let lines: Vec<&str> = text.lines().map(str::trim).filter(|l| !l.is_empty()).collect();
    if lines.is_empty() {
        blocks.push(Para::new(Style::Blank, "……………………………………………………………………………".into()).into());
    }
    for line in lines {
        blocks.push(Para::new(Style::Body, line.to_string()).into());
    }
}

/// The annex: a table per list given for the subject kind (its fields as columns, one row per item that is not
/// empty, the facts computed from it below), or the typed counts of the `tasks` group when no list was given.
fn annexes(rules: &RuleSet, kind: usize, row: &[Num], lists: &Lists, lang: Lang) -> Vec<Annex> {
    let mut filled = row.to_vec();
    let report = crate::lists::apply(rules, kind, &mut filled, lists);
    let given: Vec<Annex> = rules
        .lists_for(kind)
        .filter(|(_, list)| !list.is_checklist() && list.id != SECTION_THREE_LIST)
        .filter_map(|(_, list)| {
            let items = lists.get(&list.id)?;
            let columns = annex_columns(list, lang);
            // Item numbers are the list's own, so "nhiệm vụ 7" in the explanation is row 7 here.
            let rows = items
                .iter()
                .enumerate()
                .filter(|(_, item)| item.values().any(|v| !v.trim().is_empty()))
                .map(|(i, item)| {
                    std::iter::once((i + 1).to_string())
                        .chain(list.fields.iter().map(|f| cell_text(rules, f, item, lang)))
                        .collect()
                })
                .collect();
            Some(Annex {
                title: list.name.get(lang).to_string(),
                columns,
                rows,
                note: annex_note(rules, list, &report, lang),
            })
        })
        .collect();
    let mut annexes = if given.is_empty() { vec![typed_annex(rules, kind, row, lang)] } else { given };
    annexes.extend(
        rules
            .lists_for(kind)
            .filter(|(_, list)| list.is_checklist())
            .filter_map(|(_, list)| checklist_annex(rules, kind, list, lists.get(&list.id)?, &report, lang)),
    );
    annexes
}

/// A checklist given (the common criteria scored item by item): one row per fixed item of the subject kind, its
/// name (and maximum) then the fields as typed, the facts computed from it below.
fn checklist_annex(
    rules: &RuleSet,
    kind: usize,
    list: &crate::ruleset::ListDef,
    items: &[std::collections::BTreeMap<String, String>],
    report: &crate::lists::ListReport,
    lang: Lang,
) -> Option<Annex> {
    let columns = annex_columns(list, lang);
    let empty = std::collections::BTreeMap::new();
    let rows = list
        .items_for(kind)
        .enumerate()
        .map(|(position, (_, declared))| {
            let item = items.get(position).unwrap_or(&empty);
            std::iter::once((position + 1).to_string())
                .chain(list.fields.iter().enumerate().map(|(f, field)| {
                    if f == 0 {
                        return match declared.max {
                            Some(max) => format!(
                                "{} ({} {})",
                                declared.name.get(lang),
                                lang.pick("tối đa", "at most"),
                                max.display(lang, 2)
                            ),
                            None => declared.name.get(lang).to_string(),
                        };
                    }
                    cell_text(rules, field, item, lang)
                }))
                .collect()
        })
        .collect();
    Some(Annex { title: list.name.get(lang).to_string(), columns, rows, note: annex_note(rules, list, report, lang) })
}

/// An item's field as the annex shows it (a choice by its name, yes/no in words); empty when not typed.
fn cell_text(
    rules: &RuleSet,
    field: &crate::ruleset::ListField,
    item: &std::collections::BTreeMap<String, String>,
    lang: Lang,
) -> String {
    let text = item.get(&field.id).map(String::as_str).unwrap_or("");
    if text.trim().is_empty() {
        String::new()
    } else {
        crate::lists::field_text(rules, field, text).get(lang).to_string()
    }
}

/// An annex table's headers: the item number, then each field with its unit.
fn annex_columns(list: &crate::ruleset::ListDef, lang: Lang) -> Vec<String> {
    std::iter::once(lang.pick("TT", "No.").to_string())
        .chain(list.fields.iter().map(|f| match &f.unit {
            Some(unit) => format!("{} ({})", f.name.get(lang), unit.get(lang)),
            None => f.name.get(lang).to_string(),
        }))
        .collect()
}

/// The line under an annex table: the facts computed from the list, with their values.
fn annex_note(
    rules: &RuleSet,
    list: &crate::ruleset::ListDef,
    report: &crate::lists::ListReport,
    lang: Lang,
) -> String {
    let fed: Vec<String> = report
        .fed
        .iter()
        .filter(|fed| fed.lists.contains(&list.id))
        .filter_map(|fed| {
            let fact = rules.fact(rules.fact_slot(&fed.fact)?);
            let value = fed.value.map_or_else(|| "—".to_string(), |v| shown(fact.ty, v, lang));
            Some(format!("{}: {value}", fact.name.get(lang)))
        })
        .collect();
    fed.join("; ")
}

fn shown(ty: FactType, value: Num, lang: Lang) -> String {
    if ty == FactType::Percent { value.display_percent(lang, 2) } else { value.display(lang, 2) }
}

/// The annex from the typed counts: each asked fact of the `tasks` group with its value.
fn typed_annex(rules: &RuleSet, kind: usize, row: &[Num], lang: Lang) -> Annex {
    let rows: Vec<Vec<String>> = rules
        .input_facts(kind)
        .filter(|(_, fact)| fact.group.as_deref() == Some("tasks"))
        .filter_map(|(slot, fact)| {
            let value = *row.get(slot as usize)?;
            let value = if value.is_missing() { "—".to_string() } else { shown(fact.ty, value, lang) };
            Some(vec![fact.name.get(lang).to_string(), value])
        })
        .enumerate()
        .map(|(i, mut cells)| {
            cells.insert(0, (i + 1).to_string());
            cells
        })
        .collect();
    Annex {
        title: lang.pick("Số liệu nhiệm vụ", "Task counts").into(),
        columns: vec![
            lang.pick("TT", "No.").into(),
            lang.pick("Nội dung", "Item").into(),
            lang.pick("Số lượng", "Count").into(),
        ],
        rows,
        note: lang.pick("Theo số liệu đã nhập.", "From the counts typed in.").into(),
    }
}

/// A collective's members or sub-units by level, from the roll-up facts in the row; `None` when none were given.
fn distribution(rules: &RuleSet, row: &[Num], group: RollupGroup, name: &str, lang: Lang) -> Option<Distribution> {
    let value = |count: RollupCount| {
        rules.facts.iter().zip(row).find_map(|(fact, value)| match fact.origin {
            FactOrigin::Rollup { group: g, count: c } if g == group && c == count && !value.is_missing() => {
                Some(*value)
            }
            _ => None,
        })
    };
    let mut counts: Vec<(String, Num)> = rules
        .levels
        .iter()
        .enumerate()
        .filter_map(|(i, level)| Some((level.name.get(lang).to_string(), value(RollupCount::Level(i))?)))
        .collect();
    if counts.is_empty() {
        return None;
    }
    for (count, label) in [
        (RollupCount::NotClassified, lang.pick("Không xếp loại", "Not classified")),
        (RollupCount::Referred, lang.pick("Chờ cấp có thẩm quyền quyết định", "For the competent level")),
    ] {
        if let Some(n) = value(count).filter(|n| *n != Num::ZERO) {
            counts.push((label.to_string(), n));
        }
    }
    let total = value(RollupCount::Total);
    // A chi bộ has no sub-units: a group of none is left out of the form.
    if total == Some(Num::ZERO) {
        return None;
    }
    Some(Distribution { group: name.to_string(), counts, total })
}

/// A form laid out for A4: what the print view shows and the Word file holds.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Document {
    pub title: String,
    pub lang: Lang,
    pub blocks: Vec<Block>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", tag = "type")]
pub enum Block {
    Para(Para),
    /// Side by side without borders: the header, the signatures.
    Columns {
        columns: Vec<Vec<Para>>,
    },
    /// A bordered table; `widths` are percentages of the text width.
    Table {
        id: String,
        widths: Vec<u16>,
        header: Vec<String>,
        rows: Vec<Vec<String>>,
    },
    PageBreak,
}

impl From<Para> for Block {
    fn from(para: Para) -> Block {
        Block::Para(para)
    }
}

/// One paragraph with its role in the form; each renderer maps a style to its look.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Para {
    pub style: Style,
    pub text: String,
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub bold: bool,
}

impl Para {
    pub fn new(style: Style, text: String) -> Para {
        Para { style, text, bold: false }
    }

    fn with_bold(mut self) -> Para {
        self.bold = true;
        self
    }
}

/// The paragraph styles of the form (Nghị định 30/2020-style administrative layout, Times New Roman 13–14 pt).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Style {
    /// The party committee and unit, top left, centered in their column, shown in capitals (as typed in the text).
    Party,
    /// "ĐẢNG CỘNG SẢN VIỆT NAM", top right, bold and underlined.
    Motto,
    /// Place and date, italic.
    Date,
    /// Centered plain text.
    Center,
    /// The form's code, right-aligned.
    Code,
    Title,
    Subtitle,
    /// "Họ và tên: …".
    Field,
    /// "A. KIỂM ĐIỂM".
    Part,
    /// "I. …".
    Heading,
    /// "1. …".
    Subheading,
    /// What the person wrote, justified with a first-line indent.
    Body,
    /// Dotted lines to write on by hand.
    Blank,
    /// A tick box line of Part B.
    Choice,
    /// A small italic remark.
    Note,
    SignTitle,
    SignNote,
    SignName,
}

impl Style {
    pub fn id(self) -> &'static str {
        match self {
            Style::Party => "party",
            Style::Motto => "motto",
            Style::Date => "date",
            Style::Center => "center",
            Style::Code => "code",
            Style::Title => "title",
            Style::Subtitle => "subtitle",
            Style::Field => "field",
            Style::Part => "part",
            Style::Heading => "heading",
            Style::Subheading => "subheading",
            Style::Body => "body",
            Style::Blank => "blank",
            Style::Choice => "choice",
            Style::Note => "note",
            Style::SignTitle => "sign-title",
            Style::SignNote => "sign-note",
            Style::SignName => "sign-name",
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::classify::Classifier;

    fn member_form(facts: &[(&str, &str)], review: ReviewText, subject: &str) -> Form {
        let rules = crate::builtin::load_default();
        let kind = rules.subject_index(subject).unwrap();
        let (row, errors) = crate::input::typed_row(&rules, kind, facts.iter().copied());
        assert!(errors.is_empty(), "{errors:?}");
        let (_, explanation) = Classifier::new(&rules).explain(kind, &row, None);
        Form::build(FormInput {
            rules: &rules,
            kind,
            row: &row,
            explanation: &explanation,
            signer: Signer {
                name: "Nguyễn Thị Bình".into(),
                position: "Chuyên viên".into(),
                unit: "Chi bộ Phòng Tổ chức".into(),
                year: "2025".into(),
            },
            review,
            review_year: Some(2025),
            lists: &Lists::new(),
            lang: Lang::Vi,
        })
    }

    const GOOD: [(&str, &str); 6] = [
        ("common_points", "28"),
        ("task_points", "65"),
        ("tasks_assigned", "12"),
        ("tasks_on_time", "11"),
        ("tasks_late", "1"),
        ("tasks_exceeding", "4"),
    ];

    fn texts(document: &Document) -> Vec<String> {
        let mut out = Vec::new();
        for block in &document.blocks {
            match block {
                Block::Para(p) => out.push(p.text.clone()),
                Block::Columns { columns } => out.extend(columns.iter().flatten().map(|p| p.text.clone())),
                Block::Table { header, rows, .. } => {
                    out.push(header.join(" | "));
                    out.extend(rows.iter().map(|r| r.join(" | ")));
                }
                Block::PageBreak => out.push("<page>".into()),
            }
        }
        out
    }

    #[test]
    fn the_form_follows_the_subject_kind() {
        assert_eq!(FormKind::of(Some("Mẫu 2A"), false), FormKind::Leader);
        assert_eq!(FormKind::of(Some("Mẫu 2B"), false), FormKind::Member);
        assert_eq!(FormKind::of(Some("mau 2c"), false), FormKind::Outside);
        assert_eq!(FormKind::of(Some("Mẫu 01"), true), FormKind::Collective);
        assert_eq!(FormKind::of(None, true), FormKind::Collective);
        assert_eq!(FormKind::of(None, false), FormKind::Member);
        let leader = member_form(&[("common_points", "28")], ReviewText::default(), "leader");
        assert_eq!((leader.kind, leader.code.as_str()), (FormKind::Leader, "Mẫu 2A"));
        let lines = texts(&leader.document());
        assert!(lines.iter().any(|l| l.contains("Làm rõ trách nhiệm của cá nhân")), "2A has section V");
        let member = member_form(&GOOD, ReviewText::default(), "member");
        let lines = texts(&member.document());
        assert!(!lines.iter().any(|l| l.contains("Làm rõ trách nhiệm")), "2B has no section V: {lines:#?}");
        assert!(lines.iter().any(|l| l == "V. Phương hướng, biện pháp khắc phục hạn chế, khuyết điểm"));
    }

    #[test]
    fn part_b_has_the_scores_and_the_proposed_level() {
        let form = member_form(&GOOD, ReviewText::default(), "member");
        let scores: Vec<String> =
            form.scores.iter().chain(&form.total).map(|s| format!("{} {:?}/{:?}", s.name, s.value, s.max)).collect();
        assert_eq!(form.scores.len(), 2, "{scores:?}");
        assert_eq!(form.total.as_ref().unwrap().value, Some(Num::int(93)));
        assert_eq!(form.levels.len(), 4);
        let lines = texts(&form.document());
        assert!(lines.contains(&"Điểm nhóm tiêu chí chung | 28/30".to_string()), "{lines:#?}");
        assert!(lines.contains(&"Điểm kết quả thực hiện nhiệm vụ | 65/70".to_string()));
        assert!(lines.contains(&"Tổng điểm | 93/100".to_string()));
        // One late task of twelve: not 100% on time, so neither of the two best levels (QĐ 366 Điều 11): the third.
        assert_eq!(form.proposed, Some(2), "{}", form.proposed_text);
        assert!(lines.contains(&format!("☒ {}", form.levels[2])));
        assert!(lines.contains(&format!("☐ {}", form.levels[0])));
        // The annex from the typed counts, on a page of its own.
        assert!(lines.contains(&"<page>".to_string()));
        assert!(lines.contains(&"1 | Số nhiệm vụ được giao | 12".to_string()), "{lines:#?}");
        assert!(lines.contains(&"4 | Số nhiệm vụ vượt yêu cầu | 4".to_string()));
    }

    #[test]
    fn part_a_keeps_every_line_and_every_fix() {
        let review = ReviewText {
            committee: "Đảng bộ Sở Nội vụ".into(),
            place: "Hà Nội".into(),
            date: "15/12/2025".into(),
            politics: "Luôn giữ vững lập trường.\n\nGương mẫu.".into(),
            shortcomings: "Đôi khi chậm tiến độ.".into(),
            fixes: vec![
                Fix { shortcoming: "Chưa mạnh dạn phê bình".into(), status: FixStatus::Fixed },
                Fix { shortcoming: "Báo cáo chậm".into(), status: FixStatus::Fixing },
                Fix { shortcoming: "  ".into(), status: FixStatus::NotFixed },
            ],
            remedies: "Lập kế hoạch từng tháng.".into(),
            ..ReviewText::default()
        };
        let form = member_form(&GOOD, review, "member");
        let document = form.document();
        let lines = texts(&document);
        for expected in [
            "Đảng bộ Sở Nội vụ",
            "Chi bộ Phòng Tổ chức",
            "Hà Nội, ngày 15 tháng 12 năm 2025",
            "Mẫu 2B",
            "BẢN KIỂM ĐIỂM CÁ NHÂN",
            "Họ và tên: Nguyễn Thị Bình",
            "Luôn giữ vững lập trường.",
            "Gương mẫu.",
            "Đôi khi chậm tiến độ.",
            "1 | Chưa mạnh dạn phê bình | Đã khắc phục",
            "2 | Báo cáo chậm | Đang khắc phục",
            "Đã khắc phục: 1; Đang khắc phục: 1; Chưa khắc phục: 0.",
            "Lập kế hoạch từng tháng.",
            "NGƯỜI TỰ KIỂM ĐIỂM",
        ] {
            assert!(lines.iter().any(|l| l == expected), "missing {expected:?} in {lines:#?}");
        }
        // Empty sections keep lines to write on.
        assert!(lines.iter().any(|l| l.starts_with("……")));
        assert_eq!(form.file_stem(), "mau-2b-nguyen-thi-binh-2025");
        // The document goes to the Word writer as JSON and comes back the same.
        let json = serde_json::to_string(&document).unwrap();
        assert_eq!(serde_json::from_str::<Document>(&json).unwrap(), document);
    }

    #[test]
    fn a_collective_hands_in_form_01_with_its_levels() {
        let rules = crate::builtin::load_default();
        let kind = rules.subject_index("collective").unwrap();
        let typed = [("common_points", "27"), ("task_points", "62")];
        let (mut row, _) = crate::input::typed_row(&rules, kind, typed);
        crate::unit::fill_rollup(&rules, &mut row, RollupGroup::Members, &[2, 10, 3, 0, 0, 0]);
        crate::unit::fill_rollup(&rules, &mut row, RollupGroup::Subunits, &[0, 0, 0, 0, 0, 0]);
        let (_, explanation) = Classifier::new(&rules).explain(kind, &row, None);
        let form = Form::build(FormInput {
            rules: &rules,
            kind,
            row: &row,
            explanation: &explanation,
            signer: Signer { unit: "Chi bộ Phòng Tổ chức".into(), year: "2025".into(), ..Signer::default() },
            review: ReviewText::default(),
            review_year: None,
            lists: &Lists::new(),
            lang: Lang::Vi,
        });
        assert_eq!(form.kind, FormKind::Collective);
        let lines = texts(&form.document());
        assert!(lines.contains(&"BÁO CÁO KIỂM ĐIỂM TẬP THỂ".to_string()));
        assert!(lines.contains(&"Tên tập thể: Chi bộ Phòng Tổ chức".to_string()), "{lines:#?}");
        let members = &form.distributions[0];
        assert_eq!(members.total, Some(Num::int(15)));
        assert_eq!(members.counts[0].1, Num::int(2), "{members:?}");
        assert!(lines.iter().any(|l| l.starts_with(&format!("{} | 2 | 13,3%", members.counts[0].0))), "{lines:#?}");
        assert!(lines.contains(&"Tổng số | 15 | ".to_string()));
        assert!(lines.contains(&"T/M TẬP THỂ".to_string()));
        assert_eq!(form.distributions.len(), 1, "no sub-units: no table of them");
    }

    #[test]
    fn the_annex_lists_each_task_as_declared() {
        let rules = crate::builtin::load_default();
        let kind = rules.subject_index("member").unwrap();
        let item = |name: &str, status: &str, exceeded: &str| {
            [("name", name), ("status", status), ("exceeded", exceeded)]
                .iter()
                .map(|(k, v)| (k.to_string(), v.to_string()))
                .collect()
        };
        let tasks =
            vec![item("Soạn báo cáo quý", "on_time", "true"), item("", "", ""), item("Tổng kết năm", "late", "")];
        let lists = Lists::from([("tasks".to_string(), tasks)]);
        let (mut row, _) = crate::input::typed_row(&rules, kind, [("common_points", "28"), ("task_points", "65")]);
        crate::lists::apply(&rules, kind, &mut row, &lists);
        let (_, explanation) = Classifier::new(&rules).explain(kind, &row, None);
        let form = Form::build(FormInput {
            rules: &rules,
            kind,
            row: &row,
            explanation: &explanation,
            signer: Signer::default(),
            review: ReviewText::default(),
            review_year: None,
            lists: &lists,
            lang: Lang::Vi,
        });
        assert_eq!(form.proposed, Some(3), "one task late of two: half behind schedule, the lowest level");
        let annex = &form.annexes[0];
        assert_eq!(annex.title, "Nhiệm vụ được giao");
        assert_eq!(
            annex.columns,
            ["TT", "Nhiệm vụ, sản phẩm", "Kết quả, sản phẩm cụ thể", "Tiến độ, chất lượng", "Vượt mức yêu cầu"]
        );
        // The empty item is left out, and the others keep their numbers (as the explanation names them).
        let on_time = "Hoàn thành đúng tiến độ, có chất lượng, hiệu quả";
        let late = "Hoàn thành nhưng chưa bảo đảm tiến độ";
        assert_eq!(
            annex.rows,
            [vec!["1", "Soạn báo cáo quý", "", on_time, "có"], vec!["3", "Tổng kết năm", "", late, ""]]
        );
        assert!(annex.note.starts_with("Số nhiệm vụ được giao: 2; "), "{}", annex.note);
        let lines = texts(&form.document());
        assert!(lines.contains(&"1. Nhiệm vụ được giao".to_string()), "{lines:#?}");
        assert!(lines.contains(&format!("3 | Tổng kết năm |  | {late} | ")));
    }

    #[test]
    fn english_forms_and_blank_dates() {
        let rules = crate::builtin::load_default();
        let kind = rules.subject_index("outside").unwrap();
        let (row, _) = crate::input::typed_row(&rules, kind, [("", ""); 0]);
        let (_, explanation) = Classifier::new(&rules).explain(kind, &row, None);
        let form = Form::build(FormInput {
            rules: &rules,
            kind,
            row: &row,
            explanation: &explanation,
            signer: Signer::default(),
            review: ReviewText { date: "mid December".into(), ..ReviewText::default() },
            review_year: None,
            lists: &Lists::new(),
            lang: Lang::En,
        });
        assert_eq!(form.kind, FormKind::Outside);
        assert_eq!(form.proposed, None);
        let lines = texts(&form.document());
        assert!(lines.contains(&"……, …/…/……".to_string()), "{lines:#?}");
        assert!(lines.contains(&"PERSONAL REVIEW".to_string()));
        assert!(lines.iter().any(|l| l.starts_with("No level yet: ")));
    }

    /// A member's form built as the app does: section III put into the lists, the lists applied, then the form.
    fn form_with_lists(facts: &[(&str, &str)], review: ReviewText, lists: Lists) -> (Form, Vec<Num>) {
        let rules = crate::builtin::load_default();
        let kind = rules.subject_index("member").unwrap();
        let (mut row, errors) = crate::input::typed_row(&rules, kind, facts.iter().copied());
        assert!(errors.is_empty(), "{errors:?}");
        let mut lists = lists;
        section_three_into_lists(&rules, kind, &review, &mut lists);
        let (_, explanation, _) = crate::lists::explain(&rules, kind, &mut row, &lists, None);
        let form = Form::build(FormInput {
            rules: &rules,
            kind,
            row: &row,
            explanation: &explanation,
            signer: Signer::default(),
            review,
            review_year: Some(2025),
            lists: &lists,
            lang: Lang::Vi,
        });
        (form, row)
    }

    fn fix(text: &str, status: FixStatus) -> Fix {
        Fix { shortcoming: text.into(), status }
    }

    #[test]
    fn section_three_feeds_the_counts_and_is_printed_once() {
        let rules = crate::builtin::load_default();
        let review = ReviewText {
            fixes: vec![
                fix("Chậm nộp báo cáo", FixStatus::Fixed),
                fix("  ", FixStatus::NotFixed),
                fix("Ít phát biểu", FixStatus::Fixing),
            ],
            ..ReviewText::default()
        };
        let facts = [GOOD[0], GOOD[1], ("tasks_assigned", "10"), ("tasks_on_time", "10"), ("tasks_exceeding", "4")];
        let (form, row) = form_with_lists(&facts, review.clone(), Lists::new());
        let value = |id: &str| row[rules.fact_slot(id).unwrap() as usize];
        assert_eq!((value("shortcomings_identified"), value("shortcomings_fixed")), (Num::int(2), Num::int(1)));
        assert_eq!(form.proposed_text, "Hoàn thành tốt nhiệm vụ", "1 of 2 fixed: not HTXS");
        let lines = texts(&form.document());
        assert!(lines.contains(&"1 | Chậm nộp báo cáo | Đã khắc phục".to_string()), "{lines:#?}");
        assert!(lines.contains(&"Đã khắc phục: 1; Đang khắc phục: 1; Chưa khắc phục: 0.".to_string()));
        assert!(
            form.annexes.iter().all(|a| a.title != "Hạn chế, khuyết điểm được chỉ ra ở lần kiểm điểm trước"),
            "section III is not repeated in the annex"
        );
        // A list given in the file is not overwritten by the section.
        let mut lists = Lists::new();
        lists.insert(SECTION_THREE_LIST.into(), Vec::new());
        let kind = rules.subject_index("member").unwrap();
        assert!(!section_three_into_lists(&rules, kind, &review, &mut lists));
        assert!(lists[SECTION_THREE_LIST].is_empty());
    }

    #[test]
    fn section_three_is_printed_from_the_list_when_the_review_has_none() {
        let item = |name: &str, status: &str| {
            std::collections::BTreeMap::from([
                ("name".to_string(), name.to_string()),
                ("status".to_string(), status.to_string()),
            ])
        };
        let lists = Lists::from([(
            SECTION_THREE_LIST.to_string(),
            vec![item("Chưa sâu sát", "Chưa khắc phục"), item("Chậm báo cáo", "fixed")],
        )]);
        let (form, _) = form_with_lists(&GOOD, ReviewText::default(), lists);
        assert_eq!(
            form.review.fixes,
            [fix("Chưa sâu sát", FixStatus::NotFixed), fix("Chậm báo cáo", FixStatus::Fixed)]
        );
    }

    #[test]
    fn a_checklist_is_an_annex_beside_the_task_counts() {
        let points = |p: &str| std::collections::BTreeMap::from([("points".to_string(), p.to_string())]);
        let lists = Lists::from([("common_criteria".to_string(), vec![points("9"), points("10"), points("9")])]);
        let (form, _) = form_with_lists(&GOOD[1..], ReviewText::default(), lists);
        assert_eq!(form.annexes.len(), 2, "the typed task counts, then the checklist");
        assert_eq!(form.annexes[0].title, "Số liệu nhiệm vụ");
        let checklist = &form.annexes[1];
        assert_eq!(checklist.rows.len(), 3);
        assert_eq!(checklist.rows[1][1], "Tư duy đổi mới, chiến lược, khát vọng cống hiến, dám nghĩ, dám làm");
        assert_eq!(checklist.rows[1][2], "10");
        assert_eq!(checklist.note, "Điểm nhóm tiêu chí chung: 28");
        assert_eq!(form.scores[0].value, Some(Num::int(28)), "Part B has the sum");
    }
}
