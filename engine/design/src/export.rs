//! A design as binary glTF 2.0 (.glb): the site (ground, surfaces, buildings, existing trees)
//! and every item as a named node with its own mesh, placed and turned as in the design. Each
//! item node carries `extras` with its id, kind, size, colour, cost in euros and author; the
//! scene carries the title, budget, total cost and the plan's coordinate system and origin.
//!
//! glTF's axes are the engine's: +Y up, north along -Z, metres.

use std::collections::HashMap;

use serde_json::{Value, json};

use retki_procgen::schoolyard::{ItemModel, flat_polygon, item as item_mesh, prism};
use retki_procgen::{Bounds, MeshData};

use crate::catalogue::kind;
use crate::design::Design;
use crate::site::{Crs, Ground};

/// glTF's `ARRAY_BUFFER` and `ELEMENT_ARRAY_BUFFER` targets, and its float and unsigned-int
/// component types (glTF 2.0 specification, 5.11 and 5.1.2).
const ARRAY_BUFFER: u32 = 34_962;
const ELEMENT_ARRAY_BUFFER: u32 = 34_963;
const FLOAT: u32 = 5_126;
const UNSIGNED_INT: u32 = 5_125;

/// Height of ground surfaces above the yard's ground, metres: enough to draw on top.
const SURFACE_LIFT_M: f32 = 0.01;

/// Builds the glTF document and its binary buffer.
#[derive(Default)]
struct Builder {
    bin: Vec<u8>,
    views: Vec<Value>,
    accessors: Vec<Value>,
    meshes: Vec<Value>,
    materials: Vec<Value>,
    material_index: HashMap<String, usize>,
    nodes: Vec<Value>,
}

impl Builder {
    fn view(&mut self, bytes: &[u8], target: u32) -> usize {
        while !self.bin.len().is_multiple_of(4) {
            self.bin.push(0);
        }
        self.views.push(json!({
            "buffer": 0,
            "byteOffset": self.bin.len(),
            "byteLength": bytes.len(),
            "target": target,
        }));
        self.bin.extend_from_slice(bytes);
        self.views.len() - 1
    }

    /// An accessor of three floats per element; glTF wants `bounds` on positions.
    fn vec3_accessor(&mut self, values: &[[f32; 3]], bounds: Option<Bounds>) -> usize {
        let bytes: Vec<u8> = values
            .iter()
            .flatten()
            .flat_map(|v| v.to_le_bytes())
            .collect();
        let view = self.view(&bytes, ARRAY_BUFFER);
        let mut accessor = json!({
            "bufferView": view,
            "componentType": FLOAT,
            "count": values.len(),
            "type": "VEC3",
        });
        if let Some(bounds) = bounds {
            accessor["min"] = json!(bounds.min);
            accessor["max"] = json!(bounds.max);
        }
        self.accessors.push(accessor);
        self.accessors.len() - 1
    }

    fn material(&mut self, name: &str, rgb: [f32; 3]) -> usize {
        if let Some(&i) = self.material_index.get(name) {
            return i;
        }
        self.materials.push(json!({
            "name": name,
            "pbrMetallicRoughness": {
                "baseColorFactor": [rgb[0], rgb[1], rgb[2], 1.0],
                "metallicFactor": 0.0,
                "roughnessFactor": 0.9,
            },
        }));
        self.material_index
            .insert(name.to_owned(), self.materials.len() - 1);
        self.materials.len() - 1
    }

    fn mesh(&mut self, name: &str, data: &MeshData, material: usize) -> usize {
        let positions = self.vec3_accessor(&data.positions, data.bounds());
        let normals = self.vec3_accessor(&data.normals, None);
        let bytes: Vec<u8> = data.indices.iter().flat_map(|i| i.to_le_bytes()).collect();
        let view = self.view(&bytes, ELEMENT_ARRAY_BUFFER);
        self.accessors.push(json!({
            "bufferView": view,
            "componentType": UNSIGNED_INT,
            "count": data.indices.len(),
            "type": "SCALAR",
        }));
        let indices = self.accessors.len() - 1;
        self.meshes.push(json!({
            "name": name,
            "primitives": [{
                "attributes": { "POSITION": positions, "NORMAL": normals },
                "indices": indices,
                "material": material,
            }],
        }));
        self.meshes.len() - 1
    }

    fn node(&mut self, node: Value) -> usize {
        self.nodes.push(node);
        self.nodes.len() - 1
    }
}

/// `#rrggbb` as linear RGB, as glTF's base colour factor wants.
fn linear_rgb(hex: &str) -> [f32; 3] {
    let channel = |i: usize| {
        let srgb =
            u8::from_str_radix(hex.get(i..i + 2).unwrap_or("80"), 16).unwrap_or(128) as f32 / 255.0;
        if srgb <= 0.04045 {
            srgb / 12.92
        } else {
            ((srgb + 0.055) / 1.055).powf(2.4)
        }
    };
    [channel(1), channel(3), channel(5)]
}

fn ground_colour(ground: Ground) -> &'static str {
    match ground {
        Ground::Grass => "#6f8f4a",
        Ground::Asphalt => "#5a5a5c",
        Ground::Sand => "#d8c49a",
        Ground::Gravel => "#a39a8c",
        Ground::Rubber => "#b5533c",
    }
}

