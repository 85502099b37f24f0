//! Building in the schoolyard: the tool in hand, the ghost that previews a placement and
//! says why one would be refused, the tape measure and area tool, the summary, the laptop's
//! orbit camera, and aligning the site to the real yard in a headset.
//!
//! Laptop keys: `B` / `Shift+B` next / previous item to place; `R` / `Shift+R` turn by 15°;
//! `=` / `-` wider / narrower, `]` / `[` deeper / shallower; `N` grid snapping on or off;
//! select an item to show its handles, and drag the blue knob in front to turn it and those
//! beside and behind to resize it; `H` pick up the item pointed at (select puts it down); `V` recolour it; `X` or `Delete`
//! remove it; `Z` undo and `Y` redo (yours only); `L` tape measure; `K` area tool; `S` save;
//! `J` / `Shift+J` next / previous tool; arrow keys and Page Up / Page Down orbit and zoom.
//! The mouse points; the left button selects. In a headset, the menu button steps through the
//! items and then the tools, the trigger selects, and the board on the off hand offers every
//! other tool (undo, redo, delete, recolour, save and the rest). The keys are
//! `retki_input`'s bindings; this module reads only actions.

use std::path::PathBuf;

use bevy::prelude::*;
use bevy::window::PrimaryWindow;
pub use retki_classroom::shared_design::{
    DesignAuthority, DesignFromServer, DesignRequest, LocalAuthor, SessionRefused,
};
use retki_core::marker::MarkerStyle;
use retki_core::panel::Panel;
use retki_core::poi::Language;
use retki_core::pointer::PointerHit;
use retki_core::viewer::{ViewerCamera, ViewerTarget};
use retki_core::{TripPhase, trip_scoped};
use retki_design::catalogue::{Kind, catalogue};
use retki_design::measure::{area_m2, distance_m};
use retki_design::{Item, ItemId, Operation, Refusal, Request};
use retki_input::actions::{Action, Actions};
use retki_input::menu::MenuOffer;
use retki_input::posture::RigPart;

use super::{ItemLooks, PlacedItem, SCHOOLYARD, SchoolyardDesign, SiteRoot, spawn_item, world};

/// How far one press of `R` turns an item, degrees.
pub const ROTATION_STEP_DEG: f32 = 15.0;
/// The grid placements snap to, metres.
pub const GRID_M: f32 = 0.5;
/// How much one press of `=` or `-` resizes, metres.
pub const SIZE_STEP_M: f32 = 0.1;
/// Colours `V` steps through, `#rrggbb`.
pub const PALETTE: [&str; 8] = [
    "#c0392b", "#e67e22", "#f1c40f", "#27ae60", "#2f6db3", "#8e44ad", "#8a5a32", "#f2f2f2",
];

/// What the pupil's select does.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Tool {
    /// Place a new item of the chosen kind.
    Place,
    /// Put down an item that was picked up.
    Move(ItemId),
    /// Measure the distance between two points.
    Tape,
    /// Measure the area inside the corners selected.
    Area,
    /// Stand on the yard's first corner, then its second, to line the site up with the real
    /// yard (headsets only).
    Align,
}

/// The tool in hand and what it shows.
#[derive(Resource, Debug)]
pub struct DesignTool {
    /// What select does.
    pub tool: Tool,
    /// The kind to place, as its place in the catalogue.
    pub kind: usize,
    /// The turn of the item to place, degrees.
    pub rotation_deg: f32,
    /// Width and depth of the item to place, metres.
    pub size: [f32; 2],
    /// The grid placements snap to, metres; `None` for free placement.
    pub grid_m: Option<f32>,
    /// Where the pointer meets the ground, snapped, `[east, north]` metres.
    pub aim: Option<[f32; 2]>,
    /// Points of the tape measure or area tool, `[east, north]` metres; headset positions
    /// while aligning.
    pub points: Vec<[f32; 2]>,
    /// Whether the item at `aim` would be allowed, and why not.
    pub verdict: Option<Result<(), Refusal>>,
    /// The item whose handles show: the last one placed or selected.
    pub selected: Option<ItemId>,
    /// The handle being dragged, while select is held on it.
    pub drag: Option<HandleKind>,
    /// The last thing that happened, for the pupil to read.
    pub message: String,
}

impl Default for DesignTool {
    fn default() -> Self {
        let first = &catalogue()[0];
        Self {
            tool: Tool::Place,
            kind: 0,
            rotation_deg: 0.0,
            size: [first.width_m.default, first.depth_m.default],
            grid_m: Some(GRID_M),
            aim: None,
            points: Vec::new(),
            verdict: None,
            selected: None,
            drag: None,
            message: String::new(),
        }
    }
}

