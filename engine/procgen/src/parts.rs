//! Building things from parts: boxes, cylinders and discs placed by a [`Pose`] and merged into
//! one mesh, so a shipwreck or a lunar module made of dozens of parts costs one draw call.

use crate::mesh::{MeshData, normalize_or_up};

/// Where a part goes: turned by `yaw` about +Y, then `pitch` about +X, then `roll` about +Z
/// (radians, applied roll first, yaw last), then moved to `origin` (metres).
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub struct Pose {
    /// Where the part's own origin ends up, metres.
    pub origin: [f32; 3],
    /// Turn about +Y, radians.
    pub yaw: f32,
    /// Turn about +X, radians.
    pub pitch: f32,
    /// Turn about +Z, radians.
    pub roll: f32,
}

impl Pose {
    /// A part moved to `origin`, not turned.
    pub fn at(origin: [f32; 3]) -> Self {
        Self {
            origin,
            ..Self::default()
        }
    }

    /// This pose, also turned by `yaw` radians about +Y.
    pub fn yawed(self, yaw: f32) -> Self {
        Self { yaw, ..self }
    }

    /// This pose, also turned by `pitch` radians about +X.
    pub fn pitched(self, pitch: f32) -> Self {
        Self { pitch, ..self }
    }

    /// This pose, also turned by `roll` radians about +Z.
    pub fn rolled(self, roll: f32) -> Self {
        Self { roll, ..self }
    }

    /// Turns a direction (roll, then pitch, then yaw).
    pub fn rotate(&self, v: [f32; 3]) -> [f32; 3] {
        let (sr, cr) = self.roll.sin_cos();
        let v = [v[0] * cr - v[1] * sr, v[0] * sr + v[1] * cr, v[2]];
        let (sp, cp) = self.pitch.sin_cos();
        let v = [v[0], v[1] * cp - v[2] * sp, v[1] * sp + v[2] * cp];
        let (sy, cy) = self.yaw.sin_cos();
        [v[0] * cy + v[2] * sy, v[1], -v[0] * sy + v[2] * cy]
    }

    /// Turns and moves a point.
    pub fn apply(&self, p: [f32; 3]) -> [f32; 3] {
        let r = self.rotate(p);
        [
            r[0] + self.origin[0],
            r[1] + self.origin[1],
            r[2] + self.origin[2],
        ]
    }
}

impl MeshData {
    /// Adds `part`, placed by `pose`, to this mesh.
    pub fn append(&mut self, part: &MeshData, pose: &Pose) {
        let base = self.positions.len() as u32;
        self.positions
            .extend(part.positions.iter().map(|&p| pose.apply(p)));
        self.normals.extend(
            part.normals
                .iter()
                .map(|&n| normalize_or_up(pose.rotate(n))),
        );
        self.uvs.extend_from_slice(&part.uvs);
        self.indices.extend(part.indices.iter().map(|i| base + i));
    }
}

/// A box of `size` (x, y, z; metres) centred on the origin, with flat faces.
pub fn cuboid(size: [f32; 3]) -> MeshData {
    let h = size.map(|s| s / 2.0);
    let mut mesh = MeshData::default();
    // Each face: its normal and two axes spanning it, chosen so (u × v) = normal.
    let faces: [([f32; 3], [f32; 3], [f32; 3]); 6] = [
        ([1.0, 0.0, 0.0], [0.0, 0.0, -1.0], [0.0, 1.0, 0.0]),
        ([-1.0, 0.0, 0.0], [0.0, 0.0, 1.0], [0.0, 1.0, 0.0]),
        ([0.0, 1.0, 0.0], [1.0, 0.0, 0.0], [0.0, 0.0, -1.0]),
        ([0.0, -1.0, 0.0], [1.0, 0.0, 0.0], [0.0, 0.0, 1.0]),
        ([0.0, 0.0, 1.0], [1.0, 0.0, 0.0], [0.0, 1.0, 0.0]),
        ([0.0, 0.0, -1.0], [-1.0, 0.0, 0.0], [0.0, 1.0, 0.0]),
    ];
    for (n, u, v) in faces {
        let base = mesh.positions.len() as u32;
        for (su, sv) in [(-1.0, -1.0), (1.0, -1.0), (1.0, 1.0), (-1.0, 1.0)] {
            let p: [f32; 3] = std::array::from_fn(|a| (n[a] + su * u[a] + sv * v[a]) * h[a]);
            mesh.positions.push(p);
            mesh.normals.push(n);
            let extent_u: f32 = (0..3).map(|a| u[a].abs() * size[a]).sum();
            let extent_v: f32 = (0..3).map(|a| v[a].abs() * size[a]).sum();
            mesh.uvs
                .push([(su + 1.0) / 2.0 * extent_u, (sv + 1.0) / 2.0 * extent_v]);
        }
        mesh.indices
            .extend_from_slice(&[base, base + 1, base + 2, base, base + 2, base + 3]);
    }
    mesh
}

