use yew::prelude::*;

use super::data_actions::DataActions;
use super::members_panel::MembersPanel;
use super::person_form::PersonForm;
use super::print_view::PrintView;
use crate::i18n::{Key, t};
use crate::shared::SharedRules;
use crate::shared::explanation::ExplanationView;
use crate::shared::fact_form::FactForm;
use crate::shared::page_shell::{Page, PageShell};
use crate::shared::person::{person_controls, person_notice, use_person};
use crate::shared::result_panel::ResultPanel;
use crate::shared::state::{Action, Notice, Saved};
use crate::shared::subject_picker::SubjectPicker;

#[derive(Properties, PartialEq)]
pub struct SelfAssessmentPageProps {
    /// The data to start from (loaded from this device's storage by the caller).
    pub initial: Saved,
    #[prop_or_default]
    pub notice: Option<Notice>,
    /// Save each change to this device's storage (off in component tests).
    #[prop_or(true)]
    pub persist: bool,
}

/// The self-assessment: the subject kind, the person, the facts, the result and why, live as one types.
#[component]
pub fn SelfAssessmentPage(props: &SelfAssessmentPageProps) -> Html {
    let state = use_person(&props.initial, &props.notice, props.persist);
    // In an iframe with `?embed=1&origin=…`: facts from the embedding page in, results out (bridge.rs).
    crate::bridge::use_bridge(&state);
    let lang = state.lang();
    let rules = SharedRules(state.rules.clone());
    let onselect = {
        let state = state.clone();
        Callback::from(move |id: String| state.dispatch(Action::SetSubject(id)))
    };
    let oninput = {
        let state = state.clone();
        Callback::from(move |(fact, text): (String, String)| state.dispatch(Action::SetInput { fact, text }))
    };
    html! {
        <PageShell
            page={Page::SelfAssessment}
            lang={lang}
            title={t(lang, Key::AppTitle)}
            subtitle={t(lang, Key::AppSubtitle)}
            controls={person_controls(&state)}
            notice={person_notice(&state)}
            after={html! { <PrintView state={state.clone()} /> }}
        >
            <main class="layout">
                <section class="inputs" aria-label={t(lang, Key::Facts)}>
                    <SubjectPicker lang={lang} rules={rules.clone()} selected={state.saved.subject.clone()} {onselect} />
                    <PersonForm state={state.clone()} />
                    <FactForm
                        lang={lang}
                        form={state.form.clone()}
                        values={state.saved.inputs.get(&state.saved.subject).cloned().unwrap_or_default()}
                        errors={state.evaluation.errors.clone()}
                        {oninput}
                    />
                    if state.is_collective() {
                        <MembersPanel state={state.clone()} />
                    }
                </section>
                <section class="outputs" aria-label={t(lang, Key::Result)}>
                    <ResultPanel lang={lang} rules={rules.clone()} explanation={state.evaluation.explanation.clone()} />
                    <ExplanationView lang={lang} rules={rules} explanation={state.evaluation.explanation.clone()} />
                    <DataActions state={state.clone()} />
                </section>
            </main>
        </PageShell>
    }
}
