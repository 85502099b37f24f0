//! Square heightfields and their triangle meshes.

use crate::mesh::{MeshData, normalize_or_up};

/// Heights on a square grid centred on the origin, in metres.
///
/// Sample `(i, j)` lies at `x = -size/2 + i * spacing`, `z = -size/2 + j * spacing`.
#[derive(Clone, Debug, PartialEq)]
pub struct Heightfield {
    /// Samples along each side (at least 2).
    pub samples: usize,
    /// Length of each side, metres.
    pub size_m: f32,
    /// Row-major heights: index `j * samples + i`, metres.
    pub heights: Vec<f32>,
}

impl Heightfield {
    /// A flat heightfield at height zero.
    ///
    /// # Panics
    /// If `samples < 2` or `size_m` is not positive: both are programming errors.
    pub fn flat(samples: usize, size_m: f32) -> Self {
        assert!(
            samples >= 2,
            "a heightfield needs at least 2 samples a side"
        );
        assert!(size_m > 0.0, "a heightfield needs a positive size");
        Self {
            samples,
            size_m,
            heights: vec![0.0; samples * samples],
        }
    }

    /// Distance between neighbouring samples, metres.
    pub fn spacing(&self) -> f32 {
        self.size_m / (self.samples - 1) as f32
    }

    /// World x and z of sample `(i, j)`.
    pub fn sample_position(&self, i: usize, j: usize) -> (f32, f32) {
        let half = self.size_m / 2.0;
        (
            -half + i as f32 * self.spacing(),
            -half + j as f32 * self.spacing(),
        )
    }

    /// The stored height of sample `(i, j)`.
    pub fn at(&self, i: usize, j: usize) -> f32 {
        self.heights[j * self.samples + i]
    }

    /// Height at world `(x, z)`, interpolated over the triangle the point falls in (the same
    /// surface the mesh shows); points outside are clamped to the edge.
    pub fn height_at(&self, x: f32, z: f32) -> f32 {
        let half = self.size_m / 2.0;
        let last = (self.samples - 1) as f32;
        let u = ((x + half) / self.spacing()).clamp(0.0, last);
        let v = ((z + half) / self.spacing()).clamp(0.0, last);
        let i = (u.floor() as usize).min(self.samples - 2);
        let j = (v.floor() as usize).min(self.samples - 2);
        let (fu, fv) = (u - i as f32, v - j as f32);
        let h00 = self.at(i, j);
        let h10 = self.at(i + 1, j);
        let h01 = self.at(i, j + 1);
        let h11 = self.at(i + 1, j + 1);
        // Each cell is split along the (i, j+1)–(i+1, j) diagonal, as in `to_mesh`.
        if fu + fv <= 1.0 {
            h00 + (h10 - h00) * fu + (h01 - h00) * fv
        } else {
            h11 + (h01 - h11) * (1.0 - fu) + (h10 - h11) * (1.0 - fv)
        }
    }

    /// Unit surface normal at sample `(i, j)`, from central differences.
    pub fn normal(&self, i: usize, j: usize) -> [f32; 3] {
        let last = self.samples - 1;
        let (il, ir) = (i.saturating_sub(1), (i + 1).min(last));
        let (jd, ju) = (j.saturating_sub(1), (j + 1).min(last));
        let dx = (self.at(ir, j) - self.at(il, j)) / ((ir - il) as f32 * self.spacing());
        let dz = (self.at(i, ju) - self.at(i, jd)) / ((ju - jd) as f32 * self.spacing());
        normalize_or_up([-dx, 1.0, -dz])
    }

    /// The lowest and highest heights, metres.
    pub fn height_range(&self) -> (f32, f32) {
        self.heights
            .iter()
            .fold((f32::INFINITY, f32::NEG_INFINITY), |(lo, hi), &h| {
                (lo.min(h), hi.max(h))
            })
    }

    /// The surface as a triangle mesh, two triangles per cell, with texture coordinates that
    /// repeat every `uv_tile_m` metres.
    pub fn to_mesh(&self, uv_tile_m: f32) -> MeshData {
        let last = self.samples - 1;
        self.tile_mesh((0, 0), (last, last), uv_tile_m)
    }

