//! decide: one member's levels at the three steps (self-proposed, the cell's proposal, the decision), the cell's
//! vote on her under the local rule, and what it suggests; shown in the detail panel.

use web_sys::{HtmlInputElement, HtmlSelectElement};
use xeploai::decision::Stage;
use xeploai::unit::NO_LEVEL;
use yew::prelude::*;

use super::UnitHandle;
use super::decisions::{DecideAction, TallyField};
use crate::i18n::{Dec, dec};
use crate::pages::unit::state::UnitAction;

#[derive(Properties, PartialEq)]
pub struct MemberDecisionProps {
    pub state: UnitHandle,
    pub member: usize,
}

#[component]
pub fn MemberDecision(props: &MemberDecisionProps) -> Html {
    let state = &props.state;
    let member = props.member;
    let lang = state.lang;
    let declared = state.declared(member);
    let tally = state.tally(member);
    let suggestion = state.suggestion(member);
    let select = |stage: Stage, id: &'static str| {
        let onchange = {
            let state = state.clone();
            Callback::from(move |e: Event| {
                let value = e.target_unchecked_into::<HtmlSelectElement>().value();
                let level = value.parse::<u8>().unwrap_or(NO_LEVEL);
                state.dispatch(UnitAction::Decide(DecideAction::SetDeclared { member, stage, level }));
            })
        };
        let current = declared.at(stage);
        html! {
            <div class="field">
                <label for={id}>{ stage.header().get(lang).to_string() }</label>
                <select id={id} onchange={onchange}>
                    <option value="" selected={current == NO_LEVEL}>{ dec(lang, Dec::None) }</option>
                    { for state.rules.levels.iter().enumerate().map(|(i, l)| html! {
                        <option value={i.to_string()} selected={current as usize == i}>{ format!("{} ({})", l.name.get(lang), l.short) }</option>
                    }) }
                </select>
            </div>
        }
    };
    let number = |field: TallyField, id: String, label: String, value: u32| {
        let oninput = {
            let state = state.clone();
            Callback::from(move |e: InputEvent| {
                let text = e.target_unchecked_into::<HtmlInputElement>().value();
                state.dispatch(UnitAction::Decide(DecideAction::SetTally { member, field, text }));
            })
        };
        html! {
            <div class="field tally-field">
                <label for={id.clone()}>{ label }</label>
                <input id={id} type="number" min="0" inputmode="numeric" value={value.to_string()} oninput={oninput} />
            </div>
        }
    };
    let onuse = {
        let state = state.clone();
        Callback::from(move |_: MouseEvent| state.dispatch(UnitAction::Decide(DecideAction::UseSuggestion(member))))
    };
    html! {
        <div class="member-decision" id="member-decision">
            <h3>{ dec(lang, Dec::Declared) }</h3>
            <div class="filters">
                { select(Stage::SelfProposed, "declared-self") }
                { select(Stage::Proposal, "declared-proposal") }
                { select(Stage::Decision, "declared-decision") }
            </div>
            <h3>{ dec(lang, Dec::Tally) }</h3>
            <p class="hint">{ state.decisions.rule.label().get(lang).to_string() }</p>
            <div class="filters">
                { number(TallyField::Official, "tally-official".into(), dec(lang, Dec::Official).into(), tally.official) }
                { number(TallyField::Issued, "tally-issued".into(), dec(lang, Dec::Issued).into(), tally.issued) }
                { number(TallyField::Valid, "tally-valid".into(), dec(lang, Dec::Valid).into(), tally.valid) }
                { for state.rules.levels.iter().enumerate().map(|(i, l)| number(
                    TallyField::Level(i),
                    format!("tally-{}", l.id),
                    format!("{} {}", dec(lang, Dec::VotesFor), l.short),
                    tally.votes.get(i).copied().unwrap_or(0),
                )) }
            </div>
            <p id="tally-suggestion" data-level={suggestion.level.map(|l| state.level_short(l)).unwrap_or_default()}>
                { format!("{}: {}", dec(lang, Dec::Suggested), suggestion.reason.get(lang)) }
            </p>
            if !suggestion.problems.is_empty() {
                <ul class="problems" id="tally-problems">
                    { for suggestion.problems.iter().map(|p| html! { <li>{ p.get(lang).to_string() }</li> }) }
                </ul>
            }
            <button type="button" id="use-suggestion" disabled={suggestion.level.is_none()} onclick={onuse}>{ dec(lang, Dec::UseSuggestion) }</button>
        </div>
    }
}
