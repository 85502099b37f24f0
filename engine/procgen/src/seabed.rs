//! A Baltic Sea seabed off the Finnish south coast: a sandy slope with wave ripples, granite
//! boulders left by the ice sheet, bladderwrack on the boulders, blue mussels, and the timbers
//! of a small wooden ship.
//!
//! The water surface is at y = 0; depths are negative heights.

use fastnoise_lite::{FastNoiseLite, FractalType, NoiseType};

use crate::mesh::MeshData;
use crate::parts::{Pose, cuboid, cylinder};
use crate::rng::SeededRng;
use crate::sphere::icosphere;
use crate::terrain::Heightfield;

/// How many rock shapes a seabed draws from.
pub const ROCK_VARIANTS: usize = 4;
/// How many bladderwrack plant shapes a seabed draws from.
pub const WRACK_VARIANTS: usize = 4;
/// How many mussel clump shapes a seabed draws from.
pub const MUSSEL_VARIANTS: usize = 3;

/// The deepest rock top that carries bladderwrack here, metres. Bladderwrack needs light: in
/// the northern Baltic Proper its lowest plants were found at 8.5 m in 1984, up from 11.5 m in
/// the 1940s as the water grew murkier (Kautsky et al. 1986, "Decreased depth penetration of
/// Fucus vesiculosus since the 1940's indicates eutrophication of the Baltic Sea", Mar. Ecol.
/// Prog. Ser. 28: 1–8), and its dense belts grow shallower still.
pub const WRACK_LOWEST_M: f32 = -6.0;

/// What to generate.
#[derive(Clone, Debug, PartialEq)]
pub struct SeabedParams {
    /// Seed of every random choice.
    pub seed: u64,
    /// Side of the square patch, metres.
    pub size_m: f32,
    /// Samples along each side of the ground.
    pub samples: usize,
    /// Height of the ground at the shallow (-Z) edge, metres (negative: below the surface).
    pub shallow_m: f32,
    /// Height of the ground at the deep (+Z) edge, metres.
    pub deep_m: f32,
    /// Crest-to-crest spacing of the sand ripples, metres.
    pub ripple_wavelength_m: f32,
    /// Trough-to-crest height of the sand ripples, metres.
    pub ripple_height_m: f32,
    /// How many boulders lie on the sand.
    pub boulder_count: usize,
    /// Boulder radii, smallest and largest, metres.
    pub boulder_radius_m: (f32, f32),
    /// Where the wreck lies (x, z), metres, and the way its bow points, radians about +Y.
    pub wreck_at: (f32, f32, f32),
    /// A circle around the wreck, metres, that boulders keep out of.
    pub wreck_clear_m: f32,
}

impl Default for SeabedParams {
    fn default() -> Self {
        Self {
            seed: 1,
            size_m: 36.0,
            samples: 241,
            shallow_m: -3.0,
            deep_m: -8.0,
            // Wave ripples in coarse sand: 0.75 m apart and 8 cm high, as autumn storms leave
            // them in the shallow Baltic.
            ripple_wavelength_m: 0.75,
            ripple_height_m: 0.08,
            boulder_count: 36,
            boulder_radius_m: (0.25, 1.3),
            wreck_at: (2.0, 7.0, 0.5),
            wreck_clear_m: 9.0,
        }
    }
}

/// A granite boulder resting on the sand.
#[derive(Clone, Debug, PartialEq)]
pub struct Stone {
    /// Centre of the rock mesh, metres.
    pub position: [f32; 3],
    /// Radius, metres.
    pub radius_m: f32,
    /// Which of the [`ROCK_VARIANTS`] shapes.
    pub variant: usize,
    /// Turn about +Y, radians.
    pub yaw: f32,
}

/// Something fixed to the seabed at a point: a bladderwrack plant or a mussel clump.
#[derive(Clone, Debug, PartialEq)]
pub struct Growth {
    /// Where it holds on, metres.
    pub position: [f32; 3],
    /// Which shape.
    pub variant: usize,
    /// Turn about +Y, radians.
    pub yaw: f32,
    /// Size against the shape's own, 1 for as built.
    pub scale: f32,
}

