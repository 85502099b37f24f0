//! Keeping what the session server must not lose, off its frame: statements, the sessions'
//! state and the designs' operations go to a [`Recorder`] (the outbox on disk in `retki
//! serve`) on a thread of their own, in order. The frame never waits for a disk; instead the
//! answers of a frame wait ([`Writer::hold`]) until everything that frame recorded is stored,
//! so nothing a client was told can be lost by a crash.

use std::collections::VecDeque;
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::mpsc;
use std::time::Duration;

use serde_json::Value;

use crate::code::SessionNo;
use crate::server::{Effects, Snapshot};

/// The session state (who is in, what they hold, where the class is) is written at most this
/// often, ms, and changes in between together. Joins, leaves and the teacher's commands
/// ([`Effects::save_now`]), statements and design operations go at once; every answer waits
/// until what its frame recorded is stored.
pub const STATE_EVERY_MS: u64 = 250;
/// How long the writer waits before trying a failed commit again, ms.
const RETRY_MS: u64 = 200;

/// Where the server keeps statements and its state before anyone is answered: the outbox on
/// its disk in `retki serve`.
pub trait Recorder: Send + Sync + 'static {
    /// Stores what `commit` holds and returns once all of it is safe.
    fn commit(&mut self, commit: &Commit) -> Result<(), String>;
}

/// What one frame of the session server leaves to store, all or nothing.
#[derive(Debug, Default)]
pub struct Commit<'a> {
    /// New statements.
    pub statements: &'a [Value],
    /// The server's state, if it changed: a [`Snapshot`] as JSON, without the designs' logs.
    pub state: Option<&'a str>,
    /// New operations of the sessions' designs, to append to their logs.
    pub design_ops: &'a [DesignOpRow],
    /// Sessions that have ended, whose design logs can go.
    pub ended: &'a [SessionNo],
}

/// One operation of a session's design, as JSON, to append to its log.
#[derive(Clone, Debug, PartialEq)]
pub struct DesignOpRow {
    /// The session.
    pub session: SessionNo,
    /// The operation's place in the log, from 1.
    pub seq: u64,
    /// The [`retki_design::Operation`] as JSON.
    pub body: String,
}

/// What one frame hands the writer to store.
#[derive(Debug, Default)]
pub struct Job {
    /// New statements.
    pub statements: Vec<Value>,
    /// The server's state, when it is due to be written (serialized on the writer's thread,
    /// and written only if it differs from the last one written).
    pub state: Option<Snapshot>,
    /// New design operations.
    pub design_ops: Vec<DesignOpRow>,
    /// Sessions that have ended.
    pub ended: Vec<SessionNo>,
}

/// A [`Recorder`] on its own thread, and the answers waiting for it.
pub struct Writer {
    jobs: mpsc::Sender<(u64, Job)>,
    /// The number of the last job stored.
    stored: Arc<AtomicU64>,
    /// The number of the last job handed over.
    sent: u64,
    /// Answers, each waiting for the job of this number (or an earlier one) to be stored.
    held: VecDeque<(u64, Effects)>,
}

impl Writer {
    /// Starts the thread that stores jobs through `recorder`, one after another; a failed
    /// commit is logged and tried again until it succeeds.
    pub fn start(mut recorder: Box<dyn Recorder>) -> Self {
        let (jobs, queue) = mpsc::channel::<(u64, Job)>();
        let stored = Arc::new(AtomicU64::new(0));
        let done = stored.clone();
        let spawned = std::thread::Builder::new()
            .name("session-recorder".into())
            .spawn(move || {
                let mut last_state: Option<u64> = None;
                while let Ok((number, job)) = queue.recv() {
                    let state = job
                        .state
                        .as_ref()
                        .and_then(|s| serde_json::to_string(s).ok())
                        .map(|text| (hash(&text), text))
                        .filter(|(h, _)| Some(*h) != last_state);
                    let commit = Commit {
                        statements: &job.statements,
                        state: state.as_ref().map(|(_, text)| text.as_str()),
                        design_ops: &job.design_ops,
                        ended: &job.ended,
                    };
                    // A state that had not changed leaves nothing to write (no transaction,
                    // no sync of the disk).
                    let empty = commit.statements.is_empty()
                        && commit.state.is_none()
                        && commit.design_ops.is_empty()
                        && commit.ended.is_empty();
                    while !empty && let Err(error) = recorder.commit(&commit) {
                        bevy::log::error!(
                            "session: could not store {} statements and the state: {error}; \
                             trying again (nobody is answered until it is stored)",
                            job.statements.len()
                        );
                        std::thread::sleep(Duration::from_millis(RETRY_MS));
                    }
                    if let Some((h, _)) = state {
                        last_state = Some(h);
                    }
                    done.store(number, Ordering::Release);
                }
            });
        if let Err(error) = spawned {
            bevy::log::error!("session: cannot start the recorder's thread: {error}");
        }
        Self {
            jobs,
            stored,
            sent: 0,
            held: VecDeque::new(),
        }
    }

