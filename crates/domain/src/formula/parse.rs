//! From text to a syntax tree: a tokenizer and a recursive-descent parser whose depth is capped, so
//! no formula can exhaust the stack.

use super::ast::{Aggregate, Cmp, Condition, Expr, Field, Filter, Function, Measure, Op, Share};
use super::{FormulaError, MAX_DEPTH, MAX_NODES};

#[derive(Debug, Clone, PartialEq)]
enum Token {
    Word(String),
    Number(f64),
    Quoted(String),
    Open,
    Close,
    Comma,
    Semicolon,
    Pipe,
    Op(Op),
    Cmp(Cmp),
    End,
}

#[derive(Debug, Clone)]
struct Lexeme {
    token: Token,
    position: usize,
}

fn tokenize(text: &str) -> Result<Vec<Lexeme>, FormulaError> {
    let chars: Vec<char> = text.chars().collect();
    let mut out = Vec::new();
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        let start = i;
        let token = match c {
            c if c.is_whitespace() => {
                i += 1;
                continue;
            }
            '(' => Token::Open,
            ')' => Token::Close,
            ',' => Token::Comma,
            ';' => Token::Semicolon,
            '|' => Token::Pipe,
            '+' => Token::Op(Op::Add),
            '-' => Token::Op(Op::Subtract),
            '*' | '×' => Token::Op(Op::Multiply),
            '/' | '÷' => Token::Op(Op::Divide),
            '=' => Token::Cmp(Cmp::Equal),
            '!' | '<' | '>' | '≥' | '≤' | '≠' => {
                let next = chars.get(i + 1).copied();
                let (cmp, width) = match (c, next) {
                    ('!', Some('=')) => (Cmp::NotEqual, 2),
                    ('<', Some('=')) => (Cmp::LessOrEqual, 2),
                    ('>', Some('=')) => (Cmp::GreaterOrEqual, 2),
                    ('<', _) => (Cmp::Less, 1),
                    ('>', _) => (Cmp::Greater, 1),
                    ('≥', _) => (Cmp::GreaterOrEqual, 1),
                    ('≤', _) => (Cmp::LessOrEqual, 1),
                    ('≠', _) => (Cmp::NotEqual, 1),
                    _ => return Err(FormulaError::at(i, "ใช้ != สำหรับ \"ไม่เท่ากับ\"", "use != for \"not equal\"")),
                };
                i += width;
                out.push(Lexeme { token: Token::Cmp(cmp), position: start });
                continue;
            }
            '"' => {
                let close = chars[i + 1..]
                    .iter()
                    .position(|&c| c == '"')
                    .ok_or_else(|| FormulaError::at(start, "ข้อความในเครื่องหมายคำพูดไม่มีเครื่องหมายปิด", "a quoted value has no closing quote"))?;
                let value: String = chars[i + 1..i + 1 + close].iter().collect();
                i += close + 2;
                out.push(Lexeme { token: Token::Quoted(value), position: start });
                continue;
            }
            c if c.is_ascii_digit() || c == '.' => {
                while i < chars.len() && (chars[i].is_ascii_digit() || chars[i] == '.') {
                    i += 1;
                }
                // Age bands are written as they are coded: `15-24`, `60+`. Digits joined by a dash
                // to more digits, or followed by a plus that ends the value, are one value.
                let joined_range = chars.get(i) == Some(&'-') && chars.get(i + 1).is_some_and(char::is_ascii_digit);
                let open_ended =
                    chars.get(i) == Some(&'+') && chars.get(i + 1).is_none_or(|c| matches!(c, ')' | ',' | '|' | ';') || c.is_whitespace());
                if joined_range || open_ended {
                    i += 1;
                    while i < chars.len() && chars[i].is_ascii_digit() {
                        i += 1;
                    }
                    out.push(Lexeme { token: Token::Word(chars[start..i].iter().collect()), position: start });
                    continue;
                }
                let text: String = chars[start..i].iter().collect();
                // Digits may also be a value (an area code such as 50, a fiscal year 2567): the parser
                // decides from where they stand. DOPA codes never start with 0, so no digit is lost.
                let number = text.parse::<f64>().map_err(|_| FormulaError::at(start, "ตัวเลขไม่ถูกต้อง", "this is not a number"))?;
                out.push(Lexeme { token: Token::Number(number), position: start });
                if chars.get(i).is_some_and(|c| c.is_alphabetic() || *c == '_') {
                    return Err(FormulaError::at(i, "ตัวเลขต้องไม่ติดกับตัวอักษร", "a number runs into letters"));
                }
                continue;
            }
            c if c.is_alphabetic() || c == '_' => {
                while i < chars.len() && (chars[i].is_alphanumeric() || chars[i] == '_' || chars[i] == '-' || chars[i] == ':') {
                    i += 1;
                }
                out.push(Lexeme { token: Token::Word(chars[start..i].iter().collect()), position: start });
                continue;
            }
            other => {
                return Err(FormulaError::at(i, format!("ใช้อักขระ '{other}' ในสูตรไม่ได้"), format!("'{other}' cannot be used in a formula")));
            }
        };
        out.push(Lexeme { token, position: start });
        i += 1;
    }
    out.push(Lexeme { token: Token::End, position: chars.len() });
    Ok(out)
}

