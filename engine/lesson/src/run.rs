//! A lesson as it runs: which step the class is at, and how long it has been there against
//! the step's time box. The teacher moves the class on, back, or to any step.

use crate::plan::LessonPlan;

/// Why the class could not move.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum RunError {
    /// Already at the last step.
    #[error("this is the last step")]
    AtEnd,
    /// Already at the first step.
    #[error("this is the first step")]
    AtStart,
    /// No step with this number or id.
    #[error("there is no step {0}")]
    NoSuchStep(String),
}

/// The class's place in a lesson.
#[derive(Clone, Debug, PartialEq)]
pub struct LessonRun {
    ids: Vec<String>,
    minutes: Vec<f64>,
    current: usize,
    step_started_ms: u64,
}

impl LessonRun {
    /// The lesson at its first step, started at `now_ms`.
    pub fn start(plan: &LessonPlan, now_ms: u64) -> Self {
        Self {
            ids: plan.steps.iter().map(|s| s.id.clone()).collect(),
            minutes: plan.steps.iter().map(|s| s.minutes).collect(),
            current: 0,
            step_started_ms: now_ms,
        }
    }

    /// The step the class is at, from 0.
    pub fn current(&self) -> usize {
        self.current
    }

    /// On to the next step.
    pub fn next(&mut self, now_ms: u64) -> Result<usize, RunError> {
        if self.current + 1 >= self.ids.len() {
            return Err(RunError::AtEnd);
        }
        self.go(self.current + 1, now_ms)
    }

    /// Back to the step before.
    pub fn back(&mut self, now_ms: u64) -> Result<usize, RunError> {
        if self.current == 0 {
            return Err(RunError::AtStart);
        }
        self.go(self.current - 1, now_ms)
    }

    /// To the step with id `step`.
    pub fn jump(&mut self, step: &str, now_ms: u64) -> Result<usize, RunError> {
        let index = self
            .ids
            .iter()
            .position(|id| id == step)
            .ok_or_else(|| RunError::NoSuchStep(step.to_owned()))?;
        self.go(index, now_ms)
    }

    fn go(&mut self, index: usize, now_ms: u64) -> Result<usize, RunError> {
        self.current = index;
        self.step_started_ms = now_ms;
        Ok(index)
    }

    /// Time left in the step's time box at `now_ms`, ms; negative when over it.
    pub fn time_left_ms(&self, now_ms: u64) -> i64 {
        let box_ms = (self.minutes[self.current] * 60_000.0) as i64;
        box_ms - now_ms.saturating_sub(self.step_started_ms) as i64
    }
}