impl DesignTool {
    /// The kind to place.
    pub fn kind(&self) -> &'static Kind {
        &catalogue()[self.kind]
    }

    /// Chooses the kind `steps` on in the catalogue, at its default size.
    pub fn step_kind(&mut self, steps: isize) {
        let n = catalogue().len() as isize;
        self.kind = (self.kind as isize + steps).rem_euclid(n) as usize;
        let k = self.kind();
        self.size = [k.width_m.default, k.depth_m.default];
        self.tool = Tool::Place;
    }

    /// The next tool (`1`) or the one before (`-1`): the items one by one, then the tape,
    /// the area and the alignment tools, round again.
    pub fn next_tool(&mut self, step: isize) {
        let last = catalogue().len() - 1;
        self.tool = match (self.tool, step > 0) {
            (Tool::Place, true) if self.kind < last => {
                self.step_kind(1);
                Tool::Place
            }
            (Tool::Place, false) if self.kind > 0 => {
                self.step_kind(-1);
                Tool::Place
            }
            (Tool::Place | Tool::Move(_), true) => Tool::Tape,
            (Tool::Place | Tool::Move(_), false) => Tool::Align,
            (Tool::Tape, true) | (Tool::Align, false) => Tool::Area,
            (Tool::Area, true) => Tool::Align,
            (Tool::Area, false) => Tool::Tape,
            (Tool::Align, true) => {
                self.kind = last;
                self.step_kind(1);
                Tool::Place
            }
            (Tool::Tape, false) => {
                self.kind = 0;
                self.step_kind(-1);
                Tool::Place
            }
        };
        self.points.clear();
    }

    /// The item the ghost shows at `at`.
    pub fn candidate(&self, at: [f32; 2], id: ItemId, kind: &Kind, colour: &str) -> Item {
        Item {
            id,
            kind: kind.id.to_owned(),
            at,
            rotation_deg: self.rotation_deg.rem_euclid(360.0),
            width_m: self.size[0],
            depth_m: self.size[1],
            colour: colour.to_owned(),
            placed_by: String::new(),
        }
    }
}

/// A handle on the selected item: drag it to turn or resize the item.
#[derive(Component, Clone, Copy, Debug, PartialEq, Eq)]
pub enum HandleKind {
    /// In front of the item: turns it to face where it is dragged, in 15° steps.
    Rotate,
    /// Beside the item: its width, in 0.1 m steps within the catalogue's limits.
    Width,
    /// Behind the item: its depth, likewise.
    Depth,
}

/// How far a handle stands out from the item's edge, metres.
pub const HANDLE_OUT_M: f32 = 0.4;
/// How near the pointer must come to a handle to take it, metres.
pub const HANDLE_REACH_M: f32 = 0.5;

/// The item's own axes on the map: its width's direction and its depth's (its front).
fn axes(item: &Item) -> ([f32; 2], [f32; 2]) {
    let (s, c) = item.rotation_deg.to_radians().sin_cos();
    ([c, s], [-s, c])
}

/// Where each handle of `item` stands, `[east, north]` metres.
pub fn handle_spots(item: &Item) -> [(HandleKind, [f32; 2]); 3] {
    let (x, y) = axes(item);
    let at = |axis: [f32; 2], d: f32| [item.at[0] + axis[0] * d, item.at[1] + axis[1] * d];
    [
        (HandleKind::Rotate, at(y, item.depth_m / 2.0 + HANDLE_OUT_M)),
        (HandleKind::Width, at(x, item.width_m / 2.0 + HANDLE_OUT_M)),
        (
            HandleKind::Depth,
            at(y, -(item.depth_m / 2.0 + HANDLE_OUT_M)),
        ),
    ]
}

/// The handle of `item` within reach of `aim`, if any.
pub fn handle_at(item: &Item, aim: [f32; 2]) -> Option<HandleKind> {
    handle_spots(item)
        .into_iter()
        .find(|(_, spot)| distance_m(*spot, aim) <= HANDLE_REACH_M)
        .map(|(handle, _)| handle)
}

/// `item` as dragging `handle` to `aim` leaves it: turned in whole steps of
/// [`ROTATION_STEP_DEG`], or resized in steps of [`SIZE_STEP_M`] within `kind`'s limits.
pub fn dragged(item: &Item, kind: &Kind, handle: HandleKind, aim: [f32; 2]) -> Item {
    let mut out = item.clone();
    let d = [aim[0] - item.at[0], aim[1] - item.at[1]];
    let (x, y) = axes(item);
    let step = |m: f32, by: f32| (m / by).round() * by;
    match handle {
        HandleKind::Rotate => {
            // The front (the item's +depth axis) turns to point at the aim.
            let facing = d[1].atan2(d[0]).to_degrees() - 90.0;
            out.rotation_deg = step(facing, ROTATION_STEP_DEG).rem_euclid(360.0);
        }
        HandleKind::Width => {
            let half = (d[0] * x[0] + d[1] * x[1]).abs() - HANDLE_OUT_M;
            out.width_m = step(2.0 * half, SIZE_STEP_M).clamp(kind.width_m.min, kind.width_m.max);
        }
        HandleKind::Depth => {
            let half = (d[0] * y[0] + d[1] * y[1]).abs() - HANDLE_OUT_M;
            out.depth_m = step(2.0 * half, SIZE_STEP_M).clamp(kind.depth_m.min, kind.depth_m.max);
        }
    }
    out
}

/// The requests that take `item` to `to`: a turn and a resize, as far as they differ.
pub fn requests_for(item: &Item, to: &Item) -> Vec<Request> {
    let mut out = Vec::new();
    if to.rotation_deg != item.rotation_deg {
        out.push(Request::Rotate {
            id: item.id,
            to_deg: to.rotation_deg,
        });
    }
    if [to.width_m, to.depth_m] != [item.width_m, item.depth_m] {
        out.push(Request::Resize {
            id: item.id,
            to: [to.width_m, to.depth_m],
        });
    }
    out
}

