//! The condition language: small expressions over facts.
//!
//! ```text
//! tasks_exceeding / tasks_assigned >= 30% and discipline == 'none'
//! members.ge_htt >= 80% * members.total
//! if(tasks_assigned == 0, 100%, tasks_on_time / tasks_assigned)
//! ```
//!
//! Numbers are exact ([`Num`]); `30%` is the number 0.3. Comparisons: `>= <= > < == !=` (also `≥ ≤ ≠`).
//! Logic: `and`, `or`, `not` (short-circuit, so `n == 0 or k / n >= 1` never divides by zero). Arithmetic: `+ - * /`.
//! Functions: `if(condition, then, else)`, `min(a, b, …)`, `max(a, b, …)`. Choice facts compare with a quoted value
//! (`discipline >= 'canh_cao'`) in the order the rule set declares the values.
//!
//! Text is parsed once into an [`Ast`], checked and compiled against the rule set's facts into an [`Expr`]
//! (flat nodes, fact slots resolved, literals typed); evaluation never looks at text again.

use serde::Serialize;

use crate::num::{ArithError, Num};

/// Deepest nesting accepted, counting every operator of a chain such as `a + b + c` (the tree is as tall as the
/// chain is long); compiling and evaluating recurse, so this bounds the stack.
pub const MAX_DEPTH: usize = 128;

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
pub enum CmpOp {
    #[serde(rename = ">=")]
    Ge,
    #[serde(rename = "<=")]
    Le,
    #[serde(rename = ">")]
    Gt,
    #[serde(rename = "<")]
    Lt,
    #[serde(rename = "==")]
    Eq,
    #[serde(rename = "!=")]
    Ne,
}

impl CmpOp {
    pub fn symbol(self) -> &'static str {
        match self {
            CmpOp::Ge => "≥",
            CmpOp::Le => "≤",
            CmpOp::Gt => ">",
            CmpOp::Lt => "<",
            CmpOp::Eq => "=",
            CmpOp::Ne => "≠",
        }
    }

    #[inline]
    pub fn holds(self, left: Num, right: Num) -> bool {
        match self {
            CmpOp::Ge => left >= right,
            CmpOp::Le => left <= right,
            CmpOp::Gt => left > right,
            CmpOp::Lt => left < right,
            CmpOp::Eq => left == right,
            CmpOp::Ne => left != right,
        }
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ArithOp {
    Add,
    Sub,
    Mul,
    Div,
}

// ---------------------------------------------------------------------------------------------------------------
// Lexer and parser: text → Ast.

#[derive(Clone, Debug, PartialEq)]
enum Token {
    Number(Num, bool),
    Ident(String),
    Str(String),
    Op(&'static str),
    LParen,
    RParen,
    Comma,
}

/// A syntax error at a byte offset of the expression text.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SyntaxError {
    pub offset: usize,
    /// Nested past [`MAX_DEPTH`] (its own diagnostic code), rather than not well formed.
    pub too_deep: bool,
    pub message_vi: String,
    pub message_en: String,
}

fn syntax(offset: usize, vi: impl Into<String>, en: impl Into<String>) -> SyntaxError {
    SyntaxError { offset, too_deep: false, message_vi: vi.into(), message_en: en.into() }
}

fn lex(text: &str) -> Result<Vec<(Token, usize)>, SyntaxError> {
    let mut tokens = Vec::new();
    let chars: Vec<(usize, char)> = text.char_indices().collect();
    let mut i = 0;
    while i < chars.len() {
        let (offset, ch) = chars[i];
        if ch.is_whitespace() {
            i += 1;
            continue;
        }
        if ch.is_ascii_digit() {
            let start = offset;
            let mut j = i;
            while j < chars.len() && (chars[j].1.is_ascii_digit() || chars[j].1 == '.') {
                j += 1;
            }
            let end = if j < chars.len() { chars[j].0 } else { text.len() };
            let value = Num::parse(&text[start..end]).map_err(|_| {
                syntax(
                    start,
                    format!("số không hợp lệ `{}`", &text[start..end]),
                    format!("invalid number `{}`", &text[start..end]),
                )
            })?;
            let mut percent = false;
            if j < chars.len() && chars[j].1 == '%' {
                percent = true;
                j += 1;
            }
            let value = if percent { Num::percent(value) } else { value };
            tokens.push((Token::Number(value, percent), start));
            i = j;
            continue;
        }
        if ch.is_alphabetic() || ch == '_' {
            let start = offset;
            let mut j = i;
            while j < chars.len() && (chars[j].1.is_alphanumeric() || chars[j].1 == '_' || chars[j].1 == '.') {
                j += 1;
            }
            let end = if j < chars.len() { chars[j].0 } else { text.len() };
            tokens.push((Token::Ident(text[start..end].to_string()), start));
            i = j;
            continue;
        }
        if ch == '\'' || ch == '"' {
            let start = offset;
            let mut j = i + 1;
            while j < chars.len() && chars[j].1 != ch {
                j += 1;
            }
            if j >= chars.len() {
                return Err(syntax(start, "thiếu dấu nháy đóng", "unterminated quoted value"));
            }
            let inner_start = chars[i + 1..].first().map(|c| c.0).unwrap_or(text.len());
            tokens.push((Token::Str(text[inner_start.min(chars[j].0)..chars[j].0].to_string()), start));
            i = j + 1;
            continue;
        }
        let next = chars.get(i + 1).map(|c| c.1);
        let (token, width) = match (ch, next) {
            ('>', Some('=')) => (Token::Op(">="), 2),
            ('<', Some('=')) => (Token::Op("<="), 2),
            ('=', Some('=')) => (Token::Op("=="), 2),
            ('!', Some('=')) => (Token::Op("!="), 2),
            ('>', _) => (Token::Op(">"), 1),
            ('<', _) => (Token::Op("<"), 1),
            ('≥', _) => (Token::Op(">="), 1),
            ('≤', _) => (Token::Op("<="), 1),
            ('≠', _) => (Token::Op("!="), 1),
            ('+', _) => (Token::Op("+"), 1),
            ('-', _) => (Token::Op("-"), 1),
            ('*', _) => (Token::Op("*"), 1),
            ('/', _) => (Token::Op("/"), 1),
            ('(', _) => (Token::LParen, 1),
            (')', _) => (Token::RParen, 1),
            (',', _) => (Token::Comma, 1),
            ('=', _) => {
                return Err(syntax(offset, "dùng `==` để so sánh bằng", "use `==` to compare for equality"));
            }
            _ => {
                return Err(syntax(
                    offset,
                    format!("ký tự không hợp lệ `{ch}`"),
                    format!("unexpected character `{ch}`"),
                ));
            }
        };
        tokens.push((token, offset));
        i += width;
    }
    Ok(tokens)
}

/// The parsed expression, before names are resolved. `span` is a byte range of the expression text.
#[derive(Clone, Debug, PartialEq)]
pub struct Ast {
    pub kind: AstKind,
    pub span: (usize, usize),
}

#[derive(Clone, Debug, PartialEq)]
pub enum AstKind {
    Number { value: Num, percent: bool },
    Bool(bool),
    Str(String),
    Name(String),
    Neg(Box<Ast>),
    Not(Box<Ast>),
    Arith(ArithOp, Box<Ast>, Box<Ast>),
    Cmp(CmpOp, Box<Ast>, Box<Ast>),
    And(Box<Ast>, Box<Ast>),
    Or(Box<Ast>, Box<Ast>),
    Call(String, Vec<Ast>),
}

struct Parser<'a> {
    tokens: Vec<(Token, usize)>,
    position: usize,
    text: &'a str,
    depth: usize,
}

pub fn parse(text: &str) -> Result<Ast, SyntaxError> {
    let tokens = lex(text)?;
    if tokens.is_empty() {
        return Err(syntax(0, "biểu thức trống", "empty expression"));
    }
    let mut parser = Parser { tokens, position: 0, text, depth: 0 };
    let ast = parser.or()?;
    if let Some((_, offset)) = parser.tokens.get(parser.position) {
        return Err(syntax(*offset, "thừa phần sau biểu thức", "unexpected text after the expression"));
    }
    Ok(ast)
}

