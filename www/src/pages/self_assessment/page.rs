use yew::prelude::*;

use super::data_actions::DataActions;
use super::members_panel::MembersPanel;
use super::person_form::PersonForm;
use super::print_view::PrintView;
use super::profiles_panel::{ProfilesBar, YearsPanel};
use super::review_form::ReviewForm;
use crate::i18n::{Key, t};
use crate::shared::SharedRules;
use crate::shared::explanation::ExplanationView;
use crate::shared::list_table::ListTables;
use crate::shared::page_shell::Page;
use crate::shared::person::{PersonPageProps, person_facts, person_shell, person_subjects, use_person};
use crate::shared::result_panel::ResultPanel;

/// The self-assessment: the subject kind, the person, the facts, the result and why, live as one types.
#[component]
pub fn SelfAssessmentPage(props: &PersonPageProps) -> Html {
    let state = use_person(&props.initial, &props.notice, props.persist);
    // In an iframe with `?embed=1&origin=…`: facts from the embedding page in, results out (bridge.rs).
    crate::bridge::use_bridge(&state);
    let lang = state.lang();
    let rules = SharedRules(state.rules.clone());
    person_shell(
        &state,
        Page::SelfAssessment,
        html! {
            <main class="layout">
                <section class="inputs" aria-label={t(lang, Key::Facts)}>
                    // Saved profiles live in this device's storage, which an embedded page never touches.
                    if props.persist {
                        <ProfilesBar state={state.clone()} />
                    }
                    { person_subjects(&state) }
                    <PersonForm state={state.clone()} />
                    <ListTables state={state.clone()} />
                    { person_facts(&state) }
                    if props.persist {
                        <YearsPanel state={state.clone()} />
                    }
                    if state.is_collective() {
                        <MembersPanel state={state.clone()} />
                    }
                    <ReviewForm state={state.clone()} />
                </section>
                <section class="outputs" aria-label={t(lang, Key::Result)}>
                    <ResultPanel lang={lang} rules={rules.clone()} explanation={state.evaluation.explanation.clone()} />
                    <ExplanationView lang={lang} rules={rules} explanation={state.evaluation.explanation.clone()} />
                    <DataActions state={state.clone()} />
                </section>
            </main>
        },
        html! { <PrintView state={state.clone()} /> },
    )
}
