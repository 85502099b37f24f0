//! A Finnish town around 1400, laid out after medieval Turku (Åbo): a market square near the
//! river Aura, a stone church with a west tower beside it, streets of log houses on narrow
//! plots with storehouses behind, a few merchants' houses of stone and timber framing on the
//! square, and a jetty in the river harbour with a cargo boat moored to it.
//!
//! Every building is put together from parts (log courses with corner overhangs, log or board
//! gables, timber framing, turf or board roofs, stepped stone gables), and the parts of many
//! buildings are merged by [`Surface`] so the renderer draws a quarter of the town's log walls
//! in one call. Plots are laid along the streets from a seed; a house that would touch the
//! square, a street, the churchyard, the river or another house is not built.
//!
//! Coordinates: x east, z south, y up, metres; the square's centre is the origin.

use std::collections::BTreeMap;
use std::f32::consts::{FRAC_PI_2, FRAC_PI_4, PI};

use crate::mesh::MeshData;
use crate::parts::{Pose, cuboid, cylinder, frustum, lathe};
use crate::rng::SeededRng;
use crate::terrain::Heightfield;

/// Side of the square patch of land and river the town stands on, metres.
pub const SIZE_M: f32 = 200.0;
/// Height of the river's surface, metres.
pub const WATER_Y_M: f32 = -0.8;
/// Where the town's bank of the river is: the water lies west of it (smaller x), metres.
pub const BANK_X_M: f32 = -44.0;
/// Where the far bank rises out of the river, metres.
pub const FAR_BANK_X_M: f32 = -84.0;
/// How far from the middle of the town houses stand at most, metres: beyond are fields.
const TOWN_HALF_M: f32 = 75.0;
/// Side of the blocks of the town whose houses are merged into one mesh per surface, m.
pub const BLOCK_M: f32 = 50.0;

/// Radius of a wall log: pine logs about 22 cm thick, metres.
pub const LOG_RADIUS_M: f32 = 0.11;
/// Height each course of logs adds to a wall, metres: the logs are notched into each other.
pub const LOG_COURSE_M: f32 = 0.2;
/// How far the logs reach past each other at a corner, metres.
const CORNER_OVERHANG_M: f32 = 0.25;
/// A door's width and height, metres: medieval doors were low, with a high sill.
pub const DOOR_M: (f32, f32) = (0.9, 1.7);
/// Height of the stone sill a house's walls stand on, above the highest ground under it, m.
const FOUNDATION_M: f32 = 0.3;
/// The narrowest gap left between two houses, metres.
pub const HOUSE_GAP_M: f32 = 1.0;
/// Height of a market table's top above the ground, metres.
pub const TABLE_HEIGHT_M: f32 = 0.9;

/// What a part is made of; each is one material, so one draw call per merged group.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Surface {
    /// Weathered pine logs.
    Logs,
    /// Turf on a roof, over birch bark.
    Turf,
    /// Roof boards and shingles.
    Boards,
    /// Doors, shutters and the boat's hull: tarred dark wood.
    DarkWood,
    /// Grey fieldstone and granite.
    Stone,
    /// Limewashed plaster.
    Lime,
    /// Sawn and hewn timber: framing, tables, the jetty.
    Timber,
    /// Woollen and linen cloth: awnings, a furled sail.
    Cloth,
    /// The trodden, cobbled ground of the square.
    Cobbles,
}

/// Meshes by surface: the parts of one or many buildings, merged.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Parts(pub BTreeMap<Surface, MeshData>);

impl Parts {
    /// Adds `part`, placed by `pose`, to the mesh of `surface`.
    pub fn add(&mut self, surface: Surface, part: &MeshData, pose: &Pose) {
        self.0.entry(surface).or_default().append(part, pose);
    }

    /// Adds every part of `other`, placed by `pose`.
    pub fn place(&mut self, other: &Parts, pose: &Pose) {
        for (&surface, mesh) in &other.0 {
            self.add(surface, mesh, pose);
        }
    }

    /// Triangles over all surfaces.
    pub fn triangle_count(&self) -> usize {
        self.0.values().map(MeshData::triangle_count).sum()
    }
}

/// A rectangle on the ground, turned by `yaw` about +Y (the [`Pose`] convention): a house's
/// plan, the square, a street.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Footprint {
    /// Centre, (x, z), metres.
    pub centre: [f32; 2],
    /// Half its size along its own x and z, metres.
    pub half: [f32; 2],
    /// Turn about +Y, radians.
    pub yaw: f32,
}

impl Footprint {
    /// The unturned rectangle from `min` to `max` (x, z).
    pub fn rect(min: [f32; 2], max: [f32; 2]) -> Self {
        Self {
            centre: [(min[0] + max[0]) / 2.0, (min[1] + max[1]) / 2.0],
            half: [(max[0] - min[0]) / 2.0, (max[1] - min[1]) / 2.0],
            yaw: 0.0,
        }
    }

    /// Its own x and z directions on the ground, as world (x, z).
    pub fn axes(&self) -> [[f32; 2]; 2] {
        let (s, c) = self.yaw.sin_cos();
        [[c, -s], [s, c]]
    }

    /// Its four corners, (x, z).
    pub fn corners(&self) -> [[f32; 2]; 4] {
        let [ax, az] = self.axes();
        let [hx, hz] = self.half;
        [(-1.0, -1.0), (1.0, -1.0), (1.0, 1.0), (-1.0, 1.0)].map(|(sx, sz)| {
            [
                self.centre[0] + sx * hx * ax[0] + sz * hz * az[0],
                self.centre[1] + sx * hx * ax[1] + sz * hz * az[1],
            ]
        })
    }

    /// Whether the two rectangles come closer than `gap_m` to each other (separating axes;
    /// for turned rectangles the gap is measured along their sides' directions).
    pub fn overlaps(&self, other: &Footprint, gap_m: f32) -> bool {
        let d = [
            other.centre[0] - self.centre[0],
            other.centre[1] - self.centre[1],
        ];
        let reach = |f: &Footprint, axis: [f32; 2]| {
            let [ax, az] = f.axes();
            f.half[0] * dot(ax, axis).abs() + f.half[1] * dot(az, axis).abs()
        };
        let [a0, a1] = self.axes();
        let [b0, b1] = other.axes();
        [a0, a1, b0, b1]
            .into_iter()
            .all(|axis| dot(d, axis).abs() < reach(self, axis) + reach(other, axis) + gap_m)
    }

    /// Whether `(x, z)` lies inside.
    pub fn contains(&self, [x, z]: [f32; 2]) -> bool {
        let d = [x - self.centre[0], z - self.centre[1]];
        let [ax, az] = self.axes();
        dot(d, ax).abs() <= self.half[0] && dot(d, az).abs() <= self.half[1]
    }

    /// The point `(along, across)` of its own axes, in world (x, z).
    pub fn point(&self, along: f32, across: f32) -> [f32; 2] {
        let [ax, az] = self.axes();
        [
            self.centre[0] + along * ax[0] + across * az[0],
            self.centre[1] + along * ax[1] + across * az[1],
        ]
    }
}

fn dot(a: [f32; 2], b: [f32; 2]) -> f32 {
    a[0] * b[0] + a[1] * b[1]
}

/// What a house's walls are made of.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Walls {
    /// Horizontal pine logs, notched at the corners: almost every house in the town.
    Logs,
    /// A stone ground floor with a timber-framed, limewashed upper floor: a merchant's house.
    StoneAndTimber,
}

/// What covers a house's roof.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Roof {
    /// Turf on birch bark, on a low roof.
    Turf,
    /// Boards, on a steeper roof.
    Boards,
}

/// One house.
#[derive(Clone, Debug, PartialEq)]
pub struct House {
    /// Its plan: the ridge runs along its own x, the door is on its own +z side, which faces
    /// the street.
    pub footprint: Footprint,
    /// The lowest ground under its corners, metres: the foundation reaches down to it.
    pub ground_min_y_m: f32,
    /// Top of the foundation, where the walls start, metres.
    pub base_y_m: f32,
    /// From the foundation to the eaves, metres.
    pub wall_height_m: f32,
    /// The roof's slope, degrees.
    pub roof_pitch_deg: f32,
    /// Wall material.
    pub walls: Walls,
    /// Roof cover.
    pub roof: Roof,
    /// Where the door is along the front, from the middle, metres.
    pub door_offset_m: f32,
}

