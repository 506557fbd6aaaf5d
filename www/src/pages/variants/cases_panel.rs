use web_sys::HtmlTextAreaElement;
use yew::prelude::*;

use super::VariantsHandle;
use crate::i18n::{V, v};
use crate::pages::variants::state::VariantsAction;

/// How long typing must pause before the cases run again.
const CASES_PAUSE_MS: u64 = 250;

#[derive(Properties, PartialEq)]
pub struct CasesPanelProps {
    pub state: VariantsHandle,
}

/// The rule set's cases, passed or failed, run again after every edit; a cases file can be opened or pasted.
#[component]
pub fn CasesPanel(props: &CasesPanelProps) -> Html {
    let state = &props.state;
    let lang = state.lang;
    let pasted = use_node_ref();
    {
        // The cases run once typing pauses, so a keystroke only reloads the rule set and the person.
        let dispatcher = state.dispatcher();
        use_effect_with(state.edits, move |edit| {
            let edit = *edit;
            yew::platform::spawn_local(async move {
                yew::platform::time::sleep(std::time::Duration::from_millis(CASES_PAUSE_MS)).await;
                dispatcher.dispatch(VariantsAction::RunCases { edit });
            });
        });
    }
    let onupload = {
        let state = state.clone();
        Callback::from(move |e: Event| {
            let state = state.clone();
            crate::web::read_chosen_file(
                &e,
                move |source, text| state.dispatch(VariantsAction::SetCases { source, text }),
                |_| {},
            );
        })
    };
    let onrun = {
        let state = state.clone();
        let pasted = pasted.clone();
        Callback::from(move |_: MouseEvent| {
            if let Some(area) = pasted.cast::<HtmlTextAreaElement>() {
                let text = area.value();
                if !text.trim().is_empty() {
                    state.dispatch(VariantsAction::SetCases { source: "cases.toml".into(), text });
                    return;
                }
            }
            // Nothing pasted: run the cases already loaded again.
            if let (Some(source), Some(text)) = (&state.cases_source, &state.cases_text) {
                state.dispatch(VariantsAction::SetCases { source: source.clone(), text: (**text).clone() });
            }
        })
    };
    html! {
        <section class="card cases" aria-labelledby="cases-title">
            <h2 id="cases-title">{ v(lang, V::Cases) }</h2>
            <p class="help">{ v(lang, V::CasesIntro) }</p>
            if let Some(source) = &state.cases_source {
                <p class="muted">{ format!("{}: {source}", v(lang, V::CasesFile)) }</p>
            }
            <div id="cases-result" role="status" aria-live="polite">
                if let Some(view) = &state.cases {
                    <p id="cases-summary" data-stale={state.cases_stale.to_string()} data-failed={view.failed.to_string()} data-passed={view.passed.to_string()}
                        class={classes!("cases-summary", if view.failed == 0 { "ok" } else { "error" })}>
                        { format!("{} {}, {} {}", view.passed, v(lang, V::Passed), view.failed, v(lang, V::Failed)) }
                    </p>
                    // A scrolling list: focusable, so it scrolls by keyboard too.
                    <ul class="case-list" tabindex="0" aria-label={v(lang, V::Cases)}>
                        { for view.file_problems.iter().map(|d| html! { <li class="case fail">{ d.render(lang) }</li> }) }
                        { for view.cases.iter().map(|case| {
                            let passed = case.failures.is_empty();
                            html! {
                                <li id={format!("case-{}", case.id)} class={classes!("case", if passed { "pass" } else { "fail" })}>
                                    <span class="case-status">{ if passed { v(lang, V::Pass) } else { v(lang, V::Fail) } }</span>
                                    <code>{ &case.id }</code>
                                    { for case.failures.iter().map(|d| html! { <div class="case-failure">{ d.message.get(lang) }</div> }) }
                                </li>
                            }
                        }) }
                    </ul>
                } else {
                    <p class="muted">{ v(lang, V::CasesNone) }</p>
                }
            </div>
            <div class="buttons">
                <input type="file" id="cases-upload" class="file-input visually-hidden" accept=".toml,text/plain" onchange={onupload} />
                <label for="cases-upload" class="button">{ v(lang, V::CasesUpload) }</label>
            </div>
            <div class="field">
                <label for="cases-paste">{ v(lang, V::CasesPaste) }</label>
                <textarea id="cases-paste" ref={pasted} class="code" rows="4" spellcheck="false" />
            </div>
            <button type="button" id="cases-run" onclick={onrun}>{ v(lang, V::CasesRun) }</button>
        </section>
    }
}
