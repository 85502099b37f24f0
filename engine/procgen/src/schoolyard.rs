//! The schoolyard: ground and buildings from a site plan's polygons, and the placeable items,
//! each built from parts at whatever size a pupil chooses within the catalogue's limits.
//!
//! Plans use map coordinates: `[east, north]` metres. Meshes use the engine's axes, +Y up and
//! north along -Z, so a map point `[e, n]` at height `h` is the vertex `[e, h, -n]`.

use crate::mesh::MeshData;
use crate::parts::{Pose, cuboid, cylinder, ellipse, frustum};
use crate::sphere::icosphere;

/// A map point `[east, north]` at `height_m` as a mesh vertex.
pub fn map_to_mesh([east, north]: [f32; 2], height_m: f32) -> [f32; 3] {
    [east, height_m, -north]
}

/// Twice the signed area of a ring in map coordinates, m²: positive when it runs
/// counter-clockwise (east, then north).
pub fn twice_signed_area(ring: &[[f32; 2]]) -> f32 {
    let n = ring.len();
    (0..n)
        .map(|i| {
            let (a, b) = (ring[i], ring[(i + 1) % n]);
            a[0] * b[1] - b[0] * a[1]
        })
        .sum()
}

/// The area of a simple polygon (no closing point repeated), m².
pub fn polygon_area(ring: &[[f32; 2]]) -> f32 {
    twice_signed_area(ring).abs() / 2.0
}

/// Splits a simple polygon (no closing point repeated, either winding) into triangles by ear
/// clipping. Returns indices into `ring`, three per triangle, counter-clockwise on the map, so
/// they face up once lifted by [`map_to_mesh`].
pub fn triangulate(ring: &[[f32; 2]]) -> Vec<u32> {
    let n = ring.len();
    if n < 3 {
        return Vec::new();
    }
    let mut order: Vec<usize> = (0..n).collect();
    if twice_signed_area(ring) < 0.0 {
        order.reverse();
    }
    let cross = |a: [f32; 2], b: [f32; 2], c: [f32; 2]| {
        (b[0] - a[0]) * (c[1] - a[1]) - (b[1] - a[1]) * (c[0] - a[0])
    };
    let mut indices = Vec::with_capacity((n - 2) * 3);
    let mut guard = 0;
    while order.len() > 3 && guard < n * n {
        guard += 1;
        let m = order.len();
        let ear = (0..m).find(|&i| {
            let (ia, ib, ic) = (order[(i + m - 1) % m], order[i], order[(i + 1) % m]);
            let (a, b, c) = (ring[ia], ring[ib], ring[ic]);
            if cross(a, b, c) <= 0.0 {
                return false;
            }
            order.iter().all(|&j| {
                j == ia
                    || j == ib
                    || j == ic
                    || !(cross(a, b, ring[j]) >= 0.0
                        && cross(b, c, ring[j]) >= 0.0
                        && cross(c, a, ring[j]) >= 0.0)
            })
        });
        // A ring with no ear left is degenerate (collinear points): clip the flattest corner.
        let i = ear.unwrap_or(0);
        let (ia, ib, ic) = (order[(i + m - 1) % m], order[i], order[(i + 1) % m]);
        if ear.is_some() {
            indices.extend([ia as u32, ib as u32, ic as u32]);
        }
        order.remove(i);
    }
    if order.len() == 3 && cross(ring[order[0]], ring[order[1]], ring[order[2]]) > 0.0 {
        indices.extend(order.iter().map(|&i| i as u32));
    }
    indices
}

/// A flat polygon at `height_m`, facing up, textured in metres.
pub fn flat_polygon(ring: &[[f32; 2]], height_m: f32) -> MeshData {
    MeshData {
        positions: ring.iter().map(|&p| map_to_mesh(p, height_m)).collect(),
        normals: vec![[0.0, 1.0, 0.0]; ring.len()],
        uvs: ring.iter().map(|p| [p[0], p[1]]).collect(),
        indices: triangulate(ring),
    }
}

