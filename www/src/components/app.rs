use yew::prelude::*;

use super::data_actions::DataActions;
use super::explanation::ExplanationPanel;
use super::fact_form::FactForm;
use super::header::Header;
use super::members_panel::MembersPanel;
use super::notice_bar::NoticeBar;
use super::person_form::PersonForm;
use super::print_view::PrintView;
use super::result_panel::ResultPanel;
use super::subject_picker::SubjectPicker;
use crate::i18n::{Key, t};
use crate::state::{Action, State};

#[derive(Properties, PartialEq)]
pub struct AppProps {
    /// The data to start from (loaded from this device's storage by the caller).
    pub initial: crate::state::Saved,
    #[prop_or_default]
    pub notice: Option<crate::state::Notice>,
    /// Save each change to this device's storage (off in component tests).
    #[prop_or(true)]
    pub persist: bool,
}

#[component]
pub fn App(props: &AppProps) -> Html {
    let state = {
        let initial = props.initial.clone();
        let notice = props.notice.clone();
        use_reducer_eq(move || {
            let state = State::new(initial);
            match notice {
                Some(notice) => state.apply(Action::Notify(notice)),
                None => state,
            }
        })
    };
    {
        let persist = props.persist;
        use_effect_with(state.saved.clone(), move |saved| {
            if persist {
                crate::web::save(saved);
            }
        });
    }
    {
        let lang = state.lang();
        use_effect_with(lang, move |lang| crate::web::set_document_lang(lang.code()));
    }
    let lang = state.lang();
    html! {
        <>
            <div class="screen">
                <Header state={state.clone()} />
                <NoticeBar state={state.clone()} />
                <main class="layout">
                    <section class="inputs" aria-label={t(lang, Key::Facts)}>
                        <SubjectPicker state={state.clone()} />
                        <PersonForm state={state.clone()} />
                        <FactForm state={state.clone()} />
                        if state.is_collective() {
                            <MembersPanel state={state.clone()} />
                        }
                    </section>
                    <section class="outputs" aria-label={t(lang, Key::Result)}>
                        <ResultPanel state={state.clone()} />
                        <ExplanationPanel state={state.clone()} />
                        <DataActions state={state.clone()} />
                    </section>
                </main>
                <footer class="footer"><p>{ t(lang, Key::Privacy) }</p></footer>
            </div>
            <PrintView state={state.clone()} />
        </>
    }
}
