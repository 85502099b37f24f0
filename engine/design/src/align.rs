//! Lining the virtual site up with the real yard, from two points: the teacher stands on a
//! point marked on the plan (A), then on a second (B); the headset's positions there give the
//! turn and shift that put the plan on the asphalt. The alignment is stored in the design, so
//! every headset in the class puts items in the same real place.

use serde::{Deserialize, Serialize};

use retki_procgen::schoolyard::map_to_mesh;

/// The least distance between the two points, metres: closer points turn a small error in
/// standing into a large error in angle (1 cm at 2 m is 0.3°).
pub const MIN_BASELINE_M: f32 = 2.0;
/// How much the real distance A–B may differ from the plan's, as a share: more means the
/// teacher stood on other points than the plan's, or the plan is wrong.
pub const MAX_LENGTH_MISMATCH: f32 = 0.05;

/// Two points on the plan and where the headset stood on them.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Alignment {
    /// Point A on the plan, `[east, north]` metres.
    pub site_a: [f32; 2],
    /// Point B on the plan, `[east, north]` metres.
    pub site_b: [f32; 2],
    /// Where the headset stood on A, in its tracking space (x, y, z metres, +Y up).
    pub real_a: [f32; 3],
    /// Where the headset stood on B, in its tracking space.
    pub real_b: [f32; 3],
    /// Who aligned it.
    pub by: String,
}

/// Why an alignment cannot be solved.
#[derive(Clone, Debug, PartialEq, thiserror::Error)]
pub enum AlignError {
    /// A and B are too close together.
    #[error("points A and B are {0:.2} m apart; choose points at least {MIN_BASELINE_M} m apart")]
    TooClose(f32),
    /// The distance walked does not match the plan's.
    #[error(
        "A and B are {site_m:.2} m apart on the plan but {real_m:.2} m apart where you stood; \
         stand on the marked points again"
    )]
    LengthsDisagree {
        /// Distance on the plan, metres.
        site_m: f32,
        /// Distance in the real yard, metres.
        real_m: f32,
    },
}

/// The turn and shift from the site's frame (as meshes are built) into tracking space.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct SiteTransform {
    /// Turn about +Y, radians (counter-clockwise seen from above).
    pub yaw_rad: f32,
    /// Shift after turning, metres.
    pub translation: [f32; 3],
}

impl SiteTransform {
    /// Where plan point `p`, `height_m` above the ground, is in tracking space.
    pub fn site_to_real(&self, p: [f32; 2], height_m: f32) -> [f32; 3] {
        let [x, y, z] = map_to_mesh(p, height_m);
        let (s, c) = self.yaw_rad.sin_cos();
        [
            x * c + z * s + self.translation[0],
            y + self.translation[1],
            -x * s + z * c + self.translation[2],
        ]
    }
}

impl Alignment {
    /// Solves the turn and shift. The real floor is the tracking space's y = 0 (a stage
    /// space), so only the horizontal parts of the headset's positions are used.
    pub fn solve(&self) -> Result<SiteTransform, AlignError> {
        let (sa, sb) = (map_to_mesh(self.site_a, 0.0), map_to_mesh(self.site_b, 0.0));
        let site = [sb[0] - sa[0], sb[2] - sa[2]];
        let real = [
            self.real_b[0] - self.real_a[0],
            self.real_b[2] - self.real_a[2],
        ];
        let (site_m, real_m) = (site[0].hypot(site[1]), real[0].hypot(real[1]));
        if site_m.min(real_m) < MIN_BASELINE_M {
            return Err(AlignError::TooClose(site_m.min(real_m)));
        }
        if (real_m - site_m).abs() / site_m > MAX_LENGTH_MISMATCH {
            return Err(AlignError::LengthsDisagree { site_m, real_m });
        }
        // A turn by θ about +Y takes a horizontal direction at angle atan2(-z, x) to that
        // angle plus θ.
        let angle = |v: [f32; 2]| (-v[1]).atan2(v[0]);
        let yaw_rad = angle(real) - angle(site);
        let turned = SiteTransform {
            yaw_rad,
            translation: [0.0; 3],
        }
        .site_to_real(self.site_a, 0.0);
        Ok(SiteTransform {
            yaw_rad,
            translation: [self.real_a[0] - turned[0], 0.0, self.real_a[2] - turned[2]],
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn two_points_give_the_turn_and_shift() {
        // The yard is turned 30° and shifted; the teacher stands on A and B.
        let truth = SiteTransform {
            yaw_rad: 30f32.to_radians(),
            translation: [4.0, 0.0, -7.0],
        };
        let (site_a, site_b) = ([-10.0, 5.0], [12.0, -3.0]);
        let head = |p: [f32; 2]| {
            let mut r = truth.site_to_real(p, 0.0);
            r[1] = 1.62;
            r
        };
        let alignment = Alignment {
            site_a,
            site_b,
            real_a: head(site_a),
            real_b: head(site_b),
            by: "teacher".into(),
        };
        let solved = alignment.solve().unwrap();
        assert!((solved.yaw_rad - truth.yaw_rad).abs() < 1e-5);
        // Any third point lands where it really is.
        let (p, q) = (
            solved.site_to_real([3.0, 20.0], 0.0),
            truth.site_to_real([3.0, 20.0], 0.0),
        );
        for a in 0..3 {
            assert!((p[a] - q[a]).abs() < 1e-3, "{p:?} {q:?}");
        }
    }

    #[test]
    fn bad_points_are_refused() {
        let near = Alignment {
            site_a: [0.0, 0.0],
            site_b: [1.0, 0.0],
            real_a: [0.0; 3],
            real_b: [1.0, 0.0, 0.0],
            by: "t".into(),
        };
        assert_eq!(near.solve(), Err(AlignError::TooClose(1.0)));
        let wrong = Alignment {
            site_b: [10.0, 0.0],
            real_b: [12.0, 0.0, 0.0],
            ..near
        };
        assert!(matches!(
            wrong.solve(),
            Err(AlignError::LengthsDisagree { .. })
        ));
    }
}
