//! Helpers shared by the integration tests (the app binary, and the processes binary for
//! copying folders).

use std::path::Path;

/// Copies the folder `from`, with everything in it, to `to`.
pub fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for entry in std::fs::read_dir(from).unwrap() {
        let entry = entry.unwrap();
        let target = to.join(entry.file_name());
        if entry.file_type().unwrap().is_dir() {
            copy_dir(&entry.path(), &target);
        } else {
            std::fs::copy(entry.path(), target).unwrap();
        }
    }
}

/// The lunar trip, headless (with a viewer camera if `camera`), opened and run until its
/// physics has stepped: every frame advances the clock by exactly one physics step, so ray
/// casts see the colliders whatever the machine's speed.
#[allow(
    dead_code,
    reason = "not every test file that shares this module opens the Moon"
)]
pub fn lunar_headless(camera: bool) -> bevy::app::App {
    trip_headless(retki_scenes::lunar::LUNAR, camera)
}

/// The trip to `scene`, headless, as [`lunar_headless`] opens the Moon.
#[allow(
    dead_code,
    reason = "not every test file that shares this module opens a place"
)]
pub fn trip_headless(scene: retki_core::SceneId, camera: bool) -> bevy::app::App {
    use bevy::time::TimeUpdateStrategy;
    use retki::app::{self, Face};

    let mut app = app::build(Face::Headless { camera }, Some(scene));
    let step = std::time::Duration::from_secs_f64(1.0 / retki_core::physics::PHYSICS_RATE_HZ);
    app.insert_resource(TimeUpdateStrategy::ManualDuration(step));
    app::update_until_in_scene(&mut app, 2_000).expect("the trip opens");
    for _ in 0..3 {
        app.update();
    }
    app
}

/// The lunar trip as a class client opens it, headless (with a viewer camera if `camera`):
/// the presence plugin hears what the test says the server said, and the messages it sends
/// are kept for the test to read.
#[allow(
    dead_code,
    reason = "not every test file that shares this module joins a class"
)]
pub fn moon_in_class(camera: bool) -> bevy::app::App {
    use bevy::time::TimeUpdateStrategy;
    use retki::app::{self, Face};

    let mut app = app::build(Face::Headless { camera }, Some(retki_scenes::lunar::LUNAR));
    app::add_offline_presence(&mut app);
    let step = std::time::Duration::from_secs_f64(1.0 / retki_core::physics::PHYSICS_RATE_HZ);
    app.insert_resource(TimeUpdateStrategy::ManualDuration(step));
    app::update_until_in_scene(&mut app, 2_000).expect("the trip opens");
    app
}

/// Tells a class client's app that the server said `message`.
#[allow(
    dead_code,
    reason = "not every test file that shares this module joins a class"
)]
pub fn hear(app: &mut bevy::app::App, message: retki_session::server::ServerMessage) {
    app.world_mut()
        .resource_mut::<retki_session::net::SessionClient>()
        .heard(message);
}

/// The server's welcome of the teacher in slot 0 of a session on the Moon.
#[allow(
    dead_code,
    reason = "not every test file that shares this module joins a class"
)]
pub fn welcome_teacher() -> retki_session::server::ServerMessage {
    retki_session::server::ServerMessage::Welcome {
        you: "teacher".into(),
        slot: 0,
        role: retki_session::protocol::Role::Teacher,
        token: "t".into(),
        session: "5f0c3a52-0000-4000-8000-000000000001".into(),
        scene: "lunar".into(),
        step: 0,
        frozen: false,
        muted: false,
    }
}
