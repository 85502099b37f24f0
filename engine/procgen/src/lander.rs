//! An Apollo lunar module standing on its legs, and the bootprints of its crew, built from
//! parts.
//!
//! Sizes are NASA's (Apollo 11 Press Kit, 1969, "Lunar Module"): 22 ft 11 in (6.98 m) tall on
//! its legs, 31 ft (9.45 m) across the footpads diagonally; the descent stage 14 ft 1 in
//! (4.29 m) across; footpads 37 in (0.94 m) across.

use crate::mesh::MeshData;
use crate::parts::{Pose, cuboid, cylinder, ellipse, frustum};
use crate::rng::SeededRng;

/// Height of the lunar module standing on its legs, metres.
pub const LM_HEIGHT_M: f32 = 6.98;
/// Distance between opposite footpads, metres.
pub const LM_SPAN_M: f32 = 9.45;
/// Width of the descent stage, metres.
pub const DESCENT_WIDTH_M: f32 = 4.29;
/// Diameter of a footpad, metres.
pub const FOOTPAD_DIAMETER_M: f32 = 0.94;

/// Height of the descent stage's underside above the ground, metres.
const DESCENT_BOTTOM_M: f32 = 1.5;
/// Height of the descent stage's octagonal body, metres.
const DESCENT_HEIGHT_M: f32 = 1.7;

/// The lunar module's parts, by what they are covered in.
#[derive(Clone, Debug, PartialEq)]
pub struct LunarModule {
    /// The descent stage and its legs, wrapped in gold and amber foil.
    pub descent: MeshData,
    /// The ascent stage (the crew cabin), grey metal panels.
    pub ascent: MeshData,
}