/// A change the design made.
#[derive(Message, Clone, Debug)]
pub struct DesignApplied(pub Operation);

/// A change the design refused; the design is as it was.
#[derive(Message, Clone, Debug)]
pub struct DesignRefused {
    /// Who asked.
    pub author: String,
    /// Why not.
    pub refusal: Refusal,
}

/// Where `S` saves the design: a file in the folder Retki was started from.
pub const SAVE_AS: &str = "schoolyard.design.json";

#[derive(Component)]
struct Ghost;

#[derive(Component)]
struct MeasureMark;

#[derive(Component)]
struct Hud;

#[derive(Resource)]
struct GhostLooks {
    fits: Handle<StandardMaterial>,
    refused: Handle<StandardMaterial>,
}

pub(crate) fn plugin(app: &mut App) {
    retki_classroom::shared_design::register(app);
    app.init_resource::<DesignTool>()
        .add_message::<DesignApplied>()
        .add_message::<DesignRefused>()
        .add_systems(
            OnEnter(TripPhase::WarmingPipelines),
            spawn_tools.run_if(in_state(retki_core::ActiveTrip::Scene(SCHOOLYARD))),
        )
        .add_systems(
            Update,
            (
                orbit,
                aim,
                keys,
                select,
                apply_requests.run_if(resource_equals(DesignAuthority::Local)),
                take_from_server,
                show_refusals,
                sync_items,
                show_ghost,
                show_handles,
                show_marks,
                show_hud,
            )
                .chain()
                .run_if(in_state(retki_core::ActiveTrip::Scene(SCHOOLYARD)))
                .run_if(in_state(TripPhase::InScene))
                .run_if(resource_exists::<SchoolyardDesign>),
        )
        .add_systems(Update, (offer_design_tools, colour_ghost));
}

/// The in-world menu offers the design tools while the schoolyard is open.
fn offer_design_tools(trip: Res<State<retki_core::ActiveTrip>>, offer: Option<ResMut<MenuOffer>>) {
    let designing = *trip.get() == retki_core::ActiveTrip::Scene(SCHOOLYARD);
    if let Some(mut offer) = offer
        && offer.design != designing
    {
        offer.design = designing;
    }
}

/// What the session server refused is shown to the pupil.
fn show_refusals(mut refused: MessageReader<SessionRefused>, mut tool: ResMut<DesignTool>) {
    if let Some(SessionRefused(reason)) = refused.read().last() {
        tool.message = format!("refused: {reason}");
    }
}

fn spawn_tools(
    mut commands: Commands,
    mut materials: ResMut<Assets<StandardMaterial>>,
    mut meshes: ResMut<Assets<Mesh>>,
    cameras: Query<Entity, With<ViewerCamera>>,
    panel: Option<Res<Panel>>,
    style: Option<Res<MarkerStyle>>,
    mut tool: ResMut<DesignTool>,
) {
    *tool = DesignTool::default();
    let style = style.as_deref().copied().unwrap_or_default();
    let ghost = |colour: Color| StandardMaterial {
        base_color: colour,
        alpha_mode: AlphaMode::Blend,
        unlit: true,
        ..default()
    };
    let looks = GhostLooks {
        fits: materials.add(ghost(style.allowed().with_alpha(style.fill_alpha()))),
        refused: materials.add(ghost(style.refused().with_alpha(style.fill_alpha()))),
    };
    commands.spawn((
        Name::new("Ghost"),
        Ghost,
        Mesh3d(meshes.add(Cuboid::new(1.0, 1.0, 1.0))),
        MeshMaterial3d(looks.fits.clone()),
        Visibility::Hidden,
        Transform::default(),
        trip_scoped(SCHOOLYARD),
    ));
    commands.insert_resource(looks);
    let knob = meshes.add(Sphere::new(0.18));
    let paint = materials.add(StandardMaterial {
        base_color: Color::srgb(0.2, 0.6, 1.0),
        unlit: true,
        ..default()
    });
    for handle in [HandleKind::Rotate, HandleKind::Width, HandleKind::Depth] {
        commands.spawn((
            Name::new(format!("{handle:?} handle")),
            handle,
            Mesh3d(knob.clone()),
            MeshMaterial3d(paint.clone()),
            Visibility::Hidden,
            Transform::default(),
            trip_scoped(SCHOOLYARD),
        ));
    }
    // The summary, over the laptop's view (and in screenshots).
    if let Some(camera) = cameras.iter().next() {
        commands.spawn((
            Name::new("Schoolyard summary"),
            Hud,
            Text::new(""),
            TextFont {
                font: panel.map(|p| p.font.clone().into()).unwrap_or_default(),
                font_size: FontSize::Px(15.0),
                ..default()
            },
            TextColor(Color::WHITE),
            Node {
                position_type: PositionType::Absolute,
                top: px(10),
                left: px(10),
                padding: UiRect::all(px(8)),
                ..default()
            },
            BackgroundColor(Color::srgba(0.0, 0.0, 0.0, 0.6)),
            UiTargetCamera(camera),
            trip_scoped(SCHOOLYARD),
        ));
    }
}

