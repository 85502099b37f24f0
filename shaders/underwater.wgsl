// Standard PBR lighting, then the water: caustics on surfaces that face the sun, light lost on
// its way down and on its way to the eye, and the water's veil (see water.wgsl).

#import bevy_pbr::{
    pbr_fragment::pbr_input_from_standard_material,
    pbr_functions::{alpha_discard, apply_pbr_lighting, main_pass_post_lighting_processing},
    forward_io::{VertexOutput, FragmentOutput},
    mesh_view_bindings::{view, globals},
}
#import retki::water::{Water, caustics, through_water}

@group(#{MATERIAL_BIND_GROUP}) @binding(100) var<uniform> water: Water;

@fragment
fn fragment(in: VertexOutput, @builtin(front_facing) is_front: bool) -> FragmentOutput {
    var pbr_input = pbr_input_from_standard_material(in, is_front);
    pbr_input.material.base_color = alpha_discard(pbr_input.material, pbr_input.material.base_color);
    var lit = apply_pbr_lighting(pbr_input);
    let facing_up = max(pbr_input.N.y, 0.0);
    let focus = 1.0 + water.beam.w * 4.0 * caustics(in.world_position.xz, globals.time) * facing_up;
    let seen = through_water(water, lit.rgb * focus, in.world_position.xyz, view.world_position, view.exposure);
    var out: FragmentOutput;
    out.color = main_pass_post_lighting_processing(pbr_input, vec4<f32>(seen, lit.a));
    return out;
}