impl Parser<'_> {
    fn peek(&self) -> Option<&Token> {
        self.tokens.get(self.position).map(|t| &t.0)
    }

    fn offset(&self) -> usize {
        self.tokens.get(self.position).map(|t| t.1).unwrap_or(self.text.len())
    }

    fn is_keyword(&self, word: &str) -> bool {
        matches!(self.peek(), Some(Token::Ident(name)) if name == word)
    }

    fn enter(&mut self) -> Result<(), SyntaxError> {
        self.depth += 1;
        if self.depth > MAX_DEPTH {
            return Err(SyntaxError {
                too_deep: true,
                ..syntax(self.offset(), "biểu thức lồng quá sâu", "expression nested too deeply")
            });
        }
        Ok(())
    }

    fn or(&mut self) -> Result<Ast, SyntaxError> {
        self.enter()?;
        let entered = self.depth;
        let mut left = self.and()?;
        while self.is_keyword("or") {
            self.enter()?;
            self.position += 1;
            let right = self.and()?;
            let span = (left.span.0, right.span.1);
            left = Ast { kind: AstKind::Or(Box::new(left), Box::new(right)), span };
        }
        self.depth = entered - 1;
        Ok(left)
    }

    fn and(&mut self) -> Result<Ast, SyntaxError> {
        let entered = self.depth;
        let mut left = self.not()?;
        while self.is_keyword("and") {
            self.enter()?;
            self.position += 1;
            let right = self.not()?;
            let span = (left.span.0, right.span.1);
            left = Ast { kind: AstKind::And(Box::new(left), Box::new(right)), span };
        }
        self.depth = entered;
        Ok(left)
    }

    fn not(&mut self) -> Result<Ast, SyntaxError> {
        if self.is_keyword("not") {
            let start = self.offset();
            self.position += 1;
            self.enter()?;
            let inner = self.not()?;
            self.depth -= 1;
            let span = (start, inner.span.1);
            return Ok(Ast { kind: AstKind::Not(Box::new(inner)), span });
        }
        self.comparison()
    }

    fn comparison(&mut self) -> Result<Ast, SyntaxError> {
        let left = self.sum()?;
        let op = match self.peek() {
            Some(Token::Op(">=")) => CmpOp::Ge,
            Some(Token::Op("<=")) => CmpOp::Le,
            Some(Token::Op(">")) => CmpOp::Gt,
            Some(Token::Op("<")) => CmpOp::Lt,
            Some(Token::Op("==")) => CmpOp::Eq,
            Some(Token::Op("!=")) => CmpOp::Ne,
            _ => return Ok(left),
        };
        self.position += 1;
        let right = self.sum()?;
        if matches!(self.peek(), Some(Token::Op(">=" | "<=" | ">" | "<" | "==" | "!="))) {
            return Err(syntax(
                self.offset(),
                "không nối tiếp các phép so sánh; dùng `and`",
                "comparisons cannot be chained; use `and`",
            ));
        }
        let span = (left.span.0, right.span.1);
        Ok(Ast { kind: AstKind::Cmp(op, Box::new(left), Box::new(right)), span })
    }

    fn sum(&mut self) -> Result<Ast, SyntaxError> {
        let entered = self.depth;
        let mut left = self.product()?;
        loop {
            let op = match self.peek() {
                Some(Token::Op("+")) => ArithOp::Add,
                Some(Token::Op("-")) => ArithOp::Sub,
                _ => {
                    self.depth = entered;
                    return Ok(left);
                }
            };
            self.enter()?;
            self.position += 1;
            let right = self.product()?;
            let span = (left.span.0, right.span.1);
            left = Ast { kind: AstKind::Arith(op, Box::new(left), Box::new(right)), span };
        }
    }

    fn product(&mut self) -> Result<Ast, SyntaxError> {
        let entered = self.depth;
        let mut left = self.unary()?;
        loop {
            let op = match self.peek() {
                Some(Token::Op("*")) => ArithOp::Mul,
                Some(Token::Op("/")) => ArithOp::Div,
                _ => {
                    self.depth = entered;
                    return Ok(left);
                }
            };
            self.enter()?;
            self.position += 1;
            let right = self.unary()?;
            let span = (left.span.0, right.span.1);
            left = Ast { kind: AstKind::Arith(op, Box::new(left), Box::new(right)), span };
        }
    }

    fn unary(&mut self) -> Result<Ast, SyntaxError> {
        if matches!(self.peek(), Some(Token::Op("-"))) {
            let start = self.offset();
            self.position += 1;
            self.enter()?;
            let inner = self.unary()?;
            self.depth -= 1;
            let span = (start, inner.span.1);
            return Ok(Ast { kind: AstKind::Neg(Box::new(inner)), span });
        }
        self.atom()
    }

    fn atom(&mut self) -> Result<Ast, SyntaxError> {
        let start = self.offset();
        let Some((token, _)) = self.tokens.get(self.position).cloned() else {
            return Err(syntax(start, "biểu thức kết thúc giữa chừng", "the expression ends too early"));
        };
        self.position += 1;
        let end_of =
            |p: &Parser, fallback: usize| p.tokens.get(p.position).map(|t| t.1).unwrap_or(p.text.len()).max(fallback);
        match token {
            Token::Number(value, percent) => {
                let end = self.token_end(start);
                Ok(Ast { kind: AstKind::Number { value, percent }, span: (start, end) })
            }
            Token::Str(value) => {
                let end = self.token_end(start);
                Ok(Ast { kind: AstKind::Str(value), span: (start, end) })
            }
            Token::Ident(name) => {
                let end = start + name.len();
                match name.as_str() {
                    "true" | "yes" => return Ok(Ast { kind: AstKind::Bool(true), span: (start, end) }),
                    "false" | "no" => return Ok(Ast { kind: AstKind::Bool(false), span: (start, end) }),
                    "and" | "or" | "not" => {
                        return Err(syntax(
                            start,
                            format!("thiếu giá trị trước `{name}`"),
                            format!("a value is missing before `{name}`"),
                        ));
                    }
                    _ => {}
                }
                if matches!(self.peek(), Some(Token::LParen)) {
                    self.position += 1;
                    self.enter()?;
                    let mut arguments = Vec::new();
                    if !matches!(self.peek(), Some(Token::RParen)) {
                        loop {
                            arguments.push(self.or()?);
                            match self.peek() {
                                Some(Token::Comma) => self.position += 1,
                                Some(Token::RParen) => break,
                                _ => return Err(syntax(self.offset(), "thiếu `,` hoặc `)`", "expected `,` or `)`")),
                            }
                        }
                    }
                    self.position += 1;
                    self.depth -= 1;
                    let end = end_of(self, end);
                    let end = self.tokens.get(self.position - 1).map(|t| t.1 + 1).unwrap_or(end);
                    return Ok(Ast { kind: AstKind::Call(name, arguments), span: (start, end) });
                }
                Ok(Ast { kind: AstKind::Name(name), span: (start, end) })
            }
            Token::LParen => {
                self.enter()?;
                let inner = self.or()?;
                self.depth -= 1;
                if !matches!(self.peek(), Some(Token::RParen)) {
                    return Err(syntax(self.offset(), "thiếu `)`", "expected `)`"));
                }
                self.position += 1;
                let end = self.tokens.get(self.position - 1).map(|t| t.1 + 1).unwrap_or(self.text.len());
                Ok(Ast { kind: inner.kind, span: (start, end) })
            }
            Token::RParen => Err(syntax(start, "thừa `)`", "unexpected `)`")),
            Token::Comma => Err(syntax(start, "thừa `,`", "unexpected `,`")),
            Token::Op(op) => {
                Err(syntax(start, format!("thiếu giá trị trước `{op}`"), format!("a value is missing before `{op}`")))
            }
        }
    }

    /// End offset of the token that starts at `start`: the start of the next token with trailing spaces removed.
    fn token_end(&self, start: usize) -> usize {
        let next = self.tokens.get(self.position).map(|t| t.1).unwrap_or(self.text.len());
        start + self.text[start..next].trim_end().len()
    }
}

// ---------------------------------------------------------------------------------------------------------------
// Types, resolution and compilation: Ast → Expr.

/// How a number is shown to people.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum NumStyle {
    Plain,
    Percent,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Type {
    Num(NumStyle),
    Bool,
    /// A choice fact's values, in the declared order (the first is the lowest).
    Choice {
        fact: String,
        values: Vec<String>,
    },
}

impl Type {
    pub fn describe(&self) -> (&'static str, &'static str) {
        match self {
            Type::Num(_) => ("số", "number"),
            Type::Bool => ("có/không", "yes/no"),
            Type::Choice { .. } => ("lựa chọn", "choice"),
        }
    }
}

/// What the compiler needs to know about a name.
pub struct FactInfo {
    pub slot: u32,
    pub ty: Type,
}

/// A type or name error at a byte range of the expression text.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CheckError {
    pub span: (usize, usize),
    pub kind: CheckErrorKind,
    pub message_vi: String,
    pub message_en: String,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum CheckErrorKind {
    UnknownName,
    Type,
}

fn type_error(span: (usize, usize), vi: impl Into<String>, en: impl Into<String>) -> CheckError {
    CheckError { span, kind: CheckErrorKind::Type, message_vi: vi.into(), message_en: en.into() }
}

/// One flat node of a compiled expression; children are indices into [`Expr::nodes`].
#[derive(Clone, Debug)]
pub(crate) enum Node {
    Const(Num),
    Fact(u32),
    Neg(u32),
    Arith(ArithOp, u32, u32),
    Cmp(CmpOp, u32, u32),
    /// The most common condition shape, `fact op constant`, in one step.
    CmpFactConst(CmpOp, u32, Num),
    /// `fact op fact`.
    CmpFactFact(CmpOp, u32, u32),
    /// `if(whole == 0, when_zero, part / whole)` where `whole` is a fact: the share pattern of derived facts.
    Share {
        numerator: u32,
        denominator: u32,
        when_zero: Num,
    },
    /// `share(part, whole)`: `part / whole`, and [`Num::NO_BASE`] when `whole` is zero.
    ShareOf(u32, u32),
    And(u32, u32),
    Or(u32, u32),
    Not(u32),
    If(u32, u32, u32),
    Min(Vec<u32>),
    Max(Vec<u32>),
    /// `pow(base, exponent)`: the exponent a whole number from 0 to [`MAX_POWER`] (a deduction per error).
    Pow(u32, u32),
}

/// The largest exponent `pow` takes; a larger one (or a negative or fractional one) fails the evaluation.
pub const MAX_POWER: i64 = 64;

