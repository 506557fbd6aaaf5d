//! Diagnostics: every problem found in a rule file, a target file or an input file.
//!
//! Loading fails only when a file cannot be read or parsed at all; everything else is a [`Diagnostic`] with a
//! stable English code (see [`Code`]), a severity, a message in Vietnamese and English, and a location (file, line,
//! column, and the field path inside the document).

use std::fmt;

use serde::Serialize;

use crate::lang::{Lang, Text};

#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    Warning,
    Error,
}

macro_rules! codes {
    ($( $variant:ident = $code:literal, $severity:ident, $summary:literal; )*) => {
        /// The stable codes. A code never changes meaning once released; new problems get new codes.
        #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
        pub enum Code { $( $variant, )* }

        impl Code {
            pub const ALL: &'static [Code] = &[ $( Code::$variant, )* ];

            pub fn as_str(self) -> &'static str {
                match self { $( Code::$variant => $code, )* }
            }

            pub fn severity(self) -> Severity {
                match self { $( Code::$variant => Severity::$severity, )* }
            }

            /// One line saying what the code means, for the catalog in `rules/README.md`.
            pub fn summary(self) -> &'static str {
                match self { $( Code::$variant => $summary, )* }
            }
        }
    };
}

codes! {
    // Reading files.
    Io = "io", Error, "The file cannot be read.";
    NotUtf8 = "not-utf8", Error, "The file is not UTF-8 text.";
    TextEncoding = "text-encoding", Warning, "A roster file is not UTF-8: it was read as UTF-16, Windows-1258 or Windows-1252 and converted to Unicode.";
    LegacyFont = "legacy-font", Warning, "A roster's text was typed in a legacy Vietnamese font encoding (TCVN3/ABC or VNI) and has been converted to Unicode; the message shows an example.";
    TomlSyntax = "toml-syntax", Error, "The TOML text is not well formed.";
    JsonSyntax = "json-syntax", Error, "The JSON text is not well formed or does not have the expected shape.";
    // The shape of a TOML file (rule, target, figures and cases files).
    MissingField = "missing-field", Error, "A required field is absent from a table of a TOML file.";
    UnknownField = "unknown-field", Error, "A table of a TOML file has a field the format does not define (often a misspelling); the allowed fields are listed.";
    WrongType = "wrong-type", Error, "A field holds a value of the wrong type (a number where a string is needed, etc.).";
    InvalidValue = "invalid-value", Error, "A field holds a value of the right type that is not allowed (a word not in its list, a number that cannot be read or does not fit).";
    // Rule-set content.
    DuplicateId = "duplicate-id", Error, "Two entries of the same kind share an id.";
    InvalidId = "invalid-id", Error, "An id is empty or uses characters other than a-z, 0-9, '_' and '-'.";
    UnknownLevel = "unknown-level", Error, "A rule names a level the rule set does not declare.";
    UnknownSubject = "unknown-subject", Error, "A rule names a subject kind the rule set does not declare.";
    UnknownDocument = "unknown-document", Error, "A provenance names a document the rule set does not declare.";
    UnknownFact = "unknown-fact", Error, "An expression uses a fact that is not declared for every subject kind the rule applies to.";
    ExprSyntax = "expr-syntax", Error, "An expression cannot be parsed.";
    ExprType = "expr-type", Error, "An expression combines values of the wrong types (a number where a yes/no is needed, etc.).";
    ExprTooDeep = "expr-too-deep", Error, "An expression is nested too deeply.";
    DerivedCycle = "derived-cycle", Error, "Derived facts depend on each other in a circle.";
    NoLevels = "no-levels", Error, "The rule set declares fewer than two levels.";
    TooManyLevels = "too-many-levels", Error, "The rule set declares more levels than the limit (100); the file is not read further.";
    TooManyRules = "too-many-rules", Error, "A list of rules (a level's conditions, disqualifiers, caps, not-classified rules) is longer than the limit (10,000); the file is not read further.";
    BandOrder = "band-order", Error, "Minimum scores do not decrease from the highest level to the lowest.";
    LowestHasBand = "lowest-has-band", Error, "The lowest level has a minimum score; it must catch everything below the others.";
    NoSubjects = "no-subjects", Error, "The rule set declares no subject kind.";
    MissingProvenance = "missing-provenance", Error, "A rule does not say where it comes from.";
    AssumptionWithoutReason = "assumption-without-reason", Error, "A rule marked as an assumption does not give its reason.";
    FactRange = "fact-range", Error, "A fact's minimum is above its maximum, or its default is out of range.";
    ChecklistMax = "checklist-max", Error, "A checklist's item maxima (`[[list.items]]` `max`) are given for some items and not others, or do not add up to the maximum of the fact they are summed into.";
    EnumValues = "enum-values", Error, "A choice fact has no values, or repeats one.";
    BadDefault = "bad-default", Error, "A fact's default does not fit its type.";
    ScoreNotNumber = "score-not-number", Error, "The score expression is not a number.";
    QuotaPercent = "quota-percent", Error, "A quota percentage is not between 0 and 100.";
    QuotaCeiling = "quota-ceiling", Error, "A quota percentage is above the ceiling its rule set declares (`max_percent`: the exception the competent level may allow, 25% under QĐ 366).";
    QuotaLevel = "quota-level", Error, "A quota is set on the lowest level, or on a level with no level below it.";
    CheckFacts = "check-facts", Error, "A consistency check ([[check]]) names no fact to show its error at, or names something that is not an input fact.";
    UnusedFact = "unused-fact", Warning, "A fact is declared but no rule uses it.";
    DisabledRule = "disabled-rule", Warning, "A rule is switched off in this rule set.";
    RuleSetYears = "rule-set-years", Error, "A rule set's review years (`years = { from, to }`) are empty, implausible, or the first is after the last.";
    NoRuleSetForYear = "no-rule-set-for-year", Error, "No bundled rule set of the domain governs the review year asked for.";
    YearOutsideRuleSet = "year-outside-rule-set", Warning, "The review year asked for is outside the years the chosen rule set governs.";
    // Overlays (`extends`).
    UnknownBase = "unknown-base", Error, "A rule set extends (`extends`) a rule set that is not bundled or given.";
    OverlayCycle = "overlay-cycle", Error, "Rule sets extend each other in a circle, or the chain of bases is longer than 4.";
    OverlayItem = "overlay-item", Error, "An overlay removes or changes an item its base does not have, or misuses `remove` / `before`.";
    // Settings of a rule file changed in its text (knobs).
    UnknownKnob = "unknown-knob", Error, "A setting to change is not one of the rule file's settings (level thresholds, quota percent, base, scope, rounding, pooling of subject kinds, band fallback).";
    KnobValue = "knob-value", Error, "A value given for a setting is not allowed (not a number, out of range or out of order, not one of the choices).";
    // Cases.
    CaseFailed = "case-failed", Error, "A case in a cases file did not give the expected result.";
    CaseInvalid = "case-invalid", Error, "A case in a cases file cannot be run (unknown subject kind, fact or level).";
    // Targets.
    TargetUnknownLevel = "target-unknown-level", Error, "A target counts a level the rule set does not have.";
    TargetBounds = "target-bounds", Error, "A target has no bound, or its lower bound is above its upper bound.";
    TargetFigure = "target-figure", Error, "A target needs a figure that was not given.";
    ReportedMismatch = "reported-mismatch", Warning, "A reported percentage does not match the counts it was computed from.";
    FiguresInconsistent = "figures-inconsistent", Error, "Figures contradict each other (a part larger than its whole, a negative count).";
    // Input rows.
    CsvSyntax = "csv-syntax", Error, "A CSV row cannot be read (a quote that does not close on its line); the row is not read.";
    InputLimit = "input-limit", Error, "A file is past a limit (a TOML file over 10 MB or writing more than 500,000 values, an array of more than 100,000 elements, a table with more than 1,000 columns, a cell longer than 10,000 bytes), or more than 500 problems in one file; the message names the limit.";
    RowTooLong = "row-too-long", Error, "A row has more cells than the header (its cells are likely shifted); the row is not read.";
    HeaderRow = "header-row", Warning, "The header row is not the first row of a roster: the rows above it (titles, blank lines) are not read.";
    RowTooShort = "row-too-short", Warning, "A CSV row has fewer cells than the header; the missing cells are read as empty.";
    MissingColumn = "missing-column", Error, "A required column is absent from the input.";
    UnknownColumn = "unknown-column", Warning, "A column matches no fact and is ignored.";
    UnknownMapping = "unknown-mapping", Error, "A column is mapped by hand to something the table cannot hold (not a meta column, not a fact, or a computed fact); the column is ignored.";
    NotANumber = "not-a-number", Error, "A cell that must hold a number does not.";
    NotABool = "not-a-bool", Error, "A cell that must hold yes/no does not.";
    NotAChoice = "not-a-choice", Error, "A cell holds a value that is not one of the fact's choices.";
    OutOfRange = "out-of-range", Error, "A number is outside the fact's allowed range.";
    MissingValue = "missing-value", Error, "A required value is empty.";
    NotAPerson = "not-a-person", Warning, "A row under the header has no id, and no name or no data (a signature line, a date, a note): it is not a person and is not read; the message shows its text.";
    EmptyCells = "empty-cells", Warning, "A row leaves empty the cells of facts that have no default; where the rules need them, the subject gets no level until they are filled in.";
    FactNotApplicable = "fact-not-applicable", Warning, "A row fills in a fact that does not apply to its subject kind; the value is ignored.";
    DuplicateSubject = "duplicate-subject", Error, "Two rows share an id.";
    UnknownOrganization = "unknown-organization", Error, "A row names an organization that is not in the roster.";
    OrganizationCycle = "organization-cycle", Error, "Organizations are each other's parents in a circle.";
    WrongSubjectKind = "wrong-subject-kind", Error, "A row's subject kind is not one the rule set declares, or is of the wrong sort (a member kind for an organization).";
    EmptyInput = "empty-input", Error, "The input holds no rows.";
    Evaluation = "evaluation", Error, "A rule could not be evaluated for a subject (division by zero, overflow).";
    Contradiction = "contradiction", Error, "A subject's facts fail a consistency check of the rule set ([[check]]): the subject gets no level until they are corrected.";
}