    /// The part of the surface between samples `from` and `to` (inclusive, `(i, j)`), as
    /// [`Heightfield::to_mesh`] would draw it: for cutting a large ground into tiles that the
    /// renderer can skip when they are out of view.
    ///
    /// # Panics
    /// If `to` is not past `from` on both axes or lies outside the field.
    pub fn tile_mesh(&self, from: (usize, usize), to: (usize, usize), uv_tile_m: f32) -> MeshData {
        assert!(from.0 < to.0 && from.1 < to.1 && to.0 < self.samples && to.1 < self.samples);
        let (ni, nj) = (to.0 - from.0 + 1, to.1 - from.1 + 1);
        let mut mesh = MeshData {
            positions: Vec::with_capacity(ni * nj),
            normals: Vec::with_capacity(ni * nj),
            uvs: Vec::with_capacity(ni * nj),
            indices: Vec::with_capacity((ni - 1) * (nj - 1) * 6),
        };
        for j in from.1..=to.1 {
            for i in from.0..=to.0 {
                let (x, z) = self.sample_position(i, j);
                mesh.positions.push([x, self.at(i, j), z]);
                mesh.normals.push(self.normal(i, j));
                mesh.uvs.push([x / uv_tile_m, z / uv_tile_m]);
            }
        }
        for j in 0..nj - 1 {
            for i in 0..ni - 1 {
                let a = (j * ni + i) as u32; // (i, j)
                let b = a + 1; // (i+1, j)
                let c = a + ni as u32; // (i, j+1)
                let d = c + 1; // (i+1, j+1)
                // Counter-clockwise seen from above (+Y), where +Z points towards the viewer.
                mesh.indices.extend_from_slice(&[a, c, b, b, c, d]);
            }
        }
        mesh
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ramp() -> Heightfield {
        let mut field = Heightfield::flat(11, 10.0);
        for j in 0..11 {
            for i in 0..11 {
                let (x, _) = field.sample_position(i, j);
                field.heights[j * 11 + i] = 0.5 * x;
            }
        }
        field
    }

    #[test]
    fn mesh_faces_up_and_is_valid() {
        let mesh = ramp().to_mesh(1.0);
        assert_eq!(mesh.validate(), Ok(()));
        assert_eq!(mesh.triangle_count(), 10 * 10 * 2);
        // Recomputing normals from the winding must agree with the difference normals.
        let mut rewound = mesh.clone();
        rewound.recompute_normals();
        for (a, b) in mesh.normals.iter().zip(&rewound.normals) {
            let dot = a[0] * b[0] + a[1] * b[1] + a[2] * b[2];
            assert!(dot > 0.99, "{a:?} vs {b:?}");
        }
    }

    #[test]
    fn tiles_cover_the_whole_mesh() {
        let field = ramp();
        let whole = field.to_mesh(1.0);
        let tiles = [((0, 0), (5, 10)), ((5, 0), (10, 10))];
        let count: usize = tiles
            .iter()
            .map(|&(from, to)| field.tile_mesh(from, to, 1.0).triangle_count())
            .sum();
        assert_eq!(count, whole.triangle_count());
        let right = field.tile_mesh((5, 0), (10, 10), 1.0);
        assert_eq!(right.validate(), Ok(()));
        assert_eq!(right.positions[0], [0.0, 0.0, -5.0]);
    }

    #[test]
    fn ramp_normal_leans_against_the_slope() {
        let field = ramp();
        let n = field.normal(5, 5);
        // Slope 0.5 rising towards +x: the normal is (-0.5, 1, 0) normalised.
        let expected = -0.5 / (1.25f32).sqrt();
        assert!((n[0] - expected).abs() < 1e-5, "{n:?}");
        assert!(n[2].abs() < 1e-6);
    }

    #[test]
    fn interpolated_height_matches_plane() {
        let field = ramp();
        for &(x, z) in &[(0.0, 0.0), (1.25, -3.3), (-4.9, 4.9), (2.7, 0.1)] {
            assert!((field.height_at(x, z) - 0.5 * x).abs() < 1e-5);
        }
        // Outside the field the edge height holds.
        assert!((field.height_at(50.0, 0.0) - 2.5).abs() < 1e-5);
    }
}
