//! The two languages of the product. Vietnamese is the default everywhere; English is second.

use serde::{Deserialize, Serialize};

#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Lang {
    #[default]
    Vi,
    En,
}

impl Lang {
    pub fn parse(code: &str) -> Option<Lang> {
        match code.trim().to_ascii_lowercase().as_str() {
            "vi" | "vi-vn" | "vn" => Some(Lang::Vi),
            "en" | "en-us" | "en-gb" => Some(Lang::En),
            _ => None,
        }
    }

    pub fn code(self) -> &'static str {
        match self {
            Lang::Vi => "vi",
            Lang::En => "en",
        }
    }

    /// Pick the Vietnamese or the English of a pair of literals.
    pub fn pick<'a>(self, vi: &'a str, en: &'a str) -> &'a str {
        match self {
            Lang::Vi => vi,
            Lang::En => en,
        }
    }
}

/// A text a rule file gives in Vietnamese and, optionally, in English. Written either as a plain string
/// (Vietnamese only) or as `{ vi = "…", en = "…" }`.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(from = "TextAsWritten")]
pub struct Text {
    pub vi: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub en: Option<String>,
}

#[derive(Deserialize)]
#[serde(untagged)]
enum TextAsWritten {
    Plain(String),
    Both { vi: String, en: Option<String> },
}

impl From<TextAsWritten> for Text {
    fn from(value: TextAsWritten) -> Text {
        match value {
            TextAsWritten::Plain(vi) => Text { vi, en: None },
            TextAsWritten::Both { vi, en } => Text { vi, en },
        }
    }
}

impl Text {
    pub fn new(vi: impl Into<String>, en: impl Into<String>) -> Text {
        Text { vi: vi.into(), en: Some(en.into()) }
    }

    /// The text in `lang`, falling back to Vietnamese when no English was given.
    pub fn get(&self, lang: Lang) -> &str {
        match lang {
            Lang::Vi => &self.vi,
            Lang::En => self.en.as_deref().unwrap_or(&self.vi),
        }
    }
}
