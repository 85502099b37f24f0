//! Joining a class from the lobby, as a pupil in a headset does it: the app (headless, in
//! this process) points a controller's ray at the board's buttons and pulls the trigger,
//! against a real `retki serve`. A wrong code brings back the server's reason on the board
//! with the typed code kept; the right one, typed on the keypad, and a suggested name put
//! the pupil into the session's place. At a laptop the address is typed on the keyboard. The
//! teacher types the session's teacher key instead of a code and has the guide's controls.
//!
//! Inside a network namespace of its own (root), the lobby also finds the class announced on
//! the network and joins it with no address typed at all. Comfort and access settings chosen
//! on the board take effect and are kept in the device's file.

use std::time::{Duration, Instant};

use bevy::prelude::*;
use bevy::time::TimeUpdateStrategy;
use retki::app::{self, Face};
use retki_classroom::lobby::screen::{Look, Press, Screen, Words};
use retki_classroom::lobby::{LobbyButton, LobbyNow, LobbyPlugin};
use retki_core::poi::{Lang, Language};
use retki_core::pointer::PointerSource;
use retki_core::trip::{ActiveTrip, TripPhase};
use retki_input::comfort::{Comfort, ComfortFile, Setting};
use retki_input::posture::Posture;
use retki_input::{Action, ActionSystems, Actions};
use retki_session::net::SessionClient;
use retki_session::protocol::Role;

use crate::support::{printed_after, retki, start_server, temp_dir};

/// What this test sets to know it runs inside its namespace.
const INSIDE: &str = "RETKI_LOBBY_INSIDE";
/// How long the lobby may take to find the class or to join, in real time.
const PATIENCE: Duration = Duration::from_secs(30);

/// Whether the test's controller trigger is held.
#[derive(Resource, Default)]
struct Trigger(bool);

fn read_trigger(trigger: Res<Trigger>, mut actions: ResMut<Actions>) {
    if trigger.0 {
        actions.press(Action::Select);
    }
}

/// The app as `retki --class-mode` builds it, headless, with a controller to point with, in
/// English, with default comfort settings kept in a file of the test's own.
fn lobby_app(discover: bool) -> App {
    lobby_app_on(
        Screen::Classes,
        discover,
        &temp_dir("lobby-comfort").join("comfort.toml"),
    )
}

fn lobby_app_on(first: Screen, discover: bool, comfort: &std::path::Path) -> App {
    let mut app = app::build(Face::Headless { camera: true }, None);
    app.insert_resource(Language(Lang::En))
        .insert_resource(Comfort::default())
        .insert_resource(ComfortFile(Some(comfort.to_owned())));
    app.insert_resource(app::session_places())
        .add_plugins((
            retki_session::net::UdpClientPlugins,
            retki_classroom::PresencePlugin,
            LobbyPlugin { first, discover },
        ))
        .init_resource::<Trigger>()
        .add_systems(PreUpdate, read_trigger.in_set(ActionSystems::Read));
    let step = Duration::from_secs_f64(1.0 / retki_core::physics::PHYSICS_RATE_HZ);
    app.insert_resource(TimeUpdateStrategy::ManualDuration(step));
    app.world_mut().spawn((
        Name::new("RightController"),
        PointerSource { beam: true },
        Transform::from_xyz(0.2, 1.3, -0.4),
    ));
    app.finish();
    app.cleanup();
    for _ in 0..5 {
        app.update();
    }
    app
}

fn screen(app: &App) -> Screen {
    app.world().resource::<LobbyNow>().screen
}

/// Points the controller at the button that does `press` and pulls the trigger for a frame.
fn press(app: &mut App, press: Press) {
    let index = app
        .world()
        .resource::<LobbyNow>()
        .layout()
        .buttons
        .iter()
        .position(|b| b.press == press)
        .unwrap_or_else(|| panic!("the board offers {press:?} on {:?}", screen(app)));
    // The button's collider appears a frame after the board is drawn.
    let mut target = None;
    for _ in 0..10 {
        let mut buttons = app.world_mut().query::<(&LobbyButton, &GlobalTransform)>();
        target = buttons
            .iter(app.world())
            .find(|(b, _)| b.0 == index)
            .map(|(_, at)| at.translation());
        if target.is_some() {
            break;
        }
        app.update();
    }
    let target = target.unwrap_or_else(|| panic!("{press:?} has a collider"));
    let mut controllers = app
        .world_mut()
        .query_filtered::<&mut Transform, With<PointerSource>>();
    for mut controller in controllers.iter_mut(app.world_mut()) {
        *controller = controller.looking_at(target, Vec3::Y);
    }
    app.update();
    app.world_mut().resource_mut::<Trigger>().0 = true;
    app.update();
    app.world_mut().resource_mut::<Trigger>().0 = false;
    app.update();
}

/// Types `text` on the board's keypad.
fn type_on_keypad(app: &mut App, text: &str) {
    for c in text.chars() {
        press(app, Press::Type(c));
    }
}

