use yew::prelude::*;

use super::data_actions::DataActions;
use super::members_panel::MembersPanel;
use super::person_form::PersonForm;
use super::print_view::PrintView;
use crate::i18n::{Key, U, t, u};
use crate::shared::explanation::ExplanationPanel;
use crate::shared::fact_form::FactForm;
use crate::shared::notice_bar::NoticeBar;
use crate::shared::page_shell::Header;
use crate::shared::result_panel::ResultPanel;
use crate::shared::state::{Action, State};
use crate::shared::subject_picker::SubjectPicker;

/// The two pages of the app. Each is its own WebAssembly build (see the crate's features); they share the saved
/// data, so the language and the rule set follow from one page to the other.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Page {
    #[default]
    SelfAssessment,
    Unit,
}

#[derive(Properties, PartialEq)]
pub struct AppProps {
    /// The data to start from (loaded from this device's storage by the caller).
    pub initial: crate::shared::state::Saved,
    #[prop_or_default]
    pub notice: Option<crate::shared::state::Notice>,
    /// Save each change to this device's storage (off in component tests).
    #[prop_or(true)]
    pub persist: bool,
    #[prop_or_default]
    pub page: Page,
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
        // Every change is saved, and the write is checked: a failure is shown with the data to download. Nothing is
        // written while unreadable data that could not be set aside waits in memory (see `State::may_write`).
        let persist = props.persist;
        let dispatcher = state.dispatcher();
        use_effect_with((state.saved.clone(), state.may_write()), move |(saved, may_write)| {
            if persist && *may_write {
                dispatcher.dispatch(Action::Stored(crate::web::save(saved)));
            }
        });
    }
    {
        // Another tab saved: follow it, so this tab's next save does not wipe that tab's edits.
        let persist = props.persist;
        let dispatcher = state.dispatcher();
        use_effect_with((), move |_| {
            let listener = persist.then(|| {
                crate::web::on_storage_change(crate::shared::state::STORAGE_KEY, move |text| {
                    let Some(text) = text else { return };
                    match crate::shared::state::migrate(&text) {
                        Ok(saved) => dispatcher.dispatch(Action::ChangedElsewhere(saved)),
                        Err(error) => {
                            let set_aside = crate::web::set_aside(
                                crate::shared::state::STORAGE_KEY,
                                crate::shared::state::BACKUP_KEY,
                                text,
                                error.text(),
                            );
                            dispatcher
                                .dispatch(Action::Notify(crate::shared::state::Notice::StorageRecovered(set_aside)));
                        }
                    }
                })
            });
            move || drop(listener)
        });
    }
    // In an iframe with `?embed=1&origin=…`: facts from the embedding page in, results out (bridge.rs).
    crate::bridge::use_bridge(&state);
    {
        // Another bundled rule set than the default is fetched from this site when chosen (or remembered).
        let wanted = state.wants_rules().map(str::to_string);
        let state = state.clone();
        use_effect_with(wanted, move |wanted| {
            if let Some(id) = wanted.clone() {
                wasm_bindgen_futures::spawn_local(async move {
                    let text = crate::web::fetch_text(&format!("rules/{id}.toml")).await;
                    state.dispatch(Action::RuleSetFetched { id, text });
                });
            }
        });
    }
    {
        let lang = state.lang();
        use_effect_with(lang, move |lang| crate::web::set_document_lang(lang.code()));
    }
    let lang = state.lang();
    let page = props.page;
    let link = |target: Page, href: &'static str, id: &'static str, key: U| {
        html! {
            <a href={href} id={id} class="tab" aria-current={if page == target { "page" } else { "false" }}>{ u(lang, key) }</a>
        }
    };
    html! {
        <div class={classes!("root", if page == Page::Unit { "mode-unit" } else { "mode-self" })}>
            <div class="screen">
                <Header state={state.clone()} />
                <nav class="tabs" aria-label={u(lang, U::Modes)}>
                    { link(Page::SelfAssessment, "index.html", "tab-self", U::TabSelf) }
                    { link(Page::Unit, "unit.html", "tab-unit", U::TabUnit) }
                    <a href="variants.html" id="tab-variants" class="tab" aria-current="false">{ u(lang, U::TabVariants) }</a>
                </nav>
                <NoticeBar state={state.clone()} />
                if page == Page::Unit {
                    { unit_page(&state, props.persist) }
                } else {
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
                }
                <footer class="footer"><p>{ t(lang, Key::Privacy) }</p></footer>
            </div>
            if page == Page::SelfAssessment {
                <PrintView state={state.clone()} />
            }
        </div>
    }
}

#[cfg(feature = "page-unit")]
fn unit_page(state: &crate::shared::Handle, persist: bool) -> Html {
    html! {
        <crate::pages::unit::page::UnitPage
            rules={crate::shared::SharedRules(state.rules.clone())}
            lang={state.lang()}
            persist={persist}
            review_year={state.saved.review_year}
        />
    }
}

/// A build without unit mode links to the page that has it.
#[cfg(not(feature = "page-unit"))]
fn unit_page(_state: &crate::shared::Handle, _persist: bool) -> Html {
    html! {}
}
