//! A patch of lowland tropical rainforest in its four layers: the forest floor (ferns and
//! seedlings under 2 m), the understory (young trees and palms, 5–15 m), the canopy (a closed
//! roof of crowns at 25–35 m) and the emergents (the few giants that stand out of it, up to
//! 45–60 m). Heights after Whitmore, *An Introduction to Tropical Rain Forests* (2nd ed.,
//! Oxford University Press, 1998), chapter 2.
//!
//! Each layer has a few tree variants grown from an L-system and scaled to their height; the
//! forest places each many times (instancing), never a trunk inside another, and every
//! trunk sunk into the ground under all of its base.

use fastnoise_lite::{FastNoiseLite, FractalType, NoiseType};

use crate::lsystem::{LSystem, Plant, Turtle, draw};
use crate::mesh::MeshData;
use crate::parts::{Pose, cuboid};
use crate::rng::SeededRng;
use crate::terrain::Heightfield;

/// A layer of the forest.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Layer {
    /// Ferns and seedlings on the ground.
    Floor,
    /// Young trees and palms under the canopy.
    Understory,
    /// The closed roof of crowns.
    Canopy,
    /// Giants above the canopy.
    Emergent,
}

impl Layer {
    /// Every layer, from the ground up.
    pub const ALL: [Layer; 4] = [
        Layer::Floor,
        Layer::Understory,
        Layer::Canopy,
        Layer::Emergent,
    ];

    /// The heights plants of this layer reach, metres (Whitmore 1998).
    pub fn heights_m(self) -> (f32, f32) {
        match self {
            Layer::Floor => (0.5, 2.0),
            Layer::Understory => (5.0, 15.0),
            Layer::Canopy => (25.0, 35.0),
            Layer::Emergent => (45.0, 60.0),
        }
    }

    /// How many plants of this layer stand on a hectare of the patch: a few emergents, a
    /// closed canopy, a crowded understory and floor.
    fn per_hectare(self) -> f32 {
        match self {
            Layer::Floor => 900.0,
            Layer::Understory => 260.0,
            Layer::Canopy => 70.0,
            Layer::Emergent => 4.0,
        }
    }

    /// The least distance between two plants of this layer, metres: crowns of one layer
    /// touch but do not stand in each other.
    fn spacing_m(self) -> f32 {
        match self {
            Layer::Floor => 1.2,
            Layer::Understory => 3.0,
            Layer::Canopy => 9.0,
            Layer::Emergent => 30.0,
        }
    }

    /// The radius of a trunk at the ground at the layer's lowest height, metres: emergents'
    /// boles are 1.5–3 m across above their buttresses, canopy trees' under a metre
    /// (Whitmore 1998).
    pub fn trunk_radius_m(self) -> f32 {
        match self {
            Layer::Floor => 0.02,
            Layer::Understory => 0.08,
            Layer::Canopy => 0.35,
            Layer::Emergent => 0.9,
        }
    }

    fn system(self) -> LSystem {
        match self {
            // A rosette of fronds, each a chain of leaflets.
            Layer::Floor => LSystem {
                axiom: "[&&&A]/////[&&&A]/////[&&&A]/////[&&&A]/////[&&&A]",
                rules: vec![('A', vec![(1.0, "FL[+L][-L]A"), (0.3, "FL")])],
            },
            // A slender stem and a small, open crown.
            Layer::Understory => LSystem {
                axiom: "FFFFB",
                rules: vec![(
                    'B',
                    vec![(1.0, "[&FLB]///[&FLB]///[&FLB]"), (0.5, "F[&FLB]//[&FLB]")],
                )],
            },
            // A straight trunk and a broad, deep crown.
            Layer::Canopy => LSystem {
                axiom: "FFFFFF!C",
                rules: vec![(
                    'C',
                    vec![
                        (1.0, "[&&FLC]//[&&FLC]//[&&FLC]//[&&FLC]"),
                        (0.4, "F[&FLC]///[&FLC]"),
                    ],
                )],
            },
            // A long, clear bole and a wide umbrella on top.
            Layer::Emergent => LSystem {
                axiom: "FFFFFFFFFFFFFF!E",
                rules: vec![(
                    'E',
                    vec![(1.0, "[&&&FFLE]//[&&&FFLE]//[&&&FFLE]//[&&&FFLE]//[&&&FFLE]")],
                )],
            },
        }
    }