/// A generated seabed.
#[derive(Clone, Debug, PartialEq)]
pub struct Seabed {
    /// The sand, metres (heights are negative).
    pub ground: Heightfield,
    /// Boulders on the sand.
    pub stones: Vec<Stone>,
    /// Bladderwrack plants, on the tops of boulders shallow enough.
    pub wrack: Vec<Growth>,
    /// Blue mussel clumps, on the sides of boulders and along the wreck.
    pub mussels: Vec<Growth>,
    /// Where the wreck lies: its midship on the sand, and its heading about +Y.
    pub wreck: Pose,
}

/// Generates the seabed described by `params`.
pub fn generate(params: &SeabedParams) -> Seabed {
    let mut ground = Heightfield::flat(params.samples, params.size_m);
    let mut undulation =
        FastNoiseLite::with_seed(SeededRng::substream(params.seed, "undulation").next_i32());
    undulation.set_noise_type(Some(NoiseType::OpenSimplex2));
    undulation.set_fractal_type(Some(FractalType::FBm));
    undulation.set_fractal_octaves(Some(3));
    undulation.set_frequency(Some(1.0 / 14.0));
    let mut warp = FastNoiseLite::with_seed(SeededRng::substream(params.seed, "warp").next_i32());
    warp.set_noise_type(Some(NoiseType::OpenSimplex2));
    warp.set_frequency(Some(1.0 / 6.0));
    let half = params.size_m / 2.0;
    for j in 0..ground.samples {
        for i in 0..ground.samples {
            let (x, z) = ground.sample_position(i, j);
            let slope = params.shallow_m
                + (params.deep_m - params.shallow_m) * ((z + half) / params.size_m);
            let h = slope
                + 0.35 * undulation.get_noise_2d(x, z)
                + ripple(params, x + 1.2 * warp.get_noise_2d(x, z), z);
            ground.heights[j * ground.samples + i] = h;
        }
    }

    let (wx, wz, heading) = params.wreck_at;
    let wreck = Pose::at([wx, ground.height_at(wx, wz), wz]).yawed(heading);

    let mut rng = SeededRng::substream(params.seed, "stones");
    let mut stones = Vec::new();
    let edge = half - 1.5;
    while stones.len() < params.boulder_count {
        // More boulders on the shallow side, where the ice left them and the sand is thin.
        let z = -edge + 2.0 * edge * rng.next_f32().powf(1.6);
        let x = rng.range(-edge, edge);
        let radius_m = rng.range(params.boulder_radius_m.0, params.boulder_radius_m.1);
        let variant = (rng.next_u64() % ROCK_VARIANTS as u64) as usize;
        let yaw = rng.range(0.0, std::f32::consts::TAU);
        if (x - wx).hypot(z - wz) < params.wreck_clear_m {
            continue;
        }
        stones.push(Stone {
            // Half sunk in the sand, as boulders settle.
            position: [x, ground.height_at(x, z) + 0.15 * radius_m, z],
            radius_m,
            variant,
            yaw,
        });
    }

    let mut rng = SeededRng::substream(params.seed, "growth");
    let mut wrack = Vec::new();
    let mut mussels = Vec::new();
    for stone in &stones {
        let [x, y, z] = stone.position;
        // The rock mesh's top is about 0.6 of its radius above its centre.
        let top = y + 0.55 * stone.radius_m;
        if top >= WRACK_LOWEST_M {
            let plants = 2 + (stone.radius_m * 4.0) as usize;
            for _ in 0..plants {
                let a = rng.range(0.0, std::f32::consts::TAU);
                let r = rng.range(0.0, 0.45) * stone.radius_m;
                wrack.push(Growth {
                    position: [
                        x + r * a.cos(),
                        top - 0.08 * stone.radius_m,
                        z + r * a.sin(),
                    ],
                    variant: (rng.next_u64() % WRACK_VARIANTS as u64) as usize,
                    yaw: rng.range(0.0, std::f32::consts::TAU),
                    scale: rng.range(0.8, 1.2),
                });
            }
        }
        // Mussels on the flanks, below the wrack.
        let clumps = 1 + (stone.radius_m * 1.2) as usize;
        for _ in 0..clumps {
            let a = rng.range(0.0, std::f32::consts::TAU);
            let r = 0.8 * stone.radius_m;
            mussels.push(Growth {
                position: [x + r * a.cos(), y + 0.05 * stone.radius_m, z + r * a.sin()],
                variant: (rng.next_u64() % MUSSEL_VARIANTS as u64) as usize,
                yaw: rng.range(0.0, std::f32::consts::TAU),
                scale: rng.range(0.8, 1.3),
            });
        }
    }
    // Mussels along both sides of the wreck's lower hull.
    for k in 0..12 {
        let along = -6.0 + k as f32;
        let side = if k % 2 == 0 { 1.0 } else { -1.0 };
        let p = wreck.apply([side * 1.9, 0.0, along]);
        mussels.push(Growth {
            position: [p[0], ground.height_at(p[0], p[2]) + 0.05, p[2]],
            variant: k % MUSSEL_VARIANTS,
            yaw: rng.range(0.0, std::f32::consts::TAU),
            scale: rng.range(0.9, 1.4),
        });
    }

    Seabed {
        ground,
        stones,
        wrack,
        mussels,
        wreck,
    }
}

