//! Lindenmayer systems: a word rewritten by rules, then drawn by a turtle into branches and
//! leaves (Prusinkiewicz & Lindenmayer, *The Algorithmic Beauty of Plants*, 1990). Rules may
//! be stochastic; a seeded generator picks among them, so the same seed grows the same plant.
//!
//! Turtle symbols: `F` draws a branch segment forward; `+` and `-` turn about the up axis,
//! `&` and `^` pitch down and up, `/` and `\` roll; `[` and `]` save and restore the turtle
//! (a side branch); `L` hangs a leaf card; `!` thins the branch. Other symbols only rewrite.

use crate::mesh::MeshData;
use crate::parts::{Pose, frustum};
use crate::rng::SeededRng;

/// A rewriting system.
#[derive(Clone, Debug, PartialEq)]
pub struct LSystem {
    /// The starting word.
    pub axiom: &'static str,
    /// For each symbol, its replacements with their weights; one is picked each time.
    pub rules: Vec<(char, Vec<(f32, &'static str)>)>,
}

impl LSystem {
    /// The word after `iterations` rewrites.
    pub fn expand(&self, iterations: u32, rng: &mut SeededRng) -> String {
        let mut word = self.axiom.to_owned();
        for _ in 0..iterations {
            let mut next = String::with_capacity(word.len() * 3);
            for c in word.chars() {
                match self.rules.iter().find(|(s, _)| *s == c) {
                    Some((_, choices)) => {
                        let total: f32 = choices.iter().map(|(w, _)| w).sum();
                        let mut pick = rng.next_f32() * total;
                        let mut chosen = choices[choices.len() - 1].1;
                        for (w, r) in choices {
                            if pick < *w {
                                chosen = r;
                                break;
                            }
                            pick -= w;
                        }
                        next.push_str(chosen);
                    }
                    None => next.push(c),
                }
            }
            word = next;
        }
        word
    }
}

/// How the turtle draws.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Turtle {
    /// Length of one `F`, metres.
    pub step_m: f32,
    /// Each `F` inside a branch is this share of the one before.
    pub step_decay: f32,
    /// Radius of the first segment, metres.
    pub radius_m: f32,
    /// Each `[` and `!` multiplies the radius by this.
    pub radius_decay: f32,
    /// Angle of `+ - & ^ / \`, radians.
    pub angle: f32,
    /// Random share added to or taken from each angle (0 for none).
    pub jitter: f32,
    /// Side of a leaf card, metres.
    pub leaf_m: f32,
}

/// One drawn branch segment.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Segment {
    /// Where it starts, metres.
    pub from: [f32; 3],
    /// Where it ends.
    pub to: [f32; 3],
    /// Radius at its start.
    pub radius_m: f32,
}

/// A leaf card: a square facing `normal` at `at`.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Leaf {
    /// Its middle, metres.
    pub at: [f32; 3],
    /// The direction it grows in (along the branch).
    pub along: [f32; 3],
    /// Its side, metres.
    pub size_m: f32,
}

/// A drawn plant: its branches and leaves.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Plant {
    /// Branch segments, trunk first.
    pub segments: Vec<Segment>,
    /// Leaf cards.
    pub leaves: Vec<Leaf>,
}

fn add(a: [f32; 3], b: [f32; 3], s: f32) -> [f32; 3] {
    [a[0] + b[0] * s, a[1] + b[1] * s, a[2] + b[2] * s]
}

/// `v` turned by `angle` about the unit axis `k` (Rodrigues).
fn rotate(v: [f32; 3], k: [f32; 3], angle: f32) -> [f32; 3] {
    let (s, c) = angle.sin_cos();
    let dot = v[0] * k[0] + v[1] * k[1] + v[2] * k[2];
    let cross = crate::mesh::cross(k, v);
    [
        v[0] * c + cross[0] * s + k[0] * dot * (1.0 - c),
        v[1] * c + cross[1] * s + k[1] * dot * (1.0 - c),
        v[2] * c + cross[2] * s + k[2] * dot * (1.0 - c),
    ]
}

