// Leaves in the wind: the vertex shader moves each vertex sideways by an amount that grows
// with the square of its height above the plant's base, so crowns sway and the forest floor
// hardly moves, plus a quick flutter of each leaf card's tip (texture coordinate v: 1 at the
// stalk, 0 at the tip). The phase changes from plant to plant. The fragment side is Bevy's
// standard lighting, alpha-masked by the leaf texture.

#import bevy_pbr::{
    mesh_functions,
    forward_io::{Vertex, VertexOutput},
    view_transformations::position_world_to_clip,
    mesh_view_bindings::globals,
}

struct Wind {
    // x: sway at the reference height, m; y: that height, m; z: period of a gust, s;
    // w: flutter of a leaf's tip, m.
    sway: vec4<f32>,
}

@group(#{MATERIAL_BIND_GROUP}) @binding(100) var<uniform> wind: Wind;

@vertex
fn vertex(vertex: Vertex) -> VertexOutput {
    var out: VertexOutput;
    let world_from_local = mesh_functions::get_world_from_local(vertex.instance_index);
    let root = world_from_local[3].xyz;
    let phase = dot(root.xz, vec2<f32>(0.37, 0.21));
    let world = mesh_functions::mesh_position_local_to_world(world_from_local, vec4<f32>(vertex.position, 1.0));
    let height = max(world.y - root.y, 0.0) / wind.sway.y;
    let w = 6.2831853 / wind.sway.z;
    let t = globals.time;
    let gust = sin(w * t + phase) + 0.4 * sin(2.3 * w * t + 1.7 * phase);
    var sway = vec3<f32>(gust, 0.0, 0.6 * cos(0.7 * w * t + phase)) * wind.sway.x * height * height;
#ifdef VERTEX_UVS_A
    let tip = 1.0 - vertex.uv.y;
    sway += vec3<f32>(0.0, sin(9.0 * w * t + 13.0 * phase + world.x) * wind.sway.w * tip, 0.0);
    out.uv = vertex.uv;
#endif
    out.world_position = vec4<f32>(world.xyz + sway, 1.0);
    out.position = position_world_to_clip(out.world_position.xyz);
    out.world_normal = mesh_functions::mesh_normal_local_to_world(vertex.normal, vertex.instance_index);
#ifdef VERTEX_OUTPUT_INSTANCE_INDEX
    out.instance_index = vertex.instance_index;
#endif
    return out;
}