/// The ripple height at `(x, z)` above the ripple troughs: crests run along X, sharp crests
/// and rounded troughs, as oscillating waves shape them.
pub fn ripple(params: &SeabedParams, x: f32, z: f32) -> f32 {
    let phase = std::f32::consts::PI * (z + 0.15 * x) / params.ripple_wavelength_m;
    params.ripple_height_m * (1.0 - phase.sin().abs())
}

/// Height of a bladderwrack plant as built, metres (plants are drawn at 0.8–1.2 times this).
pub const WRACK_HEIGHT_M: f32 = 0.35;
/// Width of a bladderwrack frond, metres.
pub const WRACK_FROND_WIDTH_M: f32 = 0.012;

/// One bladderwrack plant: a short stipe that forks again and again into flat fronds with a
/// midrib, and paired air bladders beside the forks. Fronds are one-sided ribbons, meant for
/// a double-sided material. The texture coordinate v is the height as a share of the plant's
/// height (0 at the holdfast, 1 at the tips), so a shader can sway the tips and hold the
/// base.
pub fn bladderwrack(seed: u64, variant: usize) -> MeshData {
    let mut rng = SeededRng::substream(seed, &format!("wrack-{variant}"));
    let mut mesh = MeshData::default();
    let bladder = bladder_mesh();
    // (base, direction, length, level)
    let mut stack = vec![([0.0f32, 0.0, 0.0], [0.0f32, 1.0, 0.0], 0.07f32, 0u32)];
    let mut fork_yaw = rng.range(0.0, std::f32::consts::PI);
    while let Some((base, dir, length, level)) = stack.pop() {
        let tip = [
            base[0] + dir[0] * length,
            base[1] + dir[1] * length,
            base[2] + dir[2] * length,
        ];
        ribbon(&mut mesh, base, tip, WRACK_FROND_WIDTH_M);
        if level == 4 {
            continue;
        }
        // Forks open 20–35° to either side, in a plane that turns each level.
        fork_yaw += rng.range(1.2, 1.9);
        let spread = rng.range(0.35, 0.6);
        for side in [-1.0f32, 1.0] {
            let lean = [fork_yaw.cos() * side, 0.0, fork_yaw.sin() * side];
            let d = normalize([dir[0] + spread * lean[0], dir[1], dir[2] + spread * lean[2]]);
            stack.push((tip, d, length * rng.range(0.85, 1.05), level + 1));
            if level >= 1 && rng.next_f32() < 0.7 {
                let at = [
                    tip[0] + d[0] * 0.02 + lean[0] * 0.006,
                    tip[1] + d[1] * 0.02,
                    tip[2] + d[2] * 0.02 + lean[2] * 0.006,
                ];
                mesh.append(&bladder, &Pose::at(at));
            }
        }
    }
    let height = mesh
        .positions
        .iter()
        .map(|p| p[1])
        .fold(f32::EPSILON, f32::max);
    let grow = WRACK_HEIGHT_M / height;
    for (p, uv) in mesh.positions.iter_mut().zip(mesh.uvs.iter_mut()) {
        *p = p.map(|c| c * grow);
        uv[1] = (p[1] / WRACK_HEIGHT_M).clamp(0.0, 1.0);
    }
    mesh
}

