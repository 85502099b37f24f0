// The lunar night sky: a procedural star field on the inside of the sky dome.
//
// Directions from the eye are cut into cells; a seeded hash decides whether a cell holds a
// star, where in the cell it sits, and how bright and warm it is. Stars stay fixed in
// direction as the viewer walks, as real stars do.

#import bevy_pbr::forward_io::VertexOutput
#import bevy_pbr::mesh_view_bindings::view

struct StarfieldParams {
    // Cells per unit of direction vector; more cells give more, smaller stars.
    cells: f32,
    // Share of cells that hold a star, 0..1.
    density: f32,
    // Star radius as a share of a cell.
    radius: f32,
    // Brightness of the brightest star.
    brightness: f32,
}

@group(#{MATERIAL_BIND_GROUP}) @binding(0) var<uniform> params: StarfieldParams;

fn hash3(p: vec3<f32>) -> vec3<f32> {
    var q = vec3<f32>(
        dot(p, vec3<f32>(127.1, 311.7, 74.7)),
        dot(p, vec3<f32>(269.5, 183.3, 246.1)),
        dot(p, vec3<f32>(113.5, 271.9, 124.6)),
    );
    return fract(sin(q) * 43758.5453123);
}

@fragment
fn fragment(mesh: VertexOutput) -> @location(0) vec4<f32> {
    let dir = normalize(mesh.world_position.xyz - view.world_position);
    let p = dir * params.cells;
    let cell = floor(p);
    let h = hash3(cell);
    var light = vec3<f32>(0.0);
    if h.x < params.density {
        let star = cell + 0.2 + 0.6 * hash3(cell + 17.0);
        let d = length(p - star);
        let magnitude = pow(h.y, 3.0);
        let core = 1.0 - smoothstep(0.0, params.radius, d);
        let warm = mix(vec3<f32>(0.75, 0.85, 1.0), vec3<f32>(1.0, 0.85, 0.7), h.z);
        light = warm * core * params.brightness * (0.25 + 0.75 * magnitude);
    }
    return vec4<f32>(light, 1.0);
}
