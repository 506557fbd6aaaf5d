//! Diagnostics at their place in the rule file's text.

use crate::diag::{Code, Diagnostic, LineIndex, Location};
use crate::ruleset::Level;
use crate::toml_doc::Spanned;

/// The diagnostics of the file being compiled, each located by a byte offset into its text.
pub(super) struct Reporter<'a> {
    pub(super) text: &'a str,
    pub(super) file: Option<&'a str>,
    pub(super) index: LineIndex<'a>,
    pub(super) diagnostics: Vec<Diagnostic>,
}

impl Reporter<'_> {
    fn at(&self, offset: usize, path: impl Into<String>) -> Location {
        self.index.location(self.file, offset, Some(path.into()))
    }

    pub(super) fn push(
        &mut self,
        code: Code,
        offset: usize,
        path: impl Into<String>,
        vi: impl Into<String>,
        en: impl Into<String>,
    ) {
        let location = self.at(offset, path);
        self.diagnostics.push(Diagnostic::new(code, location, vi, en));
    }

    /// Offset of the first character inside a quoted TOML string whose token starts at `span_start`.
    pub(super) fn string_body(&self, span_start: usize) -> usize {
        let rest = self.text.get(span_start..).unwrap_or("");
        if rest.starts_with("\"\"\"") || rest.starts_with("'''") {
            let mut offset = span_start + 3;
            // A newline right after the opening quotes is not part of the string.
            if self.text[offset..].starts_with("\r\n") {
                offset += 2;
            } else if self.text[offset..].starts_with('\n') {
                offset += 1;
            }
            offset
        } else if rest.starts_with('"') || rest.starts_with('\'') {
            span_start + 1
        } else {
            span_start
        }
    }

    pub(super) fn check_id(&mut self, id: &Spanned<String>, path: &str) {
        let valid = !id.get_ref().is_empty()
            && id.get_ref().chars().all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_' || c == '-')
            && id.get_ref().chars().next().is_some_and(|c| c.is_ascii_lowercase());
        if !valid {
            self.push(
                Code::InvalidId,
                id.span().start,
                path,
                format!("mã `{}` không hợp lệ: chỉ dùng a-z, 0-9, '_' và '-', bắt đầu bằng chữ", id.get_ref()),
                format!("invalid id `{}`: use a-z, 0-9, '_' and '-', starting with a letter", id.get_ref()),
            );
        }
    }

    pub(super) fn duplicate(&mut self, id: &Spanned<String>, path: &str) {
        self.push(
            Code::DuplicateId,
            id.span().start,
            path,
            format!("mã `{}` bị trùng", id.get_ref()),
            format!("id `{}` is used twice", id.get_ref()),
        );
    }

    pub(super) fn unknown_level(&mut self, id: &Spanned<String>, path: &str, levels: &[Level]) {
        let ids: Vec<&str> = levels.iter().map(|l| l.id.as_str()).collect();
        self.push(
            Code::UnknownLevel,
            self.string_body(id.span().start),
            path,
            format!("không có mức `{}`; các mức: {}", id.get_ref(), ids.join(", ")),
            format!("there is no level `{}`; the levels are: {}", id.get_ref(), ids.join(", ")),
        );
    }
}
