//! Avatars on the wire: head and hands packed into at most 31 bytes, 30 times a second, and
//! smoothed back into motion on the other side.
//!
//! The head's position is sent in whole centimetres (±327 m, wider than any place), each
//! hand's relative to the head in whole millimetres (±32 m), and each rotation as the
//! "smallest three" of its quaternion in 10 bits each (an error under a quarter of a degree),
//! after a 2-bit index of the component left out. At 30 Hz one avatar costs at most
//! 7.4 kbit/s.

/// Head position step, metres.
pub const HEAD_STEP_M: f32 = 0.01;
/// How often an app sends its pupil's pose to the server, Hz: twice Mozilla Hubs' 15 Hz,
/// so avatars move smoothly after the interpolation delay.
pub const POSE_HZ: f64 = 30.0;
/// Hand position step (relative to the head), metres.
pub const HAND_STEP_M: f32 = 0.001;
/// Bits per sent quaternion component.
const ROTATION_BITS: u32 = 10;
/// The largest a quaternion's other three components can be when the largest is left out.
const SMALLEST_THREE_MAX: f32 = std::f32::consts::FRAC_1_SQRT_2;

/// A position (metres) and a unit rotation (x, y, z, w).
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Pose {
    /// Position, metres.
    pub position: [f32; 3],
    /// Rotation as a unit quaternion (x, y, z, w).
    pub rotation: [f32; 4],
}

/// Where a person's head and hands are; a hand the headset does not track is `None`.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct AvatarPose {
    /// The head (between the eyes).
    pub head: Pose,
    /// The left hand or controller.
    pub left: Option<Pose>,
    /// The right hand or controller.
    pub right: Option<Pose>,
}

/// Why bytes are not a packed pose.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum PoseError {
    /// The length does not match the hands the first byte says are there.
    #[error("a pose of {got} bytes, where its flags call for {want}")]
    Length {
        /// Bytes received.
        got: usize,
        /// Bytes the flags call for.
        want: usize,
    },
    /// Unknown flag bits.
    #[error("unknown pose flags {0:#04x}")]
    Flags(u8),
    /// A position or rotation that is not finite (only on packing).
    #[error("a pose with a position or rotation that is not a finite number")]
    NotFinite,
    /// A position outside what the wire carries.
    #[error("a position outside ±327 m (head) or ±32 m (hands from the head)")]
    OutOfRange,
}

const LEFT: u8 = 1;
const RIGHT: u8 = 2;

fn quantise(value: f32, step: f32) -> Result<i16, PoseError> {
    let q = (value / step).round();
    if !q.is_finite() {
        return Err(PoseError::NotFinite);
    }
    if q < f32::from(i16::MIN) || q > f32::from(i16::MAX) {
        return Err(PoseError::OutOfRange);
    }
    Ok(q as i16)
}

fn pack_rotation(q: [f32; 4]) -> Result<u32, PoseError> {
    if !q.iter().all(|c| c.is_finite()) {
        return Err(PoseError::NotFinite);
    }
    let len = q.iter().map(|c| c * c).sum::<f32>().sqrt();
    if len < 1e-6 {
        return Err(PoseError::NotFinite);
    }
    let q = q.map(|c| c / len);
    let largest = (0..4)
        .max_by(|&a, &b| q[a].abs().total_cmp(&q[b].abs()))
        .unwrap_or(3);
    // q and -q are the same rotation: send the one whose largest component is positive.
    let sign = if q[largest] < 0.0 { -1.0 } else { 1.0 };
    let levels = ((1u32 << ROTATION_BITS) - 1) as f32;
    let mut packed = largest as u32;
    for (slot, i) in (0..4).filter(|&i| i != largest).enumerate() {
        let unit = (sign * q[i] / SMALLEST_THREE_MAX).clamp(-1.0, 1.0) * 0.5 + 0.5;
        packed |= ((unit * levels).round() as u32) << (2 + ROTATION_BITS * slot as u32);
    }
    Ok(packed)
}

