//! The lunar surface: a gently rolling heightfield with simple impact craters stamped in, and
//! boulders strewn over it.
//!
//! The crater shape follows measurements of fresh lunar craters:
//! - depth and rim height scale with diameter as in Pike (1977), "Size-dependence in the shape
//!   of fresh impact craters on the Moon", for simple craters: depth ≈ 0.196 D, rim ≈ 0.036 D;
//! - the ejecta blanket thins with the cube of distance from the centre, as in McGetchin,
//!   Settle and Head (1973), "Radial thickness variation in impact crater ejecta";
//! - diameters follow a power law, N(>D) ∝ D^-2, the equilibrium distribution of small lunar
//!   craters (Gault 1970, "Saturation and equilibrium conditions for impact cratering on the
//!   lunar surface").

use fastnoise_lite::{FastNoiseLite, FractalType, NoiseType};

use crate::rng::SeededRng;
use crate::terrain::Heightfield;

/// Depth of a fresh simple crater divided by its rim-to-rim diameter (Pike 1977).
pub const CRATER_DEPTH_PER_DIAMETER: f32 = 0.196;
/// Rim height above the surroundings divided by the diameter (Pike 1977).
pub const CRATER_RIM_HEIGHT_PER_DIAMETER: f32 = 0.036;
/// Exponent of the ejecta thickness fall-off with distance, `t ∝ (r / R)^-3`
/// (McGetchin, Settle and Head 1973).
pub const EJECTA_FALLOFF_EXPONENT: f32 = 3.0;
/// Beyond this many crater radii the ejecta blanket is faded to nothing.
pub const EJECTA_EXTENT_RADII: f32 = 4.0;
/// Exponent `b` of the cumulative size distribution `N(>D) ∝ D^-b` (Gault 1970).
pub const CRATER_SIZE_EXPONENT: f32 = 2.0;

/// One simple impact crater.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Crater {
    /// Centre x, metres.
    pub x: f32,
    /// Centre z, metres.
    pub z: f32,
    /// Rim-to-rim diameter, metres.
    pub diameter_m: f32,
}

impl Crater {
    /// Rim radius, metres.
    pub fn radius_m(&self) -> f32 {
        self.diameter_m / 2.0
    }

    /// Depth of the floor below the surroundings, metres.
    pub fn depth_m(&self) -> f32 {
        CRATER_DEPTH_PER_DIAMETER * self.diameter_m
    }

    /// Rim height above the surroundings, metres.
    pub fn rim_height_m(&self) -> f32 {
        CRATER_RIM_HEIGHT_PER_DIAMETER * self.diameter_m
    }

    /// The height this crater adds at horizontal distance `r` from its centre, metres:
    /// a parabolic bowl inside the rim, and an ejecta blanket thinning as `(r/R)^-3` outside,
    /// faded to zero at [`EJECTA_EXTENT_RADII`].
    pub fn profile(&self, r: f32) -> f32 {
        let x = r / self.radius_m();
        let (depth, rim) = (self.depth_m(), self.rim_height_m());
        if x <= 1.0 {
            -depth + (depth + rim) * x * x
        } else if x < EJECTA_EXTENT_RADII {
            let fade = 1.0 - (x - 1.0) / (EJECTA_EXTENT_RADII - 1.0);
            rim * x.powf(-EJECTA_FALLOFF_EXPONENT) * fade * fade
        } else {
            0.0
        }
    }
}

/// A boulder lying on the surface.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Boulder {
    /// Position of its centre, metres (y is the ground height there).
    pub position: [f32; 3],
    /// Radius of the sphere that bounds it, metres.
    pub radius_m: f32,
    /// Which of the rock shapes it uses, `0..ROCK_VARIANTS`.
    pub variant: usize,
    /// Rotation about the vertical axis, radians.
    pub yaw: f32,
}

/// How many different rock shapes the surface uses (each instanced many times).
pub const ROCK_VARIANTS: usize = 4;

/// Everything that decides the generated surface. The same parameters give the same surface.
#[derive(Clone, Debug, PartialEq)]
pub struct LunarParams {
    /// Seed for every random choice.
    pub seed: u64,
    /// Side of the square area, metres.
    pub size_m: f32,
    /// Height samples per side.
    pub samples: usize,
    /// Amplitude of the large-scale rolling of the ground, metres.
    pub roll_amplitude_m: f32,
    /// Amplitude of the small undulations of the regolith, metres.
    pub detail_amplitude_m: f32,
    /// How many random craters to stamp.
    pub crater_count: usize,
    /// Smallest random crater diameter, metres.
    pub min_crater_diameter_m: f32,
    /// Largest random crater diameter, metres.
    pub max_crater_diameter_m: f32,
    /// Craters placed by hand (landmarks the viewpoints look at), stamped first.
    pub landmark_craters: Vec<Crater>,
    /// No random crater centre lies closer than this to the origin, metres: the landing site
    /// stays level, as real landing sites were chosen to be.
    pub clear_radius_m: f32,
    /// How many boulders to scatter.
    pub boulder_count: usize,
    /// Smallest and largest boulder radius, metres.
    pub boulder_radius_m: (f32, f32),
}

