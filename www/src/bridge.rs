//! The app inside another page's iframe: `index.html?embed=1&origin=https://portal.example.vn` (several `origin`
//! parameters allowed). Messages are accepted only from those origins:
//!
//! - in: `{type: "xeploai:set-facts", subject?: "member", facts: {common_points: 28, …}}` → [`Action::SetFacts`];
//! - out: `{type: "xeploai:result", ruleSet, subject, status, level, score, errors, explanation}` to the parent, at an
//!   allowed origin, whenever the result changes.
//!
//! The message shapes are plain functions (tested natively); [`use_bridge`] is the browser glue.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};
use xeploai::Text;
use xeploai::explain::Explanation;

use crate::shared::state::{Action, State};

pub const SET_FACTS: &str = "xeploai:set-facts";
pub const RESULT: &str = "xeploai:result";

/// Is the page in iframe mode (`?embed=1` in its query)? Then it neither reads nor writes this device's storage:
/// the allowed origins come from the iframe's own URL, which any page can write, so an embedding page must never
/// reach the person's own saved data (see embed/README.md, "Threat model").
pub fn is_embedded(search: &str) -> bool {
    search.trim_start_matches('?').split('&').any(|pair| pair == "embed=1")
}

/// Only exact origins (`scheme://host[:port]`) are allowed; `*` or a path never is.
pub fn is_origin(text: &str) -> bool {
    let rest = text.strip_prefix("https://").or_else(|| text.strip_prefix("http://"));
    rest.is_some_and(|host| !host.is_empty() && !host.contains(['/', '*', '?', '#', ' ']))
}

#[derive(Deserialize)]
struct Incoming {
    #[serde(rename = "type")]
    kind: String,
    subject: Option<String>,
    #[serde(default)]
    facts: BTreeMap<String, FactText>,
}

/// A fact's value in a message as text: a string as it is, a number or `true`/`false` as JSON writes it, `null` as
/// empty (clears the fact). A list or an object makes the message unreadable (it is ignored).
struct FactText(String);

impl<'de> Deserialize<'de> for FactText {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<FactText, D::Error> {
        struct Scalar;
        impl serde::de::Visitor<'_> for Scalar {
            type Value = FactText;
            fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str("a string, a number, true/false or null")
            }
            fn visit_str<E: serde::de::Error>(self, v: &str) -> Result<FactText, E> {
                Ok(FactText(v.to_string()))
            }
            fn visit_i64<E: serde::de::Error>(self, v: i64) -> Result<FactText, E> {
                Ok(FactText(v.to_string()))
            }
            fn visit_u64<E: serde::de::Error>(self, v: u64) -> Result<FactText, E> {
                Ok(FactText(v.to_string()))
            }
            fn visit_f64<E: serde::de::Error>(self, v: f64) -> Result<FactText, E> {
                Ok(FactText(v.to_string()))
            }
            fn visit_bool<E: serde::de::Error>(self, v: bool) -> Result<FactText, E> {
                Ok(FactText(v.to_string()))
            }
            fn visit_unit<E: serde::de::Error>(self) -> Result<FactText, E> {
                Ok(FactText(String::new()))
            }
        }
        deserializer.deserialize_any(Scalar)
    }
}

/// The action for a message's JSON, or `None` for anything else (other types, other shapes).
pub fn action(message: &str) -> Option<Action> {
    let incoming: Incoming = serde_json::from_str(message).ok()?;
    if incoming.kind != SET_FACTS {
        return None;
    }
    let facts = incoming.facts.into_iter().map(|(fact, FactText(text))| (fact, text)).collect();
    Some(Action::SetFacts { subject: incoming.subject, facts })
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Outgoing<'a> {
    #[serde(rename = "type")]
    kind: &'static str,
    rule_set: &'a str,
    subject: &'a str,
    status: &'a xeploai::explain::ResultStatus,
    level: Option<&'a str>,
    score: Option<xeploai::Num>,
    errors: &'a BTreeMap<String, Text>,
    explanation: &'a Explanation,
}

