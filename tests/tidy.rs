//! Tidy checks that keep the architecture honest (see ARCHITECTURE.md).

const WEB_CRATES: &[&str] = &["wasm-bindgen", "web-sys", "js-sys", "yew", "gloo", "wasm-bindgen-futures"];

fn manifest() -> String {
    std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/Cargo.toml")).unwrap()
}

/// The engine is pure Rust: its dependencies include nothing from the web stack, so the same code runs natively
/// and in WASM and the UI can only sit on top of it.
#[test]
fn engine_has_no_web_dependencies() {
    let manifest = manifest();
    let section = manifest.split("[dependencies]").nth(1).expect("a [dependencies] section");
    let section = section.split("\n[").next().unwrap_or(section);
    for line in section.lines() {
        let name = line.split('=').next().unwrap_or("").trim();
        // `serde.workspace = true` names `serde` (its version is in [workspace.dependencies]).
        let name = name.strip_suffix(".workspace").unwrap_or(name);
        assert!(!WEB_CRATES.contains(&name), "the engine depends on {name}; web crates belong to www/");
    }
}

/// No IO in evaluation: the library reads no files and no environment; only the CLI does.
/// The whole `src/` tree is walked (a module folder is checked like a file), except the CLI's own `main.rs`.
#[test]
fn library_does_no_io() {
    fn walk(dir: &std::path::Path, checked: &mut usize) {
        for entry in std::fs::read_dir(dir).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                walk(&path, checked);
                continue;
            }
            if path.extension().is_none_or(|e| e != "rs") || path.file_name().is_some_and(|n| n == "main.rs") {
                continue;
            }
            let text = std::fs::read_to_string(&path).unwrap();
            for forbidden in ["std::fs", "std::env", "std::net", "std::process", "println!", "eprintln!"] {
                assert!(
                    !text.contains(forbidden),
                    "{} uses {forbidden}; IO belongs to the CLI or the app",
                    path.display()
                );
            }
            *checked += 1;
        }
    }
    let mut checked = 0;
    walk(std::path::Path::new(concat!(env!("CARGO_MANIFEST_DIR"), "/src")), &mut checked);
    assert!(checked >= 10, "the walk found the library's files ({checked})");
}

/// Every rule file in rules/ has a cases file beside it.
#[test]
fn every_rule_file_has_cases() {
    fn walk(dir: &std::path::Path) {
        for entry in std::fs::read_dir(dir).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                walk(&path);
            } else if path.extension().is_some_and(|e| e == "toml") && !path.to_string_lossy().ends_with(".cases.toml")
            {
                let cases = path.to_string_lossy().trim_end_matches(".toml").to_string() + ".cases.toml";
                assert!(std::path::Path::new(&cases).exists(), "{} has no cases file", path.display());
            }
        }
    }
    walk(std::path::Path::new(concat!(env!("CARGO_MANIFEST_DIR"), "/rules")));
}

/// Reading a rule file is layered, and each layer imports only the ones below it: the TOML reader (`toml_doc.rs`)
/// knows nothing of the rule file's document, model or compiler, and the compiled model (`ruleset.rs`) names the
/// compiler only to re-export its entry points (`pub use crate::compile::{compile, load}`), so no import cycle runs
/// through them.
#[test]
fn rule_file_layers_import_downwards() {
    let code = |file: &str| -> Vec<String> {
        let path = std::path::Path::new(concat!(env!("CARGO_MANIFEST_DIR"), "/src")).join(file);
        let text = std::fs::read_to_string(&path).unwrap();
        text.lines().filter(|line| !line.trim_start().starts_with("//")).map(str::to_string).collect()
    };
    for line in code("toml_doc.rs") {
        for above in ["crate::doc", "crate::ruleset", "crate::compile"] {
            assert!(!line.contains(above), "src/toml_doc.rs uses {above}, a layer above the TOML reader: {line}");
        }
    }
    for line in code("ruleset.rs") {
        assert!(
            !line.contains("crate::compile") || line.trim_start().starts_with("pub use crate::compile::"),
            "src/ruleset.rs uses the compiler beyond naming its entry points: {line}"
        );
    }
}
