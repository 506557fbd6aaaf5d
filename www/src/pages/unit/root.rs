use yew::prelude::*;

use super::page::UnitPage;
use crate::i18n::{Key, t};
use crate::shared::SharedRules;
use crate::shared::page_shell::{Page, PageShell};
use crate::shared::person::{person_controls, person_notice, use_person};
use crate::shared::state::{Notice, Saved};

#[derive(Properties, PartialEq)]
pub struct UnitRootProps {
    /// The person's data, for the language, the rule set and the review year the pages share.
    pub initial: Saved,
    #[prop_or_default]
    pub notice: Option<Notice>,
    /// Read and write this device's storage (off in component tests).
    #[prop_or(true)]
    pub persist: bool,
}

/// The unit page as mounted: the header and tabs over the rule set, year and language every page shares, and the
/// unit's own state below.
#[component]
pub fn UnitRoot(props: &UnitRootProps) -> Html {
    let state = use_person(&props.initial, &props.notice, props.persist);
    let lang = state.lang();
    html! {
        <PageShell
            page={Page::Unit}
            lang={lang}
            title={t(lang, Key::AppTitle)}
            subtitle={t(lang, Key::AppSubtitle)}
            controls={person_controls(&state)}
            notice={person_notice(&state)}
        >
            <UnitPage
                rules={SharedRules(state.rules.clone())}
                lang={lang}
                persist={props.persist}
                review_year={state.saved.review_year}
            />
        </PageShell>
    }
}