/// The lunar module with its footpads on the ground at the origin, the ladder on the +Z leg.
pub fn lunar_module() -> LunarModule {
    let mut descent = MeshData::default();
    let body_y = DESCENT_BOTTOM_M + DESCENT_HEIGHT_M / 2.0;
    // An octagon 4.29 m across its corners.
    descent.append(
        &cylinder(DESCENT_WIDTH_M / 2.0, DESCENT_HEIGHT_M, 8),
        &Pose::at([0.0, body_y, 0.0]).yawed(std::f32::consts::PI / 8.0),
    );
    // The descent engine's bell underneath.
    descent.append(
        &frustum(0.75, 0.35, 0.9, 16),
        &Pose::at([0.0, DESCENT_BOTTOM_M - 0.35, 0.0]),
    );
    let pad_radius = LM_SPAN_M / 2.0 - FOOTPAD_DIAMETER_M / 2.0;
    for leg in 0..4 {
        let a = leg as f32 * std::f32::consts::FRAC_PI_2;
        let (s, c) = a.sin_cos();
        let pad = [pad_radius * s, 0.1, pad_radius * c];
        descent.append(
            &frustum(FOOTPAD_DIAMETER_M / 2.0, 0.2, 0.2, 12),
            &Pose::at(pad),
        );
        // The main strut, from the top of the stage's side out and down to the pad.
        let top = [1.9 * s, DESCENT_BOTTOM_M + DESCENT_HEIGHT_M - 0.2, 1.9 * c];
        strut(&mut descent, top, [pad[0], 0.25, pad[2]], 0.09);
        // Two braces from the stage's underside to the strut.
        let knee = lerp(top, pad, 0.55);
        for side in [-1.0f32, 1.0] {
            let from = [
                1.6 * s + side * 1.0 * c,
                DESCENT_BOTTOM_M,
                1.6 * c - side * 1.0 * s,
            ];
            strut(&mut descent, from, knee, 0.04);
        }
    }
    // The ladder down the +Z leg: two rails and nine rungs.
    let top = [0.0, DESCENT_BOTTOM_M + DESCENT_HEIGHT_M - 0.2, 1.9];
    let bottom = [0.0, 0.35, pad_radius - 0.1];
    for side in [-0.25f32, 0.25] {
        strut(
            &mut descent,
            [top[0] + side, top[1], top[2] + 0.12],
            [bottom[0] + side, bottom[1], bottom[2] + 0.12],
            0.025,
        );
    }
    for rung in 1..10 {
        let p = lerp(top, bottom, rung as f32 / 10.0);
        descent.append(
            &cuboid([0.5, 0.03, 0.03]),
            &Pose::at([p[0], p[1], p[2] + 0.12]),
        );
    }
    // The porch in front of the hatch.
    descent.append(
        &cuboid([0.9, 0.05, 0.8]),
        &Pose::at([0.0, DESCENT_BOTTOM_M + DESCENT_HEIGHT_M, 1.9]),
    );

    let mut ascent = MeshData::default();
    let base = DESCENT_BOTTOM_M + DESCENT_HEIGHT_M;
    // The crew cabin: a drum lying across, 2.35 m across, with the flat front face and hatch.
    ascent.append(
        &cylinder(1.17, 2.4, 12),
        &Pose::at([0.0, base + 1.4, 0.2]).rolled(std::f32::consts::FRAC_PI_2),
    );
    ascent.append(&cuboid([2.2, 1.6, 0.6]), &Pose::at([0.0, base + 1.0, 1.2]));
    ascent.append(&cuboid([0.9, 0.9, 0.1]), &Pose::at([0.0, base + 0.7, 1.52]));
    // The aft equipment bay and the side bulges for tanks.
    ascent.append(&cuboid([3.0, 1.5, 1.4]), &Pose::at([0.0, base + 1.0, -1.2]));
    for side in [-1.0f32, 1.0] {
        ascent.append(
            &cylinder(0.6, 1.2, 10),
            &Pose::at([side * 1.65, base + 0.9, -0.2]),
        );
    }
    // The docking tunnel on top, up to the full height.
    let tunnel_top = LM_HEIGHT_M;
    let tunnel_bottom = base + 2.4;
    ascent.append(
        &cylinder(0.45, tunnel_top - tunnel_bottom, 12),
        &Pose::at([0.0, (tunnel_top + tunnel_bottom) / 2.0, 0.2]),
    );
    // The rendezvous radar dish and the steerable antenna on their masts.
    for (x, z, h, dish) in [(-0.9, 0.9, 0.8, 0.3), (1.2, -0.9, 1.0, 0.45)] {
        ascent.append(
            &cylinder(0.03, h, 6),
            &Pose::at([x, base + 2.4 + h / 2.0, z]),
        );
        ascent.append(
            &frustum(dish, 0.05, 0.15, 12),
            &Pose::at([x, base + 2.4 + h, z]).pitched(0.6),
        );
    }
    LunarModule { descent, ascent }
}

/// A round strut from `a` to `b`, `radius_m` thick.
fn strut(mesh: &mut MeshData, a: [f32; 3], b: [f32; 3], radius_m: f32) {
    let d = [b[0] - a[0], b[1] - a[1], b[2] - a[2]];
    let length = (d[0] * d[0] + d[1] * d[1] + d[2] * d[2]).sqrt();
    // Tip +Y over towards d: pitch about X takes +Y to +Z, then yaw about Y turns it round.
    let horizontal = d[0].hypot(d[2]);
    let pitch = horizontal.atan2(d[1]);
    let yaw = d[0].atan2(d[2]);
    mesh.append(
        &cylinder(radius_m, length, 6),
        &Pose::at(lerp(a, b, 0.5)).pitched(pitch).yawed(yaw),
    );
}

fn lerp(a: [f32; 3], b: [f32; 3], t: f32) -> [f32; 3] {
    std::array::from_fn(|i| a[i] + (b[i] - a[i]) * t)
}

/// Length and width of an Apollo lunar overshoe's print, metres: about 33 × 15 cm (NASA,
/// "Apollo 11 bootprint", photograph AS11-40-5878, with the boot's known size).
pub const BOOTPRINT_SIZE_M: (f32, f32) = (0.33, 0.15);

