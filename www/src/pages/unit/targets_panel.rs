use web_sys::{HtmlInputElement, HtmlSelectElement};
use xeploai::targets::TargetStatus;
use yew::prelude::*;

use super::UnitHandle;
use crate::i18n::{U, u};
use crate::pages::unit::state::UnitAction;

#[derive(Properties, PartialEq)]
pub struct TargetsPanelProps {
    pub state: UnitHandle,
}

/// The unit's targets: checked against the roster's counts, or against figures typed in (a committee with only
/// totals gets the same checks), each with actual, pass/fail and margin, and reported percentages checked.
#[component]
pub fn TargetsPanel(props: &TargetsPanelProps) -> Html {
    let state = &props.state;
    let lang = state.lang;
    let rules = &state.rules;
    let onset = {
        let state = state.clone();
        Callback::from(move |e: Event| {
            state.dispatch(UnitAction::SetTargetSet(e.target_unchecked_into::<HtmlSelectElement>().value()))
        })
    };
    let typed = &state.saved.figures;
    let population_inputs = |population: &'static str, title: U| {
        let counts = typed.populations.get(population);
        let mut keys: Vec<(String, String)> = rules.levels.iter().map(|l| (l.id.clone(), l.short.clone())).collect();
        keys.push(("not_classified".into(), u(lang, U::NotClassified).to_string()));
        keys.push(("referred".into(), crate::i18n::r(lang, crate::i18n::R::Referred).to_string()));
        html! {
            <fieldset class="typed-population">
                <legend>{ u(lang, title) }</legend>
                <div class="grid counts">
                    { for keys.into_iter().map(|(key, label)| {
                        let id = format!("typed-{population}-{key}");
                        let oninput = {
                            let state = state.clone();
                            let key = key.clone();
                            Callback::from(move |e: InputEvent| state.dispatch(UnitAction::SetPopulationCount {
                                population: population.to_string(), level: key.clone(), text: e.target_unchecked_into::<HtmlInputElement>().value(),
                            }))
                        };
                        html! {
                            <div class="field">
                                <label for={id.clone()}>{ label }</label>
                                <input id={id} type="text" inputmode="numeric" value={counts.and_then(|c| c.get(&key)).cloned().unwrap_or_default()} {oninput} />
                            </div>
                        }
                    }) }
                </div>
            </fieldset>
        }
    };
    let figure_names: Vec<String> = state
        .targets
        .iter()
        .flat_map(|set| set.targets.iter())
        .flat_map(|t| t.figure.iter().chain(t.plan.iter()))
        .fold(Vec::new(), |mut names, name| {
            if !names.contains(name) {
                names.push(name.clone());
            }
            names
        });
    let onasof = {
        let state = state.clone();
        Callback::from(move |e: InputEvent| {
            state.dispatch(UnitAction::SetAsOf(e.target_unchecked_into::<HtmlInputElement>().value()))
        })
    };
    html! {
        <section class="card targets" id="targets" aria-busy={state.recounting().then_some("true")}>
            <h2>{ u(lang, U::TargetsTitle) }</h2>
            <div class="field inline">
                <label for="target-set">{ u(lang, U::TargetSet) }</label>
                <select id="target-set" onchange={onset}>
                    <option value="" selected={state.saved.target_set.is_empty()}>{ u(lang, U::NoTargetSet) }</option>
                    { for xeploai::builtin::TARGET_SETS.iter().map(|(id, _)| {
                        let name = state.targets.as_ref().filter(|_| state.saved.target_set == *id).map(|s| s.meta.name.get(lang).to_string()).unwrap_or_else(|| id.to_string());
                        html! { <option value={*id} selected={state.saved.target_set == *id}>{ name }</option> }
                    }) }
                </select>
            </div>
            if !state.target_results.is_empty() {
                <div class="scroll">
                    <table class="target-results">
                        <thead><tr>
                            <th scope="col">{ u(lang, U::TargetsTitle) }</th>
                            <th scope="col">{ u(lang, U::Required) }</th>
                            <th scope="col">{ u(lang, U::Actual) }</th>
                            <th scope="col">{ u(lang, U::Status) }</th>
                            <th scope="col">{ u(lang, U::Margin) }</th>
                            <th scope="col">{ u(lang, U::Reported) }</th>
                        </tr></thead>
                        <tbody>
                            { for state.target_results.iter().map(|r| {
                                let class = match r.status {
                                    TargetStatus::Pass => "pass",
                                    TargetStatus::Fail => "fail",
                                    TargetStatus::Pending => "pending",
                                    TargetStatus::NoData => "nodata",
                                };
                                let status = xeploai::render::targets::status_text(r.status, lang);
                                let report_id = format!("reported-{}", r.id);
                                let onreported = {
                                    let state = state.clone();
                                    let target = r.id.clone();
                                    Callback::from(move |e: InputEvent| state.dispatch(UnitAction::SetReported { target: target.clone(), text: e.target_unchecked_into::<HtmlInputElement>().value() }))
                                };
                                let reported_text = state.saved.figures.reported.get(&r.id).cloned().unwrap_or_default();
                                html! {
                                    <tr class={class} data-target={r.id.clone()}>
                                        <th scope="row">{ r.name.get(lang) }</th>
                                        <td class="bound" data-label={u(lang, U::Required)}>{ r.bound.get(lang) }</td>
                                        <td data-label={u(lang, U::Actual)}>{ r.summary.get(lang) }</td>
                                        <td class="status" data-label={u(lang, U::Status)}>{ status }</td>
                                        <td data-label={u(lang, U::Margin)}>{ xeploai::render::targets::margins_text(r, lang) }</td>
                                        <td data-label={u(lang, U::Reported)}>
                                            if r.percent {
                                                <input id={report_id.clone()} type="text" aria-label={format!("{}: {}", u(lang, U::Reported), r.name.get(lang))} value={reported_text} oninput={onreported} />
                                            }
                                            if let Some(check) = &r.reported { <span class={classes!("reported", (!check.matches).then_some("mismatch"))}>{ check.text.get(lang) }</span> }
                                        </td>
                                    </tr>
                                }
                            }) }
                        </tbody>
                    </table>
                </div>
            }
            if !state.target_diagnostics.is_empty() {
                <ul class="target-problems">
                    { for state.target_diagnostics.iter().map(|d| html! { <li>{ format!("{} [{}]", d.message.get(lang), d.code) }</li> }) }
                </ul>
            }
            <details class="typed" id="typed-figures" open={state.imported.is_none()}>
                <summary>{ u(lang, U::TypedTitle) }</summary>
                <p class="help">{ u(lang, U::TypedIntro) }</p>
                { population_inputs("base_organizations", U::BaseOrganizations) }
                { population_inputs("organizations", U::Organizations) }
                { population_inputs("members", U::ByCriteria) }
                <fieldset>
                    <legend>{ u(lang, U::Figure) }</legend>
                    <div class="grid">
                        <div class="field">
                            <label for="typed-as-of">{ u(lang, U::AsOf) }</label>
                            <input id="typed-as-of" type="text" value={typed.as_of.clone()} oninput={onasof} />
                        </div>
                        { for figure_names.into_iter().map(|name| {
                            let id = format!("typed-figure-{name}");
                            let oninput = {
                                let state = state.clone();
                                let name = name.clone();
                                Callback::from(move |e: InputEvent| state.dispatch(UnitAction::SetFigure { name: name.clone(), text: e.target_unchecked_into::<HtmlInputElement>().value() }))
                            };
                            html! {
                                <div class="field">
                                    <label for={id.clone()}>{ name.clone() }</label>
                                    <input id={id} type="text" inputmode="decimal" value={typed.values.get(&name).cloned().unwrap_or_default()} {oninput} />
                                </div>
                            }
                        }) }
                    </div>
                </fieldset>
            </details>
        </section>
    }
}
