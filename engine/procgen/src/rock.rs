//! Rocks: subdivided icosahedra pushed in and out by noise, of unit bounding radius, so one
//! mesh per shape can be instanced at any size.

use fastnoise_lite::{FastNoiseLite, NoiseType};

use crate::mesh::MeshData;
use crate::rng::SeededRng;
use crate::sphere::icosphere;

/// How far noise pushes the surface in, as a share of the radius.
const ROUGHNESS: f32 = 0.35;

/// A rock of bounding radius 1 m, flattened on its underside, for `seed` and `variant`.
/// `subdivisions` of 2 gives 320 triangles.
pub fn rock(seed: u64, variant: usize, subdivisions: u32) -> MeshData {
    let (mut positions, indices) = icosphere(subdivisions);
    let mut rng = SeededRng::substream(seed, &format!("rock-{variant}"));
    let mut noise = FastNoiseLite::with_seed(rng.next_i32());
    noise.set_noise_type(Some(NoiseType::OpenSimplex2));
    noise.set_frequency(Some(1.3));
    let squash = rng.range(0.55, 0.85);
    for p in &mut positions {
        let n = noise.get_noise_3d(p[0], p[1], p[2]) * 0.5 + 0.5;
        let r = 1.0 - ROUGHNESS * n;
        *p = [p[0] * r, p[1] * r * squash, p[2] * r];
        // A flat base, as a rock settled in dust has.
        p[1] = p[1].max(-0.5 * squash);
    }
    let uvs = positions.iter().map(|p| [p[0] * 0.5, p[2] * 0.5]).collect();
    let mut mesh = MeshData {
        normals: Vec::new(),
        positions,
        uvs,
        indices,
    };
    mesh.recompute_normals();
    mesh
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rocks_are_valid_bounded_and_seeded() {
        let a = rock(3, 0, 2);
        assert_eq!(a.validate(), Ok(()));
        assert_eq!(a.triangle_count(), 320);
        let bounds = a.bounds().unwrap();
        for axis in 0..3 {
            assert!(bounds.min[axis] >= -1.0 && bounds.max[axis] <= 1.0);
        }
        assert_eq!(a, rock(3, 0, 2));
        assert_ne!(a.positions, rock(3, 1, 2).positions);
    }

    #[test]
    fn rock_normals_point_outwards() {
        let mesh = rock(9, 2, 2);
        let outward = mesh
            .positions
            .iter()
            .zip(&mesh.normals)
            .filter(|(p, n)| p[0] * n[0] + p[1] * n[1] + p[2] * n[2] > 0.0)
            .count();
        assert!(outward as f32 > 0.95 * mesh.positions.len() as f32);
    }
}