/// A compiled, type-checked expression.
#[derive(Clone, Debug)]
pub struct Expr {
    pub(crate) nodes: Vec<Node>,
    pub(crate) root: u32,
    /// Source text of each node, for explanations.
    pub(crate) spans: Vec<(usize, usize)>,
    pub(crate) styles: Vec<NumStyle>,
    /// Choice value names per node where the node is a choice (for showing `'canh_cao'` rather than 2).
    pub(crate) choices: Vec<Option<std::sync::Arc<[String]>>>,
    pub(crate) text: String,
    pub(crate) ty: Type,
    pub(crate) facts: Vec<u32>,
    /// What a yes/no expression whose value rests only on shares of nothing ([`Num::NO_BASE`]) counts as: set by
    /// the rule set from `[policy.empty_share]` (a level condition) or `false` (a case does not apply).
    pub(crate) empty_share_holds: bool,
}

/// Why an evaluation has no value.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum EvalError {
    /// The fact in this slot has no value.
    Missing(u32),
    Arith(ArithError),
}

impl From<ArithError> for EvalError {
    fn from(value: ArithError) -> EvalError {
        EvalError::Arith(value)
    }
}

const TRUE: Num = Num::ONE;
const FALSE: Num = Num::ZERO;

fn truth(value: bool) -> Num {
    if value { TRUE } else { FALSE }
}

/// Compile `ast` with names resolved by `resolve`.
pub fn compile(text: &str, ast: &Ast, resolve: &dyn Fn(&str) -> Option<FactInfo>) -> Result<Expr, CheckError> {
    let mut builder = Builder {
        nodes: Vec::new(),
        spans: Vec::new(),
        styles: Vec::new(),
        choices: Vec::new(),
        facts: Vec::new(),
        resolve,
    };
    let (root, ty) = builder.build(ast, None)?;
    Ok(Expr {
        nodes: builder.nodes,
        root,
        spans: builder.spans,
        styles: builder.styles,
        choices: builder.choices,
        text: text.to_string(),
        ty,
        facts: builder.facts,
        empty_share_holds: false,
    })
}

struct Builder<'r> {
    nodes: Vec<Node>,
    spans: Vec<(usize, usize)>,
    styles: Vec<NumStyle>,
    choices: Vec<Option<std::sync::Arc<[String]>>>,
    facts: Vec<u32>,
    resolve: &'r dyn Fn(&str) -> Option<FactInfo>,
}

impl Builder<'_> {
    fn push(
        &mut self,
        node: Node,
        span: (usize, usize),
        style: NumStyle,
        choices: Option<std::sync::Arc<[String]>>,
    ) -> u32 {
        self.nodes.push(node);
        self.spans.push(span);
        self.styles.push(style);
        self.choices.push(choices);
        (self.nodes.len() - 1) as u32
    }

    fn expect_num(&self, ty: &Type, span: (usize, usize)) -> Result<NumStyle, CheckError> {
        match ty {
            Type::Num(style) => Ok(*style),
            other => {
                let (vi, en) = other.describe();
                Err(type_error(
                    span,
                    format!("cần một số ở đây, nhưng đây là {vi}"),
                    format!("a number is needed here, but this is a {en}"),
                ))
            }
        }
    }

    fn expect_bool(&self, ty: &Type, span: (usize, usize)) -> Result<(), CheckError> {
        match ty {
            Type::Bool => Ok(()),
            other => {
                let (vi, en) = other.describe();
                Err(type_error(
                    span,
                    format!("cần một điều kiện đúng/sai ở đây, nhưng đây là {vi}"),
                    format!("a yes/no condition is needed here, but this is a {en}"),
                ))
            }
        }
    }

    /// Recognize `if(whole == 0, k, part / whole)` with `whole` a fact.
    fn share(&self, condition: u32, then: u32, otherwise: u32) -> Option<Node> {
        let Node::CmpFactConst(CmpOp::Eq, whole, zero) = self.nodes[condition as usize] else { return None };
        let Node::Const(when_zero) = self.nodes[then as usize] else { return None };
        let Node::Arith(ArithOp::Div, part, divisor) = self.nodes[otherwise as usize] else { return None };
        let Node::Fact(divisor_slot) = self.nodes[divisor as usize] else { return None };
        (zero.is_zero() && divisor_slot == whole).then_some(Node::Share {
            numerator: part,
            denominator: whole,
            when_zero,
        })
    }

    /// `hint` is the type of the other side of a comparison, used to read a quoted choice value.
    fn build(&mut self, ast: &Ast, hint: Option<&Type>) -> Result<(u32, Type), CheckError> {
        let span = ast.span;
        match &ast.kind {
            AstKind::Number { value, percent } => {
                let style = if *percent { NumStyle::Percent } else { NumStyle::Plain };
                Ok((self.push(Node::Const(*value), span, style, None), Type::Num(style)))
            }
            AstKind::Bool(value) => {
                Ok((self.push(Node::Const(truth(*value)), span, NumStyle::Plain, None), Type::Bool))
            }
            AstKind::Str(value) => match hint {
                Some(Type::Choice { fact, values }) => match values.iter().position(|v| v == value) {
                    Some(index) => {
                        let names: std::sync::Arc<[String]> = values.clone().into();
                        let ty = Type::Choice { fact: fact.clone(), values: values.clone() };
                        Ok((self.push(Node::Const(Num::int(index as i64)), span, NumStyle::Plain, Some(names)), ty))
                    }
                    None => Err(type_error(
                        span,
                        format!("`{fact}` không có giá trị '{value}'; các giá trị: {}", values.join(", ")),
                        format!("`{fact}` has no value '{value}'; its values are: {}", values.join(", ")),
                    )),
                },
                _ => Err(type_error(
                    span,
                    "giá trị trong nháy chỉ dùng để so sánh với một dữ kiện lựa chọn",
                    "a quoted value can only be compared with a choice fact",
                )),
            },
            AstKind::Name(name) => match (self.resolve)(name) {
                Some(info) => {
                    if !self.facts.contains(&info.slot) {
                        self.facts.push(info.slot);
                    }
                    let (style, choices) = match &info.ty {
                        Type::Num(style) => (*style, None),
                        Type::Choice { values, .. } => (NumStyle::Plain, Some(values.clone().into())),
                        Type::Bool => (NumStyle::Plain, None),
                    };
                    Ok((self.push(Node::Fact(info.slot), span, style, choices), info.ty))
                }
                None => Err(CheckError {
                    span,
                    kind: CheckErrorKind::UnknownName,
                    message_vi: format!("không có dữ kiện `{name}`"),
                    message_en: format!("there is no fact `{name}`"),
                }),
            },
            AstKind::Neg(inner) => {
                let (child, ty) = self.build(inner, None)?;
                let style = self.expect_num(&ty, inner.span)?;
                Ok((self.push(Node::Neg(child), span, style, None), Type::Num(style)))
            }
            AstKind::Not(inner) => {
                let (child, ty) = self.build(inner, None)?;
                self.expect_bool(&ty, inner.span)?;
                Ok((self.push(Node::Not(child), span, NumStyle::Plain, None), Type::Bool))
            }
            AstKind::Arith(op, left, right) => {
                let (l, lt) = self.build(left, None)?;
                let ls = self.expect_num(&lt, left.span)?;
                let (r, rt) = self.build(right, None)?;
                let rs = self.expect_num(&rt, right.span)?;
                // A percentage plus or minus a percentage stays a percentage; a share of counts is shown plainly
                // unless the rule set says otherwise through a derived fact's type.
                let style = match op {
                    ArithOp::Add | ArithOp::Sub if ls == NumStyle::Percent && rs == NumStyle::Percent => {
                        NumStyle::Percent
                    }
                    _ => NumStyle::Plain,
                };
                Ok((self.push(Node::Arith(*op, l, r), span, style, None), Type::Num(style)))
            }
            AstKind::Cmp(op, left, right) => {
                // A quoted value takes its meaning from the other side, so build the non-string side first.
                let (l, lt, r, rt) = if matches!(left.kind, AstKind::Str(_)) {
                    let (r, rt) = self.build(right, None)?;
                    let (l, lt) = self.build(left, Some(&rt))?;
                    (l, lt, r, rt)
                } else {
                    let (l, lt) = self.build(left, None)?;
                    let (r, rt) = self.build(right, Some(&lt))?;
                    (l, lt, r, rt)
                };
                match (&lt, &rt) {
                    (Type::Num(_), Type::Num(_)) => {}
                    (Type::Bool, Type::Bool) if matches!(op, CmpOp::Eq | CmpOp::Ne) => {}
                    (Type::Choice { fact: a, .. }, Type::Choice { fact: b, .. }) if a == b => {}
                    _ => {
                        let (lv, le) = lt.describe();
                        let (rv, re) = rt.describe();
                        return Err(type_error(
                            span,
                            format!("không so sánh được {lv} với {rv}"),
                            format!("cannot compare a {le} with a {re}"),
                        ));
                    }
                }
                let node = match (&self.nodes[l as usize], &self.nodes[r as usize]) {
                    (Node::Fact(slot), Node::Const(value)) => Node::CmpFactConst(*op, *slot, *value),
                    (Node::Fact(a), Node::Fact(b)) => Node::CmpFactFact(*op, *a, *b),
                    _ => Node::Cmp(*op, l, r),
                };
                Ok((self.push(node, span, NumStyle::Plain, None), Type::Bool))
            }
            AstKind::And(left, right) | AstKind::Or(left, right) => {
                let (l, lt) = self.build(left, None)?;
                self.expect_bool(&lt, left.span)?;
                let (r, rt) = self.build(right, None)?;
                self.expect_bool(&rt, right.span)?;
                let node = if matches!(ast.kind, AstKind::And(..)) { Node::And(l, r) } else { Node::Or(l, r) };
                Ok((self.push(node, span, NumStyle::Plain, None), Type::Bool))
            }
            AstKind::Call(name, arguments) => match name.as_str() {
                "if" => {
                    if arguments.len() != 3 {
                        return Err(type_error(
                            span,
                            "`if` cần đúng 3 đối số: điều kiện, giá trị khi đúng, giá trị khi sai",
                            "`if` takes exactly 3 arguments: condition, then, else",
                        ));
                    }
                    let (c, ct) = self.build(&arguments[0], None)?;
                    self.expect_bool(&ct, arguments[0].span)?;
                    let (a, at) = self.build(&arguments[1], None)?;
                    let (b, bt) = self.build(&arguments[2], Some(&at))?;
                    let same = match (&at, &bt) {
                        (Type::Num(_), Type::Num(_)) | (Type::Bool, Type::Bool) => true,
                        (Type::Choice { fact: x, .. }, Type::Choice { fact: y, .. }) => x == y,
                        _ => false,
                    };
                    if !same {
                        return Err(type_error(
                            span,
                            "hai nhánh của `if` phải cùng kiểu",
                            "both branches of `if` must have the same type",
                        ));
                    }
                    let ty = match (&at, &bt) {
                        (Type::Num(x), Type::Num(y)) if x == y => Type::Num(*x),
                        (Type::Num(_), Type::Num(_)) => Type::Num(NumStyle::Plain),
                        _ => at.clone(),
                    };
                    let style = if let Type::Num(style) = ty { style } else { NumStyle::Plain };
                    let node = self.share(c, a, b).unwrap_or(Node::If(c, a, b));
                    Ok((self.push(node, span, style, None), ty))
                }
                "min" | "max" => {
                    if arguments.is_empty() {
                        return Err(type_error(
                            span,
                            format!("`{name}` cần ít nhất một đối số"),
                            format!("`{name}` needs at least one argument"),
                        ));
                    }
                    let mut children = Vec::new();
                    let mut styles = Vec::new();
                    for argument in arguments {
                        let (child, ty) = self.build(argument, None)?;
                        styles.push(self.expect_num(&ty, argument.span)?);
                        children.push(child);
                    }
                    let style = if styles.iter().all(|s| *s == NumStyle::Percent) {
                        NumStyle::Percent
                    } else {
                        NumStyle::Plain
                    };
                    let node = if name == "min" { Node::Min(children) } else { Node::Max(children) };
                    Ok((self.push(node, span, style, None), Type::Num(style)))
                }
                "share" => {
                    if arguments.len() != 2 {
                        return Err(type_error(
                            span,
                            "`share` cần đúng 2 đối số: phần và tổng (mẫu số)",
                            "`share` takes exactly 2 arguments: the part and the whole",
                        ));
                    }
                    let (part, part_ty) = self.build(&arguments[0], None)?;
                    self.expect_num(&part_ty, arguments[0].span)?;
                    let (whole, whole_ty) = self.build(&arguments[1], None)?;
                    self.expect_num(&whole_ty, arguments[1].span)?;
                    let style = NumStyle::Percent;
                    Ok((self.push(Node::ShareOf(part, whole), span, style, None), Type::Num(style)))
                }
                "pow" => {
                    if arguments.len() != 2 {
                        return Err(type_error(
                            span,
                            "`pow` cần đúng 2 đối số: cơ số và số mũ (số nguyên từ 0)",
                            "`pow` takes exactly 2 arguments: the base and a whole exponent from 0",
                        ));
                    }
                    let (base, base_ty) = self.build(&arguments[0], None)?;
                    let style = self.expect_num(&base_ty, arguments[0].span)?;
                    let (exponent, exponent_ty) = self.build(&arguments[1], None)?;
                    self.expect_num(&exponent_ty, arguments[1].span)?;
                    Ok((self.push(Node::Pow(base, exponent), span, style, None), Type::Num(style)))
                }
                _ => Err(CheckError {
                    span,
                    kind: CheckErrorKind::UnknownName,
                    message_vi: format!("không có hàm `{name}`; các hàm: if, min, max, share, pow"),
                    message_en: format!("there is no function `{name}`; the functions are: if, min, max, share, pow"),
                }),
            },
        }
    }
}

