//! The teacher sees what pupils see: in the teacher's window (or on the projector it drives),
//! "watch" (F3) moves the view to the next pupil's head, and after the last pupil back to the
//! teacher's own; "grid" (F2) shows up to nine pupils' views at once, each in its own part of
//! the picture, and F2 again the teacher's own view. Nothing is streamed: each pupil's head
//! pose already arrives thirty times a second, and the teacher's app renders the same place
//! from it. Each view follows its head smoothed, so a projected picture does not shake with
//! every small head movement, and the pupil's name stands in its corner.
//!
//! A second screen of the teacher's joins as an observer (`retki watch --pupil NICK`,
//! `retki spectate` for the projector): it shows the pupil named there, or the teacher, and
//! [`Spectating`] puts the lesson's step and its time in a corner.
//!
//! A headset keeps its wearer's own view: being moved by another person's head is a sure way
//! to make someone sick.

use bevy::camera::{RenderTarget, Viewport};
use bevy::core_pipeline::tonemapping::Tonemapping;
use bevy::prelude::*;
use retki_core::panel::PANEL_FONT;
use retki_core::viewer::ViewerCamera;
use retki_input::{Action, Actions};
use retki_session::net::{SessionClient, ToServer, send};
use retki_session::protocol::{ClientMessage, Role, TeacherCommand, pseudonym_key};

use crate::presence::{Avatar, Avatars};
use crate::tasks::LessonTasks;

/// An observer's screen: whose view it follows (the pupil with this name, or the teacher),
/// with the lesson's step and its time in a corner.
#[derive(Resource, Clone, Debug, Default, PartialEq, Eq)]
pub struct Spectating {
    /// The pupil's name; none follows the teacher.
    pub pupil: Option<String>,
}

/// The observer follows the person it was asked to, as soon as they are in the session, and
/// shows its own view while they are not.
pub(crate) fn follow_spectated(
    spectating: Option<Res<Spectating>>,
    client: Res<SessionClient>,
    mut watching: ResMut<Watching>,
) {
    let Some(spectating) = spectating else { return };
    let wanted = client
        .people
        .iter()
        .find(|(_, p)| match &spectating.pupil {
            Some(name) => {
                p.role == Role::Pupil && pseudonym_key(&p.pseudonym) == pseudonym_key(name)
            }
            None => p.role == Role::Teacher,
        })
        .map_or(Watching::Own, |(slot, _)| Watching::One(*slot));
    if *watching != wanted {
        *watching = wanted;
    }
}

/// The step an observer's screen shows (number, how many, id) and when it saw it begin,
/// seconds of the app's clock.
type StepSeen = (Option<(u32, u32, String)>, f32);

/// The step's line in an observer's corner.
#[derive(Component, Debug)]
pub struct StepOverlay;

/// Shows the lesson's step, "step 2 of 5 · gravity · 03:12", on an observer's screen; the
/// time counts from when this screen saw the step begin.
pub(crate) fn show_step_overlay(
    spectating: Option<Res<Spectating>>,
    tasks: Res<LessonTasks>,
    time: Res<Time<Real>>,
    mut since: Local<Option<StepSeen>>,
    mut overlay: Query<&mut Text, With<StepOverlay>>,
    server: Option<Res<AssetServer>>,
    mut commands: Commands,
) {
    if spectating.is_none() {
        return;
    }
    let now = time.elapsed_secs();
    if since.as_ref().is_none_or(|(step, _)| *step != tasks.step) {
        *since = Some((tasks.step.clone(), now));
    }
    let Some((Some((number, of, id)), began)) = since.as_ref() else {
        return;
    };
    let seconds = (now - began).max(0.0) as u32;
    let line = format!(
        "{number} / {of} · {id} · {:02}:{:02}",
        seconds / 60,
        seconds % 60
    );
    match overlay.single_mut() {
        Ok(mut text) => {
            if text.0 != line {
                text.0 = line;
            }
        }
        Err(_) => {
            commands.spawn((
                StepOverlay,
                corner_label(server.as_deref(), line, 32.0),
                Node {
                    position_type: PositionType::Absolute,
                    right: px(16),
                    top: px(16),
                    padding: UiRect::all(px(8)),
                    ..default()
                },
                // Above the views of pupils.
                GlobalZIndex(10),
            ));
        }
    }
}

/// White text in the panels' font at `size` pixels on a dark, slightly see-through ground:
/// a name or the step in a view's corner (the caller places it with a `Node`).
fn corner_label(
    server: Option<&AssetServer>,
    text: String,
    size: f32,
) -> (Text, TextFont, TextColor, BackgroundColor) {
    let font = TextFont {
        font: server
            .map(|s| s.load(PANEL_FONT))
            .unwrap_or_default()
            .into(),
        font_size: FontSize::Px(size),
        ..default()
    };
    (
        Text::new(text),
        font,
        TextColor(Color::WHITE),
        BackgroundColor(Color::srgba(0.04, 0.05, 0.08, 0.75)),
    )
}

