//! "The app calls the engine only from the reducer": a component file (one with `html!`) names the engine only
//! for types, constants and variants, `Lang`/`Text`/`Num` and their methods, the text renderings (`render`) and
//! name folding (`input::fold`). Reading, classifying, running a unit, reports, column plans and the like are
//! called from the state files (`state.rs`, `compare.rs`, `derived.rs`, `form.rs`), which are tested natively.
#![cfg(not(target_arch = "wasm32"))]

use std::path::{Path, PathBuf};

/// Engine types whose use means computing (their constructors and methods run the engine).
const COMPUTING_TYPES: &[&str] = &["Classifier", "Unit", "TableReader", "QuotaCounts"];
/// Value types whose methods are display or construction only.
const VALUE_TYPES: &[&str] = &["Lang", "Text", "Num"];
/// Functions components may call: the text renderings, labels, and the bundled target file's text.
const DISPLAY_PATHS: &[&str] = &["render", "input::fold", "unit::scope_label", "builtin::target_text"];

fn rust_files(dir: &Path, out: &mut Vec<PathBuf>) {
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            rust_files(&path, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(path);
        }
    }
}

/// Every engine path a text names: `xeploai::a::b` as written, and each leaf of `use xeploai::{…}` groups.
fn engine_paths(text: &str) -> Vec<String> {
    let mut paths = Vec::new();
    let mut rest = text;
    while let Some(at) = rest.find("xeploai::") {
        let before = rest[..at].chars().next_back();
        rest = &rest[at + "xeploai::".len()..];
        if before.is_some_and(|c| c.is_alphanumeric() || c == '_') {
            continue; // `xeploai_web::…` or another crate
        }
        paths.extend(expand("", rest));
    }
    paths
}

/// The paths at the start of `text` (after `xeploai::` and `prefix`), expanding `{a, b::c}` groups.
fn expand(prefix: &str, text: &str) -> Vec<String> {
    let path: String = text.chars().take_while(|c| c.is_alphanumeric() || *c == '_' || *c == ':').collect();
    let after = &text[path.len()..];
    let full = format!("{prefix}{path}");
    if (path.is_empty() || path.ends_with("::")) && after.starts_with('{') {
        let mut depth = 0;
        let mut end = 0;
        for (i, c) in after.char_indices() {
            match c {
                '{' => depth += 1,
                '}' => {
                    depth -= 1;
                    if depth == 0 {
                        end = i;
                        break;
                    }
                }
                _ => {}
            }
        }
        let inner = &after[1..end];
        let mut items = Vec::new();
        let (mut depth, mut start) = (0, 0);
        for (i, c) in inner.char_indices() {
            match c {
                '{' => depth += 1,
                '}' => depth -= 1,
                ',' if depth == 0 => {
                    items.push(&inner[start..i]);
                    start = i + 1;
                }
                _ => {}
            }
        }
        items.push(&inner[start..]);
        return items.into_iter().map(str::trim).filter(|i| !i.is_empty()).flat_map(|i| expand(&full, i)).collect();
    }
    if after.starts_with('*') {
        return vec![format!("{full}*")];
    }
    vec![full.trim_end_matches("::").to_string()]
}

/// Why a component may not name this path, or `None` when it may.
fn forbidden(path: &str) -> Option<&'static str> {
    let segments: Vec<&str> = path.split("::").collect();
    if path.ends_with('*') {
        return Some("a glob import of the engine");
    }
    if DISPLAY_PATHS.iter().any(|allowed| path == *allowed || path.starts_with(&format!("{allowed}::"))) {
        return None;
    }
    let upper = |s: &str| s.chars().next().is_some_and(char::is_uppercase);
    if let Some(first_type) = segments.iter().find(|s| upper(s)) {
        if COMPUTING_TYPES.contains(first_type) {
            return Some("an engine type that computes");
        }
        if VALUE_TYPES.contains(first_type) || segments.last().is_some_and(|s| upper(s)) {
            return None;
        }
        return Some("a method of an engine type");
    }
    Some("an engine module or function")
}

fn problems_in(text: &str) -> Vec<String> {
    engine_paths(text).into_iter().filter_map(|p| forbidden(&p).map(|why| format!("xeploai::{p} ({why})"))).collect()
}

#[test]
fn component_files_do_not_call_the_engine() {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut files = Vec::new();
    rust_files(&src, &mut files);
    let components: Vec<&PathBuf> =
        files.iter().filter(|f| std::fs::read_to_string(f).unwrap().contains("html!")).collect();
    assert!(components.len() >= 30, "found only {} component files under {}", components.len(), src.display());
    let mut problems = Vec::new();
    for file in components {
        let text = std::fs::read_to_string(file).unwrap();
        for problem in problems_in(&text) {
            problems.push(format!("{}: {problem}", file.strip_prefix(&src).unwrap().display()));
        }
    }
    assert!(
        problems.is_empty(),
        "component files call the engine (move it into the page's state):\n{}",
        problems.join("\n")
    );
}

#[test]
fn the_check_catches_a_compute_call_and_lets_types_through() {
    assert!(problems_in("let plan = xeploai::input::column_plan(rules, &h, kind, &o);").len() == 1);
    assert!(problems_in("use xeploai::report::{Sheet, sheet_csv};").len() == 1, "a function in a use group");
    assert!(problems_in("use xeploai::{Classifier, Lang};").len() == 1, "an engine type that computes");
    assert!(problems_in("use xeploai::input;").len() == 1, "a module, whose functions would then be called");
    assert!(problems_in("use xeploai::*;").len() == 1);
    assert!(problems_in("xeploai::builtin::in_force_text(year, domain)").len() == 1);
    let fine = "use xeploai::explain::{Explanation, ResultStatus};\nuse xeploai::{Lang, render};\n\
                xeploai::Text::new(a, b); xeploai::Num::ZERO; xeploai::builtin::CATALOG.iter();\n\
                xeploai::Outcome::Level { .. }; xeploai::input::fold(&name); xeploai_web::shared::state::Saved";
    assert_eq!(problems_in(fine), Vec::<String>::new());
}