/// The orbit actions (the arrow keys) turn the laptop's camera round the middle of the yard;
/// the zoom actions (Page Up and Page Down) bring it nearer and further.
fn orbit(
    actions: Option<Res<Actions>>,
    target: Res<ViewerTarget>,
    time: Res<Time>,
    mut cameras: Query<&mut Transform, With<ViewerCamera>>,
) {
    let (Some(actions), ViewerTarget::Window) = (actions, &*target) else {
        return;
    };
    let held = |a: Action| f32::from(actions.pressed(a));
    let turn = 60f32.to_radians() * time.delta_secs();
    let yaw = turn * (held(Action::OrbitLeft) - held(Action::OrbitRight));
    let pitch = turn * (held(Action::OrbitUp) - held(Action::OrbitDown));
    let zoom = 1.0 + time.delta_secs() * (held(Action::ZoomOut) - held(Action::ZoomIn));
    if yaw == 0.0 && pitch == 0.0 && zoom == 1.0 {
        return;
    }
    for mut camera in &mut cameras {
        let mut offset = camera.translation;
        offset = Quat::from_rotation_y(yaw) * offset;
        let elevation = (offset.y / offset.length()).asin();
        let pitch = pitch.clamp(
            5f32.to_radians() - elevation,
            89f32.to_radians() - elevation,
        );
        let side = offset.cross(Vec3::Y).normalize_or_zero();
        if side != Vec3::ZERO {
            offset = Quat::from_axis_angle(side, -pitch) * offset;
        }
        offset *= zoom.clamp(0.5, 2.0);
        let length = offset.length().clamp(5.0, 250.0);
        camera.translation = offset.normalize() * length;
        camera.look_at(Vec3::ZERO, Vec3::Y);
    }
}

/// Where the pointer meets the ground: the mouse cursor's ray on a laptop, the hand's
/// pointer in a headset. Snapped to the grid.
fn aim(
    windows: Query<&Window, With<PrimaryWindow>>,
    cameras: Query<(&Camera, &GlobalTransform), With<ViewerCamera>>,
    hit: Option<Res<PointerHit>>,
    mut tool: ResMut<DesignTool>,
) {
    let cursor_ray = windows
        .iter()
        .next()
        .and_then(|w| w.cursor_position())
        .and_then(|cursor| {
            let (camera, transform) = cameras.iter().next()?;
            camera.viewport_to_world(transform, cursor).ok()
        });
    let point = match cursor_ray {
        Some(ray) => ray
            .intersect_plane(Vec3::ZERO, InfinitePlane3d::new(Vec3::Y))
            .map(|d| ray.get_point(d)),
        None => match hit.and_then(|h| h.0) {
            Some(hit) => Some(hit.point),
            // Nothing points (a test, or a headless run): keep the aim as it is.
            None => return,
        },
    };
    tool.aim = point.map(|p| {
        let m = super::map(p);
        match tool.grid_m {
            Some(g) if matches!(tool.tool, Tool::Place | Tool::Move(_)) => {
                [(m[0] / g).round() * g, (m[1] / g).round() * g]
            }
            _ => m,
        }
    });
}

/// The tool's actions: from the keyboard on a laptop, from the in-world menu in a headset.
fn keys(
    actions: Option<Res<Actions>>,
    author: Res<LocalAuthor>,
    mut tool: ResMut<DesignTool>,
    yard: Res<SchoolyardDesign>,
    mut requests: MessageWriter<DesignRequest>,
) {
    let Some(actions) = actions else { return };
    let request = |r: Request| DesignRequest {
        author: author.0.clone(),
        request: r,
    };
    let now = |a: Action| actions.just_pressed(a);
    // The headset's menu button, and the next-tool action: the next item, then the tools.
    if now(Action::Menu) || now(Action::NextTool) {
        tool.next_tool(1);
    }
    if now(Action::PreviousTool) {
        tool.next_tool(-1);
    }
    if now(Action::NextItem) {
        tool.step_kind(1);
    }
    if now(Action::PreviousItem) {
        tool.step_kind(-1);
    }
    for (action, step) in [(Action::RotateItem, 1.0), (Action::RotateItemBack, -1.0)] {
        if now(action) {
            tool.rotation_deg = (tool.rotation_deg + step * ROTATION_STEP_DEG).rem_euclid(360.0);
        }
    }
    let kind = tool.kind();
    let mut resize = |axis: usize, by: f32| {
        let limits = if axis == 0 {
            kind.width_m
        } else {
            kind.depth_m
        };
        tool.size[axis] = ((tool.size[axis] + by) * 100.0).round() / 100.0;
        tool.size[axis] = tool.size[axis].clamp(limits.min, limits.max);
    };
    for (action, axis, by) in [
        (Action::Wider, 0, SIZE_STEP_M),
        (Action::Narrower, 0, -SIZE_STEP_M),
        (Action::Deeper, 1, SIZE_STEP_M),
        (Action::Shallower, 1, -SIZE_STEP_M),
    ] {
        if now(action) {
            resize(axis, by);
        }
    }
    if now(Action::ToggleGrid) {
        tool.grid_m = if tool.grid_m.is_some() {
            None
        } else {
            Some(GRID_M)
        };
    }
    if now(Action::Undo) {
        requests.write(request(Request::Undo));
    }
    if now(Action::Redo) {
        requests.write(request(Request::Redo));
    }
    if now(Action::TapeTool) {
        tool.tool = Tool::Tape;
        tool.points.clear();
    }
    if now(Action::AreaTool) {
        tool.tool = Tool::Area;
        tool.points.clear();
    }
    let pointed = tool.aim.and_then(|at| yard.design.item_at(at));
    if let Some(id) = pointed {
        if now(Action::Delete) {
            requests.write(request(Request::Delete { id }));
        }
        if now(Action::Recolour)
            && let Some(item) = yard.design.item(id)
        {
            let now = PALETTE
                .iter()
                .position(|c| *c == item.colour)
                .map_or(0, |i| i + 1);
            requests.write(request(Request::Recolour {
                id,
                colour: PALETTE[now % PALETTE.len()].into(),
            }));
        }
        if now(Action::MoveItem)
            && let Some(item) = yard.design.item(id)
            && let Some(index) = catalogue().iter().position(|k| k.id == item.kind)
        {
            tool.kind = index;
            tool.size = [item.width_m, item.depth_m];
            tool.rotation_deg = item.rotation_deg;
            tool.tool = Tool::Move(id);
        }
    }
    if now(Action::Save) {
        let path = PathBuf::from(SAVE_AS);
        let site = yard.path.parent().map(|dir| dir.join(&yard.site_ref));
        let site_ref = site
            .and_then(|p| std::path::absolute(p).ok())
            .map_or(yard.site_ref.clone(), |p| p.display().to_string());
        tool.message = match retki_design::file::save(&yard.design, &site_ref, &path) {
            Ok(()) => format!("saved to {}", path.display()),
            Err(e) => format!("could not save to {}: {e}", path.display()),
        };
        info!("schoolyard: {}", tool.message);
    }
}

