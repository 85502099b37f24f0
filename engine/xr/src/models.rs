//! Controller and hand models from the WebXR input profiles (`assets/models/`, MIT): the
//! controllers' triggers, grips and sticks move as the pupil's do, and the hands take the pose
//! of the tracked hand joints.
//!
//! Each profile's `profile.json` names, for every component (trigger, squeeze, thumbstick …),
//! the glTF nodes that show it: a *value* node that is moved or shown, and for movement a *min*
//! and a *max* node that mark its two extremes. The value node's local transform is
//! interpolated between them by the component's value, following the rules of the WebXR
//! Input Profiles' motion-controllers library (the axis normalisation and the
//! default/touched/pressed states below).

use std::collections::HashMap;
use std::path::Path;

use bevy::gltf::GltfAssetLabel;
use bevy::prelude::*;
use bevy::world_serialization::{WorldAssetRoot, WorldInstance};
use bevy_mod_xr::hands::{HandBone, LeftHand, RightHand, XrHandBoneEntities};
use bevy_mod_xr::spaces::XrSpaceLocationFlags;
use retki_core::paths;
use serde::Deserialize;

use retki_input::bindings::Hand;
use retki_input::menu::{MenuBoard, MenuButton};

/// Folder under `assets/` of the generic controller shown for every controller profile.
pub const CONTROLLER_PROFILE_DIR: &str = "models/generic-trigger-squeeze-thumbstick";

/// Folder under `assets/` of the generic hand, a skinned mesh whose joints carry the WebXR
/// (and OpenXR) hand joint names.
pub const HAND_MODEL_DIR: &str = "models/generic-hand";

/// A button counts as touched once it is pressed further than this share of its travel.
pub const BUTTON_TOUCH_THRESHOLD: f32 = 0.05;
/// A button counts as pressed once it is pressed further than this share of its travel.
pub const BUTTON_PRESS_THRESHOLD: f32 = 0.9;
/// A stick counts as touched once it leaves the centre by this share of its travel.
pub const AXIS_TOUCH_THRESHOLD: f32 = 0.1;

/// An input profile's `profile.json`: how its model shows each component.
#[derive(Deserialize, Debug, Clone, PartialEq)]
#[serde(rename_all = "camelCase")]
pub struct InputProfile {
    /// The profile's name, e.g. `generic-trigger-squeeze-thumbstick`.
    pub profile_id: String,
    /// The layout for each hand (`left`, `right`, sometimes `none` or `left-right`).
    pub layouts: HashMap<String, Layout>,
}

/// One hand's model and its components.
#[derive(Deserialize, Debug, Clone, PartialEq)]
#[serde(rename_all = "camelCase")]
pub struct Layout {
    /// The glTF file of this hand's model, beside `profile.json`.
    pub asset_path: String,
    /// The model's root node as the profile names it.
    pub root_node_name: String,
    /// The components by their id (`xr-standard-trigger` …).
    pub components: HashMap<String, ProfileComponent>,
}

/// One component of a controller.
#[derive(Deserialize, Debug, Clone, PartialEq)]
#[serde(rename_all = "camelCase")]
pub struct ProfileComponent {
    /// What kind of component it is.
    #[serde(rename = "type")]
    pub kind: ComponentKind,
    /// How its parts of the model respond, by name.
    #[serde(default)]
    pub visual_responses: HashMap<String, VisualResponse>,
}

/// The kinds of component a profile can have.
#[derive(Deserialize, Debug, Clone, Copy, PartialEq, Eq)]
#[serde(rename_all = "lowercase")]
pub enum ComponentKind {
    /// An analogue trigger under the index finger.
    Trigger,
    /// The grip, squeezed by the other fingers.
    Squeeze,
    /// A thumbstick (two axes and a click).
    Thumbstick,
    /// A touchpad (two axes and a click).
    Touchpad,
    /// A plain button.
    Button,
}

/// How one node of the model follows a component.
#[derive(Deserialize, Debug, Clone, PartialEq)]
#[serde(rename_all = "camelCase")]
pub struct VisualResponse {
    /// Which value of the component drives it.
    pub component_property: ComponentProperty,
    /// In which states it follows; otherwise it rests.
    pub states: Vec<ComponentState>,
    /// Whether the value node moves or is shown and hidden.
    pub value_node_property: ValueNodeProperty,
    /// The node that moves or is shown.
    pub value_node_name: String,
    /// The node at the value 0 (for movement).
    pub min_node_name: Option<String>,
    /// The node at the value 1 (for movement).
    pub max_node_name: Option<String>,
}

