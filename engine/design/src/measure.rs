//! The tape measure and the area tool: what pupils measure on the site, in metres and square
//! metres.

use retki_procgen::schoolyard::polygon_area;

use crate::site::self_crossing;

/// Why an area cannot be measured.
#[derive(Clone, Debug, PartialEq, thiserror::Error)]
pub enum AreaError {
    /// Fewer than three corners.
    #[error("an area needs at least 3 corners; {0} given")]
    TooFewCorners(usize),
    /// The outline crosses itself.
    #[error("the outline crosses itself between corners {0} and {1}: move a corner")]
    CrossesItself(usize, usize),
}

/// The distance between two points on the ground, metres.
pub fn distance_m(a: [f32; 2], b: [f32; 2]) -> f32 {
    (b[0] - a[0]).hypot(b[1] - a[1])
}

/// The length of a path through `points`, metres.
pub fn path_length_m(points: &[[f32; 2]]) -> f32 {
    points.windows(2).map(|w| distance_m(w[0], w[1])).sum()
}

/// The area inside the outline through `corners` (closed back to the first), m².
pub fn area_m2(corners: &[[f32; 2]]) -> Result<f32, AreaError> {
    if corners.len() < 3 {
        return Err(AreaError::TooFewCorners(corners.len()));
    }
    if let Some((a, b)) = self_crossing(corners) {
        return Err(AreaError::CrossesItself(a, b));
    }
    Ok(polygon_area(corners))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tape_and_area_measure_what_they_should() {
        assert_eq!(distance_m([0.0, 0.0], [3.0, 4.0]), 5.0);
        assert_eq!(path_length_m(&[[0.0, 0.0], [3.0, 4.0], [3.0, 10.0]]), 11.0);
        // A 20 m × 40 m football pitch, corners either way round.
        let pitch = [[0.0, 0.0], [40.0, 0.0], [40.0, 20.0], [0.0, 20.0]];
        assert_eq!(area_m2(&pitch), Ok(800.0));
        let mut reversed = pitch;
        reversed.reverse();
        assert_eq!(area_m2(&reversed), Ok(800.0));
        assert_eq!(area_m2(&pitch[..2]), Err(AreaError::TooFewCorners(2)));
        let bowtie = [[0.0, 0.0], [10.0, 10.0], [10.0, 0.0], [0.0, 10.0]];
        assert_eq!(area_m2(&bowtie), Err(AreaError::CrossesItself(0, 2)));
    }
}
