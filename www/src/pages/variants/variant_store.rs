use web_sys::{HtmlInputElement, HtmlSelectElement};
use yew::prelude::*;

use super::VariantsHandle;
use crate::i18n::{V, v};
use crate::pages::variants::state::{Origin, VariantsAction};

/// Open a bundled rule set: the default is in the page, another is fetched from this site.
pub fn open_builtin(state: VariantsHandle, id: String) {
    state.dispatch(VariantsAction::Fetching(id.clone()));
    wasm_bindgen_futures::spawn_local(async move {
        let text = if id == xeploai::builtin::DEFAULT {
            Ok(xeploai::builtin::DEFAULT_TEXT.to_string())
        } else {
            crate::web::fetch_text(&format!("rules/{id}.toml")).await
        };
        match text {
            Ok(text) => state.dispatch(VariantsAction::Open { origin: Origin::Builtin(id.clone()), text }),
            Err(reason) => state.dispatch(VariantsAction::Message(Some(xeploai::Text::new(
                format!("Không tải được rules/{id}.toml: {reason}"),
                format!("rules/{id}.toml could not be fetched: {reason}"),
            )))),
        }
    });
}

#[derive(Properties, PartialEq)]
pub struct VariantStoreProps {
    pub state: VariantsHandle,
}

/// Which rule set is open and where it came from; save it under a name, rename or delete saved variants, download
/// and upload `.toml` files, make a share link.
#[component]
pub fn VariantStore(props: &VariantStoreProps) -> Html {
    let state = &props.state;
    let lang = state.lang;
    let share_link = use_state(|| None::<String>);
    let copied = use_state(|| None::<bool>);
    let renaming = use_state(|| None::<String>);
    let rename_to = use_state(String::new);
    let deleting = use_state(|| None::<String>);
    let onbase = {
        let state = state.clone();
        let share_link = share_link.clone();
        Callback::from(move |e: Event| {
            let value = e.target_unchecked_into::<HtmlSelectElement>().value();
            share_link.set(None);
            if let Some(id) = value.strip_prefix("builtin:") {
                open_builtin(state.clone(), id.to_string());
            } else if let Some(variant) =
                value.strip_prefix("saved:").and_then(|name| state.variants.iter().find(|v| v.name == name))
            {
                let origin = Origin::Saved(variant.name.clone());
                state.dispatch(VariantsAction::Open { origin, text: variant.text.clone() });
            }
        })
    };
    let onname = {
        let state = state.clone();
        Callback::from(move |e: InputEvent| {
            state.dispatch(VariantsAction::SetName(e.target_unchecked_into::<HtmlInputElement>().value()))
        })
    };
    let onsave = {
        let state = state.clone();
        Callback::from(move |e: SubmitEvent| {
            e.prevent_default();
            state.dispatch(VariantsAction::Save { at: crate::web::now_iso() });
        })
    };
    let ondownload = {
        let state = state.clone();
        Callback::from(move |_: MouseEvent| {
            let name = match &state.origin {
                Origin::Saved(name) => xeploai::input::fold(name).replace(' ', "-"),
                _ => state.rules.as_ref().map(|r| r.0.id.clone()).unwrap_or_else(|| "bo-tieu-chi".into()),
            };
            crate::web::download_toml(&format!("{name}.toml"), &state.text);
        })
    };
    let onupload = {
        let state = state.clone();
        Callback::from(move |e: Event| {
            let state = state.clone();
            crate::web::read_chosen_file(
                &e,
                move |name, text| state.dispatch(VariantsAction::Open { origin: Origin::File(name), text }),
                |_| {},
            );
        })
    };
    let onshare = {
        let state = state.clone();
        let share_link = share_link.clone();
        let copied = copied.clone();
        Callback::from(move |_: MouseEvent| {
            let text = state.share_text().to_string();
            let share_link = share_link.clone();
            let copied = copied.clone();
            let state = state.clone();
            wasm_bindgen_futures::spawn_local(async move {
                match crate::web::share_code(&text).await {
                    Ok(code) => {
                        copied.set(None);
                        share_link.set(Some(format!("{}#rs={code}", crate::web::location_parts().0)))
                    }
                    Err(reason) => state.dispatch(VariantsAction::Message(Some(xeploai::Text::new(
                        format!("Không tạo được liên kết: {reason}"),
                        format!("The link could not be made: {reason}"),
                    )))),
                }
            });
        })
    };
    let oncopy = {
        let share_link = share_link.clone();
        let copied = copied.clone();
        Callback::from(move |_: MouseEvent| {
            let Some(link) = (*share_link).clone() else { return };
            let copied = copied.clone();
            wasm_bindgen_futures::spawn_local(async move { copied.set(Some(crate::web::copy_text(&link).await)) });
        })
    };
    let modified = state.saved_text().is_some_and(|saved| saved != state.text.as_str());
    let badge = match &state.origin {
        Origin::Link | Origin::File(_) => html! {
            <p id="not-official" class="badge warning" role="status">
                <strong>{ v(lang, V::NotOfficial) }</strong>{ " — " }{ v(lang, V::NotOfficialHelp) }
            </p>
        },
        Origin::Saved(name) => html! {
            <p id="origin" class="muted">{ format!("{}: {name}{}", v(lang, V::SavedVariant), if modified { format!(" ({})", v(lang, V::Modified)) } else { String::new() }) }</p>
        },
        Origin::Builtin(_) => html! {},
    };
    let official = state.rules.as_ref().is_some_and(|r| r.0.official);
    let edits = (!state.user_edits.is_empty()).then(|| {
        let base = state.rules.as_ref().map(|r| r.0.id.clone()).unwrap_or_default();
        html! {
            <div id="edited-rules" class="notice warning" role="status"><div>
                <p><strong>{ v(lang, V::NotOfficial) }</strong>{ " — " }{ format!("{} {base} ({}):", lang.pick("đã sửa so với văn bản", "changed from the text of"), lang.pick("do người dùng sửa", "changed by the user")) }</p>
                <ul>
                    { for state.user_edits.iter().map(|edit| html! {
                        <li data-rule={edit.id.clone()} data-list={edit.list}>{ edit.describe().get(lang).to_string() }</li>
                    }) }
                </ul>
            </div></div>
        }
    });
    let selected = state.origin.key();
    html! {
        <section class="card store" aria-labelledby="store-title">
            <h2 id="store-title">{ v(lang, V::Variants) }</h2>
            <div class="field">
                <label for="base">{ v(lang, V::Base) }</label>
                <select id="base" onchange={onbase}>
                    if selected.is_empty() {
                        <option value="" selected=true disabled=true>{ v(lang, V::FromLinkOrFile) }</option>
                    }
                    { rule_set_options(lang, &state.variants, &selected) }
                </select>
                if let Some(id) = &state.loading {
                    <span class="muted" role="status">{ format!("{} {id}", v(lang, V::Loading)) }</span>
                }
            </div>
            { badge }
            <p id="official-status" data-official={official.to_string()} class={classes!("badge", (!official).then_some("warning"))}>
                { if official { lang.pick("Văn bản chính thức, chưa sửa", "The official text, unchanged") } else { lang.pick("Không chính thức", "Not official") } }
            </p>
            { for edits }
            <form class="save-row" onsubmit={onsave}>
                <div class="field">
                    <label for="variant-name">{ v(lang, V::VariantName) }</label>
                    <input type="text" id="variant-name" value={state.name.clone()} oninput={onname} />
                </div>
                <button type="submit" id="save-variant">{ v(lang, V::Save) }</button>
            </form>
            if let Some(message) = &state.message {
                <p id="store-message" role="status" aria-live="polite">{ message.get(lang) }</p>
            }
            <div class="buttons">
                <button type="button" id="download-toml" onclick={ondownload}>{ v(lang, V::Download) }</button>
                <input type="file" id="upload-toml" class="file-input visually-hidden" accept=".toml,text/plain" onchange={onupload} />
                <label for="upload-toml" class="button">{ v(lang, V::Upload) }</label>
                <button type="button" id="share" onclick={onshare}>{ v(lang, V::Share) }</button>
            </div>
            if let Some(link) = &*share_link {
                <div class="field">
                    <label for="share-link">{ v(lang, V::ShareLink) }</label>
                    <div class="share-row">
                        <input type="text" id="share-link" readonly=true value={link.clone()} aria-describedby="share-length" onfocus={Callback::from(|e: FocusEvent| e.target_unchecked_into::<HtmlInputElement>().select())} />
                        <button type="button" id="share-copy" onclick={oncopy}>{ lang.pick("Sao chép", "Copy") }</button>
                    </div>
                    <p id="share-length" class="help" data-length={link.chars().count().to_string()}>{ link_length(link.chars().count(), lang) }</p>
                    if let Some(copied) = *copied {
                        <p id="share-copied" role="status">{ if copied { lang.pick("Đã chép liên kết.", "The link is copied.") } else { lang.pick("Trình duyệt không cho chép: hãy chép từ ô trên (đã chọn sẵn).", "The browser did not allow copying: copy it from the field above (selected).") } }</p>
                    }
                    <p class="help">{ v(lang, V::ShareHelp) }</p>
                </div>
            }
            if state.variants.is_empty() {
                <p class="muted">{ v(lang, V::NoVariants) }</p>
            } else {
                <ul id="variants" class="variant-list">
                    { for state.variants.iter().map(|variant| {
                        let name = variant.name.clone();
                        let onrename = {
                            let renaming = renaming.clone();
                            let rename_to = rename_to.clone();
                            let name = name.clone();
                            Callback::from(move |_: MouseEvent| {
                                rename_to.set(name.clone());
                                renaming.set(Some(name.clone()));
                            })
                        };
                        let ondelete = {
                            let deleting = deleting.clone();
                            let name = name.clone();
                            Callback::from(move |_: MouseEvent| deleting.set(Some(name.clone())))
                        };
                        let rename_form = (renaming.as_deref() == Some(name.as_str())).then(|| {
                            let onsubmit = {
                                let state = state.clone();
                                let renaming = renaming.clone();
                                let rename_to = rename_to.clone();
                                let from = name.clone();
                                Callback::from(move |e: SubmitEvent| {
                                    e.prevent_default();
                                    state.dispatch(VariantsAction::Rename { from: from.clone(), to: (*rename_to).clone() });
                                    renaming.set(None);
                                })
                            };
                            let oninput = {
                                let rename_to = rename_to.clone();
                                Callback::from(move |e: InputEvent| rename_to.set(e.target_unchecked_into::<HtmlInputElement>().value()))
                            };
                            html! {
                                <form class="inline-form" {onsubmit}>
                                    <label for="rename-to">{ v(lang, V::RenameTo) }</label>
                                    <input type="text" id="rename-to" value={(*rename_to).clone()} {oninput} />
                                    <button type="submit" id="rename-ok">{ "OK" }</button>
                                </form>
                            }
                        });
                        let confirm_delete = (deleting.as_deref() == Some(name.as_str())).then(|| {
                            let onyes = {
                                let state = state.clone();
                                let deleting = deleting.clone();
                                let name = name.clone();
                                Callback::from(move |_: MouseEvent| {
                                    state.dispatch(VariantsAction::Delete(name.clone()));
                                    deleting.set(None);
                                })
                            };
                            let onno = {
                                let deleting = deleting.clone();
                                Callback::from(move |_: MouseEvent| deleting.set(None))
                            };
                            html! {
                                <div class="confirm" role="alertdialog" aria-label={v(lang, V::Delete)}>
                                    <button type="button" class="danger" id="delete-yes" onclick={onyes}>{ v(lang, V::Delete) }</button>
                                    <button type="button" onclick={onno}>{ lang.pick("Giữ lại", "Keep") }</button>
                                </div>
                            }
                        });
                        html! {
                            <li class="variant">
                                <span class="variant-name">{ &variant.name }</span>
                                <span class="muted">{ format!(" {} {}", v(lang, V::SavedAt), variant.saved_at.get(..16).unwrap_or(&variant.saved_at).replace('T', " ")) }</span>
                                <button type="button" class="small" onclick={onrename} aria-label={format!("{} {}", v(lang, V::Rename), variant.name)}>{ v(lang, V::Rename) }</button>
                                <button type="button" class="small danger" onclick={ondelete} aria-label={format!("{} {}", v(lang, V::Delete), variant.name)}>{ v(lang, V::Delete) }</button>
                                { for rename_form }
                                { for confirm_delete }
                            </li>
                        }
                    }) }
                </ul>
            }
        </section>
    }
}