/// One log of a wall, in the house's own frame (y from the top of the foundation).
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Log {
    /// One end's centre, metres.
    pub from: [f32; 3],
    /// The other end's centre, metres.
    pub to: [f32; 3],
}

impl House {
    /// Height of the ridge above the foundation, metres.
    pub fn ridge_height_m(&self) -> f32 {
        self.wall_height_m + self.footprint.half[1] * self.roof_pitch_deg.to_radians().tan()
    }

    /// The house's frame in the world: origin on the foundation under its centre.
    pub fn pose(&self) -> Pose {
        let [x, z] = self.footprint.centre;
        Pose::at([x, self.base_y_m, z]).yawed(self.footprint.yaw)
    }

    /// Where the front window is along the front, metres from the middle.
    fn window_offset_m(&self) -> f32 {
        let hx = self.footprint.half[0];
        let side = if self.door_offset_m < 0.0 { 1.0 } else { -1.0 };
        (self.door_offset_m + side * 1.6).clamp(-hx + 0.6, hx - 0.6)
    }

    /// The openings in the front wall: (from x, to x, from y, to y) in the house's frame.
    fn openings(&self) -> Vec<[f32; 4]> {
        let (w, h) = DOOR_M;
        let door = self.door_offset_m;
        let window = self.window_offset_m();
        vec![
            [door - w / 2.0, door + w / 2.0, 0.0, h],
            [window - 0.3, window + 0.3, 1.0, 1.45],
        ]
    }

    /// Every log of a log house's walls and gables; empty for other walls.
    pub fn logs(&self) -> Vec<Log> {
        if self.walls != Walls::Logs {
            return Vec::new();
        }
        let [hx, hz] = self.footprint.half;
        let o = CORNER_OVERHANG_M;
        let courses = ((self.wall_height_m - 2.0 * LOG_RADIUS_M) / LOG_COURSE_M) as usize + 1;
        let openings = self.openings();
        let mut logs = Vec::new();
        for course in 0..courses {
            // The long walls' logs lie half a course below the short walls', as notched
            // corners interleave them.
            let y = LOG_RADIUS_M + course as f32 * LOG_COURSE_M;
            let holes: Vec<(f32, f32)> = openings
                .iter()
                .filter(|[_, _, y0, y1]| y + LOG_RADIUS_M > *y0 && y - LOG_RADIUS_M < *y1)
                .map(|&[x0, x1, _, _]| (x0, x1))
                .collect();
            for (x0, x1) in spans(-hx - o, hx + o, &holes) {
                logs.push(Log {
                    from: [x0, y, hz],
                    to: [x1, y, hz],
                });
            }
            logs.push(Log {
                from: [-hx - o, y, -hz],
                to: [hx + o, y, -hz],
            });
            let y = y + LOG_COURSE_M / 2.0;
            for x in [-hx, hx] {
                logs.push(Log {
                    from: [x, y, -hz - o],
                    to: [x, y, hz + o],
                });
            }
        }
        // Log gables: shorter logs up the triangle under the roof.
        if self.roof == Roof::Turf {
            let rise = self.ridge_height_m() - self.wall_height_m;
            let mut t = LOG_COURSE_M;
            while t < rise {
                let half_span = hz * (1.0 - t / rise);
                if half_span < 0.25 {
                    break;
                }
                let y = self.wall_height_m - LOG_RADIUS_M + t;
                for x in [-hx, hx] {
                    logs.push(Log {
                        from: [x, y, -half_span],
                        to: [x, y, half_span],
                    });
                }
                t += LOG_COURSE_M;
            }
        }
        logs
    }

    /// The house's parts in its own frame.
    pub fn parts(&self) -> Parts {
        let mut parts = Parts::default();
        let [hx, hz] = self.footprint.half;
        // The foundation reaches from below the lowest ground to the sill.
        let depth = self.base_y_m - self.ground_min_y_m + 0.2;
        parts.add(
            Surface::Stone,
            &cuboid([2.0 * hx + 0.2, depth, 2.0 * hz + 0.2]),
            &Pose::at([0.0, -depth / 2.0, 0.0]),
        );
        match self.walls {
            Walls::Logs => {
                for log in self.logs() {
                    parts.add(Surface::Logs, &log_mesh(&log), &log_pose(&log));
                }
                if self.roof == Roof::Boards {
                    let rise = self.ridge_height_m() - self.wall_height_m;
                    for x in [-hx, hx] {
                        parts.add(
                            Surface::Boards,
                            &gable(2.0 * hz, rise, 0.08),
                            &Pose::at([x, self.wall_height_m - 0.05, 0.0]),
                        );
                    }
                }
            }
            Walls::StoneAndTimber => self.stone_and_timber(&mut parts),
        }
        // The door and the window's shutter, in their openings.
        let (w, h) = DOOR_M;
        let front = if self.walls == Walls::Logs {
            hz
        } else {
            hz + 0.02
        };
        parts.add(
            Surface::DarkWood,
            &cuboid([w, h, 0.1]),
            &Pose::at([self.door_offset_m, h / 2.0, front]),
        );
        let window_y = if self.walls == Walls::Logs {
            1.22
        } else {
            self.wall_height_m * 0.75
        };
        parts.add(
            Surface::DarkWood,
            &cuboid([0.6, 0.45, 0.1]),
            &Pose::at([self.window_offset_m(), window_y, front]),
        );
        self.roof_parts(&mut parts);
        parts
    }

    /// A stone ground floor and a timber-framed upper floor with limewashed infill.
    fn stone_and_timber(&self, parts: &mut Parts) {
        let [hx, hz] = self.footprint.half;
        let ground_floor = self.wall_height_m * 0.5;
        let upper = self.wall_height_m - ground_floor;
        parts.add(
            Surface::Stone,
            &cuboid([2.0 * hx, ground_floor, 2.0 * hz]),
            &Pose::at([0.0, ground_floor / 2.0, 0.0]),
        );
        parts.add(
            Surface::Lime,
            &cuboid([2.0 * hx, upper, 2.0 * hz]),
            &Pose::at([0.0, ground_floor + upper / 2.0, 0.0]),
        );
        const BEAM_M: f32 = 0.18;
        const PROUD_M: f32 = 0.04;
        // Sill and wall plate round all four sides.
        for y in [
            ground_floor + BEAM_M / 2.0,
            self.wall_height_m - BEAM_M / 2.0,
        ] {
            for z in [-hz, hz] {
                parts.add(
                    Surface::Timber,
                    &cuboid([2.0 * hx + 2.0 * PROUD_M, BEAM_M, BEAM_M]),
                    &Pose::at([0.0, y, z.signum() * (hz + PROUD_M)]),
                );
            }
            for x in [-hx, hx] {
                parts.add(
                    Surface::Timber,
                    &cuboid([BEAM_M, BEAM_M, 2.0 * hz + 2.0 * PROUD_M]),
                    &Pose::at([x.signum() * (hx + PROUD_M), y, 0.0]),
                );
            }
        }
        // Posts about every 1.2 m, and a brace across each end bay of the long walls.
        let post_y = ground_floor + upper / 2.0;
        let bays = ((2.0 * hx) / 1.2).round().max(2.0) as usize;
        let bay = 2.0 * hx / bays as f32;
        for z in [-hz, hz] {
            let face = z.signum() * (hz + PROUD_M);
            for k in 0..=bays {
                let x = -hx + k as f32 * bay;
                parts.add(
                    Surface::Timber,
                    &cuboid([BEAM_M, upper, BEAM_M]),
                    &Pose::at([x, post_y, face]),
                );
            }
            let brace = (bay * bay + upper * upper).sqrt();
            let lean = (bay / upper).atan();
            for (x, sign) in [(-hx + bay / 2.0, -1.0), (hx - bay / 2.0, 1.0)] {
                parts.add(
                    Surface::Timber,
                    &cuboid([BEAM_M * 0.8, brace, BEAM_M * 0.8]),
                    &Pose::at([x, post_y, face]).rolled(sign * lean),
                );
            }
        }
        let end_bays = ((2.0 * hz) / 1.2).round().max(2.0) as usize;
        let end_bay = 2.0 * hz / end_bays as f32;
        for x in [-hx, hx] {
            for k in 0..=end_bays {
                let z = -hz + k as f32 * end_bay;
                parts.add(
                    Surface::Timber,
                    &cuboid([BEAM_M, upper, BEAM_M]),
                    &Pose::at([x.signum() * (hx + PROUD_M), post_y, z]),
                );
            }
        }
        // Limewashed gables with a king post.
        let rise = self.ridge_height_m() - self.wall_height_m;
        for x in [-hx, hx] {
            parts.add(
                Surface::Lime,
                &gable(2.0 * hz, rise, 0.2),
                &Pose::at([x, self.wall_height_m, 0.0]),
            );
            parts.add(
                Surface::Timber,
                &cuboid([BEAM_M, rise, BEAM_M]),
                &Pose::at([
                    x.signum() * (hx + PROUD_M),
                    self.wall_height_m + rise / 2.0,
                    0.0,
                ]),
            );
        }
    }

