//! How light fades in Baltic water: the Beer–Lambert law, per colour channel.
//!
//! Sunlight that has come down through `z` metres keeps `exp(-Kd · z)` of itself, with a
//! diffuse attenuation coefficient `Kd` for each of red, green and blue. Water itself absorbs
//! red strongly: at 650 nm pure water absorbs 0.34 per metre, at 550 nm 0.057 and at 450 nm
//! 0.009 (Pope & Fry 1997, "Absorption spectrum (380–700 nm) of pure water. II. Integrating
//! cavity measurements", Applied Optics 36(33)). So red goes first, a few metres down. Baltic
//! water also carries much dissolved organic matter from rivers and bogs ("yellow
//! substance"), which absorbs blue and ultraviolet most of all (Kowalczuk 1999, "Seasonal
//! variability of yellow substance absorption in the surface layer of the Baltic Sea", J.
//! Geophys. Res. 104(C12)), so green goes farthest, then blue, then red: the Baltic is green
//! rather than the blue of the open ocean, and yet, deeper down, bluer against the red.
//!
//! The coefficients below add those absorptions at the centres of the sRGB primaries (about
//! 610, 550 and 465 nm) and a share for particles, for clear summer water off the Finnish
//! south coast.

/// Diffuse attenuation `Kd` of red, green and blue light, 1/m.
pub const DIFFUSE_ATTENUATION_PER_M: [f32; 3] = [0.45, 0.18, 0.3];

/// Beam attenuation `c` of red, green and blue light on its way from a surface to the eye,
/// 1/m: a dark object disappears at about 4.8 / c (Duntley 1952, "The visibility of submerged
/// objects"), so at about 13 m in green: clear water for the Baltic, as in the outer
/// archipelago in early summer before the blooms.
pub const BEAM_ATTENUATION_PER_M: [f32; 3] = [0.55, 0.36, 0.44];

/// Radiance of the water's own glow (light scattered towards the eye) just under the surface,
/// cd/m², before it too fades with depth: a blue-green haze.
pub const VEIL_RADIANCE_CD_M2: [f32; 3] = [450.0, 1_150.0, 1_100.0];

/// The share of red, green and blue sunlight that reaches `depth_m` metres below the surface.
pub fn downwelling(depth_m: f32) -> [f32; 3] {
    DIFFUSE_ATTENUATION_PER_M.map(|kd| (-kd * depth_m.max(0.0)).exp())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn red_fades_first_and_green_goes_farthest() {
        let [r, g, b] = downwelling(5.0);
        assert!(r < b && b < g, "{r} {g} {b}");
        // Five metres down, about a tenth of the red is left.
        assert!((0.08..0.13).contains(&r), "{r}");
        assert_eq!(downwelling(0.0), [1.0; 3]);
        assert_eq!(
            downwelling(-2.0),
            [1.0; 3],
            "above the surface nothing is lost"
        );
    }

    #[test]
    fn deeper_is_darker_and_bluer_against_red() {
        let [r1, g1, b1] = downwelling(1.0);
        let [r8, g8, b8] = downwelling(8.0);
        assert!(r8 + g8 + b8 < (r1 + g1 + b1) / 3.0);
        assert!(b8 / r8 > 2.0 * b1 / r1);
    }
}
