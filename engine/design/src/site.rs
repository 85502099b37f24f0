//! A schoolyard site from a GeoJSON plan (RFC 7946), the format cities publish open map data
//! in: one yard boundary, the buildings, existing trees, fixed features and ground surfaces.
//!
//! Each feature says what it is in `properties.kind`:
//!
//! | kind | geometry | properties |
//! |---|---|---|
//! | `yard` (exactly one) | Polygon | `name` |
//! | `building` | Polygon | `name`, `height_m` (> 0) |
//! | `fixed` (something pupils cannot build over: a substation, a waste shelter) | Polygon | `name`, `height_m` (> 0) |
//! | `tree` (an existing tree) | Point | `name`, optional `height_m` (default 12), `crown_m` (crown diameter, default 6) |
//! | `surface` (what the ground is) | Polygon | `surface`: `grass`, `asphalt`, `sand`, `gravel` or `rubber` |
//!
//! Accepted coordinate systems, named by the GeoJSON 2008 `crs` member that GDAL and QGIS
//! still write: none, `CRS84` or `EPSG:4326` (WGS84 longitude, latitude in degrees — RFC 7946's
//! own), `EPSG:3067` (ETRS-TM35FIN), `EPSG:3873`–`EPSG:3885` (ETRS-GK19FIN to GK31FIN, Helsinki
//! publishes in GK25, EPSG:3879) and `EPSG:25835` (ETRS89 / UTM 35N), in metres east and north.
//! Projected coordinates are used as metres as they are: across a schoolyard those projections
//! are within 0.1 % of true length (TM35FIN's scale factor is 0.9996 on its central meridian). WGS84
//! is projected onto the plane touching the ellipsoid at the yard's centre, which is within a
//! few millimetres over the 10 km a site may span.
//!
//! The site's local frame puts the yard's bounding-box centre at the origin, with `[east,
//! north]` in metres.

use std::path::Path;

use serde_json::Value;

use retki_procgen::schoolyard::{polygon_area, twice_signed_area};

use crate::json_path::JsonPath;
use crate::problem::{ContentErrors, Report, read_text, syntax};

/// The widest a site may be, metres: anything larger is not a schoolyard, and usually means
/// coordinates in the wrong system.
pub const MAX_SITE_EXTENT_M: f64 = 10_000.0;

/// WGS84 semi-major axis, metres (NIMA TR8350.2, 2000).
const WGS84_A_M: f64 = 6_378_137.0;
/// WGS84 first eccentricity squared (NIMA TR8350.2, 2000).
const WGS84_E2: f64 = 0.006_694_379_990_14;

/// A coordinate reference system the site plan may use.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Crs {
    /// WGS84 longitude and latitude, degrees.
    Wgs84,
    /// A projected system in metres east and north, by its EPSG code.
    Projected(u32),
}

impl Crs {
    /// The system a `crs` name means, or `None` for one not accepted.
    pub fn from_name(name: &str) -> Option<Self> {
        let upper = name.trim().to_ascii_uppercase();
        if upper.ends_with("CRS84") {
            return Some(Self::Wgs84);
        }
        if !upper.contains("EPSG") {
            return None;
        }
        let code: u32 = upper.rsplit(':').next()?.parse().ok()?;
        match code {
            4326 => Some(Self::Wgs84),
            3067 | 3873..=3885 | 25835 => Some(Self::Projected(code)),
            _ => None,
        }
    }
}

/// What a patch of ground is.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Ground {
    /// Lawn or meadow: counts as green.
    Grass,
    /// Asphalt.
    Asphalt,
    /// Sand.
    Sand,
    /// Gravel or stone dust.
    Gravel,
    /// Poured rubber safety surfacing.
    Rubber,
}

impl Ground {
    const NAMES: [(&'static str, Ground); 5] = [
        ("grass", Ground::Grass),
        ("asphalt", Ground::Asphalt),
        ("sand", Ground::Sand),
        ("gravel", Ground::Gravel),
        ("rubber", Ground::Rubber),
    ];

    /// The name a site plan uses for it.
    pub fn name(self) -> &'static str {
        Self::NAMES
            .iter()
            .find(|(_, g)| *g == self)
            .map_or("", |(n, _)| n)
    }
}

