//! Where a value sits in a JSON file: a path of keys and indices, and the line and column it
//! starts at, so an error about `features[3].geometry` can point a person at the right line.

use std::fmt;

/// One step into a JSON value.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Step {
    /// A member of an object.
    Key(String),
    /// An element of an array, from 0.
    Index(usize),
}

/// A path from the top of a JSON document to one value, shown as `features[3].geometry`.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct JsonPath(pub Vec<Step>);

impl JsonPath {
    /// The top of the document.
    pub fn root() -> Self {
        Self::default()
    }

    /// This path, one member further in.
    pub fn key(&self, key: &str) -> Self {
        let mut steps = self.0.clone();
        steps.push(Step::Key(key.to_owned()));
        Self(steps)
    }

    /// This path, one array element further in.
    pub fn index(&self, index: usize) -> Self {
        let mut steps = self.0.clone();
        steps.push(Step::Index(index));
        Self(steps)
    }

    /// The 1-based line and column where this path's value starts in `text`, or where the
    /// deepest part of it that exists starts.
    pub fn locate(&self, text: &str) -> (usize, usize) {
        let bytes = text.as_bytes();
        let mut at = skip_ws(bytes, 0);
        for step in &self.0 {
            match find_child(bytes, at, step) {
                Some(child) => at = child,
                None => break,
            }
        }
        retki_content::error::line_column(text, at)
    }
}

impl fmt::Display for JsonPath {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.0.is_empty() {
            return f.write_str("(the document)");
        }
        for (i, step) in self.0.iter().enumerate() {
            match step {
                Step::Key(k) if i == 0 => write!(f, "{k}")?,
                Step::Key(k) => write!(f, ".{k}")?,
                Step::Index(n) => write!(f, "[{n}]")?,
            }
        }
        Ok(())
    }
}

fn skip_ws(b: &[u8], mut i: usize) -> usize {
    while i < b.len() && b[i].is_ascii_whitespace() {
        i += 1;
    }
    i
}

/// The offset just past the string starting at `i` (which must be `"`).
fn skip_string(b: &[u8], mut i: usize) -> usize {
    i += 1;
    while i < b.len() {
        match b[i] {
            b'\\' => i += 2,
            b'"' => return i + 1,
            _ => i += 1,
        }
    }
    i
}

/// The offset just past the value starting at `i`.
fn skip_value(b: &[u8], i: usize) -> usize {
    match b.get(i) {
        Some(b'"') => skip_string(b, i),
        Some(b'{') | Some(b'[') => {
            let mut depth = 0usize;
            let mut j = i;
            while j < b.len() {
                match b[j] {
                    b'"' => {
                        j = skip_string(b, j);
                        continue;
                    }
                    b'{' | b'[' => depth += 1,
                    b'}' | b']' => {
                        depth -= 1;
                        if depth == 0 {
                            return j + 1;
                        }
                    }
                    _ => {}
                }
                j += 1;
            }
            j
        }
        _ => {
            let mut j = i;
            while j < b.len() && !matches!(b[j], b',' | b'}' | b']') && !b[j].is_ascii_whitespace()
            {
                j += 1;
            }
            j
        }
    }
}

/// Where the child `step` of the container starting at `at` starts.
fn find_child(b: &[u8], at: usize, step: &Step) -> Option<usize> {
    match (b.get(at)?, step) {
        (b'{', Step::Key(key)) => {
            let mut i = skip_ws(b, at + 1);
            while b.get(i) == Some(&b'"') {
                let end = skip_string(b, i);
                let name = std::str::from_utf8(&b[i + 1..end.saturating_sub(1)]).ok()?;
                i = skip_ws(b, end);
                if b.get(i) != Some(&b':') {
                    return None;
                }
                i = skip_ws(b, i + 1);
                if name == key {
                    return Some(i);
                }
                i = skip_ws(b, skip_value(b, i));
                if b.get(i) == Some(&b',') {
                    i = skip_ws(b, i + 1);
                }
            }
            None
        }
        (b'[', Step::Index(n)) => {
            let mut i = skip_ws(b, at + 1);
            for _ in 0..*n {
                if matches!(b.get(i), None | Some(b']')) {
                    return None;
                }
                i = skip_ws(b, skip_value(b, i));
                if b.get(i) != Some(&b',') {
                    return None;
                }
                i = skip_ws(b, i + 1);
            }
            (!matches!(b.get(i), None | Some(b']'))).then_some(i)
        }
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const DOC: &str = r#"{
  "type": "FeatureCollection",
  "features": [
    { "type": "Feature", "note": "a \"quoted\" [bracket]" },
    {
      "type": "Feature",
      "geometry": { "coordinates": [[1, 2], [3, 4]] }
    }
  ]
}"#;

    #[test]
    fn paths_point_at_their_values() {
        let p = JsonPath::root().key("features").index(1).key("geometry");
        assert_eq!(p.to_string(), "features[1].geometry");
        assert_eq!(p.locate(DOC), (7, 19));
        let c = p.key("coordinates").index(1).index(0);
        assert_eq!(c.locate(DOC), (7, 46));
        assert_eq!(JsonPath::root().key("type").locate(DOC), (2, 11));
    }

    #[test]
    fn a_missing_part_points_at_what_exists() {
        let p = JsonPath::root().key("features").index(0).key("geometry");
        assert_eq!(p.locate(DOC), (4, 5));
        let p = JsonPath::root().key("features").index(7);
        assert_eq!(p.locate(DOC), (3, 15));
    }
}
