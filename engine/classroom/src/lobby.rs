//! The lobby: where the app starts, the same in a window and a headset. A calm place with a
//! board at reading distance: the places as cards, "Join a class", the language; then the
//! classes announced on the network, the join code on a keypad, and a name. The board is
//! pointed at and selected (a controller, a hand, or the mouse), or walked with the arrows
//! or the stick and pressed with Enter; keys type into its fields. See [`screen`] for what
//! each page offers.
//!
//! Joining sets up the session client ([`SessionClient`], [`ServerAddress`],
//! [`TokenSource`]); once the server welcomes the pupil, the presence plugin opens the
//! session's place and the lobby is gone. A refusal brings the pupil back to the page where
//! the fix is typed, with the server's reason on the board.

pub mod screen;

use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex, mpsc};
use std::time::Duration;

use bevy::prelude::*;
use bevy_rapier3d::prelude::{Collider, Sensor};
use retki_content::{ContentErrors, Lang, Texts};
use retki_core::panel::{PANEL_FONT, UiBoard};
use retki_core::poi::Language;
use retki_core::pointer::{PointerHit, PointerSystems};
use retki_core::scene::{SceneRegistry, Viewpoint};
use retki_core::trip::{TripPhase, TripRequest};
use retki_core::viewer::ViewAnchor;
use retki_input::actions::{NumbersOpenPlaces, TextEntry};
use retki_input::comfort::{Comfort, ComfortFile};
use retki_input::{Action, ActionSystems, Actions};
use retki_session::discovery::FoundClass;
use retki_session::net::{ServerAddress, SessionClient, TokenSource};
use retki_session::server::ServerMessage;

use crate::join::JoinOptions;
use crate::presence::PresenceSystems;
use screen::{Layout, Lobby, Look, Outcome, Press, Screen, Who, Words};

/// The board's size in the world, metres: 0.1 m per cell, at [`BOARD_AT`] it spans about
/// 56° across, inside a headset's comfortable field of view.
pub const BOARD_M: Vec2 = Vec2::new(screen::COLUMNS * CELL_M, screen::ROWS * CELL_M);
/// One cell of the board, metres.
const CELL_M: f32 = 0.1;
/// Pixels of the board's texture per cell.
const CELL_PX: f32 = 100.0;
/// The board's centre, metres: 1.5 m in front of the eyes and a little below them.
pub const BOARD_AT: Vec3 = Vec3::new(0.0, 1.45, -1.5);
/// Where the eyes are in the lobby, metres.
pub const LOBBY_EYE: Vec3 = Vec3::new(0.0, 1.6, 0.0);
/// Height of the eyes above the floor of a standing pupil, metres.
const STANDING_EYE_M: f32 = 1.6;
/// How often the network is asked for classes while the class list is open, seconds.
const BROWSE_SECONDS: f64 = 1.5;

/// The lobby, from its first page.
pub struct LobbyPlugin {
    /// The page the app starts on: [`Screen::Start`], or [`Screen::Classes`] for a shared
    /// school headset (`--class-mode`).
    pub first: Screen,
    /// Whether to look for classes on the network (multicast DNS). Off, only a typed address
    /// joins.
    pub discover: bool,
}

impl Plugin for LobbyPlugin {
    fn build(&self, app: &mut App) {
        let texts = lobby_texts().unwrap_or_else(|errors| {
            error!("the lobby's texts have errors:\n{errors}");
            Texts::default()
        });
        let lang = app
            .world()
            .get_resource::<Language>()
            .map_or(Lang::Fi, |l| l.0);
        let seed = uuid_seed();
        let lobby = Lobby::new(
            self.first,
            app.world()
                .get_resource::<SceneRegistry>()
                .map_or(0, |r| r.iter().count()),
            lang,
            animals(&texts, lang),
            seed,
        );
        app.insert_resource(LobbyNow(lobby))
            .insert_resource(LobbyTexts(texts))
            .init_resource::<PendingOutcomes>()
            .insert_resource(Discovery {
                enabled: self.discover,
                running: None,
            })
            .add_systems(OnEnter(TripPhase::Chooser), (spawn_lobby, stand_in_lobby))
            .add_systems(OnExit(TripPhase::Chooser), leave_lobby)
            .add_systems(
                PreUpdate,
                press_pointed
                    .in_set(ActionSystems::Menu)
                    .after(PointerSystems)
                    .run_if(in_state(TripPhase::Chooser)),
            )
            .add_systems(
                Update,
                (
                    use_lobby,
                    follow_join,
                    browse,
                    draw_board,
                    lobby_sky_for_new_cameras,
                )
                    .chain()
                    .before(PresenceSystems)
                    .run_if(in_state(TripPhase::Chooser)),
            );
    }
}