/// A building or a fixed feature: a footprint pupils cannot build over.
#[derive(Clone, Debug, PartialEq)]
pub struct Block {
    /// Its name, for refusals ("overlaps the gym").
    pub name: String,
    /// Its outline, `[east, north]` metres, counter-clockwise, not closed.
    pub outline: Vec<[f32; 2]>,
    /// Its height, metres.
    pub height_m: f32,
}

/// A tree that already grows on the site.
#[derive(Clone, Debug, PartialEq)]
pub struct ExistingTree {
    /// Its name or species.
    pub name: String,
    /// Where its trunk stands, `[east, north]` metres.
    pub at: [f32; 2],
    /// Its height, metres.
    pub height_m: f32,
    /// Its crown's diameter, metres.
    pub crown_m: f32,
}

/// A patch of ground of one kind.
#[derive(Clone, Debug, PartialEq)]
pub struct Surface {
    /// What the ground is.
    pub ground: Ground,
    /// Its outline, `[east, north]` metres, counter-clockwise, not closed.
    pub outline: Vec<[f32; 2]>,
}

/// A schoolyard site in local metres.
#[derive(Clone, Debug, PartialEq)]
pub struct Site {
    /// The yard's name.
    pub name: String,
    /// The plan's coordinate system.
    pub crs: Crs,
    /// The local origin in the plan's coordinates (easting, northing or longitude, latitude).
    pub origin: [f64; 2],
    /// The yard's boundary, `[east, north]` metres, counter-clockwise, not closed.
    pub yard: Vec<[f32; 2]>,
    /// Buildings.
    pub buildings: Vec<Block>,
    /// Fixed features.
    pub fixed: Vec<Block>,
    /// Existing trees.
    pub trees: Vec<ExistingTree>,
    /// Ground surfaces; ground not covered by one is grass.
    pub surfaces: Vec<Surface>,
}

/// Existing trees: default height and crown, metres, where the plan gives none.
const DEFAULT_TREE_HEIGHT_M: f64 = 12.0;
const DEFAULT_TREE_CROWN_M: f64 = 6.0;

impl Site {
    /// Reads and checks a site plan.
    pub fn load(path: &Path) -> Result<Site, ContentErrors> {
        let text = read_text(path)?;
        Self::parse(&path.display().to_string(), &text)
    }

