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

/// The library's source files: the whole `src/` tree (a module folder is walked like a file), except the binary's
/// own files: its `main.rs` and its subcommands in `src/cli/`.
fn library_files() -> Vec<std::path::PathBuf> {
    fn walk(dir: &std::path::Path, cli: &std::path::Path, out: &mut Vec<std::path::PathBuf>) {
        for entry in std::fs::read_dir(dir).unwrap() {
            let path = entry.unwrap().path();
            if path == cli {
                continue;
            }
            if path.is_dir() {
                walk(&path, cli, out);
                continue;
            }
            if path.extension().is_none_or(|e| e != "rs") || path.file_name().is_some_and(|n| n == "main.rs") {
                continue;
            }
            out.push(path);
        }
    }
    let src = std::path::Path::new(concat!(env!("CARGO_MANIFEST_DIR"), "/src"));
    let mut files = Vec::new();
    walk(src, &src.join("cli"), &mut files);
    assert!(files.len() >= 10, "the walk found the library's files ({})", files.len());
    files
}

/// No IO in evaluation: the library reads no files and no environment; only the CLI does.
/// The library must not declare the binary's `src/cli/` as a module of its own.
#[test]
fn library_does_no_io() {
    let src = std::path::Path::new(concat!(env!("CARGO_MANIFEST_DIR"), "/src"));
    for path in library_files() {
        let text = std::fs::read_to_string(&path).unwrap();
        for forbidden in ["std::fs", "std::env", "std::net", "std::process", "println!", "eprintln!"] {
            assert!(!text.contains(forbidden), "{} uses {forbidden}; IO belongs to the CLI or the app", path.display());
        }
    }
    let cli = src.join("cli");
    assert!(cli.join("mod.rs").exists(), "the CLI's subcommands live in src/cli/");
    let lib = std::fs::read_to_string(src.join("lib.rs")).unwrap();
    assert!(
        !lib.lines().any(|line| {
            let line = line.trim();
            line.starts_with("mod cli") || line.starts_with("pub mod cli") || line.contains("#[path")
        }),
        "src/lib.rs declares the CLI's folder as a module; src/cli/ belongs to the binary (src/main.rs)"
    );
}

/// The engine does not panic on what it is given: clippy denies `unwrap`, `expect`, `panic!` and `unreachable!`
/// in the library outside tests (`src/lib.rs`; CI runs clippy with `-D warnings`). This test keeps that line in
/// place, and keeps every exception an `#[expect(…, reason = …)]` (which clippy reports once it is no longer
/// needed) rather than a silent `allow`.
#[test]
fn library_denies_unwrap_outside_tests() {
    const DENY: &str =
        "#![cfg_attr(not(test), deny(clippy::unwrap_used, clippy::expect_used, clippy::panic, clippy::unreachable))]";
    let lib = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/src/lib.rs")).unwrap();
    assert!(lib.lines().any(|line| line.trim() == DENY), "src/lib.rs lost `{DENY}`");
    for path in library_files() {
        let text = std::fs::read_to_string(&path).unwrap();
        for (number, line) in text.lines().enumerate() {
            let lints = ["clippy::unwrap_used", "clippy::expect_used", "clippy::panic", "clippy::unreachable"];
            if !lints.iter().any(|lint| line.contains(lint)) || path.ends_with("lib.rs") {
                continue;
            }
            assert!(
                line.contains("expect(clippy::") && line.contains("reason = \""),
                "{}:{}: a panic path is allowed only by `#[expect(lint, reason = \"why it cannot happen\")]`",
                path.display(),
                number + 1
            );
        }
    }
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