impl Serialize for Code {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(self.as_str())
    }
}

impl fmt::Display for Code {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// Where a problem is. Lines and columns count from 1; columns count characters, not bytes.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Location {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub file: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub line: Option<u32>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub column: Option<u32>,
    /// For tabular input: the row (1 = the header row) rather than a line.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub row: Option<u32>,
    /// A path inside the document: `condition[3].expr`, or a column name for tabular input.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub path: Option<String>,
}

impl Location {
    pub fn in_file(file: Option<&str>) -> Location {
        Location { file: file.map(str::to_string), ..Location::default() }
    }
}

impl fmt::Display for Location {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut parts: Vec<String> = Vec::new();
        if let Some(file) = &self.file {
            parts.push(file.clone());
        }
        if let Some(row) = self.row {
            parts.push(format!("row {row}"));
        }
        if let Some(line) = self.line {
            parts.push(line.to_string());
            if let Some(column) = self.column {
                parts.push(column.to_string());
            }
        } else if let Some(column) = self.column {
            parts.push(format!("col {column}"));
        }
        f.write_str(&parts.join(":"))?;
        if let Some(path) = &self.path {
            if !parts.is_empty() {
                f.write_str(" ")?;
            }
            write!(f, "[{path}]")?;
        }
        Ok(())
    }
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Diagnostic {
    pub code: Code,
    pub severity: Severity,
    pub message: Text,
    pub location: Location,
}