    /// Checks a site plan's text; `file` names it in problems.
    pub fn parse(file: &str, text: &str) -> Result<Site, ContentErrors> {
        let doc: Value = serde_json::from_str(text).map_err(|e| syntax(file, &e))?;
        let mut report = Report::new(file, text);
        let root = JsonPath::root();
        if doc.get("type").and_then(Value::as_str) != Some("FeatureCollection") {
            report.at(
                &root.key("type"),
                "a site plan is a GeoJSON FeatureCollection: \"type\": \"FeatureCollection\"",
            );
        }
        let crs = match doc.pointer("/crs/properties/name") {
            None => Crs::Wgs84,
            Some(name) => {
                let name_str = name.as_str().unwrap_or_default();
                Crs::from_name(name_str).unwrap_or_else(|| {
                    report.at(
                        &root.key("crs").key("properties").key("name"),
                        format!(
                            "unknown coordinate system {name}: use WGS84 (leave out \"crs\"), \
                             EPSG:3067 (ETRS-TM35FIN), EPSG:3873 to EPSG:3885 (ETRS-GKn) or \
                             EPSG:25835"
                        ),
                    );
                    Crs::Wgs84
                })
            }
        };
        // Coordinates in an unknown system cannot be checked further.
        if !report.is_clean() {
            return Err(report.into_problems());
        }
        let Some(features) = doc.get("features").and_then(Value::as_array) else {
            report.at(
                &root.key("features"),
                "a site plan needs a \"features\" array",
            );
            return Err(report.into_problems());
        };

        // First pass: every feature's geometry in the plan's own coordinates.
        let mut raw = Vec::new();
        for (i, feature) in features.iter().enumerate() {
            let path = root.key("features").index(i);
            let kind_path = path.key("properties").key("kind");
            let kind = feature.pointer("/properties/kind").and_then(Value::as_str);
            let wants = match kind {
                Some("yard" | "building" | "fixed" | "surface") => "Polygon",
                Some("tree") => "Point",
                Some(other) => {
                    report.at(
                        &kind_path,
                        format!(
                            "unknown kind \"{other}\": use yard, building, fixed, tree or surface"
                        ),
                    );
                    continue;
                }
                None => {
                    report.at(
                        &kind_path,
                        "each feature needs properties.kind: yard, building, fixed, tree or surface",
                    );
                    continue;
                }
            };
            let geometry = path.key("geometry");
            let got = feature.pointer("/geometry/type").and_then(Value::as_str);
            if got != Some(wants) {
                report.at(
                    &geometry.key("type"),
                    format!(
                        "a {} must be a {wants}, not {}",
                        kind.unwrap_or_default(),
                        got.unwrap_or("nothing")
                    ),
                );
                continue;
            }
            let coords = feature
                .pointer("/geometry/coordinates")
                .unwrap_or(&Value::Null);
            let coords_path = geometry.key("coordinates");
            let shape = if wants == "Point" {
                position(&mut report, &coords_path, coords, crs).map(|p| vec![p])
            } else {
                ring(&mut report, &coords_path, coords, crs)
            };
            if let Some(shape) = shape {
                raw.push((i, kind.unwrap_or_default(), shape, feature));
            }
        }

        // Counted by kind, so a yard with a bad geometry is not reported missing as well.
        let yard_features: Vec<usize> = features
            .iter()
            .enumerate()
            .filter(|(_, f)| f.pointer("/properties/kind").and_then(Value::as_str) == Some("yard"))
            .map(|(i, _)| i)
            .collect();
        if yard_features.len() != 1 {
            let at = yard_features
                .get(1)
                .map_or(root.key("features"), |&i| root.key("features").index(i));
            report.at(
                &at,
                format!(
                    "a site plan has exactly one yard feature; this one has {}",
                    yard_features.len()
                ),
            );
        }
        let yards: Vec<_> = raw.iter().filter(|r| r.1 == "yard").collect();
        if !report.is_clean() {
            return Err(report.into_problems());
        }

        // The local origin: the middle of the yard's bounding box.
        let yard = &yards[0].2;
        let (lo, hi) = bbox(yard);
        let origin = [(lo[0] + hi[0]) / 2.0, (lo[1] + hi[1]) / 2.0];
        let to_local = |p: [f64; 2]| -> [f32; 2] {
            match crs {
                Crs::Projected(_) => [(p[0] - origin[0]) as f32, (p[1] - origin[1]) as f32],
                Crs::Wgs84 => {
                    let lat0 = origin[1].to_radians();
                    let w = (1.0 - WGS84_E2 * lat0.sin().powi(2)).sqrt();
                    let prime_vertical = WGS84_A_M / w;
                    let meridional = WGS84_A_M * (1.0 - WGS84_E2) / w.powi(3);
                    [
                        ((p[0] - origin[0]).to_radians() * prime_vertical * lat0.cos()) as f32,
                        ((p[1] - origin[1]).to_radians() * meridional) as f32,
                    ]
                }
            }
        };

        let mut site = Site {
            name: String::new(),
            crs,
            origin,
            yard: Vec::new(),
            buildings: Vec::new(),
            fixed: Vec::new(),
            trees: Vec::new(),
            surfaces: Vec::new(),
        };
        let (mut all_lo, mut all_hi) = ([f32::MAX; 2], [f32::MIN; 2]);
        for (i, kind, shape, feature) in &raw {
            let path = root.key("features").index(*i);
            let props = path.key("properties");
            let mut local: Vec<[f32; 2]> = shape.iter().map(|&p| to_local(p)).collect();
            for p in &local {
                for a in 0..2 {
                    all_lo[a] = all_lo[a].min(p[a]);
                    all_hi[a] = all_hi[a].max(p[a]);
                }
            }
            let name = feature
                .pointer("/properties/name")
                .and_then(Value::as_str)
                .unwrap_or(kind)
                .to_owned();
            if *kind != "tree" {
                let coords = path.key("geometry").key("coordinates").index(0);
                if let Some((a, b)) = self_crossing(&local) {
                    report.at(
                        &coords.index(a),
                        format!(
                            "the outline crosses itself: the edge from point {a} crosses the \
                             edge from point {b}; redraw it so no edges cross"
                        ),
                    );
                    continue;
                }
                if twice_signed_area(&local) < 0.0 {
                    local.reverse();
                }
                if twice_signed_area(&local) < 1e-3 {
                    report.at(
                        &coords,
                        "the outline has no area: its points lie on one line",
                    );
                    continue;
                }
            }
            let height = |report: &mut Report, key: &str, default: Option<f64>| -> f32 {
                match (feature.pointer(&format!("/properties/{key}")), default) {
                    (Some(v), _) => match v.as_f64() {
                        Some(h) if h > 0.0 && h < 1000.0 => h as f32,
                        _ => {
                            report.at(&props.key(key), "give a number of metres above 0");
                            1.0
                        }
                    },
                    (None, Some(d)) => d as f32,
                    (None, None) => {
                        report.at(
                            &props,
                            format!("a {kind} needs {key}, its height in metres"),
                        );
                        1.0
                    }
                }
            };
            match *kind {
                "yard" => {
                    site.name = name;
                    site.yard = local;
                }
                "building" | "fixed" => {
                    let block = Block {
                        name,
                        outline: local,
                        height_m: height(&mut report, "height_m", None),
                    };
                    if *kind == "building" {
                        site.buildings.push(block);
                    } else {
                        site.fixed.push(block);
                    }
                }
                "tree" => site.trees.push(ExistingTree {
                    name,
                    at: local[0],
                    height_m: height(&mut report, "height_m", Some(DEFAULT_TREE_HEIGHT_M)),
                    crown_m: height(&mut report, "crown_m", Some(DEFAULT_TREE_CROWN_M)),
                }),
                _ => {
                    let value = feature
                        .pointer("/properties/surface")
                        .and_then(Value::as_str);
                    match Ground::NAMES.iter().find(|(n, _)| Some(*n) == value) {
                        Some(&(_, ground)) => site.surfaces.push(Surface {
                            ground,
                            outline: local,
                        }),
                        None => report.at(
                            &props.key("surface"),
                            "a surface needs \"surface\": grass, asphalt, sand, gravel or rubber",
                        ),
                    }
                }
            }
        }
        let extent = (all_hi[0] - all_lo[0]).max(all_hi[1] - all_lo[1]) as f64;
        if extent > MAX_SITE_EXTENT_M {
            report.at(
                &root.key("features"),
                format!(
                    "the site is {:.1} km across; a schoolyard plan must fit in {} km — are the \
                     coordinates in the system the \"crs\" names?",
                    extent / 1000.0,
                    MAX_SITE_EXTENT_M / 1000.0
                ),
            );
        }
        report.finish(site)
    }