/// An air bladder: a small, slightly flattened ball, 8 mm across.
fn bladder_mesh() -> MeshData {
    let (positions, indices) = icosphere(0);
    let normals = positions.clone();
    MeshData {
        positions: positions
            .iter()
            .map(|p| [p[0] * 0.004, p[1] * 0.005, p[2] * 0.003])
            .collect(),
        uvs: vec![[0.5, 0.0]; positions.len()],
        normals,
        indices,
    }
}

/// A flat strip from `base` to `tip`, `width_m` wide, facing sideways, with a fold along its
/// middle as a midrib.
fn ribbon(mesh: &mut MeshData, base: [f32; 3], tip: [f32; 3], width_m: f32) {
    let dir = normalize([tip[0] - base[0], tip[1] - base[1], tip[2] - base[2]]);
    // A side vector across the strip, level with the ground.
    let side = normalize([-dir[2], 0.0, dir[0]]);
    let side = if side == [0.0, 1.0, 0.0] {
        [1.0, 0.0, 0.0]
    } else {
        side
    };
    let face = normalize(cross(side, dir));
    let w = width_m / 2.0;
    let first = mesh.positions.len() as u32;
    for end in [base, tip] {
        for (s, lift) in [(-1.0f32, 0.0f32), (0.0, 0.3), (1.0, 0.0)] {
            mesh.positions.push([
                end[0] + side[0] * w * s + face[0] * w * lift,
                end[1] + side[1] * w * s + face[1] * w * lift,
                end[2] + side[2] * w * s + face[2] * w * lift,
            ]);
            mesh.normals.push(face);
            mesh.uvs.push([(s + 1.0) / 2.0, 0.0]);
        }
    }
    for k in 0..2 {
        let (a, b) = (first + k, first + k + 1);
        let (c, d) = (a + 3, b + 3);
        mesh.indices.extend_from_slice(&[a, b, d, a, d, c]);
    }
}

/// Length of a grown blue mussel in the Baltic Proper, metres: low salinity keeps them to
/// 2–4 cm, against 5–10 cm in the North Sea (Westerbom, Kilpi & Mustonen 2002, "Blue
/// mussels, Mytilus edulis, at the edge of the range: population structure, growth and
/// biomass along a salinity gradient in the north-eastern Baltic Sea", Marine Biology 140).
pub const MUSSEL_LENGTH_M: f32 = 0.03;

/// A clump of 30–50 blue mussels, about 25 cm across, standing on their hinges and leaning
/// every way, as they hold on to each other with their byssus threads.
pub fn mussel_clump(seed: u64, variant: usize) -> MeshData {
    let mut rng = SeededRng::substream(seed, &format!("mussels-{variant}"));
    let shell = mussel();
    let mut mesh = MeshData::default();
    let count = 30 + (rng.next_u64() % 21) as usize;
    for _ in 0..count {
        let a = rng.range(0.0, std::f32::consts::TAU);
        let r = 0.12 * rng.next_f32().sqrt();
        let size = rng.range(0.6, 1.1);
        let pose = Pose::at([r * a.cos(), 0.005 + 0.01 * rng.next_f32(), r * a.sin()])
            .yawed(rng.range(0.0, std::f32::consts::TAU))
            .pitched(rng.range(-0.9, 0.2))
            .rolled(rng.range(-0.5, 0.5));
        let mut scaled = shell.clone();
        for p in &mut scaled.positions {
            *p = p.map(|c| c * size);
        }
        mesh.append(&scaled, &pose);
    }
    mesh
}