    /// Two roof slabs from the ridge past the eaves, and a ridge log on turf.
    fn roof_parts(&self, parts: &mut Parts) {
        let [hx, hz] = self.footprint.half;
        let pitch = self.roof_pitch_deg.to_radians();
        let (surface, thickness) = match self.roof {
            Roof::Turf => (Surface::Turf, 0.28),
            Roof::Boards => (Surface::Boards, 0.1),
        };
        let width = 2.0 * (hx + CORNER_OVERHANG_M + 0.3);
        let ridge = self.ridge_height_m();
        gable_roof(
            parts,
            (surface, thickness),
            [0.0, ridge, 0.0],
            [width, hz + 0.45],
            pitch,
        );
        if self.roof == Roof::Turf {
            let log = Log {
                from: [-width / 2.0, ridge + thickness, 0.0],
                to: [width / 2.0, ridge + thickness, 0.0],
            };
            parts.add(Surface::Logs, &log_mesh(&log), &log_pose(&log));
        }
    }
}

/// Two roof slabs of `surface`, `thickness_m` thick, sloping at `pitch` (radians) down to
/// either side of a ridge along x at `ridge` (their undersides meet there): each `width_m`
/// long along the ridge and reaching `run_m` out from it, measured level.
fn gable_roof(
    parts: &mut Parts,
    (surface, thickness_m): (Surface, f32),
    ridge: [f32; 3],
    [width_m, run_m]: [f32; 2],
    pitch: f32,
) {
    let mid = run_m / 2.0;
    for side in [-1.0f32, 1.0] {
        let normal = [0.0, pitch.cos(), side * pitch.sin()];
        parts.add(
            surface,
            &cuboid([width_m, thickness_m, run_m / pitch.cos()]),
            &Pose::at([
                ridge[0],
                ridge[1] - mid * pitch.tan() + normal[1] * thickness_m / 2.0,
                ridge[2] + side * mid + normal[2] * thickness_m / 2.0,
            ])
            .pitched(side * pitch),
        );
    }
}

/// The pieces of `from..to` left between `holes` (each `(from, to)`), longer than 5 cm.
fn spans(from: f32, to: f32, holes: &[(f32, f32)]) -> Vec<(f32, f32)> {
    let mut holes = holes.to_vec();
    holes.sort_by(|a, b| a.0.total_cmp(&b.0));
    let mut out = Vec::new();
    let mut start = from;
    for (h0, h1) in holes {
        if h0 > start {
            out.push((start, h0.min(to)));
        }
        start = start.max(h1);
    }
    if to > start {
        out.push((start, to));
    }
    out.retain(|(a, b)| b - a > 0.05);
    out
}

/// A log's mesh: a five-sided cylinder along +Y, as long as the log.
fn log_mesh(log: &Log) -> MeshData {
    let d: [f32; 3] = std::array::from_fn(|a| log.to[a] - log.from[a]);
    let length = (d[0] * d[0] + d[1] * d[1] + d[2] * d[2]).sqrt();
    cylinder(LOG_RADIUS_M, length, 5)
}

/// Lays a log's mesh between its ends (logs lie along x or z).
fn log_pose(log: &Log) -> Pose {
    let centre = std::array::from_fn(|a| (log.from[a] + log.to[a]) / 2.0);
    if (log.to[0] - log.from[0]).abs() > (log.to[2] - log.from[2]).abs() {
        Pose::at(centre).rolled(FRAC_PI_2)
    } else {
        Pose::at(centre).pitched(FRAC_PI_2)
    }
}

/// A gable: a triangle `span_m` wide across z and `rise_m` high, `thickness_m` thick along x,
/// its base centred on the origin. Flat faces.
pub fn gable(span_m: f32, rise_m: f32, thickness_m: f32) -> MeshData {
    let (h, t) = (span_m / 2.0, thickness_m / 2.0);
    let mut mesh = MeshData::default();
    let mut face = |corners: &[[f32; 3]], normal: [f32; 3]| {
        let base = mesh.positions.len() as u32;
        for &p in corners {
            mesh.positions.push(p);
            mesh.normals.push(normal);
            mesh.uvs.push([p[2] + p[0], p[1]]);
        }
        for k in 1..corners.len() as u32 - 1 {
            mesh.indices
                .extend_from_slice(&[base, base + k, base + k + 1]);
        }
    };
    let slope = (rise_m * rise_m + h * h).sqrt();
    let (ny, nz) = (h / slope, rise_m / slope);
    face(
        &[[t, 0.0, h], [t, 0.0, -h], [t, rise_m, 0.0]],
        [1.0, 0.0, 0.0],
    );
    face(
        &[[-t, 0.0, -h], [-t, 0.0, h], [-t, rise_m, 0.0]],
        [-1.0, 0.0, 0.0],
    );
    face(
        &[
            [-t, 0.0, h],
            [t, 0.0, h],
            [t, rise_m, 0.0],
            [-t, rise_m, 0.0],
        ],
        [0.0, ny, nz],
    );
    face(
        &[
            [t, 0.0, -h],
            [-t, 0.0, -h],
            [-t, rise_m, 0.0],
            [t, rise_m, 0.0],
        ],
        [0.0, ny, -nz],
    );
    face(
        &[[-t, 0.0, -h], [t, 0.0, -h], [t, 0.0, h], [-t, 0.0, h]],
        [0.0, -1.0, 0.0],
    );
    mesh
}

/// The stone church: a nave with buttresses and stepped gables, a west tower with an open
/// belfry and a spire, and a sacristy on the north side.
#[derive(Clone, Debug, PartialEq)]
pub struct Church {
    /// The nave's plan (its length along x, the altar at the east end).
    pub nave: Footprint,
    /// The tower's plan, at the nave's west end.
    pub tower: Footprint,
    /// The sacristy's plan, on the nave's north side.
    pub sacristy: Footprint,
    /// Where its walls start: the highest ground under it, metres.
    pub base_y_m: f32,
    /// The nave's walls, from the base to the eaves, metres.
    pub wall_height_m: f32,
    /// The top of the tower's shaft: the belfry's floor, metres above the base.
    pub belfry_floor_m: f32,
    /// The top of the spire, metres above the base.
    pub spire_top_m: f32,
}

/// The nave's roof slope, degrees: steep, as on Finland's medieval stone churches.
const CHURCH_ROOF_PITCH_DEG: f32 = 50.0;
/// Height of the belfry's open arches, metres.
const BELFRY_M: f32 = 5.0;