/// Reads the lobby's texts, `assets/locales/{fi,sv,en}/lobby.ftl`.
pub fn lobby_texts() -> Result<Texts, ContentErrors> {
    let mut errors = ContentErrors::default();
    let texts = Texts::load(&retki_core::paths::assets_dir(), "lobby", &mut errors);
    if errors.is_empty() {
        Ok(texts)
    } else {
        Err(errors)
    }
}

fn animals(texts: &Texts, lang: Lang) -> Vec<String> {
    texts
        .get(lang, "lobby-animals")
        .unwrap_or("Kettu")
        .split(',')
        .map(|a| a.trim().to_owned())
        .filter(|a| !a.is_empty())
        .collect()
}

fn uuid_seed() -> u64 {
    let bytes = uuid::Uuid::new_v4().into_bytes();
    u64::from_le_bytes(bytes[..8].try_into().expect("eight bytes"))
}

/// The lobby now: its page and what is typed.
#[derive(Resource, Debug, Deref, DerefMut)]
pub struct LobbyNow(pub Lobby);

/// The lobby's texts in every language.
#[derive(Resource, Debug)]
pub struct LobbyTexts(pub Texts);

impl LobbyTexts {
    fn get(&self, lang: Lang, key: &str) -> String {
        self.0.get(lang, key).unwrap_or(key).to_owned()
    }
}

/// Looking for classes on the network, on a thread of its own while the class list is open.
#[derive(Resource)]
struct Discovery {
    enabled: bool,
    running: Option<Browsing>,
}

struct Browsing {
    found: Mutex<mpsc::Receiver<Vec<FoundClass>>>,
    stop: Arc<AtomicBool>,
}

impl Drop for Browsing {
    fn drop(&mut self) {
        self.stop.store(true, Ordering::Relaxed);
    }
}

/// A button of the lobby's board: the index of its button in the page's [`Layout`].
#[derive(Component, Clone, Copy, Debug, PartialEq, Eq)]
pub struct LobbyButton(pub usize);

/// The board and what draws it.
#[derive(Resource)]
pub struct LobbyBoard {
    /// The board in the world; the buttons' colliders are its children.
    pub board: Entity,
    /// The UI root drawn into the board's texture.
    pub ui: Entity,
    /// The texture.
    pub image: Handle<Image>,
    font: Handle<Font>,
}

/// Marks what the lobby place is made of.
#[derive(Component)]
struct LobbyPart;

/// Where a rectangle of cells lies on the board, metres from its centre (x right, y up).
pub fn cells_on_board(at: &screen::Cells) -> (Vec2, Vec2) {
    let (cx, cy) = at.centre();
    let centre = Vec2::new(
        (cx - screen::COLUMNS / 2.0) * CELL_M,
        (screen::ROWS / 2.0 - cy) * CELL_M,
    );
    (centre, Vec2::new(at.w, at.h) * CELL_M)
}