/// The result message for the state, as JSON.
pub fn result(state: &State) -> String {
    let explanation = &state.evaluation.explanation;
    let message = Outgoing {
        kind: RESULT,
        rule_set: &state.saved.rule_set,
        subject: &state.saved.subject,
        status: &explanation.status,
        level: explanation.level.as_deref(),
        score: explanation.score.as_ref().and_then(|s| s.total),
        errors: &state.evaluation.errors,
        explanation,
    };
    serde_json::to_string(&message).unwrap_or_default()
}

/// Where the results go before the embedding page has sent anything: its origin from the referrer when that is
/// allowed; with no referrer, the only allowed origin if there is one (the browser delivers a message only to a
/// parent of that origin, so nothing reaches anyone else); with several, nowhere until a message from one of them
/// arrives (then its origin).
pub fn answer_to(referrer_origin: Option<&str>, allowed: &[String]) -> Option<String> {
    match referrer_origin.filter(|origin| !origin.is_empty() && *origin != "null") {
        Some(origin) => allowed.iter().find(|a| *a == origin).cloned(),
        None => match allowed {
            [only] => Some(only.clone()),
            _ => None,
        },
    }
}

pub use glue::use_bridge;

mod glue {
    use std::cell::RefCell;
    use std::rc::Rc;

    use wasm_bindgen::JsCast;
    use wasm_bindgen::prelude::*;
    use yew::prelude::*;

    use crate::shared::Handle;

    /// The allowed parent origins from the page's URL; empty when the app is not embedded.
    fn allowed_origins() -> Vec<String> {
        let Some(search) = web_sys::window().and_then(|w| w.location().search().ok()) else { return Vec::new() };
        let Ok(params) = web_sys::UrlSearchParams::new_with_str(&search) else { return Vec::new() };
        if params.get("embed").as_deref() != Some("1") {
            return Vec::new();
        }
        params.get_all("origin").iter().filter_map(|v| v.as_string()).filter(|o| super::is_origin(o)).collect()
    }

    /// The embedding page's origin as the browser reports it (the referrer), if it is allowed; without a referrer
    /// (`referrerpolicy="no-referrer"`, a portal's `Referrer-Policy`) see [`super::answer_to`].
    fn parent_origin(allowed: &[String]) -> Option<String> {
        let referrer = web_sys::window()?.document().map(|d| d.referrer()).unwrap_or_default();
        let origin = web_sys::Url::new(&referrer).ok().map(|url| url.origin());
        super::answer_to(origin.as_deref(), allowed)
    }

    fn post(origin: &str, json: &str) {
        let (Some(window), Ok(message)) = (web_sys::window(), js_sys::JSON::parse(json)) else { return };
        if let Ok(Some(parent)) = window.parent() {
            let _ = parent.post_message(&message, origin);
        }
    }

