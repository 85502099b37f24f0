//! Where an item may stand: inside the yard, clear of buildings, fixed features, existing
//! trunks and other items, and with every safety zone kept free. The checks are shape queries
//! in parry, the geometry library under rapier: the site's plane is parry's x–y plane (east,
//! north) and every outline is a prism standing through it, so 3-D intersection tests answer
//! the 2-D question exactly.

use std::fmt;

use parry3d::math::{Pose, Vector};
use parry3d::query::intersection_test;
use parry3d::shape::{Ball, Compound, ConvexPolyhedron, Cuboid, Segment, Shape, SharedShape};

use crate::catalogue::{Footprint, Kind, kind};
use crate::ops::{Item, ItemId};
use crate::site::{Site, contains};

/// Half the height of the prisms outlines are extruded into, metres: taller than any round
/// footprint's radius, so a ball meets a prism exactly where its circle meets the outline.
const HALF_HEIGHT_M: f32 = 1_000.0;

/// The space round an existing tree's trunk kept free to protect its roots, metres.
pub const TRUNK_PROTECTION_M: f32 = 1.0;

/// Why a change was refused. A refusal leaves the design as it was.
#[derive(Clone, Debug, PartialEq)]
pub enum Refusal {
    /// The catalogue has no such kind.
    UnknownKind(String),
    /// A size outside the catalogue's limits.
    SizeOutOfLimits {
        /// The kind.
        kind: &'static str,
        /// `width` or `depth`.
        dimension: &'static str,
        /// What was asked, metres.
        asked_m: f32,
        /// The smallest allowed, metres.
        min_m: f32,
        /// The largest allowed, metres.
        max_m: f32,
    },
    /// A colour not written `#rrggbb`.
    BadColour(String),
    /// A position, size or angle that is not a finite number.
    NotANumber,
    /// No item has this id (never placed, or deleted).
    NoSuchItem(ItemId),
    /// The item would stand outside the yard.
    OutsideYard,
    /// The item's impact area would reach outside the yard.
    SafetyZoneOutsideYard,
    /// The item would stand on a building or fixed feature.
    OverlapsBuilding(String),
    /// The item would stand on an existing tree's protected root zone.
    TooCloseToTree(String),
    /// The item would overlap another.
    OverlapsItem(ItemId, &'static str),
    /// The item would stand in another's safety zone.
    InSafetyZoneOf(ItemId, &'static str),
    /// The item's safety zone would cover another item.
    SafetyZoneCovers(ItemId, &'static str),
    /// The item's safety zone would cover a building or fixed feature.
    SafetyZoneCoversBuilding(String),
    /// Two impact areas would overlap where one is a swing's.
    SafetyZonesOverlap(ItemId, &'static str),
    /// The author has nothing left to undo.
    NothingToUndo,
    /// The author has nothing left to redo.
    NothingToRedo,
    /// Someone changed the item after the change being undone or redone.
    ChangedSince {
        /// The item.
        id: ItemId,
        /// Who changed it last.
        by: String,
    },
    /// The change, though allowed, does not fit the design as it stands (what does not).
    DoesNotFit(String),
}

impl fmt::Display for Refusal {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Refusal::UnknownKind(k) => write!(f, "there is no \"{k}\" in the catalogue"),
            Refusal::SizeOutOfLimits {
                kind,
                dimension,
                asked_m,
                min_m,
                max_m,
            } => write!(
                f,
                "a {kind}'s {dimension} must be {min_m}–{max_m} m, not {asked_m} m"
            ),
            Refusal::BadColour(c) => write!(f, "\"{c}\" is not a colour: write #rrggbb"),
            Refusal::NotANumber => f.write_str("a position, size or angle is not a number"),
            Refusal::NoSuchItem(id) => write!(f, "item {id} is not in the design (deleted?)"),
            Refusal::OutsideYard => f.write_str("it would stand outside the yard"),
            Refusal::SafetyZoneOutsideYard => {
                f.write_str("its safety zone (EN 1176-1 impact area) would reach outside the yard")
            }
            Refusal::OverlapsBuilding(n) => write!(f, "it would stand on {n}"),
            Refusal::TooCloseToTree(n) => write!(
                f,
                "it would stand within {TRUNK_PROTECTION_M} m of the trunk of {n}, over its roots"
            ),
            Refusal::OverlapsItem(id, k) => write!(f, "it would overlap the {k} (item {id})"),
            Refusal::InSafetyZoneOf(id, k) => {
                write!(
                    f,
                    "it would stand in the safety zone of the {k} (item {id})"
                )
            }
            Refusal::SafetyZoneCovers(id, k) => {
                write!(f, "its safety zone would cover the {k} (item {id})")
            }
            Refusal::SafetyZoneCoversBuilding(n) => {
                write!(f, "its safety zone would cover {n}")
            }
            Refusal::SafetyZonesOverlap(id, k) => write!(
                f,
                "its impact area would overlap that of the {k} (item {id}); a swing's may not \
                 overlap another's (EN 1176-1)"
            ),
            Refusal::NothingToUndo => f.write_str("there is nothing of yours to undo"),
            Refusal::NothingToRedo => f.write_str("there is nothing of yours to redo"),
            Refusal::ChangedSince { id, by } => write!(
                f,
                "{by} changed item {id} after that; undo or change theirs first"
            ),
            Refusal::DoesNotFit(what) => {
                write!(
                    f,
                    "the design could not take this change ({what}); nothing changed"
                )
            }
        }
    }
}

impl std::error::Error for Refusal {}

/// An item's shapes, ready for queries.
struct Shapes {
    kind: &'static Kind,
    pose: Pose,
    footprint: Box<dyn Shape>,
    free: Box<dyn Shape>,
}

impl Shapes {
    fn of(item: &Item, kind: &'static Kind) -> Self {
        let pose = Pose::new(
            Vector::new(item.at[0], item.at[1], 0.0),
            Vector::new(0.0, 0.0, item.rotation_deg.to_radians()),
        );
        let (side, along) = kind.free_space_m();
        let (hw, hd) = (item.width_m / 2.0, item.depth_m / 2.0);
        let (footprint, free): (Box<dyn Shape>, Box<dyn Shape>) = match kind.footprint {
            Footprint::Rect => (
                Box::new(Cuboid::new(Vector::new(hw, hd, HALF_HEIGHT_M))),
                Box::new(Cuboid::new(Vector::new(
                    hw + side,
                    hd + along,
                    HALF_HEIGHT_M,
                ))),
            ),
            Footprint::Round => (
                Box::new(Ball::new(hw)),
                Box::new(Ball::new(hw + side.max(along))),
            ),
        };
        Self {
            kind,
            pose,
            footprint,
            free,
        }
    }

    /// The radius of a circle round the item's middle that holds its free space, metres.
    fn reach_of(item: &Item, kind: &Kind) -> f32 {
        let (side, along) = kind.free_space_m();
        ((item.width_m / 2.0 + side).powi(2) + (item.depth_m / 2.0 + along).powi(2)).sqrt()
    }

    fn has_free_space(&self) -> bool {
        let (side, along) = self.kind.free_space_m();
        side > 0.0 || along > 0.0
    }
}

fn touches(p1: &Pose, s1: &dyn Shape, p2: &Pose, s2: &dyn Shape) -> bool {
    // Every pair used here (cuboid, ball, convex polyhedron, compound, segment) is supported.
    intersection_test(p1, s1, p2, s2).unwrap_or(true)
}

/// The site's fixed geometry as shapes, built once.
pub struct Rules {
    yard: Vec<[f32; 2]>,
    yard_edges: Vec<Segment>,
    blocks: Vec<(String, Compound)>,
    trunks: Vec<(String, [f32; 2])>,
}

impl Rules {
    /// The rules of a site.
    pub fn new(site: &Site) -> Self {
        let n = site.yard.len();
        let yard_edges = (0..n)
            .map(|i| {
                let (a, b) = (site.yard[i], site.yard[(i + 1) % n]);
                Segment::new(Vector::new(a[0], a[1], 0.0), Vector::new(b[0], b[1], 0.0))
            })
            .collect();
        let blocks = site
            .buildings
            .iter()
            .chain(&site.fixed)
            .map(|b| (b.name.clone(), prisms(&b.outline)))
            .collect();
        let trunks = site.trees.iter().map(|t| (t.name.clone(), t.at)).collect();
        Self {
            yard: site.yard.clone(),
            yard_edges,
            blocks,
            trunks,
        }
    }

    /// Whether `item` may stand where it is among `others` (the item itself, by id, is skipped).
    pub fn check<'a>(
        &self,
        item: &Item,
        others: impl IntoIterator<Item = &'a Item>,
    ) -> Result<(), Refusal> {
        let mine = kind(&item.kind).ok_or_else(|| Refusal::UnknownKind(item.kind.clone()))?;
        let me = Shapes::of(item, mine);
        let identity = Pose::identity();

        // Inside the yard: the middle is in, and no boundary edge crosses the outline.
        let crosses = |shape: &dyn Shape| {
            self.yard_edges
                .iter()
                .any(|e| touches(&me.pose, shape, &identity, e))
        };
        if !contains(&self.yard, item.at) || crosses(me.footprint.as_ref()) {
            return Err(Refusal::OutsideYard);
        }
        if mine.play.is_some() && me.has_free_space() && crosses(me.free.as_ref()) {
            return Err(Refusal::SafetyZoneOutsideYard);
        }
        for (name, block) in &self.blocks {
            if touches(&me.pose, me.footprint.as_ref(), &identity, block) {
                return Err(Refusal::OverlapsBuilding(name.clone()));
            }
        }
        if me.has_free_space() {
            for (name, block) in &self.blocks {
                if touches(&me.pose, me.free.as_ref(), &identity, block) {
                    return Err(Refusal::SafetyZoneCoversBuilding(name.clone()));
                }
            }
        }
        let trunk = Ball::new(TRUNK_PROTECTION_M);
        for (name, at) in &self.trunks {
            let pose = Pose::translation(at[0], at[1], 0.0);
            if touches(&me.pose, me.footprint.as_ref(), &pose, &trunk) {
                return Err(Refusal::TooCloseToTree(name.clone()));
            }
        }

        let my_reach = Shapes::reach_of(item, mine);
        // Items near enough to matter: their middles are closer than both reaches.
        let near: Vec<(&Item, Shapes)> = others
            .into_iter()
            .filter(|other| other.id != item.id)
            .filter_map(|other| {
                let other_kind = kind(&other.kind)?;
                let (dx, dy) = (other.at[0] - item.at[0], other.at[1] - item.at[1]);
                let reach = my_reach + Shapes::reach_of(other, other_kind);
                (dx * dx + dy * dy <= reach * reach).then(|| (other, Shapes::of(other, other_kind)))
            })
            .collect();
        // Standing on another item is the plainer reason, so it is reported first.
        for (other, them) in &near {
            if touches(
                &me.pose,
                me.footprint.as_ref(),
                &them.pose,
                them.footprint.as_ref(),
            ) {
                return Err(Refusal::OverlapsItem(other.id, them.kind.id));
            }
        }
        let forced = |k: &Kind| k.play.is_some_and(|p| p.forced_movement());
        for (other, them) in &near {
            let (id, other_kind) = (other.id, them.kind);
            if them.has_free_space()
                && touches(
                    &me.pose,
                    me.footprint.as_ref(),
                    &them.pose,
                    them.free.as_ref(),
                )
            {
                return Err(Refusal::InSafetyZoneOf(id, other_kind.id));
            }
            if me.has_free_space()
                && touches(
                    &me.pose,
                    me.free.as_ref(),
                    &them.pose,
                    them.footprint.as_ref(),
                )
            {
                return Err(Refusal::SafetyZoneCovers(id, other_kind.id));
            }
            if (forced(mine) && other_kind.play.is_some()
                || forced(other_kind) && mine.play.is_some())
                && touches(&me.pose, me.free.as_ref(), &them.pose, them.free.as_ref())
            {
                return Err(Refusal::SafetyZonesOverlap(id, other_kind.id));
            }
        }
        Ok(())
    }
}

/// A polygon as a compound of triangular prisms (each convex), so concave outlines work.
fn prisms(outline: &[[f32; 2]]) -> Compound {
    let tris = retki_procgen::schoolyard::triangulate(outline);
    let parts = tris
        .chunks_exact(3)
        .filter_map(|t| {
            let points: Vec<Vector> = t
                .iter()
                .flat_map(|&i| {
                    let p = outline[i as usize];
                    [
                        Vector::new(p[0], p[1], -HALF_HEIGHT_M),
                        Vector::new(p[0], p[1], HALF_HEIGHT_M),
                    ]
                })
                .collect();
            ConvexPolyhedron::from_convex_hull(&points)
                .map(|hull| (Pose::identity(), SharedShape::new(hull)))
        })
        .collect();
    Compound::new(parts)
}