/// The lobby place: a meadow at dusk-free noon under a pale sky, a sun, and the board.
fn spawn_lobby(
    mut commands: Commands,
    mut images: ResMut<Assets<Image>>,
    mut meshes: ResMut<Assets<Mesh>>,
    mut materials: ResMut<Assets<StandardMaterial>>,
    server: Option<Res<AssetServer>>,
    mut cameras: Query<&mut Camera, With<Camera3d>>,
    mut lobby: ResMut<LobbyNow>,
) {
    for mut camera in &mut cameras {
        camera.clear_color = ClearColorConfig::Custom(LOBBY_SKY);
    }
    commands.spawn((
        Name::new("Lobby ground"),
        LobbyPart,
        Mesh3d(meshes.add(Circle::new(30.0))),
        MeshMaterial3d(materials.add(StandardMaterial {
            base_color: Color::srgb(0.42, 0.55, 0.36),
            perceptual_roughness: 0.95,
            ..default()
        })),
        Transform::from_rotation(Quat::from_rotation_x(-std::f32::consts::FRAC_PI_2)),
    ));
    commands.spawn((
        Name::new("Lobby sun"),
        LobbyPart,
        DirectionalLight {
            // Overcast daylight, lux (an overcast day gives 1,000–10,000 lx; Bevy's
            // `light_consts::lux::OVERCAST_DAY` is 1,000).
            illuminance: bevy::light::light_consts::lux::OVERCAST_DAY,
            ..default()
        },
        Transform::from_xyz(2.0, 6.0, 3.0).looking_at(Vec3::ZERO, Vec3::Y),
    ));
    let UiBoard {
        image,
        camera,
        ui,
        board,
    } = UiBoard::spawn(
        &mut commands,
        (&mut images, &mut meshes, &mut materials),
        "Lobby board",
        BOARD_M,
        CELL_PX / CELL_M,
        -12,
    );
    commands.entity(camera).insert(LobbyPart);
    commands.entity(ui).insert((
        LobbyPart,
        Node {
            width: percent(100),
            height: percent(100),
            border_radius: BorderRadius::all(px(36)),
            ..default()
        },
        BackgroundColor(Color::srgb(0.05, 0.07, 0.11)),
    ));
    // A rectangle faces +Z: towards the eyes.
    commands
        .entity(board)
        .insert((LobbyPart, Transform::from_translation(BOARD_AT)));
    commands.insert_resource(LobbyBoard {
        board,
        ui,
        image,
        font: server.map(|s| s.load(PANEL_FONT)).unwrap_or_default(),
    });
    // Draw the board on the first frame.
    lobby.set_changed();
}

/// The lobby's pale sky.
const LOBBY_SKY: Color = Color::srgb(0.70, 0.80, 0.90);

/// A headset's eye cameras appear once its session runs: they get the lobby's sky too.
fn lobby_sky_for_new_cameras(mut cameras: Query<&mut Camera, Added<Camera3d>>) {
    for mut camera in &mut cameras {
        camera.clear_color = ClearColorConfig::Custom(LOBBY_SKY);
    }
}

/// Puts the viewer (the laptop's camera, or the headset's floor) in front of the board.
fn stand_in_lobby(mut anchors: Query<(&mut Transform, &ViewAnchor)>) {
    let viewpoint = Viewpoint {
        name: "lobby",
        title: "The lobby",
        eye: LOBBY_EYE,
        look_at: BOARD_AT,
    };
    for (mut transform, anchor) in &mut anchors {
        *transform = match anchor {
            ViewAnchor::Eye => anchor.placement(&viewpoint),
            ViewAnchor::Floor { .. } => ViewAnchor::Floor {
                eye_height_m: STANDING_EYE_M,
            }
            .placement(&viewpoint),
        };
    }
}

fn leave_lobby(
    mut commands: Commands,
    parts: Query<Entity, With<LobbyPart>>,
    mut discovery: ResMut<Discovery>,
    mut entry: ResMut<TextEntry>,
    mut numbers: ResMut<NumbersOpenPlaces>,
) {
    for part in &parts {
        commands.entity(part).despawn();
    }
    commands.remove_resource::<LobbyBoard>();
    discovery.running = None;
    entry.0 = false;
    numbers.0 = true;
}

/// A select that lands on a lobby button presses it (and is taken from everything else).
fn press_pointed(
    hit: Res<PointerHit>,
    buttons: Query<&LobbyButton>,
    mut actions: ResMut<Actions>,
    mut lobby: ResMut<LobbyNow>,
    mut pending: ResMut<PendingOutcomes>,
) {
    if !actions.just_pressed(Action::Select) {
        return;
    }
    let Some(button) = hit.0.and_then(|hit| buttons.get(hit.entity).ok()) else {
        return;
    };
    actions.consume(Action::Select);
    let Some(press) = lobby.layout().buttons.get(button.0).map(|b| b.press) else {
        return;
    };
    lobby.focus = button.0;
    pending.0.extend(lobby.press(press));
}

/// Outcomes of presses made before [`use_lobby`] runs.
#[derive(Resource, Default)]
struct PendingOutcomes(Vec<Outcome>);

