//! A schoolyard design: the items on a site, the log of every operation that put them there,
//! undo and redo per pupil, and the live summary (cost against budget, green share, play area
//! per pupil).

use std::collections::{BTreeMap, HashMap};

use crate::align::Alignment;
use crate::catalogue::{Category, Footprint, kind};
use crate::ops::{Change, Item, ItemId, Operation, Request, is_colour};
use crate::rules::{Refusal, Rules};
use retki_procgen::schoolyard::polygon_area;

use crate::site::{Ground, Site};

/// What a design is for, set by the teacher.
#[derive(Clone, Debug, PartialEq)]
pub struct Brief {
    /// The design's title.
    pub title: String,
    /// The money the class may spend, euros.
    pub budget_eur: f32,
    /// How many pupils the yard serves.
    pub pupils: u32,
}

/// Undo and redo stacks of one author: numbers of that author's own operations.
#[derive(Clone, Debug, Default, PartialEq)]
struct Stacks {
    undo: Vec<u64>,
    redo: Vec<u64>,
}

/// A log that does not replay: an operation does not fit the design it is applied to.
#[derive(Clone, Debug, PartialEq, thiserror::Error)]
#[error("operation {seq} ({verb} item {id}): {what}")]
pub struct ReplayError {
    /// The operation's number.
    pub seq: u64,
    /// Its verb.
    pub verb: &'static str,
    /// Its item.
    pub id: ItemId,
    /// What does not fit.
    pub what: String,
}

/// The design's summary, as the class sees it while building.
#[derive(Clone, Debug, PartialEq)]
pub struct Summary {
    /// Items placed.
    pub items: usize,
    /// What they cost, euros.
    pub cost_eur: f32,
    /// The teacher's budget, euros.
    pub budget_eur: f32,
    /// Green ground (grass surfaces, planted items, tree crowns) as a share of the yard, 0–1.
    /// Overlaps between them are counted once each, so this is an upper bound.
    pub green_share: f32,
    /// Ground given to play and sport, with its safety zones, m².
    pub play_area_m2: f32,
    /// Play area per pupil, m².
    pub play_area_per_pupil_m2: f32,
}

/// A design on its site.
pub struct Design {
    /// The site it is on.
    pub site: Site,
    /// The teacher's brief.
    pub brief: Brief,
    /// How the site lines up with the real yard, once a teacher has aligned it.
    pub alignment: Option<Alignment>,
    rules: Rules,
    items: BTreeMap<ItemId, Item>,
    log: Vec<Operation>,
    stacks: HashMap<String, Stacks>,
    next_id: ItemId,
}

impl Design {
    /// An empty design on `site`.
    pub fn new(site: Site, brief: Brief) -> Self {
        Self {
            rules: Rules::new(&site),
            site,
            brief,
            alignment: None,
            items: BTreeMap::new(),
            log: Vec::new(),
            stacks: HashMap::new(),
            next_id: 1,
        }
    }

    /// The items, by id.
    pub fn items(&self) -> impl ExactSizeIterator<Item = &Item> {
        self.items.values()
    }

    /// The item `id`, if it is in the design.
    pub fn item(&self, id: ItemId) -> Option<&Item> {
        self.items.get(&id)
    }

    /// Every operation, in order.
    pub fn log(&self) -> &[Operation] {
        &self.log
    }

    /// The site's rules, for checking a placement without making it (a preview ghost).
    pub fn would_allow(&self, item: &Item) -> Result<(), Refusal> {
        check_values(item)?;
        self.rules.check(item, self.items.values())
    }

    /// The placement rules of the site.
    pub fn rules(&self) -> &Rules {
        &self.rules
    }

    /// Checks an item's own values: kind, numbers, size limits, colour.
    pub fn check_values(&self, item: &Item) -> Result<(), Refusal> {
        check_values(item)
    }

    /// Puts items in as they are, with no operations: for designs written without a log.
    pub(crate) fn insert_unlogged(&mut self, items: Vec<Item>) {
        for item in items {
            self.next_id = self.next_id.max(item.id + 1);
            self.items.insert(item.id, item);
        }
    }

