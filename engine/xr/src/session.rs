//! The life of an OpenXR session, told in plain log lines, with the frames that reach the
//! headset counted, and a clean way out that lets the runtime close the session.

use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};

use bevy::prelude::*;
use bevy::render::{Render, RenderApp};
use bevy_mod_openxr::init::should_run_frame_loop;
use bevy_mod_openxr::poll_events::{OxrEventHandlerExt, OxrEventIn};
use bevy_mod_openxr::render::end_frame;
use bevy_mod_openxr::resources::{OxrFrameState, OxrViews};
use bevy_mod_xr::session::{XrRenderSystems, XrRequestExitMessage, XrState, XrStateChanged};
use retki_core::TripPhase;

/// Frames handed to the runtime with an image for each eye, counted in the render world.
#[derive(Resource, Clone, Default, Debug)]
pub struct XrFramesSubmitted(Arc<AtomicU64>);

impl XrFramesSubmitted {
    /// Frames submitted so far.
    pub fn get(&self) -> u64 {
        self.0.load(Ordering::Relaxed)
    }
}

/// Ask the runtime to end the session after this many submitted frames, then quit when it
/// does (`--frames` in XR mode).
#[derive(Resource, Clone, Copy, Debug)]
pub struct XrFrameLimit(pub u64);

/// Wall-clock intervals between main-world frames while the session runs, seconds, and the
/// display period the runtime asks frames to be paced at.
#[derive(Resource, Default, Debug)]
pub struct XrFrameIntervals {
    /// Seconds between successive frames.
    pub intervals_s: Vec<f32>,
    /// The runtime's predicted display period as it last reported it, seconds.
    pub runtime_period_s: Option<f32>,
}

impl XrFrameIntervals {
    /// The `q` quantile (0..=1) of the intervals, milliseconds, or `None` before any frame.
    pub fn quantile_ms(&self, q: f32) -> Option<f32> {
        quantile(&self.intervals_s, q).map(|s| s * 1000.0)
    }
}

/// CPU time the whole process (every thread) spent per frame while the session ran,
/// milliseconds, read from Linux's per-thread scheduler statistics. Recorded only in
/// measuring runs (`--frames` in XR mode).
#[derive(Resource, Default, Debug)]
pub struct XrFrameCpuTimes {
    /// CPU milliseconds of each frame.
    pub per_frame_ms: Vec<f32>,
    last_ns: Option<u64>,
}

/// The `q` quantile (0..=1) of `values` (each at most an hour), to three significant
/// digits, or `None` for none: the smallest value that a share `q` of them do not exceed.
fn quantile(values: &[f32], q: f32) -> Option<f32> {
    /// Values are kept in millionths of their unit.
    const SCALE: f32 = 1e6;
    /// The largest value kept, in millionths: an hour of seconds (larger ones count as it).
    const MAX: u64 = 3_600 * 1_000_000;
    let mut histogram = hdrhistogram::Histogram::<u64>::new_with_max(MAX, 3).ok()?;
    for value in values {
        histogram.saturating_record((value.max(0.0) * SCALE) as u64);
    }
    (!histogram.is_empty())
        .then(|| histogram.value_at_quantile(f64::from(q.clamp(0.0, 1.0))) as f32 / SCALE)
}

/// Nanoseconds of CPU time this process has used, threads that have ended included
/// (`CLOCK_PROCESS_CPUTIME_ID`). `None` where the system does not offer the clock.
fn process_cpu_ns() -> Option<u64> {
    let now = rustix::time::clock_gettime(rustix::time::ClockId::ProcessCPUTime);
    Some(u64::try_from(now.tv_sec).ok()? * 1_000_000_000 + u64::try_from(now.tv_nsec).ok()?)
}

pub(crate) fn plugin(app: &mut App) {
    app.init_resource::<XrFramesSubmitted>()
        .init_resource::<XrFrameIntervals>()
        .init_resource::<XrFrameCpuTimes>()
        .add_oxr_event_handler(log_session_state)
        .add_systems(
            Update,
            (
                record_frame_interval.run_if(resource_equals(XrState::Running)),
                record_frame_cpu_time.run_if(
                    resource_equals(XrState::Running).and_then(resource_exists::<XrFrameLimit>),
                ),
                request_exit_at_frame_limit.run_if(resource_exists::<XrFrameLimit>),
                quit_when_runtime_ends_session,
            ),
        );
    let frames = app.world().resource::<XrFramesSubmitted>().clone();
    if let Some(render_app) = app.get_sub_app_mut(RenderApp) {
        render_app.insert_resource(frames).add_systems(
            Render,
            count_submitted_frame
                .after(end_frame)
                .in_set(XrRenderSystems::PostRender)
                .run_if(should_run_frame_loop),
        );
    }
}

/// One line per session state the runtime reports, FOCUSED included (the XR state resource
/// folds SYNCHRONIZED, VISIBLE and FOCUSED into one "running").
fn log_session_state(event: OxrEventIn) {
    if let openxr::Event::SessionStateChanged(change) = *event {
        info!("xr: session {:?}", change.state());
    }
}