impl Diagnostic {
    pub fn new(code: Code, location: Location, vi: impl Into<String>, en: impl Into<String>) -> Diagnostic {
        Diagnostic { code, severity: code.severity(), message: Text::new(vi, en), location }
    }

    pub fn is_error(&self) -> bool {
        self.severity == Severity::Error
    }

    /// `file:line:column [path] lỗi[code]: message`, the way compilers print.
    pub fn render(&self, lang: Lang) -> String {
        let severity = match (self.severity, lang) {
            (Severity::Error, Lang::Vi) => "lỗi",
            (Severity::Warning, Lang::Vi) => "cảnh báo",
            (Severity::Error, Lang::En) => "error",
            (Severity::Warning, Lang::En) => "warning",
        };
        let location = self.location.to_string();
        if location.is_empty() {
            format!("{severity}[{}]: {}", self.code, self.message.get(lang))
        } else {
            format!("{location}: {severity}[{}]: {}", self.code, self.message.get(lang))
        }
    }
}

/// The table of codes as Markdown, for `rules/README.md` (a test keeps the README in step with the code).
pub fn code_catalog() -> String {
    let mut out = String::from("| code | severity | meaning |\n| --- | --- | --- |\n");
    for code in Code::ALL {
        let severity = match code.severity() {
            Severity::Error => "error",
            Severity::Warning => "warning",
        };
        out.push_str(&format!("| `{}` | {severity} | {} |\n", code.as_str(), code.summary()));
    }
    out
}