/// The value of a component that a visual response follows.
#[derive(Deserialize, Debug, Clone, Copy, PartialEq, Eq)]
#[serde(rename_all = "camelCase")]
pub enum ComponentProperty {
    /// How far the button is pressed, 0..=1.
    Button,
    /// The stick's sideways axis.
    XAxis,
    /// The stick's forward axis.
    YAxis,
    /// The component's state.
    State,
}

/// A component's state.
#[derive(Deserialize, Debug, Clone, Copy, PartialEq, Eq)]
#[serde(rename_all = "lowercase")]
pub enum ComponentState {
    /// Untouched.
    Default,
    /// Touched, or moved a little.
    Touched,
    /// Pressed.
    Pressed,
}

/// What a visual response changes on its value node.
#[derive(Deserialize, Debug, Clone, Copy, PartialEq, Eq)]
#[serde(rename_all = "lowercase")]
pub enum ValueNodeProperty {
    /// Its transform, between the min and max nodes.
    Transform,
    /// Whether it is shown.
    Visibility,
}

impl InputProfile {
    /// Reads and checks `profile.json` at `path`. The error names the file and, for a syntax
    /// error, its line and column, or the response that is incomplete.
    pub fn load(path: &Path) -> Result<Self, String> {
        let text = std::fs::read_to_string(path)
            .map_err(|e| format!("{}: cannot read the input profile: {e}", path.display()))?;
        let profile: InputProfile = serde_json::from_str(&text).map_err(|e| {
            format!(
                "{}:{}:{}: not a valid input profile: {e}",
                path.display(),
                e.line(),
                e.column()
            )
        })?;
        for (hand, layout) in &profile.layouts {
            for (id, component) in &layout.components {
                for (name, response) in &component.visual_responses {
                    let moves = response.value_node_property == ValueNodeProperty::Transform;
                    if moves
                        && (response.min_node_name.is_none() || response.max_node_name.is_none())
                    {
                        return Err(format!(
                            "{}: layouts.{hand}.components.{id}.visualResponses.{name}: a moving node needs minNodeName and maxNodeName",
                            path.display()
                        ));
                    }
                }
            }
        }
        Ok(profile)
    }
}

/// What a controller's trigger, grip and stick are doing: buttons 0..=1 (pressed fully at 1),
/// stick axes -1..=1 (right and forward positive).
#[derive(Component, Clone, Copy, Debug, Default, PartialEq)]
pub struct ControllerInput {
    /// The trigger, 0..=1.
    pub trigger: f32,
    /// The grip, 0..=1.
    pub squeeze: f32,
    /// The thumbstick or touchpad position.
    pub stick: Vec2,
    /// Whether the thumbstick or touchpad is clicked.
    pub stick_click: bool,
}

/// One component's values, as the visual responses read them.
#[derive(Clone, Copy, Debug, PartialEq)]
struct Reading {
    button: f32,
    axes: Vec2,
}

impl ControllerInput {
    fn reading(&self, kind: ComponentKind) -> Reading {
        match kind {
            ComponentKind::Trigger => Reading {
                button: self.trigger,
                axes: Vec2::ZERO,
            },
            ComponentKind::Squeeze => Reading {
                button: self.squeeze,
                axes: Vec2::ZERO,
            },
            ComponentKind::Thumbstick | ComponentKind::Touchpad => Reading {
                button: if self.stick_click { 1.0 } else { 0.0 },
                axes: self.stick,
            },
            ComponentKind::Button => Reading {
                button: 0.0,
                axes: Vec2::ZERO,
            },
        }
    }
}

impl Reading {
    fn state(self) -> ComponentState {
        if self.button >= BUTTON_PRESS_THRESHOLD {
            ComponentState::Pressed
        } else if self.button > BUTTON_TOUCH_THRESHOLD
            || self.axes.x.abs() > AXIS_TOUCH_THRESHOLD
            || self.axes.y.abs() > AXIS_TOUCH_THRESHOLD
        {
            ComponentState::Touched
        } else {
            ComponentState::Default
        }
    }

