//! Reading TOML documents by hand, over the span-preserving tree of the `toml` parser.
//!
//! Rule, target, figures and cases files are parsed by [`toml::de::DeTable::parse_recoverable`] into a tree of
//! values that keep their byte spans; the `Doc` types ([`crate::doc`], [`crate::targets`], [`crate::cases`]) are
//! then built from that tree by the small readers here rather than by serde, which keeps the WebAssembly build small
//! and lets every shape problem of a file be reported at once, each at its line and column and with the path of the
//! field: a missing field (`missing-field`), a field the format does not have (`unknown-field`, with the allowed
//! ones), a value of the wrong type (`wrong-type`) or a value that is not allowed (`invalid-value`).
//!
//! A type that can be read from a value implements [`FromToml`]; a type read from a table implements
//! [`FromTable`], asking its [`Fields`] for each field by name (which also records the fields it allows).

use std::collections::BTreeMap;
use std::ops::Range;

use toml::de::{DeTable, DeValue};

use crate::diag::{Code, Diagnostic, LineIndex, Location};
use crate::lang::Text;
use crate::num::Num;

/// A value with the byte range of the text it was read from, so a diagnostic can point at it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Spanned<T> {
    span: Range<usize>,
    value: T,
}

impl<T> Spanned<T> {
    pub fn new(span: Range<usize>, value: T) -> Spanned<T> {
        Spanned { span, value }
    }

    /// Byte range in the file's text.
    pub fn span(&self) -> Range<usize> {
        self.span.clone()
    }

    pub fn get_ref(&self) -> &T {
        &self.value
    }

    pub fn into_inner(self) -> T {
        self.value
    }
}

/// A TOML value whose type is not fixed by the format: a fact's default, a fact's value in a case.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Value {
    String(String),
    Integer(i64),
    /// A float, as written (without `_`): read exactly with [`float_num`], never through `f64`.
    Float(String),
    Boolean(bool),
    /// A date-time, an array or a table: the English name of the type, for messages.
    Other(&'static str),
}

impl Value {
    pub fn as_str(&self) -> Option<&str> {
        match self {
            Value::String(s) => Some(s),
            _ => None,
        }
    }
}

/// A TOML float as written (`89.5`, `1e3`, `-0.25`) as an exact number; `None` for `inf`, `nan` and values that do
/// not fit.
pub fn float_num(text: &str) -> Option<Num> {
    let (mantissa, exponent) = match text.find(['e', 'E']) {
        Some(at) => (&text[..at], text[at + 1..].parse::<i32>().ok()?),
        None => (text, 0),
    };
    if !(-18..=18).contains(&exponent) {
        return None;
    }
    let mut number = Num::parse(mantissa).ok()?;
    for _ in 0..exponent.unsigned_abs() {
        number = if exponent > 0 { number.checked_mul(Num::int(10)) } else { number.checked_div(Num::int(10)) }.ok()?;
    }
    Some(number)
}

/// A node of the parsed tree.
pub type Node<'i> = toml::Spanned<DeValue<'i>>;

/// The diagnostics of one file being read.
pub struct Reader<'t> {
    file: Option<&'t str>,
    index: LineIndex<'t>,
    /// Problems with the byte offset they point at, to report them in the order of the file.
    problems: Vec<(usize, Diagnostic)>,
}

/// Syntax errors reported for one file, at most: the first is the one that matters, the others often follow from it.
const MAX_SYNTAX_ERRORS: usize = 5;

/// The largest TOML file read (rule, target, figures and cases files; a share link's rule set inflates to at most
/// this): the bundled rule files are under 50 KB and 10,000 rules take about 2 MB, while the parsed tree takes tens
/// of times the text, so a larger file is refused before it is parsed.
pub const MAX_FILE_BYTES: usize = 10 * 1024 * 1024;

/// The most values a TOML file may write, counted as the marks that open or separate one (`{`, `[`, `,`, `=`, also
/// inside strings): the bundled files have one per 17 bytes, so a 10,000-rule file has about 150,000 and 50,000
/// derived facts about 250,000, while a file of nothing but `{},{},…` would make millions of nodes (about 200 bytes
/// each) out of a few megabytes; this bounds the parsed tree to about 100 MB.
pub const MAX_FILE_VALUES: usize = 500_000;

/// The most shape problems listed for one file; the rest are counted in one last problem.
pub const MAX_PROBLEMS: usize = 500;

/// Rules per list of a rule file (conditions of a level, disqualifiers …): the compiled rule set numbers them in 16
/// bits. A longer list is one `too-many-rules` problem.
pub const MAX_RULES: usize = 10_000;

/// The most elements read from one array (a list of rules: [`MAX_RULES`]): more are one
/// `input-limit` problem (`too-many-rules` for a list of rules), not one problem per element.
pub const MAX_ARRAY_ITEMS: usize = 100_000;

