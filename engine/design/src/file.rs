//! The design file: JSON with the brief, the site plan it sits on (a path relative to the
//! file), the alignment to the real yard, the items and the log of operations.
//!
//! ```json
//! {
//!   "format": "retki-design",
//!   "version": 1,
//!   "title": "Our new schoolyard",
//!   "site": "koivurinne.geojson",
//!   "budget_eur": 60000,
//!   "pupils": 320,
//!   "items": [{ "id": 1, "kind": "bench", "at": [3.5, -12.0], "rotation_deg": 90,
//!               "width_m": 1.8, "depth_m": 0.65, "colour": "#8a5a32", "placed_by": "otter" }],
//!   "log": [{ "seq": 1, "author": "otter", "time_ms": 1790000000000, "op": "place",
//!             "item": { … the item as placed … } }]
//! }
//! ```
//!
//! Loading checks everything and names each problem by file, line, column and field: a file
//! from a newer Retki, unknown or missing fields, kinds not in the catalogue, sizes outside the
//! catalogue's limits, items that break the placement rules, and a log that does not replay to
//! the items. A design with an empty log keeps its items as written.

use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};
use serde_json::Value;

use crate::align::Alignment;
use crate::design::{Brief, Design};
use crate::json_path::JsonPath;
use crate::ops::{Item, Operation};
use crate::problem::{ContentErrors, Report, problem, read_text, syntax};
use crate::site::Site;

/// The `format` every design file carries.
pub const FORMAT: &str = "retki-design";
/// The newest design format this Retki reads and the one it writes.
pub const VERSION: u64 = 1;

#[derive(Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct DesignFile {
    format: String,
    version: u64,
    title: String,
    site: String,
    budget_eur: f32,
    pupils: u32,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    alignment: Option<Alignment>,
    items: Vec<Item>,
    log: Vec<Operation>,
}

/// A design read from a file, with where its site plan came from.
pub struct Loaded {
    /// The design.
    pub design: Design,
    /// The site plan's path as the file names it.
    pub site_ref: String,
    /// The site plan's path on this machine.
    pub site_path: PathBuf,
}

/// Reads and checks a design file and the site plan it names.
pub fn load(path: &Path) -> Result<Loaded, ContentErrors> {
    let file = path.display().to_string();
    let text = read_text(path)?;
    let value: Value = serde_json::from_str(&text).map_err(|e| syntax(&file, &e))?;
    let mut report = Report::new(&file, &text);
    let root = JsonPath::root();
    if value.get("format").and_then(Value::as_str) != Some(FORMAT) {
        report.at(
            &root.key("format"),
            format!("a design file says \"format\": \"{FORMAT}\""),
        );
        return Err(report.into_problems());
    }
    match value.get("version").and_then(Value::as_u64) {
        Some(v) if v > VERSION => {
            report.at(
                &root.key("version"),
                format!(
                    "this design was saved by a newer Retki (format version {v}); this one \
                     reads version {VERSION}: update Retki to open it"
                ),
            );
            return Err(report.into_problems());
        }
        Some(v) if v >= 1 => {}
        _ => {
            report.at(
                &root.key("version"),
                format!("give the format version: {VERSION}"),
            );
            return Err(report.into_problems());
        }
    }
    let raw: DesignFile = serde_path_to_error::deserialize(
        &mut serde_json::Deserializer::from_str(&text),
    )
    .map_err(|e| {
        let inner = e.inner();
        ContentErrors(vec![problem(
            &file,
            (inner.line(), inner.column()),
            &e.path().to_string(),
            inner.to_string().split(" at line").next().unwrap_or(""),
        )])
    })?;

    if !(raw.budget_eur.is_finite() && raw.budget_eur >= 0.0) {
        report.at(
            &root.key("budget_eur"),
            "give the budget in euros, 0 or more",
        );
    }
    if raw.pupils == 0 {
        report.at(
            &root.key("pupils"),
            "give how many pupils use the yard, 1 or more",
        );
    }
    let site_path = path.parent().unwrap_or(Path::new(".")).join(&raw.site);
    let site_place = root.key("site").locate(&text);
    let site = Site::load(&site_path).map_err(|mut site_problems| {
        site_problems.0.insert(
            0,
            problem(
                &file,
                site_place,
                "site",
                format!("the site plan {} has problems:", site_path.display()),
            ),
        );
        site_problems
    })?;
    if let Some(alignment) = &raw.alignment
        && let Err(e) = alignment.solve()
    {
        report.at(&root.key("alignment"), e.to_string());
    }
    let brief = Brief {
        title: raw.title,
        budget_eur: raw.budget_eur,
        pupils: raw.pupils,
    };

    let mut design = if raw.log.is_empty() {
        Design::new(site, brief)
    } else {
        match Design::replay(site, brief, &raw.log) {
            Ok(design) => design,
            Err(e) => {
                let at = raw.log.iter().position(|op| op.seq == e.seq).unwrap_or(0);
                report.at(
                    &root.key("log").index(at),
                    format!("the log does not replay: {e}"),
                );
                return Err(report.into_problems());
            }
        }
    };
    design.alignment = raw.alignment;

    // Every item as written: values, unique ids, rules against the others.
    let mut seen = std::collections::HashSet::new();
    for (i, item) in raw.items.iter().enumerate() {
        let at = root.key("items").index(i);
        if !seen.insert(item.id) {
            report.at(&at.key("id"), format!("item id {} is used twice", item.id));
            continue;
        }
        let others = raw.items.iter().filter(|o| o.id != item.id);
        let check = design
            .check_values(item)
            .and_then(|()| design.rules().check(item, others));
        if let Err(refusal) = check {
            report.at(&at, format!("{} (item {}): {refusal}", item.kind, item.id));
        }
    }
    if raw.log.is_empty() {
        if report.is_clean() {
            design.insert_unlogged(raw.items);
        }
    } else {
        let replayed: Vec<&Item> = design.items().collect();
        if replayed.len() != raw.items.len()
            || replayed.iter().zip(&raw.items).any(|(a, b)| *a != b)
        {
            let differs = replayed
                .iter()
                .zip(&raw.items)
                .position(|(a, b)| *a != b)
                .unwrap_or(replayed.len().min(raw.items.len()));
            report.at(
                &root.key("items").index(differs),
                format!(
                    "the items differ from what the log replays to ({} items, item {} differs \
                     first): the file was edited by hand; drop the log or the edit",
                    replayed.len(),
                    differs
                ),
            );
        }
    }
    report.finish(Loaded {
        design,
        site_ref: raw.site,
        site_path,
    })
}

/// The design as JSON, naming its site plan as `site_ref`.
pub fn to_json(design: &Design, site_ref: &str) -> String {
    let file = DesignFile {
        format: FORMAT.into(),
        version: VERSION,
        title: design.brief.title.clone(),
        site: site_ref.to_owned(),
        budget_eur: design.brief.budget_eur,
        pupils: design.brief.pupils,
        alignment: design.alignment.clone(),
        items: design.items().cloned().collect(),
        log: design.log().to_vec(),
    };
    let mut text = serde_json::to_string_pretty(&file).expect("a design serialises");
    text.push('\n');
    text
}

/// Writes the design to `path`, through a temporary file so a crash never leaves half a file.
pub fn save(design: &Design, site_ref: &str, path: &Path) -> std::io::Result<()> {
    let tmp = path.with_extension("json.tmp");
    std::fs::write(&tmp, to_json(design, site_ref))?;
    std::fs::rename(tmp, path)
}
