//! What a teacher's dashboard shows of a session: its code, the lesson's steps and the time
//! left, and each pupil's connection, step, last point of interest and answers.

use serde::{Deserialize, Serialize};

/// One session as its teacher's dashboard shows it.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Dashboard {
    /// The session's UUID (the statements' registration).
    pub session: String,
    /// The code pupils join with, while it is valid.
    pub code: Option<String>,
    /// The class.
    pub class: String,
    /// The place the class is in.
    pub scene: String,
    /// The lesson the session follows, if any.
    pub lesson: Option<LessonView>,
    /// The pupils, by pseudonym.
    pub pupils: Vec<PupilView>,
    /// Whether the teacher's own app is connected.
    pub teacher_connected: bool,
    /// How many people the session seats: more where the teacher opened it as large.
    pub seats: usize,
    /// Whether the teacher opened it as large (two classes together, an assembly).
    pub large: bool,
}

/// A lesson as the dashboard shows it.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct LessonView {
    /// The plan's id.
    pub id: String,
    /// Its title: fi, sv, en.
    pub title: [String; 3],
    /// Its steps, in order.
    pub steps: Vec<StepView>,
    /// The step the class is at, from 0.
    pub current: usize,
    /// The time left in that step's time box, s (negative when over).
    pub time_left_s: i64,
    /// The points of interest of the step the class is at.
    pub pois: Vec<String>,
}

/// A step of a lesson.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct StepView {
    /// Its id.
    pub id: String,
    /// The place it is in.
    pub scene: String,
    /// The viewpoint the class starts from.
    pub viewpoint: String,
    /// Its time box, minutes.
    pub minutes: f64,
}

/// One pupil.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct PupilView {
    /// Their pseudonymous id in the session.
    pub id: String,
    /// The pseudonym they joined with.
    pub pseudonym: String,
    /// Whether their app is connected now.
    pub connected: bool,
    /// Whether the teacher froze them.
    pub frozen: bool,
    /// The lesson step they were last shown.
    pub step: Option<String>,
    /// The point of interest they opened last.
    pub last_poi: Option<String>,
    /// Their answers, the latest to each task.
    pub answers: Vec<AnswerView>,
}

/// A pupil's answer to a task.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct AnswerView {
    /// The task.
    pub task: String,
    /// What they answered.
    pub response: String,
    /// Whether it was right, for tasks with a right answer.
    pub success: Option<bool>,
}
