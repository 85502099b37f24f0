//! Spheres: the icosphere every round thing starts from, and the inward-facing sky dome.

use std::collections::HashMap;

use crate::mesh::MeshData;

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
                positions.push(unit([pa[0] + pb[0], pa[1] + pb[1], pa[2] + pb[2]]));
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

/// A dome of `radius_m` metres seen from inside: an icosphere with its triangles and normals
/// turned inwards, for skies.
pub fn sky_dome(radius_m: f32, subdivisions: u32) -> MeshData {
    let (positions, mut indices) = icosphere(subdivisions);
    for tri in indices.chunks_exact_mut(3) {
        tri.swap(1, 2);
    }
    MeshData {
        normals: positions.iter().map(|p| p.map(|c| -c)).collect(),
        uvs: vec![[0.0, 0.0]; positions.len()],
        positions: positions.iter().map(|p| p.map(|c| c * radius_m)).collect(),
        indices,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn icosphere_is_closed_and_on_the_unit_sphere() {
        let (positions, indices) = icosphere(2);
        assert_eq!(indices.len() / 3, 20 * 16);
        // Euler: V - E + F = 2 for a closed sphere; E = 3F/2.
        let faces = indices.len() / 3;
        assert_eq!(positions.len() + faces - 3 * faces / 2, 2);
        for p in &positions {
            let r = (p[0] * p[0] + p[1] * p[1] + p[2] * p[2]).sqrt();
            assert!((r - 1.0).abs() < 1e-5);
        }
    }

    #[test]
    fn dome_faces_inwards() {
        let mut dome = sky_dome(100.0, 1);
        assert_eq!(dome.validate(), Ok(()));
        let stored = dome.normals.clone();
        dome.recompute_normals();
        for ((p, n), wound) in dome.positions.iter().zip(&stored).zip(&dome.normals) {
            assert!(
                p[0] * n[0] + p[1] * n[1] + p[2] * n[2] < 0.0,
                "normal points in"
            );
            assert!(
                n[0] * wound[0] + n[1] * wound[1] + n[2] * wound[2] > 0.9,
                "winding agrees"
            );
        }
        let bounds = dome.bounds().unwrap();
        assert!((bounds.max[1] - 100.0).abs() < 1e-3);
    }
}