fn count_submitted_frame(
    frame: Res<OxrFrameState>,
    views: Res<OxrViews>,
    frames: Res<XrFramesSubmitted>,
) {
    if frame.should_render && views.len() == 2 {
        frames.0.fetch_add(1, Ordering::Relaxed);
    }
}

fn record_frame_interval(
    time: Res<Time<Real>>,
    frame: Option<Res<OxrFrameState>>,
    mut intervals: ResMut<XrFrameIntervals>,
) {
    intervals.intervals_s.push(time.delta_secs());
    if let Some(frame) = frame {
        let period = frame.predicted_display_period.as_nanos() as f32 / 1e9;
        if period > 0.0 {
            intervals.runtime_period_s = Some(period);
        }
    }
}

fn record_frame_cpu_time(mut cpu: ResMut<XrFrameCpuTimes>) {
    let Some(now) = process_cpu_ns() else { return };
    if let Some(last) = cpu.last_ns {
        cpu.per_frame_ms.push(now.saturating_sub(last) as f32 / 1e6);
    }
    cpu.last_ns = Some(now);
}

fn request_exit_at_frame_limit(
    limit: Res<XrFrameLimit>,
    frames: Res<XrFramesSubmitted>,
    mut requested: Local<bool>,
    mut request: MessageWriter<XrRequestExitMessage>,
) {
    if !*requested && frames.get() >= limit.0 {
        *requested = true;
        info!(
            "xr: {} frames submitted for both eyes; asking the runtime to end the session",
            frames.get()
        );
        request.write(XrRequestExitMessage);
    }
}

/// When the runtime ends the session for good, quit with success; a lost session that may
/// come back is reported and waited for.
fn quit_when_runtime_ends_session(
    mut changes: MessageReader<XrStateChanged>,
    phase: Option<Res<State<TripPhase>>>,
    frames: Res<XrFramesSubmitted>,
    intervals: Res<XrFrameIntervals>,
    cpu: Res<XrFrameCpuTimes>,
    mut exit: MessageWriter<AppExit>,
) {
    for XrStateChanged(state) in changes.read() {
        match state {
            XrState::Exiting {
                should_restart: false,
            } => {
                info!(
                    "xr: the runtime ended the session after {} frames (trip phase {:?}); exiting",
                    frames.get(),
                    phase.as_ref().map(|p| *p.get())
                );
                if let (Some(median), Some(p99)) =
                    (intervals.quantile_ms(0.5), intervals.quantile_ms(0.99))
                {
                    info!(
                        "xr: frame interval median {median:.1} ms, p99 {p99:.1} ms over {} frames ({:.1} frames/s)",
                        intervals.intervals_s.len(),
                        1000.0 / median
                    );
                    if let Some(period) = intervals.runtime_period_s {
                        info!(
                            "xr: the runtime paces frames at {:.1} Hz ({:.1} ms); Retki submitted {:.1} frames/s, {:.0}% of that",
                            1.0 / period,
                            period * 1000.0,
                            1000.0 / median,
                            100.0 * period * 1000.0 / median
                        );
                    }
                }
                if let (Some(median), Some(p99)) = (
                    quantile(&cpu.per_frame_ms, 0.5),
                    quantile(&cpu.per_frame_ms, 0.99),
                ) {
                    info!(
                        "xr: CPU time per frame (all threads) median {median:.1} ms, p99 {p99:.1} ms over {} frames",
                        cpu.per_frame_ms.len()
                    );
                }
                exit.write(AppExit::Success);
            }
            XrState::Exiting {
                should_restart: true,
            } => {
                warn!("xr: the session was lost; waiting for the runtime to offer a new one");
            }
            _ => {}
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn quantiles_of_frame_intervals() {
        assert_eq!(XrFrameIntervals::default().quantile_ms(0.5), None);
        let intervals = XrFrameIntervals {
            intervals_s: (1..=100).map(|ms| ms as f32 / 1000.0).collect(),
            runtime_period_s: None,
        };
        // The middle of 1, 2 … 100 ms lies between 50 and 51; three significant digits.
        let median = intervals.quantile_ms(0.5).unwrap();
        assert!((49.95..=51.1).contains(&median), "{median}");
        let p99 = intervals.quantile_ms(0.99).unwrap();
        assert!((98.9..=100.1).contains(&p99), "{p99}");
        let most = intervals.quantile_ms(1.0).unwrap();
        assert!((99.9..=100.1).contains(&most), "{most}");
    }

    #[test]
    fn process_cpu_time_grows_with_work() {
        let before = process_cpu_ns().expect("a process CPU clock");
        let mut x = 0u64;
        for i in 0..20_000_000u64 {
            x = x.wrapping_mul(31).wrapping_add(i);
        }
        std::hint::black_box(x);
        let after = process_cpu_ns().unwrap();
        assert!(after > before, "{before} -> {after}");
    }
}
