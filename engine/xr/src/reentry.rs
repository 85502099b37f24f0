//! The way back into the headset. After a headset session was lost, the pupil carries on in
//! the window; this watches for the OpenXR runtime to come back and then offers to go back in
//! (or, with [`Reentry::Auto`], goes back in at once).
//!
//! Going back in means a fresh OpenXR instance, which a running app cannot make for its
//! renderer, so the window app ends with [`REENTER_EXIT_CODE`] and the process that started it
//! starts the headset app again (see the `retki` binary's `headset` module).

use std::time::Duration;

use bevy::prelude::*;
use bevy::tasks::{IoTaskPool, Task, block_on, poll_once};
use bevy::window::PrimaryWindow;

use retki_input::{Action, Actions};

use crate::mode::probe_openxr;

/// Exit code with which the window app asks to be replaced by the headset app.
pub const REENTER_EXIT_CODE: u8 = 75;

/// How often the window app asks whether the OpenXR runtime is back.
pub const PROBE_INTERVAL: Duration = Duration::from_secs(2);

/// What to do when the headset's runtime comes back.
#[derive(Resource, Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum Reentry {
    /// Say so, and go back in when the pupil presses Enter.
    Ask,
    /// Go back in at once (a kiosk or a classroom headset that should never stay out).
    Auto,
}

impl Reentry {
    /// The name `--reenter` takes.
    pub fn name(self) -> &'static str {
        match self {
            Self::Ask => "ask",
            Self::Auto => "auto",
        }
    }
}

/// Watches for the OpenXR runtime from a window app and offers to go back into the headset.
pub struct ReentryPlugin(pub Reentry);

impl Plugin for ReentryPlugin {
    fn build(&self, app: &mut App) {
        app.insert_resource(self.0)
            .init_resource::<RuntimeWatch>()
            .add_systems(Startup, announce)
            .add_systems(Update, (watch_runtime, go_back_in).chain());
    }
}

/// What is known about the runtime: a probe in flight, and the runtime's name once it answers.
#[derive(Resource)]
struct RuntimeWatch {
    probe: Option<Task<Result<String, String>>>,
    next_probe: Timer,
    back: Option<String>,
}

impl Default for RuntimeWatch {
    fn default() -> Self {
        Self {
            probe: None,
            next_probe: Timer::new(PROBE_INTERVAL, TimerMode::Repeating),
            back: None,
        }
    }
}

fn announce() {
    info!(
        "xr: watching for the headset runtime to come back (every {} s)",
        PROBE_INTERVAL.as_secs()
    );
}

fn watch_runtime(
    time: Res<Time<Real>>,
    policy: Res<Reentry>,
    mut watch: ResMut<RuntimeWatch>,
    mut windows: Query<&mut Window, With<PrimaryWindow>>,
) {
    if watch.back.is_some() {
        return;
    }
    if let Some(task) = watch.probe.as_mut() {
        let Some(answer) = block_on(poll_once(task)) else {
            return;
        };
        watch.probe = None;
        if let Ok(runtime) = answer {
            match *policy {
                Reentry::Ask => {
                    info!("xr: the headset runtime is back ({runtime}); press Enter to go back in")
                }
                Reentry::Auto => {
                    info!("xr: the headset runtime is back ({runtime}); going back in")
                }
            }
            for mut window in &mut windows {
                window.title = "Retki: the headset is back. Press Enter to go back in".into();
            }
            watch.back = Some(runtime);
        }
        return;
    }
    if watch.next_probe.tick(time.delta()).just_finished() {
        watch.probe = Some(IoTaskPool::get().spawn(async { probe_openxr() }));
    }
}

fn go_back_in(
    watch: Res<RuntimeWatch>,
    policy: Res<Reentry>,
    actions: Option<Res<Actions>>,
    mut exit: MessageWriter<AppExit>,
    mut asked: Local<bool>,
) {
    if watch.back.is_none() || *asked {
        return;
    }
    let pressed = actions.is_some_and(|a| a.just_pressed(Action::Confirm));
    if *policy == Reentry::Auto || pressed {
        *asked = true;
        exit.write(AppExit::from_code(REENTER_EXIT_CODE));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn policies_are_named_as_typed() {
        use clap::ValueEnum;
        for policy in [Reentry::Ask, Reentry::Auto] {
            assert_eq!(Reentry::from_str(policy.name(), false), Ok(policy));
        }
    }

    /// An app with `policy` whose first probe answers `answer`.
    fn app_with_probe(policy: Reentry, answer: Result<String, String>) -> App {
        let mut app = App::new();
        app.add_plugins((MinimalPlugins, ReentryPlugin(policy)));
        app.init_resource::<Actions>();
        app.insert_resource(RuntimeWatch {
            probe: Some(IoTaskPool::get().spawn(async move { answer })),
            ..default()
        });
        app
    }

    /// With no runtime reachable the window app keeps running and never asks to leave.
    #[test]
    fn no_runtime_means_no_offer() {
        let mut app = app_with_probe(Reentry::Auto, Err("no OpenXR runtime manifest".into()));
        for _ in 0..20 {
            app.update();
        }
        assert!(app.world().resource::<RuntimeWatch>().back.is_none());
        assert!(app.world().resource::<Messages<AppExit>>().is_empty());
    }

    #[test]
    fn a_returned_runtime_with_auto_asks_to_go_back_in() {
        let mut app = app_with_probe(Reentry::Auto, Ok("Monado (test)".into()));
        let mut exit = None;
        for _ in 0..50 {
            app.update();
            exit = app.should_exit();
            if exit.is_some() {
                break;
            }
            std::thread::sleep(Duration::from_millis(2));
        }
        assert_eq!(exit, Some(AppExit::from_code(REENTER_EXIT_CODE)));
    }

    #[test]
    fn a_returned_runtime_with_ask_waits_for_enter() {
        let mut app = app_with_probe(Reentry::Ask, Ok("Monado (test)".into()));
        for _ in 0..50 {
            app.update();
            assert_eq!(app.should_exit(), None, "left without the pupil's say-so");
            if app.world().resource::<RuntimeWatch>().back.is_some() {
                break;
            }
            std::thread::sleep(Duration::from_millis(2));
        }
        assert!(app.world().resource::<RuntimeWatch>().back.is_some());
        app.update();
        assert_eq!(app.should_exit(), None);
        app.world_mut()
            .resource_mut::<Actions>()
            .press(Action::Confirm);
        app.update();
        assert_eq!(
            app.should_exit(),
            Some(AppExit::from_code(REENTER_EXIT_CODE))
        );
    }
}
