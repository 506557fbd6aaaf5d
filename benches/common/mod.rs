//! What the benchmark files share: the mode they run in and the rule set they measure.

use std::sync::{LazyLock, OnceLock};

use xeploai::RuleSet;

/// `cargo bench` passes `--bench`; `cargo test --benches` does not (divan then runs each benchmark once).
pub fn bench_mode() -> bool {
    static MODE: OnceLock<bool> = OnceLock::new();
    *MODE.get_or_init(|| {
        let args: Vec<String> = std::env::args().collect();
        args.iter().any(|a| a == "--bench") && !args.iter().any(|a| a == "--test" || a == "--list")
    })
}

/// The bundled rule set `qd366-2025`, compiled once.
pub fn rules() -> &'static RuleSet {
    static RULES: LazyLock<RuleSet> =
        LazyLock::new(|| xeploai::builtin::load("qd366-2025").expect("the bundled rule set qd366-2025 compiles"));
    &RULES
}