struct Parser {
    lexemes: Vec<Lexeme>,
    at: usize,
    depth: usize,
    nodes: usize,
}

pub fn parse(text: &str) -> Result<Expr, FormulaError> {
    let mut p = Parser { lexemes: tokenize(text)?, at: 0, depth: 0, nodes: 0 };
    if p.peek() == &Token::End {
        return Err(FormulaError::at(0, "สูตรว่างเปล่า", "the formula is empty"));
    }
    let expr = p.expr()?;
    match p.peek() {
        Token::End => Ok(expr),
        Token::Cmp(_) => Err(p.error("การเปรียบเทียบใช้ได้เฉพาะในเงื่อนไขของ share(…)", "comparisons belong inside share(…; condition)")),
        _ => Err(p.error("มีส่วนเกินหลังจบสูตร", "unexpected text after the end of the formula")),
    }
}

impl Parser {
    fn peek(&self) -> &Token {
        &self.lexemes[self.at].token
    }

    fn position(&self) -> usize {
        self.lexemes[self.at].position
    }

    fn next(&mut self) -> Lexeme {
        let l = self.lexemes[self.at].clone();
        if self.at + 1 < self.lexemes.len() {
            self.at += 1;
        }
        l
    }

    fn error(&self, th: &str, en: &str) -> FormulaError {
        FormulaError::at(self.position(), th, en)
    }

    fn expect(&mut self, token: Token, th: &str, en: &str) -> Result<(), FormulaError> {
        if *self.peek() == token {
            self.next();
            Ok(())
        } else {
            Err(self.error(th, en))
        }
    }

    /// Counts a part of the formula, refusing one too big to evaluate safely.
    fn node(&mut self) -> Result<(), FormulaError> {
        self.nodes += 1;
        if self.nodes > MAX_NODES {
            return Err(self.error(&format!("สูตรมีส่วนประกอบเกิน {MAX_NODES} ส่วน"), &format!("a formula has at most {MAX_NODES} parts")));
        }
        Ok(())
    }

    /// Enters a parenthesis, a call or a negation, refusing nesting deep enough to exhaust the stack.
    fn nest(&mut self) -> Result<(), FormulaError> {
        self.depth += 1;
        if self.depth > MAX_DEPTH {
            return Err(self.error(&format!("สูตรซ้อนกันลึกเกิน {MAX_DEPTH} ชั้น"), &format!("a formula nests at most {MAX_DEPTH} levels deep")));
        }
        Ok(())
    }

    fn expr(&mut self) -> Result<Expr, FormulaError> {
        let mut left = self.term()?;
        while let Token::Op(op @ (Op::Add | Op::Subtract)) = *self.peek() {
            self.node()?;
            let position = self.next().position;
            let right = self.term()?;
            left = Expr::Binary(Box::new(left), op, Box::new(right), position);
        }
        Ok(left)
    }

    fn term(&mut self) -> Result<Expr, FormulaError> {
        let mut left = self.unary()?;
        while let Token::Op(op @ (Op::Multiply | Op::Divide)) = *self.peek() {
            self.node()?;
            let position = self.next().position;
            let right = self.unary()?;
            left = Expr::Binary(Box::new(left), op, Box::new(right), position);
        }
        Ok(left)
    }

    fn unary(&mut self) -> Result<Expr, FormulaError> {
        if let Token::Op(Op::Subtract) = self.peek() {
            self.node()?;
            self.nest()?;
            let position = self.next().position;
            let inner = self.unary()?;
            self.depth -= 1;
            return Ok(Expr::Negate(Box::new(inner), position));
        }
        self.primary()
    }

    fn primary(&mut self) -> Result<Expr, FormulaError> {
        self.node()?;
        let Lexeme { token, position } = self.next();
        match token {
            Token::Number(n) => Ok(Expr::Number(n, position)),
            Token::Open => {
                self.nest()?;
                let inner = self.expr()?;
                self.expect(Token::Close, "ขาดวงเล็บปิด )", "a closing parenthesis ) is missing")?;
                self.depth -= 1;
                Ok(inner)
            }
            Token::Word(name) if name.starts_with(|c: char| c.is_ascii_digit()) => Err(FormulaError::at(
                position,
                "เขียนการลบด้วยเว้นวรรค เช่น 10 - 3 (ค่าอย่าง 15-24 ใช้เป็นค่าที่ใช้กรองเท่านั้น)",
                "write subtraction with spaces, e.g. 10 - 3 (a value such as 15-24 only appears in a filter)",
            )),
            Token::Word(name) => {
                self.nest()?;
                let call = self.call(&name, position)?;
                self.depth -= 1;
                Ok(call)
            }
            Token::End => Err(FormulaError::at(position, "สูตรจบก่อนครบ", "the formula ends too early")),
            _ => Err(FormulaError::at(
                position,
                "ต้องเป็นตัวเลข count(…) sum(…) share(…) หรือวงเล็บ",
                "expected a number, count(…), sum(…), share(…) or a parenthesis",
            )),
        }
    }