// ---------------------------------------------------------------------------------------------------------------
// Evaluation.

/// `base` to a whole `exponent` from 0 to [`MAX_POWER`], exactly; another exponent is an overflow (no value).
fn power(base: Num, exponent: Num, error: &mut EvalError) -> Num {
    if !exponent.is_integer() || exponent.is_negative() || exponent > Num::int(MAX_POWER) {
        *error = EvalError::Arith(ArithError::Overflow);
        return Num::MISSING;
    }
    let mut result = Num::ONE;
    for _ in 0..exponent.floor() {
        match result.checked_mul(base) {
            Ok(value) => result = value,
            Err(problem) => {
                *error = EvalError::Arith(problem);
                return Num::MISSING;
            }
        }
    }
    result
}

/// One comparison seen while tracing, by reference: the comparison node and the two values. No text.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct TracedComparison {
    /// The comparison node (or the yes/no fact node) in the expression.
    pub node: u32,
    /// [`Num::MISSING`] when unknown.
    pub observed: Num,
    pub required: Num,
    pub met: Option<bool>,
}

/// One comparison seen while evaluating with a trace: what was observed against what was required.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Comparison {
    /// Source text of the left side, e.g. `tasks_exceeding / tasks_assigned`.
    pub left: String,
    pub op: CmpOp,
    pub right: String,
    pub observed: Option<Num>,
    pub required: Option<Num>,
    pub style: NumStyle,
    /// Choice value names when the two sides are choices.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub observed_choice: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub required_choice: Option<String>,
    /// `None` when a fact it needs has no value.
    pub met: Option<bool>,
    /// A side is a share of nothing (`share(part, whole)` with a whole of zero): the comparison does not count.
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub no_base: bool,
}

impl Expr {
    pub fn text(&self) -> &str {
        &self.text
    }

    pub fn ty(&self) -> &Type {
        &self.ty
    }

    /// Slots of the facts the expression reads, in order of first use.
    pub fn facts(&self) -> &[u32] {
        &self.facts
    }

    pub fn style(&self) -> NumStyle {
        self.styles[self.root as usize]
    }

    /// Evaluate. `values[slot]` is the fact in that slot, [`Num::MISSING`] when unknown.
    #[inline]
    pub fn eval<V: Facts + ?Sized>(&self, values: &V) -> Result<Num, EvalError> {
        let mut error = EvalError::Missing(0);
        let value = self.ev(self.root, values, &mut error);
        if value.is_missing() && !value.is_no_base() { Err(error) } else { Ok(value) }
    }

    /// The value of the subtree at `node` as the evaluator gives it: a number, [`Num::NO_BASE`], or
    /// [`Num::MISSING`] with why (the fast program's fallback for a shape it does not fuse).
    #[inline]
    pub(crate) fn eval_subtree<V: Facts + ?Sized>(&self, node: u32, values: &V) -> (Num, EvalError) {
        let mut error = EvalError::Missing(0);
        let value = self.ev(node, values, &mut error);
        (value, error)
    }

    /// Whether shares of nothing make this yes/no expression hold (see `[policy.empty_share]`).
    pub fn set_empty_share_holds(&mut self, holds: bool) {
        self.empty_share_holds = holds;
    }

    pub fn empty_share_holds(&self) -> bool {
        self.empty_share_holds
    }

    /// The truth of a yes/no value this expression gave: a value resting only on shares of nothing counts as
    /// [`Expr::empty_share_holds`].
    #[inline]
    pub fn truth_of(&self, value: Num) -> bool {
        if value.is_no_base() { self.empty_share_holds } else { !value.is_zero() }
    }

    /// Does the expression take a `share(part, whole)`?
    pub fn uses_share(&self) -> bool {
        self.nodes.iter().any(|node| matches!(node, Node::ShareOf(..)))
    }

