//! What pupils can place in the schoolyard: each kind with its real size and the limits a
//! pupil may resize it within, an indicative cost, the space it needs kept free, and, for play
//! equipment, the impact-area rules of EN 1176-1 and EN 1177.
//!
//! Costs are indicative installed prices in euros, set here as teaching figures so that a
//! class can work to a budget; they are not quotes.

use retki_procgen::schoolyard::ItemModel;

/// The source of the play-equipment rules below.
pub const PLAY_RULES_SOURCE: &str = "EN 1176-1:2017 Playground equipment and surfacing — General \
     safety requirements (impact area: at least 1.5 m round the equipment, and 2/3 × free \
     height of fall + 0.5 m where the fall is over 1.5 m); EN 1176-2:2017 Swings (impact area \
     0.867 × chain length + 1.75 m before and behind the seat); EN 1177:2018 (impact-attenuating \
     surfacing from a free height of fall of 0.6 m)";

/// Free height of fall at or below which EN 1177:2018 asks for no impact-attenuating surface
/// and no impact area is set, metres.
pub const NO_IMPACT_AREA_BELOW_M: f32 = 0.6;
/// The least distance an impact area reaches out from play equipment, metres (EN 1176-1).
pub const MIN_IMPACT_AREA_M: f32 = 1.5;

/// A size a pupil may choose between `min` and `max`, metres.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Limits {
    /// The size a new item gets, metres.
    pub default: f32,
    /// The smallest, metres.
    pub min: f32,
    /// The largest, metres.
    pub max: f32,
}

const fn fixed(m: f32) -> Limits {
    Limits {
        default: m,
        min: m,
        max: m,
    }
}

const fn between(default: f32, min: f32, max: f32) -> Limits {
    Limits { default, min, max }
}

impl Limits {
    /// Whether `m` is within the limits (to the millimetre).
    pub fn allows(&self, m: f32) -> bool {
        m >= self.min - 0.0005 && m <= self.max + 0.0005
    }
}

/// What a kind of item counts as in the design's summary.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Category {
    /// Play equipment (EN 1176): counts towards play area.
    Play,
    /// Ball games and sport: counts towards play area.
    Sport,
    /// Plants and planted ground: counts towards green area.
    Green,
    /// Seats, tables, shelter.
    Rest,
    /// Bins, racks, fences, water.
    Utility,
}

/// The outline an item stands on.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Footprint {
    /// A rectangle, width by depth.
    Rect,
    /// A circle or ellipse inside the width by depth; shape queries use the width as diameter.
    Round,
}

/// The impact-area rules of one piece of play equipment.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct PlayRules {
    /// The greatest free height of fall, metres.
    pub free_height_of_fall_m: f32,
    /// A swing's chain length, metres: its impact area reaches further before and behind.
    pub swing_chain_m: Option<f32>,
}

impl PlayRules {
    /// How far the impact area reaches out from the equipment, metres, to the sides and
    /// before and behind (EN 1176-1, EN 1176-2; see [`PLAY_RULES_SOURCE`]).
    pub fn impact_area_m(&self) -> (f32, f32) {
        let h = self.free_height_of_fall_m;
        let around = if h <= NO_IMPACT_AREA_BELOW_M {
            0.0
        } else if h <= 1.5 {
            MIN_IMPACT_AREA_M
        } else {
            (2.0 / 3.0 * h + 0.5).max(MIN_IMPACT_AREA_M)
        };
        match self.swing_chain_m {
            // Before and behind, from under the beam: the frame's own half-depth is inside it.
            Some(chain) => (around.max(MIN_IMPACT_AREA_M), 0.867 * chain + 1.75),
            None => (around, around),
        }
    }

    /// Whether the equipment moves a child along a path (swings): its impact area may not
    /// overlap another's (EN 1176-1, free space of forced movement).
    pub fn forced_movement(&self) -> bool {
        self.swing_chain_m.is_some()
    }
}