/// Select does what the tool in hand does.
fn select(
    actions: Option<Res<Actions>>,
    author: Res<LocalAuthor>,
    mut tool: ResMut<DesignTool>,
    yard: Option<ResMut<SchoolyardDesign>>,
    heads: Query<(&RigPart, &Transform)>,
    mut roots: Query<&mut Transform, (With<SiteRoot>, Without<RigPart>)>,
    mut requests: MessageWriter<DesignRequest>,
) {
    let request = |r: Request| DesignRequest {
        author: author.0.clone(),
        request: r,
    };
    // Letting go of a handle turns or resizes the item to where it was dragged.
    if let Some(handle) = tool.drag
        && !actions.as_ref().is_some_and(|a| a.pressed(Action::Select))
    {
        tool.drag = None;
        if let (Some(yard), Some(id), Some(aim)) = (&yard, tool.selected, tool.aim)
            && let Some(item) = yard.design.item(id)
            && let Some(k) = retki_design::catalogue::kind(&item.kind)
        {
            let to = dragged(item, k, handle, aim);
            requests.write_batch(requests_for(item, &to).into_iter().map(request));
        }
        return;
    }
    if !actions.is_some_and(|a| a.just_pressed(Action::Select)) {
        return;
    }
    match tool.tool {
        Tool::Place => {
            // On a handle of the selected item: take it. On an item: select it.
            if let (Some(yard), Some(aim)) = (&yard, tool.aim) {
                let selected = tool.selected.and_then(|id| yard.design.item(id));
                if let Some(handle) = selected.and_then(|item| handle_at(item, aim)) {
                    tool.drag = Some(handle);
                    return;
                }
                if let Some(id) = yard.design.item_at(aim) {
                    tool.selected = Some(id);
                    return;
                }
            }
            if let Some(at) = tool.aim {
                requests.write(request(Request::Place {
                    kind: tool.kind().id.into(),
                    at,
                    rotation_deg: tool.rotation_deg,
                    size: Some(tool.size),
                    colour: None,
                }));
            }
        }
        Tool::Move(id) => {
            if let (Some(to), Some(yard)) = (tool.aim, &yard)
                && let Some(item) = yard.design.item(id)
            {
                if item.at != to {
                    requests.write(request(Request::Move { id, to }));
                }
                if item.rotation_deg != tool.rotation_deg {
                    requests.write(request(Request::Rotate {
                        id,
                        to_deg: tool.rotation_deg,
                    }));
                }
                if [item.width_m, item.depth_m] != tool.size {
                    requests.write(request(Request::Resize { id, to: tool.size }));
                }
            }
            tool.tool = Tool::Place;
        }
        Tool::Tape | Tool::Area => {
            let limit = if tool.tool == Tool::Tape {
                2
            } else {
                usize::MAX
            };
            if tool.points.len() >= limit {
                tool.points.clear();
            }
            if let Some(at) = tool.aim {
                tool.points.push(at);
            }
        }
        Tool::Align => {
            let Some((_, head)) = heads.iter().find(|(part, _)| **part == RigPart::Head) else {
                tool.message = "aligning the site needs a headset: stand on its corners".into();
                return;
            };
            let real = head.translation;
            tool.points.push([real.x, real.z]);
            if tool.points.len() < 2 {
                tool.message = "now stand on the yard's second corner and select".into();
                return;
            }
            let (Some(mut yard), [a, b]) = (yard, [tool.points[0], tool.points[1]]) else {
                return;
            };
            let alignment = retki_design::align::Alignment {
                site_a: yard.design.site.yard[0],
                site_b: yard.design.site.yard[1],
                real_a: [a[0], 0.0, a[1]],
                real_b: [b[0], 0.0, b[1]],
                by: author.0.clone(),
            };
            tool.points.clear();
            match alignment.solve() {
                Ok(solved) => {
                    for mut root in &mut roots {
                        *root = Transform::from_translation(Vec3::from_array(solved.translation))
                            .with_rotation(Quat::from_rotation_y(solved.yaw_rad));
                    }
                    yard.design.alignment = Some(alignment);
                    tool.message = format!(
                        "the site is lined up with the yard (turned {:.1}°)",
                        solved.yaw_rad.to_degrees()
                    );
                }
                Err(e) => tool.message = e.to_string(),
            }
            info!("schoolyard: {}", tool.message);
        }
    }
}