/// Types `text` on a laptop's keyboard, key by key (Shift for what needs it).
fn type_on_keyboard(app: &mut App, text: &str) {
    for c in text.chars() {
        retki_input::bindings::hold_typing(app.world_mut(), c, true);
        app.update();
        retki_input::bindings::hold_typing(app.world_mut(), c, false);
        app.update();
    }
}

/// Updates in real time until `done`, or fails saying `what`.
fn until(app: &mut App, what: &str, done: impl Fn(&mut App) -> bool) {
    let start = Instant::now();
    while !done(app) {
        assert!(start.elapsed() < PATIENCE, "{what} within {PATIENCE:?}");
        app.update();
        std::thread::sleep(Duration::from_millis(5));
    }
}

/// Every text on the board now.
fn board_texts(app: &mut App) -> Vec<String> {
    let mut texts = app.world_mut().query::<&Text>();
    texts.iter(app.world()).map(|t| t.0.clone()).collect()
}

/// The class session for 7B on `bind`, following the lunar lesson; its join code.
fn serve(bind: &str, name: &str) -> (crate::support::Running, String) {
    let (server, code, _) = serve_keys(bind, name);
    (server, code)
}

/// As [`serve`], with the teacher key too.
fn serve_keys(bind: &str, name: &str) -> (crate::support::Running, String, String) {
    let dir = temp_dir(name);
    let (server, printed) = start_server(
        retki()
            .args(["serve", "--bind", bind, "--class", "7B"])
            .arg("--lesson")
            .arg(concat!(
                env!("CARGO_MANIFEST_DIR"),
                "/assets/lessons/lunar-gravity.toml"
            ))
            .arg("--store")
            .arg(format!("sqlite://{}", dir.join("store.db").display()))
            .arg("--outbox")
            .arg(dir.join("outbox.db")),
    );
    (
        server,
        printed_after(&printed, "join code: "),
        printed_after(&printed, "teacher key: "),
    )
}

/// From the code page: a wrong code, its reason and the code kept; then the right code and a
/// suggested name, into the lesson's place.
fn join_with_the_keypad(app: &mut App, code: &str) {
    assert_eq!(screen(app), Screen::Code);
    // A code of the alphabet that is not this session's.
    let wrong: String = if code.starts_with('2') {
        "333333"
    } else {
        "222222"
    }
    .into();
    type_on_keypad(app, &wrong);
    press(app, Press::Next);
    assert_eq!(screen(app), Screen::Name);
    press(app, Press::Suggestion(0));
    until(app, "the wrong code is refused", |app| {
        screen(app) == Screen::Code
    });
    let lobby = app.world().resource::<LobbyNow>();
    assert_eq!(lobby.code, wrong, "the typed code is kept");
    let Some((Words::Said(reason), Look::Problem)) = lobby.note.clone() else {
        panic!("the server's reason is on the board: {:?}", lobby.note);
    };
    assert!(reason.contains("code"), "{reason}");
    app.update();
    assert!(
        board_texts(app).iter().any(|t| t == &reason),
        "the board shows {reason:?}: {:?}",
        board_texts(app)
    );

    for _ in 0..wrong.len() {
        press(app, Press::Erase);
    }
    type_on_keypad(app, code);
    press(app, Press::Next);
    let name = app.world().resource::<LobbyNow>().suggestions[1].clone();
    press(app, Press::Suggestion(1));
    until(app, "the pupil is welcomed", |app| {
        app.world().resource::<SessionClient>().me.is_some()
    });
    let me = app.world().resource::<SessionClient>().me.clone().unwrap();
    assert_eq!(me.role, Role::Pupil);
    until(app, "the lesson's place opens", |app| {
        *app.world().resource::<State<TripPhase>>().get() == TripPhase::InScene
    });
    assert_eq!(
        *app.world().resource::<State<ActiveTrip>>().get(),
        ActiveTrip::Scene(retki_scenes::lunar::LUNAR)
    );
    let mut boards = app.world_mut().query::<&LobbyButton>();
    assert_eq!(boards.iter(app.world()).count(), 0, "the lobby is gone");
    assert!(name.contains(' '), "an animal and a number: {name}");
}

#[test]
fn a_pupil_joins_from_the_lobby_typing_the_code_on_the_keypad() {
    let port = crate::support::free_port();
    let (_server, code) = serve(&format!("127.0.0.1:{port}"), "lobby");
    let mut app = lobby_app(false);
    assert_eq!(screen(&app), Screen::Classes);
    press(&mut app, Press::TypeAddress);
    // At a laptop, the keys type into the field (not their actions: T does not teleport).
    type_on_keyboard(&mut app, &format!("127.0.0.1:{port}"));
    assert_eq!(
        app.world().resource::<LobbyNow>().address,
        format!("127.0.0.1:{port}")
    );
    retki_input::bindings::hold_key(app.world_mut(), Action::Confirm, true);
    app.update();
    retki_input::bindings::hold_key(app.world_mut(), Action::Confirm, false);
    app.update();
    join_with_the_keypad(&mut app, &code);
}

