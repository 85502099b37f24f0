//! Errors in authored files, each naming the place in the file and what to do.

use std::fmt;
use std::path::{Path, PathBuf};

/// One problem in an authored file.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ContentError {
    /// The file.
    pub file: PathBuf,
    /// Line, from 1 (0 when the whole file is meant).
    pub line: usize,
    /// Column, from 1 (0 when the whole file is meant).
    pub column: usize,
    /// The field, as a path (`poi[3].title`), or empty.
    pub field: String,
    /// What is wrong and what to do.
    pub message: String,
}

impl ContentError {
    /// An error at byte `offset` of `text`, the contents of `file`.
    pub fn at(file: &Path, text: &str, offset: usize, field: &str, message: String) -> Self {
        let (line, column) = line_column(text, offset);
        Self {
            file: file.to_path_buf(),
            line,
            column,
            field: field.to_string(),
            message,
        }
    }

    /// An error about the whole of `file`.
    pub fn whole(file: &Path, message: String) -> Self {
        Self {
            file: file.to_path_buf(),
            line: 0,
            column: 0,
            field: String::new(),
            message,
        }
    }
}

/// Line and column, both from 1, of byte `offset` in `text`. Columns count characters.
pub fn line_column(text: &str, offset: usize) -> (usize, usize) {
    let offset = offset.min(text.len());
    let before = &text[..text.floor_char_boundary(offset)];
    let line = before.matches('\n').count() + 1;
    let column = before.rsplit('\n').next().map_or(0, |l| l.chars().count()) + 1;
    (line, column)
}

impl fmt::Display for ContentError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.file.display())?;
        if self.line > 0 {
            write!(f, ":{}:{}", self.line, self.column)?;
        }
        if !self.field.is_empty() {
            write!(f, ": {}", self.field)?;
        }
        write!(f, ": {}", self.message)
    }
}

/// Every problem found in a place's files.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ContentErrors(pub Vec<ContentError>);

impl ContentErrors {
    /// Adds one.
    pub fn push(&mut self, error: ContentError) {
        self.0.push(error);
    }

    /// Whether none was found.
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
}

impl fmt::Display for ContentErrors {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (i, error) in self.0.iter().enumerate() {
            if i > 0 {
                writeln!(f)?;
            }
            write!(f, "{error}")?;
        }
        Ok(())
    }
}

impl std::error::Error for ContentErrors {}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lines_and_columns_count_from_one() {
        let text = "a = 1\nbé = 2\n";
        assert_eq!(line_column(text, 0), (1, 1));
        assert_eq!(line_column(text, 6), (2, 1));
        // Columns count characters, not bytes: "bé " is three characters, four bytes.
        assert_eq!(line_column(text, 10), (2, 4));
    }

    #[test]
    fn display_names_file_place_and_field() {
        let e = ContentError::at(
            Path::new("scenes/lunar.toml"),
            "x\ny",
            2,
            "poi[0].id",
            "is used twice".into(),
        );
        assert_eq!(
            e.to_string(),
            "scenes/lunar.toml:2:1: poi[0].id: is used twice"
        );
    }
}
