//! Walking the viewpoints of the open place to record figures and screenshots: the engine
//! of `retki render` and `retki stats`.

use std::path::PathBuf;
use std::sync::{Arc, Mutex};

use bevy::prelude::*;
use bevy::render::view::screenshot::{Screenshot, ScreenshotCaptured};
use serde::Serialize;

use crate::loading::{PipelineStatus, PipelineWarmth};
use crate::scene::{Landmark, SceneRegistry};
use crate::stats::{ViewStats, view_stats};
use crate::trip::{ActiveTrip, TripPhase};
use crate::viewer::{GoToViewpoint, ViewerCamera, ViewerTarget};

/// Frames to wait at a viewpoint before measuring, so transforms, visibility and shadow maps
/// have caught up with the move.
const SETTLE_FRAMES: u32 = 3;

/// What to capture, once the place is shown.
#[derive(Clone, Debug)]
pub struct CapturePlan {
    /// Viewpoint names, in order.
    pub views: Vec<String>,
    /// Where to write `VIEW.png` for each view; `None` records figures only.
    pub out_dir: Option<PathBuf>,
    /// A point of interest to open in every view, so its panel shows.
    pub open_poi: Option<String>,
}

/// Where a landmark landed in a view.
#[derive(Serialize, Clone, Debug, PartialEq)]
pub struct ProjectedLandmark {
    /// The landmark's name.
    pub name: String,
    /// Whether its centre is in front of the camera and inside the image.
    pub in_view: bool,
    /// Its centre, pixels from the left edge.
    pub x: f32,
    /// Its centre, pixels from the top edge.
    pub y: f32,
    /// Its radius on screen, pixels.
    pub radius_px: f32,
}

/// One captured view.
#[derive(Serialize, Clone, Debug, PartialEq)]
pub struct CapturedView {
    /// Figures for the view.
    pub stats: ViewStats,
    /// The screenshot written, if any.
    pub image: Option<PathBuf>,
    /// Where the place's landmarks appear.
    pub landmarks: Vec<ProjectedLandmark>,
}

/// Everything captured, shared with whoever asked (the CLI prints it after the app exits).
#[derive(Resource, Clone, Default, Debug)]
pub struct CaptureReport(pub Arc<Mutex<Vec<CapturedView>>>);

impl CaptureReport {
    /// The views captured so far.
    pub fn views(&self) -> Vec<CapturedView> {
        self.0.lock().unwrap_or_else(|e| e.into_inner()).clone()
    }

    fn push(&self, view: CapturedView) {
        self.0.lock().unwrap_or_else(|e| e.into_inner()).push(view);
    }
}

#[derive(Debug, Clone, Copy, PartialEq)]
enum Stage {
    Move,
    Settle(u32),
    AwaitImage,
}

#[derive(Resource, Debug)]
struct CaptureDriver {
    plan: CapturePlan,
    next: usize,
    stage: Stage,
    saved: Arc<Mutex<Option<Result<PathBuf, String>>>>,
}

/// Captures `plan` once the open place is shown, records into `report`, and exits the app.
pub struct CapturePlugin {
    /// What to capture.
    pub plan: CapturePlan,
    /// Where the results go.
    pub report: CaptureReport,
}

impl Plugin for CapturePlugin {
    fn build(&self, app: &mut App) {
        app.insert_resource(self.report.clone())
            .insert_resource(CaptureDriver {
                plan: self.plan.clone(),
                next: 0,
                stage: Stage::Move,
                saved: Arc::default(),
            })
            .add_systems(Last, drive_capture.run_if(in_state(TripPhase::InScene)));
    }
}

