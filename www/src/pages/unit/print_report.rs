//! The unit's report on paper: the WHOLE roster (not the page of fifty the screen shows), under a heading (the
//! unit, the review year, the rule set and its version), with the summary by level (counts and percentages in
//! separate columns), the quota, the targets, the organizations, a date line and the signature blocks.
//! It is print-only (the screen hides it, paper shows nothing else of the page) and holds no form controls.
//! Its tables are the sheets of the exported report (arranged by `paper.rs`), so paper, CSV and XLSX cannot
//! drift apart.
//! A roster of more than [`PRINT_AUTO`] members is laid out only when the print button asks, so typing in the
//! filters of a large unit does not lay out a hundred thousand rows each time.

use std::rc::Rc;

use xeploai::report::{Cell, Sheet};
use xeploai::targets::TargetResult;
use xeploai::{Lang, RuleSet};
use yew::prelude::*;

use super::UnitHandle;
use super::paper::{PaperReport, number_text, paper_report, percent_text};
use super::state::Imported;
use crate::i18n::{Rp, rp};

/// Rosters up to this many members are always laid out for print (Ctrl+P works); larger ones on request.
pub const PRINT_AUTO: usize = 3_000;

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
    let percent = |count: u64, classified: u64| percent_text(count, classified, lang);
    let grouped = |n: u64| crate::i18n::count(n as usize, lang);
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
                            <td class="num">{ grouped(d.total) }</td>
                            <td class="num">{ grouped(classified) }</td>
                            { for d.levels.iter().map(|c| html! {
                                <>
                                    <td class="num">{ grouped(*c) }</td>
                                    <td class="num">{ percent(*c, classified) }</td>
                                </>
                            }) }
                            <td class="num">{ grouped(row.not_classified()) }</td>
                            <td class="num">{ grouped(row.pending()) }</td>
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