fn unpack_rotation(packed: u32) -> [f32; 4] {
    let largest = (packed & 3) as usize;
    let levels = ((1u32 << ROTATION_BITS) - 1) as f32;
    let mut q = [0.0f32; 4];
    let mut sum = 0.0;
    for (slot, i) in (0..4).filter(|&i| i != largest).enumerate() {
        let bits = (packed >> (2 + ROTATION_BITS * slot as u32)) & ((1 << ROTATION_BITS) - 1);
        q[i] = (bits as f32 / levels - 0.5) * 2.0 * SMALLEST_THREE_MAX;
        sum += q[i] * q[i];
    }
    q[largest] = (1.0 - sum).max(0.0).sqrt();
    q
}

fn put_position(out: &mut Vec<u8>, p: [f32; 3], step: f32) -> Result<(), PoseError> {
    for v in p {
        out.extend_from_slice(&quantise(v, step)?.to_le_bytes());
    }
    Ok(())
}

/// Packs a pose for the wire: 10 bytes for the head, 10 for each tracked hand, 1 of flags.
pub fn pack(pose: &AvatarPose) -> Result<Vec<u8>, PoseError> {
    let flags = (u8::from(pose.left.is_some()) * LEFT) | (u8::from(pose.right.is_some()) * RIGHT);
    let mut out = Vec::with_capacity(31);
    out.push(flags);
    put_position(&mut out, pose.head.position, HEAD_STEP_M)?;
    out.extend_from_slice(&pack_rotation(pose.head.rotation)?.to_le_bytes());
    for hand in [pose.left, pose.right].into_iter().flatten() {
        let relative: [f32; 3] = std::array::from_fn(|a| hand.position[a] - pose.head.position[a]);
        put_position(&mut out, relative, HAND_STEP_M)?;
        out.extend_from_slice(&pack_rotation(hand.rotation)?.to_le_bytes());
    }
    Ok(out)
}

/// Unpacks a pose from the wire.
pub fn unpack(bytes: &[u8]) -> Result<AvatarPose, PoseError> {
    let Some(&flags) = bytes.first() else {
        return Err(PoseError::Length { got: 0, want: 11 });
    };
    if flags & !(LEFT | RIGHT) != 0 {
        return Err(PoseError::Flags(flags));
    }
    let hands = usize::from(flags & LEFT != 0) + usize::from(flags & RIGHT != 0);
    let want = 1 + 10 * (1 + hands);
    if bytes.len() != want {
        return Err(PoseError::Length {
            got: bytes.len(),
            want,
        });
    }
    let read = |at: usize, step: f32| -> [f32; 3] {
        std::array::from_fn(|a| {
            f32::from(i16::from_le_bytes([
                bytes[at + 2 * a],
                bytes[at + 2 * a + 1],
            ])) * step
        })
    };
    let rotation = |at: usize| {
        unpack_rotation(u32::from_le_bytes([
            bytes[at],
            bytes[at + 1],
            bytes[at + 2],
            bytes[at + 3],
        ]))
    };
    let head = Pose {
        position: read(1, HEAD_STEP_M),
        rotation: rotation(7),
    };
    let mut at = 11;
    let mut hand = |present: bool| {
        present.then(|| {
            let relative = read(at, HAND_STEP_M);
            let pose = Pose {
                position: std::array::from_fn(|a| head.position[a] + relative[a]),
                rotation: rotation(at + 6),
            };
            at += 10;
            pose
        })
    };
    let left = hand(flags & LEFT != 0);
    let right = hand(flags & RIGHT != 0);
    Ok(AvatarPose { head, left, right })
}

/// The rotation between `a` and `b` at `t` (0–1), along the shorter arc.
pub fn slerp(a: [f32; 4], b: [f32; 4], t: f32) -> [f32; 4] {
    let mut dot: f32 = (0..4).map(|i| a[i] * b[i]).sum();
    let b = if dot < 0.0 {
        dot = -dot;
        b.map(|c| -c)
    } else {
        b
    };
    let (wa, wb) = if dot > 0.9995 {
        (1.0 - t, t)
    } else {
        let theta = dot.clamp(-1.0, 1.0).acos();
        let s = theta.sin();
        (((1.0 - t) * theta).sin() / s, (t * theta).sin() / s)
    };
    let q: [f32; 4] = std::array::from_fn(|i| wa * a[i] + wb * b[i]);
    let len = q.iter().map(|c| c * c).sum::<f32>().sqrt();
    q.map(|c| c / len)
}