/// The design as a .glb file's bytes.
pub fn to_glb(design: &Design) -> Vec<u8> {
    let mut b = Builder::default();
    let site = &design.site;

    let mut site_children = Vec::new();
    let grass = b.material("ground: grass", linear_rgb(ground_colour(Ground::Grass)));
    let ground = b.mesh("yard", &flat_polygon(&site.yard, 0.0), grass);
    site_children.push(b.node(json!({ "name": site.name.clone(), "mesh": ground })));
    for (i, surface) in site.surfaces.iter().enumerate() {
        let name = format!("ground: {}", surface.ground.name());
        let material = b.material(&name, linear_rgb(ground_colour(surface.ground)));
        let mesh = b.mesh(
            &name,
            &flat_polygon(&surface.outline, SURFACE_LIFT_M),
            material,
        );
        site_children.push(b.node(json!({ "name": format!("{name} {}", i + 1), "mesh": mesh })));
    }
    let wall = b.material("building", linear_rgb("#c9b8a0"));
    for block in site.buildings.iter().chain(&site.fixed) {
        let mesh = b.mesh(&block.name, &prism(&block.outline, block.height_m), wall);
        site_children.push(b.node(json!({
            "name": block.name.clone(),
            "mesh": mesh,
            "extras": { "height_m": block.height_m },
        })));
    }
    let leaves = b.material("existing tree", linear_rgb("#3f6b35"));
    for tree in &site.trees {
        let data = item_mesh(ItemModel::Tree, [tree.crown_m, tree.crown_m, tree.height_m]);
        let mesh = b.mesh(&tree.name, &data, leaves);
        site_children.push(b.node(json!({
            "name": tree.name.clone(),
            "mesh": mesh,
            "translation": [tree.at[0], 0.0, -tree.at[1]],
            "extras": { "existing": true, "height_m": tree.height_m, "crown_m": tree.crown_m },
        })));
    }
    let site_node = b.node(json!({ "name": "site", "children": site_children }));

    // One mesh per kind, size and colour, shared by every item that has all three.
    let mut shared: HashMap<(String, u32, u32, String), usize> = HashMap::new();
    let mut item_children = Vec::new();
    let mut total_cost = 0.0;
    for item in design.items() {
        let Some(k) = kind(&item.kind) else { continue };
        let key = (
            item.kind.clone(),
            item.width_m.to_bits(),
            item.depth_m.to_bits(),
            item.colour.clone(),
        );
        let mesh = match shared.get(&key) {
            Some(&mesh) => mesh,
            None => {
                let material = b.material(&item.colour, linear_rgb(&item.colour));
                let data = item_mesh(
                    k.model,
                    [item.width_m, item.depth_m, k.height_at(item.width_m)],
                );
                let mesh = b.mesh(k.id, &data, material);
                shared.insert(key, mesh);
                mesh
            }
        };
        let cost = k.cost_eur(item.width_m, item.depth_m);
        total_cost += cost;
        let half = item.rotation_deg.to_radians() / 2.0;
        item_children.push(b.node(json!({
            "name": format!("{} {}", k.id, item.id),
            "mesh": mesh,
            "translation": [item.at[0], 0.0, -item.at[1]],
            "rotation": [0.0, half.sin(), 0.0, half.cos()],
            "extras": {
                "id": item.id,
                "kind": k.id,
                "name_fi": k.names[0],
                "width_m": item.width_m,
                "depth_m": item.depth_m,
                "colour": item.colour.clone(),
                "cost_eur": cost,
                "author": item.placed_by.clone(),
            },
        })));
    }
    let items_node = b.node(json!({ "name": "items", "children": item_children }));

    let crs = match site.crs {
        Crs::Wgs84 => "OGC:CRS84".to_owned(),
        Crs::Projected(code) => format!("EPSG:{code}"),
    };
    let doc = json!({
        "asset": { "version": "2.0", "generator": concat!("Retki ", env!("CARGO_PKG_VERSION")) },
        "scene": 0,
        "scenes": [{
            "name": design.brief.title.clone(),
            "nodes": [site_node, items_node],
            "extras": {
                "budget_eur": design.brief.budget_eur,
                "cost_eur": total_cost,
                "pupils": design.brief.pupils,
                "items": design.items().len(),
                "crs": crs,
                "origin": site.origin,
            },
        }],
        "nodes": b.nodes,
        "meshes": b.meshes,
        "materials": b.materials,
        "accessors": b.accessors,
        "bufferViews": b.views,
        "buffers": [{ "byteLength": b.bin.len() }],
    });
    glb(
        &serde_json::to_vec(&doc).expect("a glTF document serialises"),
        b.bin,
    )
}

/// Packs a JSON document and a binary buffer into a .glb container (glTF 2.0, section 4.4).
fn glb(json: &[u8], mut bin: Vec<u8>) -> Vec<u8> {
    let mut json = json.to_vec();
    while !json.len().is_multiple_of(4) {
        json.push(b' ');
    }
    while !bin.len().is_multiple_of(4) {
        bin.push(0);
    }
    let total = 12 + 8 + json.len() + 8 + bin.len();
    let mut out = Vec::with_capacity(total);
    out.extend_from_slice(b"glTF");
    out.extend_from_slice(&2u32.to_le_bytes());
    out.extend_from_slice(&(total as u32).to_le_bytes());
    out.extend_from_slice(&(json.len() as u32).to_le_bytes());
    out.extend_from_slice(b"JSON");
    out.extend_from_slice(&json);
    out.extend_from_slice(&(bin.len() as u32).to_le_bytes());
    out.extend_from_slice(b"BIN\0");
    out.extend_from_slice(&bin);
    out
}