/// One kind of placeable item.
#[derive(Clone, Debug, PartialEq)]
pub struct Kind {
    /// Its name in designs, such as `bench`.
    pub id: &'static str,
    /// Its name in Finnish, Swedish and English.
    pub names: [&'static str; 3],
    /// How it is drawn.
    pub model: ItemModel,
    /// Its outline.
    pub footprint: Footprint,
    /// Width (along its own x), metres.
    pub width_m: Limits,
    /// Depth (along its own y), metres.
    pub depth_m: Limits,
    /// Height at its default width, metres; round plants grow taller with their width.
    pub height_m: f32,
    /// Cost of the item itself, euros.
    pub base_eur: f32,
    /// Cost per square metre of its footprint on top, euros.
    pub per_m2_eur: f32,
    /// Space kept free round it for use (to sit, to park a bike, to play a ball), metres.
    pub clearance_m: f32,
    /// Play equipment's impact-area rules.
    pub play: Option<PlayRules>,
    /// What it counts as.
    pub category: Category,
    /// Its colour when placed, `#rrggbb`.
    pub colour: &'static str,
    /// Where its size comes from.
    pub size_source: &'static str,
}

impl Kind {
    /// The height at `width_m`, metres.
    pub fn height_at(&self, width_m: f32) -> f32 {
        match (self.footprint, self.category) {
            (Footprint::Round, Category::Green) => self.height_m * width_m / self.width_m.default,
            _ => self.height_m,
        }
    }

    /// The cost at a size, euros.
    pub fn cost_eur(&self, width_m: f32, depth_m: f32) -> f32 {
        self.base_eur + self.per_m2_eur * width_m * depth_m
    }

    /// How far the free space reaches beyond the footprint, metres: (to the sides, before
    /// and behind).
    pub fn free_space_m(&self) -> (f32, f32) {
        let (x, y) = self.play.map_or((0.0, 0.0), |p| p.impact_area_m());
        (x.max(self.clearance_m), y.max(self.clearance_m))
    }

    /// The name in a language: `fi`, `sv` or `en` (anything else gives English).
    pub fn name(&self, lang: &str) -> &'static str {
        match lang {
            "fi" => self.names[0],
            "sv" => self.names[1],
            _ => self.names[2],
        }
    }
}

/// Every kind, in the order a picker shows them.
pub fn catalogue() -> &'static [Kind] {
    &CATALOGUE
}

/// The kind called `id`.
pub fn kind(id: &str) -> Option<&'static Kind> {
    CATALOGUE.iter().find(|k| k.id == id)
}

const SITE_FURNITURE: &str = "typical park furniture sizes (EN 1176 does not cover them)";