/// The `input-limit` diagnostic for a TOML text over [`MAX_FILE_BYTES`] or [`MAX_FILE_VALUES`], or `None`.
pub fn too_large(text: &str, file: Option<&str>) -> Option<Diagnostic> {
    let megabytes = MAX_FILE_BYTES / (1024 * 1024);
    let (vi, en) = if text.len() > MAX_FILE_BYTES {
        (
            format!("tệp lớn hơn {megabytes} MB (giới hạn kích thước tệp TOML)"),
            format!("the file is larger than {megabytes} MB (the TOML file size limit)"),
        )
    } else if text.bytes().filter(|b| matches!(b, b'{' | b'[' | b',' | b'=')).count() > MAX_FILE_VALUES {
        (
            format!("tệp viết hơn {MAX_FILE_VALUES} giá trị (giới hạn số giá trị của tệp TOML)"),
            format!("the file writes more than {MAX_FILE_VALUES} values (the TOML value limit)"),
        )
    } else {
        return None;
    };
    Some(Diagnostic::new(
        Code::InputLimit,
        crate::diag::Location::in_file(file),
        format!("{vi}; tệp không được đọc"),
        format!("{en}; the file is not read"),
    ))
}

/// Parse a TOML text into its span-preserving tree, or its syntax errors (`toml-syntax`), located. A text over
/// [`MAX_FILE_BYTES`] is refused unparsed.
pub fn parse<'t>(text: &'t str, file: Option<&str>) -> Result<toml::Spanned<DeTable<'t>>, Vec<Diagnostic>> {
    if let Some(diagnostic) = too_large(text, file) {
        return Err(vec![diagnostic]);
    }
    let (root, errors) = DeTable::parse_recoverable(text);
    if errors.is_empty() {
        return Ok(root);
    }
    let mut errors: Vec<(usize, toml::de::Error)> =
        errors.into_iter().map(|e| (e.span().map_or(0, |s| s.start), e)).collect();
    errors.sort_by_key(|(offset, _)| *offset);
    let index = LineIndex::new(text);
    let mut diagnostics: Vec<Diagnostic> = Vec::new();
    let mut last_line = None;
    for (offset, error) in &errors {
        let line = index.line_column(*offset).0;
        // After a mistake the parser goes on at the next line, so more errors on the same line are noise; so
        // are the missing commas that follow once a string or bracket is left open and swallows what comes
        // after it. A few errors are enough to go on.
        let problem = TomlProblem::classify(error.message());
        let echo = last_line.is_some_and(|last| last == line || problem.is_echo());
        if !echo {
            diagnostics.push(toml_error(error, &problem, text, file));
            last_line = Some(line);
        }
        if diagnostics.len() == MAX_SYNTAX_ERRORS {
            break;
        }
    }
    Err(diagnostics)
}

/// Read a whole document: the syntax errors (`toml-syntax`), or else every shape problem, or the document.
pub fn read_document<T: FromTable>(text: &str, file: Option<&str>) -> Result<T, Vec<Diagnostic>> {
    let root = parse(text, file)?;
    read_tree(root.get_ref(), text, file)
}

/// Read a document from a parsed tree whose spans are offsets into `text` (a file's text, or the virtual text of
/// an overlay and its bases, [`crate::overlay`]): every shape problem, or the document.
pub fn read_tree<T: FromTable>(root: &DeTable, text: &str, file: Option<&str>) -> Result<T, Vec<Diagnostic>> {
    let mut reader = Reader { file, index: LineIndex::new(text), problems: Vec::new() };
    let mut fields = Fields { table: root, at: 0, path: String::new(), known: Vec::new() };
    let doc = T::from_table(&mut reader, &mut fields);
    fields.finish(&mut reader);
    match doc {
        Some(doc) if reader.problems.is_empty() => Ok(doc),
        _ => {
            reader.problems.sort_by_key(|(offset, _)| *offset);
            let more = reader.problems.len().saturating_sub(MAX_PROBLEMS);
            let mut problems: Vec<Diagnostic> =
                reader.problems.into_iter().take(MAX_PROBLEMS).map(|(_, d)| d).collect();
            if more > 0 {
                problems.push(Diagnostic::new(
                    Code::InputLimit,
                    crate::diag::Location::in_file(file),
                    format!("còn {more} vấn đề nữa không được liệt kê (giới hạn {MAX_PROBLEMS} vấn đề mỗi tệp)"),
                    format!("{more} more problems are not listed (the limit is {MAX_PROBLEMS} problems per file)"),
                ));
            }
            Err(problems)
        }
    }
}

impl Reader<'_> {
    pub fn problem(&mut self, code: Code, offset: usize, path: &str, vi: String, en: String) {
        let location = self.index.location(self.file, offset, Some(path.to_string()));
        self.problems.push((offset, Diagnostic::new(code, location, vi, en)));
    }

    /// Report a value of the wrong type; `expected` is (Vietnamese, English).
    pub fn wrong_type(&mut self, node: &Node, path: &str, expected: (&str, &str)) {
        let (vi, en) = type_name(node.get_ref());
        self.problem(
            Code::WrongType,
            node.span().start,
            path,
            format!("cần {}, nhưng đây là {vi}", expected.0),
            format!("expected {}, found {en}", expected.1),
        );
    }

    pub fn invalid(&mut self, node: &Node, path: &str, vi: String, en: String) {
        self.problem(Code::InvalidValue, node.span().start, path, vi, en);
    }

    /// The fields of a table, or a `wrong-type` problem.
    pub fn fields<'a, 'i>(&mut self, node: &'a Node<'i>, path: &str) -> Option<Fields<'a, 'i>> {
        match node.get_ref() {
            DeValue::Table(table) => {
                Some(Fields { table, at: node.span().start, path: path.to_string(), known: Vec::new() })
            }
            _ => {
                self.wrong_type(node, path, ("một bảng", "a table"));
                None
            }
        }
    }
}

