//! Problems found in a file a person wrote, each with the file, line, column and field, and
//! what to do about it. A checker collects every problem it can find before giving up, so a
//! person fixes them all in one go. The problems are retki_content's, so site plans and
//! designs report as place content and lesson plans do.

use std::path::{Path, PathBuf};

use retki_content::error::line_column;
pub use retki_content::{ContentError, ContentErrors};

use crate::json_path::JsonPath;

/// One problem at `line` and `column` of `file` (0, 0 for the whole file).
pub(crate) fn problem(
    file: &str,
    (line, column): (usize, usize),
    field: &str,
    message: impl Into<String>,
) -> ContentError {
    ContentError {
        file: PathBuf::from(file),
        line,
        column,
        field: field.to_owned(),
        message: message.into(),
    }
}

/// One problem with a whole file (unreadable, not JSON at all).
pub(crate) fn whole_file(file: &str, message: impl Into<String>) -> ContentErrors {
    ContentErrors(vec![problem(file, (0, 0), "", message)])
}

/// A file that is not valid JSON, at the place serde_json stopped.
pub(crate) fn syntax(file: &str, error: &serde_json::Error) -> ContentErrors {
    ContentErrors(vec![problem(
        file,
        (error.line(), error.column()),
        "",
        format!("this is not valid JSON: {error}"),
    )])
}

/// Collects problems for one file's text.
pub(crate) struct Report<'a> {
    file: &'a str,
    text: &'a str,
    problems: Vec<ContentError>,
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
        let place = path.locate(self.text);
        self.problems
            .push(problem(self.file, place, &path.to_string(), message));
    }

    /// Whether anything has been noted.
    pub(crate) fn is_clean(&self) -> bool {
        self.problems.is_empty()
    }

    /// Every problem noted; call only when there are some.
    pub(crate) fn into_problems(self) -> ContentErrors {
        debug_assert!(!self.problems.is_empty());
        ContentErrors(self.problems)
    }

    /// `value` when nothing was noted, else every problem.
    pub(crate) fn finish<T>(self, value: T) -> Result<T, ContentErrors> {
        if self.problems.is_empty() {
            Ok(value)
        } else {
            Err(ContentErrors(self.problems))
        }
    }
}

/// Reads a file a person wrote as UTF-8 text.
pub(crate) fn read_text(path: &Path) -> Result<String, ContentErrors> {
    let name = path.display().to_string();
    let bytes =
        std::fs::read(path).map_err(|e| whole_file(&name, format!("cannot read it: {e}")))?;
    String::from_utf8(bytes).map_err(|e| {
        let valid = String::from_utf8_lossy(&e.as_bytes()[..e.utf8_error().valid_up_to()]);
        ContentErrors(vec![problem(
            &name,
            line_column(&valid, valid.len()),
            "",
            "this is not UTF-8 text: save the file as UTF-8",
        )])
    })
}
