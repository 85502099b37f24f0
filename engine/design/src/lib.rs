//! The schoolyard design as data, with no Bevy: the site read from GeoJSON, the catalogue of
//! placeable items, the design document and its operation log (undo, redo, authorship,
//! replay), placement rules as shape queries, measuring, alignment to the real yard, and
//! glTF export. The schoolyard scene shows and edits it, the session layer replicates its
//! operations, and the CLI checks and exports it.

pub mod align;
pub mod catalogue;
pub mod cli;
pub mod design;
pub mod export;
pub mod file;
pub mod json_path;
pub mod measure;
pub mod ops;
pub mod problem;
pub mod rules;
pub mod site;
pub mod time;

/// The example schoolyard design (the Koivurinne school's yard), under `assets/`: a trip to
/// the schoolyard opens it, and lessons that build there start from it.
pub const EXAMPLE_DESIGN: &str = "sites/koivurinne.design.json";

pub use design::{Brief, Design, Summary};
pub use ops::{Change, Item, ItemId, Operation, Request};
pub use problem::{ContentError, ContentErrors};
pub use rules::Refusal;
pub use site::Site;