/// True when any diagnostic is an error.
pub fn has_errors(diagnostics: &[Diagnostic]) -> bool {
    diagnostics.iter().any(Diagnostic::is_error)
}

/// Turns byte offsets into 1-based lines and character columns.
pub struct LineIndex<'a> {
    text: &'a str,
    line_starts: Vec<usize>,
}

impl<'a> LineIndex<'a> {
    pub fn new(text: &'a str) -> LineIndex<'a> {
        let mut line_starts = vec![0];
        for (offset, byte) in text.bytes().enumerate() {
            if byte == b'\n' {
                line_starts.push(offset + 1);
            }
        }
        LineIndex { text, line_starts }
    }

    /// `(line, column)` of a byte offset, both from 1. Offsets past the end map to the end.
    pub fn line_column(&self, offset: usize) -> (u32, u32) {
        let offset = offset.min(self.text.len());
        let line = match self.line_starts.binary_search(&offset) {
            Ok(line) => line,
            Err(next) => next - 1,
        };
        let start = self.line_starts[line];
        let mut end = offset;
        while end > start && !self.text.is_char_boundary(end) {
            end -= 1;
        }
        let column = self.text[start..end].chars().count() + 1;
        (line as u32 + 1, column as u32)
    }

    pub fn location(&self, file: Option<&str>, offset: usize, path: Option<String>) -> Location {
        let (line, column) = self.line_column(offset);
        Location { file: file.map(str::to_string), line: Some(line), column: Some(column), row: None, path }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_are_unique_and_kebab_case() {
        let mut seen = std::collections::HashSet::new();
        for code in Code::ALL {
            assert!(seen.insert(code.as_str()), "duplicate code {}", code.as_str());
            assert!(
                code.as_str().chars().all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-'),
                "{}",
                code.as_str()
            );
        }
    }

    #[test]
    fn line_columns_count_characters() {
        let text = "a = 1\nđiểm = \"x\"\n";
        let index = LineIndex::new(text);
        assert_eq!(index.line_column(0), (1, 1));
        let offset = text.find('=').unwrap();
        assert_eq!(index.line_column(offset), (1, 3));
        let second = text.rfind('=').unwrap();
        assert_eq!(index.line_column(second), (2, 6));
        assert_eq!(index.line_column(10_000), (3, 1));
    }

    #[test]
    fn renders_like_a_compiler() {
        let diagnostic = Diagnostic::new(
            Code::UnknownFact,
            Location { file: Some("r.toml".into()), line: Some(3), column: Some(7), row: None, path: None },
            "không có dữ kiện `x`",
            "no fact `x`",
        );
        assert_eq!(diagnostic.render(Lang::Vi), "r.toml:3:7: lỗi[unknown-fact]: không có dữ kiện `x`");
        assert_eq!(diagnostic.render(Lang::En), "r.toml:3:7: error[unknown-fact]: no fact `x`");
    }
}