    /// Carries out `request` for `author` at `time_ms`, or refuses it and changes nothing.
    pub fn apply(
        &mut self,
        author: &str,
        time_ms: u64,
        request: Request,
    ) -> Result<&Operation, Refusal> {
        let (change, undoes, redoes) = match request {
            Request::Undo => {
                let target = self
                    .last_of(author, |s| &s.undo)
                    .ok_or(Refusal::NothingToUndo)?;
                (self.redo_or_undo(target, true)?, Some(target), None)
            }
            Request::Redo => {
                let target = self
                    .last_of(author, |s| &s.redo)
                    .ok_or(Refusal::NothingToRedo)?;
                (self.redo_or_undo(target, false)?, None, Some(target))
            }
            fresh => (self.change_for(author, fresh)?, None, None),
        };
        // What stays in the design is checked: its values and the rules. (A deleted item was
        // checked when it went in.)
        if let Some(after) = self.after(&change) {
            self.would_allow(&after)?;
        }
        let op = Operation {
            seq: self.log.len() as u64 + 1,
            author: author.to_owned(),
            time_ms,
            change,
            undoes,
            redoes,
        };
        self.commit(op)
            .map_err(|error| Refusal::DoesNotFit(error.what))
    }

    /// Takes an operation another copy of this design made (the session server's, in its
    /// order), checking that it fits this design as it stands.
    pub fn take(&mut self, op: Operation) -> Result<(), ReplayError> {
        self.commit(op).map(|_| ())
    }

    /// Builds a design by replaying a log, checking that each operation fits the design as
    /// it stands (the values before match, ids are new or present). Placement rules are not
    /// re-run: they held when each operation was accepted.
    pub fn replay(site: Site, brief: Brief, log: &[Operation]) -> Result<Self, ReplayError> {
        let mut design = Self::new(site, brief);
        for op in log {
            design.commit(op.clone())?;
        }
        Ok(design)
    }

    /// The item whose footprint covers map point `p`, if any (the last placed wins).
    pub fn item_at(&self, p: [f32; 2]) -> Option<ItemId> {
        self.items
            .values()
            .rev()
            .find(|item| {
                let Some(k) = kind(&item.kind) else {
                    return false;
                };
                // Into the item's own frame: undo its turn about its middle.
                let (s, c) = (-item.rotation_deg.to_radians()).sin_cos();
                let (dx, dy) = (p[0] - item.at[0], p[1] - item.at[1]);
                let (x, y) = (dx * c - dy * s, dx * s + dy * c);
                let (hw, hd) = (item.width_m / 2.0, item.depth_m / 2.0);
                match k.footprint {
                    Footprint::Rect => x.abs() <= hw && y.abs() <= hd,
                    Footprint::Round => x * x + y * y <= hw * hw,
                }
            })
            .map(|item| item.id)
    }

    /// Everything done to item `id`, oldest first: "who placed or moved this?".
    pub fn history(&self, id: ItemId) -> impl Iterator<Item = &Operation> {
        self.log.iter().filter(move |op| op.change.item_id() == id)
    }

    /// The summary of the design as it stands.
    pub fn summary(&self) -> Summary {
        let yard_m2 = self.site.yard_area_m2().max(f32::EPSILON);
        let mut cost = 0.0;
        let mut green = 0.0;
        let mut play = 0.0;
        for item in self.items.values() {
            let Some(k) = kind(&item.kind) else { continue };
            cost += k.cost_eur(item.width_m, item.depth_m);
            let footprint = match k.footprint {
                Footprint::Rect => item.width_m * item.depth_m,
                Footprint::Round => std::f32::consts::FRAC_PI_4 * item.width_m * item.depth_m,
            };
            match k.category {
                Category::Green => green += footprint,
                Category::Play | Category::Sport => {
                    let (side, along) = k.free_space_m();
                    play += (item.width_m + 2.0 * side) * (item.depth_m + 2.0 * along);
                }
                Category::Rest | Category::Utility => {}
            }
        }
        green += self
            .site
            .surfaces
            .iter()
            .filter(|s| s.ground == Ground::Grass)
            .map(|s| polygon_area(&s.outline))
            .sum::<f32>();
        green += self
            .site
            .trees
            .iter()
            .map(|t| std::f32::consts::FRAC_PI_4 * t.crown_m * t.crown_m)
            .sum::<f32>();
        Summary {
            items: self.items.len(),
            cost_eur: cost,
            budget_eur: self.brief.budget_eur,
            green_share: (green / yard_m2).min(1.0),
            play_area_m2: play,
            play_area_per_pupil_m2: play / self.brief.pupils.max(1) as f32,
        }
    }

