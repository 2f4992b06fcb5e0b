//! Requirement expressions: `1 or (2 and 3)`, `1 or 2a or (2b and 3)`.
//! Numbers are route positions (1-based), a letter after one names a
//! lettered part of the route; `and` binds tighter than `or`; parentheses
//! group.
//!
//! Work on an expression is bounded: parentheses nest at most
//! [`MAX_DEPTH`] deep (deeper is a located error, never a stack overflow),
//! and everything derived from an expression takes time linear in its size
//! — the number of ways to qualify can be astronomical (`(1 or 2) and (3 or
//! 4) and …` doubles with each pair), so nothing enumerates them.

use std::fmt;
use std::ops::Range;

/// A route (`2`) or a lettered part of one (`2a`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct RouteRef {
    /// 1-based route number.
    pub route: usize,
    /// 0-based part index (`a` = 0).
    pub part: Option<usize>,
}

impl RouteRef {
    pub fn route(n: usize) -> RouteRef {
        RouteRef { route: n, part: None }
    }

    /// Parse `2`, `2a`, `#2`, `2(a)`.
    pub fn parse(s: &str) -> Option<RouteRef> {
        let s = s.trim().trim_start_matches('#');
        let digits: String = s.chars().take_while(char::is_ascii_digit).collect();
        let route: usize = digits.parse().ok()?;
        let rest = s[digits.len()..].trim_start_matches('(').trim_end_matches(')');
        let part = match rest.chars().collect::<Vec<_>>().as_slice() {
            [] => None,
            [c] if c.is_ascii_lowercase() => Some((*c as u8 - b'a') as usize),
            _ => return None,
        };
        (route > 0).then_some(RouteRef { route, part })
    }

    /// The part's letter, `a` for the first.
    pub fn letter(&self) -> Option<char> {
        self.part.map(|p| (b'a' + p.min(25) as u8) as char)
    }
}

impl fmt::Display for RouteRef {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.letter() {
            Some(c) => write!(f, "{}{c}", self.route),
            None => write!(f, "{}", self.route),
        }
    }
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Expr {
    Route(RouteRef),
    And(Vec<Expr>),
    Or(Vec<Expr>),
}

/// How deep parentheses may nest. Real plans nest two or three levels.
pub const MAX_DEPTH: usize = 64;

/// A malformed expression, with the byte range (within the expression text)
/// that is wrong.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ExprError {
    pub message: String,
    pub range: Range<usize>,
}

#[derive(Clone, Debug, PartialEq)]
enum Tok {
    Num(RouteRef),
    And,
    Or,
    Open,
    Close,
}