    /// The facts that are the whole of a `share(part, whole)` written with a fact as its whole.
    pub fn share_wholes(&self) -> impl Iterator<Item = u32> + '_ {
        self.nodes.iter().filter_map(|node| match node {
            Node::ShareOf(_, whole) => match self.nodes[*whole as usize] {
                Node::Fact(slot) => Some(slot),
                _ => None,
            },
            _ => None,
        })
    }

    /// Evaluate a yes/no expression. The most common shapes (`fact op constant`, a yes/no fact, `fact op fact`)
    /// are decided here without walking the tree, with the tree's answers: an empty fact is unknown, a share of
    /// nothing counts as [`Expr::empty_share_holds`].
    #[inline]
    pub fn holds<V: Facts + ?Sized>(&self, values: &V) -> Result<bool, EvalError> {
        match &self.nodes[self.root as usize] {
            Node::CmpFactConst(op, slot, constant) => match load(values, *slot) {
                Some(value) => Ok(op.holds(value, *constant)),
                None if no_base_at(values, *slot) => Ok(self.empty_share_holds),
                None => Err(EvalError::Missing(*slot)),
            },
            Node::Fact(slot) => match load(values, *slot) {
                Some(value) => Ok(!value.is_zero()),
                None if no_base_at(values, *slot) => Ok(self.empty_share_holds),
                None => Err(EvalError::Missing(*slot)),
            },
            Node::CmpFactFact(op, a, b) => {
                let left = match load(values, *a) {
                    Some(value) => value,
                    None if no_base_at(values, *a) => return Ok(self.empty_share_holds),
                    None => return Err(EvalError::Missing(*a)),
                };
                match load(values, *b) {
                    Some(right) => Ok(op.holds(left, right)),
                    None if no_base_at(values, *b) => Ok(self.empty_share_holds),
                    None => Err(EvalError::Missing(*b)),
                }
            }
            _ => self.eval(values).map(|v| self.truth_of(v)),
        }
    }

    /// A child's value: a fact or a constant read in place (most children are), anything else by [`Expr::ev`].
    /// The same answers as `ev`, without a call per leaf.
    #[inline(always)]
    fn operand<V: Facts + ?Sized>(&self, index: u32, values: &V, error: &mut EvalError) -> Num {
        match &self.nodes[index as usize] {
            Node::Fact(slot) => fetch(values, *slot, error),
            Node::Const(value) => *value,
            _ => self.ev(index, values, error),
        }
    }

    /// The evaluator. It returns [`Num::MISSING`] on failure and says why in `error`: a 16-byte return travels in
    /// registers, where a `Result` would not, and failures are the rare path.
    fn ev<V: Facts + ?Sized>(&self, index: u32, values: &V, error: &mut EvalError) -> Num {
        match &self.nodes[index as usize] {
            Node::Const(value) => *value,
            Node::Fact(slot) => fetch(values, *slot, error),
            Node::CmpFactConst(op, slot, constant) => {
                let value = fetch(values, *slot, error);
                if value.is_missing() {
                    return value;
                }
                truth(op.holds(value, *constant))
            }
            Node::CmpFactFact(op, a, b) => {
                let left = fetch(values, *a, error);
                if left.is_missing() {
                    return left;
                }
                let right = fetch(values, *b, error);
                if right.is_missing() {
                    return right;
                }
                truth(op.holds(left, right))
            }
            Node::Cmp(op, l, r) => {
                let left = self.operand(*l, values, error);
                if left.is_missing() {
                    return left;
                }
                let right = self.operand(*r, values, error);
                if right.is_missing() {
                    return right;
                }
                truth(op.holds(left, right))
            }
            Node::Neg(child) => {
                let value = self.ev(*child, values, error);
                if value.is_missing() { value } else { value.negated() }
            }
            Node::Arith(op, l, r) => {
                let left = self.operand(*l, values, error);
                if left.is_missing() {
                    return left;
                }
                let right = self.operand(*r, values, error);
                if right.is_missing() {
                    return right;
                }
                arith(*op, left, right, error)
            }
            Node::Share { numerator, denominator, when_zero } => {
                let whole = fetch(values, *denominator, error);
                if whole.is_missing() {
                    return whole;
                }
                if whole.is_zero() {
                    return *when_zero;
                }
                let part = self.operand(*numerator, values, error);
                if part.is_missing() {
                    return part;
                }
                arith(ArithOp::Div, part, whole, error)
            }
            Node::ShareOf(part, whole) => {
                let whole = self.operand(*whole, values, error);
                if whole.is_missing() {
                    return whole;
                }
                if whole.is_zero() {
                    return Num::NO_BASE;
                }
                let part = self.operand(*part, values, error);
                if part.is_missing() {
                    return part;
                }
                arith(ArithOp::Div, part, whole, error)
            }
            // Three-valued logic: a side that decides (false for `and`, true for `or`) decides even when the other
            // side lacks a fact; a side that rests on a share of nothing does not count, the other side decides. An
            // arithmetic failure is not an unknown: it stops the evaluation.
            Node::And(l, r) | Node::Or(l, r) => {
                let deciding = matches!(self.nodes[index as usize], Node::Or(..));
                let left = self.ev(*l, values, error);
                if left.is_no_base() {
                    return self.ev(*r, values, error);
                }
                if !left.is_missing() {
                    return if left.is_zero() != deciding { left } else { self.ev(*r, values, error) };
                }
                if matches!(error, EvalError::Arith(_)) {
                    return left;
                }
                let unknown = *error;
                let right = self.ev(*r, values, error);
                if !right.is_missing() && right.is_zero() != deciding {
                    return right;
                }
                *error = unknown;
                Num::MISSING
            }
            Node::Not(child) => {
                let value = self.ev(*child, values, error);
                if value.is_missing() { value } else { truth(value.is_zero()) }
            }
            Node::If(c, a, b) => {
                let condition = self.ev(*c, values, error);
                if condition.is_missing() {
                    condition
                } else if !condition.is_zero() {
                    self.ev(*a, values, error)
                } else {
                    self.ev(*b, values, error)
                }
            }
            Node::Min(children) | Node::Max(children) => {
                let is_min = matches!(self.nodes[index as usize], Node::Min(_));
                let mut best = Num::MISSING;
                for child in children {
                    let value = self.ev(*child, values, error);
                    if value.is_missing() {
                        return value;
                    }
                    if best.is_missing() || (is_min && value < best) || (!is_min && value > best) {
                        best = value;
                    }
                }
                best
            }
            Node::Pow(base, exponent) => {
                let base = self.ev(*base, values, error);
                if base.is_missing() {
                    return base;
                }
                let exponent = self.ev(*exponent, values, error);
                if exponent.is_missing() {
                    return exponent;
                }
                power(base, exponent, error)
            }
        }
    }

    /// The facts a subtree reads with the direction each moves it: `+1` when a larger fact makes the subtree larger,
    /// `-1` when smaller, `0` when it depends (a fact on both sides, inside `if`, `min`, `max`, `pow` or a product
    /// of facts). `node` is the subtree (the root when `None`). Used to say which items of a list decided.
    pub fn fact_signs(&self, node: Option<u32>, sign: i8, out: &mut Vec<(u32, i8)>) {
        let index = node.unwrap_or(self.root);
        let push = |out: &mut Vec<(u32, i8)>, slot: u32, sign: i8| match out.iter_mut().find(|(s, _)| *s == slot) {
            Some((_, old)) if *old != sign => *old = 0,
            Some(_) => {}
            None => out.push((slot, sign)),
        };
        match &self.nodes[index as usize] {
            Node::Const(_) => {}
            Node::Fact(slot) => push(out, *slot, sign),
            Node::Neg(child) => self.fact_signs(Some(*child), -sign, out),
            Node::Arith(ArithOp::Add, l, r) => {
                self.fact_signs(Some(*l), sign, out);
                self.fact_signs(Some(*r), sign, out);
            }
            Node::Arith(ArithOp::Sub, l, r) => {
                self.fact_signs(Some(*l), sign, out);
                self.fact_signs(Some(*r), -sign, out);
            }
            Node::Arith(op @ (ArithOp::Mul | ArithOp::Div), l, r) => {
                let constant = |i: u32| match self.nodes[i as usize] {
                    Node::Const(value) => Some(value),
                    _ => None,
                };
                let factor = |value: Num| if value.is_negative() { -1 } else { 1 };
                match (constant(*l), constant(*r)) {
                    (Some(value), _) if *op == ArithOp::Mul => self.fact_signs(Some(*r), sign * factor(value), out),
                    (_, Some(value)) => self.fact_signs(Some(*l), sign * factor(value), out),
                    _ if *op == ArithOp::Div => {
                        self.fact_signs(Some(*l), sign, out);
                        self.fact_signs(Some(*r), -sign, out);
                    }
                    _ => {
                        self.fact_signs(Some(*l), 0, out);
                        self.fact_signs(Some(*r), 0, out);
                    }
                }
            }
            Node::Share { numerator, denominator, .. } => {
                self.fact_signs(Some(*numerator), sign, out);
                push(out, *denominator, -sign);
            }
            Node::ShareOf(part, whole) => {
                self.fact_signs(Some(*part), sign, out);
                self.fact_signs(Some(*whole), -sign, out);
            }
            Node::Min(children) | Node::Max(children) => {
                for child in children {
                    self.fact_signs(Some(*child), sign, out);
                }
            }
            Node::If(c, a, b) => {
                self.fact_signs(Some(*c), 0, out);
                self.fact_signs(Some(*a), 0, out);
                self.fact_signs(Some(*b), 0, out);
            }
            Node::Pow(base, exponent) => {
                self.fact_signs(Some(*base), 0, out);
                self.fact_signs(Some(*exponent), 0, out);
            }
            Node::CmpFactConst(_, slot, _) => push(out, *slot, 0),
            Node::CmpFactFact(_, a, b) => {
                push(out, *a, 0);
                push(out, *b, 0);
            }
            Node::Cmp(_, l, r) | Node::And(l, r) | Node::Or(l, r) => {
                self.fact_signs(Some(*l), 0, out);
                self.fact_signs(Some(*r), 0, out);
            }
            Node::Not(child) => self.fact_signs(Some(*child), 0, out),
        }
    }

    /// A traced comparison's operator and the facts of its two sides with their direction (the left side's facts
    /// as they move the left side, the right side's reversed): `None` for a node that is not a comparison.
    pub fn comparison_signs(&self, node: u32) -> Option<(CmpOp, Vec<(u32, i8)>)> {
        let mut out = Vec::new();
        let op = match &self.nodes[node as usize] {
            Node::CmpFactConst(op, slot, _) => {
                out.push((*slot, 1));
                *op
            }
            Node::CmpFactFact(op, a, b) => {
                out.push((*a, 1));
                if *a == *b {
                    out[0].1 = 0;
                } else {
                    out.push((*b, -1));
                }
                *op
            }
            Node::Cmp(op, l, r) => {
                self.fact_signs(Some(*l), 1, &mut out);
                self.fact_signs(Some(*r), -1, &mut out);
                *op
            }
            _ => return None,
        };
        Some((op, out))
    }

    /// The fallible evaluation of a subtree, for the traced path.
    fn eval_node(&self, index: u32, values: &[Num]) -> Result<Num, EvalError> {
        let mut error = EvalError::Missing(0);
        // `operand` answers a fact or a constant (the usual sides of a comparison) without a call.
        let value = self.operand(index, values, &mut error);
        if value.is_missing() && !value.is_no_base() { Err(error) } else { Ok(value) }
    }

    /// Evaluate and record every comparison reached, including the ones a short-circuit would skip, so an
    /// explanation can show all parts of a condition. The value returned is the same as [`Expr::eval`]'s.
    pub fn eval_traced(&self, values: &[Num], comparisons: &mut Vec<Comparison>) -> Result<Num, EvalError> {
        let mut compact = Vec::new();
        let result = self.trace(values, &mut compact);
        comparisons.extend(compact.iter().map(|c| self.comparison(c)));
        result
    }

    /// The same as [`Expr::eval_traced`], recording compact [`TracedComparison`]s (no text, no allocation beyond
    /// the vector's growth); [`Expr::comparison`] turns one into text for people.
    ///
    /// Inlined into the caller: most rules are `fact op constant` or a yes/no fact at the root, traced here without
    /// the call into the general walk, whose entry and exit (saving and restoring the registers its many arms use)
    /// cost about as much as such a comparison itself (callgrind, issue 14).
    #[inline(always)]
    pub fn trace(&self, values: &[Num], out: &mut Vec<TracedComparison>) -> Result<Num, EvalError> {
        match &self.nodes[self.root as usize] {
            Node::CmpFactConst(op, slot, constant) => {
                trace_fact_const(self.root, *op, *slot, *constant, values, out, true)
            }
            Node::CmpFactFact(op, a, b) => trace_fact_fact(self.root, *op, *a, *b, values, out),
            // At the root, the expression's type says whether the fact is a yes/no condition.
            Node::Fact(slot) => trace_fact(self.root, *slot, self.ty == Type::Bool, values, out),
            _ => self.trace_node(self.root, values, out, true, false),
        }
    }

    /// A traced comparison with its text, styles and choice names, for explanations.
    pub fn comparison(&self, traced: &TracedComparison) -> Comparison {
        let observed = traced.observed.known();
        let required = traced.required.known();
        let met = traced.met;
        let no_base = traced.observed.is_no_base() || traced.required.is_no_base();
        let mut comparison = match &self.nodes[traced.node as usize] {
            Node::CmpFactConst(op, _, _) => {
                // The constant's span is the part after the operator; rebuild the two sides from the whole.
                let (left, right) = split_comparison(&self.span_text(traced.node));
                let choices = self.choice_names_for_comparison(traced.node);
                Comparison {
                    left,
                    op: *op,
                    right,
                    observed,
                    required,
                    style: self.fact_style_in(traced.node),
                    observed_choice: choices.as_ref().and_then(|c| name_at(c, observed)),
                    required_choice: choices.as_ref().and_then(|c| name_at(c, required)),
                    met,
                    no_base: false,
                }
            }
            Node::CmpFactFact(op, _, _) => {
                self.comparison_of(*op, traced.node - 2, traced.node - 1, observed, required, met)
            }
            Node::Cmp(op, l, r) => self.comparison_of(*op, *l, *r, observed, required, met),
            // A yes/no fact standing alone.
            _ => Comparison {
                left: self.span_text(traced.node),
                op: CmpOp::Eq,
                right: "true".to_string(),
                observed,
                required,
                style: NumStyle::Plain,
                observed_choice: None,
                required_choice: None,
                met,
                no_base: false,
            },
        };
        comparison.no_base = no_base;
        comparison
    }

    fn comparison_of(
        &self,
        op: CmpOp,
        l: u32,
        r: u32,
        observed: Option<Num>,
        required: Option<Num>,
        met: Option<bool>,
    ) -> Comparison {
        let percent = self.styles[l as usize] == NumStyle::Percent || self.styles[r as usize] == NumStyle::Percent;
        Comparison {
            left: self.span_text(l),
            op,
            right: self.span_text(r),
            observed,
            required,
            style: if percent { NumStyle::Percent } else { NumStyle::Plain },
            observed_choice: self.choice_name(l, observed),
            required_choice: self.choice_name(r, required),
            met,
            no_base: false,
        }
    }

    fn span_text(&self, index: u32) -> String {
        let (start, end) = self.spans[index as usize];
        self.text.get(start..end).unwrap_or("").trim().to_string()
    }

    fn choice_name(&self, index: u32, value: Option<Num>) -> Option<String> {
        let names = self.choices[index as usize].as_ref()?;
        let value = value?;
        if !value.is_integer() {
            return None;
        }
        names.get(value.floor() as usize).cloned()
    }

    /// `logic_operand`: node `index` is an operand of a logic node (`and`, `or`, `not`, an `if`'s condition), so a
    /// fact there is used as a yes/no value without searching the nodes for it ([`Expr::ty_of_bool_fact`]).
    fn trace_node(
        &self,
        index: u32,
        values: &[Num],
        out: &mut Vec<TracedComparison>,
        record: bool,
        logic_operand: bool,
    ) -> Result<Num, EvalError> {
        match &self.nodes[index as usize] {
            Node::CmpFactConst(op, slot, constant) => {
                trace_fact_const(index, *op, *slot, *constant, values, out, record)
            }
            // `fact op fact` was folded; its two fact nodes were pushed just before it.
            Node::CmpFactFact(op, _, _) => self.trace_comparison(index, *op, index - 2, index - 1, values, out, record),
            Node::Cmp(op, l, r) => self.trace_comparison(index, *op, *l, *r, values, out, record),
            Node::And(l, r) | Node::Or(l, r) => {
                let is_and = matches!(self.nodes[index as usize], Node::And(..));
                let left = self.trace_logic_operand(*l, values, out, record);
                let right = self.trace_logic_operand(*r, values, out, record);
                // Same result as the evaluation: a deciding side wins even if the other side lacks a fact; a
                // left side that cannot be evaluated for another reason stops it.
                let decides = |side: &Result<Num, EvalError>| {
                    side.as_ref().is_ok_and(|v| !v.is_no_base() && v.is_zero() == is_and)
                };
                match left {
                    Ok(l) if l.is_no_base() => right,
                    _ if decides(&left) => left,
                    Ok(_) => right,
                    Err(EvalError::Missing(_)) if decides(&right) => right,
                    Err(error) => Err(error),
                }
            }
            Node::Not(child) => {
                let value = self.trace_node(*child, values, out, record, true)?;
                Ok(if value.is_no_base() { value } else { truth(value.is_zero()) })
            }
            Node::If(c, a, b) => {
                let condition = self.trace_node(*c, values, out, record, true)?;
                if condition.is_no_base() {
                    Ok(condition)
                } else if !condition.is_zero() {
                    self.trace_node(*a, values, out, record, false)
                } else {
                    self.trace_node(*b, values, out, record, false)
                }
            }
            Node::Fact(slot) if record => {
                // The root's type decides there; elsewhere a logic parent makes it yes/no, as the search would find.
                let bool_fact = if index != self.root && logic_operand { true } else { self.ty_of_bool_fact(index) };
                trace_fact(index, *slot, bool_fact, values, out)
            }
            _ => self.eval_node(index, values),
        }
    }

    /// [`Expr::trace_node`] of an operand of `and`/`or`: a `fact op constant` or a yes/no fact (most operands)
    /// traced in place, without the recursive call.
    #[inline(always)]
    fn trace_logic_operand(
        &self,
        index: u32,
        values: &[Num],
        out: &mut Vec<TracedComparison>,
        record: bool,
    ) -> Result<Num, EvalError> {
        match &self.nodes[index as usize] {
            Node::CmpFactConst(op, slot, constant) => {
                trace_fact_const(index, *op, *slot, *constant, values, out, record)
            }
            // An operand is never the root: a logic parent makes the fact yes/no.
            Node::Fact(slot) if record => trace_fact(index, *slot, true, values, out),
            _ => self.trace_node(index, values, out, record, true),
        }
    }

    #[allow(clippy::too_many_arguments)]
    #[inline]
    fn trace_comparison(
        &self,
        index: u32,
        op: CmpOp,
        l: u32,
        r: u32,
        values: &[Num],
        out: &mut Vec<TracedComparison>,
        record: bool,
    ) -> Result<Num, EvalError> {
        let left = self.eval_node(l, values);
        let right = self.eval_node(r, values);
        if record {
            let (observed, required) = (left.ok(), right.ok());
            out.push(TracedComparison {
                node: index,
                observed: observed.unwrap_or(Num::MISSING),
                required: required.unwrap_or(Num::MISSING),
                met: match (observed.and_then(Num::known), required.and_then(Num::known)) {
                    (Some(a), Some(b)) => Some(op.holds(a, b)),
                    _ => None,
                },
            });
        }
        let (left, right) = (left?, right?);
        if left.is_no_base() || right.is_no_base() {
            return Ok(Num::NO_BASE);
        }
        Ok(truth(op.holds(left, right)))
    }

    /// Is node `index` (a fact node) used as a yes/no value? Only yes/no facts can stand alone as a condition,
    /// and that only happens where the whole expression or a logic operand is this node.
    fn ty_of_bool_fact(&self, index: u32) -> bool {
        if index == self.root {
            return self.ty == Type::Bool;
        }
        self.nodes.iter().any(|node| match node {
            Node::And(l, r) | Node::Or(l, r) => *l == index || *r == index,
            Node::Not(child) => *child == index,
            Node::If(c, _, _) => *c == index,
            _ => false,
        })
    }

    fn fact_style_in(&self, cmp_index: u32) -> NumStyle {
        // For `fact op const` the children were folded away; their styles were pushed just before.
        let fact_node = cmp_index.checked_sub(2);
        let const_node = cmp_index.checked_sub(1);
        let percent = [fact_node, const_node].iter().flatten().any(|i| self.styles[*i as usize] == NumStyle::Percent);
        if percent { NumStyle::Percent } else { NumStyle::Plain }
    }

    fn choice_names_for_comparison(&self, cmp_index: u32) -> Option<std::sync::Arc<[String]>> {
        let fact_node = cmp_index.checked_sub(2)?;
        self.choices[fact_node as usize].clone()
    }
}