impl Church {
    /// The ridge of the nave's roof, metres above the base.
    pub fn ridge_height_m(&self) -> f32 {
        self.wall_height_m + self.nave.half[1] * CHURCH_ROOF_PITCH_DEG.to_radians().tan()
    }

    /// The church's parts, in world coordinates.
    pub fn parts(&self) -> Parts {
        let mut parts = Parts::default();
        let base = self.base_y_m;
        let [nx, nz] = self.nave.centre;
        let [hx, hz] = self.nave.half;
        let h = self.wall_height_m;
        // Walls, down into the ground.
        let sunk = 1.5;
        parts.add(
            Surface::Stone,
            &cuboid([2.0 * hx, h + sunk, 2.0 * hz]),
            &Pose::at([nx, base + (h - sunk) / 2.0, nz]),
        );
        // Buttresses and tall windows between them on the long walls.
        for side in [-1.0f32, 1.0] {
            for k in 0..4 {
                let x = nx - hx + 2.0 + k as f32 * (2.0 * hx - 4.0) / 3.0;
                parts.add(
                    Surface::Stone,
                    &cuboid([1.4, 5.5 + sunk, 1.6]),
                    &Pose::at([x, base + (5.5 - sunk) / 2.0, nz + side * (hz + 0.8)]),
                );
                if k < 3 {
                    let wx = x + (2.0 * hx - 4.0) / 6.0;
                    parts.add(
                        Surface::DarkWood,
                        &cuboid([1.1, 3.4, 0.1]),
                        &Pose::at([wx, base + 4.6, nz + side * (hz + 0.03)]),
                    );
                    parts.add(
                        Surface::Lime,
                        &cuboid([1.5, 0.25, 0.12]),
                        &Pose::at([wx, base + 6.4, nz + side * (hz + 0.04)]),
                    );
                }
            }
        }
        // A steep roof of boards.
        let pitch = CHURCH_ROOF_PITCH_DEG.to_radians();
        let ridge = self.ridge_height_m();
        gable_roof(
            &mut parts,
            (Surface::Boards, 0.15),
            [nx, base + ridge, nz],
            [2.0 * hx + 0.6, hz + 0.5],
            pitch,
        );
        // The east gable: stepped, standing proud of the roof, with limewashed blind niches.
        const STEPS: usize = 6;
        let rise = ridge - h;
        for k in 0..STEPS {
            let share = 1.0 - k as f32 / STEPS as f32;
            let width = 2.0 * hz * share + 0.6;
            let step = rise / STEPS as f32 + 0.35;
            let y = base + h + k as f32 * rise / STEPS as f32 + step / 2.0;
            parts.add(
                Surface::Stone,
                &cuboid([1.0, step, width]),
                &Pose::at([nx + hx - 0.5, y, nz]),
            );
        }
        for k in -2i32..=2 {
            let niche = 2.0 * rise / 3.0 * (1.0 - k.unsigned_abs() as f32 / 3.0);
            parts.add(
                Surface::Lime,
                &cuboid([0.1, niche, 1.0]),
                &Pose::at([
                    nx + hx + 0.03,
                    base + h + 0.5 + niche / 2.0,
                    nz + k as f32 * 1.7,
                ]),
            );
        }
        // The tower: a shaft, an open belfry on four corner piers, a spire.
        let [tx, tz] = self.tower.centre;
        let [thx, thz] = self.tower.half;
        let floor = self.belfry_floor_m;
        parts.add(
            Surface::Stone,
            &cuboid([2.0 * thx, floor + sunk, 2.0 * thz]),
            &Pose::at([tx, base + (floor - sunk) / 2.0, tz]),
        );
        for (sx, sz) in [(-1.0, -1.0), (1.0, -1.0), (1.0, 1.0), (-1.0, 1.0)] {
            parts.add(
                Surface::Stone,
                &cuboid([1.6, BELFRY_M, 1.6]),
                &Pose::at([
                    tx + sx * (thx - 0.8),
                    base + floor + BELFRY_M / 2.0,
                    tz + sz * (thz - 0.8),
                ]),
            );
        }
        parts.add(
            Surface::Stone,
            &cuboid([2.0 * thx, 0.8, 2.0 * thz]),
            &Pose::at([tx, base + floor + BELFRY_M + 0.4, tz]),
        );
        let spire = self.spire_top_m - floor - BELFRY_M - 0.8;
        parts.add(
            Surface::Boards,
            &frustum(thx * std::f32::consts::SQRT_2, 0.05, spire, 4),
            &Pose::at([tx, base + self.spire_top_m - spire / 2.0, tz]).yawed(FRAC_PI_4),
        );
        // The west door, facing the square, and the bell.
        parts.add(
            Surface::DarkWood,
            &cuboid([0.1, 3.0, 1.8]),
            &Pose::at([tx - thx - 0.03, base + 1.5, tz]),
        );
        parts.add(
            Surface::DarkWood,
            &frustum(0.7, 0.35, 1.0, 10),
            &Pose::at([tx, base + floor + 2.6, tz]),
        );
        // The sacristy: a low stone room with a lean-to roof.
        let [sx, sz] = self.sacristy.centre;
        let [shx, shz] = self.sacristy.half;
        parts.add(
            Surface::Stone,
            &cuboid([2.0 * shx, 4.5 + sunk, 2.0 * shz]),
            &Pose::at([sx, base + (4.5 - sunk) / 2.0, sz]),
        );
        let lean = 0.45f32;
        parts.add(
            Surface::Boards,
            &cuboid([2.0 * shx + 0.4, 0.12, (2.0 * shz + 0.5) / lean.cos()]),
            &Pose::at([sx, base + 4.5 + shz * lean.tan(), sz]).pitched(-lean),
        );
        parts
    }
}

/// A market stall: a trestle table under a cloth awning.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Stall {
    /// Its plan; the seller stands on its own -z side, buyers on +z.
    pub footprint: Footprint,
    /// Height of the table's top, metres.
    pub table_top_y_m: f32,
}

/// The market square and what stands on it.
#[derive(Clone, Debug, PartialEq)]
pub struct Market {
    /// The open square.
    pub square: Footprint,
    /// The stalls.
    pub stalls: Vec<Stall>,
    /// Where the well stands, (x, z).
    pub well: [f32; 2],
    /// Where the pillory stands, (x, z).
    pub pillory: [f32; 2],
}

/// Where a thing to pick up lies on the goods stall's table, world metres: on the table's
/// top, at `along` metres from the table's middle.
pub fn on_table(stall: &Stall, along: f32) -> [f32; 3] {
    let [x, z] = stall.footprint.point(along, 0.0);
    [x, stall.table_top_y_m, z]
}

/// The river harbour: a jetty on piles and a cargo boat moored beside it.
#[derive(Clone, Debug, PartialEq)]
pub struct Harbour {
    /// The jetty's deck.
    pub jetty: Footprint,
    /// Height of the deck's top, metres.
    pub deck_y_m: f32,
    /// The boat's hull at its widest, along its own x.
    pub boat: Footprint,
    /// Height of the boat's keel, metres.
    pub keel_y_m: f32,
    /// Height of the boat's gunwale amidships, metres.
    pub gunwale_y_m: f32,
}

/// The whole town.
#[derive(Clone, Debug, PartialEq)]
pub struct Town {
    /// The ground and the river's bed.
    pub ground: Heightfield,
    /// The streets, as rectangles.
    pub streets: Vec<Footprint>,
    /// The churchyard, where no house stands.
    pub churchyard: Footprint,
    /// The church.
    pub church: Church,
    /// The square and its stalls.
    pub market: Market,
    /// The harbour.
    pub harbour: Harbour,
    /// Every house and storehouse.
    pub houses: Vec<House>,
}