/// Makes the changes asked for, in the order asked; each is made or refused whole.
fn apply_requests(
    mut requests: MessageReader<DesignRequest>,
    mut yard: ResMut<SchoolyardDesign>,
    mut tool: ResMut<DesignTool>,
    mut applied: MessageWriter<DesignApplied>,
    mut refused: MessageWriter<DesignRefused>,
) {
    for DesignRequest { author, request } in requests.read() {
        match yard
            .design
            .apply(author, retki_design::time::now_ms(), request.clone())
        {
            Ok(op) => {
                if matches!(op.change, retki_design::Change::Place { .. }) && op.undoes.is_none() {
                    tool.selected = Some(op.change.item_id());
                }
                let what = format!("{} item {}", op.change.verb(), op.change.item_id());
                tool.message = match (op.undoes, op.redoes) {
                    (Some(seq), _) => format!("{} undid change {seq} ({what})", op.author),
                    (_, Some(seq)) => format!("{} redid change {seq} ({what})", op.author),
                    _ => format!("{} {what}", op.author),
                };
                info!("schoolyard: {}", tool.message);
                applied.write(DesignApplied(op.clone()));
            }
            Err(refusal) => {
                tool.message = format!("refused: {refusal}");
                info!("schoolyard: {author}'s {request:?} refused: {refusal}");
                refused.write(DesignRefused {
                    author: author.clone(),
                    refusal,
                });
            }
        }
    }
}

/// Takes the changes the session server made. The first of a log starts the design over,
/// and the world's items with it.
fn take_from_server(
    mut from_server: MessageReader<DesignFromServer>,
    mut yard: ResMut<SchoolyardDesign>,
    placed: Query<Entity, With<PlacedItem>>,
    mut commands: Commands,
    mut applied: MessageWriter<DesignApplied>,
) {
    for DesignFromServer(op) in from_server.read() {
        if op.seq == 1 && !yard.design.log().is_empty() {
            let design = &yard.design;
            let fresh = retki_design::Design::new(design.site.clone(), design.brief.clone());
            yard.design = fresh;
            for entity in &placed {
                commands.entity(entity).despawn();
            }
        }
        if op.seq <= yard.design.log().len() as u64 {
            continue;
        }
        match yard.design.take(op.clone()) {
            Ok(()) => {
                applied.write(DesignApplied(op.clone()));
            }
            Err(error) => warn!("schoolyard: the server's change does not fit here: {error}"),
        }
    }
}

/// Brings the world's items in line with each change the design made.
#[allow(clippy::too_many_arguments, reason = "a system's parameters")]
fn sync_items(
    mut commands: Commands,
    mut applied: MessageReader<DesignApplied>,
    yard: Res<SchoolyardDesign>,
    placed: Query<(Entity, &PlacedItem)>,
    roots: Query<Entity, With<SiteRoot>>,
    mut looks: ResMut<ItemLooks>,
    mut meshes: ResMut<Assets<Mesh>>,
    mut materials: ResMut<Assets<StandardMaterial>>,
) {
    let Some(root) = roots.iter().next() else {
        return;
    };
    for DesignApplied(op) in applied.read() {
        let id = op.change.item_id();
        for (entity, item) in &placed {
            if item.0 == id {
                commands.entity(entity).despawn();
            }
        }
        if let Some(item) = yard.design.item(id) {
            spawn_item(
                &mut commands,
                root,
                item,
                &mut looks,
                &mut meshes,
                &mut materials,
            );
        }
    }
}

/// The ghost's colours follow the marker style: safe colours, and more opaque in high
/// contrast.
fn colour_ghost(
    style: Option<Res<MarkerStyle>>,
    looks: Option<Res<GhostLooks>>,
    mut materials: ResMut<Assets<StandardMaterial>>,
) {
    let (Some(style), Some(looks)) = (style, looks) else {
        return;
    };
    if !style.is_changed() {
        return;
    }
    for (handle, colour) in [
        (&looks.fits, style.allowed()),
        (&looks.refused, style.refused()),
    ] {
        if let Some(mut material) = materials.get_mut(handle) {
            material.base_color = colour.with_alpha(style.fill_alpha());
        }
    }
}