/// How quickly a watching view catches up with the pupil's head: the time constant of its
/// exponential smoothing, seconds. A head's small tremor (a few hertz) is mostly smoothed
/// out, while a deliberate turn is followed within about half a second.
pub const FOLLOW_SECONDS: f32 = 0.12;
/// The most pupils the grid shows at once (three by three).
pub const GRID_MAX: usize = 9;
/// How far in front of a pupil's head a grid view looks from, metres: past their avatar's
/// head and visor, which would otherwise fill the view (the single view hides the watched
/// avatar instead, but in the grid every other view shows it).
const GRID_EYE_AHEAD_M: f32 = 0.16;

/// Whose view the teacher's window shows.
#[derive(Resource, Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Watching {
    /// The teacher's own.
    #[default]
    Own,
    /// The pupil in this slot's.
    One(u8),
    /// Up to [`GRID_MAX`] pupils' at once.
    Grid,
}

/// A camera showing a pupil's view.
#[derive(Component, Clone, Copy, Debug, PartialEq, Eq)]
pub struct WatchCamera {
    /// The slot of the pupil watched.
    pub slot: u8,
    /// Its place in the grid, from the top left, row by row; none for the single view.
    pub cell: Option<usize>,
}

/// A watched pupil's name, in the corner of their view.
#[derive(Component, Debug)]
pub struct WatchLabel;

/// The teacher's own cameras, which rest while pupils' views are shown.
type OwnViews<'w, 's> = Query<
    'w,
    's,
    (
        &'static mut Camera,
        &'static RenderTarget,
        Option<&'static Tonemapping>,
    ),
    (With<ViewerCamera>, Without<WatchCamera>),
>;

/// The pupils of the session, by slot.
fn pupils(client: &SessionClient) -> Vec<u8> {
    let mut slots: Vec<u8> = client
        .people
        .iter()
        .filter(|(_, p)| p.role == Role::Pupil)
        .map(|(slot, _)| *slot)
        .collect();
    slots.sort_unstable();
    slots
}

/// F3 and F2 (see the module's notes); a watched pupil who leaves, or an app that is no
/// longer the teacher's, goes back to its own view.
pub(crate) fn choose_watched(
    actions: Option<Res<Actions>>,
    client: Res<SessionClient>,
    mut watching: ResMut<Watching>,
) {
    // The teacher's app and its observers watch; a pupil's does not.
    let teacher = client.me.as_ref().is_some_and(|me| me.role != Role::Pupil);
    let pupils = pupils(&client);
    let pressed = |action| teacher && actions.as_ref().is_some_and(|a| a.just_pressed(action));
    let next = match *watching {
        _ if !teacher => Watching::Own,
        _ if pressed(Action::WatchGrid) => match *watching {
            Watching::Grid => Watching::Own,
            _ => Watching::Grid,
        },
        Watching::One(now) if pressed(Action::WatchPupil) => pupils
            .iter()
            .find(|slot| **slot > now)
            .map_or(Watching::Own, |slot| Watching::One(*slot)),
        _ if pressed(Action::WatchPupil) => pupils
            .first()
            .map_or(Watching::Own, |slot| Watching::One(*slot)),
        Watching::One(now) if !client.people.contains_key(&now) => Watching::Own,
        now => now,
    };
    if *watching != next {
        *watching = next;
    }
}

/// Makes the cameras and name labels of what [`Watching`] asks for, when it or the class
/// changes: the teacher's own camera rests while any pupil's view is shown. The server is
/// told of each pupil whose view comes on screen, and records it.
#[expect(clippy::too_many_arguments, reason = "a system's parameters")]
pub(crate) fn show_watched(
    watching: Res<Watching>,
    client: Res<SessionClient>,
    avatars: Res<Avatars>,
    heads: Query<&GlobalTransform, With<Avatar>>,
    mut own: OwnViews,
    cameras: Query<(Entity, &WatchCamera)>,
    labels: Query<Entity, With<WatchLabel>>,
    (mut commands, server): (Commands, Option<Res<AssetServer>>),
    mut writer: MessageWriter<ToServer>,
) {
    let wanted: Vec<WatchCamera> = match *watching {
        Watching::Own => Vec::new(),
        Watching::One(slot) => vec![WatchCamera { slot, cell: None }],
        Watching::Grid => pupils(&client)
            .into_iter()
            .take(GRID_MAX)
            .enumerate()
            .map(|(cell, slot)| WatchCamera {
                slot,
                cell: Some(cell),
            })
            .collect(),
    };
    let mut shown: Vec<WatchCamera> = cameras.iter().map(|(_, c)| *c).collect();
    shown.sort_by_key(|c| (c.cell, c.slot));
    if shown == wanted {
        return;
    }
    for entity in cameras.iter().map(|(e, _)| e).chain(&labels) {
        commands.entity(entity).despawn();
    }
    let mut target = None;
    for (mut camera, render_target, tonemapping) in &mut own {
        camera.is_active = wanted.is_empty();
        target = Some((
            render_target.clone(),
            tonemapping.copied().unwrap_or_default(),
        ));
    }
    // A pupil's view is drawn as the teacher's own is.
    let Some((target, tonemapping)) = target else {
        return;
    };
    for watch in wanted {
        let Some(person) = client.people.get(&watch.slot) else {
            continue;
        };
        let name = person.pseudonym.clone();
        if !shown.iter().any(|s| s.slot == watch.slot) && person.role == Role::Pupil {
            let command = TeacherCommand::Watch {
                pupil: person.id.clone(),
            };
            send(&mut writer, &ClientMessage::Teacher { command });
        }
        let start = avatars
            .0
            .get(&watch.slot)
            .and_then(|e| heads.get(*e).ok())
            .map_or(Transform::default(), GlobalTransform::compute_transform);
        let camera = commands
            .spawn((
                Name::new(format!("Watching {name}")),
                watch,
                Camera3d::default(),
                Camera {
                    // Later cells draw over nothing of the earlier ones: each has its own
                    // part of the picture.
                    order: 1 + watch.cell.unwrap_or(0) as isize,
                    ..default()
                },
                target.clone(),
                tonemapping,
                start,
            ))
            .id();
        commands.spawn((
            WatchLabel,
            corner_label(
                server.as_deref(),
                name,
                if watch.cell.is_some() { 18.0 } else { 28.0 },
            ),
            Node {
                position_type: PositionType::Absolute,
                left: px(12),
                bottom: px(12),
                padding: UiRect::all(px(6)),
                ..default()
            },
            UiTargetCamera(camera),
        ));
    }
}