/// One bootprint, flat, facing +Y, toe towards -Z: the sole's outline and the ridges of the
/// overshoe's tread across it, a few millimetres proud, as the ridges press grooves that show
/// as stripes of shadow.
pub fn bootprint() -> MeshData {
    let (length, width) = BOOTPRINT_SIZE_M;
    let mut mesh = ellipse(width, length, 16);
    for k in 0..7 {
        let z = -length / 2.0 + (k as f32 + 0.8) * length / 8.0;
        mesh.append(
            &cuboid([width * 0.8, 0.006, 0.012]),
            &Pose::at([0.0, 0.0, z]),
        );
    }
    mesh
}

/// Where each print of a walk goes: ground position (x, z), the way the toe points (radians
/// about +Y, 0 towards -Z) and which foot.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Step {
    /// Ground position, metres.
    pub x: f32,
    /// Ground position, metres.
    pub z: f32,
    /// Heading, radians about +Y; 0 points the toe towards -Z.
    pub heading: f32,
    /// Whether it is the left foot.
    pub left: bool,
}

/// Prints of a walk along `waypoints` (x, z; metres), one every `stride_m`, alternating feet
/// 0.2 m apart, with a little scatter from `seed` as real walks have.
pub fn walk(seed: u64, waypoints: &[(f32, f32)], stride_m: f32) -> Vec<Step> {
    let mut rng = SeededRng::substream(seed, "walk");
    let mut steps = Vec::new();
    let mut left = true;
    for pair in waypoints.windows(2) {
        let ((x0, z0), (x1, z1)) = (pair[0], pair[1]);
        let length = (x1 - x0).hypot(z1 - z0);
        let (dx, dz) = ((x1 - x0) / length, (z1 - z0) / length);
        // Toe along the direction of travel: heading 0 is -Z.
        let heading = (-dx).atan2(-dz);
        let mut along = 0.0;
        while along < length {
            let side = if left { -0.1 } else { 0.1 };
            // Right of travel is (-dz, dx) turned; the side offset is across the path.
            let (sx, sz) = (-dz * side, dx * side);
            steps.push(Step {
                x: x0 + dx * along + sx + rng.range(-0.03, 0.03),
                z: z0 + dz * along + sz + rng.range(-0.03, 0.03),
                heading: heading + rng.range(-0.12, 0.12),
                left,
            });
            left = !left;
            along += stride_m;
        }
    }
    steps
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_lunar_module_has_its_real_size() {
        let lm = lunar_module();
        assert_eq!(lm.descent.validate(), Ok(()));
        assert_eq!(lm.ascent.validate(), Ok(()));
        let d = lm.descent.bounds().unwrap();
        let a = lm.ascent.bounds().unwrap();
        assert!((a.max[1] - LM_HEIGHT_M).abs() < 0.05, "{a:?}");
        assert!(d.min[1] > -0.01, "nothing below the ground: {d:?}");
        // Opposite footpads 9.45 m apart, outer edge to outer edge.
        let span = d.max[0] - d.min[0];
        assert!((span - LM_SPAN_M).abs() < 0.05, "{span}");
    }

    #[test]
    fn a_walk_alternates_feet_along_its_path() {
        let steps = walk(1, &[(0.0, 0.0), (0.0, -10.0)], 0.8);
        assert_eq!(steps.len(), 13);
        assert!(steps.windows(2).all(|p| p[0].left != p[1].left));
        for s in &steps {
            // Walking towards -Z, the toe heads 0 (give or take the scatter).
            assert!(s.heading.abs() < 0.15, "{s:?}");
            assert!(s.x.abs() < 0.15);
        }
        assert_eq!(
            walk(1, &[(0.0, 0.0), (3.0, 4.0)], 0.8),
            walk(1, &[(0.0, 0.0), (3.0, 4.0)], 0.8)
        );
    }

    #[test]
    fn a_bootprint_is_boot_sized() {
        let print = bootprint();
        assert_eq!(print.validate(), Ok(()));
        let b = print.bounds().unwrap();
        assert!((b.max[2] - b.min[2] - BOOTPRINT_SIZE_M.0).abs() < 1e-3);
        assert!((b.max[0] - b.min[0] - BOOTPRINT_SIZE_M.1).abs() < 1e-3);
    }
}