/// The bundled rule sets and the saved variants as options (`builtin:<id>`, `saved:<name>`), `selected` marked.
pub fn rule_set_options(
    lang: xeploai::Lang,
    variants: &[crate::pages::variants::state::Variant],
    selected: &str,
) -> Html {
    html! {
        <>
            <optgroup label={v(lang, V::BuiltIn)}>
                { for xeploai::builtin::CATALOG.iter().map(|entry| {
                    let key = format!("builtin:{}", entry.id);
                    html! { <option value={key.clone()} selected={key == selected}>{ entry.name(lang) }</option> }
                }) }
            </optgroup>
            if !variants.is_empty() {
                <optgroup label={v(lang, V::SavedGroup)}>
                    { for variants.iter().map(|variant| {
                        let key = format!("saved:{}", variant.name);
                        html! { <option value={key.clone()} selected={key == selected}>{ &variant.name }</option> }
                    }) }
                </optgroup>
            }
        </>
    }
}

/// How long a share link is, and where a long one may not fit.
fn link_length(chars: usize, lang: xeploai::Lang) -> String {
    let mut text = match lang {
        xeploai::Lang::Vi => format!("Liên kết dài {chars} ký tự."),
        xeploai::Lang::En => format!("The link is {chars} characters long."),
    };
    if chars > 2000 {
        text.push(' ');
        text.push_str(lang.pick(
            "Dài hơn 2.000 ký tự: một số ứng dụng nhắn tin, thư điện tử có thể cắt mất; nên gửi tệp .toml thay vì liên kết.",
            "Longer than 2,000 characters: some messaging and e-mail apps may cut it; send the .toml file instead.",
        ));
    }
    text
}