    /// Listen to the embedding page and tell it each new result. Does nothing unless the URL says `embed=1`.
    #[hook]
    pub fn use_bridge(state: &Handle) {
        let allowed = use_memo((), |_| allowed_origins());
        let target = use_mut_ref(|| parent_origin(&allowed));
        {
            let allowed = allowed.clone();
            let target = target.clone();
            let dispatcher = state.dispatcher();
            use_effect_with((), move |_| {
                let listener = (!allowed.is_empty()).then(|| {
                    let listener =
                        Closure::<dyn Fn(web_sys::MessageEvent)>::new(move |event: web_sys::MessageEvent| {
                            let origin = event.origin();
                            if !allowed.contains(&origin) {
                                web_sys::console::debug_1(
                                    &format!("xeploai: message from {origin} ignored (not allowed)").into(),
                                );
                                return;
                            }
                            let text = js_sys::JSON::stringify(&event.data()).ok().and_then(|t| t.as_string());
                            if let Some(action) = text.as_deref().and_then(super::action) {
                                *target.borrow_mut() = Some(origin);
                                dispatcher.dispatch(action);
                            }
                        });
                    if let Some(window) = web_sys::window() {
                        let _ = window.add_event_listener_with_callback("message", listener.as_ref().unchecked_ref());
                    }
                    listener
                });
                move || {
                    if let (Some(listener), Some(window)) = (listener, web_sys::window()) {
                        let _ =
                            window.remove_event_listener_with_callback("message", listener.as_ref().unchecked_ref());
                    }
                }
            });
        }
        // Post each new result once; the state also changes when only the language does.
        let sent: Rc<RefCell<String>> = use_mut_ref(String::new);
        let origin = target.borrow().clone();
        let handle = state.clone();
        use_effect_with((state.evaluation.clone(), state.saved.subject.clone(), origin), move |(_, _, origin)| {
            if let Some(origin) = origin {
                let json = super::result(&handle);
                if *sent.borrow() != json {
                    post(origin, &json);
                    *sent.borrow_mut() = json;
                }
            }
        });
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::shared::state::Saved;

    #[test]
    fn iframe_mode_is_the_embed_parameter() {
        assert!(is_embedded("?embed=1&origin=https://evil.example"));
        assert!(is_embedded("?origin=x&embed=1"));
        assert!(!is_embedded(""));
        assert!(!is_embedded("?embed=0"));
        assert!(!is_embedded("?notembed=1"));
    }

    #[test]
    fn only_exact_origins_are_allowed() {
        assert!(is_origin("https://portal.example.vn"));
        assert!(is_origin("http://localhost:8080"));
        assert!(!is_origin("*"));
        assert!(!is_origin("https://portal.example.vn/path"));
        assert!(!is_origin("portal.example.vn"));
    }

    #[test]
    fn without_a_referrer_the_results_go_to_the_only_allowed_origin() {
        let one = vec!["https://portal.example.vn".to_string()];
        let two = vec!["https://portal.example.vn".to_string(), "https://cms.example.vn".to_string()];
        assert_eq!(answer_to(Some("https://cms.example.vn"), &two).as_deref(), Some("https://cms.example.vn"));
        assert_eq!(answer_to(Some("https://evil.example"), &one), None, "a referrer that is not allowed gets nothing");
        assert_eq!(answer_to(None, &one).as_deref(), Some("https://portal.example.vn"));
        assert_eq!(answer_to(Some(""), &one).as_deref(), Some("https://portal.example.vn"));
        assert_eq!(answer_to(None, &two), None, "several: wait for a message");
        assert_eq!(answer_to(None, &[]), None);
    }

    #[test]
    fn set_facts_messages_become_an_action_and_others_are_ignored() {
        let message = r#"{"type": "xeploai:set-facts", "subject": "leader", "facts": {"common_points": 28, "task_points": "65,5", "suspended": false, "x": null}}"#;
        let Some(Action::SetFacts { subject, facts }) = action(message) else { panic!("no action") };
        assert_eq!(subject.as_deref(), Some("leader"));
        assert_eq!(facts["common_points"], "28");
        assert_eq!(facts["task_points"], "65,5");
        assert_eq!(facts["suspended"], "false");
        assert_eq!(facts["x"], "");
        assert!(action(r#"{"type": "other"}"#).is_none());
        let list = r#"{"type": "xeploai:set-facts", "facts": {"common_points": [28]}}"#;
        assert!(action(list).is_none(), "a list is not a fact's value: the message is ignored");
        assert!(action("[1, 2]").is_none());
    }

    #[test]
    fn the_result_message_carries_the_level_and_the_explanation() {
        let state = State::new(Saved::default());
        let facts = [("common_points", "28"), ("task_points", "65"), ("tasks_assigned", "10"), ("tasks_on_time", "10")];
        let facts = facts.iter().map(|(k, v)| (k.to_string(), v.to_string())).collect();
        let state = state.apply(Action::SetFacts { subject: None, facts });
        let message: serde_json::Value = serde_json::from_str(&result(&state)).unwrap();
        assert_eq!(message["type"], RESULT);
        assert_eq!(message["ruleSet"], "qd366-2025");
        assert_eq!(message["subject"], "member");
        assert_eq!(message["level"], "htt");
        assert_eq!(message["score"], 93);
        assert_eq!(message["explanation"]["level"], "htt");
    }
}
