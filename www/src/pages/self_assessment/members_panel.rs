use web_sys::{HtmlInputElement, HtmlSelectElement};
use yew::prelude::*;

use crate::i18n::{Key, t};
use crate::shared::Handle;
use crate::shared::state::{Action, MembersMode, RowField};

#[derive(Properties, PartialEq)]
pub struct MembersPanelProps {
    pub state: Handle,
}

/// For an organization: its members' levels (by count or as a list) and its sub-units' levels, feeding the
/// roll-up conditions, and the quota status among its members.
#[component]
pub fn MembersPanel(props: &MembersPanelProps) -> Html {
    let state = &props.state;
    let lang = state.lang();
    let rules = &state.rules;
    let members = &state.saved.members;
    let errors = &state.evaluation.errors;
    let mut keys: Vec<(String, String)> =
        rules.levels.iter().map(|l| (l.id.clone(), format!("{} ({})", l.name.get(lang), l.short))).collect();
    keys.push(("not_classified".into(), t(lang, Key::NotClassifiedCount).to_string()));
    keys.push(("referred".into(), t(lang, Key::ReferredCount).to_string()));

    let count_inputs = |prefix: &'static str, values: &std::collections::BTreeMap<String, String>| {
        html! {
            <div class="grid counts">
                { for keys.iter().map(|(key, label)| {
                    let id = format!("{prefix}-{key}");
                    let error = errors.get(&format!("{prefix}.{key}"));
                    let oninput = {
                        let state = state.clone();
                        let key = key.clone();
                        Callback::from(move |e: InputEvent| {
                            let text = e.target_unchecked_into::<HtmlInputElement>().value();
                            state.dispatch(if prefix == "members" {
                                Action::SetMemberCount { level: key.clone(), text }
                            } else {
                                Action::SetSubunitCount { level: key.clone(), text }
                            })
                        })
                    };
                    html! {
                        <div class={classes!("field", error.map(|_| "invalid"))}>
                            <label for={id.clone()}>{ label.clone() }</label>
                            <input id={id.clone()} type="text" inputmode="numeric" value={values.get(key).cloned().unwrap_or_default()}
                                aria-invalid={error.is_some().to_string()} {oninput} />
                            if let Some(error) = error { <p class="error" role="alert">{ error.get(lang) }</p> }
                        </div>
                    }
                }) }
            </div>
        }
    };

    let onmode = |mode: MembersMode| {
        let state = state.clone();
        Callback::from(move |_: Event| state.dispatch(Action::SetMembersMode(mode)))
    };
    let onadd = {
        let state = state.clone();
        Callback::from(move |_: MouseEvent| state.dispatch(Action::AddMemberRow))
    };
    let row_input = |index: usize, field: RowField| {
        let state = state.clone();
        Callback::from(move |e: InputEvent| {
            state.dispatch(Action::SetMemberRow {
                index,
                field,
                text: e.target_unchecked_into::<HtmlInputElement>().value(),
            })
        })
    };
    let row_level = |index: usize| {
        let state = state.clone();
        Callback::from(move |e: Event| {
            state.dispatch(Action::SetMemberRow {
                index,
                field: RowField::Level,
                text: e.target_unchecked_into::<HtmlSelectElement>().value(),
            })
        })
    };
    let row_remove = |index: usize| {
        let state = state.clone();
        Callback::from(move |_: MouseEvent| state.dispatch(Action::RemoveMemberRow(index)))
    };

    html! {
        <fieldset class="card members" id="members">
            <legend>{ t(lang, Key::Members) }</legend>
            <p class="help">{ t(lang, Key::MembersIntro) }</p>
            <div class="choice-row" role="radiogroup">
                <div class="choice">
                    <input type="radio" id="members-mode-count" name="members-mode" checked={members.mode == MembersMode::Count} onchange={onmode(MembersMode::Count)} />
                    <label for="members-mode-count">{ t(lang, Key::MembersByCount) }</label>
                </div>
                <div class="choice">
                    <input type="radio" id="members-mode-list" name="members-mode" checked={members.mode == MembersMode::List} onchange={onmode(MembersMode::List)} />
                    <label for="members-mode-list">{ t(lang, Key::MembersByList) }</label>
                </div>
            </div>
            if members.mode == MembersMode::Count {
                { count_inputs("members", &members.counts) }
            } else {
                <table class="member-list">
                    <caption class="visually-hidden">{ t(lang, Key::Candidates) }</caption>
                    <thead><tr>
                        <th scope="col">{ t(lang, Key::CandidateName) }</th>
                        <th scope="col">{ t(lang, Key::CandidateLevel) }</th>
                        <th scope="col">{ t(lang, Key::CandidateScore) }</th>
                        <th scope="col"><span class="visually-hidden">{ t(lang, Key::RemoveRow) }</span></th>
                    </tr></thead>
                    <tbody>
                        { for members.rows.iter().enumerate().map(|(index, row)| {
                            let error = errors.get(&format!("row.{index}"));
                            html! {
                                <tr>
                                    <td><input type="text" aria-label={format!("{} {}", t(lang, Key::CandidateName), index + 1)} value={row.name.clone()} oninput={row_input(index, RowField::Name)} /></td>
                                    <td>
                                        <select aria-label={format!("{} {}", t(lang, Key::CandidateLevel), index + 1)} onchange={row_level(index)}>
                                            { for keys.iter().map(|(key, label)| html! { <option value={key.clone()} selected={row.level == *key}>{ label.clone() }</option> }) }
                                        </select>
                                    </td>
                                    <td>
                                        <input type="text" inputmode="decimal" aria-label={format!("{} {}", t(lang, Key::CandidateScore), index + 1)}
                                            aria-invalid={error.is_some().to_string()} value={row.score.clone()} oninput={row_input(index, RowField::Score)} />
                                        if let Some(error) = error { <p class="error" role="alert">{ error.get(lang) }</p> }
                                    </td>
                                    <td><button type="button" class="link" onclick={row_remove(index)} aria-label={format!("{} {}", t(lang, Key::RemoveRow), index + 1)}>{ "×" }</button></td>
                                </tr>
                            }
                        }) }
                    </tbody>
                </table>
                <button type="button" id="add-member" onclick={onadd}>{ t(lang, Key::AddRow) }</button>
            }
            // The first heading in the inputs column (the rest are legends): h2 under the page's h1.
            <h2 class="subunits-title">{ t(lang, Key::Subunits) }</h2>
            <p class="help">{ t(lang, Key::SubunitsIntro) }</p>
            { count_inputs("subunits", &members.subunits) }
            if let Some(quota) = &state.evaluation.quota {
                <section class="quota" id="quota" aria-live="polite">
                    <h3>{ format!("{}: {}", t(lang, Key::Quota), quota.name.get(lang)) }</h3>
                    <dl class="quota-figures">
                        <dt>{ format!("{} ({})", t(lang, Key::QuotaGood), quota.good_short) }</dt><dd id="quota-good">{ quota.counts.good }</dd>
                        <dt>{ format!("{} ({})", t(lang, Key::QuotaCandidates), quota.level_short) }</dt><dd id="quota-candidates">{ quota.counts.candidates }</dd>
                        <dt>{ t(lang, Key::QuotaCap) }</dt>
                        <dd id="quota-cap">{ if quota.cap_after != quota.cap { format!("{} → {}", quota.cap, quota.cap_after) } else { quota.cap.to_string() } }</dd>
                        <dt>{ t(lang, Key::QuotaExcess) }</dt><dd id="quota-excess">{ quota.excess }</dd>
                    </dl>
                    if quota.excess == 0 {
                        <p>{ t(lang, Key::QuotaWithin) }</p>
                    } else if !quota.look_first.is_empty() {
                        <p id="quota-look-first">{ format!("{}: {}", t(lang, Key::QuotaLookFirst), quota.look_first.join(", ")) }</p>
                    }
                    <p class="help">{ t(lang, Key::QuotaNote) }</p>
                </section>
            }
        </fieldset>
    }
}