    /// The axes mapped from the unit disc to 0..=1 each, 0.5 at rest. OpenXR reports a stick
    /// pushed forward as +y, the WebXR gamepad that the profiles are made for as -y, so y is
    /// flipped first.
    fn normalized_axes(self) -> Vec2 {
        let axes = if self.axes.length() > 1.0 {
            self.axes.normalize()
        } else {
            self.axes
        };
        Vec2::new(axes.x * 0.5 + 0.5, -axes.y * 0.5 + 0.5)
    }

    /// The value 0..=1 that `response` shows.
    fn value_for(self, response: &VisualResponse) -> f32 {
        let on = response.states.contains(&self.state());
        match response.component_property {
            ComponentProperty::Button if on => self.button.clamp(0.0, 1.0),
            ComponentProperty::Button => 0.0,
            ComponentProperty::XAxis if on => self.normalized_axes().x,
            ComponentProperty::YAxis if on => self.normalized_axes().y,
            ComponentProperty::XAxis | ComponentProperty::YAxis => 0.5,
            ComponentProperty::State => f32::from(u8::from(on)),
        }
    }
}

/// A controller's model: put on a tracked controller (or any entity) with a
/// [`ControllerInput`], and the model is loaded as its child and moves with the input.
#[derive(Component, Clone, Copy, Debug, PartialEq, Eq)]
#[require(ControllerInput)]
pub struct ControllerModel {
    /// Which hand's model.
    pub hand: Hand,
}

/// The parts of a loaded model that follow the input, found by their node names.
#[derive(Component, Debug, Default)]
pub struct ModelResponses(Vec<BoundResponse>);

impl ModelResponses {
    /// How many visual responses the model follows.
    pub fn len(&self) -> usize {
        self.0.len()
    }

    /// Whether the model follows none.
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// The value node and its two extremes of the response named `name`, if bound.
    pub fn nodes(&self, name: &str) -> Option<(Entity, Transform, Transform)> {
        self.0
            .iter()
            .find(|b| b.name == name)
            .map(|b| (b.value, b.min, b.max))
    }
}

#[derive(Debug)]
struct BoundResponse {
    name: String,
    kind: ComponentKind,
    response: VisualResponse,
    value: Entity,
    min: Transform,
    max: Transform,
}

/// The controller profile, read when the plugin is built; `None` (with the reason logged)
/// where it could not be read, and then no models are shown.
#[derive(Resource, Debug)]
pub struct ControllerProfile(pub Option<InputProfile>);

/// Shows [`ControllerModel`]s and [`HandModel`]s and moves their parts.
pub struct InputModelsPlugin;

impl Plugin for InputModelsPlugin {
    fn build(&self, app: &mut App) {
        let path = paths::assets_dir()
            .join(CONTROLLER_PROFILE_DIR)
            .join("profile.json");
        let profile = InputProfile::load(&path)
            .inspect_err(|e| error!("xr: controller models are off: {e}"))
            .ok();
        app.insert_resource(ControllerProfile(profile)).add_systems(
            Update,
            (
                (load_models, bind_responses, follow_input).chain(),
                (load_hand_models, bind_hand_joints, pose_hands).chain(),
            ),
        );
    }
}

fn layout_name(hand: Hand) -> &'static str {
    match hand {
        Hand::Left => "left",
        Hand::Right => "right",
    }
}

fn load_models(
    models: Query<(Entity, &ControllerModel), Without<WorldAssetRoot>>,
    profile: Res<ControllerProfile>,
    assets: Res<AssetServer>,
    mut commands: Commands,
) {
    let Some(profile) = &profile.0 else { return };
    for (entity, model) in &models {
        let Some(layout) = profile.layouts.get(layout_name(model.hand)) else {
            continue;
        };
        let path = format!("{CONTROLLER_PROFILE_DIR}/{}", layout.asset_path);
        commands.entity(entity).insert(WorldAssetRoot(
            assets.load(GltfAssetLabel::Scene(0).from_asset(path)),
        ));
    }
}

/// The menu board and its buttons, which the off hand's controller carries beside its model.
type MenuParts = Or<(With<MenuBoard>, With<MenuButton>)>;

/// Models whose glTF world is spawned but whose parts (`T`) are not found yet.
type SpawnedWithout<T> = (With<WorldInstance>, Without<T>);