/// Keys, sticks and confirm; then what the presses ask for.
#[expect(
    clippy::too_many_arguments,
    reason = "one system that applies the lobby's outcomes"
)]
fn use_lobby(
    actions: Res<Actions>,
    mut lobby: ResMut<LobbyNow>,
    mut pending: ResMut<PendingOutcomes>,
    texts: Res<LobbyTexts>,
    registry: Res<SceneRegistry>,
    mut language: ResMut<Language>,
    mut trips: MessageWriter<TripRequest>,
    mut entry: ResMut<TextEntry>,
    mut numbers: ResMut<NumbersOpenPlaces>,
    (mut comfort, file): (ResMut<Comfort>, Res<ComfortFile>),
    mut commands: Commands,
) {
    let mut outcomes = std::mem::take(&mut pending.0);
    // Keys type while a field is open (the pointer may have opened one this frame).
    entry.set_if_neq(TextEntry(lobby.typing()));
    numbers.set_if_neq(NumbersOpenPlaces(lobby.screen == Screen::Start));
    {
        let lobby = lobby.bypass_change_detection();
        let before = (lobby.screen, lobby.focus);
        let mut changed = false;
        for c in actions.typed() {
            outcomes.extend(lobby.press(Press::Type(c)));
            changed = true;
        }
        let presses = [
            (Action::Erase, Some(Press::Erase)),
            (Action::Leave, Some(Press::Back)),
            (Action::Confirm, None),
        ];
        for (action, press) in presses {
            if actions.just_pressed(action) {
                changed = true;
                outcomes.extend(match press {
                    Some(press) => lobby.press(press),
                    None => lobby.press_focused(),
                });
            }
        }
        let moves = [
            (Action::OrbitLeft, -1.0, 0.0),
            (Action::SnapTurnLeft, -1.0, 0.0),
            (Action::OrbitRight, 1.0, 0.0),
            (Action::SnapTurnRight, 1.0, 0.0),
            (Action::OrbitUp, 0.0, -1.0),
            (Action::OrbitDown, 0.0, 1.0),
        ];
        for (action, dx, dy) in moves {
            if actions.just_pressed(action) {
                lobby.move_focus(dx, dy);
            }
        }
        if lobby.screen == Screen::Classes {
            for n in 1..=9 {
                if actions.just_pressed(Action::Choose(n)) {
                    outcomes.extend(lobby.press(Press::Class(usize::from(n) - 1)));
                    changed = true;
                }
            }
        }
        // The board is redrawn only when something changed.
        if !changed && before == (lobby.screen, lobby.focus) && outcomes.is_empty() {
            return;
        }
    }
    lobby.set_changed();
    for outcome in outcomes {
        match outcome {
            Outcome::OpenPlace(n) => {
                if let Some(def) = registry.iter().nth(n) {
                    trips.write(TripRequest(Some(def.id)));
                }
            }
            Outcome::Language(lang) => {
                language.0 = lang;
                lobby.set_animals(animals(&texts.0, lang));
            }
            Outcome::Join(request) => {
                let (code, name, teacher_key) = match request.who {
                    Who::Pupil { code, name } => (Some(code), Some(name), None),
                    Who::Teacher { key } => (None, None, Some(key)),
                };
                let options = JoinOptions {
                    server: request.server,
                    fingerprint: request.fingerprint,
                    code,
                    name,
                    teacher_key,
                    observer: false,
                };
                match start_joining(&options) {
                    Ok((client, address, tokens)) => {
                        info!("lobby: joining the class at {}", address.0);
                        commands.insert_resource(client);
                        commands.insert_resource(address);
                        commands.insert_resource(tokens);
                    }
                    Err(why) => lobby.refused(why, true),
                }
            }
            Outcome::Cancel => stop_joining(&mut commands),
            Outcome::Toggle(setting) => {
                comfort.toggle(setting);
                if let Some(path) = &file.0
                    && let Err(error) = comfort.save(path)
                {
                    warn!("comfort settings: cannot keep them: {error}");
                    lobby.note = Some((Words::Said(error), Look::Problem));
                }
            }
        }
    }
    let typing = lobby.typing();
    entry.set_if_neq(TextEntry(typing));
    numbers.set_if_neq(NumbersOpenPlaces(lobby.screen == Screen::Start));
}

