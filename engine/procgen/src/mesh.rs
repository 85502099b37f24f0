//! Plain triangle-mesh buffers, the output of every generator.

/// The error a [`MeshData::validate`] check reports.
#[derive(Debug, PartialEq, thiserror::Error)]
pub enum MeshError {
    /// The attribute buffers have different lengths.
    #[error("positions, normals and uvs have different lengths")]
    AttributeLengthMismatch,
    /// The index count is not a multiple of three.
    #[error("the index count is not a multiple of 3")]
    NotTriangles,
    /// An index points past the last vertex.
    #[error("index {0} points past the last vertex")]
    IndexOutOfRange(u32),
    /// A position, normal or texture coordinate is NaN or infinite.
    #[error("vertex {0} has a NaN or infinite value")]
    NotFinite(usize),
    /// A normal is not of unit length (within 1e-3).
    #[error("vertex {0} has a normal whose length is not 1")]
    NormalNotUnit(usize),
}

/// An axis-aligned box, in metres.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Bounds {
    /// The smallest x, y and z.
    pub min: [f32; 3],
    /// The largest x, y and z.
    pub max: [f32; 3],
}

/// An indexed triangle list with per-vertex normals and texture coordinates.
///
/// Triangles wind counter-clockwise seen from their front, as Bevy and glTF expect.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct MeshData {
    /// Vertex positions, metres.
    pub positions: Vec<[f32; 3]>,
    /// Unit vertex normals.
    pub normals: Vec<[f32; 3]>,
    /// Texture coordinates.
    pub uvs: Vec<[f32; 2]>,
    /// Three indices per triangle.
    pub indices: Vec<u32>,
}

impl MeshData {
    /// How many triangles the mesh has.
    pub fn triangle_count(&self) -> usize {
        self.indices.len() / 3
    }

    /// The box around every vertex, or `None` for an empty mesh.
    pub fn bounds(&self) -> Option<Bounds> {
        let first = *self.positions.first()?;
        let mut bounds = Bounds {
            min: first,
            max: first,
        };
        for p in &self.positions {
            for (axis, &value) in p.iter().enumerate() {
                bounds.min[axis] = bounds.min[axis].min(value);
                bounds.max[axis] = bounds.max[axis].max(value);
            }
        }
        Some(bounds)
    }

    /// Checks the invariants every generator promises: matching buffers, whole triangles,
    /// indices in range, finite values and unit normals.
    pub fn validate(&self) -> Result<(), MeshError> {
        let n = self.positions.len();
        if self.normals.len() != n || self.uvs.len() != n {
            return Err(MeshError::AttributeLengthMismatch);
        }
        if !self.indices.len().is_multiple_of(3) {
            return Err(MeshError::NotTriangles);
        }
        if let Some(&bad) = self.indices.iter().find(|&&i| i as usize >= n) {
            return Err(MeshError::IndexOutOfRange(bad));
        }
        for v in 0..n {
            let finite = self.positions[v].iter().all(|x| x.is_finite())
                && self.normals[v].iter().all(|x| x.is_finite())
                && self.uvs[v].iter().all(|x| x.is_finite());
            if !finite {
                return Err(MeshError::NotFinite(v));
            }
            let [x, y, z] = self.normals[v];
            if ((x * x + y * y + z * z).sqrt() - 1.0).abs() > 1e-3 {
                return Err(MeshError::NormalNotUnit(v));
            }
        }
        Ok(())
    }

    /// Keeps only the triangles whose three corners' positions `keep` accepts (cutting a hole
    /// in a sheet, say); the vertices stay.
    pub fn retain_triangles(&mut self, keep: impl Fn([[f32; 3]; 3]) -> bool) {
        let positions = &self.positions;
        self.indices = self
            .indices
            .chunks_exact(3)
            .filter(|t| keep([t[0], t[1], t[2]].map(|i| positions[i as usize])))
            .flatten()
            .copied()
            .collect();
    }

    /// Recomputes smooth vertex normals as the area-weighted mean of the adjacent faces.
    pub fn recompute_normals(&mut self) {
        let mut sums = vec![[0.0f32; 3]; self.positions.len()];
        for tri in self.indices.chunks_exact(3) {
            let [a, b, c] = [tri[0], tri[1], tri[2]].map(|i| self.positions[i as usize]);
            let e1 = sub(b, a);
            let e2 = sub(c, a);
            let face = cross(e1, e2);
            for &i in tri {
                let s = &mut sums[i as usize];
                for axis in 0..3 {
                    s[axis] += face[axis];
                }
            }
        }
        self.normals = sums.into_iter().map(normalize_or_up).collect();
    }
}

pub(crate) fn sub(a: [f32; 3], b: [f32; 3]) -> [f32; 3] {
    [a[0] - b[0], a[1] - b[1], a[2] - b[2]]
}

pub(crate) fn cross(a: [f32; 3], b: [f32; 3]) -> [f32; 3] {
    [
        a[1] * b[2] - a[2] * b[1],
        a[2] * b[0] - a[0] * b[2],
        a[0] * b[1] - a[1] * b[0],
    ]
}

/// `n` scaled to unit length; straight up where `n` has no length to scale.
pub(crate) fn normalize_or_up(n: [f32; 3]) -> [f32; 3] {
    let len = (n[0] * n[0] + n[1] * n[1] + n[2] * n[2]).sqrt();
    if len > f32::EPSILON {
        [n[0] / len, n[1] / len, n[2] / len]
    } else {
        [0.0, 1.0, 0.0]
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn triangle() -> MeshData {
        MeshData {
            positions: vec![[0.0, 0.0, 0.0], [1.0, 0.0, 0.0], [0.0, 0.0, -1.0]],
            normals: vec![[0.0, 1.0, 0.0]; 3],
            uvs: vec![[0.0, 0.0]; 3],
            indices: vec![0, 1, 2],
        }
    }

    #[test]
    fn validate_catches_each_fault() {
        assert_eq!(triangle().validate(), Ok(()));

        let mut m = triangle();
        m.indices.push(0);
        assert_eq!(m.validate(), Err(MeshError::NotTriangles));

        let mut m = triangle();
        m.indices[2] = 9;
        assert_eq!(m.validate(), Err(MeshError::IndexOutOfRange(9)));

        let mut m = triangle();
        m.positions[1][0] = f32::NAN;
        assert_eq!(m.validate(), Err(MeshError::NotFinite(1)));

        let mut m = triangle();
        m.normals[2] = [0.0, 2.0, 0.0];
        assert_eq!(m.validate(), Err(MeshError::NormalNotUnit(2)));

        let mut m = triangle();
        m.uvs.pop();
        assert_eq!(m.validate(), Err(MeshError::AttributeLengthMismatch));
    }

    #[test]
    fn retained_triangles_are_those_kept() {
        let mut m = triangle();
        m.retain_triangles(|t| t.iter().all(|p| p[0] < 0.5));
        assert!(m.indices.is_empty());
        let mut m = triangle();
        m.retain_triangles(|t| t.iter().any(|p| p[0] < 0.5));
        assert_eq!(m, triangle());
    }

    #[test]
    fn recomputed_normals_face_the_counter_clockwise_side() {
        let mut m = triangle();
        m.normals = vec![[1.0, 0.0, 0.0]; 3];
        m.recompute_normals();
        for n in &m.normals {
            assert!((n[1] - 1.0).abs() < 1e-6, "{n:?}");
        }
    }
}