impl Expr {
    /// `1 or 2 or ... or n`.
    pub fn any_of(n: usize) -> Expr {
        match n {
            1 => Expr::Route(RouteRef::route(1)),
            _ => Expr::Or((1..=n).map(|i| Expr::Route(RouteRef::route(i))).collect()),
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
            depth: 0,
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

    /// Every route or part mentioned, in order of appearance.
    pub fn refs(&self) -> Vec<RouteRef> {
        let mut out = Vec::new();
        self.walk(&mut |n| out.push(n));
        out
    }

    /// Every route number mentioned, in order of appearance.
    pub fn routes(&self) -> Vec<usize> {
        self.refs().into_iter().map(|r| r.route).collect()
    }

    fn walk(&self, f: &mut impl FnMut(RouteRef)) {
        match self {
            Expr::Route(n) => f(*n),
            Expr::And(xs) | Expr::Or(xs) => xs.iter().for_each(|x| x.walk(f)),
        }
    }

    /// Whether the routes marked true satisfy the expression.
    pub fn eval(&self, has: &dyn Fn(RouteRef) -> bool) -> bool {
        match self {
            Expr::Route(n) => has(*n),
            Expr::And(xs) => xs.iter().all(|x| x.eval(has)),
            Expr::Or(xs) => xs.iter().any(|x| x.eval(has)),
        }
    }

    /// How many distinct combinations of routes qualify ("two distinct
    /// methods to qualify" for `1 or (2 and 3)`), saturating at `u64::MAX`.
    pub fn methods(&self) -> u64 {
        match self {
            Expr::Route(_) => 1,
            Expr::Or(xs) => xs.iter().map(Expr::methods).fold(0, u64::saturating_add),
            Expr::And(xs) => xs.iter().map(Expr::methods).fold(1, u64::saturating_mul),
        }
    }

    /// The combinations of routes that qualify, each sorted, in the order
    /// the expression names them (`1 or (2 and 3)` → `[[1], [2, 3]]`), at
    /// most `limit` of them: `and` multiplies, so the expansion is cut off
    /// rather than grown without bound.
    pub fn ways(&self, limit: usize) -> Vec<Vec<RouteRef>> {
        match self {
            Expr::Route(n) => vec![vec![*n]],
            Expr::Or(xs) => {
                let mut out: Vec<Vec<RouteRef>> = Vec::new();
                for x in xs {
                    for w in x.ways(limit) {
                        if out.len() >= limit {
                            return out;
                        }
                        if !out.contains(&w) {
                            out.push(w);
                        }
                    }
                }
                out
            }
            Expr::And(xs) => {
                let mut acc: Vec<Vec<RouteRef>> = vec![Vec::new()];
                for x in xs {
                    let next = x.ways(limit);
                    let mut grown = Vec::new();
                    'outer: for a in &acc {
                        for b in &next {
                            if grown.len() >= limit {
                                break 'outer;
                            }
                            let mut w = a.clone();
                            w.extend(b.iter().copied());
                            w.sort_unstable();
                            w.dedup();
                            grown.push(w);
                        }
                    }
                    acc = grown;
                }
                acc
            }
        }
    }

    /// The routes every way of qualifying includes.
    pub fn necessary(&self) -> std::collections::BTreeSet<RouteRef> {
        match self {
            Expr::Route(n) => [*n].into(),
            Expr::And(xs) => xs.iter().flat_map(Expr::necessary).collect(),
            Expr::Or(xs) => {
                let mut sets = xs.iter().map(Expr::necessary);
                let first = sets.next().unwrap_or_default();
                sets.fold(first, |acc, s| acc.intersection(&s).copied().collect())
            }
        }
    }

    /// The routes an applicant filing under `route` must also meet: those
    /// necessary in every `and` it is part of ("Requirement #2 and #3" for
    /// route 3 of `1 or (2 and 3)`), with `route` itself, in order.
    pub fn filing_group(&self, route: RouteRef) -> Vec<RouteRef> {
        fn go(e: &Expr, route: RouteRef, acc: &mut std::collections::BTreeSet<RouteRef>) -> bool {
            match e {
                Expr::Route(n) => *n == route,
                Expr::Or(xs) => xs.iter().any(|x| go(x, route, acc)),
                Expr::And(xs) => {
                    let Some(k) = xs.iter().position(|x| x.refs().contains(&route)) else {
                        return false;
                    };
                    for (i, x) in xs.iter().enumerate() {
                        if i != k {
                            acc.extend(x.necessary());
                        }
                    }
                    go(&xs[k], route, acc)
                }
            }
        }
        let mut acc: std::collections::BTreeSet<RouteRef> = [route].into();
        go(self, route, &mut acc);
        acc.into_iter().collect()
    }

    /// One combination of the routes in `met` that satisfies the
    /// expression (the first alternative of each `or` that works), or
    /// `None`.
    pub fn witness(&self, met: &dyn Fn(RouteRef) -> bool) -> Option<Vec<RouteRef>> {
        match self {
            Expr::Route(n) => met(*n).then(|| vec![*n]),
            Expr::Or(xs) => xs.iter().find_map(|x| x.witness(met)),
            Expr::And(xs) => {
                let mut all = Vec::new();
                for x in xs {
                    all.extend(x.witness(met)?);
                }
                all.sort_unstable();
                all.dedup();
                Some(all)
            }
        }
    }

    /// The ways an applicant with routes `met` qualifies, one per top-level
    /// alternative that is satisfied (so at most as many as the expression
    /// has top-level parts).
    pub fn satisfied(&self, met: &dyn Fn(RouteRef) -> bool) -> Vec<Vec<RouteRef>> {
        match self {
            Expr::Or(xs) => xs.iter().filter_map(|x| x.witness(met)).collect(),
            other => other.witness(met).into_iter().collect(),
        }
    }

    /// The least, over the ways to qualify, of the most any route of that
    /// way needs (`value` of a route; `and` takes the largest, `or` the
    /// smallest): e.g. the least experience that qualifies.
    pub fn least_of_most(&self, value: &dyn Fn(RouteRef) -> f64) -> f64 {
        match self {
            Expr::Route(n) => value(*n),
            Expr::And(xs) => xs
                .iter()
                .map(|x| x.least_of_most(value))
                .fold(f64::NEG_INFINITY, f64::max),
            Expr::Or(xs) => xs.iter().map(|x| x.least_of_most(value)).fold(f64::INFINITY, f64::min),
        }
    }

    /// Whether every way to qualify includes a route for which `has` holds
    /// (e.g. every way needs a degree).
    pub fn every_way_has(&self, has: &dyn Fn(RouteRef) -> bool) -> bool {
        match self {
            Expr::Route(n) => has(*n),
            Expr::And(xs) => xs.iter().any(|x| x.every_way_has(has)),
            Expr::Or(xs) => xs.iter().all(|x| x.every_way_has(has)),
        }
    }

    /// The connective printed after each route when routes are listed in
    /// order: for `1 or (2 and 3)` that is `[(1, Some("or")), (2, Some("and")), (3, None)]`.
    pub fn connectives(&self) -> Vec<(RouteRef, Option<&'static str>)> {
        let mut out: Vec<(RouteRef, Option<&'static str>)> = Vec::new();
        fn go(e: &Expr, out: &mut Vec<(RouteRef, Option<&'static str>)>) {
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
            // A part letter right after the number: `2a`.
            let part = match bytes.get(i) {
                Some(l) if l.is_ascii_lowercase() && !bytes.get(i + 1).is_some_and(|b| b.is_ascii_alphanumeric()) => {
                    i += 1;
                    Some((l - b'a') as usize)
                }
                _ => None,
            };
            out.push((Tok::Num(RouteRef { route: n, part }), start..i));
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
    /// Open parentheses around the current position.
    depth: usize,
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
                if self.depth >= MAX_DEPTH {
                    return Err(ExprError {
                        message: format!("parentheses nest more than {MAX_DEPTH} deep"),
                        range,
                    });
                }
                self.pos += 1;
                self.depth += 1;
                let e = self.or()?;
                self.depth -= 1;
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

    fn r(n: usize) -> RouteRef {
        RouteRef::route(n)
    }

    fn rs(v: &[usize]) -> Vec<RouteRef> {
        v.iter().map(|&n| r(n)).collect()
    }

    #[test]
    fn parses_seed_expression() {
        let e = Expr::parse("1 or (2 and 3)").unwrap();
        assert_eq!(e.to_string(), "1 or (2 and 3)");
        assert_eq!(e.methods(), 2);
        assert_eq!(e.filing_group(r(3)), rs(&[2, 3]));
        assert_eq!(e.filing_group(r(1)), rs(&[1]));
        assert_eq!(e.satisfied(&|n| n != r(1)), vec![rs(&[2, 3])]);
        assert_eq!(e.satisfied(&|_| true), vec![rs(&[1]), rs(&[2, 3])]);
        assert_eq!(
            e.connectives(),
            vec![(r(1), Some("or")), (r(2), Some("and")), (r(3), None)]
        );
        assert!(e.eval(&|n| n == r(1)));
        assert!(!e.eval(&|n| n == r(2)));
        assert!(e.eval(&|n| n == r(2) || n == r(3)));
    }

    #[test]
    fn parts_are_named_by_letter() {
        let e = Expr::parse("1 or 2a or (2b and 3)").unwrap();
        assert_eq!(e.to_string(), "1 or 2a or (2b and 3)");
        let b = RouteRef {
            route: 2,
            part: Some(1),
        };
        assert_eq!(e.filing_group(b), vec![b, r(3)]);
        assert_eq!(
            RouteRef::parse("#1(a)"),
            Some(RouteRef {
                route: 1,
                part: Some(0)
            })
        );
        assert!(Expr::parse("2ab").is_err());
    }

    #[test]
    fn and_binds_tighter() {
        let e = Expr::parse("(1 or 2) and 3").unwrap();
        assert_eq!(e.to_string(), "(1 or 2) and 3");
        assert_eq!(e.methods(), 2);
        assert_eq!(e.necessary(), [r(3)].into());
        assert_eq!(e.filing_group(r(1)), rs(&[1, 3]));
        assert_eq!(e.least_of_most(&|n| [0.0, 24.0, 6.0, 0.0][n.route]), 6.0);
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

    #[test]
    fn deep_and_wide_expressions_are_bounded() {
        // A million parentheses: a located error, not a stack overflow.
        let deep = format!("{}1{}", "(".repeat(1_000_000), ")".repeat(1_000_000));
        let err = Expr::parse(&deep).unwrap_err();
        assert_eq!(err.range, MAX_DEPTH..MAX_DEPTH + 1);
        // 1,000 pairs: 2^1000 ways to qualify, counted and used in linear time.
        let wide: Vec<String> = (0..1000).map(|i| format!("({} or {})", 2 * i + 1, 2 * i + 2)).collect();
        let e = Expr::parse(&wide.join(" and ")).unwrap();
        assert_eq!(e.methods(), u64::MAX);
        assert_eq!(e.filing_group(r(1)).len(), 1);
        assert_eq!(e.satisfied(&|n| n.route % 2 == 0).len(), 1);
        assert_eq!(e.least_of_most(&|n| n.route as f64), 1999.0);
    }
}