    /// The yard's area, m².
    pub fn yard_area_m2(&self) -> f32 {
        polygon_area(&self.yard)
    }
}

fn bbox(points: &[[f64; 2]]) -> ([f64; 2], [f64; 2]) {
    let mut lo = [f64::MAX; 2];
    let mut hi = [f64::MIN; 2];
    for p in points {
        for a in 0..2 {
            lo[a] = lo[a].min(p[a]);
            hi[a] = hi[a].max(p[a]);
        }
    }
    (lo, hi)
}

/// One position in the plan's coordinates.
fn position(report: &mut Report, path: &JsonPath, v: &Value, crs: Crs) -> Option<[f64; 2]> {
    let numbers: Option<Vec<f64>> = v
        .as_array()
        .map(|a| a.iter().map(Value::as_f64).collect::<Option<Vec<_>>>())
        .unwrap_or_default();
    match numbers.as_deref() {
        Some([x, y, ..]) if x.is_finite() && y.is_finite() => {
            if crs == Crs::Wgs84 && (x.abs() > 180.0 || y.abs() > 90.0) {
                report.at(
                    path,
                    format!(
                        "[{x}, {y}] is not a WGS84 longitude and latitude; if these are metres, \
                         name the coordinate system in \"crs\""
                    ),
                );
                return None;
            }
            Some([*x, *y])
        }
        _ => {
            report.at(path, "a position is an array of two numbers: [east, north]");
            None
        }
    }
}