    fn turtle(self) -> Turtle {
        let (iterations_leaf, radius) = match self {
            Layer::Floor => (0.35, 0.01),
            Layer::Understory => (0.9, 0.08),
            Layer::Canopy => (1.6, 0.35),
            Layer::Emergent => (2.2, 0.6),
        };
        Turtle {
            step_m: 1.0,
            step_decay: 0.93,
            radius_m: radius,
            radius_decay: 0.62,
            angle: 0.5,
            jitter: 0.25,
            leaf_m: iterations_leaf,
        }
    }

    fn iterations(self) -> u32 {
        match self {
            Layer::Floor => 4,
            Layer::Understory => 3,
            Layer::Canopy => 3,
            Layer::Emergent => 2,
        }
    }
}

/// Tree variants grown per layer: enough that neighbours differ, few enough to instance.
pub const VARIANTS_PER_LAYER: usize = 3;

/// One variant of a layer's plant, grown at unit scale of its layer's lowest height.
#[derive(Clone, Debug, PartialEq)]
pub struct Variant {
    /// Its layer.
    pub layer: Layer,
    /// Its branches and leaves, standing at the origin, `layer.heights_m().0` tall.
    pub plant: Plant,
    /// The radius of its trunk at the ground, metres.
    pub trunk_radius_m: f32,
}

/// Grows the variants of every layer for `seed`.
pub fn variants(seed: u64) -> Vec<Variant> {
    let mut out = Vec::new();
    for layer in Layer::ALL {
        for v in 0..VARIANTS_PER_LAYER {
            let mut rng = SeededRng::substream(seed, &format!("{layer:?}-{v}"));
            let system = layer.system();
            let word = system.expand(layer.iterations(), &mut rng);
            let plant = draw(&word, &layer.turtle(), &mut rng);
            let mut plant = plant.scaled(layer.heights_m().0 / plant.top_m().max(0.01));
            // Branches keep their proportions to the trunk, and the trunk gets its real girth.
            let girth = layer.trunk_radius_m() / plant.segments.first().map_or(1.0, |s| s.radius_m);
            for segment in &mut plant.segments {
                segment.radius_m *= girth;
            }
            let trunk_radius_m = layer.trunk_radius_m();
            out.push(Variant {
                layer,
                plant,
                trunk_radius_m,
            });
        }
    }
    out
}

/// A plant standing in the forest: which variant, where, how turned and how large.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Placed {
    /// Index into [`Forest::variants`].
    pub variant: usize,
    /// Where its base stands, metres.
    pub at: [f32; 3],
    /// Its turn about +Y, radians.
    pub yaw: f32,
    /// Its scale on the variant (its height is the variant's times this).
    pub scale: f32,
    /// Its trunk's radius at the ground, metres.
    pub trunk_radius_m: f32,
}

/// A seeded patch of forest.
#[derive(Clone, Debug, PartialEq)]
pub struct Forest {
    /// The ground.
    pub ground: Heightfield,
    /// The plant variants.
    pub variants: Vec<Variant>,
    /// Every plant; the first is the emergent the pupils climb.
    pub plants: Vec<Placed>,
    /// The stair up that tree and the walkways off it.
    pub climb: Climb,
}

/// A box of the climb: its middle, its size across (x), up (y) and along (z), metres, and its
/// turn about +Y, radians.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Block {
    /// Its middle, metres.
    pub centre: [f32; 3],
    /// Its size, metres.
    pub size: [f32; 3],
    /// Its turn about +Y, radians.
    pub yaw: f32,
}

impl Block {
    /// The box as a mesh, in place.
    pub fn mesh(&self) -> MeshData {
        let mut mesh = MeshData::default();
        mesh.append(&cuboid(self.size), &Pose::at(self.centre).yawed(self.yaw));
        mesh
    }

    /// The middle of its top face.
    pub fn top(&self) -> [f32; 3] {
        [
            self.centre[0],
            self.centre[1] + self.size[1] / 2.0,
            self.centre[2],
        ]
    }
}