fn lerp_pose(a: &Pose, b: &Pose, t: f32) -> Pose {
    Pose {
        position: std::array::from_fn(|i| a.position[i] + (b.position[i] - a.position[i]) * t),
        rotation: slerp(a.rotation, b.rotation, t),
    }
}

/// Smooths an avatar's received poses: shows it where it was [`Interpolator::DELAY_MS`] ago,
/// between the two poses received around then, so 30 Hz updates with jitter play as steady
/// motion.
#[derive(Clone, Debug, Default)]
pub struct Interpolator {
    samples: std::collections::VecDeque<(u64, AvatarPose)>,
}

impl Interpolator {
    /// How far behind the newest pose the avatar is shown, ms: a little over three updates
    /// at 30 Hz, so one lost or late update does not stop it.
    pub const DELAY_MS: u64 = 100;
    /// Poses kept.
    const KEEP: usize = 32;

    /// Adds a pose the sender stamped at `time_ms`; older or repeated stamps are ignored.
    pub fn push(&mut self, time_ms: u64, pose: AvatarPose) {
        if self.samples.back().is_some_and(|(t, _)| *t >= time_ms) {
            return;
        }
        self.samples.push_back((time_ms, pose));
        while self.samples.len() > Self::KEEP {
            self.samples.pop_front();
        }
    }

    /// When the newest pose was stamped, ms of the same clock as [`Interpolator::push`].
    pub fn newest_ms(&self) -> Option<u64> {
        self.samples.back().map(|(t, _)| *t)
    }

    /// The pose to show at `now_ms` (in the sender's clock).
    pub fn sample(&self, now_ms: u64) -> Option<AvatarPose> {
        let at = now_ms.saturating_sub(Self::DELAY_MS);
        let after = self.samples.iter().position(|(t, _)| *t >= at);
        match after {
            None => self.samples.back().map(|(_, p)| *p),
            Some(0) => self.samples.front().map(|(_, p)| *p),
            Some(i) => {
                let (t0, a) = &self.samples[i - 1];
                let (t1, b) = &self.samples[i];
                let t = (at - t0) as f32 / (t1 - t0) as f32;
                let hand = |x: Option<Pose>, y: Option<Pose>| match (x, y) {
                    (Some(x), Some(y)) => Some(lerp_pose(&x, &y, t)),
                    (_, y) => y,
                };
                Some(AvatarPose {
                    head: lerp_pose(&a.head, &b.head, t),
                    left: hand(a.left, b.left),
                    right: hand(a.right, b.right),
                })
            }
        }
    }
}

/// One avatar's pose as the server forwards it: who (their slot in the session), the low 16
/// bits of the sender's clock (ms; enough to order poses and match them within a minute) and
/// the packed pose.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ForwardedPose {
    /// The sender's slot in the session.
    pub slot: u8,
    /// The sender's clock, ms, modulo 65,536.
    pub stamp: u16,
    /// The pose, as [`pack`] made it.
    pub packed: Vec<u8>,
}

/// The longest packed pose, bytes: flags, head and two hands.
pub const MAX_PACKED_BYTES: usize = 31;

/// Why bytes are not a frame of poses.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum FrameError {
    /// The frame ends inside an entry.
    #[error("a pose frame cut short at byte {0}")]
    Truncated(usize),
    /// An entry's pose is longer than any pose.
    #[error("a pose of {0} bytes in a frame (at most {MAX_PACKED_BYTES})")]
    TooLong(usize),
}

