//! The teacher sees what a pupil sees: in the teacher's window (or on the projector it
//! drives), "watch" (F3) moves the view to the next pupil's head, and after the last pupil
//! back to the teacher's own. Nothing is streamed: the pupil's head pose already arrives
//! thirty times a second, and the teacher's app renders the same place from it. The view
//! follows the head smoothed, so a projected picture does not shake with every small head
//! movement, and the pupil's name stands in a corner.
//!
//! A headset keeps its wearer's own view: being moved by another person's head is a sure way
//! to make someone sick.

use bevy::camera::RenderTarget;
use bevy::prelude::*;
use retki_core::viewer::ViewerCamera;
use retki_input::{Action, Actions};
use retki_session::net::SessionClient;
use retki_session::protocol::Role;

use crate::presence::{Avatar, Avatars};

/// How quickly the watching view catches up with the pupil's head: the time constant of its
/// exponential smoothing, seconds. A head's small tremor (a few hertz) is mostly smoothed
/// out, while a deliberate turn is followed within about half a second.
pub const FOLLOW_SECONDS: f32 = 0.12;

/// The camera that shows a pupil's view, while the teacher watches one.
#[derive(Component, Debug)]
pub struct WatchCamera {
    /// The slot of the pupil watched.
    pub slot: u8,
}

/// The watched pupil's name, in the corner of the view.
#[derive(Component, Debug)]
pub struct WatchLabel;

/// The teacher's own cameras, which rest while a pupil's view is shown.
type OwnViews<'w, 's> = Query<
    'w,
    's,
    (&'static mut Camera, &'static RenderTarget),
    (With<ViewerCamera>, Without<WatchCamera>),
>;

/// The pupil the teacher's view shows (see the module's notes).
#[expect(clippy::too_many_arguments, reason = "a system's parameters")]
pub(crate) fn watch_pupils(
    time: Res<Time>,
    actions: Option<Res<Actions>>,
    client: Res<SessionClient>,
    avatars: Res<Avatars>,
    heads: Query<&GlobalTransform, With<Avatar>>,
    mut visibility: Query<&mut Visibility, With<Avatar>>,
    mut viewers: OwnViews,
    mut watching: Query<(Entity, &mut WatchCamera, &mut Transform)>,
    labels: Query<Entity, With<WatchLabel>>,
    mut commands: Commands,
) {
    let teacher = client
        .me
        .as_ref()
        .is_some_and(|me| me.role == Role::Teacher);
    let pupils: Vec<u8> = {
        let mut slots: Vec<u8> = client
            .people
            .iter()
            .filter(|(_, p)| p.role == Role::Pupil)
            .map(|(slot, _)| *slot)
            .collect();
        slots.sort_unstable();
        slots
    };
    let current = watching.iter().next().map(|(_, w, _)| w.slot);
    let pressed = teacher && actions.is_some_and(|a| a.just_pressed(Action::WatchPupil));
    let wanted = match (pressed, current) {
        (true, None) => pupils.first().copied(),
        (true, Some(now)) => pupils.iter().copied().find(|slot| *slot > now),
        // A pupil who left, or a teacher no longer: back to the teacher's own view.
        (false, Some(now)) if !teacher || !pupils.contains(&now) => None,
        (false, now) => now,
    };
    let head = |slot: u8| avatars.0.get(&slot).and_then(|e| heads.get(*e).ok());

    if wanted != current {
        for entity in watching.iter().map(|(e, _, _)| e).chain(&labels) {
            commands.entity(entity).despawn();
        }
        let label_text = wanted
            .and_then(|slot| client.people.get(&slot))
            .map(|p| p.pseudonym.clone());
        let mut viewers_target = None;
        for (mut camera, target) in &mut viewers {
            camera.is_active = wanted.is_none();
            viewers_target = Some(target.clone());
        }
        if let (Some(slot), Some(target), Some(name)) = (wanted, viewers_target, label_text) {
            let start = head(slot).map_or(Transform::default(), |h| h.compute_transform());
            let camera = commands
                .spawn((
                    Name::new("Watching a pupil"),
                    WatchCamera { slot },
                    Camera3d::default(),
                    target,
                    start,
                ))
                .id();
            commands.spawn((
                WatchLabel,
                Text::new(name),
                TextFont::from_font_size(28.0),
                TextColor(Color::WHITE),
                Node {
                    position_type: PositionType::Absolute,
                    left: px(16),
                    bottom: px(16),
                    padding: UiRect::all(px(8)),
                    ..default()
                },
                BackgroundColor(Color::srgba(0.04, 0.05, 0.08, 0.75)),
                UiTargetCamera(camera),
            ));
        }
        return;
    }
    let Some(slot) = current else { return };
    let Some(target) = head(slot).map(GlobalTransform::compute_transform) else {
        return;
    };
    // The watched pupil's own head would fill the view: it is not drawn while watched.
    if let Some(mut shown) = avatars
        .0
        .get(&slot)
        .and_then(|e| visibility.get_mut(*e).ok())
    {
        *shown = Visibility::Hidden;
    }
    let follow = 1.0 - (-time.delta_secs() / FOLLOW_SECONDS).exp();
    for (_, _, mut view) in &mut watching {
        view.translation = view.translation.lerp(target.translation, follow);
        view.rotation = view.rotation.slerp(target.rotation, follow);
    }
}
