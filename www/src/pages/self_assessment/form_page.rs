use yew::prelude::*;

use super::data_actions::DataActions;
use super::print_view::PrintView;
use super::profiles_panel::{ProfilesBar, YearsPanel};
use super::review_form::ReviewForm;
use super::steps::{Step, steps};
use crate::i18n::{Key, t};
use crate::shared::SharedRules;
use crate::shared::explanation::ExplanationView;
use crate::shared::page_shell::Page;
use crate::shared::person::{PersonPageProps, person_shell, use_person};
use crate::shared::result_panel::ResultPanel;

/// The self-assessment's second step (`form.html`, feature `page-form`): the official form (Part A as typed, Part B
/// and the annex from the result, print on A4, Word), the profiles and their years, and the person's data
/// (export, import, clear). The same stored document as the first page: a change in either shows in the other.
#[component]
pub fn FormPage(props: &PersonPageProps) -> Html {
    let state = use_person(&props.initial, &props.notice, props.persist);
    let lang = state.lang();
    let rules = SharedRules(state.rules.clone());
    person_shell(
        &state,
        Page::Form,
        html! {
            <>
                { steps(lang, Step::Form) }
                <main class="layout form-page">
                    <section class="inputs" aria-label={t(lang, Key::FormTitle)}>
                        <ReviewForm state={state.clone()} />
                    </section>
                    <section class="outputs" aria-label={t(lang, Key::Result)}>
                        <ResultPanel lang={lang} rules={rules.clone()} explanation={state.evaluation.explanation.clone()} />
                        if props.persist {
                            <ProfilesBar state={state.clone()} />
                            <YearsPanel state={state.clone()} />
                        }
                        <DataActions state={state.clone()} />
                        <ExplanationView lang={lang} rules={rules} explanation={state.evaluation.explanation.clone()} />
                    </section>
                </main>
            </>
        },
        html! { <PrintView state={state.clone()} /> },
    )
}