/// A polygon's outer ring, without its closing point.
fn ring(report: &mut Report, path: &JsonPath, v: &Value, crs: Crs) -> Option<Vec<[f64; 2]>> {
    let Some(rings) = v.as_array() else {
        report.at(path, "a polygon's coordinates are an array of rings");
        return None;
    };
    if rings.len() != 1 {
        report.at(
            path,
            format!(
                "a polygon here has exactly one ring (no holes); this one has {}: draw what \
                 is inside a hole as features of its own",
                rings.len()
            ),
        );
        return None;
    }
    let ring_path = path.index(0);
    let Some(points) = rings[0].as_array() else {
        report.at(&ring_path, "a ring is an array of positions");
        return None;
    };
    let mut out = Vec::with_capacity(points.len());
    for (i, p) in points.iter().enumerate() {
        out.push(position(report, &ring_path.index(i), p, crs)?);
    }
    if out.len() < 4 {
        report.at(
            &ring_path,
            "a ring needs at least 4 positions, the last repeating the first",
        );
        return None;
    }
    if out.first() != out.last() {
        report.at(
            &ring_path.index(out.len() - 1),
            "the ring is not closed: its last position must repeat the first",
        );
        return None;
    }
    out.pop();
    out.dedup();
    Some(out)
}

/// The first pair of non-neighbouring edges that touch or cross, by their first points.
pub(crate) fn self_crossing(ring: &[[f32; 2]]) -> Option<(usize, usize)> {
    let n = ring.len();
    for i in 0..n {
        for j in i + 2..n {
            if i == 0 && j == n - 1 {
                continue;
            }
            let (a, b) = (ring[i], ring[(i + 1) % n]);
            let (c, d) = (ring[j], ring[(j + 1) % n]);
            if segments_touch(a, b, c, d) {
                return Some((i, j));
            }
        }
    }
    None
}

/// Whether segments `ab` and `cd` share a point.
pub(crate) fn segments_touch(a: [f32; 2], b: [f32; 2], c: [f32; 2], d: [f32; 2]) -> bool {
    let orient = |p: [f32; 2], q: [f32; 2], r: [f32; 2]| {
        let v = (q[0] - p[0]) * (r[1] - p[1]) - (q[1] - p[1]) * (r[0] - p[0]);
        if v.abs() < 1e-9 { 0 } else { v.signum() as i32 }
    };
    let on = |p: [f32; 2], q: [f32; 2], r: [f32; 2]| {
        r[0] >= p[0].min(q[0])
            && r[0] <= p[0].max(q[0])
            && r[1] >= p[1].min(q[1])
            && r[1] <= p[1].max(q[1])
    };
    let (o1, o2, o3, o4) = (
        orient(a, b, c),
        orient(a, b, d),
        orient(c, d, a),
        orient(c, d, b),
    );
    (o1 != o2 && o3 != o4)
        || (o1 == 0 && on(a, b, c))
        || (o2 == 0 && on(a, b, d))
        || (o3 == 0 && on(c, d, a))
        || (o4 == 0 && on(c, d, b))
}

/// Whether `p` lies inside the polygon (even–odd rule).
pub fn contains(ring: &[[f32; 2]], p: [f32; 2]) -> bool {
    let mut inside = false;
    let n = ring.len();
    let mut j = n - 1;
    for i in 0..n {
        let (a, b) = (ring[i], ring[j]);
        if (a[1] > p[1]) != (b[1] > p[1])
            && p[0] < (b[0] - a[0]) * (p[1] - a[1]) / (b[1] - a[1]) + a[0]
        {
            inside = !inside;
        }
        j = i;
    }
    inside
}

#[cfg(test)]
mod tests {
    use super::*;

    fn plan(crs: &str, features: &str) -> String {
        format!("{{\n\"type\": \"FeatureCollection\",{crs}\n\"features\": [\n{features}\n]\n}}")
    }

