//! Assembling the app for each face.

use std::sync::{Arc, Mutex};
use std::time::Duration;

use bevy::app::ScheduleRunnerPlugin;
use bevy::asset::RenderAssetUsages;
use bevy::prelude::*;
use bevy::render::RenderPlugin;
use bevy::render::render_resource::{Extent3d, TextureDimension, TextureFormat, TextureUsages};
use bevy::render::settings::WgpuSettings;
use bevy::render::sync_world::SyncWorldPlugin;
use bevy::render::view::screenshot::{Screenshot, ScreenshotCaptured};
use bevy::window::ExitCondition;
use bevy::winit::WinitPlugin;
use retki_core::viewer::ViewerTarget;
use retki_core::{RetkiCorePlugin, SceneId, TripPhase, TripRequest, paths};
use retki_input::ActionsPlugin;
use retki_scenes::ScenesPlugin;
use retki_xr::XrFacePlugin;
use retki_xr::passthrough::ArRequested;

/// How the app meets the person.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Face {
    /// In a headset, through OpenXR; with `window`, a window on the desktop as well.
    Xr {
        /// Whether there is a display for a desktop window.
        window: bool,
        /// Whether to ask for AR passthrough.
        ar: bool,
    },
    /// In a window.
    Window,
    /// Rendering into an off-screen image of this size, pixels, with no window: screenshots.
    Offscreen {
        /// Width, pixels.
        width: u32,
        /// Height, pixels.
        height: u32,
    },
    /// No window and no GPU. With `camera`, a viewer camera still exists, so culling and
    /// statistics run; without, nothing is viewed (a server).
    Headless {
        /// Whether to keep a viewer camera.
        camera: bool,
    },
}

/// Frame pacing of the windowless faces: as fast as possible.
const HEADLESS_FRAME_WAIT: Duration = Duration::ZERO;

/// Builds the app for `face`, opening `trip` straight away if given.
pub fn build(face: Face, trip: Option<SceneId>) -> App {
    let mut app = App::new();
    paths::register_shader_source(&mut app);
    let asset_plugin = AssetPlugin {
        file_path: paths::assets_dir().to_string_lossy().into_owned(),
        ..default()
    };
    let windowless = WindowPlugin {
        primary_window: None,
        exit_condition: ExitCondition::DontExit,
        ..default()
    };
    let no_gpu = RenderPlugin {
        render_creation: WgpuSettings {
            backends: None,
            ..default()
        }
        .into(),
        ..default()
    };
    match face {
        Face::Window => {
            app.add_plugins(DefaultPlugins.set(asset_plugin).set(WindowPlugin {
                primary_window: Some(Window {
                    title: "Retki".into(),
                    ..default()
                }),
                ..default()
            }));
        }
        Face::Xr { window, ar } => {
            app.insert_resource(ArRequested(ar));
            let plugins = retki_xr::with_openxr(DefaultPlugins.build().set(asset_plugin));
            if window {
                app.add_plugins(plugins);
            } else {
                app.add_plugins((
                    plugins.set(windowless).disable::<WinitPlugin>(),
                    ScheduleRunnerPlugin::run_loop(HEADLESS_FRAME_WAIT),
                ));
            }
            app.add_plugins(XrFacePlugin)
                .insert_resource(ViewerTarget::None);
        }
        Face::Offscreen { .. } => {
            app.add_plugins((
                DefaultPlugins
                    .set(asset_plugin)
                    .set(windowless)
                    .disable::<WinitPlugin>(),
                ScheduleRunnerPlugin::run_loop(HEADLESS_FRAME_WAIT),
            ));
        }
        Face::Headless { camera } => {
            app.add_plugins((
                DefaultPlugins
                    .set(asset_plugin)
                    .set(windowless)
                    .set(no_gpu)
                    .disable::<WinitPlugin>(),
                ScheduleRunnerPlugin::run_loop(HEADLESS_FRAME_WAIT),
                // Bevy 0.19 without a GPU backend still registers hooks that queue despawned
                // drawables for the render world, but not the queue itself, so despawning a
                // mesh would panic. This adds the queue; with no render world it is never
                // drained, which costs a few bytes per drawable spawned or despawned.
                SyncWorldPlugin,
            ));
            if !camera {
                app.insert_resource(ViewerTarget::None);
            }
        }
    }
    let offscreen_size = match face {
        Face::Offscreen { width, height } => Some((width, height)),
        Face::Headless { camera: true } => Some(DEFAULT_SIZE),
        Face::Xr { .. } | Face::Window | Face::Headless { camera: false } => None,
    };
    if let Some((width, height)) = offscreen_size {
        let image = offscreen_image(&mut app, width, height);
        app.insert_resource(ViewerTarget::Image(image));
    }
    app.add_plugins((RetkiCorePlugin, ActionsPlugin, ScenesPlugin));
    if let Some(scene) = trip {
        app.world_mut().write_message(TripRequest(Some(scene)));
    }
    app
}