/// Once a model is spawned, finds the nodes each visual response names.
fn bind_responses(
    models: Query<(Entity, &ControllerModel), SpawnedWithout<ModelResponses>>,
    profile: Res<ControllerProfile>,
    children: Query<&Children>,
    nodes: Query<(&Name, &Transform)>,
    menu: Query<(), MenuParts>,
    mut commands: Commands,
) {
    let Some(profile) = &profile.0 else { return };
    for (entity, model) in &models {
        let Some(layout) = profile.layouts.get(layout_name(model.hand)) else {
            continue;
        };
        // The off hand also carries the menu board; only the model's own nodes count.
        let by_name: HashMap<&str, (Entity, Transform)> = children
            .iter_descendants(entity)
            .filter(|e| !menu.contains(*e))
            .filter_map(|e| nodes.get(e).ok().map(|(n, t)| (n.as_str(), (e, *t))))
            .collect();
        if by_name.is_empty() {
            continue; // Queued, not spawned yet: a world is spawned whole, in one step.
        }
        let mut bound = Vec::new();
        for component in layout.components.values() {
            for (name, response) in &component.visual_responses {
                let find = |node: &Option<String>| {
                    node.as_deref()
                        .and_then(|n| by_name.get(n))
                        .map(|(_, t)| *t)
                };
                let Some(&(value, rest)) = by_name.get(response.value_node_name.as_str()) else {
                    warn!(
                        "xr: the {} model has no node {}; that part will not move",
                        profile.profile_id, response.value_node_name
                    );
                    continue;
                };
                bound.push(BoundResponse {
                    name: name.clone(),
                    kind: component.kind,
                    response: response.clone(),
                    value,
                    min: find(&response.min_node_name).unwrap_or(rest),
                    max: find(&response.max_node_name).unwrap_or(rest),
                });
            }
        }
        info!(
            "xr: {} {} controller model ready, {} moving parts",
            layout_name(model.hand),
            profile.profile_id,
            bound.len()
        );
        commands.entity(entity).insert(ModelResponses(bound));
    }
}

fn follow_input(
    models: Query<(&ControllerInput, &ModelResponses)>,
    mut nodes: Query<(&mut Transform, &mut Visibility)>,
) {
    for (input, responses) in &models {
        for bound in &responses.0 {
            let reading = input.reading(bound.kind);
            let value = reading.value_for(&bound.response);
            let Ok((mut transform, mut visibility)) = nodes.get_mut(bound.value) else {
                continue;
            };
            match bound.response.value_node_property {
                ValueNodeProperty::Transform => {
                    let target = Transform {
                        translation: bound.min.translation.lerp(bound.max.translation, value),
                        rotation: bound.min.rotation.slerp(bound.max.rotation, value),
                        scale: bound.min.scale.lerp(bound.max.scale, value),
                    };
                    transform.set_if_neq(target);
                }
                ValueNodeProperty::Visibility => {
                    let shown = if value > 0.5 {
                        Visibility::Inherited
                    } else {
                        Visibility::Hidden
                    };
                    visibility.set_if_neq(shown);
                }
            }
        }
    }
}

/// A tracked hand's model: put it in the tracking space (a child of the tracking root, at its
/// origin), and it takes the pose of that hand's joints while the runtime tracks them and is
/// hidden otherwise.
#[derive(Component, Clone, Copy, Debug, PartialEq, Eq)]
pub struct HandModel {
    /// Which hand.
    pub hand: Hand,
}

/// A hand model's joint nodes, found by name once the model is spawned.
#[derive(Component, Debug)]
pub struct HandJoints(Vec<(HandBone, Entity)>);

impl HandJoints {
    /// The model's node for `bone`, if it has one (the palm has none).
    pub fn node(&self, bone: HandBone) -> Option<Entity> {
        self.0
            .iter()
            .find(|(b, _)| *b as u8 == bone as u8)
            .map(|(_, e)| *e)
    }
}