    const GK25: &str =
        r#""crs": {"type": "name", "properties": {"name": "urn:ogc:def:crs:EPSG::3879"}},"#;
    const YARD: &str = r#"{"type": "Feature", "properties": {"kind": "yard", "name": "Yard"},
 "geometry": {"type": "Polygon", "coordinates": [[[25496000, 6673000], [25496100, 6673000], [25496100, 6673080], [25496000, 6673080], [25496000, 6673000]]]}}"#;

    #[test]
    fn a_projected_plan_is_read_in_metres_round_the_yard_centre() {
        let building = r#"{"type": "Feature", "properties": {"kind": "building", "name": "Gym", "height_m": 8},
 "geometry": {"type": "Polygon", "coordinates": [[[25496000, 6673000], [25496000, 6673020], [25496030, 6673020], [25496030, 6673000], [25496000, 6673000]]]}}"#;
        let site = Site::parse("p.geojson", &plan(GK25, &format!("{YARD},\n{building}"))).unwrap();
        assert_eq!(site.crs, Crs::Projected(3879));
        assert_eq!(site.origin, [25_496_050.0, 6_673_040.0]);
        assert_eq!(site.yard[0], [-50.0, -40.0]);
        assert_eq!(site.yard_area_m2(), 8000.0);
        // The clockwise building outline was turned counter-clockwise.
        assert!(twice_signed_area(&site.buildings[0].outline) > 0.0);
        assert_eq!(site.buildings[0].height_m, 8.0);
    }

    #[test]
    fn wgs84_is_projected_to_true_metres() {
        // 0.001° of latitude at 60° N is 111.4 m; 0.002° of longitude is 111.7 m (Bowditch).
        let yard = r#"{"type": "Feature", "properties": {"kind": "yard"},
 "geometry": {"type": "Polygon", "coordinates": [[[24.9, 60.2], [24.902, 60.2], [24.902, 60.201], [24.9, 60.201], [24.9, 60.2]]]}}"#;
        let site = Site::parse("w.geojson", &plan("", yard)).unwrap();
        let width = site.yard[1][0] - site.yard[0][0];
        let height = site.yard[2][1] - site.yard[1][1];
        assert!((width - 111.3).abs() < 0.5, "{width}");
        assert!((height - 111.5).abs() < 0.5, "{height}");
    }

    fn problems(text: &str) -> String {
        Site::parse("bad.geojson", text).unwrap_err().to_string()
    }

    #[test]
    fn bad_plans_are_named_by_place() {
        let line = r#"{"type": "Feature", "properties": {"kind": "yard"},
 "geometry": {"type": "LineString", "coordinates": [[0, 0], [1, 1]]}}"#;
        let e = problems(&plan(GK25, line));
        assert!(e.contains("bad.geojson:5:23: features[0].geometry.type: a yard must be a Polygon, not LineString"), "{e}");

        let bowtie = r#"{"type": "Feature", "properties": {"kind": "yard"},
 "geometry": {"type": "Polygon", "coordinates": [[[0, 0], [10, 10], [10, 0], [0, 10], [0, 0]]]}}"#;
        let e = problems(&plan(GK25, bowtie));
        assert!(
            e.contains("features[0].geometry.coordinates[0][0]: the outline crosses itself"),
            "{e}"
        );

        let e = problems(&plan(
            r#""crs": {"type": "name", "properties": {"name": "EPSG:2393"}},"#,
            YARD,
        ));
        assert!(
            e.contains("crs.properties.name: unknown coordinate system \"EPSG:2393\""),
            "{e}"
        );

        let huge = YARD.replace("25496100", "25516100");
        let e = problems(&plan(GK25, &huge));
        assert!(e.contains("the site is 20.1 km across"), "{e}");

        let open = YARD.replace(", [25496000, 6673000]]]", "]]");
        let e = problems(&plan(GK25, &open));
        assert!(e.contains("[0][3]: the ring is not closed"), "{e}");

        let e = problems(&plan(GK25, ""));
        assert!(
            e.contains("exactly one yard feature; this one has 0"),
            "{e}"
        );

        let e = problems(&plan("", YARD));
        assert!(e.contains("is not a WGS84 longitude and latitude"), "{e}");

        let e = problems("{\"type\": \"FeatureCollection\",\n \"features\": [}");
        assert!(
            e.starts_with("bad.geojson:2:15: this is not valid JSON"),
            "{e}"
        );

        let no_height = r#"{"type": "Feature", "properties": {"kind": "building", "name": "Gym"},
 "geometry": {"type": "Polygon", "coordinates": [[[25496000, 6673000], [25496010, 6673000], [25496010, 6673010], [25496000, 6673000]]]}}"#;
        let e = problems(&plan(GK25, &format!("{YARD},\n{no_height}")));
        assert!(
            e.contains("features[1].properties: a building needs height_m"),
            "{e}"
        );
    }

    #[test]
    fn points_are_inside_or_outside() {
        let l = [
            [0.0, 0.0],
            [30.0, 0.0],
            [30.0, 8.0],
            [10.0, 8.0],
            [10.0, 20.0],
            [0.0, 20.0],
        ];
        assert!(contains(&l, [5.0, 15.0]));
        assert!(contains(&l, [25.0, 4.0]));
        assert!(!contains(&l, [25.0, 15.0]));
        assert!(!contains(&l, [-1.0, 1.0]));
    }
}