/// What a join needs in the world.
fn start_joining(
    options: &JoinOptions,
) -> Result<(SessionClient, ServerAddress, TokenSource), String> {
    let join = options.join()?;
    let address = options.address()?;
    Ok((
        SessionClient::joining(join),
        ServerAddress(address),
        options.tokens()?,
    ))
}

fn stop_joining(commands: &mut Commands) {
    commands.queue(retki_session::net::leave_udp);
}

/// While joining: a refusal brings the pupil back with the reason; a welcome is the presence
/// plugin's to follow (it opens the session's place, which ends the lobby).
fn follow_join(
    mut lobby: ResMut<LobbyNow>,
    client: Option<ResMut<SessionClient>>,
    mut commands: Commands,
) {
    if lobby.screen != Screen::Joining {
        return;
    }
    let Some(mut client) = client else { return };
    if client.me.is_some() {
        return;
    }
    if let Some(reason) = client.refused_at_door.take() {
        lobby.refused(reason, true);
        stop_joining(&mut commands);
        return;
    }
    let refusal = client.inbox.iter().find_map(|m| match m {
        ServerMessage::Refused { reason } => Some(reason.clone()),
        _ => None,
    });
    if let Some(reason) = refusal {
        client.inbox.clear();
        lobby.refused(reason, false);
        stop_joining(&mut commands);
    }
}

/// Looks for classes while the class list is open.
fn browse(mut discovery: ResMut<Discovery>, mut lobby: ResMut<LobbyNow>) {
    let wanted = discovery.enabled && lobby.screen == Screen::Classes;
    if !wanted {
        discovery.running = None;
        return;
    }
    let Some(running) = &discovery.running else {
        let (tell, found) = mpsc::channel();
        let stop = Arc::new(AtomicBool::new(false));
        let stopped = stop.clone();
        std::thread::spawn(move || {
            while !stopped.load(Ordering::Relaxed) {
                let wait = Duration::from_secs_f64(BROWSE_SECONDS);
                match retki_session::discovery::browse(wait) {
                    Ok(classes) => {
                        if tell.send(classes).is_err() {
                            break;
                        }
                    }
                    Err(error) => {
                        warn!("lobby: cannot look for classes: {error}");
                        break;
                    }
                }
            }
        });
        discovery.running = Some(Browsing {
            found: Mutex::new(found),
            stop,
        });
        return;
    };
    let latest = running
        .found
        .lock()
        .ok()
        .and_then(|found| found.try_iter().last());
    if let Some(classes) = latest {
        // The board is redrawn only when the list changed.
        if lobby.bypass_change_detection().found(classes) {
            lobby.set_changed();
        }
    }
}

/// Colours of the board.
const BUTTON: Color = Color::srgb(0.13, 0.20, 0.30);
const FOCUS: Color = Color::srgb(1.0, 0.85, 0.2);
const TEXT: Color = Color::WHITE;
const PROBLEM: Color = Color::srgb(1.0, 0.62, 0.55);
const NOTE: Color = Color::srgb(0.78, 0.84, 0.92);

/// Text sizes, pixels of the texture (100 px per 10 cm: 40 px is 4 cm, read easily at
/// 1.5 m, where 1° of view is 2.6 cm).
fn text_px(look: Look) -> f32 {
    match look {
        Look::Title => 56.0,
        Look::Field => 60.0,
        Look::Note | Look::Problem => 36.0,
    }
}