/// The ghost of the item to place or move, green where it fits and red where it would be
/// refused (sky blue and vermillion with safe colours).
#[allow(clippy::type_complexity, reason = "a system's query")]
fn show_ghost(
    mut tool: ResMut<DesignTool>,
    yard: Res<SchoolyardDesign>,
    looks: Option<Res<GhostLooks>>,
    mut item_looks: ResMut<ItemLooks>,
    mut meshes: ResMut<Assets<Mesh>>,
    mut ghosts: Query<
        (
            &mut Transform,
            &mut Visibility,
            &mut Mesh3d,
            &mut MeshMaterial3d<StandardMaterial>,
        ),
        With<Ghost>,
    >,
) {
    let Some(looks) = looks else { return };
    let Ok((mut transform, mut visibility, mut mesh, mut material)) = ghosts.single_mut() else {
        return;
    };
    let dragging = match (tool.drag, tool.selected, tool.aim) {
        (Some(handle), Some(id), Some(aim)) => yard.design.item(id).and_then(|item| {
            retki_design::catalogue::kind(&item.kind).map(|k| dragged(item, k, handle, aim))
        }),
        _ => None,
    };
    // While a handle is dragged, the ghost shows the selected item as it would become;
    // otherwise the item in hand where the pointer meets the ground.
    let candidate = match (dragging, tool.tool) {
        (Some(preview), _) => preview,
        (None, Tool::Tape | Tool::Area | Tool::Align) => {
            *visibility = Visibility::Hidden;
            tool.verdict = None;
            return;
        }
        (None, Tool::Place | Tool::Move(_)) => {
            let Some(at) = tool.aim else {
                *visibility = Visibility::Hidden;
                return;
            };
            let id = match tool.tool {
                Tool::Move(id) => id,
                _ => u32::MAX,
            };
            let kind = tool.kind();
            tool.candidate(at, id, kind, kind.colour)
        }
    };
    let verdict = yard.design.would_allow(&candidate);
    mesh.0 = item_looks.mesh(&candidate, &mut meshes);
    material.0 = if verdict.is_ok() {
        looks.fits.clone()
    } else {
        looks.refused.clone()
    };
    *transform = Transform::from_translation(world(candidate.at, 0.01))
        .with_rotation(Quat::from_rotation_y(candidate.rotation_deg.to_radians()));
    *visibility = Visibility::Visible;
    tool.verdict = Some(verdict);
}

/// The selected item's handles, where they can be taken.
fn show_handles(
    tool: Res<DesignTool>,
    yard: Res<SchoolyardDesign>,
    mut handles: Query<(&HandleKind, &mut Transform, &mut Visibility)>,
) {
    let item = tool
        .selected
        .filter(|_| tool.tool == Tool::Place && tool.drag.is_none())
        .and_then(|id| yard.design.item(id));
    for (handle, mut transform, mut visibility) in &mut handles {
        let spot = item.and_then(|item| {
            handle_spots(item)
                .into_iter()
                .find(|(kind, _)| kind == handle)
                .map(|(_, spot)| spot)
        });
        match spot {
            Some(spot) => {
                transform.translation = world(spot, 0.3);
                *visibility = Visibility::Visible;
            }
            None => *visibility = Visibility::Hidden,
        }
    }
}

/// Dots at the tape's or the area's points and lines between them.
fn show_marks(
    mut commands: Commands,
    tool: Res<DesignTool>,
    marks: Query<Entity, With<MeasureMark>>,
    mut meshes: ResMut<Assets<Mesh>>,
    mut materials: ResMut<Assets<StandardMaterial>>,
    mut shown: Local<Vec<[f32; 2]>>,
) {
    if *shown == tool.points {
        return;
    }
    shown.clone_from(&tool.points);
    for mark in &marks {
        commands.entity(mark).despawn();
    }
    if tool.points.is_empty() {
        return;
    }
    let paint = materials.add(StandardMaterial {
        base_color: Color::srgb(1.0, 0.85, 0.1),
        unlit: true,
        ..default()
    });
    let dot = meshes.add(Sphere::new(0.15));
    let mut segments: Vec<_> = tool.points.windows(2).map(|w| (w[0], w[1])).collect();
    if tool.tool == Tool::Area && tool.points.len() >= 3 {
        segments.push((tool.points[tool.points.len() - 1], tool.points[0]));
    }
    for &p in &tool.points {
        commands.spawn((
            MeasureMark,
            Mesh3d(dot.clone()),
            MeshMaterial3d(paint.clone()),
            Transform::from_translation(world(p, 0.15)),
            trip_scoped(SCHOOLYARD),
        ));
    }
    for (a, b) in segments {
        let (a, b) = (world(a, 0.05), world(b, 0.05));
        let length = a.distance(b);
        if length <= f32::EPSILON {
            continue;
        }
        commands.spawn((
            MeasureMark,
            Mesh3d(meshes.add(Cuboid::new(0.06, 0.06, length))),
            MeshMaterial3d(paint.clone()),
            Transform::from_translation((a + b) / 2.0).looking_at(b, Vec3::Y),
            trip_scoped(SCHOOLYARD),
        ));
    }
}