#[test]
fn the_teacher_joins_from_the_lobby_with_the_teacher_key_and_gets_the_guide_controls() {
    let port = crate::support::free_port();
    let (_server, _code, key) = serve_keys(&format!("127.0.0.1:{port}"), "lobby-teacher");
    let mut app = lobby_app(false);
    press(&mut app, Press::TypeAddress);
    type_on_keyboard(&mut app, &format!("127.0.0.1:{port}"));
    press(&mut app, Press::Next);
    assert_eq!(screen(&app), Screen::Code);
    press(&mut app, Press::Teach);
    assert_eq!(screen(&app), Screen::Key);
    // A key that is not this session's: the server's reason, the key kept.
    let wrong: String = key
        .chars()
        .map(|c| if c == 'a' { 'b' } else { 'a' })
        .collect();
    type_on_keyboard(&mut app, &wrong);
    press(&mut app, Press::Next);
    until(&mut app, "the wrong key is refused", |app| {
        screen(app) == Screen::Key
    });
    let lobby = app.world().resource::<LobbyNow>();
    assert_eq!(lobby.key, wrong, "the typed key is kept");
    assert!(
        matches!(lobby.note, Some((Words::Said(_), Look::Problem))),
        "{:?}",
        lobby.note
    );
    for _ in 0..wrong.len() {
        retki_input::bindings::hold_key(app.world_mut(), Action::Erase, true);
        app.update();
        retki_input::bindings::hold_key(app.world_mut(), Action::Erase, false);
        app.update();
    }
    assert_eq!(app.world().resource::<LobbyNow>().key, "");
    // The first digits on the board's keypad, as in a headset; the rest on the keyboard.
    type_on_keypad(&mut app, &key[..4]);
    type_on_keyboard(&mut app, &key[4..]);
    press(&mut app, Press::Next);
    until(&mut app, "the teacher is welcomed", |app| {
        app.world().resource::<SessionClient>().me.is_some()
    });
    let me = app.world().resource::<SessionClient>().me.clone().unwrap();
    assert_eq!(me.role, Role::Teacher);
    until(&mut app, "the lesson's place opens", |app| {
        *app.world().resource::<State<TripPhase>>().get() == TripPhase::InScene
    });
    app.update();
    assert!(
        app.world()
            .resource::<retki_input::menu::MenuOffer>()
            .teacher,
        "the hand menu offers the guide controls"
    );
}

#[test]
fn comfort_settings_are_chosen_in_the_lobby_and_kept_on_the_device() {
    let file = temp_dir("comfort").join("comfort.toml");
    let mut app = lobby_app_on(Screen::Start, false, &file);
    press(&mut app, Press::Comfort);
    assert_eq!(screen(&app), Screen::Comfort);
    assert_eq!(*app.world().resource::<Posture>(), Posture::Standing);
    press(&mut app, Press::Toggle(Setting::Seated));
    press(&mut app, Press::Toggle(Setting::SafeColours));
    assert_eq!(*app.world().resource::<Posture>(), Posture::Seated);
    let kept = Comfort::parse(&std::fs::read_to_string(&file).unwrap()).unwrap();
    assert!(
        kept.seated && kept.safe_colours && !kept.reduced_motion,
        "{kept:?}"
    );
    assert!(
        board_texts(&mut app).iter().any(|t| t == "I sit: yes"),
        "the board says so: {:?}",
        board_texts(&mut app)
    );
    press(&mut app, Press::Toggle(Setting::Seated));
    assert_eq!(*app.world().resource::<Posture>(), Posture::Standing);
    // Larger text: the boards of points of interest and the pupil list grow.
    press(&mut app, Press::Toggle(Setting::LargeText));
    assert_eq!(
        app.world().resource::<retki_core::panel::BoardScale>().0,
        retki_input::comfort::LARGE_TEXT_SCALE
    );
    press(&mut app, Press::Back);
    assert_eq!(screen(&app), Screen::Start);
}

#[test]
#[ignore = "needs root (a network namespace); `./run test` runs it"]
fn a_pupil_finds_the_class_from_the_lobby_and_joins_with_the_code_alone() {
    if std::env::var_os(INSIDE).is_some() {
        let (_server, code) = serve("10.9.0.1:7443", "lobby-found");
        let mut app = lobby_app(true);
        until(&mut app, "the lobby finds class 7B", |app| {
            !app.world().resource::<LobbyNow>().classes.is_empty()
        });
        let found = app.world().resource::<LobbyNow>().classes[0].clone();
        assert_eq!(found.info.class, "7B");
        assert!(
            found.info.fingerprint.is_some(),
            "announced with its certificate"
        );
        press(&mut app, Press::Class(0));
        return join_with_the_keypad(&mut app, &code);
    }
    crate::support::rerun_in_namespace(
        "lobby::a_pupil_finds_the_class_from_the_lobby_and_joins_with_the_code_alone",
        INSIDE,
        "ip link set lo up multicast on && ip addr add 10.9.0.1/32 dev lo && \
         ip route add 224.0.0.0/4 dev lo",
    );
}
