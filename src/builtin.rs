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
    /// The review years it governs (`[rule_set] years`); the catalog says so even when the file does not yet.
    pub years: Years,
    pub domain: Domain,
    /// Built from central texts (`[rule_set] official`): only these are picked for a review year.
    pub official: bool,
}

use crate::doc::Domain;
use crate::ruleset::Years;

const fn years(from: Option<i32>, to: Option<i32>) -> Years {
    Years { from, to }
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
        years: years(Some(2025), None),
        domain: Domain::Party,
        official: true,
    },
    Entry {
        id: "qd366-vi-du-tinh",
        vi: "Ví dụ cấp tỉnh cụ thể hóa Quy định 366-QĐ/TW (30 điểm chung chia 10/10/10)",
        en: "Provincial example of Regulation 366-QĐ/TW (30 common points split 10/10/10)",
        years: years(Some(2025), None),
        domain: Domain::Party,
        official: false,
    },
    Entry {
        id: "qd124-2023",
        vi: "Quy định 124-QĐ/TW (2023) và Hướng dẫn 25-HD/BTCTW",
        en: "Regulation 124-QĐ/TW (2023) with Guidance 25-HD/BTCTW",
        years: years(Some(2023), Some(2024)),
        domain: Domain::Party,
        official: true,
    },
    Entry {
        id: "qd132-2018",
        vi: "Quy định 132-QĐ/TW (2018), Hướng dẫn 16-HD/BTCTW và 21-HD/BTCTW",
        en: "Regulation 132-QĐ/TW (2018) with Guidance 16-HD/BTCTW and 21-HD/BTCTW",
        years: years(Some(2018), Some(2022)),
        domain: Domain::Party,
        official: true,
    },
    Entry {
        id: "nd335-2025",
        vi: "Nghị định 335/2025/NĐ-CP (công chức)",
        en: "Decree 335/2025/NĐ-CP (civil servants)",
        years: years(Some(2026), None),
        domain: Domain::CivilService,
        official: true,
    },
];

/// The official bundled rule set of `domain` in force for the reviews of `year`: the first in catalog order whose
/// years hold it.
pub fn in_force(year: i32, domain: Domain) -> Option<&'static Entry> {
    CATALOG.iter().find(|e| e.official && e.domain == domain && e.years.contains(year))
}

/// The review years a rule set governs: as its file declares them, or, for a bundled rule set whose file does not,
/// as the catalog says.
pub fn years_of(rules: &crate::RuleSet) -> Years {
    if rules.years.is_declared() {
        return rules.years;
    }
    CATALOG.iter().find(|e| e.id == rules.id).map(|e| e.years).unwrap_or_default()
}

/// Whose review a rule set governs: as its file declares it, or as the catalog says for a bundled one, or party.
pub fn domain_of(rules: &crate::RuleSet) -> Domain {
    rules.domain.or_else(|| CATALOG.iter().find(|e| e.id == rules.id).map(|e| e.domain)).unwrap_or_default()
}

/// Which rule set governs the reviews of `year`, for people: "Năm đánh giá 2026: Quy định 366-QĐ/TW … (qd366-2025),
/// áp dụng từ 2025" — or why none does (the bundled periods of the domain are listed).
pub fn in_force_text(year: i32, domain: Domain) -> Result<(&'static Entry, crate::Text), crate::Text> {
    match in_force(year, domain) {
        Some(entry) => Ok((
            entry,
            crate::Text::new(
                format!(
                    "Năm đánh giá {year}: dùng bộ quy tắc {} ({}), áp dụng {}",
                    entry.vi,
                    entry.id,
                    entry.years.describe(crate::Lang::Vi)
                ),
                format!(
                    "Review year {year}: using the rule set {} ({}), in force {}",
                    entry.en,
                    entry.id,
                    entry.years.describe(crate::Lang::En)
                ),
            ),
        )),
        None => {
            let periods = |lang: crate::Lang| {
                CATALOG
                    .iter()
                    .filter(|e| e.official && e.domain == domain)
                    .map(|e| format!("{} {}", e.id, e.years.describe(lang)))
                    .collect::<Vec<_>>()
                    .join(", ")
            };
            Err(crate::Text::new(
                format!(
                    "không có bộ quy tắc chính thức nào áp dụng cho năm đánh giá {year}; các bộ: {}",
                    periods(crate::Lang::Vi)
                ),
                format!(
                    "no official rule set governs the review year {year}; the rule sets: {}",
                    periods(crate::Lang::En)
                ),
            ))
        }
    }
}

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
/// Its text is compiled into the binary, not given by a user, and `tests/cases.rs` compiles it, so the one panic
/// path here is closed before a build ships; the app and the embed need a rule set to start with, not an `Option`.
#[expect(clippy::expect_used, reason = "the bundled default text is a constant that the test suite compiles")]
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