/// Draws `word` from the origin, growing up (+Y).
pub fn draw(word: &str, turtle: &Turtle, rng: &mut SeededRng) -> Plant {
    #[derive(Clone, Copy)]
    struct State {
        at: [f32; 3],
        heading: [f32; 3],
        left: [f32; 3],
        up: [f32; 3],
        step: f32,
        radius: f32,
    }
    let mut state = State {
        at: [0.0; 3],
        heading: [0.0, 1.0, 0.0],
        left: [-1.0, 0.0, 0.0],
        up: [0.0, 0.0, 1.0],
        step: turtle.step_m,
        radius: turtle.radius_m,
    };
    let mut stack = Vec::new();
    let mut plant = Plant::default();
    for c in word.chars() {
        let angle = turtle.angle * (1.0 + turtle.jitter * (rng.next_f32() * 2.0 - 1.0));
        match c {
            'F' => {
                let to = add(state.at, state.heading, state.step);
                plant.segments.push(Segment {
                    from: state.at,
                    to,
                    radius_m: state.radius,
                });
                state.at = to;
                state.step *= turtle.step_decay;
            }
            '+' | '-' => {
                let a = if c == '+' { angle } else { -angle };
                state.heading = rotate(state.heading, state.up, a);
                state.left = rotate(state.left, state.up, a);
            }
            '&' | '^' => {
                let a = if c == '&' { angle } else { -angle };
                state.heading = rotate(state.heading, state.left, a);
                state.up = rotate(state.up, state.left, a);
            }
            '/' | '\\' => {
                let a = if c == '/' { angle } else { -angle };
                state.left = rotate(state.left, state.heading, a);
                state.up = rotate(state.up, state.heading, a);
            }
            '[' => {
                stack.push(state);
                state.radius *= turtle.radius_decay;
            }
            ']' => {
                if let Some(saved) = stack.pop() {
                    state = saved;
                }
            }
            '!' => state.radius *= turtle.radius_decay,
            'L' => plant.leaves.push(Leaf {
                at: state.at,
                along: state.heading,
                size_m: turtle.leaf_m,
            }),
            _ => {}
        }
    }
    plant
}

impl Plant {
    /// The highest point of any branch or leaf, metres.
    pub fn top_m(&self) -> f32 {
        self.segments
            .iter()
            .map(|s| s.to[1].max(s.from[1]))
            .chain(self.leaves.iter().map(|l| l.at[1] + l.size_m / 2.0))
            .fold(0.0, f32::max)
    }

    /// The plant scaled by `factor` about its base.
    pub fn scaled(&self, factor: f32) -> Plant {
        let s = |p: [f32; 3]| p.map(|v| v * factor);
        Plant {
            segments: self
                .segments
                .iter()
                .map(|seg| Segment {
                    from: s(seg.from),
                    to: s(seg.to),
                    radius_m: seg.radius_m * factor,
                })
                .collect(),
            leaves: self
                .leaves
                .iter()
                .map(|l| Leaf {
                    at: s(l.at),
                    along: l.along,
                    size_m: l.size_m * factor,
                })
                .collect(),
        }
    }

    /// The branches as one mesh: a tapered cylinder of `sides` per segment.
    pub fn branch_mesh(&self, sides: u32) -> MeshData {
        let mut mesh = MeshData::default();
        for seg in &self.segments {
            let d = [
                seg.to[0] - seg.from[0],
                seg.to[1] - seg.from[1],
                seg.to[2] - seg.from[2],
            ];
            let length = (d[0] * d[0] + d[1] * d[1] + d[2] * d[2]).sqrt();
            if length <= f32::EPSILON || seg.radius_m <= 0.0 {
                continue;
            }
            let horizontal = (d[0] * d[0] + d[2] * d[2]).sqrt();
            let mid = add(seg.from, d, 0.5);
            mesh.append(
                &frustum(seg.radius_m, seg.radius_m * 0.85, length, sides),
                &Pose::at(mid)
                    .yawed(d[0].atan2(d[2]))
                    .pitched(horizontal.atan2(d[1])),
            );
        }
        mesh
    }

