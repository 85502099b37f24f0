//! Monado's "remote" driver: a headset and two Valve Index controllers whose poses and
//! buttons a test sets over TCP. Monado 25 listens on the port its config names, sends the
//! state it starts from, and then takes each 376-byte record it is sent as the devices' new
//! state until the next one (`struct r_remote_data` in Monado's
//! `src/xrt/drivers/remote/r_interface.h`, protocol "mndrmt3").

use bevy::prelude::{Quat, Transform, Vec3};

/// Bytes in one record.
pub const RECORD_BYTES: usize = 376;
/// The record's first eight bytes (Monado 25 fills them with zeros in what it sends, and
/// later versions check them).
const HEADER: &[u8; 8] = b"mndrmt3\0";
/// Where the head's pose starts: after the header and the two per-eye views (a field of view
/// of 16 bytes, a pose of 28 and 4 of padding each).
const HEAD_POSE_AT: usize = 8 + 2 * 48;
/// Where the left and the right controller start (after the head's 32 bytes).
const LEFT_AT: usize = 136;
const RIGHT_AT: usize = LEFT_AT + CONTROLLER_BYTES;
/// Bytes per controller: pose 28, velocities 24, finger curls 20, analogue inputs 32, and 16
/// one-byte flags.
const CONTROLLER_BYTES: usize = 120;
/// Offsets inside a controller.
const TRIGGER_VALUE_AT: usize = 72;
const HAND_TRACKING_ACTIVE_AT: usize = 104;
const ACTIVE_AT: usize = 105;
const TRIGGER_CLICK_AT: usize = 112;

/// A controller's pose and whether its trigger is pulled all the way.
#[derive(Clone, Copy, Debug)]
pub struct Controller {
    /// The grip's pose in the tracking space, metres.
    pub grip: Transform,
    /// Whether the trigger is pulled.
    pub trigger: bool,
}

/// The whole state the driver reports: the head at `head`, two controllers.
#[derive(Clone, Copy, Debug)]
pub struct State {
    /// Where the head is, in the tracking space, metres.
    pub head: Vec3,
    /// The left controller.
    pub left: Controller,
    /// The right controller.
    pub right: Controller,
}

fn put_f32s(record: &mut [u8], at: usize, values: &[f32]) {
    for (i, v) in values.iter().enumerate() {
        record[at + 4 * i..at + 4 * i + 4].copy_from_slice(&v.to_le_bytes());
    }
}

/// An `xrt_pose`: the orientation (x, y, z, w), then the position.
fn put_pose(record: &mut [u8], at: usize, pose: &Transform) {
    let (q, p) = (pose.rotation, pose.translation);
    put_f32s(record, at, &[q.x, q.y, q.z, q.w, p.x, p.y, p.z]);
}

fn put_controller(record: &mut [u8], at: usize, controller: &Controller) {
    put_pose(record, at, &controller.grip);
    let pulled = if controller.trigger { 1.0 } else { 0.0 };
    put_f32s(record, at + TRIGGER_VALUE_AT, &[pulled]);
    // Controllers, not tracked hands: Retki's hand models stay hidden.
    record[at + HAND_TRACKING_ACTIVE_AT] = 0;
    record[at + ACTIVE_AT] = 1;
    record[at + TRIGGER_CLICK_AT] = u8::from(controller.trigger);
}

impl State {
    /// The record that sets this state.
    pub fn record(&self) -> [u8; RECORD_BYTES] {
        let mut record = [0u8; RECORD_BYTES];
        record[..8].copy_from_slice(HEADER);
        put_pose(
            &mut record,
            HEAD_POSE_AT,
            &Transform::from_translation(self.head),
        );
        put_controller(&mut record, LEFT_AT, &self.left);
        put_controller(&mut record, RIGHT_AT, &self.right);
        record
    }
}

fn f32_at(record: &[u8], at: usize) -> f32 {
    f32::from_le_bytes(record[at..at + 4].try_into().unwrap())
}

/// Checks the state Monado sends a new connection against the layout above: the driver's
/// starting state has the head 1.6 m up, the left controller at (-0.2, 1.3, -0.5) and the
/// right at (0.2, 1.3, -0.5), both active, all with no rotation. A Monado whose layout
/// differs fails here, rather than leaving the app's controllers somewhere unexpected.
pub fn check_starting_state(record: &[u8]) -> Result<(), String> {
    if record.len() != RECORD_BYTES {
        return Err(format!(
            "Monado sent {} bytes for its starting state, not {RECORD_BYTES}: another protocol",
            record.len()
        ));
    }
    let pose = |at: usize| -> (Quat, Vec3) {
        let f = |i: usize| f32_at(record, at + 4 * i);
        (
            Quat::from_xyzw(f(0), f(1), f(2), f(3)),
            Vec3::new(f(4), f(5), f(6)),
        )
    };
    let expected = [
        (HEAD_POSE_AT, Vec3::new(0.0, 1.6, 0.0)),
        (LEFT_AT, Vec3::new(-0.2, 1.3, -0.5)),
        (RIGHT_AT, Vec3::new(0.2, 1.3, -0.5)),
    ];
    for (at, position) in expected {
        let (rotation, found) = pose(at);
        if !found.abs_diff_eq(position, 1e-6) || !rotation.abs_diff_eq(Quat::IDENTITY, 1e-6) {
            return Err(format!(
                "Monado's starting state at byte {at} is {found} turned {rotation}, not {position}: \
                 the record's layout differs from protocol mndrmt3"
            ));
        }
    }
    for at in [LEFT_AT, RIGHT_AT] {
        if record[at + ACTIVE_AT] != 1 {
            return Err(format!("the controller at byte {at} does not start active"));
        }
    }
    Ok(())
}

#[test]
fn a_record_puts_each_field_where_monado_reads_it() {
    let state = State {
        head: Vec3::new(0.0, 1.6, 0.0),
        left: Controller {
            grip: Transform::from_xyz(-0.2, 1.3, -0.5),
            trigger: false,
        },
        right: Controller {
            grip: Transform::from_xyz(0.2, 1.3, -0.5),
            trigger: true,
        },
    };
    let record = state.record();
    assert_eq!(check_starting_state(&record), Ok(()));
    assert_eq!(&record[..8], HEADER);
    assert_eq!(f32_at(&record, RIGHT_AT + TRIGGER_VALUE_AT), 1.0);
    assert_eq!(record[RIGHT_AT + TRIGGER_CLICK_AT], 1);
    assert_eq!(record[LEFT_AT + TRIGGER_CLICK_AT], 0);
    let mut moved = record;
    moved[LEFT_AT + 4 * 4 + 3] = 0;
    assert!(check_starting_state(&moved).is_err());
    assert!(check_starting_state(&record[..200]).is_err());
}