static CATALOGUE: [Kind; 22] = [
    Kind {
        id: "bench",
        names: ["Penkki", "Bänk", "Bench"],
        model: ItemModel::Bench,
        footprint: Footprint::Rect,
        width_m: between(1.8, 1.2, 3.0),
        depth_m: between(0.65, 0.6, 0.75),
        height_m: 0.85,
        base_eur: 450.0,
        per_m2_eur: 200.0,
        clearance_m: 0.6,
        play: None,
        category: Category::Rest,
        colour: "#8a5a32",
        size_source: "a typical three-seat park bench, seat 0.45 m up",
    },
    Kind {
        id: "picnic_table",
        names: ["Piknik-pöytä", "Picknickbord", "Picnic table"],
        model: ItemModel::PicnicTable,
        footprint: Footprint::Rect,
        width_m: between(1.8, 1.5, 2.4),
        depth_m: between(1.6, 1.5, 1.8),
        height_m: 0.75,
        base_eur: 1_200.0,
        per_m2_eur: 0.0,
        clearance_m: 0.75,
        play: None,
        category: Category::Rest,
        colour: "#9c6b3f",
        size_source: SITE_FURNITURE,
    },
    Kind {
        id: "tree",
        names: ["Puu", "Träd", "Tree"],
        model: ItemModel::Tree,
        footprint: Footprint::Round,
        width_m: between(4.0, 2.0, 8.0),
        depth_m: between(4.0, 2.0, 8.0),
        height_m: 7.0,
        base_eur: 450.0,
        per_m2_eur: 0.0,
        clearance_m: 0.0,
        play: None,
        category: Category::Green,
        colour: "#4f7f3a",
        size_source: "a young broadleaf tree's crown, a few years after planting",
    },
    Kind {
        id: "shrub",
        names: ["Pensas", "Buske", "Shrub"],
        model: ItemModel::Shrub,
        footprint: Footprint::Round,
        width_m: between(1.2, 0.6, 2.5),
        depth_m: between(1.2, 0.6, 2.5),
        height_m: 1.0,
        base_eur: 60.0,
        per_m2_eur: 0.0,
        clearance_m: 0.0,
        play: None,
        category: Category::Green,
        colour: "#5e8c3c",
        size_source: SITE_FURNITURE,
    },
    Kind {
        id: "planter",
        names: ["Istutuslaatikko", "Planteringslåda", "Planter"],
        model: ItemModel::Planter,
        footprint: Footprint::Rect,
        width_m: between(2.0, 0.8, 4.0),
        depth_m: between(0.8, 0.5, 1.5),
        height_m: 0.9,
        base_eur: 400.0,
        per_m2_eur: 150.0,
        clearance_m: 0.3,
        play: None,
        category: Category::Green,
        colour: "#7d6a55",
        size_source: SITE_FURNITURE,
    },
    Kind {
        id: "bike_rack",
        names: ["Pyöräteline", "Cykelställ", "Bike rack"],
        model: ItemModel::BikeRack,
        footprint: Footprint::Rect,
        width_m: between(3.5, 1.4, 10.0),
        depth_m: fixed(1.9),
        height_m: 0.8,
        base_eur: 100.0,
        per_m2_eur: 60.0,
        clearance_m: 0.5,
        play: None,
        category: Category::Utility,
        colour: "#5b6770",
        size_source: "hoops about 0.7 m apart, and room for a parked bicycle (about 1.9 m long)",
    },
    Kind {
        id: "football_goal",
        names: ["Jalkapallomaali", "Fotbollsmål", "Football goal"],
        model: ItemModel::Goal,
        footprint: Footprint::Rect,
        width_m: between(5.0, 3.0, 5.0),
        depth_m: fixed(1.5),
        height_m: 2.0,
        base_eur: 1_500.0,
        per_m2_eur: 0.0,
        clearance_m: 2.0,
        play: None,
        category: Category::Sport,
        colour: "#f2f2f2",
        size_source: "5 m × 2 m small-sided goal; 3 m × 2 m futsal goal (FIFA Futsal Laws of the Game)",
    },
    Kind {
        id: "basketball_hoop",
        names: ["Koripallokori", "Basketkorg", "Basketball hoop"],
        model: ItemModel::BasketballHoop,
        footprint: Footprint::Rect,
        width_m: fixed(1.8),
        depth_m: fixed(2.0),
        height_m: 3.95,
        base_eur: 2_200.0,
        per_m2_eur: 0.0,
        clearance_m: 2.0,
        play: None,
        category: Category::Sport,
        colour: "#d9541e",
        size_source: "ring 3.05 m up, board 1.80 m × 1.05 m (FIBA Official Basketball Rules)",
    },
    Kind {
        id: "swing",
        names: ["Keinu", "Gunga", "Swing"],
        model: ItemModel::Swing,
        footprint: Footprint::Rect,
        width_m: between(3.6, 3.0, 4.5),
        depth_m: fixed(2.0),
        height_m: 2.4,
        base_eur: 3_500.0,
        per_m2_eur: 0.0,
        clearance_m: 0.0,
        play: Some(PlayRules {
            free_height_of_fall_m: 1.35,
            swing_chain_m: Some(2.0),
        }),
        category: Category::Play,
        colour: "#2f6db3",
        size_source: "two-seat swing, 2.4 m beam (EN 1176-2)",
    },
    Kind {
        id: "slide",
        names: ["Liukumäki", "Rutschkana", "Slide"],
        model: ItemModel::Slide,
        footprint: Footprint::Rect,
        width_m: fixed(1.0),
        depth_m: between(4.5, 3.5, 6.0),
        height_m: 2.5,
        base_eur: 4_500.0,
        per_m2_eur: 0.0,
        clearance_m: 0.0,
        play: Some(PlayRules {
            free_height_of_fall_m: 1.5,
            swing_chain_m: None,
        }),
        category: Category::Play,
        colour: "#e0b020",
        size_source: "1.5 m platform with guard rail (EN 1176-3)",
    },
    Kind {
        id: "climbing_frame",
        names: ["Kiipeilyteline", "Klätterställning", "Climbing frame"],
        model: ItemModel::ClimbingFrame,
        footprint: Footprint::Rect,
        width_m: between(3.0, 2.0, 6.0),
        depth_m: between(2.0, 1.5, 4.0),
        height_m: 2.0,
        base_eur: 2_000.0,
        per_m2_eur: 500.0,
        clearance_m: 0.0,
        play: Some(PlayRules {
            free_height_of_fall_m: 2.0,
            swing_chain_m: None,
        }),
        category: Category::Play,
        colour: "#c0392b",
        size_source: "2.0 m top bar (EN 1176-1, free height of fall up to 3 m)",
    },
    Kind {
        id: "sandpit",
        names: ["Hiekkalaatikko", "Sandlåda", "Sandpit"],
        model: ItemModel::Sandpit,
        footprint: Footprint::Rect,
        width_m: between(4.0, 2.0, 8.0),
        depth_m: between(4.0, 2.0, 8.0),
        height_m: 0.3,
        base_eur: 600.0,
        per_m2_eur: 40.0,
        clearance_m: 0.5,
        play: Some(PlayRules {
            free_height_of_fall_m: 0.3,
            swing_chain_m: None,
        }),
        category: Category::Play,
        colour: "#a0784a",
        size_source: SITE_FURNITURE,
    },
    Kind {
        id: "table_tennis",
        names: ["Pingispöytä", "Pingisbord", "Table tennis table"],
        model: ItemModel::TableTennis,
        footprint: Footprint::Rect,
        width_m: fixed(2.74),
        depth_m: fixed(1.525),
        // The playing surface is 0.76 m up; the net stands 15.25 cm above it.
        height_m: 0.92,
        base_eur: 2_500.0,
        per_m2_eur: 0.0,
        clearance_m: 2.0,
        play: None,
        category: Category::Sport,
        colour: "#1f5f8b",
        size_source: "2.74 m × 1.525 m, 0.76 m high (ITTF Handbook, the laws of table tennis 2.1)",
    },
    Kind {
        id: "shelter",
        names: ["Katos", "Skärmtak", "Shelter"],
        model: ItemModel::Shelter,
        footprint: Footprint::Rect,
        width_m: between(4.0, 3.0, 8.0),
        depth_m: between(3.0, 2.5, 5.0),
        height_m: 2.8,
        base_eur: 3_000.0,
        per_m2_eur: 300.0,
        clearance_m: 0.5,
        play: None,
        category: Category::Rest,
        colour: "#6b4e2e",
        size_source: SITE_FURNITURE,
    },
    Kind {
        id: "rain_garden",
        names: ["Sadepuutarha", "Regnträdgård", "Rain garden"],
        model: ItemModel::RainGarden,
        footprint: Footprint::Rect,
        width_m: between(4.0, 2.0, 10.0),
        depth_m: between(2.5, 1.5, 6.0),
        height_m: 0.6,
        base_eur: 300.0,
        per_m2_eur: 60.0,
        clearance_m: 0.3,
        play: None,
        category: Category::Green,
        colour: "#5a7d4a",
        size_source: "a typical small planted hollow beside a path or downpipe",
    },
    Kind {
        id: "bin",
        names: ["Roska-astia", "Soptunna", "Bin"],
        model: ItemModel::Bin,
        footprint: Footprint::Round,
        width_m: fixed(0.6),
        depth_m: fixed(0.6),
        height_m: 1.0,
        base_eur: 450.0,
        per_m2_eur: 0.0,
        clearance_m: 0.5,
        play: None,
        category: Category::Utility,
        colour: "#3d4a3d",
        size_source: SITE_FURNITURE,
    },
    Kind {
        id: "fence",
        names: ["Aita", "Staket", "Fence"],
        model: ItemModel::Fence,
        footprint: Footprint::Rect,
        width_m: between(10.0, 2.0, 50.0),
        depth_m: fixed(0.1),
        height_m: 1.2,
        base_eur: 100.0,
        per_m2_eur: 600.0,
        clearance_m: 0.0,
        play: None,
        category: Category::Utility,
        colour: "#4a5a4a",
        size_source: "a 1.2 m mesh fence",
    },
    Kind {
        id: "spring_rocker",
        names: ["Jousikeinu", "Fjädergunga", "Spring rocker"],
        model: ItemModel::SpringRocker,
        footprint: Footprint::Rect,
        width_m: fixed(0.4),
        depth_m: fixed(0.9),
        height_m: 0.9,
        base_eur: 900.0,
        per_m2_eur: 0.0,
        clearance_m: 0.0,
        play: Some(PlayRules {
            free_height_of_fall_m: 0.65,
            swing_chain_m: None,
        }),
        category: Category::Play,
        colour: "#e67e22",
        size_source: "seat under 0.6–0.7 m (EN 1176-6 rocking equipment)",
    },
    Kind {
        id: "balance_beam",
        names: ["Tasapainopuomi", "Balansbom", "Balance beam"],
        model: ItemModel::BalanceBeam,
        footprint: Footprint::Rect,
        width_m: between(3.0, 2.0, 6.0),
        depth_m: fixed(0.3),
        height_m: 0.4,
        base_eur: 500.0,
        per_m2_eur: 100.0,
        clearance_m: 1.0,
        play: Some(PlayRules {
            free_height_of_fall_m: 0.4,
            swing_chain_m: None,
        }),
        category: Category::Play,
        colour: "#8e6e3a",
        size_source: SITE_FURNITURE,
    },
    Kind {
        id: "drinking_fountain",
        names: ["Juomapiste", "Dricksfontän", "Drinking fountain"],
        model: ItemModel::DrinkingFountain,
        footprint: Footprint::Round,
        width_m: fixed(0.5),
        depth_m: fixed(0.5),
        height_m: 0.9,
        base_eur: 2_500.0,
        per_m2_eur: 0.0,
        clearance_m: 0.8,
        play: None,
        category: Category::Utility,
        colour: "#7f8c8d",
        size_source: SITE_FURNITURE,
    },
    Kind {
        id: "trampoline",
        names: ["Maatrampoliini", "Marktrampolin", "In-ground trampoline"],
        model: ItemModel::Trampoline,
        footprint: Footprint::Round,
        width_m: between(2.0, 1.5, 3.0),
        depth_m: between(2.0, 1.5, 3.0),
        height_m: 0.1,
        base_eur: 3_500.0,
        per_m2_eur: 0.0,
        clearance_m: 0.0,
        play: Some(PlayRules {
            free_height_of_fall_m: 1.0,
            swing_chain_m: None,
        }),
        category: Category::Play,
        colour: "#27ae60",
        size_source: "a round trampoline set level with the ground",
    },
    Kind {
        id: "outdoor_classroom",
        names: ["Ulkoluokka", "Uteklassrum", "Outdoor classroom"],
        model: ItemModel::OutdoorClassroom,
        footprint: Footprint::Rect,
        width_m: between(8.0, 6.0, 12.0),
        depth_m: between(5.0, 4.0, 8.0),
        height_m: 0.45,
        base_eur: 3_000.0,
        per_m2_eur: 20.0,
        clearance_m: 0.5,
        play: None,
        category: Category::Rest,
        colour: "#a47148",
        size_source: "log seats in a half-circle for 25–30 pupils",
    },
];