impl Default for LunarParams {
    fn default() -> Self {
        Self {
            seed: 1969,
            size_m: 512.0,
            samples: 257,
            roll_amplitude_m: 2.5,
            detail_amplitude_m: 0.12,
            crater_count: 160,
            min_crater_diameter_m: 6.0,
            max_crater_diameter_m: 90.0,
            landmark_craters: Vec::new(),
            clear_radius_m: 25.0,
            boulder_count: 180,
            boulder_radius_m: (0.15, 1.2),
        }
    }
}

/// A generated patch of the Moon.
#[derive(Clone, Debug, PartialEq)]
pub struct LunarSurface {
    /// The ground, metres.
    pub heightfield: Heightfield,
    /// Every crater stamped into it, landmarks first.
    pub craters: Vec<Crater>,
    /// Boulders resting on the ground.
    pub boulders: Vec<Boulder>,
}

/// Draws a diameter from the truncated power law `N(>D) ∝ D^-b` by inverting its CDF.
fn power_law_diameter(rng: &mut SeededRng, min: f32, max: f32, exponent: f32) -> f32 {
    let u = rng.next_f32();
    let (a, b) = (min.powf(-exponent), max.powf(-exponent));
    (a - u * (a - b)).powf(-1.0 / exponent)
}

/// Generates the surface described by `params`.
pub fn generate(params: &LunarParams) -> LunarSurface {
    let mut field = Heightfield::flat(params.samples, params.size_m);

    let mut noise = FastNoiseLite::with_seed(SeededRng::substream(params.seed, "roll").next_i32());
    noise.set_noise_type(Some(NoiseType::OpenSimplex2));
    noise.set_fractal_type(Some(FractalType::FBm));
    noise.set_fractal_octaves(Some(4));
    noise.set_frequency(Some(1.0 / 180.0));
    let mut detail =
        FastNoiseLite::with_seed(SeededRng::substream(params.seed, "detail").next_i32());
    detail.set_noise_type(Some(NoiseType::OpenSimplex2));
    detail.set_frequency(Some(1.0 / 7.0));
    for j in 0..field.samples {
        for i in 0..field.samples {
            let (x, z) = field.sample_position(i, j);
            field.heights[j * field.samples + i] = params.roll_amplitude_m
                * noise.get_noise_2d(x, z)
                + params.detail_amplitude_m * detail.get_noise_2d(x, z);
        }
    }

    let mut craters = params.landmark_craters.clone();
    let mut rng = SeededRng::substream(params.seed, "craters");
    let half = params.size_m / 2.0;
    while craters.len() < params.landmark_craters.len() + params.crater_count {
        let crater = Crater {
            x: rng.range(-half, half),
            z: rng.range(-half, half),
            diameter_m: power_law_diameter(
                &mut rng,
                params.min_crater_diameter_m,
                params.max_crater_diameter_m,
                CRATER_SIZE_EXPONENT,
            ),
        };
        let keep_clear = params.clear_radius_m + crater.radius_m() * EJECTA_EXTENT_RADII / 2.0;
        if crater.x.hypot(crater.z) >= keep_clear {
            craters.push(crater);
        }
    }
    for crater in &craters {
        stamp(&mut field, crater);
    }

    let mut rng = SeededRng::substream(params.seed, "boulders");
    let (rmin, rmax) = params.boulder_radius_m;
    let boulders = (0..params.boulder_count)
        .map(|_| {
            let (x, z) = (rng.range(-half, half), rng.range(-half, half));
            let radius_m = power_law_diameter(&mut rng, rmin, rmax, CRATER_SIZE_EXPONENT);
            Boulder {
                // Sunk by a third of its radius, as boulders settle into regolith.
                position: [x, field.height_at(x, z) + radius_m * (2.0 / 3.0), z],
                radius_m,
                variant: (rng.next_u64() % ROCK_VARIANTS as u64) as usize,
                yaw: rng.range(0.0, std::f32::consts::TAU),
            }
        })
        .collect();

    LunarSurface {
        heightfield: field,
        craters,
        boulders,
    }
}