    fn call(&mut self, name: &str, position: usize) -> Result<Expr, FormulaError> {
        let function = match name {
            "count" => Some(Function::Count),
            "sum" => Some(Function::Sum),
            "share" => None,
            _ => {
                return Err(FormulaError::at(
                    position,
                    format!("ไม่รู้จักฟังก์ชัน '{name}' ใช้ได้เฉพาะ count sum และ share"),
                    format!("unknown function '{name}': use count, sum or share"),
                ));
            }
        };
        self.expect(Token::Open, &format!("ต้องมีวงเล็บเปิดหลัง {name}"), &format!("'(' must follow {name}"))?;
        let measure = self.measure()?;
        let filters = self.filters()?;
        let expr = match function {
            Some(function) => Expr::Aggregate(Aggregate { function, measure: measure.0, filters }, position),
            None => {
                if measure.0 != Measure::Organizations {
                    return Err(FormulaError::at(measure.1, "share(…) ใช้กับ organizations เท่านั้น", "share(…) is over organizations"));
                }
                self.expect(Token::Semicolon, "ขาดเครื่องหมาย ; ก่อนเงื่อนไขของ share", "share(…) needs '; condition' after its filters")?;
                let condition = self.condition()?;
                Expr::Share(Box::new(Share { organizations: filters, condition }), position)
            }
        };
        self.expect(Token::Close, "ขาดวงเล็บปิด )", "a closing parenthesis ) is missing")?;
        Ok(expr)
    }

    fn measure(&mut self) -> Result<(Measure, usize), FormulaError> {
        let Lexeme { token, position } = self.next();
        let known = Measure::ALL.iter().map(|(_, n)| *n).collect::<Vec<_>>().join(", ");
        match token {
            Token::Word(w) => Measure::ALL.iter().find(|(_, n)| *n == w).map(|(m, _)| (*m, position)).ok_or_else(|| {
                FormulaError::at(position, format!("ไม่รู้จัก '{w}' ใช้ได้: {known}"), format!("unknown '{w}': use one of {known}"))
            }),
            _ => Err(FormulaError::at(position, format!("ต้องระบุสิ่งที่นับ: {known}"), format!("name what to count: {known}"))),
        }
    }

    fn filters(&mut self) -> Result<Vec<Filter>, FormulaError> {
        let mut filters = Vec::new();
        while *self.peek() == Token::Comma {
            self.next();
            self.node()?;
            filters.push(self.filter()?);
        }
        Ok(filters)
    }

    fn filter(&mut self) -> Result<Filter, FormulaError> {
        let Lexeme { token, position } = self.next();
        let known = Field::ALL.iter().map(|(_, n)| *n).collect::<Vec<_>>().join(", ");
        let field = match token {
            Token::Word(w) => Field::ALL.iter().find(|(_, n)| *n == w).map(|(f, _)| *f).ok_or_else(|| {
                FormulaError::at(position, format!("ไม่รู้จักช่อง '{w}' ใช้ได้: {known}"), format!("unknown field '{w}': use one of {known}"))
            })?,
            _ => {
                return Err(FormulaError::at(
                    position,
                    format!("ต้องระบุช่องที่ใช้กรอง: {known}"),
                    format!("name a field to filter on: {known}"),
                ));
            }
        };
        let negated = match self.next().token {
            Token::Cmp(Cmp::Equal) => false,
            Token::Cmp(Cmp::NotEqual) => true,
            _ => return Err(FormulaError::at(self.lexemes[self.at - 1].position, "ตัวกรองใช้ = หรือ !=", "a filter uses = or !=")),
        };
        let mut values = vec![self.value()?];
        while *self.peek() == Token::Pipe {
            self.next();
            values.push(self.value()?);
        }
        Ok(Filter { field, negated, values, position })
    }

    fn value(&mut self) -> Result<String, FormulaError> {
        let Lexeme { token, position } = self.next();
        match token {
            Token::Word(w) | Token::Quoted(w) => Ok(w),
            Token::Number(n) if n.fract() == 0.0 && n >= 0.0 => Ok(format!("{n:.0}")),
            _ => Err(FormulaError::at(position, "ต้องระบุค่าที่ใช้กรอง", "a filter needs a value")),
        }
    }

    fn condition(&mut self) -> Result<Condition, FormulaError> {
        let left = self.expr()?;
        let cmp = match self.peek() {
            Token::Cmp(c) => *c,
            _ => return Err(self.error("เงื่อนไขต้องเปรียบเทียบสองค่า เช่น >= 3", "a condition compares two values, e.g. >= 3")),
        };
        self.next();
        let right = self.expr()?;
        Ok(Condition { left, cmp, right })
    }
}