#[cfg(test)]
mod tests {
    use super::*;
    use retki_procgen::schoolyard::item;

    #[test]
    fn the_catalogue_has_what_a_schoolyard_needs() {
        assert!(catalogue().len() >= 20);
        for id in [
            "bench",
            "tree",
            "planter",
            "bike_rack",
            "football_goal",
            "basketball_hoop",
            "swing",
            "slide",
            "climbing_frame",
            "sandpit",
            "table_tennis",
            "shelter",
            "rain_garden",
            "bin",
            "fence",
        ] {
            assert!(kind(id).is_some(), "{id}");
        }
        let mut ids: Vec<_> = catalogue().iter().map(|k| k.id).collect();
        ids.sort_unstable();
        ids.dedup();
        assert_eq!(ids.len(), catalogue().len(), "ids are unique");
    }

    #[test]
    fn every_kind_fits_its_box_at_every_size_it_allows() {
        for k in catalogue() {
            assert!(k.width_m.min <= k.width_m.default && k.width_m.default <= k.width_m.max);
            assert!(k.depth_m.min <= k.depth_m.default && k.depth_m.default <= k.depth_m.max);
            for (w, d) in [
                (k.width_m.min, k.depth_m.min),
                (k.width_m.default, k.depth_m.default),
                (k.width_m.max, k.depth_m.max),
            ] {
                let h = k.height_at(w);
                let mesh = item(k.model, [w, d, h]);
                assert_eq!(mesh.validate(), Ok(()), "{}", k.id);
                let b = mesh.bounds().unwrap();
                let slack = 0.08;
                assert!(
                    b.min[0] >= -w / 2.0 - slack && b.max[0] <= w / 2.0 + slack,
                    "{} at {w}×{d}: x {b:?}",
                    k.id
                );
                assert!(
                    b.min[2] >= -d / 2.0 - slack && b.max[2] <= d / 2.0 + slack,
                    "{} at {w}×{d}: z {b:?}",
                    k.id
                );
                assert!(
                    b.min[1] >= -slack && b.max[1] <= h + slack,
                    "{} y {b:?}",
                    k.id
                );
            }
        }
    }

    #[test]
    fn impact_areas_follow_en_1176() {
        let swing = kind("swing").unwrap().play.unwrap();
        let (side, along) = swing.impact_area_m();
        assert_eq!(side, 1.5);
        assert!((along - (0.867 * 2.0 + 1.75)).abs() < 1e-6);
        assert!(swing.forced_movement());
        // A 2 m fall: 2/3 × 2 + 0.5 = 1.83 m.
        let frame = kind("climbing_frame").unwrap().play.unwrap();
        assert!((frame.impact_area_m().0 - 1.8333).abs() < 1e-3);
        // Under 0.6 m of fall no impact area; the sandpit keeps only its own clearance.
        assert_eq!(kind("sandpit").unwrap().free_space_m(), (0.5, 0.5));
        assert_eq!(kind("slide").unwrap().free_space_m(), (1.5, 1.5));
    }
}