/// Packs poses into one frame: per pose its slot (1 byte), stamp (2) and length (1), then
/// the pose.
pub fn pack_frame(poses: &[ForwardedPose]) -> Vec<u8> {
    let mut out = Vec::with_capacity(poses.len() * (4 + MAX_PACKED_BYTES));
    for pose in poses {
        out.push(pose.slot);
        out.extend_from_slice(&pose.stamp.to_le_bytes());
        out.push(pose.packed.len() as u8);
        out.extend_from_slice(&pose.packed);
    }
    out
}

/// Unpacks a frame made by [`pack_frame`]; each pose inside is still packed.
pub fn unpack_frame(bytes: &[u8]) -> Result<Vec<ForwardedPose>, FrameError> {
    let mut poses = Vec::new();
    let mut at = 0;
    while at < bytes.len() {
        let head = bytes.get(at..at + 4).ok_or(FrameError::Truncated(at))?;
        let len = usize::from(head[3]);
        if len > MAX_PACKED_BYTES {
            return Err(FrameError::TooLong(len));
        }
        let packed = bytes
            .get(at + 4..at + 4 + len)
            .ok_or(FrameError::Truncated(at))?;
        poses.push(ForwardedPose {
            slot: head[0],
            stamp: u16::from_le_bytes([head[1], head[2]]),
            packed: packed.to_vec(),
        });
        at += 4 + len;
    }
    Ok(poses)
}

/// Turns a sender's 16-bit stamps back into a steady clock on the receiver: the first stamp
/// is tied to the receiver's clock, and each later one advances by the (wrapping) difference.
/// A stamp older than the last one returns `None` (it arrived out of order).
#[derive(Clone, Debug, Default)]
pub struct StampClock {
    last: Option<(u16, u64)>,
}