    /// The leaves as one mesh of cards: each a square in two triangles on each face, so it
    /// shows from both sides, with texture coordinates over the whole square.
    pub fn leaf_mesh(&self) -> MeshData {
        let mut mesh = MeshData::default();
        for leaf in &self.leaves {
            let along = leaf.along;
            // Across the leaf: horizontal, at right angles to where it grows.
            let mut across = crate::mesh::cross(along, [0.0, 1.0, 0.0]);
            let len = (across[0] * across[0] + across[2] * across[2]).sqrt();
            across = if len > 1e-4 {
                across.map(|v| v / len)
            } else {
                [1.0, 0.0, 0.0]
            };
            let normal = crate::mesh::normalize_or_up(crate::mesh::cross(across, along));
            let h = leaf.size_m / 2.0;
            let corners = [
                add(add(leaf.at, across, -h), along, 0.0),
                add(add(leaf.at, across, h), along, 0.0),
                add(add(leaf.at, across, h), along, leaf.size_m),
                add(add(leaf.at, across, -h), along, leaf.size_m),
            ];
            let uvs = [[0.0, 1.0], [1.0, 1.0], [1.0, 0.0], [0.0, 0.0]];
            for (side, n) in [(1.0f32, normal), (-1.0, normal.map(|v| -v))] {
                let base = mesh.positions.len() as u32;
                for (p, uv) in corners.iter().zip(uvs) {
                    mesh.positions.push(*p);
                    mesh.normals.push(n);
                    mesh.uvs.push(uv);
                }
                if side > 0.0 {
                    mesh.indices
                        .extend([base, base + 1, base + 2, base, base + 2, base + 3]);
                } else {
                    mesh.indices
                        .extend([base, base + 2, base + 1, base, base + 3, base + 2]);
                }
            }
        }
        mesh
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_same_seed_grows_the_same_plant() {
        let system = LSystem {
            axiom: "FA",
            rules: vec![('A', vec![(1.0, "[&FLA]/[&FLA]"), (1.0, "F[^FLA]")])],
        };
        let turtle = Turtle {
            step_m: 1.0,
            step_decay: 0.9,
            radius_m: 0.1,
            radius_decay: 0.7,
            angle: 0.5,
            jitter: 0.2,
            leaf_m: 0.3,
        };
        let grow = |seed| {
            let mut rng = SeededRng::new(seed);
            let word = system.expand(4, &mut rng);
            draw(&word, &turtle, &mut rng)
        };
        assert_eq!(grow(7), grow(7));
        assert_ne!(grow(7), grow(8));
        let plant = grow(7);
        assert!(!plant.segments.is_empty() && !plant.leaves.is_empty());
        assert_eq!(plant.branch_mesh(5).validate(), Ok(()));
        assert_eq!(plant.leaf_mesh().validate(), Ok(()));
        assert_eq!(plant.leaf_mesh().triangle_count(), 4 * plant.leaves.len());
        let tall = plant.scaled(2.0);
        assert!((tall.top_m() - 2.0 * plant.top_m()).abs() < 1e-4);
    }

    #[test]
    fn the_turtle_turns_about_its_own_axes() {
        let turtle = Turtle {
            step_m: 1.0,
            step_decay: 1.0,
            radius_m: 0.1,
            radius_decay: 1.0,
            angle: std::f32::consts::FRAC_PI_2,
            jitter: 0.0,
            leaf_m: 0.1,
        };
        let mut rng = SeededRng::new(1);
        // Up one, pitch down a quarter turn, on one: the end is beside the top, at height 1.
        let plant = draw("F&F", &turtle, &mut rng);
        let end = plant.segments[1].to;
        assert!((end[1] - 1.0).abs() < 1e-5, "{end:?}");
        assert!(((end[0] * end[0] + end[2] * end[2]).sqrt() - 1.0).abs() < 1e-5);
        // A branch in brackets leaves the turtle where it was.
        let plant = draw("F[&F]F", &turtle, &mut rng);
        assert_eq!(plant.segments[2].to, [0.0, 2.0, 0.0]);
    }
}