/// A closed cylinder of `radius_m` and `length_m` along +Y, centred on the origin, with
/// `segments` sides: smooth sides, flat caps.
pub fn cylinder(radius_m: f32, length_m: f32, segments: u32) -> MeshData {
    frustum(radius_m, radius_m, length_m, segments)
}

/// A closed truncated cone along +Y, centred on the origin: `bottom_m` and `top_m` radii,
/// `length_m` long, `segments` sides.
pub fn frustum(bottom_m: f32, top_m: f32, length_m: f32, segments: u32) -> MeshData {
    let segments = segments.max(3);
    let half = length_m / 2.0;
    let slope = (bottom_m - top_m) / length_m;
    let mut mesh = MeshData::default();
    for k in 0..=segments {
        let a = k as f32 / segments as f32 * std::f32::consts::TAU;
        let (s, c) = a.sin_cos();
        for (r, y, v) in [(bottom_m, -half, 0.0), (top_m, half, length_m)] {
            mesh.positions.push([r * c, y, r * s]);
            mesh.normals.push(normalize_or_up([c, slope, s]));
            mesh.uvs.push([k as f32 / segments as f32, v]);
        }
    }
    for k in 0..segments {
        let (b0, t0, b1, t1) = (2 * k, 2 * k + 1, 2 * k + 2, 2 * k + 3);
        mesh.indices.extend_from_slice(&[b0, t0, b1, b1, t0, t1]);
    }
    for (r, y, up) in [(bottom_m, -half, -1.0f32), (top_m, half, 1.0)] {
        if r <= 0.0 {
            continue;
        }
        let centre = mesh.positions.len() as u32;
        mesh.positions.push([0.0, y, 0.0]);
        mesh.normals.push([0.0, up, 0.0]);
        mesh.uvs.push([0.5, 0.5]);
        for k in 0..segments {
            let a = k as f32 / segments as f32 * std::f32::consts::TAU;
            let (s, c) = a.sin_cos();
            mesh.positions.push([r * c, y, r * s]);
            mesh.normals.push([0.0, up, 0.0]);
            mesh.uvs.push([0.5 + 0.5 * c, 0.5 + 0.5 * s]);
        }
        for k in 0..segments {
            let (a, b) = (centre + 1 + k, centre + 1 + (k + 1) % segments);
            if up > 0.0 {
                mesh.indices.extend_from_slice(&[centre, b, a]);
            } else {
                mesh.indices.extend_from_slice(&[centre, a, b]);
            }
        }
    }
    mesh
}

/// A flat, one-sided ellipse facing +Y, `length_m` along Z and `width_m` along X, with
/// `segments` sides: footprints, pads, patches.
pub fn ellipse(width_m: f32, length_m: f32, segments: u32) -> MeshData {
    let segments = segments.max(3);
    let mut mesh = MeshData {
        positions: vec![[0.0; 3]],
        normals: vec![[0.0, 1.0, 0.0]],
        uvs: vec![[0.5, 0.5]],
        indices: Vec::new(),
    };
    for k in 0..segments {
        let (s, c) = (k as f32 / segments as f32 * std::f32::consts::TAU).sin_cos();
        mesh.positions
            .push([width_m / 2.0 * c, 0.0, length_m / 2.0 * s]);
        mesh.normals.push([0.0, 1.0, 0.0]);
        mesh.uvs.push([0.5 + 0.5 * c, 0.5 + 0.5 * s]);
    }
    for k in 0..segments {
        let (a, b) = (1 + k, 1 + (k + 1) % segments);
        mesh.indices.extend_from_slice(&[0, b, a]);
    }
    mesh
}