/// The way up the forest's layers: a spiral stair round the trunk of the emergent in the
/// middle, a landing at canopy height with a bridge out to a platform among the crowns, and a
/// platform round the trunk above the canopy roof, where the stair ends.
#[derive(Clone, Debug, PartialEq)]
pub struct Climb {
    /// The steps, from the ground up.
    pub steps: Vec<Block>,
    /// What people walk on besides the steps: the landing, the bridge and both platforms.
    pub decks: Vec<Block>,
    /// Hand rails and the post under the canopy platform (not walked on).
    pub rails: Vec<Block>,
    /// The top of the canopy platform's floor, metres.
    pub canopy_platform: [f32; 3],
    /// The top of the platform above the canopy, round the trunk.
    pub crown_platform: [f32; 3],
    /// The middle of the area kept free of other trunks, and its radius, metres (x, z, r),
    /// one circle for the stair and one for each deck.
    pub clear: Vec<[f32; 3]>,
}

/// Rise of one step, metres: building codes allow 0.16–0.20 m on outdoor stairs.
pub const STEP_RISE_M: f32 = 0.2;
/// Going of one step at the middle of its width, metres.
const STEP_GOING_M: f32 = 0.3;
/// Width of the stair, of the bridge and its landing, metres.
pub const STAIR_WIDTH_M: f32 = 1.0;
/// Gap between the trunk and the stair's inner edge, metres.
const STAIR_GAP_M: f32 = 0.2;
/// Height of the canopy walkway above the ground at the tree, metres: in the middle of the
/// canopy layer.
pub const CANOPY_WALK_M: f32 = 28.0;
/// Height of the platform above the canopy roof, metres.
pub const CROWN_PLATFORM_M: f32 = 38.0;
/// Length of the bridge from the stair's landing to the canopy platform, metres.
const BRIDGE_M: f32 = 10.0;
/// Side of the canopy platform, metres.
const PLATFORM_M: f32 = 4.0;
/// Height of hand rails above what they guard, metres.
const RAIL_HEIGHT_M: f32 = 1.0;

impl Climb {
    /// The climb up an emergent standing at `base` with a trunk of `trunk_radius_m`.
    fn round(base: [f32; 3], trunk_radius_m: f32) -> Self {
        let [bx, by, bz] = base;
        let inner = trunk_radius_m + STAIR_GAP_M;
        let middle = inner + STAIR_WIDTH_M / 2.0;
        let turn_per_step = STEP_GOING_M / middle;
        let count = (CROWN_PLATFORM_M / STEP_RISE_M).round() as usize;
        let step_at = |k: usize| -> (f32, f32) {
            let a = k as f32 * turn_per_step;
            (a, by + (k + 1) as f32 * STEP_RISE_M)
        };
        let mut steps = Vec::with_capacity(count);
        for k in 0..count {
            let (a, top) = step_at(k);
            steps.push(Block {
                centre: [bx + middle * a.sin(), top - 0.05, bz + middle * a.cos()],
                // Across is radial: the box's x points away from the trunk.
                size: [STAIR_WIDTH_M, 0.1, STEP_GOING_M * 1.15],
                yaw: a - std::f32::consts::FRAC_PI_2,
            });
        }
        // The landing at canopy height, on the step that reaches it, and the bridge from it.
        let k = (CANOPY_WALK_M / STEP_RISE_M).round() as usize - 1;
        let (a, top) = step_at(k);
        let out = [a.sin(), a.cos()];
        let outer = inner + STAIR_WIDTH_M;
        let along = |d: f32, y: f32| [bx + out[0] * d, y, bz + out[1] * d];
        let bridge_yaw = out[0].atan2(out[1]);
        let mut decks = vec![Block {
            centre: along(outer + BRIDGE_M / 2.0, top - 0.05),
            size: [STAIR_WIDTH_M, 0.1, BRIDGE_M + 0.2],
            yaw: bridge_yaw,
        }];
        let platform_middle = outer + BRIDGE_M + PLATFORM_M / 2.0;
        decks.push(Block {
            centre: along(platform_middle, top - 0.1),
            size: [PLATFORM_M, 0.2, PLATFORM_M],
            yaw: bridge_yaw,
        });
        let canopy_platform = decks[1].top();
        // The platform round the trunk where the stair ends: four boards round the trunk.
        let crown_top = steps.last().map_or(by, |s| s.top()[1]);
        let ring = outer + 1.5;
        for q in 0..4 {
            let a = q as f32 * std::f32::consts::FRAC_PI_2;
            let (s, c) = a.sin_cos();
            let half = (ring + trunk_radius_m + STAIR_GAP_M) / 2.0;
            decks.push(Block {
                centre: [bx + s * half, crown_top - 0.1, bz + c * half],
                size: [2.0 * ring, 0.2, ring - trunk_radius_m - STAIR_GAP_M],
                yaw: a,
            });
        }
        let crown_platform = [
            bx + out[0] * (ring - 0.5),
            crown_top,
            bz + out[1] * (ring - 0.5),
        ];
        // Rails along both sides of the bridge, round the outer edge of the crown platform,
        // and the post that carries the canopy platform.
        let mut rails = Vec::new();
        for side in [-1.0f32, 1.0] {
            let offset = [
                out[1] * side * STAIR_WIDTH_M / 2.0,
                -out[0] * side * STAIR_WIDTH_M / 2.0,
            ];
            let c = along(outer + BRIDGE_M / 2.0, top + RAIL_HEIGHT_M);
            rails.push(Block {
                centre: [c[0] + offset[0], c[1], c[2] + offset[1]],
                size: [0.05, 0.05, BRIDGE_M],
                yaw: bridge_yaw,
            });
        }
        for q in 0..4 {
            let a = q as f32 * std::f32::consts::FRAC_PI_2;
            let (s, c) = a.sin_cos();
            rails.push(Block {
                centre: [bx + s * ring, crown_top + RAIL_HEIGHT_M, bz + c * ring],
                size: [2.0 * ring, 0.05, 0.05],
                yaw: a,
            });
        }
        let post_height = top - by;
        let p = along(platform_middle, by + post_height / 2.0 - 0.2);
        rails.push(Block {
            centre: p,
            size: [0.4, post_height, 0.4],
            yaw: bridge_yaw,
        });
        let clear = vec![
            [bx, bz, outer + 0.5],
            {
                let c = along(outer + BRIDGE_M / 2.0, 0.0);
                [c[0], c[2], BRIDGE_M / 2.0 + 0.5]
            },
            [p[0], p[2], PLATFORM_M * 0.75],
        ];
        Climb {
            steps,
            decks,
            rails,
            canopy_platform,
            crown_platform,
            clear,
        }
    }