/// The ground's height at `(x, z)`: a gentle rise eastwards from the river bank, the river's
/// bed, the far bank, and small unevenness.
pub fn ground_height(x: f32, z: f32) -> f32 {
    let bumps = 0.08 * ((0.13 * x + 1.3).sin() * (0.11 * z).sin())
        + 0.05 * ((0.31 * z + 0.7).sin() * (0.27 * x).cos());
    let town = 0.012 * (x - BANK_X_M);
    let bed = -3.0;
    let far = 0.4;
    let smooth = |a: f32, b: f32, v: f32| {
        let t = ((v - a) / (b - a)).clamp(0.0, 1.0);
        t * t * (3.0 - 2.0 * t)
    };
    if x >= BANK_X_M {
        town + bumps
    } else if x >= FAR_BANK_X_M {
        let into_river = smooth(BANK_X_M, BANK_X_M - 6.0, x);
        let out_far = smooth(FAR_BANK_X_M + 6.0, FAR_BANK_X_M, x);
        bed + (0.0 - bed) * (1.0 - into_river) + (far - bed) * out_far
    } else {
        far + bumps
    }
}

/// Which side of the square or street a row of plots lies on.
struct Frontage {
    /// Where the row starts, (x, z), on the street's edge.
    start: [f32; 2],
    /// The unit direction along the street.
    along: [f32; 2],
    /// How long the row is, metres.
    length_m: f32,
    /// The unit direction from the street into the plots.
    into: [f32; 2],
    /// Whether the plots are merchants' (on the square and the street to the harbour): wider,
    /// deeper, two storeys.
    merchants: bool,
}

fn frontages(square: &Footprint) -> Vec<Frontage> {
    let [sx, sz] = square.half;
    let f = |start, along, length_m, into, merchants| Frontage {
        start,
        along,
        length_m,
        into,
        merchants,
    };
    let n = [0.0, -1.0];
    let s = [0.0, 1.0];
    let e = [1.0, 0.0];
    let w = [-1.0, 0.0];
    vec![
        // Round the square.
        f([-sx, -sz], e, 2.0 * sx, n, true),
        f([-sx, sz], e, 2.0 * sx, s, true),
        f([-sx, -sz], s, 2.0 * sz, w, true),
        // The street north and south from the square.
        f([-3.0, -sz - 1.0], n, 60.0, w, false),
        f([3.0, -sz - 1.0], n, 60.0, e, false),
        f([-3.0, sz + 1.0], s, 60.0, w, false),
        f([3.0, sz + 1.0], s, 60.0, e, false),
        // The street west to the harbour.
        f([-sx - 1.0, -3.0], w, 24.0, n, true),
        f([-sx - 1.0, 3.0], w, 24.0, s, true),
        // The cross streets.
        f([-38.0, -50.0], e, 112.0, n, false),
        f([-38.0, -45.0], e, 112.0, s, false),
        f([-38.0, 45.0], e, 112.0, n, false),
        f([-38.0, 50.0], e, 112.0, s, false),
        // Along the river lane.
        f([-40.0, -74.0], s, 148.0, e, false),
    ]
}

/// Builds the town from `seed`.
pub fn generate(seed: u64) -> Town {
    let mut ground = Heightfield::flat(101, SIZE_M);
    for j in 0..ground.samples {
        for i in 0..ground.samples {
            let (x, z) = ground.sample_position(i, j);
            ground.heights[j * ground.samples + i] = ground_height(x, z);
        }
    }
    let square = Footprint::rect([-18.0, -14.0], [18.0, 14.0]);
    let streets = vec![
        Footprint::rect([-3.0, -100.0], [3.0, -14.0]),
        Footprint::rect([-3.0, 14.0], [3.0, 100.0]),
        Footprint::rect([BANK_X_M, -3.0], [-18.0, 3.0]),
        Footprint::rect([BANK_X_M, -50.0], [100.0, -45.0]),
        Footprint::rect([BANK_X_M, 45.0], [100.0, 50.0]),
        Footprint::rect([BANK_X_M, -100.0], [-40.0, 100.0]),
    ];
    let church = {
        let nave = Footprint::rect([30.0, -7.5], [60.0, 7.5]);
        let tower = Footprint::rect([21.0, -4.5], [30.0, 4.5]);
        let sacristy = Footprint::rect([40.0, -12.5], [48.0, -7.5]);
        let base_y_m = [nave, tower, sacristy]
            .iter()
            .flat_map(|f| f.corners())
            .map(|[x, z]| ground.height_at(x, z))
            .fold(f32::MIN, f32::max);
        Church {
            nave,
            tower,
            sacristy,
            base_y_m,
            wall_height_m: 8.5,
            belfry_floor_m: 20.0,
            spire_top_m: 40.0,
        }
    };
    let churchyard = Footprint::rect([19.0, -20.0], [66.0, 20.0]);

    let mut rng = SeededRng::substream(seed, "town plots");
    let mut houses: Vec<House> = Vec::new();
    let blocked = |f: &Footprint, houses: &[House]| {
        f.corners()
            .iter()
            .any(|&[x, z]| x.abs() > TOWN_HALF_M || z.abs() > TOWN_HALF_M || x < BANK_X_M + 4.0)
            || f.overlaps(&square, 0.1)
            || streets.iter().any(|s| f.overlaps(s, 0.1))
            || f.overlaps(&churchyard, 0.1)
            || houses.iter().any(|h| f.overlaps(&h.footprint, HOUSE_GAP_M))
    };
    // A house on `footprint`, its foundation reaching from the lowest ground under it to above
    // the highest.
    let build = |footprint: Footprint, (walls, roof): (Walls, Roof), wall_m, pitch_deg, door_m| {
        let heights: Vec<f32> = footprint
            .corners()
            .iter()
            .chain(std::iter::once(&footprint.centre))
            .map(|&[x, z]| ground.height_at(x, z))
            .collect();
        House {
            footprint,
            ground_min_y_m: heights.iter().copied().fold(f32::MAX, f32::min),
            base_y_m: heights.iter().copied().fold(f32::MIN, f32::max) + FOUNDATION_M,
            wall_height_m: wall_m,
            roof_pitch_deg: pitch_deg,
            walls,
            roof,
            door_offset_m: door_m,
        }
    };
    let mut front_houses = Vec::new();
    for row in frontages(&square) {
        let yaw = (-row.into[0]).atan2(-row.into[1]);
        let mut s = rng.range(0.5, 2.0);
        loop {
            let (width, depth) = if row.merchants {
                (rng.range(6.0, 8.5), rng.range(7.0, 9.0))
            } else {
                (rng.range(5.0, 8.0), rng.range(5.0, 7.0))
            };
            if s + width > row.length_m {
                break;
            }
            let setback = rng.range(0.2, 0.8);
            let reach = s + width / 2.0;
            let out = setback + depth / 2.0;
            let footprint = Footprint {
                centre: [
                    row.start[0] + row.along[0] * reach + row.into[0] * out,
                    row.start[1] + row.along[1] * reach + row.into[1] * out,
                ],
                half: [width / 2.0, depth / 2.0],
                yaw,
            };
            let garden = rng.next_f32() < 0.08;
            let merchant = row.merchants && rng.next_f32() < 0.6;
            let turf = rng.next_f32() < 0.6;
            let door = rng.range(-0.25, 0.25) * width;
            let wall = if row.merchants {
                rng.range(4.2, 5.6)
            } else {
                rng.range(2.6, 3.2)
            };
            if !garden && !blocked(&footprint, &houses) {
                let (walls, roof, pitch) = if merchant {
                    (Walls::StoneAndTimber, Roof::Boards, 45.0)
                } else if turf {
                    (Walls::Logs, Roof::Turf, rng.range(22.0, 28.0))
                } else {
                    (Walls::Logs, Roof::Boards, rng.range(32.0, 40.0))
                };
                houses.push(build(footprint, (walls, roof), wall, pitch, door));
                front_houses.push((houses.len() - 1, row.into, row.along));
            }
            s += width + rng.range(1.2, 3.0);
        }
    }
    // Storehouses and saunas in the yards behind.
    for (index, into, along) in front_houses {
        let house = houses[index].clone();
        if rng.next_f32() > 0.65 {
            continue;
        }
        let (width, depth) = (rng.range(3.0, 4.5), rng.range(3.0, 4.0));
        let back = house.footprint.half[1] + rng.range(2.0, 4.0) + depth / 2.0;
        let side = rng.range(-1.0, 1.0);
        let footprint = Footprint {
            centre: [
                house.footprint.centre[0] + into[0] * back + along[0] * side,
                house.footprint.centre[1] + into[1] * back + along[1] * side,
            ],
            half: [width / 2.0, depth / 2.0],
            yaw: house.footprint.yaw,
        };
        let turf = rng.next_f32() < 0.7;
        let wall = rng.range(2.1, 2.5);
        let pitch = if turf {
            rng.range(22.0, 28.0)
        } else {
            rng.range(32.0, 40.0)
        };
        let door = rng.range(-0.15, 0.15) * width;
        if blocked(&footprint, &houses) {
            continue;
        }
        let roof = if turf { Roof::Turf } else { Roof::Boards };
        houses.push(build(footprint, (Walls::Logs, roof), wall, pitch, door));
    }

    let table_y = |f: &Footprint| {
        let [x, z] = f.centre;
        ground.height_at(x, z) + TABLE_HEIGHT_M
    };
    let stalls = [
        (-11.0, 7.0, PI),
        (-3.5, 7.0, PI),
        (4.0, 7.0, PI),
        (-11.0, -7.0, 0.0),
        (-3.5, -7.0, 0.0),
        (4.0, -7.0, 0.0),
    ]
    .into_iter()
    .map(|(x, z, yaw)| {
        let footprint = Footprint {
            centre: [x, z],
            half: [1.2, 0.45],
            yaw,
        };
        Stall {
            footprint,
            table_top_y_m: table_y(&footprint),
        }
    })
    .collect();
    let market = Market {
        square,
        stalls,
        well: [11.0, 8.0],
        pillory: [10.0, -9.0],
    };

    let deck_y_m = 0.35;
    let harbour = Harbour {
        jetty: Footprint::rect([BANK_X_M - 18.0, -1.5], [BANK_X_M + 1.0, 1.5]),
        deck_y_m,
        boat: Footprint {
            centre: [BANK_X_M - 11.0, 4.0],
            half: [6.0, 1.8],
            yaw: 0.0,
        },
        keel_y_m: WATER_Y_M - 0.7,
        gunwale_y_m: WATER_Y_M + 0.8,
    };

    Town {
        ground,
        streets,
        churchyard,
        church,
        market,
        harbour,
        houses,
    }
}

