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
        Self::with_steps(plan.steps.iter().map(|s| (s.id.clone(), s.minutes)), now_ms)
    }

    /// The lesson of these steps (id, time box in minutes) at its first, started at `now_ms`.
    fn with_steps(steps: impl Iterator<Item = (String, f64)>, now_ms: u64) -> Self {
        let (ids, minutes) = steps.unzip();
        Self {
            ids,
            minutes,
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

#[cfg(test)]
mod tests {
    use super::*;

    /// Four steps with time boxes of 8, 12, 10 and 15 minutes.
    fn four_steps(now_ms: u64) -> LessonRun {
        let steps = [
            ("arrive", 8.0),
            ("drop", 12.0),
            ("measure", 10.0),
            ("crater", 15.0),
        ];
        LessonRun::with_steps(steps.iter().map(|(id, m)| (id.to_string(), *m)), now_ms)
    }

    #[test]
    fn the_class_moves_on_and_back_within_the_plan() {
        let mut run = four_steps(0);
        assert_eq!(run.current(), 0);
        assert_eq!(run.back(1), Err(RunError::AtStart));
        assert_eq!(
            run.current(),
            0,
            "a refused move leaves the class where it was"
        );
        assert_eq!(run.next(100), Ok(1));
        assert_eq!(run.back(200), Ok(0));
        assert_eq!(run.jump("crater", 300), Ok(3));
        assert_eq!(run.next(400), Err(RunError::AtEnd));
        assert_eq!(run.current(), 3);
        assert_eq!(
            run.jump("nowhere", 500),
            Err(RunError::NoSuchStep("nowhere".into()))
        );
        assert_eq!(run.current(), 3);
    }

    #[test]
    fn the_time_box_counts_from_when_the_step_began() {
        let mut run = four_steps(1_000);
        assert_eq!(run.time_left_ms(1_000 + 60_000), 7 * 60_000);
        run.next(100_000).unwrap();
        assert_eq!(
            run.time_left_ms(100_000),
            12 * 60_000,
            "a new step's box is whole"
        );
        assert_eq!(
            run.time_left_ms(100_000 + 13 * 60_000),
            -60_000,
            "a minute over the box"
        );
        // A clock that went back (the server's was set) counts as no time passed.
        assert_eq!(run.time_left_ms(50_000), 12 * 60_000);
    }
}