    /// Whether a trunk of `radius_m` at `(x, z)` would stand in the climb's way.
    pub fn in_the_way(&self, x: f32, z: f32, radius_m: f32) -> bool {
        self.clear.iter().any(|&[cx, cz, r]| {
            let d2 = (x - cx).powi(2) + (z - cz).powi(2);
            d2 < (r + radius_m).powi(2)
        })
    }

    /// Steps and decks as one mesh.
    pub fn walk_mesh(&self) -> MeshData {
        let mut mesh = MeshData::default();
        for block in self.steps.iter().chain(&self.decks) {
            mesh.append(&block.mesh(), &Pose::default());
        }
        mesh
    }

    /// Rails and the post as one mesh.
    pub fn rail_mesh(&self) -> MeshData {
        let mut mesh = MeshData::default();
        for block in &self.rails {
            mesh.append(&block.mesh(), &Pose::default());
        }
        mesh
    }
}

/// How far a base is sunk below the lowest ground under it, metres, so no edge floats.
pub const BASE_SINK_M: f32 = 0.05;

/// Generates a square patch `size_m` across for `seed`.
pub fn generate(seed: u64, size_m: f32) -> Forest {
    let mut ground = Heightfield::flat(129, size_m);
    let mut noise = FastNoiseLite::with_seed(SeededRng::substream(seed, "ground").next_i32());
    noise.set_noise_type(Some(NoiseType::OpenSimplex2));
    noise.set_fractal_type(Some(FractalType::FBm));
    noise.set_fractal_octaves(Some(4));
    noise.set_frequency(Some(0.02));
    for j in 0..ground.samples {
        for i in 0..ground.samples {
            let (x, z) = ground.sample_position(i, j);
            // A gently rolling floor, a few metres of relief across the patch.
            ground.heights[j * ground.samples + i] = 2.5 * noise.get_noise_2d(x, z);
        }
    }
    let variants = variants(seed);
    // The giant the pupils climb stands in the middle, at the top of the emergents' heights.
    let climbed_variant = Layer::Emergent as usize * VARIANTS_PER_LAYER;
    let (low, high) = Layer::Emergent.heights_m();
    let scale = high / low;
    let radius = variants[climbed_variant].trunk_radius_m * scale;
    let base = lowest_ground(&ground, 0.0, 0.0, radius);
    let mut plants = vec![Placed {
        variant: climbed_variant,
        at: [0.0, base - BASE_SINK_M, 0.0],
        yaw: 0.0,
        scale,
        trunk_radius_m: radius,
    }];
    let climb = Climb::round([0.0, base, 0.0], radius);
    let area_ha = size_m * size_m / 10_000.0;
    let half = size_m / 2.0 - 1.0;
    // The tallest first, so the giants get their places and the rest fill in round them.
    for layer in Layer::ALL.into_iter().rev() {
        let mut rng = SeededRng::substream(seed, &format!("place-{layer:?}"));
        let want = (layer.per_hectare() * area_ha).round() as usize;
        let (low, high) = layer.heights_m();
        let mut placed = 0;
        let mut tries = 0;
        while placed < want && tries < want * 40 {
            tries += 1;
            let (x, z) = (rng.range(-half, half), rng.range(-half, half));
            let v =
                layer as usize * VARIANTS_PER_LAYER + rng.next_u64() as usize % VARIANTS_PER_LAYER;
            let scale = rng.range(1.0, high / low);
            let radius = variants[v].trunk_radius_m * scale;
            let crowded = plants.iter().any(|p| {
                let d2 = (p.at[0] - x).powi(2) + (p.at[2] - z).powi(2);
                let same_layer = variants[p.variant].layer == layer;
                let apart = if same_layer {
                    layer.spacing_m()
                } else {
                    p.trunk_radius_m + radius + 0.3
                };
                d2 < apart * apart
            });
            if crowded || climb.in_the_way(x, z, radius) {
                continue;
            }
            let base = lowest_ground(&ground, x, z, radius);
            plants.push(Placed {
                variant: v,
                at: [x, base - BASE_SINK_M, z],
                yaw: rng.range(0.0, std::f32::consts::TAU),
                scale,
                trunk_radius_m: radius,
            });
            placed += 1;
        }
    }
    Forest {
        ground,
        variants,
        plants,
        climb,
    }
}

