//! decide: the decisions panel of unit mode: the basis of the counts, the local vote rule, every difference between
//! a declared level and the computed one with its reason, and the review's deadlines with their sources.

use web_sys::HtmlSelectElement;
use xeploai::decision::{Basis, VoteRule};
use yew::prelude::*;

use super::UnitHandle;
use super::decisions::DecideAction;
use crate::i18n::{Dec, dec};
use crate::pages::unit::state::{Selected, UnitAction};

#[derive(Properties, PartialEq)]
pub struct DecisionsPanelProps {
    pub state: UnitHandle,
}

#[component]
pub fn DecisionsPanel(props: &DecisionsPanelProps) -> Html {
    let state = &props.state;
    let lang = state.lang;
    let decisions = &state.decisions;
    let onbasis = {
        let state = state.clone();
        Callback::from(move |e: Event| {
            let value = e.target_unchecked_into::<HtmlSelectElement>().value();
            if let Some(basis) = Basis::parse(&value) {
                state.dispatch(UnitAction::Decide(DecideAction::SetBasis(basis)));
            }
        })
    };
    let onrule = {
        let state = state.clone();
        Callback::from(move |e: Event| {
            let value = e.target_unchecked_into::<HtmlSelectElement>().value();
            if let Some((_, rule)) = VoteRule::PRESETS.iter().find(|(id, _)| *id == value) {
                state.dispatch(UnitAction::Decide(DecideAction::SetRule(*rule)));
            }
        })
    };
    let records = state.imported.as_ref().map(|run| &run.roster.members);
    let fallbacks = state.basis_fallbacks();
    html! {
        <section class="card decisions" id="decisions">
            <h2>{ dec(lang, Dec::Title) }</h2>
            <p class="hint">{ dec(lang, Dec::Intro) }</p>
            if let Some(records) = records {
                <div class="field">
                    <label for="basis">{ dec(lang, Dec::Basis) }</label>
                    <select id="basis" onchange={onbasis}>
                        { for Basis::ALL.iter().map(|b| html! {
                            <option value={b.id()} selected={*b == decisions.basis}>{ b.short().get(lang).to_string() }</option>
                        }) }
                    </select>
                    if fallbacks > 0 {
                        <p class="hint" id="basis-fallbacks">{ format!("{fallbacks} {}", dec(lang, Dec::Fallbacks)) }</p>
                    }
                </div>
                <div class="field">
                    <label for="vote-rule">{ dec(lang, Dec::VoteRule) }</label>
                    <select id="vote-rule" onchange={onrule}>
                        { for VoteRule::PRESETS.iter().map(|(id, rule)| html! {
                            <option value={*id} selected={*rule == decisions.rule}>{ rule.short().get(lang).to_string() }</option>
                        }) }
                    </select>
                    <p class="hint" id="vote-rule-label">{ decisions.rule.label().get(lang).to_string() }</p>
                </div>
                if !decisions.unmatched.is_empty() {
                    <p class="notice" id="decisions-unmatched">
                        { format!("{} ({}): {}", dec(lang, Dec::Unmatched), decisions.unmatched.len(), decisions.unmatched.join(", ")) }
                    </p>
                }
                <h3>{ dec(lang, Dec::Differences) }</h3>
                if decisions.differences.is_empty() {
                    <p id="differences" aria-busy={state.recounting().then_some("true")}>{ dec(lang, Dec::NoDifferences) }</p>
                } else {
                    <ul id="differences" aria-busy={state.recounting().then_some("true")}>
                        { for decisions.differences.iter().map(|d| {
                            let member = d.member;
                            let onclick = {
                                let state = state.clone();
                                Callback::from(move |_: MouseEvent| state.dispatch(UnitAction::Select(Some(Selected::Member(member)))))
                            };
                            let record = records.record(member);
                            html! {
                                <li data-difference={record.id.to_string()}>
                                    <button type="button" class="link-text" onclick={onclick}>{ format!("{} {}", record.id, record.name) }</button>
                                    { format!(": {}", d.reason.get(lang)) }
                                </li>
                            }
                        }) }
                    </ul>
                }
            }
            <h3>{ dec(lang, Dec::Deadlines) }</h3>
            <ul id="deadlines">
                { for state.deadlines().into_iter().map(|d| html! {
                    <li><strong>{ d.date }</strong>{ format!(": {} ({})", d.what.get(lang), d.source) }</li>
                }) }
            </ul>
        </section>
    }
}

/// The basis the distribution, quota and targets below are counted on, named above them.
#[component]
pub fn BasisNote(props: &DecisionsPanelProps) -> Html {
    let state = &props.state;
    let lang = state.lang;
    if state.imported.is_none() {
        return html! {};
    }
    html! {
        <>
            <p class="basis-note" id="basis-note" data-basis={state.decisions.basis.id()}>
                { format!("{}: {}", dec(lang, Dec::Basis), state.decisions.basis.name().get(lang)) }
            </p>
            // While a decision or a basis is counted in steps (`recount_job.rs`), the results below are those before
            // it, marked busy.
            if state.recounting() {
                <p class="hint" id="recount-busy" role="status">{ super::recount_job::busy_note(lang) }</p>
            }
        </>
    }
}
