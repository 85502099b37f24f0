// Seaweed swaying in the swell: the vertex shader moves each vertex sideways by an amount that
// grows with the square of its height on the plant (texture coordinate v: 0 at the holdfast,
// 1 at the tips), on a slow back-and-forth with a phase that differs from plant to plant.
// The fragment side is underwater.wgsl.

#import bevy_pbr::{
    mesh_functions,
    forward_io::{Vertex, VertexOutput},
    view_transformations::position_world_to_clip,
    mesh_view_bindings::globals,
}
#import retki::water::Water

@group(#{MATERIAL_BIND_GROUP}) @binding(100) var<uniform> water: Water;

// Period of the swell near the bottom, seconds: Baltic wind waves have periods of 3–6 s.
const SWELL_PERIOD_S: f32 = 4.5;

@vertex
fn vertex(vertex: Vertex) -> VertexOutput {
    var out: VertexOutput;
    let world_from_local = mesh_functions::get_world_from_local(vertex.instance_index);
    let root = world_from_local[3].xyz;
    let phase = dot(root.xz, vec2<f32>(0.9, 0.4));
    let w = 6.2831853 / SWELL_PERIOD_S;
    let bend = vertex.uv.y * vertex.uv.y * water.veil.w;
    let sway = vec3<f32>(
        sin(w * globals.time + phase) + 0.3 * sin(2.7 * w * globals.time + 2.0 * phase),
        0.0,
        0.5 * cos(0.8 * w * globals.time + phase),
    ) * bend;
    let world = mesh_functions::mesh_position_local_to_world(world_from_local, vec4<f32>(vertex.position, 1.0));
    out.world_position = vec4<f32>(world.xyz + sway, 1.0);
    out.position = position_world_to_clip(out.world_position.xyz);
    out.world_normal = mesh_functions::mesh_normal_local_to_world(vertex.normal, vertex.instance_index);
#ifdef VERTEX_UVS_A
    out.uv = vertex.uv;
#endif
#ifdef VERTEX_OUTPUT_INSTANCE_INDEX
    out.instance_index = vertex.instance_index;
#endif
    return out;
}