/// The lowest ground under a trunk's base of `radius` at `(x, z)`, so no side of it floats.
fn lowest_ground(ground: &Heightfield, x: f32, z: f32, radius: f32) -> f32 {
    (0..8)
        .map(|k| {
            let a = k as f32 / 8.0 * std::f32::consts::TAU;
            ground.height_at(x + radius * a.cos(), z + radius * a.sin())
        })
        .fold(ground.height_at(x, z), f32::min)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_same_seed_gives_the_same_forest() {
        let a = generate(2024, 60.0);
        assert_eq!(a, generate(2024, 60.0));
        assert_ne!(a.plants, generate(2025, 60.0).plants);
    }

    #[test]
    fn no_tree_stands_inside_another_or_floats() {
        let forest = generate(2024, 80.0);
        assert!(forest.plants.len() > 500, "{} plants", forest.plants.len());
        for (i, a) in forest.plants.iter().enumerate() {
            for b in &forest.plants[i + 1..] {
                let d = ((a.at[0] - b.at[0]).powi(2) + (a.at[2] - b.at[2]).powi(2)).sqrt();
                assert!(
                    d > a.trunk_radius_m + b.trunk_radius_m,
                    "trunks at {a:?} and {b:?}"
                );
            }
            // Every point round the trunk's base is at or above the base: it does not float.
            for k in 0..16 {
                let t = k as f32 / 16.0 * std::f32::consts::TAU;
                let (x, z) = (
                    a.at[0] + a.trunk_radius_m * 0.999 * t.cos(),
                    a.at[2] + a.trunk_radius_m * 0.999 * t.sin(),
                );
                assert!(forest.ground.height_at(x, z) >= a.at[1], "{a:?} floats");
            }
            // And it is not buried: the base is within half a metre of the ground.
            assert!(
                forest.ground.height_at(a.at[0], a.at[2]) - a.at[1] < 0.5,
                "{a:?} sunk"
            );
        }
    }

    #[test]
    fn every_layer_reaches_its_height_and_is_present() {
        let forest = generate(2024, 80.0);
        for layer in Layer::ALL {
            let (low, high) = layer.heights_m();
            let mut count = 0;
            for p in &forest.plants {
                let v = &forest.variants[p.variant];
                if v.layer != layer {
                    continue;
                }
                count += 1;
                let top = v.plant.top_m() * p.scale;
                assert!(
                    top >= low * 0.99 && top <= high * 1.01,
                    "{layer:?}: {top} m"
                );
            }
            assert!(count > 0, "no {layer:?}");
        }
        for v in &forest.variants {
            assert_eq!(v.plant.branch_mesh(5).validate(), Ok(()));
            assert_eq!(v.plant.leaf_mesh().validate(), Ok(()));
            assert!(!v.plant.leaves.is_empty(), "{:?} has no leaves", v.layer);
        }
    }
}

