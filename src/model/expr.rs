//! Requirement expressions: `1 or (2 and 3)`. Numbers are route positions
//! (1-based); `and` binds tighter than `or`; parentheses group.

use std::fmt;
use std::ops::Range;

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Expr {
    Route(usize),
    And(Vec<Expr>),
    Or(Vec<Expr>),
}

/// A malformed expression, with the byte range (within the expression text)
/// that is wrong.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ExprError {
    pub message: String,
    pub range: Range<usize>,
}

#[derive(Clone, Debug, PartialEq)]
enum Tok {
    Num(usize),
    And,
    Or,
    Open,
    Close,
}

impl Expr {
    /// `1 or 2 or ... or n`.
    pub fn any_of(n: usize) -> Expr {
        match n {
            1 => Expr::Route(1),
            _ => Expr::Or((1..=n).map(Expr::Route).collect()),
        }
    }

    pub fn parse(text: &str) -> Result<Expr, ExprError> {
        let toks = lex(text)?;
        if toks.is_empty() {
            return Err(ExprError {
                message: "the expression is empty".into(),
                range: 0..text.len(),
            });
        }
        let mut p = Parser {
            toks: &toks,
            pos: 0,
            end: text.len(),
        };
        let e = p.or()?;
        if let Some((_, r)) = toks.get(p.pos) {
            return Err(ExprError {
                message: "unexpected text after the end of the expression".into(),
                range: r.clone(),
            });
        }
        Ok(e)
    }

    /// Every route number mentioned, in order of appearance.
    pub fn routes(&self) -> Vec<usize> {
        let mut out = Vec::new();
        self.walk(&mut |n| out.push(n));
        out
    }

    fn walk(&self, f: &mut impl FnMut(usize)) {
        match self {
            Expr::Route(n) => f(*n),
            Expr::And(xs) | Expr::Or(xs) => xs.iter().for_each(|x| x.walk(f)),
        }
    }

    /// Whether the routes marked true satisfy the expression.
    pub fn eval(&self, has: &dyn Fn(usize) -> bool) -> bool {
        match self {
            Expr::Route(n) => has(*n),
            Expr::And(xs) => xs.iter().all(|x| x.eval(has)),
            Expr::Or(xs) => xs.iter().any(|x| x.eval(has)),
        }
    }

    /// The top-level alternatives: each is a set of routes that together qualify
    /// ("two distinct methods to qualify" for `1 or (2 and 3)`).
    pub fn alternatives(&self) -> Vec<Vec<usize>> {
        match self {
            Expr::Route(n) => vec![vec![*n]],
            Expr::Or(xs) => xs.iter().flat_map(|x| x.alternatives()).collect(),
            Expr::And(xs) => {
                let mut acc: Vec<Vec<usize>> = vec![vec![]];
                for x in xs {
                    let alts = x.alternatives();
                    let mut next = Vec::new();
                    for a in &acc {
                        for b in &alts {
                            let mut c = a.clone();
                            c.extend(b.iter().copied());
                            next.push(c);
                        }
                    }
                    acc = next;
                }
                acc
            }
        }
    }

    /// The connective printed after each route when routes are listed in
    /// order: for `1 or (2 and 3)` that is `[(1, Some("or")), (2, Some("and")), (3, None)]`.
    pub fn connectives(&self) -> Vec<(usize, Option<&'static str>)> {
        let mut out: Vec<(usize, Option<&'static str>)> = Vec::new();
        fn go(e: &Expr, out: &mut Vec<(usize, Option<&'static str>)>) {
            match e {
                Expr::Route(n) => out.push((*n, None)),
                Expr::And(xs) | Expr::Or(xs) => {
                    let word = if matches!(e, Expr::And(_)) { "and" } else { "or" };
                    for (i, x) in xs.iter().enumerate() {
                        go(x, out);
                        if i + 1 < xs.len()
                            && let Some(last) = out.last_mut()
                        {
                            last.1 = Some(word);
                        }
                    }
                }
            }
        }
        go(self, &mut out);
        out
    }
}

impl fmt::Display for Expr {
    /// Canonical form: nested groups always parenthesized, `1 or (2 and 3)`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fn go(e: &Expr, f: &mut fmt::Formatter<'_>, nested: bool) -> fmt::Result {
            let (xs, word) = match e {
                Expr::Route(n) => return write!(f, "{n}"),
                Expr::And(xs) => (xs, " and "),
                Expr::Or(xs) => (xs, " or "),
            };
            if nested {
                write!(f, "(")?;
            }
            for (i, x) in xs.iter().enumerate() {
                if i > 0 {
                    write!(f, "{word}")?;
                }
                go(x, f, true)?;
            }
            if nested {
                write!(f, ")")?;
            }
            Ok(())
        }
        go(self, f, false)
    }
}