fn drive_capture(world: &mut World) {
    let stage = world.resource::<CaptureDriver>().stage;
    let next = world.resource::<CaptureDriver>().next;
    let views = world.resource::<CaptureDriver>().plan.views.clone();
    let Some(view) = views.get(next).cloned() else {
        world.write_message(AppExit::Success);
        return;
    };
    match stage {
        Stage::Move => {
            world.write_message(GoToViewpoint(view));
            if let Some(id) = world.resource::<CaptureDriver>().plan.open_poi.clone() {
                world.write_message(crate::poi::OpenPoiRequest(id));
            }
            world.resource_mut::<PipelineWarmth>().reset();
            world.resource_mut::<CaptureDriver>().stage = Stage::Settle(0);
        }
        Stage::Settle(frames) => {
            let counts = world.resource::<PipelineStatus>().get();
            let warm = world.resource_mut::<PipelineWarmth>().observe(counts);
            if frames < SETTLE_FRAMES || !warm {
                world.resource_mut::<CaptureDriver>().stage = Stage::Settle(frames + 1);
                return;
            }
            record_view(world, &view);
        }
        Stage::AwaitImage => {
            let saved = world.resource::<CaptureDriver>().saved.clone();
            let outcome = saved.lock().unwrap_or_else(|e| e.into_inner()).take();
            match outcome {
                None => {}
                Some(Ok(_)) => advance(world),
                Some(Err(error)) => {
                    error!("could not save the screenshot of {view}: {error}");
                    world.write_message(AppExit::error());
                }
            }
        }
    }
}

fn advance(world: &mut World) {
    let mut driver = world.resource_mut::<CaptureDriver>();
    driver.next += 1;
    driver.stage = Stage::Move;
}

fn record_view(world: &mut World, view: &str) {
    let Some((camera, _)) = world
        .query_filtered::<(Entity, &Camera), With<ViewerCamera>>()
        .iter(world)
        .next()
    else {
        error!("there is no viewer camera to capture from");
        world.write_message(AppExit::error());
        return;
    };
    let stats = view_stats(world, camera, view);
    let landmarks = project_landmarks(world, camera);
    let out_dir = world.resource::<CaptureDriver>().plan.out_dir.clone();
    let image = out_dir.map(|dir| dir.join(format!("{view}.png")));
    world.resource::<CaptureReport>().push(CapturedView {
        stats,
        image: image.clone(),
        landmarks,
    });
    let (Some(path), ViewerTarget::Image(target)) =
        (image, world.resource::<ViewerTarget>().clone())
    else {
        advance(world);
        return;
    };
    let saved = world.resource::<CaptureDriver>().saved.clone();
    world
        .spawn(Screenshot::image(target))
        .observe(move |captured: On<ScreenshotCaptured>| {
            let outcome = captured
                .image
                .clone()
                .try_into_dynamic()
                .map_err(|e| e.to_string())
                .and_then(|image| image.save(&path).map_err(|e| e.to_string()))
                .map(|()| path.clone());
            *saved.lock().unwrap_or_else(|e| e.into_inner()) = Some(outcome);
        });
    world.resource_mut::<CaptureDriver>().stage = Stage::AwaitImage;
}

fn project_landmarks(world: &mut World, camera: Entity) -> Vec<ProjectedLandmark> {
    let landmarks: Vec<Landmark> = world
        .resource::<SceneRegistry>()
        .open(world.resource::<State<ActiveTrip>>().get())
        .map(|def| def.landmarks.clone())
        .unwrap_or_default();
    let Some((cam, transform)) = world
        .query::<(&Camera, &GlobalTransform)>()
        .get(world, camera)
        .ok()
    else {
        return Vec::new();
    };
    let size = cam.logical_viewport_size().unwrap_or_default();
    landmarks
        .iter()
        .map(|landmark| {
            let centre = cam.world_to_viewport(transform, landmark.position);
            let edge = cam.world_to_viewport(
                transform,
                landmark.position + transform.right() * landmark.radius_m,
            );
            match (centre, edge) {
                (Ok(c), Ok(e)) => ProjectedLandmark {
                    name: landmark.name.to_string(),
                    in_view: c.x >= 0.0 && c.y >= 0.0 && c.x < size.x && c.y < size.y,
                    x: c.x,
                    y: c.y,
                    radius_px: c.distance(e),
                },
                _ => ProjectedLandmark {
                    name: landmark.name.to_string(),
                    in_view: false,
                    x: f32::NAN,
                    y: f32::NAN,
                    radius_px: 0.0,
                },
            }
        })
        .collect()
}