/// The light model of the forest: sunlight falls off exponentially with the leaf area above
/// a point, I/I₀ = exp(−k · LAI), the Beer–Lambert law for canopies of Monsi & Saeki (1953,
/// *Japanese Journal of Botany* 14: 22–52). The leaf cards stand for clusters of leaves, so
/// their area is scaled to give the whole patch a leaf area index of [`FOREST_LAI`].
pub mod light {
    use super::Forest;

    /// Leaf area per area of ground of the whole forest, m²/m²: lowland tropical rainforests
    /// measure 5–8 (Whitmore 1998).
    pub const FOREST_LAI: f32 = 6.0;
    /// Light extinction coefficient of the leaves: broad-leaved canopies measure 0.5–0.7.
    pub const EXTINCTION_K: f32 = 0.6;
    /// Side of the ground cells leaf area is counted in, metres: about one canopy crown.
    pub const CELL_M: f32 = 10.0;

    /// Leaf area above any point of the forest.
    #[derive(Clone, Debug, PartialEq)]
    pub struct LightModel {
        cells: usize,
        half_m: f32,
        /// Per cell, the heights of its leaves (sorted) and the leaf area index they add.
        leaves: Vec<Vec<(f32, f32)>>,
    }

    impl LightModel {
        /// Counts the leaves of `forest`.
        pub fn new(forest: &Forest) -> Self {
            let half_m = forest.ground.size_m / 2.0;
            let cells = (forest.ground.size_m / CELL_M).ceil() as usize;
            let mut leaves: Vec<Vec<(f32, f32)>> = vec![Vec::new(); cells * cells];
            let mut total = 0.0;
            for p in &forest.plants {
                let (s, c) = p.yaw.sin_cos();
                for leaf in &forest.variants[p.variant].plant.leaves {
                    let [x, y, z] = leaf.at.map(|v| v * p.scale);
                    let (wx, wz) = (p.at[0] + x * c + z * s, p.at[2] - x * s + z * c);
                    let size = leaf.size_m * p.scale;
                    let area = size * size;
                    let i = (((wx + half_m) / CELL_M) as usize).min(cells - 1);
                    let j = (((wz + half_m) / CELL_M) as usize).min(cells - 1);
                    leaves[j * cells + i].push((p.at[1] + y + size / 2.0, area));
                    total += area;
                }
            }
            // Scale so the whole patch has the forest's leaf area index.
            let ground_m2 = forest.ground.size_m * forest.ground.size_m;
            let to_lai = FOREST_LAI * ground_m2 / total.max(f32::EPSILON) / (CELL_M * CELL_M);
            for cell in &mut leaves {
                for leaf in cell.iter_mut() {
                    leaf.1 *= to_lai;
                }
                cell.sort_by(|a, b| a.0.total_cmp(&b.0));
            }
            Self {
                cells,
                half_m,
                leaves,
            }
        }

        /// The leaf area index above the point `(x, y, z)`.
        pub fn lai_above(&self, x: f32, y: f32, z: f32) -> f32 {
            let i = (((x + self.half_m) / CELL_M).max(0.0) as usize).min(self.cells - 1);
            let j = (((z + self.half_m) / CELL_M).max(0.0) as usize).min(self.cells - 1);
            self.leaves[j * self.cells + i]
                .iter()
                .filter(|(h, _)| *h > y)
                .map(|(_, lai)| lai)
                .sum()
        }

        /// The share of open-sky sunlight that reaches `(x, y, z)`, 0–1: what the pupils'
        /// light meter shows.
        pub fn relative_light(&self, x: f32, y: f32, z: f32) -> f32 {
            (-EXTINCTION_K * self.lai_above(x, y, z)).exp()
        }
    }

