use xeploai::explain::ResultStatus;
use yew::prelude::*;

use crate::i18n::{Key, t};
use crate::shared::Handle;

#[derive(Properties, PartialEq)]
pub struct PrintViewProps {
    pub state: Handle,
}

/// The one-page A4 summary, shown only when printing: the sections a Mẫu 2A/2B/2C self-assessment needs (facts,
/// points, proposed level, reasons).
#[component]
pub fn PrintView(props: &PrintViewProps) -> Html {
    let state = &props.state;
    let lang = state.lang();
    let rules = &state.rules;
    let explanation = &state.evaluation.explanation;
    let subject = &rules.subjects[state.kind];
    let person = &state.saved.person;
    let proposed = match explanation.status {
        ResultStatus::Classified => {
            explanation.level_name.as_ref().map(|n| n.get(lang).to_string()).unwrap_or_default()
        }
        ResultStatus::NotClassified => t(lang, Key::NotClassified).to_string(),
        ResultStatus::Referred => t(lang, Key::Referred).to_string(),
        ResultStatus::Invalid => t(lang, Key::Invalid).to_string(),
        ResultStatus::Incomplete => t(lang, Key::Incomplete).to_string(),
        ResultStatus::Failed => t(lang, Key::Failed).to_string(),
    };
    let summary = state.print_summary();
    html! {
        <article class="print-only print-sheet" aria-hidden="true">
            <header>
                <p class="print-form">{ subject.form.clone().unwrap_or_default() }</p>
                <h1>{ t(lang, Key::PrintTitle) }</h1>
                <p>{ format!("{}: {}", t(lang, Key::Year), person.year) }</p>
                <p>{ format!("{}: {} — {}: {} — {}: {}", t(lang, Key::PersonName), person.name, t(lang, Key::PersonPosition), person.position, t(lang, Key::PersonUnit), person.unit) }</p>
                <p class="muted">{ format!("{}: {} ({})", t(lang, Key::RuleSet), rules.name.get(lang), subject.name.get(lang)) }</p>
                <p class="muted" id="print-review">{ summary.review.clone() }</p>
            </header>
            <h2>{ t(lang, Key::PrintFacts) }</h2>
            <table class="print-facts">
                <tbody>
                    { for summary.facts.iter().map(|(label, value)| html! { <tr><th scope="row">{ label.clone() }</th><td>{ value.clone() }</td></tr> }) }
                </tbody>
            </table>
            <h2>{ t(lang, Key::PrintPoints) }</h2>
            if let Some(score) = &explanation.score {
                <p>
                    { for score.parts.iter().map(|p| format!("{}: {}{}; ", p.name.get(lang), p.value.map(|v| v.display(lang, 2)).unwrap_or_else(|| "—".into()), p.max.map(|m| format!("/{}", m.display(lang, 2))).unwrap_or_default())) }
                    <strong>{ format!("{}: {}/{}", t(lang, Key::Score), score.total.map(|v| v.display(lang, 2)).unwrap_or_else(|| "—".into()), score.max.display(lang, 2)) }</strong>
                </p>
            }
            <h2>{ t(lang, Key::PrintProposed) }</h2>
            <p class="print-level">{ proposed }</p>
            <h2>{ t(lang, Key::PrintReasons) }</h2>
            <p>{ explanation.decided_by.summary.get(lang) }</p>
            <ul class="print-reasons">{ for summary.reasons.into_iter().map(|r| html! { <li>{ r }</li> }) }</ul>
            <footer class="print-signature">
                <p>{ t(lang, Key::PrintDate) }</p>
                <p>{ t(lang, Key::PrintSignature) }</p>
            </footer>
        </article>
    }
}