fn type_name(value: &DeValue) -> (&'static str, &'static str) {
    match value {
        DeValue::String(_) => ("một chuỗi", "a string"),
        DeValue::Integer(_) => ("một số nguyên", "an integer"),
        DeValue::Float(_) => ("một số thập phân", "a float"),
        DeValue::Boolean(_) => ("một giá trị true/false", "a boolean"),
        DeValue::Datetime(_) => ("một ngày giờ", "a date-time"),
        DeValue::Array(_) => ("một danh sách", "an array"),
        DeValue::Table(_) => ("một bảng", "a table"),
    }
}

fn join(path: &str, key: &str) -> String {
    if path.is_empty() { key.to_string() } else { format!("{path}.{key}") }
}

/// A table being read: the fields asked for so far are the fields it allows.
pub struct Fields<'a, 'i> {
    table: &'a DeTable<'i>,
    /// Where a missing field is reported: the table's header or opening brace.
    at: usize,
    path: String,
    known: Vec<&'static str>,
}

impl<'a, 'i> Fields<'a, 'i> {
    /// The node of field `key`, if present, and its path.
    #[inline(never)]
    pub fn node(&mut self, key: &'static str) -> Option<(&'a Node<'i>, String)> {
        self.known.push(key);
        self.table.get(key).map(|node| (node, join(&self.path, key)))
    }

    /// An optional field: `None` when absent (or unreadable, which is reported).
    pub fn opt<T: FromToml>(&mut self, r: &mut Reader, key: &'static str) -> Option<T> {
        let (node, path) = self.node(key)?;
        T::read(r, node, &path)
    }

    /// An optional field with a default.
    pub fn or_default<T: FromToml + Default>(&mut self, r: &mut Reader, key: &'static str) -> T {
        self.opt(r, key).unwrap_or_default()
    }

    /// A required field: `missing-field` when absent.
    pub fn req<T: FromToml>(&mut self, r: &mut Reader, key: &'static str) -> Option<T> {
        let (node, path) = self.required(r, key)?;
        T::read(r, node, &path)
    }

    /// The node of a required field, or a `missing-field` problem. Not generic, so it is not repeated for every
    /// type read (code size matters in the browser).
    #[inline(never)]
    fn required(&mut self, r: &mut Reader, key: &'static str) -> Option<(&'a Node<'i>, String)> {
        let found = self.node(key);
        if found.is_none() {
            r.problem(
                Code::MissingField,
                self.at,
                &join(&self.path, key),
                format!("thiếu trường bắt buộc `{key}`"),
                format!("missing required field `{key}`"),
            );
        }
        found
    }

    /// Report every field that was not asked for, with the allowed ones.
    pub fn finish(&self, r: &mut Reader) {
        for key in self.table.keys() {
            let name: &str = key.get_ref();
            if self.known.contains(&name) {
                continue;
            }
            let allowed = self.known.join(", ");
            let (hint_vi, hint_en) = match closest(name, &self.known) {
                Some(near) => (format!(" (có phải `{near}`?)"), format!(" (did you mean `{near}`?)")),
                None => (String::new(), String::new()),
            };
            r.problem(
                Code::UnknownField,
                key.span().start,
                &join(&self.path, name),
                format!("trường `{name}` không được phép ở đây{hint_vi}; các trường được phép: {allowed}"),
                format!("unknown field `{name}`{hint_en}; the allowed fields are: {allowed}"),
            );
        }
    }
}

/// The allowed name nearest to a misspelt one (at most two edits, and a third of its letters, away), as a hint.
fn closest<'k>(name: &str, known: &[&'k str]) -> Option<&'k str> {
    let distance = |a: &str, b: &str| -> usize {
        let b: Vec<char> = b.chars().collect();
        let mut row: Vec<usize> = (0..=b.len()).collect();
        for (i, ca) in a.chars().enumerate() {
            let mut diagonal = row[0];
            row[0] = i + 1;
            for (j, cb) in b.iter().enumerate() {
                let above = row[j + 1];
                row[j + 1] = (diagonal + usize::from(ca != *cb)).min(row[j] + 1).min(above + 1);
                diagonal = above;
            }
        }
        row[b.len()]
    };
    known
        .iter()
        .map(|k| (distance(name, k), *k))
        .filter(|(d, k)| *d <= 2 && d * 3 <= name.len().max(k.len()))
        .min_by_key(|(d, _)| *d)
        .map(|(_, k)| k)
}

/// A type read from one TOML value.
pub trait FromToml: Sized {
    /// `None` after reporting the problem.
    fn read(r: &mut Reader, node: &Node, path: &str) -> Option<Self>;
}

/// A type read from a TOML table, field by field.
pub trait FromTable: Sized {
    /// Ask `fields` for every field (the unknown ones are reported after); `None` when a required one is missing or
    /// unreadable (reported).
    fn from_table(r: &mut Reader, fields: &mut Fields) -> Option<Self>;
}

