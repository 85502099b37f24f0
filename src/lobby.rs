//! Pictures of the lobby's pages, rendered off-screen: for `retki render lobby`, the guides'
//! screenshots and the test that reads the board's text in the picture.

use std::time::Duration;

use bevy::prelude::*;
use retki_classroom::lobby::screen::{Press, Screen};
use retki_classroom::lobby::{LobbyButton, LobbyNow, LobbyPlugin, cells_on_board};
use retki_core::viewer::ViewerCamera;
use retki_session::discovery::{ClassInfo, FoundClass};

use crate::app::{self, Face};

/// Adds the lobby to `app` (built without a trip), opening on `first`, with what joining a
/// class needs: the session client, presence, and the places a session may open. With
/// `discover`, the class list looks for classes announced on the network.
pub fn add_lobby(app: &mut App, first: Screen, discover: bool) {
    app.insert_resource(app::session_places()).add_plugins((
        retki_session::net::UdpClientPlugins,
        retki_classroom::PresencePlugin,
        LobbyPlugin { first, discover },
    ));
}

/// The pages `retki render lobby` can show, by name.
pub const PAGES: [&str; 6] = ["start", "classes", "code", "name", "key", "comfort"];

/// Frames to let the board's text and the cards' pictures load and draw before a picture.
const SETTLE_FRAMES: u32 = 30;
/// Most frames to wait for assets or a picture.
const MAX_FRAMES: u32 = 2_000;

/// One page's picture, and where each of its buttons is in it.
pub struct LobbyPicture {
    /// The page's name, from [`PAGES`].
    pub page: &'static str,
    /// The picture.
    pub image: Image,
    /// Each button's label rectangle in the picture, pixels: what it does, and its corners
    /// (left, top, right, bottom).
    pub buttons: Vec<(Press, [f32; 4])>,
}

/// An example class, as the class list would show one found on the network.
fn example_class() -> FoundClass {
    FoundClass {
        info: ClassInfo {
            class: "7B".into(),
            place: "lunar".into(),
            lesson: Some([
                "Putoaminen Kuussa".into(),
                "Fall på månen".into(),
                "Falling on the Moon".into(),
            ]),
            fingerprint: None,
        },
        address: std::net::SocketAddr::from(([10, 0, 0, 5], 8080)),
    }
}

/// Renders each of `pages` at `size`, in the app `build` gives for a face (with the
/// language and content a setup adds).
pub fn lobby_pictures(
    pages: &[&'static str],
    (width, height): (u32, u32),
    build: impl Fn(Face) -> App,
) -> Result<Vec<LobbyPicture>, String> {
    let mut app = build(Face::Offscreen { width, height });
    app.add_plugins(LobbyPlugin {
        first: Screen::Start,
        discover: false,
    });
    app.finish();
    app.cleanup();
    let mut pictures = Vec::new();
    for &page in pages {
        {
            let mut lobby = app.world_mut().resource_mut::<LobbyNow>();
            match page {
                "start" => lobby.show(Screen::Start),
                "classes" => {
                    lobby.found(vec![example_class()]);
                    lobby.show(Screen::Classes);
                }
                "code" => {
                    lobby.found(vec![example_class()]);
                    lobby.show(Screen::Classes);
                    lobby.press(Press::Class(0));
                    for c in "7KQ2".chars() {
                        lobby.press(Press::Type(c));
                    }
                }
                "name" => {
                    lobby.show(Screen::Classes);
                    lobby.found(vec![example_class()]);
                    lobby.press(Press::Class(0));
                    for c in "7KQ2MX".chars() {
                        lobby.press(Press::Type(c));
                    }
                    lobby.press(Press::Next);
                }
                "key" => {
                    lobby.show(Screen::Classes);
                    lobby.found(vec![example_class()]);
                    lobby.press(Press::Class(0));
                    lobby.press(Press::Teach);
                    for c in "3f9a0c1e".chars() {
                        lobby.press(Press::Type(c));
                    }
                }
                "comfort" => {
                    lobby.show(Screen::Start);
                    lobby.press(Press::Comfort);
                }
                other => {
                    return Err(format!(
                        "unknown lobby page '{other}'; choose some of: {}",
                        PAGES.join(", ")
                    ));
                }
            }
        }
        for _ in 0..SETTLE_FRAMES {
            app.update();
        }
        wait_for_assets(&mut app)?;
        let image = app::viewer_picture(&mut app)?;
        let buttons = buttons_on_screen(&mut app);
        pictures.push(LobbyPicture {
            page,
            image,
            buttons,
        });
    }
    Ok(pictures)
}

/// Updates until every image and font asked for has loaded (or failed).
fn wait_for_assets(app: &mut App) -> Result<(), String> {
    for _ in 0..MAX_FRAMES {
        let server = app.world().resource::<AssetServer>();
        let images = app.world().resource::<Assets<Image>>();
        let fonts = app.world().resource::<Assets<Font>>();
        let waiting = images
            .ids()
            .filter(|id| server.get_load_state(*id).is_some_and(|s| s.is_loading()))
            .count()
            + fonts
                .ids()
                .filter(|id| server.get_load_state(*id).is_some_and(|s| s.is_loading()))
                .count();
        if waiting == 0 {
            // A few more frames for the text to be laid out with the font.
            for _ in 0..5 {
                app.update();
            }
            return Ok(());
        }
        app.update();
        std::thread::sleep(Duration::from_millis(2));
    }
    Err("the lobby's pictures and font did not load".into())
}

/// Where each button of the board is in the viewer's picture, pixels.
fn buttons_on_screen(app: &mut App) -> Vec<(Press, [f32; 4])> {
    let layout = app.world().resource::<LobbyNow>().layout();
    let mut cameras = app
        .world_mut()
        .query_filtered::<(&Camera, &GlobalTransform), With<ViewerCamera>>();
    let Some((camera, eye)) = cameras.iter(app.world()).next() else {
        return Vec::new();
    };
    let (camera, eye) = (camera.clone(), *eye);
    let mut buttons = app.world_mut().query::<(&LobbyButton, &GlobalTransform)>();
    buttons
        .iter(app.world())
        .filter_map(|(button, at)| {
            let drawn = layout.buttons.get(button.0)?;
            let (_, size) = cells_on_board(&drawn.at);
            let corner = |sx: f32, sy: f32| {
                let local = Vec3::new(sx * size.x / 2.0, sy * size.y / 2.0, 0.0);
                camera
                    .world_to_viewport(&eye, at.transform_point(local))
                    .ok()
            };
            let (top_left, bottom_right) = (corner(-1.0, 1.0)?, corner(1.0, -1.0)?);
            Some((
                drawn.press,
                [top_left.x, top_left.y, bottom_right.x, bottom_right.y],
            ))
        })
        .collect()
}
