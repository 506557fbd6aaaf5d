//! The unit's report on paper: the WHOLE roster (not the page of fifty the screen shows), under a heading (the
//! unit, the review year, the rule set and its version), with the summary by level (counts and percentages in
//! separate columns), the quota, the targets, the organizations, a date line and the signature blocks.
//! It is print-only (the screen hides it, paper shows nothing else of the page) and holds no form controls.
//! Its tables are the report's sheets (`xeploai::report`), so paper, CSV and XLSX cannot drift apart.
//! A roster of more than [`PRINT_AUTO`] members is laid out only when the print button asks, so typing in the
//! filters of a large unit does not lay out a hundred thousand rows each time.

use std::rc::Rc;

use xeploai::report::{Cell, Sheet, review_headers, unit_report_for_year};
use xeploai::targets::TargetResult;
use xeploai::{Lang, RuleSet};
use yew::prelude::*;

use super::UnitHandle;
use super::state::Imported;
use crate::i18n::{Rp, rp};

/// Rosters up to this many members are always laid out for print (Ctrl+P works); larger ones on request.
pub const PRINT_AUTO: usize = 3_000;

/// What the paper holds, computed from the unit's results (pure, tested natively).
#[derive(Clone, Debug, PartialEq)]
pub struct PaperReport {
    /// The top organization of the roster (the one with no parent), as the heading names the unit.
    pub unit_name: Option<String>,
    pub review_line: String,
    pub summary: Vec<xeploai::render::summary::SummaryRow>,
    pub summary_headers: Vec<String>,
    pub quota: Option<Sheet>,
    pub targets: Option<Sheet>,
    pub members: Sheet,
    pub orgs: Option<Sheet>,
}

/// The report's sheets arranged for paper: members and organizations without the three columns of the rule set and
/// year (the heading says them once), the quota and targets sheets when there are any.
pub fn paper_report(
    rules: &RuleSet,
    imported: &Imported,
    targets: &[TargetResult],
    year: Option<i32>,
    lang: Lang,
) -> PaperReport {
    let sheets = unit_report_for_year(rules, &imported.roster, &imported.result, Some(targets), year, lang);
    let review = review_headers(lang);
    let without_review = |sheet: &Sheet| {
        let keep: Vec<bool> = sheet.headers.iter().map(|h| !review.contains(&h.as_str())).collect();
        Sheet {
            name: sheet.name.clone(),
            headers: sheet.headers.iter().zip(&keep).filter(|(_, k)| **k).map(|(h, _)| h.clone()).collect(),
            rows: sheet
                .rows
                .iter()
                .map(|row| row.iter().zip(&keep).filter(|(_, k)| **k).map(|(c, _)| c.clone()).collect())
                .collect(),
        }
    };
    let named = |vi: &str, en: &str| sheets.iter().find(|s| s.name == lang.pick(vi, en)).cloned();
    let unit_name = imported
        .roster
        .orgs
        .records
        .iter()
        .find(|r| r.org.is_none())
        .map(|r| if r.name.trim().is_empty() { r.id.clone() } else { r.name.trim().to_string() });
    PaperReport {
        unit_name,
        review_line: xeploai::report::review_line(rules, year, lang),
        summary: xeploai::render::summary::summary(rules, &imported.roster, &imported.result, lang),
        summary_headers: xeploai::render::summary::headers(rules, lang),
        quota: named("Tỷ lệ", "Quota"),
        targets: named("Chỉ tiêu", "Targets").filter(|s| !s.rows.is_empty()),
        members: sheets.first().map(without_review).unwrap_or_else(|| Sheet {
            name: String::new(),
            headers: Vec::new(),
            rows: Vec::new(),
        }),
        orgs: (!imported.roster.orgs.is_empty())
            .then(|| named("Tổ chức", "Organizations"))
            .flatten()
            .map(|s| without_review(&s)),
    }
}

/// A number as people read it on paper in `lang` (`89,5` in Vietnamese).
fn number_text(value: f64, lang: Lang) -> String {
    let text = if value.fract() == 0.0 { format!("{value:.0}") } else { format!("{value}") };
    match lang {
        Lang::Vi => text.replace('.', ","),
        Lang::En => text,
    }
}

fn cell_html(cell: &Cell, lang: Lang) -> Html {
    match cell {
        Cell::Number(x) if x.is_finite() => html! { <td class="num">{ number_text(*x, lang) }</td> },
        Cell::Number(_) => html! { <td></td> },
        Cell::Text(text) => html! { <td>{ text.clone() }</td> },
    }
}

/// A sheet as a table with a numbered first column.
fn sheet_table(id: &str, sheet: &Sheet, lang: Lang) -> Html {
    html! {
        <table class="f-table paper-table" id={id.to_string()}>
            <thead><tr>
                <th scope="col">{ rp(lang, Rp::Number) }</th>
                { for sheet.headers.iter().map(|h| html! { <th scope="col">{ h.clone() }</th> }) }
            </tr></thead>
            <tbody>
                { for sheet.rows.iter().enumerate().map(|(i, row)| html! {
                    <tr>
                        <td class="num">{ i + 1 }</td>
                        { for row.iter().map(|c| cell_html(c, lang)) }
                    </tr>
                }) }
            </tbody>
        </table>
    }
}