/// One closed blue mussel, [`MUSSEL_LENGTH_M`] long along +Z: a tapering, flattened ovoid,
/// half as wide as long, pointed at the hinge end.
pub fn mussel() -> MeshData {
    let (mut positions, indices) = icosphere(0);
    // The icosahedron's vertices do not all reach the poles: stretch it to length first.
    let reach = positions.iter().map(|p| p[2].abs()).fold(0.0, f32::max);
    for p in &mut positions {
        p[2] /= reach;
    }
    let (l, w, h) = (
        MUSSEL_LENGTH_M / 2.0,
        MUSSEL_LENGTH_M * 0.22,
        MUSSEL_LENGTH_M * 0.25,
    );
    for p in &mut positions {
        // Narrower towards the hinge (-Z), as the shell is.
        let taper = 0.55 + 0.45 * (p[2] + 1.0) / 2.0;
        *p = [p[0] * w * taper, p[1] * h * taper, p[2] * l];
    }
    let uvs = positions.iter().map(|p| [p[0], p[2]]).collect();
    let mut mesh = MeshData {
        normals: Vec::new(),
        positions,
        uvs,
        indices,
    };
    mesh.recompute_normals();
    mesh
}

/// Length of the wreck's keel, metres: a small 19th-century coastal trading ship (a
/// "galeas") of the kind that carried firewood and stone along the Finnish coast.
pub const WRECK_LENGTH_M: f32 = 15.0;
/// The wreck's beam at its widest, metres.
pub const WRECK_BEAM_M: f32 = 4.6;

/// The wreck's remaining timbers, built from parts, midship at the origin with the bow
/// towards -Z: the keel, stem and sternpost, the frames (ribs) standing from it, the lower
/// strakes of planking still fastened to them, a fallen mast and a windlass. The upper works
/// have gone; on the port side more frames stand than on the starboard, which lay under the
/// sand. Sizes are those of oak ship timbers of the period: frames 20 × 25 cm, planks 5 cm
/// thick.
pub fn wreck(seed: u64) -> MeshData {
    let mut rng = SeededRng::substream(seed, "wreck");
    let mut mesh = MeshData::default();
    let half = WRECK_LENGTH_M / 2.0;
    // Keel, stem and sternpost.
    mesh.append(
        &cuboid([0.3, 0.35, WRECK_LENGTH_M]),
        &Pose::at([0.0, 0.1, 0.0]),
    );
    mesh.append(
        &cuboid([0.28, 3.0, 0.3]),
        &Pose::at([0.0, 1.2, -half - 0.5]).pitched(-0.45),
    );
    mesh.append(
        &cuboid([0.28, 2.6, 0.3]),
        &Pose::at([0.0, 1.2, half + 0.1]).pitched(0.15),
    );
    // Frames every 0.9 m: each side is a run of straight pieces following the hull's section,
    // a half-ellipse as wide as the beam there.
    let frames = (WRECK_LENGTH_M / 0.9) as usize;
    for k in 0..=frames {
        let z = -half + 0.5 + k as f32 * (WRECK_LENGTH_M - 1.0) / frames as f32;
        // The hull narrows towards the ends.
        let fullness = 1.0 - (z / (half + 0.5)).powi(2);
        let beam = WRECK_BEAM_M * (0.35 + 0.65 * fullness.sqrt());
        for side in [-1.0f32, 1.0] {
            // Starboard (+X) frames are broken off lower; a few are gone.
            let pieces = if side > 0.0 {
                1 + (rng.next_u64() % 3) as usize
            } else {
                3 + (rng.next_u64() % 2) as usize
            };
            if rng.next_f32() < 0.12 {
                continue;
            }
            let section = |t: f32| {
                let a = t * std::f32::consts::FRAC_PI_2;
                [side * beam / 2.0 * a.sin(), 2.2 * (1.0 - a.cos()) + 0.2]
            };
            for p in 0..pieces {
                let (t0, t1) = (p as f32 / 4.0, (p + 1) as f32 / 4.0);
                let (a, b) = (section(t0), section(t1));
                let len = (b[0] - a[0]).hypot(b[1] - a[1]);
                let tilt = (b[0] - a[0]).atan2(b[1] - a[1]);
                mesh.append(
                    &cuboid([0.2, len + 0.05, 0.25]),
                    &Pose::at([(a[0] + b[0]) / 2.0, (a[1] + b[1]) / 2.0, z]).rolled(-tilt),
                );
            }
        }
    }
    // The lowest strakes of planking, in lengths with gaps where planks have rotted away.
    for strake in 0..3 {
        let t = (strake as f32 + 0.5) / 4.0;
        let a = t * std::f32::consts::FRAC_PI_2;
        for side in [-1.0f32, 1.0] {
            let mut z = -half + 1.0;
            while z < half - 1.0 {
                let length = rng.range(1.5, 3.5).min(half - 1.0 - z);
                if rng.next_f32() < 0.75 {
                    let zc = z + length / 2.0;
                    let fullness = 1.0 - (zc / (half + 0.5)).powi(2);
                    let beam = WRECK_BEAM_M * (0.35 + 0.65 * fullness.sqrt());
                    let x = side * (beam / 2.0 * a.sin() + 0.13);
                    let y = 2.2 * (1.0 - a.cos()) + 0.2;
                    mesh.append(
                        &cuboid([0.05, 0.25, length]),
                        &Pose::at([x, y, zc]).rolled(-side * a),
                    );
                }
                z += length + 0.05;
            }
        }
    }
    // The mast lies where it fell, across the port side; the windlass still sits forward.
    mesh.append(
        &cylinder(0.14, 11.0, 10),
        &Pose::at([-3.0, 0.35, -1.0])
            .yawed(-1.15)
            .rolled(std::f32::consts::FRAC_PI_2),
    );
    mesh.append(
        &cylinder(0.2, 2.2, 10),
        &Pose::at([0.0, 0.9, -half + 2.0]).rolled(std::f32::consts::FRAC_PI_2),
    );
    mesh
}