impl Town {
    /// Which block of the town ([`BLOCK_M`] square, counted from the north-west corner of the
    /// patch, row by row) a house stands in.
    pub fn block(house: &House) -> (usize, usize) {
        let [x, z] = house.footprint.centre;
        let cell = |v: f32| ((v + SIZE_M / 2.0) / BLOCK_M).floor() as usize;
        (cell(x), cell(z))
    }

    /// Every house's parts, merged per block of the town, with each block's corner (x, z).
    pub fn house_parts(&self) -> Vec<((usize, usize), Parts)> {
        let mut blocks: BTreeMap<(usize, usize), Parts> = BTreeMap::new();
        for house in &self.houses {
            blocks
                .entry(Self::block(house))
                .or_default()
                .place(&house.parts(), &house.pose());
        }
        blocks.into_iter().collect()
    }

    /// The square's cobbles and what stands on the square, in world coordinates.
    pub fn market_parts(&self) -> Parts {
        let mut parts = Parts::default();
        let g = &self.ground;
        let index = |v: f32| ((v + SIZE_M / 2.0) / g.spacing()).round() as usize;
        let [min_x, min_z] = self
            .market
            .square
            .point(-self.market.square.half[0], -self.market.square.half[1]);
        let [max_x, max_z] = self
            .market
            .square
            .point(self.market.square.half[0], self.market.square.half[1]);
        parts.add(
            Surface::Cobbles,
            &g.tile_mesh(
                (index(min_x), index(min_z)),
                (index(max_x), index(max_z)),
                1.0,
            ),
            &Pose::at([0.0, 0.03, 0.0]),
        );
        for stall in &self.market.stalls {
            let [x, z] = stall.footprint.centre;
            let ground = g.height_at(x, z);
            let top = stall.table_top_y_m;
            let mut local = Parts::default();
            local.add(
                Surface::Timber,
                &cuboid([2.4, 0.06, 0.9]),
                &Pose::at([0.0, top - ground - 0.03, 0.0]),
            );
            for (sx, sz) in [(-1.0, -1.0), (1.0, -1.0), (1.0, 1.0), (-1.0, 1.0)] {
                local.add(
                    Surface::Timber,
                    &cuboid([0.08, top - ground, 0.08]),
                    &Pose::at([sx * 1.05, (top - ground) / 2.0 - 0.03, sz * 0.35]),
                );
                // Awning poles, taller at the back.
                let pole = if sz < 0.0 { 2.5 } else { 2.2 };
                local.add(
                    Surface::Timber,
                    &cylinder(0.04, pole, 6),
                    &Pose::at([sx * 1.35, pole / 2.0, sz * 0.8]),
                );
            }
            let tilt = (0.3f32 / 1.6).atan();
            local.add(
                Surface::Cloth,
                &cuboid([2.9, 0.03, 1.9]),
                &Pose::at([0.0, 2.37, 0.0]).pitched(tilt),
            );
            for (bx, bz) in [(-1.6, -0.7), (1.7, 0.5)] {
                local.add(
                    Surface::Timber,
                    &frustum(0.28, 0.26, 0.8, 10),
                    &Pose::at([bx, 0.4, bz]),
                );
            }
            parts.place(&local, &Pose::at([x, ground, z]).yawed(stall.footprint.yaw));
        }
        let [wx, wz] = self.market.well;
        let well_y = g.height_at(wx, wz);
        parts.add(
            Surface::Stone,
            &cylinder(0.9, 0.8, 14),
            &Pose::at([wx, well_y + 0.4, wz]),
        );
        parts.add(
            Surface::Timber,
            &cuboid([0.15, 2.2, 0.15]),
            &Pose::at([wx + 1.2, well_y + 1.1, wz]),
        );
        parts.add(
            Surface::Timber,
            &cuboid([0.08, 0.08, 4.0]),
            &Pose::at([wx + 1.2, well_y + 2.2, wz]).pitched(-0.35),
        );
        let [px, pz] = self.market.pillory;
        parts.add(
            Surface::Timber,
            &cuboid([0.28, 3.0, 0.28]),
            &Pose::at([px, g.height_at(px, pz) + 1.5, pz]),
        );
        parts
    }

    /// The jetty and the moored boat, in world coordinates.
    pub fn harbour_parts(&self) -> Parts {
        let mut parts = Parts::default();
        let h = &self.harbour;
        let [jx, jz] = h.jetty.centre;
        let [jhx, jhz] = h.jetty.half;
        // Planks across the jetty on two stringers, on piles driven into the river bed.
        let mut x = jx - jhx + 0.15;
        while x < jx + jhx {
            parts.add(
                Surface::Timber,
                &cuboid([0.26, 0.06, 2.0 * jhz]),
                &Pose::at([x, h.deck_y_m - 0.03, jz]),
            );
            x += 0.3;
        }
        for side in [-1.0f32, 1.0] {
            parts.add(
                Surface::Timber,
                &cuboid([2.0 * jhx, 0.2, 0.2]),
                &Pose::at([jx, h.deck_y_m - 0.16, jz + side * (jhz - 0.3)]),
            );
            let mut x = jx - jhx + 0.5;
            while x < jx + jhx {
                let bed = self.ground.height_at(x, jz) - 0.5;
                let top = h.deck_y_m + 0.5;
                parts.add(
                    Surface::DarkWood,
                    &cylinder(0.13, top - bed, 8),
                    &Pose::at([x, (top + bed) / 2.0, jz + side * (jhz + 0.1)]),
                );
                x += 2.5;
            }
        }
        for (bx, bz) in [
            (jx - 4.0, jz - 0.8),
            (jx - 3.3, jz - 0.9),
            (jx + 2.0, jz + 0.9),
        ] {
            parts.add(
                Surface::Timber,
                &frustum(0.3, 0.27, 0.85, 10),
                &Pose::at([bx, h.deck_y_m + 0.425, bz]),
            );
        }
        // The boat: a clinker-built hull, a mast, a yard with the sail furled on it.
        let [bx, bz] = h.boat.centre;
        let length = 2.0 * h.boat.half[0];
        let beam = 2.0 * h.boat.half[1];
        parts.add(
            Surface::DarkWood,
            &hull(length, beam, h.gunwale_y_m - h.keel_y_m),
            &Pose::at([bx, h.keel_y_m, bz]).yawed(h.boat.yaw),
        );
        let mast = 9.0;
        parts.add(
            Surface::Timber,
            &cylinder(0.12, mast, 8),
            &Pose::at([bx, h.keel_y_m + mast / 2.0, bz]),
        );
        parts.add(
            Surface::Timber,
            &cylinder(0.07, 6.0, 6),
            &Pose::at([bx, h.keel_y_m + mast - 1.0, bz]).pitched(FRAC_PI_2),
        );
        parts.add(
            Surface::Cloth,
            &cylinder(0.25, 5.6, 8),
            &Pose::at([bx, h.keel_y_m + mast - 1.35, bz]).pitched(FRAC_PI_2),
        );
        parts
    }
}