/// The trace of `fact op constant` (node `index`): the comparison recorded when `record`, and the value
/// [`Expr::eval`] gives.
#[inline(always)]
fn trace_fact_const(
    index: u32,
    op: CmpOp,
    slot: u32,
    constant: Num,
    values: &[Num],
    out: &mut Vec<TracedComparison>,
    record: bool,
) -> Result<Num, EvalError> {
    // One read of the slot: an empty share and an unknown value are both not `known`.
    let fact = values.fact(slot);
    let no_base = fact.is_no_base();
    let observed = fact.known();
    // Compared once: the recorded answer is the value returned.
    let met = observed.map(|v| op.holds(v, constant));
    if record {
        out.push(TracedComparison {
            node: index,
            observed: if no_base { Num::NO_BASE } else { observed.unwrap_or(Num::MISSING) },
            required: constant,
            met,
        });
    }
    if no_base {
        return Ok(Num::NO_BASE);
    }
    let met = met.ok_or(EvalError::Missing(slot))?;
    Ok(truth(met))
}

/// The trace of `fact op fact` (node `index`, always recorded): what [`Expr::trace_node`]'s general comparison
/// records and returns for it, read in place.
#[inline(always)]
fn trace_fact_fact(
    index: u32,
    op: CmpOp,
    a: u32,
    b: u32,
    values: &[Num],
    out: &mut Vec<TracedComparison>,
) -> Result<Num, EvalError> {
    // As `eval_node` reads a fact: a share of nothing is a value, anything else without a value is missing.
    let side = |slot: u32| {
        let value = values.fact(slot);
        if value.is_missing() && !value.is_no_base() { Num::MISSING } else { value }
    };
    let (left, right) = (side(a), side(b));
    let met = match (left.known(), right.known()) {
        (Some(l), Some(r)) => Some(op.holds(l, r)),
        _ => None,
    };
    out.push(TracedComparison { node: index, observed: left, required: right, met });
    if left.is_missing() && !left.is_no_base() {
        return Err(EvalError::Missing(a));
    }
    if right.is_missing() && !right.is_no_base() {
        return Err(EvalError::Missing(b));
    }
    match met {
        Some(met) => Ok(truth(met)),
        // A side is a share of nothing.
        None => Ok(Num::NO_BASE),
    }
}

