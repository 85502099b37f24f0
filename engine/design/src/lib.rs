//! The schoolyard design as data, with no Bevy: the site read from GeoJSON, the catalogue of
//! placeable items, the design document and its operation log (undo, redo, authorship,
//! replay), placement rules as shape queries, and glTF export. The schoolyard scene shows and
//! edits it, the session layer replicates its operations, and the CLI checks and exports it.
//!
//! The crate is a placeholder in the workspace layout: nothing here is used yet.