/// Size of off-screen images unless asked otherwise, pixels.
pub const DEFAULT_SIZE: (u32, u32) = (1280, 720);

fn offscreen_image(app: &mut App, width: u32, height: u32) -> Handle<Image> {
    let mut image = Image::new_fill(
        Extent3d {
            width,
            height,
            depth_or_array_layers: 1,
        },
        TextureDimension::D2,
        &[0, 0, 0, 255],
        TextureFormat::Rgba8UnormSrgb,
        RenderAssetUsages::default(),
    );
    image.texture_descriptor.usage |= TextureUsages::RENDER_ATTACHMENT | TextureUsages::COPY_SRC;
    app.world_mut().resource_mut::<Assets<Image>>().add(image)
}

/// The places a class session may open, by the names the server uses.
pub fn session_places() -> retki_classroom::Places {
    retki_classroom::Places(
        retki_scenes::catalogue()
            .iter()
            .map(|s| (s.id.0.to_owned(), s.id))
            .collect(),
    )
}

/// Adds a class session's presence to `app` with no network: the session client and its
/// messages, the places, and the presence plugin. What a server would say is told to the
/// [`retki_session::net::SessionClient`] by hand: by tests, and by `retki render class`.
pub fn add_offline_presence(app: &mut App) {
    use retki_session::net::{PoseToServer, SessionClient, ToServer};
    app.add_message::<ToServer>()
        .add_message::<PoseToServer>()
        .init_resource::<SessionClient>()
        .insert_resource(session_places())
        .add_plugins(retki_classroom::PresencePlugin);
}

/// Finishes building `app` and updates it by hand until its trip is shown, for tests and
/// benchmarks that drive the app frame by frame. Gives up after `max_frames` frames, with
/// the phase it was stuck in.
pub fn update_until_in_scene(app: &mut App, max_frames: usize) -> Result<(), TripPhase> {
    app.finish();
    app.cleanup();
    for _ in 0..max_frames {
        app.update();
        if *app.world().resource::<State<TripPhase>>().get() == TripPhase::InScene {
            return Ok(());
        }
        // Files load on background threads.
        std::thread::sleep(Duration::from_millis(1));
    }
    Err(*app.world().resource::<State<TripPhase>>().get())
}

/// Has `app` quit after `frames` frames: in a headset, the frames the runtime received (the
/// runtime then closes the session); elsewhere, the app's own frames.
pub fn quit_after(app: &mut App, face: Face, frames: Option<u32>) {
    let Some(frames) = frames else { return };
    if let Face::Xr { .. } = face {
        app.insert_resource(retki_xr::session::XrFrameLimit(u64::from(frames)));
    } else {
        app.add_systems(
            Last,
            move |count: Res<bevy::diagnostic::FrameCount>, mut exit: MessageWriter<AppExit>| {
                if count.0 + 1 >= frames {
                    exit.write(AppExit::Success);
                }
            },
        );
    }
}

/// The process's exit status for how the app ended.
pub fn exit_code(exit: AppExit) -> std::process::ExitCode {
    match exit {
        AppExit::Success => std::process::ExitCode::SUCCESS,
        AppExit::Error(code) => std::process::ExitCode::from(code.get()),
    }
}

/// The viewer's picture now, off-screen (the lobby's pages, render tests).
pub fn viewer_picture(app: &mut App) -> Result<Image, String> {
    let ViewerTarget::Image(target) = app.world().resource::<ViewerTarget>().clone() else {
        return Err("the app does not render off-screen".into());
    };
    let taken: Arc<Mutex<Option<Image>>> = Arc::default();
    let into = taken.clone();
    app.world_mut().spawn(Screenshot::image(target)).observe(
        move |captured: On<ScreenshotCaptured>| {
            *into.lock().unwrap_or_else(|e| e.into_inner()) = Some(captured.image.clone());
        },
    );
    for _ in 0..PICTURE_FRAMES {
        app.update();
        if let Some(image) = taken.lock().unwrap_or_else(|e| e.into_inner()).take() {
            return Ok(image);
        }
    }
    Err("the picture never came back from the GPU".into())
}

/// Most frames to wait for a picture to come back.
const PICTURE_FRAMES: u32 = 2_000;