    #[cfg(test)]
    mod tests {
        use super::*;
        use crate::rainforest::{Layer, generate};

        /// The median light at `height_m` above the ground over a 2 m grid: a typical spot,
        /// not pulled up by the few gaps.
        fn median_light(model: &LightModel, forest: &Forest, height_m: f32) -> f32 {
            let mut all = Vec::new();
            let half = forest.ground.size_m / 2.0 - 3.0;
            let mut x = -half;
            while x < half {
                let mut z = -half;
                while z < half {
                    let ground = forest.ground.height_at(x, z);
                    all.push(model.relative_light(x, ground + height_m, z));
                    z += 2.0;
                }
                x += 2.0;
            }
            all.sort_by(f32::total_cmp);
            all[all.len() / 2]
        }

        #[test]
        fn light_falls_layer_by_layer_to_a_dim_floor() {
            let forest = generate(2024, 80.0);
            let model = LightModel::new(&forest);
            let floor = median_light(&model, &forest, 1.0);
            let understory = median_light(&model, &forest, Layer::Understory.heights_m().1);
            let (low, high) = Layer::Canopy.heights_m();
            let canopy = median_light(&model, &forest, (low + high) / 2.0);
            let above = median_light(&model, &forest, 70.0);
            // Tropical rainforest floors get 0.5–5 % of open-sky light (Chazdon & Fetcher
            // 1984, Journal of Ecology 72: 553–564: 1–2 % in Costa Rican lowland forest).
            assert!(floor > 0.005 && floor < 0.05, "floor {floor}");
            assert!(
                floor < understory && understory < canopy && canopy <= above,
                "{understory} {canopy}"
            );
            assert!((above - 1.0).abs() < 1e-6, "above the emergents {above}");
        }
    }
}
#[cfg(test)]
mod climb_tests {
    use super::*;

    #[test]
    fn the_stair_rises_evenly_round_the_trunk_without_touching_it() {
        let forest = generate(1992, 80.0);
        let tree = &forest.plants[0];
        assert_eq!(forest.variants[tree.variant].layer, Layer::Emergent);
        let steps = &forest.climb.steps;
        for pair in steps.windows(2) {
            let rise = pair[1].top()[1] - pair[0].top()[1];
            assert!((rise - STEP_RISE_M).abs() < 1e-3, "rise {rise}");
        }
        for step in steps {
            // The corner of the step nearest the trunk's axis.
            let mesh = step.mesh();
            let nearest = mesh
                .positions
                .iter()
                .map(|p| ((p[0] - tree.at[0]).powi(2) + (p[2] - tree.at[2]).powi(2)).sqrt())
                .fold(f32::MAX, f32::min);
            assert!(nearest > tree.trunk_radius_m, "{step:?} cuts the trunk");
        }
        let top = steps.last().unwrap().top()[1] - tree.at[1];
        assert!(
            (top - CROWN_PLATFORM_M).abs() < 0.3,
            "the stair ends at {top} m"
        );
    }

    #[test]
    fn the_platforms_stand_in_the_canopy_and_above_it_with_no_trunk_in_the_way() {
        let forest = generate(1992, 80.0);
        let climb = &forest.climb;
        let above_ground = |p: [f32; 3]| p[1] - forest.ground.height_at(p[0], p[2]);
        let (low, high) = Layer::Canopy.heights_m();
        let canopy = above_ground(climb.canopy_platform);
        assert!(
            canopy > low && canopy < high,
            "canopy platform at {canopy} m"
        );
        let crown = above_ground(climb.crown_platform);
        assert!(crown > high, "crown platform at {crown} m");
        // Below the giant's own crown, so its branches do not cross the platform.
        let giant = &forest.plants[0];
        let lowest_leaf = forest.variants[giant.variant]
            .plant
            .leaves
            .iter()
            .map(|l| giant.at[1] + l.at[1] * giant.scale)
            .fold(f32::MAX, f32::min);
        assert!(climb.crown_platform[1] + 1.8 < lowest_leaf, "{lowest_leaf}");
        for plant in &forest.plants[1..] {
            assert!(
                !climb.in_the_way(plant.at[0], plant.at[2], plant.trunk_radius_m),
                "{plant:?} stands in the climb"
            );
        }
        assert_eq!(climb.walk_mesh().validate(), Ok(()));
        assert_eq!(climb.rail_mesh().validate(), Ok(()));
    }
}
