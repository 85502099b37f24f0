//! The registry of places and their named viewpoints.

use bevy::prelude::*;

use crate::trip::ActiveTrip;

/// The short name of a place, as typed on the command line (`lunar`, `seabed`, …).
#[derive(Clone, Copy, PartialEq, Eq, Hash, Debug)]
pub struct SceneId(pub &'static str);

/// A named place to stand and look from.
#[derive(Clone, Debug, PartialEq)]
pub struct Viewpoint {
    /// Short name, as typed on the command line (`landing_site`).
    pub name: &'static str,
    /// What a person sees there, in a few words.
    pub title: &'static str,
    /// Eye position, metres.
    pub eye: Vec3,
    /// The point the view looks at, metres.
    pub look_at: Vec3,
}

impl Viewpoint {
    /// The eye's transform: at `eye`, looking at `look_at`, with +Y up.
    pub fn transform(&self) -> Transform {
        Transform::from_translation(self.eye).looking_at(self.look_at, Vec3::Y)
    }
}

/// A named point in a place that images of it can be checked against (the Earth in the lunar
/// sky, say): capture reports where each lands on screen.
#[derive(Clone, Debug, PartialEq)]
pub struct Landmark {
    /// Short name (`earth`).
    pub name: &'static str,
    /// Position, metres.
    pub position: Vec3,
    /// Radius of the sphere it fills, metres.
    pub radius_m: f32,
}

/// What the core needs to know about a place to open, light and show it.
#[derive(Clone, Debug, PartialEq)]
pub struct SceneDef {
    /// Its name.
    pub id: SceneId,
    /// Its title, for people.
    pub title: &'static str,
    /// Named viewpoints; the first is where a trip starts. Never empty.
    pub viewpoints: Vec<Viewpoint>,
    /// Landmarks that captures report the screen position of.
    pub landmarks: Vec<Landmark>,
    /// Colour behind everything.
    pub clear_color: Color,
    /// Camera exposure, EV at ISO 100: about 15 for sunlit scenes, 9.7 indoors
    /// (<https://en.wikipedia.org/wiki/Exposure_value#Tabulated_exposure_values>).
    pub exposure_ev100: f32,
    /// Gravitational acceleration, m/s², pointing down.
    pub gravity_m_s2: f32,
    /// Half the side of the square of ground centred on the origin that pupils can reach and
    /// points of interest may stand on, metres.
    pub ground_half_extent_m: f32,
    /// Density of what fills the place, kg/m³: 0 for the Moon's vacuum, about 1.2 for air,
    /// about 1000 for water.
    pub medium_density_kg_m3: f32,
    /// Height of the medium's top surface, metres: above it bodies feel no buoyancy or drag.
    /// `None` where the medium fills all space (air, vacuum).
    pub medium_surface_y_m: Option<f32>,
}

impl SceneDef {
    /// The viewpoint called `name`.
    pub fn viewpoint(&self, name: &str) -> Option<&Viewpoint> {
        self.viewpoints.iter().find(|v| v.name == name)
    }

    /// The names of all viewpoints, in order.
    pub fn viewpoint_names(&self) -> Vec<&'static str> {
        self.viewpoints.iter().map(|v| v.name).collect()
    }
}

/// Every place this app knows, in the order they are offered.
#[derive(Resource, Default, Debug)]
pub struct SceneRegistry {
    scenes: Vec<SceneDef>,
}

impl SceneRegistry {
    /// Adds a place. A second place with the same name replaces the first.
    pub fn register(&mut self, def: SceneDef) {
        assert!(
            !def.viewpoints.is_empty(),
            "scene '{}' has no viewpoints",
            def.id.0
        );
        self.scenes.retain(|s| s.id != def.id);
        self.scenes.push(def);
    }

    /// The place called `name`.
    pub fn get(&self, name: &str) -> Option<&SceneDef> {
        self.scenes.iter().find(|s| s.id.0 == name)
    }

    /// The place `trip` has open, if any.
    pub fn open(&self, trip: &ActiveTrip) -> Option<&SceneDef> {
        match trip {
            ActiveTrip::Scene(id) => self.get(id.0),
            ActiveTrip::None => None,
        }
    }

    /// The names of all places, in order.
    pub fn names(&self) -> Vec<&'static str> {
        self.scenes.iter().map(|s| s.id.0).collect()
    }

    /// All places, in order.
    pub fn iter(&self) -> impl Iterator<Item = &SceneDef> {
        self.scenes.iter()
    }
}

/// The local solar time at the open place, for places whose Sun moves (the Middle Ages town);
/// the others keep their own fixed light. Noon unless set.
#[derive(Resource, Clone, Copy, Debug, PartialEq)]
pub struct TimeOfDay {
    /// Hours since midnight, 0 ≤ hours < 24.
    pub hours: f32,
}

impl Default for TimeOfDay {
    fn default() -> Self {
        Self { hours: 12.0 }
    }
}

impl TimeOfDay {
    /// Reads `HH:MM` (24-hour clock).
    pub fn parse(text: &str) -> Result<Self, String> {
        let bad = || format!("'{text}' is not a time of day: write HH:MM, from 00:00 to 23:59");
        let (h, m) = text.trim().split_once(':').ok_or_else(bad)?;
        let h: u32 = h.parse().map_err(|_| bad())?;
        let m: u32 = m.parse().map_err(|_| bad())?;
        if h > 23 || m > 59 {
            return Err(bad());
        }
        Ok(Self {
            hours: h as f32 + m as f32 / 60.0,
        })
    }

    /// This time moved by `hours`, round the clock.
    pub fn plus(self, hours: f32) -> Self {
        Self {
            hours: (self.hours + hours).rem_euclid(24.0),
        }
    }

    /// The time as `HH:MM`.
    pub fn to_clock(self) -> String {
        let minutes = (self.hours * 60.0).round() as u32 % (24 * 60);
        format!("{:02}:{:02}", minutes / 60, minutes % 60)
    }
}

pub(crate) fn plugin(app: &mut App) {
    app.init_resource::<SceneRegistry>()
        .init_resource::<TimeOfDay>();
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn times_of_day_read_and_write_as_a_clock() {
        assert_eq!(TimeOfDay::parse("19:30").unwrap().hours, 19.5);
        assert_eq!(TimeOfDay::parse("07:05").unwrap().to_clock(), "07:05");
        for bad in ["24:00", "12:60", "noon", "12", "-1:00", "12:3x"] {
            let error = TimeOfDay::parse(bad).unwrap_err();
            assert!(error.contains(bad) && error.contains("HH:MM"), "{error}");
        }
        assert_eq!(
            TimeOfDay::parse("23:30").unwrap().plus(1.0).to_clock(),
            "00:30"
        );
        assert_eq!(TimeOfDay::default().plus(-12.5).to_clock(), "23:30");
    }
}
