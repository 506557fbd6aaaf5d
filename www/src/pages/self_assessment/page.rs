use yew::prelude::*;

use super::level_bar::LevelBar;
use super::members_panel::MembersPanel;
use super::person_form::PersonForm;
use super::profile_switch::ProfileSwitch;
use super::steps::{Step, say, steps};
use crate::i18n::{Key, t};
use crate::shared::SharedRules;
use crate::shared::explanation::ExplanationView;
use crate::shared::list_table::ListTables;
use crate::shared::page_shell::Page;
use crate::shared::person::{PersonPageProps, person_facts, person_shell, person_subjects, use_person};
use crate::shared::result_panel::ResultPanel;

// The iframe's messages are only in the iframe's module (feature `page-frame`; main.js picks the module), so the
// first page loads without them.
#[cfg(feature = "page-frame")]
use crate::bridge::use_bridge as use_frame;

#[cfg(not(feature = "page-frame"))]
#[hook]
fn use_frame(_state: &crate::shared::Handle) {}

/// The self-assessment: the subject kind, the person, the facts, the result and why, live as one types. The
/// official form (Part A, print, Word), the profiles' management and the years are the second step, `form.html`.
#[component]
pub fn SelfAssessmentPage(props: &PersonPageProps) -> Html {
    let state = use_person(&props.initial, &props.notice, props.persist);
    // In an iframe with `?embed=1&origin=…`: facts from the embedding page in, results out (bridge.rs).
    use_frame(&state);
    let lang = state.lang();
    let rules = SharedRules(state.rules.clone());
    let form_code =
        state.rules.subjects[state.kind].form.clone().unwrap_or_else(|| state.form_kind().code().to_string());
    person_shell(
        &state,
        Page::SelfAssessment,
        html! {
            <>
                // An embedded page shows the calculation only: the form and the profiles live in this device's storage.
                if props.persist {
                    { steps(lang, Step::Level) }
                }
                <main class="layout">
                    <section class="inputs" aria-label={t(lang, Key::Facts)}>
                        <LevelBar lang={lang} rules={rules.clone()} explanation={state.evaluation.explanation.clone()} />
                        if props.persist {
                            <ProfileSwitch state={state.clone()} />
                        }
                        { person_subjects(&state) }
                        <PersonForm state={state.clone()} />
                        <ListTables state={state.clone()} />
                        { person_facts(&state) }
                        if state.is_collective() {
                            <MembersPanel state={state.clone()} />
                        }
                    </section>
                    <section class="outputs" aria-label={t(lang, Key::Result)}>
                        <ResultPanel lang={lang} rules={rules.clone()} explanation={state.evaluation.explanation.clone()} />
                        <ExplanationView lang={lang} rules={rules} explanation={state.evaluation.explanation.clone()} />
                        if props.persist {
                            <section class="card form-next" id="form-next">
                                <h2>{ format!("{} ({form_code})", t(lang, Key::FormTitle)) }</h2>
                                <p class="help">{ say(lang,
                                    "Phần A (tự kiểm điểm), phần B lấy từ kết quả trên, phụ lục nhiệm vụ; in khổ A4 hoặc tải tệp Word.",
                                    "Part A (the written review), Part B from the result above, the task annex; print on A4 or download as Word.") }</p>
                                <a class="button" href="form.html" id="form-open">{ say(lang, "Điền bản kiểm điểm →", "Fill in the review form →") }</a>
                            </section>
                        }
                    </section>
                </main>
            </>
        },
        html! {},
    )
}