impl<T: FromTable> FromToml for T {
    fn read(r: &mut Reader, node: &Node, path: &str) -> Option<T> {
        let mut fields = r.fields(node, path)?;
        let value = T::from_table(r, &mut fields);
        fields.finish(r);
        value
    }
}

impl FromToml for String {
    fn read(r: &mut Reader, node: &Node, path: &str) -> Option<String> {
        match node.get_ref() {
            DeValue::String(s) => Some(s.to_string()),
            _ => {
                r.wrong_type(node, path, ("một chuỗi", "a string"));
                None
            }
        }
    }
}

impl FromToml for bool {
    fn read(r: &mut Reader, node: &Node, path: &str) -> Option<bool> {
        match node.get_ref() {
            DeValue::Boolean(b) => Some(*b),
            _ => {
                r.wrong_type(node, path, ("true hoặc false", "true or false"));
                None
            }
        }
    }
}

impl FromToml for i64 {
    fn read(r: &mut Reader, node: &Node, path: &str) -> Option<i64> {
        match node.get_ref() {
            DeValue::Integer(i) => match i64::from_str_radix(i.as_str(), i.radix()) {
                Ok(value) => Some(value),
                Err(_) => {
                    r.invalid(node, path, "số quá lớn".into(), "the number is too large".into());
                    None
                }
            },
            _ => {
                r.wrong_type(node, path, ("một số nguyên", "an integer"));
                None
            }
        }
    }
}

impl FromToml for u64 {
    fn read(r: &mut Reader, node: &Node, path: &str) -> Option<u64> {
        let value = i64::read(r, node, path)?;
        match u64::try_from(value) {
            Ok(value) => Some(value),
            Err(_) => {
                r.invalid(
                    node,
                    path,
                    format!("số đếm không được âm ({value})"),
                    format!("a count cannot be negative ({value})"),
                );
                None
            }
        }
    }
}

impl FromToml for Num {
    fn read(r: &mut Reader, node: &Node, path: &str) -> Option<Num> {
        let (number, written) = match node.get_ref() {
            DeValue::Integer(_) => return i64::read(r, node, path).map(Num::int),
            DeValue::Float(f) => (float_num(f.as_str()), f.as_str()),
            DeValue::String(s) => (Num::parse(s).ok(), &**s),
            _ => {
                r.wrong_type(node, path, ("một số (90, 89.5 hoặc \"30%\")", "a number (90, 89.5 or \"30%\")"));
                return None;
            }
        };
        if number.is_none() {
            r.invalid(
                node,
                path,
                format!("\"{written}\" không phải là một số đọc được"),
                format!("\"{written}\" is not a number that can be read"),
            );
        }
        number
    }
}

impl FromToml for Text {
    fn read(r: &mut Reader, node: &Node, path: &str) -> Option<Text> {
        match node.get_ref() {
            DeValue::String(s) => Some(Text { vi: s.to_string(), en: None }),
            DeValue::Table(_) => {
                // Other keys are ignored, as they always have been (a text table is not checked for them).
                let mut fields = r.fields(node, path)?;
                let vi = fields.req(r, "vi");
                let en = fields.opt(r, "en");
                Some(Text { vi: vi?, en })
            }
            _ => {
                r.wrong_type(
                    node,
                    path,
                    ("một chuỗi hoặc { vi = \"…\", en = \"…\" }", "a string or { vi = \"…\", en = \"…\" }"),
                );
                None
            }
        }
    }
}

impl FromToml for Value {
    fn read(r: &mut Reader, node: &Node, path: &str) -> Option<Value> {
        Some(match node.get_ref() {
            DeValue::String(s) => Value::String(s.to_string()),
            DeValue::Integer(_) => Value::Integer(i64::read(r, node, path)?),
            DeValue::Float(f) => Value::Float(f.as_str().to_string()),
            DeValue::Boolean(b) => Value::Boolean(*b),
            other => Value::Other(type_name(other).1),
        })
    }
}

impl<T: FromToml> FromToml for Spanned<T> {
    fn read(r: &mut Reader, node: &Node, path: &str) -> Option<Spanned<T>> {
        T::read(r, node, path).map(|value| Spanned::new(node.span(), value))
    }
}

/// An array (inline, or of tables written `[[…]]`); every element is read, so all problems are reported.
impl<T: FromToml> FromToml for Vec<T> {
    fn read(r: &mut Reader, node: &Node, path: &str) -> Option<Vec<T>> {
        let DeValue::Array(array) = node.get_ref() else {
            r.wrong_type(node, path, ("một danh sách [ … ]", "an array [ … ]"));
            return None;
        };
        let rules = ["condition", "not_classified", "disqualifier", "cap"].iter().any(|list| path.ends_with(list));
        let (limit, code, what_vi, what_en) = if rules {
            (MAX_RULES, Code::TooManyRules, "quy tắc", "rules")
        } else {
            (MAX_ARRAY_ITEMS, Code::InputLimit, "phần tử", "elements")
        };
        if array.len() > limit {
            r.problem(
                code,
                node.span().start,
                path,
                format!("danh sách có {} {what_vi}, nhiều hơn giới hạn {limit}; không được đọc", array.len()),
                format!("the list has {} {what_en}, more than the limit of {limit}; it is not read", array.len()),
            );
            return None;
        }
        let mut items = Vec::with_capacity(array.len());
        let mut complete = true;
        for (i, item) in array.iter().enumerate() {
            match T::read(r, item, &format!("{path}[{i}]")) {
                Some(value) => items.push(value),
                None => complete = false,
            }
        }
        complete.then_some(items)
    }
}

