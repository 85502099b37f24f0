// The water all around, drawn on the inside of a dome that follows the eye: the veil colour of
// the water at the eye's depth, brighter towards the surface overhead. Looking up, the sky
// shows through a bright disc (Snell's window): light from the whole sky above the water is
// bent into a cone of about 48.6° from the vertical, arcsin(1/1.333) for sea water.

#import bevy_pbr::{forward_io::VertexOutput, mesh_view_bindings::view}
#import retki::water::{Water, veil}

@group(#{MATERIAL_BIND_GROUP}) @binding(0) var<uniform> water: Water;

// Half-angle of Snell's window, radians: arcsin(1 / 1.333).
const SNELL_WINDOW_RAD: f32 = 0.8487;

@fragment
fn fragment(in: VertexOutput) -> @location(0) vec4<f32> {
    let dir = normalize(in.world_position.xyz - view.world_position);
    let eye_y = view.world_position.y;
    // Looking up, the water towards the surface is brighter; looking down, darker.
    let towards = veil(water, eye_y + 6.0 * dir.y);
    var light = towards;
    let from_vertical = acos(clamp(dir.y, -1.0, 1.0));
    let window = 1.0 - smoothstep(SNELL_WINDOW_RAD - 0.08, SNELL_WINDOW_RAD, from_vertical);
    let depth = max(water.attenuation.w - eye_y, 0.0);
    let sky = 4.0 * water.veil.xyz * exp(-water.attenuation.xyz * depth);
    light = mix(light, sky, window);
    return vec4<f32>(light * view.exposure, 1.0);
}
