// Particles drifting in the water ("marine snow"): every particle is a quad whose four
// vertices share one position in a cube around the origin. The vertex shader drifts it with
// the current, wraps the cube around the eye so the particles never run out, and opens the
// quad towards the camera. The fragment shader draws a soft dot, lit as the water around it.

#import bevy_pbr::{
    forward_io::Vertex,
    view_transformations::position_world_to_clip,
    mesh_view_bindings::{view, globals},
}
#import retki::water::{Water, veil}

struct Snow {
    water: Water,
    // xyz: drift of the current, m/s; w: side of the cube, m.
    drift: vec4<f32>,
    // x: particle radius, m; y: how much brighter than the water a particle is.
    look: vec4<f32>,
}

@group(#{MATERIAL_BIND_GROUP}) @binding(0) var<uniform> snow: Snow;

struct SnowOut {
    @builtin(position) position: vec4<f32>,
    @location(0) corner: vec2<f32>,
    @location(1) world: vec3<f32>,
}

@vertex
fn vertex(vertex: Vertex) -> SnowOut {
    let side = snow.drift.w;
    let eye = view.world_position;
    let wobble = 0.05 * sin(globals.time * 0.7 + vertex.position.zxy * 3.0);
    let moved = vertex.position + snow.drift.xyz * globals.time + wobble;
    let wrapped = eye + (fract((moved - eye) / side + 0.5) - 0.5) * side;
    let right = view.world_from_view[0].xyz;
    let up = view.world_from_view[1].xyz;
    let world = wrapped + (right * vertex.uv.x + up * vertex.uv.y) * snow.look.x;
    var out: SnowOut;
    out.position = position_world_to_clip(world);
    out.corner = vertex.uv;
    out.world = world;
    return out;
}

@fragment
fn fragment(in: SnowOut) -> @location(0) vec4<f32> {
    let r = length(in.corner);
    let dot_alpha = 1.0 - smoothstep(0.3, 1.0, r);
    // Particles fade into the water with distance, as everything else does.
    let kept = exp(-snow.water.beam.y * distance(in.world, view.world_position));
    let colour = veil(snow.water, in.world.y) * snow.look.y * view.exposure;
    return vec4<f32>(colour, dot_alpha * kept * 0.8);
}
