//! Problems found in a file a person wrote, each with the file, line, column and field, and
//! what to do about it. A checker collects every problem it can find before giving up, so a
//! person fixes them all in one go.

use std::fmt;

use crate::json_path::JsonPath;

/// One problem in one file.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Problem {
    /// The file, as the person named it.
    pub file: String,
    /// 1-based line, 0 where the whole file is meant.
    pub line: usize,
    /// 1-based column, 0 where the whole file is meant.
    pub col: usize,
    /// The field, such as `features[2].geometry.type`; empty where the whole file is meant.
    pub field: String,
    /// What is wrong and what to do.
    pub message: String,
}

impl fmt::Display for Problem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match (self.line, self.field.is_empty()) {
            (0, _) => write!(f, "{}: {}", self.file, self.message),
            (_, true) => write!(
                f,
                "{}:{}:{}: {}",
                self.file, self.line, self.col, self.message
            ),
            (_, false) => write!(
                f,
                "{}:{}:{}: {}: {}",
                self.file, self.line, self.col, self.field, self.message
            ),
        }
    }
}

/// Every problem found in a file; never empty.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Problems(pub Vec<Problem>);

impl fmt::Display for Problems {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (i, p) in self.0.iter().enumerate() {
            if i > 0 {
                writeln!(f)?;
            }
            write!(f, "{p}")?;
        }
        Ok(())
    }
}

impl std::error::Error for Problems {}

impl Problems {
    /// One problem with a whole file (unreadable, not UTF-8, not JSON at all).
    pub fn whole_file(file: &str, message: impl Into<String>) -> Self {
        Self(vec![Problem {
            file: file.to_owned(),
            line: 0,
            col: 0,
            field: String::new(),
            message: message.into(),
        }])
    }

    /// A file that is not valid JSON, at the place serde_json stopped.
    pub fn syntax(file: &str, error: &serde_json::Error) -> Self {
        Self(vec![Problem {
            file: file.to_owned(),
            line: error.line(),
            col: error.column(),
            field: String::new(),
            message: format!("this is not valid JSON: {error}"),
        }])
    }
}

/// Collects problems for one file's text.
pub(crate) struct Report<'a> {
    file: &'a str,
    text: &'a str,
    problems: Vec<Problem>,
}

impl<'a> Report<'a> {
    pub(crate) fn new(file: &'a str, text: &'a str) -> Self {
        Self {
            file,
            text,
            problems: Vec::new(),
        }
    }

    /// Notes a problem with the value at `path`.
    pub(crate) fn at(&mut self, path: &JsonPath, message: impl Into<String>) {
        let (line, col) = path.locate(self.text);
        self.problems.push(Problem {
            file: self.file.to_owned(),
            line,
            col,
            field: path.to_string(),
            message: message.into(),
        });
    }

    /// Whether anything has been noted.
    pub(crate) fn is_clean(&self) -> bool {
        self.problems.is_empty()
    }

    /// Every problem noted; call only when there are some.
    pub(crate) fn into_problems(self) -> Problems {
        debug_assert!(!self.problems.is_empty());
        Problems(self.problems)
    }

    /// `value` when nothing was noted, else every problem.
    pub(crate) fn finish<T>(self, value: T) -> Result<T, Problems> {
        if self.problems.is_empty() {
            Ok(value)
        } else {
            Err(Problems(self.problems))
        }
    }
}

/// Reads a file a person wrote as UTF-8 text.
pub(crate) fn read_text(path: &std::path::Path) -> Result<String, Problems> {
    let name = path.display().to_string();
    let bytes = std::fs::read(path)
        .map_err(|e| Problems::whole_file(&name, format!("cannot read it: {e}")))?;
    String::from_utf8(bytes).map_err(|e| {
        let (line, col) = crate::json_path::line_col(
            &String::from_utf8_lossy(&e.as_bytes()[..e.utf8_error().valid_up_to()]),
            usize::MAX,
        );
        Problems(vec![Problem {
            file: name,
            line,
            col,
            field: String::new(),
            message: "this is not UTF-8 text: save the file as UTF-8".into(),
        }])
    })
}