/// `count` particles of suspended matter ("marine snow"), scattered through a cube of
/// `box_m` metres centred on the origin. Each is a quad of four vertices at the same
/// position; the texture coordinates hold the corner (-1 or 1 on each axis), for a vertex
/// shader to open it to face the camera and to drift it through the water.
pub fn drifting_particles(seed: u64, count: usize, box_m: f32) -> MeshData {
    let mut rng = SeededRng::substream(seed, "particles");
    let mut mesh = MeshData::default();
    for k in 0..count as u32 {
        let p = [(); 3].map(|_| rng.range(-box_m / 2.0, box_m / 2.0));
        for corner in [[-1.0, -1.0], [1.0, -1.0], [1.0, 1.0], [-1.0, 1.0]] {
            mesh.positions.push(p);
            mesh.normals.push([0.0, 1.0, 0.0]);
            mesh.uvs.push(corner);
        }
        let b = 4 * k;
        mesh.indices
            .extend_from_slice(&[b, b + 1, b + 2, b, b + 2, b + 3]);
    }
    mesh
}

fn normalize(v: [f32; 3]) -> [f32; 3] {
    crate::mesh::normalize_or_up(v)
}

fn cross(a: [f32; 3], b: [f32; 3]) -> [f32; 3] {
    crate::mesh::cross(a, b)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn small() -> SeabedParams {
        SeabedParams {
            seed: 7,
            samples: 121,
            ..SeabedParams::default()
        }
    }

    #[test]
    fn same_seed_same_seabed() {
        assert_eq!(generate(&small()), generate(&small()));
        let other = generate(&SeabedParams { seed: 8, ..small() });
        assert_ne!(other.stones, generate(&small()).stones);
    }

    #[test]
    fn the_ground_slopes_from_shallow_to_deep_under_the_surface() {
        let params = small();
        let bed = generate(&params);
        let (lo, hi) = bed.ground.height_range();
        assert!(hi < 0.0, "the seabed reaches the surface: {hi}");
        assert!(lo > params.deep_m - 1.0, "{lo}");
        let row_mean = |j: usize| {
            (0..bed.ground.samples)
                .map(|i| bed.ground.at(i, j))
                .sum::<f32>()
                / bed.ground.samples as f32
        };
        assert!(row_mean(0) > row_mean(bed.ground.samples - 1) + 3.0);
    }

    #[test]
    fn ripples_have_their_wavelength_and_height() {
        let params = small();
        // Along Z, at x = 0, the ripple repeats every wavelength and spans its height.
        let samples: Vec<f32> = (0..300)
            .map(|k| ripple(&params, 0.0, k as f32 * 0.01))
            .collect();
        let (lo, hi) = samples
            .iter()
            .fold((f32::MAX, f32::MIN), |(lo, hi), &h| (lo.min(h), hi.max(h)));
        assert!((hi - params.ripple_height_m).abs() < 1e-3 && lo.abs() < 2e-3);
        for z in [0.1, 0.33, 1.7] {
            let a = ripple(&params, 0.0, z);
            let b = ripple(&params, 0.0, z + params.ripple_wavelength_m);
            assert!((a - b).abs() < 1e-4, "{a} vs {b}");
        }
    }

    #[test]
    fn boulders_keep_clear_of_the_wreck_and_wrack_stays_in_the_light() {
        let params = small();
        let bed = generate(&params);
        assert_eq!(bed.stones.len(), params.boulder_count);
        let (wx, _, wz) = (params.wreck_at.0, 0.0, params.wreck_at.1);
        for stone in &bed.stones {
            let [x, _, z] = stone.position;
            assert!((x - wx).hypot(z - wz) >= params.wreck_clear_m);
        }
        assert!(!bed.wrack.is_empty() && !bed.mussels.is_empty());
        for plant in &bed.wrack {
            assert!(plant.position[1] >= WRACK_LOWEST_M - 0.5, "{plant:?}");
        }
    }

    #[test]
    fn wrack_has_its_height_and_sways_from_the_tips() {
        for variant in 0..WRACK_VARIANTS {
            let plant = bladderwrack(3, variant);
            assert_eq!(plant.validate(), Ok(()));
            let b = plant.bounds().unwrap();
            assert!((b.max[1] - WRACK_HEIGHT_M).abs() < 1e-4, "{b:?}");
            assert!(b.min[1] > -0.01);
            // The sway weight grows with height.
            for (p, uv) in plant.positions.iter().zip(&plant.uvs) {
                assert!((uv[1] - (p[1] / WRACK_HEIGHT_M).clamp(0.0, 1.0)).abs() < 1e-6);
            }
            assert!(plant.triangle_count() < 1_000);
        }
        assert_ne!(bladderwrack(3, 0), bladderwrack(3, 1));
    }

    #[test]
    fn mussels_are_mussel_sized() {
        let shell = mussel();
        assert_eq!(shell.validate(), Ok(()));
        let b = shell.bounds().unwrap();
        assert!((b.max[2] - b.min[2] - MUSSEL_LENGTH_M).abs() < 1e-4);
        for variant in 0..MUSSEL_VARIANTS {
            let clump = mussel_clump(3, variant);
            assert_eq!(clump.validate(), Ok(()));
            let b = clump.bounds().unwrap();
            let across = (b.max[0] - b.min[0]).max(b.max[2] - b.min[2]);
            assert!((0.15..0.35).contains(&across), "{across}");
        }
    }

    #[test]
    fn the_wreck_has_a_ships_size() {
        let hull = wreck(3);
        assert_eq!(hull.validate(), Ok(()));
        let b = hull.bounds().unwrap();
        let (width, height, length) = (
            b.max[0] - b.min[0],
            b.max[1] - b.min[1],
            b.max[2] - b.min[2],
        );
        assert!(
            (WRECK_LENGTH_M..WRECK_LENGTH_M + 3.0).contains(&length),
            "{length}"
        );
        // The fallen mast sticks out beyond the beam on the port side.
        assert!(width > WRECK_BEAM_M && width < 12.0, "{width}");
        assert!((1.5..4.0).contains(&height), "{height}");
        assert!(b.min[0] < -WRECK_BEAM_M / 2.0);
    }

    #[test]
    fn particles_are_quads_in_their_box() {
        let snow = drifting_particles(3, 50, 8.0);
        assert_eq!(snow.validate(), Ok(()));
        assert_eq!(snow.triangle_count(), 100);
        let b = snow.bounds().unwrap();
        assert!(b.min.iter().all(|&c| c >= -4.0) && b.max.iter().all(|&c| c <= 4.0));
    }
}