    /// Hands `job` to the thread.
    pub fn send(&mut self, job: Job) {
        self.sent += 1;
        // A closed channel means the thread could not start: its error is in the log, and
        // nothing is answered.
        let _ = self.jobs.send((self.sent, job));
    }

    /// Keeps `answers` until every job handed over so far is stored, after any answers held
    /// before them.
    pub fn hold(&mut self, answers: Effects) {
        if !answers.out.is_empty() || !answers.close.is_empty() {
            self.held.push_back((self.sent, answers));
        }
    }

    /// The held answers whose jobs are stored, in the order they were held.
    pub fn ready(&mut self) -> Effects {
        let stored = self.stored.load(Ordering::Acquire);
        let mut ready = Effects::default();
        while self.held.front().is_some_and(|(job, _)| *job <= stored) {
            if let Some((_, answers)) = self.held.pop_front() {
                ready.extend(answers);
            }
        }
        ready
    }
}

fn hash(text: &str) -> u64 {
    use std::hash::{Hash, Hasher};
    let mut hasher = std::collections::hash_map::DefaultHasher::new();
    text.hash(&mut hasher);
    hasher.finish()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::server::ServerMessage;
    use std::sync::Mutex;
    use std::time::Instant;

    /// A recorder that stores only once the test lets it, and fails the first time.
    struct Gate {
        open: Arc<Mutex<bool>>,
        failed: bool,
        stored: Arc<Mutex<Vec<usize>>>,
    }

    impl Recorder for Gate {
        fn commit(&mut self, commit: &Commit) -> Result<(), String> {
            if !self.failed {
                self.failed = true;
                return Err("the disk is full".into());
            }
            while !*self.open.lock().unwrap() {
                std::thread::sleep(Duration::from_millis(5));
            }
            self.stored.lock().unwrap().push(commit.statements.len());
            Ok(())
        }
    }

    fn answer(conn: u64) -> Effects {
        Effects {
            out: vec![(conn, ServerMessage::AreYouThere)],
            ..Effects::default()
        }
    }

    #[test]
    fn answers_wait_for_their_frame_to_be_stored_and_keep_their_order() {
        let open = Arc::new(Mutex::new(false));
        let stored = Arc::new(Mutex::new(Vec::new()));
        let mut writer = Writer::start(Box::new(Gate {
            open: open.clone(),
            failed: false,
            stored: stored.clone(),
        }));
        writer.send(Job {
            statements: vec![Value::Null; 3],
            ..Job::default()
        });
        writer.hold(answer(1));
        // A later frame that recorded nothing still answers after the first.
        writer.hold(answer(2));
        std::thread::sleep(Duration::from_millis(2 * RETRY_MS));
        assert!(writer.ready().out.is_empty(), "answered before stored");
        *open.lock().unwrap() = true;
        let deadline = Instant::now() + Duration::from_secs(10);
        let mut out = Vec::new();
        while out.len() < 2 && Instant::now() < deadline {
            out.extend(writer.ready().out.into_iter().map(|(conn, _)| conn));
            std::thread::sleep(Duration::from_millis(5));
        }
        assert_eq!(out, [1, 2]);
        assert_eq!(
            *stored.lock().unwrap(),
            [3],
            "stored once, after the failure"
        );
    }
}
