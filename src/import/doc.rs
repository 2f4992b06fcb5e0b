//! A source being imported: its lines, what became of each one, and the
//! findings to report. Every non-blank line ends up used (in a typed field,
//! in free text, or as page furniture the jurisdiction regenerates) or
//! reported as not imported, with its reason.

use serde::Serialize;

use super::decode::squeeze;

/// What became of a source line.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Use {
    /// Read into a typed field (a date, an amount, a requirement item).
    Typed,
    /// Kept as free text of the right section.
    Text,
    /// Page furniture the output regenerates (a heading, a footer, a
    /// repeated tagline).
    Furniture,
}

/// Kinds of finding, by how an analyst should treat them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Kind {
    /// A line that is in no imported file (with the reason).
    NotImported,
    /// Requirement text kept verbatim as an `other` item: screening and
    /// the questionnaire cannot use it.
    Untyped,
    /// Something read one way where the source allows another (a mixed
    /// and/or grouping, a flat-rated marker's scope); check it.
    Ambiguous,
    /// The source contradicts itself (file name vs content, header vs
    /// basis); the content was used.
    Inconsistent,
    /// A class reference kept as a title: the class is not in the plan.
    Unresolved,
}

impl Kind {
    pub fn as_str(self) -> &'static str {
        match self {
            Kind::NotImported => "not imported",
            Kind::Untyped => "kept as text",
            Kind::Ambiguous => "check",
            Kind::Inconsistent => "inconsistent",
            Kind::Unresolved => "unresolved",
        }
    }
}

/// A located finding: `SOURCE:LINE:COL: <kind>: <message>`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Finding {
    pub line: usize,
    pub col: usize,
    pub kind: Kind,
    pub message: String,
}

/// The lines of one source and their fate.
#[derive(Debug, Clone)]
pub struct Doc {
    pub lines: Vec<String>,
    used: Vec<Option<Use>>,
    pub findings: Vec<Finding>,
}

impl Doc {
    pub fn new(lines: Vec<String>) -> Doc {
        let n = lines.len();
        Doc {
            lines,
            used: vec![None; n],
            findings: Vec::new(),
        }
    }

    pub fn len(&self) -> usize {
        self.lines.len()
    }

    pub fn is_empty(&self) -> bool {
        self.lines.is_empty()
    }

    /// Line `i` (0-based), trailing whitespace removed.
    pub fn line(&self, i: usize) -> &str {
        self.lines.get(i).map(String::as_str).unwrap_or("")
    }

    /// Line `i` with whitespace runs collapsed.
    pub fn text(&self, i: usize) -> String {
        squeeze(self.line(i))
    }

    pub fn blank(&self, i: usize) -> bool {
        self.line(i).trim().is_empty()
    }

    pub fn used(&self, i: usize) -> Option<Use> {
        self.used.get(i).copied().flatten()
    }

    pub fn is_free(&self, i: usize) -> bool {
        self.used(i).is_none()
    }

    /// Mark lines as used (a later, more specific use does not downgrade
    /// a typed line).
    pub fn mark(&mut self, lines: impl IntoIterator<Item = usize>, u: Use) {
        for i in lines {
            if let Some(slot) = self.used.get_mut(i)
                && *slot != Some(Use::Typed)
            {
                *slot = Some(u);
            }
        }
    }

    /// Column (1-based) of the first non-blank character of line `i`.
    pub fn col(&self, i: usize) -> usize {
        self.line(i).chars().take_while(|c| c.is_whitespace()).count() + 1
    }

    pub fn find(&mut self, i: usize, kind: Kind, message: impl Into<String>) {
        let col = self.col(i);
        self.findings.push(Finding {
            line: i + 1,
            col,
            kind,
            message: message.into(),
        });
    }

    /// A line left out, with the reason; it counts as not imported.
    pub fn drop_line(&mut self, i: usize, reason: impl Into<String>) {
        if let Some(slot) = self.used.get_mut(i) {
            *slot = Some(Use::Furniture);
        }
        self.find(i, Kind::NotImported, reason);
    }

    /// Report every non-blank line nothing used, and return how many.
    pub fn finish(&mut self) -> usize {
        let mut n = 0;
        for i in 0..self.lines.len() {
            if self.used[i].is_none() && !self.blank(i) {
                n += 1;
                let preview: String = squeeze(&self.lines[i]).chars().take(60).collect();
                self.find(
                    i,
                    Kind::NotImported,
                    format!("no section of the bulletin takes this line: \"{preview}\""),
                );
            }
        }
        self.findings.sort_by_key(|f| (f.line, f.col, f.kind));
        n
    }

    /// Non-blank lines, and those reported as not imported.
    pub fn counts(&self) -> (usize, usize) {
        let nonblank = (0..self.lines.len()).filter(|&i| !self.blank(i)).count();
        let dropped = self
            .findings
            .iter()
            .filter(|f| f.kind == Kind::NotImported)
            .map(|f| f.line)
            .collect::<std::collections::BTreeSet<_>>()
            .len();
        (nonblank, dropped)
    }
}