/// A building block: the polygon's walls from the ground to `height_m`, and a flat roof.
pub fn prism(ring: &[[f32; 2]], height_m: f32) -> MeshData {
    let mut mesh = flat_polygon(ring, height_m);
    let ccw = twice_signed_area(ring) > 0.0;
    for i in 0..ring.len() {
        let (mut a, mut b) = (ring[i], ring[(i + 1) % ring.len()]);
        if !ccw {
            std::mem::swap(&mut a, &mut b);
        }
        let (de, dn) = (b[0] - a[0], b[1] - a[1]);
        let len = (de * de + dn * dn).sqrt();
        if len <= f32::EPSILON {
            continue;
        }
        // Outward on the map is the edge turned clockwise: (dn, -de).
        let normal = map_to_mesh([dn / len, -de / len], 0.0);
        let base = mesh.positions.len() as u32;
        for (p, h, u) in [
            (a, 0.0, 0.0),
            (b, 0.0, len),
            (b, height_m, len),
            (a, height_m, 0.0),
        ] {
            mesh.positions.push(map_to_mesh(p, h));
            mesh.normals.push(normal);
            mesh.uvs.push([u, h]);
        }
        mesh.indices
            .extend([base, base + 1, base + 2, base, base + 2, base + 3]);
    }
    mesh
}

/// What an item looks like: the catalogue names one for each kind of item.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum ItemModel {
    /// A park bench with a backrest along its width.
    Bench,
    /// A table with a bench on each long side.
    PicnicTable,
    /// A broadleaf tree: trunk and crown.
    Tree,
    /// A low shrub.
    Shrub,
    /// A raised planter box with plants.
    Planter,
    /// A row of hoops for bicycles along its width.
    BikeRack,
    /// A goal: posts and crossbar along its width, a frame behind.
    Goal,
    /// A pole, backboard and ring.
    BasketballHoop,
    /// A two-seat swing: A-frames at the ends of a beam along its width.
    Swing,
    /// A tower with a ladder and a chute running along its depth.
    Slide,
    /// A frame of bars to climb.
    ClimbingFrame,
    /// A framed box of sand.
    Sandpit,
    /// A table-tennis table with its net.
    TableTennis,
    /// Four posts and a roof.
    Shelter,
    /// A shallow planted hollow that takes rain from roofs and paving.
    RainGarden,
    /// A waste bin with a lid.
    Bin,
    /// A fence along its width: posts and a mesh panel.
    Fence,
    /// A spring rocker: a seat on a spring.
    SpringRocker,
    /// A low beam on two supports.
    BalanceBeam,
    /// A drinking fountain.
    DrinkingFountain,
    /// A trampoline set into the ground.
    Trampoline,
    /// Log seats in a half-circle, for a class outdoors.
    OutdoorClassroom,
}

/// A part of `size` whose bottom face sits at `bottom_m`, centred on `(x, z)` (mesh axes).
fn block(mesh: &mut MeshData, size: [f32; 3], [x, bottom_m, z]: [f32; 3]) {
    mesh.append(&cuboid(size), &Pose::at([x, bottom_m + size[1] / 2.0, z]));
}

/// An upright post of `radius_m` from `bottom_m` to `top_m` at `(x, z)`.
fn post(mesh: &mut MeshData, radius_m: f32, [x, z]: [f32; 2], bottom_m: f32, top_m: f32) {
    let length = top_m - bottom_m;
    mesh.append(
        &cylinder(radius_m, length, 8),
        &Pose::at([x, bottom_m + length / 2.0, z]),
    );
}

/// A bar of `radius_m` between two points (mesh axes).
fn bar(mesh: &mut MeshData, radius_m: f32, a: [f32; 3], b: [f32; 3]) {
    let d = [b[0] - a[0], b[1] - a[1], b[2] - a[2]];
    let length = (d[0] * d[0] + d[1] * d[1] + d[2] * d[2]).sqrt();
    if length <= f32::EPSILON {
        return;
    }
    // The cylinder runs along +Y: pitch it towards the bar's slope, then yaw it round.
    let horizontal = (d[0] * d[0] + d[2] * d[2]).sqrt();
    let pitch = horizontal.atan2(d[1]);
    let yaw = d[0].atan2(d[2]);
    let mid = [
        (a[0] + b[0]) / 2.0,
        (a[1] + b[1]) / 2.0,
        (a[2] + b[2]) / 2.0,
    ];
    mesh.append(
        &cylinder(radius_m, length, 6),
        &Pose::at(mid).yawed(yaw).pitched(pitch),
    );
}

/// A closed loop of bars of `radius_m` round `centre`, an ellipse of radii `[along x, along z]`
/// in the horizontal plane, in `segments` straight pieces.
fn ring(mesh: &mut MeshData, radius_m: f32, centre: [f32; 3], [rx, rz]: [f32; 2], segments: u32) {
    let at = |k: u32| {
        let a = k as f32 / segments as f32 * std::f32::consts::TAU;
        [
            centre[0] + rx * a.cos(),
            centre[1],
            centre[2] + rz * a.sin(),
        ]
    };
    for k in 0..segments {
        bar(mesh, radius_m, at(k), at(k + 1));
    }
}