/// A table whose keys are names chosen by the writer (level ids, figure names, fact ids).
impl<T: FromToml> FromToml for BTreeMap<String, T> {
    fn read(r: &mut Reader, node: &Node, path: &str) -> Option<BTreeMap<String, T>> {
        let DeValue::Table(table) = node.get_ref() else {
            r.wrong_type(node, path, ("một bảng", "a table"));
            return None;
        };
        let mut map = BTreeMap::new();
        let mut complete = true;
        for (key, item) in table.iter() {
            let key: &str = key.get_ref();
            match T::read(r, item, &join(path, key)) {
                Some(value) => {
                    map.insert(key.to_string(), value);
                }
                None => complete = false,
            }
        }
        complete.then_some(map)
    }
}

/// Read one of a fixed list of words, or report the allowed ones (`invalid-value`).
pub fn word<T: Copy>(r: &mut Reader, node: &Node, path: &str, words: &[(&str, T)]) -> Option<T> {
    let text = String::read(r, node, path)?;
    if let Some((_, value)) = words.iter().find(|(w, _)| *w == text) {
        return Some(*value);
    }
    let allowed: Vec<&str> = words.iter().map(|(w, _)| *w).collect();
    let allowed = allowed.join(", ");
    r.invalid(
        node,
        path,
        format!("giá trị `{text}` không được phép; các giá trị: {allowed}"),
        format!("`{text}` is not allowed here; the values are: {allowed}"),
    );
    None
}

/// `impl FromToml` for a fieldless enum written as one of its snake_case words.
macro_rules! words {
    ($ty:ty { $( $word:literal => $variant:expr ),* $(,)? }) => {
        impl $crate::toml_doc::FromToml for $ty {
            fn read(
                r: &mut $crate::toml_doc::Reader,
                node: &$crate::toml_doc::Node,
                path: &str,
            ) -> Option<$ty> {
                $crate::toml_doc::word(r, node, path, &[ $( ($word, $variant) ),* ])
            }
        }
    };
}
pub(crate) use words;

/// A TOML syntax error as a diagnostic with line and column: the Vietnamese from its [`TomlProblem`], the English as
/// the parser said it.
pub fn toml_error(error: &toml::de::Error, problem: &TomlProblem<'_>, text: &str, file: Option<&str>) -> Diagnostic {
    let index = LineIndex::new(text);
    let location = match error.span() {
        Some(span) => index.location(file, span.start, None),
        None => Location::in_file(file),
    };
    let message = error.message().trim().to_string();
    Diagnostic::new(
        Code::TomlSyntax,
        location,
        format!("tệp TOML không hợp lệ: {}", problem.vietnamese()),
        format!("invalid TOML: {message}"),
    )
}

/// What the TOML parser says went wrong, classified once where its error comes in. The parser gives its errors only
/// as English text (`invalid basic string, expected `"``): the description and each thing it expected are read
/// into [`TomlWord`]s here, and the Vietnamese message and every decision about the error come from those values.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TomlProblem<'m> {
    /// What went wrong ([`TomlWord::Other`] for a description not known here).
    pub what: TomlWord,
    /// What the parser expected instead, as far as known: words, and quoted characters as the parser wrote them.
    pub expected: Vec<TomlExpected<'m>>,
}

/// One thing the TOML parser expected.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum TomlExpected<'m> {
    /// A quoted character or word, kept as written (`` `"` ``).
    Quoted(&'m str),
    Word(TomlWord),
}