    /// The author's last operation on one of their stacks.
    fn last_of(&self, author: &str, stack: impl Fn(&Stacks) -> &Vec<u64>) -> Option<u64> {
        self.stacks
            .get(author)
            .and_then(|s| stack(s).last().copied())
    }

    /// The change that undoes (or redoes) operation `seq`, if the item is as it left it.
    fn redo_or_undo(&self, seq: u64, undo: bool) -> Result<Change, Refusal> {
        let original = &self.log[seq as usize - 1].change;
        let change = if undo {
            original.inverse()
        } else {
            original.clone()
        };
        let id = change.item_id();
        if self.fits(&change).is_err() {
            if !self.items.contains_key(&id) && !matches!(change, Change::Place { .. }) {
                return Err(Refusal::NoSuchItem(id));
            }
            let by = self
                .history(id)
                .last()
                .map_or_else(String::new, |op| op.author.clone());
            return Err(Refusal::ChangedSince { id, by });
        }
        Ok(change)
    }

    /// The change a fresh request makes, with the values before filled in.
    fn change_for(&self, author: &str, request: Request) -> Result<Change, Refusal> {
        let current = |id: ItemId| self.items.get(&id).ok_or(Refusal::NoSuchItem(id));
        Ok(match request {
            Request::Place {
                kind: kind_id,
                at,
                rotation_deg,
                size,
                colour,
            } => {
                let k = kind(&kind_id).ok_or(Refusal::UnknownKind(kind_id))?;
                let [width_m, depth_m] = size.unwrap_or([k.width_m.default, k.depth_m.default]);
                Change::Place {
                    item: Item {
                        id: self.next_id,
                        kind: k.id.to_owned(),
                        at,
                        rotation_deg: normal_angle(rotation_deg),
                        width_m,
                        depth_m,
                        colour: colour.unwrap_or_else(|| k.colour.to_owned()),
                        placed_by: author.to_owned(),
                    },
                }
            }
            Request::Move { id, to } => Change::Move {
                id,
                from: current(id)?.at,
                to,
            },
            Request::Rotate { id, to_deg } => Change::Rotate {
                id,
                from: current(id)?.rotation_deg,
                to: normal_angle(to_deg),
            },
            Request::Resize { id, to } => {
                let item = current(id)?;
                Change::Resize {
                    id,
                    from: [item.width_m, item.depth_m],
                    to,
                }
            }
            Request::Recolour { id, colour } => {
                if !is_colour(&colour) {
                    return Err(Refusal::BadColour(colour));
                }
                Change::Recolour {
                    id,
                    from: current(id)?.colour.clone(),
                    to: colour,
                }
            }
            Request::Delete { id } => Change::Delete {
                item: current(id)?.clone(),
            },
            Request::Undo | Request::Redo => unreachable!("handled by apply"),
        })
    }

    /// The item as `change` would leave it, where it stays in the design.
    fn after(&self, change: &Change) -> Option<Item> {
        let mut item = match change {
            Change::Place { item } => return Some(item.clone()),
            Change::Delete { .. } => return None,
            other => self.items.get(&other.item_id())?.clone(),
        };
        match change {
            Change::Move { to, .. } => item.at = *to,
            Change::Rotate { to, .. } => item.rotation_deg = *to,
            Change::Resize { to, .. } => [item.width_m, item.depth_m] = *to,
            Change::Recolour { to, .. } => item.colour.clone_from(to),
            Change::Place { .. } | Change::Delete { .. } => {}
        }
        Some(item)
    }

