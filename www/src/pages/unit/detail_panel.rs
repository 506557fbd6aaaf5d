use yew::prelude::*;

use super::UnitHandle;
use super::member_decision::MemberDecision;
use crate::i18n::{U, u};
use crate::pages::unit::state::{Selected, UnitAction};
use crate::shared::SharedRules;
use crate::shared::explanation::ExplanationView;

#[derive(Properties, PartialEq)]
pub struct DetailPanelProps {
    pub state: UnitHandle,
}

/// The explanation of the member or organization opened from a table: the same view as the self-assessment.
#[component]
pub fn DetailPanel(props: &DetailPanelProps) -> Html {
    let state = &props.state;
    let lang = state.lang;
    let (Some(selected), Some(explanation), Some(imported)) = (state.selected, &state.detail, &state.imported) else {
        return html! {};
    };
    let (id, name) = match selected {
        Selected::Member(i) => {
            (imported.roster.members.record(i).id.to_string(), imported.roster.members.record(i).name.to_string())
        }
        Selected::Org(i) => {
            (imported.roster.orgs.record(i).id.to_string(), imported.roster.orgs.record(i).name.to_string())
        }
    };
    let level = explanation
        .level_name
        .as_ref()
        .map(|n| n.get(lang).to_string())
        .unwrap_or_else(|| explanation.decided_by.summary.get(lang).to_string());
    let onclose = {
        let state = state.clone();
        Callback::from(move |_: MouseEvent| state.dispatch(UnitAction::Select(None)))
    };
    html! {
        <section class="card detail" id="detail" aria-live="polite">
            <div class="detail-head">
                <h2>{ format!("{}: {id} {name}", u(lang, U::DetailTitle)) }</h2>
                <button type="button" id="detail-close" onclick={onclose}>{ u(lang, U::Close) }</button>
            </div>
            <p class="level" id="detail-level" data-level={explanation.level.clone().unwrap_or_default()}>{ level }</p>
            <p class="why">{ explanation.decided_by.summary.get(lang) }</p>
            if let Some(note) = &explanation.quota {
                <p class="quota-note" id="detail-quota" data-level={note.level.clone()}>{ note.text.get(lang).to_string() }</p>
            }
            if let Selected::Member(member) = selected {
                <MemberDecision state={state.clone()} member={member} />
            }
            <ExplanationView explanation={explanation.clone()} rules={SharedRules(state.rules.clone())} lang={lang} id="detail-explanation" />
        </section>
    }
}