/// Four walls of `wall_m` thickness and `height_m` round a `[width, depth]` box standing on
/// the ground, filled to `fill_m` (soil, sand).
fn framed_box(mesh: &mut MeshData, [w, d]: [f32; 2], wall_m: f32, height_m: f32, fill_m: f32) {
    let (hw, hd) = (w / 2.0, d / 2.0);
    for z in [-hd + wall_m / 2.0, hd - wall_m / 2.0] {
        block(mesh, [w, height_m, wall_m], [0.0, 0.0, z]);
    }
    for x in [-hw + wall_m / 2.0, hw - wall_m / 2.0] {
        block(mesh, [wall_m, height_m, d - 2.0 * wall_m], [x, 0.0, 0.0]);
    }
    block(
        mesh,
        [w - 2.0 * wall_m, fill_m, d - 2.0 * wall_m],
        [0.0, 0.0, 0.0],
    );
}

/// An ellipsoid crown of radii `r` (mesh axes) centred at `c`.
fn blob(mesh: &mut MeshData, r: [f32; 3], c: [f32; 3]) {
    let (positions, indices) = icosphere(1);
    let part = MeshData {
        normals: positions
            .iter()
            .map(|p| {
                let n = [p[0] / r[0], p[1] / r[1], p[2] / r[2]];
                let len = (n[0] * n[0] + n[1] * n[1] + n[2] * n[2]).sqrt();
                [n[0] / len, n[1] / len, n[2] / len]
            })
            .collect(),
        uvs: positions.iter().map(|p| [p[0], p[2]]).collect(),
        positions: positions
            .iter()
            .map(|p| [p[0] * r[0], p[1] * r[1], p[2] * r[2]])
            .collect(),
        indices,
    };
    mesh.append(&part, &Pose::at(c));
}