/// A surface of revolution about +Y: `profile` is a list of (radius, height) points in metres
/// from the bottom up, turned through `segments` sides; smooth normals. A radius of zero closes
/// the surface at that end (a pot's bottom).
pub fn lathe(profile: &[[f32; 2]], segments: u32) -> MeshData {
    let segments = segments.max(3);
    let mut mesh = MeshData::default();
    let rings = profile.len() as u32;
    for k in 0..=segments {
        let u = k as f32 / segments as f32;
        let (s, c) = (u * std::f32::consts::TAU).sin_cos();
        for (n, &[r, y]) in profile.iter().enumerate() {
            mesh.positions.push([r * c, y, r * s]);
            mesh.normals.push([0.0, 1.0, 0.0]);
            mesh.uvs.push([u, n as f32 / (rings.max(2) - 1) as f32]);
        }
    }
    for k in 0..segments {
        for n in 0..rings.saturating_sub(1) {
            let a = k * rings + n;
            let b = (k + 1) * rings + n;
            // Where the profile meets the axis, one of the quad's triangles has no area.
            if profile[n as usize][0] > 0.0 {
                mesh.indices.extend_from_slice(&[a, a + 1, b]);
            }
            if profile[n as usize + 1][0] > 0.0 {
                mesh.indices.extend_from_slice(&[b, a + 1, b + 1]);
            }
        }
    }
    mesh.recompute_normals();
    mesh
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Each triangle's winding normal agrees with its vertices' stored normals.
    fn faces_outwards(mesh: &MeshData) -> bool {
        mesh.indices.chunks_exact(3).all(|t| {
            let [a, b, c] = [t[0], t[1], t[2]].map(|i| mesh.positions[i as usize]);
            let e1 = crate::mesh::sub(b, a);
            let e2 = crate::mesh::sub(c, a);
            let face = crate::mesh::cross(e1, e2);
            let n = mesh.normals[t[0] as usize];
            face[0] * n[0] + face[1] * n[1] + face[2] * n[2] > 0.0
        })
    }

    #[test]
    fn primitives_are_valid_and_face_outwards() {
        for mesh in [
            cuboid([1.0, 2.0, 3.0]),
            cylinder(0.5, 2.0, 12),
            frustum(1.0, 0.2, 1.0, 8),
            ellipse(0.15, 0.33, 10),
            lathe(&[[0.0, 0.0], [0.5, 0.1], [0.6, 0.5], [0.4, 1.0]], 12),
        ] {
            assert_eq!(mesh.validate(), Ok(()));
            assert!(faces_outwards(&mesh));
        }
    }

    #[test]
    fn cuboid_has_its_size() {
        let b = cuboid([1.0, 2.0, 3.0]).bounds().unwrap();
        assert_eq!(b.min, [-0.5, -1.0, -1.5]);
        assert_eq!(b.max, [0.5, 1.0, 1.5]);
    }

    #[test]
    fn poses_turn_then_move() {
        let quarter = std::f32::consts::FRAC_PI_2;
        // A yaw of a quarter turn takes +X to -Z (counter-clockwise seen from above).
        let p = Pose::at([10.0, 0.0, 0.0])
            .yawed(quarter)
            .apply([1.0, 0.0, 0.0]);
        assert!(
            (p[0] - 10.0).abs() < 1e-6 && (p[2] + 1.0).abs() < 1e-6,
            "{p:?}"
        );
        // A pitch of a quarter turn takes +Y to +Z.
        let p = Pose::default().pitched(quarter).apply([0.0, 1.0, 0.0]);
        assert!((p[2] - 1.0).abs() < 1e-6, "{p:?}");
        // Appending keeps the part valid and puts it where the pose says.
        let mut mesh = MeshData::default();
        mesh.append(
            &cuboid([2.0, 0.2, 0.2]),
            &Pose::at([0.0, 5.0, 0.0]).rolled(quarter),
        );
        assert_eq!(mesh.validate(), Ok(()));
        let b = mesh.bounds().unwrap();
        assert!((b.max[1] - 6.0).abs() < 1e-5 && (b.min[1] - 4.0).abs() < 1e-5);
        assert!(faces_outwards(&mesh));
    }
}