fn lex(text: &str) -> Result<Vec<(Tok, Range<usize>)>, ExprError> {
    let mut out = Vec::new();
    let bytes = text.as_bytes();
    let mut i = 0;
    while i < bytes.len() {
        let c = bytes[i];
        if c.is_ascii_whitespace() {
            i += 1;
        } else if c == b'(' {
            out.push((Tok::Open, i..i + 1));
            i += 1;
        } else if c == b')' {
            out.push((Tok::Close, i..i + 1));
            i += 1;
        } else if c.is_ascii_digit() {
            let start = i;
            while i < bytes.len() && bytes[i].is_ascii_digit() {
                i += 1;
            }
            let n: usize = text[start..i].parse().map_err(|_| ExprError {
                message: "route number is too large".into(),
                range: start..i,
            })?;
            out.push((Tok::Num(n), start..i));
        } else if c.is_ascii_alphabetic() || c == b'&' || c == b'|' {
            let start = i;
            while i < bytes.len() && (bytes[i].is_ascii_alphabetic() || bytes[i] == b'&' || bytes[i] == b'|') {
                i += 1;
            }
            let word = text[start..i].to_ascii_lowercase();
            let tok = match word.as_str() {
                "and" | "&&" | "&" => Tok::And,
                "or" | "||" | "|" => Tok::Or,
                _ => {
                    return Err(ExprError {
                        message: format!("`{}` is not `and`, `or` or a route number", &text[start..i]),
                        range: start..i,
                    });
                }
            };
            out.push((tok, start..i));
        } else {
            let ch = text[i..].chars().next().unwrap_or(' ');
            return Err(ExprError {
                message: format!("unexpected character `{ch}`"),
                range: i..i + ch.len_utf8(),
            });
        }
    }
    Ok(out)
}

struct Parser<'a> {
    toks: &'a [(Tok, Range<usize>)],
    pos: usize,
    end: usize,
}

impl Parser<'_> {
    fn peek(&self) -> Option<&Tok> {
        self.toks.get(self.pos).map(|t| &t.0)
    }
    fn range(&self) -> Range<usize> {
        self.toks
            .get(self.pos)
            .map(|t| t.1.clone())
            .unwrap_or(self.end..self.end)
    }
    fn or(&mut self) -> Result<Expr, ExprError> {
        let mut xs = vec![self.and()?];
        while self.peek() == Some(&Tok::Or) {
            self.pos += 1;
            xs.push(self.and()?);
        }
        Ok(if xs.len() == 1 {
            xs.pop().unwrap()
        } else {
            Expr::Or(flatten(xs, true))
        })
    }
    fn and(&mut self) -> Result<Expr, ExprError> {
        let mut xs = vec![self.atom()?];
        while self.peek() == Some(&Tok::And) {
            self.pos += 1;
            xs.push(self.atom()?);
        }
        Ok(if xs.len() == 1 {
            xs.pop().unwrap()
        } else {
            Expr::And(flatten(xs, false))
        })
    }
    fn atom(&mut self) -> Result<Expr, ExprError> {
        let range = self.range();
        match self.peek().cloned() {
            Some(Tok::Num(n)) => {
                self.pos += 1;
                Ok(Expr::Route(n))
            }
            Some(Tok::Open) => {
                self.pos += 1;
                let e = self.or()?;
                if self.peek() != Some(&Tok::Close) {
                    return Err(ExprError {
                        message: "unclosed parenthesis".into(),
                        range,
                    });
                }
                self.pos += 1;
                Ok(e)
            }
            Some(_) => Err(ExprError {
                message: "expected a route number or `(`".into(),
                range,
            }),
            None => Err(ExprError {
                message: "the expression ends too early".into(),
                range,
            }),
        }
    }
}

fn flatten(xs: Vec<Expr>, or: bool) -> Vec<Expr> {
    let mut out = Vec::new();
    for x in xs {
        match x {
            Expr::Or(inner) if or => out.extend(inner),
            Expr::And(inner) if !or => out.extend(inner),
            other => out.push(other),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_seed_expression() {
        let e = Expr::parse("1 or (2 and 3)").unwrap();
        assert_eq!(e.to_string(), "1 or (2 and 3)");
        assert_eq!(e.alternatives(), vec![vec![1], vec![2, 3]]);
        assert_eq!(e.connectives(), vec![(1, Some("or")), (2, Some("and")), (3, None)]);
        assert!(e.eval(&|n| n == 1));
        assert!(!e.eval(&|n| n == 2));
        assert!(e.eval(&|n| n == 2 || n == 3));
    }

    #[test]
    fn and_binds_tighter() {
        let e = Expr::parse("(1 or 2) and 3").unwrap();
        assert_eq!(e.to_string(), "(1 or 2) and 3");
        assert_eq!(e.alternatives(), vec![vec![1, 3], vec![2, 3]]);
    }

    #[test]
    fn errors_point_at_the_problem() {
        let err = Expr::parse("1 or (2 and").unwrap_err();
        assert_eq!(err.message, "the expression ends too early");
        let err = Expr::parse("1 xor 2").unwrap_err();
        assert_eq!(err.range, 2..5);
        assert!(Expr::parse("").is_err());
        assert!(Expr::parse("1 2").is_err());
        assert!(Expr::parse("(1 or 2").is_err());
    }
}
