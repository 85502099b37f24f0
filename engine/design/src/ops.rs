//! Operations: every change to a design is one, with its author, time and the values before
//! and after. They are what undo and redo step through, what "who placed this?" reads, what
//! the session layer replicates in the server's order, and what the portfolio records.

use serde::{Deserialize, Serialize};

/// An item's number in its design; never reused.
pub type ItemId = u32;

/// A placed item.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Item {
    /// Its number in the design.
    pub id: ItemId,
    /// Its kind in the catalogue, such as `bench`.
    pub kind: String,
    /// Where its middle stands, `[east, north]` metres in the site's frame.
    pub at: [f32; 2],
    /// How far it is turned, degrees counter-clockwise seen from above; 0 puts its width
    /// along east.
    pub rotation_deg: f32,
    /// Its width, metres.
    pub width_m: f32,
    /// Its depth, metres.
    pub depth_m: f32,
    /// Its colour, `#rrggbb`.
    pub colour: String,
    /// Who placed it (a pseudonym).
    pub placed_by: String,
}

/// One change to a design, with the values before and after, so it can be undone.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(tag = "op", rename_all = "snake_case", deny_unknown_fields)]
pub enum Change {
    /// An item was placed.
    Place {
        /// The item as placed.
        item: Item,
    },
    /// An item was moved.
    Move {
        /// Which item.
        id: ItemId,
        /// Where it stood, `[east, north]` metres.
        from: [f32; 2],
        /// Where it stands now.
        to: [f32; 2],
    },
    /// An item was turned.
    Rotate {
        /// Which item.
        id: ItemId,
        /// Its rotation before, degrees.
        from: f32,
        /// Its rotation after, degrees.
        to: f32,
    },
    /// An item was resized.
    Resize {
        /// Which item.
        id: ItemId,
        /// Width and depth before, metres.
        from: [f32; 2],
        /// Width and depth after, metres.
        to: [f32; 2],
    },
    /// An item was given another colour.
    Recolour {
        /// Which item.
        id: ItemId,
        /// Its colour before.
        from: String,
        /// Its colour after.
        to: String,
    },
    /// An item was removed.
    Delete {
        /// The item as it was.
        item: Item,
    },
}

impl Change {
    /// The change that takes the design back.
    pub fn inverse(&self) -> Change {
        match self.clone() {
            Change::Place { item } => Change::Delete { item },
            Change::Delete { item } => Change::Place { item },
            Change::Move { id, from, to } => Change::Move {
                id,
                from: to,
                to: from,
            },
            Change::Rotate { id, from, to } => Change::Rotate {
                id,
                from: to,
                to: from,
            },
            Change::Resize { id, from, to } => Change::Resize {
                id,
                from: to,
                to: from,
            },
            Change::Recolour { id, from, to } => Change::Recolour {
                id,
                from: to,
                to: from,
            },
        }
    }

    /// The item it changes.
    pub fn item_id(&self) -> ItemId {
        match self {
            Change::Place { item } | Change::Delete { item } => item.id,
            Change::Move { id, .. }
            | Change::Rotate { id, .. }
            | Change::Resize { id, .. }
            | Change::Recolour { id, .. } => *id,
        }
    }

    /// Its name as a verb: place, move, rotate, resize, recolour, delete.
    pub fn verb(&self) -> &'static str {
        match self {
            Change::Place { .. } => "place",
            Change::Move { .. } => "move",
            Change::Rotate { .. } => "rotate",
            Change::Resize { .. } => "resize",
            Change::Recolour { .. } => "recolour",
            Change::Delete { .. } => "delete",
        }
    }
}

/// A change as it happened: numbered in the order the design (or the session's server)
/// accepted it, with its author and time.
// Unknown fields are refused by the flattened `Change` (serde cannot deny them here).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Operation {
    /// Its place in the log, from 1.
    pub seq: u64,
    /// Who made it (a pseudonym).
    pub author: String,
    /// When, milliseconds since 1970-01-01 UTC.
    pub time_ms: u64,
    /// What changed.
    #[serde(flatten)]
    pub change: Change,
    /// The operation this one undoes, if it is an undo.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub undoes: Option<u64>,
    /// The operation this one does again, if it is a redo.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub redoes: Option<u64>,
}

/// What a pupil asks for. The design fills in the values before, checks the rules, and
/// either records an [`Operation`] or refuses and stays as it was.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(tag = "request", rename_all = "snake_case", deny_unknown_fields)]
pub enum Request {
    /// Place a new item.
    Place {
        /// Its kind in the catalogue.
        kind: String,
        /// Where, `[east, north]` metres.
        at: [f32; 2],
        /// Turned by, degrees counter-clockwise.
        #[serde(default)]
        rotation_deg: f32,
        /// Width and depth, metres; the catalogue's default when absent.
        #[serde(default)]
        size: Option<[f32; 2]>,
        /// Colour, `#rrggbb`; the catalogue's when absent.
        #[serde(default)]
        colour: Option<String>,
    },
    /// Move an item.
    Move {
        /// Which item.
        id: ItemId,
        /// To where, `[east, north]` metres.
        to: [f32; 2],
    },
    /// Turn an item to a rotation.
    Rotate {
        /// Which item.
        id: ItemId,
        /// The new rotation, degrees counter-clockwise.
        to_deg: f32,
    },
    /// Resize an item.
    Resize {
        /// Which item.
        id: ItemId,
        /// The new width and depth, metres.
        to: [f32; 2],
    },
    /// Give an item another colour.
    Recolour {
        /// Which item.
        id: ItemId,
        /// The new colour, `#rrggbb`.
        colour: String,
    },
    /// Remove an item.
    Delete {
        /// Which item.
        id: ItemId,
    },
    /// Undo the author's last change that is not undone yet.
    Undo,
    /// Do again the author's last undone change.
    Redo,
}

/// Whether `s` is a colour as designs write them: `#rrggbb`.
pub fn is_colour(s: &str) -> bool {
    s.len() == 7 && s.starts_with('#') && s[1..].chars().all(|c| c.is_ascii_hexdigit())
}