/// The summary and the tool's state, as text.
pub fn summary_text(yard: &SchoolyardDesign, tool: &DesignTool, lang: &str) -> String {
    let s = yard.design.summary();
    let mut lines = vec![
        yard.design.brief.title.clone(),
        format!(
            "Cost {:.0} € of {:.0} €{}   Items {}",
            s.cost_eur,
            s.budget_eur,
            if s.cost_eur > s.budget_eur {
                " — over budget!"
            } else {
                ""
            },
            s.items
        ),
        format!(
            "Green {:.0} % of the yard   Play area {:.1} m² per pupil ({} pupils)",
            s.green_share * 100.0,
            s.play_area_per_pupil_m2,
            yard.design.brief.pupils
        ),
    ];
    let kind = tool.kind();
    lines.push(match tool.tool {
        Tool::Place | Tool::Move(_) => format!(
            "{} {}: {:.2} × {:.2} m, {:.0}°, {:.0} €{}",
            if tool.tool == Tool::Place {
                "Place"
            } else {
                "Move"
            },
            kind.name(lang),
            tool.size[0],
            tool.size[1],
            tool.rotation_deg,
            kind.cost_eur(tool.size[0], tool.size[1]),
            tool.grid_m
                .map_or(String::new(), |g| format!(", grid {g} m")),
        ),
        Tool::Tape => match tool.points.as_slice() {
            [a, b] => format!("Tape: {:.2} m", distance_m(*a, *b)),
            _ => "Tape: select two points".into(),
        },
        Tool::Area => match area_m2(&tool.points) {
            Ok(area) => format!("Area: {area:.1} m² ({} corners)", tool.points.len()),
            Err(e) => format!("Area: {e}"),
        },
        Tool::Align => "Align: stand on the yard's first corner and select".into(),
    });
    match &tool.verdict {
        Some(Ok(())) => lines.push("✓ fits here".into()),
        Some(Err(refusal)) => lines.push(format!("✗ {refusal}")),
        None => {}
    }
    if !tool.message.is_empty() {
        lines.push(tool.message.clone());
    }
    lines.join("\n")
}

fn show_hud(
    yard: Res<SchoolyardDesign>,
    tool: Res<DesignTool>,
    language: Option<Res<Language>>,
    mut huds: Query<&mut Text, With<Hud>>,
) {
    let lang = language.map_or("fi", |l| l.0.code());
    let text = summary_text(&yard, &tool, lang);
    for mut hud in &mut huds {
        if hud.0 != text {
            hud.0.clone_from(&text);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use retki_design::catalogue::kind;

    fn bench() -> Item {
        let k = kind("bench").unwrap();
        Item {
            id: 7,
            kind: "bench".into(),
            at: [10.0, 20.0],
            rotation_deg: 0.0,
            width_m: k.width_m.default,
            depth_m: k.depth_m.default,
            colour: k.colour.into(),
            placed_by: "otter".into(),
        }
    }

    #[test]
    fn handles_stand_round_the_item_and_are_found_by_pointing() {
        let item = bench();
        let spots = handle_spots(&item);
        // Rotation 0: the front is north, the width runs east.
        let near = |(kind, at): (HandleKind, [f32; 2]), want: HandleKind, to: [f32; 2]| {
            kind == want && distance_m(at, to) < 1e-4
        };
        assert!(near(
            spots[0],
            HandleKind::Rotate,
            [10.0, 20.0 + 0.325 + HANDLE_OUT_M]
        ));
        assert!(near(
            spots[1],
            HandleKind::Width,
            [10.0 + 0.9 + HANDLE_OUT_M, 20.0]
        ));
        assert!(near(
            spots[2],
            HandleKind::Depth,
            [10.0, 20.0 - 0.325 - HANDLE_OUT_M]
        ));
        assert_eq!(handle_at(&item, [11.2, 20.1]), Some(HandleKind::Width));
        assert_eq!(handle_at(&item, [10.0, 19.0]), Some(HandleKind::Depth));
        assert_eq!(handle_at(&item, [13.0, 20.0]), None);
    }

    #[test]
    fn dragging_a_handle_turns_or_resizes_in_steps_within_limits() {
        let k = kind("bench").unwrap();
        let item = bench();
        // The front dragged to the west: turned a quarter, counter-clockwise.
        let turned = dragged(&item, k, HandleKind::Rotate, [4.0, 20.3]);
        assert_eq!(turned.rotation_deg, 90.0);
        // Dragged a little off the step: the nearest 15°.
        let turned = dragged(&item, k, HandleKind::Rotate, [12.0, 25.0]);
        assert_eq!(turned.rotation_deg, 345.0);
        // The width handle dragged 1.0 m out from its place: 2 m wider, within the 3 m limit.
        let wider = dragged(
            &item,
            k,
            HandleKind::Width,
            [10.0 + 0.9 + HANDLE_OUT_M + 0.5, 20.0],
        );
        assert!((wider.width_m - 2.8).abs() < 1e-4, "{}", wider.width_m);
        let widest = dragged(&item, k, HandleKind::Width, [30.0, 20.0]);
        assert_eq!(widest.width_m, k.width_m.max);
        let shallow = dragged(&item, k, HandleKind::Depth, [10.0, 19.9]);
        assert_eq!(shallow.depth_m, k.depth_m.min);
        assert_eq!(
            requests_for(&item, &wider),
            [Request::Resize {
                id: 7,
                to: [wider.width_m, item.depth_m]
            }]
        );
        assert_eq!(
            requests_for(&item, &turned),
            [Request::Rotate {
                id: 7,
                to_deg: 345.0
            }]
        );
        assert!(requests_for(&item, &item).is_empty());
    }
}