fn summary_table(report: &PaperReport, lang: Lang) -> Html {
    let percent = |count: u64, classified: u64| {
        xeploai::render::summary::percent(count, classified)
            .map(|p| format!("{}%", p.display(lang, 2)))
            .unwrap_or_default()
    };
    html! {
        <table class="f-table paper-table paper-summary" id="print-summary">
            <thead><tr>
                // The code goes beside the organization's name, so its own column is left out.
                { for report.summary_headers.iter().enumerate().filter(|(i, _)| *i != 2).map(|(_, h)| html! { <th scope="col">{ h.clone() }</th> }) }
            </tr></thead>
            <tbody>
                { for report.summary.iter().map(|row| {
                    let d = &row.counts;
                    let classified = d.classified();
                    let label = if row.code.is_empty() || row.label == row.code { row.label.clone() } else { format!("{} ({})", row.label, row.code) };
                    html! {
                        <tr class={classes!(row.total.then_some("total"))}>
                            <td>{ xeploai::render::summary::part_name(row.part, lang) }</td>
                            <td>{ label }</td>
                            <td class="num">{ d.total }</td>
                            <td class="num">{ classified }</td>
                            { for d.levels.iter().map(|c| html! {
                                <>
                                    <td class="num">{ c }</td>
                                    <td class="num">{ percent(*c, classified) }</td>
                                </>
                            }) }
                            <td class="num">{ row.not_classified() }</td>
                            <td class="num">{ row.pending() }</td>
                        </tr>
                    }
                }) }
            </tbody>
        </table>
    }
}

#[derive(Properties)]
pub struct PaperProps {
    pub rules: Rc<RuleSet>,
    pub imported: Rc<Imported>,
    pub targets: Rc<Vec<TargetResult>>,
    pub year: Option<i32>,
    pub lang: Lang,
}

/// Equal when the same results in the same language and year: the paper is not laid out again for a filter typed.
impl PartialEq for PaperProps {
    fn eq(&self, other: &PaperProps) -> bool {
        Rc::ptr_eq(&self.rules, &other.rules)
            && Rc::ptr_eq(&self.imported, &other.imported)
            && Rc::ptr_eq(&self.targets, &other.targets)
            && self.year == other.year
            && self.lang == other.lang
    }
}

/// The report as laid out on paper.
#[component]
pub fn Paper(props: &PaperProps) -> Html {
    let lang = props.lang;
    let rules = &props.rules;
    let report = paper_report(rules, &props.imported, &props.targets, props.year, lang);
    let mut part = 0;
    let mut next = || {
        part += 1;
        ["I", "II", "III", "IV", "V", "VI"].get(part - 1).copied().unwrap_or("")
    };
    let year = props.year.map_or_else(|| "……".to_string(), |y| y.to_string());
    html! {
        <article class="print-only print-sheet unit-print" id="unit-print">
            <div class="f-columns">
                <div class="f-column">
                    <p class="f-center f-bold" id="print-unit">{ report.unit_name.clone().map_or_else(|| "…………………………".to_string(), |n| n.to_uppercase()) }</p>
                    <p class="f-center">{ "*" }</p>
                </div>
                <div class="f-column">
                    <p class="f-party f-motto">{ rp(lang, Rp::Party) }</p>
                    <p class="f-date">{ rp(lang, Rp::DateLine) }</p>
                </div>
            </div>
            <p class="f-title" id="print-title">{ rp(lang, Rp::Title) }</p>
            <p class="f-subtitle">{ format!("{} {year}", rp(lang, Rp::Year)) }</p>
            <p class="f-note" id="print-review">{ report.review_line.clone() }</p>

            <p class="f-part">{ format!("{}. {}", next(), rp(lang, Rp::Summary)) }</p>
            { summary_table(&report, lang) }
            <p class="f-note">{ rp(lang, Rp::SummaryNote) }</p>

            <p class="f-part">{ format!("{}. {}", next(), rp(lang, Rp::Quota)) }</p>
            if let Some(quota) = &report.quota {
                { sheet_table("print-quota", quota, lang) }
                <p class="f-note">{ rp(lang, Rp::QuotaNote) }</p>
            } else {
                <p class="f-body">{ rp(lang, Rp::NoQuota) }</p>
            }

            if let Some(targets) = &report.targets {
                <p class="f-part">{ format!("{}. {}", next(), rp(lang, Rp::Targets)) }</p>
                { sheet_table("print-targets", targets, lang) }
            }

            <p class="f-part">{ format!("{}. {} ({})", next(), rp(lang, Rp::Members), report.members.rows.len()) }</p>
            { sheet_table("print-members", &report.members, lang) }

            if let Some(orgs) = &report.orgs {
                <p class="f-part">{ format!("{}. {} ({})", next(), rp(lang, Rp::Orgs), orgs.rows.len()) }</p>
                { sheet_table("print-orgs", orgs, lang) }
            }

            <div class="f-columns paper-signatures" id="print-signatures">
                <div class="f-column">
                    <p class="f-sign-title">{ rp(lang, Rp::PreparedBy) }</p>
                    <p class="f-sign-note">{ rp(lang, Rp::SignNote) }</p>
                </div>
                <div class="f-column">
                    <p class="f-sign-title">{ rp(lang, Rp::OnBehalf) }</p>
                    <p class="f-sign-note">{ rp(lang, Rp::SignNote) }</p>
                </div>
            </div>
        </article>
    }
}