/// The WebXR name of a hand joint, which the generic hand's nodes carry; `None` for the palm,
/// which WebXR does not track.
pub fn joint_node_name(bone: HandBone) -> Option<&'static str> {
    use HandBone::*;
    Some(match bone {
        Palm => return None,
        Wrist => "wrist",
        ThumbMetacarpal => "thumb-metacarpal",
        ThumbProximal => "thumb-phalanx-proximal",
        ThumbDistal => "thumb-phalanx-distal",
        ThumbTip => "thumb-tip",
        IndexMetacarpal => "index-finger-metacarpal",
        IndexProximal => "index-finger-phalanx-proximal",
        IndexIntermediate => "index-finger-phalanx-intermediate",
        IndexDistal => "index-finger-phalanx-distal",
        IndexTip => "index-finger-tip",
        MiddleMetacarpal => "middle-finger-metacarpal",
        MiddleProximal => "middle-finger-phalanx-proximal",
        MiddleIntermediate => "middle-finger-phalanx-intermediate",
        MiddleDistal => "middle-finger-phalanx-distal",
        MiddleTip => "middle-finger-tip",
        RingMetacarpal => "ring-finger-metacarpal",
        RingProximal => "ring-finger-phalanx-proximal",
        RingIntermediate => "ring-finger-phalanx-intermediate",
        RingDistal => "ring-finger-phalanx-distal",
        RingTip => "ring-finger-tip",
        LittleMetacarpal => "pinky-finger-metacarpal",
        LittleProximal => "pinky-finger-phalanx-proximal",
        LittleIntermediate => "pinky-finger-phalanx-intermediate",
        LittleDistal => "pinky-finger-phalanx-distal",
        LittleTip => "pinky-finger-tip",
    })
}

fn load_hand_models(
    models: Query<(Entity, &HandModel), Without<WorldAssetRoot>>,
    assets: Res<AssetServer>,
    mut commands: Commands,
) {
    for (entity, model) in &models {
        let path = format!("{HAND_MODEL_DIR}/{}.glb", layout_name(model.hand));
        commands.entity(entity).insert((
            WorldAssetRoot(assets.load(GltfAssetLabel::Scene(0).from_asset(path))),
            Visibility::Hidden,
        ));
    }
}

fn bind_hand_joints(
    models: Query<(Entity, &HandModel), SpawnedWithout<HandJoints>>,
    children: Query<&Children>,
    names: Query<&Name>,
    mut commands: Commands,
) {
    for (entity, model) in &models {
        let by_name: HashMap<&str, Entity> = children
            .iter_descendants(entity)
            .filter_map(|e| names.get(e).ok().map(|n| (n.as_str(), e)))
            .collect();
        if by_name.is_empty() {
            continue; // Queued, not spawned yet.
        }
        let joints: Vec<_> = HandBone::get_all_bones()
            .into_iter()
            .filter_map(|bone| Some((bone, *by_name.get(joint_node_name(bone)?)?)))
            .collect();
        info!(
            "xr: {} hand model ready, {} joints",
            layout_name(model.hand),
            joints.len()
        );
        commands.entity(entity).insert(HandJoints(joints));
    }
}

