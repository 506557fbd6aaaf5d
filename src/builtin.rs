//! Rule sets bundled into every build, so the CLI and the web app work with no file at hand.
//!
//! A web page that names only [`DEFAULT_TEXT`] and [`CATALOG`] carries the default rule set's text alone; the
//! other texts are linked in only where [`RULE_SETS`] or [`rule_text`] is used (the CLI, the tests), and the app
//! fetches them from its own origin (`rules/<id>.toml`) when one is chosen.

/// A bundled rule set as a picker lists it, without its text.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Entry {
    pub id: &'static str,
    /// The rule set's name, as in its file (`[rule_set] name`).
    pub vi: &'static str,
    pub en: &'static str,
}

impl Entry {
    pub fn name(&self, lang: crate::Lang) -> &'static str {
        match lang {
            crate::Lang::Vi => self.vi,
            crate::Lang::En => self.en,
        }
    }
}

/// The bundled rule sets, the default first. `tests/cases.rs` checks it against [`RULE_SETS`] and the files.
pub const CATALOG: &[Entry] = &[
    Entry {
        id: "qd366-2025",
        vi: "Quy định 366-QĐ/TW (2025) và Hướng dẫn 43-HD/BTCTW",
        en: "Regulation 366-QĐ/TW (2025) with Guidance 43-HD/BTCTW",
    },
    Entry {
        id: "qd366-vi-du-tinh",
        vi: "Ví dụ cấp tỉnh cụ thể hóa Quy định 366-QĐ/TW (30 điểm chung chia 10/10/10)",
        en: "Provincial example of Regulation 366-QĐ/TW (30 common points split 10/10/10)",
    },
    Entry {
        id: "qd124-2023",
        vi: "Quy định 124-QĐ/TW (2023) và Hướng dẫn 25-HD/BTCTW",
        en: "Regulation 124-QĐ/TW (2023) with Guidance 25-HD/BTCTW",
    },
    Entry {
        id: "qd132-2018",
        vi: "Quy định 132-QĐ/TW (2018), Hướng dẫn 16-HD/BTCTW và 21-HD/BTCTW",
        en: "Regulation 132-QĐ/TW (2018) with Guidance 16-HD/BTCTW and 21-HD/BTCTW",
    },
    Entry {
        id: "nd335-2025",
        vi: "Nghị định 335/2025/NĐ-CP (công chức)",
        en: "Decree 335/2025/NĐ-CP (civil servants)",
    },
];

/// The default rule set's text.
pub const DEFAULT_TEXT: &str = include_str!("../rules/qd366-2025.toml");

/// `(id, rule file text)`, the default first.
pub const RULE_SETS: &[(&str, &str)] = &[
    ("qd366-2025", DEFAULT_TEXT),
    ("qd366-vi-du-tinh", include_str!("../rules/qd366-vi-du-tinh.toml")),
    ("qd124-2023", include_str!("../rules/qd124-2023.toml")),
    ("qd132-2018", include_str!("../rules/qd132-2018.toml")),
    ("nd335-2025", include_str!("../rules/nd335-2025.toml")),
];

/// `(id, cases file text)` of each bundled rule set. Kept apart from [`RULE_SETS`] so a build that never runs
/// cases does not carry their text.
pub const CASES: &[(&str, &str)] = &[
    ("qd366-2025", include_str!("../rules/qd366-2025.cases.toml")),
    ("qd366-vi-du-tinh", include_str!("../rules/qd366-vi-du-tinh.cases.toml")),
    ("qd124-2023", include_str!("../rules/qd124-2023.cases.toml")),
    ("qd132-2018", include_str!("../rules/qd132-2018.cases.toml")),
    ("nd335-2025", include_str!("../rules/nd335-2025.cases.toml")),
];

/// `(id, target file text)` of the bundled target sets (examples of how committees write their targets).
pub const TARGET_SETS: &[(&str, &str)] = &[
    ("dang-uy-khoi-2026", include_str!("../rules/targets/dang-uy-khoi-2026.toml")),
    ("chi-tieu-tren-duoi", include_str!("../rules/targets/chi-tieu-tren-duoi.toml")),
];

/// The text of a bundled target set.
pub fn target_text(id: &str) -> Option<&'static str> {
    TARGET_SETS.iter().find(|(name, _)| *name == id).map(|(_, text)| *text)
}

/// The default rule set's id.
pub const DEFAULT: &str = "qd366-2025";

/// The text of a bundled rule set.
pub fn rule_text(id: &str) -> Option<&'static str> {
    RULE_SETS.iter().find(|(name, _)| *name == id).map(|(_, text)| *text)
}

/// The cases text of a bundled rule set.
pub fn cases_text(id: &str) -> Option<&'static str> {
    CASES.iter().find(|(name, _)| *name == id).map(|(_, text)| *text)
}

/// Compile the default rule set (without linking the other bundled texts).
pub fn load_default() -> crate::RuleSet {
    crate::ruleset::load(DEFAULT_TEXT, Some(&format!("rules/{DEFAULT}.toml")))
        .0
        .expect("the default rule set compiles (tested)")
}

/// Compile a bundled rule set. Bundled rule sets are checked by the test suite, so this only fails if that test
/// fails too.
pub fn load(id: &str) -> Option<crate::RuleSet> {
    let text = rule_text(id)?;
    crate::ruleset::load(text, Some(&format!("rules/{id}.toml"))).0
}