    /// Whether `change` fits the design as it stands: its values before are the item's now.
    fn fits(&self, change: &Change) -> Result<(), String> {
        let id = change.item_id();
        let current = self.items.get(&id);
        let ok = match (change, current) {
            (Change::Place { .. }, None) => true,
            (Change::Place { .. }, Some(_)) => return Err("the id is taken".into()),
            (_, None) => return Err("no such item".into()),
            (Change::Delete { item }, Some(now)) => item == now,
            (Change::Move { from, .. }, Some(now)) => *from == now.at,
            (Change::Rotate { from, .. }, Some(now)) => *from == now.rotation_deg,
            (Change::Resize { from, .. }, Some(now)) => *from == [now.width_m, now.depth_m],
            (Change::Recolour { from, .. }, Some(now)) => *from == now.colour,
        };
        if ok {
            Ok(())
        } else {
            Err("the item is not as the operation found it".into())
        }
    }

    /// Applies an accepted operation: the one path for fresh changes and for replay.
    fn commit(&mut self, op: Operation) -> Result<&Operation, ReplayError> {
        let fail = |what: String| ReplayError {
            seq: op.seq,
            verb: op.change.verb(),
            id: op.change.item_id(),
            what,
        };
        if op.seq != self.log.len() as u64 + 1 {
            return Err(fail(format!("expected operation {}", self.log.len() + 1)));
        }
        self.fits(&op.change).map_err(fail)?;
        let stacks = self.stacks.entry(op.author.clone()).or_default();
        let (pop, push) = match (op.undoes, op.redoes) {
            (Some(t), None) => (Some((t, &mut stacks.undo)), Some(&mut stacks.redo)),
            (None, Some(t)) => (Some((t, &mut stacks.redo)), Some(&mut stacks.undo)),
            (None, None) => {
                stacks.redo.clear();
                stacks.undo.push(op.seq);
                (None, None)
            }
            (Some(_), Some(_)) => return Err(fail("both undoes and redoes".into())),
        };
        if let (Some((target, from)), Some(to)) = (pop, push) {
            if from.last() != Some(&target) {
                return Err(fail(format!(
                    "operation {target} is not {}'s next to undo or redo",
                    op.author
                )));
            }
            from.pop();
            to.push(target);
        }
        match self.after(&op.change) {
            Some(item) => {
                self.next_id = self.next_id.max(item.id + 1);
                self.items.insert(item.id, item);
            }
            None => {
                self.items.remove(&op.change.item_id());
            }
        }
        self.log.push(op);
        Ok(self
            .log
            .last()
            .unwrap_or_else(|| unreachable!("pushed above")))
    }
}

/// An angle in degrees brought into [0, 360).
fn normal_angle(deg: f32) -> f32 {
    deg.rem_euclid(360.0)
}

/// The values every item must have: a known kind, finite numbers, a size within the
/// catalogue's limits and a colour.
fn check_values(item: &Item) -> Result<(), Refusal> {
    let k = kind(&item.kind).ok_or_else(|| Refusal::UnknownKind(item.kind.clone()))?;
    let numbers = [
        item.at[0],
        item.at[1],
        item.rotation_deg,
        item.width_m,
        item.depth_m,
    ];
    if !numbers.iter().all(|x| x.is_finite()) {
        return Err(Refusal::NotANumber);
    }
    for (dimension, limits, asked_m) in [
        ("width", k.width_m, item.width_m),
        ("depth", k.depth_m, item.depth_m),
    ] {
        if !limits.allows(asked_m) {
            return Err(Refusal::SizeOutOfLimits {
                kind: k.id,
                dimension,
                asked_m,
                min_m: limits.min,
                max_m: limits.max,
            });
        }
    }
    if !is_colour(&item.colour) {
        return Err(Refusal::BadColour(item.colour.clone()));
    }
    Ok(())
}