impl StampClock {
    /// The sender's time of `stamp`, on a clock that started at `now_ms` on the receiver.
    pub fn place(&mut self, stamp: u16, now_ms: u64) -> Option<u64> {
        let Some((last_stamp, last_ms)) = self.last else {
            self.last = Some((stamp, now_ms));
            return Some(now_ms);
        };
        let step = stamp.wrapping_sub(last_stamp);
        // More than half the range ahead is really behind: out of order or repeated.
        if step == 0 || step > u16::MAX / 2 {
            return None;
        }
        let ms = last_ms + u64::from(step);
        self.last = Some((stamp, ms));
        Some(ms)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn angle_between(a: [f32; 4], b: [f32; 4]) -> f32 {
        let dot: f32 = (0..4).map(|i| a[i] * b[i]).sum();
        2.0 * dot.abs().min(1.0).acos()
    }

    /// Seeded rotations spread over the sphere.
    fn rotations() -> Vec<[f32; 4]> {
        let mut s = 0x9e37_79b9_7f4a_7c15u64;
        let mut next = move || {
            s ^= s << 13;
            s ^= s >> 7;
            s ^= s << 17;
            (s >> 40) as f32 / (1u64 << 24) as f32 * 2.0 - 1.0
        };
        (0..2000)
            .map(|_| {
                let q = [next(), next(), next(), next()];
                let len = q.iter().map(|c| c * c).sum::<f32>().sqrt().max(1e-3);
                q.map(|c| c / len)
            })
            .collect()
    }

    #[test]
    fn a_pose_survives_the_wire_within_its_steps() {
        let mut worst_angle = 0.0f32;
        for (i, q) in rotations().into_iter().enumerate() {
            let head = Pose {
                position: [120.37 - i as f32 * 0.1, 1.62, -250.004],
                rotation: q,
            };
            let hand = Pose {
                position: [head.position[0] + 0.31, 1.1, head.position[2] - 0.4567],
                rotation: [q[1], q[2], q[3], q[0]],
            };
            let pose = AvatarPose {
                head,
                left: Some(hand),
                right: (i % 2 == 0).then_some(hand),
            };
            let bytes = pack(&pose).unwrap();
            assert_eq!(bytes.len(), if i % 2 == 0 { 31 } else { 21 });
            let back = unpack(&bytes).unwrap();
            for a in 0..3 {
                assert!(
                    (back.head.position[a] - head.position[a]).abs() <= HEAD_STEP_M / 2.0 + 1e-4
                );
                let l = back.left.unwrap().position[a];
                // A hand is within half a head step and half a hand step.
                assert!((l - hand.position[a]).abs() <= (HEAD_STEP_M + HAND_STEP_M) / 2.0 + 1e-4);
            }
            worst_angle = worst_angle.max(angle_between(back.head.rotation, q));
            assert_eq!(back.right.is_some(), i % 2 == 0);
        }
        assert!(
            worst_angle.to_degrees() < 0.25,
            "worst {}°",
            worst_angle.to_degrees()
        );
    }

    #[test]
    fn bad_bytes_are_refused_not_misread() {
        assert_eq!(unpack(&[]), Err(PoseError::Length { got: 0, want: 11 }));
        assert_eq!(unpack(&[4; 11]), Err(PoseError::Flags(4)));
        assert_eq!(
            unpack(&[1; 11]),
            Err(PoseError::Length { got: 11, want: 21 })
        );
        let far = AvatarPose {
            head: Pose {
                position: [400.0, 0.0, 0.0],
                rotation: [0.0, 0.0, 0.0, 1.0],
            },
            left: None,
            right: None,
        };
        assert_eq!(pack(&far), Err(PoseError::OutOfRange));
        let nan = AvatarPose {
            head: Pose {
                position: [f32::NAN, 0.0, 0.0],
                ..far.head
            },
            ..far
        };
        assert_eq!(pack(&nan), Err(PoseError::NotFinite));
    }

    #[test]
    fn the_interpolator_plays_between_received_poses() {
        let at = |x: f32, yaw: f32| AvatarPose {
            head: Pose {
                position: [x, 1.6, 0.0],
                rotation: [0.0, (yaw / 2.0).sin(), 0.0, (yaw / 2.0).cos()],
            },
            left: None,
            right: None,
        };
        let mut smooth = Interpolator::default();
        smooth.push(1_000, at(0.0, 0.0));
        smooth.push(1_033, at(1.0, 1.0));
        smooth.push(1_010, at(9.0, 9.0)); // late and out of order: ignored
        // 100 ms behind 1,116.5 is halfway between the two poses.
        let mid = smooth.sample(1_116).unwrap();
        assert!((mid.head.position[0] - 16.0 / 33.0).abs() < 1e-4);
        let yaw = 2.0 * mid.head.rotation[1].atan2(mid.head.rotation[3]);
        assert!((yaw - 16.0 / 33.0).abs() < 1e-3, "{yaw}");
        // Before the first and after the last: held there.
        assert_eq!(smooth.sample(0).unwrap(), at(0.0, 0.0));
        assert_eq!(smooth.sample(5_000).unwrap(), at(1.0, 1.0));
    }
    #[test]
    fn frames_round_trip_and_bad_frames_are_refused() {
        let poses = vec![
            ForwardedPose {
                slot: 3,
                stamp: 65_530,
                packed: vec![0; 11],
            },
            ForwardedPose {
                slot: 40,
                stamp: 7,
                packed: vec![1; 31],
            },
        ];
        let frame = pack_frame(&poses);
        assert_eq!(frame.len(), 4 + 11 + 4 + 31);
        assert_eq!(unpack_frame(&frame), Ok(poses));
        assert_eq!(unpack_frame(&frame[..20]), Err(FrameError::Truncated(15)));
        assert_eq!(unpack_frame(&[1, 0, 0, 32]), Err(FrameError::TooLong(32)));
    }

    #[test]
    fn stamps_wrap_and_late_ones_are_dropped() {
        let mut clock = StampClock::default();
        assert_eq!(clock.place(65_500, 1_000), Some(1_000));
        assert_eq!(clock.place(30, 1_070), Some(1_066));
        assert_eq!(clock.place(20, 1_071), None);
        assert_eq!(clock.place(30, 1_072), None);
        assert_eq!(clock.place(63, 1_100), Some(1_099));
    }
}
