// Light under water, shared by everything drawn in the seabed.
//
// The model (Beer–Lambert, per colour channel): sunlight that has come down through z metres
// of water keeps exp(-Kd * z) of itself, with a diffuse attenuation coefficient Kd for each of
// red, green and blue. Light on its way from a surface to the eye keeps exp(-c * d) over d
// metres, with the beam attenuation c; what it loses is made up by water that scatters the
// light around it towards the eye (the "veil"), so far things fade into the water's own colour.
// The coefficients live in the Rust code with their sources (retki_scenes::seabed::light).

#define_import_path retki::water

struct Water {
    // xyz: Kd for red, green and blue, 1/m; w: height of the water surface, m.
    attenuation: vec4<f32>,
    // xyz: c for red, green and blue, 1/m; w: strength of the caustics, 0..1.
    beam: vec4<f32>,
    // xyz: radiance of the water's veil just under the surface, cd/m²; w: seaweed sway, m.
    veil: vec4<f32>,
}

// The share of the light at the surface that reaches height `y`.
fn downwelling(water: Water, y: f32) -> vec3<f32> {
    let depth = max(water.attenuation.w - y, 0.0);
    return exp(-water.attenuation.xyz * depth);
}

// The colour of the water itself seen along a ray that ends at height `y`, before exposure.
fn veil(water: Water, y: f32) -> vec3<f32> {
    return water.veil.xyz * downwelling(water, y);
}

// `lit`, light leaving a surface at `world` as lit by the unattenuated sun (after exposure),
// as the eye at `eye` sees it through the water.
fn through_water(water: Water, lit: vec3<f32>, world: vec3<f32>, eye: vec3<f32>, exposure: f32) -> vec3<f32> {
    let reaching = lit * downwelling(water, world.y);
    let kept = exp(-water.beam.xyz * distance(world, eye));
    let around = veil(water, 0.5 * (world.y + eye.y)) * exposure;
    return reaching * kept + around * (vec3<f32>(1.0) - kept);
}

// Caustics: the bright net that waves focus onto the bottom. Two layers of a cellular pattern
// (distance to the nearest of a jittered grid of points, sharpened), drifting across each
// other, give ridges of light that move and merge as real caustics do. `p` is metres along the
// ground, `t` seconds; returns 0 (no extra light) to about 1 (a bright line).
fn caustics(p: vec2<f32>, t: f32) -> f32 {
    let a = cell_edges(p * 1.3 + vec2<f32>(0.11, 0.07) * t, t * 0.6);
    let b = cell_edges(p * 1.7 - vec2<f32>(0.05, 0.13) * t, t * 0.45 + 3.0);
    return pow(min(a, b), 3.0);
}

fn hash2(p: vec2<f32>) -> vec2<f32> {
    let q = vec2<f32>(dot(p, vec2<f32>(127.1, 311.7)), dot(p, vec2<f32>(269.5, 183.3)));
    return fract(sin(q) * 43758.5453);
}

// 1 on the edges between cells of a jittered grid, falling to 0 at their centres.
fn cell_edges(p: vec2<f32>, phase: f32) -> f32 {
    let cell = floor(p);
    var nearest = 8.0;
    var second = 8.0;
    for (var j = -1; j <= 1; j++) {
        for (var i = -1; i <= 1; i++) {
            let c = cell + vec2<f32>(f32(i), f32(j));
            let h = hash2(c);
            let point = c + 0.5 + 0.4 * sin(phase + 6.2831 * h);
            let d = length(p - point);
            if d < nearest {
                second = nearest;
                nearest = d;
            } else if d < second {
                second = d;
            }
        }
    }
    return 1.0 - smoothstep(0.0, 0.25, second - nearest);
}