impl<'m> TomlProblem<'m> {
    /// Classify a message of the TOML parser: `description[, expected item, item …]`.
    pub fn classify(message: &'m str) -> TomlProblem<'m> {
        let message = message.trim();
        let (description, expected) = match message.split_once(", expected ") {
            Some((description, expected)) => (description, Some(expected)),
            None => (message, None),
        };
        let expected = expected
            .into_iter()
            .flat_map(|expected| expected.split(", "))
            .filter_map(|item| {
                if item.starts_with('`') {
                    Some(TomlExpected::Quoted(item))
                } else {
                    TomlWord::classify(item).map(TomlExpected::Word)
                }
            })
            .collect();
        TomlProblem { what: TomlWord::classify(description).unwrap_or(TomlWord::Other), expected }
    }

    /// The problem in Vietnamese: `chuỗi trong ngoặc kép không hợp lệ (thiếu dấu đóng?), cần `"``.
    pub fn vietnamese(&self) -> String {
        let mut out = self.what.vietnamese().to_string();
        let wanted: Vec<&str> = self
            .expected
            .iter()
            .map(|item| match item {
                TomlExpected::Quoted(quoted) => quoted,
                TomlExpected::Word(word) => word.vietnamese(),
            })
            .collect();
        if !wanted.is_empty() {
            out.push_str(&format!(", cần {}", wanted.join(" hoặc ")));
        }
        out
    }

    /// An error the parser reports after an earlier one on another line has left a string or bracket open, which
    /// then swallows what comes after it: a missing comma, a missing key in an inline table.
    pub fn is_echo(&self) -> bool {
        matches!(
            self.what,
            TomlWord::MissingCommaBetweenArrayElements
                | TomlWord::MissingCommaBetweenKeyValuePairs
                | TomlWord::MissingKeyForInlineTableElement
        )
    }
}

/// The words of the TOML parser's messages, each with its Vietnamese (a table, smaller in the WebAssembly build than
/// a `match`).
macro_rules! toml_words {
    ($( $(#[$doc:meta])* $variant:ident = $vietnamese:literal; )*) => {
        /// A description or an expectation of the TOML parser (`toml_parser` and `toml::de`), as a value.
        #[derive(Clone, Copy, Debug, PartialEq, Eq)]
        pub enum TomlWord { $( $(#[$doc])* $variant, )* }

        impl TomlWord {
            pub fn vietnamese(self) -> &'static str {
                const VIETNAMESE: &[&str] = &[ $( $vietnamese, )* ];
                VIETNAMESE[self as usize]
            }
        }
    };
}

toml_words! {
    DuplicateKey = "khóa bị lặp";
    TooDeep = "lồng nhau quá sâu";
    UnderscoreBetweenDigits = "dấu `_` chỉ được đặt giữa các chữ số";
    BasicString = "chuỗi trong ngoặc kép";
    LiteralString = "chuỗi trong ngoặc đơn";
    MultiLineBasicString = "chuỗi nhiều dòng trong ngoặc kép";
    MultiLineLiteralString = "chuỗi nhiều dòng trong ngoặc đơn";
    CarriageReturn = "ký tự về đầu dòng (CR) phải đi cùng xuống dòng";
    PrintableCharacters = "ký tự in được";
    NonDoubleQuoteCharacters = "ký tự khác dấu ngoặc kép";
    NonSingleQuoteCharacters = "ký tự khác dấu ngoặc đơn";
    Digits = "chữ số";
    Letters = "chữ cái";
    Numbers = "số";
    Key = "khóa";
    Value = "giá trị";
    Nothing = "hết dòng";
    Whitespace = "khoảng trắng";
    ExtraEquals = "thừa dấu `=`";
    ExtraAssignment = "thừa phép gán giữa các cặp khóa = giá trị";
    ExtraCommaInArray = "thừa dấu phẩy trong mảng";
    ExtraCommaInInlineTable = "thừa dấu phẩy trong bảng một dòng";
    SignedRadix = "số nguyên có cơ số không được có dấu";
    InvalidBasicString = "chuỗi trong ngoặc kép không hợp lệ (thiếu dấu đóng?)";
    InvalidLiteralString = "chuỗi trong ngoặc đơn không hợp lệ (thiếu dấu đóng?)";
    InvalidMultiLineBasicString = "chuỗi nhiều dòng trong ngoặc kép không hợp lệ";
    InvalidMultiLineLiteralString = "chuỗi nhiều dòng trong ngoặc đơn không hợp lệ";
    InvalidString = "chuỗi không hợp lệ";
    InvalidCommentCharacter = "ký tự không được phép trong chú thích";
    InvalidInlineTableElement = "phần tử bảng một dòng không hợp lệ";
    InvalidKeyValuePair = "cặp khóa = giá trị không hợp lệ";
    InvalidKey = "khóa không hợp lệ";
    InvalidValue = "giá trị không hợp lệ";
    InvalidTable = "bảng không hợp lệ";
    InvalidInteger = "số nguyên không hợp lệ";
    InvalidFloat = "số thực không hợp lệ";
    InvalidRadixNumber = "số không hợp lệ";
    InvalidBoolean = "giá trị đúng/sai không hợp lệ (true/false)";
    InvalidDateTime = "ngày giờ không hợp lệ";
    MissingValue = "khóa thiếu giá trị";
    MultiLineKey = "khóa không được là chuỗi nhiều dòng";
    MissingArrayOpening = "thiếu dấu mở mảng `[`";
    MissingAssignment = "thiếu dấu `=` giữa khóa và giá trị";
    MissingCommaBetweenArrayElements = "thiếu dấu phẩy giữa các phần tử mảng";
    MissingCommaBetweenKeyValuePairs = "thiếu dấu phẩy giữa các cặp khóa = giá trị";
    MissingCommentStart = "thiếu dấu bắt đầu chú thích `#`";
    MissingEscapedValue = "thiếu ký tự sau dấu `\\`";
    MissingInlineTableOpening = "thiếu dấu mở bảng `{`";
    MissingKeyForInlineTableElement = "phần tử bảng một dòng thiếu khóa";
    MissingOpeningQuote = "thiếu dấu ngoặc mở";
    MissingTableOpen = "thiếu dấu mở bảng `[`";
    RadixMustBeLowercase = "tiền tố cơ số phải viết thường";
    RedundantSign = "dấu hoặc tiền tố số thừa";
    UnquotedString = "giá trị chuỗi phải đặt trong ngoặc kép";
    TooFewUnicodeDigits = "mã Unicode thiếu chữ số";
    UnicodeHexValue = "mã Unicode hệ 16";
    UnclosedArray = "mảng chưa đóng `]`";
    UnclosedArrayTable = "tiêu đề bảng mảng chưa đóng `]]`";
    UnclosedInlineTable = "bảng một dòng chưa đóng `}`";
    UnclosedTable = "tiêu đề bảng chưa đóng `]`";
    EqualsInArray = "dấu `=` không được có trong mảng";
    UnexpectedContent = "nội dung không mong đợi";
    UnexpectedAfterComment = "nội dung không mong đợi sau chú thích";
    LeadingZero = "số không được bắt đầu bằng 0";
    EmptyUnquotedKey = "khóa không có ngoặc không được rỗng";
    StringTooLarge = "chuỗi quá lớn";
    NumberOverflow = "số quá lớn";
    ExtendValue = "không thêm được khóa có dấu chấm vào giá trị đã khai báo";
    /// A description not known here.
    Other = "cú pháp sai";
}

impl TomlWord {
    /// The word for a description or expectation of the parser, as it writes it; `None` when not known.
    pub fn classify(english: &str) -> Option<TomlWord> {
        use TomlWord::*;
        const ENGLISH: &[(&str, TomlWord)] = &[
            ("duplicate key", DuplicateKey),
            ("recursion limit", TooDeep),
            ("cannot recurse further; max recursion depth met", TooDeep),
            ("`_` may only go between digits", UnderscoreBetweenDigits),
            ("basic string", BasicString),
            ("literal string", LiteralString),
            ("multi-line basic string", MultiLineBasicString),
            ("multi-line literal string", MultiLineLiteralString),
            ("carriage return must be followed by newline", CarriageReturn),
            ("characters", PrintableCharacters),
            ("printable characters", PrintableCharacters),
            ("non-double-quote visible characters", NonDoubleQuoteCharacters),
            ("non-single-quote characters", NonSingleQuoteCharacters),
            ("non-single-quote visible characters", NonSingleQuoteCharacters),
            ("digits", Digits),
            ("letters", Letters),
            ("numbers", Numbers),
            ("key", Key),
            ("value", Value),
            ("nothing", Nothing),
            ("whitespace", Whitespace),
            ("extra `=`", ExtraEquals),
            ("extra assignment between key-value pairs", ExtraAssignment),
            ("extra comma in array", ExtraCommaInArray),
            ("extra comma in inline table", ExtraCommaInInlineTable),
            ("integers with a radix cannot be signed", SignedRadix),
            ("invalid basic string", InvalidBasicString),
            ("invalid literal string", InvalidLiteralString),
            ("invalid multi-line basic string", InvalidMultiLineBasicString),
            ("invalid multi-line literal string", InvalidMultiLineLiteralString),
            ("invalid string", InvalidString),
            ("invalid comment character", InvalidCommentCharacter),
            ("invalid inline table element", InvalidInlineTableElement),
            ("invalid key-value pair", InvalidKeyValuePair),
            ("invalid unquoted key", InvalidKey),
            ("invalid key", InvalidKey),
            ("invalid value", InvalidValue),
            ("invalid table", InvalidTable),
            ("invalid integer number", InvalidInteger),
            ("invalid float", InvalidFloat),
            ("invalid mantissa", InvalidFloat),
            ("invalid fraction", InvalidFloat),
            ("invalid exponent", InvalidFloat),
            ("invalid octal number", InvalidRadixNumber),
            ("invalid binary number", InvalidRadixNumber),
            ("invalid hexadecimal number", InvalidRadixNumber),
            ("invalid boolean", InvalidBoolean),
            ("invalid date-time", InvalidDateTime),
            ("key with no value", MissingValue),
            ("missing value for key", MissingValue),
            ("missing value", MissingValue),
            ("keys cannot be multi-line basic strings", MultiLineKey),
            ("keys cannot be multi-line literal strings", MultiLineKey),
            ("missing array opening", MissingArrayOpening),
            ("missing assignment between key-value pairs", MissingAssignment),
            ("missing comma between array elements", MissingCommaBetweenArrayElements),
            ("missing comma between key-value pairs", MissingCommaBetweenKeyValuePairs),
            ("missing comment start", MissingCommentStart),
            ("missing escaped value", MissingEscapedValue),
            ("missing inline table opening", MissingInlineTableOpening),
            ("missing key for inline table element", MissingKeyForInlineTableElement),
            ("missing opening quote", MissingOpeningQuote),
            ("missing table open", MissingTableOpen),
            ("radix must be lowercase", RadixMustBeLowercase),
            ("redundant integer number prefix", RedundantSign),
            ("redundant numeric sign", RedundantSign),
            ("unexpected sign", RedundantSign),
            ("string values must be quoted", UnquotedString),
            ("too few unicode value digits", TooFewUnicodeDigits),
            ("unicode hexadecimal value", UnicodeHexValue),
            ("unclosed array", UnclosedArray),
            ("unclosed array table", UnclosedArrayTable),
            ("unclosed inline table", UnclosedInlineTable),
            ("unclosed table", UnclosedTable),
            ("unexpected `=` in array", EqualsInArray),
            ("unexpected content", UnexpectedContent),
            ("unexpected key or value", UnexpectedContent),
            ("unexpected content between comment and newline", UnexpectedAfterComment),
            ("unexpected leading zero", LeadingZero),
            ("unquoted keys cannot be empty", EmptyUnquotedKey),
            ("could not allocate for string", StringTooLarge),
            ("integer number overflowed", NumberOverflow),
            ("floating-point number overflowed", NumberOverflow),
        ];
        let english = english.trim();
        if let Some((_, word)) = ENGLISH.iter().find(|(key, _)| *key == english) {
            return Some(*word);
        }
        if english.starts_with("cannot extend value of type") {
            return Some(ExtendValue);
        }
        // Dates and times: `invalid date`, `invalid month`, `invalid offset` …
        english.starts_with("invalid ").then_some(InvalidDateTime)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn floats_are_read_exactly() {
        assert_eq!(float_num("89.5"), Num::parse("89.5").ok());
        assert_eq!(float_num("1e3"), Some(Num::int(1000)));
        assert_eq!(float_num("2.5E-1"), Num::parse("0.25").ok());
        assert_eq!(float_num("-0.0"), Some(Num::ZERO));
        assert_eq!(float_num("inf"), None);
        assert_eq!(float_num("nan"), None);
        assert_eq!(float_num("1e400"), None);
    }

    #[test]
    fn toml_messages_are_classified_once() {
        let problem = TomlProblem::classify("invalid basic string, expected `\"`");
        assert_eq!(problem.what, TomlWord::InvalidBasicString);
        assert_eq!(problem.expected, vec![TomlExpected::Quoted("`\"`")]);
        assert_eq!(problem.vietnamese(), "chuỗi trong ngoặc kép không hợp lệ (thiếu dấu đóng?), cần `\"`");
        // Unknown expectations are left out; an unknown description is a syntax error said plainly.
        let problem = TomlProblem::classify("something new, expected digits, etc");
        assert_eq!((problem.what, problem.expected), (TomlWord::Other, vec![TomlExpected::Word(TomlWord::Digits)]));
        assert_eq!(TomlWord::classify("invalid month"), Some(TomlWord::InvalidDateTime));
        assert!(TomlProblem::classify("missing comma between array elements, expected `,`").is_echo());
        assert!(!TomlProblem::classify("duplicate key").is_echo());
        assert_eq!(TomlWord::Other.vietnamese(), "cú pháp sai");
    }

    #[test]
    fn misspellings_get_a_hint() {
        assert_eq!(closest("verison", &["id", "name", "version"]), Some("version"));
        assert_eq!(closest("xyz", &["id", "name", "version"]), None);
    }
}

#[cfg(test)]
mod dotted_keys {
    use crate::diag::Code;

    /// `source.doc = …` on lines of their own reads as `source = { doc = … }`, and every problem points at its
    /// own line.
    #[test]
    fn dotted_keys_read_as_tables_with_their_spans() {
        let base = crate::builtin::DEFAULT_TEXT;
        let inline = "source = { doc = \"qd366\", at = \"Phụ lục 1–5\", status = \"confirmed\" }";
        assert!(base.contains(inline));
        let dotted = "source.doc = \"qd366\"\nsource.at = \"Phụ lục 1–5\"\nsource.status = \"confirmed\"";
        let text = base.replacen(inline, dotted, 1);
        let (rules, diagnostics) = crate::load(&text, None);
        let (rules, original) = (rules.expect("dotted keys load"), crate::load(base, None).0.unwrap());
        assert!(diagnostics.iter().all(|d| !d.is_error()));
        assert_eq!(rules.scoring.unwrap().source, original.scoring.unwrap().source);

        // A misspelt and a missing field: each at its line and column.
        let broken = text.replacen("source.status = \"confirmed\"", "source.statsu = \"confirmed\"", 1);
        let (_, diagnostics) = crate::load(&broken, Some("r.toml"));
        let line = broken[..broken.find("source.statsu").unwrap()].matches('\n').count() as u32 + 1;
        let unknown = diagnostics.iter().find(|d| d.code == Code::UnknownField).expect("unknown field");
        assert_eq!((unknown.location.line, unknown.location.column), (Some(line), Some(8)), "{unknown:?}");
        assert_eq!(unknown.location.path.as_deref(), Some("scoring.source.statsu"));
        let missing = diagnostics.iter().find(|d| d.code == Code::MissingField).expect("missing field");
        assert_eq!(missing.location.path.as_deref(), Some("scoring.source.status"));
        assert_eq!(missing.location.line, Some(line - 2), "at the first line of the dotted table: {missing:?}");
        // A wrong type in a dotted key is at its value.
        let wrong = text.replacen("source.at = \"Phụ lục 1–5\"", "source.at = 5", 1);
        let (_, diagnostics) = crate::load(&wrong, None);
        let wrong_type = diagnostics.iter().find(|d| d.code == Code::WrongType).expect("wrong type");
        assert_eq!((wrong_type.location.line, wrong_type.location.column), (Some(line - 1), Some(13)));
    }
}