#[derive(Properties, PartialEq)]
pub struct PrintReportProps {
    pub state: UnitHandle,
    /// Set by the print button; cleared once the browser has printed.
    pub requested: UseStateHandle<bool>,
}

/// The print-only report of the unit, and the printing itself: when the print button asks, the paper is laid out
/// (for a large roster, only then), the browser prints, and the request is cleared.
#[component]
pub fn PrintReport(props: &PrintReportProps) -> Html {
    let state = &props.state;
    let lang = state.lang;
    {
        let requested = props.requested.clone();
        use_effect_with(*props.requested, move |asked| {
            if *asked {
                crate::web::print();
                requested.set(false);
            }
        });
    }
    let Some(imported) = &state.imported else { return html! {} };
    let count = imported.roster.members.len() + imported.roster.members.unread.len();
    if count > PRINT_AUTO && !*props.requested {
        return html! {
            <p class="print-only" id="unit-print-pending">{ format!("{} ({count}).", rp(lang, Rp::UseButton)) }</p>
        };
    }
    html! {
        <Paper
            rules={state.rules.clone()}
            imported={imported.clone()}
            targets={state.target_results.clone()}
            year={state.review_year}
            lang={lang}
        />
    }
}

/// Percent text as the summary prints it (`66,67%`), for tests.
pub fn percent_text(count: u64, classified: u64, lang: Lang) -> String {
    xeploai::render::summary::percent(count, classified).map(|p| format!("{}%", p.display(lang, 2))).unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::pages::unit::state::{UnitAction, UnitSaved, UnitState, csv_file};
    use xeploai::input::TableKind;

    /// A roster of `n` members in two cells of one base organization, as a CSV text.
    fn roster(n: usize) -> (String, String) {
        let orgs = "Mã,Tên tổ chức,Cấp trên,Cơ sở\ndb,Đảng bộ Phường Một,,có\ncb1,Chi bộ 1,db,\ncb2,Chi bộ 2,db,\n";
        let mut members =
            String::from("Mã,Họ và tên,Chi bộ,Điểm nhóm tiêu chí chung,Điểm kết quả thực hiện nhiệm vụ\n");
        for i in 0..n {
            let points = 50 + (i % 50);
            members.push_str(&format!("dv{i:03},Người {i},cb{},28,{points}\n", 1 + i % 2));
        }
        (orgs.to_string(), members)
    }

    fn imported(n: usize, lang: Lang) -> UnitState {
        let (orgs, members) = roster(n);
        let rules = Rc::new(xeploai::builtin::load_default());
        let state = UnitState::new(rules, lang, UnitSaved::default())
            .apply(UnitAction::FileLoaded(csv_file("orgs.csv", TableKind::Organizations, &orgs)))
            .apply(UnitAction::FileLoaded(csv_file("members.csv", TableKind::Members, &members)));
        let run = state.job().expect("an import is due").run();
        state.apply(UnitAction::Imported { generation: state.generation, imported: Rc::new(run) })
    }

    #[test]
    fn the_paper_holds_every_member_under_a_heading() {
        let state = imported(120, Lang::Vi);
        let imported = state.imported.clone().unwrap();
        let report = paper_report(&state.rules, &imported, &[], Some(2026), Lang::Vi);
        assert_eq!(report.members.rows.len(), 120, "the whole roster, not a page of fifty");
        assert_eq!(report.unit_name.as_deref(), Some("Đảng bộ Phường Một"));
        assert!(report.review_line.contains("năm đánh giá 2026"), "{}", report.review_line);
        assert!(!report.members.headers.iter().any(|h| h == "Năm đánh giá"), "the year is in the heading, once");
        assert_eq!(report.orgs.as_ref().map(|o| o.rows.len()), Some(3));
        assert!(report.targets.is_none(), "no targets section without targets");
        let total = report.summary.iter().find(|r| r.total).unwrap();
        assert_eq!(total.counts.total, 120);
        assert_eq!(percent_text(14, 21, Lang::Vi), "66,67%", "a count and its share are two cells");
        assert_eq!(percent_text(1, 0, Lang::Vi), "");
        assert_eq!(number_text(89.5, Lang::Vi), "89,5");
        assert_eq!(number_text(90.0, Lang::En), "90");
    }
}