/// Side of the land round the town where the spruce forest grows, metres.
pub const COUNTRY_M: f32 = 1_200.0;
/// How far from the town's middle the forest keeps: the fields come first, metres.
const FIELDS_M: f32 = 130.0;

/// The spruce forest beyond the fields round the town, as one mesh: a cone on a short trunk
/// for each tree, 10–22 m tall, in stands where a smooth noise says there is forest, never in
/// the town's patch, its fields or the river. Standing on [`ground_height`] lowered by
/// `sunk_m`, as the land beyond the patch is drawn.
pub fn spruce_forest(seed: u64, sunk_m: f32) -> MeshData {
    const CANDIDATES: usize = 2_400;
    let mut rng = SeededRng::substream(seed, "spruce forest");
    let mut mesh = MeshData::default();
    let crown = frustum(1.0, 0.0, 1.0, 7);
    let trunk = cylinder(0.25, 2.0, 5);
    let half = COUNTRY_M / 2.0;
    for _ in 0..CANDIDATES {
        let (x, z) = (rng.range(-half, half), rng.range(-half, half));
        let (height, yaw) = (rng.range(10.0, 22.0), rng.range(0.0, PI));
        let stand = (0.011 * x + 0.7).sin() + (0.013 * z).cos() + 0.5 * (0.031 * (x + z)).sin();
        if !is_forest(x, z) || stand < 0.2 {
            continue;
        }
        let y = ground_height(x, z) - sunk_m;
        let radius = height * 0.28;
        let mut tree = MeshData::default();
        tree.append(&trunk, &Pose::at([0.0, 1.0, 0.0]));
        let crown_height = height - 1.5;
        let mut scaled = crown.clone();
        for p in &mut scaled.positions {
            *p = [p[0] * radius, p[1] * crown_height, p[2] * radius];
        }
        scaled.recompute_normals();
        tree.append(&scaled, &Pose::at([0.0, 1.5 + crown_height / 2.0, 0.0]));
        mesh.append(&tree, &Pose::at([x, y, z]).yawed(yaw));
    }
    mesh
}

/// Whether a spruce may stand at `(x, z)`: outside the fields round the town and away from
/// the river's banks.
fn is_forest(x: f32, z: f32) -> bool {
    let beyond_fields = x.abs() > FIELDS_M || z.abs() > FIELDS_M;
    let by_river = x > FAR_BANK_X_M - 10.0 && x < BANK_X_M + 10.0;
    beyond_fields && !by_river
}

/// An open, two-sided hull `length_m` long along x, `beam_m` wide and `depth_m` deep from
/// the keel (at y = 0) to the gunwale amidships; the sheer rises towards the stems.
pub fn hull(length_m: f32, beam_m: f32, depth_m: f32) -> MeshData {
    const STATIONS: usize = 16;
    const AROUND: usize = 8;
    let mut mesh = MeshData::default();
    for i in 0..=STATIONS {
        let t = 2.0 * i as f32 / STATIONS as f32 - 1.0;
        let x = t * length_m / 2.0;
        let half_beam = beam_m / 2.0 * ((1.0 - t * t).max(0.0).powf(0.6) + 0.03);
        let sheer = depth_m + 0.35 * t * t;
        let keel = 0.15 * t.powi(4) * depth_m;
        for j in 0..=AROUND {
            let a = -FRAC_PI_2 + PI * j as f32 / AROUND as f32;
            let y = keel + (sheer - keel) * (1.0 - a.cos().max(0.0).powf(1.5));
            mesh.positions.push([x, y, half_beam * a.sin()]);
            mesh.normals.push([0.0, 1.0, 0.0]);
            mesh.uvs.push([x, j as f32 / AROUND as f32]);
        }
    }
    let ring = (AROUND + 1) as u32;
    for i in 0..STATIONS as u32 {
        for j in 0..AROUND as u32 {
            let a = i * ring + j;
            let b = a + ring;
            mesh.indices
                .extend_from_slice(&[a, b, a + 1, a + 1, b, b + 1]);
        }
    }
    mesh.recompute_normals();
    two_sided(&mut mesh);
    mesh
}

/// Adds the back of every triangle, so a thin shell shows from inside too.
fn two_sided(mesh: &mut MeshData) {
    let n = mesh.positions.len() as u32;
    mesh.positions.extend_from_within(..);
    let flipped: Vec<[f32; 3]> = mesh.normals.iter().map(|v| v.map(|c| -c)).collect();
    mesh.normals.extend(flipped);
    mesh.uvs.extend_from_within(..);
    let back: Vec<u32> = mesh
        .indices
        .chunks_exact(3)
        .flat_map(|t| [t[0] + n, t[2] + n, t[1] + n])
        .collect();
    mesh.indices.extend(back);
}

/// A three-legged cooking pot of red earthenware (a grapen), about 22 cm high, standing on
/// its legs' feet at y = 0.
pub fn pot() -> MeshData {
    const LEG_M: f32 = 0.05;
    let profile = [
        [0.0, LEG_M],
        [0.06, LEG_M + 0.003],
        [0.095, LEG_M + 0.035],
        [0.11, LEG_M + 0.09],
        [0.095, LEG_M + 0.15],
        [0.085, LEG_M + 0.16],
        [0.097, LEG_M + 0.175],
        [0.092, LEG_M + 0.18],
        [0.08, LEG_M + 0.17],
    ];
    let mut mesh = lathe(&profile, 16);
    for k in 0..3 {
        let a = k as f32 * std::f32::consts::TAU / 3.0;
        let (s, c) = a.sin_cos();
        mesh.append(
            &frustum(0.01, 0.016, LEG_M + 0.01, 6),
            &Pose::at([0.055 * c, (LEG_M + 0.01) / 2.0, 0.055 * s]),
        );
    }
    mesh.append(
        &cuboid([0.08, 0.018, 0.025]),
        &Pose::at([0.13, LEG_M + 0.15, 0.0]).rolled(0.3),
    );
    mesh
}