/// Redraws the board when the lobby changed: the texture's text and the buttons' colliders.
#[expect(clippy::too_many_arguments, reason = "one system that draws the board")]
fn draw_board(
    lobby: Res<LobbyNow>,
    language: Res<Language>,
    texts: Res<LobbyTexts>,
    registry: Res<SceneRegistry>,
    board: Option<Res<LobbyBoard>>,
    buttons: Query<Entity, With<LobbyButton>>,
    (server, comfort): (Option<Res<AssetServer>>, Res<Comfort>),
    mut commands: Commands,
) {
    let Some(board) = board else { return };
    if !(lobby.is_changed() || language.is_changed() || board.is_added() || comfort.is_changed()) {
        return;
    }
    let scale = comfort.text_scale();
    for button in &buttons {
        commands.entity(button).despawn();
    }
    commands.entity(board.ui).despawn_related::<Children>();
    let lang = lobby.lang;
    let Layout { lines, buttons } = lobby.layout();
    let say = |words: &Words| -> String {
        match words {
            Words::Key(key) => texts.get(lang, key),
            Words::Said(text) => text.clone(),
            Words::Place(n) => registry
                .iter()
                .nth(*n)
                .map(|def| texts.get(lang, &format!("lobby-place-{}", def.id.0)))
                .unwrap_or_default(),
            Words::Class(n) => lobby.classes.get(*n).map_or_else(String::new, |found| {
                let place = texts.get(lang, &format!("lobby-place-{}", found.info.place));
                let lesson = found
                    .info
                    .lesson
                    .as_ref()
                    .map_or(String::new(), |titles| format!(" · {}", lang.pick(titles)));
                format!("{} · {place}{lesson}", found.info.class)
            }),
            Words::Setting(setting) => {
                let key = setting.text_key();
                let state = if comfort.get(*setting) {
                    "lobby-on"
                } else {
                    "lobby-off"
                };
                format!("{}: {}", texts.get(lang, key), texts.get(lang, state))
            }
        }
    };
    let font = board.font.clone();
    let text = |words: String, px_size: f32, colour: Color| {
        (
            Text::new(words),
            TextFont {
                font: font.clone().into(),
                font_size: FontSize::Px(px_size * scale),
                ..default()
            },
            TextColor(colour),
        )
    };
    let place = |at: &screen::Cells| Node {
        position_type: PositionType::Absolute,
        left: px(at.x * CELL_PX),
        top: px(at.y * CELL_PX),
        width: px(at.w * CELL_PX),
        height: px(at.h * CELL_PX),
        align_items: AlignItems::Center,
        ..default()
    };
    for line in &lines {
        let colour = match line.look {
            Look::Problem => PROBLEM,
            Look::Note => NOTE,
            Look::Title | Look::Field => TEXT,
        };
        let mut node = place(&line.at);
        if line.look == Look::Field {
            node.justify_content = JustifyContent::Center;
            node.border = UiRect::all(px(4));
        }
        commands.entity(board.ui).with_child((
            node,
            BorderColor::all(NOTE),
            children![text(say(&line.words), text_px(line.look), colour)],
        ));
    }
    for (index, button) in buttons.iter().enumerate() {
        let label = say(&button.words);
        let focused = index == lobby.focus;
        let mut node = place(&button.at);
        node.justify_content = JustifyContent::Center;
        node.border = UiRect::all(px(if focused { 8 } else { 0 }));
        node.border_radius = BorderRadius::all(px(18));
        let label_px = if button.at.h < 1.0 { 34.0 } else { 42.0 };
        let mut entity = commands.entity(board.ui);
        if let (Press::Place(n), Some(server)) = (button.press, &server) {
            // A card: the place's picture, rendered by `retki render`, with its title.
            let picture = registry
                .iter()
                .nth(n)
                .map(|def| server.load(format!("cards/{}.png", def.id.0)))
                .unwrap_or_default();
            node.flex_direction = FlexDirection::Column;
            node.justify_content = JustifyContent::FlexStart;
            node.padding = UiRect::all(px(10));
            node.row_gap = px(14);
            entity.with_child((
                node,
                BackgroundColor(BUTTON),
                BorderColor::all(FOCUS),
                children![
                    (
                        ImageNode::new(picture),
                        Node {
                            width: percent(100),
                            aspect_ratio: Some(16.0 / 9.0),
                            border_radius: BorderRadius::all(px(10)),
                            ..default()
                        },
                    ),
                    text(label, 40.0, TEXT),
                ],
            ));
        } else {
            entity.with_child((
                node,
                BackgroundColor(BUTTON),
                BorderColor::all(FOCUS),
                children![text(label, label_px, TEXT)],
            ));
        }
        let (centre, size) = cells_on_board(&button.at);
        commands.entity(board.board).with_child((
            Name::new(format!("Lobby button {:?}", button.press)),
            LobbyButton(index),
            Collider::cuboid(size.x / 2.0, size.y / 2.0, 0.01),
            Sensor,
            Transform::from_xyz(centre.x, centre.y, 0.0),
        ));
    }
}
