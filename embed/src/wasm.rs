//! The WebAssembly exports: thin wrappers that only convert types. Results are JSON text, parsed by
//! `js/xeploai.js`; a failure is thrown as a JS string holding the diagnostics as JSON, which the wrapper turns
//! into an `XeploaiError`.

use wasm_bindgen::prelude::*;

use crate::{Compiled, Failure};

fn thrown(failure: Failure) -> JsValue {
    JsValue::from_str(&failure)
}

/// `catalog(): string` — the bundled rule sets as JSON.
#[wasm_bindgen]
pub fn catalog() -> String {
    crate::catalog_json()
}

/// A compiled rule set (`RuleSet` in the JS API).
#[wasm_bindgen]
pub struct Rules(Compiled);

#[wasm_bindgen]
impl Rules {
    /// `Rules.compile(text, name)` — throws the diagnostics (JSON) when the text has an error.
    #[cfg(feature = "compile")]
    pub fn compile(text: &str, name: &str) -> Result<Rules, JsValue> {
        Compiled::load(text, name).map(Rules).map_err(thrown)
    }

    /// `Rules.bundled()` — the default rule set, bundled in the module.
    pub fn bundled() -> Rules {
        Rules(Compiled::load_default())
    }

    pub fn info(&self) -> String {
        self.0.info_json()
    }

    pub fn facts(&self, subject: &str) -> Result<String, JsValue> {
        self.0.facts_json(subject).map_err(thrown)
    }

    /// `evaluate(subject, ids, values, target, lists, items, fields, cells)` — `values[i]` is the text of fact
    /// `ids[i]`; `lists` are the lists given (even empty); cell `j` is field `fields[j]` of item `items[j]` (from 0) of
    /// list `cell_lists[j]`, as text.
    #[allow(clippy::too_many_arguments)]
    pub fn evaluate(
        &self,
        subject: &str,
        ids: Vec<String>,
        values: Vec<String>,
        target: Option<String>,
        lists: Vec<String>,
        cell_lists: Vec<String>,
        items: Vec<u32>,
        fields: Vec<String>,
        cells: Vec<String>,
    ) -> Result<String, JsValue> {
        let lists = crate::lists_from_cells(lists, cell_lists, items, fields, cells);
        self.0.evaluate_json(subject, ids.into_iter().zip(values), target.as_deref(), &lists).map_err(thrown)
    }

    #[cfg(feature = "roster")]
    pub fn roster(
        &self,
        members: &str,
        orgs: &str,
        subject: &str,
        targets: Option<String>,
        basis: Option<String>,
    ) -> Result<String, JsValue> {
        self.0.roster_json(members, orgs, subject, targets.as_deref(), basis.as_deref()).map_err(thrown)
    }

    #[cfg(feature = "roster")]
    pub fn targets(&self, targets: &str, figures: &str) -> Result<String, JsValue> {
        self.0.targets_json(targets, figures).map_err(thrown)
    }
}