/// The trace of a fact (node `index`): recorded as a condition when it is a yes/no fact used on its own
/// (`bool_fact`, "suspended"), and its value as [`Expr::eval`] gives it.
#[inline(always)]
fn trace_fact(
    index: u32,
    slot: u32,
    bool_fact: bool,
    values: &[Num],
    out: &mut Vec<TracedComparison>,
) -> Result<Num, EvalError> {
    let observed = load(values, slot);
    if bool_fact {
        out.push(TracedComparison {
            node: index,
            observed: observed.unwrap_or(Num::MISSING),
            required: TRUE,
            met: observed.map(|v| !v.is_zero()),
        });
    }
    if no_base_at(values, slot) {
        return Ok(Num::NO_BASE);
    }
    observed.ok_or(EvalError::Missing(slot))
}

/// Where evaluation reads facts: a row of values by slot (`[Num]`), or a view that reads them in place
/// (`fast::RowView`: a table's row with the kind's defaults, derived facts from a small scratch).
pub trait Facts {
    /// The value in `slot`: [`Num::MISSING`] when unknown (or past the end), [`Num::NO_BASE`] for a share of nothing.
    fn fact(&self, slot: u32) -> Num;
}

impl Facts for [Num] {
    #[inline(always)]
    fn fact(&self, slot: u32) -> Num {
        match self.get(slot as usize) {
            Some(value) => *value,
            None => Num::MISSING,
        }
    }
}

impl Facts for Vec<Num> {
    #[inline(always)]
    fn fact(&self, slot: u32) -> Num {
        self.as_slice().fact(slot)
    }
}

impl<const N: usize> Facts for [Num; N] {
    #[inline(always)]
    fn fact(&self, slot: u32) -> Num {
        self.as_slice().fact(slot)
    }
}

/// The value in `slot`, or [`Num::MISSING`] with `error` set when it is unknown.
#[inline]
fn fetch<V: Facts + ?Sized>(values: &V, slot: u32, error: &mut EvalError) -> Num {
    match values.fact(slot) {
        value if !value.is_missing() || value.is_no_base() => value,
        _ => {
            *error = EvalError::Missing(slot);
            Num::MISSING
        }
    }
}

#[inline]
fn arith(op: ArithOp, left: Num, right: Num, error: &mut EvalError) -> Num {
    let result = match op {
        ArithOp::Add => left.checked_add(right),
        ArithOp::Sub => left.checked_sub(right),
        ArithOp::Mul => left.checked_mul(right),
        ArithOp::Div => left.checked_div(right),
    };
    match result {
        Ok(value) => value,
        Err(failure) => {
            *error = EvalError::Arith(failure);
            Num::MISSING
        }
    }
}

/// Does `slot` hold a share of nothing ([`Num::NO_BASE`])?
#[inline]
fn no_base_at<V: Facts + ?Sized>(values: &V, slot: u32) -> bool {
    values.fact(slot).is_no_base()
}

/// The value in `slot`, `None` when it is unknown (see [`Num::MISSING`]) or out of range.
#[inline]
fn load<V: Facts + ?Sized>(values: &V, slot: u32) -> Option<Num> {
    values.fact(slot).known()
}

fn name_at(names: &[String], value: Option<Num>) -> Option<String> {
    let value = value?;
    if !value.is_integer() || value.is_negative() {
        return None;
    }
    names.get(value.floor() as usize).cloned()
}