/// Moves each watching view towards its pupil's head (smoothed), lays the grid's views out
/// over the picture, and hides the single view's pupil's own head.
pub(crate) fn follow_watched(
    time: Res<Time>,
    watching: Res<Watching>,
    avatars: Res<Avatars>,
    heads: Query<&GlobalTransform, With<Avatar>>,
    mut visibility: Query<&mut Visibility, With<Avatar>>,
    mut cameras: Query<(&WatchCamera, &mut Transform, &mut Camera)>,
) {
    let cells = cameras.iter().filter(|(w, _, _)| w.cell.is_some()).count();
    let follow = 1.0 - (-time.delta_secs() / FOLLOW_SECONDS).exp();
    for (watch, mut view, mut camera) in &mut cameras {
        let Some(head) = avatars
            .0
            .get(&watch.slot)
            .and_then(|e| heads.get(*e).ok())
            .map(GlobalTransform::compute_transform)
        else {
            continue;
        };
        let eye = match watch.cell {
            Some(_) => head.translation + head.forward() * GRID_EYE_AHEAD_M,
            None => head.translation,
        };
        view.translation = view.translation.lerp(eye, follow);
        view.rotation = view.rotation.slerp(head.rotation, follow);
        if let (Some(cell), Some(size)) = (watch.cell, camera.physical_target_size()) {
            let cell = grid_cell(cell, cells, size);
            let placed = camera.viewport.as_ref().is_some_and(|v| {
                (v.physical_position, v.physical_size)
                    == (cell.physical_position, cell.physical_size)
            });
            if !placed {
                camera.viewport = Some(cell);
            }
        }
    }
    // The watched pupil's own head would fill the single view: it is not drawn meanwhile.
    if let Watching::One(slot) = *watching
        && let Some(mut shown) = avatars
            .0
            .get(&slot)
            .and_then(|e| visibility.get_mut(*e).ok())
    {
        *shown = Visibility::Hidden;
    }
}

/// Cell `cell` of a grid of `cells` over a picture of `size` pixels: as many columns as the
/// square root of `cells` rounded up, rows as needed, the picture shared evenly.
pub fn grid_cell(cell: usize, cells: usize, size: UVec2) -> Viewport {
    let columns = (1..=cells.max(1)).find(|c| c * c >= cells).unwrap_or(1);
    let rows = cells.max(1).div_ceil(columns);
    let cell_size = UVec2::new(size.x / columns as u32, size.y / rows as u32).max(UVec2::ONE);
    let at = UVec2::new((cell % columns) as u32, (cell / columns) as u32);
    Viewport {
        physical_position: at * cell_size,
        physical_size: cell_size,
        ..default()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_grid_shares_the_picture_without_overlap() {
        let size = UVec2::new(1920, 1080);
        for cells in 1..=GRID_MAX {
            let views: Vec<Viewport> = (0..cells).map(|c| grid_cell(c, cells, size)).collect();
            for (i, a) in views.iter().enumerate() {
                let end = a.physical_position + a.physical_size;
                assert!(end.x <= size.x && end.y <= size.y, "{cells}: {a:?}");
                for b in &views[i + 1..] {
                    let apart = end.x <= b.physical_position.x
                        || end.y <= b.physical_position.y
                        || b.physical_position.x + b.physical_size.x <= a.physical_position.x
                        || b.physical_position.y + b.physical_size.y <= a.physical_position.y;
                    assert!(apart, "{cells}: {a:?} and {b:?} overlap");
                }
            }
        }
        assert_eq!(grid_cell(8, 9, size).physical_size, UVec2::new(640, 360));
        assert_eq!(
            grid_cell(3, 4, size).physical_position,
            UVec2::new(960, 540)
        );
    }
}
