//! Rocks: subdivided icosahedra pushed in and out by noise, of unit bounding radius, so one
//! mesh per shape can be instanced at any size.

use std::collections::HashMap;

use fastnoise_lite::{FastNoiseLite, NoiseType};

use crate::mesh::MeshData;
use crate::rng::SeededRng;

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

/// A unit icosphere: positions on the unit sphere and counter-clockwise outward triangles.
pub fn icosphere(subdivisions: u32) -> (Vec<[f32; 3]>, Vec<u32>) {
    let t = (1.0 + 5f32.sqrt()) / 2.0;
    let mut positions: Vec<[f32; 3]> = [
        [-1.0, t, 0.0],
        [1.0, t, 0.0],
        [-1.0, -t, 0.0],
        [1.0, -t, 0.0],
        [0.0, -1.0, t],
        [0.0, 1.0, t],
        [0.0, -1.0, -t],
        [0.0, 1.0, -t],
        [t, 0.0, -1.0],
        [t, 0.0, 1.0],
        [-t, 0.0, -1.0],
        [-t, 0.0, 1.0],
    ]
    .into_iter()
    .map(unit)
    .collect();
    let mut faces: Vec<[u32; 3]> = vec![
        [0, 11, 5],
        [0, 5, 1],
        [0, 1, 7],
        [0, 7, 10],
        [0, 10, 11],
        [1, 5, 9],
        [5, 11, 4],
        [11, 10, 2],
        [10, 7, 6],
        [7, 1, 8],
        [3, 9, 4],
        [3, 4, 2],
        [3, 2, 6],
        [3, 6, 8],
        [3, 8, 9],
        [4, 9, 5],
        [2, 4, 11],
        [6, 2, 10],
        [8, 6, 7],
        [9, 8, 1],
    ];
    for _ in 0..subdivisions {
        let mut midpoints: HashMap<(u32, u32), u32> = HashMap::new();
        let mut midpoint = |a: u32, b: u32, positions: &mut Vec<[f32; 3]>| {
            *midpoints.entry((a.min(b), a.max(b))).or_insert_with(|| {
                let (pa, pb) = (positions[a as usize], positions[b as usize]);
                positions.push(unit([
                    pa[0] + pb[0],
                    pa[1] + pb[1],
                    pa[2] + pb[2],
                ]));
                positions.len() as u32 - 1
            })
        };
        faces = faces
            .into_iter()
            .flat_map(|[a, b, c]| {
                let ab = midpoint(a, b, &mut positions);
                let bc = midpoint(b, c, &mut positions);
                let ca = midpoint(c, a, &mut positions);
                [[a, ab, ca], [b, bc, ab], [c, ca, bc], [ab, bc, ca]]
            })
            .collect();
    }
    (positions, faces.into_iter().flatten().collect())
}

fn unit(p: [f32; 3]) -> [f32; 3] {
    let len = (p[0] * p[0] + p[1] * p[1] + p[2] * p[2]).sqrt();
    [p[0] / len, p[1] / len, p[2] / len]
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