/// Split `a >= b` into `("a", "b")` at its comparison operator (outside parentheses and quotes).
fn split_comparison(text: &str) -> (String, String) {
    let mut depth = 0i32;
    let mut quote: Option<char> = None;
    let chars: Vec<(usize, char)> = text.char_indices().collect();
    for (i, &(offset, ch)) in chars.iter().enumerate() {
        if let Some(q) = quote {
            if ch == q {
                quote = None;
            }
            continue;
        }
        match ch {
            '\'' | '"' => quote = Some(ch),
            '(' => depth += 1,
            ')' => depth -= 1,
            '>' | '<' | '=' | '!' | '≥' | '≤' | '≠' if depth == 0 => {
                let mut end = offset + ch.len_utf8();
                if let Some(&(next_offset, '=')) = chars.get(i + 1) {
                    if matches!(ch, '>' | '<' | '=' | '!') {
                        end = next_offset + 1;
                    }
                }
                return (text[..offset].trim().to_string(), text[end..].trim().to_string());
            }
            _ => {}
        }
    }
    (text.trim().to_string(), String::new())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn facts() -> impl Fn(&str) -> Option<FactInfo> {
        |name: &str| match name {
            "score" => Some(FactInfo { slot: 0, ty: Type::Num(NumStyle::Plain) }),
            "assigned" => Some(FactInfo { slot: 1, ty: Type::Num(NumStyle::Plain) }),
            "exceeding" => Some(FactInfo { slot: 2, ty: Type::Num(NumStyle::Plain) }),
            "suspended" => Some(FactInfo { slot: 3, ty: Type::Bool }),
            "discipline" => Some(FactInfo {
                slot: 4,
                ty: Type::Choice {
                    fact: "discipline".into(),
                    values: vec!["none".into(), "khien_trach".into(), "canh_cao".into()],
                },
            }),
            "members.ge_htt" => Some(FactInfo { slot: 5, ty: Type::Num(NumStyle::Plain) }),
            _ => None,
        }
    }

    fn compile_text(text: &str) -> Result<Expr, String> {
        let ast = parse(text).map_err(|e| e.message_en)?;
        compile(text, &ast, &facts()).map_err(|e| e.message_en)
    }

    fn values(score: &str, assigned: i64, exceeding: i64) -> Vec<Num> {
        vec![Num::parse(score).unwrap(), Num::int(assigned), Num::int(exceeding), Num::ZERO, Num::int(1), Num::int(8)]
    }

    fn check(text: &str, values: &[Num]) -> bool {
        compile_text(text).unwrap().holds(values).unwrap()
    }

    #[test]
    fn boundaries_are_inclusive_and_exact() {
        assert!(!check("score >= 90", &values("89.5", 10, 3)));
        assert!(check("score >= 90", &values("90.0", 10, 3)));
        assert!(check("exceeding / assigned >= 30%", &values("0", 10, 3)));
        assert!(!check("exceeding / assigned >= 30%", &values("0", 10, 2)));
        assert!(check("score ≥ 70 and score < 90", &values("70", 0, 0)));
    }

    #[test]
    fn a_share_of_nothing_does_not_count() {
        let row = |assigned: i64, exceeding: i64| values("95", assigned, exceeding);
        let share = compile_text("share(exceeding, assigned)").unwrap();
        assert_eq!(share.style(), NumStyle::Percent);
        assert_eq!(share.eval(&row(10, 3)), Ok(Num::ratio(3, 10).unwrap()));
        assert!(share.eval(&row(0, 0)).unwrap().is_no_base());
        // Alone, a comparison of a share of nothing counts as the expression's declared choice.
        let mut condition = compile_text("share(exceeding, assigned) >= 30%").unwrap();
        assert!(!condition.holds(&row(0, 0)).unwrap());
        condition.set_empty_share_holds(true);
        assert!(condition.holds(&row(0, 0)).unwrap());
        assert!(!condition.holds(&row(10, 2)).unwrap());
        // With other parts, the other parts decide; `not` keeps it not counting.
        for (text, expected) in [
            ("share(exceeding, assigned) >= 30% and score >= 90", true),
            ("share(exceeding, assigned) >= 30% and score >= 99", false),
            ("share(exceeding, assigned) < 30% or score >= 99", false),
            ("not (share(exceeding, assigned) < 30%) or score < 0", false),
        ] {
            let expr = compile_text(text).unwrap();
            assert_eq!(expr.holds(&row(0, 0)), Ok(expected), "{text}");
            let mut traced = Vec::new();
            let value = expr.eval_traced(&row(0, 0), &mut traced).unwrap();
            assert_eq!(expr.truth_of(value), expected, "{text}");
            assert!(traced.iter().any(|c| c.no_base), "{text}");
        }
        assert!(compile_text("share(exceeding)").unwrap_err().contains("exactly 2 arguments"));
        assert!(compile_text("share(suspended, assigned)").unwrap_err().contains("a number is needed"));
    }

    #[test]
    fn short_circuit_avoids_division_by_zero() {
        assert!(check("assigned == 0 or exceeding / assigned >= 30%", &values("0", 0, 0)));
        let expr = compile_text("exceeding / assigned >= 30%").unwrap();
        assert_eq!(expr.holds(&values("0", 0, 0)), Err(EvalError::Arith(ArithError::DivisionByZero)));
    }

    #[test]
    fn choices_compare_in_declared_order() {
        assert!(check("discipline >= 'khien_trach'", &values("0", 0, 0)));
        assert!(!check("discipline >= 'canh_cao'", &values("0", 0, 0)));
        assert!(check("'canh_cao' > discipline", &values("0", 0, 0)));
        assert_eq!(
            compile_text("discipline == 'khai_tru'").unwrap_err(),
            "`discipline` has no value 'khai_tru'; its values are: none, khien_trach, canh_cao"
        );
    }

    #[test]
    fn functions_and_logic() {
        assert!(check("if(assigned == 0, 100%, exceeding / assigned) >= 30%", &values("0", 0, 0)));
        assert!(check("min(score, 100) == 100 and max(1, 2, 3) == 3", &values("120", 0, 0)));
        assert!(check("not suspended", &values("0", 0, 0)));
        assert!(check("members.ge_htt >= 80% * 10", &values("0", 0, 0)));
        assert!(check("-score < 0", &values("1", 0, 0)));
    }

    #[test]
    fn reports_errors_with_positions() {
        let error = parse("score >= ").unwrap_err();
        assert_eq!(error.offset, 9);
        assert_eq!(parse("score = 90").unwrap_err().message_en, "use `==` to compare for equality");
        assert_eq!(parse("1 < score < 3").unwrap_err().message_en, "comparisons cannot be chained; use `and`");
        assert_eq!(parse("(score").unwrap_err().message_en, "expected `)`");
        assert_eq!(compile_text("scor >= 1").unwrap_err(), "there is no fact `scor`");
        assert_eq!(
            compile_text("score and suspended").unwrap_err(),
            "a yes/no condition is needed here, but this is a number"
        );
        assert_eq!(compile_text("score + suspended > 1").unwrap_err(), "a number is needed here, but this is a yes/no");
        assert_eq!(
            compile_text("frob(1)").unwrap_err(),
            "there is no function `frob`; the functions are: if, min, max, share, pow"
        );
        let deep = format!("{}1{}", "(".repeat(200), ")".repeat(200));
        assert_eq!(parse(&deep).unwrap_err().message_en, "expression nested too deeply");
        assert!(parse(&deep).unwrap_err().too_deep && !parse("(score").unwrap_err().too_deep);
        // A long chain is a tall tree too (found by fuzzing: it overflowed the stack while compiling).
        let chain = format!("score{}", "+1".repeat(2000));
        assert_eq!(parse(&chain).unwrap_err().message_en, "expression nested too deeply");
        let chain = format!("score >= 1{}", " and score >= 1".repeat(2000));
        assert_eq!(parse(&chain).unwrap_err().message_en, "expression nested too deeply");
        // Long enough for real rules.
        let fine = format!("score >= 1{}", " and score >= 1".repeat(60));
        assert!(compile_text(&fine).is_ok());
        let error = compile_text("score >= 1 and scor >= 2").unwrap_err();
        assert_eq!(error, "there is no fact `scor`");
        let ast = parse("score >= 1 and scor >= 2").unwrap();
        let error = compile("score >= 1 and scor >= 2", &ast, &facts()).unwrap_err();
        assert_eq!(error.span, (15, 19));
    }

    #[test]
    fn traces_show_observed_and_required() {
        let expr = compile_text("exceeding / assigned >= 30% and discipline == 'none'").unwrap();
        let mut comparisons = Vec::new();
        let result = expr.eval_traced(&values("0", 10, 2), &mut comparisons).unwrap();
        assert!(result.is_zero());
        assert_eq!(comparisons.len(), 2);
        assert_eq!(comparisons[0].left, "exceeding / assigned");
        assert_eq!(comparisons[0].right, "30%");
        assert_eq!(comparisons[0].observed, Some(Num::ratio(1, 5).unwrap()));
        assert_eq!(comparisons[0].required, Some(Num::ratio(3, 10).unwrap()));
        assert_eq!(comparisons[0].style, NumStyle::Percent);
        assert_eq!(comparisons[0].met, Some(false));
        assert_eq!(comparisons[1].left, "discipline");
        assert_eq!(comparisons[1].observed_choice.as_deref(), Some("khien_trach"));
        assert_eq!(comparisons[1].required_choice.as_deref(), Some("none"));
        assert_eq!(comparisons[1].met, Some(false));
    }

    #[test]
    fn missing_facts_are_reported_not_guessed() {
        let expr = compile_text("score >= 90").unwrap();
        let mut vals = values("95", 0, 0);
        vals[0] = Num::MISSING;
        assert_eq!(expr.holds(&vals), Err(EvalError::Missing(0)));
    }

    #[test]
    fn a_deciding_side_decides_without_the_other() {
        let mut vals = values("95", 10, 3);
        vals[0] = Num::MISSING;
        let traced = |text: &str, vals: &[Num]| {
            let expr = compile_text(text).unwrap();
            let mut out = Vec::new();
            let traced = expr.trace(vals, &mut out).map(|v| !v.is_zero());
            assert_eq!(traced, expr.holds(vals), "{text}: trace and evaluation agree");
            traced
        };
        // True beats unknown in `or`, on either side; false beats unknown in `and`.
        assert_eq!(traced("score >= 90 or assigned >= 5", &vals), Ok(true));
        assert_eq!(traced("assigned >= 5 or score >= 90", &vals), Ok(true));
        assert_eq!(traced("score >= 90 and assigned > 50", &vals), Ok(false));
        assert_eq!(traced("assigned > 50 and score >= 90", &vals), Ok(false));
        // Otherwise the missing fact is named.
        assert_eq!(traced("score >= 90 or assigned > 50", &vals), Err(EvalError::Missing(0)));
        assert_eq!(traced("score >= 90 and assigned >= 5", &vals), Err(EvalError::Missing(0)));
        assert_eq!(traced("not (score >= 90 or assigned > 50)", &vals), Err(EvalError::Missing(0)));
        // A division by zero beside an unknown is unknown: the unknown side could have decided.
        let zero = values("95", 0, 3);
        let mut unknown_zero = zero.clone();
        unknown_zero[0] = Num::MISSING;
        assert_eq!(traced("score >= 90 or exceeding / assigned > 1", &unknown_zero), Err(EvalError::Missing(0)));
        // A failure on the left stops the evaluation, as before.
        assert_eq!(
            traced("exceeding / assigned > 1 or score >= 90", &zero),
            Err(EvalError::Arith(ArithError::DivisionByZero))
        );
    }
}