/// An item's mesh: `[width, depth, height]` metres, standing on the ground at the origin, its
/// width along +X and its depth along Z, so it fits in the box
/// `[-width/2, width/2] × [0, height] × [-depth/2, depth/2]`.
pub fn item(model: ItemModel, [w, d, h]: [f32; 3]) -> MeshData {
    let mut m = MeshData::default();
    let (hw, hd) = (w / 2.0, d / 2.0);
    match model {
        ItemModel::Bench => {
            let seat = 0.45f32.min(h * 0.55);
            block(&mut m, [w, 0.05, d * 0.7], [0.0, seat - 0.05, hd * 0.3]);
            block(
                &mut m,
                [w, h - seat - 0.05, 0.05],
                [0.0, seat + 0.05, -hd + 0.05],
            );
            for x in [-hw + 0.1, hw - 0.1] {
                block(&mut m, [0.06, seat - 0.05, d * 0.8], [x, 0.0, hd * 0.1]);
            }
        }
        ItemModel::PicnicTable => {
            let top = h.min(0.75);
            block(&mut m, [w, 0.05, d * 0.45], [0.0, top - 0.05, 0.0]);
            for z in [-hd + d * 0.1, hd - d * 0.1] {
                block(&mut m, [w, 0.05, d * 0.2], [0.0, 0.4, z]);
            }
            for x in [-hw + 0.2, hw - 0.2] {
                block(&mut m, [0.08, top - 0.05, 0.08], [x, 0.0, 0.0]);
                block(&mut m, [0.08, 0.06, d], [x, 0.34, 0.0]);
            }
        }
        ItemModel::Tree => {
            let trunk_top = h * 0.45;
            post(
                &mut m,
                (w * 0.05).clamp(0.05, 0.3),
                [0.0, 0.0],
                0.0,
                trunk_top,
            );
            let crown = (h - trunk_top * 0.8) / 2.0;
            blob(&mut m, [hw, crown, hd], [0.0, h - crown, 0.0]);
        }
        ItemModel::Shrub => blob(&mut m, [hw, h / 2.0, hd], [0.0, h / 2.0, 0.0]),
        ItemModel::Planter => {
            let wall = 0.08;
            let box_h = h.min(0.6);
            framed_box(&mut m, [w, d], wall, box_h, box_h - 0.08);
            let plants = ((w / 0.6).round() as usize).max(1);
            for k in 0..plants {
                let x = -hw + (k as f32 + 0.5) * w / plants as f32;
                let r = (w / plants as f32 * 0.45).min(hd - wall);
                blob(
                    &mut m,
                    [r, (h - box_h) / 2.0, r],
                    [x, box_h + (h - box_h) / 2.0 - 0.05, 0.0],
                );
            }
        }
        ItemModel::BikeRack => {
            block(&mut m, [w, 0.05, 0.08], [0.0, 0.0, 0.0]);
            let hoops = ((w / 0.7).floor() as usize).max(1);
            for k in 0..hoops {
                let x = -hw + (k as f32 + 0.5) * w / hoops as f32;
                for z in [-hd * 0.8, hd * 0.8] {
                    post(&mut m, 0.025, [x, z], 0.0, h - 0.03);
                }
                bar(
                    &mut m,
                    0.025,
                    [x, h - 0.03, -hd * 0.8],
                    [x, h - 0.03, hd * 0.8],
                );
            }
        }
        ItemModel::Goal => {
            let r = 0.06;
            for x in [-hw + r, hw - r] {
                post(&mut m, r, [x, -hd + r], 0.0, h);
                bar(&mut m, 0.03, [x, h, -hd + r], [x, 0.0, hd]);
                bar(&mut m, 0.03, [x, 0.03, -hd + r], [x, 0.03, hd]);
            }
            bar(&mut m, r, [-hw + r, h, -hd + r], [hw - r, h, -hd + r]);
            bar(&mut m, 0.03, [-hw + r, 0.03, hd], [hw - r, 0.03, hd]);
        }
        ItemModel::BasketballHoop => {
            // Pole at the back, board over the front, ring 0.15 m before the board.
            let board_z = -hd + 0.75;
            post(&mut m, 0.08, [0.0, hd - 0.1], 0.0, h - 0.4);
            bar(
                &mut m,
                0.05,
                [0.0, h - 0.6, hd - 0.1],
                [0.0, h - 0.6, board_z],
            );
            block(&mut m, [w.min(1.8), 1.05, 0.03], [0.0, h - 1.05, board_z]);
            let ring_y = 3.05f32.min(h - 0.9);
            let (rc, rr) = (board_z - 0.15 - 0.23, 0.23);
            ring(&mut m, 0.01, [0.0, ring_y, rc], [rr, rr], 12);
        }
        ItemModel::Swing => {
            // The frame's legs splay along the depth; the seats swing along it too.
            let legs_z = (hd * 0.35).min(0.9);
            for x in [-hw + 0.1, hw - 0.1] {
                for z in [-legs_z, legs_z] {
                    bar(&mut m, 0.05, [x, 0.0, z], [x, h, 0.0]);
                }
            }
            bar(&mut m, 0.06, [-hw + 0.1, h, 0.0], [hw - 0.1, h, 0.0]);
            for x in [-hw * 0.45, hw * 0.45] {
                for dx in [-0.22, 0.22] {
                    bar(&mut m, 0.01, [x + dx, h, 0.0], [x + dx, 0.42, 0.0]);
                }
                block(&mut m, [0.45, 0.04, 0.18], [x, 0.38, 0.0]);
            }
        }
        ItemModel::Slide => {
            let deck = h - 1.0;
            let tower = 1.0f32.min(d * 0.3);
            let z_tower = -hd + tower / 2.0;
            for x in [-0.45, 0.45] {
                for z in [-hd + 0.05, -hd + tower - 0.05] {
                    post(&mut m, 0.05, [x, z], 0.0, h);
                }
            }
            block(&mut m, [1.0, 0.05, tower], [0.0, deck, z_tower]);
            for k in 1..((deck / 0.3) as usize) {
                bar(
                    &mut m,
                    0.02,
                    [-0.45, k as f32 * 0.3, -hd],
                    [0.45, k as f32 * 0.3, -hd],
                );
            }
            let (from, to) = ([0.0, deck, -hd + tower], [0.0, 0.3, hd - 0.5]);
            let run = to[2] - from[2];
            let pitch = (from[1] - to[1]).atan2(run);
            let length = (run * run + (from[1] - to[1]).powi(2)).sqrt();
            let mid = [0.0, (from[1] + to[1]) / 2.0, (from[2] + to[2]) / 2.0];
            for (x, y, width) in [(0.0, 0.0, 0.5), (-0.27, 0.12, 0.04), (0.27, 0.12, 0.04)] {
                m.append(
                    &cuboid([width, 0.03 + y, length]),
                    &Pose::at([x, mid[1] + y / 2.0, mid[2]]).pitched(pitch),
                );
            }
            block(&mut m, [0.5, 0.03, 0.5], [0.0, 0.27, hd - 0.25]);
        }
        ItemModel::ClimbingFrame => {
            let (nx, nz, ny) = (
                ((w / 0.6) as usize).max(2),
                ((d / 0.6) as usize).max(2),
                ((h / 0.5) as usize).max(2),
            );
            let xs: Vec<f32> = (0..=nx).map(|i| -hw + i as f32 * w / nx as f32).collect();
            let zs: Vec<f32> = (0..=nz).map(|i| -hd + i as f32 * d / nz as f32).collect();
            for &x in &[xs[0], xs[nx]] {
                for &z in &[zs[0], zs[nz]] {
                    post(&mut m, 0.04, [x, z], 0.0, h);
                }
            }
            for j in 1..=ny {
                let y = j as f32 * h / ny as f32;
                for &x in &xs {
                    bar(&mut m, 0.02, [x, y, -hd], [x, y, hd]);
                }
                for &z in &[zs[0], zs[nz]] {
                    bar(&mut m, 0.02, [-hw, y, z], [hw, y, z]);
                }
            }
        }
        ItemModel::Sandpit => {
            framed_box(&mut m, [w, d], 0.12, h, h * 0.6);
        }
        ItemModel::TableTennis => {
            let top = h.min(0.76);
            block(&mut m, [w, 0.03, d], [0.0, top - 0.03, 0.0]);
            block(&mut m, [0.02, 0.1525, d], [0.0, top, 0.0]);
            for x in [-hw * 0.7, hw * 0.7] {
                block(&mut m, [0.1, top - 0.03, d * 0.8], [x, 0.0, 0.0]);
            }
        }
        ItemModel::Shelter => {
            for x in [-hw + 0.1, hw - 0.1] {
                for z in [-hd + 0.1, hd - 0.1] {
                    post(&mut m, 0.07, [x, z], 0.0, h - 0.15);
                }
            }
            block(&mut m, [w, 0.15, d], [0.0, h - 0.15, 0.0]);
            block(&mut m, [w - 0.4, 0.05, 0.4], [0.0, 0.42, -hd + 0.4]);
        }
        ItemModel::RainGarden => {
            m.append(&ellipse(w, d, 24), &Pose::at([0.0, 0.02, 0.0]));
            let clumps = ((w * d / 1.5) as usize).clamp(3, 12);
            for k in 0..clumps {
                let a = k as f32 / clumps as f32 * std::f32::consts::TAU;
                let (x, z) = (a.cos() * hw * 0.6, a.sin() * hd * 0.6);
                blob(&mut m, [0.35, h / 2.0, 0.35], [x, h / 2.0, z]);
            }
        }
        ItemModel::Bin => {
            m.append(
                &frustum(hw * 0.9, hw, h - 0.05, 16),
                &Pose::at([0.0, (h - 0.05) / 2.0, 0.0]),
            );
            m.append(&cylinder(hw, 0.05, 16), &Pose::at([0.0, h - 0.025, 0.0]));
        }
        ItemModel::Fence => {
            let posts = ((w / 2.5).ceil() as usize).max(1);
            for k in 0..=posts {
                let x = -hw + k as f32 * w / posts as f32;
                post(&mut m, 0.03, [x, 0.0], 0.0, h);
            }
            block(&mut m, [w, h - 0.1, 0.02], [0.0, 0.05, 0.0]);
        }
        ItemModel::SpringRocker => {
            post(&mut m, 0.08, [0.0, 0.0], 0.0, h * 0.5);
            block(&mut m, [w * 0.4, h * 0.3, d * 0.9], [0.0, h * 0.5, 0.0]);
            block(&mut m, [w * 0.9, 0.04, 0.04], [0.0, h - 0.04, -hd * 0.6]);
        }
        ItemModel::BalanceBeam => {
            for x in [-hw + 0.2, hw - 0.2] {
                block(&mut m, [0.15, h - 0.1, 0.15], [x, 0.0, 0.0]);
            }
            block(&mut m, [w, 0.1, d.min(0.12)], [0.0, h - 0.1, 0.0]);
        }
        ItemModel::DrinkingFountain => {
            post(&mut m, hw * 0.5, [0.0, 0.0], 0.0, h - 0.1);
            m.append(
                &frustum(hw * 0.5, hw, 0.1, 16),
                &Pose::at([0.0, h - 0.05, 0.0]),
            );
        }
        ItemModel::Trampoline => {
            m.append(&ellipse(w, d, 32), &Pose::at([0.0, 0.02, 0.0]));
            ring(&mut m, h / 2.0, [0.0, h / 2.0, 0.0], [hw, hd], 24);
        }
        ItemModel::OutdoorClassroom => {
            let seats = 9;
            for k in 0..seats {
                let a = std::f32::consts::PI * (k as f32 + 0.5) / seats as f32;
                let (x, z) = (a.cos() * (hw - 0.25), -a.sin() * (d - 0.5) + hd - 0.25);
                post(&mut m, 0.2, [x, z], 0.0, h.min(0.45));
            }
        }
    }
    m
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every model.
    const MODELS: [ItemModel; 22] = [
        ItemModel::Bench,
        ItemModel::PicnicTable,
        ItemModel::Tree,
        ItemModel::Shrub,
        ItemModel::Planter,
        ItemModel::BikeRack,
        ItemModel::Goal,
        ItemModel::BasketballHoop,
        ItemModel::Swing,
        ItemModel::Slide,
        ItemModel::ClimbingFrame,
        ItemModel::Sandpit,
        ItemModel::TableTennis,
        ItemModel::Shelter,
        ItemModel::RainGarden,
        ItemModel::Bin,
        ItemModel::Fence,
        ItemModel::SpringRocker,
        ItemModel::BalanceBeam,
        ItemModel::DrinkingFountain,
        ItemModel::Trampoline,
        ItemModel::OutdoorClassroom,
    ];

    #[test]
    fn every_item_is_valid_at_any_size() {
        // How well each fits its box is checked against the catalogue's own size limits in
        // retki_design; here every model must give a valid mesh even at odd sizes.
        for model in MODELS {
            for size in [
                [0.3, 0.3, 0.3],
                [1.2, 0.8, 1.0],
                [3.0, 5.5, 3.95],
                [7.3, 3.0, 2.44],
            ] {
                let mesh = item(model, size);
                assert_eq!(mesh.validate(), Ok(()), "{model:?} {size:?}");
                assert!(mesh.triangle_count() > 0, "{model:?}");
            }
        }
    }

    #[test]
    fn triangulation_covers_the_polygon_once() {
        // An L-shaped building, clockwise, so the ear clipper must turn it round.
        let l = [
            [0.0, 0.0],
            [0.0, 20.0],
            [10.0, 20.0],
            [10.0, 8.0],
            [30.0, 8.0],
            [30.0, 0.0],
        ];
        let tris = triangulate(&l);
        assert_eq!(tris.len(), 3 * (l.len() - 2));
        let mut sum = 0.0;
        for t in tris.chunks_exact(3) {
            let tri = [l[t[0] as usize], l[t[1] as usize], l[t[2] as usize]];
            let twice = twice_signed_area(&tri);
            assert!(twice > 0.0, "triangle {t:?} runs clockwise");
            sum += twice / 2.0;
        }
        assert!((sum - polygon_area(&l)).abs() < 1e-3);
        assert!((polygon_area(&l) - (10.0 * 20.0 + 20.0 * 8.0)).abs() < 1e-3);
    }

    #[test]
    fn buildings_have_walls_and_a_roof_facing_out() {
        let square = [[0.0, 0.0], [10.0, 0.0], [10.0, 10.0], [0.0, 10.0]];
        let mesh = prism(&square, 7.5);
        assert_eq!(mesh.validate(), Ok(()));
        assert_eq!(mesh.triangle_count(), 2 + 4 * 2);
        let b = mesh.bounds().unwrap();
        assert_eq!((b.min[1], b.max[1]), (0.0, 7.5));
        // North is -Z: the square runs from z = 0 to z = -10.
        assert_eq!((b.min[2], b.max[2]), (-10.0, 0.0));
        for t in mesh.indices.chunks_exact(3) {
            let [a, b, c] = [t[0], t[1], t[2]].map(|i| mesh.positions[i as usize]);
            let face = crate::mesh::cross(crate::mesh::sub(b, a), crate::mesh::sub(c, a));
            let n = mesh.normals[t[0] as usize];
            assert!(face[0] * n[0] + face[1] * n[1] + face[2] * n[2] > 0.0);
            // Walls face away from the middle of the block.
            let mid = [(a[0] + b[0] + c[0]) / 3.0, (a[2] + b[2] + c[2]) / 3.0];
            if n[1].abs() < 0.5 {
                assert!((mid[0] - 5.0) * n[0] + (mid[1] + 5.0) * n[2] > 0.0);
            }
        }
    }
}