/// Adds one crater's profile to the heightfield, touching only the samples it reaches.
fn stamp(field: &mut Heightfield, crater: &Crater) {
    let reach = crater.radius_m() * EJECTA_EXTENT_RADII;
    let spacing = field.spacing();
    let half = field.size_m / 2.0;
    let last = field.samples - 1;
    let to_index = |w: f32| (((w + half) / spacing).max(0.0) as usize).min(last);
    let (i0, i1) = (to_index(crater.x - reach), to_index(crater.x + reach));
    let (j0, j1) = (to_index(crater.z - reach), to_index(crater.z + reach));
    for j in j0..=j1 {
        for i in i0..=i1 {
            let (x, z) = field.sample_position(i, j);
            let r = (x - crater.x).hypot(z - crater.z);
            field.heights[j * field.samples + i] += crater.profile(r);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn small() -> LunarParams {
        LunarParams {
            size_m: 128.0,
            samples: 65,
            crater_count: 20,
            min_crater_diameter_m: 4.0,
            max_crater_diameter_m: 30.0,
            boulder_count: 30,
            ..LunarParams::default()
        }
    }

    #[test]
    fn same_seed_same_surface_other_seed_other_surface() {
        let a = generate(&small());
        let b = generate(&small());
        assert_eq!(a, b);
        assert_eq!(a.heightfield.to_mesh(4.0), b.heightfield.to_mesh(4.0));
        let c = generate(&LunarParams { seed: 2, ..small() });
        assert_ne!(a.heightfield.heights, c.heightfield.heights);
    }

    #[test]
    fn mesh_is_valid_and_within_expected_bounds() {
        let params = small();
        let surface = generate(&params);
        let mesh = surface.heightfield.to_mesh(4.0);
        assert_eq!(mesh.validate(), Ok(()));
        let bounds = mesh.bounds().expect("non-empty");
        let half = params.size_m / 2.0;
        assert_eq!((bounds.min[0], bounds.max[0]), (-half, half));
        assert_eq!((bounds.min[2], bounds.max[2]), (-half, half));
        // Lowest: every crater's depth and the noise trough; highest: rims, ejecta, noise.
        let deepest: f32 = surface.craters.iter().map(Crater::depth_m).sum();
        let tallest: f32 = surface.craters.iter().map(Crater::rim_height_m).sum();
        let noise = params.roll_amplitude_m + params.detail_amplitude_m;
        assert!(bounds.min[1] >= -(deepest + noise));
        assert!(bounds.max[1] <= tallest + noise);
        assert!(
            bounds.max[1] - bounds.min[1] > 1.0,
            "the ground is not flat"
        );
    }

    #[test]
    fn crater_profile_has_bowl_rim_and_ejecta() {
        let crater = Crater {
            x: 0.0,
            z: 0.0,
            diameter_m: 50.0,
        };
        assert!(
            (crater.profile(0.0) + 0.196 * 50.0).abs() < 1e-4,
            "floor depth"
        );
        assert!(
            (crater.profile(25.0) - 0.036 * 50.0).abs() < 1e-4,
            "rim height"
        );
        let ejecta = crater.profile(37.5);
        assert!(
            ejecta > 0.0 && ejecta < crater.rim_height_m(),
            "ejecta thinner than rim"
        );
        assert_eq!(crater.profile(25.0 * EJECTA_EXTENT_RADII), 0.0);
        // The profile is continuous at the rim.
        assert!((crater.profile(24.999) - crater.profile(25.001)).abs() < 0.01);
    }

    #[test]
    fn landmark_crater_is_stamped_where_asked() {
        let landmark = Crater {
            x: 20.0,
            z: -20.0,
            diameter_m: 24.0,
        };
        let params = LunarParams {
            landmark_craters: vec![landmark],
            crater_count: 0,
            roll_amplitude_m: 0.0,
            detail_amplitude_m: 0.0,
            ..small()
        };
        let surface = generate(&params);
        let floor = surface.heightfield.height_at(20.0, -20.0);
        assert!((floor + landmark.depth_m()).abs() < 0.05, "floor {floor}");
    }

    #[test]
    fn crater_sizes_follow_the_power_law() {
        let mut rng = SeededRng::new(5);
        let draws: Vec<f32> = (0..20_000)
            .map(|_| power_law_diameter(&mut rng, 5.0, 500.0, CRATER_SIZE_EXPONENT))
            .collect();
        assert!(draws.iter().all(|d| (5.0..=500.0).contains(d)));
        // N(>2 Dmin) / N(>Dmin) = 2^-2 = 0.25 for b = 2.
        let share = draws.iter().filter(|&&d| d > 10.0).count() as f32 / draws.len() as f32;
        assert!((share - 0.25).abs() < 0.02, "share {share}");
    }

    #[test]
    fn landing_site_is_clear_and_boulders_rest_on_the_ground() {
        let params = small();
        let surface = generate(&params);
        for crater in &surface.craters {
            assert!(crater.x.hypot(crater.z) >= params.clear_radius_m);
        }
        for boulder in &surface.boulders {
            let [x, y, z] = boulder.position;
            let ground = surface.heightfield.height_at(x, z);
            assert!(y > ground && y < ground + boulder.radius_m, "{boulder:?}");
            assert!(boulder.variant < ROCK_VARIANTS);
        }
    }
}