/// An axe: its haft (along +Y, 60 cm, centred on the origin) and its iron head at the top.
pub fn axe() -> (MeshData, MeshData) {
    let haft = cylinder(0.016, 0.6, 8);
    let mut head = cuboid([0.05, 0.06, 0.04]);
    head.append(&cuboid([0.11, 0.05, 0.012]), &Pose::at([0.075, 0.0, 0.0]));
    head.append(&cuboid([0.02, 0.12, 0.014]), &Pose::at([0.135, 0.0, 0.0]));
    let mut placed = MeshData::default();
    placed.append(&head, &Pose::at([0.0, 0.26, 0.0]));
    (haft, placed)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn town() -> &'static Town {
        static TOWN: std::sync::OnceLock<Town> = std::sync::OnceLock::new();
        TOWN.get_or_init(|| generate(1400))
    }

    #[test]
    fn the_same_seed_builds_the_same_town() {
        assert_eq!(generate(1400), *town());
        assert_ne!(generate(1401).houses, town().houses);
    }

    #[test]
    fn no_house_intersects_the_square_a_street_the_churchyard_or_another_house() {
        let t = town();
        assert!(t.houses.len() >= 80, "{} houses", t.houses.len());
        for (i, house) in t.houses.iter().enumerate() {
            let f = &house.footprint;
            assert!(
                !f.overlaps(&t.market.square, 0.0),
                "house {i} is on the square"
            );
            for street in &t.streets {
                assert!(!f.overlaps(street, 0.0), "house {i} is on a street");
            }
            assert!(
                !f.overlaps(&t.churchyard, 0.0),
                "house {i} is in the churchyard"
            );
            for (j, other) in t.houses.iter().enumerate().skip(i + 1) {
                assert!(
                    !f.overlaps(&other.footprint, HOUSE_GAP_M - 0.01),
                    "houses {i} and {j} stand closer than {HOUSE_GAP_M} m"
                );
            }
            for [x, _] in f.corners() {
                assert!(x > BANK_X_M, "house {i} stands in the river");
            }
        }
        // The church and the stalls keep off the houses too.
        for house in &t.houses {
            for part in [t.church.nave, t.church.tower, t.church.sacristy] {
                assert!(!house.footprint.overlaps(&part, 0.0));
            }
        }
        for stall in &t.market.stalls {
            for [x, z] in stall.footprint.corners() {
                assert!(
                    t.market.square.contains([x, z]),
                    "a stall leaves the square"
                );
            }
        }
    }

    #[test]
    fn every_house_stands_on_its_foundation_on_the_ground() {
        let t = town();
        for (i, house) in t.houses.iter().enumerate() {
            for [x, z] in house.footprint.corners() {
                let ground = t.ground.height_at(x, z);
                // Not buried: the walls start above the ground at every corner…
                assert!(house.base_y_m > ground + 0.1, "house {i} is buried");
                // …and not floating: the foundation reaches below the ground at each.
                assert!(house.ground_min_y_m - 0.2 < ground, "house {i} floats");
            }
            let foundation = house.parts().0[&Surface::Stone].bounds().unwrap();
            assert!(house.base_y_m + foundation.min[1] <= house.ground_min_y_m);
        }
    }

    #[test]
    fn the_town_has_log_houses_merchants_houses_and_both_roofs() {
        let houses = &town().houses;
        let count = |f: &dyn Fn(&House) -> bool| houses.iter().filter(|h| f(h)).count();
        assert!(count(&|h| h.walls == Walls::StoneAndTimber) >= 3);
        assert!(count(&|h| h.roof == Roof::Turf) >= 20);
        assert!(count(&|h| h.roof == Roof::Boards) >= 10);
    }

    #[test]
    fn log_walls_rise_to_the_eaves_and_leave_the_door_open() {
        for house in town().houses.iter().filter(|h| h.walls == Walls::Logs) {
            let logs = house.logs();
            let wall_top = logs
                .iter()
                .filter(|l| l.from[1] < house.wall_height_m)
                .map(|l| l.from[1] + LOG_RADIUS_M)
                .fold(0.0f32, f32::max);
            assert!(
                (wall_top - house.wall_height_m).abs() < LOG_COURSE_M,
                "walls end at {wall_top} m, eaves at {} m",
                house.wall_height_m
            );
            // No log of the front wall crosses the doorway below the lintel.
            let door = house.door_offset_m;
            let (w, h) = DOOR_M;
            for log in logs.iter().filter(|l| l.from[2] == house.footprint.half[1]) {
                let (x0, x1) = (log.from[0].min(log.to[0]), log.from[0].max(log.to[0]));
                let crosses = x0 < door + w / 2.0 - 0.01 && x1 > door - w / 2.0 + 0.01;
                assert!(
                    !(crosses && log.from[1] - LOG_RADIUS_M < h - 0.01),
                    "a log at {} m blocks the door",
                    log.from[1]
                );
            }
            // Turf-roofed houses have log gables up under the ridge.
            if house.roof == Roof::Turf {
                let top = logs.iter().map(|l| l.from[1]).fold(0.0f32, f32::max);
                assert!(top > house.wall_height_m);
                assert!(top < house.ridge_height_m());
            }
        }
    }

    #[test]
    fn every_part_is_a_valid_mesh_and_the_town_fits_a_headset_budget() {
        let t = town();
        let mut triangles = 0;
        let all = t.house_parts().into_iter().map(|(_, parts)| parts).chain([
            t.church.parts(),
            t.market_parts(),
            t.harbour_parts(),
        ]);
        for parts in all {
            for (surface, mesh) in &parts.0 {
                assert_eq!(mesh.validate(), Ok(()), "{surface:?}");
            }
            triangles += parts.triangle_count();
        }
        assert!(triangles < 250_000, "{triangles} triangles in the town");
        for mesh in [pot(), axe().0, axe().1, hull(12.0, 3.6, 1.5)] {
            assert_eq!(mesh.validate(), Ok(()));
        }
    }

    #[test]
    fn the_church_tower_overlooks_the_town_and_the_boat_floats() {
        let t = town();
        let tallest_house = t
            .houses
            .iter()
            .map(|h| h.base_y_m + h.ridge_height_m())
            .fold(0.0f32, f32::max);
        let c = &t.church;
        assert!(c.base_y_m + c.belfry_floor_m > tallest_house + 5.0);
        assert!(c.spire_top_m > c.ridge_height_m());
        let h = &t.harbour;
        assert!(h.keel_y_m < WATER_Y_M && h.gunwale_y_m > WATER_Y_M);
        assert!(h.deck_y_m > WATER_Y_M + 0.5);
        // The boat lies in water deep enough for its keel, beside the jetty, not in it.
        let [bx, bz] = h.boat.centre;
        assert!(t.ground.height_at(bx, bz) < h.keel_y_m);
        assert!(!h.boat.overlaps(&h.jetty, 0.2));
    }

    #[test]
    fn the_forest_grows_beyond_the_fields_and_the_river() {
        let forest = spruce_forest(1400, 0.15);
        assert_eq!(forest.validate(), Ok(()));
        let trees = forest.triangle_count() / (14 + 7 + 10 + 10);
        assert!((300..2_000).contains(&trees), "{trees} trees");
        for &[x, y, z] in &forest.positions {
            // Trunks and crowns reach up to 3 m sideways from where they stand.
            assert!(
                x.abs() > FIELDS_M - 7.0 || z.abs() > FIELDS_M - 7.0,
                "a tree in the fields at {x}, {z}"
            );
            assert!(
                !(x > FAR_BANK_X_M - 4.0 && x < BANK_X_M + 4.0),
                "a tree in the river at {x}"
            );
            assert!(y > WATER_Y_M);
        }
    }

    #[test]
    fn footprints_overlap_only_when_they_touch() {
        let a = Footprint::rect([0.0, 0.0], [2.0, 2.0]);
        assert!(a.overlaps(&Footprint::rect([1.0, 1.0], [3.0, 3.0]), 0.0));
        assert!(!a.overlaps(&Footprint::rect([2.5, 0.0], [3.0, 2.0]), 0.0));
        assert!(a.overlaps(&Footprint::rect([2.5, 0.0], [3.0, 2.0]), 1.0));
        // A square turned by 45° reaches √2 from its centre along the diagonal.
        let diamond = Footprint {
            centre: [4.3, 1.0],
            half: [1.0, 1.0],
            yaw: FRAC_PI_4,
        };
        assert!(!a.overlaps(&diamond, 0.0));
        let closer = Footprint {
            centre: [3.3, 1.0],
            ..diamond
        };
        assert!(a.overlaps(&closer, 0.0));
        assert!(a.contains([1.0, 1.0]) && !a.contains([2.1, 1.0]));
    }
}
