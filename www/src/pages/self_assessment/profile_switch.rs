use yew::prelude::*;

use super::profiles_panel::{ProfilesProps, open_selects, use_quarters_fact};
use super::steps::say;
use crate::i18n::{Key, t};

/// On the first page, whose profile and year is open and a switch between them; creating, renaming, the next year,
/// deleting, export and import are on the form's page (`form.html#profiles`), with the years.
#[component]
pub fn ProfileSwitch(props: &ProfilesProps) -> Html {
    let state = &props.state;
    let lang = state.lang();
    let book = crate::web::load_book(&state.saved);
    // The quarters, entered on the form's page, keep feeding their fact here too.
    use_quarters_fact(state, &book);
    html! {
        <section class="card profiles profile-switch" id="profiles" aria-labelledby="profiles-title">
            <h2 id="profiles-title" class="visually-hidden">{ t(lang, Key::ProfilesTitle) }</h2>
            { open_selects(state, &book, Callback::noop()) }
            <p class="help">
                <a href="form.html#profiles" id="profiles-manage">
                    { say(lang, "Thêm, đổi tên, sang năm sau, xoá, xuất và nhập hồ sơ; quý và các năm trước →", "Add, rename, next year, delete, export and import profiles; quarters and past years →") }
                </a>
            </p>
        </section>
    }
}