/// Moves each joint node to its tracked joint. The generic hand's joints are all children of
/// one untransformed armature, so a joint's pose in the tracking space is its local transform.
fn pose_hands(
    mut models: Query<(&HandModel, &HandJoints, &mut Visibility)>,
    left: Query<&XrHandBoneEntities, With<LeftHand>>,
    right: Query<&XrHandBoneEntities, With<RightHand>>,
    bones: Query<(&Transform, &XrSpaceLocationFlags), Without<HandJoints>>,
    mut nodes: Query<&mut Transform, (Without<XrSpaceLocationFlags>, Without<HandJoints>)>,
) {
    for (model, joints, mut visibility) in &mut models {
        let tracked = match model.hand {
            Hand::Left => left.single(),
            Hand::Right => right.single(),
        };
        let tracked = tracked.ok().filter(|entities| {
            bones
                .get(entities[HandBone::Wrist as usize])
                .is_ok_and(|(_, flags)| flags.position_tracked && flags.rotation_tracked)
        });
        let Some(entities) = tracked else {
            visibility.set_if_neq(Visibility::Hidden);
            continue;
        };
        visibility.set_if_neq(Visibility::Inherited);
        for &(bone, node) in &joints.0 {
            let (Ok((pose, _)), Ok(mut transform)) =
                (bones.get(entities[bone as usize]), nodes.get_mut(node))
            else {
                continue;
            };
            transform.set_if_neq(Transform {
                scale: Vec3::ONE,
                ..*pose
            });
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn shipped_profile() -> InputProfile {
        InputProfile::load(
            &paths::assets_dir()
                .join(CONTROLLER_PROFILE_DIR)
                .join("profile.json"),
        )
        .unwrap()
    }

    #[test]
    fn the_shipped_profile_moves_trigger_squeeze_and_stick() {
        let profile = shipped_profile();
        assert_eq!(profile.profile_id, "generic-trigger-squeeze-thumbstick");
        for hand in ["left", "right"] {
            let layout = &profile.layouts[hand];
            let kinds: Vec<_> = layout.components.values().map(|c| c.kind).collect();
            for kind in [
                ComponentKind::Trigger,
                ComponentKind::Squeeze,
                ComponentKind::Thumbstick,
            ] {
                assert!(kinds.contains(&kind), "{hand} lacks {kind:?}");
            }
        }
    }

    #[test]
    fn a_broken_profile_names_its_file_and_place() {
        let dir = std::env::temp_dir().join(format!("retki-profile-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let path = dir.join("profile.json");
        std::fs::write(&path, "{\n  \"profileId\": \"x\",\n  \"layouts\": [}\n").unwrap();
        let error = InputProfile::load(&path).unwrap_err();
        assert!(error.contains("profile.json:3:"), "{error}");

        let incomplete = r#"{"profileId":"x","layouts":{"left":{"assetPath":"left.glb",
            "rootNodeName":"r","components":{"t":{"type":"trigger","visualResponses":{"p":{
            "componentProperty":"button","states":["pressed"],"valueNodeProperty":"transform",
            "valueNodeName":"v","minNodeName":"a"}}}}}}}"#;
        std::fs::write(&path, incomplete).unwrap();
        let error = InputProfile::load(&path).unwrap_err();
        assert!(
            error.contains("layouts.left.components.t.visualResponses.p")
                && error.contains("maxNodeName"),
            "{error}"
        );
        std::fs::remove_dir_all(dir).unwrap();
    }

    fn response(property: ComponentProperty, states: &[ComponentState]) -> VisualResponse {
        VisualResponse {
            component_property: property,
            states: states.to_vec(),
            value_node_property: ValueNodeProperty::Transform,
            value_node_name: "v".into(),
            min_node_name: Some("a".into()),
            max_node_name: Some("b".into()),
        }
    }

    #[test]
    fn values_follow_the_motion_controller_rules() {
        use ComponentState::*;
        let all = [Default, Touched, Pressed];
        let trigger = |v: f32| ControllerInput {
            trigger: v,
            ..default()
        };
        let press = response(ComponentProperty::Button, &all);
        assert_eq!(
            trigger(0.0)
                .reading(ComponentKind::Trigger)
                .value_for(&press),
            0.0
        );
        assert_eq!(
            trigger(0.4)
                .reading(ComponentKind::Trigger)
                .value_for(&press),
            0.4
        );
        assert_eq!(
            trigger(1.0)
                .reading(ComponentKind::Trigger)
                .value_for(&press),
            1.0
        );
        // A response only for pressed buttons rests until the press.
        let only_pressed = response(ComponentProperty::Button, &[Pressed]);
        assert_eq!(
            trigger(0.4)
                .reading(ComponentKind::Trigger)
                .value_for(&only_pressed),
            0.0
        );
        assert_eq!(
            trigger(0.95)
                .reading(ComponentKind::Trigger)
                .value_for(&only_pressed),
            0.95
        );

        let stick = |x: f32, y: f32| {
            ControllerInput {
                stick: Vec2::new(x, y),
                ..default()
            }
            .reading(ComponentKind::Thumbstick)
        };
        let x = response(ComponentProperty::XAxis, &all);
        assert_eq!(stick(0.0, 0.0).value_for(&x), 0.5);
        assert_eq!(stick(1.0, 0.0).value_for(&x), 1.0);
        assert_eq!(stick(-1.0, 0.0).value_for(&x), 0.0);
        // Past the unit circle the stick is clamped onto it.
        assert!(
            (stick(1.0, 1.0).value_for(&x) - (0.5 + 0.5 * std::f32::consts::FRAC_1_SQRT_2)).abs()
                < 1e-6
        );
        let y = response(ComponentProperty::YAxis, &all);
        assert_eq!(
            stick(0.0, 1.0).value_for(&y),
            0.0,
            "forward is the WebXR gamepad's -y"
        );
        assert_eq!(stick(0.05, 0.0).state(), Default);
        assert_eq!(stick(0.5, 0.0).state(), Touched);
    }
}
